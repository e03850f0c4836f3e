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


def test_a_policies_page_without_its_labels_is_refused(tmp_path: Path) -> None:
    """Tesla's policies: each policy's label is gone, and the tables inside its text blocks
    read as rows ("(5,188", "December 31,", "—") gave six facts the page never held."""
    path = _flattened("tsla/tsla__10k-2021_R28", tmp_path, include_links=True)
    with pytest.raises(SourceError, match="include_links") as raised:
        read_report(str(path))
    assert "a row has no label" in str(raised.value)
    assert raised.value.line == 5


# trafilatura 1.9 with include_links=True, Apple's segment note (R17): the text block's label
# is gone and its own table, written as rows of cells, follows the report's header.
_SEGMENT_NOTE_1_9 = """Segment Information and Geographic Data
|
6 Months Ended |
---|---|
Mar. 29, 2025
---|
|
Three Months Ended | Six Months Ended |
March 29,2025
| March 30,2024
| March 29,2025
| March 30,2024
|
Americas: |
Net sales | $ | 40,315 | $ | 37,273 | $ | 92,963 | $ | 87,703 |
Operating income | $ | 16,774 | $ | 15,074 | $ | 38,283 | $ | 35,431 |
"""

# trafilatura 1.10 with include_links=True, apd's restricted stock (R129): the rows are gone,
# the definitions follow without their toggles, their Details written as cells.
_RESTRICTED_STOCK_1_10 = """Share-Based Compensation (Summary of Restricted Stock) (Details) - \
Restricted Stockshares in Thousands |
12 Months Ended |
---|---|
Sep. 30, 2018
$ / shares
shares
| |
|
|
The number of non-vested equity-based payment instruments, excluding stock (or unit) options.
Reference 1: http://fasb.org/us-gaap/role/ref/legacyRef
-Publisher FASB
Name: | us-gaap_ShareBasedCompensationArrangementByShareBasedPaymentAwardEquityInstrumentsOther |
Namespace Prefix: | us-gaap_ |
Data Type: | xbrli:sharesItemType |
Balance Type: | na |
Period Type: | instant |
"""


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (_SEGMENT_NOTE_1_9, 15, "the row label '$' is no label"),
        (_RESTRICTED_STOCK_1_10, 11, LINKS_DROPPED),
    ],
)
def test_later_1x_texts_without_their_links_are_refused(
    text: str, line: int, says: str, tmp_path: Path
) -> None:
    """1.9 and 1.10 write tables as rows of cells; without the links, what is left read as
    rows labelled "$" or "instant" (286 and 342 facts on the shared pages, none right)."""
    path = tmp_path / "R.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="include_links") as raised:
        read_report(str(path))
    assert says in str(raised.value)
    assert raised.value.line == line
