"""The '|' text of trafilatura 1.6.1 and earlier: every cell between a pair of bars.

Those versions write a cell as '|', its own text and '|' ("|Net sales|"), a row's cells on one
line ("|Net sales||$ 95,359||$ 90,753|"), and the lines of a cell's <div>s after its closing
bar: a header cell is a '|' line and a '|' line, then its date and unit lines. They drop empty
cells, as 1.8.0 does. A cell starts at its opening bar and every line up to the next opening
bar is its own, as in 1.8.0, so ``paired_bar_lines`` writes the text as 1.8.0 does (which
only leaves the closing bars out) and one reader serves both.

A bar inside a cell has a space on each side ("Environmental | Minimum", "... reached | site").
Of the others, a bar with text right after it opens a cell, one with text right before it
closes one, and one between two bars or the ends of its line does the other of what the bar
before it did.

trafilatura 1.3 and earlier write <div>-wrapped cells without their bars: the header's (the
title's lines, then the group row "|3 Months Ended||12 Months Ended|", then every column's
lines one after the other) and a text block's (its lines after its label's line). A column's
lines start with its date (format reference 2.3), so the columns part there; columns without
dates (a statement of equity's members) part only when each takes one line, as many lines as
the widest row has values. Otherwise the columns cannot be told apart and ``unsplit_header``
says so. 1.4.0 and earlier also drop a member's "- Details" toggle (``kg.readers.rtext_defs``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.cells import is_footnote_marker, parse_date, parse_group_months
from kg.readers.titles import is_rounding_line

# "|Net sales||$ 95,359|", "|3 Months Ended||6 Months Ended|": a row's cells on one line.
_PAIRED_ROW = re.compile(r"^\|[^\s|][^|]*\|\|")
_TOGGLE_CELL = re.compile(r"^\|X\|$")  # a definition's "X", closed (1.8.0: "|X")


def paired_bars(text: str) -> bool:
    """Whether the text is trafilatura 1.6.1's or earlier's (see the module)."""
    return any(_PAIRED_ROW.match(line) or _TOGGLE_CELL.match(line) for line in text.splitlines())


@dataclass(frozen=True, slots=True)
class UnsplitHeader:
    """Why a 1.3 text's column cells cannot be told apart, at its first column line."""

    line: int
    reason: str


def paired_bar_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines as trafilatura 1.8.0 writes them, each with its line's number: a cell
    on a line of its own, opened by '|', the lines after it without one."""
    lines = _converted(text)
    return _opened_cells(text) if isinstance(lines, UnsplitHeader) else lines


def unsplit_header(text: str) -> UnsplitHeader | None:
    """Why the text's header cannot be read (1.3 and earlier), if it cannot."""
    lines = _converted(text)
    return lines if isinstance(lines, UnsplitHeader) else None


def _converted(text: str) -> list[tuple[int, str]] | UnsplitHeader:
    lines = _opened_cells(text)
    if lines and not lines[0][1].startswith("|"):  # 1.3 and earlier: the header has no bars
        return _bare_header(lines)
    return lines


def _opened_cells(text: str) -> list[tuple[int, str]]:
    """The lines with every cell opened by '|' on a line of its own, the closing bars gone."""
    lines: list[tuple[int, str]] = []
    opened = False  # the last bar opened a cell
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        bars = _cell_bars(line)
        # pieces[0] is the text before the first bar, pieces[k + 1] the text after bar k
        pieces = [line[a + 1 : b] for a, b in zip([-1, *bars], [*bars, len(line)], strict=True)]
        if pieces[0].strip():
            lines.append((number, pieces[0]))
        for k, position in enumerate(bars):
            opened = _opens(line, position, opened)
            if opened:
                lines.append((number, "|" + pieces[k + 1]))
            elif pieces[k + 1].strip():
                lines.append((number, pieces[k + 1]))
    return lines


def _bare_header(lines: list[tuple[int, str]]) -> list[tuple[int, str]] | UnsplitHeader:
    """1.3's lines with the header's bare cells opened: the title (its name and rounding
    lines), then each column; and the body's text blocks."""
    first_bar = next((k for k, (_, text) in enumerate(lines) if text.startswith("|")), len(lines))
    title = 2 if first_bar > 1 and is_rounding_line(lines[1][1]) else 1
    out = [(lines[0][0], "|"), *lines[:title]]
    columns = lines[title:first_bar]  # no group row: the columns follow the title
    k = first_bar
    while k < len(lines) and _is_group_cell(lines[k][1]):
        out.append(lines[k])
        k += 1
    while k < len(lines) and (not lines[k][1].startswith("|") or _is_marker_cell(lines[k][1])):
        columns.append(lines[k])  # column lines, and the footnote marker after a column
        k += 1
    opened = _open_columns(columns, _widest_row(lines[k:]))
    if isinstance(opened, UnsplitHeader):
        return opened
    return [*out, *opened, *_open_text_blocks(lines[k:])]


def _open_text_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """1.3's body with each text block's bare lines opened as its value cell: lines after a
    label alone on its line, up to the definitions block (where they are an entry's)."""
    cells_on: dict[int, int] = {}
    for number, text in lines:
        cells_on[number] = cells_on.get(number, 0) + text.startswith("|")
    out: list[tuple[int, str]] = []
    label_alone = False  # the last cell is a row label alone on its line
    in_definitions = False
    for number, text in lines:
        if text.startswith("|"):
            in_definitions = in_definitions or text == "|X"
            label_alone = cells_on[number] == 1 and not in_definitions
        elif label_alone:
            out.append((number, "|"))
            label_alone = False
        out.append((number, text))
    return out


def _open_columns(
    lines: list[tuple[int, str]], width: int
) -> list[tuple[int, str]] | UnsplitHeader:
    """The column lines with a '|' before each column's first line."""
    bare = [(number, text) for number, text in lines if not text.startswith("|")]
    if not bare:
        return lines
    dated = [parse_date(text) is not None for _, text in bare]
    if any(dated):
        if not dated[0]:
            return UnsplitHeader(bare[0][0], "a column's lines before the first date")
        starts = {(number, text) for (number, text), date in zip(bare, dated, strict=True) if date}
    elif len(bare) == width:
        starts = set(bare)
    else:
        return UnsplitHeader(
            bare[0][0],
            f"{len(bare)} lines of column labels, no dates among them, and rows of {width} values",
        )
    out: list[tuple[int, str]] = []
    for number, text in lines:
        if (number, text) in starts:
            out.append((number, "|"))
        out.append((number, text))
    return out


def _widest_row(lines: list[tuple[int, str]]) -> int:
    """The most values a body line holds (its cells after the label, footnote markers not
    counted)."""
    cells: dict[int, int] = {}
    for number, text in lines:
        if text.startswith("|") and not _is_marker_cell(text):
            cells[number] = cells.get(number, 0) + 1
    return max(cells.values(), default=1) - 1


def _is_group_cell(text: str) -> bool:
    return text.startswith("|") and parse_group_months(text[1:]) is not None


def _is_marker_cell(text: str) -> bool:
    return text.startswith("|") and is_footnote_marker(text[1:])


def _cell_bars(line: str) -> list[int]:
    """Where the line's bars open or close a cell: all but those with a space each side."""
    return [
        i
        for i, char in enumerate(line)
        if char == "|" and not (line[i - 1 : i] == " " and line[i + 1 : i + 2] == " ")
    ]


def _opens(line: str, position: int, opened: bool) -> bool:
    """Whether the bar at ``position`` opens a cell (``opened``: the bar before it did)."""
    text_after = line[position + 1 : position + 2] not in ("", "|", " ")
    text_before = line[position - 1 : position] not in ("", "|", " ") if position else False
    if text_after != text_before:
        return text_after
    return not opened
