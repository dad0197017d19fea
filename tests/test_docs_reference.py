"""The rule language's reference page (issue 12, item 8), checked on a build in memory: every entry of
compiler/reference.py is on the page of each language and format, with its anchor, its syntax, its
meaning in the page's language, where it may stand and its example highlighted as the rule files are;
a table of contents at the top; the page is linked from the home page and from every page's
navigation, and the search finds each statement. The site-wide checks (links, axe-core, 390 px) run
over this page with the others (tests/test_docs_site.py, tests/test_docs_browser.py)."""
from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pytest

from compiler import reference
from compiler.backends.docs import code, rule_language
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
DOCS = "generated/docs"
ENTRIES = list(reference.ENTRIES.values())


@pytest.fixture(scope="module")
def out() -> dict[str, str]:
    compilation = compile_rules(ROOT / "rules")
    assert compilation.ok
    return compilation.outputs


def statement_html(page: str, key: str) -> str:
    """One statement's section of the HTML page."""
    start = page.index(f'<section class="statement" id="{key}">')
    return page[start:page.index("</section>", start)]


def statement_md(page: str, key: str) -> str:
    """One statement of the Markdown page: from its heading to the next one."""
    start = page.index(f'### <a id="{key}"></a>')
    end = page.find("\n#", start + 1)
    return page[start:end if end > 0 else len(page)]


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def fold(text: str) -> str:
    """As the site's search script folds a text: no diacritics, đ as d, lower case."""
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c)).lower()


def search_index(out: dict[str, str], lang: str) -> list[dict[str, str]]:
    text = out[f"{DOCS}/html/assets/search-{lang}.js"]
    return json.loads(text.split("window.REGC_SEARCH = ", 1)[1].rstrip(";\n"))


# -- every entry, on both pages ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_entry_is_on_the_html_page_with_its_anchor_syntax_and_example(out, lang):
    page = out[f"{DOCS}/html/{lang}/reference.html"]
    for entry in ENTRIES:
        found = statement_html(page, entry.key)
        assert f"<code>{html.escape(entry.syntax, quote=True)}</code>" in found.replace("&#34;", "&quot;").replace(
            "&#39;", "&#x27;"), entry.key
        example = re.search(r'<pre tabindex="0"><code>(.*?)</code></pre>', found, re.S)
        assert example and plain(example.group(1)) == entry.example, entry.key
        # highlighted as a rule file is: the same spans the listings of rules/ have
        assert example.group(1) == "\n".join(code.listing("example.rules", entry.example).html), entry.key
        assert '<span class="' in example.group(1), entry.key


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_entry_is_on_the_markdown_page_with_its_anchor_syntax_and_example(out, lang):
    page = out[f"{DOCS}/md/{lang}/reference.md"]
    for entry in ENTRIES:
        found = statement_md(page, entry.key)
        assert rule_language.code_span(entry.syntax) in found, entry.key
        fence = code.fence(entry.example)
        assert f"\n{fence}text\n{entry.example}\n{fence}\n" in found, entry.key
    assert "`a|b`" in page and "a\\|b" not in page   # a code span outside a table shows `|` as it is


def test_each_page_gives_the_meanings_and_places_in_its_own_language(out):
    for lang in ("en", "vi"):
        page = out[f"{DOCS}/html/{lang}/reference.html"]
        for entry in ENTRIES:
            found = statement_html(page, entry.key)
            meaning = re.search(r'<p class="meaning">(.*?)</p>', found, re.S)
            mine, theirs = (entry.en, entry.vi) if lang == "en" else (entry.vi, entry.en)
            assert meaning and plain(meaning.group(1)) == mine.replace("`", ""), (lang, entry.key)
            assert html.escape(theirs.replace("`", "")) not in plain(found), (lang, entry.key)
            stands = plain(re.search(r'<p class="stands">(.*?)</p>', found, re.S).group(1))
            for place in entry.where:
                assert reference.PLACES[place][0 if lang == "en" else 1].replace("`", "") in stands, (lang, entry.key)
        md = out[f"{DOCS}/md/{lang}/reference.md"]
        for entry in ENTRIES:
            assert (entry.en if lang == "en" else entry.vi).split("`")[0].strip()[:40] in statement_md(md, entry.key)
    vi = out[f"{DOCS}/html/vi/reference.html"]
    assert "<h1>Ngôn ngữ quy tắc</h1>" in vi and "<strong>Vị trí:</strong> trong tham số." in vi
    assert 'id="parameters"' in vi and "<h2>Tham số</h2>" in vi


def test_the_contents_at_the_top_link_every_group_and_entry(out):
    names = rule_language.names()
    assert len(set(names.values())) == len(names), "two statements share a name in the contents"
    for lang in ("en", "vi"):
        page = out[f"{DOCS}/html/{lang}/reference.html"]
        contents = page[page.index('<ul class="toc statements-toc">'):page.index('<section class="statements"')]
        for section in reference.SECTIONS:
            assert f'href="#{section.key}"' in contents and f'<section class="statements" id="{section.key}">' in page
        for entry in ENTRIES:
            assert f'<a href="#{entry.key}"><code>{html.escape(names[entry.key])}</code></a>' in contents, entry.key
        md = out[f"{DOCS}/md/{lang}/reference.md"]
        assert all(f"](#{entry.key})" in md and f'<a id="{entry.key}"></a>' in md for entry in ENTRIES)
    assert names["cell_pending"] == "cell … pending" and names["certify"] == "certify"


# -- links and search ---------------------------------------------------------------------------------

def test_the_reference_is_linked_from_the_home_page_and_every_pages_navigation(out):
    for lang in ("en", "vi"):
        home = out[f"{DOCS}/html/{lang}/index.html"]
        start = home[home.index('<ul class="start">'):]
        assert 'href="reference.html"' in start[:start.index("</ul>")]
        assert "](reference.md)" in out[f"{DOCS}/md/{lang}/index.md"]
        pages = [name for name in out if name.startswith(f"{DOCS}/html/{lang}/") and name.endswith(".html")]
        assert len(pages) > 50
        for name in pages:
            nav = out[name][out[name].index('<nav class="sidebar"'):out[name].index("</nav>")]
            assert re.search(r'href="(\.\./)*reference\.html"', nav), name
    page = out[f"{DOCS}/html/en/reference.html"]
    assert '<a href="reference.html" aria-current="page">Rule language</a>' in page


def test_the_search_finds_every_statement(out):
    for lang in ("en", "vi"):
        entries = search_index(out, lang)
        urls = {e["u"] for e in entries}
        assert "reference.html" in urls
        assert {f"reference.html#{entry.key}" for entry in ENTRIES} <= urls
        kinds = {e["k"] for e in entries if e["u"].startswith("reference.html#")}
        assert kinds == {"Rule language" if lang == "en" else "Ngôn ngữ quy tắc"}

    def found(lang: str, query: str) -> list[str]:
        """What the search shows, as the site's script finds it: the first 40 entries with every word."""
        words = fold(query).split()
        return [e["u"] for e in search_index(out, lang) if all(w in fold(e["t"] + " " + e["x"]) for w in words)][:40]

    assert "reference.html#certify" in found("en", "certify")
    assert "reference.html#parameter" in found("vi", "tham số") and "reference.html#parameter" in found("vi", "tham so")
    assert "reference.html#ft_multiplier" in found("vi", "khoán chi nhân với")
    assert "reference.html#op_add_member" in found("en", "add member")
