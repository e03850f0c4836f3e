"""HTML building blocks: escaping, links, terms, the page shell and the stylesheet.

Everything that comes from the data goes through ``esc`` (``html.escape`` with quotes) before it
reaches a page, attribute values included; only http(s) IRIs become external links, so an IRI
such as ``javascript:...`` in the data is shown as text. Pages use no script, and ``kg serve``
sends a Content-Security-Policy that forbids scripts anyway.

Links differ between the static site (relative paths to ``.html`` documents, so any static web
server, or none, works) and ``kg serve`` (root paths to the IRIs themselves, which answer 303):
``Links`` hides the difference from the page builders.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.publish.describe import GraphView, safe_path
from kg.publish.formats import RDF_FORMATS, DocFormat
from kg.rdf.namespaces import XKG, XSD


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


class Links:
    """Where a page links to. Subclasses decide relative (static) or root (served) paths."""

    def __init__(self, base: str) -> None:
        self.base = base

    def path(self, site_path: str) -> str:
        """A link to a site file given by its path under the site root (``void.ttl``)."""
        raise NotImplementedError

    def resource(self, iri: str) -> str | None:
        """A link that opens the resource in a browser, or None when it is not ours."""
        tail = self.tail(iri)
        return None if tail is None else self.path(self.resource_path(tail))

    def resource_path(self, tail: str) -> str:
        return tail + ".html"

    def document(self, iri: str, fmt: DocFormat) -> str | None:
        tail = self.tail(iri)
        return None if tail is None else self.path(f"{tail}.{fmt.extension}")

    def term(self, iri: str) -> str | None:
        """A vocabulary term's entry on the ontology page."""
        if iri.startswith(XKG):
            return self.path("ontology/index.html") + "#" + iri[len(XKG) :]
        return None

    def tail(self, iri: str) -> str | None:
        if not iri.startswith(self.base):
            return None
        tail = iri[len(self.base) :]
        return tail if safe_path(tail) else None


class StaticLinks(Links):
    """Relative links from the page at ``page`` (a path under the site root)."""

    def __init__(self, base: str, page: str) -> None:
        super().__init__(base)
        self.folder = [p for p in posixpath.dirname(page).split("/") if p]

    def path(self, site_path: str) -> str:
        # Site paths are normalised (no '.', '..' or empty segments): a plain prefix walk is
        # enough, and much faster than posixpath.relpath on every link of every page.
        parts = site_path.split("/")
        common = 0
        folder = self.folder
        while common < len(folder) and common < len(parts) - 1 and folder[common] == parts[common]:
            common += 1
        link = "../" * (len(folder) - common) + "/".join(parts[common:])
        # A first segment with a colon would read as a URL scheme.
        return "./" + link if ":" in link.split("/", 1)[0] else link


class ServedLinks(Links):
    """Root-relative links; resources link to their IRI's path, which answers 303."""

    def path(self, site_path: str) -> str:
        return "/" + site_path

    def resource_path(self, tail: str) -> str:
        return tail


@dataclass(frozen=True)
class Site:
    """What every page shows around its content."""

    title: str = "xbrl-kg"
    search: bool = False  # kg serve only: the search box
    sparql: bool = False  # kg serve only: the SPARQL endpoint
    dumps: tuple[tuple[str, str], ...] = field(default=())  # (label, site path)


# -- terms ---------------------------------------------------------------------------------


def link(href: str | None, text: str, *, cls: str = "") -> str:
    attr = f' class="{esc(cls)}"' if cls else ""
    if href is None:
        return f"<span{attr}>{esc(text)}</span>"
    return f'<a href="{esc(href)}"{attr}>{esc(text)}</a>'


def node_link(view: GraphView, links: Links, iri: str, text: str | None = None) -> str:
    """A link to any IRI: ours open their page, vocabulary terms the ontology, http(s) IRIs
    themselves; any other scheme is shown, not linked."""
    label = view.label(ox.NamedNode(iri)) if text is None else text
    href = links.resource(iri) or links.term(iri)
    if href is not None:
        return link(href, label)
    if iri.startswith(("http://", "https://")):
        return f'<a href="{esc(iri)}" rel="nofollow noopener noreferrer">{esc(label)}</a>'
    return f"<code>{esc(label)}</code>"


def literal_html(literal: ox.Literal) -> str:
    text = literal.value
    datatype = literal.datatype.value
    extra = ""
    if literal.language:
        extra = f' <span class="dt">@{esc(literal.language)}</span>'
    elif datatype != XSD + "string":
        short = "xsd:" + datatype[len(XSD) :] if datatype.startswith(XSD) else datatype
        extra = f' <span class="dt">{esc(short)}</span>'
    if len(text) > 160 or "\n" in text:
        return f'<div class="text">{esc(text)}</div>{extra}'
    return f'<span class="lit">{esc(text)}</span>{extra}'


def term_html(view: GraphView, links: Links, term: object) -> str:
    if isinstance(term, ox.Literal):
        return literal_html(term)
    if isinstance(term, ox.NamedNode):
        return node_link(view, links, term.value)
    return f"<code>{esc(term)}</code>"


def short_text(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- page shell ----------------------------------------------------------------------------


def page(
    *,
    title: str,
    body: str,
    links: Links,
    site: Site,
    iri: str | None = None,
    alternates: Iterable[DocFormat] = RDF_FORMATS,
) -> str:
    """A whole HTML document around ``body`` (already escaped HTML)."""
    head_links = []
    formats = []
    if iri is not None:
        for fmt in alternates:
            href = links.document(iri, fmt)
            if href is not None:
                head_links.append(
                    f'<link rel="alternate" type="{fmt.media_type}" href="{esc(href)}">'
                )
                formats.append(link(href, _FORMAT_NAMES[fmt]))
    nav = [link(links.path("index.html"), "Home"), link(links.path("void.ttl"), "VoID")]
    nav.append(link(links.path("ontology/index.html"), "Ontology"))
    if site.sparql:
        nav.append(link(links.path("sparql"), "SPARQL"))
    search = ""
    if site.search:
        search = (
            f'<form class="search" role="search" method="get" action="{esc(links.path("search"))}">'
            '<input type="search" name="q" placeholder="Search labels" aria-label="Search labels">'
            '<button type="submit">Search</button></form>'
        )
    about = ""
    if iri is not None:
        data = f' <span class="formats">Data: {" · ".join(formats)}</span>' if formats else ""
        about = f'<p class="iri"><code>{esc(iri)}</code>{data}</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · {esc(site.title)}</title>\n"
        f'<link rel="stylesheet" href="{esc(links.path("style.css"))}">\n'
        '<link rel="icon" href="data:,">\n'
        + "".join(line + "\n" for line in head_links)
        + "</head>\n<body>\n"
        f'<header><a class="home" href="{esc(links.path("index.html"))}">{esc(site.title)}</a>'
        f"<nav>{' '.join(nav)}</nav>{search}</header>\n"
        f"<main>\n{about}\n{body}\n</main>\n"
        "<footer>Published with xbrl-kg.</footer>\n</body>\n</html>\n"
    )


_FORMAT_NAMES = {
    DocFormat.TURTLE: "Turtle",
    DocFormat.JSON_LD: "JSON-LD",
    DocFormat.N_TRIPLES: "N-Triples",
    DocFormat.HTML: "HTML",
}


STYLE = """\
:root { --ink: #1d2430; --muted: #5b6675; --line: #d9dee5; --accent: #0b5cad;
        --hit: #fff3bf; --head: #eef2f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center;
         padding: .6rem 1.5rem; background: #14324f; color: #fff; }
header a { color: #fff; text-decoration: none; }
header .home { font-weight: 700; font-size: 1.1rem; margin-right: 1rem; }
header nav a { margin-right: .9rem; opacity: .9; }
header nav a:hover { text-decoration: underline; }
form.search { margin-left: auto; display: flex; gap: .3rem; }
form.search input { padding: .3rem .5rem; border: 0; border-radius: 3px; width: 16rem; }
form.search button { padding: .3rem .7rem; border: 0; border-radius: 3px; cursor: pointer; }
main { padding: 1rem 1.5rem 2rem; max-width: 110rem; }
h1 { font-size: 1.5rem; margin: .4rem 0 .2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); }
a { color: var(--accent); }
p.iri { margin: 0 0 .4rem; color: var(--muted); font-size: .85rem; word-break: break-all; }
p.sub { margin: 0 0 .8rem; color: var(--muted); }
.formats { margin-left: .6rem; }
code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; }
.dt { color: var(--muted); font-size: .75rem; }
.text { white-space: pre-wrap; max-height: 24rem; overflow: auto; background: #fafbfc;
        border: 1px solid var(--line); padding: .4rem .6rem; font-size: .9rem; }
table { border-collapse: collapse; margin: .3rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .55rem; vertical-align: top;
         text-align: left; }
thead th { background: var(--head); font-weight: 600; }
table.report td.num { text-align: right; white-space: nowrap; }
table.report td { text-align: right; }
table.report td.txt { text-align: left; max-width: 28rem; font-size: .85rem; }
table.report th.title { min-width: 18rem; }
table.report tr.abstract th, table.report tr.segment th { background: #f6f8fa; }
table.report tr.abstract th { font-weight: 700; }
table.report tr.segment th { font-style: italic; }
table.report tr.line th, table.report tr.balance th { font-weight: 400; }
table.report td:target, td.hit { background: var(--hit); outline: 2px solid #e0a800; }
table.facts td.num { text-align: right; white-space: nowrap; }
table.props th { width: 14rem; background: #fafbfc; font-weight: 500; }
dl.fact { display: grid; grid-template-columns: 11rem 1fr; gap: .3rem 1rem; margin: .6rem 0; }
dl.fact dt { color: var(--muted); }
dl.fact dd { margin: 0; }
.value { font-size: 1.6rem; font-weight: 600; }
ul.plain { list-style: none; padding: 0; margin: .2rem 0; }
.note { color: var(--muted); font-size: .85rem; }
footer { padding: 1rem 1.5rem; color: var(--muted); font-size: .8rem;
         border-top: 1px solid var(--line); }
textarea { width: 100%; min-height: 12rem; font: .9rem ui-monospace, monospace; }
"""
