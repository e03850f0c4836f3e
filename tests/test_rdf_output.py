"""Every output format re-parses with rdflib and pyoxigraph; builds are deterministic."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.build import build
from kg.rdf.dataset import RdfFormat


@pytest.fixture(scope="module")
def example_build(examples_dir: Path):  # type: ignore[no-untyped-def]
    return build([examples_dir])


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=lambda f: f.extension)
def test_format_reparses_with_both_libraries(example_build, tmp_path: Path, fmt: RdfFormat) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"graph.{fmt.extension}"
    example_build.dataset.write(out)
    expected = len(example_build.dataset)
    store = ox.Store()
    store.bulk_load(path=str(out), format=fmt.oxigraph)
    triples = {(q.subject, q.predicate, q.object) for q in store}
    assert len(triples) == expected
    if fmt.quads:
        dataset = rdflib.Dataset()
        dataset.parse(out, format={"nq": "nquads", "trig": "trig"}[fmt.extension])
        reparsed = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
        assert len(reparsed) == expected
        assert len({g for *_, g in dataset.quads((None, None, None, None))}) == 2  # per report
    else:
        graph = rdflib.Graph()
        graph.parse(out, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt.extension])
        assert len(graph) == expected


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=lambda f: f.extension)
def test_two_builds_are_identical(examples_dir: Path, tmp_path: Path, fmt: RdfFormat) -> None:
    first, second = tmp_path / f"a.{fmt.extension}", tmp_path / f"b.{fmt.extension}"
    build([examples_dir]).dataset.write(first)
    build([examples_dir]).dataset.write(second)
    assert first.read_bytes() == second.read_bytes()


def test_no_blank_nodes_and_exact_decimals(example_build) -> None:  # type: ignore[no-untyped-def]
    graph = example_build.dataset.to_rdflib()
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)
    xkg = rdflib.Namespace("https://w3id.org/xbrl-kg/ontology#")
    values = {str(v) for v in graph.objects(None, xkg.value)}
    assert {"0.8577", "0.5140", "-1475983", "3523543"} <= values
    decimals = [
        v
        for v in graph.objects(None, xkg.value)
        if isinstance(v, rdflib.Literal) and v.datatype == rdflib.XSD.decimal
    ]
    assert len(decimals) == example_build.facts


def test_shared_nodes_are_one_node(example_build) -> None:  # type: ignore[no-untyped-def]
    graph = example_build.dataset.to_rdflib()
    xkg = rdflib.Namespace("https://w3id.org/xbrl-kg/ontology#")
    periods = set(graph.objects(None, xkg.period))
    # Both pages use "12 Months Ended Dec. 31, 2021": one node for both.
    year = rdflib.URIRef("https://w3id.org/xbrl-kg/id/period/2021-12-31/P12M")
    assert year in periods
    reports = {graph.value(f, xkg.report) for f in graph.subjects(xkg.period, year)}
    assert len(reports) == 2
    # Label-only concepts are scoped: "Accounts receivable, net" on each page is its own node.
    nets = {
        c
        for c in graph.subjects(rdflib.RDFS.label, rdflib.Literal("Accounts receivable, net"))
        if (c, rdflib.RDF.type, xkg.Concept) in graph
    }
    assert len(nets) == 2
