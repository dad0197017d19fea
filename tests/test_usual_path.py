"""The usual case's short path (Validator.usual_result) gives the careful path's result (Reader.case,
then Run.result()) on random cases of the project's own rules: faults of each kind an entry can
have, one to three providers, caps reached, đồng left by rounding, ties, dates on both sides of
an amendment, payment dates given or not. It compares two readings of the same rules, so it pins
no figure of the law.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from compiler.api import load_validator

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

HOURS = (1, 1.5, 2, 2.5, 3, 3.25, 4, 6, 7.5, 8, Decimal("2.50"), Decimal("0.75"))
BAD_HOURS = (0, -2, 25, 24.5, Decimal("24.01"))


@pytest.fixture(scope="module")
def validator():
    return load_validator(RULES_DIR)


def careful(validator, raw: dict) -> dict:
    reader = validator.Reader(validator._VALIDATOR)
    parsed = reader.case(raw)
    assert parsed is not None and not reader.problems
    return validator.Run(validator._VALIDATOR, parsed).result()


def usual_cases(validator, count: int, seed: int) -> list[dict]:
    """Cases of the usual shape (actual sessions, providers with an id and a kind, entries of the five
    fields), with the faults and turns the short path has to get right."""
    rng = random.Random(seed)
    rules = validator.RULES
    kinds = rules.vocabularies["provider_kind"]
    areas = [(form, proceeding) for form in rules.vocabularies["form"]
             for proceeding in (rules.vocabularies["proceeding"] if form == "proceedings" else (None,))]
    activities = sorted(validator.ACTIVITIES.items())
    roles = sorted({role for a in validator.ACTIVITIES.values() for role in a.certifiers})
    first = rules.in_force - dt.timedelta(days=30)
    span = (dt.date(2028, 6, 30) - first).days   # past the amendment of 2027
    cases = []
    for n in range(count):
        form, proceeding = rng.choice(areas)
        area = proceeding or form
        own = [(a, r) for a, r in activities if area in r.areas or form in r.areas] or activities
        ids = rng.sample(["P1", "P2", "B", "A"], rng.choice((1, 1, 2, 2, 3)))
        providers = [{"id": who, "kind": rng.choice(kinds)} for who in ids]
        start = first + dt.timedelta(days=rng.randrange(span))
        heavy = rng.random() < 0.2
        entries = []
        for _ in range(rng.randint(0, 24)):
            activity, record = rng.choice(own)
            entry = {"date": (start + dt.timedelta(days=rng.randrange(60))).isoformat(), "provider": rng.choice(ids),
                     "activity": activity, "hours": rng.choice(HOURS[5:10] if heavy else HOURS),
                     "certified_by": rng.choice(record.certifiers_listed)}
            fault = rng.random()
            if fault < 0.03:
                entry["certified_by"] = rng.choice(roles)
            elif fault < 0.06:
                entry["hours"] = rng.choice(BAD_HOURS)
            elif fault < 0.08:
                entry["activity"] = rng.choice(activities)[0]
            elif fault < 0.09:
                entry["activity"] = entry["activity"].replace("dd", "đ") + rng.choice(("", "x"))
            elif fault < 0.10:
                entry["provider"] = "P9"
            entries.append(entry)
        if rng.random() < 0.1 and entries:   # one long day
            entries += [dict(entries[0], hours=rng.choice((8, 12)))] * rng.randint(1, 3)
        if rng.random() < 0.1 and len(ids) > 1:   # the same work by each: ties
            entries = [dict(e, provider=who) for e in entries[:5] for who in ids]
        case = {"case_id": f"U-{n}", "form": form, **({"proceeding": proceeding} if proceeding else {}),
                "method": "actual_sessions", "assigned_on": start.isoformat()}
        if rng.random() < 0.8:
            case["payment_date"] = (start + dt.timedelta(days=rng.randrange(60, 200))).isoformat()
        case["providers"], case["entries"] = providers, entries
        cases.append(case)
    return cases


def test_the_short_path_gives_the_careful_result(validator):
    cases = usual_cases(validator, 1500, seed=2026)
    short = 0
    for case in cases:
        result = validator._VALIDATOR.usual_result(case)
        if result is not None:
            short += 1
            assert result == careful(validator, case), case["case_id"]
        assert validator.validate(case) == careful(validator, case), case["case_id"]
    assert short > 0.95 * len(cases)   # the generator makes usual cases: nearly all take the short path


def test_the_cases_reach_every_turn(validator):
    """The generator above makes what the short path leaves to Run: caps, a đồng by rounding, long days."""
    found: set[str] = set()
    for case in usual_cases(validator, 1500, seed=2026):
        result = validator.validate(case)
        found |= {f["code"] for f in result["findings"]}
        found |= {"tie" for step in result["trace"] if " tie for " in step["step"]}
        found |= {"amended" for step in result["trace"] if "(version " in step["step"]}
    assert {"CAP_APPLIED", "INVALID_HOURS", "CERTIFIER_NOT_ALLOWED", "ACTIVITY_NOT_IN_PROCEEDING", "UNKNOWN_ACTIVITY",
            "UNKNOWN_PROVIDER", "NOT_GOVERNED", "tie", "amended"} <= found
