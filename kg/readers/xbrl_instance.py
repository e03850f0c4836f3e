"""Facts of an XBRL instance document (``*_htm.xml`` or ``*.xml``): concept, context, unit, value.

Used to hold the R-page readers to the filing's own numbers; contexts give each fact's period
(instant, or start and end) and its dimensions (explicit axis=member, or typed values).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from kg.errors import SourceError
from kg.model import QName

_XBRLI = "http://www.xbrl.org/2003/instance"
_XBRLDI = "http://xbrl.org/2006/xbrldi"
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_SKIPPED = {_XBRLI, "http://www.xbrl.org/2003/linkbase"}


@dataclass(frozen=True, slots=True)
class Context:
    id: str
    instant: dt.date | None
    start: dt.date | None
    end: dt.date | None
    dimensions: frozenset[tuple[QName, str]]  # (axis, member QName text or typed value)


@dataclass(frozen=True, slots=True)
class InstanceFact:
    concept: QName
    context: Context
    unit: str | None  # "USD", "shares", "USD/shares", "pure"
    value: str
    decimals: str | None
    nil: bool

    @property
    def number(self) -> Decimal | None:
        try:
            return Decimal(self.value)
        except InvalidOperation:
            return None


def read_instance(path: str | Path) -> list[InstanceFact]:
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise SourceError(str(path), f"not a readable XBRL instance: {exc}") from exc
    contexts = {c.id: c for c in map(_context, root.iter(f"{{{_XBRLI}}}context"))}
    units = {u.get("id", ""): _unit(u) for u in root.iter(f"{{{_XBRLI}}}unit")}
    facts = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        namespace, _, local = element.tag[1:].partition("}")
        context = element.get("contextRef")
        if namespace in _SKIPPED or context not in contexts:
            continue
        prefix = element.prefix or _prefix_for(root, namespace)
        facts.append(
            InstanceFact(
                concept=QName(prefix, local),
                context=contexts[context],
                unit=units.get(element.get("unitRef", "")),
                value=(element.text or "").strip(),
                decimals=element.get("decimals"),
                nil=element.get(_XSI_NIL) == "true",
            )
        )
    return facts


def _prefix_for(root: etree._Element, namespace: str) -> str:
    for prefix, uri in root.nsmap.items():
        if uri == namespace and prefix:
            return str(prefix)
    return namespace


def _context(node: etree._Element) -> Context:
    def date(tag: str) -> dt.date | None:
        text = node.findtext(f".//{{{_XBRLI}}}{tag}")
        return dt.date.fromisoformat(text.strip()[:10]) if text else None

    dimensions: set[tuple[QName, str]] = set()
    for member in node.iter(f"{{{_XBRLDI}}}explicitMember"):
        dimensions.add(
            (_qname(member, member.get("dimension", "")), _qname_text(member, member.text or ""))
        )
    for member in node.iter(f"{{{_XBRLDI}}}typedMember"):
        value = "".join(member.itertext()).strip()
        dimensions.add((_qname(member, member.get("dimension", "")), value))
    return Context(
        node.get("id", ""),
        date("instant"),
        date("startDate"),
        date("endDate"),
        frozenset(dimensions),
    )


def _qname(node: etree._Element, text: str) -> QName:
    prefix, _, local = text.strip().partition(":")
    return QName(prefix, local) if local else QName("", prefix)


def _qname_text(node: etree._Element, text: str) -> str:
    return str(_qname(node, text))


def _unit(node: etree._Element) -> str:
    def measures(path: str) -> list[str]:
        return [m.text.strip().rpartition(":")[2] for m in node.iterfind(path) if m.text]

    numerator = measures(f"{{{_XBRLI}}}divide/{{{_XBRLI}}}unitNumerator/{{{_XBRLI}}}measure")
    if numerator:
        denominator = measures(
            f"{{{_XBRLI}}}divide/{{{_XBRLI}}}unitDenominator/{{{_XBRLI}}}measure"
        )
        return "/".join(["*".join(numerator), "*".join(denominator)])
    return "*".join(measures(f"{{{_XBRLI}}}measure"))
