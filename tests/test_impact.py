"""`regc impact A B CASES...`: a corpus run under two rule trees, and how the results change.

The trees are rules/ with the values these figures assume (tests/pinned.py) and a copy of it in tmp_path with one value edited (the base salary from
1 July 2026, or who may certify Art. 4.1.i). The corpus is six hand-made cases whose figures are
computed by hand below; the tests check the counts and the total change in đồng exactly, through
the Python API, the command line (text, JSON, HTML), a git revision, and a broken tree.

Figures (contract §4): a lawyer's session is 0.38 × base salary in proceedings, 0.31 × in
extrajudicial representation; a legal aid officer gets 40 % of the lawyer's rate in proceedings.
Hours are added per provider: every 4 h is a session, the rest is ½ under 3 h and 1 from 3 h.
The base salary is the one in force on the payment date (the last entry's date without one):
2,340,000 from 2024-07-01, 2,530,000 from 2026-07-01 (2,600,000 in the edited copy).
"""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pinned import pinned_dir
from programs import regc

from compiler import impact, trees
from compiler.api import load_validator

CHAPTER_2 = "rules/circular-02-2021/chapter-2-actual-sessions.rules"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def rules_dir() -> Path:
    """rules/ with the values the figures below assume (tests/pinned.py), not today's rules/."""
    return pinned_dir()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def raise_base_salary(rules: Path) -> None:
    """The copy's base salary from 1 July 2026 is 2,600,000 đồng instead of 2,530,000."""
    replace_in(rules / "base-salary.rules", "value 2530000 from 2026-07-01", "value 2600000 from 2026-07-01")


def judge_may_not_certify_hearings(rules: Path) -> None:
    """In the copy, only the court clerk may certify taking part in a hearing (Art. 4.1.i)."""
    replace_in(rules.parent / CHAPTER_2, "certify 4.1.i by judge, court_clerk", "certify 4.1.i by court_clerk")


def entry(date, activity, certified_by, hours, provider="P1") -> dict:
    return {"date": date, "provider": provider, "activity": activity, "certified_by": certified_by, "hours": hours}


def criminal(case_id, payment_date, entries, kind="lawyer") -> dict:
    case = {"case_id": case_id, "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
            "assigned_on": entries[0]["date"], "providers": [{"id": "P1", "kind": kind}], "entries": entries}
    if payment_date:
        case["payment_date"] = payment_date
    return case


# The six cases, with their figures under rules/ (A) and the copy with 2,600,000 đồng (B).
CASES = [
    # 4 h + 4 h = 2 sessions, paid after 1 July 2026: 2 × 0.38 × 2,530,000 = 1,922,800 -> 1,976,000 (+53,200)
    criminal(HOSTILE, "2026-08-01", [entry("2026-07-10", "4.1.a", "presiding_agency", 4),
                                     entry("2026-07-20", "4.1.i", "judge", 4)]),
    # 2 + 5 + 3 = 10 h = 2.5 sessions, paid in 2024: 2.5 × 0.38 × 2,340,000 = 2,223,000 under both
    criminal("C2-2024", "2024-09-10", [entry("2024-03-05", "4.1.a", "presiding_agency", 2),
                                       entry("2024-05-20", "4.1.i", "judge", 5),
                                       entry("2024-04-02", "4.1.dd", "detention_officer", 3)]),
    # a legal aid officer, 3 h = 1 session, no payment date, last entry 2026-09-15:
    # 0.4 × 0.38 × 2,530,000 = 384,560 -> 0.4 × 0.38 × 2,600,000 = 395,200 (+10,640)
    criminal("C3-officer", None, [entry("2026-09-15", "4.1.dd", "detention_officer", 3)], kind="legal_aid_officer"),
    # extrajudicial, 5 h = 1.5 sessions, paid on 1 July 2026 itself:
    # 1.5 × 0.31 × 2,530,000 = 1,176,450 -> 1.5 × 0.31 × 2,600,000 = 1,209,000 (+32,550)
    {"case_id": "C4-extrajudicial", "form": "extrajudicial", "method": "actual_sessions", "assigned_on": "2026-05-02",
     "payment_date": "2026-07-01", "providers": [{"id": "P1", "kind": "lawyer"}],
     "entries": [entry("2026-05-04", "7.1.a", "counterpart", 5)]},
    # rejected under both: the judge may not certify 4.1.a, so only the hearing's 2 h count = 0.5 session:
    # 0.5 × 0.38 × 2,530,000 = 480,700 -> 0.5 × 0.38 × 2,600,000 = 494,000 (+13,300)
    criminal("C5-rejected", "2027-01-10", [entry("2026-11-02", "4.1.a", "judge", 4),
                                           entry("2026-11-20", "4.1.i", "judge", 2)]),
    # paid the day before the rise: 1 session × 0.38 × 2,340,000 = 889,200 under both
    criminal("C6-june", "2026-06-30", [entry("2026-06-01", "4.1.a", "presiding_person", 3.5)]),
]
TOTAL_DELTA = 53_200 + 10_640 + 32_550 + 13_300   # 109,690 đồng
MEAN_DELTA = 27_423                               # 109,690 / 4 = 27,422.5, rounded half up


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The six cases in a folder: a YAML stream of three, and JSON Lines of three plus one broken line."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-stream.yaml").write_text("".join(f"---\n{json.dumps(c)}\n" for c in CASES[:3]), encoding="utf-8")
    lines = [json.dumps(c) for c in CASES[3:]] + ['{"case_id": "broken", ']
    (folder / "b-batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a case file: skipped in a folder\n", encoding="utf-8")
    return folder


@pytest.fixture
def raised(tmp_path, rules_dir) -> Path:
    """A copy of the pinned rules/ whose base salary from 1 July 2026 is 2,600,000 đồng."""
    copy = tmp_path / "raised" / "rules"
    shutil.copytree(rules_dir, copy)
    raise_base_salary(copy)
    return copy


def run_api(rules_a: Path, rules_b: Path, corpus: Path, top_n: int = 10) -> impact.Impact:
    """What `regc impact` does, through the Python API."""
    from compiler import cases

    validator_a, validator_b = load_validator(rules_a), load_validator(rules_b)
    report = impact.Impact(str(rules_a), str(rules_b), top_n=top_n)
    for name in impact.case_files([str(corpus)]):
        for item in cases.read(name):
            if isinstance(item, cases.Broken):
                report.add_broken(item.where, item.message)
            else:
                report.add(item.where, validator_a.validate(item.case), validator_b.validate(item.case))
    return report


# -- (a) two trees, hand-computed -------------------------------------------------------------

def test_a_raised_base_salary_changes_the_cases_paid_from_july_2026_by_the_hand_computed_total(rules_dir, raised, corpus):
    report = run_api(rules_dir, raised, corpus)
    assert report.cases == 6
    assert report.broken == 1
    assert report.broken_documents[0][0].endswith("b-batch.jsonl:4")
    assert report.changed == report.amount_changed == 4
    assert report.status_changed == report.sessions_changed == report.amount_appeared_or_vanished == 0
    assert report.total_delta == TOTAL_DELTA == 109_690
    assert report.mean_delta == MEAN_DELTA
    assert sorted(report.deltas) == [10_640, 13_300, 32_550, 53_200]
    assert [(c.case_id, c.amount_a, c.amount_b, c.delta) for c in report.top] == [
        (HOSTILE, 1_922_800, 1_976_000, 53_200),
        ("C4-extrajudicial", 1_176_450, 1_209_000, 32_550),
        ("C5-rejected", 480_700, 494_000, 13_300),
        ("C3-officer", 384_560, 395_200, 10_640),
    ]
    assert report.statuses_a == report.statuses_b == {"ok": 5, "rejected": 1}
    assert report.top[2].status_a == report.top[2].status_b == "rejected"


def test_a_a_certifier_taken_away_turns_cases_rejected_and_lowers_their_sessions(tmp_path, root, rules_dir, corpus):
    copy = tmp_path / "strict" / "rules"
    shutil.copytree(rules_dir, copy)
    judge_may_not_certify_hearings(copy)
    report = run_api(rules_dir, copy, corpus)
    # The three cases with a hearing certified by the judge lose that entry:
    #   first: 4 h left = 1 session: 1,922,800 -> 961,400 (-961,400), ok -> rejected
    #   C2: 5 h left = 1.5 sessions: 2,223,000 -> 1.5 × 0.38 × 2,340,000 = 1,333,800 (-889,200), ok -> rejected
    #   C5: no valid hours left: 480,700 -> 0 (-480,700), rejected -> rejected
    assert report.changed == report.sessions_changed == report.amount_changed == 3
    assert report.status_changed == 2
    assert dict(report.transitions) == {("ok", "rejected"): 2}
    assert report.total_delta == -961_400 - 889_200 - 480_700
    assert [(c.case_id, c.sessions_a, c.sessions_b, c.delta) for c in report.top] == [
        (HOSTILE, 2, 1, -961_400), ("C2-2024", 2.5, 1.5, -889_200), ("C5-rejected", 0.5, 0, -480_700)]
    # the new finding is named: the judge's certificate of entry 1 (or 0 in C5's case, whose first entry was already refused)
    assert all(c.finding == ("CERTIFIER_NOT_ALLOWED", "B") for c in report.top)


# -- (b) identical trees --------------------------------------------------------------------

def test_b_the_same_tree_twice_changes_nothing(rules_dir, corpus):
    report = run_api(rules_dir, rules_dir, corpus)
    assert (report.cases, report.changed, report.total_delta, report.top, report.deltas) == (6, 0, 0, [], [])
    assert report.mean_delta is None


def test_b_the_synthetic_corpus_under_the_same_tree_twice(capsys, root, monkeypatch):
    monkeypatch.chdir(root)
    code, out, _ = regc(capsys, "impact", "rules", "rules", "examples/corpus", "--format", "json")
    summary = json.loads(out)
    assert code == 0
    assert summary["cases"] >= 350 and summary["broken"] == 0
    assert summary["changed"] == summary["total_delta_vnd"] == 0 and summary["top"] == []


# -- (c) the command line -------------------------------------------------------------------

def test_c_text_report(capsys, rules_dir, raised, corpus):
    code, out, err = regc(capsys, "--rules", rules_dir, "impact", rules_dir, raised, corpus)
    assert code == 0
    assert "cases read:          6" in out
    assert "not readable:        1 document(s)" in out
    assert re.search(r"cases changed: +4\b", out)
    assert re.search(r"amount: +4\b", out)
    assert "total change:        +109,690 đồng" in out
    assert "mean change:         +27,423 đồng per case whose amount changed" in out
    assert "amount 1,922,800 đồng -> 1,976,000 đồng   change +53,200 đồng" in out
    assert out.index(HOSTILE) < out.index("C4-extrajudicial") < out.index("C5-rejected") < out.index("C3-officer")
    assert "C2-2024" not in out and "C6-june" not in out


def test_c_json_report_and_top(capsys, rules_dir, raised, corpus):
    code, out, _ = regc(capsys, "--rules", rules_dir, "impact", rules_dir, raised, corpus, "--format", "json", "--top", "2")
    summary = json.loads(out)
    assert code == 0
    assert (summary["cases"], summary["broken"], summary["changed"], summary["amount_changed"]) == (6, 1, 4, 4)
    assert summary["total_delta_vnd"] == TOTAL_DELTA and summary["mean_delta_vnd"] == MEAN_DELTA
    assert summary["status_transitions"] == {}
    assert [t["case_id"] for t in summary["top"]] == [HOSTILE, "C4-extrajudicial"]
    assert summary["top"][1] | {"where": None} == {
        "case_id": "C4-extrajudicial", "where": None, "status_a": "ok", "status_b": "ok",
        "sessions_a": 1.5, "sessions_b": 1.5, "amount_a": 1_176_450, "amount_b": 1_209_000,
        "delta_vnd": 32_550, "finding": None}
    assert summary["top"][1]["where"].endswith("b-batch.jsonl:1")
    assert sum(b["cases"] for b in summary["histogram"]) == 4


def test_c_html_report_is_standalone_has_the_histogram_and_escapes_case_ids(capsys, tmp_path, rules_dir, raised, corpus):
    page = tmp_path / "impact.html"
    code, _, err = regc(capsys, "--rules", rules_dir, "impact", rules_dir, raised, corpus, "--html", page)
    assert code == 0 and f"wrote {page}" in err
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text                                  # the hostile id is text, not a tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)   # nothing fetched
    svg = text[text.index("<svg"): text.index("</svg>")]
    # +10,640 and +13,300 in one range of 2,500 đồng, +32,550 and +53,200 one each
    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"><title>([^<]+)</title>', svg)
    assert [title for _, title in bars] == ["from +10,000 to under +12,500 đồng: 1 case(s)",
                                            "from +12,500 to under +15,000 đồng: 1 case(s)",
                                            "from +32,500 to under +35,000 đồng: 1 case(s)",
                                            "from +52,500 to under +55,000 đồng: 1 case(s)"]
    assert "đồng" in svg and "+109,690 đồng" in text


def test_c_exit_status_2_for_a_bad_spec_a_missing_file_or_an_unreadable_one(capsys, tmp_path, rules_dir, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(rules_dir, tmp_path / "rules")
    code, out, err = regc(capsys, "impact", "rules", "no-such-thing", corpus)
    assert code == 2 and out == ""
    assert err.strip() == "regc: `no-such-thing` is neither a rules folder nor a git revision"
    code, _, err = regc(capsys, "impact", "rules", "rules", tmp_path / "missing.jsonl")
    assert code == 2 and "missing.jsonl: no such file or folder" in err
    (tmp_path / "utf16.yaml").write_bytes("case_id: \"Đ\"\n".encode("utf-16"))   # read, and broken: not UTF-8
    code, out, err = regc(capsys, "impact", "rules", "rules", corpus, tmp_path / "utf16.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["broken"] == 2            # the corpus's broken line and this file


# -- (d) git revisions ----------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path, root) -> Path:
    """A git repository with two commits: rules/ as it is, then with the raised base salary."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path / "repo"
    shutil.copytree(pinned_dir(), folder / "rules")
    git(folder, "init", "-q")
    git(folder, "add", "rules")
    git(folder, "commit", "-q", "-m", "rules as they are")
    raise_base_salary(folder / "rules")
    git(folder, "commit", "-q", "-am", "base salary 2,600,000 from 2026-07-01")
    git(folder, "tag", "raised")
    return folder


def test_d_two_revisions_of_a_repository(capsys, repo, corpus, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, _ = regc(capsys, "impact", "HEAD~1", "HEAD", corpus, "--format", "json")
    summary = json.loads(out)
    assert code == 0
    assert (summary["a"], summary["b"]) == ("HEAD~1", "HEAD")
    assert (summary["changed"], summary["total_delta_vnd"]) == (4, TOTAL_DELTA)
    # a revision with a path, and a tag against the working folder: the same figures
    code, out, _ = regc(capsys, "impact", "HEAD~1:rules", "raised", corpus, "--format", "json")
    assert code == 0 and json.loads(out)["total_delta_vnd"] == TOTAL_DELTA
    code, out, _ = regc(capsys, "impact", "rules", "HEAD", corpus, "--format", "json")
    assert code == 0 and json.loads(out)["changed"] == 0      # the working folder is the last commit


def test_d_a_revision_is_written_to_a_temporary_folder_removed_afterwards(repo, monkeypatch):
    monkeypatch.chdir(repo)
    with trees.materialise("HEAD~1", Path("rules")) as tree:
        (folder,) = tree.dirs
        assert tree.label == "HEAD~1" and folder.name == "rules" and folder != repo / "rules"
        assert "value 2530000 from 2026-07-01" in (folder / "base-salary.rules").read_text(encoding="utf-8")
    assert not folder.exists()
    with pytest.raises(trees.TreeSpecError, match=r"revision HEAD has no folder `docs`"):
        with trees.materialise("HEAD:docs", Path("rules")):
            pass
    with pytest.raises(trees.TreeSpecError, match=r"`--output=x` is neither a rules folder nor a git revision"):
        with trees.materialise("--output=x", Path("rules")):
            pass


def test_d_folders_joined_with_a_plus_sign(rules_dir, raised):
    with trees.materialise(f"{rules_dir}+{raised.parent}") as tree:
        assert tree.dirs == (rules_dir, raised.parent)


# -- (e) a broken tree ----------------------------------------------------------------------

def test_e_a_tree_with_rule_errors_exits_1_with_located_diagnostics(capsys, tmp_path, root, rules_dir, corpus):
    broken = tmp_path / "broken" / "rules"
    shutil.copytree(rules_dir, broken)
    chapter = broken.parent / CHAPTER_2
    replace_in(chapter, "certify 4.1.a by presiding_person, presiding_agency", "certify 4.1.a by presiding_persn, presiding_agency")
    lines = chapter.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "presiding_persn" in text)
    col = lines[line - 1].index("presiding_persn") + 1
    code, out, err = regc(capsys, "--rules", rules_dir, "impact", rules_dir, broken, corpus)
    assert code == 1 and out == ""
    assert f"regc: the rules of B (`{broken}`) have errors:" in err
    assert f"{CHAPTER_2}:{line}:{col}: error[E0101]: `presiding_persn` is not a certifier role" in err
    assert "warning[" not in err                                # only the errors, not the pending cells


# -- the pieces -----------------------------------------------------------------------------

def result(status="ok", sessions=1, amount=100, findings=()) -> dict:
    return {"case_id": "X", "status": status, "sessions_payable": sessions, "amount_vnd": amount,
            "findings": [{"code": code, "severity": "error", "citation": None, "entry": n, "message": ""}
                         for n, code in findings]}


def test_an_amount_that_appears_or_vanishes_is_a_change_but_not_in_the_total():
    report = impact.Impact("A", "B")
    report.add("f:1", result(amount=100), result(amount=250))                                   # +150
    report.add("f:2", result(amount=500), result("not_governed", None, None))                   # vanishes
    report.add("f:3", result("rejected", 0, None, [(0, "VALUE_PENDING")]), result(amount=300))  # appears
    report.add("f:4", result(), result(findings=[(2, "CAP_APPLIED")]))                          # findings only
    report.add("f:5", result(), result())                                                      # unchanged
    assert (report.cases, report.changed, report.figures_changed) == (5, 4, 3)
    assert (report.amount_changed, report.amount_appeared_or_vanished, report.sessions_changed) == (3, 2, 2)
    assert report.total_delta == 150 and report.deltas == [150] and report.mean_delta == 150
    assert dict(report.transitions) == {("ok", "not_governed"): 1, ("rejected", "ok"): 1}
    assert [c.where for c in report.top] == ["f:2", "f:3", "f:1", "f:4"]   # sizes 500, 300, 150, 0
    assert report.top[1].finding == ("VALUE_PENDING", "A") and report.top[3].finding == ("CAP_APPLIED", "B")


def test_the_top_list_is_bounded_and_breaks_ties_by_case_id():
    report = impact.Impact("A", "B", top_n=3)
    for case_id, delta in [("d", 10), ("b", 30), ("c", -30), ("a", 5), ("e", 30), ("f", 1)]:
        a, b = result(amount=1000), result(amount=1000 + delta)
        b["case_id"] = case_id
        report.add(case_id, a, b)
    assert [(c.case_id, c.delta) for c in report.top] == [("b", 30), ("c", -30), ("e", 30)]
    assert len(report._top) == 3


def test_the_histogram_has_round_ranges_that_hold_every_value():
    rng = random.Random(7)
    values = [rng.randint(-2_000_000, 3_000_000) for _ in range(500)] + [0]
    bins = impact.histogram(values)
    width = bins[0].high - bins[0].low
    assert 14 <= len(bins) <= 21
    assert re.fullmatch(r"(15|25|[1234568])0+", str(width))
    assert all(b.high - b.low == width and b.low % width == 0 for b in bins)
    assert all(b.high == nxt.low for b, nxt in zip(bins, bins[1:]))
    assert sum(b.count for b in bins) == len(values)
    for value in (min(values), 0, max(values)):
        assert any(b.low <= value < b.high for b in bins)
    assert impact.histogram([]) == [] and impact.histogram([42_000]) == [impact.Bin(42_000, 42_001, 1)]


def test_control_characters_in_a_case_id_are_escaped_in_the_text_report():
    report = impact.Impact("A", "B")
    a, b = result(amount=1), result(amount=2)
    b["case_id"] = "X\x1b[2J\rY"
    report.add("f:1", a, b)
    assert "1. X\\x1b[2J\\rY   f:1" in impact.text(report)


def test_a_folder_of_cases_is_read_sorted_and_other_files_are_left_out(corpus):
    assert [Path(name).name for name in impact.case_files([str(corpus)])] == ["a-stream.yaml", "b-batch.jsonl"]


# -- the synthetic corpus -------------------------------------------------------------------

def test_the_synthetic_corpus_is_what_its_script_writes_and_is_valid(root):
    script = root / "examples" / "corpus" / "make_corpus.py"
    written = subprocess.run([sys.executable, "-c", f"""
import random, json, runpy
module = runpy.run_path({str(script)!r})
rng = random.Random(2026)
lines = [json.dumps(module["make_case"](rng, n), ensure_ascii=False, separators=(",", ":")) for n in range(1, module["CASES"] + 1)]
print("\\n".join(lines))
"""], capture_output=True, text=True, check=True, encoding="utf-8").stdout
    committed = (root / "examples" / "corpus" / "synthetic.jsonl").read_text(encoding="utf-8")
    assert written == committed, "run examples/corpus/make_corpus.py to update synthetic.jsonl"

    validator = load_validator(pinned_dir())
    statuses, codes, salaries = {}, {}, set()
    for line in committed.splitlines():
        res = validator.validate(json.loads(line))
        statuses[res["status"]] = statuses.get(res["status"], 0) + 1
        for finding in res["findings"]:
            codes[finding["code"]] = codes.get(finding["code"], 0) + 1
        salaries.add(res["base_salary_vnd"])
    cases = sum(statuses.values())
    assert 350 <= cases <= 450
    # only the deliberate faults are errors: a few percent, and the activities and dates all valid
    assert set(codes) <= {"VALUE_PENDING", "CAP_APPLIED", "CERTIFIER_NOT_ALLOWED", "INVALID_HOURS"}
    assert 0.01 * cases <= statuses.get("rejected", 0) <= 0.08 * cases
    assert {1_800_000, 2_340_000, 2_530_000} <= salaries      # paid before and after 1 July 2026


def test_a_folder_with_expected_results_beside_the_cases_skips_them(capsys, rules_dir, tmp_path):
    """A list of expected results is not a case: in a folder it is left out, and the command says so."""
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps(CASES[1]), encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps({"one.json": {"status": "ok"}}), encoding="utf-8")
    code, out, err = regc(capsys, "--rules", rules_dir, "impact", rules_dir, rules_dir, folder, "--format", "json")
    assert code == 0 and json.loads(out)["cases"] == 1 and json.loads(out)["broken"] == 0
    assert f"regc: skipped {folder / 'expected.json'}: not a case file" in err
