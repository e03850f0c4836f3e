"""The '|' text form of an R page, cut into cells and sections.

trafilatura writes every table cell as a line starting with '|'; a cell whose HTML held several
<div>s or lines continues on following lines without '|'. Header cells are <div>-wrapped, so
they show as a bare '|' followed by their lines; body labels and values sit on the '|' line.

Sections, in page order: the header (title cell, group cells, column cells), the body rows,
the footnote legend ("[n]" then its text), and the definitions block, which starts at the first
"X" cell followed by a "- Definition" / "- References" / "- Details" toggle (section 8 rule 1 of
the format reference). Some pages come without the table at all: trafilatura kept only one
definition (its "main content"); those start straight with a toggle line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.cells import is_footnote_marker, looks_like_value, normalize_space

_TOGGLE = re.compile(r"^[-+] (Definition|References|Details)$")


@dataclass(frozen=True, slots=True)
class TextCell:
    """One '|' cell: the text on its '|' line and the lines that continue it."""

    text: str
    line: int  # 1-based line of the '|'
    extra: tuple[str, ...] = ()

    @property
    def bare(self) -> bool:
        return not self.text

    @property
    def lines(self) -> tuple[str, ...]:
        return ((self.text,) if self.text else ()) + self.extra


@dataclass(slots=True)
class Sections:
    """A page's cells by section; ``preamble`` holds lines before the first '|'."""

    preamble: list[tuple[int, str]] = field(default_factory=list)
    table: list[TextCell] = field(default_factory=list)
    legend: list[tuple[TextCell, TextCell]] = field(default_factory=list)
    definitions: list[TextCell] = field(default_factory=list)


def tokenize(text: str) -> tuple[list[tuple[int, str]], list[TextCell]]:
    """Split the text into lines before the first '|' and the '|' cells."""
    preamble: list[tuple[int, str]] = []
    cells: list[TextCell] = []
    current: tuple[str, int, list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if line.startswith("|"):
            if current is not None:
                cells.append(TextCell(current[0], current[1], tuple(current[2])))
            current = (normalize_space(line[1:]), number, [])
            continue
        content = normalize_space(line)
        if current is None:
            if content:
                preamble.append((number, content))
        elif content:
            current[2].append(content)
    if current is not None:
        cells.append(TextCell(current[0], current[1], tuple(current[2])))
    return preamble, cells


def split_sections(text: str) -> Sections:
    preamble, cells = tokenize(text)
    sections = Sections(preamble=preamble)
    start = _definitions_start(cells)
    sections.definitions = cells[start:]
    table = cells[:start]
    legend_start = _legend_start(table)
    sections.legend = [(table[i], table[i + 1]) for i in range(legend_start, len(table) - 1, 2)]
    sections.table = table[:legend_start]
    return sections


def _definitions_start(cells: list[TextCell]) -> int:
    for index, cell in enumerate(cells):
        if cell.text != "X":
            continue
        if cell.extra and _TOGGLE.match(cell.extra[0]):
            return index
        following = cells[index + 1] if index + 1 < len(cells) else None
        if following is None or following.text == "X":
            return index
    return len(cells)


def _legend_start(table: list[TextCell]) -> int:
    """Where the footnote legend starts: trailing pairs of "[n]" and note text, n = 1..K."""
    start = len(table)
    expected: int | None = None
    index = len(table) - 2
    while index >= 0:
        marker, note = table[index], table[index + 1]
        if not (is_footnote_marker(marker.text) and marker.text.count("[") == 1):
            break
        if is_footnote_marker(note.text) or looks_like_value(note.text) or not note.lines:
            break
        number = int(marker.text.strip("[]"))
        if expected is not None and number != expected:
            break
        start = index
        expected = number - 1
        index -= 2
    if start < len(table) and expected != 0:
        return len(table)  # not a complete legend 1..K: those were ordinary cells
    return start


def is_toggle(line: str) -> bool:
    return bool(_TOGGLE.match(line))
