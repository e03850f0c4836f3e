"""Strings sorted on disk, for sorts larger than memory: runs of ``RUN_KEYS`` are sorted in
memory and spilled to scratch files, then merged."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

RUN_KEYS = 200_000  # strings sorted in memory at a time (a few dozen MB)


class SortedRuns:
    """Strings sorted on disk: added in any order, read back sorted and without repeats. The
    strings hold no newline (N-Triples text escapes it)."""

    def __init__(self, scratch: Path, name: str) -> None:
        self._scratch = scratch
        self._name = name
        self._run_keys = RUN_KEYS
        self._keys: set[str] = set()  # a run holds each string once: most repeat nearby
        self._runs: list[Path] = []

    def add(self, key: str) -> None:
        self._keys.add(key)
        if len(self._keys) >= self._run_keys:
            self._spill()

    def _spill(self) -> None:
        run = self._scratch / f"{self._name}-{len(self._runs)}"
        with run.open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(f"{key}\n" for key in sorted(self._keys))
        self._runs.append(run)
        self._keys = set()

    def merged(self) -> Iterator[str]:
        """The strings, sorted; the runs are deleted once read."""
        with ExitStack() as files:
            runs = [
                (
                    line[:-1]
                    for line in files.enter_context(run.open(encoding="utf-8", newline="\n"))
                )
                for run in self._runs
            ]
            previous = None
            for key in heapq.merge(*runs, sorted(self._keys)):
                if key != previous:
                    yield key
                    previous = key
        for run in self._runs:
            run.unlink()
        self._runs, self._keys = [], set()
