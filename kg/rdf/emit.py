"""The model as triples of the xbrl-kg ontology (``ontology/xbrl-kg.ttl``).

Knows the ontology and nothing of input formats. Triples come out as N-Triples term strings
(see ``kg.rdf.terms``), in a fixed order for a given report, with no blank nodes: everything a
query or a store may address has an IRI.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.model import (
    Column,
    Concept,
    DefinitionEntry,
    Fact,
    Filing,
    Footnote,
    Member,
    Period,
    PeriodType,
    Reference,
    Report,
    Resolution,
    Row,
    Unit,
    ValueKind,
)
from kg.rdf.iris import Iris
from kg.rdf.namespaces import (
    DEFINITION,
    DERIVED_FROM,
    FORMAT,
    IDENTIFIER,
    LABEL,
    PREF_LABEL,
    TITLE,
    TYPE,
    xkg,
    xsd,
)
from kg.rdf.terms import Triple, boolean, integer, iri, is_iri, literal, vocab

_TYPE = iri(TYPE)
_LABEL = iri(LABEL)
_DEFINITION = iri(DEFINITION)
_PREF_LABEL = iri(PREF_LABEL)
_TITLE = iri(TITLE)
_FORMAT = iri(FORMAT)
_IDENTIFIER = iri(IDENTIFIER)
_DERIVED_FROM = iri(DERIVED_FROM)

_VALUE_TYPES = {
    ValueKind.NUMBER: xsd("decimal"),
    ValueKind.BOOLEAN: xsd("boolean"),
    ValueKind.DATE: xsd("date"),
    ValueKind.DURATION: xsd("duration"),
    ValueKind.MONTH_DAY: xsd("gMonthDay"),
    ValueKind.TEXT: None,
    ValueKind.TEXT_BLOCK: None,
}
_KIND_NAMES = {
    "cover": "Cover",
    "statement": "Statement",
    "parenthetical": "Parenthetical",
    "notes": "Notes",
    "policies": "Policies",
    "tables": "Tables",
    "details": "Details",
    "uncategorized": "Uncategorized",
    "unknown": "UnknownKind",
}
_ROW_KINDS = {
    "line": "LineRow",
    "abstract": "AbstractRow",
    "segment": "SegmentRow",
    "balance": "BalanceRow",
}
# Reference parts as the renderer names them -> ontology property.
REFERENCE_PARTS = {
    "Topic": "topic",
    "SubTopic": "subTopic",
    "Section": "section",
    "Subsection": "subsection",
    "Paragraph": "paragraph",
    "Subparagraph": "subparagraph",
    "Clause": "clause",
    "Sentence": "sentence",
    "Publisher": "publisher",
    "Name": "referenceName",
    "Number": "referenceNumber",
    "Chapter": "chapter",
    "Article": "article",
    "Exhibit": "exhibit",
    "Footnote": "referenceFootnote",
    "URI": "uri",
}
_MEASURES = {"shares": "xbrli:shares", "pure": "xbrli:pure"}


def uncertainty_iri(name: str) -> str:
    return xkg("".join(part.capitalize() for part in name.split("-")))


def resolution_method_iri(method: str) -> str:
    """``close-documentation`` -> ``xkg:ByCloseDocumentation``."""
    return xkg("By" + "".join(part.capitalize() for part in method.split("-")))


def kind_iri(kind: str) -> str:
    return xkg(_KIND_NAMES[kind])


def report_triples(report: Report, iris: Iris) -> Iterator[Triple]:
    """All triples of one report: the report, its table, facts and every node they use."""
    yield from _ReportEmitter(report, iris).triples()


def filing_triples(filing: Filing, iris: Iris) -> Iterator[Triple]:
    """The filing node and its reports (the reports' own triples come from report_triples)."""
    node = iri(iris.filing(filing.key))
    yield node, _TYPE, vocab("Filing")
    if filing.accession:
        yield node, vocab("accessionNumber"), literal(filing.accession)
    yield node, vocab("sourcePath"), literal(filing.source_path)
    if filing.form:
        yield node, vocab("form"), literal(filing.form)
    if filing.period_end:
        yield node, vocab("periodEnd"), literal(filing.period_end.isoformat(), xsd("date"))
    if filing.cik:
        entity = iri(iris.entity(filing.cik))
        yield node, vocab("entity"), entity
        yield entity, _TYPE, vocab("Entity")
        yield entity, vocab("cik"), literal(filing.cik)
        if filing.company:
            yield entity, _LABEL, literal(filing.company)
    for report in filing.reports:
        yield node, vocab("hasReport"), iri(iris.report(report))


def cover_filing_triples(filing: Filing, iris: Iris) -> Iterator[Triple]:
    """A filing that the cover page beside its pages names (no FilingSummary.xml): the filing
    node as ``filing_triples`` gives it, and each report's link to it."""
    yield from filing_triples(filing, iris)
    node = iri(iris.filing(filing.key))
    for report in filing.reports:
        yield iri(iris.report(report)), vocab("filing"), node


class _ReportEmitter:
    def __init__(self, report: Report, iris: Iris) -> None:
        self.report = report
        self.iris = iris
        self.node = iris.report(report)
        self.subject = iri(self.node)
        self._described: set[object] = set()

    def _first_time(self, thing: object) -> bool:
        """Whether ``thing``'s own triples are still to come: a period, unit, member or
        reference is described once per report, however many facts use it."""
        if thing in self._described:
            return False
        self._described.add(thing)
        return True

    def triples(self) -> Iterator[Triple]:
        yield from self._report()
        for column in self.report.columns:
            yield from self._column(column)
        for row in self.report.rows:
            yield from self._row(row)
        for concept in self.report.concepts:
            yield from self._concept(concept)
        for fact in self.report.facts:
            yield from self._fact(fact)
        for footnote in self.report.footnotes:
            yield from self._footnote(footnote)
        for entry in self.report.definitions:
            yield from self._definition(entry)

    # -- report ----------------------------------------------------------------------------

    def _report(self) -> Iterator[Triple]:
        report, s = self.report, self.subject
        yield s, _TYPE, vocab("Report")
        yield s, vocab("kind"), iri(kind_iri(report.kind.value))
        if report.title:
            yield s, _TITLE, literal(report.title)
        if report.short_name:
            yield s, vocab("shortName"), literal(report.short_name)
        if report.unit_label:
            yield s, vocab("unitLabel"), literal(report.unit_label)
        if report.scale_label:
            yield s, vocab("scaleLabel"), literal(report.scale_label)
        if report.renderer_version:
            yield s, vocab("rendererVersion"), literal(report.renderer_version)
        for member in report.promoted_members:
            yield s, vocab("promotedMember"), iri(self._member_iri(member))
            yield from self._member(member)
        source = iri(self.iris.source(report.source.sha256))
        yield s, _DERIVED_FROM, source
        if report.source.page is not None:
            yield s, vocab("sourcePage"), integer(report.source.page)
        yield source, _TYPE, vocab("SourceDocument")
        yield source, vocab("path"), literal(report.source.path)
        yield source, vocab("sha256"), literal(report.source.sha256)
        yield source, _FORMAT, literal(report.source.media_type)
        filing = report.filing
        if filing is not None:
            if filing.filing_key:
                yield s, vocab("filing"), iri(self.iris.filing(filing.filing_key))
            yield s, vocab("htmlFileName"), literal(filing.html_file_name)
            if filing.position is not None:
                yield s, vocab("position"), integer(filing.position)
            if filing.long_name:
                yield s, vocab("longName"), literal(filing.long_name)
            if filing.menu_category:
                yield s, vocab("menuCategory"), literal(filing.menu_category)
            if filing.role and is_iri(filing.role):
                yield s, vocab("role"), iri(filing.role)
        for warning in report.warnings:
            yield s, vocab("readerNote"), literal(warning)

    def _column(self, column: Column) -> Iterator[Triple]:
        node = iri(self.iris.column(self.node, column.index))
        yield node, _TYPE, vocab("Column")
        yield node, vocab("report"), self.subject
        yield node, vocab("index"), integer(column.index)
        yield node, _LABEL, literal(" | ".join(column.labels))
        if column.period is not None:
            yield from self._period_of(node, column.period)
        for member in column.members:
            yield node, vocab("member"), iri(self._member_iri(member))
            yield from self._member(member)
        if column.unit_label:
            yield node, vocab("unitLabel"), literal(column.unit_label)

    def _row(self, row: Row) -> Iterator[Triple]:
        node = iri(self.iris.row(self.node, row.index))
        yield node, _TYPE, vocab("Row")
        yield node, vocab("report"), self.subject
        yield node, vocab("index"), integer(row.index)
        yield node, _LABEL, literal(row.label)
        yield node, vocab("rowKind"), vocab(_ROW_KINDS[row.kind.value])
        yield node, vocab("sourceLine"), integer(row.line)
        if row.concept is not None:
            yield node, vocab("concept"), iri(self._concept_iri(row.concept))
        if row.resolution is not None:
            yield from _resolution(node, row.resolution)
        if row.sign_flipped:
            yield node, vocab("signFlipped"), boolean(True)
        for member in row.members:
            yield node, vocab("member"), iri(self._member_iri(member))

    # -- concepts and members --------------------------------------------------------------

    def _concept_iri(self, concept: Concept) -> str:
        if concept.qname is not None:
            return self.iris.qname(concept.qname)
        return self.iris.label_concept(self.node, concept.label)

    def _concept(self, concept: Concept) -> Iterator[Triple]:
        node = iri(self._concept_iri(concept))
        yield node, _TYPE, vocab("Concept")
        yield node, _LABEL, literal(concept.label)
        if concept.qname is not None:
            yield node, vocab("qname"), literal(str(concept.qname))
        else:
            yield node, vocab("scope"), self.subject
        if concept.standard_label:
            yield node, _PREF_LABEL, literal(concept.standard_label)
        if concept.definition:
            yield node, _DEFINITION, literal(concept.definition)
        if concept.data_type:
            yield node, vocab("dataType"), literal(concept.data_type)
        if concept.balance:
            yield node, vocab("balance"), literal(concept.balance)
        if concept.period_type is not None:
            yield node, vocab("periodType"), literal(concept.period_type.value)
        if concept.abstract:
            yield node, vocab("abstract"), boolean(True)
        for reference in concept.references:
            yield node, vocab("reference"), iri(self.iris.reference(reference))
            yield from self._reference(reference)

    def _reference(self, reference: Reference) -> Iterator[Triple]:
        if not self._first_time(reference):
            return
        node = iri(self.iris.reference(reference))
        yield node, _TYPE, vocab("Reference")
        if is_iri(reference.role):
            yield node, vocab("referenceRole"), iri(reference.role)
        elif reference.role:  # the text may have lost it
            yield node, vocab("referenceRoleText"), literal(reference.role)
        for name, value in reference.parts:
            prop = REFERENCE_PARTS.get(name)
            if prop == "uri" and is_iri(value):
                yield node, vocab("uri"), iri(value)
            elif prop is not None and prop != "uri":
                yield node, vocab(prop), literal(value)
            else:
                yield node, vocab("referencePart"), literal(f"{name} {value}".strip())

    def _member_iri(self, member: Member) -> str:
        return self.iris.member(member, self.node)

    def _member(self, member: Member) -> Iterator[Triple]:
        if not self._first_time(member):
            return
        node = iri(self._member_iri(member))
        yield node, _TYPE, vocab("Member")
        yield node, _LABEL, literal(member.label)
        if member.qname is not None:
            yield node, vocab("qname"), literal(str(member.qname))
        elif member.typed_value is not None:
            yield node, vocab("typedValue"), literal(member.typed_value)
        else:
            yield node, vocab("scope"), self.subject
        if member.axis is not None:
            axis = iri(self.iris.qname(member.axis))
            yield node, vocab("axis"), axis
            yield axis, _TYPE, vocab("Axis")
            yield axis, vocab("qname"), literal(str(member.axis))

    # -- facts -----------------------------------------------------------------------------

    def _fact(self, fact: Fact) -> Iterator[Triple]:
        node = iri(self.iris.fact(self.node, fact.location))
        block = fact.kind is ValueKind.TEXT_BLOCK
        yield node, _TYPE, vocab("TextBlockFact" if block else "Fact")
        yield node, vocab("report"), self.subject
        yield node, vocab("concept"), iri(self._concept_iri(fact.concept))
        yield from self._period_of(node, fact.period)
        yield node, vocab("value"), literal(fact.value, _VALUE_TYPES[fact.kind])
        yield node, vocab("displayValue"), literal(fact.display)
        if fact.unit is not None:
            yield node, vocab("unit"), iri(self.iris.unit(fact.unit))
            yield from self._unit(fact.unit)
        if fact.decimals is not None:
            yield node, vocab("decimals"), integer(fact.decimals)
        yield node, vocab("row"), iri(self.iris.row(self.node, fact.location.row))
        yield node, vocab("column"), iri(self.iris.column(self.node, fact.location.column))
        yield node, vocab("sourceLine"), integer(fact.location.line)
        if fact.members:
            yield node, vocab("memberPath"), literal(fact.member_path)
        dimensions = _dimension_key(fact.members)
        if dimensions:
            yield node, vocab("dimensions"), literal(dimensions)
        for member in fact.members:
            member_iri = self._member_iri(member)
            yield node, vocab("member"), iri(member_iri)
            yield from self._member(member)
            if member.axis is not None:
                dimension = iri(self.iris.dimension(member.axis, member_iri))
                yield node, vocab("dimension"), dimension
                if self._first_time(dimension):
                    yield dimension, _TYPE, vocab("DimensionValue")
                    yield dimension, vocab("axis"), iri(self.iris.qname(member.axis))
                    yield dimension, vocab("member"), iri(member_iri)
        for number in fact.footnotes:
            yield node, vocab("footnote"), iri(self.iris.footnote(self.node, number))
        for uncertainty in fact.uncertainties:
            yield node, vocab("uncertainty"), iri(uncertainty_iri(uncertainty.value))

    def _period_of(self, subject: str, period: Period) -> Iterator[Triple]:
        """A fact's or column's period as the page prints it and, where the start date is
        known, its exact span."""
        period_iri = self.iris.period(period)
        yield subject, vocab("period"), iri(period_iri)
        if self._first_time(period_iri):
            yield from self._period(iri(period_iri), period, with_start=period.months is None)
        exact_iri = self.iris.exact_period(period)
        if exact_iri is None:
            return
        yield subject, vocab("exactPeriod"), iri(exact_iri)
        if self._first_time(exact_iri):
            yield from self._period(iri(exact_iri), period, with_start=True)

    def _period(self, node: str, period: Period, *, with_start: bool) -> Iterator[Triple]:
        if period.type is PeriodType.INSTANT:
            yield node, _TYPE, vocab("Instant")
            yield node, vocab("date"), literal(period.end.isoformat(), xsd("date"))
            return
        yield node, _TYPE, vocab("Duration")
        yield node, vocab("endDate"), literal(period.end.isoformat(), xsd("date"))
        if period.months is not None:
            yield node, vocab("months"), integer(period.months)
        if with_start and period.start is not None:
            yield node, vocab("startDate"), literal(period.start.isoformat(), xsd("date"))

    def _unit(self, unit: Unit) -> Iterator[Triple]:
        if not self._first_time(unit):
            return
        node = iri(self.iris.unit(unit))
        yield node, _TYPE, vocab("Unit")
        yield node, _LABEL, literal(unit.id)
        yield node, vocab("numerator"), literal(_measure(unit.numerator))
        if unit.denominator:
            yield node, vocab("denominator"), literal(_measure(unit.denominator))

    def _footnote(self, footnote: Footnote) -> Iterator[Triple]:
        node = iri(self.iris.footnote(self.node, footnote.number))
        yield node, _TYPE, vocab("Footnote")
        yield node, vocab("report"), self.subject
        yield node, vocab("number"), integer(footnote.number)
        yield node, vocab("text"), literal(footnote.text)

    def _definition(self, entry: DefinitionEntry) -> Iterator[Triple]:
        node = iri(self.iris.definition(self.node, entry.position))
        yield node, _TYPE, vocab("DefinitionEntry")
        yield node, vocab("report"), self.subject
        yield node, vocab("position"), integer(entry.position)
        yield node, vocab("memberEntry"), boolean(entry.is_member)
        if entry.member_label:
            yield node, vocab("memberLabel"), literal(entry.member_label)
        if entry.definition:
            yield node, _DEFINITION, literal(entry.definition)
        if entry.ident:
            yield node, _IDENTIFIER, literal(entry.ident)
        if entry.qname is not None:
            yield node, vocab("describes"), iri(self.iris.qname(entry.qname))
        if entry.resolution is not None:
            yield from _resolution(node, entry.resolution)
        for reference in entry.references:
            yield node, vocab("reference"), iri(self.iris.reference(reference))
            yield from self._reference(reference)


def _resolution(node: str, resolution: Resolution) -> Iterator[Triple]:
    yield node, vocab("resolutionMethod"), iri(resolution_method_iri(resolution.method.value))
    score = f"{min(max(resolution.score, 0.0), 1.0):.3f}"  # an xsd:decimal lexical form
    yield node, vocab("resolutionScore"), literal(score, xsd("decimal"))


def _dimension_key(members: tuple[Member, ...]) -> str:
    """Axis=member pairs (QNames, or the typed value) sorted and joined with ";"."""
    pairs = []
    for member in members:
        if member.axis is None:
            continue
        value = str(member.qname) if member.qname else member.typed_value
        if value:
            pairs.append(f"{member.axis}={value}")
    return ";".join(sorted(pairs))


def _measure(name: str) -> str:
    if name in _MEASURES:
        return _MEASURES[name]
    return f"iso4217:{name}" if len(name) == 3 and name.isupper() else name
