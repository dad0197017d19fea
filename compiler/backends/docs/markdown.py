"""The `md` filter of the Markdown templates: a view-model value written as Markdown.

Text goes through `text.md_escape`; hrefs are already percent-quoted (`text.href`); a provenance
badge is a code span with a footnote reference; a missing translation keeps its marker. The result
is `Raw`, which the Markdown environment's finalize (md_escape) passes through unchanged.
"""
from __future__ import annotations

from .text import Raw, md_escape
from .view import Badge, Cell, Grid, Para, Seg


def md(value) -> Raw:
    if isinstance(value, tuple):   # a run of segments, the most common value (Seg first: no call per piece)
        return Raw("".join(_seg(v) if type(v) is Seg else md(v) for v in value))
    if isinstance(value, Seg):
        return Raw(_seg(value))
    if isinstance(value, Badge):
        return Raw(_badge(value))
    if isinstance(value, Para):
        text = md_escape(value.text)
        marks = "".join(" " + _badge(b) for b in value.badges)
        fallback = f" *{md_escape(value.fallback)}*" if value.fallback else ""
        return Raw(text + marks + fallback)
    if isinstance(value, Cell):
        shown = _seg(Seg(value.text, value.href, code=value.code)) if value.text else ""
        note = f"[^{value.note}]" if value.note else ""
        anchor = f'<a id="{value.id}"></a>' if value.id else ""
        return Raw(anchor + shown + note + "".join(" " + _badge(b) for b in value.badges))
    if isinstance(value, Grid):
        if not value.rows:
            return Raw("")
        lines = ["| " + " | ".join(md(c) for c in value.head) + " |",
                 "|" + "|".join(" --- " for _ in value.head) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in value.rows]
        return Raw("\n".join(lines))
    return Raw(md_escape(value))


def _seg(s: Seg) -> str:
    if s.code:
        fence = "``" if "`" in s.text else "`"
        inner = " ".join(s.text.replace("|", "\\|").split())
        shown = f"{fence}{' ' if fence == '``' else ''}{inner}{' ' if fence == '``' else ''}{fence}"
    else:
        shown = md_escape(s.text, line_start=False)
    if s.href:
        return f"[{shown}]({s.href})" if shown else ""
    return shown


def _badge(b: Badge) -> str:
    return f"`{b.mark}`" + (f"[^{b.note}]" if b.note else "")
