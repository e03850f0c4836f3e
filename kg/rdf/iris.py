"""Deterministic IRIs, minted from content under a chosen base.

Shared things are one node everywhere: a period by its dates, a unit by its measures, a concept
or member by its QName (without the taxonomy year, so us-gaap 2019 and 2025 meet). Things known
only by a label are scoped to their report: two companies' "Customer A" are not one member.
A report is named by its filing and R file where known, else by its source's SHA-256 (and its
place in a file that holds several pages).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.model import Location, Member, Period, PeriodType, QName, Reference, Report, Unit
from kg.rdf.namespaces import DEFAULT_BASE
from kg.rdf.terms import segment

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(label: str) -> str:
    """A readable, collision-safe path segment for a label: words, then a short hash."""
    words = _SLUG.sub("-", label.lower()).strip("-")[:60].rstrip("-") or "x"
    return f"{words}-{hashlib.sha1(label.encode()).hexdigest()[:8]}"


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Iris:
    """Mints every data IRI under ``base`` (which ends with '/' or '#')."""

    base: str = DEFAULT_BASE

    def report(self, report: Report) -> str:
        filing = report.filing
        if filing is not None and filing.filing_key:
            stem = filing.html_file_name.rsplit(".", 1)[0]
            return f"{self.filing(filing.filing_key)}/{segment(stem)}"
        page = report.source.page  # a file of several pages: one report each
        return f"{self.base}report/{report.source.sha256[:24]}" + (f"-{page}" if page else "")

    def filing(self, key: str) -> str:
        """A filing by its accession number (or CIK-form-period when that is unknown)."""
        return f"{self.base}filing/{segment(key)}"

    def entity(self, cik: str) -> str:
        return f"{self.base}entity/{segment(cik)}"

    def source(self, sha256: str) -> str:
        return f"{self.base}source/{sha256[:24]}"

    def qname(self, qname: QName) -> str:
        return f"{self.base}concept/{segment(qname.prefix)}/{segment(qname.local)}"

    def label_concept(self, report_iri: str, label: str) -> str:
        return f"{report_iri}/concept/{slug(label)}"

    def member(self, member: Member, report_iri: str) -> str:
        if member.qname is not None:
            return self.qname(member.qname)
        if member.axis is not None and member.typed_value is not None:
            axis = member.axis
            return (
                f"{self.base}typed/{segment(axis.prefix)}/{segment(axis.local)}/"
                f"{segment(member.typed_value)}"
            )
        return f"{report_iri}/member/{slug(member.label)}"

    def dimension(self, axis: QName, member_iri: str) -> str:
        tail = member_iri.removeprefix(self.base)
        return f"{self.base}dimension/{segment(axis.prefix)}/{segment(axis.local)}/{tail}"

    def period(self, period: Period) -> str:
        if period.type is PeriodType.INSTANT:
            return f"{self.base}period/{period.end.isoformat()}"
        if period.months is not None:
            return f"{self.base}period/{period.end.isoformat()}/P{period.months}M"
        return self._span(period.start.isoformat() if period.start else "unknown", period)

    def exact_period(self, period: Period) -> str | None:
        """A duration from its start date, where the source gives it (None elsewhere).

        The period node of an end date and month count is shared by every filer, but two
        filers' "3 Months Ended Dec. 31, 2022" may start on different days (a 14-week
        quarter and a calendar one): the start is held on a node of its own.
        """
        if period.type is PeriodType.INSTANT or period.start is None:
            return None
        return self._span(period.start.isoformat(), period)

    def _span(self, start: str, period: Period) -> str:
        return f"{self.base}period/{start}--{period.end.isoformat()}"

    def unit(self, unit: Unit) -> str:
        return f"{self.base}unit/{segment(unit.id.replace('/', '-per-'))}"

    def fact(self, report_iri: str, location: Location) -> str:
        return f"{report_iri}/fact/r{location.row}c{location.column}"

    def row(self, report_iri: str, index: int) -> str:
        return f"{report_iri}/row/{index}"

    def column(self, report_iri: str, index: int) -> str:
        return f"{report_iri}/column/{index}"

    def footnote(self, report_iri: str, number: int) -> str:
        return f"{report_iri}/footnote/{number}"

    def definition(self, report_iri: str, position: int) -> str:
        return f"{report_iri}/definition/{position}"

    def roll_forward(self, report_iri: str, number: int) -> str:
        return f"{report_iri}/rollforward/{number}"

    def row_total(self, report_iri: str, number: int) -> str:
        return f"{report_iri}/total/{number}"

    def calculation(self, sha256: str) -> str:
        """A calculation linkbase's named graph; its summations are numbered under it."""
        return f"{self.base}calculation/{sha256[:24]}"

    def summation(self, calculation_iri: str, number: int) -> str:
        return f"{calculation_iri}/{number}"

    def contribution(self, summation_iri: str, number: int) -> str:
        return f"{summation_iri}/{number}"

    def reference(self, reference: Reference) -> str:
        flat = [reference.role] + [f"{k}={v}" for k, v in reference.parts]
        return f"{self.base}reference/{short_hash(*flat)}"
