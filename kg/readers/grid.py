"""The table an R page prints, before it means anything: what each reader recovers from its format.

The HTML reader fills a grid exactly from the page's cells; the text reader rebuilds one from the
'|' lines and records, on each cell, the rules it needed to place it. ``assemble`` (in
``kg.readers.assemble``) turns either grid into the model, so both formats share one meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.model import DefinitionEntry, Footnote, PeriodType, QName, Resolution, Uncertainty


@dataclass(frozen=True, slots=True)
class GridColumn:
    """A data column's header: the group text above it and its own lines (date, members, unit)."""

    group: str | None  # "12 Months Ended", or None for an ungrouped (instant) column
    lines: tuple[str, ...]  # as printed: date first, then member and unit labels, or "Total"
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GridCell:
    """One non-empty data cell."""

    column: int  # 1-based
    text: str  # as printed, whitespace-normalised
    line: int
    footnotes: tuple[int, ...] = ()
    is_text: bool | None = None  # HTML class "text" (True) or "num"/"nump" (False); None unknown
    is_nil: bool = False  # HTML shows nil as a lone space
    is_text_block: bool = False
    unit_category: str | None = None  # "monetary", "per-share", "shares", "pure", "other"
    custom_unit: str | None = None  # the name of an "other" unit, e.g. "Vendor"
    uncertainties: tuple[Uncertainty, ...] = ()


@dataclass(frozen=True, slots=True)
class GridRow:
    label: str  # whitespace-normalised, as printed
    line: int
    cells: tuple[GridCell, ...] = ()
    element: QName | None = None  # from the HTML onclick defref_
    defref: str | None = None  # the raw defref id (segment rows: "axis=member")
    is_abstract: bool | None = None  # HTML <strong>; None when the source cannot say
    is_segment: bool | None = None  # HTML class "rh"
    is_balance: bool | None = None  # HTML class "rc" (equity start/end rows)
    footnotes: tuple[int, ...] = ()  # row-level footnotes
    period_type: PeriodType | None = None  # the element's, where the source tells
    is_period_start: bool = False  # a beginning balance under a duration column
    # Text rows: the label names a balance (cues.names_a_balance), for when nothing says the
    # element's period type.
    names_a_balance: bool = False
    entry: int | None = None  # the position of the row's element entry in the definitions block
    resolution: Resolution | None = None  # how a text row got its element (kg.taxonomy)


@dataclass(slots=True)
class Grid:
    """Everything one R page shows, in page order."""

    source_path: str
    source_sha256: str
    media_type: str
    title_lines: tuple[str, ...] = ()  # the top-left cell: report name, then rounding option
    columns: list[GridColumn] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    definitions: list[DefinitionEntry] = field(default_factory=list)
    renderer_version: str | None = None
    warnings: list[str] = field(default_factory=list)

    def element_details(self) -> dict[QName, DefinitionEntry]:
        """The page's definition entries of elements (not members), by element: what the page
        says of a row's element (its Details)."""
        return {e.qname: e for e in self.definitions if not e.is_member and e.qname}


# A reader's note on one place of its page starts with it: "line 12: ..."
_LINE_NOTE = re.compile(r"^line (\d+):")


def move_lines(grid: Grid, lines: int) -> None:
    """Number the grid's lines ``lines`` further on: a page read from within a file of
    several keeps the file's line numbers (its rows, cells, definitions and notes)."""
    if not lines:
        return
    grid.rows = [
        replace(
            row,
            line=row.line + lines,
            cells=tuple(replace(cell, line=cell.line + lines) for cell in row.cells),
        )
        for row in grid.rows
    ]
    grid.definitions = [
        entry if entry.line is None else replace(entry, line=entry.line + lines)
        for entry in grid.definitions
    ]
    grid.warnings = [
        _LINE_NOTE.sub(lambda found: f"line {int(found.group(1)) + lines}:", note)
        for note in grid.warnings
    ]
