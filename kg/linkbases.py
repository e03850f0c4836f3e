"""What a filing folder's linkbases say that its R pages do not: sums and negated labels.

* The calculation linkbase (``*_cal.xml``): each summation is one total concept and its
  weighted contributing concepts within one extended link role, exactly as the filer declared
  them (XBRL 2.1 ``summation-item`` arcs, and the Calculation 1.1 arcrole). Prohibited arcs
  remove the arcs they prohibit.
* The presentation linkbase (``*_pre.xml``) with ``FilingSummary.xml``: which rows of which
  R page show a negated label. EdgarRenderer prints such a row's values with the sign flipped,
  so a calculation (declared on the instance's values) must flip them back.

Nothing here knows RDF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from kg.errors import SourceError
from kg.model import QName

_LINK = "http://www.xbrl.org/2003/linkbase"
_XLINK = "http://www.w3.org/1999/xlink"
SUMMATION_ARCROLES = (
    "http://www.xbrl.org/2003/arcrole/summation-item",
    "https://xbrl.org/2023/arcrole/summation-item",
)


@dataclass(frozen=True, slots=True)
class Contribution:
    concept: QName
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Summation:
    """``total`` = sum of weight x contribution, for facts of one context and unit."""

    role: str
    total: QName
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True, slots=True)
class CalculationLinkbase:
    path: str
    sha256: str
    summations: tuple[Summation, ...]


def find_linkbases(folder: Path) -> list[Path]:
    """The calculation linkbases of a filing folder (``*_cal.xml``), sorted."""
    return sorted(p for p in folder.glob("*_cal.xml") if p.is_file())


def read_linkbase(path: str | Path) -> CalculationLinkbase:
    """Read one calculation linkbase. Raises ``SourceError`` when it is not one."""
    data, root = _parse(path)
    if root.tag != f"{{{_LINK}}}linkbase":
        raise SourceError(str(path), "not an XBRL linkbase")
    summations: list[Summation] = []
    for link in root.iter(f"{{{_LINK}}}calculationLink"):
        summations.extend(_summations(link))
    return CalculationLinkbase(str(path), hashlib.sha256(data).hexdigest(), tuple(summations))


def _summations(link: etree._Element) -> Iterable[Summation]:
    role = link.get(f"{{{_XLINK}}}role") or ""
    locators = _locators(link)
    arcs: dict[tuple[QName, QName], tuple[float, Decimal, float]] = {}
    prohibited: dict[tuple[QName, QName], float] = {}
    for arc in link.iter(f"{{{_LINK}}}calculationArc"):
        if arc.get(f"{{{_XLINK}}}arcrole") not in SUMMATION_ARCROLES:
            continue
        total = locators.get(arc.get(f"{{{_XLINK}}}from") or "")
        item = locators.get(arc.get(f"{{{_XLINK}}}to") or "")
        weight = _decimal(arc.get("weight"))
        if total is None or item is None or weight is None:
            continue
        priority = float(arc.get("priority") or 0)
        if arc.get("use") == "prohibited":
            prohibited[(total, item)] = max(priority, prohibited.get((total, item), priority))
            continue
        order = float(arc.get("order") or 1)
        arcs[(total, item)] = (order, weight, priority)
    by_total: dict[QName, list[tuple[float, Contribution]]] = {}
    for (total, item), (order, weight, priority) in arcs.items():
        if (total, item) in prohibited and prohibited[(total, item)] >= priority:
            continue
        by_total.setdefault(total, []).append((order, Contribution(item, weight)))
    for total in sorted(by_total):
        ordered = sorted(by_total[total], key=lambda pair: (pair[0], pair[1].concept))
        yield Summation(role, total, tuple(c for _, c in ordered))


def _qname_of_href(href: str) -> QName | None:
    """``...us-gaap-2024.xsd#us-gaap_AssetsCurrent`` -> us-gaap:AssetsCurrent (by convention,
    an element's id is its prefix and local name joined by '_')."""
    fragment = href.rpartition("#")[2]
    prefix, sep, local = fragment.partition("_")
    if not sep or not prefix or not local:
        return None
    return QName(prefix, local)


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


# -- negated labels --------------------------------------------------------------------------


def negated_rows(folder: Path) -> dict[str, dict[QName, bool]]:
    """For each R page of a filing folder (by HTML file name), the concepts its rows show with
    a negated label (True) or a plain one (False). A concept presented both ways in one role is
    left out: which row is which is not decided here. Empty without FilingSummary.xml or a
    presentation linkbase."""
    summary = folder / "FilingSummary.xml"
    presentations = sorted(folder.glob("*_pre.xml"))
    if not summary.is_file() or not presentations:
        return {}
    roles = _report_roles(summary)
    labels: dict[str, dict[QName, set[bool]]] = {}
    for path in presentations:
        _, root = _parse(path)
        for link in root.iter(f"{{{_LINK}}}presentationLink"):
            role = link.get(f"{{{_XLINK}}}role") or ""
            locators = _locators(link)
            by_concept = labels.setdefault(role, {})
            for arc in link.iter(f"{{{_LINK}}}presentationArc"):
                concept = locators.get(arc.get(f"{{{_XLINK}}}to") or "")
                if concept is None or arc.get("use") == "prohibited":
                    continue
                negated = "negated" in (arc.get("preferredLabel") or "").lower()
                by_concept.setdefault(concept, set()).add(negated)
    return {
        html: {c: next(iter(flags)) for c, flags in labels.get(role, {}).items() if len(flags) == 1}
        for html, role in roles.items()
    }


def _report_roles(summary: Path) -> dict[str, str]:
    _, root = _parse(summary)
    roles = {}
    for report in root.iter("Report"):
        html = report.findtext("HtmlFileName")
        role = report.findtext("Role")
        if html and role:
            roles[html.strip()] = role.strip()
    return roles


def _locators(link: etree._Element) -> dict[str, QName]:
    locators: dict[str, QName] = {}
    for loc in link.iter(f"{{{_LINK}}}loc"):
        qname = _qname_of_href(loc.get(f"{{{_XLINK}}}href") or "")
        label = loc.get(f"{{{_XLINK}}}label")
        if qname is not None and label:
            locators[label] = qname
    return locators


def _parse(path: str | Path) -> tuple[bytes, etree._Element]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise SourceError(str(path), f"not XML: {exc}", line=exc.lineno) from exc
    return data, root
