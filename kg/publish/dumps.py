"""A graph sorted on disk in one pass: the site's dumps, statistics and resources, in memory
that does not grow with the graph.

The dumps list the quads sorted by graph, subject, predicate and object (their N-Triples
text), and the distinct triples of all graphs sorted by subject, predicate and object
(``kg.publish.sorted_runs`` sorts them). The sorted N-Quads and N-Triples lines go to one
scratch file each, which is gzipped into the site as it is and parsed back, in order, by
pyoxigraph for TriG, Turtle and JSON-LD. The statistics are counted off the sorted triples
(a subject's triples come together), and the IRIs to describe come sorted too. Sorting every
quad as a Python object and counting by SPARQL took 803 MB for a store of 321 HTML pages
(290,000 triples) and 2.5 GB for 1,070; now 200 and 239 MB.
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, cast

import pyoxigraph as ox

from kg.errors import OutputError
from kg.publish import jsonld
from kg.publish.formats import used_prefixes
from kg.publish.sorted_runs import SortedRuns
from kg.publish.source import Quads
from kg.publish.void import Dump, Stats, examples
from kg.rdf.namespaces import PUBLISH_PREFIXES, TYPE

# Joins a key's terms: it sorts before every character of a term's N-Triples text (which
# escapes NUL), so the keys sort as the tuples of their terms would.
_SEPARATOR = "\x00"
_TYPE = f"<{TYPE}>"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_Opener = Callable[[str], AbstractContextManager[BinaryIO]]  # a site path to a file to write


@dataclass(frozen=True, slots=True)
class _DumpFile:
    name: str
    media_type: str
    title: str
    format_name: str


_NQUADS = _DumpFile(
    "dataset.nq.gz",
    "application/n-quads",
    "N-Quads, one named graph per report or filing",
    "N-Quads",
)
_TRIG = _DumpFile(
    "dataset.trig.gz", "application/trig", "TriG, one named graph per report or filing", "TriG"
)
_TURTLE = _DumpFile("dataset.ttl.gz", "text/turtle", "Turtle, all graphs merged", "Turtle")
_NTRIPLES = _DumpFile(
    "dataset.nt.gz", "application/n-triples", "N-Triples, all graphs merged", "N-Triples"
)
_JSON_LD = _DumpFile(
    "dataset.jsonld.gz",
    "application/ld+json",
    "JSON-LD with its context, all graphs merged",
    "JSON-LD",
)


class PackedFile:
    """A gzip stream into ``out``: the bytes ``gzip.compress(data, 6, mtime=0)`` gives, with
    their size and SHA-256."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._packer = zlib.compressobj(6, zlib.DEFLATED, 31)
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._emit(self._packer.compress(data))
        return len(data)

    def flush(self) -> None:
        """Nothing: pyoxigraph calls it; the end of the stream is ``close``."""

    def close(self) -> None:
        self._emit(self._packer.flush())

    def _emit(self, packed: bytes) -> None:
        if packed:
            self._out.write(packed)
            self.sha256.update(packed)
            self.size += len(packed)


class SortedGraph:
    """The quads of ``store`` sorted on disk, with the graph's statistics; a context manager
    whose scratch files last until it exits."""

    def __init__(self, store: Quads, base: str) -> None:
        self._store = store
        self._base = base
        self.stats = Stats()

    def __enter__(self) -> SortedGraph:
        try:
            self._scratch = tempfile.TemporaryDirectory(prefix="kg-publish-")
        except OSError as exc:
            raise _scratch_error(tempfile.gettempdir(), exc) from exc
        folder = Path(self._scratch.name)
        self._nquads, self._ntriples = folder / "dataset.nq", folder / "dataset.nt"
        self._resources = SortedRuns(folder, "resources")
        try:
            self._sort()
        except OSError as exc:
            self._scratch.cleanup()
            raise _scratch_error(self._scratch.name, exc) from exc
        except BaseException:
            self._scratch.cleanup()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._scratch.cleanup()

    def _sort(self) -> None:
        folder = Path(self._scratch.name)
        quads, triples = SortedRuns(folder, "quads"), SortedRuns(folder, "triples")
        objects = SortedRuns(folder, "objects")
        base = f"<{self._base}"
        for quad in self._store:
            graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
            subject, obj = str(quad.subject), str(quad.object)
            triple = _SEPARATOR.join((subject, str(quad.predicate), obj))
            quads.add(graph + _SEPARATOR + triple)
            triples.add(triple)
            objects.add(obj)
            for term in (subject, obj, graph):
                if term.startswith(base):
                    self._resources.add(term[1:-1])
        counter = _Counter(self.stats, base)
        _write_lines(self._nquads, map(counter.quad, quads.merged()))
        _write_lines(self._ntriples, map(counter.triple, triples.merged()))
        self.stats.distinct_objects = sum(1 for _ in objects.merged())
        self.stats.examples = examples(counter.first)

    def resources(self) -> Iterator[str]:
        """Every IRI under the base the graph mentions (subject, object or graph name), sorted."""
        return self._resources.merged()

    def write_dumps(self, open_file: _Opener) -> list[Dump]:
        """Write the five dumps and their SHA256SUMS through ``open_file(site path)``."""
        nquads, ntriples = self._nquads, self._ntriples
        written = [
            _pack(open_file, _NQUADS, lambda out: _copy(nquads, out)),
            _pack(open_file, _TRIG, lambda out: _serialize(nquads, out, ox.RdfFormat.TRIG)),
            _pack(open_file, _TURTLE, lambda out: _turtle(ntriples, out)),
            _pack(open_file, _NTRIPLES, lambda out: _copy(ntriples, out)),
            _pack(open_file, _JSON_LD, lambda out: _json_ld(ntriples, out)),
        ]
        sums = "".join(f"{sha}  {dump.path.rsplit('/', 1)[1]}\n" for dump, sha in written)
        with open_file("dumps/SHA256SUMS") as out:
            out.write(sums.encode())
        return [dump for dump, _ in written]


def _scratch_error(folder: str, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot sort the graph in {folder}: {exc.strerror or exc}",
        hint="set TMPDIR to a folder with room for about three times the N-Quads",
    )


class _Counter:
    """Counts the statistics off the sorted quad and triple keys, and gives their lines."""

    def __init__(self, stats: Stats, base: str) -> None:
        self.stats = stats
        self.base = base  # "<" and the base: how an IRI under it starts in N-Triples
        self.first: dict[str, str] = {}  # class -> its first instance, by IRI
        self._graph = ""
        self._subject = ""

    def quad(self, key: str) -> str:
        graph, subject, predicate, obj = key.split(_SEPARATOR)
        self.stats.quads += 1
        if graph != self._graph:
            self._graph = graph
            self.stats.graphs += 1
        return f"{subject} {predicate} {obj}{' ' + graph if graph else ''} .\n"

    def triple(self, key: str) -> str:
        subject, predicate, obj = key.split(_SEPARATOR)
        stats = self.stats
        stats.triples += 1
        if subject != self._subject:
            self._subject = subject
            stats.distinct_subjects += 1
            stats.entities += subject.startswith(self.base)
        stats.properties[predicate[1:-1]] += 1
        if predicate == _TYPE and obj[0] == "<" and subject[0] == "<":
            kind, instance = obj[1:-1], subject[1:-1]
            stats.classes[kind] += 1
            if kind not in self.first or instance < self.first[kind]:
                self.first[kind] = instance
        return f"{subject} {predicate} {obj} .\n"


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)


def _pack(
    open_file: _Opener, dump: _DumpFile, write: Callable[[PackedFile], None]
) -> tuple[Dump, str]:
    path = f"dumps/{dump.name}"
    with open_file(path) as out:
        packed = PackedFile(out)
        write(packed)
        packed.close()
    described = Dump(path, dump.media_type, dump.title, packed.size, _FORMATS_NS + dump.format_name)
    return described, packed.sha256.hexdigest()


def _copy(path: Path, out: PackedFile) -> None:
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            out.write(chunk)


def _parsed(path: Path) -> Iterator[ox.Quad]:
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    return ox.parse(path=str(path), format=fmt)


def _serialize(path: Path, out: PackedFile, fmt: ox.RdfFormat) -> None:
    ox.serialize(_parsed(path), output=cast(BinaryIO, out), format=fmt, prefixes=PUBLISH_PREFIXES)


def _turtle(path: Path, out: PackedFile) -> None:
    prefixes = used_prefixes(_parsed(path))
    ox.serialize(
        _parsed(path), output=cast(BinaryIO, out), format=ox.RdfFormat.TURTLE, prefixes=prefixes
    )


def _json_ld(path: Path, out: PackedFile) -> None:
    for chunk in jsonld.document_chunks(_parsed(path)):
        out.write(chunk.encode())
