"""Schema backend: IR -> JSON Schemas (draft 2020-12) of a case file and of a validation result.

The case schema takes its enumerations from the rules' vocabularies (every id any version of the
rules knows: an amending act's new forms or groups included), so a case system can check its
files before sending them, and its fields are the contract's (section 2) with regc's extensions
(`aided_person`, a successor's own `method`). What the validators answer with a finding rather
than INVALID_CASE (an unknown activity, a certifier not allowed) is left a string here. The result
schema is the contract's section 3. Both are written with sorted keys: the same rules give the same
bytes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ... import ir

OUTPUT_DIR = "generated/schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


def emit(program: ir.Program, base: Path, earlier: dict[str, str] | None = None) -> dict[str, str]:
    ids = {v.id: list(v.ids) for v in program.vocabularies}
    return {f"{OUTPUT_DIR}/case.schema.json": _dump(case_schema(ids)),
            f"{OUTPUT_DIR}/result.schema.json": _dump(result_schema(ids))}


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _one_of(ids: dict[str, list[str]], vocabulary: str, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": ids.get(vocabulary, []), "description": description}


def case_schema(ids: dict[str, list[str]]) -> dict[str, Any]:
    provider = {
        "type": "object", "additionalProperties": False, "required": ["id", "kind"],
        "properties": {
            "id": {"type": "string"},
            "kind": _one_of(ids, "provider_kind", "kind of provider (Decree 144/2017 Art. 13)"),
            "from": {**DATE, "description": "the first day of a replacement's own period (Art. 8.3, 10.4)"},
            "until": {**DATE, "description": "the last day of a replaced provider's period"},
            "method": _one_of(ids, "method", "a successor's own choice of method (Art. 8.3, 10.4)"),
            "method_chosen_on": {**DATE, "description": "the successor's written choice of fixed working time"},
            "stages": {"type": "array", "items": _one_of(ids, "stage", "a stage the provider performed")},
        },
    }
    entry = {
        "type": "object", "additionalProperties": False, "required": ["date", "provider", "activity"],
        "properties": {
            "date": DATE,
            "provider": {"type": "string", "description": "the id of a provider of the case"},
            "activity": {"type": "string", "description": "the point of the circular, e.g. 4.1.a or 4.1.dd"},
            "hours": {"type": "number", "description": "actual working sessions only; above 0 and at most 24"},
            "certified_by": {"type": "string", "description": "a certifier role (the rules say which may certify what)"},
        },
    }
    group = {
        "type": "object", "additionalProperties": False, "required": ["group", "evidence"],
        "properties": {"group": _one_of(ids, "aided_group", "a group of Law 11/2017/QH14 Art. 7 (and its amendments)"),
                       "evidence": {"type": "string"}},
    }
    return {
        "$schema": DRAFT, "$id": "https://regc.invalid/schema/case.schema.json",
        "title": "A legal-aid case to validate (regc contract, section 2)",
        "type": "object", "additionalProperties": False, "required": ["case_id", "form", "method", "assigned_on", "providers"],
        "properties": {
            "case_id": {"type": ["string", "integer"]},
            "form": _one_of(ids, "form", "form of legal aid (Art. 1.1)"),
            "proceeding": _one_of(ids, "proceeding", "kind of proceedings (form proceedings only)"),
            "method": _one_of(ids, "method", "method of counting working time (Art. 3, 9)"),
            "assigned_on": DATE, "payment_date": DATE, "method_chosen_on": DATE,
            "offense_classes": {"type": "array", "items": _one_of(ids, "offense_class", "class of an offense")},
            "complexity": _one_of(ids, "complexity", "complexity of a civil or administrative case"),
            "stages": {"type": "array", "items": _one_of(ids, "stage", "a stage performed")},
            "suspended_on": {"oneOf": [DATE, {"type": "null"}]},
            "resumed_on": {"oneOf": [DATE, {"type": "null"}]},
            "providers": {"type": "array", "minItems": 1, "items": provider},
            "entries": {"type": "array", "items": entry},
            "aided_person": {"type": "object", "additionalProperties": False, "required": ["groups"],
                             "properties": {"groups": {"type": "array", "minItems": 1, "items": group}}},
        },
    }


def result_schema(ids: dict[str, list[str]]) -> dict[str, Any]:
    money = {"type": ["integer", "null"], "description": "whole đồng, or null when not known"}
    sessions = {"type": ["number", "null"]}
    finding = {
        "type": "object", "required": ["code", "severity", "citation", "entry", "message"],
        "properties": {
            "code": {"type": "string"}, "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "citation": {"type": ["string", "null"]}, "entry": {"type": ["integer", "null"]},
            "message": {"type": "string"}, "field": {"type": ["string", "null"]}, "where": {"type": "string"},
        },
    }
    step = {"type": "object", "required": ["citation", "step", "value"],
            "properties": {"citation": {"type": "string"}, "step": {"type": "string"}, "value": {"type": ["number", "null"]}}}
    provider = {"type": "object", "required": ["id", "kind", "sessions_payable", "amount_vnd"],
                "properties": {"id": {"type": ["string", "null"]}, "kind": {"type": ["string", "null"]},
                               "sessions_payable": sessions, "amount_vnd": money}}
    return {
        "$schema": DRAFT, "$id": "https://regc.invalid/schema/result.schema.json",
        "title": "The result of validating a case (regc contract, section 3)",
        "type": "object",
        "required": ["case_id", "instrument", "method", "status", "sessions_declared", "sessions_payable",
                     "base_salary_vnd", "amount_vnd", "providers", "findings", "trace"],
        "properties": {
            "case_id": {"type": ["string", "null"]}, "instrument": {"type": ["string", "null"]},
            "method": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": ["ok", "rejected", "not_governed"]},
            "sessions_declared": sessions, "sessions_payable": sessions,
            "base_salary_vnd": money, "amount_vnd": money,
            "providers": {"type": "array", "items": provider},
            "findings": {"type": "array", "items": finding},
            "trace": {"type": "array", "items": step},
            "governed_by": {"type": "array", "items": {"type": "string"}},
        },
    }
