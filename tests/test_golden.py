"""Golden graphs: whole `kg build` outputs held to files, compared by graph isomorphism.

The cases are data (``tests/golden/cases.toml``): a reader, the model, the emitter or the
ontology changing any triple of a case fails here with the triples added and removed. When a
change is meant, regenerate (see the cases file) and commit the new graphs with it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic

from kg.cli import main
from tests.corpus import REPO, shared_data

GOLDEN = REPO / "tests" / "golden"
CASES: list[dict[str, Any]] = tomllib.loads((GOLDEN / "cases.toml").read_text())["case"]
_SHOWN = 15  # triples listed per side of a difference


def _build(case: dict[str, Any], out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = shared_data()
    monkeypatch.chdir(REPO if case["cwd"] == "repo" else shared)
    monkeypatch.setenv("XBRL_KG_CACHE", str(out.parent / "cache"))
    args = [arg.replace("{shared}", str(shared)) for arg in case["args"]]
    assert main(["build", *args, "-o", str(out), "--no-default-taxonomy", "--no-progress"]) == 0


def _listed(graph: rdflib.Graph) -> str:
    lines = sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)
    more = [f"  ... and {len(lines) - _SHOWN} more"] if len(lines) > _SHOWN else []
    return "\n".join(lines[:_SHOWN] + more)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_build_gives_the_golden_graph(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.ttl"
    _build(case, out, monkeypatch)
    golden = GOLDEN / f"{case['name']}.ttl"
    if os.environ.get("KG_REGENERATE_GOLDEN"):
        golden.write_bytes(out.read_bytes())
    built = rdflib.Graph().parse(out)
    expected = rdflib.Graph().parse(golden)
    if not isomorphic(built, expected):
        _, removed, added = graph_diff(expected, built)
        pytest.fail(
            f"{case['name']} ({case['about']}) differs from {golden.name}:\n"
            f"missing ({len(removed)}):\n{_listed(removed)}\n"
            f"unexpected ({len(added)}):\n{_listed(added)}"
        )
