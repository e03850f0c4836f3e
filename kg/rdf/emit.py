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
from kg.rdf.terms import Triple, boolean, integer, iri, is_iri, literal

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
    yield node, iri(TYPE), iri(xkg("Filing"))
    if filing.accession:
        yield node, iri(xkg("accessionNumber")), literal(filing.accession)
    yield node, iri(xkg("sourcePath")), literal(filing.source_path)
    if filing.form:
        yield node, iri(xkg("form")), literal(filing.form)
    if filing.period_end:
        yield node, iri(xkg("periodEnd")), literal(filing.period_end.isoformat(), xsd("date"))
    if filing.cik:
        entity = iri(iris.entity(filing.cik))
        yield node, iri(xkg("entity")), entity
        yield entity, iri(TYPE), iri(xkg("Entity"))
        yield entity, iri(xkg("cik")), literal(filing.cik)
        if filing.company:
            yield entity, iri(LABEL), literal(filing.company)
    for report in filing.reports:
        yield node, iri(xkg("hasReport")), iri(iris.report(report))


class _ReportEmitter:
    def __init__(self, report: Report, iris: Iris) -> None:
        self.report = report
        self.iris = iris
        self.node = iris.report(report)
        self.subject = iri(self.node)

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
        yield s, iri(TYPE), iri(xkg("Report"))
        yield s, iri(xkg("kind")), iri(kind_iri(report.kind.value))
        if report.title:
            yield s, iri(TITLE), literal(report.title)
        if report.short_name:
            yield s, iri(xkg("shortName")), literal(report.short_name)
        if report.unit_label:
            yield s, iri(xkg("unitLabel")), literal(report.unit_label)
        if report.scale_label:
            yield s, iri(xkg("scaleLabel")), literal(report.scale_label)
        if report.renderer_version:
            yield s, iri(xkg("rendererVersion")), literal(report.renderer_version)
        for member in report.promoted_members:
            yield s, iri(xkg("promotedMember")), iri(self._member_iri(member))
            yield from self._member(member)
        source = iri(self.iris.source(report.source.sha256))
        yield s, iri(DERIVED_FROM), source
        yield source, iri(TYPE), iri(xkg("SourceDocument"))
        yield source, iri(xkg("path")), literal(report.source.path)
        yield source, iri(xkg("sha256")), literal(report.source.sha256)
        yield source, iri(FORMAT), literal(report.source.media_type)
        filing = report.filing
        if filing is not None:
            if filing.filing_key:
                yield s, iri(xkg("filing")), iri(self.iris.filing(filing.filing_key))
            yield s, iri(xkg("htmlFileName")), literal(filing.html_file_name)
            if filing.position is not None:
                yield s, iri(xkg("position")), integer(filing.position)
            if filing.long_name:
                yield s, iri(xkg("longName")), literal(filing.long_name)
            if filing.menu_category:
                yield s, iri(xkg("menuCategory")), literal(filing.menu_category)
            if filing.role and is_iri(filing.role):
                yield s, iri(xkg("role")), iri(filing.role)
        for warning in report.warnings:
            yield s, iri(xkg("readerNote")), literal(warning)

    def _column(self, column: Column) -> Iterator[Triple]:
        node = iri(self.iris.column(self.node, column.index))
        yield node, iri(TYPE), iri(xkg("Column"))
        yield node, iri(xkg("report")), self.subject
        yield node, iri(xkg("index")), integer(column.index)
        yield node, iri(LABEL), literal(" | ".join(column.labels))
        if column.period is not None:
            yield node, iri(xkg("period")), iri(self.iris.period(column.period))
            yield from self._period(column.period)
        for member in column.members:
            yield node, iri(xkg("member")), iri(self._member_iri(member))
            yield from self._member(member)
        if column.unit_label:
            yield node, iri(xkg("unitLabel")), literal(column.unit_label)

    def _row(self, row: Row) -> Iterator[Triple]:
        node = iri(self.iris.row(self.node, row.index))
        yield node, iri(TYPE), iri(xkg("Row"))
        yield node, iri(xkg("report")), self.subject
        yield node, iri(xkg("index")), integer(row.index)
        yield node, iri(LABEL), literal(row.label)
        yield node, iri(xkg("rowKind")), iri(xkg(_ROW_KINDS[row.kind.value]))
        yield node, iri(xkg("sourceLine")), integer(row.line)
        if row.concept is not None:
            yield node, iri(xkg("concept")), iri(self._concept_iri(row.concept))
        if row.resolution is not None:
            yield from _resolution(node, row.resolution)
        if row.sign_flipped:
            yield node, iri(xkg("signFlipped")), boolean(True)
        for member in row.members:
            yield node, iri(xkg("member")), iri(self._member_iri(member))

    # -- concepts and members --------------------------------------------------------------

    def _concept_iri(self, concept: Concept) -> str:
        if concept.qname is not None:
            return self.iris.qname(concept.qname)
        return self.iris.label_concept(self.node, concept.label)

    def _concept(self, concept: Concept) -> Iterator[Triple]:
        node = iri(self._concept_iri(concept))
        yield node, iri(TYPE), iri(xkg("Concept"))
        yield node, iri(LABEL), literal(concept.label)
        if concept.qname is not None:
            yield node, iri(xkg("qname")), literal(str(concept.qname))
        else:
            yield node, iri(xkg("scope")), self.subject
        if concept.standard_label:
            yield node, iri(PREF_LABEL), literal(concept.standard_label)
        if concept.definition:
            yield node, iri(DEFINITION), literal(concept.definition)
        if concept.data_type:
            yield node, iri(xkg("dataType")), literal(concept.data_type)
        if concept.balance:
            yield node, iri(xkg("balance")), literal(concept.balance)
        if concept.period_type is not None:
            yield node, iri(xkg("periodType")), literal(concept.period_type.value)
        if concept.abstract:
            yield node, iri(xkg("abstract")), boolean(True)
        for reference in concept.references:
            yield node, iri(xkg("reference")), iri(self.iris.reference(reference))
            yield from self._reference(reference)

    def _reference(self, reference: Reference) -> Iterator[Triple]:
        node = iri(self.iris.reference(reference))
        yield node, iri(TYPE), iri(xkg("Reference"))
        if is_iri(reference.role):
            yield node, iri(xkg("referenceRole")), iri(reference.role)
        else:
            yield node, iri(xkg("referenceRoleText")), literal(reference.role)
        for name, value in reference.parts:
            prop = REFERENCE_PARTS.get(name)
            if prop == "uri" and is_iri(value):
                yield node, iri(xkg("uri")), iri(value)
            elif prop is not None and prop != "uri":
                yield node, iri(xkg(prop)), literal(value)
            else:
                yield node, iri(xkg("referencePart")), literal(f"{name} {value}".strip())

    def _member_iri(self, member: Member) -> str:
        return self.iris.member(member, self.node)

    def _member(self, member: Member) -> Iterator[Triple]:
        node = iri(self._member_iri(member))
        yield node, iri(TYPE), iri(xkg("Member"))
        yield node, iri(LABEL), literal(member.label)
        if member.qname is not None:
            yield node, iri(xkg("qname")), literal(str(member.qname))
        elif member.typed_value is not None:
            yield node, iri(xkg("typedValue")), literal(member.typed_value)
        else:
            yield node, iri(xkg("scope")), self.subject
        if member.axis is not None:
            axis = iri(self.iris.qname(member.axis))
            yield node, iri(xkg("axis")), axis
            yield axis, iri(TYPE), iri(xkg("Axis"))
            yield axis, iri(xkg("qname")), literal(str(member.axis))

    # -- facts -----------------------------------------------------------------------------

    def _fact(self, fact: Fact) -> Iterator[Triple]:
        node = iri(self.iris.fact(self.node, fact.location))
        block = fact.kind is ValueKind.TEXT_BLOCK
        yield node, iri(TYPE), iri(xkg("TextBlockFact" if block else "Fact"))
        yield node, iri(xkg("report")), self.subject
        yield node, iri(xkg("concept")), iri(self._concept_iri(fact.concept))
        yield node, iri(xkg("period")), iri(self.iris.period(fact.period))
        yield from self._period(fact.period)
        yield node, iri(xkg("value")), literal(fact.value, _VALUE_TYPES[fact.kind])
        yield node, iri(xkg("displayValue")), literal(fact.display)
        if fact.unit is not None:
            yield node, iri(xkg("unit")), iri(self.iris.unit(fact.unit))
            yield from self._unit(fact.unit)
        if fact.decimals is not None:
            yield node, iri(xkg("decimals")), integer(fact.decimals)
        yield node, iri(xkg("row")), iri(self.iris.row(self.node, fact.location.row))
        yield node, iri(xkg("column")), iri(self.iris.column(self.node, fact.location.column))
        yield node, iri(xkg("sourceLine")), integer(fact.location.line)
        if fact.members:
            yield node, iri(xkg("memberPath")), literal(fact.member_path)
        dimensions = _dimension_key(fact.members)
        if dimensions:
            yield node, iri(xkg("dimensions")), literal(dimensions)
        for member in fact.members:
            member_iri = self._member_iri(member)
            yield node, iri(xkg("member")), iri(member_iri)
            yield from self._member(member)
            if member.axis is not None:
                dimension = iri(self.iris.dimension(member.axis, member_iri))
                yield node, iri(xkg("dimension")), dimension
                yield dimension, iri(TYPE), iri(xkg("DimensionValue"))
                yield dimension, iri(xkg("axis")), iri(self.iris.qname(member.axis))
                yield dimension, iri(xkg("member")), iri(member_iri)
        for number in fact.footnotes:
            yield node, iri(xkg("footnote")), iri(self.iris.footnote(self.node, number))
        for uncertainty in fact.uncertainties:
            yield node, iri(xkg("uncertainty")), iri(uncertainty_iri(uncertainty.value))

    def _period(self, period: Period) -> Iterator[Triple]:
        node = iri(self.iris.period(period))
        if period.type is PeriodType.INSTANT:
            yield node, iri(TYPE), iri(xkg("Instant"))
            yield node, iri(xkg("date")), literal(period.end.isoformat(), xsd("date"))
            return
        yield node, iri(TYPE), iri(xkg("Duration"))
        yield node, iri(xkg("endDate")), literal(period.end.isoformat(), xsd("date"))
        if period.months is not None:
            yield node, iri(xkg("months")), integer(period.months)
        if period.start is not None:
            yield node, iri(xkg("startDate")), literal(period.start.isoformat(), xsd("date"))

    def _unit(self, unit: Unit) -> Iterator[Triple]:
        node = iri(self.iris.unit(unit))
        yield node, iri(TYPE), iri(xkg("Unit"))
        yield node, iri(LABEL), literal(unit.id)
        yield node, iri(xkg("numerator")), literal(_measure(unit.numerator))
        if unit.denominator:
            yield node, iri(xkg("denominator")), literal(_measure(unit.denominator))

    def _footnote(self, footnote: Footnote) -> Iterator[Triple]:
        node = iri(self.iris.footnote(self.node, footnote.number))
        yield node, iri(TYPE), iri(xkg("Footnote"))
        yield node, iri(xkg("report")), self.subject
        yield node, iri(xkg("number")), integer(footnote.number)
        yield node, iri(xkg("text")), literal(footnote.text)

    def _definition(self, entry: DefinitionEntry) -> Iterator[Triple]:
        node = iri(self.iris.definition(self.node, entry.position))
        yield node, iri(TYPE), iri(xkg("DefinitionEntry"))
        yield node, iri(xkg("report")), self.subject
        yield node, iri(xkg("position")), integer(entry.position)
        yield node, iri(xkg("memberEntry")), boolean(entry.is_member)
        if entry.member_label:
            yield node, iri(xkg("memberLabel")), literal(entry.member_label)
        if entry.definition:
            yield node, iri(DEFINITION), literal(entry.definition)
        if entry.ident:
            yield node, iri(IDENTIFIER), literal(entry.ident)
        if entry.qname is not None:
            yield node, iri(xkg("describes")), iri(self.iris.qname(entry.qname))
        if entry.resolution is not None:
            yield from _resolution(node, entry.resolution)
        for reference in entry.references:
            yield node, iri(xkg("reference")), iri(self.iris.reference(reference))
            yield from self._reference(reference)


def _resolution(node: str, resolution: Resolution) -> Iterator[Triple]:
    yield node, iri(xkg("resolutionMethod")), iri(resolution_method_iri(resolution.method.value))
    score = f"{min(max(resolution.score, 0.0), 1.0):.3f}"  # an xsd:decimal lexical form
    yield node, iri(xkg("resolutionScore")), literal(score, xsd("decimal"))


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
