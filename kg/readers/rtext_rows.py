"""trafilatura 1.9 to 2.0's '|' text: one line per table row, its cells closed by " |".

1.9 writes a row as "Net income | $ 1,363,011 | $ 1,506,980 |" (empty cells dropped, as 1.8
does), a cell that spans lines as its lines and then a lone '|' ("Nov. 02, 2019" then "|"),
and a "---|---|" line under each header row. That is trafilatura 1.8.1's form with the cells
of a row on one line, so the rows are cut back into 1.8.1's lines ("Net income|", "$
1,363,011|", ...) and read as 1.8.1's text (``kg.readers.rtext_cells``). 1.10 to 1.12 also
pad each row with its empty cells' '|', join the title to its rounding, close a column cell
on its own line and write a definition on one line; 2.0 writes that with "| " before each row.
Those are first brought to 1.9's form (``padded_rows``).

A label's unit suffix ("Granted (in shares) | shares", "Positions eliminated | position |
625 |") stays with the label. The cut is ambiguous in one place: a member path ("Cost
Reduction Actions | Industrial Gases - Americas |") is written like a label with a text value
("Entity Registrant Name | Tesla, Inc. |"). A row of labels only is taken for a member path
when each label ends in "[Member]", when the row after it restarts the table's headings (an
"[Abstract]" or "[Line Items]" row, as they do under each segment), or when that row was
printed before while the path's first label was not (favor_precision drops the repeated
headings), else for a label and its values.
"""

from __future__ import annotations

import re

from kg.cells import is_footnote_marker, looks_like_value, parse_date, parse_group_months
from kg.readers.cues import is_unit_word
from kg.readers.titles import split_title_cell

# Shared with kg.readers.rtable, which refuses the table forms no reader takes.
OLD_SEPARATOR = re.compile(r"^-{3,}\|(?:-{3,}\|)*-*\s*$")  # "---|---|", no '|' before it
OPENED_CELL = re.compile(r"^\|[^\s|-]")  # "|Revenues": 1.8 and earlier
CLOSED_CELL = re.compile(r"^.*\S \|\s*$")  # "Revenues |": 1.9 to 2.0
_TIGHT_CLOSE = re.compile(r"^(?!-{3,}\|).*[^\s|]\|\s*$")  # "Revenues|"
_CELL_END = " |"
_PADDING = re.compile(r"(\S) \|(?:\s*\|)+\s*$")  # "Revenues | |||"
_BARS_ONLY = re.compile(r"^\|[|\s]*$")
_MARKDOWN_ROW = re.compile(r"^\| [^|\s]")  # trafilatura 2's "| Net sales | ..."
_TOGGLE_START = re.compile(r"^([-+] (?:Definition|References|Details)) ")
_DEFINITION_BREAK = re.compile(r" (?=Reference \d+: )| (?=No definition available\.$)")
_REFERENCE_PART = re.compile(r" (?=-[A-Z][A-Za-z]* )")
_HEADING = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table)\]\s*\|?\s*$|:\s*\|?\s*$")


def one_line_rows(text: str) -> bool:
    """Whether the text is trafilatura 1.9's: cells closed by " |" (or "---|" lines with no
    leading '|'), no run of '|' (1.10 and later pad rows with "||"), no cell opened by '|'
    (1.8 and earlier) and a lone '|' before any "| a | b |" row (trafilatura 2 starts with
    one; 1.9 writes such rows only inside a disclosure, for its own tables)."""
    closed = False
    first_bar = True
    for line in text.splitlines():
        if "||" in line or OPENED_CELL.match(line) or _TIGHT_CLOSE.match(line):
            return False  # padded rows (1.10 and later), cells opened by '|' (1.8 and earlier)
            # or closed by it with no space (1.8.1)
        if line.startswith("|"):
            if first_bar and line.rstrip() != "|":
                return False  # trafilatura 2: the table's first line is a "| a | b |" row
            first_bar = False
        closed = closed or bool(OLD_SEPARATOR.match(line) or CLOSED_CELL.match(line))
    return closed


def padded_rows(text: str) -> bool:
    """Whether the text is trafilatura 1.10-1.12's: 1.9's form, but each row padded with the
    '|' of its empty cells ("Revenues | |||"), the title joined to its rounding on one line,
    a column cell closed on its own line ("Dec. 31, 2021 |") and a definition on one line.
    trafilatura 2.0's is the same with "| " before each row and "|---|" separators."""
    return _padded(_without_row_bars(text.splitlines()))


def _padded(lines: list[str]) -> bool:
    """``padded_rows`` on lines without 2.0's row bars."""
    padded = False
    for line in lines:
        if OPENED_CELL.match(line) or _TIGHT_CLOSE.match(line) or _MARKDOWN_ROW.match(line):
            return False  # 1.8 and earlier, 1.8.1, trafilatura 2.1 and later
        if line.startswith("|-"):
            return False  # 2.0's "|---|" separator
        padded = padded or bool(_PADDING.search(line))
    return padded


def _without_row_bars(lines: list[str]) -> list[str]:
    """trafilatura 2.0's lines as 1.12 writes them: without the "| " before each row and the
    '|' before each separator. 2.0 is told from 2.1 and later, which write their header rows
    so too, by a header line before the first separator with no '|' before it."""
    first = next((i for i, line in enumerate(lines) if line.startswith("|-")), None)
    if first is None or not any(line and not line.startswith("|") for line in lines[:first]):
        return lines
    return [
        line[2:] if line.startswith("| ") else line[1:] if line.startswith("|-") else line
        for line in lines
    ]


def _unpadded(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """1.10-1.12's lines in 1.9's form (see ``padded_rows``)."""
    out: list[tuple[int, str]] = []
    position = next((i for i, (_, line) in enumerate(numbered) if line.strip()), len(numbered))
    if position < len(numbered) and numbered[position][1].rstrip().endswith(_CELL_END):
        number, title = numbered[position]
        for part in split_title_cell(title.rstrip()[: -len(_CELL_END)]):
            out.append((number, part))
        out.append((number, "|"))
        position += 1
    in_header = bool(out)
    for number, raw in numbered[position:]:
        line = _unpadded_line(raw)
        if in_header:
            kept, in_header = _header_line(line, raw)
            if kept is not None:
                out.extend((number, part) for part in kept)
                continue
        out.extend((number, part) for part in _definition_lines(line))
    return out


def _header_line(line: str, raw: str) -> tuple[list[str] | None, bool]:
    """A header line in 1.9's form, and whether the header goes on; (None, False) at the
    first body row. Group cells ("12 Months Ended |") and footnote markers stay cells of
    their own; a column cell ("Dec. 31, 2021 |", also after a marker: "[1] | Aug. 04, 2018
    |") becomes its lines and a lone '|', as 1.9 writes it."""
    if line == "|" or OLD_SEPARATOR.match(line) or not line.endswith(_CELL_END):
        return [line], True  # a closer, a separator, or a column cell's unclosed line
    parts = line[: -len(_CELL_END)].split(" | ")
    first = parts[0]
    grouped = parse_group_months(first) is not None or is_footnote_marker(first)
    column = len(parts) == 1 and (not _PADDING.search(raw.rstrip()) or parse_date(first))
    if not grouped and not column:
        return None, False
    lines: list[str] = []
    for part in parts:
        if parse_group_months(part) is not None or is_footnote_marker(part):
            lines.append(part + _CELL_END)
        else:
            lines.extend([part, "|"])
    return lines, True


def _definition_lines(line: str) -> list[str]:
    """A definition written on one line ("- Definition Text... Reference 1: role -Topic 210
    ...") in 1.9's lines: the toggle, the text, each reference and each of its parts."""
    toggle = _TOGGLE_START.match(line)
    if toggle is None:
        return [line]
    rest = line[toggle.end() :]
    lines = [toggle.group(1)]
    for piece in _DEFINITION_BREAK.split(rest):
        lines.extend(part for part in _REFERENCE_PART.split(piece) if part)
    return lines


def closing_bar_lines(text: str) -> list[tuple[int, str]]:
    """The text's lines with each row cut into 1.8.1's cell lines, each with the number of
    the line it came from."""
    lines = text.splitlines()
    unbarred = _without_row_bars(lines)
    if _padded(unbarred):
        numbered = _unpadded(list(enumerate(unbarred, start=1)))
    else:
        numbered = list(enumerate(lines, start=1))
    return [(number, line) for line, number in _cut(numbered)]


def closing_bar_lines_of(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Numbered lines of 1.9-1.12's form (definitions padded or not) in 1.8.1's cell lines."""
    out: list[tuple[int, str]] = []
    for number, raw in numbered:
        out.extend((number, part) for part in _definition_lines(_unpadded_line(raw)))
    return [(number, line) for line, number in _cut(out)]


def _unpadded_line(raw: str) -> str:
    """A line without its row's padding ("Revenues | |||" -> "Revenues |"); a closer with the
    padding of its row ("| |", "||||") is a lone '|'."""
    line = _PADDING.sub(r"\1 |", raw.rstrip())
    return "|" if _BARS_ONLY.match(line) else line


def _cut(numbered: list[tuple[int, str]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    lines = [line for _, line in numbered]
    rows = [i for i, line in enumerate(lines) if not OLD_SEPARATOR.match(line)]
    labels: set[str] = set()  # the first cells of the rows so far
    for position, index in enumerate(rows):
        line = lines[index].rstrip()
        number = numbered[index][0]
        if line == "|" or (" | " not in line and not line.endswith(_CELL_END)):
            out.append((line, number))
            continue
        closed = line.endswith(_CELL_END) or line.endswith("|")
        parts = (line[: -len(_CELL_END)] if line.endswith(_CELL_END) else line).split(" | ")
        while len(parts) > 1 and _unit_suffix(parts):  # "Granted (in shares) | shares"
            parts[:2] = [f"{parts[0]} | {parts[1]}"]
        following = lines[rows[position + 1]] if position + 1 < len(rows) else ""
        if closed and _member_path(parts, following, labels):
            out.append((" | ".join(parts) + "|", number))
            continue
        labels.add(parts[0])
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


def _member_path(parts: list[str], following: str, labels: set[str]) -> bool:
    """A row of labels only, over a row that restarts the table (see the module doc).

    ``labels``: the rows' first cells so far. Rows repeat under each member; where
    favor_precision's deduplication dropped the repeated heading, the row under a path is
    one printed before, while the path's own first label is new (a label with a text value
    repeated under each member, "Title of 12(b) Security | Common Stock", is not).
    """
    if len(parts) < 2:
        return False
    if any(looks_like_value(part) or is_footnote_marker(part) for part in parts[1:]):
        return False
    if all(part.endswith("[Member]") for part in parts):
        return True  # members printed with their "[Member]" suffix: no text value is
    if _HEADING.search(following.strip()):
        return True
    return parts[0] not in labels and following.split(" | ")[0].strip() in labels
