"""kg serve over HTTP: every IRI dereferences in four formats, negotiation, SPARQL, escaping."""

from __future__ import annotations

import csv
import io
import json
import random
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.cli import main
from kg.rdf.namespaces import TYPE
from tests.linked import Reply, Server, fetch, follow

BASE = "https://w3id.org/xbrl-kg/id/"
SAMPLE = 300  # IRIs per class (all of a smaller class)
FORMATS = {
    "text/html": None,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _sample(graph: Path) -> dict[str, list[str]]:
    """IRIs under the base by class (``untyped`` for those only pointed at), up to SAMPLE."""
    classes: dict[str, set[str]] = defaultdict(set)
    typed: set[str] = set()
    mentioned: set[str] = set()
    for quad in ox.parse(path=str(graph)):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                mentioned.add(term.value)
        if quad.predicate.value == TYPE and isinstance(quad.subject, ox.NamedNode):
            classes[quad.object.value.rsplit("#", 1)[-1]].add(quad.subject.value)  # type: ignore[union-attr]
            typed.add(quad.subject.value)
    classes["untyped"] = mentioned - typed
    chooser = random.Random(20261123)
    return {
        name: sorted(chooser.sample(sorted(iris), min(SAMPLE, len(iris))))
        for name, iris in sorted(classes.items())
        if iris
    }


def _check(server: Server, iri: str, accept: str) -> str | None:
    """None when ``iri`` answers 303 then 200 with a document about it; else what is wrong."""
    try:
        first, second = follow(server.url + "/" + iri[len(BASE) :], accept)
    except AssertionError as exc:
        return str(exc)
    if second.status != 200 or second.type != accept:
        return f"{iri} {accept}: {second.status} {second.type}"
    if "accept" not in first.headers.get("vary", "").lower():
        return f"{iri} {accept}: 303 without Vary: Accept"
    fmt = FORMATS[accept]
    if fmt is None:
        return None if iri.replace("&", "&amp;") in second.text else f"{iri}: not on its page"
    quads = list(ox.parse(second.body, fmt))
    node = ox.NamedNode(iri)
    if not any(q.subject == node or q.object == node for q in quads):
        return f"{iri} {accept}: document does not mention it"
    return None


@pytest.mark.corpus
def test_every_iri_resolves_in_four_formats(corpus_server: Server, corpus_graph: Path) -> None:
    samples = _sample(corpus_graph)
    jobs = [(iri, accept) for iris in samples.values() for iri in iris for accept in FORMATS]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = [p for p in pool.map(lambda job: _check(corpus_server, *job), jobs) if p]
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{name} {len(iris)}" for name, iris in samples.items())
    print(f"\nIRIs tested per class: {counts}; {len(jobs) * 2} requests in {seconds:.1f} s")
    assert problems == []
    assert len(samples) >= 15
    assert sum(len(i) for i in samples.values()) > 2000


def test_negotiation_over_http(corpus_server: Server, corpus_graph: Path) -> None:
    url = corpus_server.url
    fact = next(
        q.subject.value
        for q in ox.parse(path=str(corpus_graph))
        if isinstance(q.subject, ox.NamedNode) and "/fact/" in q.subject.value
    )
    path = "/" + fact[len(BASE) :]
    for accept, extension in (
        (BROWSER, "html"),
        ("*/*", "html"),
        (None, "html"),
        ("text/turtle;q=0.4, application/ld+json;q=0.9", "jsonld"),
        ("application/json", "jsonld"),
        ("text/html;q=0.1, application/n-triples", "nt"),
    ):
        reply = fetch(url + path, accept=accept)
        assert reply.status == 303, accept
        assert reply.headers["location"] == f"{path}.{extension}", accept
    assert fetch(url + path, accept="image/png").status == 406
    # Documents answer directly, whatever the Accept header says.
    for extension, media in (
        ("html", "text/html"),
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
    ):
        reply = fetch(f"{url}{path}.{extension}", accept="image/png")
        assert reply.status == 200
        assert reply.type == media
    page = fetch(f"{url}{path}.html")
    assert "script-src" not in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert fetch(f"{url}{path}.ttl").headers["link"] == f'<{fact}>; rel="describes"'
    head = fetch(f"{url}{path}.ttl", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert int(head.headers["content-length"]) > 0
    assert fetch(url + "/report/nothing-here").status == 404
    assert fetch(url + "/report/nothing-here.ttl").status == 404
    assert fetch(url + path, method="DELETE").status == 405
    # The site's own documents.
    assert fetch(url + "/", accept=BROWSER).status == 200
    void = fetch(url + "/void.ttl")
    assert void.type == "text/turtle"
    assert list(ox.parse(void.body, ox.RdfFormat.TURTLE))
    assert fetch(url + "/.well-known/void").headers["location"] == "/void.ttl"
    ontology = fetch(url + "/ontology", accept="text/turtle")
    assert ontology.type == "text/turtle"
    assert "xkg:Fact" in ontology.text
    assert fetch(url + "/ontology", accept=BROWSER).type == "text/html"
    assert fetch(url + "/ontology", accept="application/ld+json").type == "application/ld+json"
    assert fetch(url + "/shapes/structure.ttl").status == 200
    assert fetch(url + "/queries/facts.rq").status == 200
    hits = json.loads(fetch(url + "/search?q=operating+lease", accept="application/json").body)
    assert hits
    assert all(
        {"operating", "lease"} <= set(h["label"].lower().split())
        or ("operating" in h["label"].lower() and "lease" in h["label"].lower())
        for h in hits
    )
    assert hits[0]["label"].lower().startswith("operating lease")


# -- SPARQL --------------------------------------------------------------------------------


def _sparql(url: str, query: str, accept: str, *, post: str | None = None) -> Reply:
    if post == "form":
        body = urlencode({"query": query}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return fetch(url + "/sparql", accept=accept, method="POST", body=body, headers=headers)
    if post == "direct":
        headers = {"Content-Type": "application/sparql-query"}
        return fetch(
            url + "/sparql", accept=accept, method="POST", body=query.encode(), headers=headers
        )
    return fetch(url + "/sparql?" + urlencode({"query": query}), accept=accept)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_sparql_endpoint(corpus_server: Server, corpus_graph: Path) -> None:
    url = corpus_server.url
    corpus_server.wait_for_sparql()
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(corpus_graph))}
    # The default graph is the merge of all graphs: each triple once.
    for post in (None, "form", "direct"):
        reply = _sparql(url, COUNT, "application/sparql-results+json", post=post)
        assert reply.status == 200, reply.body
        assert reply.type == "application/sparql-results+json"
        (row,) = json.loads(reply.body)["results"]["bindings"]
        assert int(row["n"]["value"]) == len(triples)
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX xkg: <https://w3id.org/xbrl-kg/ontology#> "
        "SELECT ?c ?label WHERE { ?c a xkg:Concept ; rdfs:label ?label } ORDER BY ?c LIMIT 7"
    )
    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        reply = _sparql(url, query, accept)
        assert reply.type == accept
        solutions = ox.parse_query_results(reply.body, fmt)
        assert isinstance(solutions, ox.QuerySolutions)
        rows = list(solutions)
        assert len(rows) == 7
        assert all(isinstance(r["c"], ox.NamedNode) for r in rows)
    table = list(csv.reader(io.StringIO(_sparql(url, query, "text/csv").text)))
    assert table[0] == ["c", "label"]
    assert len(table) == 8
    ask = _sparql(url, "ASK { ?s a <https://w3id.org/xbrl-kg/ontology#Fact> }", "*/*")
    assert json.loads(ask.body)["boolean"] is True
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 20"
    for accept, rdf in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ):
        reply = _sparql(url, construct, accept)
        assert reply.type == accept
        assert len(list(ox.parse(reply.body, rdf))) == 20
    graphs = _sparql(
        url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "*/*"
    )
    (row,) = json.loads(graphs.body)["results"]["bindings"]
    assert int(row["n"]["value"]) > 60  # one graph per report or filing
    # Read-only, and errors are the client's.
    assert _sparql(url, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "*/*").status == 400
    update = fetch(
        url + "/sparql",
        method="POST",
        body=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert update.status == 403
    assert fetch(url + "/sparql?update=" + quote("CLEAR ALL")).status == 403
    assert _sparql(url, "SELECT WHERE {", "*/*").status == 400
    assert _sparql(url, COUNT, "image/png").status == 406
    assert fetch(url + "/sparql", accept="application/sparql-results+json").status == 400
    # A browser gets a form, and results as a table.
    form = fetch(url + "/sparql", accept=BROWSER)
    assert form.type == "text/html"
    assert "<textarea" in form.text
    html = _sparql(url, query, BROWSER, post="form")
    assert html.type == "text/html"
    assert html.text.count("<tr>") == 8


def test_sparql_timeout_and_limit(examples_dir: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.nq"
    build([examples_dir]).dataset.write(graph)
    with Server([str(graph), "--timeout", "1.5", "--limit", "5"]) as server:
        server.wait_for_sparql()
        reply = _sparql(server.url, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
        assert reply.status == 200
        assert len(reply.text.splitlines()) == 1 + 5
        assert reply.headers["x-result-truncated"] == "true"
        assert reply.headers["x-result-limit"] == "5"
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        started = time.perf_counter()
        reply = _sparql(server.url, slow, "application/sparql-results+json")
        assert reply.status == 503
        assert "1.5 s" in reply.text
        assert time.perf_counter() - started < 10
        # The worker was replaced: the next query runs.
        reply = _sparql(server.url, COUNT, "application/sparql-results+json")
        assert reply.status == 200


# -- hostile data --------------------------------------------------------------------------

HOSTILE_TITLE = (
    """CONCENTRATIONS <script>alert("title")</script> - Customer "Quotes" & 'Apostrophes'"""
)
HOSTILE_ROW = """Accounts <script>alert(1)</script> receivable "x" onmouseover="alert(2)"""
HOSTILE_MEMBER = "Customer <img src=x onerror=alert(3)>"


def hostile_graph(examples_dir: Path, folder: Path) -> Path:
    """The customer-concentrations example with script tags and quotes in its title, a row
    label and a member, plus a javascript: IRI, as N-Quads."""
    text = (examples_dir / "customer-concentrations-details.txt").read_text()
    text = text.replace("CONCENTRATIONS - Customer Concentrations", HOSTILE_TITLE, 1)
    text = text.replace("|Accounts receivable, net\n", f"|{HOSTILE_ROW}\n", 1)
    text = text.replace("| Customer A\n", f"| {HOSTILE_MEMBER}\n", 1)
    page = folder / "hostile.txt"
    page.write_text(text)
    dataset = build([page]).dataset
    (report,) = dataset.graphs
    dataset.add(
        report,
        [
            (
                f"<{report}>",
                "<http://www.w3.org/2000/01/rdf-schema#seeAlso>",
                "<javascript:alert(4)>",
            )
        ],
    )
    graph = folder / "hostile.nq"
    dataset.write(graph)
    return graph


def _assert_escaped(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert 'onmouseover="' not in html
    assert "javascript:" not in html.lower().replace("<code>javascript:alert(4)</code>", "")


def test_hostile_labels_come_out_escaped(examples_dir: Path, tmp_path: Path) -> None:
    graph = hostile_graph(examples_dir, tmp_path)
    quads = list(ox.parse(path=str(graph)))
    report = next(q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)).value
    row_concept = next(
        q.subject.value
        for q in quads
        if isinstance(q.object, ox.Literal)
        and q.object.value == HOSTILE_ROW
        and "/concept/" in q.subject.value  # type: ignore[union-attr]
    )
    member = next(
        q.subject.value  # type: ignore[union-attr]
        for q in quads
        if isinstance(q.object, ox.Literal)
        and HOSTILE_MEMBER in q.object.value
        and "/member/" in q.subject.value  # type: ignore[union-attr]
    )
    fact = next(
        q.subject.value  # type: ignore[union-attr]
        for q in quads
        if q.predicate.value.endswith("#concept")
        and q.object == ox.NamedNode(row_concept)
        and "/fact/" in q.subject.value  # type: ignore[union-attr]
    )
    with Server([str(graph)]) as server:
        url = server.url
        pages = {
            "home": fetch(url + "/", accept=BROWSER),
            "report": fetch(url + "/" + report[len(BASE) :] + ".html"),
            "fact": fetch(url + "/" + fact[len(BASE) :] + ".html"),
            "concept": fetch(url + "/" + row_concept[len(BASE) :] + ".html"),
            "member": fetch(url + "/" + member[len(BASE) :] + ".html"),
            "search": fetch(url + "/search?q=" + quote("<script>alert(1)</script>")),
            "missing": fetch(url + "/report/%3Cscript%3Ealert(5)%3C%2Fscript%3E"),
            "sparql": _sparql(
                url,
                "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
                BROWSER,
            ),
            "sparql error": _sparql(url, "SELECT <script>alert(6)</script>", BROWSER),
        }
        for name, reply in pages.items():
            assert reply.type == "text/html", name
            _assert_escaped(reply.text)
        assert pages["missing"].status == 404
        assert pages["sparql error"].status == 400
        escaped_row = "Accounts &lt;script&gt;alert(1)&lt;/script&gt; receivable &quot;x&quot;"
        for name in ("report", "fact", "concept", "search", "sparql"):
            assert escaped_row in pages[name].text, name
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in pages["report"].text
        assert "&#x27;Apostrophes&#x27;" in pages["report"].text
        assert "&lt;img src=x onerror=alert(3)&gt;" in pages["member"].text
        assert "<code>javascript:alert(4)</code>" in pages["report"].text
        # Data formats keep the text as it is, correctly quoted.
        turtle = fetch(url + "/" + row_concept[len(BASE) :] + ".ttl").body
        labels = {q.object for q in ox.parse(turtle, ox.RdfFormat.TURTLE)}
        assert ox.Literal(HOSTILE_ROW) in labels
        jsonld = fetch(url + "/" + row_concept[len(BASE) :] + ".jsonld").body
        assert ox.Literal(HOSTILE_ROW) in {q.object for q in ox.parse(jsonld, ox.RdfFormat.JSON_LD)}


def test_store_folder(examples_dir: Path, tmp_path: Path) -> None:
    """--store DIR: a pyoxigraph store folder, opened read-only by the server and its query
    worker at once, and by kg publish."""
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.bulk_load(build([examples_dir]).dataset.nquads().encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    with Server(["--store", str(folder)]) as server:
        reply = fetch(server.url + "/unit/USD", accept="text/turtle")
        assert reply.status == 303
        assert fetch(server.url + reply.headers["location"]).type == "text/turtle"
        ask = _sparql(server.url, "ASK { ?s a <https://w3id.org/xbrl-kg/ontology#Fact> }", "*/*")
        assert json.loads(ask.body)["boolean"] is True
    site = tmp_path / "site"
    assert main(["publish", "--store", str(folder), "-o", str(site)]) == 0
    assert (site / "unit" / "USD.html").is_file()
    assert main(["publish", "--store", str(tmp_path / "nothing"), "-o", str(site)]) == 2
