"""Throughput and memory of the R-page pipeline, on the shared corpus and synthetic ones.

    python bench/throughput.py [--sizes 107,321] [--runs 5] [--jobs 1,2] [--out bench/results]
                               [--no-phases] [--also EARLIER_RESULT.json] [--source html]

For each corpus size N it writes N '|' text pages to a temporary folder: the shared corpus's
default-mode pages, and beyond them replicas of those pages with other values (every amount
multiplied by a factor of the copy, so totals, roll-forwards and member sums still hold as on
a real page; percentages kept) and other years in the column headers, so the replicas are new
reports of the same real formats. ``--source html`` does the same with the shared R pages'
HTML (their value cells scaled, the years elsewhere moved). Then it measures

- end to end: ``kg build DIR -o out.nq --no-validate --quiet --jobs J`` in a fresh process, the
  median wall time of ``--runs`` runs after a warm-up run on the corpus's first copy (which
  compiles the modules to bytecode, as an install does), and the peak memory of its process
  tree (RSS, sampled);
- phases, in this process, once: read (pages to the model), emit (model to sorted N-Quads
  lines), validate (the structure shapes, each unit on its own, as kg build checks them: a
  batch at a time, see kg.stream.validated_units), load (the N-Quads into an
  embedded pyoxigraph store) and the stored queries on that store.

It writes ``throughput-<date>.json`` (``throughput-html-<date>.json`` for HTML: figures and a
description of the machine) and a PNG plot of triples per second and peak memory against
corpus size, with the end-to-end runs of any ``--also`` result (a large size, measured once
with ``--runs 1 --no-phases``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.build import read_report  # noqa: E402
from kg.errors import SourceError  # noqa: E402
from kg.model import Report  # noqa: E402
from kg.queries import run_query, stored_queries  # noqa: E402
from kg.rdf.emit import report_triples  # noqa: E402
from kg.rdf.iris import Iris  # noqa: E402
from kg.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from tests.corpus import html_pages, text_pages  # noqa: E402

# A value line holding one amount: "|$ (1,234.5)", "|862 [1]"; not "|12 Months Ended", "|85%".
_AMOUNT_LINE = re.compile(r"^\|[-$€£¥(\s]*[\d,]+(\.\d+)?\s*\)?\s*(\[\d+\]\s*)*$")
_AMOUNT = re.compile(r"\d[\d,]*(\.\d+)?")
_YEAR = re.compile(r"\b(19|20)(\d\d)\b")


def corpus_pages(source: str = "text") -> list[Path]:
    if source == "html":
        return html_pages()
    return [page.text for page in text_pages() if page.text is not None]


def replica(text: str, copy: int) -> str:
    """The page with its amounts multiplied by a factor of ``copy`` and years moved by it.

    Redrawing digits at random (as this did before) broke every total and roll-forward, which
    no real page does, and sent the column-placement search wide: replicas read 3x slower
    than the pages they copy. A common factor keeps every sum a sum.
    """
    if copy == 0:
        return text
    lines = []
    for line in text.splitlines(keepends=True):
        if _AMOUNT_LINE.match(line) and not _YEAR.fullmatch(line.strip("|\n ")):
            line = _scaled_amounts(line, copy)
        else:
            line = _YEAR.sub(lambda m: _moved_year(m.group(0), copy), line)
        lines.append(line)
    return "".join(lines)


# A value cell of an R page's HTML (its text up to the "<span>" every cell ends with), else a
# year anywhere outside one: in the column headers, balance labels, text blocks.
_HTML_CELL_OR_YEAR = re.compile(r'(?P<cell><td class="nump?">)(?P<value>[^<]*)|' + _YEAR.pattern)


def html_replica(html: str, copy: int) -> str:
    """An R page's HTML as ``replica`` changes the text: amounts scaled, years moved."""
    if copy == 0:
        return html

    def changed(m: re.Match[str]) -> str:
        if m.group("cell") is None:
            return _moved_year(m.group(0), copy)
        value = m.group("value")
        return m.group("cell") + (value if "%" in value else _scaled_amounts(value, copy))

    return _HTML_CELL_OR_YEAR.sub(changed, html)


def _scaled_amounts(text: str, copy: int) -> str:
    """Every amount in ``text`` times the copy's factor."""
    factor = 2 + copy % 7
    return _AMOUNT.sub(lambda m: _scaled(m.group(0), factor), text)


def _moved_year(year: str, copy: int) -> str:
    return str(int(year) + copy % 50)


def _scaled(amount: str, factor: int) -> str:
    """ "1,234.5" times 3 is "3,703.5": same decimals, thousands separators as R pages print."""
    digits = amount.replace(",", "")
    places = len(digits.partition(".")[2])
    return f"{Decimal(digits) * factor:,.{places}f}"


def write_corpus(folder: Path, size: int, source: str = "text") -> list[Path]:
    sources = corpus_pages(source)
    copied = html_replica if source == "html" else replica
    written = []
    for index in range(size):
        source = sources[index % len(sources)]
        copy = index // len(sources)
        target = folder / f"{copy:04d}" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(copied(source.read_text(encoding="utf-8"), copy), encoding="utf-8")
        written.append(target)
    return written


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, AttributeError):
            continue
    return total


def compiled_env(scratch: Path) -> dict[str, str]:
    """The environment of an installed kg: its modules compiled once, as pip does, not on
    every start (a shell with PYTHONDONTWRITEBYTECODE=1, as this one had, compiles them in
    every process: 0.15 s of a run). The bytecode goes to a scratch folder."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def run_build(
    folder: Path, out: Path, jobs: int, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of one ``kg build`` in a fresh process."""
    command = [str(Path(sys.executable).parent / "kg"), "build", str(folder), "-o", str(out)]
    command += ["--no-validate", "--no-progress", "--quiet", "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=REPO, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"kg build failed with exit code {code}")
    return seconds, peak


def read_pages(pages: list[Path]) -> list[Report]:
    """The pages' reports; a page the reader refuses is left out."""
    reports = []
    for page in pages:
        try:
            reports.append(read_report(str(page)))
        except SourceError:
            continue
    return reports


def report_lines(report: Report, iris: Iris) -> list[str]:
    """The report's N-Quads lines, sorted, as ``kg build`` writes them."""
    graph = iris.report(report)
    return sorted(f"{s} {p} {o} <{graph}> .\n" for s, p, o in set(report_triples(report, iris)))


def phases(pages: list[Path]) -> dict[str, dict[str, float]]:
    """Seconds, pages/s and triples/s of each phase, one process, in memory."""
    import pyoxigraph as ox

    from kg.stream import BuiltUnit, validated_units

    iris = Iris(DEFAULT_BASE)
    started = time.perf_counter()
    reports = read_pages(pages)
    read_seconds = time.perf_counter() - started
    facts = sum(len(report.facts) for report in reports)

    started = time.perf_counter()
    units = []
    for report in reports:
        lines = report_lines(report, iris)
        units.append(BuiltUnit(report.source.path, "".join(lines), len(lines), 1, 0))
    text = "".join(unit.lines for unit in units)
    emit_seconds = time.perf_counter() - started
    triples = text.count("\n")

    started = time.perf_counter()
    list(validated_units(units, base=DEFAULT_BASE, quads=True))  # as kg build validates
    validate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(text.encode(), ox.RdfFormat.N_QUADS)
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rows = 0
    for query in stored_queries().values():
        rows += len(run_query(query, store).rows)
    query_seconds = time.perf_counter() - started

    def figures(seconds: float) -> dict[str, float]:
        return {
            "seconds": round(seconds, 3),
            "pages_per_second": round(len(pages) / seconds, 1) if seconds else 0.0,
            "triples_per_second": round(triples / seconds) if seconds else 0.0,
        }

    return {
        "read": figures(read_seconds),
        "emit": figures(emit_seconds),
        "validate": figures(validate_seconds),
        "load": figures(load_seconds),
        "queries": {**figures(query_seconds), "rows": rows},
        "totals": {
            "pages": len(pages),
            "reports": len(reports),
            "facts": facts,
            "triples": triples,
            "validated_facts_per_second": round(facts / validate_seconds)
            if validate_seconds
            else 0,
        },
    }


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    except OSError:
        memory = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_kb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def plot(result: dict[str, object], path: Path, earlier: list[dict[str, object]]) -> None:
    import matplotlib  # the "bench" extra

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = []
    for each in (result, *earlier):
        assert isinstance(each["end_to_end"], list)
        runs.extend(each["end_to_end"])
    runs.sort(key=lambda r: (r["jobs"], r["pages"]))
    figure, (speed, memory) = plt.subplots(1, 2, figsize=(10, 4))
    for jobs in sorted({r["jobs"] for r in runs}):
        mine = [r for r in runs if r["jobs"] == jobs]
        sizes = [r["pages"] for r in mine]
        speed.plot(sizes, [r["triples_per_second"] for r in mine], "o-", label=f"--jobs {jobs}")
        memory.plot(sizes, [r["peak_rss_mb"] for r in mine], "o-", label=f"--jobs {jobs}")
    pages = "HTML pages" if result.get("source") == "html" else "'|' text pages"
    speed.set(xlabel="pages", ylabel="triples / s (median)", title=f"kg build to N-Quads: {pages}")
    memory.set(xlabel="pages", ylabel="peak RSS, MB (process tree)", title="Peak memory")
    for axes in (speed, memory):
        axes.set_xscale("log")
        axes.grid(True, alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=str(len(corpus_pages())), help="corpus sizes, comma-separated"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--no-phases", action="store_true", help="end-to-end runs only")
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="an earlier result file whose end-to-end runs join the plot (repeatable): a "
        "large size measured on its own",
    )
    parser.add_argument(
        "--source", choices=("text", "html"), default="text", help="the pages' form"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    result: dict[str, object] = {
        "date": dt.date.today().isoformat(),
        "source": args.source,
        "machine": machine(),
        "runs": args.runs,
        "end_to_end": [],
        "phases": {},
    }
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        for size in sizes:
            folder = Path(scratch) / f"corpus-{size}"
            pages = write_corpus(folder, size, args.source)
            if not args.no_phases:
                result["phases"][str(size)] = phases(pages)  # type: ignore[index]
                print(f"{size} pages, phases: {json.dumps(result['phases'][str(size)])}")  # type: ignore[index]
            for jobs in jobs_list:
                out = Path(scratch) / "out.nq"
                env = compiled_env(Path(scratch))
                # Warm-up: writes the bytecode, as an install does. The first copy of the
                # corpus is enough (a 100,000-page run would otherwise take twice as long).
                run_build(folder / f"{0:04d}", out, jobs, env)
                samples = [run_build(folder, out, jobs, env) for _ in range(args.runs)]
                triples = sum(1 for _ in out.open("rb"))
                seconds = statistics.median(s for s, _ in samples)
                entry = {
                    "pages": size,
                    "jobs": jobs,
                    "triples": triples,
                    "seconds_median": round(seconds, 3),
                    "seconds_all": [round(s, 3) for s, _ in samples],
                    "pages_per_second": round(size / seconds, 1),
                    "triples_per_second": round(triples / seconds),
                    "peak_rss_mb": round(max(p for _, p in samples) / 2**20, 1),
                }
                result["end_to_end"].append(entry)  # type: ignore[attr-defined]
                print(json.dumps(entry))
    args.out.mkdir(parents=True, exist_ok=True)
    kind = "html-" if args.source == "html" else ""
    stem = args.out / f"throughput-{kind}{result['date']}"
    if stem.with_suffix(".json").exists():  # an earlier run of the same day stays
        stem = stem.with_name(f"{stem.name}T{dt.datetime.now():%H%M}")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    plot(result, stem.with_suffix(".png"), [json.loads(p.read_text()) for p in args.also])
    print(f"wrote {stem}.json and {stem}.png")


if __name__ == "__main__":
    main()
