"""The law's pages: the site index, each instrument's index, its articles, certifier matrix and coverage.

Each `build_*` function takes a `PageCtx` (language, format, place) and returns the page's view
model; `frame()` adds what every page has around it. The figures' pages (tables, parameters,
rates, worked examples) are in figures.py.
"""
from __future__ import annotations

import datetime
import functools
import posixpath
import re
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from ... import ir
from . import calculator, coverage, html, labels, timeline
from .rules import Piece, phrase, sentence
from .site import PageCtx, Site
from .text import Raw, anchor, href, shorten
from .view import Block, Cell, Column, Frame, Grid, Inline, Interp, Note, Para, RuleItem, Seg, Snippet

SCRIPTS = ("search-{lang}.js", "app.js")


# -- the frame around every page ----------------------------------------------------------

# The site-wide pages, after the instruments in the navigation: (page, label key).
SHARED = (("examples", "examples_page"), ("calculator", "calculator"), ("tables/index", "tables"),
          ("parameters", "parameters"), ("changes", "changes"), ("sources", "sources_page"), ("source/index", "files_page"),
          ("reference", "reference_page"))
# The ones the home page lists under "start here" rather than with the law's tables and parameters.
STARTERS = ("examples", "calculator", "reference")


def _nav_entries(ctx: PageCtx) -> tuple[tuple[str, str, int, str], ...]:
    """(page, text, depth, when in force) of each link of the navigation: one list per language,
    which every folder then links from its own place."""
    site = ctx.site
    key = ("nav", ctx.lang)
    cached = site.memo.get(key)
    if cached is not None:
        return cached
    nav: list[tuple[str, str, int, str]] = [("index", ctx.ui("home"), 0, "")]
    for instrument in site.program.instruments:
        slug = site.slugs[instrument.id]
        nav.append((f"{slug}/index", instrument.id, 0, ""))
        for page, label in instrument_pages(site, instrument):
            nav.append((page, ctx.ui(label), 1, ""))
        periods = site.provision_periods
        versions: dict[str, list[ir.Provision]] = {}   # two versions of one article: one page, dated by both
        for article in site.articles[instrument.id]:
            versions.setdefault(article.provision.number, []).append(article.provision)
        for number, same in versions.items():
            shown = f"{ctx.ui('article')} {number}"
            article_title = ctx.title(same[0].titles)
            nav.append((f"{slug}/articles/{number}", f"{shown}. {shorten(article_title, 48)}" if article_title else shown, 1,
                        timeline.spans(periods[id(v)] for v in same)))
    for page, label in SHARED:
        nav.append((page, ctx.ui(label), 0, ""))
    found = tuple(nav)
    site.memo[key] = found
    return found


def _nav_escaped(ctx: PageCtx) -> tuple[tuple[str, int, str, str], ...]:
    """(page, depth, its dates as an attribute, its text) of each link, escaped once per language."""
    key = ("nav-escaped", ctx.lang)
    cached = ctx.site.memo.get(key)
    if cached is None:
        cached = ctx.site.memo[key] = tuple((page, depth, html.when(when), html.escape(shown))
                                            for page, shown, depth, when in _nav_entries(ctx))
    return cached


# The folders whose index is marked current from every page inside them.
_SECTIONS = ("tables", "source")


class _NavHtml:
    """The navigation's HTML as seen from one folder: every link in its plain form, written once, and
    the spans where a page's own links are swapped for their current form."""

    def __init__(self, ctx: PageCtx) -> None:
        lines: list[str] = []
        self.spans: list[tuple[int, int, str]] = []   # (start, end) of each plain link in `plain`, its current form
        self.pages: dict[str, list[int]] = {}
        self.sections: list[tuple[str, int]] = []     # ("tables/", the link of tables/index)
        offset = 0
        for i, (page, depth, dated, shown) in enumerate(_nav_escaped(ctx)):
            link = html.escape(ctx.link(page))
            plain = f'<li class="d{depth}"{dated}><a href="{link}">{shown}</a></li>'
            current = f'<li class="d{depth} current"{dated}><a href="{link}" aria-current="page">{shown}</a></li>'
            lines.append(plain)
            self.spans.append((offset, offset + len(plain), current))
            offset += len(plain) + 1
            self.pages.setdefault(page, []).append(i)
            if page.endswith("/index") and page[: -len("/index")] in _SECTIONS:
                self.sections.append((page[: -len("index")], i))
        self.plain = "\n".join(lines)

    def html(self, path: str) -> Markup:
        marked = sorted(set(self.pages.get(path, ())).union(i for prefix, i in self.sections if path.startswith(prefix)))
        out: list[str] = []
        position = 0
        for i in marked:
            start, end, current = self.spans[i]
            out += [self.plain[position:start], current]
            position = end
        out.append(self.plain[position:])
        return Markup("".join(out))


def _nav_html(ctx: PageCtx) -> Markup:
    """The navigation's HTML, the page's own link (or its section's) marked current."""
    key = ("nav-html", ctx.lang, posixpath.dirname(ctx.path))
    nav = ctx.site.memo.get(key)
    if nav is None:
        nav = ctx.site.memo[key] = _NavHtml(ctx)
    return nav.html(ctx.path)


def frame(ctx: PageCtx, title: str) -> Frame:
    site_name = ctx.ui("site")
    return Frame(
        title=title if title == site_name else f"{title} — {site_name}", other_href=ctx.link(ctx.path, labels.OTHER[ctx.lang]),
        nav=_nav_html(ctx) if ctx.fmt == "html" else Markup(""), notes=tuple(Note(label, body) for label, body in ctx.notes()),
        **_frame_shared(ctx))


def _frame_shared(ctx: PageCtx) -> dict[str, Any]:
    """The frame's fields that are the same on every page of a folder (of a language and format)."""
    key = ("frame", ctx.lang, ctx.fmt, posixpath.dirname(ctx.path))
    found = ctx.site.memo.get(key)
    if found is None:
        known = ctx.site.known
        found = ctx.site.memo[key] = {
            "lang": ctx.lang, "header": Raw(ctx.ui("generated")), "L": labels.ui_table(ctx.lang), "home": ctx.link("index"),
            "other_label": ctx.ui("switch_to"), "other_lang": labels.OTHER[ctx.lang],
            "css": ctx.asset("style.css") if ctx.fmt == "html" else "",
            "scripts": tuple(ctx.asset(s.format(lang=ctx.lang)) for s in SCRIPTS) if ctx.fmt == "html" else (),
            "root": href(ctx.rel(f"generated/docs/{ctx.fmt}/{ctx.lang}") + "/"),
            "known": known.isoformat() if known else "", "asof": ctx.ui("asof_all").format(known=ctx.date(known)) if known else "",
            "earliest": ctx.site.earliest.isoformat() if ctx.site.earliest else "", "key": legend(ctx)}
    return found


def legend(ctx: PageCtx) -> tuple[tuple[str, str, str, str], ...]:
    """The key of the status pills and the confidence marks: (shown, css class, name, meaning)."""
    return _legend(ctx.lang)


@functools.cache   # the same on every page of a language
def _legend(lang: str) -> tuple[tuple[str, str, str, str], ...]:
    out = [(labels.STATUS[k][lang], f"status s-{k}", labels.STATUS[k][lang], labels.STATUS_MEANING[k][lang])
           for k in coverage.ORDER]
    out += [(mark, f"badge b-{mark.lower()}", mark, meaning[lang]) for mark, meaning in labels.MARKS.items()]
    return tuple(out)


def instrument_pages(site: Site, instrument: ir.Instrument) -> list[tuple[str, str]]:
    slug = site.slugs[instrument.id]
    pages = []
    validator = site.validators.get(instrument.id)
    if validator is not None and any(v.activities for v in validator.versions):
        pages.append((f"{slug}/certifiers", "certifiers"))
    if validator is not None:
        pages.append((f"{slug}/rates", "rates"))
    if instrument.provisions:   # an act whose articles are not known has no provisions to cover
        pages.append((f"{slug}/coverage", "coverage"))
    return pages


# -- the site index -----------------------------------------------------------------------

@dataclass(frozen=True)
class InstrumentEntry:
    link: Seg
    title: str
    kind: str
    pages: Inline


@dataclass(frozen=True)
class ExampleEntry:
    link: Seg                # the example's page, named by its name
    attached: Seg            # the provision it is written at
    stem: str
    calculator: str          # the calculator with the case filled in ("" in Markdown)


@dataclass(frozen=True)
class RootPage:
    heading: str
    intro: str
    instruments: tuple[InstrumentEntry, ...]
    shared: tuple[Seg, ...]
    start: tuple[tuple[Seg, str], ...]           # where a reader starts: (page, what it is)
    examples: tuple[ExampleEntry, ...]


def example_entries(ctx: PageCtx) -> tuple[ExampleEntry, ...]:
    site = ctx.site
    out = []
    for w in site.worked.values():
        instrument = w.example.origin.instrument
        slug = site.slugs.get(instrument, "")
        calc = ctx.link("calculator") + "#" + calculator.fragment(site, w) if ctx.fmt == "html" and site.calculator_modules else ""
        out.append(ExampleEntry(Seg(ctx.example_name(w), ctx.link(f"{slug}/examples/{w.stem}")),
                                ctx.cite(instrument, w.example.origin.citation), w.stem, Raw(calc)))
    return tuple(out)


def build_root(ctx: PageCtx) -> RootPage:
    site = ctx.site
    entries = []
    for instrument in site.program.instruments:
        slug = site.slugs[instrument.id]
        pages = tuple(Seg(ctx.ui(key), ctx.link(page)) for page, key in instrument_pages(site, instrument))
        entries.append(InstrumentEntry(Seg(instrument.id, ctx.link(f"{slug}/index")), ctx.title(instrument.titles),
                                       instrument.kind or "", pages))
    shared = tuple(Seg(ctx.ui(key), ctx.link(page)) for page, key in SHARED if page not in STARTERS)
    start = [(Seg(ctx.ui("examples_page"), ctx.link("examples")), ctx.ui("examples_intro"))]
    if ctx.fmt == "html":
        start.append((Seg(ctx.ui("calculator"), ctx.link("calculator")), ctx.ui("calculator_intro")))
    start.append((Seg(ctx.ui("changes"), ctx.link("changes")), ctx.ui("changes_short")))
    start.append((Seg(ctx.ui("reference_page"), ctx.link("reference")), ctx.ui("reference_short")))
    return RootPage(ctx.ui("site"), ctx.ui("intro"), tuple(entries), shared, tuple(start), example_entries(ctx))


@dataclass(frozen=True)
class ExamplesPage:
    heading: str
    intro: str
    groups: tuple[tuple[Seg, tuple[ExampleEntry, ...]], ...]   # (instrument, its examples)
    fallback: str          # on Vietnamese pages: the names are in English


def build_examples(ctx: PageCtx) -> ExamplesPage:
    entries = example_entries(ctx)
    by_file = dict(zip(ctx.site.worked, entries, strict=True))
    groups = []
    for instrument in ctx.site.program.instruments:
        mine = tuple(by_file[f] for f, w in ctx.site.worked.items() if w.example.origin.instrument == instrument.id)
        if mine:
            groups.append((Seg(f"{instrument.id} — {ctx.title(instrument.titles)}", ctx.link(f"{ctx.site.slugs[instrument.id]}/index")), mine))
    return ExamplesPage(ctx.ui("examples_page"), ctx.ui("examples_intro"), tuple(groups),
                        ctx.ui("names_in_english") if ctx.lang == "vi" else "")


# -- an instrument's index ------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    label: str
    paras: tuple[Para, ...] = ()
    parts: Inline = ()


@dataclass(frozen=True)
class TocEntry:
    depth: int
    link: Seg
    title: str
    anchor: str = ""     # a chapter's anchor (citations of a chapter link here)
    indent: str = ""     # the Markdown list indent


@dataclass(frozen=True)
class InstrumentPage:
    heading: str
    identity: tuple[Row, ...]
    pages: tuple[Seg, ...]
    toc: tuple[TocEntry, ...]
    examples: tuple[tuple[Seg, Seg], ...]   # (the example, the provision it is written at)
    versions: Grid | None = None            # the versions of its rules, when amending acts made several


def listed(segs: list[Seg], separator: str = ", ") -> Inline:
    """Segments with a separator between them."""
    out: list[Seg] = []
    for i, seg in enumerate(segs):
        out += [Seg(separator)] if i else []
        out.append(seg)
    return tuple(out)


_IP = re.compile(r"^\[?[0-9a-f:.]+\]?(:\d+)?$", re.IGNORECASE)
# The state's own sites: the national database of legal documents, the Government's and the National
# Assembly's portals, and every ministry's and province's site under .gov.vn.
OFFICIAL_HOSTS = ("vbpl.vn", "chinhphu.vn", "quochoi.vn", "moj.gov.vn")


def host(url: str) -> str:
    from urllib.parse import urlsplit
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def official(url: str) -> bool:
    """An address of the state's own publications (https only): the only addresses the site links to."""
    name = host(url)
    return url.lower().startswith("https://") and (name.endswith(".gov.vn") or any(
        name == h or name.endswith("." + h) for h in OFFICIAL_HOSTS))


def safe_url(url: str) -> str:
    """A link only to an official https address (never javascript:, a bare IP address or another site),
    percent-quoted; "" for anything else, which is shown as text."""
    from urllib.parse import quote
    if not url.lower().startswith(("http://", "https://")) or _IP.match(host(url) or "0") or not official(url):
        return ""
    return Raw(quote(url, safe=":/?#@!$&'*+,;=%~.-_"))


def ordered_sources(sources: tuple[str, ...]) -> list[str]:
    """Official addresses first, then the others, each group in the order the rules give them."""
    return sorted(dict.fromkeys(sources), key=lambda url: not official(url))


def source_seg(ctx: PageCtx, url: str) -> Seg:
    link = safe_url(url)
    if link:
        return Seg(url, link, title=ctx.ui("official_source"))
    return Seg(url, title=ctx.ui("not_linked"))


def build_instrument(ctx: PageCtx, instrument: ir.Instrument) -> InstrumentPage:
    site = ctx.site
    validator = site.validators.get(instrument.id)
    rows = [Row(ctx.ui("number"), parts=(Seg(instrument.id),)),
            Row(ctx.ui("kind"), parts=(Seg(instrument.kind or ctx.ui("none"), code=bool(instrument.kind)),)),
            Row(ctx.ui("title"), paras=ctx.paras(instrument.titles)),
            Row(ctx.ui("issued_by"), paras=ctx.paras(instrument.issued_by))]
    signed = ctx.date(instrument.signed) if instrument.signed else ctx.ui("none")
    if instrument.signed_by:
        signed += f", {ctx.ui('signed_by')} {instrument.signed_by}"
    rows.append(Row(ctx.ui("signed"), parts=(Seg(signed),)))
    if instrument.in_force is not None:
        rows.append(Row(ctx.ui("in_force"), parts=(Seg(ctx.date(instrument.in_force)),)))
    if validator is not None:
        t = validator.transition
        rows.append(Row(ctx.ui("in_force"), parts=(Seg(ctx.date(t.in_force) + " ("),
                                                   ctx.cite(t.in_force_origin.instrument, t.in_force_origin.citation), Seg(")"))))
        if t.supersedes and t.supersedes_origin is not None:
            rows.append(Row(ctx.ui("supersedes"), parts=listed([ctx.cite_full(i) for i in t.supersedes]) + (
                Seg(" ("), ctx.cite(t.supersedes_origin.instrument, t.supersedes_origin.citation), Seg(")"))))
        if t.governed_by and t.origin is not None:
            rows.append(Row(ctx.ui("before_in_force"), parts=listed([ctx.cite_full(i) for i in t.governed_by]) + (
                Seg(" ("), ctx.cite(t.origin.instrument, t.origin.citation), Seg(")"))))
    none = (Seg(ctx.ui("none")),)
    if instrument.amends:
        rows.append(Row(ctx.ui("amends"), parts=listed([ctx.cite_full(i) for i in instrument.amends])))
    rows.append(Row(ctx.ui("pursuant_to"), parts=listed([ctx.cite_full(i) for i in instrument.pursuant_to]) or none))
    for lang, file in instrument.official:
        language = labels.LANG_NAME[lang][ctx.lang]
        rows.append(Row(ctx.ui("official_text"), parts=(ctx.file_seg(file), Seg(f" ({language}) — {ctx.ui('official_file')}"))))
    rows.append(Row(ctx.ui("sources"), parts=listed([source_seg(ctx, url) for url in ordered_sources(instrument.sources)], " · ") or none))
    rows.append(Row(ctx.ui("rule_files"), parts=listed([ctx.file_seg(f) for f in instrument.files])))
    if validator is not None:   # the module is the project's, not the site's: named, not linked
        rows.append(Row(ctx.ui("validator"), parts=(Seg(f"generated/python/{validator.module}.py", code=True),
                                                    Seg(f" — {ctx.ui('validator_note')}"))))

    toc = []
    for top in instrument.provisions:
        if top.level == "chapter":
            toc.append(TocEntry(0, Seg(ctx.heading(top)), ctx.title(top.titles), Raw(anchor(top.citation))))
            for article in top.children:
                toc.append(_toc_article(ctx, instrument, article, 1))
        elif top.level == "article":
            toc.append(_toc_article(ctx, instrument, top, 0))
    pages = tuple(Seg(ctx.ui(key), ctx.link(page)) for page, key in instrument_pages(site, instrument))
    examples = tuple((Seg(ctx.example_name(w), ctx.link(f"{site.slugs[instrument.id]}/examples/{w.stem}")),
                      ctx.cite(instrument.id, w.example.origin.citation))
                     for w in site.worked.values() if w.example.origin.instrument == instrument.id)
    return InstrumentPage(f"{instrument.id} — {ctx.title(instrument.titles)}", tuple(rows), pages, tuple(toc), examples,
                          _versions(ctx, validator) if validator is not None and len(validator.versions) > 1 else None)


def _versions(ctx: PageCtx, validator: ir.Validator) -> Grid:
    """The versions of an instrument's rules, each with its dates and the operations that made it."""
    rows, when = [], []
    for v in validator.versions:
        acts = listed([ctx.cite(o.instrument, o.citation) for o in dict.fromkeys(v.changed_by)])
        rows.append((Cell(ctx.date(v.start) if v.start else ctx.ui("from_start")), Cell(ctx.date(v.end) if v.end else ctx.ui("open_end")),
                     Cell(" ".join(s.text for s in acts) or ctx.ui("as_written"))))
        when.append(timeline.span(v.start, v.end))
    head = (Cell(ctx.ui("from")), Cell(ctx.ui("until")), Cell(ctx.ui("changed_by")))
    return Grid(ctx.ui("versions"), head, tuple(rows), Raw("versions"), when=tuple(when))


def _toc_article(ctx: PageCtx, instrument: ir.Instrument, article: ir.Provision, depth: int) -> TocEntry:
    page = f"{ctx.site.slugs[instrument.id]}/articles/{article.number}"
    return TocEntry(depth, Seg(ctx.heading(article), ctx.link(page)), ctx.title(article.titles), indent=Raw("  " * depth))


# -- an article --------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticlePage:
    heading: str
    instrument: Seg
    chapter: str
    blocks: tuple[Block, ...]
    previous: Seg
    next: Seg
    authority: str = ""    # which language is the law, when the instrument has an official text
    subtitle: Para | None = None   # the article's title in the other language
    official: Seg = Seg("")        # the official text's file, on its page in the site


MD_HEADINGS = {"article": "##", "clause": "###", "point": "####"}
HTML_HEADINGS = {"article": "h2", "clause": "h3", "point": "h4"}


def build_article(ctx: PageCtx, instrument: ir.Instrument, index: int,
                  found: dict[tuple[str, str], tuple[Piece, ...]], status: dict[str, coverage.Status]) -> ArticlePage:
    site = ctx.site
    articles = site.articles[instrument.id]
    article = articles[index]
    p = article.provision
    walked = list(_walk(p, None))
    versions: dict[str, list[ir.Provision]] = {}
    for q, _ in walked:
        versions.setdefault(q.citation, []).append(q)
    anchors = _anchors(walked, versions)
    blocks = []
    closing: list[tuple[ir.Provision, int]] = []   # provisions with a paragraph after their points, and their depth
    for q, parent in walked:
        while closing and not _inside(q, closing[-1][0]):
            blocks.append(_closing_block(ctx, instrument, closing.pop()[0], anchors))
        blocks.append(_block(ctx, instrument, q, found, status, anchors[id(q)], versions[q.citation], parent))
        if q.children and any(t.closing for t in q.texts):
            closing.append((q, 0))
    while closing:
        blocks.append(_closing_block(ctx, instrument, closing.pop()[0], anchors))
    slug = site.slugs[instrument.id]
    official = dict(instrument.official)
    authority = ctx.ui("authority") if "vi" in official else ""

    def neighbour(i: int, key: str) -> Seg:
        if 0 <= i < len(articles):
            other = articles[i].provision
            return Seg(f"{ctx.ui(key)}: {ctx.heading(other)}", ctx.link(f"{slug}/articles/{other.number}"))
        return Seg("")

    title = ctx.title(p.titles)
    chapter = ""
    if article.chapter is not None:
        chapter = ctx.heading(article.chapter) + (f". {ctx.title(article.chapter.titles)}" if article.chapter.titles else "")
    other = labels.OTHER[ctx.lang]
    subtitle = next((Para(t.text, ctx.badges(t.confidence, t.detail), "", other) for t in p.titles
                     if t.lang == other and t.pending is None), None)
    return ArticlePage(f"{ctx.heading(p)}. {title}" if title else ctx.heading(p), Seg(instrument.id, ctx.link(f"{slug}/index")),
                       chapter, tuple(blocks), neighbour(index - 1, "previous"), neighbour(index + 1, "next"), authority, subtitle,
                       ctx.file_seg(official["vi"]) if "vi" in official else Seg(""))


def columns(ctx: PageCtx, instrument: ir.Instrument, texts: tuple[ir.Text, ...]) -> tuple[Column, ...]:
    """The law in both languages side by side, the page's language first; the official one marked as
    the law. Nothing when the provision has no text in either language."""
    if not texts:
        return ()
    law = {lang for lang, _ in instrument.official}
    out = []
    for lang in (ctx.lang, labels.OTHER[ctx.lang]):
        own = tuple(Para(t.text, ctx.badges(t.confidence, t.detail), "", lang) for t in texts if t.lang == lang and t.pending is None)
        if not own:
            pending = next((t.pending for t in texts if t.lang == lang and t.pending is not None), None)
            marker = (ctx.ui("pending_text_in").format(reason=pending, language=labels.LANG_NAME[lang][ctx.lang]) if pending is not None
                      else ctx.ui("missing_vi" if lang == "vi" else "missing_en"))
            own = (Para("", (), marker, ctx.lang),)
        key = "column_law" if lang in law else "column_translation" if law else "column_plain"
        out.append(Column(lang, ctx.ui(key).format(language=labels.LANG_NAME[lang][ctx.lang]), own, lang in law))
    return tuple(out)


def _inside(p: ir.Provision, holder: ir.Provision) -> bool:
    return p.citation.startswith(holder.citation + ".")


def _closing_block(ctx: PageCtx, instrument: ir.Instrument, p: ir.Provision, anchors: dict[int, str]) -> Block:
    """The paragraphs that close a provision, shown after its points, as the law prints them."""
    closing = tuple(t for t in p.texts if t.closing)
    period = ctx.site.provision_periods.get(id(p), (None, None))
    return Block(
        anchor=Raw(f"{anchors[id(p)]}-end"), heading=f"{ctx.heading(p)} ({ctx.ui('continued')})",
        md_heading=Raw(MD_HEADINGS.get(p.level, "####")), tag=HTML_HEADINGS.get(p.level, "h4"),
        cite=f"{instrument.id} {p.citation}", level=p.level, titles=(), columns=columns(ctx, instrument, closing), code=(),
        notes=(), pending=(), informative=(), interpretations=(), rules=(),
        examples=(), status="", status_key="", when=timeline.spans((period,)))


def _walk(p: ir.Provision, parent: ir.Provision | None):
    """(provision, its parent) for a provision and everything below it, in the law's order."""
    yield p, parent
    for child in p.children:
        yield from _walk(child, p)


def _dates(p: ir.Provision) -> tuple:
    return (p.start, p.end, p.amended_by, p.ended_by)


def _anchors(walked: list[tuple[ir.Provision, ir.Provision | None]], versions: dict[str, list[ir.Provision]]) -> dict[int, str]:
    """The HTML id of each provision version: the version in force last keeps the plain citation,
    an earlier one gets the last day it was in force ('1.1-until-2026-12-31'), its own or its parent's."""
    ends: dict[int, datetime.date | None] = {}
    for q, parent in walked:
        ends[id(q)] = q.end or (ends.get(id(parent)) if parent is not None else None)
    out: dict[int, str] = {}
    for q, _ in walked:
        same = versions[q.citation]
        last = max(same, key=lambda v: (ends[id(v)] is None, ends[id(v)] or datetime.date.min))
        end = ends[id(q)]
        if q is last or len(same) == 1 or end is None:
            out[id(q)] = Raw(anchor(q.citation))
        else:
            out[id(q)] = Raw(anchor(f"{q.citation}-until-{end.isoformat()}"))
    return out


def _version_of(piece: Piece, same: list[ir.Provision]) -> ir.Provision:
    """Which version of a provision a rule piece is written in: the closest one above it in its
    rule file, else the version in force last."""
    above = [v for v in same if v.origin.file == piece.origin.file and v.origin.line <= piece.origin.line]
    if above:
        return max(above, key=lambda v: v.origin.line)
    return next((v for v in reversed(same) if v.end is None), same[-1])


def _period(ctx: PageCtx, p: ir.Provision, same: list[ir.Provision], parent: ir.Provision | None) -> Inline:
    """'In force until 2026-12-31 — replaced by X (file:line)', for a version an amending act brought or ended.

    Nothing for a provision without dates, nor for one dated like its parent (the parent says it)."""
    if p.start is None and p.end is None:
        return ()
    if parent is not None and _dates(parent) == _dates(p):
        return ()
    if p.start is not None and p.end is not None:
        when = ctx.ui("in_force_between").format(start=ctx.date(p.start), end=ctx.date(p.end))
    elif p.end is not None:
        when = ctx.ui("in_force_until").format(date=ctx.date(p.end))
    else:
        when = ctx.ui("in_force_from").format(date=ctx.date(p.start))
    index = next(i for i, v in enumerate(same) if v is p)
    out: list[Seg] = [Seg(when)]
    for origin, key in ((p.amended_by, "as_replaced_by" if index > 0 else "inserted_by"),
                        (p.ended_by, "replaced_by" if index < len(same) - 1 else "repealed_by")):
        if origin is not None:
            out += [Seg(f" — {ctx.ui(key)} "), ctx.cite(origin.instrument, origin.citation), Seg(" ("), ctx.where(origin), Seg(")")]
    return tuple(out)


def _rule_period(ctx: PageCtx, piece: Piece) -> Inline:
    """' (until 2026-12-31)', ' (from 2027-01-01, by X)': when a rule is not in every version."""
    if piece.start is None and piece.end is None:
        return ()
    if piece.start is not None and piece.end is not None:
        said = sentence(ctx, "rule_between", start=ctx.date(piece.start), end=ctx.date(piece.end))
    elif piece.end is not None:
        said = sentence(ctx, "rule_until", date=ctx.date(piece.end))
    elif piece.by is None:
        said = sentence(ctx, "rule_from", date=ctx.date(piece.start))
    else:
        said = sentence(ctx, "rule_from_by", date=ctx.date(piece.start), by=(ctx.cite(piece.by.instrument, piece.by.citation),))
    for start, end in piece.again:   # in force again after a temporary change ended
        said += (Seg(" "),) + (sentence(ctx, "rule_again_between", start=ctx.date(start), end=ctx.date(end)) if end
                               else sentence(ctx, "rule_again", date=ctx.date(start)))
    return (Seg(" "),) + said


def _block(ctx: PageCtx, instrument: ir.Instrument, p: ir.Provision,
           found: dict[tuple[str, str], tuple[Piece, ...]], status: dict[str, coverage.Status],
           anchor_id: str, same: list[ir.Provision], parent: ir.Provision | None) -> Block:
    mine = [piece for piece in found.get((instrument.id, p.citation), ())
            if len(same) == 1 or _version_of(piece, same) is p]
    dated = p.start is not None or p.end is not None
    rules: list[RuleItem] = []
    code: list[Snippet] = []
    seen: set[tuple[str, int]] = set()
    for piece in mine:
        item = phrase(ctx, piece)
        extra = () if dated else _rule_period(ctx, piece)
        when = "" if dated else piece_when(piece)
        snippet = None
        if (piece.origin.file, piece.origin.line) not in seen:   # a statement that says two things is quoted once
            seen.add((piece.origin.file, piece.origin.line))
            snippet = ctx.snippet(piece.origin, when)
            if snippet is not None:
                code.append(snippet)
        rules.append(replace(item, parts=item.parts + extra, when=when, code=snippet))
    interpretations = tuple(
        Interp(i.id, ctx.paras(i.readings), ctx.paras(i.reasons), ctx.badges(i.confidence, i.detail), ctx.where(i.origin))
        for i in p.interpretations)
    for choice in p.choices:   # each reading the rules offer, the default first said so
        interpretations += tuple(
            Interp(f"{choice.id} = {o.id}", ctx.paras(o.readings), ctx.paras(o.reasons), ctx.badges(o.confidence, o.detail),
                   ctx.where(o.origin), ctx.title(choice.titles),
                   ctx.ui("choice_default") if o.default else ctx.ui("choice_other").format(id=choice.id, option=o.id))
            for o in choice.options)
    worked = ctx.site.worked
    examples = listed([Seg(ctx.example_name(worked[e.file]), ctx.link(f"{ctx.site.slugs[instrument.id]}/examples/{worked[e.file].stem}"))
                       if e.file in worked else Seg(e.path) for e in p.examples], " · ")
    s = status[p.citation]
    texts = tuple(t for t in p.texts if not t.closing or not p.children)
    period = ctx.site.provision_periods.get(id(p), (None, None))
    return Block(
        anchor=anchor_id, heading=ctx.heading(p), md_heading=Raw(MD_HEADINGS.get(p.level, "####")),
        tag=HTML_HEADINGS.get(p.level, "h4"),
        cite=f"{instrument.id} {p.citation}", level=p.level, titles=ctx.paras(p.titles) if p.level != "article" else (),
        columns=columns(ctx, instrument, texts), code=tuple(code), notes=ctx.paras(p.notes),
        pending=tuple(ctx.untranslated(r) for r in p.pending),
        informative=tuple(ctx.untranslated(r) for r in p.informative),
        interpretations=interpretations, rules=tuple(rules), examples=examples,
        status=labels.STATUS[s.key][ctx.lang], status_key=s.key, period=_period(ctx, p, same, parent),
        when=timeline.spans((period,)))


def piece_when(piece: Piece) -> str:
    """The periods a rule is in force, when not in every version of its validator."""
    if piece.start is None and piece.end is None:
        return ""
    return timeline.spans(((piece.start, piece.end), *piece.again))


# -- the certifier matrix ---------------------------------------------------------------------

@dataclass(frozen=True)
class CertifiersPage:
    heading: str
    intro: str
    grids: tuple[Grid, ...]
    legend: tuple[tuple[str, str], ...]    # (role id, its name)


def build_certifiers(ctx: PageCtx, instrument: ir.Instrument, validator: ir.Validator) -> CertifiersPage:
    """Who may certify each activity, one table per area; an activity or a mark that is not in every
    version of the rules carries its dates, so the date view shows the matrix of any day."""
    site = ctx.site
    order: dict[str, int] = {}
    for vocabulary in site.program.vocabularies:
        for member in vocabulary.members:
            order.setdefault(member.id, len(order))
    every = validator.versions
    latest: dict[str, ir.Activity] = {}                       # citation -> its activity, as last in force
    rows_in: dict[tuple[str, str], list[ir.Version]] = {}     # (area, citation) -> the versions it is chargeable in
    marks_in: dict[tuple[str, str, str], list[ir.Version]] = {}   # (area, citation, role) -> versions
    said: dict[tuple[str, str], ir.Origin] = {}
    areas: list[str] = []
    for v in every:
        for a in v.activities:
            if a.origin.instrument != instrument.id:
                continue
            latest[a.citation] = a
            for area in a.areas:   # the law's order: by the first activity chargeable in each area
                if area not in areas:
                    areas.append(area)
                rows_in.setdefault((area, a.citation), []).append(v)
                for r in a.certifiers:
                    marks_in.setdefault((area, a.citation, r), []).append(v)
                    if a.certifier_origin is not None:
                        said[a.citation, r] = a.certifier_origin
    grids = []
    used_roles: list[str] = []
    for area in areas:
        citations = [c for (a, c) in rows_in if a == area]
        roles = sorted({r for (a, _, r) in marks_in if a == area}, key=lambda r: order.get(r, len(order)))
        used_roles.extend(r for r in roles if r not in used_roles)
        head = (Cell(ctx.ui("activity")),) + tuple(Cell(ctx.label(r), title=r) for r in roles)
        rows, when = [], []
        for citation in citations:
            a = latest[citation]
            provision = site.provisions.get((instrument.id, citation))
            paras = ctx.paras(provision.texts) if provision else ()
            short = shorten(paras[0].text, 90) + (labels.UI["en_only_mark"][ctx.lang] if paras and paras[0].fallback else "") if paras else ""
            first = Cell(f"{citation} — {short}", ctx.link(site.cite_target(instrument.id, citation) or f"{site.slugs[instrument.id]}/index"))
            cells = [first]
            for r in roles:
                versions = marks_in.get((area, citation, r))
                origin = said.get((citation, r))
                if versions and origin is not None:
                    target = site.cite_target(origin.instrument, origin.citation)
                    cells.append(Cell("✓", ctx.link(target) if target else "",
                                      f"{ctx.label(r)} — {ctx.ui('certified_under')} {origin.cite}", css="yes",
                                      when=timeline.runs(versions, every)))
                else:
                    cells.append(Cell("", title=f"{ctx.label(r)} — {ctx.ui('not_certifier')}", css="no"))
            rows.append(tuple(cells))
            when.append(timeline.runs(rows_in[area, citation], every))
        grids.append(Grid(ctx.label(area), head, tuple(rows), Raw(anchor(area)), "matrix", tuple(when)))
    ordered = sorted(used_roles, key=lambda r: order.get(r, len(order)))
    legend = tuple((r, ctx.label(r)) for r in ordered)
    return CertifiersPage(f"{instrument.id} — {ctx.ui('certifiers')}", ctx.ui("certifiers_intro"), tuple(grids), legend)


# -- coverage ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CoveragePage:
    heading: str
    intro: str
    counts: Grid
    provisions: Grid
    cells: Grid | None


def build_coverage(ctx: PageCtx, instrument: ir.Instrument, status: dict[str, coverage.Status],
                   tables: tuple[ir.Table, ...]) -> CoveragePage:
    counted = coverage.counts(instrument, status)
    head = (Cell(ctx.ui("level")),) + tuple(Cell(labels.STATUS[k][ctx.lang]) for k in coverage.ORDER) + (Cell(ctx.ui("total")),)
    names = {"article": "articles", "clause": "clauses", "point": "points"}
    rows = []
    for level in coverage.LEVELS:
        row = counted[level]
        rows.append((Cell(ctx.ui(names[level])),) + tuple(Cell(ctx.number(row[k]), css=f"n s-{k}") for k in coverage.ORDER)
                    + (Cell(ctx.number(sum(row.values())), css="n"),))
    totals = tuple(Cell(ctx.number(sum(counted[level][k] for level in coverage.LEVELS)), css=f"n s-{k}") for k in coverage.ORDER)
    rows.append((Cell(ctx.ui("total")),) + totals + (Cell(ctx.number(sum(sum(r.values()) for r in counted.values())), css="n"),))
    counts = Grid(ctx.ui("coverage"), head, tuple(rows), Raw("counts"))

    list_rows = []
    for p in coverage.walk(instrument.provisions):
        if p.level not in coverage.LEVELS:
            continue
        s = status[p.citation]
        list_rows.append((Cell(f"{instrument.id} {p.citation}", ctx.cite(instrument.id, p.citation).href),
                          Cell(ctx.ui(p.level)), Cell(labels.STATUS[s.key][ctx.lang], css=f"s-{s.key}"),
                          Cell(_why(ctx, s))))
    provisions = Grid(ctx.ui("provision"), (Cell(ctx.ui("provision")), Cell(ctx.ui("level")), Cell(ctx.ui("status")), Cell(ctx.ui("why"))),
                      tuple(list_rows), Raw("provisions"))

    cell_rows = []
    for table in tables:
        grid, known, pending, combined = coverage.cell_counts(table)
        cell_rows.append((Cell(ctx.title(table.titles), ctx.link(f"tables/{table.id}")), Cell(table.id, code=True),
                          Cell(ctx.number(grid), css="n"), Cell(ctx.number(known), css="n s-encoded"),
                          Cell(ctx.number(pending), css="n s-pending"), Cell(ctx.number(combined), css="n")))
    cells = Grid(ctx.ui("table_cells"), (Cell(ctx.ui("table")), Cell(ctx.ui("id")), Cell(ctx.ui("cells")),
                                         Cell(labels.STATUS["encoded"][ctx.lang]), Cell(labels.STATUS["pending"][ctx.lang]),
                                         Cell(ctx.ui("combined"))), tuple(cell_rows), Raw("table-cells")) if cell_rows else None
    return CoveragePage(f"{instrument.id} — {ctx.ui('coverage')}", ctx.ui("coverage_intro"), counts, provisions, cells)


def _why(ctx: PageCtx, s: coverage.Status) -> str:
    if s.why == "own":
        return ctx.ui("own_rules")
    if s.why == "reason":
        return " ".join(s.reasons) + (labels.UI["en_only_mark"][ctx.lang])
    if s.why == "ancestor":
        return f"{ctx.ui('covered_by')} {s.ref}"
    if s.why == "inherits":
        return f"{ctx.ui('inherits')} {s.ref}: " + " ".join(s.reasons) + labels.UI["en_only_mark"][ctx.lang]
    if s.why == "parts":
        return ctx.ui("children_say")
    return ctx.ui("nothing_said")


# -- sources and the legend of marks ------------------------------------------------------------

@dataclass(frozen=True)
class SourceGroup:
    heading: Seg
    official: Inline                 # the official text kept beside the rules, when there is one
    sources: Grid


@dataclass(frozen=True)
class SourcesPage:
    heading: str
    intro: str
    groups: tuple[SourceGroup, ...]
    values: Grid
    marks: Grid
    statuses: Grid


def build_sources(ctx: PageCtx) -> SourcesPage:
    """Each instrument's sources, the official text first; the sources of dated values; the legends."""
    site = ctx.site
    groups = []
    for instrument in site.program.instruments:
        notes = {}
        for url, lang, note in instrument.source_notes:
            if lang == ctx.lang or url not in notes:
                notes[url] = note
        rows = []
        for url in ordered_sources(instrument.sources):
            shown = source_seg(ctx, url)
            rows.append((Cell(url, shown.href, shown.title, css="url"),
                         Cell(ctx.ui("official_source") if official(url) else ctx.ui("secondary_source")), Cell(notes.get(url, ""))))
        texts: Inline = ()
        for lang, file in instrument.official:
            texts += (Seg(f"{ctx.ui('official_text')} ({labels.LANG_NAME[lang][ctx.lang]}): "), ctx.file_seg(file),
                      Seg(f" — {ctx.ui('official_file')}"))
        slug = site.slugs[instrument.id]
        head = (Cell(ctx.ui("source")), Cell(ctx.ui("source_kind")), Cell(ctx.ui("settles")))
        groups.append(SourceGroup(Seg(f"{instrument.id} — {ctx.title(instrument.titles)}", ctx.link(f"{slug}/index")),
                                  texts, Grid(f"{ctx.ui('sources')} — {instrument.id}", head, tuple(rows), Raw(anchor(f"sources-{slug}")))))
    value_rows = []
    for parameter in site.program.parameters:
        for value in parameter.values:
            value_rows.append((Cell(ctx.parameter_title(parameter.id), ctx.link(f"parameters#{parameter.id}")),
                               Cell(ctx.date(value.start)), Cell(value.source or ""),
                               Cell(" ".join(filter(None, (value.confidence, value.detail))) or ctx.ui("unmarked"))))
    values = Grid(ctx.ui("dated_values"), (Cell(ctx.ui("parameter")), Cell(ctx.ui("from")), Cell(ctx.ui("source")),
                                           Cell(ctx.ui("provenance"))), tuple(value_rows), Raw("values"))
    mark_rows = [(Cell(mark, code=True), Cell(meaning[ctx.lang])) for mark, meaning in labels.MARKS.items()]
    mark_rows.append((Cell(ctx.ui("unmarked")), Cell(ctx.ui("unmarked_meaning"))))
    marks = Grid(ctx.ui("marks"), (Cell(ctx.ui("mark")), Cell(ctx.ui("meaning"))), tuple(mark_rows), Raw("marks"))
    statuses = Grid(ctx.ui("statuses"), (Cell(ctx.ui("status")), Cell(ctx.ui("meaning"))),
                    tuple((Cell(labels.STATUS[key][ctx.lang], css=f"s-{key}"), Cell(labels.STATUS_MEANING[key][ctx.lang]))
                          for key in coverage.ORDER), Raw("statuses"))
    return SourcesPage(ctx.ui("sources_page"), ctx.ui("sources_intro"), tuple(groups), values, marks, statuses)
