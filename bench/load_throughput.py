"""Benchmark: load throughput into each store, for the shared corpus and synthetic facts.

    python bench/load_throughput.py [--runs 3] [--stores embedded,oxigraph,virtuoso]
                                    [--triples 1000000] [--facts 1000000] [--only PATH,...]

Data sets, each written once as an N-Quads file and loaded with ``kg load`` (the library's
``load_files_*``), one named graph per report:

* ``corpus``: the shared EDGAR corpus as the store tests build it (every '|' text page in both
  trafilatura modes, every HTML R page; ``XBRL_KG_SHARED_DATA`` or ``../shared/data``).
* ``synthetic-1M-triples``: the corpus's report graphs copied under fresh report IRIs (every
  fact, row and column IRI hangs under its report's) with each fact's value shifted, until it
  holds ``--triples`` triples. Concepts, periods and units stay shared, as across filings.
* ``synthetic-1M-facts``: the same, until it holds ``--facts`` facts (about 26 triples a
  fact with their reports' rows, columns and sources), loaded with each store's fastest path.
* ``synthetic-1M-triples-filings``: Apple's 10-Q filing folder as ``kg build`` writes it, one
  named graph for the whole filing (27,370 triples), copied under other filing keys with
  shifted values until it holds ``--triples`` triples: the shape of an EDGAR quarter
  loaded filing by filing, where requests are filing-sized rather than page-sized.

Every run loads into a new, empty store (a fresh server folder), checks the triple count
afterwards (not timed) and stops the server. Paths (``--only`` picks some):

* ``embedded/bulk``: pyoxigraph's bulk loader into a store folder (``kg load --store``).
* ``oxigraph/gsp``: one Graph Store PUT per report graph (the standard protocol as it is).
* ``oxigraph/bulk``: N-Quads POSTs of ``--batch`` triples to ``/store?no_transaction`` (its
  bulk loader), one at a time, and ``oxigraph/bulk-pN`` with N requests in parallel.
* ``virtuoso/gsp``: Graph Store PUT per graph, POST for a graph's later chunks; ``-pN``
  parallel. Virtuoso gets ``--virtuoso-buffers`` 8 KB pages of cache (3/4 may be dirty).
  As ``kg load`` sends them (``VirtuosoTuning``): POST for graphs found absent, bodies
  padded past Virtuoso's 64 KB content sniffing, connections kept alive.
  ``virtuoso/gsp-plain-pN``: the same requests as any client sends them (``tuned=False``).
* ``virtuoso/load``: ``kg load --method load``: TriG batches of ``--load-batch`` triples
  that the client serves on 127.0.0.1, fetched by Virtuoso with ``LOAD <url>``; ``-pN``.
  ``virtuoso/load-unlogged-pN``: the same with ``--unlogged`` (no transaction log, as
  Virtuoso's bulk loader; durable from the next checkpoint).
* ``client/parse``: reading and cutting the file into request bodies without sending them:
  the ceiling the Python client puts on every remote path.

Writes ``bench/results/load-throughput.json``: the machine, versions, data sets, every run
and the median per path.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from kg.build import build  # noqa: E402
from kg.stores.embedded import LoadResult, open_store  # noqa: E402
from kg.stores.graphs import DEFAULT_BATCH, file_chunks  # noqa: E402
from kg.stores.remote import LOAD_BATCH, Credentials, RemoteStore, endpoint  # noqa: E402
from tests.corpus import apple_filing, html_pages, text_pages  # noqa: E402
from tests.servers import Server, binary, oxigraph_server, virtuoso_server  # noqa: E402

FACT_TYPES = (
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/xbrl-kg/ontology#Fact>",
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/xbrl-kg/ontology#TextBlockFact>",
)
_VALUE = re.compile(
    r'(<https://w3id.org/xbrl-kg/ontology#value> ")([-+0-9.]+)'
    r'("\^\^<http://www.w3.org/2001/XMLSchema#decimal>)'
)


@dataclass(frozen=True)
class Route:
    """One way into one store: its kind, the load method and how many requests at once."""

    name: str
    store: str
    method: str = ""
    parallel: int = 1
    tuned: bool = True
    unlogged: bool = False


PATHS = (
    Route("client/parse", "client"),
    Route("embedded/bulk", "embedded"),
    Route("oxigraph/gsp", "oxigraph", "gsp"),
    Route("oxigraph/bulk", "oxigraph", "bulk"),
    Route("oxigraph/bulk-p2", "oxigraph", "bulk", 2),
    Route("oxigraph/bulk-p4", "oxigraph", "bulk", 4),
    Route("virtuoso/gsp", "virtuoso", "gsp"),
    Route("virtuoso/gsp-p2", "virtuoso", "gsp", 2),
    Route("virtuoso/gsp-p4", "virtuoso", "gsp", 4),
    Route("virtuoso/gsp-p8", "virtuoso", "gsp", 8),
    Route("virtuoso/load", "virtuoso", "load"),
    Route("virtuoso/load-p2", "virtuoso", "load", 2),
    Route("virtuoso/load-p3", "virtuoso", "load", 3),
    Route("virtuoso/load-p4", "virtuoso", "load", 4),
    Route("virtuoso/load-unlogged-p2", "virtuoso", "load", 2, unlogged=True),
    Route("virtuoso/load-unlogged-p3", "virtuoso", "load", 3, unlogged=True),
    Route("virtuoso/gsp-plain-p2", "virtuoso", "gsp", 2, tuned=False),
    Route("virtuoso/gsp-plain-p4", "virtuoso", "gsp", 4, tuned=False),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per path and data set")
    parser.add_argument("--stores", default="client,embedded,oxigraph,virtuoso")
    parser.add_argument("--only", default="", help="comma-separated path names (default: all)")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--facts", type=int, default=1_000_000, help="0 skips the fact set")
    parser.add_argument(
        "--facts-paths",
        default="embedded/bulk,oxigraph/bulk-p2,virtuoso/load-p3",
        help="paths for the fact set (the fastest of each store)",
    )
    parser.add_argument("--facts-runs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="triples per request")
    parser.add_argument("--load-batch", type=int, default=LOAD_BATCH, help="for virtuoso/load")
    parser.add_argument("--virtuoso-buffers", type=int, default=340_000)
    parser.add_argument("--work", help="folder for data and stores (default: a temporary one)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "load-throughput.json"))
    args = parser.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    stores = set(args.stores.split(","))
    only = set(filter(None, args.only.split(",")))
    paths = [p for p in PATHS if p.store in stores and (not only or p.name in only)]
    figures: dict[str, object] = {"machine": machine(), "started": time.strftime("%F %T %Z")}
    figures["settings"] = {
        "runs": args.runs,
        "batch": args.batch,
        "virtuoso_buffers": args.virtuoso_buffers,
        "load_batch": args.load_batch,
    }

    started = time.perf_counter()
    corpus = corpus_file(work / "corpus.nq")
    figures["corpus_build_seconds"] = round(time.perf_counter() - started, 1)
    datasets = {"corpus": corpus}
    datasets["synthetic-1M-triples"] = synthetic(
        corpus, work / "synthetic-triples.nq", triples=args.triples
    )
    datasets["synthetic-1M-triples-filings"] = filing_copies(
        apple_filing(), work / "synthetic-filings.nq", triples=args.triples
    )
    if args.facts:
        datasets["synthetic-1M-facts"] = synthetic(
            corpus, work / "synthetic-facts.nq", facts=args.facts
        )
    figures["datasets"] = {name: describe(path) for name, path in datasets.items()}
    print(json.dumps(figures["datasets"], indent=1), flush=True)

    results: list[dict[str, object]] = []
    figures["runs"] = results
    plan: list[tuple[str, Route, int]] = []
    for name in ("corpus", "synthetic-1M-triples", "synthetic-1M-triples-filings"):
        plan += [(name, p, args.runs) for p in paths]
    if args.facts:
        fact_paths = set(args.facts_paths.split(","))
        plan += [("synthetic-1M-facts", p, args.facts_runs) for p in paths if p.name in fact_paths]
    for name, path, runs in plan:
        for run in range(runs):
            result = measure(path, datasets[name], work / "store", args)
            row = {"dataset": name, "path": path.name, "run": run + 1, **result}
            results.append(row)
            print(json.dumps(row), flush=True)
            _write(args.out, figures)  # keep what is measured if a later run fails
    figures["medians"] = medians(results)
    figures["finished"] = time.strftime("%F %T %Z")
    figures["load_average_end"] = os.getloadavg()
    _write(args.out, figures)
    print(json.dumps(figures["medians"], indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _write(out: str, figures: dict[str, object]) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(figures, indent=1) + "\n")


# -- data -----------------------------------------------------------------------------------


def corpus_file(path: Path) -> Path:
    """The shared corpus as the store tests build it, as N-Quads (one graph per report)."""
    if path.exists():
        return path
    pages = [str(p.text) for p in text_pages()]
    pages += [str(p.precision) for p in text_pages() if p.precision]
    pages += [str(p) for p in html_pages()]
    result = build(pages)
    result.dataset.write(path)
    return path


def synthetic(corpus: Path, path: Path, *, triples: int = 0, facts: int = 0) -> Path:
    """Copies of the corpus's report graphs under new report IRIs, values shifted per copy.

    Stops at the first whole report graph that reaches ``triples`` triples or ``facts`` facts.
    Written as a stream, so any size fits in memory.
    """
    if path.exists():
        return path
    graphs = _graph_lines(corpus)
    written = counted = 0
    with open(path, "w", encoding="utf-8") as out:
        copy = 0
        while True:
            copy += 1
            for graph, lines in graphs.items():
                out.writelines(_copied(line, graph, copy) for line in lines)
                written += len(lines)
                counted += sum(1 for line in lines if any(t in line for t in FACT_TYPES))
                if (triples and written >= triples) or (facts and counted >= facts):
                    return path


def filing_copies(folder: Path, path: Path, *, triples: int) -> Path:
    """Copies of one filing's graph (``kg build FOLDER``) under other filing keys (accession
    numbers, or CIK-form-period), so every fact, row and report IRI is new in each copy."""
    if path.exists():
        return path
    original = path.with_suffix(".original.nq")
    result = build([str(folder)])
    result.dataset.write(original)
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    if not result.filings:
        raise SystemExit(f"{folder}: not read as a filing")
    key = result.filings[0].key  # in every IRI of the filing's graph
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for copy in itertools.count(1):
            out.writelines(_copied(line, key, copy) for line in lines)
            written += len(lines)
            if written >= triples:
                return path
    return path


def _copied(line: str, name: str, copy: int) -> str:
    """An N-Quads line of copy number ``copy``: ``name`` (in every IRI to renew) suffixed, and
    a fact's value shifted by ``copy``."""
    line = line.replace(name, f"{name}-s{copy}")
    if "ontology#value>" in line:
        line = _VALUE.sub(partial(_shifted, shift=Decimal(copy)), line)
    return line


def _shifted(match: re.Match[str], shift: Decimal) -> str:
    return f"{match.group(1)}{Decimal(match.group(2)) + shift}{match.group(3)}"


def _graph_lines(corpus: Path) -> dict[str, list[str]]:
    graphs: dict[str, list[str]] = {}
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            graph = line.rstrip()[:-1].rstrip().rsplit(" ", 1)[1][1:-1]
            graphs.setdefault(graph, []).append(line)
    return graphs


def describe(path: Path) -> dict[str, object]:
    graphs: set[str] = set()
    triples = facts = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            triples += 1
            facts += any(t in line for t in FACT_TYPES)
            graphs.add(line.rstrip()[:-1].rstrip().rsplit(" ", 1)[1])
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "graphs": len(graphs),
        "triples": triples,
        "facts": facts,
    }


# -- measuring ------------------------------------------------------------------------------


def measure(path: Route, data: Path, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        if path.store == "client":
            return _timed(lambda: _client_only(data, args.batch))
        if path.store == "embedded":
            with open_store(folder / "embedded") as store:
                result = store.load_files([data])
                return {**_figures(result), "stored": len(store)}
        server_context: AbstractContextManager[Server]
        if path.store == "oxigraph":
            server_context = oxigraph_server(folder / "data")
        else:
            server_context = virtuoso_server(folder / "db", buffers=args.virtuoso_buffers)
        with server_context as server:
            remote = _remote(server, path, args.load_batch if path.method == "load" else args.batch)
            server_cpu, client_cpu = _cpu_seconds(server.pid), time.process_time()
            result = remote.load(file_chunks([data], remote.batch))
            server_cpu = _cpu_seconds(server.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
            figures = _figures(result)
            # CPU per triple: what a run costs, whatever else shares the machine meanwhile.
            figures["server_cpu_us_per_triple"] = round(server_cpu / result.triples * 1e6, 2)
            figures["client_cpu_us_per_triple"] = round(client_cpu / result.triples * 1e6, 2)
            figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
            figures["stored"] = _count(server)
            return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client_only(data: Path, batch: int) -> tuple[int, int]:
    triples = requests = 0
    for chunk in file_chunks([data], batch):
        body = chunk.ntriples()
        triples += len(chunk)
        requests += 1
        del body
    return triples, requests


def _timed(work: Callable[[], tuple[int, int]]) -> dict[str, object]:
    started = time.perf_counter()
    triples, requests = work()
    seconds = time.perf_counter() - started
    return {
        "triples": triples,
        "requests": requests,
        "seconds": round(seconds, 3),
        "triples_per_second": round(triples / seconds),
    }


def _figures(result: LoadResult) -> dict[str, object]:
    return {
        "method": result.method,
        "graphs": result.graphs,
        "triples": result.triples,
        "requests": result.requests,
        "seconds": round(result.seconds, 3),
        "triples_per_second": round(result.rate),
    }


def _remote(server: Server, path: Route, batch: int) -> RemoteStore:
    credentials = Credentials(server.user, server.password or "") if server.user else None
    where = endpoint(server.endpoint, kind=server.kind, credentials=credentials)
    return RemoteStore(
        where,
        method=path.method,
        batch=batch,
        parallel=path.parallel,
        tuned=path.tuned,
        unlogged=path.unlogged,
    )


def _count(server: Server) -> int:
    credentials = Credentials(server.user, server.password or "") if server.user else None
    store = RemoteStore(endpoint(server.endpoint, kind=server.kind, credentials=credentials))
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0]["n"]["value"])


def medians(results: list[dict[str, object]]) -> list[dict[str, object]]:
    keyed: dict[tuple[str, str], list[dict[str, object]]] = {}
    for row in results:
        keyed.setdefault((str(row["dataset"]), str(row["path"])), []).append(row)
    out = []
    for (dataset, path), rows in keyed.items():
        rates = [float(r["triples_per_second"]) for r in rows]  # type: ignore[arg-type]
        seconds = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
        out.append(
            {
                "dataset": dataset,
                "path": path,
                "runs": len(rows),
                "median_triples_per_second": round(statistics.median(rates)),
                "median_seconds": round(statistics.median(seconds), 2),
                "min_triples_per_second": round(min(rates)),
                "max_triples_per_second": round(max(rates)),
                **_median_cpu(rows),
            }
        )
    return out


def _median_cpu(rows: list[dict[str, object]]) -> dict[str, float]:
    out = {}
    for key in ("server_cpu_us_per_triple", "client_cpu_us_per_triple"):
        values = [float(r[key]) for r in rows if key in r]  # type: ignore[arg-type]
        if values:
            out[f"median_{key}"] = round(statistics.median(values), 2)
    return out


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "oxigraph_server": _version([binary("oxigraph"), "--version"]),
        "virtuoso": _version([binary("virtuoso-t"), "-?"], pattern=r"Version \S+"),
        "load_average_start": os.getloadavg(),
        "note": "the load averages (at the start, per run, at the end) say what else ran; "
        "the benchmark's own client and server make about 2",
    }


def _version(command: list[str], pattern: str = r".+") -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        return f"unavailable ({exc})"
    match = re.search(pattern, done.stdout + done.stderr)
    return match.group(0).strip() if match else "unknown"


if __name__ == "__main__":
    main()
