"""SHACL-SPARQL constraints (``sh:sparql`` on node shapes) evaluated set-at-a-time on Oxigraph.

pySHACL runs a SPARQL constraint once per focus node on rdflib, which at a million triples
takes minutes per constraint. Here each constraint's SELECT runs once over the whole store with
``$this`` free (in SPARQL ``$this`` and ``?this`` are one variable), and the solutions whose
``$this`` is a focus node of the shape become results. For a query that binds ``$this`` in its
outer pattern and groups on it (as ``shapes/quality.ttl`` does), that is the same as
pre-binding ``$this`` to each focus node in turn, which the tests check against pySHACL.

Supported: node shapes with sh:targetClass (and rdfs:subClassOf), sh:targetNode,
sh:targetSubjectsOf, sh:targetObjectsOf or an implicit class target; sh:prefixes/sh:declare;
sh:message templates ({?var}, {$var}); sh:severity; sh:deactivated; ?value, ?path and
?failure solutions. Property shapes with sh:sparql are left to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from kg.errors import ShapesError

_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
_FORBIDDEN = re.compile(r"\b(MINUS|SERVICE|VALUES)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Targets:
    classes: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()  # IRIs
    subjects_of: frozenset[str] = frozenset()
    objects_of: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    shape: rdflib.term.Node
    constraint: rdflib.term.Node
    query: str  # with PREFIX declarations
    messages: tuple[rdflib.Literal, ...]
    severity: rdflib.URIRef
    targets: Targets


@dataclass(frozen=True, slots=True)
class SparqlResult:
    """One solution of a constraint, in rdflib terms, message filled in."""

    constraint: SparqlConstraint
    focus: rdflib.term.Node
    value: rdflib.term.Node | None
    path: rdflib.term.Node | None
    messages: tuple[rdflib.Literal, ...]


@dataclass
class SplitShapes:
    """A shapes graph cut in two: Core (and everything else) for pySHACL, SPARQL for Oxigraph."""

    core: rdflib.Graph
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def has_core(self) -> bool:
        return any(True for _ in self.core.subjects(RDF.type, SH.NodeShape)) or any(
            True for _ in self.core.subjects(RDF.type, SH.PropertyShape)
        )


def split_shapes(shapes: rdflib.Graph) -> SplitShapes:
    """Take the node shapes' sh:sparql constraints out of ``shapes`` (which is not changed).

    A node shape left with no other constraint is dropped from the Core graph, so pySHACL does
    not run (or re-run) it.
    """
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    constraints: list[SparqlConstraint] = []
    moved: set[rdflib.term.Node] = set()
    for shape in set(shapes.subjects(SH.sparql, None)):
        if (shape, RDF.type, SH.PropertyShape) in shapes or (shape, SH.path, None) in shapes:
            continue  # property shapes stay with pySHACL ($PATH substitution)
        for node in shapes.objects(shape, SH.sparql):
            constraint = _constraint(shapes, shape, node)
            if constraint is not None:
                constraints.append(constraint)
        moved.add(shape)
    only_sparql = {s for s in moved if not _has_other_constraints(shapes, s)}
    for s, p, o in shapes:
        if s in moved and p == SH.sparql:
            continue
        if s in only_sparql:
            continue
        core.add((s, p, o))
    constraints.sort(key=lambda c: (str(c.shape), str(c.constraint)))
    return SplitShapes(core, constraints)


# The predicates that give a shape its focus nodes.
TARGET_PREDICATES = frozenset(
    {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
)
_NON_CONSTRAINT = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    *TARGET_PREDICATES,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.sparql,
    SH.name,
    SH.description,
}


def _has_other_constraints(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return any(p not in _NON_CONSTRAINT for p in shapes.predicates(shape, None))


def _constraint(
    shapes: rdflib.Graph, shape: rdflib.term.Node, node: rdflib.term.Node
) -> SparqlConstraint | None:
    if _true(shapes.value(node, SH.deactivated)) or _true(shapes.value(shape, SH.deactivated)):
        return None
    select = shapes.value(node, SH.select)
    if select is None:
        raise ShapesError(f"SPARQL constraint {node} has no sh:select")
    text = str(select)
    if _FORBIDDEN.search(_strip_strings(text)):
        raise ShapesError(
            f"SPARQL constraint {node} uses MINUS, SERVICE or VALUES, which SHACL forbids"
        )
    prefixes = _prefixes(shapes, node)
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    messages = tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, rdflib.Literal))
    if not messages:
        messages = tuple(
            m for m in shapes.objects(shape, SH.message) if isinstance(m, rdflib.Literal)
        )
    severity = shapes.value(shape, SH.severity)
    return SparqlConstraint(
        shape=shape,
        constraint=node,
        query=header + text,
        messages=messages,
        severity=severity if isinstance(severity, rdflib.URIRef) else SH.Violation,
        targets=_targets(shapes, shape),
    )


def _true(value: rdflib.term.Node | None) -> bool:
    return isinstance(value, rdflib.Literal) and value.toPython() is True


def _strip_strings(query: str) -> str:
    """The query without its string literals and comments, so keywords are found only as
    keywords."""
    query = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', '""', query)
    query = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', query)
    return re.sub(r"#[^\n]*", "", query)


def _prefixes(shapes: rdflib.Graph, node: rdflib.term.Node) -> dict[str, str]:
    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD)}
    for source in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise ShapesError(f"sh:declare of {source} lacks sh:prefix or sh:namespace")
            prefixes[str(prefix)] = str(namespace)
    return prefixes


def _targets(shapes: rdflib.Graph, shape: rdflib.term.Node) -> Targets:
    classes = {str(c) for c in shapes.objects(shape, SH.targetClass)}
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.add(str(shape))
    return Targets(
        classes=frozenset(classes),
        nodes=frozenset(str(n) for n in shapes.objects(shape, SH.targetNode)),
        subjects_of=frozenset(str(p) for p in shapes.objects(shape, SH.targetSubjectsOf)),
        objects_of=frozenset(str(p) for p in shapes.objects(shape, SH.targetObjectsOf)),
    )


# -- evaluation ------------------------------------------------------------------------------


class SparqlValidator:
    """Runs SPARQL constraints on a store whose default graph holds the data.

    ``subclasses`` adds rdfs:subClassOf axioms (e.g. the ontology's) to those in the data, for
    class targets.
    """

    def __init__(self, store: ox.Store, *, subclasses: Iterable[tuple[str, str]] = ()) -> None:
        self.store = store
        self._parents: dict[str, set[str]] = {}
        for child, parent in subclasses:
            self._parents.setdefault(child, set()).add(parent)
        for solution in store.query(f"SELECT ?c ?p WHERE {{ ?c <{RDFS.subClassOf}> ?p }}"):  # type: ignore[union-attr]
            child, parent = solution["c"], solution["p"]
            if isinstance(child, ox.NamedNode) and isinstance(parent, ox.NamedNode):
                self._parents.setdefault(child.value, set()).add(parent.value)
        self._types: dict[ox.NamedNode | ox.BlankNode, set[str]] = {}

    def run(self, constraints: Iterable[SparqlConstraint]) -> Iterator[SparqlResult]:
        for constraint in constraints:
            yield from self._run(constraint)

    def _run(self, constraint: SparqlConstraint) -> Iterator[SparqlResult]:
        try:
            solutions = self.store.query(constraint.query)
        except (SyntaxError, OSError, ValueError) as exc:
            raise ShapesError(f"SPARQL constraint {constraint.constraint} failed: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise ShapesError(f"SPARQL constraint {constraint.constraint} is not a SELECT")
        variables = [v.value for v in solutions.variables]
        seen: set[tuple[object, ...]] = set()
        for solution in solutions:
            bound = {name: solution[name] for name in variables if solution[name] is not None}
            if "failure" in bound and _is_true(bound["failure"]):
                raise ShapesError(f"SPARQL constraint {constraint.constraint} reported a failure")
            this = bound.get("this")
            if this is None or not self._is_focus(this, constraint.targets):
                continue
            value = bound.get("value", this)
            path = bound.get("path")
            messages = tuple(_fill(m, bound) for m in constraint.messages)
            key = (this, value, path, messages)
            if key in seen:
                continue
            seen.add(key)
            yield SparqlResult(
                constraint,
                to_rdflib(this),
                to_rdflib(value),
                to_rdflib(path) if path is not None else None,
                messages,
            )

    def _is_focus(self, node: ox.NamedNode | ox.BlankNode | ox.Literal, targets: Targets) -> bool:
        if isinstance(node, ox.Literal):
            return False
        if isinstance(node, ox.NamedNode) and node.value in targets.nodes:
            return True
        if targets.classes and self._classes(node) & targets.classes:
            return True
        for predicate in targets.subjects_of:
            if next(self.store.quads_for_pattern(node, ox.NamedNode(predicate), None), None):
                return True
        for predicate in targets.objects_of:
            if next(self.store.quads_for_pattern(None, ox.NamedNode(predicate), node), None):
                return True
        return False

    def _classes(self, node: ox.NamedNode | ox.BlankNode) -> set[str]:
        """The node's types and all their superclasses."""
        known = self._types.get(node)
        if known is not None:
            return known
        found: set[str] = set()
        pending = [
            q.object.value
            for q in self.store.quads_for_pattern(node, ox.NamedNode(str(RDF.type)), None)
            if isinstance(q.object, ox.NamedNode)
        ]
        while pending:
            cls = pending.pop()
            if cls not in found:
                found.add(cls)
                pending.extend(self._parents.get(cls, ()))
        self._types[node] = found
        return found


def _is_true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"


def _fill(message: rdflib.Literal, bound: dict[str, object]) -> rdflib.Literal:
    def substitute(m: re.Match[str]) -> str:
        term = bound.get(m.group(1))
        if term is None:
            return m.group(0)
        return term.value if hasattr(term, "value") else str(term)

    text = _MESSAGE_VARIABLE.sub(substitute, str(message))
    return rdflib.Literal(text, lang=message.language, datatype=message.datatype)


def to_rdflib(term: object) -> rdflib.term.Node:
    """A pyoxigraph term as rdflib's."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def store_from_rdflib(graph: rdflib.Graph) -> ox.Store:
    """An in-memory Oxigraph store holding ``graph`` in its default graph."""
    return store_from_ntriples(graph.serialize(format="nt", encoding="utf-8"))


def store_from_ntriples(data: str | bytes) -> ox.Store:
    """An in-memory Oxigraph store holding N-Triples ``data`` in its default graph."""
    store = ox.Store()
    store.bulk_load(data.encode() if isinstance(data, str) else data, ox.RdfFormat.N_TRIPLES)
    return store


def merge_named_graphs(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph (SHACL validates one graph).

    Shared nodes (a concept, a period) sit in many report graphs; in the default graph they are
    one set of triples, so joins and sums do not count them once per graph.
    """
    if next(iter(store.named_graphs()), None) is None:
        return
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
