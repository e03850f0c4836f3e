"""trafilatura 1.10 to 2.0 with favor_precision: the report table a cell per line.

Those versions write each cell on its own line, closed by " |" ("Revenues |", "$ 53,823 |"),
an empty cell as a lone '|', a cell of several lines (a column's date, members and unit) as
its lines and then a lone '|'; the title is joined to its rounding ("... - USD ($) shares in
Millions, $ in Millions |"), or, with none, closed by a lone '|' on the next line; 2.0 also
puts "| " before each row's label ("| Revenues |").
Without favor_precision they write a row per line (``kg.readers.rtext_rows``), but for a few
pages this form too ("$ 137,088" and a lone '|' closing it).

A disclosure whose text holds tables (a "(Tables)" page's text blocks) is one cell of several
lines closed by a lone '|': its paragraphs, and its tables' rows with their empty cells
(1.10: "Automotive sales | $ | 65,821 | | |", a row a line; 1.12 and 2.0: the paragraph and
all its rows on one line). It is read from its first line (a sentence, then the empty cells
of its first table's first row) to the lone '|', and its rows are cut into cells as 1.8.1
writes a disclosure's tables.

The header's column cells and the rows' cells look alike, so the number of columns N is the
one under which the body tiles into rows of a label and N cells (a label is never empty; an
empty cell often is), the first label not being a column's date, member or unit. The lines
are then rewritten as trafilatura 1.8.1 writes them (``kg.readers.rtext_cells``) and read so:
empty cells dropped, the columns of short rows chosen by the placement search.
"""

from __future__ import annotations

import itertools
import re

from kg.cells import looks_like_value, parse_date, parse_group_months
from kg.readers.rtext_rows import OLD_SEPARATOR, closing_bar_lines_of
from kg.readers.titles import split_title_cell
from kg.units import read_unit_label

_CLOSE = " |"
_DEFINITIONS = re.compile(r"^(?:\| )?X \|")  # an entry's "X |" (padded in 1.12: "X | |||")
_TOGGLE = re.compile(r"^[-+] (?:Definition|References|Details)\b")
_MEMBER = re.compile(r"\[member\]$|^total$", re.IGNORECASE)
_SENTENCE_WORDS = 6
_OPENED_CELL = re.compile(r"^\|[^\s|]")  # 2.0 writes "| " before a label, never "|Label"

# A cell: the number of its first line and its lines (none for an empty cell).
_Cell = tuple[int, tuple[str, ...]]


def cells_per_line(text: str) -> bool:
    """Whether the text's report table is written a cell per line (see the module)."""
    first_lines = itertools.islice((line for line in text.splitlines() if line.strip()), 2)
    if not _opens_with_title_cell(list(first_lines)):
        return False  # most texts, told at their first lines
    lines = _table_lines(text.splitlines())
    if not lines or not _opens_with_title_cell([line for _, line in lines[:2]]):
        return False
    bars = 0
    in_disclosures = _disclosure_lines(lines)
    for number, line in lines:
        if number in in_disclosures:
            continue
        if OLD_SEPARATOR.match(line) or line.startswith("|-") or "||" in line:
            return False  # a separator, a row padded with its empty cells: 1.9 to 2.0's default
        if _OPENED_CELL.match(line):
            return False  # "|Net sales": 1.8.0 opens its cells (a line before its title cell)
        if _row_of_values(line):
            return False  # a row of cells on one line
        bars += line == "|"
    return bars > 0 and _layout(_cells(lines, in_disclosures)) is not None


def _opens_with_title_cell(first_lines: list[str]) -> bool:
    """Whether the text opens with a title cell closed as these versions close it: on its
    line, joined to its rounding ("... - USD ($) $ in Millions |"), or, with no rounding, by
    a lone '|' on the next (1.x texts open their cells with '|' instead)."""
    first, second = [*(line.rstrip() for line in first_lines), "", ""][:2]
    return first.endswith(_CLOSE) or (second == "|" and not first.startswith("|"))


def _row_of_values(line: str) -> bool:
    """A label and its values on one line ("Net income | $ 1,363,011 |"); a member path
    ("Money market funds | Level 1 |") is one cell."""
    parts = line.removesuffix(_CLOSE).split(" | ")
    return any(looks_like_value(part) for part in parts[1:])


def cell_line_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines as trafilatura 1.8.1 writes them, each with its line's number."""
    lines = text.splitlines()
    table = _table_lines(lines)
    cells = _cells(table, _disclosure_lines(table))
    layout = _layout(cells)
    if layout is None:  # not this form (``cells_per_line`` says so first)
        return closing_bar_lines_of(list(enumerate(lines, start=1)))
    groups_end, columns_end = layout
    number, title = cells[0]
    out = [(number, part) for part in split_title_cell(" ".join(title))]
    out.append((number, "|"))
    for number, group in cells[1:groups_end]:
        if group:
            out.append((number, " ".join(group) + "|"))
    for number, column in cells[groups_end:columns_end]:
        out.extend((number, line) for line in column)
        out.append((number, "|"))
    for number, cell in cells[columns_end:]:
        if any(_opens_disclosure(line) for line in cell):
            out.extend((number, line) for line in _disclosure_as_cells(cell))
        elif cell:
            out.extend((number, line) for line in cell[:-1])
            out.append((number, cell[-1] + "|"))
    end = next((i for i, line in enumerate(lines) if _ends_table(line.rstrip())), len(lines))
    return out + closing_bar_lines_of(list(enumerate(lines, start=1))[end:])


def _table_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The report table's lines (before the definitions), 2.0's "| " before a row's label
    taken off, each with its number."""
    table = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if _ends_table(line):
            break
        if line.startswith("| ") and line.endswith(_CLOSE):
            line = line[2:]
        if line:
            table.append((number, line))
    return table


def _ends_table(line: str) -> bool:
    """The definitions start: an entry's "X |" or a toggle."""
    return bool(_DEFINITIONS.match(line) or _TOGGLE.match(line))


def _cells(lines: list[tuple[int, str]], in_disclosures: set[int]) -> list[_Cell]:
    """The lines' cells; the lines ``in_disclosures`` (``_disclosure_lines``) are held in
    their disclosure's cell whatever they end with."""
    cells: list[_Cell] = []
    held: list[str] = []
    first = 0
    for number, line in lines:
        if not held:
            first = number
        if line == "|":
            cells.append((first, tuple(held)))
            held = []
        elif number in in_disclosures:
            held.append(line.strip())
        elif line.endswith(_CLOSE):
            cells.append((first, (*held, line[: -len(_CLOSE)].strip())))
            held = []
        else:
            held.append(line.strip())
    if held:
        cells.append((first, tuple(held)))
    return cells


def _opens_disclosure(line: str) -> bool:
    """The first line of a disclosure that holds tables: a sentence, then the empty cells of
    its first table's first row ("The following table ... (in millions): | | |"). No row of a
    row-per-line text: a label with its values ("Issuance costs | $ 68 | |"), a column's
    header ("12 Months Ended | |") or a row padded as "| |||"."""
    parts = [part.strip() for part in line.split("|")]
    return (
        len(parts) > 2
        and len(parts[0].split()) >= _SENTENCE_WORDS
        and not parts[1]
        and "||" not in line
    )


def _disclosure_lines(lines: list[tuple[int, str]]) -> set[int]:
    """The numbers of the lines inside disclosures that hold tables: from the line that opens
    one to the lone '|' that closes the disclosure's cell."""
    inside: set[int] = set()
    open_block = False
    for number, line in lines:
        if line == "|":
            open_block = False
        elif open_block or _opens_disclosure(line):
            open_block = True
            inside.add(number)
    return inside


def _disclosure_as_cells(cell: tuple[str, ...]) -> list[str]:
    """A disclosure's lines as 1.8.1 writes them: its paragraphs as they are, each cell of
    its tables closed by '|' ("Automotive sales|", "$|", "65,821|"). A line's first part is
    a paragraph when an empty cell follows it ("... (in millions): | | |")."""
    out: list[str] = []
    for line in cell:
        parts = [part.strip() for part in line.removesuffix("|").split("|")]
        if parts and parts[0] and (len(parts) == 1 or not parts[1]):
            out.append(parts.pop(0))
        out.extend(part + "|" for part in parts if part)
    return out


def _layout(cells: list[_Cell]) -> tuple[int, int] | None:
    """Where the group cells end and where the column cells end (cell indexes), or None when
    no number of columns makes the body a run of rows."""
    if len(cells) < 3:
        return None
    groups_end = 1
    while groups_end < len(cells) and (
        not cells[groups_end][1] or parse_group_months(" ".join(cells[groups_end][1])) is not None
    ):
        groups_end += 1
    if not any(parse_group_months(" ".join(c)) is not None for _, c in cells[1:groups_end]):
        groups_end = 1  # no group row: empty cells there would be columns' (none are)
    for columns_end in range(groups_end + 1, len(cells) + 1):
        header = cells[groups_end:columns_end]
        if not all(lines for _, lines in header):
            return None  # a column cell is never empty
        if _tiles(cells[columns_end:], len(header)):
            return groups_end, columns_end
    return None


def _tiles(body: list[_Cell], width: int) -> bool:
    """Whether the body is rows of a label and ``width`` cells (the last row may be cut
    short), its first label no column's date, member or unit."""
    if not body or _column_like(body[0][1]):
        return False
    return all(body[k][1] for k in range(0, len(body), width + 1))


def _column_like(lines: tuple[str, ...]) -> bool:
    return any(parse_date(line) or _MEMBER.search(line) or read_unit_label(line) for line in lines)
