"""The benchmark's synthetic pages are real pages with other numbers: each replica reads to
the facts of the page it copies, every amount times the copy's factor, every year moved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bench.throughput import html_replica, replica
from kg.build import read_report
from kg.model import ValueKind
from tests.corpus import apple_filing, shared_data

COPY = 9  # factor 2 + 9 % 7 = 4, years moved by 9
FACTOR = 4


def _amounts(path: Path) -> dict[tuple[int, int], tuple[dt.date, Decimal]]:
    """The page's numbers but percentages (which replicas keep): cell -> period end, amount.
    Cells, not labels, pair them: a replica moves the years in labels too ("due in 2024")."""
    facts = read_report(str(path)).facts
    return {
        (f.location.row, f.location.column): (f.period.end, Decimal(f.value))
        for f in facts
        if f.kind is ValueKind.NUMBER and "%" not in f.display
    }


@pytest.mark.parametrize(
    ("source", "copied"),
    [
        (apple_filing() / "R4.htm", html_replica),
        (shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R4.txt", replica),
        (shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R6.txt", replica),
    ],
    ids=["apple-R4-html", "apple-R4-text", "tesla-equity-text"],
)
def test_a_replica_reads_to_its_pages_facts_scaled(source: Path, copied, tmp_path: Path) -> None:
    target = tmp_path / source.name
    target.write_text(copied(source.read_text(encoding="utf-8"), COPY), encoding="utf-8")
    original = _amounts(source)
    copy = _amounts(target)
    assert len(original) > 20
    assert copy.keys() == original.keys()
    expected = {
        cell: (end.replace(year=end.year + COPY), amount * FACTOR)
        for cell, (end, amount) in original.items()
    }
    assert copy == expected


def test_copy_zero_is_the_page_itself() -> None:
    html = (apple_filing() / "R2.htm").read_text(encoding="utf-8")
    assert html_replica(html, 0) == html
