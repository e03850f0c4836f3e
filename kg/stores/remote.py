"""Writing named graphs to a SPARQL 1.1 store over HTTP: Graph Store Protocol or SPARQL Update.

An ``Endpoint`` is the query URL a user knows plus what follows from the server's kind: where
updates and the Graph Store go, and the fastest standard way in. ``RemoteStore.load`` takes
per-graph chunks (``kg.stores.graphs``) and sends them in requests of at most ``batch``
triples, so memory stays flat for any input. Methods:

- ``gsp``: PUT a graph's first chunk (replace: idempotent, a re-filed report replaces its
  graph), POST the rest (append). Virtuoso, GraphDB, Fuseki, Neptune. For Virtuoso the same
  protocol is used the way its handler is cheapest (``VirtuosoTuning``): a graph that one
  query per request group finds absent is created with POST (PUT would clear it first),
  bodies start with blank lines that make its content sniffing cheap, and responses are
  asked for uncompressed so that it keeps the connection alive.
- ``bulk``: Oxigraph server. New graphs go in many at a time as one N-Quads POST to
  ``/store?no_transaction&lenient`` (its bulk loader); graphs that already exist are replaced
  in one SPARQL Update per request (``DROP SILENT GRAPH`` + ``INSERT DATA``: one transaction).
- ``update``: SPARQL 1.1 Update only, for stores without a Graph Store endpoint:
  ``DROP SILENT GRAPH`` + ``INSERT DATA`` per graph, ``INSERT DATA`` for later chunks.
- ``load``: Virtuoso, by choice only (the server must reach the client over HTTP): new graphs
  go in many at a time as one TriG document that the client serves (``kg.stores.served``)
  and the server fetches with ``LOAD <url>``; graphs that already exist are replaced by
  Graph Store PUT, as with ``gsp``. ``unlogged`` sends each LOAD with Virtuoso's
  ``sql:log-enable 2``, as its own bulk loader runs: row autocommit and no transaction log,
  about a fifth less server CPU, but what it loaded is durable only from the server's next
  checkpoint (a crash before then loses it; loading again restores it).

A request replacing a whole graph is all or nothing (where the server's operation is), so a
failure never loses a graph that was already there; only a graph bigger than one batch,
replaced in several requests, can be left partial, and loading again repairs it.

Transient failures (connection refused or reset, timeouts, HTTP 429, 502, 503, 504) are
retried with exponential backoff; anything else raises one ``StoreError`` line naming the
endpoint and the HTTP status. Credentials come from options or ``KG_ENDPOINT_USER`` /
``KG_ENDPOINT_PASSWORD`` and never appear in a message.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import StoreError
from kg.stores import KINDS, METHODS, PASSWORD_ENV, USER_ENV
from kg.stores.embedded import LoadResult
from kg.stores.graphs import DEFAULT_BATCH, Chunk
from kg.stores.served import BatchServer

UPDATE_BATCH = 10_000  # INSERT DATA is parsed as SPARQL: smaller requests than GSP bodies
# Virtuoso compiles an update to SQL and refuses one past 10,000 lines of it (SP031).
VIRTUOSO_UPDATE_BATCH = 1_000
# LOAD: Virtuoso's Sponger refuses a document past 20 MB (20,971,520 bytes).
LOAD_BATCH = 50_000
LOAD_BYTES = 16_000_000
_TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
_NTRIPLES = "application/n-triples"
# Virtuoso 7's Graph Store handler ignores Content-Type and sniffs the first 64 KB of every
# body (parsed as HTML, then up to six times as Turtle, N-Quads and TriG): about 3 ms of server
# CPU per page-sized request. 64 KB of newlines, still valid N-Triples, sniff as Turtle at once.
_VIRTUOSO_SNIFF_WINDOW = 65_536
_VIRTUOSO_PAD = b"\n" * _VIRTUOSO_SNIFF_WINDOW
_NQUADS = "application/n-quads"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user and password for basic or digest authentication; ``repr`` hides the password."""

    user: str
    password: str
    scheme: str = "auto"  # "basic", "digest", or "auto" (digest for Virtuoso, else basic)

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password='***', scheme={self.scheme!r})"

    @classmethod
    def resolve(
        cls, user: str | None, password: str | None, scheme: str = "auto"
    ) -> Credentials | None:
        """From the options, else ``$KG_ENDPOINT_USER`` / ``$KG_ENDPOINT_PASSWORD``."""
        user = user or os.environ.get(USER_ENV)
        password = password if password is not None else os.environ.get(PASSWORD_ENV)
        if not user:
            return None
        return cls(user, password or "", scheme)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a store answers: query, update and Graph Store URLs, and how to talk to it."""

    query: str
    kind: str = "generic"
    update: str | None = None
    graph_store: str | None = None
    graph_param: str = "graph"
    credentials: Credentials | None = None
    query_params: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        return redact(self.query)

    def auth(self) -> AuthBase | None:
        if self.credentials is None:
            return None
        scheme = self.credentials.scheme
        if scheme == "auto":
            scheme = "digest" if self.kind == "virtuoso" else "basic"
        if scheme == "digest":
            return HTTPDigestAuth(self.credentials.user, self.credentials.password)
        return HTTPBasicAuth(self.credentials.user, self.credentials.password)

    def default_method(self) -> str:
        if self.kind == "oxigraph" and self.graph_store:
            return "bulk"
        return "gsp" if self.graph_store else "update"


def endpoint(
    url: str,
    *,
    kind: str = "auto",
    update: str | None = None,
    graph_store: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = 10.0,
) -> Endpoint:
    """The endpoint for a query URL; ``kind="auto"`` asks the server who it is.

    Each known kind fills in its update and Graph Store URLs from the query URL:

    - oxigraph ``http://h:7878/query``: ``/update``, ``/store``
    - virtuoso ``http://h:8890/sparql``: ``/sparql-auth``, ``/sparql-graph-crud-auth`` (with a
      user; without one ``/sparql`` and ``/sparql-graph-crud``)
    - fuseki ``http://h:3030/ds/query``: ``/ds/update``, ``/ds/data``
    - graphdb ``http://h:7200/repositories/R``: ``.../R/statements``, ``.../R/rdf-graphs/service``
    - neptune ``https://h:8182/sparql``: the same URL, ``/sparql/gsp/``
    - generic: the same URL for updates, no Graph Store (SPARQL Update only)

    ``update`` and ``graph_store`` override the derived URLs.
    """
    if not re.match(r"^https?://", url):
        raise StoreError(f"endpoint {redact(url)!r} is not an http(s) URL")
    if kind not in KINDS:
        raise StoreError(f"unknown server kind {kind!r}", hint="one of: " + ", ".join(KINDS))
    if kind == "auto":
        kind = detect_kind(url, timeout=timeout)
    derived = _layout(url, kind, credentials is not None)
    return replace(
        derived,
        update=update or derived.update,
        graph_store=graph_store or derived.graph_store,
        credentials=credentials,
    )


def detect_kind(url: str, *, timeout: float = 10.0) -> str:
    """The server's kind from its ``Server`` header or its URL; ``generic`` when unknown."""
    lowered = url.lower()
    if "/repositories/" in lowered:
        return "graphdb"
    if "neptune.amazonaws.com" in lowered:
        return "neptune"
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "*/*"})
    except requests.RequestException as exc:
        raise StoreError(f"{redact(url)}: cannot connect ({_reason(exc)})") from exc
    server = response.headers.get("Server", "").lower()
    for kind in ("oxigraph", "virtuoso", "fuseki"):
        if kind in server:
            return kind
    if "jena" in server:
        return "fuseki"
    return "generic"


def _layout(url: str, kind: str, authenticated: bool) -> Endpoint:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if kind == "oxigraph":
        base = re.sub(r"/(query|sparql)$", "", path)
        return Endpoint(
            at(base + "/query"),
            kind,
            update=at(base + "/update"),
            graph_store=at(base + "/store"),
            # Oxigraph keeps named graphs out of the default graph unless asked.
            query_params=(("union-default-graph", "true"),),
        )
    if kind == "virtuoso":
        base = re.sub(r"/sparql(-auth)?$", "", path)
        suffix = "-auth" if authenticated else ""
        return Endpoint(
            at(base + "/sparql"),
            kind,
            update=at(base + "/sparql" + suffix),
            graph_store=at(base + "/sparql-graph-crud" + suffix),
            graph_param="graph-uri",
        )
    if kind == "fuseki":
        base = re.sub(r"/(query|sparql)$", "", path)
        return Endpoint(url, kind, update=at(base + "/update"), graph_store=at(base + "/data"))
    if kind == "graphdb":
        return Endpoint(
            url, kind, update=at(path + "/statements"), graph_store=at(path + "/rdf-graphs/service")
        )
    if kind == "neptune":
        return Endpoint(url, kind, update=url, graph_store=at(path + "/gsp/"))
    return Endpoint(url, kind, update=url, graph_store=None)


def redact(url: str) -> str:
    """A URL fit to print: no user or password, no query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class Http:
    """One requests session per thread, with retries and errors that name the endpoint."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        retries: int = 3,
        backoff: float = 0.5,
        timeout: float = 600.0,
        on_retry: Callable[[str], None] | None = None,
        keep_alive: bool = True,
    ) -> None:
        self.endpoint = endpoint
        self.keep_alive = keep_alive
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.on_retry = on_retry
        self._local = threading.local()
        self._count = threading.Lock()
        self.requests = 0

    def session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.auth = self.endpoint.auth()
            if self.keep_alive and self.endpoint.kind == "virtuoso":
                # Virtuoso answers a gzip-accepting request compressed and closes the connection
                # after it: one TCP connection per request. Uncompressed, it keeps it alive.
                session.headers["Accept-Encoding"] = "identity"
            self._local.session = session
            if isinstance(session.auth, HTTPDigestAuth):
                self._prime(session)
        return session

    def _prime(self, session: requests.Session) -> None:
        # Digest needs a challenge first. Answered to a request with a large body, the 401
        # comes before the body is read and the connection breaks (Virtuoso), so a bodiless
        # request gets the nonce and every upload after it carries its Authorization at once.
        url = self.endpoint.graph_store or self.endpoint.update or self.endpoint.query
        params = {self.endpoint.graph_param: "urn:x-xbrl-kg:auth-probe"}
        self.send("GET", url, params=params, ok=(200, 404), session=session)

    def send(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        ok: Iterable[int] = (),
        session: requests.Session | None = None,
    ) -> requests.Response:
        """Send one request; retry transient failures; raise ``StoreError`` otherwise."""
        session = session or self.session()
        accepted = set(ok)
        attempt = 0
        while True:
            attempt += 1
            with self._count:
                self.requests += 1
            try:
                response = session.request(
                    method,
                    url,
                    data=data,
                    params=params,
                    headers=headers,
                    timeout=(10.0, self.timeout),
                )
            except requests.RequestException as exc:
                if attempt <= self.retries:
                    self._wait(attempt, f"{method} {redact(url)}: {_reason(exc)}")
                    continue
                raise StoreError(
                    f"{redact(url)}: cannot connect ({_reason(exc)})"
                    + (f" after {attempt} attempts" if attempt > 1 else "")
                ) from exc
            if response.ok or response.status_code in accepted:
                return response
            if response.status_code in _TRANSIENT_STATUS and attempt <= self.retries:
                self._wait(attempt, f"{method} {redact(url)}: HTTP {response.status_code}")
                continue
            raise _http_error(method, url, response)

    def _wait(self, attempt: int, what: str) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        if self.on_retry is not None:
            self.on_retry(f"{what}; retrying in {delay:.1f} s")
        time.sleep(delay)


def _http_error(method: str, url: str, response: requests.Response) -> StoreError:
    status = response.status_code
    detail = " ".join(response.text[:300].split()) if response.text else ""
    detail = re.sub(r"<[^>]+>", " ", detail).strip()
    message = f"{redact(url)}: HTTP {status} {response.reason or ''}".rstrip()
    message += f" on {method}" + (f": {detail[:160]}" if detail else "")
    hint = None
    if status in (401, 403):
        hint = f"check --user/--password or ${USER_ENV}/${PASSWORD_ENV}"
    return StoreError(message, hint=hint)


def _reason(exc: BaseException) -> str:
    text = str(exc)
    for pattern, reason in (
        (r"Connection refused", "connection refused"),
        (r"timed out", "timed out"),
        (r"Name or service not known|nodename nor servname", "unknown host"),
        (r"Connection reset|Connection aborted|RemoteDisconnected|ended prematurely", "reset"),
    ):
        if re.search(pattern, text):
            return reason
    return type(exc).__name__


@dataclass(frozen=True, slots=True)
class VirtuosoTuning:
    """Standard Graph Store requests, shaped for what costs Virtuoso 7 time per request.

    Its handler spends about 10 ms of CPU on a page-sized (1,000-triple) request besides
    the triples themselves; two parts of that depend on the request, not on the server:

    - PUT clears the graph first (``sparql clear graph``, a commit): for a graph the store
      does not hold, POST creates it the same, so graphs found absent are POSTed.
    - It sniffs the body's format from its first 64 KB, ignoring Content-Type: an HTML parse
      and up to six Turtle/N-Quads/TriG trial parses of 64 KB. A body that starts with 64 KB
      of newlines sniffs as Turtle at once and parses as the same N-Triples.

    The requests stay plain GSP (an N-Triples body, PUT or POST per graph), so any server
    would take them the same way; only Virtuoso endpoints get them.
    """

    pad_from: int = 8_192  # smaller bodies sniff quickly anyway

    @classmethod
    def of(cls, endpoint: Endpoint, method: str) -> VirtuosoTuning | None:
        return cls() if endpoint.kind == "virtuoso" and method == "gsp" else None

    def body(self, ntriples: bytes) -> bytes:
        return _VIRTUOSO_PAD + ntriples if len(ntriples) >= self.pad_from else ntriples


def default_batch(method: str, kind: str) -> int:
    """Triples per request: Graph Store bodies are large, SPARQL Update ones smaller."""
    if method == "load":
        return LOAD_BATCH
    if method != "update":
        return DEFAULT_BATCH
    return VIRTUOSO_UPDATE_BATCH if kind == "virtuoso" else UPDATE_BATCH


class RemoteStore:
    """Writes chunks of named graphs to an ``Endpoint``; counts and lists what it holds."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        method: str = "auto",
        batch: int | None = None,
        parallel: int = 1,
        retries: int = 3,
        backoff: float = 0.5,
        timeout: float = 600.0,
        on_retry: Callable[[str], None] | None = None,
        tuned: bool = True,
        serve_address: str = "127.0.0.1",
        unlogged: bool = False,
    ) -> None:
        if method not in METHODS:
            raise StoreError(
                f"unknown load method {method!r}", hint="one of: " + ", ".join(METHODS)
            )
        self.endpoint = endpoint
        self.method = endpoint.default_method() if method == "auto" else method
        if self.method in ("gsp", "bulk") and not endpoint.graph_store:
            raise StoreError(
                f"{endpoint.display} has no Graph Store endpoint for --method {self.method}",
                hint="give --graph-store URL, or --method update",
            )
        if self.method == "bulk" and endpoint.kind != "oxigraph":
            raise StoreError("--method bulk is Oxigraph server's loader; use gsp or update")
        if self.method == "load" and endpoint.kind != "virtuoso":
            raise StoreError("--method load is Virtuoso's (LOAD of served TriG); use gsp or update")
        if self.method == "load" and not endpoint.graph_store:
            raise StoreError(
                f"{endpoint.display} has no Graph Store endpoint for --method load",
                hint="give --graph-store URL",
            )
        if unlogged and self.method != "load":
            raise StoreError("--unlogged is for --method load into Virtuoso")
        if self.method != "gsp" and not endpoint.update:
            raise StoreError(f"{endpoint.display} has no update endpoint; give --update-endpoint")
        self.batch = batch or default_batch(self.method, endpoint.kind)
        self.parallel = max(1, parallel)
        self.serve_address = serve_address
        self.unlogged = unlogged
        self._served: BatchServer | None = None
        # ``tuned=False`` sends the Graph Store requests as any client would (for comparison).
        self.tuning = VirtuosoTuning.of(endpoint, self.method) if tuned else None
        self.http = Http(
            endpoint,
            retries=retries,
            backoff=backoff,
            timeout=timeout,
            on_retry=on_retry,
            keep_alive=tuned,
        )

    # -- loading ------------------------------------------------------------------------------

    def load(self, chunks: Iterable[Chunk]) -> LoadResult:
        """Replace every graph met on its first chunk; append the graph's later chunks.

        Requests of ``batch`` triples go out ``parallel`` at a time; a graph's later chunks
        wait until the request that replaced it has finished, so they are never wiped by it.
        At most ``parallel`` requests' data is held at once: memory stays flat.
        """
        started = time.perf_counter()
        seen: set[str] = set()
        triples = 0
        if self.method == "load":
            self._served = BatchServer(self.serve_address)
        try:
            triples = self._load(chunks, seen)
        finally:
            if self._served is not None:
                self._served.close()
                self._served = None
        seconds = time.perf_counter() - started
        target = self.endpoint.display
        return LoadResult(target, self.method, len(seen), triples, self.http.requests, seconds)

    def _load(self, chunks: Iterable[Chunk], seen: set[str]) -> int:
        triples = 0
        with _Pipeline(self.parallel) as pipeline:
            for group in _groups(chunks, self.batch):
                items: list[tuple[Chunk, bool]] = []
                for chunk in group:
                    items.append((chunk, chunk.graph not in seen))
                    seen.add(chunk.graph)
                    triples += len(chunk)
                pipeline.submit(
                    partial(self._write, items),
                    replaces={c.graph for c, first in items if first},
                    appends={c.graph for c, first in items if not first},
                )
        return triples

    def _write(self, group: list[tuple[Chunk, bool]]) -> None:
        if self.method == "gsp":
            absent = self._absent(group) if self.tuning else set()
            for chunk, replace_it in group:
                if not replace_it:
                    self._gsp_send("POST", chunk)
                elif chunk.graph in absent:
                    if len(chunk):  # an empty graph that is not there needs nothing
                        self._gsp_send("POST", chunk)
                else:
                    self._gsp_send("PUT", chunk)
        elif self.method == "bulk":
            self._bulk(group)
        elif self.method == "load":
            self._load_write(group)
        else:
            self._update(group)

    def _absent(self, group: list[tuple[Chunk, bool]]) -> set[str]:
        """The graphs this group starts that the store does not hold (one query)."""
        starting = {c.graph for c, first in group if first}
        return starting - self.existing_graphs(starting) if starting else set()

    def _gsp_send(self, method: str, chunk: Chunk) -> None:
        assert self.endpoint.graph_store is not None
        body = chunk.ntriples()
        if self.tuning is not None:
            body = self.tuning.body(body)
        self.http.send(
            method,
            self.endpoint.graph_store,
            params={self.endpoint.graph_param: chunk.graph},
            data=body,
            headers={"Content-Type": _NTRIPLES},
        )

    def _bulk(self, group: list[tuple[Chunk, bool]]) -> None:
        replacing = [c.graph for c, first in group if first]
        existing = self.existing_graphs(replacing) if replacing else set()
        atomic = [c for c, first in group if first and c.graph in existing and c.whole]
        dropped = [c.graph for c, first in group if first and c.graph in existing and not c.whole]
        added = [c for c, first in group if not (first and c.graph in existing and c.whole)]
        for batch in _update_batches(atomic, UPDATE_BATCH):
            self._update_send(_replace_text(batch))
        if dropped:
            self._update_send(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in dropped))
        if added:
            assert self.endpoint.graph_store is not None
            self.http.send(
                "POST",
                self.endpoint.graph_store,
                params={"no_transaction": "", "lenient": ""},
                data=b"".join(c.nquads() for c in added),
                headers={"Content-Type": _NQUADS},
            )

    def _load_write(self, group: list[tuple[Chunk, bool]]) -> None:
        starting = {c.graph for c, first in group if first}
        existing = self.existing_graphs(starting) if starting else set()
        fetched: list[Chunk] = []
        for chunk, first in group:
            if chunk.graph in existing:  # replaced as by gsp: PUT, then this group's POSTs
                self._gsp_send("PUT" if first else "POST", chunk)
            elif len(chunk):
                fetched.append(chunk)
        for body, alone in _trig_bodies(fetched, LOAD_BYTES):
            if alone is not None:  # one chunk past the Sponger's size limit: its graph is new
                self._gsp_send("POST", alone)
                continue
            assert self._served is not None
            with self._served.serving(body) as url:
                # no-sponge: load the document as it is, without the Sponger's extra triples
                log = "define sql:log-enable 2 " if self.unlogged else ""
                try:
                    self._update_send(f'{log}define get:soft "no-sponge" LOAD <{url}>')
                except StoreError as exc:
                    if "HC001" not in str(exc):  # Virtuoso's HTTP client could not connect
                        raise
                    raise StoreError(
                        f"{exc} (the server could not fetch {redact(url)})",
                        hint="give --serve-address HOST[:PORT] of this machine that the "
                        "server can connect to, or use --method gsp",
                    ) from exc

    def _update(self, group: list[tuple[Chunk, bool]]) -> None:
        for first, chunks in _runs(group):
            for batch in _update_batches(chunks, self.batch):
                self._update_send(_replace_text(batch) if first else _insert_text(batch))

    def _update_send(self, text: str) -> None:
        assert self.endpoint.update is not None
        self.http.send(
            "POST",
            self.endpoint.update,
            data=text.encode(),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    # -- reading back ---------------------------------------------------------------------------

    def select(self, text: str) -> list[dict[str, Any]]:
        """Run a SELECT and return the JSON bindings (used for counts and existence checks)."""
        # A URL-encoded POST: Virtuoso 7 never answers a query sent as a direct POST body.
        response = self.http.send(
            "POST",
            self.endpoint.query,
            data=urlencode({"query": text}).encode(),
            params=dict(self.endpoint.query_params),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        try:
            bindings: list[dict[str, Any]] = response.json()["results"]["bindings"]
        except (ValueError, KeyError) as exc:
            raise StoreError(f"{self.endpoint.display}: not SPARQL JSON results") from exc
        return bindings

    def existing_graphs(self, graphs: Iterable[str]) -> set[str]:
        """Which of these named graphs hold at least one triple."""
        names = sorted(set(graphs))
        found: set[str] = set()
        for start in range(0, len(names), 500):
            values = " ".join(f"<{g}>" for g in names[start : start + 500])
            rows = self.select(
                f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} "
                "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
            )
            found.update(row["g"]["value"] for row in rows)
        return found

    def graph_sizes(self, prefix: str = "") -> dict[str, int]:
        """Triples per named graph, for graphs whose IRI starts with ``prefix``."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{_escape(prefix)}")) }} GROUP BY ?g'
        )
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def _groups(chunks: Iterable[Chunk], batch: int) -> Iterator[list[Chunk]]:
    group: list[Chunk] = []
    size = 0
    for chunk in chunks:
        group.append(chunk)
        size += len(chunk)
        if size >= batch:
            yield group
            group, size = [], 0
    if group:
        yield group


def _trig_bodies(chunks: list[Chunk], limit: int) -> Iterator[tuple[bytes, Chunk | None]]:
    """TriG documents of at most ``limit`` bytes, each chunk's own document (with its prefix
    lines: TriG allows them between graphs) concatenated; a chunk bigger than that comes alone,
    as ``(b"", chunk)``, for another way in."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        body = chunk.trig()
        if len(body) > limit:
            yield b"", chunk
            continue
        if parts and size + len(body) > limit:
            yield b"".join(parts), None
            parts, size = [], 0
        parts.append(body)
        size += len(body)
    if parts:
        yield b"".join(parts), None


def _runs(group: list[tuple[Chunk, bool]]) -> Iterator[tuple[bool, list[Chunk]]]:
    """Consecutive chunks with the same replace flag, in order."""
    run: list[Chunk] = []
    flag = False
    for chunk, first in group:
        if run and first != flag:
            yield flag, run
            run = []
        flag = first
        run.append(chunk)
    if run:
        yield flag, run


def _update_batches(chunks: list[Chunk], batch: int) -> Iterator[list[Chunk]]:
    """Chunks grouped into requests of about ``batch`` triples, each chunk whole."""
    out: list[Chunk] = []
    size = 0
    for chunk in chunks:
        if out and size + len(chunk) > batch:
            yield out
            out, size = [], 0
        out.append(chunk)
        size += len(chunk)
    if out:
        yield out


def _replace_text(chunks: list[Chunk]) -> str:
    """One request, one transaction: each graph dropped and written again."""
    parts = []
    for chunk in chunks:
        parts.append(f"DROP SILENT GRAPH <{chunk.graph}>")
        if len(chunk):
            parts.append(_insert_text([chunk]))
    return " ;\n".join(parts)


def _insert_text(chunks: list[Chunk]) -> str:
    # N-Triples (as pyoxigraph writes it) is SPARQL syntax as it is.
    body = "\n".join(f"GRAPH <{c.graph}> {{\n{c.ntriples().decode()}}}" for c in chunks if len(c))
    return f"INSERT DATA {{\n{body}\n}}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class _Pipeline:
    """Runs writes ``parallel`` at a time, in order per graph: replace first, then appends.

    With ``parallel`` 1 each write runs at once in the caller's thread. Otherwise a write that
    appends to a graph waits for the write that replaced it; the first failure stops the
    pipeline and is raised once the writes in flight have finished.
    """

    def __init__(self, parallel: int) -> None:
        self.parallel = parallel
        self.pool = ThreadPoolExecutor(parallel) if parallel > 1 else None
        self.running: set[Future[None]] = set()
        self.replacing: dict[str, Future[None]] = {}

    def __enter__(self) -> _Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        try:
            if exc[0] is None:
                self._settle(wait(self.running).done)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, write: Callable[[], None], *, replaces: set[str], appends: set[str]) -> None:
        if self.pool is None:
            write()
            return
        before = {self.replacing[g] for g in appends if g in self.replacing}
        if before:
            self._settle(wait(before).done)
        while len(self.running) >= self.parallel:
            self._settle(wait(self.running, return_when=FIRST_COMPLETED).done)
        future = self.pool.submit(write)
        self.running.add(future)
        for graph in replaces:
            self.replacing[graph] = future

    def _settle(self, done: set[Future[None]]) -> None:
        for future in done:
            self.running.discard(future)
            error = future.exception()
            if error is not None:
                raise error
        # Forget replaced graphs whose write is over, so the map stays small.
        finished = [g for g, f in self.replacing.items() if f.done() and f not in self.running]
        for graph in finished:
            del self.replacing[graph]
