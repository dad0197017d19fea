"""Pass 4: amending acts -> the amended instruments as consolidated versions, one per period.

An amending act is an instrument that `amends` another. Its articles carry operations (replace,
insert or repeal an article, clause or point; change a cap, a parameter's value or a table cell;
add an id to a vocabulary), each in force from the act's own `in_force` date. This pass applies
them, in the order the acts come into force, to the resolved program: what an operation ends
gets an end date, what it brings is placed in the amended instrument from that date, cited to
the operation that brought it. The base files are never edited.

After this pass every statement has its period (`resolve.InForce`), and the rules in force on
any date are `program.statements(instrument, kind, on=date)`.

Two operations that change the same thing on the same date are a located error: neither act
prevails over the other. An act that comes into force later prevails over an earlier one, as
a later law does.
"""
from __future__ import annotations

import dataclasses
import datetime

from . import ast, codes
from .diagnostics import Label, Reporter, did_you_mean
from .resolve import CellChange, InForce, N, Placed, Program, check_names, placed_as, walk

_DAY = datetime.timedelta(days=1)


def run(program: Program, reporter: Reporter) -> None:
    acts = _acts(program, reporter)
    if reporter.has_errors:
        return
    touched: dict[tuple, Placed[ast.Node]] = {}   # what each date's operations change -> the first operation
    for date, act in sorted((date, act) for act, date in acts.items()):
        base = program.instruments[act].decl.amends
        assert base is not None, act   # _acts keeps only the acts that amend an instrument
        ops = [p for p in program.placed if p.instrument == act and isinstance(p.node, ast.AMENDMENT_OPS)]
        # New ids first: the act's new provisions may use them.
        ops.sort(key=lambda p: not isinstance(p.node, ast.AddMember))
        placed: list[Placed[ast.Node]] = []
        for op in ops:
            placed += _Operation(program, reporter, op, base, date, touched).apply()
        check_names(program, reporter, placed)


def _acts(program: Program, reporter: Reporter) -> dict[str, datetime.date]:
    """Each amending act and the date it comes into force; located errors for what is missing."""
    for op in program.placed:
        if isinstance(op.node, ast.AMENDMENT_OPS) and not program.instruments[op.instrument].decl.amends:
            reporter.error(codes.OP_OUTSIDE_ACT, f"{op.instrument} amends no instrument, so it cannot change one",
                           op.node.span, hint=f'add `amends "NUMBER"` to the `instrument "{op.instrument}"` block')
    for act, info in program.instruments.items():
        base = info.decl.amends
        if base is None:
            continue
        if base not in program.instruments:
            reporter.error(codes.NO_AMENDED, f'{act} amends "{base}", which no rule file declares', info.decl.span,
                           hint=did_you_mean(base, program.instruments) or "declare it, or correct the number")
            continue
        dates = program.statements(act, ast.InForce)
        if not dates:
            reporter.error(codes.NO_DATE, f"amending act {act} does not say when it comes into force", info.decl.span,
                           hint="add `in_force DATE` in the article that says so")
            continue
        program.acts[act] = dates[0].node.date
    return program.acts


def _overlap(a: str, b: str) -> bool:
    """Whether two citations name the same provision or one holds the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


class _Operation:
    """One operation of an amending act, applied to the instrument it amends on its date."""

    def __init__(self, program: Program, reporter: Reporter, op: Placed[ast.Node], base: str, date: datetime.date,
                 touched: dict[tuple, Placed[ast.Node]]) -> None:
        self.program, self.reporter, self.op, self.base, self.date = program, reporter, op, base, date
        self.touched = touched
        self.period = InForce(start=date, by=op)

    def apply(self) -> list[Placed[ast.Node]]:
        return getattr(self, "op_" + type(self.op.node).__name__)(self.op.node)

    # -- helpers
    def claim(self, key: tuple, what: str, span) -> bool:
        """Record that this operation changes `key` on its date; a second change the same day conflicts."""
        key = (self.date, *key)
        first = self.touched.get(key)
        if first is not None and first is not self.op:
            self._conflict(first, what, span)
            return False
        self.touched[key] = self.op
        return True

    def _conflict(self, first: Placed[ast.Node], what: str, span) -> None:
        self.reporter.error(codes.CONFLICT, f"{what} is changed twice on {self.date}: by {first.instrument} "
                            f"{first.citation} and by {self.op.instrument} {self.op.citation}", span,
                            secondary=[Label(first.node.span, "the other change")],
                            hint="an act that comes into force later prevails; on the same day, keep one change")

    def end(self, item: Placed[N]) -> Placed[N]:
        """`item` ends the day before this operation's date."""
        return dataclasses.replace(item, period=dataclasses.replace(item.period, end=self.date - _DAY, ended_by=self.op))

    def in_base(self, citation: str) -> bool:
        return self.program.instruments[self.base].provision_on(citation, self.date) is not None

    # -- replace, insert, repeal
    def op_ProvisionOp(self, node: ast.ProvisionOp) -> list[Placed[ast.Node]]:
        info = self.program.instruments[self.base]
        target, level = node.target, node.level
        # A change to 4.1 and one to 4.1.h on the same day conflict too.
        for key, first in self.touched.items():
            if key[:3] == (self.date, "provision", self.base) and first is not self.op and _overlap(key[3], target):
                self._conflict(first, f"{self.base} {min(key[3], target, key=len)}", node.target_span)
                return []
        self.touched[self.date, "provision", self.base, target] = self.op
        existing = info.provision_on(target, self.date)
        if node.op == "insert" and existing is not None:
            self.reporter.error(codes.ALREADY_IN_FORCE, f"{self.base} already has {level} {target} on {self.date}",
                                node.target_span, secondary=[Label(existing.node.span, "in force here")],
                                hint="use `replace` to give it new words, or insert under another number")
            return []
        if node.op != "insert" and existing is None:
            known = [p.citation for p in info.history if p.period.on(self.date) and p.node.level == level]
            self.reporter.error(codes.NOT_IN_FORCE, f"{self.base} has no {level} {target} in force on {self.date}",
                                node.target_span, hint=did_you_mean(target, known) or f"`{node.op}` needs a {level} "
                                "in force on the act's date; use `insert` for a new one")
            return []
        parent = target.rsplit(".", 1)[0] if "." in target else None
        if node.op == "insert" and parent is not None and not self.in_base(parent):
            self.reporter.error(codes.NOT_IN_FORCE, f"{self.base} has no {'clause' if level == 'point' else 'article'} "
                                f"{parent} on {self.date} to insert {target} into", node.target_span,
                                hint="insert the clause or article first")
            return []
        if existing is not None:
            self._end_provision(target)
        if node.body is None:
            return []
        # A new provision goes in the chapter of its article; a new article 7a in the chapter of article 7.
        article = target.split(".")[0]
        home = existing or info.provision_on(article, self.date) or info.provision_on(article.rstrip("abcdefghijklmnopqrstuvwxyz"), self.date)
        chapter = home.chapter if home else None
        path = tuple(parent.split(".")) if parent else ()
        return walk(node.body, self.program, self.base, self.op.file, chapter, path, self.reporter, self.period)

    def _end_provision(self, target: str) -> None:
        """End the provision `target`, everything in it and every statement it holds."""
        info = self.program.instruments[self.base]

        def inside(citation: str) -> bool:
            return citation == target or citation.startswith(target + ".")

        for i, p in enumerate(info.history):
            if inside(p.citation) and p.period.on(self.date):
                ended = dataclasses.replace(p, period=dataclasses.replace(p.period, end=self.date - _DAY, ended_by=self.op))
                info.history[i] = ended
                if info.provisions.get(p.citation) is p:
                    info.provisions[p.citation] = ended
        for items in (self.program.placed, self.program.provision_items):
            for i, placed in enumerate(items):
                if placed.instrument == self.base and inside(placed.citation) and placed.period.on(self.date):
                    items[i] = self.end(placed)

    # -- change a cap
    def op_ChangeCap(self, node: ast.ChangeCap) -> list[Placed[ast.Node]]:
        citation, areas = str(node.citation), {a.value for a in node.areas}
        caps = [(i, p) for i, p in enumerate(self.program.placed)
                if p.instrument == self.base and p.citation == citation and placed_as(p, ast.CapSessions)
                and p.period.on(self.date)]
        match = [(i, p) for i, p in caps if p.node.scope.value == node.scope.value and {a.value for a in p.node.areas} == areas]
        what = f"the {node.scope.value} cap at {self.base} {citation} in {', '.join(sorted(areas))}"
        if not match:
            written = "; ".join(f"cap {p.node.scope.value} {p.node.limit} sessions in {', '.join(a.value for a in p.node.areas)}"
                                for _, p in caps)
            self.reporter.error(codes.NOT_IN_FORCE, f"{what} is not in force on {self.date}", node.citation.span,
                                hint=f"{citation} has: {written}" if written else f"{self.base} {citation} has no session cap")
            return []
        if not self.claim(("cap", self.base, citation, node.scope.value, frozenset(areas)), what, node.span):
            return []
        i, old = match[0]
        self.program.placed[i] = self.end(old)
        new = Placed(ast.CapSessions(scope=node.scope, limit=node.limit, areas=node.areas, span=node.span),
                     self.base, citation, self.op.file, self.period)
        self.program.placed.append(new)
        return [new]

    # -- change a parameter's value
    def op_ChangeParameter(self, node: ast.ChangeParameter) -> list[Placed[ast.Node]]:
        parameter = self.program.parameters.get(node.parameter.value)
        if parameter is None:   # reported by resolve
            return []
        same_day = next((v for v in parameter.values if v.start == self.date), None)
        if same_day is not None:
            self.reporter.error(codes.CONFLICT, f"`{parameter.id.value}` already has a value from {self.date}", node.span,
                                secondary=[Label(same_day.span, "the other value")],
                                hint="keep one value for the day")
            return []
        source = node.source or f"{self.op.instrument} {self.op.citation}"
        value = ast.ParamValue(value=node.value, percent=node.percent, start=self.date, until=None, source=source,
                               provenance=node.provenance, span=node.span)
        self.program.parameters[parameter.id.value] = dataclasses.replace(parameter, values=parameter.values + (value,))
        return []

    # -- change a table cell
    def op_ChangeCell(self, node: ast.ChangeCell) -> list[Placed[ast.Node]]:
        table = self.program.tables.get(node.table.value)
        if table is None:   # reported by resolve
            return []
        if len(node.key) != len(table.axes):
            self.reporter.error(codes.CELL_KEY_SHAPE, f"table `{table.id.value}` has {len(table.axes)} axes, this key "
                                f"has {len(node.key)}", node.span, hint="one coordinate per axis, in the table's order")
            return []
        coords: list[tuple[str, ...]] = []
        for coord, axis in zip(node.key, table.axes, strict=True):
            values = [v.value for v in axis.values]
            for name in coord.values:
                if name.value not in values:
                    self.reporter.error(codes.CELL_OUTSIDE_AXES, f"`{name.value}` is not on the `{axis.vocabulary.value}` "
                                        f"axis of table `{table.id.value}`", name.span,
                                        hint=did_you_mean(name.value, values) or f"one of: {', '.join(values)}")
                    return []
            coords.append(tuple(sorted((n.value for n in coord.values), key=values.index)))
        key = tuple(coords)
        shown = "[" + ", ".join("+".join(k) for k in key) + "]"
        if not self.claim(("cell", table.id.value, key), f"cell {shown} of table `{table.id.value}`", node.span):
            return []
        cell = ast.Cell(key=node.key, value=node.value, pending=node.pending, provenance=node.provenance, span=node.span)
        self.program.cell_changes.setdefault(table.id.value, []).append(CellChange(key, cell, self.period))
        return []

    # -- add an id to a vocabulary
    def op_AddMember(self, node: ast.AddMember) -> list[Placed[ast.Node]]:
        vocabulary = self.program.vocabularies.get(node.vocabulary.value)
        if vocabulary is None:   # reported by resolve
            return []
        ident = node.member.id.value
        first = next((m for m in vocabulary.members if m.id.value == ident), None)
        if first is not None:
            self.reporter.error(codes.DUPLICATE_NAME, f"`{ident}` is already in vocabulary `{vocabulary.id.value}`",
                                node.member.id.span, secondary=[Label(first.span, "defined here")],
                                hint="an amending act adds new ids only")
            return []
        self.program.vocabularies[vocabulary.id.value] = dataclasses.replace(
            vocabulary, members=vocabulary.members + (node.member,))
        self.program.member_since[vocabulary.id.value, ident] = self.op
        return []

    # -- who is entitled to legal aid
    def _eligible_in_force(self, group: str) -> list[tuple[int, Placed[ast.Eligible]]]:
        return [(i, p) for i, p in enumerate(self.program.placed)
                if p.instrument == self.base and placed_as(p, ast.Eligible) and p.node.group.value == group
                and p.period.on(self.date)]

    def op_EligibleUnconditional(self, node: ast.EligibleUnconditional) -> list[Placed[ast.Node]]:
        group = node.group.value
        found = self._eligible_in_force(group)
        if not found:
            self.reporter.error(codes.NOT_IN_FORCE, f"{self.base} does not entitle `{group}` on {self.date}",
                                node.group.span, hint=f"use `add eligible {group} to article N` for a group not yet entitled")
            return []
        if not self.claim(("eligible", self.base, group), f"the entitlement of `{group}`", node.span):
            return []
        placed: list[Placed[ast.Node]] = []
        for i, old in found:
            self.program.placed[i] = self.end(old)
            new = Placed(ast.Eligible(group=old.node.group, condition=None, provenance=node.provenance, span=node.span),
                         self.base, old.citation, self.op.file, self.period)
            self.program.placed.append(new)
            placed.append(new)
        return placed

    def op_AddEligible(self, node: ast.AddEligible) -> list[Placed[ast.Node]]:
        group = node.group.value
        if not self.in_base(node.article):
            self.reporter.error(codes.NOT_IN_FORCE, f"{self.base} has no article {node.article} in force on {self.date}",
                                node.article_span, hint="name the article of the amended instrument that lists who is entitled")
            return []
        existing = self._eligible_in_force(group)
        if existing:
            self.reporter.error(codes.ALREADY_IN_FORCE, f"{self.base} already entitles `{group}` on {self.date}",
                                node.group.span, secondary=[Label(existing[0][1].node.span, "entitled here")],
                                hint=f"use `change eligible {group} to unconditional` to remove its condition")
            return []
        if not self.claim(("eligible", self.base, group), f"the entitlement of `{group}`", node.span):
            return []
        new = Placed(ast.Eligible(group=node.group, condition=node.condition, provenance=node.provenance, span=node.span),
                     self.base, node.article, self.op.file, self.period)
        self.program.placed.append(new)
        return [new]
