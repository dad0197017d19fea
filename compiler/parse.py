"""Pass 1: rule file text -> Lark parse tree, with syntax errors turned into Diagnostics.

The Lark parser is LALR, strict (no conflicts, no regex collisions), with positions. It is built
once per process, and its tables are kept in the user's private cache (compiler/usercache.py, never
the shared temporary folder), so `regc check` does not re-analyse the grammar on every run.

A file that parses costs one parse. A file that does not is read again to report every error where
it begins, each once (`_diagnose`):

- a text left without its closing `"` is reported at its opening quote, one without its opening `"`
  where it starts, a `"` inside a text (not escaped) where it stands, and a block left without its `}`
  at its `{`, not where the parser notices (the next text's words, the end of the file). Each is
  found by mending the text (a `"` added or blanked; a `}` where the indentation shows the block
  ends) and keeping the mend with which the parser gets furthest, only when it gets past the error;
- the other errors are reported with what fits where they are, in words (the parser's expected
  terminals, grouped: "a statement (`certify`, `activity`, `cap`, ...)"), and a word close to a
  keyword that fits gets "did you mean"; then the parser goes on from the next line that starts a
  statement or an item, or from the `}` that closes the block, so one mistake is one error.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from pathlib import Path

import lark
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import LineCounter
from lark.parsers.lalr_interactive_parser import InteractiveParser
from lark.parsers.lalr_parser_state import ParserState

from . import codes, usercache
from .diagnostics import Arg, Reporter, Text, define, text
from .source import SourceFile

GRAMMAR = Path(__file__).parent / "grammar" / "rules.lark"

_OPTIONS = {"parser": "lalr", "strict": True, "propagate_positions": True, "maybe_placeholders": True}


@functools.cache
def parser() -> Lark:
    grammar = GRAMMAR.read_text(encoding="utf-8")
    # The entry is named after everything the tables depend on: the grammar, the options, Lark's version.
    key = hashlib.sha256(f"{grammar}\0{sorted(_OPTIONS.items())}\0{lark.__version__}".encode()).hexdigest()[:32]
    name = f"grammar-{key}.lark"
    cached = usercache.load(name, Lark.load)
    if isinstance(cached, Lark):
        return cached
    built = Lark(grammar, **_OPTIONS)
    usercache.store(name, built.save, keep=4)
    return built


def run(source: SourceFile, reporter: Reporter) -> Tree | None:
    """Parse one file; on syntax errors report every one (with what was expected) and return None."""
    try:
        return parser().parse(source.text)
    except UnexpectedInput:
        pass
    for problem in _diagnose(source.text):
        reporter.error(codes.SYNTAX, problem.message, source.span(problem.start, problem.end), hint=problem.hint)
    return None


# -- the words of syntax errors, in English and Vietnamese ----------------------------------------

_M_UNEXPECTED = define("syntax.unexpected", "unexpected {token}", "không mong đợi {token} ở đây")
_M_CHARACTER = define("syntax.character", "unexpected character {char}", "ký tự không hợp lệ {char}")
_M_EOF = define("syntax.eof", "the file ended unexpectedly", "tệp kết thúc khi câu lệnh chưa xong")
_M_UNCLOSED_BLOCK = define("syntax.unclosed-block", "`{header}` is not closed: its `{{` on line {line} has no `}}`",
                           "`{header}` chưa được đóng: dấu `{{` ở dòng {line} không có dấu `}}` tương ứng")
# No `"` in these two: an expectation comment on the line of a text left open is read as part of it.
_M_UNCLOSED_TEXT = define("syntax.unclosed-text", "this text is never closed: its closing quote is missing",
                          "đoạn văn bản này không được đóng: thiếu dấu ngoặc kép đóng")
_H_EXPECTED = define("syntax.hint.expected", "expected {items}", "cần {items}")
_H_DID_YOU_MEAN = define("syntax.hint.did-you-mean", "did you mean {words}?", "có phải ý bạn là {words}?")
_H_CLOSE_BEFORE = define("syntax.hint.close-before",
                         "add its `}}` before line {line}, where its indentation shows the block ends",
                         "thêm dấu `}}` trước dòng {line}, nơi khối kết thúc theo cách thụt lề")
_H_CLOSE_AT_END = define("syntax.hint.close-at-end", "add its `}}`: the file ends while it is open",
                         "thêm dấu `}}`: tệp đã hết mà khối vẫn mở")
_H_CLOSE_TEXT = define("syntax.hint.close-text",
                       'end the text with `"` (it seems to end on line {line}); a `"` inside a text is written `\\"`',
                       'kết thúc đoạn văn bản bằng dấu `"` (có vẻ nó kết thúc ở dòng {line}); dấu `"` bên trong '
                       'văn bản được viết là `\\"`')
_M_UNOPENED_TEXT = define("syntax.unopened-text", "a text is expected here, and its opening quote is missing",
                          "ở đây cần một đoạn văn bản, nhưng thiếu dấu ngoặc kép mở đầu")
_M_INNER_QUOTE = define("syntax.inner-quote", "this quote ends the text too early",
                        "dấu ngoặc kép này kết thúc đoạn văn bản quá sớm")
_H_ESCAPE = define("syntax.hint.escape", 'a `"` inside a text is written `\\"`',
                   'dấu `"` bên trong văn bản được viết là `\\"`')
_H_OPEN_TEXT = define("syntax.hint.open-text", 'start the text with `"`', 'mở đầu đoạn văn bản bằng dấu `"`')
_H_STRAY_BRACE = define("syntax.hint.stray-brace",
                        "a `{{` opens the block of what stands before it, as in `clause 1 {{`: remove this one",
                        "dấu `{{` mở khối của phần đứng trước nó, như `clause 1 {{`: hãy xóa dấu này")
_H_INNER_QUOTE = define("syntax.hint.inner-quote", 'a `"` inside a text is written `\\"`; {expected}',
                        'dấu `"` bên trong văn bản được viết là `\\"`; {expected}')
_T_CLOSE = define("syntax.close", "`}}` (to close `{header}`)", "`}}` (để đóng `{header}`)")
_T_GROUP = define("syntax.group", "{group} ({examples}, ...)", "{group} ({examples}, ...)")
_T_WORD = define("syntax.word", "`{word}`", "`{word}`")
_T_MORE = define("syntax.more", "{count} more", "{count} thứ khác")

# What a token is called in "unexpected ...", and what a terminal looks like to a drafter in "expected ...".
_TOKEN_NOUNS = {
    "NAME": define("syntax.token.name", "name `{value}`", "tên `{value}`"),
    "STRING": define("syntax.token.text", "text `{value}`", "văn bản `{value}`"),
    "CITATION": define("syntax.token.citation", "citation `{value}`", "trích dẫn `{value}`"),
    "NUMBER": define("syntax.token.number", "number `{value}`", "số `{value}`"),
    "INT": "syntax.token.number", "NUMBER_OR_PERCENT": "syntax.token.number", "ARTICLE_NO": "syntax.token.number",
    "DATE": define("syntax.token.date", "date `{value}`", "ngày `{value}`"),
    "PERCENT": define("syntax.token.percent", "percentage `{value}`", "tỷ lệ `{value}`"),
}
_TERMINAL_NAMES = {
    "STRING": define("syntax.expect.string", 'a "quoted text"', 'một "văn bản trong ngoặc kép"'),
    "NAME": define("syntax.expect.name", "a name", "một tên"),
    "INT": define("syntax.expect.int", "a whole number", "một số nguyên"),
    "NUMBER": define("syntax.expect.number", "a number", "một số"),
    "NUMBER_OR_PERCENT": define("syntax.expect.number-or-percent", "a number or percentage", "một số hoặc tỷ lệ phần trăm"),
    "PERCENT": define("syntax.expect.percent", "a percentage like 130%", "một tỷ lệ như 130%"),
    "DATE": define("syntax.expect.date", "a date like 2021-07-15", "một ngày như 2021-07-15"),
    "CITATION": define("syntax.expect.citation", "a citation like 4.1.a", "một trích dẫn như 4.1.a"),
    "ARTICLE_NO": define("syntax.expect.article-no", "an article number like 4 or 7a", "một số điều như 4 hoặc 7a"),
    "LANG": define("syntax.expect.lang", "`en` or `vi`", "`en` hoặc `vi`"),
    "LETTER": define("syntax.expect.letter", "a point letter (a, b, c, d, dd, e, g, h, i, k, l, m, n)",
                     "một chữ cái của điểm (a, b, c, d, dd, e, g, h, i, k, l, m, n)"),
    "ROMAN": define("syntax.expect.roman", "a roman numeral", "một số La Mã"),
    "CONFIDENCE": define("syntax.expect.confidence", "C2, 1S, INF or NF", "C2, 1S, INF hoặc NF"),
    "REMAINDER_OP": define("syntax.expect.remainder-op", "`under` or `from`", "`under` hoặc `from`"),
    "LPAR": define("syntax.expect.provenance", 'how sure it is, like (C2) or (INF: "why")',
                   'mức chắc chắn, như (C2) hoặc (INF: "lý do")'),
    "$END": define("syntax.expect.end", "the end of the file", "hết tệp"),
}

# Groups of keywords that "expected ..." names by what they start, with the most used first. Each is
# the first keywords of a rule of the grammar (less those of the groups before it), so the groups
# follow the grammar as it changes.
_GROUPS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    (define("syntax.group.statement", "a statement", "một câu lệnh"), ("_statement",), "",
     ("certify", "activity", "cap", "in_force", "change")),
    (define("syntax.group.provision", "a provision's text or part", "văn bản hoặc phần của quy định"),
     ("_provision_item",), "_statement", ("text", "title", "clause", "point", "pending", "note")),
    (define("syntax.group.top", "a top-level item", "một mục cấp cao nhất"), ("_item",), "_statement",
     ("article", "chapter", "instrument", "vocabulary", "parameter", "table")),
    (define("syntax.group.instrument", "an instrument field", "một trường của văn bản"), ("instrument_field",), "",
     ("kind", "title", "signed", "amends", "official_text")),
    (define("syntax.group.table", "a table field", "một trường của bảng"), ("table_field",), "",
     ("axis", "cell", "unit", "otherwise")),
    (define("syntax.group.parameter", "a parameter field", "một trường của tham số"), ("parameter_field",), "",
     ("value", "unit", "title")),
    (define("syntax.group.chapter", "a chapter's part", "một phần của chương"), ("_chapter_item",), "",
     ("article", "title", "pending", "note")),
)
# The items of a block: a line that starts with one of their first keywords is where the parser
# can take up again after an error.
_ITEM_RULES = ("_item", "_provision_item", "_chapter_item", "instrument_field", "table_field", "parameter_field",
               "_vocabulary_field", "_choice_field", "_option_item", "interpretation_field")


@dataclass(frozen=True)
class _Grammar:
    keywords: dict[str, str]          # terminal name -> its keyword (`certify`, `{`, `-`, ...)
    by_keyword: dict[str, str]        # keyword -> terminal name
    groups: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]   # (label id, terminals, examples)
    sync: frozenset[str]              # terminals that start an item of some block


@functools.cache
def _grammar() -> _Grammar:
    p = parser()
    keywords = {t.name: t.pattern.value for t in p.terminals if t.pattern.type == "str"}
    first = _first_sets(p)
    groups = []
    for label, rules, less, examples in _GROUPS:
        terms = frozenset().union(*(first.get(r, set()) for r in rules)) - first.get(less, set())
        if terms:
            groups.append((label, frozenset(terms), tuple(e for e in examples if e in keywords.values())))
    sync = frozenset().union(*(first.get(r, set()) for r in _ITEM_RULES)) & set(keywords)
    return _Grammar(keywords, {v: k for k, v in keywords.items()}, tuple(groups), sync)


def _first_sets(p: Lark) -> dict[str, set[str]]:
    """The terminals each rule of the grammar can start with."""
    first: dict[str, set[str]] = {}
    nullable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for rule in p.rules:
            origin = rule.origin.name
            into = first.setdefault(origin, set())
            size = len(into)
            for symbol in rule.expansion:
                if symbol.is_term:
                    into.add(symbol.name)
                    break
                into |= first.get(symbol.name, set())
                if symbol.name not in nullable:
                    break
            else:
                if origin not in nullable:
                    nullable.add(origin)
                    changed = True
            changed |= len(into) != size
    return first


# -- what is reported ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Problem:
    start: int            # offsets in the file's own text
    end: int
    message: Text
    hint: Text | None
    block: bool = False   # a block left open (or a stray `{`), found from the braces, not by the parser


def _diagnose(original: str) -> list[_Problem]:
    """Every syntax error of a text that does not parse, each where it begins."""
    quotes: list[_Quote] = []   # the `"` found missing so far
    for _ in range(20):
        attempt = _Attempt(original, quotes, find_quotes=True)
        found = attempt.run()
        if found is None:
            return attempt.problems
        quotes.append(found)
    return _Attempt(original, quotes, find_quotes=False).run_problems()


@dataclass(frozen=True)
class _Quote:
    """A `"` missing or one too many: the text it belongs to starts at `text_at`. The mend puts a `"`
    at `at` ("close": the end of a line, for a text left open; "open": the text's first word, for
    one never opened), or blanks the `"` at `at` ("inner": a quote inside a text, not escaped)."""
    text_at: int
    at: int
    kind: str


class _Mended:
    """A text with insertions (and signs blanked out), and the way back from its offsets to those of
    the original."""

    def __init__(self, original: str, insertions: list[tuple[int, str]], blanks: tuple[int, ...] = ()):
        parts, self._moves = [], []
        last, shift = 0, 0
        for at, inserted in sorted(insertions, key=lambda i: i[0]):
            parts += [original[last:at], inserted]
            self._moves.append((at + shift, len(inserted), at))
            shift += len(inserted)
            last = at
        parts.append(original[last:])
        mended = "".join(parts)
        for at in blanks:    # a blank for a sign keeps every offset where it was
            at = self.to_mended(at)
            mended = mended[:at] + " " + mended[at + 1:]
        self.text = mended

    def to_mended(self, offset: int) -> int:
        return offset + sum(length for at, length, original_at in self._moves if original_at <= offset)

    def to_original(self, offset: int) -> int:
        shift = 0
        for at, length, original_at in self._moves:
            if offset >= at + length:
                shift += length
            elif offset >= at:
                return original_at
            else:
                break
        return offset - shift


_FIRST = re.compile(r"[ \t]*([^\s{}#])")


class _Lexical:
    """Where the texts (strings), comments and braces of a text are, as Lark's lexer sees them: a `"`
    opens a text anywhere outside a comment, `#` a comment anywhere outside a text."""

    _TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|"|#[^\n]*|[{}]', re.S)

    def __init__(self, source: str):
        self.source = source
        self.strings: list[tuple[int, int]] = []    # (start, end); a text never closed ends with the file
        self.braces: list[tuple[int, str]] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        for m in self._TOKENS.finditer(source):
            token = m.group()
            if token == '"':
                self.strings.append((m.start(), len(source)))
                break
            if token[0] == '"':
                self.strings.append((m.start(), m.end()))
            elif token in "{}":
                self.braces.append((m.start(), token))
        self._string_starts = [s for s, _ in self.strings]

    def line_firsts(self) -> Iterator[int]:
        """Where each line's first word or sign is, for the lines that start with one outside a text
        (not a brace, a comment or a blank)."""
        for start in self.line_starts:
            match = _FIRST.match(self.source, start)
            if match and not self.in_string(match.start(1)):
                yield match.start(1)

    def line_of(self, offset: int) -> int:
        """0-based."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_end(self, line: int) -> int:
        return self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.source)

    def in_string(self, offset: int) -> bool:
        i = bisect.bisect_right(self._string_starts, offset) - 1
        return i >= 0 and self.strings[i][0] < offset < self.strings[i][1]

    def string_before(self, offset: int) -> tuple[int, int] | None:
        """The text that ends where `offset` is, or before it on its line with only blanks between."""
        i = bisect.bisect_right(self._string_starts, offset) - 1
        while i >= 0:
            start, end = self.strings[i]
            if end <= offset:
                return (start, end) if self.source[end:offset].strip(" \t") == "" else None
            i -= 1
        return None

    def indent(self, offset: int) -> int:
        line = self.line_starts[self.line_of(offset)]
        head = self.source[line:offset]
        return len(head.expandtabs(4)) - len(head.lstrip(" \t").expandtabs(4))

    def first_on_line(self, offset: int) -> bool:
        return self.source[self.line_starts[self.line_of(offset)]:offset].strip() == ""

    def header(self, brace: int) -> tuple[int, str]:
        """Where the words that open a block start, and the words (`clause 1`, `vocabulary form`)."""
        line = self.line_starts[self.line_of(brace)]
        start = max([line, *(b + 1 for b, _ in self.braces if line <= b < brace)])
        words = self.source[start:brace]
        words = re.split(r"\s\(", words)[0]   # not the provenance of an option
        words = " ".join(words.split())
        if not words:
            return brace, "{"
        if len(words) > 40:
            words = words[:39] + "…"
        return start + len(self.source[start:brace]) - len(self.source[start:brace].lstrip()), words


@dataclass(frozen=True)
class _Unclosed:
    brace: int          # in the text the braces were read from
    insert_at: int
    before_line: int | None    # 0-based line where the block should have ended; None: the file's end


def _unclosed_blocks(lex: _Lexical) -> list[_Unclosed]:
    """The blocks left open, when the text has more `{` than `}`, read from the indentation: a block
    ends at the first line after its `{` indented no more than the line of its `{` (its own `}`, or
    the next item when that `}` is missing). Nothing when that reading does not account for exactly
    the `}` missing (a file not indented as its blocks nest: the parser then says where it fails)."""
    opened = sum(1 for _, b in lex.braces if b == "{")
    missing = opened - (len(lex.braces) - opened)
    if missing <= 0:
        return []
    events = sorted([*lex.braces, *((offset, "line") for offset in lex.line_firsts())])
    stack: list[int] = []
    found: list[_Unclosed] = []
    for offset, kind in events:
        if kind == "{":
            stack.append(offset)
            continue
        line = lex.line_of(offset)
        if kind == "line" or lex.first_on_line(offset):
            indent = lex.indent(offset)
            # A `}` ends the block indented as it is; any other line ends those indented as much as it is.
            while stack and lex.line_of(stack[-1]) < line and (
                    lex.indent(stack[-1]) > indent or (kind == "line" and lex.indent(stack[-1]) == indent)):
                found.append(_Unclosed(stack.pop(), offset, line))
        if kind == "}":
            if not stack:
                return []   # a `}` too many as well: the parser says where
            stack.pop()
    found += [_Unclosed(b, len(lex.source), None) for b in reversed(stack)]
    return found if len(found) == missing else []


_BLOCK_LINE = re.compile(r"[ \t]*(\}|[^#\n]*\{[ \t]*(#.*)?$)")
_LINE_START = re.compile(r"[ \t]*([a-z_]+(?!\w)|-)")


class _Attempt:
    """One reading of a text with the mends known so far: the blocks left open are closed where
    their indentation ends, then the parser reports every other error, going on after each.
    With `find_quotes`, an error may come from a `"` missing (a text left open reads on into the
    next, a text never opened is read as words): `run` then returns the `"` with which the parser
    gets furthest, when it gets past that error."""

    def __init__(self, original: str, quotes: list[_Quote], find_quotes: bool):
        self.original = original
        self.quotes = quotes
        self.find_quotes = find_quotes
        self.problems: list[_Problem] = []
        for quote in quotes:
            if quote.kind == "open":
                self.problems.append(_Problem(quote.text_at, quote.text_at + 1, text(_M_UNOPENED_TEXT),
                                              text(_H_OPEN_TEXT)))
            elif quote.kind == "inner":
                self.problems.append(_Problem(quote.at, quote.at + 1, text(_M_INNER_QUOTE), text(_H_ESCAPE)))
            else:
                line = original.count("\n", 0, quote.at) + 1
                self.problems.append(_Problem(quote.text_at, quote.text_at + 1, text(_M_UNCLOSED_TEXT),
                                              text(_H_CLOSE_TEXT, line=str(line))))
        insertions = [(quote.at, '"') for quote in quotes if quote.kind != "inner"]
        blanks = [quote.at for quote in quotes if quote.kind == "inner"]
        first = _Mended(original, insertions, tuple(blanks))
        first_lex = _Lexical(first.text)
        for block in _unclosed_blocks(first_lex):
            start, words = first_lex.header(block.brace)
            brace = first.to_original(block.brace)
            if start == block.brace:    # a `{` that follows no heading opens nothing: it is read as a blank
                blanks.append(brace)
                self.problems.append(_Problem(brace, brace + 1, text(_M_UNEXPECTED, token=text(_T_WORD, word="{")),
                                              text(_H_STRAY_BRACE), block=True))
                continue
            insertions.append((first.to_original(block.insert_at), "}" if block.before_line is not None else "\n}"))
            line = first_lex.line_of(block.brace) + 1
            hint = (text(_H_CLOSE_BEFORE, line=str(block.before_line + 1)) if block.before_line is not None
                    else text(_H_CLOSE_AT_END))
            self.problems.append(_Problem(first.to_original(start), brace + 1,
                                          text(_M_UNCLOSED_BLOCK, header=words, line=str(line)), hint, block=True))
        self.mended = _Mended(original, insertions, tuple(blanks))
        self.lex = _Lexical(self.mended.text)
        self.grammar = _grammar()
        self._item_lines: list[tuple[int, str]] | None = None

    def run_problems(self) -> list[_Problem]:
        self.find_quotes = False
        self.run()
        return self.problems

    def run(self) -> _Quote | None:
        """Report the errors into self.problems; or return a `"` found missing."""
        source = self.mended.text
        ip = parser().parse_interactive(source)
        for _ in range(1000):    # each turn moves on at least one token: this only bounds a bug
            try:
                ip.resume_parse()
                break
            except UnexpectedInput as err:
                ip = err.interactive_parser
                pos, end, word = self._where(err)
                accepts = ip.accepts()
                if self.find_quotes:
                    quote = self._missing_quote(err, pos, accepts)
                    if quote is not None:
                        return quote
                if pos >= len(source) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
                    self._add(pos, end, text(_M_EOF), self._expected(accepts, ip))
                    break
                if word is not None and self._respell(ip, err, pos, word, accepts):
                    continue
                self._add(pos, end, self._what(err, pos, word), self._hint(pos, accepts, ip, word))
                if not self._resync(ip, pos):
                    break
        return None

    def _add(self, start: int, end: int, message: Text, hint: Text | None) -> None:
        start, end = self.mended.to_original(start), self.mended.to_original(end)
        self.problems.append(_Problem(start, max(end, start + 1), message, hint))

    # -- where and what ----------------------------------------------------------------------------

    def _where(self, err: UnexpectedInput) -> tuple[int, int, str | None]:
        """Start and end of what is wrong, and the word there when it is one."""
        source = self.mended.text
        if isinstance(err, UnexpectedToken):
            token = err.token
            if token.type == "$END":
                start = token.start_pos if token.start_pos is not None else len(source)
                return start, token.end_pos if token.end_pos is not None else start + 1, None
            start = token.start_pos if token.start_pos is not None else 0
            end = token.end_pos if token.end_pos is not None else start + len(str(token))
            word = str(token) if re.fullmatch(r"[A-Za-z_]\w*", str(token)) else None
            return start, end, word
        pos = err.pos_in_stream if err.pos_in_stream is not None else len(source)
        match = re.compile(r"[^\W\d]\w*").match(source, pos)
        if match:
            return pos, match.end(), match.group()
        return pos, pos + 1, None

    def _what(self, err: UnexpectedInput, pos: int, word: str | None) -> Text:
        if isinstance(err, UnexpectedToken):
            token = err.token
            noun = _TOKEN_NOUNS.get(token.type)
            return text(_M_UNEXPECTED, token=text(noun, value=str(token)) if noun else text(_T_WORD, word=str(token)))
        char = self.mended.text[pos] if pos < len(self.mended.text) else ""
        if word is not None and word.isascii():
            return text(_M_UNEXPECTED, token=text(_TOKEN_NOUNS["NAME"], value=word))
        return text(_M_CHARACTER, char=repr(char))

    def _hint(self, pos: int, accepts: set[str], ip: InteractiveParser, word: str | None) -> Text | None:
        expected = self._expected(accepts, ip)
        string = self.lex.string_before(pos)
        # `"a "quoted" word"`: the text ends at the inner quote, and a word follows it at once.
        if expected is not None and word is not None and string is not None and string[1] == pos:
            return text(_H_INNER_QUOTE, expected=expected)
        return expected

    def _expected(self, accepts: set[str], ip: InteractiveParser) -> Text | None:
        """What fits here, in words: single terminals first, then groups of keywords by what they start."""
        if not accepts:
            return None
        remaining = set(accepts)
        groups: list[Arg] = []
        for label, terms, examples in self.grammar.groups:
            present = remaining & terms
            if len(present) >= min(4, len(terms)) and 2 * len(present) >= len(terms):
                shown = [e for e in examples if self.grammar.by_keyword.get(e) in present][:3]
                shown = shown or sorted(self.grammar.keywords.get(t, t) for t in present)[:3]
                groups.append(text(_T_GROUP, group=text(label), examples=", ".join(f"`{e}`" for e in shown)))
                remaining -= present
        singles: list[Arg] = []
        for terminal in sorted(remaining, key=lambda t: self._single_key(t)):
            singles.append(self._single(terminal, ip))
        items = singles + groups
        if len(items) > 8:
            items = items[:7] + [text(_T_MORE, count=str(len(items) - 7))]
        return text(_H_EXPECTED, items=tuple(items))

    def _single_key(self, terminal: str) -> tuple[int, str]:
        if terminal == "RBRACE":
            return (0, "")
        if terminal == "$END":
            return (3, "")
        return (1, self.grammar.keywords[terminal]) if terminal in self.grammar.keywords else (2, terminal)

    def _single(self, terminal: str, ip: InteractiveParser) -> Arg:
        if terminal == "RBRACE":
            header = self._open_block(ip)
            if header:
                return text(_T_CLOSE, header=header)
        if terminal in _TERMINAL_NAMES:
            return text(_TERMINAL_NAMES[terminal])
        return text(_T_WORD, word=self.grammar.keywords.get(terminal, terminal.lower()))

    def _open_block(self, ip: InteractiveParser) -> str | None:
        """The words of the innermost block open where the parser is."""
        for value in reversed(ip.parser_state.value_stack):
            if isinstance(value, Token) and value.type == "LBRACE" and value.start_pos is not None:
                return self.lex.header(value.start_pos)[1]
        return None

    # -- a `"` missing ------------------------------------------------------------------------------

    def _missing_quote(self, err: UnexpectedInput, pos: int, accepts: set[str]) -> _Quote | None:
        """When the error may come from a `"` missing, the mend with which the parser gets furthest,
        if it gets past the error: a `"` at the end of a line of a text read on into the next one (or
        never closed), or before the error's word where a text is expected."""
        lex, source = self.lex, self.mended.text
        candidates: list[_Quote] = []
        if isinstance(err, UnexpectedCharacters) and source[pos:pos + 1] == '"':
            start = self.mended.to_original(pos)     # a text never closed: Lark's lexer cannot read it
            candidates += [_Quote(start, self.mended.to_original(at), "close") for at in self._closings(pos, len(source))]
        else:
            # What follows a quote missing or too many is words of a text: a word, or a sign no rule uses.
            first = source[pos:pos + 1]
            wordlike = bool(first.strip()) and first not in '"{}()[],:=+-#'
            string = lex.string_before(pos)
            if string is not None:
                start = self.mended.to_original(string[0])
                candidates += [_Quote(start, self.mended.to_original(at), "close") for at in self._closings(*string)]
                if wordlike:    # `"a "quoted" word"`: the text ends at the inner quote
                    candidates.append(_Quote(start, self.mended.to_original(string[1] - 1), "inner"))
            # A text whose opening `"` is missing: its closing `"` follows.
            if "STRING" in accepts and wordlike and '"' in source[pos:]:
                at = self.mended.to_original(pos)
                candidates.append(_Quote(at, at, "open"))
        # The parser must get past the error; then a `"` missing before a quote too many, and the fewer
        # blocks left open (a block left open inside the text read on may be a mistake of its own).
        error_at = self.mended.to_original(pos)
        best, best_score = None, (error_at, False, 0)
        for candidate in candidates:
            trial = _Attempt(self.original, [*self.quotes, candidate], find_quotes=False).run_problems()
            others = trial[len(self.quotes) + 1:]     # not the problems of the `"` themselves
            reach = min((p.start for p in others if p.start >= candidate.text_at and not p.block),
                        default=len(self.original) + 1)
            score = (reach, candidate.kind != "inner", -sum(1 for p in others if p.block))
            if reach > error_at and score > best_score:
                best, best_score = candidate, score
        return best

    def _closings(self, start: int, end: int) -> list[int]:
        """Where the `"` of a text read on into the next one may be missing (the text as read runs
        from `start` to the next text's opening `"`, at `end`): at the end of a line, or before what
        ends a line (`)`, `,`); on its first and last lines, before a blank or a sign that may follow
        a text."""
        lex, source = self.lex, self.mended.text
        found: list[int] = []
        for line in range(lex.line_of(start), min(lex.line_of(end), lex.line_of(start) + 30) + 1):
            begin = max(start + 1, lex.line_starts[line])
            if line > lex.line_of(start) and _BLOCK_LINE.match(source, begin, lex.line_end(line)):
                break    # a line that opens or closes a block is not in a text: the text ended before it
            if line == lex.line_of(end):
                begin += len(source[begin:end]) - len(source[begin:end].lstrip())
                found += [at for at in range(begin, end - 1) if source[at] in " \t,)"][-8:]
                break
            line_end = lex.line_end(line)
            found.append(line_end)
            body = source[begin:line_end].rstrip()
            tail = len(body) - len(body.rstrip("),"))
            if tail and len(body) > tail:
                found.append(begin + len(body) - tail)
            if line == lex.line_of(start):   # a short text followed by more on its line: `"144/2017/NĐ-CP 13.1`
                found += [at for at in range(begin, line_end) if source[at] in " \t,)"][-4:]
        return sorted(set(found))

    # -- a misspelt keyword ------------------------------------------------------------------------

    def _respell(self, ip: InteractiveParser, err: UnexpectedInput, pos: int, word: str, accepts: set[str]) -> bool:
        """A word close to a keyword that fits here: reported with "did you mean", and read as that
        keyword when the rest of its line then parses."""
        fitting = {self.grammar.keywords[t]: t for t in accepts if t in self.grammar.keywords
                   and re.fullmatch(r"[a-z_]+", self.grammar.keywords[t])}
        close = difflib.get_close_matches(word.lower(), sorted(fitting), n=3, cutoff=0.7)
        for keyword in close:
            token = Token(fitting[keyword], keyword, pos, None, None, None, None, pos + len(word))
            if isinstance(err, UnexpectedToken):
                token = Token.new_borrow_pos(fitting[keyword], keyword, err.token)
            line = self.lex.line_of(pos)
            if not self._line_parses(ip, token, pos + len(word), line):
                continue
            self._add(pos, pos + len(word), self._what(err, pos, word),
                      text(_H_DID_YOU_MEAN, words=tuple(text(_T_WORD, word=k) for k in close)))
            _move_lexer(ip, self.mended.text, pos + len(word))
            ip.parser_state.feed_token(token)
            return True
        return False

    def _line_parses(self, ip: InteractiveParser, token: Token, after: int, line: int) -> bool:
        trial = _quiet_copy(ip)
        _move_lexer_thread(trial.lexer_thread, self.mended.text, after)
        try:
            trial.parser_state.feed_token(token)
            for next_token in trial.lexer_thread.lex(trial.parser_state):
                if next_token.start_pos is not None and self.lex.line_of(next_token.start_pos) > line:
                    return True
                trial.parser_state.feed_token(next_token)
        except UnexpectedInput as err:   # an error on a later line is not this word's
            at = err.pos_in_stream if err.pos_in_stream is not None else len(self.mended.text)
            return self.lex.line_of(at) > line
        return True

    # -- going on after an error -------------------------------------------------------------------

    def _resync(self, ip: InteractiveParser, pos: int) -> bool:
        """Move the parser to the next place it can go on from: the `}` that closes the block the error
        is in, or a line of that block that starts with a keyword that fits there (the parser's stack
        unwound to where it fits). Blocks opened after the error are skipped whole."""
        depth = 0
        for offset, kind in self._sync_points(pos):
            if kind == "{":
                depth += 1
                continue
            if kind == "}":
                depth -= 1
                if depth >= 0:
                    continue
                if self._unwind_to(ip, "RBRACE", "}"):
                    _move_lexer(ip, self.mended.text, offset)
                    return True
                return False
            if depth == 0 and self._unwind_to(ip, kind, self.grammar.keywords[kind]):
                _move_lexer(ip, self.mended.text, offset)
                return True
        return False

    def _sync_points(self, pos: int) -> Iterator[tuple[int, str]]:
        """Braces from `pos` on, and lines after pos's that start with a keyword beginning an item,
        in order (kind: "{", "}" or the keyword's terminal)."""
        if self._item_lines is None:
            self._item_lines = self._find_item_lines()
        lex = self.lex
        after = lex.line_end(lex.line_of(pos))
        braces = [(o, b) for o, b in lex.braces if o >= pos]
        yield from sorted(braces + [(o, t) for o, t in self._item_lines if o > after])

    def _find_item_lines(self) -> list[tuple[int, str]]:
        """The lines that start with a keyword beginning an item (not in a text): (where, terminal)."""
        lex, source = self.lex, self.mended.text
        found = []
        for line_start in lex.line_starts:
            match = _LINE_START.match(source, line_start)
            if match is None or lex.in_string(match.start(1)):
                continue
            terminal = self.grammar.by_keyword.get(match.group(1))
            if terminal in self.grammar.sync:
                found.append((match.start(1), terminal))
        return found

    def _unwind_to(self, ip: InteractiveParser, terminal: str, value: str) -> bool:
        """Pop the parser's stack until `terminal` fits, never past the `{` of the block it is in."""
        state = ip.parser_state
        for popped in range(len(state.value_stack) + 1):
            if popped:
                top = state.value_stack[-popped]
                if isinstance(top, Token) and top.type == "LBRACE":
                    return False
            size = len(state.state_stack) - popped
            trial = ParserState(_quiet_conf(state), state.lexer, state.state_stack[:size], state.value_stack[:size - 1])
            try:
                trial.feed_token(Token(terminal, value), terminal == "$END")
            except UnexpectedInput:
                continue
            if popped:
                del state.state_stack[-popped:]
                del state.value_stack[-popped:]
            return True
        return False


def _quiet_conf(state: ParserState):
    """The parser's configuration without the callbacks that build the tree (for trial steps)."""
    conf = copy(state.parse_conf)
    conf.callbacks = {}
    return conf


def _quiet_copy(ip: InteractiveParser) -> InteractiveParser:
    trial = ip.copy(deepcopy_values=False)
    trial.parser_state.parse_conf = _quiet_conf(trial.parser_state)
    return trial


def _move_lexer(ip: InteractiveParser, source: str, offset: int) -> None:
    _move_lexer_thread(ip.parser_state.lexer, source, offset)


def _move_lexer_thread(thread, source: str, offset: int) -> None:
    """Make the lexer go on from `offset` (Lark reads from its line counter's position)."""
    counter = LineCounter("\n")
    counter.char_pos = offset
    counter.line = source.count("\n", 0, offset) + 1
    counter.line_start_pos = source.rfind("\n", 0, offset) + 1
    counter.column = offset - counter.line_start_pos + 1
    thread.state.line_ctr = counter
