"""The `regc` command line (contract §1): check, build, build --check, validate, test."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .lang import LANGUAGES

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_TO = "the regc maintainers (the project's issue tracker)"


def main(argv: list[str] | None = None) -> int:
    parser = _parser(_command(argv))   # only the command run has its arguments set up
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .lang import language

    # The language of every message, chosen once: the command's --lang, else regc's, else the locale's.
    args.lang = lang = language(getattr(args, "lang", None) or args.global_lang)
    for stream in (sys.stdout, sys.stderr):   # đồng and Vietnamese texts, whatever the locale
        if (stream.encoding or "").lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    from .digest import rule_dirs

    rules = Path(args.rules)
    # diff and impact name their own trees (folders or git revisions) and say what is wrong with them.
    missing = [d for d in rule_dirs(args.rules) if not d.is_dir()] if args.command not in ("diff", "impact", "lsp", "fmt", "explain") else []
    if missing:
        from . import messages as m

        print(m.say(m.NO_RULES_FOLDER, lang, folder=str(missing[0])), file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args, rules))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:   # `regc validate ... | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:   # a bug of regc's own, never the user's input: one line, not a traceback
        from .resolve import ReadingError  # here: the compiler is not imported to validate with a fresh module

        if isinstance(err, ReadingError):   # a reading the rules do not offer: a usage error
            print(f"regc: {err.text.render(lang)}", file=sys.stderr)
            return EXIT_USAGE
        if args.traceback:
            raise
        from . import messages as m

        print(m.say(m.INTERNAL_ERROR, lang, error=f"{err.__class__.__name__}: {err}"), file=sys.stderr)
        print(m.say(m.REPORT_BUG, lang, to=m.text(m.REPORT_TO)), file=sys.stderr)
        return EXIT_INTERNAL


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, the terminal's width found as shutil finds it (COLUMNS, else the
    terminal, else 80) without importing shutil, which argparse does for every parser it sets up (with
    shutil come bz2, lzma and more: a few milliseconds of every run)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:
            try:
                width = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
                except (AttributeError, ValueError, OSError):
                    width = 80
            width = (width or 80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:   # noqa: ANN002, ANN003 - argparse's own
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _command(argv: list[str] | None) -> str | None:
    """The command the arguments name, found past regc's own options (None: none, or not one of regc's,
    which the whole parser then reports)."""
    first = _Parser(prog="regc", add_help=False, exit_on_error=False)
    first.add_argument("--traceback", action="store_true")
    first.add_argument("--rules")
    first.add_argument("--lang")
    first.add_argument("command", nargs="?")
    first.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        known, _ = first.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return known.command if known.command in COMMANDS else None


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """regc's parser, with the arguments of `command` only: every other command stands in `regc --help`
    by its summary. A command in a module of its own is imported only when it is the one run."""
    parser = _Parser(prog="regc", description="Compile regulations written as rule files, and validate cases against them.")
    parser.add_argument("--version", action="version", version=f"regc {__version__}")
    parser.add_argument("--traceback", action="store_true",
                        help="on an internal error, show Python's traceback (for reporting a bug in regc)")
    parser.add_argument("--rules", default="rules", metavar="DIR",
                        help="the folder of rule files (default: rules); DIR+DIR reads several together")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, dest="global_lang",
                        help="the language of regc's messages: en or vi (default: the locale's, English unless it "
                             "is Vietnamese)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, (summary, add_arguments) in COMMANDS.items():
        if name != command:
            sub.add_parser(name, help=summary, add_help=False)
        elif add_arguments is None:   # a module's command: it registers itself
            importlib.import_module(f".{MODULE_COMMANDS[name]}", __package__).add_parser(sub)
        else:
            add_arguments(sub.add_parser(name, help=summary))
    return parser


def _add_rules_lang_reading(command: argparse.ArgumentParser, *, rules: bool = True, lang: bool = True,
                            reading: bool = False) -> None:
    """The options several commands share: the rules folder, the language, readings of the rules."""
    if rules:
        command.add_argument("--rules", default=argparse.SUPPRESS, metavar="DIR", help="the folder of rule files")
    if lang:
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help="the language of the messages (as regc --lang)")
    if reading:
        command.add_argument("--reading", action="append", default=[], metavar="CHOICE=OPTION", type=_reading,
                             help="read a provision the rules offer a choice on another way than the default "
                                  "(e.g. odd_hours=per_occasion); may be given more than once")


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                       help="text for a person, on standard error (default); json, a list of diagnostics, or sarif "
                            "(SARIF 2.1.0, for code-scanning tools), on standard output")
    shown = check.add_mutually_exclusive_group()
    shown.add_argument("--verbose", "-v", action="store_true",
                       help="list every warning in full (by default they are counted by kind in one line)")
    shown.add_argument("--quiet", "-q", action="store_true", help="print the errors only")
    check.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="the language of the messages (default: the locale's, English unless it is Vietnamese)")
    _add_rules_lang_reading(check, lang=False, reading=True)
    check.set_defaults(run=cmd_check)


def _build_arguments(build: argparse.ArgumentParser) -> None:
    build.add_argument("--check", action="store_true", help="compare with generated/ instead of writing; list stale files")
    build.add_argument("--verbose", "-v", action="store_true",
                       help="list every warning in full (by default they are counted by kind in one line)")
    _add_rules_lang_reading(build)
    build.set_defaults(run=cmd_build)


def _validate_arguments(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default=None,
                          help="text for a person (default on a terminal) or JSON Lines")
    validate.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                          help="validate in N worker processes, results still in input order (0: one per core)")
    _add_rules_lang_reading(validate, reading=True)
    validate.set_defaults(run=cmd_validate)


def _test_arguments(test: argparse.ArgumentParser) -> None:
    test.add_argument("--update", action="store_true", help="rewrite the examples' expected figures from the rules")
    _add_rules_lang_reading(test, reading=True)
    test.set_defaults(run=cmd_test)


def _impact_arguments(impact: argparse.ArgumentParser) -> None:
    impact.add_argument("a", metavar="A", help="the rule tree before: a folder, DIR+DIR, or a git revision (REV or REV:path)")
    impact.add_argument("b", metavar="B", help="the rule tree after, written as A")
    impact.add_argument("cases", nargs="+", metavar="CASES",
                        help="case files, or folders of them (every .yaml, .yml, .json, .jsonl under it)")
    impact.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for a person (default) or one JSON object")
    impact.add_argument("--html", metavar="FILE", help="also write a standalone HTML report with a histogram")
    impact.add_argument("--top", type=int, default=10, metavar="N", help="how many of the largest changes to list (default 10)")
    _add_rules_lang_reading(impact)
    for which in ("a", "b"):
        impact.add_argument(f"--reading-{which}", action="append", default=[], metavar="CHOICE=OPTION", type=_reading,
                            help=f"a reading for tree {which.upper()} (as --reading of validate); with the same tree "
                                 "as A and B this compares two readings of the law over the cases")
    impact.set_defaults(run=cmd_impact)


def _diff_arguments(diff: argparse.ArgumentParser) -> None:
    diff.description = ("Compare the rules as in force on every date (not the files' text): per citation, what "
                        "changed, from which date. A and B are rule trees (a folder, DIR+DIR, a git revision REV or "
                        "REV:path), or both dates YYYY-MM-DD: then the --rules tree on those two dates.")
    diff.epilog = ("exit status: 0 no difference, 1 differences found, 2 usage error, a tree that cannot be read or "
                   "whose rules have errors, or an output file that cannot be written")
    diff.add_argument("a", metavar="A", help="the rules before: a rule tree, or a date YYYY-MM-DD")
    diff.add_argument("b", metavar="B", help="the rules after, written as A (two trees or two dates)")
    diff.add_argument("--format", choices=("text", "md", "html"), default="text",
                      help="text for a terminal (default), Markdown, or a standalone HTML page")
    diff.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    _add_rules_lang_reading(diff)
    diff.set_defaults(run=cmd_diff)


# Commands that live in a module of their own (compiler/MODULE.py): command -> module. Each module's
# add_parser(subparsers) registers its subcommand with `set_defaults(run=...)`, a function (args,
# rules: Path) -> exit status. A module is imported only when its command is run: `regc validate` does
# not pay for the spreadsheet reader or the language server.
MODULE_COMMANDS: dict[str, str] = {"table": "tables", "fmt": "fmt", "lsp": "lsp", "explain": "explain"}

# Every command, in the order `regc --help` lists them: name -> (its line there, what sets up its
# arguments; None for a module's command, whose module does).
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None] | None]] = {
    "check": ("parse and check every rule file; print diagnostics", _check_arguments),
    "build": ("regenerate everything under generated/ from the rules", _build_arguments),
    "validate": ("validate case files (YAML or JSON; - reads standard input)", _validate_arguments),
    "test": ("run the worked examples written beside the rules", _test_arguments),
    "impact": ("run case files under two rule trees and report how the results change", _impact_arguments),
    "diff": ("what changed in the rules between two trees, or two dates of one tree, in words and figures", _diff_arguments),
    "table": ("export a table of the rules to a spreadsheet (CSV, XLSX), or import one back into its rule file", None),
    "fmt": ("rewrite rule files in the canonical layout (comments and meaning kept)", None),
    "lsp": ("run the language server for editors (LSP over standard input and output)", None),
    "explain": ("what a diagnostic code means, an example that gets it, and how to fix it", None),
}

def _reading(text: str) -> tuple[str, str]:
    choice, sep, option = text.partition("=")
    if not sep or not choice or not option:
        raise argparse.ArgumentTypeError(f"{text!r}: write CHOICE=OPTION, e.g. odd_hours=per_occasion")
    return choice.strip(), option.strip()


def _readings(pairs) -> dict[str, str] | None:
    return dict(pairs) if pairs else None


# -- check and build ------------------------------------------------------------------------

def _compile(rules: Path, generate: bool, readings: dict[str, str] | None = None, *, show: str = "summary",
             lang: str = "en"):
    """Compile, and print the diagnostics on standard error: `show` "all" of them, the errors with the
    warnings counted by kind ("summary"), or the errors alone ("errors", without the closing count)."""
    from .diagnostics import files_summary, render, warnings_summary
    from .pipeline import compile_rules

    compilation = compile_rules(rules, generate=generate, readings=readings)
    reporter = compilation.reporter
    for diagnostic in reporter.sorted() if show == "all" else reporter.errors():
        print(render(diagnostic, compilation.sources, lang), file=sys.stderr)
    if show == "errors":
        return compilation
    if show == "summary" and reporter.warnings():
        print(f"regc: {warnings_summary(reporter.warnings(), lang)}", file=sys.stderr)
    print(files_summary(_rule_file_count(compilation), reporter, lang), file=sys.stderr)
    return compilation


def _rule_file_count(compilation) -> int:
    """The rule files read (the sources also hold the official texts beside them)."""
    return sum(1 for name in compilation.sources if name.endswith(".rules"))


def cmd_check(args, rules: Path) -> int:
    lang = args.lang
    readings = _readings(args.reading)
    if args.format == "text":
        show = "errors" if args.quiet else "all" if args.verbose else "summary"
        return EXIT_OK if _compile(rules, generate=False, readings=readings, show=show, lang=lang).ok else EXIT_FAILED
    import json

    from .diagnostics import as_json, files_summary
    from .digest import rule_dirs
    from .pipeline import compile_rules

    compilation = compile_rules(rules, generate=False, readings=readings)
    diagnostics = compilation.reporter.errors() if args.quiet else compilation.reporter.sorted()
    if args.format == "json":
        document: object = [as_json(d, lang) for d in diagnostics]
    else:
        from . import sarif

        document = sarif.log(diagnostics, rule_dirs(rules)[0].resolve().parent, lang)
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if not args.quiet:
        print(files_summary(_rule_file_count(compilation), compilation.reporter, lang), file=sys.stderr)
    return EXIT_OK if compilation.ok else EXIT_FAILED


def cmd_build(args, rules: Path) -> int:
    from . import messages as m
    from . import output
    from .digest import rule_dirs

    lang = args.lang
    if len(rule_dirs(rules)) > 1 and not args.check:
        print(m.say(m.BUILD_ONE_FOLDER, lang), file=sys.stderr)
        return EXIT_USAGE
    compilation = _compile(rules, generate=True, lang=lang, show="all" if args.verbose else "summary")
    if not compilation.ok:
        print(m.say(m.NOTHING_WRITTEN, lang), file=sys.stderr)
        return EXIT_FAILED
    base = rule_dirs(rules)[0].resolve().parent
    output.recover(base)   # a build stopped half way is finished first
    stale = output.stale_files(base, compilation.outputs)
    if args.check:
        for name in stale:
            print(m.say(m.STALE, lang, name=name), file=sys.stderr)
    if compilation.disagreements:   # the docs would publish figures the rules no longer give
        for file, name, problems in compilation.disagreements:
            print(m.say(m.EXAMPLE_DISAGREES, lang, file=str(file), name=str(name)), file=sys.stderr)
            for problem in problems:
                print(f"    {problem.render(lang)}", file=sys.stderr)
        print(m.say(m.EXAMPLES_DIFFER if args.check else m.EXAMPLES_DIFFER_UNWRITTEN, lang,
                    count=str(len(compilation.disagreements))), file=sys.stderr)
    if args.check:
        if stale:
            print(m.say(m.GENERATED_STALE, lang, count=str(len(stale))), file=sys.stderr)
        if stale or compilation.disagreements:
            return EXIT_FAILED
        print(m.say(m.GENERATED_UP_TO_DATE, lang, count=str(len(compilation.outputs))), file=sys.stderr)
        return EXIT_OK
    if compilation.disagreements:
        return EXIT_FAILED
    output.write(base, compilation.outputs, stale)   # atomically: the old tree or the new one (compiler/output.py)
    print(m.say(m.WROTE_GENERATED, lang, count=str(len(compilation.outputs)), changed=str(len(stale))), file=sys.stderr)
    return EXIT_OK


# -- validate -------------------------------------------------------------------------------

def cmd_validate(args, rules: Path) -> int:
    from . import batch
    from .api import RulesError, find_validator

    # The message catalog is imported only to say something: a fresh run of good cases says nothing.
    m = _LazyMessages()
    lang = args.lang
    readings = _readings(args.reading)
    try:
        found = find_validator(rules, readings=readings)
    except RulesError:
        print(m.say(m.RULES_HAVE_ERRORS, lang), file=sys.stderr)
        return EXIT_FAILED
    if found.why is not None and not readings:
        print(m.say(m.VALIDATING_NOW if found.damaged else m.VALIDATING_NOW_BUILD, lang, note=found.why), file=sys.stderr)
    spec, validator = found.spec, found.module
    form = args.format or ("text" if sys.stdout.isatty() else "json")
    jobs = args.jobs if args.jobs > 0 else batch.default_jobs()
    progress = None
    if sys.stderr.isatty():   # tqdm is imported only to draw a bar (it costs a one-case run ~50 ms)
        from .progress import Progress

        progress = Progress(args.files)
    try:
        totals = batch.run(args.files, spec, validator, form, sys.stdout.write, jobs, progress.tick if progress else None)
    finally:
        if progress:
            progress.close()
    for problem in totals.unreadable:
        print(m.say(m.CANNOT_READ, lang, what=str(problem)), file=sys.stderr)
    if form == "text" and totals.cases > 1:
        sys.stdout.write(batch.summary(totals.counts) + "\n")
    sys.stdout.flush()
    return EXIT_USAGE if totals.unreadable else EXIT_FAILED if totals.counts.get("rejected") else EXIT_OK


class _LazyMessages:
    """compiler.messages, imported at its first use."""

    def __getattr__(self, name: str):
        from . import messages

        return getattr(messages, name)


def _report_text(result: dict) -> str:
    from .report import text
    return text(result)


# -- test -----------------------------------------------------------------------------------

def cmd_test(args, rules: Path) -> int:
    from . import examples
    from . import messages as m
    from .api import RulesError, load_validator

    lang = args.lang
    validators = {}   # the readings an example asks for -> the validator of the rules read so

    def validator_for(readings: dict[str, str]):
        key = tuple(sorted(readings.items()))
        if key not in validators:
            validators[key] = load_validator(rules, readings=readings or None)
        return validators[key]

    given = _readings(args.reading) or {}
    try:
        validator_for(given)
    except RulesError:
        print(m.say(m.RULES_HAVE_ERRORS, lang), file=sys.stderr)
        return EXIT_FAILED
    failed = updated = 0
    paths = examples.discover(rules)
    for path in paths:
        shown = os.path.relpath(path)
        try:
            example = examples.load(path)
        except (ValueError, OSError) as err:
            print(f"ERROR {shown}: {err}")
            failed += 1
            continue
        result = validator_for({**given, **example.readings}).validate(example.case)
        problems = examples.differences(example.expect, result, lang)
        if problems and args.update:
            examples.update(path, result)
            updated += 1
            print(f"UPDATED {shown}:{example.line} {example.name}")
            for problem in problems:
                print(m.say(m.TEST_WAS, lang, problem=str(problem)))
        elif problems:
            failed += 1
            print(f"FAIL {shown}:{example.line} {example.name}")
            for problem in problems:
                print(f"    {problem}")
        else:
            print(f"ok   {shown}:{example.line} {example.name}")
    passed = len(paths) - failed - updated
    print(m.say(m.TEST_SUMMARY_UPDATED, lang, passed=str(passed), failed=str(failed), updated=str(updated)) if args.update
          else m.say(m.TEST_SUMMARY, lang, passed=str(passed), failed=str(failed)))
    return EXIT_FAILED if failed else EXIT_OK


# -- impact ---------------------------------------------------------------------------------

def cmd_impact(args, rules: Path) -> int:
    """Validate every case under trees A and B and report how the results change."""
    from contextlib import ExitStack

    from . import cases, impact, trees
    from . import messages as m

    lang = args.lang
    if args.top < 0:
        print(m.say(m.TOP_NEGATIVE, lang), file=sys.stderr)
        return EXIT_USAGE
    skipped: list[str] = []
    try:
        files = list(impact.case_files(args.cases, skipped))
    except FileNotFoundError as err:
        print(m.say(m.NO_SUCH_FILE, lang, name=str(err)), file=sys.stderr)
        return EXIT_USAGE
    for name in skipped:
        print(m.say(m.SKIPPED, lang, name=name), file=sys.stderr)
    if not files:
        print(m.say(m.NO_CASE_FILES, lang, where=", ".join(args.cases)), file=sys.stderr)
        return EXIT_USAGE
    with ExitStack() as trees_on_disk:
        try:
            tree_a = trees_on_disk.enter_context(trees.materialise(args.a, rules))
            tree_b = trees_on_disk.enter_context(trees.materialise(args.b, rules))
        except trees.TreeSpecError as err:
            print(err.text.render(lang), file=sys.stderr)
            return EXIT_USAGE
        validator_a = _tree_validator("A", tree_a, _readings(args.reading_a), lang)
        validator_b = _tree_validator("B", tree_b, _readings(args.reading_b), lang)
        if validator_a is None or validator_b is None:
            return EXIT_FAILED
        label = lambda tree, pairs: tree.label + (f" read with {', '.join(f'{c}={o}' for c, o in pairs)}" if pairs else "")
        report = impact.Impact(label(tree_a, args.reading_a), label(tree_b, args.reading_b), top_n=args.top)
        from .progress import Progress

        progress = Progress(files) if sys.stderr.isatty() else None
        for name in files:
            try:
                for item in cases.read(name):
                    if isinstance(item, cases.Broken):
                        report.add_broken(item.where, item.message)
                    else:
                        report.add(item.where, validator_a.validate(item.case), validator_b.validate(item.case))
                    if progress:
                        progress.tick()
            except cases.FileUnreadable as err:
                print(m.say(m.CANNOT_READ, lang, what=str(err)), file=sys.stderr)
                report.unreadable_files.append(name)
        if progress:
            progress.close()
    sys.stdout.write(impact.json_text(report) if args.format == "json" else impact.text(report))
    sys.stdout.flush()
    if args.html:
        try:
            Path(args.html).write_text(impact.html_page(report), encoding="utf-8")
        except OSError as err:
            print(m.say(m.CANNOT_WRITE, lang, name=args.html, error=str(err.strerror or err)), file=sys.stderr)
            return EXIT_USAGE
        print(m.say(m.WROTE, lang, name=args.html), file=sys.stderr)
    return EXIT_USAGE if report.unreadable_files else EXIT_OK


def _tree_validator(name: str, tree, readings: dict[str, str] | None = None, lang: str = "en"):
    """The validator of one tree, or None after printing its rule errors (saying which tree)."""
    from . import messages as m
    from .api import RulesError, compile_validator, load_validator
    from .diagnostics import render, summary

    try:
        if len(tree.dirs) == 1:
            return load_validator(tree.dirs[0], readings=readings)
        return compile_validator(tree.dirs, readings=readings)
    except RulesError as err:
        compilation = err.compilation
        which = f"{name} (`{tree.label}`)"
        print(m.say(m.TREE_HAS_ERRORS, lang, which=which), file=sys.stderr)
        for diagnostic in compilation.reporter.errors():
            print(render(diagnostic, compilation.sources, lang), file=sys.stderr)
        print(m.say(m.TREE_SUMMARY, lang, which=which, files=str(_rule_file_count(compilation)),
                    counts=summary(compilation.reporter, lang)), file=sys.stderr)
        return None


# -- diff -----------------------------------------------------------------------------------

def cmd_diff(args, rules: Path) -> int:
    """What changed in the rules between trees A and B, or between two dates of the --rules tree."""
    from contextlib import ExitStack

    from . import diff, trees
    from . import messages as m

    lang = args.lang
    try:
        dates = [_date_arg(spec) for spec in (args.a, args.b)]
    except ValueError as err:
        print(m.say(m.NOT_A_DATE, lang, spec=str(err)), file=sys.stderr)
        return EXIT_USAGE
    if (dates[0] is None) != (dates[1] is None):
        given = args.a if dates[0] is not None else args.b
        print(m.say(m.DATE_AND_TREE, lang, given=given), file=sys.stderr)
        return EXIT_USAGE
    if dates[0] is not None:
        from .digest import rule_dirs

        dirs = rule_dirs(args.rules)   # any tree form the other commands take: a folder, DIR+DIR
        missing = [d for d in dirs if not d.is_dir()]
        if missing:
            print(m.say(m.NO_RULES_FOLDER, lang, folder=str(missing[0])), file=sys.stderr)
            return EXIT_USAGE
        program = _tree_program("", trees.Tree(str(args.rules), dirs), lang)
        if program is None:   # as for two trees: the rules could not be compared
            return EXIT_USAGE
        report = diff.Report(args.a, args.b, tuple(diff.compare_dates(program, dates[0], dates[1])), tree=str(rules))
    else:
        with ExitStack() as trees_on_disk:
            try:
                tree_a = trees_on_disk.enter_context(trees.materialise(args.a, rules))
                tree_b = trees_on_disk.enter_context(trees.materialise(args.b, rules))
            except trees.TreeSpecError as err:
                print(err.text.render(lang), file=sys.stderr)
                return EXIT_USAGE
            program_a, program_b = _tree_program("A", tree_a, lang), _tree_program("B", tree_b, lang)
            if program_a is None or program_b is None:
                return EXIT_USAGE
        report = diff.Report(args.a, args.b, tuple(diff.compare(program_a, program_b)))
    page = diff.RENDERERS[args.format](report)
    if args.output:
        try:
            Path(args.output).write_text(page, encoding="utf-8")
        except OSError as err:
            print(m.say(m.CANNOT_WRITE, lang, name=args.output, error=str(err.strerror or err)), file=sys.stderr)
            return EXIT_USAGE
        print(m.say(m.WROTE_DIFF, lang, name=args.output, summary=report.summary[:-1].lower()), file=sys.stderr)
    else:
        sys.stdout.write(page)
        sys.stdout.flush()
    return diff.DIFFERENT if report.changes else diff.SAME


def _date_arg(spec: str):
    """A date written YYYY-MM-DD, or None for anything else (a tree spec); ValueError for a
    date that does not exist (2026-02-30)."""
    import datetime
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec):
        return None
    try:
        return datetime.date.fromisoformat(spec)
    except ValueError:
        raise ValueError(spec) from None


def _tree_program(name: str, tree, lang: str = "en"):
    """The compiled rules (IR) of one tree, or None after printing its rule errors (saying which tree)."""
    from . import messages as m
    from .diagnostics import render, summary
    from .pipeline import compile_rules

    compilation = compile_rules(tree.dirs, generate=False)
    if compilation.ok:
        return compilation.program
    which = f"{name} (`{tree.label}`)" if name else f"`{tree.label}`"
    print(m.say(m.TREE_HAS_ERRORS, lang, which=which), file=sys.stderr)
    for diagnostic in compilation.reporter.errors():
        print(render(diagnostic, compilation.sources, lang), file=sys.stderr)
    print(m.say(m.TREE_SUMMARY, lang, which=which, files=str(_rule_file_count(compilation)),
                counts=summary(compilation.reporter, lang)), file=sys.stderr)
    return None
