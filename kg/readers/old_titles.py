"""Title cells as the renderer before EdgarRenderer 3 wrote them, put in today's words.

Filings of 2009 to about 2014 were rendered by the SEC's Rendering Engine 2. Its title cell
names the unit in parentheses after the report's name and words the rounding option another
way:

    CONSOLIDATED BALANCE SHEETS (USD $)              ->  ... - USD ($)
    In Millions, except Share data in Thousands, unless otherwise specified
                                                     ->  shares in Thousands, $ in Millions

"In X" scales money and shares; "except Share data" leaves shares unscaled, "except Share
data in Y" scales them by Y; "Share data in Y" alone scales shares only; per-share data are
never scaled ("except Per Share data"); "unless otherwise specified" changes nothing. The
money's word is the currency symbol of the title's unit, else "$".
"""

from __future__ import annotations

import re

from kg.units import read_unit_label

_SCALES = "Units|Thousands|Millions|Billions|Trillions"
# "(USD $)", "(EUR €)", "(USD $ / shares)"; a bare code only for the usual currencies, so that
# a name ending in "(IPO)" keeps its parentheses.
_UNIT = re.compile(r"^(?P<name>.*\S)\s+\((?P<code>[A-Z]{3})(?: (?P<symbol>[^()]+?))?\)$")
_BARE_CODES = frozenset(
    "USD EUR GBP JPY CHF CAD AUD CNY HKD SEK NOK DKK BRL INR KRW MXN SGD ZAR ILS NZD".split()
)
_MONEY = re.compile(rf"^In (?P<money>{_SCALES})\b(?P<rest>.*)$")
_SHARES_ONLY = re.compile(rf"^Share data in (?P<shares>{_SCALES})\b(?P<rest>.*)$")
_SHARES_EXCEPTED = re.compile(rf"except Share(?: data)?(?: in (?P<shares>{_SCALES}))?\b")
_TAIL = re.compile(r",?\s*unless otherwise specified\s*$")


def modern_title_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The title cell's lines as EdgarRenderer 3 words them (unchanged if they are not old)."""
    if not lines:
        return lines
    name, unit = _old_unit(lines[0])
    symbol = _symbol(unit)
    result = [f"{name} - {unit}" if unit else lines[0]]
    for line in lines[1:]:
        if not is_old_rounding(line):
            result.append(line)
        elif modern := old_rounding_text(line, symbol):
            result.append(modern)
    return tuple(result)


def is_old_rounding(text: str) -> bool:
    """ "In Millions, except Per Share data, unless otherwise specified" and its kin."""
    text = _TAIL.sub("", text.strip())
    return bool(_MONEY.match(text) or _SHARES_ONLY.match(text))


def old_rounding_text(text: str, symbol: str = "$") -> str:
    """Today's rounding option for an old one: "shares in Thousands, $ in Millions" (empty
    when nothing is scaled)."""
    text = _TAIL.sub("", text.strip())
    money: str | None = None
    shares: str | None = None
    if m := _MONEY.match(text):
        money, rest = m.group("money"), m.group("rest")
        excepted = _SHARES_EXCEPTED.search(rest)
        shares = money if excepted is None else (excepted.group("shares") or "Units")
    elif m := _SHARES_ONLY.match(text):
        shares = m.group("shares")
    parts = []
    if shares and shares != "Units":
        parts.append(f"shares in {shares}")
    if money and money != "Units":
        parts.append(f"{symbol} in {money}")
    return ", ".join(parts)


def _old_unit(line: str) -> tuple[str, str | None]:
    """A name and today's unit label from "NAME (USD $)"; the line and None otherwise (and for
    today's "NAME - CHF (CHF)", whose unit already follows its " - ")."""
    if " - " in line and read_unit_label(line.rsplit(" - ", 1)[1]) is not None:
        return line, None
    m = _UNIT.match(line.strip())
    if m is None or (m.group("symbol") is None and m.group("code") not in _BARE_CODES):
        return line, None
    code, symbol = m.group("code"), m.group("symbol")
    if symbol and symbol.endswith(" / shares"):
        return m.group("name"), symbol  # "$ / shares"
    label = f"{code} ({symbol})" if symbol else f"{code} ({code})"
    return (m.group("name"), label) if read_unit_label(label) else (line, None)


def _symbol(unit: str | None) -> str:
    parsed = read_unit_label(unit) if unit else None
    return parsed.symbol if parsed is not None and parsed.symbol else "$"
