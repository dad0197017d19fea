"""The HTML environment's filters: a view-model value written as HTML, every text escaped.

What the Markdown environment's `md` filter is to the Markdown pages (markdown.py), these are to the
HTML ones: inline runs, badges, paragraphs, table cells, whole tables and drawings (also written as
the .svg files beside the Markdown pages). They are written in Python
rather than as Jinja macros because a build renders some hundred thousand of them, and a macro call
costs ten times a function call; they decide nothing, they only write out what the view model holds.
Every text is escaped as markupsafe.escape does; hrefs are already percent-quoted (text.href).
"""
from __future__ import annotations

from markupsafe import Markup

from .view import Badge, Cell, Grid, Para, Seg, Svg


def escape(value: object) -> str:
    """HTML-escaped text, as markupsafe.escape writes it, without making a Markup of each piece (a build
    escapes some hundred thousand of them); a Markup value is already HTML and is kept as it is."""
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:   # most texts have none: five scans, no copies
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    return text


# The helpers build plain strings, every value escaped; only the filters' results are Markup. (A Markup
# added to a str escapes the str: mixing them would escape the markup itself and break its attributes.)

def _when(value: str) -> str:
    return f' data-in="{escape(value)}"' if value else ""


def _badges(bs: tuple[Badge, ...]) -> str:
    return "".join(f' <abbr class="badge {escape(b.css)}" title="{escape(b.title)}">{escape(b.mark)}</abbr>' for b in bs)


def when(value: str) -> Markup:
    """` data-in="..."` for the date view, or nothing when the thing is always in force."""
    return Markup(_when(value))


def badges(bs: tuple[Badge, ...]) -> Markup:
    return Markup(_badges(bs))


def seg(s: Seg) -> str:
    shown = f"<code>{escape(s.text)}</code>" if s.code else str(escape(s.text))
    if s.href:
        title = f' title="{escape(s.title)}"' if s.title else ""
        return f'<a href="{escape(s.href)}"{title}>{shown}</a>'
    if s.title and not s.code:
        return f'<span title="{escape(s.title)}">{shown}</span>'
    return shown


def inline(segs: tuple[Seg, ...] | Seg) -> Markup:
    if isinstance(segs, Seg):
        return Markup(seg(segs))
    return Markup("".join(seg(s) for s in segs))


def para(p: Para) -> Markup:
    fallback = f' <em class="fallback">{escape(p.fallback)}</em>' if p.fallback else ""
    return Markup(f'<span lang="{escape(p.lang)}">{escape(p.text)}</span>{_badges(p.badges)}{fallback}')


def _content(c: Cell) -> str:
    shown = f"<code>{escape(c.text)}</code>" if c.code else str(escape(c.text))
    if c.href:
        shown = f'<a href="{escape(c.href)}">{shown}</a>'
    return shown + _badges(c.badges)


def _cell(c: Cell, tag: str = "td", scope: str = "") -> str:
    attrs = (f' id="{escape(c.id)}"' if c.id else "") + (f' class="{escape(c.css)}"' if c.css else "") \
        + (f' title="{escape(c.title)}"' if c.title else "") + _when(c.when) + (f' scope="{scope}"' if scope else "")
    inner = _content(c)
    for alt in c.alts:   # values over time: each its own element, so the date view can pick one
        css = f' class="{escape(alt.css)}"' if alt.css else ""
        title = f' title="{escape(alt.title)}"' if alt.title else ""
        inner += f'<span{css}{title}{_when(alt.when)}>{_content(alt)}</span>'
    return f"<{tag}{attrs}>{inner}</{tag}>"


def cell(c: Cell, tag: str = "td", scope: str = "") -> Markup:
    return Markup(_cell(c, tag, scope))


def grid(g: Grid) -> Markup:
    """A table in a scrollable region (focusable, so a keyboard can scroll it), or nothing when it has no rows."""
    if not g.rows:
        return Markup("")
    table_id = f' id="{escape(g.anchor)}"' if g.anchor else ""
    css = f' class="{escape(g.css)}"' if g.css else ""
    out = [f'<div class="grid" tabindex="0" role="region" aria-label="{escape(g.caption or "table")}"><table{table_id}{css}>']
    if g.caption:
        out.append(f"<caption>{escape(g.caption)}</caption>")
    out.append("<thead><tr>" + "".join(_cell(c, "th", "col") for c in g.head) + "</tr></thead>\n<tbody>")
    for i, row in enumerate(g.rows):
        dated = _when(g.when[i]) if i < len(g.when) else ""
        out.append(f"<tr{dated}>" + "".join(_cell(c) for c in row) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("\n".join(out))


# The styles of a drawing in a file of its own (a page styles an inline one with style.css).
SVG_STYLE = ("text{font-family:sans-serif;fill:#222}.tick{font-size:10px;fill:#555}.value{font-size:10px;fill:#1a4f8b}"
             ".axis{stroke:#888;stroke-width:1}.step{fill:none;stroke:#1a4f8b;stroke-width:2}.box{fill:#f3f6fa;stroke:#1a4f8b}"
             ".cite{font-size:11px;font-weight:bold;fill:#1a4f8b}.what{font-size:11px}.val{font-size:13px;font-weight:bold}"
             ".arrow{stroke:#555;stroke-width:1.5}.head{fill:#555}.tip{fill:transparent}")
SVG_HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generated by regc from the rule files under rules/. '
              'Do not edit: change the rules and run `regc build`. -->')


def drawing(svg: Svg, standalone: bool = False) -> Markup:
    """A drawing (svg.py) as SVG, one element a line: inline in a page, or `standalone`, an .svg file of its
    own with its styles (with no newline at the end: a page's line or the file adds it). Here rather than in
    a template for the reason the other filters are: a build writes some twenty thousand of its values."""
    e = escape
    out = [SVG_HEADER] if standalone else []
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="drawing" width="{e(svg.width)}" height="{e(svg.height)}" '
               f'viewBox="0 0 {e(svg.width)} {e(svg.height)}" role="img" aria-label="{e(svg.title)}">')
    out.append(f"<title>{e(svg.title)}</title>")
    if standalone:
        out.append(f"<style>{SVG_STYLE}</style>")
    out += [f'<rect x="{e(x)}" y="{e(y)}" width="{e(w)}" height="{e(h)}" rx="4" class="{e(css)}"/>' for x, y, w, h, css in svg.rects]
    out += [f'<line x1="{e(x1)}" y1="{e(y1)}" x2="{e(x2)}" y2="{e(y2)}" class="{e(css)}"/>' for x1, y1, x2, y2, css in svg.lines]
    out += [f'<path d="{e(d)}" class="{e(css)}"/>' for d, css in svg.paths]
    out += [f'<text x="{e(x)}" y="{e(y)}" text-anchor="{e(anchor)}" class="{e(css)}">{e(shown)}</text>'
            for x, y, anchor, css, shown in svg.texts]
    out += [f'<rect x="{e(x)}" y="{e(y)}" width="{e(w)}" height="{e(h)}" class="tip"><title>{e(tip)}</title></rect>'
            for x, y, w, h, tip in svg.tips]
    out.append("</svg>")
    return Markup("\n".join(out))


FILTERS = {"when": when, "badges": badges, "inline": inline, "para": para, "cell": cell, "grid": grid, "drawing": drawing}
