"""Regenerate the pages of one trafilatura version: shared HTML R pages flattened by it.

    python -m venv /tmp/t && /tmp/t/bin/pip install 'trafilatura==2.3.1' lxml_html_clean
    XBRL_KG_SHARED_DATA=../shared/data /tmp/t/bin/python tests/data/trafilatura/regenerate.py

writes ``tests/data/trafilatura/{version}/{set}/{page}.txt`` (``trafilatura.extract(html)``)
and ``{page}.precision.txt`` (``favor_precision=True, deduplicate=True``), as the shared 1.8
texts were made, for the pages listed below for the installed version. Deduplication
remembers text across calls, so a page's favor_precision output depends on the pages before
it: the list's order is the order they are made in. "precision-corpus" pages are made after
every shared page before them, flattened so in one pass in the corpus's order (before the
other modes). The shared 1.8 texts were made set by set, deduplication's memory emptied at
each set's start: with 1.8.0 that reproduces all 107 shared favor_precision texts, while one
pass over the corpus gives other texts for 29 of them.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

import trafilatura  # noqa: E402

from tests.corpus import text_pages  # noqa: E402

PAGES = {
    "1.3.0": {  # 1.4's pairs of bars, but header cells and text blocks without theirs
        "aapl-10q-2025-03-29/R2": ("default",),  # columns told apart by their dates
        "aapl-10q-2025-03-29/R6": ("default",),  # member columns: a line each, as many as values
        "apd/apd__10k-2018_R64": ("default",),  # "|[1]|" between columns' lines
        "tsla/tsla__10k-2021_R28": ("default",),  # a text block's lines after "|Leases|"
        "intc/intc__10k-2024-bodyfrag_R8": ("default",),  # 8 label lines for 7 columns
    },
    "1.4.0": {  # 1.6.1's form; a member's definition entry without its "- Details"
        "aapl-10q-2025-03-29/R2": ("default",),
        # deduplication leaves bare entries among the members' bare ones: cannot be counted
        "aapl-10q-2025-03-29/R1": ("precision-corpus",),  # members: the cover's securities
        "aapl-10q-2025-03-29/R4": ("precision-corpus",),  # no member, a bare entry last
        "tsla/tsla__10k-2021_R4": ("precision-corpus",),  # "Basic" shares after "Basic" EPS
    },
    "1.6.1": {  # every cell between a pair of bars, a row's cells on one line (1.4.1 to 1.6.1)
        "aapl-10q-2025-03-29/R2": ("default",),  # groups; "|Products|" member titles
        "aapl-10q-2025-03-29/R6": ("default",),  # a statement of equity
        "apd/apd__10k-2018_R64": ("default",),  # "|[1]||": a marker, then the next column
        "apd/apd__10k-2018_R114": ("default",),  # "|Environmental | Minimum|", "| site||32|"
        "tsla/tsla__10k-2021_R28": ("default",),  # policies: "|Leases||" then the text block
        # favor_precision: a bare entry, then a member's "- Details", end the block
        "tsla/tsla__10k-2025_R70": ("precision-corpus",),
    },
    "2.3.1": {  # the current markdown tables: empty cells kept in place
        "adi/adi_2019_R2": ("default", "markdown"),  # footnote columns, two groups, a legend
        "aapl-10q-2025-03-29/R10": ("default",),  # a text block and its own table
        "aapl-10q-2025-03-29/R27": ("default", "precision"),  # segments; members with axes
        "apd/apd__10k-2018_R61": ("default", "precision"),  # one definition; unpadded header
        "apd/apd__10k-2018_R74": ("precision",),  # group cells not padded to their spans
        # member paths, BRL, site; with_metadata=True's "---" block first
        "apd/apd__10k-2018_R114": ("default", "markdown", "links", "metadata"),
        "tsla/tsla__10k-2025_R31": ("default",),  # tables page: a disclosure's rows come late
        "apd/apd__10k-2018_R7": ("default",),  # no table: the definitions block alone
        # favor_precision: entries deduplicated; "Diluted ..." EPS rows repeat "Basic ..." ones
        "apd/apd__10k-2018_R2": ("precision-corpus",),
    },
    "1.8.1": {  # cells closed by '|' at their end ("Revenues|"), not opened by it
        "tsla/tsla__10k-2021_R4": ("default",),  # groups, one toggle per definition
        "adi/adi_2019_R2": ("default",),  # footnote markers in the header, a legend
        "apd/apd__10k-2018_R64": ("default",),  # members, short rows the search places
        "apd/apd__10k-2018_R152": ("default",),  # table dropped: one definition, glued
        "aapl-10q-2025-03-29/R11": ("default",),  # a one-column note: date under its group
        "tsla/tsla__10k-2021_R28": ("default",),  # policies: headings, paragraphs close blocks
        "tsla/tsla__10k-2025_R31": ("default",),  # disclosures' own tables, "65,821 |" values
        "tsla/tsla__10k-2025_R4": ("precision-seen",),  # values closed by a lone '|'; empties
    },
    "1.9.0": {  # a row per line, cells closed by " |", empty cells dropped
        "tsla/tsla__10k-2021_R1": ("default",),  # cover: labels with text values
        "apd/apd__10k-2018_R64": ("default",),  # member paths over "[Abstract]" rows
        "aapl-10q-2025-03-29/R38": ("default",),  # unit suffixes: "Granted | shares"
        "tsla/tsla__10k-2021_R28": ("default",),  # policies: "Leases | Leases" + paragraphs
        "tsla/tsla__10k-2025_R31": ("default",),  # disclosures' own tables, "| 141 | (92) |"
    },
    "1.10.0": {  # 1.9's rows padded with their empty cells' '|', title glued to rounding
        "apd/apd__10k-2018_R5": ("default",),  # "Consolidated Balance Sheets$ in Millions"
        "aapl-10q-2025-03-29/R38": ("default",),  # a multi-line column cell closed "| |"
        "aapl-10q-2025-03-29/R22": ("default",),  # a text block's content, no report header
        # ... its first paragraph a cell of its own ("... are summarized below: |")
        "apd/apd__10k-2018_R37": ("precision-corpus",),
        # a cell a line; each disclosure's tables a row a line inside its cell
        "tsla/tsla__10k-2025_R31": ("default",),
    },
    "1.11.0": {  # rows padded ("Revenues | |||"), column cells closed on their own line
        "tsla/tsla__10k-2021_R2": ("default",),  # no groups: columns, then "||||"
        "tsla/tsla__10k-2021_R4": ("default",),  # definitions on one line each
        "adi/adi_2019_R2": ("default",),  # "[1] | Aug. 04, 2018 |": marker, next column
        "aapl-10q-2025-03-29/R11": ("default",),  # a one-column note: its date padded
        # favor_precision: a cell a line, the title with no rounding closed on its own line
        "tsla/tsla__10k-2025_R4": ("precision-corpus",),
    },
    "1.12.2": {  # as 1.11, fewer tables kept; favor_precision: a cell per line
        "apd/apd__10k-2018_R1": ("default",),  # a cover page
        "tsla/tsla__10k-2021_R4": ("precision-corpus",),  # groups; headings' empty cells
        "apd/apd__10k-2018_R74": ("precision-corpus",),  # group cells without spans
        # members' entries bare at the block's end, their "- Details" deduplicated away
        "aapl-10q-2025-03-29/R2": ("precision-corpus",),
        "aapl-10q-2025-03-29/R27": ("precision-corpus",),
        "aapl-10q-2025-03-29/R29": ("precision-corpus",),  # title closed on its own line
        # a member named as a row above it ("Commercial paper"), its entry's toggle dropped
        "aapl-10q-2025-03-29/R36": ("precision-corpus",),
    },
    "2.1.0": {  # empty cells moved to the end of each row, '|' in a cell not escaped
        "adi/adi_2019_R2": ("default",),
        "apd/apd__10k-2018_R8": ("default",),
        "apd/apd__10k-2018_R2": ("default",),  # entries' cells over lines, no Details tables
        "aapl-10q-2025-03-29/R33": ("default",),  # "| Derivatives ... | Foreign exchange ... | ||"
        "aapl-10q-2025-03-29/R38": ("default",),  # "| Beginning balance (in shares) | shares |"
    },
    "2.0.0": {  # header cells over several lines, no leading '|' on the first rows
        "apd/apd__10k-2018_R8": ("default",),
        "tsla/tsla__10k-2025_R5": ("precision-corpus",),  # "| " before each label
        "aapl-10q-2025-03-29/R31": ("default",),  # a cell a line; values closed by a lone '|'
        "tsla/tsla__10k-2025_R31": ("default",),  # ... a disclosure and its tables on one line
        # one definition and its Details, no table; after a "---" metadata block
        "tsla/tsla__10k-2021_R89": ("default", "metadata"),
    },
}


def _forget_seen_text() -> None:
    """Empty deduplication's memory (``trafilatura.deduplication``, 1.x: ``filters``), so the
    pages made after the corpus pass are made as if it had not run."""
    for name in ("trafilatura.deduplication", "trafilatura.filters"):
        module = sys.modules.get(name) or _import(name)
        if module is not None and hasattr(module, "LRU_TEST"):
            module.LRU_TEST.clear()
            return


def _import(name: str) -> object:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def main() -> None:
    version = trafilatura.__version__
    wanted = PAGES[version]
    if any("precision-corpus" in modes for modes in wanted.values()):
        for page in text_pages():
            html = page.html.read_text(encoding="utf-8", errors="replace")
            text = trafilatura.extract(html, favor_precision=True, deduplicate=True) or ""
            if "precision-corpus" in wanted.get(page.id, ()):
                target = HERE / version / page.set_name / f"{page.stem}.precision.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        _forget_seen_text()
    for page in text_pages():
        modes = wanted.get(page.id)
        if not modes:
            continue
        html = page.html.read_text(encoding="utf-8", errors="replace")
        target = HERE / version / page.set_name
        target.mkdir(parents=True, exist_ok=True)
        if "default" in modes:
            text = trafilatura.extract(html) or ""
            (target / f"{page.stem}.txt").write_text(text, encoding="utf-8")
        if "markdown" in modes:  # bold, italics, <sup>, escaped specials ("\\[", "\\_")
            text = trafilatura.extract(html, output_format="markdown") or ""
            (target / f"{page.stem}.markdown.txt").write_text(text, encoding="utf-8")
        if "metadata" in modes:  # a "---" block of "date: 2018-09-30" lines first
            text = trafilatura.extract(html, with_metadata=True) or ""
            (target / f"{page.stem}.metadata.txt").write_text(text, encoding="utf-8")
        if "links" in modes:  # row labels as "[Sales](<javascript:void(0);>)"
            text = trafilatura.extract(html, include_links=True) or ""
            (target / f"{page.stem}.links.txt").write_text(text, encoding="utf-8")
        if "precision" in modes or "precision-seen" in modes:
            # "precision-seen": the page as deduplication writes it once it has seen its cells
            # three times (1.8.1 then closes each value with a lone '|' on the next line)
            for _ in range(4 if "precision-seen" in modes else 1):
                text = trafilatura.extract(html, favor_precision=True, deduplicate=True) or ""
            (target / f"{page.stem}.precision.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
