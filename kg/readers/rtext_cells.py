"""The '|' text form of an R page, cut into cells and sections.

trafilatura writes every table cell as a line starting with '|'; a cell whose HTML held several
<div>s or lines continues on following lines without '|'. Header cells are <div>-wrapped, so
they show as a bare '|' followed by their lines; body labels and values sit on the '|' line.

trafilatura 1.8.1 writes the '|' at the end of a cell instead ("Revenues|"; a cell whose lines
end in a line break closes with a lone '|' after them), drops empty cells as 1.8.0 does, and
keeps only the first toggle of each definition. With include_formatting=True, a bold or
superscript cell's text goes on the line after its '|', and the cell after it opens on the same
line ("[1] |50.6"). ``tokenize`` reads all these forms into the same cells, so one reader serves
them.

Sections, in page order: the header (title cell, group cells, column cells), the body rows,
the footnote legend ("[n]" then its text), and the definitions block, which starts at the first
"X" cell followed by a "- Definition" / "- References" / "- Details" toggle (section 8 rule 1 of
the format reference). Some pages come without the table at all: trafilatura kept only one
definition (its "main content"); those start straight with a toggle line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.cells import (
    is_footnote_marker,
    looks_like_value,
    normalize_space,
    parse_date,
    parse_group_months,
)
from kg.readers.rtext_cell_lines import cell_line_lines, cells_per_line
from kg.readers.rtext_paired_bars import paired_bar_lines, paired_bars
from kg.readers.rtext_rows import closing_bar_lines, one_line_rows, padded_rows
from kg.readers.titles import split_title

_TOGGLE = re.compile(r"^[-+] (Definition|References|Details)$")
# trafilatura 1.8.1 glues a toggle to the paragraph after it ("- DefinitionAmount of...").
# A toggle glued to its text ("- DefinitionThe amount ..."): trafilatura 1.8.1 and 1.10-2.0.
GLUED_TOGGLE = re.compile(r"^([-+] (?:Definition|References|Details))(\S.*)$")
_CLOSING_BAR = re.compile(r"^[^|\s].*\S\|$")  # "Revenues|": a 1.8.1 cell
_OPENING_BAR = re.compile(r"^\|.")  # "|Revenues": a 1.8.0 cell (or a markdown row)
_MARKDOWN_SEPARATOR = re.compile(r"-{3,}\s*\|")
_PARAGRAPH_LENGTH = 150  # a line longer than this is a paragraph, not a label or value
# include_formatting=True ends a bold or superscript cell's line with the next cell: "[1] |50.6"
_INLINE_CELL = re.compile(r" (?=\|(?:\S|$))")


@dataclass(frozen=True, slots=True)
class TextCell:
    """One '|' cell: the text on its '|' line and the lines that continue it."""

    text: str
    line: int  # 1-based line of the '|'
    extra: tuple[str, ...] = ()
    # The element a number names beside it ("us-gaap_Revenues"), as EdgarRenderer 2's do.
    element: str | None = None

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
    opening_bars: bool = True  # cells open with '|' (trafilatura 1.8.0 and earlier)
    # Lines after a table that ends the text, without '|' (a note the page was saved with, a
    # site's footer): they would else continue its last value cell.
    after_table: TextCell | None = None
    # EdgarRenderer 2 wrote the page (its definition entries' "X" in a cell of their own):
    # an entry showing only its Details is a member's, or a heading's (an abstract element).
    renderer_2: bool = False


_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*:(?: .*)?$")


def without_front_matter(text: str) -> str:
    """The text with the metadata block trafilatura 1.12 and later put first
    (with_metadata=True: "---", "date: 2024-03-30", ..., "---") blanked, so every other line
    keeps its number."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None or not all(_FRONT_MATTER_KEY.match(line) for line in lines[1:end]):
        return text
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def bars_close_cells(text: str) -> bool:
    """Whether the text is trafilatura 1.8.1's: cells end in '|' ("Revenues|"), no line starts
    with '|' and content (1.8.0 and earlier), and no table separator or run of '|' shows a
    markdown table (1.9 and later)."""
    closing = False
    for line in text.splitlines():
        if _OPENING_BAR.match(line) or "||" in line or _MARKDOWN_SEPARATOR.search(line):
            return False
        closing = closing or bool(_CLOSING_BAR.match(line))
    return closing


def tokenize(text: str) -> tuple[list[tuple[int, str]], list[TextCell]]:
    """Split the text into lines before the first '|' and the '|' cells."""
    preamble, cells, _ = _tokenized(text)
    return preamble, cells


def _tokenized(text: str) -> tuple[list[tuple[int, str]], list[TextCell], bool]:
    """``tokenize``, and whether the text's cells open with their '|' (trafilatura 1.8.0 and
    earlier) rather than close with it (1.8.1 to 2.0)."""
    if bars_close_cells(text):
        return (*_tokenize_closing_bars(enumerate(text.splitlines(), start=1)), False)
    if cells_per_line(text):  # 1.12-2.0 favor_precision: a cell a line, empty ones kept
        return (*_tokenize_closing_bars(cell_line_lines(text)), False)
    if one_line_rows(text) or padded_rows(text):  # 1.9-1.12: 1.8.1's cells, a row a line
        return (*_tokenize_closing_bars(closing_bar_lines(text)), False)
    # 1.8.0's own lines, or 1.6.1's and earlier's as 1.8.0 writes them
    lines = paired_bar_lines(text) if paired_bars(text) else enumerate(text.splitlines(), start=1)
    preamble: list[tuple[int, str]] = []
    cells: list[TextCell] = []
    current: tuple[str, int, list[str]] | None = None
    for number, whole in lines:
        for line in _INLINE_CELL.split(whole.rstrip("\r\n")):
            if line.startswith("|"):
                if current is not None:
                    cells.append(_opened_cell(*current))
                current = (normalize_space(line[1:]), number, [])
                continue
            content = normalize_space(line)
            if current is None:
                if content:
                    preamble.append((number, content))
            elif content:
                current[2].append(content)
    if current is not None:
        cells.append(_opened_cell(*current))
    return preamble, cells, True


def _opened_cell(text: str, line: int, extra: list[str]) -> TextCell:
    if not text and len(extra) == 1 and is_footnote_marker(extra[0]):
        return TextCell(extra[0], line)  # include_formatting: a superscript marker's '|' alone
    return TextCell(text, line, tuple(extra))


def _tokenize_closing_bars(
    lines: Iterable[tuple[int, str]],
) -> tuple[list[tuple[int, str]], list[TextCell]]:
    """trafilatura 1.8.1's cells, as 1.8.0 would have written them.

    1.8.1 writes a cell's lines, then '|': on its last line ("Revenues|"), or alone after them
    when the cell ended in a line break. 1.8.0 writes '|' first, on the cell's first line, or
    alone before the lines of a <div>-wrapped cell (a header cell, a text block). So where a
    cell starts is not written; these rules put it where 1.8.0 does:

    * header cells ("Dec. 31, 2025" then '|') are bare cells, the lines after a group cell
      its date (a one-column page), and a definition's paragraphs continue its "X|";
    * lines with a sentence are a text block (a bare cell), before a "text|" cell (a
      disclosure's first paragraph, before the cells of its own table) or a lone '|', or
      when the "text|" line is itself a sentence or paragraph (the disclosure's last);
    * before a lone '|', a line that reads as a value is a value (favor_precision closes
      values that way); lines after a disclosure's own table cells continue its last cell
      (the '|' closes the disclosure); another short line is a text value;
    * other lines before a "text|" cell continue the cell before them;
    * a lone '|' with nothing before it closes an empty cell or a disclosure (1.8.0 drops
      empty cells).
    """
    reader = _ClosingBars()
    for number, raw in lines:
        line = raw.rstrip()
        if line == "|":
            reader.lone_bar()
        elif line.endswith("|") and not line.startswith("|"):
            reader.closed_cell(number, normalize_space(line[:-1]))
        elif glued := GLUED_TOGGLE.match(normalize_space(line)):
            reader.held.extend([(number, glued.group(1)), (number, glued.group(2))])
        elif content := normalize_space(line):
            reader.held.append((number, content))
    reader.continue_last()
    return reader.preamble, reader.cells


@dataclass
class _ClosingBars:
    """The state of ``_tokenize_closing_bars``: the cells so far and the lines not yet
    placed (``held``: no '|' has closed them)."""

    preamble: list[tuple[int, str]] = field(default_factory=list)
    cells: list[TextCell] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)
    in_header: bool = True
    in_definitions: bool = False
    since_close: int = 0  # "text|" cells since the last lone '|'

    def lone_bar(self) -> None:
        if self.held and self.in_definitions:
            self.continue_last()  # an entry's lines, closed as one cell (1.10-1.12)
        elif self.held:
            first_line, first = self.held[0]
            in_body = not self.in_header
            if not in_body or self._sentence() or (len(self.held) > 1 and self.since_close < 2):
                self._held_as_bare_cell()
            elif len(self.held) == 1 and looks_like_value(first):
                self.cells.append(TextCell(first, first_line))
            elif self.since_close > 1:
                self.continue_last()  # the '|' closes a disclosure after its own table
            elif len(self.held) == 1 and len(first) <= _PARAGRAPH_LENGTH:
                self.cells.append(TextCell(first, first_line))
            else:
                self._held_as_bare_cell()
        self.held.clear()
        self.since_close = 0

    def closed_cell(self, number: int, content: str) -> None:
        in_body = bool(self.cells) and not self.in_header and not self.in_definitions
        last_paragraph = is_prose(content) or len(content) > _PARAGRAPH_LENGTH
        if self.held and in_body and last_paragraph:
            self.held.append((number, content))  # a disclosure's last paragraph closes it
            self._held_as_bare_cell()
            self.held.clear()
            self.since_close = 0
            return
        if self.held and in_body and self._sentence():
            self._held_as_bare_cell()  # a disclosure's first paragraph, then its own table
        else:
            self.continue_last()
        self.held.clear()
        self.in_header = self.in_header and (
            parse_group_months(content) is not None or is_footnote_marker(content)
        )
        self.in_definitions = self.in_definitions or content == "X"
        self.cells.append(TextCell(content, number))
        self.since_close += 1

    def continue_last(self) -> None:
        """The held lines continue the last cell (the preamble, before any)."""
        if self.cells:
            last = self.cells[-1]
            self.cells[-1] = TextCell(last.text, last.line, last.extra + self._held_lines())
        else:
            self.preamble.extend(self.held)
        self.held.clear()

    def _held_as_bare_cell(self) -> None:
        self.cells.append(TextCell("", self.held[0][0], self._held_lines()))

    def _held_lines(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.held)

    def _sentence(self) -> bool:
        return any(is_prose(text) for _, text in self.held)


def is_prose(text: str) -> bool:
    """A sentence of a disclosure (its opening paragraph), not a label or a value."""
    return len(text) >= 60 and " " in text and text.endswith((":", "."))


def split_sections(text: str) -> Sections:
    preamble, tokens, opening_bars = _tokenized(text)
    cells = _renderer_2_cells(tokens)
    sections = Sections(preamble=preamble, opening_bars=opening_bars)
    sections.renderer_2 = len(cells) < len(tokens)  # entries' cells were joined
    start = _definitions_start(cells)
    sections.definitions = cells[start:]
    table = cells[:start]
    if table and start == len(cells) and table[-1].extra and looks_like_value(table[-1].text):
        # A value's cell holds one line: what continues the last one follows the table.
        last = table[-1]
        table[-1] = TextCell(last.text, last.line)
        sections.after_table = TextCell("", last.line, last.extra)
    legend_start = _legend_start(table)
    sections.legend = [(table[i], table[i + 1]) for i in range(legend_start, len(table) - 1, 2)]
    sections.table = table[:legend_start]
    return sections


# EdgarRenderer 2 follows each number with a hidden span naming its element, which trafilatura
# keeps glued to it: "$ 38,723.0dei_EntityPublicFloat", "266,252,295us-gaap_SharesIssued".
_GLUED_ELEMENT = re.compile(r"^(?P<value>.*[\d)%])(?P<element>[a-z][a-z0-9-]*_[A-Z][A-Za-z0-9_]*)$")
# ...and, under a member, the lines that follow it: "/ dei_LegalEntityAxis", "= act_XMember".
_GLUED_DIMENSION = re.compile(r"^[/=] [a-z][a-z0-9-]*_[A-Za-z0-9_]+$")


def _renderer_2_cells(cells: list[TextCell]) -> list[TextCell]:
    """EdgarRenderer 2's cells as today's renderer's: a number apart from the element name
    glued to it (kept as the cell's ``element``), and a definition entry's "X" with its
    toggles, which its pages hold in a cell of their own ("|X", then "|" and "- Definition")."""
    result: list[TextCell] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        following = cells[index + 1] if index + 1 < len(cells) else None
        if (
            cell.text == "X"
            and not cell.extra
            and following is not None
            and following.bare
            and following.extra
            and _TOGGLE.match(following.extra[0])
        ):
            result.append(TextCell("X", cell.line, following.extra))
            index += 2
            continue
        dimensions = all(_GLUED_DIMENSION.match(line) for line in cell.extra)
        glued = _GLUED_ELEMENT.match(cell.text) if dimensions else None
        if glued and looks_like_value(glued.group("value")):
            cell = TextCell(glued.group("value"), cell.line, element=glued.group("element"))
        result.append(cell)
        index += 1
    return result


def next_page_line(sections: Sections, text: str) -> int | None:
    """The line where another R page starts in the text, if one does (pages
    appended to one file, which would else be read as one page):

    * a title cell after the table's first cell (or at it, after the lines of a page that
      kept only one definition): a bare cell ('|' alone, then its lines) that is no date,
      followed by an "N Months Ended" cell or a bare date cell, or by another bare cell
      where it names a unit or a rounding option (a statement of equity's header);
    * after the definitions' start, the first cell that is no definition's "X" toggle (the
      next page's title cell, a header cell, or the first cell of a page that lost its
      header);
    * where cells open with their '|' (trafilatura 1.8.0 and earlier), a "- Definition" line
      under a table cell, or under a toggle after its own definition or Details: a page
      that kept only one definition, without a '|'.

    None of these occurs within one page: no shared page, in any trafilatura version or
    rewrite at hand (11,342 texts), holds one.
    """
    table = sections.table
    lone_definition = any(is_toggle(line) for _, line in sections.preamble)
    for index in range(0 if lone_definition else 1, len(table) - 1):
        if _is_bare_date(table[index]) or not table[index].bare or not table[index].extra:
            continue  # an empty cell (a '|' alone, as a table flattened alone keeps) is no title
        following = table[index + 1]
        dated = parse_group_months(following.text) is not None or _is_bare_date(following)
        if dated or (following.bare and _names_a_unit(table[index])):
            return table[index].line
    if not sections.opening_bars:  # a cell's lines do not follow its '|' line in these forms
        return next((cell.line for cell in sections.definitions if cell.text != "X"), None)
    for cell in table:
        if _DEFINITION_TOGGLE in cell.extra:
            return _definition_restart(text, cell.line, in_table=True) or cell.line
    for cell in sections.definitions:
        if cell.text != "X":
            return cell.line
        # The cell's own lines first: the text's lines are split only where a page ends so.
        restarts = _restart_index(cell.extra) is not None
        if restarts and (line := _definition_restart(text, cell.line)) is not None:
            return line
    return None


_DEFINITION_TOGGLE = "- Definition"


def _restart_index(lines: Iterable[str], *, in_table: bool = False) -> int | None:
    """Where, among a cell's lines, a "- Definition" starts another definition: any, under
    a table cell (``in_table``); under a toggle, one after the toggle's own "- Definition"
    or "Details" line."""
    started = in_table
    for index, line in enumerate(lines):
        if line == _DEFINITION_TOGGLE and started:
            return index
        started = started or line == _DEFINITION_TOGGLE or line.endswith(" Details")
    return None


def _definition_restart(text: str, cell_line: int, *, in_table: bool = False) -> int | None:
    """The line (1-based) of that "- Definition" in the text, the cell's lines read up to
    the next '|' line (blank ones among them, which the cell's own lines leave out)."""
    following = (line.strip() for line in text.splitlines()[cell_line:])
    index = _restart_index(
        itertools.takewhile(lambda line: not line.startswith("|"), following), in_table=in_table
    )
    return None if index is None else cell_line + index + 1


def _names_a_unit(cell: TextCell) -> bool:
    """Whether a cell's lines read as a report title with its unit or rounding option
    ("Consolidated Statements of Equity - USD ($)", "$ in Millions")."""
    title = split_title(cell.lines)
    return title is not None and bool(title.unit_label or title.scale_label)


def _is_bare_date(cell: TextCell) -> bool:
    return cell.bare and bool(cell.extra) and parse_date(cell.extra[0]) is not None


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


def is_reference_line(line: str) -> bool:
    """ "Reference 1: http://www.xbrl.org/2003/role/disclosureRef ...": a definition's."""
    return bool(_REFERENCE_LINE.match(line))


# trafilatura 1.x with include_links=True drops an R page's links: its row labels and its
# definitions' toggles, which are links. What it keeps shows so: a link it did write
# ("[Revenue](javascript:void(0);)"), or a definition's references without any toggle.
LINKS_DROPPED = (
    "the row labels and definition toggles are missing: trafilatura 1.x with "
    "include_links=True drops the links they are; flatten without include_links"
)
_KEPT_LINK = re.compile(r"\]\(<?javascript:")
_REFERENCE_LINE = re.compile(r"^Reference \d+: ")
_ANY_TOGGLE = re.compile(r"(?:^|\|\s*|\s)[-+] (?:Definition|References|Details)")


def links_dropped_line(text: str) -> int | None:
    """The line that shows a 1.x text made with include_links=True (see LINKS_DROPPED): a
    table's values without their labels beside references without toggles. References with
    no table at all are a lone definition whose toggles deduplication dropped."""
    lines = text.splitlines()
    tabled = any(line.startswith("|") for line in lines)
    if tabled and not any(_ANY_TOGGLE.search(line) for line in lines):
        reference = next((i for i, line in enumerate(lines) if is_reference_line(line)), None)
        if reference is not None:
            return reference + 1
    return next((i + 1 for i, line in enumerate(lines) if _KEPT_LINK.search(line)), None)
