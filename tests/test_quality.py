"""Quality shapes (shapes/quality.ttl): each fires on a real page altered to break it, and stays
silent on the page as filed. The graphs are built from the seeds and the shared EDGAR corpus."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg.build import build
from kg.validate import ValidationReport, ValidationResult, shapes_graph, validate
from tests.corpus import apple_filing, shared_data

XKG = rdflib.Namespace("https://w3id.org/xbrl-kg/ontology#")
SHAPES = rdflib.Namespace("https://w3id.org/xbrl-kg/shapes#")

ROLL_FORWARD = "roll-forward adds up"
CONTINUITY = "roll-forward continues"
CALCULATION = "calculation holds"
ROW_TOTAL = "total row adds up"
CONCENTRATION = "concentration between 0 and 100%"
RATE = "rate between 0 and 100%"
TOP_SHARE = "top N share covers each member"
NON_NEGATIVE = "non-negative amount"
DUPLICATE = "no inconsistent duplicates"
PERIOD_TYPE = "period type matches"
MONETARY = "monetary fact in a currency"


def _graph(*pages: Path) -> rdflib.Graph:
    result = build([str(p) for p in pages])
    assert not result.errors
    return result.dataset.to_rdflib()


@pytest.fixture(scope="module")
def receivables() -> rdflib.Graph:
    return _graph(shared_data() / "seeds" / "accounts-receivable-net-details.txt")


@pytest.fixture(scope="module")
def concentrations() -> rdflib.Graph:
    return _graph(shared_data() / "seeds" / "customer-concentrations-details.txt")


@pytest.fixture(scope="module")
def apple() -> rdflib.Graph:
    """Apple's 10-Q statements of operations, comprehensive income and balance sheet, read in
    their filing folder (so with its calculation and presentation linkbases)."""
    folder = apple_filing()
    return _graph(folder / "R2.htm", folder / "R3.htm", folder / "R4.htm")


def _copy(graph: rdflib.Graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _fact(graph: rdflib.Graph, row_label: str, column: int = 1, report: str = "") -> URIRef:
    """The fact in the row labelled ``row_label`` and the ``column``-th column (1-based)."""
    found = [
        fact
        for fact in graph.subjects(RDF.type, XKG.Fact)
        if str(graph.value(graph.value(fact, XKG.row), RDFS.label)) == row_label
        and str(fact).endswith(f"c{column}")
        and report in str(graph.value(graph.value(fact, XKG.report), rdflib.URIRef(_TITLE)))
    ]
    assert len(found) == 1, (row_label, column, found)
    return found[0]  # type: ignore[return-value]


_TITLE = "http://purl.org/dc/terms/title"


def _value(graph: rdflib.Graph, fact: URIRef) -> Decimal:
    value = graph.value(fact, XKG.value)
    assert isinstance(value, Literal)
    return Decimal(str(value))


def _set(graph: rdflib.Graph, fact: URIRef, value: str) -> None:
    graph.set((fact, XKG.value, Literal(value, datatype=XSD.decimal)))


def _results(report: ValidationReport, rule: str) -> list[ValidationResult]:
    return [r for r in report.results if r.rule == rule]


def _quality(graph: rdflib.Graph) -> ValidationReport:
    return validate(graph, shapes=("quality",))


# -- the accounts-receivable seed --------------------------------------------------------------


def test_receivables_roll_forward_and_net_hold(receivables: rdflib.Graph) -> None:
    g = receivables
    opening = _value(g, _fact(g, "Balance at the beginning of the year"))
    changes = [
        _value(g, _fact(g, label)) for label in ("Additions", "Write-off", "Foreign exchange")
    ]
    closing = _value(g, _fact(g, "Balance at the end of the year"))
    assert (opening, changes, closing) == (1121115, [391189, -86170, 49849], 1475983)
    assert opening + sum(changes) == closing
    gross = _value(g, _fact(g, "Accounts receivable"))
    allowance = _value(g, _fact(g, "Less: provision for doubtful accounts"))
    net = _value(g, _fact(g, "Accounts receivable, net"))
    assert gross + allowance == net == 2047560
    # The layout gives both to the shapes: one roll-forward, one net total, and they hold.
    assert len(set(g.subjects(RDF.type, XKG.RollForward))) == 1
    assert len(set(g.subjects(RDF.type, XKG.RowTotal))) == 1
    report = _quality(g)
    assert report.results == (), report.text()


def test_altered_closing_balance_is_named(receivables: rdflib.Graph) -> None:
    g = _copy(receivables)
    closing = _fact(g, "Balance at the end of the year")
    _set(g, closing, "1475993")
    report = _quality(g)
    found = _results(report, ROLL_FORWARD)
    assert [r.focus for r in found] == [str(closing)]
    result = found[0]
    assert result.severity == "Violation"
    assert "1121115" in result.message
    assert "1475993" in result.message
    assert "off by 10" in result.message
    assert result.where.row == "Balance at the end of the year"
    assert result.where.period == "12 months to 2021-12-31" or "2021-12-31" in (
        result.where.period or ""
    )
    text = report.text()
    assert "Violation: roll-forward adds up (1)" in text
    assert "row 'Balance at the end of the year', column" in text
    assert report.violations >= 1
    assert not report.conforms


def test_altered_change_is_named_in_the_message(receivables: rdflib.Graph) -> None:
    g = _copy(receivables)
    _set(g, _fact(g, "Additions"), "391289")
    found = _results(_quality(g), ROLL_FORWARD)
    assert [r.focus for r in found] == [str(_fact(g, "Balance at the end of the year"))]
    assert "Additions 391289" in found[0].message


def test_roll_forward_tolerates_rounding(receivables: rdflib.Graph) -> None:
    g = _copy(receivables)
    # Five values printed to the unit: a sum may be off by up to 2.5.
    _set(g, _fact(g, "Additions"), "391191")
    assert _results(_quality(g), ROLL_FORWARD) == []


def test_continuity_fires_when_opening_differs_from_prior_closing(
    receivables: rdflib.Graph,
) -> None:
    assert _results(_quality(receivables), CONTINUITY) == []
    g = _copy(receivables)
    # The prior year's closing (column 2) is this year's opening (column 1): alter the closing.
    prior_closing = _fact(g, "Balance at the end of the year", column=2)
    _set(g, prior_closing, "1121515")
    found = _results(_quality(g), CONTINUITY)
    assert [r.focus for r in found] == [str(_fact(g, "Balance at the beginning of the year"))]
    assert "1121515" in found[0].message


def test_row_total_fires_on_altered_net(receivables: rdflib.Graph) -> None:
    g = _copy(receivables)
    net = _fact(g, "Accounts receivable, net")
    _set(g, net, "2047660")
    found = _results(_quality(g), ROW_TOTAL)
    assert [r.focus for r in found] == [str(net)]
    assert "Less: provision for doubtful accounts -1475983" in found[0].message


# -- the customer-concentrations seed ---------------------------------------------------------


def test_concentrations_hold(concentrations: rdflib.Graph) -> None:
    assert _quality(concentrations).results == ()


def _member_fact(graph: rdflib.Graph, member: str, value: str) -> URIRef:
    """The concentration fact of the member labelled ``member`` with value ``value``."""
    found = [
        fact
        for fact in graph.subjects(XKG.value, Literal(value, datatype=XSD.decimal))
        if any(str(graph.value(m, RDFS.label)) == member for m in graph.objects(fact, XKG.member))
    ]
    assert len(found) == 1, found
    return found[0]  # type: ignore[return-value]


def test_concentration_above_one_fires(concentrations: rdflib.Graph) -> None:
    g = _copy(concentrations)
    fact = _member_fact(g, "Customer D", "0.1156")
    _set(g, fact, "1.156")
    report = _quality(g)
    found = _results(report, CONCENTRATION)
    assert [r.focus for r in found] == [str(fact)]
    assert found[0].severity == "Violation"
    assert "11.56%" in found[0].message  # the cell as printed


def test_member_above_its_top_n_fires(concentrations: rdflib.Graph) -> None:
    g = _copy(concentrations)
    fact = _member_fact(g, "Customer E", "0.5218")
    _set(g, fact, "0.7526")  # more than the Top Three Customers' 74.26%
    found = _results(_quality(g), TOP_SHARE)
    assert [r.focus for r in found] == [str(fact)]
    assert "Top Three Customers" in found[0].message
    assert "0.7426" in found[0].message


def test_rate_out_of_range_is_a_warning(concentrations: rdflib.Graph) -> None:
    g = _copy(concentrations)
    fact = _member_fact(g, "Customer D", "0.1156")
    row = g.value(fact, XKG.row)
    assert row is not None
    # A rate that is not a concentration: the label decides.
    g.set((row, RDFS.label, Literal("Discount rate")))
    assert _results(_quality(g), RATE) == []
    _set(g, fact, "-0.02")
    found = _results(_quality(g), RATE)
    assert [(r.focus, r.severity) for r in found] == [(str(fact), "Warning")]


# -- Apple's 10-Q statements, with their filing's linkbases ----------------------------------


def test_apple_statements_hold(apple: rdflib.Graph) -> None:
    assert set(apple.subjects(RDF.type, XKG.Summation)), "the calculation linkbase was read"
    report = _quality(apple)
    assert report.violations == 0, report.text()


def test_whole_apple_filing_holds() -> None:
    """Read as one filing (MetaLinks known), negated-label rows hold the instance's sign and
    are marked xkg:signFlipped; the printed-value checks flip them back, the others do not."""
    dataset = build([apple_filing()]).dataset
    graph = dataset.to_rdflib()
    assert set(graph.subjects(XKG.signFlipped, Literal(True))), "no negated-label row flipped"
    report = _quality(graph)
    assert report.violations == 0, report.text()
    assert report.warnings == 0, report.text()


def test_calculation_fires_on_altered_total(apple: rdflib.Graph) -> None:
    g = _copy(apple)
    total = _fact(g, "Total current assets", column=1)
    before = _value(g, total)
    _set(g, total, str(before + 1_000_000_000))
    found = _results(_quality(g), CALCULATION)
    assert str(total) in [r.focus for r in found]
    message = next(r.message for r in found if r.focus == str(total))
    assert "Total current assets" in message
    assert "off by 1000000000" in message


def test_negative_assets_fire(apple: rdflib.Graph) -> None:
    g = _copy(apple)
    total = _fact(g, "Total assets", column=1)
    _set(g, total, str(-_value(g, total)))
    found = _results(_quality(g), NON_NEGATIVE)
    assert [r.focus for r in found] == [str(total)]
    assert "Total assets cannot be negative" in found[0].message


def test_inconsistent_duplicate_fires(apple: rdflib.Graph) -> None:
    # Net income is on the statement of operations and on comprehensive income.
    g = _copy(apple)
    facts = [
        f
        for f in g.subjects(RDF.type, XKG.Fact)
        if str(g.value(g.value(f, XKG.concept), XKG.qname)) == "us-gaap:NetIncomeLoss"
    ]
    reports = {g.value(f, XKG.report) for f in facts}
    assert len(reports) == 2
    assert _results(_quality(g), DUPLICATE) == []
    fact = sorted(facts)[0]
    altered = _value(g, fact) + 100_000_000  # printed in millions: 100 more
    _set(g, fact, str(altered))
    found = _results(_quality(g), DUPLICATE)
    assert found, "the altered net income contradicts its duplicate"
    for result in found:
        assert "us-gaap:NetIncomeLoss" in result.message
        assert str(fact) == result.focus or f"{altered}" in result.message


def test_period_type_mismatch_fires(apple: rdflib.Graph) -> None:
    g = _copy(apple)
    # Total assets is an instant concept; give one of its facts a duration.
    total = _fact(g, "Total assets", column=1)
    concept = g.value(total, XKG.concept)
    assert str(g.value(concept, XKG.periodType)) == "instant"
    duration = next(g.subjects(RDF.type, XKG.Duration))
    assert _results(_quality(g), PERIOD_TYPE) == []
    g.set((total, XKG.period, duration))
    found = _results(_quality(g), PERIOD_TYPE)
    assert [r.focus for r in found] == [str(total)]
    assert "period type is instant" in found[0].message
    assert "duration" in found[0].message


def test_monetary_fact_without_currency_fires(apple: rdflib.Graph) -> None:
    g = _copy(apple)
    total = _fact(g, "Total assets", column=1)
    assert str(g.value(g.value(total, XKG.concept), XKG.dataType)) == "xbrli:monetaryItemType"
    assert _results(_quality(g), MONETARY) == []
    shares = next(u for u in g.subjects(XKG.numerator, Literal("xbrli:shares")))
    g.set((total, XKG.unit, shares))
    found = _results(_quality(g), MONETARY)
    assert [r.focus for r in found] == [str(total)]


# -- the shapes file ---------------------------------------------------------------------------


def test_every_quality_shape_has_a_message_and_a_severity() -> None:
    shapes = shapes_graph(["quality"])
    names = sorted(shapes.subjects(RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert len(names) == 11
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for shape in names:
        assert shapes.value(shape, sh.severity) in (sh.Violation, sh.Warning), shape
        constraint = shapes.value(shape, sh.sparql)
        assert shapes.value(constraint, sh.message) is not None, shape
        assert shapes.value(shape, RDFS.label) is not None, shape


def test_oxigraph_run_matches_pyshacl(receivables: rdflib.Graph) -> None:
    """Running each constraint once with $this free (kg.shacl_sparql) finds what pySHACL finds
    pre-binding $this to each focus node in turn."""
    from pyshacl import validate as pyshacl_validate

    from kg.validate import ontology_graph

    g = _copy(receivables)
    _set(g, _fact(g, "Balance at the end of the year", column=2), "1121515")
    _set(g, _fact(g, "Accounts receivable, net"), "2047660")
    # Messages list the terms in GROUP_CONCAT's order, which neither engine fixes: compare
    # the results by focus node and shape.
    ours = {(r.focus, r.shape) for r in _quality(g).results}
    assert {rule for _, rule in ours} >= {
        str(SHAPES.RollForwardShape),
        str(SHAPES.RollForwardContinuityShape),
        str(SHAPES.RowTotalShape),
    }
    combined = _copy(g)
    for triple in ontology_graph():
        combined.add(triple)
    _, graph, _ = pyshacl_validate(
        combined, shacl_graph=shapes_graph(["quality"]), inference="none", allow_warnings=True
    )
    assert isinstance(graph, rdflib.Graph)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    theirs = {
        (
            str(graph.value(r, sh.focusNode)),
            str(graph.value(r, sh.sourceShape)),
        )
        for r in graph.subjects(RDF.type, sh.ValidationResult)
    }
    assert ours == theirs


# -- an equity statement with an adoption-adjustment column ----------------------------------


def _fact_at(graph: rdflib.Graph, row: int, column: int) -> URIRef:
    found = [f for f in graph.subjects(RDF.type, XKG.Fact) if str(f).endswith(f"/r{row}c{column}")]
    assert len(found) == 1, (row, column, found)
    return found[0]  # type: ignore[return-value]


def test_opening_adjustment_column_adds_to_the_opening_balance() -> None:
    """Intel's 2024 equity statement: retained earnings 49,032 at Dec. 28, 2024 with 49 in the
    'Cumulative Effect, Period of Adoption, Adjustment' column, then -267 + 169 = 48,983."""
    page = shared_data() / "edgar" / "r-pages" / "intc" / "intc__10k-2024-bodyfrag_R8.htm"
    graph = _graph(page)
    assert not _results(_quality(graph), ROLL_FORWARD)
    adjustment = _fact_at(graph, 27, 6)
    assert _value(graph, adjustment) == Decimal("49000000")
    _set(graph, adjustment, "0")
    results = _results(_quality(graph), ROLL_FORWARD)
    assert [str(r.focus) for r in results] == [str(_fact_at(graph, 41, 5))]
    assert "opening adjustment 0" in results[0].message


def test_total_under_a_heading_with_member_only_lines_is_undecided() -> None:
    """Ford's balance sheet prints "Total debt payable within one year" only under its
    segments' "Liabilities, Current" headings: the default section's current liabilities do
    not show every term, so that total is not checked; current assets show all theirs."""
    graph = _graph(shared_data() / "edgar" / "r-pages" / "f" / "f__10k-2024-bodyfrag_R4.htm")
    assert not _results(_quality(graph), ROW_TOTAL)
    totals = {str(graph.value(row, RDFS.label)) for row in graph.objects(None, XKG.totalRow)}
    assert totals == {"Total current assets"}
    _set(graph, _fact_at(graph, 2, 1), "1")  # cash and cash equivalents, Dec. 31, 2024
    results = _results(_quality(graph), ROW_TOTAL)
    assert [str(r.focus) for r in results] == [str(_fact_at(graph, 8, 1))]
