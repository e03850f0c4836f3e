"""Measure text-page resolution against the HTML originals' element ids.

    python bench/resolution.py [--with-metalinks] [--mode default|precision] [--verbose]

Each shared text page (``tests.corpus.text_pages``) is read as '|' text and resolved with
dictionaries that do not include its own filing: the FSDS tag tables, SRT 2024, and the other
filings' schemas and label linkbases under ``xbrl/``. Its HTML original says which element
is behind each row; rows are paired by their labels in page order. With --with-metalinks,
Apple's own MetaLinks.json is added (the acceptance check: coverage and precision on Apple's
pages with its own dictionary).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.model import QName
from kg.readers.grid import Grid
from kg.readers.rhtml import read_html_grid
from kg.readers.rtext import read_text_grid
from kg.taxonomy.index import TaxonomyIndex
from kg.taxonomy.resolve import resolve_grid
from kg.taxonomy.sources import load_taxonomy
from tests.corpus import TextPage, apple_filing, shared_data, text_pages


def dictionaries(*, with_metalinks: bool) -> list[Path]:
    data = shared_data()
    paths = [data / "taxonomy", data / "xbrl"]
    if with_metalinks:
        paths.append(apple_filing() / "MetaLinks.json")
    return paths


@dataclass
class Score:
    rows: int = 0
    resolved: int = 0
    correct: int = 0
    entries: int = 0
    entries_resolved: int = 0
    entries_correct: int = 0
    wrong: list[str] = field(default_factory=list)
    open_rows: Counter[str] = field(default_factory=Counter)
    methods: Counter[str] = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        for name in (
            "rows",
            "resolved",
            "correct",
            "entries",
            "entries_resolved",
            "entries_correct",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong
        self.open_rows.update(other.open_rows)
        self.methods.update(other.methods)

    @property
    def precision(self) -> float:
        return self.correct / self.resolved if self.resolved else 1.0

    @property
    def coverage(self) -> float:
        return self.resolved / self.rows if self.rows else 1.0


def _grids(page: TextPage, path: Path, cache: Path | None) -> tuple[Grid, Grid]:
    """The HTML and text grids of a page, read (or loaded from ``cache``: the readers take
    most of the time, and resolution can be iterated on without re-reading)."""
    stored = cache / f"{page.set_name}--{path.name}.pickle" if cache else None
    if stored is not None and stored.is_file():
        grids: tuple[Grid, Grid] = pickle.loads(stored.read_bytes())
        return grids
    html = read_html_grid(
        page.html.read_text(encoding="utf-8", errors="replace"), path=str(page.html), sha256=""
    )
    grid = read_text_grid(path.read_text(encoding="utf-8"), path=str(path), sha256="")
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(pickle.dumps((html, grid)))
    return html, grid


def score_page(page: TextPage, index: TaxonomyIndex, mode: str, cache: Path | None = None) -> Score:
    path = page.text if mode == "default" else page.precision
    score = Score()
    if path is None:
        return score
    html, grid = _grids(page, path, cache)
    resolve_grid(grid, index)
    pairs = _pair_rows(html, grid)
    for position, row in enumerate(grid.rows):
        if row.is_segment:
            continue
        truth = pairs.get(position)
        if truth is None and row.element is None:
            continue  # no element in the HTML either (a member title read as a row)
        score.rows += 1  # rows with an element; a resolved row without one counts as wrong
        if row.element is None:
            assert truth is not None
            reason = "missing"
            if truth in index:
                found = any(e.qname == truth for e in grid.definitions)
                reason = "known, entry resolved" if found else "known, entry open"
            score.open_rows[f"{reason}:{truth.prefix}"] += 1
            continue
        score.resolved += 1
        method = row.resolution.method.value if row.resolution else "?"
        shape = "heading" if not row.cells else "values"
        score.methods[f"{method}/{shape}/{'ok' if row.element == truth else 'WRONG'}"] += 1
        if row.element == truth:
            score.correct += 1
        else:
            method = row.resolution.method.value if row.resolution else "?"
            score.wrong.append(
                f"{page.id} {row.label!r}: {row.element} [{method}], HTML says {truth}"
            )
    html_entries = [e for e in html.definitions if not e.is_member]
    text_entries = [e for e in grid.definitions if not e.is_member]
    if len(html_entries) == len(text_entries):
        for truth_entry, entry in zip(html_entries, text_entries, strict=True):
            score.entries += 1
            if entry.qname is not None:
                score.entries_resolved += 1
                score.entries_correct += entry.qname == truth_entry.qname
                if entry.qname != truth_entry.qname:
                    score.wrong.append(
                        f"{page.id} entry {entry.position}: {entry.qname}, HTML says "
                        f"{truth_entry.qname}"
                    )
    return score


def _pair_rows(html: Grid, text: Grid) -> dict[int, QName | None]:
    """Text row position -> the element of the HTML row it prints (paired by labels)."""
    a = [" ".join(r.label.split()).lower() for r in html.rows]
    b = [" ".join(r.label.split()).lower() for r in text.rows]
    pairs: dict[int, QName | None] = {}
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            pairs[block.b + k] = html.rows[block.a + k].element
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--with-metalinks", action="store_true")
    parser.add_argument("--mode", choices=("default", "precision"), default="default")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--only", help="only pages of this set (e.g. aapl-10q-2025-03-29)")
    parser.add_argument(
        "--grids", type=Path, help="keep the read grids in this folder (re-runs skip reading)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    index = load_taxonomy(dictionaries(with_metalinks=args.with_metalinks))
    print(f"index: {len(index)} elements, {time.perf_counter() - started:.3f} s")
    started = time.perf_counter()
    by_filer: dict[str, Score] = {}
    total = Score()
    for page in text_pages():
        if args.only and page.set_name != args.only:
            continue
        score = score_page(page, index, args.mode, args.grids)
        by_filer.setdefault(page.set_name, Score()).add(score)
        total.add(score)
    print(
        f"{'filer':24} {'rows':>5} {'resolved':>8} {'correct':>7} {'precision':>9} "
        f"{'coverage':>8}   entries res/correct"
    )
    for name, s in [*by_filer.items(), ("ALL", total)]:
        print(
            f"{name:24} {s.rows:5} {s.resolved:8} {s.correct:7} {s.precision:9.4f} "
            f"{s.coverage:8.3f}   {s.entries} {s.entries_resolved}/{s.entries_correct}"
        )
    print(f"pages read and resolved in {time.perf_counter() - started:.1f} s")
    if args.verbose:
        print("\n".join(total.wrong))
        for name, s in by_filer.items():
            print(name, dict(s.open_rows))
        for key, count in sorted(total.methods.items()):
            print(f"  {key:50} {count}")


if __name__ == "__main__":
    main()
