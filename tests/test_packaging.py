"""The project as users get it: the wheel ships the data files, the README documents the CLI,
the ontology declares every term the graph uses."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import rdflib

from kg.build import build
from kg.cli import _parser
from kg.resources import ontology_path
from tests.corpus import REPO, shared_data

XKG = "https://w3id.org/xbrl-kg/ontology#"


def test_wheel_ships_ontology_shapes_and_queries(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("xbrl_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "shapes", "queries"):
        for path in (REPO / folder).iterdir():
            assert f"kg/_data/{folder}/{path.name}" in names
    assert "kg/py.typed" in names


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"kg {name}" in readme, f"README does not document `kg {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text()
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text()


def test_ontology_declares_every_term_used(examples_dir: Path) -> None:
    ontology = rdflib.Graph().parse(ontology_path())
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(XKG)}
    for subject in list(declared):
        assert ontology.value(rdflib.URIRef(subject), rdflib.RDFS.label) is not None, subject
        assert ontology.value(rdflib.URIRef(subject), rdflib.RDFS.comment) is not None, subject
    result = build([examples_dir, shared_data() / "rtext" / "aapl-10q-2025-03-29"])
    assert not result.errors  # both inputs read (the shared path was once given relative)
    graph = result.dataset
    used = {t[1:-1] for triple in graph.triples() for t in triple if t.startswith(f"<{XKG}")}
    assert used <= declared, sorted(used - declared)
