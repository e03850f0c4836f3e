"""Pages about the whole site: the home page (dataset, dumps, reports) and the ontology."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.publish.describe import GraphView
from kg.publish.html import Links, Site, esc, link, node_link, page, short_text
from kg.publish.source import Quads
from kg.publish.void import Metadata, Stats
from kg.rdf.namespaces import LABEL, OWL, RDFS, TITLE, TYPE, XKG, xkg

_COMMENT = RDFS + "comment"


def reports(view: GraphView) -> list[tuple[str, str]]:
    """(title, IRI) of every report, by title."""
    found = view.subjects(TYPE, ox.NamedNode(xkg("Report")))
    return sorted((view.text(r, TITLE) or view.label(r), r.value) for r in found)


def index_page(
    view: GraphView,
    links: Links,
    site: Site,
    meta: Metadata,
    stats: Stats,
    *,
    files: Sequence[tuple[str, str]] = (),
) -> str:
    """The home page. ``files``: (label, site path) of the dumps and other downloads."""
    facts = stats.classes.get(xkg("Fact"), 0) + stats.classes.get(xkg("TextBlockFact"), 0)
    listed = reports(view)
    out = [f"<h1>{esc(meta.title)}</h1>"]
    if meta.description:
        out.append(f"<p>{esc(meta.description)}</p>")
    out.append(
        f'<p class="sub">{stats.triples:,} triples · {len(listed):,} reports · {facts:,} facts · '
        f"{stats.classes.get(xkg('Concept'), 0):,} concepts · base <code>{esc(view.base)}</code>"
        "</p>"
    )
    out.append("<h2>Data</h2><ul>")
    out.append(f"<li>{link(links.path('void.ttl'), 'Dataset description (VoID and DCAT)')}</li>")
    for label, path in files:
        out.append(f"<li>{link(links.path(path), label)}</li>")
    if site.sparql:
        out.append(f"<li>{link(links.path('sparql'), 'SPARQL 1.1 query endpoint')}</li>")
    out.append(f"<li>{link(links.path('ontology/index.html'), 'The xbrl-kg ontology')}</li>")
    if meta.license:
        out.append(f"<li>Licence: {node_link(view, links, meta.license, meta.license)}</li>")
    out.append("</ul>")
    out.append(f"<h2>Reports ({len(listed)})</h2>")
    out.append('<table class="facts"><thead><tr><th>Report</th><th>Kind</th></tr></thead><tbody>')
    for title, iri in listed:
        kind = view.value(iri, xkg("kind"))
        kind_html = node_link(view, links, kind.value) if isinstance(kind, ox.NamedNode) else ""
        out.append(
            f"<tr><td>{link(links.resource(iri), short_text(title, 120))}</td>"
            f"<td>{kind_html}</td></tr>"
        )
    out.append("</tbody></table>")
    return page(title=meta.title, body="\n".join(out), links=links, site=site)


def ontology_page(ontology: Quads, links: Links, site: Site) -> str:
    """Every term of the ontology with an anchor named after it (``#Fact``)."""
    subjects: dict[str, dict[str, list[object]]] = {}
    for quad in ontology:
        s = quad.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(XKG) and s.value != XKG:
            subjects.setdefault(s.value, {}).setdefault(quad.predicate.value, []).append(
                quad.object
            )
    sections: dict[str, list[str]] = {"Classes": [], "Properties": [], "Individuals": []}
    for iri in sorted(subjects, key=lambda i: i[len(XKG) :].lower()):
        props = subjects[iri]
        kinds = {o.value for o in props.get(TYPE, []) if isinstance(o, ox.NamedNode)}
        if OWL + "Class" in kinds:
            section = "Classes"
        elif kinds & {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"}:
            section = "Properties"
        else:
            section = "Individuals"
        name = iri[len(XKG) :]
        label = _first(props.get(LABEL)) or name
        comment = _first(props.get(_COMMENT))
        extra = []
        for title, predicate in (
            ("subclass of", RDFS + "subClassOf"),
            ("domain", RDFS + "domain"),
            ("range", RDFS + "range"),
            ("a", TYPE),
        ):
            for value in props.get(predicate, []):
                if not isinstance(value, ox.NamedNode):
                    continue
                if predicate == TYPE and not value.value.startswith(XKG):
                    continue
                extra.append(f"{esc(title)} {link(links.term(value.value), _name(value.value))}")
        sections[section].append(
            f'<tr id="{esc(name)}"><th><code>xkg:{esc(name)}</code><br>{esc(label)}</th>'
            f'<td>{esc(comment)}<br><span class="note">{" · ".join(extra)}</span></td></tr>'
        )
    out = [
        "<h1>The xbrl-kg ontology</h1>",
        f'<p class="sub">Namespace <code>{esc(XKG)}</code> (hash IRIs: every term is a fragment of '
        "this page). "
        f"{link(links.path('ontology/xbrl-kg.ttl'), 'Turtle')} · "
        f"{link(links.path('ontology/xbrl-kg.jsonld'), 'JSON-LD')} · "
        f"{link(links.path('ontology/xbrl-kg.nt'), 'N-Triples')}</p>",
    ]
    for section, rows in sections.items():
        if rows:
            out.append(f"<h2>{section} ({len(rows)})</h2>")
            out.append('<table class="props">' + "\n".join(rows) + "</table>")
    return page(title="Ontology", body="\n".join(out), links=links, site=site)


def _first(values: list[object] | None) -> str:
    for value in values or []:
        if isinstance(value, ox.Literal):
            return value.value
    return ""


def _name(iri: str) -> str:
    if iri.startswith(XKG):
        return "xkg:" + iri[len(XKG) :]
    for namespace, prefix in ((RDFS, "rdfs:"), (OWL, "owl:")):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def not_found_page(links: Links, site: Site, path: str) -> str:
    body = (
        "<h1>Not found</h1>"
        f"<p>Nothing in this dataset has the address <code>{esc(path)}</code>.</p>"
    )
    return page(title="Not found", body=body, links=links, site=site)
