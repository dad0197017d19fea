"""The fidelity check: the rule files quote the official text word for word, and leave nothing out.

For every instrument that names its official text (official.py), in that text's language:
- every article, clause and point of the official text is in the rule files, and every one of
  the rule files is in the official text (E0223, E0224);
- every article's `title` equals the official title (E0222, or E0225 when it is not quoted);
- the `text`s of each article, read in the order they are written, are the official paragraphs in
  their order, word for word (E0222 for a paragraph that differs, E0225 for one left out), each
  under the provision it belongs to (E0226); a paragraph that follows the points of a clause may
  be written in the clause or an article it stands in, since the layout of the law does not say
  which of them it closes;
- every provision of the official text is encoded, pending or left out with a reason (W0304).

Only the provisions as first written are compared: what an amending act inserts or replaces is
the act's text, not the official text of the instrument it amends.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import ast, codes
from .diagnostics import Arg, Reporter, Text, define, note, text
from .official import OfficialText, ancestors, words
from .resolve import Program, ProvisionInfo
from .source import Span

# -- messages, in English and Vietnamese (diagnostics.py's catalog) ----------------------------

_M = define
_MISSING = _M("fidelity.provision-missing", "{instrument} {provision} is in the official text but not in the rule files",
              "{provision} của {instrument} có trong văn bản chính thức nhưng không có trong các tệp quy tắc")
_H_MISSING = _M("fidelity.hint.provision-missing",
                "add `{level} {number} {{ ... }}` under its parent in a rule file of {instrument}, with its text; "
                "encode it, or say `pending \"why\"` or `informative \"why\"`",
                "thêm `{level} {number} {{ ... }}` vào dưới quy định chứa nó trong một tệp quy tắc của {instrument}, "
                "cùng với nội dung của nó; mã hóa quy định đó, hoặc ghi `pending \"why\"` hay `informative \"why\"`")
_EXTRA = _M("fidelity.provision-extra", "{instrument} {provision} is not in the official text ({source})",
            "{provision} của {instrument} không có trong văn bản chính thức ({source})")
_H_EXTRA = _M("fidelity.hint.provision-extra", "the law has no such provision: remove it, or correct its number",
              "văn bản pháp luật không có quy định này: xóa nó, hoặc sửa lại số của nó")
_TITLE_MISSING = _M("fidelity.title-missing", "the title of {instrument} Article {article} is not quoted in `{lang}`",
                    "tên Điều {article} của {instrument} chưa được trích dẫn bằng `{lang}`")
_H_TITLE = _M("fidelity.hint.title", 'write `title {lang} "{title}"`', 'viết `title {lang} "{title}"`')
_TITLE_DRIFT = _M("fidelity.title-drift", "the title of {instrument} Article {article} differs from the official text",
                  "tên Điều {article} của {instrument} khác với văn bản chính thức")
_OFFICIAL_TITLE = _M("fidelity.label.official-title", "the official title", "tên điều trong văn bản chính thức")
_TEXT_DRIFT = _M("fidelity.text-drift", "`text {lang}` of {instrument} {citation} differs from the official text",
                 "`text {lang}` của {instrument} {citation} khác với văn bản chính thức")
_OFFICIAL_TEXT = _M("fidelity.label.official-text", "the official text", "văn bản chính thức")
_PARAGRAPH_MISSING = _M("fidelity.paragraph-missing",
                        "a paragraph of {instrument} {citation} in the official text is not quoted in the rule files",
                        "một đoạn của {instrument} {citation} trong văn bản chính thức chưa được trích dẫn trong các tệp quy tắc")
_OFFICIAL_PARAGRAPH = _M("fidelity.label.official-paragraph", "the official paragraph", "đoạn văn bản chính thức")
_H_PARAGRAPH = _M("fidelity.hint.paragraph", 'write `text {lang} "{text}"` in {provision}, in the official order',
                  'viết `text {lang} "{text}"` vào {provision}, theo thứ tự của văn bản chính thức')
_NOT_OFFICIAL = _M("fidelity.not-official", "`text {lang}` of {instrument} {citation} is not in the official text ({source})",
                   "`text {lang}` của {instrument} {citation} không có trong văn bản chính thức ({source})")
_H_NOT_OFFICIAL = _M("fidelity.hint.not-official",
                     "quote the official text word for word; a text of the rule authors is a `note`",
                     "trích dẫn nguyên văn văn bản chính thức; lời của người soạn quy tắc thì viết bằng `note`")
_MISPLACED = _M("fidelity.misplaced", "this paragraph of the official text belongs to {instrument} {home}, not {citation}",
                "đoạn này của văn bản chính thức thuộc {instrument} {home}, không thuộc {citation}")
_H_MISPLACED = _M("fidelity.hint.misplaced", "move it into {home}", "chuyển nó vào {home}")
_UNACCOUNTED = _M("fidelity.unaccounted", "{instrument} {provision} is neither encoded nor marked pending or left out",
                  "{provision} của {instrument} chưa được mã hóa, cũng chưa được ghi là còn chờ hay bỏ qua")
_H_UNACCOUNTED = _M("fidelity.hint.unaccounted",
                    'encode it with a rule, or write `pending "why"` or `informative "why"` in it',
                    'mã hóa nó bằng một quy tắc, hoặc viết `pending "why"` hay `informative "why"` trong đó')
_ARTICLE = _M("fidelity.article", "Article {citation}", "Điều {citation}")
_CLAUSE = _M("fidelity.clause", "clause {citation}", "khoản {citation}")
_POINT = _M("fidelity.point", "point {citation}", "điểm {citation}")
_DIFFERENCE = _M("fidelity.hint.difference", "the official text has «{official}», this text has «{given}»",
                 "văn bản chính thức ghi «{official}», đoạn này ghi «{given}»")
_SPACING = _M("fidelity.hint.spacing", "the texts differ in spacing or letter forms only",
              "hai đoạn chỉ khác nhau về khoảng trắng hoặc cách viết chữ")


@dataclass(frozen=True, slots=True)
class _Quoted:
    """A `text` of the rule files in the official text's language, where it is written."""
    citation: str
    text: str
    span: Span


def check(program: Program, texts: dict[str, tuple[OfficialText, ...]], reporter: Reporter) -> None:
    for instrument, officials in texts.items():
        info = program.instruments.get(instrument)
        if info is None:
            continue
        provisions = {p.citation: p for p in info.history if p.period.by is None and p.node.level != "chapter"}
        for official in officials:
            _Fidelity(program, instrument, provisions, official, reporter).run()


class _Fidelity:
    def __init__(self, program: Program, instrument: str, provisions: dict[str, ProvisionInfo],
                 official: OfficialText, reporter: Reporter) -> None:
        self.program = program
        self.instrument = instrument
        self.provisions = provisions
        self.official = official
        self.lang = official.lang
        self.reporter = reporter
        self.where = official.source.name

    def run(self) -> None:
        self.structure()
        for article in self.official.articles():
            if article in self.provisions:
                self.title(article)
                self.paragraphs(article)
        self.accounted()

    # -- articles, clauses and points
    def structure(self) -> None:
        for citation, provision in self.official.provisions.items():
            if citation not in self.provisions:
                *_, number = citation.split(".")
                self.reporter.error(
                    codes.PROVISION_MISSING, text(_MISSING, instrument=self.instrument,
                                                  provision=_named(provision.level, citation)), provision.span,
                    hint=text(_H_MISSING, level=provision.level, number=number, instrument=self.instrument))
        for citation, info in self.provisions.items():
            if citation not in self.official.provisions:
                self.reporter.error(
                    codes.PROVISION_EXTRA, text(_EXTRA, instrument=self.instrument, provision=_named(info.node.level, citation),
                                                source=self.where), info.node.span, hint=text(_H_EXTRA))

    # -- titles
    def title(self, article: str) -> None:
        wanted = self.official.provisions[article].title
        if wanted is None:
            return
        node = self.provisions[article].node
        given = [t for t in node.items if isinstance(t, ast.LangText) and t.kind == "title" and t.lang == self.lang]
        quoted = [t for t in given if t.pending is None]
        if not quoted:
            self.reporter.error(codes.TEXT_MISSING, text(_TITLE_MISSING, instrument=self.instrument, article=article, lang=self.lang),
                                given[0].span if given else node.span, hint=text(_H_TITLE, lang=self.lang, title=wanted))
        elif words(quoted[0].text) != wanted:
            self.reporter.error(codes.TEXT_DRIFT, text(_TITLE_DRIFT, instrument=self.instrument, article=article), quoted[0].span,
                                secondary=[note(self.official.provisions[article].span, text(_OFFICIAL_TITLE))],
                                hint=_difference(wanted, words(quoted[0].text)))

    # -- paragraphs
    def paragraphs(self, article: str) -> None:
        inside = lambda citation: citation == article or citation.startswith(article + ".")
        wanted = [p for p in self.official.paragraphs if inside(p.home)]
        given = list(self.quoted(self.provisions[article].node, article))
        matcher = difflib.SequenceMatcher(None, [p.text for p in wanted], [q.text for q in given], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for paragraph, quote in zip(wanted[i1:i2], given[j1:j2], strict=True):
                    self.placed(paragraph, quote)
                continue
            pairs = min(i2 - i1, j2 - j1)
            for paragraph, quote in zip(wanted[i1:i1 + pairs], given[j1:j1 + pairs], strict=True):
                self.reporter.error(codes.TEXT_DRIFT, text(_TEXT_DRIFT, lang=self.lang, instrument=self.instrument,
                                                           citation=quote.citation), quote.span,
                                    secondary=[note(paragraph.span, text(_OFFICIAL_TEXT))],
                                    hint=_difference(paragraph.text, quote.text))
            for paragraph in wanted[i1 + pairs:i2]:
                home = self.provisions.get(paragraph.home)
                if home is None:
                    continue   # its provision is missing, which is reported already
                self.reporter.error(codes.TEXT_MISSING, text(_PARAGRAPH_MISSING, instrument=self.instrument,
                                                             citation=paragraph.home),
                                    home.node.span, secondary=[note(paragraph.span, text(_OFFICIAL_PARAGRAPH))],
                                    hint=text(_H_PARAGRAPH, lang=self.lang, text=_shorten(paragraph.text),
                                              provision=_named(home.node.level, paragraph.home)))
            for quote in given[j1 + pairs:j2]:
                self.reporter.error(codes.TEXT_DRIFT, text(_NOT_OFFICIAL, lang=self.lang, instrument=self.instrument,
                                                           citation=quote.citation, source=self.where), quote.span,
                                    hint=text(_H_NOT_OFFICIAL))

    def quoted(self, node: ast.Provision, citation: str):
        """The texts in the official language under a provision, in the order they are written."""
        for item in node.items:
            if isinstance(item, ast.LangText) and item.kind == "text" and item.lang == self.lang and item.pending is None:
                yield _Quoted(citation, words(item.text), item.span)
            elif isinstance(item, ast.Provision):
                yield from self.quoted(item, f"{citation}.{item.number}")

    def placed(self, paragraph, quote: _Quoted) -> None:
        """A paragraph that opens a provision is quoted in it; a further one in it or a provision it stands in."""
        allowed = [paragraph.home] if paragraph.opens else [paragraph.home, *ancestors(paragraph.home)]
        if quote.citation not in allowed:
            self.reporter.error(codes.TEXT_MISPLACED, text(_MISPLACED, instrument=self.instrument, home=paragraph.home,
                                                             citation=quote.citation), quote.span,
                                secondary=[note(paragraph.span, text(_OFFICIAL_PARAGRAPH))],
                                hint=text(_H_MISPLACED, home=paragraph.home))

    # -- every provision accounted for
    def accounted(self) -> None:
        said: set[str] = set()   # citations with a rule, `pending` or `informative` of their own
        for placed in self.program.placed:
            if placed.instrument == self.instrument and placed.period.by is None:
                said.add(placed.citation)
        for placed in self.program.provision_items:
            if (placed.instrument == self.instrument and placed.period.by is None
                    and isinstance(placed.node, (ast.Pending, ast.Informative, ast.Choice))):
                said.add(placed.citation)
        for citation, provision in self.official.provisions.items():
            if citation not in self.provisions:
                continue   # reported as missing
            related = [citation, *ancestors(citation)]
            if any(c in said for c in related) or any(c.startswith(citation + ".") for c in said):
                continue
            self.reporter.warning(codes.UNACCOUNTED, text(_UNACCOUNTED, instrument=self.instrument,
                                                             provision=_named(provision.level, citation)),
                                  self.provisions[citation].node.span, hint=text(_H_UNACCOUNTED))


def _named(level: str, citation: str) -> Arg:
    named = {"article": _ARTICLE, "clause": _CLAUSE, "point": _POINT}.get(level)
    return text(named, citation=citation) if named else f"{level} {citation}"


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _difference(official: str, given: str) -> Text:
    """Where two texts first differ, a few words either side: what the law says, what is written."""
    a, b = official.split(" "), given.split(" ")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            shown_a = ("…" if i1 > 3 else "") + " ".join(a[max(0, i1 - 3):i2 + 3]) + ("…" if i2 + 3 < len(a) else "")
            shown_b = ("…" if j1 > 3 else "") + " ".join(b[max(0, j1 - 3):j2 + 3]) + ("…" if j2 + 3 < len(b) else "")
            return text(_DIFFERENCE, official=shown_a, given=shown_b)
    return text(_SPACING)
