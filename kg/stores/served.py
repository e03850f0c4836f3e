"""TriG batches served over HTTP for a SPARQL server to ``LOAD``: the ``load`` method.

Virtuoso 7's Graph Store takes one graph per request, and a page-sized request costs it about
four times its triples' share of CPU in fixed work. ``LOAD <url>`` (SPARQL 1.1 Update) makes it
fetch a document instead, and its loader (the Sponger) reads a TriG document
(``application/trig``) into the graphs it names: one request for many report graphs, at the
per-triple cost of a bulk load. TriG rather than N-Quads: a fifth of the bytes, and about a
fifth less of the server's CPU per triple (``bench/load_throughput.py``). ``BatchServer`` is
the small HTTP server that the client runs for that: each batch sits at a random path until
its ``LOAD`` has returned.

The server must reach the client: it listens on ``127.0.0.1`` by default (a server on the same
machine); for another machine give an address of this one that the server can connect to.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import StoreError

TRIG_TYPE = "application/trig"


class BatchServer:
    """Serves byte strings at unguessable URLs until they are withdrawn; thread-safe."""

    def __init__(self, address: str = "127.0.0.1") -> None:
        host, _, port = address.rpartition(":") if ":" in address else (address, "", "0")
        try:
            self._http = ThreadingHTTPServer((host or "127.0.0.1", int(port)), self._handler())
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"cannot serve batches at {address!r} for the load method: {exc}",
                hint="give --serve-address HOST[:PORT] of this machine that the server reaches",
            ) from exc
        self._http.daemon_threads = True
        self.base = f"http://{host or '127.0.0.1'}:{self._http.server_address[1]}"
        self._bodies: dict[str, bytes] = {}
        self._lock = threading.Lock()
        # shutdown() waits for the loop's next poll: at the default 0.5 s that was a fifth of a
        # corpus load's time (1.6 s), spent after the last LOAD had returned.
        serve = partial(self._http.serve_forever, poll_interval=0.02)
        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    body = server._bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", TRIG_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    @contextmanager
    def serving(self, body: bytes) -> Iterator[str]:
        """The URL of ``body`` while the block runs (a retried ``LOAD`` finds it again)."""
        path = f"/{secrets.token_urlsafe(16)}.trig"
        with self._lock:
            self._bodies[path] = body
        try:
            yield self.base + path
        finally:
            with self._lock:
                del self._bodies[path]

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=10)
