"""Diagnostics as SARIF 2.1.0 (OASIS), for code-scanning tools: `regc check --format sarif`.

One run of one tool, regc: its rules are the codes of codes.py, with what each means and how to fix
it (compiler/explain.py); its results are the diagnostics, each at its file, line and column.
Columns count characters (Unicode code points), as the compiler's spans do, and the run says so
(`columnKind`), since SARIF would otherwise read them as UTF-16 units and misplace Vietnamese text.
File names are relative to the folder above the rules (the project), named `SRCROOT`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import __version__
from .codes import CODES, Code
from .diagnostics import Diagnostic, Severity
from .source import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def log(diagnostics: list[Diagnostic], base: Path | None = None, lang: str = "en") -> dict[str, Any]:
    """The SARIF log of one `regc check`: `base` is the folder the file names are relative to."""
    index = {code: i for i, code in enumerate(CODES)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "regc",
            "version": __version__,
            "rules": [_rule(code, lang) for code in CODES.values()],
        }},
        "language": lang,
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code.code], lang) for d in diagnostics],
    }
    if base is not None:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": base.resolve().as_uri() + "/"}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: Code, lang: str) -> dict[str, Any]:
    from .explain import EXPLANATIONS, explanation_text

    explanation = EXPLANATIONS.get(code.code)
    rule: dict[str, Any] = {
        "id": code.code,
        "name": code.slug,
        "shortDescription": {"text": code.summary(lang)},
        "defaultConfiguration": {"level": "error" if code.code.startswith("E") else "warning"},
        "properties": {"stage": code.stage},
    }
    if explanation is not None:
        rule["fullDescription"] = {"text": explanation.meaning[lang]}
        rule["help"] = {"text": explanation.fix[lang],
                        "markdown": f"{explanation.fix[lang]}\n\n```\n{explanation_text(code.code, lang)}\n```"}
    return rule


def _result(diagnostic: Diagnostic, rule_index: int, lang: str) -> dict[str, Any]:
    hint = diagnostic.hint_in(lang)
    message = diagnostic.message_in(lang)
    result: dict[str, Any] = {
        "ruleId": diagnostic.code.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": f"{message}\n{hint}" if hint else message},
        "locations": [_location(diagnostic.primary.span)],
    }
    if diagnostic.secondary:
        result["relatedLocations"] = [
            {**_location(label.span), "id": i, "message": {"text": label.message_in(lang) or message}}
            for i, label in enumerate(diagnostic.secondary)]
    if hint:
        result["properties"] = {"hint": hint}
    return result


def _location(span: Span) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": span.file, "uriBaseId": "SRCROOT"},
        # SARIF's endColumn is the column after the region, as the spans' end_col is.
        "region": {"startLine": span.line, "startColumn": span.col,
                   "endLine": span.end_line, "endColumn": max(span.end_col, span.col)},
    }}
