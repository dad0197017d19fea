"""Amending acts as rule files (issue 4): consolidation into versions, the validators' choice of
version by date, eligibility, and the located errors of a broken amending act.

The acts written here and in examples/draft-2026 are invented; the figures expected are worked
out by hand from the rules (0.38 x base salary per session of proceedings, 0.31 for mediation in
the draft; base salary 2,340,000 from 2024-07-01 and 2,530,000 from 2026-07-01).
"""
from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from compiler.api import compile_validator
from compiler.pipeline import compile_rules
from pinned import pinned_dir

ROOT = Path(__file__).resolve().parent.parent
RULES = pinned_dir()   # rules/ with the values the figures below assume (tests/pinned.py)
DRAFT = ROOT / "examples" / "draft-2026"
CORPUS = ROOT / "examples" / "corpus" / "synthetic.jsonl"
IN_FORCE = datetime.date(2027, 1, 1)   # the draft's invented date


@pytest.fixture(scope="module")
def base():
    return compile_validator(RULES)


@pytest.fixture(scope="module")
def drafted():
    return compile_validator([RULES, DRAFT])


def case(**fields) -> dict:
    out = {"case_id": "T", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
           "assigned_on": "2026-12-01", "providers": [{"id": "P1", "kind": "lawyer"}], "entries": []}
    out.update(fields)
    return out


def entry(date: str, activity: str, hours, certified_by: str, provider: str = "P1") -> dict:
    return {"date": date, "provider": provider, "activity": activity, "hours": hours, "certified_by": certified_by}


def codes(result: dict) -> list[str]:
    return [f["code"] for f in result["findings"]]


# -- the draft in examples/draft-2026 -------------------------------------------------------

def test_the_draft_compiles_onto_the_law_into_two_versions():
    compilation = compile_rules([RULES, DRAFT], generate=False)
    assert compilation.ok, [d.message for d in compilation.reporter.sorted()]
    validator = compilation.program.validators[0]
    assert [(v.start, v.end) for v in validator.versions] == [(None, datetime.date(2026, 12, 31)), (IN_FORCE, None)]
    first, second = validator.versions
    assert set(first.scope) == {"proceedings", "extrajudicial"}
    assert set(second.scope) == {"proceedings", "extrajudicial", "mediation", "online"}
    assert {o.cite for o in second.changed_by} >= {"DRAFT-2026/TT-BTP 1.1", "DRAFT-2026/TT-BTP 1.3",
                                                  "Law amending the Law on Legal Aid (2026)"}
    caps = {(c.scope, c.areas): c.limit for c in second.session_caps}
    assert caps[("per_case", ("proceedings",))] == 35 and caps[("per_case", ("mediation",))] == 10
    assert {(c.scope, c.areas): c.limit for c in first.session_caps}[("per_case", ("proceedings",))] == 30
    assert "7a.1.a" in {a.citation for a in second.activities} and "7a.1.a" not in {a.citation for a in first.activities}
    # The draft says nothing of who is entitled: that is the 2026 Law's, in rules/ (elderly people from 2027).
    assert {g.group: g.condition for g in second.eligibility.groups}["elderly"] is None
    assert {g.group: g.condition for g in first.eligibility.groups}["elderly"] == "financial_difficulty"


def test_the_base_files_are_not_edited_and_the_amended_provisions_keep_both_versions():
    compilation = compile_rules([RULES, DRAFT], generate=False)
    law = next(i for i in compilation.program.instruments if i.id == "02/2021/TT-BTP")
    article_1 = next(p for p in law.provisions[0].children if p.citation == "1")
    versions = [(c.start, c.end, c.amended_by.cite if c.amended_by else None) for c in article_1.children if c.citation == "1.1"]
    assert versions == [(None, datetime.date(2026, 12, 31), None), (IN_FORCE, None, "DRAFT-2026/TT-BTP 1.1")]
    assert "7a" in [p.citation for chapter in law.provisions for p in chapter.children]


def test_cases_done_before_the_draft_is_in_force_are_judged_exactly_as_before(base, drafted):
    """Every synthetic case whose work ends before 2027-01-01 gets the same result, byte for byte."""
    before = after = 0
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        last = max((e["date"] for e in raw["entries"]), default=raw["assigned_on"])
        if last < IN_FORCE.isoformat() and raw["assigned_on"] < IN_FORCE.isoformat():
            assert drafted.validate(raw) == base.validate(raw), raw["case_id"]
            before += 1
        else:
            after += 1
    assert before > 300 and after > 0   # the corpus spans the date


def test_a_mediation_case_is_paid_under_the_draft_and_not_governed_before_it(drafted):
    mediation = case(form="mediation", proceeding=None, assigned_on="2027-02-01", payment_date="2027-03-01",
                     entries=[entry("2027-02-03", "7a.1.a", 3, "person_worked_with"),
                              entry("2027-02-10", "7a.1.b", 4, "person_worked_with"),
                              entry("2027-02-11", "7a.1.c", 1, "legal_aid_center")])
    del mediation["proceeding"]
    result = drafted.validate(mediation)
    assert result["status"] == "ok", result["findings"]
    assert (result["sessions_payable"], result["base_salary_vnd"], result["amount_vnd"]) == (2, 2530000, 1568600)
    assert result["trace"][0]["citation"] == "DRAFT-2026/TT-BTP 1.1"
    earlier = dict(mediation, assigned_on="2026-10-01", entries=[entry("2026-10-03", "7a.1.a", 3, "person_worked_with")])
    result = drafted.validate(earlier)
    assert result["status"] == "not_governed" and codes(result) == ["NOT_GOVERNED"]


def test_the_case_cap_is_the_one_in_force_on_the_last_day_of_work(base, drafted):
    days = [f"2026-12-{d}" for d in range(20, 25)] + [f"2027-01-{d}" for d in range(20, 24)]
    entries = [entry(day, "4.1.a", 24, "presiding_agency", "P1" if day < "2027" else "P2") for day in days]
    capped = case(payment_date="2027-03-01", providers=[{"id": "P1", "kind": "lawyer"}, {"id": "P2", "kind": "lawyer"}],
                  entries=entries)
    # P1 30 sessions, P2 24: 54 in all; capped at 35 (draft) or 30 (as issued) for the case.
    assert drafted.validate(capped)["sessions_payable"] == 35
    assert drafted.validate(capped)["amount_vnd"] == 35 * 961400
    assert base.validate(capped)["sessions_payable"] == 30
    ended_before = dict(capped, entries=entries[:5] + [entry("2026-12-30", "4.1.a", 24, "presiding_agency", "P2")])
    assert drafted.validate(ended_before) == base.validate(ended_before)


def test_each_entry_is_judged_by_the_rules_of_its_own_date(drafted):
    online = case(form="online", assigned_on="2026-12-20", payment_date="2027-02-01",
                  entries=[entry("2026-12-28", "7b.1.a", 2, "digital_platform"),
                           entry("2027-01-05", "7b.1.a", 2, "digital_platform")])
    del online["proceeding"]
    result = drafted.validate(online)
    assert [(f["code"], f["entry"]) for f in result["findings"]] == [("UNKNOWN_ACTIVITY", 0)]
    assert "on 2026-12-28" in result["findings"][0]["message"]
    assert result["sessions_payable"] == 0.5


def test_eligibility_follows_the_groups_in_force_on_the_day_of_assignment(base, drafted):
    """The 2026 Law amending the Law on Legal Aid (rules/law-amendment-2026, in force 2027-01-01) covers
    elderly and near-poor people directly; the groups are those in force on the day of assignment."""
    work = [entry("2027-01-10", "4.1.a", 4, "presiding_agency")]
    elderly = {"groups": [{"group": "elderly", "evidence": "citizen ID, born 1950"}]}
    before = case(assigned_on="2026-12-31", entries=work, aided_person=elderly)
    after = dict(before, assigned_on="2027-01-02")
    for validator in (base, drafted):
        result = validator.validate(before)
        assert codes(result) == ["NOT_ELIGIBLE"] and result["status"] == "rejected"
        assert "only together with financial_difficulty (11/2017/QH14 7.7.c)" in result["findings"][0]["message"]
        result = validator.validate(after)
        assert result["status"] == "ok" and result["sessions_payable"] == 1
        [step] = [s for s in result["trace"] if s["citation"] == "11/2017/QH14 7.7.c"]
        assert "as amended by Law amending the Law on Legal Aid (2026), in force from 2027-01-01" in step["step"]
    near_poor = {"groups": [{"group": "near_poor_household", "evidence": "certificate 12/2026"}]}
    assert codes(base.validate(dict(before, aided_person=near_poor))) == ["NOT_ELIGIBLE"]
    result = base.validate(dict(after, aided_person=near_poor))
    assert result["status"] == "ok"
    assert any(s["citation"] == "11/2017/QH14 7" for s in result["trace"])


def test_an_aided_person_section_is_read_strictly(base):
    result = base.validate(case(aided_person={"groups": [{"group": "elderly"}], "nickname": "x"}))
    fields = sorted(f["field"] for f in result["findings"])
    assert fields == ["aided_person.groups[0].evidence", "aided_person.nickname"]


# -- invented acts written into a copy of rules/ -------------------------------------------

ACT = '''instrument "{number}" {{
  kind circular
  title en "Circular amending Circular 02/2021/TT-BTP (invented, for tests)"
  amends {amends}
}}
article 1 {{
  title en "Amendments"
{clauses}
}}
article 2 {{
  title en "Entry into force"
  clause 1 {{
    text en "In force."
    in_force {date}
  }}
}}
'''


def clause(n: int, body: str) -> str:
    return f'  clause {n} {{\n    text en "Change {n}."\n    {body}\n  }}\n'


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")

    def write(name: str, number: str, date: str, *bodies: str, amends: tuple[str, ...] = ("02/2021/TT-BTP",)) -> Path:
        path = tmp_path / "rules" / name
        clauses = "".join(clause(n, body) for n, body in enumerate(bodies, 1))
        path.write_text(ACT.format(number=number, date=date, clauses=clauses, amends=", ".join(f'"{a}"' for a in amends)),
                        encoding="utf-8")
        return tmp_path / "rules"
    return write


def errors(rules: Path) -> list[tuple[str, str, int, str]]:
    compilation = compile_rules(rules, generate=False)
    return [(d.code.code, Path(d.primary.span.file).name, d.primary.span.line, d.message)
            for d in compilation.reporter.sorted() if d.severity.value == "error"]


def test_a_later_act_prevails_and_each_date_has_its_version(tree):
    tree("a.rules", "1/2027/TT-BTP", "2027-01-01", "change cap 8.1 per_case to 35 sessions in proceedings")
    rules = tree("b.rules", "2/2028/TT-BTP", "2028-01-01", "change cap 8.1 per_case to 40 sessions in proceedings")
    compilation = compile_rules(rules, generate=False)
    assert compilation.ok
    limits = [(v.start, {(c.scope, c.areas): c.limit for c in v.session_caps}[("per_case", ("proceedings",))])
              for v in compilation.program.validators[0].versions]
    assert limits == [(None, 30), (datetime.date(2027, 1, 1), 35), (datetime.date(2028, 1, 1), 40)]


def test_two_acts_changing_the_same_point_on_the_same_day_conflict(tree):
    tree("a.rules", "1/2027/TT-BTP", "2027-01-01", 'replace point 4.1.h {\n text en "New h."\n activity in criminal\n }')
    rules = tree("b.rules", "2/2027/TT-BTP", "2027-01-01", "repeal clause 4.1")
    (code, file, line, message), = errors(rules)
    assert (code, file, line) == ("E0154", "b.rules", 10)
    assert message == ("02/2021/TT-BTP 4.1 is changed twice on 2027-01-01: by 1/2027/TT-BTP 1.1 "
                       "and by 2/2027/TT-BTP 1.1")


def test_operations_on_what_is_not_in_force_are_located_errors(tree):
    rules = tree("a.rules", "1/2027/TT-BTP", "2027-01-01",
                 'replace point 4.1.n {\n text en "n"\n }',
                 'insert point 4.1.a {\n text en "again"\n }',
                 "change cap 8.1 per_case to 35 sessions in civil",
                 "change cell appendix_01 [investigation, dreadful] to 5")
    found = [(code, line) for code, _, line, _ in errors(rules)]
    assert found == [("E0152", 10), ("E0153", 16), ("E0152", 22), ("E0203", 26)]
    messages = [m for *_, m in errors(rules)]
    assert messages[0] == "02/2021/TT-BTP has no point 4.1.n in force on 2027-01-01"
    assert messages[2] == "the per_case cap at 02/2021/TT-BTP 8.1 in civil is not in force on 2027-01-01"


def test_a_repealed_point_cannot_be_replaced_later(tree):
    tree("a.rules", "1/2027/TT-BTP", "2027-01-01", "repeal point 4.1.h")
    rules = tree("b.rules", "2/2028/TT-BTP", "2028-01-01", 'replace point 4.1.h {\n text en "h"\n }')
    assert [(c, f, m) for c, f, _, m in errors(rules)] == [
        ("E0152", "b.rules", "02/2021/TT-BTP 4.1.h was repealed by 1/2027/TT-BTP 1.1 from 2027-01-01: it is not in force on 2028-01-01")]


def test_an_act_needs_a_known_base_and_a_date(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    (tmp_path / "rules" / "x.rules").write_text(
        'instrument "X" {\n  kind circular\n  amends "02/2012/TT-BTP"\n}\n'
        'instrument "Y" {\n  kind circular\n  amends "02/2021/TT-BTP"\n}\n', encoding="utf-8")
    found = errors(tmp_path / "rules")
    assert [(c, line) for c, _, line, _ in found] == [("E0150", 1), ("E0151", 5)]


def test_changed_parameters_and_cells_apply_from_the_act_date_to_the_cases_its_rules_judge(tree):
    """A rate an act sets applies to the cases its rules judge: work done from its date on. Work done
    entirely before it, paid after it, keeps the old rate (the README's promise); the trace cites the act."""
    rules = tree("a.rules", "1/2027/TT-BTP", "2027-01-01",
                 "change parameter lawyer_rate_proceedings to 0.40",
                 "change cell appendix_01 [investigation+prosecution+first_instance, serious] to 20",
                 amends=("02/2021/TT-BTP", "144/2017/NĐ-CP"))
    validator = compile_validator(rules)
    new = case(payment_date="2027-01-20", entries=[entry("2027-01-10", "4.1.a", 4, "presiding_agency")])
    result = validator.validate(new)
    assert result["amount_vnd"] == round(2530000 * 0.40)
    assert any(t["citation"] == "1/2027/TT-BTP 1.1" and "as set by 1/2027/TT-BTP 1.1" in t["step"] for t in result["trace"])
    before = case(payment_date="2027-01-02", entries=[entry("2026-12-10", "4.1.a", 4, "presiding_agency")])
    assert validator.validate(before)["amount_vnd"] == round(2530000 * 0.38)
    fixed = case(method="fixed_time", method_chosen_on="2026-12-01", offense_classes=["serious"],
                 stages=["investigation", "prosecution", "first_instance"], payment_date="2027-02-01",
                 entries=[entry("2027-01-10", "4.1.a", None, "presiding_agency")])
    result = validator.validate(fixed)
    assert result["sessions_payable"] == 20 and result["amount_vnd"] == 20 * round(2530000 * 0.40)
    earlier = dict(fixed, assigned_on="2026-06-01", method_chosen_on="2026-06-01",
                   entries=[entry("2026-06-10", "4.1.a", None, "presiding_agency")])
    assert "VALUE_PENDING" in codes(validator.validate(earlier))


def test_a_new_certifier_role_and_activity_come_with_the_act(tree):
    rules = tree("a.rules", "1/2027/TT-BTP", "2027-01-01",
                 'add member certifier_role notary en "A notary"',
                 'insert point 4.1.m {\n text en "Video hearings."\n activity in criminal\n }',
                 'insert point 4.3.i {\n text en "Point m is certified by a notary."\n certify 4.1.m by notary\n }')
    validator = compile_validator(rules)
    video = case(payment_date="2027-02-01", entries=[entry("2027-01-10", "4.1.m", 4, "notary")])
    assert validator.validate(video)["status"] == "ok"
    early = dict(video, entries=[entry("2026-12-10", "4.1.m", 4, "notary")])
    assert codes(validator.validate(early)) == ["UNKNOWN_ACTIVITY"]


def test_an_inserted_activity_without_a_certifier_is_reported(tree):
    rules = tree("a.rules", "1/2027/TT-BTP", "2027-01-01",
                 'insert point 4.1.m {\n text en "Video hearings."\n activity in criminal\n }')
    assert [(c, line) for c, _, line, _ in errors(rules)] == [("E0201", 12)]


def test_impact_of_the_draft_over_the_synthetic_corpus(tmp_path):
    """`regc impact` of the draft: only the cases of 2026-2027 that the draft is about change; each
    long criminal case of two lawyers gains the 5 sessions between the caps of 30 and 35, at
    0.38 x 2,530,000 = 961,400 đồng a session."""
    import subprocess
    import sys
    report = tmp_path / "impact.html"
    run = subprocess.run([sys.executable, "-m", "compiler", "impact", str(RULES), f"{RULES}+{ROOT / 'examples/draft-2026'}",
                          "examples/corpus/", "--format", "json", "--html", str(report)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    impact = json.loads(run.stdout)
    assert impact["cases"] == 460
    assert all(item["case_id"].startswith("DR-") for item in impact["top"])
    gains = [item for item in impact["top"] if item["delta_vnd"]]
    assert gains and all(item["delta_vnd"] == 5 * 961400 and (item["sessions_a"], item["sessions_b"]) == (30, 35)
                         for item in gains)
    assert impact["total_delta_vnd"] % (5 * 961400) == 0 and impact["total_delta_vnd"] > 0
    assert set(impact["status_transitions"]) <= {"rejected -> ok", "rejected -> not_governed"}
    assert "<svg" in report.read_text(encoding="utf-8")
    # The cases of the 400 that are not about the draft do not change at all.
    same = subprocess.run([sys.executable, "-m", "compiler", "impact", str(RULES), f"{RULES}+{ROOT / 'examples/draft-2026'}",
                           "examples/corpus/synthetic.jsonl", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert json.loads(same.stdout)["changed"] == 0


# -- who is entitled: acts that change the groups of Law 11/2017/QH14 Art. 7 ----------------------

LAW_ACT = '''instrument "{number}" {{
  kind law
  title en "A law amending the Law on Legal Aid (invented, for tests)"
  title vi "Luật sửa đổi Luật Trợ giúp pháp lý (giả định, để kiểm thử)"
  amends "11/2017/QH14"
}}
in_force {date}
{operations}
'''


@pytest.fixture
def law_tree(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")

    def write(number: str, date: str, *operations: str) -> Path:
        (tmp_path / "rules" / "act.rules").write_text(
            LAW_ACT.format(number=number, date=date, operations="\n".join(operations)), encoding="utf-8")
        return tmp_path / "rules"
    return write


def test_an_act_whose_articles_are_not_known_writes_its_changes_outside_any_article(law_tree):
    """Operations outside an article are cited by the act alone, and apply from its date."""
    rules = law_tree("9/2028/QH16", "2028-01-01", "change eligible trafficking_victim to unconditional",
                     "add eligible child to article 7")
    compilation = compile_rules(rules, generate=False)
    assert [d.message for d in compilation.reporter.errors()] == ["11/2017/QH14 already entitles `child` on 2028-01-01"]
    rules = law_tree("9/2028/QH16", "2028-01-01", "change eligible trafficking_victim to unconditional")
    compilation = compile_rules(rules, generate=False)
    assert compilation.ok
    last = compilation.program.validators[0].versions[-1]
    assert last.start == datetime.date(2028, 1, 1) and "9/2028/QH16" in {o.cite for o in last.changed_by}
    [group] = [g for g in last.eligibility.groups if g.group == "trafficking_victim"]
    assert group.condition is None and group.origin.cite == "11/2017/QH14 7.7.g"
    assert group.amended_by == "9/2028/QH16, in force from 2028-01-01"


def test_operations_on_groups_are_located_errors(law_tree):
    rules = law_tree("9/2028/QH16", "2028-01-01", "change eligible foreign_national to unconditional")
    assert [(code, line, message) for code, _, line, message in errors(rules)] == [
        ("E0101", 8, "`foreign_national` is not a group of aided persons (vocabulary aided_group)")]
    rules = law_tree("9/2028/QH16", "2028-01-01", "add eligible near_poor_household to article 9")
    assert [(code, line, message) for code, _, line, message in errors(rules)] == [
        ("E0152", 8, "11/2017/QH14 has no article 9 in force on 2028-01-01")]
    # The 2026 Law changes the same group the same day: neither prevails.
    rules = law_tree("9/2027/QH16", "2027-01-01", "change eligible elderly to unconditional")
    [(code, file, line, message)] = errors(rules)
    assert code == "E0154" and "the entitlement of `elderly` is changed twice on 2027-01-01" in message


def test_repealing_an_activity_but_not_who_certifies_it_is_reported_at_the_act(tree):
    """The drafter of the act cannot edit the circular's certifying point: the error points at the act's
    operation and says what to do there."""
    rules = tree("a.rules", "1/2027/TT-BTP", "2027-01-01", "repeal point 4.1.h")
    [(code, file, line, message)] = errors(rules)
    assert (code, file) == ("E0202", "a.rules")
    assert message.startswith("02/2021/TT-BTP 4.1.h is no longer an activity from 2027-01-01 (1/2027/TT-BTP 1.1), but 4.3.")
    compilation = compile_rules(rules, generate=False)
    [diagnostic] = compilation.reporter.errors()
    assert diagnostic.hint.startswith("in the act, repeal or replace 02/2021/TT-BTP 4.3.")
