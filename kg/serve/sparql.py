"""A read-only SPARQL 1.1 query service with a timeout and a result limit.

pyoxigraph cannot interrupt a running query, so queries run in a worker process that holds
its own copy of the graph (graph files are parsed again there; a store folder is opened
read-only again). A query that outlives the timeout gets its worker killed and a new one
started; the server itself never waits longer than the timeout.

The default graph is the RDF merge of all graphs: the worker adds the distinct triples of the
named graphs to its default graph (for a store folder, which it cannot write to, Oxigraph's
union of the named graphs stands in, which repeats a triple once per graph that holds it).
Every named graph stays available to ``GRAPH``. Updates are refused: only queries parse.

Results are written here rather than by pyoxigraph so that the limit applies while reading:
SELECT and ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples,
JSON-LD or RDF/XML.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from multiprocessing.connection import Connection
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.publish import jsonld
from kg.publish.formats import negotiate
from kg.publish.source import GraphSource, open_graph

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
_LOAD_TIMEOUT = 600.0
_STRING = "http://www.w3.org/2001/XMLSchema#string"


class ResultFormat(Enum):
    """Formats of SELECT and ASK results; HTML is rendered by the server from JSON."""

    JSON = ("application/sparql-results+json", ("application/json",))
    XML = ("application/sparql-results+xml", ("application/xml", "text/xml"))
    CSV = ("text/csv", ())
    TSV = ("text/tab-separated-values", ())
    HTML = ("text/html", ("application/xhtml+xml",))

    def __init__(self, media_type: str, aliases: tuple[str, ...]) -> None:
        self.media_type = media_type
        self.media_types = (media_type, *aliases)


class GraphFormat(Enum):
    """Formats of CONSTRUCT and DESCRIBE results; HTML is rendered from N-Triples."""

    TURTLE = ("text/turtle", ("application/x-turtle",))
    N_TRIPLES = ("application/n-triples", ("text/plain",))
    JSON_LD = ("application/ld+json", ("application/json",))
    RDF_XML = ("application/rdf+xml", ("application/xml",))
    HTML = ("text/html", ("application/xhtml+xml",))

    def __init__(self, media_type: str, aliases: tuple[str, ...]) -> None:
        self.media_type = media_type
        self.media_types = (media_type, *aliases)


@dataclass(frozen=True, slots=True)
class SparqlRequest:
    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SparqlResponse:
    """``status`` 200 with a body in ``media_type``; else an error ``message``.

    ``html`` says the body is JSON results or N-Triples the server should render as HTML."""

    status: int
    media_type: str = "text/plain"
    body: bytes = b""
    truncated: bool = False
    html: bool = False
    message: str = ""
    seconds: float = 0.0


@dataclass
class SparqlService:
    """Runs queries in a worker process, one at a time, each within ``timeout`` seconds."""

    source: GraphSource
    timeout: float = DEFAULT_TIMEOUT
    limit: int = DEFAULT_LIMIT
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _process: Any = None
    _conn: Connection | None = None
    _ready: bool = False

    def start(self) -> None:
        """Start the worker (it loads the graph in the background)."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child, self.source, self.limit), daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn, self._ready = process, parent, False

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._process = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _wait_ready(self) -> None:
        assert self._conn is not None
        if self._ready:
            return
        if not self._conn.poll(_LOAD_TIMEOUT):
            raise RuntimeError("the SPARQL worker did not finish loading the graph")
        message = self._conn.recv()
        if message != "ready":
            raise RuntimeError(f"the SPARQL worker failed to load the graph: {message}")
        self._ready = True

    def run(self, request: SparqlRequest) -> SparqlResponse:
        """Answer one query; 503 when it runs out of time or another holds the worker."""
        started = time.perf_counter()
        if not self._lock.acquire(timeout=self.timeout):
            return SparqlResponse(503, message="the query service is busy; try again")
        try:
            if self._process is None or not self._process.is_alive():
                self.stop()
                self.start()
            try:
                self._wait_ready()
                assert self._conn is not None
                self._conn.send(request)
                if not self._conn.poll(self.timeout):
                    self.stop()
                    self.start()
                    return SparqlResponse(
                        503,
                        message=f"the query did not finish within {self.timeout:g} s",
                        seconds=time.perf_counter() - started,
                    )
                response: SparqlResponse = self._conn.recv()
            except (EOFError, OSError, RuntimeError) as exc:
                self.stop()
                return SparqlResponse(500, message=f"the query service failed: {exc}")
            return response
        finally:
            self._lock.release()


# -- the worker process --------------------------------------------------------------------


def _worker_main(conn: Connection, source: GraphSource, limit: int) -> None:
    try:
        store = open_graph(source)
        union = _merge_default_graph(store, writable=source.store is None)
    except Exception as exc:  # report any failure to load to the parent, then stop
        conn.send(f"{type(exc).__name__}: {exc}")
        return
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            response = execute(store, request, limit=limit, union=union)
        except Exception as exc:  # a bug must not take the worker down silently
            response = SparqlResponse(500, message=f"{type(exc).__name__}: {exc}")
        conn.send(
            SparqlResponse(
                response.status,
                response.media_type,
                response.body,
                response.truncated,
                response.html,
                response.message,
                time.perf_counter() - started,
            )
        )


def _merge_default_graph(store: ox.Store, *, writable: bool) -> bool:
    """Put the distinct triples of the named graphs in the default graph; True when the
    store cannot be written and queries must use Oxigraph's union instead."""
    if not any(True for _ in store.named_graphs()):
        return False
    if not writable:
        return True
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return False


def execute(
    store: ox.Store, request: SparqlRequest, *, limit: int = DEFAULT_LIMIT, union: bool = False
) -> SparqlResponse:
    """Run one query on ``store`` and serialize at most ``limit`` results."""
    options: dict[str, Any] = {}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    elif union:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    try:
        result = store.query(request.query, **options)
    except SyntaxError as exc:
        return SparqlResponse(400, message=f"not a valid SPARQL 1.1 query: {exc}")
    except ValueError as exc:
        return SparqlResponse(400, message=str(exc))
    if isinstance(result, ox.QueryBoolean):
        fmt = negotiate(request.accept, list(ResultFormat))
        if fmt is None:
            return _not_acceptable(ResultFormat)
        return _boolean(bool(result), fmt)
    if isinstance(result, ox.QuerySolutions):
        fmt = negotiate(request.accept, list(ResultFormat))
        if fmt is None:
            return _not_acceptable(ResultFormat)
        variables = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        for solution in result:
            if len(rows) == limit:
                return _solutions(variables, rows, fmt, truncated=True)
            rows.append([solution[v] for v in variables])
        return _solutions(variables, rows, fmt, truncated=False)
    graph_fmt = negotiate(request.accept, list(GraphFormat))
    if graph_fmt is None:
        return _not_acceptable(GraphFormat)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) == limit:
            truncated = True
            break
        triples.append(triple)
    return _graph(triples, graph_fmt, truncated)


def _not_acceptable(formats: type[ResultFormat] | type[GraphFormat]) -> SparqlResponse:
    offered = ", ".join(f.media_type for f in formats)
    return SparqlResponse(406, message=f"no acceptable result format; offered: {offered}")


def _json_term(term: object) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise ValueError(f"unexpected term {term!r}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise ValueError(f"unexpected term {term!r}")


def _csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _solutions(
    variables: list[str], rows: list[list[Any]], fmt: ResultFormat, *, truncated: bool
) -> SparqlResponse:
    if fmt in (ResultFormat.JSON, ResultFormat.HTML):
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        body = json.dumps(document, ensure_ascii=False).encode()
        media = ResultFormat.JSON.media_type
        return SparqlResponse(200, media, body, truncated, html=fmt is ResultFormat.HTML)
    if fmt is ResultFormat.XML:
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = []
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            results.append(f"<result>{cells}</result>")
        xml = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{''.join(results)}</results></sparql>\n"
        )
        return SparqlResponse(200, fmt.media_type, xml.encode(), truncated)
    if fmt is ResultFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return SparqlResponse(200, fmt.media_type, out.getvalue().encode(), truncated)
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return SparqlResponse(200, fmt.media_type, ("\n".join(lines) + "\n").encode(), truncated)


def _boolean(value: bool, fmt: ResultFormat) -> SparqlResponse:
    if fmt in (ResultFormat.JSON, ResultFormat.HTML):
        body = json.dumps({"head": {}, "boolean": value}).encode()
        return SparqlResponse(
            200, ResultFormat.JSON.media_type, body, html=fmt is ResultFormat.HTML
        )
    if fmt is ResultFormat.XML:
        xml = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        )
        return SparqlResponse(200, fmt.media_type, xml.encode())
    return SparqlResponse(200, fmt.media_type, b"true\n" if value else b"false\n")


def _graph(triples: list[ox.Triple], fmt: GraphFormat, truncated: bool) -> SparqlResponse:
    if fmt in (GraphFormat.N_TRIPLES, GraphFormat.HTML):
        body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode()
        media = GraphFormat.N_TRIPLES.media_type
        return SparqlResponse(200, media, body, truncated, html=fmt is GraphFormat.HTML)
    if fmt is GraphFormat.JSON_LD:
        return SparqlResponse(200, fmt.media_type, jsonld.dumps(triples).encode(), truncated)
    ox_format = ox.RdfFormat.TURTLE if fmt is GraphFormat.TURTLE else ox.RdfFormat.RDF_XML
    data = ox.serialize(triples, format=ox_format, prefixes=jsonld.context())
    assert data is not None
    return SparqlResponse(200, fmt.media_type, data, truncated)
