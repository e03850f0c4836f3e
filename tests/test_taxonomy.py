"""Taxonomy dictionaries and text-page resolution, on the shared data's real dictionaries.

Dictionaries used: the shared FSDS tag tables, SRT 2024 and the schemas and label linkbases of
the filings under ``xbrl/`` (none of them the example pages' own filing).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import rdflib

from kg.build import build, read_report
from kg.cli import main
from kg.errors import TaxonomyError
from kg.model import Fact, PeriodType, QName, Resolution, ResolutionMethod, Uncertainty
from kg.queries import get_query, run_query
from kg.rdf.iris import Iris
from kg.readers.rtext import read_text_grid
from kg.resources import ontology_path
from kg.taxonomy.fsds import read_fsds_tags
from kg.taxonomy.index import TaxonomyIndex
from kg.taxonomy.resolve import resolve_grid
from kg.taxonomy.sources import load_taxonomy
from kg.validate import validate
from tests.corpus import apple_filing

XKG = "https://w3id.org/xbrl-kg/ontology#"


def _q(text: str) -> QName:
    return QName.parse(text)


@pytest.fixture(scope="module")
def dictionaries(shared: Path) -> list[Path]:
    return [shared / "taxonomy", shared / "xbrl"]


@pytest.fixture(scope="module")
def index(dictionaries: list[Path], tmp_path_factory: pytest.TempPathFactory) -> TaxonomyIndex:
    return load_taxonomy(dictionaries, cache=tmp_path_factory.mktemp("cache"))


# -- dictionaries ----------------------------------------------------------------------------


def test_fsds_tag_table_gives_types_balance_period_and_documentation(shared: Path) -> None:
    with (shared / "taxonomy" / "fsds-2010q2-tag.txt").open("rb") as handle:
        tags = read_fsds_tags(handle)
    element = tags[_q("us-gaap:AccountsReceivableNetCurrent")]
    assert element.period_type is PeriodType.INSTANT
    assert element.balance == "debit"
    assert element.data_type == "xbrli:monetaryItemType"
    assert element.label() == "Accounts Receivable, after Allowance for Credit Loss, Current"
    assert element.documentation is not None
    assert element.documentation.startswith("Amount, after allowance for credit loss")
    assert all(q.prefix in ("us-gaap", "dei", "invest") for q in tags)  # no custom tags


def test_srt_package_labels_documentation_and_declarations(index: TaxonomyIndex) -> None:
    element = index.element(_q("srt:ProductOrServiceAxis"))
    assert element is not None
    assert element.label() == "Product and Service [Axis]"
    assert element.abstract is True
    assert element.documentation
    assert _q("srt:ProductOrServiceAxis") in index.by_documentation(element.documentation)


def test_lookup_folds_case_whitespace_and_punctuation(index: TaxonomyIndex) -> None:
    text = (
        "amount AFTER allowance for credit loss of right to consideration from customer for "
        "product sold and service rendered in normal course of business   classified as current"
    )
    assert _q("us-gaap:AccountsReceivableNetCurrent") in index.by_documentation(text)
    hits = index.by_label("accounts receivable after allowance for credit loss current")
    assert _q("us-gaap:AccountsReceivableNetCurrent") in {h.qname for h in hits}


def test_index_cache_is_keyed_by_content(shared: Path, tmp_path: Path) -> None:
    source = shared / "taxonomy" / "fsds-2009q3-tag.txt"
    cache = tmp_path / "cache"
    first = load_taxonomy([source], cache=cache)
    pickles = sorted(cache.glob("index-*.pickle"))
    assert len(pickles) == 1
    again = load_taxonomy([source], cache=cache)
    assert again.qnames() == first.qnames()
    # The same content elsewhere is the same index: one cache file still.
    copy = tmp_path / "elsewhere" / "tags.txt"
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    assert load_taxonomy([copy], cache=cache).qnames() == first.qnames()
    assert sorted(cache.glob("index-*.pickle")) == pickles
    # Changed content is another index.
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(lines[:100]), encoding="utf-8")
    smaller = load_taxonomy([copy], cache=cache)
    assert 0 < len(smaller) < len(first)
    assert len(list(cache.glob("index-*.pickle"))) == 2


def test_taxonomy_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy([tmp_path / "nope"], cache=False)
    (tmp_path / "notes.md").write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="no taxonomy schema"):
        load_taxonomy([tmp_path], cache=False)
    broken = tmp_path / "broken_lab.xml"
    broken.write_text(
        '<?xml version="1.0"?>\n<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase">'
        "\n<link:labelLink>\n</link:linkbase>\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"broken_lab\.xml:\d+: not well-formed"):
        load_taxonomy([broken], cache=False)


# -- resolution on the example pages ---------------------------------------------------------

# The elements the dictionaries know on the example pages, by definition entry position.
AR_ENTRIES = {
    2: "us-gaap:AccountsReceivableGrossCurrent",
    3: "us-gaap:AccountsReceivableNetCurrent",
    5: "us-gaap:AllowanceForDoubtfulAccountsReceivable",
    6: "us-gaap:AllowanceForDoubtfulAccountsReceivableCurrent",
}
CONCENTRATION_ENTRIES = {1: "us-gaap:AccountsReceivableNetCurrent"}


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("accounts-receivable-net-details.txt", AR_ENTRIES),
        ("customer-concentrations-details.txt", CONCENTRATION_ENTRIES),
    ],
)
def test_example_entries_resolve_to_their_elements(
    examples_dir: Path, index: TaxonomyIndex, page: str, expected: dict[int, str]
) -> None:
    path = examples_dir / page
    grid = resolve_grid(
        read_text_grid(path.read_text(encoding="utf-8"), path=page, sha256=""), index
    )
    resolved = {e.position: str(e.qname) for e in grid.definitions if e.qname is not None}
    assert resolved == expected
    for entry in grid.definitions:
        if entry.qname is not None:
            assert entry.resolution is not None
            assert entry.resolution.method is ResolutionMethod.DOCUMENTATION
            assert entry.resolution.score == 1.0
    rows = {r.label: str(r.element) for r in grid.rows if r.element is not None}
    assert rows == {
        label: expected[entry] for label, entry in EXAMPLE_PAIRS[page].items() if entry in expected
    }


# Every row label of the example pages and the entry it prints, checked by hand against the
# definitions (the elements' documentation) and the block's order (sorted by element id).
EXAMPLE_PAIRS = {
    "accounts-receivable-net-details.txt": {
        # 1: the filer's own element, "Amount of foreign exchange of accounts receivable
        # charged against the allowance" (a filer prefix sorts before us-gaap_)
        "Foreign exchange": 1,
        "Accounts receivable": 2,  # AccountsReceivableGrossCurrent, "before allowance"
        "Accounts receivable, net": 3,  # AccountsReceivableNetCurrent, "after allowance"
        # 4: no definition, between AccountsReceivableNetCurrent and AllowanceFor...: the
        # abstract heading
        "Accounts Receivable [Abstract]": 4,
        # 5: AllowanceForDoubtfulAccountsReceivable, the balance the roll-forward
        # "Accounts Receivable, Allowance for Credit Loss [Roll Forward]" opens and closes
        "Balance at the beginning of the year": 5,
        "Balance at the end of the year": 5,
        # 6: AllowanceForDoubtfulAccountsReceivableCurrent, deducted from gross to net
        "Less: provision for doubtful accounts": 6,
        # 7: "increase in allowance ... from recovery" (…Recoveries, between …Current and
        # …RollForward)
        "Additions": 7,
        "Accounts Receivable, Allowance for Credit Loss [Roll Forward]": 8,  # boilerplate
        "Write-off": 9,  # "direct write-downs of accounts receivable charged against ..."
    },
    "customer-concentrations-details.txt": {
        "Accounts receivable, net": 1,  # AccountsReceivableNetCurrent
        "CONCENTRATIONS": 2,  # "Line items represent financial concepts ..."
        "Concentration risk (as a percent)": 3,  # ConcentrationRiskPercentage1 (not in them)
    },
}


def test_example_rows_find_their_entries(examples_dir: Path, index: TaxonomyIndex) -> None:
    """Every definition entry of both example pages is paired with its row(s): by
    documentation and label, the roll-forward's balance by its heading, the rest by
    elimination (the block has one entry per element of the rows; what a roll-forward adds
    is no instant; "Write-off" is nearer "write-downs" than "recovery")."""
    for page, expected in EXAMPLE_PAIRS.items():
        path = examples_dir / page
        text = path.read_text(encoding="utf-8")
        grid = resolve_grid(read_text_grid(text, path=page, sha256=""), index)
        entries = {r.label: r.entry for r in grid.rows if not r.is_segment}
        assert entries == expected, page
        paired = set(entries.values())
        assert paired == {e.position for e in grid.definitions if not e.is_member}, page


def test_example_member_entries_take_member_labels_in_order(examples_dir: Path) -> None:
    """'Details'-only entries stand for the members in order of first appearance."""
    page = "customer-concentrations-details.txt"
    text = (examples_dir / page).read_text(encoding="utf-8")
    grid = read_text_grid(text, path=page, sha256="")
    members = [(e.position, e.member_label) for e in grid.definitions if e.is_member]
    assert members == [
        (4, "Revenue"),
        (5, "Customer Concentrations"),
        (6, "Customer A"),
        (7, "Customer D"),
        (8, "Customer F"),
        (9, "Customer G"),
        (10, "Top Five Customers"),
        (11, "Accounts Receivable"),
        (12, "Customer B"),
        (13, "Top Three Customers"),
        (14, "Customer E"),
    ]


def test_resolved_instant_takes_the_column_end_and_page_currency(
    examples_dir: Path, index: TaxonomyIndex
) -> None:
    path = str(examples_dir / "accounts-receivable-net-details.txt")
    plain = read_report(path)
    resolved = read_report(path, index)
    label = "Accounts receivable, net"
    before = [f for f in plain.facts if f.label == label]
    after = [f for f in resolved.facts if f.label == label]
    assert [f.value for f in after] == [f.value for f in before] == ["2047560", "463333"]
    # Without the element, only the label's wording makes it a balance (and the fact says
    # so) ...
    assert {f.period.type for f in before} == {PeriodType.INSTANT}
    assert all(Uncertainty.BALANCE_FROM_LABEL in f.uncertainties for f in before)
    # ... with it, the element's period type does: an instant at the column's end, in the
    # page's currency (no symbol shown).
    assert [(f.period.type, f.period.end) for f in after] == [
        (PeriodType.INSTANT, date(2021, 12, 31)),
        (PeriodType.INSTANT, date(2020, 12, 31)),
    ]
    assert not any(Uncertainty.BALANCE_FROM_LABEL in f.uncertainties for f in after)
    assert {f.unit.id if f.unit else None for f in after} == {"USD"}
    concept = after[0].concept
    assert concept.qname == _q("us-gaap:AccountsReceivableNetCurrent")
    assert concept.period_type is PeriodType.INSTANT
    assert concept.balance == "debit"


def test_an_element_under_two_member_titles_opens_no_period(
    shared: Path, index: TaxonomyIndex
) -> None:
    """Air Products' discontinued operations page prints "Unrecognized tax benefits" for the
    company and again under one disposal group: one balance of two members, each at its
    column's end as the HTML has it, not a roll-forward whose upper row opens the period."""
    label = "Unrecognized tax benefits"
    html = read_report(str(shared / "edgar/r-pages/apd/apd__10k-2018_R61.htm"))
    text = read_report(str(shared / "rtext/apd/apd__10k-2018_R61.txt"), index)

    def company(facts: tuple[Fact, ...]) -> list[tuple[str, date]]:
        return sorted((f.value, f.period.end) for f in facts if f.label == label and not f.members)

    resolved = [f for f in text.facts if f.label == label]
    assert {f.concept.qname for f in resolved} == {_q("us-gaap:UnrecognizedTaxBenefits")}
    assert {f.period.type for f in resolved} == {PeriodType.INSTANT}
    assert len(resolved) == 5  # the group's one value is placed by the search: not compared
    assert company(text.facts) == company(html.facts)
    assert len(company(html.facts)) == 4


# -- the graph and the command ---------------------------------------------------------------


def test_build_with_taxonomy_joins_the_qname_node_and_records_resolutions(
    examples_dir: Path, index: TaxonomyIndex
) -> None:
    result = build([examples_dir], taxonomy=index)
    graph = result.dataset.to_rdflib()
    iris = Iris()
    node = rdflib.URIRef(iris.qname(_q("us-gaap:AccountsReceivableNetCurrent")))
    rows = {
        s
        for s in graph.subjects(rdflib.URIRef(XKG + "concept"), node)
        if (s, rdflib.RDF.type, rdflib.URIRef(XKG + "Row")) in graph
    }
    assert len({str(r).split("/row/")[0] for r in rows}) == 2  # both example pages
    for row in rows:
        method = graph.value(row, rdflib.URIRef(XKG + "resolutionMethod"))
        score = graph.value(row, rdflib.URIRef(XKG + "resolutionScore"))
        assert method == rdflib.URIRef(XKG + "ByDocumentationAndLabel")
        assert isinstance(score, rdflib.Literal)
        assert 0 < score.toPython() <= 1
    entries = set(graph.subjects(rdflib.URIRef(XKG + "describes"), node))
    assert len(entries) == 2
    for entry in entries:
        method = graph.value(entry, rdflib.URIRef(XKG + "resolutionMethod"))
        assert method == rdflib.URIRef(XKG + "ByDocumentation")

    ontology = rdflib.Graph().parse(ontology_path())
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(XKG)}
    used = {str(t) for triple in graph for t in triple if str(t).startswith(XKG)}
    assert used <= declared, sorted(used - declared)
    assert validate(graph).conforms

    store = result.dataset.to_store()
    open_rows = run_query(get_query("unresolved"), store)
    columns = open_rows.columns
    listed = {
        row[columns.index("label")]: row[columns.index("definition")] for row in open_rows.rows
    }
    assert "Additions" in listed
    assert "Accounts receivable, net" not in listed
    # Left open but paired with its entry: report-scoped, with its definition.
    assert str(listed["Concentration risk (as a percent)"]).startswith(
        "For an entity that discloses a concentration risk"
    )


def test_cli_build_taxonomy_option(
    examples_dir: Path,
    dictionaries: list[Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XBRL_KG_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out.ttl"
    args = ["build", str(examples_dir / "accounts-receivable-net-details.txt"), "-o", str(out)]
    for path in dictionaries:
        args += ["--taxonomy", str(path)]
    assert main([*args, "--no-default-taxonomy"]) == 0
    assert "resolved rows 5" in capsys.readouterr().out
    assert main(["query", "unresolved", str(out), "--format", "csv"]) == 0
    listed = capsys.readouterr().out
    assert "Write-off" in listed
    assert "Accounts receivable, net" not in listed
    missing = ["--taxonomy", str(tmp_path / "missing"), "--no-default-taxonomy"]
    assert main([*args[:4], *missing]) == 2
    assert "taxonomy path not found" in capsys.readouterr().err


def test_worker_processes_resolve_alike(
    examples_dir: Path, dictionaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs the index reaches every worker once; the output is the same bytes."""
    monkeypatch.setenv("XBRL_KG_CACHE", str(tmp_path / "cache"))
    args = ["build", str(examples_dir), "--no-default-taxonomy", "--no-validate"]
    for path in dictionaries:
        args += ["--taxonomy", str(path)]
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    assert main([*args, "-o", str(one), "--jobs", "1"]) == 0
    assert main([*args, "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert b"ontology#ByDocumentation>" in one.read_bytes()


def test_a_definition_names_its_undocumented_element(shared: Path, index: TaxonomyIndex) -> None:
    """Intel's cash flow statement: "Accounts receivable" is also a label of a business
    combination's acquired receivables, an element the dictionaries know without
    documentation. The filer's own entries before us-gaap's ("Asset Impairment Charges
    And ...") share too few of that element's name words to define it, so the row's only
    reading is the change in receivables its documented entry names."""
    text = (shared / "rtext" / "intc" / "intc__10k-2024-bodyfrag_R7.txt").read_text("utf-8")
    grid = resolve_grid(read_text_grid(text, path="R7", sha256=""), index)
    elements = {r.label: str(r.element) for r in grid.rows if r.element is not None}
    assert elements["Accounts receivable"] == "us-gaap:IncreaseDecreaseInAccountsReceivable"
    assert elements["Inventories"] == "us-gaap:IncreaseDecreaseInInventories"
    assert elements["Accounts payable"] == "us-gaap:IncreaseDecreaseInAccountsPayable"


def test_a_row_paired_with_its_entry_keeps_an_element_in_doubt_open(
    shared: Path, index: TaxonomyIndex
) -> None:
    """Apple's balance sheet: "Deferred revenue" is the standard label of us-gaap's
    deprecated DeferredRevenue and another filer's label of ContractWithCustomerLiabilityCurrent
    (the HTML's, undocumented in the shared dictionaries). The row is its entry's, but
    neither reading is clearly ahead: the row keeps the entry's definition and no element."""
    text = (shared / "rtext" / apple_filing().name / "R4.txt").read_text("utf-8")
    grid = resolve_grid(read_text_grid(text, path="R4", sha256=""), index)
    (row,) = [r for r in grid.rows if r.label == "Deferred revenue"]
    assert row.element is None
    assert row.resolution is None
    entry = next(e for e in grid.definitions if e.position == row.entry)
    assert entry.qname is None
    assert (entry.definition or "").startswith("Amount of obligation to transfer")


def test_a_row_showing_its_unit_reads_only_elements_of_that_unit(
    shared: Path, index: TaxonomyIndex
) -> None:
    """Intel's income statement prints "Basic (shares)" and "Diluted (shares)" under the
    per-share rows "Basic" and "Diluted": the unit suffix rules out the earnings-per-share
    elements, and each row pairs with its weighted-average share count."""
    text = (shared / "rtext" / "intc" / "intc__10k-2024-bodyfrag_R3.txt").read_text("utf-8")
    grid = resolve_grid(read_text_grid(text, path="R3", sha256=""), index)
    elements = {r.label: str(r.element) for r in grid.rows if r.element is not None}
    assert elements["Basic (shares)"] == "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic"
    assert elements["Diluted (shares)"] == "us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding"


def test_rows_of_one_label_that_can_be_one_entry_only_share_it(
    shared: Path, index: TaxonomyIndex
) -> None:
    """Ford's balance sheet prints "Cash and cash equivalents" three times (the company's,
    then under its segment headings): each row can be the cash entry only, and the block has
    one entry per element, so all three are that element. Paired one row to one entry, no
    row won."""
    text = (shared / "rtext" / "f" / "f__10k-2024-bodyfrag_R4.txt").read_text("utf-8")
    grid = resolve_grid(read_text_grid(text, path="R4", sha256=""), index)
    cash = [r for r in grid.rows if r.label == "Cash and cash equivalents"]
    assert len(cash) == 3
    assert {str(r.element) for r in cash} == {"us-gaap:CashAndCashEquivalentsAtCarryingValue"}
    assert len({r.entry for r in cash}) == 1


def test_a_page_without_definitions_reads_the_common_wording(
    shared: Path, index: TaxonomyIndex
) -> None:
    """trafilatura kept no definitions block of Apple's cover page. Its dei labels are
    Apple's own in other filings and Amazon's, Microsoft's...: a wording two or more other
    filers give the one element that has it resolves the row alone."""
    text = (shared / "rtext" / apple_filing().name / "R1.txt").read_text("utf-8")
    grid = resolve_grid(read_text_grid(text, path="R1", sha256=""), index)
    assert grid.definitions == []
    elements = {r.label: str(r.element) for r in grid.rows if r.element is not None}
    assert elements["Entity Registrant Name"] == "dei:EntityRegistrantName"
    assert elements["Entity File Number"] == "dei:EntityFileNumber"
    assert elements["Entity Address, City or Town"] == "dei:EntityAddressCityOrTown"
    methods = {r.resolution.method for r in grid.rows if r.resolution is not None}
    assert methods == {ResolutionMethod.LABEL}


# -- a filing's own MetaLinks.json -----------------------------------------------------------


@pytest.fixture(scope="module")
def apple_own(index: TaxonomyIndex, tmp_path_factory: pytest.TempPathFactory) -> TaxonomyIndex:
    metalinks = apple_filing() / "MetaLinks.json"
    return load_taxonomy([metalinks], cache=tmp_path_factory.mktemp("apple"))


def test_metalinks_reports_are_found_by_page_title(apple_own: TaxonomyIndex) -> None:
    title = "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited) - USD ($)"
    (sheet,) = apple_own.reports_titled(title)
    assert sheet.role.endswith("/CONDENSEDCONSOLIDATEDBALANCESHEETSUnaudited")
    current = _q("us-gaap:LiabilitiesCurrent")
    assert sheet.parents[_q("us-gaap:LongTermDebtCurrent")] == (current, 1.0)
    assert ("terseLabel", "Term debt") in sheet.labels[_q("us-gaap:LongTermDebtNoncurrent")]
    # Abstracts at the top of a tree are presented nowhere: every report has them.
    assert _q("us-gaap:StatementOfFinancialPositionAbstract") in sheet.labels
    # The longest short name the title starts with: not "Revenue" (R9) with a promoted member.
    (details,) = apple_own.reports_titled("Revenue - Additional Information (Details)")
    assert details.short_name == "Revenue - Additional Information (Details)"
    assert apple_own.reports_titled("Some other page") == []


def test_same_label_rows_are_told_apart_by_the_reports_calculations(
    apple_own: TaxonomyIndex, shared: Path
) -> None:
    """Apple's balance sheet shows "Term debt" and "Marketable securities" twice each (current
    and non-current); only one reading makes the current and non-current totals add up."""
    text = (shared / "rtext" / apple_filing().name / "R4.txt").read_text(encoding="utf-8")
    grid = resolve_grid(read_text_grid(text, path="R4", sha256=""), apple_own)
    rows = [r for r in grid.rows if not r.is_segment]
    assert all(r.element is not None and r.resolution is not None for r in rows)
    twice = [
        (r.label, str(r.element), r.resolution.method if r.resolution else None)
        for r in rows
        if r.label in ("Term debt", "Marketable securities")
    ]
    by_calculation = ResolutionMethod.CALCULATION
    assert twice == [
        ("Marketable securities", "us-gaap:MarketableSecuritiesCurrent", by_calculation),
        ("Marketable securities", "us-gaap:MarketableSecuritiesNoncurrent", by_calculation),
        ("Term debt", "us-gaap:LongTermDebtCurrent", by_calculation),
        ("Term debt", "us-gaap:LongTermDebtNoncurrent", by_calculation),
    ]
    # A label-only line no abstract of the report has is a row of nil values.
    nil = next(r for r in rows if r.label == "Commitments and contingencies")
    assert nil.element == _q("us-gaap:CommitmentsAndContingencies")


def test_same_label_rows_of_two_periods_take_the_standard_element_later(
    apple_own: TaxonomyIndex, shared: Path
) -> None:
    """Apple's comprehensive income prints each derivative line twice: the 2025 columns under
    the standard element, the 2024 ones under Apple's own. Labels, documentation and
    calculations fit both readings; the succession rule decides, and says so."""
    text = (shared / "rtext" / apple_filing().name / "R3.txt").read_text(encoding="utf-8")
    grid = resolve_grid(read_text_grid(text, path="R3", sha256=""), apple_own)
    rows = [r for r in grid.rows if not r.is_segment]
    assert all(r.element is not None for r in rows)
    by_rule = [
        (r.label.split()[0], [c.column for c in r.cells], str(r.element))
        for r in rows
        if r.resolution == Resolution(ResolutionMethod.SUCCESSION, 0.5)
    ]
    standard = "us-gaap:OtherComprehensiveIncomeLossCashFlowHedgeGainLoss"
    own = "aapl:OtherComprehensiveIncomeLossDerivativeInstrumentGainLoss"
    assert by_rule == [
        ("Change", [1, 3], standard + "BeforeReclassificationAfterTax"),
        ("Change", [2, 4], own + "BeforeReclassificationAfterTax"),
        ("Adjustment", [1, 3], standard + "ReclassificationAfterTax"),
        ("Adjustment", [2, 4], own + "ReclassificationAfterTax"),
        ("Total", [1, 3], standard + "AfterReclassificationAndTax"),
        ("Total", [2, 4], own + "afterReclassificationandTax"),
    ]
