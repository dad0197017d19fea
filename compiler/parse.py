"""Pass 1: rule file text -> Lark parse tree, with syntax errors turned into Diagnostics.

The Lark parser is LALR, strict (no conflicts, no regex collisions), with positions. It is built
once per process, and its tables are kept in the user's private cache (compiler/usercache.py, never
the shared temporary folder), so `regc check` does not re-analyse the grammar on every run.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import lark
from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import codes, usercache
from .diagnostics import Reporter
from .source import SourceFile

GRAMMAR = Path(__file__).parent / "grammar" / "rules.lark"

# What a terminal looks like to a drafter, for "expected ..." in syntax errors.
_TERMINAL_NAMES = {
    "STRING": 'a "quoted text"', "NAME": "a name", "INT": "a number", "NUMBER": "a number",
    "NUMBER_OR_PERCENT": "a number or percentage", "PERCENT": "a percentage like 130%",
    "DATE": "a date like 2021-07-15", "CITATION": "a citation like 4.1.a", "LANG": "`en` or `vi`",
    "LETTER": "a point letter (a, b, c, d, dd, e, g, h, i, k, l, m, n)", "ROMAN": "a roman numeral",
    "CONFIDENCE": "C2, 1S, INF or NF", "REMAINDER_OP": "`under` or `from`",
    "LBRACE": "`{`", "RBRACE": "`}`", "LSQB": "`[`", "RSQB": "`]`", "LPAR": "`(`", "RPAR": "`)`",
    "COMMA": "`,`", "COLON": "`:`", "EQUAL": "`=`", "PLUS": "`+`", "MINUS": "`-`", "$END": "the end of the file",
}


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
    usercache.store(name, built.save)
    return built


def run(source: SourceFile, reporter: Reporter) -> Tree | None:
    """Parse one file; on a syntax error report it (with what was expected) and return None."""
    try:
        return parser().parse(source.text)
    except UnexpectedInput as err:
        reporter.error(codes.SYNTAX, _message(err, source), _error_span(err, source), hint=_hint(err))
        return None


def _error_span(err: UnexpectedInput, source: SourceFile):
    start = err.pos_in_stream if err.pos_in_stream is not None else len(source.text)
    token = getattr(err, "token", None)
    end = start + max(1, len(str(token))) if token is not None and token.type != "$END" else start + 1
    return source.span(start, min(end, max(start + 1, len(source.text))))


def _message(err: UnexpectedInput, source: SourceFile) -> str:
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        return "the file ended unexpectedly (is a `}` missing?)"
    if isinstance(err, UnexpectedCharacters):
        pos = err.pos_in_stream
        char = source.text[pos] if pos is not None and pos < len(source.text) else ""
        return f"unexpected character {char!r}"
    if isinstance(err, UnexpectedToken):
        return f"unexpected {_describe_token(err.token)}"
    return "syntax error"


_TOKEN_NOUNS = {"NAME": "name", "STRING": "text", "CITATION": "citation", "NUMBER": "number", "INT": "number",
                "DATE": "date", "PERCENT": "percentage", "NUMBER_OR_PERCENT": "number"}


def _describe_token(token) -> str:
    noun = _TOKEN_NOUNS.get(token.type)
    return f"{noun} `{token}`" if noun else f"`{token}`"


def _hint(err: UnexpectedInput) -> str | None:
    expected = sorted(getattr(err, "expected", None) or getattr(err, "allowed", None) or ())
    if not expected:
        return None
    words = sorted({_TERMINAL_NAMES.get(t, _keyword(t)) for t in expected})
    if len(words) > 8:
        return f"expected one of {len(words)} things here, such as {', '.join(words[:6])}"
    return "expected " + ", ".join(words)


def _keyword(terminal: str) -> str:
    p = parser()
    for term in p.terminals:
        if term.name == terminal and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return terminal.lower()
