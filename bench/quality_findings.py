"""Count the quality shapes' results on every shared page, per reading and per rule.

    python bench/quality_findings.py [--out bench/results/quality-findings.json] [--text-dir DIR]

Reads the HTML R pages, the seeds and the '|' text pages (default and ``favor_precision``
extractions) of the shared corpus (``XBRL_KG_SHARED_DATA`` or ``../shared/data``) as four
separate graphs, validates each against ``shapes/quality.ttl`` and writes the counts (and, with
``--text-dir``, each full text report) for checking by hand. The verdicts are in
``docs/quality-findings.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.build import build  # noqa: E402
from kg.validate import validate  # noqa: E402
from tests.corpus import html_pages, shared_data, text_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "quality-findings.json"))
    parser.add_argument("--text-dir", help="write each reading's full report here")
    args = parser.parse_args()
    readings = {
        "html": [str(p) for p in html_pages()],
        "seeds": [str(shared_data() / "seeds")],
        "text": [str(p.text) for p in text_pages()],
        "precision": [str(p.precision) for p in text_pages() if p.precision],
    }
    summary: dict[str, object] = {}
    for name, pages in readings.items():
        started = time.perf_counter()
        result = build(pages)
        built = time.perf_counter() - started
        started = time.perf_counter()
        report = validate(result.dataset.to_rdflib(), shapes=("quality",))
        summary[name] = {
            "pages": len(result.reports),
            "facts": result.facts,
            "build_seconds": round(built, 1),
            "quality_seconds": round(time.perf_counter() - started, 1),
            "violations": report.violations,
            "warnings": report.warnings,
            "per_rule": {f"{s}: {r}": n for (s, r), n in sorted(report.by_rule().items())},
        }
        print(name, json.dumps(summary[name]), flush=True)
        if args.text_dir:
            Path(args.text_dir).mkdir(parents=True, exist_ok=True)
            (Path(args.text_dir) / f"{name}.txt").write_text(report.text() + "\n")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
