"""Pass 5 (from_ast.py): the real rules lowered to the IR the backends read.

One `Validator` for Circular 02/2021/TT-BTP (module circular_02_2021) gathers the circular's own
statements and those of Decree 144/2017/NĐ-CP it is made pursuant to (the rates and per-provider
caps of Art. 13), each keeping its own citation. The rules are rules/ with the values of the law
pinned to those asserted below (tests/pinned.py), so that a drafter's new value breaks no test here.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from compiler import from_ast, ir
from compiler.pipeline import compile_rules
from pinned import pinned_dir
from programs import checked


@pytest.fixture(scope="module")
def program() -> ir.Program:
    compilation = compile_rules(pinned_dir(), generate=False)
    assert compilation.ok
    return compilation.program


@pytest.fixture(scope="module")
def validator(program) -> ir.Validator:
    [only] = program.validators
    return only


def activity(validator, citation):
    return next(a for a in validator.latest.activities if a.citation == citation)


def test_the_rules_lower_to_one_validator_for_the_circular(program, validator):
    assert len(program.validators) == 1
    assert (validator.instrument, validator.module) == ("02/2021/TT-BTP", "circular_02_2021")
    assert validator.latest.scope == ("proceedings", "extrajudicial")
    assert validator.latest.scope_origin.cite == "02/2021/TT-BTP 1.1"
    assert [(m, forms, o.citation) for m, forms, o in validator.latest.methods] == [
        ("actual_sessions", ("proceedings", "extrajudicial"), "3.1"), ("fixed_time", ("proceedings",), "9.1")]


def test_entry_into_force_and_the_transition_of_art_11_and_12(validator):
    transition = validator.transition
    assert transition.in_force == datetime.date(2021, 7, 15)
    assert transition.in_force_origin.cite == "02/2021/TT-BTP 12.1"
    assert transition.governed_by == ("18/2013/TT-BTP", "05/2017/TT-BTP")
    assert transition.judged_by == "work_date"
    assert transition.origin.cite == "02/2021/TT-BTP 11"


def test_point_4_1_a_is_a_criminal_activity_certified_by_the_presiding_person_or_agency(validator):
    """Art. 4.1.a and 4.3.a."""
    a = activity(validator, "4.1.a")
    assert a.areas == ("criminal",)
    assert a.certifiers == ("presiding_person", "presiding_agency")
    assert a.certifier_origin.citation == "4.3.a"
    assert (a.origin.file, a.origin.instrument, a.origin.citation) == (
        "rules/circular-02-2021/chapter-2-actual-sessions.rules", "02/2021/TT-BTP", "4.1.a")
    lines = (pinned_dir().parent / a.origin.file).read_text(encoding="utf-8").splitlines()
    assert lines[a.origin.line - 1].strip() == "point a {"
    assert lines[a.certifier_origin.line - 1].strip() == "certify 4.1.a by presiding_person, presiding_agency"
    assert a.label.startswith("Participating in interrogation of the accused")


def test_point_5_1_h_is_chargeable_in_civil_and_administrative_cases(validator):
    """Art. 5.1.h, and Art. 6.1.a which makes the activities of Art. 5.1 administrative ones too."""
    a = activity(validator, "5.1.h")
    assert a.areas == ("civil", "administrative")
    assert [o.citation for o in a.area_origins] == ["5.1.h", "6.1.a"]
    assert a.certifiers == ("legal_aid_center", "person_assigned")   # vocabulary order
    assert a.certifier_origin.citation == "5.3.g"


def test_point_dd_is_ordered_between_d_and_e(validator):
    criminal = [a.citation for a in validator.latest.activities if a.citation.startswith("4.1.")]
    assert criminal == ["4.1.a", "4.1.b", "4.1.c", "4.1.d", "4.1.dd", "4.1.e", "4.1.g", "4.1.h", "4.1.i",
                        "4.1.k", "4.1.l"]


def test_every_activity_has_a_certifier(validator):
    assert [a.citation for a in validator.latest.activities if not a.certifiers] == []
    assert len(validator.latest.activities) == 11 + 12 + 1 + 5 + 4   # Art. 4.1, 5.1, 6.1.b, 7.1, 8.4


def test_the_session_rule_is_4_hours_with_two_bands(validator):
    """Art. 3.2: 4 hours a session; a remainder under 3 hours is half a session, from 3 a whole one."""
    rule = validator.latest.session_rule
    assert rule.hours == Decimal(4)
    assert rule.added == "per_provider"
    assert rule.origin.cite == "02/2021/TT-BTP 3.2"
    assert [(b.lower, b.upper, b.counts, b.origin.citation) for b in rule.bands] == [
        (Decimal(0), Decimal(3), Decimal("0.5"), "3.2.a"), (Decimal(3), Decimal(4), Decimal(1), "3.2.b")]


def test_the_session_caps_of_decree_144_art_13_and_of_art_8_1(validator):
    caps = {(c.scope, c.areas): (c.limit, c.origin.cite) for c in validator.latest.session_caps}
    assert caps == {
        ("per_provider", ("proceedings",)): (Decimal(30), "144/2017/NĐ-CP 13.1"),
        ("per_provider", ("extrajudicial",)): (Decimal(20), "144/2017/NĐ-CP 13.2"),
        ("per_case", ("proceedings",)): (Decimal(30), "02/2021/TT-BTP 8.1"),
        ("per_case", ("extrajudicial",)): (Decimal(20), "02/2021/TT-BTP 8.1"),
    }


def test_the_rates_cite_decree_144_art_13(validator):
    rates = [(r.kind, r.areas, r.parameter, r.of_kind, r.origin.cite) for r in validator.latest.rates]
    assert rates == [
        ("lawyer", ("proceedings",), "lawyer_rate_proceedings", None, "144/2017/NĐ-CP 13.1"),
        ("lawyer", ("extrajudicial",), "lawyer_rate_extrajudicial", None, "144/2017/NĐ-CP 13.2"),
        ("legal_aid_officer", ("proceedings",), "officer_share_proceedings", "lawyer", "144/2017/NĐ-CP 13.3"),
        ("legal_aid_officer", ("extrajudicial",), "officer_share_extrajudicial", "lawyer", "144/2017/NĐ-CP 13.3"),
    ]


def test_the_table_caps_of_art_4_2_5_2_6_2_and_8_4_d(validator):
    caps = [(c.table, c.fixed, c.activities, c.areas, c.origin.citation) for c in validator.latest.table_caps]
    assert caps == [
        ("appendix_01_task_caps", (), ("4.1.e", "4.1.g", "4.1.h", "4.1.l"), ("criminal",), "4.2"),
        ("appendix_02_task_caps", (), ("5.1.g", "5.1.h", "5.1.i", "5.1.m"), ("civil",), "5.2"),
        ("appendix_03_task_caps", (), ("5.1.g", "5.1.h", "5.1.i", "5.1.m"), ("administrative",), "6.2"),
        ("appendix_01_task_caps", (("offense_class", "less_serious"),), ("8.4.d",), ("criminal",), "8.4.d"),
    ]


def test_appendix_01_has_its_20_grid_cells_and_its_combined_cells(validator):
    """Every cell of the grid, pending unless written, then the combined cells as written: the known one
    of Art. 10's examples (very serious, investigation to first-instance trial: 23 sessions) and the
    extremely serious one written pending."""
    table = next(t for t in validator.latest.tables if t.id == "appendix_01")
    assert [a.vocabulary for a in table.axes] == ["stage", "offense_class"]
    grid, combined = table.cells[:20], table.cells[20:]
    assert all(c.value is None and c.pending.startswith("Appendix 01's cells were not found") for c in grid)
    assert grid[0].key == (("investigation",), ("less_serious",))
    assert grid[-1].key == (("cassation_reopening",), ("extremely_serious",))
    known = {c.key: c for c in combined}
    three = ("investigation", "prosecution", "first_instance")
    assert set(known) == {(three, ("very_serious",)), (three, ("extremely_serious",))}
    assert known[three, ("very_serious",)].value == Decimal(23)
    assert known[three, ("extremely_serious",)].value is None and known[three, ("extremely_serious",)].pending
    assert table.known == 1


def test_the_validator_uses_the_tables_it_names(validator):
    assert [t.id for t in validator.latest.tables] == [
        "appendix_01", "appendix_01_task_caps", "appendix_02", "appendix_02_task_caps", "appendix_03",
        "appendix_03_task_caps"]


def test_base_salary_has_six_dated_values(validator):
    parameters = {p.id: p for p in validator.parameters}
    base = parameters["base_salary"]
    assert [(v.start, v.value) for v in base.values] == [
        (datetime.date(2017, 7, 1), Decimal(1300000)), (datetime.date(2018, 7, 1), Decimal(1390000)),
        (datetime.date(2019, 7, 1), Decimal(1490000)), (datetime.date(2023, 7, 1), Decimal(1800000)),
        (datetime.date(2024, 7, 1), Decimal(2340000)), (datetime.date(2026, 7, 1), Decimal(2530000))]
    assert base.applies_on == ("payment_date", "last_entry_date")
    assert sorted(parameters) == ["base_salary", "lawyer_rate_extrajudicial", "lawyer_rate_proceedings",
                                  "officer_share_extrajudicial", "officer_share_proceedings"]


def test_percentages_are_stored_as_fractions(validator):
    share = next(p for p in validator.parameters if p.id == "officer_share_proceedings")
    [value] = share.values
    assert (value.value, value.percent, value.source) == (Decimal("0.40"), True, "144/2017/NĐ-CP 13.3")


def test_the_fixed_time_rules_of_art_9_and_10(validator):
    ft = validator.latest.fixed_time
    assert ft.forms == ("proceedings",)
    assert ft.chosen[:2] == ("assigned_on", "first_task")
    assert ft.level[:2] == ("offense_class", "most_serious")
    assert [(t.table, t.areas, t.axes) for t in ft.tables] == [
        ("appendix_01", ("criminal",), ("stage", "offense_class")),
        ("appendix_02", ("civil",), ("stage", "complexity")),
        ("appendix_03", ("administrative",), ("stage", "complexity"))]
    assert [(b.times, b.parameter, b.areas) for b in ft.floors] == [
        (Decimal(3), "base_salary", ("criminal",)), (Decimal(3), "base_salary", ("civil", "administrative"))]
    assert (ft.ceiling.times, ft.ceiling.parameter, ft.ceiling.origin.citation) == (Decimal(10), "base_salary", "9.5")
    assert [(m.factor, m.when, m.at_least, m.origin.citation) for m in ft.multipliers] == [
        (Decimal("1.3"), "providers", 2, "10.1"), (Decimal("1.3"), "offenses", 2, "10.2")]


def test_the_worked_examples_are_listed_with_their_files(validator, root):
    """Each `example` statement with its file (relative to the project) and the provision it stands in;
    the instruments the circular is made pursuant to bring theirs."""
    listed = [(e.file, e.origin.instrument, e.origin.citation) for e in validator.examples]
    assert ("rules/circular-02-2021/examples/art10-example-02.yaml", "02/2021/TT-BTP", "10.2.a") in listed
    assert ("rules/decree-144-2017/examples/rate-paid-2026-06-30.yaml", "144/2017/NĐ-CP", "13.1") in listed
    assert ("rules/law-11-2017/examples/art07-financial-difficulty.yaml", "11/2017/QH14", "7.7.c") in listed
    assert all((root / file).is_file() for file, _, _ in listed)
    assert len(set(listed)) == len(listed)


def test_the_program_carries_the_rules_digest(program):
    from compiler.digest import rules_digest
    assert program.digest == rules_digest(pinned_dir()) and len(program.digest) == 32


def test_a_combined_cell_is_keyed_in_axis_order_whatever_order_it_is_written_in():
    """`[prosecution + investigation, ...]` is the same cell as `[investigation + prosecution, ...]` (the
    checks say so); the validators look cells up in axis order, so the IR key must be in axis order."""
    text = ("table levels {\n  axis stage: investigation, prosecution\n  axis offense_class: serious\n"
            "  cell [prosecution + investigation, serious] = 5\n}\n")
    program, reporter = checked({"rules/t.rules": text})
    [table] = from_ast.run(program).tables
    combined = [c for c in table.cells if c.value is not None]
    assert [c.key for c in combined] == [(("investigation", "prosecution"), ("serious",))]
