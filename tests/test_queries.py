"""Stored queries: each parses, `facts` has its exact columns, parameters bind safely."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import QueryError
from kg.queries import get_query, run_query, stored_queries
from tests.corpus import apple_filing, shared_data

FACT_COLUMNS = (
    "source",
    "report",
    "concept",
    "qname",
    "label",
    "value",
    "unit",
    "period_type",
    "start",
    "end",
    "months",
    "members",
    "dimensions",
)


@pytest.fixture(scope="module")
def store(examples_dir: Path) -> ox.Store:
    return build([examples_dir]).dataset.to_store()


def test_required_queries_exist_and_document_themselves() -> None:
    queries = stored_queries()
    assert {"facts", "concepts", "members", "definitions"} <= set(queries)
    for query in queries.values():
        assert query.description, f"{query.name}.rq lacks its leading description"


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_every_query_runs(store: ox.Store, name: str) -> None:
    result = run_query(get_query(name), store)
    assert result.columns


def test_facts_one_row_per_fact(store: ox.Store, examples_dir: Path) -> None:
    result = run_query(get_query("facts"), store)
    assert result.columns == FACT_COLUMNS
    assert len(result.rows) == build([examples_dir]).facts
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    customer_a = next(
        r
        for r in rows
        if r["members"] == "Revenue | Customer Concentrations | Customer A"
        and r["end"] == "2021-12-31"
    )
    assert customer_a["value"] == "0.8577"
    assert customer_a["unit"] == "pure"
    assert customer_a["period_type"] == "duration"
    assert customer_a["months"] == "12"
    assert customer_a["start"] == ""
    assert customer_a["qname"] == ""
    assert customer_a["dimensions"] == ""
    assert customer_a["label"] == "Concentration risk (as a percent)"
    assert customer_a["source"].endswith("customer-concentrations-details.txt")
    opening = [r for r in rows if r["label"] == "Balance at the beginning of the year"]
    assert ("1121115", "instant", "2020-12-31") in {
        (r["value"], r["period_type"], r["end"]) for r in opening
    }


def test_parameters_filter_and_are_typed(store: ox.Store) -> None:
    members = get_query("members")
    label = "Concentration risk (as a percent)"
    result = run_query(members, store, {"label": label})
    assert len(result.rows) == 12
    # A hostile value is only ever a literal: it matches nothing and breaks nothing.
    hostile = 'x" } } DELETE WHERE { ?s ?p ?o } #'
    assert run_query(members, store, {"label": hostile}).rows == ()
    assert len(store) > 0


@pytest.mark.parametrize(
    ("name", "param"),
    [(q.name, p.name) for q in stored_queries().values() for p in q.parameters],
)
def test_every_parameter_filters(store: ox.Store, name: str, param: str) -> None:
    query = get_query(name)
    kind = next(p.type for p in query.parameters if p.name == param)
    impossible = {"iri": "urn:xbrl-kg:nothing", "string": "no such thing"}[kind]
    assert run_query(query, store, {param: impossible}).rows == ()


def test_parameter_errors() -> None:
    facts = get_query("facts")
    with pytest.raises(QueryError, match="no parameter"):
        facts.bindings({"nope": "1"})
    with pytest.raises(QueryError, match="no stored query"):
        get_query("nope")


def test_users_own_queries_run_as_the_stored_ones(
    store: ox.Store, examples_dir: Path, tmp_path: Path
) -> None:
    """A query file of the user's, with its own typed parameter, and a query given as text."""
    own = tmp_path / "percentages.rq"
    own.write_text(
        "# Facts in a unit, counted.\n"
        "# param unit (string): the unit's id\n"
        "PREFIX xkg: <https://w3id.org/xbrl-kg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?fact) AS ?facts) WHERE {\n"
        "  ?fact xkg:unit/<http://www.w3.org/2000/01/rdf-schema#label> ?id .\n"
        "  FILTER(STR(?id) = ?param_unit)\n"
        "}\n"
    )
    query = get_query(str(own))
    assert query.description == "Facts in a unit, counted."
    with pytest.raises(QueryError, match="needs --param unit=VALUE"):
        run_query(query, store)
    pure = sum(
        1 for r in build([examples_dir]).reports for f in r.facts if f.unit and f.unit.id == "pure"
    )
    assert pure > 0
    assert run_query(query, store, {"unit": "pure"}).rows == ((str(pure),),)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?f a <https://w3id.org/xbrl-kg/ontology#Fact> }"
    facts = sum(1 for r in build([examples_dir]).reports for f in r.facts)
    assert run_query(get_query(text), store).rows == ((str(facts),),)
    with pytest.raises(QueryError, match="not a SELECT query"):
        run_query(get_query("ASK { ?s ?p ?o }"), store)
    with pytest.raises(QueryError, match="cannot read query file"):
        get_query(str(tmp_path / "missing.rq"))


def test_output_formats(store: ox.Store) -> None:
    result = run_query(get_query("concepts"), store)
    assert result.to_csv().splitlines()[0] == ",".join(result.columns)
    assert result.to_json().startswith("[")
    assert result.to_table().rstrip().endswith(f"({len(result.rows)} rows)")


def test_uncertain_lists_each_rule_a_fact_was_read_by() -> None:
    """Apple's R32 in '|' text: its maturity shares stand under a duration column the text
    cannot confirm (DurationAssumed), one row per fact and rule, filterable by rule."""
    page = shared_data() / "rtext" / "aapl-10q-2025-03-29" / "R32.txt"
    result = build([page])
    store = result.dataset.to_store()
    rows = run_query(get_query("uncertain"), store).rows
    assumed = run_query(get_query("uncertain"), store, {"rule": "DurationAssumed"}).rows
    columns = run_query(get_query("uncertain"), store).columns
    assert columns == ("source", "row", "column", "label", "value", "end", "rule")
    by_fact = {(r[1], r[2]) for r in rows}
    facts = result.reports[0].facts
    assert len(by_fact) == sum(1 for f in facts if f.uncertainties)
    assert len(rows) == sum(len(f.uncertainties) for f in facts)
    shares = [r for r in assumed if r[3] == "Between 1 and 5 years"]
    assert [(r[4], r[5]) for r in shares] == [("0.83", "2025-03-29"), ("0.13", "2025-03-29")]
    assert {r[6] for r in assumed} == {"DurationAssumed"}


def test_definitions_give_each_entry_its_own_reports_label() -> None:
    """Apple's and Autodesk's income statements both define us-gaap:CostOfGoodsAndServicesSold,
    printed "Cost of sales" and "Cost of revenue": each entry is one row, with its own label
    (the union of report graphs holds both labels for the one concept node)."""
    data = shared_data() / "edgar"
    apple = data / "filings" / "aapl-10q-2025-03-29" / "R2.htm"
    autodesk = data / "r-pages" / "adsk" / "adsk_2019_R2.htm"
    store = build([apple, autodesk]).dataset.to_store()
    result = run_query(
        get_query("definitions"), store, {"qname": "us-gaap:CostOfGoodsAndServicesSold"}
    )
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    assert {(Path(r["source"]).name, r["label"]) for r in rows} == {
        ("R2.htm", "Cost of sales"),
        ("adsk_2019_R2.htm", "Cost of revenue"),
    }
    assert len(rows) == 2
    entries = run_query(get_query("definitions"), store).rows
    assert len(entries) == len({(source, position) for source, position, *_ in entries})


@pytest.fixture(scope="module")
def filing_store(examples_dir: Path) -> ox.Store:
    return build([examples_dir, apple_filing()]).dataset.to_store()


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("facts", "qname", "us-gaap:NetIncomeLoss"),
        ("facts", "source", "R4.htm"),
        ("members", "qname", "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"),
        ("members", "label", "Net sales"),
        ("definitions", "qname", "us-gaap:NetIncomeLoss"),
    ],
)
def test_a_parameter_selects_where_the_query_selects(
    filing_store: ox.Store, name: str, param: str, value: str
) -> None:
    """A parameter gives the query's rows that hold its value, and the query joins the value,
    as a term, where it selects the facts (its ``#with`` pattern, a comment in the file)."""
    query = get_query(name)
    every = run_query(query, filing_store)
    if param == "source":
        value = next(row[0] for row in every.rows if row[0].endswith(f"/{value}"))
    if name == "members" and param == "qname":  # members names the concept by its IRI
        index = every.columns.index("concept")
        concept = "/concept/" + value.replace(":", "/")
        expected = tuple(row for row in every.rows if row[index].endswith(concept))
    else:
        index = every.columns.index(param)
        expected = tuple(row for row in every.rows if row[index] == value)
    assert len(expected) > 5
    assert run_query(query, filing_store, {param: value}).rows == expected
    assert f"#with {param}: " in query.text
    bound = query.bound_text({param: value})
    assert f"#with {param}: " not in bound
    assert any(line.strip().endswith(f'"{value}" .') for line in bound.splitlines())


def test_a_with_line_binds_only_its_own_parameter(tmp_path: Path) -> None:
    own = tmp_path / "own.rq"
    own.write_text(
        "# Two parameters, one named as the other's start.\n"
        "# param q (string, optional): a\n"
        "# param qname (string, optional): b\n"
        "SELECT ?a WHERE {\n"
        "  #with q: ?a <urn:x:p> ?param_q ; <urn:x:s> ?param_qname .\n"
        "  #with qname: ?a <urn:x:q> ?param_qname .\n"
        "  ?a <urn:x:r> ?param_qname .\n"
        "}\n"
    )
    bound = get_query(str(own)).bound_text({"q": 'back\\slash "quoted"'})
    assert '  ?a <urn:x:p> "back\\\\slash \\"quoted\\"" ; <urn:x:s> ?param_qname .\n' in bound
    assert "  #with qname: ?a <urn:x:q> ?param_qname .\n" in bound
    assert "  ?a <urn:x:r> ?param_qname .\n" in bound
