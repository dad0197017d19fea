""""What the rules do here": the IR pieces of each provision, in plain words.

The rules encoded for a provision are the IR pieces whose origin has its instrument and citation
(ir.Provision). `pieces()` gathers them from every validator once, keyed by (instrument,
citation), in rule-file order; `phrase()` turns one into a sentence of the page's language, built
from the connecting words of labels.PHRASES with the IR's own values and names slotted in, each
with a link to the rule file and line it comes from.

A few pieces are shown at a second place as well, where a reader looks for them: who certifies an
activity is shown at the activity (4.1.dd) as well as at the point that says it (4.3.d).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any

from ... import ir
from . import labels
from .site import PageCtx
from .text import percent
from .view import Inline, RuleItem, Seg

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Piece:
    kind: str
    value: object
    origin: ir.Origin          # where the rule is written (the rule file and line)
    instrument: str            # where it is shown
    citation: str
    start: datetime.date | None = None   # set when not in every version: the first day it applies
    end: datetime.date | None = None     # ... and the last
    by: ir.Origin | None = None          # the amending operation that brought it, when `start` is set
    again: tuple[tuple[datetime.date, datetime.date | None], ...] = ()   # later periods, after a temporary change


def pieces(program: ir.Program) -> dict[tuple[str, str], tuple[Piece, ...]]:
    found: dict[tuple[str, str], list[Piece]] = {}
    seen: dict[tuple, Piece] = {}
    versions_of: dict[tuple, list[ir.Version]] = {}   # the versions each piece is in
    current: list[ir.Version | None] = [None]
    validator_of: dict[int, ir.Validator] = {}

    def add(kind: str, value: object, origin: ir.Origin | None, at: ir.Origin | None = None) -> None:
        if origin is None:
            return
        at = at or origin
        key = (kind, repr(value), origin.file, origin.line, at.instrument, at.citation)
        if current[0] is not None:
            versions_of.setdefault(key, []).append(current[0])
        if key in seen:
            return
        seen[key] = piece = Piece(kind, value, origin, at.instrument, at.citation)
        found.setdefault((at.instrument, at.citation), []).append(piece)

    for validator in program.validators:
        add("in_force", validator.transition.in_force, validator.transition.in_force_origin)
        add("transition", validator.transition, validator.transition.origin)
        add("supersedes", validator.transition.supersedes, validator.transition.supersedes_origin)
    # Every version's rules, each once: a rule an amending act replaced is shown at its provision too.
    for validator in program.validators:
        for version in validator.versions:
            validator_of[id(version)] = validator
    for v in (version for validator in program.validators for version in validator.versions):
        current[0] = v
        add("scope", v.scope, v.scope_origin)
        for method, forms, origin in v.methods:
            add("method", (method, forms), origin)
        also: dict[ir.Origin, list[ir.Activity]] = {}
        certified: dict[ir.Origin, list[ir.Activity]] = {}
        for a in v.activities:
            own = tuple(dict.fromkeys(area for area, o in area_pairs(a) if o.citation == a.citation))
            if own:
                add("activity", (a.citation, own), next(o for _, o in area_pairs(a) if o.citation == a.citation))
            for _area, origin in area_pairs(a):
                if origin.citation != a.citation and a not in also.setdefault(origin, []):
                    also[origin].append(a)
            if a.certifier_origin is not None:
                certified.setdefault(a.certifier_origin, []).append(a)
                add("certified", a, a.certifier_origin, at=a.origin)
        for origin, activities in also.items():
            areas = tuple(dict.fromkeys(area for a in activities for area, o in area_pairs(a) if o == origin))
            add("activity_also", (tuple(a.citation for a in activities), areas), origin)
        for origin, activities in certified.items():
            add("certify", tuple(activities), origin)
        add("session", v.session_rule, v.session_rule.origin)
        for band in v.session_rule.bands:
            add("band", band, band.origin)
        if v.day_limit is not None:
            add("day_limit", v.day_limit, v.day_limit.origin)
        if v.ties is not None:
            add("ties", v.ties, v.ties.origin)
        for cap in v.session_caps:
            add("cap", cap, cap.origin)
        for table_cap in v.table_caps:
            add("table_cap", table_cap, table_cap.origin)
        for replacement_cap in v.replacement_caps:
            add("replacement_cap", replacement_cap, replacement_cap.origin)
        if v.eligibility is not None:
            add("judged_on", v.eligibility.judged_on, v.eligibility.origin)
            for group in v.eligibility.groups:
                add("eligible", group, group.origin)
            for includes in v.eligibility.includes:
                add("includes", includes, includes.origin)
        for rate in v.rates:
            add("rate", rate, rate.origin)
        for what, origin in v.not_paid:
            add("not_paid", what, origin)
        ft = v.fixed_time
        if ft is not None:
            if ft.chosen:
                add("chosen", ft.chosen[:2], ft.chosen[2])
            if ft.level:
                add("level", ft.level[:2], ft.level[2])
            if ft.stages:
                add("stages", ft.stages[0], ft.stages[1])
            for table in ft.tables:
                add("ft_table", table, table.origin)
            for floor in ft.floors:
                add("floor", floor, floor.origin)
            if ft.ceiling:
                add("ceiling", ft.ceiling, ft.ceiling.origin)
            for multiplier in ft.multipliers:
                add("multiplier", multiplier, multiplier.origin)
            if ft.shared:
                add("shared", ft.shared[0], ft.shared[1])
    dated: dict[int, Piece] = {}
    for key, piece in seen.items():
        versions = versions_of.get(key, [])
        period = _period(piece, versions, validator_of[id(versions[0])].versions) if versions else None
        if period is not None:
            dated[id(piece)] = period
    return {key: tuple(sorted((dated.get(id(p), p) for p in items), key=lambda p: (p.origin.file, p.origin.line, p.kind)))
            for key, items in found.items()}


def _period(piece: Piece, versions: list[ir.Version], every: tuple[ir.Version, ...]) -> Piece | None:
    """The piece with the dates it applies between, when it is not in every version of its validator."""
    if len(set(map(id, versions))) == len(every):
        return None
    ordered = sorted({id(v): v for v in versions}.values(), key=lambda v: v.start or datetime.date.min)
    spans: list[list[ir.Version]] = []   # runs of versions that follow each other without a gap
    for version in ordered:
        if spans and spans[-1][-1].end is not None and version.start == spans[-1][-1].end + datetime.timedelta(days=1):
            spans[-1].append(version)
        else:
            spans.append([version])
    first, last = spans[0][0], spans[0][-1]
    by = None
    if first.start is not None:   # the operation that brought it: the closest one before it in its file
        before = [o for o in first.changed_by if o.file == piece.origin.file and o.line <= piece.origin.line]
        by = max(before, key=lambda o: o.line) if before else None
    again = tuple((span[0].start, span[-1].end) for span in spans[1:] if span[0].start is not None)
    return replace(piece, start=first.start, end=last.end, by=by, again=again)


def area_pairs(activity: ir.Activity) -> list[tuple[str, ir.Origin]]:
    """(area, origin of the statement that makes it chargeable there) for each area of an activity.

    `area_origins` runs parallel to the areas as written, before repeated areas are merged; when
    an area was written twice the two no longer line up, and the activity's own origin is used."""
    if len(activity.areas) == len(activity.area_origins):
        return list(zip(activity.areas, activity.area_origins, strict=True))
    return [(area, activity.origin) for area in activity.areas]


# -- sentences ----------------------------------------------------------------------------

def sentence(ctx: PageCtx, key: str, **slots: Inline | str) -> Inline:
    """labels.PHRASES[key] in the page's language, its {slots} filled with runs of segments."""
    template = labels.PHRASES[key][ctx.lang]
    out: list[Seg] = []
    position = 0
    for match in _SLOT.finditer(template):
        if match.start() > position:
            out.append(Seg(template[position:match.start()]))
        value = slots[match.group(1)]
        out.extend((Seg(value),) if isinstance(value, str) else value)
        position = match.end()
    if position < len(template):
        out.append(Seg(template[position:]))
    return tuple(s for s in out if s.text)


def joined(ctx: PageCtx, runs: list[Inline], word: str = "list_and") -> Inline:
    out: list[Seg] = []
    for i, run in enumerate(runs):
        if i:
            out.append(Seg(labels.PHRASES[word][ctx.lang]))
        out.extend(run)
    return tuple(out)


def members(ctx: PageCtx, ids, word: str = "list_and") -> Inline:
    return joined(ctx, [(Seg(ctx.label(i), title=i),) for i in ids], word)


def activities(ctx: PageCtx, instrument: str, citations) -> Inline:
    return joined(ctx, [(ctx.cite(instrument, c, c),) for c in citations])


def ground(ctx: PageCtx, cite: str | None) -> Inline:
    """' It carries out Decree 144/2017/NĐ-CP 13.1.': the provision a rule makes precise, linked."""
    return sentence(ctx, "ground", ground=(ctx.cite_full(cite),)) if cite else ()


def table_link(ctx: PageCtx, table_id: str) -> Inline:
    table = ctx.site.tables.get(table_id)
    shown = ctx.title(table.titles) if table else table_id
    return (Seg(shown, ctx.link(f"tables/{table_id}"), title=table_id),)


def parameter_link(ctx: PageCtx, parameter: str) -> Inline:
    return (Seg(ctx.parameter_title(parameter), ctx.link(f"parameters#{parameter}"), title=parameter),)


def parameter_id(ctx: PageCtx, parameter: str) -> Inline:
    return (Seg(parameter, ctx.link(f"parameters#{parameter}"), title=ctx.parameter_title(parameter), code=True),)


def parameter_values(ctx: PageCtx, parameter: str) -> Inline:
    p = ctx.site.parameters.get(parameter)
    if p is None:
        return (Seg(parameter),)
    return joined(ctx, [sentence(ctx, "value_from", value=format_value(ctx, p, v), date=ctx.date(v.start)) for v in p.values], "list_or")


def format_value(ctx: PageCtx, parameter: ir.Parameter, value: ir.ParamValue) -> str:
    return percent(value.value, ctx.lang) if value.percent else ctx.number(value.value)


def base_of(ctx: PageCtx, parameter: str) -> str | None:
    p = ctx.site.parameters.get(parameter)
    unit = (p.unit or "") if p else ""
    return unit[: -len("_multiple")] if unit.endswith("_multiple") else None


def _known(ctx: PageCtx, table: ir.Table) -> int:
    """The table's known cells, counted once (ir.Table.known goes through every cell)."""
    key = ("known", table.id)
    if key not in ctx.site.memo:
        ctx.site.memo[key] = table.known
    return ctx.site.memo[key]


def phrase(ctx: PageCtx, piece: Piece) -> RuleItem:
    v: Any = piece.value   # what it holds depends on piece.kind: see pieces()
    inst = piece.origin.instrument
    rows: tuple[Inline, ...] = ()
    if piece.kind == "scope":
        parts = sentence(ctx, "scope", forms=members(ctx, v))
    elif piece.kind == "method":
        parts = sentence(ctx, "method", method=(Seg(ctx.label(v[0]), title=v[0]),), forms=members(ctx, v[1]))
    elif piece.kind == "in_force":
        parts = sentence(ctx, "in_force", date=ctx.date(v))
    elif piece.kind == "transition":
        parts = sentence(ctx, "transition", date=ctx.date(v.in_force),
                         instruments=joined(ctx, [(ctx.cite_full(i),) for i in v.governed_by]), judged=ctx.mechanism(v.judged_by))
    elif piece.kind == "supersedes":
        parts = sentence(ctx, "supersedes", instruments=joined(ctx, [(ctx.cite_full(i),) for i in v]))
    elif piece.kind == "activity":
        parts = sentence(ctx, "activity", areas=members(ctx, v[1]))
    elif piece.kind == "activity_also":
        parts = sentence(ctx, "activity_also", activities=activities(ctx, inst, v[0]), areas=members(ctx, v[1]))
    elif piece.kind == "certified":
        parts = sentence(ctx, "certified", roles=members(ctx, v.certifiers, "list_or"),
                         said=(ctx.cite(inst, piece.origin.citation),))
    elif piece.kind == "certify":
        roles = v[0].certifiers
        parts = sentence(ctx, "certify", activities=activities(ctx, inst, [a.citation for a in v]),
                         roles=members(ctx, roles, "list_or"))
    elif piece.kind == "session":
        added = ctx.mechanism("per_provider_hours" if v.added == "per_provider" else "per_entry")
        parts = sentence(ctx, "session", hours=ctx.number(v.hours), added=added)
        rows = tuple(sentence(ctx, "band", lower=ctx.number(b.lower), upper=ctx.number(b.upper), counts=ctx.number(b.counts))
                     + (Seg(" ("), ctx.cite(b.origin.instrument, b.origin.citation), Seg(")")) for b in v.bands)
    elif piece.kind == "day_limit":
        parts = sentence(ctx, "day_limit", hours=ctx.number(v.hours), counting=ctx.mechanism(v.counting))
    elif piece.kind == "ties":
        parts = sentence(ctx, "ties", by=ctx.mechanism(v.by))
    elif piece.kind == "band":
        parts = sentence(ctx, "band", lower=ctx.number(v.lower), upper=ctx.number(v.upper), counts=ctx.number(v.counts))
    elif piece.kind == "cap":
        parts = sentence(ctx, "cap", limit=ctx.number(v.limit), scope=ctx.mechanism(v.scope), areas=members(ctx, v.areas))
    elif piece.kind == "table_cap":
        table = ctx.site.tables.get(v.table)
        fixed: Inline = ()
        for axis, value in v.fixed:
            fixed += sentence(ctx, "fixed", axis=ctx.vocabulary_title(axis), value=(Seg(ctx.label(value), title=value),))
        axes = [a.vocabulary for a in table.axes if a.vocabulary not in dict(v.fixed)] if table else []
        parts = sentence(ctx, "table_cap", scope=ctx.mechanism(v.scope), activities=activities(ctx, inst, v.activities),
                         areas=members(ctx, v.areas), table=table_link(ctx, v.table),
                         axes=joined(ctx, [(Seg(ctx.vocabulary_title(a)),) for a in axes]), fixed=fixed,
                         known=ctx.number(_known(ctx, table) if table else 0), total=ctx.number(len(table.cells) if table else 0))
        parts += ground(ctx, v.ground)
    elif piece.kind == "replacement_cap":
        limit = (sentence(ctx, "replacement_sessions", n=ctx.number(v.limit)) if v.limit is not None
                 else sentence(ctx, "replacement_level"))
        parts = sentence(ctx, "replacement_cap", method=(Seg(ctx.label(v.successor_method), title=v.successor_method),),
                         limit=limit) + ground(ctx, v.ground)
    elif piece.kind == "judged_on":
        parts = sentence(ctx, "judged_on", date=ctx.mechanism(v))
    elif piece.kind == "eligible":
        group = (Seg(ctx.label(v.group), title=v.group),)
        parts = (sentence(ctx, "eligible_if", group=group, condition=(Seg(ctx.label(v.condition), title=v.condition),))
                 if v.condition else sentence(ctx, "eligible", group=group))
    elif piece.kind == "includes":
        parts = sentence(ctx, "includes", group=(Seg(ctx.label(v.group), title=v.group),),
                         members=members(ctx, v.members, "list_or"))
    elif piece.kind == "rate":
        if v.of_kind:
            parts = sentence(ctx, "rate_share", kind=(Seg(ctx.label(v.kind), title=v.kind),), areas=members(ctx, v.areas),
                             parameter=parameter_id(ctx, v.parameter), of_kind=(Seg(ctx.label(v.of_kind), title=v.of_kind),),
                             values=parameter_values(ctx, v.parameter))
        else:
            base = base_of(ctx, v.parameter)
            parts = sentence(ctx, "rate", kind=(Seg(ctx.label(v.kind), title=v.kind),), areas=members(ctx, v.areas),
                             parameter=parameter_id(ctx, v.parameter),
                             base=parameter_link(ctx, base) if base else (Seg("1"),),
                             values=parameter_values(ctx, v.parameter))
    elif piece.kind == "not_paid":
        parts = sentence(ctx, "not_paid", what=ctx.mechanism(v))
    elif piece.kind == "chosen":
        parts = sentence(ctx, "chosen", earliest=ctx.mechanism(v[0]), latest=ctx.mechanism(v[1]))
    elif piece.kind == "level":
        parts = sentence(ctx, "level", pick=ctx.mechanism(v[1]), axis=ctx.vocabulary_title(v[0]))
    elif piece.kind == "stages":
        parts = sentence(ctx, "stages", how=ctx.mechanism(v))
    elif piece.kind == "ft_table":
        parts = sentence(ctx, "ft_table", areas=members(ctx, v.areas), table=table_link(ctx, v.table),
                         axes=joined(ctx, [(Seg(ctx.vocabulary_title(a)),) for a in v.axes]))
    elif piece.kind == "floor":
        parts = sentence(ctx, "floor", areas=members(ctx, v.areas), times=ctx.number(v.times),
                         parameter=parameter_link(ctx, v.parameter))
    elif piece.kind == "ceiling":
        parts = sentence(ctx, "ceiling", times=ctx.number(v.times), parameter=parameter_link(ctx, v.parameter))
    elif piece.kind == "multiplier":
        parts = sentence(ctx, "multiplier", at_least=ctx.number(v.at_least), when=ctx.mechanism(v.when),
                         factor=percent(v.factor, ctx.lang))
    elif piece.kind == "shared":
        parts = sentence(ctx, "shared", how=ctx.mechanism(v))
    else:   # a new kind of IR piece must get its sentence here, not be left out silently
        raise ValueError(f"the docs backend has no sentence for rule piece {piece.kind!r}")
    return RuleItem(parts, ctx.where(piece.origin), rows)
