"""The law's pages: the site index, each instrument's index, its articles, certifier matrix and coverage.

Each `build_*` function takes a `PageCtx` (language, format, place) and returns the page's view
model; `frame()` adds what every page has around it. The figures' pages (tables, parameters,
rates, worked examples) are in figures.py.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from ... import ir
from . import coverage, labels
from .rules import Piece, phrase, sentence
from .site import PageCtx, Site
from .text import Raw, anchor, href, shorten
from .view import Block, Cell, Frame, Grid, Inline, Interp, NavLink, Note, Para, RuleItem, Seg

SCRIPTS = ("search-{lang}.js", "app.js")


# -- the frame around every page ----------------------------------------------------------

def frame(ctx: PageCtx, title: str) -> Frame:
    nav = [NavLink(ctx.ui("home"), ctx.link("index"), 0, ctx.path == "index")]
    site = ctx.site
    for instrument in site.program.instruments:
        slug = site.slugs[instrument.id]
        nav.append(NavLink(instrument.id, ctx.link(f"{slug}/index"), 0, ctx.path == f"{slug}/index"))
        for page, key in instrument_pages(site, instrument):
            nav.append(NavLink(ctx.ui(key), ctx.link(page), 1, ctx.path == page))
        for article in site.articles[instrument.id]:
            page = f"{slug}/articles/{article.provision.number}"
            shown = f"{ctx.ui('article')} {article.provision.number}"
            article_title = ctx.title(article.provision.titles)
            nav.append(NavLink(f"{shown}. {shorten(article_title, 48)}" if article_title else shown,
                               ctx.link(page), 1, ctx.path == page))
    nav.append(NavLink(ctx.ui("tables"), ctx.link("tables/index"), 0, ctx.path.startswith("tables/")))
    nav.append(NavLink(ctx.ui("parameters"), ctx.link("parameters"), 0, ctx.path == "parameters"))
    nav.append(NavLink(ctx.ui("changes"), ctx.link("changes"), 0, ctx.path == "changes"))
    nav.append(NavLink(ctx.ui("sources_page"), ctx.link("sources"), 0, ctx.path == "sources"))
    other = labels.OTHER[ctx.lang]
    return Frame(
        lang=ctx.lang, title=title, header=Raw(ctx.ui("generated")), L={k: v[ctx.lang] for k, v in labels.UI.items()},
        home=ctx.link("index"), other_href=ctx.link(ctx.path, other), other_label=ctx.ui("switch_to"), other_lang=other,
        css=ctx.asset("style.css") if ctx.fmt == "html" else "",
        scripts=tuple(ctx.asset(s.format(lang=ctx.lang)) for s in SCRIPTS) if ctx.fmt == "html" else (),
        root=href(ctx.rel(f"generated/docs/{ctx.fmt}/{ctx.lang}") + "/"), nav=tuple(nav),
        notes=tuple(Note(label, body) for label, body in ctx.notes()))


def instrument_pages(site: Site, instrument: ir.Instrument) -> list[tuple[str, str]]:
    slug = site.slugs[instrument.id]
    pages = []
    validator = site.validators.get(instrument.id)
    if validator is not None and validator.latest.activities:
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
class RootPage:
    heading: str
    intro: str
    instruments: tuple[InstrumentEntry, ...]
    shared: tuple[Seg, ...]


def build_root(ctx: PageCtx) -> RootPage:
    site = ctx.site
    entries = []
    for instrument in site.program.instruments:
        slug = site.slugs[instrument.id]
        pages = tuple(Seg(ctx.ui(key), ctx.link(page)) for page, key in instrument_pages(site, instrument))
        entries.append(InstrumentEntry(Seg(instrument.id, ctx.link(f"{slug}/index")), ctx.title(instrument.titles),
                                       instrument.kind or "", pages))
    shared = (Seg(ctx.ui("tables"), ctx.link("tables/index")), Seg(ctx.ui("parameters"), ctx.link("parameters")),
              Seg(ctx.ui("changes"), ctx.link("changes")), Seg(ctx.ui("sources_page"), ctx.link("sources")))
    return RootPage(ctx.ui("site"), ctx.ui("intro"), tuple(entries), shared)


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


def listed(segs: list[Seg], separator: str = ", ") -> Inline:
    """Segments with a separator between them."""
    out: list[Seg] = []
    for i, seg in enumerate(segs):
        out += [Seg(separator)] if i else []
        out.append(seg)
    return tuple(out)


def safe_url(url: str) -> str:
    """An external link only for http(s) addresses (never javascript: and the like), percent-quoted."""
    from urllib.parse import quote
    if not url.lower().startswith(("http://", "https://")):
        return ""
    return Raw(quote(url, safe=":/?#@!$&'*+,;=%~.-_"))


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
    rows.append(Row(ctx.ui("pursuant_to"), parts=listed([ctx.cite_full(i) for i in instrument.pursuant_to]) or none))
    rows.append(Row(ctx.ui("sources"), parts=listed([Seg(url, safe_url(url)) for url in instrument.sources], " · ") or none))
    rows.append(Row(ctx.ui("rule_files"), parts=listed([Seg(f, href(ctx.rel(f)), code=True) for f in instrument.files])))
    if validator is not None:
        module = f"generated/python/{validator.module}.py"
        rows.append(Row(ctx.ui("validator"), parts=(Seg(module, href(ctx.rel(module)), code=True),)))

    toc = []
    for top in instrument.provisions:
        if top.level == "chapter":
            toc.append(TocEntry(0, Seg(ctx.heading(top)), ctx.title(top.titles), Raw(anchor(top.citation))))
            for article in top.children:
                toc.append(_toc_article(ctx, instrument, article, 1))
        elif top.level == "article":
            toc.append(_toc_article(ctx, instrument, top, 0))
    pages = tuple(Seg(ctx.ui(key), ctx.link(page)) for page, key in instrument_pages(site, instrument))
    examples = tuple((Seg(w.name, ctx.link(f"{site.slugs[instrument.id]}/examples/{w.stem}")),
                      ctx.cite(instrument.id, w.example.origin.citation))
                     for w in site.worked.values() if w.example.origin.instrument == instrument.id)
    return InstrumentPage(f"{instrument.id} — {ctx.title(instrument.titles)}", tuple(rows), pages, tuple(toc), examples)


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
    authority = ctx.ui("authority").format(file=official["vi"]) if "vi" in official else ""

    def neighbour(i: int, key: str) -> Seg:
        if 0 <= i < len(articles):
            other = articles[i].provision
            return Seg(f"{ctx.ui(key)}: {ctx.heading(other)}", ctx.link(f"{slug}/articles/{other.number}"))
        return Seg("")

    title = ctx.title(p.titles)
    chapter = ""
    if article.chapter is not None:
        chapter = ctx.heading(article.chapter) + (f". {ctx.title(article.chapter.titles)}" if article.chapter.titles else "")
    return ArticlePage(f"{ctx.heading(p)}. {title}" if title else ctx.heading(p), Seg(instrument.id, ctx.link(f"{slug}/index")),
                       chapter, tuple(blocks), neighbour(index - 1, "previous"), neighbour(index + 1, "next"), authority)


def _inside(p: ir.Provision, holder: ir.Provision) -> bool:
    return p.citation.startswith(holder.citation + ".")


def _closing_block(ctx: PageCtx, instrument: ir.Instrument, p: ir.Provision, anchors: dict[int, str]) -> Block:
    """The paragraphs that close a provision, shown after its points, as the law prints them."""
    closing = tuple(t for t in p.texts if t.closing)
    return Block(
        anchor=Raw(f"{anchors[id(p)]}-end"), heading=f"{ctx.heading(p)} ({ctx.ui('continued')})",
        md_heading=Raw(MD_HEADINGS.get(p.level, "####")), tag=HTML_HEADINGS.get(p.level, "h4"),
        cite=f"{instrument.id} {p.citation}", level=p.level, titles=(), texts=ctx.paras(closing),
        originals=ctx.originals(closing), notes=(), pending=(), informative=(), interpretations=(), rules=(),
        examples=(), status="", status_key="")


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
    for piece in mine:
        item = phrase(ctx, piece)
        extra = () if dated else _rule_period(ctx, piece)
        rules.append(replace(item, parts=item.parts + extra) if extra else item)
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
    examples = listed([Seg(worked[e.file].name, ctx.link(f"{ctx.site.slugs[instrument.id]}/examples/{worked[e.file].stem}"))
                       if e.file in worked else Seg(e.path) for e in p.examples], " · ")
    s = status[p.citation]
    return Block(
        anchor=anchor_id, heading=ctx.heading(p), md_heading=Raw(MD_HEADINGS.get(p.level, "####")),
        tag=HTML_HEADINGS.get(p.level, "h4"),
        cite=f"{instrument.id} {p.citation}", level=p.level, titles=ctx.paras(p.titles) if p.level != "article" else (),
        texts=ctx.paras(tuple(t for t in p.texts if not t.closing or not p.children)),
        originals=ctx.originals(tuple(t for t in p.texts if not t.closing or not p.children)), notes=ctx.paras(p.notes),
        pending=tuple(ctx.untranslated(r) for r in p.pending),
        informative=tuple(ctx.untranslated(r) for r in p.informative),
        interpretations=interpretations, rules=tuple(rules), examples=examples,
        status=labels.STATUS[s.key][ctx.lang], status_key=s.key, period=_period(ctx, p, same, parent))


# -- the certifier matrix ---------------------------------------------------------------------

@dataclass(frozen=True)
class CertifiersPage:
    heading: str
    intro: str
    grids: tuple[Grid, ...]
    legend: tuple[tuple[str, str], ...]


def build_certifiers(ctx: PageCtx, instrument: ir.Instrument, validator: ir.Validator) -> CertifiersPage:
    site = ctx.site
    order: dict[str, int] = {}
    for vocabulary in site.program.vocabularies:
        for member in vocabulary.members:
            order.setdefault(member.id, len(order))
    own = [a for a in validator.latest.activities if a.origin.instrument == instrument.id]
    areas: list[str] = []
    for a in own:   # the law's order: by the first activity chargeable in each area
        areas.extend(area for area in a.areas if area not in areas)
    grids = []
    used_roles: list[str] = []
    for area in areas:
        rows_of = [a for a in own if area in a.areas]
        roles = sorted({r for a in rows_of for r in a.certifiers}, key=lambda r: order.get(r, len(order)))
        used_roles.extend(r for r in roles if r not in used_roles)
        head = (Cell(ctx.ui("activity")),) + tuple(Cell(r, title=ctx.label(r), code=True) for r in roles)
        rows = []
        for a in rows_of:
            provision = site.provisions.get((instrument.id, a.citation))
            paras = ctx.paras(provision.texts) if provision else ()
            short = shorten(paras[0].text, 90) + (labels.UI["en_only_mark"][ctx.lang] if paras and paras[0].fallback else "") if paras else ""
            said = a.certifier_origin
            first = Cell(f"{a.citation} — {short}", ctx.link(site.cite_target(instrument.id, a.citation) or f"{site.slugs[instrument.id]}/index"))
            cells = [first]
            for r in roles:
                if r in a.certifiers and said is not None:
                    target = site.cite_target(said.instrument, said.citation)
                    cells.append(Cell("✓", ctx.link(target) if target else "",
                                      f"{ctx.label(r)} — {ctx.ui('certified_under')} {said.cite}", css="yes"))
                else:
                    cells.append(Cell("", css="no"))
            rows.append(tuple(cells))
        grids.append(Grid(ctx.label(area), head, tuple(rows), Raw(anchor(area)), "matrix"))
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
        rows = tuple((Cell(url, safe_url(url)), Cell(notes.get(url, ""))) for url in instrument.sources)
        official: Inline = ()
        for lang, file in instrument.official:
            official += (Seg(f"{ctx.ui('official_text')} ({lang}): "), Seg(file, href(ctx.rel(file)), code=True),
                         Seg(f" — {ctx.ui('official_file')}"))
        slug = site.slugs[instrument.id]
        head = (Cell(ctx.ui("source")), Cell(ctx.ui("settles")))
        groups.append(SourceGroup(Seg(f"{instrument.id} — {ctx.title(instrument.titles)}", ctx.link(f"{slug}/index")),
                                  official, Grid(ctx.ui("sources"), head, rows, Raw(anchor(f"sources-{slug}")))))
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
