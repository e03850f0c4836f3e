"""The linked-data server as a WSGI application (any WSGI server can run it; ``kg serve`` uses
the standard library's).

The server's root stands for the base IRI: ``{base}report/abc`` is ``/report/abc`` here.

- ``/report/abc`` (any IRI of the graph under the base) answers ``303 See Other`` to its
  document in the negotiated format: ``/report/abc.html``, ``.ttl``, ``.jsonld`` or ``.nt``
  (``406`` when the client accepts none of them);
- ``/ontology`` answers with the ontology itself (hash IRIs: ``xkg:Fact`` is
  ``https://w3id.org/xbrl-kg/ontology#Fact``, a fragment of the ontology document);
- ``/search?q=...`` searches labels, titles and QNames; ``/sparql`` is a read-only SPARQL 1.1
  Protocol endpoint; ``/void.ttl`` describes the dataset; ``/`` lists the reports.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, quote, unquote

import pyoxigraph as ox

from kg.publish import jsonld
from kg.publish.describe import GraphView, triple_key
from kg.publish.formats import DocFormat, negotiate, serialize
from kg.publish.html import STYLE, ServedLinks, Site, esc, link, page, short_text
from kg.publish.pages import resource_page
from kg.publish.sitepages import index_page, not_found_page, ontology_page
from kg.publish.void import VOID_PATH, Metadata, Stats, statistics, void_triples
from kg.rdf.namespaces import LABEL, SKOS, TITLE, TYPE, xkg
from kg.resources import ontology_path, query_paths, shapes_paths
from kg.serve.sparql import SparqlRequest, SparqlResponse, SparqlService

StartResponse = Callable[..., Any]
_SECURITY = [
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'",
    ),
]
_SEARCH_PREDICATES = (LABEL, TITLE, SKOS + "prefLabel", xkg("qname"), xkg("shortName"))
_MAX_QUERY_BYTES = 1_000_000
SEARCH_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    headers: list[tuple[str, str]]
    body: bytes = b""


def _text(status: str, message: str) -> Response:
    return Response(status, [("Content-Type", "text/plain; charset=utf-8")], message.encode())


class LabelIndex:
    """Every label, title and QName of a node under the base, for the search box."""

    def __init__(self, view: GraphView) -> None:
        entries: dict[tuple[str, str], None] = {}
        for predicate in _SEARCH_PREDICATES:
            for quad in view.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                subject, obj = quad.subject, quad.object
                if (
                    isinstance(subject, ox.NamedNode)
                    and subject.value.startswith(view.base)
                    and isinstance(obj, ox.Literal)
                ):
                    entries[(subject.value, obj.value)] = None
        self.entries = sorted((text.lower(), iri, text) for iri, text in entries)

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[tuple[str, str]]:
        """(IRI, matched text) of the nodes whose label holds every word of ``query``: exact
        matches first, then prefixes, then shorter labels."""
        words = query.lower().split()
        if not words:
            return []
        phrase = " ".join(words)
        best: dict[str, tuple[int, int, str]] = {}
        for lower, iri, text in self.entries:
            if all(w in lower for w in words):
                rank = 0 if lower == phrase else 1 if lower.startswith(phrase) else 2
                key = (rank, len(text), text)
                if iri not in best or key < best[iri]:
                    best[iri] = key
        ordered = sorted(best.items(), key=lambda item: (item[1], item[0]))
        return [(iri, key[2]) for iri, key in ordered[:limit]]


class App:
    """The WSGI application over one graph."""

    def __init__(
        self,
        view: GraphView,
        *,
        sparql: SparqlService | None = None,
        meta: Metadata | None = None,
    ) -> None:
        self.view = view
        self.sparql = sparql
        self.meta = meta or Metadata()
        self.site = Site(title=self.meta.title, search=True, sparql=sparql is not None)
        self.links = ServedLinks(view.base)

    # -- cached site-wide documents ------------------------------------------------------

    @cached_property
    def stats(self) -> Stats:
        return statistics(self.view)

    @cached_property
    def labels(self) -> LabelIndex:
        return LabelIndex(self.view)

    @cached_property
    def home(self) -> bytes:
        return index_page(self.view, self.links, self.site, self.meta, self.stats).encode()

    @cached_property
    def void(self) -> list[ox.Triple]:
        meta = self.meta
        if self.sparql is not None and meta.sparql_endpoint is None:
            meta = Metadata(**{**meta.__dict__, "sparql_endpoint": self.view.base + "sparql"})
        files = sorted(p.name for p in shapes_paths().values())
        queries = sorted(p.name for p in query_paths().values())
        return void_triples(
            self.view.base,
            self.stats,
            meta,
            shapes=[f"shapes/{n}" for n in files],
            queries=[f"queries/{n}" for n in queries],
        )

    @cached_property
    def ontology_triples(self) -> list[ox.Triple]:
        assert self.view.vocabulary is not None
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.view.vocabulary}
        return sorted(triples, key=triple_key)

    @cached_property
    def ontology_html(self) -> bytes:
        assert self.view.vocabulary is not None
        return ontology_page(self.view.vocabulary, self.links, self.site).encode()

    # -- WSGI ----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            response = self.handle(environ, method)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = _text("500 Internal Server Error", "internal error\n")
        headers = [*response.headers, ("Content-Length", str(len(response.body)))]
        start_response(response.status, headers)
        return [b""] if method == "HEAD" else [response.body]

    def handle(self, environ: dict[str, Any], method: str) -> Response:
        path = _raw_path(environ)
        accept = environ.get("HTTP_ACCEPT")
        if path == "/sparql":
            if method not in ("GET", "HEAD", "POST"):
                return _not_allowed("GET, HEAD, POST")
            return self.sparql_endpoint(environ, method, accept)
        if method not in ("GET", "HEAD"):
            return _not_allowed("GET, HEAD")
        fixed = self.fixed(path, accept)
        if fixed is not None:
            return fixed
        if path == "/search":
            return self.search(environ, accept)
        return self.resource(path, accept)

    def fixed(self, path: str, accept: str | None) -> Response | None:
        """The site's own documents, or None."""
        if path in ("/", "/index.html"):
            return self._html(self.home)
        if path == "/style.css":
            return Response("200 OK", [("Content-Type", "text/css; charset=utf-8")], STYLE.encode())
        if path == "/.well-known/void":
            return _redirect("/" + VOID_PATH, vary=False)
        if path == "/" + VOID_PATH:
            return self._rdf(self.void, DocFormat.TURTLE)
        if path == "/void.jsonld":
            return self._rdf(self.void, DocFormat.JSON_LD)
        if path == "/context.jsonld":
            body = json.dumps({"@context": jsonld.context()}, indent=2).encode()
            return Response("200 OK", [("Content-Type", "application/ld+json")], body)
        if path in ("/ontology", "/ontology/", "/ontology/index.html"):
            return self.ontology(accept if path == "/ontology" else "text/html")
        if path.startswith("/ontology/xbrl-kg."):
            fmt = DocFormat.from_extension(path.rsplit(".", 1)[1])
            if fmt is DocFormat.TURTLE:
                headers = [("Content-Type", fmt.content_type), ("Access-Control-Allow-Origin", "*")]
                return Response("200 OK", headers, ontology_path().read_bytes())
            if fmt is not None and fmt is not DocFormat.HTML:
                return self._rdf(self.ontology_triples, fmt)
        for folder, files in (("shapes", shapes_paths()), ("queries", query_paths())):
            for file in files.values():
                if path == f"/{folder}/{file.name}":
                    kind = "text/turtle" if folder == "shapes" else "application/sparql-query"
                    headers = [("Content-Type", f"{kind}; charset=utf-8")]
                    return Response("200 OK", headers, file.read_bytes())
        return None

    def ontology(self, accept: str | None) -> Response:
        fmt = negotiate(accept, list(DocFormat))
        if fmt is None:
            return self._not_acceptable()
        if fmt is DocFormat.HTML:
            response = self._html(self.ontology_html)
        elif fmt is DocFormat.TURTLE:
            headers = [("Content-Type", fmt.content_type)]
            response = Response("200 OK", headers, ontology_path().read_bytes())
        else:
            response = self._rdf(self.ontology_triples, fmt)
        return Response(response.status, [*response.headers, ("Vary", "Accept")], response.body)

    # -- resources -----------------------------------------------------------------------

    def resource(self, path: str, accept: str | None) -> Response:
        tail = path[1:]
        stem, dot, extension = tail.rpartition(".")
        fmt = DocFormat.from_extension(extension) if dot else None
        if fmt is not None and "/" not in extension:
            iri = self._iri(stem)
            if iri is not None:
                return self.document(iri, fmt)
        iri = self._iri(tail)
        if iri is None:
            return self._html(not_found_page(self.links, self.site, path).encode(), "404 Not Found")
        wanted = negotiate(accept, list(DocFormat))
        if wanted is None:
            return self._not_acceptable()
        location = f"/{self.links.tail(iri)}.{wanted.extension}"
        return _redirect(location, vary=True)

    def _iri(self, tail: str) -> str | None:
        """The IRI a path names, if the graph mentions it (the path as sent, or re-encoded
        the way IRIs are minted)."""
        if not tail:
            return None
        for candidate in (tail, "/".join(quote(unquote(p), safe="-._~") for p in tail.split("/"))):
            iri = self.view.base + candidate
            if self.links.tail(iri) is not None and self.view.exists(iri):
                return iri
        return None

    def document(self, iri: str, fmt: DocFormat) -> Response:
        if fmt is DocFormat.HTML:
            return self._html(resource_page(self.view, self.links, self.site, iri).encode())
        response = self._rdf(self.view.describe(iri), fmt)
        link_header = f'<{iri}>; rel="describes"'
        return Response(response.status, [*response.headers, ("Link", link_header)], response.body)

    def _rdf(self, triples: list[ox.Triple], fmt: DocFormat) -> Response:
        headers = [("Content-Type", fmt.content_type), ("Access-Control-Allow-Origin", "*")]
        return Response("200 OK", headers, serialize(triples, fmt))

    def _html(self, body: bytes, status: str = "200 OK") -> Response:
        headers = [("Content-Type", DocFormat.HTML.content_type), *_SECURITY]
        return Response(status, headers, body)

    def _not_acceptable(self) -> Response:
        offered = ", ".join(f.media_type for f in DocFormat)
        return _text("406 Not Acceptable", f"not acceptable; available: {offered}\n")

    # -- search --------------------------------------------------------------------------

    def search(self, environ: dict[str, Any], accept: str | None) -> Response:
        params = parse_qs(environ.get("QUERY_STRING", ""))
        query = (params.get("q") or [""])[0][:200]
        hits = self.labels.search(query)
        if negotiate(accept, [DocFormat.HTML, DocFormat.JSON_LD]) is DocFormat.JSON_LD:
            records = [{"iri": iri, "label": text} for iri, text in hits]
            body = json.dumps(records, ensure_ascii=False).encode()
            return Response("200 OK", [("Content-Type", "application/json")], body)
        rows = []
        for iri, text in hits:
            kinds = ", ".join(
                sorted(self.view.label(ox.NamedNode(t)) for t in self.view.types(iri))
            )
            rows.append(
                f"<tr><td>{link(self.links.resource(iri), short_text(text, 120))}</td>"
                f"<td>{esc(kinds)}</td><td><code>{esc(iri)}</code></td></tr>"
            )
        more = " (the first 100)" if len(hits) == SEARCH_LIMIT else ""
        parts = [
            f"<h1>Search: {esc(query)}</h1>",
            f'<p class="sub">{len(hits)} match{"es" if len(hits) != 1 else ""}{more}</p>',
        ]
        if rows:
            parts.append(
                '<table class="facts"><thead><tr><th>Label</th><th>Kind</th><th>IRI</th></tr>'
                "</thead><tbody>" + "".join(rows) + "</tbody></table>"
            )
        html = page(
            title=f"Search: {query}", body="\n".join(parts), links=self.links, site=self.site
        )
        return self._html(html.encode())

    # -- SPARQL --------------------------------------------------------------------------

    def sparql_endpoint(self, environ: dict[str, Any], method: str, accept: str | None) -> Response:
        if self.sparql is None:
            return _text("404 Not Found", "no SPARQL endpoint\n")
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        query: list[str] = params.get("query", [])
        if method == "POST":
            content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > _MAX_QUERY_BYTES:
                return _text("413 Content Too Large", "query too large\n")
            body = environ["wsgi.input"].read(length) if length else b""
            if content_type == "application/sparql-update":
                return _text("403 Forbidden", "this endpoint is read-only: no updates\n")
            if content_type == "application/sparql-query":
                query = [body.decode("utf-8", errors="replace")]
            elif content_type == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
                if "update" in form:
                    return _text("403 Forbidden", "this endpoint is read-only: no updates\n")
                query = form.get("query", [])
                for key in ("default-graph-uri", "named-graph-uri"):
                    params.setdefault(key, []).extend(form.get(key, []))
            else:
                return _text(
                    "415 Unsupported Media Type",
                    "POST a query as application/sparql-query or "
                    "application/x-www-form-urlencoded\n",
                )
        if "update" in params:
            return _text("403 Forbidden", "this endpoint is read-only: no updates\n")
        if not query:
            if negotiate(accept, [DocFormat.HTML, DocFormat.TURTLE]) is DocFormat.HTML:
                return self._html(self._sparql_form("").encode())
            return _text("400 Bad Request", "give a SPARQL query in the 'query' parameter\n")
        if len(query) > 1:
            return _text("400 Bad Request", "give exactly one 'query' parameter\n")
        request = SparqlRequest(
            query[0],
            accept,
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
        )
        try:
            for iri in (*request.default_graphs, *request.named_graphs):
                ox.NamedNode(iri)
        except ValueError:
            return _text("400 Bad Request", "graph URIs must be absolute IRIs\n")
        result = self.sparql.run(request)
        return self._sparql_response(request, result)

    def _sparql_response(self, request: SparqlRequest, result: SparqlResponse) -> Response:
        status = {
            200: "200 OK",
            400: "400 Bad Request",
            406: "406 Not Acceptable",
            500: "500 Internal Server Error",
            503: "503 Service Unavailable",
        }.get(result.status, f"{result.status} Error")
        if result.status != 200:
            if request.accept and "text/html" in request.accept:
                html = self._sparql_form(request.query, error=result.message)
                return self._html(html.encode(), status)
            return _text(status, result.message + "\n")
        extra = [("Access-Control-Allow-Origin", "*"), ("Vary", "Accept")]
        if result.truncated and self.sparql is not None:
            extra += [("X-Result-Limit", str(self.sparql.limit)), ("X-Result-Truncated", "true")]
        if result.html:
            html = self._sparql_form(request.query, result=result)
            return Response(status, [*_html_headers(), *extra], html.encode())
        content_type = result.media_type + (
            "" if result.media_type.startswith("application/sparql") else "; charset=utf-8"
        )
        return Response(status, [("Content-Type", content_type), *extra], result.body)

    def _sparql_form(
        self, query: str, *, result: SparqlResponse | None = None, error: str = ""
    ) -> str:
        example = query or (
            "PREFIX xkg: <https://w3id.org/xbrl-kg/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            # DISTINCT: the default graph unions the report graphs, each with its copy of
            # the concept's label.
            "SELECT ?concept ?label (COUNT(DISTINCT ?fact) AS ?facts) WHERE {\n"
            "  ?fact xkg:concept ?concept . ?concept rdfs:label ?label .\n"
            "} GROUP BY ?concept ?label ORDER BY DESC(?facts) LIMIT 20"
        )
        limits = ""
        if self.sparql is not None:
            limits = (
                f"Read-only; queries stop after {self.sparql.timeout:g} s and return at most "
                f"{self.sparql.limit:,} results."
            )
        body = [
            "<h1>SPARQL query</h1>",
            f'<p class="sub">{esc(limits)}</p>',
            f'<form method="post" action="{esc(self.links.path("sparql"))}">',
            f'<textarea name="query" aria-label="SPARQL query">{esc(example)}</textarea>',
            '<p><button type="submit">Run query</button></p></form>',
        ]
        if error:
            body.append(f'<p class="note">Error: {esc(error)}</p>')
        if result is not None:
            body.append(self._results_html(result))
        return page(title="SPARQL", body="\n".join(body), links=self.links, site=self.site)

    def _results_html(self, result: SparqlResponse) -> str:
        note = ""
        if result.truncated and self.sparql is not None:
            note = f'<p class="note">Only the first {self.sparql.limit:,} results.</p>'
        if result.media_type.startswith("application/n-triples"):
            parsed = ox.parse(result.body, ox.RdfFormat.N_TRIPLES)
            rows = [[q.subject, q.predicate, q.object] for q in parsed]
            return note + self._table(["subject", "predicate", "object"], rows)
        document = json.loads(result.body)
        if "boolean" in document:
            return f'<p class="value">{"true" if document["boolean"] else "false"}</p>'
        variables = document["head"]["vars"]
        rows = [[_from_json(b.get(v)) for v in variables] for b in document["results"]["bindings"]]
        return f'<p class="sub">{len(rows)} results</p>' + note + self._table(variables, rows)

    def _table(self, variables: list[str], rows: list[list[Any]]) -> str:
        head = "".join(f"<th>{esc(v)}</th>" for v in variables)
        body = []
        for row in rows:
            cells = []
            for term in row:
                if term is None:
                    cells.append("<td></td>")
                elif isinstance(term, ox.NamedNode):
                    href = self.links.resource(term.value)
                    cells.append(f"<td>{link(href, term.value)}</td>")
                elif isinstance(term, ox.Literal):
                    cells.append(f"<td>{esc(short_text(term.value, 300))}</td>")
                else:
                    cells.append(f"<td><code>{esc(term)}</code></td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        return (
            f'<table class="facts"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )


def _from_json(term: dict[str, Any] | None) -> object:
    if term is None:
        return None
    if term["type"] == "uri":
        return ox.NamedNode(term["value"])
    if term["type"] == "literal":
        return ox.Literal(term["value"])
    return term["value"]


def _html_headers() -> list[tuple[str, str]]:
    return [("Content-Type", DocFormat.HTML.content_type), *_SECURITY]


def _redirect(location: str, *, vary: bool) -> Response:
    headers = [("Location", location), ("Content-Type", "text/plain; charset=utf-8")]
    if vary:
        headers.append(("Vary", "Accept"))
    return Response("303 See Other", headers, f"See {location}\n".encode())


def _not_allowed(allowed: str) -> Response:
    return Response(
        "405 Method Not Allowed",
        [("Allow", allowed), ("Content-Type", "text/plain; charset=utf-8")],
        b"method not allowed\n",
    )


def _raw_path(environ: dict[str, Any]) -> str:
    """The request path as the client sent it (percent-escapes kept), without the query."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = raw.split("?", 1)[0]
        if path.startswith(("http://", "https://")):  # an absolute-form request target
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        return path or "/"
    path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", errors="replace")
    return quote(path, safe="/-._~!$&'()*+,;=:@%") or "/"


__all__ = ["TYPE", "App", "LabelIndex"]
