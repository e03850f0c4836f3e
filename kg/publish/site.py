"""``kg publish``: a static linked-data site from a graph.

The site folder stands for the base IRI: ``{base}report/abc`` has its documents at
``report/abc.html``, ``.ttl``, ``.jsonld`` and ``.nt``, so any static web server serves the
documents and the sample nginx configuration adds the 303 content negotiation for the IRIs
themselves. Beside them: gzipped dumps (N-Quads and TriG with one named graph per report or
filing, Turtle, N-Triples, JSON-LD with its context), the VoID/DCAT description, the ontology,
the shapes and the stored queries.

The site is written into a temporary folder beside the target and renamed into place, so a
reader never sees half a site, and the same graph and options give the same bytes.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import pyoxigraph as ox

from kg.errors import OutputError, PublishError
from kg.publish import jsonld
from kg.publish.describe import GraphView, triple_key, vocabulary
from kg.publish.dumps import SortedGraph
from kg.publish.formats import RDF_FORMATS, DocFormat, serialize
from kg.publish.html import STYLE, Site, StaticLinks
from kg.publish.nginx import nginx_config
from kg.publish.pages import resource_page
from kg.publish.sitepages import index_page, ontology_page
from kg.publish.source import GraphSource, check_base, infer_base, read_graph
from kg.publish.void import VOID_PATH, Dump, Metadata, Stats, void_triples
from kg.resources import ontology_path, query_paths, shapes_paths

MARKER = ".kg-site"
# Names at the top of the site that are not resources.
RESERVED = frozenset(
    {
        "index.html",
        "style.css",
        "void.ttl",
        "void.jsonld",
        "context.jsonld",
        "dumps",
        "ontology",
        "shapes",
        "queries",
        "nginx.conf",
        "sparql",
        "search",
        ".well-known",
        MARKER,
    }
)


@dataclass(frozen=True, slots=True)
class PublishResult:
    site: Path
    base: str
    triples: int
    quads: int
    resources: int
    files: int
    bytes: int
    seconds: float

    def summary(self) -> str:
        return (
            f"triples {self.triples}, resources {self.resources}, files {self.files}, "
            f"{self.bytes / 1e6:.1f} MB, {self.seconds:.2f} s -> {self.site}"
        )


def publish(
    source: GraphSource,
    site: str | os.PathLike[str],
    *,
    base: str | None = None,
    meta: Metadata | None = None,
    documents: bool = True,
    jobs: int = 1,
) -> PublishResult:
    """Write the site for the graph of ``source`` to the folder ``site``.

    ``base`` defaults to the base the graph was built with; ``documents=False`` leaves out the
    per-resource documents (dumps and descriptions only); ``jobs`` processes write the
    documents (the same files whatever their number). Raises ``PublishError`` when the
    target is a folder that is neither empty nor an earlier site."""
    started = time.perf_counter()
    meta = meta or Metadata()
    target = Path(site)
    _check_target(target)
    store = read_graph(source)
    base = check_base(base or infer_base(store))
    view = GraphView(store, base, vocabulary())
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent or "."))
    try:
        writer = _SiteWriter(staging)
        pages = _Documents(source.store, jobs) if documents else None
        result = _write_site(writer, view, meta, pages)
        writer.write(MARKER, f"xbrl-kg site for {base}\n")
        os.chmod(staging, 0o755)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stats, resources = result
    return PublishResult(
        target,
        base,
        stats.triples,
        stats.quads,
        resources,
        writer.files,
        writer.bytes,
        time.perf_counter() - started,
    )


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise PublishError(
            f"{target} is a folder that holds other files",
            hint="give an empty or new folder, or one kg publish wrote before",
        )
    target.parent.mkdir(parents=True, exist_ok=True)


def _swap(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / "site")
    try:
        os.replace(staging, target)
    except OSError as exc:
        if old is not None:
            os.replace(old / "site", target)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


class _SiteWriter:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self._folders: set[Path] = set()

    def write(self, path: str, data: bytes | str) -> int:
        """Write a file at a site path (URL form: percent-escapes are decoded for the disk,
        as web servers decode request paths)."""
        raw = data.encode() if isinstance(data, str) else data
        with self.open(path) as out:
            out.write(raw)
        return len(raw)

    @contextmanager
    def open(self, path: str) -> Iterator[BinaryIO]:
        """A file at a site path, to write as a stream."""
        target = self.root / unquote(path)
        folder = target.parent
        try:
            if folder not in self._folders:
                folder.mkdir(parents=True, exist_ok=True)
                self._folders.add(folder)
            with target.open("wb") as out:
                yield out
                size = out.tell()
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        self.files += 1
        self.bytes += size


@dataclass(frozen=True, slots=True)
class _Documents:
    """How to write the per-resource documents: in ``jobs`` processes, which open the store
    folder ``store`` anew (graph files read into memory are inherited by forking)."""

    store: str | None
    jobs: int


def _write_site(
    writer: _SiteWriter, view: GraphView, meta: Metadata, documents: _Documents | None
) -> tuple[Stats, int]:
    site = Site(title=meta.title)
    with SortedGraph(view.store, view.base) as graph:
        stats = graph.stats
        dumps = graph.write_dumps(writer.open)
        _write_description(writer, view, site, meta, stats, dumps)
        resources = 0
        if documents is not None:
            resources = _write_documents_in_parallel(
                writer, view, site, graph.resources(), documents
            )
    return stats, resources


def _write_description(
    writer: _SiteWriter,
    view: GraphView,
    site: Site,
    meta: Metadata,
    stats: Stats,
    dumps: list[Dump],
) -> None:
    """The site's home page, VoID, ontology, shapes, queries and the files beside them."""
    base = view.base
    writer.write("style.css", STYLE)
    writer.write("context.jsonld", json.dumps({"@context": jsonld.context()}, indent=2) + "\n")
    writer.write("nginx.conf", nginx_config(base))
    shapes = _copy(writer, "shapes", shapes_paths().values())
    queries = _copy(writer, "queries", query_paths().values())
    description = void_triples(base, stats, meta, dumps=dumps, shapes=shapes, queries=queries)
    writer.write(VOID_PATH, serialize(description, DocFormat.TURTLE))
    writer.write("void.jsonld", serialize(description, DocFormat.JSON_LD))
    _write_ontology(writer, view, site)
    files = [(d.title, d.path) for d in dumps]
    files.append(("SHA-256 sums of the dumps", "dumps/SHA256SUMS"))
    files += [(f"Shapes: {Path(p).name}", p) for p in shapes]
    files += [(f"Stored query: {Path(p).name}", p) for p in queries]
    files.append(("JSON-LD context", "context.jsonld"))
    files.append(("Sample nginx configuration (content negotiation)", "nginx.conf"))
    home = index_page(view, StaticLinks(base, "index.html"), site, meta, stats, files=files)
    writer.write("index.html", home)


def _write_documents(
    writer: _SiteWriter, view: GraphView, site: Site, resources: Iterable[str]
) -> int:
    count = 0
    for iri in resources:
        tail = view.tail(iri)
        if tail is None:
            continue  # not a path a web server can map (query, fragment, '..'): IRI only
        if tail.split("/", 1)[0] in RESERVED or tail + ".html" in RESERVED:
            raise PublishError(f"the IRI {iri} would overwrite the site's own {tail}")
        triples = view.describe(iri)
        for fmt in RDF_FORMATS:
            writer.write(f"{tail}.{fmt.extension}", serialize(triples, fmt))
        links = StaticLinks(view.base, f"{tail}.html")
        writer.write(f"{tail}.html", resource_page(view, links, site, iri))
        count += 1
    return count


# A document-writing process's graph, site and folder (set by _start_worker).
_WORKER: tuple[GraphView, Site, Path] | None = None
_BATCH = 500  # resources a process writes at a time


def _write_documents_in_parallel(
    writer: _SiteWriter,
    view: GraphView,
    site: Site,
    resources: Iterator[str],
    documents: _Documents,
) -> int:
    """The documents of ``resources``, written by ``documents.jobs`` processes in batches.
    Each file depends on its resource alone, so the site is the same as one process writes
    (which writes them where there is one job, or no fork to inherit the graph with)."""
    if documents.jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _write_documents(writer, view, site, resources)
    context = multiprocessing.get_context("fork")
    # A store folder is opened anew in each process: its handle's threads do not fork.
    inherited = None if documents.store else view
    start = (inherited, documents.store, view.base, site, writer.root)
    batches = iter(lambda: list(itertools.islice(resources, _BATCH)), [])
    count = 0
    with ProcessPoolExecutor(documents.jobs, context, _start_worker, start) as pool:
        for written, files, size in pool.map(_write_batch, batches):
            count += written
            writer.files += files
            writer.bytes += size
    return count


def _start_worker(
    view: GraphView | None, store: str | None, base: str, site: Site, root: Path
) -> None:
    global _WORKER
    if view is None:
        assert store is not None
        view = GraphView(ox.Store.read_only(store), base, vocabulary())
    _WORKER = (view, site, root)


def _write_batch(resources: list[str]) -> tuple[int, int, int]:
    """Documents of ``resources``: how many, and the files and bytes written."""
    assert _WORKER is not None
    view, site, root = _WORKER
    writer = _SiteWriter(root)
    return _write_documents(writer, view, site, resources), writer.files, writer.bytes


def _copy(writer: _SiteWriter, folder: str, paths: Iterable[Path]) -> list[str]:
    written = []
    for path in sorted(paths):
        site_path = f"{folder}/{path.name}"
        writer.write(site_path, path.read_bytes())
        written.append(site_path)
    return written


def _write_ontology(writer: _SiteWriter, view: GraphView, site: Site) -> None:
    assert view.vocabulary is not None
    writer.write("ontology/xbrl-kg.ttl", ontology_path().read_bytes())
    triples = sorted(
        {ox.Triple(q.subject, q.predicate, q.object) for q in view.vocabulary}, key=triple_key
    )
    writer.write("ontology/xbrl-kg.jsonld", serialize(triples, DocFormat.JSON_LD))
    writer.write("ontology/xbrl-kg.nt", serialize(triples, DocFormat.N_TRIPLES))
    links = StaticLinks(view.base, "ontology/index.html")
    writer.write("ontology/index.html", ontology_page(view.vocabulary, links, site))
