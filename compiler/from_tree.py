"""Pass 2: Lark parse tree -> surface AST (`ast.py`), one file at a time.

A thin Transformer: one method per grammar rule or alias, each building one AST node with the
span of what it matched. Tokens become str / int / Decimal / date, never Lark tokens. A rule
without a method is a compiler bug (`__default__` raises) rather than a stray Tree in the AST.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal

from lark import Token, Transformer, Tree, v_args
from lark.exceptions import VisitError

from . import ast, codes
from .diagnostics import InternalError, Reporter, define, text
from .source import SourceFile, Span

_BAD_ESCAPE = define("syntax.bad-escape", "unknown escape `\\{char}` in a string",
                     "ký tự thoát `\\{char}` không hợp lệ trong chuỗi")
_H_ESCAPES = define("syntax.hint.escapes", 'write \\" for a quote and \\\\ for a backslash',
                    'viết \\" cho dấu ngoặc kép và \\\\ cho dấu gạch chéo ngược')
_BAD_DATE = define("syntax.bad-date", "`{date}` is not a real calendar date", "`{date}` không phải là một ngày có thật trên lịch")
_H_DATES = define("syntax.hint.dates", "dates are written YYYY-MM-DD", "ngày được viết theo dạng YYYY-MM-DD")
_NOT_CLAUSE = define("syntax.not-clause", "`{target}` is not a clause: write ARTICLE.CLAUSE, e.g. 8.1",
                     "`{target}` không phải là một khoản: viết ĐIỀU.KHOẢN, ví dụ 8.1")
_H_POINT = define("syntax.hint.point", "a point is written `point 4.1.h`", "một điểm được viết `point 4.1.h`")

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def run(tree: Tree, source: SourceFile, reporter: Reporter) -> ast.RuleFile:
    try:
        return _ToAst(source, reporter).transform(tree)
    except VisitError as err:  # unwrap: the original exception is the real story
        raise err.orig_exc from None


@v_args(meta=True)
class _ToAst(Transformer):
    def __init__(self, source: SourceFile, reporter: Reporter) -> None:
        super().__init__()
        self.src = source
        self.reporter = reporter

    def __default__(self, data, children, meta):
        raise InternalError(f"grammar rule {data!r} has no AST builder in from_tree.py")

    # -- helpers ------------------------------------------------------------------------
    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return self.src.span(0, 0)
        return self.src.span(meta.start_pos, meta.end_pos)

    def _tspan(self, token: Token) -> Span:
        if token.start_pos is None or token.end_pos is None:   # lark's lexer places every token it makes
            raise InternalError(f"token {token!r} has no position in the file")
        return self.src.span(token.start_pos, token.end_pos)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(value=str(token), span=self._tspan(token))

    def _string(self, token: Token) -> str:
        raw = re.sub(r"[ \t]*\r?\n[ \t]*", " ", str(token)[1:-1])  # a string may wrap lines

        def unescape(match: re.Match) -> str:
            char = match.group(1)
            if char not in _ESCAPES:
                self.reporter.error(codes.BAD_STRING, text(_BAD_ESCAPE, char=char), self._tspan(token), hint=text(_H_ESCAPES))
                return char
            return _ESCAPES[char]

        return re.sub(r"\\(.)", unescape, raw)

    def _date(self, token: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.reporter.error(codes.BAD_DATE, text(_BAD_DATE, date=str(token)), self._tspan(token), hint=text(_H_DATES))
            return datetime.date(1, 1, 1)

    def _citation(self, token: Token) -> ast.Citation:
        parts = str(token).replace("đ", "dd").split(".")
        return ast.Citation(article=parts[0], clause=int(parts[1]),
                            point=parts[2] if len(parts) > 2 else None, span=self._tspan(token))

    # -- shared pieces ----------------------------------------------------------------------
    def name_list(self, meta, children):
        return tuple(self._name(t) for t in children)

    def string_list(self, meta, children):
        return tuple(self._string(t) for t in children)

    def citation_list(self, meta, children):
        return tuple(self._citation(t) for t in children)

    def provenance(self, meta, children):
        confidence, detail = children
        return ast.Provenance(confidence=str(confidence), detail=self._string(detail) if detail else None,
                              span=self._span(meta))

    def _lang_text(self, kind, meta, children):
        lang, text, *rest = children
        return ast.LangText(kind=kind, lang=str(lang), text=self._string(text),
                            provenance=rest[0] if rest else None, span=self._span(meta))

    def title(self, meta, children):
        return self._lang_text("title", meta, children)

    def text(self, meta, children):
        return self._lang_text("text", meta, children)

    def title_pending(self, meta, children):
        return self._lang_pending("title", meta, children)

    def text_pending(self, meta, children):
        return self._lang_pending("text", meta, children)

    def _lang_pending(self, kind, meta, children):
        lang, reason = children
        return ast.LangText(kind=kind, lang=str(lang), text="", pending=self._string(reason), span=self._span(meta))

    def note(self, meta, children):
        return self._lang_text("note", meta, children)

    def reading(self, meta, children):
        return self._lang_text("reading", meta, children)

    def because(self, meta, children):
        return self._lang_text("because", meta, children)

    def source(self, meta, children):
        url, lang, note = children
        return ("source", (self._string(url), str(lang) if lang else None, self._string(note) if note else None))

    # -- file, instruments, provisions -------------------------------------------------------
    def start(self, meta, children):
        return ast.RuleFile(path=self.src.name, items=tuple(children), span=self.src.span(0, 0))

    def instrument(self, meta, children):
        ident, *fields = children
        get = lambda kind: [f[1] for f in fields if isinstance(f, tuple) and f[0] == kind]
        signed = get("signed")
        return ast.Instrument(
            id=self._string(ident),
            kind=(get("kind") or [None])[0],
            module=(get("module") or [None])[0],
            texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
            issued_by=tuple(get("issued_by")),
            signed=signed[0][0] if signed else None,
            signed_by=signed[0][1] if signed else None,
            sources=tuple(dict.fromkeys(url for url, _, _ in get("source"))),   # a source written once per language
            source_notes=tuple(s for s in get("source") if s[2] is not None),
            pursuant_to=sum(get("pursuant_to"), ()),
            amends=sum(get("amends"), ()),
            published=(get("published") or [None])[0],
            official=tuple(get("official")),
            number_pending=(get("number_pending") or [None])[0],
            span=self._span(meta),
        )

    def inst_official(self, meta, children):
        lang, path = children
        return ("official", ast.OfficialText(lang=str(lang), path=self._string(path), span=self._span(meta)))

    def inst_number_pending(self, meta, children):
        return ("number_pending", self._string(children[0]))

    def inst_kind(self, meta, children):
        return ("kind", self._name(children[0]))

    def inst_module(self, meta, children):
        return ("module", self._name(children[0]))

    def inst_pursuant_to(self, meta, children):
        return ("pursuant_to", children[0])

    def inst_amends(self, meta, children):
        return ("amends", children[0])

    def inst_published(self, meta, children):
        return ("published", self._date(children[0]))

    def inst_issued_by(self, meta, children):
        lang, text = children
        return ("issued_by", ast.LangText(kind="issued_by", lang=str(lang), text=self._string(text),
                                          span=self._span(meta)))

    def inst_signed(self, meta, children):
        date, by = children
        return ("signed", (self._date(date), self._string(by) if by else None))

    def part_of(self, meta, children):
        return ast.PartOf(instrument=self._string(children[0]), span=self._span(meta))

    def _provision(self, level, meta, children):
        number, *items = children
        number = str(number).replace("đ", "dd")
        # The span of a provision is its header line, which is where diagnostics should point.
        span = self._span(meta)
        return ast.Provision(level=level, number=number, items=tuple(items), span=span)

    def chapter(self, meta, children):
        return self._provision("chapter", meta, children)

    def article(self, meta, children):
        return self._provision("article", meta, children)

    def clause(self, meta, children):
        return self._provision("clause", meta, children)

    def point(self, meta, children):
        return self._provision("point", meta, children)

    def pending(self, meta, children):
        return ast.Pending(reason=self._string(children[0]), span=self._span(meta))

    def informative(self, meta, children):
        return ast.Informative(reason=self._string(children[0]), span=self._span(meta))

    def example(self, meta, children):
        return ast.Example(path=self._string(children[0]), span=self._span(meta))

    def choice(self, meta, children):
        ident, *fields = children
        return ast.Choice(id=self._name(ident), texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
                          options=tuple(f for f in fields if isinstance(f, ast.Option)), span=self._span(meta))

    def option(self, meta, children):
        ident, default, provenance, *items = children
        return ast.Option(id=self._name(ident), default=default is not None, provenance=provenance,
                          texts=tuple(i for i in items if isinstance(i, ast.LangText)),
                          statements=tuple(i for i in items if not isinstance(i, ast.LangText)), span=self._span(meta))

    def interpretation(self, meta, children):
        ident, *fields = children
        provenance = [f for f in fields if isinstance(f, ast.Provenance)]
        return ast.Interpretation(id=self._name(ident), texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
                                  provenance=provenance[0] if provenance else None, span=self._span(meta))

    # -- rule statements ---------------------------------------------------------------------
    def scope(self, meta, children):
        return ast.Scope(forms=children[0], span=self._span(meta))

    def method(self, meta, children):
        return ast.Method(method=self._name(children[0]), forms=children[1], span=self._span(meta))

    def in_force(self, meta, children):
        date, until = children
        return ast.InForce(date=self._date(date), until=self._date(until) if until else None, span=self._span(meta))

    def keeps_old_rules(self, meta, children):
        return ast.KeepsOldRules(which=self._name(children[0]), provenance=children[1], span=self._span(meta))

    def amending(self, meta, children):
        return ast.Amending(instrument=self._string(children[0]), span=self._span(meta))

    def belongs_to(self, meta, children):
        return ast.BelongsTo(instrument=self._string(children[0]), span=self._span(meta))

    def belongs_to_none(self, meta, children):
        return ast.BelongsTo(instrument=None, why=self._string(children[0]), span=self._span(meta))

    def supersedes(self, meta, children):
        return ast.Supersedes(instruments=children[0], span=self._span(meta))

    def before_in_force(self, meta, children):
        return ast.BeforeInForce(governed_by=children[0], judged_by=self._name(children[1]), span=self._span(meta))

    def activity(self, meta, children):
        return ast.Activity(areas=children[0], provenance=children[1], span=self._span(meta))

    def activities_also(self, meta, children):
        return ast.ActivitiesAlso(activities=children[0], areas=children[1], provenance=children[2],
                                  span=self._span(meta))

    def certify(self, meta, children):
        return ast.Certify(activities=children[0], roles=children[1], provenance=children[2], span=self._span(meta))

    def session_hours(self, meta, children):
        return ast.SessionHours(hours=Decimal(str(children[0])), span=self._span(meta))

    def remainder(self, meta, children):
        op, hours, counts = children
        return ast.Remainder(op=str(op), hours=Decimal(str(hours)), counts=Decimal(str(counts)), span=self._span(meta))

    def hours_added(self, meta, children):
        return ast.HoursAdded(how=self._name(children[0]), provenance=children[1], span=self._span(meta))

    def day_limit(self, meta, children):
        return ast.DayLimit(hours=Decimal(str(children[0])), counting=self._name(children[1]), provenance=children[2],
                            span=self._span(meta))

    def ties(self, meta, children):
        return ast.Ties(by=self._name(children[0]), provenance=children[1], span=self._span(meta))

    def cap_sessions(self, meta, children):
        scope, limit, areas = children
        return ast.CapSessions(scope=self._name(scope), limit=Decimal(str(limit)), areas=areas, span=self._span(meta))

    def cap_table(self, meta, children):
        scope, table, fixing, activities, areas, ground, provenance = children
        return ast.CapTable(scope=self._name(scope), table=self._name(table), fixing=fixing, activities=activities,
                            areas=areas, provenance=provenance, ground=ground, span=self._span(meta))

    def ground(self, meta, children):
        instrument, citation = children
        return ast.Ground(instrument=self._string(instrument), citation=self._citation(citation), span=self._span(meta))

    def cap_replacement(self, meta, children):
        limit, method, ground, provenance = children
        return ast.CapReplacement(limit=None if limit.type == "FIXED_TIME_LEVEL" else Decimal(str(limit)),
                                  successor_method=self._name(method), ground=ground, provenance=provenance,
                                  span=self._span(meta))

    def fixing(self, meta, children):
        return (self._name(children[0]), self._name(children[1]))

    def session_rate(self, meta, children):
        kind, areas, parameter, of = children
        return ast.SessionRate(kind=self._name(kind), areas=areas, parameter=self._name(parameter),
                               of=self._name(of) if of else None, span=self._span(meta))

    def not_paid(self, meta, children):
        return ast.NotPaid(what=self._name(children[0]), span=self._span(meta))

    def ft_table(self, meta, children):
        table, areas, axes = children
        return ast.FixedTimeTable(table=self._name(table), areas=areas, axes=axes, span=self._span(meta))

    def ft_chosen(self, meta, children):
        return ast.FixedTimeChosen(earliest=self._name(children[0]), latest=self._name(children[1]),
                                   span=self._span(meta))

    def ft_level(self, meta, children):
        return ast.FixedTimeLevel(axis=self._name(children[0]), pick=self._name(children[1]), span=self._span(meta))

    def ft_stages(self, meta, children):
        return ast.FixedTimeStages(how=self._name(children[0]), span=self._span(meta))

    def ft_floor(self, meta, children):
        times, parameter, areas = children
        return ast.FixedTimeFloor(times=Decimal(str(times)), parameter=self._name(parameter), areas=areas,
                                  span=self._span(meta))

    def ft_ceiling(self, meta, children):
        return ast.FixedTimeCeiling(times=Decimal(str(children[0])), parameter=self._name(children[1]),
                                    span=self._span(meta))

    def ft_multiplier(self, meta, children):
        percent, when, at_least, provenance = children
        return ast.FixedTimeMultiplier(percent=Decimal(str(percent)[:-1]), when=self._name(when),
                                       at_least=int(at_least), provenance=provenance, span=self._span(meta))

    def ft_shared(self, meta, children):
        return ast.FixedTimeShared(how=self._name(children[0]), provenance=children[1], span=self._span(meta))

    # -- eligibility --------------------------------------------------------------------------
    def eligible(self, meta, children):
        group, condition, provenance = children
        return ast.Eligible(group=self._name(group), condition=self._name(condition) if condition else None,
                            provenance=provenance, span=self._span(meta))

    def eligibility_on(self, meta, children):
        return ast.EligibilityOn(date=self._name(children[0]), span=self._span(meta))

    def group_includes(self, meta, children):
        group, members, provenance = children
        return ast.GroupIncludes(group=self._name(group), members=members, provenance=provenance, span=self._span(meta))

    # -- amending acts -------------------------------------------------------------------------
    def amendments_apply(self, meta, children):
        return ast.AmendmentsApply(entries_by=self._name(children[0]), case_by=self._name(children[1]),
                                   span=self._span(meta))

    def _target(self, level, token):
        target = str(token).replace("đ", "dd")
        if level == "clause" and target.count(".") != 1:
            self.reporter.error(codes.SYNTAX, text(_NOT_CLAUSE, target=target), self._tspan(token), hint=text(_H_POINT))
        return (level, target, self._tspan(token))

    def target_article(self, meta, children):
        return self._target("article", children[0])

    def target_clause(self, meta, children):
        return self._target("clause", children[0])

    def target_point(self, meta, children):
        return self._target("point", children[0])

    def _provision_op(self, op, meta, children):
        (level, target, span), *items = children
        body = None
        if op != "repeal":
            body = ast.Provision(level=level, number=target.rsplit(".", 1)[-1], items=tuple(items),
                                 span=self._span(meta))
        return ast.ProvisionOp(op=op, level=level, target=target, target_span=span, body=body, span=self._span(meta))

    def op_replace(self, meta, children):
        return self._provision_op("replace", meta, children)

    def op_insert(self, meta, children):
        return self._provision_op("insert", meta, children)

    def op_repeal(self, meta, children):
        return self._provision_op("repeal", meta, children)

    def op_change_cap(self, meta, children):
        citation, scope, limit, areas = children
        return ast.ChangeCap(citation=self._citation(citation), scope=self._name(scope), limit=Decimal(str(limit)),
                             areas=areas, span=self._span(meta))

    def op_change_parameter(self, meta, children):
        name, value, source, provenance = children
        text = str(value)
        return ast.ChangeParameter(parameter=self._name(name), value=Decimal(text.rstrip("%")),
                                   percent=text.endswith("%"), source=self._string(source) if source else None,
                                   provenance=provenance, span=self._span(meta))

    def op_change_cell(self, meta, children):
        table, key, value, provenance = children
        return ast.ChangeCell(table=self._name(table), key=key, value=Decimal(str(value)), pending=None,
                              provenance=provenance, span=self._span(meta))

    def op_change_cell_pending(self, meta, children):
        table, key, reason = children
        return ast.ChangeCell(table=self._name(table), key=key, value=None, pending=self._string(reason),
                              provenance=None, span=self._span(meta))

    def op_add_member(self, meta, children):
        vocabulary, *rest = children
        member = self.member(meta, rest)
        return ast.AddMember(vocabulary=self._name(vocabulary), member=member, span=self._span(meta))

    def op_eligible_unconditional(self, meta, children):
        group, provenance = children
        return ast.EligibleUnconditional(group=self._name(group), provenance=provenance, span=self._span(meta))

    def op_add_eligible(self, meta, children):
        group, condition, article, provenance = children
        return ast.AddEligible(group=self._name(group), condition=self._name(condition) if condition else None,
                               article=str(article), article_span=self._tspan(article), provenance=provenance,
                               span=self._span(meta))

    # -- vocabularies, parameters, tables ---------------------------------------------------
    def vocabulary(self, meta, children):
        ident, *fields = children
        return ast.Vocabulary(id=self._name(ident), texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
                              members=tuple(f for f in fields if isinstance(f, ast.Member)), belongs_to=_belongs(fields),
                              span=self._span(meta))

    def member(self, meta, children):
        ident, lang1, text1, lang2, text2, provenance = children
        texts = [ast.LangText(kind="label", lang=str(lang1), text=self._string(text1), span=self._tspan(text1))]
        if lang2 is not None:
            texts.append(ast.LangText(kind="label", lang=str(lang2), text=self._string(text2), span=self._tspan(text2)))
        return ast.Member(id=self._name(ident), texts=tuple(texts), provenance=provenance, span=self._span(meta))

    def parameter(self, meta, children):
        ident, *fields = children
        get = lambda kind: [f[1] for f in fields if isinstance(f, tuple) and f[0] == kind]
        return ast.Parameter(
            id=self._name(ident), texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
            unit=(get("unit") or [None])[0], applies_on=sum(get("applies_on"), ()),
            values=tuple(f for f in fields if isinstance(f, ast.ParamValue)), belongs_to=_belongs(fields),
            span=self._span(meta))

    def param_unit(self, meta, children):
        return ("unit", self._name(children[0]))

    def param_applies_on(self, meta, children):
        return ("applies_on", children[0])

    def param_value(self, meta, children):
        value, start, until, source, provenance = children
        text = str(value)
        return ast.ParamValue(
            value=Decimal(text.rstrip("%")), percent=text.endswith("%"), start=self._date(start),
            until=self._date(until) if until else None, source=self._string(source) if source else None,
            provenance=provenance, span=self._span(meta))

    def table(self, meta, children):
        ident, *fields = children
        get = lambda kind: [f[1] for f in fields if isinstance(f, tuple) and f[0] == kind]
        return ast.Table(
            id=self._name(ident), texts=tuple(f for f in fields if isinstance(f, ast.LangText)),
            sources=tuple(url for url, _, _ in get("source")), unit=(get("unit") or [None])[0],
            axes=tuple(f for f in fields if isinstance(f, ast.Axis)),
            cells=tuple(f for f in fields if isinstance(f, ast.Cell)),
            otherwise_pending=(get("otherwise") or [None])[0], belongs_to=_belongs(fields), span=self._span(meta))

    def table_unit(self, meta, children):
        return ("unit", self._name(children[0]))

    def axis(self, meta, children):
        vocabulary, values, provenance = children
        return ast.Axis(vocabulary=self._name(vocabulary), values=values, provenance=provenance, span=self._span(meta))

    def cell(self, meta, children):
        key, value, provenance = children
        return ast.Cell(key=key, value=Decimal(str(value)), pending=None, provenance=provenance, span=self._span(meta))

    def cell_pending(self, meta, children):
        key, reason = children
        return ast.Cell(key=key, value=None, pending=self._string(reason), provenance=None, span=self._span(meta))

    def otherwise_pending(self, meta, children):
        return ("otherwise", self._string(children[0]))

    def cell_key(self, meta, children):
        return tuple(children)

    def cell_coord(self, meta, children):
        return ast.CellCoord(values=tuple(self._name(t) for t in children), span=self._span(meta))


def _belongs(fields) -> ast.BelongsTo | None:
    return next((f for f in fields if isinstance(f, ast.BelongsTo)), None)
