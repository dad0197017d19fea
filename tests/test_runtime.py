"""The validators' runtime (compiler/backends/python/runtime.py), tested as the module it is.

The rules here are written by hand as runtime records, not compiled: an invented instrument
(99/2030/TT-RUN) with two activities, one session rule and one rate. They test the runtime's own
logic (reading, checking, versions, rounding), whatever the law says.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from compiler.backends.python import runtime as rt

INSTRUMENT = "99/2030/TT-RUN"


def sessions_for_hours(hours: D) -> tuple[D, D, D, str | None]:
    """4 h a session; the rest counts 0.5 under 3 h, 1 from 3 h (as Art. 3.2 of the real circular)."""
    full = hours // 4
    rest = hours - full * 4
    if not rest:
        return full, rest, D(0), None
    return (full, rest, D("0.5"), f"{INSTRUMENT} 2.a") if rest < 3 else (full, rest, D(1), f"{INSTRUMENT} 2.b")


def activity(citation: str, *certifiers: str, areas: tuple[str, ...] = ("criminal",)) -> rt.Activity:
    return rt.Activity(citation=f"{INSTRUMENT} {citation}", areas=frozenset(areas), certifiers=frozenset(certifiers),
                       certifiers_listed=certifiers, certified_under=f"{INSTRUMENT} 3", label=f"activity {citation}")


def version(number: int, start: dt.date | None, activities: dict[str, rt.Activity], cap: int = 10,
            ties: str = "provider_id", refused_count: bool = False) -> rt.Version:
    return rt.Version(
        number=number, start=start, end=None, changed_by=(f"{INSTRUMENT} amended",) if start else (),
        scope=frozenset({"proceedings"}), scope_citation=f"{INSTRUMENT} 1",
        methods={"actual_sessions": (frozenset({"proceedings"}), f"{INSTRUMENT} 2")},
        activities=activities, session_hours=D(4), session_citation=f"{INSTRUMENT} 2", hours_added="per_provider",
        sessions_for_hours=sessions_for_hours,
        day_limit=(D(24), refused_count, f"{INSTRUMENT} 2"), ties=(ties, f"{INSTRUMENT} 4"), keeps=None,
        session_caps=(rt.SessionCap("per_case", D(cap), frozenset({"proceedings"}), f"{INSTRUMENT} 4"),),
        table_caps=(), replacement_caps=(), not_paid={},
        rates=(rt.Rate("lawyer", frozenset({"proceedings"}), "rate", None, f"{INSTRUMENT} 5"),),
        reference_kind="lawyer", fixed_time=None, tables={}, eligible={}, includes={},
        eligibility_on=None, eligibility_citation=None)


def rules(*versions: rt.Version) -> rt.Rules:
    vocabularies = {"form": ("proceedings", "extrajudicial"), "proceeding": ("criminal", "civil"),
                    "method": ("actual_sessions",), "provider_kind": ("lawyer",), "offense_class": (),
                    "complexity": (), "stage": ()}
    base = rt.Parameter("base pay", "vnd_per_month", None, ("payment_date", "last_entry_date"),
                        (rt.ParamValue(dt.date(2030, 1, 1), None, D(1_000_000), "Invented base pay"),))
    rate = rt.Parameter("rate", "base_multiple", "base", ("payment_date", "last_entry_date"),
                        (rt.ParamValue(dt.date(2030, 1, 1), None, D("0.5"), f"{INSTRUMENT} 5"),))
    return rt.Rules(instrument=INSTRUMENT, title="Invented", vocabularies=vocabularies, in_force=dt.date(2030, 1, 1),
                    in_force_citation=f"{INSTRUMENT} 9", governed_by=(), transition_citation=f"{INSTRUMENT} 9",
                    entries_judged_by="work_date", case_judged_by="last_entry_date", base_parameter="base",
                    parameters={"base": base, "rate": rate}, axis_case_fields={}, versions=versions)


ONE_VERSION = rules(version(1, None, {"1.a": activity("1.a", "judge"), "1.b": activity("1.b", "clerk")}))


def case(*entries: tuple[str, str, object, str], **fields: object) -> dict:
    """A criminal case of one lawyer P1; entries as (date, activity, hours, certified_by)."""
    return {"case_id": "R-1", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
            "assigned_on": "2030-02-01", "providers": [{"id": "P1", "kind": "lawyer"}],
            "entries": [{"date": d, "provider": "P1", "activity": a, "hours": h, "certified_by": c} for d, a, h, c in entries],
            **fields}


# -- small helpers ----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "whole"), [("0.5", 1), ("1.5", 2), ("2.5", 3), ("2.49", 2), ("1333800.4", 1333800)])
def test_money_is_rounded_half_up(value, whole):
    assert rt.dong(D(value)) == whole


def test_figures_and_words():
    assert (rt.num(D("2.0")), rt.num(D("2.5")), rt.num(None)) == (2, 2.5, None)
    assert (rt.fmt(D("10.00")), rt.fmt(D("0.380")), rt.fmt(D("1E+1"))) == ("10", "0.38", "10")
    assert rt.show("x" * 50).startswith("text 'xxxx") and len(rt.show("x" * 50)) <= 50
    deep: list = []
    for _ in range(100_000):   # a value quoted in a message, however deep
        deep = [deep]
    assert rt.show(deep) == "a list [[[[...]]]]"


def test_apportion_gives_the_dong_left_to_the_largest_remainders_and_adds_up():
    exact = {"P1": D("100.3"), "P2": D("200.45"), "P3": D("300.25")}
    rounded, tie = rt.apportion(exact, 601, {"P1": 0, "P2": 1, "P3": 2})
    assert rounded == {"P1": 100, "P2": 201, "P3": 300} and sum(rounded.values()) == 601 and tie is None
    # equal remainders: the order given decides, and says it did
    assert rt.apportion({"P1": D("100.5"), "P2": D("200.5")}, 301, {"P1": 0, "P2": 1}) == ({"P1": 101, "P2": 200}, (["P1"], ["P2"]))
    assert rt.apportion({"P1": D("100.5"), "P2": D("200.5")}, 301, {"P2": 0, "P1": 1}) == ({"P1": 100, "P2": 201}, (["P2"], ["P1"]))


def test_share_out_cuts_in_half_sessions_in_proportion_ties_in_the_order_given():
    shared, tie = rt.share_out({"P1": D(20), "P2": D(20)}, D("30.5"), {"P1": 0, "P2": 1})
    assert shared == {"P1": D("15.5"), "P2": D(15)} and sum(shared.values()) == D("30.5") and tie == (["P1"], ["P2"])
    assert rt.share_out({"P1": D(20), "P2": D(20)}, D("30.5"), {"P2": 0, "P1": 1})[0] == {"P1": D(15), "P2": D("15.5")}
    assert rt.share_out({"P1": D(30), "P2": D(10)}, D(20), {"P1": 0, "P2": 1}) == ({"P1": D(15), "P2": D(5)}, None)


def test_records_are_read_only():
    record = activity("1.a", "judge")
    with pytest.raises(AttributeError):
        record.label = "changed"   # type: ignore[misc]
    with pytest.raises(AttributeError):
        ONE_VERSION.instrument = "other"   # type: ignore[misc]


# -- a validator on hand-written rules -----------------------------------------------------

def test_hours_are_added_up_and_counted_in_sessions_then_paid():
    result = rt.Validator(ONE_VERSION).validate(case(("2030-03-01", "1.a", 5, "judge"), ("2030-03-02", "1.b", 4, "clerk")))
    # 9 h = 2 sessions and 1 h left (0.5): 2.5 sessions x 0.5 x 1,000,000 = 1,250,000
    assert (result["status"], result["sessions_payable"], result["amount_vnd"]) == ("ok", 2.5, 1_250_000)
    assert result["trace"][0] == {"citation": f"{INSTRUMENT} 2", "value": 2.5,
                                  "step": f"P1: 9 h certified -> 2 sessions of 4 h, and 1 h left over counting as 0.5 ({INSTRUMENT} 2.a)"}


def test_each_entry_is_checked_on_its_own_and_left_out_when_wrong():
    result = rt.Validator(ONE_VERSION).validate(case(("2030-03-01", "1.a", 4, "clerk"), ("2030-03-02", "1.b", 25, "clerk"),
                                                     ("2030-03-03", "1.b", 4, "clerk")))
    codes = [(f["code"], f["entry"]) for f in result["findings"]]
    assert codes == [("CERTIFIER_NOT_ALLOWED", 0), ("INVALID_HOURS", 1)]
    assert (result["status"], result["sessions_payable"]) == ("rejected", 1)


def test_a_case_that_cannot_be_read_gives_one_invalid_case_finding_per_problem():
    result = rt.Validator(ONE_VERSION).validate({"case_id": 7.5, "form": "proceedings", "entries": "none"})
    fields = sorted(f["field"] for f in result["findings"])
    assert result["status"] == "rejected" and {f["code"] for f in result["findings"]} == {"INVALID_CASE"}
    assert {"case_id", "entries", "method", "assigned_on", "providers"} <= set(fields)
    assert rt.Validator(ONE_VERSION).validate(["not", "a", "case"])["findings"][0]["field"] == "case"


def test_the_case_cap_is_shared_out():
    hours = [(f"2030-03-{day:02d}", "1.a", 8, "judge") for day in range(1, 8)]   # 7 x 8 h = 14 sessions > 10
    result = rt.Validator(ONE_VERSION).validate(case(*hours))
    assert result["sessions_declared"] == 14 and result["sessions_payable"] == 10
    assert [f["code"] for f in result["findings"]] == ["CAP_APPLIED"]


# -- versions: what an amendment changes, entry by entry ----------------------------------------

AMENDED_ON = dt.date(2030, 6, 1)
TWO_VERSIONS = rules(version(1, None, {"1.a": activity("1.a", "judge")}),
                     version(2, AMENDED_ON, {"1.a": activity("1.a", "judge"), "1.c": activity("1.c", "judge")}))


def test_an_activity_added_by_an_amendment_counts_only_for_work_from_its_date():
    validator = rt.Validator(TWO_VERSIONS)
    assert not validator.one_activity_table
    result = validator.validate(case(("2030-05-31", "1.c", 4, "judge"), ("2030-06-01", "1.c", 4, "judge")))
    assert [(f["code"], f["entry"]) for f in result["findings"]] == [("UNKNOWN_ACTIVITY", 0)]
    assert "on 2030-05-31" in result["findings"][0]["message"]
    assert result["sessions_payable"] == 1


def test_the_whole_case_is_judged_by_the_version_of_its_last_entry():
    validator = rt.Validator(TWO_VERSIONS)
    before = validator.validate(case(("2030-05-01", "1.a", 4, "judge")))
    after = validator.validate(case(("2030-05-01", "1.a", 4, "judge"), ("2030-06-02", "1.a", 4, "judge")))
    assert not any("version 2" in step["step"] for step in before["trace"])
    assert "(version 2)" in after["trace"][0]["step"]


def test_versions_with_the_same_activities_are_not_looked_up_entry_by_entry():
    same = rules(version(1, None, {"1.a": activity("1.a", "judge")}), version(2, AMENDED_ON, {"1.a": activity("1.a", "judge")}, cap=12))
    validator = rt.Validator(same)
    assert validator.one_activity_table
    hours = [(f"2030-05-{day:02d}", "1.a", 8, "judge") for day in range(1, 8)]
    assert validator.validate(case(*hours))["sessions_payable"] == 10              # all work before the amendment
    assert validator.validate(case(*hours, ("2030-06-03", "1.a", 4, "judge")))["sessions_payable"] == 12


# -- ties and the day: rules the rule files write ------------------------------------------------

def two_lawyers(first: str, second: str) -> dict:
    """Two lawyers with 61 hours each (15.5 sessions): 31 sessions against a cap of 10 leave a half
    session to break a tie over."""
    entries = [(f"2030-03-{day:02d}", "1.a", 8 if day < 8 else 5, "judge") for day in range(1, 9)]
    return {**case(), "providers": [{"id": first, "kind": "lawyer"}, {"id": second, "kind": "lawyer"}],
            "entries": [{"date": d, "provider": who, "activity": a, "hours": h, "certified_by": c}
                        for who in (first, second) for d, a, h, c in entries]}


def test_a_half_session_tie_goes_to_the_first_id_whatever_the_order_listed_and_the_trace_says_so():
    validator = rt.Validator(rules(version(1, None, {"1.a": activity("1.a", "judge")}, cap=10, ties="provider_id")))
    three = {**two_lawyers("C", "B"), "providers": [{"id": "C", "kind": "lawyer"}, {"id": "B", "kind": "lawyer"},
                                                    {"id": "A", "kind": "lawyer"}]}
    three["entries"] += [dict(e, provider="A") for e in three["entries"] if e["provider"] == "C"]
    result = validator.validate(three)   # 3 x 15.5 sessions to share in 20 half sessions: 6.67 each
    shares = {p["id"]: p["sessions_payable"] for p in result["providers"]}
    assert shares == {"A": 3.5, "B": 3.5, "C": 3} and sum(shares.values()) == 10
    steps = [t for t in result["trace"] if "tie for" in t["step"]]
    assert steps and steps[0]["step"] == "A, B, C tie for a half session: A, B, first by provider id"
    assert steps[0]["citation"] == f"{INSTRUMENT} 4"
    reversed_case = {**three, "providers": list(reversed(three["providers"]))}
    assert {p["id"]: p["sessions_payable"] for p in validator.validate(reversed_case)["providers"]} == shares


@pytest.mark.parametrize(("refused_count", "payable"), [(False, 1.5), (True, 0)])
def test_refused_entries_count_toward_the_day_only_when_the_rules_say_so(refused_count, payable):
    validator = rt.Validator(rules(version(1, None, {"1.a": activity("1.a", "judge"), "1.b": activity("1.b", "clerk")},
                                           refused_count=refused_count)))
    # 20 refused hours (a certifier who may not certify 1.a) and 5 accepted ones on one date
    result = validator.validate(case(("2030-03-01", "1.a", 20, "clerk"), ("2030-03-01", "1.b", 5, "clerk")))
    assert result["sessions_payable"] == payable
    day_findings = [f for f in result["findings"] if f["code"] == "INVALID_HOURS"]
    assert bool(day_findings) == refused_count
    if refused_count:
        assert day_findings[0]["message"] == "P1's hours on 2030-03-01 add up to 25, more than the 24 of a day"


# -- the usual case: a shorter path, the same result ---------------------------------------------

def careful(validator: rt.Validator, raw: dict) -> dict:
    """The result through the Reader and Run.result(), as for any case (no short path)."""
    reader = rt.Reader(validator)
    parsed = reader.case(raw)
    assert parsed is not None and not reader.problems
    return rt.Run(validator, parsed).result()


USUAL = [
    case(("2030-03-01", "1.a", 5, "judge"), ("2030-03-02", "1.b", 4.5, "clerk")),
    case(("2030-03-01", "1.a", D("2.5"), "judge"), ("2030-03-01", "1.b", 4, "clerk"), payment_date="2030-04-01"),
    case(("2029-12-31", "1.a", 4, "judge"), ("2030-03-01", "1.a", 25, "judge"), ("2030-03-01", "1.x", 4, "judge"),
         ("2030-03-02", "1.a", 0, "judge"), ("2030-03-02", "1.a", 4, "clerk"), ("2030-03-03", "1.a", D("Infinity"), "judge")),
    case(("2030-03-01", "1.a", 20, "judge"), ("2030-03-01", "1.b", 5, "clerk"), ("2030-03-02", "1.đ", 4, "judge")),
    case(*[(f"2030-03-{day:02d}", "1.a", 8, "judge") for day in range(1, 8)]),   # the case cap
    {**case(("2030-03-01", "1.a", 4, "judge")), "entries": [{"date": "2030-03-01", "provider": "P9", "activity": "1.a",
                                                             "hours": 4, "certified_by": "judge"}]},
    two_lawyers("B", "A"),
    {**case(("2030-03-01", "1.a", 3, "judge")), "providers": [{"id": "P1", "kind": "lawyer"}, {"id": "P2", "kind": "lawyer"}]},
    case(),
]


@pytest.mark.parametrize("raw", USUAL, ids=range(len(USUAL)))
def test_the_usual_case_takes_the_short_path_and_gives_the_careful_result(raw):
    validator = rt.Validator(ONE_VERSION)
    assert validator.usual
    usual = validator.usual_result(raw)
    assert usual is not None
    assert usual == careful(validator, raw) == validator.validate(raw)


def test_a_dong_left_by_rounding_goes_the_same_way_on_the_short_path():
    base = ONE_VERSION.parameters["base"]
    odd = ONE_VERSION._replace(parameters={**ONE_VERSION.parameters, "base": base._replace(
        values=(rt.ParamValue(dt.date(2030, 1, 1), None, D(1_000_001), "Invented base pay"),))})
    validator = rt.Validator(odd)   # 500,000.5 đồng a session: two providers of one session leave a đồng
    raw = {**case(("2030-03-01", "1.a", 4, "judge")), "providers": [{"id": "B", "kind": "lawyer"}, {"id": "A", "kind": "lawyer"}],
           "entries": [{"date": "2030-03-01", "provider": who, "activity": "1.a", "hours": 4, "certified_by": "judge"}
                       for who in ("B", "A")]}
    result = validator.usual_result(raw)
    assert result is not None and result == careful(validator, raw)
    assert [p["amount_vnd"] for p in result["providers"]] == [500_000, 500_001]   # the tie goes to the first id
    assert any(step["step"] == "A, B tie for a đồng left by rounding: A, first by provider id" for step in result["trace"])


UNUSUAL = [
    case(("2030-03-01", "1.a", 4, "judge"), complexity="simple"),                         # a field the short path does not read
    {**case(), "case_id": 7},
    {**case(), "providers": [{"id": "P1", "kind": "lawyer", "from": "2030-02-01"}]},
    {**case(), "providers": [{"id": "P1", "kind": "lawyer"}, {"id": "P1", "kind": "lawyer"}]},
    case(("2030-03-01", "1.a", None, "judge")),
    case(("2030-03-01", "1.a", "4", "judge")),
    case(("2030-03-01", "1.a", True, "judge")),
    case(("2030-03-01", "1.a", D("NaN"), "judge")),
    case(("2030-02-30", "1.a", 4, "judge")),
    case(("20300301", "1.a", 4, "judge")),                                                 # other forms fromisoformat reads
    case(("2030-W09-5", "1.a", 4, "judge")),
    case(("2030W09", "1.a", 4, "judge")),                                                  # shorter than YYYY-MM-DD
    case(("2030-W09", "1.a", 4, "judge")),
    case((type("Text", (str,), {})("2030-03-01"), "1.a", 4, "judge")),                   # text, but not str itself
    case(("2030-03-01", "1.a", 4, None)),
    {**case(("2030-03-01", "1.a", 4, "judge")), "payment_date": "soon"},
    {**case(), "proceeding": None},
]


@pytest.mark.parametrize("raw", UNUSUAL, ids=range(len(UNUSUAL)))
def test_a_less_usual_case_is_left_to_the_reader(raw):
    validator = rt.Validator(ONE_VERSION)
    assert validator.usual_result(raw) is None
    assert validator.validate(raw)["status"] in ("ok", "rejected")


def test_rules_that_differ_between_versions_take_the_careful_path_only():
    assert not rt.Validator(TWO_VERSIONS).usual   # the activities change with the amendment


def test_the_findings_on_one_entry_in_words():
    assert rt._invalid_hours(3, None, (D(24), False, "C 1"), "C 2") == {
        "code": "INVALID_HOURS", "severity": "error", "citation": "C 2", "entry": 3,
        "message": "no hours: the hours of an entry must be above 0 and at most 24, the hours of a day"}
    assert rt._invalid_hours(0, D(25), (D(24), False, "C 1"), "C 2")["citation"] == "C 1"
    assert rt._invalid_hours(0, D(-1), None, "C 2")["message"] == "-1 h: the hours of an entry must be above 0"
    assert rt._unknown_provider("I", 1, "P11", ["P1", "Q"])["message"] == "provider 'P11' is not listed under providers (did you mean 'P1'?)"
    found: list = []
    rt._activity_findings(found, 0, "1.a", "clerk", ONE_VERSION.versions[0].activities, "civil", "proceedings", INSTRUMENT, "")
    assert [f["code"] for f in found] == ["ACTIVITY_NOT_IN_PROCEEDING", "CERTIFIER_NOT_ALLOWED"]


def test_a_day_over_its_hours_leaves_out_each_of_its_entries():
    day = dt.date(2030, 3, 1)
    work: dict = {"P1": [(0, day, "1.a", D(20)), (1, day, "1.a", D(5)), (2, dt.date(2030, 3, 2), "1.a", D(4))]}
    found: list = []
    rt._over_day(found, work, {("P1", day): D(25), ("P1", dt.date(2030, 3, 2)): D(4)}, [], D(24), "C 1")
    assert [f["entry"] for f in found] == [0, 1] and [kept[0] for kept in work["P1"]] == [2]


def test_hours_added_up_are_counted_once_per_total():
    validator = rt.Validator(ONE_VERSION)
    run = rt.Run(validator, rt.Reader(validator).case(case(("2030-03-01", "1.a", 9, "judge"))))   # type: ignore[arg-type]
    counted = validator.count_total(run.v, D(9))
    assert run.count([D(5), D(4)]) is counted and counted == (D("2.5"), counted[1], 2.5, "2.5")
