"""SHACL Core shapes compiled to SPARQL and run set-at-a-time on Oxigraph.

pySHACL checks Core constraints focus node by focus node in Python: about 65 facts a second on
``shapes/structure.ttl``, an hour for a million facts. Here each constraint of a node shape
becomes a SELECT over the whole store that returns the focus nodes (and values) breaking it,
which Oxigraph answers in seconds; the counts of one node shape share one SELECT. The results
are those pySHACL gives (tests compare them on a graph seeded with defects and on every kind
of target).

Supported, which is what our shapes use: node shapes with sh:targetClass (and rdfs:subClassOf),
sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf (implicit class targets go to
pySHACL); property shapes whose sh:path is one IRI; sh:minCount, sh:maxCount, sh:class,
sh:datatype, sh:minInclusive, sh:maxInclusive, sh:minExclusive, sh:maxExclusive,
sh:minLength, sh:maxLength, sh:pattern (with sh:flags), sh:in, sh:hasValue, and sh:not,
sh:and, sh:or over shapes built of the same; sh:message, sh:severity, sh:deactivated. A node
shape using anything else is left to pySHACL whole.

Classes count their subclasses and the individuals the ontology types (``xkg:Details`` is a
``xkg:ReportKind``), as when the ontology is mixed into the data for pySHACL; the ontology is
given as triples and never written into the store.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.errors import ShapesError
from kg.shacl_sparql import TARGET_PREDICATES, to_rdflib

_ANNOTATIONS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.order,
    SH.group,
}
_COMPONENT: dict[rdflib.term.Node, rdflib.URIRef] = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
}
# Datatypes whose lexical forms Oxigraph can check by casting; an ill-formed literal of one
# breaks sh:datatype, as in pySHACL.
_CASTABLE = {
    "http://www.w3.org/2001/XMLSchema#" + name
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime")
}


class Unsupported(Exception):
    """A shape uses SHACL this compiler does not cover; pySHACL runs it instead."""


@dataclass(frozen=True, slots=True)
class CoreCheck:
    """One constraint of one shape as a SELECT ``?this ?value`` of the nodes breaking it."""

    source_shape: rdflib.term.Node  # the property shape, or the node shape for node-level ones
    component: rdflib.URIRef
    path: rdflib.URIRef | None
    query: str
    messages: tuple[rdflib.Literal, ...]
    severity: rdflib.URIRef
    # Checks can share one query (run once): then a row is this check's when it binds this
    # variable to true.
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class CoreResult:
    check: CoreCheck
    focus: rdflib.term.Node
    value: rdflib.term.Node | None


@dataclass
class CompiledShapes:
    checks: list[CoreCheck] = field(default_factory=list)
    left: list[rdflib.term.Node] = field(default_factory=list)  # node shapes for pySHACL


@dataclass
class _Classes:
    """Subclasses and typed individuals of each class, from the ontology and the shapes."""

    subclasses: dict[str, set[str]]
    individuals: dict[str, set[str]]

    @classmethod
    def of(cls, *graphs: rdflib.Graph) -> _Classes:
        parents: dict[str, set[str]] = {}
        typed: dict[str, set[str]] = {}
        for graph in graphs:
            for child, parent in graph.subject_objects(RDFS.subClassOf):
                if isinstance(child, rdflib.URIRef) and isinstance(parent, rdflib.URIRef):
                    parents.setdefault(str(child), set()).add(str(parent))
            for node, kind in graph.subject_objects(RDF.type):
                if isinstance(node, rdflib.URIRef) and isinstance(kind, rdflib.URIRef):
                    typed.setdefault(str(kind), set()).add(str(node))
        subclasses: dict[str, set[str]] = {}
        for name in parents:
            for ancestor in _ancestors(name, parents):
                subclasses.setdefault(ancestor, set()).add(name)
        individuals: dict[str, set[str]] = {}
        for class_name, nodes in typed.items():
            for ancestor in {class_name} | _ancestors(class_name, parents):
                individuals.setdefault(ancestor, set()).update(nodes)
        return cls(subclasses, individuals)

    def members(self, cls: str) -> tuple[list[str], list[str]]:
        """The class with its subclasses, and the individuals typed outside the data."""
        return sorted({cls} | self.subclasses.get(cls, set())), sorted(
            self.individuals.get(cls, set())
        )


def _ancestors(cls: str, parents: dict[str, set[str]]) -> set[str]:
    found: set[str] = set()
    pending = list(parents.get(cls, ()))
    while pending:
        parent = pending.pop()
        if parent not in found:
            found.add(parent)
            pending.extend(parents.get(parent, ()))
    return found


def compile_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph | None = None) -> CompiledShapes:
    """Every targeted node shape of ``shapes`` as checks, or listed as left to pySHACL."""
    classes = _Classes.of(*(g for g in (ontology, shapes) if g is not None))
    compiled = CompiledShapes()
    node_shapes = {s for p in TARGET_PREDICATES for s in shapes.subjects(p, None)}
    # A shape that is also a class targets its instances implicitly: left to pySHACL.
    implicit = {
        s
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, OWL.Class) in shapes
    }
    compiled.left.extend(sorted(implicit, key=str))
    node_shapes -= implicit
    for shape in sorted(node_shapes, key=str):
        if _true(shapes.value(shape, SH.deactivated)):
            continue
        try:
            checks = list(_Compiler(shapes, classes).node_shape(shape))
        except Unsupported:
            compiled.left.append(shape)
            continue
        compiled.checks.extend(checks)
    return compiled


def run_checks(
    store: ox.Store, checks: Iterable[CoreCheck], *, workers: int = 1
) -> Iterator[CoreResult]:
    """Each check's query over the store's default graph, one result per (focus, value).

    A query shared by several checks runs once. With ``workers`` > 1, queries run that many at
    a time on threads (Oxigraph lets go of the GIL while it evaluates a query). Results come
    query by query, in the order the checks first name them, whichever query finishes first.
    """
    groups = by_query(checks)
    if workers <= 1 or len(groups) <= 1:
        for group in groups:
            yield from _run_query(store, group)
        return
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for found in pool.map(lambda group: list(_run_query(store, group)), groups):
            yield from found
    finally:
        pool.shutdown(cancel_futures=True)


def by_query(checks: Iterable[CoreCheck]) -> list[list[CoreCheck]]:
    """The checks grouped by the query they share (a node shape's counts share one), in the
    order the checks first name each query."""
    groups: dict[str, list[CoreCheck]] = {}
    for check in checks:
        groups.setdefault(check.query, []).append(check)
    return list(groups.values())


_TRUE = ox.Literal(True)


def _run_query(store: ox.Store, checks: list[CoreCheck]) -> Iterator[CoreResult]:
    """The results of the checks sharing one query."""
    try:
        rows = _solutions(store, checks[0].query, [c.flag for c in checks if c.flag])
        for this, value, flags in rows:
            focus = to_rdflib(this)
            for check in checks:
                if check.flag is None or flags[check.flag] == _TRUE:
                    yield CoreResult(check, focus, to_rdflib(value) if value is not None else None)
    except (SyntaxError, OSError, ValueError) as exc:
        shape = checks[0].source_shape
        raise ShapesError(f"compiled check of {shape} failed: {exc}") from exc


_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _solutions(
    store: ox.Store, query: str, flags: list[str]
) -> list[tuple[_Term, _Term | None, dict[str, _Term | None]]]:
    """A query's rows as plain terms. The solutions object may only be dropped on the thread
    that made it: a log record of rdflib's, made while converting a row on a worker thread
    ("abc"^^xsd:integer), holds the frame and would drop it on another."""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return [(s["this"], s["value"], {flag: s[flag] for flag in flags}) for s in solutions]


@dataclass(frozen=True, slots=True)
class _Count:
    """A sh:minCount or sh:maxCount, compiled with the shape's other counts."""

    check: tuple[rdflib.term.Node, rdflib.URIRef, rdflib.URIRef]  # shape, component, path
    report: tuple[tuple[rdflib.Literal, ...], rdflib.URIRef]  # messages, severity
    path: rdflib.URIRef
    count: int

    @property
    def component(self) -> rdflib.URIRef:
        return self.check[1]


class _Compiler:
    def __init__(self, shapes: rdflib.Graph, classes: _Classes) -> None:
        self.shapes = shapes
        self.classes = classes
        self._names = itertools.count(1)
        # While a node-level test is compiled: each set of nodes it asks ?this to be in (a
        # pattern binding ?this) and the variable counting ?this in it.
        self._sets: dict[str, str] | None = None

    # -- top level: a query per constraint, one for all the counts of a node shape ---------

    def node_shape(self, shape: rdflib.term.Node) -> Iterator[CoreCheck]:
        messages = self._messages(shape)
        severity = self._severity(shape)
        counted: list[_Count] = []
        for predicate, obj in sorted(self.shapes.predicate_objects(shape), key=str):
            if predicate in _ANNOTATIONS or predicate in TARGET_PREDICATES or predicate == SH.flags:
                continue
            if predicate == SH.property:
                yield from self._property_checks(obj, shape, counted)
            elif predicate in _COMPONENT and predicate not in (SH.minCount, SH.maxCount):
                query = self._node_check(predicate, obj, shape)
                yield CoreCheck(shape, _COMPONENT[predicate], None, query, messages, severity)
            else:
                raise Unsupported(str(predicate))
        yield from self._count_checks(shape, counted)

    # Oxigraph answers a join of the focus nodes with their values by looking each focus node
    # up in the index (about 5 us a lookup on disk), and EXISTS the same way: a million facts
    # then cost seconds per constraint. Scanning a path's triples (an index range) and grouping
    # or joining by hash is several times faster. So constraints on values look at all the
    # path's triples first and test whether a subject is a focus node only for the few that
    # break them; counts and node-level tests group the focus nodes together with the path's
    # triples, in one pass (GROUP BY ?this over a UNION), which needs no join at all.

    def _grouped(self, shape: rdflib.term.Node, branches: list[str], columns: list[str]) -> str:
        """A SELECT of the focus nodes of ``shape`` with ``columns`` (aggregates) computed over
        the UNION of ``branches``, grouped by ?this: patterns that bind ?this."""
        focus = f"{{ {self._target(shape)} BIND (true AS ?focus) }}"
        union = " UNION ".join([focus, *(f"{{ {b} }}" for b in branches)])
        return (
            f"SELECT ?this {' '.join(columns)} WHERE {{ {union} }} "
            "GROUP BY ?this HAVING (COUNT(?focus) > 0)"
        )

    def _count_checks(self, shape: rdflib.term.Node, counted: list[_Count]) -> Iterator[CoreCheck]:
        """Every sh:minCount and sh:maxCount of the shape's properties in one query.

        The focus nodes and the triples of every counted path are grouped by subject in one
        pass; each check has its own variable, true for the nodes breaking it.
        """
        if not counted:
            return
        paths = {path: f"?n{i}" for i, path in enumerate(sorted({c.path for c in counted}), 1)}
        branches = [f"?this <{path}> {name}v" for path, name in paths.items()]
        columns = [f"(COUNT({name}v) AS {name})" for name in paths.values()]
        flags = []
        for i, count in enumerate(counted, 1):
            operator = "<" if count.component == SH.MinCountConstraintComponent else ">"
            flags.append((f"c{i}", f"{paths[count.path]} {operator} {count.count}"))
        # The few nodes breaking some count are kept first; only they get a column per check.
        breaking = " || ".join(f"({test})" for _, test in flags)
        binds = "".join(f" BIND ({test} AS ?{flag})" for flag, test in flags)
        query = (
            f"SELECT ?this {' '.join(f'?{flag}' for flag, _ in flags)} WHERE {{ "
            f"{{ {self._grouped(shape, branches, columns)} }} FILTER ({breaking}){binds} }}"
        )
        for (flag, _), count in zip(flags, counted, strict=True):
            yield CoreCheck(*count.check, query, *count.report, flag)

    def _node_check(
        self, predicate: rdflib.term.Node, obj: rdflib.term.Node, shape: rdflib.term.Node
    ) -> str:
        """Focus nodes failing a node-level constraint (sh:class, sh:not, sh:or ...).

        The test asks of each focus node whether it has some value on a path (EXISTS). Each
        such question is compiled instead to the set of nodes for which the answer is yes,
        grouped with the focus nodes in one pass; the test then asks whether the node was
        counted in the set.
        """
        self._sets = {}
        try:
            test = self._node_test("?this", predicate, obj, shape)
            sets = self._sets
        finally:
            self._sets = None
        branches = [f"{members} BIND (true AS {name}m)" for members, name in sets.items()]
        columns = [f"(COUNT({name}m) AS {name})" for name in sets.values()]
        grouped = self._grouped(shape, branches, columns)
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {{ {grouped} }} FILTER (!({test})) "
            "BIND (?this AS ?value) }"
        )

    def _has(self, var: str, pattern: str, members: str) -> str:
        """Whether ``pattern`` has a solution for the node in ``var`` (EXISTS), or in a
        node-level check of ?this, whether ?this is among ``members``: a pattern binding ?this
        to every node for which ``pattern`` has a solution."""
        if self._sets is None or var != "?this":
            return f"EXISTS {{ {pattern} }}"
        return f"({self._sets.setdefault(members, f'?in{len(self._sets) + 1}')} > 0)"

    def _property_checks(
        self, prop: rdflib.term.Node, shape: rdflib.term.Node, counted: list[_Count]
    ) -> Iterator[CoreCheck]:
        """The checks of one property shape; its counts go to ``counted``, for one query."""
        if _true(self.shapes.value(prop, SH.deactivated)):
            return
        path = self._path(prop)
        messages = self._messages(prop)
        severity = self._severity(prop)
        for predicate, obj in sorted(self.shapes.predicate_objects(prop), key=str):
            if predicate in _ANNOTATIONS or predicate in (SH.path, SH.flags):
                continue
            if predicate not in _COMPONENT:
                raise Unsupported(str(predicate))
            component = _COMPONENT[predicate]
            if predicate in (SH.minCount, SH.maxCount):
                check = (prop, component, path)
                counted.append(_Count(check, (messages, severity), path, _integer(obj)))
                continue
            if predicate == SH["class"]:
                query = self._value_class(shape, path, str(obj))
            else:
                test = self._node_test("?value", predicate, obj, prop)
                query = self._value_test(shape, path, test)
            yield CoreCheck(prop, component, path, query, messages, severity)

    def _value_class(self, shape: rdflib.term.Node, path: rdflib.URIRef, cls: str) -> str:
        """Values not typed with the class or a subclass (MINUS: a hash anti-join on the
        typed nodes, where EXISTS looks each value up), nor one of its individuals."""
        return self._focus_values(shape, self._untyped(path, cls))

    def _untyped(self, path: rdflib.URIRef, cls: str) -> str:
        """Pairs ``?this <path> ?value`` whose value is not an instance of ``cls``."""
        kinds, individuals = self.classes.members(cls)
        values = " ".join(f"<{k}>" for k in kinds)
        typed = f"?value <{RDF.type}> ?kind VALUES ?kind {{ {values} }}"
        untyped = f"?this <{path}> ?value MINUS {{ {typed} }}"
        if individuals:
            untyped += f" FILTER (!(?value IN ({', '.join(f'<{i}>' for i in individuals)})))"
        return untyped

    def _value_test(self, shape: rdflib.term.Node, path: rdflib.URIRef, test: str) -> str:
        """Values failing a test on the value alone (datatype, range, length, pattern, in)."""
        return self._focus_values(shape, f"?this <{path}> ?value FILTER (!({test}))")

    def _focus_values(self, shape: rdflib.term.Node, breaking: str) -> str:
        """The (subject, value) pairs of the pattern ``breaking`` whose subject is a focus node."""
        candidates = f"{{ SELECT ?this ?value WHERE {{ {breaking} }} }}"
        focus = self._target_test(shape)
        return f"SELECT DISTINCT ?this ?value WHERE {{ {candidates} FILTER ({focus}) }}"

    # -- conformance of one node to one constraint, as a SPARQL expression --------------------

    def _conforms(self, var: str, shape: rdflib.term.Node) -> str:
        """Whether the node in ``var`` conforms to ``shape`` (a node or property shape)."""
        tests = []
        path = self.shapes.value(shape, SH.path)
        for predicate, obj in sorted(self.shapes.predicate_objects(shape), key=str):
            if predicate in _ANNOTATIONS or predicate in (SH.path, SH.flags):
                continue
            if path is None:
                if predicate == SH.property:
                    tests.append(self._conforms(var, obj))
                else:
                    tests.append(self._node_test(var, predicate, obj, shape))
            else:
                tests.append(self._path_test(var, self._path(shape), predicate, obj, shape))
        return " && ".join(f"({t})" for t in tests) or "true"

    def _path_test(
        self,
        var: str,
        path: rdflib.URIRef,
        predicate: rdflib.term.Node,
        obj: rdflib.term.Node,
        shape: rdflib.term.Node,
    ) -> str:
        first, second = self._fresh(), self._fresh()
        valued = f"?this <{path}> ?value"
        if predicate == SH.minCount:
            count = _integer(obj)
            if count == 0:
                return "true"
            if count == 1:
                return self._has(var, f"{var} <{path}> {first}", valued)
        elif predicate == SH.maxCount:
            count = _integer(obj)
            if count == 0:
                return "!" + self._has(var, f"{var} <{path}> {first}", valued)
            if count == 1:
                pairs = (
                    f"{var} <{path}> {first} . {var} <{path}> {second} "
                    f"FILTER (!sameTerm({first}, {second}))"
                )
                return "!" + self._has(var, pairs, f"{{ {_more_than(path, 1)} }}")
        elif predicate in _COMPONENT:
            test = self._node_test(first, predicate, obj, shape)
            breaking = f"{var} <{path}> {first} FILTER (!({test}))"
            return "!" + self._has(var, breaking, self._breaking(path, predicate, obj, shape))
        raise Unsupported(f"{predicate} {obj} in a nested property shape")

    def _breaking(
        self,
        path: rdflib.URIRef,
        predicate: rdflib.term.Node,
        obj: rdflib.term.Node,
        shape: rdflib.term.Node,
    ) -> str:
        """Pairs ``?this <path> ?value`` whose value fails one constraint."""
        if predicate == SH["class"]:
            return self._untyped(path, str(obj))
        test = self._node_test("?value", predicate, obj, shape)
        return f"?this <{path}> ?value FILTER (!({test}))"

    def _node_test(
        self, var: str, predicate: rdflib.term.Node, obj: rdflib.term.Node, shape: rdflib.term.Node
    ) -> str:
        """Whether the node in ``var`` meets one node-level constraint."""
        if predicate == SH["class"]:
            return self._instance_of(var, str(obj))
        if predicate == SH["not"]:
            return f"!({self._conforms(var, obj)})"
        if predicate == SH["and"]:
            return " && ".join(f"({self._conforms(var, s)})" for s in self._list(obj))
        if predicate == SH["or"]:
            return " || ".join(f"({self._conforms(var, s)})" for s in self._list(obj))
        if predicate == SH.datatype:
            test = f"isLiteral({var}) && sameTerm(datatype({var}), <{obj}>)"
            if str(obj) in _CASTABLE:
                test += f' && !sameTerm(COALESCE(<{obj}>(STR({var})), "\\u0000"), "\\u0000")'
            return test
        if predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            operators: dict[rdflib.term.Node, str] = {
                SH.minInclusive: ">=",
                SH.maxInclusive: "<=",
                SH.minExclusive: ">",
                SH.maxExclusive: "<",
            }
            operator = operators[predicate]
            return f"COALESCE({var} {operator} {_term(obj)}, false)"
        if predicate == SH.minLength:
            return f"!isBlank({var}) && STRLEN(STR({var})) >= {_integer(obj)}"
        if predicate == SH.maxLength:
            return f"!isBlank({var}) && STRLEN(STR({var})) <= {_integer(obj)}"
        if predicate == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            arguments = f"STR({var}), {_term(rdflib.Literal(str(obj)))}"
            if flags is not None:
                arguments += f", {_term(rdflib.Literal(str(flags)))}"
            return f"!isBlank({var}) && REGEX({arguments})"
        if predicate == SH["in"]:
            return " || ".join(f"sameTerm({var}, {_term(t)})" for t in self._list(obj)) or "false"
        if predicate == SH.hasValue:
            return f"sameTerm({var}, {_term(obj)})"
        raise Unsupported(str(predicate))

    def _instance_of(self, var: str, cls: str) -> str:
        kinds, individuals = self.classes.members(cls)
        kind = self._fresh()
        values = " ".join(f"<{k}>" for k in kinds)
        typed = f"{var} <{RDF.type}> {kind} VALUES {kind} {{ {values} }}"
        instances = f"?this <{RDF.type}> ?kind VALUES ?kind {{ {values} }}"
        test = self._has(var, typed, instances)
        if individuals:
            test += f" || {var} IN ({', '.join(f'<{i}>' for i in individuals)})"
        return test

    # -- pieces ---------------------------------------------------------------------------

    def _target(self, shape: rdflib.term.Node) -> str:
        """A pattern binding ?this to the focus nodes of ``shape``."""
        parts = []
        for cls in sorted(self.shapes.objects(shape, SH.targetClass), key=str):
            kinds, individuals = self.classes.members(str(cls))
            values = " ".join(f"<{k}>" for k in kinds)
            parts.append(
                f"{{ ?this <{RDF.type}> ?targetClass VALUES ?targetClass {{ {values} }} }}"
            )
            if individuals:
                parts.append(f"{{ VALUES ?this {{ {' '.join(f'<{i}>' for i in individuals)} }} }}")
        for node in sorted(self.shapes.objects(shape, SH.targetNode), key=str):
            parts.append(f"{{ VALUES ?this {{ {_term(node)} }} }}")
        for predicate in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?this <{predicate}> ?o }} }}")
        for predicate in sorted(self.shapes.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?s <{predicate}> ?this }} }}")
        if not parts:
            raise Unsupported("no target")
        # A node reached by several targets comes more than once: grouped by ?this after.
        return parts[0] if len(parts) == 1 else "{ " + " UNION ".join(parts) + " }"

    def _target_test(self, shape: rdflib.term.Node) -> str:
        """Whether ``?this`` is a focus node of ``shape``: ``_target`` as a test on one node."""
        tests = []
        for cls in sorted(self.shapes.objects(shape, SH.targetClass), key=str):
            tests.append(self._instance_of("?this", str(cls)))
        for node in sorted(self.shapes.objects(shape, SH.targetNode), key=str):
            tests.append(f"sameTerm(?this, {_term(node)})")
        for predicate in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            tests.append(f"EXISTS {{ ?this <{predicate}> ?targetObject }}")
        for predicate in sorted(self.shapes.objects(shape, SH.targetObjectsOf), key=str):
            tests.append(f"EXISTS {{ ?targetSubject <{predicate}> ?this }}")
        if not tests:
            raise Unsupported("no target")
        return " || ".join(f"({t})" for t in tests)

    def _path(self, shape: rdflib.term.Node) -> rdflib.URIRef:
        path = self.shapes.value(shape, SH.path)
        if not isinstance(path, rdflib.URIRef):
            raise Unsupported(f"sh:path {path}")
        return path

    def _list(self, node: rdflib.term.Node) -> list[rdflib.term.Node]:
        return list(Collection(self.shapes, node))

    def _messages(self, shape: rdflib.term.Node) -> tuple[rdflib.Literal, ...]:
        return tuple(
            m for m in self.shapes.objects(shape, SH.message) if isinstance(m, rdflib.Literal)
        )

    def _severity(self, shape: rdflib.term.Node) -> rdflib.URIRef:
        severity = self.shapes.value(shape, SH.severity)
        return severity if isinstance(severity, rdflib.URIRef) else SH.Violation

    def _fresh(self) -> str:
        return f"?v{next(self._names)}"


def _more_than(path: rdflib.URIRef, count: int) -> str:
    """A SELECT of the nodes with more than ``count`` values on ``path``.

    COUNT(*) counts distinct values: a subject's triples with one predicate in one graph differ
    in their objects. COUNT(DISTINCT) would keep a set per subject, at twice the time.
    """
    return (
        f"SELECT ?this WHERE {{ ?this <{path}> ?value }} GROUP BY ?this HAVING (COUNT(*) > {count})"
    )


def _integer(term: rdflib.term.Node) -> int:
    if isinstance(term, rdflib.Literal) and isinstance(term.toPython(), int):
        return int(term.toPython())
    raise Unsupported(f"count {term}")


def _term(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise Unsupported(f"blank node {term} as a value")


def _true(value: rdflib.term.Node | None) -> bool:
    return isinstance(value, rdflib.Literal) and value.toPython() is True
