"""The rule language's reference page: every statement a drafter writes, what it means, an example.

The reference itself is data (compiler/reference.py, whose examples tests/test_reference.py compiles);
this module turns it into the page's view model, one page per language: a table of contents, then
one section per group of statements, each statement with its anchor (the grammar rule it documents,
so `reference.html#certify` stays put when the wording changes), its syntax, its meaning in the
page's language, where it may stand, and its example highlighted as the rule files are (code.py).
`names()` gives each statement the short name the contents and the search show.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup

from ... import reference
from . import code
from .site import PageCtx
from .text import Raw, anchor, md_escape
from .view import Inline, Seg

PAGE = "reference"

_CODE = re.compile(r"`([^`]*)`")
_WORD = re.compile(r"\[?([a-z_]+)\]?")   # a word of the language (not a choice of words, `en|vi`)
_OPTIONAL = re.compile(r"\s*\[[^\]]*\]")
_TICKS = re.compile(r"`+")
_KEYWORD = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class Statement:
    anchor: str
    name: str                 # the words it starts with: `certify`, `fixed_time table`
    syntax: str               # one line, UPPER CASE filled in by the drafter
    name_md: str              # the name and the syntax as Markdown code spans
    syntax_md: str
    meaning: Inline           # in the page's language; `code` in the data is shown as code
    stands: tuple[Inline, ...]   # where it may stand, the usual place first
    meaning_md: str           # the same two as Markdown
    stands_md: str
    example_html: Markup      # highlighted, one line each
    example: str              # as plain text, for a Markdown fence
    example_fence: str


@dataclass(frozen=True)
class Group:
    anchor: str
    heading: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class ReferencePage:
    heading: str
    intro: str
    notation: Inline          # how to read a syntax line
    notation_md: str
    groups: tuple[Group, ...]


def words(text: str) -> Inline:
    """A sentence of the reference as segments: what it writes between backticks is code."""
    parts = _CODE.split(text)
    return tuple(Seg(part, code=bool(i % 2)) for i, part in enumerate(parts) if part)


def md_words(text: str) -> Raw:
    """The same sentence as Markdown. Not through the `md` filter: it escapes `|` in code for a table's
    cell, and outside a table the backslash would show (`a\\|b`)."""
    parts = _CODE.split(text)
    return Raw("".join(code_span(part) if i % 2 else md_escape(part, line_start=i == 0) for i, part in enumerate(parts)))


def code_span(text: str) -> Raw:
    """Text as a Markdown code span, which shows it as it is (`|` and `_` too: nothing is escaped in one)."""
    ticks = "`" * (max((len(run) for run in _TICKS.findall(text)), default=0) + 1)   # longer than any run in it
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Raw(f"{ticks}{pad}{text}{pad}{ticks}")


@functools.cache
def names() -> dict[str, str]:
    """Each statement's short name: the words of the language its syntax starts with. Two statements
    that start alike (`cell`, `cell … pending`) are told apart by the first word that differs after."""
    lead: dict[str, str] = {}
    later: dict[str, list[str]] = {}
    for entry in reference.ENTRIES.values():
        tokens = entry.syntax.split()
        count = next((i for i, t in enumerate(tokens) if not _KEYWORD.fullmatch(t)), len(tokens))
        # A statement that starts with no word of the language (a mark, a vocabulary's member) is named
        # by its syntax without the parts that may be left out.
        lead[entry.key] = " ".join(tokens[:count]) or _OPTIONAL.sub("", entry.syntax).split('"')[0].strip()
        later[entry.key] = [m.group(1) for m in map(_WORD.fullmatch, tokens[count:]) if m]
    out = {}
    for key, name in lead.items():
        others = [k for k, n in lead.items() if n == name and k != key]
        if not others:
            out[key] = name
            continue
        theirs = {w for k in others for w in later[k][:1]}
        differs = next((w for w in later[key] if w not in theirs), "")
        out[key] = f"{name} … {differs}" if differs else name
    return out


def build_reference(ctx: PageCtx) -> ReferencePage:
    """The page of the context's language: it has no links, so both formats and the search share it."""
    key = ("reference", ctx.lang)
    cached = ctx.site.memo.get(key)
    if cached is None:
        cached = ctx.site.memo[key] = _reference(ctx)
    return cached


def _reference(ctx: PageCtx) -> ReferencePage:
    lang = ctx.lang
    shown = names()
    groups = []
    for section in reference.SECTIONS:
        statements = []
        for entry in section.entries:
            meaning = entry.en if lang == "en" else entry.vi
            places = [reference.PLACES[place][0 if lang == "en" else 1] for place in entry.where]
            statements.append(Statement(
                anchor=anchor(entry.key), name=shown[entry.key], syntax=entry.syntax,
                name_md=code_span(shown[entry.key]), syntax_md=code_span(entry.syntax),
                meaning=words(meaning), stands=tuple(words(place) for place in places),
                meaning_md=md_words(meaning), stands_md=md_words("; ".join(places)),
                example_html=_highlighted(entry.example), example=Raw(entry.example),
                example_fence=Raw(code.fence(entry.example))))
        groups.append(Group(anchor(section.key), section.en if lang == "en" else section.vi, tuple(statements)))
    notation = ctx.ui("reference_notation")
    return ReferencePage(ctx.ui("reference_page"), ctx.ui("reference_intro"), words(notation), md_words(notation), tuple(groups))


@functools.lru_cache(maxsize=256)   # the same in both languages
def _highlighted(example: str) -> Markup:
    return Markup("\n".join(code.listing("example.rules", example).html))


def search_entries(ctx: PageCtx) -> list[tuple[str, str, str]]:
    """(title, text searched, url) of each statement: its name, meaning, syntax and example."""
    page = build_reference(ctx)
    out = []
    for group in page.groups:
        for s in group.statements:
            meaning = "".join(seg.text for seg in s.meaning)
            out.append((f"{s.name} — {group.heading}", f"{meaning} {s.syntax} {s.example}", f"{PAGE}.html#{s.anchor}"))
    return out
