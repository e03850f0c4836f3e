"""The rules a table's placement must keep, each checked row by row down the table.

Every check keeps a small hashable state per hypothesis and counts violations as rows are
placed, so the beam in ``kg.readers.placement`` can compare whole-table placements early:

* ``SymbolRuns``: down each column, cells of one unit form a run and only a monetary or
  per-share run's first and last cells print the currency symbol.
* ``MemberTotals``: a "Top N ..."/"Total ..." member is at least the sum of its siblings.
* ``RollForward``: opening balance plus the flows below it equals the closing balance, per
  column and unit (equity statements, "[Roll Forward]" sections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.readers.headers import unit_fits

MONEY = ("monetary", "per-share")
UNKNOWN_NON_MONEY = "pure?"
_TOTAL_MEMBER = re.compile(r"^(top \w+|total|all)\b", re.IGNORECASE)
_BALANCE_CATEGORIES = ("monetary", "shares")


@dataclass(frozen=True, slots=True)
class Step:
    """One row as placed: its values' columns, unit categories and numbers."""

    index: int
    columns: tuple[int, ...]
    categories: tuple[str, ...]
    symbols: tuple[bool, ...]
    numbers: tuple[Decimal | None, ...]


# -- currency-symbol runs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    category: str
    symbol: bool
    run_start: bool


class SymbolRuns:
    """The renderer prints a currency symbol on the first and last cell of each same-unit run."""

    def __init__(self, width: int) -> None:
        self.width = width

    def initial(self) -> tuple[_Cell | None, ...]:
        return (None,) * self.width

    def step(self, state: tuple[_Cell | None, ...], step: Step) -> tuple[Any, int]:
        cells = list(state)
        violations = 0
        for column, category, symbol in zip(
            step.columns, step.categories, step.symbols, strict=True
        ):
            cost, cells[column - 1] = self._cell(cells[column - 1], category, symbol)
            violations += cost
        return tuple(cells), violations

    @staticmethod
    def _cell(previous: _Cell | None, category: str, symbol: bool) -> tuple[int, _Cell]:
        cost = 0
        if previous is not None and previous.category in MONEY:
            if category == previous.category:
                # The previous cell was not its run's last: only a run start shows a symbol.
                cost += previous.symbol != previous.run_start
            elif not previous.symbol:
                cost += 1  # the previous cell closed its run without the symbol
        run_start = previous is None or previous.category != category
        if category in MONEY:
            cost += run_start and not symbol
        else:
            cost += symbol
        return cost, _Cell(category, symbol, run_start)

    def close(self, state: tuple[_Cell | None, ...]) -> int:
        """Runs still open at the bottom of the table lack their closing symbol."""
        return sum(1 for c in state if c is not None and c.category in MONEY and not c.symbol)


class ColumnUnits:
    """A column that lists unit labels holds only values of those units (pure excepted)."""

    def __init__(self, units: list[tuple[str, ...]], custom: dict[int, str | None]) -> None:
        self.units = units
        self.custom = custom

    def initial(self) -> None:
        return None

    def step(self, state: None, step: Step) -> tuple[None, int]:
        custom = self.custom.get(step.index)
        misfits = sum(
            not unit_fits(category, custom if category == "other" else None, self.units[c - 1])
            for c, category in zip(step.columns, step.categories, strict=True)
        )
        return None, misfits

    def close(self, state: None) -> int:
        return 0


# -- member totals ----------------------------------------------------------------------------


class MemberTotals:
    """Rows of one concept under sibling members where one member is a "Top N"/"Total": in each
    column the total is at least the sum of the others (checked as soon as it is exceeded)."""

    def __init__(
        self, labels: list[str], members: list[tuple[str, ...]], lines: list[bool]
    ) -> None:
        by_key: dict[object, list[int]] = {}
        for index, (label, path, line) in enumerate(zip(labels, members, lines, strict=True)):
            if line and path:
                by_key.setdefault((label, path[:-1]), []).append(index)
        self.groups: dict[int, tuple[object, bool]] = {}
        for key, indexes in by_key.items():
            totals = [i for i in indexes if _TOTAL_MEMBER.match(members[i][-1])]
            if len(totals) == 1 and len(indexes) >= 2:
                for i in indexes:
                    self.groups[i] = (key, i == totals[0])

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int]:
        group = self.groups.get(step.index)
        if group is None:
            return state, 0
        key, is_total = group
        table = dict(state)
        broken = 0
        for column, number in zip(step.columns, step.numbers, strict=True):
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

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


# -- roll-forward continuity ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceRole:
    """What a row is in a roll-forward: opens a balance, closes one, or closes and reopens
    (an equity balance row between two blocks); ``boundary`` marks a new balance date."""

    role: str  # "open", "close", "chain"
    boundary: bool


class RollForward:
    """Opening balance + flows = closing balance, per column and unit (money, shares).

    State per (column, category): (opening balance or None, running sum of flows). At a balance
    date the expected closings are snapshotted, then each balance row of that date is checked
    against them, so several balance rows of one date (money, shares, another concept) work.
    """

    def __init__(self, roles: dict[int, BalanceRole]) -> None:
        self.roles = roles

    def initial(self) -> tuple[Any, ...]:
        return ((), ())

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int]:
        flows, expected = dict(state[0]), dict(state[1])
        role = self.roles.get(step.index)
        values = [
            ((column, category), number)
            for column, category, number in zip(
                step.columns, step.categories, step.numbers, strict=True
            )
            if number is not None and category in _BALANCE_CATEGORIES
        ]
        if role is None:
            for key, number in values:
                opening, running = flows.get(key, (None, Decimal(0)))
                flows[key] = (opening, running + number)
            return (_frozen(flows), _frozen(expected)), 0
        broken = 0
        if role.boundary:
            expected = {k: o + r for k, (o, r) in flows.items() if o is not None}
            flows = {}
        for key, number in values:
            if role.role in ("close", "chain") and key in expected:
                broken += not _foots(expected[key], number)
            flows[key] = (number if role.role in ("open", "chain") else None, Decimal(0))
        return (_frozen(flows), _frozen(expected)), broken

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


def _foots(expected: Decimal, actual: Decimal) -> bool:
    """Equal within one unit of the last printed digit (displayed values are rounded)."""
    unit = Decimal(1).scaleb(min(expected.as_tuple().exponent, actual.as_tuple().exponent))  # type: ignore[arg-type]
    return abs(expected - actual) <= unit


def _frozen(table: dict[Any, Any]) -> tuple[Any, ...]:
    return tuple(sorted(table.items()))
