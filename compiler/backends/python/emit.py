"""Python backend: IR -> one standalone validator module per instrument (generated/python/).

A generated module is the runtime (runtime.py, typed and tested on its own) inlined as it is, then
the rules' data: `emit()` builds a view model of frozen dataclasses in which every literal is
already rendered as Python source (`repr` for strings, so no text from a rule file can break out of
a literal) and every comment is a single sanitised line; the Jinja template only loops over lists
and interpolates fields. What the compiler can decide from the rules is decided here, once, and
written as data: each provider's caps before the case's, whether a table is all pending, the session
bands as one function per session rule. The generated module imports only the standard library.
"""
from __future__ import annotations

import ast as python_ast
import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2

from ... import ir, usercache

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME = Path(__file__).parent / "runtime.py"
OUTPUT_DIR = "generated/python"

# How a table axis is read from a case (contract §2): the vocabulary -> the case field.
AXIS_CASE_FIELDS = {"stage": "stages", "offense_class": "offense_classes", "complexity": "complexity"}
COMPUTATIONS = ("actual_sessions", "fixed_time")   # the methods the runtime knows how to compute


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        bytecode_cache=usercache.template_cache("python"),
    )


@functools.cache
def runtime_source() -> str:
    """runtime.py as it is inlined: its own docstring left out (the module gets its own), the rest verbatim."""
    text = RUNTIME.read_text(encoding="utf-8")
    first = python_ast.parse(text).body[0]
    if isinstance(first, python_ast.Expr) and isinstance(first.value, python_ast.Constant):
        text = "\n".join(text.splitlines()[first.end_lineno or 0:]).lstrip("\n")
    return text.rstrip("\n")


def emit(program: ir.Program, base: Path, earlier: dict[str, str] | None = None) -> dict[str, str]:
    files = {}
    for validator in program.validators:
        files[f"{OUTPUT_DIR}/{validator.module}.py"] = render(validator, program.digest, program.readings)
    files[f"{OUTPUT_DIR}/__init__.py"] = environment().get_template("package_init.py.j2").render(
        modules=[_Module(v.module, lit(v.instrument)) for v in program.validators])
    return files


def render(validator: ir.Validator, digest: str, readings: tuple[tuple[str, str], ...] = ()) -> str:
    return environment().get_template("validator.py.j2").render(v=_view(validator, digest, readings),
                                                                runtime=runtime_source())


# -- literals and comments ------------------------------------------------------------------

# Line breaks (which would end a comment) and other control characters (a NUL makes the module
# uncompilable) never reach a comment.
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def comment(text: str) -> str:
    """A text as one safe comment line: control characters and line breaks become spaces."""
    return _LINE_BREAKS.sub(" ", text).strip()


def lit(value: object) -> str:
    """A value as Python source. Strings go through repr(), the only safe way to quote them."""
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Decimal):
        return f'_D("{format(value.normalize(), "f")}")'
    if isinstance(value, datetime.date):
        return f"_dt.date({value.year}, {value.month}, {value.day})"
    if isinstance(value, (tuple, list)):
        inner = ", ".join(lit(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, frozenset):
        return f"frozenset({lit(tuple(sorted(value)))})"
    raise TypeError(f"no literal for {type(value).__name__}")


def docstring(text: str) -> str:
    """A triple-quoted docstring when the text cannot end or escape it, else a repr() literal."""
    if '"""' in text or "\\" in text or "\r" in text or text.endswith('"') or _LINE_BREAKS.sub("", text.replace("\n", "")) != text.replace("\n", ""):
        return lit(text)
    return '"""' + text + '"""'


def where(origin: ir.Origin) -> str:
    return comment(f"{origin.where}  {origin.cite}")


def english(texts: tuple[ir.Text, ...]) -> str:
    return next((t.text for t in texts if t.lang == "en"), next((t.text for t in texts), ""))


def _dict(mapping: dict[object, object]) -> str:
    return "{" + ", ".join(f"{lit(k)}: {lit(val)}" for k, val in mapping.items()) + "}"


# -- view model -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Module:
    name: str
    instrument: str


@dataclass(frozen=True)
class _Line:
    """One generated statement with the comment that traces it to the rules."""
    comment: str
    code: str


@dataclass(frozen=True)
class _Band:
    comment: str
    condition: str | None   # None: the last band, no test needed
    counts: str
    citation: str


@dataclass(frozen=True)
class _Table:
    comment: str
    name: str
    title: str
    axes: str
    axis_values: str
    cells: tuple[_Line, ...]
    all_pending: str


@dataclass(frozen=True)
class _Parameter:
    comment: str
    name: str
    title: str
    unit: str
    multiple_of: str
    applies_on: str
    values: tuple[_Line, ...]


@dataclass(frozen=True)
class _SessionFunction:
    name: str
    hours: str
    bands: tuple[_Band, ...]


@dataclass(frozen=True)
class _TableSet:
    name: str
    tables: tuple[_Table, ...]


@dataclass(frozen=True)
class _Version:
    """One version of the rules: the rules in force from `start` to `end`."""
    comment: tuple[str, ...]
    start: str
    end: str
    changed_by: str
    scope: _Line
    scope_citation: str
    methods: tuple[_Line, ...]
    activities: tuple[_Line, ...]
    session_hours: _Line
    session_citation: str
    hours_added: str
    sessions_for_hours: str
    day_limit: _Line
    ties: _Line
    keeps: _Line
    session_caps: tuple[_Line, ...]
    table_caps: tuple[_Line, ...]
    replacement_caps: tuple[_Line, ...]
    rates: tuple[_Line, ...]
    reference_kind: str
    not_paid: tuple[_Line, ...]
    fixed_time: _Line
    tables: str
    eligible: tuple[_Line, ...]
    includes: tuple[_Line, ...]
    eligibility_on: str
    eligibility_citation: str


@dataclass(frozen=True)
class _View:
    header: str
    digest_line: str
    docstring: str
    instrument: str
    instrument_comment: str
    title: str
    digest: str
    vocabularies: tuple[_Line, ...]
    in_force: _Line
    in_force_citation: str
    governed_by: str
    transition_citation: str
    versions_by: _Line
    base_parameter: str
    parameters: tuple[_Parameter, ...]
    session_functions: tuple[_SessionFunction, ...]
    table_sets: tuple[_TableSet, ...]
    pending_reasons: tuple[_Line, ...]
    axis_case_fields: str
    versions: tuple[_Version, ...]
    readings: str


def _view(v: ir.Validator, digest: str, readings: tuple[tuple[str, str], ...] = ()) -> _View:
    vocab = {voc.id: voc for voc in v.vocabularies}
    pending = _PendingReasons()
    vocab_lines = tuple(
        _Line(comment(f"{voc.origin.where}  vocabulary {voc.id}: {english(voc.titles)}"), f"{lit(voc.id)}: {lit(voc.ids)},")
        for voc in v.vocabularies)
    bases = sorted({p.unit[: -len("_multiple")] for p in v.parameters if p.unit and p.unit.endswith("_multiple")})
    # Versions share what does not change between them: one function per session rule, one set of tables.
    functions: dict[tuple[str, tuple[_Band, ...]], _SessionFunction] = {}
    table_sets: dict[tuple[_Table, ...], _TableSet] = {}
    versions = []
    for n, version in enumerate(v.versions, 1):
        rule = _session_function(version.session_rule, len(functions) + 1)
        function = functions.setdefault((rule.hours, rule.bands), rule)
        tables = tuple(_table(t, pending) for t in version.tables)
        table_set = table_sets.setdefault(tables, _TableSet(f"_TABLES_{len(table_sets) + 1}", tables))
        versions.append(_version(n, version, function.name, table_set.name))
    entries_by, case_by, origin = v.versions_by
    return _View(
        header=comment(f"Generated by regc from {', '.join(v.files)}. Do not edit: change the rules and run `regc build`."),
        digest_line=f"regc: rules and compiler digest {digest}",
        docstring=docstring(f"Validator for {v.instrument}: {english(v.titles)}.\n\n"
                            "validate(case) takes one case (a dict, contract section 2) and returns its result (section 3).\n"
                            "Generated from the rule files named above; standard library only; exact decimal arithmetic.\n"),
        instrument=lit(v.instrument), instrument_comment=comment(v.instrument), title=lit(english(v.titles)),
        digest=lit(digest), vocabularies=vocab_lines,
        in_force=_Line(where(v.transition.in_force_origin), f"in_force={lit(v.transition.in_force)},"),
        in_force_citation=lit(v.transition.in_force_origin.cite),
        governed_by=lit(tuple(v.transition.governed_by)),
        transition_citation=lit(v.transition.origin.cite if v.transition.origin else v.transition.in_force_origin.cite),
        versions_by=_Line(where(origin) if origin else "no `amendments_apply` rule: each entry by its date, the case by its last entry",
                          f"entries_judged_by={lit(entries_by)}, case_judged_by={lit(case_by)},"),
        base_parameter=lit(bases[0] if bases else None),
        parameters=tuple(_parameter(p) for p in v.parameters),
        session_functions=tuple(functions.values()), table_sets=tuple(table_sets.values()),
        pending_reasons=pending.lines(),
        axis_case_fields=_dict({k: AXIS_CASE_FIELDS[k] for k in sorted(AXIS_CASE_FIELDS) if k in vocab}),
        versions=tuple(versions),
        readings=_dict(dict(readings)),
    )


def _session_function(rule: ir.SessionRule, number: int) -> _SessionFunction:
    bands = []
    for i, band in enumerate(rule.bands):
        last = i == len(rule.bands) - 1
        bands.append(_Band(where(band.origin), None if last else f"rest < {lit(band.upper)}", lit(band.counts),
                           lit(band.origin.cite)))
    return _SessionFunction(f"_sessions_for_hours_{number}", lit(rule.hours), tuple(bands))


def _version(n: int, version: ir.Version, sessions: str, tables: str) -> _Version:
    start = f"from {version.start}" if version.start else "as first written"
    until = f" until {version.end}" if version.end else ""
    changes = tuple(comment(f"changed by {o.cite} ({o.where})") for o in version.changed_by)
    rule = version.session_rule
    activities = tuple(
        _Line(comment(f"{a.origin.where}  {a.origin.cite}"
                      + (f"; certified under {a.certifier_origin.citation} ({a.certifier_origin.where})" if a.certifier_origin else "")),
              f"{lit(a.citation)}: Activity(citation={lit(a.origin.cite)}, areas={lit(frozenset(a.areas))}, "
              f"certifiers={lit(frozenset(a.certifiers))}, certifiers_listed={lit(a.certifiers)}, "
              f"certified_under={lit(a.certifier_origin.cite if a.certifier_origin else a.origin.cite)}, "
              f"label={lit(a.label)}),")
        for a in version.activities)
    reference = sorted({r.kind for r in version.rates if r.of_kind is None})
    eligibility = version.eligibility
    # Each provider's cap before the case's: the order the runtime applies them in.
    session_caps = sorted(version.session_caps, key=lambda cap: cap.scope != "per_provider")
    return _Version(
        comment=(comment(f"version {n}: the rules {start}{until}"),) + changes,
        start=lit(version.start), end=lit(version.end),
        changed_by=lit(tuple(o.cite for o in version.changed_by)),
        scope=_Line(where(version.scope_origin), f"scope={lit(frozenset(version.scope))},"),
        scope_citation=lit(version.scope_origin.cite),
        methods=tuple(_Line(where(o), f"{lit(m)}: ({lit(frozenset(forms))}, {lit(o.cite)}),") for m, forms, o in version.methods),
        activities=activities,
        session_hours=_Line(where(rule.origin), f"session_hours={lit(rule.hours)},"),
        session_citation=lit(rule.origin.cite), hours_added=lit(rule.added), sessions_for_hours=sessions,
        day_limit=(_Line(where(version.day_limit.origin), f"day_limit=({lit(version.day_limit.hours)}, "
                         f"{lit(version.day_limit.counting == 'all_entries')}, {lit(version.day_limit.origin.cite)}),")
                   if version.day_limit else _Line("no limit on one provider's hours in a day", "day_limit=None,")),
        ties=(_Line(where(version.ties.origin), f"ties=({lit(version.ties.by)}, {lit(version.ties.origin.cite)}),")
              if version.ties else _Line("ties between providers: the one listed first", "ties=None,")),
        keeps=(_Line(where(version.keeps[1]), f"keeps=({lit(version.keeps[0])}, {lit(version.keeps[1].cite)}),")
               if version.keeps else _Line("every case judged by these rules from their first day", "keeps=None,")),
        session_caps=tuple(_Line(where(c.origin), f"SessionCap(scope={lit(c.scope)}, limit={lit(c.limit)}, "
                                                  f"areas={lit(frozenset(c.areas))}, citation={lit(c.origin.cite)}),")
                           for c in session_caps),
        table_caps=tuple(_Line(where(c.origin), f"TableCap(scope={lit(c.scope)}, table={lit(c.table)}, fixed={lit(c.fixed)}, "
                                                f"activities={lit(frozenset(c.activities))}, listed={lit(c.activities)}, "
                                                f"areas={lit(frozenset(c.areas))}, citation={lit(c.origin.cite)}, "
                                                f"ground={lit(c.ground)}),")
                         for c in version.table_caps),
        replacement_caps=tuple(_Line(where(c.origin), f"ReplacementCap(limit={lit(c.limit)}, successor_method="
                                                      f"{lit(c.successor_method)}, citation={lit(c.origin.cite)}, "
                                                      f"ground={lit(c.ground)}),")
                               for c in version.replacement_caps),
        rates=tuple(_Line(where(r.origin), f"Rate(kind={lit(r.kind)}, areas={lit(frozenset(r.areas))}, parameter={lit(r.parameter)}, "
                                           f"of_kind={lit(r.of_kind)}, citation={lit(r.origin.cite)}),")
                    for r in version.rates),
        reference_kind=lit(reference[0] if reference else None),
        not_paid=tuple(_Line(where(o), f"{lit(what)}: {lit(o.cite)},") for what, o in version.not_paid),
        fixed_time=_fixed_time(version.fixed_time),
        tables=tables,
        eligible=tuple(_Line(where(g.origin), f"{lit(g.group)}: ({lit(g.condition)}, {lit(g.origin.cite)}, "
                                              f"{lit(g.label)}, {lit(g.amended_by)}),")
                       for g in eligibility.groups) if eligibility else (),
        includes=tuple(_Line(where(i.origin), f"{lit(i.group)}: ({lit(i.members)}, {lit(i.origin.cite)}),")
                       for i in eligibility.includes) if eligibility else (),
        eligibility_on=lit(eligibility.judged_on if eligibility else None),
        eligibility_citation=lit(eligibility.origin.cite if eligibility and eligibility.origin else None),
    )


def _parameter(p: ir.Parameter) -> _Parameter:
    values = tuple(
        _Line(comment(f"{pv.origin.where}  {pv.source or ''} {('(' + pv.confidence + ')') if pv.confidence else ''}"),
              f"ParamValue(start={lit(pv.start)}, end={lit(pv.end)}, value={lit(pv.value)}, source={lit(pv.source or '')}"
              + (f", by={lit(pv.changed_by.cite)}" if pv.changed_by else "") + "),")
        for pv in p.values)
    unit = p.unit or ""
    return _Parameter(where(p.origin) + f"  parameter {p.id}", lit(p.id), lit(english(p.titles)), lit(unit),
                      lit(unit[: -len("_multiple")] if unit.endswith("_multiple") else None),
                      lit(p.applies_on), values)


class _PendingReasons:
    """Pending reasons are long and repeat across cells: each is written once, as a constant."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def name(self, reason: str) -> str:
        if reason not in self.names:
            self.names[reason] = f"_PENDING_{len(self.names) + 1}"
        return self.names[reason]

    def lines(self) -> tuple[_Line, ...]:
        return tuple(_Line("", f"{name} = {lit(reason)}") for reason, name in self.names.items())


def _table(t: ir.Table, pending: _PendingReasons) -> _Table:
    cells = []
    for cell in t.cells:
        key = lit(tuple(tuple(coord) for coord in cell.key))
        value = lit(cell.value) if cell.value is not None else "None"
        reason = pending.name(cell.pending or "") if cell.value is None else "None"
        note = f"{cell.origin.where}" + (f"  ({cell.confidence}: {cell.detail})" if cell.confidence and cell.detail
                                         else f"  ({cell.confidence})" if cell.confidence else "")
        cells.append(_Line(comment(note) if cell.value is not None else "", f"{key}: ({value}, {reason}),"))
    return _Table(where(t.origin) + f"  table {t.id}: {comment(english(t.titles))}", lit(t.id), lit(english(t.titles)),
                  lit(tuple(a.vocabulary for a in t.axes)), lit(tuple(tuple(a.values) for a in t.axes)), tuple(cells),
                  lit(all(cell.value is None for cell in t.cells)))


def _fixed_time(ft: ir.FixedTime | None) -> _Line:
    if ft is None:
        return _Line("no fixed-time rules", "fixed_time=None,")
    parts = [
        f"citation={lit(ft.method_origin.cite)}",
        f"chosen={lit((ft.chosen[0], ft.chosen[1], ft.chosen[2].cite)) if ft.chosen else 'None'}",
        f"level={lit((ft.level[0], ft.level[1], ft.level[2].cite)) if ft.level else 'None'}",
        f"stages_citation={lit(ft.stages[1].cite) if ft.stages else 'None'}",
        "tables={" + ", ".join(f"{lit(area)}: ({lit(t.table)}, {lit(t.axes)}, {lit(t.origin.cite)})"
                               for t in ft.tables for area in t.areas) + "}",
        "floors={" + ", ".join(f"{lit(area)}: ({lit(b.times)}, {lit(b.parameter)}, {lit(b.origin.cite)})"
                               for b in ft.floors for area in b.areas) + "}",
        f"ceiling={lit((ft.ceiling.times, ft.ceiling.parameter, ft.ceiling.origin.cite)) if ft.ceiling else 'None'}",
        "multipliers=(" + "".join(f"({lit(m.factor)}, {lit(m.when)}, {m.at_least}, {lit(m.origin.cite)}), "
                                  for m in ft.multipliers) + ")",
        f"shared={lit((ft.shared[0], ft.shared[1].cite)) if ft.shared else 'None'}",
    ]
    origins = [ft.method_origin] + [t.origin for t in ft.tables] + [m.origin for m in ft.multipliers]
    return _Line(comment("; ".join(f"{o.cite} ({o.where})" for o in origins)),
                 "fixed_time=FixedTime(\n            " + ",\n            ".join(parts) + ",\n        ),")
