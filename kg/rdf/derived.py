"""Derived triples for the quality shapes: what a report's layout and its filing's linkbases
say about how facts add up (``ontology/xbrl-kg.ttl``, "Derived structure").

Kept apart from ``kg.rdf.emit``, which writes what a page shows: everything here is inferred
(from row order and labels, see ``kg.layout``) or read from beside the page (a filing's
calculation and presentation linkbases, see ``kg.linkbases``), and says so in the ontology.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from kg.layout import opening_adjustment_columns, roll_forwards, row_totals
from kg.linkbases import CalculationLinkbase
from kg.model import QName, Report
from kg.rdf.iris import Iris
from kg.rdf.namespaces import DERIVED_FROM, FORMAT, TYPE, xkg, xsd
from kg.rdf.terms import Triple, boolean, iri, is_iri, literal


def layout_triples(
    report: Report, iris: Iris, *, negated: Mapping[QName, bool] | None = None
) -> Iterator[Triple]:
    """The report's roll-forwards and row totals, and (from a presentation linkbase) which of
    its rows show a negated label."""
    node = iris.report(report)
    subject = iri(node)
    for number, block in enumerate(roll_forwards(report.rows), start=1):
        rf = iri(iris.roll_forward(node, number))
        yield rf, iri(TYPE), iri(xkg("RollForward"))
        yield rf, iri(xkg("report")), subject
        yield rf, iri(xkg("openingRow")), iri(iris.row(node, block.opening))
        yield rf, iri(xkg("closingRow")), iri(iris.row(node, block.closing))
        for index in block.changes:
            yield rf, iri(xkg("changeRow")), iri(iris.row(node, index))
        for index in block.adjustments:
            yield rf, iri(xkg("adjustmentRow")), iri(iris.row(node, index))
    for column, adjustment in opening_adjustment_columns(report.columns):
        yield (
            iri(iris.column(node, column)),
            iri(xkg("openingAdjustmentColumn")),
            iri(iris.column(node, adjustment)),
        )
    for number, total in enumerate(row_totals(report.rows), start=1):
        tot = iri(iris.row_total(node, number))
        yield tot, iri(TYPE), iri(xkg("RowTotal"))
        yield tot, iri(xkg("report")), subject
        yield tot, iri(xkg("totalRow")), iri(iris.row(node, total.total))
        for index in total.components:
            yield tot, iri(xkg("componentRow")), iri(iris.row(node, index))
    if negated:
        for row in report.rows:
            qname = row.concept.qname if row.concept else None
            # A reader that knew the label already gave the facts XBRL's sign.
            if qname is not None and negated.get(qname) and not row.sign_flipped:
                yield iri(iris.row(node, row.index)), iri(xkg("negatedLabel")), boolean(True)


def calculation_triples(
    linkbase: CalculationLinkbase, reports: Iterable[str], iris: Iris
) -> Iterator[Triple]:
    """A calculation linkbase's summations, and the reports whose facts it governs."""
    graph = iris.calculation(linkbase.sha256)
    source = iri(iris.source(linkbase.sha256))
    yield source, iri(TYPE), iri(xkg("SourceDocument"))
    yield source, iri(xkg("path")), literal(linkbase.path)
    yield source, iri(xkg("sha256")), literal(linkbase.sha256)
    yield source, iri(FORMAT), literal("application/xml")
    for report in reports:
        yield iri(report), iri(xkg("calculationLinkbase")), source
    for number, summation in enumerate(linkbase.summations, start=1):
        node = iris.summation(graph, number)
        s = iri(node)
        yield s, iri(TYPE), iri(xkg("Summation"))
        yield s, iri(DERIVED_FROM), source
        if is_iri(summation.role):
            yield s, iri(xkg("role")), iri(summation.role)
        yield s, iri(xkg("totalConcept")), iri(iris.qname(summation.total))
        for k, contribution in enumerate(summation.contributions, start=1):
            c = iri(iris.contribution(node, k))
            yield s, iri(xkg("contribution")), c
            yield c, iri(TYPE), iri(xkg("Contribution"))
            yield c, iri(xkg("concept")), iri(iris.qname(contribution.concept))
            yield c, iri(xkg("weight")), literal(str(contribution.weight), xsd("decimal"))
