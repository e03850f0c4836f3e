"""trafilatura 1.8.1's '|' text, whose cells end in '|' ("Revenues|"), held to the HTML.

The pages under ``tests/data/trafilatura/1.8.1`` are shared HTML R pages flattened by
trafilatura 1.8.1 (``tests/data/trafilatura/regenerate.py``). 1.8.1 moved the '|' from the
start of a cell to its end and kept one toggle per definition; the reader must give the same
facts and definitions as from the 1.8.0 text of the same page, and every fact's line must be
the line of its value in the file read.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.build import read_report
from kg.fidelity import compare_reports, fact_key
from kg.model import PeriodType, QName, ValueKind
from kg.readers.rtext_cells import bars_close_cells
from tests.corpus import REPO, TextPage, shared_data, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"
PAGES = VERSIONS / "1.8.1"


def _page(page_id: str) -> TextPage:
    return next(p for p in text_pages() if p.id == page_id)


def _text(page: TextPage, mode: str = "") -> Path:
    return PAGES / page.set_name / f"{page.stem}{mode}.txt"


@pytest.mark.parametrize(
    ("page_id", "mode"),
    [
        ("tsla/tsla__10k-2021_R4", ""),  # a statement with a group over its columns
        ("adi/adi_2019_R2", ""),  # footnote markers after the column cells, a legend
        ("apd/apd__10k-2018_R64", ""),  # member paths, short rows placed by the search
        ("aapl-10q-2025-03-29/R11", ""),  # a one-column note: its date under the group
        ("tsla/tsla__10k-2021_R28", ""),  # policies: a block's last paragraph closes it
        ("tsla/tsla__10k-2025_R31", ""),  # disclosures with their own tables
        ("tsla/tsla__10k-2025_R4", ".precision"),  # values closed by a lone '|'
    ],
)
def test_the_same_facts_as_from_the_1_8_0_text(page_id: str, mode: str) -> None:
    page = _page(page_id)
    old = page.text if not mode else page.precision
    assert old is not None
    html = read_report(str(page.html))
    new_report = read_report(str(_text(page, mode)))
    old_report = read_report(str(old))
    assert sorted(map(fact_key, new_report.facts), key=repr) == sorted(
        map(fact_key, old_report.facts), key=repr
    )
    score = compare_reports(html, new_report)
    assert score.found > 0
    assert score.matched == compare_reports(html, old_report).matched


def test_each_fact_is_traced_to_its_own_line() -> None:
    path = _text(_page("tsla/tsla__10k-2021_R4"))
    lines = path.read_text(encoding="utf-8").splitlines()
    report = read_report(str(path))
    assert len(report.facts) == 99
    for fact in report.facts:
        assert lines[fact.location.line - 1].rstrip("| ") == fact.display


def test_definitions_with_one_toggle_read_as_with_three() -> None:
    """1.8.1 writes "X|", "- Definition", the definition, then its references (or the
    placeholder for none), without the "+ References" and "+ Details" toggles."""
    page = _page("tsla/tsla__10k-2021_R4")
    new = read_report(str(_text(page))).definitions
    old = read_report(str(page.text)).definitions
    assert len(new) == 36
    assert [dataclasses.replace(e, line=None) for e in new] == [
        dataclasses.replace(e, line=None) for e in old
    ]
    assert sum(1 for e in new if e.definition) == 25
    assert sum(1 for e in new if e.references) == 22
    assert sum(1 for e in new if e.is_member) == 6


def test_a_page_whose_table_was_dropped_keeps_its_glued_definition() -> None:
    """trafilatura kept one definition, its toggles glued to the text after them
    ("- DefinitionAmount of revenue..."), and the Details table as cells."""
    report = read_report(str(_text(_page("apd/apd__10k-2018_R152"))))
    assert report.facts == ()
    (entry,) = report.definitions
    assert entry.definition is not None
    assert entry.definition.startswith("Amount of revenue recognized from goods sold")
    assert len(entry.references) > 3
    assert entry.qname == QName("us-gaap", "Revenues")
    assert entry.period_type is PeriodType.DURATION
    assert any("report table is missing" in note for note in report.warnings)


def test_disclosures_stay_whole() -> None:
    """A policies page: each block runs from its heading to its last paragraph, which 1.8.1
    closes with '|'; the next row's label is not swallowed."""
    report = read_report(str(_text(_page("tsla/tsla__10k-2021_R28"))))
    blocks = [f for f in report.facts if f.kind is ValueKind.TEXT_BLOCK]
    assert len(blocks) == 33
    leases = next(f for f in blocks if f.label == "Leases")
    assert leases.value.startswith("Leases\nWe adopted ASC 842")
    assert "Research and Development Costs" not in leases.value


def test_the_form_is_told_apart_from_the_others() -> None:
    assert all(bars_close_cells(p.read_text(encoding="utf-8")) for p in PAGES.rglob("*.txt"))
    others = [VERSIONS / v for v in ("2.3.1", "2.1.0", "2.0.0")]
    texts = [p for folder in others for p in folder.rglob("*.txt")]
    texts += [p.text for p in text_pages()[:40]]
    texts += sorted((shared_data() / "seeds").glob("*.txt"))
    assert len(texts) > 50
    assert not any(bars_close_cells(p.read_text(encoding="utf-8")) for p in texts)
