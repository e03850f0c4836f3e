"""trafilatura 1.9's '|' text: one line per table row, its cells closed by " |".

1.9 writes a row as "Net income | $ 1,363,011 | $ 1,506,980 |" (empty cells dropped, as 1.8
does), a cell that spans lines as its lines and then a lone '|' ("Nov. 02, 2019" then "|"),
and a "---|---|" line under each header row. That is trafilatura 1.8.1's form with the cells
of a row on one line, so the rows are cut back into 1.8.1's lines ("Net income|", "$
1,363,011|", ...) and read as 1.8.1's text (``kg.readers.rtext_cells``).

A label's unit suffix ("Granted (in shares) | shares", "Positions eliminated | position |
625 |") stays with the label. The cut is ambiguous in one place: a member path ("Cost
Reduction Actions | Industrial Gases - Americas |") is written like a label with a text value
("Entity Registrant Name | Tesla, Inc. |"). A row of labels only is taken for a member path
when the row after it restarts the table's headings (an "[Abstract]" or "[Line Items]" row, as
they do under each segment), else for a label and its values.
"""

from __future__ import annotations

import re

from kg.cells import is_footnote_marker, looks_like_value
from kg.readers.cues import is_unit_word

_SEPARATOR = re.compile(r"^-{3,}\|(?:-{3,}\|)*\s*$")
_OPENED_CELL = re.compile(r"^\|[^\s|-]")
_TIGHT_CLOSE = re.compile(r"^(?!-{3,}\|).*[^\s|]\|\s*$")  # "Revenues|"
_CELL_END = " |"
_CLOSED = re.compile(r"^.*\S \|\s*$")
_HEADING = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table)\]\s*\|?\s*$|:\s*\|?\s*$")


def one_line_rows(text: str) -> bool:
    """Whether the text is trafilatura 1.9's: cells closed by " |" (or "---|" lines with no
    leading '|'), no run of '|' (1.10 and later pad rows with "||"), no cell opened by '|'
    (1.8 and earlier) and a lone '|' before any "| a | b |" row (trafilatura 2 starts with
    one; 1.9 writes such rows only inside a disclosure, for its own tables)."""
    closed = False
    first_bar = True
    for line in text.splitlines():
        if "||" in line or _OPENED_CELL.match(line) or _TIGHT_CLOSE.match(line):
            return False  # padded rows (1.10 and later), cells opened by '|' (1.8 and earlier)
            # or closed by it with no space (1.8.1)
        if line.startswith("|"):
            if first_bar and line.rstrip() != "|":
                return False  # trafilatura 2: the table's first line is a "| a | b |" row
            first_bar = False
        closed = closed or bool(_SEPARATOR.match(line) or _CLOSED.match(line))
    return closed


def closing_bar_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines with each row cut into 1.8.1's cell lines, each with the number of
    the line it came from."""
    return [(number, line) for line, number in _cut(text.splitlines())]


def _cut(lines: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    rows = [i for i, line in enumerate(lines) if not _SEPARATOR.match(line)]
    for position, index in enumerate(rows):
        line = lines[index].rstrip()
        number = index + 1
        if line == "|" or (" | " not in line and not line.endswith(_CELL_END)):
            out.append((line, number))
            continue
        closed = line.endswith(_CELL_END) or line.endswith("|")
        parts = (line[: -len(_CELL_END)] if line.endswith(_CELL_END) else line).split(" | ")
        while len(parts) > 1 and _unit_suffix(parts):  # "Granted (in shares) | shares"
            parts[:2] = [f"{parts[0]} | {parts[1]}"]
        following = lines[rows[position + 1]] if position + 1 < len(rows) else ""
        if closed and _member_path(parts, following):
            out.append((" | ".join(parts) + "|", number))
            continue
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            out.append((part if last and not closed else part + "|", number))
    return out


def _unit_suffix(parts: list[str]) -> bool:
    """Whether the row's second cell is its label's unit suffix: a unit word, or any word
    before the values ("Number of positions eliminated | position | 625 |")."""
    second = parts[1]
    if is_unit_word(second):
        return True
    if looks_like_value(second) or is_footnote_marker(second):
        return False
    return any(looks_like_value(part) for part in parts[2:])


def _member_path(parts: list[str], following: str) -> bool:
    """A row of labels only, over a row that restarts the headings (see the module doc)."""
    if len(parts) < 2:
        return False
    if any(looks_like_value(part) or is_footnote_marker(part) for part in parts[1:]):
        return False
    return bool(_HEADING.search(following.strip()))
