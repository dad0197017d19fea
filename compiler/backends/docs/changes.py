"""The "Changes over time" page: for each date on which the rules change, what changes that day.

Built from the IR alone with compiler.diff (`history`): the rules in force the day before each
date are compared with those in force that day, fact by fact, so the page is reproducible from
rules/ and says the same as `regc diff DAY-BEFORE DATE`. Each change carries its citation (a
link to the provision, parameter or table), its value before and after, and the rule file line
it is written at. Subjects and values are in the page's language (compiler.diff.WORDS).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeAlias

from ... import diff, ir
from .labels import LANGS
from .site import PageCtx
from .text import Raw, anchor
from .view import Cell, Grid, Seg

# compiler.diff uses this backend's text helpers: nothing of it is used before a page is built.
History: TypeAlias = "dict[str, list[tuple[datetime.date, list[diff.DatedChange]]]]"   # by language


def history(program: ir.Program) -> History:
    """The changes of every date, once per language (the Markdown and HTML pages share them)."""
    return {lang: diff.history(program, lang) for lang in LANGS}


@dataclass(frozen=True)
class DateSection:
    anchor: str
    heading: str
    grid: Grid


@dataclass(frozen=True)
class ChangesPage:
    heading: str
    intro: str
    contents: tuple[Seg, ...]      # a link to each date's section
    sections: tuple[DateSection, ...]
    empty: str                     # said when the rules never change


def build_changes(ctx: PageCtx, changes: History) -> ChangesPage:
    sections = []
    for on, found in changes[ctx.lang]:
        rows = tuple(_row(ctx, d.change) for d in found)
        head = tuple(Cell(ctx.ui(key)) for key in ("citation", "what_changed", "before", "after", "where"))
        heading = ctx.ui("changes_from").format(date=ctx.date(on))
        sections.append(DateSection(Raw(anchor(f"from-{on.isoformat()}")), heading, Grid("", head, rows, css="changes")))
    contents = tuple(Seg(s.heading, Raw(f"#{s.anchor}")) for s in sections)
    return ChangesPage(ctx.ui("changes"), ctx.ui("changes_intro"), contents, tuple(sections),
                       "" if sections else ctx.ui("no_changes"))


def _row(ctx: PageCtx, change: diff.Change) -> tuple[Cell, ...]:
    fact = change.fact
    by = f" ({ctx.ui('amended_by')} {change.after.by})" if change.after is not None and change.after.by else ""
    where = ctx.where(fact.origin) if fact.origin else Seg("")
    return (Cell(fact.cited(ctx.lang), _target(ctx, fact)), Cell(fact.subject),
            _value(ctx, change.before, "before"), _value(ctx, change.after, "after", by),
            Cell(where.text, where.href, code=bool(where.text)))


def _value(ctx: PageCtx, fact: diff.Fact | None, css: str, by: str = "") -> Cell:
    if fact is None:
        return Cell(ctx.ui("none"), css=f"{css} none")
    return Cell(fact.value + by, css=css)


def _target(ctx: PageCtx, fact: diff.Fact) -> str:
    """Where a citation is shown in the docs: the provision, the parameter or the table."""
    if fact.kind == "law":
        return ctx.cite(fact.ref, fact.at).href
    if fact.kind == "parameter" and fact.ref in ctx.site.parameters:
        return ctx.link(f"parameters#{anchor(fact.ref)}")
    if fact.kind == "table" and fact.ref in ctx.site.tables:
        return ctx.link(f"tables/{fact.ref}")
    return ""
