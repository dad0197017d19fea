"""Renaming an id of the rules: where it is defined, everywhere a rule uses it, and, for an id of a
vocabulary, in the cases of the worked examples (YAML) that name it, so that `regc test` still passes.

No LSP type here: spans of rule files and (file, line, column) places in the examples come out.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import ast
from .complete import keywords
from .index import RENAMABLE, Index, Symbol

NAME = re.compile(r"[a-z][a-z0-9_]*")


class RenameError(ValueError):
    """A new name the rules cannot take; the message says why."""


@dataclass(frozen=True, slots=True)
class YamlEdit:
    path: Path
    line: int     # 0-based, as ruamel.yaml counts
    col: int      # 0-based, in characters
    length: int


def refusal(symbol: Symbol) -> str | None:
    """Why a symbol cannot be renamed whatever its new name, or None."""
    if symbol.kind not in RENAMABLE:
        return f"a {symbol.kind} cannot be renamed"
    known = named_in_compiler(symbol.key[-1])
    if known is not None:
        return (f"`{symbol.key[-1]}` is named in the compiler itself ({known}): renamed in the rules only, "
                "the validators would no longer find it")
    return None


def check_name(symbol: Symbol, new: str, index: Index) -> None:
    reason = refusal(symbol)
    if reason is not None:
        raise RenameError(reason)
    if not NAME.fullmatch(new):
        raise RenameError(f"`{new}` is not a name: lowercase letters, digits and _, starting with a letter")
    if new in keywords():
        raise RenameError(f"`{new}` is a word of the rule language")
    taken = Symbol(symbol.kind, symbol.key[:-1] + (new,))
    if taken != symbol and index.by_symbol.get(taken):
        what = f"an id of vocabulary `{symbol.key[0]}`" if symbol.kind == "member" else f"a {symbol.kind}"
        raise RenameError(f"`{new}` is already {what}")


@functools.cache
def _compiler_sources() -> tuple[tuple[str, str], ...]:
    """The compiler's own code and templates (not this package): (path from the project, text)."""
    package = Path(__file__).resolve().parent.parent
    return tuple((path.relative_to(package.parent).as_posix(), path.read_text(encoding="utf-8"))
                 for path in sorted(package.rglob("*")) if path.suffix in (".py", ".j2") and "lsp" not in path.parts
                 and "__pycache__" not in path.parts)


def named_in_compiler(name: str) -> str | None:
    """The first file of the compiler that spells `name` as a string ("fixed_time", "certifier_role"):
    such a name the rules cannot change on their own."""
    quoted = re.compile(r"[\"']" + re.escape(name) + r"[\"']")
    return next((path for path, text in _compiler_sources() if quoted.search(text)), None)


@functools.cache
def _case_fields() -> dict[str, str]:
    """The fields of a case that hold ids of a vocabulary (field -> vocabulary), as the case schema says
    (schema backend), and the certifier an entry names (a plain string there: the rules say which may
    certify what)."""
    from ..backends.schema.emit import case_schema

    marker = "\0"
    vocabularies = ("form", "proceeding", "method", "provider_kind", "offense_class", "complexity", "stage", "aided_group")
    schema = case_schema({v: [marker + v] for v in vocabularies})
    out = {"certified_by": "certifier_role"}

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            enum = node.get("enum")
            if key is not None and isinstance(enum, list) and len(enum) == 1 and str(enum[0]).startswith(marker):
                out[key] = enum[0][1:]
            for name, value in node.items():
                walk(value, name if name not in ("properties", "items") else key)

    walk(schema, None)
    return out


def example_files(files: dict[str, ast.RuleFile], dirs: tuple[Path, ...], base: Path) -> list[Path]:
    """The worked examples of a tree: those the rule files name (`example "FILE"`, read from the rule
    file's folder) and those `regc test` finds (examples.discover)."""
    from ..examples import discover

    out = [path.resolve() for folder in dirs for path in discover(folder)]
    for name, rule_file in files.items():
        folder = (Path(name) if Path(name).is_absolute() else base / name).parent
        out += [(folder / e.path).resolve() for e in _examples(rule_file.items)]
    return sorted(set(out))


def _examples(items: tuple[ast.Node, ...]) -> Iterator[ast.Example]:
    for item in items:
        if isinstance(item, ast.Example):
            yield item
        elif isinstance(item, ast.Provision):
            yield from _examples(item.items)
        elif isinstance(item, ast.ProvisionOp) and item.body is not None:
            yield from _examples(item.body.items)


def yaml_edits(path: Path, text: str, vocabulary: str, old: str) -> list[YamlEdit]:
    """Where the case of a worked example names `old` of `vocabulary`: in the fields that hold its ids."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    try:
        data = YAML(typ="rt").load(text)
    except Exception:   # a broken example is reported by `regc test`; rename leaves it as it is
        return []
    fields = _case_fields()
    lines = text.split("\n")
    out: list[YamlEdit] = []

    def edit(line: int, col: int) -> None:
        row = lines[line] if line < len(lines) else ""
        col += 1 if row[col:col + 1] in ("'", '"') else 0
        if row[col:col + len(old)] == old:   # only where the text is the id itself
            out.append(YamlEdit(path, line, col, len(old)))

    def walk(node: Any, field: str | None) -> None:
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                if value == old and fields.get(str(key)) == vocabulary:
                    edit(*node.lc.value(key))
                walk(value, str(key))
        elif isinstance(node, CommentedSeq):
            for n, value in enumerate(node):
                if value == old and field is not None and fields.get(field) == vocabulary:
                    edit(*node.lc.item(n))
                walk(value, field)

    if isinstance(data, CommentedMap) and "case" in data:
        walk(data["case"], None)
    return out
