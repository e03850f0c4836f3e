"""How the columns of a statement of equity add up, row by row.

A statement of equity puts its components side by side ("Common Stock", "Additional Paid-In
Capital", "Accumulated Deficit", ...), then their subtotal ("Total Stockholders' Equity",
"Parent"), the noncontrolling interests, and the total of all ("Total", no member). Every row
adds up across: the subtotal is the sum of the components, the total the subtotal plus the
noncontrolling interests. Redeemable (temporary) equity is printed beside them but is no part
of either. A second axis crossing the components ("Additional Paid-In Capital | May 2019
Public Offering") forms a family of columns that adds up the same way on its own.

The '|' text drops empty cells, so these sums are evidence of where a short row's values sit:
a placement under which a row adds up is more likely than one under which it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.readers.rollforward import sign_doubts

_OUTSIDE = re.compile(r"redeemable|temporary|mezzanine", re.I)
_NONCONTROLLING = re.compile(r"noncontrolling|non-controlling|minority", re.I)
_SUBTOTAL = re.compile(
    r"^total\b|\bparent\b|^(stockholders|shareholders|owners)'?s?'? equity", re.I
)
_EXACT = -0.5  # a relation that adds up exactly, as printed
_ROUNDED = -0.25  # within the rounding of its terms


@dataclass(frozen=True, slots=True)
class Relation:
    total: int  # 1-based column
    parts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ColumnSums:
    relations: tuple[Relation, ...]

    def evidence(self, placed: tuple[int, ...], numbers: tuple[Decimal | None, ...]) -> float:
        """The bonus (negative cost) of the relations a row placed so adds up to."""
        if not self.relations or len(placed) < 2:
            return 0.0
        return self._evidence(placed, numbers, sign_doubts(numbers))

    def best_placements(
        self, placements: list[tuple[int, ...]], numbers: tuple[Decimal | None, ...]
    ) -> list[tuple[int, ...]]:
        """The placements under which the row adds up across (nearly) best: within one
        rounded relation of the best. All of them when the row adds up under none."""
        if not self.relations:
            return placements
        doubts = sign_doubts(numbers)  # one row: the same for every placement
        scored = [
            (self._evidence(placed, numbers, doubts) if len(placed) >= 2 else 0.0, placed)
            for placed in placements
        ]
        best = min((score for score, _ in scored), default=0.0)
        return [placed for score, placed in scored if score <= best - _ROUNDED]

    def _evidence(
        self,
        placed: tuple[int, ...],
        numbers: tuple[Decimal | None, ...],
        doubts: tuple[bool, ...],
    ) -> float:
        printed: dict[int, Decimal] = {}
        turned: dict[int, Decimal] = {}
        for column, number, doubt in zip(placed, numbers, doubts, strict=False):
            if number is not None:
                printed[column] = number
                turned[column] = -number if doubt else number
        bonus = 0.0
        for relation in self.relations:
            total = printed.get(relation.total)
            if not total:  # zeros add up under any placement: no evidence
                continue
            terms = [c for c in relation.parts if c in printed]
            if not terms:
                continue
            sums = {
                sum((printed[c] for c in terms), Decimal(0)),
                sum((turned[c] for c in terms), Decimal(0)),
            }
            if total in sums or -total in sums:  # a turned total: see sign_doubts
                bonus += _EXACT
            elif any(_within_rounding(abs(total), abs(s), len(terms)) for s in sums):
                bonus += _ROUNDED
        return bonus


def column_sums(members: list[tuple[str, ...]]) -> ColumnSums:
    """The relations among columns of these members (each column's member labels, first axis
    first; none for "Total"): per family of qualifiers, total = components + noncontrolling
    interests, and where a subtotal column is printed, subtotal = components and total =
    subtotal + noncontrolling interests."""
    qualifiers = {m for path in members for m in path[1:]}
    families: dict[tuple[str, ...], list[tuple[int, str | None]]] = {}
    for index, path in enumerate(members, start=1):
        family = tuple(m for m in path if m in qualifiers)
        component = next((m for m in path if m not in qualifiers), None)
        families.setdefault(family, []).append((index, component))
    relations: list[Relation] = []
    for columns in families.values():
        relations.extend(_family_relations(columns))
    return ColumnSums(tuple(relations))


def _family_relations(columns: list[tuple[int, str | None]]) -> list[Relation]:
    totals = [i for i, component in columns if component is None]
    subtotals = [i for i, c in columns if c is not None and _kind(c) == "subtotal"]
    parts = [i for i, c in columns if c is not None and _kind(c) == "component"]
    noncontrolling = [i for i, c in columns if c is not None and _kind(c) == "noncontrolling"]
    relations = []
    if len(totals) == 1 and len(parts) + len(noncontrolling) > 0:
        relations.append(Relation(totals[0], tuple(sorted(parts + noncontrolling))))
    if len(subtotals) == 1 and parts:
        relations.append(Relation(subtotals[0], tuple(parts)))
        if len(totals) == 1:  # the rows that print the subtotal
            relations.append(Relation(totals[0], tuple(sorted(subtotals + noncontrolling))))
    return relations


def _kind(member: str) -> str:
    if _OUTSIDE.search(member):
        return "outside"
    if _NONCONTROLLING.search(member):
        return "noncontrolling"
    if _SUBTOTAL.search(member):
        return "subtotal"
    return "component"


def _within_rounding(expected: Decimal, actual: Decimal, terms: int) -> bool:
    """Equal within one unit of the last printed digit per term (each was rounded)."""
    exponent = min(expected.as_tuple().exponent, actual.as_tuple().exponent)
    unit = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return abs(expected - actual) <= unit * terms
