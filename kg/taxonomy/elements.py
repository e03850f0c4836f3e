"""One element as a dictionary knows it: QName, labels by role, documentation, types.

Every dictionary source (a filing's MetaLinks.json, an XBRL taxonomy package, the SEC's
Financial Statement Data Sets tag table) reads into these records.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import PeriodType, QName, Reference

# Label roles, by the short names MetaLinks.json and the renderer use.
STANDARD = "label"
TERSE = "terseLabel"
TOTAL = "totalLabel"
PERIOD_START = "periodStartLabel"
PERIOD_END = "periodEndLabel"
NEGATED = "negatedLabel"
DOCUMENTATION = "documentation"


@dataclass(frozen=True, slots=True)
class Element:
    qname: QName
    labels: tuple[tuple[str, str], ...] = ()  # (role short name, text), in source order
    documentation: str | None = None
    data_type: str | None = None  # e.g. "xbrli:monetaryItemType" or "monetaryItemType"
    balance: str | None = None  # "debit" / "credit"
    period_type: PeriodType | None = None
    abstract: bool | None = None
    references: tuple[Reference, ...] = ()

    def label(self, role: str = STANDARD) -> str | None:
        return next((text for r, text in self.labels if r == role), None)
