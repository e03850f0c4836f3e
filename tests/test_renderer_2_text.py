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

from tests.corpus import apple_filing, assert_every_fact_as_the_html_has_it


def _as_renderer_2_wrote_it(html: str) -> str:
    indented = html.replace('<tr><td><div class="body"', '<tr>\n<td>\n  <div class="body"')
    return re.sub(
        r'(<td class="nump?">)([^<]+)',
        lambda m: (
            f'{m.group(1)}<a title="us-gaap_Revenues" onclick="toggleNextSibling(this);">'
            f"{m.group(2)}</a>"
            '<span style="display:none;white-space:normal;text-align:left;">'
            "us-gaap_Revenues</span>"
        ),
        indented,
    )


def test_a_renderer_2_page_reads_as_its_html(tmp_path: Path) -> None:
    """Before, "$ 95,359us-gaap_Revenues" was no value and each definition entry a page of its
    own: 16 pages, no fact."""
    trafilatura = pytest.importorskip("trafilatura")
    html = tmp_path / "R2.htm"
    html.write_text(_as_renderer_2_wrote_it((apple_filing() / "R2.htm").read_text()))
    text = tmp_path / "R2.txt"
    text.write_text(trafilatura.extract(html.read_text()), encoding="utf-8")
    assert "us-gaap_Revenues\n" in text.read_text()
    assert "|X\n|\n- Definition" in text.read_text()
    assert_every_fact_as_the_html_has_it(html, text)
