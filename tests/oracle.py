"""An independent reading of an R page's HTML grid, to hold the readers to.

Written directly on lxml and on the format reference, sharing no code with ``kg.readers``: the
expected cells of a page are (row label, segment path, column, displayed text), read off the
page's own cell grid. Nil cells (shown as a lone space) carry no value and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text.replace("\xa0", " ")).strip()


@dataclass(frozen=True)
class ExpectedCell:
    row: int  # 1-based among the body rows (segment titles included)
    label: str
    path: str  # the segment title in effect ("" when none)
    column: int  # 1-based data column
    text: str  # displayed text, whitespace-normalised
    element: str  # the row's defref id ("" when none)
    text_block: bool


@dataclass(frozen=True)
class PageGrid:
    title: str
    columns: list[tuple[str, ...]]  # header lines of each data column, group first
    cells: list[ExpectedCell]
    row_labels: list[str]


def read_page(html: str) -> PageGrid:
    root = lxml.html.document_fromstring(html)
    table = next(t for t in root.iter("table") if "report" in (t.get("class") or "").split())
    rows = [r for r in table if r.tag == "tr"] or table.xpath("./tbody/tr")
    header = [r for r in rows if r.find("th") is not None]
    body = [r for r in rows if r.find("th") is None]
    title_th = header[0].xpath("./th[contains(@class,'tl')]")
    title = norm(title_th[0].text_content()) if title_th else ""
    columns = _columns(header)
    cells: list[ExpectedCell] = []
    labels: list[str] = []
    path = ""
    for tr in body:
        tds = tr.findall("td")
        if not tds or "pl" not in (tds[0].get("class") or ""):
            continue
        label = norm(tds[0].text_content())
        labels.append(label)
        row = len(labels)
        if "rh" in (tr.get("class") or "").split():
            path = label
            continue
        onclick = tds[0].find(".//a").get("onclick", "") if tds[0].find(".//a") is not None else ""
        m = re.search(r"defref_([^']+)'", onclick)
        element = m.group(1) if m else ""
        column = 0
        for td in tds[1:]:
            classes = (td.get("class") or "").split()
            if "fn" in classes or "th" in classes:
                continue
            column += 1
            raw = td.text_content()
            if raw.strip(" \r\n\t") == "" and "\xa0" not in raw:
                continue  # nil
            text = norm(raw)
            if not text:
                continue
            block = any(e.tag in ("p", "div", "table", "br") for e in td.iter() if e is not td)
            cells.append(ExpectedCell(row, label, path, column, text, element, block))
    return PageGrid(title, columns, cells, labels)


def _columns(header: list[lxml.html.HtmlElement]) -> list[tuple[str, ...]]:
    if not header:
        return []
    first = header[0]
    column_row = header[1] if len(header) > 1 else first
    spans: list[tuple[int, int, str]] = []
    if len(header) > 1:
        position = 0
        for th in first.findall("th"):
            width = int(th.get("colspan") or 1)
            if "tl" not in (th.get("class") or ""):
                spans.append((position, position + width, norm(th.text_content())))
            position += width
    position = int(first.findall("th")[0].get("colspan") or 1) if len(header) > 1 else 0
    columns: list[tuple[str, ...]] = []
    for th in column_row.findall("th"):
        width = int(th.get("colspan") or 1)
        if "tl" in (th.get("class") or ""):
            position += width
            continue
        divs = th.findall("div")
        if divs:
            group = next((t for a, b, t in spans if a <= position < b and t), "")
            lines = tuple(norm(d.text_content()) for d in divs)
            columns.append(((group,) if group else ()) + lines)
        position += width
    return columns
