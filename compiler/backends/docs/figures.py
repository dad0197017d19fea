"""The figures' pages: appendix tables, dated parameters, rates and sessions, worked examples.

Like pages.py, each `build_*` takes a `PageCtx` and returns a view model. Numbers are formatted
for the page's language; every value carries its provenance and the rule file line it is written
at; the worked examples' figures are those the generated validator computed (worked.py).
"""
from __future__ import annotations

import datetime
import functools
import itertools
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ... import ir
from . import calculator, code, coverage, svg, timeline
from .rules import Piece, base_of, format_value, phrase
from .site import PageCtx, value_anchor
from .text import Raw, anchor
from .view import Cell, Grid, Inline, Para, RuleItem, Seg, Svg
from .worked import Worked

FIGURES = ("status", "sessions_declared", "sessions_payable", "base_salary_vnd", "amount_vnd")


def _key_text(ctx: PageCtx, key: tuple[tuple[str, ...], ...]) -> str:
    return " × ".join(" + ".join(ctx.label(v) for v in coord) for coord in key)


def _used_by(ctx: PageCtx, found: dict[tuple[str, str], tuple[Piece, ...]], test) -> Inline:
    out: list[Seg] = []
    for key in sorted(found, key=lambda k: (k[0], _citation_key(k[1]))):
        for piece in found[key]:
            if test(piece):
                out += [Seg(", ")] if out else []
                out.append(ctx.cite(piece.instrument, piece.citation))
    return tuple(out)


_POINT_ORDER = {p: i for i, p in enumerate("a b c d dd e g h i k l m n".split())}


@functools.lru_cache(maxsize=4096)   # the rules' citations, sorted again for each page that lists their users
def _citation_key(citation: str) -> tuple:
    return tuple((0, int(p), 0) if p.isdigit() else (1, _POINT_ORDER.get(p, 99), p) for p in citation.split("."))


# -- tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableSummary:
    link: Seg
    id: str
    unit: str
    cells: str
    known: str
    pending: str
    combined: str


@dataclass(frozen=True)
class TablesIndex:
    heading: str
    intro: str
    tables: tuple[TableSummary, ...]


def build_tables_index(ctx: PageCtx) -> TablesIndex:
    rows = []
    for t in ctx.site.program.tables:
        grid, known, pending, combined = coverage.cell_counts(t)
        rows.append(TableSummary(Seg(ctx.title(t.titles), ctx.link(f"tables/{t.id}")), t.id, t.unit or "",
                                 ctx.number(grid), ctx.number(known), ctx.number(pending), ctx.number(combined)))
    return TablesIndex(ctx.ui("tables"), ctx.ui("tables_intro"), tuple(rows))


@dataclass(frozen=True)
class TablePage:
    heading: str
    id: str
    titles: tuple[Para, ...]
    unit: str
    axes: tuple[tuple[str, str], ...]     # vocabulary id, its title
    where: Seg
    used_by: Inline
    notes: tuple[Para, ...]
    counts: str
    grid: Grid
    combined: Grid | None
    pending: Grid | None


def build_table(ctx: PageCtx, table: ir.Table, found: dict[tuple[str, str], tuple[Piece, ...]]) -> TablePage:
    history = ctx.site.memo.get(("cells", table.id))
    if history is None:
        history = ctx.site.memo[("cells", table.id)] = timeline.cell_history(table)
    axes = table.axes
    rows_axes, col_axis = (axes[:-1], axes[-1]) if len(axes) > 1 else ((), axes[0] if axes else None)
    columns = [((v,),) for v in col_axis.values] if col_axis else [()]
    row_keys = [tuple((v,) for v in combo) for combo in itertools.product(*(a.values for a in rows_axes))] or [()]

    def value(cell: ir.Cell | None, when: str = "") -> Cell:
        if cell is None or cell.value is None:
            reason = cell.pending if cell and cell.pending else ""
            return Cell(ctx.ui("cell_pending"), title=reason, css="pending", note=ctx.note(reason) if reason else "", when=when)
        return Cell(ctx.number(cell.value), title=cell.origin.where, badges=ctx.badges(cell.confidence, cell.detail), css="known", when=when)

    def show(key: tuple) -> Cell:
        """The cell's value, or its values over time when an amending act changes it, each with its dates."""
        steps = history.get(key, [])
        if len(steps) <= 1:
            return value(steps[0][0] if steps else None)
        alts = []
        for cell, (start, end) in steps:
            shown = value(cell, timeline.span(start, end))
            dated = ctx.ui("rule_period").format(period=_period_text(ctx, start, end))
            alts.append(replace(shown, text=f"{shown.text} {dated}", css=f"alt {shown.css}"))
        return Cell("", css="timed", alts=tuple(alts))

    corner = " \\ ".join(ctx.vocabulary_title(a.vocabulary).split(" (")[0] for a in axes)   # the names, not their notes
    head = (Cell(corner, title=" / ".join(a.vocabulary for a in axes)),) + tuple(
        Cell(ctx.label(c[0][0]), title=c[0][0]) if c else Cell(ctx.ui("value")) for c in columns)
    rows = []
    for rk in row_keys:
        label = " × ".join(ctx.label(v[0]) for v in rk) or ctx.ui("value")
        rows.append((Cell(label, title=" × ".join(v[0] for v in rk)),) + tuple(show(rk + c) for c in columns))
    grid = Grid(ctx.title(table.titles), head, tuple(rows), Raw("grid"))

    combined_rows = []
    for key, steps in history.items():
        if any(len(coord) > 1 for coord in key):
            cell = steps[-1][0]
            combined_rows.append((Cell(_key_text(ctx, key), title=" × ".join("+".join(c) for c in key)), show(key),
                                  Cell(cell.origin.where, ctx.where(cell.origin).href, code=True)))
    combined = Grid(ctx.ui("combined"), (Cell(ctx.ui("cell")), Cell(ctx.ui("value")), Cell(ctx.ui("where"))),
                    tuple(combined_rows), Raw("combined")) if combined_rows else None

    pending_rows = []
    for cell in table.cells:
        if cell.value is None:
            pending_rows.append((Cell(_key_text(ctx, cell.key), title=" × ".join("+".join(c) for c in cell.key)),
                                 Cell(cell.pending or "")))
    pending = Grid(ctx.ui("pending_cells"), (Cell(ctx.ui("cell")), Cell(ctx.ui("reason"))), tuple(pending_rows),
                   Raw("pending")) if pending_rows else None
    n_grid, known, n_pending, n_combined = coverage.cell_counts(table)
    counts = (f"{ctx.number(n_grid)} — {ctx.ui('known')}: {ctx.number(known)}, "
              f"{ctx.ui('cell_pending')}: {ctx.number(n_pending)}; {ctx.ui('combined')}: {ctx.number(n_combined)}")
    used = _used_by(ctx, found, lambda p: p.kind in ("table_cap", "ft_table") and p.value.table == table.id)
    titles = tuple(p for p in ctx.paras(table.titles) if p.badges or p.fallback)
    return TablePage(ctx.title(table.titles), table.id, titles, table.unit or "",
                     tuple((a.vocabulary, ctx.vocabulary_title(a.vocabulary)) for a in axes), ctx.where(table.origin),
                     used, ctx.paras(table.notes), counts, grid, combined, pending)


def _period_text(ctx: PageCtx, start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return ctx.ui("in_force_between").format(start=ctx.date(start), end=ctx.date(end))
    if end:
        return ctx.ui("in_force_until").format(date=ctx.date(end))
    if start:
        return ctx.ui("in_force_from").format(date=ctx.date(start))
    return ""


def _file_href(ctx: PageCtx, origin: ir.Origin) -> str:
    return ctx.where(origin).href


# -- dated parameters -----------------------------------------------------------------------

@dataclass(frozen=True)
class ParameterView:
    anchor: str
    id: str
    title: str
    titles: tuple[Para, ...]
    unit: str
    applies_on: str
    notes: tuple[Para, ...]
    where: Seg
    used_by: Inline
    chart: Svg
    chart_file: str          # the .svg beside the Markdown page
    chart_href: str
    grid: Grid


@dataclass(frozen=True)
class ParametersPage:
    heading: str
    intro: str
    parameters: tuple[ParameterView, ...]


def build_parameters(ctx: PageCtx, found: dict[tuple[str, str], tuple[Piece, ...]]) -> ParametersPage:
    views = []
    for p in ctx.site.program.parameters:
        rows, when = [], []
        for v, (start, until) in zip(p.values, timeline.value_periods(p), strict=True):
            when.append(timeline.span(start, until))
            rows.append((Cell(ctx.date(v.start), id=Raw(value_anchor(p, v))), Cell(ctx.date(until) if until else ctx.ui("open_end")),
                         Cell(format_value(ctx, p, v), css="n"),
                         Cell(v.source or ctx.ui("none"), _source_href(ctx, v.source)),
                         Cell("", badges=ctx.badges(v.confidence, v.detail)),
                         Cell(v.origin.where, _file_href(ctx, v.origin), code=True)))
        grid = Grid(ctx.title(p.titles), (Cell(ctx.ui("from")), Cell(ctx.ui("until")), Cell(ctx.ui("value")),
                                          Cell(ctx.ui("source_decree")), Cell(ctx.ui("provenance")), Cell(ctx.ui("where"))),
                    tuple(rows), Raw(anchor(p.id + "-values")), when=tuple(when))
        chart = svg.step_chart(p, f"{ctx.title(p.titles)} — {ctx.ui('chart')}",
                               lambda v, p=p: format_value(ctx, p, v), ctx.date)
        used = _used_by(ctx, found, lambda piece, p=p: _uses_parameter(ctx, piece, p.id))
        titles = tuple(t for t in ctx.paras(p.titles) if t.badges or t.fallback)
        views.append(ParameterView(Raw(anchor(p.id)), p.id, ctx.title(p.titles), titles, p.unit or "",
                                   ", ".join(ctx.mechanism(a) for a in p.applies_on), ctx.paras(p.notes), ctx.where(p.origin),
                                   used, chart, f"parameters/{p.id}", ctx.svg_link(f"parameters/{p.id}"), grid))
    return ParametersPage(ctx.ui("parameters"), ctx.ui("parameters_intro"), tuple(views))


def _source_href(ctx: PageCtx, source: str | None) -> str:
    if not source:
        return ""
    target = ctx.site.full_cite_target(source)
    return ctx.link(target) if target and not target.startswith("parameters#") else ""


def _uses_parameter(ctx: PageCtx, piece: Piece, parameter: str) -> bool:
    value: Any = piece.value   # what it holds depends on piece.kind: see rules.pieces()
    if piece.kind == "rate":
        return value.parameter == parameter or base_of(ctx, value.parameter) == parameter
    if piece.kind in ("floor", "ceiling"):
        return value.parameter == parameter
    return False


# -- rates and sessions ------------------------------------------------------------------------

@dataclass(frozen=True)
class RatesPage:
    heading: str
    intro: str
    session: tuple[RuleItem, ...]
    bands: Grid
    caps: tuple[RuleItem, ...]
    rates: Grid
    amounts: Grid
    methods: tuple[RuleItem, ...]
    fixed_time: tuple[RuleItem, ...]
    not_paid: tuple[RuleItem, ...]


def _value_on(parameter: ir.Parameter, day: datetime.date) -> Decimal | None:
    found = None
    for v in parameter.values:
        if v.start <= day and (v.end is None or day <= v.end):
            found = v.value
    return found


def build_rates(ctx: PageCtx, validator: ir.Validator, found: dict[tuple[str, str], tuple[Piece, ...]]) -> RatesPage:
    site = ctx.site
    every = [piece for key in found for piece in found[key]]
    own = lambda kinds: tuple(phrase(ctx, p) for p in sorted((p for p in every if p.kind in kinds and _in_validator(p, validator)),
                                                              key=lambda p: (p.origin.file, p.origin.line)))
    rule = validator.latest.session_rule
    band_rows = []
    for b in rule.bands:
        band_rows.append((Cell(f"{ctx.number(b.lower)} – {ctx.number(b.upper)} h", title=f"{b.lower} <= h < {b.upper}"),
                          Cell(ctx.number(b.counts), css="n"),
                          Cell(b.origin.cite, ctx.cite(b.origin.instrument, b.origin.citation).href)))
    bands = Grid(ctx.ui("sessions_rule"), (Cell(ctx.ui("hours_left")), Cell(ctx.ui("counts_as")), Cell(ctx.ui("citation"))),
                 tuple(band_rows), Raw("bands"))

    reference = {(r.kind, area): r for r in validator.latest.rates if r.of_kind is None for area in r.areas}
    rate_rows, columns = [], []
    for r in validator.latest.rates:
        for area in r.areas:
            chain = [r]
            while chain[-1].of_kind and (chain[-1].of_kind, area) in reference:
                chain.append(reference[chain[-1].of_kind, area])
            base = base_of(ctx, chain[-1].parameter)
            values = " × ".join(f"{_current_text(ctx, step.parameter)} ({step.parameter})" for step in chain)
            values += f" × {ctx.parameter_title(base)} ({base})" if base else ""
            rate_rows.append((Cell(ctx.label(r.kind), title=r.kind), Cell(ctx.label(area), title=area),
                              Cell(values), Cell(r.origin.cite, ctx.cite(r.origin.instrument, r.origin.citation).href)))
            columns.append((r, area, chain, base))
    rates = Grid(ctx.ui("rates_per_session"), (Cell(ctx.ui("provider_kind")), Cell(ctx.ui("area")), Cell(ctx.ui("formula")),
                                               Cell(ctx.ui("citation"))), tuple(rate_rows), Raw("rates-per-session"))

    # What a session is paid on each date on which one of the values involved changes.
    involved = {p for _, _, chain, base in columns for p in [s.parameter for s in chain] + ([base] if base else [])}
    params = [site.parameters[p] for p in sorted(involved) if p in site.parameters]
    starts = sorted({v.start for p in params for v in p.values} | {v.end + datetime.timedelta(days=1) for p in params for v in p.values if v.end})
    first = max((p.values[0].start for p in params), default=None)
    days = [d for d in starts if first is None or d >= first]
    bases = sorted({base for *_, base in columns if base})
    head = (Cell(ctx.ui("from")),) + tuple(Cell(ctx.parameter_title(b)) for b in bases) + tuple(
        Cell(f"{ctx.label(r.kind)} — {ctx.label(area)}", title=f"{r.kind} / {area}") for r, area, _, _ in columns)
    amount_rows, amount_when = [], []
    for i, day in enumerate(days):
        amount_when.append(timeline.span(day, days[i + 1] - datetime.timedelta(days=1) if i + 1 < len(days) else None))
        cells = [Cell(ctx.date(day))]
        for name in bases:
            value = _value_on(site.parameters[name], day)
            cells.append(Cell(ctx.number(value) if value is not None else ctx.ui("none"), css="n"))
        for _, _, chain, base in columns:
            factors = [_value_on(site.parameters[s.parameter], day) for s in chain] + ([_value_on(site.parameters[base], day)] if base else [])
            known = [f for f in factors if f is not None]
            if len(known) != len(factors):   # a value not known on that day
                cells.append(Cell(ctx.ui("none"), css="n"))
                continue
            amount = Decimal(1)
            for factor in known:
                amount *= factor
            cells.append(Cell(ctx.number(amount), css="n"))
        amount_rows.append(tuple(cells))
    amounts = Grid(ctx.ui("amount_by_date"), head, tuple(amount_rows), Raw("amounts"), when=tuple(amount_when))
    return RatesPage(f"{validator.instrument} — {ctx.ui('rates')}", ctx.ui("rates_intro"), own(("session",)), bands,
                     own(("cap", "table_cap")), rates, amounts, own(("method",)),
                     own(("chosen", "level", "stages", "ft_table", "floor", "ceiling", "multiplier", "shared")),
                     own(("not_paid",)))


def _in_validator(piece: Piece, validator: ir.Validator) -> bool:
    return piece.origin.file in validator.files


def _current_text(ctx: PageCtx, parameter: str) -> str:
    p = ctx.site.parameters.get(parameter)
    if p is None or not p.values:
        return parameter
    return " / ".join(format_value(ctx, p, v) for v in p.values)


# -- worked examples ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ExamplePage:
    heading: str
    name: str               # the example's file stem, under its name
    attached: Seg
    exercises: Inline
    where: Seg
    readings: str           # "odd_hours = per_occasion": the example's own reading of the rules' choices
    fence: str
    case_yaml: str
    figures: Grid | None
    providers: Grid | None
    findings: Grid | None
    trace: Grid | None
    trace_note: str
    flow: Svg | None
    flow_file: str
    flow_href: str
    all_agree: bool
    calculator: str = ""    # the calculator with this case filled in (HTML, when it is built)
    readings_note: str = ""  # the calculator applies the default readings: said when the example asks for others


def _figure(ctx: PageCtx, value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return ctx.number(value)
    return str(value)


def _same(expected, actual) -> bool:
    """As `regc test` compares: numbers by value (29.9 == Decimal('29.9')), the rest as they are."""
    numbers = (int, float, Decimal)
    if isinstance(expected, numbers) and isinstance(actual, numbers) and not isinstance(expected, bool):
        return Decimal(str(expected)) == Decimal(str(actual))
    return expected == actual


def build_example(ctx: PageCtx, w: Worked, page: str) -> ExamplePage:
    site = ctx.site
    origin = w.example.origin
    instrument = origin.instrument
    exercises: list[Seg] = []
    for i, cite in enumerate(w.exercises):
        exercises += [Seg(", ")] if i else []
        exercises.append(ctx.cite(instrument, cite, cite))
    fence = code.fence(w.case_yaml)
    figures = providers = findings = trace = flow_svg = None
    agree = True
    result = w.result
    if result is not None:
        rows = []
        for key in FIGURES:
            computed = result.get(key)
            if key in w.expect:
                ok = _same(w.expect[key], computed)
                agree = agree and ok
                verdict = Cell(ctx.ui("agrees") if ok else ctx.ui("differs"), css="ok" if ok else "bad")
                expected = Cell(_figure(ctx, w.expect[key]), css="n")
            else:
                verdict, expected = Cell(""), Cell(ctx.ui("not_expected"))
            rows.append((Cell(key, code=True, title=ctx.ui(f"figure_{key}")), Cell(_figure(ctx, computed), css="n"), expected, verdict))
        if "codes" in w.expect:
            got = sorted({f["code"] for f in result.get("findings", [])})
            want = sorted(w.expect["codes"] or [])
            ok = all(code in got for code in want)
            agree = agree and ok
            rows.append((Cell("codes", code=True), Cell(", ".join(got) or ctx.ui("none")), Cell(", ".join(want) or ctx.ui("none")),
                         Cell(ctx.ui("agrees") if ok else ctx.ui("differs"), css="ok" if ok else "bad")))
        figures = Grid(ctx.ui("figures"), (Cell(ctx.ui("figure")), Cell(ctx.ui("computed")), Cell(ctx.ui("expected")),
                                           Cell(ctx.ui("check"))),
                       tuple(rows), Raw("figures"))
        provider_rows = tuple((Cell(str(p.get("id")), code=True), Cell(ctx.label(str(p.get("kind")))),
                               Cell(_figure(ctx, p.get("sessions_payable")), css="n"), Cell(_figure(ctx, p.get("amount_vnd")), css="n"))
                              for p in result.get("providers", []))
        providers = Grid(ctx.ui("providers"), (Cell(ctx.ui("id")), Cell(ctx.ui("provider_kind")), Cell("sessions_payable", code=True),
                                               Cell("amount_vnd", code=True)), provider_rows, Raw("providers"))
        finding_rows = tuple((Cell(str(f.get("code")), code=True), Cell(str(f.get("severity"))),
                              Cell(f.get("citation") or "", _cite_href(ctx, f.get("citation"))),
                              Cell("" if f.get("entry") is None else str(f.get("entry"))), Cell(str(f.get("message") or "")))
                             for f in result.get("findings", []))
        findings = Grid(ctx.ui("findings"), (Cell(ctx.ui("code")), Cell(ctx.ui("severity")), Cell(ctx.ui("citation")),
                                             Cell(ctx.ui("entry")), Cell(ctx.ui("message"))), finding_rows, Raw("findings"))
        trace_rows = tuple((Cell(str(i + 1), css="n"), Cell(t.get("citation") or "", _cite_href(ctx, t.get("citation"))),
                            Cell(str(t.get("step") or "")), Cell(_figure(ctx, t.get("value")) if t.get("value") is not None else "", css="n"))
                           for i, t in enumerate(result.get("trace", [])))
        trace = Grid(ctx.ui("trace"), (Cell("#"), Cell(ctx.ui("citation")), Cell(ctx.ui("step")), Cell(ctx.ui("value"))),
                     trace_rows, Raw("trace"))
        boxes = _flow_boxes(ctx, w, result)
        flow_svg = svg.flow(boxes, f"{w.name} — {ctx.ui('flow')}") if boxes else None
    slug = site.slugs.get(instrument, "")
    calc = ""
    if ctx.fmt == "html" and site.calculator_modules:
        calc = Raw(ctx.link("calculator") + "#" + calculator.fragment(site, w))
    return ExamplePage(
        heading=ctx.example_name(w), name=f"{ctx.ui('example')} {w.stem}",
        attached=ctx.cite(instrument, origin.citation), exercises=tuple(exercises),
        where=ctx.file_seg(w.example.file),
        readings=", ".join(f"{choice} = {option}" for choice, option in sorted(w.readings.items())),
        fence=Raw(fence), case_yaml=Raw(w.case_yaml),
        figures=figures, providers=providers, findings=findings, trace=trace, trace_note=ctx.ui("trace_note"),
        flow=flow_svg, flow_file=f"{slug}/examples/{w.stem}", flow_href=ctx.svg_link(page), all_agree=agree,
        calculator=calc, readings_note=ctx.ui("calculator_readings") if w.readings and calc else "")


def _cite_href(ctx: PageCtx, cite: str | None) -> str:
    return ctx.cite_full(cite).href if cite else ""


def _flow_boxes(ctx: PageCtx, w: Worked, result: dict) -> list[tuple[str, str, str]]:
    boxes = []
    entries = w.case.get("entries") if isinstance(w.case, dict) else None
    hours = [e.get("hours") for e in entries or () if isinstance(e, dict) and isinstance(e.get("hours"), (int, float, Decimal))
             and not isinstance(e.get("hours"), bool)]
    if hours:
        total = sum(Decimal(str(h)) for h in hours)
        boxes.append((ctx.ui("case"), f"{ctx.ui('hours_declared')} ({ctx.number(len(hours))} {ctx.ui('entries')})", f"{ctx.number(total)} h"))
    for t in result.get("trace", []):
        if t.get("value") is None:
            continue
        boxes.append((t.get("citation") or "", str(t.get("step") or ""), _figure(ctx, t.get("value"))))
    if result.get("amount_vnd") is not None:
        boxes.append(("amount_vnd", f"status: {result.get('status')}", f"{ctx.number(result['amount_vnd'])} đ"))
    return boxes
