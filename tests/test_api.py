"""compiler.api: the committed module when it is fresh, the rules compiled in memory when not, and
never code from a place others can write (issue 9)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from compiler import api, digest
from pinned import pinned_dir


@pytest.fixture
def project(tmp_path, root) -> Path:
    shutil.copytree(root / "rules", tmp_path / "rules")
    shutil.copytree(root / "generated" / "python", tmp_path / "generated" / "python", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_a_fresh_module_is_the_committed_file(project):
    validator = api.load_validator(project / "rules")
    assert validator.__file__ == str((project / "generated/python/circular_02_2021.py").resolve())


def test_stale_rules_are_compiled_in_memory_and_nothing_is_written(project):
    shutil.rmtree(project / "rules")
    shutil.copytree(pinned_dir(), project / "rules")   # the base salary as of December 2026, whatever rules/ says now
    rules = project / "rules" / "base-salary.rules"
    rules.write_text(rules.read_text(encoding="utf-8").replace("\n}", '\n  value 2700000 from 2027-01-01 source "invented"\n}'),
                     encoding="utf-8")
    temp_before = set(Path(tempfile.gettempdir()).iterdir())
    project_before = sorted(p for p in project.rglob("*"))
    validator = api.load_validator(project / "rules")
    assert validator.__file__.startswith("<regc: circular_02_2021.py compiled in memory")
    result = validator.validate({"case_id": "S", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
                                 "assigned_on": "2027-01-02", "providers": [{"id": "P1", "kind": "lawyer"}],
                                 "entries": [{"date": "2027-01-03", "provider": "P1", "activity": "4.1.a", "hours": 4,
                                              "certified_by": "presiding_agency"}]})
    assert result["base_salary_vnd"] == 2_700_000
    assert sorted(p for p in project.rglob("*")) == project_before
    assert {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(("regc", ".lark"))} <= temp_before


def test_the_digest_covers_the_compiler_version(project, monkeypatch):
    before = digest.rules_digest(project / "rules")
    monkeypatch.setattr(digest, "__version__", "99.0.0")
    digest.compiler_digest.cache_clear()
    try:
        assert digest.rules_digest(project / "rules") != before
        assert api.fresh_module(project / "rules") is None   # an upgraded compiler sees the old module as stale
    finally:
        digest.compiler_digest.cache_clear()


def test_a_missing_rules_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=f"no rules folder at {tmp_path / 'nowhere'}"):
        api.load_validator(tmp_path / "nowhere")


def test_other_readings_are_compiled_and_the_committed_module_is_kept_for_the_default(project):
    default = api.load_validator(project / "rules")
    other = api.load_validator(project / "rules", readings={"odd_hours": "per_occasion"})
    assert other is not default and other.READINGS == {"odd_hours": "per_occasion"}
    assert api.load_validator(project / "rules", readings={"odd_hours": "cumulative"}) is default
