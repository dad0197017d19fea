"""Pass 5: resolved program -> IR (`ir.py`), one `Validator` per instrument that names a module.

Runs only on a program without errors, so it may assume every name resolves. A validator
gathers its own instrument's statements and those of the instruments it is made `pursuant_to`
(the decree that sets the rates), each piece keeping its own citation.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Collection
from pathlib import Path

from . import ast, ir
from .checks import session_bands
from .diagnostics import InternalError, Reporter
from .resolve import CellChange, N, Placed, Program, ProvisionInfo, placed_as


def run(program: Program) -> ir.Program:
    vocabularies = tuple(_vocabulary(v, program) for v in program.vocabularies.values())
    parameters = tuple(_parameter(p, program) for p in program.parameters.values())
    tables = tuple(_table(t, program) for t in program.tables.values())
    validators = tuple(
        _validator(program, instrument, vocabularies, parameters, tables)
        for instrument, info in program.instruments.items() if info.decl.module is not None
    )
    instruments = tuple(_instrument(instrument, program) for instrument in program.instruments)
    readings = tuple((name, info.selected) for name, info in sorted(program.choices.items()))
    return ir.Program(instruments, validators, vocabularies, parameters, tables, readings=readings)


def _instrument(instrument: str, program: Program) -> ir.Instrument:
    info = program.instruments[instrument]
    decl = info.decl
    # The provisions as amended: every version of each, nested under the versions of its parent
    # it was in force with (the base files' own nesting when nothing was amended).
    tops = [p for p in info.history if p.node.level == "chapter" or (p.node.level == "article" and p.chapter is None)]
    return ir.Instrument(
        id=instrument, kind=decl.kind.value if decl.kind else None, module=decl.module.value if decl.module else None,
        titles=_texts(decl.texts), issued_by=_texts(decl.issued_by, ("issued_by",)), signed=decl.signed,
        signed_by=decl.signed_by, pursuant_to=decl.pursuant_to, sources=decl.sources, files=tuple(info.files),
        provisions=tuple(sorted((_provision(p, info, instrument, program) for p in tops), key=_law_order)),
        origin=_origin(decl, instrument), amends=decl.amends, in_force=program.acts.get(instrument), published=decl.published,
        official=tuple((o.lang, str(Path(info.file).parent / o.path)) for o in decl.official),
        number_pending=decl.number_pending, source_notes=decl.source_notes)


def _law_order(provision: ir.Provision) -> tuple:
    """Provisions in the law's order, whatever the order of the files they are in; versions by date."""
    if provision.level == "chapter":
        return min((_law_order(child) for child in provision.children), default=((0,), datetime.date.min))
    return (_citation_key(provision.citation), provision.start or datetime.date.min)


def _children(info, parent: ProvisionInfo) -> list[ProvisionInfo]:
    if parent.node.level == "chapter":
        return [p for p in info.history if p.node.level == "article" and p.chapter == parent.node.number]
    return [p for p in info.history if p.citation.rsplit(".", 1)[0] == parent.citation and "." in p.citation
            and p.period.overlaps(parent.period)]


def _provision(entry: ProvisionInfo, info, instrument: str, program: Program) -> ir.Provision:
    node, citation, period = entry.node, entry.citation, entry.period
    items = node.items
    texts = [t for t in items if isinstance(t, ast.LangText)]
    first_child = next((i for i, item in enumerate(items) if isinstance(item, ast.Provision)), len(items))
    closing = {id(item) for item in items[first_child:] if isinstance(item, ast.LangText)}
    children = sorted((_provision(child, info, instrument, program) for child in _children(info, entry)), key=_law_order)
    return ir.Provision(
        level=node.level, number=node.number, citation=citation,
        titles=_texts(texts), texts=_texts(texts, ("text",), closing), notes=_texts(texts, ("note",)),
        pending=tuple(i.reason for i in items if isinstance(i, ast.Pending)),
        informative=tuple(i.reason for i in items if isinstance(i, ast.Informative)),
        interpretations=tuple(
            ir.Interpretation(i.id.value, _texts(i.texts, ("reading",)), _texts(i.texts, ("because",)),
                              i.provenance.confidence if i.provenance else None,
                              i.provenance.detail if i.provenance else None, _origin(i, instrument, citation))
            for i in items if isinstance(i, ast.Interpretation)),
        examples=tuple(ir.Example(i.path, str(Path(entry.file).parent / i.path), _origin(i, instrument, citation))
                       for i in items if isinstance(i, ast.Example)),
        children=tuple(children), origin=_origin(node, instrument, citation),
        start=period.start, end=period.end,
        amended_by=_placed_origin(period.by), ended_by=_placed_origin(period.ended_by),
        choices=tuple(_choice(i, program, instrument, citation) for i in items if isinstance(i, ast.Choice)))


def _choice(node: ast.Choice, program: Program, instrument: str, citation: str) -> ir.Choice:
    info = program.choices.get(node.id.value)
    selected = info.selected if info is not None else None
    return ir.Choice(
        id=node.id.value, titles=_texts(node.texts), notes=_texts(node.texts, ("note",)),
        options=tuple(ir.Option(o.id.value, _texts(o.texts, ("reading",)), _texts(o.texts, ("because",)),
                                o.provenance.confidence if o.provenance else None,
                                o.provenance.detail if o.provenance else None, o.default, o.id.value == selected,
                                _origin(o, instrument, citation)) for o in node.options),
        origin=_origin(node, instrument, citation))


def _ground(ground: ast.Ground | None) -> str | None:
    return f"{ground.instrument} {ground.citation}" if ground is not None else None


def _placed_origin(placed: Placed[ast.Node] | None) -> ir.Origin | None:
    return _origin(placed.node, placed.instrument, placed.citation) if placed is not None else None


def _origin(node: ast.Node, instrument: str = "", citation: str = "") -> ir.Origin:
    return ir.Origin(node.span.file, node.span.line, instrument, citation)


def _texts(texts, kinds=("title",), closing: Collection[int] = frozenset()) -> tuple[ir.Text, ...]:
    return tuple(ir.Text(t.lang, t.text, t.provenance.confidence if t.provenance else None,
                         t.provenance.detail if t.provenance else None, t.pending, id(t) in closing)
                 for t in texts if t.kind in kinds)


def _vocabulary(node: ast.Vocabulary, program: Program) -> ir.Vocabulary:
    def since(member: str) -> tuple:
        op = program.member_since.get((node.id.value, member))
        return (program.acts[op.instrument], _placed_origin(op)) if op else (None, None)

    members = tuple(ir.Member(m.id.value, _texts(m.texts, ("label",)), m.provenance.confidence if m.provenance else None,
                              *since(m.id.value))
                    for m in node.members)
    return ir.Vocabulary(node.id.value, _texts(node.texts), _texts(node.texts, ("note",)), members, _origin(node))


def _parameter(node: ast.Parameter, program: Program) -> ir.Parameter:
    values = []
    for v in sorted(node.values, key=lambda v: v.start):
        by = program.value_changes.get((node.id.value, v.start))
        values.append(ir.ParamValue(
            value=v.value / 100 if v.percent else v.value, percent=v.percent, start=v.start, end=v.until,
            source=v.source, confidence=v.provenance.confidence if v.provenance else None,
            detail=v.provenance.detail if v.provenance else None, origin=_origin(v),
            changed_by=_placed_origin(by) if by else None))
    return ir.Parameter(node.id.value, _texts(node.texts), _texts(node.texts, ("note",)),
                        node.unit.value if node.unit else None, tuple(n.value for n in node.applies_on),
                        tuple(values), _origin(node))


def _table(node: ast.Table, program: Program) -> ir.Table:
    axes = tuple(ir.Axis(a.vocabulary.value, tuple(v.value for v in a.values)) for a in node.axes)
    # A combined cell (stages added up) is keyed in axis order, however it was written.
    written = {tuple(tuple(sorted((v.value for v in coord.values), key=axis.values.index))
                     for coord, axis in zip(c.key, axes, strict=True)): c for c in node.cells}
    cells = []
    # Every cell of the grid, in grid order: written ones as written, the rest pending.
    grid: list[tuple[tuple[str, ...], ...]] = [()]
    for axis in axes:
        grid = [key + ((value,),) for key in grid for value in axis.values]
    for key in grid:
        cell = written.pop(key, None)
        cells.append(_cell(key, cell, node))
    for key, cell in written.items():   # combined cells (stages added up)
        cells.append(_cell(key, cell, node))
    changes = tuple(_cell_change(change, node)
                    for change in sorted(program.cell_changes.get(node.id.value, ()), key=lambda c: c.period.start))
    return ir.Table(node.id.value, _texts(node.texts), _texts(node.texts, ("note",)),
                    node.unit.value if node.unit else None, axes, tuple(cells), _origin(node), changes)


def _cell_change(change: CellChange, table: ast.Table) -> ir.CellChange:
    """A cell as an amending act sets it: consolidate.py gives it the act's date and operation."""
    start, by = change.period.start, change.period.by
    if start is None or by is None:
        raise InternalError("a cell change without the date and operation of its amending act")
    cell = _cell(change.key, change.cell, table)
    return ir.CellChange(start, dataclasses.replace(cell, origin=_origin(by.node, by.instrument, by.citation)))


def _cell(key, cell: ast.Cell | None, table: ast.Table) -> ir.Cell:
    if cell is None:
        return ir.Cell(key, None, table.otherwise_pending or "not written in the table", None, None, _origin(table))
    return ir.Cell(key, cell.value, cell.pending, cell.provenance.confidence if cell.provenance else None,
                   cell.provenance.detail if cell.provenance else None, _origin(cell))


def _validator(program: Program, instrument: str, vocabularies, parameters, tables) -> ir.Validator:
    """One validator: what does not change by version, and a version per period of the rules."""
    info = program.instruments[instrument]
    module = info.decl.module
    if module is None:
        raise InternalError(f"{instrument} names no module, so it has no validator")
    sources = (instrument,) + tuple(i for i in info.decl.pursuant_to if i in program.instruments)
    first = _Lowering(program, sources, vocabularies, parameters, tables, None)
    in_force = first.one(ast.InForce)
    if in_force is None:
        raise InternalError("a validator without `in_force` passed the checks")
    before = first.one(ast.BeforeInForce)
    supersedes = first.one(ast.Supersedes)
    transition = ir.Transition(
        in_force=in_force.node.date, in_force_origin=first.origin(in_force),
        governed_by=before.node.governed_by if before else (),
        judged_by=before.node.judged_by.value if before else "work_date",
        origin=first.origin(before) if before else None,
        supersedes=supersedes.node.instruments if supersedes else (),
        supersedes_origin=first.origin(supersedes) if supersedes else None)
    apply = next((p for s in sources for p in program.statements(s, ast.AmendmentsApply)), None)
    versions_by = ((apply.node.entries_by.value, apply.node.case_by.value, first.origin(apply)) if apply
                   else ("work_date", "last_entry_date", None))
    # A version begins wherever a statement of these instruments, or a cell of a table they use, changes.
    used = {p.node.table.value for s in sources for p in program.statements(s, ast.CapTable)}
    used |= {p.node.table.value for s in sources for p in program.statements(s, ast.FixedTimeTable)}
    changes_on = set(program.version_dates(sources))
    changes_on |= {c.start for t in tables if t.id in used for c in t.changes}
    # A value an amending act sets for a parameter these rules use begins a version too: its
    # transitional provision decides which cases take it.
    changes_on |= {start for (name, start) in program.value_changes if name in _parameters_named(program, sources)}
    later = sorted(d for d in changes_on if d is not None)
    dates = [None, *later]
    versions = []
    for n, date in enumerate(dates):   # each version ends the day before the next begins: later[n]
        end = later[n] - datetime.timedelta(days=1) if n < len(later) else None
        versions.append(_Lowering(program, sources, vocabularies, parameters, tables, date).version(end))
    used_parameters = sorted({name for v in versions for name in _parameters_used(v, first.parameters)})
    # The base salary: the parameter the others are multiples of, taken on the dates it says.
    bases = sorted({base for name in used_parameters if (base := first.parameters[name].multiple_of) is not None})
    base = first.parameters.get(bases[0]) if bases else None
    return ir.Validator(
        instrument=instrument, module=module.value, titles=_texts(info.decl.texts),
        files=tuple(sorted({f for s in sources for f in program.instruments[s].files}
                           | {p.file for s in sources for p in program.statements(s, ast.Node) if p.period.by})),
        transition=transition, versions_by=versions_by,
        parameters=tuple(first.parameters[name] for name in used_parameters),
        vocabularies=vocabularies,
        examples=tuple(
            ir.Example(p.node.path, str(Path(p.file).parent / p.node.path), first.origin(p))
            for p in program.provision_items
            if p.instrument in sources and placed_as(p, ast.Example)),
        versions=tuple(versions),
        base_parameter=bases[0] if bases else None,
        salary_dates=base.applies_on if base is not None else ("payment_date", "last_entry_date"))


def _parameters_named(program: Program, sources: tuple[str, ...]) -> set[str]:
    """The parameters the rules of these instruments name at any time, with those their units multiply."""
    named = {p.node.parameter.value for s in sources for p in program.statements(s, ast.SessionRate)}
    named |= {p.node.parameter.value for s in sources for p in program.statements(s, ast.FixedTimeFloor)}
    named |= {p.node.parameter.value for s in sources for p in program.statements(s, ast.FixedTimeCeiling)}
    for name in list(named):
        parameter = program.parameters.get(name)
        unit = parameter.unit.value if parameter is not None and parameter.unit is not None else ""
        if unit.endswith("_multiple"):
            named.add(unit[: -len("_multiple")])
    return named


def _parameters_used(version: ir.Version, parameters: dict[str, ir.Parameter]) -> set[str]:
    names = {r.parameter for r in version.rates}
    if version.fixed_time is not None:
        names |= {b.parameter for b in version.fixed_time.floors}
        if version.fixed_time.ceiling is not None:
            names.add(version.fixed_time.ceiling.parameter)
    for name in list(names):   # a NAME_multiple unit brings in parameter NAME
        unit = parameters[name].unit or ""
        if unit.endswith("_multiple"):
            names.add(unit[: -len("_multiple")])
    return names


class _Lowering:
    """The rules of a validator's instruments in force on one date, lowered to an ir.Version."""

    def __init__(self, program: Program, sources: tuple[str, ...], vocabularies, parameters, tables,
                 on: datetime.date | None) -> None:
        self.program = program
        self.instrument = sources[0]
        self.sources = sources
        self.on = on
        self.vocabularies = vocabularies
        self.parameters = {p.id: p for p in parameters}
        self.tables = {t.id: t for t in tables}

    def origin(self, placed: Placed[ast.Node]) -> ir.Origin:
        return _origin(placed.node, placed.instrument, placed.citation)

    def statements(self, kind: type[N]) -> list[Placed[N]]:
        return [p for source in self.sources for p in self.program.statements(source, kind, on=self.on)]

    def one(self, kind: type[N]) -> Placed[N] | None:
        found = self.statements(kind)
        return found[0] if found else None

    def version(self, end: datetime.date | None) -> ir.Version:
        scope = self.one(ast.Scope)
        if scope is None:
            raise InternalError("a validator without `scope` passed the checks")
        used_tables = sorted({p.node.table.value for p in self.statements(ast.CapTable)}
                             | {p.node.table.value for p in self.statements(ast.FixedTimeTable)})
        version = ir.Version(
            start=self.on, end=end, changed_by=self.changed_by(used_tables),
            scope=tuple(n.value for n in scope.node.forms), scope_origin=self.origin(scope),
            methods=tuple((p.node.method.value, tuple(n.value for n in p.node.forms), self.origin(p))
                          for p in self.statements(ast.Method)),
            activities=self.activities(), session_rule=self.session_rule(),
            session_caps=tuple(ir.SessionCap(p.node.scope.value, p.node.limit, tuple(a.value for a in p.node.areas), self.origin(p))
                               for p in self.statements(ast.CapSessions)),
            table_caps=tuple(ir.TableCap(p.node.scope.value, p.node.table.value,
                                         ((p.node.fixing[0].value, p.node.fixing[1].value),) if p.node.fixing else (),
                                         tuple(str(c) for c in p.node.activities), tuple(a.value for a in p.node.areas),
                                         self.origin(p), _ground(p.node.ground)) for p in self.statements(ast.CapTable)),
            replacement_caps=tuple(ir.ReplacementCap(p.node.limit, p.node.successor_method.value, self.origin(p),
                                                     _ground(p.node.ground))
                                   for p in self.statements(ast.CapReplacement)),
            rates=tuple(ir.Rate(p.node.kind.value, tuple(a.value for a in p.node.areas), p.node.parameter.value,
                                p.node.of.value if p.node.of else None, self.origin(p)) for p in self.statements(ast.SessionRate)),
            not_paid=tuple((p.node.what.value, self.origin(p)) for p in self.statements(ast.NotPaid)),
            fixed_time=self.fixed_time(),
            tables=tuple(self.tables[name].on(self.on) for name in used_tables),
            eligibility=self.eligibility(),
            day_limit=self.day_limit(), ties=self.ties(), keeps=self.keeps(),
        )
        reference = sorted({r.kind for r in version.rates if r.of_kind is None})
        return dataclasses.replace(version, reference_kind=reference[0] if reference else None,
                                   areas=self.areas(version))

    def areas(self, version: ir.Version) -> tuple[ir.AreaRules, ...]:
        """What of the version applies in each area: each proceeding (of the form `proceedings`) and
        each other form. A rule applies in an area when it names the area or its form."""
        members = {v.id: v.ids for v in self.vocabularies}
        pairs = [(p, "proceedings") for p in members.get("proceeding", ())]
        pairs += [(f, f) for f in members.get("form", ()) if f != "proceedings"]
        ft = version.fixed_time
        out = []
        for area, form in pairs:
            names = {area, form}
            caps = sorted((c for c in version.session_caps if names & set(c.areas)), key=lambda c: c.scope != "per_provider")
            tables = [t for t in ft.tables if area in t.areas] if ft else []
            floors = ([b for b in ft.floors if area in b.areas] or [b for b in ft.floors if form in b.areas]) if ft else []
            out.append(ir.AreaRules(
                area=area, form=form,
                activities=tuple(a.citation for a in version.activities if names & set(a.areas)),
                session_caps=tuple(caps), least_limit=min((c.limit for c in caps), default=None),
                table_caps=tuple(c for c in version.table_caps if names & set(c.areas)),
                rates=tuple(r for r in version.rates if names & set(r.areas)),
                fixed_table=tables[-1] if tables else None,   # a later rule for the same area prevails
                floor=floors[-1] if floors else None))
        return tuple(out)

    def keeps(self) -> tuple[str, ir.Origin] | None:
        """The transitional provision of the changes that begin this version, if they have one."""
        if self.on is None:
            return None
        found = next((self.program.transitions[s, self.on] for s in self.sources if (s, self.on) in self.program.transitions), None)
        return (found.node.which.value, self.origin(found)) if found else None

    def day_limit(self) -> ir.DayLimit | None:
        day = self.one(ast.DayLimit)
        return ir.DayLimit(day.node.hours, day.node.counting.value, self.origin(day)) if day else None

    def ties(self) -> ir.Ties | None:
        ties = self.one(ast.Ties)
        return ir.Ties(ties.node.by.value, self.origin(ties)) if ties else None

    def changed_by(self, tables: list[str]) -> tuple[ir.Origin, ...]:
        """The amending operations that make this version differ from the one before: those whose
        statements begin on its first day or end the day before, and the cell changes of its tables."""
        if self.on is None:
            return ()
        day_before = self.on - datetime.timedelta(days=1)
        found: dict[int, ir.Origin] = {}
        for p in self.program.placed + self.program.provision_items:
            if p.instrument not in self.sources:
                continue
            if p.period.by is not None and p.period.start == self.on:
                found[id(p.period.by.node)] = self.origin(p.period.by)
            if p.period.ended_by is not None and p.period.end == day_before:
                found[id(p.period.ended_by.node)] = self.origin(p.period.ended_by)
        for name in tables:
            for change in self.tables[name].changes:
                if change.start == self.on:
                    found[id(change)] = change.cell.origin
        return tuple(sorted(found.values(), key=lambda o: (o.file, o.line)))

    def eligibility(self) -> ir.Eligibility | None:
        groups = self.statements(ast.Eligible)
        if not groups:
            return None
        on = self.one(ast.EligibilityOn)
        return ir.Eligibility(
            groups=tuple(ir.EligibleGroup(p.node.group.value, p.node.condition.value if p.node.condition else None,
                                          self.label(p.instrument, p.citation), self.origin(p),
                                          f"{p.period.by.instrument}, in force from {p.period.start}" if p.period.by
                                          else None) for p in groups),
            judged_on=on.node.date.value if on else "assigned_on", origin=self.origin(on) if on else None,
            includes=tuple(ir.GroupIncludes(p.node.group.value, tuple(m.value for m in p.node.members), self.origin(p))
                           for p in self.statements(ast.GroupIncludes)))

    def label(self, instrument: str, citation: str) -> str:
        """The English text of a provision in force on this version's date, for messages."""
        provision = self.program.instruments[instrument].provision_on(citation, self.on)
        if provision is None:
            return ""
        return next((t.text for t in provision.node.items if isinstance(t, ast.LangText) and t.kind == "text"
                     and t.lang == "en"), "")

    def activities(self) -> tuple[ir.Activity, ...]:
        provisions = self.program.instruments[self.instrument]
        areas: dict[str, list[tuple[str, ir.Origin]]] = {}
        for p in self.program.statements(self.instrument, ast.Activity, on=self.on):
            areas.setdefault(p.citation, []).extend((a.value, self.origin(p)) for a in p.node.areas)
        for also in self.program.statements(self.instrument, ast.ActivitiesAlso, on=self.on):
            for cited in also.node.activities:
                areas.setdefault(str(cited), []).extend((a.value, self.origin(also)) for a in also.node.areas)
        certifiers: dict[str, Placed[ast.Certify]] = {}
        for placed in self.program.statements(self.instrument, ast.Certify, on=self.on):
            for cited in placed.node.activities:
                certifiers.setdefault(str(cited), placed)
        order = {role: i for i, role in enumerate(self.program.members("certifier_role"))}
        result = []
        for citation in sorted(areas, key=lambda c: _citation_key(c)):
            certify = certifiers.get(citation)
            roles = sorted({r.value for r in certify.node.roles}, key=order.__getitem__) if certify else []
            provision = provisions.provision_on(citation, self.on)
            if provision is None:
                raise InternalError(f"activity {self.instrument} {citation} is not a provision in force on {self.on}")
            label = self.label(self.instrument, citation)
            first = dict.fromkeys(a for a, _ in areas[citation])   # each area once, with where it is first said
            origin_of: dict[str, ir.Origin] = {}
            for area, origin in areas[citation]:
                origin_of.setdefault(area, origin)
            result.append(ir.Activity(
                citation=citation, areas=tuple(first),
                area_origins=tuple(origin_of[a] for a in first), certifiers=tuple(roles),
                certifier_origin=self.origin(certify) if certify else None, label=label,
                origin=_origin(provision.node, self.instrument, citation)))
        return tuple(result)

    def session_rule(self) -> ir.SessionRule:
        hours = self.one(ast.SessionHours)
        if hours is None:
            raise InternalError("a validator without `session_hours` passed the checks")
        bands = session_bands(hours.node.hours, self.statements(ast.Remainder), Reporter(), hours)
        added = self.one(ast.HoursAdded)
        return ir.SessionRule(
            hours=hours.node.hours,
            bands=tuple(ir.SessionBand(lo, hi, counts, self.origin(placed)) for lo, hi, counts, placed in bands),
            added=added.node.how.value if added else "per_provider", origin=self.origin(hours))

    def fixed_time(self) -> ir.FixedTime | None:
        method = next((p for p in self.statements(ast.Method) if p.node.method.value == "fixed_time"), None)
        if method is None:
            return None
        chosen, level, stages = self.one(ast.FixedTimeChosen), self.one(ast.FixedTimeLevel), self.one(ast.FixedTimeStages)
        ceiling, shared = self.one(ast.FixedTimeCeiling), self.one(ast.FixedTimeShared)
        return ir.FixedTime(
            forms=tuple(n.value for n in method.node.forms), method_origin=self.origin(method),
            chosen=(chosen.node.earliest.value, chosen.node.latest.value, self.origin(chosen)) if chosen else None,
            level=(level.node.axis.value, level.node.pick.value, self.origin(level)) if level else None,
            stages=(stages.node.how.value, self.origin(stages)) if stages else None,
            tables=tuple(ir.FixedTimeTable(p.node.table.value, tuple(a.value for a in p.node.areas),
                                           tuple(a.value for a in p.node.axes), self.origin(p))
                         for p in self.statements(ast.FixedTimeTable)),
            floors=tuple(ir.Bound(p.node.times, p.node.parameter.value, tuple(a.value for a in p.node.areas), self.origin(p))
                         for p in self.statements(ast.FixedTimeFloor)),
            ceiling=ir.Bound(ceiling.node.times, ceiling.node.parameter.value, (), self.origin(ceiling)) if ceiling else None,
            multipliers=tuple(ir.Multiplier(p.node.percent / 100, p.node.when.value, p.node.at_least, self.origin(p))
                              for p in self.statements(ast.FixedTimeMultiplier)),
            shared=(shared.node.how.value, self.origin(shared)) if shared else None,
        )


_POINT_ORDER = {letter: i for i, letter in enumerate("a b c d dd e g h i k l m n".split())}


def _citation_key(citation: str) -> tuple:
    """4.1.dd -> (4, 0), (1, 0), 4; an inserted article 7a comes after 7: (7, 1)."""
    article, *rest = citation.split(".")
    number = article.rstrip("abcdefghijklmnopqrstuvwxyz")
    key = [(int(number), len(article) - len(number) and ord(article[-1])) if number.isdigit() else (0, 0)]
    return tuple(key + [int(p) if p.isdigit() else _POINT_ORDER.get(p, 99) for p in rest])
