"""Amending acts as they are written (issue 11): a transitional provision, two in-force dates and a
temporary change in one act; an act that amends two instruments; owners; retroactivity.

The act below is INVENTED for these tests, on rules/ with its values pinned (tests/pinned.py: base
salary 2,530,000 đồng from 2026-07-01, lawyer's rate 0.38, case cap 30 sessions). It amends Circular
02/2021/TT-BTP and Decree 144/2017/NĐ-CP from 1 March 2027: the case cap becomes 35 and the lawyer's
rate 0.40; from 1 July to 31 December 2027 the cap is 40 (a temporary measure), then 35 again; cases
assigned before a change takes effect are paid without it.

Every case: two lawyers, 10 days of 8 hours each = 20 sessions each, 40 declared; the cap cuts them.
"""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from compiler.api import compile_validator
from compiler.pipeline import compile_rules
from pinned import pinned_dir

ACT = """\
instrument "5/2027/TT-BTP" {
  kind circular
  title en "Circular amending Circular 02/2021/TT-BTP and Decree 144/2017/ND-CP (invented, for tests)"
  amends "02/2021/TT-BTP", "144/2017/NĐ-CP"
  signed 2027-02-15
}
article 1 {
  title en "Amendments to Circular 02/2021/TT-BTP"
  amending "02/2021/TT-BTP"
  clause 1 {
    text en "The case cap of Art. 8.1 for proceedings becomes 35 sessions."
    change cap 8.1 per_case to 35 sessions in proceedings
  }
  clause 2 {
    text en "From 1 July 2027 to 31 December 2027 the cap is 40 sessions."
    in_force 2027-07-01 until 2027-12-31
    change cap 8.1 per_case to 40 sessions in proceedings
  }
}
article 2 {
  title en "Amendments to Decree 144/2017/ND-CP"
  clause 1 {
    text en "The lawyer's rate in proceedings becomes 0.40 of the base salary."
    change parameter lawyer_rate_proceedings to 0.40
  }
}
article 3 {
  title en "Transitional provisions"
  clause 1 {
    text en "A case assigned before a change of this Circular takes effect is paid without it."
    keeps_old_rules cases_assigned_before
  }
}
article 4 {
  title en "Entry into force"
  clause 1 {
    text en "This Circular comes into force on 1 March 2027."
    in_force 2027-03-01
  }
}
"""
BASE = 2_530_000


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acts") / "rules"
    shutil.copytree(pinned_dir(), folder)
    (folder / "act-5-2027.rules").write_text(ACT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def validator(rules):
    return compile_validator(rules)


def case(assigned: str, first_day: str, paid: str) -> dict:
    start = dt.date.fromisoformat(first_day)
    days = [(start + dt.timedelta(days=n)).isoformat() for n in range(10)]
    return {"case_id": f"T-{assigned}", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
            "assigned_on": assigned, "payment_date": paid,
            "providers": [{"id": "P1", "kind": "lawyer"}, {"id": "P2", "kind": "lawyer"}],
            "entries": [{"date": d, "provider": who, "activity": "4.1.a", "hours": 8, "certified_by": "presiding_agency"}
                        for d in days for who in ("P1", "P2")]}


def test_the_act_compiles_into_a_version_per_date(rules):
    compilation = compile_rules(rules, generate=False)
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    [validator] = compilation.program.validators
    caps = [(v.start, {(c.scope, c.areas): c.limit for c in v.session_caps}[("per_case", ("proceedings",))], v.keeps[0] if v.keeps else None)
            for v in validator.versions]
    assert caps == [(None, 30, None), (dt.date(2027, 1, 1), 30, None),   # the Law amending the Law on Legal Aid (rules/)
                    (dt.date(2027, 3, 1), 35, "cases_assigned_before"), (dt.date(2027, 7, 1), 40, "cases_assigned_before"),
                    (dt.date(2028, 1, 1), 35, "cases_assigned_before")]


@pytest.mark.parametrize(("why", "assigned", "first_day", "paid", "cap", "rate"), [
    ("work done before the act, paid after it: the old rules", "2026-12-01", "2027-01-04", "2027-04-01", 30, "0.38"),
    ("assigned and worked after 1 March", "2027-03-05", "2027-03-10", "2027-05-01", 35, "0.40"),
    ("assigned before 1 March, worked after: kept under the old rules", "2027-02-10", "2027-03-10", "2027-05-01", 30, "0.38"),
    ("assigned during the temporary measure", "2027-07-02", "2027-07-05", "2027-09-01", 40, "0.40"),
    ("assigned between the dates, worked during the measure: kept out of it", "2027-06-01", "2027-07-05", "2027-09-01", 35, "0.40"),
    ("after the temporary measure ends: 35 again", "2028-01-05", "2028-01-06", "2028-02-01", 35, "0.40"),
    ("assigned during the measure, worked after it ends: kept under it", "2027-10-01", "2028-01-06", "2028-02-01", 40, "0.40"),
])
def test_hand_checked_figures_before_between_and_after_the_dates(validator, why, assigned, first_day, paid, cap, rate):
    from decimal import Decimal
    result = validator.validate(case(assigned, first_day, paid))
    assert result["sessions_declared"] == 40 and result["sessions_payable"] == cap, why
    assert result["amount_vnd"] == int(cap * Decimal(rate) * BASE), why


def test_the_trace_cites_the_transitional_provision_and_the_act_that_set_the_rate(validator):
    kept = validator.validate(case("2027-02-10", "2027-03-10", "2027-05-01"))
    step = next(t for t in kept["trace"] if "transitional provision" in t["step"])
    assert step["citation"] == "5/2027/TT-BTP 3.1"
    assert step["step"].startswith("the case was assigned on 2027-02-10, before the rules of 2027-03-01")
    new = validator.validate(case("2027-03-05", "2027-03-10", "2027-05-01"))
    assert any(t["citation"] == "5/2027/TT-BTP 2.1" and "as set by 5/2027/TT-BTP 2.1" in t["step"] for t in new["trace"])


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def errors_and_warnings(rules) -> list[tuple[str, str, int]]:
    compilation = compile_rules(rules, generate=False)
    return [(d.code.code, d.primary.span.file.rsplit("/", 1)[-1], d.primary.span.line) for d in compilation.reporter.sorted()
            if d.code.code.startswith(("E01", "W0305"))]


def act_folder(tmp_path, text: str):
    folder = tmp_path / "rules"
    shutil.copytree(pinned_dir(), folder)
    (folder / "act.rules").write_text(text, encoding="utf-8")
    return folder


def test_an_act_in_force_before_its_base_is_an_error_and_before_its_signing_a_warning(tmp_path):
    text = ACT.replace("in_force 2027-03-01", "in_force 2020-01-01").replace(
        "in_force 2027-07-01 until 2027-12-31", "in_force 2027-01-01")
    found = errors_and_warnings(act_folder(tmp_path, text))
    assert ("E0156", "act.rules", line_of(text, "in_force 2020-01-01")) in found   # before Circular 02/2021 (2021-07-15)
    late = act_folder(tmp_path / "late", ACT.replace("signed 2027-02-15", "signed 2027-04-01"))
    compilation = compile_rules(late, generate=False)
    [warning] = [d for d in compilation.reporter.warnings() if d.code.code == "W0305"]
    assert warning.message == ("5/2027/TT-BTP is in force from 2027-03-01, before it was signed on 2027-04-01: "
                               "it applies retroactively from 2027-03-01 to 2027-03-31")


def test_an_act_changes_only_what_belongs_to_what_it_amends(tmp_path):
    only_circular = ACT.replace('amends "02/2021/TT-BTP", "144/2017/NĐ-CP"', 'amends "02/2021/TT-BTP"')
    compilation = compile_rules(act_folder(tmp_path, only_circular), generate=False)
    [error] = [d for d in compilation.reporter.errors()]
    assert (error.code.code, error.message) == (
        "E0157", "parameter `lawyer_rate_proceedings` belongs to 144/2017/NĐ-CP, which 5/2027/TT-BTP does not amend")
    salary = ACT.replace("change parameter lawyer_rate_proceedings to 0.40", "change parameter base_salary to 2600000")
    [error] = compile_rules(act_folder(tmp_path / "salary", salary), generate=False).reporter.errors()
    assert error.message == "parameter `base_salary` belongs to no instrument of these rules, which 5/2027/TT-BTP does not amend"


def test_an_act_amending_two_instruments_says_which_each_provision_changes(tmp_path):
    vague = ACT.replace('  amending "02/2021/TT-BTP"\n', "")
    compilation = compile_rules(act_folder(tmp_path, vague), generate=False)
    assert {(d.code.code, d.primary.span.line) for d in compilation.reporter.errors()} == {
        ("E0158", line_of(vague, "to 35 sessions")), ("E0158", line_of(vague, "to 40 sessions"))}


def test_a_temporary_change_ends_before_it_begins_is_an_error(tmp_path):
    backwards = ACT.replace("in_force 2027-07-01 until 2027-12-31", "in_force 2027-07-01 until 2027-06-30")
    compilation = compile_rules(act_folder(tmp_path, backwards), generate=False)
    assert ("E0159", line_of(backwards, "until 2027-06-30")) in {(d.code.code, d.primary.span.line) for d in compilation.reporter.errors()}


def test_the_docs_and_the_diff_show_each_period(rules):
    compilation = compile_rules(rules)
    page = compilation.outputs["generated/docs/md/en/02-2021-tt-btp/articles/8.md"]
    caps = [line for line in page.splitlines() if "sessions per case are paid" in line and "Participation" in line]
    assert any("At most 35" in line and "(from 2027-03-01 until 2027-06-30) (and again from 2028-01-01)" in line for line in caps)
    assert any("At most 40" in line and "(from 2027-07-01 until 2027-12-31)" in line for line in caps)
    assert any("At most 30" in line and "(until 2027-02-28)" in line for line in caps)
    from compiler import diff
    program = compilation.program
    around_end = [(c.start, c.change.subject, c.change.before.value, c.change.after.value)
                  for c in diff.compare_dates(program, dt.date(2027, 12, 31), dt.date(2028, 1, 1))]
    assert (dt.date(2028, 1, 1), "cap for all providers together in proceedings", "40 sessions", "35 sessions") in around_end


def test_diff_of_two_dates_reads_a_tree_of_several_folders(rules, tmp_path, capsys):
    from compiler import cli
    act = tmp_path / "act"
    act.mkdir()
    shutil.copy(rules / "act-5-2027.rules", act / "act.rules")
    base = tmp_path / "base"
    shutil.copytree(pinned_dir(), base)
    code = cli.main(["--rules", f"{base}+{act}", "diff", "2027-02-28", "2027-03-01"])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "30 -> 35 sessions" in out and "by 5/2027/TT-BTP 1.1" in out
    assert cli.main(["--rules", f"{base}+{tmp_path / 'missing'}", "diff", "2027-02-28", "2027-03-01"]) == 2
    assert "no rules folder at" in capsys.readouterr().err


def test_the_pending_count_of_a_table_counts_the_cells_acts_set(tmp_path):
    text = ACT.replace("    change cap 8.1 per_case to 35 sessions in proceedings",
                       "    change cap 8.1 per_case to 35 sessions in proceedings\n"
                       "    change cell appendix_01 [investigation, serious] to 7")
    compilation = compile_rules(act_folder(tmp_path, text), generate=False)
    [warning] = [d for d in compilation.reporter.warnings() if "`appendix_01`:" in d.message]
    assert warning.message == "table `appendix_01`: 19 of 20 cells are pending (1 combined value known, 1 set by amending acts)"


def test_a_cell_an_act_writes_was_pending_before_it_in_the_diff(tmp_path):
    from compiler import diff
    text = ACT.replace("    change cap 8.1 per_case to 35 sessions in proceedings",
                       "    change cap 8.1 per_case to 35 sessions in proceedings\n"
                       "    change cell appendix_01 [investigation+prosecution, serious] to 12")
    program = compile_rules(act_folder(tmp_path, text), generate=False).program
    [cell] = [c for c in diff.compare_dates(program, dt.date(2027, 2, 28), dt.date(2027, 3, 1))
              if c.change.subject == "cell [investigation + prosecution, serious]"]
    assert (cell.change.before.value, cell.change.after.value) == ("pending: not written in the table", "12 sessions")


def test_everything_an_act_could_change_in_rules_has_an_owner():
    """rules/ says who may amend each vocabulary, parameter and table; only the base salary belongs to none."""
    from pathlib import Path

    from compiler import from_tree, parse, resolve
    from compiler.diagnostics import Reporter
    from compiler.source import SourceFile

    reporter, files = Reporter(), []
    for path in sorted((Path(__file__).resolve().parent.parent / "rules").rglob("*.rules")):
        source = SourceFile.read(path, path.name)
        files.append(from_tree.run(parse.run(source, reporter), source, reporter))
    program = resolve.run(tuple(files), reporter)
    unowned = sorted(name for (kind, name), owner in program.owners.items() if owner is None)
    assert unowned == ["base_salary"] and set(program.owners.values()) - {None} <= set(program.instruments)
