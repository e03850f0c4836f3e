"""Where a site or a server reads its graph: graph files, or a pyoxigraph store folder.

``open_graph`` is the one place that opens either. Graph files are read into an in-memory store:
N-Quads and TriG keep their named graphs (one per report or filing), Turtle, N-Triples and
JSON-LD go to the default graph, so nothing about the local file (its path) enters the data.
A store folder is opened read-only: ``kg serve`` and ``kg publish`` never write to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def open_graph(source: GraphSource) -> ox.Store:
    """The graph of ``source`` as a pyoxigraph store (in memory for files, read-only on disk
    for a store folder). Raises ``SourceError`` for an unreadable file, ``PublishError`` for a
    folder that holds no store."""
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


def _open_store(path: Path) -> ox.Store:
    if not (path / "CURRENT").is_file():
        raise PublishError(
            f"no store at {path}", hint="build one with: kg build INPUT... --store DIR"
        )
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise PublishError(f"cannot open store {path} read-only: {exc}") from exc


def infer_base(store: ox.Store) -> str:
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
