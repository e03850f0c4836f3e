"""Read the '|' text form of an R page (trafilatura 1.3 to 2.0, both modes) into a grid.

The text keeps every non-empty cell but not which column it sat in, nor what kind of row a
label-only line was. Each such decision is made here by a documented rule, and the cells it
touched carry the uncertainty (see ``kg.model.Uncertainty``):

* header: title cell, "N Months Ended" group cells, column cells (date, members, units), column
  footnotes; groups are given to runs of strictly descending dates (format reference 8.4);
* body: a label line, then its value lines and footnote markers; a text line after a label is a
  value only where a value is expected (cover pages, long or multi-line text);
* label-only lines: abstracts by their suffixes and trailing colon, member paths by " | ", and
  single-member segment titles counted against the definitions block's member entries;
* short rows: columns chosen by ``kg.readers.placement`` over the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kg.cells import (
    footnote_numbers,
    is_footnote_marker,
    looks_like_value,
    normalize_space,
    parse_date,
    parse_group_months,
    parse_number,
    parse_scale,
)
from kg.errors import SourceError
from kg.model import Footnote, PeriodType, QName, ReportKind, Uncertainty
from kg.readers.column_groups import assign_groups
from kg.readers.cues import (
    ABSTRACT_SUFFIX,
    balance_rule,
    is_less_label,
    is_period_end_label,
    is_period_start_label,
    is_unit_word,
    label_unit_category,
    split_balance_label,
    unit_word_category,
)
from kg.readers.grid import Grid, GridCell, GridColumn, GridRow
from kg.readers.headers import split_column_lines
from kg.readers.placement import ColumnInfo, Placement, RowInfo, place_rows
from kg.readers.placement_checks import MONEY
from kg.readers.rtext_cells import (
    GLUED_TOGGLE,
    LINKS_DROPPED,
    Sections,
    TextCell,
    is_prose,
    is_reference_line,
    is_toggle,
    split_sections,
)
from kg.readers.rtext_defs import (
    members_uncountable,
    parse_definition_cells,
    parse_preamble_definition,
)
from kg.readers.rtext_paired_bars import paired_bars
from kg.readers.titles import TitleParts, is_promoted_period, report_kind, split_title
from kg.units import read_unit_label

_TEXT_BLOCK_LENGTH = 150
_EXTENSIBLE = re.compile(r"\[Extensible (Enumeration|List)\]$")
_ROW_LABEL = re.compile(r"\|[A-Za-z]|[A-Za-z].*\|$")  # "|Revenues", or 1.8.1's "Revenues|"


def placement_work(text: str) -> int:
    """A cheap estimate of what reading the page costs: its header's columns (a lone '|'
    line each, before the first row label) times its table's cells, the size of the
    column-placement search. Wide statements of equity come out far ahead of the rest."""
    table = re.split(r"\n(?:\|X|X\|)\n", text, maxsplit=1)[0]
    lines = table.split("\n")
    columns = 0
    for line in lines[1:]:
        if line == "|":
            columns += 1
        elif _ROW_LABEL.match(line):  # "|3 Months Ended" starts with a digit
            break
    return max(columns, 1) * sum(1 for line in lines if line.startswith("|") or line.endswith("|"))


_TABLE_MISSING = (
    "the report table is missing from this text (trafilatura kept only one element "
    "definition): no facts; trafilatura 1.x keeps the table with no_fallback=True"
)


_UNDATED_BLOCKS = "the text gives its disclosures no period"


def _no_header(line: int, outcome: str = "no facts") -> str:
    return (
        f"line {line}: no report header (trafilatura kept a text block's own table, not the "
        f"report table): {outcome}; trafilatura 1.x keeps the report table with "
        "no_fallback=True"
    )


_DETAILS_TOGGLE = re.compile(r"^[-+] Details\s*$")
_DETAILS_CELL = re.compile(r"^\|? ?(?P<text>.*?) ?\|\s*$")  # "| Name: |", "us-gaap_Revenues |"


def read_definition_only_grid(text: str, *, path: str, sha256: str) -> Grid | None:
    """A page of which trafilatura 1.10-2.0 kept one element's definition and no table: its
    definition, references and Details ("| Name: |", "us-gaap_ProfitLoss |"), with the note
    the 1.8 text's such pages get. None if the text is not only that."""
    lines = text.splitlines()
    details = next((i for i, line in enumerate(lines) if _DETAILS_TOGGLE.match(line)), None)
    first = next((line for line in lines if line.strip()), "")
    if details is None or not GLUED_TOGGLE.match(first):
        return None
    preamble: list[tuple[int, str]] = []
    for number, line in enumerate(lines[:details], start=1):
        if line.startswith("|"):
            return None  # a table before the Details: not a lone definition
        if glued := GLUED_TOGGLE.match(line):
            preamble += [(number, glued.group(1)), (number, glued.group(2))]
        elif line.strip():
            preamble.append((number, line.strip()))
    cells = []
    for number, line in enumerate(lines[details + 1 :], start=details + 2):
        cell = _DETAILS_CELL.match(line.rstrip())
        if cell is None:
            if line.strip():
                return None
            continue
        cells.append(TextCell(cell.group("text"), number))
    grid = Grid(source_path=path, source_sha256=sha256, media_type="text/plain")
    grid.definitions = [parse_preamble_definition(preamble, cells)]
    grid.warnings.append(_TABLE_MISSING)
    return grid


def read_text_block_only_grid(text: str, *, path: str, sha256: str) -> Grid | None:
    """A page of which trafilatura 1.10-2.0 kept its text blocks but not the report's
    header: each block's label as a lone cell ("Earnings Per Share |"), then the block's
    paragraphs and its own tables. The blocks go to one column whose header (period and
    members) is unknown, as ``_read_headerless_blocks`` reads the 1.x text's. None if the
    text is not that."""
    lines = [(n, line.rstrip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    starts = [i for i in range(len(lines) - 1) if _opens_block(lines[i][1], lines[i + 1][1])]
    if not starts or starts[0] != 0:
        return None
    grid = Grid(source_path=path, source_sha256=sha256, media_type="text/plain")
    grid.columns = [GridColumn(None, ())]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        (number, label), content = lines[start], lines[start + 1 : end]
        disclosure = "\n".join(line for _, line in content)
        block = GridCell(1, disclosure, content[0][0], is_text_block=True)
        grid.rows.append(GridRow(_block_label(label), number, cells=(block,)))
    grid.warnings.append(_no_header(lines[0][0], _UNDATED_BLOCKS))
    return grid


def _block_label(line: str) -> str:
    return line.removeprefix("| ")[:-2].strip()


def _opens_block(line: str, following: str) -> bool:
    """A text block's label as trafilatura 1.10-2.0 writes it ("Earnings Per Share |"), and
    its first paragraph after it (a cell of its own when a table follows: "... below: |").
    Not a definitions entry's "X" and its definition ("| X |", "|  - Definition For the ..."
    in trafilatura 2.2's tables, of a page whose report table it dropped)."""
    label = line.removeprefix("| ")
    paragraph = following.split(" | ")[0].removesuffix(" |")
    return (
        label.endswith(" |")
        and " | " not in label[:-2]
        and label[:-2].strip() != "X"
        and not is_prose(label[:-2])
        and not is_toggle(paragraph.lstrip("| "))
        and is_prose(paragraph)
    )


def _with_lost_toggles(preamble: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A lone definition whose toggles favor_precision's deduplication dropped, all of them
    (text it saw on the pages before): its paragraphs, then its "Reference 1: ..." lines.
    The toggles go back before each part; without a reference line it is no definition."""
    first = next((i for i, (_, line) in enumerate(preamble) if is_reference_line(line)), None)
    if first is None:
        return preamble
    number = preamble[0][0]
    return [
        (number, "- Definition"),
        *preamble[:first],
        (preamble[first][0], "+ References"),
        *preamble[first:],
    ]


def read_text_grid(text: str, *, path: str, sha256: str, sections: Sections | None = None) -> Grid:
    """Parse an R page's '|' text into a grid. Raises ``SourceError`` if it is not one.
    ``sections``: the text's, where the caller has cut it already."""
    sections = sections if sections is not None else split_sections(text)
    grid = Grid(source_path=path, source_sha256=sha256, media_type="text/plain")
    preamble = sections.preamble
    if preamble and not sections.table and not any(is_toggle(line) for _, line in preamble):
        preamble = _with_lost_toggles(preamble)
    if preamble and any(is_toggle(line) for _, line in preamble):
        grid.definitions = [
            parse_preamble_definition(preamble, sections.table + sections.definitions)
        ]
        grid.warnings.append(_TABLE_MISSING)
        return grid
    if not sections.table and not sections.definitions:
        line = sections.preamble[0][0] if sections.preamble else 1
        raise SourceError(
            path,
            "not an R page in '|' text form: no line starts with '|'",
            line=line,
            hint="if trafilatura made it of an R page, it dropped the table; trafilatura 1.x "
            "with no_fallback=True keeps every table",
        )
    # trafilatura 1.4.0 and earlier write every cell between a pair of bars, and a member's
    # definition entry without its toggle
    untoggled_members = paired_bars(text)
    grid.definitions = parse_definition_cells(
        sections.definitions, untoggled_members=untoggled_members
    )
    grid.footnotes = [
        Footnote(footnote_numbers(marker.text)[0], "\n".join(note.lines))
        for marker, note in sections.legend
    ]
    if preamble and sections.table:
        grid.warnings.append(
            f"line {preamble[0][0]}: text before the table, not read: {preamble[0][1][:80]!r}"
        )
    if sections.after_table is not None:
        grid.warnings.append(
            f"after line {sections.after_table.line}: text after the table, not read: "
            f"{sections.after_table.extra[0][:80]!r}"
        )
    header = _read_header(sections.table)
    grid.title_lines = header.title_lines
    grid.columns = header.columns
    body = sections.table[header.end :]
    if not header.title_lines:
        line = sections.table[0].line if sections.table else 1
        if _read_headerless_blocks(grid, sections.table):
            grid.warnings.append(_no_header(line, _UNDATED_BLOCKS))
        else:
            grid.warnings.append(_no_header(line))
        return grid
    if not grid.columns and body:
        raise SourceError(path, "the header has no columns (truncated page?)", line=body[0].line)
    if not body:  # every cell read as header: a '|' form this reader does not know
        grid.warnings.append(
            f"line {sections.table[-1].line}: the table has a header but no rows: no facts"
        )
        return grid
    if not body[0].text and not body[0].extra:  # the first row's label is gone
        raise SourceError(path, LINKS_DROPPED, line=body[0].line)
    title = split_title(header.title_lines)
    kind = report_kind(title.short_name if title else None)
    reader = BodyReader(grid, kind, header.group_uncertain)
    if sections.renderer_2 or members_uncountable(
        sections.definitions, untoggled_members=untoggled_members
    ):
        reader.members_listed = False
    reader.read(body)
    unlabelled = next((row for row in grid.rows if not _is_label(row)), None)
    if unlabelled is not None:
        raise SourceError(path, _labels_lost(unlabelled.label), line=unlabelled.line)
    label_member_entries(grid, title)
    return grid


def _read_headerless_blocks(grid: Grid, cells: list[TextCell]) -> bool:
    """A note page whose title, header and abstract row trafilatura dropped, keeping from its
    row label on: each disclosure after its label, read into one column whose header (period
    and members) is unknown (``kg.readers.cover_period`` may date it). False, and the grid
    left as it was, if the text is not only disclosures."""
    probe = replace(grid, columns=[GridColumn(None, ())], rows=[], warnings=[])
    BodyReader(probe, ReportKind.NOTES, set()).read(cells)
    blocks = [row for row in probe.rows if row.cells]
    if not blocks or any(len(row.cells) != 1 or not row.cells[0].is_text_block for row in blocks):
        return False
    grid.columns, grid.rows = probe.columns, probe.rows
    grid.warnings.extend(probe.warnings)
    return True


def _is_label(row: GridRow) -> bool:
    """Whether a row's label can be one: a line item's names its element in words, a
    member's in words or figures ("2019"). "$", "(870", "—" or nothing are not."""
    if row.is_segment:
        return any(ch.isalnum() for ch in row.label)
    return any(ch.isalpha() for ch in row.label)


def _labels_lost(label: str) -> str:
    printed = f"the row label {label!r} is no label" if label else "a row has no label"
    return (
        f"{printed}: the text lost the page's row labels (trafilatura 1.x with "
        "include_links=True drops the links they are) or holds a text block's own table; "
        "not read"
    )


def label_member_entries(grid: Grid, title: TitleParts | None) -> None:
    """Give each member entry ('Details' only) the member label it stands for.

    The block lists one entry per distinct member in order of first appearance: the title's
    promoted members, then the segment rows' paths left to right, top to bottom. The text
    names no axis, so members are told apart by label; when labels and entries do not count
    alike (two axes sharing a member label, a segment row the reader missed), none is labelled.
    """
    entries = [i for i, entry in enumerate(grid.definitions) if entry.is_member]
    labels = [p for p in (title.promoted if title else ()) if not is_promoted_period(p)]
    for row in grid.rows:
        if row.is_segment:
            labels += row.label.split(" | ")
    distinct = list(dict.fromkeys(labels))
    if not entries or len(distinct) != len(entries):
        return
    for index, label in zip(entries, distinct, strict=True):
        grid.definitions[index] = replace(grid.definitions[index], member_label=label)


@dataclass(slots=True)
class _Header:
    title_lines: tuple[str, ...] = ()
    columns: list[GridColumn] = field(default_factory=list)
    end: int = 0
    group_uncertain: set[int] = field(default_factory=set)


def _read_header(cells: list[TextCell]) -> _Header:
    header = _Header()
    index = 0
    if cells and cells[0].bare:
        header.title_lines = cells[0].extra
        index = 1
    groups: list[str] = []
    columns: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
    while index < len(cells):
        cell = cells[index]
        if cell.bare and not cell.extra and header.title_lines and not columns:
            pass  # an empty group cell (an instant's), as a table flattened alone keeps it
        elif not cell.bare and parse_group_months(cell.text) is not None:
            groups.append(cell.text)
            if cell.extra:  # a one-column page: its date shares the group's cell
                columns.append((cell.extra, ()))
        elif cell.bare and header.title_lines and not _ends_header(cell, columns):
            columns.append((cell.extra, ()))
        elif columns and not cell.extra and is_footnote_marker(cell.text):
            lines, notes = columns[-1]
            columns[-1] = (lines, notes + footnote_numbers(cell.text))
        else:
            break
        index += 1
    header.end = index
    assigned, uncertain = assign_groups([lines for lines, _ in columns], groups)
    header.group_uncertain = uncertain
    header.columns = [
        GridColumn(group, lines, notes)
        for (lines, notes), group in zip(columns, assigned, strict=True)
    ]
    return header


def _ends_header(cell: TextCell, columns: list[tuple[tuple[str, ...], tuple[int, ...]]]) -> bool:
    """A bare cell that is no column: include_formatting writes a bold first row like a
    column cell ("|" then "Cover [Abstract]"). Columns are all dated or none is."""
    if len(cell.extra) == 1 and ABSTRACT_SUFFIX.search(cell.extra[0]):
        return True
    dated = any(parse_date(line) for lines, _ in columns for line in lines)
    return dated and not any(parse_date(line) for line in cell.extra)


@dataclass(slots=True)
class RawRow:
    label: TextCell
    values: list[TextCell] = field(default_factory=list)
    value_notes: list[tuple[int, ...]] = field(default_factory=list)
    row_notes: tuple[int, ...] = ()
    text_decided: bool = False  # a text value was taken by the label-or-value rule
    columns: list[int] | None = None  # each value's column, where the text says it


@dataclass(slots=True)
class BodyReader:
    grid: Grid
    kind: ReportKind
    group_uncertain: set[int]
    rows: list[RawRow] = field(default_factory=list)
    # Whether the definitions block lists every member entry (a truncated one, or one that
    # deduplication emptied, does not): where it does not, a label-only line is a member's
    # title only if the rows under it start the table over (see _restarts_table).
    members_listed: bool = True

    @property
    def _shares_page(self) -> bool:
        title = split_title(self.grid.title_lines)
        return bool(title and title.unit_label == "shares")

    def read(self, cells: list[TextCell]) -> None:
        self._split_rows(cells)
        self._split_overfull_rows()
        self._build_rows(self._row_kinds())

    def read_rows(self, rows: list[RawRow]) -> None:
        """Rows already cut (``kg.readers.rtable``), with their values' columns where known."""
        self.rows = rows
        self._build_rows(self._row_kinds())

    # -- lines into rows --------------------------------------------------------------------

    def _split_rows(self, cells: list[TextCell]) -> None:
        cells = _formatted([c for c in cells if not (c.bare and not c.extra)])  # drop empty cells
        if self.text_block_page():
            cells = _join_text_blocks(cells)
        current: RawRow | None = None
        for cell in cells:
            if current is not None and not cell.extra and is_footnote_marker(cell.text):
                numbers = footnote_numbers(cell.text)
                if current.values:
                    current.value_notes[-1] += numbers
                else:
                    current.row_notes += numbers
                continue
            if current is not None and self._is_value(cell, current):
                current.values.append(cell)
                current.value_notes.append(())
                current.text_decided |= not looks_like_value(cell.text) and not cell.bare
                continue
            current = RawRow(cell)
            self.rows.append(current)

    def _split_overfull_rows(self) -> None:
        """A row holds at most one value per column: where a text line taken for a value
        leaves more, it was the next row's label (a long label, A4)."""
        width = len(self.grid.columns)
        index = 0
        while index < len(self.rows):
            row = self.rows[index]
            index += 1
            if len(row.values) <= width:
                continue
            cut = next(
                (
                    k
                    for k, value in enumerate(row.values)
                    if not value.bare and not value.extra and not looks_like_value(value.text)
                ),
                None,
            )
            if cut is None:
                continue
            label = row.values[cut]
            following = RawRow(
                label, row.values[cut + 1 :], row.value_notes[cut + 1 :], row.value_notes[cut]
            )
            del row.values[cut:]
            del row.value_notes[cut:]
            row.text_decided = any(not looks_like_value(v.text) for v in row.values)
            self.rows.insert(index, following)

    def text_block_page(self) -> bool:
        """A one-column note, policy or tables page: its values are disclosures."""
        kinds = (ReportKind.NOTES, ReportKind.POLICIES, ReportKind.TABLES)
        return len(self.grid.columns) == 1 and self.kind in kinds

    def _is_value(self, cell: TextCell, row: RawRow) -> bool:
        if cell.bare:
            return True  # a multi-line text value (a text block)
        if looks_like_value(cell.text) and not cell.extra:
            return True
        if _EXTENSIBLE.search(row.label.text) and len(row.values) < len(self.grid.columns):
            return True  # extensible enumerations print element labels as their values
        if _is_label_like(cell.text) or _is_label_like(row.label.text) or row.values:
            return False
        if (
            len(self.grid.columns) == 1
            and not row.values
            and (cell.extra or len(cell.text) > _TEXT_BLOCK_LENGTH)
        ):
            return True
        if self.kind is ReportKind.COVER:
            return True
        return bool(cell.extra) or len(cell.text) > _TEXT_BLOCK_LENGTH

    # -- what each label-only line is -------------------------------------------------------

    def _row_kinds(self) -> list[str]:
        """ "line", "abstract", "segment" or "balance" for each row (format reference A3)."""
        kinds: list[str] = []
        candidates: list[int] = []
        for index, row in enumerate(self.rows):
            label = row.label.text
            if row.values:
                kinds.append("balance" if split_balance_label(label) else "line")
            elif label.endswith("[Member]") or "[Axis]: " in label:
                kinds.append("segment")
            elif _is_label_like(label):
                kinds.append("abstract")
            elif " | " in label and not is_unit_word(label.rpartition(" | ")[2]):
                kinds.append("segment")
            elif split_balance_label(label):
                kinds.append("balance")
            else:
                kinds.append("abstract")
                candidates.append(index)
        for index in self._single_member_segments(kinds, candidates):
            kinds[index] = "segment"
        return kinds

    def _single_member_segments(self, kinds: list[str], candidates: list[int]) -> list[int]:
        """Which label-only lines are one-member segment titles, counted against the member
        entries of the definitions block (one per distinct member, promoted ones included)."""
        known: set[str] = set()
        for index, kind in enumerate(kinds):
            if kind == "segment":
                known.update(self.rows[index].label.text.split(" | "))
        # A line naming a member already seen in a member path is that member's segment title.
        chosen = [i for i in candidates if self.rows[i].label.text in known]
        fresh = [i for i in candidates if self.rows[i].label.text not in known]
        if not self.grid.definitions or not self.members_listed:
            # No member entries to count against: keep the lines that look like segments and
            # under which the table starts over (or would, but for a heading deduplication
            # dropped). A balance sheet's "Commitments and contingencies" before
            # "Shareholders' equity:" is no member.
            fresh = [i for i in fresh if self._restarts_table(i) or self._lost_its_heading(i)]
            return sorted(chosen + [i for i in fresh if self._segment_score(i) > 0])
        entries = sum(1 for e in self.grid.definitions if e.is_member)
        title = split_title(self.grid.title_lines)
        promoted = len(title.promoted) if title else 0
        remaining = entries - len(known) - promoted
        if remaining <= 0:
            return chosen
        if remaining >= len(fresh):
            return sorted(chosen + fresh)
        scored = sorted(fresh, key=lambda i: (-self._segment_score(i), i))
        return sorted(chosen + scored[:remaining])

    def _restarts_table(self, index: int) -> bool:
        """Whether the row under a label-only line starts the table over: it is the table's
        first row, or a heading printed above, or below when the line is the table's first
        (rows and their headings repeat under each member; a line row repeated under another
        heading, "Basic" shares after "Basic" earnings per share, does not make that heading a
        member)."""
        if index + 1 >= len(self.rows):
            return False
        following = self.rows[index + 1]
        if following.label.text == self.rows[0].label.text:
            return True
        if following.values:
            return False
        # The first member's title opens the table: its heading is printed again below.
        others = self.rows[index + 2 :] if index == 0 else self.rows[:index]
        return any(row.label.text == following.label.text and not row.values for row in others)

    def _lost_its_heading(self, index: int) -> bool:
        """Values right under a label-only line, where a heading has already repeated:
        favor_precision's dedup drops a line's later repeats, so a segment loses its
        "[Line Items]"."""
        if index + 1 >= len(self.rows) or not self.rows[index + 1].values:
            return False
        earlier = Counter(row.label.text for row in self.rows[:index])
        return any(n >= 2 and _is_label_like(text) for text, n in earlier.items())

    def _segment_score(self, index: int) -> int:
        """How much a label-only line looks like a segment title rather than a heading."""
        label = self.rows[index].label.text
        score = 0
        following = self.rows[index + 1].label.text if index + 1 < len(self.rows) else ""
        earlier = Counter(row.label.text for row in self.rows[:index])
        if any(row.label.text == label and not row.values for row in self.rows[:index]):
            # a heading repeated because abstracts restart under each segment (a member named
            # as a row with values above is no heading: "Commercial paper", Apple R36)
            score -= 4
        if following in earlier:
            score += 3  # rows (and their abstracts) repeat under each member
        if _is_label_like(following):
            score += 1  # abstract insertion restarts after a segment title
        elif self._lost_its_heading(index):
            score += 1
        if label.isupper() or label.endswith(":"):
            score -= 2
        return score

    # -- rows into the grid -----------------------------------------------------------------

    def _build_rows(self, kinds: list[str]) -> None:
        columns = self._column_infos()
        infos = []
        path: tuple[str, ...] = ()
        heading_unit: str | None = None  # what the nearest heading's wording hints at
        for row, kind in zip(self.rows, kinds, strict=True):
            if kind == "segment":
                path = tuple(row.label.text.split(" | "))
                heading_unit = None
            info = self._row_info(row, kind, path)
            if kind == "abstract":
                heading_unit = label_unit_category(row.label.text)[0]
            elif info.unit_category is None and heading_unit is not None and row.values:
                # "Basic" and "Diluted" under "Net income per share" are per-share figures.
                info = replace(info, unit_category=heading_unit, unit_explicit=False)
            infos.append(info)
        money_default = _money_default(split_title(self.grid.title_lines), columns)
        placements = place_rows(infos, columns, money_default=money_default)
        for row, kind, info, placement in zip(self.rows, kinds, infos, placements, strict=True):
            self.grid.rows.append(self._grid_row(row, kind, info, placement))
        _date_deductions(self.grid.rows, kinds)

    def _column_infos(self) -> list[ColumnInfo]:
        custom = frozenset(
            _row_unit(row.label.text, True)[1] or "" for row in self.rows if row.values
        ) - {""}
        infos = []
        for index, column in enumerate(self.grid.columns):
            lines = split_column_lines(column.lines, custom)
            infos.append(
                ColumnInfo(
                    index=index + 1,
                    group=column.group,
                    date=lines.date,
                    members=lines.members,
                    units=lines.units,
                )
            )
        return infos

    def _row_info(self, row: RawRow, kind: str, path: tuple[str, ...]) -> RowInfo:
        label = row.label.text
        balance = split_balance_label(label)
        base = balance[0] if balance else label
        role, date = _balance_role(kind, base, balance[1] if balance else None)
        category, custom, explicit = _row_unit(base, bool(row.values))
        numbers = [parse_number(v.text) if not v.bare else None for v in row.values]
        return RowInfo(
            label=label,
            kind=kind,
            symbols=tuple(bool(n and n.symbol) for n in numbers),
            percents=tuple(bool(n and n.percent) for n in numbers),
            numbers=tuple(n.number if n else None for n in numbers),
            unit_category=category,
            unit_explicit=explicit,
            custom_unit=custom,
            members=path,
            balance=role,
            balance_date=date,
            currencies=tuple(n.symbol if n else None for n in numbers),
            columns=tuple(row.columns) if row.columns is not None else None,
        )

    def _grid_row(self, row: RawRow, kind: str, info: RowInfo, placement: Placement) -> GridRow:
        short = row.columns is None and 0 < len(row.values) < len(self.grid.columns)
        if len(row.values) > len(self.grid.columns):
            self.grid.warnings.append(
                f"line {row.label.line}: {len(row.values)} values under "
                f"{len(self.grid.columns)} columns; the extra values were dropped"
            )
        cells = []
        for value, notes, column, category in zip(
            row.values, row.value_notes, placement.columns, placement.categories, strict=False
        ):
            uncertainties: list[Uncertainty] = []
            if category == "text":  # a text value: no unit
                category = None
            elif category == "pure?":  # not money, but which unit the text cannot say
                category = (
                    "shares" if self._shares_page or "share" in row.label.text.lower() else "pure"
                )
                uncertainties.append(Uncertainty.UNIT_INFERRED)
            if short:
                uncertainties.append(Uncertainty.COLUMN_PLACEMENT)
            if placement.tie:
                uncertainties.append(Uncertainty.PLACEMENT_TIE)
            if column - 1 in self.group_uncertain:
                uncertainties.append(Uncertainty.GROUP_SPAN)
            if row.text_decided and not looks_like_value(value.text):
                uncertainties.append(Uncertainty.LABEL_OR_VALUE)
            text = "\n".join(value.lines)
            is_text_block = (
                value.bare
                or "\n" in text
                or len(text) > _TEXT_BLOCK_LENGTH
                or (self.text_block_page() and not looks_like_value(text))
            )
            if is_text_block and normalize_space(text).casefold() == row.label.text.casefold():
                self.grid.warnings.append(
                    f"line {value.line}: the text block {row.label.text!r} holds only its "
                    "heading (trafilatura dropped the rest): no fact"
                )
                continue
            cells.append(
                GridCell(
                    column=column,
                    text=text,
                    line=value.line,
                    footnotes=notes,
                    is_text=self._is_text_value(value),
                    is_text_block=is_text_block,
                    unit_category=category,
                    custom_unit=info.custom_unit,
                    uncertainties=tuple(uncertainties),
                )
            )
        label = row.label.text
        is_instant = kind == "balance" or (
            kind == "line" and (is_period_start_label(label) or is_period_end_label(label))
        )
        names_balance = balance_rule(self.grid.title_lines)
        balance_named = (
            kind == "line"
            and not is_instant
            and any(not cell.is_text for cell in cells)
            and names_balance(label)
        )
        return GridRow(
            label=label,
            line=row.label.line,
            cells=tuple(cells),
            is_abstract=kind == "abstract",
            is_segment=kind == "segment",
            is_balance=kind == "balance" and split_balance_label(label) is not None,
            footnotes=row.row_notes,
            period_type=PeriodType.INSTANT if is_instant else None,
            is_period_start=is_period_start_label(label),
            names_a_balance=balance_named,
            element=_printed_element(row),
        )

    def _is_text_value(self, value: TextCell) -> bool | None:
        """Cover pages print identifiers ("408", "95014") as text; elsewhere numbers are numbers."""
        if value.bare:
            return True
        number = parse_number(value.text)
        if number is None:
            return True
        if self.kind is ReportKind.COVER and number.symbol is None and "," not in value.text:
            return not ("." in value.text or value.text.startswith("("))
        return False


def _printed_element(row: RawRow) -> QName | None:
    """The element the row's numbers name beside them, where they name one (EdgarRenderer
    2's pages: "$ 38,723.0dei_EntityPublicFloat")."""
    names = {value.element for value in row.values if value.element}
    if len(names) != 1:
        return None
    try:
        return QName.parse(names.pop())
    except ValueError:
        return None


def _date_deductions(rows: list[GridRow], kinds: list[str]) -> None:
    """In "A; Less: B; C" where C = A - B in a column, all three are balances when A is one
    ("Cash - End of Period; Less: cash of discontinued operations; Cash - continuing
    operations"): a flow is not taken from a balance. The text gives no period types
    otherwise (A12). When only A's label names a balance ("Accounts receivable"), B and C
    are balances by that same rule ("Less: provision for doubtful accounts")."""
    for index in range(1, len(rows) - 1):
        if not is_less_label(rows[index].label) or kinds[index - 1 : index + 2] != ["line"] * 3:
            continue
        above = rows[index - 1]
        dated = above.period_type is PeriodType.INSTANT and not above.is_period_start
        if not (dated or above.names_a_balance):
            continue
        if _deducts(above, rows[index], rows[index + 1]):
            for at in (index, index + 1):
                if rows[at].period_type is not None:
                    continue
                if dated:
                    rows[at] = replace(rows[at], period_type=PeriodType.INSTANT)
                else:
                    rows[at] = replace(rows[at], names_a_balance=True)


def _deducts(above: GridRow, less: GridRow, result: GridRow) -> bool:
    """Whether result = above - less (either sign of less) in some column holding all three."""
    values = [
        {
            c.column: n.number
            for c in row.cells
            if (n := parse_number(c.text)) is not None and n.number is not None
        }
        for row in (above, less, result)
    ]
    return any(
        column in values[0]
        and column in values[1]
        and number in (values[0][column] - values[1][column], values[0][column] + values[1][column])
        for column, number in values[2].items()
    )


def _balance_role(
    kind: str, label: str, date_text: str | None
) -> tuple[str | None, dt.date | None]:
    """A row's role in a roll-forward: equity balance rows chain blocks (or open one when
    labelled as a beginning); other rows open or close by their wording."""
    if kind == "balance" and date_text is not None:
        return ("open" if is_period_start_label(label) else "chain"), parse_date(date_text)
    if kind == "line" and is_period_start_label(label):
        return "open", None
    if kind == "line" and is_period_end_label(label):
        return "close", None
    return None, None


def _formatted(cells: list[TextCell]) -> list[TextCell]:
    """include_formatting writes a bold cell's text (a heading row) on the line after its
    '|': one short line there is the cell's text, not a text block, unless it repeats the
    label above it (a disclosure cut to its heading). A long heading ending in ':' reads
    as a disclosure's opening sentence, but not right after a number: a statement's
    heading row ("Change in unrealized gains/losses on marketable debt securities, net of
    tax:" under a total), not a text value of the row above."""
    read: list[TextCell] = []
    for cell in cells:
        line = cell.extra[0] if cell.bare and len(cell.extra) == 1 else None
        if line is not None and _is_formatted_heading(line, read[-1] if read else None):
            cell = TextCell(line, cell.line)
        read.append(cell)
    return read


def _is_formatted_heading(line: str, before: TextCell | None) -> bool:
    if len(line) > _TEXT_BLOCK_LENGTH or (before is not None and before.text == line):
        return False
    if not is_prose(line):
        return True
    return line.endswith(":") and before is not None and parse_number(before.text) is not None


def _join_text_blocks(cells: list[TextCell]) -> list[TextCell]:
    """On a text-block page, fold the '|' lines of a disclosure's own tables back into it.

    A text block starts with its first paragraph (a bare '|' cell, a heading with its
    paragraphs, or a sentence) right after its row's label; every cell after it belongs to
    it until the next label: a short line followed by such an opening paragraph, or a
    heading.
    """
    joined: list[TextCell] = []
    block: TextCell | None = None
    for index, cell in enumerate(cells):
        following = cells[index + 1] if index + 1 < len(cells) else None
        opens = following is not None and (
            following.bare or _is_prose(following) or _is_headed_prose(following)
        )
        starts_row = bool(ABSTRACT_SUFFIX.search(cell.text)) or (
            opens and not cell.bare and not _is_prose(cell) and not looks_like_value(cell.text)
        )
        if block is not None and not starts_row:
            block = TextCell("", block.line, block.extra + cell.lines)
            joined[-1] = block
            continue
        if cell.bare or _is_headed_prose(cell) or (joined and _is_prose(cell)):
            block = TextCell("", cell.line, cell.lines)  # bare: the reader takes it as a value
            joined.append(block)
        else:
            block = None
            joined.append(cell)
    return joined


def _is_prose(cell: TextCell) -> bool:
    return is_prose(cell.text) and not cell.bare


def _is_headed_prose(cell: TextCell) -> bool:
    """A disclosure that opens with its own heading: a first line that is no value, then
    paragraphs (a table cell inside a disclosure can span lines too, but not paragraphs)."""
    return (
        bool(cell.extra)
        and not cell.bare
        and not looks_like_value(cell.text)
        and any(_is_prose(TextCell(line, cell.line)) for line in cell.extra)
    )


def _is_label_like(text: str) -> bool:
    """Lines that can only be labels: abstracts, [Member] and [Axis] titles, headings ending ':'."""
    return (
        bool(ABSTRACT_SUFFIX.search(text))
        or text.endswith(("[Member]", ":"))
        or ("[Axis]: " in text)
    )


def _row_unit(label: str, has_values: bool) -> tuple[str | None, str | None, bool]:
    """A row's unit from its label: a unit suffix ("| $", "| shares", "| site") or wording,
    with whether the label says it explicitly (a suffix) or only hints at it."""
    head, sep, tail = label.rpartition(" | ")
    if sep and head and has_values:
        category = unit_word_category(tail)
        if category is not None:
            return category, None, True
        return "other", tail, True
    category, explicit = label_unit_category(label)
    return category, None, explicit


def _scales_money(scale_label: str) -> bool:
    """Whether a rounding option scales a currency ("$ in Millions", "€ in Thousands", "$ /
    shares in Units"): the renderer's rounding covers money, per-share amounts and shares."""
    return any(unit != "shares" for unit in parse_scale(scale_label))


def _money_default(title: TitleParts | None, columns: list[ColumnInfo]) -> str | None:
    """The unit category of a value nothing types: the title's promoted money unit, else
    money where the rounding option scales a currency or the columns name one."""
    unit = read_unit_label(title.unit_label) if title and title.unit_label else None
    if unit is not None:
        return unit.category if unit.category in MONEY else None
    scale = title.scale_label if title else None
    scaled = scale is not None and _scales_money(scale)
    return "monetary" if scaled or _columns_list_money(columns) else None


def _columns_list_money(columns: list[ColumnInfo]) -> bool:
    """Whether the page names its currency in its columns ("Sep. 30, 2017 USD ($)") rather
    than its title: a page in units, not scaled, has no "$ in Millions" to say so."""
    return any(
        (unit := read_unit_label(label)) is not None and unit.category in MONEY
        for column in columns
        for label in column.units
    )
