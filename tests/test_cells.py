"""Reading printed cells: numbers, dates, durations, scale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kg.cells import (
    add_months,
    months_between,
    parse_date,
    parse_duration,
    parse_number,
    parse_scale,
    parse_value,
)
from kg.model import ValueKind


@pytest.mark.parametrize(
    ("text", "number", "symbol", "percent", "fraction"),
    [
        ("$ 95,359", "95359", "$", False, 0),
        ("$ (1,234)", "-1234", "$", False, 0),
        ("(279)", "-279", None, False, 0),
        ("85.77%", "85.77", None, True, 2),
        ("(5.25%)", "-5.25", None, True, 2),
        ("€ 13.4", "13.4", "€", False, 1),
        ("R$ 9.9", "9.9", "R$", False, 1),
        ("0", "0", None, False, 0),
        ("$ 0.00001", "0.00001", "$", False, 5),
        ("1,234,567.125", "1234567.125", None, False, 3),
        ("none", "0", None, False, 0),
    ],
)
def test_numbers(text: str, number: str, symbol: str | None, percent: bool, fraction: int) -> None:
    value = parse_number(text)
    assert value is not None
    assert value.number == Decimal(number)
    assert value.symbol == symbol
    assert value.percent is percent
    assert value.fraction_digits == fraction


@pytest.mark.parametrize(
    "text", ["2025", "0000320193", "001-36743", "95014", "(12", "12)", "Q2", "1.2.3", "$", ""]
)
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_dates_and_kinds() -> None:
    assert parse_date("Mar. 29, 2025") == dt.date(2025, 3, 29)
    assert parse_date("May 31, 2021") == dt.date(2021, 5, 31)
    assert parse_date("May. 31, 2021") == dt.date(2021, 5, 31)  # equity rows write a dot
    assert parse_date("Sep. 30,  2018") == dt.date(2018, 9, 30)  # text values: doubled spaces
    assert parse_date("Feb. 30, 2021") is None
    assert parse_value("Mar. 29,  2025").kind is ValueKind.DATE
    assert parse_value("true").kind is ValueKind.BOOLEAN
    assert parse_value("--09-27").kind is ValueKind.MONTH_DAY
    assert parse_value("Yes").kind is ValueKind.TEXT
    assert parse_value("2025").kind is ValueKind.TEXT


def test_durations() -> None:
    assert parse_duration("2 years 8 months 12 days") == "P2Y8M12D"
    assert parse_duration("1 year") == "P1Y"
    assert parse_duration("30 years") == "P30Y"
    assert parse_duration("12 months") == "P12M"
    assert parse_duration("a year") is None


def test_scale() -> None:
    assert parse_scale(" shares in Thousands, $ in Millions") == {"shares": 3, "$": 6}
    assert parse_scale("$ / shares in Units, shares in Thousands, $ in Millions") == {
        "$ / shares": 0,
        "shares": 3,
        "$": 6,
    }
    assert parse_scale("$ in Millions, ¥ in Billions") == {"$": 6, "¥": 9}


def test_month_arithmetic() -> None:
    assert add_months(dt.date(2021, 12, 31), -12) == dt.date(2020, 12, 31)
    assert add_months(dt.date(2024, 2, 29), -12) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2025, 3, 29), -6) == dt.date(2024, 9, 29)
    # The renderer's month count: a 52/53-week half year is 6 months.
    assert months_between(dt.date(2024, 9, 29), dt.date(2025, 3, 29)) == 6
    assert months_between(dt.date(2023, 10, 1), dt.date(2024, 3, 30)) == 6
    assert months_between(dt.date(2021, 1, 1), dt.date(2021, 12, 31)) == 12
