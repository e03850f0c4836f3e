"""``kg serve``: dereferenceable IRIs, HTML pages, label search and a SPARQL endpoint.

``make_app`` builds the WSGI application for a graph; ``serve`` runs it on the standard
library's WSGI server (one thread per request) until interrupted.
"""

from __future__ import annotations

import signal
import socketserver
import sys
import threading
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from kg.errors import PublishError
from kg.publish.describe import GraphView, vocabulary
from kg.publish.source import GraphSource, check_base, infer_base, read_graph
from kg.publish.void import Metadata
from kg.serve.app import App
from kg.serve.sparql import DEFAULT_LIMIT, DEFAULT_TIMEOUT, SparqlService

DEFAULT_PORT = 8000


def make_app(
    source: GraphSource,
    *,
    base: str | None = None,
    meta: Metadata | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    sparql: bool = True,
) -> App:
    """The application for the graph of ``source``; its SPARQL worker starts loading now."""
    store = read_graph(source)
    base = check_base(base or infer_base(store))
    service = None
    if sparql:
        service = SparqlService(source, timeout=timeout, limit=limit)
        service.start()
    return App(GraphView(store, base, vocabulary()), sparql=service, meta=meta)


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environ()
        environ["RAW_URI"] = self.path  # the path with its percent-escapes, as sent
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.quiet:  # type: ignore[attr-defined]
            return
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def serve(
    app: App,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    quiet: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until interrupted; ``ready`` gets the server's URL once it listens."""
    try:
        server = make_server(host, port, app, server_class=_Server, handler_class=_Handler)
    except OSError as exc:
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.quiet = quiet  # type: ignore[attr-defined]
    url = f"http://{host}:{server.server_port}/"
    if threading.current_thread() is threading.main_thread():
        # A plain `kill` stops the server as Ctrl-C does: the query worker goes with it.
        signal.signal(signal.SIGTERM, _interrupt)
    if ready is not None:
        ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if app.sparql is not None:
            app.sparql.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


__all__ = ["App", "make_app", "serve"]
