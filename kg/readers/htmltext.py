"""Plain text from a fragment of filer HTML (text blocks, footnotes, definitions).

Block elements end lines, table cells are joined with " | " so a disclosure's tables stay
readable, and whitespace inside a line is collapsed the way the renderer collapses labels.
"""

from __future__ import annotations

from lxml.etree import _Element

from kg.cells import normalize_space

_BLOCKS = frozenset(
    "p div br tr li ul ol table h1 h2 h3 h4 h5 h6 blockquote pre hr section article".split()
)  # fmt: skip
_CELLS = frozenset(("td", "th"))


def html_to_text(element: _Element) -> str:
    """The readable text of ``element``: one line per block, cells joined with " | "."""
    lines: list[list[str]] = [[]]

    def new_line() -> None:
        if lines[-1]:
            lines.append([])

    def walk(node: _Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            new_line()
        if node.text and tag not in ("script", "style"):
            lines[-1].append(node.text)
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in _CELLS:
                lines[-1].append(" | ")
            if child.tail:
                lines[-1].append(child.tail)
        if tag in _BLOCKS:
            new_line()

    walk(element)
    text_lines = []
    for parts in lines:
        line = normalize_space("".join(parts)).strip(" |")
        if line:
            text_lines.append(normalize_space(line))
    return "\n".join(text_lines)
