"""Read an EDGAR R page's HTML into a grid: every cell in its column, every element by its id.

Handles the renderer's versions seen in EDGAR (v2.x to v3.25): whole pages, body fragments and
pages wrapped in an EDGAR SGML ``<DOCUMENT>`` block. The page says exactly what the '|' text
blurs, so nothing here guesses: column of every cell (footnote columns and colspans included),
group spans, the element behind each row, nil cells, footnotes and the full definitions block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import replace

from lxml import etree
from lxml.etree import ParserError, _Element

from kg.cells import footnote_numbers, normalize_space, parse_number
from kg.errors import AppendedPage, SourceError
from kg.model import DefinitionEntry, Footnote, PeriodType, QName, Reference, Uncertainty
from kg.readers.cues import (
    balance_rule,
    is_period_end_label,
    is_period_start_label,
    label_unit_category,
    unit_word_category,
)
from kg.readers.grid import Grid, GridCell, GridColumn, GridRow
from kg.readers.htmltext import html_to_text

_DEFREF = re.compile(r"defref_([^'\"]+)")
_VERSION = re.compile(r"^v?\d+\.\d+(?:\.\d+)*$")
_REFERENCE_PART = re.compile(r"^-(\S+) ?(.*)$")


def read_html_grid(text: str, *, path: str, sha256: str) -> Grid:
    """Parse one R page's HTML into a grid. Raises ``SourceError`` if it holds no report table,
    ``AppendedPage`` where a second R page starts."""
    if (second := second_page_start(text)) is not None:
        raise AppendedPage(
            path,
            "another R page's report table starts here",
            line=text.count("\n", 0, second) + 1,
            offset=second,
        )
    if (unclosed := _unclosed_table_line(text)) is not None:
        raise SourceError(
            path,
            "truncated: the table opened here is not closed where the page ends; fetch the "
            "page again",
            line=unclosed,
        )
    root = _parse(text, path)
    table = _report_table(root)
    if table is None:
        inline = "xmlns:ix=" in text[:20000] or "<ix:header" in text
        raise SourceError(
            path,
            'no EDGAR report table (table class="report") in this HTML',
            hint="it is an inline XBRL document, which kg does not read: give the filing's R "
            "pages (R1.htm ...), or its folder with FilingSummary.xml"
            if inline
            else None,
        )
    grid = Grid(source_path=path, source_sha256=sha256, media_type="text/html")
    grid.renderer_version = _renderer_version(root)
    rows = table.xpath("./tr | ./tbody/tr | ./thead/tr")
    header_rows = [r for r in rows if _children(r, "th")]
    body_rows = [r for r in rows if not _children(r, "th")]
    _read_header(grid, header_rows, path)
    for tr in body_rows:
        _read_body_row(grid, tr)
    grid.footnotes = _read_footnotes(table)
    grid.definitions = _read_definitions(root)
    details = grid.element_details()
    _apply_element_details(grid, details)
    _apply_label_cues(grid, details)
    return grid


def _apply_element_details(grid: Grid, details: Mapping[QName, DefinitionEntry]) -> None:
    """Give rows their element's period type and cells their unit category from Details."""
    for index, row in enumerate(grid.rows):
        entry = details.get(row.element) if row.element else None
        if entry is None or row.is_segment:
            continue
        category, custom = _row_unit(row, entry.data_type)
        guessed = (Uncertainty.UNIT_INFERRED,) if category == "pure?" else ()
        category = "pure" if category == "pure?" else category
        cells = tuple(
            replace(
                cell,
                unit_category=None if cell.is_text else category,
                custom_unit=custom,
                uncertainties=cell.uncertainties + (() if cell.is_text else guessed),
                is_text_block=bool(
                    cell.is_text
                    and entry.data_type
                    and entry.data_type.endswith("textBlockItemType")
                ),
            )
            for cell in row.cells
        )
        grid.rows[index] = replace(row, cells=cells, period_type=entry.period_type)
    for index, row in enumerate(grid.rows):
        if row.period_type is PeriodType.INSTANT and is_period_start_label(row.label):
            grid.rows[index] = replace(row, is_period_start=True)


def _apply_label_cues(grid: Grid, details: Mapping[QName, DefinitionEntry]) -> None:
    """Rows whose element has no Details on the page (a report table kept without its
    definitions) take their unit and period type from their label, as the '|' text reader
    reads them: a unit suffix or wording ("per share", "(in shares)"), else the nearest
    heading's ("Basic" under "Earnings per share:"). A beginning or ending balance is an
    instant, and so, marked, is a row whose label names a balance (assets, payables, ...)
    under a duration column."""
    names_balance = balance_rule(grid.title_lines)
    heading_unit: str | None = None
    for index, row in enumerate(grid.rows):
        if row.is_segment:
            heading_unit = None
            continue
        numbers = [cell for cell in row.cells if not cell.is_text and cell.text]
        if not any(cell.text for cell in row.cells):
            heading_unit = label_unit_category(row.label)[0]
            continue
        if row.element in details or not numbers:
            continue
        category, custom = _suffix_unit(row.label, numeric=True)
        category = category or label_unit_category(row.label)[0] or heading_unit
        if category not in (None, "monetary", "other") and _money_after_all(
            grid.rows, index, numbers, category
        ):
            category = None
        cells = row.cells
        if category is not None:
            guessed = (Uncertainty.UNIT_INFERRED,) if category == "pure?" else ()
            if category == "pure?":
                category = "shares" if "share" in row.label.lower() else "pure"
            cells = tuple(
                cell
                if cell.is_text
                else replace(
                    cell,
                    unit_category=category,
                    custom_unit=custom,
                    uncertainties=cell.uncertainties + guessed,
                )
                for cell in row.cells
            )
        is_instant = is_period_start_label(row.label) or is_period_end_label(row.label)
        grid.rows[index] = replace(
            row,
            cells=cells,
            period_type=PeriodType.INSTANT if is_instant else row.period_type,
            is_period_start=is_instant and is_period_start_label(row.label),
            names_a_balance=not is_instant and names_balance(row.label),
        )


_MONEY = ("monetary", "per-share")


def _money_after_all(
    rows: list[GridRow], index: int, numbers: list[GridCell], category: str
) -> bool:
    """Whether the row's ``numbers`` are money whatever its wording hints ("Common stock:
    $0.001 par value, 1,000,000,000 shares authorized", "Common stock (par value $1 per share
    ...)"): they print a currency symbol where the wording says no money, or none inside a
    money run."""
    if _symbolled(numbers):
        return category not in _MONEY
    return _inside_a_money_run(rows, index, numbers)


def _inside_a_money_run(rows: list[GridRow], index: int, numbers: list[GridCell]) -> bool:
    """Whether a money cell without its symbol stands right above one of the row's
    ``numbers``. The renderer prints the symbol on the first and last cell of each run of one
    unit down a column: a money cell without it is inside its run, which goes on below it."""
    for cell in numbers:
        above = next(
            (
                other
                for row in reversed(rows[:index])
                for other in row.cells
                if other.column == cell.column and not other.is_text and other.text
            ),
            None,
        )
        if (
            above is not None
            and above.unit_category in (None, "monetary")
            and not _symbolled([above])
        ):
            return True
    return False


def _symbolled(cells: list[GridCell]) -> bool:
    return any((number := parse_number(cell.text)) is not None and number.symbol for cell in cells)


def _row_unit(row: GridRow, data_type: str | None) -> tuple[str | None, str | None]:
    """A row's unit category: its label's unit suffix, else its element's data type."""
    numeric = bool(data_type) and not (data_type or "").endswith(_NON_NUMERIC_TYPES)
    category, custom = _suffix_unit(row.label, numeric=numeric)
    if category is not None:
        return category, custom
    local_type = (data_type or "").rpartition(":")[2]
    if local_type in _DATA_TYPE_UNITS:
        return _DATA_TYPE_UNITS[local_type], None
    # Counts and other numbers: XBRL's usual unit is pure, but the page cannot confirm it.
    return "pure?", None


def _suffix_unit(label: str, *, numeric: bool) -> tuple[str | None, str | None]:
    """The unit a label's suffix names ("| shares"; "| site", a custom unit's name, on a
    numeric row), with the custom unit's name."""
    head, sep, tail = label.rpartition(" | ")
    if sep and head:
        category = unit_word_category(tail)
        if category is not None:
            return category, None
        if numeric and len(tail.split()) <= 3:
            return "other", tail
    return None, None


_DATA_TYPE_UNITS = {
    "monetaryItemType": "monetary",
    "perShareItemType": "per-share",
    "sharesItemType": "shares",
    "percentItemType": "pure",
    "pureItemType": "pure",
}
_NON_NUMERIC_TYPES = ("stringItemType", "textBlockItemType", "dateItemType", "booleanItemType")


def _parse(text: str, path: str) -> _Element:
    # lxml refuses a str that declares its encoding; the text is decoded already.
    document = _XML_DECLARATION.sub("", _sgml_text(text), count=1)
    try:
        root = etree.fromstring(document, _HTML_PARSER)
    except (ParserError, ValueError) as exc:
        raise SourceError(path, f"not parseable as HTML: {exc}") from exc
    if root is None:
        raise SourceError(path, "not parseable as HTML: Document is empty")
    return root


# lxml.etree's own elements: lxml.html's element classes cost a class lookup per node touched
# (a tenth of reading an R page) and give nothing used here but ``text_content``.
_HTML_PARSER = etree.HTMLParser()
# What lxml.html's ``text_content`` returns, as a plain str (not a "smart" string that keeps
# its element, and so the page's whole tree, alive).
_text = etree.XPath("string()", smart_strings=False)
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_DEFINITION_TABLES = etree.XPath("//table[contains(@class,'authRefData')]")
_SECTION_TOGGLES = etree.XPath(".//div[contains(@class,'body')]/a")


def _children(element: _Element, tag: str) -> list[_Element]:
    """The element's children of one tag (an XPath "./tag" costs a compile per call)."""
    return [child for child in element if child.tag == tag]


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _sgml_text(text: str) -> str:
    """The HTML inside an EDGAR ``<DOCUMENT>...<TEXT>...</TEXT>`` wrapper, or the text itself."""
    start = text.find("<TEXT>")
    if start == -1 or "<DOCUMENT>" not in text[:start]:
        return text
    end = text.find("</TEXT>", start)
    return text[start + len("<TEXT>") : end if end != -1 else None]


def _report_table(root: _Element) -> _Element | None:
    for table in root.iter("table"):
        if "report" in (table.get("class") or "").split():
            return table
    return None


_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_REPORT_TABLE_TAG = re.compile(r"<table\b[^>]*\bclass\s*=\s*[\"']?report\b", re.IGNORECASE)


def _unclosed_table_line(text: str) -> int | None:
    """The line of the outermost table still open at the end of the text: a page cut short
    (an interrupted download), which the HTML parser would read as far as it goes."""
    opened: list[int] = []
    for tag in _TABLE_TAG.finditer(text):
        if not tag.group(1):
            opened.append(tag.start())
        elif opened:
            opened.pop()
    return text.count("\n", 0, opened[0]) + 1 if opened else None


def second_page_start(text: str) -> int | None:
    """Where the second R page starts in the raw text, if one does: pages appended to one file
    (or saved together) hold a report table each, which the HTML parser would mix into one.
    The page starts at its own ``<html>`` where it has one after the first report table, else
    at the renderer's version printed before its table, else at the table."""
    tags = _REPORT_TABLE_TAG.finditer(text)
    first = next(tags, None)
    second = next(tags, None)
    if first is None or second is None:
        return None
    start = second.start()
    if (version := _VERSION_BEFORE_TABLE.search(text, first.end(), start)) is not None:
        start = version.start()
    html = [m.start() for m in _HTML_TAG.finditer(text, first.end(), start)]
    return html[-1] if html else start


_HTML_TAG = re.compile(r"<html\b", re.IGNORECASE)
# "<span style="display: none;">v3.25.1</span>" right before the report table
_VERSION_BEFORE_TABLE = re.compile(
    r"<span\b[^>]*display:\s*none[^>]*>\s*v?\d+(?:\.\d+)+\s*</span>\s*\Z", re.IGNORECASE
)


def _renderer_version(root: _Element) -> str | None:
    for span in root.iter("span"):
        style = (span.get("style") or "").replace(" ", "")
        text = (span.text or "").strip()
        if "display:none" in style and _VERSION.match(text):
            return text.lstrip("v")
    return None


def _read_header(grid: Grid, header_rows: list[_Element], path: str) -> None:
    if not header_rows:
        raise SourceError(path, "the report table has no header row")
    first = header_rows[0]
    title_cell = first.xpath("./th[contains(concat(' ', @class, ' '), ' tl ')]")
    if title_cell:
        grid.title_lines = _title_lines(title_cell[0])
    if len(header_rows) == 1:
        column_row, group_row = first, None
    else:
        group_row, column_row = first, header_rows[1]
    groups = _group_spans(group_row) if group_row is not None else []
    grid.columns = _columns(column_row, groups)


def _title_lines(th: _Element) -> tuple[str, ...]:
    """The top-left cell: report name, then the rounding option after its <br>."""
    strong = th.find(".//strong")
    node = strong if strong is not None else th
    parts = _split_on_br(node)
    return tuple(p for p in (normalize_space(x) for x in parts) if p)


def _split_on_br(node: _Element) -> list[str]:
    parts = [node.text or ""]
    for child in node:
        if child.tag == "br":
            parts.append(child.tail or "")
        else:
            parts[-1] += _text(child) + (child.tail or "")
    return parts


def _physical_span(th: _Element) -> int:
    try:
        return max(1, int(th.get("colspan") or 1))
    except ValueError:
        return 1


def _group_spans(row: _Element) -> list[tuple[int, int, str | None]]:
    """(first, last) physical column positions of each group header, and its text."""
    spans: list[tuple[int, int, str | None]] = []
    position = 0
    for th in _children(row, "th"):
        width = _physical_span(th)
        classes = (th.get("class") or "").split()
        if "tl" in classes:
            position += width
            continue
        text = normalize_space(_text(th)) or None
        spans.append((position, position + width - 1, text))
        position += width
    return spans


def _columns(row: _Element, groups: list[tuple[int, int, str | None]]) -> list[GridColumn]:
    """Data columns in order; a footnote-only th belongs to the column before it.

    Positions are physical: the title cell's colspan counts in the group row only (it spans
    both header rows), so the column row starts at the title's width.
    """
    title_width = sum(_physical_span(th) for th in row.xpath("./th[contains(@class,'tl')]"))
    if not title_width and groups:
        title_width = groups[0][0]
    position = title_width
    columns: list[GridColumn] = []
    for th in _children(row, "th"):
        classes = (th.get("class") or "").split()
        if "tl" in classes:
            continue
        width = _physical_span(th)
        divs = _children(th, "div")
        if not divs and th.find(".//sup") is not None and columns:
            previous = columns[-1]
            columns[-1] = GridColumn(
                previous.group,
                previous.lines,
                previous.footnotes + footnote_numbers(_text(th)),
            )
        else:
            # empty lines are dropped below
            lines = tuple(normalize_space(_text(d)) for d in (divs or [th]))
            group = next((text for first, last, text in groups if first <= position <= last), None)
            columns.append(GridColumn(group, tuple(line for line in lines if line)))
        position += width
    return columns


def _read_body_row(grid: Grid, tr: _Element) -> None:
    tds = _children(tr, "td")
    if not tds:
        return
    label_td = tds[0]
    if "pl" not in (label_td.get("class") or "").split():
        return  # spacer and footnote-legend rows
    anchor = label_td.find(".//a")
    onclick = anchor.get("onclick", "") if anchor is not None else ""
    m = _DEFREF.search(onclick)
    defref = m.group(1) if m else None
    row_class = (tr.get("class") or "").split()
    line = tr.sourceline or 0
    cells: list[GridCell] = []
    row_footnotes: tuple[int, ...] = ()
    column = 0
    for td in tds[1:]:
        classes = (td.get("class") or "").split()
        if "th" in classes:  # a row-level footnote right after the label
            row_footnotes += footnote_numbers(_text(td))
            continue
        if "fn" in classes:
            markers = footnote_numbers(_text(td))
            if markers and cells and cells[-1].column == column:
                last = cells[-1]
                cells[-1] = GridCell(
                    last.column,
                    last.text,
                    last.line,
                    last.footnotes + markers,
                    last.is_text,
                    last.is_nil,
                )
            continue
        column += 1
        cell = _value_cell(td, column)
        if cell is not None:
            cells.append(cell)
    # The renderer marks a member's heading row "rh"; its defref ("Axis=Member") says so too,
    # for a page whose rows carry other classes.
    is_segment = "rh" in row_class or (defref is not None and "=" in defref and not cells)
    grid.rows.append(
        GridRow(
            label=normalize_space(_text(label_td)),
            line=line,
            cells=tuple(cells),
            element=_element_qname(defref) if defref and not is_segment else None,
            defref=defref,
            is_abstract=label_td.find(".//strong") is not None,
            is_segment=is_segment,
            is_balance="rc" in row_class,
            footnotes=row_footnotes,
        )
    )


def _element_qname(defref: str) -> QName | None:
    try:
        return QName.parse(defref)
    except ValueError:
        return None


def _value_cell(td: _Element, column: int) -> GridCell | None:
    classes = (td.get("class") or "").split()
    td = _without_hidden(td)
    raw = _text(td)
    line = td.sourceline or 0
    is_text = "text" in classes
    if not raw.strip(" \t\r\n") and "\xa0" not in raw and raw.strip("\r\n\t") == " ":
        return GridCell(column, "", line, is_text=is_text, is_nil=True)
    text = html_to_text(td) if is_text and _has_markup(td) else normalize_space(raw)
    if not text:
        return None
    return GridCell(column, text, line, is_text=is_text)


def _without_hidden(td: _Element) -> _Element:
    """The cell without the children it hides: EdgarRenderer 2 follows a value with a hidden
    span naming its element ("$ 38,723.0", then "dei_EntityPublicFloat"), which a click on
    the value shows. (A text block's own hidden cells are the filer's, and kept.)"""
    hidden = [index for index, child in enumerate(td) if _is_hidden(child)]
    if not hidden:
        return td
    copy = deepcopy(td)
    for index in reversed(hidden):
        _remove_keeping_tail(copy[index])
    return copy


def _is_hidden(element: _Element) -> bool:
    return _HIDDEN.search(element.get("style") or "") is not None


def _remove_keeping_tail(element: _Element) -> None:
    parent = element.getparent()
    assert parent is not None  # a child of the cell
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _has_markup(td: _Element) -> bool:
    return any(child.tag not in ("span",) for child in td.iter() if child is not td)


def _read_footnotes(table: _Element) -> list[Footnote]:
    notes = []
    for tr in table.xpath(".//table[contains(@class,'outerFootnotes')]//tr"):
        tds = _children(tr, "td")
        if len(tds) < 2:
            continue
        numbers = footnote_numbers(_text(tds[0]))
        if numbers:
            notes.append(Footnote(numbers[0], html_to_text(tds[1])))
    return notes


def _read_definitions(root: _Element) -> list[DefinitionEntry]:
    entries: list[DefinitionEntry] = []
    for table in _DEFINITION_TABLES(root):
        ident = (table.get("id") or "").removeprefix("defref_")
        entries.append(_definition_entry(len(entries) + 1, ident, table))
    return entries


def _definition_entry(position: int, ident: str, table: _Element) -> DefinitionEntry:
    sections = _sections(table)
    details = _details(sections.get("Details"))
    axis: QName | None = None
    qname: QName | None = None
    is_member = "=" in ident
    if is_member:
        axis_id, _, member_id = ident.partition("=")
        axis = _element_qname(axis_id)
        qname = _element_qname(member_id)
    else:
        qname = _element_qname(details.get("Name") or ident)
        prefix = (details.get("Namespace Prefix") or "").rstrip("_")
        name = details.get("Name") or ident
        if prefix and name.startswith(prefix + "_"):
            qname = QName(prefix, name[len(prefix) + 1 :])
    definition = _paragraph_text(sections.get("Definition"))
    references = _references(sections.get("References"))
    period = details.get("Period Type")
    return DefinitionEntry(
        position=position,
        is_member=is_member,
        definition=definition,
        references=references,
        qname=qname,
        axis=axis,
        data_type=details.get("Data Type") or None,
        balance=details.get("Balance Type") or None,
        period_type=PeriodType(period) if period in ("instant", "duration") else None,
        line=table.sourceline,
        ident=ident,
    )


def _sections(table: _Element) -> dict[str, _Element]:
    """Map "Definition" / "References" / "Details" to the div that follows each toggle."""
    sections: dict[str, _Element] = {}
    for a in _SECTION_TOGGLES(table):
        title = normalize_space(_text(a)).lstrip("+-").strip()
        following = a.getnext()
        if following is not None and following.tag == "div":
            sections[title] = following
    return sections


def _paragraph_text(div: _Element | None) -> str | None:
    if div is None:
        return None
    text = html_to_text(div)
    return text or None


def _references(div: _Element | None) -> tuple[Reference, ...]:
    """Parse "Reference 1: {role}" blocks, each followed by " -Part value" lines."""
    if div is None:
        return ()
    paragraph = div.find(".//p")
    lines = [normalize_space(x) for x in _split_on_br(paragraph if paragraph is not None else div)]
    references: list[Reference] = []
    role: str | None = None
    parts: list[tuple[str, str]] = []
    for line in lines:
        if line.startswith("Reference ") and ":" in line:
            if role is not None:
                references.append(Reference(role, tuple(parts)))
            role, parts = line.partition(":")[2].strip(), []
            continue
        m = _REFERENCE_PART.match(line)
        if m and role is not None:
            parts.append((m.group(1), m.group(2).strip()))
    if role is not None:
        references.append(Reference(role, tuple(parts)))
    return tuple(references)


def _details(div: _Element | None) -> dict[str, str]:
    if div is None:
        return {}
    details = {}
    for tr in div.iter("tr"):
        tds = _children(tr, "td")
        if len(tds) == 2:
            key = normalize_space(_text(tds[0])).rstrip(":")
            details[key] = normalize_space(_text(tds[1]))
    return details
