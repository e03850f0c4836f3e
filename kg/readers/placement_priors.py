"""Soft preferences among placements that break no rule: fractions of one violation.

* Most recent periods come first: stay left, stay contiguous, fill a whole group. Columns
  without group text before the first group are durations of days (an event's date, format
  reference 2.2): a value goes there only when a rule puts it there.
* Cover pages: shares outstanding are dated after the period, public float at its middle.
* Two columns of nearly one date (Dec. 30 and Dec. 31) are one date: a row fills one.
* A member dated by its name ("May 2019 Public Offering") keeps to the columns whose
  period holds that date.
* Statements of equity (columns are equity components): a flow row's wording points to its
  component ("Other comprehensive income" to the AOCI column, "Dividends" to retained
  earnings), adoption adjustments to the "Cumulative effect" columns, and a value in the
  "Total" column equal to the sum of the row's other values is the row's total.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from kg.cells import parse_group_months
from kg.readers.cues import label_unit_category

_SHARES_OUTSTANDING = re.compile(r"shares outstanding", re.IGNORECASE)
_SAME_DATE_DAYS = 7
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_YEAR = re.compile(
    r"\b(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+"
    r"(?P<year>(19|20)\d\d)\b",
    re.I,
)
_QUARTER = re.compile(
    r"\bq(?P<q>[1-4])\s*(?P<year>(19|20)\d\d)|(?P<year2>(19|20)\d\d)\s*q(?P<q2>[1-4])", re.I
)
_NOT_WHEN = re.compile(r"\b(due|matur\w*|expir\w*|through|until)\b", re.I)
_PUBLIC_FLOAT = re.compile(r"public float|aggregate market value", re.IGNORECASE)

# (row wording, column wording): a flow of this kind usually lands in that component.
# Retained earnings may be an "Accumulated deficit", but the "(Deficit)" of Ford's "Equity
# (Deficit) Attributable to Non-controlling Interests" names no retained earnings.
_EQUITY_AFFINITY = [
    (r"comprehensive|translation|unrealized|pension|hedg|foreign currency",
     r"comprehensive"),
    (r"noncontrolling|non-controlling|minority",
     r"noncontrolling|non-controlling|minority"),
    (r"redeemable|temporary equity|mezzanine",
     r"redeemable|temporary equity|mezzanine"),
    (r"\bshares\b",
     r"\bstock\b|\bshares\b"),
    (r"net income|net loss|net earnings|net \(loss\)|net \(income\)",
     r"retained|accumulated deficit|earnings|reinvested"),
    (r"dividend|distribution",
     r"retained|accumulated deficit|earnings|reinvested"),
    (r"treasury",
     r"treasury"),
    (r"repurchase|buyback|retire",
     r"retained|accumulated deficit|treasury|common|paid-in|capital"),
    (r"stock-based|share-based|compensation|exercise|issuance|issued|vesting|withh|employee|"
     r"award|warrant|conversion|convertible|capped call|hedge",
     r"paid-in|paid in|capital in excess|common|capital stock|additional"),
]  # fmt: skip
_AFFINITY = [(re.compile(r, re.I), re.compile(c, re.I)) for r, c in _EQUITY_AFFINITY]
# A member that adjusts a balance (an adoption's cumulative effect, a revision): equity
# statements give such adjustments columns of their own.
ADJUSTMENT_MEMBER = re.compile(
    r"cumulative effect|adjustment|revision|restatement|adoption", re.IGNORECASE
)
# Wording about adopting an accounting standard: a row label so worded suits adjustment
# columns; a member so named ("Accounting Standards Update 2020-06") is the adoption's.
ADOPTION_WORDING = re.compile(
    r"cumulative effect|adoption|accounting standard|asu\b|\bnew accounting", re.IGNORECASE
)
_SPLIT_CONCEPT = re.compile(
    r"attributable to (the )?non-?controlling interests?|^non-?controlling interests?,", re.I
)
_SUBTOTAL_COLUMN = re.compile(r"total|shareholders|stockholders|parent", re.I)
# Members that are equity components (the first axis of an equity statement's columns).
_COMPONENT = re.compile(
    r"stock|capital|paid-in|paid in|earnings|deficit|comprehensive|treasury|controlling|"
    r"equity|parent|reserve|surplus|partners",
    re.I,
)
_STOPWORDS = frozenset("of in the and to for on a an due member from by with".split())


# These caches live as long as the process, through a whole build: bounds of 2**16 and 2**14
# entries (some 200 bytes each) let every worker grow by 0.8 KB a page, to 13 MB and more.
# A page needs a few hundred entries (Tesla 2021 R6, the widest statement of equity: 606
# costs, 33 word sets), and pages share few.
@functools.lru_cache(maxsize=1 << 10)
def _words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS and len(w) > 2
    )


@dataclass(frozen=True, slots=True)
class PriorColumn:
    index: int
    group: str | None
    date: dt.date | None
    members: tuple[str, ...]


def prior(
    label: str,
    placed: tuple[int, ...],
    numbers: tuple[Decimal | None, ...],
    columns: list[PriorColumn],
    equity: bool,
    members: tuple[str, ...] = (),
) -> float:
    if not placed or len(placed) >= len(columns):
        return 0.0
    if equity:  # columns are components, not periods: no reason to prefer the left
        return _equity(label, placed, numbers, columns)
    cost = _periods_of(placed, columns, named_period(members)) if members else 0.0
    # Within a group of periods the most recent come first: skipping into a group or inside
    # one costs; jumping to another group does not (a section may report annual values only).
    position, rank = _group_positions(columns)
    cost += 0.05 * position[placed[0] - 1] + 0.04 * rank[placed[0] - 1]
    for a, b in itertools.pairwise(placed):
        same_group = columns[a - 1].group == columns[b - 1].group
        cost += 0.1 * (b - a - 1) if same_group else 0.05 * position[b - 1]
    groups = {columns[c - 1].group for c in placed}
    if len(groups) == 1:
        in_group = [c.index for c in columns if c.group == columns[placed[0] - 1].group]
        if list(placed) == in_group and (len(placed) > 1 or _recent(columns, placed[0])):
            cost -= 0.3
        elif len(placed) > 1 and None not in groups:
            cost -= _ONE_GROUP  # a row's periods are usually of one length
    cost += _LEADING * sum(1 for c in placed if c <= _leading_columns(columns))
    cost += _cover(label, placed, columns) + _same_date_twice(placed, columns)
    return cost + _one_instant_in_each_column(placed, numbers, columns)


def _one_instant_in_each_column(
    placed: tuple[int, ...], numbers: tuple[Decimal | None, ...], columns: list[PriorColumn]
) -> float:
    """The renderer shows an instant in every duration column ending on its date (format
    reference 2.2): a row of equal values suits columns of one end date."""
    if len(placed) < 2 or numbers[0] is None or len(set(numbers)) != 1:
        return 0.0
    dates = {columns[c - 1].date for c in placed}
    return -_INSTANT_REPEATED if len(dates) == 1 and None not in dates else 0.0


def _same_date_twice(placed: tuple[int, ...], columns: list[PriorColumn]) -> float:
    """Two columns a few days apart under one group ("Dec. 31, 2021" and "Dec. 30, 2021")
    are one reporting date that different facts were filed at: a row fills one of them,
    more often the first (the renderer puts the latest first)."""
    cost = 0.0
    for a, b in itertools.pairwise(placed):
        if _same_date(columns[a - 1], columns[b - 1]):
            cost += 1.0
    for column in placed:
        if column > 1 and _same_date(columns[column - 2], columns[column - 1]):
            cost += 0.2
    return cost


def _same_date(first: PriorColumn, second: PriorColumn) -> bool:
    """Two columns a few days apart under one group and members, unless they are a balance
    sheet as reported at a period's end and as adjusted the next day (an accounting
    standard adopted on "Jan. 01, 2021" beside "Dec. 31, 2020"): rows fill both of those."""
    if first.date is None or second.date is None:
        return False
    days = abs((first.date - second.date).days)
    adopted = days == 1 and max(first.date, second.date).day == 1
    return (
        first.group == second.group
        and first.members == second.members
        and 0 < days <= _SAME_DATE_DAYS
        and not adopted
    )


def named_period(members: tuple[str, ...]) -> tuple[dt.date, dt.date] | None:
    """The months a member's name dates it to: "May 2019 Public Offering", "2024 Q1
    Dividends" (not the maturity of "Notes due May 2030")."""
    text = " ".join(members)
    if _NOT_WHEN.search(text):
        return None
    quarter = _QUARTER.search(text)
    if quarter:
        year = int(quarter.group("year") or quarter.group("year2"))
        first = 3 * (int(quarter.group("q") or quarter.group("q2")) - 1) + 1
        return dt.date(year, first, 1), _month_end(year, first + 2)
    month = _MONTH_YEAR.search(text)
    if month:
        number = _MONTHS.index(month.group("month")[:3].lower()) + 1
        year = int(month.group("year"))
        return dt.date(year, number, 1), _month_end(year, number)
    return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _periods_of(
    placed: tuple[int, ...], columns: list[PriorColumn], named: tuple[dt.date, dt.date] | None
) -> float:
    """Values of a member dated by its name go to columns whose period holds that date,
    where the table has such columns."""
    if named is None:
        return 0.0
    holding = [_holds(c, named) for c in columns]
    if not any(holding):
        return 0.0
    return 0.5 * sum(not holding[c - 1] for c in placed)


def _holds(column: PriorColumn, named: tuple[dt.date, dt.date]) -> bool:
    if column.date is None:
        return False
    months = parse_group_months(column.group) if column.group else None
    start = column.date
    if months:
        start = _month_end(column.date.year, column.date.month - months) + dt.timedelta(days=1)
    return start <= named[1] and named[0] <= column.date


_ONE_GROUP = 0.1
_INSTANT_REPEATED = 0.5
_LEADING = 0.15  # per value in a column of days before the groups


def _recent(columns: list[PriorColumn], index: int) -> bool:
    """Whether column ``index`` ends within a year of the latest grouped column: a lone
    value fills a one-column group of the report's periods, not of an older period that a
    disclosure recalls (a quarter two years back, an event's month in an earlier year)."""
    date = columns[index - 1].date
    latest = max((c.date for c in columns if c.group is not None and c.date), default=None)
    return date is not None and latest is not None and (latest - date).days < 365


def _leading_columns(columns: list[PriorColumn]) -> int:
    """How many ungrouped columns come before the first "N Months Ended" group (0 if none)."""
    for index, column in enumerate(columns):
        if column.group is not None:
            return index
    return 0


def _group_positions(columns: list[PriorColumn]) -> tuple[list[int], list[int]]:
    """Each column's position within its run of same-group columns (0 for the first), and
    the run's rank among the runs (0 for the first group)."""
    positions: list[int] = []
    ranks: list[int] = []
    for index, column in enumerate(columns):
        same = index > 0 and columns[index - 1].group == column.group
        positions.append(positions[-1] + 1 if same else 0)
        ranks.append((ranks[-1] if same else ranks[-1] + 1) if index else 0)
    return positions, ranks


def _cover(label: str, placed: tuple[int, ...], columns: list[PriorColumn]) -> float:
    instants = [c for c in columns if c.group is None and c.date is not None]
    if not instants or len(placed) != 1:
        return 0.0
    column = columns[placed[0] - 1]
    if _SHARES_OUTSTANDING.search(label):
        latest = max(instants, key=lambda c: c.date or dt.date.min)
        return 0.0 if column is latest else 1.0
    if _PUBLIC_FLOAT.search(label):
        earliest = min(instants, key=lambda c: c.date or dt.date.max)
        return 0.0 if column is earliest else 1.0
    return 0.0


def _equity(
    label: str,
    placed: tuple[int, ...],
    numbers: tuple[Decimal | None, ...],
    columns: list[PriorColumn],
) -> float:
    cost = sum(_equity_column_cost(label, columns[c - 1].members) for c in placed)
    if _total_adds_up(placed, numbers, columns):
        cost -= 0.5
    return cost


@functools.lru_cache(maxsize=1 << 12)  # bounded as _words is, see there
def _equity_column_cost(label: str, members: tuple[str, ...]) -> float:
    """What placing a value of the row ``label`` under a column of ``members`` costs."""
    if not members:  # the "Total" column
        return 0.0
    cost = 0.0
    text = " ".join(members)
    if bool(ADJUSTMENT_MEMBER.search(text)) != bool(ADOPTION_WORDING.search(label)):
        cost += 0.3
    if _points_to_component(label) and any(
        r.search(label) and c.search(text) for r, c in _AFFINITY
    ):
        cost -= 0.2
    # A second axis's member (a note issue, an offering) suits the rows that name it.
    secondary = [m for m in members if not _COMPONENT.search(m)]
    if secondary and not ADJUSTMENT_MEMBER.search(text):
        words = _words(label)
        named = any(len(words & _words(m)) >= 2 for m in secondary)
        cost += -0.3 if named else 0.3
    return cost


def _points_to_component(label: str) -> bool:
    """Whether a row's wording may point to an equity component at all. Not a per-share
    figure ("Dividends declared per share"), no amount flowing into a component; nor a
    concept that is itself the noncontrolling interests' share ("Net Income (Loss)
    Attributable to Noncontrolling Interest", "Noncontrolling Interest, Decrease from
    Distributions ...", standard labels), which splits the total by its concept rather than
    by a component column (Ford prints these under "Total")."""
    return not _SPLIT_CONCEPT.search(label) and label_unit_category(label)[0] != "per-share"


def _total_adds_up(
    placed: tuple[int, ...], numbers: tuple[Decimal | None, ...], columns: list[PriorColumn]
) -> bool:
    """The first value sits in the "Total" column and equals the sum of the others (leaves
    only, or leaves and subtotals, whichever the row's columns make consistent)."""
    if len(placed) < 2 or columns[placed[0] - 1].members or numbers[0] is None:
        return False
    rest = [
        (columns[c - 1], n) for c, n in zip(placed[1:], numbers[1:], strict=True) if n is not None
    ]
    leaves = sum(
        (n for col, n in rest if not _SUBTOTAL_COLUMN.search(" ".join(col.members))), Decimal(0)
    )
    everything = sum((n for _, n in rest), Decimal(0))
    return numbers[0] in (leaves, everything)
