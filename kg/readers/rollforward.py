"""Placing the flows of a roll-forward block by making every column foot.

In a statement of equity (or any block that opens and closes with a full balance row), each
column must satisfy: opening + the flows placed in it = closing. When both balance rows show a
value in every column, that is one exact target per column, and the short flow rows between
them can be placed by search instead of by preference: a depth-first search over the rows'
order-preserving placements, pruned by the sums each column can still reach from the rows
left. The beam in ``kg.readers.placement`` then takes the solved rows as given. A column
qualified by a second axis counts in its base column (``Block.bases``).

Displayed values are rounded, so a column foots within one unit of its last digit. A value
whose printed sign is in doubt (``sign_doubts``) counts with either sign.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

_NODE_LIMIT = 200_000  # one block
# Placements tried over all the blocks of one table (the corpus's largest table, Ford R7, tries
# 500,917); a few seconds of search at most.
_TABLE_TRY_LIMIT = 2_000_000
_SOLUTION_LIMIT = 8
_REACH_LIMIT = 50_000  # above this many sums per column, prune by interval only
OPTION_LIMIT = 2_000  # placements of one row beyond which the search is not tried


@dataclass(frozen=True, slots=True)
class Block:
    """Rows ``flows`` lie between an opening and a closing balance row, already placed:
    column (1-based) -> balance. Columns with both balances must foot; others are free."""

    opening: dict[int, Decimal]
    closing: dict[int, Decimal]
    flows: tuple[int, ...]  # row indexes
    values: tuple[tuple[Decimal, ...], ...]  # each flow row's numbers
    # Per column (1-based, at index column - 1), the column its flows count in (see
    # ``kg.readers.placement_checks.RollForward``); empty when every column is its own.
    bases: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Solution:
    placements: dict[int, tuple[int, ...]]  # row index -> 1-based columns
    tied: frozenset[int]  # rows another solution places differently
    # Row index -> the placements the solutions found give it (one, unless tied).
    choices: dict[int, frozenset[tuple[int, ...]]]


@dataclass(slots=True)
class Budget:
    """Placements left to try for all the blocks of one table: a table whose blocks do not
    foot (a filer's error, a misread value) would otherwise search every candidate opening,
    balance placement and loose column to the full limit."""

    tries: int = _TABLE_TRY_LIMIT


@functools.lru_cache(maxsize=1 << 12)  # a row's placements all ask about its numbers
def sign_doubts(numbers: tuple[Decimal | None, ...]) -> tuple[bool, ...]:
    """Per value, whether its printed sign is in doubt: it is the negative of a value printed
    left of it in the row. A statement of equity may print a flow with one sign under
    "Total" and the other under its components (Tesla 2021: "Purchase of convertible note
    hedges | (476) | 476 | 476", the paid-in capital column falling by 476): the renderer
    turns the sign of some of a row's facts and not of others."""
    seen: set[Decimal] = set()
    doubts = []
    for number in numbers:
        doubts.append(number is not None and number != 0 and -number in seen)
        if number is not None:
            seen.add(number)
    return tuple(doubts)


def every_placement(width: int, count: int) -> list[tuple[int, ...]]:
    """Every order-preserving placement of ``count`` values under ``width`` columns."""
    return list(itertools.combinations(range(1, width + 1), count))


def solve(
    block: Block,
    width: int,
    rank: Callable[[int, tuple[int, ...]], float],
    *,
    free_column: int | None = None,
    budget: Budget | None = None,
    placements: Callable[[int, int], list[tuple[int, ...]]] | None = None,
) -> Solution | None:
    """The placement of the block's flows that makes every column foot, preferring low
    ``rank(row, placement)``; None when no placement foots (or the search is too large).
    ``free_column`` (1-based) is exempt from footing; ``budget`` is spent by the search;
    ``placements(row, count)`` lists the placements the row's ``count`` values may take
    (every one, by default)."""
    budget = budget if budget is not None else Budget()
    if budget.tries <= 0:
        return None
    candidates = [
        placements(row, len(values)) if placements else every_placement(width, len(values))
        for row, values in zip(block.flows, block.values, strict=True)
    ]
    if any(len(c) > OPTION_LIMIT for c in candidates):
        return None
    # The search adds numbers hundreds of thousands of times: in integers of the block's
    # smallest printed unit, which add several times faster than Decimals, and as exactly.
    balances = (*block.opening.values(), *block.closing.values())
    places = max((_places(v) for row in (balances, *block.values) for v in row), default=0)

    def units(value: Decimal) -> int:
        return int(value.scaleb(places))

    targets: list[int | None] = [
        units(block.closing[c]) - units(block.opening[c])
        if c in block.opening and c in block.closing and c != free_column
        else None
        for c in range(1, width + 1)
    ]
    if all(t is None for t in targets):
        return None
    tolerance = max(units(_unit(v)) for v in balances)
    readings = [_readings(tuple(units(v) for v in row)) for row in block.values]
    options = [
        _options(row, row_readings, row_candidates, rank, block.bases, targets)
        for row, row_readings, row_candidates in zip(block.flows, readings, candidates, strict=True)
    ]
    footing = [(c, t) for c, t in enumerate(targets) if t is not None]
    # Per position, whether the columns can still foot from the rows after it.
    values = tuple(tuple({v for numbers in r for v in numbers}) for r in readings)
    can_foot = [_foot_test(reach, footing, tolerance) for reach in _reachable(values)]
    solutions: list[tuple[float, tuple[_Members, ...]]] = []
    sums = [0] * width
    chosen: list[_Members] = []
    nodes = 0
    tries = budget.tries  # a local while searching: it is counted at every try

    def search(position: int, cost: float) -> bool:
        nonlocal nodes, tries
        nodes += 1
        if nodes > _NODE_LIMIT or tries < 0:
            return False
        if position == len(block.flows):
            if all(
                t is None or abs(t - s) <= tolerance for t, s in zip(targets, sums, strict=True)
            ):
                solutions.append((cost, tuple(chosen)))
            return len(solutions) < _SOLUTION_LIMIT
        still_foots = can_foot[position + 1]
        for members, placed_rank, counted in options[position]:
            tries -= 1
            for column, value in counted:
                sums[column] += value
            if still_foots(sums):
                chosen.append(members)
                going = search(position + 1, cost + placed_rank)
                chosen.pop()
            else:
                going = True
            for column, value in counted:
                sums[column] -= value
            if not going:
                return False
        return True

    search(0, 0.0)
    budget.tries = tries
    if not solutions or nodes > _NODE_LIMIT or budget.tries < 0:
        return None
    _, best = min(solutions)
    tied = {
        block.flows[i]
        for _, other in solutions
        for i, members in enumerate(other)
        if members != best[i]
    }
    choices = {
        row: frozenset(placed for _, other in solutions for placed in other[i])
        for i, row in enumerate(block.flows)
    }
    best_placements = {row: members[0] for row, members in zip(block.flows, best, strict=True)}
    return Solution(best_placements, frozenset(tied), choices)


# Placements of one row that foot alike (they put the same values in the same footing
# columns), best ranked first.
_Members = tuple[tuple[int, ...], ...]


def _options(
    row: int,
    readings: list[tuple[int, ...]],
    candidates: list[tuple[int, ...]],
    rank: Callable[[int, tuple[int, ...]], float],
    bases: tuple[int, ...],
    targets: list[int | None],
) -> list[tuple[_Members, float, list[tuple[int, int]]]]:
    """A row's options for the search, best ranked first: its placements grouped by what
    they add to the footing columns (0-based, as the search's sums are indexed), each group
    with its best rank. A column no balance constrains takes any value, and a zero adds
    nothing to any column, so placements that differ only there are one option: the search
    does not tell them apart (the beam does)."""
    groups: dict[tuple[tuple[int, int], ...], tuple[list[tuple[int, ...]], float]] = {}
    for placed_rank, placed in _ranked(row, candidates, rank):
        for numbers in readings:
            counted = tuple(
                (c - 1, v)
                for c, v in _counted(placed, numbers, bases)
                if targets[c - 1] is not None and v != 0
            )
            members, _ = groups.setdefault(counted, ([], placed_rank))
            if placed not in members:
                members.append(placed)
    ranked = sorted(groups.items(), key=lambda item: (item[1][1], item[1][0][0]))
    return [(tuple(members), r, list(counted)) for counted, (members, r) in ranked]


def _counted(
    placed: tuple[int, ...], values: tuple[int, ...], bases: tuple[int, ...]
) -> list[tuple[int, int]]:
    """The columns a flow row's values count in: a qualified column's in its base, unless
    the row prints the base too (which then holds the total)."""
    if not bases:
        return list(zip(placed, values, strict=True))
    return [
        (bases[column - 1], value)
        for column, value in zip(placed, values, strict=True)
        if bases[column - 1] == column or bases[column - 1] not in placed
    ]


def _readings(values: tuple[int, ...]) -> list[tuple[int, ...]]:
    """A flow row's values as printed and, if some signs are in doubt, with those turned."""
    doubts = sign_doubts(tuple(Decimal(v) for v in values))
    if not any(doubts):
        return [values]
    return [values, tuple(-v if doubt else v for v, doubt in zip(values, doubts, strict=True))]


def _ranked(
    row: int, placements: list[tuple[int, ...]], rank: Callable[[int, tuple[int, ...]], float]
) -> list[tuple[float, tuple[int, ...]]]:
    """The row's placements with their rank, best first (ties by columns)."""
    return sorted((rank(row, placed), placed) for placed in placements)


def _unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def _places(value: Decimal) -> int:
    """Digits after the decimal point: 2 for 1.25, 0 for 1250."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@functools.lru_cache(maxsize=2)  # the balance placements tried for one block share its flows
def _reachable(values: tuple[tuple[int, ...], ...]) -> list[set[int] | tuple[int, int]]:
    """For each suffix of rows, the sums one column can still receive: each row gives it at
    most one of its values. Exact sets while small, else an interval."""
    reach: list[set[int] | tuple[int, int]] = [{0}]
    for row in reversed(values):
        following = reach[0]
        if isinstance(following, set) and len(following) * (len(row) + 1) <= _REACH_LIMIT:
            reach.insert(0, {s + v for s in following for v in (0, *row)})
        else:
            low, high = _bounds(following)
            reach.insert(0, (low + min(0, *row), high + max(0, *row)))
    return reach


def _bounds(reach: set[int] | tuple[int, int]) -> tuple[int, int]:
    if isinstance(reach, tuple):
        return reach
    return min(reach), max(reach)


def _foot_test(
    reach: set[int] | tuple[int, int], footing: list[tuple[int, int]], tolerance: int
) -> Callable[[list[int]], bool]:
    """Whether every column that must foot (0-based index, target) can still reach its
    target, within the rounding tolerance, given the column sums so far and the sums the
    rows left can add (``reach``)."""
    if isinstance(reach, tuple):
        low, high = reach[0] - tolerance, reach[1] + tolerance

        def within(sums: list[int]) -> bool:
            return all(low <= target - sums[column] <= high for column, target in footing)

        return within

    def reachable(sums: list[int]) -> bool:
        for column, target in footing:
            needed = target - sums[column]
            if not (needed in reach or needed + tolerance in reach or needed - tolerance in reach):
                return False
        return True

    return reachable
