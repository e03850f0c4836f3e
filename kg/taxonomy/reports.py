"""What one report of a filing presents, from the filing's MetaLinks.json.

An R page is one report (one presentation role). MetaLinks lists, for every element of the
filing, the roles it is presented in, its labels in that filing and its calculation parent in
each role. So once a text page's title names its report, the page's rows can only be the
elements that report presents, under the labels the filing gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import QName
from kg.taxonomy.metalinks import MetaLinks


@dataclass(frozen=True, slots=True)
class ReportDictionary:
    """The elements one report presents, with their labels (role, text) in the filing and
    their calculation parent (element, weight) in the report's role."""

    source: str  # the MetaLinks.json it comes from
    role: str
    short_name: str
    labels: dict[QName, tuple[tuple[str, str], ...]]
    parents: dict[QName, tuple[QName, float]]


def report_dictionaries(links: MetaLinks, source: str) -> list[ReportDictionary]:
    """One dictionary per report of ``links``. Elements presented nowhere (the abstracts at
    the top of each tree) may head any report, so every dictionary has them."""
    roots = {q for q, roles in links.presentation.items() if not roles}
    out = []
    for report in links.reports.values():
        if not report.role or not report.short_name:
            continue
        presented = roots | {q for q, roles in links.presentation.items() if report.role in roles}
        parents = {
            qname: (arc.parent, arc.weight)
            for qname in presented
            for arc in links.calculation.get(qname, ())
            if arc.role == report.role
        }
        labels = {q: links.elements[q].labels for q in sorted(presented, key=str)}
        out.append(ReportDictionary(source, report.role, report.short_name, labels, parents))
    return out


def normalize_title(text: str) -> str:
    return " ".join(text.split())


def names_report(title: str, short_name: str) -> bool:
    """Whether a page title is this report's: the short name, then maybe promoted members
    and the unit, each after " - " (the renderer's ReportName)."""
    title, short_name = normalize_title(title), normalize_title(short_name)
    return title == short_name or title.startswith(short_name + " - ")


def merge_reports(reports: list[ReportDictionary]) -> ReportDictionary:
    """Reports of one name in several filings as one: every element any presents, with all
    their labels; a calculation parent only where the filings agree on it."""
    if len(reports) == 1:
        return reports[0]
    labels: dict[QName, tuple[tuple[str, str], ...]] = {}
    parents: dict[QName, set[tuple[QName, float]]] = {}
    for report in reports:
        for qname, pairs in report.labels.items():
            labels[qname] = tuple(dict.fromkeys(labels.get(qname, ()) + pairs))
        for qname, parent in report.parents.items():
            parents.setdefault(qname, set()).add(parent)
    agreed = {q: found.pop() for q, found in parents.items() if len(found) == 1}
    first = reports[0]
    return ReportDictionary(first.source, first.role, first.short_name, labels, agreed)
