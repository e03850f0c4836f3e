"""SHACL: the shared corpus conforms, and each shape fires on a graph broken for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg.build import build
from kg.validate import validate
from tests.corpus import html_pages, text_pages

XKG = rdflib.Namespace("https://w3id.org/xbrl-kg/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@pytest.mark.corpus
def test_every_shared_page_conforms() -> None:
    pages = [str(p.text) for p in text_pages()]
    pages += [str(p.precision) for p in text_pages() if p.precision]
    pages += [str(p) for p in html_pages()]
    result = build(pages)
    assert not result.errors
    report = validate(result.dataset.to_rdflib())
    assert report.violations == 0, report.text()[-3000:]


@pytest.fixture(scope="module")
def example_graph(examples_dir: Path) -> rdflib.Graph:
    return build([examples_dir]).dataset.to_rdflib()


def _a_fact(graph: rdflib.Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, XKG.Fact))[0]  # type: ignore[return-value]


def _first(graph: rdflib.Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]  # type: ignore[return-value]


def _drop(graph: rdflib.Graph, node: URIRef, prop: URIRef) -> None:
    graph.remove((node, prop, None))


BREAKS: dict[str, tuple[Callable[[rdflib.Graph], None], str]] = {
    "FactShape": (lambda g: _drop(g, _a_fact(g), XKG.concept), "a fact has exactly one concept"),
    "FactShape-value": (
        lambda g: g.add((_a_fact(g), XKG.value, Literal("2", datatype=XSD.decimal))),
        "a fact has exactly one value",
    ),
    "NumericFactShape": (
        lambda g: _drop(g, _a_fact(g), XKG.unit),
        "a numeric fact (xsd:decimal value) has a unit and decimals",
    ),
    "MemberPathShape": (
        lambda g: [_drop(g, f, XKG.member) for f in list(g.subjects(XKG.memberPath, None))[:1]],
        "a fact with a member path has members",
    ),
    "InstantShape": (
        lambda g: _drop(g, _first(g, XKG.Instant), XKG.date),
        "an instant has exactly one date",
    ),
    "DurationShape": (
        lambda g: [_drop(g, _first(g, XKG.Duration), p) for p in (XKG.months, XKG.endDate)],
        "a duration has exactly one end date",
    ),
    "PeriodShape": (
        lambda g: g.remove((_first(g, XKG.Instant), RDF.type, XKG.Instant)),
        "a period is an instant or a duration",
    ),
    "UnitShape": (
        lambda g: _drop(g, _first(g, XKG.Unit), XKG.numerator),
        "a unit has one (numerator) measure",
    ),
    "ConceptShape": (
        lambda g: _drop(g, _first(g, XKG.Concept), XKG.scope),
        "a concept has a QName, or a label scoped to one report",
    ),
    "MemberShape": (lambda g: _drop(g, _first(g, XKG.Member), RDFS.label), "a member has a label"),
    "DimensionValueShape": (
        lambda g: g.add((URIRef("urn:x:dim"), RDF.type, XKG.DimensionValue)),
        "a dimension value has exactly one axis",
    ),
    "ReportShape": (
        lambda g: _drop(g, _first(g, XKG.Report), PROV.wasDerivedFrom),
        "a report names its source document",
    ),
    "SourceDocumentShape": (
        lambda g: g.set((_first(g, XKG.SourceDocument), XKG.sha256, Literal("abc"))),
        "a source document has its SHA-256 (64 hex digits)",
    ),
    "RowShape": (lambda g: _drop(g, _first(g, XKG.Row), XKG.rowKind), "a row has one kind"),
    "ColumnShape": (
        lambda g: _drop(g, _first(g, XKG.Column), XKG["index"]),
        "a column has one 1-based index",
    ),
    "FilingShape": (
        lambda g: g.add((URIRef("urn:x:filing"), RDF.type, XKG.Filing)),
        "a filing has reports",
    ),
    "FilingShape-accession": (
        lambda g: g.add((URIRef("urn:x:filing"), XKG.accessionNumber, Literal("320193-25-57"))).add(
            (URIRef("urn:x:filing"), RDF.type, XKG.Filing)
        ),
        "a filing has at most one accession number, like 0000320193-25-000057",
    ),
    "EntityShape": (
        lambda g: g.add((URIRef("urn:x:entity"), XKG.cik, Literal("320193"))).add(
            (URIRef("urn:x:entity"), RDF.type, XKG.Entity)
        ),
        "an entity has one ten-digit CIK",
    ),
    "FootnoteShape": (
        lambda g: g.add((URIRef("urn:x:note"), RDF.type, XKG.Footnote)),
        "a footnote has one number",
    ),
}


def test_examples_conform(example_graph: rdflib.Graph) -> None:
    assert validate(example_graph).violations == 0


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_shape_fires_on_broken_graph(example_graph: rdflib.Graph, name: str) -> None:
    graph = rdflib.Graph()
    for triple in example_graph:
        graph.add(triple)
    breaker, message = BREAKS[name]
    breaker(graph)
    report = validate(graph)
    assert not report.conforms
    assert message in {r.message for r in report.results}, report.text()


def test_report_names_the_fact_rule_and_value(example_graph: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    for triple in example_graph:
        graph.add(triple)
    fact = _a_fact(graph)
    graph.add((fact, XKG.decimals, Literal("two")))
    text = validate(graph).text()
    assert "decimals is one integer" in text
    assert str(fact) in text
    assert "row '" in text
    assert "column " in text
    assert "value two" in text
