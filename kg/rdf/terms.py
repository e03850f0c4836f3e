"""RDF terms written straight as N-Triples text: the fast path every output format starts from.

An emitted triple is three strings already in N-Triples syntax, so N-Triples and N-Quads output
is a join, canonical order is a sort, and pyoxigraph parses the rest.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from kg.rdf.namespaces import xsd

Triple = tuple[str, str, str]

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI term. Raises ``ValueError`` for characters N-Triples forbids in IRIs."""
    if _IRI_UNSAFE.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def is_iri(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)) and not _IRI_UNSAFE.search(value)


def literal(value: str, datatype: str | None = None) -> str:
    """A literal term; plain ``xsd:string`` when ``datatype`` is None."""
    text = '"' + value.translate(_LITERAL_ESCAPES) + '"'
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
