"""Whole EDGAR filings: a folder of R pages with FilingSummary.xml, or a full-submission .txt.

FilingSummary.xml lists every report in filing order with its role, long and short name and
menu category; MetaLinks.json (when present) adds every element's labels, documentation and
references. The cover page gives the filing's form, period, company and CIK. The accession
number comes from the submission header or the folder's name; a folder that does not say it
leaves it unknown, and the filing is then named by CIK, form and period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from kg.errors import SourceError
from kg.model import Filing, FilingContext, QName, Report
from kg.readers.assemble import assemble, page_dates
from kg.readers.rhtml import read_html_grid
from kg.taxonomy.elements import Element
from kg.taxonomy.metalinks import read_metalinks

SUMMARY = "FilingSummary.xml"
METALINKS = "MetaLinks.json"
_ACCESSION = re.compile(r"(\d{10})-?(\d{2})-?(\d{6})")
_SGML_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)</DOCUMENT>", re.S)
_SGML_FIELD = re.compile(r"^<(TYPE|FILENAME|SEQUENCE)>([^\n<]*)", re.M)
XML_R_PAGE = "an R page in XML (renderers before 2010)"
_HEADER_ACCESSION = re.compile(r"ACCESSION NUMBER:\s*(\d{10}-\d{2}-\d{6})")


@dataclass(frozen=True, slots=True)
class SummaryReport:
    html_file_name: str
    long_name: str | None
    short_name: str | None
    menu_category: str | None
    role: str | None
    position: int | None


def is_filing_folder(path: Path) -> bool:
    return path.is_dir() and (path / SUMMARY).is_file()


def is_submission(path: Path) -> bool:
    """An EDGAR full-submission text file (SGML with many <DOCUMENT>s)."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    return b"<SEC-DOCUMENT>" in head or (b"<SEC-HEADER>" in head and b"<DOCUMENT>" in head)


def read_filing_summary(text: bytes, path: str) -> list[SummaryReport]:
    try:
        root = etree.fromstring(text)
    except etree.XMLSyntaxError as exc:
        raise SourceError(path, f"not a valid FilingSummary.xml: {exc}", line=exc.lineno) from exc
    reports = []
    for node in root.iter("Report"):
        name = node.findtext("HtmlFileName") or node.findtext("XmlFileName")
        if not name:
            continue
        position = (node.findtext("Position") or "").strip()
        reports.append(
            SummaryReport(
                html_file_name=name.strip(),
                long_name=_text(node, "LongName"),
                short_name=_text(node, "ShortName"),
                menu_category=_text(node, "MenuCategory"),
                role=_text(node, "Role"),
                position=int(position) if position.isdigit() else None,
            )
        )
    # A stable sort: reports without a Position keep the summary's own order (sorted by
    # file name, R10 came before R2).
    return sorted(reports, key=lambda r: (r.position is None, r.position or 0))


def _text(node: etree._Element, tag: str) -> str | None:
    value = node.findtext(tag)
    return value.strip() if value and value.strip() else None


def read_filing_folder(
    folder: Path, *, display: str | None = None, errors: list[SourceError] | None = None
) -> Filing:
    """Read every report FilingSummary.xml lists; MetaLinks.json enriches the concepts.

    A report missing from the folder or that cannot be read fails alone: with ``errors`` it
    is added there and the filing keeps its other reports; without, it is raised.
    """
    source = display or str(folder)
    summary_path = folder / SUMMARY
    entries = read_filing_summary(summary_path.read_bytes(), str(summary_path))
    metalinks = folder / METALINKS
    elements = read_metalinks(metalinks).elements if metalinks.is_file() else {}
    documents = {}
    for entry in entries:
        page = folder / entry.html_file_name
        if page.is_file():
            documents[entry.html_file_name] = (
                f"{source.rstrip('/')}/{entry.html_file_name}",
                page.read_bytes(),
            )
        elif _is_html(entry):
            _fail(SourceError(str(page), "listed in FilingSummary.xml but missing"), errors)
    return _filing(source, _accession_from_name(folder.name), entries, documents, elements, errors)


def read_submission(
    path: Path, *, display: str | None = None, errors: list[SourceError] | None = None
) -> Filing:
    """Read an EDGAR full-submission .txt: its header, FilingSummary.xml and R pages (a
    report that is not in it or cannot be read fails alone, as in ``read_filing_folder``)."""
    source = display or str(path)
    text = path.read_bytes().decode("utf-8", errors="replace")
    header = _HEADER_ACCESSION.search(text[:20000])
    files: dict[str, bytes] = {}
    for document in _SGML_DOCUMENT.findall(text):
        fields = dict(_SGML_FIELD.findall(document))
        name = fields.get("FILENAME", "").strip()
        if name:
            files[name] = _document_text(document).encode("utf-8")
    if SUMMARY not in files:
        raise SourceError(source, "a full submission without FilingSummary.xml (no R pages)")
    entries = read_filing_summary(files[SUMMARY], f"{source}#{SUMMARY}")
    documents = {}
    for entry in entries:
        name = entry.html_file_name
        if name in files:
            documents[name] = (f"{source}#{name}", files[name])
        elif _is_html(entry):
            missing = SourceError(f"{source}#{name}", "listed in FilingSummary.xml but missing")
            _fail(missing, errors)
    accession = header.group(1) if header else _accession_from_name(path.name)
    return _filing(source, accession, entries, documents, {}, errors)


def _is_html(entry: SummaryReport) -> bool:
    """An R page in HTML, the only form read (renderers before 2010 listed R1.xml pages)."""
    return entry.html_file_name.lower().endswith((".htm", ".html"))


def _fail(error: SourceError, errors: list[SourceError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)


def _document_text(document: str) -> str:
    start = document.find("<TEXT>")
    end = document.rfind("</TEXT>")
    body = document[start + len("<TEXT>") : end if end != -1 else None] if start != -1 else document
    for wrapper in ("XML", "XBRL"):
        body = body.replace(f"<{wrapper}>", "").replace(f"</{wrapper}>", "")
    return body.strip()


def _accession_from_name(name: str) -> str | None:
    m = _ACCESSION.search(name)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _filing(
    source: str,
    accession: str | None,
    entries: list[SummaryReport],
    documents: dict[str, tuple[str, bytes]],
    elements: dict[QName, Element],
    errors: list[SourceError] | None = None,
) -> Filing:
    grids = []
    for entry in entries:
        if not _is_html(entry):
            name = entry.html_file_name
            where = documents[name][0] if name in documents else f"{source.rstrip('/')}/{name}"
            _fail(SourceError(where, f"{XML_R_PAGE}: not read"), errors)
            continue
        if entry.html_file_name not in documents:
            continue  # missing: said when the documents were gathered
        display, data = documents[entry.html_file_name]
        try:
            grid = read_html_grid(
                data.decode("utf-8", errors="replace"),
                path=display,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        except Exception as exc:  # one report's failure is that report's alone
            _fail(_as_source_error(display, exc), errors)
            continue
        grids.append((entry, grid))
    dates = set().union(*(page_dates(grid) for _, grid in grids))
    reports: list[Report] = []
    for entry, grid in grids:
        context = FilingContext(
            accession=accession,
            html_file_name=entry.html_file_name,
            role=entry.role,
            long_name=entry.long_name,
            short_name=entry.short_name,
            menu_category=entry.menu_category,
            position=entry.position,
        )
        try:
            reports.append(assemble(grid, filing=context, elements=elements, known_dates=dates))
        except Exception as exc:
            _fail(_as_source_error(grid.source_path, exc), errors)
    cover = _cover_facts(reports)
    key = _filing_key(accession, cover, source)
    reports = [
        replace(r, filing=replace(r.filing, filing_key=key)) if r.filing else r for r in reports
    ]
    return _named_filing(key, accession, source, tuple(reports), cover)


def _as_source_error(path: str, exc: Exception) -> SourceError:
    return exc if isinstance(exc, SourceError) else SourceError.reader_failure(path, exc)


def cover_filing(cover: Report, source: str) -> Filing | None:
    """The filing a cover page names, without its reports: CIK, form and period end (which
    name it, as the page gives no accession number) and the company. None where the page is
    no cover page or does not give all three."""
    facts = _cover_facts([cover])
    try:
        key = _filing_key(None, facts, source)
    except SourceError:
        return None
    return _named_filing(key, None, source, (), facts)


def _named_filing(
    key: str, accession: str | None, source: str, reports: tuple[Report, ...], cover: dict[str, str]
) -> Filing:
    return Filing(
        key=key,
        accession=accession,
        source_path=source,
        reports=reports,
        form=cover.get("dei:DocumentType"),
        period_end=_iso_date(cover.get("dei:DocumentPeriodEndDate")),
        company=cover.get("dei:EntityRegistrantName"),
        cik=cover.get("dei:EntityCentralIndexKey"),
    )


# The dei elements that name a filing, by the standard labels a '|' text page prints them with
_DEI_LABELS = {
    "Document Type": "dei:DocumentType",
    "Document Period End Date": "dei:DocumentPeriodEndDate",
    "Entity Registrant Name": "dei:EntityRegistrantName",
    "Entity Central Index Key": "dei:EntityCentralIndexKey",
}


def _cover_facts(reports: list[Report]) -> dict[str, str]:
    """The first value of each dei element on the filing's cover page(s): by QName, or on a
    '|' text page (no QNames) by the standard labels of the elements that name the filing."""
    values: dict[str, str] = {}
    for report in reports:
        if report.kind.value != "cover":
            continue
        for fact in report.facts:
            qname = str(fact.concept.qname) if fact.concept.qname else _DEI_LABELS.get(fact.label)
            if qname and qname.startswith("dei:") and not fact.members:
                values.setdefault(qname, fact.value)
    return values


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filing_key(accession: str | None, cover: dict[str, str], source: str) -> str:
    if accession:
        return accession
    parts = [
        cover.get(k)
        for k in ("dei:EntityCentralIndexKey", "dei:DocumentType", "dei:DocumentPeriodEndDate")
    ]
    if all(parts):
        return "-".join(p.replace(" ", "") for p in parts if p)
    raise SourceError(
        source,
        "cannot name this filing: no accession number and no cover page with CIK, form and period",
    )
