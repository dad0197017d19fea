"""Semantic tests of the generated validator: fixed working time (khoán chi), Circular 02/2021/TT-BTP
Art. 9-10 and Decree 144/2017/NĐ-CP Art. 13.1.

First with the real rules (only one cell of Appendix 01 is known: very serious, investigation to
first-instance trial = 23 sessions, from the official text of Art. 10's examples; everything else is pending), then with the FIXTURE rules of
tests/fixtures/full-tables/, whose appendix figures are INVENTED for tests and are not law:

    appendix_01 per stage: less_serious 2, serious 4, very_serious 8, extremely_serious 10
                           (and the real combined cell [investigation + prosecution + first_instance,
                           very_serious] = 23)
    appendix_02 per stage: simple 5, complex 10          appendix_03 per stage: simple 4, complex 8

Money: table sessions (x 130 % under Art. 10) x 0.38 x base salary, at least 3 and at most 10 base
salaries (Art. 9.3, 9.5). At 2,340,000: 0.38 x base = 889,200 per session; floor 7,020,000; ceiling
23,400,000.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.api import load_validator
from pinned import pinned_dir

ROOT = Path(__file__).resolve().parents[1]
RULES = pinned_dir()   # rules/ with the values the figures below assume (tests/pinned.py)
FULL_TABLES = Path(__file__).resolve().parent / "fixtures" / "full-tables" / "appendices.rules"

C = "02/2021/TT-BTP"
PER_SESSION = 889_200   # 0.38 x 2,340,000
FLOOR = 7_020_000       # 3 x 2,340,000
CEILING = 23_400_000    # 10 x 2,340,000
EX_STAGES = ["investigation", "prosecution", "first_instance"]

_DROP = object()


# ------------------------------------------------------------------------------------------ builders

def task(date="2024-05-20", activity="4.1.i", provider="P1", certified_by="judge", **extra) -> dict:
    """One task done (Form TP-TGPL-02): by default a court hearing certified by the judge; no hours."""
    return {"date": date, "provider": provider, "activity": activity, "certified_by": certified_by, **extra}


def fixed(**overrides) -> dict:
    """A criminal fixed-time case, chosen on the day of assignment, paid 2024-09-10 (base 2,340,000):
    one lawyer, very serious, investigation to first-instance trial, three tasks."""
    base = {
        "case_id": "FT-1",
        "form": "proceedings",
        "proceeding": "criminal",
        "method": "fixed_time",
        "assigned_on": "2024-03-04",
        "method_chosen_on": "2024-03-04",
        "payment_date": "2024-09-10",
        "offense_classes": ["very_serious"],
        "stages": list(EX_STAGES),
        "providers": [{"id": "P1", "kind": "lawyer"}],
        "entries": [
            task("2024-03-05", "4.1.a", certified_by="presiding_agency"),
            task("2024-04-02", "4.1.dd", certified_by="detention_officer"),
            task("2024-05-20", "4.1.i", certified_by="judge"),
        ],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not _DROP}


def civil_fixed(**overrides) -> dict:
    defaults = dict(proceeding="civil", offense_classes=_DROP, complexity="simple", stages=["first_instance"],
                    entries=[task("2024-05-20", "5.1.k", certified_by="court_clerk")])
    defaults.update(overrides)
    return fixed(**defaults)


def lawyers(*ids):
    return [{"id": i, "kind": "lawyer"} for i in ids]


def found(result, code):
    return [f for f in result["findings"] if f["code"] == code]


def codes(result):
    return {f["code"] for f in result["findings"]}


def by_id(result):
    return {p["id"]: p for p in result["providers"]}


def assert_no_figures(r):
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (None, None, None)
    assert all(p["amount_vnd"] is None for p in r["providers"])


# ------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def v():
    return load_validator(RULES)


@pytest.fixture(scope="session")
def full_tables_rules(tmp_path_factory):
    """A copy of the whole rules/ tree whose appendices.rules is the FIXTURE file (invented figures)."""
    target = tmp_path_factory.mktemp("full-tables-fixed") / "rules"
    shutil.copytree(RULES, target)
    shutil.copyfile(FULL_TABLES, target / "circular-02-2021" / "appendices.rules")
    return target


@pytest.fixture(scope="session")
def vf(full_tables_rules):
    return load_validator(full_tables_rules)


def test_fixture_says_its_figures_are_invented():
    """The fixture must never pass for law: it says so at the top and in every table's note."""
    text = FULL_TABLES.read_text(encoding="utf-8")
    assert "INVENTED FOR TESTS AND ARE NOT LAW" in text.splitlines()[1]
    tables = text.split("\ntable ")[1:]
    assert len(tables) == 6
    for table in tables:
        assert 'note en "TEST FIXTURE: every figure of this table is INVENTED for tests and is not law.' in table
    assert "otherwise pending" not in text and "= pending" not in text


# ============================================================================ real rules: Art. 10 examples

def test_art_10_1_example_01_two_providers(v):
    """Art. 10.1, Example 01: extremely serious, investigation to first instance, 2 providers:
    130 % x 23 = 29.9 sessions; 29.9 x 889,200 = 26,587,080 > 10 x 2,340,000 -> 23,400,000 (9.5).
    Shared by tasks (2 each): 11,700,000 + 11,700,000."""
    r = v.validate(fixed(providers=lawyers("P1", "P2"), entries=[
        task("2024-03-05", "4.1.a", "P1", "presiding_agency"), task("2024-04-02", "4.1.dd", "P2", "detention_officer"),
        task("2024-05-20", "4.1.i", "P1", "judge"), task("2024-05-20", "4.1.i", "P2", "judge")]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_declared"] == 23
    assert r["sessions_payable"] == 29.9
    assert r["base_salary_vnd"] == 2_340_000
    assert r["amount_vnd"] == CEILING
    assert [f["citation"] for f in found(r, "CAP_APPLIED")] == [f"{C} 9.5"]
    assert [p["amount_vnd"] for p in r["providers"]] == [11_700_000, 11_700_000]
    assert any(t["citation"] == f"{C} 10.1" for t in r["trace"])


def test_art_10_2_a_example_02_two_offenses_of_different_classes(v):
    """Art. 10.2.a, Example 02: serious + very serious: the more serious level (23) x 130 % = 29.9
    sessions, over the ceiling -> 10 x 2,340,000 = 23,400,000."""
    r = v.validate(fixed(offense_classes=["serious", "very_serious"]))
    assert r["status"] == "ok", r["findings"]
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (23, 29.9, CEILING)
    assert [f["citation"] for f in found(r, "CAP_APPLIED")] == [f"{C} 9.5"]
    assert any(t["citation"] == f"{C} 10.2" for t in r["trace"])


def test_art_10_2_b_example_03_two_offenses_of_one_class(v):
    """Art. 10.2.b, Example 03: two very serious offenses: 130 % x 23 = 29.9 sessions -> 23,400,000."""
    r = v.validate(fixed(offense_classes=["very_serious", "very_serious"]))
    assert r["status"] == "ok", r["findings"]
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (23, 29.9, CEILING)
    assert [f["citation"] for f in found(r, "CAP_APPLIED")] == [f"{C} 9.5"]


def test_the_known_cell_alone(v):
    """Art. 9.3.a, 9.5: one lawyer, one offense: 23 sessions x 889,200 = 20,451,600 (between 3 and 10 base
    salaries: no floor, no cap)."""
    r = v.validate(fixed())
    assert r["status"] == "ok"
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (23, 23, 20_451_600)
    assert not codes(r) & {"CAP_APPLIED", "FLOOR_APPLIED"}
    assert r["providers"][0]["amount_vnd"] == 20_451_600


def test_stages_in_any_order_find_the_combined_cell(v):
    """Art. 9.5: the stages performed are a set: first instance, investigation, prosecution = the 23 cell."""
    r = v.validate(fixed(stages=["first_instance", "investigation", "prosecution"]))
    assert r["sessions_payable"] == 23


def test_fixed_amount_shares_add_up_to_the_case_amount(v):
    """Art. 10.1 (interpretation khoan_shared_by_tasks), contract §3: three lawyers, one task each, paid
    2026-07-01 (base 2,530,000): 29.9 x 0.38 x 2,530,000 = 28,745,860 > 10 x 2,530,000 = 25,300,000 (9.5).
    A third each is 8,433,333.33...; the providers' amounts must add up to the case's 25,300,000
    (rounding each third down gives 3 x 8,433,333 = 25,299,999: one đồng lost)."""
    r = v.validate(fixed(payment_date="2026-07-01", providers=lawyers("P1", "P2", "P3"), entries=[
        task("2024-05-20", provider="P1"), task("2024-05-21", provider="P2"), task("2024-05-22", provider="P3")]))
    assert r["amount_vnd"] == 25_300_000
    shares = [p["amount_vnd"] for p in r["providers"]]
    assert all(s in (8_433_333, 8_433_334) for s in shares), shares
    assert sum(shares) == r["amount_vnd"], shares


# ============================================================================ real rules: Art. 9.1

def test_fixed_time_is_not_allowed_for_extrajudicial_representation(v):
    """Art. 9.1: fixed working time applies only to participation in proceedings."""
    r = v.validate(fixed(form="extrajudicial", proceeding=_DROP, offense_classes=_DROP, stages=_DROP,
                         entries=[task("2024-05-20", "7.1.a", certified_by="person_worked_with")]))
    assert r["status"] == "rejected"
    [f] = found(r, "METHOD_NOT_ALLOWED")
    assert (f["citation"], f["severity"], f["entry"]) == (f"{C} 9.1", "error", None)
    assert_no_figures(r)


@pytest.mark.parametrize("chosen, why", [
    (_DROP, "no written choice"),
    ("2024-03-03", "the day before the assignment (2024-03-04)"),
    ("2024-03-06", "the day after the first task (2024-03-05)"),
    ("2024-09-01", "long after the first task"),
])
def test_method_chosen_outside_the_window_is_not_allowed(v, chosen, why):
    """Art. 9.1 (interpretation chosen_immediately): chosen in writing on or after the day of assignment and
    no later than the first task."""
    r = v.validate(fixed(method_chosen_on=chosen))
    assert r["status"] == "rejected", why
    [f] = found(r, "METHOD_NOT_ALLOWED")
    assert (f["citation"], f["severity"]) == (f"{C} 9.1", "error")
    assert_no_figures(r)


@pytest.mark.parametrize("chosen", ["2024-03-04", "2024-03-05"], ids=["day-of-assignment", "day-of-first-task"])
def test_method_chosen_on_the_edges_of_the_window_is_allowed(v, chosen):
    """Art. 9.1: the day of assignment (2024-03-04) and the day of the first task (2024-03-05) are allowed."""
    r = v.validate(fixed(method_chosen_on=chosen))
    assert r["status"] == "ok", r["findings"]
    assert "METHOD_NOT_ALLOWED" not in codes(r)
    assert r["amount_vnd"] == 20_451_600


def test_the_first_task_is_the_earliest_not_the_first_listed(v):
    """Art. 9.1: the first task is the earliest entry, wherever it is listed: chosen 2024-03-06 is after
    the task of 2024-03-05 listed last."""
    r = v.validate(fixed(method_chosen_on="2024-03-06", entries=[
        task("2024-05-20"), task("2024-04-02", "4.1.dd", certified_by="detention_officer"),
        task("2024-03-05", "4.1.a", certified_by="presiding_agency")]))
    assert "METHOD_NOT_ALLOWED" in codes(r)


# ============================================================================ real rules: missing facts

def test_criminal_without_offense_classes_is_a_missing_fact(v):
    """Art. 9.2.a: the level of a criminal case depends on the offense class: FACT_MISSING (error)."""
    r = v.validate(fixed(offense_classes=_DROP))
    assert r["status"] == "rejected"
    [f] = found(r, "FACT_MISSING")
    assert (f["severity"], f["citation"]) == ("error", f"{C} 9.2.a")
    assert "offense_classes" in f["message"]
    assert_no_figures(r)


def test_criminal_without_stages_is_a_missing_fact(v):
    """Art. 9.5: the level is applied by stages: without them, FACT_MISSING (error)."""
    r = v.validate(fixed(stages=[]))
    assert r["status"] == "rejected"
    [f] = found(r, "FACT_MISSING")
    assert (f["severity"], f["citation"]) == ("error", f"{C} 9.5")
    assert "stages" in f["message"]
    assert_no_figures(r)


def test_civil_without_complexity_is_a_missing_fact(v):
    """Art. 9.2.b: the level of a civil case depends on its complexity: FACT_MISSING (error)."""
    r = v.validate(civil_fixed(complexity=_DROP))
    assert r["status"] == "rejected"
    assert [f["severity"] for f in found(r, "FACT_MISSING")] == ["error"]


def test_a_single_stage_is_pending(v):
    """Contract §4: the investigation stage alone needs a cell that no source gives: VALUE_PENDING (warning),
    figures null, status ok."""
    r = v.validate(fixed(stages=["investigation"]))
    assert r["status"] == "ok"
    [f] = found(r, "VALUE_PENDING")
    assert (f["severity"], f["citation"]) == ("warning", f"{C} 9.3.a")
    assert_no_figures(r)


def test_a_civil_case_is_pending(v):
    """Contract §4: Appendix 02 is pending: VALUE_PENDING (warning), figures null, status ok."""
    r = v.validate(civil_fixed())
    assert r["status"] == "ok"
    [f] = found(r, "VALUE_PENDING")
    assert (f["severity"], f["citation"]) == ("warning", f"{C} 9.3.b")
    assert_no_figures(r)


def test_an_administrative_case_is_pending(v):
    """Contract §4: Appendix 03 is pending: VALUE_PENDING (warning), figures null, status ok."""
    r = v.validate(civil_fixed(proceeding="administrative", complexity="complex",
                               entries=[task("2024-05-20", "6.1.b", certified_by="judge")]))
    assert r["status"] == "ok"
    assert [f["severity"] for f in found(r, "VALUE_PENDING")] == ["warning"]
    assert_no_figures(r)


def test_hours_in_a_fixed_time_entry_are_ignored(v):
    """Art. 9.4 (Form TP-TGPL-02 lists tasks, not hours): hours given are ignored with HOURS_IGNORED (info);
    the figures are those of the case without hours (23 sessions, 20,451,600)."""
    raw = fixed()
    raw["entries"][1]["hours"] = 6
    r = v.validate(raw)
    assert r["status"] == "ok"
    [f] = found(r, "HOURS_IGNORED")
    assert (f["severity"], f["entry"]) == ("info", 1)
    assert (r["sessions_payable"], r["amount_vnd"]) == (23, 20_451_600)


def test_a_refused_task_is_not_counted_in_the_shares(v):
    """Art. 4.3.a, 10.1: a task with a wrong certifier is refused (rejected) and the fixed amount is shared
    by the valid tasks: P1 has 1 valid task, P2 2 -> 29.9 sessions capped at 23,400,000; P1 7,800,000,
    P2 15,600,000."""
    r = v.validate(fixed(providers=lawyers("P1", "P2"), entries=[
        task("2024-03-05", "4.1.a", "P1", "judge"), task("2024-04-02", "4.1.dd", "P2", "accused"),
        task("2024-05-20", "4.1.i", "P1", "judge"), task("2024-05-20", "4.1.i", "P2", "court_clerk")]))
    assert r["status"] == "rejected"
    assert [f["entry"] for f in found(r, "CERTIFIER_NOT_ALLOWED")] == [0]
    assert r["amount_vnd"] == CEILING
    assert [p["amount_vnd"] for p in r["providers"]] == [7_800_000, 15_600_000]


# ============================================================================ FIXTURE tables

def test_full_tables_one_stage(vf):
    """Art. 9.3.a, FIXTURE: very serious, investigation = 8 sessions x 889,200 = 7,113,600 (over the floor of
    7,020,000, under the ceiling)."""
    r = vf.validate(fixed(offense_classes=["very_serious"], stages=["investigation"]))
    assert r["status"] == "ok", r["findings"]
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (8, 8, 7_113_600)
    assert not codes(r) & {"FLOOR_APPLIED", "CAP_APPLIED", "VALUE_PENDING"}


def test_full_tables_stages_added_up(vf):
    """Art. 9.5, FIXTURE: serious, investigation + prosecution + first instance = 4 + 4 + 4 = 12 sessions
    x 889,200 = 10,670,400 (between the floor of 7,020,000 and the ceiling of 23,400,000)."""
    r = vf.validate(fixed(offense_classes=["serious"], stages=["prosecution", "first_instance", "investigation"]))
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (12, 12, 10_670_400)
    assert "CAP_APPLIED" not in codes(r)


def test_full_tables_the_real_combined_cell_prevails(vf):
    """Art. 10 examples, FIXTURE: the real combined cell (23) is used, not the sum of the invented
    per-stage cells (8 + 8 + 8 = 24): 23 sessions x 889,200 = 20,451,600."""
    r = vf.validate(fixed())
    assert (r["sessions_declared"], r["amount_vnd"]) == (23, 20_451_600)


def test_full_tables_most_serious_class(vf):
    """Art. 9.2.a / 10.2.a, FIXTURE: less serious (2) and very serious (8), investigation: the level is the
    more serious one, 8; two offenses -> 130 % x 8 = 10.4 sessions x 889,200 = 9,247,680."""
    for classes in (["less_serious", "very_serious"], ["very_serious", "less_serious"]):
        r = vf.validate(fixed(offense_classes=classes, stages=["investigation"]))
        assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (8, 10.4, 9_247_680), classes


def test_full_tables_130_percent_for_two_providers(vf):
    """Art. 10.1, FIXTURE: serious, investigation + prosecution = 4 + 4 = 8; two providers -> 130 % = 10.4
    sessions x 889,200 = 9,247,680; one task each -> 4,623,840 each."""
    r = vf.validate(fixed(offense_classes=["serious"], stages=["investigation", "prosecution"],
                          providers=lawyers("P1", "P2"),
                          entries=[task("2024-05-20", provider="P1"), task("2024-05-21", provider="P2")]))
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (8, 10.4, 9_247_680)
    assert [p["amount_vnd"] for p in r["providers"]] == [4_623_840, 4_623_840]
    assert any(t["citation"] == f"{C} 10.1" for t in r["trace"])


def test_full_tables_130_percent_for_two_offenses(vf):
    """Art. 10.2.b, FIXTURE: two serious offenses, investigation + prosecution = 8 -> 130 % = 10.4 sessions
    = 9,247,680."""
    r = vf.validate(fixed(offense_classes=["serious", "serious"], stages=["investigation", "prosecution"]))
    assert (r["sessions_declared"], r["sessions_payable"], r["amount_vnd"]) == (8, 10.4, 9_247_680)
    assert any(t["citation"] == f"{C} 10.2" for t in r["trace"])


def test_full_tables_130_percent_is_applied_once(vf):
    """Art. 10.1 + 10.2 (interpretation multipliers_not_stacked), FIXTURE: two providers and two offenses:
    8 x 130 % = 10.4 sessions (not 8 x 1.3 x 1.3 = 13.52) = 9,247,680."""
    r = vf.validate(fixed(offense_classes=["serious", "serious"], stages=["investigation", "prosecution"],
                          providers=lawyers("P1", "P2"),
                          entries=[task("2024-05-20", provider="P1"), task("2024-05-21", provider="P2")]))
    assert (r["sessions_payable"], r["amount_vnd"]) == (10.4, 9_247_680)


def test_full_tables_floor_of_three_base_salaries(vf):
    """Art. 9.3.a, FIXTURE: less serious, investigation = 2 sessions x 889,200 = 1,778,400 < 3 x 2,340,000
    -> raised to 7,020,000 (FLOOR_APPLIED citing 9.3.a); the sessions stay 2."""
    r = vf.validate(fixed(offense_classes=["less_serious"], stages=["investigation"]))
    assert r["status"] == "ok"
    assert (r["sessions_payable"], r["amount_vnd"]) == (2, FLOOR)
    [f] = found(r, "FLOOR_APPLIED")
    assert (f["citation"], f["severity"]) == (f"{C} 9.3.a", "info")


def test_full_tables_ceiling_of_ten_base_salaries(vf):
    """Art. 9.5, FIXTURE: very serious, four stages = 32 sessions x 889,200 = 28,454,400 > 10 x 2,340,000
    -> 23,400,000 (CAP_APPLIED citing 9.5)."""
    r = vf.validate(fixed(offense_classes=["very_serious"],
                          stages=["investigation", "prosecution", "first_instance", "appeal"]))
    assert (r["sessions_payable"], r["amount_vnd"]) == (32, CEILING)
    assert [f["citation"] for f in found(r, "CAP_APPLIED")] == [f"{C} 9.5"]


def test_full_tables_lawyer_and_officer_share_by_tasks(vf):
    """Art. 10.1 (interpretation khoan_shared_by_tasks), Decree 144/2017 Art. 13.3, FIXTURE: very serious,
    investigation + prosecution = 16; two providers -> 130 % = 20.8 sessions x 889,200 = 18,495,360.
    P1 (lawyer) 3 of 4 tasks = 13,871,520; P2 (officer) 1 of 4 = 4,623,840 x 40 % = 1,849,536;
    the case: 13,871,520 + 1,849,536 = 15,721,056."""
    r = vf.validate(fixed(offense_classes=["very_serious"], stages=["investigation", "prosecution"],
                          providers=[{"id": "P1", "kind": "lawyer"}, {"id": "P2", "kind": "legal_aid_officer"}],
                          entries=[task("2024-03-05", "4.1.a", "P1", "presiding_agency"),
                                   task("2024-04-02", "4.1.dd", "P1", "detention_officer"),
                                   task("2024-05-20", "4.1.i", "P1", "judge"),
                                   task("2024-05-20", "4.1.i", "P2", "judge")]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_payable"] == 20.8
    p = by_id(r)
    assert p["P1"]["amount_vnd"] == 13_871_520
    assert p["P2"]["amount_vnd"] == 1_849_536
    assert r["amount_vnd"] == 15_721_056 == p["P1"]["amount_vnd"] + p["P2"]["amount_vnd"]


def test_full_tables_civil(vf):
    """Art. 9.3.b, 9.5, FIXTURE: civil, complex, first instance + appeal = 10 + 10 = 20 sessions x 889,200
    = 17,784,000."""
    r = vf.validate(civil_fixed(complexity="complex", stages=["first_instance", "appeal"]))
    assert r["status"] == "ok", r["findings"]
    assert (r["sessions_payable"], r["amount_vnd"]) == (20, 17_784_000)


def test_full_tables_administrative_floor(vf):
    """Art. 9.3.b, FIXTURE: administrative, simple, first instance = 4 sessions x 889,200 = 3,556,800
    < 7,020,000 -> FLOOR_APPLIED citing 9.3.b."""
    r = vf.validate(civil_fixed(proceeding="administrative",
                                entries=[task("2024-05-20", "6.1.b", certified_by="judge")]))
    assert (r["sessions_payable"], r["amount_vnd"]) == (4, FLOOR)
    assert [f["citation"] for f in found(r, "FLOOR_APPLIED")] == [f"{C} 9.3.b"]


def test_full_tables_stage_outside_the_civil_table(vf):
    """Art. 9.3.b, FIXTURE: Appendix 02 has only trial stages; an investigation stage in a civil case cannot
    be looked up: an error finding (no figures), never a wrong figure."""
    r = vf.validate(civil_fixed(stages=["investigation", "first_instance"]))
    assert r["status"] == "rejected"
    assert r["amount_vnd"] is None


# ------------------------------------------------------------------- a successor's own method (8.3, 10.4)

def hours_task(date, activity="4.1.i", provider="P2", certified_by="judge", hours=8) -> dict:
    return task(date, activity, provider, certified_by, hours=hours)


def replaced(successor: dict, **overrides) -> dict:
    """P1 (lawyer) worked on the case until 2024-04-01; P2 (lawyer), appointed from 2024-04-02, chose
    their own method (`successor`)."""
    return fixed(providers=[{"id": "P1", "kind": "lawyer", "until": "2024-04-01"},
                            {"id": "P2", "kind": "lawyer", "from": "2024-04-02", **successor}], **overrides)


def test_only_a_successor_chooses_a_method_of_their_own(v):
    """Art. 8.3 and 10.4 speak of the provider appointed to replace another: a provider without `from`
    who chooses another method than the case's is METHOD_NOT_ALLOWED."""
    raw = fixed(providers=[{"id": "P1", "kind": "lawyer"}, {"id": "P2", "kind": "lawyer", "method": "actual_sessions"}])
    r = v.validate(raw)
    [f] = found(r, "METHOD_NOT_ALLOWED")
    assert r["status"] == "rejected" and f["message"].startswith("P2: only a provider appointed to replace another")
    assert f["citation"] == f"{C} 10.4"


def test_a_successor_choosing_fixed_time_chooses_it_on_their_own_appointment(v):
    """Art. 9.1 for the successor: chosen in writing from their appointment to their first task."""
    raw = replaced({"method": "fixed_time", "method_chosen_on": "2024-06-01"}, method="actual_sessions",
                   method_chosen_on=_DROP,
                   entries=[hours_task("2024-03-05", "4.1.a", "P1", "presiding_agency", 8),
                            task("2024-05-20", "4.1.i", "P2", "judge")])
    r = v.validate(raw)
    [f] = found(r, "METHOD_NOT_ALLOWED")
    assert f["message"] == ("P2: fixed working time must be chosen in writing immediately after the assignment: "
                            "it was chosen on 2024-06-01, after the first task on 2024-05-20")


def test_the_cap_on_both_providers_waits_for_a_pending_level(v):
    """Art. 8.3 with an extremely serious offence: the case's level is pending, so both providers are paid
    without the cap, the result says why (VALUE_PENDING), and the successor's own level is pending too."""
    raw = replaced({"method": "fixed_time", "method_chosen_on": "2024-04-02"}, method="actual_sessions",
                   method_chosen_on=_DROP, offense_classes=["extremely_serious"],
                   entries=[hours_task("2024-03-05", "4.1.a", "P1", "presiding_agency", 8),
                            task("2024-05-20", "4.1.i", "P2", "judge")])
    r = v.validate(raw)
    assert r["status"] == "ok" and {f["citation"] for f in found(r, "VALUE_PENDING")} >= {f"{C} 8.3"}
    assert r["amount_vnd"] is None and r["providers"][0]["sessions_payable"] == 2


def test_full_tables_the_cap_of_art_8_3_takes_what_is_left_for_the_successor(vf):
    """Art. 8.3, FIXTURE: very serious, investigation only: the case's level is 8 sessions = 7,113,600; P1
    earned 3 sessions (12 h) = 2,667,600; P2's own level (investigation) is 8 sessions = 7,113,600, cut
    to what is left: 7,113,600 - 2,667,600 = 4,446,000. Both: 7,113,600."""
    raw = replaced({"method": "fixed_time", "method_chosen_on": "2024-04-02"}, method="actual_sessions",
                   method_chosen_on=_DROP, stages=["investigation"],
                   entries=[hours_task("2024-03-05", "4.1.a", "P1", "presiding_agency", 12),
                            task("2024-04-10", "4.1.a", "P2", "presiding_agency")])
    r = vf.validate(raw)
    assert r["status"] == "ok", r["findings"]
    assert [p["amount_vnd"] for p in r["providers"]] == [2_667_600, 4_446_000]
    assert r["amount_vnd"] == 7_113_600
    assert [f["citation"] for f in found(r, "CAP_APPLIED")] == [f"{C} 8.3"]


def test_full_tables_the_cap_of_art_10_4_is_not_reached(vf):
    """Art. 10.4, FIXTURE: P1 chose fixed time, investigation of a serious offence: 4 sessions, raised to
    the floor of 3 base salaries (7,020,000); P2 chose actual sessions, 40 h = 10 sessions; 4 + 10 = 14
    sessions, under the 30 of both together: nothing is cut. 7,020,000 + 8,892,000 = 15,912,000."""
    raw = replaced({"method": "actual_sessions"}, offense_classes=["serious"], stages=["investigation"],
                   entries=[task("2024-03-05", "4.1.a", "P1", "presiding_agency"),
                            hours_task("2024-04-10", "4.1.i", "P2", "judge", 20),
                            hours_task("2024-04-11", "4.1.i", "P2", "judge", 20)])
    r = vf.validate(raw)
    assert r["status"] == "ok", r["findings"]
    assert [p["amount_vnd"] for p in r["providers"]] == [7_020_000, 8_892_000]
    assert r["sessions_payable"] == 14 and "CAP_APPLIED" not in codes(r)
