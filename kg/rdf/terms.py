"""RDF terms written straight as N-Triples text: the fast path every output format starts from.

An emitted triple is three strings already in N-Triples syntax, so N-Triples and N-Quads output
is a join, canonical order is a sort, and pyoxigraph parses the rest.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from kg.rdf.namespaces import xkg, xsd

Triple = tuple[str, str, str]

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI term. Raises ``ValueError`` for characters N-Triples forbids in IRIs."""
    if _IRI_UNSAFE.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


@functools.cache
def vocab(name: str) -> str:
    """The IRI term of an ontology name (``Fact`` is ``<...#Fact>``), made once per name:
    every fact names a dozen of them."""
    return iri(xkg(name))


def is_iri(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)) and not _IRI_UNSAFE.search(value)


def literal(value: str, datatype: str | None = None) -> str:
    """A literal term; plain ``xsd:string`` when ``datatype`` is None."""
    if _NEEDS_ESCAPE.search(value):  # rare; translate costs a microsecond on every string
        value = value.translate(_LITERAL_ESCAPES)
    text = '"' + value + '"'
    if datatype is None or datatype == xsd("string"):
        return text
    return f"{text}^^<{datatype}>"


def integer(value: int) -> str:
    return literal(str(value), xsd("integer"))


def boolean(value: bool) -> str:
    return literal("true" if value else "false", xsd("boolean"))


def segment(text: str) -> str:
    """One IRI path segment from arbitrary text: unreserved characters kept, the rest encoded."""
    return quote(text, safe="-._~")
