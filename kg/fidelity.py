"""How close the '|' text reader gets to the HTML reader, fact by fact.

Each page is read both ways and the facts compared on label, member path, period, value and
unit. A fact "matches" when all agree; the sign is compared on its own among facts that agree
in everything but the sign. Period equality is strict (instant or duration, end and months):
the text cannot tell an instant element in a duration column without a taxonomy, and those
misses are counted as such.

The text's facts are also scored by what decided them (``placement_basis``): read as printed,
given a period, unit or date by another rule, or placed in their columns by the search (the one
guess the text forces), with or without a tie. The report prints the precision of each, so the
uncertainty marks can be checked against the truth.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.build import read_report
from kg.errors import KgError, SourceError
from kg.model import Fact, Report, Uncertainty, ValueKind
from kg.taxonomy.index import TaxonomyIndex

_ALNUM = re.compile(r"[^0-9a-z]+")
# What decided a text fact, from the surest to the least sure (see ``placement_basis``).
BASES = ("as printed", "other rules", "column-placement", "placement-tie")


@dataclass
class FidelityScore:
    """Counts of facts: expected (HTML), found (text), matched, and sign checks."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    signed: int = 0  # facts compared for sign (equal but for the sign, or equal)
    same_sign: int = 0
    misses: list[tuple[object, ...]] = field(default_factory=list)
    extras: list[tuple[object, ...]] = field(default_factory=list)
    unreadable: int = 0  # text pages the reader rejected: all their facts count as misses
    # Found facts per (basis, matched): see ``placement_basis``.
    by_basis: Counter[tuple[str, bool]] = field(default_factory=Counter)

    def add(self, other: FidelityScore) -> None:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        self.signed += other.signed
        self.same_sign += other.same_sign
        self.misses += other.misses
        self.extras += other.extras
        self.unreadable += other.unreadable
        self.by_basis.update(other.by_basis)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def sign_agreement(self) -> float:
        return self.same_sign / self.signed if self.signed else 1.0

    def basis_counts(self, basis: str) -> tuple[int, int]:
        """(matched, found) among the found facts that ``basis`` decided."""
        matched = self.by_basis[(basis, True)]
        return matched, matched + self.by_basis[(basis, False)]


def placement_basis(fact: Fact) -> str:
    """What decided a fact, the least sure first: its columns chosen by the placement search
    among others as good ("placement-tie") or not ("column-placement"), another rule of
    ``Uncertainty`` ("other rules"), or nothing but the text ("as printed")."""
    if Uncertainty.PLACEMENT_TIE in fact.uncertainties:
        return "placement-tie"
    if Uncertainty.COLUMN_PLACEMENT in fact.uncertainties:
        return "column-placement"
    return "other rules" if fact.uncertainties else "as printed"


def fact_key(fact: Fact) -> tuple[object, ...]:
    """What must agree for a text fact to be the HTML fact."""
    period = fact.period
    when = (period.type.value, period.end, period.months)
    return (fact.label, fact.member_path, when, _value(fact), fact.unit.id if fact.unit else None)


def _value(fact: Fact) -> object:
    if fact.kind is ValueKind.NUMBER:
        return Decimal(fact.value)
    if fact.kind is ValueKind.TEXT_BLOCK or len(fact.value) > 150:
        # trafilatura drops a disclosure's inner tables: compare its opening words
        return "block:" + _ALNUM.sub("", fact.value.lower())[:40]
    return " ".join(fact.value.split())


def _unsigned(key: tuple[object, ...]) -> tuple[object, ...]:
    value = key[3]
    return (*key[:3], abs(value) if isinstance(value, Decimal) else value, key[4])


def compare_reports(html: Report, text: Report) -> FidelityScore:
    return _compare(html.facts, text.facts)


def _compare(html_facts: Iterable[Fact], text_facts: Iterable[Fact]) -> FidelityScore:
    expected = Counter(fact_key(f) for f in html_facts)
    keyed = [(fact_key(f), f) for f in text_facts]
    found = Counter(key for key, _ in keyed)
    matched = expected & found
    score = FidelityScore(
        expected=sum(expected.values()),
        found=sum(found.values()),
        matched=sum(matched.values()),
    )
    score.misses = sorted((expected - found).elements(), key=repr)
    score.extras = sorted((found - expected).elements(), key=repr)
    unsigned_expected = Counter(_unsigned(k) for k in expected.elements())
    unsigned_found = Counter(_unsigned(k) for k in found.elements())
    score.signed = sum((unsigned_expected & unsigned_found).values())
    score.same_sign = score.matched
    unclaimed = expected.copy()  # a fact found twice matches once: the first in page order
    for key, fact in keyed:
        right = unclaimed[key] > 0
        unclaimed[key] -= right
        score.by_basis[(placement_basis(fact), right)] += 1
    return score


@dataclass(frozen=True)
class PagePair:
    name: str
    html: Path
    text: Path


def pair_pages(html_dir: Path, text_dir: Path, *, precision: bool = False) -> Iterator[PagePair]:
    """Text pages (``{page}.txt``, or ``{page}.precision.txt``) with their HTML originals
    (``{page}.htm`` or ``.html``), found anywhere under the two folders."""
    originals: dict[str, Path] = {}
    for path in sorted(html_dir.rglob("*")):
        if path.suffix.lower() in (".htm", ".html"):
            originals.setdefault(path.stem, path)
    suffix = ".precision.txt" if precision else ".txt"
    for text in sorted(text_dir.rglob(f"*{suffix}")):
        if not precision and text.name.endswith(".precision.txt"):
            continue
        stem = text.name.removesuffix(suffix)
        if stem in originals:
            yield PagePair(stem, originals[stem], text)


def check_fidelity(
    html_dir: Path,
    text_dir: Path,
    *,
    precision: bool = False,
    taxonomy: TaxonomyIndex | None = None,
    on_error: Callable[[SourceError], None] = lambda error: None,
) -> list[tuple[PagePair, FidelityScore]]:
    """Read every pair both ways and score the text reader (with ``taxonomy``, if given,
    resolving its elements) against the HTML reader.

    A text page the reader rejects scores every fact of its original as missed and goes to
    ``on_error``; the other pages are scored as usual.
    """
    if not html_dir.is_dir() or not text_dir.is_dir():
        raise KgError(f"not folders: {html_dir} and {text_dir}")
    results = []
    for pair in pair_pages(html_dir, text_dir, precision=precision):
        html = read_report(str(pair.html))
        try:
            score = compare_reports(html, read_report(str(pair.text), taxonomy))
        except SourceError as error:
            on_error(error)
            score = _compare(html.facts, ())
            score.unreadable = 1
        results.append((pair, score))
    if not results:
        raise KgError(f"no text page under {text_dir} has an HTML original under {html_dir}")
    return results


def _format_key(key: tuple[object, ...]) -> str:
    label, members, period, value, unit = key
    assert isinstance(period, tuple)
    kind, end, months = period
    when = f"{end}" if kind == "instant" else f"{months}m to {end}"
    path = f" [{members}]" if members else ""
    return f"{label}{path} {when}: {value} {unit or ''}".rstrip()


def _by_basis(score: FidelityScore) -> str:
    parts = []
    for basis in BASES:
        matched, found = score.basis_counts(basis)
        share = f"{matched / found:.4f}" if found else "-"
        parts.append(f"{basis} {matched} of {found} ({share})")
    return ", ".join(parts)


def fidelity_report(results: list[tuple[PagePair, FidelityScore]], *, details: bool = False) -> str:
    lines = []
    total = FidelityScore()
    for pair, score in results:
        total.add(score)
        lines.append(
            f"{pair.name:48} expected {score.expected:5} found {score.found:5} "
            f"matched {score.matched:5}  recall {score.recall:.3f} precision {score.precision:.3f}"
            + ("  (text unreadable)" if score.unreadable else "")
        )
        if details:
            lines.extend(f"    miss  {_format_key(k)}" for k in score.misses)
            lines.extend(f"    extra {_format_key(k)}" for k in score.extras)
    lines.append(
        f"TOTAL {len(results)} pages: expected {total.expected}, found {total.found}, "
        f"matched {total.matched}; recall {total.recall:.4f}, precision {total.precision:.4f}, "
        f"sign agreement {total.sign_agreement:.4f}"
        + (f"; unreadable text pages {total.unreadable}" if total.unreadable else "")
    )
    lines.append("precision by what decided the fact: " + _by_basis(total))
    return "\n".join(lines) + "\n"
