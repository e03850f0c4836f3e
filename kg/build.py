"""From input paths to one dataset: find the pages, read each, emit its graph.

A file that cannot be read becomes a ``SourceError`` in the result and the others go on; the
caller decides what that means for the exit code. Nothing here writes files.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import hashlib
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import AppendedPage, KgError, SourceError
from kg.linkbases import CalculationLinkbase, find_linkbases, negated_rows, read_linkbase
from kg.model import Filing, QName, Report
from kg.rdf.dataset import Dataset
from kg.rdf.derived import calculation_triples, layout_triples
from kg.rdf.emit import cover_filing_triples, filing_triples, report_triples
from kg.rdf.iris import Iris
from kg.rdf.namespaces import DEFAULT_BASE
from kg.readers.assemble import assemble
from kg.readers.cover_period import (
    cover_page_path,
    date_blocks,
    document_period_column,
    undated_block_column,
)
from kg.readers.filing import (
    XML_R_PAGE,
    cover_filing,
    is_filing_folder,
    is_submission,
    read_filing_folder,
    read_submission,
)
from kg.readers.grid import Grid, GridColumn, move_lines
from kg.readers.rhtml import read_html_grid, second_page_start
from kg.readers.rtable import (
    is_table_text,
    next_table_page_line,
    old_table_line,
    read_table_text_grid,
)
from kg.readers.rtext import (
    read_definition_only_grid,
    read_text_block_only_grid,
    read_text_grid,
)
from kg.readers.rtext_cell_lines import cells_per_line
from kg.readers.rtext_cells import (
    LINKS_DROPPED,
    Sections,
    bars_close_cells,
    links_dropped_line,
    next_page_line,
    split_sections,
    without_front_matter,
)
from kg.readers.rtext_paired_bars import paired_bars, unsplit_header
from kg.readers.rtext_rows import one_line_rows, padded_rows
from kg.taxonomy.index import TaxonomyIndex
from kg.taxonomy.resolve import resolve_grid

PAGE_SUFFIXES = (".txt", ".htm", ".html")  # in folders; a file given by name is read as it is
GZIP_MAGIC = b"\x1f\x8b"
_BINARY_PROBE = 8192


@dataclass
class BuildResult:
    """What a build read and produced."""

    dataset: Dataset = field(default_factory=Dataset)
    reports: list[Report] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)

    @property
    def facts(self) -> int:
        return sum(len(r.facts) for r in self.reports)


def find_pages(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Each input file as given, and the R pages inside each input folder, in sorted order.

    Filing folders (with FilingSummary.xml) and full submissions come out as one path each; a
    folder without pages comes out itself, for ``build`` to report.
    """
    for given in inputs:
        path = Path(given)
        if path.is_dir() and not is_filing_folder(path):
            empty = True
            for found in _walk_sorted(path):
                if any(
                    is_filing_folder(parent) for parent in found.parents if parent != path.parent
                ):
                    continue  # read with its filing
                if is_filing_folder(found) or (found.is_file() and _is_page_name(found)):
                    empty = False
                    yield str(found)
            if empty:
                yield str(given)  # the folder itself, which fails as an input (see build)
        else:
            yield str(given)


_NO_PAGES = (
    "no R pages in this folder (.txt, .htm or .html files, gzipped or not, or filing folders "
    "with FilingSummary.xml); give other files, such as trafilatura's .md output, by name"
)


def _is_page_name(path: Path) -> bool:
    """R1.txt, R1.htm, R1.html, and each of them gzipped (R1.htm.gz)."""
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(PAGE_SUFFIXES)


def _walk_sorted(folder: Path) -> Iterator[Path]:
    """Everything under ``folder`` in the order of ``sorted(folder.rglob("*"))``: each
    folder's entries sorted, a subfolder's right after it, symlinked folders not entered.

    Only the listings on the way down are held, not the sorted tree: for a quarter's
    500,000 pages that tree was a list of Path objects as long as the corpus.
    """
    try:
        entries = sorted(folder.iterdir())
    except PermissionError:  # rglob passes over a folder it may not list
        return
    for entry in entries:
        yield entry
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk_sorted(entry)


def read_report(path: str, taxonomy: TaxonomyIndex | None = None) -> Report:
    """Read one R page, HTML or '|' text, into the model. Raises ``SourceError``
    (``AppendedPage`` for a file that holds another page after the first: ``read_reports``).

    With ``taxonomy``, a '|' text page's rows and definition entries get the elements the
    dictionaries pin (``kg.taxonomy.resolve``); HTML pages name their elements themselves.
    """
    data = _read_bytes(path)
    return _report(path, _decode(path, data), hashlib.sha256(data).hexdigest(), taxonomy)


def read_reports(
    path: str,
    taxonomy: TaxonomyIndex | None = None,
    errors: list[SourceError] | None = None,
) -> list[Report]:
    """Read every R page a file holds, in order: one, or several appended to one file (the
    pages of a filing saved together, as HTML or '|' text). Each report's source is the
    file, with its page's place in it where there are several (``Source.page``); lines are
    the file's. A page that cannot be read is raised, or added to ``errors`` and the pages
    after it read."""
    data = _read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    return _reports(path, _decode(path, data), sha256, taxonomy, errors)


def read_report_text(
    text: str, name: str = "<text>", taxonomy: TaxonomyIndex | None = None
) -> Report:
    """Read one R page held in memory, HTML or '|' text (a database's column, trafilatura's
    return value), as ``read_report`` reads it from a file. ``name`` stands for the path: in
    messages and as the report's source. The same text gives the same report as its file
    (its hash names the source), but for a page that lost its header, which has no cover
    page beside it to date its disclosures."""
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # A text read with "utf-8" rather than "utf-8-sig" keeps a byte-order mark.
    return _report(name, text.removeprefix("\ufeff"), sha256, taxonomy, covered=False)


def read_reports_text(
    text: str,
    name: str = "<text>",
    taxonomy: TaxonomyIndex | None = None,
    errors: list[SourceError] | None = None,
) -> list[Report]:
    """Every R page of a text held in memory, as ``read_reports`` reads a file and
    ``read_report_text`` one page."""
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = text.removeprefix("\ufeff")
    return _reports(name, text, sha256, taxonomy, errors, covered=False)


def _reports(
    path: str,
    text: str,
    sha256: str,
    taxonomy: TaxonomyIndex | None,
    errors: list[SourceError] | None,
    *,
    covered: bool = True,
) -> list[Report]:
    """The file's pages one by one: a reader that meets a second page says where it starts
    (``AppendedPage``), and the text up to there is read again as one page."""
    html = looks_like_html(text)
    if not html:
        text = without_front_matter(text)  # as the reader sees it: its offsets are into this
    reports: list[tuple[int, Report]] = []  # with their place among the file's pages
    place = 1
    start, end = 0, _page_end(text, 0)
    before = 0  # the file's lines before ``start``: each page keeps the file's line numbers
    while True:
        try:
            page = text[start:end]
            report = _report(path, page, sha256, taxonomy, covered=covered, lines_before=before)
        except SourceError as error:
            split = start + error.offset if isinstance(error, AppendedPage) else end
            if start < split < end:
                end = split  # the text up to the next page, read again as one page
                continue
            if errors is None:
                raise
            errors.append(error)  # the pages after it are still read
        else:
            reports.append((place, report))
        if end == len(text):
            break
        before += _line_count(page, html)  # the text read last: text[start:end]
        start, end, place = end, _page_end(text, end), place + 1
    if place == 1:
        return [report for _, report in reports]
    # several pages: each is named by its place in the file
    return [replace(report, source=replace(report.source, page=n)) for n, report in reports]


def _line_count(page: str, html: bool) -> int:
    """The lines of a page that ends with its last line's break, counted as its reader numbers
    them: lxml counts "\n" only; the text readers split lines as ``str.splitlines`` does (a
    lone "\r" too)."""
    return page.count("\n") if html else len(page.splitlines())


def _page_end(text: str, start: int) -> int:
    """Where the page that starts at ``start`` ends, as far as the text after it tells: the
    next page's start, looked for in a window that doubles until it holds one, or the file's
    end once the window would reach it (the read looks there itself). Reading a page looks
    for the next one in all the text it is given: given the rest of the file, a file of many
    pages would take time growing with the square of its pages."""
    size = _FIRST_WINDOW
    while (line_end := _LINE_END.search(text, start + size)) and line_end.end() < len(text):
        if offset := _next_page_offset(text[start : line_end.end()]):
            return start + offset
        size *= 2
    return len(text)


_FIRST_WINDOW = 1 << 14  # characters: most R pages are shorter, some 30 times longer
_LINE_END = re.compile(r"\r\n?|\n")


def _next_page_offset(text: str) -> int | None:
    """Where a second R page starts in the text, in the forms read page by page."""
    if looks_like_html(text):
        return second_page_start(text)
    if _xml_kind(text) is not None or is_table_text(text):
        return None  # not an R page, or markdown, which the read refuses
    sections = split_sections(text)
    if not sections.opening_bars or (line := next_page_line(sections, text)) is None:
        return None
    return _line_offset(text, line)


def _line_offset(text: str, line: int) -> int:
    return sum(len(each) for each in text.splitlines(keepends=True)[: line - 1])


def _report(
    path: str,
    text: str,
    sha256: str,
    taxonomy: TaxonomyIndex | None,
    *,
    covered: bool = True,
    lines_before: int = 0,
) -> Report:
    try:
        grid = _read_page_grid(path, text, sha256, lines_before)
        if (column := undated_block_column(grid)) is not None:
            _date_by_cover(path if covered else None, grid, column)
        if taxonomy is not None:
            grid = resolve_grid(grid, taxonomy)
        return assemble(grid)
    except KgError:
        raise
    except Exception as exc:
        raise SourceError.reader_failure(path, exc) from exc


def _read_page_grid(path: str, text: str, sha256: str, lines_before: int) -> Grid:
    """``_read_grid`` for a page that follows ``lines_before`` lines of its file: the lines
    of its grid and of its errors are the file's."""
    try:
        grid = _read_grid(path, text, sha256)
    except SourceError as error:
        if error.line is not None:
            error.line += lines_before
        raise
    move_lines(grid, lines_before)
    return grid


def _date_by_cover(path: str | None, grid: Grid, column: int) -> None:
    """A text page that lost its header: its disclosures take the document period of the
    cover page beside it (``kg.readers.cover_period``), or stay undated; a note says which."""
    cover = cover_beside(path) if path is not None else None
    if cover is None or cover.period is None:
        grid.warnings.append(
            "no cover page of its filing (R1) beside it gives the document period: "
            "its disclosures have no facts"
        )
        return
    date_blocks(grid, column, cover.period)
    grid.warnings.append(
        f"its disclosures are dated by the cover page beside it, {cover.path.name}: "
        f"{cover.period.group} {cover.period.lines[0]} (period-from-cover)"
    )


@dataclass(frozen=True, slots=True)
class CoverBeside:
    """What the cover page beside a page (``kg.readers.cover_period``) says of its filing."""

    path: Path
    period: GridColumn | None  # the document period, for disclosures that lost their header
    filing: Filing | None  # the filing it names by CIK, form and period end; no reports


def cover_beside(path: str) -> CoverBeside | None:
    """The cover page of a page's filing, read, if one is beside it (a page outside a filing
    folder: the filing folder's FilingSummary.xml names its own)."""
    cover = cover_page_path(path)
    if cover is None:
        return None
    try:
        modified = cover.stat().st_mtime_ns
    except OSError:
        return None
    return _read_cover(str(cover), modified)


@functools.lru_cache(maxsize=16)
def _read_cover(cover: str, modified: int) -> CoverBeside | None:
    """``modified`` keys the cache to the file's version."""
    try:
        grid = _read_grid(cover, _decode(cover, _read_bytes(cover)), "")
        period = document_period_column(grid)
        filing = cover_filing(assemble(grid), cover)
    except Exception:  # a cover that cannot be read says nothing (it reports itself when read)
        return None
    return CoverBeside(Path(cover), period, filing)


def build(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    base: str = DEFAULT_BASE,
    taxonomy: TaxonomyIndex | None = None,
) -> BuildResult:
    """Read every page under ``inputs`` and emit one named graph per report.

    Each report graph also holds what its layout says about how its rows add up
    (``kg.rdf.derived``). Pages read from a filing folder with linkbases get the folder's
    calculation linkbase (a graph of its own, naming the reports it governs) and their rows'
    negated labels.
    """
    iris = Iris(base)
    result = BuildResult()
    folders: dict[Path, _FilingFolder] = {}
    for path in find_pages(inputs):
        try:
            filing = read_filing(path, result.errors)
            if filing is not None:
                folder = Path(path) if Path(path).is_dir() else None
                _add_filing(result, filing, iris, folder, folders)
                continue
            if Path(path).is_dir():
                raise SourceError(path, _NO_PAGES)
            if path == STDIN:
                reports = _read_stdin(taxonomy, result.errors)
            else:
                reports = read_reports(path, taxonomy, result.errors)
        except SourceError as error:
            result.errors.append(error)
            continue
        except KgError:
            raise
        except Exception as exc:  # a filing's reports, read in kg.readers.filing
            result.errors.append(SourceError.reader_failure(path, exc))
            continue
        cover = cover_beside(path) if reports else None
        here = _folder(Path(path).parent, result, folders)
        for report in reports:
            result.reports.append(report)
            node = _add_report(result.dataset, report, iris, here.negated.get(Path(path).name))
            here.reports.append(node)
            if cover is not None and cover.filing is not None:
                filing = replace(cover.filing, reports=(report,))
                result.dataset.add(node, cover_filing_triples(filing, iris))
    for known in folders.values():
        for linkbase in known.linkbases:
            # A filing read whole keeps everything in its one graph.
            graph = known.graph or iris.calculation(linkbase.sha256)
            result.dataset.add(graph, calculation_triples(linkbase, known.reports, iris))
    return result


STDIN = "-"  # an input that is one page on standard input


def _read_stdin(
    taxonomy: TaxonomyIndex | None, errors: list[SourceError] | None = None
) -> list[Report]:
    """Pages piped in (``trafilatura ... | kg build - -o g.nq``), read as a file is."""
    data = _unpacked("<stdin>", sys.stdin.buffer.read())
    text = _decode("<stdin>", data)
    return _reports("<stdin>", text, hashlib.sha256(data).hexdigest(), taxonomy, errors)


def emit_reports(reports: Iterable[Report], *, base: str = DEFAULT_BASE) -> Dataset:
    """The graph of reports the caller read (``read_report_text``): one named graph per
    report, as ``build`` emits a page read on its own."""
    iris = Iris(base)
    dataset = Dataset()
    for report in reports:
        _add_report(dataset, report, iris)
    return dataset


def _add_report(
    dataset: Dataset, report: Report, iris: Iris, negated: dict[QName, bool] | None = None
) -> str:
    """A report's own named graph: its facts and what its layout says; returns its node."""
    node = iris.report(report)
    dataset.add(node, report_triples(report, iris))
    dataset.add(node, layout_triples(report, iris, negated=negated))
    return node


@dataclass
class _FilingFolder:
    """The linkbases beside a folder's pages (a filing folder), and the reports read there."""

    linkbases: list[CalculationLinkbase]
    negated: dict[str, dict[QName, bool]]
    reports: list[str] = field(default_factory=list)
    graph: str | None = None  # the filing's graph, when the folder was read as one filing

    @classmethod
    def read(cls, folder: Path, result: BuildResult) -> _FilingFolder:
        linkbases = []
        for path in find_linkbases(folder):
            try:
                linkbases.append(read_linkbase(path))
            except SourceError as error:
                result.errors.append(error)
        try:
            negated = negated_rows(folder) if linkbases else {}
        except SourceError as error:
            result.errors.append(error)
            negated = {}
        return cls(linkbases, negated)


def _folder(path: Path, result: BuildResult, folders: dict[Path, _FilingFolder]) -> _FilingFolder:
    known = folders.get(path)
    if known is None:
        known = folders[path] = _FilingFolder.read(path, result)
    return known


def read_filing(path: str, errors: list[SourceError] | None = None) -> Filing | None:
    """A filing folder or full-submission file as one ``Filing``; None for anything else.
    With ``errors``, a report that cannot be read is added there and the filing keeps the
    others (else it is raised)."""
    location = Path(path)
    if is_filing_folder(location):
        return read_filing_folder(location, display=path, errors=errors)
    if location.suffix.lower() == ".txt" and is_submission(location):
        return read_submission(location, display=path, errors=errors)
    return None


def _add_filing(
    result: BuildResult,
    filing: Filing,
    iris: Iris,
    folder: Path | None = None,
    folders: dict[Path, _FilingFolder] | None = None,
) -> None:
    """One named graph per filing: the filing node and all its reports, with their layouts
    (and, for a filing folder, its linkbases)."""
    result.filings.append(filing)
    result.reports.extend(filing.reports)
    graph = iris.filing(filing.key)
    result.dataset.add(graph, filing_triples(filing, iris))
    here = _folder(folder, result, folders) if folder is not None and folders is not None else None
    for report in filing.reports:
        result.dataset.add(graph, report_triples(report, iris))
        name = report.filing.html_file_name if report.filing else None
        negated = here.negated.get(name) if here is not None and name else None
        result.dataset.add(graph, layout_triples(report, iris, negated=negated))
        if here is not None:
            here.graph = graph
            here.reports.append(iris.report(report))


def _read_bytes(path: str) -> bytes:
    """A page's bytes, gunzipped when it is stored compressed (told by content, not name)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    return _unpacked(path, data)


def _unpacked(path: str, data: bytes) -> bytes:
    """A page's bytes as they are, or gunzipped when they are gzip's."""
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(path, f"a damaged gzip file: {exc}") from exc


def read_head(path: str, size: int) -> bytes:
    """Up to ``size`` bytes from the start of a page, gunzipped as ``read_report`` reads it."""
    with open(path, "rb") as handle:
        head = handle.read(size)
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as unpacked:
                return unpacked.read(size)
        except (OSError, EOFError, zlib.error):
            return b""
    return head


def _decode(path: str, data: bytes) -> str:
    # Text saved on Windows may open with a byte-order mark: UTF-8 (Notepad) or UTF-16
    # (PowerShell's '>' redirect).
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(path, "not valid UTF-16 text", line=1) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:_BINARY_PROBE]:
        raise SourceError(path, "binary file, not an R page", line=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(path, "not UTF-8 text", line=line) from exc


# A filing's other XML files given as pages, by their root element: (what it is, what to do).
_XML_KINDS = {
    "InstanceReport": (XML_R_PAGE, "kg reads R pages in HTML"),
    "FilingSummary": ("a FilingSummary.xml", "give the folder that holds it and its R pages"),
    "xbrl": ("an XBRL instance document", "kg does not read instances; give the R pages"),
    "linkbase": ("an XBRL linkbase", "kg reads a filing folder's own, beside its R pages"),
    "schema": ("an XML schema", "a taxonomy's schemas go to --taxonomy"),
}


# An XML document's root element, after its declaration, comments and doctype.
_XML_ROOT = re.compile(r"(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([\w.:-]+)", re.S)


def _xml_kind(text: str) -> tuple[str, str] | None:
    """What a page that is one of a filing's other XML files is, and what to do instead."""
    root = _XML_ROOT.match(_head(text))
    return _XML_KINDS.get(root.group(1).split(":")[-1]) if root else None


_NON_SPACE = re.compile(r"\S")


def _head(text: str) -> str:
    """The text's first 4096 characters after its leading white space (a page cut from a
    file of several may start with blank lines), without copying the rest."""
    found = _NON_SPACE.search(text)
    start = found.start() if found else 0
    return text[start : start + 4096]


def looks_like_html(text: str) -> bool:
    """An R page as HTML (or an EDGAR SGML wrapper of one), not as '|' text."""
    head = _head(text).lower()
    return "<table" in head or "<html" in head or "<document>" in head or "<span" in head


def _stop_at_next_page(path: str, text: str, sections: Sections | None) -> None:
    """Raise where another R page starts in a '|' text, before a reader takes it for this
    page's: ``AppendedPage`` in the forms whose pages are told apart surely (cells opening
    with '|': trafilatura 1.4 to 1.8.0), a plain ``SourceError`` in the others (``sections``
    None: markdown tables)."""
    line = next_table_page_line(text) if sections is None else next_page_line(sections, text)
    if line is None:
        return
    if sections is None or not sections.opening_bars:
        raise SourceError(
            path,
            "another R page starts here: pages appended to one file are read one by one as "
            "HTML or as trafilatura 1.4 to 1.8.0 writes them, not in this form; split them",
            line=line,
        )
    raise AppendedPage(
        path, "another R page starts here", line=line, offset=_line_offset(text, line)
    )


def _read_grid(path: str, text: str, sha256: str) -> Grid:
    if (kind := _xml_kind(text)) is not None:
        what, instead = kind
        raise SourceError(path, f"not an R page: {what}", line=1, hint=instead)
    if looks_like_html(text):
        return read_html_grid(text, path=path, sha256=sha256)
    if not text.strip():
        raise SourceError(path, "empty file", line=1)
    text = without_front_matter(text)
    table_text = is_table_text(text)  # markdown tables, not '|' lines
    sections = None if table_text else split_sections(text)
    _stop_at_next_page(path, text, sections)
    # trafilatura 2.2's tables keep their links, which the table reader reads away; 1.9 to
    # 2.0 wrote tables too, but drop links as 1.x does
    markdown_links_kept = table_text and old_table_line(text) is None
    if not markdown_links_kept and (line := links_dropped_line(text)) is not None:
        raise SourceError(path, LINKS_DROPPED, line=line)
    if paired_bars(text):  # trafilatura 1.6.1 and earlier
        if (unsplit := unsplit_header(text)) is not None:
            raise SourceError(
                path,
                f"header cells without their '|' (trafilatura 1.3 or earlier): {unsplit.reason}, "
                "so the columns cannot be told apart; flatten with trafilatura 1.4.1 or later",
                line=unsplit.line,
            )
        return read_text_grid(text, path=path, sha256=sha256, sections=sections)
    if (grid := read_definition_only_grid(text, path=path, sha256=sha256)) is not None:
        return grid  # trafilatura 1.10-2.0 kept one element's definition, no table
    if (grid := read_text_block_only_grid(text, path=path, sha256=sha256)) is not None:
        return grid  # trafilatura 1.10-2.0 kept a text block's content, not the report's header
    if bars_close_cells(text) or one_line_rows(text) or padded_rows(text) or cells_per_line(text):
        # trafilatura 1.8.1 to 2.0
        return read_text_grid(text, path=path, sha256=sha256, sections=sections)
    if (line := old_table_line(text)) is not None:
        raise SourceError(
            path,
            "a table as trafilatura 2.0 writes it, or in a form this reader does not know "
            "(empty cells moved, header cells split over lines): not read; flatten with "
            "trafilatura 1.4.1 to 2.0, or 2.2 and later",
            line=line,
        )
    if table_text:
        return read_table_text_grid(text, path=path, sha256=sha256)
    return read_text_grid(text, path=path, sha256=sha256, sections=sections)
