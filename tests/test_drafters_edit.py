"""The suite tests the compiler, not today's figures of the law (issue 9).

A drafter edits a copy of rules/ as the README shows (a new base salary, a cap of Decree 144/2017
Art. 13.1 raised from 30 to 32 sessions), runs `regc test --update` and `regc build`, and the fast
subset of the suite is green again: only the worked examples whose figures the edit changes failed
in between, and `regc test --update` took their new figures.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# What the project is made of; .venv, .git, caches and npm packages are not copied.
PROJECT = ("compiler", "rules", "tests", "generated", "examples", "editors", "pyproject.toml", "README.md", "dev.py")


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_a_drafters_edit_of_the_values_leaves_the_suite_green_after_test_update(root, tmp_path):
    copy = tmp_path / "regc"
    for name in PROJECT:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules"))
        else:
            shutil.copy2(source, copy / name)
    edit(copy / "rules/base-salary.rules", "\n}", '\n  value 2700000 from 2027-01-01 source "a value invented for this test"\n}')
    edit(copy / "rules/decree-144-2017/decree.rules", "cap per_provider 30 sessions in proceedings",
         "cap per_provider 32 sessions in proceedings")

    regc = ("-m", "compiler")
    before = run(*regc, "test", cwd=copy)
    assert before.returncode == 1, before.stdout + before.stderr
    changed = re.findall(r"^FAIL\s+(\S+)", before.stdout, re.MULTILINE)
    assert changed, before.stdout                       # the edit changes some worked examples' figures ...
    passed = re.findall(r"^ok\s+(\S+)", before.stdout, re.MULTILINE)
    assert passed, before.stdout                        # ... and not all of them

    update = run(*regc, "test", "--update", cwd=copy)
    assert update.returncode == 0, update.stdout + update.stderr
    build = run(*regc, "build", cwd=copy)
    assert build.returncode == 0, build.stderr

    suite = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", "-x", cwd=copy)
    assert suite.returncode == 0, suite.stdout[-6000:] + suite.stderr[-2000:]
    assert re.search(r"\d+ passed", suite.stdout)
