"""The runtime of the generated validators: read a case, check its entries, work out its figures.

This module is real, typed code: ruff, mypy and tests/test_runtime.py see it as it is. The Python
backend inlines its source into every generated module (below the module's header, above the
rules' data), so a generated validator stays one standalone file of standard-library Python. What
it knows of the law comes only from a `Rules` value, built by the generated module from the rule
files; everything the compiler can decide from the rules (which caps come first, whether a table is
all pending, the session bands as a function) is decided at build time and arrives here as data.

    validator = Validator(rules)
    result = validator.validate(case)   # contract section 3; never raises on bad input
"""
from __future__ import annotations

import datetime as _dt
import reprlib as _reprlib
from bisect import bisect_right as _bisect
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP as _HALF_UP
from decimal import Decimal as _D
from itertools import chain as _chain
from operator import attrgetter as _attrgetter
from operator import itemgetter as _itemgetter
from typing import Any, NamedTuple

Json = dict[str, Any]
Citation = str
CellKey = tuple[tuple[str, ...], ...]
SessionsForHours = Callable[[_D], "tuple[_D, _D, _D, str | None]"]   # full sessions, rest, rest counts as, band cited


# ------------------------------------------------------------------------ the rules, as data

class Activity(NamedTuple):
    citation: Citation                 # where the activity is written, with its instrument
    areas: frozenset[str]              # the proceedings or forms it is chargeable in
    certifiers: frozenset[str]
    certifiers_listed: tuple[str, ...]   # the same, in the rules' order, for messages
    certified_under: Citation
    label: str


class SessionCap(NamedTuple):
    scope: str                         # per_provider | per_case
    limit: _D
    areas: frozenset[str]
    citation: Citation


class TableCap(NamedTuple):
    scope: str
    table: str
    fixed: tuple[tuple[str, str], ...]   # (axis, value) the rule fixes
    activities: frozenset[str]
    listed: tuple[str, ...]
    areas: frozenset[str]
    citation: Citation
    ground: Citation | None


class ReplacementCap(NamedTuple):
    limit: _D | None                   # None: the case's fixed-time level
    successor_method: str
    citation: Citation
    ground: Citation | None


class Rate(NamedTuple):
    kind: str
    areas: frozenset[str]
    parameter: str
    of_kind: str | None                # a share of that kind's rate
    citation: Citation


class FixedTime(NamedTuple):
    citation: Citation
    chosen: tuple[str, str, Citation] | None           # earliest and latest case dates, citation
    level: tuple[str, str, Citation] | None            # axis, how it is picked, citation
    stages_citation: Citation | None
    tables: Mapping[str, tuple[str, tuple[str, ...], Citation]]   # area -> (table, axes, citation)
    floors: Mapping[str, tuple[_D, str, Citation]]                 # area -> (times, parameter, citation)
    ceiling: tuple[_D, str, Citation] | None
    multipliers: tuple[tuple[_D, str, int, Citation], ...]        # (factor, providers | offenses, at least, citation)
    shared: tuple[str, Citation] | None


class Table(NamedTuple):
    title: str
    axes: tuple[str, ...]
    axis_values: tuple[tuple[str, ...], ...]
    cells: Mapping[CellKey, tuple[_D | None, str | None]]   # key -> (value, pending reason)
    all_pending: bool


class ParamValue(NamedTuple):
    start: _dt.date
    end: _dt.date | None
    value: _D                          # a percentage as its fraction
    source: str
    by: Citation | None = None         # the amending act's operation that set it: only for cases its rules judge


class Parameter(NamedTuple):
    title: str
    unit: str
    multiple_of: str | None            # a multiple of this parameter (base salary)
    applies_on: tuple[str, ...]        # which case dates pick its value, the first given
    values: tuple[ParamValue, ...]


class Version(NamedTuple):
    """The rules as in force for one period, once the amending acts are applied."""
    number: int
    start: _dt.date | None
    end: _dt.date | None
    changed_by: tuple[Citation, ...]
    scope: frozenset[str]
    scope_citation: Citation
    methods: Mapping[str, tuple[frozenset[str], Citation]]
    activities: Mapping[str, Activity]
    session_hours: _D
    session_citation: Citation
    hours_added: str                   # per_provider | per_entry
    sessions_for_hours: SessionsForHours
    day_limit: tuple[_D, bool, Citation] | None   # (hours, whether refused entries count toward them, citation)
    keeps: tuple[str, Citation] | None            # which cases keep the version before (a transitional provision)
    ties: tuple[str, Citation] | None             # (provider_id | listed_order, citation)
    session_caps: tuple[SessionCap, ...]          # each provider's caps before the case's
    table_caps: tuple[TableCap, ...]
    replacement_caps: tuple[ReplacementCap, ...]
    not_paid: Mapping[str, Citation]
    rates: tuple[Rate, ...]
    reference_kind: str | None         # the kind whose rate the fixed amount is reckoned in
    fixed_time: FixedTime | None
    tables: Mapping[str, Table]
    eligible: Mapping[str, tuple[str | None, Citation, str, str | None]]   # group -> (condition, citation, text, amended by)
    includes: Mapping[str, tuple[tuple[str, ...], Citation]]
    eligibility_on: str | None
    eligibility_citation: Citation | None


class Rules(NamedTuple):
    """Everything a validator knows of the law: written by the generated module from the rule files."""
    instrument: str
    title: str
    vocabularies: Mapping[str, tuple[str, ...]]
    in_force: _dt.date
    in_force_citation: Citation
    governed_by: tuple[str, ...]       # what governs the work before the instrument is in force
    transition_citation: Citation
    entries_judged_by: str             # which case date picks the version judging each entry
    case_judged_by: str                # ... and the whole case
    base_parameter: str | None
    parameters: Mapping[str, Parameter]
    axis_case_fields: Mapping[str, str]   # table axis -> the case field that gives it
    versions: tuple[Version, ...]


# ------------------------------------------------------------------------ small helpers

_ZERO = _D(0)
_from_iso = _dt.date.fromisoformat
_ONE = _D(1)
_NO_LIMIT = _D("Infinity")   # a day without a day_limit rule
_CACHE_LIMIT = 4096      # the caches below hold what batches repeat: a few thousand dates, hours, totals

_CASE_FIELDS = ("case_id", "form", "proceeding", "method", "assigned_on", "payment_date", "method_chosen_on",
                "offense_classes", "complexity", "stages", "suspended_on", "resumed_on", "providers", "entries",
                "aided_person")
_PROVIDER_FIELDS = ("id", "kind", "from", "until", "method", "method_chosen_on", "stages")
_ENTRY_FIELDS = ("date", "provider", "activity", "hours", "certified_by")
_ENTRY_FIELD_SET = frozenset(_ENTRY_FIELDS)
_CASE_FIELD_SET = frozenset(_CASE_FIELDS)
_SELDOM_GIVEN = frozenset(("method_chosen_on", "offense_classes", "complexity", "stages", "suspended_on", "resumed_on"))
_PROVIDER_FIELD_SET = frozenset(_PROVIDER_FIELDS)
_USUAL_FIELDS = frozenset(("case_id", "form", "proceeding", "method", "assigned_on", "payment_date", "providers", "entries"))

_FLOAT_HOURS: dict[float, _D] = {}
_WHOLE_HOURS: dict[int, _D] = {}


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) > _CACHE_LIMIT:   # a cache, not a store
        cache.clear()
    cache[key] = value
    return value


def date_of(value: object) -> _dt.date | None:
    """A date from YYYY-MM-DD text or a date object, else None (the careful reader says why). Parsed each
    time, not kept in a cache of dates: a batch's cases would push such a cache out of the processor's
    caches, and fetching a date from memory costs more than reading ten characters."""
    if type(value) is _dt.date:
        return value
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return _from_iso(value)
    except ValueError:
        return None


def hours_of_int(value: int) -> _D:
    """Whole hours as a Decimal: one object per value."""
    hours = _WHOLE_HOURS.get(value)
    return hours if hours is not None else _remember(_WHOLE_HOURS, value, _D(value))


def hours_of_float(value: float) -> _D:
    """Hours given as a binary float, read as the decimal it was written as (2.5 -> Decimal('2.5'))."""
    hours = _FLOAT_HOURS.get(value)
    return hours if hours is not None else _remember(_FLOAT_HOURS, value, _D(repr(value)))


def finding(code: str, severity: str, citation: str, entry: int | None, message: str) -> Json:
    """A finding of the result (contract section 3); entry: the index of the entry, or None for the case."""
    return {"code": code, "severity": severity, "citation": citation, "entry": entry, "message": message}


Fault = tuple[str, str, str, str]   # a finding on an entry, kept without its entry: (code, severity, citation, message)


def _fault(found: Json) -> Fault:
    return found["code"], found["severity"], found["citation"], found["message"]


def num(value: _D | None) -> int | float | None:
    """A Decimal figure for JSON: an int when whole, else a float (sessions are multiples of 0.5)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def dong(value: _D) -> int:
    """Money is rounded half up, to whole đồng, only at the end."""
    return int(value.quantize(_ONE, _HALF_UP))   # rounding= by position: quicker to call


def vnd(value: _D) -> str:
    return f"{dong(value):,} đồng"


def fmt(value: _D) -> str:
    """A Decimal as a person writes it: 2.5, 10, 0.38 (no exponent, no trailing zeros)."""
    text = str(value)
    if "E" not in text and "e" not in text and (text[-1] != "0" or "." not in text) and text != "-0":
        return text   # already so written (the usual figure)
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


_SHOWN = _reprlib.Repr()   # a value quoted in a message: a few levels and characters, whatever its size or depth
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlist, _SHOWN.maxdict = 3, 40, 40, 4, 4


def show(value: object) -> str:
    kind = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)
    text = _SHOWN.repr(value)
    return f"{kind} {text[:40] + '...' if len(text) > 40 else text}"


def suggest(word: object, choices: Any) -> str:
    if type(word) is not str:
        return ""
    import difflib  # only here: a suggestion is made for a misspelt value, seldom

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


Tie = tuple[list[str], list[str]]   # (who got the unit the tie was for, who did not)


def apportion(exact: Mapping[str, _D], total: int, order: Mapping[str, int]) -> tuple[dict[str, int], Tie | None]:
    """Round each provider's exact amount to whole đồng so that they add up to the case's amount
    `total` (the exact total, rounded half up): round down, then give the đồng left to the largest
    remainders, equal remainders in `order`. Also the tie that decided a đồng, if one did."""
    if len(exact) == 1:   # one provider: the case's amount
        (key,) = exact
        return {key: total}, None
    whole = {key: int(value) for key, value in exact.items()}
    left = total - sum(whole.values())
    if left == 0:   # no đồng left to give (the usual: whole rates times whole or half sessions)
        return whole, None
    return _largest_remainders(whole, {key: exact[key] - whole[key] for key in exact}, left, order)


def share_out(amounts: Mapping[str, _D], limit: _D, order: Mapping[str, int]) -> tuple[dict[str, _D], Tie | None]:
    """Cut `amounts` (id -> sessions) down to `limit` in proportion, in half sessions, largest
    remainder first, equal remainders in `order`. Also the tie that decided a half session, if one did."""
    total = sum(amounts.values(), _ZERO)
    units = int(limit * 2)
    whole: dict[str, int] = {}
    rest: dict[str, _D] = {}
    for key, amount in amounts.items():
        exact = amount * units / total
        whole[key] = down = int(exact)
        rest[key] = exact - down
    halves, tie = _largest_remainders(whole, rest, units - sum(whole.values()), order)
    return {key: _D(halves[key]) / 2 for key in amounts}, tie


def _largest_remainders(whole: dict[str, int], rest: Mapping[str, _D], left: int, order: Mapping[str, int]) -> tuple[dict[str, int], Tie | None]:
    ranked = sorted(rest, key=lambda k: (-rest[k], order[k]))
    given = ranked[:max(left, 0)]
    for key in given:
        whole[key] += 1
    tie = None
    if 0 < left < len(ranked) and rest[ranked[left - 1]] == rest[ranked[left]]:
        tied = [key for key in ranked if rest[key] == rest[ranked[left]]]
        tie = ([key for key in tied if key in given], [key for key in tied if key not in given])
    return whole, tie


def product(coords: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for values in coords:
        combos = [combo + (value,) for combo in combos for value in values]
    return combos


# ------------------------------------------------------------------------ a case, as read

class Provider(NamedTuple):
    id: str | None
    kind: str | None
    start: _dt.date | None = None      # `from`: a replacement's period
    until: _dt.date | None = None
    method: str | None = None          # a successor's own choice of method (Art. 8.3, 10.4)
    chosen_on: _dt.date | None = None
    stages: tuple[str, ...] | None = None   # the stages a provider paid a fixed amount performed


Work = list[tuple[int, _dt.date, str, "_D | None"]]   # (entry index, date, activity, hours) left in
_KIND_OF_PROVIDER: Callable[[Provider], str | None] = _attrgetter("kind")
# Of an entry of Work: taken in C (map), not by a Python loop over the entries.
_ACTIVITY_OF_ENTRY: Callable[[Any], str] = _itemgetter(2)
_HOURS_OF_ENTRY: Callable[[Any], _D] = _itemgetter(3)


class Case:
    """A case as read. The entries are not kept one by one: the pass that reads them also checks them
    (Reader.entries) and keeps what the rest needs. dates: the entries' dates, in order; last_date: the
    latest (None without entries); work: provider id -> the entries left in (no error finding);
    entry_findings: the entries' findings, in order; version: the version of the rules that judges the
    case; entries_version: the one that judges the entries, None when each is judged by the version in
    force on its own date. (Validator.usual_run leaves dates empty: no rule it reads a case for asks
    for the first entry's date.)"""
    # What a case does not give keeps the class's value: a case is made for every validation.
    case_id: str | None = None
    form: str | None = None
    proceeding: str | None = None
    method: str | None = None
    assigned_on: _dt.date | None = None
    payment_date: _dt.date | None = None
    method_chosen_on: _dt.date | None = None
    offense_classes: tuple[str, ...] = ()
    complexity: str | None = None
    stages: tuple[str, ...] = ()
    suspended_on: _dt.date | None = None
    resumed_on: _dt.date | None = None
    providers: tuple[Provider, ...] = ()
    last_date: _dt.date | None = None
    version: Version | None = None
    entries_version: Version | None = None
    kept: tuple[Version, str] | None = None   # the version a transitional provision kept the case out of, and why
    aided_person: tuple[tuple[str, str], ...] | None = None
    plain = False   # every provider gives only an id and a kind (no period, method or stages of their own)

    def __init__(self) -> None:
        self.dates: list[_dt.date] = []
        self.work: dict[str, Work] = {}
        self.entry_findings: list[Json] = []


_ENTRY_DATES = frozenset(("last_entry_date", "work_date", "first_task"))   # case dates read from the entries


def case_date(c: Case, name: str) -> _dt.date | None:
    """A date of a case by the name the rules give it: a field of the case, or its first or last entry's."""
    if name == "last_entry_date" or name == "work_date":
        return c.last_date
    if name == "first_task":
        return min(c.dates, default=None)
    value = getattr(c, name, None)
    return value if isinstance(value, _dt.date) else None


class AreaRules(NamedTuple):
    """What of one version of the rules applies to the cases of one area (see Validator.for_area)."""
    allowed: Mapping[str, frozenset[str]]
    session_caps: tuple[SessionCap, ...]
    least_limit: _D | None
    table_caps: tuple[TableCap, ...]


class UsualPlan(NamedTuple):
    """What one version of the rules says of the usual cases of one area (see Validator.usual_result): looked up
    once, not for every case."""
    usual: bool                        # False: the case is worked out by Run.result() (out of scope, method not allowed)
    opening: Json | None               # the trace's first step: which version judges the case, when amended
    table_caps: tuple[tuple[TableCap, tuple[Json, Json] | None], ...]   # with, when its limit is pending, (finding, step)
    area_rules: AreaRules


# ------------------------------------------------------------------------ the validator

OnDate = tuple["_D | None", "str | None", "int | None", "str | None", dict[Any, Any]]
Counted = tuple[_D, str, "int | float | None", str]   # sessions, how reached in words, as a figure, as text
Problem = tuple[str, str]    # (finding code, why)


class Validator:
    """The rules of one instrument, ready to validate cases, with what it works out once kept for the
    next case: a batch repeats a few thousand dates, a few areas and a few sets of case facts."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.form_ids = rules.vocabularies["form"]
        self.proceeding_ids = rules.vocabularies["proceeding"]
        self.method_ids = rules.vocabularies["method"]
        self.provider_kinds = rules.vocabularies["provider_kind"]
        self.offense_classes = rules.vocabularies["offense_class"]
        self.complexities = rules.vocabularies["complexity"]
        self.stage_ids = rules.vocabularies["stage"]
        self.aided_groups = rules.vocabularies.get("aided_group", ())
        base = rules.parameters[rules.base_parameter] if rules.base_parameter else None
        # The dates the base salary is taken on, the first given (with the words the trace uses).
        self.salary_dates = tuple((name, name.replace("_", " ")) for name in (
            base.applies_on if base else ("payment_date", "last_entry_date")))
        # The dates a usual case has, by the names case_date() gives them: an index into (assigned_on,
        # payment_date, last_date) for usual_result; the other dates of a case it never has.
        picks = {"assigned_on": 0, "payment_date": 1, "last_entry_date": 2, "work_date": 2}
        self.judged_on = picks.get(rules.case_judged_by)
        self.salary_picks = tuple((picks[name], words) for name, words in self.salary_dates if name in picks)
        self._areas: dict[tuple[int, str | None, str | None], AreaRules] = {}
        self._usual_plans: dict[tuple[int, str, str], UsualPlan] = {}
        # The findings on an entry's activity and certifier, and on its hours, as worked out for an earlier entry.
        # The findings on an entry a batch repeats, kept as (code, severity, citation, message): a few
        # pointers to read for each entry, where copying a kept finding would read a whole dict.
        self._activity_faults: dict[tuple[str, str, int, str, str], tuple[Fault, ...]] = {}
        self._hours_faults: dict[_D, Fault] = {}
        self._pay_words: dict[tuple[str, str, int], str] = {}
        self.newest_first = tuple((version.start, version) for version in reversed(rules.versions))
        # The days on which some dated parameter takes a new value or ends: between two of them, every
        # parameter has one value (see on_date).
        self.changes = tuple(sorted({day for parameter in rules.parameters.values() for value in parameter.values
                                     for day in (value.start, value.end and value.end + _dt.timedelta(days=1)) if day}))
        # Whether every version has the same activities and certifiers: then an entry's date does not
        # change what may be charged, and the entries are checked without looking its version up.
        self.one_activity_table = all(version.activities == rules.versions[0].activities for version in rules.versions)
        # The same for the limit on a provider's day: one for all versions, or the case's version decides it.
        self.one_day_rule = all(version.day_limit == rules.versions[0].day_limit for version in rules.versions)
        # ... and the rule hours of an entry are checked under (None: the case's version decides it).
        self.session_citation = (rules.versions[0].session_citation if all(
            version.session_citation == rules.versions[0].session_citation for version in rules.versions) else None)
        # Whether a transitional provision keeps some cases under older rules (see decide_versions).
        self.transitions = any(version.keeps is not None for version in rules.versions)
        # Whether the usual case can be worked out by usual_result(): each entry judged by the version in force on
        # its date, with the same activities, day and session rules in all versions, no transitions.
        self.usual = (rules.entries_judged_by == "work_date" and self.one_activity_table and self.one_day_rule
                      and self.session_citation is not None and not self.transitions and "actual_sessions" in self.method_ids
                      and not any("đ" in activity for version in rules.versions for activity in version.activities)
                      and "first_task" not in (rules.case_judged_by, *(name for name, _ in self.salary_dates)))
        self._allowed_by_date: dict[tuple[str | None, str | None], dict[_dt.date, Mapping[str, frozenset[str]]]] = {}
        self._on_date: dict[tuple[int, int], OnDate] = {}
        self._rates: dict[tuple[_dt.date | None, ...], dict[Any, Any]] = {}
        self._sessions: dict[int, dict[str, Counted]] = {v.number: {} for v in rules.versions}   # by version, then total
        self._table_values: dict[tuple[Any, ...], tuple[_D | None, Problem | None]] = {}
        self._cap_limits: dict[tuple[Any, ...], tuple[_D | None, tuple[str, str, str] | None]] = {}

    def validate(self, case: object) -> Json:
        """Validate one case (a dict as in contract section 2) and return its result (section 3).

        Never raises on bad input: a case that cannot be read gives status 'rejected' with one
        INVALID_CASE finding per problem, each naming the field."""
        if self.usual and type(case) is dict:
            result = self.usual_result(case)
            if result is not None:
                return result
        reader = Reader(self)
        parsed = reader.case(case)
        if parsed is None or reader.problems:
            raw: Mapping[str, Any] = case if type(case) is dict else {}
            case_id = raw.get("case_id")
            method = raw.get("method")
            return {
                "case_id": case_id if type(case_id) is str else None,
                "instrument": self.rules.instrument,
                "method": method if type(method) is str else None,
                "status": "rejected",
                "sessions_declared": None,
                "sessions_payable": None,
                "base_salary_vnd": None,
                "amount_vnd": None,
                "providers": [],
                "findings": [{"code": "INVALID_CASE", "severity": "error", "citation": self.rules.instrument, "entry": None,
                              "field": field, "message": f"{field}: {message}"} for field, message in reader.problems],
                "trace": [],
            }
        return Run(self, parsed).result()

    def usual_result(self, raw: dict[str, Any]) -> Json | None:
        """The result of the usual case (actual sessions; providers with an id and a kind; entries with the
        five fields, each a value of its usual type), read, checked and worked out as Reader.case and
        Run.result() do it, in one pass and with what the rules of the case's area and version say looked
        up once (usual_plan); None for any other case, which the Reader reads (nothing is kept from this
        attempt). The rarer turns of a usual case (a cap reached, a đồng left by rounding, a rate not yet
        worked out, rules that do not take it) are left to a Run made for them (usual_run)."""
        # -- the case's fields and providers
        if not raw.keys() <= _USUAL_FIELDS:
            return None
        try:   # the fields a usual case always has (a subscript is quicker than get)
            case_id, form, method = raw["case_id"], raw["form"], raw["method"]
            assigned, raw_providers, raw_entries = raw["assigned_on"], raw["providers"], raw["entries"]
        except KeyError:
            return None
        proceeding, paid = raw.get("proceeding"), raw.get("payment_date")
        if type(case_id) is not str or method != "actual_sessions" or type(form) is not str or form not in self.form_ids:
            return None
        if form == "proceedings":
            if type(proceeding) is not str or proceeding not in self.proceeding_ids:
                return None
        elif proceeding is not None:
            return None
        assigned_on = date_of(assigned)
        payment_date = None if paid is None else date_of(paid)
        if (assigned_on is None or paid is not None and payment_date is None or type(raw_providers) is not list
                or not raw_providers or type(raw_entries) is not list):
            return None
        kinds = self.provider_kinds
        kind_of: dict[str, str] = {}   # the providers, as listed: id -> kind
        work: dict[str, Work] = {}
        for item in raw_providers:
            if type(item) is not dict or len(item) != 2:
                return None
            try:
                ident, kind = item["id"], item["kind"]
            except KeyError:
                return None
            if type(ident) is not str or type(kind) is not str or kind not in kinds or ident in work:
                return None
            work[ident] = []
            kind_of[ident] = kind
        # -- the entries, each read and checked in one pass (as Reader.entries does)
        rules = self.rules
        versions, in_force, instrument = rules.versions, rules.in_force, rules.instrument
        judged = versions[0] if len(versions) == 1 else None   # None: each entry by the version in force on its date
        area = proceeding or form
        entries_rules = judged or versions[-1]
        allowed = (self._areas.get((entries_rules.number, area, form)) or self.for_area(entries_rules, area, form)).allowed
        day_rule = versions[0].day_limit
        day_limit, refused_count = (day_rule[0], day_rule[1]) if day_rule else (_NO_LIMIT, False)
        last = _dt.date.min   # the latest entry's date (no rule here asks for the first's: Validator.usual)
        last_text = ""   # as written: the trace's words for it
        findings: list[Json] = []
        per_day: dict[tuple[str, _dt.date], _D] = {}
        over = False
        counted_out: list[tuple[int, str, _dt.date]] = []
        try:
            for i, item in enumerate(raw_entries):
                if type(item) is not dict or len(item) != 5:
                    return None
                try:
                    raw_date, who, activity = item["date"], item["provider"], item["activity"]
                    hours, certified_by = item["hours"], item["certified_by"]
                except KeyError:
                    return None
                # date_of, in line: not text raises TypeError, not a date ValueError (the Reader says why). Of
                # the forms fromisoformat reads (20300301, 2030-W09-5, 2030W09), YYYY-MM-DD alone has - at [7].
                date = _from_iso(raw_date)
                if raw_date[7] != "-":
                    return None
                if type(raw_date) is not str or type(who) is not str or type(activity) is not str or type(certified_by) is not str:
                    return None
                kind = type(hours)
                if kind is not _D:
                    if kind is int:
                        hours = _WHOLE_HOURS.get(hours) or hours_of_int(hours)
                    elif kind is float:
                        hours = _FLOAT_HOURS.get(hours) or hours_of_float(hours)
                    else:
                        return None
                if date > last:
                    last, last_text = date, raw_date
                if date < in_force:
                    findings.append(_not_governed(rules, i, date))
                    continue
                kept = work.get(who)
                # hours not a number (NaN) raise: the Reader says so
                if kept is None or certified_by not in allowed.get(activity, ()) or not _ZERO < hours <= day_limit:
                    # -- an entry with something to say about it
                    ok = kept is not None
                    if not ok:
                        findings.append(_unknown_provider(instrument, i, who, list(work)))
                    if certified_by not in allowed.get(activity, ()) and (
                            "đ" not in activity or certified_by not in allowed.get(activity := activity.replace("đ", "dd"), ())):
                        # entries_rules, not the version in force on the date: all versions have the same activities
                        self.activity_faults(findings, i, activity, certified_by, entries_rules, area, form,
                                             None if judged else date)
                        ok = False
                    if not _ZERO < hours <= day_limit:
                        findings.append(self.hours_fault(i, hours, day_rule))
                        continue
                    if ok:   # written with đ for dd
                        kept.append((i, date, activity, hours))   # type: ignore[union-attr]   # ok: kept is set
                    elif kept is not None and refused_count:   # refused, but its hours count toward the provider's day
                        counted_out.append((i, who, date))
                    else:
                        continue
                else:   # the usual entry
                    kept.append((i, date, activity, hours))
                key = (who, date)   # the hours of a provider's day, added up
                if key in per_day:
                    per_day[key] += hours
                    over = over or per_day[key] > day_limit
                else:
                    per_day[key] = hours
        except (ArithmeticError, LookupError, TypeError, ValueError):   # hours not a number (NaN), a date not a date: the Reader says so
            return None
        if over:
            _over_day(findings, work, per_day, counted_out, day_limit, day_rule[2] if day_rule else instrument)
        last_date = last if raw_entries else None
        # -- the version that judges the case (decide_versions, without transitions), and what it says of the area
        dates = (assigned_on, payment_date, last_date)   # the dates a usual case has, as case_date() names them
        version = judged or self.version_on(self.judged_on is not None and dates[self.judged_on] or assigned_on)
        plan = self._usual_plans.get((version.number, area, form)) or self.usual_plan(version, area, form)
        if not plan.usual or rules.governed_by and (last_date or assigned_on) < in_force:
            return self.usual_run(raw, kind_of, work, last_date, findings, None, version).result()
        run: Run | None = None   # made only for the rarer turns below
        trace: list[Json] = [plan.opening.copy()] if plan.opening else []
        # -- sessions: each provider's hours added up (as Run.sessions_of)
        number, citation = version.number, version.session_citation
        known = self._sessions[number]
        sessions: dict[str, _D] = {}
        counted: dict[str, Counted] = {}   # as counted from the hours, before any cap (with the figure and text)
        for who, kept in work.items():
            total: _D = sum(map(_HOURS_OF_ENTRY, kept), _ZERO)   # hours given
            count, how, figure, _ = counted[who] = known.get(str(total)) or self.count_total(version, total)
            sessions[who] = count
            trace.append({"citation": citation, "step": f"{who}: {how}", "value": figure})
        one = len(sessions) == 1
        declared = count if one else sum(sessions.values(), _ZERO)   # the same figure: one provider's sessions
        declared_figure = figure if one else num(declared)
        capped = False
        for table_cap, pending in plan.table_caps:   # the caps from the tables on the points the entries charge
            if not table_cap.activities.isdisjoint(map(_ACTIVITY_OF_ENTRY, _chain.from_iterable(work.values()))):
                if pending is not None:   # not known: the time is counted uncapped
                    findings.append(pending[0].copy())
                    trace.append(pending[1].copy())
                else:
                    run = run or self.usual_run(raw, kind_of, work, last_date, findings, trace, version)
                    run.table_cap(table_cap, sessions, work)
                    capped = True
        least_limit = plan.area_rules.least_limit   # of the caps on sessions (None: none applies)
        if least_limit is not None and declared > least_limit:
            run = run or self.usual_run(raw, kind_of, work, last_date, findings, trace, version)
            sessions = run.session_caps(plan.area_rules, list(work), sessions)
            capped = True
        if capped:
            payable = sessions[who] if one else sum(sessions.values(), _ZERO)
            payable_figure = figure if payable is count else num(payable)
        else:
            payable, payable_figure = declared, declared_figure
        trace.append({"citation": citation, "step": "sessions payable", "value": payable_figure})
        # -- money: the base salary and rates on the date, as already worked out for these kinds of provider
        on, which = None, ""
        on_text: object = ""
        for index, words in self.salary_picks:   # the first of the dates the base salary is taken on (as Run.salary_date)
            on = dates[index]
            if on is not None:   # and its words, as written (YYYY-MM-DD, as f"{on}" would write it)
                which, on_text = words, (assigned, paid, last_text)[index]
                break
        day = self.on_date(on, version) if on is not None else None
        rated = day[4].get((number, area, form, frozenset(kind_of.values()))) if day is not None and day[0] is not None else None
        if rated is None or rated[1] or day is None:
            run = run or self.usual_run(raw, kind_of, work, last_date, findings, trace, version)
            base, rates = run.money()
        else:
            base, rates = day[2], rated[0]
            trace.append({"citation": day[1] or "", "step": f"base salary on {on_text} ({which}): {day[3]}", "value": base})
            trace.extend(map(dict.copy, rated[2]))
        # -- pay: each provider's sessions at their kind's rate, rounded once (as Run.pay_plain)
        exact: dict[str, _D] = {}
        for who, kind in kind_of.items():
            rate = rates.get(kind) if rates is not None else None
            if rate is None or base is None:
                run = run or self.usual_run(raw, kind_of, work, last_date, findings, trace, version)
                return run.finish(declared, payable, base, run.pay_sessions(run.case.providers, sessions, rates), sessions)
            exact[who] = sessions[who] * rate[0]
        rounded: dict[str, int]
        if one:
            amount = dong(exact[who])
            rounded = {who: amount}
        else:
            amount = dong(sum(exact.values(), _ZERO))
            rounded = dict(zip(exact, map(int, exact.values()), strict=True))   # as apportion: rounded down, then
            if sum(rounded.values()) != amount:   # the đồng left to the largest remainders
                run = run or self.usual_run(raw, kind_of, work, last_date, findings, trace, version)
                rounded, tie = apportion(exact, amount, run.tie_order(exact))
                run.tie_step(tie, "a đồng left by rounding")
        out = []
        pay_words = self._pay_words
        for who, kind in kind_of.items():
            rate, count, paid = rates[kind], sessions[who], rounded[who]   # type: ignore[index]   # known above
            known_count = counted[who]
            figure, text = (known_count[2], known_count[3]) if count is known_count[0] else (num(count), fmt(count))
            words = pay_words.get((text, rate[2], paid)) or self.pay_words(text, rate[2], paid)
            trace.append({"citation": rate[1], "step": who + words, "value": paid})
            out.append({"id": who, "kind": kind, "sessions_payable": figure, "amount_vnd": paid})
        status = "ok"
        for f in findings:
            if f["severity"] == "error":
                status = "rejected"
                break
        return {
            "case_id": case_id,
            "instrument": instrument,
            "method": method,
            "status": status,
            "sessions_declared": declared_figure,
            "sessions_payable": payable_figure,
            "base_salary_vnd": base,
            "amount_vnd": amount,
            "providers": out,
            "findings": findings,
            "trace": trace,
        }

    def activity_faults(self, findings: list[Json], i: int, activity: str, certified_by: str, version: Version, area: str,
                        form: str, date: _dt.date | None) -> None:
        """_activity_findings for entry i of a usual case, added to `findings` (`date`: the date the version
        was looked up by, None when one version judges every entry). The findings on an activity and
        certifier that the version knows are worked out once (a batch repeats them), an unknown one's
        each time (its message names the date)."""
        if activity not in version.activities:
            _activity_findings(findings, i, activity, certified_by, version.activities, area, form, self.rules.instrument,
                               "" if date is None else f" on {date}")
            return
        key = (activity, certified_by, version.number, area, form)
        known = self._activity_faults.get(key)
        if known is None:
            found: list[Json] = []
            _activity_findings(found, -1, activity, certified_by, version.activities, area, form, self.rules.instrument, "")
            known = _remember(self._activity_faults, key, tuple(map(_fault, found)))
        for code, severity, citation, message in known:
            findings.append({"code": code, "severity": severity, "citation": citation, "entry": i, "message": message})

    def pay_words(self, sessions: str, rate_words: str, paid: int) -> str:
        """What a provider's pay step says after their id (": 30 sessions x 684,000 đồng = 20,520,000 đồng"),
        worked out once for each figure (a batch repeats them)."""
        key = (sessions, rate_words, paid)
        words = self._pay_words.get(key)
        if words is None:
            words = _remember(self._pay_words, key, f": {sessions} sessions x {rate_words} = {paid:,} đồng")
        return words

    def hours_fault(self, i: int, hours: _D, day_rule: tuple[_D, bool, Citation] | None) -> Json:
        """_invalid_hours for entry i of a usual case, worked out once for each number of hours."""
        known = self._hours_faults.get(hours)
        if known is None:
            known = _remember(self._hours_faults, hours,
                              _fault(_invalid_hours(-1, hours, day_rule, self.session_citation or self.rules.instrument)))
        code, severity, citation, message = known
        return {"code": code, "severity": severity, "citation": citation, "entry": i, "message": message}

    def usual_plan(self, version: Version, area: str, form: str) -> UsualPlan:
        """What a version of the rules says of the usual cases of an area, worked out once (see usual_result)."""
        rules = self.for_area(version, area, form)
        opening = None
        if version.start is not None:   # the trace says which version judges the case (as Run.result)
            opening = {"citation": version.changed_by[0] if version.changed_by else self.rules.instrument,
                       "step": f"the rules as amended, in force from {version.start} (version {version.number}), judge the "
                               f"case ({self.rules.case_judged_by.replace('_', ' ')})", "value": None}
        table_caps = []
        for cap in rules.table_caps:   # as Run.table_cap: a cap whose limit cannot be known warns, once worked out
            limit, problem = self.cap_limit(version, cap, (), (), None)
            pending = None
            if problem is not None or limit is None:
                code, message, step = problem or ("VALUE_PENDING", "", "")
                pending = ({"code": code, "severity": "warning", "citation": cap.citation, "entry": None, "message": message},
                           {"citation": cap.citation, "step": step, "value": None})
            table_caps.append((cap, pending))
        plan = UsualPlan(
            usual=(form in version.scope and version.hours_added == "per_provider"
                   and form in (version.methods.get("actual_sessions") or (frozenset(), ""))[0]),
            opening=opening,
            table_caps=tuple(table_caps),
            area_rules=rules,
        )
        self._usual_plans[(version.number, area, form)] = plan
        return plan

    def usual_run(self, raw: dict[str, Any], kind_of: dict[str, str], work: dict[str, Work], last_date: _dt.date | None,
                  findings: list[Json], trace: list[Json] | None, version: Version) -> Run:
        """A Run of a case usual_result() has read (its fields read again: they are known to be usual), for
        what it leaves to Run: with the findings and trace so far (trace None: a Run from the start, whose
        result() takes the entries' findings itself)."""
        c = Case()
        c.case_id, c.form, c.proceeding, c.method = raw["case_id"], raw["form"], raw.get("proceeding"), "actual_sessions"
        c.assigned_on, c.payment_date, c.plain = date_of(raw["assigned_on"]), date_of(raw.get("payment_date")), True
        c.providers = tuple(Provider(ident, kind) for ident, kind in kind_of.items())
        c.last_date, c.work, c.entry_findings = last_date, work, findings
        c.version = version
        c.entries_version = version if len(self.rules.versions) == 1 else None   # None: each entry by its own date
        run = Run(self, c)
        if trace is not None:
            run.findings, run.trace = findings, trace
        return run

    # -- versions
    def version_on(self, date: _dt.date) -> Version:
        """The version of the rules in force on a date."""
        for start, version in self.newest_first:
            if start is None or start <= date:
                return version
        return self.rules.versions[0]

    def choose_versions(self, c: Case, entries: object) -> bool:
        """Which version of the rules judges a case (case_judged_by) and which its entries
        (entries_judged_by; None: each entry the version in force on its own date). Chosen before the
        entries are read, since they are checked as they are read. When the case's version depends on
        its entries' dates and nothing in the reading of the entries needs it (no provider periods, no
        suspension), it is left to Reader.entries, which has the dates at the end of its one pass;
        otherwise the dates are looked at first. Returns False when the choice is left to Reader.entries."""
        versions, rules = self.rules.versions, self.rules
        c.version = c.entries_version = None
        if len(versions) == 1:
            c.version = c.entries_version = versions[0]
            return True
        by_dates = rules.case_judged_by in _ENTRY_DATES or rules.entries_judged_by in _ENTRY_DATES
        if by_dates and (rules.entries_judged_by != "work_date" or c.suspended_on is not None or not self.one_day_rule
                         or self.transitions or not c.plain and any(p.start is not None or p.until is not None for p in c.providers)):
            self.read_dates(c, entries)
        elif by_dates:
            return False   # Reader.entries calls decide_versions once it has read the dates
        self.decide_versions(c)
        return True

    def read_dates(self, c: Case, entries: object) -> None:
        """The entries' dates that can be read, before the entries are (a case with one that cannot is
        invalid, and not checked)."""
        c.dates = []
        if type(entries) is list:
            c.dates = [d for d in (date_of(e.get("date")) for e in entries if type(e) is dict) if d is not None]
        c.last_date = max(c.dates, default=None)

    def decide_versions(self, c: Case) -> None:
        rules = self.rules
        assigned = c.assigned_on or rules.versions[0].start or rules.in_force
        c.version = self.version_on(case_date(c, rules.case_judged_by) or assigned)
        # A transitional provision keeps some cases under the rules before a version: a case assigned (or
        # paid, or whose work was done) before it began is judged by the one before, and so on back.
        while c.version.keeps is not None and c.version.start is not None and c.version.number > 1:
            which, citation = c.version.keeps
            when = {"cases_assigned_before": c.assigned_on, "cases_paid_before": c.payment_date or c.last_date,
                    "work_done_before": c.last_date}.get(which)
            if when is None or when >= c.version.start:
                break
            c.kept = (c.version, which)
            c.version = rules.versions[c.version.number - 2]
        if rules.entries_judged_by != "work_date":
            c.entries_version = self.version_on(case_date(c, rules.entries_judged_by) or assigned)
            if c.entries_version.number > c.version.number:   # never newer than the rules that judge the case
                c.entries_version = c.version

    def allowed_by_date(self, area: str | None, form: str | None) -> dict[_dt.date, Mapping[str, frozenset[str]]]:
        """The dates seen so far -> the activities allowed in an area on that date, with who may certify
        each (see allowed_on): entries judged by their own dates look up the version once per date."""
        key = (area, form)
        found = self._allowed_by_date.get(key)
        if found is None:
            found = self._allowed_by_date[key] = {}
        return found

    def allowed_on(self, date: _dt.date, area: str | None, form: str | None) -> Mapping[str, frozenset[str]]:
        allowed = self.for_area(self.version_on(date), area, form).allowed
        _remember(self.allowed_by_date(area, form), date, allowed)
        return allowed

    def for_area(self, version: Version, area: str | None, form: str | None) -> AreaRules:
        """What of a version applies to the cases of an area (the case's proceeding, or its form when it
        has none): the area's activities with who may certify each, the caps on sessions (each
        provider's before the case's) and the least of their limits, and the caps from the tables.
        Worked out once per version and area, not for every entry."""
        key = (version.number, area, form)
        rules = self._areas.get(key)
        if rules is None:
            caps = tuple(cap for cap in version.session_caps if area in cap.areas or form in cap.areas)
            rules = self._areas[key] = AreaRules(
                allowed={citation: activity.certifiers for citation, activity in version.activities.items()
                         if area in activity.areas or form in activity.areas},
                session_caps=caps,
                least_limit=min((cap.limit for cap in caps), default=None),
                table_caps=tuple(cap for cap in version.table_caps if area in cap.areas or form in cap.areas),
            )
        return rules

    def count_total(self, v: Version, total: _D) -> Counted:
        """(sessions, how they were reached in words, as a figure, as text) for a provider's hours added
        up to `total` under a version, worked out once (kept by the total as text: quicker to look up than
        the Decimal; usual_result looks it up itself first)."""
        counted = self._sessions[v.number]
        known = counted.get(str(total))
        if known is not None:
            return known
        full, rest, part, band = v.sessions_for_hours(total)
        how = f"{fmt(total)} h certified -> {fmt(full)} session{'s' if full != 1 else ''} of {fmt(v.session_hours)} h"
        if rest:
            how += f", and {fmt(rest)} h left over counting as {fmt(part)} ({band})"
        count = full + part
        return _remember(counted, str(total), (count, how, num(count), fmt(count)))  # type: ignore[no-any-return]

    # -- dated parameters
    def parameter(self, name: str, on: _dt.date, version: Version | None = None) -> ParamValue | None:
        """The value of a dated parameter in force on a date for a case judged by `version`, or None when
        no value is in force. A value an amending act set applies only to the cases its rules judge."""
        for value in reversed(self.rules.parameters[name].values):
            if value.by is not None and (version is None or version.start is None or value.start > version.start):
                continue   # set by an act whose rules do not judge this case: an older value applies
            if value.start <= on and (value.end is None or on <= value.end):
                return value
            if value.start <= on:
                return None
        return None

    def on_date(self, on: _dt.date, version: Version) -> OnDate:
        """What the money of a case takes from the dated parameters on a date: (base salary, its source,
        in whole đồng, in words, the rates worked out while the same value of each dated parameter is in
        force), the first four None when no base salary is recorded for the date. Kept by the period
        between two changes of the parameters the date falls in, not by the date: a few entries."""
        key = (_bisect(self.changes, on), version.number)
        known = self._on_date.get(key)
        if known is None:
            # Which value of each parameter applies (by its first day): the rates are the same while these are.
            in_force = tuple(getattr(self.parameter(name, on, version), "start", None) for name in self.rules.parameters)
            rates = self._rates.setdefault(in_force, {})
            found = self.parameter(self.rules.base_parameter, on, version) if self.rules.base_parameter else None
            if found is None:
                known = (None, None, None, None, rates)
            else:
                known = (found.value, found.by or found.source, dong(found.value), vnd(found.value), rates)
            self._on_date[key] = known
        return known

    # -- tables
    def table_value(self, version: Version, name: str, fixed: tuple[tuple[str, str], ...], stages: tuple[str, ...],
                    offense_classes: tuple[str, ...], complexity: str | None) -> tuple[_D | None, Problem | None]:
        """(value, None) from a table for a case's facts under a version of the rules, or (None, (code,
        why)) when it cannot be known (the same facts give the same answer: kept)."""
        key = (version.number, name, fixed, stages, offense_classes, complexity)
        known = self._table_values.get(key)
        if known is None:
            known = _remember(self._table_values, key,
                              self._table_value(version, name, dict(fixed), stages, offense_classes, complexity))
        return known

    def _table_value(self, version: Version, name: str, fixed: dict[str, str], stages: tuple[str, ...],
                     offense_classes: tuple[str, ...], complexity: str | None) -> tuple[_D | None, Problem | None]:
        facts: dict[str, Any] = {"stages": stages, "offense_classes": offense_classes, "complexity": complexity}
        table = version.tables[name]
        coords: list[tuple[str, ...]] = []
        for axis, values in zip(table.axes, table.axis_values, strict=True):
            if axis in fixed:
                coords.append((fixed[axis],))
                continue
            field = self.rules.axis_case_fields.get(axis)
            given = facts.get(field) if field else None
            if isinstance(given, str):
                given = (given,)
            if not given:
                if table.all_pending:
                    reason = next(iter(table.cells.values()))[1]
                    return None, ("VALUE_PENDING", f"whose values are all pending ({reason})")
                return None, ("FACT_MISSING", f"which needs the case's {field or axis}, not given")
            ft = version.fixed_time
            if ft and ft.level and axis == ft.level[0]:
                given = (max(given, key=values.index),)   # the most serious prevails
            picked = tuple(v for v in values if v in given)
            if len(picked) < len(set(given)):
                outside = sorted(set(given) - set(picked))
                return None, ("FACT_MISSING", f"which has no {axis} {', '.join(outside)}")
            coords.append(picked)
        cell = table.cells.get(tuple(coords))
        if cell is not None:
            value, pending = cell
            if value is None:
                return None, ("VALUE_PENDING", f"whose value is pending ({pending})")
            return value, None
        total, reasons = _ZERO, []
        for combo in product(coords):
            value, pending = table.cells[tuple((v,) for v in combo)]
            if value is None:
                reasons.append(pending)
            else:
                total += value
        if reasons:
            return None, ("VALUE_PENDING", f"whose value is pending ({reasons[0]})")
        return total, None

    def cap_limit(self, version: Version, cap: TableCap, stages: tuple[str, ...], offense_classes: tuple[str, ...],
                  complexity: str | None) -> tuple[_D | None, tuple[str, str, str] | None]:
        """(limit, None) of a cap from a table for a case's facts, or (None, (code, message, trace step))
        when it cannot be known and the time is counted uncapped (the same facts give the same answer: kept;
        the caps live as long as the validator, so their ids name them)."""
        key = (version.number, id(cap), stages, offense_classes, complexity)
        known = self._cap_limits.get(key)
        if known is not None:
            return known
        limit, problem = self.table_value(version, cap.table, cap.fixed, stages, offense_classes, complexity)
        if problem is None:
            known = (limit, None)
        else:
            code, why = problem
            points = ", ".join(cap.listed)
            title = version.tables[cap.table].title
            known = (None, (code, f"the time for {points} is capped by {title}, {why}; it is counted uncapped",
                            f"cap on {points}: {why}; counted uncapped"))
        _remember(self._cap_limits, key, known)
        return known


# ------------------------------------------------------------------------ reading a case

class Reader:
    """Reads a case dict into a Case, collecting every problem as (field, message)."""

    def __init__(self, validator: Validator) -> None:
        self.validator = validator
        self.problems: list[tuple[str, str]] = []

    def bad(self, field: str, message: str) -> None:
        self.problems.append((field, message))

    def fields(self, mapping: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.bad(f"{where}{key}", f"unknown field {key!r}{suggest(key, allowed)}")

    def text(self, mapping: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
        value = mapping.get(key)
        if value is None:
            if required:
                self.bad(f"{where}{key}", f"the field {key!r} is required")
            return None
        if type(value) is not str:
            self.bad(f"{where}{key}", f"expected text, found {show(value)}")
            return None
        return value

    def choice(self, mapping: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str,
               required: bool = True) -> str | None:
        value = mapping.get(key)
        if type(value) is str and value in choices:
            return value
        text = self.text(mapping, key, where, required)
        if text is not None and text not in choices:
            self.bad(f"{where}{key}", f"{text!r} is not one of {', '.join(choices)}{suggest(text, choices)}")
            return None
        return text

    def date(self, mapping: Mapping[str, Any], key: str, where: str, required: bool = False) -> _dt.date | None:
        value = mapping.get(key)
        date = date_of(value)
        if date is not None:
            return date
        if value is None:
            if required:
                self.bad(f"{where}{key}", f"the field {key!r} is required")
            return None
        if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
            self.bad(f"{where}{key}", f"{value!r} is not a real calendar date")
            return None
        self.bad(f"{where}{key}", f"expected a date written YYYY-MM-DD, found {show(value)}")
        return None

    def choices(self, mapping: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if type(value) is not list:
            self.bad(f"{where}{key}", f"expected a list, found {show(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if type(item) is not str or item not in choices:
                self.bad(f"{where}{key}[{i}]", f"{item!r} is not one of {', '.join(choices)}{suggest(item, choices)}")
            else:
                out.append(item)
        return tuple(out)

    def hours(self, mapping: Mapping[str, Any], where: str) -> _D | None:
        value = mapping.get("hours")
        kind = type(value)
        if value is None:
            return None
        if kind is int or kind is _D:
            return _D(value)
        if kind is float:
            return hours_of_float(value)
        self.bad(f"{where}hours", f"expected a number of hours, found {show(value)}")
        return None

    def case(self, raw: object) -> Case | None:
        if type(raw) is not dict:
            self.bad("case", f"a case is a mapping of fields, found {show(raw)}")
            return None
        v = self.validator
        if not _CASE_FIELD_SET.issuperset(raw):
            self.fields(raw, _CASE_FIELDS, "")
        c = Case()
        case_id = raw.get("case_id")
        if type(case_id) is int:
            case_id = str(case_id)
        elif case_id is None or type(case_id) is not str:
            self.bad("case_id", "the field 'case_id' is required" if case_id is None else f"expected text, found {show(case_id)}")
        c.case_id = case_id
        # The usual value of each field is taken as it is; any other goes through the careful reader.
        form, proceeding, method = raw.get("form"), raw.get("proceeding"), raw.get("method")
        c.form = form if type(form) is str and form in v.form_ids else self.choice(raw, "form", v.form_ids, "")
        c.proceeding = (proceeding if type(proceeding) is str and proceeding in v.proceeding_ids
                        else self.choice(raw, "proceeding", v.proceeding_ids, "", required=c.form == "proceedings"))
        if c.form is not None and c.form != "proceedings" and c.proceeding is not None:
            self.bad("proceeding", f"a proceeding is given only for form 'proceedings', not {c.form!r}")
        c.method = method if type(method) is str and method in v.method_ids else self.choice(raw, "method", v.method_ids, "")
        assigned, paid = raw.get("assigned_on"), raw.get("payment_date")
        c.assigned_on = date_of(assigned)
        if c.assigned_on is None:
            c.assigned_on = self.date(raw, "assigned_on", "", required=True)
        c.payment_date = date_of(paid)
        if c.payment_date is None and paid is not None:
            c.payment_date = self.date(raw, "payment_date", "")
        if not _SELDOM_GIVEN.isdisjoint(raw):   # the usual case gives none of these
            c.method_chosen_on = self.date(raw, "method_chosen_on", "")
            c.offense_classes = self.choices(raw, "offense_classes", v.offense_classes, "")
            c.complexity = self.choice(raw, "complexity", v.complexities, "", required=False)
            c.stages = self.choices(raw, "stages", v.stage_ids, "")
            c.suspended_on = self.date(raw, "suspended_on", "")
            c.resumed_on = self.date(raw, "resumed_on", "")
        c.providers = self.providers(raw.get("providers"), c)
        entries = raw.get("entries")
        later = False   # whether the case's version is chosen once the entries' dates are read
        if not self.problems:   # the checks of the entries need the versions (a case with a problem is not checked)
            later = not v.choose_versions(c, entries)
        self.entries(entries, c, later)
        if "aided_person" in raw:
            c.aided_person = self.aided_person(raw["aided_person"])
        return c

    def aided_person(self, raw: object) -> tuple[tuple[str, str], ...] | None:
        """The optional aided_person section: ((group, evidence), ...), or None when not given."""
        if raw is None:
            return None
        if type(raw) is not dict:
            self.bad("aided_person", f"expected a mapping with 'groups', found {show(raw)}")
            return None
        self.fields(raw, ("groups",), "aided_person.")
        groups = raw.get("groups")
        if type(groups) is not list or not groups:
            self.bad("aided_person.groups", "list the groups the person belongs to, each with its evidence"
                     if not groups else f"expected a list, found {show(groups)}")
            return None
        out = []
        for i, item in enumerate(groups):
            where = f"aided_person.groups[{i}]."
            if type(item) is not dict:
                self.bad(f"aided_person.groups[{i}]", f"a group is a mapping with 'group' and 'evidence', found {show(item)}")
                continue
            self.fields(item, ("group", "evidence"), where)
            group = self.choice(item, "group", self.validator.aided_groups, where)
            evidence = self.text(item, "evidence", where)
            if group is not None and evidence is not None:
                out.append((group, evidence))
        return tuple(out)

    def providers(self, raw: object, c: Case) -> tuple[Provider, ...]:
        """The providers, and whether each is plain (c.plain: an id and a kind, nothing else)."""
        if type(raw) is not list or not raw:
            self.bad("providers", "at least one provider is required" if not raw else f"expected a list, found {show(raw)}")
            return ()
        kinds = self.validator.provider_kinds
        out: list[Provider] = []
        seen: set[str | None] = set()
        plain = True
        for i, item in enumerate(raw):
            if type(item) is not dict:
                self.bad(f"providers[{i}]", f"a provider is a mapping, found {show(item)}")
                continue
            ident, kind = item.get("id"), item.get("kind")
            if (type(ident) is str and type(kind) is str and kind in kinds and ident not in seen
                    and len(item) == 2):   # the usual provider: an id and a kind, no replacement period
                seen.add(ident)
                out.append(Provider(ident, kind))
                continue
            plain = False
            where = f"providers[{i}]."
            if not _PROVIDER_FIELD_SET.issuperset(item):
                self.fields(item, _PROVIDER_FIELDS, where)
            p = Provider(self.text(item, "id", where), self.choice(item, "kind", kinds, where),
                         start=self.date(item, "from", where), until=self.date(item, "until", where),
                         method=self.choice(item, "method", self.validator.method_ids, where, required=False),
                         chosen_on=self.date(item, "method_chosen_on", where),
                         stages=self.choices(item, "stages", self.validator.stage_ids, where) if "stages" in item else None)
            if p.id in seen:
                self.bad(f"{where}id", f"provider {p.id!r} is listed twice")
            seen.add(p.id)
            out.append(p)
        c.plain = plain
        return tuple(out)

    def entries(self, raw: object, c: Case, later: bool = False) -> None:
        """Reads the entries and checks each on its own, in one pass: cases have tens of entries and
        come by the thousand, so there is one loop over the input and no object per entry. Sets the
        case's dates, last_date, work and entry_findings (see Case), and with `later` its versions
        (Validator.choose_versions). The checks (contract section 3) run only while the case reads
        cleanly: a case that cannot be read is reported by its problems alone (INVALID_CASE), and its
        findings would not be used."""
        c.dates, c.last_date, c.entry_findings = [], None, []
        c.work = {p.id: [] for p in c.providers if p.id is not None}
        if raw is None:
            return
        if type(raw) is not list:
            self.bad("entries", f"expected a list, found {show(raw)}")
            return
        validator, rules = self.validator, self.validator.rules
        problems, dates, work, findings = self.problems, c.dates, c.work, c.entry_findings
        in_force, instrument = rules.in_force, rules.instrument
        checking = not problems and (c.version is not None or later)

        def case_version() -> Version:
            """The version that judges the case, for a finding that cites it before all dates are read (rare)."""
            if c.version is None:
                read = c.dates, c.last_date
                validator.read_dates(c, raw)
                validator.decide_versions(c)
                c.dates, c.last_date = read
            return c.version   # type: ignore[return-value]   # decide_versions sets it

        if checking:
            # What the checks need, from the case's other fields (local names: the loop runs for every entry).
            judged = c.entries_version   # None: each entry by its own date
            area, form = c.proceeding or c.form, c.form
            # The area's activities with who may certify each: the usual entry passes both activity
            # checks with two lookups; any other goes through the checks that say why. Looked up by
            # the entry's date only where the versions' activities differ.
            by_date = judged is None and not validator.one_activity_table
            allowed = validator.for_area(judged or rules.versions[-1], area, form).allowed
            allowed_on = validator.allowed_by_date(area, form)   # when by_date: date -> allowed
            # An entry is never judged by rules newer than the case's (a transitional provision kept it back).
            newer_from = (rules.versions[c.version.number].start
                          if by_date and c.version is not None and c.version.number < len(rules.versions) and c.kept else None)
            kept_allowed = validator.for_area(c.version, area, form).allowed if newer_from and c.version else allowed
            providers: dict[str | None, Provider] = {p.id: p for p in c.providers}
            with_periods = not c.plain and any(p.start is not None or p.until is not None for p in c.providers)
            with_hours = c.method == "actual_sessions"   # for an entry of no provider of the case
            # Whose entries count hours: one answer for all when no provider has a method of their own (usual).
            by_sessions = ({p.id: (p.method or c.method) == "actual_sessions" for p in c.providers}
                           if not c.plain and any(p.method is not None for p in c.providers) else None)
            suspended, resumed = c.suspended_on, c.resumed_on
            # The limit on one provider's hours in a day (day_limit), and whether refused entries count toward it.
            day_rule = rules.versions[0].day_limit if validator.one_day_rule else case_version().day_limit
            day_limit, refused_count = (day_rule[0], day_rule[1]) if day_rule else (_NO_LIMIT, False)
            not_paid = case_version().not_paid if with_periods or suspended else {}
            outside_citation = not_paid.get("work_outside_provider_period")
            suspension_citation = not_paid.get("work_during_suspension")
            unusual = with_periods or suspended is not None or by_date
            per_day: dict[tuple[str, _dt.date], _D] = {}   # (provider, date) -> their usable hours, added up
            over = False   # whether some provider's hours on one date add up to more than 24
            counted_out: list[tuple[int, str, _dt.date]] = []   # entries left out whose hours still count in their day
        for i, item in enumerate(raw):
            # -- reading: a fast path for the usual entry; anything unusual goes through the careful reader
            if type(item) is not dict:
                self.bad(f"entries[{i}]", f"an entry is a mapping, found {show(item)}")
                continue
            who: Any   # read as written; the checks below say what is wrong with it
            activity: Any
            hours: Any
            certified_by: Any
            try:   # the usual entry gives all five fields
                raw_date, who, activity = item["date"], item["provider"], item["activity"]
                hours, certified_by = item["hours"], item["certified_by"]
            except KeyError:
                raw_date, who, activity = item.get("date"), item.get("provider"), item.get("activity")
                hours, certified_by = item.get("hours"), item.get("certified_by")
            date = date_of(raw_date)
            if (date is not None and type(who) is str and type(activity) is str
                    and (type(certified_by) is str and hours is not None and len(item) == 5   # all five fields, no other
                         or (certified_by is None or type(certified_by) is str) and _ENTRY_FIELD_SET.issuperset(item))):
                if type(hours) is not _D and hours is not None:
                    kind = type(hours)
                    if kind is float:
                        hours = _FLOAT_HOURS.get(hours) or hours_of_float(hours)
                    elif kind is int:
                        hours = _WHOLE_HOURS.get(hours) or hours_of_int(hours)
                    else:
                        hours = self.hours(item, f"entries[{i}].")
                if "đ" in activity:
                    activity = activity.replace("đ", "dd")
            else:
                date, who, activity, hours, certified_by = self.entry(item, f"entries[{i}].")
                if date is None:
                    continue
            dates.append(date)
            if problems or not checking:   # the case cannot be read: its problems alone are reported
                continue
            # -- checking: each entry on its own; one with an error finding is left out
            if date < in_force:
                findings.append(_not_governed(rules, i, date))
                continue
            ok = True
            kept = work.get(who)   # the provider's entries left in so far (None: not a provider of the case)
            if kept is None:
                findings.append(_unknown_provider(instrument, i, who, list(providers)))
                ok = False
            if unusual:   # provider periods, a suspension, entries judged by their own dates: seldom
                if kept is not None and with_periods and outside_citation and _outside_period(providers[who], date):
                    provider = providers[who]
                    findings.append(finding("WORK_OUTSIDE_PROVIDER_PERIOD", "error", outside_citation, i,
                                            f"{who} worked on {date}, outside their assignment "
                                            f"({provider.start or 'start'} to {provider.until or 'end'}); each provider is paid "
                                            f"for their own period only"))
                    ok = False
                if suspended and suspension_citation and date > suspended and (resumed is None or date < resumed):
                    findings.append(finding("WORK_DURING_SUSPENSION", "error", suspension_citation, i,
                                            f"work on {date} falls while the case was suspended "
                                            f"({suspended} to {resumed or 'not resumed'}) and is not paid"))
                    ok = False
                if by_date:   # each entry by the version in force on its date
                    allowed = (kept_allowed if newer_from and date >= newer_from
                               else allowed_on.get(date) or validator.allowed_on(date, area, form))
            if certified_by not in allowed.get(activity, ()):
                activities = (judged if judged is not None else c.version if newer_from and date >= newer_from and c.version
                              else validator.version_on(date)).activities
                _activity_findings(findings, i, activity, certified_by, activities, area, form, instrument,
                                   f" on {date}" if judged is None else "")
                ok = False
            if with_hours if by_sessions is None else by_sessions.get(who, with_hours):
                if hours is None or not hours.is_finite() or not (_ZERO < hours <= day_limit):
                    findings.append(_invalid_hours(i, hours, day_rule, validator.session_citation or case_version().session_citation))
                    ok = False
                elif kept is not None and (ok or refused_count):   # the hours of a provider's day, added up
                    key = (who, date)
                    if key in per_day:
                        per_day[key] += hours
                        over = over or per_day[key] > day_limit
                    else:
                        per_day[key] = hours
                    if not ok:
                        counted_out.append((i, who, date))
            elif hours is not None:
                fixed_time = case_version().fixed_time
                findings.append(finding("HOURS_IGNORED", "info", fixed_time.citation if fixed_time else instrument, i,
                                        "fixed working time does not count hours; the hours given are ignored"))
            if ok:
                kept.append((i, date, activity, hours))   # type: ignore[union-attr]   # ok: kept is set
        c.last_date = max(dates, default=None)
        if checking and c.version is None:
            validator.decide_versions(c)
        if checking and not problems and over:
            _over_day(findings, work, per_day, counted_out, day_limit, day_rule[2] if day_rule else instrument)

    def entry(self, item: Mapping[str, Any], where: str) -> tuple[_dt.date | None, str | None, str | None, _D | None, str | None]:
        """(date, provider, activity, hours, certified_by) of an unusual entry, each problem noted."""
        self.fields(item, _ENTRY_FIELDS, where)
        date = self.date(item, "date", where, required=True)
        provider = self.text(item, "provider", where)
        activity = item.get("activity")
        if type(activity) is not str:
            self.bad(f"{where}activity", "the field 'activity' is required" if activity is None
                     else f"expected a citation like '4.1.a', found {show(activity)}")
        activity = activity.replace("đ", "dd") if type(activity) is str else None
        hours = self.hours(item, where)
        certified_by = self.text(item, "certified_by", where, required=False)
        return date, provider, activity, hours, certified_by


def _outside_period(provider: Provider, date: _dt.date) -> bool:
    """Whether a date falls outside a provider's own period (from / until), when they have one."""
    return bool((provider.start and date < provider.start) or (provider.until and date > provider.until))


# The findings on one entry, in words (Reader.entries and Validator.usual_result write the same ones).

def _not_governed(rules: Rules, i: int, date: _dt.date) -> Json:
    if rules.governed_by:
        return finding("NOT_GOVERNED", "info", rules.transition_citation, i,
                       f"work on {date} was done before {rules.in_force}: it is governed by "
                       f"{' and '.join(rules.governed_by)} and left out here")
    return finding("NOT_GOVERNED", "info", rules.in_force_citation, i,
                   f"work on {date} was done before {rules.instrument} came into force on {rules.in_force}")


def _unknown_provider(instrument: str, i: int, who: object, ids: list[Any]) -> Json:
    return finding("UNKNOWN_PROVIDER", "error", instrument, i, f"provider {who!r} is not listed under providers{suggest(who, ids)}")


def _activity_findings(findings: list[Json], i: int, activity: Any, certified_by: Any, activities: Mapping[str, Activity],
                       area: str | None, form: str | None, instrument: str, when: str) -> None:
    """Why an entry's activity may not be charged, or not certified so: `when`, the date it was looked up on."""
    rule = activities.get(activity)
    if rule is None:
        findings.append(finding("UNKNOWN_ACTIVITY", "error", instrument, i,
                                f"{activity!r} is not a chargeable activity of {instrument}{when}"
                                f"{suggest(activity, list(activities))}"))
        return
    if area not in rule.areas and form not in rule.areas:
        findings.append(finding("ACTIVITY_NOT_IN_PROCEEDING", "error", rule.citation, i,
                                f"{activity} is an activity of {', '.join(sorted(rule.areas))}, not of this {area} case"))
    if certified_by not in rule.certifiers:
        listed = " or ".join(rule.certifiers_listed)
        given = f"{certified_by!r}" if certified_by else "no one"
        findings.append(finding("CERTIFIER_NOT_ALLOWED", "error", rule.certified_under, i,
                                f"{activity} may be certified only by {listed}, not {given}"))


def _invalid_hours(i: int, hours: _D | None, day_rule: tuple[_D, bool, Citation] | None, session_citation: Citation) -> Json:
    """An entry's hours not above 0, or above the hours of a day (day_rule)."""
    shown = "no hours" if hours is None else f"{fmt(hours)} h"
    longer = day_rule is not None and hours is not None and hours.is_finite() and hours > day_rule[0]
    return finding("INVALID_HOURS", "error", day_rule[2] if longer and day_rule else session_citation, i,
                   f"{shown}: the hours of an entry must be above 0"
                   + (f" and at most {fmt(day_rule[0])}, the hours of a day" if day_rule else ""))


def _over_day(findings: list[Json], work: dict[str, Work], per_day: Mapping[tuple[str, _dt.date], _D],
              counted_out: list[tuple[int, str, _dt.date]], day_limit: _D, citation: Citation) -> None:
    """Each entry of a provider's day whose hours add up to more than a day's is left out, in one pass."""
    too_long = {key: total for key, total in per_day.items() if total > day_limit}
    left_out = sorted([(i, who, day) for who, kept in work.items() for i, day, _, _ in kept if (who, day) in too_long]
                      + [entry for entry in counted_out if (entry[1], entry[2]) in too_long])
    for i, who, day in left_out:
        findings.append(finding("INVALID_HOURS", "error", citation, i,
                                f"{who}'s hours on {day} add up to {fmt(too_long[(who, day)])}, more than the "
                                f"{fmt(day_limit)} of a day"))
    for who in {who for who, _ in too_long}:
        work[who] = [kept for kept in work[who] if (who, kept[1]) not in too_long]


# ------------------------------------------------------------------------ validation

RateFound = tuple[_D, str, str]    # (rate per session, citation, rate in words)
Rates = dict[str, RateFound]


class Run:
    """One validation: the case, its findings and trace, and the figures reached."""

    def __init__(self, validator: Validator, case: Case) -> None:
        self.validator = validator
        self.rules = validator.rules
        self.case = case
        self.v: Version = case.version if case.version is not None else validator.rules.versions[0]
        self.area = case.proceeding or case.form
        self.findings: list[Json] = []
        self.trace: list[Json] = []
        self.explained: dict[str | None, tuple[str, str]] = {}   # provider -> (citation, how their pay is reached)

    def finding(self, code: str, severity: str, citation: str, entry: int | None, message: str) -> None:
        self.findings.append(finding(code, severity, citation, entry, message))

    def step(self, citation: str, step: str, value: int | float | None = None) -> None:
        self.trace.append({"citation": citation, "step": step, "value": value})

    def tie_order(self, ids: Iterable[str]) -> dict[str, int]:
        """The order that breaks a tie between providers: by id (`ties by provider_id`), so that listing
        the providers in another order changes no figure; else as listed."""
        listed = list(ids)
        if self.v.ties is not None and self.v.ties[0] == "provider_id":
            listed.sort()
        return {who: n for n, who in enumerate(listed)}

    def tie_step(self, tie: Tie | None, what: str) -> None:
        """The trace says when a tie decided something, and by which rule."""
        if tie is None:
            return
        winners, losers = tie
        by = "first by provider id" if self.v.ties is not None and self.v.ties[0] == "provider_id" else "listed first"
        self.step(self.v.ties[1] if self.v.ties else self.rules.instrument,
                  f"{', '.join(winners + losers)} tie for {what}: {', '.join(winners)}, {by}")

    def applies(self, areas: frozenset[str]) -> bool:
        return self.area in areas or self.case.form in areas

    def case_date(self, name: str) -> _dt.date | None:
        return case_date(self.case, name)

    # -- the whole case
    def result(self) -> Json:
        c, rules = self.case, self.rules
        first_day = c.last_date or c.assigned_on
        if rules.governed_by and first_day is not None and first_day < rules.in_force:
            before = " and ".join(rules.governed_by)
            self.finding("NOT_GOVERNED", "info", rules.transition_citation, None,
                         f"all the work was done before {rules.in_force}, when {rules.instrument} came into force: "
                         f"it is governed by {before}")
            self.step(rules.transition_citation, f"work done before {rules.in_force} stays under {before}")
            return self.output("not_governed", governed_by=rules.governed_by)
        v = self.v
        if c.kept is not None:   # a transitional provision kept the case under older rules
            newer, which = c.kept
            when = {"cases_assigned_before": ("assigned", c.assigned_on), "cases_paid_before": ("paid", c.payment_date or c.last_date),
                    "work_done_before": ("last worked on", c.last_date)}[which]
            self.step(newer.keeps[1] if newer.keeps else rules.instrument,
                      f"the case was {when[0]} on {when[1]}, before the rules of {newer.start} (version {newer.number}): "
                      f"the transitional provision keeps it under the rules in force before them")
        if v.start is not None:
            self.step(v.changed_by[0] if v.changed_by else rules.instrument,
                      f"the rules as amended, in force from {v.start} (version {v.number}), judge the case "
                      f"({rules.case_judged_by.replace('_', ' ')})")
        if c.form not in v.scope:
            self.finding("NOT_GOVERNED", "info", v.scope_citation, None,
                         f"{rules.instrument} counts working time only for {', '.join(sorted(v.scope))}, not {c.form}")
            return self.output("not_governed", governed_by=())
        forms, citation = v.methods.get(c.method or "") or (frozenset(), v.scope_citation)
        if c.form not in forms:
            self.finding("METHOD_NOT_ALLOWED", "error", citation, None,
                         f"the {c.method} method applies only to {', '.join(sorted(forms)) or 'no form'}, not {c.form}")
            return self.output()
        if c.aided_person is not None and not self.eligible(c.aided_person):
            return self.output()
        successors = [] if c.plain else [p for p in c.providers if p.method is not None and p.method != c.method]
        if successors and not self.successors_allowed(successors):
            return self.output()
        self.findings += c.entry_findings   # each entry checked on its own, as it was read
        work = c.work
        if successors:
            return self.replacement(work, successors)
        if c.method == "fixed_time":
            return self.fixed_time(work)
        return self.actual_sessions(work)

    def successors_allowed(self, successors: list[Provider]) -> bool:
        """Only a provider appointed to replace another (with `from`) chooses a method of their own, one
        the rules allow for the case's form; a METHOD_NOT_ALLOWED finding when not."""
        c, v = self.case, self.v
        for p in successors:
            forms, citation = v.methods.get(p.method or "") or (frozenset(), v.scope_citation)
            cap = next((r for r in v.replacement_caps if r.successor_method == p.method), None)
            if p.start is None:
                problem = "only a provider appointed to replace another (with `from`) chooses a method of their own"
            elif c.form not in forms:
                problem = f"the {p.method} method applies only to {', '.join(sorted(forms)) or 'no form'}, not {c.form}"
            elif len({q.method for q in successors}) > 1:
                problem = "the successors chose different methods"
            else:
                continue
            self.finding("METHOD_NOT_ALLOWED", "error", cap.citation if cap else citation, None, f"{p.id}: {problem}")
            return False
        return True

    # -- who is entitled to legal aid
    def eligible(self, aided: tuple[tuple[str, str], ...]) -> bool:
        """Whether one of the aided person's groups is entitled to legal aid on the date the rules
        say (the version in force then); a NOT_ELIGIBLE finding when none is."""
        c = self.case
        on = self.case_date(self.v.eligibility_on or "assigned_on") or c.assigned_on
        if on is None:
            return True
        v = self.validator.version_on(on)
        if not v.eligible:
            return True   # these rules say nothing of who is entitled
        given = dict(aided)
        # A person of a group that another includes belongs to that one too (Decree 144 Art. 2: financial
        # difficulty is a near-poor household or a monthly social allowance): how, in words.
        shown = {group: f"{group} ({evidence})" for group, evidence in aided}
        for group, (members, citation) in v.includes.items():
            member = next((m for m in members if m in given), None)
            if member is not None and group not in given:
                given[group] = given[member]
                shown[group] = f"{group}: {member} ({given[member]}; {citation})"
            elif group in given:
                shown[group] += f"; which of {' or '.join(members)} the evidence shows is not said ({citation})"
        reasons = []
        for group, _evidence in aided:
            rule = v.eligible.get(group)
            if rule is None:
                reasons.append(f"{group} is not a group entitled to legal aid on {on}")
                continue
            condition, citation, _label, amended_by = rule
            if condition is not None and condition not in given:
                reasons.append(f"{group} is entitled only together with {condition} ({citation})")
                continue
            also = f" and {shown[condition]}" if condition else ""
            amended = f" (as amended by {amended_by})" if amended_by else ""
            self.step(citation, f"aided person: {shown[group]}{also}, entitled to legal aid on {on}{amended}")
            return True
        citation = v.eligibility_citation or next(iter(v.eligible.values()))[1]
        self.finding("NOT_ELIGIBLE", "error", citation, None,
                     "the aided person belongs to no group entitled to legal aid: " + "; ".join(reasons or ["no group given"]))
        self.step(citation, f"no group of the aided person is entitled to legal aid on {on}")
        return False

    # -- the actual-sessions method
    def count(self, hours_list: list[_D]) -> Counted:
        """(sessions, how they were reached in words, as a figure for the trace, as text) for a provider's
        hours: added up first, or each entry on its own, as the version's `hours_added` says."""
        v = self.v
        if v.hours_added == "per_entry":
            total = _ZERO
            for hours in hours_list:
                full, _, part, _ = v.sessions_for_hours(hours)
                total += full + part
            return total, f"{len(hours_list)} entries, each rounded to sessions on its own", num(total), fmt(total)
        total = sum(hours_list, _ZERO)
        return self.validator.count_total(v, total)

    def actual_sessions(self, work: dict[str, Work]) -> Json:
        c = self.case
        sessions, declared = self.sessions_of(c.providers, work)
        payable = sum(sessions.values(), _ZERO)
        self.step(self.v.session_citation, "sessions payable", num(payable))
        base, rates = self.money()
        if c.plain and rates is not None and base is not None:
            return self.pay_plain(declared, payable, base, rates, sessions)
        exact = self.pay_sessions(c.providers, sessions, rates)
        return self.finish(declared, payable, base, exact, sessions)

    def pay_plain(self, declared: _D, payable: _D, base: int, rates: Rates, sessions: dict[str, _D]) -> Json:
        """pay_sessions(), finish() and output() for a case whose providers give only an id and a kind, the
        rates known: the same result, in one pass."""
        c = self.case
        providers, trace = c.providers, self.trace
        exact: dict[str, _D] = {}
        for p in providers:
            rate = rates.get(p.kind)   # type: ignore[arg-type]   # plain: a kind of the vocabulary
            if rate is None:
                return self.finish(declared, payable, base, self.pay_sessions(providers, sessions, rates), sessions)
            exact[p.id] = sessions[p.id] * rate[0]   # type: ignore[index]   # plain: an id
        rounded: dict[str, int]
        if len(exact) == 1:
            ((only, one_exact),) = exact.items()
            amount = dong(one_exact)
            rounded = {only: amount}
        else:
            amount = dong(sum(exact.values(), _ZERO))
            rounded = {key: int(value) for key, value in exact.items()}   # as apportion: rounded down, then
            if sum(rounded.values()) != amount:                           # the đồng left to the largest remainders
                rounded, tie = apportion(exact, amount, self.tie_order(exact))
                self.tie_step(tie, "a đồng left by rounding")
        out = []
        for p in providers:
            who, rate, count, paid = p.id, rates[p.kind], sessions[p.id], rounded[p.id]   # type: ignore[index]
            trace.append({"citation": rate[1], "step": f"{who}{self.validator.pay_words(fmt(count), rate[2], paid)}", "value": paid})
            out.append({"id": who, "kind": p.kind, "sessions_payable": num(count), "amount_vnd": paid})
        status = "ok"
        for f in self.findings:
            if f["severity"] == "error":
                status = "rejected"
                break
        return {
            "case_id": c.case_id,
            "instrument": self.rules.instrument,
            "method": c.method,
            "status": status,
            "sessions_declared": num(declared),
            "sessions_payable": num(payable),
            "base_salary_vnd": base,
            "amount_vnd": amount,
            "providers": out,
            "findings": self.findings,
            "trace": trace,
        }


    def sessions_of(self, providers: tuple[Provider, ...] | list[Provider],
                    work: dict[str, Work]) -> tuple[dict[str, _D], _D]:
        """The sessions of these providers from their certified hours (Art. 3.2), after the caps on
        tasks (Art. 4.2, 5.2, 6.2, 8.4.d), on each provider (Decree 144 Art. 13) and on all of them
        together (Art. 8.1): (sessions by provider id, sessions declared before any cap)."""
        c, v = self.case, self.v
        rules = self.validator.for_area(v, self.area, c.form)
        sessions: dict[str, _D] = {}
        ids = [p.id for p in providers if p.id is not None]
        if c.plain and c.method == "actual_sessions" and v.hours_added == "per_provider":   # the usual: each provider's hours added up, all given
            trace, citation = self.trace, v.session_citation
            for who in ids:
                total: _D = sum(map(_HOURS_OF_ENTRY, work[who]), _ZERO)   # hours given
                count, how, figure, _ = self.validator.count_total(v, total)
                sessions[who] = count
                trace.append({"citation": citation, "step": f"{who}: {how}", "value": figure})
        else:
            for who in ids:
                count, how, figure, _ = self.count([hours for _, _, _, hours in work[who] if hours is not None])
                sessions[who] = count
                self.step(v.session_citation, f"{who}: {how}", figure)
        declared = sum(sessions.values(), _ZERO)
        if rules.table_caps:
            used = {activity for who in ids for _, _, activity, _ in work[who]}
            for table_cap in rules.table_caps:
                if not table_cap.activities.isdisjoint(used):
                    self.table_cap(table_cap, sessions, work)
        # Each provider's cap (Decree 144) before the case's (Art. 8.1). None applies when the sessions
        # declared are within the least limit: the caps above only lower them, and each provider has
        # at most the case's sessions.
        if rules.session_caps and rules.least_limit is not None and declared > rules.least_limit:
            sessions = self.session_caps(rules, ids, sessions)
        return sessions, declared

    def session_caps(self, rules: AreaRules, ids: list[str], sessions: dict[str, _D]) -> dict[str, _D]:
        """The caps on each provider's sessions, then on the case's (see sessions_of)."""
        for cap in rules.session_caps:
            if cap.scope == "per_provider":
                for who in ids:
                    if sessions[who] > cap.limit:
                        self.finding("CAP_APPLIED", "info", cap.citation, None,
                                     f"{who}'s {fmt(sessions[who])} sessions are capped at {fmt(cap.limit)} for one provider")
                        self.step(cap.citation, f"{who}: capped at {fmt(cap.limit)} sessions for one provider", num(cap.limit))
                        sessions[who] = cap.limit
            else:
                total = sum(sessions.values(), _ZERO)
                if total > cap.limit:
                    self.finding("CAP_APPLIED", "info", cap.citation, None,
                                 f"the case's {fmt(total)} sessions are capped at {fmt(cap.limit)} for all providers together")
                    sessions, tie = share_out(sessions, cap.limit, self.tie_order(ids))
                    shares = ", ".join(f"{key} {fmt(value)}" for key, value in sessions.items())
                    self.step(cap.citation, f"{fmt(total)} sessions capped at {fmt(cap.limit)} for the case, shared: {shares}",
                              num(cap.limit))
                    self.tie_step(tie, "a half session")
        return sessions

    def table_cap(self, cap: TableCap, sessions: dict[str, _D], work: dict[str, Work]) -> None:
        """A cap from an appendix table on some points, for a case whose entries left in include some
        of them."""
        c = self.case
        limit, problem = self.validator.cap_limit(self.v, cap, c.stages, c.offense_classes, c.complexity)
        if problem is not None or limit is None:
            code, message, step = problem or ("VALUE_PENDING", "", "")
            self.findings.append({"code": code, "severity": "warning", "citation": cap.citation, "entry": None, "message": message})
            self.trace.append({"citation": cap.citation, "step": step, "value": None})
            return
        points = ", ".join(cap.listed)
        groups: dict[str, list[_D]] = {}
        for who in sessions:   # the providers being counted, in the order listed
            hours = [hours for _, _, activity, hours in work[who] if activity in cap.activities and hours is not None]
            if hours:
                groups[who] = hours
        counted = {who: self.count(hours)[0] for who, hours in groups.items()}
        if cap.scope == "per_case":
            total = sum(counted.values(), _ZERO)
            if total > limit:
                kept, tie = share_out(counted, limit, self.tie_order(sessions))
                for who in counted:
                    sessions[who] -= counted[who] - kept[who]
                self.finding("CAP_APPLIED", "info", cap.citation, None,
                             f"the case's {fmt(total)} sessions of {points} are capped at {fmt(limit)}")
                self.step(cap.citation, f"{points}: capped at {fmt(limit)} sessions for the case", num(limit))
                self.tie_step(tie, "a half session")
            return
        for who, group in counted.items():
            if group > limit:
                sessions[who] -= group - limit
                ground = f" (under {cap.ground})" if cap.ground else ""
                self.finding("CAP_APPLIED", "info", cap.citation, None,
                             f"{who}: {fmt(group)} sessions of {points} are capped at {fmt(limit)}{ground}")
                self.step(cap.citation, f"{who}: {points} capped at {fmt(limit)} sessions", num(limit))

    def pay_sessions(self, providers: tuple[Provider, ...] | list[Provider], sessions: dict[str, _D],
                     rates: Rates | None) -> dict[str | None, _D | None]:
        """Each provider's exact pay (not yet rounded) for their sessions at their kind's rate, and how
        it is reached; None for a provider whose rate is not known."""
        exact: dict[str | None, _D | None] = {}
        for p in providers:
            rate = rates.get(p.kind) if rates and p.kind else None
            if rate is None or p.id is None:
                exact[p.id] = None
                continue
            exact[p.id] = sessions[p.id] * rate[0]
            self.explained[p.id] = (rate[1], f"{p.id}: {fmt(sessions[p.id])} sessions x {rate[2]} = ")
        return exact

    def finish(self, declared: _D | None, payable: _D | None, base: int | None,
               exact: Mapping[str | None, _D | None], sessions: Mapping[str, _D]) -> Json:
        """The result, with money rounded once: the case's amount is the providers' exact pay added up and
        rounded half up; each provider's share is rounded so that the shares add up to it."""
        c = self.case
        amount = None
        known = {str(key): value for key, value in exact.items() if value is not None}
        if exact and len(known) == len(exact) == len(c.providers):
            amount = dong(sum(known.values(), _ZERO))   # rounded only here, at the end
        if amount is None:
            rounded, tie = {}, None
        elif len(known) == 1:   # one provider: the case's amount
            rounded, tie = dict.fromkeys(known, amount), None
        else:
            rounded, tie = apportion(known, amount, self.tie_order(known))
            self.tie_step(tie, "a đồng left by rounding")
        providers = []
        for p in c.providers:
            paid = rounded.get(str(p.id))
            explained = self.explained.get(p.id)
            if paid is not None and explained is not None:
                self.step(explained[0], f"{explained[1]}{paid:,} đồng", paid)
            providers.append({"id": p.id, "kind": p.kind, "sessions_payable": num(sessions.get(p.id or "")),
                              "amount_vnd": paid})
        return self.output(declared=declared, payable=payable, base=base, amount=amount, providers=providers)

    # -- money
    def salary_date(self) -> tuple[_dt.date | None, str | None]:
        c = self.case
        for name, words in self.validator.salary_dates:
            value = c.payment_date if name == "payment_date" else case_date(c, name)
            if value is not None:
                return value, words
        return None, None

    def money(self) -> tuple[int | None, Rates | None]:
        """(base salary in đồng, {kind: (rate per session, citation, rate in words)}) on the governing
        date, or (None, None) when it cannot be known."""
        on, how = self.salary_date()
        rules = self.rules
        if on is None:
            self.finding("FACT_MISSING", "warning", rules.instrument, None,
                         "no payment date and no entry: there is no date to take the base salary from")
            return None, None
        base, source, figure, words, rates_in_force = self.validator.on_date(on, self.v)
        if base is None or figure is None:
            self.finding("VALUE_PENDING", "warning", rules.instrument, None, f"no base salary is recorded for {on}")
            return None, None
        self.trace.append({"citation": source or "", "step": f"base salary on {on} ({how}): {words}", "value": figure})
        c, v = self.case, self.v
        kinds = frozenset([p.kind for p in c.providers if p.kind is not None])
        if v.reference_kind and (c.method == "fixed_time" or not c.plain and any(p.method == "fixed_time" for p in c.providers)):
            kinds |= {v.reference_kind}
        # The rates are the same for every case of this area and these kinds of provider while the
        # same values of the dated parameters are in force: worked out once, then copied.
        key = (v.number, self.area, c.form, kinds)
        known = rates_in_force.get(key)
        if known is None:
            run = Run(self.validator, c)
            run.v = v
            known = (run.work_out_rates(on, base, kinds), run.findings, run.trace)
            if not run.findings:   # a finding names the date it was looked for on: not shared with other dates
                rates_in_force[key] = known
        rates, findings, trace = known
        if findings:
            self.findings.extend(map(dict, findings))
        self.trace.extend(map(dict, trace))
        return figure, rates

    def work_out_rates(self, on: _dt.date, base: _D, kinds: frozenset[str]) -> Rates:
        rates = {}
        for kind in self.validator.provider_kinds:
            if kind in kinds:
                rate = self.rate(kind, on, base)
                if rate is not None:
                    rates[kind] = rate
        return rates

    def rate(self, kind: str, on: _dt.date, base: _D, quiet: bool = False) -> RateFound | None:
        for rule in self.v.rates:
            if rule.kind != kind or not self.applies(rule.areas):
                continue
            found = self.validator.parameter(rule.parameter, on, self.v)
            if found is None:
                self.finding("VALUE_PENDING", "warning", rule.citation, None, f"no {rule.parameter} is recorded for {on}")
                return None
            factor = found.value
            if rule.of_kind is not None:
                other = self.rate(rule.of_kind, on, base, quiet=True)
                if other is None:
                    return None
                value = other[0] * factor
                text = f"{kind} rate: {fmt(factor * 100)}% of the {rule.of_kind} rate = {vnd(value)} per session"
            else:
                value = factor * base if self.rules.parameters[rule.parameter].multiple_of else factor
                text = f"{kind} rate in {self.area}: {fmt(factor)} x base salary = {vnd(value)} per session"
            if found.by is not None:   # the act that set the value is what the figure rests on
                text += f" ({rule.parameter} as set by {found.by})"
            if not quiet:
                self.step(found.by or rule.citation, text, num(value))
            return value, rule.citation, vnd(value)
        return None

    # -- the fixed-working-time method
    def fixed_time(self, work: dict[str, Work]) -> Json:
        c = self.case
        if not self.chosen_in_time(c.method_chosen_on, None, work):
            return self.output()
        level = self.fixed_level(c.stages, len(c.providers))
        if level is None:
            return self.output()
        value, sessions = level
        base, rates = self.money()
        exact = self.pay_fixed(sessions, base, rates, list(c.providers), work)
        return self.finish(value, sessions, base, exact, {})

    def fixed(self) -> FixedTime:
        if self.v.fixed_time is None:   # the checks make fixed_time a method only with its rules
            raise RuntimeError("fixed working time without its rules")
        return self.v.fixed_time

    def chosen_in_time(self, chosen: _dt.date | None, provider: Provider | None, work: dict[str, Work]) -> bool:
        """Whether fixed working time was chosen in writing 'immediately after being assigned' (Art. 9.1):
        by the case, or by a successor (provider) on their own appointment. A finding when not."""
        ft = self.fixed()
        if ft.chosen is None:
            return True
        if provider is None:
            earliest, latest = self.case_date(ft.chosen[0]), self.case_date(ft.chosen[1])
            who = ""
        else:   # a successor: from their own appointment to their own first task
            earliest = provider.start
            latest = min((date for _, date, _, _ in work.get(provider.id or "", [])), default=None)
            who = f"{provider.id}: "
        problem = None
        if chosen is None:
            problem = "the date of the written choice (method_chosen_on) is not given"
        elif earliest is not None and chosen < earliest:
            problem = f"it was chosen on {chosen}, before the assignment on {earliest}"
        elif latest is not None and chosen > latest:
            problem = f"it was chosen on {chosen}, after the first task on {latest}"
        if problem:
            self.finding("METHOD_NOT_ALLOWED", "error", ft.chosen[2], None,
                         f"{who}fixed working time must be chosen in writing immediately after the assignment: {problem}")
            return False
        self.step(ft.chosen[2], f"{who}fixed working time chosen in writing on {chosen}")
        return True

    def fixed_level(self, stages: tuple[str, ...], providers: int) -> tuple[_D, _D] | None:
        """The fixed working time of the appendix table for these stages and the case's facts, times the
        multiplier of Art. 10 that applies: (table sessions, sessions), or None with a finding when it
        cannot be known."""
        c, ft = self.case, self.fixed()
        table = ft.tables.get(self.area or "")
        if table is None:
            self.finding("METHOD_NOT_ALLOWED", "error", ft.citation, None, f"no fixed-time table covers {self.area} cases")
            return None
        name, axes, citation = table
        facts: dict[str, Any] = {"stages": stages, "offense_classes": c.offense_classes, "complexity": c.complexity}
        for axis in axes:
            field = self.rules.axis_case_fields.get(axis)
            if not facts.get(field or ""):
                cite = ft.level[2] if ft.level and axis == ft.level[0] else (ft.stages_citation or citation)
                self.finding("FACT_MISSING", "error", cite, None,
                             f"fixed working time for {self.area} cases needs the case's {field}")
                return None
        value, problem = self.validator.table_value(self.v, name, (), tuple(stages), c.offense_classes, c.complexity)
        title = self.v.tables[name].title
        if problem is not None or value is None:
            code, why = problem or ("VALUE_PENDING", "")
            self.finding(code, "warning" if code == "VALUE_PENDING" else "error", citation, None,
                         f"the fixed working time comes from {title}, {why}")
            self.step(citation, f"fixed working time: {why}")
            return None
        self.step(citation, f"{title}: {', '.join(stages)} -> {fmt(value)} sessions", num(value))
        factor, because = _D(1), None
        counts = {"providers": providers, "offenses": len(c.offense_classes)}
        for multiplier, when, at_least, cite in ft.multipliers:
            if counts.get(when, 0) >= at_least and multiplier > factor:
                factor, because = multiplier, (when, cite)
        sessions = value * factor
        if because:
            self.step(because[1], f"{counts[because[0]]} {because[0]}: {fmt(factor * 100)}% of {fmt(value)} = "
                                  f"{fmt(sessions)} sessions", num(sessions))
        return value, sessions

    def fixed_amount(self, sessions: _D, base: int, reference: RateFound) -> _D:
        """The fixed amount for these sessions at the reference rate, raised to the floor and cut to the
        ceiling of the base salary (Art. 9.3, 9.5, 10)."""
        c, ft = self.case, self.fixed()
        amount = sessions * reference[0]
        self.step(reference[1], f"{fmt(sessions)} sessions x {vnd(reference[0])} = {vnd(amount)}", dong(amount))
        floor = ft.floors.get(self.area or "") or ft.floors.get(c.form or "")
        if floor is not None and amount < floor[0] * base:
            amount = floor[0] * base
            self.finding("FLOOR_APPLIED", "info", floor[2], None,
                         f"the fixed amount is raised to {fmt(floor[0])} times the base salary")
            self.step(floor[2], f"raised to {fmt(floor[0])} x base salary = {vnd(amount)}", dong(amount))
        if ft.ceiling is not None and amount > ft.ceiling[0] * base:
            amount = ft.ceiling[0] * base
            self.finding("CAP_APPLIED", "info", ft.ceiling[2], None,
                         f"the fixed amount is capped at {fmt(ft.ceiling[0])} times the base salary")
            self.step(ft.ceiling[2], f"capped at {fmt(ft.ceiling[0])} x base salary = {vnd(amount)}", dong(amount))
        return amount

    def pay_fixed(self, sessions: _D, base: int | None, rates: Rates | None, providers: list[Provider],
                  work: dict[str, Work], limit: Callable[[_D], _D] | None = None) -> dict[str | None, _D | None]:
        """The exact pay of the providers paid a fixed amount: the amount for these sessions, at most
        `limit(amount)` when a cap on both providers of a replacement applies, shared by the tasks each
        performed; None for each when a rate is not known."""
        kind = self.v.reference_kind
        reference = rates.get(kind) if rates and kind else None
        if reference is None or base is None or rates is None:
            return {p.id: None for p in providers}
        amount = self.fixed_amount(sessions, base, reference)
        if limit is not None:
            amount = limit(amount)
        return self.share_fixed(amount, work, rates, reference, providers)

    def share_fixed(self, amount: _D, work: dict[str, Work], rates: Rates, reference: RateFound,
                    providers: list[Provider]) -> dict[str | None, _D | None]:
        """Share a fixed amount among providers by the tasks each performed; a provider of another kind
        receives their kind's share of it (exact, not yet rounded)."""
        tasks = {p.id: len(work.get(p.id or "", [])) for p in providers}
        total_tasks = sum(tasks.values())
        ft = self.fixed()
        cite = ft.shared[1] if ft.shared else ft.citation
        shares: dict[str | None, _D | None] = {}
        for p in providers:
            share = amount * tasks[p.id] / total_tasks if total_tasks else amount / len(providers)
            rate = rates.get(p.kind or "")
            if rate is None:
                return {q.id: None for q in providers}
            shares[p.id] = share * rate[0] / reference[0]
            if len(self.case.providers) > 1 or p.kind != self.v.reference_kind:
                self.explained[p.id] = (cite, f"{p.id} ({p.kind}): {tasks[p.id]} of {total_tasks} tasks -> ")
        return shares

    # -- a successor who chose the other method (Art. 8.3, 10.4)
    def replacement(self, work: dict[str, Work], successors: list[Provider]) -> Json:
        """A case whose replaced provider's successor chose the other method: each provider is paid by
        their own method, and both together at most what the cap of that case allows."""
        c, v = self.case, self.v
        method = successors[0].method or ""
        cap = next((r for r in v.replacement_caps if r.successor_method == method), None)
        by_sessions = [p for p in c.providers if (p.method or c.method) == "actual_sessions"]
        by_fixed = [p for p in c.providers if (p.method or c.method) == "fixed_time"]
        names = ", ".join(str(p.id) for p in successors)
        self.step(cap.citation if cap else self.rules.instrument,
                  f"{names} replaced a provider and chose {method.replace('_', ' ')}; the others are paid by "
                  f"{(c.method or '').replace('_', ' ')}")
        for p in successors:
            if p.method == "fixed_time" and not self.chosen_in_time(p.chosen_on, p, work):
                return self.output()
        sessions, declared = self.sessions_of(by_sessions, work)
        stages = tuple(dict.fromkeys(s for p in by_fixed for s in (p.stages if p.stages is not None else c.stages)))
        level = self.fixed_level(stages, len(by_fixed))
        base, rates = self.money()
        exact = self.pay_sessions(by_sessions, sessions, rates)
        if cap is None:
            if level is not None:
                exact.update(self.pay_fixed(level[1], base, rates, by_fixed, work))
            return self.finish(declared, None, base, exact if level is not None else {}, sessions)
        if cap.limit is not None:   # Art. 10.4: both together at most so many sessions
            if level is None:
                self.finding("VALUE_PENDING", "warning", cap.citation, None,
                             f"both providers together are paid at most {fmt(cap.limit)} sessions, but the fixed "
                             "working time of the predecessor is not known; the successor's sessions are counted uncapped")
            else:
                left = max(cap.limit - level[1], _ZERO)
                counted = sum(sessions.values(), _ZERO)
                if counted > left:
                    self.finding("CAP_APPLIED", "info", cap.citation, None,
                                 f"both providers together are paid at most {fmt(cap.limit)} sessions"
                                 f"{f' (under {cap.ground})' if cap.ground else ''}: {fmt(level[1])} of fixed working "
                                 f"time leave {fmt(left)} for {names}")
                    sessions, tie = share_out(sessions, left, self.tie_order(sessions)) if left else (dict.fromkeys(sessions, _ZERO), None)
                    self.step(cap.citation, f"{fmt(level[1])} sessions of fixed working time + {fmt(counted)} sessions "
                              f"capped at {fmt(cap.limit)} for both: {names} paid {fmt(left)}", num(cap.limit))
                    self.tie_step(tie, "a half session")
                    self.explained.clear()
                    exact = self.pay_sessions(by_sessions, sessions, rates)
            if level is not None:
                exact.update(self.pay_fixed(level[1], base, rates, by_fixed, work))
            payable = sum(sessions.values(), _ZERO) + level[1] if level is not None else None
            return self.finish(declared, payable, base, exact if level is not None else {}, sessions)
        # Art. 8.3: both together at most the fixed-time level of the whole case
        earned = sum((x for x in exact.values() if x is not None), _ZERO)
        limit: _D | None = None
        whole = self.case_level(cap)
        kind = v.reference_kind
        reference = rates.get(kind) if rates and kind else None
        if whole is not None and reference is not None:
            limit = whole * reference[0]
            self.step(cap.citation, f"both providers together are paid at most the case's level: {fmt(whole)} sessions "
                      f"x {vnd(reference[0])} = {vnd(limit)}", dong(limit))
        if level is not None:
            def left_for_successors(amount: _D) -> _D:
                if limit is None or amount <= limit - earned:
                    return amount
                left = max(limit - earned, _ZERO)
                self.finding("CAP_APPLIED", "info", cap.citation, None,
                             f"both providers together are paid at most the case's fixed-time level, {vnd(limit)}; "
                             f"{names} receive{'s' if len(successors) == 1 else ''} what is left, {vnd(left)}")
                self.step(cap.citation, f"{vnd(limit)} for both, less {vnd(earned)} already earned: {names} "
                          f"paid {vnd(left)}", dong(left))
                return left
            exact.update(self.pay_fixed(level[1], base, rates, by_fixed, work, left_for_successors))
        payable = sum(sessions.values(), _ZERO) + level[1] if level is not None else None
        return self.finish(declared, payable, base, exact if level is not None else {}, sessions)

    def case_level(self, cap: ReplacementCap) -> _D | None:
        """The fixed-time level of the whole case (all its stages) in sessions, for the cap of Art. 8.3;
        None with a VALUE_PENDING warning when it is not known."""
        c, ft = self.case, self.v.fixed_time
        table = ft.tables.get(self.area or "") if ft else None
        if table is None or not c.stages:
            self.finding("VALUE_PENDING", "warning", cap.citation, None,
                         "both providers together are paid at most the case's fixed-time level, which needs the "
                         "case's stages; the pay is counted without this cap")
            return None
        value, problem = self.validator.table_value(self.v, table[0], (), c.stages, c.offense_classes, c.complexity)
        if problem is not None:
            self.finding("VALUE_PENDING", "warning", cap.citation, None,
                         f"both providers together are paid at most the case's fixed-time level, {problem[1]}; "
                         "the pay is counted without this cap")
            return None
        return value

    # -- the result
    def output(self, status: str | None = None, declared: _D | None = None, payable: _D | None = None,
               base: int | None = None, amount: int | None = None, providers: list[Json] | None = None,
               governed_by: tuple[str, ...] | None = None) -> Json:
        """The result (contract section 3); amount in whole đồng, already rounded."""
        c = self.case
        if status is None:
            status = "ok"
            for f in self.findings:
                if f["severity"] == "error":
                    status = "rejected"
                    break
        instrument = self.rules.instrument if governed_by is None else (governed_by[0] if governed_by else None)
        result: Json = {
            "case_id": c.case_id,
            "instrument": instrument,
            "method": c.method,
            "status": status,
            "sessions_declared": num(declared),
            "sessions_payable": num(payable),
            "base_salary_vnd": base,
            "amount_vnd": amount,
            "providers": providers if providers is not None else [
                {"id": p.id, "kind": p.kind, "sessions_payable": None, "amount_vnd": None} for p in c.providers],
            "findings": self.findings,
            "trace": self.trace,
        }
        if governed_by is not None:
            result["governed_by"] = list(governed_by)
        return result
