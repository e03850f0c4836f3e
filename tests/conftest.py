"""Shared fixtures: the example pages, the shared EDGAR corpus, real SPARQL servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.build import build
from kg.rdf.dataset import Dataset
from tests.corpus import REPO, apple_filing, html_pages, shared_data, text_pages
from tests.servers import Server, oxigraph_server, virtuoso_server
from tests.storecheck import CHANGED_PAGE, changed_page, filed_reports

if TYPE_CHECKING:
    from tests.linked import Server as LinkedServer


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_data()


# -- stores: real servers and the corpus, once per session --------------------------------------


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db", buffers=100_000) as server:
        yield server


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    found: Server = request.getfixturevalue(request.param)
    return found


@pytest.fixture(scope="session")
def corpus_dataset() -> Dataset:
    """Every shared R page the readers take ('|' text in both modes, HTML), built once."""
    pages = [str(p.text) for p in text_pages()]
    pages += [str(p.precision) for p in text_pages() if p.precision]
    pages += [str(p) for p in html_pages()]
    result = build(pages)
    assert not result.errors
    return result.dataset


@pytest.fixture(scope="session")
def filing_dataset() -> Dataset:
    """One filing (Apple's 10-Q R pages) with stable report IRIs, under a base of its own."""
    return filed_reports(apple_filing())


@pytest.fixture(scope="session")
def refiled_dataset(filing_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The same filing again with one printed value of R2 changed (R2 re-filed)."""
    page = changed_page(apple_filing(), tmp_path_factory.mktemp("refiled"), *CHANGED_PAGE)
    dataset = filed_reports(apple_filing(), pages={CHANGED_PAGE[0]: page})
    changed = [g for g in dataset.graphs if dataset.graphs[g] != filing_dataset.graphs[g]]
    assert [g.rsplit("/", 1)[1] for g in changed] == ["R2"]
    return dataset


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
def corpus_server(corpus_graph: Path) -> Iterator[LinkedServer]:
    from tests.linked import Server as LinkedServer

    with LinkedServer([str(corpus_graph)]) as server:
        yield server


@pytest.fixture(scope="session")
def corpus_site(corpus_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus graph published by ``kg publish`` (the site tests and the browser share it)."""
    from kg.publish import GraphSource, Metadata, publish

    site = tmp_path_factory.mktemp("published") / "site"
    result = publish(GraphSource.of([str(corpus_graph)]), site, meta=Metadata(title="Corpus"))
    print(f"\ncorpus site: {result.summary()}")
    return site
