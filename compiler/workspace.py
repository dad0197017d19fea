"""Compiling a rule tree from texts in memory: an editor's open, unsaved documents (`regc lsp`).

`compile_texts(dirs, texts)` runs the passes of `regc check` (pipeline.py) on the rule files of a tree,
taking a file's text from `texts` when it is there (a buffer being edited) and from the disk otherwise,
so its diagnostics are those `regc check` would give once the buffers are saved. A `ParseCache` keeps
each file's parse result (passes 1-2: its tree's AST and the diagnostics of parsing it) with the text it
was read from: compiling again after an edit parses only the file that changed, and the later passes
run on the cached ASTs (they never change an AST: nodes are frozen).

Unlike `pipeline.compile_rules`, the result keeps the resolved program (`resolve.Program`, names and
citations, amended as the acts say) that an editor needs to hover and navigate, and builds no IR.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import ast, checks, codes, consolidate, from_tree, official, parse, pipeline, resolve
from .diagnostics import Diagnostic, Reporter
from .diagnostics import text as message
from .digest import RulesArg, rule_dirs
from .source import SourceFile


@dataclass(frozen=True, slots=True)
class Parsed:
    """One rule file after passes 1-2: its text, its AST (None after a syntax error) and what they reported."""
    source: SourceFile
    rule_file: ast.RuleFile | None
    diagnostics: tuple[Diagnostic, ...]


class ParseCache:
    """The last parse result of each rule file (by the name diagnostics give it), with the text it came
    from: a file whose text has not changed is not parsed again."""

    def __init__(self) -> None:
        self._entries: dict[str, Parsed] = {}
        self.parsed = 0   # how many times a file was parsed (not found here): for tests and benchmarks

    def parse(self, shown: str, text: str) -> Parsed:
        entry = self._entries.get(shown)
        if entry is not None and entry.source.text == text:
            return entry
        reporter = Reporter()
        source = SourceFile.from_text(shown, text)
        tree = parse.run(source, reporter)
        rule_file = from_tree.run(tree, source, reporter) if tree is not None else None
        entry = Parsed(source, rule_file, tuple(reporter.diagnostics))
        self._entries[shown] = entry
        self.parsed += 1
        return entry

    def keep_only(self, names: Collection[str]) -> None:
        """Forget the files no longer in the tree (deleted, or a buffer closed that was never saved)."""
        for name in [n for n in self._entries if n not in names]:
            del self._entries[name]


@dataclass
class Analysis:
    """A rule tree compiled as `regc check` does, with what an editor needs besides the diagnostics."""
    dirs: tuple[Path, ...]
    base: Path                                   # rule files are named from here (pipeline._shown)
    reporter: Reporter = field(default_factory=Reporter)
    sources: dict[str, SourceFile] = field(default_factory=dict)     # rule files and official texts
    files: dict[str, ast.RuleFile] = field(default_factory=dict)     # the rule files parsed, in reading order
    program: resolve.Program | None = None       # None: syntax errors stopped the passes before names

    def path_of(self, shown: str) -> Path:
        """The file a diagnostic's or span's name stands for."""
        path = Path(shown)
        return path if path.is_absolute() else self.base / path


def compile_texts(rules: RulesArg, texts: Mapping[Path, str], cache: ParseCache | None = None,
                  readings: dict[str, str] | None = None) -> Analysis:
    """Compile the rule tree `rules` (a folder or several, as `--rules` takes), each file from `texts`
    (absolute, resolved paths -> text) when it is there and from the disk otherwise. A `.rules` path of
    `texts` inside a folder of the tree is read even when it is not on the disk (a new, unsaved file).
    The passes stop between stages as pipeline.py's do, so the diagnostics are those of `regc check`."""
    dirs = tuple(d.resolve() for d in rule_dirs(rules))
    analysis = Analysis(dirs, dirs[0].parent)
    cache = cache if cache is not None else ParseCache()
    reporter = analysis.reporter
    for path in rule_paths(dirs, texts):
        shown = pipeline._shown(path, analysis.base)
        text = texts.get(path)
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError) as err:   # worded as pipeline._read words it
                placeholder = SourceFile.from_text(shown, "")
                reporter.error(codes.UNREADABLE, message(pipeline.UNREADABLE_FILE, error=err.__class__.__name__),
                               placeholder.span(0, 0), hint=message(pipeline.SAVE_AS_UTF8))
                continue
        parsed = cache.parse(shown, text)
        analysis.sources[shown] = parsed.source
        reporter.diagnostics.extend(parsed.diagnostics)
        if parsed.rule_file is not None:
            analysis.files[shown] = parsed.rule_file
    cache.keep_only(analysis.sources)
    if reporter.has_errors:
        return analysis
    _check(analysis, readings)
    return analysis


def _check(analysis: Analysis, readings: dict[str, str] | None) -> None:
    """Passes 3-6 as pipeline._lower runs them, keeping the resolved program; no IR is built (it reports nothing)."""
    reporter = analysis.reporter
    program = resolve.run(tuple(analysis.files.values()), reporter, readings)
    analysis.program = program
    if reporter.has_errors:
        return
    consolidate.run(program, reporter)
    if reporter.has_errors:
        return
    texts = official.load(program, analysis.base, reporter, analysis.sources)
    checks.run(program, reporter, analysis.base, texts)
    for backend in pipeline.BACKENDS:
        check = getattr(backend, "check", None)
        if check is not None:
            check(program, reporter)


def rule_paths(dirs: tuple[Path, ...], texts: Mapping[Path, str] = {}) -> list[Path]:   # noqa: B006 (never changed)
    """The rule files of the tree in the order `regc check` reads them (digest.rule_files), with the
    unsaved `.rules` buffers of `texts` that stand in one of its folders."""
    out: list[Path] = []
    for folder in dirs:
        on_disk = {p.resolve() for p in folder.rglob("*.rules") if p.is_file()}
        in_memory = {p for p in texts if p.suffix == ".rules" and p.is_relative_to(folder)}
        out.extend(sorted(on_disk | in_memory))
    return out


def contains(dirs: tuple[Path, ...], path: Path) -> bool:
    return any(path.is_relative_to(folder) for folder in dirs)


def dirs_for(path: Path, workspace: tuple[Path, ...], declared: Collection[str], texts: Mapping[Path, str],
             cache: ParseCache) -> tuple[Path, ...]:
    """The tree a rule file is compiled in: the workspace's when it is in it; else the folder it is in,
    read with the workspace's rules when its files name instruments only those declare (an amending act
    kept apart, as `regc --rules rules+examples/draft-2026 check` reads one), and alone otherwise."""
    if contains(workspace, path):
        return workspace
    folder = path.parent
    own: set[str] = set()
    named: set[str] = set()
    for file in rule_paths((folder,), texts):
        text = texts.get(file)
        if text is None:
            try:
                text = file.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
        parsed = cache.parse(pipeline._shown(file, folder.parent), text)
        for item in parsed.rule_file.items if parsed.rule_file is not None else ():
            if isinstance(item, ast.Instrument):
                own.add(item.id)
                named.update(item.amends)
            elif isinstance(item, ast.PartOf):
                named.add(item.instrument)
    return workspace + (folder,) if (named - own) & set(declared) else (folder,)
