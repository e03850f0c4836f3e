"""The text reader's columns on real pages: group spans, unit-split columns, text blocks.

Each test names facts the HTML original shows and the text must give the same: the column a
value sits in decides its period, so a wrong group span or placement changes the fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import read_report
from kg.fidelity import compare_reports
from kg.model import Fact, PeriodType, Report, Uncertainty
from kg.readers.rhtml import read_html_grid
from kg.readers.rtext import read_text_grid
from tests.corpus import shared_data

APD = "apd__10k-2018_"
FY2018 = dt.date(2018, 9, 30)
FY2017 = dt.date(2017, 9, 30)
MODES = ["txt", "precision.txt"]


def _html(filer: str, stem: str) -> Path:
    return shared_data() / "edgar" / "r-pages" / filer / f"{stem}.htm"


def _text(filer: str, stem: str, mode: str = "txt") -> Path:
    return shared_data() / "rtext" / filer / f"{stem}.{mode}"


def _groups(path: Path, *, html: bool) -> list[str | None]:
    text = path.read_text(encoding="utf-8", errors="replace")
    reader = read_html_grid if html else read_text_grid
    grid = reader(text, path=str(path), sha256=hashlib.sha256(text.encode()).hexdigest())
    return [column.group for column in grid.columns]


def _facts(report: Report, label: str, members: tuple[str, ...] = ()) -> list[Fact]:
    return [
        f for f in report.facts if f.label == label and tuple(m.label for m in f.members) == members
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("filer", "stem", "decided"),
    [("apd", APD + "R61", 6), ("apd", APD + "R67", 5), ("f", "f__10k-2024-bodyfrag_R8", 6)],
)
def test_event_date_columns_before_the_groups_stay_ungrouped(
    filer: str, stem: str, decided: int, mode: str
) -> None:
    """Durations of days print no group text and come before the "N Months Ended" groups
    (format reference 2.2); the group lines belong to the columns after them. Whether a
    trailing instant continues the last group the text cannot say (A2): apd R61's
    'Sep. 30, 2015' is read into the group and its values are marked so."""
    text = _groups(_text(filer, stem, mode), html=False)
    assert text[:decided] == _groups(_html(filer, stem), html=True)[:decided]
    assert text[0] is None
    report = read_report(str(_text(filer, stem, mode)))
    for fact in report.facts:
        if fact.location.column > decided:
            assert Uncertainty.GROUP_SPAN in fact.uncertainties


@pytest.mark.parametrize("mode", MODES)
def test_inventory_change_facts_get_their_periods(mode: str) -> None:
    """apd R67: 'Jul. 01, 2018' (the change date), '3 Months Ended Sep. 30, 2018', then the
    three fiscal years."""
    report = read_report(str(_text("apd", APD + "R67", mode)))
    years = {
        f.period.end: f.value
        for f in _facts(report, "Increase in inventories")
        if f.period.type is PeriodType.DURATION and f.period.months == 12
    }
    assert years == {FY2018: "64200000", FY2017: "-6400000", dt.date(2016, 9, 30): "-32200000"}
    (quarter,) = [
        f
        for f in _facts(
            report,
            "Income from continuing operations before taxes",
            ("Change in Inventory Valuation Method",),
        )
        if f.period.months == 3
    ]
    assert (quarter.period.end, quarter.value) == (FY2018, "24100000")


@pytest.mark.parametrize("mode", MODES)
def test_discontinued_operations_rows_land_in_the_fiscal_years(mode: str) -> None:
    """apd R61: three-value rows are the three fiscal years, not the two event dates and the
    quarter printed before them."""
    report = read_report(str(_text("apd", APD + "R61", mode)))
    values = {
        (f.period.months, f.period.end): f.value
        for f in _facts(report, "Income (loss) from discontinued operations, net of tax")
    }
    assert values == {
        (12, FY2018): "42200000",
        (12, FY2017): "1866000000",
        (12, dt.date(2016, 9, 30)): "-460500000",
    }


@pytest.mark.parametrize("mode", MODES)
def test_currency_symbol_picks_the_unit_split_column(mode: str) -> None:
    """apd R114 lists 'USD ($)' and 'BRL (R$)' columns for Sep. 30, 2018: a '$' value is not
    a real, so the accrual's second value goes to the USD column of 2017."""
    report = read_report(str(_text("apd", APD + "R114", mode)))
    accrual = _facts(report, "Accrual for environmental loss contingencies", ("Environmental",))
    assert sorted((f.location.column, f.value, f.unit.id if f.unit else None) for f in accrual) == [
        (2, "76800000", "USD"),
        (4, "83600000", "USD"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_policies_opening_with_their_heading_are_text_blocks(mode: str) -> None:
    """apd R36: '|Revenue Recognition' (the label), then '|Revenue Recognition' with the
    policy's paragraphs on the lines after it: each policy is its own row and text block."""
    html = read_report(str(_html("apd", APD + "R36")))
    text = read_report(str(_text("apd", APD + "R36", mode)))
    score = compare_reports(html, text)
    assert (score.expected, score.found, score.matched) == (29, 29, 29)
    (revenue,) = _facts(text, "Revenue Recognition")
    assert revenue.value.startswith("Revenue Recognition")
    assert "percentage-of-completion" in revenue.value


@pytest.mark.parametrize("mode", MODES)
def test_a_long_label_that_overfills_a_row_is_the_next_row(mode: str) -> None:
    """tsla 2021 R2: the common-stock label (over 150 characters) follows the all-nil
    preferred-stock row; it is a label with its two values, not the preferred row's value."""
    report = read_report(str(_text("tsla", "tsla__10k-2021_R2", mode)))
    common = [f for f in report.facts if f.label.startswith("Common stock; $0.001 par value")]
    assert sorted((f.period.end, f.value) for f in common) == [
        (dt.date(2020, 12, 31), "1000000"),
        (dt.date(2021, 12, 31), "1000000"),
    ]
    assert not [f for f in report.facts if f.label.startswith("Preferred stock")]


@pytest.mark.parametrize("mode", MODES)
def test_cash_reconciliation_after_a_less_row(mode: str) -> None:
    """apd R7 closes with 'Cash and Cash Items - End of Period' (a second, lone 1,501.3),
    'Less: ... Discontinued Operations' and '... Continuing Operations': 1,501.3 - 208.1 =
    1,293.2 puts the lone value in 2016, and all three rows are balances."""
    html = read_report(str(_html("apd", APD + "R7")))
    text = read_report(str(_text("apd", APD + "R7", mode)))
    score = compare_reports(html, text)
    assert (score.expected, score.found, score.matched) == (151, 151, 151)
    continuing = _facts(text, "Cash and Cash Items – Continuing Operations")
    assert {(f.period.type, f.period.end, f.value) for f in continuing} == {
        (PeriodType.INSTANT, FY2018, "2791300000"),
        (PeriodType.INSTANT, FY2017, "3273600000"),
        (PeriodType.INSTANT, dt.date(2016, 9, 30), "1293200000"),
    }


@pytest.mark.parametrize("mode", MODES)
def test_a_breakdown_repeated_per_member_keeps_its_years(mode: str) -> None:
    """apd R64: the restructuring charge of fiscal 2017 and 2016 repeats under each member;
    the two-value rows keep to the years the 'Severance' row (beside its 'position' row)
    shows, not the quarters printed first; the lone per-segment values go where they add up
    to their member's 154.8."""
    report = read_report(str(_text("apd", APD + "R64", mode)))
    label = "Cost reduction and asset actions"
    fy2016 = dt.date(2016, 9, 30)
    for members, values in [
        (("Cost Reduction Actions",), {FY2017: "154800000", fy2016: "34500000"}),
        (
            ("Cost Reduction Actions", "Severance and Other Benefits"),
            {FY2017: "66300000", fy2016: "34500000"},
        ),
        (("Cost Reduction Actions", "Asset Actions/Other"), {FY2017: "88500000", fy2016: "0"}),
        (("Cost Reduction Actions", "Industrial Gases - Americas"), {FY2017: "39300000"}),
        (("Cost Reduction Actions", "Industrial Gases - EMEA"), {FY2017: "77900000"}),
        (("Cost Reduction Actions", "Industrial Gases - Asia"), {FY2017: "900000"}),
        (("Cost Reduction Actions", "Industrial Gases - Global"), {FY2017: "2500000"}),
        (("Cost Reduction Actions", "Corporate and other"), {FY2017: "34200000"}),
    ]:
        facts = _facts(report, label, members)
        assert {f.period.end: f.value for f in facts} == values
        assert {f.period.months for f in facts} == {12}


@pytest.mark.parametrize("mode", MODES)
def test_segment_zeros_join_the_column_their_breakdown_adds_up_in(mode: str) -> None:
    """apd R74: fiscal 2017's goodwill impairment of 145.3 is all Americas'; the other
    segments print a lone 0.0, which belongs to the same column (12 months to 2017-09-30),
    not the 9-month column printed first. A zero foots in any column, so the roll-forward
    solver leaves its column to the rows around it (Global's beside Asia's)."""
    report = read_report(str(_text("apd", APD + "R74", mode)))
    for segment in [
        "Industrial Gases - EMEA",
        "Industrial Gases - Asia",
        "Industrial Gases - Global",
        "Corporate and other",
    ]:
        (fact,) = _facts(report, "Impairment loss", (segment,))
        assert (fact.value, fact.period.end, fact.period.months) == ("0", FY2017, 12)


@pytest.mark.parametrize("mode", MODES)
def test_lone_cash_flows_go_where_their_section_total_adds_up(mode: str) -> None:
    """Tesla 2021 R8: 'Purchase of convertible note hedges 476' and 'Proceeds from issuance
    of warrants 174' happened in 2019 only. In 2019's column the financing section adds up to
    its 'Net cash ... provided by financing activities' of 1,529 with them (the 476 an outflow
    printed without parentheses), and in 2020's without them."""
    html = read_report(str(_html("tsla", "tsla__10k-2021_R8")))
    text = read_report(str(_text("tsla", "tsla__10k-2021_R8", mode)))
    for label in ["Purchase of convertible note hedges", "Proceeds from issuance of warrants"]:
        (fact,) = _facts(text, label)
        assert (fact.period.end, fact.period.months) == (dt.date(2019, 12, 31), 12)
    score = compare_reports(html, text)
    assert (score.expected, score.found, score.matched) == (140, 140, 140)


def test_an_instant_fills_each_column_of_its_date() -> None:
    """Apple R39 prints the unrecognized RSU cost of Mar. 29, 2025 twice ($26,300 $26,300):
    the renderer shows an instant in both the 3- and the 6-month column ending that day, not
    in this year's and last year's 3-month columns."""
    path = shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29" / "R39.htm"
    text = read_report(str(shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R39.precision.txt"))
    label = "Total unrecognized compensation cost related to outstanding RSUs"
    facts = [f for f in text.facts if f.label == label]
    assert [f.location.column for f in facts] == [
        f.location.column for f in read_report(str(path)).facts if f.label == label
    ]
    assert [f.location.column for f in facts] == [1, 3]


@pytest.mark.parametrize("mode", MODES)
def test_a_ratio_is_no_amount_of_money(mode: str) -> None:
    """apd R61, titled "$ in Millions", prints a spin-off's "Distribution ratio ... 0.5" with
    no symbol: a ratio, 0.5 pure as the HTML has it, not $500,000."""
    report = read_report(str(_text("apd", APD + "R61", mode)))
    (fact,) = _facts(
        report,
        "Distribution ratio of common stock in spin-off",
        ("Electronic Materials Division (EMD)", "Discontinued Operations, Spinoff"),
    )
    assert (fact.value, fact.unit and fact.unit.id) == ("0.5", "pure")
    assert Uncertainty.UNIT_INFERRED in fact.uncertainties


@pytest.mark.parametrize("symbol", ["€", "¥", "£"])
@pytest.mark.parametrize("stem", [APD + "R64", APD + "R2"])
def test_a_page_in_another_currency_reads_as_in_dollars(symbol: str, stem: str) -> None:
    """The same page in euros, yen or pounds (its '$' and 'USD' turned, as a filer reporting
    in that currency prints them): the same facts in that currency. "€ in Millions" scales
    money as "$ in Millions" does, so the unsymbolled values below a symbolled one stay money."""
    from kg.build import read_report_text

    code = {"€": "EUR", "¥": "JPY", "£": "GBP"}[symbol]
    text = _text("apd", stem).read_text(encoding="utf-8")
    dollars = read_report(str(_text("apd", stem)))
    other = read_report_text(text.replace("$", symbol).replace("USD", code), name="page.txt")
    assert len(other.facts) == len(dollars.facts) > 20

    def unit(fact: Fact) -> str | None:
        return fact.unit.id.replace("USD", code) if fact.unit else None

    assert [(f.label, f.period, f.value, unit(f)) for f in dollars.facts] == [
        (f.label, f.period, f.value, f.unit.id if f.unit else None) for f in other.facts
    ]


@pytest.mark.parametrize("mode", MODES)
def test_a_page_in_units_whose_columns_name_the_currency_reads_its_money(mode: str) -> None:
    """A filer that reports in whole dollars prints no "$ in Millions"; where the columns
    carry the units ("Sep. 30, 2017 USD ($)"), nothing in the title says the page is in
    dollars. Air Products R64 so printed: its unsymbolled amounts stay money, not pure."""
    from kg.build import read_report_text

    path = _text("apd", APD + "R64", mode)
    text = path.read_text(encoding="utf-8")
    assert "\n$ in Millions\n" in text
    millions = read_report(str(path))
    units = read_report_text(text.replace("\n$ in Millions\n", "\n"), name="page.txt")

    def in_units(fact: Fact) -> Decimal:
        value = Decimal(fact.value)
        return value.scaleb(-6) if fact.unit and fact.unit.id == "USD" else value

    assert len(units.facts) == len(millions.facts) > 15
    assert [(f.label, f.period, in_units(f), f.unit) for f in millions.facts] == [
        (f.label, f.period, Decimal(f.value), f.unit) for f in units.facts
    ]
