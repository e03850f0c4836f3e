"""Real servers (Oxigraph server, Virtuoso 7): the corpus loaded, every stored query compared
row for row with files and the embedded store; reloads; failures. Never skipped: a server
that cannot start fails these tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.queries import QueryResult, get_query, run_query, stored_queries
from kg.rdf.dataset import Dataset, load_graph_files
from kg.stores.embedded import open_store
from kg.stores.graphs import Chunk, dataset_chunks
from kg.stores.query_remote import run_remote_query
from kg.stores.remote import Credentials, Endpoint, RemoteStore, endpoint
from tests.faults import Faults, fault_proxy
from tests.servers import Server, free_port
from tests.storecheck import (
    TEST_BASE,
    Quad,
    as_months,
    binding_node,
    dataset_quads,
    first_difference,
)

pytestmark = pytest.mark.servers
CORPUS_BASE = "https://w3id.org/xbrl-kg/id/"


def _endpoint(server: Server, url: str | None = None, **kwargs: object) -> Endpoint:
    credentials = Credentials(server.user, server.password) if server.user else None
    return endpoint(url or server.endpoint, kind=server.kind, credentials=credentials, **kwargs)  # type: ignore[arg-type]


def _auth_args(server: Server) -> list[str]:
    args = ["--server", server.kind]
    if server.user:
        args += ["--user", server.user, "--password", server.password or ""]
    return args


@pytest.fixture(scope="session")
def corpus_file(corpus_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.nq"
    corpus_dataset.write(path)
    return path


@pytest.fixture(scope="session")
def corpus_results(corpus_file: Path) -> dict[str, QueryResult]:
    store = load_graph_files([corpus_file])
    return {name: run_query(query, store) for name, query in stored_queries().items()}


@pytest.fixture(scope="session")
def loaded(server: Server, corpus_file: Path) -> Server:
    """The server with the whole corpus loaded through ``kg load`` (its default method)."""
    assert main(["load", str(corpus_file), "--endpoint", server.endpoint, *_auth_args(server)]) == 0
    return server


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_stored_queries_identical_everywhere(
    name: str,
    loaded: Server,
    corpus_dataset: Dataset,
    corpus_results: dict[str, QueryResult],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    expected = corpus_results[name]
    assert expected.rows, f"{name} returns nothing on the corpus"
    embedded_dir = tmp_path_factory.getbasetemp() / "embedded-corpus"
    with open_store(embedded_dir) as store:
        if len(store) == 0:
            store.load_dataset(corpus_dataset)
        assert first_difference(expected, store.query(get_query(name))) is None
    remote = run_remote_query(get_query(name), _endpoint(loaded))
    # Virtuoso 7 keeps an xsd:duration as whole months (README): the one place it differs.
    virtuoso = loaded.kind == "virtuoso"
    assert first_difference(expected, remote, durations_as_months=virtuoso) is None, loaded.kind


def test_corpus_triples_all_arrived(loaded: Server, corpus_dataset: Dataset) -> None:
    sizes = RemoteStore(_endpoint(loaded)).graph_sizes(CORPUS_BASE)
    assert sizes == {g: len(t) for g, t in corpus_dataset.graphs.items()}


def test_remote_query_cli_binds_parameters_safely(
    loaded: Server, corpus_results: dict[str, QueryResult], capsys: pytest.CaptureFixture[str]
) -> None:
    members = corpus_results["members"]
    label = members.rows[0][members.columns.index("label")]
    expected = [r for r in members.rows if r[members.columns.index("label")] == label]
    args = ["query", "members", "--endpoint", loaded.endpoint, "--server", loaded.kind]
    assert main([*args, "--param", f"label={label}", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + len(expected)
    hostile = 'x" } } DELETE WHERE { ?s ?p ?o } #'
    assert main([*args, "--param", f"label={hostile}", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "source,concept,label,members,end,value,unit"
    assert RemoteStore(_endpoint(loaded)).graph_sizes(CORPUS_BASE)  # nothing was deleted
    # A QName joined where facts selects them (its #with pattern) gives the same rows.
    facts = corpus_results["facts"]
    qname = "us-gaap:NetIncomeLoss"
    expected = [r for r in facts.rows if r[facts.columns.index("qname")] == qname]
    args = ["query", "facts", "--endpoint", loaded.endpoint, "--server", loaded.kind]
    assert main([*args, "--param", f"qname={qname}", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + len(expected) > 10


def _sizes(server: Server) -> dict[str, int]:
    return RemoteStore(_endpoint(server)).graph_sizes(TEST_BASE)


def _load(server: Server, dataset: Dataset, url: str | None = None, **kwargs: object) -> None:
    options: dict[str, object] = {"retries": 1, "backoff": 0.05, **kwargs}
    store = RemoteStore(_endpoint(server, url), **options)  # type: ignore[arg-type]
    store.load(dataset_chunks(dataset, store.batch))


def _contents(server: Server, base: str = TEST_BASE) -> set[Quad]:
    rows = RemoteStore(_endpoint(server)).select(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{base}")) }}'
    )
    quads = {
        (binding_node(r["g"]), binding_node(r["s"]), binding_node(r["p"]), binding_node(r["o"]))
        for r in rows
    }
    return _comparable(server, quads)


def _expected(server: Server, dataset: Dataset) -> set[Quad]:
    return _comparable(server, dataset_quads(dataset))


def _comparable(server: Server, quads: set[Quad]) -> set[Quad]:
    """Virtuoso 7 keeps an xsd:duration as whole months (README): compared as such there."""
    if server.kind != "virtuoso":
        return quads
    return {(g, s, p, as_months(o)) for g, s, p, o in quads}


@pytest.mark.parametrize("method", ["auto", "update"])
def test_reloading_a_filing_changes_nothing_and_a_refiled_report_replaces_its_graph(
    server: Server, filing_dataset: Dataset, refiled_dataset: Dataset, method: str
) -> None:
    expected = {g: len(t) for g, t in filing_dataset.graphs.items()}
    if server.kind == "virtuoso" and method == "update":
        # Virtuoso 7's SPARQL Update cannot write an xsd:duration literal (README): its
        # Graph Store, the default way in, can. Through Update it is one clear error.
        with pytest.raises(StoreError, match=r"HTTP 500 .*SR553"):
            _load(server, filing_dataset, method=method)
        return
    _load(server, filing_dataset, method=method)
    assert _sizes(server) == expected
    assert _contents(server) == _expected(server, filing_dataset)
    _load(server, filing_dataset, method=method)
    assert _sizes(server) == expected
    # The whole filing again with R2 re-filed: R2's graph is replaced, the others kept.
    _load(server, refiled_dataset, method=method)
    assert _contents(server) == _expected(server, refiled_dataset)
    assert _sizes(server) == expected
    _load(server, filing_dataset, method=method)
    assert _contents(server) == _expected(server, filing_dataset)


def _cli_load(
    server: Server, graph: Path, url: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, list[str]]:
    code = main(
        ["load", str(graph), "--endpoint", url, "--retries", "1", *_auth_args(server), *extra]
    )
    captured = capsys.readouterr()
    return code, [line for line in captured.err.splitlines() if line.startswith("kg: error")] + [
        line for line in (captured.out + captured.err).splitlines() if "password" in line.lower()
    ]


@pytest.fixture
def filing_file(filing_dataset: Dataset, tmp_path: Path) -> Path:
    path = tmp_path / "filing.nq"
    filing_dataset.write(path)
    return path


def test_server_down_is_one_line_and_exit_1(
    server: Server, filing_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server's own path (/query or /sparql) on a port where nothing listens.
    path = server.endpoint.split("/", 3)[3]
    url = f"http://127.0.0.1:{free_port()}/{path}"
    code, lines = _cli_load(server, filing_file, url, capsys)
    assert code == 1
    assert len(lines) == 1
    assert url in lines[0]
    assert "cannot connect" in lines[0]
    assert "connection refused" in lines[0]


def test_refused_credentials_are_one_line_never_printed(
    server: Server, filing_dataset: Dataset, filing_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _load(server, filing_dataset)
    before = _sizes(server)
    secret = "not-the-password-5417"
    with contextlib_proxy(server, Faults(basic_auth=("kg", "right"))) as url:
        target = url if server.kind == "oxigraph" else server.endpoint
        code = main(
            [
                "load",
                str(filing_file),
                "--endpoint",
                target,
                "--server",
                server.kind,
                "--user",
                "dba" if server.kind == "virtuoso" else "kg",
                "--password",
                secret,
            ]
        )
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("kg: error")]
    assert len(errors) == 1, captured.err
    assert "HTTP 401" in errors[0]
    assert secret not in captured.out + captured.err
    assert _sizes(server) == before


def contextlib_proxy(server: Server, faults: Faults):  # type: ignore[no-untyped-def]
    faults.query_path = "/query" if server.kind == "oxigraph" else "/sparql"
    return fault_proxy(server.endpoint, faults)


def test_http_500_keeps_what_was_loaded(
    server: Server, filing_dataset: Dataset, filing_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _load(server, filing_dataset)
    before = _sizes(server)
    version2 = Dataset(
        {
            g: t | {(f"<{g}>", f"<{TEST_BASE}version>", '"2"')}
            for g, t in filing_dataset.graphs.items()
        }
    )
    with (
        contextlib_proxy(server, Faults(fail_writes_from=3)) as url,
        pytest.raises(StoreError, match="HTTP 500") as failure,
    ):
        _load(server, version2, url, batch=5_000)
    assert "HTTP 500" in str(failure.value)
    assert url.rsplit("/", 1)[0] in str(failure.value)
    after = _sizes(server)
    # Every graph is whole: still version 1, or version 2 complete. Nothing was lost.
    assert set(after) == set(before)
    for graph, size in after.items():
        assert size in (before[graph], before[graph] + 1), graph
    assert any(after[g] == before[g] + 1 for g in after)  # the first requests did go through
    # The CLI says it in one line, exit code 1.
    with contextlib_proxy(server, Faults(fail_writes_from=1)) as url:
        code, lines = _cli_load(server, filing_file, url, capsys)
    assert code == 1
    assert len(lines) == 1
    assert "HTTP 500" in lines[0]
    assert url.rsplit("/", 1)[0] in lines[0]


def test_transient_failures_are_retried(server: Server, filing_dataset: Dataset) -> None:
    # Two 503s in a row: the third attempt of the first request goes through.
    with contextlib_proxy(server, Faults(unavailable=2)) as url:
        _load(server, filing_dataset, url, retries=2)
    assert _sizes(server) == {g: len(t) for g, t in filing_dataset.graphs.items()}


TUNED_BASE = "https://example.org/kg-tuned-test/"


def test_virtuoso_graph_store_requests_are_tuned_and_store_the_same(
    virtuoso: Server, filing_dataset: Dataset
) -> None:
    """New graphs go in by POST with padded bodies, existing ones by PUT; untuned the same."""
    dataset = Dataset(
        {g.replace(TEST_BASE, TUNED_BASE): t for g, t in filing_dataset.graphs.items()}
    )
    expected = {g: len(t) for g, t in dataset.graphs.items()}

    def load(tuned: bool) -> list[tuple[str, bytes]]:
        store = RemoteStore(_endpoint(virtuoso), tuned=tuned)
        sent: list[tuple[str, bytes]] = []
        send = store.http.send

        def recording(method: str, url: str, **kwargs: Any) -> Any:
            if url == store.endpoint.graph_store and method in ("PUT", "POST"):
                sent.append((method, kwargs.get("data") or b""))
            return send(method, url, **kwargs)

        store.http.send = recording  # type: ignore[method-assign]
        store.load(dataset_chunks(dataset, store.batch))
        return sent

    first = load(tuned=True)
    assert [m for m, _ in first] == ["POST"] * len(expected)  # every graph was absent
    # Bodies of 8 KB and more start with 64 KB of newlines (Virtuoso's sniffing window).
    raw = [body.removeprefix(b"\n" * 65_536) for _, body in first]
    assert [len(r) < len(b) for r, (_, b) in zip(raw, first, strict=True)] == [
        len(r) >= 8_192 for r in raw
    ]
    assert any(len(r) >= 8_192 for r in raw)
    assert RemoteStore(_endpoint(virtuoso)).graph_sizes(TUNED_BASE) == expected
    stored = _contents(virtuoso, TUNED_BASE)
    assert stored == _expected(virtuoso, dataset)

    again = load(tuned=True)  # every graph is there now: replaced, not appended to
    assert [m for m, _ in again] == ["PUT"] * len(expected)
    assert RemoteStore(_endpoint(virtuoso)).graph_sizes(TUNED_BASE) == expected
    assert _contents(virtuoso, TUNED_BASE) == stored

    plain = load(tuned=False)
    assert all(m == "PUT" and not b.startswith(b"\n") for m, b in plain)
    assert _contents(virtuoso, TUNED_BASE) == stored


LOAD_BASE = "https://example.org/kg-load-test/"


def test_virtuoso_load_method_fetches_new_graphs_and_replaces_existing_ones(
    virtuoso: Server,
    filing_dataset: Dataset,
    refiled_dataset: Dataset,
    filing_file: Path,
) -> None:
    """--method load: absent graphs by ``LOAD`` of served TriG, present ones by GSP PUT;
    reloading changes nothing, a re-filed report replaces only its graph."""

    def renamed(dataset: Dataset) -> Dataset:
        return Dataset({g.replace(TEST_BASE, LOAD_BASE): t for g, t in dataset.graphs.items()})

    filing, refiled = renamed(filing_dataset), renamed(refiled_dataset)
    expected = {g: len(t) for g, t in filing.graphs.items()}
    assert max(expected.values()) > 2_000  # some graphs come in several chunks

    def load(dataset: Dataset) -> list[str]:
        store = RemoteStore(_endpoint(virtuoso), method="load", batch=2_000)
        sent: list[str] = []
        send = store.http.send

        def recording(method: str, url: str, **kwargs: Any) -> Any:
            data = kwargs.get("data") or b""
            if url == store.endpoint.graph_store and method in ("PUT", "POST"):
                sent.append(method)
            elif url == store.endpoint.update and b"LOAD <http://127.0.0.1:" in data:
                sent.append("LOAD")
            return send(method, url, **kwargs)

        store.http.send = recording  # type: ignore[method-assign]
        result = store.load(dataset_chunks(dataset, store.batch))
        assert result.method == "load"
        assert result.triples == sum(len(t) for t in dataset.graphs.values())
        return sent

    def sizes() -> dict[str, int]:
        return RemoteStore(_endpoint(virtuoso)).graph_sizes(LOAD_BASE)

    first = load(filing)
    assert set(first) == {"LOAD"}  # nothing was there: all of it fetched by the server
    assert sizes() == expected
    assert _contents(virtuoso, LOAD_BASE) == _expected(virtuoso, filing)

    again = load(filing)  # each graph replaced by one PUT (its later chunks appended)
    assert again.count("PUT") == len(expected)
    assert sizes() == expected
    assert _contents(virtuoso, LOAD_BASE) == _expected(virtuoso, filing)

    load(refiled)  # R2 replaced, the others the same
    assert _contents(virtuoso, LOAD_BASE) == _expected(virtuoso, refiled)
    assert sizes() == expected

    # The CLI takes it too; other servers refuse it in one clear error.
    args = ["load", str(filing_file), "--endpoint", virtuoso.endpoint, "--method", "load"]
    assert main([*args, *_auth_args(virtuoso)]) == 0
    assert _sizes(virtuoso) == {g: len(t) for g, t in filing_dataset.graphs.items()}
    oxigraph = Endpoint("http://127.0.0.1:1/query", "oxigraph", "http://127.0.0.1:1/update")
    with pytest.raises(StoreError, match="--method load is Virtuoso's"):
        RemoteStore(replace(oxigraph, graph_store="http://127.0.0.1:1/store"), method="load")


UNLOGGED_BASE = "https://example.org/kg-unlogged-test/"


def test_virtuoso_unlogged_load_stores_the_same(
    virtuoso: Server, filing_dataset: Dataset, filing_file: Path
) -> None:
    """--unlogged: each LOAD runs without Virtuoso's transaction log; what is stored is the
    same, and reloading still replaces rather than adds."""
    filing = Dataset(
        {g.replace(TEST_BASE, UNLOGGED_BASE): t for g, t in filing_dataset.graphs.items()}
    )
    expected = {g: len(t) for g, t in filing.graphs.items()}

    def load() -> tuple[list[bytes], int]:
        """The LOAD requests and the Graph Store PUTs of one unlogged load of the filing."""
        store = RemoteStore(_endpoint(virtuoso), method="load", batch=2_000, unlogged=True)
        loads: list[bytes] = []
        puts: list[str] = []
        send = store.http.send

        def recording(method: str, url: str, **kwargs: Any) -> Any:
            data = kwargs.get("data") or b""
            if url == store.endpoint.update and b"LOAD <" in data:
                loads.append(data)
            elif url == store.endpoint.graph_store and method == "PUT":
                puts.append(url)
            return send(method, url, **kwargs)

        store.http.send = recording  # type: ignore[method-assign]
        store.load(dataset_chunks(filing, store.batch))
        return loads, len(puts)

    loads, puts = load()  # all new: fetched by the server
    assert loads
    assert puts == 0
    assert all(b"define sql:log-enable 2 " in body for body in loads)
    assert RemoteStore(_endpoint(virtuoso)).graph_sizes(UNLOGGED_BASE) == expected
    assert _contents(virtuoso, UNLOGGED_BASE) == _expected(virtuoso, filing)
    _, puts = load()  # all there: each replaced by PUT (its later chunks fetched and appended)
    assert puts == len(expected)
    assert RemoteStore(_endpoint(virtuoso)).graph_sizes(UNLOGGED_BASE) == expected

    args = ["load", str(filing_file), "--endpoint", virtuoso.endpoint, "--method", "load"]
    assert main([*args, "--unlogged", *_auth_args(virtuoso)]) == 0
    assert _sizes(virtuoso) == {g: len(t) for g, t in filing_dataset.graphs.items()}
    with pytest.raises(StoreError, match="--unlogged is for --method load"):
        RemoteStore(_endpoint(virtuoso), method="gsp", unlogged=True)


def test_virtuoso_load_method_that_cannot_reach_kg_says_what_to_give(
    virtuoso: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.stores import served

    opened = served.BatchServer.__init__

    def unreachable(self: served.BatchServer, address: str = "127.0.0.1") -> None:
        opened(self, address)
        self.base = f"http://127.0.0.1:{free_port()}"  # where nothing listens

    monkeypatch.setattr(served.BatchServer, "__init__", unreachable)
    store = RemoteStore(_endpoint(virtuoso), method="load", retries=0)
    graph = f"{LOAD_BASE}unreachable"
    subject, predicate = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    quad = ox.Quad(subject, predicate, ox.Literal("o"), ox.NamedNode(graph))
    chunk = Chunk(graph, (quad,), True, True)
    with pytest.raises(StoreError, match="could not fetch") as failure:
        store.load([chunk])
    assert "--serve-address" in (failure.value.hint or "")
    assert store.existing_graphs([chunk.graph]) == set()
