"""The generated HTML site in a real browser: Debian's headless Chromium, driven by Playwright.

The site is built in memory from rules/ and written to a temporary folder whose name has a space in
it (a copy of the site published anywhere must work), then opened from the file system, offline, with
no server. The tests follow citations, use the search (with and without diacritics, by keyboard, as an
ARIA combobox), the language switch, the menu at 390 px, the law on a date (?on=), the print
stylesheet and the calculator (the JavaScript validator, when the JavaScript backend built one); every
page is checked with axe-core (bundled by axe-playwright-python, nothing fetched) and for sideways
overflow at 390 px. Nothing is downloaded: Playwright drives /usr/bin/chromium (`python3 dev.py test`
installs it with apt on a fresh machine); where it is missing the tests skip and say why.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from compiler.pipeline import compile_rules

pytestmark = pytest.mark.slow   # a browser: outside the fast subset (`pytest -m "not slow"`)

ROOT = Path(__file__).resolve().parents[1]
DOCS = "generated/docs/html/"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian's chromium; `python3 dev.py test` installs it when run as root "
                "with apt-get)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package `playwright` is not installed (the `test` extra)")


def write_site(outputs: dict[str, str], folder: Path) -> Path:
    for name, text in outputs.items():
        if name.startswith(DOCS):
            path = folder / name[len(DOCS):]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built():
    compilation = compile_rules(ROOT / "rules")
    assert compilation.ok
    return compilation


@pytest.fixture(scope="module")
def site(built, tmp_path_factory) -> Path:
    return write_site(built.outputs, tmp_path_factory.mktemp("published") / "a copy of the site")


@pytest.fixture(scope="module")
def amended_site(tmp_path_factory) -> Path:
    """rules/ with the illustrative draft acts of examples/draft-2026 (not law): articles inserted and replaced."""
    tree = tmp_path_factory.mktemp("amended")
    shutil.copytree(ROOT / "rules", tree / "rules")
    for draft in sorted((ROOT / "examples" / "draft-2026").glob("*.rules")):
        shutil.copy(draft, tree / "rules" / draft.name)
    compilation = compile_rules(tree / "rules")
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    return write_site(compilation.outputs, tree / "site")


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


def url(site: Path, path: str) -> str:
    """The file URL of a page, with the query (?on=) or fragment it is given."""
    page, rest = re.match(r"([^?#]*)(.*)", path).groups()
    return (site / page).as_uri() + rest


def search(page, text: str):
    page.locator("#search").fill(text)
    return page.locator("#search-results")


# -- navigation, citations, the language switch -------------------------------------------------------------

def test_the_site_works_from_any_folder(page, site, tmp_path):
    page.goto(url(site, "en/index.html"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title() == "regc — rules documentation"            # one title, not two
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

    # The rule statement beside the law, and its line on the rule file's page in the site.
    target.locator("figure.snippet figcaption a").first.click()
    assert re.search(r"/en/source/rules/circular-02-2021/chapter-2-actual-sessions\.rules\.html#L\d+$", page.url), page.url
    page.wait_for_load_state()                       # a long listing: :target holds once it is loaded
    line = page.locator("pre.listing .line:target")
    line.wait_for()
    assert line.count() == 1 and "certify 4.1.dd by accused" in line.inner_text()
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"   # the line is marked

    # A citation to another instrument: the decree's rate, from the rates page.
    page.goto(url(site, "en/02-2021-tt-btp/rates.html"))
    page.locator("table#rates-per-session a", has_text="144/2017/NĐ-CP 13.2").click()
    assert page.url.endswith("/en/144-2017-nd-cp/articles/13.html#13.2")
    assert "0.31" in page.locator('section[id="13.2"]').inner_text()

    # The search box: type, see the result, open it.
    page.goto(url(site, "en/index.html"))
    results = search(page, "detention")
    assert results.is_visible()
    hit = results.locator('[role="option"]', has_text="02/2021/TT-BTP 4.1.dd")
    assert hit.count() == 1 and "detention" in results.inner_text().lower()
    hit.click()
    assert page.url.endswith("/en/02-2021-tt-btp/articles/4.html#4.1.dd")
    assert page.locator('section[id="4.1.dd"]').is_visible()

    # The language switch: the same article, in Vietnamese, at the same place; the law first, marked.
    page.locator("#langswitch").click()
    assert re.search(r"/vi/02-2021-tt-btp/articles/4\.html#4\.1\.dd$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().startswith("Điều 4.")
    point = page.locator('section[id="4.1.dd"]')
    assert "Người được xác nhận" in point.inner_text() and "Làm việc với người bị buộc tội" in point.inner_text()
    columns = point.locator(".law .col")
    assert columns.nth(0).get_attribute("lang") == "vi" and "có giá trị pháp lý" in columns.nth(0).inner_text()
    assert columns.nth(1).get_attribute("lang") == "en"
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


def test_the_skip_link_leads_to_the_content(page, site):
    page.goto(url(site, "en/02-2021-tt-btp/articles/4.html"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("e => e === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


# -- search ---------------------------------------------------------------------------------------------------

def test_search_finds_vietnamese_with_and_without_diacritics_and_marks_the_match(page, site):
    page.goto(url(site, "vi/index.html"))
    for query in ("luan cu bao chua", "luận cứ bào chữa", "LUẬN CỨ"):
        results = search(page, query)
        hit = results.locator('[role="option"]', has_text="02/2021/TT-BTP 4.1.h")
        assert hit.count() == 1, query
        marks = [m.lower() for m in hit.locator("mark").all_inner_texts()]
        assert "luận" in marks and "cứ" in marks, (query, marks)   # marked in the text as written, with its diacritics
    results = search(page, "zzzz-nothing-matches")
    assert results.inner_text().strip() == "Không có kết quả"
    assert not page.errors, page.errors


def test_search_is_a_combobox_driven_by_the_keyboard(page, site):
    page.goto(url(site, "en/index.html"))
    box = page.locator("#search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == "search-results"
    assert page.locator("#search-results").get_attribute("role") == "listbox"
    box.fill("certifier matrix")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator('#search-results [role="option"]')
    assert options.count() >= 2
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true" and options.nth(0).get_attribute("aria-selected") == "false"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    box.press("Escape")
    assert page.locator("#search-results").is_hidden() and box.get_attribute("aria-expanded") == "false"
    box.press("Escape")
    assert box.input_value() == ""
    box.fill("certifier matrix")
    box.press("ArrowDown")
    expected = options.nth(0).get_attribute("data-href")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/certifiers\.html.*"))
    assert page.url.endswith(expected.lstrip("./")), (page.url, expected)
    assert not page.errors, page.errors


@pytest.mark.parametrize("query, found", [
    ("Judge", "/certifiers.html"),                      # the certifier matrix, by a role's name
    ("rates per session", "/rates.html"),               # the rates page
    ("392,150", "/examples/art07-officer-extrajudicial.html"),   # a worked example by its name
    ("base-salary.rules", "/source/rules/base-salary.rules.html"),   # a rule file
    ("calculator", "/calculator.html"),
    ("certify", "/reference.html#certify"),             # a statement of the rule language
])
def test_search_covers_every_kind_of_page(page, site, query, found):
    page.goto(url(site, "en/index.html"))
    results = search(page, query)
    hrefs = [o.get_attribute("data-href") for o in results.locator('[role="option"]').all()]
    assert any(found in (h or "") for h in hrefs), (query, hrefs[:10])


# -- the law on a date ----------------------------------------------------------------------------------------

def visible_rules(page, section: str) -> list[str]:
    return [t for t in page.locator(f'section[id="{section}"] .rules li').all_inner_texts() if t]


def test_the_law_on_a_date(page, site):
    # Law 11/2017/QH14 Art. 7.7, as amended from 2027-01-01: elderly people entitled with or without financial difficulty.
    page.goto(url(site, "en/11-2017-qh14/articles/7.html?on=2026-12-31"))
    assert page.locator("#asof").inner_text() == "As in force on 2026-12-31; changes known up to 2027-01-01."
    assert page.locator("#on").input_value() == "2026-12-31"
    before = [t for t in page.locator(".rules li:visible").all_inner_texts() if "Elderly person" in t]
    assert before and all("if also" in t for t in before), before
    page.goto(url(site, "en/11-2017-qh14/articles/7.html?on=2027-01-04"))
    after = [t for t in page.locator(".rules li:visible").all_inner_texts() if "Elderly person" in t]
    assert after and not any("if also" in t for t in after), after
    # Every link keeps the date; so does the language switch.
    assert page.locator("nav.sidebar a", has_text="Dated parameters").get_attribute("href").endswith("parameters.html?on=2027-01-04")
    page.locator("#langswitch").click()
    assert "?on=2027-01-04" in page.url and "01/01/2027" in page.locator("#asof").inner_text()
    # The base salary in force on a day, one row of its table.
    page.goto(url(site, "en/parameters.html?on=2026-08-01"))
    rows = page.locator("#base_salary-values tbody tr:visible")
    assert rows.count() == 1 and "2,530,000" in rows.inner_text()
    page.goto(url(site, "en/parameters.html?on=2026-06-30"))
    assert "2,340,000" in page.locator("#base_salary-values tbody tr:visible").inner_text()
    # The date picker: a form that reloads the page with ?on=.
    page.goto(url(site, "en/02-2021-tt-btp/rates.html"))
    assert "All versions shown" in page.locator("#asof").inner_text()
    page.locator("#on").fill("2024-09-10")
    page.locator(".when-form button").click()
    page.wait_for_url(re.compile(r".*\?on=2024-09-10$"))
    visible = page.locator("#amounts tbody tr:visible")
    assert visible.count() == 1 and visible.inner_text().startswith("2024-07-01")
    page.locator("#on-all").click()
    assert page.locator("#amounts tbody tr:visible").count() > 1
    page.goto(url(site, "en/index.html?on=not-a-date"))
    assert "Not a date" in page.locator("#asof").inner_text()
    assert not page.errors, page.errors


def test_amended_provisions_and_inserted_articles_on_a_date(page, amended_site):
    site = amended_site
    page.goto(url(site, "en/02-2021-tt-btp/articles/1.html?on=2026-05-01"))
    assert page.locator('section[id="1.1-until-2026-12-31"]').is_visible()
    assert page.locator('section[id="1.1"]').is_hidden()
    page.goto(url(site, "en/02-2021-tt-btp/articles/1.html?on=2027-05-01"))
    assert page.locator('section[id="1.1-until-2026-12-31"]').is_hidden()
    assert "mediation and online legal aid" in page.locator('section[id="1.1"]').inner_text()
    # An article inserted from 2027: nothing of it in force before, said so; out of the navigation too.
    page.goto(url(site, "en/02-2021-tt-btp/articles/7a.html?on=2026-05-01"))
    assert page.locator("#none-in-force").is_visible() and "Nothing on this page is in force on 2026-05-01" in page.locator(
        "#none-in-force").inner_text()
    assert page.locator("nav.sidebar a", has_text="Article 7a").is_hidden()
    # The certifier matrix of a day: the mediation rows exist from 2027 only.
    page.goto(url(site, "en/02-2021-tt-btp/certifiers.html?on=2026-05-01"))
    assert page.locator("table.matrix tr", has_text="7a.1.a").is_hidden()
    page.goto(url(site, "en/02-2021-tt-btp/certifiers.html?on=2027-05-01"))
    assert page.locator("table.matrix tr", has_text="7a.1.a").is_visible()
    assert not page.errors, page.errors


def test_print_shows_the_date_and_hides_navigation_and_source_paths(page, site):
    page.goto(url(site, "en/02-2021-tt-btp/articles/4.html?on=2024-09-10"))
    assert page.locator("nav.sidebar").is_visible() and page.locator("#search").is_visible()
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator("nav.sidebar").is_visible() and not page.locator("header.top").is_visible()
    assert page.locator("#asof").is_visible() and "As in force on 2024-09-10" in page.locator("#asof").inner_text()
    assert re.fullmatch(r"Printed on \d{4}-\d{2}-\d{2}", page.locator("#printed").inner_text())
    assert not page.locator(".where:visible").count() and not page.locator("figure.snippet figcaption:visible").count()
    assert "rules/circular" not in page.locator("main").inner_text()
    page.goto(url(site, "en/02-2021-tt-btp/examples/art10-example-02.html"))
    assert page.locator("main svg.drawing").is_visible() and "29.9" in page.locator("main").inner_text()
    assert not page.errors, page.errors


# -- small screens, accessibility -------------------------------------------------------------------------------

def test_the_menu_at_390px(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url(site, "en/02-2021-tt-btp/articles/4.html"))
    menu = page.locator("#menu")
    assert menu.is_visible() and page.locator("nav.sidebar").is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and page.locator("nav.sidebar").is_visible()
    page.locator("nav.sidebar a", has_text="Article 7. Time for extrajudicial").click()
    assert page.url.endswith("/articles/7.html")
    page.locator("#menu").click()
    page.keyboard.press("Escape")
    assert page.locator("nav.sidebar").is_hidden()
    assert not page.errors, page.errors


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page)
    return [f"{v['id']}: {node['target']}" for v in results.response["violations"] for node in v["nodes"]]


def test_every_page_is_accessible_and_fits_390px(browser, site):
    """axe-core finds nothing on any page, and no page is wider than a 390 px phone."""
    pytest.importorskip("axe_playwright_python", reason="the Python package `axe-playwright-python` is not installed")
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 150
    for path in pages:
        page.goto(path.as_uri())
        name = path.relative_to(site).as_posix()
        problems += [f"{name}: {v}" for v in axe_violations(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"{name}: {width} px wide")
    page.close()
    assert not problems, "\n".join(problems[:30])


def test_pages_in_use_are_accessible_on_a_wide_screen(page, site):
    """The states a reader brings pages into: the search open, a date chosen, the calculator's result."""
    pytest.importorskip("axe_playwright_python", reason="the Python package `axe-playwright-python` is not installed")
    page.goto(url(site, "vi/02-2021-tt-btp/articles/4.html?on=2024-09-10"))
    search(page, "luan cu")
    page.locator("#search").press("ArrowDown")
    assert axe_violations(page) == []
    page.goto(url(site, "en/02-2021-tt-btp/certifiers.html"))
    assert axe_violations(page) == []
    if (site / "assets" / "calculator.js").exists():
        page.goto(url(site, "en/02-2021-tt-btp/examples/art07-officer-extrajudicial.html"))
        page.locator("a.calc-link").click()
        page.locator("#calc-status").wait_for()
        assert axe_violations(page) == []


# -- the calculator ---------------------------------------------------------------------------------------------

@pytest.fixture()
def calculator(site):
    if not (site / "assets" / "calculator.js").exists():
        pytest.skip("the calculator is not built: no JavaScript validator (generated/js/MODULE.js) in this build")
    return site


def test_without_the_javascript_validator_the_calculator_says_so(page, built, tmp_path):
    from compiler.backends import docs
    earlier = {name: text for name, text in built.outputs.items() if not name.startswith("generated/js/")}
    site = write_site(docs.emit(built.program, ROOT, earlier), tmp_path / "site")
    page.goto(url(site, "en/calculator.html"))
    assert "The calculator is not built" in page.locator("#calc-not-built").inner_text()
    assert not page.errors, page.errors


def test_the_calculator_opens_a_worked_example_and_recomputes_it(page, calculator):
    page.goto(url(calculator, "en/02-2021-tt-btp/examples/art07-officer-extrajudicial.html"))
    page.locator("a.calc-link").click()
    result = page.locator("#calc-result")
    result.wait_for()
    assert page.locator("#calc-status").inner_text() == "Status: ok"
    assert "392,150" in result.inner_text() and "2,530,000" in result.inner_text()
    trace = page.locator("ol.trace li")
    assert trace.count() >= 3
    cite = trace.locator("a", has_text="02/2021/TT-BTP 3.2").first
    assert cite.count() == 1
    # The case is editable: 12 hours are 3 sessions, 3 x 156,860 = 470,580 đồng.
    box = page.locator("#calc-case")
    case = box.input_value().replace('"hours": 4', '"hours": 6')
    box.fill(case)
    page.locator("#calc-validate").click()
    assert "470,580" in result.inner_text()
    # The citations of the trace lead to their provisions.
    cite.click()
    assert re.search(r"/en/02-2021-tt-btp/articles/3\.html#3\.2$", page.url), page.url
    assert not page.errors, page.errors


def test_the_calculator_reads_yaml_json_and_the_form(page, calculator):
    page.goto(url(calculator, "vi/calculator.html"))
    box = page.locator("#calc-case")
    box.fill("""# a case in the subset of YAML the page reads
case_id: "Y-1"
form: extrajudicial
method: actual_sessions
assigned_on: 2026-06-01
payment_date: 2026-08-01
providers:
  - {id: P1, kind: legal_aid_officer}
entries:
  - date: 2026-06-02
    provider: P1
    activity: "7.1.a"
    certified_by: person_worked_with
    hours: 10
""")
    page.locator("#calc-to-form").click()
    assert "392.150" in page.locator("#calc-result").inner_text()        # Vietnamese numbers
    assert page.locator('select[name="form"]').input_value() == "extrajudicial"
    assert page.locator("#calc-entries tbody tr").count() == 1
    # The form: one more entry of 2 hours -> 12 hours, 3 sessions.
    page.locator("#calc-add-entry").click()
    row = page.locator("#calc-entries tbody tr").nth(1)
    row.locator('input[name="date"]').fill("2026-06-03")
    row.locator('select[name="activity"]').select_option("7.1.b")
    row.locator('select[name="certified_by"]').select_option("legal_aid_center")
    row.locator('input[name="hours"]').fill("2")
    row.locator('input[name="hours"]').dispatch_event("change")
    assert '"hours": 2' in box.input_value()
    assert "470.580" in page.locator("#calc-result").inner_text()
    # Beyond the subset: said, with the line.
    box.fill("case_id: &anchor X\n")
    page.locator("#calc-validate").click()
    assert page.locator("#calc-error").is_visible() and "JSON" in page.locator("#calc-error").inner_text()
    box.fill('{"case_id": "J-1", "form": "extrajudicial", "method": "actual_sessions", "assigned_on": "2026-06-01", '
             '"payment_date": "2026-08-01", "providers": [{"id": "P1", "kind": "lawyer"}], "entries": [{"date": "2026-06-02", '
             '"provider": "P1", "activity": "7.1.a", "certified_by": "person_worked_with", "hours": 4}]}')
    page.locator("#calc-validate").click()
    assert page.locator("#calc-error").is_hidden() and "784.300" in page.locator("#calc-result").inner_text()   # 0.31 x 2,530,000
    assert not page.errors, page.errors


def test_the_javascript_validator_gives_every_worked_example_its_figures(page, calculator, built):
    """Each worked example opened in the calculator (the JavaScript validator) gives the figures the
    Python validator gives on its page (examples that ask for another reading are left out: the
    calculator applies the default readings)."""
    home = calculator / "en" / "examples.html"
    page.goto(home.as_uri())
    links = [(a.get_attribute("href"), a.evaluate("e => e.closest('li').querySelector('a').getAttribute('href')"))
             for a in page.locator("a.calc-link").all()]
    assert len(links) >= 20
    checked = 0
    for calc, example in links:
        if "readings=" in calc:
            continue
        page.goto((home.parent / example).resolve().as_uri())
        figures = {row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
                   for row in page.locator("#figures tbody tr").all()}
        page.goto((home.parent / calc.split("#")[0]).resolve().as_uri() + "#" + calc.split("#", 1)[1])
        page.locator("#calc-status").wait_for()
        shown = page.locator("#calc-result").inner_text()
        assert f"Status: {figures['status']}" in shown, example
        for key, label in (("amount_vnd", "Amount (đồng)"), ("sessions_payable", "Sessions payable")):
            if figures.get(key) not in (None, "null"):
                assert re.search(rf"{re.escape(label)}\s+{re.escape(figures[key])}\b", shown), (example, key, figures[key])
        checked += 1
    assert checked >= 20
