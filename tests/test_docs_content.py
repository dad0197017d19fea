"""The docs backend's content: a reviewer's questions (issue 3, "Done means") are answerable from the
generated pages of the real rules; links resolve; output is deterministic and checked by
`regc build --check`; text from rule files never injects markup or script (a hostile fixture)."""
from __future__ import annotations

import datetime
import posixpath
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler import api, cli, output
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "docs-hostile" / "rules"
DOCS = "generated/docs"
CIRCULAR = "02-2021-tt-btp"


@pytest.fixture(scope="module")
def build():
    compilation = compile_rules(RULES)
    assert compilation.ok
    return compilation


@pytest.fixture(scope="module")
def out(build) -> dict[str, str]:
    return build.outputs


def section(page: str, anchor: str) -> str:
    """The Markdown of one provision: from its anchor to the next provision's heading."""
    start = page.index(f'<a id="{anchor}"></a>')
    following = re.search(r"^#{2,4} <a id=", page[start:].split("\n", 1)[1], re.MULTILINE)
    rest = page[start:].split("\n", 1)[1]
    return page[start: start + len(page[start:].split("\n", 1)[0]) + 1 + (following.start() if following else len(rest))]


def labels_of(program, vocabulary: str) -> dict[str, str]:
    vocab = next(v for v in program.vocabularies if v.id == vocabulary)
    return {m.id: next(t.text for t in m.labels if t.lang == "en") for m in vocab.members}


def md_table(page: str, first_header: str) -> list[list[str]]:
    """The rows of the GFM table whose header row starts with `first_header`, header included."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if not all(set(c) <= {"-", " ", ":"} for c in cells):
            rows.append(cells)
    return rows


def number(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text.split("(")[0]))


# -- the reviewer's questions ---------------------------------------------------------------------

def test_art4_says_who_certifies_the_meeting_in_a_detention_centre(build, out):
    roles = labels_of(build.program, "certifier_role")
    wanted = [roles["accused"], roles["presiding_agency"], roles["detention_officer"]]
    page = out[f"{DOCS}/md/en/{CIRCULAR}/articles/4.md"]
    activity = section(page, "4.1.dd")
    assert "detention center" in activity                       # the text of the point
    certified = next(line for line in activity.splitlines() if "May be certified by:" in line)
    for label in wanted:
        assert label in certified
    assert "(articles/4.md#4.3.d)" not in certified and "(4.md#4.3.d)" in certified   # where it is said
    assert "(../../source/rules/circular-02-2021/chapter-2-actual-sessions.rules.md#L" in certified   # the rule line, in the site
    said = section(page, "4.3.d")
    line = next(line for line in said.splitlines() if "may be certified by:" in line)
    assert all(label in line for label in wanted) and "4.1.dd" in line
    for other in set(roles.values()) - set(wanted):
        assert other not in line.split("may be certified by:")[1].split(" — ")[0]
    html = out[f"{DOCS}/html/en/{CIRCULAR}/articles/4.html"]
    block = html[html.index('id="4.1.dd"'):html.index('id="4.1.e"')]
    assert all(label in block for label in wanted) and 'href="#4.3.d"' not in block and "4.html#4.3.d" in block


def test_a_legal_aid_officers_10_hours_of_extrajudicial_work_from_the_rates_pages(build, out):
    day = datetime.date(2024, 9, 10)
    rates = out[f"{DOCS}/md/en/{CIRCULAR}/rates.md"]
    # How 10 hours become sessions: full sessions, then the band of the hours left over.
    bands = md_table(rates, "Hours left over")[1:]
    session_hours = Decimal(re.search(r"One working session is (\d+) working hours", rates).group(1))
    hours = Decimal(10)
    full, rest = divmod(hours, session_hours)
    counts = next(number(c) for r, c, _ in bands
                  if Decimal(r.split("–")[0].strip()) <= rest < Decimal(r.split("–")[1].replace("h", "").strip()))
    sessions = full + (counts if rest else 0)
    assert sessions == Decimal("2.5")
    # The officer's rate: a share of the lawyer's rate in the same area, times the base salary on the date.
    rate_rows = md_table(rates, "Provider")
    officer = next(r for r in rate_rows if r[0].startswith("Legal aid officer") and r[1] == "Extrajudicial representation")
    share, multiple = re.findall(r"([\d.]+%?) \(\w+\)", officer[2])[:2]
    assert (share, multiple) == ("20%", "0.31")
    parameters = out[f"{DOCS}/md/en/parameters.md"]
    values = md_table(parameters[parameters.index('<a id="base_salary"></a>'):], "From")[1:]
    base = max((re.sub(r"<a id=\S+></a>", "", r[0]), number(r[2])) for r in values
               if datetime.date.fromisoformat(re.sub(r"<a id=\S+></a>", "", r[0])) <= day)[1]
    per_session = Decimal(share[:-1]) / 100 * Decimal(multiple) * base
    amount = (sessions * per_session).quantize(Decimal(1), ROUND_HALF_UP)
    assert amount == 362700
    # The page's own table of what a session is paid by date says the same.
    by_date = md_table(rates, "From")
    column = by_date[0].index("Legal aid officer (legal aid assistant) — Extrajudicial representation")
    row = max((r for r in by_date[1:] if datetime.date.fromisoformat(r[0]) <= day), key=lambda r: r[0])
    assert number(row[column]) == per_session
    # And the generated validator agrees.
    validator = api.module_from_source(out["generated/python/circular_02_2021.py"], "circular_02_2021")
    result = validator.validate({
        "case_id": "DOCS-RATE", "form": "extrajudicial", "method": "actual_sessions", "assigned_on": "2024-09-01",
        "payment_date": day.isoformat(), "providers": [{"id": "P1", "kind": "legal_aid_officer"}],
        "entries": [{"date": "2024-09-02", "provider": "P1", "activity": "7.1.a", "certified_by": "person_worked_with",
                     "hours": 10}]})
    assert result["status"] == "ok", result["findings"]
    assert Decimal(str(result["sessions_payable"])) == sessions and result["amount_vnd"] == amount


def test_appendix_01_lists_its_pending_cells(build, out):
    table = next(t for t in build.program.tables if t.id == "appendix_01")
    pending = [c for c in table.cells if c.value is None]
    page = out[f"{DOCS}/md/en/tables/appendix_01.md"]
    rows = md_table(page[page.index('<a id="pending-cells"></a>'):], "Cell")[1:]
    assert len(rows) == len(pending)
    assert {r[1] for r in rows} == {c.pending for c in pending}
    assert "Investigation × Less serious offense" in {r[0] for r in rows}
    grid = md_table(page, "Stage of proceedings \\\\ Class of offense")
    assert len(grid) == 6 and all(cell.startswith("pending[^") for row in grid[1:] for cell in row[1:])
    combined = md_table(page, "Cell")  # the first such table: the combined cells
    known = next(c for c in table.cells if c.value is not None)
    assert combined[1][1].startswith(f"{known.value} `{known.confidence}`")
    html = out[f"{DOCS}/html/en/tables/appendix_01.html"]
    assert html.count('class="pending" title="Appendix 01&#39;s cells were not found') == 20


def test_example_02_shows_its_figures_and_trace(out):
    """Example 02 of Art. 10.2.a: a legal aid officer, 29.9 sessions over the ceiling of 10 base salaries,
    of which the officer receives 40 % (the figures are the worked example's own: see its file)."""
    page = out[f"{DOCS}/md/en/{CIRCULAR}/examples/art10-example-02.md"]
    figures = {r[0]: r[1:] for r in md_table(page, "Figure")}
    assert figures["`sessions_payable`"][:3] == ["29.9", "29.9", "agrees"]
    assert figures["`amount_vnd`"][:3] == ["9,360,000", "9,360,000", "agrees"]
    assert figures["`base_salary_vnd`"][0] == "2,340,000"
    trace = md_table(page, "#")[1:]
    steps = [(r[1], r[2]) for r in trace]
    assert any("10.2" in cite and "130% of 23 = 29.9 sessions" in step for cite, step in steps)
    capped = next(r for r in trace if "capped at 10 x base salary" in r[2])
    assert capped[1] == "[02/2021/TT-BTP 9.5](../articles/9.md#9.5)" and number(capped[3]) == 10 * 2340000
    assert "(../../parameters.md#base_salary-2024-07-01)" in page        # the base salary's source decree
    assert "![From hours to amount](art10-example-02.svg)" in page
    drawing = out[f"{DOCS}/md/en/{CIRCULAR}/examples/art10-example-02.svg"]
    assert ">29.9<" in drawing and ">9,360,000 đ<" in drawing
    html = out[f"{DOCS}/html/en/{CIRCULAR}/examples/art10-example-02.html"]
    assert "<svg" in html and "29.9" in html and "DIFFERS" not in html
    article = out[f"{DOCS}/md/en/{CIRCULAR}/articles/10.md"]
    assert "(../examples/art10-example-02.md)" in section(article, "10.2.a")


def test_interpretations_are_shown_at_their_provision(out):
    page = out[f"{DOCS}/md/en/{CIRCULAR}/articles/8.md"]
    reading = section(page, "8.1")
    assert "**The product's reading** `cap_shared_pro_rata` `INF`" in reading
    assert "**Because:**" in reading


def test_every_reading_of_a_choice_is_shown_with_how_to_choose_it(out):
    """Art. 3.2 can be read two ways (choice odd_hours): both are shown, the default said so."""
    reading = section(out[f"{DOCS}/md/en/{CIRCULAR}/articles/3.md"], "3.2")
    assert "**Reading** `odd_hours = cumulative` `INF`" in reading
    assert "the default, applied unless another reading is chosen" in reading
    assert "**Reading** `odd_hours = per_occasion`" in reading
    assert "chosen with --reading odd_hours=per_occasion" in reading


def test_coverage_counts_add_up(build, out):
    from compiler.backends.docs import coverage
    for instrument in build.program.instruments:
        slug = re.sub(r"[^a-z0-9]+", "-", instrument.id.lower().replace("đ", "d")).strip("-")
        if not instrument.provisions:   # an act whose articles are not known: nothing to cover
            assert f"{DOCS}/md/en/{slug}/coverage.md" not in out
            continue
        page = out[f"{DOCS}/md/en/{slug}/coverage.md"]
        rows = md_table(page, "Level")
        head, body = rows[0], rows[1:]
        levels = {"Articles": "article", "Clauses": "clause", "Points": "point"}
        for row in body[:-1]:
            counts = [int(c) for c in row[1:-1]]
            expected = sum(1 for p in coverage.walk(instrument.provisions) if p.level == levels[row[0]])
            assert sum(counts) == int(row[-1]) == expected
        assert [int(c) for c in body[-1][1:]] == [sum(int(r[i]) for r in body[:-1]) for i in range(1, len(head))]
        listed = md_table(page, "Provision")[1:]
        assert len(listed) == int(body[-1][-1])
    page = out[f"{DOCS}/md/en/{CIRCULAR}/coverage.md"]
    cells = {r[1]: r for r in md_table(page, "Table")[1:]}
    assert cells["`appendix_01`"][2:] == ["20", "0", "20", "1"]


def test_vietnamese_pages_quote_the_law_in_vietnamese_and_mark_it_authoritative(out):
    """Both languages side by side at every provision: on Vietnamese pages the official text first, marked
    as the law; on English pages the translation with the official Vietnamese beside it."""
    page = out[f"{DOCS}/md/vi/{CIRCULAR}/articles/4.md"]
    head, _, row = md_table(section(page, "4.1.a"), "Văn bản chính thức (tiếng Việt) — có giá trị pháp lý")[0:1] + [None] + \
        md_table(section(page, "4.1.a"), "Văn bản chính thức (tiếng Việt) — có giá trị pháp lý")[1:2]
    assert head == ["Văn bản chính thức (tiếng Việt) — có giá trị pháp lý", "Bản dịch (tiếng Anh), để tham khảo"]
    assert row[0].startswith("Tham gia hỏi cung bị can hoặc lấy lời khai") and row[1].startswith("Participating in interrogation")
    assert "English only" not in section(page, "4.1.a")
    assert "Văn bản tiếng Việt là văn bản pháp luật" in page
    english = out[f"{DOCS}/md/en/{CIRCULAR}/articles/4.md"]
    head, row = md_table(section(english, "4.1.a"), "Translation (English)")[:2]
    assert head == ["Translation (English)", "Official text (Vietnamese) — the law"]
    assert row[0].startswith("Participating in interrogation") and row[1].startswith("Tham gia hỏi cung bị can")
    html = out[f"{DOCS}/html/vi/{CIRCULAR}/articles/4.html"]
    block = html[html.index('id="4.1.a"'):html.index('id="4.1.b"')]
    assert block.index('class="col official" lang="vi"') < block.index('class="col" lang="en"')


def test_vietnamese_pages_mark_missing_translations(hostile):
    """A text the rule files give in English only is shown on Vietnamese pages with a mark (hostile fixture)."""
    page = next(text for name, text in hostile.items() if name.endswith("/md/vi/99-2099-tt-script/articles/1.md"))
    assert "*(chưa có bản tiếng Việt — English only)*" in page


def test_no_missing_translation_warning_for_the_law_as_encoded(build):
    assert [d.message for d in build.reporter.diagnostics if d.code.code == "W0302"] == []


def test_one_missing_translation_warning_per_instrument(hostile_build):
    warnings = [d for d in hostile_build.reporter.diagnostics if d.code.code == "W0302"]
    assert len(warnings) == len(hostile_build.program.instruments) == 1
    for d in warnings:
        assert re.fullmatch(r"\d+ texts of \S+ have no Vietnamese version \(first at rules/\S+:\d+\)", d.message)


# -- links, determinism, freshness ---------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs)
        self.handlers += [(tag, name) for name in attrs if name.lower().startswith("on")]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_every_html_link_resolves(out):
    """Every link of the site leads to a page of the site and an anchor on it (or to an official
    address): nothing points into the project around it, so a copy published anywhere works."""
    site = f"{DOCS}/html/"
    pages = {name: parse(text) for name, text in out.items() if name.endswith(".html")}
    broken = []
    for name, page in pages.items():
        for href in page.hrefs:
            if href.startswith(("http://", "https://")):
                assert href.startswith("https://") and re.match(r"https://([\w-]+\.)*(gov\.vn|vbpl\.vn)/", href), (name, href)
                continue
            path, _, fragment = href.partition("#")
            path = path.split("?")[0]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            if not target.startswith(site):
                broken.append(f"{name}: {href} leaves the site")
            elif target in pages:
                if target.endswith("/calculator.html") and fragment.startswith("module="):
                    continue   # the calculator's fragment is the case it opens with, not an anchor
                if fragment and fragment not in pages[target].ids:
                    broken.append(f"{name}: {href} (no #{fragment})")
            elif target not in out:
                broken.append(f"{name}: {href}")
    assert not broken, "\n".join(broken[:20])


def test_every_citation_in_a_trace_is_a_link(out):
    for name, text in out.items():
        if "/examples/" in name and name.endswith(".md") and "/source/" not in name:
            for row in md_table(text, "#")[1:]:
                assert row[1].startswith("["), f"{name}: {row[1]} is not a link"


def test_svg_numbers_have_fixed_decimals(out):
    drawings = [t for n, t in out.items() if n.endswith(".svg")] + [t for n, t in out.items() if n.endswith("parameters.html")]
    assert drawings
    for text in drawings:
        for name, value in re.findall(r'\b(x|y|x1|y1|x2|y2|width|height)="([^"]*)"', text[text.index("<svg"):]):
            assert re.fullmatch(r"-?\d+\.\d\d", value), (name, value)
        for d in re.findall(r' d="([^"]*)"', text):
            assert all(re.fullmatch(r"-?\d+\.\d\d", n) for n in re.findall(r"-?[\d.]+", d)), d


def test_the_search_index_covers_texts_and_rule_names(out):
    index = out[f"{DOCS}/html/assets/search-en.js"]
    assert index.startswith("// Generated by regc") and "window.REGC_SEARCH = [" in index
    assert "detention center" in index and f"{CIRCULAR}/articles/4.html#4.1.dd" in index
    assert "appendix_01" in index and "base_salary" in index and "cap_shared_pro_rata" in index
    assert "<" not in index.split("\n", 1)[1]


def test_docs_are_deterministic(out):
    again = compile_rules(RULES).outputs
    assert sorted(again) == sorted(out)
    changed = [name for name in out if again[name] != out[name]]
    assert not changed
    for name, text in out.items():
        if name.startswith(DOCS):
            assert str(ROOT) not in text and "/tmp/" not in text, name


def test_build_check_covers_docs(tmp_path, capsys):
    shutil.copytree(RULES, tmp_path / "rules")
    rules = str(tmp_path / "rules")
    assert cli.main(["--rules", rules, "build"]) == 0
    assert cli.main(["--rules", rules, "build", "--check"]) == 0
    page = tmp_path / DOCS / "html" / "en" / CIRCULAR / "articles" / "4.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    extra = tmp_path / DOCS / "md" / "en" / "left-over.md"
    extra.write_text("not generated", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--rules", rules, "build", "--check"]) == 1
    err = capsys.readouterr().err
    assert f"stale: {DOCS}/html/en/{CIRCULAR}/articles/4.html" in err and f"stale: {DOCS}/md/en/left-over.md" in err


def test_committed_docs_are_fresh(out):
    stale = [name for name in output.stale_files(ROOT, out) if name.startswith(DOCS)]
    assert not stale, f"run `regc build`: {stale[:5]}"


# -- hostile texts ---------------------------------------------------------------------------------

HOSTILE_BITS = ("<script>", '"onmouseover=', "</textarea>", "<img src=x onerror=", "<svg onload=")


@pytest.fixture(scope="module")
def hostile_build():
    compilation = compile_rules(HOSTILE)
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    return compilation


@pytest.fixture(scope="module")
def hostile(hostile_build) -> dict[str, str]:
    return hostile_build.outputs


def test_hostile_texts_are_escaped_in_html(hostile):
    pages = {n: t for n, t in hostile.items() if n.endswith(".html")}
    assert len(pages) > 10
    shown = set()
    for name, html in pages.items():
        page = parse(html)
        lang = name.split("/")[3]
        allowed = {f"search-{lang}.js", "app.js"}
        if name.endswith("/calculator.html"):   # the calculator's own scripts, and the validator it runs
            allowed |= {f"calculator-{lang}.js", "calculator.js", "hostile_rules.js"}
        assert len(page.scripts) == len(allowed), name
        for script in page.scripts:
            assert set(script) == {"src"} and posixpath.basename(script["src"]) in allowed, (name, script)
        assert not page.handlers, (name, page.handlers)
        assert not any(h.lower().startswith("javascript:") for h in page.hrefs), name
        text = "".join(page.text)
        shown |= {bit for bit in HOSTILE_BITS if bit in text}      # shown as text, so escaped
        for bit in ("<script>alert", "<img src=x", "<svg onload", '"onmouseover=', "</textarea><script>"):
            assert bit not in html, (name, bit)
    assert shown == set(HOSTILE_BITS)


def outside_fences(text: str) -> list[str]:
    """The parts of a Markdown page outside its fenced code blocks (a fence closes with as many backticks)."""
    parts, current, fence = [], [], ""
    for line in text.split("\n"):
        opening = re.match(r"^\s*(`{3,})", line)
        if fence:
            if opening and opening.group(1) == fence and not line.strip().strip("`"):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            parts.append("\n".join(current))
            current = []
            continue
        current.append(line)
    parts.append("\n".join(current))
    return parts


def test_hostile_texts_are_escaped_in_markdown_and_search(hostile):
    for name, text in hostile.items():
        if name.endswith(".md"):
            for part in outside_fences(text):
                part = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", part)   # a code span shows its text as text
                assert "<script" not in part and "<img" not in part and "<svg" not in part, name
                assert not re.search(r"(?<!\\)\]\(javascript:", part), name      # only as escaped text
        if name.endswith(".svg"):
            assert "<script" not in text and "onmouseover" not in re.sub(r"&#34;onmouseover|\"onmouseover=[^\"<]*", "", text)
        if name.endswith(".js") and "/search-" in name:
            assert "<" not in text.split("\n", 1)[1]
    example = next(t for n, t in hostile.items() if n.endswith("examples/hostile.md") and "/en/" in n)
    fence = re.search(r"^(`{3,})yaml$", example, re.MULTILINE).group(1)
    assert len(fence) > 3 and example.count(fence) == 2              # the case's own ``` cannot close the block
    html = next(t for n, t in hostile.items() if n.endswith("examples/hostile.html") and "/en/" in n)
    assert "&lt;/textarea&gt;&lt;script&gt;alert(&#39;case&#39;)" in html


def test_every_worked_example_agrees_and_one_read_otherwise_says_with_what(out):
    """Issue 9: the docs never publish a worked example whose figures the rules do not give (the
    build stops first); an example that asks for another reading is run and shown with it."""
    example_pages = {name: text for name, text in out.items() if "/examples/" in name and name.endswith((".md", ".html"))}
    assert example_pages
    assert not [name for name, text in example_pages.items() if "DIFFERS" in text or ">KHÁC<" in text]
    page = out["generated/docs/md/en/02-2021-tt-btp/examples/art03-sessions-per-occasion.md"]
    assert "- Read with: odd_hours = per_occasion" in page
    assert re.search(r"\| `sessions_payable` \| 3 \| 3 \| agrees \|", page)
