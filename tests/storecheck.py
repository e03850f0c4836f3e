"""Comparing query results and graph contents across stores, strictly but by value.

Oxigraph and Virtuoso normalise ``xsd:decimal`` lexical forms ("0.5140" comes back "0.514"),
so a cell that reads as a decimal number on both sides compares as a ``Decimal`` value; every
other cell must be the exact same string, and rows must come in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.build import read_report
from kg.model import FilingContext
from kg.queries import QueryResult
from kg.rdf.dataset import Dataset
from kg.rdf.emit import report_triples
from kg.rdf.iris import Iris

TEST_BASE = "https://example.org/kg-store-test/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

Cell = tuple[str, object]


def cell(value: str) -> Cell:
    if _NUMBER.match(value):
        return ("number", Decimal(value))
    return ("text", value)


def rows(result: QueryResult) -> list[tuple[Cell, ...]]:
    return [tuple(cell(v) for v in row) for row in result.rows]


def virtuoso_months(value: str) -> str:
    """What Virtuoso 7 gives back for an ``xsd:duration``: its whole months ("P1Y10M24D" is
    "22"; days and times are lost). Other values are returned unchanged."""
    match = _DURATION.match(value)
    if match is None or not re.search(r"\d", value):
        return value
    return _duration(match)[0]


def first_difference(
    expected: QueryResult, got: QueryResult, *, durations_as_months: bool = False
) -> str | None:
    """None when equal; otherwise a short description of the first differing row.

    ``durations_as_months`` compares Virtuoso's results: the expected ``value`` cells that are
    durations become their whole months, the only change Virtuoso 7 makes to our data.
    """
    if expected.columns != got.columns:
        return f"columns {expected.columns} != {got.columns}"
    if durations_as_months and "value" in expected.columns:
        at = expected.columns.index("value")
        expected = QueryResult(
            expected.columns,
            tuple((*r[:at], virtuoso_months(r[at]), *r[at + 1 :]) for r in expected.rows),
        )
    a, b = rows(expected), rows(got)
    if len(a) != len(b):
        missing = set(a) - set(b)
        extra = set(b) - set(a)
        return (
            f"{len(a)} rows != {len(b)}; missing {sorted(missing)[:2]}; extra {sorted(extra)[:2]}"
        )
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            return f"row {index}: {expected.rows[index]} != {got.rows[index]}"
    return None


def filed_reports(
    folder: Path, *, base: str = TEST_BASE, pages: Mapping[str, Path] | None = None
) -> Dataset:
    """Each R page of a filing folder under the IRI a filing gives it, one graph per report.

    A report read alone is named by its content's SHA-256, so a changed page would become a new
    graph. Inside a filing it is named ``filing/{accession}/Rn`` (``Iris.report``): this gives
    each page the ``FilingContext`` its FilingSummary.xml provides (the folder name stands in
    for the accession), so a re-filed page keeps its graph. ``pages`` swaps in changed copies.
    """
    iris = Iris(base)
    dataset = Dataset()
    for page in sorted(folder.glob("R*.htm")):
        report = read_report(str((pages or {}).get(page.name, page)))
        context = FilingContext(folder.name, page.name, filing_key=folder.name)
        report = replace(report, filing=context)
        dataset.add(iris.report(report), report_triples(report, iris))
    return dataset


def changed_page(folder: Path, out: Path, name: str, old: str, new: str) -> Path:
    """A copy of one R page with one printed value changed (the same report, re-filed)."""
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not a single value of {name}"
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text.replace(old, new), encoding="utf-8")
    return out / name


# Apple's 10-Q, R2 (statement of operations): net sales of the quarter.
CHANGED_PAGE = ("R2.htm", "$ 95,359<", "$ 95,360<")


_NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "double", "float")}

# Stores keep durations canonically ("P12M" comes back "P1Y"): compared as months and seconds.
_DURATION = re.compile(
    r"^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)

Node = tuple[str, ...]
Quad = tuple[Node, Node, Node, Node]


def _node(kind: str, value: str, datatype: str | None = None, language: str | None = None) -> Node:
    """A term compared by value where stores rewrite it: numbers (any numeric type) as Decimal."""
    if kind == "iri":
        return ("iri", value)
    if datatype in _NUMERIC:
        return ("number", str(Decimal(value).normalize()))
    if datatype == XSD + "boolean":  # Virtuoso writes true and false as 1 and 0
        return ("boolean", {"1": "true", "0": "false"}.get(value, value))
    if datatype == XSD + "duration" and (match := _DURATION.match(value)):
        return ("duration", *_duration(match))
    if language:
        return ("literal", value, "@" + language.lower())
    return ("literal", value, "" if datatype in (None, XSD + "string") else datatype)


def ox_node(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return _node("iri", term.value)
    if isinstance(term, ox.Literal):
        return _node("literal", term.value, term.datatype.value, term.language)
    raise AssertionError(f"unexpected term {term!r} (the emitter mints no blank nodes)")


def as_months(node: Node) -> Node:
    """A duration key as Virtuoso 7 keeps it (whole months); other keys unchanged."""
    if node[0] == "duration":
        return ("duration", node[1], "0")
    if node[0] == "literal" and len(node) == 3 and node[2] == XSD + "duration":
        return ("duration", node[1], "0")  # Virtuoso's own "12"^^xsd:duration
    return node


def dataset_quads(dataset: Dataset) -> set[Quad]:
    """Every quad of ``dataset``, terms as ``_node`` keys."""
    quads: set[Quad] = set()
    for quad in ox.parse(dataset.nquads().encode(), ox.RdfFormat.N_QUADS):
        graph = ox_node(quad.graph_name)
        quads.add((graph, ox_node(quad.subject), ox_node(quad.predicate), ox_node(quad.object)))
    return quads


def binding_node(binding: Mapping[str, str]) -> Node:
    """A SPARQL JSON results term (``uri``, ``literal``, ``typed-literal``) as a ``_node`` key."""
    kind = "iri" if binding["type"] == "uri" else "literal"
    return _node(kind, binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def _duration(match: re.Match[str]) -> tuple[str, str]:
    sign, years, months, days, hours, minutes, seconds = match.groups()
    total_months = int(years or 0) * 12 + int(months or 0)
    total_seconds = (
        (int(days or 0) * 24 + int(hours or 0)) * 3600
        + int(minutes or 0) * 60
        + Decimal(seconds or 0)
    )
    factor = -1 if sign else 1
    return str(factor * total_months), str((factor * total_seconds).normalize())
