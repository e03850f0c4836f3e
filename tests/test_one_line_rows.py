"""trafilatura 1.9-1.12's '|' text, a row per line ("Net income | $ 1,363,011 |"), held to the
HTML.

The pages under ``tests/data/trafilatura/{version}`` are shared HTML R pages flattened by that
version (``tests/data/trafilatura/regenerate.py``). The rows are cut back into cells
(``kg.readers.rtext_rows``); 1.10-1.12 pad each row with its empty cells' '|' first. The tests
name what each page exercises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import read_report
from kg.model import Fact, ValueKind
from kg.readers.rtext_cells import without_front_matter
from kg.readers.rtext_rows import one_line_rows, padded_rows
from tests.corpus import REPO, assert_every_fact_as_the_html_has_it, shared_data, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"
PAGES = VERSIONS / "1.9.0"


def _pair(page_id: str, version: str = "1.9.0") -> tuple[Path, Path]:
    page = next(p for p in text_pages() if p.id == page_id)
    return page.html, VERSIONS / version / page.set_name / f"{page.stem}.txt"


@pytest.mark.parametrize(
    ("version", "page_id"),
    [
        ("1.9.0", "tsla/tsla__10k-2021_R1"),  # cover: "Entity Registrant Name | Tesla, Inc. |"
        ("1.9.0", "aapl-10q-2025-03-29/R38"),  # "Granted (in shares) | shares | 63,378 |"
        ("1.9.0", "tsla/tsla__10k-2021_R28"),  # policies: "Leases | Leases", then paragraphs
        ("1.9.0", "tsla/tsla__10k-2025_R31"),  # disclosures with their own tables
        ("1.10.0", "apd/apd__10k-2018_R5"),  # "Consolidated Balance Sheets$ in Millions"
        ("1.10.0", "aapl-10q-2025-03-29/R38"),  # a multi-line column cell closed by "| |"
        ("1.11.0", "tsla/tsla__10k-2021_R2"),  # columns without a group, then "||||"
        ("1.11.0", "tsla/tsla__10k-2021_R4"),  # a group over three columns
        ("1.11.0", "adi/adi_2019_R2"),  # "[1] | Aug. 04, 2018 |": a marker, then a column
        ("1.11.0", "aapl-10q-2025-03-29/R11"),  # one column, its date padded
        ("1.12.2", "apd/apd__10k-2018_R1"),  # a cover page
    ],
)
def test_every_fact_as_the_html_has_it(version: str, page_id: str) -> None:
    html, text = _pair(page_id, version)
    assert_every_fact_as_the_html_has_it(html, text)


@pytest.mark.parametrize(
    "page_id",
    [
        "aapl-10q-2025-03-29/R2",
        "aapl-10q-2025-03-29/R27",
        # "Commercial paper" is a row above it too: a member named so, no repeated heading
        "aapl-10q-2025-03-29/R36",
    ],
)
def test_member_titles_whose_entries_deduplication_emptied(page_id: str) -> None:
    """1.12.2 with favor_precision: the members' entries end the definitions block as bare
    "X" cells (deduplication dropped their "- Details" toggles), so they cannot be counted;
    "Products", "iPhone" ... are member titles because the table starts over under each."""
    html, text = _pair(page_id, "1.12.2")
    text = text.with_suffix(".precision.txt")
    assert padded_rows(text.read_text(encoding="utf-8"))
    assert_every_fact_as_the_html_has_it(html, text)


def test_member_paths_are_told_from_labels_with_values() -> None:
    """Air Products R64: "Cost Reduction Actions | Industrial Gases - Americas |" is a member
    path (an "[Abstract]" row restarts under it); the facts carry the HTML's paths. Which of
    the seven columns a lone value sits in is the placement search's guess, and marked."""
    html, text = _pair("apd/apd__10k-2018_R64")
    original, report = read_report(str(html)), read_report(str(text))
    assert sorted(f.member_path for f in report.facts) == sorted(
        f.member_path for f in original.facts
    )
    assert "Cost Reduction Actions | Industrial Gases - Americas" in {
        f.member_path for f in report.facts
    }


def _read_text(path: Path, text: str) -> list[Fact]:
    path.write_text(text + "\n", encoding="utf-8")
    return read_report(str(path)).facts


def test_a_path_of_member_suffixed_labels_is_a_member_path(tmp_path: Path) -> None:
    """Tesla 2021 R56 (1.9.0): the adoption adjustment's path is followed by "Assets |", no
    "[Abstract]" row; its labels' "[Member]" suffix says it is a path, not a label with a
    text value (which read its rows under "Accounting Standards Update 2020-06" alone)."""
    text = "\n".join(
        [
            "Cumulative Effect of Adoption of ASU 2020-06 (Detail) - USD ($)",
            "$ in Millions",
            "|",
            "Jan. 01, 2021",
            "|",
            "Dec. 31, 2020",
            "|",
            "---|---|---|",
            "Assets |",
            "Property, plant and equipment, net | $ 12,702 | $ 12,747 |",
            "Restatement Adjustment [Member] | Accounting Standards Update 2020-06 [Member] |",
            "Assets |",
            "Property, plant and equipment, net | (45) |",
        ]
    )
    assert one_line_rows(text)
    facts = _read_text(tmp_path / "R56.txt", text)
    adjustment = "Restatement Adjustment [Member] | Accounting Standards Update 2020-06 [Member]"
    assert [(f.member_path, f.display) for f in facts] == [
        ("", "$ 12,702"),
        ("", "$ 12,747"),
        (adjustment, "(45)"),
    ]


def test_a_path_whose_heading_deduplication_dropped(tmp_path: Path) -> None:
    """apd R61 with favor_precision (1.9 to 1.11): the "[Line Items]" heading is printed under
    the first path only, so the next path is told by its rows, printed before under another
    path, while its own first label is new (not a label with a text value)."""
    text = "\n".join(
        [
            "Discontinued Operations (Narrative) (Details) - USD ($)",
            "$ in Millions",
            "|",
            "12 Months Ended |",
            "---|---|",
            "Sep. 30, 2018",
            "|",
            "Sep. 30, 2017",
            "|",
            "---|---|---|",
            "Disposal Groups [Line Items] |",
            "Income from discontinued operations | $ 42.2 | $ 1,866.0 |",
            "Electronic Materials Division (EMD) | Discontinued Operations, Spinoff |",
            "Disposal Groups [Line Items] |",
            "Income from discontinued operations | 240.2 |",
            "Performance Materials Division (PMD) | Discontinued Operations, Held-for-sale |",
            "Income from discontinued operations | 1,923.9 | 183.5 |",
        ]
    )
    facts = _read_text(tmp_path / "R61.txt", text)
    pmd = "Performance Materials Division (PMD) | Discontinued Operations, Held-for-sale"
    assert [f.display for f in facts if f.member_path == pmd] == ["1,923.9", "183.5"]
    assert not [f for f in facts if f.kind is ValueKind.TEXT]


def test_the_policies_keep_their_text_blocks_whole() -> None:
    _, text = _pair("tsla/tsla__10k-2021_R28")
    blocks = [f for f in read_report(str(text)).facts if f.kind is ValueKind.TEXT_BLOCK]
    assert len(blocks) == 33
    leases = next(f for f in blocks if f.label == "Leases")
    assert leases.value.startswith("Leases\nWe adopted ASC 842")


def test_definitions_on_one_line_read_as_in_1_8() -> None:
    """1.10-1.12 write an entry as "- Definition Text. Reference 1: role" on one line."""
    page = next(p for p in text_pages() if p.id == "tsla/tsla__10k-2021_R4")
    _, text = _pair(page.id, "1.11.0")
    new = read_report(str(text)).definitions
    old = read_report(str(page.text)).definitions
    assert len(new) == 36
    assert [(e.is_member, e.definition, e.references) for e in new] == [
        (e.is_member, e.definition, e.references) for e in old
    ]


def test_the_forms_are_told_apart_from_the_others() -> None:
    def read(path: Path) -> str:  # as kg build reads it: a "---" metadata block blanked
        return without_front_matter(path.read_text(encoding="utf-8"))

    assert all(one_line_rows(read(p)) for p in PAGES.rglob("*.txt"))
    padded = [
        p
        for v in ("1.10.0", "1.11.0", "1.12.2")
        for p in (VERSIONS / v).rglob("*.txt")
        if not p.name.endswith(".precision.txt")  # a cell per line: tests/test_cell_lines.py
        and p.name != "R22.txt"  # no report table (see the last test)
        and p.name != "tsla__10k-2025_R31.txt"  # a cell per line: tests/test_cell_lines.py
    ]
    assert len(padded) == 7
    assert all(padded_rows(read(p)) and not one_line_rows(read(p)) for p in padded)
    assert padded_rows(read(VERSIONS / "2.0.0" / "apd" / "apd__10k-2018_R8.txt"))
    others = [VERSIONS / v for v in ("1.8.1", "2.3.1", "2.1.0")]
    texts = [p for folder in others for p in folder.rglob("*.txt")]
    texts += [p.text for p in text_pages()[:40]]
    texts += sorted((shared_data() / "seeds").glob("*.txt"))
    assert len(texts) > 60
    assert not any(one_line_rows(read(p)) or padded_rows(read(p)) for p in texts)
    assert not any(padded_rows(read(p)) for p in PAGES.rglob("*.txt"))


def test_a_lone_definition_is_a_page_without_its_table() -> None:
    """trafilatura 2.0 kept only one element's definition of Tesla 2021 R89, with its Details
    table ("| Name: |", "us-gaap_FinanceLeaseLiability |"): no facts and a note saying why,
    as the 1.8 text's such pages get, not a refusal."""
    report = read_report(str(VERSIONS / "2.0.0" / "tsla" / "tsla__10k-2021_R89.txt"))
    assert not report.facts
    assert any("report table is missing" in note for note in report.warnings)
    (entry,) = report.definitions
    assert str(entry.qname) == "us-gaap:FinanceLeaseLiability"
    assert entry.definition is not None
    assert entry.definition.startswith("Present value of lessee's discounted obligation")


def test_a_text_block_without_the_report_header_is_a_note() -> None:
    """trafilatura 1.10 kept of Apple's R22 (an "Earnings Per Share (Tables)" page) the text
    block's row label and its content, not the report's header: the fact has no period the
    text gives and no cover page beside it to date it (``tests/test_cover_period.py``), so
    there is none, and a note says why (it was refused as a table form)."""
    report = read_report(str(VERSIONS / "1.10.0" / "aapl-10q-2025-03-29" / "R22.txt"))
    assert not report.facts
    assert any("no report header" in note for note in report.warnings)
