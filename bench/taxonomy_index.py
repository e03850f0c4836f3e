"""Time the taxonomy index: a first build (empty cache) and loads from the on-disk cache.

    python bench/taxonomy_index.py [PATH ...]

Default paths: the shared FSDS tag tables, SRT 2024 and the filings under ``xbrl/``, plus
Apple's MetaLinks.json. Each run uses a fresh temporary cache folder.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.taxonomy.sources import discover, load_taxonomy
from tests.corpus import apple_filing, shared_data


def main() -> None:
    data = shared_data()
    paths = [Path(p) for p in sys.argv[1:]] or [
        data / "taxonomy",
        data / "xbrl",
        apple_filing() / "MetaLinks.json",
    ]
    files = discover(paths)
    size = sum(Path(f.path).stat().st_size for f in files)
    print(f"{len(files)} dictionary files, {size / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        started = time.perf_counter()
        index = load_taxonomy(paths, cache=cache)
        built = time.perf_counter() - started
        pickle = next(cache.glob("index-*.pickle"))
        print(
            f"build: {built:.3f} s, {len(index)} elements, "
            f"cache file {pickle.stat().st_size / 1e6:.1f} MB"
        )
        loads = []
        for _ in range(5):
            started = time.perf_counter()
            load_taxonomy(paths, cache=cache)
            loads.append(time.perf_counter() - started)
        print(
            f"cached load: median {statistics.median(loads):.3f} s "
            f"(min {min(loads):.3f}, max {max(loads):.3f}), "
            f"{built / statistics.median(loads):.0f}x faster than the build"
        )


if __name__ == "__main__":
    main()
