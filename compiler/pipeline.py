"""The compiler's passes, in order, and its one entry point `compile_rules()`.

    rules/**/*.rules
      -> parse       (parse.py)      text -> Lark tree, syntax errors located
      -> from_tree   (from_tree.py)  tree -> surface AST with spans
      -> resolve     (resolve.py)    names and citations -> symbol tables, placed statements
      -> consolidate (consolidate.py) amending acts -> every statement with the period it is in force
      -> official    (official.py)   the law's own words, in files beside the rules -> paragraphs
      -> checks      (checks.py)     semantic checks; fidelity to the official text (fidelity.py);
                                     pending values as warnings
      -> from_ast    (from_ast.py)   resolved program -> IR
      -> backends    (backends/)     IR -> generated/ files (Python validators, documentation)

The pipeline stops between stages once an error exists, so every error of a stage is reported
together, and no later stage ever sees a broken program.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dataclasses

from . import checks, codes, consolidate, from_ast, from_tree, ir, official, parse, resolve
from .backends import docs as docs_backend
from .backends import python as python_backend
from .diagnostics import Reporter
from .digest import RulesArg, rule_dirs, rule_files, rules_digest
from .source import SourceFile

BACKENDS = (python_backend, docs_backend)


@dataclass
class Compilation:
    reporter: Reporter
    sources: dict[str, SourceFile] = field(default_factory=dict)
    program: ir.Program | None = None
    outputs: dict[str, str] = field(default_factory=dict)   # path under generated/ -> text

    @property
    def ok(self) -> bool:
        return not self.reporter.has_errors


def compile_rules(rules_dir: RulesArg, *, generate: bool = True, backends: tuple = BACKENDS,
                  readings: dict[str, str] | None = None) -> Compilation:
    """Compile every rule file of a rule tree (one folder, or several: see digest.rule_dirs);
    with `generate`, also run the backends. generated/ is beside the first folder. `readings`
    chooses options of the rules' choices (resolve.ReadingError when one is not offered)."""
    dirs = rule_dirs(rules_dir)
    base = dirs[0].resolve().parent
    result = Compilation(Reporter())
    files = []
    for path in rule_files(dirs):
        shown = _shown(path, base)
        try:
            source = SourceFile.read(path, shown)
        except (UnicodeDecodeError, OSError) as err:
            placeholder = SourceFile.from_text(shown, "")
            result.reporter.error(codes.UNREADABLE, f"cannot read this file as UTF-8 text ({err.__class__.__name__})",
                                  placeholder.span(0, 0), hint="save it as UTF-8")
            continue
        result.sources[shown] = source
        tree = parse.run(source, result.reporter)
        if tree is not None:
            files.append(from_tree.run(tree, source, result.reporter))
    if result.reporter.has_errors:
        return result

    program = resolve.run(tuple(files), result.reporter, readings)
    if result.reporter.has_errors:
        return result
    consolidate.run(program, result.reporter)
    if result.reporter.has_errors:
        return result
    texts = official.load(program, base, result.reporter, result.sources)
    checks.run(program, result.reporter, base, texts)
    if result.reporter.has_errors:
        return result

    result.program = dataclasses.replace(from_ast.run(program), digest=rules_digest(dirs))
    if generate:
        for backend in backends:   # a later backend may use an earlier one's output (docs run the validators)
            result.outputs.update(backend.emit(result.program, base, dict(result.outputs)))
    return result


def _shown(path: Path, base: Path) -> str:
    """How a rule file is named in diagnostics and docs: from the project folder when it is inside."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
