"""What `regc lsp` offers to complete, from what the line says so far: certifier roles after `certify
... by`, activities (points) after `certify`, tables after `table`, parameters after `=`, groups after
`eligible`, ...; elsewhere the language's keywords (read from the grammar) and every name.

A line-based guess, not a parse: the text being typed rarely parses. No LSP type here.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import ast
from ..resolve import Program


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    kind: str            # keyword | role | activity | member | vocabulary | table | parameter
    detail: str = ""
    documentation: str = ""


@functools.cache
def keywords() -> tuple[str, ...]:
    """Every word the grammar spells out (`"certify"`, `"by"`, ...), its comments left out."""
    from ..parse import GRAMMAR

    grammar = re.sub(r"//[^\n]*", "", GRAMMAR.read_text(encoding="utf-8"))
    return tuple(sorted(set(re.findall(r'"([a-z_]+)"', grammar))))


# What is expected at the end of a line typed so far, the first that matches deciding.
_CONTEXTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcertify\b.*\bby\s+[\w\s,]*$"), "roles"),
    (re.compile(r"\bfixed_time\s+table\b.*\bby\s+[\w\s,]*$|\b(add\s+member|axis|level|with)\s+\w*$"), "vocabularies"),
    (re.compile(r"\b(certify|activities)\s+[\w.,\s]*$|\bon\s+[\w.,\s]*$"), "activities"),
    (re.compile(r"\b(table|change\s+cell)\s+\w*$"), "tables"),
    (re.compile(r"(=\s*\w*|\b(floor|ceiling)\s+[\d.]+\s+\w*|\bchange\s+parameter\s+\w*)$"), "parameters"),
    (re.compile(r"\b(eligible|group|includes|if)\s+[\w\s,]*$"), "groups"),
    (re.compile(r"\b(method|chooses)\s+\w*$"), "methods"),
    (re.compile(r"\b(session_rate|of)\s+\w*$"), "provider_kinds"),
    (re.compile(r"\b(in|also_in|scope|for)\s+[\w\s,]*$"), "areas"),
)


def context(prefix: str) -> str | None:
    """What the text before the cursor on its line expects; None inside a string or a comment."""
    quoted = prefix.count('"') - prefix.count('\\"')
    if quoted % 2 or "#" in re.sub(r'"(?:[^"\\]|\\.)*"', "", prefix):
        return None
    for pattern, what in _CONTEXTS:
        if pattern.search(prefix):
            return what
    return "anything"


def items(prefix: str, program: Program | None, instrument: str | None) -> list[Item]:
    what = context(prefix)
    if what is None:
        return []
    if program is None:
        return _keywords() if what == "anything" else []
    members: Callable[[str], list[Item]] = lambda vocabulary: _members(program, vocabulary)
    found = {
        "roles": lambda: members("certifier_role"),
        "vocabularies": lambda: [Item(v.id.value, "vocabulary", _label(v.texts, "title")) for v in program.vocabularies.values()],
        "activities": lambda: _activities(program, instrument),
        "tables": lambda: _tables(program),
        "parameters": lambda: _parameters(program),
        "groups": lambda: members("aided_group"),
        "methods": lambda: members("method"),
        "provider_kinds": lambda: members("provider_kind"),
        "areas": lambda: members("proceeding") + members("form"),
    }.get(what)
    if found is not None:
        return found()
    every = [m for name in program.vocabularies for m in members(name)]
    return _keywords() + every + _tables(program) + _parameters(program)


def _keywords() -> list[Item]:
    return [Item(word, "keyword") for word in keywords()]


def _label(texts: tuple[ast.LangText, ...], kind: str, lang: str = "en") -> str:
    return next((" ".join(t.text.split()) for t in texts if t.kind == kind and t.lang == lang and t.text), "")


def _members(program: Program, vocabulary: str) -> list[Item]:
    vocab = program.vocabularies.get(vocabulary)
    if vocab is None:
        return []
    kind = "role" if vocabulary == "certifier_role" else "member"
    return [Item(m.id.value, kind, f"{vocabulary}: {_label(m.texts, 'label')}".rstrip(": "), _label(m.texts, "label", "vi"))
            for m in vocab.members]


def _activities(program: Program, instrument: str | None) -> list[Item]:
    """The points that are activities, in the instrument of the file being edited (a citation is read there)."""
    out = {}
    for placed in program.placed:
        if isinstance(placed.node, ast.Activity) and (instrument is None or placed.instrument == instrument):
            info = program.instruments[placed.instrument].provisions.get(placed.citation)
            texts = info.node.items if info is not None else ()
            areas = ", ".join(a.value for a in placed.node.areas)
            text_en = _label(tuple(t for t in texts if isinstance(t, ast.LangText)), "text")
            text_vi = _label(tuple(t for t in texts if isinstance(t, ast.LangText)), "text", "vi")
            out[placed.citation] = Item(placed.citation, "activity", f"activity in {areas}: {text_en}"[:120], text_vi)
    return sorted(out.values(), key=lambda i: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in i.label.split(".")])


def _tables(program: Program) -> list[Item]:
    return [Item(t.id.value, "table", _label(t.texts, "title")) for t in program.tables.values()]


def _parameters(program: Program) -> list[Item]:
    return [Item(p.id.value, "parameter", _label(p.texts, "title")) for p in program.parameters.values()]
