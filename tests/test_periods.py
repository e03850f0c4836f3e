"""Periods: one node per end date and month count for every filer; a known start date on a node
of its own (``xkg:exactPeriod``), since two filers' "3 Months Ended" the same day can start on
different days."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.build import build
from kg.queries import get_query, run_query
from kg.rdf.namespaces import xkg
from kg.validate import validate
from tests.corpus import shared_data

APPLE_EQUITY = shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29" / "R6.htm"
QUARTER = "https://w3id.org/xbrl-kg/id/period/2025-03-29/P3M"


def _fourteen_week_quarter(folder: Path) -> Path:
    """Apple's statement of equity as a filer whose quarter took 14 weeks would print it: the
    quarter's opening balance a week earlier (Dec. 21 instead of Dec. 28, 2024)."""
    html = APPLE_EQUITY.read_text(encoding="utf-8")
    assert html.count("Dec. 28, 2024") == 1
    page = folder / "R6.htm"
    page.write_text(html.replace("Dec. 28, 2024", "Dec. 21, 2024"), encoding="utf-8")
    return page


def test_quarters_ending_the_same_day_keep_their_own_start_dates(tmp_path: Path) -> None:
    other = _fourteen_week_quarter(tmp_path)
    store = build([APPLE_EQUITY, other]).dataset.to_store()

    # Both quarters are "3 Months Ended Mar. 29, 2025": one shared node, which states no start.
    union = {"use_default_graph_as_union": True}
    node = store.query(f"SELECT ?p ?o WHERE {{ <{QUARTER}> ?p ?o }}", **union)
    assert sorted({row["p"].value.rsplit("#", 1)[1] for row in node}) == [
        "endDate",
        "months",
        "type",
    ]
    assert validate(store).violations == 0

    facts = run_query(get_query("facts"), store, {"qname": "us-gaap:NetIncomeLoss"})
    columns = facts.columns
    quarter_starts = {
        (Path(row[columns.index("source")]).parent == tmp_path, row[columns.index("start")])
        for row in facts.rows
        if row[columns.index("end")] == "2025-03-29" and row[columns.index("months")] == "3"
    }
    assert quarter_starts == {(False, "2024-12-29"), (True, "2024-12-22")}

    exact = store.query(
        f"SELECT DISTINCT ?exact WHERE {{ ?fact <{xkg('period')}> <{QUARTER}> ; "
        f"<{xkg('exactPeriod')}> ?exact }} ORDER BY ?exact",
        use_default_graph_as_union=True,
    )
    assert [row["exact"].value.rsplit("/", 1)[1] for row in exact] == [
        "2024-12-22--2025-03-29",
        "2024-12-29--2025-03-29",
    ]


def test_durations_read_without_a_start_have_no_exact_period() -> None:
    income = APPLE_EQUITY.with_name("R2.htm")  # columns "3 Months Ended", "6 Months Ended"
    store = build([income]).dataset.to_store()
    durations = store.query(
        f"SELECT ?d (COUNT(?start) AS ?starts) WHERE {{ ?d a <{xkg('Duration')}> "
        f"OPTIONAL {{ ?d <{xkg('startDate')}> ?start }} }} GROUP BY ?d",
        use_default_graph_as_union=True,
    )
    assert sorted(
        (row["d"].value.rsplit("period/", 1)[1], row["starts"].value) for row in durations
    ) == [
        ("2024-03-30/P3M", "0"),
        ("2024-03-30/P6M", "0"),
        ("2025-03-29/P3M", "0"),
        ("2025-03-29/P6M", "0"),
    ]
    assert list(store.quads_for_pattern(None, ox.NamedNode(xkg("exactPeriod")), None)) == []
