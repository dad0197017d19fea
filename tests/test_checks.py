"""Pass 4 (checks.py): semantic checks on small in-memory programs and on the real rules.

The session rule of Circular 02/2021 Art. 3.2 is the centre: a session is 4 hours, and the
hours left over count half a session under 3 hours (point a) and one session from 3 hours
(point b); `session_bands` must turn those two statements into two bands covering 0-4 once.
"""
from __future__ import annotations

from decimal import Decimal

from compiler import ast, checks, codes
from compiler.diagnostics import Reporter
from compiler.pipeline import compile_rules
from programs import VOCABULARY, checked, messages, real_program

INSTRUMENT = 'instrument "99/2021/TT-TEST" {\n  kind circular\n}\n'


def session_rule(*remainders: str, hours: str = "4") -> str:
    points = "".join(f"    point {letter} {{\n      {line}\n    }}\n" for letter, line in zip("abcdeg", remainders))
    return INSTRUMENT + f"article 3 {{\n  clause 2 {{\n    session_hours {hours}\n{points}  }}\n}}\n"


def bands_of(program, reporter):
    hours = program.statements("99/2021/TT-TEST", ast.SessionHours)[0]
    remainders = program.statements("99/2021/TT-TEST", ast.Remainder)
    return checks.session_bands(hours.node.hours, remainders, reporter, hours)


# -- the session rule -------------------------------------------------------------------------

def test_the_real_session_rule_has_two_bands_half_under_3_hours_one_from_3():
    """Art. 3.2.a: under 3 hours left over count 0.5; Art. 3.2.b: from 3 hours count 1."""
    program, _ = real_program()
    hours = program.statements("02/2021/TT-BTP", ast.SessionHours)
    assert [(p.citation, p.node.hours) for p in hours] == [("3.2", Decimal(4))]
    remainders = program.statements("02/2021/TT-BTP", ast.Remainder)
    reporter = Reporter()
    bands = checks.session_bands(hours[0].node.hours, remainders, reporter, hours[0])
    assert reporter.diagnostics == []
    assert [(lo, hi, counts, placed.citation) for lo, hi, counts, placed in bands] == [
        (Decimal(0), Decimal(3), Decimal("0.5"), "3.2.a"),
        (Decimal(3), Decimal(4), Decimal(1), "3.2.b"),
    ]


def test_session_bands_in_any_statement_order():
    program, reporter = checked({"rules/t.rules": session_rule("remainder from 3 counts 1", "remainder under 3 counts 0.5")})
    assert messages(reporter) == []
    assert [(lo, hi, counts) for lo, hi, counts, _ in bands_of(program, Reporter())] == [
        (0, 3, Decimal("0.5")), (3, 4, 1)]


def test_two_from_rules_overlap_above_the_higher_threshold():
    _, reporter = checked({"rules/t.rules": session_rule(
        "remainder under 1 counts 0", "remainder from 1 counts 0.5", "remainder from 3 counts 1")})
    assert messages(reporter) == [("E0206", 14, "several rules say how a remainder of 3 to 4 hours counts")]


def test_a_gap_in_the_session_bands_is_reported_and_gives_no_bands():
    program, reporter = checked({"rules/t.rules": session_rule("remainder under 2 counts 0.5", "remainder from 3 counts 1")})
    assert messages(reporter) == [("E0206", 6, "no rule says how a remainder of 2 to 3 hours counts")]
    assert bands_of(program, Reporter()) == []


def test_an_overlap_in_the_session_bands_points_at_the_second_rule():
    program, reporter = checked({"rules/t.rules": session_rule("remainder under 3 counts 0.5", "remainder from 2 counts 1")})
    assert messages(reporter) == [("E0206", 11, "several rules say how a remainder of 2 to 3 hours counts")]


def test_session_hours_without_any_remainder_rule_leaves_every_remainder_uncounted():
    _, reporter = checked({"rules/t.rules": session_rule()})
    assert messages(reporter) == [("E0206", 6, "no rule says how a remainder of 0 to 4 hours counts")]


def test_remainder_rules_without_session_hours_are_E0208():
    text = INSTRUMENT + "article 3 {\n  clause 2 {\n    remainder under 3 counts 0.5\n  }\n}\n"
    _, reporter = checked({"rules/t.rules": text})
    assert messages(reporter) == [("E0208", 6, "`remainder` rules without `session_hours`")]


def test_a_session_of_zero_hours_is_E0210():
    _, reporter = checked({"rules/t.rules": session_rule("remainder under 3 counts 0.5", hours="0")})
    assert messages(reporter) == [("E0210", 6, "a session must last more than 0 hours")]


# -- parameters -------------------------------------------------------------------------------

def test_a_share_above_100_percent_and_an_end_before_the_start_are_E0210():
    text = "parameter share {\n  value 140% from 2020-01-01\n}\nparameter p {\n  value 1 from 2020-05-01 until 2020-04-30\n}\n"
    _, reporter = checked({"rules/t.rules": text})
    assert messages(reporter) == [
        ("E0210", 2, "`share`: a share of 140% is above 100%"),
        ("E0210", 5, "`p`: in force until 2020-04-30, before it starts on 2020-05-01"),
    ]


def test_values_written_out_of_date_order_are_checked_in_date_order():
    text = "parameter p {\n  value 2 from 2021-01-01\n  value 1 from 2020-01-01 until 2020-11-30\n}\n"
    _, reporter = checked({"rules/t.rules": text})
    assert messages(reporter) == [("E0205", 2, "`p` has no value from 2020-12-01 to 2020-12-31")]


# -- validators' needs ------------------------------------------------------------------------

def test_an_instrument_with_a_module_needs_in_force_method_scope_and_session_hours():
    text = 'instrument "99/2021/TT-TEST" {\n  kind circular\n  module test_module\n}\n'
    _, reporter = checked({"rules/t.rules": text})
    assert messages(reporter) == [
        ("E0208", 1, "instrument 99/2021/TT-TEST has validators but no `in_force` rule"),
        ("E0208", 1, "instrument 99/2021/TT-TEST has validators but no `method` rule"),
        ("E0208", 1, "instrument 99/2021/TT-TEST has validators but no `scope` rule"),
        ("E0208", 1, "instrument 99/2021/TT-TEST has validators but no `session_hours` rule"),
    ]


def test_an_instrument_with_a_module_but_no_session_hours_is_a_diagnostic_not_a_crash(tmp_path):
    """A validator cannot count sessions without `session_hours`: checks must say so (E0208);
    today the pipeline passes the checks and from_ast raises InternalError."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "vocabulary.rules").write_text(VOCABULARY, encoding="utf-8")
    (rules / "t.rules").write_text(
        'instrument "99/2021/TT-TEST" {\n  kind circular\n  module test_module\n}\n'
        "article 1 {\n  clause 1 {\n    scope proceedings\n    in_force 2021-07-15\n"
        "    method actual_sessions for proceedings\n  }\n}\n", encoding="utf-8")
    compilation = compile_rules(rules)
    assert not compilation.ok
    assert [d.code.code for d in compilation.reporter.errors()] == ["E0208"]


def test_a_multiple_of_an_unknown_parameter_is_E0101():
    text = ('instrument "99/2021/TT-TEST" {\n  kind circular\n  module m\n}\n'
            "article 1 {\n  clause 1 {\n    scope proceedings\n    in_force 2021-07-15\n"
            "    method actual_sessions for proceedings\n    session_hours 4\n"
            "    remainder under 3 counts 0.5\n    remainder from 3 counts 1\n  }\n}\n"
            "parameter rate {\n  unit base_pay_multiple\n  value 0.38 from 2018-01-01\n}\n")
    _, reporter = checked({"rules/t.rules": text})
    assert messages(reporter) == [("E0101", 16, "unit `base_pay_multiple` names no parameter `base_pay`")]


# -- worked examples and pending values -------------------------------------------------------

def test_without_a_base_folder_the_examples_are_not_looked_for_on_disk():
    text = INSTRUMENT + 'article 3 {\n  clause 2 {\n    example "examples/nowhere.yaml"\n  }\n}\n'
    _, reporter = checked({"rules/t.rules": text}, base=None)
    assert messages(reporter) == []


def test_an_example_is_looked_for_beside_its_rule_file(tmp_path):
    (tmp_path / "rules" / "sub" / "examples").mkdir(parents=True)
    (tmp_path / "rules" / "sub" / "examples" / "here.yaml").write_text("case: {}\nexpect: {}\n", encoding="utf-8")
    text = INSTRUMENT + 'article 3 {\n  clause 2 {\n    example "examples/here.yaml"\n    example "here.yaml"\n  }\n}\n'
    _, reporter = checked({"rules/sub/t.rules": text}, base=tmp_path)
    assert messages(reporter) == [("E0209", 7, "worked example `here.yaml` does not exist")]


def test_pending_cells_are_counted_only_inside_the_grid():
    """A cell outside the axes (already E0203) is not a known cell of the grid: a complete 2-cell
    grid has 0 pending cells, never -1."""
    text = ("table levels {\n  axis offense_class: less_serious, serious\n"
            "  cell [less_serious] = 1\n  cell [serious] = 2\n  cell [very_serious] = 3\n}\n")
    _, reporter = checked({"rules/t.rules": text})
    assert [d.message for d in reporter.warnings()] == []


def test_the_real_rules_pass_the_checks_with_only_pending_warnings():
    """No errors, and no missing translation: every text of the law is in Vietnamese and English."""
    program, reporter = real_program()
    checks.run(program, reporter, None)
    assert not reporter.has_errors
    warnings = reporter.warnings()
    assert warnings and {d.code for d in warnings} == {codes.PENDING}
    assert "table `appendix_01`: 20 of 20 cells are pending (1 combined value known)" in [d.message for d in warnings]
