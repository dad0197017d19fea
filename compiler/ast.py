"""The surface AST: what a rule file says, as written (names are still strings).

Every node is a frozen, slotted, keyword-only dataclass with a required `span` that equality
ignores (Catala's marks, LibCST's frozen nodes). `from_tree.py` builds these from Lark's tree;
`resolve.py` turns names into checked references.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .source import Span


def _span() -> Span:
    return field(compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    span: Span = _span()


# -- pieces ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Name(Node):
    """A name as written, e.g. `presiding_person`, with its own span for diagnostics."""
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation(Node):
    """`4.1.dd`: article, clause and (optional) point, inside the current instrument.
    An article inserted by an amending act has a letter after its number (`7a.1.b`)."""
    article: str
    clause: int
    point: str | None

    def __str__(self) -> str:
        return f"{self.article}.{self.clause}" + (f".{self.point}" if self.point else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance(Node):
    """(C2) two sources, (1S) one source, (INF) inferred, (NF) not found; `detail` says which."""
    confidence: str
    detail: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LangText(Node):
    """`title en "..."`, `text vi "..."`, `note en "..."`: a text in one language.

    `title vi pending "why"` says the text is not known in that language: `text` is empty and
    `pending` says why (it counts as the language's text for the translation check)."""
    kind: str  # title | text | note | reading | because | label | issued_by
    lang: str
    text: str
    provenance: Provenance | None = None
    pending: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialText(Node):
    """`official_text vi "FILE"`: the law's own words in one language, in a file beside the rule file."""
    lang: str
    path: str


# -- instruments and provisions -------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Instrument(Node):
    id: str
    kind: Name | None
    module: Name | None
    texts: tuple[LangText, ...]
    issued_by: tuple[LangText, ...]
    signed: datetime.date | None
    signed_by: str | None
    sources: tuple[str, ...]
    pursuant_to: tuple[str, ...]
    amends: tuple[str, ...] = ()   # an amending act: the instruments its operations change
    published: datetime.date | None = None
    official: tuple[OfficialText, ...] = ()
    source_notes: tuple[tuple[str, str, str], ...] = ()   # (address, language, what the source settles)
    number_pending: str | None = None       # the act's number is not known: why


@dataclass(frozen=True, slots=True, kw_only=True)
class PartOf(Node):
    instrument: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Provision(Node):
    """A chapter, article, clause or point, with its texts, rules and sub-provisions in order."""
    level: str  # chapter | article | clause | point
    number: str
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pending(Node):
    """The provision's text or rule is not known; `reason` says why and what would settle it."""
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Informative(Node):
    """Left out of the validators on purpose; `reason` says why."""
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Interpretation(Node):
    """A reading of the text the rules choose, with its reasons, shown in the docs."""
    id: Name
    texts: tuple[LangText, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Option(Node):
    """One reading of a provision that can be read in more than one way, with the rules it implies."""
    id: Name
    default: bool
    provenance: Provenance | None
    texts: tuple[LangText, ...]        # reading / because
    statements: tuple[Node, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice(Node):
    """`choice ID { option A default {...} option B {...} }`: the readings of a provision; the
    default's rules apply unless another option is chosen (`--reading ID=B`)."""
    id: Name
    texts: tuple[LangText, ...]        # title / note
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Example(Node):
    """A worked example: a YAML file (relative to the rule file) with a case and its figures."""
    path: str


# -- rule statements ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Scope(Node):
    forms: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Method(Node):
    method: Name
    forms: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class InForce(Node):
    date: datetime.date
    until: datetime.date | None = None   # the last day of a temporary change (an amending act's)


@dataclass(frozen=True, slots=True, kw_only=True)
class KeepsOldRules(Node):
    """An amending act's transitional provision: which cases keep the rules in force before its changes."""
    which: Name  # cases_assigned_before | cases_paid_before | work_done_before
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Amending(Node):
    """In an act that amends several instruments: the one the operations in this provision change."""
    instrument: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Supersedes(Node):
    instruments: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BeforeInForce(Node):
    governed_by: tuple[str, ...]
    judged_by: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity(Node):
    """The point it stands in is a chargeable activity in these proceedings or forms."""
    areas: tuple[Name, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivitiesAlso(Node):
    """Activities of other points are chargeable in further areas too (Art. 6.1.a)."""
    activities: tuple[Citation, ...]
    areas: tuple[Name, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Certify(Node):
    activities: tuple[Citation, ...]
    roles: tuple[Name, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionHours(Node):
    hours: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Remainder(Node):
    """`remainder under 3 counts 0.5`: how the hours left after full sessions count."""
    op: str  # under | from
    hours: Decimal
    counts: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class HoursAdded(Node):
    how: Name  # per_provider | per_entry
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DayLimit(Node):
    """`day_limit 24 hours counting accepted_entries`: the most hours one provider's day may hold, and
    which of the day's entries count toward it."""
    hours: Decimal
    counting: Name  # accepted_entries | all_entries
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Ties(Node):
    """`ties by provider_id`: how a tie between providers is broken (a half session, a leftover đồng)."""
    by: Name  # provider_id | listed_order
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CapSessions(Node):
    scope: Name  # per_provider | per_case
    limit: Decimal
    areas: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ground(Node):
    """`under "144/2017/NĐ-CP" 13.1`: the provision of another instrument a rule carries out."""
    instrument: str
    citation: Citation


@dataclass(frozen=True, slots=True, kw_only=True)
class CapTable(Node):
    scope: Name
    table: Name
    fixing: tuple[Name, Name] | None
    activities: tuple[Citation, ...]
    areas: tuple[Name, ...]
    provenance: Provenance | None
    ground: Ground | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CapReplacement(Node):
    """When a provider is replaced and the successor chooses `successor_method`, the pay of both
    together is at most `limit` sessions, or (limit None) the case's fixed-time level."""
    limit: Decimal | None
    successor_method: Name
    ground: Ground | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionRate(Node):
    kind: Name
    areas: tuple[Name, ...]
    parameter: Name
    of: Name | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NotPaid(Node):
    what: Name  # work_during_suspension | work_outside_provider_period


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeTable(Node):
    table: Name
    areas: tuple[Name, ...]
    axes: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeChosen(Node):
    earliest: Name
    latest: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeLevel(Node):
    axis: Name
    pick: Name  # most_serious


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeStages(Node):
    how: Name  # added_up


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeFloor(Node):
    times: Decimal
    parameter: Name
    areas: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeCeiling(Node):
    times: Decimal
    parameter: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeMultiplier(Node):
    percent: Decimal
    when: Name  # providers | offenses
    at_least: int
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedTimeShared(Node):
    how: Name  # by_tasks
    provenance: Provenance | None


# -- eligibility -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Eligible(Node):
    """The provision it stands in entitles members of `group` (when also of `condition`) to legal aid."""
    group: Name
    condition: Name | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupIncludes(Node):
    """A person of any of `members` belongs to `group` too (Decree 144/2017 Art. 2)."""
    group: Name
    members: tuple[Name, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EligibilityOn(Node):
    """Which date of a case the groups in force are taken on."""
    date: Name


# -- amending acts ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentsApply(Node):
    """Which version of the rules judges an entry (`entries_by`) and the whole case (`case_by`)."""
    entries_by: Name
    case_by: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvisionOp(Node):
    """`replace` / `insert` / `repeal` an article, clause or point of the amended instrument."""
    op: str          # replace | insert | repeal
    level: str       # article | clause | point
    target: str      # its citation in the amended instrument: "7a", "8.1", "4.1.h"
    target_span: Span = _span()
    body: Provision | None   # the new provision (replace, insert); None for repeal


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeCap(Node):
    """A session cap written at `citation` of the amended instrument gets a new limit."""
    citation: Citation
    scope: Name
    limit: Decimal
    areas: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeParameter(Node):
    """A dated parameter takes a new value from the amending act's date."""
    parameter: Name
    value: Decimal
    percent: bool
    source: str | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeCell(Node):
    """A table cell takes a new value (or becomes pending) from the amending act's date."""
    table: Name
    key: tuple[CellCoord, ...]
    value: Decimal | None
    pending: str | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddMember(Node):
    """A vocabulary gains an id (a form, a certifier role, a group) from the amending act's date."""
    vocabulary: Name
    member: Member


@dataclass(frozen=True, slots=True, kw_only=True)
class EligibleUnconditional(Node):
    """The group's entitlement no longer depends on another group (a condition is removed)."""
    group: Name
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddEligible(Node):
    """A group becomes entitled, under an article of the amended instrument whose wording is not known."""
    group: Name
    condition: Name | None
    article: str
    article_span: Span = _span()
    provenance: Provenance | None


AMENDMENT_OPS = (ProvisionOp, ChangeCap, ChangeParameter, ChangeCell, AddMember, EligibleUnconditional, AddEligible)


# -- vocabularies, parameters, tables --------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Member(Node):
    id: Name
    texts: tuple[LangText, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BelongsTo(Node):
    """`belongs_to "NUMBER"`, or `belongs_to none "why"`: who may amend a vocabulary, parameter or table."""
    instrument: str | None
    why: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary(Node):
    id: Name
    texts: tuple[LangText, ...]
    members: tuple[Member, ...]
    belongs_to: BelongsTo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParamValue(Node):
    value: Decimal
    percent: bool
    start: datetime.date
    until: datetime.date | None
    source: str | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter(Node):
    id: Name
    texts: tuple[LangText, ...]
    unit: Name | None
    applies_on: tuple[Name, ...]
    values: tuple[ParamValue, ...]
    belongs_to: BelongsTo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Axis(Node):
    vocabulary: Name
    values: tuple[Name, ...]
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CellCoord(Node):
    """One coordinate of a cell key; several values joined by `+` mean stages added up."""
    values: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell(Node):
    key: tuple[CellCoord, ...]
    value: Decimal | None  # None: pending
    pending: str | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Node):
    id: Name
    texts: tuple[LangText, ...]
    sources: tuple[str, ...]
    unit: Name | None
    axes: tuple[Axis, ...]
    cells: tuple[Cell, ...]
    otherwise_pending: str | None
    belongs_to: BelongsTo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleFile(Node):
    path: str
    items: tuple[Node, ...]
