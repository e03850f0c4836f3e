"""One call per CLI action on a store: load a dataset or files, query, validate.

``Remote`` gathers what a user says about a SPARQL server (URL, kind, credentials, method);
the functions here open the store, do the one thing and close it, so ``kg.cli`` stays a thin
layer and the library can be used the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.queries import QueryResult, StoredQuery
from kg.rdf.dataset import Dataset
from kg.stores import KINDS, METHODS, PASSWORD_ENV, USER_ENV
from kg.stores.embedded import LoadResult, default_store_path, open_store
from kg.stores.graphs import dataset_chunks, file_chunks
from kg.stores.query_remote import run_remote_query
from kg.stores.remote import (
    Credentials,
    Endpoint,
    RemoteStore,
    default_batch,
    endpoint,
)

__all__ = [
    "KINDS",
    "METHODS",
    "PASSWORD_ENV",
    "USER_ENV",
    "Remote",
    "load_dataset_into_store",
    "load_dataset_remote",
    "load_files_into_store",
    "load_files_remote",
    "query_remote",
    "query_store",
    "store_copy",
]


@dataclass(frozen=True)
class Remote:
    """A SPARQL server as the user described it; ``repr`` never shows the password."""

    url: str
    kind: str = "auto"
    user: str | None = None
    password: str | None = None
    auth: str = "auto"
    retries: int = 3
    timeout: float = 600.0
    update: str | None = None
    graph_store: str | None = None
    method: str = "auto"
    batch: int | None = None
    parallel: int = 1
    serve_address: str = "127.0.0.1"
    unlogged: bool = False
    on_retry: Callable[[str], None] | None = None

    def __repr__(self) -> str:
        return f"Remote(url={self.url!r}, kind={self.kind!r}, method={self.method!r})"

    def endpoint(self) -> Endpoint:
        credentials = Credentials.resolve(self.user, self.password, self.auth)
        return endpoint(
            self.url,
            kind=self.kind,
            update=self.update,
            graph_store=self.graph_store,
            credentials=credentials,
        )

    def store(self) -> RemoteStore:
        return RemoteStore(
            self.endpoint(),
            method=self.method,
            batch=self.batch,
            parallel=self.parallel,
            serve_address=self.serve_address,
            unlogged=self.unlogged,
            retries=self.retries,
            timeout=self.timeout,
            on_retry=self.on_retry,
        )

    def chunk_size(self, store: RemoteStore) -> int:
        return self.batch or default_batch(store.method, store.endpoint.kind)


def load_dataset_into_store(dataset: Dataset, path: str | os.PathLike[str]) -> LoadResult:
    with open_store(path) as store:
        return store.load_dataset(dataset)


def load_files_into_store(
    paths: Iterable[str | os.PathLike[str]], path: str | os.PathLike[str], *, graph: str | None
) -> LoadResult:
    with open_store(path) as store:
        return store.load_files(paths, default_graph=graph)


def load_dataset_remote(dataset: Dataset, remote: Remote) -> LoadResult:
    store = remote.store()
    return store.load(dataset_chunks(dataset, remote.chunk_size(store)))


def load_files_remote(
    paths: Iterable[str | os.PathLike[str]], remote: Remote, *, graph: str | None
) -> LoadResult:
    store = remote.store()
    return store.load(file_chunks(paths, remote.chunk_size(store), default_graph=graph))


def query_store(
    query: StoredQuery, path: str | os.PathLike[str] | None, params: Mapping[str, str]
) -> QueryResult:
    """A stored query on an embedded store (``$KG_STORE`` or ``./kg-store`` by default)."""
    with open_store(Path(path) if path else default_store_path(), create=False) as store:
        return store.query(query, params)


def query_remote(query: StoredQuery, remote: Remote, params: Mapping[str, str]) -> QueryResult:
    return run_remote_query(
        query, remote.endpoint(), params, retries=remote.retries, timeout=remote.timeout
    )


def store_copy(path: str | os.PathLike[str] | None) -> ox.Store:
    """Everything in an embedded store, copied into memory for validation."""
    with open_store(Path(path) if path else default_store_path(), create=False) as store:
        return store.copy_in_memory()
