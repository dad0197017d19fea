"""Pass 3: name and citation resolution over all rule files at once.

Takes the surface AST of every file and builds the symbol tables: instruments and their
provisions by citation, vocabularies and their members, parameters, tables. It then checks
every name and citation a statement uses, reporting unknown ones with "did you mean".

Output: a `Program` in which every rule statement is `Placed`: paired with the instrument and
the citation (article.clause.point) it stands under, so later passes cite the law without
looking anything up again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import ast, codes
from .diagnostics import Label, Reporter, did_you_mean
from .source import Span

# Vocabularies the validators cannot do without (contract §2), and what each names.
REQUIRED_VOCABULARIES = ("form", "proceeding", "method", "provider_kind", "certifier_role",
                         "offense_class", "complexity", "stage")

# Words with a fixed meaning in the language, checked like names (so a typo gets a hint).
MECHANISMS = {
    "cap_scope": ("per_provider", "per_case"),
    "hours_added": ("per_provider", "per_entry"),
    "not_paid": ("work_during_suspension", "work_outside_provider_period"),
    "case_date": ("work_date", "payment_date", "last_entry_date", "assigned_on", "first_task", "method_chosen_on"),
    "level_pick": ("most_serious",),
    "stages_how": ("added_up",),
    "multiplier_when": ("providers", "offenses"),
    "shared_how": ("by_tasks",),
    "kind": ("circular", "decree", "law", "resolution", "decision"),
}


@dataclass(frozen=True, slots=True)
class ProvisionInfo:
    node: ast.Provision
    instrument: str
    citation: str        # "4", "4.1" or "4.1.a"; chapters are "chapter II"
    chapter: str | None
    file: str


@dataclass(frozen=True, slots=True)
class Placed:
    """A rule statement with the instrument and provision it stands in."""
    node: ast.Node
    instrument: str
    citation: str
    file: str


@dataclass
class InstrumentInfo:
    decl: ast.Instrument
    file: str
    provisions: dict[str, ProvisionInfo] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


@dataclass
class Program:
    files: tuple[ast.RuleFile, ...]
    instruments: dict[str, InstrumentInfo]
    vocabularies: dict[str, ast.Vocabulary]
    parameters: dict[str, ast.Parameter]
    tables: dict[str, ast.Table]
    placed: list[Placed]
    # Non-statement provision items worth keeping in order (texts, notes, examples, ...).
    provision_items: list[Placed]

    def members(self, vocabulary: str) -> tuple[str, ...]:
        vocab = self.vocabularies.get(vocabulary)
        return tuple(m.id.value for m in vocab.members) if vocab else ()

    def statements(self, instrument: str, kind: type) -> list[Placed]:
        return [p for p in self.placed if p.instrument == instrument and isinstance(p.node, kind)]


_PROVISION_ITEMS = (ast.LangText, ast.Pending, ast.Informative, ast.Interpretation, ast.Example)


def run(files: tuple[ast.RuleFile, ...], reporter: Reporter) -> Program:
    program = Program(files, {}, {}, {}, {}, [], [])
    _collect_declarations(program, reporter)
    _collect_provisions(program, reporter)
    _Names(program, reporter).check_all()
    return program


# -- declarations -------------------------------------------------------------------------

def _collect_declarations(program: Program, reporter: Reporter) -> None:
    first: dict[tuple[str, str], Span] = {}

    def unique(kind: str, name: str, span: Span) -> bool:
        if (kind, name) in first:
            reporter.error(codes.DUPLICATE_NAME, f"{kind} `{name}` is defined twice", span,
                           secondary=[Label(first[kind, name], "first defined here")],
                           hint="remove one of the two, or give one another name")
            return False
        first[kind, name] = span
        return True

    for file in program.files:
        for item in file.items:
            if isinstance(item, ast.Instrument) and unique("instrument", item.id, item.span):
                program.instruments[item.id] = InstrumentInfo(item, file.path)
            elif isinstance(item, ast.Vocabulary) and unique("vocabulary", item.id.value, item.id.span):
                program.vocabularies[item.id.value] = item
                for member in item.members:
                    unique(f"member of {item.id.value}", member.id.value, member.id.span)
            elif isinstance(item, ast.Parameter) and unique("parameter", item.id.value, item.id.span):
                program.parameters[item.id.value] = item
            elif isinstance(item, ast.Table) and unique("table", item.id.value, item.id.span):
                program.tables[item.id.value] = item

    if program.files and any(f.items for f in program.files):
        anchor = program.files[0].span
        for name in REQUIRED_VOCABULARIES:
            if name not in program.vocabularies:
                reporter.error(codes.MISSING_VOCABULARY, f"no file defines `vocabulary {name}`", anchor,
                               hint="the validators need it: see contract §2 for its ids")


# -- provisions ---------------------------------------------------------------------------

_UNKNOWN = "<unknown instrument>"   # `part of` an instrument no file declares: already reported


def _collect_provisions(program: Program, reporter: Reporter) -> None:
    for file in program.files:
        instrument = _file_instrument(file, program, reporter)
        if instrument is _UNKNOWN:
            continue
        for item in file.items:
            if isinstance(item, ast.Provision):
                if instrument is None:
                    reporter.error(codes.NOT_IN_INSTRUMENT, f"{item.level} {item.number} is in a file that names no instrument",
                                   item.span, hint='start the file with `part of "NUMBER"` or an `instrument` block')
                    continue
                _walk(item, program, instrument, file.path, None, (), reporter)


def _file_instrument(file: ast.RuleFile, program: Program, reporter: Reporter) -> str | None:
    """The instrument a file's provisions belong to; None if it names none, _UNKNOWN if it names an unknown one."""
    for item in file.items:
        if isinstance(item, ast.Instrument):
            program.instruments[item.id].files.append(file.path) if item.id in program.instruments else None
            return item.id
        if isinstance(item, ast.PartOf):
            if item.instrument not in program.instruments:
                reporter.error(codes.UNKNOWN_INSTRUMENT, f'no rule file declares instrument "{item.instrument}"', item.span,
                               hint=did_you_mean(item.instrument, program.instruments) or "declare it with an `instrument` block")
                return _UNKNOWN
            program.instruments[item.instrument].files.append(file.path)
            return item.instrument
    return None


def _walk(node: ast.Provision, program: Program, instrument: str, file: str, chapter: str | None,
          path: tuple[str, ...], reporter: Reporter) -> None:
    info = program.instruments[instrument]
    if node.level == "chapter":
        chapter, citation, child_path = node.number, f"chapter {node.number}", ()
    else:
        child_path = path + (node.number,)
        citation = ".".join(child_path)
        expected = {"article": 0, "clause": 1, "point": 2}[node.level]
        if len(path) != expected:
            reporter.error(codes.SYNTAX, f"a {node.level} cannot stand here (inside {'.'.join(path) or 'a chapter'})",
                           node.span, hint="articles hold clauses, clauses hold points")
            return
    if citation in info.provisions:
        first = info.provisions[citation]
        reporter.error(codes.DUPLICATE_CITATION, f"{instrument} {citation} is written twice", node.span,
                       secondary=[Label(first.node.span, "first written here")],
                       hint="merge the two into one provision")
        return
    info.provisions[citation] = ProvisionInfo(node, instrument, citation, chapter, file)
    for item in node.items:
        if isinstance(item, ast.Provision):
            _walk(item, program, instrument, file, chapter, child_path, reporter)
        elif isinstance(item, _PROVISION_ITEMS):
            program.provision_items.append(Placed(item, instrument, citation, file))
        else:
            program.placed.append(Placed(item, instrument, citation, file))


# -- names ---------------------------------------------------------------------------------

class _Names:
    """Checks every name and citation a statement, parameter or table uses."""

    def __init__(self, program: Program, reporter: Reporter) -> None:
        self.program = program
        self.reporter = reporter

    def check_all(self) -> None:
        for info in self.program.instruments.values():
            if info.decl.kind is not None:
                self.mechanism(info.decl.kind, "kind")
        for placed in self.program.placed:
            method = getattr(self, "visit_" + type(placed.node).__name__)
            method(placed.node, placed)
        for table in self.program.tables.values():
            self.visit_table(table)
        for parameter in self.program.parameters.values():
            for name in parameter.applies_on:
                self.mechanism(name, "case_date")

    # -- kinds of names
    def member(self, name: ast.Name, vocabulary: str, what: str | None = None) -> None:
        members = self.program.members(vocabulary)
        if vocabulary in self.program.vocabularies and name.value not in members:
            self.reporter.error(codes.UNKNOWN_NAME, f"`{name.value}` is not a {what or vocabulary.replace('_', ' ')}",
                                name.span, hint=did_you_mean(name.value, members) or f"one of: {', '.join(members)}")

    def area(self, name: ast.Name) -> None:
        """A proceeding (criminal, ...) or a form (proceedings, extrajudicial)."""
        known = self.program.members("proceeding") + self.program.members("form")
        if name.value not in known:
            self.reporter.error(codes.UNKNOWN_NAME, f"`{name.value}` is neither a form nor a proceeding", name.span,
                                hint=did_you_mean(name.value, known) or f"one of: {', '.join(known)}")

    def mechanism(self, name: ast.Name, kind: str) -> None:
        allowed = MECHANISMS[kind]
        if name.value not in allowed:
            self.reporter.error(codes.UNKNOWN_NAME, f"`{name.value}` is not one of the words allowed here", name.span,
                                hint=did_you_mean(name.value, allowed) or f"one of: {', '.join(allowed)}")

    def vocabulary(self, name: ast.Name) -> bool:
        """Whether `name` names a vocabulary; reports it (with a hint) when not."""
        if name.value in self.program.vocabularies:
            return True
        self.reporter.error(codes.UNKNOWN_NAME, f"no vocabulary is named `{name.value}`", name.span,
                            hint=did_you_mean(name.value, self.program.vocabularies))
        return False

    def parameter(self, name: ast.Name) -> None:
        if name.value not in self.program.parameters:
            self.reporter.error(codes.UNKNOWN_NAME, f"no parameter is named `{name.value}`", name.span,
                                hint=did_you_mean(name.value, self.program.parameters))

    def table(self, name: ast.Name) -> None:
        if name.value not in self.program.tables:
            self.reporter.error(codes.UNKNOWN_NAME, f"no table is named `{name.value}`", name.span,
                                hint=did_you_mean(name.value, self.program.tables))

    def citation(self, citation: ast.Citation, instrument: str) -> None:
        provisions = self.program.instruments[instrument].provisions
        if str(citation) not in provisions:
            points = [c for c in provisions if c.count(".") == 2]
            self.reporter.error(codes.UNKNOWN_CITATION, f"{instrument} has no point {citation}", citation.span,
                                hint=did_you_mean(str(citation), points))

    # -- statements
    def visit_Scope(self, node: ast.Scope, placed: Placed) -> None:
        for name in node.forms:
            self.member(name, "form")

    def visit_Method(self, node: ast.Method, placed: Placed) -> None:
        self.member(node.method, "method")
        for name in node.forms:
            self.member(name, "form")

    def visit_InForce(self, node, placed) -> None:
        pass

    def visit_Supersedes(self, node, placed) -> None:
        pass

    def visit_BeforeInForce(self, node: ast.BeforeInForce, placed: Placed) -> None:
        self.mechanism(node.judged_by, "case_date")

    def visit_Activity(self, node: ast.Activity, placed: Placed) -> None:
        for name in node.areas:
            self.area(name)
        if placed.citation.count(".") != 2:
            self.reporter.error(codes.WRONG_KIND, "`activity` belongs in a point: the point is the activity",
                                node.span, hint="move it into the `point` it describes")

    def visit_ActivitiesAlso(self, node: ast.ActivitiesAlso, placed: Placed) -> None:
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for name in node.areas:
            self.area(name)

    def visit_Certify(self, node: ast.Certify, placed: Placed) -> None:
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for role in node.roles:
            self.member(role, "certifier_role")

    def visit_SessionHours(self, node, placed) -> None:
        pass

    def visit_Remainder(self, node, placed) -> None:
        pass

    def visit_HoursAdded(self, node: ast.HoursAdded, placed: Placed) -> None:
        self.mechanism(node.how, "hours_added")

    def visit_CapSessions(self, node: ast.CapSessions, placed: Placed) -> None:
        self.mechanism(node.scope, "cap_scope")
        for name in node.areas:
            self.area(name)

    def visit_CapTable(self, node: ast.CapTable, placed: Placed) -> None:
        self.mechanism(node.scope, "cap_scope")
        self.table(node.table)
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for name in node.areas:
            self.area(name)
        if node.fixing is not None:
            axis, value = node.fixing
            if self.vocabulary(axis):
                self.member(value, axis.value)

    def visit_SessionRate(self, node: ast.SessionRate, placed: Placed) -> None:
        self.member(node.kind, "provider_kind")
        for name in node.areas:
            self.area(name)
        self.parameter(node.parameter)
        if node.of is not None:
            self.member(node.of, "provider_kind")

    def visit_NotPaid(self, node: ast.NotPaid, placed: Placed) -> None:
        self.mechanism(node.what, "not_paid")

    def visit_FixedTimeTable(self, node: ast.FixedTimeTable, placed: Placed) -> None:
        self.table(node.table)
        for name in node.areas:
            self.area(name)
        for axis in node.axes:
            self.vocabulary(axis)

    def visit_FixedTimeChosen(self, node: ast.FixedTimeChosen, placed: Placed) -> None:
        self.mechanism(node.earliest, "case_date")
        self.mechanism(node.latest, "case_date")

    def visit_FixedTimeLevel(self, node: ast.FixedTimeLevel, placed: Placed) -> None:
        self.vocabulary(node.axis)
        self.mechanism(node.pick, "level_pick")

    def visit_FixedTimeStages(self, node: ast.FixedTimeStages, placed: Placed) -> None:
        self.mechanism(node.how, "stages_how")

    def visit_FixedTimeFloor(self, node: ast.FixedTimeFloor, placed: Placed) -> None:
        self.parameter(node.parameter)
        for name in node.areas:
            self.area(name)

    def visit_FixedTimeCeiling(self, node: ast.FixedTimeCeiling, placed: Placed) -> None:
        self.parameter(node.parameter)

    def visit_FixedTimeMultiplier(self, node: ast.FixedTimeMultiplier, placed: Placed) -> None:
        self.mechanism(node.when, "multiplier_when")

    def visit_FixedTimeShared(self, node: ast.FixedTimeShared, placed: Placed) -> None:
        self.mechanism(node.how, "shared_how")

    # -- tables and parameters
    def visit_table(self, table: ast.Table) -> None:
        for axis in table.axes:
            if self.vocabulary(axis.vocabulary):
                for value in axis.values:
                    self.member(value, axis.vocabulary.value)
