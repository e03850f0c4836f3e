"""Does a calculation hold on a page's printed numbers? Used to tell apart elements that share
a label in one report ("Term debt" current and non-current) by the totals they add up to.

A row's numbers are known by column only when it fills every column; otherwise each
order-preserving placement of its values is possible (a missing or nil cell leaves no trace in
the '|' text). A sum holds when some placement of each of its rows makes it hold in every
column; a column where none of its rows has a value says nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations, product

from kg.cells import parse_number
from kg.readers.grid import GridRow

Placement = dict[int, Decimal]  # column (1-based) -> the value as printed, sign applied

# Beyond this many combined placements a sum is not tried (it says nothing then).
MAX_PLACEMENTS = 4096


def placements(row: GridRow, columns: int, sign: int) -> list[Placement] | None:
    """Every reading of a row's numbers by column, or None when a value is not a number."""
    values = []
    for cell in row.cells:
        number = parse_number(cell.text)
        if number is None or number.number is None or number.percent:
            return None
        values.append(sign * number.number)
    if len(values) > columns:
        return None
    if len(values) == columns:
        return [dict(zip(range(1, columns + 1), values, strict=True))]
    return [
        dict(zip(chosen, values, strict=True))
        for chosen in combinations(range(1, columns + 1), len(values))
    ]


def sum_holds(
    total: list[Placement], terms: Sequence[tuple[list[Placement], float]], tolerance: Decimal
) -> bool | None:
    """Whether ``total`` is the weighted sum of ``terms`` in some placement of each; None when
    there are too many placements to try."""
    count = len(total)
    for options, _ in terms:
        count *= len(options)
    if count > MAX_PLACEMENTS:
        return None
    weights = [Decimal(str(weight)) for _, weight in terms]
    for parent, *children in product(total, *(options for options, _ in terms)):
        if _holds(parent, children, weights, tolerance):
            return True
    return False


def _holds(
    parent: Placement, children: list[Placement], weights: list[Decimal], tolerance: Decimal
) -> bool:
    columns = set(parent).union(*children)
    for column in columns:
        expected = sum(
            (w * c[column] for w, c in zip(weights, children, strict=True) if column in c),
            Decimal(0),
        )
        if abs(parent.get(column, Decimal(0)) - expected) > tolerance:
            return False
    return True


def tolerance(rows: Sequence[GridRow]) -> Decimal:
    """Half a unit of the finest printed digit per row: rounded terms may miss their total."""
    digits = 0
    for row in rows:
        for cell in row.cells:
            number = parse_number(cell.text)
            if number is not None:
                digits = max(digits, number.fraction_digits)
    return Decimal(len(rows)) / 2 * Decimal(10) ** -digits
