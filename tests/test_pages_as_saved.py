"""'|' text pages as users hold them: without their definitions block (cut off, or never
copied with the table), a report table flattened alone, a line saved before or after the page.

The block's member entries are what tell a member's title from a heading among the label-only
lines. Without it, a line is a member's title only where the table starts over under it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.build import read_report
from kg.fidelity import fact_key
from tests.corpus import (
    assert_every_fact_as_the_html_has_it,
    report_table_alone,
    shared_data,
    text_pages,
)


def _without_definitions(text: Path, folder: Path) -> Path:
    """The page up to its first definition entry ("|X")."""
    lines = text.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines) if line.rstrip() == "|X"), len(lines))
    target = folder / text.name
    target.write_text("".join(lines[:cut]), encoding="utf-8")
    return target


def test_a_balance_sheets_commitments_line_is_no_member(tmp_path: Path) -> None:
    """Apple's "Commitments and contingencies" stands alone above "Shareholders' equity:";
    read as a member's title it put the equity rows under a member (10 facts wrong)."""
    filing = shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29"
    text = _without_definitions(shared_data() / "rtext" / filing.name / "R4.txt", tmp_path)
    assert_every_fact_as_the_html_has_it(filing / "R4.htm", text)


def test_a_member_titling_the_tables_first_row_keeps_its_facts(tmp_path: Path) -> None:
    """Air Products' Schedule II opens with its first member ("Allowance for Doubtful
    Accounts"), the roll-forward heading under it printed again under the next member."""
    text = _without_definitions(
        shared_data() / "rtext" / "apd" / "apd__10k-2018_R158.txt", tmp_path
    )
    facts = read_report(str(text)).facts
    assert {f.member_path for f in facts} == {
        "Allowance for Doubtful Accounts",
        "Allowance for Deferred Tax Assets",
    }


@pytest.mark.parametrize("mode", ["default", "favor_precision"])
def test_every_shared_page_reads_the_same_without_its_definitions(
    tmp_path: Path, mode: str
) -> None:
    changed = []
    for page in text_pages():
        text = page.text if mode == "default" else page.precision
        if text is None:
            continue
        cut = _without_definitions(text, tmp_path)
        whole = Counter(fact_key(f) for f in read_report(str(text)).facts)
        if Counter(fact_key(f) for f in read_report(str(cut)).facts) != whole:
            changed.append(page.id)
    assert changed == []


@pytest.mark.parametrize(
    "page",
    [
        # Its instant column's empty group cell ("|" before "|3 Months Ended") read as a
        # column: every period was shifted.
        "f/f__10k-2024-bodyfrag_R8.htm",
        # Empty header cells were taken for the title of a second page appended: refused.
        "aapl-10q-2025-03-29/R1.htm",
    ],
)
def test_a_report_table_flattened_alone_keeps_its_empty_cells(tmp_path: Path, page: str) -> None:
    """trafilatura 1.8.0 keeps a table's empty cells as lone '|' lines when given the report
    table alone (scraped without the page around it): the text reads as that table does."""
    trafilatura = pytest.importorskip("trafilatura")
    folder = page.split("/")[0]
    data = shared_data() / "edgar"
    original = (data / "filings" if folder.startswith("aapl") else data / "r-pages") / page
    table = report_table_alone(original, tmp_path)
    text = tmp_path / (table.stem + ".txt")
    text.write_text(trafilatura.extract(table.read_text()), encoding="utf-8")
    assert "\n|\n|" in text.read_text()  # empty cells kept
    assert_every_fact_as_the_html_has_it(table, text)


def test_text_after_a_table_that_ends_the_page_is_noted_not_read(tmp_path: Path) -> None:
    """A page without definitions ends with its last value; a line saved after it (a source
    note, a site's footer) continued that value's cell: "$ 22,089" and the note made a row
    label that is none, and the page was refused."""
    original = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R31.txt"
    text = original.read_text(encoding="utf-8")
    assert "|X" not in text
    page = tmp_path / "R31.txt"
    page.write_text(text.rstrip("\n") + "\n\nSource: SEC EDGAR, retrieved 2025-05-01\n")
    report = read_report(str(page))
    assert Counter(fact_key(f) for f in report.facts) == Counter(
        fact_key(f) for f in read_report(str(original)).facts
    )
    assert report.warnings == (
        "after line 319: text after the table, not read: 'Source: SEC EDGAR, retrieved 2025-05-01'",
    )


def test_a_line_before_the_page_is_noted_not_read(tmp_path: Path) -> None:
    """A URL saved above the page's first '|' made the text look like trafilatura 1.10's
    cell-a-line form (a title line, then a lone '|'): Apple's R6 was refused as two pages."""
    original = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R6.txt"
    page = tmp_path / "R6.txt"
    url = "https://www.sec.gov/Archives/edgar/data/320193/000032019325000057/R6.htm"
    page.write_text(url + "\n" + original.read_text(encoding="utf-8"), encoding="utf-8")
    report = read_report(str(page))
    assert Counter(fact_key(f) for f in report.facts) == Counter(
        fact_key(f) for f in read_report(str(original)).facts
    )
    assert report.warnings == (f"line 1: text before the table, not read: {url!r}",)
