"""Regenerate these pages: the shared HTML R pages flattened by trafilatura 2.

    python -m venv /tmp/t2 && /tmp/t2/bin/pip install 'trafilatura==2.3.1' lxml_html_clean
    XBRL_KG_SHARED_DATA=../shared/data /tmp/t2/bin/python tests/data/trafilatura2/regenerate.py

``{page}.txt`` is ``trafilatura.extract(html)``, ``{page}.precision.txt`` the same with
``favor_precision=True, deduplicate=True``, as the shared 1.8 texts were made. Only the pages
listed below are kept here: the rest of the corpus is in ``../shared/data``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

import trafilatura  # noqa: E402

from tests.corpus import text_pages  # noqa: E402

PAGES = {
    "adi/adi_2019_R2": ("default",),  # footnote columns, two groups, a legend
    "aapl-10q-2025-03-29/R10": ("default",),  # a text block and its own table
    "aapl-10q-2025-03-29/R27": ("default", "precision"),  # segments; members with axes
    "apd/apd__10k-2018_R61": ("default", "precision"),  # one definition; unpadded header
    "apd/apd__10k-2018_R74": ("precision",),  # group cells not padded to their spans
    "apd/apd__10k-2018_R114": ("default",),  # member paths with '|', BRL and "site" units
    "tsla/tsla__10k-2025_R31": ("default",),  # tables page: a disclosure's rows come late
}


def main() -> None:
    for page in text_pages():
        modes = PAGES.get(page.id)
        if not modes:
            continue
        html = page.html.read_text(encoding="utf-8", errors="replace")
        target = HERE / page.set_name
        target.mkdir(exist_ok=True)
        if "default" in modes:
            text = trafilatura.extract(html) or ""
            (target / f"{page.stem}.txt").write_text(text, encoding="utf-8")
        if "precision" in modes:
            text = trafilatura.extract(html, favor_precision=True, deduplicate=True) or ""
            (target / f"{page.stem}.precision.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
