"""trafilatura 1.x with include_links=True drops an R page's links, which its row labels and
definition toggles are: what is left is refused with the line that shows it, not read into
facts that the page never held (a statement's legend notes, a text block's own table).

The pages are flattened here with the test dependency, trafilatura 1.8.0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from kg.build import read_report
from kg.errors import SourceError
from kg.readers.rtext_cells import LINKS_DROPPED, links_dropped_line
from tests.corpus import text_pages


def _flattened(page_id: str, folder: Path, **options: bool) -> Path:
    page = next(p for p in text_pages() if p.id == page_id)
    html = page.html.read_text(encoding="utf-8", errors="replace")
    path = folder / f"{page.stem}.txt"
    path.write_text(trafilatura.extract(html, **options) or "", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("page_id", "shows"),
    [
        # a statement: every row and toggle gone, a reference left without its toggle
        ("adsk/adsk_2019_R2", "Reference 1: "),
        # a note: its text block's label gone, the block's own table right under the header
        ("aapl-10q-2025-03-29/R17", "|"),
    ],
)
def test_a_page_without_its_links_is_refused(page_id: str, shows: str, tmp_path: Path) -> None:
    path = _flattened(page_id, tmp_path, include_links=True)
    with pytest.raises(SourceError, match="include_links") as raised:
        read_report(str(path))
    assert str(raised.value).endswith(LINKS_DROPPED)
    line = path.read_text(encoding="utf-8").splitlines()[raised.value.line - 1]
    assert line.startswith(shows)


def test_the_same_pages_flattened_without_links_are_read(tmp_path: Path) -> None:
    path = _flattened("adsk/adsk_2019_R2", tmp_path)
    assert links_dropped_line(path.read_text(encoding="utf-8")) is None
    assert len(read_report(str(path)).facts) == 75


def test_a_link_trafilatura_kept_shows_it() -> None:
    text = "|\nRevenue (Details)\n|\n[Revenue](javascript:void(0);) |Revenue\n"
    assert links_dropped_line(text) == 4
