"""Give a '|' text page's rows and definition entries their elements, from the dictionaries.

The text keeps each row's label and, in the definitions block, each element's documentation
(sorted by element id), but not which element is behind which row. Evidence, strongest first:

* the report: when the page title names a report of a filing whose MetaLinks.json is among
  the dictionaries, and that filing's labels explain the page, a row can only be an element
  that report presents, under a label the filing gives it;
* documentation: an entry's definition is an element's documentation (exact after folding),
  or close to it (the taxonomy rewords definitions from year to year);
* label: a row's label is one of an element's labels (any role, any dictionary);
* order: entries are sorted by ``prefix_LocalName`` in code-point order, so resolved names
  increase down the block; an element found by its label must fit an entry between its
  resolved neighbours, and that entry's definition must not contradict it;
* shape: a heading row is an abstract, a row of numbers an item of a numeric type, a text
  block row a text block; an element's name and data type must agree with its row, and with
  the unit its values show by themselves (money, shares or pure: a symbol, a unit suffix);
* count: the block has one entry per distinct element of the rows, so the last entry and the
  last row left without a partner belong together.

Nothing is guessed: a row or entry keeps no element unless the evidence pins one, and evidence
that two readings fit equally well pins nothing. One explicit rule decides where it cannot:
same-label rows of two periods whose label names the filer's own element and a standard one
(``_Resolver._resolve_by_succession``), scored low and marked with its own method. Each
decision records its method and a score (``kg.model.Resolution``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import product

from kg.cells import parse_number
from kg.model import DefinitionEntry, PeriodType, QName, Resolution, ResolutionMethod, Uncertainty
from kg.readers.cues import (
    ABSTRACT_SUFFIX,
    is_period_end_label,
    is_period_start_label,
    split_balance_label,
    split_unit_suffix,
)
from kg.readers.grid import Grid, GridCell, GridRow
from kg.readers.headers import split_column_lines
from kg.taxonomy.assign import assign
from kg.taxonomy.calculation import Placement, placements, sum_holds, tolerance
from kg.taxonomy.elements import PERIOD_END, PERIOD_START, Element
from kg.taxonomy.index import LabelHit, TaxonomyIndex, is_standard
from kg.taxonomy.reports import ReportDictionary, merge_reports
from kg.taxonomy.text import fold, similarity, words

# -- thresholds --------------------------------------------------------------------------------
# A documentation text shared by more elements than this is boilerplate ("A roll forward is a
# reconciliation...", "Line items represent..."): it says what kind of element, not which.
GENERIC_DOCUMENTATION = 3
# Close documentation matches start here (word-sequence similarity, kg.taxonomy.text): the
# taxonomy rewords a definition from year to year, mostly a clause at a time.
CLOSE_DOCUMENTATION = 0.90
# A close match stands alone (without a row label agreeing) only from here, and only when the
# next best element that fits the block is at least CLOSE_MARGIN behind.
CLOSE_ALONE = 0.95
CLOSE_MARGIN = 0.04
# Below this similarity an entry's definition contradicts an element's known documentation.
CONTRADICTS = 0.75
# An entry's definition shares at least this share of an undocumented element's name words.
NAME_IN_DEFINITION = 0.5
# Label evidence: a main label (standard, terse, total, period start or end) the element's own
# taxonomy or this page's filer gives it; another of their roles (verbose, negated...); and any
# label another filer gave it (their wording: filers label neighbouring elements alike).
LABEL_OWN = 1.0
LABEL_OWN_OTHER_ROLE = 0.8
LABEL_OTHER_FILER = 0.6
# ...and the wording two or more other filers give it (dei's cover labels), where the page has
# no definitions block to pair rows with: there a label is the only evidence.
LABEL_CONSENSUS = 0.8
# A label alone resolves a row (no documentation agreeing) only from this weight.
LABEL_ALONE = 0.8
# Word nearness of a label to an element's labels and name, as a share of the label's words:
# nothing below NEAR_FLOOR; NEAR_WEIGHT scales it against the label weights above.
NEAR_FLOOR = 0.5
NEAR_WEIGHT = 0.5
# A filing's report is the page's when its labels explain at least this share of the page's
# row labels (the rest: text block lines read as rows, labels the reader could not clean).
REPORT_EXPLAINS = 0.9
# Readings of a page's same-label rows tried against the report's calculations, at most.
MAX_READINGS = 720
# Elimination: each pair scores _PAIR (complete pairings first) plus its words' nearness; a
# pair another complete pairing does without is kept only when its own words are near, its
# pairing is ELIMINATION_WORDS ahead on words, and few pairs are contested: on a long page
# one row the text lost shifts a whole chain of pairs that words alone do not notice.
_PAIR = 100.0
ELIMINATION_WORDS = 0.3
ELIMINATION_WORDS_ENTRIES = 4
# Pairing rows with entries: a pair is kept from this score, and when forbidding it costs the
# best pairing at least this much (kg.taxonomy.assign).
ASSIGN_FLOOR = 0.5
ASSIGN_MARGIN = 0.5
# A rule, not evidence (see _Resolver._resolve_by_succession): scored below every pin.
SUCCESSION_SCORE = 0.5

_GENERIC_NAMES = ("LineItems", "RollForward", "Table", "Axis", "Domain")
_TEXT_BLOCK_NAMES = ("TextBlock", "Policy")
_CONTEXT_FREE_ROLES = frozenset({"label", "verboseLabel", "totalLabel", PERIOD_START, PERIOD_END})
_MAIN_ROLES = frozenset({"label", "terseLabel", "totalLabel", PERIOD_START, PERIOD_END})
_UNIT_CATEGORIES = {
    "monetaryItemType": "monetary",
    "sharesItemType": "shares",
    "perShareItemType": "per-share",
    "percentItemType": "pure",
    "pureItemType": "pure",
}
# Units a row's values show, by what they can be: a currency symbol serves money and money per
# share alike.
_UNIT_KINDS = {"monetary": "money", "per-share": "money", "shares": "shares", "pure": "pure"}
_NUMERIC_TYPES = frozenset(
    {
        *_UNIT_CATEGORIES,
        "decimalItemType",
        "floatItemType",
        "doubleItemType",
        "integerItemType",
        "nonNegativeIntegerItemType",
        "positiveIntegerItemType",
    }
)
_NON_NUMERIC_TYPES = (
    "stringItemType",
    "textBlockItemType",
    "dateItemType",
    "booleanItemType",
    "anyURIItemType",
    "normalizedStringItemType",
    "tokenItemType",
    "durationItemType",
    "gYearItemType",
    "gMonthDayItemType",
    "enumerationItemType",
    "enumerationSetItemType",
    "domainItemType",
)


def resolve_grid(grid: Grid, index: TaxonomyIndex) -> Grid:
    """Fill the grid's row elements and definition entries from ``index``.

    Meant for grids read from '|' text; anything the evidence does not pin is left as it is,
    and a row whose text names its element (EdgarRenderer 2's numbers do) keeps it. An HTML
    grid's rows name their elements: only those the page does not describe are typed. Changes
    the grid in place and returns it.
    """
    if len(index) == 0:
        return grid
    if grid.media_type == "text/html":
        _type_undescribed_rows(grid, index)
        return grid
    _Resolver(grid, index).run()
    return grid


def _type_undescribed_rows(grid: Grid, index: TaxonomyIndex) -> None:
    """An HTML report table kept without its definitions: its rows name their elements (their
    links), but nothing on the page types them. The dictionary does, over what their labels
    hinted: unit category and period type (a percentage of a balance is an instant)."""
    described = grid.element_details()
    for position, row in enumerate(grid.rows):
        if row.element is None or row.element in described or row.is_segment:
            continue
        element = index.element(row.element)
        if element is None:
            continue
        period = element.period_type
        grid.rows[position] = replace(
            row,
            cells=_typed_cells(row.cells, element, over_hints=True),
            period_type=period or row.period_type,
            is_period_start=row.is_period_start and period is not PeriodType.DURATION,
            names_a_balance=row.names_a_balance and period is None,
        )


# -- what the page shows -----------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    slot: int  # index into grid.definitions
    text: str | None  # the definition as printed, None when the entry shows none
    exact: tuple[QName, ...] = ()  # elements whose documentation is this text
    generic: bool = False
    element: QName | None = None
    resolution: Resolution | None = None
    kinds: list[int] = field(default_factory=list)  # row kinds paired with this entry


@dataclass(slots=True)
class _Kind:
    """Rows printing one label with one shape: one element (repeated under segments, or the
    same balance at the start and end of a roll-forward under different labels)."""

    label: str
    rows: list[int]
    shape: str  # "heading", "number", "text-block", "text"; "blank" a nil row read as heading
    symbols: bool  # some value prints a currency symbol
    hits: list[LabelHit] = field(default_factory=list)
    element: QName | None = None
    resolution: Resolution | None = None
    entry: int | None = None  # index into _Resolver.entries
    segments: set[int] = field(default_factory=set)  # the member titles its rows sit under
    heading: str = ""  # the label-only line above its first row, in its segment


@dataclass(slots=True)
class _Resolver:
    grid: Grid
    index: TaxonomyIndex
    entries: list[_Entry] = field(default_factory=list)
    kinds: list[_Kind] = field(default_factory=list)
    filers: frozenset[str] = frozenset()
    report: ReportDictionary | None = None  # the page's own report, when a MetaLinks has it

    def run(self) -> None:
        self.report = self._own_report()
        self._read_page()
        self.filers = self._page_filers()
        if self.report is not None:
            self._take_report_labels(self.report)
        for kind in self.kinds:
            kind.hits = [
                h for h in kind.hits if self._allowed(h.qname) and self._fits(h.qname, kind)
            ]
        self._pin_by_documentation()
        self._pair_roll_forward_balances()
        self._resolve_by_report()
        self._resolve_by_calculation()
        self._resolve_close_documentation()
        self._resolve_by_label()
        self._assign_rows()
        self._resolve_by_label()
        self._resolve_by_succession()
        self._pair_by_elimination()
        self._apply()

    # -- reading -------------------------------------------------------------------------------

    def _read_page(self) -> None:
        for slot, entry in enumerate(self.grid.definitions):
            if entry.is_member:
                continue
            text = entry.definition
            if entry.qname is not None:  # the page names it: only its rows are left to find
                page = Resolution(ResolutionMethod.PAGE, 1.0)
                self.entries.append(_Entry(slot, text, (entry.qname,), False, entry.qname, page))
                continue
            exact = self.index.by_documentation(text) if text else ()
            self.entries.append(
                _Entry(slot, text, exact, generic=len(exact) > GENERIC_DOCUMENTATION)
            )
        # Rows of one label and shape are one element when they print balances, or sit under
        # different titles (member titles or headings: the same line repeated per segment)
        # and agree on currency symbols; two such rows under one title are two elements. A
        # heading the page's own report knows as an abstract is no title: rows under
        # "Current assets:" and "Non-current assets:" are other elements, not other members.
        abstracts = self._report_abstract_labels()
        by_key: dict[tuple[str, str], list[_Kind]] = {}
        segment = 0
        heading = ""
        for position, row in enumerate(self.grid.rows):
            if row.is_segment or (not row.cells and fold(row.label) not in abstracts):
                segment = position + 1
            if row.is_segment:
                heading = ""
                continue
            label = _clean_label(row)
            shape = _row_shape(row)
            symbols = any(_has_symbol(cell) for cell in row.cells)
            key = (" ".join(label.lower().split()), shape)
            if not key[0]:
                continue
            balance = (
                bool(row.is_balance)
                or (row.is_balance is not False and split_balance_label(row.label) is not None)
                or _balance_text(label)
            )
            kinds = by_key.setdefault(key, [])
            kind = next(
                (
                    k
                    for k in kinds
                    if balance
                    or (
                        segment not in k.segments
                        and k.symbols == symbols
                        and not _other_abstract(k.heading, heading)
                    )
                ),
                None,
            )
            if kind is None:
                kind = _Kind(label, [], shape, symbols, list(self.index.by_label(label)))
                kind.heading = heading
                kinds.append(kind)
                self.kinds.append(kind)
            kind.segments.add(segment)
            kind.rows.append(position)
            if not row.cells:
                heading = label

    def _page_filers(self) -> frozenset[str]:
        """The filer prefix this page's own elements carry, as far as the evidence shows.

        A filer's element (``tsla:...``) is a candidate only on that filer's pages: another
        company's element of the same name is another element. A prefix counts when at least
        two entries or labels of the page point to that filer's elements alone, and no other
        filer comes close.
        """
        votes: Counter[str] = Counter()
        for entry in self.entries:
            prefixes = {q.prefix for q in entry.exact if not is_standard(q)}
            if len(prefixes) == 1 and not entry.generic:
                votes[prefixes.pop()] += 1
        for kind in self.kinds:
            prefixes = {h.qname.prefix for h in kind.hits if not is_standard(h.qname)}
            if len(prefixes) == 1:
                votes[prefixes.pop()] += 1
        if not votes:
            return frozenset()
        (best, count), *rest = votes.most_common()
        if count < 2 or (rest and rest[0][1] * 2 > count):
            return frozenset()
        return frozenset({best})

    def _own_report(self) -> ReportDictionary | None:
        """The report the page title names, merged over the filings that have one so named,
        if their labels explain the page's rows."""
        title = self.grid.title_lines[0] if self.grid.title_lines else ""
        found = self.index.reports_titled(title) if title else []
        if not found:
            return None
        report = merge_reports(found)
        labels = {fold(text) for labels in report.labels.values() for _, text in labels}
        rows = {fold(_clean_label(row)) for row in self.grid.rows if not row.is_segment} - {""}
        if not rows or len(rows & labels) < REPORT_EXPLAINS * len(rows):
            return None
        return report

    def _report_abstract_labels(self) -> set[str]:
        """The (folded) labels of the abstracts the page's own report presents, less any
        label a member of it also has."""
        if self.report is None:
            return set()
        abstracts: set[str] = set()
        members: set[str] = set()
        for qname, labels in self.report.labels.items():
            if qname.local.endswith("Member"):
                members |= {fold(text) for _, text in labels}
            elif qname.local.endswith(("Abstract", *_GENERIC_NAMES)):
                abstracts |= {fold(text) for _, text in labels}
        return abstracts - members

    def _take_report_labels(self, report: ReportDictionary) -> None:
        """Each row kind's readings become the report's elements that have its label: the
        filing's own words for what it presents, in place of every dictionary's."""
        by_label: dict[str, list[LabelHit]] = {}
        for qname, labels in report.labels.items():
            for role, text in labels:
                by_label.setdefault(fold(text), []).append(LabelHit(qname, role, qname.prefix))
        for kind in self.kinds:
            kind.hits = by_label.get(fold(kind.label), [])
            if kind.shape == "heading" and not any(self._structural(h.qname) for h in kind.hits):
                kind.shape = "blank"  # a label-only line no abstract of the report has: nil
        self.filers |= {q.prefix for q in report.labels if not is_standard(q)}

    def _allowed(self, qname: QName) -> bool:
        if self.report is not None:
            return qname in self.report.labels
        return is_standard(qname) or qname.prefix in self.filers

    def _structural(self, qname: QName) -> bool:
        """An abstract, table, axis, domain or line items: what a heading row shows."""
        element = self.index.element(qname)
        return qname.local.endswith(("Abstract", *_GENERIC_NAMES)) or bool(
            element and element.abstract
        )

    def _fits(self, qname: QName, kind: _Kind) -> bool:
        """Whether an element's name and data type agree with what its rows show."""
        local = qname.local
        element = self.index.element(qname)
        if local.endswith("Member"):
            return False
        structural = self._structural(qname)
        if kind.shape == "heading":
            return structural
        if structural:
            return False
        if kind.shape == "blank":
            return True
        type_name = _type_name(element)
        text_block = local.endswith(_TEXT_BLOCK_NAMES) or type_name == "textBlockItemType"
        if kind.shape == "text-block":
            return text_block
        if text_block:
            return False
        if kind.shape == "number":
            if type_name in _NON_NUMERIC_TYPES:
                return False
            category = _UNIT_CATEGORIES.get(type_name)
            # A currency symbol is never printed on shares or pure numbers.
            if kind.symbols and category in ("shares", "pure"):
                return False
            shown = self._shown_unit(kind)
            return shown is None or category is None or _UNIT_KINDS[category] == shown
        return type_name not in _NUMERIC_TYPES  # text values (dei has many text types)

    def _shown_unit(self, kind: _Kind) -> str | None:
        """The kind of unit ("money", "shares", "pure") every value of the kind's rows shows
        by itself (a symbol, a unit suffix, a column's unit, a percent sign); None when a
        value's unit was only inferred or the values disagree."""
        shown = set()
        for index in kind.rows:
            for cell in self.grid.rows[index].cells:
                if cell.unit_category is None or Uncertainty.UNIT_INFERRED in cell.uncertainties:
                    return None
                shown.add(_UNIT_KINDS.get(cell.unit_category))
        return shown.pop() if len(shown) == 1 else None

    # -- documentation -------------------------------------------------------------------------

    def _pin_by_documentation(self) -> None:
        """Entries whose definition is the documentation of exactly one allowed element, kept
        where the pinned names increase down the block (the longest such chain)."""
        pins: list[tuple[int, QName]] = []
        for position, entry in enumerate(self.entries):
            if entry.generic or entry.element is not None:
                continue
            allowed = [q for q in entry.exact if self._allowed(q)]
            if len(allowed) == 1:
                pins.append((position, allowed[0]))
        for position, qname in _longest_increasing(pins):
            entry = self.entries[position]
            entry.element = qname
            entry.resolution = Resolution(ResolutionMethod.DOCUMENTATION, 1.0)

    def _resolve_close_documentation(self) -> None:
        """Entries whose definition is close to the documentation of an element that fits
        between the resolved neighbours: a rewording from another taxonomy year.

        Alone, the match must be very close and clearly ahead of every other fitting element;
        where a row's label names the same element, the lower floor is enough (the label step
        then records both).
        """
        changed = True
        while changed:
            changed = False
            for position, entry in enumerate(self.entries):
                if entry.element is not None or entry.text is None or entry.generic:
                    continue
                if entry.exact:
                    continue  # an exact match that did not pin is ambiguous, not close
                hits = [
                    h
                    for h in self.index.close_documentation(entry.text, floor=CLOSE_DOCUMENTATION)
                    if self._allowed(h.qname) and position in self._open_slots(h.qname)
                ]
                if not hits:
                    continue
                best = hits[0]
                runner_up = hits[1].score if len(hits) > 1 else 0.0
                labelled = any(best.qname in {h.qname for h in k.hits} for k in self.kinds)
                alone = best.score >= CLOSE_ALONE and best.score - runner_up >= CLOSE_MARGIN
                if alone or (labelled and best.score - runner_up >= CLOSE_MARGIN):
                    entry.element = best.qname
                    entry.resolution = Resolution(
                        ResolutionMethod.CLOSE_DOCUMENTATION, round(best.score, 3)
                    )
                    changed = True

    # -- roll-forwards -------------------------------------------------------------------------

    def _pair_roll_forward_balances(self) -> None:
        """Balance rows under an "X [Roll Forward]" heading print the element labelled X: a
        roll-forward's label is its balance element's label with " [Roll Forward]" (us-gaap's
        and the renderer's convention), so "Accounts Receivable, Allowance for Credit Loss
        [Roll Forward]" opens and closes with AllowanceForDoubtfulAccountsReceivable. Paired
        when one element has label X and the block's entry for it is pinned or the only one
        its id fits."""
        for kind in self.kinds:
            base = _roll_forward_subject(kind.heading)
            if kind.element is not None or base is None or not _balance_label(kind):
                continue
            named = {
                h.qname
                for h in self.index.by_label(base)
                if h.role in _MAIN_ROLES and self._allowed(h.qname) and self._fits(h.qname, kind)
            }
            if len(named) != 1:
                continue
            qname = named.pop()
            position = self._entry_of(qname)
            if position is None and self.entries:
                slots = [i for i in self._open_slots(qname) if self._compatible(i, qname)]
                position = slots[0] if len(slots) == 1 else None
                if position is None:
                    continue
            documented = self.entries[position].resolution if position is not None else None
            method = (
                ResolutionMethod.DOCUMENTATION_AND_LABEL
                if documented is not None and documented.method is ResolutionMethod.DOCUMENTATION
                else ResolutionMethod.LABEL
            )
            self._pair(kind, position, qname, Resolution(method, LABEL_OWN_OTHER_ROLE))

    def _roll_forward_flow(self, kind: _Kind) -> bool:
        """A row under a roll-forward heading that is not one of its balances."""
        return _roll_forward_subject(kind.heading) is not None and not _balance_label(kind)

    def _instant(self, qname: QName) -> bool:
        element = self.index.element(qname)
        return element is not None and element.period_type is PeriodType.INSTANT

    # -- the page's own report ----------------------------------------------------------------

    def _resolve_by_report(self) -> None:
        """Row kinds whose label only one of the report's elements has (and fits): that
        element. Its entry is the one the documentation pinned to it, else the one open entry
        its id fits; with no such entry the row keeps the element without one (the text may
        have dropped definitions)."""
        if self.report is None:
            return
        for kind in self.kinds:
            elements = _elements(kind)
            if kind.element is not None or len(elements) != 1:
                continue
            qname = elements.pop()
            self._take(kind, qname, ResolutionMethod.REPORT)

    def _take(
        self, kind: _Kind, qname: QName, method: ResolutionMethod, score: float = 1.0
    ) -> None:
        """Give a kind the element the report pins, with the entry that has (or fits) it; the
        method says what told the row (calculation), or that label and documentation agree."""
        position = self._entry_of(qname)
        if position is None:
            slots = [i for i in self._open_slots(qname) if self._compatible(i, qname)]
            position = slots[0] if len(slots) == 1 else None
        documented = self.entries[position].resolution if position is not None else None
        if (
            method is ResolutionMethod.REPORT
            and documented is not None
            and documented.method is ResolutionMethod.DOCUMENTATION
        ):
            method = ResolutionMethod.DOCUMENTATION_AND_LABEL  # the label its documentation's
        self._pair(kind, position, qname, Resolution(method, score))

    def _resolve_by_calculation(self) -> None:
        """Kinds whose label several of the report's elements have: the element every reading
        gives them under which each calculation they take part in adds up, when arithmetic
        rules some reading out (so "Term debt" under current liabilities is the current one).
        """
        if self.report is None:
            return
        changed = True
        while changed:
            changed = False
            kinds = [k for k in self.kinds if k.element is None and len(_elements(k)) > 1]
            options = [self._calculation_options(kind) for kind in kinds]
            count = 1
            for choice in options:
                count *= len(choice)
            if not kinds or count > MAX_READINGS:
                return
            readings = [r for r in product(*options) if len(set(r)) == len(r)]
            holding = [r for r in readings if self._adds_up(dict(zip(r, kinds, strict=True)))]
            if not holding or len(holding) == len(readings):
                return
            for position, kind in enumerate(kinds):
                pinned = {reading[position] for reading in holding}
                if len(pinned) == 1:
                    self._take(kind, pinned.pop(), ResolutionMethod.CALCULATION)
                    changed = True

    def _calculation_options(self, kind: _Kind) -> list[QName]:
        """A kind's readings, less elements another row shows with other numbers."""
        shown = {k.element: k for k in self.kinds if k.element is not None}
        return [
            q
            for q in sorted(_elements(kind), key=str)
            if q not in shown or _same_numbers(shown[q], kind, self.grid)
        ]

    def _adds_up(self, reading: dict[QName, _Kind]) -> bool:
        """Whether no calculation of the report fails on the page under ``reading`` (open
        kinds given elements) and what is resolved."""
        assert self.report is not None
        shown: dict[QName, list[_Kind]] = {}
        for kind in self.kinds:
            if kind.element is not None:
                shown.setdefault(kind.element, []).append(kind)
        for qname, kind in reading.items():
            shown.setdefault(qname, []).append(kind)
        parents = {self.report.parents[q][0] for q in reading if q in self.report.parents}
        totals = parents | set(reading)  # the sums a reading's elements add to, or total
        return all(self._sum_holds(total, shown, reading) is not False for total in totals)

    def _sum_holds(
        self, total: QName, shown: dict[QName, list[_Kind]], reading: dict[QName, _Kind]
    ) -> bool | None:
        """Whether ``total``'s calculation holds on its rows; None when the page cannot say
        (a row missing or repeated, a sign unknown, a child perhaps among the open rows)."""
        assert self.report is not None
        children = [(q, w) for q, (p, w) in self.report.parents.items() if p == total]
        if not children or len(shown.get(total, ())) != 1:
            return None
        undecided = [k for k in self.kinds if k.element is None and k not in reading.values()]
        terms = []
        rows = []
        for child, weight in children:
            kinds = shown.get(child, [])
            if not kinds:
                if any(child in _elements(k) for k in undecided):
                    return None
                continue  # not on the page: no fact to add
            term = self._placements(kinds, child)
            if term is None:
                return None
            terms.append((term, weight))
            rows.append(self.grid.rows[kinds[0].rows[0]])
        whole = self._placements(shown[total], total)
        if whole is None or not terms:
            return None
        rows.append(self.grid.rows[shown[total][0].rows[0]])
        return sum_holds(whole, terms, tolerance(rows))

    def _placements(self, kinds: list[_Kind], qname: QName) -> list[Placement] | None:
        if len(kinds) != 1 or len(kinds[0].rows) != 1:
            return None
        sign = self._sign(kinds[0], qname)
        if sign is None:
            return None
        return placements(self.grid.rows[kinds[0].rows[0]], len(self.grid.columns), sign)

    def _sign(self, kind: _Kind, qname: QName) -> int | None:
        """-1 when the row prints the element under a negated label, 1 when not, None when
        its label is both."""
        assert self.report is not None
        label = fold(kind.label)
        roles = {r for r, text in self.report.labels.get(qname, ()) if fold(text) == label}
        negated = {"negated" in r.lower() for r in roles}
        if len(negated) != 1:
            return None
        return -1 if negated.pop() else 1

    def _resolve_by_succession(self) -> None:
        """Two open rows of one label, one in later periods than the other, whose label names
        the same two elements, the filer's own and a standard one: the later periods take the
        standard element, the earlier ones the filer's (SUCCESSION_SCORE).

        This is a rule, not evidence on the page: a filer that moves a line item from its own
        element to the standard one for the current periods may leave the comparative periods
        on the old element (Apple's 2025 10-Q, derivative instruments in comprehensive
        income); the move the other way is what the SEC asks filers not to make.
        """
        by_label: dict[str, list[_Kind]] = {}
        for kind in self.kinds:
            if kind.element is None and kind.shape == "number":
                by_label.setdefault(fold(kind.label), []).append(kind)
        taken = {k.element for k in self.kinds if k.element is not None}
        for pair in by_label.values():
            elements = _elements(pair[0]) - taken  # the others' rows print other numbers
            if len(pair) != 2 or len(elements) != 2 or elements != _elements(pair[1]) - taken:
                continue
            standard = [q for q in elements if is_standard(q)]
            own = [q for q in elements if q.prefix in self.filers]
            order = self._by_period(pair)
            if len(standard) != 1 or len(own) != 1 or order is None:
                continue
            earlier, later = order
            self._take(later, standard[0], ResolutionMethod.SUCCESSION, SUCCESSION_SCORE)
            self._take(earlier, own[0], ResolutionMethod.SUCCESSION, SUCCESSION_SCORE)

    def _by_period(self, pair: list[_Kind]) -> tuple[_Kind, _Kind] | None:
        """The two kinds as (earlier, later) when every column date of one precedes every
        column date of the other, else None."""
        dates: list[set[dt.date]] = []
        for kind in pair:
            columns = {c.column for i in kind.rows for c in self.grid.rows[i].cells}
            dated = [d for c in columns if (d := _column_date(self.grid, c)) is not None]
            if not columns or len(dated) < len(columns):
                return None  # a column without a date: the periods cannot be ordered
            dates.append(set(dated))
        first, second = dates
        if max(first) < min(second):
            return pair[0], pair[1]
        if max(second) < min(first):
            return pair[1], pair[0]
        return None

    # -- labels --------------------------------------------------------------------------------

    def _resolve_by_label(self) -> None:
        """Rows whose label names exactly one element still open on the page, not yet resolved.

        With a definitions block, the element must fit exactly one open entry between its
        resolved neighbours, and that entry's definition must not contradict it. Without one
        (trafilatura dropped it), the label alone decides: only one element may have it.
        """
        changed = True
        while changed:
            changed = False
            for kind in self.kinds:
                if kind.element is not None:
                    continue
                live = self._live(kind)
                if len(live) != 1:
                    continue
                qname, slots = live.popitem()
                if self._entry_of(qname) is not None or (self.entries and len(slots) != 1):
                    continue  # a resolved entry's rows are paired by _assign_rows
                if not _label_may_resolve(kind):
                    continue
                score = _label_weight(kind.hits, qname, self.filers, consensus=not self.entries)
                if score < LABEL_ALONE or not (self.entries or self._named(kind, qname)):
                    continue
                resolution = Resolution(ResolutionMethod.LABEL, score)
                self._pair(kind, slots[0] if slots else None, qname, resolution)
                changed = True

    def _named(self, kind: _Kind, qname: QName) -> bool:
        """Whether the row's label is a filer's label of ``qname`` or one of the standard
        taxonomy's labels that need no context: a terse or negated label leans on its heading
        ("Sales" is us-gaap's terse label of plan assets divested, under a pension plan's
        heading), which only a definitions block could confirm."""
        return any(
            h.qname == qname and (h.filer or h.role in _CONTEXT_FREE_ROLES) for h in kind.hits
        )

    def _live(self, kind: _Kind) -> dict[QName, list[int]]:
        """The readings of a row kind's label still open: each element it names, with the
        entries it could be (its resolved entry, or the open entries its id fits)."""
        others = {k.element for k in self.kinds if k.element and k is not kind}
        out: dict[QName, list[int]] = {}
        for hit in kind.hits:
            qname = hit.qname
            if qname in out:
                continue
            pinned = self._entry_of(qname)
            if pinned is not None:
                if not self.entries[pinned].kinds or _balance_label(kind):
                    out[qname] = [pinned]
            elif qname in others:
                continue
            elif not self.entries:
                out[qname] = []
            else:
                slots = [i for i in self._open_slots(qname) if self._compatible(i, qname)]
                if slots:
                    out[qname] = slots
        return out

    def _entry_of(self, qname: QName) -> int | None:
        return next((i for i, e in enumerate(self.entries) if e.element == qname), None)

    def _assign_rows(self) -> None:
        """Pair the open row kinds with the open entries as a whole, by how well each label
        reads as each entry's element, and keep the pairs the others do not contest.

        A label the element has (its own taxonomy's or filer's wording) scores highest,
        another filer's wording less, and a label merely made of the element's words least.
        A pair is kept when forbidding it costs the best pairing at least ASSIGN_MARGIN. Kinds
        of one label that can each be the same single entry and no other pair as one.
        """
        entries = [i for i, e in enumerate(self.entries) if not e.kinds]
        units: dict[object, tuple[list[_Kind], dict[int, tuple[float, QName | None]]]] = {}
        for kind in self.kinds:
            if kind.entry is not None:
                continue
            found = {e: a for e in entries if (a := self._affinity(kind, e))[0] > 0}
            # Rows of one label that can be one entry only, the same, are that one element
            # shown twice (a balance sheet's cash again under another heading).
            key: object = (fold(kind.label), *found.items()) if len(found) == 1 else id(kind)
            units.setdefault(key, ([], found))[0].append(kind)
        groups = list(units.values())
        scores = {(u, e): a[0] for u, (_, found) in enumerate(groups) for e, a in found.items()}
        for (u, e), margin in assign(scores).items():
            kinds, found = groups[u]
            score, qname = found[e]
            if margin < ASSIGN_MARGIN or score < ASSIGN_FLOOR:
                continue
            for kind in kinds:
                self._assign(kind, e, qname, score)

    def _assign(self, kind: _Kind, e: int, qname: QName | None, score: float) -> None:
        """Pair a kind with the entry the assignment gave it, and its element if it reads one."""
        entry = self.entries[e]
        if entry.element is None and not _label_may_resolve(kind):
            return
        if entry.element is not None:
            method = (
                ResolutionMethod.DOCUMENTATION_AND_LABEL
                if entry.resolution and entry.resolution.method is ResolutionMethod.DOCUMENTATION
                else ResolutionMethod.CLOSE_DOCUMENTATION_AND_LABEL
            )
            base = entry.resolution.score if entry.resolution else 1.0
            resolution = Resolution(method, round(min(base, score), 3))
        else:
            resolution = Resolution(ResolutionMethod.LABEL, round(score, 3))
        self._pair(kind, e, qname, resolution if qname else None)

    def _affinity(self, kind: _Kind, position: int) -> tuple[float, QName | None]:
        """How well a row kind reads as entry ``position``, and the element that reading gives."""
        entry = self.entries[position]
        if not _shape_fits_entry(kind, entry):
            return 0.0, None
        if entry.element is not None:
            qname = entry.element
            if not self._fits(qname, kind):
                return 0.0, None
            label = _label_weight(kind.hits, qname, self.filers)
            near = max(self._nearness(kind.label, qname), _text_nearness(kind.label, entry.text))
            return max(label + NEAR_WEIGHT * near / 2, NEAR_WEIGHT * near), qname
        weights: dict[QName, float] = {}
        for hit in kind.hits:
            qname = hit.qname
            if qname in weights or self._entry_of(qname) is not None:
                continue
            if position in self._open_slots(qname) and self._compatible(position, qname):
                weights[qname] = _label_weight(kind.hits, qname, self.filers)
        ranked = sorted(weights.items(), key=lambda item: (-item[1], str(item[0])))
        if not ranked or ranked[0][1] == 0.0:
            # No element reads so: the label's words in the definition pair them, unresolved.
            return NEAR_WEIGHT * _text_nearness(kind.label, entry.text), None
        (qname, weight), *others = ranked
        if others and others[0][1] > weight - ASSIGN_MARGIN:
            return weight, None  # the row is this entry's, but which element is in doubt
        return weight, qname

    def _nearness(self, label: str, qname: QName) -> float:
        """The share of a label's words found among an element's labels and name (0 to 1);
        under NEAR_FLOOR it counts as nothing."""
        wanted = _content_words(label)
        if not wanted:
            return 0.0
        element = self.index.element(qname)
        have = _name_words(qname.local)
        for _, text in element.labels if element else ():
            have |= _content_words(text)
        share = len(wanted & have) / len(wanted)
        return share if share >= NEAR_FLOOR else 0.0

    # -- order ---------------------------------------------------------------------------------

    def _open_slots(self, qname: QName) -> list[int]:
        """Entries without an element whose resolved neighbours bracket ``qname``'s id."""
        key = _key(qname)
        slots = []
        lower = ""
        for position, entry in enumerate(self.entries):
            if entry.element is not None:
                lower = _key(entry.element)
                if lower >= key:
                    break
                continue
            upper = next((_key(e.element) for e in self.entries[position + 1 :] if e.element), None)
            if lower < key and (upper is None or key < upper):
                slots.append(position)
        return slots

    def _compatible(self, position: int, qname: QName) -> bool:
        """Whether entry ``position``'s definition may be ``qname``'s documentation.

        An entry without a definition is an element without documentation: an abstract, or a
        filer's undocumented element. Boilerplate definitions belong to tables, line items,
        roll-forwards, axes and domains. Any other definition must be close to what the
        dictionaries say the element's documentation is, where they say it.
        """
        entry = self.entries[position]
        local = qname.local
        known = self.index.documentation_of(qname)
        if entry.text is None:
            return local.endswith("Abstract") or (not is_standard(qname) and not known)
        if qname in entry.exact:
            return True
        if entry.generic or entry.exact:
            return False
        if local.endswith(("Abstract", *_GENERIC_NAMES)):
            return False
        if not known:
            # The dictionaries have only labels for it: a definition still names what it
            # defines, so one that shares few words with the element's name is another's.
            name = _name_words(local)
            shared = len(name & _content_words(entry.text)) / len(name) if name else 1.0
            return shared >= NAME_IN_DEFINITION
        text = words(fold(entry.text))
        return max(similarity(text, words(doc)) for doc in known) >= CONTRADICTS

    # -- what is left --------------------------------------------------------------------------

    def _pair_by_elimination(self) -> None:
        """Open row kinds and open entries that can be paired one way only belong together:
        the block has one entry per distinct element of the rows.

        Kinds printing a beginning and an ending balance of the same wording ("Balance at the
        beginning of the year", "... end of the year") count as one element. A kind and an
        entry may pair when the entry's definition fits the row's shape and any element
        either has fits the row and, for a kind's element, the entry's place in the block.
        Every open entry must find a kind (the block lists the page's elements); pairs are
        made only when such a pairing exists and the pair is in every one of them, or in the
        one whose labels' words are clearly nearer their entries' elements and definitions
        than in any other ("Write-off" and "direct write-downs" rather than "... recovery").
        """
        if not self.entries:
            return
        open_entries = [i for i, e in enumerate(self.entries) if not e.kinds]
        units = self._open_units()
        if not open_entries or len(units) < len(open_entries):
            return
        scores = {
            (u, e): _PAIR + self._words_near(group, e)
            for u, group in enumerate(units)
            for e in open_entries
            if self._may_pair(group, e)
        }
        chosen = assign(scores)
        if len(chosen) != len(open_entries):
            return  # some entry finds no row: the block is not what the rows show
        contested = sum(margin < _PAIR / 2 for margin in chosen.values())
        paired = False
        for (u, position), margin in chosen.items():
            forced = margin >= _PAIR / 2
            worded = (
                contested <= ELIMINATION_WORDS_ENTRIES
                and margin >= ELIMINATION_WORDS
                and scores[(u, position)] > _PAIR
            )
            if not (forced or worded):
                continue  # another complete pairing does as well without this pair
            entry = self.entries[position]
            group = units[u]
            qname = entry.element or next((k.element for k in group if k.element), None)
            base = entry.resolution.score if entry.resolution else 1.0
            method = Resolution(ResolutionMethod.ELIMINATION, base)
            for kind in group:
                self._pair(kind, position, qname, kind.resolution or method)
            if qname is not None and entry.resolution is None:
                entry.resolution = method
            paired = True
        if paired:
            self._pair_by_elimination()  # pairs decided by words may force others

    def _words_near(self, group: list[_Kind], position: int) -> float:
        """How much of a unit's label wording an entry's element labels or definition have."""
        entry = self.entries[position]
        near = 0.0
        for kind in group:
            near = max(near, _text_nearness(kind.label, entry.text))
            if entry.element is not None:
                near = max(near, self._nearness(kind.label, entry.element))
        return near

    def _standard_slot(self, position: int) -> bool:
        """Whether entry ``position`` is a standard taxonomy's element by the block's order:
        its resolved neighbours on both sides carry the same standard prefix, and every id
        sorted between ``us-gaap_A`` and ``us-gaap_B`` starts with ``us-gaap_``."""
        before = next(
            (e.element for e in reversed(self.entries[:position]) if e.element is not None), None
        )
        after = next(
            (e.element for e in self.entries[position + 1 :] if e.element is not None), None
        )
        return (
            before is not None
            and after is not None
            and before.prefix == after.prefix
            and is_standard(before)
        )

    def _open_units(self) -> list[list[_Kind]]:
        """The open row kinds, a beginning and an ending balance of one wording together."""
        units: list[list[_Kind]] = []
        balances: dict[str, list[_Kind]] = {}
        for kind in self.kinds:
            if kind.entry is not None:
                continue
            if _balance_label(kind):
                key = " ".join(w for w in fold(kind.label).split() if w not in _BALANCE_WORDS)
                if key in balances:
                    balances[key].append(kind)
                    continue
                balances[key] = [kind]
                units.append(balances[key])
            else:
                units.append([kind])
        return units

    def _may_pair(self, group: list[_Kind], position: int) -> bool:
        entry = self.entries[position]
        if not all(_shape_fits_entry(kind, entry) for kind in group):
            return False
        if (
            entry.text is None
            and entry.element is None
            and any(kind.shape != "heading" for kind in group)
            and self._standard_slot(position)
        ):
            return False  # a standard element without documentation is an abstract
        elements = {kind.element for kind in group if kind.element is not None}
        if len(elements) > 1:
            return False
        own = elements.pop() if elements else None
        if own is not None and entry.element is not None:
            return own == entry.element
        qname = own or entry.element
        if qname is None:
            return True
        if not (self._allowed(qname) and all(self._fits(qname, kind) for kind in group)):
            return False
        if any(self._roll_forward_flow(kind) for kind in group) and self._instant(qname):
            return False  # what a roll-forward adds between its balances is a flow
        if entry.element is None:
            return position in self._open_slots(qname) and self._compatible(position, qname)
        return True

    def _pair(
        self,
        kind: _Kind,
        position: int | None,
        qname: QName | None,
        resolution: Resolution | None,
    ) -> None:
        if qname is not None:
            kind.element = qname
            kind.resolution = resolution
        if position is None:
            return
        entry = self.entries[position]
        kind.entry = position
        entry.kinds.append(self.kinds.index(kind))
        if entry.element is None and qname is not None:
            entry.element = qname
            entry.resolution = resolution

    # -- writing back --------------------------------------------------------------------------

    def _element(self, qname: QName) -> Element | None:
        """The dictionaries' element, else what the page's own definitions say of it."""
        known = self.index.element(qname)
        if known is not None:
            return known
        page = (e for e in self.grid.definitions if e.qname == qname and not e.is_member)
        return next((found for e in page if (found := _page_element(e))), None)

    def _apply(self) -> None:
        grid = self.grid
        for entry in self.entries:
            old = grid.definitions[entry.slot]
            if entry.element is None or old.qname is not None:
                continue  # open, or named by the page itself
            element = self.index.element(entry.element)
            grid.definitions[entry.slot] = replace(
                old,
                qname=entry.element,
                data_type=old.data_type or (element.data_type if element else None),
                balance=old.balance or (element.balance if element else None),
                period_type=old.period_type or (element.period_type if element else None),
                resolution=entry.resolution,
            )
        for kind in self.kinds:
            element = self._element(kind.element) if kind.element else None
            paired = self.entries[kind.entry] if kind.entry is not None else None
            position = grid.definitions[paired.slot].position if paired else None
            for index in kind.rows:
                row = grid.rows[index]
                if row.element is not None:
                    # Named by the page: typed by its dictionary entry, as a resolved row is.
                    named = self._element(row.element)
                    grid.rows[index] = _resolved_row(row, row.element, named, None, position)
                    continue
                grid.rows[index] = _resolved_row(
                    row, kind.element, element, kind.resolution, position
                )
        _mark_period_starts(grid)


def _page_element(entry: DefinitionEntry) -> Element | None:
    """What a definitions entry that names its element says of it (trafilatura 2 text keeps
    the Details: data type, balance and period type)."""
    if entry.qname is None:
        return None
    return Element(
        entry.qname,
        documentation=entry.definition,
        data_type=entry.data_type,
        balance=entry.balance,
        period_type=entry.period_type,
    )


def _resolved_row(
    row: GridRow,
    qname: QName | None,
    element: Element | None,
    resolution: Resolution | None,
    entry_position: int | None,
) -> GridRow:
    if qname is None:
        return replace(row, entry=entry_position)
    period = element.period_type if element else None
    start = row.is_period_start
    if period is PeriodType.INSTANT and element is not None:
        role = _matched_role(element, row)
        if role == PERIOD_START:
            start = True
        elif role == PERIOD_END:
            start = False
    return replace(
        row,
        element=qname,
        period_type=period or row.period_type,
        is_period_start=start,
        cells=_typed_cells(row.cells, element),
        entry=entry_position,
        resolution=resolution,
    )


def _typed_cells(
    cells: tuple[GridCell, ...], element: Element | None, *, over_hints: bool = False
) -> tuple[GridCell, ...]:
    """Unit categories from the element's data type where the reader only guessed them, or,
    ``over_hints``, also where the label hinted them (and named a custom unit)."""
    category = _UNIT_CATEGORIES.get(_type_name(element))
    if category is None:
        return cells
    out = []
    for cell in cells:
        guessed = cell.unit_category is None or Uncertainty.UNIT_INFERRED in cell.uncertainties
        number = None if cell.is_text else parse_number(cell.text)
        if number is None or number.percent or not (guessed or over_hints):
            out.append(cell)
            continue
        kept = tuple(u for u in cell.uncertainties if u is not Uncertainty.UNIT_INFERRED)
        custom = None if over_hints else cell.custom_unit
        out.append(replace(cell, unit_category=category, custom_unit=custom, uncertainties=kept))
    return tuple(out)


def _mark_period_starts(grid: Grid) -> None:
    """An instant element shown twice under duration columns, both under one member title:
    the upper row opens the period (the HTML reader's rule, applied to resolved elements).
    Under two titles it is the same balance of two members, not a roll-forward."""
    rows: dict[tuple[QName, int], list[int]] = {}
    segment = 0
    for position, row in enumerate(grid.rows):
        if row.is_segment:
            segment = position
        elif row.element and row.period_type is PeriodType.INSTANT:
            rows.setdefault((row.element, segment), []).append(position)
    for positions in rows.values():
        labels = [grid.rows[p].label for p in positions]
        if len(positions) < 2 or any(is_period_start_label(label) for label in labels):
            continue
        first = grid.rows[positions[0]]
        if not is_period_end_label(first.label):
            grid.rows[positions[0]] = replace(first, is_period_start=True)


def _matched_role(element: Element, row: GridRow) -> str | None:
    label = fold(_clean_label(row))
    return next((role for role, text in element.labels if fold(text) == label), None)


def _other_abstract(heading: str, other: str) -> bool:
    """Whether two headings differ and one says it is an abstract ("... [Roll Forward]"): a
    line under it is not the other's line repeated under another member title."""
    return heading != other and any(ABSTRACT_SUFFIX.search(h) for h in (heading, other))


def _roll_forward_subject(heading: str) -> str | None:
    """ "X" of a heading "X [Roll Forward]", else None."""
    head, found, rest = heading.rpartition("[Roll Forward]")
    return head.strip() if found and not rest.strip() and head.strip() else None


def _column_date(grid: Grid, column: int) -> dt.date | None:
    """The date a column's header prints ("Mar. 29, 2025"), None without one."""
    if not 0 < column <= len(grid.columns):
        return None
    return split_column_lines(grid.columns[column - 1].lines).date


def _elements(kind: _Kind) -> set[QName]:
    return {hit.qname for hit in kind.hits}


def _same_numbers(one: _Kind, other: _Kind, grid: Grid) -> bool:
    """Whether two kinds' rows print the same numbers (one element on two rows must)."""

    def numbers(kind: _Kind) -> list[Decimal]:
        values = []
        for index in kind.rows:
            for cell in grid.rows[index].cells:
                number = parse_number(cell.text)
                if number is not None and number.number is not None:
                    values.append(abs(number.number))
        return sorted(values)

    return numbers(one) == numbers(other)


def _label_weight(
    hits: list[LabelHit], qname: QName, filers: frozenset[str], *, consensus: bool = False
) -> float:
    """How well a label names ``qname`` (LABEL_OWN, LABEL_OWN_OTHER_ROLE, LABEL_OTHER_FILER;
    with ``consensus``, LABEL_CONSENSUS for a wording two or more other filers give it), 0 when
    no dictionary gives ``qname`` this label."""
    best = 0.0
    others = {h.filer for h in hits if h.qname == qname and h.role in _MAIN_ROLES} - filers
    for hit in hits:
        if hit.qname != qname:
            continue
        if hit.filer and hit.filer not in filers:
            common = consensus and len(others - {""}) >= 2
            weight = LABEL_CONSENSUS if common else LABEL_OTHER_FILER
        else:
            weight = LABEL_OWN if hit.role in _MAIN_ROLES else LABEL_OWN_OTHER_ROLE
        best = max(best, weight)
    return best


def _label_may_resolve(kind: _Kind) -> bool:
    """Whether a label alone (no documentation) may give a row kind its element.

    Not for headings: abstracts have no documentation to check the label against, and
    filers and taxonomy years name alike headings by different abstracts ("Operating
    activities:" is NetCashProvidedByUsedInOperatingActivitiesAbstract in one filing and
    ...ContinuingOperationsAbstract in the next). Not for text blocks: a note and its policy
    share their label.
    """
    return kind.shape not in ("heading", "text-block")


def _balance_label(kind: _Kind) -> bool:
    """A beginning or ending balance: one element may print two such labels."""
    return _balance_text(kind.label)


def _balance_text(label: str) -> bool:
    return is_period_start_label(label) or is_period_end_label(label)


def _shape_fits_entry(kind: _Kind, entry: _Entry) -> bool:
    """Whether a row kind can be an entry's element, from the entry's definition alone:
    entries without one are abstracts (or a filer's undocumented elements), boilerplate ones
    headings of tables, line items and roll-forwards, "The entire disclosure..." text blocks."""
    if entry.text is None:
        return True
    if kind.label.rstrip().endswith("[Abstract]"):
        return False  # abstracts have no documentation
    if entry.generic:
        return kind.shape == "heading"
    if kind.shape == "heading":
        return not entry.text.strip().lower().startswith(("amount", "the entire disclosure"))
    if _DISCLOSURE.match(entry.text):
        return kind.shape == "text-block"
    return True


_BALANCE_WORDS = frozenset(
    "beginning begin start starting end ending opening closing of period year".split()
)
_DISCLOSURE = re.compile(r"^\s*(The entire disclosure|Disclosure of accounting policy)", re.I)
_STOP_WORDS = frozenset("a an and the of for in on to by from with at as or per total less".split())


def _text_nearness(label: str, definition: str | None) -> float:
    """The share of a label's words found in a definition (0 to 1), nothing under NEAR_FLOOR."""
    wanted = _content_words(label)
    if not wanted or not definition:
        return 0.0
    share = len(wanted & _content_words(definition)) / len(wanted)
    return share if share >= NEAR_FLOOR else 0.0


# The pairing asks for the words of the same labels, definitions and names for every row, entry
# and reading (some 180,000 times on the 107 shared pages): each is worked out once. Bounded as
# every process-lived cache is (tests/test_stream.py): a page needs a few hundred.
@functools.lru_cache(maxsize=1 << 12)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in fold(text).split() if w not in _STOP_WORDS)


@functools.lru_cache(maxsize=1 << 12)
def _name_words(local: str) -> frozenset[str]:
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", local)
    return frozenset(_stem(p.lower()) for p in parts if p.lower() not in _STOP_WORDS)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _longest_increasing(pins: list[tuple[int, QName]]) -> list[tuple[int, QName]]:
    """The longest chain of (entry position, element) pins whose ids increase down the block.

    Pins off the chain contradict the order and are dropped; where two chains are equally
    long, only the pins they share are kept (the conflict is not decided).
    """
    if not pins:
        return []
    keys = [_key(q) for _, q in pins]
    n = len(pins)
    ending = [1] * n  # longest chain ending at j
    for j in range(n):
        for i in range(j):
            if keys[i] < keys[j]:
                ending[j] = max(ending[j], ending[i] + 1)
    starting = [1] * n  # longest chain starting at i
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if keys[i] < keys[j]:
                starting[i] = max(starting[i], starting[j] + 1)
    longest = max(ending)
    on_chain = [i for i in range(n) if ending[i] + starting[i] - 1 == longest]
    # A pin is on every longest chain when no other on-chain pin shares its chain length.
    length_at = Counter(ending[i] for i in on_chain)
    return [pins[i] for i in on_chain if length_at[ending[i]] == 1]


def _key(qname: QName) -> str:
    """The element id the definitions block is sorted by: ``prefix_LocalName``."""
    return f"{qname.prefix}_{qname.local}"


def _type_name(element: Element | None) -> str:
    return ((element.data_type if element else None) or "").rpartition(":")[2]


def _clean_label(row: GridRow) -> str:
    """The row label as the element's label reads: no balance date, no unit suffix."""
    label = row.label
    balance = split_balance_label(label)
    if balance and row.is_balance is not False:
        label = balance[0]
    suffix = split_unit_suffix(label)
    if suffix:
        return suffix[0]
    custom = next((c.custom_unit for c in row.cells if c.custom_unit), None)
    if custom and label.endswith(" | " + custom):
        return label[: -len(custom) - 3]
    return label


def _row_shape(row: GridRow) -> str:
    if not row.cells:
        return "heading"
    if any(cell.is_text_block for cell in row.cells):
        return "text-block"
    if any(parse_number(cell.text) is not None and not cell.is_text for cell in row.cells):
        return "number"
    return "text"


def _has_symbol(cell: GridCell) -> bool:
    number = parse_number(cell.text)
    return bool(number and number.symbol)
