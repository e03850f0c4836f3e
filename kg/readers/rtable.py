"""Read the markdown-table text form of an R page (trafilatura 2.x) into a grid.

trafilatura 2 writes a table row per line, ``| label | cell | cell |``, empty cells kept, a
``|---|`` line under the first row and ``\\|`` for a '|' inside a cell. So, unlike the one-cell-
per-line text of trafilatura 1.x (``kg.readers.rtext``), every value's column is known: the
short-row placement search is not needed, and only the units of unsymbolled values are left to
decide. The header rows join a cell's lines with spaces (title and rounding, date, members and
units), which are split back here. The definitions block keeps each element's Details (name,
data type, balance and period type) and a member entry's axis=member name.

What a label-only row is (abstract, segment title, all-nil row) stays as undecided as in 1.x
and is decided by the same rules (``kg.readers.rtext.BodyReader``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kg.cells import (
    footnote_numbers,
    is_footnote_marker,
    looks_like_value,
    normalize_space,
    parse_group_months,
)
from kg.errors import SourceError
from kg.model import DefinitionEntry, Footnote, PeriodType, QName, Reference
from kg.readers.column_groups import assign_groups
from kg.readers.cues import ABSTRACT_SUFFIX
from kg.readers.grid import Grid, GridColumn
from kg.readers.rtext import BodyReader, RawRow, label_member_entries
from kg.readers.rtext_cells import TextCell, is_toggle, tokenize
from kg.readers.rtext_defs import PLACEHOLDER, parse_preamble_definition
from kg.readers.rtext_rows import CLOSED_CELL, OLD_SEPARATOR, OPENED_CELL
from kg.readers.titles import report_kind, split_title, split_title_cell

_SEPARATOR = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_ROW = re.compile(r"^\| .*\|\s*$")
# A row of 1.9-2.0 (read by kg.readers.rtext_rows when the page is): cells closed by " |"
# ("Sales | $ 95,359 |"); in a text whose other cells open with '|', one cell closed so
# ("[1] |") is 1.x with include_formatting.
_OLD_ROW = re.compile(r"^.*\S \| .*\S \|\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# "[text](<url>)", or "[text](url)" whose url may hold one level of parentheses
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)\)")
_INLINE_HTML = re.compile(r"</?(?:sup|sub|u)>")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*\*|\*|`)")  # unescaped bold, italic and code marks
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_SQUEEZED = re.compile(r"(?<!\\)\|\|")
_DATE_PREFIX = re.compile(r"^(?:[A-Z][a-z]{2}\.?) {1,2}\d\d?, {1,2}\d{4}")
_GROUP_PREFIX = re.compile(r"^(\d+ Months? Ended) (.+)$")
_UNIT_LABEL = re.compile(r"^(?:[A-Z]{3} \([^)]*\)|\S+ / shares|shares|pure)(?= |$)")
_REFERENCE = re.compile(r" ?Reference \d+: ")
_REFERENCE_PART = re.compile(r" -(?=[A-Z][A-Za-z]* )")
_DETAIL_KEYS = {
    "Name:": "name",
    "Namespace Prefix:": "prefix",
    "Data Type:": "data_type",
    "Balance Type:": "balance",
    "Period Type:": "period_type",
}


def is_table_text(text: str) -> bool:
    """Whether '|' text is trafilatura 2's markdown tables: its first '|' line is a row of
    cells ("| a | b |") or a "|---|" line, where 1.x writes one cell per line ("|a")."""
    for line in text.splitlines():
        if line.startswith("|"):
            return bool(_SEPARATOR.match(line) or _ROW.match(line))
    return False


def old_table_line(text: str) -> int | None:
    """The line that shows a table as trafilatura 1.9-2.0 wrote it, if any: a "---|---|"
    line with no leading '|', a "|---|" line under a row with none, or a row of cells ending
    in '|' with none at its start. Those versions drop or move empty cells and break header
    cells over lines; neither reader takes them."""
    lines = text.splitlines()
    # 1.x text opens cells with '|' ("|Revenues"); with include_formatting a cell may also
    # close a line ("[1] |"), which alone is then no 1.9 row
    opens_cells = any(OPENED_CELL.match(line) for line in lines)
    old_row = _OLD_ROW if opens_cells else CLOSED_CELL
    previous = ""
    for number, line in enumerate(lines, start=1):
        if (
            OLD_SEPARATOR.match(line)
            or (_SEPARATOR.match(line) and previous and not previous.startswith("|"))
            or (line[:1] not in ("|", " ", "") and old_row.match(line))
        ):
            return number
        previous = line
    return None


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    cells: tuple[str, ...]
    squeezed: bool = False  # empty cells moved to the row's end ("||"): trafilatura 2.1


def next_table_page_line(text: str) -> int | None:
    """The line where another R page's table starts in the text, if one does (pages appended
    to one file): the row above a "|---|" line that is the text's second, or that follows
    the definitions' first row; or, after that first row, a row of two cells or more that
    is no entry's "X" or Details row (a table that kept no "|---|"). None of these occurs
    within one page: none of the shared pages' 2,630 markdown texts in any version holds
    one."""
    lines = text.splitlines()
    separators = [n for n, line in enumerate(lines, start=1) if _SEPARATOR.match(line)]
    starts = [n - 1 for n in separators[1:2]]  # the first row sits right above its "|---|"
    rows = _rows(text)
    first = next((row.line for row in rows if _starts_definitions(row)), None)
    if first is not None:
        starts += [n - 1 for n in separators if n > first][:1]
        starts += [row.line for row in rows if row.line > first and _is_table_row(row)][:1]
    return min(starts, default=None)


def _is_table_row(row: _Row) -> bool:
    """A row of a report table, not of a definitions block."""
    filled = [cell for cell in row.cells if cell]
    first = row.cells[0]
    return (
        len(filled) >= 2
        and first not in _DETAIL_KEYS
        and first != "X"
        and not first.startswith("[X]")
    )


def read_table_text_grid(text: str, *, path: str, sha256: str) -> Grid:
    """Parse an R page's markdown-table text into a grid. Raises ``SourceError``."""
    text = _LINK.sub(r"\1", text)  # include_links: "[Net sales](<javascript:void(0);>)"
    rows = _rows(text)
    grid = Grid(source_path=path, source_sha256=sha256, media_type="text/plain")
    start = next((i for i, row in enumerate(rows) if _starts_definitions(row)), len(rows))
    preamble, _ = tokenize(text)
    if preamble and is_toggle(preamble[0][1]):
        # trafilatura kept one element's definition, as lines, and its Details table
        cells = [TextCell(cell, row.line) for row in rows for cell in row.cells]
        grid.definitions = [parse_preamble_definition(preamble, cells)]
    else:
        grid.definitions = _definitions(rows[start:])
    table = rows[:start]
    if not table:
        grid.warnings.append(
            "the report table is missing from this text (trafilatura kept only element "
            "definitions): no facts"
        )
        return grid
    table, legend = _split_legend(table)
    grid.footnotes = [Footnote(footnote_numbers(r.cells[0])[0], r.cells[1]) for r in legend]
    # trafilatura 2.1 moves empty cells to the row's end: "||" somewhere in the text (2.2 and
    # later write no two bars together); a row with a single empty cell shows none itself
    positional = not any(row.squeezed for row in rows)
    header = _read_header(table) if positional else _squeezed_header(table)
    grid.title_lines = header.title_lines
    grid.columns = header.columns
    if not grid.columns:
        raise SourceError(path, "the header has no columns (truncated page?)", line=table[0].line)
    title = split_title(header.title_lines)
    kind = report_kind(title.short_name if title else None)
    reader = BodyReader(grid, kind, header.uncertain, members_listed=not _lossy(rows[start:]))
    text_blocks = reader.text_block_page()
    body = table[header.end :]
    rows_read = (
        _body_rows(body, header, text_blocks=text_blocks)
        if positional
        else _squeezed_rows(body, header, len(table[0].cells), text_blocks=text_blocks)
    )
    reader.read_rows(rows_read)
    label_member_entries(grid, title)
    return grid


def _lossy(definitions: list[_Row]) -> bool:
    """Whether trafilatura dropped entries from the definitions block (favor_precision does):
    an entry's "X" with nothing after it, before the next entry or at the end."""
    marks = [i for i, row in enumerate(definitions) if row.cells == ("X",)]
    return bool(marks) and (
        marks[-1] == len(definitions) - 1 or any(b == a + 1 for a, b in itertools.pairwise(marks))
    )


def _starts_definitions(row: _Row) -> bool:
    return [cell for cell in row.cells if cell] == ["X"] or row.cells[0] in _DETAIL_KEYS


def _rows(text: str) -> list[_Row]:
    rows = []
    lines = _joined_entry_cells(text.splitlines())
    for number, line in lines:
        if not line.startswith("|") or _SEPARATOR.match(line):
            continue
        after_bar = line.strip()[1:]
        closed = after_bar.endswith("|") and not after_bar.endswith("\\|")
        inner = after_bar[:-1] if closed else after_bar
        cells = tuple(normalize_space(_plain(cell)) for cell in _CELL_SPLIT.split(inner))
        rows.append(_Row(number, cells, bool(_SQUEEZED.search(after_bar))))
    return rows


def _joined_entry_cells(lines: list[str]) -> list[tuple[int, str]]:
    """The lines, each with its number, a definitions entry's cell as trafilatura 2.1 breaks
    it ("| ", "- Definition The aggregate ...", " | ") joined into one row ("| - Definition
    The aggregate ... |"), numbered by its text's first line."""
    joined: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        end = index + 1
        if lines[index].strip() == "|":  # a cell opened on its own line: where does it close?
            while end < len(lines) and not lines[end].lstrip().startswith("|"):
                end += 1
        inner = [line.strip() for line in lines[index + 1 : end] if line.strip()]
        if inner and end < len(lines) and lines[end].strip() == "|":
            joined.append((index + 2, f"| {' '.join(inner)} |"))
            index = end + 1
        else:
            joined.append((index + 1, lines[index]))
            index += 1
    return joined


def _plain(cell: str) -> str:
    """A cell's text without markdown: output_format="markdown" (or include_formatting) marks
    bold, italic and code ("**Revenues**"), writes superscripts as HTML ("<sup>\\[1\\]</sup>")
    and escapes markdown's special characters ("us-gaap\\_Revenues", "\\[Abstract\\]");
    the default text escapes only '|'."""
    cell = _INLINE_HTML.sub("", cell)
    cell = _EMPHASIS.sub("", cell)
    return _ESCAPED.sub(r"\1", cell)


def _split_legend(table: list[_Row]) -> tuple[list[_Row], list[_Row]]:
    """The footnote legend closes the table: rows "[n] | note", n = 1..K."""
    start = len(table)
    while (
        start > 1
        and len(table[start - 1].cells) == 2
        and is_footnote_marker(table[start - 1].cells[0])
        and table[start - 1].cells[0].count("[") == 1
    ):
        start -= 1
    legend = table[start:]
    numbers = [footnote_numbers(r.cells[0])[0] for r in legend]
    if numbers != list(range(1, len(numbers) + 1)):
        return table, []
    return table[:start], legend


# -- header -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    width: int  # cells per table row, the label's included
    title_lines: tuple[str, ...] = ()
    columns: list[GridColumn] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # each data column's cell position
    end: int = 1  # rows the header takes
    uncertain: set[int] = field(default_factory=set)  # 0-based columns of a guessed group


def _read_header(table: list[_Row]) -> _Header:
    first = table[0].cells
    header = _Header(width=len(first), title_lines=split_title_cell(first[0]))
    second = table[1].cells if len(table) > 1 else ()
    grouped = any(parse_group_months(cell) is not None for cell in first[1:]) and bool(second)
    if grouped:
        # The title cell spans both header rows: trafilatura pads the second row with an
        # empty cell for it, or (favor_precision) pads no spanning cell at all.
        cells = list(second[1:] if not second[0] else second)
        groups = list(first[1:])
    else:
        cells, groups = list(first[1:]), [""] * (len(first) - 1)
    header.end = 2 if grouped else 1
    if len(cells) == 1 and not grouped and (split := _GROUP_PREFIX.match(cells[0])):
        groups, cells = [split.group(1)], [split.group(2)]  # one column: group and date share it
    body = table[header.end :]
    # The first body row is the page table's (rows of a text block's own tables come later).
    physical = max(len(cells), len(body[0].cells) - 1 if body else 0)
    header.width = physical + 1
    if len(cells) == physical:
        lines, notes = _padded_columns(cells, body, header)
    else:
        lines, notes = _unpadded_columns(cells, body, header, physical)
    if len(groups) == physical:
        assigned, header.uncertain = _group_spans(groups, header.positions, lines)
    else:  # group cells not padded to their spans: read them as the 1.x text's
        texts = [group for group in groups if parse_group_months(group) is not None]
        assigned, header.uncertain = assign_groups(lines, texts)
    header.columns = [
        GridColumn(group, column_lines, column_notes)
        for group, column_lines, column_notes in zip(assigned, lines, notes, strict=True)
    ]
    return header


def _padded_columns(
    cells: list[str], body: list[_Row], header: _Header
) -> tuple[list[tuple[str, ...]], list[tuple[int, ...]]]:
    """A header cell per physical column: data columns, and footnote columns after them."""
    lines: list[tuple[str, ...]] = []
    notes: list[tuple[int, ...]] = []
    for offset, cell in enumerate(cells):
        position = offset + 1
        if lines and _is_footnote_column(cell, position, body):
            notes[-1] += footnote_numbers(cell)
            continue
        header.positions.append(position)
        lines.append(_column_lines(cell))
        notes.append(())
    return lines, notes


def _unpadded_columns(
    cells: list[str], body: list[_Row], header: _Header, physical: int
) -> tuple[list[tuple[str, ...]], list[tuple[int, ...]]]:
    """Fewer header cells than the body has columns: a column cell spans its footnote column
    too and was not padded. The data columns are those where the body holds values."""
    valued = [
        position
        for position in range(1, physical + 1)
        if any(
            position < len(row.cells)
            and row.cells[position]
            and not is_footnote_marker(row.cells[position])
            for row in body
        )
    ]
    header.positions = valued if len(valued) == len(cells) else list(range(1, len(cells) + 1))
    return [_column_lines(cell) for cell in cells], [() for _ in cells]


def _squeezed_header(table: list[_Row]) -> _Header:
    """trafilatura 2.1 moves a row's empty cells to its end: the header keeps its cells'
    order but not their spans, as the 1.x text (groups by ``assign_groups``)."""
    first = table[0].cells
    groups = [cell for cell in first[1:] if parse_group_months(cell) is not None]
    header = _Header(width=0, title_lines=split_title_cell(first[0]))
    header.end = 2 if groups and len(table) > 1 else 1
    cells = [cell for cell in (table[1].cells if header.end == 2 else first[1:]) if cell]
    lines: list[tuple[str, ...]] = []
    notes: list[tuple[int, ...]] = []
    for cell in cells:
        if lines and is_footnote_marker(cell):
            notes[-1] += footnote_numbers(cell)
            continue
        lines.append(_column_lines(cell))
        notes.append(())
    header.width = len(lines) + 1
    assigned, header.uncertain = assign_groups(lines, groups)
    header.columns = [
        GridColumn(group, column_lines, column_notes)
        for group, column_lines, column_notes in zip(assigned, lines, notes, strict=True)
    ]
    return header


def _is_footnote_column(cell: str, position: int, body: list[_Row]) -> bool:
    """A cell footnote's column (``td.fn``): no header text of its own, markers only."""
    if cell and not is_footnote_marker(cell):
        return False
    return all(
        not row.cells[position] or is_footnote_marker(row.cells[position])
        for row in body
        if position < len(row.cells)
    )


def _column_lines(cell: str) -> tuple[str, ...]:
    """A column cell's date, member labels and unit labels, which the cell joins with spaces."""
    lines: list[str] = []
    rest = cell
    if date := _DATE_PREFIX.match(rest):
        lines.append(date.group(0))
        rest = rest[date.end() :].strip()
    while rest:
        unit = _UNIT_LABEL.match(rest)
        if unit is not None:
            lines.append(unit.group(0))
            rest = rest[unit.end() :].strip()
            # After the first unit every label is a unit: custom ones are single words.
            lines.extend(_units_after(rest))
            break
        member, found, after = rest.partition("[Member]")
        if not found:
            lines.append(rest)
            break
        lines.append(member + found)
        rest = after.strip()
    return tuple(lines)


def _units_after(rest: str) -> list[str]:
    units = []
    while rest:
        unit = _UNIT_LABEL.match(rest)
        word = unit.group(0) if unit else rest.split(" ", 1)[0]
        units.append(word)
        rest = rest[len(word) :].strip()
    return units


def _group_spans(
    groups: list[str], positions: list[int], lines: list[tuple[str, ...]]
) -> tuple[list[str | None], set[int]]:
    """Each data column's "N Months Ended" group. A group's cell stands over its first column
    and is followed by empty cells for the rest of its span, so every span is exact but the
    last: after the last group come the ungrouped instants (format reference 2.2), and its
    empty cells may be either. Those columns are read by the 1.x text's rule."""
    assigned: list[str | None] = [None] * len(positions)
    last: tuple[int, str] | None = None  # the last group: its first column and text
    for index, position in enumerate(positions):
        text = groups[position - 1] if position - 1 < len(groups) else ""
        if parse_group_months(text) is not None:
            last = (index, text)
        assigned[index] = last[1] if last else None
    if last is None:
        return assigned, set()
    tail = list(range(last[0], len(positions)))
    tail_groups, tail_uncertain = assign_groups([lines[i] for i in tail], [last[1]])
    for index, group in zip(tail, tail_groups, strict=True):
        assigned[index] = group
    return assigned, {tail[i] for i in tail_uncertain}


# -- body -------------------------------------------------------------------------------------


def _body_rows(rows: list[_Row], header: _Header, *, text_blocks: bool) -> list[RawRow]:
    """The table's rows with each value in its column. On a page of text blocks (a note or
    policies page of one column), the rows of a disclosure's own tables, lists and headings
    follow its text block and fold back into it."""
    raw: list[RawRow] = []
    for row in rows:
        cells = list(row.cells)
        if text_blocks and _folds(raw, cells[0], cells[1:], header.width):
            _fold(raw[-1], cells)
            continue
        row_notes: tuple[int, ...] = ()
        if len(cells) == header.width + 1 and is_footnote_marker(cells[1]):
            row_notes = footnote_numbers(cells.pop(1))  # a note on every cell of the row
        if len(cells) > header.width:
            # A segment title's member path: its " | " was the cell separator.
            extra = len(cells) - header.width
            cells = [" | ".join(cells[: extra + 1]), *cells[extra + 1 :]]
        cells += [""] * (header.width - len(cells))
        raw.append(_raw_row(row.line, cells, row_notes, header))
    return raw


def _squeezed_rows(
    rows: list[_Row], header: _Header, physical: int, *, text_blocks: bool
) -> list[RawRow]:
    """Rows whose empty cells trafilatura 2.1 moved to the end: the values in order, their
    columns left to the placement search, as for the 1.x text.

    2.1 does not escape a '|' inside a cell either: a label's unit suffix ("Granted (in
    shares) | shares") or member path ("Environmental | Minimum") comes as two cells, and the
    row as more cells than the table's ``physical`` width. Its first cells are the label."""
    raw: list[RawRow] = []
    for row in rows:
        joined = max(1, len(row.cells) - physical + 1)
        label, rest = " | ".join(row.cells[:joined]), row.cells[joined:]
        filled = [cell for cell in rest if cell]
        if text_blocks and _folds(raw, label, filled, header.width):
            _fold(raw[-1], list(row.cells))
            continue
        result = RawRow(TextCell(label, row.line))
        for cell in filled:
            if is_footnote_marker(cell):
                if result.values:
                    result.value_notes[-1] += footnote_numbers(cell)
                else:
                    result.row_notes += footnote_numbers(cell)
                continue
            result.values.append(TextCell(cell, row.line))
            result.value_notes.append(())
        raw.append(result)
    return raw


_PROSE = 60  # characters: a text block's opening, longer than any cell of a table inside it


def _folds(raw: list[RawRow], label: str, values: list[str], width: int) -> bool:
    """Whether a row belongs to the text block the row before it holds: a list item or
    heading, a row of another width, or a short table row, rather than the page's next text
    block (long, or opening with its own label as a heading) or abstract."""
    if not raw or not raw[-1].values:
        return False
    last = raw[-1].values[-1]
    if not last.extra and looks_like_value(last.text):
        return False  # a value, not a text block
    if not any(c.isalpha() for c in label):
        return True
    if not any(values):
        return not ABSTRACT_SUFFIX.search(label)
    if len(values) != width - 1:
        return True
    return len(values[-1]) < _PROSE and not values[-1].startswith(label)


def _raw_row(line: int, cells: list[str], row_notes: tuple[int, ...], header: _Header) -> RawRow:
    result = RawRow(TextCell(cells[0], line), row_notes=row_notes, columns=[])
    for column, position in enumerate(header.positions, start=1):
        text = cells[position] if position < len(cells) else ""
        if not text:
            continue
        result.values.append(TextCell(text, line))
        result.value_notes.append(_cell_notes(cells, position, header))
        assert result.columns is not None
        result.columns.append(column)
    return result


def _cell_notes(cells: list[str], position: int, header: _Header) -> tuple[int, ...]:
    """The markers in the footnote columns between this column and the next."""
    following = [p for p in header.positions if p > position]
    end = following[0] if following else len(cells)
    return tuple(n for cell in cells[position + 1 : end] for n in footnote_numbers(cell))


def _fold(row: RawRow, cells: list[str]) -> None:
    text = " ".join(cell for cell in cells if cell)
    if text:
        last = row.values[-1]
        row.values[-1] = TextCell(last.text, last.line, (*last.extra, text))


# -- definitions ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Definition:
    line: int
    text: str | None = None
    references: tuple[Reference, ...] = ()
    members: bool = False  # a "- Details" entry: members, named axis=member


def _definitions(rows: list[_Row]) -> list[DefinitionEntry]:
    """Entries of the definitions block: an "X" row, the "- Definition" cell (documentation,
    then the references run together) or "- Details" (members), then one Details table per
    element or member, each starting with its "Name:" row."""
    entries: list[DefinitionEntry] = []
    current: _Definition | None = None
    tabled = False  # the current entry has had a Details table
    details: dict[str, str] | None = None
    for row in [*rows, _Row(0, ("X",))]:
        first = row.cells[0]
        value = row.cells[1] if len(row.cells) > 1 else ""
        key = _DETAIL_KEYS.get(first)
        if key is not None and key != "name":
            if details is not None:
                details[key] = value
            continue
        if current is not None and details is not None:
            entries.append(_entry(len(entries) + 1, current, details))
            tabled = True
        elif current is not None and first == "X" and not tabled:
            # trafilatura 2.1 writes no Details tables: an entry ends at the next "X"
            entries.append(_entry(len(entries) + 1, current, {}))
        details = {"name": value} if key == "name" else None
        if first.startswith("- Details"):
            current, tabled = _Definition(row.line, members=True), False
        elif first.startswith(("- Definition", "- References")):
            body = first.removeprefix("- Definition").removeprefix("- References").strip()
            current, tabled = _Definition(row.line, *_definition_text(body)), False
        elif first == "X":
            current = None
    return entries


def _definition_text(cell: str) -> tuple[str | None, tuple[Reference, ...]]:
    pieces = _REFERENCE.split(cell)
    text = pieces[0].strip()
    if text.endswith(PLACEHOLDER):  # the references' placeholder follows the documentation
        text = text.removesuffix(PLACEHOLDER).strip()
    references = [_reference(piece.strip()) for piece in pieces[1:]]
    if text.startswith("-") and _REFERENCE_PART.match(" " + text):
        # favor_precision's deduplication dropped the documentation and the first reference's
        # "Reference 1: role" line: what is left is that reference's parts, its role unknown
        references.insert(0, _reference(" " + text))
        text = ""
    return (text if text and text != PLACEHOLDER else None), tuple(references)


def _reference(piece: str) -> Reference:
    role, *parts = _REFERENCE_PART.split(piece)
    return Reference(role.strip(), tuple(_reference_part(part) for part in parts if part))


def _reference_part(part: str) -> tuple[str, str]:
    key, _, value = part.partition(" ")
    return key, value.strip()


def _entry(position: int, definition: _Definition, details: dict[str, str]) -> DefinitionEntry:
    name = details.get("name", "")
    axis, is_member_name, member = name.partition("=")
    period = details.get("period_type", "")
    return DefinitionEntry(
        position=position,
        is_member=definition.members or bool(is_member_name),
        definition=None if definition.members else definition.text,
        references=() if definition.members else definition.references,
        qname=_qname(member if is_member_name else name, details.get("prefix", "")),
        axis=_qname(axis, "") if is_member_name else None,
        data_type=details.get("data_type") or None,
        balance=details.get("balance") or None,
        period_type=PeriodType(period) if period in ("instant", "duration") else None,
        line=definition.line,
        ident=name or None,
    )


def _qname(name: str, prefix: str) -> QName | None:
    """``us-gaap_AccountsPayableCurrent`` with its prefix ``us-gaap_`` (prefixes hold '_')."""
    prefix = prefix.rstrip("_")
    if prefix and name.startswith(prefix + "_"):
        return QName(prefix, name[len(prefix) + 1 :])
    head, sep, local = name.rpartition("_")
    return QName(head, local) if sep and head and local else None
