"""The embedded store: kg build --store, kg load --store, kg query/validate on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.queries import get_query, run_query
from kg.rdf.dataset import Dataset
from kg.stores.embedded import EmbeddedStore, open_store
from tests.storecheck import Quad, dataset_quads
from tests.storecheck import ox_node as _node


def test_build_twice_leaves_the_store_unchanged(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["build", str(examples_dir), "--store", str(store)]) == 0
    with open_store(store) as opened:
        first = len(opened)
        graphs = opened.graph_names()
    assert main(["build", str(examples_dir), "--store", str(store), "--no-validate"]) == 0
    with open_store(store) as opened:
        assert len(opened) == first
        assert opened.graph_names() == graphs
    assert f"-> {store}" in capsys.readouterr().out


def test_query_and_validate_the_store(
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = tmp_path / "g.nq"
    assert main(["build", str(examples_dir), "-o", str(graph)]) == 0
    capsys.readouterr()
    assert main(["query", "facts", str(graph), "--format", "csv"]) == 0
    from_file = capsys.readouterr().out
    store = tmp_path / "store"
    assert main(["load", str(graph), "--store", str(store)]) == 0
    assert "graphs 2, triples" in capsys.readouterr().out
    assert main(["query", "facts", "--store", str(store), "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_file
    # Without graph files or --store, kg query uses $KG_STORE (else ./kg-store).
    monkeypatch.setenv("KG_STORE", str(store))
    assert main(["query", "facts", "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_file
    assert main(["validate"]) == 0
    assert "0 violation(s)" in capsys.readouterr().out
    monkeypatch.setenv("KG_STORE", str(tmp_path / "nothing-here"))
    assert main(["query", "facts"]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "nothing-here").exists()


def test_a_changed_report_replaces_only_its_graph(
    filing_dataset: Dataset, refiled_dataset: Dataset, tmp_path: Path
) -> None:
    with open_store(tmp_path / "store") as store:
        store.load_dataset(filing_dataset)
        assert _quads(store) == dataset_quads(filing_dataset)
        count = len(store)
        store.load_dataset(filing_dataset)
        assert len(store) == count
        assert _quads(store) == dataset_quads(filing_dataset)
        # The filing again with R2 re-filed: R2's graph is replaced, every other graph kept.
        store.load_dataset(refiled_dataset)
        assert _quads(store) == dataset_quads(refiled_dataset)
        assert len(store) == count
        store.load_dataset(filing_dataset)
        assert _quads(store) == dataset_quads(filing_dataset)


def _quads(store: EmbeddedStore) -> set[Quad]:
    return {
        (_node(q.graph_name), _node(q.subject), _node(q.predicate), _node(q.object))
        for q in store.store.quads_for_pattern(None, None, None, None)
    }


def test_every_query_runs_on_the_store(examples_dir: Path, tmp_path: Path) -> None:
    from kg.build import build

    with open_store(tmp_path / "store") as store:
        store.load_dataset(build([examples_dir]).dataset)
        memory = build([examples_dir]).dataset.to_store()
        for name in ("facts", "concepts", "members", "definitions"):
            query = get_query(name)
            assert store.query(query).rows == run_query(query, memory).rows
