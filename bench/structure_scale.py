"""Benchmark: structure validation (shapes/structure.ttl) of graphs up to a million facts.

    python bench/structure_scale.py [--facts 100000,1000000] [--work DIR]

The graphs are the shared corpus's report graphs copied under fresh report IRIs with shifted
values until they hold N facts (``bench/load_throughput.py``'s synthetic sets), loaded into an
on-disk Oxigraph store as one graph. Measured per size: loading, ``kg.validate.validate`` end to
end (compiled Core shapes on Oxigraph, then describing any results; the median of --runs, with
the load average before each run), each compiled query on its own (checks sharing one query
together), and peak memory. Writes ``bench/results/structure-scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import pyoxigraph as ox  # noqa: E402
from load_throughput import corpus_file, describe, synthetic  # noqa: E402

from kg.shacl_core_sparql import CoreCheck, by_query, compile_shapes, run_checks  # noqa: E402
from kg.shacl_sparql import split_shapes  # noqa: E402
from kg.validate import ontology_graph, shapes_graph, validate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--facts", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--work", help="folder for data and stores (default: a temporary one)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "structure-scale.json"))
    parser.add_argument("--runs", type=int, default=1, help="validations per size (median)")
    parser.add_argument("--note", help="a note on the conditions, kept in the results")
    parser.add_argument(
        "--workers", type=int, help="compiled queries at a time (default: one per CPU)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep each size's store under --work and reuse it next time (no load figure then)",
    )
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="kg-structure-"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "pyoxigraph": ox.__version__,
            "cpus": os.cpu_count(),
            "load_average_start": os.getloadavg(),
        },
        "started": time.strftime("%F %T %Z"),
        "sizes": [],
    }
    corpus = corpus_file(work / "corpus.nq")
    checks = compile_shapes(split_shapes(shapes_graph(["structure"])).core, ontology_graph())
    for facts in (int(n) for n in args.facts.split(",")):
        quads = synthetic(corpus, work / f"facts-{facts}.nq", facts=facts)
        triples = _as_triples(quads, work / f"facts-{facts}.nt")
        size = {"facts_asked": facts, **_described(quads, reuse=args.keep)}
        store_dir = work / f"store-{facts}"
        store, size["load_seconds"] = _store(store_dir, triples, reuse=args.keep)
        runs = []
        for _ in range(args.runs):
            load = [round(x, 2) for x in os.getloadavg()]
            started = time.perf_counter()
            report = validate(store, shapes=("structure",), workers=args.workers)
            runs.append({"seconds": round(time.perf_counter() - started, 1), "load_average": load})
        size["validate_runs"] = runs
        size["workers"] = args.workers or os.cpu_count()
        size["validate_seconds"] = statistics.median(float(str(r["seconds"])) for r in runs)
        size["results"] = len(report.results)
        size["facts_per_second"] = round(int(str(size["facts"])) / size["validate_seconds"])
        per_check = [_timed(store, group) for group in by_query(checks.checks)]
        per_check.sort(key=lambda c: -float(str(c["seconds"])))
        size["checks"] = len(checks.checks)
        size["queries"] = len(per_check)
        size["checks_seconds_total"] = round(sum(float(str(c["seconds"])) for c in per_check), 1)
        size["slowest_checks"] = per_check[:10]
        size["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        del store
        if not args.keep:
            shutil.rmtree(store_dir, ignore_errors=True)
        sizes = figures["sizes"]
        assert isinstance(sizes, list)
        sizes.append(size)
        print(json.dumps(size), flush=True)
        _write(args.out, figures)
    figures["load_average_end"] = os.getloadavg()
    figures["finished"] = time.strftime("%F %T %Z")
    if args.note:
        figures["note"] = args.note
    _write(args.out, figures)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _timed(store: ox.Store, group: list[CoreCheck]) -> dict[str, object]:
    """One query's time on its own, with the checks that share it."""
    started = time.perf_counter()
    found = sum(1 for _ in run_checks(store, group, workers=1))
    first = group[0]
    components = Counter(str(c.component).rpartition("#")[2] for c in group)
    return {
        "check": str(first.messages[0]) if first.messages else str(first.source_shape),
        "component": " + ".join(
            f"{n} x {name}" if n > 1 else name for name, n in sorted(components.items())
        ),
        "checks": len(group),
        "seconds": round(time.perf_counter() - started, 2),
        "results": found,
    }


def _described(quads: Path, *, reuse: bool) -> dict[str, object]:
    """``describe`` of the data, kept beside it with --keep (it reads all 6 GB at 1M)."""
    kept = quads.with_name(quads.name + ".json")
    if reuse and kept.exists():
        return dict(json.loads(kept.read_text()))
    described = describe(quads)
    if reuse:
        kept.write_text(json.dumps(described))
    return described


def _store(folder: Path, triples: Path, *, reuse: bool) -> tuple[ox.Store, float | None]:
    """The store of ``triples`` and its load time; a kept one is reused (a 1M load is ~95 s).

    A store is marked complete only after its load, so an interrupted one is loaded again.
    """
    done = folder.with_name(folder.name + ".loaded")
    if reuse and done.exists():
        return ox.Store(str(folder)), None
    done.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    started = time.perf_counter()
    store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES)
    seconds = round(time.perf_counter() - started, 1)
    if reuse:
        store.flush()
        done.touch()
    return store, seconds


def _as_triples(quads: Path, path: Path) -> Path:
    """The N-Quads file's triples in the default graph (SHACL validates one graph)."""
    if path.exists():
        return path
    with open(quads, encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as out:
        for line in lines:
            out.write(line[: line.rindex(" <")] + " .\n")
    return path


def _write(out: str, figures: dict[str, object]) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
