"""Helpers for the publishing tests: the corpus graph, a real ``kg serve`` process, raw HTTP.

``Server`` starts ``python -m kg serve`` on a free port (the command prints its URL first) and
stops that process, by its id, when the test is done. ``fetch`` never follows redirects, so a
test sees each 303. ``nginx_serving`` runs Debian's nginx with the sample configuration a
site carries.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.corpus import REPO, apple_filing, shared_data

OUTPUT = Path(os.environ.get("KG_TEST_OUTPUT") or REPO / "test-output")


def corpus_inputs() -> list[Path]:
    """The shared EDGAR corpus as HTML: every filer's R pages and the complete Apple filing."""
    return [shared_data() / "edgar" / "r-pages", apple_filing()]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    accept: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    parts = urlsplit(url)
    assert parts.hostname is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    sent = dict(headers or {})
    if accept is not None:
        sent["Accept"] = accept
    try:
        connection.request(method, target or "/", body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        got = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, got, data)
    finally:
        connection.close()


def follow(url: str, accept: str) -> tuple[Reply, Reply]:
    """GET ``url``; it must answer 303; then GET the Location. Both replies."""
    first = fetch(url, accept=accept)
    assert first.status == 303, (url, accept, first.status, first.body[:200])
    # A path (kg serve) or an absolute URL (nginx's default absolute_redirect).
    return first, fetch(urljoin(url, first.headers["location"]), accept=accept)


class Server:
    """``kg serve`` on 127.0.0.1 in a process of its own."""

    def __init__(self, args: Sequence[str]) -> None:
        command = [sys.executable, "-m", "kg", "serve", *args, "--port", "0", "--quiet"]
        self.process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if " at http://" not in line:
            self.process.kill()
            _, err = self.process.communicate(timeout=30)
            raise RuntimeError(f"kg serve did not start: {line}{err}")
        self.url = line.split(" at ", 1)[1].split(" ", 1)[0].rstrip("/")
        self.log = line

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def wait_for_sparql(self, timeout: float = 120) -> None:
        """The SPARQL worker loads the graph in the background; wait until it answers."""
        deadline = time.monotonic() + timeout
        while True:
            reply = fetch(
                self.url + "/sparql?query=ASK%7B%7D", accept="application/sparql-results+json"
            )
            if reply.status == 200 or time.monotonic() > deadline:
                assert reply.status == 200, reply.body
                return
            time.sleep(0.2)


# -- the sample nginx configuration kg publish writes, run for real

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@contextmanager
def nginx_serving(site: Path, base: str, folder: Path) -> Iterator[str]:
    """nginx with the site's sample configuration on a free loopback port; its URL."""
    if not Path(NGINX).exists():
        message = "no nginx: run tests/setup.d/nginx.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = base.split("/", 3)[3]  # the base's path, without its leading '/'
    www = folder / "www"
    (www / path).parent.mkdir(parents=True, exist_ok=True)
    (www / path.rstrip("/")).symlink_to(site, target_is_directory=True)
    sample = (site / "nginx.conf").read_text()
    server = sample.replace("root /srv/xbrl-kg/site;", f"root {www};").replace(
        "listen 80;", f"listen 127.0.0.1:{port};"
    )
    (folder / "site.conf").write_text(server)
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{\n    access_log off;\n{temp}\n    include {folder}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read() if process.stderr else b""
                    raise RuntimeError(f"nginx did not start: {stderr!r}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/{path}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()
