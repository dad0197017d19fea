"""Worked examples written beside the rules (contract §5): run them, compare, update them.

A worked example is a YAML file under an `examples/` folder of rules/ with `name`,
`exercises` (the citations it shows), `case` (a case file) and `expect` (the figures and
finding codes the case must give), and optionally `readings` (choice -> option: the example
shows the law read another way than the default, e.g. `{odd_hours: per_occasion}`). `regc test` and
pytest both run them; `regc test --update` rewrites the figures of `expect` that the rules now compute
differently, each where it is written and nothing else (ruamel.yaml round-trip says where).
"""
from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import cases
from .diagnostics import Text, define, text

_EXPECTED = define("example.expected", "{key}: expected {expected}, got {got}", "{key}: cần {expected}, nhận được {got}")
_CODES = define("example.codes", "codes: expected {expected} among the findings, got {got}",
                "codes: cần {expected} trong các phát hiện, nhận được {got}")
_NONE = define("example.none", "none", "không có")

FIGURES = ("status", "sessions_declared", "sessions_payable", "base_salary_vnd", "amount_vnd")


@dataclass(frozen=True)
class Example:
    path: Path
    name: str
    line: int
    case: object
    expect: dict
    readings: dict[str, str]
    exercises: tuple[str, ...] = ()   # the citations it illustrates
    text: str = ""                    # the file as written (the docs show its `case:` block)


def discover(rules_dir: Path) -> list[Path]:
    return sorted(p for p in Path(rules_dir).rglob("*.yaml") if "examples" in p.parts)


def load(path: Path) -> Example:
    """Read one example; the case is read as `regc validate` reads case files (exact numbers).

    A build reads each example more than once (for its readings, then to run it): the file is parsed
    again only when it changed (its size and modification time), and each caller gets its own copy."""
    stat = Path(path).stat()
    return copy.deepcopy(_load(Path(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _load(path: Path, mtime_ns: int, size: int) -> Example:
    text = path.read_text(encoding="utf-8")
    data = cases.yaml_loader().load(text)
    if not isinstance(data, dict) or "case" not in data or "expect" not in data:
        raise ValueError(f"{path}: a worked example needs `case` and `expect`")
    line = _line_of(text, "case")
    readings = data.get("readings") or {}
    if not isinstance(readings, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in readings.items()):
        raise ValueError(f"{path}: `readings` maps a choice to an option, e.g. `readings: {{odd_hours: per_occasion}}`")
    return Example(path, str(data.get("name") or path.stem), line, data["case"], dict(data["expect"] or {}),
                   dict(readings), tuple(str(e) for e in data.get("exercises") or ()), text)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def differences(expect: dict, result: dict, lang: str = "en") -> list[str]:
    """What the result says that the example does not expect, one line each, in `lang`."""
    return [problem.render(lang) for problem in difference_texts(expect, result)]


def difference_texts(expect: dict, result: dict) -> list[Text]:
    """differences(), each line as a message of the catalog (rendered in the reader's language)."""
    problems = []
    for key in FIGURES:
        if key in expect and not _same(expect[key], result.get(key)):
            problems.append(text(_EXPECTED, key=key, expected=repr(expect[key]), got=repr(result.get(key))))
    if "codes" in expect:
        got = {f["code"] for f in result.get("findings", [])}
        missing = [code for code in expect["codes"] or () if code not in got]
        if missing:
            problems.append(text(_CODES, expected=", ".join(missing),
                                 got=", ".join(sorted(got)) if got else text(_NONE)))
    return problems


def _same(expected, actual) -> bool:
    if isinstance(expected, (int, float, Decimal)) and isinstance(actual, (int, float, Decimal)) \
            and not isinstance(expected, bool):
        return Decimal(str(expected)) == Decimal(str(actual))
    return expected == actual


def update(path: Path, result: dict) -> bool:
    """Rewrite the figures of the example's `expect` that `result` changes, and nothing else: each new
    value takes the place of the old one's text, in the old one's style (quotes, flow or block list),
    so that comments, their columns, indentation and every other line stay byte for byte. True if
    the file changed."""
    original = path.read_text(encoding="utf-8")
    data = YAML().load(original)   # round-trip: where each value is written
    expect = data.get("expect") if isinstance(data, CommentedMap) else None
    if not isinstance(expect, CommentedMap):
        return False
    starts = [0]
    for line in original.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []   # (start, end, new text) in the original
    for key in FIGURES:
        if key in expect and not _same(expect[key], result.get(key)):
            line, column = expect.lc.value(key)
            start = starts[line] + column
            end = start + _scalar_length(original, start)
            edits.append((start, end, _scalar(result.get(key), original[start:end])))
    if "codes" in expect:
        want = sorted({f["code"] for f in result.get("findings", [])})
        if list(expect["codes"] or ()) != want:
            edits.append(_codes_edit(original, starts, expect, want))
    text = original
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if text == original:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _scalar_length(text: str, start: int) -> int:
    """The length of the scalar written at `start`: a quoted string to its closing quote, a plain one
    to the end of its line or a comment, trailing spaces left out."""
    quote = text[start:start + 1]
    if quote in ("'", '"'):
        at = start + 1
        while at < len(text):
            if text[at] == "\\" and quote == '"':
                at += 2
                continue
            if text[at] == quote:
                if quote == "'" and text[at + 1:at + 2] == "'":
                    at += 2
                    continue
                return at + 1 - start
            at += 1
        return len(text) - start
    end = len(text) if (newline := text.find("\n", start)) < 0 else newline
    comment = text.find(" #", start, end)
    return len(text[start:comment if comment >= 0 else end].rstrip())


def _scalar(value: object, old: str) -> str:
    """`value` as YAML, in the style of the text it replaces."""
    if value is None:
        return old if old in ("~", "null", "Null", "NULL") else "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    text = str(value)
    if old.startswith('"'):
        return json.dumps(text, ensure_ascii=False)
    if old.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    return text if re.fullmatch(r"[A-Za-z_][\w.-]*", text) else json.dumps(text, ensure_ascii=False)


def _codes_edit(text: str, starts: list[int], expect: Any, want: list[str]) -> tuple[int, int, str]:
    """The edit that writes `want` as the `codes` list, in the style the list is written in."""
    codes = expect["codes"]
    line, column = expect.lc.value("codes")
    start = starts[line] + column
    if isinstance(codes, CommentedSeq) and codes and not codes.fa.flow_style():   # a block list: one line an item
        first_line, first_column = codes.lc.item(0)
        last_line = codes.lc.item(len(codes) - 1)[0]
        indent = text[starts[first_line]:starts[first_line] + first_column]   # up to the item, past its `- `
        quote = text[starts[first_line] + first_column:][:1]
        tails = {}   # a code kept keeps what follows it on its line (a comment)
        for n, code in enumerate(codes):
            item_line, item_column = codes.lc.item(n)
            written = text[starts[item_line] + item_column:starts[item_line + 1]]
            tails[str(code)] = written[len(_code(str(code), quote)):]
        lines = "".join(f"{indent}{_code(code, quote)}{tails.get(code, chr(10))}" for code in want)
        return starts[first_line], starts[last_line + 1], lines
    if text[start:start + 1] == "[":   # a flow list: to its closing bracket
        end = text.index("]", start) + 1
        inner = text[start + 1:end - 1].strip()
        quote = inner[:1]
        return start, end, "[" + ", ".join(_code(code, quote) for code in want) + "]"
    # `codes:` with nothing after it: a flow list on the same line
    key_line, key_column = expect.lc.key("codes")
    at = starts[key_line] + key_column + len("codes:")
    return at, at, " [" + ", ".join(want) + "]"


def _code(code: str, quote: str) -> str:
    return f"{quote}{code}{quote}" if quote in ("'", '"') else code


def module_key(name: str, readings: dict[str, str]) -> str:
    """Where the validator module for other readings is passed to the backends that run examples:
    `generated/python/m.py?odd_hours=per_occasion` (the defaults: the module's own path)."""
    return name + ("?" + "&".join(f"{k}={v}" for k, v in sorted(readings.items())) if readings else "")
