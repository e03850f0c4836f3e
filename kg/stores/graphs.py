"""Named graphs cut into chunks of at most ``batch`` triples, from a dataset or from files.

Every writer replaces a named graph when it meets the graph's first chunk and appends the
following ones, so memory stays bounded by one batch whatever the size of the input. A file
is read as a stream: N-Quads and TriG keep their graphs; triples in the default graph (all of
a Turtle or N-Triples file) go to one named graph, ``--graph`` or the file's own URI, because
replacing a store's default graph would wipe whatever else lives there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import SourceError
from kg.rdf.dataset import Dataset, RdfFormat
from kg.rdf.namespaces import PREFIXES

DEFAULT_BATCH = 100_000


@dataclass(frozen=True, slots=True)
class Chunk:
    """Part of one named graph: ``first`` starts the graph (replace), ``last`` completes it.

    ``quads`` are kept as parsed, every one in ``graph``, and serialized by pyoxigraph in the
    form each request needs: N-Triples for a Graph Store request, N-Quads or TriG for a
    request that names its graphs (TriG is about a fifth of the bytes, and a server's parser
    reads it for about a fifth less CPU: Virtuoso's ``LOAD``, measured in ``bench/``).
    """

    graph: str
    quads: tuple[ox.Quad, ...]
    first: bool
    last: bool

    def __len__(self) -> int:
        return len(self.quads)

    @property
    def whole(self) -> bool:
        """The chunk holds the whole graph, so one request can replace it atomically."""
        return self.first and self.last

    def nquads(self) -> bytes:
        return ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) or b""

    def ntriples(self) -> bytes:
        # Every N-Quads line ends with this graph's term (no term holds a raw line break).
        return self.nquads().replace(f" <{self.graph}> .\n".encode(), b" .\n")

    def trig(self) -> bytes:
        return ox.serialize(self.quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""


def dataset_chunks(dataset: Dataset, batch: int = DEFAULT_BATCH) -> Iterator[Chunk]:
    """Each graph of ``dataset`` in sorted order, cut into chunks of at most ``batch`` triples."""
    for graph in sorted(dataset.graphs):
        text = dataset.graph_nquads(graph).encode()
        yield from _cut(graph, list(ox.parse(text, format=ox.RdfFormat.N_QUADS)), batch)


def _cut(graph: str, quads: list[ox.Quad], batch: int) -> Iterator[Chunk]:
    if not quads:
        yield Chunk(graph, (), True, True)
        return
    for start in range(0, len(quads), batch):
        end = start + batch
        yield Chunk(graph, tuple(quads[start:end]), start == 0, end >= len(quads))


def file_chunks(
    paths: Iterable[str | os.PathLike[str]],
    batch: int = DEFAULT_BATCH,
    *,
    default_graph: str | None = None,
) -> Iterator[Chunk]:
    """Stream graph files as chunks; a graph's chunks stay in file order.

    A graph that a file splits into separate runs (an N-Quads file not grouped by graph) comes
    out as several runs: the writers replace on the first and append the others.
    """
    for path in paths:
        fmt = RdfFormat.from_path(path)
        target = default_graph or Path(path).resolve().as_uri()
        current = ""  # the graph being cut; no graph IRI is empty
        current_name: object = None
        moved: ox.NamedNode | None = None  # where the default graph's triples go
        pending: list[ox.Quad] = []
        first = True
        try:
            for quad in ox.parse(path=str(path), format=fmt.oxigraph):
                name = quad.graph_name
                if name != current_name:  # a term comparison: cheaper than its IRI per quad
                    moved = ox.NamedNode(target) if isinstance(name, ox.DefaultGraph) else None
                    graph = target if moved is not None else _iri(name)
                    current_name = name
                    if graph != current:
                        if current:
                            yield Chunk(current, tuple(pending), first, True)
                        current, pending, first = graph, [], True
                if len(pending) >= batch:
                    yield Chunk(current, tuple(pending), first, False)
                    pending, first = [], False
                if moved is not None:
                    quad = ox.Quad(quad.subject, quad.predicate, quad.object, moved)
                pending.append(quad)
        except (SyntaxError, ValueError) as exc:
            raise SourceError(str(path), f"not valid {fmt.extension}: {exc}") from exc
        except OSError as exc:
            raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc
        if current:
            yield Chunk(current, tuple(pending), first, True)


def _iri(node: object) -> str:
    if isinstance(node, ox.NamedNode):
        return node.value
    raise ValueError(f"graph name {node} is a blank node; give named graphs IRIs")
