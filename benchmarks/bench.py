#!/usr/bin/env python3
"""regc benchmark: prints figures, never asserts timings.

    .venv/bin/python benchmarks/bench.py                 # the full run (a few minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick         # smaller counts, a smoke run
    .venv/bin/python benchmarks/bench.py --cases 200000  # size of the batch (default 1,000,000)
    .venv/bin/python benchmarks/bench.py --json out.json # also write the figures as JSON
    .venv/bin/python benchmarks/bench.py --profile       # also cProfile the API

What it measures (see benchmarks/README.md), each against its target:
  1. one case on the command line: CPU time above `python -c pass` (target <= 100 ms);
  2. `regc check` and `regc build --check` (docs included; target < 1 s warm), cold with an empty
     cache apart, and compile_rules() in-process;
  3. the generated validator through the Python API, full trace, against a hand-written function
     doing the actual-sessions work, interleaved rounds on the same cases (target >= 0.9x), and
     their agreement;
  4. reading a case apart: a JSON line, a YAML document;
  5. `regc validate --jobs N` on a JSON Lines batch (target: 1,000,000 cases in < 90 s on 2 cores,
     the largest process under 200 MiB, memory flat).

The synthetic cases are built deterministically (random.Random(42)) from the generated module's
ACTIVITIES table, so every (activity, certifier) pair is one the rules allow, except a few
percent of entries given a wrong certifier, an activity of another proceeding, or bad hours.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
BIN = Path(sys.executable).parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
REGC = str(Path(PYTHON).parent / "regc")



# ======================================================================== the hand-written baseline
# A plain function, written by hand from the contract (§4) and Circular 02/2021 Art. 3-8, for the
# actual-sessions method only. It is the yardstick for the generated validator: same figures, no
# compiler, no generated tables.

D = Decimal
_ZERO, _HALF, _ONE, _FOUR, _THREE, _DAY = D(0), D("0.5"), D(1), D(4), D(3), D(24)
_IN_FORCE = dt.date(2021, 7, 15)
_BASE_SALARY = (   # newest first: (from, VND per month)
    (dt.date(2026, 7, 1), D(2_530_000)), (dt.date(2024, 7, 1), D(2_340_000)),
    (dt.date(2023, 7, 1), D(1_800_000)), (dt.date(2019, 7, 1), D(1_490_000)),
    (dt.date(2018, 7, 1), D(1_390_000)), (dt.date(2017, 7, 1), D(1_300_000)),
)
_LAWYER_RATE = {"proceedings": D("0.38"), "extrajudicial": D("0.31")}     # × base salary, Decree 144 Art. 13.1-13.2
_OFFICER_SHARE = {"proceedings": D("0.4"), "extrajudicial": D("0.2")}     # of the lawyer's rate, Art. 13.3
_CAP = {"proceedings": D(30), "extrajudicial": D(20)}                     # per provider and per case

_CRIMINAL, _CIVIL, _ADMIN, _EXTRA = "criminal", "civil", "administrative", "extrajudicial"
_CIV_ADM = (_CIVIL, _ADMIN)
# activity -> (the areas it belongs to, who may certify it): Art. 4.3, 5.3, 6.2, 7.2, 8.4
ALLOWED = {
    "4.1.a": ((_CRIMINAL,), {"presiding_person", "presiding_agency"}),
    "4.1.b": ((_CRIMINAL,), {"presiding_person", "presiding_agency", "person_worked_with"}),
    "4.1.c": ((_CRIMINAL,), {"presiding_person", "presiding_agency", "person_worked_with"}),
    "4.1.d": ((_CRIMINAL,), {"counterpart"}),
    "4.1.dd": ((_CRIMINAL,), {"presiding_agency", "accused", "detention_officer"}),
    "4.1.e": ((_CRIMINAL,), {"person_worked_with"}),
    "4.1.g": ((_CRIMINAL,), {"presiding_person", "legal_aid_center"}),
    "4.1.h": ((_CRIMINAL,), {"legal_aid_center"}),
    "4.1.i": ((_CRIMINAL,), {"judge", "court_clerk"}),
    "4.1.k": ((_CRIMINAL,), {"legal_aid_center"}),
    "4.1.l": ((_CRIMINAL,), {"legal_aid_center"}),
    "5.1.a": (_CIV_ADM, {"person_worked_with", "legal_aid_center"}),
    "5.1.b": (_CIV_ADM, {"person_worked_with", "legal_aid_center"}),
    "5.1.c": (_CIV_ADM, {"counterpart", "person_assigned"}),
    "5.1.d": (_CIV_ADM, {"presiding_person", "presiding_agency", "person_worked_with", "counterpart"}),
    "5.1.dd": ((_CIVIL,), {"judge", "court_clerk", "mediation_clerk"}),   # mediation: not in administrative cases
    "5.1.e": (_CIV_ADM, {"presiding_person", "presiding_agency"}),
    "5.1.g": (_CIV_ADM, {"person_worked_with"}),
    "5.1.h": (_CIV_ADM, {"legal_aid_center", "person_assigned"}),
    "5.1.i": (_CIV_ADM, {"legal_aid_center"}),
    "5.1.k": (_CIV_ADM, {"judge", "court_clerk", "mediation_clerk"}),
    "5.1.l": (_CIV_ADM, {"legal_aid_center"}),
    "5.1.m": (_CIV_ADM, {"legal_aid_center"}),
    "6.1.b": ((_ADMIN,), {"judge", "dialogue_clerk"}),
    "7.1.a": ((_EXTRA,), {"person_worked_with", "counterpart", "competent_authority"}),
    "7.1.b": ((_EXTRA,), {"legal_aid_center"}),
    "7.1.c": ((_EXTRA,), {"legal_aid_center"}),
    "7.1.d": ((_EXTRA,), {"person_worked_with", "counterpart", "competent_authority"}),
    "7.1.dd": ((_EXTRA,), {"person_worked_with", "counterpart", "competent_authority"}),
    "8.4.a": ((_CRIMINAL,), {"counterpart"}),
    "8.4.b": ((_CRIMINAL,), {"investigator", "procurator"}),
    "8.4.c": ((_CRIMINAL,), {"presiding_agency", "accused", "detention_officer"}),
    "8.4.d": ((_CRIMINAL,), {"person_worked_with"}),
}


def _sessions(hours: Decimal) -> Decimal:
    """Art. 3.2: every full 4 h is one session; the rest counts 0.5 under 3 h, 1 from 3 h."""
    full = hours // _FOUR
    rest = hours - full * _FOUR
    return full if not rest else full + (_HALF if rest < _THREE else _ONE)


def _figure(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _dong(value: Decimal) -> int:
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def _share_out(sessions: dict, limit: Decimal) -> dict:
    """Cut the providers' sessions down to `limit` in proportion, in half sessions, largest
    remainder first, ties in the providers' order (dicts keep it)."""
    total = sum(sessions.values())
    units = int(limit * 2)
    exact = {p: s * units / total for p, s in sessions.items()}
    whole = {p: int(x) for p, x in exact.items()}
    order = {p: n for n, p in enumerate(sessions)}
    for p in sorted(sessions, key=lambda p: (whole[p] - exact[p], order[p]))[:units - sum(whole.values())]:
        whole[p] += 1
    return {p: D(w) / 2 for p, w in whole.items()}


def hand_validate(case: dict) -> dict:
    """Validate one actual-sessions case (a dict as read from JSON with Decimal numbers)."""
    form = case["form"]
    area = case.get("proceeding") or form
    findings, trace = [], []
    kinds = {p["id"]: p["kind"] for p in case["providers"]}
    hours_of = dict.fromkeys(kinds, _ZERO)
    per_day = {}
    bad = set()
    counted = []   # (entry, provider, hours) of the entries with usable hours
    last = None
    for i, e in enumerate(case["entries"]):
        day = dt.date.fromisoformat(e["date"])
        if last is None or day > last:
            last = day
        if day < _IN_FORCE:
            findings.append({"code": "NOT_GOVERNED", "entry": i})
            bad.add(i)
            continue
        who = e["provider"]
        rule = ALLOWED.get(e["activity"])
        if who not in kinds:
            findings.append({"code": "UNKNOWN_PROVIDER", "entry": i})
            bad.add(i)
        if rule is None:
            findings.append({"code": "UNKNOWN_ACTIVITY", "entry": i})
            bad.add(i)
        else:
            if area not in rule[0] and form not in rule[0]:
                findings.append({"code": "ACTIVITY_NOT_IN_PROCEEDING", "entry": i})
                bad.add(i)
            if e.get("certified_by") not in rule[1]:
                findings.append({"code": "CERTIFIER_NOT_ALLOWED", "entry": i})
                bad.add(i)
        hours = e.get("hours")
        if type(hours) is int:
            hours = D(hours)
        if hours is None or not _ZERO < hours <= _DAY:
            findings.append({"code": "INVALID_HOURS", "entry": i})
            bad.add(i)
        elif who in kinds:
            counted.append((i, who, hours))
            slot = per_day.get((who, day))
            if slot is None:
                per_day[(who, day)] = [hours, i]
            else:
                slot[0] += hours
                slot.append(i)
    for slot in per_day.values():
        if slot[0] > _DAY:
            for i in slot[1:]:
                findings.append({"code": "INVALID_HOURS", "entry": i})
                bad.add(i)
    for i, who, hours in counted:
        if i not in bad:
            hours_of[who] += hours

    sessions = {}
    for who, hours in hours_of.items():
        sessions[who] = _sessions(hours)
        trace.append(("02/2021/TT-BTP 3.2", f"{who}: {hours} h -> {sessions[who]} sessions"))
    declared = sum(sessions.values(), _ZERO)
    # Each provider's own cap (Decree 144 Art. 13.1-13.2) first, then the case's total (Circular
    # Art. 8.1), shared in proportion to the capped sessions. Applied the other way round, the two
    # readings differ when one provider alone exceeds the cap in a case with several providers.
    cap = _CAP[form]
    for who, count in sessions.items():
        if count > cap:
            findings.append({"code": "CAP_APPLIED", "entry": None, "citation": "144/2017/NĐ-CP 13"})
            sessions[who] = cap
    if sum(sessions.values()) > cap:
        findings.append({"code": "CAP_APPLIED", "entry": None, "citation": "02/2021/TT-BTP 8.1"})
        sessions = _share_out(sessions, cap)
    payable = sum(sessions.values(), _ZERO)
    trace.append(("02/2021/TT-BTP 8.1", f"sessions payable: {payable}"))

    paid_on = case.get("payment_date")
    on = dt.date.fromisoformat(paid_on) if paid_on else last
    base = next(value for start, value in _BASE_SALARY if start <= on)
    lawyer = _LAWYER_RATE[form] * base
    rates = {"lawyer": lawyer, "legal_aid_officer": lawyer * _OFFICER_SHARE[form]}
    trace.append(("base salary", f"on {on}: {base} VND; lawyer {lawyer} VND per session"))
    providers, amount = [], _ZERO
    for who, kind in kinds.items():
        money = sessions[who] * rates[kind]
        amount += money
        providers.append({"id": who, "kind": kind, "sessions_payable": _figure(sessions[who]), "amount_vnd": _dong(money)})
    return {
        "case_id": case["case_id"],
        "status": "rejected" if bad else "ok",
        "sessions_declared": _figure(declared),
        "sessions_payable": _figure(payable),
        "base_salary_vnd": _dong(base),
        "amount_vnd": _dong(amount),
        "providers": providers,
        "findings": findings,
        "trace": trace,
    }


# ======================================================================== synthetic cases

_HOURS = (1.5, 2, 2.5, 3, 3.25, 4)
_HEAVY_HOURS = (6, 7.5, 8)
_BAD_HOURS = (0, -2, 25, 24.5)
_FIRST_DAY = dt.date(2021, 7, 15)


def certifier_roles(validator) -> tuple:
    """Every role that certifies some activity in the generated module."""
    return tuple(sorted({role for a in validator.ACTIVITIES.values() for role in a.certifiers}))


def synthetic_cases(count: int, activities: dict, roles: tuple, seed: int = 42):
    """`count` case dicts of about 20 entries each, deterministic for a seed.

    `activities` is the generated module's ACTIVITIES (id -> record with .areas, .certifiers_listed),
    `roles` every certifier role: valid (activity, certifier) pairs come from there."""
    rng = random.Random(seed)
    by_area = {}
    for area in ("criminal", "civil", "extrajudicial"):
        by_area[area] = [(a, tuple(r.certifiers_listed)) for a, r in sorted(activities.items()) if area in r.areas]
    others = {area: [a for a, r in sorted(activities.items()) if area not in r.areas] for area in by_area}
    wrong = {a: tuple(x for x in roles if x not in r.certifiers_listed) for a, r in activities.items()}
    span = (dt.date(2026, 10, 1) - _FIRST_DAY).days
    for n in range(count):
        area = rng.choices(("criminal", "civil", "extrajudicial"), weights=(5, 3, 2))[0]
        heavy = rng.random() < 0.1          # long cases, to reach the caps
        assigned = _FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        providers = [{"id": f"P{k + 1}", "kind": "lawyer" if rng.random() < 0.75 else "legal_aid_officer"}
                     for k in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        pool = by_area[area]
        days = sorted(rng.randrange(1, 240) for _ in range(rng.randint(17, 23)))
        entries = []
        for offset in days:
            activity, certifiers = rng.choice(pool)
            certifier = rng.choice(certifiers)
            hours = rng.choice(_HEAVY_HOURS if heavy else _HOURS)
            fault = rng.random()
            if fault < 0.025:
                certifier = rng.choice(wrong[activity])
            elif fault < 0.045:
                hours = rng.choice(_BAD_HOURS)
            elif fault < 0.055:
                activity = rng.choice(others[area])
            entries.append({"date": (assigned + dt.timedelta(days=offset)).isoformat(),
                            "provider": rng.choice(providers)["id"], "activity": activity,
                            "hours": hours, "certified_by": certifier})
        case = {"case_id": f"BENCH-{n:06d}", "form": "extrajudicial" if area == "extrajudicial" else "proceedings"}
        if area != "extrajudicial":
            case["proceeding"] = area
        case["method"] = "actual_sessions"
        case["assigned_on"] = assigned.isoformat()
        if rng.random() < 0.9:   # else the base salary is taken on the last entry's date
            case["payment_date"] = (assigned + dt.timedelta(days=days[-1] + rng.randrange(0, 90))).isoformat()
        case["providers"] = providers
        case["entries"] = entries
        yield case


def case_yaml(case: dict) -> str:
    """A case as a person would write it (block style, dates and numbers unquoted)."""
    lines = []
    for key, value in case.items():
        if key == "providers":
            lines.append("providers:")
            for p in value:
                lines += [f"  - id: {p['id']}", f"    kind: {p['kind']}"]
        elif key == "entries":
            lines.append("entries:")
            for e in value:
                lines += [f"  - date: {e['date']}", f"    provider: {e['provider']}", f'    activity: "{e["activity"]}"',
                          f"    hours: {e['hours']}", f"    certified_by: {e['certified_by']}"]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


# ======================================================================== measuring

# A child's figures are taken by a small launcher, not by this process: on Linux a child's ru_maxrss
# starts from the high-water mark of the process it was forked from (kept across exec), so a child of
# this benchmark (which holds the synthetic cases) would report at least this process's size. The
# launcher is a bare Python (~10 MiB). RUSAGE_CHILDREN covers the child and the workers it waited for:
# its CPU time is theirs together, its ru_maxrss the largest of them.
_LAUNCHER = """
import resource, subprocess, sys, time
stdin = open(sys.argv[2], "rb") if sys.argv[2] != "-" else subprocess.DEVNULL
with open(sys.argv[1], "wb") as out:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[3:], stdin=stdin, stdout=out, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


@dataclass
class Child:
    wall: float      # seconds
    cpu: float       # seconds, user + system, of the child and its workers
    rss_kib: int     # peak RSS of the largest of them
    status: int


def run_child(command: list[str], stdout_path: str = os.devnull, stdin_path: str = "-", env: dict | None = None) -> Child:
    done = subprocess.run([PYTHON, "-c", _LAUNCHER, stdout_path, stdin_path, *command], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, check=True, env=env)
    wall, cpu, rss, status = done.stdout.split()
    return Child(float(wall), float(cpu), int(rss), int(status))   # ru_maxrss is in KiB on Linux


def child_env(tmp: Path, bytecode: bool) -> dict:
    """The environment of a measured child: with Python's bytecode cache (kept under tmp, not in the
    tree), or without it, as this machine is set (PYTHONDONTWRITEBYTECODE=1)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def median_child(command: list[str], runs: int, env: dict | None = None) -> Child:
    """The run of median CPU time among `runs`."""
    children = sorted((run_child(command, env=env) for _ in range(runs)), key=lambda c: c.cpu)
    return children[len(children) // 2]


def interleaved_children(commands: dict[str, list[str]], runs: int, env: dict | None = None) -> dict[str, list[Child]]:
    """`runs` runs of each command, the commands taking turns within each round (in the other order
    every other round), so that a slower or faster spell of the machine falls on all of them alike."""
    done: dict[str, list[Child]] = {name: [] for name in commands}
    for n in range(runs):
        for name in (list(commands) if n % 2 == 0 else list(reversed(commands))):
            done[name].append(run_child(commands[name], env=env))
    return done


def interleaved_rates(functions: dict, cases: list, rounds: int) -> tuple[dict, list]:
    """Best cases/s of each function over `rounds` rounds, and each round's rates. The functions take
    turns within each round, each first in turn, so that a slower or faster spell of the machine falls
    on all of them alike."""
    names = list(functions)
    each_round = []
    for number in range(rounds):
        rates = {}
        for name in names[number % len(names):] + names[:number % len(names)]:
            function = functions[name]
            start = time.perf_counter()
            for case in cases:
                function(case)
            rates[name] = len(cases) / (time.perf_counter() - start)
        each_round.append(rates)
    return {name: max(r[name] for r in each_round) for name in names}, each_round


# Instructions, not seconds: counted by valgrind's callgrind, repeatable whatever else the machine is
# doing. One child validates `count` cases twice (the first pass fills the validator's caches, as the
# first of the interleaved rounds does), another once; the difference is one pass.
_COUNTED = """
import json, sys
from decimal import Decimal
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/benchmarks"]
import bench
from compiler.api import load_validator
validator = load_validator(bench.RULES)
cases = [json.loads(json.dumps(c), parse_float=Decimal)
         for c in bench.synthetic_cases(int(sys.argv[3]), validator.ACTIVITIES, bench.certifier_roles(validator))]
function = validator.validate if sys.argv[2] == "generated" else bench.hand_validate
for _ in range(int(sys.argv[4])):
    for case in cases:
        function(case)
"""


def instructions_ratio(count: int) -> tuple[float, float] | None:
    """(instructions per case of the generated validator, of the hand-written function), or None
    without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = dict(os.environ, PYTHONHASHSEED="0")
    # Once without valgrind: the validator's compiled code is then in the user's cache for both counts
    # (a count that compiled it would hold 150 ms of compiling).
    subprocess.run([PYTHON, "-c", _COUNTED, str(ROOT), "generated", "1", "0"], env=env, check=True)

    def collected(kind: str, passes: int) -> int:
        done = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", PYTHON, "-c", _COUNTED,
                               str(ROOT), kind, str(count), str(passes)], capture_output=True, text=True, env=env, check=True)
        return int(next(line for line in done.stderr.splitlines() if "Collected" in line).split()[-1])

    return tuple((collected(kind, 2) - collected(kind, 1)) / count for kind in ("generated", "hand"))  # type: ignore[return-value]


def per_case_ms(function, items: list, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return best * 1000 / len(items)


# ======================================================================== the report

class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []   # (section, what, figure, note)
        self.figures: dict[str, dict] = {}

    def section(self, title: str) -> None:
        self.rows.append((title, "", "", ""))
        print(f"... {title}", file=sys.stderr, flush=True)

    def add(self, key: str, what: str, value, unit: str, note: str = "", digits: int = 1) -> None:
        if isinstance(value, float):
            shown = f"{value:,.{digits}f}"
        else:
            shown = f"{value:,}" if isinstance(value, int) else str(value)
        self.rows.append(("", what, f"{shown} {unit}".strip(), note))
        self.figures[key] = {"value": value, "unit": unit, "what": what, **({"note": note} if note else {})}

    def print(self) -> None:
        width = [max(len(r[i]) for r in self.rows if r[1]) for i in (1, 2)]
        rule = "-" * (4 + width[0] + 3 + width[1] + 3 + 40)
        print(rule)
        for section, what, figure, note in self.rows:
            if section:
                print(f"{section}")
            else:
                print(f"    {what:<{width[0]}}   {figure:>{width[1]}}   {note}".rstrip())
        print(rule)


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def one_big_case(entries: int, over_24: bool) -> dict:
    """One criminal case of one lawyer with `entries` entries of 3 h, four a day; with `over_24`, one
    day in two has 13 hours more on its first entry: 25 hours, and all four entries are left out."""
    start = dt.date(2022, 1, 3)
    rows = []
    for n in range(entries):
        day = start + dt.timedelta(days=n // 4)
        hours = 3 + (13 if over_24 and n % 8 == 0 else 0)
        rows.append({"date": day.isoformat(), "provider": "P1", "activity": "4.1.a", "hours": hours, "certified_by": "presiding_agency"})
    return {"case_id": f"BIG-{entries}", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
            "assigned_on": start.isoformat(), "providers": [{"id": "P1", "kind": "lawyer"}], "entries": rows}


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, for a smoke run")
    parser.add_argument("--cases", type=int, default=None, metavar="N",
                        help="size of the `regc validate --jobs` batch (default 1,000,000; 20,000 with --quick)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="workers of the batch (default: the cores)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--profile", action="store_true", help="also cProfile 20,000 API validations")
    args = parser.parse_args(argv)
    quick = args.quick
    runs = 3 if quick else 7
    api_count = 2_000 if quick else 20_000
    batch_count = args.cases if args.cases is not None else (20_000 if quick else 1_000_000)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    jobs = args.jobs or cores

    sys.path.insert(0, str(ROOT))
    from compiler import cases as case_io
    from compiler.api import fresh_module, load_validator

    report = Report()
    tmp = Path(tempfile.mkdtemp(prefix="regc-bench-"))
    try:
        validator = load_validator(RULES)
        fresh = fresh_module(RULES)
        generated = list(synthetic_cases(api_count, validator.ACTIVITIES, certifier_roles(validator)))
        lines = [json.dumps(c, ensure_ascii=False) for c in generated]
        api_cases = [json.loads(line, parse_float=Decimal) for line in lines]
        entries = sum(len(c["entries"]) for c in api_cases)

        # -- 1. one case on the command line, CPU above Python's own start-up
        # Children run as on a user's machine: with Python's bytecode cache (pip writes it at install; an
        # editable install on first use). This machine sets PYTHONDONTWRITEBYTECODE=1, which leaves every
        # module to be compiled from source on every run: the same figures without the cache follow.
        cached = child_env(tmp, bytecode=True)
        uncached = child_env(tmp, bytecode=False)
        report.section(f"1. One case on the command line: CPU time (user + system), median of {3 * runs}, taking turns with `python -c pass`")
        if not fresh:
            report.add("stale", "NOTE: generated/ is stale", "the CLI compiles the rules first", "")
        one = {"yaml": tmp / "one.yaml", "json": tmp / "one.json"}
        one["yaml"].write_text(case_yaml(generated[0]), encoding="utf-8")
        one["json"].write_text(lines[0] + "\n", encoding="utf-8")
        for env, label, suffix in ((cached, "with Python's bytecode cache", ""),
                                   (uncached, "without it (PYTHONDONTWRITEBYTECODE=1)", "_no_bytecode_cache")):
            for command in ([PYTHON, "-c", "pass"], *([REGC, "validate", "--format", "json", str(p)] for p in one.values())):
                run_child(command, env=env)   # the bytecode cache written, the regc cache filled
            # Python's start-up and the two commands take turns: each figure above start-up is the median of
            # the differences within a round.
            rounds = interleaved_children({"startup": [PYTHON, "-c", "pass"],
                                           **{kind: [REGC, "validate", "--format", "json", str(path)] for kind, path in one.items()}},
                                          3 * runs, env=env)
            startup = statistics.median(c.cpu for c in rounds["startup"])
            report.add(f"python_startup_cpu_ms{suffix}", f"`python -c pass`, {label}", startup * 1000, "ms")
            for kind in one:
                cpu = statistics.median(c.cpu for c in rounds[kind])
                above = statistics.median(c.cpu - s.cpu for c, s in zip(rounds[kind], rounds["startup"], strict=True)) * 1000
                report.add(f"cli_one_{kind}_cpu_ms{suffix}", f"  `regc validate --format json one.{kind}`", cpu * 1000, "ms")
                report.add(f"cli_one_{kind}_above_startup_ms{suffix}", "    above `python -c pass`", above, "ms",
                           f"target <= 100 ms: {met(above <= 100)}")

        # -- 2. compiling the rules
        report.section(f"2. Compiling rules/ ({len(list(RULES.rglob('*.rules')))} rule files), wall, median of {runs}")
        cold_env = dict(cached, REGC_CACHE_DIR=str(tmp / "cold-cache"))
        for name, command in (("check", [REGC, "check"]), ("build_check", [REGC, "build", "--check"])):
            shown = "regc " + " ".join(command[1:])
            (tmp / "cold-cache").mkdir(mode=0o700, exist_ok=True)
            cold = run_child(command, env=cold_env)   # an empty cache: the grammar's tables, templates, ASTs, docs rebuilt
            shutil.rmtree(tmp / "cold-cache")
            warm = median_child(command, runs, env=cached)
            note = f"target < 1,000 ms: {met(warm.wall < 1.0)}" if name == "build_check" else ""
            report.add(f"{name}_cold_ms", f"`{shown}`, cold (an empty regc cache)", cold.wall * 1000, "ms")
            report.add(f"{name}_ms", f"`{shown}`, warm", warm.wall * 1000, "ms", note)
            bare = median_child(command, runs, env=uncached)
            report.add(f"{name}_no_bytecode_cache_ms", "  warm, without Python's bytecode cache", bare.wall * 1000, "ms")
        # A drafter's edit: one rule file changed (a comment added), so it is parsed again, the rules are
        # lowered and the validators and docs built again; the other files' ASTs come from the cache.
        project = tmp / "project"
        shutil.copytree(RULES, project / "rules")
        shutil.copytree(ROOT / "generated", project / "generated")
        edited = max((project / "rules").rglob("*.rules"), key=lambda p: p.stat().st_size)
        original = edited.read_text(encoding="utf-8")
        build = [REGC, "--rules", str(project / "rules"), "build"]
        run_child(build, env=cached)
        after_edit = []
        for n in range(runs):
            edited.write_text(f"{original}\n# edit {n}\n", encoding="utf-8")
            after_edit.append(run_child(build, env=cached).wall)
        report.add("build_after_edit_ms", f"`regc build` after an edit of {edited.name} (a comment added)",
                   statistics.median(after_edit) * 1000, "ms")
        from compiler.pipeline import compile_rules
        for generate in (False, True):
            compile_rules(RULES, generate=generate)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                compilation = compile_rules(RULES, generate=generate)
                times.append(time.perf_counter() - start)
            assert compilation.ok, "the rules have errors: run `regc check`"
            report.add("compile_rules_generate_ms" if generate else "compile_rules_check_ms",
                       f"compile_rules(rules, generate={generate}) in-process", statistics.median(times) * 1000, "ms")

        # -- 3. generated validator against the hand-written function
        rounds = 3 if quick else 15
        report.section(f"3. Python API, full trace, {len(api_cases):,} cases of {entries / len(api_cases):.1f} entries; "
                       f"one core, best of {rounds} interleaved rounds")
        rates, each_round = interleaved_rates({"generated": validator.validate, "hand": hand_validate}, api_cases, rounds)
        ratio = rates["generated"] / rates["hand"]
        round_ratios = [r["generated"] / r["hand"] for r in each_round]
        report.add("api_generated_cases_per_s", "generated: validator.validate(case)", rates["generated"], "cases/s", digits=0)
        report.add("api_hand_cases_per_s", "hand-written: hand_validate(case)", rates["hand"], "cases/s", digits=0)
        report.add("api_ratio_generated_to_hand", "generated / hand-written", ratio, "", f"target >= 0.90: {met(ratio >= 0.9)}",
                   digits=2)
        report.add("api_ratio_rounds_median", "  median of the rounds' own ratios", statistics.median(round_ratios), "",
                   f"rounds from {min(round_ratios):.2f} to {max(round_ratios):.2f}: how busy the machine was", digits=2)
        counted = instructions_ratio(2_000 if not quick else 300)
        if counted is not None:
            report.add("api_instructions_generated", "instructions per case (callgrind): generated", counted[0], "", digits=0)
            report.add("api_instructions_hand", "  hand-written", counted[1], "", digits=0)
            report.add("api_instructions_ratio", "  hand-written / generated", counted[1] / counted[0], "",
                       "the same work in instructions, whatever the machine's speed", digits=2)
        results = [validator.validate(c) for c in api_cases]
        statuses: dict = {}
        for r in results:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        capped = sum(any(f["code"] == "CAP_APPLIED" for f in r["findings"]) for r in results)
        report.add("api_case_mix", "case mix (status)", ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())),
                   "", f"{capped:,} with CAP_APPLIED")
        drift = sorted(a for a, r in validator.ACTIVITIES.items()
                       if a not in ALLOWED or set(r.areas) != set(ALLOWED[a][0]) or set(r.certifiers) != ALLOWED[a][1])
        drift += sorted(set(ALLOWED) - set(validator.ACTIVITIES))
        agree, agree_all, mismatches = 0, 0, []
        for case, want in zip(api_cases, results, strict=True):
            got = hand_validate(case)
            if (got["sessions_payable"], got["amount_vnd"]) == (want["sessions_payable"], want["amount_vnd"]):
                agree += 1
                if (got["status"], got["sessions_declared"], got["base_salary_vnd"]) == \
                        (want["status"], want["sessions_declared"], want["base_salary_vnd"]):
                    agree_all += 1
            else:
                mismatches.append((case["case_id"], want["sessions_payable"], got["sessions_payable"],
                                   want["amount_vnd"], got["amount_vnd"]))
        report.add("agreement_payable_amount", "agree on sessions_payable and amount_vnd", f"{agree:,} / {len(api_cases):,}",
                   "cases", "" if not mismatches else f"{len(mismatches):,} MISMATCHES (listed below)")
        report.add("agreement_all", "  ... and on status, sessions_declared, base_salary_vnd", f"{agree_all:,} / {len(api_cases):,}",
                   "cases")
        if drift:
            report.add("allowed_drift", "hand-written ALLOWED differs from the rules for", ", ".join(drift), "")

        # -- 4. parsing
        sample = lines[:2_000 if not quick else 300]
        report.section(f"4. Reading a case apart from validating it (~{entries / len(api_cases):.0f} entries)")
        json_ms = per_case_ms(lambda line: json.loads(line, parse_float=Decimal), sample)
        report.add("parse_json_ms", "json.loads(line, parse_float=Decimal)", json_ms, "ms/case", digits=3)
        yaml_texts = [case_yaml(c) for c in generated[:len(sample)]]
        c_yaml = case_io.yaml_loader()
        assert c_yaml.load(yaml_texts[0]) == api_cases[0], "YAML and JSON readings differ"
        c_ms = per_case_ms(c_yaml.load, yaml_texts)
        report.add("parse_yaml_c_ms", "YAML (cases.yaml_loader(), the C parser)", c_ms, "ms/case", f"{c_ms / json_ms:.0f}x JSON", digits=3)
        report.add("validate_ms", "for scale: validate() of one case", 1000 / rates["generated"], "ms/case", digits=3)

        # -- 5. a batch
        report.section(f"5. `regc validate --jobs {jobs} --format json BATCH.jsonl > /dev/null` ({cores} cores)")
        big = tmp / "batch.jsonl"
        with big.open("w", encoding="utf-8") as out:
            for c in synthetic_cases(batch_count, validator.ACTIVITIES, certifier_roles(validator)):
                out.write(json.dumps(c, ensure_ascii=False) + "\n")
        size_mb = big.stat().st_size / 1e6
        child = run_child([REGC, "validate", "--jobs", str(jobs), "--format", "json", str(big)], env=cached)
        per_million = child.wall * 1_000_000 / batch_count
        report.add("batch_cases", "batch", f"{batch_count:,} cases, {size_mb:,.0f} MB", "", f"exit status {child.status} (1: a case rejected)")
        report.add("batch_wall_s", "wall time", child.wall, "s", digits=1)
        report.add("batch_per_million_s", "  for 1,000,000 cases", per_million, "s", f"target < 90 s: {met(per_million < 90)}",
                   digits=1)
        report.add("batch_cases_per_s", "throughput", batch_count / child.wall, "cases/s", digits=0)
        report.add("batch_peak_rss_mib", "peak RSS of the largest process", child.rss_kib / 1024, "MiB",
                   f"target < 200 MiB: {met(child.rss_kib < 200 * 1024)}")
        small = tmp / "small.jsonl"
        with big.open(encoding="utf-8") as source, small.open("w", encoding="utf-8") as out:
            for _, line in zip(range(max(1, batch_count // 10)), source):
                out.write(line)
        tenth = run_child([REGC, "validate", "--jobs", str(jobs), "--format", "json", str(small)], env=cached)
        report.add("batch_rss_ratio", "peak RSS, full batch / a tenth of it", child.rss_kib / tenth.rss_kib, "",
                   "~1.0: memory does not grow with the batch", digits=2)
        one_job = run_child([REGC, "validate", "--jobs", "1", "--format", "json", str(small)], env=cached)
        report.add("batch_speedup", f"a tenth of it, --jobs {jobs} against --jobs 1", one_job.wall / tenth.wall, "x", digits=2)

        # -- 6. hostile sizes (issue 10)
        report.section("6. Big cases and big .json files")
        for size in ((1_000, 10_000) if quick else (10_000, 100_000)):
            plain, over = one_big_case(size, over_24=False), one_big_case(size, over_24=True)
            plain_s = min(timed(validator.validate, plain) for _ in range(3))
            over_s = min(timed(validator.validate, over) for _ in range(3))
            result = validator.validate(over)
            refused = sum(1 for f in result["findings"] if f["code"] == "INVALID_HOURS")
            report.add(f"big_case_{size}_s", f"one case of {size:,} entries", plain_s, "s", digits=3)
            report.add(f"big_case_{size}_over_s", f"  the same with days over 24 hours ({refused:,} entries left out)", over_s, "s",
                       digits=3)
            report.add(f"big_case_{size}_ratio", "  ratio, with / without such days", over_s / plain_s, "",
                       f"target <= 4: {met(over_s / plain_s <= 4)}", digits=2)
        small_count = 20_000 if quick else 200_000
        cases_path = tmp / "cases.jsonl"
        with cases_path.open("w", encoding="utf-8") as out:
            for c in synthetic_cases(small_count, validator.ACTIVITIES, certifier_roles(validator)):
                out.write(json.dumps(c, ensure_ascii=False) + "\n")
        as_lines, as_array = tmp / "lines.json", tmp / "array.json"
        cases_path.rename(as_lines)
        with as_lines.open(encoding="utf-8") as source, as_array.open("w", encoding="utf-8") as out:
            out.write("[\n")
            for n, line in enumerate(source):
                out.write(("" if n == 0 else ",\n") + line.rstrip("\n"))
            out.write("\n]\n")
        for name, path in (("json_lines_in_json", as_lines), ("json_array", as_array)):
            child = run_child([REGC, "validate", "--format", "json", str(path)], env=cached)
            what = "one case a line" if name == "json_lines_in_json" else "a JSON array"
            report.add(f"{name}_rss_mib", f"{small_count:,} cases in a .json file, {what} ({path.stat().st_size / 1e6:,.0f} MB): peak RSS",
                       child.rss_kib / 1024, "MiB", f"target < 150 MiB: {met(child.rss_kib < 150 * 1024)}")

        report.print()
        if mismatches:
            print(f"mismatches (case_id, sessions_payable generated/hand, amount_vnd generated/hand), first 10 of {len(mismatches):,}:")
            for m in mismatches[:10]:
                print(f"    {m[0]}: {m[1]} / {m[2]}, {m[3]} / {m[4]}")
        if args.json:
            meta = {"python": sys.version.split()[0], "cores": cores, "quick": quick,
                    "api_cases": len(api_cases), "batch_cases": batch_count, "mismatches": mismatches[:100]}
            Path(args.json).write_text(json.dumps({"meta": meta, "figures": report.figures}, indent=1, default=str) + "\n",
                                       encoding="utf-8")
            print(f"figures written to {args.json}")
        if args.profile:
            profile(validator, api_cases)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def profile(validator, cases: list) -> None:
    """cProfile of the API validations, top 20 by own time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for case in cases:
        validator.validate(case)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
    print(f"\n=== profile: {len(cases):,} validations through the API (top 20 by own time)")
    print(text.getvalue().strip())


if __name__ == "__main__":
    sys.exit(main())
