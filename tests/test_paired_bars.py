"""trafilatura 1.6.1's and earlier '|' text, every cell between a pair of bars
("|Net sales||$ 95,359||$ 90,753|"), read as the 1.8.0 text of the same page is read.

The pages under ``tests/data/trafilatura/{1.3.0,1.4.0,1.6.1}`` are shared HTML R pages
flattened by those versions (``tests/data/trafilatura/regenerate.py``); their 1.8.0 texts are
the shared corpus's. 1.4.0 drops a member's "- Details" toggle; 1.3.0 also the bars of the
header's cells and of text blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import read_report
from kg.errors import SourceError
from kg.model import Fact, ValueKind
from kg.readers.rtext_paired_bars import paired_bar_lines, paired_bars
from tests.corpus import REPO, assert_every_fact_as_the_html_has_it, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"
PAGES = VERSIONS / "1.6.1"
PAGE_IDS = [
    "aapl-10q-2025-03-29/R2",
    "aapl-10q-2025-03-29/R6",
    "apd/apd__10k-2018_R64",
    "apd/apd__10k-2018_R114",
    "tsla/tsla__10k-2021_R28",
]


def _texts(page_id: str, version: str = "1.6.1") -> tuple[Path, Path, Path]:
    """The page's HTML, its 1.8.0 text (shared) and its text by ``version``."""
    page = next(p for p in text_pages() if p.id == page_id)
    return page.html, page.text, VERSIONS / version / page.set_name / f"{page.stem}.txt"


def _facts(path: Path) -> list[tuple[object, ...]]:
    """Every fact but where it was printed (the two texts' lines differ)."""

    def key(fact: Fact) -> tuple[object, ...]:
        return (
            fact.label,
            fact.value,
            fact.period,
            fact.member_path,
            fact.unit,
            fact.concept.label,
            fact.uncertainties,
            fact.location.row,
            fact.location.column,
        )

    return sorted((key(f) for f in read_report(str(path)).facts), key=repr)


@pytest.mark.parametrize(
    ("version", "page_id"),
    [
        *(("1.6.1", page_id) for page_id in PAGE_IDS),
        ("1.4.0", "aapl-10q-2025-03-29/R2"),  # "Products" is a member: its entry is a bare X
        ("1.3.0", "aapl-10q-2025-03-29/R2"),  # columns parted at their dates
        ("1.3.0", "aapl-10q-2025-03-29/R6"),  # four member columns, a line each
        ("1.3.0", "apd/apd__10k-2018_R64"),  # a column's footnote marker between columns
        ("1.3.0", "tsla/tsla__10k-2021_R28"),  # text blocks' lines after their labels
    ],
)
def test_read_as_the_1_8_text_of_the_same_page(version: str, page_id: str) -> None:
    _, old, paired = _texts(page_id, version)
    assert paired_bars(paired.read_text(encoding="utf-8"))
    assert not paired_bars(old.read_text(encoding="utf-8"))
    facts = _facts(paired)
    assert len(facts) > 0
    assert facts == _facts(old)


@pytest.mark.parametrize("page_id", ["aapl-10q-2025-03-29/R2", "tsla/tsla__10k-2021_R28"])
def test_every_fact_as_the_html_has_it(page_id: str) -> None:
    html, _, paired = _texts(page_id)
    assert_every_fact_as_the_html_has_it(html, paired)


@pytest.mark.parametrize(
    "page_id",
    ["aapl-10q-2025-03-29/R1", "aapl-10q-2025-03-29/R4", "tsla/tsla__10k-2021_R4"],
)
def test_favor_precision_1_4_0_member_titles(page_id: str) -> None:
    """1.4.0 leaves member entries bare; favor_precision's deduplication leaves other entries
    bare too, so the members cannot be counted. The cover page's securities are still member
    titles (the table starts over under each); the balance sheet's "Commitments and
    contingencies" and the weighted shares heading over "Basic" and "Diluted" (rows printed
    under the earnings per share heading too) are not: every fact as the HTML has it."""
    page = next(p for p in text_pages() if p.id == page_id)
    text = VERSIONS / "1.4.0" / page.set_name / f"{page.stem}.precision.txt"
    assert paired_bars(text.read_text(encoding="utf-8"))
    assert_every_fact_as_the_html_has_it(page.html, text)


def test_a_bare_entry_among_the_members_makes_them_uncountable() -> None:
    """1.6.1 with favor_precision: Tesla 2025 R70's block ends "|X|", "|X|", "- Details".
    Deduplication dropped the first member's toggle (or emptied an element's entry: the text
    cannot tell), so the one toggle left counts no members. Counted, it made "Property,
    plant and equipment, net" a heading and its two facts its sibling member's."""
    page = next(p for p in text_pages() if p.id == "tsla/tsla__10k-2025_R70")
    text = VERSIONS / "1.6.1" / page.set_name / f"{page.stem}.precision.txt"
    assert paired_bars(text.read_text(encoding="utf-8"))
    assert_every_fact_as_the_html_has_it(page.html, text)


def test_facts_point_at_the_lines_of_the_text_given() -> None:
    _, _, paired = _texts("aapl-10q-2025-03-29/R2")
    lines = paired.read_text(encoding="utf-8").splitlines()
    report = read_report(str(paired))
    net_sales = next(f for f in report.facts if f.label == "Net sales" and not f.members)
    assert lines[net_sales.location.line - 1].startswith("|Net sales||$ 95,359||")
    _, _, policies = _texts("tsla/tsla__10k-2021_R28")
    lines = policies.read_text(encoding="utf-8").splitlines()
    leases = next(
        f
        for f in read_report(str(policies)).facts
        if f.label == "Leases" and f.kind is ValueKind.TEXT_BLOCK
    )
    assert leases.value.startswith("Leases")
    assert "We adopted ASC 842" in leases.value
    assert lines[leases.location.line - 1] == "|Leases||"


def test_bars_inside_a_cell_and_between_cells() -> None:
    text = "\n".join(
        [
            "|",  # a header cell: opened and closed, its lines after it
            "|",
            "Sep. 30, 2017",
            "USD ($)",
            "|[1]||",  # a marker, then the next header cell opens at the line's end ...
            "|",  # ... and closes here
            "Jun. 30, 2017",
            "|Environmental | Minimum|",  # a member path: its bar has a space each side
            "|Sites on which settlement has not been reached | site||32||||7|",  # an empty cell
            "|Leases||",  # a text block opens at the end of its label's line
            "|",
            "Leases",
            "We adopted ASC 842.",
        ]
    )
    assert paired_bar_lines(text) == [
        (1, "|"),
        (3, "Sep. 30, 2017"),
        (4, "USD ($)"),
        (5, "|[1]"),
        (5, "|"),
        (7, "Jun. 30, 2017"),
        (8, "|Environmental | Minimum"),
        (9, "|Sites on which settlement has not been reached | site"),
        (9, "|32"),
        (9, "|"),
        (9, "|7"),
        (10, "|Leases"),
        (10, "|"),
        (12, "Leases"),
        (13, "We adopted ASC 842."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "|\nBalance Sheets - USD ($)\n|Dec. 31, 2021\n|Cash\n|$ 5",  # 1.8.0
        "Balance Sheets - USD ($)|\nCash|\n$ 5|",  # 1.8.1
        "Cash | $ 5 |\nDebt | 7 |",  # 1.9
        "| Cash | $ 5 |\n|---|---|",  # trafilatura 2
    ],
)
def test_other_forms_are_not_taken_for_it(text: str) -> None:
    assert not paired_bars(text)


def test_columns_that_cannot_be_told_apart_are_refused_with_the_line() -> None:
    """Intel's statement of equity by 1.3.0: eight lines of member labels ("Retained
    Earnings" then "Cumulative Effect, ..." may be one column or two) over rows of seven
    values. The columns cannot be told apart: the page is refused, not guessed."""
    _, _, paired = _texts("intc/intc__10k-2024-bodyfrag_R8", "1.3.0")
    with pytest.raises(SourceError) as raised:
        read_report(str(paired))
    assert raised.value.line == 3  # "Total", the first column label
    assert "8 lines of column labels" in str(raised.value)
    assert "rows of 7 values" in str(raised.value)
    assert "trafilatura 1.4.1 or later" in str(raised.value)
