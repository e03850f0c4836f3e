"""The document formats a resource is published in, content negotiation, and serialization.

Every resource IRI has four documents: HTML for people, Turtle, JSON-LD and N-Triples for
machines. ``negotiate`` picks one from an HTTP ``Accept`` header (q-values honoured, the server's
order breaking ties, HTML for ``*/*``), as ``kg serve`` does and as the nginx sample imitates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

import pyoxigraph as ox

from kg.publish import jsonld
from kg.rdf.namespaces import PUBLISH_PREFIXES


class DocFormat(Enum):
    """A document format: file extension, media type, and the other media types it answers."""

    HTML = ("html", "text/html", ("application/xhtml+xml",))
    TURTLE = ("ttl", "text/turtle", ("application/x-turtle",))
    JSON_LD = ("jsonld", "application/ld+json", ("application/json",))
    N_TRIPLES = ("nt", "application/n-triples", ())

    def __init__(self, extension: str, media_type: str, aliases: tuple[str, ...]) -> None:
        self.extension = extension
        self.media_type = media_type
        self.media_types = (media_type, *aliases)

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    @classmethod
    def from_extension(cls, extension: str) -> DocFormat | None:
        return next((f for f in cls if f.extension == extension), None)


RDF_FORMATS = (DocFormat.TURTLE, DocFormat.JSON_LD, DocFormat.N_TRIPLES)


class _HasMediaTypes(Protocol):
    @property
    def media_types(self) -> Sequence[str]: ...


_Offer = TypeVar("_Offer", bound=_HasMediaTypes)


@dataclass(frozen=True, slots=True)
class _Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 when this range does not match ``media_type``, else how specific the match is."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def _ranges(accept: str) -> list[_Range]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(_Range(main, sub, q))
    return ranges


def quality(accept: str | None, media_types: Sequence[str]) -> float:
    """How much the client wants any of ``media_types`` (0 for not at all): for each, the q of
    the most specific range that matches it (RFC 9110, section 12.5.1)."""
    if not accept or not accept.strip():
        return 1.0
    ranges = _ranges(accept)
    best = 0.0
    for position, media_type in enumerate(media_types):
        matched = [(r.specificity(media_type), r.q) for r in ranges]
        # Aliases count only when named exactly: */* or text/* speak for the main type.
        matched = [m for m in matched if m[0] >= (0 if position == 0 else 2)]
        if matched:
            best = max(best, max(matched)[1])
    return best


def negotiate(accept: str | None, offers: Sequence[_Offer]) -> _Offer | None:
    """The offer the client prefers (the first offer on ties), or None when it accepts none.

    Each offer has a ``media_types`` sequence (its media type first)."""
    best: _Offer | None = None
    best_q = 0.0
    for offer in offers:
        q = quality(accept, offer.media_types)
        if q > best_q:
            best, best_q = offer, q
    return best


def serialize(triples: Iterable[ox.Triple], fmt: DocFormat) -> bytes:
    """Triples (in the order given) as Turtle, JSON-LD or N-Triples bytes."""
    if fmt is DocFormat.N_TRIPLES:
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode()
    if fmt is DocFormat.JSON_LD:
        return jsonld.dumps(triples).encode()
    if fmt is DocFormat.TURTLE:
        listed = list(triples)
        data = ox.serialize(listed, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(listed))
        assert data is not None
        return data
    raise ValueError(f"{fmt.name} is not an RDF format")


def used_prefixes(triples: Iterable[ox.Triple | ox.Quad]) -> dict[str, str]:
    """The prefixes (of the published ones) that name a predicate, class or datatype."""
    used: set[str] = set()
    match = _PUBLISHED_NAMESPACE.match
    for t in triples:
        found = match(t.predicate.value)
        if found:
            used.add(found.group())
        obj = t.object
        if isinstance(obj, ox.NamedNode):
            found = match(obj.value)
        elif isinstance(obj, ox.Literal):
            found = match(obj.datatype.value)
        else:
            continue
        if found:
            used.add(found.group())
    return {
        prefix: namespace for prefix, namespace in PUBLISH_PREFIXES.items() if namespace in used
    }


# No published namespace starts another, so a name is in one at most.
_PUBLISHED_NAMESPACE = re.compile("|".join(map(re.escape, PUBLISH_PREFIXES.values())))
