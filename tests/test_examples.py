"""Every fact of the two example pages users gave us, exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import read_report
from kg.model import Fact, PeriodType, Uncertainty

CC = "Customer Concentrations"


def _period(fact: Fact) -> str:
    p = fact.period
    if p.type is PeriodType.INSTANT:
        return f"at {p.end}"
    assert p.start is None, "R page durations do not know their start"
    return f"{p.months}m to {p.end}"


def _facts(path: Path) -> set[tuple[str, str, str, Decimal, str]]:
    report = read_report(str(path))
    rows = {
        (f.label, f.member_path, _period(f), Decimal(f.value), f.unit.id if f.unit else "")
        for f in report.facts
    }
    assert len(rows) == len(report.facts), "a fact was read twice"
    return rows


def test_accounts_receivable_every_fact(examples_dir: Path) -> None:
    y21, y20, y19 = "12m to 2021-12-31", "12m to 2020-12-31", "12m to 2019-12-31"
    expected = {
        # Balances under the "12 Months Ended" columns: instants at each column's end, by the
        # label rule (receivables), the deduction from it and what it leaves.
        ("Accounts receivable", "", "at 2021-12-31", Decimal("3523543"), "USD"),
        ("Accounts receivable", "", "at 2020-12-31", Decimal("1584448"), "USD"),
        ("Less: provision for doubtful accounts", "", "at 2021-12-31", Decimal("-1475983"), "USD"),
        ("Less: provision for doubtful accounts", "", "at 2020-12-31", Decimal("-1121115"), "USD"),
        ("Accounts receivable, net", "", "at 2021-12-31", Decimal("2047560"), "USD"),
        ("Accounts receivable, net", "", "at 2020-12-31", Decimal("463333"), "USD"),
        ("Balance at the beginning of the year", "", "at 2020-12-31", Decimal("1121115"), "USD"),
        ("Balance at the beginning of the year", "", "at 2019-12-31", Decimal("874355"), "USD"),
        ("Balance at the beginning of the year", "", "at 2018-12-31", Decimal("0"), "USD"),
        ("Additions", "", y21, Decimal("391189"), "USD"),
        ("Additions", "", y20, Decimal("92009"), "USD"),
        ("Additions", "", y19, Decimal("946590"), "USD"),
        ("Write-off", "", y21, Decimal("-86170"), "USD"),
        ("Write-off", "", y20, Decimal("0"), "USD"),
        ("Write-off", "", y19, Decimal("-51418"), "USD"),
        ("Foreign exchange", "", y21, Decimal("49849"), "USD"),
        ("Foreign exchange", "", y20, Decimal("154751"), "USD"),
        ("Foreign exchange", "", y19, Decimal("-20817"), "USD"),
        ("Balance at the end of the year", "", "at 2021-12-31", Decimal("1475983"), "USD"),
        ("Balance at the end of the year", "", "at 2020-12-31", Decimal("1121115"), "USD"),
        ("Balance at the end of the year", "", "at 2019-12-31", Decimal("874355"), "USD"),
    }
    assert _facts(examples_dir / "accounts-receivable-net-details.txt") == expected


def test_accounts_receivable_roll_forward_adds_up(examples_dir: Path) -> None:
    report = read_report(str(examples_dir / "accounts-receivable-net-details.txt"))
    by_label = {}
    for fact in report.facts:
        by_label.setdefault(fact.label, []).append(Decimal(fact.value))
    for column in range(3):
        flows = sum(
            by_label[label][column] for label in ("Additions", "Write-off", "Foreign exchange")
        )
        begin = by_label["Balance at the beginning of the year"][column]
        end = by_label["Balance at the end of the year"][column]
        assert begin + flows == end


def test_accounts_receivable_scaling_and_provenance(examples_dir: Path) -> None:
    report = read_report(str(examples_dir / "accounts-receivable-net-details.txt"))
    zero = next(f for f in report.facts if f.display == "$ 0")
    assert zero.location.column == 3  # the symbol-run rule: "$ 0" opens column 3's run
    assert zero.location.line == 24
    assert zero.decimals == 0
    assert Uncertainty.PERIOD_START_INFERRED in zero.uncertainties  # no Dec. 31, 2018 on the page
    gross = [f for f in report.facts if f.label == "Accounts receivable"]
    assert [f.location.column for f in gross] == [1, 2]
    assert all(Uncertainty.COLUMN_PLACEMENT in f.uncertainties for f in gross)


def test_customer_concentrations_every_fact(examples_dir: Path) -> None:
    y21, y20 = "12m to 2021-12-31", "12m to 2020-12-31"
    pct = "Concentration risk (as a percent)"
    rev, ar = f"Revenue | {CC} | ", f"Accounts Receivable | {CC} | "
    expected = {
        ("Accounts receivable, net", "", "at 2021-12-31", Decimal("2291533"), "USD"),
        ("Accounts receivable, net", "", "at 2020-12-31", Decimal("1373754"), "USD"),
        (pct, rev + "Customer A", y21, Decimal("0.8577"), "pure"),
        (pct, rev + "Customer A", y20, Decimal("0.5140"), "pure"),
        (pct, rev + "Customer D", y21, Decimal("0.1156"), "pure"),
        (pct, rev + "Customer F", y20, Decimal("0.2643"), "pure"),
        (pct, rev + "Customer G", y20, Decimal("0.1824"), "pure"),
        (pct, rev + "Top Five Customers", y21, Decimal("0.9733"), "pure"),
        (pct, rev + "Top Five Customers", y20, Decimal("0.9607"), "pure"),
        (pct, ar + "Customer A", y20, Decimal("0.8902"), "pure"),
        (pct, ar + "Customer B", y21, Decimal("0.2208"), "pure"),
        (pct, ar + "Top Three Customers", y21, Decimal("0.7426"), "pure"),
        (pct, ar + "Top Three Customers", y20, Decimal("0.8902"), "pure"),
        (pct, ar + "Customer E", y21, Decimal("0.5218"), "pure"),
    }
    assert _facts(examples_dir / "customer-concentrations-details.txt") == expected


def test_customer_a_revenue_concentration(examples_dir: Path) -> None:
    report = read_report(str(examples_dir / "customer-concentrations-details.txt"))
    fact = next(
        f
        for f in report.facts
        if f.member_path == f"Revenue | {CC} | Customer A" and f.period.end.year == 2021
    )
    assert fact.value == "0.8577"
    assert fact.decimals == 4
    assert fact.display == "85.77%"
    assert [m.label for m in fact.members] == ["Revenue", CC, "Customer A"]
    assert all(m.qname is None and m.axis is None for m in fact.members)  # never invented


def test_customer_concentrations_definitions_block(examples_dir: Path) -> None:
    report = read_report(str(examples_dir / "customer-concentrations-details.txt"))
    elements = [d for d in report.definitions if not d.is_member]
    members = [d for d in report.definitions if d.is_member]
    assert len(elements) == 3
    assert len(members) == 11
    assert elements[0].definition is not None
    assert elements[0].definition.startswith("Amount, after allowance for credit loss")
    assert [r.role for r in elements[0].references] == [
        "http://www.xbrl.org/2003/role/disclosureRef"
    ]
    assert elements[1].references == ()  # "No definition available." means none


@pytest.mark.parametrize(
    "name", ["accounts-receivable-net-details.txt", "customer-concentrations-details.txt"]
)
def test_examples_title_and_kind(examples_dir: Path, name: str) -> None:
    report = read_report(str(examples_dir / name))
    assert report.unit_label == "USD ($)"
    assert report.kind.value == "details"
    assert report.short_name
    assert report.short_name.endswith("(Details)")


def test_accounts_receivable_balances_say_which_rule_dated_them(examples_dir: Path) -> None:
    """ "Accounts receivable" names a balance; "Less: provision for doubtful accounts" is taken
    from it and leaves "Accounts receivable, net": all three are instants by that rule, and
    say so. The roll-forward's flows stay the year's, marked as assumed durations."""
    report = read_report(str(examples_dir / "accounts-receivable-net-details.txt"))
    balances = [f for f in report.facts if f.location.row in (2, 3, 4)]
    assert len(balances) == 6
    assert all(Uncertainty.BALANCE_FROM_LABEL in f.uncertainties for f in balances)
    flows = [f for f in report.facts if f.label == "Additions"]
    assert all(Uncertainty.DURATION_ASSUMED in f.uncertainties for f in flows)
