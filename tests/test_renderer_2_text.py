"""'|' text of pages EdgarRenderer 2 wrote (filings of about 2011 to 2015), as trafilatura
1.8.0 flattens them.

Two things differ from today's pages: each number is followed by a hidden span naming its
element, which the text glues to it ("$ 38,723.0dei_EntityPublicFloat"), and the HTML is
indented, so a definition entry's toggles fall in a cell of their own after its "X". The
test rewrites a shared page so, with both, and flattens it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.build import read_report
from kg.model import ValueKind
from tests.corpus import apple_filing, assert_every_fact_as_the_html_has_it


def _as_renderer_2_wrote_it(html: str) -> str:
    """The page with its definitions indented and each number followed by its row's element
    name in a hidden span."""
    indented = html.replace('<tr><td><div class="body"', '<tr>\n<td>\n  <div class="body"')
    return re.sub(r"<tr\b.*?</tr>", _row_with_hidden_names, indented, flags=re.DOTALL)


def _row_with_hidden_names(row: re.Match[str]) -> str:
    element = re.search(r"defref_([\w-]+)'", row.group(0))
    if element is None:
        return row.group(0)
    name = element.group(1)
    return re.sub(
        r'(<td class="nump?">)([^<]+)',
        lambda m: (
            f'{m.group(1)}<a title="{name}" onclick="toggleNextSibling(this);">{m.group(2)}</a>'
            f'<span style="display:none;white-space:normal;text-align:left;">{name}</span>'
        ),
        row.group(0),
    )


def test_a_renderer_2_page_reads_as_its_html(tmp_path: Path) -> None:
    """Before, "$ 95,359us-gaap_Revenue..." was no value and each definition entry a page of
    its own: 16 pages, no fact. Now the page gives the HTML's facts, each number its element."""
    trafilatura = pytest.importorskip("trafilatura")
    html = tmp_path / "R2.htm"
    html.write_text(_as_renderer_2_wrote_it((apple_filing() / "R2.htm").read_text()))
    text = tmp_path / "R2.txt"
    text.write_text(trafilatura.extract(html.read_text()), encoding="utf-8")
    assert "$ 95,359us-gaap_RevenueFromContractWithCustomerExcludingAssessedTax\n" in (
        text.read_text()
    )
    assert "|X\n|\n- Definition" in text.read_text()
    assert_every_fact_as_the_html_has_it(html, text)
    # The names the numbers carry are their rows' elements, as the HTML's links say.
    numbers = [f for f in read_report(str(text)).facts if f.kind is ValueKind.NUMBER]
    assert numbers
    assert [f.concept.qname for f in numbers] == [
        f.concept.qname for f in read_report(str(html)).facts if f.kind is ValueKind.NUMBER
    ]
