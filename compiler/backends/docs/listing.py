"""The pages of the files themselves: each rule file, worked example and official text, line by line.

In HTML a file is one `<pre>` with a numbered, linkable line each (`#L141`, as code hosts do), lightly
highlighted at build time (code.py), and each line that opens a provision links to the provision on
its article page: the rule code beside the law, both ways. In Markdown, where a code block cannot hold
an anchor, the file is cut where each provision or declaration starts, and each piece is a fenced
block under the anchors of its lines (`<a id="L141"></a>`): a link to a line lands on the piece that
holds it, under a label that says which lines it shows. The highlighted body depends on the format
only, so it is built once for both languages.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ... import ir
from . import code
from .site import PageCtx
from .text import Raw
from .view import Inline, Seg


@dataclass(frozen=True)
class Chunk:
    """A piece of a file in Markdown: its lines' anchors, a label, and the lines in a fenced block."""
    anchors: str
    label: Inline
    text: str
    fence: str


@dataclass(frozen=True)
class ListingPage:
    heading: str
    intro: str
    about: Inline          # what the file belongs to, linked
    lines: str             # how many
    html: str              # the numbered, highlighted lines (markupsafe.Markup)
    chunks: tuple[Chunk, ...]
    info: str              # the fence's info string (yaml, text)


def _marks(ctx: PageCtx) -> dict[tuple[str, int], tuple[str, str]]:
    """(file, line) -> (citation shown, page#anchor) of every provision and declaration written there."""
    key = ("marks",)
    found = ctx.site.memo.get(key)
    if found is not None:
        return found
    marks: dict[tuple[str, int], tuple[str, str]] = {}
    for instrument in ctx.site.program.instruments:
        for p in code_walk(instrument.provisions):
            target = ctx.site.cite_target(instrument.id, p.citation)
            if target:
                marks.setdefault((p.origin.file, p.origin.line), (f"{instrument.id} {p.citation}", target))
    for parameter in ctx.site.program.parameters:
        marks.setdefault((parameter.origin.file, parameter.origin.line), (parameter.id, f"parameters#{parameter.id}"))
    for table in ctx.site.program.tables:
        marks.setdefault((table.origin.file, table.origin.line), (table.id, f"tables/{table.id}"))
    for w in ctx.site.worked.values():
        slug = ctx.site.slugs.get(w.example.origin.instrument, "")
        marks.setdefault((w.example.file, 1), (w.stem, f"{slug}/examples/{w.stem}"))
    ctx.site.memo[key] = marks
    return marks


def _marks_of(ctx: PageCtx) -> dict[str, dict[int, tuple[str, str]]]:
    """The marks by file, then line: each file's page picks its own without going through all of them."""
    key = ("marks-by-file",)
    found = ctx.site.memo.get(key)
    if found is None:
        found = ctx.site.memo[key] = {}
        for (f, line), mark in _marks(ctx).items():
            found.setdefault(f, {})[line] = mark
    return found


def code_walk(provisions: tuple[ir.Provision, ...]):
    for p in provisions:
        yield p
        yield from code_walk(p.children)


def build_listing(ctx: PageCtx, file: str) -> ListingPage:
    site = ctx.site
    listing = site.listing(file)
    assert listing is not None, file   # emit lists only the files that can be read
    marks = _marks_of(ctx).get(file, {})
    about = _about(ctx, file)
    intro = ctx.ui(f"listing_{listing.kind}")
    html, chunks = Markup(""), ()
    key = ("listing", ctx.fmt, file, ctx.lang if ctx.fmt == "md" else "")   # the Markdown labels have words
    if ctx.fmt == "html":
        html = site.memo.get(key) or site.memo.setdefault(key, _html(ctx, listing, marks))
    else:
        chunks = site.memo.get(key) or site.memo.setdefault(key, _chunks(ctx, listing, marks))
    return ListingPage(file, intro, about, ctx.ui("lines").format(n=ctx.number(len(listing.lines))), html, chunks,
                       {"rules": "text", "yaml": "yaml"}.get(listing.kind, "text"))


def _about(ctx: PageCtx, file: str) -> Inline:
    site = ctx.site
    out: list[Seg] = []
    for instrument in site.program.instruments:
        if file in instrument.files or file in (f for _, f in instrument.official):
            out += [Seg(", ")] if out else []
            out.append(Seg(f"{instrument.id} — {ctx.title(instrument.titles)}", ctx.link(f"{site.slugs[instrument.id]}/index")))
    w = site.worked.get(file)
    if w is not None:
        slug = site.slugs.get(w.example.origin.instrument, "")
        out += [Seg(", ")] if out else []
        out.append(Seg(ctx.example_name(w), ctx.link(f"{slug}/examples/{w.stem}")))
    return tuple(out)


def _html(ctx: PageCtx, listing: code.Listing, marks: dict[int, tuple[str, str]]) -> Markup:
    out = []
    for number, line in enumerate(listing.html, start=1):
        mark = marks.get(number)
        law = f' <a class="to-law" href="{escape(ctx.link(mark[1]))}">¶ {escape(mark[0])}</a>' if mark else ""
        out.append(f'<span class="line" id="L{number}"><a class="ln" href="#L{number}">{number}</a>{line}{law}</span>')
    return Markup("\n".join(out))


def _chunks(ctx: PageCtx, listing: code.Listing, marks: dict[int, tuple[str, str]]) -> tuple[Chunk, ...]:
    starts = sorted({1} | {line for line in marks if 1 <= line <= len(listing.lines)})
    out = []
    for i, first in enumerate(starts):
        last = (starts[i + 1] - 1) if i + 1 < len(starts) else len(listing.lines)
        if last < first:
            continue
        body = "\n".join(listing.lines[first - 1:last]) + "\n"
        label: list[Seg] = [Seg(ctx.ui("lines_from_to").format(first=first, last=last))]
        mark = marks.get(first)
        if mark:
            label += [Seg(" · "), Seg(mark[0], ctx.link(mark[1]))]
        anchors = "".join(f'<a id="L{n}"></a>' for n in range(first, last + 1))
        out.append(Chunk(Raw(anchors), tuple(label), Raw(body), Raw(code.fence(body))))
    return tuple(out)


@dataclass(frozen=True)
class FilesPage:
    heading: str
    intro: str
    groups: tuple[tuple[str, tuple[Seg, ...]], ...]     # (what they are, the files)


def build_files(ctx: PageCtx, files: list[str]) -> FilesPage:
    """Every file the site shows: each instrument's, then the shared declarations, then the worked examples."""
    site = ctx.site
    groups: list[tuple[str, tuple[Seg, ...]]] = []
    placed: set[str] = set()
    for instrument in site.program.instruments:
        mine = [f for f in (*instrument.files, *(f for _, f in instrument.official)) if f in files and f not in placed]
        placed.update(mine)
        if mine:
            groups.append((f"{instrument.id} — {ctx.title(instrument.titles)}", tuple(ctx.file_seg(f) for f in mine)))
    shared = [f for f in files if f not in placed and f not in site.worked]
    if shared:
        groups.append((ctx.ui("shared_files"), tuple(ctx.file_seg(f) for f in shared)))
    examples = [f for f in files if f in site.worked]
    if examples:
        groups.append((ctx.ui("examples_page"), tuple(ctx.file_seg(f) for f in examples)))
    return FilesPage(ctx.ui("files_page"), ctx.ui("files_intro"), tuple(groups))
