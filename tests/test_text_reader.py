"""The '|' text reader on constructed and real pages: header, rows, definitions, bad input."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.build import read_report
from kg.errors import SourceError
from kg.model import PeriodType, Report, RowKind, Uncertainty
from kg.readers.assemble import assemble
from kg.readers.cues import names_a_balance
from kg.readers.rtext import read_text_grid
from kg.readers.rtext_cells import TextCell
from kg.readers.rtext_defs import parse_definition_cells
from tests.corpus import REPO, shared_data


def _read(text: str):  # type: ignore[no-untyped-def]
    grid = read_text_grid(text, path="page.txt", sha256=hashlib.sha256(text.encode()).hexdigest())
    return assemble(grid)


def test_groups_over_descending_dates_and_trailing_instant() -> None:
    page = "\n".join(
        [
            "|",
            "Cover Page - shares",
            "shares in Thousands",
            "|6 Months Ended",
            "|",
            "Mar. 29, 2025",
            "|",
            "Apr. 18, 2025",
            "|Document Type",
            "|10-Q",
            "|Entity Common Stock, Shares Outstanding (in shares)",
            "|14,935,826",
            "|Entity Central Index Key",
            "|0000320193",
        ]
    )
    report = _read(page)
    first, second = report.columns
    assert first.period is not None
    assert first.period.months == 6
    assert second.period is not None
    assert second.period.type is PeriodType.INSTANT
    by_label = {f.label: f for f in report.facts}
    shares = by_label["Entity Common Stock, Shares Outstanding (in shares)"]
    assert shares.location.column == 2  # cover rule: shares outstanding after the period
    assert shares.value == "14935826000"
    assert shares.unit is not None
    assert shares.unit.id == "shares"
    assert shares.decimals == -3
    assert by_label["Entity Central Index Key"].value == "0000320193"  # text, not a number
    assert by_label["Document Type"].value == "10-Q"


def test_unit_suffix_and_member_path_rows() -> None:
    page = "\n".join(
        [
            "|",
            "Details (Details) - USD ($)",
            "$ in Millions",
            "|12 Months Ended",
            "|",
            "Dec. 31, 2021",
            "|",
            "Dec. 31, 2020",
            "|Segment A | Region B",
            "|Items [Line Items]",
            "|Number of positions eliminated | position",
            "|625",
            "|610",
            "|Amount of repurchases | $",
            "|$ 10",
            "|$ 5",
        ]
    )
    report = _read(page)
    kinds = [r.kind for r in report.rows]
    assert kinds == [RowKind.SEGMENT, RowKind.ABSTRACT, RowKind.LINE, RowKind.LINE]
    positions = [f for f in report.facts if f.label == "Number of positions eliminated"]
    assert [f.unit.id for f in positions if f.unit] == ["position", "position"]
    assert all(f.member_path == "Segment A | Region B" for f in positions)
    money = [f for f in report.facts if f.label == "Amount of repurchases"]
    assert [f.value for f in money] == ["10000000", "5000000"]


def test_equity_statement_periods_from_balance_rows() -> None:
    page = "\n".join(
        [
            "|",
            "STATEMENTS OF EQUITY - USD ($)",
            "$ in Millions",
            "|",
            "Total",
            "|",
            "Retained earnings",
            "|Beginning balances at Sep. 30, 2023",
            "|$ 100",
            "|$ 40",
            "|Net income",
            "|10",
            "|10",
            "|Ending balances at Mar. 30, 2024",
            "|$ 110",
            "|$ 50",
            "|Dividends per share (in dollars per share)",
            "|$ 0.48",
        ]
    )
    report = _read(page)
    balances = [f for f in report.facts if f.label == "Beginning balances"]
    assert {f.period.end for f in balances} == {dt.date(2023, 9, 30)}
    assert all(f.period.type is PeriodType.INSTANT for f in balances)
    income = next(f for f in report.facts if f.label == "Net income")
    assert income.period.start == dt.date(2023, 10, 1)
    assert income.period.end == dt.date(2024, 3, 30)
    assert income.period.months == 6
    dividend = next(f for f in report.facts if f.label.startswith("Dividends"))
    assert dividend.period == income.period  # a row after the block's end belongs to it
    assert dividend.unit is not None
    assert dividend.unit.id == "USD/shares"
    assert [m.label for m in income.members] in ([], ["Retained earnings"])


def test_footnote_markers_and_legend() -> None:
    page = "\n".join(
        [
            "|",
            "Income (Details) - USD ($)",
            "|12 Months Ended",
            "|",
            "Dec. 31, 2021",
            "|Revenue",
            "|[1]",
            "|$ 5",
            "|Costs",
            "|$ 3",
            "|[2]",
            "|[1]",
            "|Revenue restated.",
            "|[2]",
            "|Costs include charges.",
        ]
    )
    report = _read(page)
    revenue = next(f for f in report.facts if f.label == "Revenue")
    costs = next(f for f in report.facts if f.label == "Costs")
    assert revenue.footnotes == (1,)
    assert costs.footnotes == (2,)
    assert [n.text for n in report.footnotes] == ["Revenue restated.", "Costs include charges."]


@pytest.mark.parametrize(
    ("text", "line"),
    [("just some notes\nwithout any table\n", 1), ("\n\nhello\n", 3)],
)
def test_not_an_r_page(text: str, line: int) -> None:
    with pytest.raises(SourceError) as raised:
        _read(text)
    assert raised.value.line == line
    assert "page.txt" in str(raised.value)


def test_truncated_after_the_title() -> None:
    with pytest.raises(SourceError) as raised:
        _read("|\nBalance Sheets - USD ($)\n|Cash\n|$ 5\n")
    assert "no columns" in str(raised.value)
    assert raised.value.line == 3


def test_definitions_only_page_keeps_the_element() -> None:
    page = "\n".join(
        [
            "- Definition",
            "+ References",
            "Amount of obligation.",
            "+ Details",
            "Reference 1: http://www.xbrl.org/2003/role/disclosureRef",
            "-Topic 606",
            "-Section 45",
            "| Name:",
            "|us-gaap_ContractWithCustomerLiability",
            "| Namespace Prefix:",
            "|us-gaap_",
            "| Data Type:",
            "|xbrli:monetaryItemType",
            "| Balance Type:",
            "|credit",
            "| Period Type:",
            "|instant",
        ]
    )
    report = _read(page)
    assert report.facts == ()
    (entry,) = report.definitions
    assert str(entry.qname) == "us-gaap:ContractWithCustomerLiability"
    assert entry.period_type is PeriodType.INSTANT
    assert entry.balance == "credit"
    assert entry.references[0].parts == (("Topic", "606"), ("Section", "45"))
    assert "table is missing" in report.warnings[0]


def test_per_share_rows_take_their_unit_from_the_heading_and_the_subject() -> None:
    """Tesla's 2021 income statement in '|' text: the title promotes no per-share unit,
    "Basic" says nothing by itself, and "per share" in a row label may only say what the
    row's amount is used for ("Net income used in computing net income per share")."""
    path = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R4.txt"
    report = _read(path.read_text())
    facts = {
        (f.label, f.value, f.unit.id if f.unit else None)
        for f in report.facts
        if f.period.end == dt.date(2021, 12, 31)
    }
    used = "Net income (loss) used in computing net income per share of common stock"
    assert (used, "5524000000", "USD") in facts
    assert ("Basic", "5.60", "USD/shares") in facts
    assert ("Diluted", "4.90", "USD/shares") in facts
    assert ("Basic", "986000000", "shares") in facts
    assert ("Diluted", "1129000000", "shares") in facts


def test_near_duplicate_dates_and_a_per_share_title() -> None:
    """Tesla's 2021 balance sheet parenthetical in '|' text: titled "$ / shares", with columns
    Dec. 31, 2021, Dec. 30, 2021 and Dec. 31, 2020, every row showing two values. A row fills
    one of the two 2021 columns, and a "$" value on a "$ / shares" page is per share."""
    path = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R3.txt"
    report = _read(path.read_text())
    by_row: dict[str, set[dt.date]] = {}
    for fact in report.facts:
        by_row.setdefault(fact.label, set()).add(fact.period.end)
    for label, ends in by_row.items():
        assert not {dt.date(2021, 12, 31), dt.date(2021, 12, 30)} <= ends, label
    par = {
        (f.period.end, f.value, f.unit.id if f.unit else None)
        for f in report.facts
        if f.label == "Preferred stock par value"
    }
    assert par == {
        (dt.date(2021, 12, 31), "0.001", "USD/shares"),
        (dt.date(2020, 12, 31), "0.001", "USD/shares"),
    }


def test_a_beginning_cue_inside_a_clause_is_not_a_beginning_balance() -> None:
    """Apple's revenue note: "Portion of total net sales that was included in deferred revenue
    as of the beginning of the period" is revenue of each three and six months, not a balance
    at their start."""
    path = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R27.txt"
    label = "Portion of total net sales that was included in deferred revenue as of the beginning"
    facts = [f for f in _read(path.read_text()).facts if f.label.startswith(label)]
    assert {(f.period.type, f.period.months) for f in facts} == {
        (PeriodType.DURATION, 3),
        (PeriodType.DURATION, 6),
    }
    assert len(facts) == 4


def test_a_member_dated_by_its_name_keeps_to_its_period() -> None:
    """Tesla's 2021 equity parenthetical: under "May 2019 Public Offering [Member]" the lone
    values ($48.60 a share, $15 of issuance costs) belong to the year ended Dec. 31, 2019,
    not to the first column (2020)."""
    path = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R7.txt"
    facts = {
        (f.label, f.period.end, f.value)
        for f in _read(path.read_text()).facts
        if f.member_path == "May 2019 Public Offering [Member]"
    }
    assert facts == {
        ("Common stock issued, per share", dt.date(2019, 12, 31), "48.60"),
        ("Common stock public offering issuance costs", dt.date(2019, 12, 31), "15000000"),
    }


def test_a_row_named_for_a_balance_is_an_instant_at_its_column_end() -> None:
    """Air Products' discontinued operations note prints "Unrecognized tax benefits" under
    "12 Months Ended" columns; the element (an instant) is not in the text, the label names
    a balance: instants at each column's end, marked as decided by that rule. A statement of
    cash flows keeps its balance-sheet names as changes of the period."""
    path = shared_data() / "rtext" / "apd" / "apd__10k-2018_R61.precision.txt"
    facts = [
        f
        for f in _read(path.read_text()).facts
        if f.label == "Unrecognized tax benefits" and not f.member_path
    ]
    assert {(f.period.type, f.period.end, f.value) for f in facts} == {
        (PeriodType.INSTANT, dt.date(2018, 9, 30), "233600000"),
        (PeriodType.INSTANT, dt.date(2017, 9, 30), "146400000"),
        (PeriodType.INSTANT, dt.date(2016, 9, 30), "90200000"),
        (PeriodType.INSTANT, dt.date(2015, 9, 30), "83800000"),
    }
    assert all(Uncertainty.BALANCE_FROM_LABEL in f.uncertainties for f in facts)

    cash_flows = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R8.txt"
    changes = [
        f for f in _read(cash_flows.read_text()).facts if f.label == "Other non-current assets"
    ]
    assert len(changes) == 3
    assert {(f.period.type, f.period.months) for f in changes} == {(PeriodType.DURATION, 12)}


def test_a_cash_flow_statement_names_its_cash_balance() -> None:
    """Ford's statement of cash flows opens with "Total cash, cash equivalents, and restricted
    cash" under "12 Months Ended" columns and no beginning/end cue: the cash it reconciles to,
    an instant at each column's end; "Net cash provided by/(used in) operating activities"
    stays the year's flow."""
    path = shared_data() / "rtext" / "f" / "f__10k-2024-bodyfrag_R6.txt"
    facts = _read(path.read_text()).facts
    cash = [f for f in facts if f.label == "Total cash, cash equivalents, and restricted cash"]
    assert {(f.period.type, f.period.end, f.value) for f in cash} == {
        (PeriodType.INSTANT, dt.date(2024, 12, 31), "23190000000"),
        (PeriodType.INSTANT, dt.date(2023, 12, 31), "25110000000"),
        (PeriodType.INSTANT, dt.date(2022, 12, 31), "25340000000"),
    }
    assert all(Uncertainty.BALANCE_FROM_LABEL in f.uncertainties for f in cash)
    flows = [f for f in facts if f.label.startswith("Net cash provided by/(used in) operating")]
    assert len(flows) == 3
    assert {(f.period.type, f.period.months) for f in flows} == {(PeriodType.DURATION, 12)}


def test_balance_names_are_instants_in_the_sec_tag_dictionary() -> None:
    """The wording rule held to the SEC's own tags: of the standard monetary us-gaap elements
    whose label the rule calls a balance, at least 97% are instants; the rule's flow words
    keep the main flows out."""
    path = shared_data() / "taxonomy" / "fsds-2010q2-tag.txt"
    with path.open(encoding="utf-8", errors="replace", newline="") as lines:
        tags = list(csv.DictReader(lines, delimiter="\t"))
    named = Counter(
        t["iord"]
        for t in tags
        if t["custom"] == "0"
        and t["abstract"] == "0"
        and t["datatype"] == "monetary"
        and names_a_balance(t["tlabel"])
    )
    assert sum(named.values()) > 100
    assert named["I"] / sum(named.values()) >= 0.97
    assert not names_a_balance("Proceeds from sale of assets")
    assert not names_a_balance("Increase (decrease) in other current liabilities")
    assert names_a_balance("Current assets of discontinued operations")
    # Air Products 2018 R114's ranges, instants at the year's end in the HTML
    assert names_a_balance("Estimate of possible exposure from environment loss contingencies")
    assert names_a_balance("Maximum of loss contingency range subject to interest")
    assert not names_a_balance("Loss Contingency, Loss in Period")


def test_a_segment_whose_repeated_heading_dedup_dropped() -> None:
    """Apple's segment reconciliation in favor_precision text: the fourth member's
    "[Line Items]" heading was dropped as a repeat, so "Corporate non-segment" stands right
    above its values; it is still that row's member, not a heading."""
    path = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R42.precision.txt"
    facts = [f for f in _read(path.read_text()).facts if f.label == "Other corporate expenses, net"]
    assert len(facts) == 4
    assert {f.member_path for f in facts} == {"Corporate non-segment"}


def test_a_duration_the_text_cannot_confirm_is_marked() -> None:
    """Apple's R32 prints maturity shares ("Between 1 and 5 years" 83.00%) under its
    "6 Months Ended" column: the instance holds instants there, which EdgarRenderer merged
    into the duration column. The '|' text has no element to say so: the facts stay the
    column's duration, marked as assumed. The HTML knows the period type: nothing to mark."""
    page = "aapl-10q-2025-03-29/R32"
    text = _read((shared_data() / "rtext" / f"{page}.txt").read_text())
    shares = [f for f in text.facts if f.label == "Between 1 and 5 years"]
    assert len(shares) == 2
    assert all(f.period.type is PeriodType.DURATION for f in shares)
    assert all(Uncertainty.DURATION_ASSUMED in f.uncertainties for f in shares)

    html = read_report(str(shared_data() / "edgar" / "filings" / f"{page}.htm"))
    in_html = [f for f in html.facts if f.label == "Between 1 and 5 years"]
    assert {f.period.type for f in in_html} == {PeriodType.INSTANT}
    assert not any(Uncertainty.DURATION_ASSUMED in f.uncertainties for f in html.facts)


def test_same_label_rows_split_their_columns_by_date() -> None:
    """Apple's comprehensive income prints each hedge line twice under one label: this year's
    3- and 6-month values (us-gaap's element), then last year's (an aapl element). Each '|'
    row has two values for four columns; the halves go to one date each, not one group each."""
    path = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R3.txt"
    facts = [
        f
        for f in _read(path.read_text()).facts
        if f.label == "Change in fair value of derivative instruments"
    ]
    by_row: dict[int, set[tuple[dt.date, int | None, str]]] = {}
    for fact in facts:
        by_row.setdefault(fact.location.row, set()).add(
            (fact.period.end, fact.period.months, fact.value)
        )
    assert [by_row[row] for row in sorted(by_row)] == [
        {(dt.date(2025, 3, 29), 3, "-318000000"), (dt.date(2025, 3, 29), 6, "1333000000")},
        {(dt.date(2024, 3, 30), 3, "456000000"), (dt.date(2024, 3, 30), 6, "-75000000")},
    ]


def test_a_text_block_cut_to_its_heading_gives_no_fact() -> None:
    """favor_precision kept only the headings of Apple's R24 text blocks (their tables were
    dropped): "Inventories" is not the disclosure, so no fact, and a note says why."""
    path = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R24.precision.txt"
    report = read_report(str(path))
    assert report.facts == ()
    assert [row.label for row in report.rows if row.kind is RowKind.LINE] == [
        "Inventories",
        "Property, Plant and Equipment, Net",
    ]
    assert len(report.warnings) == 2
    assert all("holds only its heading" in note for note in report.warnings)


def test_definitions_whose_first_toggle_deduplication_dropped() -> None:
    """favor_precision's deduplication drops lines it has seen before, the open first toggle
    ("- Definition") among them (trafilatura 1.7 on Tesla 2021 R8). The entry is still an
    element's, its lines still after the toggles they follow; only "- Details" alone is a
    member's."""
    cells = [
        TextCell("X", 1, ("- Definition", "+ References", "Amount A.", "+ Details", "Ref")),
        TextCell("X", 7, ("+ References", "Amount of noncash expense for share-based payment.")),
        TextCell("X", 9, ("+ Details", "Reference 1: http://www.xbrl.org/2003/role/disclosureRef")),
        TextCell("X", 11, ("- Details",)),
    ]
    entries = parse_definition_cells(cells)
    assert [e.is_member for e in entries] == [False, False, False, True]
    assert entries[1].definition == "Amount of noncash expense for share-based payment."
    assert entries[2].definition is None
    assert [r.role for r in entries[2].references] == [
        "http://www.xbrl.org/2003/role/disclosureRef"
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),  # Notepad's UTF-8
        lambda text: text.encode("utf-16"),  # PowerShell's '>' (with its byte-order mark)
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.encode("cp1252", errors="replace"),
    ],
    ids=["utf-8-bom", "utf-16", "crlf", "cp1252"],
)
def test_text_saved_on_windows_reads_the_same(encode, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R4.txt"
    saved = tmp_path / "page.txt"
    saved.write_bytes(encode(page.read_text(encoding="utf-8")))
    expected = [(f.label, f.value, f.period, f.location) for f in read_report(str(page)).facts]
    assert len(expected) == 99
    assert [(f.label, f.value, f.period, f.location) for f in read_report(str(saved)).facts] == (
        expected
    )


def test_a_header_without_rows_says_so() -> None:
    """Every cell read as header (a '|' form the reader does not know, or a cut page): no
    facts, and a note that says why instead of silence."""
    page = "\n".join(["|", "Balance Sheets - USD ($)", "$ in Millions", "|", "Dec. 31, 2021"])
    report = _read(page)
    assert report.facts == ()
    assert report.warnings == ("line 4: the table has a header but no rows: no facts",)


def test_a_page_of_headings_only_says_it_gave_no_facts() -> None:
    """trafilatura 1.8 with include_links=True keeps the header and the definitions' Details
    but not one value: rows, no facts, and a note."""
    header = ["|", "Balance Sheets - USD ($)", "$ in Millions", "|", "Dec. 31, 2021"]
    page = "\n".join([*header, "|Assets [Abstract]", "|Liabilities [Abstract]"])
    report = _read(page)
    assert report.facts == ()
    assert report.warnings == ("no facts read from this page (2 rows)",)


def test_a_cut_details_table_names_no_element() -> None:
    """A page with one definition whose Details lost a line pairs "Name:" with the next key;
    that is no element id, so the entry stays without a QName (it raised before)."""
    page = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R28.txt"
    lines = page.read_text(encoding="utf-8").splitlines()
    name = lines.index("| Name:")
    cut = "\n".join(lines[: name + 1] + lines[name + 2 :])
    report = _read(cut)
    (entry,) = report.definitions
    assert entry.qname is None
    assert entry.definition


@pytest.mark.parametrize(
    "page",
    [
        "rtext/tsla/tsla__10k-2021_R4.txt",
        "rtext/apd/apd__10k-2018_R2.precision.txt",
        "edgar/r-pages/tsla/tsla__10k-2021_R4.htm",
    ],
)
def test_a_page_held_in_memory_reads_as_its_file(page: str) -> None:
    """Text from a database or trafilatura's return value, not a file: the same report, its
    source named as the caller says and hashed as the file is."""
    from kg.build import read_report_text

    path = shared_data() / page
    from_file = read_report(str(path))
    in_memory = read_report_text(path.read_text(encoding="utf-8"), name="db:row/17")
    assert in_memory.source.path == "db:row/17"
    assert in_memory.source.sha256 == from_file.source.sha256
    assert in_memory.facts == from_file.facts
    assert len(in_memory.facts) > 10
    # A file read with "utf-8", not "utf-8-sig", keeps Notepad's byte-order mark.
    marked = read_report_text("\ufeff" + path.read_text(encoding="utf-8"), name="db:row/17")
    assert marked.facts == from_file.facts
    with pytest.raises(SourceError, match=r"^db:row/18:1: not an R page"):
        read_report_text("Dear reader,\nno table here.\n", name="db:row/18")


def test_reports_read_in_memory_emit_as_build_emits_their_files(examples_dir: Path) -> None:
    from kg.build import build, emit_reports, read_report_text

    pages = sorted(examples_dir.glob("*.txt"))
    reports = [read_report_text(p.read_text(encoding="utf-8"), name=str(p)) for p in pages]
    emitted = emit_reports(reports)
    built = build([str(p) for p in pages]).dataset
    assert len(emitted.graphs) == 2
    assert emitted.graphs == built.graphs


def test_a_lone_definition_whose_toggles_deduplication_dropped_is_a_note() -> None:
    """favor_precision's deduplication can drop a page's table and every toggle of the one
    definition left, joining its references on one line (trafilatura 1.8.0 on a set of pages,
    Apple R28 among them): a definition without its table, not a text made with include_links."""
    from kg.build import read_report_text

    uri = "https://asc.fasb.org/1943274/21474798"
    text = (
        "Amount of obligation to transfer good or service to customer for which consideration "
        "has been received or is receivable.\n"
        "Reference 1: http://www.xbrl.org/2003/role/disclosureRef -Topic 606 -SubTopic 10 -Name "
        "Accounting Standards Codification -Section 45 -Paragraph 1 -Publisher FASB -URI "
        f"{uri}37/606-10-45-1Reference 2: http://www.xbrl.org/2003/role/disclosureRef -Topic 606 "
        "-SubTopic 10 -Name Accounting Standards Codification -Section 50 -Paragraph 8 "
        f"-Subparagraph (a) -Publisher FASB -URI {uri}06/606-10-50-8\n"
        "No definition available."
    )
    report = read_report_text(text, name="R28.precision.txt")
    assert report.facts == ()
    assert report.warnings[0].startswith("the report table is missing from this text")
    (entry,) = report.definitions
    assert entry.definition is not None
    assert entry.definition.startswith("Amount of obligation to transfer good or service")
    assert [dict(r.parts)["URI"] for r in entry.references] == [
        f"{uri}37/606-10-45-1",
        f"{uri}06/606-10-50-8",
    ]
    assert dict(entry.references[1].parts)["Subparagraph"] == "(a)"


def _facts(report: Report) -> list[tuple[object, ...]]:
    return [(f.label, f.value, f.period, f.unit, f.members, f.display) for f in report.facts]


@pytest.mark.parametrize(
    "pages",
    [
        # after a page's definitions; a statement of equity's header names no period
        ["tsla/tsla__10k-2021_R2", "tsla/tsla__10k-2021_R4", "tsla/tsla__10k-2021_R6"],
        # after a page that lost its header and definitions: the next title cell
        ["aapl-10q-2025-03-29/R9", "aapl-10q-2025-03-29/R2"],
        # a page that kept no definitions, then a statement of equity: its title names a unit
        ["aapl-10q-2025-03-29/R1", "tsla/tsla__10k-2021_R6"],
        # a page that kept only one definition, without a '|', between two others
        ["tsla/tsla__10k-2025_R5", "tsla/tsla__10k-2025_R6", "tsla/tsla__10k-2025_R7"],
    ],
)
def test_pages_appended_to_one_file_are_read_one_by_one(tmp_path: Path, pages: list[str]) -> None:
    """Pages' texts appended to one file (a filing's pages saved together) were read as the
    first page, the others taken for its definitions (Tesla 2021 R4's 99 facts lost without a
    word). Each is read as its own file is, with its place in the file and the file's lines."""
    from kg.build import read_report_text, read_reports, read_reports_text
    from kg.errors import AppendedPage

    files = [shared_data() / "rtext" / f"{page}.txt" for page in pages]
    texts = [file.read_text(encoding="utf-8") for file in files]
    joined = tmp_path / "pages.txt"
    joined.write_text("\n".join(texts), encoding="utf-8")
    reports = read_reports(str(joined))
    singles = [read_report(str(file)) for file in files]
    assert [_facts(r) for r in reports] == [_facts(s) for s in singles]
    assert sum(len(s.facts) for s in singles) > 60
    assert [r.source.page for r in reports] == list(range(1, len(pages) + 1))
    assert {r.source.path for r in reports} == {str(joined)}
    lines = joined.read_text(encoding="utf-8").split("\n")
    for report in reports:
        for fact in report.facts:
            assert lines[fact.location.line - 1] == "|" + fact.display.split("\n")[0]
    # One page asked for, more found: the line where the second starts is named.
    second = texts[0].count("\n") + 2
    assert lines[second - 1] == texts[1].split("\n")[0]
    with pytest.raises(AppendedPage, match=rf"^both.txt:{second}: another R page starts here"):
        read_report_text("\n".join(texts), name="both.txt")
    in_memory = read_reports_text("\n".join(texts), name="both.txt")
    assert [_facts(r) for r in in_memory] == [_facts(s) for s in singles]
    assert _facts(read_report_text(texts[0], name="R.txt")) == _facts(singles[0])


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_file_of_many_pages_keeps_each_page_and_the_files_lines(
    tmp_path: Path, newline: str
) -> None:
    """Every Tesla page, then Apple's R10 (it lost its header: a note names its line), in one
    file of 300 kB: each page is read as alone, its facts and notes at the file's lines. The
    next page is looked for in a window after each page's start, not in the rest of the file,
    whose reading took time growing with the square of the pages (100 pages: 10.3 s, 1.3 s
    now), whatever ends the lines."""
    from kg import build as kg_build
    from kg.build import read_report_text, read_reports

    files = sorted((shared_data() / "rtext" / "tsla").glob("*_R*[0-9].txt"))
    files.append(shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R10.txt")
    texts = [file.read_text(encoding="utf-8").replace("\n", newline) for file in files]
    joined = tmp_path / "pages.txt"
    joined.write_text(newline.join(texts), encoding="utf-8", newline="")
    first = kg_build._page_end(newline.join(texts), 0)
    assert first == len(texts[0]) + len(newline)  # found in the first window
    assert len(texts) == 26
    assert joined.stat().st_size > 300_000
    reports = read_reports(str(joined))
    singles = [
        read_report_text(text, name=file.name) for file, text in zip(files, texts, strict=True)
    ]
    assert [_facts(r) for r in reports] == [_facts(s) for s in singles]
    assert [r.source.page for r in reports] == list(range(1, 27))
    before = 0  # the file's lines before each page
    for report, single, text in zip(reports, singles, texts, strict=True):
        for fact, alone in zip(report.facts, single.facts, strict=True):
            assert fact.location.line == alone.location.line + before
        assert list(report.warnings) == [_moved(note, before) for note in single.warnings]
        before += text.count(newline) + 1
    first_line = before - texts[-1].count(newline)  # R10's
    assert reports[-1].warnings[0].startswith(f"line {first_line}: no report header")


def _moved(note: str, lines: int) -> str:
    """A reader's note naming its line ("line 12: ..."), that line ``lines`` further on."""
    return re.sub(r"^line (\d+):", lambda found: f"line {int(found.group(1)) + lines}:", note)


@pytest.mark.parametrize(
    ("version", "pages", "split"),
    [
        # trafilatura 1.6.1 and earlier write cells between pairs of bars: told apart
        ("1.6.1", ["aapl-10q-2025-03-29/R2", "aapl-10q-2025-03-29/R6"], True),
        # 1.8.1 closes cells with their '|', 2.3.1 writes markdown tables: refused, not merged
        ("1.8.1", ["tsla/tsla__10k-2021_R4", "tsla/tsla__10k-2021_R28"], False),
        ("2.3.1", ["apd/apd__10k-2018_R114", "aapl-10q-2025-03-29/R27"], False),
        # a markdown table that kept no "|---|" line after another page's definitions
        ("2.3.1", ["apd/apd__10k-2018_R2.precision", "apd/apd__10k-2018_R61.precision"], False),
    ],
)
def test_appended_pages_in_other_trafilatura_forms(
    tmp_path: Path, version: str, pages: list[str], split: bool
) -> None:
    """Where a form's pages cannot be told apart as surely as 1.8.0's (a cell's lines are
    not found by its '|'), a second page is named and the file refused; 2.3.1's markdown
    pages appended to one file were read as the first page, the others' tables lost."""
    from kg.build import read_reports

    folder = REPO / "tests" / "data" / "trafilatura" / version
    files = [folder / f"{page}.txt" for page in pages]
    joined = tmp_path / "pages.txt"
    texts = [file.read_text(encoding="utf-8") for file in files]
    joined.write_text("\n".join(texts), encoding="utf-8")
    singles = [read_report(str(file)) for file in files]
    assert all(single.facts for single in singles)
    if split:
        assert [_facts(r) for r in read_reports(str(joined))] == [_facts(s) for s in singles]
        return
    errors: list[SourceError] = []
    assert read_reports(str(joined), errors=errors) == []
    (error,) = errors
    assert error.line is not None
    assert error.line > texts[0].count("\n")
    assert "another R page starts here" in str(error)
    assert "split them" in str(error)
