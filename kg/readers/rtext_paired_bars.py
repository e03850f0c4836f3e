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
"""

from __future__ import annotations

import re

# "|Net sales||$ 95,359|", "|3 Months Ended||6 Months Ended|": a row's cells on one line.
_PAIRED_ROW = re.compile(r"^\|[^\s|][^|]*\|\|")
_TOGGLE_CELL = re.compile(r"^\|X\|$")  # a definition's "X", closed (1.8.0: "|X")


def paired_bars(text: str) -> bool:
    """Whether the text is trafilatura 1.6.1's or earlier's (see the module)."""
    return any(_PAIRED_ROW.match(line) or _TOGGLE_CELL.match(line) for line in text.splitlines())


def paired_bar_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines as trafilatura 1.8.0 writes them, each with its line's number: a cell
    on a line of its own, opened by '|', the lines after it without one."""
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
