"""What the graph says about one IRI, read from a pyoxigraph store by triple patterns.

A report's triples sit in its own named graph and shared nodes (concepts, periods, units) repeat
in every report graph that uses them, so every lookup here collapses quads to distinct triples.
A resource's description is its outgoing and incoming triples (a symmetric concise bounded
description; there are no blank nodes), sorted, so a document is the same bytes every time.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

import pyoxigraph as ox

from kg.publish.jsonld import compact
from kg.publish.source import Quads
from kg.rdf.namespaces import LABEL, SKOS, TITLE, TYPE, XKG, xkg
from kg.resources import ontology_path

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_LABELS = (ox.NamedNode(TITLE), ox.NamedNode(LABEL), ox.NamedNode(SKOS + "prefLabel"))
_TYPE = ox.NamedNode(TYPE)


def sort_key(term: object) -> str:
    return str(term)


def triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


def safe_path(tail: str) -> bool:
    """Whether an IRI's part after the base can be a URL path and a file path: no query or
    fragment, no empty, '.' or '..' segments, nothing that decodes to a '/' or a NUL."""
    if not tail or "?" in tail or "#" in tail:
        return False
    for part in tail.split("/"):
        decoded = unquote(part)
        if decoded in ("", ".", "..") or "/" in decoded or "\x00" in decoded:
            return False
    return True


def vocabulary() -> ox.Store:
    """The ontology, as the store a ``GraphView`` labels vocabulary terms from."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    return store


class GraphView:
    """Read access to one graph for pages and documents: descriptions, values and labels.

    ``vocabulary`` (the ontology) is used for the labels of vocabulary terms only; it is never
    part of a description. Label lookups are cached (threads may share a view).
    """

    def __init__(self, store: Quads, base: str, vocabulary: Quads | None = None) -> None:
        self.store = store
        self.base = base
        self.vocabulary = vocabulary
        self._labels: dict[str, str] = {}
        self._types: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()
        # A shared node's values repeat in every report graph that uses it, so one lookup
        # reads a quad per report; the pages ask for the same few again and again (a unit's
        # label, a period's dates). Publishing 107 pages from a store took 47 s, now 26 s.
        self._objects = functools.lru_cache(maxsize=1 << 16)(self._distinct_objects)

    # -- nodes under the base -------------------------------------------------------------

    def tail(self, iri: str) -> str | None:
        """The part of ``iri`` after the base, when it is a publishable path."""
        if not iri.startswith(self.base):
            return None
        tail = iri[len(self.base) :]
        return tail if safe_path(tail) else None

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        for pattern in ((node, None, None), (None, None, node)):
            if next(iter(self.store.quads_for_pattern(*pattern)), None) is not None:
                return True
        return self.store.contains_named_graph(node)

    # -- triples ---------------------------------------------------------------------------

    def _distinct(self, quads: Iterable[ox.Quad]) -> list[ox.Triple]:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return sorted(triples, key=triple_key)

    def outgoing(self, iri: str) -> list[ox.Triple]:
        return self._distinct(self.store.quads_for_pattern(ox.NamedNode(iri), None, None))

    def incoming(self, iri: str) -> list[ox.Triple]:
        return self._distinct(self.store.quads_for_pattern(None, None, ox.NamedNode(iri)))

    def describe(self, iri: str) -> list[ox.Triple]:
        """Outgoing then incoming triples (a triple pointing at itself comes once)."""
        outgoing = self.outgoing(iri)
        seen = set(outgoing)
        return outgoing + [t for t in self.incoming(iri) if t not in seen]

    def objects(self, subject: str | Term | None, predicate: str) -> list[Term]:
        node = _node(subject)
        if node is None:
            return []
        return list(self._objects(node, predicate))

    def _distinct_objects(self, node: Node, predicate: str) -> tuple[Term, ...]:
        pattern = self.store.quads_for_pattern(node, ox.NamedNode(predicate), None)
        return tuple(sorted({q.object for q in pattern}, key=sort_key))

    def value(self, subject: str | Term | None, predicate: str) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def text(self, subject: str | Term | None, predicate: str) -> str:
        """The lexical form of the first literal value ('' when none)."""
        value = self.value(subject, predicate)
        return value.value if isinstance(value, ox.Literal) else ""

    def number(self, subject: str | Term | None, predicate: str) -> int | None:
        try:
            return int(self.text(subject, predicate))
        except ValueError:
            return None

    def subjects(self, predicate: str, obj: Term) -> list[ox.NamedNode]:
        if isinstance(obj, ox.Triple):
            return []
        found = {
            q.subject
            for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), obj)
            if isinstance(q.subject, ox.NamedNode)
        }
        return sorted(found, key=sort_key)

    def types(self, subject: str | Term | None) -> frozenset[str]:
        """The classes of a node (cached: pages ask for the same nodes' types again and
        again)."""
        if isinstance(subject, str):
            key = subject
        elif isinstance(subject, ox.NamedNode):
            key = subject.value
        else:
            key = str(subject)
        cached = self._types.get(key)
        if cached is None:
            cached = frozenset(
                t.value for t in self.objects(subject, TYPE) if isinstance(t, ox.NamedNode)
            )
            with self._lock:
                self._types[key] = cached
        return cached

    def all_triples(self) -> Iterator[ox.Triple]:
        """Every distinct triple (the union of all graphs), unsorted."""
        yield from {ox.Triple(q.subject, q.predicate, q.object) for q in self.store}

    # -- labels ----------------------------------------------------------------------------

    def label(self, term: object) -> str:
        """A short human name: the literal itself, a title or label, a period's dates, a
        vocabulary term's label from the ontology, else the IRI's part after the base."""
        if isinstance(term, ox.Literal):
            return term.value
        if not isinstance(term, ox.NamedNode):
            return str(term)
        cached = self._labels.get(term.value)
        if cached is None:
            cached = self._label(term)
            with self._lock:
                self._labels[term.value] = cached
        return cached

    def _label(self, node: ox.NamedNode) -> str:
        iri = node.value
        if not iri.startswith(self.base):
            return self._vocabulary_label(iri)
        for predicate in _LABELS:
            value = next(iter(self.store.quads_for_pattern(node, predicate, None)), None)
            if value is not None and isinstance(value.object, ox.Literal):
                return value.object.value
        kinds = self.types(node)
        if xkg("Instant") in kinds:
            return self.text(node, xkg("date"))
        if xkg("Duration") in kinds:
            return period_label(
                self.text(node, xkg("startDate")),
                self.text(node, xkg("endDate")),
                self.number(node, xkg("months")),
            )
        qname = self.text(node, xkg("qname"))
        return qname or iri[len(self.base) :]

    def _vocabulary_label(self, iri: str) -> str:
        if self.vocabulary is not None:
            found = self.vocabulary.quads_for_pattern(ox.NamedNode(iri), _LABELS[1], None)
            value = next(iter(found), None)
            if value is not None and isinstance(value.object, ox.Literal):
                return value.object.value
        if iri.startswith(XKG):
            return iri[len(XKG) :]
        return compact(iri)


def _node(subject: str | Term | None) -> Node | None:
    if isinstance(subject, str):
        return ox.NamedNode(subject)
    if isinstance(subject, ox.NamedNode | ox.BlankNode):
        return subject
    return None


def period_label(start: str, end: str, months: int | None) -> str:
    """A period as pages print it ("3 months ended 2025-03-29") or, where its start date is
    known, exactly ("2024-12-29 to 2025-03-29")."""
    if months is not None and not start:
        unit = "month" if months == 1 else "months"
        return f"{months} {unit} ended {end}"
    return f"{start or '?'} to {end}"
