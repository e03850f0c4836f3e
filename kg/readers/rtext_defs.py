"""The definitions block in the '|' text: one "X" cell per entry, its toggles and paragraphs.

In the HTML an entry reads t1 p1 t2 p2 t3 [Details table]; trafilatura 1.8.0 writes it
t1 t2 p1 t3 p2 and drops the table, so the lines after toggle j belong to toggle j-1.
trafilatura 1.8.1 writes it in page order but keeps only t1: t1 p1 p2, where p2 (references)
starts at the first "Reference n:" line or the placeholder. Shapes:
"- Definition" (documented element), "- References" (undocumented element), "- Details" alone
(a member). "No definition available." is the renderer's placeholder for a missing part.
Pages where trafilatura kept only one definition carry it before the first '|' line, with its
full references and its Details table as '|' cells.
"""

from __future__ import annotations

import itertools
import re

from kg.model import DefinitionEntry, PeriodType, QName, Reference
from kg.readers.rtext_cells import TextCell, is_toggle

PLACEHOLDER = "No definition available."
_REFERENCE_START = re.compile(r"^Reference \d+: ?(.*)$")
_REFERENCE_PART = re.compile(r"^-(\S+) ?(.*)$")
# A reference written on one line ("Reference 1: http://... -Topic 606 -SubTopic 10 -URI
# https://...Reference 2: ..."), as trafilatura joins a definition whose toggles it dropped:
# cut before each "Reference n:" and each " -Part " that starts a part on its own line.
_GLUED_REFERENCE = re.compile(r"(?<=\S)(?=Reference \d+: )| (?=-[A-Z][A-Za-z]* )")
_ELEMENT_ID = re.compile(r"^[^\s:_]+[_:][^\s:]+$")  # "us-gaap_Revenues"
_TOGGLES = ("Definition", "References", "Details")  # in page order
_DETAIL_KEYS = ("Name", "Namespace Prefix", "Data Type", "Balance Type", "Period Type")


def parse_definition_cells(
    cells: list[TextCell], *, untoggled_members: bool = False
) -> list[DefinitionEntry]:
    """Entries of a definitions block made of "X" cells. ``untoggled_members``: the text may
    be trafilatura 1.4.0's or earlier's, which drop a member entry's "- Details" toggle."""
    xs = _entry_cells(cells)
    members = _untoggled_members(xs) if untoggled_members else 0
    return [
        DefinitionEntry(position=position, is_member=True, line=cell.line)
        if position > len(xs) - members
        else _entry(position, list(cell.extra), cell.line)
        for position, cell in enumerate(xs, start=1)
    ]


def _entry_cells(cells: list[TextCell]) -> list[TextCell]:
    """The "X" cells that open the block's entries."""
    return [cell for cell in cells if cell.text == "X"]


def _member_toggled(cell: TextCell) -> bool:
    """Whether an entry is a member's: its "X" followed by the "- Details" toggle alone."""
    return cell.extra == ("- Details",)


def _shows_member_toggle(xs: list[TextCell]) -> bool:
    return any(_member_toggled(cell) for cell in xs)


def _member_or_bare(cell: TextCell) -> bool:
    return not cell.extra or _member_toggled(cell)


def _untoggled_members(xs: list[TextCell]) -> int:
    """How many member entries end the block without their toggle: the bare "X" cells after
    entries that all show theirs, where none shows a member's "- Details" (members come last
    in the block). favor_precision's deduplication also leaves bare cells, but among the
    others, not after a block of whole entries."""
    whole = [bool(cell.extra) and is_toggle(cell.extra[0]) for cell in xs]
    if _shows_member_toggle(xs) or not whole or not whole[0]:
        return 0
    first_bare = whole.index(False) if False in whole else len(xs)
    trailing = xs[first_bare:]
    return len(trailing) if all(not cell.extra for cell in trailing) else 0


def members_uncountable(cells: list[TextCell], *, untoggled_members: bool) -> bool:
    """Whether favor_precision's deduplication left the block's member entries uncountable.

    Member entries come last, each an "X" and its "- Details" toggle, which deduplication
    drops after the first: a block ending in bare "X" cells with no such toggle left may
    hold members among them. trafilatura 1.4.0 and earlier (``untoggled_members``) drop the
    toggle anyway, and their bare cells at the end are the members, unless deduplication
    also emptied entries before a whole one."""
    xs = _entry_cells(cells)
    if _shows_member_toggle(xs):
        # Countable, unless bare cells stand among the members that end the block: a toggle
        # dropped there, or an element's entry emptied, the text cannot tell
        trailing = list(itertools.takewhile(_member_or_bare, reversed(xs)))
        return any(not cell.extra for cell in trailing)
    whole = [bool(cell.extra) for cell in xs]
    if True not in whole or whole[-1]:
        return False  # no entry ends the block bare: no member entries to count
    return not untoggled_members or False in whole[: len(whole) - whole[::-1].index(True)]


def parse_preamble_definition(
    lines: list[tuple[int, str]], detail_cells: list[TextCell]
) -> DefinitionEntry:
    """The lone definition of a page whose table trafilatura dropped, with its Details cells."""
    entry = _entry(1, [text for _, text in lines], lines[0][0] if lines else None)
    details = _details(detail_cells)
    name = details.get("Name")
    prefix = (details.get("Namespace Prefix") or "").rstrip("_")
    qname = None
    if name and _ELEMENT_ID.match(name):  # a cut Details table can pair "Name:" with a key
        qname = (
            QName(prefix, name[len(prefix) + 1 :])
            if prefix and name.startswith(prefix + "_")
            else QName.parse(name)
        )
    period = details.get("Period Type")
    return DefinitionEntry(
        position=1,
        is_member=entry.is_member,
        definition=entry.definition,
        references=entry.references,
        qname=qname,
        data_type=details.get("Data Type") or None,
        balance=details.get("Balance Type") or None,
        period_type=PeriodType(period) if period in ("instant", "duration") else None,
        line=entry.line,
        ident=name,
    )


def _entry(position: int, lines: list[str], line: int | None) -> DefinitionEntry:
    if lines and lines[0].startswith("+ ") and is_toggle(lines[0]):
        # The first toggle is always open ("- ..."): favor_precision's deduplication dropped
        # it (and any after it) as text seen before; the lines still follow their toggles.
        lost = _TOGGLES[: _TOGGLES.index(lines[0][2:])]
        lines = [f"- {lost[0]}", *(f"+ {name}" for name in lost[1:]), *lines]
    toggles = [i for i, text in enumerate(lines) if is_toggle(text)]
    names = [lines[i][2:] for i in toggles]
    if names == ["Details"]:
        return DefinitionEntry(position=position, is_member=True, line=line)
    paragraphs: dict[str, list[str]] = {}
    in_page_order = bool(toggles) and (len(toggles) == 1 or toggles[1] != toggles[0] + 1)
    for j, start in enumerate(toggles):
        end = toggles[j + 1] if j + 1 < len(toggles) else len(lines)
        owner = names[j] if in_page_order else names[j - 1] if j >= 1 else None
        if owner is not None:
            paragraphs.setdefault(owner, []).extend(lines[start + 1 : end])
    if in_page_order and len(toggles) == 1 and names[0] == "Definition":
        paragraphs = _split_references(paragraphs.get("Definition", []))
    definition = _text(paragraphs.get("Definition"))
    references = _references(paragraphs.get("References", []))
    return DefinitionEntry(
        position=position,
        is_member=False,
        definition=definition,
        references=references,
        line=line,
    )


def _split_references(lines: list[str]) -> dict[str, list[str]]:
    """A 1.8.1 entry's lines after "- Definition": the definition, then its references (from
    the first "Reference n:" line, or the placeholder that stands for none)."""
    split = next(
        (i for i, text in enumerate(lines) if _REFERENCE_START.match(text) or text == PLACEHOLDER),
        len(lines),
    )
    return {"Definition": lines[:split], "References": lines[split:]}


def _text(lines: list[str] | None) -> str | None:
    if not lines:
        return None
    text = "\n".join(lines).strip()
    return None if not text or text == PLACEHOLDER else text


def _references(lines: list[str]) -> tuple[Reference, ...]:
    references: list[Reference] = []
    role: str | None = None
    parts: list[tuple[str, str]] = []
    for line in (part for text in lines for part in _GLUED_REFERENCE.split(text)):
        start = _REFERENCE_START.match(line)
        if start:
            if role is not None:
                references.append(Reference(role, tuple(parts)))
            role, parts = start.group(1).strip(), []
            continue
        part = _REFERENCE_PART.match(line)
        if part and role is not None:
            parts.append((part.group(1), part.group(2).strip()))
    if role is not None:
        references.append(Reference(role, tuple(parts)))
    return tuple(references)


def _details(cells: list[TextCell]) -> dict[str, str]:
    details: dict[str, str] = {}
    for key_cell, value_cell in itertools.pairwise(cells):
        key = key_cell.text.rstrip(":").strip()
        if key in _DETAIL_KEYS and key not in details:
            details[key] = value_cell.text
    return details
