"""Compact JSON-LD with an embedded context, written straight from triples.

pyoxigraph writes expanded JSON-LD only, so this writer compacts by hand: vocabulary IRIs as
prefixed names (``xkg:value``), data IRIs in full, one node object per subject in the order the
triples come, ``@type`` for classes. Literals keep their exact lexical form: never a JSON
number, always ``{"@value": ..., "@type": ...}`` unless a plain string, so a decimal such as
``28162000000`` or ``0.8577`` reads back as the same literal.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.rdf.namespaces import PUBLISH_PREFIXES, TYPE, xsd

_STRING = xsd("string")
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def context() -> dict[str, str]:
    """The context every document embeds (also published alone as ``context.jsonld``)."""
    return dict(PUBLISH_PREFIXES)


@lru_cache(maxsize=8192)
def compact(iri: str) -> str:
    """A vocabulary IRI as ``prefix:local`` where one of the context's prefixes fits."""
    for prefix, namespace in PUBLISH_PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(term: object) -> Any:
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == _STRING:
            return term.value
        return {"@value": term.value, "@type": compact(datatype)}
    raise ValueError(f"cannot write {term!r} as JSON-LD")


def document(triples: Iterable[ox.Triple | ox.Quad]) -> dict[str, Any]:
    """A JSON-LD document (context and ``@graph``) for ``triples``, subjects in first-seen
    order, values in the order given."""
    return {"@context": context(), "@graph": _node_objects(triples)}


def dumps(triples: Iterable[ox.Triple | ox.Quad], *, indent: int | None = None) -> str:
    return json.dumps(document(triples), ensure_ascii=False, indent=indent) + "\n"


def document_chunks(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[str]:
    """``dumps(triples)`` in pieces, one node object at a time, for triples that come grouped
    by subject (as sorted ones do): memory holds one subject's values at a time."""
    yield '{"@context": ' + json.dumps(context(), ensure_ascii=False) + ', "@graph": ['
    separator = ""
    for _, group in itertools.groupby(triples, key=lambda triple: triple.subject):
        for node in _node_objects(group):
            yield separator + json.dumps(node, ensure_ascii=False)
            separator = ", "
    yield "]}\n"


def _node_objects(triples: Iterable[ox.Triple | ox.Quad]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            raise ValueError(f"cannot write a quoted triple subject as JSON-LD: {subject}")
        node = nodes.setdefault(_node_id(subject), {"@id": _node_id(subject)})
        predicate, obj = triple.predicate.value, triple.object
        if predicate == TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(compact(obj.value))
        else:
            node.setdefault(compact(predicate), []).append(_value(obj))
    return [
        {
            key: (values[0] if key != "@id" and len(values) == 1 else values)
            for key, values in n.items()
        }
        for n in nodes.values()
    ]
