"""What a warm build reuses from the user's private cache (issue 9: `regc build` under 1 s warm), and
that it is reused only while what it was built from is the same: the surface AST of each rule file
(pipeline._surface_ast), the validators of the worked examples' other readings
(pipeline._other_readings), and the docs (docs/emit.py)."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import importlib
import shutil
from pathlib import Path

import pytest

from compiler import pipeline, usercache
docs_emit = importlib.import_module("compiler.backends.docs.emit")   # the package exports the function

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of rules/ in a project of its own, compiled with a cache of its own."""
    monkeypatch.setenv("REGC_CACHE_DIR", str(tmp_path / "cache"))
    usercache.folder.cache_clear()
    shutil.copytree(ROOT / "rules", tmp_path / "project" / "rules")
    yield tmp_path / "project"
    usercache.folder.cache_clear()


def _count_calls(monkeypatch, module, name: str) -> list:
    """Calls of module.name from now on: the first argument of each."""
    calls: list = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args[0] if args else None)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_unchanged_rule_file_is_not_parsed_again_an_edited_one_is(project, monkeypatch):
    from compiler import parse

    first = pipeline.compile_rules(project / "rules", generate=False)
    assert first.ok
    parsed = _count_calls(monkeypatch, parse, "run")
    again = pipeline.compile_rules(project / "rules", generate=False)
    assert parsed == [] and again.ok
    assert again.program == first.program
    assert [d.code for d in again.reporter.diagnostics] == [d.code for d in first.reporter.diagnostics]

    edited = next((project / "rules").rglob("*.rules"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# a drafter's note\n", encoding="utf-8")
    pipeline.compile_rules(project / "rules", generate=False)
    assert [source.name for source in parsed] == [edited.relative_to(project).as_posix()]


def test_a_file_with_a_syntax_error_is_reported_on_every_run(project):
    broken = project / "rules" / "broken.rules"
    broken.write_text('instrument "X" {\n  title "unclosed\n}\n', encoding="utf-8")
    reported = []
    for _ in range(2):
        compilation = pipeline.compile_rules(project / "rules", generate=False)
        reported.append([(str(d.primary.span), d.message) for d in compilation.reporter.errors()])
    assert reported[0] and reported[0] == reported[1]
    assert {place.split(":")[0] for place, _ in reported[0]} == {"rules/broken.rules"}


def test_the_docs_are_built_again_only_when_something_they_are_built_from_changed(project, monkeypatch):
    first = pipeline.compile_rules(project / "rules")
    assert first.ok
    built = _count_calls(monkeypatch, docs_emit, "_emit")
    lowered = _count_calls(monkeypatch, pipeline, "_lower")
    again = pipeline.compile_rules(project / "rules")
    assert built == [] and again.outputs == first.outputs
    assert len(lowered) == 1   # the rules as read by default; the other readings' validators are kept

    # A worked example is not a rule file, yet the docs show it: its edit builds them again.
    example = project / "rules" / "circular-02-2021" / "examples" / "art03-sessions-per-occasion.yaml"
    text = example.read_text(encoding="utf-8")
    assert '\nname: "' in text
    example.write_text(text.replace('\nname: "', '\nname: "Edited - ', 1), encoding="utf-8")
    edited = pipeline.compile_rules(project / "rules")
    assert len(built) == 1
    changed = {name for name in edited.outputs if edited.outputs[name] != first.outputs.get(name)}
    assert changed and all(name.startswith("generated/docs/") for name in changed)
    assert any("Edited - " in edited.outputs[name] for name in changed)


def test_the_docs_key_covers_the_compiler_and_the_other_backends_output(project):
    compilation = pipeline.compile_rules(project / "rules", generate=False)
    program = compilation.program
    key = docs_emit._inputs(program, project, {"generated/python/x.py": "a"})
    assert key and key == docs_emit._inputs(program, project, {"generated/python/x.py": "a"})
    assert key != docs_emit._inputs(program, project, {"generated/python/x.py": "b"})
    assert docs_emit._inputs(dataclasses.replace(program, digest=""), project, {}) == ""   # built in memory: not kept


def test_a_warm_check_does_not_import_the_parser(project):
    """Every file read from the cache: Lark is not even imported (a third of a warm `regc check`)."""
    code = ("import sys; from compiler import pipeline; "
            f"assert pipeline.compile_rules({str(project / 'rules')!r}, generate=False).ok; "
            "print('lark' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True)
            for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]   # parsed, then read from the cache
