"""A data column's header lines: its date, then member labels, then unit labels.

The renderer writes a column cell's labels in that order (format reference 2.3), so every line
after the first unit label is a unit too, which is how custom units ("position", "Vendor") are
told from member labels. "Total" names a column without members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.cells import parse_date
from kg.units import read_unit_label


@dataclass(frozen=True, slots=True)
class ColumnLines:
    date: dt.date | None
    members: tuple[str, ...]
    units: tuple[str, ...]


def split_column_lines(
    lines: tuple[str, ...], custom_units: frozenset[str] = frozenset()
) -> ColumnLines:
    date = None
    members: list[str] = []
    units: list[str] = []
    for line in lines:
        parsed = parse_date(line) if date is None else None
        if parsed is not None:
            date = parsed
        elif units or read_unit_label(line) is not None or line in custom_units:
            units.append(line)
        elif line != "Total":
            members.append(line)
    return ColumnLines(date, tuple(members), tuple(units))


def unit_fits(category: str, custom: str | None, column_units: tuple[str, ...]) -> bool:
    """Whether a value of this unit may sit under a column that lists ``column_units``.

    A column lists the units of its values, except "pure", which the renderer never prints
    (text values have no unit).
    """
    if not column_units or category in ("pure", "pure?", "text"):
        return True
    for label in column_units:
        unit = read_unit_label(label)
        if unit is None:
            if category == "other" and label == custom:
                return True
        elif unit.category == category:
            return True
    return False
