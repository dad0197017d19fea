"""`regc fmt [--check] [PATHS]`: rule files in one canonical layout, meaning and comments kept.

The layout is the one rules/ is written in: two spaces of indentation per block, one statement a
line, texts filled to 110 columns with their continuation lines two spaces in (four for a vocabulary's
`- member`), a provenance, a legal ground (`under ...`) or a second text moved to a line of its own
when it does not fit after what precedes it, blank lines kept where the author put them (at most one)
and always between top-level blocks. A block written on one line (`point a { certify 4.1.a by judge }`)
stays on one line while it fits.

Lark drops comments, so the formatter works on the token stream the parser itself reads
(`parse_interactive().iter_parse()`, exact token types and positions) and finds the comments in the
gaps between tokens; the parse tree only says which tokens make up a statement or a block. A
comment stays where it was: after the same token on its line, or on a line of its own before the
same token. A text is re-wrapped only at a single space: the compiler reads every line break in a
string, with the blanks around it, as one space, so the text it reads does not change. Every
result is parsed again and its AST and comments compared with the original's before it is written.

This module's top level imports only the standard library (see MODULE_COMMANDS in cli.py).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Tree

WIDTH = 110   # the width rules/ is written to (its wrapped texts end at 106-110 columns)
INDENT = 2

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2

# The grammar rules written `HEADER { ITEMS }`; every other rule that stands in a block is a statement.
_BLOCKS = frozenset({"instrument", "chapter", "article", "clause", "point", "interpretation", "choice", "option",
                     "op_replace", "op_insert", "vocabulary", "parameter", "table"})
# A line break in a string, with the blanks around it, is read as one space (from_tree._string).
_NEWLINE_RUN = re.compile(r"[ \t]*\r?\n[ \t]*")
# Where a text may be wrapped: a single space between two characters that are not blanks (a break
# next to another blank would swallow it) and not after a backslash (it would change an escape)...
_WRAP_POINT = re.compile(r"(?<=[^ \t\\]) (?=[^ \t])")
# ... and before a word, a number, an opening bracket or quote (or `\"`), never before a sign ("20 %", "× 23").
_WRAP_BEFORE = "([{'\\‘“«"
_COMMENT = re.compile(r"#[^\n]*")
_NO_SPACE_BEFORE = frozenset({"COMMA", "RPAR", "RSQB", "COLON"})
_NO_SPACE_AFTER = frozenset({"LPAR", "LSQB"})


class FormatError(Exception):
    """The file cannot be formatted: it does not parse. `report` is the diagnostics as `regc check` prints them."""

    def __init__(self, report: str, render=None) -> None:
        super().__init__(report)
        self.report = report
        self._render = render   # lang -> the report in that language

    def report_in(self, lang: str) -> str:
        return self._render(lang) if self._render is not None else self.report


# -- the command -----------------------------------------------------------------------------

def add_parser(subparsers: argparse._SubParsersAction) -> None:
    fmt = subparsers.add_parser(
        "fmt", help="rewrite rule files in the canonical layout (comments and meaning kept)",
        description="Rewrite rule files in one canonical layout: indentation, one statement a line, texts "
                    "wrapped at 110 columns, spacing. Comments stay where they are and what the files say does "
                    "not change (checked on every file before it is written).",
        epilog="exit status: 0 all files formatted (or, with --check, none would change); 1 with --check, a file "
               "would change; 1 a file has syntax errors (it is left as it is); 2 a path that does not exist or a "
               "file that cannot be read")
    fmt.add_argument("paths", nargs="*", metavar="PATH",
                     help="rule files, or folders of them (every .rules file under it); default: the --rules tree")
    fmt.add_argument("--check", action="store_true", help="write nothing; list the files that would change and exit 1 if any")
    fmt.add_argument("--rules", default=argparse.SUPPRESS, metavar="DIR", help="the folder of rule files")
    fmt.set_defaults(run=run)


def run(args: argparse.Namespace, rules: Path) -> int:
    from . import messages as m
    from .diagnostics import language
    from .digest import rule_files

    lang = language(getattr(args, "lang", None))
    given: Sequence[str] = args.paths
    missing = [p for p in given if not Path(p).exists()]
    if missing:
        print(m.say(m.FMT_NO_SUCH, lang, name=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    files = _files(given) if given else rule_files(args.rules)
    changed: list[str] = []
    broken = unreadable = 0
    for path in files:
        shown = os.path.relpath(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(m.say(m.FMT_CANNOT_READ, lang, name=shown, error=str(getattr(err, "strerror", None) or err)), file=sys.stderr)
            unreadable += 1
            continue
        try:
            formatted = format_text(text, shown)
        except FormatError as err:
            print(err.report_in(lang), file=sys.stderr)
            print(m.say(m.FMT_SYNTAX_ERRORS, lang, name=shown), file=sys.stderr)
            broken += 1
            continue
        if formatted == text:
            continue
        changed.append(shown)
        if args.check:
            print(shown, file=sys.stderr)
        else:
            _write(path, formatted)
            print(m.say(m.FMT_FORMATTED, lang, name=shown), file=sys.stderr)
    count = m.text(m.FMT_COUNT, changed=str(len(changed)), files=str(len(files)), s="s" * (len(files) != 1))
    summary = m.say(m.FMT_WOULD_CHANGE if args.check else m.FMT_REFORMATTED, lang, count=count)
    if broken:
        summary += m.say(m.FMT_LEFT if broken > 1 else m.FMT_LEFT_1, lang, count=str(broken))
    print(summary + (m.say(m.FMT_RUN, lang) if args.check and changed else ""), file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    return EXIT_CHANGES if broken or (args.check and changed) else EXIT_OK


def _files(paths: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        found = sorted(p for p in path.rglob("*.rules") if p.is_file()) if path.is_dir() else [path]
        out.extend(p for p in found if p not in out)
    return out


def _write(path: Path, text: str) -> None:
    """Through a file beside it and a rename: a stopped run leaves the old file or the new one."""
    temporary = path.with_name(f".{path.name}.fmt-{os.getpid()}")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


# -- formatting ------------------------------------------------------------------------------

def format_text(text: str, name: str = "<text>") -> str:
    """The canonical layout of a rule file's text; FormatError when it does not parse."""
    tree, tokens = _parse(text, name)
    comments = _Comments.of(text, tokens)
    printer = _Printer(tokens, comments)
    printer.file(_Layout(tokens).file(tree))
    result = printer.text()
    if result != text:
        _check_same(name, text, tree, comments, result)
    return result


@dataclass(frozen=True, slots=True)
class _Tok:
    type: str
    text: str
    start: int
    end: int
    line: int
    keyword: bool      # a word of the language (`certify`, `by`, `in`), not a name or a value


def _parse(text: str, name: str) -> tuple[Tree, list[_Tok]]:
    """The parse tree and every token the parser read, or FormatError with the diagnostics."""
    from lark.exceptions import UnexpectedInput

    from . import parse
    from .diagnostics import Reporter, render
    from .source import SourceFile

    source = SourceFile.from_text(name, text)
    reporter = Reporter()
    tree = parse.run(source, reporter)
    if tree is None:
        shown = lambda lang: "\n".join(render(d, {name: source}, lang) for d in reporter.sorted())
        raise FormatError(shown("en"), shown)
    parser = parse.parser()
    keywords = {t.name for t in parser.terminals if t.pattern.type == "str" and re.fullmatch(r"[a-z_]+", t.pattern.value)}
    interactive = parser.parse_interactive(text)
    try:
        raw = list(interactive.iter_parse())
    except UnexpectedInput as err:   # cannot happen: the same parser has just read the same text
        raise AssertionError(f"{name}: the parser read the text once but not twice: {err}") from None
    tokens = [_Tok(t.type, str(t), _pos(t.start_pos), _pos(t.end_pos), _pos(t.line), t.type in keywords) for t in raw]
    return tree, tokens


def _pos(value: int | None) -> int:
    if value is None:   # lark's lexer places every token it makes
        raise AssertionError("a token without a position")
    return value


def _words(text: str) -> list[str]:
    """A text cut where it may be wrapped."""
    words, start = [], 0
    for match in _WRAP_POINT.finditer(text):
        following = text[match.end()]
        if following.isalnum() or following in _WRAP_BEFORE:
            words.append(text[start:match.start()])
            start = match.end()
    words.append(text[start:])
    return words


def _text_of(token: _Tok) -> str:
    """A string token's text as the compiler reads it (line breaks as spaces), still escaped."""
    return _NEWLINE_RUN.sub(" ", token.text[1:-1])


@dataclass(frozen=True, slots=True)
class _Comment:
    text: str
    blank_before: bool   # a blank line between it and what precedes it


@dataclass
class _Comments:
    """The comments and blank lines of the gaps between tokens, by the token they are attached to.

    `leading[i]`: comments on lines of their own before token i (i == len(tokens): at the end of the
    file); `trailing[i]`: the comment after token i on its line; `blank[i]`: a blank line just before
    token i (after its leading comments, if any)."""
    leading: dict[int, list[_Comment]] = field(default_factory=dict)
    trailing: dict[int, str] = field(default_factory=dict)
    blank: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, text: str, tokens: Sequence[_Tok]) -> _Comments:
        found = cls()
        for index in range(len(tokens) + 1):
            start = tokens[index - 1].end if index else 0
            end = tokens[index].start if index < len(tokens) else len(text)
            position = start
            for match in _COMMENT.finditer(text, start, end):
                before = text[position:match.start()]
                comment = match.group().rstrip()
                if index and position == start and "\n" not in before:
                    found.trailing[index - 1] = comment
                else:
                    blank = before.count("\n") >= 2 and (index > 0 or position > 0)
                    found.leading.setdefault(index, []).append(_Comment(comment, blank))
                position = match.end()
            if text[position:end].count("\n") >= 2:
                found.blank.add(index)
        return found

    def all(self) -> list[str]:
        """Every comment's text, in the order of the file (for the check that none is lost or moved)."""
        out: list[str] = []
        for index in sorted(set(self.leading) | set(self.trailing)):
            out.extend(c.text for c in self.leading.get(index, ()))
            if index in self.trailing:
                out.append(self.trailing[index])
        return out


# -- what the tokens make up -----------------------------------------------------------------

@dataclass
class _Stmt:
    first: int
    last: int          # token indices, inclusive
    member: bool       # a `- id en "..."` line: its continuation lines go two spaces further in


@dataclass
class _Block:
    first: int
    open: int          # the `{`
    close: int         # the `}`
    items: list[_Stmt | _Block]


_Item = _Stmt | _Block


class _Layout:
    """Statements and blocks as ranges of tokens, from the parse tree's positions."""

    def __init__(self, tokens: Sequence[_Tok]) -> None:
        self.tokens = tokens
        self.by_start = {t.start: i for i, t in enumerate(tokens)}
        self.by_end = {t.end: i for i, t in enumerate(tokens)}

    def file(self, tree: Tree) -> list[_Item]:
        items = [self.item(child) for child in _subtrees(tree)]
        self._covers(items, 0, len(self.tokens))
        return items

    def item(self, node: Tree) -> _Item:
        first, last = self.by_start[node.meta.start_pos], self.by_end[node.meta.end_pos]
        if node.data not in _BLOCKS:
            return _Stmt(first, last, member=node.data == "member")
        opening = next(i for i in range(first, last) if self.tokens[i].type == "LBRACE")
        # Before the `{` are the header's parts (an option's provenance, a replaced provision's citation).
        items = [self.item(c) for c in _subtrees(node) if c.meta.start_pos > self.tokens[opening].start]
        self._covers(items, opening + 1, last)
        return _Block(first, opening, last, items)

    @staticmethod
    def _covers(items: Sequence[_Item], start: int, end: int) -> None:
        """The items are the tokens from start to end, in order, with none left over."""
        position = start
        for item in items:
            if item.first != position:
                raise AssertionError(f"tokens {position}..{item.first} belong to no statement")
            position = (item.close if isinstance(item, _Block) else item.last) + 1
        if position != end:
            raise AssertionError(f"tokens {position}..{end} belong to no statement")


def _subtrees(node: Tree) -> list[Tree]:
    from lark import Tree

    return [c for c in node.children if isinstance(c, Tree)]


# -- printing --------------------------------------------------------------------------------

class _Printer:
    def __init__(self, tokens: Sequence[_Tok], comments: _Comments) -> None:
        self.tokens = tokens
        self.comments = comments
        self.lines: list[str] = []
        self.line: str | None = None   # the line being written, not yet in self.lines

    def text(self) -> str:
        self._flush()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""

    # -- lines ----------------------------------------------------------------------------
    def _flush(self) -> None:
        if self.line is not None and self.line.strip():
            self.lines.append(self.line.rstrip())
        self.line = None

    def _start(self, indent: int) -> None:
        self._flush()
        self.line = " " * indent

    def _blank(self) -> None:
        self._flush()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _column(self) -> int:
        return len(self.line or "")

    def _at_start(self) -> bool:
        return not (self.line or "").strip()

    def _put(self, text: str) -> None:
        self.line = (self.line or "") + text

    def _comment_lines(self, comments: Sequence[_Comment], indent: int, first_blank: bool) -> None:
        for n, comment in enumerate(comments):
            if comment.blank_before and (n or first_blank):
                self._blank()
            self._start(indent)
            self._put(comment.text)
        self._flush()

    # -- files and blocks -------------------------------------------------------------------
    def file(self, items: Sequence[_Item]) -> None:
        self._items(items, 0, top=True)
        end = len(self.tokens)
        self._comment_lines(self.comments.leading.get(end, ()), 0, first_blank=bool(items))

    def _items(self, items: Sequence[_Item], indent: int, top: bool) -> None:
        for n, item in enumerate(items):
            leading = self.comments.leading.get(item.first, [])
            if n:
                # Top-level blocks are always set apart by a blank line (before the comments that introduce them).
                forced = top and (isinstance(item, _Block) or isinstance(items[n - 1], _Block))
                written = leading[0].blank_before if leading else item.first in self.comments.blank
                if forced or written:
                    self._blank()
            self._comment_lines(leading, indent, first_blank=False)
            if leading and item.first in self.comments.blank:
                self._blank()
            self._start(indent)
            if isinstance(item, _Block):
                self._block(item, indent)
            else:
                self._statement(item.first, item.last, indent + INDENT * (2 if item.member else 1))
            self._flush()

    def _block(self, block: _Block, indent: int) -> None:
        flat = self._flat_block(block) if self._one_line(block) else None
        if flat is not None and indent + len(flat) <= WIDTH:
            self._put(flat)
            self._trailing(block.close)
            return
        self._statement(block.first, block.open, indent + 2 * INDENT)
        self._items(block.items, indent + INDENT, top=False)
        self._comment_lines(self.comments.leading.get(block.close, ()), indent + INDENT, first_blank=bool(block.items))
        self._start(indent)
        self._put("}")
        self._trailing(block.close)

    def _one_line(self, block: _Block) -> bool:
        """Written on one line, with no comment inside: it may stay on one line (an empty block always may)."""
        if block.items and self.tokens[block.open].line != self.tokens[block.close].line:
            return False
        inside = range(block.first, block.close + 1)
        return (not any(i in self.comments.trailing for i in inside if i != block.close)
                and not any(i in self.comments.leading for i in inside if i != block.first))

    def _flat_block(self, block: _Block) -> str:
        header = self._flat(block.first, block.open)
        if not block.items:
            return header + "}"
        parts = [self._flat_block(i) if isinstance(i, _Block) else self._flat(i.first, i.last) for i in block.items]
        return f"{header} {'  '.join(parts)} }}"

    def _flat(self, first: int, last: int) -> str:
        out, previous = "", None
        for i in range(first, last + 1):
            token = self.tokens[i]
            out += (_space(previous, token) if previous else "") + _flat_token(token)
            previous = token
        return out

    def _trailing(self, index: int) -> None:
        if index in self.comments.trailing:
            self._put("  " + self.comments.trailing[index])

    # -- statements -------------------------------------------------------------------------
    def _statement(self, first: int, last: int, continuation: int) -> None:
        """Tokens first..last from the current position, wrapped at WIDTH: a group that does not fit is
        moved to a continuation line when it may be (see _movable), a text is wrapped inside."""
        groups = _groups(self.tokens, first, last)
        primary = next((i for i in range(first, last + 1) if self.tokens[i].type == "STRING"), None)
        previous: _Tok | None = None
        for group in groups:
            if previous is not None and not self._at_start() and _movable(self.tokens, group, primary):
                width = len(_space(previous, self.tokens[group[0]])) + len(self._flat(group[0], group[-1]))
                if self._column() + width + self._tail(group[-1], last) > WIDTH:
                    self._start(continuation)
            for i in group:
                token = self.tokens[i]
                if i != first and i in self.comments.leading:
                    self._comment_lines(self.comments.leading[i], continuation, first_blank=False)
                    self._start(continuation)
                space = "" if previous is None or self._at_start() else _space(previous, token)
                if token.type == "STRING":
                    may_break = previous is not None and _breakable(previous, token)
                    self._string(token, space, continuation, self._tail(i, last), may_break)
                else:
                    if (space and previous is not None and _breakable(previous, token)
                            and self._column() + len(space) + len(token.text) + self._tail(i, last) > WIDTH):
                        self._start(continuation)
                        space = ""
                    self._put(space + token.text)
                if i in self.comments.trailing:
                    self._trailing(i)
                    if i != last:
                        self._start(continuation)
                previous = token

    def _tail(self, index: int, last: int) -> int:
        """The width of what must stay on the line after token `index` (a closing quote and `)`, a
        comma, a `{`, a language's text up to its first place to wrap)."""
        if index in self.comments.trailing:   # the line ends after it
            return 0
        width, previous = 0, self.tokens[index]
        for i in range(index + 1, last + 1):
            token = self.tokens[i]
            if _breakable(previous, token):
                break
            width += len(_space(previous, token))
            if token.type == "STRING":
                words = _words(_text_of(token))
                width += len(words[0]) + 1
                if len(words) > 1:   # it may wrap after its first word
                    break
                width += 1
            else:
                width += len(token.text)
            if i in self.comments.trailing:
                break
            previous = token
        return width

    def _string(self, token: _Tok, space: str, continuation: int, tail: int, may_break: bool) -> None:
        text = _text_of(token)
        whole = f'"{text}"'
        if self._column() + len(space) + len(whole) + tail <= WIDTH:
            self._put(space + whole)
            return
        words = _words(text)
        first = len(words[0]) + 1 + (1 + tail if len(words) == 1 else 0)
        if (may_break and not self._at_start() and self._column() + len(space) + first > WIDTH
                and continuation + first <= WIDTH):
            self._start(continuation)   # in a list of texts: the next one on a line of its own
            space = ""
        self._put(space + '"' + words[0])
        for n, word in enumerate(words[1:], start=2):
            end = 1 + tail if n == len(words) else 0   # the last word carries the closing quote
            if self._column() + 1 + len(word) + end <= WIDTH:
                self._put(" " + word)
            else:
                self._start(continuation)
                self._put(word)
        self._put('"')


def _flat_token(token: _Tok) -> str:
    return f'"{_text_of(token)}"' if token.type == "STRING" else token.text


def _space(previous: _Tok, token: _Tok) -> str:
    return "" if previous.type in _NO_SPACE_AFTER or token.type in _NO_SPACE_BEFORE else " "


def _breakable(previous: _Tok, token: _Tok) -> bool:
    """Whether a line may break between the two: not inside `(C2: "...")`, `[a, b]`, before a comma,
    between a language and its text, after a member's dash, or before a `{`."""
    if token.type in _NO_SPACE_BEFORE or token.type == "LBRACE" or previous.type in _NO_SPACE_AFTER:
        return False
    if previous.type in ("LANG", "MINUS"):
        return False
    return not (token.type == "STRING" and previous.type != "COMMA")


def _groups(tokens: Sequence[_Tok], first: int, last: int) -> list[list[int]]:
    """A statement's tokens in groups that are kept on one line when they can: a provenance, a part
    starting with a word of the language after a value (`by ...`, `in ...`, `under ...`), a second text
    (`vi "..."` after `en "..."`, a source's `en "..."`)."""
    groups: list[list[int]] = []
    in_provenance = False
    for i in range(first, last + 1):
        token, previous = tokens[i], tokens[i - 1] if i > first else None
        starts = previous is None or (not in_provenance and (
            token.type == "LPAR"
            or (token.keyword and not previous.keyword)
            or (token.type == "LANG" and previous.type == "STRING")))
        if starts:
            groups.append([])
        groups[-1].append(i)
        in_provenance = (in_provenance or token.type == "LPAR") and token.type != "RPAR"
    return groups


def _movable(tokens: Sequence[_Tok], group: Sequence[int], primary: int | None) -> bool:
    """A group may move to a line of its own, except the one holding the statement's first text
    (`text en "..."`, `pending "..."`, `= pending "..."`), which is wrapped where it stands; a
    provenance and a legal ground (`under "144/2017/NĐ-CP" 13.1`) always may."""
    head = tokens[group[0]]
    return head.type in ("LPAR", "UNDER") or primary not in group


# -- the check that nothing but the layout changed ------------------------------------------

def _check_same(name: str, before: str, tree: Tree, comments: _Comments, after: str) -> None:
    """The AST (spans aside) and the comments of the result are the original's, or AssertionError."""
    try:
        new_tree, new_tokens = _parse(after, name)
    except FormatError as err:
        raise AssertionError(f"regc fmt made {name} unreadable (a bug in regc fmt):\n{err.report}") from None
    if _ast(tree, before, name) != _ast(new_tree, after, name):
        raise AssertionError(f"regc fmt would change what {name} says (a bug in regc fmt); nothing was written")
    if comments.all() != _Comments.of(after, new_tokens).all():
        raise AssertionError(f"regc fmt would lose or change a comment of {name} (a bug in regc fmt); nothing was written")


def _ast(tree: Tree, text: str, name: str) -> object:
    from . import from_tree
    from .diagnostics import Reporter
    from .source import SourceFile

    return from_tree.run(tree, SourceFile.from_text(name, text), Reporter())
