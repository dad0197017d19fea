"""What each name and citation of the rule files stands for, and where: the index `regc lsp` navigates by.

Built from the ASTs of a compiled tree (workspace.Analysis) and its resolved program. Every name a
statement uses is taken as resolve.py's _Names takes it (a role is a member of `certifier_role`, an
area a member of `proceeding` or `form`, `4.1.a` a provision of the instrument the statement is placed
in, the target of an amending act's operation a provision of the instrument it amends), so hover,
definition, references and rename agree with the compiler on what a name means.

No LSP type here: spans in, spans out (the server converts them).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import ast
from ..resolve import Program
from ..source import SourceFile, Span

# How an occurrence stands for its symbol: its definition, another version of it (a provision an
# amending act replaces or inserts), a use of it, or a mention (hover and definition only: a point's
# `activity` statement mentions the point; it is not a reference and is not renamed).
DEFINITION, VERSION, REFERENCE, MENTION = "definition", "version", "reference", "mention"

# What rename may change: names written once where they are defined and everywhere they are used.
RENAMABLE = ("member", "vocabulary", "table", "parameter")


@dataclass(frozen=True, slots=True)
class Symbol:
    """What a name stands for. kind: provision (instrument, citation), member (vocabulary, id),
    vocabulary (id,), parameter (id,), table (id,) or cell (table, coordinate, ...)."""
    kind: str
    key: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.key[-1] if self.kind != "cell" else self.key[0]


@dataclass(frozen=True, slots=True)
class Occurrence:
    span: Span
    symbol: Symbol
    role: str   # DEFINITION | VERSION | REFERENCE | MENTION


@dataclass(frozen=True, slots=True)
class Outline:
    """An item of a file's outline (document symbols): its name, a short detail, its kind, the span of
    all of it and the span to select (its name or header), and the items it holds."""
    name: str
    detail: str
    kind: str   # instrument | chapter | article | clause | point | operation | vocabulary | member | parameter | table | choice
    span: Span
    selection: Span
    children: tuple[Outline, ...] = ()


@dataclass
class Index:
    by_file: dict[str, list[Occurrence]] = field(default_factory=dict)     # sorted by start
    by_symbol: dict[Symbol, list[Occurrence]] = field(default_factory=dict)
    instrument_of: dict[str, str | None] = field(default_factory=dict)     # rule file -> the instrument it belongs to

    def add(self, span: Span, symbol: Symbol, role: str) -> None:
        occurrence = Occurrence(span, symbol, role)
        self.by_file.setdefault(span.file, []).append(occurrence)
        self.by_symbol.setdefault(symbol, []).append(occurrence)

    def finish(self) -> None:
        for occurrences in self.by_file.values():
            occurrences.sort(key=lambda o: (o.span.start, -o.span.end))

    def at(self, file: str, offset: int) -> Occurrence | None:
        """The innermost occurrence at an offset (a name in a cell before the cell), or None. An offset
        just after a name counts as on it, as an editor's cursor at the end of a word is."""
        occurrences = self.by_file.get(file, [])
        # Occurrences are short except cells and mentions: looking back a few hundred is enough.
        stop = bisect.bisect_right([o.span.start for o in occurrences], offset)
        found = [o for o in occurrences[max(0, stop - 400):stop] if o.span.start <= offset <= o.span.end]
        return min(found, key=lambda o: o.span.end - o.span.start, default=None)

    def definitions(self, symbol: Symbol) -> list[Occurrence]:
        """Where a symbol is defined; for a provision, as first written, then each later version."""
        found = self.by_symbol.get(symbol, [])
        return [o for o in found if o.role == DEFINITION] + [o for o in found if o.role == VERSION]

    def references(self, symbol: Symbol, declaration: bool) -> list[Occurrence]:
        roles = (REFERENCE, DEFINITION, VERSION) if declaration else (REFERENCE,)
        return [o for o in self.by_symbol.get(symbol, []) if o.role in roles]


def build(files: dict[str, ast.RuleFile], sources: dict[str, SourceFile], program: Program) -> Index:
    index = Index()
    for name, rule_file in files.items():
        _Indexer(index, program, sources[name], rule_file).run()
    index.finish()
    return index


def header(span: Span, source: SourceFile) -> Span:
    """The first line of a block (`point a {`): where a provision is shown and selected."""
    line = source.line_text(span.line)
    end = span.start + len(line.rstrip()) - (span.col - 1)
    return source.span(span.start, min(span.end, max(span.start, end)))


def file_instrument(rule_file: ast.RuleFile) -> str | None:
    for item in rule_file.items:
        if isinstance(item, ast.Instrument):
            return item.id
        if isinstance(item, ast.PartOf):
            return item.instrument
    return None


class _Indexer:
    def __init__(self, index: Index, program: Program, source: SourceFile, rule_file: ast.RuleFile) -> None:
        self.index, self.program, self.source, self.file = index, program, source, rule_file
        self.instrument = file_instrument(rule_file)
        index.instrument_of[rule_file.path] = self.instrument
        # An act's statements outside any article may say which instrument all its operations change.
        self.amending = next((i.instrument for i in rule_file.items if isinstance(i, ast.Amending)), None)

    def run(self) -> None:
        for item in self.file.items:
            if isinstance(item, ast.Provision):
                if self.instrument is not None:
                    self.provision(item, self.instrument, (), DEFINITION, self.amending)
            elif isinstance(item, ast.Vocabulary):
                self.index.add(item.id.span, Symbol("vocabulary", (item.id.value,)), DEFINITION)
                for member in item.members:
                    self.index.add(member.id.span, Symbol("member", (item.id.value, member.id.value)), DEFINITION)
            elif isinstance(item, ast.Parameter):
                self.index.add(item.id.span, Symbol("parameter", (item.id.value,)), DEFINITION)
            elif isinstance(item, ast.Table):
                self.table(item)
            elif not isinstance(item, (ast.Instrument, ast.PartOf)) and self.instrument is not None:
                self.statement(item, self.instrument, "", self.amending)

    # -- provisions
    def provision(self, node: ast.Provision, instrument: str, path: tuple[str, ...], role: str,
                  amending: str | None) -> None:
        if node.level == "chapter":
            citation, inner = f"chapter {node.number}", path
        else:
            inner = path + (node.number,)
            citation = ".".join(inner)
        self.index.add(header(node.span, self.source), Symbol("provision", (instrument, citation)), role)
        amending = next((i.instrument for i in node.items if isinstance(i, ast.Amending)), amending)
        for item in node.items:
            if isinstance(item, ast.Provision):
                self.provision(item, instrument, inner, role, amending)
            elif isinstance(item, ast.Choice):
                for option in item.options:   # every reading's rules, not only the one in force
                    for statement in option.statements:
                        self.statement(statement, instrument, citation, amending)
            else:
                self.statement(item, instrument, citation, amending)

    def base(self, instrument: str, amending: str | None) -> str:
        """The instrument an operation of an act changes (as consolidate._base_of finds it, for provisions)."""
        info = self.program.instruments.get(instrument)
        amends = info.decl.amends if info is not None else ()
        if amending is not None and amending in amends:
            return amending
        return amends[0] if amends else instrument

    # -- names
    def member(self, name: ast.Name, vocabulary: str) -> None:
        self.index.add(name.span, Symbol("member", (vocabulary, name.value)), REFERENCE)

    def area(self, name: ast.Name) -> None:
        for vocabulary in ("proceeding", "form"):
            if name.value in self.program.members(vocabulary):
                self.member(name, vocabulary)
                return

    def named(self, kind: str, name: ast.Name) -> None:
        self.index.add(name.span, Symbol(kind, (name.value,)), REFERENCE)

    def cite(self, citation: ast.Citation, instrument: str) -> None:
        self.index.add(citation.span, Symbol("provision", (instrument, str(citation))), REFERENCE)

    def ground(self, ground: ast.Ground | None) -> None:
        if ground is not None:
            self.cite(ground.citation, ground.instrument)

    # -- tables and their cells
    def table(self, table: ast.Table) -> None:
        self.index.add(table.id.span, Symbol("table", (table.id.value,)), DEFINITION)
        for axis in table.axes:
            self.named("vocabulary", axis.vocabulary)
            for value in axis.values:
                self.member(value, axis.vocabulary.value)
        for cell in table.cells:
            self.cell(table.id.value, cell.key, cell.span, DEFINITION)

    def cell(self, table_name: str, key: tuple[ast.CellCoord, ...], span: Span, role: str) -> None:
        table = self.program.tables.get(table_name)
        if table is None:
            return
        for coord, axis in zip(key, table.axes, strict=False):
            for value in coord.values:
                self.member(value, axis.vocabulary.value)
        normal = cell_key(key, table)
        if normal is not None:
            self.index.add(span, Symbol("cell", (table_name, *normal)), role)

    # -- statements, as resolve._Names reads them
    def statement(self, node: ast.Node, instrument: str, citation: str, amending: str | None) -> None:
        if isinstance(node, ast.Scope):
            for name in node.forms:
                self.member(name, "form")
        elif isinstance(node, ast.Method):
            self.member(node.method, "method")
            for name in node.forms:
                self.member(name, "form")
        elif isinstance(node, ast.Activity):
            for name in node.areas:
                self.area(name)
            self.index.add(node.span, Symbol("provision", (instrument, citation)), MENTION)
        elif isinstance(node, ast.ActivitiesAlso):
            for cited in node.activities:
                self.cite(cited, instrument)
            for name in node.areas:
                self.area(name)
        elif isinstance(node, ast.Certify):
            for cited in node.activities:
                self.cite(cited, instrument)
            for role in node.roles:
                self.member(role, "certifier_role")
        elif isinstance(node, (ast.CapSessions, ast.ChangeCap)):
            if isinstance(node, ast.ChangeCap):
                self.cite(node.citation, self.base(instrument, amending))
            for name in node.areas:
                self.area(name)
        elif isinstance(node, ast.CapTable):
            self.named("table", node.table)
            if node.fixing is not None:
                self.named("vocabulary", node.fixing[0])
                self.member(node.fixing[1], node.fixing[0].value)
            for cited in node.activities:
                self.cite(cited, instrument)
            for name in node.areas:
                self.area(name)
            self.ground(node.ground)
        elif isinstance(node, ast.CapReplacement):
            self.member(node.successor_method, "method")
            self.ground(node.ground)
        elif isinstance(node, ast.SessionRate):
            self.member(node.kind, "provider_kind")
            for name in node.areas:
                self.area(name)
            self.named("parameter", node.parameter)
            if node.of is not None:
                self.member(node.of, "provider_kind")
        elif isinstance(node, ast.FixedTimeTable):
            self.named("table", node.table)
            for name in node.areas:
                self.area(name)
            for axis in node.axes:
                self.named("vocabulary", axis)
        elif isinstance(node, ast.FixedTimeLevel):
            self.named("vocabulary", node.axis)
        elif isinstance(node, ast.FixedTimeFloor):
            self.named("parameter", node.parameter)
            for name in node.areas:
                self.area(name)
        elif isinstance(node, ast.FixedTimeCeiling):
            self.named("parameter", node.parameter)
        elif isinstance(node, (ast.Eligible, ast.AddEligible)):
            self.member(node.group, "aided_group")
            if node.condition is not None:
                self.member(node.condition, "aided_group")
            if isinstance(node, ast.AddEligible):
                self.index.add(node.article_span, Symbol("provision", (self.base(instrument, amending), node.article)),
                               REFERENCE)
        elif isinstance(node, ast.GroupIncludes):
            for name in (node.group, *node.members):
                self.member(name, "aided_group")
        elif isinstance(node, ast.EligibleUnconditional):
            self.member(node.group, "aided_group")
        elif isinstance(node, ast.ProvisionOp):
            base = self.base(instrument, amending)
            self.index.add(node.target_span, Symbol("provision", (base, node.target)), REFERENCE)
            if node.body is not None:   # the new words: a version of the provision, in the instrument it amends
                parent = tuple(node.target.split(".")[:-1])
                self.provision(node.body, base, parent, VERSION, amending)
        elif isinstance(node, ast.ChangeParameter):
            self.named("parameter", node.parameter)
        elif isinstance(node, ast.ChangeCell):
            self.named("table", node.table)
            self.cell(node.table.value, node.key, node.span, REFERENCE)
        elif isinstance(node, ast.AddMember):
            self.named("vocabulary", node.vocabulary)
            self.index.add(node.member.id.span, Symbol("member", (node.vocabulary.value, node.member.id.value)), DEFINITION)


def cell_key(key: tuple[ast.CellCoord, ...], table: ast.Table) -> tuple[str, ...] | None:
    """A cell's key as the compiler keys it (consolidate._cell_key): each coordinate's values in axis
    order, joined with `+`; None for a key that does not fit the table (reported by the checks)."""
    if len(key) != len(table.axes):
        return None
    out = []
    for coord, axis in zip(key, table.axes, strict=True):
        order = [v.value for v in axis.values]
        if any(v.value not in order for v in coord.values):
            return None
        out.append("+".join(sorted((v.value for v in coord.values), key=order.index)))
    return tuple(out)


# -- outline -------------------------------------------------------------------------------------

def outline(rule_file: ast.RuleFile, source: SourceFile) -> list[Outline]:
    """A file's outline: its instrument, provisions (with the operations of an amending act and the
    provisions they bring), vocabularies and their ids, parameters and tables."""
    out: list[Outline] = []
    for item in rule_file.items:
        if isinstance(item, ast.Instrument):
            out.append(Outline(item.id, _text(item.texts, "title"), "instrument", item.span, header(item.span, source)))
        elif isinstance(item, ast.PartOf):
            out.append(Outline(f"part of {item.instrument}", "", "instrument", item.span, item.span))
        elif isinstance(item, ast.Provision):
            out.append(_provision(item, (), source))
        elif isinstance(item, ast.Vocabulary):
            members = tuple(Outline(m.id.value, _text(m.texts, "label"), "member", m.span, m.id.span) for m in item.members)
            out.append(Outline(item.id.value, _text(item.texts, "title"), "vocabulary", item.span, item.id.span, members))
        elif isinstance(item, ast.Parameter):
            out.append(Outline(item.id.value, _text(item.texts, "title"), "parameter", item.span, item.id.span))
        elif isinstance(item, ast.Table):
            out.append(Outline(item.id.value, _text(item.texts, "title"), "table", item.span, item.id.span))
        else:
            out.extend(_operations(item, source))
    return out


def _provision(node: ast.Provision, path: tuple[str, ...], source: SourceFile, name: str | None = None) -> Outline:
    inner = path if node.level == "chapter" else path + (node.number,)
    shown = name or (f"Chapter {node.number}" if node.level == "chapter" else f"{node.level.capitalize()} {'.'.join(inner)}")
    children: list[Outline] = []
    for item in node.items:
        if isinstance(item, ast.Provision):
            children.append(_provision(item, inner, source))
        elif isinstance(item, ast.Choice):
            children.append(Outline(f"choice {item.id.value}", _text(item.texts, "title"), "choice", item.span, item.id.span))
        else:
            children.extend(_operations(item, source))
    detail = _text(node.items, "title") or _text(node.items, "text")
    return Outline(shown, detail, node.level, node.span, header(node.span, source), tuple(children))


def _operations(item: ast.Node, source: SourceFile) -> Iterator[Outline]:
    """An amending act's operation on a provision, with the provision it brings."""
    if isinstance(item, ast.ProvisionOp):
        name = f"{item.op} {item.level} {item.target}"
        if item.body is None:
            yield Outline(name, "", "operation", item.span, item.target_span)
        else:
            parent = tuple(item.target.split(".")[:-1])
            body = _provision(item.body, parent, source, name)
            yield Outline(name, body.detail, "operation", item.span, item.target_span, body.children)


def _text(items: tuple[ast.Node, ...], kind: str) -> str:
    """The English text of a kind among items (else the Vietnamese), on one line and short."""
    texts = [t for t in items if isinstance(t, ast.LangText) and t.kind == kind and t.text]
    chosen = next((t for t in texts if t.lang == "en"), texts[0] if texts else None)
    if chosen is None:
        return ""
    words = " ".join(chosen.text.split())
    return words if len(words) <= 80 else words[:79] + "…"
