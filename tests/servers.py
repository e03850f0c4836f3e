"""Real SPARQL servers for the tests and the benchmark: Oxigraph server and OpenLink Virtuoso 7.

Each server runs as a child process on free 127.0.0.1 ports, with its data in a folder of its
own, and is stopped (and waited for) when the context ends. A server that cannot start raises
``ServerFailed`` with the tail of its log: the tests treat that as a failure, never a skip.

The binaries come from ``pip install oxigraph`` (``oxigraph``, in the test extra) and Debian's
``virtuoso-opensource`` (``virtuoso-t``, ``isql-vt``; ``tests/setup.d/virtuoso.sh`` installs it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # a fresh Virtuoso database has this account; loopback only
_START_TIMEOUT = 120.0


class ServerFailed(RuntimeError):
    """A server binary is missing, or the server did not come up (the message has its log)."""


@dataclass(frozen=True)
class Server:
    """A running server: its kind, the query endpoint to give ``kg``, and its credentials."""

    kind: str  # "oxigraph" or "virtuoso"
    endpoint: str
    user: str | None = None
    password: str | None = None
    data_dir: Path | None = None
    pid: int = 0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def binary(name: str) -> str:
    """The path of a server binary: beside this Python first (pip puts ``oxigraph`` there)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ServerFailed(
            f"{name} is not installed (tests/setup.d/virtuoso.sh installs it: see the README)"
        )
    return found


@contextlib.contextmanager
def oxigraph_server(data_dir: Path) -> Iterator[Server]:
    """``oxigraph serve --location DATA --bind 127.0.0.1:PORT``; queries see the union graph."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = data_dir.parent / f"{data_dir.name}.log"
    command = [
        binary("oxigraph"),
        "serve",
        "--location",
        str(data_dir),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    base = f"http://127.0.0.1:{port}"
    with _process(command, log, cwd=data_dir.parent) as process:
        _wait_http(f"{base}/query", process, log)
        yield Server("oxigraph", f"{base}/query", data_dir=data_dir, pid=process.pid)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {dir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxMemPoolSize = 200000000
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 1

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

; The defaults cut results silently (10,000 rows, 60 s): raised so every row comes back.
[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
MaxConstructTriples = 100000000
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
DeferInferenceRulesInit = 0
"""


@contextlib.contextmanager
def virtuoso_server(data_dir: Path, *, buffers: int = 170000) -> Iterator[Server]:
    """``virtuoso-t +foreground`` with a minimal ini: SQL and HTTP on free loopback ports.

    ``buffers`` is NumberOfBuffers (8 KB pages of cache); the Virtuoso docs suggest about
    two thirds of the memory given to it.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = data_dir / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=data_dir,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
        )
    )
    command = [binary("virtuoso-t"), "+configfile", str(ini), "+foreground", "+wait"]
    base = f"http://127.0.0.1:{http_port}"
    log = data_dir / "virtuoso.log"
    with _process(
        command, data_dir / "virtuoso.out", cwd=data_dir, stop=_virtuoso_stop(sql_port)
    ) as process:
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", process, log)
        yield Server(
            "virtuoso",
            f"{base}/sparql",
            user=VIRTUOSO_USER,
            password=VIRTUOSO_PASSWORD,
            data_dir=data_dir,
            pid=process.pid,
        )


def _virtuoso_stop(sql_port: int) -> list[str]:
    return [
        binary("isql-vt"),
        f"127.0.0.1:{sql_port}",
        VIRTUOSO_USER,
        VIRTUOSO_PASSWORD,
        "exec=shutdown;",
    ]


@contextlib.contextmanager
def _process(
    command: list[str], log: Path, *, cwd: Path, stop: list[str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        _stop(process, stop)


def _stop(process: subprocess.Popen[bytes], stop: list[str] | None) -> None:
    if process.poll() is not None:
        return
    if stop is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(stop, capture_output=True, timeout=60, check=False)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)
            return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"{process.args!r} exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerFailed(f"no answer from {url} after {_START_TIMEOUT:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {log})"
