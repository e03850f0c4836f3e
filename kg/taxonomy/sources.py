"""Find element dictionaries under the paths a user gives, and load them into one cached index.

A path may be a taxonomy package (a ``.zip`` with ``META-INF/taxonomyPackage.xml``, or its
unpacked folder), a filing's folder (company schema and label linkbase, MetaLinks.json), an
SEC Financial Statement Data Sets ``tag.txt``, a ``MetaLinks.json``, or a single schema or
linkbase. Folders are searched recursively; files are told apart by their first bytes.

The index is cached in ``$XBRL_KG_CACHE`` (default ``~/.cache/xbrl-kg``), named by the SHA-256
of the sources' contents, so an unchanged set of dictionaries loads from one pickle. A small
memo of (size, mtime) -> SHA-256 spares re-reading unchanged files to hash them.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import pickle
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.errors import TaxonomyError
from kg.model import QName
from kg.taxonomy.elements import Element
from kg.taxonomy.fsds import is_fsds_tag_table, read_fsds_tags
from kg.taxonomy.index import TaxonomyIndex, build_index
from kg.taxonomy.metalinks import read_metalinks
from kg.taxonomy.reports import ReportDictionary, report_dictionaries
from kg.taxonomy.xbrl import file_kind, read_tables

__all__ = ["TaxonomyError", "default_taxonomy_paths", "load_taxonomy"]

# Bump when the index layout or what the readers extract changes: old caches are then ignored.
INDEX_FORMAT = "xbrl-kg-taxonomy-index/2"
_HEAD = 8192
_PACKAGE_MANIFEST = Path("META-INF") / "taxonomyPackage.xml"
_SUFFIXES = (".xsd", ".xml", ".json", ".txt", ".tsv", ".zip")
# Merge priority: a filing's own MetaLinks first, then taxonomy packages, then FSDS tag tables.
_PRIORITY = {"metalinks": 0, "package": 1, "fsds": 2, "filing": 3}


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    kind: str  # "schema", "linkbase", "fsds", "metalinks" or "zip"
    sha256: str


def default_taxonomy_paths() -> list[Path]:
    """``$XBRL_KG_TAXONOMY`` (os.pathsep-separated), else ``$XDG_DATA_HOME/xbrl-kg/taxonomies``
    (``~/.local/share/xbrl-kg/taxonomies``) when that folder exists."""
    configured = os.environ.get("XBRL_KG_TAXONOMY")
    if configured is not None:
        return [Path(p) for p in configured.split(os.pathsep) if p]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    folder = Path(data_home) / "xbrl-kg" / "taxonomies"
    return [folder] if folder.is_dir() else []


def cache_dir() -> Path:
    configured = os.environ.get("XBRL_KG_CACHE")
    if configured:
        return Path(configured)
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "xbrl-kg"


def load_taxonomy(
    paths: Iterable[str | os.PathLike[str]], *, cache: Path | bool | None = True
) -> TaxonomyIndex:
    """The index of every dictionary under ``paths``. Raises ``TaxonomyError``.

    ``cache``: True for the default cache folder, a folder, or False/None for no cache.
    """
    folder = cache_dir() if cache is True else (cache or None)
    hashes = _HashMemo(folder)
    files = discover(paths, hashes)
    hashes.save()
    key = _index_key(files)
    cached = folder / f"index-{key[:32]}.pickle" if folder else None
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as handle:
                data = handle.read()
            gc.disable()  # unpickling allocates many objects; no cycles to collect among them
            try:
                index = pickle.loads(data)
            finally:
                gc.enable()
            if isinstance(index, TaxonomyIndex):
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # a stale or broken cache is rebuilt below
    index = build_from_files(files)
    if cached is not None:
        _write_atomically(cached, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    return index


def discover(
    paths: Iterable[str | os.PathLike[str]], hashes: _HashMemo | None = None
) -> list[SourceFile]:
    """Every dictionary file under ``paths``, classified, with its content hash."""
    memo = hashes or _HashMemo(None)
    found: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise TaxonomyError(f"taxonomy path not found: {path}")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        before = len(found)
        for candidate in candidates:
            if candidate.suffix.lower() not in _SUFFIXES and not path.is_file():
                continue
            known = memo.lookup(candidate)
            kind = known[0] if known else _classify(candidate)
            digest = known[1] if known else (memo.sha256(candidate) if kind else "")
            memo.remember(candidate, kind, digest)
            if kind is not None:
                found.append(SourceFile(str(candidate), kind, digest))
        if len(found) == before:
            raise TaxonomyError(
                f"no taxonomy schema, label linkbase, FSDS tag table or MetaLinks.json in {path}"
            )
    return found


def build_from_files(files: Sequence[SourceFile]) -> TaxonomyIndex:
    """Read and merge the classified files (no cache)."""
    sources: list[tuple[int, str, dict[QName, Element], frozenset[QName]]] = []
    reports: list[ReportDictionary] = []
    for group in _groups(files):
        for file in group:
            if file.kind == "metalinks":
                links = read_metalinks(file.path)
                elements = links.elements
                sources.append((_PRIORITY["metalinks"], file.path, elements, frozenset(elements)))
                reports += report_dictionaries(links, file.path)
            elif file.kind == "fsds":
                with open(file.path, "rb") as handle:
                    tags = read_fsds_tags(handle)
                sources.append((_PRIORITY["fsds"], file.path, tags, frozenset(tags)))
            elif file.kind == "zip":
                sources.append(_zip_source(file.path))
        schemas = [f.path for f in group if f.kind == "schema"]
        linkbases = [f.path for f in group if f.kind == "linkbase"]
        if schemas or linkbases:
            root = _package_root(Path((schemas + linkbases)[0]), {})
            sources.append(_xbrl_source(str(root), schemas, linkbases))
    sources.sort(key=lambda s: (s[0], s[1]))
    return build_index(
        ((name, elements, declared) for _, name, elements, declared in sources), reports
    )


def _groups(files: Sequence[SourceFile]) -> list[list[SourceFile]]:
    """Files by folder: a folder's schemas and linkbases are read together (locators in one
    resolve through the ids of the other); a zip is a group of its own."""
    groups: dict[str, list[SourceFile]] = {}
    roots: dict[Path, Path] = {}
    for file in files:
        key = file.path if file.kind == "zip" else str(_package_root(Path(file.path), roots))
        groups.setdefault(key, []).append(file)
    return list(groups.values())


def _package_root(path: Path, roots: dict[Path, Path]) -> Path:
    """The unpacked taxonomy package a file belongs to (the folder above its META-INF), or
    else its own folder: the us-gaap package spreads its linkbases over several folders."""
    folder = path.parent
    if folder not in roots:
        roots[folder] = next(
            (p for p in (folder, *folder.parents) if (p / _PACKAGE_MANIFEST).is_file()), folder
        )
    return roots[folder]


def _xbrl_source(
    name: str, schemas: list[str], linkbases: list[str]
) -> tuple[int, str, dict[QName, Element], frozenset[QName]]:
    with _opened(schemas) as schema_files, _opened(linkbases) as linkbase_files:
        table = read_tables(schema_files, linkbase_files)
    elements = table.elements()
    declared = frozenset(table.declared)
    # A folder that declares most of what it labels is a taxonomy; a filing's folder labels
    # far more standard elements than it declares.
    kind = "package" if len(declared) * 2 >= len(elements) else "filing"
    return _PRIORITY[kind], name, elements, declared


def _zip_source(path: str) -> tuple[int, str, dict[QName, Element], frozenset[QName]]:
    schemas: list[IO[bytes]] = []
    linkbases: list[IO[bytes]] = []
    with zipfile.ZipFile(path) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or not info.filename.lower().endswith((".xsd", ".xml")):
                continue
            data = archive.read(info)
            kind = file_kind(data[:_HEAD])
            buffer = io.BytesIO(data)
            buffer.name = f"{path}!/{info.filename}"  # for messages
            if kind == "schema":
                schemas.append(buffer)
            elif kind == "linkbase":
                linkbases.append(buffer)
    table = read_tables(schemas, linkbases)
    return _PRIORITY["package"], path, table.elements(), frozenset(table.declared)


class _opened:
    """Open several files for reading and close them all afterwards."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.handles: list[IO[bytes]] = []

    def __enter__(self) -> list[IO[bytes]]:
        self.handles = [open(p, "rb") for p in self.paths]  # noqa: SIM115
        return self.handles

    def __exit__(self, *exc: object) -> None:
        for handle in self.handles:
            handle.close()


def _classify(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip" if zipfile.is_zipfile(path) else None
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return None
    if name.endswith(".json"):
        return "metalinks" if b'"instance"' in head and b'"version"' in head else None
    if is_fsds_tag_table(head):
        return "fsds"
    if name.endswith((".xsd", ".xml")):
        return file_kind(head)
    return None


def _index_key(files: Sequence[SourceFile]) -> str:
    """The SHA-256 of the sources' contents and of how they group (not of their paths)."""
    groups = sorted(sorted(f"{f.kind}:{f.sha256}" for f in group) for group in _groups(files))
    return hashlib.sha256(json.dumps([INDEX_FORMAT, groups]).encode()).hexdigest()


class _HashMemo:
    """Each file's kind and SHA-256, remembered by (path, size, mtime) in the cache folder."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "files.json" if folder else None
        self.known: dict[str, list[object]] = {}
        self.changed = False
        if self.path is not None and self.path.is_file():
            try:
                self.known = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.known = {}

    def lookup(self, path: Path) -> tuple[str | None, str] | None:
        stat = path.stat()
        remembered = self.known.get(str(path.absolute()))
        if remembered and remembered[:2] == [stat.st_size, stat.st_mtime_ns]:
            kind = remembered[2]
            return (str(kind) if kind else None), str(remembered[3])
        return None

    def remember(self, path: Path, kind: str | None, digest: str) -> None:
        stat = path.stat()
        entry: list[object] = [stat.st_size, stat.st_mtime_ns, kind, digest]
        key = str(path.absolute())
        if self.known.get(key) != entry:
            self.known[key] = entry
            self.changed = True

    @staticmethod
    def sha256(path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        _write_atomically(self.path, json.dumps(self.known).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        pass  # no cache is slower, not wrong
