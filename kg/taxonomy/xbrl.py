"""XBRL schemas and linkbases: element declarations, labels, documentation and references.

Reads what a taxonomy package (FASB us-gaap, SRT, SEC dei) or a filing's company schema and
linkbases say about each element. Locators point at elements by ``schema.xsd#id``; the id is
resolved through the schemas read alongside, else read as the usual ``prefix_LocalName``.
Labels keep their role's short name (``label``, ``terseLabel``, ``periodStartLabel``...), the
last segment of the role URI, as MetaLinks.json and the renderer name them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from kg.errors import TaxonomyError
from kg.model import PeriodType, QName, Reference
from kg.taxonomy.elements import DOCUMENTATION, Element

XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

_ITEM_GROUPS = ("item", "tuple", "dimensionItem", "hypercubeItem")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Declared:
    qname: QName
    data_type: str | None
    balance: str | None
    period_type: PeriodType | None
    abstract: bool


@dataclass(slots=True)
class ElementTable:
    """What a set of schemas and linkbases says, element by element, before merging."""

    declared: dict[QName, _Declared] = field(default_factory=dict)
    ids: dict[str, QName] = field(default_factory=dict)  # schema id -> QName
    labels: dict[QName, list[tuple[str, str]]] = field(default_factory=dict)
    references: dict[QName, list[Reference]] = field(default_factory=dict)

    def elements(self) -> dict[QName, Element]:
        """One record per element that is declared or labelled."""
        names = list(self.declared) + [q for q in self.labels if q not in self.declared]
        out: dict[QName, Element] = {}
        for qname in names:
            declared = self.declared.get(qname)
            labels = list(dict.fromkeys(self.labels.get(qname, ())))
            documentation = next((text for role, text in labels if role == DOCUMENTATION), None)
            out[qname] = Element(
                qname=qname,
                labels=tuple((role, text) for role, text in labels if role != DOCUMENTATION),
                documentation=documentation,
                data_type=declared.data_type if declared else None,
                balance=declared.balance if declared else None,
                period_type=declared.period_type if declared else None,
                abstract=declared.abstract if declared else None,
                references=tuple(dict.fromkeys(self.references.get(qname, ()))),
            )
        return out


def file_kind(head: bytes) -> str | None:
    """ "schema", "linkbase" (labels or references) or None, from a file's first bytes."""
    text = head.decode("utf-8", errors="replace")
    root = _root_tag(text)
    if root is None:
        return None
    local = root.rpartition(":")[2]
    if local == "schema":
        return "schema"
    if local == "linkbase" and ("labelLink" in text or "referenceLink" in text):
        return "linkbase"
    if local == "linkbase" and not any(
        name in text for name in ("presentationLink", "calculationLink", "definitionLink")
    ):
        return "linkbase"  # the extended links start beyond the first bytes: read it to see
    return None


def _root_tag(text: str) -> str | None:
    for match in re.finditer(r"<([A-Za-z_][\w:.-]*)", text):
        return match.group(1)
    return None


def read_schema(table: ElementTable, source: IO[bytes]) -> None:
    """Add a schema's element declarations (and their ids) to ``table``."""
    tree = etree.parse(source, _parser())
    root = tree.getroot()
    target = root.get("targetNamespace")
    ns_prefix = next(
        (p for p, uri in (root.nsmap or {}).items() if p and uri == target and target), None
    )
    for node in root.iter(f"{{{XS}}}element"):
        name = node.get("name")
        group = (node.get("substitutionGroup") or "").rpartition(":")[2]
        if not name or group not in _ITEM_GROUPS:
            continue
        ident = node.get("id") or ""
        prefix = ident[: -len(name) - 1] if ident.endswith("_" + name) else ns_prefix
        if not prefix:
            continue
        qname = QName(prefix, name)
        period = node.get(f"{{{XBRLI}}}periodType")
        table.declared[qname] = _Declared(
            qname=qname,
            data_type=node.get("type"),
            balance=node.get(f"{{{XBRLI}}}balance"),
            period_type=PeriodType(period) if period in ("instant", "duration") else None,
            abstract=node.get("abstract") == "true",
        )
        if ident:
            table.ids[ident] = qname


def read_linkbase(table: ElementTable, source: IO[bytes]) -> None:
    """Add a linkbase's labels (every role, English) and references to ``table``."""
    tree = etree.parse(source, _parser())
    for link in tree.getroot().iter(f"{{{LINK}}}labelLink", f"{{{LINK}}}referenceLink"):
        locators: dict[str, list[QName]] = {}
        resources: dict[str, list[etree._Element]] = {}
        arcs: list[tuple[str, str]] = []
        for node in link:
            if not isinstance(node.tag, str):
                continue
            kind = node.get(f"{{{XLINK}}}type")
            label = node.get(f"{{{XLINK}}}label") or ""
            if kind == "locator":
                qname = _locate(table, node.get(f"{{{XLINK}}}href") or "")
                if qname is not None:
                    locators.setdefault(label, []).append(qname)
            elif kind == "resource":
                resources.setdefault(label, []).append(node)
            elif kind == "arc":
                arcs.append((node.get(f"{{{XLINK}}}from") or "", node.get(f"{{{XLINK}}}to") or ""))
        for start, end in arcs:
            for qname in locators.get(start, ()):
                for resource in resources.get(end, ()):
                    _add_resource(table, qname, resource)


def _add_resource(table: ElementTable, qname: QName, node: etree._Element) -> None:
    local = etree.QName(node).localname
    role = (node.get(f"{{{XLINK}}}role") or "").rstrip("/").rpartition("/")[2]
    if local == "label":
        lang = (node.get(f"{{{XML}}}lang") or "en").lower()
        text = _WS.sub(" ", "".join(node.itertext())).strip()
        if lang.startswith("en") and text:
            table.labels.setdefault(qname, []).append((role or "label", text))
    elif local == "reference":
        parts = tuple(
            (etree.QName(part).localname, _WS.sub(" ", part.text or "").strip())
            for part in node
            if isinstance(part.tag, str)
        )
        full_role = node.get(f"{{{XLINK}}}role") or ""
        table.references.setdefault(qname, []).append(Reference(full_role, parts))


def _locate(table: ElementTable, href: str) -> QName | None:
    fragment = href.rpartition("#")[2]
    if not fragment:
        return None
    known = table.ids.get(fragment)
    if known is not None:
        return known
    try:
        return QName.parse(fragment) if "_" in fragment else None
    except ValueError:
        return None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def read_tables(schemas: Iterable[IO[bytes]], linkbases: Iterable[IO[bytes]]) -> ElementTable:
    """Schemas first (so locators resolve through their ids), then linkbases."""
    table = ElementTable()
    for source in schemas:
        _read(read_schema, table, source)
    for source in linkbases:
        _read(read_linkbase, table, source)
    return table


def _read(
    reader: Callable[[ElementTable, IO[bytes]], None], table: ElementTable, source: IO[bytes]
) -> None:
    try:
        reader(table, source)
    except etree.XMLSyntaxError as exc:
        name = getattr(source, "name", None) or "a taxonomy file"
        raise TaxonomyError(f"{name}:{exc.lineno}: not well-formed XML ({exc.msg})") from exc
