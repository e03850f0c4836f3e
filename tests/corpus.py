"""Where the shared EDGAR corpus lives, and its pages paired with their HTML originals.

``../shared/data`` beside the checkout, or ``$XBRL_KG_SHARED_DATA`` when set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.build import read_report
from kg.fidelity import compare_reports

REPO = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    configured = os.environ.get("XBRL_KG_SHARED_DATA")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    if not path.is_dir():
        raise FileNotFoundError(
            f"shared EDGAR data not found at {path}; set XBRL_KG_SHARED_DATA to its folder"
        )
    return path


@dataclass(frozen=True)
class TextPage:
    set_name: str  # the folder under rtext/, e.g. "tsla" or "aapl-10q-2025-03-29"
    stem: str  # "R2", "tsla__10k-2021_R5"
    text: Path  # default trafilatura mode
    precision: Path | None  # favor_precision mode, when trafilatura returned anything
    html: Path

    @property
    def id(self) -> str:
        return f"{self.set_name}/{self.stem}"


def text_pages() -> list[TextPage]:
    data = shared_data()
    pages = []
    for folder in sorted((data / "rtext").iterdir()):
        for text in sorted(folder.glob("*.txt")):
            if text.name.endswith(".precision.txt"):
                continue
            stem = text.name.removesuffix(".txt")
            precision = text.with_name(stem + ".precision.txt")
            pages.append(
                TextPage(
                    folder.name,
                    stem,
                    text,
                    precision if precision.exists() else None,
                    _html_for(data, folder.name, stem),
                )
            )
    return pages


def _html_for(data: Path, set_name: str, stem: str) -> Path:
    filing = data / "edgar" / "filings" / set_name / f"{stem}.htm"
    if filing.exists():
        return filing
    return data / "edgar" / "r-pages" / set_name / f"{stem}.htm"


def html_pages() -> list[Path]:
    data = shared_data()
    return sorted((data / "edgar" / "r-pages").glob("*/*.htm")) + sorted(
        (data / "edgar" / "filings").glob("*/R*.htm")
    )


def apple_filing() -> Path:
    return shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29"


def assert_every_fact_as_the_html_has_it(html: Path, text: Path) -> None:
    """The text reads to exactly the facts its HTML original reads to."""
    score = compare_reports(read_report(str(html)), read_report(str(text)))
    assert score.expected > 0
    assert (score.matched, score.found) == (score.expected, score.expected), (
        score.misses[:5],
        score.extras[:5],
    )


def report_table_alone(page: Path, folder: Path) -> Path:
    """The page's report table as a scraper keeps it: no definitions (so no element Details),
    nothing around it. Written to ``folder`` under the page's name."""
    html = page.read_text(encoding="utf-8")
    cut = html.find('class="authRefData"')
    body = html[:cut] if cut > 0 else html
    start = body.find('<table class="report"')
    table = folder / page.name
    table.write_text(body[start : body.rfind("</table>") + len("</table>")], encoding="utf-8")
    return table
