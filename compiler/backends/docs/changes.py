"""The "Changes over time" page: every event the rules record, and what changes on each date.

For each date: the events (an instrument signed, published or coming into force; an amending act
coming into force with each of its operations quoted from its rule file; a temporary change ending;
a parameter's new value), then the changes themselves, fact by fact. The changes come from the IR
alone with compiler.diff (`history`): the rules in force the day before each date are compared with
those in force that day, so the table is reproducible from rules/ and says the same as
`regc diff DAY-BEFORE DATE`. Each change carries its citation (a link to the provision, parameter or
table), its value before and after, and the rule file line it is written at. Subjects and values
are in the page's language (compiler.diff.WORDS). Both are computed once per build (`history`,
`events`) and shared by the four versions of the page.
"""
from __future__ import annotations

import datetime
import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from ... import diff, ir, usercache
from . import text
from .labels import LANGS
from .site import PageCtx, value_anchor
from .text import Raw, anchor
from .view import Cell, Grid, Inline, Seg, Snippet

# compiler.diff uses this backend's text helpers: nothing of it is used before a page is built.
History: TypeAlias = "dict[str, list[tuple[datetime.date, list[diff.DatedChange]]]]"   # by language
_DAY = datetime.timedelta(days=1)


def history(program: ir.Program) -> History:
    """The changes of every date, once per language (the Markdown and HTML pages share them).

    Comparing the rules of every date is a third of a docs build, and depends only on the rules and
    the compiler: it is kept in the private cache (usercache), under the digest of the rule files and
    the compiler's passes (the program's) and of the code that compares them, and reused while they
    are the same. One entry per digest, as the compiled validators have: with a single entry, every
    other tree compiled in between (a test's) evicted the project's, and its next build paid again."""
    key = _key(program)
    entry = HISTORY_ENTRY.format(key=key[:32])
    if key:
        cached = usercache.load(entry, pickle.load)
        if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key and isinstance(cached[1], dict):
            return cached[1]
    found = {lang: diff.history(program, lang) for lang in LANGS}
    if key:
        usercache.store(entry, lambda file: pickle.dump((key, found), file, protocol=pickle.HIGHEST_PROTOCOL), keep=8)
    return found


HISTORY_ENTRY = "docs-history-{key}.pickle"


def _key(program: ir.Program) -> str:
    """What the history depends on: the rules and passes (the program's digest), and the comparing code."""
    if not program.digest:
        return ""
    sha = hashlib.sha256(program.digest.encode("ascii") + b"\0")
    for module in (diff, text, ir):
        sha.update(Path(module.__file__ or "").read_bytes() + b"\0")
    return sha.hexdigest()


@dataclass(frozen=True)
class RawEvent:
    """Something the rules record as happening on a date."""
    on: datetime.date
    kind: str                       # signed | published | in_force | act | operation | ends | value
    instrument: str                 # the instrument (or, for a value, the parameter)
    origin: ir.Origin | None = None
    value: ir.ParamValue | None = None


def events(program: ir.Program) -> list[RawEvent]:
    """Every event, in date order, then in the order the kinds are listed above."""
    out: list[RawEvent] = []
    acts = {i.id for i in program.instruments if i.amends}
    for instrument in program.instruments:
        if instrument.signed:
            out.append(RawEvent(instrument.signed, "signed", instrument.id, instrument.origin))
        if instrument.published:
            out.append(RawEvent(instrument.published, "published", instrument.id, instrument.origin))
        if instrument.amends and instrument.in_force:
            out.append(RawEvent(instrument.in_force, "act", instrument.id, instrument.origin))
    for validator in program.validators:
        t = validator.transition
        out.append(RawEvent(t.in_force, "in_force", validator.instrument, t.in_force_origin))
    operations: dict[tuple, RawEvent] = {}
    seen_before: set[tuple[str, int]] = set()

    def operation(on: datetime.date | None, origin: ir.Origin | None, ending: bool = False) -> None:
        if on is None or origin is None or origin.instrument not in acts:
            return
        key = (on, origin.file, origin.line)
        if key not in operations:
            operations[key] = RawEvent(on, "ends" if ending else "operation", origin.instrument, origin)

    for validator in program.validators:
        for version in validator.versions:   # an operation listed again when its temporary change ends
            for origin in version.changed_by:
                operation(version.start, origin, ending=(origin.file, origin.line) in seen_before)
                seen_before.add((origin.file, origin.line))
    for instrument in program.instruments:
        for p in _walk(instrument.provisions):
            operation(p.start, p.amended_by)
            operation(p.end + _DAY if p.end else None, p.ended_by)
    for parameter in program.parameters:
        for value in parameter.values:
            out.append(RawEvent(value.start, "value", parameter.id, value.origin, value))
            operation(value.start, value.changed_by)
    for vocabulary in program.vocabularies:
        for member in vocabulary.members:
            operation(member.since, member.added_by)
    for table in program.tables:
        for change in table.changes:
            operation(change.start, change.cell.origin)
    out.extend(operations.values())
    # On each date: signatures, publications and instruments coming into force; then each amending act
    # followed by its operations, in the order its file writes them; then the parameters' new values.
    group = {"signed": 0, "published": 0, "in_force": 0, "act": 1, "operation": 1, "ends": 1, "value": 2}
    order = {k: i for i, k in enumerate(("signed", "published", "in_force", "act", "operation", "ends", "value"))}
    return sorted(out, key=lambda e: (e.on, group[e.kind], e.instrument, order[e.kind],
                                      (e.origin.file, e.origin.line) if e.origin else ("", 0)))


def _walk(provisions):
    for p in provisions:
        yield p
        yield from _walk(p.children)


@dataclass(frozen=True)
class Event:
    text: Inline                    # what happens, with links
    css: str
    code: Snippet | None = None     # an operation, as the act writes it


@dataclass(frozen=True)
class DateSection:
    anchor: str
    heading: str
    events: tuple[Event, ...]
    grid: Grid


@dataclass(frozen=True)
class ChangesPage:
    heading: str
    intro: str
    contents: tuple[Seg, ...]      # a link to each date's section
    sections: tuple[DateSection, ...]
    empty: str                     # said when the rules never change


def build_changes(ctx: PageCtx, changes: History, recorded: list[RawEvent]) -> ChangesPage:
    by_date: dict[datetime.date, list[Event]] = {}
    for e in recorded:
        by_date.setdefault(e.on, []).append(_event(ctx, e))
    found = dict(changes[ctx.lang])
    sections = []
    head = tuple(Cell(ctx.ui(key)) for key in ("citation", "what_changed", "before", "after", "where"))
    for on in sorted(set(by_date) | set(found)):
        rows = tuple(_row(ctx, d.change) for d in found.get(on, []))
        heading = ctx.ui("changes_from").format(date=ctx.date(on))
        sections.append(DateSection(Raw(anchor(f"from-{on.isoformat()}")), heading, tuple(by_date.get(on, [])),
                                    Grid(ctx.ui("what_changed_on").format(date=ctx.date(on)), head, rows, css="changes")))
    contents = tuple(Seg(s.heading, Raw(f"#{s.anchor}")) for s in sections)
    return ChangesPage(ctx.ui("changes"), ctx.ui("changes_intro"), contents, tuple(sections),
                       "" if sections else ctx.ui("no_changes"))


def _event(ctx: PageCtx, e: RawEvent) -> Event:
    instrument = ctx.cite(e.instrument, "", e.instrument)
    if e.kind in ("signed", "published", "act"):
        return Event((instrument, Seg(" " + ctx.ui(f"event_{e.kind}"))), e.kind)
    if e.kind == "in_force" and e.origin is not None:
        return Event((instrument, Seg(" " + ctx.ui("event_in_force") + " ("), ctx.cite(e.origin.instrument, e.origin.citation),
                      Seg(")")), e.kind)
    if e.kind == "value" and e.value is not None:
        parameter = ctx.site.parameters[e.instrument]
        shown = ctx.number(e.value.value * 100) + "%" if e.value.percent else ctx.number(e.value.value)
        link = Seg(ctx.parameter_title(parameter.id), ctx.link(f"parameters#{value_anchor(parameter, e.value)}"))
        source = f" ({e.value.source})" if e.value.source else ""
        return Event((link, Seg(f": {shown}{source}")), e.kind)
    assert e.origin is not None   # an operation of an amending act
    said = ctx.ui("event_ends" if e.kind == "ends" else "event_operation")
    return Event((Seg(said + " "), ctx.cite(e.origin.instrument, e.origin.citation)), e.kind, ctx.snippet(e.origin))


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
