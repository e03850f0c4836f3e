"""Statements of equity in '|' text: wide tables and columns that carry two roll-forwards.

Tesla's 2021 statement of equity has 19 columns: the components (common stock, paid-in
capital, ...) and the same components again under a second member (a convertible note issue,
a public offering, an adoption's adjustment). A text row lists only its values, so the reader
must choose their columns (kg.readers.placement): inside one family of columns, with the
qualified columns rolling into the plain component's balance. Ford's splits each balance
into the parent's and the noncontrolling interests' lines, Apple's prints its dividends per
share among the flows, and Tesla's adoption of ASU 2020-06 adjusts a balance sheet from one
day to the next. The HTML of the same page says where each value belongs.
"""

from __future__ import annotations

import pytest

from kg.build import read_report
from kg.fidelity import fact_key
from kg.model import Report
from kg.readers.placement import _balance_subject
from tests.corpus import shared_data

STEM = "tsla__10k-2021_R6"


def _report(kind: str, stem: str = STEM, filer: str = "tsla") -> Report:
    if kind == "html":
        return read_report(str(shared_data() / "edgar" / "r-pages" / filer / f"{stem}.htm"))
    return read_report(str(shared_data() / "rtext" / filer / f"{stem}.txt"))


def _keys(report: Report, label: str) -> set[tuple[object, ...]]:
    return {fact_key(f) for f in report.facts if f.label == label}


@pytest.fixture(scope="module")
def reports() -> tuple[Report, Report]:
    return _report("html"), _report("text")


@pytest.mark.parametrize(
    "label",
    [
        "Balance",  # the balance rows, 2018-2021, each in its component's column
        "Balance (Accounting Standards Update No. 2016-02 [Member])",
        "Conversion feature of Convertible Senior Notes",  # the notes' family only
        "Issuance of common stock for equity incentive awards and acquisitions, net of "
        "transaction costs",
    ],
)
def test_text_rows_land_in_their_family_of_columns(
    reports: tuple[Report, Report], label: str
) -> None:
    html, text = reports
    expected = _keys(html, label)
    assert expected, label
    assert _keys(text, label) == expected, label


@pytest.mark.parametrize(
    "label",
    [
        "Purchase of convertible note hedges",  # (476) under Total, 476 under its components
        "Other",  # (4) | (1) | 4 | 4: the redeemable interests' (1) beside
        "Distributions to noncontrolling interests",
        "Other comprehensive income (loss)",
        "Issuance of common stock for equity incentive awards",
        # 2019's "$ 848 | $ 0 | $ 848 | $ 848" starts new runs: the offering's own columns,
        # which foot as the plain ones do (a symbol inside a run would end the run there).
        "Issuance of common stock market offering",
    ],
)
def test_each_row_adds_up_across_and_each_column_foots(
    reports: tuple[Report, Report], label: str
) -> None:
    """The flows go where the components sum to their subtotal and total across the row
    (kg.readers.column_sums) and each component's balance foots down the column, signs in
    doubt counted either way (kg.readers.rollforward)."""
    html, text = reports
    expected = _keys(html, label)
    assert expected, label
    assert _keys(text, label) == expected, label


def test_two_roll_forwards_in_one_column() -> None:
    """Tesla's 2025 statement prints its redeemable noncontrolling interests' roll-forward in
    the "Total" column between the equity's balance rows: "Ending Balance at Dec. 31, 2024"
    (63) closes 242 plus that section's three flows, while "Balance at Dec. 31, 2024"
    closes the equity's balance of 2023 plus the equity's flows in the same column."""
    html, text = _report("html", "tsla__10k-2025_R7"), _report("text", "tsla__10k-2025_R7")
    for label in (
        "Ending Balance",
        "Distributions to noncontrolling interests",
        "Buy-outs of noncontrolling interests",
        "Net income",
    ):
        expected = _keys(html, label)
        assert expected, label
        assert _keys(text, label) == expected, label


def test_an_adoption_column_adjusts_the_opening_the_flows_start_from() -> None:
    """Intel's 2025 statement of equity: the 2024 closing row also prints a cumulative-effect
    adjustment (49) under "Total" and "Retained Earnings"; the 2025 flows roll from the
    adjusted opening, which puts the year's net loss (267) and partner distributions (217)
    in their columns (retained earnings; total and noncontrolling interests)."""
    stem = "intc__10k-2024-bodyfrag_R8"
    html, text = _report("html", stem, "intc"), _report("text", stem, "intc")
    for label in ("Net income (loss)", "Partner distributions"):
        expected = _keys(html, label)
        assert expected, label
        assert _keys(text, label) == expected, label


FORD = "f__10k-2024-bodyfrag_R7"


def _through_2022(report: Report, label: str) -> set[tuple[object, ...]]:
    return {k for k in _keys(report, label) if k[2][1].year <= 2022}  # type: ignore[index]


@pytest.mark.parametrize(
    "label",
    ["Beginning Balance", "Net income/(loss)", "Other Comprehensive Income (Loss), Net of Tax"],
)
def test_an_amount_of_shares_issued_is_a_flow_of_money(label: str) -> None:
    """Ford's "Shares Issued, Value, Share-based Payment Arrangement, after Forfeiture" names
    an amount, as a standard label's ", Value" does: it counts among 2022's flows, and the
    "Total" column foots from the opening balance with the lone flows in it."""
    html, text = _report("html", FORD, "f"), _report("text", FORD, "f")
    expected = _through_2022(html, label)
    assert expected, label
    assert _through_2022(text, label) == expected


@pytest.mark.parametrize("label", ["Ending balance", "Net income/(loss)"])
def test_split_balances_open_and_close_their_own_blocks(label: str) -> None:
    """Ford prints the parent's and the noncontrolling interests' balances ("Total equity
    attributable to Ford Motor Company", "Equity attributable to noncontrolling interests")
    before its first balance row and again after each year's flows. Taken as balances, not
    flows, they end each year's block, and the years after 2022 foot in the "Total" column
    as 2022 does."""
    html, text = _report("html", FORD, "f"), _report("text", FORD, "f")
    expected = _keys(html, label)
    assert len(expected) == 3, label
    assert _keys(text, label) == expected


def test_a_balance_and_its_parts_add_up_in_one_column() -> None:
    """Ford's noncontrolling interests' equity (103 at 2021's end, (75) at 2022's, ...) sits in
    the "Total" column, where it and the parent's equity add up to the balance row of its
    date (48,519 + 103 = 48,622), not in the noncontrolling interests' column its wording
    points to. A lone part opens and closes no roll-forward block: 25 -> 23 in that column
    footed by chance, within a unit of rounding."""
    label = "Equity attributable to noncontrolling interests"
    html, text = _report("html", FORD, "f"), _report("text", FORD, "f")
    expected = _keys(html, label)
    assert len(expected) == 4
    assert _keys(text, label) == expected


def test_a_roll_forward_opens_and_closes_on_one_subject(reports: tuple[Report, Report]) -> None:
    """Tesla 2021 prints the redeemable noncontrolling interests' balances beside the
    equity's, on the same dates. A block from "Balance at Dec. 31, 2019" to "Redeemable
    Noncontrolling Interests, Balance at Dec. 31, 2020" footed one column by chance and put
    604 under common stock; the redeemable interests' own blocks (643 plus 2020's
    contributions, distributions, buy-outs and income; then 604 to 568) put each balance
    under their column, the second block opening where the first one closed."""
    html, text = reports
    label = "Redeemable Noncontrolling Interests, Balance"
    expected = _keys(html, label)
    assert len(expected) == 6
    assert _keys(text, label) == expected


def test_a_per_share_figure_is_no_component_of_equity() -> None:
    """Apple prints its dividends per share after each period's ending balances, a lone
    "$ 0.25" with no component: the wording that sends a dividend to retained earnings does
    not apply to a per-share figure, and the lone flow above it (repurchases, under retained
    earnings) does not pull it into its column. favor_precision's text, where the last one
    went astray; all four sit in "Total" as in the HTML."""
    label = (
        "Dividends and dividend equivalents declared per share or RSU (in dollars per share or RSU)"
    )
    filing = "aapl-10q-2025-03-29"
    html = read_report(str(shared_data() / "edgar" / "filings" / filing / "R6.htm"))
    page = shared_data() / "rtext" / filing / "R6.precision.txt"
    expected = _keys(html, label)
    assert len(expected) == 4
    assert _keys(read_report(str(page)), label) == expected


@pytest.mark.parametrize(
    "label",
    [
        # the noncontrolling interests' own concept: under "Total", as its balance is
        "Other Comprehensive Income (Loss), Net of Tax, Portion Attributable to Noncontrolling "
        "Interest",
        # the parent's: "(Deficit)" in the noncontrolling column's name is no retained earnings
        "Net Income (Loss)",
    ],
)
def test_wording_points_to_the_component_it_names(label: str) -> None:
    html, text = _report("html", FORD, "f"), _report("text", FORD, "f")
    expected = _keys(html, label)
    assert expected, label
    assert _keys(text, label) == expected


@pytest.mark.parametrize(
    ("opening", "closing", "same"),
    [
        # labels of the shared pages (Air Products R7, R158; Ford R6, R7; Tesla 2021 R6)
        ("Cash and Cash items – Beginning of Year", "Cash and Cash Items – End of Period", True),
        (
            "Cash, cash equivalents, and restricted cash at beginning of period (Note 9)",
            "Cash, cash equivalents, and restricted cash at end of period (Note 9)",
            True,
        ),
        ("Beginning Balance at Dec. 31, 2021", "Ending balance at Dec. 31, 2022", True),
        ("Balance at Beginning of Period", "Balance at End of Period", True),
        (
            "Balance at Dec. 31, 2019",
            "Redeemable Noncontrolling Interests, Balance at Dec. 31, 2020",
            False,
        ),
    ],
)
def test_balances_of_one_subject(opening: str, closing: str, same: bool) -> None:
    assert (_balance_subject(opening) == _balance_subject(closing)) is same


def test_an_adoption_adjusts_the_balance_as_reported_into_the_balance_as_adjusted() -> None:
    """Tesla's adoption of ASU 2020-06 (its 2021 R56): balances at "Dec. 31, 2021 | Jan. 01,
    2021 | Dec. 31, 2020", then the adjustments under "Restatement Adjustment [Member]".
    "Convertible senior notes | 0 | 51" is 51 as reported at Dec. 31, 2020 and 0 as adjusted
    the next day, the adjustment's (51) dated Dec. 31: a row fills both of two columns a day
    apart when the later one opens a year, and the adjustment adds up across them."""
    stem = "tsla__10k-2021_R56"
    html, text = _report("html", stem), _report("text", stem)
    assert {fact_key(f) for f in text.facts} == {fact_key(f) for f in html.facts}
    assert len(html.facts) == 22


@pytest.mark.parametrize(
    ("stem", "filer", "label"),
    [
        # $68 of 2020 offering costs above the May 2019 offering's own $15
        ("tsla__10k-2021_R7", "tsla", "Common stock public offering issuance costs"),
        # the year's dividends per share above each quarter's (2024 Q1 Dividends, ...)
        ("f__10k-2024-bodyfrag_R8", "f", "Common Stock, Dividends, Per Share, Declared"),
    ],
)
def test_a_member_named_for_a_period_sets_no_column_for_other_rows(
    stem: str, filer: str, label: str
) -> None:
    """A row under a member named for a period goes to that period's column; the same label
    printed without the member (or under another) need not follow it there. favor_precision
    texts of two parentheticals, where the repeated-row and breakdown rules pulled the
    unqualified row into the member's column."""
    html = _report("html", stem, filer)
    text = read_report(str(shared_data() / "rtext" / filer / f"{stem}.precision.txt"))
    expected = _keys(html, label)
    assert len(expected) >= 2
    assert _keys(text, label) == expected
