"""Pass 4: semantic checks on the resolved program.

Each check is a function `check_<what>(program, ctx)` listed in `CHECKS`, in the order their
diagnostics make most sense to read. Checks only report; they never change the program.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ast, codes, fidelity
from .diagnostics import Label, Reporter
from .official import OfficialText
from .resolve import Placed, Program


@dataclass(frozen=True)
class Context:
    reporter: Reporter
    base: Path | None   # the folder rule-file names are relative to; None: do not touch the disk
    official: dict[str, tuple[OfficialText, ...]]   # instrument -> its official texts, as read


def run(program: Program, reporter: Reporter, base: Path | None,
        official: dict[str, tuple[OfficialText, ...]] | None = None) -> None:
    ctx = Context(reporter, base, official or {})
    for check in CHECKS:
        check(program, ctx)


# -- activities and certifiers ----------------------------------------------------------

def check_certifiers(program: Program, ctx: Context) -> None:
    """Every activity has certifiers and every certified point is an activity, in each version of
    the rules (an amending act may add an activity, or end the rule that certified one)."""
    reported: set[tuple] = set()

    def error(code, message, span, **more) -> None:
        if (code.code, span) not in reported:
            reported.add((code.code, span))
            ctx.reporter.error(code, message, span, **more)

    for instrument in program.instruments:
        for date in program.version_dates([instrument]):
            _check_certifiers_on(program, instrument, date, error)


def _ended_activity(program: Program, instrument: str, citation: str, date) -> Placed[ast.Node] | None:
    """The amending operation that ended the activity at `citation` the day before `date`, if one did."""
    if date is None:
        return None
    ended = [p for p in program.statements(instrument, ast.Activity) if p.citation == citation
             and p.period.ended_by is not None and p.period.end is not None and p.period.end < date]
    return max(ended, key=lambda p: p.period.end or datetime.date.min).period.ended_by if ended else None


def _check_certifiers_on(program: Program, instrument: str, date, error) -> None:
    activities = {p.citation: p for p in program.statements(instrument, ast.Activity, on=date)}
    certified: dict[str, Placed[ast.Certify]] = {}
    for placed in program.statements(instrument, ast.Certify, on=date):
        for citation in placed.node.activities:
            key = str(citation)
            if key not in activities and key in program.instruments[instrument].provisions:
                ended = _ended_activity(program, instrument, key, date)
                if ended is not None:   # an act took the activity away and left who certifies it: the act must say
                    error(codes.CERTIFY_NOT_ACTIVITY, f"{instrument} {key} is no longer an activity from {date} "
                          f"({ended.instrument} {ended.citation}), but {placed.citation} still says who certifies it",
                          ended.node.span, secondary=[Label(citation.span, "who certifies it")],
                          hint=f"in the act, repeal or replace {instrument} {placed.citation} too, on the same date")
                else:
                    error(codes.CERTIFY_NOT_ACTIVITY, f"{instrument} {key} is not an activity, so it has no certifier",
                          citation.span, hint=f"add `activity in ...` to point {key}, or cite another point")
            if key in certified:
                error(codes.DUPLICATE_RULE, f"who certifies {key} is already said at {certified[key].citation}",
                      citation.span, secondary=[Label(certified[key].node.span, "first said here")],
                      hint="list all the roles in one `certify` statement")
            else:
                certified[key] = placed
    for point, activity in activities.items():
        if point not in certified:
            error(codes.UNCERTIFIED_ACTIVITY, f"no one may certify activity {point}", activity.node.span,
                  hint=f"add `certify {point} by ROLE` where the instrument says who certifies it")


# -- tables -----------------------------------------------------------------------------

def check_tables(program: Program, ctx: Context) -> None:
    for table in program.tables.values():
        axes = [{v.value for v in axis.values} for axis in table.axes]
        seen: dict[tuple, ast.Cell] = {}
        for cell in table.cells:
            if len(cell.key) != len(axes):
                ctx.reporter.error(codes.CELL_KEY_SHAPE, f"a cell of `{table.id.value}` needs {len(axes)} coordinates, this one has {len(cell.key)}",
                                   cell.span, hint="write one value per axis: " + ", ".join(a.vocabulary.value for a in table.axes))
                continue
            outside = [(v, a) for coord, allowed, a in zip(cell.key, axes, table.axes, strict=True) for v in coord.values if v.value not in allowed]
            for value, axis in outside:
                ctx.reporter.error(codes.CELL_OUTSIDE_AXES, f"`{value.value}` is not on the `{axis.vocabulary.value}` axis of `{table.id.value}`",
                                   value.span, hint="the axis has: " + ", ".join(v.value for v in axis.values))
            if outside:
                continue
            key = tuple(frozenset(v.value for v in coord.values) for coord in cell.key)
            if key in seen:
                ctx.reporter.error(codes.DUPLICATE_CELL, f"this cell of `{table.id.value}` is written twice", cell.span,
                                   secondary=[Label(seen[key].span, "first written here")])
            else:
                seen[key] = cell


# -- parameters: dated values -----------------------------------------------------------

def check_parameter_dates(program: Program, ctx: Context) -> None:
    for parameter in program.parameters.values():
        values = sorted(parameter.values, key=lambda v: v.start)
        for value in values:
            if value.until is not None and value.until < value.start:
                ctx.reporter.error(codes.BAD_VALUE, f"`{parameter.id.value}`: in force until {value.until}, before it starts on {value.start}",
                                   value.span)
            if value.percent and value.value > 100:
                ctx.reporter.error(codes.BAD_VALUE, f"`{parameter.id.value}`: a share of {value.value}% is above 100%", value.span)
        for before, after in zip(values, values[1:], strict=False):
            if after.start == before.start or (before.until is not None and after.start <= before.until):
                ctx.reporter.error(codes.DATE_OVERLAP,
                                   f"`{parameter.id.value}` has two values in force on {after.start}",
                                   after.span, secondary=[Label(before.span, "the other value")],
                                   hint="end the earlier value the day before, or remove one")
            elif before.until is not None and after.start > before.until + datetime.timedelta(days=1):
                first_gap = before.until + datetime.timedelta(days=1)
                ctx.reporter.error(codes.DATE_GAP,
                                   f"`{parameter.id.value}` has no value from {first_gap} to {after.start - datetime.timedelta(days=1)}",
                                   after.span, secondary=[Label(before.span, f"this value ends on {before.until}")],
                                   hint="extend the earlier value, or add one for the days between")


# -- the session rule -------------------------------------------------------------------

def check_session_rule(program: Program, ctx: Context) -> None:
    for instrument in program.instruments:
        hours = program.statements(instrument, ast.SessionHours)
        remainders = program.statements(instrument, ast.Remainder)
        if not hours:
            if remainders:
                ctx.reporter.error(codes.MISSING_RULE, "`remainder` rules without `session_hours`", remainders[0].node.span,
                                   hint="say how many hours make a session, e.g. `session_hours 4`")
            continue
        length = hours[0].node.hours
        if length <= 0:
            ctx.reporter.error(codes.BAD_VALUE, "a session must last more than 0 hours", hours[0].node.span)
            continue
        for day in program.statements(instrument, ast.DayLimit):
            if day.node.hours < length:
                ctx.reporter.error(codes.BAD_VALUE, f"a day of {_fmt(day.node.hours)} hours is shorter than a session of "
                                   f"{_fmt(length)}", day.node.span, hint="a day limit is at least the hours of one session")
        session_bands(length, remainders, ctx.reporter, hours[0])


def session_bands(length: Decimal, remainders: list[Placed[ast.Remainder]], reporter: Reporter,
                  anchor: Placed[ast.Node]) -> list[tuple[Decimal, Decimal, Decimal, Placed[ast.Remainder]]]:
    """The remainder rules as (lower, upper, counts, placed) bands covering (0, length) once.

    `under T` holds for a rest below T, `from T` for a rest of T or more. The hours between
    consecutive thresholds must each be covered by exactly one rule, or it is an error."""
    bounds = sorted({Decimal(0), length, *(p.node.hours for p in remainders if 0 < p.node.hours < length)})
    bands: list[tuple[Decimal, Decimal, Decimal, Placed[ast.Remainder]]] = []
    for lower, upper in zip(bounds, bounds[1:], strict=False):
        covering = [p for p in remainders
                    if (p.node.op == "under" and upper <= p.node.hours) or (p.node.op == "from" and lower >= p.node.hours)]
        if len(covering) != 1:
            what = "no rule says" if not covering else "several rules say"
            span = covering[1].node.span if len(covering) > 1 else anchor.node.span
            reporter.error(codes.SESSION_BANDS, f"{what} how a remainder of {_fmt(lower)} to {_fmt(upper)} hours counts",
                           span, hint="the `remainder under`/`remainder from` rules must cover every remainder exactly once")
            return []
        if bands and bands[-1][3] is covering[0]:
            bands[-1] = (bands[-1][0], upper, bands[-1][2], covering[0])
        else:
            bands.append((lower, upper, covering[0].node.counts, covering[0]))
    return bands


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


# -- rules said twice -----------------------------------------------------------------

# Statement kinds that may appear once per instrument, or once per key. Each function is given a
# node of its own kind (Any: a dict cannot say that).
_ONCE: dict[type, Callable[[Any], tuple]] = {
    ast.InForce: lambda n: (),
    ast.Scope: lambda n: (),
    ast.SessionHours: lambda n: (),
    ast.HoursAdded: lambda n: (),
    ast.DayLimit: lambda n: (),
    ast.Ties: lambda n: (),
    ast.BeforeInForce: lambda n: (),
    ast.Method: lambda n: (n.method.value,),
    ast.FixedTimeChosen: lambda n: (),
    ast.FixedTimeLevel: lambda n: (),
    ast.FixedTimeStages: lambda n: (),
    ast.FixedTimeCeiling: lambda n: (),
    ast.FixedTimeShared: lambda n: (),
    ast.FixedTimeMultiplier: lambda n: (n.when.value,),
}
_PER_AREA: dict[type, Callable[[Any], tuple]] = {
    ast.CapSessions: lambda n: (n.scope.value,),
    ast.SessionRate: lambda n: (n.kind.value,),
    ast.FixedTimeTable: lambda n: (),
    ast.FixedTimeFloor: lambda n: (),
}


def check_duplicate_rules(program: Program, ctx: Context) -> None:
    for instrument in program.instruments:
        seen: dict[tuple, Placed[ast.Node]] = {}
        for placed in program.placed:
            if placed.instrument != instrument:
                continue
            node: Any = placed.node   # of a kind in _ONCE or _PER_AREA (they say which fields it has), or skipped
            kind = type(node)
            if kind is ast.InForce and program.instruments[instrument].decl.amends:
                continue   # an act's dates, one per provision: consolidate.py checks them
            if kind in _ONCE:
                keys = [(kind, *_ONCE[kind](node))]
            elif kind in _PER_AREA:
                keys = [(kind, *_PER_AREA[kind](node), a.value) for a in node.areas]
            else:
                continue
            for key in keys:
                if key in seen and seen[key].period.overlaps(placed.period):
                    ctx.reporter.error(codes.DUPLICATE_RULE, f"this is already said at {instrument} {seen[key].citation}",
                                       placed.node.span, secondary=[Label(seen[key].node.span, "first said here")],
                                       hint="keep one of the two statements")
                else:
                    seen[key] = placed


# -- what a validator needs -------------------------------------------------------------

def check_validator_needs(program: Program, ctx: Context) -> None:
    for instrument, info in program.instruments.items():
        if info.decl.module is None:
            continue
        needed = [(ast.InForce, "in_force DATE"), (ast.Method, "method ... for ..."), (ast.Scope, "scope FORM, ..."),
                  (ast.SessionHours, "session_hours HOURS")]
        for kind, example in needed:
            if not program.statements(instrument, kind):
                ctx.reporter.error(codes.MISSING_RULE, f"instrument {instrument} has validators but no `{example.split()[0]}` rule",
                                   info.decl.span, hint=f"add `{example}` in the provision that says it")
        for parameter in program.parameters.values():
            unit = parameter.unit.value if parameter.unit else ""
            if parameter.unit is not None and unit.endswith("_multiple") and unit[: -len("_multiple")] not in program.parameters:
                ctx.reporter.error(codes.UNKNOWN_NAME, f"unit `{unit}` names no parameter `{unit[:-len('_multiple')]}`",
                                   parameter.unit.span, hint="a unit NAME_multiple means a multiple of parameter NAME")


# -- worked examples ------------------------------------------------------------------

def check_examples(program: Program, ctx: Context) -> None:
    if ctx.base is None:
        return
    for placed in program.provision_items:
        if isinstance(placed.node, ast.Example):
            path = ctx.base / Path(placed.file).parent / placed.node.path
            if not path.is_file():
                ctx.reporter.error(codes.EXAMPLE_MISSING, f"worked example `{placed.node.path}` does not exist", placed.node.span,
                                   hint=f"the path is read from the rule file's folder: {Path(placed.file).parent}/")


# -- pending values (warnings) ----------------------------------------------------------

def check_pending(program: Program, ctx: Context) -> None:
    for placed in program.provision_items:
        if isinstance(placed.node, ast.Pending):
            ctx.reporter.warning(codes.PENDING, f"{placed.instrument} {placed.citation} is pending: {placed.node.reason}",
                                 placed.node.span)
        elif isinstance(placed.node, ast.LangText) and placed.node.pending is not None:
            ctx.reporter.warning(codes.PENDING, f"the `{placed.node.lang}` {placed.node.kind} of {placed.instrument} "
                                 f"{placed.citation} is pending: {placed.node.pending}", placed.node.span)
    for table in program.tables.values():
        total = 1
        for axis in table.axes:
            total *= len(axis.values)
        # The table as last amended: each cell an act sets, as the latest act leaves it.
        written = {_key(c, table): c for c in table.cells if _on_axes(c, table)}
        by_acts = sorted(program.cell_changes.get(table.id.value, ()), key=lambda c: c.period.start or datetime.date.min)
        latest = {change.key: change.cell for change in by_acts}
        cells = {**written, **latest}
        known = {key for key, c in cells.items() if c.value is not None and all(len(coord) == 1 for coord in key)}
        pending = total - len(known)
        combined = sum(1 for key, c in cells.items() if c.value is not None and any(len(coord) > 1 for coord in key))
        set_by_acts = sum(1 for c in latest.values() if c.value is not None)
        if pending:
            notes = [f"{combined} combined value{'s' * (combined != 1)} known"] if combined else []
            notes += [f"{set_by_acts} set by amending acts"] if set_by_acts else []
            extra = f" ({', '.join(notes)})" if notes else ""
            ctx.reporter.warning(codes.PENDING, f"table `{table.id.value}`: {pending} of {total} cells are pending{extra}",
                                 table.id.span)


def _key(cell: ast.Cell, table: ast.Table) -> tuple[tuple[str, ...], ...]:
    """A cell's key in axis order, as an amending act's change of it is keyed (consolidate.py)."""
    return tuple(tuple(sorted((n.value for n in coord.values), key=[v.value for v in axis.values].index))
                 for coord, axis in zip(cell.key, table.axes, strict=True))


def _on_axes(cell: ast.Cell, table: ast.Table) -> bool:
    """A cell with one coordinate per axis, each value on its axis (others are reported elsewhere)."""
    return len(cell.key) == len(table.axes) and all(
        v.value in {a.value for a in axis.values} for coord, axis in zip(cell.key, table.axes, strict=True) for v in coord.values)


# -- missing translations (warnings) ----------------------------------------------------

def check_translations(program: Program, ctx: Context) -> None:
    """One warning per instrument counting its texts of the law with no Vietnamese version.

    The law's texts are the titles and texts of the instrument and its provisions (not the rule
    authors' notes or interpretations). The n-th English text of a kind in a provision pairs with
    the n-th Vietnamese one, as the docs show them; an English text without a partner counts."""
    for instrument, info in program.instruments.items():
        groups = [[t for t in info.decl.texts if t.kind == "title"], list(info.decl.issued_by)]
        for provision in info.provisions.values():
            texts = [t for t in provision.node.items if isinstance(t, ast.LangText)]
            groups += [[t for t in texts if t.kind == kind] for kind in ("title", "text")]
        missing = []
        for group in groups:
            english = [t for t in group if t.lang == "en"]
            missing += english[sum(1 for t in group if t.lang == "vi"):]
        if missing:
            first = min(missing, key=lambda t: (t.span.file, t.span.start))
            ctx.reporter.warning(codes.MISSING_TRANSLATION,
                                 f"{len(missing)} text{'s' * (len(missing) != 1)} of {instrument} "
                                 f"{'have' if len(missing) != 1 else 'has'} no Vietnamese version "
                                 f"(first at {first.span.file}:{first.span.line})", first.span,
                                 hint="add `text vi \"...\"` (or `title vi`) beside the English text")


# -- the official text ----------------------------------------------------------------

def check_fidelity(program: Program, ctx: Context) -> None:
    """The rule files quote the official text word for word and leave none of it out (fidelity.py)."""
    fidelity.check(program, ctx.official, ctx.reporter)


CHECKS: tuple[Callable[[Program, Context], None], ...] = (
    check_certifiers,
    check_tables,
    check_parameter_dates,
    check_session_rule,
    check_duplicate_rules,
    check_validator_needs,
    check_examples,
    check_pending,
    check_translations,
    check_fidelity,
)
