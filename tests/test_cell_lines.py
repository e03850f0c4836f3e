"""trafilatura 1.12 and 2.0 with favor_precision: the report table a cell per line
("Revenues |", "$ 53,823 |", a lone '|' for an empty cell), held to the HTML.

The pages under ``tests/data/trafilatura/{version}`` are shared HTML R pages flattened by that
version as the shared texts are made (``tests/data/trafilatura/regenerate.py``, mode
"precision-corpus"). Before ``kg.readers.rtext_cell_lines`` such a page gave no facts (1.12:
"no report header") or was refused (2.0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import read_report
from kg.fidelity import compare_reports
from kg.readers.rtext_cell_lines import cells_per_line
from tests.corpus import REPO, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"


def _pair(page_id: str, version: str, suffix: str = ".precision.txt") -> tuple[Path, Path]:
    page = next(p for p in text_pages() if p.id == page_id)
    return page.html, VERSIONS / version / page.set_name / f"{page.stem}{suffix}"


@pytest.mark.parametrize(
    ("version", "page_id", "suffix", "wrong"),
    [
        # headings' cells empty; the search places 6 short rows' values
        ("1.12.2", "tsla/tsla__10k-2021_R4", ".precision.txt", 6),
        ("1.12.2", "apd/apd__10k-2018_R74", ".precision.txt", 4),  # group cells without spans
        ("2.0.0", "tsla/tsla__10k-2025_R5", ".precision.txt", 0),  # "| " before each label
        # the default text too, on some pages: values closed by a lone '|', member paths
        ("2.0.0", "aapl-10q-2025-03-29/R31", ".txt", 2),
    ],
)
def test_the_table_is_read_cell_by_cell(
    version: str, page_id: str, suffix: str, wrong: int
) -> None:
    html, text = _pair(page_id, version, suffix)
    assert cells_per_line(text.read_text(encoding="utf-8"))
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert score.expected > 50
    assert score.found == score.expected, (score.misses[:5], score.extras[:5])
    # A short row's columns are the placement search's (empty cells dropped, as 1.8.1's).
    assert score.found - score.matched <= wrong, (score.misses[:5], score.extras[:5])


@pytest.mark.parametrize(
    ("version", "page_id"),
    [("1.11.0", "tsla/tsla__10k-2025_R4"), ("1.12.2", "aapl-10q-2025-03-29/R29")],
)
def test_a_title_without_rounding_closed_on_its_own_line(version: str, page_id: str) -> None:
    """A title with no rounding option is no cell closed by " |" but its own lines, then a
    lone '|' ("Consolidated Balance Sheets (Parenthetical) - $ / shares", "|"): the page was
    refused ("the header has no columns")."""
    html, text = _pair(page_id, version)
    assert cells_per_line(text.read_text(encoding="utf-8"))
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert score.matched == score.found == score.expected > 0


@pytest.mark.parametrize("version", ["1.10.0", "2.0.0"])
def test_disclosures_holding_tables_are_cells_of_their_own(version: str) -> None:
    """Tesla 2025 R31, a "(Tables)" page: each disclosure is a cell of several lines closed by
    a lone '|', its tables' rows inside it with their empty cells (1.10: a row a line; 2.0: the
    paragraph and all its rows on one line). The page was refused ("the header has no
    columns"); its 8 disclosures now read as from the shared 1.8 text, tables folded in."""
    page_id = "tsla/tsla__10k-2025_R31"
    html, text = _pair(page_id, version, ".txt")
    assert cells_per_line(text.read_text(encoding="utf-8"))
    report = read_report(str(text))
    score = compare_reports(read_report(str(html)), report)
    assert score.matched == score.found == score.expected == 8
    shared = next(p for p in text_pages() if p.id == page_id).text
    for ours, theirs in zip(report.facts, read_report(str(shared)).facts, strict=True):
        assert (ours.label, ours.value.split()[:20]) == (theirs.label, theirs.value.split()[:20])
    # the first disclosure's table, to its last row ("Total revenues | $ | 94,827 | ...")
    assert report.facts[0].value.splitlines()[-6:] == ["$", "94,827", "$", "97,690", "$", "96,773"]


def test_facts_keep_the_lines_they_came_from() -> None:
    _, text = _pair("tsla/tsla__10k-2021_R4", "1.12.2")
    lines = text.read_text(encoding="utf-8").splitlines()
    report = read_report(str(text))
    revenues = [f for f in report.facts if f.label == "Total revenues"]
    assert revenues
    for fact in revenues:
        assert lines[fact.location.line - 1].rstrip() == f"{fact.display} |"


@pytest.mark.parametrize(
    "path",
    [
        "1.12.2/apd/apd__10k-2018_R1.txt",  # a row per line, padded
        "1.11.0/tsla/tsla__10k-2021_R4.txt",
        "1.9.0/tsla/tsla__10k-2021_R1.txt",  # a row per line
        "1.8.1/tsla/tsla__10k-2021_R4.txt",  # cells closed by '|' ("Revenues|")
        "2.3.1/adi/adi_2019_R2.txt",  # markdown rows
    ],
)
def test_other_forms_are_not_taken_for_it(path: str) -> None:
    assert not cells_per_line((VERSIONS / path).read_text(encoding="utf-8"))


def test_the_shared_texts_are_not_taken_for_it() -> None:
    for page in text_pages():
        for text in (page.text, page.precision):
            if text is not None:
                assert not cells_per_line(text.read_text(encoding="utf-8")), text
