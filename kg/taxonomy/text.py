"""How documentation and label texts are compared: folded forms and a close-match score.

Two texts match exactly when their folded forms are equal: Unicode compatibility forms,
case, and every run of whitespace or punctuation made one space (so "Amount, after
allowance" and "Amount after  allowance" are one text). Close matches compare the folded
word sequences (``similarity``), which tolerates the taxonomy's yearly rewording of a clause.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_NON_WORD = re.compile(r"[^0-9a-z]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """The form two texts are compared in: lower case, words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = text.replace("'", "")  # "entity's" and "entitys" alike; no word boundary
    return _NON_WORD.sub(" ", text).strip()


def words(folded: str) -> list[str]:
    return folded.split()


def similarity(a: list[str], b: list[str]) -> float:
    """Word-sequence similarity in [0, 1]: 2 * matched words / total words (difflib ratio)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
