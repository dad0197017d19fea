"""Pass 4: semantic checks on the resolved program.

Each check is a function `check_<what>(program, ctx)` listed in `CHECKS`, in the order their
diagnostics make most sense to read. Checks only report; they never change the program.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ast, codes, fidelity
from .diagnostics import Reporter, define, note, text
from .official import OfficialText
from .resolve import Placed, Program

# -- messages, in English and Vietnamese (diagnostics.py's catalog) ----------------------------

_M = define
_NO_LONGER_ACTIVITY = _M(
    "checks.no-longer-activity",
    "{instrument} {point} is no longer an activity from {date} ({act} {act_citation}), but {citation} still says who certifies it",
    "{instrument} {point} không còn là hoạt động kể từ ngày {date} ({act} {act_citation}), nhưng {citation} vẫn quy định "
    "người xác nhận hoạt động đó")
_WHO_CERTIFIES = _M("checks.label.who-certifies", "who certifies it", "người xác nhận hoạt động đó")
_H_REPEAL_TOO = _M("checks.hint.repeal-too", "in the act, repeal or replace {instrument} {citation} too, on the same date",
                   "trong văn bản sửa đổi, bãi bỏ hoặc thay thế cả {instrument} {citation}, với cùng ngày có hiệu lực")
_NOT_ACTIVITY = _M("checks.not-activity", "{instrument} {point} is not an activity, so it has no certifier",
                   "{instrument} {point} không phải là hoạt động, nên không có người xác nhận")
_H_ADD_ACTIVITY = _M("checks.hint.add-activity", "add `activity in ...` to point {point}, or cite another point",
                     "thêm `activity in ...` vào điểm {point}, hoặc trích dẫn một điểm khác")
_CERTIFIED_TWICE = _M("checks.certified-twice", "who certifies {point} is already said at {citation}",
                      "người xác nhận {point} đã được quy định tại {citation}")
_FIRST_SAID = _M("checks.label.first-said", "first said here", "quy định lần đầu ở đây")
_H_ONE_CERTIFY = _M("checks.hint.one-certify", "list all the roles in one `certify` statement",
                    "liệt kê mọi vai trò trong một câu lệnh `certify`")
_UNCERTIFIED = _M("checks.uncertified", "no one may certify activity {point}", "không ai được xác nhận hoạt động {point}")
_H_ADD_CERTIFY = _M("checks.hint.add-certify", "add `certify {point} by ROLE` where the instrument says who certifies it",
                    "thêm `certify {point} by ROLE` tại quy định của văn bản nêu người xác nhận hoạt động đó")
_KEY_SHAPE = _M("checks.cell-key-shape", "a cell of `{table}` needs {axes} coordinates, this one has {count}",
                "một ô của `{table}` cần {axes} tọa độ, ô này có {count}")
_H_KEY_SHAPE = _M("checks.hint.cell-key-shape", "write one value per axis: {axes}", "viết một giá trị cho mỗi trục: {axes}")
_OFF_AXIS = _M("checks.cell-outside-axes", "`{value}` is not on the `{axis}` axis of `{table}`",
               "`{value}` không nằm trên trục `{axis}` của `{table}`")
_H_OFF_AXIS = _M("checks.hint.cell-outside-axes", "the axis has: {values}", "trục này gồm: {values}")
_CELL_TWICE = _M("checks.cell-twice", "this cell of `{table}` is written twice", "ô này của `{table}` được viết hai lần")
_FIRST_WRITTEN = _M("checks.label.first-written", "first written here", "viết lần đầu ở đây")
_UNTIL_BEFORE = _M("checks.until-before-start", "`{parameter}`: in force until {until}, before it starts on {start}",
                   "`{parameter}`: có hiệu lực đến ngày {until}, trước ngày bắt đầu {start}")
_SHARE_ABOVE = _M("checks.share-above-100", "`{parameter}`: a share of {value}% is above 100%",
                  "`{parameter}`: tỷ lệ {value}% lớn hơn 100%")
_TWO_VALUES = _M("checks.two-values", "`{parameter}` has two values in force on {date}",
                 "`{parameter}` có hai giá trị cùng có hiệu lực vào ngày {date}")
_OTHER_VALUE = _M("checks.label.other-value", "the other value", "giá trị kia")
_H_END_EARLIER = _M("checks.hint.end-earlier", "end the earlier value the day before, or remove one",
                    "cho giá trị trước kết thúc vào ngày hôm trước, hoặc bỏ một giá trị")
_NO_VALUE = _M("checks.no-value", "`{parameter}` has no value from {start} to {end}",
               "`{parameter}` không có giá trị nào từ ngày {start} đến ngày {end}")
_VALUE_ENDS = _M("checks.label.value-ends", "this value ends on {date}", "giá trị này kết thúc vào ngày {date}")
_H_EXTEND = _M("checks.hint.extend", "extend the earlier value, or add one for the days between",
               "kéo dài giá trị trước, hoặc thêm một giá trị cho những ngày ở giữa")
_REMAINDER_ALONE = _M("checks.remainder-alone", "`remainder` rules without `session_hours`",
                      "có quy tắc `remainder` nhưng không có `session_hours`")
_H_SESSION_HOURS = _M("checks.hint.session-hours", "say how many hours make a session, e.g. `session_hours 4`",
                      "nêu một buổi làm việc gồm bao nhiêu giờ, ví dụ `session_hours 4`")
_ZERO_SESSION = _M("checks.zero-session", "a session must last more than 0 hours", "một buổi làm việc phải dài hơn 0 giờ")
_SHORT_DAY = _M("checks.short-day", "a day of {day} hours is shorter than a session of {session}",
                "một ngày {day} giờ ngắn hơn một buổi làm việc {session} giờ")
_H_SHORT_DAY = _M("checks.hint.short-day", "a day limit is at least the hours of one session",
                  "giới hạn một ngày ít nhất bằng số giờ của một buổi làm việc")
_NO_BAND = _M("checks.no-band", "no rule says how a remainder of {lower} to {upper} hours counts",
              "không quy tắc nào nói phần dư từ {lower} đến {upper} giờ được tính thế nào")
_SEVERAL_BANDS = _M("checks.several-bands", "several rules say how a remainder of {lower} to {upper} hours counts",
                    "nhiều quy tắc cùng nói phần dư từ {lower} đến {upper} giờ được tính thế nào")
_H_BANDS = _M("checks.hint.bands", "the `remainder under`/`remainder from` rules must cover every remainder exactly once",
              "các quy tắc `remainder under`/`remainder from` phải bao quát mỗi phần dư đúng một lần")
_ALREADY_SAID = _M("checks.already-said", "this is already said at {instrument} {citation}",
                   "điều này đã được quy định tại {instrument} {citation}")
_H_KEEP_ONE = _M("checks.hint.keep-one", "keep one of the two statements", "giữ lại một trong hai câu lệnh")
_NO_RULE = _M("checks.validator-needs", "instrument {instrument} has validators but no `{keyword}` rule",
              "văn bản {instrument} có trình kiểm tra nhưng không có quy tắc `{keyword}`")
_H_ADD_RULE = _M("checks.hint.validator-needs", "add `{example}` in the provision that says it",
                 "thêm `{example}` vào quy định nêu nội dung đó")
_UNIT = _M("checks.unit", "unit `{unit}` names no parameter `{parameter}`", "đơn vị `{unit}` không chỉ tham số `{parameter}` nào")
_H_UNIT = _M("checks.hint.unit", "a unit NAME_multiple means a multiple of parameter NAME",
             "đơn vị NAME_multiple nghĩa là bội số của tham số NAME")
_NO_EXAMPLE = _M("checks.example-missing", "worked example `{path}` does not exist",
                 "ví dụ minh họa `{path}` không tồn tại")
_H_EXAMPLE = _M("checks.hint.example-missing", "the path is read from the rule file's folder: {folder}/",
                "đường dẫn được tính từ thư mục của tệp quy tắc: {folder}/")
_PENDING = _M("checks.pending", "{instrument} {citation} is pending: {reason}", "{instrument} {citation} còn chờ: {reason}")
_TEXT_KIND = {"title": _M("checks.text-kind.title", "title", "tiêu đề"),
              "text": _M("checks.text-kind.text", "text", "nội dung")}
_TEXT_PENDING = _M("checks.text-pending", "the `{lang}` {kind} of {instrument} {citation} is pending: {reason}",
                   "{kind} `{lang}` của {instrument} {citation} còn chờ: {reason}")
_TABLE_PENDING = _M("checks.table-pending", "table `{table}`: {pending} of {total} cells are pending{extra}",
                    "bảng `{table}`: {pending} trên {total} ô còn chờ{extra}")
_COMBINED = _M("checks.combined-known", "{count} combined value{s} known", "đã biết {count} giá trị gộp")
_SET_BY_ACTS = _M("checks.set-by-acts", "{count} set by amending acts", "{count} ô do văn bản sửa đổi quy định")
_NOTES = _M("checks.notes", " ({notes})", " ({notes})")
_AND = _M("checks.and", "{first}, {second}", "{first}, {second}")
_NO_TRANSLATION = _M("checks.missing-translation",
                     "{count} texts of {instrument} have no Vietnamese version (first at {file}:{line})",
                     "{count} đoạn văn của {instrument} chưa có bản tiếng Việt (đoạn đầu tiên tại {file}:{line})")
_NO_TRANSLATION_1 = _M("checks.missing-translation-1",
                       "{count} text of {instrument} has no Vietnamese version (first at {file}:{line})",
                       "{count} đoạn văn của {instrument} chưa có bản tiếng Việt (tại {file}:{line})")
_H_TRANSLATION = _M("checks.hint.missing-translation", 'add `text vi "..."` (or `title vi`) beside the English text',
                    'thêm `text vi "..."` (hoặc `title vi`) bên cạnh đoạn văn tiếng Anh')


@dataclass(frozen=True)
class Context:
    reporter: Reporter
    base: Path | None   # the folder rule-file names are relative to; None: do not touch the disk
    official: dict[str, tuple[OfficialText, ...]]   # instrument -> its official texts, as read


def run(program: Program, reporter: Reporter, base: Path | None,
        official: dict[str, tuple[OfficialText, ...]] | None = None) -> None:
    ctx = Context(reporter, base, official or {})
    for check in CHECKS:
        check(program, ctx)


# -- activities and certifiers ----------------------------------------------------------

def check_certifiers(program: Program, ctx: Context) -> None:
    """Every activity has certifiers and every certified point is an activity, in each version of
    the rules (an amending act may add an activity, or end the rule that certified one)."""
    reported: set[tuple] = set()

    def error(code, message, span, **more) -> None:
        if (code.code, span) not in reported:
            reported.add((code.code, span))
            ctx.reporter.error(code, message, span, **more)

    for instrument in program.instruments:
        for date in program.version_dates([instrument]):
            _check_certifiers_on(program, instrument, date, error)


def _ended_activity(program: Program, instrument: str, citation: str, date) -> Placed[ast.Node] | None:
    """The amending operation that ended the activity at `citation` the day before `date`, if one did."""
    if date is None:
        return None
    ended = [p for p in program.statements(instrument, ast.Activity) if p.citation == citation
             and p.period.ended_by is not None and p.period.end is not None and p.period.end < date]
    return max(ended, key=lambda p: p.period.end or datetime.date.min).period.ended_by if ended else None


def _check_certifiers_on(program: Program, instrument: str, date, error) -> None:
    activities = {p.citation: p for p in program.statements(instrument, ast.Activity, on=date)}
    certified: dict[str, Placed[ast.Certify]] = {}
    for placed in program.statements(instrument, ast.Certify, on=date):
        for citation in placed.node.activities:
            key = str(citation)
            if key not in activities and key in program.instruments[instrument].provisions:
                ended = _ended_activity(program, instrument, key, date)
                if ended is not None:   # an act took the activity away and left who certifies it: the act must say
                    error(codes.CERTIFY_NOT_ACTIVITY, text(_NO_LONGER_ACTIVITY, instrument=instrument, point=key, date=str(date),
                                                             act=ended.instrument, act_citation=ended.citation,
                                                             citation=placed.citation),
                          ended.node.span, secondary=[note(citation.span, text(_WHO_CERTIFIES))],
                          hint=text(_H_REPEAL_TOO, instrument=instrument, citation=placed.citation))
                else:
                    error(codes.CERTIFY_NOT_ACTIVITY, text(_NOT_ACTIVITY, instrument=instrument, point=key),
                          citation.span, hint=text(_H_ADD_ACTIVITY, point=key))
            if key in certified:
                error(codes.DUPLICATE_RULE, text(_CERTIFIED_TWICE, point=key, citation=certified[key].citation),
                      citation.span, secondary=[note(certified[key].node.span, text(_FIRST_SAID))],
                      hint=text(_H_ONE_CERTIFY))
            else:
                certified[key] = placed
    for point, activity in activities.items():
        if point not in certified:
            error(codes.UNCERTIFIED_ACTIVITY, text(_UNCERTIFIED, point=point), activity.node.span,
                  hint=text(_H_ADD_CERTIFY, point=point))


# -- tables -----------------------------------------------------------------------------

def check_tables(program: Program, ctx: Context) -> None:
    for table in program.tables.values():
        axes = [{v.value for v in axis.values} for axis in table.axes]
        seen: dict[tuple, ast.Cell] = {}
        for cell in table.cells:
            if len(cell.key) != len(axes):
                ctx.reporter.error(codes.CELL_KEY_SHAPE, text(_KEY_SHAPE, table=table.id.value, axes=str(len(axes)),
                                                              count=str(len(cell.key))),
                                   cell.span, hint=text(_H_KEY_SHAPE, axes=", ".join(a.vocabulary.value for a in table.axes)))
                continue
            outside = [(v, a) for coord, allowed, a in zip(cell.key, axes, table.axes, strict=True) for v in coord.values if v.value not in allowed]
            for value, axis in outside:
                ctx.reporter.error(codes.CELL_OUTSIDE_AXES, text(_OFF_AXIS, value=value.value, axis=axis.vocabulary.value,
                                                                 table=table.id.value),
                                   value.span, hint=text(_H_OFF_AXIS, values=", ".join(v.value for v in axis.values)))
            if outside:
                continue
            key = tuple(frozenset(v.value for v in coord.values) for coord in cell.key)
            if key in seen:
                ctx.reporter.error(codes.DUPLICATE_CELL, text(_CELL_TWICE, table=table.id.value), cell.span,
                                   secondary=[note(seen[key].span, text(_FIRST_WRITTEN))])
            else:
                seen[key] = cell


# -- parameters: dated values -----------------------------------------------------------

def check_parameter_dates(program: Program, ctx: Context) -> None:
    for parameter in program.parameters.values():
        values = sorted(parameter.values, key=lambda v: v.start)
        for value in values:
            if value.until is not None and value.until < value.start:
                ctx.reporter.error(codes.BAD_VALUE, text(_UNTIL_BEFORE, parameter=parameter.id.value, until=str(value.until),
                                                         start=str(value.start)), value.span)
            if value.percent and value.value > 100:
                ctx.reporter.error(codes.BAD_VALUE, text(_SHARE_ABOVE, parameter=parameter.id.value, value=str(value.value)),
                                   value.span)
        for before, after in zip(values, values[1:], strict=False):
            if after.start == before.start or (before.until is not None and after.start <= before.until):
                ctx.reporter.error(codes.DATE_OVERLAP, text(_TWO_VALUES, parameter=parameter.id.value, date=str(after.start)),
                                   after.span, secondary=[note(before.span, text(_OTHER_VALUE))],
                                   hint=text(_H_END_EARLIER))
            elif before.until is not None and after.start > before.until + datetime.timedelta(days=1):
                first_gap = before.until + datetime.timedelta(days=1)
                ctx.reporter.error(codes.DATE_GAP,
                                   text(_NO_VALUE, parameter=parameter.id.value, start=str(first_gap),
                                        end=str(after.start - datetime.timedelta(days=1))),
                                   after.span, secondary=[note(before.span, text(_VALUE_ENDS, date=str(before.until)))],
                                   hint=text(_H_EXTEND))


# -- the session rule -------------------------------------------------------------------

def check_session_rule(program: Program, ctx: Context) -> None:
    for instrument in program.instruments:
        hours = program.statements(instrument, ast.SessionHours)
        remainders = program.statements(instrument, ast.Remainder)
        if not hours:
            if remainders:
                ctx.reporter.error(codes.MISSING_RULE, text(_REMAINDER_ALONE), remainders[0].node.span,
                                   hint=text(_H_SESSION_HOURS))
            continue
        length = hours[0].node.hours
        if length <= 0:
            ctx.reporter.error(codes.BAD_VALUE, text(_ZERO_SESSION), hours[0].node.span)
            continue
        for day in program.statements(instrument, ast.DayLimit):
            if day.node.hours < length:
                ctx.reporter.error(codes.BAD_VALUE, text(_SHORT_DAY, day=_fmt(day.node.hours), session=_fmt(length)),
                                   day.node.span, hint=text(_H_SHORT_DAY))
        session_bands(length, remainders, ctx.reporter, hours[0])


def session_bands(length: Decimal, remainders: list[Placed[ast.Remainder]], reporter: Reporter,
                  anchor: Placed[ast.Node]) -> list[tuple[Decimal, Decimal, Decimal, Placed[ast.Remainder]]]:
    """The remainder rules as (lower, upper, counts, placed) bands covering (0, length) once.

    `under T` holds for a rest below T, `from T` for a rest of T or more. The hours between
    consecutive thresholds must each be covered by exactly one rule, or it is an error."""
    bounds = sorted({Decimal(0), length, *(p.node.hours for p in remainders if 0 < p.node.hours < length)})
    bands: list[tuple[Decimal, Decimal, Decimal, Placed[ast.Remainder]]] = []
    for lower, upper in zip(bounds, bounds[1:], strict=False):
        covering = [p for p in remainders
                    if (p.node.op == "under" and upper <= p.node.hours) or (p.node.op == "from" and lower >= p.node.hours)]
        if len(covering) != 1:
            span = covering[1].node.span if len(covering) > 1 else anchor.node.span
            reporter.error(codes.SESSION_BANDS, text(_SEVERAL_BANDS if covering else _NO_BAND, lower=_fmt(lower),
                                                     upper=_fmt(upper)),
                           span, hint=text(_H_BANDS))
            return []
        if bands and bands[-1][3] is covering[0]:
            bands[-1] = (bands[-1][0], upper, bands[-1][2], covering[0])
        else:
            bands.append((lower, upper, covering[0].node.counts, covering[0]))
    return bands


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


# -- rules said twice -----------------------------------------------------------------

# Statement kinds that may appear once per instrument, or once per key. Each function is given a
# node of its own kind (Any: a dict cannot say that).
_ONCE: dict[type, Callable[[Any], tuple]] = {
    ast.InForce: lambda n: (),
    ast.Scope: lambda n: (),
    ast.SessionHours: lambda n: (),
    ast.HoursAdded: lambda n: (),
    ast.DayLimit: lambda n: (),
    ast.Ties: lambda n: (),
    ast.BeforeInForce: lambda n: (),
    ast.Method: lambda n: (n.method.value,),
    ast.FixedTimeChosen: lambda n: (),
    ast.FixedTimeLevel: lambda n: (),
    ast.FixedTimeStages: lambda n: (),
    ast.FixedTimeCeiling: lambda n: (),
    ast.FixedTimeShared: lambda n: (),
    ast.FixedTimeMultiplier: lambda n: (n.when.value,),
}
_PER_AREA: dict[type, Callable[[Any], tuple]] = {
    ast.CapSessions: lambda n: (n.scope.value,),
    ast.SessionRate: lambda n: (n.kind.value,),
    ast.FixedTimeTable: lambda n: (),
    ast.FixedTimeFloor: lambda n: (),
}


def check_duplicate_rules(program: Program, ctx: Context) -> None:
    for instrument in program.instruments:
        seen: dict[tuple, Placed[ast.Node]] = {}
        for placed in program.placed:
            if placed.instrument != instrument:
                continue
            node: Any = placed.node   # of a kind in _ONCE or _PER_AREA (they say which fields it has), or skipped
            kind = type(node)
            if kind is ast.InForce and program.instruments[instrument].decl.amends:
                continue   # an act's dates, one per provision: consolidate.py checks them
            if kind in _ONCE:
                keys = [(kind, *_ONCE[kind](node))]
            elif kind in _PER_AREA:
                keys = [(kind, *_PER_AREA[kind](node), a.value) for a in node.areas]
            else:
                continue
            for key in keys:
                if key in seen and seen[key].period.overlaps(placed.period):
                    ctx.reporter.error(codes.DUPLICATE_RULE, text(_ALREADY_SAID, instrument=instrument, citation=seen[key].citation),
                                       placed.node.span, secondary=[note(seen[key].node.span, text(_FIRST_SAID))],
                                       hint=text(_H_KEEP_ONE))
                else:
                    seen[key] = placed


# -- what a validator needs -------------------------------------------------------------

def check_validator_needs(program: Program, ctx: Context) -> None:
    for instrument, info in program.instruments.items():
        if info.decl.module is None:
            continue
        needed = [(ast.InForce, "in_force DATE"), (ast.Method, "method ... for ..."), (ast.Scope, "scope FORM, ..."),
                  (ast.SessionHours, "session_hours HOURS")]
        for kind, example in needed:
            if not program.statements(instrument, kind):
                ctx.reporter.error(codes.MISSING_RULE, text(_NO_RULE, instrument=instrument, keyword=example.split()[0]),
                                   info.decl.span, hint=text(_H_ADD_RULE, example=example))
        for parameter in program.parameters.values():
            unit = parameter.unit.value if parameter.unit else ""
            if parameter.unit is not None and unit.endswith("_multiple") and unit[: -len("_multiple")] not in program.parameters:
                ctx.reporter.error(codes.UNKNOWN_NAME, text(_UNIT, unit=unit, parameter=unit[:-len("_multiple")]),
                                   parameter.unit.span, hint=text(_H_UNIT))


# -- worked examples ------------------------------------------------------------------

def check_examples(program: Program, ctx: Context) -> None:
    if ctx.base is None:
        return
    for placed in program.provision_items:
        if isinstance(placed.node, ast.Example):
            path = ctx.base / Path(placed.file).parent / placed.node.path
            if not path.is_file():
                ctx.reporter.error(codes.EXAMPLE_MISSING, text(_NO_EXAMPLE, path=str(placed.node.path)), placed.node.span,
                                   hint=text(_H_EXAMPLE, folder=str(Path(placed.file).parent)))


# -- pending values (warnings) ----------------------------------------------------------

def check_pending(program: Program, ctx: Context) -> None:
    for placed in program.provision_items:
        if isinstance(placed.node, ast.Pending):
            ctx.reporter.warning(codes.PENDING, text(_PENDING, instrument=placed.instrument, citation=placed.citation,
                                                     reason=placed.node.reason), placed.node.span)
        elif isinstance(placed.node, ast.LangText) and placed.node.pending is not None:
            ctx.reporter.warning(codes.PENDING, text(_TEXT_PENDING, lang=placed.node.lang, kind=_text_kind(placed.node.kind),
                                                     instrument=placed.instrument, citation=placed.citation,
                                                     reason=placed.node.pending), placed.node.span)
    for table in program.tables.values():
        total = 1
        for axis in table.axes:
            total *= len(axis.values)
        # The table as last amended: each cell an act sets, as the latest act leaves it.
        written = {_key(c, table): c for c in table.cells if _on_axes(c, table)}
        by_acts = sorted(program.cell_changes.get(table.id.value, ()), key=lambda c: c.period.start or datetime.date.min)
        latest = {change.key: change.cell for change in by_acts}
        cells = {**written, **latest}
        known = {key for key, c in cells.items() if c.value is not None and all(len(coord) == 1 for coord in key)}
        pending = total - len(known)
        combined = sum(1 for key, c in cells.items() if c.value is not None and any(len(coord) > 1 for coord in key))
        set_by_acts = sum(1 for c in latest.values() if c.value is not None)
        if pending:
            notes = [text(_COMBINED, count=str(combined), s="s" * (combined != 1))] if combined else []
            notes += [text(_SET_BY_ACTS, count=str(set_by_acts))] if set_by_acts else []
            joined = text(_AND, first=notes[0], second=notes[1]) if len(notes) == 2 else notes[0] if notes else None
            ctx.reporter.warning(codes.PENDING, text(_TABLE_PENDING, table=table.id.value, pending=str(pending),
                                                     total=str(total), extra=text(_NOTES, notes=joined) if joined else ""),
                                 table.id.span)


def _text_kind(kind: str):
    return text(_TEXT_KIND[kind]) if kind in _TEXT_KIND else kind


def _key(cell: ast.Cell, table: ast.Table) -> tuple[tuple[str, ...], ...]:
    """A cell's key in axis order, as an amending act's change of it is keyed (consolidate.py)."""
    return tuple(tuple(sorted((n.value for n in coord.values), key=[v.value for v in axis.values].index))
                 for coord, axis in zip(cell.key, table.axes, strict=True))


def _on_axes(cell: ast.Cell, table: ast.Table) -> bool:
    """A cell with one coordinate per axis, each value on its axis (others are reported elsewhere)."""
    return len(cell.key) == len(table.axes) and all(
        v.value in {a.value for a in axis.values} for coord, axis in zip(cell.key, table.axes, strict=True) for v in coord.values)


# -- missing translations (warnings) ----------------------------------------------------

def check_translations(program: Program, ctx: Context) -> None:
    """One warning per instrument counting its texts of the law with no Vietnamese version.

    The law's texts are the titles and texts of the instrument and its provisions (not the rule
    authors' notes or interpretations). The n-th English text of a kind in a provision pairs with
    the n-th Vietnamese one, as the docs show them; an English text without a partner counts."""
    for instrument, info in program.instruments.items():
        groups = [[t for t in info.decl.texts if t.kind == "title"], list(info.decl.issued_by)]
        for provision in info.provisions.values():
            texts = [t for t in provision.node.items if isinstance(t, ast.LangText)]
            groups += [[t for t in texts if t.kind == kind] for kind in ("title", "text")]
        missing = []
        for group in groups:
            english = [t for t in group if t.lang == "en"]
            missing += english[sum(1 for t in group if t.lang == "vi"):]
        if missing:
            first = min(missing, key=lambda t: (t.span.file, t.span.start))
            ctx.reporter.warning(codes.MISSING_TRANSLATION,
                                 text(_NO_TRANSLATION if len(missing) != 1 else _NO_TRANSLATION_1, count=str(len(missing)),
                                      instrument=instrument, file=first.span.file, line=str(first.span.line)), first.span,
                                 hint=text(_H_TRANSLATION))


# -- the official text ----------------------------------------------------------------

def check_fidelity(program: Program, ctx: Context) -> None:
    """The rule files quote the official text word for word and leave none of it out (fidelity.py)."""
    fidelity.check(program, ctx.official, ctx.reporter)


CHECKS: tuple[Callable[[Program, Context], None], ...] = (
    check_certifiers,
    check_tables,
    check_parameter_dates,
    check_session_rule,
    check_duplicate_rules,
    check_validator_needs,
    check_examples,
    check_pending,
    check_translations,
    check_fidelity,
)
