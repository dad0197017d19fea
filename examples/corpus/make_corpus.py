"""Write examples/corpus/synthetic.jsonl: about 400 invented legal-aid cases for `regc impact`.

    python3 examples/corpus/make_corpus.py        # rewrites synthetic.jsonl beside this file

The cases are made up (see README.md). The same seed gives the same file, byte for byte, on any
machine: random.Random(2026), no clock, no set order, standard library only.

Each case follows the contract's case file (§2): work dated from July 2021 to June 2027, so that
some cases are paid before and some after 1 July 2026 (base salary 2,340,000 -> 2,530,000 đồng);
participation in criminal, civil or administrative proceedings, or extrajudicial representation;
mostly actual sessions, a few fixed working time; 1-3 lawyers or legal aid officers; 3-25 entries
of 0.5-8 hours, each certified by a role the rules allow for its activity. A few percent of the
cases carry one deliberate fault (a certifier the rules do not allow, or 0 hours).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

CASES = 400
FAULTY_SHARE = 0.04
FIXED_TIME_SHARE = 0.04
FIRST_DAY = dt.date(2021, 7, 15)   # Circular 02/2021/TT-BTP in force (Art. 11)
LAST_DAY = dt.date(2027, 6, 30)

# Who may certify each activity, as the rules say today (rules/circular-02-2021/
# chapter-2-actual-sessions.rules: `certify ... by ...` in Art. 4.3, 5.3, 6.3, 7.2 and 8.4).
# Written out here, not read from the generated validator, whose internals may change.
CERTIFIERS = {
    # Art. 4.3, criminal proceedings
    "4.1.a": ("presiding_person", "presiding_agency"),
    "4.1.b": ("presiding_person", "presiding_agency", "person_worked_with"),
    "4.1.c": ("presiding_person", "presiding_agency", "person_worked_with"),
    "4.1.d": ("counterpart",),
    "4.1.dd": ("accused", "presiding_agency", "detention_officer"),
    "4.1.e": ("person_worked_with",),
    "4.1.g": ("presiding_person", "legal_aid_center"),
    "4.1.h": ("legal_aid_center",),
    "4.1.i": ("judge", "court_clerk"),
    "4.1.k": ("legal_aid_center",),
    "4.1.l": ("legal_aid_center",),
    # Art. 8.4, criminal: before prosecution
    "8.4.a": ("counterpart",),
    "8.4.b": ("investigator", "procurator"),
    "8.4.c": ("accused", "detention_officer", "presiding_agency"),
    "8.4.d": ("person_worked_with",),
    # Art. 5.3, civil proceedings (and administrative, Art. 6.1.a, 6.3.a)
    "5.1.a": ("person_worked_with", "legal_aid_center"),
    "5.1.b": ("person_worked_with", "legal_aid_center"),
    "5.1.c": ("person_assigned", "counterpart"),
    "5.1.d": ("person_worked_with", "presiding_person", "presiding_agency", "counterpart"),
    "5.1.dd": ("judge", "court_clerk", "mediation_clerk"),
    "5.1.e": ("presiding_person", "presiding_agency"),
    "5.1.g": ("person_worked_with",),
    "5.1.h": ("person_assigned", "legal_aid_center"),
    "5.1.i": ("legal_aid_center",),
    "5.1.k": ("judge", "court_clerk", "mediation_clerk"),
    "5.1.l": ("legal_aid_center",),
    "5.1.m": ("legal_aid_center",),
    # Art. 6.3.b, administrative proceedings
    "6.1.b": ("judge", "dialogue_clerk"),
    # Art. 7.2, extrajudicial representation
    "7.1.a": ("person_worked_with", "counterpart", "competent_authority"),
    "7.1.b": ("legal_aid_center",),
    "7.1.c": ("legal_aid_center",),
    "7.1.d": ("person_worked_with", "counterpart", "competent_authority"),
    "7.1.dd": ("person_worked_with", "counterpart", "competent_authority"),
}

# The activities of each kind of case (`activity in ...`; Art. 6.1.a adds the points of Art. 5.1 but đ,
# mediation, to administrative proceedings).
CIVIL = tuple(a for a in CERTIFIERS if a.startswith("5."))
ACTIVITIES = {
    "criminal": tuple(a for a in CERTIFIERS if a.startswith(("4.", "8."))),
    "civil": CIVIL,
    "administrative": tuple(a for a in CIVIL if a != "5.1.dd") + ("6.1.b",),
    "extrajudicial": tuple(a for a in CERTIFIERS if a.startswith("7.")),
}
ROLES = sorted({role for roles in CERTIFIERS.values() for role in roles})
STAGES = ("investigation", "prosecution", "first_instance", "appeal", "cassation_reopening")
OFFENSE_CLASSES = ("less_serious", "serious", "very_serious", "extremely_serious")


def make_case(rng: random.Random, number: int) -> dict:
    """One invented case; `number` makes its id."""
    form = "extrajudicial" if rng.random() < 0.2 else "proceedings"
    proceeding = rng.choices(("criminal", "civil", "administrative"), weights=(6, 3, 1))[0] if form == "proceedings" else None
    fixed_time = form == "proceedings" and rng.random() < FIXED_TIME_SHARE / 0.8
    assigned_on = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days - 30))
    region = rng.choice(("HN", "HCM", "DN", "HP", "CT", "NA"))
    case: dict = {"case_id": f"{region}-{assigned_on.year}-{number:04d}", "form": form}
    if proceeding:
        case["proceeding"] = proceeding
    case["method"] = "fixed_time" if fixed_time else "actual_sessions"
    case["assigned_on"] = assigned_on.isoformat()

    providers = [{"id": f"P{n}", "kind": rng.choices(("lawyer", "legal_aid_officer"), weights=(3, 1))[0]}
                 for n in range(1, rng.choices((1, 2, 3), weights=(6, 3, 1))[0] + 1)]
    activities = ACTIVITIES[proceeding or form]
    span_days = min(rng.randint(20, 300), (LAST_DAY - assigned_on).days)
    entries = []
    hours_on = {}   # (provider, date) -> hours, kept well under the 24 hours a day allows
    for _ in range(rng.randint(3, 25)):
        provider = rng.choice(providers)["id"]
        activity = rng.choice(activities)
        halves = rng.randint(1, 16)   # 0.5 to 8 hours
        for _attempt in range(20):
            day = assigned_on + dt.timedelta(days=rng.randint(1, span_days))
            if hours_on.get((provider, day), 0) + halves <= 24:   # at most 12 hours a day
                break
        hours_on[(provider, day)] = hours_on.get((provider, day), 0) + halves
        entry = {"date": day.isoformat(), "provider": provider, "activity": activity,
                 "certified_by": rng.choice(CERTIFIERS[activity])}
        if not fixed_time:
            entry["hours"] = halves // 2 if halves % 2 == 0 else halves / 2
        entries.append(entry)
    entries.sort(key=lambda e: (e["date"], e["provider"]))
    last_day = dt.date.fromisoformat(entries[-1]["date"])

    if fixed_time:
        case["method_chosen_on"] = case["assigned_on"]
        if proceeding == "criminal":
            case["offense_classes"] = [rng.choice(OFFENSE_CLASSES)] if rng.random() < 0.5 else ["very_serious"]
            case["stages"] = ["investigation", "prosecution", "first_instance"]
        else:
            case["complexity"] = rng.choice(("simple", "complex"))
            case["stages"] = list(STAGES[2:2 + rng.randint(1, 2)])
    if rng.random() < 0.85:
        case["payment_date"] = (last_day + dt.timedelta(days=rng.randint(5, 60))).isoformat()
    case["providers"] = providers
    case["entries"] = entries
    if rng.random() < FAULTY_SHARE:
        add_fault(rng, case)
    return case


def add_fault(rng: random.Random, case: dict) -> None:
    """Spoil one entry the way real timesheets go wrong: a certifier the rules do not allow for the
    activity, or no hours at all."""
    entry = rng.choice(case["entries"])
    if "hours" in entry and rng.random() < 0.4:
        entry["hours"] = 0
    else:
        entry["certified_by"] = rng.choice([r for r in ROLES if r not in CERTIFIERS[entry["activity"]]])


# -- cases that only the illustrative draft amendment (examples/draft-2026, not law) changes ------
DRAFT_CASES = 60
DRAFT_DAY = dt.date(2027, 1, 1)   # the draft's invented date in force
DRAFT_CERTIFIERS = {"7a.1.a": ("person_worked_with",), "7a.1.b": ("person_worked_with",),
                    "7a.1.c": ("legal_aid_center",), "7b.1.a": ("digital_platform",), "7b.1.b": ("digital_platform",)}
GROUPS = (("trafficking_victim",), ("elderly", "financial_difficulty"), ("poor_household",), ("elderly",))


def make_draft_case(rng: random.Random, number: int) -> dict:
    """A case of 2026-2027 of the kinds the draft changes: mediation or online legal aid (new forms),
    long criminal cases of two lawyers (the Art. 8.1 cap), an aided person of a group (Art. 7)."""
    kind = rng.choice(("mediation", "online", "long", "long", "group"))
    assigned_on = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randrange(300))
    case: dict = {"case_id": f"DR-{assigned_on.year}-{number:04d}"}
    if kind in ("mediation", "online"):
        case["form"] = kind
        activities = [a for a in DRAFT_CERTIFIERS if a.startswith("7a" if kind == "mediation" else "7b")]
        count, most = rng.randint(2, 8), 8
    else:
        case["form"], case["proceeding"] = "proceedings", "criminal"
        activities = ACTIVITIES["criminal"]
        count, most = (rng.randint(30, 45), 16) if kind == "long" else (rng.randint(3, 10), 8)
    case["method"] = "actual_sessions"
    case["assigned_on"] = assigned_on.isoformat()
    if kind == "group":
        groups = rng.choice(GROUPS)
        case["aided_person"] = {"groups": [{"group": g, "evidence": f"document {rng.randint(1, 999)}/{assigned_on.year}"}
                                           for g in groups]}
    providers = [{"id": "P1", "kind": "lawyer"}] + ([{"id": "P2", "kind": "lawyer"}] if kind == "long" else [])
    entries = []
    for n in range(count):
        day = assigned_on + dt.timedelta(days=1 + n * 3 + rng.randint(0, 2))
        activity = rng.choice(activities)
        halves = rng.randint(2, most)
        entries.append({"date": day.isoformat(), "provider": providers[n % len(providers)]["id"], "activity": activity,
                        "hours": halves // 2 if halves % 2 == 0 else halves / 2,
                        "certified_by": rng.choice(DRAFT_CERTIFIERS.get(activity) or CERTIFIERS[activity])})
    case["payment_date"] = (dt.date.fromisoformat(entries[-1]["date"]) + dt.timedelta(days=30)).isoformat()
    case["providers"] = providers
    case["entries"] = entries
    return case


def write(name: str, cases: list[dict]) -> None:
    target = Path(__file__).resolve().parent / name
    lines = [json.dumps(case, ensure_ascii=False, separators=(",", ":")) for case in cases]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {target.name}: {len(lines)} cases")


def main() -> None:
    rng = random.Random(2026)
    write("synthetic.jsonl", [make_case(rng, n) for n in range(1, CASES + 1)])
    rng = random.Random(2027)
    write("draft-2026.jsonl", [make_draft_case(rng, n) for n in range(1, DRAFT_CASES + 1)])


if __name__ == "__main__":
    main()
