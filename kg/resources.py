"""The data files shipped with xbrl-kg: the ontology, the SHACL shapes and the stored queries.

In a wheel they live in ``kg/_data/``; in a source checkout (editable install) they are the
top-level ``ontology/``, ``shapes/`` and ``queries/`` folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of shipped data files called ``name`` ("ontology", "shapes", "queries")."""
    packaged = resources.files("kg").joinpath("_data", name)
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"xbrl-kg data folder {name!r} is missing from this installation")


def ontology_path() -> Path:
    return data_dir("ontology") / "xbrl-kg.ttl"


def shapes_paths() -> dict[str, Path]:
    """Shape sets by name: ``structure`` and, where present, the others in ``shapes/``."""
    return {p.stem: p for p in sorted(data_dir("shapes").glob("*.ttl"))}


def query_paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_dir("queries").glob("*.rq"))}
