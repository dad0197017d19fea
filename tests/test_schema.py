"""The JSON Schemas generated into generated/schema/ (case file and result): every worked example, every
case of the corpus and of the contract's examples is a valid case, and every result is a valid result."""
from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from compiler import cases, examples
from compiler.api import load_validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "generated" / "schema"


def as_json(value):
    """A case as it would travel as JSON: dates as text, exact numbers as numbers."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@pytest.fixture(scope="module")
def case_validator():
    schema = json.loads((SCHEMAS / "case.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def result_validator():
    schema = json.loads((SCHEMAS / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def all_cases(shared_dir: Path | None) -> list[tuple[str, object]]:
    found = [(str(p.relative_to(ROOT)), examples.load(p).case) for p in sorted((ROOT / "rules").rglob("examples/*.yaml"))]
    for line_no, line in enumerate((ROOT / "examples" / "corpus" / "synthetic.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        found.append((f"synthetic.jsonl:{line_no}", json.loads(line)))
    if shared_dir is not None:
        for path in sorted((shared_dir / "examples").glob("*.yaml")):
            found += [(item.where, item.case) for item in cases.read(str(path)) if isinstance(item, cases.Loaded)]
    return found


def test_every_case_is_a_valid_case_file_and_every_result_a_valid_result(case_validator, result_validator, root):
    shared = root.parent / "shared"
    validator = load_validator(ROOT / "rules")
    checked = 0
    for where, case in all_cases(shared if shared.is_dir() else None):
        problems = [e.message for e in case_validator.iter_errors(as_json(case))]
        assert problems == [], where
        result = validator.validate(case)
        assert [e.message for e in result_validator.iter_errors(result)] == [], where
        checked += 1
    assert checked > 400


def test_the_case_schema_takes_its_ids_from_the_rules(case_validator):
    case = as_json(examples.load(ROOT / "rules" / "circular-02-2021" / "examples" / "art03-sessions.yaml").case)
    assert not list(case_validator.iter_errors(case))
    for field, value in (("form", "mediation"), ("method", "lump_sum"), ("assigned_on", "4 March 2024")):
        assert list(case_validator.iter_errors({**case, field: value})), field
    groups = json.loads((SCHEMAS / "case.schema.json").read_text(encoding="utf-8"))
    aided = groups["properties"]["aided_person"]["properties"]["groups"]["items"]["properties"]["group"]["enum"]
    assert "near_poor_household" in aided and "elderly" in aided
    roles_are_open = groups["properties"]["entries"]["items"]["properties"]["certified_by"]
    assert roles_are_open == {"type": "string", "description": "a certifier role (the rules say which may certify what)"}


def test_an_invalid_case_result_is_a_valid_result_too(result_validator):
    result = load_validator(ROOT / "rules").validate({"case_id": 5, "nickname": "x"})
    assert result["status"] == "rejected" and not list(result_validator.iter_errors(result))
