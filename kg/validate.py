"""SHACL validation of a graph with the shipped shapes (pySHACL), reported for people.

A result names the fact (report, row label and column header), the rule (the shape's message)
and the offending value. Only results of severity Violation make a graph non-conforming;
Warnings are reported and counted.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDFS, SH

from kg.errors import KgError
from kg.rdf.namespaces import TITLE, XKG
from kg.resources import ontology_path, shapes_paths

_XKG = rdflib.Namespace(XKG)


@dataclass(frozen=True, slots=True)
class ValidationResult:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    focus_description: str
    path: str | None
    value: str | None
    message: str
    shape: str


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

    def text(self) -> str:
        """A readable report: one paragraph per result, then a summary line."""
        lines = []
        for result in sorted(self.results, key=lambda r: (r.severity, r.message, r.focus)):
            lines.append(f"{result.severity}: {result.message}")
            lines.append(f"  at {result.focus_description}")
            if result.path:
                lines.append(f"  property {result.path}")
            if result.value is not None:
                lines.append(f"  value {result.value}")
        by_rule = Counter(r.message for r in self.results)
        if by_rule:
            lines.append("")
            lines.extend(f"{count:6d}  {rule}" for rule, count in by_rule.most_common())
        lines.append(
            f"{self.violations} violation(s), {self.warnings} warning(s): "
            + ("conforms" if self.conforms else "does not conform")
        )
        return "\n".join(lines)


def shapes_graph(names: Iterable[str | Path] = ("structure",)) -> rdflib.Graph:
    """Load shape sets by name (shipped) or by path."""
    known = shapes_paths()
    graph = rdflib.Graph()
    for name in names:
        path = known.get(str(name)) or Path(name)
        if not path.is_file():
            raise KgError(
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
    data: rdflib.Graph, *, shapes: Iterable[str | Path] = ("structure",)
) -> ValidationReport:
    """Validate ``data`` against the shape sets; returns every result, described."""
    # The ontology joins the data so that subclasses (an Instant is a Period) and the typed
    # individuals (xkg:Details is a ReportKind) count; pySHACL's ont_graph copies only axioms.
    combined = rdflib.Graph()
    for triple in data:
        combined.add(triple)
    for triple in ontology_graph():
        combined.add(triple)
    _, report_graph, _ = shacl_validate(
        combined, shacl_graph=shapes_graph(shapes), inference="none", allow_warnings=True
    )
    results = []
    for node in report_graph.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report_graph.value(node, SH.focusNode)
        severity = report_graph.value(node, SH.resultSeverity)
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        message = report_graph.value(node, SH.resultMessage)
        shape = report_graph.value(node, SH.sourceShape)
        results.append(
            ValidationResult(
                severity=str(severity).rpartition("#")[2] if severity else "Violation",
                focus=str(focus),
                focus_description=describe(data, focus),
                path=str(path) if path is not None else None,
                value=str(value) if value is not None else None,
                message=str(message) if message else "constraint not met",
                shape=str(shape),
            )
        )
    return ValidationReport(tuple(results), report_graph)


def describe(data: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    """Name a node for a person: a fact by its report, row and column; others by label."""
    if node is None:
        return "(unknown node)"
    report = data.value(node, _XKG.report)
    row = data.value(node, _XKG.row)
    column = data.value(node, _XKG.column)
    if report is not None and row is not None:
        title = data.value(report, rdflib.URIRef(TITLE)) or report
        row_label = data.value(row, RDFS.label) or row
        column_label = data.value(column, RDFS.label) if column is not None else None
        where = f"fact <{node}> in {title!s}, row '{row_label!s}'"
        return where + (f", column {column_label!s}" if column_label else "")
    label = data.value(node, RDFS.label)
    return f"<{node}>" + (f" ({label})" if label else "")
