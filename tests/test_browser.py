"""kg serve in a real browser: Debian's Chromium, headless, driven by Playwright.

A person opens a report page, follows a number to its fact and the fact to its concept, in
``kg serve`` and in the static site ``kg publish`` writes, served by nginx with its sample
configuration; a screenshot of each page lands in ``test-output/screenshots/`` (or
``$KG_TEST_OUTPUT``).
Without Chromium the tests skip on a developer's machine and fail in CI (``CI`` set):
``tests/setup.d/chromium.sh`` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

from tests.linked import OUTPUT, Server, nginx_serving
from tests.test_serve import HOSTILE_ROW, HOSTILE_TITLE, hostile_graph

CHROMIUM = Path(os.environ.get("KG_CHROMIUM") or "/usr/bin/chromium")
# What works headless on this kind of machine (closed network, no GPU, running as root).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = OUTPUT / "screenshots"
REPORT_TITLE = "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited) - USD ($)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: run tests/setup.d/chromium.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        # Playwright starts it with a new, empty profile (--user-data-dir) each time.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _shot(page: Page, name: str, capsys: pytest.CaptureFixture[str]) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    return path


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors


def test_report_number_fact_concept(
    corpus_server: Server, page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = _console_errors(page)
    page.goto(corpus_server.url + "/")
    page.get_by_role("link", name=REPORT_TITLE, exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/filing/0000320193-10-Q-2025-03-29/R4.html")  # the 303 followed
    assert page.locator("h1").inner_text() == REPORT_TITLE
    numbers = page.locator("table.report td.num a")
    assert numbers.count() > 50
    _shot(page, "1-report.png", capsys)

    cell = numbers.first
    shown = cell.inner_text()
    cell.click()
    page.wait_for_load_state()
    assert "/fact/r" in page.url
    assert page.url.endswith(".html")
    fact_url = page.url.removesuffix(".html").split(corpus_server.url, 1)[1]
    displayed = page.locator("dl.fact dt:text-is('Displayed as') + dd")
    assert displayed.inner_text() == shown
    assert page.locator("td.hit").inner_text() == shown  # the cell, highlighted
    assert page.locator("p.sub").inner_text().endswith(" · Apple Inc. 10-Q 2025-03-29")
    _shot(page, "2-fact.png", capsys)

    concept = page.locator("dl.fact dt:text-is('Concept') + dd a").first
    concept_label = concept.inner_text()
    concept.click()
    page.wait_for_load_state()
    assert "/concept/" in page.url
    assert page.locator("h1").inner_text() == concept_label
    # The concept page lists its facts across reports, this one among them.
    assert page.locator(f"table.facts a[href='{fact_url}']").count() == 1
    assert page.locator("table.facts tbody tr").count() >= 2
    # Reports of different filers share titles; each row says where its report comes from.
    row = page.locator("table.facts tbody tr", has=page.locator(f"a[href='{fact_url}']"))
    assert row.locator("td .note").first.inner_text() == "Apple Inc. 10-Q 2025-03-29"
    others = page.locator("table.facts tbody td .note").all_inner_texts()
    assert any(text.endswith(".htm") and "/" not in text for text in others)
    _shot(page, "3-concept.png", capsys)

    # Back in the table, the fact's own cell is the target.
    page.go_back()
    page.get_by_role("link", name="See the cell in its table").click()
    page.wait_for_load_state()
    assert "#r" in page.url
    assert errors == []


def test_static_site_report_number_fact_concept(
    corpus_site: Path, tmp_path: Path, page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same walk through the published site, served by nginx with the site's sample
    configuration: the pages link to the .html documents."""
    errors = _console_errors(page)
    with nginx_serving(corpus_site, "https://w3id.org/xbrl-kg/id/", tmp_path) as url:
        page.goto(url)
        page.get_by_role("link", name=REPORT_TITLE, exact=True).click()
        page.wait_for_load_state()
        assert page.url == url + "filing/0000320193-10-Q-2025-03-29/R4.html"
        assert page.locator("h1").inner_text() == REPORT_TITLE
        _shot(page, "5-site-report.png", capsys)

        cell = page.locator("table.report td.num a").first
        shown = cell.inner_text()
        cell.click()
        page.wait_for_load_state()
        assert page.url.startswith(url + "filing/0000320193-10-Q-2025-03-29/R4/fact/r")
        assert page.locator("dl.fact dt:text-is('Displayed as') + dd").inner_text() == shown
        _shot(page, "6-site-fact.png", capsys)

        concept = page.locator("dl.fact dt:text-is('Concept') + dd a").first
        concept_label = concept.inner_text()
        concept.click()
        page.wait_for_load_state()
        assert page.url.startswith(url + "concept/")
        assert page.url.endswith(".html")
        assert page.locator("h1").inner_text() == concept_label
        assert page.locator("table.facts tbody tr").count() >= 2
        # The stylesheet loaded under the site's Content-Security-Policy.
        size = page.locator("h1").evaluate("e => getComputedStyle(e).fontSize")
        assert size == "24px"
        _shot(page, "7-site-concept.png", capsys)
    assert errors == []


def test_hostile_labels_stay_text(
    examples_dir: Path, tmp_path: Path, page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    graph = hostile_graph(examples_dir, tmp_path)
    with Server([str(graph)]) as server:
        page.goto(server.url + "/")
        page.locator("table.facts a").first.click()
        page.wait_for_load_state()
        assert HOSTILE_TITLE in page.locator("h1").inner_text()
        assert page.get_by_text(HOSTILE_ROW, exact=True).count() >= 1
        _shot(page, "4-hostile-report.png", capsys)
        page.get_by_text(HOSTILE_ROW, exact=True).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == HOSTILE_ROW
        page.fill("input[name=q]", "<script>alert(1)</script>")
        page.press("input[name=q]", "Enter")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Search: <script>alert(1)</script>"
    assert dialogs == []
