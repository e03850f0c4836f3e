"""Reading what an R page prints in a cell or a header: numbers, dates, durations, units, scale.

Shared by the text and HTML readers, so both read "$ (1,234)" the same way. Everything is exact:
numbers become ``Decimal`` from their digits and are never passed through float.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from kg.model import ValueKind

_MONTHS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
    "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip

# "Mar. 29, 2025", "May 31, 2021" (May has no dot in headers; equity rows write "May. 31").
DATE_PATTERN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? {1,2}\d\d?, {1,2}\d{4}"
_DATE = re.compile(rf"^{DATE_PATTERN}$")
_DATE_PARTS = re.compile(r"^([A-Z][a-z]{2})\.? {1,2}(\d\d?), {1,2}(\d{4})$")

_GROUP = re.compile(r"^(\d+) Months? Ended$")

# [symbol ][(]digits[.digits][%][)]. A symbol is a currency sign with up to three letters
# before it ("$", "€", "R$", "HK$"), an ISO code ("CAD"), or "kr"/"zł"; a space follows it.
_SYMBOL = r"[A-Za-z]{0,3}[^\w\s().,%+\-'\"]|[A-Z]{3}|kr|zł"
_NUMBER = re.compile(
    rf"^(?:(?P<symbol>{_SYMBOL}) )?"
    r"(?P<open>\()?"
    r"(?P<sign>-)?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<percent>%)?"
    r"(?P<close>\))?$"
)
_DURATION_PART = re.compile(r"(\d+) (year|month|week|day|hour|minute|second)s?")
_DURATION = re.compile(
    r"^\d+ (?:year|month|week|day|hour|minute|second)s?"
    r"(?: \d+ (?:year|month|week|day|hour|minute|second)s?)*$"
)
_MONTH_DAY = re.compile(r"^--\d\d-\d\d$")
_FOOTNOTE_MARKER = re.compile(r"^\[\d+\](?:,\s?\[\d+\])*$")
_SCALE_WORDS = {"Units": 0, "Thousands": 3, "Millions": 6, "Billions": 9, "Trillions": 12}
_SCALE_PART = re.compile(
    r"^(?P<unit>.+?) in (?:(?P<word>Units|Thousands|Millions|Billions|Trillions)"
    r"|scaling factor is (?P<factor>-?\d+))$"
)


@dataclass(frozen=True, slots=True)
class CellValue:
    """A cell's text read as a value, before any page-level scaling."""

    kind: ValueKind
    value: str  # lexical value (numbers: unscaled digits as shown, sign applied, percent kept)
    number: Decimal | None = None
    symbol: str | None = None  # currency symbol printed before a number
    percent: bool = False
    fraction_digits: int = 0


def normalize_space(text: str) -> str:
    """Collapse nbsp and runs of whitespace to single spaces, as the renderer's labels are
    (``str.split`` splits at nbsp too)."""
    return " ".join(text.split())


def parse_date(text: str) -> dt.date | None:
    """Read a renderer date such as "Mar. 29, 2025" or "May 31,  2021"."""
    m = _DATE_PARTS.match(text.strip())
    if not m or m.group(1) not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None


def is_date(text: str) -> bool:
    return bool(_DATE.match(text))


def parse_group_months(text: str) -> int | None:
    """The N of an "N Months Ended" group header."""
    m = _GROUP.match(text.strip())
    return int(m.group(1)) if m else None


def is_footnote_marker(text: str) -> bool:
    return bool(_FOOTNOTE_MARKER.match(text.strip()))


def footnote_numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\[(\d+)\]", text))


@functools.lru_cache(maxsize=1 << 12)  # a page reads each cell's text a few times over
def parse_number(text: str) -> CellValue | None:
    """Read a displayed number: "$ (1,234.5)", "85.77%", "(5.25%)", "0", "none", "∞".

    Comma-less integers of four or more digits ("2025", "0000320193") are not numbers: the
    renderer always groups numbers of 1000 and more, so those are text facts.
    """
    text = text.strip()
    if text == "none":  # RR/OEF pages print zero as "none"
        return CellValue(ValueKind.NUMBER, "0", number=Decimal(0))
    m = _NUMBER.match(text)
    if not m:
        return None
    digits = m.group("digits")
    if (m.group("open") is None) != (m.group("close") is None):
        return None
    integer_part = digits.split(".")[0]
    if "," not in digits and len(integer_part) >= 4:
        return None
    if len(integer_part) > 1 and integer_part.startswith("0"):
        return None  # "001", "08": identifiers, not numbers
    number = Decimal(digits.replace(",", ""))
    if m.group("open") or m.group("sign"):
        number = -number
    fraction = len(digits.split(".")[1]) if "." in digits else 0
    return CellValue(
        ValueKind.NUMBER,
        format(number, "f"),
        number=number,
        symbol=m.group("symbol"),
        percent=m.group("percent") is not None,
        fraction_digits=fraction,
    )


def parse_duration(text: str) -> str | None:
    """Read "2 years 8 months 12 days" as the ISO duration P2Y8M12D."""
    if not _DURATION.match(text):
        return None
    parts = {unit: int(n) for n, unit in _DURATION_PART.findall(text)}
    date_part = "".join(
        f"{parts[u]}{c}"
        for u, c in (("year", "Y"), ("month", "M"), ("week", "W"), ("day", "D"))
        if u in parts
    )
    time_part = "".join(
        f"{parts[u]}{c}" for u, c in (("hour", "H"), ("minute", "M"), ("second", "S")) if u in parts
    )
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def parse_value(text: str) -> CellValue:
    """Read any cell text: number, boolean, date, duration, month-day, else text."""
    text = normalize_space(text)
    number = parse_number(text)
    if number is not None:
        return number
    if text in ("true", "false"):
        return CellValue(ValueKind.BOOLEAN, text)
    date = parse_date(text)
    if date is not None:
        return CellValue(ValueKind.DATE, date.isoformat())
    duration = parse_duration(text)
    if duration is not None:
        return CellValue(ValueKind.DURATION, duration)
    if _MONTH_DAY.match(text):
        return CellValue(ValueKind.MONTH_DAY, text)
    return CellValue(ValueKind.TEXT, text)


def looks_like_value(text: str) -> bool:
    """Whether a line can only be a value (never a row label) in the '|' text."""
    text = normalize_space(text)
    return (
        parse_number(text) is not None
        or text in ("true", "false", "∞")
        or parse_date(text) is not None
        or parse_duration(text) is not None
        or bool(_MONTH_DAY.match(text))
    )


def parse_scale(text: str) -> dict[str, int]:
    """Read the rounding option: " shares in Thousands, $ in Millions" -> {"shares": 3, "$": 6}.

    Keys are the unit words as printed ("$", "shares", "$ / shares", "€", "R$", "¥").
    """
    scales: dict[str, int] = {}
    for part in normalize_space(text).split(", "):
        m = _SCALE_PART.match(part.strip())
        if not m:
            continue
        if m.group("word"):
            scales[m.group("unit")] = _SCALE_WORDS[m.group("word")]
        else:
            scales[m.group("unit")] = -int(m.group("factor"))
    return scales


def is_scale_text(text: str) -> bool:
    parts = normalize_space(text).split(", ")
    return bool(parts) and all(_SCALE_PART.match(p) for p in parts)


def scaled(number: Decimal, exponent: int) -> Decimal:
    """Multiply by 10**exponent exactly."""
    return number.scaleb(exponent) if exponent else number


def decimal_lexical(number: Decimal) -> str:
    """The xsd:decimal lexical form: no exponent, no trailing fraction zeros beyond the input's."""
    text = format(number, "f")
    return "0" if text in ("-0", "0") else text


def months_between(start: dt.date, end: dt.date) -> int:
    """The renderer's month count of a duration: months(start -> end + 15 days)."""
    end = end + dt.timedelta(days=15)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def add_months(date: dt.date, months: int) -> dt.date:
    """Shift a date by whole months, keeping month ends at month ends (Feb 29 -> Feb 28)."""
    total = date.year * 12 + (date.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = _month_length(year, month)
    is_month_end = date.day == _month_length(date.year, date.month)
    return dt.date(year, month, last if is_month_end else min(date.day, last))


def _month_length(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
