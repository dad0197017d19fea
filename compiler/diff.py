"""What changed in the rules, in words and figures (`regc diff A B`, the docs' "Changes over time").

Not a diff of files: both sides are compiled, and the rules in force on a date are written out as
plain facts (`snapshot`), one per thing a reader can cite: a provision's text, a cap, who may
certify an activity, a parameter's value, a table cell, a vocabulary id. Each fact has a stable
key, a subject in words ("cap for all providers together in proceedings"), a value in words with
its figures ("30 sessions") and the rule file line it is written at. `diff` compares two
snapshots key by key; `compare` does so for two rule trees on every date on which either changes,
and reports each difference once, from the first date it appears (and until it ends);
`compare_dates` compares one tree on two dates.

    with materialise("rules") as a, materialise("rules+examples/draft-2026") as b:
        changes = compare(compile_rules(a.dirs, generate=False).program, ...)
    print(text(Report("rules", "rules+examples/draft-2026", changes)))

    02/2021/TT-BTP 8.1: cap for all providers together in proceedings: 30 -> 35 sessions,
    in force from 2027-01-01

An amending act's own articles are not facts: what they change is, in the instrument they amend
(the cap above is cited to 8.1, with "by DRAFT-2026/TT-BTP 1.3"). Same programs, same bytes:
facts are ordered as the law is (instrument, then citation: 4.1.h before 4.10, point đ (dd) after
d, article 7a after 7), then parameters, tables and vocabularies by id.
"""
from __future__ import annotations

import dataclasses
import datetime
import html
import re
from dataclasses import dataclass, field

from . import ir
from .backends.docs.text import md_escape
from .backends.docs.text import number as _number

_DAY = datetime.timedelta(days=1)
# Points are lettered in the Vietnamese alphabet's order: đ (written dd) after d, no f, j, w, z.
POINT_LETTERS = "a b c d dd e g h i k l m n o p q r s t u v x y".split()
_SECTIONS = {"law": 0, "parameter": 1, "table": 2, "vocabulary": 3}
SAME, DIFFERENT = 0, 1     # what compare() finds, as `regc diff` exits


# -- the words ------------------------------------------------------------------------------
# A subject or a value is a format string per language; its slots are filled with ids, figures
# and texts from the IR. English is what `regc diff` prints; the docs use both.

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "title ({language})", "vi": "tiêu đề ({language})"},
    "text": {"en": "text ({language})", "vi": "nội dung ({language})"},
    "pending": {"en": "pending", "vi": "chưa xác định"},
    "informative": {"en": "left out on purpose", "vi": "cố ý không mã hóa"},
    "reading": {"en": "reading {id}", "vi": "cách hiểu {id}"},
    "in_force": {"en": "in force from", "vi": "có hiệu lực từ"},
    "governed_by": {"en": "work before entry into force governed by", "vi": "công việc trước ngày có hiệu lực do văn bản điều chỉnh"},
    "judged_by": {"en": "each entry judged by", "vi": "mỗi mục được xét theo"},
    "supersedes": {"en": "replaces", "vi": "thay thế"},
    "scope": {"en": "forms of legal aid covered", "vi": "các hình thức trợ giúp pháp lý được áp dụng"},
    "method": {"en": "method {method} used for", "vi": "cách tính {method} áp dụng cho"},
    "activity": {"en": "activity {citation} chargeable in", "vi": "hoạt động {citation} được tính trong"},
    "certify": {"en": "who may certify {citation}", "vi": "người được xác nhận {citation}"},
    "session_hours": {"en": "hours in a working session", "vi": "số giờ của một buổi làm việc"},
    "hours_added": {"en": "hours turned into sessions", "vi": "cách quy đổi giờ thành buổi"},
    "day_limit": {"en": "hours of one provider's day", "vi": "số giờ một ngày của một người"},
    "accepted_entries": {"en": "accepted entries", "vi": "các mục được chấp nhận"},
    "all_entries": {"en": "all entries", "vi": "mọi mục"},
    "ties": {"en": "a tie between providers goes to", "vi": "khi bằng nhau, phần thuộc về"},
    "provider_id": {"en": "the first by id", "vi": "người có mã đứng trước"},
    "listed_order": {"en": "the first listed", "vi": "người được liệt kê trước"},
    "band": {"en": "hours left over from {lower} to under {upper} count as", "vi": "số giờ lẻ từ {lower} đến dưới {upper} được tính là"},
    "cap": {"en": "cap for {scope} in {area}", "vi": "giới hạn cho {scope} trong {area}"},
    "table_cap": {"en": "cap from table {table} for {scope} in {area}{fixed}", "vi": "giới hạn theo bảng {table} cho {scope} trong {area}{fixed}"},
    "rate": {"en": "rate per session of a {kind} in {area}", "vi": "mức chi mỗi buổi của {kind} trong {area}"},
    "not_paid": {"en": "work not paid", "vi": "công việc không được trả"},
    "ft_forms": {"en": "fixed working time used for", "vi": "khoán chi áp dụng cho"},
    "ft_chosen": {"en": "fixed working time chosen", "vi": "thời điểm lựa chọn khoán chi"},
    "ft_level": {"en": "level of fixed working time by", "vi": "mức khoán chi theo"},
    "ft_stages": {"en": "levels of the stages performed", "vi": "mức của các giai đoạn đã thực hiện"},
    "ft_table": {"en": "fixed working time table in {area}", "vi": "bảng khoán chi trong {area}"},
    "floor": {"en": "least fixed amount in {area}", "vi": "mức khoán chi tối thiểu trong {area}"},
    "ceiling": {"en": "greatest fixed amount of a case", "vi": "mức khoán chi tối đa của một vụ việc"},
    "multiplier": {"en": "multiplier with {at_least} or more {when}", "vi": "hệ số khi có từ {at_least} {when} trở lên"},
    "shared": {"en": "fixed amount shared", "vi": "cách chia mức khoán chi"},
    "group": {"en": "group entitled: {group}", "vi": "nhóm được trợ giúp: {group}"},
    "judged_on": {"en": "groups judged on", "vi": "nhóm được xét vào"},
    "includes": {"en": "who belongs to {group}", "vi": "người thuộc nhóm {group}"},
    "replacement_cap": {"en": "pay of both providers when the successor chooses {method}",
                        "vi": "thù lao của cả hai người khi người thay thế lựa chọn {method}"},
    "case_level": {"en": "at most the case's fixed-time level", "vi": "không quá mức khoán chi của vụ việc"},
    "ground": {"en": " (under {ground})", "vi": " (theo {ground})"},
    "unit": {"en": "unit", "vi": "đơn vị"},
    "axes": {"en": "axes", "vi": "các trục"},
    "cell": {"en": "cell [{coordinates}]", "vi": "ô [{coordinates}]"},
    "member": {"en": "id {id}", "vi": "mã {id}"},
    "parameter": {"en": "parameter {id}", "vi": "tham số {id}"},
    "table": {"en": "table {id}", "vi": "bảng {id}"},
    "vocabulary": {"en": "vocabulary {id}", "vi": "danh mục {id}"},
    # values
    "per_case": {"en": "all providers together", "vi": "tất cả người thực hiện của vụ việc"},
    "per_provider": {"en": "each provider", "vi": "mỗi người thực hiện"},
    "sessions": {"en": "{n} sessions", "vi": "{n} buổi"},
    "session": {"en": "{n} session", "vi": "{n} buổi"},
    "hours": {"en": "{n} hours", "vi": "{n} giờ"},
    "added_per_provider": {"en": "a provider's hours added up first", "vi": "cộng số giờ của mỗi người thực hiện trước"},
    "added_per_entry": {"en": "each entry on its own", "vi": "từng mục riêng"},
    "multiple": {"en": "{n} × {base}", "vi": "{n} × {base}"},
    "share": {"en": "{n} of the {kind}'s rate", "vi": "{n} mức chi của {kind}"},
    "source": {"en": "{value} ({source})", "vi": "{value} ({source})"},
    "no_value": {"en": "{parameter}, no value in force", "vi": "{parameter}, chưa có giá trị"},
    "entitled": {"en": "entitled", "vi": "được trợ giúp"},
    "entitled_if": {"en": "entitled if also {condition}", "vi": "được trợ giúp nếu đồng thời thuộc {condition}"},
    "chosen": {"en": "from {earliest} to no later than {latest}", "vi": "từ {earliest} đến chậm nhất {latest}"},
    "by_axis": {"en": "{table} by {axes}", "vi": "{table} theo {axes}"},
    "times": {"en": "{times} × {parameter}", "vi": "{times} × {parameter}"},
    "factor": {"en": "× {factor}", "vi": "× {factor}"},
    "cell_pending": {"en": "pending: {reason}", "vi": "chưa xác định: {reason}"},
    "fixed": {"en": ", with {axis} = {value}", "vi": ", với {axis} = {value}"},
}


def words(word: str, lang: str, **slots) -> str:
    return WORDS[word][lang].format(**slots)


# -- facts --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the rules say on a date, as a reader would cite it."""
    kind: str                 # law | parameter | table | vocabulary
    ref: str                  # the instrument, or the parameter, table or vocabulary id
    at: str                   # the citation inside the instrument ("8.1", "chapter II"); "" otherwise
    subject: str              # "cap for all providers together in proceedings"
    value: str                # "30 sessions"
    origin: ir.Origin | None  # where it is written (rule file and line)
    by: str | None = None     # the amending operation that brought it, cited ("99/2026/TT-BTP 1.1")
    ended_by: str | None = None   # the operation that replaces or repeals it, when one does
    quoted: bool = False      # the value is a text of the law: reports quote it
    order: tuple = field(default=(), compare=False)

    @property
    def citation(self) -> str:
        if self.kind == "law":
            return f"{self.ref} {self.at}".strip()
        return f"{self.kind} {self.ref}"

    def cited(self, lang: str = "en") -> str:
        """The citation in a language: "02/2021/TT-BTP 8.1", "tham số base_salary"."""
        return self.citation if self.kind == "law" else words(self.kind, lang, id=self.ref)

    @property
    def where(self) -> str:
        return self.origin.where if self.origin else ""


Key = tuple[str, str, str, str]   # (kind, ref, at, slot): the same thing on both sides


@dataclass(frozen=True, slots=True)
class Change:
    """How one fact differs: added (no `before`), removed (no `after`) or changed."""
    key: Key
    before: Fact | None
    after: Fact | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    @property
    def fact(self) -> Fact:
        fact = self.after or self.before
        assert fact is not None, "a change has a fact before it, after it, or both"
        return fact

    @property
    def citation(self) -> str:
        return self.fact.citation

    @property
    def subject(self) -> str:
        return self.fact.subject

    @property
    def signature(self) -> tuple:
        return (self.key, self.before.value if self.before else None, self.after.value if self.after else None)


@dataclass(frozen=True, slots=True)
class DatedChange:
    """A difference and the date from which it is in force (None: as the rules are first
    written); `until` is its last day when it ends while both sides stay in force."""
    start: datetime.date | None
    change: Change
    until: datetime.date | None = None


def snapshot(program: ir.Program, on: datetime.date | None, lang: str = "en") -> dict[Key, Fact]:
    """The rules of `program` in force on `on` (None: as first written, before any amending act),
    as facts by key. Dated parameter values are in force only on a date."""
    return _Snapshot(program, on, lang).facts


def diff(before: dict[Key, Fact], after: dict[Key, Fact]) -> list[Change]:
    """What differs between two snapshots, in the law's order."""
    changes = [Change(key, before.get(key), after.get(key)) for key in before.keys() | after.keys()
               if before.get(key) is None or after.get(key) is None or before[key].value != after[key].value]
    return sorted(changes, key=lambda c: (c.fact.order, c.key))


def change_dates(program: ir.Program) -> list[datetime.date]:
    """Every date on which something of `program` starts or stops being in force, sorted."""
    dates: set[datetime.date] = set()
    for validator in program.validators:
        dates.update(v.start for v in validator.versions if v.start)
        dates.update(v.end + _DAY for v in validator.versions if v.end)
    for parameter in program.parameters:
        for value in parameter.values:
            dates.add(value.start)
            if value.end:
                dates.add(value.end + _DAY)
    for instrument in program.instruments:
        for p in _walk(instrument.provisions):
            dates.update(d for d in (p.start, p.end and p.end + _DAY) if d)
    for vocabulary in program.vocabularies:
        dates.update(m.since for m in vocabulary.members if m.since)
    for table in program.tables:
        dates.update(c.start for c in table.changes)
    return sorted(dates)


def compare(program_a: ir.Program, program_b: ir.Program, lang: str = "en") -> list[DatedChange]:
    """How the rules of tree B differ from those of tree A, on every date: each difference once,
    from the first date on which it appears, with the day it ends if it does."""
    dates: list[datetime.date | None] = [None, *sorted(set(change_dates(program_a)) | set(change_dates(program_b)))]
    found: list[DatedChange] = []
    open_at: dict[tuple, int] = {}    # a difference still in force -> its place in `found`
    for on in dates:
        now = {c.signature: c for c in diff(snapshot(program_a, on, lang), snapshot(program_b, on, lang))}
        for signature, index in list(open_at.items()):
            if signature not in now:
                assert on is not None   # nothing is open on the first date, None
                found[index] = dataclasses.replace(found[index], until=on - _DAY)
                del open_at[signature]
        for signature, change in now.items():
            if signature not in open_at:
                open_at[signature] = len(found)
                found.append(DatedChange(on, _with_ending(change, program_b, on)))
    return sorted(found, key=_dated_order)


def compare_dates(program: ir.Program, first: datetime.date, second: datetime.date, lang: str = "en") -> list[DatedChange]:
    """How the rules of one tree on `second` differ from those on `first`; each difference is
    dated by the day between the two on which its fact last changed."""
    before, after = snapshot(program, first, lang), snapshot(program, second, lang)
    changes = diff(before, after)
    low, high = min(first, second), max(first, second)
    since: dict[Key, datetime.date] = {}
    previous = snapshot(program, low, lang)
    for on in (d for d in change_dates(program) if low < d <= high):
        current = snapshot(program, on, lang)
        for change in changes:
            if _value(previous, change.key) != _value(current, change.key):
                since[change.key] = on
        previous = current
    return sorted((DatedChange(since.get(c.key, high), c) for c in changes), key=_dated_order)


def history(program: ir.Program, lang: str = "en") -> list[tuple[datetime.date, list[DatedChange]]]:
    """For each date on which the rules of `program` change, what changes between the day before
    and that day (the docs' "Changes over time"). Nothing changes between two such dates, so each
    date's rules are compared with the previous date's."""
    out = []
    dates = change_dates(program)
    previous = snapshot(program, dates[0] - _DAY, lang) if dates else {}
    for on in dates:
        current = snapshot(program, on, lang)
        changes = diff(previous, current)
        if changes:
            out.append((on, [DatedChange(on, c) for c in changes]))
        previous = current
    return out


def _with_ending(change: Change, program: ir.Program, on: datetime.date | None) -> Change:
    """A fact of tree A that tree B ends on `on`: cite the operation of B that ends it."""
    before = change.before
    if change.after is not None or before is None or before.ended_by or before.kind != "law" or on is None:
        return change
    instrument = next((i for i in program.instruments if i.id == before.ref), None)
    if instrument is None or not before.at:
        return change
    parts = before.at.split(".")
    while parts:
        citation = ".".join(parts)
        for p in _walk(instrument.provisions):
            if p.citation == citation and p.end == on - _DAY and p.ended_by is not None:
                return dataclasses.replace(change, before=dataclasses.replace(before, ended_by=p.ended_by.cite))
        parts.pop()
    return change


def _value(facts: dict[Key, Fact], key: Key) -> str | None:
    fact = facts.get(key)
    return fact.value if fact else None


def _dated_order(d: DatedChange) -> tuple:
    return (d.start is not None, d.start or datetime.date.min, d.change.fact.order, d.change.key)


def citation_order(citation: str) -> tuple:
    """A citation as the law orders it: 4.1.h < 4.10; 4.1.d < 4.1.dd < 4.1.e; 7 < 7a < 8.

    >>> sorted(["4.10", "4.1.h", "7a", "7", "4.1.dd", "4.1.e"], key=citation_order)
    ['4.1.dd', '4.1.e', '4.1.h', '4.10', '7', '7a']
    """
    out = []
    for part in citation.split(".") if citation else ():
        numbered = re.fullmatch(r"(\d+)([a-z]*)", part)
        if numbered:
            out.append((0, int(numbered.group(1)), numbered.group(2)))
        elif part in POINT_LETTERS:
            out.append((1, POINT_LETTERS.index(part), ""))
        else:
            out.append((2, 0, part))
    return tuple(out)


def _walk(provisions):
    for p in provisions:
        yield p
        yield from _walk(p.children)


def _in_force(start: datetime.date | None, end: datetime.date | None, on: datetime.date | None) -> bool:
    if on is None:
        return start is None
    return (start is None or start <= on) and (end is None or on <= end)


def _plain(text: str) -> str:
    return " ".join(text.split())


class _Snapshot:
    """Builds the facts of one program on one date, in one language."""

    def __init__(self, program: ir.Program, on: datetime.date | None, lang: str) -> None:
        self.program, self.on, self.lang = program, on, lang
        self.facts: dict[Key, Fact] = {}
        self.instrument_rank = {i.id: n for n, i in enumerate(program.instruments)}
        self.chapter_at: dict[tuple[str, str], str] = {}         # a chapter -> its first article
        self.provisions: dict[tuple[str, str], ir.Provision] = {}  # in force on the date
        self.operations: dict[tuple[str, int], str] = {}          # rule file line of an operation -> its citation
        for validator in program.validators:
            for version in validator.versions:
                for op in version.changed_by:
                    self.operations[op.file, op.line] = op.cite
        self.acts = {i.id for i in program.instruments if i.amends}
        self.parameters = {p.id: p for p in program.parameters}
        self._provisions()
        for validator in program.validators:
            self._validator(validator)
        for parameter in program.parameters:
            self._parameter(parameter)
        for table in program.tables:
            self._table(table.on(on))
        for vocabulary in program.vocabularies:
            self._vocabulary(vocabulary)

    def w(self, word: str, **slots) -> str:
        return words(word, self.lang, **slots)

    def n(self, value) -> str:
        return _number(value, self.lang)

    def add(self, kind: str, ref: str, at: str, slot: str, rank: int, subject: str, value: str,
            origin: ir.Origin | None, quoted: bool = False, by: str | None = None) -> None:
        key = (kind, ref, at, slot)
        order: tuple
        if kind == "law":
            chapter = self.chapter_at.get((ref, at))
            place = (citation_order(chapter), 0) if chapter is not None else (citation_order(at), 1)   # a chapter before its first article
            order = (_SECTIONS[kind], self.instrument_rank.get(ref, len(self.instrument_rank)), ref, place, rank, len(self.facts))
            by = by or self._by(ref, at, origin)
            ended_by = self._ended_by(ref, at)
        else:
            order = (_SECTIONS[kind], 0, ref, (), rank, len(self.facts))
            ended_by = None
        if key in self.facts:   # two statements of one thing at one place (two paragraphs): one fact
            value = f"{self.facts[key].value} ¶ {value}"
        self.facts[key] = Fact(kind, ref, at, subject, value, origin, by, ended_by, quoted, order)

    def _by(self, instrument: str, citation: str, origin: ir.Origin | None) -> str | None:
        """The amending operation that put a fact in force: its own line, or the one that inserted
        or replaced the provision it stands in (or the nearest one holding it)."""
        if origin is not None and (origin.file, origin.line) in self.operations:
            return self.operations[origin.file, origin.line]
        return self._operation(instrument, citation, "amended_by")

    def _ended_by(self, instrument: str, citation: str) -> str | None:
        """The operation that replaces or repeals the provision a fact stands in (or one holding it)."""
        return self._operation(instrument, citation, "ended_by")

    def _operation(self, instrument: str, citation: str, which: str) -> str | None:
        parts = citation.split(".") if citation else []
        while parts:
            provision = self.provisions.get((instrument, ".".join(parts)))
            operation = getattr(provision, which) if provision is not None else None
            if operation is not None:
                return operation.cite
            parts.pop()
        return None

    # -- the law's texts ----------------------------------------------------------------------

    def _provisions(self) -> None:
        for instrument in self.program.instruments:
            if instrument.amends:   # an amending act: what it changes is said in the instrument it amends
                continue
            for top in instrument.provisions:
                if top.level == "chapter":
                    first = next((c.citation for c in top.children if c.level == "article"), "99999")
                    self.chapter_at[instrument.id, top.citation] = first
            self._index(instrument.id, instrument.provisions)
            for p in self.provisions_of(instrument.id):
                self._provision(instrument.id, p)

    def _index(self, instrument: str, provisions) -> None:
        for p in provisions:
            if _in_force(p.start, p.end, self.on):
                self.provisions[instrument, p.citation] = p
                self._index(instrument, p.children)

    def provisions_of(self, instrument: str):
        return [p for (i, _), p in self.provisions.items() if i == instrument]

    def _provision(self, instrument: str, p: ir.Provision) -> None:
        for slot, rank, texts in (("title", 0, p.titles), ("text", 1, p.texts)):
            for lang in sorted({t.lang for t in texts}, key=lambda lang: (lang != "en", lang)):
                shown = " ¶ ".join(_plain(t.text) for t in texts if t.lang == lang)
                self.add("law", instrument, p.citation, f"{slot}/{lang}", rank, self.w(slot, language=lang), shown, p.origin, quoted=True)
        if p.pending:
            self.add("law", instrument, p.citation, "pending", 2, self.w("pending"), " ¶ ".join(map(_plain, p.pending)), p.origin, quoted=True)
        if p.informative:
            self.add("law", instrument, p.citation, "informative", 3, self.w("informative"),
                     " ¶ ".join(map(_plain, p.informative)), p.origin, quoted=True)
        for i in p.interpretations:
            reading = " ¶ ".join(_plain(t.text) for t in i.readings if t.lang == "en") or " ¶ ".join(_plain(t.text) for t in i.readings)
            self.add("law", instrument, p.citation, f"reading/{i.id}", 4, self.w("reading", id=i.id), reading, i.origin, quoted=True)

    # -- what the validators do ---------------------------------------------------------------

    def rule(self, origin: ir.Origin, slot: str, rank: int, subject: str, value: str) -> None:
        self.add("law", origin.instrument, origin.citation, slot, 10 + rank, subject, value, origin)

    def _validator(self, validator: ir.Validator) -> None:
        t = validator.transition
        self.rule(t.in_force_origin, "in_force", 0, self.w("in_force"), t.in_force.isoformat())
        if t.origin is not None:
            self.rule(t.origin, "governed_by", 1, self.w("governed_by"), ", ".join(t.governed_by))
            self.rule(t.origin, "judged_by", 2, self.w("judged_by"), t.judged_by)
        if t.supersedes_origin is not None:
            self.rule(t.supersedes_origin, "supersedes", 3, self.w("supersedes"), ", ".join(t.supersedes))
        version = next((v for v in validator.versions if _in_force(v.start, v.end, self.on)), None)
        if version is None:
            return
        self.rule(version.scope_origin, "scope", 4, self.w("scope"), ", ".join(version.scope))
        for method, forms, origin in version.methods:
            self.rule(origin, f"method/{method}", 5, self.w("method", method=method), ", ".join(forms))
        for a in version.activities:
            self.rule(a.origin, f"activity/{a.citation}", 6, self.w("activity", citation=a.citation), ", ".join(a.areas))
            if a.certifier_origin is not None:
                self.rule(a.certifier_origin, f"certify/{a.citation}", 7, self.w("certify", citation=a.citation),
                          ", ".join(a.certifiers))
        self._sessions(version)
        for rate in version.rates:
            for area in rate.areas:
                self.rule(rate.origin, f"rate/{rate.kind}/{area}", 12, self.w("rate", kind=rate.kind, area=area), self._rate(rate))
        not_paid: dict[ir.Origin, list[str]] = {}
        for what, origin in version.not_paid:
            not_paid.setdefault(origin, []).append(what)
        for origin, kinds in not_paid.items():
            self.rule(origin, "not_paid", 13, self.w("not_paid"), ", ".join(kinds))
        if version.fixed_time is not None:
            self._fixed_time(version.fixed_time)
        if version.eligibility is not None:
            e = version.eligibility
            if e.origin is not None:
                self.rule(e.origin, "judged_on", 30, self.w("judged_on"), e.judged_on)
            for g in e.groups:
                value = self.w("entitled_if", condition=g.condition) if g.condition else self.w("entitled")
                self.rule(g.origin, f"group/{g.group}", 31, self.w("group", group=g.group), value)
            for i in e.includes:
                self.rule(i.origin, f"includes/{i.group}", 32, self.w("includes", group=i.group), ", ".join(i.members))

    def _sessions(self, version: ir.Version) -> None:
        rule = version.session_rule
        self.rule(rule.origin, "session/hours", 8, self.w("session_hours"), self.w("hours", n=self.n(rule.hours)))
        self.rule(rule.origin, "session/added", 8, self.w("hours_added"), self.w(f"added_{rule.added}"))
        if version.day_limit is not None:
            day = version.day_limit
            self.rule(day.origin, "session/day", 8, self.w("day_limit"),
                      self.w("hours", n=self.n(day.hours)) + f" ({self.w(day.counting)})")
        if version.ties is not None:
            self.rule(version.ties.origin, "ties", 10, self.w("ties"), self.w(version.ties.by))
        for band in rule.bands:
            self.rule(band.origin, f"band/{band.lower}/{band.upper}", 9,
                      self.w("band", lower=self.n(band.lower), upper=self.n(band.upper)), self.w("session", n=self.n(band.counts)))
        for cap in version.session_caps:
            for area in cap.areas:
                self.rule(cap.origin, f"cap/{cap.scope}/{area}", 10, self.w("cap", scope=self.w(cap.scope), area=area),
                          self.w("sessions", n=self.n(cap.limit)))
        for table_cap in version.table_caps:
            fixed = "".join(self.w("fixed", axis=axis, value=value) for axis, value in table_cap.fixed)
            for area in table_cap.areas:
                self.rule(table_cap.origin, f"table_cap/{table_cap.scope}/{table_cap.table}/{table_cap.fixed}/{area}", 11,
                          self.w("table_cap", table=table_cap.table, scope=self.w(table_cap.scope), area=area, fixed=fixed),
                          ", ".join(table_cap.activities) + (self.w("ground", ground=table_cap.ground) if table_cap.ground else ""))
        for replacement in version.replacement_caps:
            limit = self.w("sessions", n=self.n(replacement.limit)) if replacement.limit is not None else self.w("case_level")
            self.rule(replacement.origin, f"replacement_cap/{replacement.successor_method}", 11,
                      self.w("replacement_cap", method=replacement.successor_method),
                      limit + (self.w("ground", ground=replacement.ground) if replacement.ground else ""))

    def _rate(self, rate: ir.Rate) -> str:
        """"0.38 × base salary", "40% of the lawyer's rate": the parameter's value on the date."""
        parameter = self.parameters.get(rate.parameter)
        value = _value_on(parameter, self.on) if parameter else None
        if parameter is None or value is None:
            return self.w("no_value", parameter=rate.parameter)
        if rate.of_kind:
            return self.w("share", n=self._figure(value, None), kind=rate.of_kind)
        return self._figure(value, parameter.unit)

    def _figure(self, value: ir.ParamValue, unit: str | None) -> str:
        """A parameter's value with its unit: "40%", "0.38 × base salary", "2,340,000 vnd_per_month"."""
        if value.percent:
            return self.n(value.value * 100) + "%"
        if unit and unit.endswith("_multiple"):
            return self.w("multiple", n=self.n(value.value), base=self._base(unit[: -len("_multiple")]))
        return f"{self.n(value.value)} {unit or ''}".strip()

    def _base(self, parameter_id: str) -> str:
        base = self.parameters.get(parameter_id)
        titles = [t.text for t in base.titles if t.lang == self.lang] if base else []
        if self.lang == "en" or not titles:
            return parameter_id.replace("_", " ")
        return titles[0][:1].lower() + titles[0][1:]

    def _fixed_time(self, ft: ir.FixedTime) -> None:
        self.rule(ft.method_origin, "ft/forms", 20, self.w("ft_forms"), ", ".join(ft.forms))
        if ft.chosen:
            self.rule(ft.chosen[2], "ft/chosen", 21, self.w("ft_chosen"), self.w("chosen", earliest=ft.chosen[0], latest=ft.chosen[1]))
        if ft.level:
            self.rule(ft.level[2], "ft/level", 22, self.w("ft_level"), f"{ft.level[1]} {ft.level[0]}")
        if ft.stages:
            self.rule(ft.stages[1], "ft/stages", 23, self.w("ft_stages"), ft.stages[0])
        for table in ft.tables:
            for area in table.areas:
                self.rule(table.origin, f"ft/table/{area}", 24, self.w("ft_table", area=area),
                          self.w("by_axis", table=table.table, axes=", ".join(table.axes)))
        for floor in ft.floors:
            for area in floor.areas:
                self.rule(floor.origin, f"ft/floor/{area}", 25, self.w("floor", area=area),
                          self.w("times", times=self.n(floor.times), parameter=floor.parameter))
        if ft.ceiling:
            self.rule(ft.ceiling.origin, "ft/ceiling", 26, self.w("ceiling"),
                      self.w("times", times=self.n(ft.ceiling.times), parameter=ft.ceiling.parameter))
        for m in ft.multipliers:
            self.rule(m.origin, f"ft/multiplier/{m.when}/{m.at_least}", 27, self.w("multiplier", at_least=m.at_least, when=m.when),
                      self.w("factor", factor=self.n(m.factor)))
        if ft.shared:
            self.rule(ft.shared[1], "ft/shared", 28, self.w("shared"), ft.shared[0])

    # -- parameters, tables, vocabularies ------------------------------------------------------

    def _titles(self, kind: str, ref: str, titles: tuple[ir.Text, ...], origin: ir.Origin) -> None:
        for lang in sorted({t.lang for t in titles}, key=lambda lang: (lang != "en", lang)):
            shown = " ¶ ".join(_plain(t.text) for t in titles if t.lang == lang)
            self.add(kind, ref, "", f"title/{lang}", 0, self.w("title", language=lang), shown, origin, quoted=True)

    def _own(self, texts: tuple[ir.Text, ...]) -> str:
        """The first text in the snapshot's language, else in another one, marked "(EN)"."""
        own = [t.text for t in texts if t.lang == self.lang]
        if own:
            return _plain(own[0])
        return f"{_plain(texts[0].text)} ({texts[0].lang.upper()})" if texts else ""

    def _parameter(self, p: ir.Parameter) -> None:
        self._titles("parameter", p.id, p.titles, p.origin)
        if p.unit:
            self.add("parameter", p.id, "", "unit", 1, self.w("unit"), p.unit, p.origin)
        value = _value_on(p, self.on)
        if value is not None:
            shown = self._figure(value, p.unit)
            if value.source:
                shown = self.w("source", value=shown, source=value.source)
            self.add("parameter", p.id, "", "value", 2, self._own(p.titles) or p.id, shown, value.origin)

    def _table(self, t: ir.Table) -> None:
        self._titles("table", t.id, t.titles, t.origin)
        if t.unit:
            self.add("table", t.id, "", "unit", 1, self.w("unit"), t.unit, t.origin)
        self.add("table", t.id, "", "axes", 2, self.w("axes"), " × ".join(a.vocabulary for a in t.axes), t.origin)
        for cell in t.cells:
            key = ", ".join(" + ".join(coordinate) for coordinate in cell.key)
            if cell.value is None:
                value = self.w("cell_pending", reason=_plain(cell.pending or ""))
            else:
                value = self.w("sessions", n=self.n(cell.value)) if t.unit == "sessions" else f"{self.n(cell.value)} {t.unit or ''}".strip()
            by = cell.origin.cite if cell.origin.instrument in self.acts else None   # a cell an act sets is cited to it
            self.add("table", t.id, "", f"cell/{key}", 3, self.w("cell", coordinates=key), value, cell.origin, by=by)
        # A combined cell an act sets at some time is, before and after, a cell not written: pending.
        written = {cell.key for cell in t.cells}
        for change in t.changes:
            if change.cell.key not in written:
                written.add(change.cell.key)
                key = ", ".join(" + ".join(coordinate) for coordinate in change.cell.key)
                self.add("table", t.id, "", f"cell/{key}", 3, self.w("cell", coordinates=key),
                         self.w("cell_pending", reason="not written in the table"), t.origin)

    def _vocabulary(self, v: ir.Vocabulary) -> None:
        self._titles("vocabulary", v.id, v.titles, v.origin)
        for m in v.members:
            if self.on is None and m.since is not None or self.on is not None and m.since is not None and self.on < m.since:
                continue
            self.add("vocabulary", v.id, "", f"member/{m.id}", 1, self.w("member", id=m.id), self._own(m.labels) or m.id,
                     m.added_by or v.origin, by=m.added_by.cite if m.added_by else None)


def _value_on(parameter: ir.Parameter, on: datetime.date | None) -> ir.ParamValue | None:
    """The value in force on a date: the last one begun, unless it has ended (as the validators do)."""
    if on is None:
        return None
    begun = [v for v in parameter.values if v.start <= on]
    if not begun or (begun[-1].end is not None and on > begun[-1].end):
        return None
    return begun[-1]


# -- reports --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Report:
    """What `regc diff` prints: the two sides as named, and the differences found."""
    before: str              # a tree spec, or a date
    after: str
    changes: tuple[DatedChange, ...]
    tree: str | None = None  # when two dates of one tree are compared: that tree

    @property
    def title(self) -> str:
        if self.tree is not None:
            return f"The rules of {self.tree} on {self.before} and on {self.after}"
        return f"The rules of {self.before} and of {self.after}"

    @property
    def summary(self) -> str:
        n = len(self.changes)
        return "No differences." if n == 0 else "1 difference." if n == 1 else f"{n} differences."


def when(d: DatedChange) -> str:
    return "From the start" if d.start is None else f"In force from {d.start.isoformat()}"


def shown(fact: Fact | None, quoted: bool = False) -> str:
    if fact is None:
        return "(none)"
    return f'"{fact.value}"' if quoted and fact.quoted else fact.value


def arrow(change: Change) -> str:
    """"30 -> 35 sessions": the words both values share after the figure are said once."""
    before, after = change.before, change.after
    if before is not None and after is not None and not before.quoted:
        figure_b, _, words_b = before.value.partition(" ")
        figure_a, _, words_a = after.value.partition(" ")
        if words_a and words_a == words_b and _FIGURE.fullmatch(figure_a) and _FIGURE.fullmatch(figure_b):
            return f"{figure_b} -> {figure_a} {words_a}"
    return f"{shown(before, quoted=True)} -> {shown(after, quoted=True)}"


_FIGURE = re.compile(r"[\d.,%]+")


def provenance(d: DatedChange) -> tuple[str, str]:
    """Where the fact is written (or was, when it is gone), and what did it: the amending
    operation, and the day the difference ends, when they are known."""
    change = d.change
    notes = []
    if change.after is not None and change.after.by:
        notes.append(f"by {change.after.by}")
    if change.after is None and change.before is not None and change.before.ended_by:
        notes.append(f"ended by {change.before.ended_by}")
    if d.until:
        notes.append(f"until {d.until.isoformat()}")
    return change.fact.where, ", ".join(notes)


def _terminal(line: str) -> str:
    """Rule texts are hostile input: control characters are written as escapes on a terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)


def _grouped(changes, key) -> list[tuple[object, list[DatedChange]]]:
    """Consecutive changes with the same key, together (the changes are sorted already)."""
    out: list[tuple[object, list[DatedChange]]] = []
    for d in changes:
        if out and out[-1][0] == key(d):
            out[-1][1].append(d)
        else:
            out.append((key(d), [d]))
    return out


def text(report: Report) -> str:
    """For a terminal: by date, then by citation; a change on one line, or three when long."""
    lines = [report.title, report.summary]
    for _, by_date in _grouped(report.changes, lambda d: d.start):
        lines += ["", when(by_date[0]) + ":"]
        for citation, items in _grouped(by_date, lambda d: d.change.citation):
            lines.append(f"  {citation}")
            for d in items:
                where, notes = provenance(d)
                said = f"  [{where}{', ' + notes if notes else ''}]" if where or notes else ""
                line = f"    {d.change.subject}: {arrow(d.change)}"
                if len(line) <= 100:
                    lines.append(line + said)
                else:
                    lines += [f"    {d.change.subject}:{said}", f"      was: {shown(d.change.before)}",
                              f"      now: {shown(d.change.after)}"]
    return "\n".join(_terminal(line) for line in lines) + "\n"


def markdown(report: Report) -> str:
    """For a code host or a review: a table of the changes of each date."""
    def cell(value: str) -> str:
        return md_escape(value, line_start=False)

    out = [f"# {md_escape(report.title)}", "", md_escape(report.summary), ""]
    for _, by_date in _grouped(report.changes, lambda d: d.start):
        out += [f"## {md_escape(when(by_date[0]))}", "",
                "| Citation | What | Before | After | Rule file |", "| --- | --- | --- | --- | --- |"]
        for d in by_date:
            where, notes = provenance(d)
            place = (f"`{where}`" if where else "") + (f" ({cell(notes)})" if notes else "")
            out.append(f"| {cell(d.change.citation)} | {cell(d.change.subject)} | {cell(shown(d.change.before, True))} "
                       f"| {cell(shown(d.change.after, True))} | {place} |")
        out.append("")
    return "\n".join(out)


_CSS = """body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #d5dbe1;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;table-layout:fixed}th:nth-child(1){width:14%}th:nth-child(2){width:18%}\
th:nth-child(5){width:15%}
th,td{border:1px solid #d5dbe1;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f1f4f7}td.before{background:#fdf0f0}td.after{background:#eef8f0}td.none{color:#7a8591;font-style:italic}
td.quoted{white-space:pre-wrap}code{font-size:.9em}.summary{color:#4a5560}"""


def html_page(report: Report) -> str:
    """A standalone page: inline CSS, no script, nothing fetched; every text escaped."""
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="generator" content="regc diff">', f"<title>{e(report.title)}</title>",
           f"<style>\n{_CSS}\n</style>", "</head>", "<body>", f"<h1>{e(report.title)}</h1>",
           f'<p class="summary">{e(report.summary)}</p>']
    for _, by_date in _grouped(report.changes, lambda d: d.start):
        out += [f"<h2>{e(when(by_date[0]))}</h2>", "<table>",
                "<thead><tr><th>Citation</th><th>What</th><th>Before</th><th>After</th><th>Rule file</th></tr></thead>",
                "<tbody>"]
        for d in by_date:
            cells = [f"<td>{e(d.change.citation)}</td>", f"<td>{e(d.change.subject)}</td>"]
            for side, fact in (("before", d.change.before), ("after", d.change.after)):
                css = "none" if fact is None else side + (" quoted" if fact.quoted else "")
                cells.append(f'<td class="{css}">{e(shown(fact))}</td>')
            where, notes = provenance(d)
            cells.append(f"<td><code>{e(where)}</code>{e(' (' + notes + ')') if notes else ''}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out += ["</tbody>", "</table>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


RENDERERS = {"text": text, "md": markdown, "html": html_page}
