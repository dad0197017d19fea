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
    timed = _timed_operations(program, reporter)
    if reporter.has_errors:
        return
    touched: dict[tuple, Placed[ast.Node]] = {}   # what each date's operations change -> the first operation
    # In the order they take effect; on one date, new ids first: the act's new provisions may use them.
    timed.sort(key=lambda t: (t.start, not isinstance(t.op.node, ast.AddMember)))
    for item in timed:
        placed = _Operation(program, reporter, item, touched).apply()
        check_names(program, reporter, placed)


@dataclasses.dataclass(frozen=True)
class Timed:
    """An operation of an amending act with what its act says of it: the instrument it changes, from
    when, until when (a temporary change), and which cases keep the old rules."""
    op: Placed[ast.Node]
    base: str
    start: datetime.date
    until: datetime.date | None
    keeps: Placed[ast.KeepsOldRules] | None


def _holds(outer: str, inner: str) -> bool:
    """Whether the provision cited `outer` holds (or is) the one cited `inner`; "" is the whole act."""
    return outer == "" or inner == outer or inner.startswith(outer + ".")


def _scoped(program: Program, act: str, kind: type[N], citation: str) -> Placed[N] | None:
    """The statement of a kind that governs what stands at `citation` of an act: the one in the
    nearest provision holding it, else the act's own (written outside any article)."""
    found = [p for p in program.statements(act, kind) if _holds(p.citation, citation)]
    return max(found, key=lambda p: len(p.citation), default=None)


def _timed_operations(program: Program, reporter: Reporter) -> list[Timed]:
    """Every operation with its dates and target; located errors for acts that cannot be applied."""
    for op in program.placed:
        if isinstance(op.node, ast.AMENDMENT_OPS + (ast.KeepsOldRules,)) and not program.instruments[op.instrument].decl.amends:
            if isinstance(op.node, ast.KeepsOldRules):
                continue   # reported by resolve
            reporter.error(codes.OP_OUTSIDE_ACT, f"{op.instrument} amends no instrument, so it cannot change one",
                           op.node.span, hint=f'add `amends "NUMBER"` to the `instrument "{op.instrument}"` block')
    timed: list[Timed] = []
    for act, info in program.instruments.items():
        amends = info.decl.amends
        if not amends:
            continue
        unknown = [base for base in amends if base not in program.instruments]
        for base in unknown:
            reporter.error(codes.NO_AMENDED, f'{act} amends "{base}", which no rule file declares', info.decl.span,
                           hint=did_you_mean(base, program.instruments) or "declare it, or correct the number")
        if unknown:
            continue
        dates = program.statements(act, ast.InForce)
        if not [d for d in dates if d.citation == ""] and not dates:
            reporter.error(codes.NO_DATE, f"amending act {act} does not say when it comes into force", info.decl.span,
                           hint="add `in_force DATE` in the article that says so")
            continue
        _check_dates(program, reporter, act, dates)
        ops = [p for p in program.placed if p.instrument == act and isinstance(p.node, ast.AMENDMENT_OPS)]
        # The act's own date: an `in_force` outside any article, or in a provision that changes nothing
        # itself (the act's article on its entry into force); a provision's own date governs what it holds.
        own = [d for d in dates if d.citation == "" or not any(_holds(d.citation, op.citation) for op in ops)]
        for extra in own[1:]:
            reporter.error(codes.DUPLICATE_RULE, f"{act} says twice when it comes into force: at {own[0].citation or 'the act'} "
                           f"and at {extra.citation or 'the act'}", extra.node.span,
                           secondary=[Label(own[0].node.span, "first said here")],
                           hint="a date of its own for some changes stands in the provision that makes them")
        # A transitional provision governs the changes of the provision it stands in; written where no
        # change is (the act's article on transition), it governs every change of the act.
        keeps = program.statements(act, ast.KeepsOldRules)
        own_keeps = [k for k in keeps if k.citation == "" or not any(_holds(k.citation, op.citation) for op in ops)]
        for second in own_keeps[1:]:
            reporter.error(codes.DUPLICATE_RULE, f"{act} has two transitional provisions for all its changes: at "
                           f"{own_keeps[0].citation or 'the act'} and at {second.citation or 'the act'}", second.node.span,
                           secondary=[Label(own_keeps[0].node.span, "first said here")],
                           hint="one for the whole act, or one in each provision whose changes it governs")
        for op in ops:
            enclosing = _scoped(program, act, ast.InForce, op.citation)
            when = enclosing if enclosing is not None and _holds(enclosing.citation, op.citation) else (own[0] if own else None)
            held = _scoped(program, act, ast.KeepsOldRules, op.citation)
            transition = held if held is not None and _holds(held.citation, op.citation) else (own_keeps[0] if own_keeps else None)
            if when is None:
                reporter.error(codes.NO_DATE, f"{act} {op.citation or ''} does not say when this change comes into force".replace("  ", " "),
                               op.node.span, hint="add `in_force DATE` to the act, or to the provision that makes the change")
                continue
            target = _base_of(program, reporter, act, op)
            if target is None:
                continue
            timed.append(Timed(op, target, when.node.date, when.node.until, transition))
        starts = [t.start for t in timed if t.op.instrument == act]
        if starts or dates:
            program.acts[act] = min(starts or [d.node.date for d in dates])
    _check_transitions(program, reporter, timed)
    return timed


def _check_dates(program: Program, reporter: Reporter, act: str, dates: list[Placed[ast.InForce]]) -> None:
    """An act in force before the instruments it amends is an error; in force before it was signed
    (retroactive), a warning that names the period."""
    decl = program.instruments[act].decl
    for placed in dates:
        node = placed.node
        if node.until is not None and node.until < node.date:
            reporter.error(codes.BAD_PERIOD, f"a change in force from {node.date} cannot end on {node.until}", node.span,
                           hint="`until` is the last day the change is in force")
        for base in decl.amends:
            base_dates = [d.node.date for d in program.statements(base, ast.InForce) if not d.period.by]
            if base_dates and node.date < min(base_dates):
                reporter.error(codes.BEFORE_BASE, f"{act} would be in force on {node.date}, before {base} itself "
                               f"({min(base_dates)})", node.span, hint=f"an act cannot amend {base} before it is in force")
        if decl.signed is not None and node.date < decl.signed:
            last = decl.signed - _DAY
            reporter.warning(codes.RETROACTIVE, f"{act} is in force from {node.date}, before it was signed on {decl.signed}: "
                             f"it applies retroactively from {node.date} to {last}", node.span,
                             hint="check the date; a retroactive act must say so in its own text")
    firsts: dict[str, Placed[ast.InForce]] = {}
    for placed in dates:
        if placed.citation in firsts:
            reporter.error(codes.DUPLICATE_RULE, f"this is already said at {act} {placed.citation or '(the act as a whole)'}",
                           placed.node.span, secondary=[Label(firsts[placed.citation].node.span, "first said here")],
                           hint="one `in_force` per provision of the act")
        firsts.setdefault(placed.citation, placed)


def _base_of(program: Program, reporter: Reporter, act: str, op: Placed[ast.Node]) -> str | None:
    """The instrument an operation changes: the one named by `amending` in a provision holding it, the
    owner of what it names (a vocabulary, parameter or table), or the act's only amended instrument."""
    amends = program.instruments[act].decl.amends
    named = _scoped(program, act, ast.Amending, op.citation)
    node = op.node
    owned = (("vocabulary", node.vocabulary.value) if isinstance(node, ast.AddMember)
             else ("parameter", node.parameter.value) if isinstance(node, ast.ChangeParameter)
             else ("table", node.table.value) if isinstance(node, ast.ChangeCell) else None)
    if owned is not None:
        if owned not in program.owners:
            return amends[0]   # an unknown name: reported by resolve
        owner = program.owners[owned]
        if owner not in amends:
            kind, name = owned
            belongs = (f"belongs to {owner}" + ("" if owner in program.instruments else ", which no rule file declares")
                       if owner else "belongs to no instrument of these rules")
            reporter.error(codes.NOT_OWNER, f"{kind} `{name}` {belongs}, which {act} does not amend", node.span,
                           hint=f"an act changes only what belongs to the instruments it amends ({', '.join(amends)})")
            return None
        return owner
    if named is not None:
        return named.node.instrument if named.node.instrument in amends else None   # else reported by resolve
    if len(amends) == 1:
        return amends[0]
    reporter.error(codes.WHICH_INSTRUMENT, f"{act} amends {', '.join(amends)}: this change does not say which", node.span,
                   hint='write `amending "NUMBER"` in the provision of the act that holds it')
    return None


def _check_transitions(program: Program, reporter: Reporter, timed: list[Timed]) -> None:
    """Two different transitional provisions for changes of one instrument that take effect on the same
    day cannot both hold: a case would be judged by the old rules and the new."""
    first: dict[tuple[str, datetime.date], Placed[ast.KeepsOldRules]] = {}
    dated = [(item, item.start) for item in timed] + [(item, item.until + _DAY) for item in timed if item.until]
    for item, start in dated:   # the end of a temporary change is a change too
        if item.keeps is None:
            continue
        key = (item.base, start)
        other = first.setdefault(key, item.keeps)
        if other.node.which.value != item.keeps.node.which.value:
            reporter.error(codes.CONFLICT, f"changes to {item.base} in force on {start} keep old rules for "
                           f"{other.node.which.value} and for {item.keeps.node.which.value}", item.keeps.node.span,
                           secondary=[Label(other.node.span, "the other transitional provision")],
                           hint="one transitional provision for the changes of one day")
            continue
        program.transitions[key] = item.keeps


def _overlap(a: str, b: str) -> bool:
    """Whether two citations name the same provision or one holds the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


class _Operation:
    """One operation of an amending act, applied to the instrument it amends on its date."""

    def __init__(self, program: Program, reporter: Reporter, timed: Timed, touched: dict[tuple, Placed[ast.Node]]) -> None:
        self.program, self.reporter, self.op, self.base, self.date = program, reporter, timed.op, timed.base, timed.start
        self.until = timed.until
        self.touched = touched
        # A temporary change ends itself: what it brings is in force to `until`, and what it ended comes back.
        self.period = InForce(start=self.date, end=self.until, by=self.op, ended_by=self.op if self.until else None)

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

    def end(self, item: Placed[N], restore: bool = True) -> Placed[N]:
        """`item` ends the day before this operation's date (and, after a temporary change, comes back)."""
        if restore:
            self.restore(item)
        return dataclasses.replace(item, period=dataclasses.replace(item.period, end=self.date - _DAY, ended_by=self.op))

    def restore(self, item, into: list | None = None) -> None:
        """After a temporary change, what it ended is in force again from the day after `until`, to
        where it would have ended."""
        if self.until is None or (item.period.end is not None and item.period.end <= self.until):
            return
        back = dataclasses.replace(item, period=InForce(start=self.until + _DAY, end=item.period.end, by=self.op,
                                                        ended_by=item.period.ended_by))
        (self.program.placed if into is None else into).append(back)

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
            ended = [p for p in info.history if p.citation == target and p.period.end is not None and p.period.end < self.date]
            if ended:   # it was in force once: say who ended it and when
                last = max(ended, key=lambda p: p.period.end or self.date)
                by = last.period.ended_by
                who = f" by {by.instrument} {by.citation}".rstrip() if by is not None else ""
                self.reporter.error(codes.NOT_IN_FORCE, f"{self.base} {target} was repealed{who} from "
                                    f"{(last.period.end or self.date) + _DAY}: it is not in force on {self.date}",
                                    node.target_span, secondary=[Label(by.node.span, "repealed here")] if by else [],
                                    hint=f"use `insert {level} {target}` to bring it back")
                return []
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

        back: list = []
        for i, p in enumerate(info.history):
            if inside(p.citation) and p.period.on(self.date):
                ended = dataclasses.replace(p, period=dataclasses.replace(p.period, end=self.date - _DAY, ended_by=self.op))
                info.history[i] = ended
                if info.provisions.get(p.citation) is p:
                    info.provisions[p.citation] = ended
                self.restore(p, into=back)
        info.history.extend(back)
        for restored in back:   # the latest version of each provision is the one restored
            info.provisions[restored.citation] = restored
        for items in (self.program.placed, self.program.provision_items):
            back = []
            for i, placed in enumerate(items):
                if placed.instrument == self.base and inside(placed.citation) and placed.period.on(self.date):
                    self.restore(placed, into=back)
                    items[i] = self.end(placed, restore=False)
            items.extend(back)

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
        source = node.source or f"{self.op.instrument} {self.op.citation}".strip()
        value = ast.ParamValue(value=node.value, percent=node.percent, start=self.date, until=self.until, source=source,
                               provenance=node.provenance, span=node.span)
        values = parameter.values + (value,)
        self.program.value_changes[parameter.id.value, self.date] = self.op
        if self.until is not None:   # a temporary value: the one it replaced comes back the day after
            before = max((v for v in parameter.values if v.start < self.date), key=lambda v: v.start, default=None)
            later = [v for v in parameter.values if self.date < v.start <= self.until + _DAY]
            if before is not None and not later and (before.until is None or before.until > self.until):
                values += (dataclasses.replace(before, start=self.until + _DAY),)
                self.program.value_changes[parameter.id.value, self.until + _DAY] = self.op
        self.program.parameters[parameter.id.value] = dataclasses.replace(parameter, values=values)
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
        changes = self.program.cell_changes.setdefault(table.id.value, [])
        if self.until is not None:   # a temporary value: the cell as it was comes back the day after
            earlier = [c for c in changes if c.key == key and c.period.start is not None and c.period.start < self.date]
            was = (max(earlier, key=lambda c: c.period.start or self.date).cell if earlier
                   else next((c for c in table.cells if _cell_key(c, table) == key), None)
                   or ast.Cell(key=node.key, value=None, pending=table.otherwise_pending or "not written in the table",
                               provenance=None, span=node.span))
            changes.append(CellChange(key, was, InForce(start=self.until + _DAY, by=self.op)))
        changes.append(CellChange(key, cell, self.period))
        return []

    # -- add an id to a vocabulary
    def op_AddMember(self, node: ast.AddMember) -> list[Placed[ast.Node]]:
        vocabulary = self.program.vocabularies.get(node.vocabulary.value)
        if vocabulary is None:   # reported by resolve
            return []
        if self.until is not None:
            self.reporter.error(codes.BAD_PERIOD, f"an id cannot be added to vocabulary `{vocabulary.id.value}` for a time",
                                node.span, hint="cases may name it from the act's date on; a temporary rule that uses it "
                                "ends with `until`")
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


def _cell_key(cell: ast.Cell, table: ast.Table) -> tuple[tuple[str, ...], ...]:
    """A written cell's key in axis order, as op_ChangeCell keys a change."""
    return tuple(tuple(sorted((n.value for n in coord.values), key=[v.value for v in axis.values].index))
                 for coord, axis in zip(cell.key, table.axes, strict=False))
