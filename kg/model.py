"""The source-independent model.

Every reader (the '|' text of an R page, its HTML, a filing folder) produces these frozen
objects, and the RDF emitter consumes nothing else. Nothing here knows RDF or any input format.

What a source does not say stays ``None``: a duration read from an R page knows its end date
and month count, not its start; a member read from a label knows no axis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class PeriodType(StrEnum):
    INSTANT = "instant"
    DURATION = "duration"


class ValueKind(StrEnum):
    """What a fact's lexical value is."""

    NUMBER = "number"  # exact decimal, already scaled as XBRL holds it
    TEXT = "text"
    TEXT_BLOCK = "text-block"  # a disclosure kept as (HTML-free) text
    BOOLEAN = "boolean"  # "true" / "false"
    DATE = "date"  # ISO yyyy-mm-dd
    DURATION = "duration"  # ISO 8601 duration, e.g. P2Y8M12D
    MONTH_DAY = "month-day"  # xsd:gMonthDay, e.g. --09-27


class ReportKind(StrEnum):
    """The menu category of a report, as EDGAR groups them."""

    COVER = "cover"
    STATEMENT = "statement"
    PARENTHETICAL = "parenthetical"
    NOTES = "notes"
    POLICIES = "policies"
    TABLES = "tables"
    DETAILS = "details"
    UNCATEGORIZED = "uncategorized"
    UNKNOWN = "unknown"


class RowKind(StrEnum):
    LINE = "line"  # a line item with values
    ABSTRACT = "abstract"  # a heading: [Abstract], [Line Items], [Roll Forward], "Revenue:"
    SEGMENT = "segment"  # a member path that applies to the rows below it
    BALANCE = "balance"  # an equity-statement start/end row, "... at Dec. 31, 2020"


class Uncertainty(StrEnum):
    """Why a fact's placement or reading was decided by a rule rather than read off the source.

    Each value names the rule; the README and the ontology document them.
    """

    COLUMN_PLACEMENT = "column-placement"  # a short row: its values' columns were scored
    PLACEMENT_TIE = "placement-tie"  # ...and another placement scored as well
    PERIOD_START_INFERRED = "period-start-inferred"  # a beginning balance's date, computed
    UNIT_INFERRED = "unit-inferred"  # an unsymbolled value's unit, from defaults and cues
    CURRENCY_FROM_SYMBOL = "currency-from-symbol"  # "$" read as USD without the page saying so
    GROUP_SPAN = "group-span"  # which "N Months Ended" group a column falls under
    LABEL_OR_VALUE = "label-or-value"  # a text line that could be a label or a text value
    EQUITY_ROW_PERIOD = "equity-row-period"  # an equity row dated by the rows around it
    BALANCE_FROM_LABEL = "balance-from-label"  # an instant because its label names a balance
    DURATION_ASSUMED = "duration-assumed"  # the column's duration; nothing gave the period type
    PERIOD_FROM_COVER = "period-from-cover"  # a header-lost disclosure, dated by its cover page


class ResolutionMethod(StrEnum):
    """How a text page's row or definition entry was given its element (kg.taxonomy.resolve)."""

    DOCUMENTATION = "documentation"  # the entry's definition is the element's documentation
    CLOSE_DOCUMENTATION = "close-documentation"  # ...a close rewording of it
    DOCUMENTATION_AND_LABEL = "documentation-and-label"  # ...and the row label is its label
    CLOSE_DOCUMENTATION_AND_LABEL = "close-documentation-and-label"
    LABEL = "label"  # the row label is the element's label, and fits the block's order
    ELIMINATION = "elimination"  # the one entry and the one row left without a partner
    REPORT = "report"  # the only element of the page's own report (MetaLinks) with the label
    CALCULATION = "calculation"  # ...of those with the label, the only one whose totals add up
    SUCCESSION = "succession"  # same label, two periods: the later the standard element
    PAGE = "page"  # the page's definitions block names the entry's element (trafilatura 2 text)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Why a row or entry has its element: the method and a score in [0, 1]."""

    method: ResolutionMethod
    score: float


@dataclass(frozen=True, slots=True, order=True)
class QName:
    """A prefixed XBRL element name, e.g. ``us-gaap:AccountsReceivableNetCurrent``."""

    prefix: str
    local: str

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}"

    @classmethod
    def parse(cls, text: str) -> QName:
        """Read ``prefix:Local`` or the renderer's ``prefix_Local`` form."""
        sep = ":" if ":" in text else "_"
        prefix, _, local = text.partition(sep)
        if not prefix or not local:
            raise ValueError(f"not a QName: {text!r}")
        return cls(prefix, local)


@dataclass(frozen=True, slots=True)
class Period:
    """An instant (``end`` is its date) or a duration (``end`` and, where known, months/start)."""

    type: PeriodType
    end: dt.date
    start: dt.date | None = None
    months: int | None = None

    @classmethod
    def instant(cls, date: dt.date) -> Period:
        return cls(PeriodType.INSTANT, date)

    @classmethod
    def duration(
        cls, end: dt.date, *, months: int | None = None, start: dt.date | None = None
    ) -> Period:
        return cls(PeriodType.DURATION, end, start=start, months=months)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of measure: ``USD``, ``shares``, ``USD/shares``, ``pure`` or a custom name."""

    id: str

    @property
    def numerator(self) -> str:
        return self.id.partition("/")[0]

    @property
    def denominator(self) -> str | None:
        return self.id.partition("/")[2] or None

    @property
    def is_monetary(self) -> bool:
        return self.denominator is None and is_currency_code(self.numerator)


def is_currency_code(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isupper()


@dataclass(frozen=True, slots=True)
class Reference:
    """An authoritative reference (ASC topic, SEC rule, ...) as the page lists it.

    ``parts`` keeps the reference's parts in order, e.g. (("Topic", "310"), ("Publisher", "FASB")).
    The '|' text keeps only the role line, so ``parts`` is empty there.
    """

    role: str
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Concept:
    """An element (line item, abstract, axis) as a report knows it.

    Identity: the QName where known; otherwise the label, within its report.
    """

    label: str
    qname: QName | None = None
    definition: str | None = None
    references: tuple[Reference, ...] = ()
    data_type: str | None = None
    balance: str | None = None
    period_type: PeriodType | None = None
    abstract: bool = False
    standard_label: str | None = None  # the taxonomy's label, where a dictionary gives it


@dataclass(frozen=True, slots=True)
class Member:
    """A dimension member. ``axis`` is known only where the source names it."""

    label: str
    qname: QName | None = None
    axis: QName | None = None
    typed_value: str | None = None  # typed members print as "{Axis label}: {value}"


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where a cell sits in its source: 1-based table row and column, and source line.

    Column 0 is the row-label column.
    """

    row: int
    column: int
    line: int


@dataclass(frozen=True, slots=True)
class Column:
    """One data column of a report table, with its header as printed."""

    index: int
    period: Period | None
    labels: tuple[str, ...] = ()  # header lines as printed, group first ("12 Months Ended", ...)
    members: tuple[Member, ...] = ()
    unit_label: str | None = None  # "USD ($)", "$ / shares", "shares" where units sit on columns
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One body row of a report table."""

    index: int
    label: str  # as printed, whitespace-normalised
    kind: RowKind
    line: int
    concept: Concept | None = None
    members: tuple[Member, ...] = ()  # the segment path in effect (row members only)
    unit_label: str | None = None  # a unit suffix such as "| $" or "(in shares)"
    footnotes: tuple[int, ...] = ()
    resolution: Resolution | None = None  # how a text page's row got its concept's QName
    # The row prints its element's negated label and the reader knew it (from the filing's
    # dictionary): its facts already hold XBRL's sign, the opposite of the printed one.
    sign_flipped: bool = False


@dataclass(frozen=True, slots=True)
class Fact:
    """One value cell of a report: the number or text, and everything that places it."""

    concept: Concept
    label: str  # the row label as printed (equity rows without their " at <date>")
    value: str  # lexical: canonical decimal for numbers, ISO forms for dates, text otherwise
    kind: ValueKind
    period: Period
    display: str  # the cell text exactly as shown, e.g. "$ (1,234)"
    location: Location
    unit: Unit | None = None
    decimals: int | None = None
    members: tuple[Member, ...] = ()
    footnotes: tuple[int, ...] = ()
    uncertainties: tuple[Uncertainty, ...] = ()

    @property
    def member_path(self) -> str:
        return " | ".join(m.label for m in self.members)


@dataclass(frozen=True, slots=True)
class DefinitionEntry:
    """One entry of the hidden definitions block, in block order.

    Element entries carry documentation and references; member entries (the page's
    'Details'-only entries) carry nothing in the '|' text, and their axis=member in HTML.
    """

    position: int
    is_member: bool
    definition: str | None = None
    references: tuple[Reference, ...] = ()
    qname: QName | None = None  # from the HTML id or a Details table
    axis: QName | None = None  # member entries in HTML: defref_{axis}={member}
    data_type: str | None = None
    balance: str | None = None
    period_type: PeriodType | None = None
    line: int | None = None
    ident: str | None = None  # the HTML id without "defref_", e.g. "us-gaap_Revenues"
    resolution: Resolution | None = None  # how a text page's entry got its QName
    member_label: str | None = None  # a member entry: the member label it stands for


@dataclass(frozen=True, slots=True)
class Source:
    """The input file a report was read from."""

    path: str  # as the user gave it
    sha256: str
    media_type: str  # text/plain for the '|' text, text/html for R pages
    # The page's place (1-based) in a file that holds several R pages, one after another
    page: int | None = None


@dataclass(frozen=True, slots=True)
class FilingContext:
    """What a filing's FilingSummary.xml says about one of its reports.

    ``filing_key`` names the filing: its accession number, or (when the source does not say
    it) CIK, form and period end from the cover page.
    """

    accession: str | None
    html_file_name: str
    filing_key: str | None = None
    role: str | None = None
    long_name: str | None = None
    short_name: str | None = None
    menu_category: str | None = None
    position: int | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One R page: a table of facts with its header, rows, footnotes and definitions."""

    source: Source
    title: str | None  # the top-left cell's first line as printed
    short_name: str | None
    kind: ReportKind
    unit_label: str | None = None  # promoted unit, e.g. "USD ($)"
    scale_label: str | None = None  # e.g. "shares in Thousands, $ in Millions"
    promoted_members: tuple[Member, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    facts: tuple[Fact, ...] = ()
    concepts: tuple[Concept, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    definitions: tuple[DefinitionEntry, ...] = ()
    renderer_version: str | None = None
    filing: FilingContext | None = None
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Filing:
    """A whole EDGAR filing: its reports in filing order and what its cover page says."""

    key: str  # the accession number, or "{cik}-{form}-{period end}" when it is not known
    accession: str | None
    source_path: str
    reports: tuple[Report, ...]
    form: str | None = None
    period_end: dt.date | None = None
    company: str | None = None
    cik: str | None = None
