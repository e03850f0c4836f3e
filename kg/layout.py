"""What a report's layout says about how its rows add up: roll-forwards and totals.

R pages do not say which rows sum to which, but their layout does, and the quality shapes need
it to check the numbers. This module reads it from row kinds, row order and labels only, never
from the values, so that a check built on it can fail:

* A **roll-forward** is an opening balance row ("Balance at the beginning of the year",
  "Goodwill, net, beginning balance", an equity statement's balance row), the rows of changes
  below it, and the closing balance row that ends it. In each column, opening + changes =
  closing. Equity balance rows without start wording ("Balance", "Ending balance") close the
  block above them and open the next one. Where the rows between are not a plain list of
  changes (section headings, subtotals: a cash-flow statement), only the net-change row next to
  the balances is taken ("Increase/(Decrease) in cash ...", with an exchange-rate effect row
  beside it); without one, no roll-forward is derived.
* A **row total** is a "Total X" (or "X, total") row closing the heading "X:" / "X [Abstract]"
  above it (same words in any order, or the heading's QName is the total's plus "Abstract").
  Its components are the line rows under that heading, nested totals standing for the rows they
  close. A total whose heading cannot be found, or whose heading holds unclosed sub-headings,
  gets no components: the layout does not decide them. A net row is a total too: "X, net"
  (or "Net X") right after "X" (or "X, gross") and the "Less ..." rows between them.

* An **opening adjustment column** of an equity statement is a column whose members are
  another column's plus one adjustment member ("Cumulative Effect, Period of Adoption,
  Adjustment [Member]", "Revision of Prior Period, Accounting Standards Update, Adjustment
  [Member]"): its value in a balance row adjusts that column's balance as the next period
  opens (an accounting standard adopted on the first day).

Segment rows (member paths) start a new section: nothing spans them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from kg.model import Column, Member, Row, RowKind
from kg.readers.cues import is_period_end_label, is_period_start_label

_STRUCTURAL_HEADING = re.compile(r"\[[^\]]+\]\s*$")  # "[Roll Forward]", "[Line Items]", ...
_ADJUSTMENT = re.compile(r"\[member\]", re.IGNORECASE)  # "Balance (ASU 2016-02 [Member])"
_SUBTOTAL = re.compile(r"^total\b|,\s*total$|\bnet cash\b", re.IGNORECASE)
# "Net increase in cash", "(Decrease) increase in ...", "Increase (decrease) in ...", "Net
# change in ...": the wording opens the label (not "Noncontrolling interest, decrease from ...").
_NET_CHANGE = re.compile(
    r"^\W*(net\s+)?\(?(increase|decrease)\)?(\s*(/|and|or)?\s*\(?(increase|decrease)\)?)?\s+in\b"
    r"|^\W*net\s+change\s+in\b",
    re.IGNORECASE,
)
_EXCHANGE_EFFECT = re.compile(r"\beffect\b.*\bexchange\b|\bexchange\b.*\beffect\b", re.IGNORECASE)
_START_END_WORDS = re.compile(
    r"\b(beginning|begin|opening|start|ending|end|closing)\b"
    r"(\s+of\s+(the\s+)?(year|period|quarter|month|fiscal year))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_TOTAL_OF = re.compile(r"^total\s+(?P<a>.+)$|^(?P<b>.+?),?\s+total$", re.IGNORECASE)
_NET_OF = re.compile(r"^(?P<a>.+?)\s*[,-]\s*net$|^net\s+(?P<b>.+)$", re.IGNORECASE)
_LESS = re.compile(r"^less\b", re.IGNORECASE)
# SRT's restatement and adoption members ("...AdjustmentMember"), by QName or by label.
_ADJUSTMENT_MEMBER = re.compile(r"adjustment\s*(\[member\])?$|AdjustmentMember$", re.IGNORECASE)
_SIMILAR = 0.5  # word overlap (Jaccard) for a lone opening and closing row to pair


@dataclass(frozen=True, slots=True)
class RollForward:
    """Row indexes of one roll-forward: in each column, opening + changes = closing."""

    opening: int
    closing: int
    changes: tuple[int, ...]
    adjustments: tuple[int, ...] = ()  # opening adjustments ("Balance (ASU ... [Member])")


@dataclass(frozen=True, slots=True)
class RowTotal:
    """Row indexes of a total row and of the rows it sums."""

    total: int
    components: tuple[int, ...]


def opening_adjustment_columns(columns: Sequence[Column]) -> list[tuple[int, int]]:
    """(column, adjustment column) index pairs: the second's members are the first's plus
    one adjustment member, and no other column's are."""
    by_members = {_member_keys(c.members): c.index for c in columns}
    pairs = []
    for column in columns:
        adjustments = [m for m in column.members if _is_adjustment(m)]
        if len(adjustments) != 1:
            continue
        base = by_members.get(_member_keys(tuple(m for m in column.members if m != adjustments[0])))
        if base is not None:
            pairs.append((base, column.index))
    return pairs


def _member_keys(members: Sequence[Member]) -> frozenset[str]:
    return frozenset(str(m.qname) if m.qname else m.label for m in members)


def _is_adjustment(member: Member) -> bool:
    return bool(_ADJUSTMENT_MEMBER.search(member.label)) or bool(
        member.qname and _ADJUSTMENT_MEMBER.search(str(member.qname))
    )


def roll_forwards(rows: Sequence[Row]) -> list[RollForward]:
    """The roll-forwards the layout shows, in page order."""
    found: list[RollForward] = []
    for section in _sections(rows):
        found.extend(_RollForwardScan(section).run())
    return found


def row_totals(rows: Sequence[Row]) -> list[RowTotal]:
    """The total rows whose components the layout decides, in page order.

    A heading that a segment section opens again ("Liabilities, Current [Abstract]" under
    "Ford Credit") may list lines reported only under members, which the renderer prints there
    and not in the default section. A default-section total under that heading then covers
    lines it does not show, and its components are not decided.
    """
    found: list[RowTotal] = []
    member_lines = _member_lines_by_heading(rows)
    for section in _sections(rows):
        found.extend(_totals(section, member_lines))
    return found


def _member_lines_by_heading(rows: Sequence[Row]) -> dict[tuple[str, ...], set[object]]:
    """The concepts of the lines that segment sections print under each heading."""
    lines: dict[tuple[str, ...], set[object]] = {}
    for section in _sections(rows):
        heading: tuple[str, ...] | None = None
        for row in section:
            if row.kind is RowKind.ABSTRACT:
                heading = _heading_words(row.label)
            elif row.kind is RowKind.LINE and row.members and heading is not None:
                lines.setdefault(heading, set()).add(_concept_key(row))
    return lines


def _concept_key(row: Row) -> object:
    qname = row.concept.qname if row.concept else None
    return qname or row.label


def _sections(rows: Sequence[Row]) -> Iterator[list[Row]]:
    section: list[Row] = []
    for row in rows:
        if row.kind is RowKind.SEGMENT:
            if section:
                yield section
            section = []
        else:
            section.append(row)
    if section:
        yield section


# -- roll-forwards ---------------------------------------------------------------------------


def _role(row: Row) -> str | None:
    """open, close, chain (closes one block and opens the next), adjust, or None."""
    start = is_period_start_label(row.label)
    end = is_period_end_label(row.label)
    if row.kind is RowKind.BALANCE:
        if _ADJUSTMENT.search(row.label):
            return "adjust"
        return "open" if start and not end else "chain"
    if row.kind is RowKind.LINE:
        if start and not end:
            return "open"
        if end and not start:
            return "close"
    return None


@dataclass
class _RollForwardScan:
    rows: list[Row]
    openers: list[Row] = field(default_factory=list)
    adjustments: list[Row] = field(default_factory=list)
    changes: list[Row] = field(default_factory=list)
    plain: bool = True  # no section heading or subtotal among the changes
    before_opening: list[Row] = field(default_factory=list)

    def run(self) -> Iterator[RollForward]:
        position = 0
        while position < len(self.rows):
            row = self.rows[position]
            if _role(row) is None:
                self._other(row)
                position += 1
                continue
            start = position
            position += 1
            # A run of balance rows; an opening row directly followed by a closing row is two
            # groups (the block between them is empty).
            while position < len(self.rows) and _role(self.rows[position]) is not None:
                if _role(self.rows[position - 1]) == "open" and _role(self.rows[position]) in (
                    "close",
                    "chain",
                ):
                    break
                position += 1
            yield from self._group(self.rows[start:position], self.rows[:start])

    def _other(self, row: Row) -> None:
        if not self.openers:
            return
        if row.kind is RowKind.ABSTRACT:
            if not _STRUCTURAL_HEADING.search(row.label):
                self.plain = False
        elif row.kind is RowKind.LINE:
            self.changes.append(row)
            if _SUBTOTAL.search(row.label):
                self.plain = False

    def _group(self, group: list[Row], before: list[Row]) -> Iterator[RollForward]:
        closers = [r for r in group if _role(r) in ("close", "chain")]
        if self.openers and closers:
            changes = self._changes()
            if changes is not None:
                adjustments = tuple(r.index for r in self.adjustments)
                for opening, closing in _pair(self.openers, closers):
                    yield RollForward(opening.index, closing.index, changes, adjustments)
        # Explicit opening rows win over rows that only continue the previous block.
        openers = [r for r in group if _role(r) == "open"] or [
            r for r in group if _role(r) == "chain"
        ]
        self.openers = openers
        self.adjustments = [r for r in group if _role(r) == "adjust"] if openers else []
        self.changes = []
        self.plain = True
        self.before_opening = before

    def _changes(self) -> tuple[int, ...] | None:
        if self.plain and self.changes:
            return tuple(r.index for r in self.changes)
        if self.changes:
            return _net_change(self.changes)
        # The opening row sits right above the closing one: the change is above them both.
        lines = [r for r in self.before_opening if r.kind is not RowKind.ABSTRACT]
        return _net_change(lines)


def _net_change(rows: list[Row]) -> tuple[int, ...] | None:
    """The net-change row ending ``rows`` (with an exchange-rate effect row after it, if any)."""
    taken: list[Row] = []
    for row in reversed(rows):
        if row.kind is not RowKind.LINE:
            return None
        if _EXCHANGE_EFFECT.search(row.label):
            if taken:  # only an effect row *after* the net change is outside it
                return None
            taken.append(row)
            continue
        if _NET_CHANGE.search(row.label):
            taken.append(row)
            return tuple(sorted(r.index for r in taken))
        return None
    return None


def _pair(openers: list[Row], closers: list[Row]) -> list[tuple[Row, Row]]:
    if len(openers) == 1 and len(closers) == 1:
        opening, closing = openers[0], closers[0]
        same = _same_element(opening, closing)
        if same or (same is None and _similar(opening, closing)):
            return [(opening, closing)]
        return []
    pairs = []
    for opening in openers:
        matches = [c for c in closers if _matches(opening, c)]
        rivals = [o for o in openers if _matches(o, opening)]
        if len(matches) == 1 and len(rivals) == 1:
            pairs.append((opening, matches[0]))
    return pairs


def _matches(a: Row, b: Row) -> bool:
    same = _same_element(a, b)
    return same if same is not None else _key(a) == _key(b)


def _same_element(a: Row, b: Row) -> bool | None:
    """True or False where both rows name their element; None where either does not."""
    qa = a.concept.qname if a.concept else None
    qb = b.concept.qname if b.concept else None
    if qa is None or qb is None:
        return None
    return qa == qb


def _key(row: Row) -> str:
    label = _START_END_WORDS.sub(" ", row.label.lower())
    label = re.sub(r"\bbalances\b", "balance", label)
    return " ".join(label.replace(",", " ").split())


def _similar(a: Row, b: Row) -> bool:
    words_a, words_b = set(_WORD.findall(_key(a))), set(_WORD.findall(_key(b)))
    if not words_a and not words_b:
        return True
    return len(words_a & words_b) / len(words_a | words_b) >= _SIMILAR


# -- row totals ------------------------------------------------------------------------------


@dataclass
class _Frame:
    words: tuple[str, ...]
    qname: str | None
    items: list[Row] = field(default_factory=list)


def _totals(
    rows: list[Row], member_lines: dict[tuple[str, ...], set[object]]
) -> Iterator[RowTotal]:
    frames: list[_Frame] = []
    for position, row in enumerate(rows):
        net = _net_components(rows, position)
        if net:
            yield RowTotal(row.index, net)
        if row.kind is RowKind.ABSTRACT:
            qname = row.concept.qname if row.concept else None
            frames.append(_Frame(_heading_words(row.label), str(qname) if qname else None))
            continue
        if row.kind is not RowKind.LINE:
            continue
        matched = _closed_frame(row, frames)
        if matched is not None:
            inner = frames[matched + 1 :]
            items = frames[matched].items
            decided = not any(f.items for f in inner) and not _has_subtotal(items)
            hidden = member_lines.get(frames[matched].words, set()) - {
                _concept_key(r) for r in items
            }
            if decided and items and (row.members or not hidden):
                yield RowTotal(row.index, tuple(r.index for r in items))
            del frames[matched:]
        if frames:
            frames[-1].items.append(row)


# A subtotal among a heading's lines ("Total X" without its own heading, "Income before
# taxes", "Gross profit"): the lines are steps, not terms, and which add up is not decided.
_STEP = re.compile(
    r"^(total|net)\b|,\s*total$|\bbefore\b|\bgross (profit|margin)\b|\bfrom operations\b",
    re.IGNORECASE,
)


def _has_subtotal(rows: list[Row]) -> bool:
    return any(_STEP.search(r.label) for r in rows)


def _net_components(rows: list[Row], position: int) -> tuple[int, ...]:
    """The rows an "X, net" row nets: "X" and the "Less ..." rows after it; else none."""
    m = _NET_OF.match(rows[position].label.strip())
    if not m or rows[position].kind is not RowKind.LINE:
        return ()
    words = tuple(w for w in _heading_words(m.group("a") or m.group("b")) if w != "gross")
    less = position
    while less > 0 and rows[less - 1].kind is RowKind.LINE and _LESS.match(rows[less - 1].label):
        less -= 1
    if less == position or less == 0:
        return ()
    gross = rows[less - 1]
    gross_words = tuple(w for w in _heading_words(gross.label) if w != "gross")
    if gross.kind is not RowKind.LINE or gross_words != words:
        return ()
    return tuple(r.index for r in rows[less - 1 : position])


def _closed_frame(row: Row, frames: list[_Frame]) -> int | None:
    """The innermost open heading this row totals, if its label or QName says so."""
    m = _TOTAL_OF.match(row.label.strip())
    words = _heading_words(m.group("a") or m.group("b")) if m else None
    qname = row.concept.qname if row.concept else None
    for position in range(len(frames) - 1, -1, -1):
        frame = frames[position]
        if words and frame.words == words:
            return position
        if qname is not None and frame.qname == f"{qname}Abstract":
            return position
    return None


def _heading_words(label: str) -> tuple[str, ...]:
    text = re.sub(r"\[[^\]]*\]", " ", label.lower())
    return tuple(sorted(w for w in _WORD.findall(text) if w != "total"))
