"""Docs backend: IR -> reviewers' documentation under generated/docs/ (Markdown and a static HTML site).

    generated/docs/md/{en,vi}/...      Markdown for the code host (GFM tables, relative links,
                                       charts as .svg files beside the pages)
    generated/docs/html/{en,vi}/...    the same pages as a static site that works from file://, copied
                                       to any folder: every link stays inside it, except to official sources
    generated/docs/html/assets/        style.css, app.js (search, menu, date view, language switch),
                                       search-{en,vi}.js, and for the calculator calculator.js,
                                       calculator-{en,vi}.js and validators/MODULE.js

`emit(program, base, earlier)` builds, for each language and format, a view model of frozen
dataclasses (pages.py, figures.py, listing.py, changes.py, calculator.py, rule_language.py) in which
every link, number and marker is decided, and renders it with Jinja templates that only loop and
interpolate (the HTML ones through the filters of html.py). HTML templates autoescape; Markdown ones escape
every interpolated value through `text.md_escape` (the environment's finalize), so text from a rule
file can inject neither markup nor script in either format. The worked examples are run by the
validator the Python backend generated a moment before (`earlier`), so their figures are the shipped
validator's; the calculator runs the JavaScript backend's validator, from `earlier` too. What every
page shares (the history of changes, the files' highlighting, the navigation of a folder) is
computed once. Same IR, same bytes: nothing depends on time, paths or hash order.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ... import ir, usercache
from . import calculator, changes, code, coverage, figures, html, listing, pages, rule_language, rules, search, worked
from .labels import LANGS, ui_table
from .markdown import md
from .site import DOCS, PageCtx, Site
from .text import md_escape

COMPILER = Path(__file__).parents[2]
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
FORMATS = ("md", "html")
CALCULATOR_ASSETS = ("calculator.js",)   # static files only the calculator page loads


@functools.cache
def environment(fmt: str) -> jinja2.Environment:
    # auto_reload off: the templates do not change during a build, and checking costs a stat per page.
    common: dict[str, Any] = {"loader": jinja2.FileSystemLoader(str(TEMPLATES)), "undefined": jinja2.StrictUndefined,
                              "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
                              "auto_reload": False, "bytecode_cache": usercache.template_cache(f"docs-{fmt}")}
    if fmt == "md":
        env = jinja2.Environment(autoescape=False, finalize=md_escape, **common)
        env.filters["md"] = md
        return env
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=True),
                             **common)
    env.filters.update(html.FILTERS)
    return env


def emit(program: ir.Program, base: Path, earlier: dict[str, str] | None = None) -> dict[str, str]:
    earlier = earlier or {}
    # The docs of the same inputs are the same bytes: kept in the user's private cache by the digest of
    # everything they are built from (_inputs), they are built again only when one of those changed.
    key = _inputs(program, base, earlier)
    entry = f"docs-site-{key[:32]}.marshal"
    if key:
        cached = usercache.load(entry, marshal.load)
        if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key and isinstance(cached[1], dict):
            return cached[1]
    # What was built before the docs (the IR, the parser, the other backends' output) lives to the end of the
    # build: frozen, it is not scanned again by every collection that the pages' many small objects set off.
    freeze = gc.get_freeze_count() == 0   # a caller that froze objects itself keeps them as they are
    if freeze:
        gc.freeze()
    try:
        files = _emit(program, base, earlier)
    finally:
        if freeze:
            gc.unfreeze()
    if key:
        usercache.store(entry, lambda file: marshal.dump((key, files), file), keep=4)
    return files


def _inputs(program: ir.Program, base: Path, earlier: dict[str, str]) -> str:
    """The digest of what the docs are built from: the rules (the program's digest: the rule files, the
    official texts and the compiler's passes), the worked examples' files, the other backends' output
    they run and show, every file of the compiler (its docs code, templates and assets among them), and
    the versions of the libraries that render them. "" when the program has no digest (built in memory)."""
    if not program.digest:
        return ""
    sha = hashlib.sha256(f"{program.digest}\0{jinja2.__version__}\0".encode())
    sha.update(Path(markupsafe.__file__ or "").read_bytes() + b"\0")   # its version attribute is deprecated
    for name in sorted(earlier):
        sha.update(f"{name}\0{earlier[name]}\0".encode())
    for file in sorted(_example_files(program)):
        path = base / file
        sha.update(file.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"(missing)") + b"\0")
    for path in sorted(COMPILER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            sha.update(path.relative_to(COMPILER).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _example_files(program: ir.Program) -> set[str]:
    """Every worked example file the rules name, on a provision or a validator."""
    found = {example.file for validator in program.validators for example in validator.examples}
    found.update(example.file for instrument in program.instruments for example in worked.provision_examples(instrument.provisions))
    return found


def _emit(program: ir.Program, base: Path, earlier: dict[str, str]) -> dict[str, str]:
    site = Site(program, worked.run(program, Path(base), earlier), Path(base))
    site.calculator_modules = calculator.modules(program, earlier)
    found = rules.pieces(program)
    status = {i.id: coverage.statuses(i, {c for (inst, c) in found if inst == i.id}) for i in program.instruments}
    files: dict[str, str] = {}
    every_page = _pages(site, found, status)   # once: the history of changes alone is most of a build
    for lang in LANGS:
        for fmt in FORMATS:
            for path, template, build, formats in every_page:
                if fmt not in formats:
                    continue
                ctx = PageCtx(site, lang, fmt, path)
                page = build(ctx)
                files[ctx.file] = environment(fmt).get_template(f"{template}.{fmt}.j2").render(
                    page=page, frame=pages.frame(ctx, page.heading))
                if fmt == "md":
                    files.update(_drawings(ctx, template, page))
        files[f"{DOCS}/html/assets/search-{lang}.js"] = search.index(site, lang, found)
        if site.calculator_modules:
            files[f"{DOCS}/html/assets/calculator-{lang}.js"] = calculator.data(site, lang, _calculator_words(lang))
    for name in sorted(p.name for p in STATIC.iterdir() if p.is_file()):
        if name in CALCULATOR_ASSETS and not site.calculator_modules:
            continue
        files[f"{DOCS}/html/assets/{name}"] = (STATIC / name).read_text(encoding="utf-8")
    for module, source in sorted(site.calculator_modules.items()):
        files[f"{DOCS}/html/assets/{calculator.ASSET_DIR}/{module}.js"] = source
    return files


def _calculator_words(lang: str) -> dict[str, str]:
    table = ui_table(lang)
    return {k[len("calc_"):]: v for k, v in table.items() if k.startswith("calc_")} | {
        k: table[k] for k in ("status", "providers", "findings", "trace", "citation", "step", "value", "code", "severity", "figure",
                              "message", "entry", "id", "provider_kind", "no_findings")}


# A page's builder: it makes the page's view model (pages.py, figures.py, ...), whose kind depends on the page.
Builder = Callable[[PageCtx], Any]
BOTH = ("md", "html")


def _pages(site: Site, found, status) -> list[tuple[str, str, Builder, tuple[str, ...]]]:
    """Every page: (path, template, builder, formats), in a fixed order."""
    out: list[tuple[str, str, Builder, tuple[str, ...]]] = [("index", "index", pages.build_root, BOTH)]
    tables_of: dict[str, list[ir.Table]] = {}
    for instrument in site.program.instruments:
        slug = site.slugs[instrument.id]
        validator = site.validators.get(instrument.id)
        tables_of[instrument.id] = list(validator.latest.tables) if validator else []
        out.append((f"{slug}/index", "instrument", functools.partial(pages.build_instrument, instrument=instrument), BOTH))
        for index, article in enumerate(site.articles[instrument.id]):
            out.append((f"{slug}/articles/{article.provision.number}", "article",
                        functools.partial(pages.build_article, instrument=instrument, index=index, found=found,
                                          status=status[instrument.id]), BOTH))
        for page, key in pages.instrument_pages(site, instrument):
            out.append((page, key, _own_page(key, instrument, validator, found, status[instrument.id], tables_of[instrument.id]), BOTH))
        for w in site.worked.values():
            if w.example.origin.instrument == instrument.id:
                page = f"{slug}/examples/{w.stem}"
                out.append((page, "example", functools.partial(figures.build_example, w=w, page=page), BOTH))
    out.append(("examples", "examples", pages.build_examples, BOTH))
    out.append(("calculator", "calculator", calculator.build_calculator, ("html",)))
    out.append(("tables/index", "tables_index", figures.build_tables_index, BOTH))
    for table in site.program.tables:
        out.append((f"tables/{table.id}", "table", functools.partial(figures.build_table, table=table, found=found), BOTH))
    out.append(("parameters", "parameters", functools.partial(figures.build_parameters, found=found), BOTH))
    out.append(("changes", "changes", functools.partial(changes.build_changes, changes=changes.history(site.program),
                                                        recorded=changes.events(site.program)), BOTH))
    out.append(("sources", "sources", pages.build_sources, BOTH))
    out.append((rule_language.PAGE, "reference", rule_language.build_reference, BOTH))
    shown = site.files()
    out.append(("source/index", "files", functools.partial(listing.build_files, files=shown), BOTH))
    for file in shown:
        out.append((code.page_of(file), "listing", functools.partial(listing.build_listing, file=file), BOTH))
    return out


def _own_page(key: str, instrument: ir.Instrument, validator: ir.Validator | None, found,
              status: dict[str, coverage.Status], tables: list[ir.Table]) -> Builder:
    """The builder of one of the instrument's own pages, as pages.instrument_pages lists them."""
    if key == "coverage":
        return functools.partial(pages.build_coverage, instrument=instrument, status=status, tables=tuple(tables))
    if validator is None:   # instrument_pages lists the other pages only for an instrument with a validator
        raise ValueError(f"the {key} page of {instrument.id}, which has no validator")
    if key == "certifiers":
        return functools.partial(pages.build_certifiers, instrument=instrument, validator=validator)
    if key == "rates":
        return functools.partial(figures.build_rates, validator=validator, found=found)
    raise KeyError(key)


def _drawings(ctx: PageCtx, template: str, page) -> dict[str, str]:
    """The .svg files a Markdown page shows as images (code hosts strip inline SVG)."""
    out: dict[str, str] = {}
    if template == "parameters":
        for p in page.parameters:
            out[f"{DOCS}/md/{ctx.lang}/{p.chart_file}.svg"] = str(html.drawing(p.chart, standalone=True)) + "\n"
    elif template == "example" and page.flow is not None:
        out[f"{DOCS}/md/{ctx.lang}/{page.flow_file}.svg"] = str(html.drawing(page.flow, standalone=True)) + "\n"
    return out
