"""JavaScript backend: IR -> one standalone validator script per validator module (generated/js/).

A generated script is the runtime (runtime.js, hand-written) inlined as it is inside a function scope,
then the rules' data, then one registration:

    globalThis.RegcValidators["<module>"] = {validate(case) -> result, INSTRUMENT, TITLE, RULES_DIGEST, READINGS}

It gives, for the same case, the same result as the Python module generated from the same IR (JSON for
JSON). Like the Python backend, `emit()` builds a view model in which every literal is already rendered
as JavaScript source (JSON for strings, with the characters that could end a script or a line escaped,
so no text from a rule file can break out of a literal) and every comment is a single sanitised `//`
line; the template only loops and interpolates. What the compiler decides from the rules arrives from
the IR (ir.AreaRules: what applies in each area; the reference kind; the base salary and its dates).
"""
from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2

from ... import ir, usercache
from ..python.emit import AXIS_CASE_FIELDS

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME = Path(__file__).parent / "runtime.js"
OUTPUT_DIR = "generated/js"


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        bytecode_cache=usercache.template_cache("js"),
    )


@functools.cache
def runtime_source() -> str:
    """runtime.js as it is inlined: its header comment left out (the script has its own), the rest verbatim."""
    lines = RUNTIME.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if not line.startswith("//"))
    return "\n".join(lines[start:]).strip("\n")


def emit(program: ir.Program, base: Path, earlier: dict[str, str] | None = None) -> dict[str, str]:
    return {f"{OUTPUT_DIR}/{v.module}.js": render(v, program.digest, program.readings) for v in program.validators}


def render(validator: ir.Validator, digest: str, readings: tuple[tuple[str, str], ...] = ()) -> str:
    return environment().get_template("validator.js.j2").render(v=_view(validator, digest, readings),
                                                                runtime=runtime_source())


# -- literals and comments ------------------------------------------------------------------

# Line terminators (which would end a `//` comment: JavaScript also ends lines at U+2028 and U+2029) and
# other control characters never reach a comment.
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# In a string literal JSON leaves these as they are: escaped too, so that a literal can neither end a line
# in an older engine nor close a <script> element the script is pasted into.
_UNSAFE_IN_STRINGS = re.compile(r"[\x7f-\x9f\u2028\u2029<>&]")


def comment(text: str) -> str:
    """A text as one safe comment line: control characters and line breaks become spaces, and `<` is
    written as its escape (a `</script>` or `<!--` in a comment would end or upset a <script> element)."""
    return _LINE_BREAKS.sub(" ", text).strip().replace("<", "\\u003c")


def string(text: str) -> str:
    """A string literal: JSON (quotes, backslashes and control characters escaped), and more."""
    return _UNSAFE_IN_STRINGS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def lit(value: object) -> str:
    """A value as JavaScript source: dates as their ISO text, decimals through the runtime's `D`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, Decimal):
        return f'D("{format(value.normalize(), "f")}")'
    if isinstance(value, datetime.date):
        return string(value.isoformat())
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    raise TypeError(f"no literal for {type(value).__name__}")


def obj(**fields: object) -> str:
    """An object literal whose keys are the runtime's own names (never a text from the rules)."""
    return "{ " + ", ".join(f"{key}: {lit(value)}" for key, value in fields.items()) + " }"


def where(origin: ir.Origin) -> str:
    return comment(f"{origin.where}  {origin.cite}")


def english(texts: tuple[ir.Text, ...]) -> str:
    return next((t.text for t in texts if t.lang == "en"), next((t.text for t in texts), ""))


# -- view model -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    """One generated item with the comment that traces it to the rules ("" for none)."""
    comment: str
    code: str


@dataclass(frozen=True)
class _Table:
    comment: str
    name: str
    head: str
    cells: tuple[_Line, ...]


@dataclass(frozen=True)
class _TableSet:
    name: str
    tables: tuple[_Table, ...]


@dataclass(frozen=True)
class _Area:
    name: str
    head: str
    session_caps: tuple[_Line, ...]
    table_caps: tuple[_Line, ...]
    rates: tuple[_Line, ...]
    fixed: tuple[_Line, ...]


@dataclass(frozen=True)
class _Parameter:
    comment: str
    name: str
    head: str
    values: tuple[_Line, ...]


@dataclass(frozen=True)
class _Version:
    comment: tuple[str, ...]
    head: str
    scope: _Line
    methods: tuple[_Line, ...]
    activities: tuple[_Line, ...]
    sessions: _Line
    bands: tuple[_Line, ...]
    day_limit: _Line
    ties: _Line
    keeps: _Line
    replacement_caps: tuple[_Line, ...]
    not_paid: tuple[_Line, ...]
    reference_kind: str
    fixed_time: _Line
    tables: str
    eligible: tuple[_Line, ...]
    includes: tuple[_Line, ...]
    eligibility: str
    areas: tuple[_Area, ...]


@dataclass(frozen=True)
class _View:
    header: str
    digest_line: str
    about: tuple[str, ...]
    instrument_comment: str
    module: str
    head: str
    vocabularies: tuple[_Line, ...]
    in_force: _Line
    transition: str
    versions_by: _Line
    base: str
    parameters: tuple[_Parameter, ...]
    axis_case_fields: str
    pending_reasons: tuple[_Line, ...]
    table_sets: tuple[_TableSet, ...]
    versions: tuple[_Version, ...]
    digest: str
    readings: str


def _view(v: ir.Validator, digest: str, readings: tuple[tuple[str, str], ...]) -> _View:
    vocab = {voc.id for voc in v.vocabularies}
    pending = _PendingReasons()
    table_sets: dict[tuple[_Table, ...], _TableSet] = {}   # versions share the tables that do not change
    versions = []
    for n, version in enumerate(v.versions, 1):
        tables = tuple(_table(t, pending) for t in version.tables)
        table_set = table_sets.setdefault(tables, _TableSet(f"TABLES_{len(table_sets) + 1}", tables))
        versions.append(_version(n, version, table_set.name))
    entries_by, case_by, origin = v.versions_by
    transition_cite = v.transition.origin.cite if v.transition.origin else v.transition.in_force_origin.cite
    return _View(
        header=comment(f"Generated by regc from {', '.join(v.files)}. Do not edit: change the rules and run `regc build`."),
        digest_line=f"regc: rules and compiler digest {digest}",
        about=tuple(comment(line) for line in (
            f"Validator for {v.instrument}: {english(v.titles)}.",
            f"RegcValidators[{json.dumps(v.module)}].validate(case) takes one case (an object, contract section 2) "
            "and returns its result (section 3),",
            "the same as the Python module generated from the same rules. Standalone, no dependencies; exact "
            "decimal arithmetic.")),
        instrument_comment=comment(v.instrument), module=string(v.module),
        head=f"instrument: {lit(v.instrument)}, title: {lit(english(v.titles))},",
        vocabularies=tuple(_Line(comment(f"{voc.origin.where}  vocabulary {voc.id}: {english(voc.titles)}"),
                                 f"[{lit(voc.id)}, {lit(voc.ids)}],") for voc in v.vocabularies),
        in_force=_Line(where(v.transition.in_force_origin), f"inForce: {lit(v.transition.in_force)}, "
                                                            f"inForceCitation: {lit(v.transition.in_force_origin.cite)},"),
        transition=f"governedBy: {lit(v.transition.governed_by)}, transitionCitation: {lit(transition_cite)},",
        versions_by=_Line(where(origin) if origin else "no `amendments_apply` rule: each entry by its date, the case by its last entry",
                          f"entriesJudgedBy: {lit(entries_by)}, caseJudgedBy: {lit(case_by)},"),
        base=f"baseParameter: {lit(v.base_parameter)}, salaryDates: {lit(v.salary_dates)},",
        parameters=tuple(_parameter(p) for p in v.parameters),
        axis_case_fields="new Map([" + ", ".join(f"[{lit(k)}, {lit(AXIS_CASE_FIELDS[k])}]" for k in sorted(AXIS_CASE_FIELDS)
                                                 if k in vocab) + "])",
        pending_reasons=pending.lines(), table_sets=tuple(table_sets.values()), versions=tuple(versions),
        digest=lit(digest),
        readings="Object.freeze(Object.fromEntries([" + ", ".join(f"[{lit(c)}, {lit(o)}]" for c, o in readings) + "]))",
    )


def _version(n: int, version: ir.Version, tables: str) -> _Version:
    start = f"from {version.start}" if version.start else "as first written"
    until = f" until {version.end}" if version.end else ""
    rule = version.session_rule
    ft = version.fixed_time
    eligibility = version.eligibility
    last = len(rule.bands) - 1
    return _Version(
        comment=(comment(f"version {n}: the rules {start}{until}"),)
        + tuple(comment(f"changed by {o.cite} ({o.where})") for o in version.changed_by),
        head=f"number: {n}, start: {lit(version.start)}, end: {lit(version.end)}, "
             f"changedBy: {lit(tuple(o.cite for o in version.changed_by))},",
        scope=_Line(where(version.scope_origin), f"scope: {lit(version.scope)}, scopeCitation: {lit(version.scope_origin.cite)},"),
        methods=tuple(_Line(where(o), f"[{lit(m)}, {obj(forms=forms, citation=o.cite)}],") for m, forms, o in version.methods),
        activities=tuple(_activity(a) for a in version.activities),
        sessions=_Line(where(rule.origin), f"sessionHours: {lit(rule.hours)}, sessionCitation: {lit(rule.origin.cite)}, "
                                           f"hoursAdded: {lit(rule.added)},"),
        bands=tuple(_Line(where(b.origin), obj(below=None if i == last else b.upper, counts=b.counts, citation=b.origin.cite) + ",")
                    for i, b in enumerate(rule.bands)),
        day_limit=(_Line(where(version.day_limit.origin), "dayLimit: " + obj(
            hours=version.day_limit.hours, allEntries=version.day_limit.counting == "all_entries",
            citation=version.day_limit.origin.cite) + ",")
                   if version.day_limit else _Line("no limit on one provider's hours in a day", "dayLimit: null,")),
        ties=(_Line(where(version.ties.origin), f"ties: {obj(by=version.ties.by, citation=version.ties.origin.cite)},")
              if version.ties else _Line("ties between providers: the one listed first", "ties: null,")),
        keeps=(_Line(where(version.keeps[1]), f"keeps: {obj(which=version.keeps[0], citation=version.keeps[1].cite)},")
               if version.keeps else _Line("every case judged by these rules from their first day", "keeps: null,")),
        replacement_caps=tuple(_Line(where(c.origin), obj(limit=c.limit, successorMethod=c.successor_method,
                                                          citation=c.origin.cite, ground=c.ground) + ",")
                               for c in version.replacement_caps),
        not_paid=tuple(_Line(where(o), f"[{lit(what)}, {lit(o.cite)}],") for what, o in version.not_paid),
        reference_kind=lit(version.reference_kind),
        fixed_time=_fixed_time(ft),
        tables=tables,
        eligible=tuple(_Line(where(g.origin), f"[{lit(g.group)}, {obj(condition=g.condition, citation=g.origin.cite, amendedBy=g.amended_by)}],")
                       for g in eligibility.groups) if eligibility else (),
        includes=tuple(_Line(where(i.origin), f"[{lit(i.group)}, {obj(members=i.members, citation=i.origin.cite)}],")
                       for i in eligibility.includes) if eligibility else (),
        eligibility=f"eligibilityOn: {lit(eligibility.judged_on if eligibility else None)}, eligibilityCitation: "
                    f"{lit(eligibility.origin.cite if eligibility and eligibility.origin else None)},",
        areas=tuple(_area(a) for a in version.areas),
    )


def _activity(a: ir.Activity) -> _Line:
    certified = f"; certified under {a.certifier_origin.citation} ({a.certifier_origin.where})" if a.certifier_origin else ""
    fields = obj(citation=a.origin.cite, areas=a.areas, certifiers=a.certifiers,
                 certifiedUnder=(a.certifier_origin or a.origin).cite)
    return _Line(comment(f"{a.origin.where}  {a.origin.cite}{certified}"), f"[{lit(a.citation)}, {fields}],")


def _area(a: ir.AreaRules) -> _Area:
    fixed = []
    if a.fixed_table is not None:
        t = a.fixed_table
        fixed.append(_Line(where(t.origin), f"fixedTable: {obj(table=t.table, axes=t.axes, citation=t.origin.cite)},"))
    else:
        fixed.append(_Line("", "fixedTable: null,"))
    if a.floor is not None:
        fixed.append(_Line(where(a.floor.origin), f"floor: {obj(times=a.floor.times, parameter=a.floor.parameter, citation=a.floor.origin.cite)},"))
    else:
        fixed.append(_Line("", "floor: null,"))
    return _Area(
        name=lit(a.area),
        head=f"form: {lit(a.form)}, activities: {lit(a.activities)}, leastLimit: {lit(a.least_limit)},",
        session_caps=tuple(_Line(where(c.origin), obj(scope=c.scope, limit=c.limit, citation=c.origin.cite) + ",")
                           for c in a.session_caps),
        table_caps=tuple(_Line(where(c.origin), obj(scope=c.scope, table=c.table, fixed=c.fixed, activities=c.activities,
                                                    citation=c.origin.cite, ground=c.ground) + ",")
                         for c in a.table_caps),
        rates=tuple(_Line(where(r.origin), obj(kind=r.kind, parameter=r.parameter, ofKind=r.of_kind, citation=r.origin.cite) + ",")
                    for r in a.rates),
        fixed=tuple(fixed))


def _parameter(p: ir.Parameter) -> _Parameter:
    values = tuple(
        _Line(comment(f"{pv.origin.where}  {pv.source or ''} {('(' + pv.confidence + ')') if pv.confidence else ''}"),
              obj(start=pv.start, end=pv.end, value=pv.value, source=pv.source or "",
                  by=pv.changed_by.cite if pv.changed_by else None) + ",")
        for pv in p.values)
    return _Parameter(where(p.origin) + f"  parameter {p.id}: {comment(english(p.titles))}", lit(p.id),
                      f"multipleOf: {lit(p.multiple_of)},", values)


class _PendingReasons:
    """Pending reasons are long and repeat across cells: each is written once, as a constant."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def name(self, reason: str) -> str:
        if reason not in self.names:
            self.names[reason] = f"PENDING_{len(self.names) + 1}"
        return self.names[reason]

    def lines(self) -> tuple[_Line, ...]:
        return tuple(_Line("", f"const {name} = {lit(reason)};") for reason, name in self.names.items())


def _table(t: ir.Table, pending: _PendingReasons) -> _Table:
    cells = []
    for cell in t.cells:
        reason = pending.name(cell.pending or "") if cell.value is None else "null"
        note = cell.origin.where + (f"  ({cell.confidence}: {cell.detail})" if cell.confidence and cell.detail
                                    else f"  ({cell.confidence})" if cell.confidence else "")
        cells.append(_Line(comment(note) if cell.value is not None else "", f"[{lit(cell.key)}, {lit(cell.value)}, {reason}],"))
    return _Table(where(t.origin) + f"  table {t.id}: {comment(english(t.titles))}", lit(t.id),
                  f"title: {lit(english(t.titles))}, axes: {lit(tuple(a.vocabulary for a in t.axes))}, "
                  f"axisValues: {lit(tuple(a.values for a in t.axes))}, allPending: {lit(t.all_pending)},", tuple(cells))


def _fixed_time(ft: ir.FixedTime | None) -> _Line:
    if ft is None:
        return _Line("no fixed-time rules", "fixedTime: null,")
    fields = obj(
        citation=ft.method_origin.cite,
        chosen=(ft.chosen[0], ft.chosen[1], ft.chosen[2].cite) if ft.chosen else None,
        level=(ft.level[0], ft.level[1], ft.level[2].cite) if ft.level else None,
        stagesCitation=ft.stages[1].cite if ft.stages else None,
        ceiling=(ft.ceiling.times, ft.ceiling.parameter, ft.ceiling.origin.cite) if ft.ceiling else None,
        multipliers=tuple((m.factor, m.when, m.at_least, m.origin.cite) for m in ft.multipliers),
        shared=(ft.shared[0], ft.shared[1].cite) if ft.shared else None)
    origins = [ft.method_origin] + [m.origin for m in ft.multipliers]
    origins += [o for o in (ft.chosen[2] if ft.chosen else None, ft.level[2] if ft.level else None,
                            ft.ceiling.origin if ft.ceiling else None) if o is not None]
    return _Line(comment("; ".join(f"{o.cite} ({o.where})" for o in origins)), f"fixedTime: {fields},")
