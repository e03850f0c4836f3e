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
    name in a hidden span (and, under a member, "/ axis" and "= member" lines)."""
    indented = html.replace('<tr><td><div class="body"', '<tr>\n<td>\n  <div class="body"')
    rows = re.split(r"(<tr\b.*?</tr>)", indented, flags=re.DOTALL)
    member: list[str] = []
    for index, row in enumerate(rows):
        link = re.search(r"defref_([\w-]+)(?:=([\w-]+))?'", row)
        if not row.startswith("<tr") or link is None:
            continue
        if link.group(2):  # a member's row: the rows below it are under it
            member[:] = [f"/ {link.group(1)}", f"= {link.group(2)}"]
            continue
        hidden = "<br>".join([link.group(1), *member])
        rows[index] = re.sub(
            r'(<td class="nump?">)([^<]+)',
            lambda m, hidden=hidden: (
                f'{m.group(1)}<a onclick="toggleNextSibling(this);">{m.group(2)}</a>'
                f'<span style="display:none;white-space:normal;text-align:left;">{hidden}</span>'
            ),
            row,
        )
    return "".join(rows)


def _read_both_ways(tmp_path: Path, page: Path, html: str) -> tuple[Path, Path]:
    trafilatura = pytest.importorskip("trafilatura")
    original = tmp_path / page.name
    original.write_text(html, encoding="utf-8")
    text = tmp_path / (page.stem + ".txt")
    text.write_text(trafilatura.extract(html), encoding="utf-8")
    return original, text


def test_a_renderer_2_page_reads_as_its_html(tmp_path: Path) -> None:
    """Before, "$ 95,359us-gaap_Revenue..." was no value and each definition entry a page of
    its own: 16 pages, no fact. Now the page gives the HTML's facts, each number its element,
    the numbers under the "Products" and "Services" members too ("/ srt_ProductOrServiceAxis"
    and "= us-gaap_ProductMember" after them)."""
    page = apple_filing() / "R2.htm"
    html, text = _read_both_ways(tmp_path, page, _as_renderer_2_wrote_it(page.read_text()))
    written = text.read_text()
    assert "$ 95,359us-gaap_RevenueFromContractWithCustomerExcludingAssessedTax\n" in written
    assert "\n= us-gaap_ProductMember\n" in written
    assert "|X\n|\n- Definition" in written
    assert_every_fact_as_the_html_has_it(html, text)
    # The names the numbers carry are their rows' elements, as the HTML's links say.
    numbers = [f for f in read_report(str(text)).facts if f.kind is ValueKind.NUMBER]
    assert numbers
    assert [f.concept.qname for f in numbers] == [
        f.concept.qname for f in read_report(str(html)).facts if f.kind is ValueKind.NUMBER
    ]


def test_an_abstracts_details_only_entry_is_no_member(tmp_path: Path) -> None:
    """EdgarRenderer 2 shows a heading's (abstract) element by its Details alone, opened ("-
    Details"), as today's renderer shows a member: counted as members, two headings' entries
    made Apple's "Commitments and contingencies" a member's title over the equity rows, as on
    Actavis's 2014 balance sheet (31 of 143 facts so misread)."""
    page = apple_filing() / "R4.htm"
    html = _as_renderer_2_wrote_it(page.read_text())
    details_only = re.compile(
        r"(id=\"defref_us-gaap_(?:AssetsCurrentAbstract|LiabilitiesCurrentAbstract)\">"
        r".*?<div class=\"body\"[^>]*>)\s*<a[^>]*>- References</a><div>.*?</div>\s*"
        r"(<a[^>]*>)\+ Details</a><div style=\"display: none;\">",
        re.DOTALL,
    )
    html, count = details_only.subn(r"\1\2- Details</a><div>", html)
    assert count == 2
    html_path, text = _read_both_ways(tmp_path, page, html)
    assert text.read_text().count("|X\n|\n- Details\n") == 2
    assert_every_fact_as_the_html_has_it(html_path, text)
