"""Triples grouped by named graph, and every way out: files, pyoxigraph, rdflib.

N-Triples and N-Quads are written directly from the emitted term strings (sorted, so two builds
of the same input are byte-identical); Turtle, TriG and JSON-LD go through pyoxigraph, whose
writers are fast, never through rdflib's.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.errors import OutputError, SourceError
from kg.rdf.namespaces import PREFIXES
from kg.rdf.terms import Triple

if TYPE_CHECKING:  # rdflib loads only for those who ask for an rdflib graph
    import rdflib


class RdfFormat(Enum):
    """Output formats, known by file extension; ``quads`` formats keep the named graphs."""

    TURTLE = ("ttl", "text/turtle", False, ox.RdfFormat.TURTLE)
    N_TRIPLES = ("nt", "application/n-triples", False, ox.RdfFormat.N_TRIPLES)
    N_QUADS = ("nq", "application/n-quads", True, ox.RdfFormat.N_QUADS)
    TRIG = ("trig", "application/trig", True, ox.RdfFormat.TRIG)
    JSON_LD = ("jsonld", "application/ld+json", False, ox.RdfFormat.JSON_LD)

    def __init__(self, extension: str, media_type: str, quads: bool, oxigraph: ox.RdfFormat):
        self.extension = extension
        self.media_type = media_type
        self.quads = quads
        self.oxigraph = oxigraph

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> RdfFormat:
        suffix = Path(path).suffix.lstrip(".").lower()
        for fmt in cls:
            if fmt.extension == suffix:
                return fmt
        known = ", ".join("." + f.extension for f in cls)
        raise OutputError(f"unknown output format {suffix or '(none)'!r} for {path}", hint=known)


@dataclass
class Dataset:
    """Triples by named graph (one graph per report or filing)."""

    graphs: dict[str, set[Triple]] = field(default_factory=dict)

    def add(self, graph: str, triples: Iterable[Triple]) -> None:
        self.graphs.setdefault(graph, set()).update(triples)

    def merge(self, other: Dataset) -> None:
        for graph, triples in other.graphs.items():
            self.add(graph, triples)

    def triples(self) -> list[Triple]:
        """All distinct triples, in canonical (sorted) order."""
        union: set[Triple] = set()
        for triples in self.graphs.values():
            union |= triples
        return sorted(union)

    def __len__(self) -> int:
        return len(set().union(*self.graphs.values())) if self.graphs else 0

    def ntriples(self) -> str:
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples())

    def nquads(self) -> str:
        return "".join(self.graph_nquads(graph) for graph in sorted(self.graphs))

    def graph_nquads(self, graph: str) -> str:
        """One named graph as N-Quads, its triples in canonical (sorted) order."""
        end = f" <{graph}> .\n"
        return "".join([f"{s} {p} {o}{end}" for s, p, o in sorted(self.graphs[graph])])

    def serialize(self, fmt: RdfFormat) -> bytes:
        if fmt is RdfFormat.N_TRIPLES:
            return self.ntriples().encode()
        if fmt is RdfFormat.N_QUADS:
            return self.nquads().encode()
        if fmt.quads:
            quads = ox.parse(self.nquads(), ox.RdfFormat.N_QUADS)
        else:
            quads = ox.parse(self.ntriples(), ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(quads, format=fmt.oxigraph, prefixes=PREFIXES)
        assert data is not None  # no output given: serialize returns the bytes
        return data

    def write(self, path: str | os.PathLike[str], fmt: RdfFormat | None = None) -> None:
        """Write atomically: a reader never sees a half-written file."""
        fmt = fmt or RdfFormat.from_path(path)
        write_atomically(Path(path), self.serialize(fmt))

    def to_rdflib(self) -> rdflib.Graph:
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=self.ntriples(), format="nt")
        return graph

    def to_store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_load(self.nquads().encode(), ox.RdfFormat.N_QUADS)
        return store


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    write_atomically_with(path, lambda out: out.write(data))


def write_atomically_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place: a
    reader never sees a half-written file, and a failure leaves nothing behind. The file gets
    the mode a plain ``open`` would give it (or keeps the one it had), not the temporary
    file's owner-only mode."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """An existing file's permission bits, else those the umask leaves of rw-rw-rw-."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def load_graph_files(paths: Iterable[str | os.PathLike[str]]) -> ox.Store:
    """Read graph files of any supported format into one in-memory store.

    A file without named graphs (Turtle, N-Triples, JSON-LD) becomes the named graph of its own
    URI, as ``kg load`` stores it, so queries that look inside report graphs see it too.
    """
    store = ox.Store()
    for path in paths:
        fmt = RdfFormat.from_path(path)
        graph = None if fmt.quads else ox.NamedNode(Path(path).resolve().as_uri())
        try:
            store.bulk_load(path=str(path), format=fmt.oxigraph, to_graph=graph)
        except (SyntaxError, ValueError) as exc:
            raise SourceError(str(path), f"not valid {fmt.extension}: {exc}") from exc
        except OSError as exc:
            raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    return store
