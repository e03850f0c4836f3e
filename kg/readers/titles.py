"""The top-left cell of an R page: report name, promoted members or period, unit, rounding.

ReportName = shortName [" - " promoted label]* [" - " unit]. Short names may themselves contain
" - " (Apple's do), so the split is by rule: the unit is the last segment when it reads as a
unit; promoted labels are the segments after the last one that closes a parenthesis
("(Details)", "(Tables)") or, failing that, trailing "[Member]" segments and promoted periods.
With FilingSummary.xml's ShortName the split is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.cells import is_scale_text
from kg.model import ReportKind
from kg.readers.old_titles import is_old_rounding, modern_title_lines
from kg.units import looks_like_title_unit

# A rounding option's part ("$ in Millions", "$ / shares in Units"), its unit one token: the
# title cell runs the report name and the rounding together, so the unit marks where it starts.
_ROUNDING_PART = re.compile(
    r"^\S+(?: / shares)? in "
    r"(?:Units|Thousands|Millions|Billions|Trillions|scaling factor is -?\d+)$"
)
# A rounding option glued to the title: "USD ($)shares in Thousands" (trafilatura 2.1's
# markdown), "Balance Sheets$ in Millions", "Restricted stock unitsshares in Thousands" (1.10),
# "(Details)R$ in Millions"; its currency a symbol ("$", "R$", "HK$"), an ISO code or "kr".
_GLUED_ROUNDING = re.compile(
    r"(?<=[a-z)])(?=(?:[A-Z]{0,3}[$€£¥₹₩]|[A-Z]{3}|kr|zł|shares|[^\s/]+ / shares) in "
    r"(?:Units|Thousands|Millions|Billions|Trillions|scaling)"
    r"|(?:In|Share data in) (?:Thousands|Millions|Billions)\b)"  # renderer 2: "(USD $)In Millions"
)
_PROMOTED_PERIOD = re.compile(r"^\d+ months ended .+$|^[A-Z][a-z]{2}\.? \d\d, \d{4}$")


@dataclass(frozen=True, slots=True)
class TitleParts:
    name: str  # the whole report name as printed (without the rounding option)
    short_name: str
    promoted: tuple[str, ...]  # promoted member labels and/or a promoted period label
    unit_label: str | None
    scale_label: str | None


def split_title(lines: tuple[str, ...], *, short_name: str | None = None) -> TitleParts | None:
    """Split the top-left cell's lines. ``short_name`` (from FilingSummary.xml) makes it exact."""
    if not lines:
        return None
    printed = lines[0]
    lines = modern_title_lines(lines)  # a renderer-2 title cell (filings before 2015)
    name = lines[0]
    scale = next((line for line in lines[1:] if is_scale_text(line)), None)
    segments = name.split(" - ")
    unit = None
    if len(segments) > 1 and looks_like_title_unit(segments[-1]):
        unit = segments.pop()
    rest = " - ".join(segments)
    if short_name and rest.startswith(short_name):
        promoted_text = rest[len(short_name) :].removeprefix(" - ")
        promoted = tuple(promoted_text.split(" - ")) if promoted_text else ()
        return TitleParts(printed, short_name, promoted, unit, scale)
    cut = _last_closing_segment(segments)
    if cut is None:
        cut = len(segments) - 1
        while cut > 0 and _is_promoted_label(segments[cut]):
            cut -= 1
    short = " - ".join(segments[: cut + 1])
    return TitleParts(printed, short, tuple(segments[cut + 1 :]), unit, scale)


def _last_closing_segment(segments: list[str]) -> int | None:
    for index in range(len(segments) - 1, -1, -1):
        if segments[index].endswith(")"):
            return index
    return None


def _is_promoted_label(segment: str) -> bool:
    return segment.endswith("[Member]") or bool(_PROMOTED_PERIOD.match(segment))


def is_promoted_period(label: str) -> bool:
    return bool(_PROMOTED_PERIOD.match(label))


_MENU_KINDS = {
    "cover": ReportKind.COVER,
    "statements": ReportKind.STATEMENT,
    "notes": ReportKind.NOTES,
    "policies": ReportKind.POLICIES,
    "tables": ReportKind.TABLES,
    "details": ReportKind.DETAILS,
    "uncategorized": ReportKind.UNCATEGORIZED,
}
_COVER = re.compile(
    r"\b(cover|document and entity information|entity information|"
    r"audit information|auditor information)\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"balance sheets?|statements? of|income statements?|statement of financial position",
    re.IGNORECASE,
)


def report_kind(short_name: str | None, *, menu_category: str | None = None) -> ReportKind:
    """The report's menu category: FilingSummary.xml's when given, else read from its name.

    Follows EdgarRenderer's Summary.py: "(Table", "(Detail", "(...Polic...)", "Paren".
    """
    name = short_name or ""
    if menu_category:
        kind = _MENU_KINDS.get(menu_category.strip().lower())
        if kind is ReportKind.STATEMENT and "paren" in name.lower():
            return ReportKind.PARENTHETICAL
        if kind is not None:
            return kind
    lowered = name.lower()
    if "(detail" in lowered or "(narrative" in lowered:
        return ReportKind.DETAILS
    if "(table" in lowered:
        return ReportKind.TABLES
    if re.search(r"\([^)]*polic", lowered):
        return ReportKind.POLICIES
    if "paren" in lowered:
        return ReportKind.PARENTHETICAL
    if _COVER.search(name):
        return ReportKind.COVER
    if "uncategorized" in lowered:
        return ReportKind.UNCATEGORIZED
    if _STATEMENT.search(name):
        return ReportKind.STATEMENT
    return ReportKind.NOTES if name else ReportKind.UNKNOWN


def is_rounding_line(text: str) -> bool:
    """A title cell's rounding line: "$ in Millions", "shares in Thousands, $ in Millions", or
    a renderer-2 one ("In Millions, except Per Share data, unless otherwise specified")."""
    return all(_ROUNDING_PART.match(part) for part in text.split(", ")) or is_old_rounding(text)


def split_title_cell(cell: str) -> tuple[str, ...]:
    """The top-left cell's name and rounding option, which the cell joins with a space (or
    with none after the unit: 2.1's markdown writes "USD ($)shares in Thousands")."""
    words = _GLUED_ROUNDING.sub(" ", cell).split(" ")
    for cut in range(1, len(words)):
        scale = " ".join(words[cut:])
        if is_rounding_line(scale):
            return (" ".join(words[:cut]), scale)
    return (cell,) if cell else ()
