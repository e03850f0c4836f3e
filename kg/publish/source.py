"""Where a site or a server reads its graph: graph files, or a pyoxigraph store folder.

``read_graph`` gives the quads to describe and dump, ``open_graph`` a pyoxigraph store to run
SPARQL on; they are the only places that open either kind of source. N-Quads and TriG keep
their named graphs (one per report or filing); Turtle, N-Triples and JSON-LD go to the default
graph, so nothing about the local file (its path) enters the data. A store folder is opened
read-only: ``kg serve`` and ``kg publish`` never write to it.

Graph files are read by ``read_graph`` into ``MemoryGraph``, not into a pyoxigraph store,
because a store normalises literals (``"48.60"^^xsd:decimal`` comes back as ``"48.6"``): the
published documents and dumps keep every lexical form exactly as built. A store folder has
already normalised its literals when it was loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.errors import PublishError, SourceError
from kg.rdf.dataset import RdfFormat
from kg.rdf.namespaces import TYPE, xkg


@dataclass(frozen=True, slots=True)
class GraphSource:
    """Graph files, or a store folder (exactly one of the two). Picklable, so a worker process
    can open the same graph."""

    files: tuple[str, ...] = ()
    store: str | None = None

    @classmethod
    def of(cls, files: list[str] | None = None, store: str | None = None) -> GraphSource:
        if bool(files) == bool(store):
            raise PublishError("give graph files or --store DIR (one of the two)")
        return cls(tuple(str(f) for f in files or ()), str(store) if store else None)

    def __str__(self) -> str:
        return f"store {self.store}" if self.store else ", ".join(self.files)


class Quads(Protocol):
    """What describing and dumping a graph needs: the part of ``pyoxigraph.Store`` that
    ``MemoryGraph`` also has."""

    def __iter__(self) -> Iterator[ox.Quad]: ...

    def __len__(self) -> int: ...

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]: ...

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]: ...

    def contains_named_graph(self, graph_name: ox.NamedNode | ox.BlankNode) -> bool: ...


class MemoryGraph:
    """Quads as parsed, indexed by subject, predicate and object (literals kept exactly)."""

    def __init__(self, quads: Iterable[ox.Quad] = ()) -> None:
        self._quads: list[ox.Quad] = []
        self._seen: set[ox.Quad] = set()
        self._by: tuple[dict[object, list[ox.Quad]], ...] = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        self._graphs: dict[ox.NamedNode | ox.BlankNode, None] = {}
        self.extend(quads)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        subjects, predicates, objects = self._by
        for quad in quads:
            if quad in self._seen:
                continue
            self._seen.add(quad)
            self._quads.append(quad)
            subjects[quad.subject].append(quad)
            predicates[quad.predicate].append(quad)
            objects[quad.object].append(quad)
            graph = quad.graph_name
            if not isinstance(graph, ox.DefaultGraph):
                self._graphs[graph] = None

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self._quads)

    def __len__(self) -> int:
        return len(self._quads)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        pattern = (subject, predicate, object)
        bound = [(i, term) for i, term in enumerate(pattern) if term is not None]
        candidates: list[ox.Quad] = self._quads
        for i, term in bound:  # start from the shortest index list among the bound positions
            found = self._by[i].get(term, [])
            if len(found) < len(candidates) or i == bound[0][0]:
                candidates = found
        for quad in candidates:
            if subject is not None and quad.subject != subject:
                continue
            if predicate is not None and quad.predicate != predicate:
                continue
            if object is not None and quad.object != object:
                continue
            if graph_name is not None and quad.graph_name != graph_name:
                continue
            yield quad

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        return iter(self._graphs)

    def contains_named_graph(self, graph_name: ox.NamedNode | ox.BlankNode) -> bool:
        return graph_name in self._graphs


def read_graph(source: GraphSource) -> Quads:
    """The quads of ``source``: graph files parsed as they are (``MemoryGraph``), or the store
    folder opened read-only. Raises ``SourceError`` for an unreadable file, ``PublishError``
    for a folder that holds no store."""
    if source.store is not None:
        return _open_store(Path(source.store))
    graph = MemoryGraph()
    for path in source.files:
        fmt = RdfFormat.from_path(path)
        graph.extend(_parse(path, fmt))
    return graph


def open_graph(source: GraphSource) -> ox.Store:
    """The graph of ``source`` as a pyoxigraph store for SPARQL (in memory for files,
    read-only on disk for a store folder)."""
    if source.store is not None:
        return _open_store(Path(source.store))
    store = ox.Store()
    for path in source.files:
        fmt = RdfFormat.from_path(path)
        try:
            store.bulk_load(path=str(path), format=fmt.oxigraph)
        except (SyntaxError, ValueError) as exc:
            raise SourceError(str(path), f"not valid {fmt.extension}: {exc}") from exc
        except OSError as exc:
            raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    return store


def _parse(path: str, fmt: RdfFormat) -> list[ox.Quad]:
    try:
        return list(ox.parse(path=str(path), format=fmt.oxigraph))
    except (SyntaxError, ValueError) as exc:
        raise SourceError(str(path), f"not valid {fmt.extension}: {exc}") from exc
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def _open_store(path: Path) -> ox.Store:
    if not (path / "CURRENT").is_file():
        raise PublishError(
            f"no store at {path}", hint="build one with: kg build INPUT... --store DIR"
        )
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise PublishError(f"cannot open store {path} read-only: {exc}") from exc


def infer_base(store: Quads) -> str:
    """The base the graph's IRIs were minted under, read off its source-document nodes
    (``{base}source/{hash}``). Raises ``PublishError`` when there is none or more than one."""
    bases = set()
    pattern = store.quads_for_pattern(None, ox.NamedNode(TYPE), ox.NamedNode(xkg("SourceDocument")))
    for quad in pattern:
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and "/source/" in subject.value:
            bases.add(subject.value[: subject.value.rindex("source/")])
        if len(bases) > 1:
            break
    if len(bases) != 1:
        found = ", ".join(sorted(bases)) or "none"
        raise PublishError(
            f"cannot tell the base IRI of this graph (found: {found})", hint="give --base IRI"
        )
    return bases.pop()


def check_base(base: str) -> str:
    """A base for publishing: an absolute http(s) IRI ending with '/' (slash IRIs, 303)."""
    if not base.startswith(("http://", "https://")) or not base.endswith("/"):
        raise PublishError(
            f"base {base!r} cannot be published",
            hint="use an http(s) IRI ending with '/', e.g. https://data.example.org/",
        )
    return base
