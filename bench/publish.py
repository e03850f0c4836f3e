"""Speed of linked-data publishing on the shared corpus: ``kg publish`` and ``kg serve``.

    python bench/publish.py [--graph corpus.nq] [--runs 3] [--seconds 20] [--clients 1,4]
                            [--out bench/results]

Without ``--graph`` it builds the shared corpus (every filer's HTML R pages and the Apple
filing) with ``kg build`` first. Then it measures

- ``kg publish GRAPH -o SITE`` in a fresh process: the median wall time of ``--runs`` runs,
  the files and bytes it writes, and the same with ``--no-documents`` (dumps and descriptions)
  and with ``--jobs 2`` (the documents written by two processes);
- ``kg serve GRAPH`` in a process of its own: for each number of concurrent clients, for
  ``--seconds``, requests for IRIs of every class (up to 200 of each) in the four content
  types, each a 303 then the document: requests per second and the median and 95th percentile
  latency; then ``/search`` and, through ``/sparql``, the stored queries that need no
  parameter (run with their parameters unbound): latency per request.

It prints the figures and writes ``publish-<date>.json`` with a description of the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.queries import stored_queries  # noqa: E402
from kg.rdf.namespaces import TYPE  # noqa: E402
from tests.linked import Server, corpus_inputs, fetch, follow  # noqa: E402

ACCEPTS = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")
PER_CLASS = 200


def build_corpus(folder: Path) -> Path:
    graph = folder / "corpus.nq"
    command = [sys.executable, "-m", "kg", "build", *map(str, corpus_inputs()), "-o", str(graph)]
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return graph


def site_figures(site: Path) -> dict[str, float]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "disk_bytes": sum(p.stat().st_blocks * 512 for p in files),
    }


def time_publish(graph: Path, folder: Path, runs: int, *extra: str) -> dict[str, object]:
    seconds = []
    site = folder / "site"
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        command = [sys.executable, "-m", "kg", "publish", str(graph), "-o", str(site), *extra]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - started)
    figures: dict[str, object] = {"seconds": seconds, "median_seconds": statistics.median(seconds)}
    figures.update(site_figures(site))
    shutil.rmtree(site)
    return figures


def sample_iris(graph: Path, base: str) -> list[str]:
    by_class: dict[str, set[str]] = defaultdict(set)
    for quad in ox.parse(path=str(graph)):
        if quad.predicate.value == TYPE and quad.subject.value.startswith(base):
            by_class[quad.object.value].add(quad.subject.value)
    chooser = random.Random(20261123)
    return [
        iri
        for iris in by_class.values()
        for iri in chooser.sample(sorted(iris), min(PER_CLASS, len(iris)))
    ]


def load(server: Server, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """Each client walks the paths (303 then the document, one content type after another)."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        step = offset
        while time.monotonic() < stop:
            path = paths[step % len(paths)]
            accept = ACCEPTS[(step // len(paths)) % len(ACCEPTS)]
            started = time.perf_counter()
            first, second = follow(server.url + path, accept)
            mine.append(time.perf_counter() - started)
            assert second.status == 200, (path, accept, first.status, second.status)
            step += clients
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients,
        "iris_dereferenced": len(latencies),
        "requests": 2 * len(latencies),
        "requests_per_second": 2 * len(latencies) / elapsed,
        "median_ms_303_and_document": 1000 * statistics.median(latencies),
        "p95_ms_303_and_document": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


def timed(url: str, accept: str) -> dict[str, float]:
    """Milliseconds and status of one GET (a SPARQL query past the timeout answers 503)."""
    started = time.perf_counter()
    reply = fetch(url, accept=accept)
    return {"ms": 1000 * (time.perf_counter() - started), "status": reply.status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--graph", type=Path, help="an N-Quads corpus graph (built if absent)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", default="1,4")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    base = "https://w3id.org/xbrl-kg/id/"
    results: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
    }
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        started = time.perf_counter()
        graph = args.graph or build_corpus(folder)
        if args.graph is None:
            results["build_seconds"] = time.perf_counter() - started
        results["triples_in_graph_lines"] = sum(1 for _ in graph.open("rb"))
        results["publish"] = time_publish(graph, folder, args.runs)
        results["publish_no_documents"] = time_publish(graph, folder, args.runs, "--no-documents")
        results["publish_jobs_2"] = time_publish(graph, folder, args.runs, "--jobs", "2")
        timed_runs = ("publish", "publish_no_documents", "publish_jobs_2")
        print(json.dumps({k: results[k] for k in timed_runs}, indent=1))

        paths = ["/" + iri[len(base) :] for iri in sample_iris(graph, base)]
        serving: list[dict[str, float]] = []
        with Server([str(graph)]) as server:
            server.wait_for_sparql()
            for clients in (int(c) for c in args.clients.split(",")):
                serving.append(load(server, paths, clients, args.seconds))
                print(json.dumps(serving[-1]))
            search = {
                q: timed(f"{server.url}/search?q={quote(q)}", "text/html")
                for q in ("revenue", "cash", "shares", "Apple", "member")
            }
            sparql = {
                query.name: timed(
                    f"{server.url}/sparql?query={quote(query.text)}",
                    "application/sparql-results+json",
                )
                for query in stored_queries().values()
                if all(p.optional for p in query.parameters)
            }
        results["serve"] = {
            "iris_sampled": len(paths),
            "load": serving,
            "search_ms": search,
            "sparql_ms": sparql,
        }
        print(json.dumps(results["serve"], indent=1))
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"publish-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"-> {out}")


if __name__ == "__main__":
    main()
