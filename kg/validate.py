"""SHACL validation of a graph with the shipped shapes, reported for people and machines.

Everything runs set-at-a-time on Oxigraph where it can: SHACL Core shapes (``structure``)
compiled to SPARQL (``kg.shacl_core_sparql``), SHACL-SPARQL constraints (``quality``) as they
are (``kg.shacl_sparql``). pySHACL checks node by node on rdflib, minutes to hours at a million
facts; it runs only the Core shapes the compiler does not cover (users' own shapes). All
engines produce one SHACL validation report graph.

A result names the fact (report, row label, column, period, members, value), the rule (its
shape) and the message with the values involved. Only results of severity Violation make a graph
non-conforming; Warnings are reported and counted.
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import ShapesError
from kg.rdf.namespaces import XKG
from kg.resources import ontology_path, shapes_paths
from kg.shacl_core_sparql import CompiledShapes, CoreResult, compile_shapes, run_checks
from kg.shacl_sparql import (
    TARGET_PREDICATES,
    SparqlResult,
    SparqlValidator,
    SplitShapes,
    merge_named_graphs,
    split_shapes,
    store_from_rdflib,
    to_rdflib,
)

_XKG = rdflib.Namespace(XKG)
_DESCRIBE_BATCH = 400


@dataclass(frozen=True, slots=True)
class FocusDescription:
    """What a person needs to find a result's node: for a fact, its report, row and column."""

    report: str | None = None  # report IRI
    report_title: str | None = None
    source: str | None = None  # the source file's path as given
    row: str | None = None
    column: str | None = None
    period: str | None = None
    members: str | None = None
    display: str | None = None  # the cell as printed
    label: str | None = None  # for nodes that are not facts

    def text(self, node: str) -> str:
        if self.row is None:
            return f"<{node}>" + (f" ({self.label})" if self.label else "")
        where = f"fact <{node}> in {self.report_title or self.report}, row '{self.row}'"
        return where + (f", column {self.column}" if self.column else "")


@dataclass(frozen=True, slots=True)
class ValidationResult:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    focus_description: str
    path: str | None
    value: str | None
    message: str
    shape: str
    rule: str = ""  # the shape's label, or the message for shapes without one
    where: FocusDescription = field(default_factory=FocusDescription)


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[ValidationResult, ...]
    graph: rdflib.Graph  # the SHACL validation report graph

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.severity == "Warning")

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def by_rule(self) -> dict[tuple[str, str], int]:
        """(severity, rule) -> number of results."""
        return dict(Counter((r.severity, r.rule) for r in self.results))

    def text(self) -> str:
        """Results grouped by rule, then by report, each with the fact and the values involved;
        then a count per rule and a summary line."""
        lines: list[str] = []
        groups: dict[tuple[str, str], list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            groups[(result.severity, result.rule)].append(result)
        for (severity, rule), results in sorted(groups.items(), key=_group_order):
            lines.append(f"{severity}: {rule} ({len(results)})")
            by_report: dict[str, list[ValidationResult]] = defaultdict(list)
            for result in results:
                by_report[_report_heading(result)].append(result)
            for heading, in_report in sorted(by_report.items()):
                lines.append(f"  {heading}")
                for result in sorted(in_report, key=lambda r: (r.focus, r.message)):
                    lines.extend(_result_lines(result))
            lines.append("")
        if groups:
            lines.append("Per rule:")
            lines.extend(
                f"{count:6d}  {severity}: {rule}"
                for (severity, rule), count in sorted(
                    self.by_rule().items(), key=lambda item: (-item[1], item[0])
                )
            )
        reports = len({r.where.report for r in self.results if r.where.report})
        in_reports = f" in {reports} report(s)" if reports else ""
        lines.append(
            f"{self.violations} violation(s), {self.warnings} warning(s){in_reports}: "
            + ("conforms" if self.conforms else "does not conform")
        )
        return "\n".join(lines)


def _group_order(item: tuple[tuple[str, str], list[ValidationResult]]) -> tuple[int, str]:
    (severity, rule), _ = item
    return ({"Violation": 0, "Warning": 1}.get(severity, 2), rule)


def _report_heading(result: ValidationResult) -> str:
    where = result.where
    if where.report is None:
        return "(not in a report)"
    title = where.report_title or where.report
    return f"{title} [{where.source}]" if where.source else title


def _result_lines(result: ValidationResult) -> Iterator[str]:
    where = result.where
    if where.row is not None:
        head = f"row '{where.row}'"
        if where.column:
            head += f", column {where.column}"
        if where.period:
            head += f", period {where.period}"
        if where.members:
            head += f", members {where.members}"
        if where.display is not None:
            head += f": {where.display}"
        yield f"    {head}"
        yield f"      fact <{result.focus}>"
    else:
        yield f"    {result.focus_description}"
    yield f"      {result.message}"
    if result.path:
        yield f"      property {result.path}"
    # A fact's values are in its message; other nodes' offending value is shown apart.
    shown_apart = where.row is None and result.value != result.focus
    if result.value is not None and (shown_apart or result.path):
        yield f"      value {result.value}"


def shapes_graph(names: Iterable[str | Path] = ("structure",)) -> rdflib.Graph:
    """Load shape sets by name (shipped) or by path."""
    known = shapes_paths()
    graph = rdflib.Graph()
    for name in names:
        path = known.get(str(name)) or Path(name)
        if not path.is_file():
            raise ShapesError(
                f"unknown shapes {name!r}", hint="shipped sets: " + ", ".join(sorted(known))
            )
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def ontology_graph() -> rdflib.Graph:
    """The ontology, mixed into the data for validation so class hierarchy and individuals count."""
    graph = rdflib.Graph()
    graph.parse(ontology_path(), format="turtle")
    return graph


def validate(
    data: rdflib.Graph | ox.Store,
    *,
    shapes: Iterable[str | Path] = ("structure",),
    workers: int | None = None,
) -> ValidationReport:
    """Validate ``data`` against the shape sets; returns every result, described.

    ``data`` is an rdflib graph or a pyoxigraph store. A store's named graphs are validated as
    one graph: their triples are copied into its default graph first. ``workers`` compiled
    Core queries run at a time, on threads (default: one per CPU; on 2 idle cores a million
    facts take 31-42 s instead of 61-65 s; on cores kept busy by other work, a tenth to a
    quarter longer than one at a time).
    """
    prepared = _prepared(_shapes_key(shapes))
    full, split = prepared.full, prepared.split
    report_graph = rdflib.Graph()
    report_graph.bind("sh", SH)
    results: list[ValidationResult] = []
    store = data if isinstance(data, ox.Store) else None
    if store is not None:
        merge_named_graphs(store)
    graph = data if isinstance(data, rdflib.Graph) else None

    if store is None and (split.has_core or split.sparql):
        assert graph is not None
        store = store_from_rdflib(graph)
    labels = prepared.labels

    if split.has_core:
        assert store is not None
        workers = workers or os.cpu_count() or 1
        for core_result in run_checks(store, prepared.compiled.checks, workers=workers):
            results.append(_compiled_result(core_result, labels))
            _add_compiled_result(report_graph, core_result)
        if prepared.left_core is not None:
            if graph is None:
                graph = _store_to_rdflib(store)
            core_graph = _run_core(graph, prepared.left_core)
            results.extend(_core_results(core_graph, full))
            _copy_results(core_graph, report_graph)

    if split.sparql:
        assert store is not None
        validator = SparqlValidator(store, subclasses=prepared.subclasses)
        for found in list(validator.run(split.sparql)):
            results.append(_sparql_result(found, labels))
            _add_sparql_result(report_graph, found)

    descriptions = _describe({r.focus for r in results}, store=store, graph=graph)
    results = [_with_description(r, descriptions.get(r.focus, FocusDescription())) for r in results]
    results.sort(key=lambda r: (r.severity, r.rule, r.where.report or "", r.focus, r.message))
    violations = any(r.severity == "Violation" for r in results)
    report_node = rdflib.URIRef("urn:xbrl-kg:validation-report")
    report_graph.add((report_node, RDF.type, SH.ValidationReport))
    report_graph.add((report_node, SH.conforms, rdflib.Literal(not violations)))
    for result_node in list(report_graph.subjects(RDF.type, SH.ValidationResult)):
        report_graph.add((report_node, SH.result, result_node))
    return ValidationReport(tuple(results), report_graph)


@dataclass(frozen=True)
class _PreparedShapes:
    """Shape sets parsed, split between the engines and compiled: once per process, since
    ``kg build`` validates every input on its own."""

    full: rdflib.Graph
    split: SplitShapes
    compiled: CompiledShapes
    left_core: rdflib.Graph | None  # the Core shapes the compiler left, for pySHACL
    labels: dict[rdflib.term.Node, str]
    subclasses: tuple[tuple[str, str], ...]  # the ontology's, for the SPARQL constraints' targets


def _shapes_key(shapes: Iterable[str | Path]) -> tuple[tuple[str, float], ...]:
    """The shape sets by name, with the modification time of files given by path."""
    known = shapes_paths()
    key = []
    for name in shapes:
        path = known.get(str(name)) or Path(name)
        key.append((str(name), path.stat().st_mtime if path.is_file() else 0.0))
    return tuple(key)


@functools.lru_cache(maxsize=8)
def _prepared(key: tuple[tuple[str, float], ...]) -> _PreparedShapes:
    full = shapes_graph(name for name, _ in key)
    split = split_shapes(full)
    compiled = compile_shapes(split.core, ontology_graph()) if split.has_core else CompiledShapes()
    left_core = _only(split.core, compiled) if compiled.left else None
    subclasses = tuple(
        (str(s), str(o))
        for s, o in ontology_graph().subject_objects(RDFS.subClassOf)
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)
    )
    return _PreparedShapes(full, split, compiled, left_core, _shape_labels(full), subclasses)


def _only(core: rdflib.Graph, compiled: CompiledShapes) -> rdflib.Graph:
    """The Core shapes without the targets of those compiled, which pySHACL then skips."""
    left = set(compiled.left)
    rest = rdflib.Graph()
    for s, p, o in core:
        if p in TARGET_PREDICATES and s not in left:
            continue
        rest.add((s, p, o))
    return rest


def _compiled_result(found: CoreResult, labels: dict[rdflib.term.Node, str]) -> ValidationResult:
    check = found.check
    message = str(check.messages[0]) if check.messages else f"{check.component} not met"
    return ValidationResult(
        severity=str(check.severity).rpartition("#")[2],
        focus=str(found.focus),
        focus_description="",
        path=str(check.path) if check.path is not None else None,
        value=str(found.value) if found.value is not None else None,
        message=message,
        shape=str(check.source_shape),
        rule=labels.get(check.source_shape, message),
    )


def _add_compiled_result(graph: rdflib.Graph, found: CoreResult) -> None:
    check = found.check
    _add_result(
        graph,
        (found.focus, check.severity, check.source_shape, check.component),
        found.value,
        check.path,
        check.messages,
    )


def _run_core(graph: rdflib.Graph, core: rdflib.Graph) -> rdflib.Graph:
    from pyshacl import validate as shacl_validate  # only for shapes the compiler leaves

    # The ontology joins the data so that subclasses (an Instant is a Period) and the typed
    # individuals (xkg:Details is a ReportKind) count; pySHACL's ont_graph copies only axioms.
    combined = rdflib.Graph()
    for triple in graph:
        combined.add(triple)
    for triple in ontology_graph():
        combined.add(triple)
    _, report_graph, _ = shacl_validate(
        combined, shacl_graph=core, inference="none", allow_warnings=True
    )
    assert isinstance(report_graph, rdflib.Graph)
    return report_graph


def _core_results(report_graph: rdflib.Graph, shapes: rdflib.Graph) -> Iterator[ValidationResult]:
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(node, SH.focusNode)
        severity = report_graph.value(node, SH.resultSeverity)
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        message = report_graph.value(node, SH.resultMessage)
        shape = report_graph.value(node, SH.sourceShape)
        text = str(message) if message else "constraint not met"
        # A named shape's label names the rule; a property constraint's message does.
        label = shapes.value(shape, RDFS.label) if shape is not None else None
        yield ValidationResult(
            severity=str(severity).rpartition("#")[2] if severity else "Violation",
            focus=str(focus),
            focus_description="",
            path=str(path) if path is not None else None,
            value=str(value) if value is not None else None,
            message=text,
            shape=str(shape),
            rule=str(label) if label is not None else text,
        )


def _copy_results(source: rdflib.Graph, target: rdflib.Graph) -> None:
    """The pySHACL report's results (its report node is replaced by one for both engines)."""
    for s, p, o in source:
        if (s, RDF.type, SH.ValidationReport) in source:
            continue
        target.add((s, p, o))


def _shape_labels(shapes: rdflib.Graph) -> dict[rdflib.term.Node, str]:
    return {s: str(o) for s, o in shapes.subject_objects(RDFS.label)}


def _sparql_result(found: SparqlResult, labels: dict[rdflib.term.Node, str]) -> ValidationResult:
    constraint = found.constraint
    message = str(found.messages[0]) if found.messages else "SPARQL constraint not met"
    return ValidationResult(
        severity=str(constraint.severity).rpartition("#")[2],
        focus=str(found.focus),
        focus_description="",
        path=str(found.path) if found.path is not None else None,
        value=str(found.value) if found.value is not None else None,
        message=message,
        shape=str(constraint.shape),
        rule=labels.get(constraint.shape, str(constraint.shape)),
    )


def _add_sparql_result(graph: rdflib.Graph, found: SparqlResult) -> None:
    constraint = found.constraint
    node = _add_result(
        graph,
        (found.focus, constraint.severity, constraint.shape, SH.SPARQLConstraintComponent),
        found.value,
        found.path,
        found.messages,
    )
    graph.add((node, SH.sourceConstraint, constraint.constraint))


def _add_result(
    graph: rdflib.Graph,
    what: tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node, rdflib.term.Node],
    value: rdflib.term.Node | None,
    path: rdflib.term.Node | None,
    messages: Iterable[rdflib.Literal],
) -> rdflib.BNode:
    """One sh:ValidationResult: ``what`` is (focus node, severity, source shape, component)."""
    node = rdflib.BNode()
    focus, severity, shape, component = what
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, focus))
    graph.add((node, SH.resultSeverity, severity))
    graph.add((node, SH.sourceShape, shape))
    graph.add((node, SH.sourceConstraintComponent, component))
    if value is not None:
        graph.add((node, SH.value, value))
    if path is not None:
        graph.add((node, SH.resultPath, path))
    for message in messages:
        graph.add((node, SH.resultMessage, message))
    return node


def _with_description(result: ValidationResult, where: FocusDescription) -> ValidationResult:
    return ValidationResult(
        severity=result.severity,
        focus=result.focus,
        focus_description=where.text(result.focus),
        path=result.path,
        value=result.value,
        message=result.message,
        shape=result.shape,
        rule=result.rule,
        where=where,
    )


# -- describing focus nodes ------------------------------------------------------------------

_DESCRIBE = """
PREFIX xkg: <https://w3id.org/xbrl-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?node ?report ?title ?source ?row ?column ?date ?start ?end ?months ?members ?display
       ?label
WHERE {
  VALUES ?node { %s }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL {
    ?node xkg:report ?report ; xkg:row/rdfs:label ?row .
    OPTIONAL { ?report dcterms:title ?title }
    OPTIONAL { ?report prov:wasDerivedFrom/xkg:path ?source }
    OPTIONAL { ?node xkg:column/rdfs:label ?column }
    OPTIONAL { ?node xkg:period/xkg:date ?date }
    OPTIONAL { ?node xkg:exactPeriod/xkg:startDate ?start }
    OPTIONAL { ?node xkg:period/xkg:endDate ?end }
    OPTIONAL { ?node xkg:period/xkg:months ?months }
    OPTIONAL { ?node xkg:memberPath ?members }
    OPTIONAL { ?node xkg:displayValue ?display }
  }
}
"""


def _describe(
    nodes: set[str], *, store: ox.Store | None, graph: rdflib.Graph | None
) -> dict[str, FocusDescription]:
    """Describe nodes for people, a few hundred per query, on whichever engine holds the data."""
    found: dict[str, FocusDescription] = {}
    iris = sorted(n for n in nodes if n.startswith(("http:", "https:", "urn:")))
    if store is None and graph is not None and iris:
        # rdflib answers this query with no rows (its VALUES with nested OPTIONALs): use
        # Oxigraph for rdflib graphs too.
        store, graph = store_from_rdflib(graph), None
    for start in range(0, len(iris), _DESCRIBE_BATCH):
        batch = iris[start : start + _DESCRIBE_BATCH]
        query = _DESCRIBE % " ".join(f"<{n}>" for n in batch)
        for row in _rows(query, store=store, graph=graph):
            found.setdefault(row["node"] or "", _description(row))
    return found


def _rows(
    query: str, *, store: ox.Store | None, graph: rdflib.Graph | None
) -> Iterator[dict[str, str | None]]:
    names = "node report title source row column date start end months members display label"
    keys = names.split()
    if store is not None:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            yield {k: _text(solution[k]) for k in keys}
    elif graph is not None:
        for row in graph.query(query):
            assert isinstance(row, rdflib.query.ResultRow)
            yield {k: None if row[k] is None else str(row[k]) for k in keys}


def _text(term: object) -> str | None:
    if term is None:
        return None
    return str(to_rdflib(term))


def _description(row: dict[str, str | None]) -> FocusDescription:
    if row["date"]:
        period = row["date"]
    elif row["end"]:
        length = f"{row['months']} months to " if row["months"] else ""
        start = f"{row['start']} to " if row["start"] else ""
        period = f"{start or length}{row['end']}"
    else:
        period = None
    return FocusDescription(
        report=row["report"],
        report_title=row["title"],
        source=row["source"],
        row=row["row"],
        column=row["column"],
        period=period,
        members=row["members"],
        display=row["display"],
        label=row["label"],
    )


def _store_to_rdflib(store: ox.Store) -> rdflib.Graph:
    data = ox.serialize(
        (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        ),
        format=ox.RdfFormat.N_TRIPLES,
    )
    graph = rdflib.Graph()
    graph.parse(data=(data or b"").decode(), format="nt")
    return graph


__all__ = ["FocusDescription", "ValidationReport", "ValidationResult", "shapes_graph", "validate"]
