"""The HTML page of a resource, rebuilt from the graph.

A report page rebuilds the R page's table from its rows, columns and facts, each number linking
to its fact; a fact page shows its cell, concept, period, unit and members; a concept (or
member, period, unit, row, column...) page lists the facts that use it across reports; any
other resource gets its statements and what links to it. Every page ends with all of the
resource's triples, so nothing in the data is hidden by the layout.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.publish.describe import GraphView, sort_key
from kg.publish.html import (
    Links,
    Site,
    esc,
    link,
    literal_html,
    node_link,
    page,
    short_text,
    term_html,
)
from kg.rdf.namespaces import DEFINITION, DERIVED_FROM, LABEL, TITLE, TYPE, xkg

FACT_TYPES = frozenset({xkg("Fact"), xkg("TextBlockFact")})
MAX_FACTS = 500  # rows of a facts table on one page
MAX_INCOMING = 300  # other links to a resource listed on its page

_ROW_CLASSES = {
    xkg("LineRow"): "line",
    xkg("AbstractRow"): "abstract",
    xkg("SegmentRow"): "segment",
    xkg("BalanceRow"): "balance",
}


def resource_page(view: GraphView, links: Links, site: Site, iri: str) -> str:
    """The HTML document for ``iri`` (which the graph mentions)."""
    types = view.types(iri)
    if xkg("Report") in types:
        body = _report(view, links, iri)
    elif types & FACT_TYPES:
        body = _fact(view, links, iri)
    else:
        body = _resource(view, links, iri, types)
    title = view.label(ox.NamedNode(iri))
    return page(title=short_text(title, 90), body=body, links=links, site=site, iri=iri)


# -- pieces --------------------------------------------------------------------------------


def _heading(view: GraphView, links: Links, iri: str, types: frozenset[str]) -> str:
    kinds = ", ".join(node_link(view, links, t) for t in sorted(types)) or "resource"
    return f'<h1>{esc(view.label(ox.NamedNode(iri)))}</h1>\n<p class="sub">{kinds}</p>'


def _statements(view: GraphView, links: Links, iri: str) -> str:
    """All outgoing triples grouped by predicate, then the incoming ones (capped)."""
    groups: dict[str, list[object]] = defaultdict(list)
    for triple in view.outgoing(iri):
        groups[triple.predicate.value].append(triple.object)
    rows = []
    for predicate in sorted(groups):
        values = "<br>".join(term_html(view, links, v) for v in groups[predicate])
        rows.append(f"<tr><th>{node_link(view, links, predicate)}</th><td>{values}</td></tr>")
    out = ["<h2>Statements</h2>", '<table class="props">', *rows, "</table>"]
    incoming = [t for t in view.incoming(iri) if not view.types(t.subject) & FACT_TYPES]
    if incoming:
        out.append(f"<h2>Referenced by ({len(incoming)})</h2>")
        out.append('<table class="props">')
        for triple in incoming[:MAX_INCOMING]:
            subject = triple.subject
            who = term_html(view, links, subject)
            out.append(
                f"<tr><th>{node_link(view, links, triple.predicate.value)} of</th>"
                f"<td>{who}</td></tr>"
            )
        out.append("</table>")
        if len(incoming) > MAX_INCOMING:
            out.append(_more(len(incoming), MAX_INCOMING))
    return "\n".join(out)


def _more(total: int, shown: int) -> str:
    return (
        f'<p class="note">Showing {shown} of {total}: the Turtle or JSON-LD document, or the '
        "SPARQL endpoint, has them all.</p>"
    )


@dataclass(frozen=True, slots=True)
class _FactRow:
    iri: str
    report: str
    report_label: str
    origin: str
    row_label: str
    row_index: int
    column_label: str
    column_index: int
    members: str
    display: str
    unit: str


def _fact_row(view: GraphView, iri: ox.NamedNode) -> _FactRow:
    report = view.value(iri, xkg("report"))
    row = view.value(iri, xkg("row"))
    column = view.value(iri, xkg("column"))
    unit = view.value(iri, xkg("unit"))
    return _FactRow(
        iri=iri.value,
        report=report.value if isinstance(report, ox.NamedNode) else "",
        report_label=view.label(report) if report is not None else "",
        origin=_origin(view, report) if isinstance(report, ox.NamedNode) else "",
        row_label=view.text(row, LABEL) if isinstance(row, ox.NamedNode) else "",
        row_index=(view.number(row, xkg("index")) or 0) if isinstance(row, ox.NamedNode) else 0,
        column_label=view.text(column, LABEL) if isinstance(column, ox.NamedNode) else "",
        column_index=(view.number(column, xkg("index")) or 0)
        if isinstance(column, ox.NamedNode)
        else 0,
        members=view.text(iri, xkg("memberPath")),
        display=view.text(iri, xkg("displayValue")),
        unit=view.label(unit) if unit is not None else "",
    )


def _origin(view: GraphView, report: ox.NamedNode) -> str:
    """Where a report comes from, so that equal titles of different filers differ: its
    filing's registrant, form and period end, or else the name of the file it was read from."""
    filing = view.value(report, xkg("filing"))
    if isinstance(filing, ox.NamedNode):
        entity = view.value(filing, xkg("entity"))
        parts = [
            view.text(entity, LABEL) if isinstance(entity, ox.NamedNode) else "",
            view.text(filing, xkg("form")),
            view.text(filing, xkg("periodEnd")),
        ]
        return " ".join(p for p in parts if p) or view.label(filing)
    source = view.value(report, DERIVED_FROM)
    path = view.text(source, xkg("path")) if isinstance(source, ox.NamedNode) else ""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def facts_table(view: GraphView, links: Links, facts: list[ox.NamedNode]) -> str:
    """Facts as a table across reports: report, row, column, members, value, unit."""
    rows = sorted(
        (_fact_row(view, f) for f in facts[: MAX_FACTS * 4]),
        key=lambda r: (r.report_label, r.origin, r.report, r.row_index, r.column_index, r.iri),
    )[:MAX_FACTS]
    reports = len({r.report for r in rows})
    out = [
        f"<h2>Facts ({len(facts)}, in {reports} report{'s' if reports != 1 else ''})</h2>",
        '<table class="facts">',
        "<thead><tr><th>Report</th><th>Row</th><th>Column</th><th>Members</th>"
        "<th>Value</th><th>Unit</th></tr></thead><tbody>",
    ]
    for r in rows:
        value = link(links.resource(r.iri), short_text(r.display, 80) or "(empty)")
        origin = (
            f'<br><span class="note">{esc(short_text(r.origin, 80))}</span>' if r.origin else ""
        )
        out.append(
            f"<tr><td>{link(links.resource(r.report), short_text(r.report_label, 80))}{origin}</td>"
            f"<td>{esc(short_text(r.row_label, 80))}</td>"
            f"<td>{esc(short_text(r.column_label, 60))}</td>"
            f"<td>{esc(short_text(r.members, 80))}</td>"
            f'<td class="num">{value}</td><td>{esc(r.unit)}</td></tr>'
        )
    out.append("</tbody></table>")
    if len(facts) > MAX_FACTS:
        out.append(_more(len(facts), MAX_FACTS))
    return "\n".join(out)


def _incoming_facts(view: GraphView, iri: str) -> list[ox.NamedNode]:
    subjects = {t.subject for t in view.incoming(iri) if isinstance(t.subject, ox.NamedNode)}
    return sorted((s for s in subjects if view.types(s) & FACT_TYPES), key=sort_key)


# -- a resource of any kind ----------------------------------------------------------------


def _resource(view: GraphView, links: Links, iri: str, types: frozenset[str]) -> str:
    out = [_heading(view, links, iri, types)]
    qname = view.text(iri, xkg("qname"))
    if qname:
        out.append(f'<p class="sub"><code>{esc(qname)}</code></p>')
    definition = view.text(iri, DEFINITION)
    if definition:
        out.append(f'<div class="text">{esc(definition)}</div>')
    facts = _incoming_facts(view, iri)
    if facts:
        out.append(facts_table(view, links, facts))
    out.append(_statements(view, links, iri))
    return "\n".join(out)


# -- a fact --------------------------------------------------------------------------------


def _fact(view: GraphView, links: Links, iri: str) -> str:
    node = ox.NamedNode(iri)
    row = _fact_row(view, node)
    concept = view.value(node, xkg("concept"))
    concept_label = view.label(concept) if concept is not None else "Fact"
    report_link = link(links.resource(row.report), row.report_label)
    cell_link = links.resource(row.report)
    column = view.value(node, xkg("column"))
    column_index = view.number(column, xkg("index")) if isinstance(column, ox.NamedNode) else None
    row_node = view.value(node, xkg("row"))
    row_index = view.number(row_node, xkg("index")) if isinstance(row_node, ox.NamedNode) else None
    anchor = f"#r{row_index}c{column_index}" if cell_link and row_index is not None else ""
    is_text = len(row.display) > 60
    cell_class = "txt hit" if is_text else "num hit"
    column_lines = "<br>".join(esc(p) for p in row.column_label.split(" | "))
    origin = f" · {esc(row.origin)}" if row.origin else ""
    out = [
        f"<h1>{esc(short_text(concept_label, 120))}</h1>",
        f'<p class="sub">A fact in {report_link}{origin}</p>',
        "<h2>The cell</h2>",
        '<table class="report cell">',
        f'<thead><tr><th class="title">{esc(row.report_label)}</th><th>{column_lines}</th></tr>'
        "</thead>",
        f'<tbody><tr class="line"><th>{esc(row.row_label)}</th>'
        f'<td class="{cell_class}">{esc(short_text(row.display, 400))}</td></tr></tbody>',
        "</table>",
    ]
    if cell_link:
        out.append(f"<p>{link(cell_link + anchor, 'See the cell in its table')}</p>")
    out.append('<dl class="fact">')
    value = view.value(node, xkg("value"))
    if isinstance(value, ox.Literal):
        out.append(f'<dt>Value</dt><dd class="value">{literal_html(value)}</dd>')
    items: list[tuple[str, str]] = [
        ("Displayed as", f'<span class="lit">{esc(short_text(row.display, 400))}</span>'),
    ]
    if concept is not None:
        qname = view.text(concept, xkg("qname"))
        concept_html = term_html(view, links, concept)
        code = f" <code>{esc(qname)}</code>" if qname else ""
        items.append(("Concept", concept_html + code))
    for label, predicate in (("Period", "period"), ("Unit", "unit")):
        target = view.value(node, xkg(predicate))
        if target is not None:
            items.append((label, term_html(view, links, target)))
    decimals = view.text(node, xkg("decimals"))
    if decimals:
        items.append(("Decimals", esc(decimals)))
    members = view.objects(node, xkg("member"))
    if members:
        entries: list[str] = []
        for member in members:
            axis = view.value(member, xkg("axis")) if isinstance(member, ox.NamedNode) else None
            on = f" on {term_html(view, links, axis)}" if axis is not None else ""
            entries.append(f"<li>{term_html(view, links, member)}{on}</li>")
        items.append(("Members", f'<ul class="plain">{"".join(entries)}</ul>'))
    for label, predicate in (("Footnotes", "footnote"), ("Read by rule", "uncertainty")):
        targets = view.objects(node, xkg(predicate))
        if targets:
            entries = []
            for target in targets:
                text = view.text(target, xkg("text")) if predicate == "footnote" else ""
                extra = f": {esc(short_text(text, 300))}" if text else ""
                entries.append(f"<li>{term_html(view, links, target)}{extra}</li>")
            items.append((label, f'<ul class="plain">{"".join(entries)}</ul>'))
    items.append(("Report", report_link))
    for label, predicate in (("Row", "row"), ("Column", "column")):
        target = view.value(node, xkg(predicate))
        if target is not None:
            items.append((label, term_html(view, links, target)))
    line = view.text(node, xkg("sourceLine"))
    if line:
        items.append(("Source line", esc(line)))
    out.extend(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items)
    out.append("</dl>")
    out.append(_statements(view, links, iri))
    return "\n".join(out)


# -- a report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    node: ox.NamedNode
    index: int
    label: str


def _lines(view: GraphView, report: str, kind: str) -> list[_Line]:
    nodes = [
        s for s in view.subjects(xkg("report"), ox.NamedNode(report)) if xkg(kind) in view.types(s)
    ]
    lines = [_Line(n, view.number(n, xkg("index")) or 0, view.text(n, LABEL)) for n in nodes]
    return sorted(lines, key=lambda line: (line.index, line.node.value))


def _report(view: GraphView, links: Links, iri: str) -> str:
    node = ox.NamedNode(iri)
    title = view.text(node, TITLE) or view.label(node)
    report_kind = view.value(node, xkg("kind"))
    columns = _lines(view, iri, "Column")
    rows = _lines(view, iri, "Row")
    cells: dict[tuple[str, str], ox.NamedNode] = {}
    for subject in view.subjects(xkg("report"), node):
        if view.types(subject) & FACT_TYPES:
            row_node = view.value(subject, xkg("row"))
            column_node = view.value(subject, xkg("column"))
            if isinstance(row_node, ox.NamedNode) and isinstance(column_node, ox.NamedNode):
                cells[(row_node.value, column_node.value)] = subject
    notes = [view.text(node, p) for p in (xkg("unitLabel"), xkg("scaleLabel"))]
    caption = " · ".join(esc(n) for n in notes if n)
    out = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="sub">Report{" · " + term_html(view, links, report_kind) if report_kind else ""}'
        f"{' · ' + caption if caption else ''} · {len(cells)} facts</p>",
        '<table class="report">',
        f'<thead><tr><th class="title">{esc(title)}</th>',
    ]
    for column in columns:
        header = "<br>".join(esc(p) for p in column.label.split(" | ")) or esc(column.index)
        out.append(f"<th>{link_html(links.resource(column.node.value), header)}</th>")
    out.append("</tr></thead>\n<tbody>")
    for line in rows:
        kind_iri = view.value(line.node, xkg("rowKind"))
        kind_name = kind_iri.value if isinstance(kind_iri, ox.NamedNode) else ""
        row_class = _ROW_CLASSES.get(kind_name, "line")
        concept = view.value(line.node, xkg("concept"))
        target = concept.value if isinstance(concept, ox.NamedNode) else line.node.value
        label = link(links.resource(target), line.label or "(no label)")
        tds = []
        for column in columns:
            fact = cells.get((line.node.value, column.node.value))
            cell_id = f"r{line.index}c{column.index}"
            if fact is None:
                tds.append(f'<td id="{cell_id}"></td>')
                continue
            display = view.text(fact, xkg("displayValue"))
            is_text = len(display) > 60 or xkg("TextBlockFact") in view.types(fact)
            shown = short_text(display, 200) if is_text else display
            cls = "txt" if is_text else "num"
            tds.append(
                f'<td id="{cell_id}" class="{cls}">'
                f"{link(links.resource(fact.value), shown or '(empty)')}</td>"
            )
        out.append(f'<tr class="{row_class}"><th>{label}</th>{"".join(tds)}</tr>')
    out.append("</tbody></table>")
    out.append(_report_notes(view, links, node))
    out.append(_statements(view, links, iri))
    return "\n".join(out)


def link_html(href: str | None, inner_html: str) -> str:
    """A link around HTML that is already escaped."""
    return inner_html if href is None else f'<a href="{esc(href)}">{inner_html}</a>'


def _report_notes(view: GraphView, links: Links, node: ox.NamedNode) -> str:
    out = []
    footnotes = _lines_by(view, node, "Footnote", "number")
    if footnotes:
        out.append("<h2>Footnotes</h2><ol>")
        for note in footnotes:
            out.append(f"<li>{link(links.resource(note.value), view.text(note, xkg('text')))}</li>")
        out.append("</ol>")
    warnings = [v for v in view.objects(node, xkg("readerNote")) if isinstance(v, ox.Literal)]
    if warnings:
        out.append("<h2>Reader notes</h2><ul>")
        out.extend(f"<li>{esc(w.value)}</li>" for w in warnings)
        out.append("</ul>")
    definitions = _lines_by(view, node, "DefinitionEntry", "position")
    if definitions:
        out.append(f"<h2>Definitions ({len(definitions)})</h2>")
        for entry in definitions:
            described = view.value(entry, xkg("describes"))
            name = view.label(described) if described is not None else view.label(entry)
            text = view.text(entry, DEFINITION)
            out.append(
                f"<details><summary>{link(links.resource(entry.value), name)}</summary>"
                f'<div class="text">{esc(text)}</div></details>'
            )
    source = view.value(node, DERIVED_FROM)
    if isinstance(source, ox.NamedNode):
        path = view.text(source, xkg("path"))
        out.append(f"<h2>Source</h2><p>{link(links.resource(source.value), path)}</p>")
    return "\n".join(out)


def _lines_by(view: GraphView, report: ox.NamedNode, kind: str, order: str) -> list[ox.NamedNode]:
    nodes = [s for s in view.subjects(xkg("report"), report) if xkg(kind) in view.types(s)]
    return sorted(nodes, key=lambda n: (view.number(n, xkg(order)) or 0, n.value))


__all__ = ["FACT_TYPES", "TYPE", "facts_table", "resource_page"]
