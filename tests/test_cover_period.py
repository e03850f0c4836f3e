"""R pages read on their own, and the cover page beside them (``kg.readers.cover_period``).

trafilatura's fallback kept of some note pages only the disclosure, from its row label on
(Apple's R10, R17, R22 and R26 in both modes, Air Products' R37 with favor_precision). Their
disclosures are read into one undated column, and take the document period of the cover page
numbered R1 beside them. Every page with such a cover belongs to the filing it names.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from kg.build import build, read_report
from kg.fidelity import compare_reports
from kg.model import PeriodType, Uncertainty
from kg.queries import get_query, run_query
from kg.readers.cover_period import cover_page_path
from tests.corpus import REPO, shared_data

APPLE_TEXT = shared_data() / "rtext" / "aapl-10q-2025-03-29"
APPLE_HTML = shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (APPLE_TEXT / "R26.txt", APPLE_HTML / "R26.htm"),
        (APPLE_TEXT / "R10.precision.txt", APPLE_HTML / "R10.htm"),
        (
            shared_data() / "rtext" / "apd" / "apd__10k-2018_R37.precision.txt",
            shared_data() / "edgar" / "r-pages" / "apd" / "apd__10k-2018_R37.htm",
        ),
    ],
)
def test_disclosures_without_a_header_take_the_cover_period(text: Path, html: Path) -> None:
    report = read_report(str(text))
    expected = read_report(str(html))
    assert report.facts
    assert all(Uncertainty.PERIOD_FROM_COVER in f.uncertainties for f in report.facts)
    score = compare_reports(expected, report)
    assert score.matched == score.expected == score.found == len(expected.facts)
    assert any("dated by the cover page beside it" in note for note in report.warnings)


def test_two_disclosures_of_one_headerless_page_stay_apart() -> None:
    report = read_report(str(APPLE_TEXT / "R26.txt"))
    assert [f.label for f in report.facts] == [
        "Information by Reportable Segment",
        "Reconciliation of Segment Operating Income to the Condensed Consolidated Statements "
        "of Operations",
    ]
    for fact in report.facts:
        assert fact.period.type is PeriodType.DURATION
        assert (str(fact.period.end), fact.period.months, fact.period.start) == (
            "2025-03-29",
            6,
            None,
        )
    assert report.facts[1].value.startswith("A reconciliation of the Company’s segment")
    assert "Total operating income" in report.facts[1].value  # its own table, folded in


def test_without_a_cover_beside_it_a_disclosure_has_no_period(tmp_path: Path) -> None:
    alone = tmp_path / "R26.txt"
    shutil.copy(APPLE_TEXT / "R26.txt", alone)
    report = read_report(str(alone))
    assert not report.facts
    assert [row.label for row in report.rows][:1] == ["Information by Reportable Segment"]
    assert any("no cover page of its filing (R1)" in note for note in report.warnings)


def test_a_page_numbered_1_that_is_no_cover_dates_nothing(tmp_path: Path) -> None:
    shutil.copy(APPLE_TEXT / "R26.txt", tmp_path / "R26.txt")
    shutil.copy(APPLE_TEXT / "R2.txt", tmp_path / "R1.txt")  # a balance sheet
    report = read_report(str(tmp_path / "R26.txt"))
    assert not report.facts


@pytest.mark.parametrize(
    ("folder", "page", "cover", "html"),
    [
        # the block's label as "Computation of ... Per Share |", then its paragraphs
        (
            "aapl-10q-2025-03-29",
            "R22.txt",
            APPLE_TEXT / "R1.txt",
            APPLE_HTML / "R22.htm",
        ),
        # its first paragraph a cell of its own: "... are summarized below: |"
        (
            "apd",
            "apd__10k-2018_R37.precision.txt",
            shared_data() / "rtext" / "apd" / "apd__10k-2018_R1.precision.txt",
            shared_data() / "edgar" / "r-pages" / "apd" / "apd__10k-2018_R37.htm",
        ),
    ],
)
def test_trafilatura_1_10_disclosure_takes_the_cover_period(
    folder: str, page: str, cover: Path, html: Path, tmp_path: Path
) -> None:
    shutil.copy(REPO / "tests" / "data" / "trafilatura" / "1.10.0" / folder / page, tmp_path)
    shutil.copy(cover, tmp_path)
    report = read_report(str(tmp_path / page))
    score = compare_reports(read_report(str(html)), report)
    assert score.matched == score.expected == score.found == 1


@pytest.mark.parametrize(
    ("page", "beside", "cover"),
    [
        ("R10.txt", ["R1.txt"], "R1.txt"),
        ("R37.precision.txt", ["R1.precision.txt", "R1.txt"], "R1.precision.txt"),
        ("tsla__10k-2021_R37.txt", ["tsla__10k-2021_R1.txt", "R1.txt"], "tsla__10k-2021_R1.txt"),
        ("R100.htm", ["R1.htm"], "R1.htm"),
        ("r10.txt", ["r1.txt"], "r1.txt"),  # saved in lower case
        ("aapl-R10-default.txt", ["aapl-R1-default.txt"], "aapl-R1-default.txt"),
        ("R10_precision.txt", ["R1_precision.txt"], "R1_precision.txt"),
        ("R1.txt", [], "R1.txt"),  # the cover itself
        ("AR10.txt", ["AR1.txt", "R1.txt"], None),  # no page number in the name
        ("R10.txt", ["R1.precision.txt"], None),  # the other trafilatura mode's cover
    ],
)
def test_the_cover_beside_a_page(
    page: str, beside: list[str], cover: str | None, tmp_path: Path
) -> None:
    for name in [page, *beside]:
        (tmp_path / name).write_text("|x\n")
    found = cover_page_path(str(tmp_path / page))
    assert (found.name if found else None) == cover


@pytest.mark.corpus
def test_text_blocks_are_reported_for_the_document_period() -> None:
    """The rule's premise, on every XBRL instance of the shared data: a text block's context
    has the period of dei:DocumentType's."""
    agree: Counter[bool] = Counter()
    for instance in sorted((shared_data() / "xbrl").glob("*/*.xml")):
        root = etree.parse(str(instance)).getroot()
        if not root.tag.endswith("}xbrl"):
            continue
        periods = {context.get("id"): _period(context) for context in root.iter("{*}context")}
        document = next(root.iter("{*}DocumentType"), None)
        if document is None:
            continue
        for element in root:
            if isinstance(element.tag, str) and element.tag.endswith("TextBlock"):
                agree[
                    periods[element.get("contextRef")] == periods[document.get("contextRef")]
                ] += 1
    assert agree[True] >= 470
    assert agree[False] == 0


def _period(context: etree._Element) -> tuple[str | None, ...]:
    return tuple(
        next((e.text for e in context.iter(f"{{*}}{name}")), None)
        for name in ("startDate", "endDate", "instant")
    )


def test_pages_belong_to_the_filing_their_cover_names() -> None:
    """Tesla's two 10-Ks share a folder: each page's cover is the R1 of its own name."""
    folder = shared_data() / "rtext" / "tsla"
    store = build([folder]).dataset.to_store()
    result = run_query(get_query("filings"), store)
    shown = ("company", "cik", "form", "period_end", "accession")
    columns = [result.columns.index(name) for name in shown]
    assert [tuple(row[i] for i in columns) for row in result.rows] == [
        ("Tesla, Inc.", "0001318605", "10-K", "2021-12-31", ""),
        ("Tesla, Inc.", "0001318605", "10-K", "2025-12-31", ""),
    ]
    pages = {p.name for p in folder.glob("*.txt")}
    query = """PREFIX xkg: <https://w3id.org/xbrl-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?path ?end WHERE { GRAPH ?g {
          ?report xkg:filing/xkg:periodEnd ?end ; prov:wasDerivedFrom/xkg:path ?path } }"""
    linked = {(Path(str(r["path"].value)).name, str(r["end"].value)) for r in store.query(query)}
    assert {name for name, _ in linked} == pages
    assert all(("2021" in name) == (end == "2021-12-31") for name, end in linked)


def test_a_page_without_its_cover_belongs_to_no_filing(tmp_path: Path) -> None:
    shutil.copy(APPLE_TEXT / "R2.txt", tmp_path / "R2.txt")
    store = build([tmp_path]).dataset.to_store()
    assert run_query(get_query("filings"), store).rows == ()
