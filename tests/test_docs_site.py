"""The documentation as a site a reviewer can trust (issue 13), checked on a build in memory (fast):
every link stays inside the site (except to official sources), the files the pages cite are pages of
the site with an anchor on every line, the law is shown in both languages side by side with the rule
statements that encode it, every dated thing carries its period for the date view, names stand where
ids stood, the worked examples for a legal aid officer and for extrajudicial work give their hand-computed
figures, and the calculator is built around the JavaScript validator, or says it is not."""
from __future__ import annotations

import datetime

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.backends import docs
from compiler.backends.docs import code, pages, timeline
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
DOCS = "generated/docs"
CIRCULAR = "02-2021-tt-btp"
OFFICIAL = re.compile(r"^https://([\w-]+\.)*(gov\.vn|vbpl\.vn|chinhphu\.vn|quochoi\.vn)(/|$)")


@pytest.fixture(scope="module")
def build():
    compilation = compile_rules(RULES)
    assert compilation.ok
    return compilation


@pytest.fixture(scope="module")
def out(build) -> dict[str, str]:
    return build.outputs


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs and tag == "a":
            self.hrefs.append(attrs["href"])

    handle_startendtag = handle_starttag


def parsed(text: str) -> _Links:
    page = _Links()
    page.feed(text)
    page.close()
    return page


MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
MD_ID = re.compile(r'<a id="([^"]+)"></a>')


def md_anchors(text: str) -> set[str]:
    return set(MD_ID.findall(text)) | {m.group(1) for m in re.finditer(r'^#+ .*?<a id="([^"]+)">', text, re.M)}


# -- links: inside the site, to a page and an anchor that exist -----------------------------------------

@pytest.mark.parametrize("fmt", ["html", "md"])
def test_no_link_leaves_the_site_except_to_an_official_source(out, fmt):
    site = f"{DOCS}/{fmt}/"
    pages_of = {name: text for name, text in out.items() if name.startswith(site) and name.endswith(f".{fmt}")}
    leaving, broken, external = [], [], 0
    ids_of: dict[str, set[str]] = {}
    for name, text in pages_of.items():
        hrefs = parsed(text).hrefs if fmt == "html" else MD_LINK.findall(text)
        for href in hrefs:
            if href.startswith(("http://", "https://")):
                external += 1
                if not OFFICIAL.match(href):
                    leaving.append(f"{name}: {href}")
                continue
            path, _, fragment = href.partition("#")
            path = path.split("?")[0]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            if not target.startswith(f"{DOCS}/"):
                leaving.append(f"{name}: {href}")
            elif target not in out:
                broken.append(f"{name}: {href}")
            elif fragment and target.endswith(f".{fmt}") and not fragment.startswith("module="):
                if target not in ids_of:
                    ids_of[target] = parsed(out[target]).ids if fmt == "html" else md_anchors(out[target])
                if fragment not in ids_of[target]:
                    broken.append(f"{name}: {href} (no #{fragment})")
    assert not leaving, "\n".join(leaving[:20])
    assert not broken, "\n".join(broken[:20])
    assert external > 0   # the official sources are linked


def test_every_file_the_docs_cite_is_a_page_with_a_line_anchor_on_every_line(build, out):
    program = build.program
    files = {f for i in program.instruments for f in i.files} | {f for i in program.instruments for _, f in i.official}
    files |= {e.file for v in program.validators for e in v.examples}
    for file in sorted(files):
        lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
        count = len(lines) - (lines[-1] == "")
        html = out[f"{DOCS}/html/en/{code.page_of(file)}.html"]
        ids = parsed(html).ids
        assert {f"L{n}" for n in range(1, count + 1)} <= ids, file
        md = out[f"{DOCS}/md/vi/{code.page_of(file)}.md"]
        assert {f"L{n}" for n in range(1, count + 1)} <= md_anchors(md), file
        assert md.count("```") >= 2   # fenced, as code
    rules_page = out[f"{DOCS}/html/en/source/rules/circular-02-2021/chapter-2-actual-sessions.rules.html"]
    assert '<span class="k">certify</span>' in rules_page and '<span class="k1">point</span>' in rules_page   # highlighted
    assert 'class="to-law" href="../../../02-2021-tt-btp/articles/4.html#4.3.d"' in rules_page   # and linked to the law


def test_the_validator_module_is_named_not_linked(out):
    for name, text in out.items():
        if name.startswith(f"{DOCS}/html/") and name.endswith(".html"):
            assert not [h for h in parsed(text).hrefs if h.endswith(".py")], name


# -- the law side by side, with the rule statements that encode it ------------------------------------------

def test_every_provision_shows_both_languages_side_by_side_with_its_rule_statements(build, out):
    checked = 0
    for lang, first, second in (("en", "en", "vi"), ("vi", "vi", "en")):
        for name, text in out.items():
            if not (name.startswith(f"{DOCS}/html/{lang}/{CIRCULAR}/articles/") and name.endswith(".html")):
                continue
            for block in re.findall(r'<section class="prov .*?</section>', text, re.S):
                if '<div class="law">' not in block:
                    continue
                langs = re.findall(r'<div class="col(?: official)?" lang="(\w+)">', block)
                assert langs == [first, second], (name, block[:200])
                assert re.search(r'<div class="col official" lang="vi">\s*<p class="col-head">[^<]*(the law|có giá trị pháp lý)', block)
                checked += 1
    assert checked > 200   # every provision with a text, in both languages
    page = out[f"{DOCS}/html/en/{CIRCULAR}/articles/4.html"]
    point = page[page.index('id="4.1.a"'):page.index('id="4.1.b"')]
    snippets = re.findall(r'<figure class="snippet">.*?</figure>', point, re.S)
    assert len(snippets) == 2   # activity in criminal (4.1.a) and who certifies it (4.3.a)
    assert 'href="../../source/rules/circular-02-2021/chapter-2-actual-sessions.rules.html#L' in snippets[0]
    assert '<span class="k">activity</span> <span class="k">in</span> criminal' in snippets[0]
    assert '<span class="k">certify</span> <span class="n">4.1.a</span>' in snippets[1]


def test_markdown_puts_the_law_in_a_two_column_table_and_quotes_each_statement(out):
    page = out[f"{DOCS}/md/en/{CIRCULAR}/articles/7.md"]
    assert "| Translation (English) | Official text (Vietnamese) — the law |" in page
    assert re.search(r"\| Meeting and contacting legally-aided persons.*\| Gặp gỡ, tiếp xúc với người được trợ giúp pháp lý", page)
    assert "  ```text\n  certify 7.1.a, 7.1.d, 7.1.dd by person_worked_with, counterpart, competent_authority\n  ```" in page


# -- legends and names ------------------------------------------------------------------------------------

def test_the_key_to_pills_and_marks_is_on_every_page_that_shows_them(out):
    for name in (f"{CIRCULAR}/articles/4.html", f"{CIRCULAR}/coverage.html", "tables/appendix_01.html", "parameters.html"):
        for lang in ("en", "vi"):
            page = out[f"{DOCS}/html/{lang}/{name}"]
            key = page[page.index('<details class="key">'):page.index("</details>")]
            for mark in ("C2", "1S", "INF", "NF"):
                assert f">{mark}</span>" in key
            for status in ("encoded", "covered", "pending", "left out on purpose") if lang == "en" else ("đã mã hóa", "chưa xác định"):
                assert f">{status}</span>" in key, (lang, name, status)
    md = out[f"{DOCS}/md/en/{CIRCULAR}/articles/4.md"]
    assert "- *INF*: inferred, not seen as text" in md and "- *pending*:" in md


def test_certifier_roles_and_table_axes_are_named_in_the_pages_language(build, out):
    roles = {m.id: {t.lang: t.text for t in m.labels} for v in build.program.vocabularies if v.id == "certifier_role" for m in v.members}
    for lang in ("en", "vi"):
        page = out[f"{DOCS}/html/{lang}/{CIRCULAR}/certifiers.html"]
        head = page[page.index("<thead>"):page.index("</thead>")]
        assert f'title="presiding_person" scope="col">{roles["presiding_person"][lang]}</th>' in head.replace("&#39;", "'")
        assert ">presiding_person<" not in head
    for lang in ("en", "vi"):
        table = out[f"{DOCS}/md/{lang}/tables/appendix_01.md"]
        assert "stage \\\\ offense_class" not in table and "| Stage of proceedings \\\\ Class of offense |" in table


def test_example_pages_are_titled_by_their_names_and_open_the_calculator(out):
    page = out[f"{DOCS}/html/en/{CIRCULAR}/examples/art07-officer-extrajudicial.html"]
    assert "<h1>A legal aid officer&#39;s 10 hours of extrajudicial representation, paid on 1 August 2026" in page
    assert "<title>A legal aid officer" in page
    link = html.unescape(re.search(r'<a class="calc-link" href="([^"]+)"', page).group(1))
    target, _, fragment = link.partition("#")
    assert target == "../../calculator.html" and fragment.startswith("module=circular_02_2021&case=")
    from urllib.parse import unquote
    case = json.loads(unquote(fragment.split("&case=")[1].split("&")[0]))
    assert case["case_id"] == "EX-ART07-OFFICER" and case["entries"][0]["hours"] == 3
    vi = out[f"{DOCS}/html/vi/{CIRCULAR}/examples/art07-officer-extrajudicial.html"]
    assert "392,150 đồng. (EN)</h1>" in vi   # the name is English: marked on the Vietnamese page


def test_the_home_page_has_one_title_and_leads_to_the_examples_and_the_calculator(out):
    for lang, site in (("en", "regc — rules documentation"), ("vi", "regc — tài liệu quy tắc")):
        home = out[f"{DOCS}/html/{lang}/index.html"]
        assert f"<title>{site}</title>" in home
        assert 'href="examples.html"' in home and 'href="calculator.html"' in home
        assert home.count('class="calc-link"') >= 20
    article = out[f"{DOCS}/html/en/{CIRCULAR}/articles/4.html"]
    assert "<title>Article 4. Time for participation in criminal proceedings — regc — rules documentation</title>" in article


# -- the new worked examples ------------------------------------------------------------------------------

@pytest.mark.parametrize("stem, figures", [
    ("art07-officer-extrajudicial", {"sessions_payable": "2.5", "amount_vnd": "392,150", "base_salary_vnd": "2,530,000"}),
    ("art08-extrajudicial-cap", {"sessions_declared": "24", "sessions_payable": "20", "amount_vnd": "9,411,600"}),
    ("art04-officer-criminal", {"sessions_payable": "2.5", "amount_vnd": "961,400"}),
])
def test_the_worked_examples_for_an_officer_and_extrajudicial_work_give_their_hand_computed_figures(out, stem, figures):
    page = out[f"{DOCS}/md/en/{CIRCULAR}/examples/{stem}.md"]
    for key, value in figures.items():
        assert re.search(rf"\| `{key}` \| {re.escape(value)} \| {re.escape(value)} \| agrees \|", page), key


def test_the_officer_example_is_attached_where_it_illustrates(out):
    article = out[f"{DOCS}/md/en/{CIRCULAR}/articles/7.md"]
    assert "(../examples/art07-officer-extrajudicial.md)" in article
    cap = out[f"{DOCS}/md/en/{CIRCULAR}/articles/8.md"]
    assert "(../examples/art08-extrajudicial-cap.md)" in cap


# -- the law on a date --------------------------------------------------------------------------------------

def test_dated_things_carry_their_periods(build, out):
    law = out[f"{DOCS}/html/en/11-2017-qh14/articles/7.html"]   # the 2026 Law changes who is entitled from 2027
    assert '<li data-in="..2026-12-31">Entitled to legal aid: <span title="elderly">' in law
    assert '<li data-in="2027-01-01..">Entitled to legal aid: <span title="elderly">' in law
    assert '<li>Entitled to legal aid: <span title="child">' in law
    # The base salary's last two values, whatever they are: the earlier ends the day before the later, which is
    # open-ended, and the rates that follow the base salary change with it.
    [salary] = [p for p in build.program.parameters if p.id == "base_salary"]
    earlier, last = salary.values[-2:]
    day_before = last.start - datetime.timedelta(days=1)
    parameters = out[f"{DOCS}/html/en/parameters.html"]
    assert f'<tr data-in="{earlier.start}..{day_before}"><td id="base_salary-{earlier.start}">' in parameters
    assert f'<tr data-in="{last.start}.."><td id="base_salary-{last.start}">' in parameters
    rates = out[f"{DOCS}/html/en/{CIRCULAR}/rates.html"]
    assert f'<tr data-in="{last.start}..">' in rates
    home = out[f"{DOCS}/html/en/index.html"]
    known = max(last.start, datetime.date(2027, 1, 1))   # the 2026 Law's date, or a later value
    assert f'data-known="{known}"' in home and f"changes known up to {known}" in home
    assert '<input type="date" id="on" name="on" min="2017-06-20">' in home


def test_periods_of_versions_are_merged_and_open_ended():
    assert timeline.spans([(None, None)]) == ""
    import datetime as dt
    assert timeline.spans([(dt.date(2021, 7, 15), dt.date(2026, 12, 31)), (dt.date(2028, 1, 1), None)]) == \
        "2021-07-15..2026-12-31 2028-01-01.."


def test_the_changes_page_lists_every_event(out):
    page = out[f"{DOCS}/md/en/changes.md"]
    section = page[page.index('<a id="from-2027-01-01"></a>'):]
    assert "Law amending the Law on Legal Aid (2026)](law-amending-the-law-on-legal-aid-2026/index.md) comes into force" in section
    assert section.count("In force from this day:") == 8                      # its eight operations, each quoted
    assert "  change eligible elderly to unconditional" in section
    salary = page[page.index('<a id="from-2026-07-01"></a>'):page.index('<a id="from-2027-01-01"></a>')]
    assert "[Statutory base salary](parameters.md#base_salary-2026-07-01): 2,530,000 (161/2026/NĐ-CP)" in salary
    start = page[page.index('<a id="from-2021-07-15"></a>'):page.index('<a id="from-2023-07-01"></a>')]
    assert "[02/2021/TT-BTP](02-2021-tt-btp/index.md) comes into force ([02/2021/TT-BTP 12.1]" in start


# -- sources ------------------------------------------------------------------------------------------------

def test_official_sources_come_first_and_no_bare_ip_address_is_linked():
    assert pages.official("https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=147951")
    assert pages.official("https://phapdien.moj.gov.vn/TraCuuPhapDien/MainBoPD.aspx")
    assert not pages.official("http://vbpl.vn/x")                # not https
    assert not pages.official("https://thuvienphapluat.vn/van-ban/x")
    for address in ("http://118.69.201.250:801/phap-luat/x.html", "https://118.69.84.240/x", "https://[2001:db8::1]/x",
                    "javascript:alert(1)", "https://thuviennhadat.vn/x"):
        assert pages.safe_url(address) == "", address
    assert pages.ordered_sources(("https://thuviennhadat.vn/a", "https://vbpl.vn/b", "https://x.gov.vn/c")) == \
        ["https://vbpl.vn/b", "https://x.gov.vn/c", "https://thuviennhadat.vn/a"]


def test_the_sources_page_marks_each_source_official_or_secondary(out):
    page = out[f"{DOCS}/html/en/sources.html"]
    group = page[page.index('id="sources-02-2021-tt-btp"'):]
    group = group[:group.index("</table>")]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td>(official|secondary \(not linked\))</td>", group)
    kinds = [k for _, k in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "official") and "official" in kinds and "secondary (not linked)" in kinds
    assert all(("<a href" in cell) == (kind == "official") for cell, kind in rows)


# -- search -------------------------------------------------------------------------------------------------

def test_the_search_index_covers_every_kind_of_page(out):
    for lang in ("en", "vi"):
        text = out[f"{DOCS}/html/assets/search-{lang}.js"]
        entries = json.loads(text.split("window.REGC_SEARCH = ", 1)[1].rstrip(";\n"))
        urls = {e["u"].split("#")[0] for e in entries}
        for page in (f"{CIRCULAR}/certifiers.html", f"{CIRCULAR}/rates.html", f"{CIRCULAR}/coverage.html", "changes.html",
                     "sources.html", "parameters.html", "examples.html", "calculator.html", "tables/appendix_01.html",
                     f"{CIRCULAR}/articles/4.html", f"{CIRCULAR}/examples/art07-officer-extrajudicial.html",
                     "source/rules/base-salary.rules.html", f"{CIRCULAR}/index.html", "reference.html"):
            assert page in urls, (lang, page)
        assert all(e["k"] for e in entries)
        judge = [e for e in entries if e["u"].startswith(f"{CIRCULAR}/certifiers.html") and "(judge)" in e["t"]]
        assert judge and "4.1.i" in judge[0]["x"]
    vi = out[f"{DOCS}/html/assets/search-vi.js"]
    assert "lu\\u1eadn c\\u1ee9 b\\u00e0o ch\\u1eefa" in vi   # "luận cứ bào chữa": the script folds the diacritics


# -- the calculator -----------------------------------------------------------------------------------------

def test_the_calculator_is_built_around_the_javascript_validator(out):
    if "generated/js/circular_02_2021.js" not in out:
        pytest.skip("the JavaScript backend did not run in this build")
    assert out[f"{DOCS}/html/assets/validators/circular_02_2021.js"] == out["generated/js/circular_02_2021.js"]
    for lang in ("en", "vi"):
        page = out[f"{DOCS}/html/{lang}/calculator.html"]
        assert '<form id="calc-form"' in page and '<textarea id="calc-case"' in page
        scripts = re.findall(r'<script src="([^"]+)"></script>', page)
        assert scripts[-3:] == ["assets/validators/circular_02_2021.js", f"assets/calculator-{lang}.js", "assets/calculator.js"] or \
            scripts[-3:] == ["../assets/validators/circular_02_2021.js", f"../assets/calculator-{lang}.js", "../assets/calculator.js"]
        data = out[f"{DOCS}/html/assets/calculator-{lang}.js"]
        cites = json.loads(data.split("window.REGC_CALC = ", 1)[1].rstrip(";\n"))["cites"]
        assert cites["02/2021/TT-BTP 4.3.a"] == f"{CIRCULAR}/articles/4.html#4.3.a"
        assert cites["73/2024/NĐ-CP"].startswith("parameters.html#base_salary-2024-07-01")


def test_without_the_javascript_validator_the_calculator_says_it_is_not_built(build, out):
    earlier = {name: text for name, text in out.items() if not name.startswith("generated/js/")}
    files = docs.emit(build.program, ROOT, earlier)
    page = files[f"{DOCS}/html/en/calculator.html"]
    assert 'id="calc-not-built"' in page and "The calculator is not built" in page and 'id="calc-form"' not in page
    assert not [name for name in files if "/assets/validators/" in name or name.endswith("/calculator.js")]
    assert 'class="calc-link"' not in files[f"{DOCS}/html/en/index.html"]


def test_the_case_in_the_fragment_is_exact_json():
    from decimal import Decimal
    from compiler.backends.docs import calculator
    assert calculator.case_json({"hours": Decimal("2.5"), "n": Decimal("3"), "d": "2024-03-05"}) == '{"hours":2.5,"n":3,"d":"2024-03-05"}'
