"""Shared fixtures: the example pages, the shared EDGAR corpus, real SPARQL servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build
from kg.rdf.dataset import Dataset
from tests.corpus import REPO, apple_filing, html_pages, shared_data, text_pages
from tests.servers import Server, oxigraph_server, virtuoso_server
from tests.storecheck import CHANGED_PAGE, changed_page, filed_reports


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
