"""The CLI's streamed build: the same graph as the library's, the same bytes with any --jobs."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import build as kg_build
from kg import stream
from kg.build import build, find_pages
from kg.cli import main
from kg.rdf.dataset import RdfFormat
from kg.rdf.namespaces import DEFAULT_BASE
from kg.readers.rtext import placement_work
from kg.stream import BuiltUnit, build_units, write_units
from tests.corpus import shared_data


@pytest.fixture(scope="module")
def inputs() -> list[str]:
    """Real pages of both kinds and a whole filing folder, in a fixed order."""
    data = shared_data()
    text = sorted((data / "rtext" / "tsla").glob("*_R[2-4].txt"))
    html = sorted((data / "edgar" / "r-pages" / "msft").glob("*.htm"))[:3]
    assert text, "no Tesla text pages in the shared data"
    assert html, "no Microsoft R pages in the shared data"
    return [str(p) for p in (*text, *html)] + [
        str(data / "edgar" / "filings" / "aapl-10q-2025-03-29")
    ]


def _quads(path: Path, fmt: RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=fmt.oxigraph))


def _library_quads(inputs: list[str], quads: bool) -> set[ox.Quad]:
    dataset = build(inputs).dataset
    text = dataset.nquads() if quads else dataset.ntriples()
    fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    return set(ox.parse(text.encode(), fmt))


def test_streamed_nquads_equal_the_library_dataset(inputs: list[str], tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    write_units(
        build_units(inputs, base=DEFAULT_BASE, quads=True, validate=False),
        out,
        RdfFormat.N_QUADS,
    )
    streamed = _quads(out, RdfFormat.N_QUADS)
    assert streamed == _library_quads(inputs, quads=True)
    assert len({q.graph_name for q in streamed}) == len(inputs)


@pytest.mark.parametrize("fmt", [RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.JSON_LD])
def test_other_formats_stream_through_oxigraph(
    inputs: list[str], tmp_path: Path, fmt: RdfFormat
) -> None:
    out = tmp_path / f"g.{fmt.extension}"
    units = build_units(inputs[:4], base=DEFAULT_BASE, quads=fmt.quads, validate=False)
    write_units(units, out, fmt)
    expected = _library_quads(inputs[:4], quads=fmt.quads)
    if fmt.quads:
        assert _quads(out, fmt) == expected
    else:
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in _quads(out, fmt)} == {
            ox.Triple(q.subject, q.predicate, q.object) for q in expected
        }


def test_jobs_do_not_change_a_byte(
    inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    assert main(["build", *inputs, "-o", str(one), "--no-validate"]) == 0
    assert main(["build", *inputs, "-o", str(two), "--no-validate", "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    summaries = capsys.readouterr().out.splitlines()
    assert summaries[0].split(", ")[:3] == summaries[1].split(", ")[:3]


def test_validation_counts_violations_with_jobs(
    inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.nq"
    assert main(["build", *inputs[:3], "-o", str(out), "--jobs", "2"]) == 0
    assert "violations 0" in capsys.readouterr().out


@pytest.mark.parametrize("quads", [True, False])
def test_units_validated_in_a_batch_are_each_validated_on_their_own(
    inputs: list[str], quads: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tesla's R2 and R3 share their instants. R2 loses the date of one (its copy of the
    shared node, as an emitter fault would): alone it breaks the structure shapes, though
    the two pages' triples together conform, R3 giving the date. Validated in one batch, R2
    has its own violations and report, R3 none; a batch that conforms is validated once."""
    from kg.validate import validate

    r2, r3 = (stream.build_unit(path, DEFAULT_BASE, quads) for path in inputs[:2])
    date = next(
        line
        for line in r2.lines.splitlines(keepends=True)
        if "/period/" in line.split(" ")[0]
        and "#date>" in line
        and line.rsplit(" ", 2 if quads else 1)[0] in r3.lines
    )
    broken = replace(r2, lines=r2.lines.replace(date, ""))
    alone = validate(stream._store_of(broken.lines, quads), workers=1)
    together = validate(stream._store_of(broken.lines + r3.lines, quads), workers=1)
    assert alone.violations > 0
    assert together.conforms

    checked = list(stream.validated_units([broken, r3], base=DEFAULT_BASE, quads=quads))
    assert [unit.violations for unit in checked] == [alone.violations, 0]
    assert checked[0].violation_text == alone.text()
    assert "an instant has exactly one date" in checked[0].violation_text

    one_by_one: list[str] = []
    validated = stream._validated

    def counting(unit: BuiltUnit, quads: bool) -> BuiltUnit:
        one_by_one.append(unit.path)
        return validated(unit, quads)

    monkeypatch.setattr(stream, "_validated", counting)
    assert [
        u.violations for u in stream.validated_units([r2, r3], base=DEFAULT_BASE, quads=quads)
    ] == [0, 0]
    assert one_by_one == []


def test_build_into_a_store_and_a_graph_less_file(
    inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store takes whole named graphs (from a scratch N-Quads file) while -o still gets the
    Turtle asked for, the same graph as a build without the store."""
    from kg.stores.embedded import open_store

    with_store, alone, store = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "store"
    assert main(["build", *inputs[:3], "-o", str(with_store), "--store", str(store)]) == 0
    assert main(["build", *inputs[:3], "-o", str(alone)]) == 0
    assert f"-> {with_store}, {store}" in capsys.readouterr().out
    assert _quads(with_store, RdfFormat.TURTLE) == _quads(alone, RdfFormat.TURTLE)
    with open_store(store) as opened:
        assert len(opened.graph_names()) == 3
    assert list(tmp_path.glob("**/graph.nq")) == []


def test_heavy_pages_start_first_but_units_keep_input_order(inputs: list[str]) -> None:
    """With --jobs, each window of pending inputs starts its heaviest '|' pages first (the
    placement estimate ranks Tesla 2021's 20-column statement of equity above every other
    Tesla page); units still come out in input order, across several windows."""
    folder = shared_data() / "rtext" / "tsla"
    tesla = [p for p in folder.glob("tsla__10k-2021_R*.txt") if ".precision" not in p.name]
    heaviest = max(tesla, key=lambda p: placement_work(p.read_text(encoding="utf-8")))
    assert heaviest.name == "tsla__10k-2021_R6.txt"

    pages = inputs[:-1]  # 3 text, 3 HTML
    paths = [pages[i % len(pages)] for i in range(2 * 128 + 5)]  # three windows for 2 jobs
    units = build_units(paths, base=DEFAULT_BASE, quads=True, validate=False, jobs=2)
    assert [unit.path for unit in units] == paths


def test_each_page_is_read_before_the_next_is_found(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kg build keeps no list of its inputs: a quarter is 500,000 pages."""
    found: list[str] = []

    def finding(inputs: Iterable[str]) -> Iterator[str]:
        inputs = list(inputs)
        for path in find_pages(inputs):
            if inputs == [str(examples_dir)]:  # the walk, not a page building on its own
                found.append(path)
            yield path

    found_when_read = []
    build_unit = stream.build_unit

    def reading(*args: Any, **kwargs: Any) -> BuiltUnit:
        found_when_read.append(len(found))
        return build_unit(*args, **kwargs)

    monkeypatch.setattr(kg_build, "find_pages", finding)
    monkeypatch.setattr(stream, "build_unit", reading)
    out = tmp_path / "g.nq"
    assert main(["build", str(examples_dir), "-o", str(out), "--no-validate", "--no-progress"]) == 0
    assert found_when_read == [1, 2]


def test_pages_come_in_sorted_path_order(tmp_path: Path) -> None:
    """Found folder by folder, in the order of sorted paths: "a/b/1.txt" before "a-b/2.txt",
    though "-" sorts before "/" in strings."""
    for name in ("a-b/2.txt", "a/b/1.txt", "a.txt", "A/3.htm", "a/notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("|\n")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in find_pages([tmp_path])]
    assert found == ["A/3.htm", "a/b/1.txt", "a-b/2.txt", "a.txt"]


def test_the_progress_bar_counts_the_pages(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "g.nq"
    assert main(["build", str(examples_dir), "-o", str(out), "--no-validate", "--progress"]) == 0
    assert "2/2" in capsys.readouterr().err


# Caches keyed by the ontology's own names, not by anything a page says.
_VOCABULARY_CACHES = {"kg.rdf.terms.vocab"}


def test_caches_that_live_through_a_build_stay_small() -> None:
    """A module's cache lives as long as the process: through a whole streamed build, in
    every worker. Bounds of 2**16 entries grew each worker by 0.8 KB a page."""
    caches = {}
    for package in ("kg.readers", "kg.rdf", "kg.taxonomy"):
        path = importlib.import_module(package).__path__
        for info in pkgutil.iter_modules(path, package + "."):
            for value in vars(importlib.import_module(info.name)).values():
                if hasattr(value, "cache_info"):
                    caches[f"{value.__module__}.{value.__qualname__}"] = value.cache_info()
    assert "kg.readers.placement_priors._equity_column_cost" in caches
    too_big = {
        name: info.maxsize
        for name, info in caches.items()
        if name not in _VOCABULARY_CACHES and (info.maxsize is None or info.maxsize > 4096)
    }
    assert too_big == {}


def test_a_filing_folder_inside_an_input_folder_is_one_input(tmp_path: Path) -> None:
    """A folder of pages beside a filing folder: the filing is read as a filing (it was
    skipped with all its pages), its own files are not read again as loose pages."""
    from kg.build import find_pages

    filing = tmp_path / "filing"
    filing.mkdir()
    (filing / "FilingSummary.xml").write_text("<FilingSummary/>")
    (filing / "R1.htm").write_text("<html/>")
    (tmp_path / "page.txt").write_text("|\n")
    assert list(find_pages([tmp_path])) == [str(filing), str(tmp_path / "page.txt")]
