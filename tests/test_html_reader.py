"""The HTML reader: every value cell of every shared R page becomes the right fact."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import read_report
from kg.cells import parse_number
from kg.fidelity import fact_key
from kg.model import Report, ValueKind
from kg.taxonomy.sources import load_taxonomy
from tests.corpus import apple_filing, html_pages, report_table_alone, shared_data
from tests.oracle import read_page


def _qname(element: str) -> str:
    prefix, _, local = element.partition("_")
    return f"{prefix}:{local}"


@pytest.mark.corpus
def test_every_value_cell_becomes_a_fact() -> None:
    """Concept, column (its header as printed), displayed value and number, for every cell."""
    checked = 0
    problems = []
    for path in html_pages():
        page = read_page(path.read_text(encoding="utf-8", errors="replace"))
        report = read_report(str(path))
        facts = {(f.location.row, f.location.column): f for f in report.facts}
        for cell in page.cells:
            checked += 1
            fact = facts.get((cell.row, cell.column))
            where = f"{path.name} row {cell.row} col {cell.column} ({cell.label!r})"
            if fact is None:
                problems.append(f"{where}: no fact")
                continue
            column = report.columns[cell.column - 1]
            if column.labels != page.columns[cell.column - 1]:
                problems.append(
                    f"{where}: header {column.labels} != {page.columns[cell.column - 1]}"
                )
            if cell.element and str(fact.concept.qname) != _qname(cell.element):
                problems.append(f"{where}: concept {fact.concept.qname} != {cell.element}")
            if not cell.text_block and " ".join(fact.display.split()) != cell.text:
                problems.append(f"{where}: display {fact.display!r} != {cell.text!r}")
            number = parse_number(cell.text)
            if fact.kind is ValueKind.NUMBER and number is not None and number.number is not None:
                # The value is the printed number scaled by a power of ten, sign kept.
                value = Decimal(fact.value)
                ratio = value / number.number if number.number else value
                if number.number and (ratio <= 0 or ratio.log10() % 1 != 0):
                    problems.append(f"{where}: value {fact.value} from {cell.text!r}")
        assert len(report.facts) == len(page.cells), f"{path.name}: extra facts"
    assert checked > 3500
    assert not problems, "\n".join(problems[:40])


def test_text_blocks_are_kept_as_text() -> None:
    from tests.corpus import shared_data

    path = shared_data() / "edgar/r-pages/msft/msft__2024-10k_PropertyTextBlock.htm"
    (fact,) = read_report(str(path)).facts
    assert fact.kind is ValueKind.TEXT_BLOCK
    assert fact.value.startswith("NOTE 7 — PROPERTY AND EQUIPMENT")
    assert "Land" in fact.value  # the note's own table, as text
    assert "<" not in fact.value


def test_footnotes_link_to_their_facts() -> None:
    from tests.corpus import shared_data

    report = read_report(str(shared_data() / "edgar/r-pages/adi/adi_2019_R2.htm"))
    assert [n.number for n in report.footnotes] == [1, 2, 3, 4]
    special = [f for f in report.facts if f.label == "Special charges"]
    assert special[0].footnotes == (3,)  # a cell footnote
    restated = [f for f in report.facts if f.location.column == 5]
    assert all(1 in f.footnotes for f in restated)  # a column footnote reaches every cell


def test_a_page_that_declares_its_encoding(tmp_path: Path) -> None:
    """An R page saved as XHTML, with an XML declaration naming its encoding, reads as the
    page itself (lxml refuses a declared encoding on text it is given decoded)."""
    page = next(p for p in html_pages() if p.name == "R2.htm")
    declared = tmp_path / "R2.htm"
    declared.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + page.read_bytes())
    plain, xhtml = read_report(str(page)), read_report(str(declared))
    assert len(xhtml.facts) == len(plain.facts) > 0
    assert [(f.label, f.value, f.period) for f in xhtml.facts] == [
        (f.label, f.value, f.period) for f in plain.facts
    ]


def test_pages_appended_to_one_html_file_are_read_one_by_one(tmp_path: Path) -> None:
    """Three R pages' HTML in one file (pages saved together): the parser kept the first
    report table and mixed the others' definitions into it. Each page is read as its own
    file is, with its place in the file and the file's lines; asked for one page, the reader
    names the line where the second starts (its own <html>)."""
    from kg.build import build, read_report_text, read_reports
    from kg.errors import AppendedPage
    from kg.rdf.namespaces import DEFAULT_BASE

    folder = shared_data() / "edgar" / "r-pages" / "tsla"
    files = [folder / f"tsla__10k-2021_{r}.htm" for r in ("R2", "R4", "R6")]
    texts = [file.read_text(encoding="utf-8") for file in files]
    joined = tmp_path / "pages.htm"
    joined.write_text("".join(texts), encoding="utf-8")

    def facts(report: Report) -> list[tuple[object, ...]]:
        return [(f.concept.qname, f.value, f.period, f.unit, f.members) for f in report.facts]

    reports = read_reports(str(joined))
    singles = [read_report(str(file)) for file in files]
    assert [facts(r) for r in reports] == [facts(s) for s in singles]
    assert [len(r.facts) for r in reports] == [65, 99, 157]
    assert [r.source.page for r in reports] == [1, 2, 3]
    assert [[(d.qname, d.definition, d.data_type) for d in r.definitions] for r in reports] == [
        [(d.qname, d.definition, d.data_type) for d in s.definitions] for s in singles
    ]
    offset = texts[0].count("\n")
    assert [f.location.line - offset for f in reports[1].facts] == [
        f.location.line for f in singles[1].facts
    ]
    built = build([str(joined)])
    assert not built.errors
    assert sorted(built.dataset.graphs) == sorted(
        f"{DEFAULT_BASE}report/{r.source.sha256[:24]}-{r.source.page}" for r in reports
    )
    with pytest.raises(AppendedPage, match=rf"^both.htm:{offset + 1}: another R page's report"):
        read_report_text(texts[0] + texts[1], name="both.htm")
    assert len(read_report_text(texts[0], name="R2.htm").facts) == 65


@pytest.mark.parametrize("fraction", [0.1, 0.33, 0.9])
def test_a_page_cut_short_is_named_not_read_in_part(fraction: float) -> None:
    """An interrupted download: cut in its report table, Tesla 2021 R4 gave 72 of its 99
    facts and no word; cut in its definitions, all facts and some definitions."""
    from kg.build import read_report_text
    from kg.errors import SourceError

    page = shared_data() / "edgar" / "r-pages" / "tsla" / "tsla__10k-2021_R4.htm"
    text = page.read_text(encoding="utf-8")
    assert len(read_report_text(text, name="R4.htm").facts) == 99
    with pytest.raises(SourceError, match=r"^R4\.htm:\d+: truncated: the table opened here"):
        read_report_text(text[: int(len(text) * fraction)], name="R4.htm")


def test_member_rows_read_from_their_own_links() -> None:
    """A member's heading row names its axis and member in its link ("...Axis=...Member").
    Air Products R61 without its definitions block, its "rh" row class dropped (as pages
    written by other tools print them): the same facts under the same members, the first of
    each path with the axis and QName its link names (the others' came from the definitions
    block, as did the data types and period types: unknown here, not guessed)."""
    import re

    from kg.build import read_report_text

    page = shared_data() / "edgar" / "r-pages" / "apd" / "apd__10k-2018_R61.htm"
    text = page.read_text(encoding="utf-8")
    start = text.index('<div style="display: none;">')
    bare = text[:start] + text[text.rindex("</table>") :]
    bare = bare.replace('<tr class="rh">', '<tr class="re">')
    assert "authRefData" not in bare
    assert '<tr class="rh">' not in bare
    original = read_report(str(page))
    rewritten = read_report_text(bare, name="R61.htm")

    def members(report):  # type: ignore[no-untyped-def]
        return [
            (
                f.label,
                f.period.end,
                tuple(m.label for m in f.members),
                (f.members[0].axis, f.members[0].qname) if f.members else None,
            )
            for f in report.facts
        ]

    assert len(original.facts) == 46
    assert members(rewritten) == members(original)
    assert sum(1 for f in rewritten.facts if f.members and f.members[0].axis) > 25
    assert re.search(r"defref_\S+Axis=", bare)


def test_a_page_holding_several_report_tables_reads_table_by_table(tmp_path: Path) -> None:
    """An investor-relations page built of R pages' bodies, each in its own <div> among
    menus and a footer: each report table is read with the definitions after it, as its
    own page."""
    import re

    from kg.build import read_reports

    folder = shared_data() / "edgar" / "r-pages" / "tsla"
    files = [folder / f"tsla__10k-2021_{r}.htm" for r in ("R2", "R4", "R6")]
    bodies = []
    for file in files:
        body = re.search(r"<body[^>]*>(.*)</body>", file.read_text(encoding="utf-8"), re.S)
        assert body is not None
        bodies.append(f'<div class="statement"><h2>{file.stem}</h2>{body.group(1)}</div>')
    page = tmp_path / "statements.html"
    page.write_text(
        "<html><head><title>Financial statements</title></head><body><ul><li>Home</li></ul>"
        + "".join(bodies)
        + "<footer>(c)</footer></body></html>",
        encoding="utf-8",
    )
    reports = read_reports(str(page))
    singles = [read_report(str(file)) for file in files]
    assert [len(r.facts) for r in reports] == [65, 99, 157]
    assert [
        [(f.concept.qname, f.value, f.period, f.members) for f in r.facts] for r in reports
    ] == [[(f.concept.qname, f.value, f.period, f.members) for f in s.facts] for s in singles]
    assert [len(r.definitions) for r in reports] == [len(s.definitions) for s in singles]


def test_a_page_that_fails_among_others_is_named_and_the_rest_read(tmp_path: Path) -> None:
    """Tesla's R2, R4 cut short in its report table, and R6 in one file: R4 is named as
    truncated, R2 and R6 are read with their places in the file (1 and 3)."""
    from kg.build import read_reports
    from kg.errors import SourceError

    folder = shared_data() / "edgar" / "r-pages" / "tsla"
    texts = [
        (folder / f"tsla__10k-2021_{r}.htm").read_text(encoding="utf-8") for r in ("R2", "R4", "R6")
    ]
    cut = texts[1][: texts[1].index("</table>")]  # R4 up to its report table's end, unclosed
    joined = tmp_path / "pages.htm"
    joined.write_text(texts[0] + cut + texts[2], encoding="utf-8")
    errors: list[SourceError] = []
    reports = read_reports(str(joined), errors=errors)
    assert [(r.source.page, len(r.facts)) for r in reports] == [(1, 65), (3, 157)]
    (error,) = errors
    assert "truncated" in str(error)
    assert error.line == texts[0].count("\n") + cut[: cut.index('class="report"')].count("\n") + 1


def test_a_values_hidden_element_name_is_not_read(tmp_path: Path) -> None:
    """EdgarRenderer 2 wraps each number in a link and follows it with a hidden span naming
    its element, shown by a click: "$ 28,162" and then "us-gaap_Cash...". Read into the
    value, it made "$ 28,162us-gaap_Cash..." a text fact."""
    original = shared_data() / "edgar" / "filings" / "aapl-10q-2025-03-29" / "R4.htm"
    html = original.read_text(encoding="utf-8")

    def renderer_2(match: re.Match[str]) -> str:
        value, element = match.group(2), "us-gaap_SomeElement"
        return (
            f'{match.group(1)}<a title="{element}" onclick="toggleNextSibling(this);">{value}</a>'
            f'<span style="display:none;white-space:normal;text-align:left;">{element}</span>'
        )

    old_style, count = re.subn(r'(<td class="nump?">)([^<]+)', renderer_2, html)
    assert count > 50
    page = tmp_path / "R4.htm"
    page.write_text(old_style, encoding="utf-8")

    def facts(path: Path) -> list[tuple[object, ...]]:
        return [(f.label, f.period, f.value, f.unit) for f in read_report(str(path)).facts]

    assert facts(page) == facts(original)


def _as_shown(report: Report) -> Counter[tuple[object, ...]]:
    """Facts as the table alone can show them: a period by its end date (whether a value
    under a duration column is an instant only the element's Details say), text as text."""
    return Counter(
        (f.label, f.member_path, f.period.end, " ".join(f.value.split()), f.unit)
        for f in report.facts
    )


def test_a_report_table_without_its_definitions_reads_its_units_from_the_labels(
    tmp_path: Path,
) -> None:
    """Without Details, a row's unit comes from its label and its heading, as in the '|' text:
    earnings per share are USD per share, share counts shares ("| site" a custom unit), and a
    currency symbol or a money run down the column overrides a hint ("Common stock: $0.001
    par value, ... shares authorized" is money). Every shared page's facts come out as with
    its definitions, but one row whose label names no unit (all were USD before: 381 facts
    differed, counted with periods)."""
    differences = {}
    for page in html_pages():
        whole = _as_shown(read_report(str(page)))
        alone = _as_shown(read_report(str(report_table_alone(page, tmp_path))))
        if alone != whole:
            differences[page.name] = sorted({key[0] for key in (alone - whole)})
    # Tesla's equity statement: the shares column's "Warrants Settlement Shares" says no unit.
    assert differences == {"tsla__10k-2021_R6.htm": ["Warrants Settlement Shares"]}


def test_a_report_table_alone_is_typed_by_a_dictionary(tmp_path: Path) -> None:
    """Apple's R32 alone shows six maturity percentages under a "6 Months Ended" column; only
    their element (aapl's own, declared instants by the filing's schema) dates them. With the
    filing's dictionary the table reads as the whole page; without, they are durations."""
    page = apple_filing() / "R32.htm"
    table = report_table_alone(page, tmp_path)
    dictionary = load_taxonomy([apple_filing()], cache=False)
    whole = _as_read(read_report(str(page)))
    assert _as_read(read_report(str(table), dictionary)) == whole
    guessed = _as_read(read_report(str(table))) - whole
    assert sum(guessed.values()) == 6
    assert all(period[0] == "duration" for _, _, period, _, _ in guessed)


def _as_read(report: Report) -> Counter[tuple[object, ...]]:
    return Counter(fact_key(f) for f in report.facts)
