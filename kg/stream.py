"""The fast path from inputs to a graph file: one unit (report or filing) at a time.

``build`` in ``kg.build`` holds the whole dataset in memory, which suits the library API. Here
each unit is read, emitted, optionally validated and serialized on its own, in worker
processes when ``jobs > 1``, and written in input order as soon as it is ready, so memory does
not grow with the corpus and two runs write the same bytes whatever the number of jobs.

N-Triples and N-Quads are written as text (each unit's lines sorted); Turtle, TriG and JSON-LD
stream the same quads through pyoxigraph's writers. Shared nodes (concepts, periods, units)
are repeated in every unit that uses them, as in the named graphs of ``kg.build``; in the
graph-less formats the repeats are the same triples, which RDF reads as one.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.build import STDIN, build, looks_like_html, read_head
from kg.rdf.dataset import RdfFormat, write_atomically_with
from kg.rdf.namespaces import PREFIXES, VOCABULARIES
from kg.readers.rtext import placement_work
from kg.taxonomy.index import TaxonomyIndex

_ESTIMATE_BYTES = 1 << 20  # a '|' page's table comes first; its definitions can be long


@dataclass(frozen=True, slots=True)
class BuiltUnit:
    """One input read, emitted and serialized (N-Quads, or N-Triples for graph-less output)."""

    path: str
    lines: str
    triples: int
    reports: int
    facts: int
    errors: tuple[str, ...] = ()
    resolved: int = 0  # text rows given an element from the taxonomy dictionaries
    violations: int = 0
    violation_text: str = ""
    # The readers' notes on what they could not read (a text page that lost its table):
    # "path: note", one per note.
    notes: tuple[str, ...] = ()


@dataclass
class StreamSummary:
    """What a streamed build did, for the CLI's summary line."""

    pages: int = 0
    failed: int = 0
    facts: int = 0
    triples: int = 0
    resolved: int = 0
    violations: int | None = None
    notes: int = 0  # printed as they come (see the CLI), only counted here
    errors: list[str] = field(default_factory=list)
    violation_texts: list[str] = field(default_factory=list)

    def add(self, unit: BuiltUnit, validated: bool) -> None:
        self.pages += unit.reports + len(unit.errors)
        self.failed += len(unit.errors)
        self.facts += unit.facts
        self.triples += unit.triples
        self.resolved += unit.resolved
        self.notes += len(unit.notes)
        self.errors.extend(unit.errors)
        if validated:
            self.violations = (self.violations or 0) + unit.violations
            if unit.violation_text:
                self.violation_texts.append(unit.violation_text)


def build_unit(
    path: str, base: str, quads: bool, taxonomy: TaxonomyIndex | None = None
) -> BuiltUnit:
    """Read one input (an R page, a filing folder or submission) into serialized lines."""
    result = build([path], base=base, taxonomy=taxonomy)
    lines: list[str] = []
    for graph, triples in result.dataset.graphs.items():
        suffix = f" <{graph}> .\n" if quads else " .\n"
        lines.extend(f"{s} {p} {o}{suffix}" for s, p, o in triples)
    lines.sort()
    return BuiltUnit(
        path=path,
        lines="".join(lines),
        triples=len(lines),
        reports=len(result.reports),
        facts=result.facts,
        errors=tuple(str(error) for error in result.errors),
        resolved=sum(1 for r in result.reports for row in r.rows if row.resolution is not None),
        notes=tuple(f"{r.source.path}: {note}" for r in result.reports for note in r.warnings),
    )


def validated_units(units: Iterable[BuiltUnit], *, base: str, quads: bool) -> Iterator[BuiltUnit]:
    """The units with their violations of the structure shapes, each unit checked on its own
    (as ``kg validate`` would check its file), a batch of units at a time.

    A compiled check costs about as much on a page as on a hundred: the 107 shared text
    pages validate in 1.0 s one by one, 0.36 s in batches. But together is not on their own:
    a shared node (a period, a concept) that one unit leaves incomplete another completes,
    and two units' descriptions of it add up. So each unit's data IRIs (all minted under
    ``base``) are renamed apart in the batch: its copy of a shared node is its own, the units
    are disjoint graphs, and the batch conforms exactly when every unit does (the structure
    shapes look from each focus node at what it reaches). Only a batch that does not is
    validated again unit by unit, for each unit's own count and report.
    """
    batch: list[BuiltUnit] = []
    size = 0
    for unit in units:
        batch.append(unit)
        size += unit.triples
        if size >= _BATCH_TRIPLES:
            yield from _validated_batch(batch, base, quads)
            batch, size = [], 0
    yield from _validated_batch(batch, base, quads)


_BATCH_TRIPLES = 50_000  # about 70 text pages or 20 HTML pages: a store of a few MB


def _validated_batch(batch: list[BuiltUnit], base: str, quads: bool) -> list[BuiltUnit]:
    from kg.validate import validate  # rdflib loads only when asked

    filled = [unit for unit in batch if unit.triples]
    apart = not any(namespace.startswith(base) for namespace in VOCABULARIES)
    if len(filled) > 1 and apart:
        renamed = "".join(
            unit.lines.replace(f"<{base}", f"<urn:xbrl-kg:unit:{number}:")
            for number, unit in enumerate(filled)
        )
        # The batch's queries on threads, one per CPU (Oxigraph lets go of the GIL while it
        # answers): 107 pages build in 2.18 s instead of 2.24 s, 1.44 s with --jobs 2
        # instead of 1.49 s (medians of 6).
        if validate(_store_of(renamed, quads)).conforms:
            return batch
    return [_validated(unit, quads) if unit.triples else unit for unit in batch]


def _validated(unit: BuiltUnit, quads: bool) -> BuiltUnit:
    from kg.validate import validate

    # One query at a time: a unit's store is small.
    report = validate(_store_of(unit.lines, quads), workers=1)
    text = "" if report.conforms else report.text()
    return replace(unit, violations=report.violations, violation_text=text)


def _store_of(lines: str, quads: bool) -> ox.Store:
    """A store holding the lines' triples in its default graph, which validation reads: the
    named graphs dropped as the lines are loaded (copied into the default graph after, they
    took as long as the loading)."""
    from kg.shacl_sparql import store_from_ntriples  # rdflib loads only when asked

    return store_from_ntriples(_GRAPH_NAME.sub(" .", lines) if quads else lines)


_GRAPH_NAME = re.compile(r" <[^>]*> \.$", re.MULTILINE)  # an N-Quads line's last term


# The taxonomy index of this process: set once per worker (by the pool's initializer), not
# sent with every task.
_taxonomy: TaxonomyIndex | None = None


def _set_taxonomy(taxonomy: TaxonomyIndex | None) -> None:
    global _taxonomy
    _taxonomy = taxonomy


def _build_unit_task(task: tuple[str, str, bool]) -> BuiltUnit:
    return build_unit(*task, taxonomy=_taxonomy)


def build_units(
    paths: Iterable[str],
    *,
    base: str,
    quads: bool,
    validate: bool,
    jobs: int = 1,
    taxonomy: TaxonomyIndex | None = None,
) -> Iterator[BuiltUnit]:
    """Each input's unit, in input order; ``jobs`` worker processes read ahead. With
    ``validate``, each unit's violations are counted (``validated_units``)."""
    units = _read_units(paths, base=base, quads=quads, jobs=jobs, taxonomy=taxonomy)
    return validated_units(units, base=base, quads=quads) if validate else units


def _read_units(
    paths: Iterable[str],
    *,
    base: str,
    quads: bool,
    jobs: int,
    taxonomy: TaxonomyIndex | None,
) -> Iterator[BuiltUnit]:
    if jobs <= 1:
        for path in paths:
            yield build_unit(path, base, quads, taxonomy)
        return
    tasks = ((path, base, quads) for path in paths)
    # Workers are forked where possible: they inherit the imported readers instead of
    # importing them again. What they inherit is frozen out of the collector meanwhile, as
    # the gc module's docs advise before a fork: its passes would write to those objects in
    # each worker and copy their pages (3,000 text pages, 2 jobs: 125 MB PSS, not 130-133).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_set_taxonomy, initargs=(taxonomy,)
        ) as pool:
            yield from _units_in_order(pool, tasks, jobs, taxonomy)
    finally:
        gc.unfreeze()


def _units_in_order(
    pool: ProcessPoolExecutor,
    tasks: Iterator[tuple[str, str, bool]],
    jobs: int,
    taxonomy: TaxonomyIndex | None,
) -> Iterator[BuiltUnit]:
    """The tasks' units from ``pool``, in input order.

    Executor.map would submit every task at once; windows of pending units bound memory (two
    windows at most) while keeping every worker busy. Units come out in input order, so one
    slow page (an equity statement can take seconds) must not run alone at the end: within
    each window the heaviest pages go first (longest processing time first). 107 pages, 2
    jobs: Tesla 2021 R6, 5 s of 11, came 103rd.
    """
    window = jobs * 64
    pending: deque[Future[BuiltUnit]] = deque()
    while block := list(itertools.islice(tasks, window)):
        futures: dict[int, Future[BuiltUnit]] = {}
        for index in sorted(range(len(block)), key=lambda i: -_work_estimate(block[i][0])):
            if block[index][0] == STDIN:  # workers' standard input is not this one's
                futures[index] = Future()
                futures[index].set_result(build_unit(*block[index], taxonomy=taxonomy))
            else:
                futures[index] = pool.submit(_build_unit_task, block[index])
        pending.extend(futures[index] for index in range(len(block)))
        while len(pending) > window:  # the block before this one
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _work_estimate(path: str) -> int:
    """A '|' text page's placement work (``kg.readers.rtext.placement_work``); anything else
    (HTML pages, filing folders, unreadable paths) counts 0 and keeps its place."""
    try:
        data = read_head(path, _ESTIMATE_BYTES)
    except OSError:  # a folder, or a path the worker will report
        return 0
    text = data.decode("utf-8", errors="replace")
    return 0 if looks_like_html(text) else placement_work(text)


def write_units(
    units: Iterable[BuiltUnit],
    path: str | os.PathLike[str],
    fmt: RdfFormat,
    *,
    on_unit: Callable[[BuiltUnit], None] | None = None,
) -> None:
    """Write units to ``path`` as they come; the file appears only when all are written."""
    write_atomically_with(Path(path), lambda out: write_units_to(units, out, fmt, on_unit))


def write_units_to(
    units: Iterable[BuiltUnit],
    out: BinaryIO,
    fmt: RdfFormat,
    on_unit: Callable[[BuiltUnit], None] | None = None,
) -> None:
    """Write units to an open stream (standard output) as they come."""

    def observed() -> Iterator[BuiltUnit]:
        for unit in units:
            if on_unit is not None:
                on_unit(unit)
            yield unit

    if fmt in (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES):
        for unit in observed():
            out.write(unit.lines.encode())
        return
    source = RdfFormat.N_QUADS if fmt.quads else RdfFormat.N_TRIPLES
    parsed = (
        quad for unit in observed() for quad in ox.parse(unit.lines.encode(), source.oxigraph)
    )
    ox.serialize(parsed, out, fmt.oxigraph, prefixes=PREFIXES)


def convert_graph_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rewrite a graph file in the format of ``target``'s extension, streaming; graph-less
    formats take every named graph's triples."""
    target_format = RdfFormat.from_path(target)
    write_atomically_with(
        Path(target), lambda out: convert_graph_file_to(source, out, target_format)
    )


def convert_graph_file_to(
    source: str | os.PathLike[str], out: BinaryIO, target_format: RdfFormat
) -> None:
    """Write a graph file to an open stream in ``target_format``, streaming."""
    quads = ox.parse(path=str(source), format=RdfFormat.from_path(source).oxigraph)
    if target_format.quads:
        ox.serialize(quads, out, target_format.oxigraph, prefixes=PREFIXES)
    else:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        ox.serialize(triples, out, target_format.oxigraph, prefixes=PREFIXES)


class Progress:
    """A progress bar on a terminal (tqdm), silent otherwise."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="input", file=sys.stderr, dynamic_ncols=True)

    def __call__(self, unit: BuiltUnit) -> None:
        if self._bar is not None:
            self._bar.update(1)
            self._bar.set_postfix(triples=unit.triples, refresh=False)

    def write(self, line: str) -> None:
        """A line on stderr, above the bar when it shows."""
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
