"""Shared fixtures: the example pages and the shared EDGAR corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.corpus import REPO, shared_data

if TYPE_CHECKING:
    from tests.linked import Server


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_data()


# -- linked-data publishing (kg publish, kg serve): the corpus built, published and served once


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared corpus (HTML R pages and the Apple filing) as N-Quads, one graph per report
    or filing."""
    from kg.build import build
    from tests.linked import corpus_inputs

    result = build(corpus_inputs())
    assert not result.errors, result.errors
    path = tmp_path_factory.mktemp("corpus") / "corpus.nq"
    result.dataset.write(path)
    return path


@pytest.fixture(scope="session")
def corpus_server(corpus_graph: Path) -> Iterator[Server]:
    from tests.linked import Server

    with Server([str(corpus_graph)]) as server:
        yield server


@pytest.fixture(scope="session")
def corpus_site(corpus_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus graph published by ``kg publish`` (the site tests and the browser share it)."""
    from kg.publish import GraphSource, Metadata, publish

    site = tmp_path_factory.mktemp("published") / "site"
    result = publish(GraphSource.of([str(corpus_graph)]), site, meta=Metadata(title="Corpus"))
    print(f"\ncorpus site: {result.summary()}")
    return site
