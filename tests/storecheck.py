"""Comparing query results and graph contents across stores, strictly but by value.

Oxigraph and Virtuoso normalise ``xsd:decimal`` lexical forms ("0.5140" comes back "0.514"),
so a cell that reads as a decimal number on both sides compares as a ``Decimal`` value; every
other cell must be the exact same string, and rows must come in the same order.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.queries import QueryResult
from kg.rdf.dataset import Dataset

TEST_BASE = "https://example.org/kg-store-test/"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

Cell = tuple[str, object]


def cell(value: str) -> Cell:
    if _NUMBER.match(value):
        return ("number", Decimal(value))
    return ("text", value)


def rows(result: QueryResult) -> list[tuple[Cell, ...]]:
    return [tuple(cell(v) for v in row) for row in result.rows]


def first_difference(expected: QueryResult, got: QueryResult) -> str | None:
    """None when equal; otherwise a short description of the first differing row."""
    if expected.columns != got.columns:
        return f"columns {expected.columns} != {got.columns}"
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


def changed_report(dataset: Dataset) -> tuple[str, Dataset]:
    """The same report filed again under the same IRI with one fact dropped and one added."""
    graph = sorted(dataset.graphs)[3]
    triples = sorted(dataset.graphs[graph])
    subject = next(s for s, p, _ in triples if "/fact/" in s)
    kept = {t for t in triples if t[0] != subject}
    kept.add((f"<{graph}>", f"<{TEST_BASE}refiled>", '"2"'))
    return graph, Dataset({graph: kept})
