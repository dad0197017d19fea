"""compiler/output.py: a build leaves the old generated/ or the new one, never a mix or a torn file;
and a torn committed module never crashes `regc validate` (issue 10)."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from compiler import api, cli, output
from compiler.pipeline import compile_rules

MODULE = "generated/python/circular_02_2021.py"


@pytest.fixture
def project(tmp_path, root) -> Path:
    shutil.copytree(root / "rules", tmp_path / "rules")
    shutil.copytree(root / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_tree(project: Path) -> dict[str, str]:
    """The outputs after an edit of a rule text that changes the docs and the module."""
    path = project / "rules/base-salary.rules"
    path.write_text(path.read_text(encoding="utf-8").replace('title en "Statutory base salary"',
                                                            'title en "Statutory base salary (edited)"'), encoding="utf-8")
    compilation = compile_rules(project / "rules")
    assert compilation.ok
    return compilation.outputs


def test_a_build_stopped_after_its_journal_is_finished_by_the_next(project, monkeypatch):
    outputs = new_tree(project)
    stale = output.stale_files(project, outputs)
    assert len(stale) > 5
    old = snapshot(project / "generated")
    monkeypatch.setattr(output, "_finish", lambda base: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        output.write(project, outputs, stale)
    assert (project / "generated" / output.JOURNAL).is_file()
    now = snapshot(project / "generated")
    assert {name: data for name, data in now.items() if name in old} == old   # nothing renamed yet
    monkeypatch.undo()
    output.recover(project)
    assert output.stale_files(project, outputs) == []
    assert not (project / "generated" / output.JOURNAL).exists()
    assert not [p for p in (project / "generated").rglob("*") if p.name.endswith(output.SUFFIX)]


def test_a_build_stopped_while_writing_leaves_the_old_tree(project, monkeypatch):
    outputs = new_tree(project)
    stale = output.stale_files(project, outputs)
    old = snapshot(project / "generated")
    calls = []
    real = output._temporary_copy

    def failing(target, data):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(target, data)

    monkeypatch.setattr(output, "_temporary_copy", failing)
    with pytest.raises(OSError):
        output.write(project, outputs, stale)
    assert snapshot(project / "generated") == old   # the old tree, and no temporary file left


def test_temporary_files_of_a_killed_build_are_swept(project, capsys):
    stray = project / "generated" / "docs" / f".index.html.abc{output.SUFFIX}"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("half a page", encoding="utf-8")
    assert cli.main(["--rules", str(project / "rules"), "build", "--check"]) == 0, capsys.readouterr().err
    assert not stray.exists()


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_whole_files(project):
    """Kill `regc build` at many moments of its run; after each, every generated file is the old one
    or the new one, whole, and the next build finishes the tree."""
    old = snapshot(project / "generated")
    new = {name: text.encode("utf-8") for name, text in new_tree(project).items()}
    command = [sys.executable, "-m", "compiler", "--rules", str(project / "rules"), "build"]
    for delay in (0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in snapshot(project / "generated").items():
            if name.endswith(output.SUFFIX) or name.endswith(output.JOURNAL):
                continue
            assert data in (old.get(f"{name}"), new.get(f"generated/{name}")), f"{name} is torn after a kill at {delay} s"
        subprocess.run([*command[:-1], "build", "--check"], capture_output=True, check=False)   # recovers
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert subprocess.run([*command[:-1], "build", "--check"], capture_output=True).returncode == 0


@pytest.mark.parametrize("kept", [0.3, 0.5, 0.9, 0.999])
def test_a_torn_module_is_compiled_in_memory_with_a_warning(project, capsys, kept):
    """Cut anywhere (mid-line: a SyntaxError; between statements: valid Python without its rules)."""
    module = project / MODULE
    text = module.read_text(encoding="utf-8")
    module.write_text(text[: int(len(text) * kept)], encoding="utf-8")   # the digest line is still there
    assert api.fresh_module(project / "rules") == module
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator = api.load_validator(project / "rules")
    assert [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)][0].startswith(f"{module} cannot be loaded (")
    assert validator.__file__.startswith("<regc: ")
    case = project / "case.json"
    case.write_text(json.dumps({"case_id": "T", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
                                "assigned_on": "2024-03-01", "providers": [{"id": "P1", "kind": "lawyer"}],
                                "entries": [{"date": "2024-03-02", "provider": "P1", "activity": "4.1.a", "hours": 4,
                                             "certified_by": "presiding_agency"}]}), encoding="utf-8")
    code = cli.main(["--rules", str(project / "rules"), "validate", "--format", "json", str(case)])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["status"] == "ok"
    assert "cannot be loaded (" in err and "Traceback" not in err
