"""The resolved IR: what the backends read.

Names are resolved, areas are plain ids checked against the vocabularies, numbers are Decimals,
and every piece carries an `Origin` (rule file, line, instrument, citation), so a backend can
cite the law and point at the rule file without looking anything up again.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Origin:
    file: str
    line: int
    instrument: str
    citation: str  # "4.3.a", or "" for top-level declarations

    @property
    def cite(self) -> str:
        return f"{self.instrument} {self.citation}".strip()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Text:
    lang: str
    text: str
    confidence: str | None = None
    detail: str | None = None
    pending: str | None = None     # the text is not known in this language: why (text is "")
    closing: bool = False          # written after the provision's points (a paragraph that closes it)


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    labels: tuple[Text, ...]
    confidence: str | None
    since: datetime.date | None = None     # added by an amending act from this date
    added_by: Origin | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    id: str
    titles: tuple[Text, ...]
    notes: tuple[Text, ...]
    members: tuple[Member, ...]
    origin: Origin

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)


@dataclass(frozen=True, slots=True)
class ParamValue:
    value: Decimal          # a percentage is stored as its fraction: 40% -> 0.40
    percent: bool
    start: datetime.date
    end: datetime.date | None   # last day in force, or None: until the next value
    source: str | None
    confidence: str | None
    detail: str | None
    origin: Origin
    changed_by: Origin | None = None   # the amending act's operation that set it (only its rules' cases take it)


@dataclass(frozen=True, slots=True)
class Parameter:
    id: str
    titles: tuple[Text, ...]
    notes: tuple[Text, ...]
    unit: str | None
    applies_on: tuple[str, ...]
    values: tuple[ParamValue, ...]   # sorted by start date
    origin: Origin

    @property
    def multiple_of(self) -> str | None:
        """The parameter this one's values are multiples of (unit `base_salary_multiple` -> base_salary)."""
        unit = self.unit or ""
        return unit[: -len("_multiple")] if unit.endswith("_multiple") else None


@dataclass(frozen=True, slots=True)
class Cell:
    key: tuple[tuple[str, ...], ...]   # one tuple of axis values per axis; several = added up
    value: Decimal | None
    pending: str | None
    confidence: str | None
    detail: str | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Axis:
    vocabulary: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CellChange:
    """A cell as an amending act sets it from `start` (its origin is the operation)."""
    start: datetime.date
    cell: Cell


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    titles: tuple[Text, ...]
    notes: tuple[Text, ...]
    unit: str | None
    axes: tuple[Axis, ...]
    cells: tuple[Cell, ...]          # every cell of the grid, written or pending, in grid order, then combined ones
    origin: Origin
    changes: tuple[CellChange, ...] = ()   # by amending acts, in date order

    @property
    def known(self) -> int:
        return sum(1 for c in self.cells if c.value is not None)

    @property
    def all_pending(self) -> bool:
        """No cell is known: a case that lacks the facts to pick one is told the values are pending."""
        return all(c.value is None for c in self.cells)

    def on(self, date: datetime.date | None) -> Table:
        """The table as in force on a date (None: as first written)."""
        wanted = [c for c in self.changes if date is not None and c.start <= date]
        if not wanted:
            return Table(self.id, self.titles, self.notes, self.unit, self.axes, self.cells, self.origin, self.changes)
        latest = {c.cell.key: c.cell for c in wanted}
        cells = [latest.pop(c.key, c) for c in self.cells]
        return Table(self.id, self.titles, self.notes, self.unit, self.axes, tuple(cells) + tuple(latest.values()), self.origin,
                     self.changes)


@dataclass(frozen=True, slots=True)
class Activity:
    citation: str                    # "4.1.a"
    areas: tuple[str, ...]           # where it is chargeable: proceedings or forms
    area_origins: tuple[Origin, ...]  # where each of `areas` is said, in the same order
    certifiers: tuple[str, ...]      # in vocabulary order
    certifier_origin: Origin | None
    label: str                       # English text of the point, for messages
    origin: Origin


@dataclass(frozen=True, slots=True)
class SessionBand:
    lower: Decimal     # the band covers lower <= rest < upper
    upper: Decimal
    counts: Decimal
    origin: Origin


@dataclass(frozen=True, slots=True)
class SessionRule:
    hours: Decimal
    bands: tuple[SessionBand, ...]
    added: str           # per_provider | per_entry
    origin: Origin


@dataclass(frozen=True, slots=True)
class DayLimit:
    hours: Decimal
    counting: str        # accepted_entries | all_entries: which entries of a day count toward it
    origin: Origin


@dataclass(frozen=True, slots=True)
class Ties:
    by: str              # provider_id | listed_order
    origin: Origin


@dataclass(frozen=True, slots=True)
class SessionCap:
    scope: str           # per_provider | per_case
    limit: Decimal
    areas: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class TableCap:
    scope: str
    table: str
    fixed: tuple[tuple[str, str], ...]   # (axis vocabulary, value) pairs fixed by the rule
    activities: tuple[str, ...]
    areas: tuple[str, ...]
    origin: Origin
    ground: str | None = None            # the provision of another instrument it carries out: "144/2017/NĐ-CP 13.1"


@dataclass(frozen=True, slots=True)
class ReplacementCap:
    """When a replaced provider's successor chooses `successor_method`, the pay of both together is
    at most `limit` sessions, or (limit None) the case's fixed-time level (Art. 8.3, 10.4)."""
    limit: Decimal | None
    successor_method: str
    origin: Origin
    ground: str | None = None


@dataclass(frozen=True, slots=True)
class Rate:
    kind: str
    areas: tuple[str, ...]
    parameter: str
    of_kind: str | None      # the rate is a share of this kind's rate
    origin: Origin


@dataclass(frozen=True, slots=True)
class Multiplier:
    factor: Decimal          # 130% -> 1.30
    when: str                # providers | offenses
    at_least: int
    origin: Origin


@dataclass(frozen=True, slots=True)
class FixedTimeTable:
    table: str
    areas: tuple[str, ...]
    axes: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Bound:
    times: Decimal
    parameter: str
    areas: tuple[str, ...]   # empty: all
    origin: Origin


@dataclass(frozen=True, slots=True)
class FixedTime:
    forms: tuple[str, ...]
    method_origin: Origin
    chosen: tuple[str, str, Origin] | None
    level: tuple[str, str, Origin] | None
    stages: tuple[str, Origin] | None
    tables: tuple[FixedTimeTable, ...]
    floors: tuple[Bound, ...]
    ceiling: Bound | None
    multipliers: tuple[Multiplier, ...]
    shared: tuple[str, Origin] | None


@dataclass(frozen=True, slots=True)
class Transition:
    in_force: datetime.date
    in_force_origin: Origin
    governed_by: tuple[str, ...]
    judged_by: str
    origin: Origin | None
    supersedes: tuple[str, ...] = ()
    supersedes_origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class EligibleGroup:
    """Members of `group` (and, when set, of `condition` too) are entitled to legal aid."""
    group: str
    condition: str | None
    label: str               # the English text of the provision that says so
    origin: Origin
    amended_by: str | None = None   # the amending act that made the rule what it is, and from when (None: as first written)


@dataclass(frozen=True, slots=True)
class GroupIncludes:
    """A person of any of `members` belongs to `group` too (Decree 144/2017 Art. 2)."""
    group: str
    members: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Eligibility:
    groups: tuple[EligibleGroup, ...]
    judged_on: str           # the case date the groups in force are taken on (assigned_on, ...)
    origin: Origin | None    # where that date is said
    includes: tuple[GroupIncludes, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    path: str            # as written, relative to the rule file
    file: str            # the YAML file, relative to the rules root's parent (e.g. rules/x/examples/a.yaml)
    origin: Origin


@dataclass(frozen=True, slots=True)
class AreaRules:
    """What of a version applies to the cases of one area: a proceeding (of form `proceedings`), or a form
    that has none. Decided here, once, so that no backend's runtime filters the rules case by case: a
    rule applies when it names the area or its form."""
    area: str
    form: str
    activities: tuple[str, ...]            # the citations of the activities chargeable there, in version order
    session_caps: tuple[SessionCap, ...]   # each provider's caps before the case's: the order they apply in
    least_limit: Decimal | None            # the least of their limits: sessions within it are never capped
    table_caps: tuple[TableCap, ...]
    rates: tuple[Rate, ...]                # the first of a kind is that kind's rate
    fixed_table: FixedTimeTable | None     # the appendix table giving the fixed working time (by area only)
    floor: Bound | None                    # the least fixed amount (by area, else by form)


@dataclass(frozen=True, slots=True)
class Version:
    """The rules of a validator as in force from `start` to `end` (None: open), once amending acts
    are applied; `changed_by` are the operations that make it differ from the version before."""
    start: datetime.date | None
    end: datetime.date | None
    changed_by: tuple[Origin, ...]
    scope: tuple[str, ...]
    scope_origin: Origin
    methods: tuple[tuple[str, tuple[str, ...], Origin], ...]
    activities: tuple[Activity, ...]
    session_rule: SessionRule
    session_caps: tuple[SessionCap, ...]
    table_caps: tuple[TableCap, ...]
    replacement_caps: tuple[ReplacementCap, ...]
    rates: tuple[Rate, ...]
    not_paid: tuple[tuple[str, Origin], ...]
    fixed_time: FixedTime | None
    tables: tuple[Table, ...]        # as in force on the version's first day
    eligibility: Eligibility | None
    day_limit: DayLimit | None = None   # None: no limit on a provider's hours in one day
    keeps: tuple[str, Origin] | None = None   # a transitional provision: the cases that keep the version before
    ties: Ties | None = None            # None: ties go to the provider listed first
    reference_kind: str | None = None   # the kind whose own rate (not a share) the fixed amount is reckoned in
    areas: tuple[AreaRules, ...] = ()   # per area of the vocabularies, in their order


@dataclass(frozen=True, slots=True)
class Validator:
    """Everything one generated validator module needs, for one instrument: its versions (one
    unless amending acts change it) and what does not change by version."""
    instrument: str
    module: str
    titles: tuple[Text, ...]
    files: tuple[str, ...]
    transition: Transition
    versions_by: tuple[str, str, Origin | None]   # case date judging each entry, case date judging the case
    parameters: tuple[Parameter, ...]
    vocabularies: tuple[Vocabulary, ...]
    examples: tuple[Example, ...]
    versions: tuple[Version, ...]
    base_parameter: str | None = None     # the parameter other parameters are multiples of (the base salary)
    salary_dates: tuple[str, ...] = ()    # the case dates its value is taken on, the first given

    @property
    def latest(self) -> Version:
        """The rules as last amended (what the documentation shows first)."""
        return self.versions[-1]


@dataclass(frozen=True, slots=True)
class Interpretation:
    """A reading of the text the rules choose (`reading`), with why (`because`)."""
    id: str
    readings: tuple[Text, ...]
    reasons: tuple[Text, ...]
    confidence: str | None
    detail: str | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Option:
    """One reading of a choice, with why, and whether the rules as compiled apply it."""
    id: str
    readings: tuple[Text, ...]
    reasons: tuple[Text, ...]
    confidence: str | None
    detail: str | None
    default: bool
    selected: bool
    origin: Origin


@dataclass(frozen=True, slots=True)
class Choice:
    """A provision that can be read in more than one way: its options (see ast.Choice)."""
    id: str
    titles: tuple[Text, ...]
    notes: tuple[Text, ...]
    options: tuple[Option, ...]
    origin: Origin

    @property
    def selected(self) -> Option:
        return next(o for o in self.options if o.selected)


@dataclass(frozen=True, slots=True)
class Provision:
    """A chapter, article, clause or point, with the law's texts and what the rules say of it.

    The rules encoded for a provision are the IR pieces whose `origin.citation` is its citation."""
    level: str                 # chapter | article | clause | point
    number: str
    citation: str              # "4.3.a"; "chapter II" for chapters
    titles: tuple[Text, ...]
    texts: tuple[Text, ...]
    notes: tuple[Text, ...]
    pending: tuple[str, ...]        # why the text or rule is not known
    informative: tuple[str, ...]    # why it is left out of the validators on purpose
    interpretations: tuple[Interpretation, ...]
    examples: tuple[Example, ...]
    children: tuple[Provision, ...]
    origin: Origin
    start: datetime.date | None = None       # set when an amending act inserted or replaced it
    end: datetime.date | None = None         # set when an amending act replaced or repealed it
    amended_by: Origin | None = None         # the operation that brought this version
    ended_by: Origin | None = None           # the operation that ended it
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    kind: str | None
    module: str | None
    titles: tuple[Text, ...]
    issued_by: tuple[Text, ...]
    signed: datetime.date | None
    signed_by: str | None
    pursuant_to: tuple[str, ...]
    sources: tuple[str, ...]
    files: tuple[str, ...]
    provisions: tuple[Provision, ...]   # top level: chapters or articles, in the files' order
    origin: Origin
    amends: tuple[str, ...] = ()             # of an amending act: the instruments it changes
    in_force: datetime.date | None = None   # of an amending act: the first day any of its changes is in force
    published: datetime.date | None = None
    official: tuple[tuple[str, str], ...] = ()   # (language, file) of its official text: that language is the law
    source_notes: tuple[tuple[str, str, str], ...] = ()   # (address, language, what the source settles)
    number_pending: str | None = None       # an act whose number is not known: why


@dataclass(frozen=True, slots=True)
class Program:
    instruments: tuple[Instrument, ...]
    validators: tuple[Validator, ...]
    vocabularies: tuple[Vocabulary, ...]
    parameters: tuple[Parameter, ...]
    tables: tuple[Table, ...]
    digest: str = ""          # of the rule files' text: see digest.py
    readings: tuple[tuple[str, str], ...] = ()   # (choice, option) the rules were compiled with, by choice
