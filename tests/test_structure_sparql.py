"""The structure shapes compiled to SPARQL (kg.shacl_core_sparql) find what pySHACL finds.

Both engines run on a real graph (Apple's statements and the receivables seed) seeded with one
defect per constraint kind the structure shapes use; their results must be the same set.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH

from kg.build import build
from kg.shacl_core_sparql import compile_shapes, run_checks
from kg.shacl_sparql import store_from_rdflib
from kg.validate import ontology_graph, shapes_graph
from tests.corpus import apple_filing, shared_data

XKG = rdflib.Namespace("https://w3id.org/xbrl-kg/ontology#")


@pytest.fixture(scope="module")
def seeded() -> rdflib.Graph:
    folder = apple_filing()
    pages = [folder / "R2.htm", folder / "R4.htm"]
    pages.append(shared_data() / "seeds" / "accounts-receivable-net-details.txt")
    graph = build([str(p) for p in pages]).dataset.to_rdflib()
    _seed_defects(graph)
    return graph


def _seed_defects(graph: rdflib.Graph) -> None:
    facts = sorted(graph.subjects(RDF.type, XKG.Fact), key=str)
    numeric = [f for f in facts if graph.value(f, XKG.unit) is not None]
    graph.remove((numeric[0], XKG.concept, None))  # minCount
    graph.add((numeric[1], XKG.value, Literal("1", datatype=XSD.decimal)))  # maxCount
    graph.set((numeric[2], XKG.concept, XKG.Nothing))  # class
    graph.set((numeric[3], XKG.sourceLine, Literal("abc", datatype=XSD.integer)))  # ill-formed
    graph.set((numeric[4], XKG.sourceLine, Literal(0)))  # minInclusive
    graph.set((numeric[5], XKG.displayValue, Literal("")))  # minLength
    graph.remove((numeric[6], XKG.unit, None))  # sh:or of the numeric fact shape
    graph.set((numeric[7], XKG.decimals, Literal("x")))  # datatype
    period = graph.value(numeric[8], XKG.period)
    other = XKG.Duration if (period, RDF.type, XKG.Instant) in graph else XKG.Instant
    graph.add((period, RDF.type, other))  # sh:not
    graph.add((numeric[9], XKG.period, Literal("2024")))  # targetObjectsOf, literal focus
    duration = next(iter(graph.subjects(RDF.type, XKG.Duration)))
    graph.remove((duration, XKG.months, None))
    graph.remove((duration, XKG.startDate, None))  # sh:or of the duration shape
    concepts = sorted(graph.subjects(RDF.type, XKG.Concept), key=str)
    graph.set((concepts[0], XKG.qname, Literal("noColon")))  # pattern
    graph.set((concepts[1], XKG.periodType, Literal("weekly")))  # sh:in
    source = next(iter(graph.subjects(RDF.type, XKG.SourceDocument)))
    graph.set((source, XKG.sha256, Literal("xyz")))
    rows = sorted(graph.subjects(RDF.type, XKG.Row), key=str)
    graph.set((rows[0], XKG.resolutionScore, Literal("1.5", datatype=XSD.decimal)))  # max
    graph.add((numeric[10], XKG.memberPath, Literal("")))  # targetSubjectsOf, no members
    entity = URIRef("urn:test:entity")
    graph.add((entity, RDF.type, XKG.Entity))
    graph.add((entity, XKG.cik, Literal("123")))
    report = next(iter(graph.subjects(RDF.type, XKG.Report)))
    graph.set((report, XKG.kind, XKG.NotAKind))  # class via the ontology's individuals


def _pyshacl(
    graph: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None
) -> set[tuple[str, str, str]]:
    combined = rdflib.Graph()
    for triple in graph:
        combined.add(triple)
    for triple in ontology if ontology is not None else ontology_graph():
        combined.add(triple)
    _, report, _ = pyshacl_validate(combined, shacl_graph=shapes, inference="none")
    assert isinstance(report, rdflib.Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(result, SH.value)
        found.add(
            (
                str(report.value(result, SH.focusNode)),
                str(report.value(result, SH.resultMessage)),
                str(value) if value is not None else "",
            )
        )
    return found


def _compiled(
    graph: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None
) -> set[tuple[str, str, str]]:
    compiled = compile_shapes(shapes, ontology if ontology is not None else ontology_graph())
    assert compiled.left == []
    store: ox.Store = store_from_rdflib(graph)
    found = set()
    for result in run_checks(store, compiled.checks):
        message = str(result.check.messages[0]) if result.check.messages else ""
        value = "" if result.value is None or _no_value(result) else str(result.value)
        found.add((str(result.focus), message, value))
    return found


def _no_value(result: object) -> bool:
    # pySHACL gives min/max count results no sh:value.
    check = result.check  # type: ignore[attr-defined]
    return check.component in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent)


def test_compiled_structure_shapes_find_what_pyshacl_finds(seeded: rdflib.Graph) -> None:
    shapes = shapes_graph(["structure"])
    expected = _pyshacl(seeded, shapes)
    assert len({message for _, message, _ in expected}) >= 15  # every seeded defect is seen
    assert _compiled(seeded, shapes) == expected


# Every kind of target, with nodes outside the targets breaking the same constraints: the
# compiled checks look at a path's values first and only then at whether the subject is a
# focus node, which must leave exactly the focus nodes' results. Node-level sh:or and sh:not
# over counts, classes (with an individual) and datatypes: compiled to sets of nodes.
_TARGETS_ONTOLOGY = """
@prefix ex: <urn:ex:> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:lone a ex:Thing .
ex:goodKind a ex:Kind .
"""
_TARGETS_DATA = """
@prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; ex:p 1, 2 ; ex:k ex:notKind ; ex:s "abc" ; ex:link ex:o1, "lit" .
ex:b a ex:Sub ; ex:p "x" ; ex:k ex:goodKind .
ex:c a ex:Thing, ex:Sub ; ex:p 3 ; ex:k ex:typed ; ex:s "12" .
ex:d a ex:Thing ; ex:k ex:typed, ex:goodKind ; ex:s "7" .
ex:typed a ex:Kind .
ex:lone ex:p 5, 6 ; ex:s "1" .
ex:outsider ex:p 1, 2, "x" ; ex:k ex:bad ; ex:s "abc" ; ex:flag true .
ex:o1 ex:q 3 .
ex:o2 ex:q 4 .
"""
_TARGETS_SHAPES = """
@prefix ex: <urn:ex:> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "p" ] ;
    sh:property [ sh:path ex:k ; sh:class ex:Kind ; sh:message "k" ] ;
    sh:property [ sh:path ex:s ; sh:minCount 1 ; sh:pattern "^[0-9]+$" ; sh:message "s" ] .
ex:NodeTargetShape a sh:NodeShape ; sh:targetNode ex:outsider, ex:nowhere ;
    sh:property [ sh:path ex:p ; sh:maxCount 2 ; sh:minCount 1 ; sh:message "node p" ] .
ex:ObjectsShape a sh:NodeShape ; sh:targetObjectsOf ex:link ;
    sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:datatype xsd:string ; sh:message "q" ] .
ex:SubjectsShape a sh:NodeShape ; sh:targetSubjectsOf ex:flag ;
    sh:property [ sh:path ex:s ; sh:pattern "^[0-9]+$" ; sh:message "flag s" ] .
ex:OrShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "or" ;
    sh:or ( [ sh:path ex:q ; sh:minCount 1 ]
            [ sh:path ex:k ; sh:minCount 1 ; sh:maxCount 1 ; sh:class ex:Kind ] ) .
ex:NotShape a sh:NodeShape ; sh:targetObjectsOf ex:link ; sh:message "not" ;
    sh:not [ sh:path ex:q ; sh:minCount 1 ; sh:datatype xsd:integer ] .
ex:NoneShape a sh:NodeShape ; sh:targetNode ex:a, ex:b ; sh:message "none" ;
    sh:not [ sh:path ex:s ; sh:maxCount 0 ] .
"""


def test_every_kind_of_target_keeps_only_focus_nodes() -> None:
    data, shapes, ontology = (
        rdflib.Graph().parse(data=text, format="turtle")
        for text in (_TARGETS_DATA, _TARGETS_SHAPES, _TARGETS_ONTOLOGY)
    )
    expected = _pyshacl(data, shapes, ontology)
    messages = {"p", "k", "s", "node p", "q", "flag s", "or", "not", "none"}
    assert {message for _, message, _ in expected} == messages
    assert _compiled(data, shapes, ontology) == expected


def test_checks_on_threads_give_the_same_results(seeded: rdflib.Graph) -> None:
    checks = compile_shapes(shapes_graph(["structure"]), ontology_graph()).checks
    store = store_from_rdflib(seeded)
    alone = [(r.check, r.focus, r.value) for r in run_checks(store, checks)]
    assert len(alone) >= 15
    assert [(r.check, r.focus, r.value) for r in run_checks(store, checks, workers=2)] == alone


def test_clean_graph_gives_no_results() -> None:
    graph = build([str(apple_filing() / "R2.htm")]).dataset.to_rdflib()
    assert _compiled(graph, shapes_graph(["structure"])) == set()


def test_unsupported_shapes_are_left_to_pyshacl() -> None:
    shapes = rdflib.Graph()
    shape = URIRef("urn:test:shape")
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, XKG.Fact))
    shapes.add((shape, SH.closed, Literal(True)))
    shapes.add((shape, RDFS.label, Literal("closed")))
    assert compile_shapes(shapes).left == [shape]
    implicit = URIRef("urn:test:implicit")
    shapes.add((implicit, RDF.type, SH.NodeShape))
    shapes.add((implicit, RDF.type, RDFS.Class))
    shapes.add((implicit, SH.property, URIRef("urn:test:property")))
    assert implicit in compile_shapes(shapes).left
