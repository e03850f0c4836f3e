"""The markdown-table text of trafilatura 2 (``kg.readers.rtable``), held to the HTML.

The pages under ``tests/data/trafilatura/{version}`` are shared HTML R pages flattened by that
trafilatura version (``tests/data/trafilatura/regenerate.py``). Each is read both ways and
compared fact by fact, as ``kg check-fidelity`` does; the tests name what each page exercises.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import build, read_report
from kg.errors import SourceError
from kg.fidelity import compare_reports, fact_key
from kg.model import PeriodType, QName, Uncertainty, ValueKind
from kg.readers.rtable import is_table_text, old_table_line
from kg.readers.titles import split_title_cell
from kg.validate import validate
from tests.corpus import REPO, assert_every_fact_as_the_html_has_it, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"
PAGES = VERSIONS / "2.3.1"


def _pair(page_id: str, mode: str = "", version: str = "2.3.1") -> tuple[Path, Path]:
    page = next(p for p in text_pages() if p.id == page_id)
    return page.html, VERSIONS / version / page.set_name / f"{page.stem}{mode}.txt"


@pytest.mark.parametrize(
    ("page_id", "mode"),
    [
        ("adi/adi_2019_R2", ""),  # footnote columns between the data columns
        ("aapl-10q-2025-03-29/R10", ""),  # a text block followed by its own table
        ("aapl-10q-2025-03-29/R27", ""),  # segment titles counted against member entries
        ("aapl-10q-2025-03-29/R27", ".precision"),  # ...and without them (block cut short)
        # no member either: "Diluted ..." EPS rows repeat the "Basic ..." ones above them
        ("apd/apd__10k-2018_R2", ".precision"),
        ("apd/apd__10k-2018_R61", ".precision"),  # header cells not padded to their spans
        ("apd/apd__10k-2018_R74", ".precision"),  # group cells not padded to their spans
        ("tsla/tsla__10k-2025_R31", ""),  # disclosures' own tables printed after later rows
    ],
)
def test_every_fact_as_the_html_has_it(page_id: str, mode: str) -> None:
    html, text = _pair(page_id, mode)
    assert_every_fact_as_the_html_has_it(html, text)


def test_instants_the_text_cannot_date_stay_durations_and_say_so() -> None:
    """Air Products R114 prints instants under "12 Months Ended" (format reference A12): the
    values, columns, members and units are right. The loss contingency ranges' wording names
    a balance, which dates them at the column's end; "Approximate number of sites on which
    settlement has not been reached" names none, so its period type is the column's and the
    fact is marked as such."""
    html, text = _pair("apd/apd__10k-2018_R114")
    report = read_report(str(text))
    score = compare_reports(read_report(str(html)), report)
    assert score.found == score.expected == 12
    assert score.matched == 10
    assert {key[0] for key in score.extras} == {
        "Approximate number of sites on which settlement has not been reached"
    }
    assert all(key[2][0] == "duration" for key in score.extras)
    sites = [f for f in report.facts if f.label.startswith("Approximate number of sites")]
    assert sites
    assert all(Uncertainty.DURATION_ASSUMED in f.uncertainties for f in sites)
    paths = {fact.member_path for fact in report.facts}
    assert "Environmental | Maximum" in paths  # a '|' inside a cell, escaped as '\|'
    units = {fact.unit.id for fact in report.facts if fact.unit}
    assert {"USD", "BRL", "site"} <= units


def test_footnote_columns_link_their_markers_to_the_cells() -> None:
    """Analog Devices R2 has a footnote column after each data column: the cells' markers
    (and the column headers' own) reach the facts as the HTML gives them."""
    html, text = _pair("adi/adi_2019_R2")
    report, original = read_report(str(text)), read_report(str(html))
    assert len(report.columns) == 11  # 8 quarters and 3 years; the "[n]" columns are not data
    assert [c.period.months for c in report.columns if c.period] == [3] * 8 + [12] * 3
    assert [c.footnotes for c in report.columns] == [c.footnotes for c in original.columns]
    special = [f.footnotes for f in report.facts if f.label == "Special charges"]
    assert special[:5] == [(3,), (3,), (3,), (3,), (1, 3)]
    assert [f.footnotes for f in report.facts] == [f.footnotes for f in original.facts]
    assert report.footnotes == original.footnotes


def test_members_and_elements_come_with_their_names() -> None:
    """The definitions keep each entry's Details: element names, types and period types, and
    a member's axis=member name, so the text's members become dimensions."""
    _, text = _pair("aapl-10q-2025-03-29/R27")
    report = read_report(str(text))
    iphone = next(f for f in report.facts if f.member_path == "iPhone")
    member = iphone.members[0]
    assert member.qname == QName("aapl", "IPhoneMember")
    assert member.axis == QName("srt", "ProductOrServiceAxis")
    elements = {e.qname: e for e in report.definitions if not e.is_member}
    revenue = elements[QName("us-gaap", "RevenueFromContractWithCustomerExcludingAssessedTax")]
    assert revenue.period_type is PeriodType.DURATION
    assert revenue.data_type == "xbrli:monetaryItemType"
    assert revenue.definition
    assert revenue.definition.startswith("Amount, excluding tax")
    assert any(("Topic", "606") in ref.parts for ref in revenue.references)


def test_a_text_block_keeps_its_own_table() -> None:
    _, text = _pair("aapl-10q-2025-03-29/R10")
    (fact,) = read_report(str(text)).facts
    assert fact.kind is ValueKind.TEXT_BLOCK
    assert fact.value.startswith("Earnings Per Share The following table")
    assert "Weighted-average diluted shares" in fact.value
    assert "15,056,133" in fact.value


def test_a_page_whose_table_trafilatura_dropped_keeps_its_definition() -> None:
    """trafilatura kept one definition, as lines, and its Details table as rows."""
    _, text = _pair("apd/apd__10k-2018_R61")
    report = read_report(str(text))
    assert report.facts == ()
    (entry,) = report.definitions
    assert entry.qname is not None
    assert entry.qname.prefix == "us-gaap"
    assert entry.qname.local.startswith("IncomeLossFromDiscontinuedOperationsNetOfTax")
    assert entry.period_type is PeriodType.DURATION
    # one toggle, then the definition and its references in page order
    assert entry.definition is not None
    assert entry.definition.startswith("Amount after tax of income (loss) from a discontinued")
    assert len(entry.references) >= 3


def test_a_page_of_definitions_only_gives_no_disclosures() -> None:
    """trafilatura 2.3 kept only Air Products R7's definitions block ("| X |", "|  - Definition
    For the entity ...", its Details rows). Its entries are no text blocks whose header was
    lost: read so, they gave 8 facts labelled "X", dated by the cover beside them."""
    _, text = _pair("apd/apd__10k-2018_R7")
    report = read_report(str(text))
    assert report.facts == ()
    assert len(report.definitions) > 8
    assert all(entry.qname is not None for entry in report.definitions)
    assert any("report table is missing" in warning for warning in report.warnings)


def test_trafilatura_2_1_rows_keep_their_values_in_order_only() -> None:
    """trafilatura 2.1 moves a row's empty cells to its end: the values' columns are placed
    as in the 1.x text, and cell footnote markers follow their values."""
    html, text = _pair("adi/adi_2019_R2", version="2.1.0")
    report, original = read_report(str(text)), read_report(str(html))
    score = compare_reports(original, report)
    assert (score.matched, score.found) == (score.expected, score.expected)
    assert [f.footnotes for f in report.facts] == [f.footnotes for f in original.facts]
    html, text = _pair("apd/apd__10k-2018_R8", version="2.1.0")
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert score.expected == 119
    assert score.matched >= 118


def test_trafilatura_2_1_definitions_are_read() -> None:
    """2.1 breaks each entry's cell over lines ("| ", "- Definition The aggregate ...", " | ")
    and writes no Details tables. Read as entries, they say that Air Products R2 lists no
    member, so its "Diluted Earnings Per Common Share ..." line is a heading: taken for a
    member's title (the rows under it repeat the "Basic" ones), it qualified 15 facts."""
    html, text = _pair("apd/apd__10k-2018_R2", version="2.1.0")
    report = read_report(str(text))
    assert len(report.definitions) == 35
    assert not any(entry.is_member for entry in report.definitions)
    first = report.definitions[0]
    assert first.definition is not None
    assert first.definition.startswith("Legal and advisory fees related to the intended")
    score = compare_reports(read_report(str(html)), report)
    assert score.matched == score.found == score.expected == 96


@pytest.mark.parametrize("page_id", ["aapl-10q-2025-03-29/R33", "aapl-10q-2025-03-29/R38"])
def test_trafilatura_2_1_bars_inside_a_cell_stay_in_the_label(page_id: str) -> None:
    """2.1 does not escape a '|' inside a cell: a member path ("| Derivatives designated as
    accounting hedges | Foreign exchange contracts | ||") or unit suffix ("| Beginning balance
    (in shares) | shares | 163,326 |") comes as two cells, the row one cell wider than the
    table, and is read back as one label. "||" anywhere says the page is 2.1's."""
    html, text = _pair(page_id, version="2.1.0")
    assert_every_fact_as_the_html_has_it(html, text)


@pytest.mark.parametrize(
    ("version", "page_id"),
    [("2.3.1", "apd/apd__10k-2018_R114"), ("2.0.0", "tsla/tsla__10k-2021_R89")],
)
def test_with_metadata_the_same_facts_and_lines(version: str, page_id: str) -> None:
    """with_metadata=True puts a "---" block of "date: ..." lines first: the page reads as
    without it (Tesla's R89 is one definition and no table: its definition and its note),
    each fact on the line the file has it."""
    _, plain = _pair(page_id, version=version)
    _, with_metadata = _pair(page_id, ".metadata", version=version)
    first, second = read_report(str(plain)), read_report(str(with_metadata))
    assert [(f.label, f.value, f.period) for f in second.facts] == [
        (f.label, f.value, f.period) for f in first.facts
    ]
    assert second.warnings == first.warnings
    assert [(d.qname, d.definition) for d in second.definitions] == [
        (d.qname, d.definition) for d in first.definitions
    ]
    assert second.facts or second.definitions
    offset = len(with_metadata.read_text(encoding="utf-8").splitlines()) - len(
        plain.read_text(encoding="utf-8").splitlines()
    )
    assert offset > 0
    assert [f.location.line for f in second.facts] == [
        f.location.line + offset for f in first.facts
    ]


def test_trafilatura_2_0_reads_as_1_12() -> None:
    """2.0 writes 1.12's header lines and padded rows with "| " before each row
    (``kg.readers.rtext_rows``): Air Products' statement of equity, 8 member columns."""
    html, text = _pair("apd/apd__10k-2018_R8", version="2.0.0")
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert (score.expected, score.found) == (119, 119)
    assert score.matched >= 118


def test_a_table_form_no_reader_takes_is_refused_by_line(tmp_path: Path) -> None:
    """A "|---|" separator under a header line with no '|' before it, in rows that are
    neither 1.9's nor padded: reading it would invent columns, so the page is refused with
    the line that shows it."""
    page = tmp_path / "page.txt"
    page.write_text("Balance Sheets - USD ($) $ in Millions |\n|---|---|\n| Cash | 5 | 6 |\n")
    with pytest.raises(SourceError, match=r"trafilatura 2\.0 writes it") as raised:
        read_report(str(page))
    assert raised.value.line == 1  # the title row: a cell closed by " |", none opened


def test_the_text_forms_are_told_apart() -> None:
    for version in ("2.3.1", "2.1.0"):
        for path in (VERSIONS / version).rglob("*.txt"):
            assert is_table_text(path.read_text(encoding="utf-8")), path
    for page in text_pages():
        assert not is_table_text(page.text.read_text(encoding="utf-8")), page.id


def test_build_validates_the_pages() -> None:
    result = build([PAGES])
    assert len(result.reports) == len(list(PAGES.rglob("*.txt"))) == 15
    assert not result.errors
    report = validate(result.dataset.to_store())
    assert report.conforms, report.text()[:2000]
    amounts = {Decimal(f.value) for r in result.reports for f in r.facts if f.label == "Net sales"}
    assert Decimal("46841000000") in amounts  # Apple's iPhone sales, quarter to March 2025


def test_a_reference_whose_role_line_deduplication_dropped() -> None:
    """favor_precision's deduplication can drop an entry's documentation and its first
    "Reference 1: role" line; the parts left are that reference's, its role unknown."""
    from kg.readers.rtable import read_table_text_grid

    page = "\n".join(
        [
            "| Income Statement - USD ($) $ in Millions | 12 Months Ended |",
            "|---|---|",
            "|  | Dec. 31, 2024 |",
            "| Net income | $ 5 |",
            "| X |",
            "|  - Definition -Topic 250 -SubTopic 10 -Publisher FASB Reference 2: "
            "http://www.xbrl.org/2003/role/disclosureRef -Topic 220 -Section 45 |",
            "| Name: | us-gaap_NetIncomeLoss |",
            "| Namespace Prefix: | us-gaap_ |",
            "| Data Type: | xbrli:monetaryItemType |",
            "| Balance Type: | credit |",
            "| Period Type: | duration |",
        ]
    )
    grid = read_table_text_grid(page, path="p.txt", sha256="")
    (entry,) = grid.definitions
    assert entry.definition is None
    first, second = entry.references
    assert first.role == ""
    assert first.parts == (("Topic", "250"), ("SubTopic", "10"), ("Publisher", "FASB"))
    assert second.role == "http://www.xbrl.org/2003/role/disclosureRef"
    assert grid.rows[0].cells[0].text == "$ 5"


def test_deduplicated_1_9_text_with_one_cell_rows_is_refused() -> None:
    """favor_precision's deduplication leaves 1.9 text without separators and with rows of
    one cell ("Revenues |"); no cell opens with '|', so it is no 1.x include_formatting text."""
    header = ["Statements of Operations - USD ($)", "$ in Millions", "|", "12 Months Ended |"]
    text = "\n".join([*header, "Dec. 31, 2025", "|", "Revenues |", "|", "$ 94,827", "|"])
    assert old_table_line(text) == 4


@pytest.mark.parametrize(
    ("page_id", "variant", "mark"),
    [
        ("adi/adi_2019_R2", ".markdown", "**"),
        ("apd/apd__10k-2018_R114", ".markdown", "**"),
        ("apd/apd__10k-2018_R114", ".links", "](<javascript:void(0);>)"),
    ],
)
def test_markdown_output_reads_as_the_default_text(page_id: str, variant: str, mark: str) -> None:
    """output_format="markdown" marks bold cells ("**Revenue**"), writes footnote markers as
    "<sup>\\[1\\]</sup>" and escapes markdown's specials ("us-gaap\\_Revenues"); include_links
    makes each row label a link. Read without them, the page gives the default text's facts,
    footnotes, members and definitions."""
    _, default = _pair(page_id)
    _, markdown = _pair(page_id, variant)
    assert mark in markdown.read_text(encoding="utf-8")
    plain, marked = read_report(str(default)), read_report(str(markdown))
    assert len(marked.facts) > 10
    assert [(fact_key(f), f.footnotes, f.members) for f in marked.facts] == [
        (fact_key(f), f.footnotes, f.members) for f in plain.facts
    ]
    assert [(e.qname, e.definition) for e in marked.definitions] == [
        (e.qname, e.definition) for e in plain.definitions
    ]


def test_a_title_glued_to_its_rounding_is_split() -> None:
    """trafilatura 2.1's markdown writes the title cell's two lines with no space between
    the unit and the rounding option."""
    glued = "Consolidated Statements of Income - USD ($)shares in Thousands, $ in Thousands"
    assert split_title_cell(glued) == (
        "Consolidated Statements of Income - USD ($)",
        "shares in Thousands, $ in Thousands",
    )
    assert split_title_cell("Document and Entity Information") == (
        "Document and Entity Information",
    )


@pytest.mark.parametrize("currency", ["R$", "HK$", "CHF", "kr", "€"])
def test_a_title_glued_to_a_rounding_in_any_currency_is_split(currency: str) -> None:
    """trafilatura 1.10 joins Air Products R114's title to its rounding, "(Details)R$ in
    Millions": the reais were read unscaled (179.2 for 179,200,000) before."""
    name = "Commitments and Contingencies (Litigation and Environmental Narrative) (Details)"
    assert split_title_cell(f"{name}{currency} in Millions") == (name, f"{currency} in Millions")
    assert split_title_cell("Balance Sheets - CHF (CHF)") == ("Balance Sheets - CHF (CHF)",)
