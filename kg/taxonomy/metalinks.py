"""A filing's MetaLinks.json: every element's labels, documentation, type and references,
the reports (roles) it is presented in and its calculation parents, and every report's role,
names, menu category and order.

MetaLinks knows no period types; its "xbrltype" is the item type without prefix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.model import QName, Reference
from kg.taxonomy.elements import DOCUMENTATION, Element

_REFERENCE_KEYS = ("role",)


@dataclass(frozen=True, slots=True)
class MetaReport:
    """One report as MetaLinks lists it (keyed by its R number, e.g. "R2")."""

    key: str
    role: str | None
    long_name: str | None
    short_name: str | None
    menu_category: str | None
    order: int | None
    group_type: str | None


@dataclass(frozen=True, slots=True)
class Calculation:
    """One calculation arc in one role: the element adds to ``parent`` with ``weight``."""

    role: str
    parent: QName
    weight: float


@dataclass(frozen=True, slots=True)
class MetaLinks:
    elements: dict[QName, Element]
    reports: dict[str, MetaReport]
    presentation: dict[QName, tuple[str, ...]] = field(default_factory=dict)  # roles shown in
    calculation: dict[QName, tuple[Calculation, ...]] = field(default_factory=dict)


def read_metalinks(path: str | Path) -> MetaLinks:
    """Parse MetaLinks.json (renderer version 2.x and later). Raises ``SourceError``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(str(path), f"not a readable MetaLinks.json: {exc}") from exc
    references = data.get("std_ref", {})
    links = MetaLinks({}, {})
    for instance in data.get("instance", {}).values():
        for key, tag in instance.get("tag", {}).items():
            element = _element(key, tag, references)
            if element is None or element.qname in links.elements:
                continue
            links.elements[element.qname] = element
            links.presentation[element.qname] = tuple(tag.get("presentation") or ())
            links.calculation[element.qname] = _calculations(tag.get("calculation") or {})
        for key, report in instance.get("report", {}).items():
            links.reports[key] = _report(key, report)
    return links


def _element(key: str, tag: dict[str, Any], references: dict[str, Any]) -> Element | None:
    prefix, _, local = key.partition("_")
    local = tag.get("localname") or local
    if not prefix or not local:
        return None
    roles = tag.get("lang", {}).get("en-us", {}).get("role", {})
    labels = tuple((role, text) for role, text in roles.items() if role != DOCUMENTATION)
    xbrl_type = tag.get("xbrltype")
    return Element(
        qname=QName(prefix, local),
        labels=labels,
        documentation=roles.get(DOCUMENTATION),
        data_type=xbrl_type,
        balance=tag.get("crdr"),
        abstract=(xbrl_type == "stringItemType" and local.endswith("Abstract")) or None,
        references=tuple(
            _reference(references[r]) for r in tag.get("auth_ref", ()) if r in references
        ),
    )


def _calculations(raw: dict[str, Any]) -> tuple[Calculation, ...]:
    arcs = []
    for role, arc in raw.items():
        prefix, _, local = str(arc.get("parentTag") or "").partition("_")
        weight = arc.get("weight")
        if prefix and local and isinstance(weight, int | float):
            arcs.append(Calculation(role, QName(prefix, local), float(weight)))
    return tuple(arcs)


def _reference(raw: dict[str, Any]) -> Reference:
    parts = tuple((k, str(v)) for k, v in raw.items() if k not in _REFERENCE_KEYS)
    return Reference(str(raw.get("role", "")), parts)


def _report(key: str, raw: dict[str, Any]) -> MetaReport:
    order = raw.get("order")
    return MetaReport(
        key=key,
        role=raw.get("role"),
        long_name=raw.get("longName"),
        short_name=raw.get("shortName"),
        menu_category=raw.get("menuCat"),
        order=int(str(order)) if str(order or "").isdigit() else None,
        group_type=raw.get("groupType"),
    )
