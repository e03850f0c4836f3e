"""Which columns the values of a short row sit in, decided over the whole table.

The '|' text drops empty cells, so a row with k values under N > k columns could sit in any
C(N, k) order-preserving placements (format reference A1). Placements are scored table-wide by
a beam search over the rows, with these rules (cost = violations x 10 + prior):

1. Currency-symbol runs (hard): down each column, cells of one unit form a run and only the
   first and last cell of a monetary or per-share run print the symbol. A placement that puts
   a symbolled value inside a run, or an unsymbolled monetary value at a run's edge, violates.
2. Member totals (hard): under one concept, a "Top N ..." or "Total ..." member is at least the
   sum of its sibling members in the same column (concentrations, segment breakdowns).
3. Priors (soft, fractions of a violation): fill a whole "N Months Ended" group; keep values
   contiguous and to the left (the most recent periods come first); cover-page counts of shares
   outstanding and public float go to the instant columns that follow the reporting period.

A row whose best placement is not the only one with the fewest violations is marked as a tie.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from kg.readers.headers import unit_fits
from kg.units import read_unit_label

MONEY = ("monetary", "per-share")
_UNKNOWN_NON_MONEY = "pure?"
_VIOLATION = 10.0
_BEAM = 48
_MAX_COMBINATIONS = 400
_TOTAL_MEMBER = re.compile(r"^(top \w+|total|all)\b", re.IGNORECASE)
_SHARES_OUTSTANDING = re.compile(r"shares outstanding", re.IGNORECASE)
_PUBLIC_FLOAT = re.compile(r"public float|aggregate market value", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    index: int  # 1-based
    group: str | None
    date: dt.date | None
    members: tuple[str, ...]
    units: tuple[str, ...]  # unit labels the column lists, when units are not promoted


@dataclass(frozen=True, slots=True)
class RowInfo:
    label: str
    kind: str  # "line", "balance", "abstract", "segment"
    symbols: tuple[bool, ...]  # per value: printed with a currency symbol
    percents: tuple[bool, ...]
    numbers: tuple[Decimal | None, ...]
    unit_category: str | None  # from the label's unit suffix or wording
    custom_unit: str | None = None
    members: tuple[str, ...] = ()  # the segment path in effect


@dataclass(frozen=True, slots=True)
class Placement:
    columns: tuple[int, ...]  # 1-based column of each value
    categories: tuple[str | None, ...]  # unit category of each value; "pure?" = not money
    tie: bool


@dataclass(frozen=True, slots=True)
class _Cell:
    category: str
    symbol: bool
    run_start: bool


@dataclass(frozen=True, slots=True)
class _Hypothesis:
    violations: int
    prior: float
    columns: tuple[_Cell | None, ...]  # the last cell placed in each column
    totals: tuple[tuple[tuple[object, int], tuple[Decimal, Decimal | None]], ...]
    history: tuple[tuple[tuple[int, ...], tuple[str | None, ...]], ...]

    @property
    def cost(self) -> float:
        return self.violations * _VIOLATION + self.prior


def place_rows(rows: list[RowInfo], columns: list[ColumnInfo]) -> list[Placement]:
    """Choose the columns (and units) of every row's values, table-wide."""
    width = len(columns)
    groups = _total_groups(rows)
    beam = [_Hypothesis(0, 0.0, (None,) * width, (), ())]
    for index, row in enumerate(rows):
        expanded: dict[object, _Hypothesis] = {}
        options = list(_options(row, columns))
        for hypothesis in beam:
            for placed, categories in options:
                child = _extend(hypothesis, row, placed, categories, groups.get(index), columns)
                key = (child.columns, child.totals)
                known = expanded.get(key)
                if known is None or child.cost < known.cost:
                    expanded[key] = child
        beam = sorted(expanded.values(), key=lambda h: (h.cost, h.history))[:_BEAM]
    finals = sorted((_close(h) for h in beam), key=lambda h: (h.cost, h.history))
    best = finals[0]
    return [
        Placement(
            columns=placed,
            categories=categories,
            tie=_is_tie(finals, best, index) if 0 < len(placed) < width else False,
        )
        for index, (placed, categories) in enumerate(best.history)
    ]


def _options(
    row: RowInfo, columns: list[ColumnInfo]
) -> list[tuple[tuple[int, ...], tuple[str | None, ...]]]:
    """Every (placement, unit categories) worth scoring for one row."""
    count = len(row.symbols)
    width = len(columns)
    if count == 0:
        return [((), ())]
    if count >= width:
        placements = [tuple(range(1, width + 1))]
        count = width
    else:
        placements = _placements(count, columns)
    options = []
    for placed in placements:
        for categories in _category_options(row, [columns[c - 1] for c in placed]):
            options.append((placed, categories))
    return options


def _placements(count: int, columns: list[ColumnInfo]) -> list[tuple[int, ...]]:
    width = len(columns)
    every = itertools.combinations(range(1, width + 1), count)
    if _binomial(width, count) <= _MAX_COMBINATIONS:
        return list(every)
    chosen: set[tuple[int, ...]] = set()
    for start in range(1, width - count + 2):
        chosen.add(tuple(range(start, start + count)))
    for first in range(1, width + 1):  # one value, then the rest contiguous after a gap
        for start in range(first + 1, width - count + 3):
            candidate = (first, *range(start, start + count - 1))
            if len(candidate) == count and candidate[-1] <= width:
                chosen.add(candidate)
    return sorted(chosen)


def _binomial(n: int, k: int) -> int:
    return math.comb(n, k)


def _category_options(row: RowInfo, placed: list[ColumnInfo]) -> list[tuple[str | None, ...]]:
    """Unit categories a row's values may have: one unit per row, unless columns carry units."""
    fixed: list[str | None] = []
    for position, column in enumerate(placed):
        if row.percents[position]:
            fixed.append("pure")
        elif len(column.units) == 1 and not row.symbols[position] and row.unit_category is None:
            unit = read_unit_label(column.units[0])
            fixed.append(unit.category if unit else "other")
        else:
            fixed.append(None)
    if any(row.symbols):
        money = "per-share" if row.unit_category == "per-share" else "monetary"
        return [tuple(f or money for f in fixed)]
    if row.unit_category is not None:
        return [tuple(f or row.unit_category for f in fixed)]
    if all(f is not None for f in fixed):
        return [tuple(fixed)]
    return [
        tuple(f or "monetary" for f in fixed),
        tuple(f or _UNKNOWN_NON_MONEY for f in fixed),
    ]


def _extend(
    hypothesis: _Hypothesis,
    row: RowInfo,
    placed: tuple[int, ...],
    categories: tuple[str | None, ...],
    group: tuple[object, bool] | None,
    columns: list[ColumnInfo],
) -> _Hypothesis:
    states = list(hypothesis.columns)
    violations = hypothesis.violations
    for position, column in enumerate(placed):
        category = categories[position] or _UNKNOWN_NON_MONEY
        cost, states[column - 1] = _step(states[column - 1], category, row.symbols[position])
        violations += cost
        custom = row.custom_unit if category == "other" else None
        violations += not unit_fits(category, custom, columns[column - 1].units)
    totals = hypothesis.totals
    if group is not None and placed:
        totals, broken = _add_to_total(totals, group, placed, row.numbers)
        violations += broken
    return _Hypothesis(
        violations,
        hypothesis.prior + _prior(row, placed, columns),
        tuple(states),
        totals,
        (*hypothesis.history, (placed, categories)),
    )


def _step(previous: _Cell | None, category: str, symbol: bool) -> tuple[int, _Cell]:
    """Violations of the symbol-run rule caused by adding one cell under ``previous``."""
    cost = 0
    if previous is not None and previous.category in MONEY:
        if category == previous.category:
            # The previous cell was not the last of its run: only a run start may show a symbol.
            cost += previous.symbol != previous.run_start
        elif not previous.symbol:
            cost += 1  # the previous cell closed its run without the symbol
    run_start = previous is None or previous.category != category
    if category in MONEY:
        cost += run_start and not symbol
    else:
        cost += symbol
    return cost, _Cell(category, symbol, run_start)


def _close(hypothesis: _Hypothesis) -> _Hypothesis:
    """Add the violations of runs still open at the bottom of the table."""
    open_runs = sum(
        1
        for cell in hypothesis.columns
        if cell is not None and cell.category in MONEY and not cell.symbol
    )
    return _Hypothesis(
        hypothesis.violations + open_runs,
        hypothesis.prior,
        hypothesis.columns,
        hypothesis.totals,
        hypothesis.history,
    )


def _is_tie(finals: list[_Hypothesis], best: _Hypothesis, index: int) -> bool:
    return any(
        other.violations == best.violations and other.history[index][0] != best.history[index][0]
        for other in finals[1:]
    )


# -- priors -------------------------------------------------------------------------------


def _prior(row: RowInfo, placed: tuple[int, ...], columns: list[ColumnInfo]) -> float:
    if not placed or len(placed) >= len(columns):
        return 0.0
    cost = 0.05 * (placed[0] - 1) + 0.1 * sum(b - a - 1 for a, b in itertools.pairwise(placed))
    group = {columns[c - 1].group for c in placed}
    if len(group) == 1:
        members = [c.index for c in columns if c.group == columns[placed[0] - 1].group]
        if list(placed) == members:
            cost -= 0.3
    cost += _cover_prior(row, placed, columns)
    return cost


def _cover_prior(row: RowInfo, placed: tuple[int, ...], columns: list[ColumnInfo]) -> float:
    """Shares outstanding are dated after the period, public float at its middle: both are
    instants in the ungrouped columns of a cover page."""
    instants = [c for c in columns if c.group is None and c.date is not None]
    if not instants or len(placed) != 1:
        return 0.0
    column = columns[placed[0] - 1]
    if _SHARES_OUTSTANDING.search(row.label):
        latest = max(instants, key=lambda c: c.date or dt.date.min)
        return 0.0 if column is latest else 0.5
    if _PUBLIC_FLOAT.search(row.label):
        earliest = min(instants, key=lambda c: c.date or dt.date.max)
        return 0.0 if column is earliest else 0.5
    return 0.0


# -- member totals ------------------------------------------------------------------------


def _total_groups(rows: list[RowInfo]) -> dict[int, tuple[object, bool]]:
    """Rows of one concept under sibling members, one of them a "Top N"/"Total" member.

    Maps row index -> (group key, is the total row).
    """
    by_key: dict[object, list[int]] = {}
    for index, row in enumerate(rows):
        if row.kind != "line" or not row.members or not any(n is not None for n in row.numbers):
            continue
        by_key.setdefault((row.label, row.members[:-1]), []).append(index)
    groups: dict[int, tuple[object, bool]] = {}
    for key, indexes in by_key.items():
        totals = [i for i in indexes if _TOTAL_MEMBER.match(rows[i].members[-1])]
        if len(totals) != 1 or len(indexes) < 2:
            continue
        for i in indexes:
            groups[i] = (key, i == totals[0])
    return groups


def _add_to_total(
    totals: tuple[tuple[tuple[object, int], tuple[Decimal, Decimal | None]], ...],
    group: tuple[object, bool],
    placed: tuple[int, ...],
    numbers: tuple[Decimal | None, ...],
) -> tuple[tuple[tuple[tuple[object, int], tuple[Decimal, Decimal | None]], ...], int]:
    key, is_total = group
    table = dict(totals)
    broken = 0
    for column, number in zip(placed, numbers, strict=False):
        if number is None:
            continue
        parts, total = table.get((key, column), (Decimal(0), None))
        was_broken = total is not None and parts > total
        if is_total:
            total = number
        else:
            parts += number
        table[(key, column)] = (parts, total)
        broken += int(total is not None and parts > total and not was_broken)
    return tuple(sorted(table.items(), key=lambda item: repr(item[0]))), broken
