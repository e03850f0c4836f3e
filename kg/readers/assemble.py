"""Turn a grid (from either reader) into the model: periods, units, scale, members and facts.

Everything format-specific has happened before: the grid says which column each cell is in,
which rows are abstracts, segment titles or equity balances, and what each reader knows of a
cell's unit and a row's period type. This module gives those cells their meaning the same way
for HTML and for text, so the two readers can be compared fact by fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from kg.cells import (
    CellValue,
    add_months,
    decimal_lexical,
    months_between,
    parse_date,
    parse_group_months,
    parse_number,
    parse_scale,
    parse_value,
)
from kg.model import (
    Column,
    Concept,
    DefinitionEntry,
    Fact,
    FilingContext,
    Location,
    Member,
    Period,
    PeriodType,
    QName,
    Report,
    Row,
    RowKind,
    Source,
    Uncertainty,
    Unit,
    ValueKind,
)
from kg.readers.cues import is_period_start_label, split_balance_label, split_unit_suffix
from kg.readers.grid import Grid, GridCell, GridColumn, GridRow
from kg.readers.headers import split_column_lines
from kg.readers.titles import TitleParts, is_promoted_period, report_kind, split_title
from kg.taxonomy.elements import Element
from kg.units import CurrencyMap, make_unit, read_unit_label, scale_key

_START_TOLERANCE = dt.timedelta(days=15)


def page_dates(grid: Grid) -> set[dt.date]:
    """The dates a page shows: its column dates and its equity balance dates."""
    dates = {d for column in grid.columns for d in map(parse_date, column.lines) if d}
    for row in grid.rows:
        balance = split_balance_label(row.label)
        date = parse_date(balance[1]) if balance else None
        if date:
            dates.add(date)
    return dates


def _NEGATED(role: str) -> bool:
    return "negated" in role.lower()


def _NOT_NEGATED(role: str) -> bool:
    return "negated" not in role.lower()


def _START(role: str) -> bool:
    return role == "periodStartLabel"


def assemble(
    grid: Grid,
    *,
    filing: FilingContext | None = None,
    elements: Mapping[QName, Element] | None = None,
    known_dates: Iterable[dt.date] = (),
) -> Report:
    """Give a grid its meaning: one ``Report`` with its columns, rows, concepts and facts.

    ``elements`` (a filing's MetaLinks.json, a taxonomy) adds what the page does not show:
    the standard label, negated and period-start labels, and documentation, references and
    types the page left out. ``known_dates``: dates other pages of the same filing show, which
    confirm where a period starts.
    """
    assembler = _Assembler(grid, filing, elements or {})
    assembler.page_dates.update(known_dates)
    return assembler.report()


@dataclass(slots=True)
class _Assembler:
    grid: Grid
    filing: FilingContext | None
    elements: Mapping[QName, Element]
    title: TitleParts | None = None
    currencies: CurrencyMap = field(default_factory=CurrencyMap)
    scales: dict[str, int] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)
    page_dates: set[dt.date] = field(default_factory=set)
    promoted_period: Period | None = None
    concepts: dict[object, Concept] = field(default_factory=dict)
    run_symbols: dict[tuple[int, int], str] = field(default_factory=dict)
    _member_labels: dict[str, tuple[QName, ...]] | None = None
    rule_dated_rows: set[int] = field(default_factory=set)  # see _equity_periods
    warnings: list[str] = field(default_factory=list)

    def report(self) -> Report:
        grid = self.grid
        self.title = split_title(
            grid.title_lines, short_name=self.filing.short_name if self.filing else None
        )
        self._read_page_units()
        members = _MemberIndex.build(grid, self.title)
        self.columns = [self._column(i, c) for i, c in enumerate(grid.columns, start=1)]
        self.page_dates.update(c.period.end for c in self.columns if c.period)
        row_periods = self._equity_periods()
        self.run_symbols = _run_symbols(grid.rows)
        rows: list[Row] = []
        facts: list[Fact] = []
        row_members: tuple[Member, ...] = ()
        for index, grid_row in enumerate(grid.rows, start=1):
            if grid_row.is_segment:
                row_members = members.path(grid_row)
            row, row_facts = self._row(
                index, grid_row, row_members, members.promoted, row_periods.get(index)
            )
            rows.append(row)
            facts.extend(row_facts)
        title = self.title
        short_name = title.short_name if title else None
        return Report(
            source=Source(grid.source_path, grid.source_sha256, grid.media_type),
            title=title.name if title else None,
            short_name=short_name,
            kind=report_kind(
                short_name, menu_category=self.filing.menu_category if self.filing else None
            ),
            unit_label=title.unit_label if title else None,
            scale_label=title.scale_label if title else None,
            promoted_members=members.promoted,
            columns=tuple(self.columns),
            rows=tuple(rows),
            facts=tuple(facts),
            concepts=tuple(self.concepts.values()),
            footnotes=tuple(grid.footnotes),
            definitions=tuple(grid.definitions),
            renderer_version=grid.renderer_version,
            filing=self.filing,
            warnings=tuple(grid.warnings + self.warnings + self._no_facts_note(facts)),
        )

    def _no_facts_note(self, facts: list[Fact]) -> list[str]:
        """A page that gives no facts says so, when nothing said why already."""
        if facts or self.grid.warnings or self.warnings:
            return []
        return [f"no facts read from this page ({len(self.grid.rows)} rows)"]

    # -- page level -------------------------------------------------------------------------

    def _read_page_units(self) -> None:
        title = self.title
        if title and title.unit_label:
            self.currencies.declare(title.unit_label)
        for column in self.grid.columns:
            for line in column.lines:
                self.currencies.declare(line)
        if title and title.scale_label:
            self.scales = parse_scale(title.scale_label)
        for label in title.promoted if title else ():
            if is_promoted_period(label):
                self.promoted_period = _promoted_period(label)

    def _column(self, index: int, column: GridColumn) -> Column:
        lines = split_column_lines(column.lines, self._custom_units())
        date = lines.date
        months = parse_group_months(column.group) if column.group else None
        period: Period | None = None
        if date is not None:
            period = Period.duration(date, months=months) if months else Period.instant(date)
        elif self.promoted_period is not None:
            period = self.promoted_period
        unit_label = lines.units[0] if lines.units else None
        member_labels = lines.members
        labels = ((column.group,) if column.group else ()) + column.lines
        return Column(
            index=index,
            period=period,
            labels=labels,
            members=tuple(self._named_member(label) for label in member_labels),
            unit_label=unit_label,
            footnotes=column.footnotes,
        )

    def _named_member(self, label: str) -> Member:
        """A column member by label, named by the filing's dictionary when exactly one member
        element has that label (the page gives column members no QName)."""
        if not self.elements:
            return Member(label)
        if self._member_labels is None:
            self._member_labels = _member_label_index(self.elements)
        qnames = self._member_labels.get(label, ())
        return Member(label, qname=qnames[0]) if len(qnames) == 1 else Member(label)

    def _custom_units(self) -> frozenset[str]:
        """Custom unit names the rows print as suffixes ("Number of sites | site")."""
        return frozenset(
            cell.custom_unit for row in self.grid.rows for cell in row.cells if cell.custom_unit
        )

    def _equity_periods(self) -> dict[int, Period]:
        """Periods of an equity statement's rows, whose columns carry no dates.

        Balance rows ("... at Dec. 31, 2020") are instants. Other rows are flows of the period
        that ends at the first balance below them and starts after the nearest earlier balance
        date above them (see ``_equity_span``). Two rules decide what the layout leaves open,
        and mark their facts ``EQUITY_ROW_PERIOD``:

        * post-balance rows: EdgarRenderer prints the rows its presentation lists after the
          balance (a parent/noncontrolling split, say) after each period's ending balance,
          often behind the next block's abstract row. The rows after the last balance show
          which concepts those are; the same concepts leading a later block belong to the
          period that closed just above them.
        * instant concepts on a non-balance row are balances at the nearest balance date above
          the row (the first one below, before any balance). Text pages, which give no period
          types, take as instants the concepts printed before the first balance row.
        """
        if any(c.period for c in self.columns):
            return {}
        balances: list[_Balance] = []
        for index, row in enumerate(self.grid.rows, start=1):
            split = split_balance_label(row.label)
            date = parse_date(split[1]) if split and row.is_balance is not False else None
            if split and date:
                balances.append(_Balance(index, date, is_period_start_label(split[0])))
        self.page_dates.update(b.date for b in balances)
        periods: dict[int, Period] = {b.index: Period.instant(b.date) for b in balances}
        closed_by = self._post_balance_rows(balances)
        leading = self._leading_keys(balances)
        for index in range(1, len(self.grid.rows) + 1):
            if index in periods:
                continue
            if balances and self._equity_instant(self.grid.rows[index - 1], leading):
                above = [b for b in balances if b.index < index]
                periods[index] = Period.instant((above[-1] if above else balances[0]).date)
                self.rule_dated_rows.add(index)
                continue
            span = _equity_span(balances, index)
            closed = closed_by.get(index)
            closed_span = _span_ending_at(balances, closed) if closed else None
            if closed_span not in (None, span):
                span = closed_span
                self.rule_dated_rows.add(index)
            if span:
                start, end = span
                periods[index] = Period.duration(
                    end, months=months_between(start, end) or None, start=start
                )
        return periods

    def _post_balance_rows(self, balances: list[_Balance]) -> dict[int, _Balance]:
        """Rows printed after a balance that belong to the period it closes (see above)."""
        rows = self.grid.rows
        if not balances:
            return {}
        post_keys = {
            _row_key(row)
            for row in rows[balances[-1].index :]
            if _row_kind(row) is not RowKind.ABSTRACT
        }
        balance_rows = {b.index for b in balances}
        closed_by: dict[int, _Balance] = {}
        for balance in balances[:-1]:
            for index in range(balance.index + 1, len(rows) + 1):
                row = rows[index - 1]
                if _row_kind(row) is RowKind.ABSTRACT:
                    continue
                if index in balance_rows or _row_key(row) not in post_keys:
                    break
                closed_by[index] = balance
        return closed_by

    def _leading_keys(self, balances: list[_Balance]) -> set[object]:
        """The concepts printed before the first balance row (abstract rows aside)."""
        if not balances:
            return set()
        leading = self.grid.rows[: balances[0].index - 1]
        return {_row_key(row) for row in leading if _row_kind(row) is not RowKind.ABSTRACT}

    def _equity_instant(self, row: GridRow, leading: set[object]) -> bool:
        """Whether a non-balance equity row holds balances: its element is an instant, or,
        where the page does not say (text), its concept also comes before the first balance
        row (``leading``), where only the balances the first one splits can stand."""
        period_type = self._row_period_type(row)
        if period_type is not None:
            return period_type is PeriodType.INSTANT
        return _row_key(row) in leading

    def _row_period_type(self, row: GridRow) -> PeriodType | None:
        """The period type of a row's element: the page's Details, else the dictionary's."""
        if row.period_type is not None:
            return row.period_type
        element = self.elements.get(row.element) if row.element else None
        return element.period_type if element else None

    # -- rows and cells ---------------------------------------------------------------------

    def _row(
        self,
        index: int,
        grid_row: GridRow,
        row_members: tuple[Member, ...],
        promoted: tuple[Member, ...],
        equity_period: Period | None,
    ) -> tuple[Row, list[Fact]]:
        label, unit_label = _clean_label(grid_row)
        kind = _row_kind(grid_row)
        concept = None if kind is RowKind.SEGMENT else self._concept(grid_row, label, kind)
        row = Row(
            index=index,
            label=label,
            kind=kind,
            line=grid_row.line,
            concept=concept,
            members=row_members if kind is not RowKind.SEGMENT else (),
            unit_label=unit_label,
            footnotes=grid_row.footnotes,
            resolution=grid_row.resolution,
            sign_flipped=self._negated(grid_row.element, label),
        )
        facts: list[Fact] = []
        if concept is None:
            return row, facts
        for cell in grid_row.cells:
            if cell.is_nil or cell.column > len(self.columns):
                continue
            column = self.columns[cell.column - 1]
            fact = self._fact(
                cell, grid_row, row, column, promoted + row_members + column.members, equity_period
            )
            if fact is not None:
                facts.append(fact)
        return row, facts

    def _concept(self, grid_row: GridRow, label: str, kind: RowKind) -> Concept:
        key: object = grid_row.element if grid_row.element else ("label", label)
        known = self.concepts.get(key)
        if known is not None:
            return known
        entry = _entry_for(self.grid.definitions, grid_row.element, grid_row.entry)
        element = self.elements.get(grid_row.element) if grid_row.element else None
        balance = entry.balance if entry else None
        concept = Concept(
            label=label,
            qname=grid_row.element,
            definition=(entry.definition if entry else None)
            or (element.documentation if element else None),
            references=(entry.references if entry else ())
            or (element.references if element else ()),
            data_type=(entry.data_type if entry else None)
            or (element.data_type if element else None),
            balance=(balance if balance not in (None, "na") else None)
            or (element.balance if element else None),
            period_type=(entry.period_type if entry else grid_row.period_type)
            or (element.period_type if element else None),
            abstract=kind is RowKind.ABSTRACT,
            standard_label=element.label() if element else None,
        )
        self.concepts[key] = concept
        return concept

    def _fact(
        self,
        cell: GridCell,
        grid_row: GridRow,
        row: Row,
        column: Column,
        members: tuple[Member, ...],
        equity_period: Period | None,
    ) -> Fact | None:
        assert row.concept is not None
        uncertainties = list(cell.uncertainties)
        period = self._period(grid_row, row.index, column, equity_period, uncertainties)
        if period is None:
            shown = cell.text if len(cell.text) <= 60 else cell.text[:57] + "..."
            self.warnings.append(
                f"line {cell.line}: no period for the value {shown!r} "
                f"(column {cell.column} has no date)"
            )
            return None
        value = _read_cell(cell)
        if (
            period.type is PeriodType.DURATION
            and period == column.period
            and value.kind is not ValueKind.TEXT_BLOCK  # text blocks are durations (70 of 70)
            and self._row_period_type(grid_row) is None
        ):
            # EdgarRenderer puts instants dated at a duration's end into its column (format
            # reference A12): without the element's period type, the duration is a guess.
            uncertainties.append(Uncertainty.DURATION_ASSUMED)
        unit: Unit | None = None
        decimals: int | None = None
        lexical = value.value
        kind = value.kind
        if value.kind is ValueKind.NUMBER and value.number is not None:
            if row.sign_flipped:
                value = replace(value, number=-value.number)
            unit, decimals, lexical = self._number(cell, row.index, value, column, uncertainties)
        return Fact(
            concept=row.concept,
            label=row.label,
            value=lexical,
            kind=kind,
            period=period,
            display=cell.text,
            location=Location(row.index, cell.column, cell.line),
            unit=unit,
            decimals=decimals,
            members=members,
            footnotes=tuple(sorted(set(cell.footnotes + grid_row.footnotes + column.footnotes))),
            uncertainties=tuple(dict.fromkeys(uncertainties)),
        )

    def _period(
        self,
        grid_row: GridRow,
        row_index: int,
        column: Column,
        equity_period: Period | None,
        uncertainties: list[Uncertainty],
    ) -> Period | None:
        if equity_period is not None:
            if row_index in self.rule_dated_rows:
                uncertainties.append(Uncertainty.EQUITY_ROW_PERIOD)
            return equity_period
        period = column.period
        if period is None:
            return None
        period_type = self._row_period_type(grid_row)
        balance_named = period_type is None and grid_row.names_a_balance
        if period.type is PeriodType.INSTANT or not (
            period_type is PeriodType.INSTANT or balance_named
        ):
            return period
        if balance_named:
            uncertainties.append(Uncertainty.BALANCE_FROM_LABEL)
        if not (
            grid_row.is_period_start or self._labelled(grid_row.element, grid_row.label, _START)
        ):
            return Period.instant(period.end)
        if period.months is None:
            return None
        start, inferred = self._period_start(period.end, period.months)
        if inferred:
            uncertainties.append(Uncertainty.PERIOD_START_INFERRED)
        return Period.instant(start)

    def _negated(self, element: QName | None, label: str) -> bool:
        """Whether the row prints its element's negated label, so the page shows the value
        with its sign flipped (XBRL holds the other sign). Needs the filing's dictionary."""
        return self._labelled(element, label, _NEGATED) and not self._labelled(
            element, label, _NOT_NEGATED
        )

    def _labelled(self, element: QName | None, label: str, roles: Callable[[str], bool]) -> bool:
        known = self.elements.get(element) if element else None
        return known is not None and any(roles(r) and t == label for r, t in known.labels)

    def _period_start(self, end: dt.date, months: int) -> tuple[dt.date, bool]:
        """The instant a duration column starts at: a date the page shows near end - months,
        else end - months computed (and flagged)."""
        computed = add_months(end, -months)
        near = [d for d in self.page_dates if abs(d - computed) <= _START_TOLERANCE]
        if near:
            return min(near, key=lambda d: (abs(d - computed), d)), False
        return computed, True

    def _number(
        self,
        cell: GridCell,
        row_index: int,
        value: CellValue,
        column: Column,
        uncertainties: list[Uncertainty],
    ) -> tuple[Unit, int, str]:
        assert value.number is not None
        if value.percent:
            number = value.number.scaleb(-2)
            return make_unit("pure", None), value.fraction_digits + 2, decimal_lexical(number)
        category = cell.unit_category
        if category is None:
            category = self._default_category(value, column)
            uncertainties.append(Uncertainty.UNIT_INFERRED)
        if category == "other" and cell.custom_unit:
            return Unit(cell.custom_unit), value.fraction_digits, decimal_lexical(value.number)
        symbol = (
            value.symbol
            or self.run_symbols.get((row_index, cell.column))
            or self._page_symbol(column)
        )
        currency: str | None = None
        if category in ("monetary", "per-share"):
            if symbol is None:
                symbol = "$"
                uncertainties.append(Uncertainty.CURRENCY_FROM_SYMBOL)
            currency, assumed = self.currencies.currency(symbol)
            if assumed:
                uncertainties.append(Uncertainty.CURRENCY_FROM_SYMBOL)
        unit = make_unit(category, currency)
        key = scale_key(category, symbol)
        exponent = self.scales.get(key, 0) if key else 0
        number = value.number.scaleb(exponent) if exponent else value.number
        return unit, value.fraction_digits - exponent, decimal_lexical(number)

    def _page_symbol(self, column: Column) -> str | None:
        if column.unit_label:
            unit = read_unit_label(column.unit_label)
            if unit and unit.symbol:
                return unit.symbol
        declared = self.currencies.page_currency
        if declared:
            return declared[0]
        for key in self.scales:
            unit = read_unit_label(key)
            if key not in ("shares",) and unit is None:
                return key  # "$" or "€" of "$ in Millions"
        return None

    def _default_category(self, value: CellValue, column: Column) -> str:
        """A number nobody typed: the column's unit, else the page's promoted unit, else money."""
        for label in (column.unit_label, self.title.unit_label if self.title else None):
            unit = read_unit_label(label) if label else None
            if unit is not None:
                return unit.category
        return "monetary" if value.symbol or self.currencies.page_currency else "pure"


def _member_label_index(elements: Mapping[QName, Element]) -> dict[str, tuple[QName, ...]]:
    """Every label of every member element -> the members carrying it."""
    index: dict[str, set[QName]] = {}
    for qname, element in elements.items():
        if qname.local.endswith("Member"):
            for _, text in element.labels:
                index.setdefault(text, set()).add(qname)
    return {label: tuple(sorted(q)) for label, q in index.items()}


def _run_symbols(rows: list[GridRow]) -> dict[tuple[int, int], str]:
    """The currency symbol each unsymbolled number inherits from the run it sits in.

    The renderer prints the symbol only on the first and last cell of a run of same-unit cells
    down a column, so an interior cell's currency is the last symbol printed above it.
    """
    current: dict[int, str] = {}
    inherited: dict[tuple[int, int], str] = {}
    for index, row in enumerate(rows, start=1):
        for cell in row.cells:
            number = parse_number(cell.text) if not cell.is_text else None
            if number is None or number.percent:
                continue
            if number.symbol:
                current[cell.column] = number.symbol
            elif cell.column in current:
                inherited[(index, cell.column)] = current[cell.column]
    return inherited


def _read_cell(cell: GridCell) -> CellValue:
    if cell.is_text_block:
        return CellValue(ValueKind.TEXT_BLOCK, cell.text)
    value = parse_value(cell.text)
    if cell.is_text and value.kind is ValueKind.NUMBER:
        return CellValue(ValueKind.TEXT, cell.text)
    if cell.is_text is False and value.kind is not ValueKind.NUMBER:
        number = parse_number(cell.text)
        if number is not None:
            return number
    return value


def _row_kind(row: GridRow) -> RowKind:
    if row.is_segment:
        return RowKind.SEGMENT
    if row.is_balance or (row.is_balance is None and split_balance_label(row.label)):
        return RowKind.BALANCE
    if row.is_abstract:
        return RowKind.ABSTRACT
    return RowKind.LINE


def _clean_label(row: GridRow) -> tuple[str, str | None]:
    """The row label without an equity balance date and without a unit suffix."""
    label = row.label
    if not row.is_segment:
        balance = split_balance_label(label)
        if balance and row.is_balance is not False:
            label = balance[0]
        suffix = split_unit_suffix(label)
        if suffix:
            return suffix
        custom = next((c.custom_unit for c in row.cells if c.custom_unit), None)
        if custom and label.endswith(" | " + custom):
            return label[: -len(custom) - 3], custom
    return label, None


def _entry_for(
    entries: list[DefinitionEntry], qname: QName | None, position: int | None = None
) -> DefinitionEntry | None:
    """A row's entry: by its element, else by the position a resolver paired it with."""
    for entry in entries:
        if entry.is_member:
            continue
        if (qname is not None and entry.qname == qname) or (
            position is not None and entry.position == position
        ):
            return entry
    return None


def _promoted_period(label: str) -> Period | None:
    head, _, date_text = label.rpartition(" ended ")
    date = parse_date(date_text) if head else parse_date(label)
    if date is None:
        return None
    months = parse_group_months(head.replace("months", "Months") + " Ended") if head else None
    return Period.duration(date, months=months) if months else Period.instant(date)


def _equity_span(balances: list[_Balance], index: int) -> tuple[dt.date, dt.date] | None:
    """(start, end) of the flows at row ``index`` between equity balance rows.

    A row's period ends at the first balance below it and starts after the nearest balance
    above it with an earlier date; statements that interleave two roll-forwards (redeemable
    noncontrolling interests beside stockholders' equity) put the other one's balances in
    between. A balance row labelled as a beginning ("Beginning balances at ...") opens a new
    block: rows after a block's last balance and before the next block belong to the closed
    block.
    """
    before = [b for b in balances if b.index < index]
    after = [b for b in balances if b.index > index]
    if not before:
        return (
            (after[0].date + dt.timedelta(days=1), after[1].date)
            if (len(after) >= 2 and after[1].date > after[0].date)
            else None
        )
    closing = after[0] if after and not after[0].opens else None
    span = _span_ending_at(balances, closing) if closing is not None else None
    if span is not None:
        return span
    start = _block_start(before)
    previous = before[-1]
    if start is None or start >= previous.date:
        return None
    return start + dt.timedelta(days=1), previous.date


def _block_start(before: list[_Balance]) -> dt.date | None:
    """The opening date of the block that ends with the last balance in ``before``: the
    latest earlier balance date (in a chain of yearly blocks, the year before)."""
    end = before[-1].date
    for balance in reversed(before):
        if balance.date > end:
            return None
        if balance.date < end:
            return balance.date
    return None


def _span_ending_at(balances: list[_Balance], closing: _Balance) -> tuple[dt.date, dt.date] | None:
    """(start, end) of the period that ``closing`` ends, when an earlier balance dates its start."""
    start = _block_start([*(b for b in balances if b.index < closing.index), closing])
    return (start + dt.timedelta(days=1), closing.date) if start else None


def _row_key(row: GridRow) -> object:
    return row.element or ("label", row.label)


@dataclass(frozen=True, slots=True)
class _Balance:
    index: int
    date: dt.date
    opens: bool  # labelled as a beginning balance


@dataclass(slots=True)
class _MemberIndex:
    """Members of segment rows and title promotions, with axis and QName where the page has them.

    The definitions block lists one member entry per distinct (axis, member) in order of first
    appearance, promoted members first; each segment row's link names its first pair exactly.
    """

    entries: list[DefinitionEntry]
    promoted: tuple[Member, ...] = ()
    by_label: dict[str, Member] = field(default_factory=dict)
    next_entry: int = 0

    @classmethod
    def build(cls, grid: Grid, title: TitleParts | None) -> _MemberIndex:
        index = cls([e for e in grid.definitions if e.is_member])
        labels = [p for p in (title.promoted if title else ()) if not is_promoted_period(p)]
        index.promoted = tuple(index._member(label, None) for label in labels)
        return index

    def path(self, row: GridRow) -> tuple[Member, ...]:
        if not row.label:
            return ()
        parts = row.label.split(" | ")
        members = []
        for position, part in enumerate(parts):
            anchor = row.defref if position == 0 else None
            members.append(self._member(part, anchor))
        return tuple(members)

    def _member(self, label: str, anchor: str | None) -> Member:
        if anchor is None and label in self.by_label:
            return self.by_label[label]
        entry = self._entry(anchor) or _anchor_entry(anchor)
        member = _member_from(label, entry)
        self.by_label.setdefault(label, member)
        return member

    def _entry(self, anchor: str | None) -> DefinitionEntry | None:
        if anchor and "=" in anchor:
            axis_id, _, member_id = anchor.partition("=")
            for position, entry in enumerate(self.entries):
                if _entry_matches(entry, axis_id, member_id):
                    self.next_entry = max(self.next_entry, position + 1)
                    return entry
        if self.next_entry < len(self.entries):
            entry = self.entries[self.next_entry]
            self.next_entry += 1
            return entry
        return None


def _anchor_entry(anchor: str | None) -> DefinitionEntry | None:
    """A member entry from the row's own link ("srt_ProductOrServiceAxis=adbe_...Member"),
    for a page without its definitions block: the link names axis and member exactly."""
    if not anchor or "=" not in anchor:
        return None
    axis_id, _, member_id = anchor.partition("=")
    try:
        axis, member = QName.parse(axis_id), QName.parse(member_id)
    except ValueError:
        return None
    return DefinitionEntry(position=0, is_member=True, qname=member, axis=axis, ident=anchor)


def _entry_matches(entry: DefinitionEntry, axis_id: str, member_id: str) -> bool:
    return entry.ident == f"{axis_id}={member_id}"


def _member_from(label: str, entry: DefinitionEntry | None) -> Member:
    if entry is None:
        return Member(label)
    typed = None
    qname = entry.qname
    axis_label, sep, typed_text = label.partition(": ")
    if entry.axis and qname is None and sep:
        typed = typed_text
    elif entry.axis and qname is not None and ": " in label and "[Axis]" in axis_label:
        typed, qname = typed_text, None
    return Member(label, qname=qname, axis=entry.axis, typed_value=typed)
