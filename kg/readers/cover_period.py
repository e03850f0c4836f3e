"""The period of a note page whose header trafilatura dropped, from its filing's cover page.

trafilatura's fallback sometimes keeps a note page's disclosure and loses everything above
its row label: title, column header, period. The disclosure is still read
(``kg.readers.rtext``), into one column of unknown period. Filers report their text blocks
for the document's period, the period of the cover page's "Document Type": in the eight
XBRL instances of the shared data (seven filers, 2010 to 2024), 474 of 474 text blocks carry
that context's period (19 of them with a member as well), and on the shared R pages with
their cover beside them 24 of 24 text-block pages head their column with the cover's.

EdgarRenderer writes the cover page first, as R1. A page named like ``R10.txt`` or
``tsla__10k-2021_R37.precision.txt`` finds its cover beside it, under the same name with page
number 1 (``R1.txt``, ``tsla__10k-2021_R1.precision.txt``). Its disclosures are dated by that
cover's document-period column and marked ``Uncertainty.PERIOD_FROM_COVER``: the period is the
filing's, and a member the lost header named (a rare text block has one) stays unknown. The
same cover names the filing every page beside it belongs to (``kg.build.cover_beside``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from kg.cells import parse_date, parse_group_months
from kg.model import ReportKind, Uncertainty
from kg.readers.grid import Grid, GridColumn
from kg.readers.titles import report_kind, split_title

# A page number in a file name: "R10" in "R10.txt", "apd__10k-2018_R10.precision.txt",
# "aapl_R10.htm", "r10-text.txt": an R page's number, however saved.
_PAGE_NUMBER = re.compile(r"(?<![A-Za-z0-9])[Rr](\d+)(?=[._-])")
_DOCUMENT_TYPE = "document type"


def undated_block_column(grid: Grid) -> int | None:
    """The 1-based column of a text grid's disclosures that no header dates, if it has one."""
    headless = [i for i, c in enumerate(grid.columns, 1) if c.group is None and not c.lines]
    if grid.media_type != "text/plain" or not headless:
        return None
    blocks = {c.column for row in grid.rows for c in row.cells if c.is_text_block}
    return next((index for index in headless if index in blocks), None)


def cover_page_path(path: str) -> Path | None:
    """The cover page of a page's filing: the file beside it of the same name with page
    number 1 (the page itself, if it is that), if it exists."""
    page = Path(path)
    numbers = list(_PAGE_NUMBER.finditer(page.name))
    if not numbers:
        return None
    number = numbers[-1]
    cover = page.with_name(page.name[: number.start(1)] + "1" + page.name[number.end(1) :])
    return cover if cover.is_file() else None


def document_period_column(cover: Grid) -> GridColumn | None:
    """The header of a cover page's "Document Type" column, if the grid is a cover page and
    that column is a dated "N Months Ended" column."""
    title = split_title(cover.title_lines)
    if report_kind(title.short_name if title else None) is not ReportKind.COVER:
        return None
    for row in cover.rows:
        if row.label.strip().lower() != _DOCUMENT_TYPE:
            continue
        for cell in row.cells:
            column = cover.columns[cell.column - 1]
            if (
                column.group is not None
                and parse_group_months(column.group) is not None
                and column.lines
                and parse_date(column.lines[0]) is not None
            ):
                return GridColumn(column.group, column.lines[:1])
    return None


def date_blocks(grid: Grid, index: int, period: GridColumn) -> None:
    """Give column ``index`` the cover's header, and its cells the mark that says so."""
    grid.columns[index - 1] = period
    grid.rows = [
        replace(
            row,
            cells=tuple(
                replace(c, uncertainties=(*c.uncertainties, Uncertainty.PERIOD_FROM_COVER))
                if c.column == index
                else c
                for c in row.cells
            ),
        )
        for row in grid.rows
    ]
