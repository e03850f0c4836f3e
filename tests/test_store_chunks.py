"""Chunks (kg.stores.graphs): every form a request sends holds exactly the chunk's triples."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.rdf.dataset import Dataset
from kg.stores.graphs import dataset_chunks, file_chunks
from tests.corpus import apple_filing


def _triples(quads: Iterable[ox.Quad]) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}


@pytest.fixture(scope="module")
def filing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """Apple's filing as ``kg build`` writes it: one named graph of some 27,000 triples."""
    dataset = build([str(apple_filing())]).dataset
    path = tmp_path_factory.mktemp("chunks") / "filing.nq"
    dataset.write(path)
    return dataset, path


def test_each_form_of_a_chunk_holds_its_triples_in_its_graph(filing: tuple[Dataset, Path]) -> None:
    dataset, path = filing
    chunks = list(file_chunks([path], batch=5_000))
    assert len(chunks) > 2  # the filing's one graph, cut in several
    assert not chunks[0].last
    for chunk in chunks:
        expected = _triples(chunk.quads)
        assert len(expected) == len(chunk)
        assert _triples(ox.parse(chunk.ntriples(), format=ox.RdfFormat.N_TRIPLES)) == expected
        for form, fmt in (
            (chunk.nquads(), ox.RdfFormat.N_QUADS),
            (chunk.trig(), ox.RdfFormat.TRIG),
        ):
            quads = list(ox.parse(form, format=fmt))
            assert {q.graph_name for q in quads} == {ox.NamedNode(chunk.graph)}
            assert _triples(quads) == expected
    assert sum(len(c) for c in chunks) == len(
        list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    )
    # the in-memory path cuts the same graphs into the same triples
    assert sum(len(c) for c in dataset_chunks(dataset, batch=5_000)) == sum(map(len, chunks))


def test_trig_is_a_fraction_of_the_n_quads(filing: tuple[Dataset, Path]) -> None:
    (chunk,) = file_chunks([filing[1]], batch=1_000_000)
    assert len(chunk.trig()) < len(chunk.nquads()) / 3


def test_default_graph_triples_go_to_the_named_target(tmp_path: Path) -> None:
    path = tmp_path / "one.nt"
    path.write_text('<urn:s> <urn:p> "o" .\n<urn:s> <urn:p> <urn:o> .\n')
    (chunk,) = file_chunks([path], default_graph="urn:g")
    assert chunk.graph == "urn:g"
    assert chunk.whole
    assert len(chunk) == 2
    assert chunk.nquads().count(b" <urn:g> .\n") == 2
    assert chunk.ntriples() == b'<urn:s> <urn:p> "o" .\n<urn:s> <urn:p> <urn:o> .\n'
