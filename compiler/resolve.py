"""Pass 3: name and citation resolution over all rule files at once.

Takes the surface AST of every file and builds the symbol tables: instruments and their
provisions by citation, vocabularies and their members, parameters, tables. It then checks
every name and citation a statement uses, reporting unknown ones with "did you mean".

Output: a `Program` in which every rule statement is `Placed`: paired with the instrument and
the citation (article.clause.point) it stands under, so later passes cite the law without
looking anything up again.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import EllipsisType
from typing import Generic, TypeGuard, TypeVar

from . import ast, codes
from .diagnostics import Reporter, Text, define, did_you_mean, note, one_of, text
from .source import Span

# Vocabularies the validators cannot do without (contract §2), and what each names.
REQUIRED_VOCABULARIES = ("form", "proceeding", "method", "provider_kind", "certifier_role",
                         "offense_class", "complexity", "stage")

# Words with a fixed meaning in the language, checked like names (so a typo gets a hint).
MECHANISMS = {
    "cap_scope": ("per_provider", "per_case"),
    "hours_added": ("per_provider", "per_entry"),
    "day_counting": ("accepted_entries", "all_entries"),
    "ties": ("provider_id", "listed_order"),
    "not_paid": ("work_during_suspension", "work_outside_provider_period"),
    "case_date": ("work_date", "payment_date", "last_entry_date", "assigned_on", "first_task", "method_chosen_on"),
    "level_pick": ("most_serious",),
    "stages_how": ("added_up",),
    "multiplier_when": ("providers", "offenses"),
    "shared_how": ("by_tasks",),
    "kind": ("circular", "decree", "law", "resolution", "decision"),
    "transition": ("cases_assigned_before", "cases_paid_before", "work_done_before"),
    "eligibility_date": ("assigned_on", "first_task", "work_date", "last_entry_date"),
}


class ReadingError(ValueError):
    """A reading asked for (`--reading ID=OPTION`) that the rules do not offer: a usage error."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.render())
        self.text = message


# -- messages, in English and Vietnamese (diagnostics.py's catalog) ----------------------------

_M = define
_NO_CHOICE = _M("resolve.no-choice", "the rules have no choice `{choice}` (choices: {known})",
                "các quy tắc không có lựa chọn `{choice}` (các lựa chọn: {known})")
_NO_OPTION = _M("resolve.no-option", "choice `{choice}` has no option `{option}` (options: {options})",
                "lựa chọn `{choice}` không có phương án `{option}` (các phương án: {options})")
_NONE = _M("resolve.none", "none", "không có")
_KIND_INSTRUMENT = _M("resolve.kind.instrument", "instrument", "văn bản")
_KIND_VOCABULARY = _M("resolve.kind.vocabulary", "vocabulary", "bộ từ vựng")
_KIND_MEMBER = _M("resolve.kind.member", "member of {vocabulary}", "mục của bộ từ vựng {vocabulary}")
_KIND_PARAMETER = _M("resolve.kind.parameter", "parameter", "tham số")
_KIND_TABLE = _M("resolve.kind.table", "table", "bảng")
_DEFINED_TWICE = _M("resolve.defined-twice", "{kind} `{name}` is defined twice", "{kind} `{name}` được định nghĩa hai lần")
_MEMBER_TWICE = _M("resolve.member-defined-twice", "member of {vocabulary} `{name}` is defined twice",
                   "mục `{name}` của bộ từ vựng {vocabulary} được định nghĩa hai lần")
_FIRST_DEFINED = _M("resolve.label.first-defined", "first defined here", "định nghĩa lần đầu ở đây")
_FIRST_WRITTEN = _M("resolve.label.first-written", "first written here", "viết lần đầu ở đây")
_H_REMOVE_ONE = _M("resolve.hint.remove-one", "remove one of the two, or give one another name",
                   "xóa một trong hai, hoặc đổi tên một trong hai")
_NO_VOCABULARY_FILE = _M("resolve.missing-vocabulary", "no file defines `vocabulary {name}`",
                         "không tệp nào định nghĩa `vocabulary {name}`")
_H_VALIDATORS_NEED = _M("resolve.hint.validators-need", "the validators need it: see contract §2 for its ids",
                        "các trình kiểm tra cần bộ từ vựng này: xem các id của nó tại §2 của contract")
_LEVEL = {
    "chapter": _M("level.chapter", "chapter", "chương"),
    "article": _M("level.article", "article", "Điều"),
    "clause": _M("level.clause", "clause", "khoản"),
    "point": _M("level.point", "point", "điểm"),
}
_PROVISION_NO_INSTRUMENT = _M("resolve.provision-no-instrument", "{level} {number} is in a file that names no instrument",
                              "{level} {number} nằm trong một tệp không nêu văn bản nào")
_RULE_NO_INSTRUMENT = _M("resolve.rule-no-instrument", "a rule outside any article, in a file that names no instrument",
                         "một quy tắc nằm ngoài mọi điều, trong một tệp không nêu văn bản nào")
_H_START_FILE = _M("resolve.hint.start-file", 'start the file with `part of "NUMBER"` or an `instrument` block',
                   'mở đầu tệp bằng `part of "NUMBER"` hoặc một khối `instrument`')
_NO_INSTRUMENT = _M("resolve.unknown-instrument", 'no rule file declares instrument "{instrument}"',
                    'không tệp quy tắc nào khai báo văn bản "{instrument}"')
_H_DECLARE_INSTRUMENT = _M("resolve.hint.declare-instrument", "declare it with an `instrument` block",
                           "khai báo văn bản này bằng một khối `instrument`")
_H_NAME_INSTRUMENT = _M("resolve.hint.name-instrument", "name an instrument of the rules", "nêu một văn bản có trong các quy tắc")
_MISPLACED_LEVEL = _M("resolve.misplaced-level", "a {level} cannot stand here (inside {inside})",
                      "không thể đặt {level} ở đây (bên trong {inside})")
_A_CHAPTER = _M("resolve.a-chapter", "a chapter", "một chương")
_H_LEVELS = _M("resolve.hint.levels", "articles hold clauses, clauses hold points", "điều gồm các khoản, khoản gồm các điểm")
_CITATION_TWICE = _M("resolve.citation-twice", "{instrument} {citation} is written twice",
                     "{instrument} {citation} được viết hai lần")
_H_MERGE = _M("resolve.hint.merge", "merge the two into one provision", "gộp hai quy định này thành một")
_CHOICE_TWICE = _M("resolve.choice-twice", "choice `{name}` is defined twice", "lựa chọn `{name}` được định nghĩa hai lần")
_H_CHOICE_NAME = _M("resolve.hint.choice-name", "give each choice its own name", "đặt cho mỗi lựa chọn một tên riêng")
_ONE_DEFAULT = _M("resolve.one-default", "choice `{name}` needs exactly one option marked `default`, it has {count}",
                  "lựa chọn `{name}` cần đúng một phương án được đánh dấu `default`, nhưng đang có {count}")
_H_DEFAULT = _M("resolve.hint.default",
                "write `option NAME default {{ ... }}` for the reading the rules apply unless told otherwise",
                "viết `option NAME default {{ ... }}` cho cách hiểu mà các quy tắc áp dụng khi không được yêu cầu khác")
_OPTION_TWICE = _M("resolve.option-twice", "option `{option}` of choice `{name}` is written twice",
                   "phương án `{option}` của lựa chọn `{name}` được viết hai lần")
_NOT_MEMBER = _M("resolve.not-member", "`{name}` is not a {what}", "`{name}` không phải là {what}")
_NEITHER = _M("resolve.not-area", "`{name}` is neither a form nor a proceeding",
              "`{name}` không phải là hình thức, cũng không phải là loại thủ tục tố tụng")
_NOT_ALLOWED = _M("resolve.not-allowed-word", "`{name}` is not one of the words allowed here",
                  "`{name}` không phải là một trong các từ được phép dùng ở đây")
_NO_VOCABULARY = _M("resolve.unknown-vocabulary", "no vocabulary is named `{name}`", "không có bộ từ vựng nào tên là `{name}`")
_NO_PARAMETER = _M("resolve.unknown-parameter", "no parameter is named `{name}`", "không có tham số nào tên là `{name}`")
_NO_TABLE = _M("resolve.unknown-table", "no table is named `{name}`", "không có bảng nào tên là `{name}`")
_NO_POINT = _M("resolve.unknown-point", "{instrument} has no point {citation}", "{instrument} không có điểm {citation}")
_NO_PROVISION = _M("resolve.unknown-provision", "{instrument} has no provision {citation}",
                   "{instrument} không có quy định {citation}")
_ACTIVITY_IN_POINT = _M("resolve.activity-in-point", "`activity` belongs in a point: the point is the activity",
                        "`activity` phải nằm trong một điểm: chính điểm đó là hoạt động")
_H_ACTIVITY_IN_POINT = _M("resolve.hint.activity-in-point", "move it into the `point` it describes",
                          "chuyển nó vào `point` mà nó mô tả")
_NO_OLD_RULES = _M("resolve.no-old-rules", "{instrument} amends no instrument, so it has no old rules to keep",
                   "{instrument} không sửa đổi văn bản nào, nên không có quy định cũ nào để giữ lại")
_H_TRANSITIONAL = _M("resolve.hint.transitional", "a transitional provision stands in the amending act",
                     "quy định chuyển tiếp phải nằm trong văn bản sửa đổi")
_NOT_AMENDED = _M("resolve.not-amended", '{instrument} does not amend "{other}"', '{instrument} không sửa đổi "{other}"')
_H_ADD_AMENDS = _M("resolve.hint.add-amends", "add it to the act's `amends` ({amends})",
                   "thêm văn bản này vào `amends` của văn bản sửa đổi ({amends})")
_NONE_YET = _M("resolve.none-yet", "none yet", "chưa có")
# What a member of each vocabulary the validators need is (another vocabulary: a member of it).
_VOCABULARY_WORDS = {
    "form": "hình thức trợ giúp pháp lý", "proceeding": "loại thủ tục tố tụng", "method": "phương thức tính thời gian",
    "provider_kind": "loại người thực hiện trợ giúp pháp lý", "certifier_role": "vai trò người xác nhận",
    "offense_class": "loại tội phạm", "complexity": "mức độ phức tạp", "stage": "giai đoạn tố tụng",
}
_AIDED_GROUP = _M("resolve.aided-group", "group of aided persons (vocabulary aided_group)",
                  "nhóm người được trợ giúp pháp lý (bộ từ vựng aided_group)")


def _member_words(vocabulary: str) -> Text:
    """What a member of a vocabulary is, in words: "certifier role" / "vai trò người xác nhận"."""
    return text(define(f"resolve.vocabulary.{vocabulary}", vocabulary.replace("_", " "),
                       _VOCABULARY_WORDS.get(vocabulary, f"mục của bộ từ vựng `{vocabulary}`")))


@dataclass(frozen=True, slots=True)
class InForce:
    """When something written in the rules is in force: from `start` to `end` (both days included;
    None: from the beginning / without end), and which amending operation began or ended it."""
    start: datetime.date | None = None
    end: datetime.date | None = None
    by: Placed[ast.Node] | None = None          # the operation of an amending act that put it in force
    ended_by: Placed[ast.Node] | None = None    # the operation that replaced or repealed it

    def on(self, date: datetime.date | None) -> bool:
        """In force on `date`; None asks about the rules as first written."""
        if date is None:
            return self.by is None
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def overlaps(self, other: InForce) -> bool:
        return ((self.start is None or other.end is None or self.start <= other.end)
                and (other.start is None or self.end is None or other.start <= self.end))


ALWAYS = InForce()


@dataclass(frozen=True, slots=True)
class ProvisionInfo:
    node: ast.Provision
    instrument: str
    citation: str        # "4", "4.1" or "4.1.a"; chapters are "chapter II"
    chapter: str | None
    file: str
    period: InForce = ALWAYS


# The kind of statement a Placed holds. Covariant, as Placed is frozen: a placed CapTable is a placed Node.
N = TypeVar("N", bound=ast.Node, covariant=True)


@dataclass(frozen=True, slots=True)
class Placed(Generic[N]):
    """A rule statement with the instrument and provision it stands in, and when it is in force
    (an amending act's operations end some statements and add others from its date)."""
    node: N
    instrument: str
    citation: str
    file: str
    period: InForce = ALWAYS


def placed_as(placed: Placed[ast.Node], kind: type[N]) -> TypeGuard[Placed[N]]:
    """Whether a placed statement is of a kind (`isinstance` on its node, for the type checker too)."""
    return isinstance(placed.node, kind)


@dataclass
class InstrumentInfo:
    decl: ast.Instrument
    file: str
    provisions: dict[str, ProvisionInfo] = field(default_factory=dict)   # the latest version of each
    files: list[str] = field(default_factory=list)
    history: list[ProvisionInfo] = field(default_factory=list)          # every version, as amended

    def provision_on(self, citation: str, date: datetime.date | None) -> ProvisionInfo | None:
        return next((p for p in reversed(self.history) if p.citation == citation and p.period.on(date)), None)


@dataclass
class Program:
    files: tuple[ast.RuleFile, ...]
    instruments: dict[str, InstrumentInfo]
    vocabularies: dict[str, ast.Vocabulary]
    parameters: dict[str, ast.Parameter]
    tables: dict[str, ast.Table]
    placed: list[Placed[ast.Node]]
    # Non-statement provision items worth keeping in order (texts, notes, examples, ...).
    provision_items: list[Placed[ast.Node]]
    # Filled by consolidate.py: what amending acts change outside provisions.
    cell_changes: dict[str, list[CellChange]] = field(default_factory=dict)
    member_since: dict[tuple[str, str], Placed[ast.Node]] = field(default_factory=dict)   # (vocabulary, id) -> operation
    acts: dict[str, datetime.date] = field(default_factory=dict)                           # amending act -> in force
    # Who may amend each vocabulary, parameter and table: ("parameter", id) -> instrument (None: none may).
    owners: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # Filled by consolidate.py: the transitional provision of the changes to an instrument on a date.
    transitions: dict[tuple[str, datetime.date], Placed[ast.KeepsOldRules]] = field(default_factory=dict)
    # Filled by consolidate.py: (parameter, first day of a value set by an act) -> the operation that set it.
    value_changes: dict[tuple[str, datetime.date], Placed[ast.Node]] = field(default_factory=dict)
    # The readings asked for (choice id -> option id), and every choice with the option in force.
    readings: dict[str, str] = field(default_factory=dict)
    choices: dict[str, ChoiceInfo] = field(default_factory=dict)

    def members(self, vocabulary: str) -> tuple[str, ...]:
        vocab = self.vocabularies.get(vocabulary)
        return tuple(m.id.value for m in vocab.members) if vocab else ()

    def statements(self, instrument: str, kind: type[N], on: datetime.date | None | EllipsisType = ...) -> list[Placed[N]]:
        """The statements of a kind in an instrument: all of them, or those in force on a date."""
        return [p for p in self.placed if p.instrument == instrument and placed_as(p, kind)
                and (on is ... or p.period.on(on))]

    def version_dates(self, instruments) -> list[datetime.date | None]:
        """The dates on which the rules of these instruments change (None: as first written), in order."""
        wanted = set(instruments)
        dates = {p.period.start for p in self.placed + self.provision_items
                 if p.instrument in wanted and p.period.by is not None}
        dates |= {p.period.end + datetime.timedelta(days=1) for p in self.placed + self.provision_items
                  if p.instrument in wanted and p.period.ended_by is not None and p.period.end is not None}
        return [None] + sorted(d for d in dates if d is not None)


@dataclass(frozen=True, slots=True)
class ChoiceInfo:
    """A choice between readings, where it stands, and which of its options the rules apply."""
    placed: Placed[ast.Choice]
    selected: str
    default: str


@dataclass(frozen=True, slots=True)
class CellChange:
    """A table cell as an amending act sets it from `period.start`."""
    key: tuple[tuple[str, ...], ...]
    cell: ast.Cell
    period: InForce


_PROVISION_ITEMS = (ast.LangText, ast.Pending, ast.Informative, ast.Interpretation, ast.Example, ast.Choice)
_DECLARATIONS = (ast.Instrument, ast.PartOf, ast.Provision, ast.Vocabulary, ast.Parameter, ast.Table)


def run(files: tuple[ast.RuleFile, ...], reporter: Reporter, readings: dict[str, str] | None = None) -> Program:
    """Resolve every file together; `readings` chooses options of the rules' choices (ReadingError
    when one names a choice or option the rules do not have)."""
    program = Program(files, {}, {}, {}, {}, [], [], readings=dict(readings or {}))
    _collect_declarations(program, reporter)
    _collect_provisions(program, reporter)
    _collect_owners(program, reporter)
    _check_readings(program)
    _Names(program, reporter).check_all()
    return program


def _check_readings(program: Program) -> None:
    for choice, option in program.readings.items():
        info = program.choices.get(choice)
        if info is None:
            known = ", ".join(sorted(program.choices)) or text(_NONE)
            raise ReadingError(text(_NO_CHOICE, choice=choice, known=known))
        options = [o.id.value for o in info.placed.node.options]
        if option not in options:
            raise ReadingError(text(_NO_OPTION, choice=choice, option=option, options=", ".join(options)))


def check_names(program: Program, reporter: Reporter, placed: list[Placed[ast.Node]]) -> None:
    """Check the names of statements placed after resolution (by an amending act's operations)."""
    names = _Names(program, reporter)
    for item in placed:
        getattr(names, "visit_" + type(item.node).__name__)(item.node, item)


# -- declarations -------------------------------------------------------------------------

def _collect_declarations(program: Program, reporter: Reporter) -> None:
    first: dict[tuple[Text, str], Span] = {}

    def unique(kind: Text, name: str, span: Span) -> bool:
        if (kind, name) in first:
            member = dict(kind.args).get("vocabulary") if kind.id == _KIND_MEMBER else None
            message = text(_MEMBER_TWICE, vocabulary=member, name=name) if member else text(_DEFINED_TWICE, kind=kind, name=name)
            reporter.error(codes.DUPLICATE_NAME, message, span,
                           secondary=[note(first[kind, name], text(_FIRST_DEFINED))],
                           hint=text(_H_REMOVE_ONE))
            return False
        first[kind, name] = span
        return True

    for file in program.files:
        for item in file.items:
            if isinstance(item, ast.Instrument) and unique(text(_KIND_INSTRUMENT), item.id, item.span):
                program.instruments[item.id] = InstrumentInfo(item, file.path)
            elif isinstance(item, ast.Vocabulary) and unique(text(_KIND_VOCABULARY), item.id.value, item.id.span):
                program.vocabularies[item.id.value] = item
                for member in item.members:
                    unique(text(_KIND_MEMBER, vocabulary=item.id.value), member.id.value, member.id.span)
            elif isinstance(item, ast.Parameter) and unique(text(_KIND_PARAMETER), item.id.value, item.id.span):
                program.parameters[item.id.value] = item
            elif isinstance(item, ast.Table) and unique(text(_KIND_TABLE), item.id.value, item.id.span):
                program.tables[item.id.value] = item

    if program.files and any(f.items for f in program.files):
        anchor = program.files[0].span
        for name in REQUIRED_VOCABULARIES:
            if name not in program.vocabularies:
                reporter.error(codes.MISSING_VOCABULARY, text(_NO_VOCABULARY_FILE, name=name), anchor,
                               hint=text(_H_VALIDATORS_NEED))


def _collect_owners(program: Program, reporter: Reporter) -> None:
    """Who may amend each vocabulary, parameter and table: the instrument it says it belongs to, else
    the one its file declares or is `part of`; none when it says so, or its file names no instrument.
    An owner no file declares is reported only where it matters, when an act changes what it owns
    (consolidate.py): a shared vocabulary file may name instruments a small rule tree leaves out."""
    for file in program.files:
        home = next((i.id if isinstance(i, ast.Instrument) else i.instrument for i in file.items
                     if isinstance(i, (ast.Instrument, ast.PartOf))), None)
        for item in file.items:
            if not isinstance(item, (ast.Vocabulary, ast.Parameter, ast.Table)):
                continue
            kind = type(item).__name__.lower()
            owner = item.belongs_to.instrument if item.belongs_to is not None else home
            program.owners.setdefault((kind, item.id.value), owner)


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
                    reporter.error(codes.NOT_IN_INSTRUMENT, text(_PROVISION_NO_INSTRUMENT, level=text(_LEVEL[item.level]),
                                                                  number=item.number),
                                   item.span, hint=text(_H_START_FILE))
                    continue
                walk(item, program, instrument, file.path, None, (), reporter)
            elif not isinstance(item, _DECLARATIONS):   # a statement outside any article: the instrument's own
                if instrument is None:
                    reporter.error(codes.NOT_IN_INSTRUMENT, text(_RULE_NO_INSTRUMENT), item.span, hint=text(_H_START_FILE))
                    continue
                program.placed.append(Placed(item, instrument, "", file.path))


def _file_instrument(file: ast.RuleFile, program: Program, reporter: Reporter) -> str | None:
    """The instrument a file's provisions belong to; None if it names none, _UNKNOWN if it names an unknown one."""
    for item in file.items:
        if isinstance(item, ast.Instrument):
            program.instruments[item.id].files.append(file.path) if item.id in program.instruments else None
            return item.id
        if isinstance(item, ast.PartOf):
            if item.instrument not in program.instruments:
                reporter.error(codes.UNKNOWN_INSTRUMENT, text(_NO_INSTRUMENT, instrument=item.instrument), item.span,
                               hint=did_you_mean(item.instrument, program.instruments) or text(_H_DECLARE_INSTRUMENT))
                return _UNKNOWN
            program.instruments[item.instrument].files.append(file.path)
            return item.instrument
    return None


def walk(node: ast.Provision, program: Program, instrument: str, file: str, chapter: str | None,
         path: tuple[str, ...], reporter: Reporter, period: InForce = ALWAYS) -> list[Placed[ast.Node]]:
    """Place a provision and everything in it under `instrument`, in force for `period`
    (an amending act places its new provisions this way). Returns the statements placed."""
    info = program.instruments[instrument]
    placed: list[Placed[ast.Node]] = []
    child_path: tuple[str, ...]
    if node.level == "chapter":
        chapter, citation, child_path = node.number, f"chapter {node.number}", ()
    else:
        child_path = path + (node.number,)
        citation = ".".join(child_path)
        expected = {"article": 0, "clause": 1, "point": 2}[node.level]
        if len(path) != expected:
            reporter.error(codes.SYNTAX, text(_MISPLACED_LEVEL, level=text(_LEVEL[node.level]),
                                              inside=".".join(path) or text(_A_CHAPTER)),
                           node.span, hint=text(_H_LEVELS))
            return placed
    first = next((p for p in info.history if p.citation == citation and p.period.overlaps(period)), None)
    if first is not None:
        reporter.error(codes.DUPLICATE_CITATION, text(_CITATION_TWICE, instrument=instrument, citation=citation), node.span,
                       secondary=[note(first.node.span, text(_FIRST_WRITTEN))], hint=text(_H_MERGE))
        return placed
    info.provisions[citation] = ProvisionInfo(node, instrument, citation, chapter, file, period)
    info.history.append(info.provisions[citation])
    for item in node.items:
        if isinstance(item, ast.Provision):
            placed += walk(item, program, instrument, file, chapter, child_path, reporter, period)
            continue
        statements: tuple[ast.Node, ...] = (item,)
        if isinstance(item, ast.Choice):
            statements = _choose(item, Placed(item, instrument, citation, file, period), program, reporter)
        if isinstance(item, _PROVISION_ITEMS):
            program.provision_items.append(Placed(item, instrument, citation, file, period))
            statements = statements if isinstance(item, ast.Choice) else ()
        for statement in statements:
            placed.append(Placed(statement, instrument, citation, file, period))
            program.placed.append(placed[-1])
    return placed


def _choose(choice: ast.Choice, placed: Placed[ast.Choice], program: Program, reporter: Reporter) -> tuple[ast.Node, ...]:
    """The rules of the option in force of a choice: the one asked for, else the default."""
    name = choice.id.value
    first = program.choices.get(name)
    if first is not None and first.placed.node is not choice:
        reporter.error(codes.DUPLICATE_NAME, text(_CHOICE_TWICE, name=name), choice.id.span,
                       secondary=[note(first.placed.node.id.span, text(_FIRST_DEFINED))], hint=text(_H_CHOICE_NAME))
        return ()
    defaults = [o for o in choice.options if o.default]
    if len(defaults) != 1:
        reporter.error(codes.MISSING_RULE, text(_ONE_DEFAULT, name=name, count=str(len(defaults))), choice.id.span,
                       hint=text(_H_DEFAULT))
        return ()
    seen: dict[str, ast.Option] = {}
    for option in choice.options:
        if option.id.value in seen:
            reporter.error(codes.DUPLICATE_NAME, text(_OPTION_TWICE, option=option.id.value, name=name),
                           option.id.span, secondary=[note(seen[option.id.value].id.span, text(_FIRST_WRITTEN))])
        seen[option.id.value] = option
    selected = program.readings.get(name, defaults[0].id.value)
    program.choices[name] = ChoiceInfo(placed, selected, defaults[0].id.value)
    return seen[selected].statements if selected in seen else ()


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
    def member(self, name: ast.Name, vocabulary: str, what: Text | None = None) -> None:
        members = self.program.members(vocabulary)
        if vocabulary in self.program.vocabularies and name.value not in members:
            self.reporter.error(codes.UNKNOWN_NAME, text(_NOT_MEMBER, name=name.value, what=what or _member_words(vocabulary)),
                                name.span, hint=did_you_mean(name.value, members) or one_of(members))

    def area(self, name: ast.Name) -> None:
        """A proceeding (criminal, ...) or a form (proceedings, extrajudicial)."""
        known = self.program.members("proceeding") + self.program.members("form")
        if name.value not in known:
            self.reporter.error(codes.UNKNOWN_NAME, text(_NEITHER, name=name.value), name.span,
                                hint=did_you_mean(name.value, known) or one_of(known))

    def mechanism(self, name: ast.Name, kind: str) -> None:
        allowed = MECHANISMS[kind]
        if name.value not in allowed:
            self.reporter.error(codes.UNKNOWN_NAME, text(_NOT_ALLOWED, name=name.value), name.span,
                                hint=did_you_mean(name.value, allowed) or one_of(allowed))

    def vocabulary(self, name: ast.Name) -> bool:
        """Whether `name` names a vocabulary; reports it (with a hint) when not."""
        if name.value in self.program.vocabularies:
            return True
        self.reporter.error(codes.UNKNOWN_NAME, text(_NO_VOCABULARY, name=name.value), name.span,
                            hint=did_you_mean(name.value, self.program.vocabularies))
        return False

    def parameter(self, name: ast.Name) -> None:
        if name.value not in self.program.parameters:
            self.reporter.error(codes.UNKNOWN_NAME, text(_NO_PARAMETER, name=name.value), name.span,
                                hint=did_you_mean(name.value, self.program.parameters))

    def table(self, name: ast.Name) -> None:
        if name.value not in self.program.tables:
            self.reporter.error(codes.UNKNOWN_NAME, text(_NO_TABLE, name=name.value), name.span,
                                hint=did_you_mean(name.value, self.program.tables))

    def citation(self, citation: ast.Citation, instrument: str) -> None:
        provisions = self.program.instruments[instrument].provisions
        if str(citation) not in provisions:
            points = [c for c in provisions if c.count(".") == 2]
            self.reporter.error(codes.UNKNOWN_CITATION, text(_NO_POINT, instrument=instrument, citation=str(citation)), citation.span,
                                hint=did_you_mean(str(citation), points))

    # -- statements
    def visit_Scope(self, node: ast.Scope, placed: Placed[ast.Node]) -> None:
        for name in node.forms:
            self.member(name, "form")

    def visit_Method(self, node: ast.Method, placed: Placed[ast.Node]) -> None:
        self.member(node.method, "method")
        for name in node.forms:
            self.member(name, "form")

    def visit_InForce(self, node, placed) -> None:
        pass

    def visit_Supersedes(self, node, placed) -> None:
        pass

    def visit_BeforeInForce(self, node: ast.BeforeInForce, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.judged_by, "case_date")

    def visit_Activity(self, node: ast.Activity, placed: Placed[ast.Node]) -> None:
        for name in node.areas:
            self.area(name)
        if placed.citation.count(".") != 2:
            self.reporter.error(codes.WRONG_KIND, text(_ACTIVITY_IN_POINT), node.span, hint=text(_H_ACTIVITY_IN_POINT))

    def visit_ActivitiesAlso(self, node: ast.ActivitiesAlso, placed: Placed[ast.Node]) -> None:
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for name in node.areas:
            self.area(name)

    def visit_Certify(self, node: ast.Certify, placed: Placed[ast.Node]) -> None:
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for role in node.roles:
            self.member(role, "certifier_role")

    def visit_SessionHours(self, node, placed) -> None:
        pass

    def visit_Remainder(self, node, placed) -> None:
        pass

    def visit_HoursAdded(self, node: ast.HoursAdded, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.how, "hours_added")

    def visit_DayLimit(self, node: ast.DayLimit, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.counting, "day_counting")

    def visit_Ties(self, node: ast.Ties, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.by, "ties")

    def visit_CapSessions(self, node: ast.CapSessions, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.scope, "cap_scope")
        for name in node.areas:
            self.area(name)

    def visit_CapTable(self, node: ast.CapTable, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.scope, "cap_scope")
        self.ground(node.ground)
        self.table(node.table)
        for citation in node.activities:
            self.citation(citation, placed.instrument)
        for name in node.areas:
            self.area(name)
        if node.fixing is not None:
            axis, value = node.fixing
            if self.vocabulary(axis):
                self.member(value, axis.value)

    def visit_SessionRate(self, node: ast.SessionRate, placed: Placed[ast.Node]) -> None:
        self.member(node.kind, "provider_kind")
        for name in node.areas:
            self.area(name)
        self.parameter(node.parameter)
        if node.of is not None:
            self.member(node.of, "provider_kind")

    def visit_NotPaid(self, node: ast.NotPaid, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.what, "not_paid")

    def visit_FixedTimeTable(self, node: ast.FixedTimeTable, placed: Placed[ast.Node]) -> None:
        self.table(node.table)
        for name in node.areas:
            self.area(name)
        for axis in node.axes:
            self.vocabulary(axis)

    def visit_FixedTimeChosen(self, node: ast.FixedTimeChosen, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.earliest, "case_date")
        self.mechanism(node.latest, "case_date")

    def visit_FixedTimeLevel(self, node: ast.FixedTimeLevel, placed: Placed[ast.Node]) -> None:
        self.vocabulary(node.axis)
        self.mechanism(node.pick, "level_pick")

    def visit_FixedTimeStages(self, node: ast.FixedTimeStages, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.how, "stages_how")

    def visit_FixedTimeFloor(self, node: ast.FixedTimeFloor, placed: Placed[ast.Node]) -> None:
        self.parameter(node.parameter)
        for name in node.areas:
            self.area(name)

    def visit_FixedTimeCeiling(self, node: ast.FixedTimeCeiling, placed: Placed[ast.Node]) -> None:
        self.parameter(node.parameter)

    def visit_FixedTimeMultiplier(self, node: ast.FixedTimeMultiplier, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.when, "multiplier_when")

    def visit_FixedTimeShared(self, node: ast.FixedTimeShared, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.how, "shared_how")

    def visit_Eligible(self, node: ast.Eligible, placed: Placed[ast.Node]) -> None:
        self.member(node.group, "aided_group", text(_AIDED_GROUP))
        if node.condition is not None:
            self.member(node.condition, "aided_group", text(_AIDED_GROUP))

    def visit_EligibilityOn(self, node: ast.EligibilityOn, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.date, "eligibility_date")

    def visit_GroupIncludes(self, node: ast.GroupIncludes, placed: Placed[ast.Node]) -> None:
        for name in (node.group, *node.members):
            self.member(name, "aided_group", text(_AIDED_GROUP))

    def visit_CapReplacement(self, node: ast.CapReplacement, placed: Placed[ast.Node]) -> None:
        self.member(node.successor_method, "method")
        self.ground(node.ground)

    def ground(self, ground: ast.Ground | None) -> None:
        """`under "INSTRUMENT" CITATION`: an instrument of the rules, and a provision it has."""
        if ground is None:
            return
        info = self.program.instruments.get(ground.instrument)
        if info is None:
            self.reporter.error(codes.UNKNOWN_INSTRUMENT, text(_NO_INSTRUMENT, instrument=ground.instrument),
                                ground.span, hint=did_you_mean(ground.instrument, self.program.instruments)
                                or text(_H_NAME_INSTRUMENT))
        elif str(ground.citation) not in info.provisions:
            self.reporter.error(codes.UNKNOWN_CITATION, text(_NO_PROVISION, instrument=ground.instrument,
                                                                 citation=str(ground.citation)),
                                ground.citation.span, hint=did_you_mean(str(ground.citation), info.provisions))

    def visit_KeepsOldRules(self, node: ast.KeepsOldRules, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.which, "transition")
        if not self.program.instruments[placed.instrument].decl.amends:
            self.reporter.error(codes.OP_OUTSIDE_ACT, text(_NO_OLD_RULES, instrument=placed.instrument),
                                node.span, hint=text(_H_TRANSITIONAL))

    def visit_Amending(self, node: ast.Amending, placed: Placed[ast.Node]) -> None:
        amends = self.program.instruments[placed.instrument].decl.amends
        if node.instrument not in amends:
            self.reporter.error(codes.NO_AMENDED, text(_NOT_AMENDED, instrument=placed.instrument, other=node.instrument),
                                node.span, hint=text(_H_ADD_AMENDS, amends=", ".join(amends) or text(_NONE_YET)))

    def visit_AmendmentsApply(self, node: ast.AmendmentsApply, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.entries_by, "case_date")
        self.mechanism(node.case_by, "case_date")

    # -- amending operations: what they change is looked up by consolidate.py, on their date
    def visit_ProvisionOp(self, node, placed) -> None:
        pass

    def visit_ChangeCap(self, node: ast.ChangeCap, placed: Placed[ast.Node]) -> None:
        self.mechanism(node.scope, "cap_scope")
        for name in node.areas:
            self.area(name)

    def visit_ChangeParameter(self, node: ast.ChangeParameter, placed: Placed[ast.Node]) -> None:
        self.parameter(node.parameter)

    def visit_ChangeCell(self, node: ast.ChangeCell, placed: Placed[ast.Node]) -> None:
        self.table(node.table)

    def visit_AddMember(self, node: ast.AddMember, placed: Placed[ast.Node]) -> None:
        self.vocabulary(node.vocabulary)

    def visit_EligibleUnconditional(self, node: ast.EligibleUnconditional, placed: Placed[ast.Node]) -> None:
        self.member(node.group, "aided_group", text(_AIDED_GROUP))

    def visit_AddEligible(self, node, placed) -> None:
        pass   # the group may be one the same act adds: checked on the statement it places (consolidate.py)

    # -- tables and parameters
    def visit_table(self, table: ast.Table) -> None:
        for axis in table.axes:
            if self.vocabulary(axis.vocabulary):
                for value in axis.values:
                    self.member(value, axis.vocabulary.value)
