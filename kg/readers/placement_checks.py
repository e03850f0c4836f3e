"""The rules a table's placement must keep, each checked row by row down the table.

Every check keeps a small hashable state per hypothesis and, as each row is placed, returns
its new state, the violations that row caused and a bonus (negative cost, in the units of the
soft priors) for evidence it found, so the beam in ``kg.readers.placement`` can compare
whole-table placements early. ``costs(step)`` says whether a row placed so can cost or earn
anything at all: the beam scores only those checks for every candidate and works out the
others' states only for the hypotheses it keeps.

* ``SymbolRuns``: down each column, cells of one unit form a run and only a monetary or
  per-share run's first and last cells print the currency symbol.
* ``MemberTotals``: a "Top N ..."/"Total ..." member is at least the sum of its siblings.
* ``MemberBreakdowns`` (evidence only): a label's rows under a member's sub-members add up
  to its row under the member, column by column.
* ``SplitBalances`` (evidence only): the parts a statement of equity splits a balance
  into add up to it, column by column.
* ``AdjustedBalances`` (evidence only): a row under an adjustment member turns its label's
  balance at its column's date into the balance a few days later.
* ``RollForward``: opening balance plus the flows below it equals the closing balance, per
  column and unit (equity statements, "[Roll Forward]" sections), for each of the
  roll-forwards a column carries.
* ``TotalRows`` (evidence only): a "Total ..." row equal, in a column, to the sum of the last
  few open items above it; the items it sums are then replaced by the total, so nested
  subtotals add up too.
* ``SectionTotals`` (evidence only): a cash-flow section's "Net cash ... activities" row is
  the sum of the rows since the section's heading, in a column.
* ``LessRows`` (evidence only): a "Less: ..." row taken from the row above it gives the row
  below it, in a column.
* ``RepeatedRows`` (evidence only): a short row repeated under the next segment keeps its
  columns.
* ``SplitRows`` (evidence only): a row repeated under the same label right after itself is
  the same concept shown twice with its values split between the columns, so the two rows'
  columns should not overlap.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.readers.cues import is_less_label
from kg.readers.headers import unit_fits
from kg.readers.placement_priors import ADJUSTMENT_MEMBER, ADOPTION_WORDING, named_period
from kg.readers.rollforward import sign_doubts
from kg.units import read_unit_label

MONEY = ("monetary", "per-share")
UNKNOWN_NON_MONEY = "pure?"
TEXT = "text"  # a text value: no unit
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


# A symbol printed inside a run ends it: the column's next cell must start another run, which
# in a statement of equity the cells below rarely do. Costed at once, before the rows below
# can say so (the beam would otherwise drop the placement that starts new runs there, as
# Tesla 2021's "$ 848" under a public offering's own columns, before the evidence arrives).
_RUN_ENDS = 0.5

# The last cell placed in a column: (unit category, printed a symbol, started its run). A
# plain tuple: hypotheses are hashed by their states many thousand times per table.
_Cell = tuple[str, bool, bool]


class SymbolRuns:
    """The renderer prints a currency symbol on the first and last cell of each same-unit run."""

    def __init__(self, width: int, *, runs_continue: bool = False) -> None:
        self.width = width
        self.active = True
        # A statement of equity's columns run to its last balance row: a symbol inside a run
        # is costed at once (see _RUN_ENDS).
        self.run_ends = _RUN_ENDS if runs_continue else 0.0
        # (previous cell, category, symbol) -> (cost, cell): a handful of distinct cases,
        # met hundreds of thousands of times in a statement of equity.
        self._cells: dict[tuple[_Cell | None, str, bool], tuple[int, _Cell]] = {}

    def initial(self) -> tuple[_Cell | None, ...]:
        return (None,) * self.width

    def step(self, state: tuple[_Cell | None, ...], step: Step) -> tuple[Any, int, float]:
        cells = list(state)
        violations = 0
        ending = 0
        known = self._cells
        for column, category, symbol in zip(
            step.columns, step.categories, step.symbols, strict=True
        ):
            case = (cells[column - 1], category, symbol)
            result = known.get(case)
            if result is None:
                result = known[case] = self._cell(*case)
            cost, cell = result
            cells[column - 1] = cell
            violations += cost
            ending += symbol and not cell[2]  # a symbol inside a run: the run ends here
        return tuple(cells), violations, self.run_ends * ending

    @staticmethod
    def _cell(previous: _Cell | None, category: str, symbol: bool) -> tuple[int, _Cell]:
        cost = 0
        if previous is not None and previous[0] in MONEY:
            if category == previous[0]:
                # The previous cell was not its run's last: only a run start shows a symbol.
                cost += previous[1] != previous[2]
            elif not previous[1]:
                cost += 1  # the previous cell closed its run without the symbol
        run_start = previous is None or previous[0] != category
        if category in MONEY:
            cost += run_start and not symbol
        else:
            cost += symbol
        return cost, (category, symbol, run_start)

    def costs(self, step: Step) -> bool:
        return bool(step.columns)

    def close(self, state: tuple[_Cell | None, ...]) -> int:
        """Runs still open at the bottom of the table lack their closing symbol."""
        return sum(1 for c in state if c is not None and c[0] in MONEY and not c[1])


class ColumnUnits:
    """A column that lists unit labels holds only values of those units (pure excepted), and
    a currency symbol is the one its column's currency prints ("$" under "USD ($)", "R$"
    under "BRL (R$)"; format reference 4)."""

    def __init__(
        self,
        units: list[tuple[str, ...]],
        custom: dict[int, str | None],
        currencies: dict[int, tuple[str | None, ...]] | None = None,
    ) -> None:
        self.units = units
        self.custom = custom
        self.currencies = currencies or {}
        self.symbols = [_currency_symbols(labels) for labels in units]
        self.active = any(units)

    def initial(self) -> None:
        return None

    def step(self, state: None, step: Step) -> tuple[None, int, float]:
        custom = self.custom.get(step.index)
        misfits = sum(
            not unit_fits(category, custom if category == "other" else None, self.units[c - 1])
            for c, category in zip(step.columns, step.categories, strict=True)
        )
        printed = self.currencies.get(step.index, ())
        misfits += sum(
            1
            for c, symbol in zip(step.columns, printed, strict=False)
            if symbol and self.symbols[c - 1] and symbol not in self.symbols[c - 1]
        )
        return None, misfits, 0.0

    def costs(self, step: Step) -> bool:
        return bool(step.columns)

    def close(self, state: None) -> int:
        return 0


def _currency_symbols(labels: tuple[str, ...]) -> frozenset[str]:
    """The currency symbols a column's unit labels print ("USD ($)", "$ / shares": "$")."""
    units = [read_unit_label(label) for label in labels]
    return frozenset(u.symbol for u in units if u and u.category in MONEY and u.symbol)


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
        self.active = bool(self.groups)

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        group = self.groups.get(step.index)
        if group is None:
            return state, 0, 0.0
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
        return tuple(sorted(table.items(), key=lambda item: repr(item[0]))), broken, 0.0

    def costs(self, step: Step) -> bool:
        return step.index in self.groups

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


_BREAKDOWN_BONUS = -0.6  # per column where a member's sub-members add up to it
_ON_TRACK_BONUS = -0.1  # per sub-member value that keeps its run within the member's value


def _extended(
    run: tuple[Decimal, Decimal, int, bool], number: Decimal
) -> tuple[float, tuple[Decimal, Decimal, int, bool]]:
    """A member's run in a column with one more sub-member's value: the bonus it earns and
    the run after it."""
    total, running, length, added_up = run
    if added_up and number == 0:
        return _BREAKDOWN_BONUS / 2, run
    if added_up:
        running, length = Decimal(0), 0
    running, length = running + number, length + 1
    added_up = running == total  # one sub-member alone may be the member
    if added_up and length >= 2:
        return _BREAKDOWN_BONUS, (total, running, length, added_up)
    bonus = _ON_TRACK_BONUS if _within(running, total) else 0.0
    return bonus, (total, running, length, added_up)


def _within(part: Decimal, whole: Decimal) -> bool:
    return abs(part) <= abs(whole) and (part == 0 or (part > 0) == (whole > 0))


def _parent_rows(
    labels: list[str],
    members: list[tuple[str, ...]],
    lines: list[bool],
    parent_path: Callable[[tuple[str, ...]], tuple[str, ...] | None],
) -> dict[int, int]:
    """Each line row's parent: the last line row above it printing its label under the path
    ``parent_path`` gives for its own (None: the row has no parent)."""
    latest: dict[tuple[str, tuple[str, ...]], int] = {}
    parents: dict[int, int] = {}
    for index, (label, path, line) in enumerate(zip(labels, members, lines, strict=True)):
        if not line:
            continue
        parent = parent_path(path)
        if parent is not None and (label, parent) in latest:
            parents[index] = latest[(label, parent)]
        latest[(label, path)] = index
    return parents


class MemberBreakdowns:
    """Rewards placements where a label's rows under a member's sub-members add up, in a
    column, to its row under the member itself: "Cost Reduction Actions | Industrial Gases -
    Americas", "... | EMEA", ... to "Cost Reduction Actions", and the segments' rows to the
    row printed before any segment. A member broken down along two axes adds up twice, once
    per run of sub-members; zeros after a run that added up keep to its column.
    """

    def __init__(
        self, labels: list[str], members: list[tuple[str, ...]], lines: list[bool]
    ) -> None:
        # a sub-member's row -> its member's row
        self.parents = _parent_rows(
            labels,
            members,
            [
                line and not _dated_by_member(path)
                for line, path in zip(lines, members, strict=True)
            ],
            lambda path: path[:-1] if path else None,
        )
        # a member's row -> its last sub-member's row, after which its runs are dropped
        self.last_child: dict[int, int] = {}
        for child, parent in self.parents.items():
            self.last_child[parent] = max(child, self.last_child.get(parent, child))
        self.active = bool(self.parents)

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        """State: per member's row still to be broken down, per column, (its value, the open
        run's sum, the run's length, whether the run added up)."""
        parent = self.parents.get(step.index)
        if parent is None and step.index not in self.last_child:
            return state, 0, 0.0
        members = dict(state)
        bonus = 0.0
        if parent is not None and parent in members:
            runs = dict(members[parent])
            for column, number in zip(step.columns, step.numbers, strict=True):
                run = runs.get(column)
                if run is None or number is None:
                    continue
                earned, runs[column] = _extended(run, number)
                bonus += earned
            if self.last_child[parent] == step.index:
                del members[parent]
            else:
                members[parent] = tuple(sorted(runs.items()))
        if step.index in self.last_child:
            members[step.index] = tuple(
                (column, (number, Decimal(0), 0, False))
                for column, number in sorted(zip(step.columns, step.numbers, strict=True))
                if number is not None
            )
        return tuple(sorted(members.items())), 0, bonus

    def costs(self, step: Step) -> bool:
        return step.index in self.parents

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


_SPLIT_BALANCE_BONUS = -0.6  # per column where a balance's parts add up to it


class SplitBalances:
    """Rewards placements where the parts a statement of equity splits a balance into (the
    parent's, the noncontrolling interests': lines dated as balances, see
    ``kg.readers.placement``) add up, in a column, to the balance row of their date."""

    def __init__(self, roles: dict[int, tuple[dt.date, bool]]) -> None:
        self.roles = roles  # row -> (balance date, whether it is a part)
        self.parts: dict[dt.date, int] = {}
        self.last: dict[dt.date, int] = {}  # a date's last row, after which it is dropped
        for index, (date, part) in sorted(roles.items()):
            self.parts[date] = self.parts.get(date, 0) + part
            self.last[date] = index
        self.active = any(self.parts.values())

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        """State: per date still open, per column, (its balance, the parts' sum, their count)."""
        role = self.roles.get(step.index)
        if role is None:
            return state, 0, 0.0
        date, part = role
        dates = dict(state)
        columns = dict(dates.get(date, ()))
        bonus = 0.0
        for column, number in zip(step.columns, step.numbers, strict=True):
            if number is None:
                continue
            balance, total, count = columns.get(column, (None, Decimal(0), 0))
            if part:
                total, count = total + number, count + 1
            else:
                balance = number
            if balance is not None and count == self.parts[date] and _foots(balance, total):
                bonus += _SPLIT_BALANCE_BONUS
            columns[column] = (balance, total, count)
        if self.last[date] == step.index:
            dates.pop(date, None)
        else:
            dates[date] = tuple(sorted(columns.items()))
        return tuple(sorted(dates.items())), 0, bonus

    def costs(self, step: Step) -> bool:
        return step.index in self.roles

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


_ADJUSTED_BONUS = -0.6  # per value that adjusts its label's balance into the next one
_ADJUSTMENT_DAYS = 7  # an adjusted balance's date follows the reported one within a week


def _adjusting(member: str) -> bool:
    """An adjustment's member, or the accounting standard whose adoption it is."""
    return bool(ADJUSTMENT_MEMBER.search(member) or ADOPTION_WORDING.search(member))


def _unadjusted(path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The path an adjustment's row adjusts: its own without the adjustment's members (None
    for a path with none)."""
    plain = tuple(m for m in path if not _adjusting(m))
    return plain if plain != path else None


class AdjustedBalances:
    """Rewards placements where a row under an adjustment member (an accounting standard's
    adoption, a restatement: "Restatement Adjustment [Member] | Accounting Standards Update
    2020-06 [Member]") turns its label's balance at its column's date into the balance a few
    days later: "Convertible senior notes | 0 | 51" under "Jan. 01, 2021 | Dec. 31, 2020",
    and (51) at Dec. 31, 2020 (Tesla dates the adjustment so)."""

    def __init__(
        self,
        labels: list[str],
        members: list[tuple[str, ...]],
        lines: list[bool],
        dates: list[dt.date | None],
    ) -> None:
        # an adjustment's row -> its label's plain row
        self.parents = _parent_rows(labels, members, lines, _unadjusted)
        self.adjusted = set(self.parents.values())
        # per column (1-based), the column dated a few days after it (an adoption's balance
        # sheet: "Dec. 31, 2020" as reported, "Jan. 01, 2021" as adjusted), if any
        self.after: dict[int, int] = {}
        for column, date in enumerate(dates, start=1):
            later = [
                (d, c)
                for c, d in enumerate(dates, start=1)
                if d and date and 0 < (d - date).days <= _ADJUSTMENT_DAYS
            ]
            if later:
                self.after[column] = min(later)[1]
        self.active = bool(self.parents) and bool(self.after)

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        """State: per plain row with adjustments below it, its values by column."""
        if step.index in self.adjusted:
            values = tuple(
                (c, n) for c, n in zip(step.columns, step.numbers, strict=True) if n is not None
            )
            return (*((i, v) for i, v in state if i != step.index), (step.index, values)), 0, 0.0
        parent = self.parents.get(step.index)
        if parent is None:
            return state, 0, 0.0
        balances = dict(dict(state).get(parent, ()))
        bonus = 0.0
        for column, number in zip(step.columns, step.numbers, strict=True):
            after = self.after.get(column)
            if number is None or after not in balances or column not in balances:
                continue
            if _foots(balances[column] + number, balances[after]):
                bonus += _ADJUSTED_BONUS
        return state, 0, bonus

    def costs(self, step: Step) -> bool:
        return step.index in self.parents

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


# -- roll-forward continuity ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceRole:
    """What a row is in a roll-forward: opens a balance, closes one, or closes and reopens
    (an equity balance row between two blocks). ``epoch`` orders the balance dates (a dated
    row's date, else one more than the last); ``adjustment`` marks an adoption's row that
    adds to the balance above it ("Balance (Accounting Standards Update ... [Member])")."""

    role: str  # "open", "close", "chain"
    epoch: int
    adjustment: bool = False


# One column and unit of a roll-forward: the balances recorded at the latest epoch, the flows
# since the last balance, the values a balance of that epoch was expected to take, and the
# balances recorded late at the epoch before (a second roll-forward printed after the first).
# The flows are summed twice: as printed, and with the signs in doubt turned (see
# ``kg.readers.rollforward.sign_doubts``); a balance foots if either sum meets it.
_Running = tuple[Decimal, Decimal]
_Slot = tuple[int, tuple[Decimal, ...], _Running, tuple[Decimal, ...], tuple[Decimal, ...]]
_Values = list[tuple[int, Decimal, Decimal]]  # (slot, number, number with its doubtful sign turned)
_NO_FLOWS: _Running = (Decimal(0), Decimal(0))


class RollForward:
    """Opening balance plus flows equals closing balance, per column and unit (money, shares).

    A column may carry two roll-forwards whose balances share dates (Tesla prints its
    redeemable noncontrolling interests' balance rows and flows in the "Total" column of its
    statement of equity, between the equity's own): a balance is checked against every
    balance of the previous date plus the flows printed since the last balance of that
    column, so each roll-forward's flows, printed together, meet their own balances.

    ``bases`` names, per column, the column it rolls into: a statement of equity that crosses
    its components with a second axis ("Additional Paid-In Capital | May 2019 Public
    Offering", "Revision ... Adjustment") closes the qualified columns' flows into the plain
    component's balance, and a qualified value on a balance row adjusts the opening (an
    adoption). A flow row that prints the plain component as well already holds the total.
    """

    def __init__(self, roles: dict[int, BalanceRole], bases: list[int]) -> None:
        self.roles = roles
        self.bases = bases
        self.width = len(bases)
        self.active = bool(roles)
        self.offsets = {c: i * self.width - 1 for i, c in enumerate(_BALANCE_CATEGORIES)}
        # A row's options are extended from every hypothesis: their values, once per row.
        self._cache: dict[int, tuple[Step, _Values, _Values]] = {}
        self._balances: dict[tuple[int, int], tuple[Any, Decimal, tuple[_Slot, int]]] = {}
        self._cache_row = -1

    def initial(self) -> tuple[_Slot | None, ...]:
        return (None,) * (len(_BALANCE_CATEGORIES) * self.width)

    def step(self, state: tuple[_Slot | None, ...], step: Step) -> tuple[Any, int, float]:
        role = self.roles.get(step.index)
        values, qualified = self._prepared(step, role)
        if not values and not qualified:
            return state, 0, 0.0
        slots = list(state)
        if role is None:
            for slot, number, turned in values + qualified:
                known = slots[slot]
                if known is None:
                    slots[slot] = (-1, (), (number, turned), (), ())
                else:
                    epoch, balances, running, expected, older = known
                    flows = (running[0] + number, running[1] + turned)
                    slots[slot] = (epoch, balances, flows, expected, older)
            return tuple(slots), 0, 0.0
        if role.adjustment:  # an adoption adjusts the balance above it, column by column
            qualified, values = qualified + values, []
        broken = 0
        for slot, number, _ in values:
            known, checked = self._balance(slots[slot], role, number)
            slots[slot] = known
            broken += checked
        for slot, number, _ in qualified:
            known = slots[slot]
            if known is not None and known[1] and role.role in ("open", "chain"):
                epoch, balances, running, expected, older = known
                slots[slot] = (epoch, (*balances, balances[-1] + number), running, expected, older)
        return tuple(slots), broken, 0.0

    def _balance(
        self, known: _Slot | None, role: BalanceRole, number: Decimal
    ) -> tuple[_Slot, int]:
        """``_balance``, once per slot and number: the hypotheses of a row share most of
        their slots (one object each). Keyed by identity, since equal Decimals may differ in
        exponent, which ``_foots`` reads; the entry holds its objects so no id is reused."""
        key = (id(known), id(number))
        entry = self._balances.get(key)
        if entry is None:
            entry = self._balances[key] = (known, number, _balance(known, role, number))
        return entry[2]

    def _prepared(self, step: Step, role: BalanceRole | None) -> tuple[_Values, _Values]:
        if step.index != self._cache_row:
            self._cache.clear()
            self._balances.clear()
            self._cache_row = step.index
        entry = self._cache.get(id(step))
        if entry is None or entry[0] is not step:
            entry = (step, *self._values(step, role))
            self._cache[id(step)] = entry
        return entry[1], entry[2]

    def _values(self, step: Step, role: BalanceRole | None) -> tuple[_Values, _Values]:
        """The row's values by slot: its plain columns' own, and those rolling into another."""
        doubts = sign_doubts(step.numbers)
        placed = [
            (column, category, number, -number if doubt else number)
            for column, category, number, doubt in zip(
                step.columns, step.categories, step.numbers, doubts, strict=True
            )
            if number is not None and category in self.offsets
        ]
        plain = {(c, category) for c, category, _, _ in placed if self.bases[c - 1] == c}
        values: _Values = []
        qualified: _Values = []
        for column, category, number, turned in placed:
            base = self.bases[column - 1]
            if base == column:
                values.append((self.offsets[category] + column, number, turned))
            elif role is not None or (base, category) not in plain:
                qualified.append((self.offsets[category] + base, number, turned))
        return values, qualified

    def costs(self, step: Step) -> bool:
        return step.index in self.roles

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


def _balance(known: _Slot | None, role: BalanceRole, number: Decimal) -> tuple[_Slot, int]:
    """Record a balance in its slot; 1 if it breaks the roll-forward, else 0."""
    checks = role.role in ("close", "chain")
    if known is None or known[0] < 0:
        return (role.epoch, (number,), _NO_FLOWS, (), ()), 0
    epoch, balances, running, expected, older = known
    sums = set(running)
    if role.epoch > epoch:  # the first balance of a new date
        candidates = tuple(b + r for b in balances for r in sums)
        broken = int(checks and bool(candidates) and not _foots_any(candidates, number))
        kept = (number,) if role.role != "close" else ()
        return (role.epoch, kept, _NO_FLOWS, candidates, balances), broken
    if role.epoch == epoch:  # another balance of that date: a repeat or another roll-forward
        candidates = (*expected, *balances, *(o + r for o in older for r in sums))
        broken = int(checks and bool(candidates) and not _foots_any(candidates, number))
        return (epoch, (*balances, number), _NO_FLOWS, expected, older), broken
    # A balance of the date before, printed after the later one: another roll-forward opens.
    return (epoch, balances, _NO_FLOWS, expected, (*older, number)), 0


def _foots_any(candidates: tuple[Decimal, ...], actual: Decimal) -> bool:
    return any(_foots(c, actual) for c in candidates)


def _foots(expected: Decimal, actual: Decimal) -> bool:
    """Equal within one unit of the last printed digit (displayed values are rounded)."""
    difference = abs(expected - actual)
    if not difference:
        return True
    # An exact difference keeps the smaller exponent of the two numbers, the unit of the
    # last printed digit: it is within that unit when its coefficient is 1.
    return difference.as_tuple().digits == (1,)


# -- evidence from totals and split rows -----------------------------------------------------

_TOTAL_LABEL = re.compile(r"^total\b|\btotal\b", re.IGNORECASE)
_TOTAL_BONUS = -0.6  # per column where a total row adds up
_ITEMS_KEPT = 12


class TotalRows:
    """Rewards placements where "Total ..." rows add up, column by column."""

    def __init__(self, labels: list[str], kinds: list[str]) -> None:
        self.totals = {i for i, label in enumerate(labels) if _TOTAL_LABEL.search(label)}
        self.resets = {i for i, kind in enumerate(kinds) if kind in ("segment", "balance")}
        self.active = bool(self.totals)
        # A column's items extended by a number, once per row: the hypotheses share most of
        # their columns (one object each). Keyed by identity; the entry holds both objects.
        self._extended: dict[tuple[int, int], tuple[Any, Decimal, tuple[Decimal, ...], bool]] = {}
        self._row = -1

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        if step.index in self.resets:
            return (), 0, 0.0
        if not step.columns:
            return state, 0, 0.0
        if step.index != self._row:
            self._extended.clear()
            self._row = step.index
        width = max(step.columns)
        items = list(state) + [()] * max(0, width - len(state))
        bonus = 0.0
        for column, number in zip(step.columns, step.numbers, strict=True):
            if number is None:
                continue
            before = items[column - 1]
            key = (id(before), id(number))
            entry = self._extended.get(key)
            if entry is None:
                entry = (before, number, *self._extend(before, number, step.index))
                self._extended[key] = entry
            items[column - 1] = entry[2]
            if entry[3]:
                bonus += _TOTAL_BONUS
        return tuple(items), 0, bonus

    def _extend(
        self, items: tuple[Decimal, ...], number: Decimal, row: int
    ) -> tuple[tuple[Decimal, ...], bool]:
        """The column's open items after ``number``, and whether it totals the last ones."""
        open_items = list(items)
        terms = _summed_suffix(open_items, number) if row in self.totals else 0
        if terms:
            del open_items[-terms:]
        open_items.append(number)
        return tuple(open_items[-_ITEMS_KEPT:]), bool(terms)

    def costs(self, step: Step) -> bool:
        return step.index in self.totals

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


def _summed_suffix(items: list[Decimal], total: Decimal) -> int:
    """How many (2 or more) of the last open items sum to ``total``; 0 if none do."""
    running = Decimal(0)
    for count, item in enumerate(reversed(items), start=1):
        running += item
        if count >= 2 and running == total:
            return count
    return 0


# A cash-flow section's total and the headings that open a section.
# "Net cash provided by operating activities", "Cash generated by operating activities".
_SECTION_TOTAL = re.compile(r"^(net )?cash\b.*\bactivities\b", re.IGNORECASE)
_SECTION_HEADING = re.compile(
    r"^(cash flows?|(operating|investing|financing) activities)\b", re.IGNORECASE
)
_FREE_SIGNS = 4  # short rows whose sign the footing may choose, at most, per column
_SECTION_BONUS = _TOTAL_BONUS  # per column where a section's total adds up


class SectionTotals:
    """Rewards placements where a cash-flow section's total ("Net cash ... activities") is
    the sum of the rows since its heading, column by column.

    Full rows count with their printed sign. A short row's value may count with either:
    filers print an outflow that happens in one year only as often without parentheses as
    with them (Tesla 2021: "Purchase of convertible note hedges 476"). On the six shared
    statements of cash flows, 15 of 18 sections add up so in every column; the others hold
    subtotals or rows printed with the sign turned, and earn nothing."""

    def __init__(self, labels: list[str], kinds: list[str], width: int) -> None:
        self.totals = {i for i, label in enumerate(labels) if _SECTION_TOTAL.search(label)}
        self.starts = {
            i
            for i, (label, kind) in enumerate(zip(labels, kinds, strict=True))
            if kind == "segment" or (kind == "abstract" and _SECTION_HEADING.search(label))
        }
        self.width = width
        self.active = bool(self.totals) and bool(self.starts)

    def initial(self) -> tuple[Any, ...] | None:
        return None  # no section open

    def step(self, state: tuple[Any, ...] | None, step: Step) -> tuple[Any, int, float]:
        if step.index in self.starts:
            return ((Decimal(0), ()),) * self.width, 0, 0.0
        if state is None or not step.columns:
            return state, 0, 0.0
        short = len(step.columns) < self.width
        if step.index in self.totals:
            footing = [
                _foots_with_free_signs(state[column - 1], number)
                for column, number in zip(step.columns, step.numbers, strict=True)
                if number is not None
            ]
            return None, 0, _SECTION_BONUS * sum(footing)
        sums = list(state)
        for column, number in zip(step.columns, step.numbers, strict=True):
            if number is None:
                continue
            fixed, free = sums[column - 1]
            sums[column - 1] = (fixed, (*free, number)) if short else (fixed + number, free)
        return tuple(sums), 0, 0.0

    def costs(self, step: Step) -> bool:
        return step.index in self.totals

    def close(self, state: tuple[Any, ...] | None) -> int:
        return 0


def _foots_with_free_signs(items: tuple[Decimal, tuple[Decimal, ...]], total: Decimal) -> bool:
    """Whether the full rows' sum plus the short rows' values, each with either sign, can
    make ``total``."""
    fixed, free = items
    if len(free) > _FREE_SIGNS:
        return fixed + sum(free, Decimal(0)) == total
    return any(
        fixed + sum((s * n for s, n in zip(signs, free, strict=True)), Decimal(0)) == total
        for signs in itertools.product((1, -1), repeat=len(free))
    )


_LESS_BONUS = _TOTAL_BONUS  # per column where "A, Less: B, C" gives C = A - B


class LessRows:
    """Rewards placements where a "Less: ..." row is taken from the row above it to give
    the row below it ("Property, gross; Less: accumulated depreciation; Property, net"),
    column by column, whichever sign the deduction prints with."""

    def __init__(self, labels: list[str], kinds: list[str]) -> None:
        self.less = {
            i
            for i, label in enumerate(labels)
            if 0 < i < len(labels) - 1
            and is_less_label(label)
            and kinds[i - 1] == kinds[i] == kinds[i + 1] == "line"
        }
        self.kept = {i - 1 for i in self.less} | self.less
        self.active = bool(self.less)

    def initial(self) -> tuple[Any, ...]:
        return ()

    def step(self, state: tuple[Any, ...], step: Step) -> tuple[Any, int, float]:
        values = tuple(
            (c, n) for c, n in zip(step.columns, step.numbers, strict=True) if n is not None
        )
        if step.index in self.kept:
            return (*state, values)[-2:], 0, 0.0
        if step.index - 1 not in self.less or len(state) < 2:
            return (), 0, 0.0
        above, less = dict(state[0]), dict(state[1])
        bonus = 0.0
        for column, number in values:
            if column not in above or column not in less:
                continue
            if number in (above[column] - less[column], above[column] + less[column]):
                bonus += _LESS_BONUS
        return (), 0, bonus

    def costs(self, step: Step) -> bool:
        return step.index - 1 in self.less

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


_SPLIT_OVERLAP = 0.5  # per column two halves of a split row share
_SPLIT_BY_DATE = -2.0  # two halves of two values or more, each of one date, dates apart


class SplitRows:
    """Consecutive rows with the same label split the columns between them: overlaps cost.

    Two elements under one label (a company's own element for the prior year, the standard
    one from this year on) split by period end, so halves that each keep to one date of the
    columns, different dates, are rewarded (Apple's comprehensive income prints each hedge
    line twice, this year's 3- and 6-month values under us-gaap, last year's under aapl).
    """

    def __init__(self, labels: list[str], kinds: list[str], dates: list[dt.date | None]) -> None:
        self.second_halves = {
            i
            for i in range(1, len(labels))
            if labels[i] == labels[i - 1] and kinds[i] == kinds[i - 1] == "line"
        }
        self.dates = dates
        self.active = bool(self.second_halves)

    def initial(self) -> tuple[int, ...]:
        return ()

    def step(self, state: tuple[int, ...], step: Step) -> tuple[Any, int, float]:
        if step.index not in self.second_halves:
            return step.columns, 0, 0.0
        overlap = len(set(state) & set(step.columns))
        bonus = _SPLIT_BY_DATE if self._split_by_date(state, step.columns) else 0.0
        return step.columns, 0, _SPLIT_OVERLAP * overlap + bonus

    def _split_by_date(self, first: tuple[int, ...], second: tuple[int, ...]) -> bool:
        first_dates = {self.dates[c - 1] for c in first}
        second_dates = {self.dates[c - 1] for c in second}
        return (
            len(first) > 1
            and len(second) > 1
            and len(first_dates) == len(second_dates) == 1
            and None not in first_dates | second_dates
            and first_dates != second_dates
        )

    def costs(self, step: Step) -> bool:
        return step.index in self.second_halves

    def close(self, state: tuple[int, ...]) -> int:
        return 0


_PATTERN_BONUS = -0.2  # a short row placed like the last short row with as many values


class ColumnPatterns:
    """Short rows near each other tend to share columns: a section reported only for some
    periods (annual earnings per share under annual net income) keeps to them. Only rows of
    ``fewest`` values or more count: in a statement of equity, whose columns are components,
    a flow's lone value says nothing of where the next row's goes (the shape of wider rows,
    a balance's parts across the components, still repeats)."""

    def __init__(self, kinds: list[str], width: int, *, fewest: int = 1) -> None:
        self.resets = {i for i, kind in enumerate(kinds) if kind == "segment"}
        self.width = width
        self.fewest = fewest
        self.active = True

    def initial(self) -> tuple[tuple[int, ...] | None, ...]:
        """Per count of values, the columns of the last short row with that many."""
        return (None,) * self.width

    def step(self, state: tuple[tuple[int, ...] | None, ...], step: Step) -> tuple[Any, int, float]:
        if step.index in self.resets:
            return self.initial(), 0, 0.0
        count = len(step.columns)
        if not self.fewest <= count < self.width:
            return state, 0, 0.0
        bonus = _PATTERN_BONUS if state[count] == step.columns else 0.0
        return (*state[:count], step.columns, *state[count + 1 :]), 0, bonus

    def costs(self, step: Step) -> bool:
        return step.index not in self.resets and self.fewest <= len(step.columns) < self.width

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


class RepeatedRows:
    """A row repeated under each segment (the same label, as many values) tends to keep its
    columns from one segment to the next (format reference A15: rows repeat per member)."""

    def __init__(
        self, labels: list[str], kinds: list[str], paths: list[tuple[str, ...]], width: int
    ) -> None:
        blocks: dict[str, set[int]] = {}  # the segments a label is printed under
        segment = 0
        for label, kind in zip(labels, kinds, strict=True):
            if kind == "segment":
                segment += 1
            elif kind == "line":
                blocks.setdefault(label, set()).add(segment)
        # Repeated within one segment (a statement of equity's years) says nothing of columns,
        # nor does a row whose member names its period ("May 2019 Public Offering").
        self.labels = [
            label if len(blocks.get(label, ())) > 1 and not _dated_by_member(path) else None
            for label, path in zip(labels, paths, strict=True)
        ]
        self.width = width
        self.active = any(label is not None for label in self.labels)

    def initial(self) -> tuple[tuple[tuple[str, int], tuple[int, ...]], ...]:
        return ()

    def step(
        self, state: tuple[tuple[tuple[str, int], tuple[int, ...]], ...], step: Step
    ) -> tuple[Any, int, float]:
        label = self.labels[step.index]
        count = len(step.columns)
        if label is None or not 0 < count < self.width:
            return state, 0, 0.0
        # The state stays sorted by key: the entry is replaced in place or inserted.
        key = (label, count)
        at = bisect.bisect_left(state, key, key=_entry_key)
        if at < len(state) and state[at][0] == key:
            bonus = _PATTERN_BONUS if state[at][1] == step.columns else 0.0
            return (*state[:at], (key, step.columns), *state[at + 1 :]), 0, bonus
        return (*state[:at], (key, step.columns), *state[at:]), 0, 0.0

    def costs(self, step: Step) -> bool:
        return self.labels[step.index] is not None and 0 < len(step.columns) < self.width

    def close(self, state: tuple[Any, ...]) -> int:
        return 0


def _entry_key(entry: tuple[tuple[str, int], tuple[int, ...]]) -> tuple[str, int]:
    return entry[0]


def _dated_by_member(path: tuple[str, ...]) -> bool:
    """A row under a member named for a period: the period places it (placement_priors), and
    its columns say nothing of the other rows'."""
    return bool(path) and named_period(path) is not None
