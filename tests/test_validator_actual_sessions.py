"""Semantic tests of the generated validator: the actual-sessions method (Circular 02/2021/TT-BTP
Chapter II, Decree 144/2017/NĐ-CP Art. 13), entry findings, the transition (Art. 11), the shape of the
result (contract §3) and the reading of bad case files (INVALID_CASE).

Every expected figure is computed by hand in the test, with the arithmetic in a comment.
Rates used throughout (contract §4, rules/decree-144-2017/decree.rules):
    lawyer, proceedings      0.38 x base salary per session
    lawyer, extrajudicial    0.31 x base salary per session
    officer, proceedings     40 % of the lawyer's = 0.152 x base salary
    officer, extrajudicial   20 % of the lawyer's = 0.062 x base salary
Base salary (rules/base-salary.rules): 1,490,000 from 2019-07-01; 1,800,000 from 2023-07-01;
2,340,000 from 2024-07-01; 2,530,000 from 2026-07-01.
"""
from __future__ import annotations

import copy
import datetime
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from compiler.api import load_validator
from pinned import pinned_dir

ROOT = Path(__file__).resolve().parents[1]
RULES = pinned_dir()   # rules/ with the values the figures below assume (tests/pinned.py)
FULL_TABLES = Path(__file__).resolve().parent / "fixtures" / "full-tables" / "appendices.rules"

C = "02/2021/TT-BTP"
D = "144/2017/NĐ-CP"

# Per-session rates at the base salary of 2,340,000 (payment from 2024-07-01).
BASE_2024 = 2_340_000
LAWYER_PROC = 889_200        # 0.38 x 2,340,000
LAWYER_EXTRA = 725_400       # 0.31 x 2,340,000
OFFICER_PROC = 355_680       # 0.40 x 889,200 = 0.152 x 2,340,000
OFFICER_EXTRA = 145_080      # 0.20 x 725,400 = 0.062 x 2,340,000

NO_HOURS = object()          # entry(hours=NO_HOURS) leaves the field out


# ------------------------------------------------------------------------------------------ builders

def case(**overrides) -> dict:
    """A valid criminal actual-sessions case with one lawyer, paid 2024-09-10; override any field."""
    base = {
        "case_id": "T-1",
        "form": "proceedings",
        "proceeding": "criminal",
        "method": "actual_sessions",
        "assigned_on": "2024-03-04",
        "payment_date": "2024-09-10",
        "providers": [{"id": "P1", "kind": "lawyer"}],
        "entries": [],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not _DROP}


_DROP = object()


def civil(**overrides) -> dict:
    return case(proceeding="civil", **overrides)


def administrative(**overrides) -> dict:
    return case(proceeding="administrative", **overrides)


def extrajudicial(**overrides) -> dict:
    return case(form="extrajudicial", proceeding=_DROP, **overrides)


def entry(date="2024-04-01", activity="4.1.i", hours=4, provider="P1", certified_by="judge") -> dict:
    """One period of work; by default a 4 h court hearing (Art. 4.1.i) certified by the judge (4.3.h)."""
    out = {"date": date, "provider": provider, "activity": activity, "certified_by": certified_by}
    if hours is not NO_HOURS:
        out["hours"] = hours
    return out


def hearing(date, hours, provider="P1"):
    """A criminal court hearing (4.1.i), certified by the judge (4.3.h)."""
    return entry(date=date, hours=hours, provider=provider)


def meeting(date, hours, provider="P1"):
    """Extrajudicial: meeting the aided person (7.1.a), certified by the person worked with (7.2.a)."""
    return entry(date=date, hours=hours, provider=provider, activity="7.1.a", certified_by="person_worked_with")


def days(start: str, n: int):
    first = datetime.date.fromisoformat(start)
    return [(first + datetime.timedelta(days=k)).isoformat() for k in range(n)]


def lawyer(pid="P1", **kw):
    return {"id": pid, "kind": "lawyer", **kw}


def officer(pid="P2", **kw):
    return {"id": pid, "kind": "legal_aid_officer", **kw}


def found(result, code):
    return [f for f in result["findings"] if f["code"] == code]


def codes(result):
    return {f["code"] for f in result["findings"]}


def by_id(result):
    return {p["id"]: p for p in result["providers"]}


# ------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def v():
    return load_validator(RULES)


@pytest.fixture(scope="session")
def full_tables_rules(tmp_path_factory):
    """A copy of rules/ whose appendices give every cell an INVENTED value (tests/fixtures/full-tables)."""
    target = tmp_path_factory.mktemp("full-tables-actual") / "rules"
    shutil.copytree(RULES, target)
    shutil.copyfile(FULL_TABLES, target / "circular-02-2021" / "appendices.rules")
    return target


@pytest.fixture(scope="session")
def vf(full_tables_rules):
    return load_validator(full_tables_rules)


# ============================================================================ Art. 3.2: sessions

@pytest.mark.parametrize("hours, sessions", [
    (4, 1),        # 4 h = 1 full session, nothing left
    (6.9, 1.5),    # 4 h = 1 session; 2.9 h left, under 3 h -> 1/2 (3.2.a)
    (7, 2),        # 4 h = 1 session; 3 h left, from 3 h -> 1 (3.2.b)
    (3, 1),        # no full session; 3 h left -> 1 (3.2.b)
    (2.9, 0.5),    # 2.9 h, under 3 h -> 1/2 (3.2.a)
    (0.25, 0.5),   # 0.25 h, under 3 h -> 1/2 (3.2.a)
    (8, 2),        # 2 full sessions, nothing left
])
def test_art_3_2_rounding_at_the_edges(v, hours, sessions):
    """Art. 3.2: 4 h per session; the hours left over count 1/2 under 3 h (point a) and 1 from 3 h (b)."""
    r = v.validate(case(entries=[entry(hours=hours)]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_declared"] == sessions
    assert r["sessions_payable"] == sessions
    assert r["amount_vnd"] == int(Decimal(str(sessions)) * LAWYER_PROC)   # sessions x 889,200
    assert all(f["severity"] != "error" for f in r["findings"])


@pytest.mark.parametrize("hours, sessions, why", [
    ([2, 2], 1, "2 + 2 = 4 h -> 1 session"),
    ([1, 1, 1, 1], 1, "1+1+1+1 = 4 h -> 1 session (rounding each entry would give 4 x 1/2 = 2)"),
    ([3, 3], 1.5, "3 + 3 = 6 h -> 1 session + 2 h (1/2) = 1.5 (rounding each entry would give 1 + 1 = 2)"),
    ([2, 5, 3], 2.5, "2 + 5 + 3 = 10 h -> 2 sessions + 2 h (1/2) = 2.5"),
])
def test_art_3_2_hours_are_added_up_per_provider(v, hours, sessions, why):
    """Art. 3.2 (interpretation cumulative_hours): a provider's hours in the case are added up first."""
    entries = [hearing(d, h) for d, h in zip(days("2024-04-01", len(hours)), hours)]
    r = v.validate(case(entries=entries))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == sessions, why


def test_art_3_2_two_providers_are_counted_separately(v):
    """Art. 3.2 / 8.1: each provider's hours are added up on their own.
    P1 3 h -> 1 session; P2 3 h -> 1 session; total 2 (pooling 6 h would give 1.5)."""
    r = v.validate(case(providers=[lawyer("P1"), lawyer("P2")],
                        entries=[hearing("2024-04-01", 3, "P1"), hearing("2024-04-01", 3, "P2")]))
    assert r["status"] == "ok"
    assert by_id(r)["P1"]["sessions_payable"] == 1
    assert by_id(r)["P2"]["sessions_payable"] == 1
    assert r["sessions_payable"] == 2
    assert r["amount_vnd"] == 2 * LAWYER_PROC  # 1,778,400


def test_contract_example_criminal_lawyer_basic(v):
    """Contract §3 example (shared/examples/criminal-lawyer-basic): 2 + 5 + 3 = 10 h = 2.5 sessions;
    2.5 x 889,200 = 2,223,000."""
    r = v.validate(case(entries=[
        entry("2024-03-05", "4.1.a", 2, certified_by="presiding_agency"),
        entry("2024-05-20", "4.1.i", 5, certified_by="judge"),
        entry("2024-04-02", "4.1.dd", 3, certified_by="detention_officer"),
    ]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 2.5
    assert r["base_salary_vnd"] == BASE_2024
    assert r["amount_vnd"] == 2_223_000
    assert r["instrument"] == C
    assert r["method"] == "actual_sessions"
    assert r["providers"] == [{"id": "P1", "kind": "lawyer", "sessions_payable": 2.5, "amount_vnd": 2_223_000}]


# ============================================================================ base salary by date

@pytest.mark.parametrize("payment_date, base, amount", [
    ("2023-06-30", 1_490_000, 1_415_500),   # 2.5 x 0.38 x 1,490,000 = 2.5 x 566,200
    ("2023-07-01", 1_800_000, 1_710_000),   # 2.5 x 0.38 x 1,800,000 = 2.5 x 684,000
    ("2024-06-30", 1_800_000, 1_710_000),   # the day before the 2024 rise
    ("2024-07-01", 2_340_000, 2_223_000),   # 2.5 x 0.38 x 2,340,000 = 2.5 x 889,200
    ("2026-06-30", 2_340_000, 2_223_000),   # the day before the 2026 rise
    ("2026-07-01", 2_530_000, 2_403_500),   # 2.5 x 0.38 x 2,530,000 = 2.5 x 961,400
])
def test_base_salary_in_force_on_the_payment_date(v, payment_date, base, amount):
    """Contract §2/§4: the base salary in force on payment_date is used (10 h = 2.5 sessions)."""
    r = v.validate(case(assigned_on="2023-01-02", payment_date=payment_date,
                        entries=[hearing("2023-02-01", 10)]))
    assert r["status"] == "ok"
    assert r["base_salary_vnd"] == base
    assert r["amount_vnd"] == amount


def test_without_payment_date_the_last_entry_date_picks_the_base_salary(v):
    """Contract §2: without payment_date, the date of the last entry (the latest, not the last listed).
    Latest entry 2024-07-02 -> 2,340,000; 4 h + 4 h = 2 sessions x 889,200 = 1,778,400."""
    r = v.validate(case(payment_date=_DROP, assigned_on="2024-05-01",
                        entries=[hearing("2024-07-02", 4), hearing("2024-06-15", 4)]))
    assert r["base_salary_vnd"] == 2_340_000
    assert r["amount_vnd"] == 1_778_400

    r = v.validate(case(payment_date=_DROP, assigned_on="2024-05-01",
                        entries=[hearing("2024-06-30", 4), hearing("2024-06-15", 4)]))
    assert r["base_salary_vnd"] == 1_800_000     # 2 x 684,000
    assert r["amount_vnd"] == 1_368_000


# ============================================================================ Decree 144 Art. 13.3: officers

def test_officer_in_proceedings_gets_40_percent_of_the_lawyer_rate(v):
    """Decree 144/2017 Art. 13.3: officer, proceedings = 40 % x 0.38 = 0.152 x base per session.
    4 h = 1 session x 0.152 x 2,340,000 = 355,680."""
    r = v.validate(case(providers=[officer("P1")], entries=[hearing("2024-04-01", 4)]))
    assert r["status"] == "ok"
    assert r["amount_vnd"] == OFFICER_PROC == 355_680
    assert any(t["citation"] == f"{D} 13.3" for t in r["trace"])


def test_officer_in_extrajudicial_gets_20_percent_of_the_lawyer_rate(v):
    """Decree 144/2017 Art. 13.3: officer, extrajudicial = 20 % x 0.31 = 0.062 x base per session.
    6 h = 1.5 sessions x 145,080 = 217,620."""
    r = v.validate(extrajudicial(providers=[officer("P1")], entries=[meeting("2024-04-01", 6)]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 1.5
    assert r["amount_vnd"] == 217_620


def test_lawyer_and_officer_amounts_add_up(v):
    """Decree 144/2017 Art. 13.1, 13.3: P1 lawyer 10 h = 2.5 x 889,200 = 2,223,000; P2 officer 6 h = 1.5 x
    355,680 = 533,520; amount_vnd = 2,756,520 = the sum of the providers' amounts."""
    r = v.validate(case(providers=[lawyer("P1"), officer("P2")],
                        entries=[hearing("2024-04-01", 10, "P1"), hearing("2024-04-01", 6, "P2")]))
    assert r["status"] == "ok"
    p = by_id(r)
    assert p["P1"] == {"id": "P1", "kind": "lawyer", "sessions_payable": 2.5, "amount_vnd": 2_223_000}
    assert p["P2"] == {"id": "P2", "kind": "legal_aid_officer", "sessions_payable": 1.5, "amount_vnd": 533_520}
    assert r["amount_vnd"] == 2_756_520 == p["P1"]["amount_vnd"] + p["P2"]["amount_vnd"]


# ============================================================================ extrajudicial

def test_extrajudicial_lawyer_rate(v):
    """Decree 144/2017 Art. 13.2 (shared/examples/extrajudicial-lawyer): 3 + 3 = 6 h = 1.5 sessions x
    0.31 x 2,340,000 = 1.5 x 725,400 = 1,088,100."""
    r = v.validate(extrajudicial(assigned_on="2024-11-01", payment_date="2025-01-15", entries=[
        meeting("2024-11-05", 3),
        entry("2024-11-12", "7.1.b", 3, certified_by="legal_aid_center"),
    ]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 1.5
    assert r["amount_vnd"] == 1_088_100


def test_extrajudicial_cap_per_provider_is_20_sessions(v):
    """Decree 144/2017 Art. 13.2: one lawyer, at most 20 sessions per case.
    5 x 20 h = 100 h = 25 sessions -> 20; 20 x 725,400 = 14,508,000; CAP_APPLIED citing 13.2."""
    r = v.validate(extrajudicial(entries=[meeting(d, 20) for d in days("2024-04-01", 5)]))
    assert r["sessions_declared"] == 25
    assert r["sessions_payable"] == 20
    assert r["amount_vnd"] == 14_508_000
    cites = {f["citation"] for f in found(r, "CAP_APPLIED")}
    assert f"{D} 13.2" in cites, cites


def test_extrajudicial_cap_per_case_is_20_sessions(v):
    """Art. 8.1: all providers together at most 20 sessions in extrajudicial representation.
    P1 and P2 each 3 x 20 h = 60 h = 15 sessions; 30 -> 20, shared 10 + 10; 20 x 725,400 = 14,508,000."""
    r = v.validate(extrajudicial(
        providers=[lawyer("P1"), lawyer("P2")],
        entries=[meeting(d, 20, "P1") for d in days("2024-04-01", 3)]
        + [meeting(d, 20, "P2") for d in days("2024-05-01", 3)]))
    assert r["sessions_declared"] == 30
    assert r["sessions_payable"] == 20
    assert by_id(r)["P1"]["sessions_payable"] == 10
    assert by_id(r)["P2"]["sessions_payable"] == 10
    assert r["amount_vnd"] == 14_508_000
    assert f"{C} 8.1" in {f["citation"] for f in found(r, "CAP_APPLIED")}


# ============================================================================ caps in proceedings

def test_one_provider_over_30_sessions_is_capped_citing_decree_13_1(v):
    """Decree 144/2017 Art. 13.1: a lawyer in proceedings, at most 30 sessions per case.
    7 x 20 h = 140 h = 35 sessions -> 30; 30 x 889,200 = 26,676,000; CAP_APPLIED citing 144/2017/NĐ-CP 13.1."""
    r = v.validate(case(entries=[hearing(d, 20) for d in days("2024-04-01", 7)]))
    assert r["status"] == "ok"
    assert r["sessions_declared"] == 35
    assert r["sessions_payable"] == 30
    assert r["amount_vnd"] == 26_676_000
    cites = {f["citation"] for f in found(r, "CAP_APPLIED")}
    assert f"{D} 13.1" in cites, cites


def test_three_providers_over_the_case_cap_share_the_cut(v):
    """Art. 8.1 (interpretation cap_shared_pro_rata): P1 80 h = 20, P2 60 h = 15, P3 40 h = 10 sessions;
    45 > 30. In half sessions: 60 x 20/45 = 26.67, 60 x 15/45 = 20, 60 x 10/45 = 13.33 -> 26 + 20 + 13 = 59,
    the last half to the largest remainder (P1): 27, 20, 13 halves = 13.5 + 10 + 6.5 = 30 exactly.
    Amounts: 13.5 x 889,200 = 12,004,200; 10 x = 8,892,000; 6.5 x = 5,779,800; total 26,676,000."""
    entries = ([hearing(d, 20, "P1") for d in days("2024-04-01", 4)]
               + [hearing(d, 20, "P2") for d in days("2024-05-01", 3)]
               + [hearing(d, 20, "P3") for d in days("2024-06-01", 2)])
    r = v.validate(case(providers=[lawyer("P1"), lawyer("P2"), lawyer("P3")], entries=entries))
    assert r["status"] == "ok"
    assert r["sessions_declared"] == 45
    assert r["sessions_payable"] == 30
    p = by_id(r)
    assert [p[k]["sessions_payable"] for k in ("P1", "P2", "P3")] == [13.5, 10, 6.5]
    assert sum(p[k]["sessions_payable"] for k in p) == 30
    assert [p[k]["amount_vnd"] for k in ("P1", "P2", "P3")] == [12_004_200, 8_892_000, 5_779_800]
    assert r["amount_vnd"] == 26_676_000
    assert f"{C} 8.1" in {f["citation"] for f in found(r, "CAP_APPLIED")}


def test_contract_example_two_lawyers_capped(v):
    """Art. 8.1 (shared/examples/two-lawyers-capped): 10 x 7 h = 70 h = 17.5 sessions each; 35 -> 30,
    15 + 15; 30 x 889,200 = 26,676,000."""
    entries = ([hearing(d, 7, "P1") for d in days("2024-04-01", 10)]
               + [hearing(d, 7, "P2") for d in days("2024-05-01", 10)])
    r = v.validate(case(payment_date="2024-12-01", providers=[lawyer("P1"), lawyer("P2")], entries=entries))
    assert r["sessions_payable"] == 30
    assert by_id(r)["P1"]["sessions_payable"] == 15
    assert by_id(r)["P2"]["sessions_payable"] == 15
    assert r["amount_vnd"] == 26_676_000
    assert "CAP_APPLIED" in codes(r)


def test_provider_cap_comes_before_the_case_cap(v):
    """Decree 144/2017 Art. 13.1 then Art. 8.1: P1 cannot be paid more than 30 sessions, so the case cap
    shares the cut among what each provider may be paid. P1 160 h = 40 sessions -> 30 (13.1); P2 40 h = 10;
    30 + 10 = 40 > 30 (8.1): in half sessions 60 x 30/40 = 45, 60 x 10/40 = 15 -> P1 22.5, P2 7.5.
    (Applying the case cap first shares 50 sessions: 24 + 6, and the provider cap is never cited.)"""
    entries = ([hearing(d, 20, "P1") for d in days("2024-04-01", 8)]
               + [hearing(d, 20, "P2") for d in days("2024-05-01", 2)])
    r = v.validate(case(providers=[lawyer("P1"), lawyer("P2")], entries=entries))
    assert r["sessions_payable"] == 30
    assert by_id(r)["P1"]["sessions_payable"] == 22.5
    assert by_id(r)["P2"]["sessions_payable"] == 7.5
    cites = {f["citation"] for f in found(r, "CAP_APPLIED")}
    assert {f"{D} 13.1", f"{C} 8.1"} <= cites, cites


# ============================================================================ entry findings

def test_certifier_not_allowed_leaves_the_entry_out(v):
    """Art. 4.3.a: point a of 4.1 is certified only by the presiding person or agency.
    Entry 1 (4.1.a by the legal aid centre) is refused; entry 0 (4 h hearing) = 1 session = 889,200."""
    r = v.validate(case(entries=[hearing("2024-05-20", 4),
                                 entry("2024-03-05", "4.1.a", 2, certified_by="legal_aid_center")]))
    assert r["status"] == "rejected"
    [f] = found(r, "CERTIFIER_NOT_ALLOWED")
    assert f["citation"] == f"{C} 4.3.a"
    assert f["entry"] == 1
    assert f["severity"] == "error"
    assert r["sessions_payable"] == 1
    assert r["amount_vnd"] == 889_200


def test_missing_certifier_is_not_allowed(v):
    """Art. 4.3.h: a hearing must be certified by the judge or court clerk; no certifier is refused."""
    e = entry("2024-04-02", hours=4)
    del e["certified_by"]
    r = v.validate(case(entries=[hearing("2024-04-01", 4), e]))
    [f] = found(r, "CERTIFIER_NOT_ALLOWED")
    assert (f["entry"], f["citation"]) == (1, f"{C} 4.3.h")
    assert r["sessions_payable"] == 1


@pytest.mark.parametrize("activity", ["4.1.z", "9.9.a", "4.1", "", "4.1.đđ"])
def test_unknown_activity_leaves_the_entry_out(v, activity):
    """Contract §3: an activity that is no point of the circular is refused; the rest is computed (1 session)."""
    r = v.validate(case(entries=[hearing("2024-04-01", 4),
                                 entry("2024-04-02", activity, 4, certified_by="judge")]))
    assert r["status"] == "rejected"
    [f] = found(r, "UNKNOWN_ACTIVITY")
    assert f["entry"] == 1 and f["severity"] == "error"
    assert f["citation"].startswith(C)
    assert r["sessions_payable"] == 1


def test_civil_activity_in_a_criminal_case(v):
    """Art. 4.1 / 5.1: point 5.1.a is a civil (and administrative) activity, not a criminal one."""
    r = v.validate(case(entries=[hearing("2024-04-01", 4),
                                 entry("2024-04-02", "5.1.a", 4, certified_by="person_worked_with")]))
    [f] = found(r, "ACTIVITY_NOT_IN_PROCEEDING")
    assert (f["entry"], f["citation"], f["severity"]) == (1, f"{C} 5.1.a", "error")
    assert r["status"] == "rejected"
    assert r["sessions_payable"] == 1


def test_dialogue_in_a_civil_case(v):
    """Art. 6.1.b: joining the dialogue is an administrative activity, not a civil one."""
    r = v.validate(civil(entries=[entry("2024-04-01", "5.1.k", 4, certified_by="court_clerk"),
                                  entry("2024-04-02", "6.1.b", 4, certified_by="judge")]))
    [f] = found(r, "ACTIVITY_NOT_IN_PROCEEDING")
    assert (f["entry"], f["citation"]) == (1, f"{C} 6.1.b")
    assert r["sessions_payable"] == 1


def test_administrative_case_accepts_civil_points_and_the_dialogue(v):
    """Art. 6.1.a (the activities of Art. 5.1) and 6.1.b (dialogue, certified by the judge, 6.3.b):
    5.1.a 4 h + 5.1.k 4 h + 6.1.b 4 h = 12 h = 3 sessions x 889,200 = 2,667,600."""
    r = v.validate(administrative(entries=[
        entry("2024-04-01", "5.1.a", 4, certified_by="person_worked_with"),
        entry("2024-04-02", "5.1.k", 4, certified_by="court_clerk"),
        entry("2024-04-03", "6.1.b", 4, certified_by="judge"),
    ]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_payable"] == 3
    assert r["amount_vnd"] == 2_667_600


def test_art_8_4_b_certified_by_the_investigator(v):
    """Art. 8.4.b: taking testimonies before prosecution, certified by the investigator: 4 h = 1 session."""
    r = v.validate(case(entries=[entry("2024-04-01", "8.4.b", 4, certified_by="investigator")]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_payable"] == 1


@pytest.mark.parametrize("hours", [0, -1, 25, 24.01, NO_HOURS, None])
def test_invalid_hours_leave_the_entry_out(v, hours):
    """Contract §3 / Art. 3.2: hours must be above 0 and at most 24; the other entry counts (1 session)."""
    r = v.validate(case(entries=[hearing("2024-04-01", 4), entry("2024-04-02", hours=hours)]))
    assert r["status"] == "rejected"
    [f] = found(r, "INVALID_HOURS")
    assert (f["entry"], f["citation"], f["severity"]) == (1, f"{C} 3.2", "error")
    assert r["sessions_payable"] == 1
    assert r["amount_vnd"] == 889_200


def test_24_hours_on_one_date_is_allowed(v):
    """Contract §3: at most 24 h per entry and per provider and date: 24 h = 6 sessions."""
    r = v.validate(case(entries=[hearing("2024-04-01", 20), hearing("2024-04-01", 4)]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 6


def test_a_providers_hours_on_one_date_adding_up_to_25_are_refused(v):
    """Contract §3: 20 h + 5 h by P1 on 2024-04-01 = 25 h > 24: both entries get INVALID_HOURS;
    the 4 h on 2024-04-02 = 1 session still counts."""
    r = v.validate(case(entries=[hearing("2024-04-01", 20), hearing("2024-04-01", 5), hearing("2024-04-02", 4)]))
    assert r["status"] == "rejected"
    assert sorted(f["entry"] for f in found(r, "INVALID_HOURS")) == [0, 1]
    assert r["sessions_payable"] == 1


def test_two_providers_on_one_date_each_have_their_own_24_hours(v):
    """Contract §3: the 24 h limit is per provider: P1 20 h and P2 20 h on one date are both fine.
    20 h = 5 sessions each; 10 x 889,200 = 8,892,000."""
    r = v.validate(case(providers=[lawyer("P1"), lawyer("P2")],
                        entries=[hearing("2024-04-01", 20, "P1"), hearing("2024-04-01", 20, "P2")]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 10
    assert r["amount_vnd"] == 8_892_000


def test_unknown_provider_leaves_the_entry_out(v):
    """Contract §2: an entry's provider must be listed under providers; the rest is computed."""
    r = v.validate(case(entries=[hearing("2024-04-01", 4), hearing("2024-04-02", 4, provider="P9")]))
    assert r["status"] == "rejected"
    errors = [f for f in r["findings"] if f["severity"] == "error"]
    assert [f["entry"] for f in errors] == [1]
    assert errors[0]["code"] == "UNKNOWN_PROVIDER"
    assert "P9" in errors[0]["message"]
    assert r["sessions_payable"] == 1
    assert [p["id"] for p in r["providers"]] == ["P1"]


def test_dd_may_be_written_with_the_vietnamese_letter(v):
    """Contract §2: point đ is written dd; "4.1.đ" is read as "4.1.dd" (certified by the detention
    officer, 4.3.d): 4 h = 1 session."""
    r = v.validate(case(entries=[entry("2024-04-01", "4.1.đ", 4, certified_by="detention_officer")]))
    assert r["status"] == "ok", r["findings"]
    assert r["sessions_payable"] == 1


# ============================================================================ Art. 8.2 and 8.3

def test_art_8_2_work_during_suspension_is_not_paid(v):
    """Art. 8.2: suspended 2024-04-10, resumed 2024-05-01. Work on 04-05, 04-10 (the day of suspension) and
    05-01 (the day of resumption) is paid: 3 x 4 h = 12 h = 3 sessions; 04-20 is WORK_DURING_SUSPENSION."""
    r = v.validate(case(suspended_on="2024-04-10", resumed_on="2024-05-01", entries=[
        hearing("2024-04-05", 4), hearing("2024-04-10", 4), hearing("2024-04-20", 4), hearing("2024-05-01", 4)]))
    [f] = found(r, "WORK_DURING_SUSPENSION")
    assert (f["entry"], f["citation"], f["severity"]) == (2, f"{C} 8.2", "error")
    assert r["status"] == "rejected"
    assert r["sessions_payable"] == 3
    assert r["amount_vnd"] == 3 * 889_200


def test_art_8_2_not_resumed(v):
    """Art. 8.2.a: without resumed_on, everything after suspended_on is left out: 1 session paid."""
    r = v.validate(case(suspended_on="2024-04-10", entries=[hearing("2024-04-05", 4), hearing("2024-06-01", 4)]))
    assert [f["entry"] for f in found(r, "WORK_DURING_SUSPENSION")] == [1]
    assert r["sessions_payable"] == 1


def test_art_8_3_work_outside_a_providers_period(v):
    """Art. 8.3: P1 is replaced by P2: P1 until 2024-04-30, P2 from 2024-05-01. P1 on 05-02 and P2 on
    04-20 are WORK_OUTSIDE_PROVIDER_PERIOD; P1 on 04-30 and P2 on 05-01 are paid (1 session each)."""
    r = v.validate(case(
        providers=[lawyer("P1", until="2024-04-30"), lawyer("P2", **{"from": "2024-05-01"})],
        entries=[hearing("2024-04-30", 4, "P1"), hearing("2024-05-02", 4, "P1"),
                 hearing("2024-04-20", 4, "P2"), hearing("2024-05-01", 4, "P2")]))
    outside = found(r, "WORK_OUTSIDE_PROVIDER_PERIOD")
    assert sorted(f["entry"] for f in outside) == [1, 2]
    assert all(f["citation"] == f"{C} 8.3" and f["severity"] == "error" for f in outside)
    assert by_id(r)["P1"]["sessions_payable"] == 1
    assert by_id(r)["P2"]["sessions_payable"] == 1
    assert r["amount_vnd"] == 2 * 889_200


# ============================================================================ Art. 11: transition

def test_art_11_work_all_before_entry_into_force_is_not_governed(v):
    """Art. 11 (shared/examples/before-entry-into-force): all work before 2021-07-15 stays under
    Circulars 18/2013 and 05/2017: status not_governed, instrument 18/2013/TT-BTP, figures null."""
    r = v.validate(case(assigned_on="2021-05-20", payment_date="2021-07-12", entries=[
        entry("2021-06-01", "4.1.a", 4, certified_by="presiding_agency"),
        entry("2021-07-14", "4.1.i", 4, certified_by="judge")]))
    assert r["status"] == "not_governed"
    assert r["instrument"] == "18/2013/TT-BTP"
    assert (r["sessions_declared"], r["sessions_payable"], r["base_salary_vnd"], r["amount_vnd"]) == (None,) * 4
    assert "NOT_GOVERNED" in codes(r)
    assert all(f["severity"] != "error" for f in r["findings"])


def test_art_11_mixed_dates_leave_the_early_entries_out(v):
    """Art. 11 (interpretation transition_by_work_date): the entry of 2021-07-14 is NOT_GOVERNED (info) and
    left out; 2021-07-15 (entry into force, Art. 12.1) counts: 4 h = 1 session; paid 2021-08-01 at
    1,490,000 x 0.38 = 566,200."""
    r = v.validate(case(assigned_on="2021-07-01", payment_date="2021-08-01",
                        entries=[hearing("2021-07-14", 4), hearing("2021-07-15", 4)]))
    assert r["status"] == "ok"
    assert r["instrument"] == C
    [f] = found(r, "NOT_GOVERNED")
    assert (f["entry"], f["severity"]) == (0, "info")
    assert f["citation"].startswith(C)
    assert r["sessions_payable"] == 1
    assert r["base_salary_vnd"] == 1_490_000
    assert r["amount_vnd"] == 566_200


# ============================================================================ Art. 4.2: the group cap

def test_art_4_2_group_cap_pending_gives_a_warning_and_counts_uncapped(v):
    """Art. 4.2 / contract §4: points e, g, h, l are capped at Appendix 01, whose value is pending: a
    VALUE_PENDING warning, the time counted uncapped. A typical actual-sessions case (no fixed-time
    fields): 4.1.g 16 h + 4.1.h 4 h = 20 h = 5 sessions x 889,200 = 4,446,000; status ok."""
    r = v.validate(case(entries=[entry("2024-04-01", "4.1.g", 16, certified_by="legal_aid_center"),
                                 entry("2024-04-02", "4.1.h", 4, certified_by="legal_aid_center")]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 5
    assert r["amount_vnd"] == 4_446_000
    pending = found(r, "VALUE_PENDING")
    assert pending and all(f["severity"] == "warning" for f in pending)
    assert f"{C} 4.2" in {f["citation"] for f in pending}


def test_art_4_2_group_cap_pending_with_offense_class_and_stages(v):
    """Art. 4.2: the same with the table's coordinates given (still pending): VALUE_PENDING, uncapped."""
    r = v.validate(case(offense_classes=["serious"], stages=["investigation"],
                        entries=[entry("2024-04-01", "4.1.e", 16, certified_by="person_worked_with"),
                                 entry("2024-04-02", "4.1.l", 4, certified_by="legal_aid_center")]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 5
    assert [f["citation"] for f in found(r, "VALUE_PENDING")] == [f"{C} 4.2"]


def test_art_4_2_group_cap_with_full_tables_cuts_the_excess(vf):
    """Art. 4.2, FIXTURE tables (invented: 1 session per stage): serious, investigation + prosecution ->
    cap 1 + 1 = 2 sessions for 4.1.e/g/h/l. 4.1.g 16 h = 4 sessions of the group; with 4.1.i 4 h the
    provider has 20 h = 5 sessions; cut 4 - 2 = 2 -> 3 sessions payable x 889,200 = 2,667,600."""
    r = vf.validate(case(offense_classes=["serious"], stages=["investigation", "prosecution"],
                         entries=[entry("2024-04-01", "4.1.g", 16, certified_by="legal_aid_center"),
                                  hearing("2024-04-02", 4)]))
    assert r["status"] == "ok"
    assert r["sessions_declared"] == 5
    assert r["sessions_payable"] == 3
    assert r["amount_vnd"] == 2_667_600
    assert f"{C} 4.2" in {f["citation"] for f in found(r, "CAP_APPLIED")}


def test_art_4_2_group_cap_under_the_limit_cuts_nothing(vf):
    """Art. 4.2, FIXTURE tables: 5 stages -> cap 5 sessions; 4.1.h 16 h = 4 sessions, under it: 4 paid."""
    r = vf.validate(case(offense_classes=["less_serious"],
                         stages=["investigation", "prosecution", "first_instance", "appeal", "cassation_reopening"],
                         entries=[entry("2024-04-01", "4.1.h", 16, certified_by="legal_aid_center")]))
    assert r["sessions_payable"] == 4
    assert "CAP_APPLIED" not in codes(r)


def test_art_4_2_group_cap_without_offense_class_is_a_missing_fact(vf):
    """Art. 4.2, FIXTURE tables: the cap needs the offense class; without it FACT_MISSING (a warning) and
    the time is counted uncapped: 16 h + 4 h = 20 h = 5 sessions; status ok."""
    r = vf.validate(case(stages=["investigation", "prosecution"],
                         entries=[entry("2024-04-01", "4.1.g", 16, certified_by="legal_aid_center"),
                                  hearing("2024-04-02", 4)]))
    assert r["status"] == "ok"
    assert r["sessions_payable"] == 5
    [f] = found(r, "FACT_MISSING")
    assert (f["severity"], f["citation"]) == ("warning", f"{C} 4.2")
    assert "CAP_APPLIED" not in codes(r)


def test_art_8_4_d_cap_uses_the_less_serious_level(vf):
    """Art. 8.4.d, FIXTURE tables: meetings before prosecution are capped at Appendix 01 at the less serious
    level whatever the offense (1 session per stage; investigation only -> 1). 8.4.d 12 h = 3 sessions
    -> 1; no offense class is needed."""
    r = vf.validate(case(stages=["investigation"],
                         entries=[entry("2024-04-01", "8.4.d", 12, certified_by="person_worked_with")]))
    assert r["sessions_declared"] == 3
    assert r["sessions_payable"] == 1
    assert f"{C} 8.4.d" in {f["citation"] for f in found(r, "CAP_APPLIED")}
    assert "FACT_MISSING" not in codes(r)


# ============================================================================ exactness

def test_float_hours_are_read_as_the_decimals_they_show(v):
    """Contract §3 (exact arithmetic): 0.1 + 4.1 + 2.8 = 7.0 h -> 1 session + 3 h (1) = 2 sessions. In binary
    floats the sum is 6.999999999999999, which would give 1.5."""
    r = v.validate(case(entries=[hearing("2024-04-01", 0.1), hearing("2024-04-02", 4.1), hearing("2024-04-03", 2.8)]))
    assert r["sessions_payable"] == 2
    assert r["amount_vnd"] == 1_778_400


def test_three_entries_of_1_1_hours(v):
    """Contract §3: 1.1 x 3 = 3.3 h -> 1 session (3.2.b), and the trace shows 3.3 h, not 3.3000000000000003."""
    r = v.validate(case(entries=[hearing(d, 1.1) for d in days("2024-04-01", 3)]))
    assert r["sessions_payable"] == 1
    assert any("3.3 h" in t["step"] for t in r["trace"])
    assert not any("3.3000" in t["step"] for t in r["trace"])


def test_point_one_plus_point_two(v):
    """Contract §3: 0.1 + 0.2 = 0.3 h exactly (not 0.30000000000000004) -> 1/2 session = 444,600."""
    r = v.validate(case(entries=[hearing("2024-04-01", 0.1), hearing("2024-04-02", 0.2)]))
    assert r["sessions_payable"] == 0.5
    assert r["amount_vnd"] == 444_600
    assert any("0.3 h" in t["step"] for t in r["trace"])
    assert not any("0.30000000000000004" in t["step"] for t in r["trace"])


def test_decimal_and_int_hours(v):
    """Contract §2: hours may be int, float or Decimal: 2 + Decimal('2.5') + 2.5 = 7 h = 2 sessions."""
    r = v.validate(case(entries=[hearing("2024-04-01", 2), hearing("2024-04-02", Decimal("2.5")),
                                 hearing("2024-04-03", 2.5)]))
    assert r["sessions_payable"] == 2


def test_thirty_entries_of_a_tenth_of_an_hour(v):
    """Contract §3: 30 x 0.1 h = 3.0 h exactly -> 1 session (3.2.b)."""
    r = v.validate(case(entries=[hearing("2024-04-01", 0.1) for _ in range(30)]))
    assert r["sessions_payable"] == 1


# ============================================================================ the shape of the result

def _sample_cases():
    yield "basic", case(entries=[hearing("2024-04-01", 5)])
    yield "wrong certifier", case(entries=[hearing("2024-04-01", 5),
                                           entry("2024-04-02", "4.1.a", 3, certified_by="judge")])
    yield "bad hours", case(entries=[hearing("2024-04-01", -3), hearing("2024-04-02", 2)])
    yield "capped", case(providers=[lawyer("P1"), officer("P2")],
                         entries=[hearing(d, 23, "P1") for d in days("2024-04-01", 5)]
                         + [hearing(d, 23, "P2") for d in days("2024-05-01", 5)])
    yield "shared odd", case(providers=[lawyer("P1"), lawyer("P2"), lawyer("P3")],
                             entries=[hearing(d, 21, p) for p in ("P1", "P2", "P3") for d in days("2024-04-01", 3)])
    yield "extrajudicial", extrajudicial(entries=[meeting("2024-04-01", 6.5)])
    yield "pending cap", case(entries=[entry("2024-04-01", "4.1.g", 9, certified_by="legal_aid_center")])
    yield "transition", case(assigned_on="2021-07-01", entries=[hearing("2021-07-01", 4), hearing("2021-08-01", 4)])
    yield "not governed", case(assigned_on="2021-01-01", entries=[hearing("2021-02-01", 4)])
    yield "suspension", case(suspended_on="2024-04-02", entries=[hearing("2024-04-01", 4), hearing("2024-04-05", 4)])
    yield "invalid", case(case_id=None)
    yield "fixed time", case(method="fixed_time", method_chosen_on="2024-03-04",
                             offense_classes=["extremely_serious"],
                             stages=["investigation", "prosecution", "first_instance"],
                             entries=[entry("2024-04-01", hours=NO_HOURS)])


@pytest.mark.parametrize("name, raw", list(_sample_cases()), ids=[n for n, _ in _sample_cases()])
def test_result_shape(v, name, raw):
    """Contract §3: fixed keys; rejected exactly when an error finding exists; sessions (actual method) in
    halves; money an int; each finding has code, severity, citation, entry, message; each trace step has
    citation, step, value."""
    r = v.validate(raw)
    assert {"case_id", "instrument", "method", "status", "sessions_declared", "sessions_payable",
            "base_salary_vnd", "amount_vnd", "providers", "findings", "trace"} <= set(r)
    has_error = any(f["severity"] == "error" for f in r["findings"])
    if r["status"] != "not_governed":
        assert (r["status"] == "rejected") == has_error, r["findings"]
    else:
        assert not has_error
    assert r["status"] in {"ok", "rejected", "not_governed"}
    for f in r["findings"]:
        assert {"code", "severity", "citation", "entry", "message"} <= set(f)
        assert f["severity"] in {"error", "warning", "info"}
        assert f["entry"] is None or (type(f["entry"]) is int and f["entry"] >= 0)
        assert isinstance(f["message"], str) and f["message"]
        assert isinstance(f["citation"], str) and f["citation"]
    for step in r["trace"]:
        assert {"citation", "step", "value"} <= set(step)
    if r["method"] == "actual_sessions":
        for figure in [r["sessions_declared"], r["sessions_payable"]] + [p["sessions_payable"] for p in r["providers"]]:
            assert figure is None or (Decimal(str(figure)) * 2) % 1 == 0, figure
    for money in [r["amount_vnd"], r["base_salary_vnd"]] + [p["amount_vnd"] for p in r["providers"]]:
        assert money is None or type(money) is int
    if r["amount_vnd"] is not None and r["method"] == "actual_sessions":
        assert r["amount_vnd"] == sum(p["amount_vnd"] for p in r["providers"])


# ============================================================================ INVALID_CASE

def _invalid(r):
    assert r["status"] == "rejected", r
    bad = found(r, "INVALID_CASE")
    assert bad, r["findings"]
    assert all(f["severity"] == "error" for f in bad)
    assert (r["sessions_payable"], r["amount_vnd"]) == (None, None)
    return bad


def _names(bad, field):
    """Whether some INVALID_CASE finding names `field` (in its message, and its field key if any)."""
    return any(field in f["message"] and f.get("field", field) == field for f in bad)


@pytest.mark.parametrize("raw", [None, [], ["case"], "case", 42, 3.5, True])
def test_invalid_case_not_a_mapping(v, raw):
    """Contract §3: a case that is not a mapping is one rejected object with INVALID_CASE, never a traceback."""
    bad = _invalid(v.validate(raw))
    assert len(bad) >= 1


def test_invalid_case_missing_case_id(v):
    """Contract §2-3: case_id is required."""
    raw = case(entries=[hearing("2024-04-01", 4)])
    del raw["case_id"]
    assert _names(_invalid(v.validate(raw)), "case_id")


@pytest.mark.parametrize("value", [["HN-1"], {"id": 1}, True, 1.5])
def test_invalid_case_case_id_of_the_wrong_type(v, value):
    """Contract §2-3: case_id is a string; a list, mapping, boolean or fraction is the wrong type."""
    assert _names(_invalid(v.validate(case(case_id=value, entries=[hearing("2024-04-01", 4)]))), "case_id")


def test_invalid_case_unknown_key_suggests_the_right_one(v):
    """Contract §3: an unknown key is INVALID_CASE, and a misspelt one gets "did you mean"."""
    raw = case(entries=[hearing("2024-04-01", 4)])
    raw["paymnet_date"] = raw.pop("payment_date")
    bad = _invalid(v.validate(raw))
    [f] = [f for f in bad if "paymnet_date" in f["message"]]
    assert "did you mean" in f["message"] and "payment_date" in f["message"]


def test_invalid_case_unknown_key_in_an_entry(v):
    """Contract §3: unknown keys are refused inside entries too (here `hour` for `hours`)."""
    e = hearing("2024-04-01", 4)
    e["hour"] = e.pop("hours")
    bad = _invalid(v.validate(case(entries=[e])))
    assert any("hour" in f["message"] and "did you mean" in f["message"] for f in bad)


def test_invalid_case_unknown_provider_kind(v):
    """Contract §2: kind is lawyer or legal_aid_officer."""
    assert _names(_invalid(v.validate(case(providers=[{"id": "P1", "kind": "paralegal"}],
                                           entries=[hearing("2024-04-01", 4)]))), "providers[0].kind")


def test_invalid_case_proceedings_without_proceeding(v):
    """Contract §2: form proceedings needs proceeding (criminal, civil or administrative)."""
    assert _names(_invalid(v.validate(case(proceeding=_DROP, entries=[hearing("2024-04-01", 4)]))), "proceeding")


def test_invalid_case_proceeding_given_for_extrajudicial(v):
    """Contract §2: proceeding is given for proceedings only."""
    assert _names(_invalid(v.validate(case(form="extrajudicial", entries=[meeting("2024-04-01", 4)]))), "proceeding")


@pytest.mark.parametrize("where", ["assigned_on", "payment_date", "suspended_on", "entry", "provider"])
def test_invalid_case_date_that_is_not_a_real_calendar_date(v, where):
    """Contract §3: a date that is not a real calendar date anywhere in the case: 2024-02-30."""
    raw = case(entries=[hearing("2024-04-01", 4)])
    field = where
    if where == "entry":
        raw["entries"][0]["date"], field = "2024-02-30", "entries[0].date"
    elif where == "provider":
        raw["providers"][0]["from"], field = "2024-02-30", "providers[0].from"
    else:
        raw[where] = "2024-02-30"
    assert _names(_invalid(v.validate(raw)), field)


@pytest.mark.parametrize("value", ["2024-04-01T09:00:00", "2024-04-01 09:00", "01/04/2024", "2024-4-1", 20240401,
                                   datetime.datetime(2024, 4, 1, 9, 0)])
def test_invalid_case_date_that_is_not_a_plain_date(v, value):
    """Contract §2: dates are written YYYY-MM-DD; a datetime (string or object) is the wrong type."""
    assert _names(_invalid(v.validate(case(entries=[hearing(value, 4)]))), "entries[0].date")


def test_a_date_object_is_accepted(v):
    """Contract §2 (YAML gives dates as date objects): datetime.date(2024, 4, 1) is a date."""
    assert v.validate(case(entries=[hearing(datetime.date(2024, 4, 1), 4)]))["sessions_payable"] == 1


@pytest.mark.parametrize("value", ["4", "four", [4], True])
def test_invalid_case_hours_of_the_wrong_type(v, value):
    """Contract §2: hours is a number; a string, list or boolean is the wrong type."""
    assert _names(_invalid(v.validate(case(entries=[hearing("2024-04-01", value)]))), "entries[0].hours")


@pytest.mark.parametrize("value", [[], None, {}, "P1"])
def test_invalid_case_no_providers(v, value):
    """Contract §2: one or more providers."""
    assert _names(_invalid(v.validate(case(providers=value, entries=[hearing("2024-04-01", 4)]))), "providers")


def test_invalid_case_duplicate_provider_ids(v):
    """Contract §2: provider ids are unique (an entry must name exactly one)."""
    bad = _invalid(v.validate(case(providers=[lawyer("P1"), officer("P1")], entries=[hearing("2024-04-01", 4)])))
    assert _names(bad, "providers[1].id")


def test_invalid_case_several_problems_are_all_reported(v):
    """Contract §3: a deeply wrong case gives one INVALID_CASE finding per problem, each naming its field."""
    raw = {
        "case_id": ["x"],
        "form": "proceedigns",
        "method": "actual",
        "assigned_on": "2024-13-01",
        "color": "blue",
        "providers": [{"id": "P1", "kind": "judge"}, "P2"],
        "entries": [{"date": "2024-02-30", "provider": "P1", "activity": 4, "hours": "2"}],
    }
    bad = _invalid(v.validate(raw))
    for field in ("case_id", "form", "method", "assigned_on", "color", "providers[0].kind", "providers[1]",
                  "entries[0].date", "entries[0].activity", "entries[0].hours"):
        assert _names(bad, field), (field, [f["message"] for f in bad])
    assert any("proceedings" in f["message"] for f in bad if "form" in f["message"])   # did you mean


@pytest.mark.parametrize("value", [float("nan"), Decimal("NaN"), float("inf"), float("-inf"), Decimal("Infinity")],
                         ids=["float-nan", "decimal-nan", "float-inf", "float-minus-inf", "decimal-inf"])
def test_non_finite_hours_do_not_raise(v, value):
    """Contract §3: never a traceback. YAML `hours: .nan` / `.inf` give float('nan') / float('inf'): not
    above 0 and at most 24, so the entry is refused (INVALID_HOURS) or the case is INVALID_CASE; the other
    entry (4 h) is still computed when the case is read."""
    r = v.validate(case(entries=[hearing("2024-04-01", 4), hearing("2024-04-02", value)]))
    assert r["status"] == "rejected"
    assert codes(r) & {"INVALID_HOURS", "INVALID_CASE"}


# ------------------------------------------------------------------------------------------ fuzz

_FUZZ_VALUES = [None, 0, -1, 1, 2.5, 25, 10 ** 30, 1e300, "", "x", "2024-02-30", "2024-04-01",
                "4.1.đ", "P1", "lawyer", [], [1, "a"], {}, {"a": 1}, True, False, Decimal("1.5"),
                datetime.date(2024, 4, 1), datetime.datetime(2024, 4, 1, 8), ("t",), b"bytes", object()]
# Non-finite floats (nan, inf) are left out here: test_non_finite_hours_do_not_raise covers them on their own.


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


def _mutate(raw, rng):
    raw = copy.deepcopy(raw)
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in _paths(raw) if p]
        if not paths:
            return rng.choice(_FUZZ_VALUES)
        path = rng.choice(paths)
        parent = raw
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.35:
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(_FUZZ_VALUES)
    return raw


def test_fuzz_never_raises(v):
    """Contract §3: whatever the case, validate returns one result object, never a traceback.
    300 random mutations (keys deleted, values replaced by values of random types), seed 1234."""
    rng = random.Random(1234)
    seeds = [
        case(suspended_on="2024-05-01", resumed_on="2024-06-01",
             providers=[lawyer("P1", until="2024-06-30"), officer("P2", **{"from": "2024-04-01"})],
             entries=[hearing("2024-04-01", 4, "P1"), entry("2024-04-02", "4.1.g", 6, "P2", "legal_aid_center"),
                      hearing("2024-05-15", 3, "P2")]),
        case(method="fixed_time", method_chosen_on="2024-03-04", offense_classes=["serious", "very_serious"],
             stages=["investigation", "prosecution"], complexity="simple",
             providers=[lawyer("P1"), lawyer("P2")],
             entries=[entry("2024-04-01", hours=NO_HOURS), entry("2024-04-02", "4.1.dd", 2, "P2", "accused")]),
        extrajudicial(entries=[meeting("2024-04-01", 5)]),
    ]
    for n in range(300):
        raw = _mutate(seeds[n % len(seeds)], rng)
        r = v.validate(raw)
        assert type(r) is dict, raw
        assert r.get("status") in {"ok", "rejected", "not_governed"}, (raw, r)
        assert isinstance(r.get("findings"), list)


def test_a_missing_rate_names_the_date_of_each_case_not_of_the_first(v):
    """The rates are worked out once while the same values are in force; a case whose rate is missing is
    told its own date (this once leaked from one case into the next)."""
    messages = []
    for paid in ("2017-08-01", "2017-09-01"):
        # a payment date written before any rate of Decree 144 (2018): odd, but a case may say it
        result = v.validate(case(assigned_on="2021-08-02", payment_date=paid, entries=[entry(date="2021-08-03")]))
        messages += [f["message"] for f in result["findings"] if f["code"] == "VALUE_PENDING" and "rate" in f["message"]]
    assert messages == ["no lawyer_rate_proceedings is recorded for 2017-08-01",
                        "no lawyer_rate_proceedings is recorded for 2017-09-01"]
