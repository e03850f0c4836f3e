"""The SEC Financial Statement Data Sets' tag table (``tag.txt``): standard elements in brief.

Tab-separated with a header: tag, version, custom, abstract, datatype, iord, crdr, tlabel, doc.
Standard tags carry their taxonomy in ``version`` ("us-gaap/2009", "dei/2009"); custom tags
carry an accession number instead and no prefix, so they cannot be named and are skipped.
``iord`` is I (instant) or D (duration), ``crdr`` C or D, ``tlabel`` the standard label.
When a tag appears under several versions, the latest one is kept.
"""

from __future__ import annotations

import csv
import io
from typing import IO

from kg.model import PeriodType, QName
from kg.taxonomy.elements import STANDARD, Element

HEADER = ("tag", "version", "custom")
_DATA_TYPES = {
    "monetary": "xbrli:monetaryItemType",
    "shares": "xbrli:sharesItemType",
    "perShare": "dtr-types:perShareItemType",
    "pure": "xbrli:pureItemType",
    "percent": "dtr-types:percentItemType",
    "decimal": "xbrli:decimalItemType",
    "integer": "xbrli:integerItemType",
    "positiveInteger": "xbrli:positiveIntegerItemType",
    "perUnit": "dtr-types:perUnitItemType",
    "string": "xbrli:stringItemType",
    "textBlock": "dtr-types:textBlockItemType",
    "date": "xbrli:dateItemType",
    "boolean": "xbrli:booleanItemType",
}
_PERIODS = {"I": PeriodType.INSTANT, "D": PeriodType.DURATION}
_BALANCES = {"C": "credit", "D": "debit"}


def is_fsds_tag_table(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip().split("\t")
    return tuple(first[:3]) == HEADER


def read_fsds_tags(source: IO[bytes]) -> dict[QName, Element]:
    """The standard elements of one tag table, by QName."""
    text = io.TextIOWrapper(source, encoding="utf-8", errors="replace", newline="")
    rows = csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
    latest: dict[QName, tuple[str, Element]] = {}
    for row in rows:
        version = row.get("version") or ""
        prefix, sep, year = version.partition("/")
        if row.get("custom") != "0" or not sep or not row.get("tag"):
            continue
        qname = QName(prefix, row["tag"])
        known = latest.get(qname)
        if known is not None and known[0] >= year:
            continue
        label = (row.get("tlabel") or "").strip()
        latest[qname] = (
            year,
            Element(
                qname=qname,
                labels=((STANDARD, label),) if label else (),
                documentation=(row.get("doc") or "").strip() or None,
                data_type=_DATA_TYPES.get(row.get("datatype") or ""),
                balance=_BALANCES.get(row.get("crdr") or ""),
                period_type=_PERIODS.get(row.get("iord") or ""),
                abstract=row.get("abstract") == "1",
            ),
        )
    return {qname: element for qname, (_, element) in latest.items()}
