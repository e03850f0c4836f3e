"""Which columns the values of a short row sit in, decided over the whole table.

The '|' text drops empty cells, so a row with k values under N > k columns could sit in any
C(N, k) order-preserving placements (format reference A1). Placements are scored table-wide by
a beam search over the rows: cost = violations x 10 + prior, where violations come from the
checks in ``kg.readers.placement_checks`` (currency-symbol runs, column units, member totals,
roll-forward continuity) and the prior is soft (fractions of a violation): fill a whole
"N Months Ended" group; keep values contiguous and to the left (the most recent periods come
first); cover-page counts of shares outstanding and public float go to the instant columns
that follow the reporting period.

Wide statements of equity cross their components with a second axis (an offering, an
adoption's adjustment): there a row's values stay inside one family of columns, the qualified
columns roll into the plain component's balance, and only those family placements are tried.
A statement of equity's rows also add up across (components to their subtotal and total,
``kg.readers.column_sums``): placements under which they do are preferred, and the
roll-forward solver tries only those where a row adds up at all. Rows the solver places are
money (they foot as money), in one of the columns its solutions give them.

A row whose best placement is not the only one with the fewest violations is marked as a tie.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from kg.readers.column_sums import ColumnSums, column_sums
from kg.readers.cues import split_balance_label
from kg.readers.placement_checks import (
    MONEY,
    TEXT,
    UNKNOWN_NON_MONEY,
    AdjustedBalances,
    BalanceRole,
    ColumnPatterns,
    ColumnUnits,
    LessRows,
    MemberBreakdowns,
    MemberTotals,
    RepeatedRows,
    RollForward,
    SectionTotals,
    SplitBalances,
    SplitRows,
    Step,
    SymbolRuns,
    TotalRows,
)
from kg.readers.placement_priors import ADJUSTMENT_MEMBER, PriorColumn, prior
from kg.readers.rollforward import OPTION_LIMIT, Block, Budget, Solution, every_placement, solve
from kg.units import read_unit_label

_VIOLATION = 10.0
# An equity balance row naming a member in parentheses: "Balance (Accounting Standards Update
# 2016-13 [Member]) at Dec. 31, 2019", the adoption's adjustment to the balance above it.
_MEMBER_BALANCE_ROW = re.compile(r"\(.*\[member\]\)", re.I)
_BEAM = 64
_MIN_BEAM = 8
_MARGIN = 2 * _VIOLATION  # hypotheses this far behind the best never caught up on the corpus
_WORK_PER_ROW = 12_000  # hypotheses x options scored per row, at most (beam narrows beyond)
_MAX_COMBINATIONS = 400
_AGAINST_DEFAULT = 0.3  # per value typed against the page's default unit
_AGAINST_HINT = 0.8  # a row typed against what its wording hints (runs may still overrule)
_BALANCE_TRIES = 4  # placements tried for a short balance row of a roll-forward block
_FAMILY_SPREAD = 1.0  # per extra family of member columns a row's values spread over


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
    unit_explicit: bool = True  # a suffix says it; False when only the wording hints at it
    custom_unit: str | None = None
    members: tuple[str, ...] = ()  # the segment path in effect
    balance: str | None = None  # "open", "close" or "chain" in a roll-forward
    balance_date: dt.date | None = None  # an equity balance row's date
    currencies: tuple[str | None, ...] = ()  # per value: the currency symbol printed, if any
    columns: tuple[int, ...] | None = None  # each value's column, where the source says it


@dataclass(frozen=True, slots=True)
class Placement:
    columns: tuple[int, ...]  # 1-based column of each value
    categories: tuple[str | None, ...]  # unit category of each value; "pure?" = not money
    tie: bool


@dataclass(frozen=True, slots=True)
class _Hypothesis:
    violations: int
    prior: float
    states: tuple[Any, ...]  # one per check
    history: tuple[tuple[tuple[int, ...], tuple[str, ...]], ...]

    @property
    def cost(self) -> float:
        return self.violations * _VIOLATION + self.prior


def place_rows(
    rows: list[RowInfo], columns: list[ColumnInfo], *, money_default: str | None = "monetary"
) -> list[Placement]:
    """Choose the columns (and units) of every row's values, table-wide.

    ``money_default``: the page is titled in a currency ("monetary") or a currency per share
    ("per-share"), so an untyped value is more likely that than not; None otherwise.
    """
    return _place_rows(rows, columns, money_default, _expand)


# How the beam grows by one row: (parents, checks, steps, canonical states, fixed_columns=)
# -> the next beam, best first. A test swaps in the plain beam to check ``_expand`` against.
_Expansion = Callable[..., list["_Hypothesis"]]


def _place_rows(
    rows: list[RowInfo],
    columns: list[ColumnInfo],
    money_default: str | None,
    expand: _Expansion,
) -> list[Placement]:
    width = len(columns)
    bases = _base_columns(columns)
    priors = [PriorColumn(c.index, c.group, c.date, c.members) for c in columns]
    equity = all(c.date is None for c in columns) and any(r.kind == "balance" for r in rows)
    if equity:
        rows = _with_split_balances(rows)
    checks = _checks(rows, columns, bases, equity=equity)
    sums = column_sums([c.members for c in columns]) if equity else ColumnSums(())

    def local(row: RowInfo, placed: tuple[int, ...]) -> float:
        """What a placement costs on its own: the priors, less what adds up across."""
        return prior(row.label, placed, row.numbers, priors, equity, row.members) + (
            sums.evidence(placed, row.numbers)
        )

    solved: dict[int, frozenset[tuple[int, ...]]] = {}
    tied: set[int] = set()
    if any(row.columns is None for row in rows):  # else the source placed every value
        solved, tied = _solve_roll_forwards(rows, columns, bases, local, sums)
    families = _families(columns)
    beam = [_Hypothesis(0, 0.0, tuple(c.initial() for c in checks), ())]
    canonical: list[dict[Any, Any]] = [{} for _ in checks]  # per check, one object per state
    for index, row in enumerate(rows):
        options = _options(row, columns, money_default)
        if index in solved:
            # Columns that foot as money: the row is money, in one of the solutions' columns.
            options = [
                o for o in options if o[0] in solved[index] and all(c == "monetary" for c in o[1])
            ] or options
        # What a placement costs on its own (unit typing, priors) does not depend on the
        # hypothesis it extends: score each option once.
        steps = [
            (
                Step(
                    index,
                    placed,
                    categories,
                    row.symbols[: len(placed)],
                    row.numbers[: len(placed)],
                ),
                cost
                + local(row, placed)
                + _FAMILY_SPREAD * _family_spread(placed, families, row.kind == "balance"),
            )
            for placed, categories, cost in options
        ]
        width_now = max(_MIN_BEAM, min(_BEAM, _WORK_PER_ROW // max(1, len(steps))))
        # A row with no choice of columns (0 or all values) only chooses its unit: each
        # hypothesis takes its best typing instead of branching, which keeps easy tables fast.
        fixed_columns = len({step.columns for step, _ in steps}) == 1
        beam = expand(beam[:width_now], checks, steps, canonical, fixed_columns=fixed_columns)
        beam = [h for h in beam if h.cost <= beam[0].cost + _MARGIN]
    finals = sorted((_close(h, checks) for h in beam), key=lambda h: (h.cost, h.history))
    best = finals[0]
    return [
        Placement(
            columns=placed,
            categories=categories,
            tie=(index in tied or _is_tie(finals, best, index))
            if 0 < len(placed) < width
            else False,
        )
        for index, (placed, categories) in enumerate(best.history)
    ]


def _with_split_balances(rows: list[RowInfo]) -> list[RowInfo]:
    """A statement of equity's lines printed before its first dated balance row are the
    balances that row splits (Ford: equity attributable to the parent, to noncontrolling
    interests), as ``kg.readers.assemble`` dates them; the same labels further down are those
    balances at the nearest balance date above. They count among no block's flows; printed
    across the components (the parent's), they open and close blocks as balance rows do."""
    first = next((i for i, r in enumerate(rows) if r.balance_date is not None), None)
    if first is None:
        return rows
    leading = {r.label for r in rows[:first] if r.kind == "line" and r.numbers}
    date = rows[first].balance_date
    split = []
    for row in rows:
        date = row.balance_date or date
        if row.kind == "line" and row.balance is None and row.numbers and row.label in leading:
            row = replace(row, balance="chain", balance_date=date)
        split.append(row)
    return split


def _checks(
    rows: list[RowInfo], columns: list[ColumnInfo], bases: list[int], *, equity: bool = False
) -> list[Any]:
    """The checks that have something to check in this table (the others would only carry
    a state that tells hypotheses apart for nothing)."""
    labels = [r.label for r in rows]
    kinds = [r.kind for r in rows]
    paths = [r.members for r in rows]
    numbered = [r.kind == "line" and any(n is not None for n in r.numbers) for r in rows]
    every: list[Any] = [
        SymbolRuns(len(columns), runs_continue=equity),
        ColumnUnits(
            [c.units for c in columns],
            {i: r.custom_unit for i, r in enumerate(rows)},
            {i: r.currencies for i, r in enumerate(rows) if any(r.currencies)},
        ),
        MemberTotals(labels, paths, numbered),
        MemberBreakdowns(labels, paths, numbered),
        SplitBalances(_split_balance_roles(rows)),
        AdjustedBalances(labels, paths, numbered, [c.date for c in columns]),
        RollForward(_balance_roles(rows), bases),
        TotalRows(labels, kinds),
        SectionTotals(labels, kinds, len(columns)),
        LessRows(labels, kinds),
        SplitRows(labels, kinds, [c.date for c in columns]),
        ColumnPatterns(kinds, len(columns), fewest=2 if equity else 1),
        RepeatedRows(labels, kinds, paths, len(columns)),
    ]
    return [check for check in every if check.active]


def _is_balance_part(row: RowInfo) -> bool:
    """A line that holds one part of a balance (see ``_with_split_balances``)."""
    return row.kind == "line" and row.balance == "chain"


def _is_lone_part(row: RowInfo) -> bool:
    """A balance's part printed in one column, the noncontrolling interests' beside the
    parent's: a share of that column's balance, neither a repeat of it nor the balance of
    another roll-forward there. It opens and closes no block and has no roll-forward role."""
    return _is_balance_part(row) and len(row.numbers) == 1


def _split_balance_roles(rows: list[RowInfo]) -> dict[int, tuple[dt.date, bool]]:
    """The dated balance rows and the parts they split into (``_with_split_balances``):
    row -> (date, whether a part), for the dates that have parts."""
    roles = {
        i: (r.balance_date, _is_balance_part(r))
        for i, r in enumerate(rows)
        if r.balance_date is not None
        and r.balance is not None
        and not _MEMBER_BALANCE_ROW.search(r.label)
    }
    split = {date for date, part in roles.values() if part}
    return {i: role for i, role in roles.items() if role[0] in split}


def _qualifiers(columns: list[ColumnInfo]) -> set[str]:
    """Members printed second under some column: a second axis crossing the first (an
    offering, an adoption adjustment), as in wide statements of equity."""
    return {m for c in columns for m in c.members[1:]}


def _base_columns(columns: list[ColumnInfo]) -> list[int]:
    """Per column, the column of the same period and first-axis members without the
    qualifiers, where the table has one; else the column itself."""
    qualifiers = _qualifiers(columns)
    by_key = {(c.group, c.date, c.members): c.index for c in columns}
    return [
        by_key.get((c.group, c.date, tuple(m for m in c.members if m not in qualifiers)), c.index)
        for c in columns
    ]


def _balance_roles(rows: list[RowInfo]) -> dict[int, BalanceRole]:
    """Roll-forward roles, each with its epoch: a dated balance row's date, an undated one
    a new epoch after the last (none for a lone part of a balance, see ``_is_lone_part``)."""
    roles: dict[int, BalanceRole] = {}
    epoch = 0
    for index, row in enumerate(rows):
        if row.balance is None or not row.numbers or _is_lone_part(row):
            continue
        epoch = row.balance_date.toordinal() if row.balance_date else epoch + 1
        roles[index] = BalanceRole(row.balance, epoch, bool(_MEMBER_BALANCE_ROW.search(row.label)))
    return roles


def _solve_roll_forwards(
    rows: list[RowInfo],
    columns: list[ColumnInfo],
    bases: list[int],
    local: Callable[[RowInfo, tuple[int, ...]], float],
    sums: ColumnSums,
) -> tuple[dict[int, frozenset[tuple[int, ...]]], set[int]]:
    """Placements fixed by roll-forward blocks: flows that make every column foot (a tied
    row keeps each of the placements that do), and the balance rows' own columns where
    those were short. ``local`` ranks a row's placements."""
    width = len(columns)
    solved: dict[int, frozenset[tuple[int, ...]]] = {}
    tied: set[int] = set()

    @functools.cache  # every balance placement tried ranks the same rows again
    def rank(index: int, placed: tuple[int, ...]) -> float:
        return local(rows[index], placed)

    @functools.cache
    def placements(index: int, count: int) -> list[tuple[int, ...]]:
        """The placements the beam would try (see ``_placements``), those under which the
        row adds up across best (``kg.readers.column_sums``) where it adds up at all."""
        every = (
            every_placement(width, count)
            if math.comb(width, count) <= OPTION_LIMIT
            else _placements(count, columns)
        )
        return sums.best_placements(every, rows[index].numbers)

    budget = Budget()
    # The blocks of one run of flows, those whose balances print the most columns first:
    # they give the most columns to foot; a lone balance (another roll-forward's, in one
    # column) leaves the search unbounded in the rest.
    blocks = sorted(
        _blocks(rows, width),
        key=lambda b: (b[2][0], -len(rows[b[1]].numbers), -len(rows[b[0]].numbers), b[:2]),
    )
    for open_index, close_index, flows in blocks:
        if all(i in solved for i in flows):
            continue
        # A balance an earlier block closed opens this one where that block put it.
        known = sorted(solved.get(open_index, ()))
        pairs = _balance_placements(rows, open_index, close_index, columns, rank, known)
        for opening, closing in pairs:
            block = Block(
                _folded(_placed_values(rows[open_index], opening), bases, adjusting=True),
                _folded(_placed_values(rows[close_index], closing), bases, adjusting=False),
                tuple(flows),
                tuple(tuple(n for n in rows[i].numbers if n is not None) for i in flows),
                tuple(bases) if any(b != i + 1 for i, b in enumerate(bases)) else (),
            )
            solution = _solve_allowing_one_loose_column(block, width, rank, budget, placements)
            if solution is not None:
                solved.update(solution.choices)
                solved.setdefault(open_index, frozenset([opening]))
                solved[close_index] = frozenset([closing])
                tied.update(solution.tied)
                break
    return solved, tied


def _balance_placements(
    rows: list[RowInfo],
    open_index: int,
    close_index: int,
    columns: list[ColumnInfo],
    rank: Callable[[int, tuple[int, ...]], float],
    openings: list[tuple[int, ...]] | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Candidate columns for a block's two balance rows: the only one when a row is full,
    else its few best placements (or ``openings``, for the opening row), the closing row
    preferring the opening row's columns (or some of them, or those and more)."""
    width = len(columns)

    def candidates(index: int, near: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
        count = len(rows[index].numbers)
        if count >= width:
            return [tuple(range(1, width + 1))]
        if math.comb(width, count) > _MAX_COMBINATIONS:
            every = _family_placements(count, columns)
        else:
            every = list(itertools.combinations(range(1, width + 1), count))

        def key(placed: tuple[int, ...]) -> tuple[bool, float, tuple[int, ...]]:
            nested = set(placed) <= set(near) or set(near) <= set(placed)
            return (bool(near) and not nested, rank(index, placed), placed)

        return sorted(every, key=key)[:_BALANCE_TRIES]

    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for opening in openings or candidates(open_index):
        closings = candidates(close_index, near=opening)
        # Balances in no common column leave every column free: any placement would foot.
        pairs.extend((opening, closing) for closing in closings if set(opening) & set(closing))
    return pairs[: _BALANCE_TRIES * 2]


def _placed_values(row: RowInfo, placed: tuple[int, ...]) -> dict[int, Decimal]:
    return {c: n for c, n in zip(placed, row.numbers, strict=False) if n is not None}


def _folded(values: dict[int, Decimal], bases: list[int], *, adjusting: bool) -> dict[int, Decimal]:
    """A balance row's values by the columns that roll forward: a qualified column's value
    adjusts its base's opening (an adoption) and is no closing of its own."""
    folded = {c: v for c, v in values.items() if bases[c - 1] == c}
    if adjusting:
        for column, value in values.items():
            if bases[column - 1] != column and bases[column - 1] in folded:
                folded[bases[column - 1]] += value
    return folded


def _solve_allowing_one_loose_column(
    block: Block,
    width: int,
    rank: Callable[[int, tuple[int, ...]], float],
    budget: Budget,
    placements: Callable[[int, int], list[tuple[int, ...]]],
) -> Solution | None:
    """Every column foots; failing that, all but one (a filer may leave one column, often
    "Total", unfilled for some flows), when exactly one choice of that column works."""
    solution = solve(block, width, rank, budget=budget, placements=placements)
    if solution is not None:
        return solution
    footing = sorted(block.opening.keys() & block.closing.keys())
    if len(footing) < 2:  # with its one column loose, nothing would have to foot
        return None
    found = [
        candidate
        for loose in footing
        if (
            candidate := solve(
                block, width, rank, free_column=loose, budget=budget, placements=placements
            )
        )
        is not None
    ]
    return found[0] if len(found) == 1 else None


def _blocks(rows: list[RowInfo], width: int) -> list[tuple[int, int, list[int]]]:
    """Money roll-forward blocks: (opening row, closing row, flow rows).

    The flows are the money lines after the last balance row above the closing (past balance
    rows of the closing's own date when none follow those), an adoption's adjustment to the
    opening ("Balance (Accounting Standards Update ... [Member]) at ...") among them. The
    opening is a balance row of the date before that opens or chains, nearest first: a column
    may carry two roll-forwards (redeemable noncontrolling interests beside equity), each
    printing its flows together, so every balance of that date is a candidate opening.
    """
    blocks = []
    for close_index, close in enumerate(rows):
        if close.balance not in ("close", "chain") or not _money(close) or _is_lone_part(close):
            continue
        flows = _flows_before(rows, close_index, width)
        if not flows:
            continue
        subject = _balance_subject(close.label)
        for open_index in _openings(rows, close_index, flows[0]):
            if _is_lone_part(rows[open_index]):
                continue
            if _balance_subject(rows[open_index].label) == subject:
                blocks.append((open_index, close_index, flows))
    return blocks


# The words that say which end of a period a balance is at, not what it is the balance of.
_BALANCE_WORDS = frozenset(
    "beginning begin opening start ending end closing balance balances at as of the "
    "period year quarter".split()
)


def _balance_subject(label: str) -> str:
    """What a balance row is the balance of: "Redeemable Noncontrolling Interests, Balance at
    Dec. 31, 2020" of the redeemable interests, "Beginning Balance at ..." and "Ending
    balance at ..." of the same unnamed thing, "Cash, beginning of period" and "Cash, end of
    period" of cash. A roll-forward opens and closes on one subject: the redeemable
    interests' balance does not roll into the equity's, nor the parent's balance into the
    noncontrolling interests'."""
    split = split_balance_label(label)
    base = split[0] if split else label
    return " ".join(w for w in re.findall(r"[a-z0-9]+", base.lower()) if w not in _BALANCE_WORDS)


def _flows_before(rows: list[RowInfo], close_index: int, width: int) -> list[int]:
    close = rows[close_index]
    flows: list[int] = []
    for index in range(close_index - 1, -1, -1):
        row = rows[index]
        if _MEMBER_BALANCE_ROW.search(row.label) and _money(row) and len(row.numbers) <= width:
            flows.append(index)  # an adoption's adjustment to the opening: a flow of the block
        elif row.balance is not None and _money(row):
            same_date = close.balance_date is not None and row.balance_date == close.balance_date
            if flows or not same_date:
                break
        elif (
            row.kind == "line" and row.balance is None and _money(row) and len(row.numbers) <= width
        ):
            flows.append(index)
    return flows[::-1]


def _openings(rows: list[RowInfo], close_index: int, first_flow: int) -> list[int]:
    close = rows[close_index]
    earlier = [
        i
        for i in range(first_flow - 1, -1, -1)
        if rows[i].balance in ("open", "chain")
        and _money(rows[i])
        and not _MEMBER_BALANCE_ROW.search(rows[i].label)
        and (close.balance_date is None or rows[i].balance_date != close.balance_date)
    ]
    if not earlier or close.balance_date is None:
        return earlier[:1]
    dates = [d for i in earlier if (d := rows[i].balance_date) and d < close.balance_date]
    if not dates:
        return earlier[:1]
    return [i for i in earlier if rows[i].balance_date == max(dates)]


def _money(row: RowInfo) -> bool:
    return (
        bool(row.numbers)
        and all(n is not None for n in row.numbers)
        and row.unit_category in (None, "monetary")
        and not any(row.percents)
    )


def _options(
    row: RowInfo, columns: list[ColumnInfo], money_default: str | None
) -> list[tuple[tuple[int, ...], tuple[str, ...], float]]:
    """Every (placement, unit categories) worth scoring for one row."""
    count = len(row.symbols)
    width = len(columns)
    if count == 0:
        return [((), (), 0.0)]
    if row.columns is not None:
        placements = [row.columns]
    elif count >= width:
        placements = [tuple(range(1, width + 1))]
        count = width
    else:
        placements = _placements(count, columns)
    options = []
    for placed in placements:
        for categories, cost in _category_options(
            row, [columns[c - 1] for c in placed], money_default
        ):
            options.append((placed, categories, cost))
    return options


def _placements(count: int, columns: list[ColumnInfo]) -> list[tuple[int, ...]]:
    width = len(columns)
    every = itertools.combinations(range(1, width + 1), count)
    if _binomial(width, count) <= _MAX_COMBINATIONS:
        return list(every)
    families = _family_placements(count, columns)
    if families:  # a table of member families: its rows keep to them (see there)
        return families
    chosen: set[tuple[int, ...]] = set()
    for start in range(1, width - count + 2):
        chosen.add(tuple(range(start, start + count)))
    for first in range(1, width + 1):  # one value, then the rest contiguous after a gap
        for start in range(first + 1, width - count + 3):
            candidate = (first, *range(start, start + count - 1))
            if len(candidate) == count and candidate[-1] <= width:
                chosen.add(candidate)
    return sorted(chosen)


def _families(columns: list[ColumnInfo]) -> list[tuple[str, ...]]:
    """Per column, the qualifiers it carries (see ``_family_placements``)."""
    qualifiers = _qualifiers(columns)
    return [tuple(m for m in c.members if m in qualifiers) for c in columns]


def _family_spread(placed: tuple[int, ...], families: list[tuple[str, ...]], balance: bool) -> int:
    """How many families beyond the first a row's values spread over; a balance row may
    print adoption adjustments beside the balance without cost."""
    spread = {families[c - 1] for c in placed}
    if balance:
        spread = {f for f in spread if not any(ADJUSTMENT_MEMBER.search(m) for m in f)} or {()}
    return max(0, len(spread) - 1)


def _family_placements(count: int, columns: list[ColumnInfo]) -> list[tuple[int, ...]]:
    """Placements inside one family of member columns.

    A wide statement of equity crosses its components with a second axis: "Common Stock",
    "Common Stock | May 2019 Public Offering", "May 2019 Public Offering" (the total of that
    offering). A member printed second under some column is such a qualifier; the columns
    that carry the same qualifiers (none, or the offering) form a family. A row's facts share
    their qualifier, so its values fall inside one family, wherever its columns sit.
    """
    keys = _families(columns)
    if not any(keys):
        return []
    families: dict[tuple[str, ...], list[int]] = {}
    for column, key in zip(columns, keys, strict=True):
        families.setdefault(key, []).append(column.index)
    groups = list(families.values())
    if count > max(len(g) for g in groups):
        # A balance row may print an adoption's adjustment beside the balance it adjusts.
        plain = families.get((), [])
        groups = [sorted(plain + g) for key, g in families.items() if key]
    return [
        placed
        for indexes in groups
        if len(indexes) >= count and _binomial(len(indexes), count) <= _MAX_COMBINATIONS
        for placed in itertools.combinations(indexes, count)
    ]


def _binomial(n: int, k: int) -> int:
    return math.comb(n, k)


def _category_options(
    row: RowInfo, placed: list[ColumnInfo], money_default: str | None
) -> list[tuple[tuple[str, ...], float]]:
    """Unit categories a row's values may have, with a small cost for going against the page's
    default (money on a page titled in a currency): one unit per row, unless columns carry
    units. A row the text cannot type may be money or not; the symbol runs decide."""
    fixed: list[str | None] = []
    for position, column in enumerate(placed):
        if row.percents[position]:
            fixed.append("pure")
        elif row.numbers and row.numbers[position] is None:
            fixed.append(TEXT)  # no unit: it ends a column's symbol run (format reference 4)
        elif len(column.units) == 1 and not row.symbols[position] and row.unit_category is None:
            unit = read_unit_label(column.units[0])
            fixed.append(unit.category if unit else "other")
        else:
            fixed.append(None)
    if any(row.symbols):
        money = row.unit_category if row.unit_category in MONEY else money_default
        return [(tuple(f or money or "monetary" for f in fixed), 0.0)]
    if row.unit_category is not None:
        hinted = (tuple(f or row.unit_category for f in fixed), 0.0)
        if row.unit_explicit:
            return [hinted]
        others = ("monetary", UNKNOWN_NON_MONEY)
        return [hinted] + [
            (tuple(f or other for f in fixed), _AGAINST_HINT)
            for other in others
            if other != row.unit_category
        ]
    free = sum(f is None for f in fixed)
    if not free:
        return [(tuple(f or "" for f in fixed), 0.0)]
    against = _AGAINST_DEFAULT * free
    return [
        (tuple(f or money_default or "monetary" for f in fixed), 0.0 if money_default else against),
        (tuple(f or UNKNOWN_NON_MONEY for f in fixed), against if money_default else 0.0),
    ]


def _expand(
    parents: list[_Hypothesis],
    checks: list[Any],
    steps: list[tuple[Step, float]],
    canonical: list[dict[Any, Any]],
    *,
    fixed_columns: bool,
) -> list[_Hypothesis]:
    """The next beam: the best ``_BEAM`` children of ``parents`` by (cost, history), one per
    distinct set of check states (the best child keeps it).

    Every child is scored, but only on the checks the row can cost or earn on, each check's
    step taken once per distinct parent state; states and histories are built only for the
    children taken, best first. (cost, parent's history rank, step's rank) orders children as
    their full histories would, since every history has one entry per row.
    """
    results = _StepResults(checks, [step for step, _ in steps], canonical)
    history_order = sorted(range(len(parents)), key=lambda i: parents[i].history)
    step_rank = _ranks([(step.columns, step.categories) for step, _ in steps])
    locals_ = [local for _, local in steps]
    scored: list[_Child] = []
    for rank, position in enumerate(history_order):
        children = _scored_children(parents[position], rank, results, locals_, step_rank)
        if fixed_columns and len(children) > 1:
            children = [min(children)]
        scored.extend(children)
    heapq.heapify(scored)  # only the first few dozen are ever taken
    kept: dict[tuple[Any, ...], _Hypothesis] = {}
    while scored and len(kept) < _BEAM:
        _, rank, _, violations, child_prior, index = heapq.heappop(scored)
        parent = parents[history_order[rank]]
        states = results.states(parent, index)
        if states not in kept:
            step = steps[index][0]
            history = (*parent.history, (step.columns, step.categories))
            kept[states] = _Hypothesis(violations, child_prior, states, history)
    return list(kept.values())


# A child as scored: (cost, parent's history rank, step's rank, violations, prior, step index).
# Its first three fields order children as their full histories would.
_Child = tuple[float, int, int, int, float, int]


def _scored_children(
    parent: _Hypothesis,
    rank: int,
    results: _StepResults,
    locals_: list[float],
    step_rank: list[int],
) -> list[_Child]:
    """``parent`` extended by each step, its violations and bonuses summed check by check and
    then its prior, in the order ``_Hypothesis.cost`` has always summed them."""
    states = parent.states
    tables = [results.table(check, states[check]) for check in results.scoring]
    children = []
    for index, local in enumerate(locals_):
        violations = parent.violations
        evidence = 0.0
        for position in results.scored_on[index]:
            _, broken, bonus = tables[position][index]
            violations += broken
            evidence += bonus
        prior = parent.prior + local + evidence
        cost = violations * _VIOLATION + prior
        children.append((cost, rank, step_rank[index], violations, prior, index))
    return children


class _StepResults:
    """Each check's step for one row, taken once per (parent state, step).

    Equal states are one object (``canonical``, kept across rows), so a table is keyed by the
    state's identity; the parents hold their states alive for the whole row. A check's step
    is taken up front where the row can cost on it (every child is scored on it) and only for
    the children kept elsewhere.
    """

    def __init__(
        self, checks: list[Any], steps: list[Step], canonical: list[dict[Any, Any]]
    ) -> None:
        self.checks = checks
        self.steps = steps
        self.canonical = canonical
        self.costly = [[i for i, check in enumerate(checks) if check.costs(s)] for s in steps]
        # The checks some step costs on, and per step their positions in that list.
        self.scoring = sorted({check for costly in self.costly for check in costly})
        position = {check: i for i, check in enumerate(self.scoring)}
        self.scored_on = [[position[check] for check in costly] for costly in self.costly]
        self._tables: dict[tuple[int, int], list[Any]] = {}

    def table(self, check: int, state: Any) -> list[Any]:
        """Per step: the check's (new state, violations, bonus) from ``state``; None where
        the step is not taken yet."""
        key = (check, id(state))
        table = self._tables.get(key)
        if table is None:
            step_of = self.checks[check].step
            table = [
                step_of(state, step) if check in costly else None
                for step, costly in zip(self.steps, self.costly, strict=True)
            ]
            self._tables[key] = table
        return table

    def states(self, parent: _Hypothesis, index: int) -> tuple[Any, ...]:
        """The child's states, equal states as one object (so later rows share their steps)."""
        states = []
        for check, state in enumerate(parent.states):
            table = self.table(check, state)
            if table[index] is None:
                table[index] = self.checks[check].step(state, self.steps[index])
            new = table[index][0]
            states.append(self.canonical[check].setdefault(new, new))
        return tuple(states)


def _ranks(keys: list[Any]) -> list[int]:
    """Each key's position in sorted order, ties broken by first appearance."""
    order = sorted(range(len(keys)), key=lambda i: (keys[i], i))
    ranks = [0] * len(keys)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def _close(hypothesis: _Hypothesis, checks: list[Any]) -> _Hypothesis:
    closing = sum(c.close(s) for c, s in zip(checks, hypothesis.states, strict=True))
    return _Hypothesis(
        hypothesis.violations + closing, hypothesis.prior, hypothesis.states, hypothesis.history
    )


def _is_tie(finals: list[_Hypothesis], best: _Hypothesis, index: int) -> bool:
    return any(
        other.violations == best.violations and other.history[index][0] != best.history[index][0]
        for other in finals[1:]
    )
