"""The compact index resolution looks elements up in: by documentation and by label.

Built once from every dictionary source (taxonomy packages, FSDS tag tables, MetaLinks.json,
company schemas and label linkbases) and cached on disk (``kg.taxonomy.sources``). Sources are
merged element by element: the first source that says an element's documentation, data type,
balance or period type wins, labels are pooled. Every documentation text of every source stays
searchable, since the same element is worded differently in different taxonomy years.

The index holds few, flat objects (a dict of strings and byte strings per lookup) so that it
unpickles in milliseconds; ``Element`` records and hit lists are decoded on demand.
"""

from __future__ import annotations

import heapq
import math
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.model import PeriodType, QName, Reference
from kg.taxonomy.elements import Element
from kg.taxonomy.reports import ReportDictionary, names_report, normalize_title
from kg.taxonomy.text import fold, similarity, words

# Close documentation matches: at most this many texts are compared word by word, chosen by
# the summed rarity (idf) of the words they share with the query.
_SHORTLIST = 40

# An element as stored: labels ((role, text), ...), documentation, data type, balance,
# period type, abstract, references ((role, ((part, value), ...)), ...).
_Row = tuple[
    tuple[tuple[str, str], ...],
    str | None,
    str | None,
    str | None,
    str | None,
    bool | None,
    tuple[tuple[str, tuple[tuple[str, str], ...]], ...],
]


# Prefixes of the standard taxonomies (FASB, SEC); any other prefix is a filer's own.
STANDARD_PREFIXES = frozenset(
    "us-gaap dei srt country currency exch invest naics sic stpr ecd cyd ffd spac rxp sro snj "
    "oef rr vip fnd cef ifrs-full".split()
)


def is_standard(qname: QName) -> bool:
    return qname.prefix in STANDARD_PREFIXES


@dataclass(frozen=True, slots=True)
class LabelHit:
    qname: QName
    role: str  # "label", "terseLabel", "periodStartLabel", ...
    filer: str  # the prefix of the filer whose linkbase or MetaLinks gives this label ("aapl"),
    # or "" for a standard taxonomy or tag table


@dataclass(frozen=True, slots=True)
class DocHit:
    qname: QName
    score: float  # 1.0 for an exact (folded) match


@dataclass(slots=True)
class TaxonomyIndex:
    """Elements by QName, with lookups by folded documentation and folded label."""

    sources: tuple[str, ...] = ()  # what was loaded, for messages
    # "prefix:Local" -> the pickled _Row
    _elements: dict[str, bytes] = field(default_factory=dict)
    # folded documentation -> "prefix:Local" keys, newline-separated
    _documentation: dict[str, str] = field(default_factory=dict)
    # folded label -> "prefix:Local<TAB>role<TAB>filer" lines
    _labels: dict[str, str] = field(default_factory=dict)
    # "prefix:Local" -> every folded documentation text it has in any source, newline-separated
    _docs_of: dict[str, str] = field(default_factory=dict)
    _texts: list[str] = field(default_factory=list)  # folded documentation, by text id
    _postings: dict[str, bytes] = field(default_factory=dict)  # word -> text ids (int32 array)
    # report short name -> the pickled ReportDictionary list of the filings that have it
    _reports: dict[str, bytes] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._elements)

    def __contains__(self, qname: object) -> bool:
        return str(qname) in self._elements

    def qnames(self) -> list[QName]:
        return [QName.parse(key) for key in self._elements]

    def element(self, qname: QName) -> Element | None:
        data = self._elements.get(str(qname))
        if data is None:
            return None
        row: _Row = pickle.loads(data)
        labels, documentation, data_type, balance, period, abstract, references = row
        return Element(
            qname=qname,
            labels=labels,
            documentation=documentation,
            data_type=data_type,
            balance=balance,
            period_type=PeriodType(period) if period else None,
            abstract=abstract,
            references=tuple(Reference(role, parts) for role, parts in references),
        )

    def by_documentation(self, text: str) -> tuple[QName, ...]:
        """Elements whose documentation (in any source) folds to the same text."""
        return tuple(QName.parse(k) for k in _keys(self._documentation.get(fold(text))))

    def documentation_of(self, qname: QName) -> tuple[str, ...]:
        """Every (folded) documentation text the sources give ``qname``."""
        return tuple(_keys(self._docs_of.get(str(qname))))

    def by_label(self, text: str) -> tuple[LabelHit, ...]:
        """Elements with a label (any role, any source) that folds to the same text."""
        lines = self._labels.get(fold(text))
        hits = []
        for line in lines.split("\n") if lines else ():
            key, role, filer = line.split("\t")
            hits.append(LabelHit(QName.parse(key), role, filer))
        return tuple(hits)

    def reports_titled(self, title: str) -> list[ReportDictionary]:
        """The filings' reports a page title names: of the short names the title starts
        with, the longest (a shorter one is a title with promoted members, "Revenue - ...")."""
        names = [name for name in self._reports if names_report(title, name)]
        if not names:
            return []
        longest = max(len(name) for name in names)
        found: list[ReportDictionary] = []
        for name in names:
            if len(name) == longest:
                found += pickle.loads(self._reports[name])
        return found

    def close_documentation(self, text: str, *, floor: float) -> list[DocHit]:
        """Elements whose documentation is at least ``floor`` similar to ``text``, best first."""
        query = words(fold(text))
        if not query:
            return []
        total = len(self._texts) or 1
        weights: Counter[int] = Counter()
        for word in set(query):
            posting = array("i", self._postings.get(word, b""))
            if not posting or len(posting) > total / 4:
                continue  # words in a quarter of all texts say nothing about which one
            idf = math.log(total / len(posting))
            for text_id in posting:
                weights[text_id] += idf  # type: ignore[assignment]
        shortlist = heapq.nlargest(_SHORTLIST, weights.items(), key=lambda kv: (kv[1], -kv[0]))
        best: dict[str, float] = {}
        for text_id, _ in shortlist:
            folded = self._texts[text_id]
            score = similarity(query, words(folded))
            if score < floor:
                continue
            for key in _keys(self._documentation.get(folded)):
                best[key] = max(best.get(key, 0.0), score)
        return [
            DocHit(QName.parse(k), s)
            for k, s in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        ]


def build_index(
    sources: Iterable[tuple[str, Mapping[QName, Element], frozenset[QName]]],
    reports: Iterable[ReportDictionary] = (),
) -> TaxonomyIndex:
    """Merge ``(description, elements, declared)`` sources, in priority order, into an index,
    with the filings' ``reports`` (from MetaLinks.json) by short name.

    ``declared`` names the elements the source itself defines: a filer's source declares its
    own (non-standard) elements, and its labels are that filer's wording (``LabelHit.filer``).
    """
    index = TaxonomyIndex()
    rows: dict[str, _Row] = {}
    documentation: dict[str, dict[str, None]] = {}
    labels: dict[str, dict[str, None]] = {}
    described: list[str] = []
    for description, elements, declared in sources:
        described.append(description)
        filer = _filer(declared)
        for qname, element in elements.items():
            key = str(qname)
            known = rows.get(key)
            row = _row(element)
            rows[key] = row if known is None else _merge(known, row)
            if element.documentation:
                documentation.setdefault(fold(element.documentation), {})[key] = None
            for role, text in element.labels:
                folded = fold(text)
                if folded:
                    labels.setdefault(folded, {})[f"{key}\t{role}\t{filer}"] = None
    index._elements = {key: pickle.dumps(row, protocol=5) for key, row in rows.items()}
    index._documentation = {text: "\n".join(keys) for text, keys in documentation.items() if text}
    docs_of: dict[str, list[str]] = {}
    for text, keys in documentation.items():
        for key in keys:
            docs_of.setdefault(key, []).append(text)
    index._docs_of = {key: "\n".join(texts) for key, texts in docs_of.items()}
    index._labels = {text: "\n".join(hits) for text, hits in labels.items()}
    index.sources = tuple(described)
    index._texts = sorted(index._documentation)
    postings: dict[str, list[int]] = {}
    for text_id, text in enumerate(index._texts):
        for word in set(words(text)):
            postings.setdefault(word, []).append(text_id)
    index._postings = {word: array("i", ids).tobytes() for word, ids in postings.items()}
    by_name: dict[str, list[ReportDictionary]] = {}
    for report in reports:
        by_name.setdefault(normalize_title(report.short_name), []).append(report)
    index._reports = {name: pickle.dumps(found, protocol=5) for name, found in by_name.items()}
    return index


def _filer(declared: frozenset[QName]) -> str:
    """The prefix most of a source's own non-standard elements carry, or "" for none."""
    prefixes = Counter(q.prefix for q in declared if not is_standard(q))
    return prefixes.most_common(1)[0][0] if prefixes else ""


def _keys(joined: str | None) -> list[str]:
    return joined.split("\n") if joined else []


def _row(element: Element) -> _Row:
    return (
        tuple(element.labels),
        element.documentation,
        element.data_type,
        element.balance,
        element.period_type.value if element.period_type else None,
        element.abstract,
        tuple((r.role, tuple(r.parts)) for r in element.references),
    )


def _merge(known: _Row, other: _Row) -> _Row:
    """The first source's value for each field, labels pooled."""
    return (
        tuple(dict.fromkeys(known[0] + other[0])),
        known[1] or other[1],
        known[2] or other[2],
        known[3] or other[3],
        known[4] or other[4],
        known[5] if known[5] is not None else other[5],
        known[6] or other[6],
    )
