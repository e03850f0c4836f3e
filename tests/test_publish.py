"""kg publish: the base decides every minted IRI; the site's dumps, VoID and documents."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.build import build
from kg.cli import main
from kg.errors import OutputError, PublishError
from kg.publish import GraphSource, jsonld, publish, sorted_runs
from kg.publish.dumps import SortedGraph
from kg.publish.formats import DocFormat, negotiate, used_prefixes
from kg.rdf.namespaces import DCAT, DCTERMS, PUBLISH_PREFIXES, TYPE, VOID, XKG
from tests.corpus import REPO, apple_filing
from tests.linked import fetch, follow, nginx_serving

BASE = "https://data.example.org/"
# Object IRIs the data carries from its sources, not minted by xbrl-kg.
EXTERNAL = {XKG + "role", XKG + "referenceRole", XKG + "uri"}


def _quads(path: Path, fmt: ox.RdfFormat) -> set[ox.Quad]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return set(ox.parse(handle.read(), fmt))


def _triples(quads: set[ox.Quad]) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def test_base_decides_every_minted_iri(examples_dir: Path) -> None:
    dataset = build([examples_dir, apple_filing()], base=BASE).dataset
    store = dataset.to_store()
    vocabularies = tuple(PUBLISH_PREFIXES.values())
    for quad in store:
        assert isinstance(quad.graph_name, ox.NamedNode)
        assert quad.graph_name.value.startswith(BASE)
        assert isinstance(quad.subject, ox.NamedNode)
        assert quad.subject.value.startswith(BASE), quad
        obj = quad.object
        if isinstance(obj, ox.NamedNode) and quad.predicate.value not in EXTERNAL:
            assert obj.value.startswith((BASE, *vocabularies)), quad
    kinds = {q.subject.value[len(BASE) :].split("/")[0] for q in store}
    assert {"report", "concept", "period", "unit", "filing", "source"} <= kinds


def test_examples_site(examples_dir: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.nq"
    assert main(["build", str(examples_dir), "-o", str(graph), "--base", BASE]) == 0
    site = tmp_path / "site"
    code = main(
        [
            "publish",
            str(graph),
            "-o",
            str(site),
            "--title",
            "Example facts",
            "--license",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "--publisher",
            "Example Publisher",
            "--source",
            "https://www.sec.gov/edgar",
            "--issued",
            "2026-11-23",
        ]
    )
    assert code == 0
    for name in (
        "index.html",
        "style.css",
        "void.ttl",
        "void.jsonld",
        "context.jsonld",
        "nginx.conf",
        "ontology/xbrl-kg.ttl",
        "ontology/xbrl-kg.jsonld",
        "ontology/index.html",
        "shapes/structure.ttl",
        "queries/facts.rq",
        "dumps/dataset.nq.gz",
        "dumps/dataset.trig.gz",
        "dumps/dataset.ttl.gz",
        "dumps/dataset.nt.gz",
        "dumps/dataset.jsonld.gz",
        "dumps/SHA256SUMS",
    ):
        assert (site / name).is_file(), name
    # Readable by a web server running as another user.
    assert stat.S_IMODE((site / "index.html").stat().st_mode) & 0o044 == 0o044
    assert stat.S_IMODE(site.stat().st_mode) & 0o055 == 0o055
    # Every resource has its four documents, named after its IRI.
    source = _quads(graph, ox.RdfFormat.N_QUADS)
    resources = {
        t.value
        for q in source
        for t in (q.subject, q.object, q.graph_name)
        if isinstance(t, ox.NamedNode) and t.value.startswith(BASE)
    }
    for iri in resources:
        tail = iri[len(BASE) :]
        for fmt in DocFormat:
            assert (site / f"{tail}.{fmt.extension}").is_file(), (iri, fmt)
    # A document holds the resource's triples: all of them where it is the subject.
    fact = next(i for i in sorted(resources) if "/fact/" in i)
    doc = _triples(set(ox.parse(path=str(site / f"{fact[len(BASE) :]}.ttl"))))
    about = {t for t in _triples(source) if t.subject == ox.NamedNode(fact)}
    assert about
    assert about <= doc
    assert doc == _triples(set(ox.parse(path=str(site / f"{fact[len(BASE) :]}.jsonld"))))
    assert doc == _triples(set(ox.parse(path=str(site / f"{fact[len(BASE) :]}.nt"))))
    # VoID and DCAT carry what the user set.
    void = rdflib.Graph().parse(site / "void.ttl")
    dataset = rdflib.URIRef(BASE + "void.ttl#dataset")
    assert (dataset, rdflib.URIRef(DCTERMS + "title"), rdflib.Literal("Example facts")) in void
    license_iri = rdflib.URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    assert (dataset, rdflib.URIRef(DCTERMS + "license"), license_iri) in void
    edgar = rdflib.URIRef("https://www.sec.gov/edgar")
    assert (dataset, rdflib.URIRef(DCTERMS + "source"), edgar) in void
    publisher = void.value(dataset, rdflib.URIRef(DCTERMS + "publisher"))
    assert str(void.value(publisher, rdflib.FOAF.name)) == "Example Publisher"
    assert str(void.value(dataset, rdflib.URIRef(DCTERMS + "issued"))) == "2026-11-23"
    assert len(list(void.objects(dataset, rdflib.URIRef(VOID + "exampleResource")))) >= 5
    assert isomorphic(void, rdflib.Graph().parse(site / "void.jsonld", format="json-ld"))
    # The home page lists every report.
    home = (site / "index.html").read_text()
    assert home.count("report/") >= 2
    assert "Example facts" in home


def test_same_graph_same_site_bytes(examples_dir: Path, tmp_path: Path) -> None:
    """Two publishes in two processes (hash seeds differ) write identical sites."""
    graph = tmp_path / "g.nq"
    build([examples_dir]).dataset.write(graph)
    sites = []
    for name, seed in (("a", "1"), ("b", "2")):
        site = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "kg", "publish", str(graph), "-o", str(site)],
            cwd=REPO,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        sites.append({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()})
    assert sites[0].keys() == sites[1].keys()
    assert [p for p in sites[0] if sites[0][p] != sites[1][p]] == []


def test_publish_refuses_a_folder_of_other_files(examples_dir: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.nq"
    build([examples_dir]).dataset.write(graph)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="holds other files"):
        publish(GraphSource.of([str(graph)]), busy)
    assert (busy / "notes.txt").read_text() == "mine"
    # An earlier site is replaced whole.
    site = tmp_path / "site"
    publish(GraphSource.of([str(graph)]), site, documents=False)
    (site / "stale.html").write_text("old")
    publish(GraphSource.of([str(graph)]), site, documents=False)
    assert not (site / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_publish_needs_a_publishable_base(examples_dir: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.nq"
    build([examples_dir]).dataset.write(graph)
    with pytest.raises(PublishError, match="cannot be published"):
        publish(GraphSource.of([str(graph)]), tmp_path / "s", base="urn:x:")
    assert main(["publish", "-o", str(tmp_path / "s")]) == 2  # neither graph nor store


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, DocFormat.HTML),
        ("*/*", DocFormat.HTML),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", DocFormat.HTML),
        ("text/turtle", DocFormat.TURTLE),
        ("application/ld+json", DocFormat.JSON_LD),
        ("application/json", DocFormat.JSON_LD),
        ("application/n-triples", DocFormat.N_TRIPLES),
        ("text/turtle;q=0.5, application/ld+json", DocFormat.JSON_LD),
        ("text/*;q=0.3, text/turtle;q=0.9, text/html;q=0.1", DocFormat.TURTLE),
        ("text/html;q=0, */*", DocFormat.TURTLE),
        ("image/png", None),
    ],
)
def test_negotiation(accept: str | None, expected: DocFormat | None) -> None:
    assert negotiate(accept, list(DocFormat)) is expected


# -- the shared corpus ---------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_dumps_are_the_source_graph(corpus_graph: Path, corpus_site: Path) -> None:
    source = _quads(corpus_graph, ox.RdfFormat.N_QUADS)
    assert not any(isinstance(t, ox.BlankNode) for q in source for t in q)  # so: set equality
    triples = _triples(source)
    dumps = corpus_site / "dumps"
    assert _quads(dumps / "dataset.nq.gz", ox.RdfFormat.N_QUADS) == source
    assert _quads(dumps / "dataset.trig.gz", ox.RdfFormat.TRIG) == source
    for name, fmt in (
        ("dataset.ttl.gz", ox.RdfFormat.TURTLE),
        ("dataset.nt.gz", ox.RdfFormat.N_TRIPLES),
        ("dataset.jsonld.gz", ox.RdfFormat.JSON_LD),
    ):
        assert _triples(_quads(dumps / name, fmt)) == triples, name
    graphs = {q.graph_name for q in source}
    assert len(graphs) > 60  # one per report, one for the Apple filing
    # The JSON-LD dump compacts with its context and reads back in rdflib too.
    with gzip.open(dumps / "dataset.jsonld.gz", "rt") as handle:
        document = json.load(handle)
    assert document["@context"]["xkg"] == XKG
    sums = (dumps / "SHA256SUMS").read_text().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((dumps / name).read_bytes()).hexdigest() == digest


@pytest.mark.corpus
def test_corpus_void_counts_match_the_dumps(corpus_graph: Path, corpus_site: Path) -> None:
    void = rdflib.Graph().parse(corpus_site / "void.ttl")
    dataset = rdflib.URIRef("https://w3id.org/xbrl-kg/id/void.ttl#dataset")
    count = int(void.value(dataset, rdflib.URIRef(VOID + "triples")))
    with gzip.open(corpus_site / "dumps" / "dataset.nt.gz", "rt") as handle:
        lines = sum(1 for _ in handle)
    assert count == lines == len(_triples(_quads(corpus_graph, ox.RdfFormat.N_QUADS)))
    # Class partitions count the instances in the dump.
    nt = _triples(_quads(corpus_site / "dumps" / "dataset.nt.gz", ox.RdfFormat.N_TRIPLES))
    classes = Counter(t.object.value for t in nt if t.predicate.value == TYPE)  # type: ignore[union-attr]
    for part in void.objects(dataset, rdflib.URIRef(VOID + "classPartition")):
        cls = str(void.value(part, rdflib.URIRef(VOID + "class")))
        assert int(void.value(part, rdflib.URIRef(VOID + "entities"))) == classes[cls]
    # Every dump is a distribution with its true size, linked as a data dump.
    distributions = list(void.objects(dataset, rdflib.URIRef(DCAT + "distribution")))
    assert len(distributions) == 5
    for dist in distributions:
        url = str(void.value(dist, rdflib.URIRef(DCAT + "downloadURL")))
        path = corpus_site / url.removeprefix("https://w3id.org/xbrl-kg/id/")
        assert int(void.value(dist, rdflib.URIRef(DCAT + "byteSize"))) == path.stat().st_size
        assert (dataset, rdflib.URIRef(VOID + "dataDump"), rdflib.URIRef(url)) in void
    for example in void.objects(dataset, rdflib.URIRef(VOID + "exampleResource")):
        tail = str(example).removeprefix("https://w3id.org/xbrl-kg/id/")
        assert (corpus_site / f"{tail}.html").is_file()


@pytest.mark.corpus
def test_corpus_site_has_every_document(corpus_graph: Path, corpus_site: Path) -> None:
    base = "https://w3id.org/xbrl-kg/id/"
    resources = {
        t.value
        for q in _quads(corpus_graph, ox.RdfFormat.N_QUADS)
        for t in (q.subject, q.object, q.graph_name)
        if isinstance(t, ox.NamedNode) and t.value.startswith(base)
    }
    missing = [
        iri
        for iri in resources
        for fmt in DocFormat
        if not (corpus_site / f"{iri[len(base) :]}.{fmt.extension}").is_file()
    ]
    assert missing == []
    assert len(resources) > 10_000


# -- the sample nginx configuration, run for real ------------------------------------------


@pytest.mark.corpus
def test_nginx_sample_negotiates(corpus_graph: Path, corpus_site: Path, tmp_path: Path) -> None:
    base = "https://w3id.org/xbrl-kg/id/"
    by_kind: dict[str, set[str]] = {}
    for quad in _quads(corpus_graph, ox.RdfFormat.N_QUADS):
        if isinstance(quad.subject, ox.NamedNode) and quad.predicate.value == TYPE:
            by_kind.setdefault(quad.object.value, set()).add(quad.subject.value)  # type: ignore[union-attr]
    sample = [iri for iris in by_kind.values() for iri in sorted(iris)[:10]]
    media = {
        "html": "text/html",
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
        "nt": "application/n-triples",
    }
    with nginx_serving(corpus_site, base, tmp_path) as url:
        for iri in sample:
            for extension, accept in (
                ("html", "text/html,application/xhtml+xml,*/*;q=0.8"),
                ("html", "*/*"),
                ("ttl", "text/turtle"),
                ("jsonld", "application/ld+json"),
                ("nt", "application/n-triples"),
            ):
                first, second = follow(url + iri[len(base) :], accept)
                assert first.headers["location"].endswith(f"{iri[len(base) :]}.{extension}")
                assert first.headers["vary"] == "Accept"
                assert second.status == 200
                assert second.type == media[extension]
        assert fetch(url, accept="text/html").status == 200  # the home page
        void = fetch(url + ".well-known/void")
        assert void.status == 303
        assert void.headers["location"].endswith("/xbrl-kg/id/void.ttl")
        assert fetch(url + ".kg-site").status == 404
        dump = fetch(url + "dumps/dataset.nq.gz")
        assert dump.status == 200
        assert dump.body == (corpus_site / "dumps" / "dataset.nq.gz").read_bytes()
    assert len(sample) > 100


def test_store_statistics_count_as_a_pass_over_the_quads(examples_dir: Path) -> None:
    """VoID's counts of a store (taken by SPARQL in Oxigraph) are the counts a pass over its
    quads in Python takes, and those counted off the quads sorted on disk: distinct triples
    over the named graphs and the default graph."""
    from kg.publish.describe import GraphView
    from kg.publish.void import _scanned_statistics, statistics

    store = build([examples_dir, apple_filing()]).dataset.to_store()
    base = "https://w3id.org/xbrl-kg/id/"
    store.add(ox.Quad(ox.NamedNode(base + "x"), ox.NamedNode(XKG + "note"), ox.Literal("x")))
    counted = statistics(GraphView(store, base))
    assert counted == _scanned_statistics(GraphView(store, base))
    with SortedGraph(store, base) as sorted_on_disk:  # what kg publish counts with
        assert sorted_on_disk.stats == counted
        minted = {
            term.value
            for quad in store
            for term in (quad.subject, quad.object, quad.graph_name)
            if isinstance(term, ox.NamedNode) and term.value.startswith(base)
        }
        assert list(sorted_on_disk.resources()) == sorted(minted)
    assert counted.graphs == 3  # the two example pages' and the filing's
    assert counted.triples < counted.quads  # shared nodes repeat in each graph
    assert counted.entities == counted.distinct_subjects  # every subject minted under the base
    first_report = ox.NamedNode(counted.examples[0])  # the Report first in IRI order
    assert list(
        store.quads_for_pattern(first_report, ox.NamedNode(TYPE), ox.NamedNode(XKG + "Report"))
    )


def test_dumps_sorted_on_disk_are_the_graph_sorted_in_memory(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = build([examples_dir, apple_filing()]).dataset.to_store()

    def written(folder: Path) -> dict[str, bytes]:
        @contextmanager
        def open_file(path: str) -> Iterator[BinaryIO]:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            with (folder / path).open("wb") as out:
                yield out

        with SortedGraph(store, "https://w3id.org/xbrl-kg/id/") as graph:
            graph.write_dumps(open_file)
        return {path.name: path.read_bytes() for path in (folder / "dumps").iterdir()}

    in_one_run = written(tmp_path / "one")
    monkeypatch.setattr(sorted_runs, "RUN_KEYS", 1_000)  # the quads sorted in dozens of runs
    assert written(tmp_path / "runs") == in_one_run
    assert len(list(store)) > 20 * 1_000

    def key(quad: ox.Quad) -> tuple[str, ...]:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        return graph, str(quad.subject), str(quad.predicate), str(quad.object)

    quads = sorted(store, key=key)
    nquads = "".join(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in quads)
    assert in_one_run["dataset.nq.gz"] == gzip.compress(nquads.encode(), 6, mtime=0)
    triples = sorted(
        _triples(set(quads)), key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )
    assert gzip.decompress(in_one_run["dataset.jsonld.gz"]).decode() == jsonld.dumps(triples)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(triples))
    assert gzip.decompress(in_one_run["dataset.ttl.gz"]) == turtle


def test_a_scratch_folder_that_cannot_be_written_is_named(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = tmp_path / "g.nq"
    build([examples_dir]).dataset.write(graph)
    missing = tmp_path / "no-such-folder"
    monkeypatch.setattr(tempfile, "tempdir", str(missing))
    with pytest.raises(OutputError, match="no-such-folder") as raised:
        publish(GraphSource.of([str(graph)]), tmp_path / "site")
    assert "TMPDIR" in str(raised.value)
    assert not (tmp_path / "site").exists()


def test_no_published_namespace_starts_another() -> None:
    """``used_prefixes`` finds a name's namespace by one match, so none may nest."""
    spaces = list(PUBLISH_PREFIXES.values())
    assert not [(a, b) for a in spaces for b in spaces if a != b and b.startswith(a)]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_documents_written_by_two_processes_are_the_same_site(
    examples_dir: Path, tmp_path: Path
) -> None:
    graph = tmp_path / "g.nq"
    build([examples_dir, apple_filing()]).dataset.write(graph)
    store = tmp_path / "store"
    assert main(["load", str(graph), "--store", str(store)]) == 0
    for source in (GraphSource.of([str(graph)]), GraphSource.of(store=str(store))):
        one = publish(source, tmp_path / "one", jobs=1)
        two = publish(source, tmp_path / "two", jobs=2)
        assert (two.resources, two.files, two.bytes) == (one.resources, one.files, one.bytes)
        assert one.resources > 1_000
        assert _files(tmp_path / "two") == _files(tmp_path / "one"), source
