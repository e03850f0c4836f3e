"""trafilatura 1.9's '|' text, a row per line ("Net income | $ 1,363,011 |"), held to the HTML.

The pages under ``tests/data/trafilatura/1.9.0`` are shared HTML R pages flattened by
trafilatura 1.9.0 (``tests/data/trafilatura/regenerate.py``). The rows are cut back into cells
(``kg.readers.rtext_rows``); the tests name what each page exercises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import read_report
from kg.fidelity import compare_reports
from kg.model import ValueKind
from kg.readers.rtext_rows import one_line_rows
from tests.corpus import REPO, shared_data, text_pages

VERSIONS = REPO / "tests" / "data" / "trafilatura"
PAGES = VERSIONS / "1.9.0"


def _pair(page_id: str) -> tuple[Path, Path]:
    page = next(p for p in text_pages() if p.id == page_id)
    return page.html, PAGES / page.set_name / f"{page.stem}.txt"


@pytest.mark.parametrize(
    "page_id",
    [
        "tsla/tsla__10k-2021_R1",  # cover: "Entity Registrant Name | Tesla, Inc. |"
        "aapl-10q-2025-03-29/R38",  # "Granted (in shares) | shares | 63,378 |": unit suffixes
        "tsla/tsla__10k-2021_R28",  # policies: "Leases | Leases" then the paragraphs
        "tsla/tsla__10k-2025_R31",  # disclosures with their own tables ("| 141 | (92) |")
    ],
)
def test_every_fact_as_the_html_has_it(page_id: str) -> None:
    html, text = _pair(page_id)
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert score.expected > 0
    assert (score.matched, score.found) == (score.expected, score.expected), (
        score.misses[:5],
        score.extras[:5],
    )


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


def test_the_policies_keep_their_text_blocks_whole() -> None:
    _, text = _pair("tsla/tsla__10k-2021_R28")
    blocks = [f for f in read_report(str(text)).facts if f.kind is ValueKind.TEXT_BLOCK]
    assert len(blocks) == 33
    leases = next(f for f in blocks if f.label == "Leases")
    assert leases.value.startswith("Leases\nWe adopted ASC 842")


def test_the_form_is_told_apart_from_the_others() -> None:
    assert all(one_line_rows(p.read_text(encoding="utf-8")) for p in PAGES.rglob("*.txt"))
    others = [VERSIONS / v for v in ("1.8.1", "2.3.1", "2.1.0", "2.0.0")]
    texts = [p for folder in others for p in folder.rglob("*.txt")]
    texts += [p.text for p in text_pages()[:40]]
    texts += sorted((shared_data() / "seeds").glob("*.txt"))
    assert len(texts) > 60
    assert not any(one_line_rows(p.read_text(encoding="utf-8")) for p in texts)
