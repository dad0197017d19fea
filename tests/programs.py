"""Builders shared by the tests: rule text in memory -> parsed, resolved, checked program; `regc` run
in-process with its output captured."""
from __future__ import annotations

from pathlib import Path

from compiler import checks, cli, from_tree, parse, resolve
from compiler.diagnostics import Reporter
from compiler.digest import rule_files
from compiler.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
VOCABULARY = (RULES_DIR / "vocabulary.rules").read_text(encoding="utf-8")


def parse_files(files: dict[str, str], reporter: Reporter) -> tuple:
    """The surface AST of each (name -> text) file; a syntax error fails the calling test."""
    out = []
    for name, text in files.items():
        source = SourceFile.from_text(name, text)
        tree = parse.run(source, reporter)
        assert tree is not None, [f"{d.primary.span}: {d.message}" for d in reporter.diagnostics]
        out.append(from_tree.run(tree, source, reporter))
    return tuple(out)


def resolved(files: dict[str, str], *, vocabulary: bool = True,
             readings: dict[str, str] | None = None) -> tuple[resolve.Program, Reporter]:
    """Parse and resolve in-memory rule files (with the real vocabularies unless told not to)."""
    reporter = Reporter()
    if vocabulary:
        files = {"rules/vocabulary.rules": VOCABULARY, **files}
    program = resolve.run(parse_files(files, reporter), reporter, readings)
    return program, reporter


def checked(files: dict[str, str], base: Path | None = None) -> tuple[resolve.Program, Reporter]:
    program, reporter = resolved(files)
    assert not reporter.has_errors, [f"{d.primary.span}: {d.message}" for d in reporter.diagnostics]
    checks.run(program, reporter, base)
    return program, reporter


def real_program() -> tuple[resolve.Program, Reporter]:
    """The project's own rules/, parsed and resolved (no checks)."""
    files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in rule_files(RULES_DIR)}
    return resolved(files, vocabulary=False)


def messages(reporter: Reporter) -> list[tuple[str, int, str]]:
    return [(d.code.code, d.primary.span.line, d.message) for d in reporter.sorted()]


def regc(capsys, *argv: object) -> tuple[int, str, str]:
    """`regc ARGV...` in this process: its exit status, standard output and standard error."""
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
