"""Cell-level comparison of the text reader with the HTML oracle (see ``tests/oracle.py``)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.readers.rtext import read_text_grid
from tests.oracle import norm, read_page

_ALNUM = re.compile(r"[^0-9a-z]+")


def cell_key(label: str, path: str, column: int, text: str, block: bool) -> tuple[object, ...]:
    if block or len(text) > 150 or "\n" in text:
        # Text blocks: trafilatura drops their inner tables; compare their opening words.
        text = "block:" + _ALNUM.sub("", text.lower())[:40]
    return (norm(label), norm(path), column, norm(text))


@dataclass
class CellScore:
    expected: int = 0
    found: int = 0
    matched: int = 0
    misses: list[tuple[object, ...]] = field(default_factory=list)
    extras: list[tuple[object, ...]] = field(default_factory=list)

    def add(self, other: CellScore) -> None:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        self.misses += other.misses
        self.extras += other.extras

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0


def compare_cells(html: str, text: str, path: str = "page") -> CellScore:
    page = read_page(html)
    expected = Counter(
        cell_key(c.label, c.path, c.column, c.text, c.text_block) for c in page.cells
    )
    grid = read_text_grid(text, path=path, sha256=hashlib.sha256(text.encode()).hexdigest())
    found: Counter[tuple[object, ...]] = Counter()
    segment = ""
    for row in grid.rows:
        if row.is_segment:
            segment = row.label
            continue
        for cell in row.cells:
            found[cell_key(row.label, segment, cell.column, cell.text, cell.is_text_block)] += 1
    matched = expected & found
    score = CellScore(
        expected=sum(expected.values()),
        found=sum(found.values()),
        matched=sum(matched.values()),
    )
    score.misses = sorted((expected - found).elements(), key=repr)
    score.extras = sorted((found - expected).elements(), key=repr)
    return score
