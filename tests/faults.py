"""A loopback HTTP proxy in front of a real server that injects the failures users meet.

Requests go through to the real server unchanged, except the ones a rule picks: the first
``unavailable`` requests get 503 (a transient failure the client retries), write requests
from number ``fail_writes_from`` on get ``fail_status`` without reaching the server, and with
``basic_auth`` set a request without those credentials gets 401 (a password-protecting
reverse proxy, as Oxigraph's docs put in front of its server). Writes are PUT, DELETE, and
POST anywhere but the query endpoint.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


@dataclass
class Faults:
    unavailable: int = 0
    fail_writes_from: int | None = None
    fail_status: int = 500
    basic_auth: tuple[str, str] | None = None
    query_path: str = "/query"
    seen: int = 0
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextlib.contextmanager
def fault_proxy(target: str, faults: Faults) -> Iterator[str]:
    """Serve on a free 127.0.0.1 port; yields the proxy's URL for ``target``'s path."""
    parts = urlsplit(target)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            path = urlsplit(self.path).path
            write = self.command in ("PUT", "DELETE") or (
                self.command == "POST" and path != faults.query_path
            )
            with faults.lock:
                faults.seen += 1
                faults.writes += int(write)
                unavailable = faults.seen <= faults.unavailable
                failing = (
                    write
                    and faults.fail_writes_from is not None
                    and faults.writes >= faults.fail_writes_from
                )
            if unavailable:
                return self._reply(503, b"try again later")
            if faults.basic_auth is not None:
                user, password = faults.basic_auth
                token = base64.b64encode(f"{user}:{password}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {token}":
                    return self._reply(
                        401, b"who are you?", {"WWW-Authenticate": 'Basic realm="kg"'}
                    )
            if failing:
                return self._reply(faults.fail_status, b"injected failure")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            connection = http.client.HTTPConnection(host, port, timeout=600)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                extra = {k: v for k, v in response.getheaders() if k.lower() not in _HOP}
                self._reply(response.status, data, extra)
            finally:
                connection.close()

        def _reply(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proxy_port = server.server_address[1]
        yield f"http://127.0.0.1:{proxy_port}{parts.path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
