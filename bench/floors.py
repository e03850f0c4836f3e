"""How fast each stage of the '|' text pipeline can go: the floors under ``kg build``'s speed.

    python bench/floors.py [--runs 5] [--out bench/results]

On the shared corpus's default-mode text pages, in this process, the median of ``--runs`` of

- io: reading and decoding the files and splitting them into lines;
- tokenize: the reader's first pass, the lines into cells and the page's sections
  (``kg.readers.rtext_cells.split_sections``), nothing else;
- read: the whole reader, pages to the model;
- read without the search: the reader with the column-placement search replaced by putting
  every row's values in its first columns. Its facts are wrong wherever a row is short; it
  is timed only, to show what the rest of the reader costs;
- emit: the model to each report's sorted N-Quads lines (as ``kg build`` makes them);
- write: those lines to a file.

Each figure is also given as triples per second of the corpus's output, so they add up the
way an end-to-end run does: a run cannot be faster than read + emit + write. Writes
``floors-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from throughput import corpus_pages, machine, read_pages, report_lines  # noqa: E402

import kg.readers.rtext as rtext  # noqa: E402
from kg.model import Report  # noqa: E402
from kg.rdf.iris import Iris  # noqa: E402
from kg.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg.readers.placement import ColumnInfo, Placement, RowInfo  # noqa: E402
from kg.readers.rtext_cells import split_sections  # noqa: E402


def emit_all(reports: list[Report]) -> list[str]:
    iris = Iris(DEFAULT_BASE)
    return ["".join(report_lines(report, iris)) for report in reports]


def first_columns(
    rows: list[RowInfo], columns: list[ColumnInfo], *, money_default: str | None = "monetary"
) -> list[Placement]:
    """Each row's values in its first columns, as money: no search (wrong for short rows)."""
    return [
        Placement(
            tuple(range(1, len(row.numbers) + 1)), tuple("monetary" for _ in row.numbers), False
        )
        for row in rows
    ]


def read_without_search(pages: list[Path]) -> None:
    searched = rtext.place_rows
    rtext.place_rows = first_columns
    try:
        read_pages(pages)
    finally:
        rtext.place_rows = searched


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    pages = corpus_pages("text")
    texts = [page.read_bytes().decode("utf-8") for page in pages]
    reports = read_pages(pages)
    units = emit_all(reports)
    triples = sum(unit.count("\n") for unit in units)
    scratch = Path(tempfile.mkdtemp()) / "out.nq"

    def write() -> None:
        with scratch.open("w", encoding="utf-8") as out:
            out.writelines(units)

    stages: dict[str, Callable[[], object]] = {
        "io": lambda: [page.read_bytes().decode("utf-8").splitlines() for page in pages],
        "tokenize": lambda: [split_sections(text) for text in texts],
        "read": lambda: read_pages(pages),
        "read without the search": lambda: read_without_search(pages),
        "emit": lambda: emit_all(reports),
        "write": write,
    }
    figures = {}
    for name, work in stages.items():
        seconds = median_seconds(work, args.runs)
        figures[name] = {
            "seconds": round(seconds, 4),
            "ms_per_page": round(1000 * seconds / len(pages), 3),
            "triples_per_second": round(triples / seconds),
        }
        print(f"{name:24} {seconds:8.3f} s {triples / seconds:12,.0f} triples/s")

    def bound(*names: str) -> int:
        return round(triples / sum(figures[n]["seconds"] for n in names))

    ceilings = {
        "read + emit + write": bound("read", "emit", "write"),
        "read without the search + emit + write": bound("read without the search", "emit", "write"),
        "tokenize + emit + write": bound("tokenize", "emit", "write"),
    }
    for name, value in ceilings.items():
        print(f"at most {value:,} triples/s end to end: {name}")
    date = dt.date.today().isoformat()
    result = {
        "date": date,
        "machine": machine(),
        "runs": args.runs,
        "pages": len(pages),
        "reports": len(reports),
        "triples": triples,
        "stages": figures,
        "end_to_end_at_most": ceilings,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"floors-{date}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
