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

import dataclasses
import functools
import hashlib
import importlib.util
import marshal
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import ast, checks, codes, consolidate, examples, from_ast, ir, official, resolve, usercache
from .backends import docs as docs_backend
from .backends import js as js_backend
from .backends import python as python_backend
from .backends import schema as schema_backend
from .diagnostics import Reporter, Text, define
from .diagnostics import text as message
from .digest import RulesArg, compiler_digest, rule_dirs, rule_files, rules_digest
from .source import SourceFile

UNREADABLE_FILE = define("files.unreadable", "cannot read this file as UTF-8 text ({error})",
                         "không đọc được tệp này dưới dạng văn bản UTF-8 ({error})")
SAVE_AS_UTF8 = define("files.hint.save-as-utf8", "save it as UTF-8", "lưu tệp với bảng mã UTF-8")

BACKENDS = (python_backend, js_backend, schema_backend, docs_backend)


@dataclass
class Compilation:
    reporter: Reporter
    sources: dict[str, SourceFile] = field(default_factory=dict)
    program: ir.Program | None = None
    outputs: dict[str, str] = field(default_factory=dict)   # path under generated/ -> text
    # Worked examples whose figures the generated validators no longer give: (file, name, differences).
    disagreements: list[tuple[str, str, list[Text]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reporter.has_errors


def compile_rules(rules_dir: RulesArg, *, generate: bool = True, backends: tuple[Any, ...] = BACKENDS,
                  readings: dict[str, str] | None = None) -> Compilation:
    """Compile every rule file of a rule tree (one folder, or several: see digest.rule_dirs);
    with `generate`, also run the backends. generated/ is beside the first folder. `readings`
    chooses options of the rules' choices (resolve.ReadingError when one is not offered)."""
    dirs = rule_dirs(rules_dir)
    base = dirs[0].resolve().parent
    result = Compilation(Reporter())
    files = _read(dirs, base, result)
    if result.reporter.has_errors:
        return result
    result.program = _lower(files, dirs, base, result, backends, readings)
    if result.program is None or not generate:
        return result
    # The worked examples are run with the rules as read by default, each asking for other readings
    # with validators compiled for them besides (not when this compilation is itself such a one).
    examples_run = python_backend in backends and readings is None
    others = _other_readings(files, dirs, base, result) if examples_run else {}
    for backend in backends:   # a later backend may use an earlier one's output (docs run the validators)
        result.outputs.update(backend.emit(result.program, base, {**result.outputs, **others}))
    if examples_run:
        result.disagreements = _disagreements(base, result.program, {**result.outputs, **others})
    return result


def _read(dirs: tuple[Path, ...], base: Path, result: Compilation) -> list[ast.RuleFile]:
    """Passes 1-2 for every rule file: its text, parse tree and surface AST."""
    files = []
    for path in rule_files(dirs):
        shown = _shown(path, base)
        try:
            source = SourceFile.read(path, shown)
        except (UnicodeDecodeError, OSError) as err:
            placeholder = SourceFile.from_text(shown, "")
            result.reporter.error(codes.UNREADABLE, message(UNREADABLE_FILE, error=err.__class__.__name__),
                                  placeholder.span(0, 0), hint=message(SAVE_AS_UTF8))
            continue
        result.sources[shown] = source
        rule_file = _surface_ast(source, result.reporter)
        if rule_file is not None:
            files.append(rule_file)
    return files


@functools.cache
def _lark_stamp() -> str:
    """Lark's version, read from its package without importing it (its __init__ sets __version__)."""
    spec = importlib.util.find_spec("lark")
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest() if spec and spec.origin else ""


def _surface_ast(source: SourceFile, reporter: Reporter) -> ast.RuleFile | None:
    """Passes 1-2 for one file: its surface AST, or None when it does not parse. The AST of a file that
    reads without a diagnostic is kept in the user's private cache (see usercache: pickles are loaded
    from no folder another user can write to), by the hash of its name, its text, the compiler and
    Lark's version, so a file unchanged since the last run is neither parsed nor walked again (nor
    Lark imported)."""
    key = hashlib.sha256(f"{compiler_digest()}\0{_lark_stamp()}\0{source.name}\0{source.text}".encode()).hexdigest()[:32]
    entry = f"ast-{key}.pickle"
    cached = usercache.load(entry, pickle.load)
    if isinstance(cached, ast.RuleFile):
        return cached
    from . import from_tree, parse  # only here: Lark is imported when a file is read for the first time

    before = len(reporter.diagnostics)
    tree = parse.run(source, reporter)
    if tree is None:
        return None
    rule_file = from_tree.run(tree, source, reporter)
    if len(reporter.diagnostics) == before:   # a file with diagnostics is read again, to report them again
        usercache.store(entry, lambda file: pickle.dump(rule_file, file, protocol=pickle.HIGHEST_PROTOCOL), keep=512)
    return rule_file


def _lower(files: list[ast.RuleFile], dirs: tuple[Path, ...], base: Path, result: Compilation,
           backends: tuple[Any, ...], readings: dict[str, str] | None) -> ir.Program | None:
    """Passes 3-6 for the rules read with `readings`: the IR, or None once an error is reported."""
    program = resolve.run(tuple(files), result.reporter, readings)
    if result.reporter.has_errors:
        return None
    consolidate.run(program, result.reporter)
    if result.reporter.has_errors:
        return None
    texts = official.load(program, base, result.reporter, result.sources)
    checks.run(program, result.reporter, base, texts)
    for backend in backends:   # what a backend cannot compute is a located error too, before anything is built
        check = getattr(backend, "check", None)
        if check is not None:
            check(program, result.reporter)
    if result.reporter.has_errors:
        return None
    return dataclasses.replace(from_ast.run(program), digest=rules_digest(dirs))


def _example_readings(base: Path, program: ir.Program) -> dict[str, dict[str, str]]:
    """The worked examples that ask for readings other than the defaults: file -> readings."""
    out = {}
    for validator in program.validators:
        for example in validator.examples:
            path = base / example.file
            if path.is_file():
                readings = examples.load(path).readings
                if readings:
                    out[example.file] = readings
    return out


def _other_readings(files: list[ast.RuleFile], dirs: tuple[Path, ...], base: Path,
                    result: Compilation) -> dict[str, str]:
    """The validator modules for the readings worked examples ask for, each under its module's path
    followed by `?CHOICE=OPTION&...` (see examples.module_key): the docs run each example with its own. The
    files already read are lowered again with the other readings; they are not read twice."""
    assert result.program is not None
    out: dict[str, str] = {}
    for readings in sorted({tuple(sorted(r.items())) for r in _example_readings(base, result.program).values()}):
        # Kept in the user's cache by the rules' digest (their files and the compiler) and the readings.
        key = hashlib.sha256(repr((result.program.digest, readings, jinja2.__version__)).encode()).hexdigest()[:32]
        entry = f"readings-{key}.marshal"
        modules = usercache.load(entry, marshal.load)
        if not isinstance(modules, dict):
            other = Compilation(Reporter(), sources=dict(result.sources))
            program = _lower(files, dirs, base, other, (python_backend,), dict(readings))
            # A reading with errors of its own gives no module: the examples that ask for it are not run.
            modules = python_backend.emit(program, base) if program is not None else {}
            usercache.store(entry, functools.partial(marshal.dump, modules), keep=16)
        for name, text in modules.items():
            out[examples.module_key(name, dict(readings))] = text
    return out


def _disagreements(base: Path, program: ir.Program, modules: dict[str, str]) -> list[tuple[str, str, list[Text]]]:
    """Each worked example whose expected figures the validators just generated do not give."""
    from .api import module_from_source

    found = []
    loaded: dict[str, Any] = {}   # each module once, however many examples it runs
    for validator in program.validators:
        for example in validator.examples:
            path = base / example.file
            if not path.is_file():
                continue
            worked = examples.load(path)
            key = examples.module_key(f"generated/python/{validator.module}.py", worked.readings)
            source = modules.get(key)
            if source is None:
                continue
            if key not in loaded:
                loaded[key] = module_from_source(source, validator.module)
            module = loaded[key]
            problems = examples.difference_texts(worked.expect, module.validate(worked.case))
            if problems:
                found.append((example.file, worked.name, problems))
    return found


def _shown(path: Path, base: Path) -> str:
    """How a rule file is named in diagnostics and docs: from the project folder when it is inside."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
