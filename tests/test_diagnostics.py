"""Diagnostics of broken rule files: inline expectations (house style rule 14) and the rendered form.

Each folder under tests/diagnostics/ is a small rule set with mistakes in it. The harness copies
it into a temporary `rules/` folder (with the project's rules/vocabulary.rules, unless the case
brings its own), runs `compile_rules` on it, and compares the full SET of
(file, line, severity, code, message) with the expectations written as trailing comments on the
offending lines:

    certify 4.1.a by presiding_persn  # E: E0101 `presiding_persn` is not a certifier role
    pending "..."                     # W: W0301 99/2021/TT-TEST 2.2 is pending: ...

Extra diagnostics fail a case as surely as missing ones (no substring matching).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from compiler import codes
from compiler.diagnostics import Diagnostic, Label, Reporter, Severity, did_you_mean, render
from compiler.pipeline import compile_rules
from compiler.source import SourceFile

CASES_DIR = Path(__file__).resolve().parent / "diagnostics"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

_EXPECTATION = re.compile(r"#\s*([EW]):\s*([EW]\d{4})\s+(.*?)\s*(?=#\s*[EW]:|$)")
_SEVERITY = {"E": "error", "W": "warning"}


def make_rules(case: str, tmp_path: Path) -> Path:
    """A rules/ folder in tmp_path holding the case's files and, unless it has its own, the real vocabulary."""
    rules = tmp_path / "rules"
    shutil.copytree(CASES_DIR / case, rules)
    if not (rules / "vocabulary.rules").exists():
        shutil.copy(RULES_DIR / "vocabulary.rules", rules / "vocabulary.rules")
    return rules


def expectations(rules: Path) -> set[tuple]:
    """The expectations of a case. In a rule file they trail the line they are about; in an official
    text (a .txt file, whose lines are the law's words) they stand on a comment line of their own and are
    about the next line of text."""
    expected = set()
    for path in sorted([*rules.rglob("*.rules"), *rules.rglob("*.txt")]):
        shown = path.relative_to(rules.parent).as_posix()
        waiting: list[tuple] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = _EXPECTATION.findall(line)
            if path.suffix == ".txt" and line.startswith("#"):
                waiting += found
                continue
            for severity, code, message in found + waiting:
                expected.add((shown, number, _SEVERITY[severity], code, message))
            waiting = []
    return expected


def reported(compilation) -> set[tuple]:
    return {(d.primary.span.file, d.primary.span.line, d.severity.value, d.code.code, d.message)
            for d in compilation.reporter.diagnostics}


def compile_case(case: str, tmp_path: Path):
    rules = make_rules(case, tmp_path)
    return rules, compile_rules(rules, generate=False)


@pytest.mark.parametrize("case", CASES)
def test_diagnostics_match_the_inline_expectations(case, tmp_path):
    rules, compilation = compile_case(case, tmp_path)
    expected = expectations(rules)
    assert expected, f"tests/diagnostics/{case} has no `# E:` or `# W:` expectation"
    got = reported(compilation)
    missing, unexpected = sorted(expected - got), sorted(got - expected)
    assert not missing and not unexpected, "\n".join(
        ["expected but not reported:", *map(_show, missing), "reported but not expected:", *map(_show, unexpected)])


def _show(item: tuple) -> str:
    file, line, severity, code, message = item
    return f"    {file}:{line}: {severity}[{code}]: {message}"


def test_the_cases_cover_the_diagnostic_codes():
    """Every code the passes can report on a rule set has a case (E0004 is tested below)."""
    seen = set()
    for case in CASES:
        for path in [*(CASES_DIR / case).rglob("*.rules"), *(CASES_DIR / case).rglob("*.txt")]:
            for line in path.read_text(encoding="utf-8").splitlines():
                seen |= {code for _, code, _ in _EXPECTATION.findall(line)}
    wanted = {"E0001", "E0002", "E0003", "E0101", "E0102", "E0103", "E0104", "E0105", "E0108",
              "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0209", "E0211", "E0212",
              "E0221", "E0222", "E0223", "E0224", "E0225", "E0226", "W0301"}
    assert wanted - seen == set()


# -- details the expectation comments do not show ----------------------------------------------

def test_an_unknown_name_gets_a_did_you_mean_hint(tmp_path):
    _, compilation = compile_case("unknown_names", tmp_path)
    hints = {d.message: d.hint for d in compilation.reporter.diagnostics}
    assert hints["`presiding_persn` is not a certifier role"] == "did you mean `presiding_person` or `presiding_agency`?"
    assert hints["`crimnal` is neither a form nor a proceeding"] == "did you mean `criminal`?"
    assert hints["no parameter is named `lawyer_rat`"] == "did you mean `lawyer_rate`?"


def test_all_errors_of_one_stage_are_reported_in_one_run(tmp_path):
    """Three independent unknown names give three diagnostics, not just the first."""
    _, compilation = compile_case("unknown_names", tmp_path)
    errors = compilation.reporter.errors()
    assert [d.code.code for d in errors] == ["E0101", "E0101", "E0101"]
    assert [d.primary.span.line for d in errors] == [9, 13, 16]


def test_syntax_errors_of_every_file_are_reported_in_one_run(tmp_path):
    _, compilation = compile_case("syntax_in_several_files", tmp_path)
    files = {d.primary.span.file for d in compilation.reporter.errors()}
    assert files == {"rules/a.rules", "rules/b.rules", "rules/c.rules"}


def test_the_pipeline_stops_after_a_stage_with_errors(tmp_path):
    """A syntax error in one file: the unknown name in another is not reported (resolution never ran)."""
    rules = make_rules("unknown_names", tmp_path)
    (rules / "broken.rules").write_text("article 9 {\n", encoding="utf-8")
    compilation = compile_rules(rules, generate=False)
    assert {d.code.code for d in compilation.reporter.diagnostics} == {"E0001"}
    assert compilation.program is None and not compilation.ok


def test_a_duplicate_citation_points_back_at_the_first(tmp_path):
    _, compilation = compile_case("duplicate_citation", tmp_path)
    by_message = {d.message: d for d in compilation.reporter.diagnostics}
    clause = by_message["99/2021/TT-TEST 4.1 is written twice"]
    assert [(l.span.file, l.span.line, l.message) for l in clause.secondary] == [
        ("rules/a-instrument.rules", 7, "first written here")]
    article = by_message["99/2021/TT-TEST 4 is written twice"]
    assert [(l.span.file, l.span.line, l.message) for l in article.secondary] == [
        ("rules/a-instrument.rules", 6, "first written here")]


def test_a_duplicate_name_points_back_at_the_first(tmp_path):
    _, compilation = compile_case("duplicate_name", tmp_path)
    parameter = next(d for d in compilation.reporter.diagnostics if d.message == "parameter `rate` is defined twice")
    assert [(l.span.line, l.message) for l in parameter.secondary] == [(2, "first defined here")]


def test_a_date_overlap_points_at_the_other_value(tmp_path):
    _, compilation = compile_case("date_overlap", tmp_path)
    overlap = next(d for d in compilation.reporter.diagnostics if d.message.startswith("`rate`"))
    assert [(l.span.line, l.message) for l in overlap.secondary] == [(3, "the other value")]


def test_an_unknown_instrument_suggests_the_declared_one(tmp_path):
    _, compilation = compile_case("unknown_instrument", tmp_path)
    diagnostic = next(d for d in compilation.reporter.diagnostics if d.code is codes.UNKNOWN_INSTRUMENT)
    assert diagnostic.hint == "did you mean `99/2021/TT-TEST`?"


def test_a_file_that_is_not_utf8_is_E0004(tmp_path):
    rules = make_rules("pending_warnings", tmp_path)
    (rules / "utf16.rules").write_bytes("note \"Nghị định\"".encode("utf-16"))
    compilation = compile_rules(rules, generate=False)
    errors = compilation.reporter.errors()
    assert [(d.primary.span.file, d.primary.span.line, d.code.code) for d in errors] == [("rules/utf16.rules", 1, "E0004")]
    assert errors[0].message == "cannot read this file as UTF-8 text (UnicodeDecodeError)"


def test_did_you_mean_says_nothing_when_no_name_is_close():
    assert did_you_mean("zzz", ["criminal", "civil"]) is None


def test_reporter_sorts_by_place_and_drops_duplicates():
    source = SourceFile.from_text("rules/a.rules", "one\ntwo\n")
    reporter = Reporter()
    reporter.error(codes.UNKNOWN_NAME, "second", source.span(4, 7))
    reporter.error(codes.UNKNOWN_NAME, "first", source.span(0, 3))
    reporter.error(codes.UNKNOWN_NAME, "second", source.span(4, 7))
    reporter.warning(codes.PENDING, "a warning", source.span(0, 3))
    assert [d.message for d in reporter.sorted()] == ["first", "a warning", "second"]
    assert [d.message for d in reporter.errors()] == ["first", "second"]
    assert [d.message for d in reporter.warnings()] == ["a warning"]


# -- the rendered form (contract §1) ------------------------------------------------------------

RENDERED_CASE = '''\
instrument "99/2021/TT-TEST" {
  kind circular
}

article 4 {
  clause 1 {
    point a { activity in criminal }
  }
  clause 3 {
    certify 4.1.a by presiding_persn
  }
}
'''


def test_a_diagnostic_renders_as_the_contract_says(tmp_path):
    """`rules/FILE:LINE:COL: error[CODE]: message`, the source line, a caret line, `help: ...`."""
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES_DIR / "vocabulary.rules", rules / "vocabulary.rules")
    (rules / "circular.rules").write_text(RENDERED_CASE, encoding="utf-8")
    compilation = compile_rules(rules, generate=False)
    [diagnostic] = compilation.reporter.sorted()
    assert render(diagnostic, compilation.sources) == (
        "rules/circular.rules:10:22: error[E0101]: `presiding_persn` is not a certifier role\n"
        " 10 |     certify 4.1.a by presiding_persn\n"
        "    |                      ^^^^^^^^^^^^^^^\n"
        "help: did you mean `presiding_person` or `presiding_agency`?"
    )


def test_a_warning_renders_with_warning_and_no_help():
    source = SourceFile.from_text("rules/x.rules", 'article 2 {\n  clause 2 {\n    pending "why"\n  }\n}\n')
    reporter = Reporter()
    reporter.warning(codes.PENDING, "99/2021/TT-TEST 2.2 is pending: why", source.span(29, 42))
    assert render(reporter.diagnostics[0], {"rules/x.rules": source}) == (
        "rules/x.rules:3:5: warning[W0301]: 99/2021/TT-TEST 2.2 is pending: why\n"
        " 3 |     pending \"why\"\n"
        "   |     ^^^^^^^^^^^^^"
    )


def test_a_secondary_label_is_rendered_as_a_note_under_the_first_place():
    source = SourceFile.from_text("rules/x.rules", "parameter rate {\n}\nparameter rate {\n}\n")
    diagnostic = Diagnostic(codes.DUPLICATE_NAME, Severity.ERROR, "parameter `rate` is defined twice",
                            Label(source.span(29, 33)), (Label(source.span(10, 14), "first defined here"),),
                            "remove one of the two, or give one another name")
    assert render(diagnostic, {"rules/x.rules": source}) == (
        "rules/x.rules:3:11: error[E0104]: parameter `rate` is defined twice\n"
        " 3 | parameter rate {\n"
        "   |           ^^^^\n"
        "  note: rules/x.rules:1:11: first defined here\n"
        " 1 | parameter rate {\n"
        "   |           ----\n"
        "help: remove one of the two, or give one another name"
    )


def test_carets_are_placed_under_the_place_when_the_line_has_tabs():
    source = SourceFile.from_text("rules/x.rules", "\tcertify 4.1.a by nobody\n")
    reporter = Reporter()
    reporter.error(codes.UNKNOWN_NAME, "`nobody` is not a certifier role", source.span(18, 24))
    lines = render(reporter.diagnostics[0], {"rules/x.rules": source}).splitlines()
    text_line, caret_line = lines[1], lines[2]
    assert text_line == " 1 |     certify 4.1.a by nobody"
    assert caret_line.index("^") == text_line.index("nobody") and caret_line.count("^") == len("nobody")
