"""Whole filings: Apple's 10-Q folder, the same as a full submission, and its instance."""

from __future__ import annotations

import collections
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import build
from kg.cells import months_between
from kg.model import Filing, PeriodType, ReportKind, ValueKind
from kg.readers.filing import read_filing_folder, read_filing_summary, read_submission
from kg.readers.xbrl_instance import read_instance
from kg.validate import validate
from tests.corpus import apple_filing


@pytest.fixture(scope="module")
def filing() -> Filing:
    return read_filing_folder(apple_filing())


def test_apple_filing_node(filing: Filing) -> None:
    assert len(filing.reports) == 42
    assert filing.cik == "0000320193"
    assert filing.form == "10-Q"
    assert filing.period_end == dt.date(2025, 3, 29)
    assert filing.company == "Apple Inc."
    assert filing.accession is None  # the folder does not say it: never invented
    assert filing.key == "0000320193-10-Q-2025-03-29"


def test_reports_in_filing_order_with_their_kinds(filing: Filing) -> None:
    summary = read_filing_summary(
        (apple_filing() / "FilingSummary.xml").read_bytes(), "FilingSummary.xml"
    )
    assert [r.filing.html_file_name for r in filing.reports if r.filing] == [
        s.html_file_name for s in summary
    ]
    kinds = collections.Counter(r.kind for r in filing.reports)
    assert kinds[ReportKind.COVER] == 1
    assert kinds[ReportKind.STATEMENT] == 5
    assert kinds[ReportKind.PARENTHETICAL] == 1
    first = filing.reports[1]
    assert first.filing is not None
    assert first.filing.role
    assert first.short_name == "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)"


def test_build_gives_a_conforming_filing_graph() -> None:
    result = build([apple_filing()])
    assert not result.errors
    assert len(result.filings) == 1
    assert len(result.dataset.graphs) == 1  # one named graph for the filing
    assert validate(result.dataset.to_rdflib()).violations == 0


def test_every_numeric_fact_is_in_the_instance(filing: Filing) -> None:
    """Concept, period, dimensions (member QNames), unit and value, for every number read
    from the R pages' HTML, against aapl-20250329_htm.xml."""
    index: dict[object, list[Decimal | None]] = collections.defaultdict(list)
    for fact in read_instance(apple_filing() / "aapl-20250329_htm.xml"):
        c = fact.context
        when = ("i", c.instant) if c.instant else ("d", c.end, months_between(c.start, c.end))  # type: ignore[arg-type]
        members = frozenset(m for _, m in c.dimensions)
        index[(str(fact.concept), when, members, fact.unit)].append(fact.number)
    exceptions = []
    checked = 0
    for report in filing.reports:
        for fact in report.facts:
            if fact.kind is not ValueKind.NUMBER:
                continue
            checked += 1
            p = fact.period
            when = ("i", p.end) if p.type is PeriodType.INSTANT else ("d", p.end, p.months)
            members = frozenset(
                str(m.qname) if m.qname else (m.typed_value or f"unnamed:{m.label}")
                for m in fact.members
            )
            unit = fact.unit.id if fact.unit else None
            if Decimal(fact.value) not in index.get(
                (str(fact.concept.qname), when, members, unit), []
            ):
                exceptions.append(
                    f"{report.filing.html_file_name if report.filing else ''} "
                    f"{fact.label!r} {fact.display} {when} {sorted(members)}"
                )
    assert checked == 698
    assert exceptions == []


def test_full_submission_reads_like_the_folder(filing: Filing, tmp_path: Path) -> None:
    folder = apple_filing()
    documents = []
    for sequence, name in enumerate(["FilingSummary.xml", *(f"R{i}.htm" for i in range(1, 43))], 1):
        text = (folder / name).read_text(encoding="utf-8")
        kind = "XML" if name.endswith(".xml") else f"R{sequence}"
        documents.append(
            f"<DOCUMENT>\n<TYPE>{kind}\n<SEQUENCE>{sequence}\n<FILENAME>{name}\n"
            f"<DESCRIPTION>IDEA: XBRL DOCUMENT\n<TEXT>\n{text}\n</TEXT>\n</DOCUMENT>\n"
        )
    submission = tmp_path / "0000320193-25-000057.txt"
    submission.write_text(
        "<SEC-DOCUMENT>0000320193-25-000057.txt : 20250502\n<SEC-HEADER>\n"
        "ACCESSION NUMBER:\t\t0000320193-25-000057\nCONFORMED SUBMISSION TYPE:\t10-Q\n"
        "</SEC-HEADER>\n" + "".join(documents) + "</SEC-DOCUMENT>\n"
    )
    read = read_submission(submission)
    assert read.accession == "0000320193-25-000057"
    assert read.key == read.accession
    assert len(read.reports) == 42
    assert read.cik == "0000320193"
    values = sorted(
        (r.filing.html_file_name, f.location, f.value)
        for r in read.reports
        for f in r.facts
        if r.filing
    )
    from_folder = sorted(
        (r.filing.html_file_name, f.location, f.value)
        for r in filing.reports
        for f in r.facts
        if r.filing
    )
    assert len(values) == len(from_folder)
    # Without MetaLinks.json the submission keeps the printed sign of negated-label rows.
    differing = [a for a, b in zip(values, from_folder, strict=True) if a != b]
    assert all(
        Decimal(a[2]) == -Decimal(b[2]) for a, b in zip(values, from_folder, strict=True) if a != b
    )
    assert len(differing) < 100
    result = build([submission])
    assert not result.errors
    assert result.filings[0].accession == "0000320193-25-000057"


def test_a_report_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    """Without an ``errors`` list the library raises on the first report it cannot read;
    with one, each such report is listed there and the filing keeps the others."""
    from kg.errors import SourceError

    folder = tmp_path / "partial"
    folder.mkdir()
    for name in ["FilingSummary.xml", *(f"R{i}.htm" for i in range(1, 43) if i != 7)]:
        (folder / name).write_bytes((apple_filing() / name).read_bytes())
    (folder / "R12.htm").write_text("<html><body>Service unavailable</body></html>")
    summary = folder / "FilingSummary.xml"  # R42 as a renderer of 2009 would list it
    summary.write_text(
        summary.read_text().replace(
            "<HtmlFileName>R42.htm</HtmlFileName>", "<XmlFileName>R42.xml</XmlFileName>"
        )
    )
    with pytest.raises(SourceError, match=r"R7\.htm: listed in FilingSummary\.xml but missing"):
        read_filing_folder(folder)
    errors: list[SourceError] = []
    partial = read_filing_folder(folder, errors=errors)
    assert [e.path.rsplit("/", 1)[-1] for e in errors] == ["R7.htm", "R12.htm", "R42.xml"]
    assert "no EDGAR report table" in str(errors[1])
    assert "an R page in XML (renderers before 2010): not read" in str(errors[2])
    assert len(partial.reports) == 39
    assert partial.cik == "0000320193"


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("aapl-20250329_htm.xml", "an XBRL instance document"),
        ("aapl-20250329_cal.xml", "an XBRL linkbase"),
        ("aapl-20250329.xsd", "an XML schema"),
        ("FilingSummary.xml", "a FilingSummary.xml"),
        ("aapl-20250329.htm", "no EDGAR report table"),
    ],
)
def test_a_filings_other_files_given_as_pages_are_named(name: str, what: str) -> None:
    """A filing's other files given by name, as pages: each says what it is and what to give
    instead (the instance and linkbases read as '|' text before: 'no line starts with |')."""
    from kg.build import read_report
    from kg.errors import SourceError

    with pytest.raises(SourceError) as raised:
        read_report(str(apple_filing() / name))
    assert what in str(raised.value)
    if name.endswith(".htm"):
        assert "inline XBRL document" in str(raised.value)


def test_reports_without_positions_keep_the_summarys_order(tmp_path: Path) -> None:
    """An older FilingSummary.xml without <Position>: the reports come in its own order,
    R2 before R10 (sorted by file name they did not)."""
    import re

    text = (apple_filing() / "FilingSummary.xml").read_text(encoding="utf-8")
    bare = re.sub(r"\s*<Position>\d+</Position>", "", text)
    assert "<Position>" not in bare
    reports = read_filing_summary(bare.encode("utf-8"), "FilingSummary.xml")
    names = [r.html_file_name for r in reports]
    assert names[:12] == [f"R{i}.htm" for i in range(1, 13)]
