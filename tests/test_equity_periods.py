"""Equity statements date their rows by the balance rows around them (kg.readers.assemble).

Checked on real pages by sums the dating must make hold, not by the dates alone: a balance
split (parent + noncontrolling) adds up to the balance row at the same date, and net income
including noncontrolling interests is the sum of its parts in the same year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import read_report
from kg.model import Fact, PeriodType, Report, Uncertainty
from tests.corpus import shared_data

FORD = "f__10k-2024-bodyfrag_R7"
YEAR_ENDS = [dt.date(year, 12, 31) for year in (2021, 2022, 2023, 2024)]


def _page(filer: str, stem: str, kind: str) -> Path:
    if kind == "html":
        return shared_data() / "edgar" / "r-pages" / filer / f"{stem}.htm"
    return shared_data() / "rtext" / filer / f"{stem}.txt"


def _total_column(report: Report, label: str) -> dict[tuple[PeriodType, dt.date], Decimal]:
    """The row's values in the first (Total) column, by period type and end date."""
    values = {}
    for fact in report.facts:
        if fact.label == label and fact.location.column == 1:
            key = (fact.period.type, fact.period.end)
            assert key not in values, f"two {label!r} facts for {key}"
            values[key] = Decimal(fact.value)
    return values


def test_ford_balance_split_is_dated_at_each_balance() -> None:
    report = read_report(str(_page("f", FORD, "html")))
    parent = _total_column(report, "Total equity attributable to Ford Motor Company")
    minority = _total_column(report, "Equity attributable to noncontrolling interests")
    balances = _total_column(report, "Beginning Balance") | _total_column(report, "Ending balance")
    for end in YEAR_ENDS:
        key = (PeriodType.INSTANT, end)
        assert parent[key] + minority[key] == balances[key], end
    assert set(parent) == {(PeriodType.INSTANT, end) for end in YEAR_ENDS}


def test_ford_rows_after_an_ending_balance_belong_to_its_year() -> None:
    report = read_report(str(_page("f", FORD, "html")))
    including = _total_column(report, "Net income/(loss)")  # us-gaap:ProfitLoss
    parent = _total_column(report, "Net Income (Loss)")
    minority = _total_column(report, "Net Income (Loss) Attributable to Noncontrolling Interest")
    for end in YEAR_ENDS[1:]:
        key = (PeriodType.DURATION, end)
        assert parent[key] + minority[key] == including[key], end
    moved = [f for f in report.facts if f.label == "Net Income (Loss)" and _year(f) < 2024]
    assert moved
    assert all(Uncertainty.EQUITY_ROW_PERIOD in f.uncertainties for f in moved)


def _year(fact: Fact) -> int:
    return fact.period.end.year


def test_interleaved_roll_forwards_give_each_year_its_flows() -> None:
    """Tesla prints its redeemable noncontrolling interests' balances between the stockholders'
    equity blocks; a flow row ends at the next balance below it, not at the next date."""
    report = read_report(str(_page("tsla", "tsla__10k-2025_R7", "html")))
    seen: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for fact in report.facts:
        members = tuple(m.label for m in fact.members)
        seen[(fact.concept.qname or fact.label, fact.period, members)].append(fact.value)
    assert not {k: v for k, v in seen.items() if len(set(v)) > 1}
    income = {
        f.period.end.year: f.period.months
        for f in report.facts
        if f.label == "Net (loss) income" and f.location.column == 1
    }
    assert income == {2023: 12, 2024: 12, 2025: 12}


@pytest.mark.parametrize("stem", [("f", FORD), ("tsla", "tsla__10k-2025_R7")], ids=str)
def test_text_rows_get_the_html_rows_periods(stem: tuple[str, str]) -> None:
    """The text gives no period types; its rows are dated as the HTML's all the same (its
    lone values may sit in other columns, which the fidelity harness measures)."""
    html, text = (read_report(str(_page(*stem, kind))) for kind in ("html", "text"))
    assert _row_periods(text) == _row_periods(html)


def _row_periods(report: Report) -> list[tuple[str, frozenset[object]]]:
    periods: dict[int, set[object]] = defaultdict(set)
    for fact in report.facts:
        periods[fact.location.row].add(fact.period)
    return [(row.label, frozenset(periods[row.index])) for row in report.rows]
