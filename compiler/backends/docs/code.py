"""The files the documentation quotes, as pages of the site: rule files, worked examples, official texts.

Every link the docs make to a file and line (`rules/x.rules:141`) points at a page of the site itself
(`source/rules/x.rules.html#L141`), so a copy of the site published anywhere keeps working. A file
is read and highlighted once per build (`Listing`), for every page and both languages: a light
tokenizer per kind of file (rule files, YAML, plain text), written here in Python so the site needs
no script to show it. `statement()` finds the lines a rule statement spans from the line the IR
gives (a statement runs on while a string or a brace is open, or while the next line is indented
deeper), so an article page can quote the statements that encode each provision.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup


def escape(text: str) -> str:
    """Text as the content of an element, as markupsafe.escape writes it, without a Markup per piece."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:   # most pieces have none
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    return text

GRAMMAR = Path(__file__).resolve().parents[2] / "grammar" / "rules.lark"
STRUCTURE = frozenset({"instrument", "chapter", "article", "clause", "point", "parameter", "table", "vocabulary",
                       "choice", "option", "interpretation"})
TEXTS = frozenset({"text", "title", "note", "reading", "because", "issued_by", "source", "informative", "pending"})

# Rule files: comments, strings (they may span lines), confidence marks, dates, numbers and citations, words.
_RULES = re.compile(r'(?P<c>#[^\n]*)|(?P<s>"(?:[^"\\]|\\.)*"?)|(?<=\()(?P<m>C2|1S|INF|NF)(?=[:)])'
                    r"|(?P<d>\d{4}-\d{2}-\d{2})|(?P<n>\d[\w.%]*)|(?P<w>[A-Za-z_][A-Za-z0-9_]*)|(?P<p>[{}])", re.S)
# YAML, one line at a time: comments, keys, quoted strings, dates, numbers, constants.
_YAML = re.compile(r"(?P<c>(?:^|(?<=\s))#.*$)|(?P<k>[\w.-]+)(?=:(?:\s|$))|(?P<s>\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')"
                   r"|(?P<d>\b\d{4}-\d{2}-\d{2}\b)|(?P<n>(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]))|(?P<w>\b(?:true|false|null)\b)")
_HEADING = re.compile(r"^(Chương|Điều|Phụ lục|CHƯƠNG|PHỤ LỤC)\b")


@functools.cache
def keywords() -> frozenset[str]:
    """The rule language's words, from its grammar, so a new statement is highlighted without a change here."""
    try:
        grammar = GRAMMAR.read_text(encoding="utf-8")
    except OSError:
        return STRUCTURE | TEXTS
    return frozenset(re.findall(r'"([a-z_]+)"', grammar)) | STRUCTURE | TEXTS


@dataclass(frozen=True)
class Listing:
    """One file of the rules, read and highlighted."""
    file: str                          # as the IR names it: rules/circular-02-2021/chapter-2-actual-sessions.rules
    kind: str                          # rules | yaml | text
    lines: tuple[str, ...]             # the text of each line
    html: tuple[Markup, ...]           # each line highlighted, escaped
    in_string: tuple[bool, ...]        # a string is still open at the end of the line (rule files)
    depth: tuple[int, ...]             # braces open at the end of the line (rule files)


def kind_of(file: str) -> str:
    if file.endswith(".rules"):
        return "rules"
    if file.endswith((".yaml", ".yml")):
        return "yaml"
    return "text"


@functools.lru_cache(maxsize=1024)   # asked for each link to a file's line
def page_of(file: str) -> str:
    """The page of a file in the site: 'source/rules/x.rules' (no '..' and no absolute paths)."""
    parts = [p for p in file.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "source/" + "/".join(parts)


def read(base: Path, file: str) -> Listing | None:
    """The listing of a file under the project folder, or None when it cannot be read."""
    try:
        text = (base / file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return listing(file, text)


def listing(file: str, text: str) -> Listing:
    lines = tuple(text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    kind = kind_of(file)
    flat_strings, flat_depth = (False,) * len(lines), (0,) * len(lines)
    if kind == "rules":
        html, in_string, depth = _rules(text, len(lines))
        return Listing(file, kind, lines, html, in_string, depth)
    if kind == "yaml":
        return Listing(file, kind, lines, tuple(_yaml(line) for line in lines), flat_strings, flat_depth)
    html = tuple(Markup(f'<span class="h">{escape(line)}</span>' if _HEADING.match(line) else escape(line)) for line in lines)
    return Listing(file, kind, lines, html, flat_strings, flat_depth)


def _class(kind: str, word: str) -> str:
    if kind != "w":
        return kind
    if word in STRUCTURE:
        return "k1"
    if word in ("en", "vi"):
        return "l"
    return "k" if word in keywords() else ""


def _rules(text: str, count: int) -> tuple[tuple[Markup, ...], tuple[bool, ...], tuple[int, ...]]:
    """Each line of a rule file highlighted, whether a string is open at its end, and how many braces."""
    lines: list[list[str]] = [[]]
    in_string: list[bool] = []
    depths: list[int] = []
    depth = 0
    position = 0

    def put(piece: str, css: str) -> None:
        for i, part in enumerate(piece.split("\n")):
            if i:   # a newline inside the piece: the line ends, inside a string if the piece is one
                in_string.append(css == "s")
                depths.append(depth)
                lines.append([])
            if part:
                lines[-1].append(f'<span class="{css}">{escape(part)}</span>' if css else escape(part))

    for match in _RULES.finditer(text):
        if match.start() > position:
            put(text[position:match.start()], "")
        kind = match.lastgroup or ""
        word = match.group()
        if kind == "p":
            depth = max(0, depth + (1 if word == "{" else -1))
        put(word, _class(kind, word))
        position = match.end()
    put(text[position:], "")
    while len(in_string) < len(lines):
        in_string.append(False)
        depths.append(depth)
    html = tuple(Markup("".join(parts)) for parts in lines[:count])
    pad = count - len(html)
    return html + (Markup(""),) * pad, tuple(in_string[:count]) + (False,) * pad, tuple(depths[:count]) + (0,) * pad


def _yaml(line: str) -> Markup:
    out: list[str] = []
    position = 0
    for match in _YAML.finditer(line):
        out.append(escape(line[position:match.start()]))
        out.append(f'<span class="{match.lastgroup}">{escape(match.group())}</span>')
        position = match.end()
    out.append(escape(line[position:]))
    return Markup("".join(out))


MAX_STATEMENT = 16   # lines of a statement quoted beside the law; the rest is on the file's page


def statement(listing: Listing, line: int) -> tuple[int, int, bool]:
    """The lines (first, last, cut) of the statement that starts at `line` (1-based): a statement goes
    on while a string or a brace it opened is still open, or while the next line is indented deeper."""
    n = len(listing.lines)
    if not 1 <= line <= n:
        return line, line - 1, False
    indent = _indent(listing.lines[line - 1])
    outer = listing.depth[line - 2] if line > 1 else 0   # the braces open before the statement
    last = line
    while last < n:
        following = listing.lines[last]
        still_open = listing.in_string[last - 1] or listing.depth[last - 1] > outer
        if still_open or (following.strip() and _indent(following) > indent and not following.lstrip().startswith("#")):
            last += 1
        else:
            break
    if last - line + 1 > MAX_STATEMENT:
        return line, line + MAX_STATEMENT - 1, True
    return line, last, False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def dedent(lines: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """How many leading spaces the lines share, and the lines without them."""
    width = min((_indent(line) for line in lines if line.strip()), default=0)
    return width, tuple(line[width:] for line in lines)


def cut_html(html: Markup, width: int) -> Markup:
    """A highlighted line without its first `width` characters, which are spaces: they are in the first
    text run, before any tag, since spans hold words (a string that spans lines starts its line with them)."""
    text = str(html)
    if text.startswith('<span class="s">'):
        inner = text[len('<span class="s">'):]
        return Markup('<span class="s">' + inner[min(width, _indent(inner)):])
    return Markup(text[min(width, _indent(text)):])


_TICKS = re.compile(r"`+")


def fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in the text."""
    best = max((len(run) for run in _TICKS.findall(text)), default=0) if "`" in text else 0
    return "`" * max(3, best + 1)
