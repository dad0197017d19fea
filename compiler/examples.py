"""Worked examples written beside the rules (contract §5): run them, compare, update them.

A worked example is a YAML file under an `examples/` folder of rules/ with `name`,
`exercises` (the citations it shows), `case` (a case file) and `expect` (the figures and
finding codes the case must give), and optionally `readings` (choice -> option: the example
shows the law read another way than the default, e.g. `{odd_hours: per_occasion}`). `regc test` and pytest both run them; `regc test
--update` rewrites `expect` in place from what the rules now compute, keeping the drafter's
comments and key order (ruamel.yaml round-trip).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from . import cases

FIGURES = ("status", "sessions_declared", "sessions_payable", "base_salary_vnd", "amount_vnd")


@dataclass(frozen=True)
class Example:
    path: Path
    name: str
    line: int
    case: object
    expect: dict
    readings: dict[str, str]


def discover(rules_dir: Path) -> list[Path]:
    return sorted(p for p in Path(rules_dir).rglob("*.yaml") if "examples" in p.parts)


def load(path: Path) -> Example:
    """Read one example; the case is read as `regc validate` reads case files (exact numbers)."""
    text = path.read_text(encoding="utf-8")
    data = cases.yaml_loader().load(text)
    if not isinstance(data, dict) or "case" not in data or "expect" not in data:
        raise ValueError(f"{path}: a worked example needs `case` and `expect`")
    line = _line_of(text, "case")
    readings = data.get("readings") or {}
    if not isinstance(readings, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in readings.items()):
        raise ValueError(f"{path}: `readings` maps a choice to an option, e.g. `readings: {{odd_hours: per_occasion}}`")
    return Example(path, str(data.get("name") or path.stem), line, data["case"], dict(data["expect"] or {}),
                   dict(readings))


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def differences(expect: dict, result: dict) -> list[str]:
    """What the result says that the example does not expect, one line each."""
    problems = []
    for key in FIGURES:
        if key in expect and not _same(expect[key], result.get(key)):
            problems.append(f"{key}: expected {expect[key]!r}, got {result.get(key)!r}")
    if "codes" in expect:
        got = {f["code"] for f in result.get("findings", [])}
        missing = [code for code in expect["codes"] or () if code not in got]
        if missing:
            problems.append(f"codes: expected {', '.join(missing)} among the findings, got {', '.join(sorted(got)) or 'none'}")
    return problems


def _same(expected, actual) -> bool:
    if isinstance(expected, (int, float, Decimal)) and isinstance(actual, (int, float, Decimal)) \
            and not isinstance(expected, bool):
        return Decimal(str(expected)) == Decimal(str(actual))
    return expected == actual


def update(path: Path, result: dict) -> bool:
    """Rewrite the example's `expect` from `result`, keeping comments and order. True if changed."""
    yaml = YAML()   # round-trip
    yaml.indent(mapping=2, sequence=4, offset=2)   # the layout of the examples: `  - id: P1`
    yaml.preserve_quotes = True
    yaml.width = 4096
    original = path.read_text(encoding="utf-8")
    data = yaml.load(original)
    expect = data["expect"]
    for key in FIGURES:
        if key in expect:
            expect[key] = result.get(key)
    if "codes" in expect:
        codes = CommentedSeq(sorted({f["code"] for f in result["findings"]}))
        codes.fa.set_flow_style()
        expect["codes"] = codes
    out = io.StringIO()
    yaml.dump(data, out)
    if out.getvalue() != original:
        path.write_text(out.getvalue(), encoding="utf-8")
        return True
    return False


def module_key(name: str, readings: dict[str, str]) -> str:
    """Where the validator module for other readings is passed to the backends that run examples:
    `generated/python/m.py?odd_hours=per_occasion` (the defaults: the module's own path)."""
    return name + ("?" + "&".join(f"{k}={v}" for k, v in sorted(readings.items())) if readings else "")
