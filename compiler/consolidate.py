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
from .diagnostics import Arg, Reporter, define, did_you_mean, note, one_of, text
from .resolve import CellChange, InForce, N, Placed, Program, check_names, placed_as, walk

_DAY = datetime.timedelta(days=1)

# -- messages, in English and Vietnamese (diagnostics.py's catalog) ----------------------------

_M = define
_CANNOT_CHANGE = _M("consolidate.op-outside-act", "{act} amends no instrument, so it cannot change one",
                    "{act} không sửa đổi văn bản nào, nên không thể thay đổi văn bản khác")
_H_ADD_AMENDS = _M("consolidate.hint.add-amends", 'add `amends "NUMBER"` to the `instrument "{act}"` block',
                   'thêm `amends "NUMBER"` vào khối `instrument "{act}"`')
_AMENDS_UNKNOWN = _M("consolidate.amends-unknown", '{act} amends "{base}", which no rule file declares',
                     '{act} sửa đổi "{base}", nhưng không tệp quy tắc nào khai báo văn bản này')
_H_DECLARE = _M("consolidate.hint.declare", "declare it, or correct the number", "khai báo văn bản này, hoặc sửa lại số hiệu")
_NO_DATE = _M("consolidate.no-date", "amending act {act} does not say when it comes into force",
              "văn bản sửa đổi {act} không nêu ngày có hiệu lực")
_H_IN_FORCE = _M("consolidate.hint.in-force", "add `in_force DATE` in the article that says so",
                 "thêm `in_force DATE` vào điều quy định hiệu lực thi hành")
_THE_ACT = _M("consolidate.the-act", "the act", "văn bản")
_THE_WHOLE_ACT = _M("consolidate.the-whole-act", "(the act as a whole)", "(toàn bộ văn bản)")
_DATE_TWICE = _M("consolidate.date-twice", "{act} says twice when it comes into force: at {first} and at {second}",
                 "{act} nêu ngày có hiệu lực hai lần: tại {first} và tại {second}")
_FIRST_SAID = _M("consolidate.label.first-said", "first said here", "quy định lần đầu ở đây")
_H_OWN_DATE = _M("consolidate.hint.own-date", "a date of its own for some changes stands in the provision that makes them",
                 "ngày có hiệu lực riêng của một số thay đổi phải nằm trong quy định thực hiện các thay đổi đó")
_TWO_TRANSITIONS = _M("consolidate.two-transitions",
                      "{act} has two transitional provisions for all its changes: at {first} and at {second}",
                      "{act} có hai quy định chuyển tiếp cho mọi thay đổi của nó: tại {first} và tại {second}")
_H_ONE_TRANSITION = _M("consolidate.hint.one-transition",
                       "one for the whole act, or one in each provision whose changes it governs",
                       "một quy định cho cả văn bản, hoặc một quy định trong mỗi quy định có thay đổi mà nó điều chỉnh")
_CHANGE_UNDATED = _M("consolidate.change-undated", "{where} does not say when this change comes into force",
                     "{where} không nêu ngày có hiệu lực của thay đổi này")
_H_CHANGE_DATE = _M("consolidate.hint.change-date", "add `in_force DATE` to the act, or to the provision that makes the change",
                    "thêm `in_force DATE` vào văn bản, hoặc vào quy định thực hiện thay đổi")
_BAD_PERIOD = _M("consolidate.bad-period", "a change in force from {start} cannot end on {until}",
                 "một thay đổi có hiệu lực từ ngày {start} không thể kết thúc vào ngày {until}")
_H_UNTIL = _M("consolidate.hint.until", "`until` is the last day the change is in force",
              "`until` là ngày cuối cùng thay đổi còn hiệu lực")
_BEFORE_BASE = _M("consolidate.before-base", "{act} would be in force on {date}, before {base} itself ({base_date})",
                  "{act} sẽ có hiệu lực vào ngày {date}, trước cả {base} ({base_date})")
_H_BEFORE_BASE = _M("consolidate.hint.before-base", "an act cannot amend {base} before it is in force",
                    "một văn bản không thể sửa đổi {base} trước khi văn bản này có hiệu lực")
_RETROACTIVE = _M("consolidate.retroactive",
                  "{act} is in force from {date}, before it was signed on {signed}: it applies retroactively from {date} to {last}",
                  "{act} có hiệu lực từ ngày {date}, trước ngày ký {signed}: văn bản được áp dụng hồi tố từ ngày {date} "
                  "đến ngày {last}")
_H_RETROACTIVE = _M("consolidate.hint.retroactive", "check the date; a retroactive act must say so in its own text",
                    "kiểm tra lại ngày; văn bản có hiệu lực hồi tố phải nêu rõ điều đó trong chính văn bản")
_ALREADY_SAID = _M("consolidate.already-said", "this is already said at {act} {citation}",
                   "điều này đã được quy định tại {act} {citation}")
_H_ONE_IN_FORCE = _M("consolidate.hint.one-in-force", "one `in_force` per provision of the act",
                     "mỗi quy định của văn bản chỉ có một `in_force`")
_BELONGS_TO = _M("consolidate.belongs-to", "belongs to {owner}", "thuộc về {owner}")
_BELONGS_UNDECLARED = _M("consolidate.belongs-undeclared", "belongs to {owner}, which no rule file declares",
                         "thuộc về {owner}, văn bản mà không tệp quy tắc nào khai báo")
_BELONGS_NONE = _M("consolidate.belongs-none", "belongs to no instrument of these rules",
                   "không thuộc về văn bản nào của các quy tắc này")
_KIND = {"vocabulary": _M("consolidate.kind.vocabulary", "vocabulary", "bộ từ vựng"),
         "parameter": _M("consolidate.kind.parameter", "parameter", "tham số"),
         "table": _M("consolidate.kind.table", "table", "bảng")}
_NOT_OWNER = _M("consolidate.not-owner", "{kind} `{name}` {belongs}, which {act} does not amend",
                "{kind} `{name}` {belongs}, nên {act} không thể thay đổi nó")
_H_NOT_OWNER = _M("consolidate.hint.not-owner",
                  "an act changes only what belongs to the instruments it amends ({amends})",
                  "một văn bản chỉ thay đổi những gì thuộc về các văn bản mà nó sửa đổi ({amends})")
_WHICH = _M("consolidate.which-instrument", "{act} amends {amends}: this change does not say which",
            "{act} sửa đổi {amends}: thay đổi này không nói rõ sửa văn bản nào")
_H_WHICH = _M("consolidate.hint.which-instrument", 'write `amending "NUMBER"` in the provision of the act that holds it',
              'viết `amending "NUMBER"` trong quy định của văn bản chứa thay đổi này')
_TRANSITIONS_CONFLICT = _M("consolidate.transitions-conflict",
                           "changes to {base} in force on {date} keep old rules for {first} and for {second}",
                           "các thay đổi đối với {base} có hiệu lực vào ngày {date} giữ quy định cũ cho {first} và cho {second}")
_OTHER_TRANSITION = _M("consolidate.label.other-transition", "the other transitional provision", "quy định chuyển tiếp kia")
_H_ONE_A_DAY = _M("consolidate.hint.one-a-day", "one transitional provision for the changes of one day",
                  "một quy định chuyển tiếp cho các thay đổi của cùng một ngày")
_CHANGED_TWICE = _M("consolidate.changed-twice",
                    "{what} is changed twice on {date}: by {first} {first_citation} and by {second} {second_citation}",
                    "{what} bị thay đổi hai lần vào ngày {date}: bởi {first} {first_citation} và bởi {second} {second_citation}")
_OTHER_CHANGE = _M("consolidate.label.other-change", "the other change", "thay đổi kia")
_H_LATER_PREVAILS = _M("consolidate.hint.later-prevails",
                       "an act that comes into force later prevails; on the same day, keep one change",
                       "văn bản có hiệu lực sau được áp dụng; trong cùng một ngày, chỉ giữ một thay đổi")
_LEVEL = {"chapter": _M("consolidate.level.chapter", "chapter", "chương"),
          "article": _M("consolidate.level.article", "article", "Điều"),
          "clause": _M("consolidate.level.clause", "clause", "khoản"),
          "point": _M("consolidate.level.point", "point", "điểm")}
_ALREADY_HAS = _M("consolidate.already-has", "{base} already has {level} {target} on {date}",
                  "{base} đã có {level} {target} vào ngày {date}")
_IN_FORCE_HERE = _M("consolidate.label.in-force-here", "in force here", "đang có hiệu lực ở đây")
_H_USE_REPLACE = _M("consolidate.hint.use-replace", "use `replace` to give it new words, or insert under another number",
                    "dùng `replace` để thay nội dung mới, hoặc bổ sung với một số khác")
_REPEALED = _M("consolidate.repealed", "{base} {target} was repealed{by} from {ended}: it is not in force on {date}",
               "{base} {target} đã bị bãi bỏ{by} từ ngày {ended}: không còn hiệu lực vào ngày {date}")
_REPEALED_BY = _M("consolidate.repealed-by", " by {act} {citation}", " bởi {act} {citation}")
_REPEALED_BY_ACT = _M("consolidate.repealed-by-act", " by {act}", " bởi {act}")
_REPEALED_HERE = _M("consolidate.label.repealed-here", "repealed here", "bãi bỏ ở đây")
_H_INSERT_BACK = _M("consolidate.hint.insert-back", "use `insert {level} {target}` to bring it back",
                    "dùng `insert {level} {target}` để khôi phục quy định này")
_NO_SUCH = _M("consolidate.no-such", "{base} has no {level} {target} in force on {date}",
              "{base} không có {level} {target} có hiệu lực vào ngày {date}")
_H_NO_SUCH = _M("consolidate.hint.no-such", "`{op}` needs a {level} in force on the act's date; use `insert` for a new one",
                "`{op}` cần một {level} có hiệu lực vào ngày của văn bản sửa đổi; dùng `insert` cho quy định mới")
_NO_PARENT = _M("consolidate.no-parent", "{base} has no {level} {parent} on {date} to insert {target} into",
                "{base} không có {level} {parent} vào ngày {date} để bổ sung {target} vào")
_H_INSERT_FIRST = _M("consolidate.hint.insert-first", "insert the clause or article first", "bổ sung khoản hoặc điều trước")
_CAP_WHAT = _M("consolidate.cap", "the {scope} cap at {base} {citation} in {areas}",
               "mức trần {scope} tại {base} {citation} trong {areas}")
_CAP_NOT_IN_FORCE = _M("consolidate.cap-not-in-force", "{what} is not in force on {date}",
                       "{what} không có hiệu lực vào ngày {date}")
_H_CAPS = _M("consolidate.hint.caps", "{citation} has: {caps}", "{citation} có: {caps}")
_H_NO_CAP = _M("consolidate.hint.no-cap", "{base} {citation} has no session cap",
               "{base} {citation} không có mức trần số buổi làm việc")
_VALUE_SAME_DAY = _M("consolidate.value-same-day", "`{parameter}` already has a value from {date}",
                     "`{parameter}` đã có một giá trị từ ngày {date}")
_OTHER_VALUE = _M("consolidate.label.other-value", "the other value", "giá trị kia")
_H_ONE_VALUE = _M("consolidate.hint.one-value", "keep one value for the day", "chỉ giữ một giá trị cho ngày đó")
_KEY_AXES = _M("consolidate.key-axes", "table `{table}` has {axes} axes, this key has {count}",
               "bảng `{table}` có {axes} trục, khóa này có {count}")
_H_KEY_AXES = _M("consolidate.hint.key-axes", "one coordinate per axis, in the table's order",
                 "mỗi trục một tọa độ, theo thứ tự của bảng")
_OFF_AXIS = _M("consolidate.off-axis", "`{value}` is not on the `{axis}` axis of table `{table}`",
               "`{value}` không nằm trên trục `{axis}` của bảng `{table}`")
_CELL_WHAT = _M("consolidate.cell", "cell {key} of table `{table}`", "ô {key} của bảng `{table}`")
_MEMBER_FOR_A_TIME = _M("consolidate.member-for-a-time", "an id cannot be added to vocabulary `{vocabulary}` for a time",
                        "không thể bổ sung một id vào bộ từ vựng `{vocabulary}` có thời hạn")
_H_MEMBER_FOR_A_TIME = _M("consolidate.hint.member-for-a-time",
                          "cases may name it from the act's date on; a temporary rule that uses it ends with `until`",
                          "các vụ việc có thể dùng id này từ ngày văn bản có hiệu lực; quy tắc tạm thời dùng nó thì "
                          "kết thúc bằng `until`")
_MEMBER_TWICE = _M("consolidate.member-twice", "`{member}` is already in vocabulary `{vocabulary}`",
                   "`{member}` đã có trong bộ từ vựng `{vocabulary}`")
_DEFINED_HERE = _M("consolidate.label.defined-here", "defined here", "định nghĩa ở đây")
_H_NEW_IDS = _M("consolidate.hint.new-ids", "an amending act adds new ids only", "văn bản sửa đổi chỉ bổ sung id mới")
_NOT_ENTITLED = _M("consolidate.not-entitled", "{base} does not entitle `{group}` on {date}",
                   "{base} không quy định `{group}` được trợ giúp pháp lý vào ngày {date}")
_H_ADD_ELIGIBLE = _M("consolidate.hint.add-eligible", "use `add eligible {group} to article N` for a group not yet entitled",
                     "dùng `add eligible {group} to article N` cho nhóm chưa được trợ giúp pháp lý")
_ENTITLEMENT = _M("consolidate.entitlement", "the entitlement of `{group}`", "quyền được trợ giúp pháp lý của `{group}`")
_NO_ARTICLE = _M("consolidate.no-article", "{base} has no article {article} in force on {date}",
                 "{base} không có Điều {article} có hiệu lực vào ngày {date}")
_H_NO_ARTICLE = _M("consolidate.hint.no-article", "name the article of the amended instrument that lists who is entitled",
                   "nêu điều của văn bản được sửa đổi liệt kê những người được trợ giúp pháp lý")
_ALREADY_ENTITLED = _M("consolidate.already-entitled", "{base} already entitles `{group}` on {date}",
                       "{base} đã quy định `{group}` được trợ giúp pháp lý vào ngày {date}")
_ENTITLED_HERE = _M("consolidate.label.entitled-here", "entitled here", "quy định ở đây")
_H_UNCONDITIONAL = _M("consolidate.hint.unconditional", "use `change eligible {group} to unconditional` to remove its condition",
                      "dùng `change eligible {group} to unconditional` để bỏ điều kiện của nhóm này")


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
            reporter.error(codes.OP_OUTSIDE_ACT, text(_CANNOT_CHANGE, act=op.instrument),
                           op.node.span, hint=text(_H_ADD_AMENDS, act=op.instrument))
    timed: list[Timed] = []
    for act, info in program.instruments.items():
        amends = info.decl.amends
        if not amends:
            continue
        unknown = [base for base in amends if base not in program.instruments]
        for base in unknown:
            reporter.error(codes.NO_AMENDED, text(_AMENDS_UNKNOWN, act=act, base=base), info.decl.span,
                           hint=did_you_mean(base, program.instruments) or text(_H_DECLARE))
        if unknown:
            continue
        dates = program.statements(act, ast.InForce)
        if not [d for d in dates if d.citation == ""] and not dates:
            reporter.error(codes.NO_DATE, text(_NO_DATE, act=act), info.decl.span, hint=text(_H_IN_FORCE))
            continue
        _check_dates(program, reporter, act, dates)
        ops = [p for p in program.placed if p.instrument == act and isinstance(p.node, ast.AMENDMENT_OPS)]
        # The act's own date: an `in_force` outside any article, or in a provision that changes nothing
        # itself (the act's article on its entry into force); a provision's own date governs what it holds.
        own = [d for d in dates if d.citation == "" or not any(_holds(d.citation, op.citation) for op in ops)]
        for extra in own[1:]:
            reporter.error(codes.DUPLICATE_RULE, text(_DATE_TWICE, act=act, first=own[0].citation or text(_THE_ACT),
                                                       second=extra.citation or text(_THE_ACT)), extra.node.span,
                           secondary=[note(own[0].node.span, text(_FIRST_SAID))], hint=text(_H_OWN_DATE))
        # A transitional provision governs the changes of the provision it stands in; written where no
        # change is (the act's article on transition), it governs every change of the act.
        keeps = program.statements(act, ast.KeepsOldRules)
        own_keeps = [k for k in keeps if k.citation == "" or not any(_holds(k.citation, op.citation) for op in ops)]
        for second in own_keeps[1:]:
            reporter.error(codes.DUPLICATE_RULE, text(_TWO_TRANSITIONS, act=act, first=own_keeps[0].citation or text(_THE_ACT),
                                                       second=second.citation or text(_THE_ACT)), second.node.span,
                           secondary=[note(own_keeps[0].node.span, text(_FIRST_SAID))], hint=text(_H_ONE_TRANSITION))
        for op in ops:
            enclosing = _scoped(program, act, ast.InForce, op.citation)
            when = enclosing if enclosing is not None and _holds(enclosing.citation, op.citation) else (own[0] if own else None)
            held = _scoped(program, act, ast.KeepsOldRules, op.citation)
            transition = held if held is not None and _holds(held.citation, op.citation) else (own_keeps[0] if own_keeps else None)
            if when is None:
                reporter.error(codes.NO_DATE, text(_CHANGE_UNDATED, where=f"{act} {op.citation}".strip()),
                               op.node.span, hint=text(_H_CHANGE_DATE))
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
            reporter.error(codes.BAD_PERIOD, text(_BAD_PERIOD, start=str(node.date), until=str(node.until)), node.span,
                           hint=text(_H_UNTIL))
        for base in decl.amends:
            base_dates = [d.node.date for d in program.statements(base, ast.InForce) if not d.period.by]
            if base_dates and node.date < min(base_dates):
                reporter.error(codes.BEFORE_BASE, text(_BEFORE_BASE, act=act, date=str(node.date), base=base,
                                                        base_date=str(min(base_dates))),
                               node.span, hint=text(_H_BEFORE_BASE, base=base))
        if decl.signed is not None and node.date < decl.signed:
            last = decl.signed - _DAY
            reporter.warning(codes.RETROACTIVE, text(_RETROACTIVE, act=act, date=str(node.date), signed=str(decl.signed),
                                                      last=str(last)), node.span, hint=text(_H_RETROACTIVE))
    firsts: dict[str, Placed[ast.InForce]] = {}
    for placed in dates:
        if placed.citation in firsts:
            reporter.error(codes.DUPLICATE_RULE, text(_ALREADY_SAID, act=act, citation=placed.citation or text(_THE_WHOLE_ACT)),
                           placed.node.span, secondary=[note(firsts[placed.citation].node.span, text(_FIRST_SAID))],
                           hint=text(_H_ONE_IN_FORCE))
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
            belongs = (text(_BELONGS_TO if owner in program.instruments else _BELONGS_UNDECLARED, owner=owner)
                       if owner else text(_BELONGS_NONE))
            reporter.error(codes.NOT_OWNER, text(_NOT_OWNER, kind=text(_KIND[kind]), name=name, belongs=belongs, act=act),
                           node.span, hint=text(_H_NOT_OWNER, amends=", ".join(amends)))
            return None
        return owner
    if named is not None:
        return named.node.instrument if named.node.instrument in amends else None   # else reported by resolve
    if len(amends) == 1:
        return amends[0]
    reporter.error(codes.WHICH_INSTRUMENT, text(_WHICH, act=act, amends=", ".join(amends)), node.span, hint=text(_H_WHICH))
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
            reporter.error(codes.CONFLICT, text(_TRANSITIONS_CONFLICT, base=item.base, date=str(start), first=other.node.which.value,
                                                 second=item.keeps.node.which.value), item.keeps.node.span,
                           secondary=[note(other.node.span, text(_OTHER_TRANSITION))], hint=text(_H_ONE_A_DAY))
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
    def claim(self, key: tuple, what: Arg, span) -> bool:
        """Record that this operation changes `key` on its date; a second change the same day conflicts."""
        key = (self.date, *key)
        first = self.touched.get(key)
        if first is not None and first is not self.op:
            self._conflict(first, what, span)
            return False
        self.touched[key] = self.op
        return True

    def _conflict(self, first: Placed[ast.Node], what: Arg, span) -> None:
        self.reporter.error(codes.CONFLICT, text(_CHANGED_TWICE, what=what, date=str(self.date), first=first.instrument,
                                                 first_citation=first.citation, second=self.op.instrument,
                                                 second_citation=self.op.citation), span,
                            secondary=[note(first.node.span, text(_OTHER_CHANGE))], hint=text(_H_LATER_PREVAILS))

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
            self.reporter.error(codes.ALREADY_IN_FORCE, text(_ALREADY_HAS, base=self.base, level=_level(level), target=target,
                                                             date=str(self.date)),
                                node.target_span, secondary=[note(existing.node.span, text(_IN_FORCE_HERE))],
                                hint=text(_H_USE_REPLACE))
            return []
        if node.op != "insert" and existing is None:
            ended = [p for p in info.history if p.citation == target and p.period.end is not None and p.period.end < self.date]
            if ended:   # it was in force once: say who ended it and when
                last = max(ended, key=lambda p: p.period.end or self.date)
                by = last.period.ended_by
                who: Arg = ("" if by is None else text(_REPEALED_BY, act=by.instrument, citation=by.citation)
                            if by.citation else text(_REPEALED_BY_ACT, act=by.instrument))
                self.reporter.error(codes.NOT_IN_FORCE, text(_REPEALED, base=self.base, target=target, by=who,
                                                             ended=str((last.period.end or self.date) + _DAY),
                                                             date=str(self.date)),
                                    node.target_span, secondary=[note(by.node.span, text(_REPEALED_HERE))] if by else [],
                                    hint=text(_H_INSERT_BACK, level=level, target=target))
                return []
            known = [p.citation for p in info.history if p.period.on(self.date) and p.node.level == level]
            self.reporter.error(codes.NOT_IN_FORCE, text(_NO_SUCH, base=self.base, level=_level(level), target=target,
                                                         date=str(self.date)),
                                node.target_span, hint=did_you_mean(target, known)
                                or text(_H_NO_SUCH, op=node.op, level=_level(level)))
            return []
        parent = target.rsplit(".", 1)[0] if "." in target else None
        if node.op == "insert" and parent is not None and not self.in_base(parent):
            self.reporter.error(codes.NOT_IN_FORCE, text(_NO_PARENT, base=self.base,
                                                         level=_level("clause" if level == "point" else "article"),
                                                         parent=parent, date=str(self.date), target=target),
                                node.target_span, hint=text(_H_INSERT_FIRST))
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
        what = text(_CAP_WHAT, scope=node.scope.value, base=self.base, citation=citation, areas=", ".join(sorted(areas)))
        if not match:
            written = "; ".join(f"cap {p.node.scope.value} {p.node.limit} sessions in {', '.join(a.value for a in p.node.areas)}"
                                for _, p in caps)
            self.reporter.error(codes.NOT_IN_FORCE, text(_CAP_NOT_IN_FORCE, what=what, date=str(self.date)), node.citation.span,
                                hint=text(_H_CAPS, citation=citation, caps=written) if written
                                else text(_H_NO_CAP, base=self.base, citation=citation))
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
            self.reporter.error(codes.CONFLICT, text(_VALUE_SAME_DAY, parameter=parameter.id.value, date=str(self.date)),
                                node.span, secondary=[note(same_day.span, text(_OTHER_VALUE))], hint=text(_H_ONE_VALUE))
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
            self.reporter.error(codes.CELL_KEY_SHAPE, text(_KEY_AXES, table=table.id.value, axes=str(len(table.axes)),
                                                           count=str(len(node.key))), node.span, hint=text(_H_KEY_AXES))
            return []
        coords: list[tuple[str, ...]] = []
        for coord, axis in zip(node.key, table.axes, strict=True):
            values = [v.value for v in axis.values]
            for name in coord.values:
                if name.value not in values:
                    self.reporter.error(codes.CELL_OUTSIDE_AXES, text(_OFF_AXIS, value=name.value, axis=axis.vocabulary.value,
                                                                     table=table.id.value), name.span,
                                        hint=did_you_mean(name.value, values) or one_of(values))
                    return []
            coords.append(tuple(sorted((n.value for n in coord.values), key=values.index)))
        key = tuple(coords)
        shown = "[" + ", ".join("+".join(k) for k in key) + "]"
        if not self.claim(("cell", table.id.value, key), text(_CELL_WHAT, key=shown, table=table.id.value), node.span):
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
            self.reporter.error(codes.BAD_PERIOD, text(_MEMBER_FOR_A_TIME, vocabulary=vocabulary.id.value),
                                node.span, hint=text(_H_MEMBER_FOR_A_TIME))
            return []
        ident = node.member.id.value
        first = next((m for m in vocabulary.members if m.id.value == ident), None)
        if first is not None:
            self.reporter.error(codes.DUPLICATE_NAME, text(_MEMBER_TWICE, member=ident, vocabulary=vocabulary.id.value),
                                node.member.id.span, secondary=[note(first.span, text(_DEFINED_HERE))],
                                hint=text(_H_NEW_IDS))
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
            self.reporter.error(codes.NOT_IN_FORCE, text(_NOT_ENTITLED, base=self.base, group=group, date=str(self.date)),
                                node.group.span, hint=text(_H_ADD_ELIGIBLE, group=group))
            return []
        if not self.claim(("eligible", self.base, group), text(_ENTITLEMENT, group=group), node.span):
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
            self.reporter.error(codes.NOT_IN_FORCE, text(_NO_ARTICLE, base=self.base, article=node.article, date=str(self.date)),
                                node.article_span, hint=text(_H_NO_ARTICLE))
            return []
        existing = self._eligible_in_force(group)
        if existing:
            self.reporter.error(codes.ALREADY_IN_FORCE, text(_ALREADY_ENTITLED, base=self.base, group=group, date=str(self.date)),
                                node.group.span, secondary=[note(existing[0][1].node.span, text(_ENTITLED_HERE))],
                                hint=text(_H_UNCONDITIONAL, group=group))
            return []
        if not self.claim(("eligible", self.base, group), text(_ENTITLEMENT, group=group), node.span):
            return []
        new = Placed(ast.Eligible(group=node.group, condition=node.condition, provenance=node.provenance, span=node.span),
                     self.base, node.article, self.op.file, self.period)
        self.program.placed.append(new)
        return [new]


def _level(level: str) -> Arg:
    return text(_LEVEL[level]) if level in _LEVEL else level


def _cell_key(cell: ast.Cell, table: ast.Table) -> tuple[tuple[str, ...], ...]:
    """A written cell's key in axis order, as op_ChangeCell keys a change."""
    return tuple(tuple(sorted((n.value for n in coord.values), key=[v.value for v in axis.values].index))
                 for coord, axis in zip(cell.key, table.axes, strict=False))
