"""Units as R pages print them: "USD ($)", "$ / shares", "shares", a symbol before a number.

A page names its currency in the title or column header ("USD ($)", "EUR (€)"); a number shows only
the symbol. ``CurrencyMap`` keeps what the page says and falls back on the usual reading of a
symbol, reporting when it had to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Unit, is_currency_code

# The usual currency of a symbol, for pages that print a symbol without naming the currency.
DEFAULT_SYMBOLS = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "R$": "BRL", "₹": "INR", "₩": "KRW",
    "C$": "CAD", "A$": "AUD", "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "CHF": "CHF",
    "kr": "SEK", "₽": "RUB", "₪": "ILS", "zł": "PLN", "R": "ZAR", "Mex$": "MXN",
}  # fmt: skip

_CURRENCY_LABEL = re.compile(r"^(?P<code>[A-Z]{3}) \((?P<symbol>[^)]+)\)$")  # "USD ($)"
_PER_SHARE_LABEL = re.compile(r"^(?P<symbol>\S+) / shares?$")  # "$ / shares"

SHARES = Unit("shares")
PURE = Unit("pure")


@dataclass(slots=True)
class CurrencyMap:
    """Symbol -> ISO code, as declared by the page, with the usual readings as fallback."""

    declared: dict[str, str] = field(default_factory=dict)

    def declare(self, label: str) -> None:
        """Learn from a unit label such as "USD ($)" or "EUR (€)"."""
        m = _CURRENCY_LABEL.match(label.strip())
        if m:
            self.declared.setdefault(m.group("symbol"), m.group("code"))

    def currency(self, symbol: str) -> tuple[str, bool]:
        """The ISO code of a symbol, and whether that was only assumed (not declared)."""
        if symbol in self.declared:
            return self.declared[symbol], False
        if is_currency_code(symbol):
            return symbol, False  # the renderer prints the ISO code when no symbol exists
        if symbol in DEFAULT_SYMBOLS:
            return DEFAULT_SYMBOLS[symbol], True
        return symbol, True

    @property
    def page_currency(self) -> tuple[str, str] | None:
        """(symbol, code) of the first currency the page declared, if any."""
        for symbol, code in self.declared.items():
            return symbol, code
        return None


@dataclass(frozen=True, slots=True)
class UnitLabel:
    """A unit label read: its category and, for money, the symbol printed with it."""

    category: str  # "monetary", "per-share", "shares", "pure", "other"
    symbol: str | None = None
    code: str | None = None  # ISO code when the label names it ("USD ($)")
    other: str | None = None  # a custom unit's name


def read_unit_label(label: str) -> UnitLabel | None:
    """Read "USD ($)", "$ / shares", "shares", "pure", "EUR (€)"; None if it is not a unit label."""
    label = label.strip()
    m = _CURRENCY_LABEL.match(label)
    if m:
        return UnitLabel("monetary", symbol=m.group("symbol"), code=m.group("code"))
    m = _PER_SHARE_LABEL.match(label)
    if m:
        return UnitLabel("per-share", symbol=m.group("symbol"))
    if label in ("shares", "share"):
        return UnitLabel("shares")
    if label == "pure":
        return UnitLabel("pure")
    return None


def looks_like_title_unit(segment: str) -> bool:
    """Whether the last " - " segment of a report name is its promoted unit."""
    return read_unit_label(segment) is not None


def scale_key(category: str, symbol: str | None) -> str | None:
    """The word a rounding option uses for a unit: "$", "shares", "$ / shares"."""
    if category == "monetary":
        return symbol
    if category == "per-share":
        return f"{symbol} / shares"
    if category == "shares":
        return "shares"
    return None


def make_unit(category: str, currency: str | None) -> Unit:
    if category == "monetary" and currency:
        return Unit(currency)
    if category == "per-share" and currency:
        return Unit(f"{currency}/shares")
    if category == "shares":
        return SHARES
    return PURE
