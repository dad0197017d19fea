"""The generated HTML site in a real browser: Debian's headless Chromium, driven by Playwright.

Opens generated/docs/html/en/index.html from the file system (no server), follows a citation link,
uses the search box and the language switch, checks the print stylesheet, and saves a screenshot.
Nothing is downloaded: Playwright drives /usr/bin/chromium (`python3 dev.py test` installs it with
apt on a fresh machine); where it is missing the tests skip and say why.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # a browser: outside the fast subset (`pytest -m "not slow"`)

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "generated" / "docs" / "html"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian's chromium; `python3 dev.py test` installs it when run as root "
                "with apt-get)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package `playwright` is not installed (the `test` extra)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900}, offline=True)
        yield context
        context.close()


@pytest.fixture()
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors
    yield page
    page.close()


def url(path: str) -> str:
    return (SITE / path).as_uri()


def test_the_site_works_from_the_file_system(page, tmp_path):
    assert (SITE / "en" / "index.html").is_file(), "run `regc build` first"
    page.goto(url("en/index.html"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "02/2021/TT-BTP" in page.locator("main").inner_text()

    # Navigation by article: the instrument, then Article 4 from the sidebar.
    page.locator("main a", has_text="02/2021/TT-BTP").first.click()
    assert page.url.endswith("/en/02-2021-tt-btp/index.html")
    page.locator("nav.sidebar a", has_text="Article 4.").click()
    assert page.url.endswith("/en/02-2021-tt-btp/articles/4.html")
    assert page.locator("h1").inner_text().startswith("Article 4.")

    # A citation link: who certifies 4.1.dd is said at 4.3.d.
    rules = page.locator('section[id="4.1.dd"] .rules')
    assert "The accused" in rules.inner_text()
    rules.locator("a", has_text="02/2021/TT-BTP 4.3.d").click()
    assert page.url.endswith("/articles/4.html#4.3.d")
    target = page.locator('section[id="4.3.d"]')
    assert target.is_visible() and "detention center" in target.inner_text()

    # A citation to another instrument: the decree's rate, from the rates page.
    page.goto(url("en/02-2021-tt-btp/rates.html"))
    page.locator("table#rates-per-session a", has_text="144/2017/NĐ-CP 13.2").click()
    assert page.url.endswith("/en/144-2017-nd-cp/articles/13.html#13.2")
    assert "0.31" in page.locator('section[id="13.2"]').inner_text()

    # The search box: type, see the result, follow it.
    page.goto(url("en/index.html"))
    page.locator("#search").fill("detention")
    results = page.locator("#search-results")
    assert results.is_visible()
    hit = results.locator("a", has_text="02/2021/TT-BTP 4.1.dd")
    assert hit.count() == 1
    assert "detention" in results.inner_text().lower()
    hit.click()
    assert page.url.endswith("/en/02-2021-tt-btp/articles/4.html#4.1.dd")
    assert page.locator('section[id="4.1.dd"]').is_visible()

    # The language switch: the same article, in Vietnamese, at the same place.
    page.locator("#langswitch").click()
    assert re.search(r"/vi/02-2021-tt-btp/articles/4\.html#4\.1\.dd$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().startswith("Điều 4.")
    point = page.locator('section[id="4.1.dd"]')
    assert "Người được xác nhận" in point.inner_text() and "Làm việc với người bị buộc tội" in point.inner_text()
    assert "chưa có bản tiếng Việt" not in point.inner_text()   # the law is quoted in Vietnamese
    shot = tmp_path / "docs-vi-article-4.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    keep = ROOT / ".pytest_cache" / "docs-screenshots"   # kept for a look after the run (ignored by git)
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, keep / shot.name)

    # Back to English from the switch of the Vietnamese page.
    page.locator("#langswitch").click()
    assert page.url.endswith("/en/02-2021-tt-btp/articles/4.html#4.1.dd")
    assert not page.errors, page.errors


def test_search_works_in_vietnamese_without_diacritics(page):
    page.goto(url("vi/index.html"))
    page.locator("#search").fill("luan cu bao chua")
    results = page.locator("#search-results")
    assert results.locator("a", has_text="02/2021/TT-BTP 4.1.h").count() == 1
    page.locator("#search").fill("zzzz-nothing-matches")
    assert results.inner_text().strip() == "Không có kết quả"
    assert not page.errors, page.errors


def test_print_hides_the_navigation(page):
    page.goto(url("en/02-2021-tt-btp/examples/art10-example-02.html"))
    assert page.locator("nav.sidebar").is_visible() and page.locator("#search").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.sidebar").is_visible()
    assert not page.locator("header.top").is_visible()
    assert page.locator("main svg.drawing").is_visible()
    assert "29.9" in page.locator("main").inner_text()
    assert not page.errors, page.errors
