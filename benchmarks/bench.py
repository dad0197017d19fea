#!/usr/bin/env python3
"""regc benchmark: prints figures, never asserts timings.

    .venv/bin/python benchmarks/bench.py                 # the full run (~2-3 min on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick         # smaller counts, a smoke run
    .venv/bin/python benchmarks/bench.py --cases 20000   # end-to-end batch size (default 100000)
    .venv/bin/python benchmarks/bench.py --json out.json # also write the figures as JSON
    .venv/bin/python benchmarks/bench.py --profile       # also cProfile the API and `regc validate`

What it measures (see benchmarks/README.md):
  1. Python start-up alone (`python -c pass`), to be read apart from the CLI figures;
  2. `regc check` and `regc build --check` as subprocesses (cold Lark cache shown apart), and
     compiler.pipeline.compile_rules() in-process;
  3. the generated validator through the Python API, full trace, on synthetic ~20-entry cases;
  4. a plain hand-written function doing the actual-sessions work, its agreement with the
     generated validator and the throughput ratio;
  5. input parsing apart: JSON line, YAML with the C parser, YAML with the pure-Python parser;
  6. end to end: `regc validate --format json` on a JSON Lines batch, peak RSS at two sizes, and
     the same batch through the hand-written function in a child process.

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
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
BIN = Path(sys.executable).parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
REGC = str(Path(PYTHON).parent / "regc")

TARGET_COMPILE_S = 1.0
TARGET_API_CASES_S = 20_000
TARGET_E2E_CASES_S = 5_000


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
# activity -> (the areas it belongs to, who may certify it): Art. 4.3, 5.3, 6.3, 7.2, 8.4
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
    "5.1.dd": (_CIV_ADM, {"court_clerk", "mediation_clerk"}),
    "5.1.e": (_CIV_ADM, {"presiding_person", "presiding_agency"}),
    "5.1.g": (_CIV_ADM, {"person_worked_with"}),
    "5.1.h": (_CIV_ADM, {"legal_aid_center", "person_assigned"}),
    "5.1.i": (_CIV_ADM, {"legal_aid_center"}),
    "5.1.k": (_CIV_ADM, {"court_clerk", "mediation_clerk"}),
    "5.1.l": (_CIV_ADM, {"legal_aid_center"}),
    "5.1.m": (_CIV_ADM, {"legal_aid_center"}),
    "6.1.b": ((_ADMIN,), {"judge", "court_clerk"}),
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


# The child process of the end-to-end comparison: the same loop as `regc validate --format json`
# (read a JSON line with Decimal numbers, validate, write one JSON line), with hand_validate.
_HAND_CHILD = """
import json, sys
from decimal import Decimal
sys.path.insert(0, {folder!r})
from bench import hand_validate
write = sys.stdout.write
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        write(json.dumps(hand_validate(json.loads(line, parse_float=Decimal)), ensure_ascii=False) + "\\n")
"""


# ======================================================================== synthetic cases

_HOURS = (1.5, 2, 2.5, 3, 3.25, 4)
_HEAVY_HOURS = (6, 7.5, 8)
_BAD_HOURS = (0, -2, 25, 24.5)
_FIRST_DAY = dt.date(2021, 7, 15)


def synthetic_cases(count: int, activities: dict, roles: tuple, seed: int = 42):
    """`count` case dicts of about 20 entries each, deterministic for a seed.

    `activities` is the generated module's ACTIVITIES (id -> record with .areas, .certifiers_listed),
    `roles` its CERTIFIER_ROLE: valid (activity, certifier) pairs come from there."""
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

def wall_times(command: list[str], runs: int, env: dict | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


# Peak RSS is measured by a small launcher, not by this process: on Linux a child's ru_maxrss starts
# from the high-water mark of the process it was forked from (kept across exec), so a child of this
# benchmark (which holds the synthetic cases) would report at least this process's size. The
# launcher is a bare Python (~10 MiB), which is then the floor of the figure.
_LAUNCHER = """
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run_child(command: list[str], stdout_path: str = os.devnull) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit status) of one child process."""
    done = subprocess.run([PYTHON, "-c", _LAUNCHER, stdout_path, *command], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, check=True)
    wall, rss, status = done.stdout.split()
    return float(wall), int(rss), int(status)   # ru_maxrss is in KiB on Linux


def best_rate(function, cases: list, repeats: int) -> tuple[float, float]:
    """(best cases/s, best seconds) over `repeats` runs of function over all cases."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for case in cases:
            function(case)
        best = min(best, time.perf_counter() - start)
    return len(cases) / best, best


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


def vs_target(rate: float, target: float) -> str:
    return f"{rate / target:.2f}x the target of {target:,.0f}/s ({'met' if rate >= target else 'NOT met'})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, for a smoke run")
    parser.add_argument("--cases", type=int, default=None, metavar="N",
                        help="end-to-end batch size (default 100000; 10000 with --quick)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile 20,000 API validations and a 20,000-case in-process `regc validate`")
    args = parser.parse_args(argv)
    quick = args.quick
    runs = 3 if quick else 5
    api_count = 2_000 if quick else 20_000
    e2e_count = args.cases if args.cases is not None else (10_000 if quick else 100_000)
    e2e_small = max(1, e2e_count // 10)

    sys.path.insert(0, str(ROOT))
    from compiler import cases as case_io
    from compiler.api import fresh_module, load_validator

    report = Report()
    tmp = Path(tempfile.mkdtemp(prefix="regc-bench-"))
    try:
        validator = load_validator(RULES)
        fresh = fresh_module(RULES) is not None

        # -- 1. start-up
        report.section("1. Python start-up")
        startup = statistics.median(wall_times([PYTHON, "-c", "pass"], runs))
        report.add("python_startup_ms", f"`python -c pass` (venv python), median of {runs}", startup * 1000, "ms")

        # -- 2. compiling the rules
        report.section("2. Compiling rules/ (" + str(len(list(RULES.rglob('*.rules')))) + " rule files)")
        for name, command in (("check", [REGC, "check"]), ("build_check", [REGC, "build", "--check"])):
            shown = "regc " + " ".join(command[1:])
            cold_env = dict(os.environ, TMPDIR=str(tmp / f"cold-{name}"))
            (tmp / f"cold-{name}").mkdir()
            cold = wall_times(command, 1, env=cold_env)[0]   # empty TMPDIR: Lark's grammar cache misses
            wall_times(command, 1)                            # warm Lark's cache in the usual TMPDIR
            warm = statistics.median(wall_times(command, runs))
            report.add(f"{name}_cold_ms", f"`{shown}`, cold (empty Lark cache), 1 run", cold * 1000, "ms")
            report.add(f"{name}_ms", f"`{shown}`, warm, median of {runs}", warm * 1000, "ms",
                       f"target < {TARGET_COMPILE_S * 1000:.0f} ms: {'met' if warm < TARGET_COMPILE_S else 'NOT met'}")
            report.add(f"{name}_minus_startup_ms", f"`{shown}`, warm, minus Python start-up", (warm - startup) * 1000, "ms")
        from compiler.pipeline import compile_rules
        for generate in (False, True):
            compile_rules(RULES, generate=generate)   # warm: the Lark parser is built once per process
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                compilation = compile_rules(RULES, generate=generate)
                times.append(time.perf_counter() - start)
            assert compilation.ok, "the rules have errors: run `regc check`"
            what = "compile_rules(rules, generate=True) in-process" if generate else "compile_rules(rules, generate=False) in-process"
            report.add("compile_rules_generate_ms" if generate else "compile_rules_check_ms", f"{what}, median of {runs}",
                       statistics.median(times) * 1000, "ms",
                       f"target < {TARGET_COMPILE_S * 1000:.0f} ms: {'met' if statistics.median(times) < TARGET_COMPILE_S else 'NOT met'}")

        # -- synthetic cases, as the CLI would read them (JSON with Decimal numbers)
        print("... building synthetic cases", file=sys.stderr, flush=True)
        generated = list(synthetic_cases(api_count, validator.ACTIVITIES, validator.CERTIFIER_ROLE))
        lines = [json.dumps(c, ensure_ascii=False) for c in generated]
        api_cases = [json.loads(line, parse_float=Decimal) for line in lines]
        entries = sum(len(c["entries"]) for c in api_cases)

        # -- 3. generated validator through the API
        report.section(f"3. Generated validator, Python API, full trace ({len(api_cases):,} cases, "
                       f"{entries / len(api_cases):.1f} entries per case on average; one core, best of 3)")
        gen_rate, gen_s = best_rate(validator.validate, api_cases, 3)
        report.add("api_generated_cases_per_s", "validator.validate(case)", gen_rate, "cases/s",
                   vs_target(gen_rate, TARGET_API_CASES_S), digits=0)
        report.add("api_generated_us_per_case", "  per case", gen_s * 1e6 / len(api_cases), "µs")
        report.add("api_generated_us_per_entry", "  per entry", gen_s * 1e6 / entries, "µs", digits=2)
        results = [validator.validate(c) for c in api_cases]
        statuses = {}
        for r in results:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        capped = sum(any(f["code"] == "CAP_APPLIED" for f in r["findings"]) for r in results)
        report.add("api_case_mix", "  case mix (status)", ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())),
                   "", f"{capped:,} with CAP_APPLIED")

        # -- 4. hand-written function
        report.section("4. Hand-written Python function (actual sessions only), same cases")
        drift = sorted(a for a, r in validator.ACTIVITIES.items()
                       if a not in ALLOWED or set(r.areas) != set(ALLOWED[a][0]) or set(r.certifiers) != ALLOWED[a][1])
        drift += sorted(set(ALLOWED) - set(validator.ACTIVITIES))
        hand_rate, hand_s = best_rate(hand_validate, api_cases, 3)
        report.add("api_hand_cases_per_s", "hand_validate(case)", hand_rate, "cases/s", digits=0)
        report.add("api_hand_us_per_case", "  per case", hand_s * 1e6 / len(api_cases), "µs")
        report.add("api_ratio_generated_to_hand", "generated / hand-written throughput", gen_rate / hand_rate, "",
                   f"the generated validator runs at {gen_rate / hand_rate:.0%} of the hand-written speed", digits=2)
        agree, agree_all, mismatches = 0, 0, []
        for case, want in zip(api_cases, results):
            got = hand_validate(case)
            if (got["sessions_payable"], got["amount_vnd"]) == (want["sessions_payable"], want["amount_vnd"]):
                agree += 1
                if (got["status"], got["sessions_declared"], got["base_salary_vnd"]) == \
                        (want["status"], want["sessions_declared"], want["base_salary_vnd"]):
                    agree_all += 1
            else:
                cites = {f.get("citation") for f in got["findings"] if f["code"] == "CAP_APPLIED"}
                mismatches.append((case["case_id"], want["sessions_payable"], got["sessions_payable"],
                                   want["amount_vnd"], got["amount_vnd"], len(cites) == 2))
        cap_order = sum(m[5] for m in mismatches)
        report.add("agreement_payable_amount", "agree on sessions_payable and amount_vnd", f"{agree:,} / {len(api_cases):,}",
                   "cases", "" if not mismatches else f"{len(mismatches):,} MISMATCHES (listed below)")
        if mismatches:
            report.add("mismatches_cap_order", "  of which both caps apply (cap order?)", f"{cap_order:,} / {len(mismatches):,}",
                       "cases", "one provider over its own cap and the case over its cap: see benchmarks/README.md")
        report.add("agreement_all", "  ... and on status, sessions_declared, base_salary_vnd", f"{agree_all:,} / {len(api_cases):,}", "cases")
        if drift:
            report.add("allowed_drift", "hand-written ALLOWED differs from the rules for", ", ".join(drift), "")

        # -- 5. parsing
        sample = lines[:2_000 if not quick else 300]
        report.section(f"5. Input parsing apart from validation (per case of ~{entries / len(api_cases):.0f} entries)")
        json_ms = per_case_ms(lambda line: json.loads(line, parse_float=Decimal), sample)
        report.add("parse_json_ms", "json.loads(line, parse_float=Decimal)", json_ms, "ms/case", digits=3)
        yaml_texts = [case_yaml(c) for c in generated[:len(sample)]]
        c_yaml = case_io.yaml_loader()
        from ruamel.yaml import YAML
        pure_yaml = YAML(typ="safe", pure=True)
        pure_yaml.Constructor = case_io._CaseConstructor
        assert c_yaml.load(yaml_texts[0]) == api_cases[0] == pure_yaml.load(yaml_texts[0]), "YAML and JSON readings differ"
        c_ms = per_case_ms(c_yaml.load, yaml_texts)
        report.add("parse_yaml_c_ms", "YAML, C parser (cases.yaml_loader())", c_ms, "ms/case", f"{c_ms / json_ms:.0f}x JSON", digits=3)
        pure_ms = per_case_ms(pure_yaml.load, yaml_texts[:len(yaml_texts) // 4], repeats=1 if not quick else 2)
        report.add("parse_yaml_pure_ms", "YAML, pure-Python parser", pure_ms, "ms/case",
                   f"{pure_ms / json_ms:.0f}x JSON, {pure_ms / c_ms:.1f}x the C parser", digits=3)
        report.add("validate_ms", "for scale: validate() of one case", gen_s * 1000 / len(api_cases), "ms/case", digits=3)

        # -- 6. end to end
        report.section(f"6. End to end: `regc validate --format json FILE > /dev/null` (JSON Lines)")
        if not fresh:
            report.add("stale", "NOTE: generated/ is stale", "the CLI compiles the rules first", "")
        files = {}
        for count in (e2e_count, e2e_small):
            path = tmp / f"cases-{count}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for c in synthetic_cases(count, validator.ACTIVITIES, validator.CERTIFIER_ROLE):
                    out.write(json.dumps(c, ensure_ascii=False) + "\n")
            files[count] = path
        big = files[e2e_count]
        size_mb = big.stat().st_size / 1e6
        wall, rss, status = run_child([REGC, "validate", "--format", "json", str(big)])
        rate = e2e_count / wall
        report.add("e2e_cases", "batch", f"{e2e_count:,} cases, {size_mb:.1f} MB", "", f"exit status {status} (1 = some case rejected)")
        report.add("e2e_wall_s", "wall time", wall, "s", digits=2)
        report.add("e2e_cases_per_s", "throughput", rate, "cases/s", vs_target(rate, TARGET_E2E_CASES_S), digits=0)
        report.add("e2e_rate_minus_startup", "  throughput, minus Python start-up",
                   e2e_count / max(wall - startup, 1e-9), "cases/s", digits=0)
        report.add("e2e_peak_rss_mib", "peak RSS of the child", rss / 1024, "MiB")
        wall_small, rss_small, _ = run_child([REGC, "validate", "--format", "json", str(files[e2e_small])])
        report.add("e2e_small_cases_per_s", f"at 1/10 the size ({e2e_small:,} cases): throughput", e2e_small / wall_small, "cases/s", digits=0)
        report.add("e2e_small_peak_rss_mib", f"at 1/10 the size: peak RSS", rss_small / 1024, "MiB")
        report.add("e2e_rss_ratio", "peak RSS ratio, full / 1/10", rss / rss_small, "",
                   "~1.0 means memory does not grow with the number of cases", digits=2)
        _, base_rss, _ = run_child([PYTHON, "-c", "import compiler.cli, compiler.cases"])
        report.add("e2e_import_rss_mib", "for scale: peak RSS of `import compiler.cli, compiler.cases`", base_rss / 1024, "MiB")
        hand_out = tmp / "hand.jsonl"
        hand_wall, hand_rss, hand_status = run_child([PYTHON, "-c", _HAND_CHILD.format(folder=str(Path(__file__).resolve().parent)), str(big)],
                                                     stdout_path=str(hand_out))
        if hand_status != 0:
            report.add("e2e_hand_error", "hand-written child FAILED", f"exit status {hand_status}", "")
        else:
            report.add("e2e_hand_cases_per_s", "hand-written, same batch, same loop in a child", e2e_count / hand_wall, "cases/s", digits=0)
            report.add("e2e_hand_peak_rss_mib", "  its peak RSS", hand_rss / 1024, "MiB")
            report.add("e2e_ratio_generated_to_hand", "regc validate / hand-written throughput", hand_wall / wall, "",
                       f"regc validate runs at {hand_wall / wall:.0%} of the hand-written speed", digits=2)
        hand_out.unlink(missing_ok=True)

        report.print()
        if mismatches:
            print(f"mismatches (case_id, sessions_payable generated/hand, amount_vnd generated/hand), first 10 of {len(mismatches):,}:")
            for m in mismatches[:10]:
                print(f"    {m[0]}: {m[1]} / {m[2]}, {m[3]} / {m[4]}" + ("  (both caps apply)" if m[5] else ""))
        if args.json:
            meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "quick": quick,
                    "api_cases": len(api_cases), "e2e_cases": e2e_count, "mismatches": mismatches[:100]}
            Path(args.json).write_text(json.dumps({"meta": meta, "figures": report.figures}, indent=1, default=str) + "\n",
                                       encoding="utf-8")
            print(f"figures written to {args.json}")

        if args.profile:
            profile(validator, api_cases if len(api_cases) >= 20_000 else
                    [json.loads(json.dumps(c), parse_float=Decimal)
                     for c in synthetic_cases(20_000, validator.ACTIVITIES, validator.CERTIFIER_ROLE)], tmp)
    finally:
        for path in sorted(tmp.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        tmp.rmdir()
    return 0


def profile(validator, cases: list, tmp: Path) -> None:
    """cProfile of 20,000 API validations and of a 20,000-case `regc validate` run in-process."""
    import cProfile
    import io
    import pstats

    from compiler import cli

    def show(title: str, profiler) -> None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
        body = text.getvalue()
        print(f"\n=== profile: {title} (top 15 by tottime)")
        print(body[body.index("   ncalls"):].rstrip() if "   ncalls" in body else body)

    cases = cases[:20_000]
    profiler = cProfile.Profile()
    profiler.enable()
    for case in cases:
        validator.validate(case)
    profiler.disable()
    show(f"{len(cases):,} validations through the API", profiler)

    path = tmp / "profile.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for c in synthetic_cases(20_000, validator.ACTIVITIES, validator.CERTIFIER_ROLE):
            out.write(json.dumps(c, ensure_ascii=False) + "\n")
    saved = sys.stdout
    profiler = cProfile.Profile()
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stdout = devnull
        try:
            profiler.enable()
            cli.main(["--rules", str(RULES), "validate", "--format", "json", str(path)])
            profiler.disable()
        finally:
            sys.stdout = saved
    show("`regc validate --format json` on 20,000 cases, in-process via compiler.cli.main", profiler)


if __name__ == "__main__":
    sys.exit(main())
