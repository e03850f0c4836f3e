"""Title cells of the renderer before EdgarRenderer 3 (filings of 2009 to about 2014).

"CONSOLIDATED BALANCE SHEETS (USD $)" over "In Millions, except Share data in Thousands, unless
otherwise specified": before these were read, such a page's amounts came out unscaled (53,823
for $53,823 million) in both readers. The shared pages rewritten so must read as they are.
"""

from __future__ import annotations

import re

import pytest

from kg.build import read_report, read_report_text
from kg.readers.old_titles import is_old_rounding, modern_title_lines, old_rounding_text
from tests.corpus import shared_data


@pytest.mark.parametrize(
    ("old", "modern"),
    [
        ("In Millions", "shares in Millions, $ in Millions"),
        ("In Millions, unless otherwise specified", "shares in Millions, $ in Millions"),
        (
            "In Millions, except Per Share data, unless otherwise specified",
            "shares in Millions, $ in Millions",
        ),
        ("In Thousands, except Share data, unless otherwise specified", "$ in Thousands"),
        ("In Thousands, except Share and Per Share data", "$ in Thousands"),
        (
            "In Millions, except Share data in Thousands, unless otherwise specified",
            "shares in Thousands, $ in Millions",
        ),
        (
            "Share data in Thousands, except Per Share data, unless otherwise specified",
            "shares in Thousands",
        ),
    ],
)
def test_old_rounding_options_in_todays_words(old: str, modern: str) -> None:
    assert is_old_rounding(old)
    assert old_rounding_text(old) == modern


def test_old_title_units() -> None:
    assert modern_title_lines(("CONSOLIDATED BALANCE SHEETS (USD $)", "In Millions")) == (
        "CONSOLIDATED BALANCE SHEETS - USD ($)",
        "shares in Millions, $ in Millions",
    )
    assert modern_title_lines(("Balance Sheets (Parenthetical) (EUR €)", "In Thousands")) == (
        "Balance Sheets (Parenthetical) - EUR (€)",
        "shares in Thousands, € in Thousands",
    )
    # Today's titles, and names that end in capitals in parentheses, are left as they are.
    modern = ("Consolidated Balance Sheets - USD ($)", "$ in Millions")
    assert modern_title_lines(modern) == modern
    francs = ("Consolidated Balance Sheets - CHF (CHF)", "CHF in Millions")
    assert modern_title_lines(francs) == francs
    assert modern_title_lines(("Initial Public Offering (IPO) (Details)",)) == (
        "Initial Public Offering (IPO) (Details)",
    )
    assert modern_title_lines(("Initial Public Offering (IPO)",)) == (
        "Initial Public Offering (IPO)",
    )
    assert not is_old_rounding("Dec. 31, 2012")


_MODERN = re.compile(r"^(?P<name>.+) - USD \(\$\)$")


def _old_style(lines: list[str]) -> list[str]:
    """A page's title cell lines written as renderer 2 wrote them."""
    name = _MODERN.match(lines[0])
    assert name is not None
    scales = dict(re.findall(r"(shares|\$) in (Thousands|Millions|Billions)", lines[1]))
    rounding = f"In {scales['$']}"
    if scales.get("shares") not in (None, scales["$"]):
        rounding += f", except Share data in {scales['shares']}"
    return [f"{name.group('name')} (USD $)", rounding + ", unless otherwise specified"]


@pytest.mark.parametrize("stem", ["tsla__10k-2021_R4", "tsla__10k-2021_R2", "tsla__10k-2021_R6"])
def test_pages_with_old_title_cells_read_as_today(stem: str) -> None:
    """Tesla's statements (shares in millions, $ in millions) with renderer-2 title cells, as
    HTML and as the '|' text: the same facts as the pages as printed."""
    html = shared_data() / "edgar" / "r-pages" / "tsla" / f"{stem}.htm"
    text = shared_data() / "rtext" / "tsla" / f"{stem}.txt"
    page = html.read_text(encoding="utf-8")
    cell = re.search(r'<th class="tl"[^>]*><div[^>]*><strong>(.*?)</strong>', page, re.S)
    assert cell is not None
    lines = [part.strip() for part in cell.group(1).split("<br>")]
    old_html = page.replace(cell.group(1), "<br>".join(_old_style(lines)), 1)
    body = text.read_text(encoding="utf-8").split("\n")
    old_text = "\n".join([body[0], *_old_style(body[1:3]), *body[3:]])

    def facts(report):  # type: ignore[no-untyped-def]
        return [(f.label, f.value, f.unit, f.period, f.members) for f in report.facts]

    for printed, rewritten in (
        (read_report(str(html)), read_report_text(old_html, name=f"{stem}.htm")),
        (read_report(str(text)), read_report_text(old_text, name=f"{stem}.txt")),
    ):
        assert len(printed.facts) > 40
        assert facts(rewritten) == facts(printed)
        assert rewritten.title is not None
        assert rewritten.title.endswith("(USD $)")


def test_par_values_under_an_old_dollar_title_are_per_share() -> None:
    """Renderer 2 titled a parenthetical page "(USD $)" where today's says "- $ / shares":
    only the label tells the par value per share from an amount. Tesla's "Common stock par
    value | $ 0.001" under the old title reads as under today's; the HTML reader has the
    element's data type."""
    text = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R3.txt"
    today = "Consolidated Balance Sheets (Parenthetical) - $ / shares"
    page = text.read_text(encoding="utf-8")
    assert today in page
    old = read_report_text(
        page.replace(today, "Consolidated Balance Sheets (Parenthetical) (USD $)")
    )
    printed = read_report(str(text))
    par_values = [f for f in printed.facts if f.label.endswith("par value")]
    assert len(par_values) == 4
    assert {f.unit.id for f in par_values if f.unit} == {"USD/shares"}
    assert [(f.label, f.value, f.unit) for f in old.facts] == [
        (f.label, f.value, f.unit) for f in printed.facts
    ]


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("Common stock, par value", "per-share"),
        ("Preferred stock par value", "per-share"),
        ("Capital in excess of par value", None),  # money
        ("Common stock, $0.01 par value", None),  # the stock's amount, its par value named
    ],
)
def test_a_label_naming_a_par_value(label: str, category: str | None) -> None:
    from kg.readers.cues import label_unit_category

    assert label_unit_category(label) == (category, False)
