"""Stored SPARQL queries (``queries/*.rq``), their parameters, and their results as tables.

Each file starts with comment lines: a description, then one line per parameter,
``# param NAME (TYPE[, optional]): what it selects``. A query reads parameter NAME as the
variable ``?param_NAME`` (typically ``FILTER(!BOUND(?param_x) || ?x = ?param_x)``).

Values are bound as typed RDF terms: each is checked against its type, turned into a term and
written by pyoxigraph's serializer into a ``VALUES`` block at the start of the WHERE clause. The
user's text never reaches the query except as an escaped literal or a validated IRI, and the
same query text works on the embedded store and on any SPARQL endpoint.

A FILTER on a parameter is applied to every row the query makes, which is the whole store.
So a query also joins its parameters where it selects, by patterns written as comments,
``#with NAME: PATTERN``, which become part of the query only when NAME is given, with the
parameter's term in place of ``?param_NAME`` (pyoxigraph plans a constant's lookup first, not a
variable's). ``facts`` for one QName then starts from that concept's facts instead of making
every fact's row: 1,070 HTML pages in a store on disk, 9.0 s -> 2.5 s (what remains grows with
the store: the QName and unit-label lookups read every report's copy of them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.namespaces import xsd
from kg.resources import query_paths

_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*\((\w+)(,\s*optional)?\)\s*:\s*(.*)$")
_TYPES = ("string", "iri", "decimal", "integer", "date", "boolean")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# A pattern that joins a parameter where the query selects (in a subquery, which the leading
# VALUES block does not reach): a comment unless the parameter is given, so the file read as it
# is stays the query without parameters; given, the parameter is written in as the term itself.
_WITH = re.compile(r"^(\s*)#with (\w+): (.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True, slots=True)
class StoredQuery:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    @classmethod
    def from_file(cls, path: Path) -> StoredQuery:
        text = path.read_text(encoding="utf-8")
        description: list[str] = []
        parameters: list[Parameter] = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = _PARAM.match(line)
            if m:
                kind = m.group(2)
                if kind not in _TYPES:
                    raise QueryError(f"{path}: parameter {m.group(1)} has unknown type {kind!r}")
                parameters.append(Parameter(m.group(1), kind, bool(m.group(3)), m.group(4)))
            else:
                description.append(line.lstrip("#").strip())
        return cls(path.stem, " ".join(d for d in description if d), tuple(parameters), text)

    def bound_text(self, values: Mapping[str, str]) -> str:
        """The query text with the given parameter values bound in a leading VALUES block, and
        the ``#with NAME:`` lines of those given made part of the query."""
        terms = self.bindings(values)
        if not terms:
            return self.text

        def with_line(match: re.Match[str]) -> str:
            name = match.group(2)
            term = terms.get(name)
            if term is None:
                return match.group(0)
            variable = re.compile(rf"\?param_{name}\b")
            return match.group(1) + variable.sub(lambda _: str(term), match.group(3))

        text = _WITH.sub(with_line, self.text)
        match = _WHERE.search(text)
        if match is None:
            raise QueryError(f"query {self.name!r} has no WHERE clause to bind in")
        names = " ".join(f"?param_{name}" for name in terms)
        row = " ".join(str(term) for term in terms.values())
        block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
        return text[: match.end()] + block + text[match.end() :]

    def bindings(self, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Typed terms for the given parameter values; checks names, types and required ones."""
        known = {p.name: p for p in self.parameters}
        for name in values:
            if name not in known:
                raise QueryError(
                    f"query {self.name!r} has no parameter {name!r}",
                    hint="parameters: " + (", ".join(known) or "none"),
                )
        missing = [p.name for p in self.parameters if not p.optional and p.name not in values]
        if missing:
            raise QueryError(f"query {self.name!r} needs --param {missing[0]}=VALUE")
        return {n: _term(known[n], v) for n, v in values.items()}


def stored_queries() -> dict[str, StoredQuery]:
    return {name: StoredQuery.from_file(path) for name, path in query_paths().items()}


def get_query(name: str) -> StoredQuery:
    """A stored query by name; else the user's own: a query file (``my.rq``, with the same
    ``# param`` comment lines as the stored ones) or the text of a SELECT query."""
    queries = stored_queries()
    if name in queries:
        return queries[name]
    if _SPARQL_TEXT.search(name):
        return StoredQuery("(query text)", "", (), name)
    path = Path(name)
    if path.suffix.lower() in _QUERY_SUFFIXES or path.is_file():
        try:
            return StoredQuery.from_file(path)
        except OSError as exc:
            raise QueryError(f"cannot read query file {name}: {exc.strerror or exc}") from exc
    raise QueryError(
        f"no stored query {name!r}",
        hint="known: " + ", ".join(sorted(queries)) + "; or give a .rq file or SELECT text",
    )


_QUERY_SUFFIXES = (".rq", ".sparql")
# The text of a query rather than a name: a query form followed, somewhere, by a group.
_SPARQL_TEXT = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b[^{]*\{", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        records = [dict(zip(self.columns, row, strict=True)) for row in self.rows]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        def cut(text: str) -> str:
            text = text.replace("\n", " ")
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        cells = [[cut(c) for c in row] for row in self.rows]
        widths = [len(c) for c in self.columns]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells)
        lines.append(f"({len(self.rows)} rows)")
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def format(self, fmt: str) -> str:
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        return self.to_table()


def run_query(
    query: StoredQuery, store: ox.Store, params: Mapping[str, str] | None = None
) -> QueryResult:
    """Run a SELECT query on a store; every named graph counts as the default graph."""
    try:
        solutions = store.query(query.bound_text(params or {}), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"query {query.name!r} is not valid SPARQL: {exc}") from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"query {query.name!r} is not a SELECT query")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(_lexical(solution[c]) for c in columns) for solution in solutions)
    return QueryResult(columns, rows)


def _lexical(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def _term(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    try:
        if parameter.type == "iri":
            return ox.NamedNode(value)
        if parameter.type == "decimal":
            Decimal(value)
            return ox.Literal(value, datatype=ox.NamedNode(xsd("decimal")))
        if parameter.type == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(xsd("integer")))
        if parameter.type == "date":
            return ox.Literal(
                dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(xsd("date"))
            )
        if parameter.type == "boolean":
            if value not in ("true", "false"):
                raise ValueError(value)
            return ox.Literal(value, datatype=ox.NamedNode(xsd("boolean")))
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(
            f"parameter {parameter.name} expects {parameter.type}, got {value!r}"
        ) from exc
    return ox.Literal(value)
