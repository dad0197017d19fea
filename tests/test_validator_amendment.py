"""An amendment is an edit to rules/, never a code change (contract §4: "changeable there without touching
code").

A new base salary (invented for the test: 2,700,000 from 2027-01-01, "999/2026/NĐ-CP (test)") is written
into a copy of rules/base-salary.rules by plain string editing; the copy is compiled with
compiler.pipeline.compile_rules, the generated module is written into a temporary folder and imported.
Cases paid from 2027-01-01 get the new figure; every other case gets exactly the result of the
unamended validator; nothing under compiler/ (nor rules/, nor generated/) is touched.
"""
from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from compiler.api import load_validator
from compiler.pipeline import compile_rules
from pinned import pinned_dir

ROOT = Path(__file__).resolve().parents[1]
RULES = pinned_dir()   # rules/ with the values the figures below assume (tests/pinned.py)
MODULE = "generated/python/circular_02_2021.py"
NEW_VALUE = '  value 2700000 from 2027-01-01 source "999/2026/NĐ-CP (test)"\n'
OVERLAPPING_VALUE = '  value 2700000 from 2026-01-01 until 2026-12-31 source "999/2026/NĐ-CP (test)"\n'


# ------------------------------------------------------------------------------------------ helpers

def tree_hash(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (caches left out), by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def amend(rules_copy: Path, line: str) -> None:
    """Insert `line` as the last value of the base_salary parameter, by plain string editing."""
    path = rules_copy / "base-salary.rules"
    text = path.read_text(encoding="utf-8")
    assert text.count("parameter ") == 1 and "parameter base_salary" in text
    end = text.rindex("}")                       # the brace that closes `parameter base_salary {`
    path.write_text(text[:end] + line + text[end:], encoding="utf-8")


def import_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def case(payment_date, **overrides) -> dict:
    """A criminal case, one lawyer: 2 + 5 + 3 = 10 h = 2.5 sessions (Art. 3.2)."""
    base = {
        "case_id": f"AM-{payment_date}",
        "form": "proceedings",
        "proceeding": "criminal",
        "method": "actual_sessions",
        "assigned_on": "2021-07-20",
        "payment_date": payment_date,
        "providers": [{"id": "P1", "kind": "lawyer"}],
        "entries": [
            {"date": "2021-08-02", "provider": "P1", "activity": "4.1.a", "certified_by": "presiding_agency", "hours": 2},
            {"date": "2021-08-03", "provider": "P1", "activity": "4.1.i", "certified_by": "judge", "hours": 5},
            {"date": "2021-08-04", "provider": "P1", "activity": "4.1.dd", "certified_by": "detention_officer", "hours": 3},
        ],
    }
    base.update(overrides)
    return base


# ------------------------------------------------------------------------------------------ fixtures

def compile_and_import(rules_dir: Path, out_dir: Path, name: str):
    """compile_rules on `rules_dir`, write the validator module into `out_dir`, import it."""
    compilation = compile_rules(rules_dir)
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    target = out_dir / Path(MODULE).name
    out_dir.mkdir(parents=True)
    target.write_text(compilation.outputs[MODULE], encoding="utf-8")
    return import_module(target, name)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """The unamended validator, built the same way (so that only the rules differ)."""
    work = tmp_path_factory.mktemp("unamended")
    shutil.copytree(RULES, work / "rules")
    yield compile_and_import(work / "rules", work / "out", "regc_test_unamended_circular_02_2021")
    sys.modules.pop("regc_test_unamended_circular_02_2021", None)


def test_the_unamended_build_is_the_shipped_validator(original):
    """The baseline compiled here gives the same results as load_validator(rules)."""
    raw = case("2024-09-10")
    assert original.validate(raw) == load_validator(RULES).validate(raw)


@pytest.fixture(scope="module")
def amendment(tmp_path_factory):
    """Compile an amended copy of rules/ and import its validator; record hashes around it."""
    before = {name: tree_hash(ROOT / name) for name in ("compiler", "rules", "generated")}
    work = tmp_path_factory.mktemp("amendment")
    rules_copy = work / "rules"
    shutil.copytree(RULES, rules_copy)
    amend(rules_copy, NEW_VALUE)
    module = compile_and_import(rules_copy, work / "out", "regc_test_amended_circular_02_2021")
    after = {name: tree_hash(ROOT / name) for name in ("compiler", "rules", "generated")}
    yield {"module": module, "before": before, "after": after, "rules": rules_copy}
    sys.modules.pop("regc_test_amended_circular_02_2021", None)


# ------------------------------------------------------------------------------------------ tests

def test_the_amendment_is_one_line_of_rules(amendment):
    """The edit is one `value` line in base-salary.rules; every other rule file is byte for byte the same."""
    copy = amendment["rules"]
    old = (RULES / "base-salary.rules").read_text(encoding="utf-8").splitlines()
    new = (copy / "base-salary.rules").read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 1
    assert [l for l in new if l not in old] == [NEW_VALUE.rstrip("\n")]
    others = lambda tree: {k: h for k, h in tree.items() if k != "base-salary.rules"}
    assert others(tree_hash(copy)) == others(tree_hash(RULES))


@pytest.mark.parametrize("payment_date", ["2027-01-01", "2027-06-15", "2030-12-31"])
def test_a_case_paid_from_2027_gets_the_new_base_salary(amendment, payment_date):
    """The new value is in force from 2027-01-01: 2.5 sessions x 0.38 x 2,700,000 = 2.5 x 1,026,000
    = 2,565,000; the trace cites the new source."""
    r = amendment["module"].validate(case(payment_date))
    assert r["status"] == "ok", r["findings"]
    assert r["base_salary_vnd"] == 2_700_000
    assert r["amount_vnd"] == 2_565_000
    assert any(t["citation"] == "999/2026/NĐ-CP (test)" for t in r["trace"])


def test_the_last_entry_date_also_picks_the_new_value(amendment):
    """Without payment_date, the last entry's date (2027-01-04) picks 2,700,000: 1 session = 1,026,000."""
    raw = case(None, assigned_on="2027-01-02", entries=[
        {"date": "2027-01-04", "provider": "P1", "activity": "4.1.i", "certified_by": "judge", "hours": 4}])
    del raw["payment_date"]
    r = amendment["module"].validate(raw)
    assert (r["base_salary_vnd"], r["amount_vnd"]) == (2_700_000, 1_026_000)


def test_the_fixed_time_ceiling_follows_the_new_value(amendment):
    """Art. 9.5 with the new value: Example 02's case paid 2027-02-01 is capped at 10 x 2,700,000 = 27,000,000
    (29.9 x 0.38 x 2,700,000 = 30,677,400 is over it)."""
    raw = case("2027-02-01", method="fixed_time", assigned_on="2024-03-04", method_chosen_on="2024-03-04",
               offense_classes=["serious", "very_serious"],
               stages=["investigation", "prosecution", "first_instance"],
               entries=[{"date": "2024-03-05", "provider": "P1", "activity": "4.1.a", "certified_by": "presiding_agency"}])
    r = amendment["module"].validate(raw)
    assert (r["sessions_payable"], r["amount_vnd"]) == (29.9, 27_000_000)


@pytest.mark.parametrize("payment_date", ["2026-12-31", "2026-07-01", "2024-09-10", "2021-08-01"])
def test_cases_paid_before_the_amendment_are_unchanged(amendment, original, payment_date):
    """Values before 2027-01-01 are untouched: the result dict is exactly the unamended validator's."""
    raw = case(payment_date)
    assert amendment["module"].validate(raw) == original.validate(raw)


def test_other_results_are_unchanged_too(amendment, original):
    """Findings, rejections and not-governed cases do not depend on the new value."""
    raws = [
        case("2026-12-31", entries=[{"date": "2024-03-05", "provider": "P1", "activity": "4.1.a",
                                     "certified_by": "judge", "hours": 2}]),
        case("2021-07-12", assigned_on="2021-05-20", entries=[{"date": "2021-06-01", "provider": "P1",
                                                               "activity": "4.1.a", "certified_by": "presiding_agency", "hours": 4}]),
        {"case_id": "bad", "form": "nope"},
    ]
    for raw in raws:
        assert amendment["module"].validate(raw) == original.validate(raw)


def test_no_code_was_touched(amendment):
    """The amendment touched no file under compiler/ (and none under rules/ or generated/ either)."""
    assert amendment["after"]["compiler"] == amendment["before"]["compiler"]
    assert amendment["after"]["rules"] == amendment["before"]["rules"]
    assert amendment["after"]["generated"] == amendment["before"]["generated"]


def test_an_overlapping_value_is_refused(tmp_path):
    """E0204 date-overlap: a value from 2026-01-01 until 2026-12-31 overlaps the one in force from
    2026-07-01; compile_rules reports E0204 on base-salary.rules and produces no outputs."""
    before = tree_hash(ROOT / "compiler")
    rules_copy = tmp_path / "rules"
    shutil.copytree(RULES, rules_copy)
    amend(rules_copy, OVERLAPPING_VALUE)
    compilation = compile_rules(rules_copy)
    assert not compilation.ok
    assert compilation.outputs == {}
    errors = compilation.reporter.errors()
    assert "E0204" in {d.code.code for d in errors}
    [overlap] = [d for d in errors if d.code.code == "E0204"]
    assert overlap.primary.span.file.endswith("base-salary.rules")
    assert tree_hash(ROOT / "compiler") == before
