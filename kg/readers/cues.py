"""What a row label says about its own values: unit suffixes, balances, beginning of period.

The renderer appends less common row units to labels ("Amount of repurchases | $",
"Shares issued (in shares) | shares") and writes equity balance rows as "{label} at {date}".
Both readers use these cues; the HTML reader has the element's data type besides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kg.cells import DATE_PATTERN, parse_date
from kg.units import DEFAULT_SYMBOLS, read_unit_label

# A label that says it is no line item: a heading, a table, an axis or its domain.
ABSTRACT_SUFFIX = re.compile(
    r"\[(Abstract|Line Items|Roll Forward|Table|Axis|Domain|Table Text Block)\]$"
)
_BALANCE_ROW = re.compile(rf"^(?P<label>.*\S) at (?P<date>{DATE_PATTERN})$")
_START = re.compile(r"\b(beginning|begin|opening|start of (the )?(year|period))\b", re.IGNORECASE)
_END = re.compile(
    r"\b(ending|end of (the )?(year|period|quarter)|closing balance|balance at end)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\b(that|which) (was|were|is|are|had been)\b|\bincluded in\b", re.I)
_PER_SHARE = re.compile(
    r"per (common )?share|per unit\b|\(in dollars per|\(in usd per|"
    r"\(in \$ per|per diluted share|per basic share",
    re.IGNORECASE,
)
# A par value itself ("Common stock, par value"), not an amount beside it: "Capital in excess
# of par value", "Common stock, $0.01 par value" (the stock, its par value in its name). Pages
# of the renderer before EdgarRenderer 3 print it under a title in dollars, "(USD $)".
_PAR_VALUE = re.compile(r"^(?!.*\bexcess\b)(?!.*\d\s*par value$).*\bpar value$", re.IGNORECASE)
# Share counts, not amounts: "Issuance of treasury shares" is money, "Balance, shares" is not.
_SHARES = re.compile(
    r"\(in shares\)|, shares\b|\| shares$|^shares\b|\bnumber of (common )?shares\b|"
    r"\bshares (outstanding|issued|authorized|used|held|subject|reserved|granted|vested)\b|"
    r"weighted[- ]average (number of )?(common |basic |diluted )?shares\b|\bshare count\b",
    re.IGNORECASE,
)
# "..., Value, ..." is how a standard label names the amount of a share count's concept
# ("Shares Issued, Value, Share-based Payment Arrangement", "Stock Repurchased, Value").
_AMOUNT_OF_SHARES = re.compile(r",\s*value\b", re.IGNORECASE)
_LESS = re.compile(r"^less\b", re.IGNORECASE)
_RATIO = re.compile(r"\bratio\b", re.IGNORECASE)


def split_balance_label(label: str) -> tuple[str, str] | None:
    """Split an equity balance row "Ending balances at Mar. 29, 2025" into label and date text."""
    m = _BALANCE_ROW.match(label)
    if not m or parse_date(m.group("date")) is None:
        return None
    return m.group("label"), m.group("date")


def split_unit_suffix(label: str) -> tuple[str, str] | None:
    """Split "Amount of share repurchases | $" into ("Amount of share repurchases", "$").

    Only standard unit words are recognised here; custom unit names ("| site") need the
    structure of the page to tell them from a member path.
    """
    head, sep, tail = label.rpartition(" | ")
    if not sep or not head:
        return None
    return (head, tail) if is_unit_word(tail) else None


def is_unit_word(text: str) -> bool:
    return read_unit_label(text) is not None or text in DEFAULT_SYMBOLS


def unit_word_category(text: str) -> str | None:
    """ "$" -> monetary, "$ / shares" -> per-share, "shares" -> shares."""
    unit = read_unit_label(text)
    if unit is not None:
        return unit.category
    return "monetary" if text in DEFAULT_SYMBOLS else None


# "<what> used in computing <a per-share figure>": the words before it say what the row is.
_USED_IN = re.compile(
    r"\bused in (the )?(computing|computation|calculating|calculation|determining)\b", re.I
)
_IN_SHARES = re.compile(r"\(in shares\)|, shares\b|\| shares$", re.IGNORECASE)
_IN_PER_SHARE = re.compile(r"\(in [^)]*\bper\b[^)]*\)", re.IGNORECASE)


def label_unit_category(label: str) -> tuple[str | None, bool]:
    """The unit a label implies, and whether it says so explicitly.

    Explicit suffixes ("(in shares)", "(in dollars per share)", "| shares") are reliable and
    win over wording elsewhere in the label; wording alone ("earnings per share", "shares
    issued") is a hint: "Preferred stock; $0.001 par value; 100 shares authorized" is money.
    """
    if _IN_SHARES.search(label):
        return "shares", True
    if _IN_PER_SHARE.search(label):
        return "per-share", True
    used = _USED_IN.search(label)
    if used:  # "Net income used in computing net income per share" is an amount
        label = label[: used.start()]
    if _PER_SHARE.search(label) or _PAR_VALUE.match(label.strip()):
        return "per-share", False
    if _SHARES.search(label) and not _AMOUNT_OF_SHARES.search(label):
        return "shares", False
    if _RATIO.search(label):  # "Distribution ratio of common stock in spin-off": not money
        return "pure?", False
    return None, False


def is_period_start_label(label: str) -> bool:
    return _cue_is_the_rows(_START.search(label), label)


def is_period_end_label(label: str) -> bool:
    return _cue_is_the_rows(_END.search(label), label)


def _cue_is_the_rows(cue: re.Match[str] | None, label: str) -> bool:
    """A beginning/end cue inside a relative clause describes the clause, not the row:
    "Portion of net sales that was included in deferred revenue as of the beginning of the
    period" is a flow of the period."""
    return cue is not None and not _CLAUSE.search(label, 0, cue.start())


# Nouns of a balance sheet (stocks) and words of a flow. The pair decides the period type of a
# '|' text row under a duration column that no element or cue dates. Held to the SEC tag
# dictionaries (standard us-gaap monetary elements the rule calls balances): fsds-2009q3 373
# of 373 instants, fsds-2010q2 273 of 275 (two deprecated VIE carrying amounts are durations);
# "Liabilities Assumed", "... Claims Incurred", "Asset Management Fees" and "Origination of
# Notes Receivable" gave FLOW its words "assumed", "incurred", "claims", "fees" and
# "origination". A "loss contingency" is not a loss of the period but a balance: of the
# dictionaries' standard labels naming one, the 3 without a flow word are instants
# ("Accrual for Environmental Loss Contingencies", "Loss Contingency, Accrual, Noncurrent"),
# the 4 with one durations ("Loss Contingency, Loss in Period").
_STOCK = re.compile(
    r"\b(assets?|liabilit(y|ies)|valuation allowances?|unrecognized tax benefits?|"
    r"accumulated (depreciation|amortization)|carrying (amount|value)|accruals? for|"
    r"collateral|liability position|receivables?|payables?|inventor(y|ies)|goodwill|"
    r"loss contingenc(y|ies))\b",
    re.IGNORECASE,
)
_FLOW = re.compile(
    r"\b(increases?|decreases?|changes?|proceeds|payments?|purchases?|sales?|sold|gains?|"
    r"loss(es)?(?! contingenc)|expenses?|income|revenues?|costs?|charges?|provisions?|impairments?|"
    r"write[- ]?(offs?|downs?)|additions?|reductions?|settlements?|granted|vested|forfeited|"
    r"exercised|issued|acquired|assumed|incurred|claims|fees?|recogni[sz]ed|during|paid|"
    r"received|contributions?|distributions?|amortization of|depreciation of|transfers?|"
    r"reclassifi\w*|acquisitions?|disposals?|net of|benefit from|used|provided|repayments?|"
    r"borrowings?|dividends?|adjustments?|translation|effect|originations?|collections?)\b",
    re.IGNORECASE,
)


# The cash a statement of cash flows reconciles to, named as a balance: "Cash and cash
# equivalents", "Total cash, cash equivalents, and restricted cash", "Less: Cash and Cash
# Items - Discontinued Operations". SEC tag dictionaries: 4 of 4 and 2 of 2 instants; the
# shared HTML pages: 95 of 95 facts so labelled are instants (while "Cash generated by
# operating activities" is a flow).
_CASH_BALANCE = re.compile(
    r"^(less:?\s*)?(total\s+)?cash(\s+and\s+cash\s+(equivalents|items)|,\s*cash\s+equivalents)\b",
    re.IGNORECASE,
)


def names_a_balance(label: str) -> bool:
    """ "Current assets of discontinued operations", "Unrecognized tax benefits": the label
    names an amount held at a date (assets, liabilities, allowances, accumulated depreciation,
    carrying amounts, accruals, collateral, cash and its equivalents) and no flow word
    ("Proceeds from sale of assets", "Increase in other liabilities")."""
    named = _STOCK.search(label) or _CASH_BALANCE.search(label)
    return bool(named) and not _FLOW.search(label)


def names_cash_balance(label: str) -> bool:
    """ "Total cash, cash equivalents, and restricted cash": the one balance a statement of
    cash flows names without a beginning/end cue (its other balance-sheet names are changes)."""
    return bool(_CASH_BALANCE.search(label)) and not _FLOW.search(label)


def balance_rule(title_lines: Sequence[str]) -> Callable[[str], bool]:
    """Which labels name a balance on a page: a statement of cash flows prints changes under
    balance-sheet names ("Other assets"), so there only the cash it reconciles to does."""
    cash_flow = bool(title_lines) and "cash flow" in title_lines[0].lower()
    return names_cash_balance if cash_flow else names_a_balance


def is_less_label(label: str) -> bool:
    """ "Less: accumulated depreciation": a deduction from the row above."""
    return bool(_LESS.search(label))
