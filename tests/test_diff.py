"""`regc diff A B`: what changed in the rules, in words and figures, between two trees or two dates.

The trees are rules/ and a copy of it read with a small invented amending act (99/2026/TT-BTP, in
force 2027-01-01) that raises the case cap of Art. 8.1 for proceedings from 30 to 35 sessions,
replaces point 4.1.h (English text only) and sets the lawyer's rate in proceedings to 0.40. Everything
else is the same, so the comparison must find exactly those changes and nothing else. The real
rules/ are compared on two dates (30 June and 1 July 2026: the base salary), through the Python
API, the command line (text, Markdown, HTML; exit codes), git revisions, and the docs page.
"""
from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from pinned import pinned_dir
from programs import regc

from compiler import diff
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = pinned_dir()   # rules/ with the values the figures below assume (tests/pinned.py)


def line_of(path: Path, text: str) -> int:
    """The line of a rule file where `text` is written."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


SALARY_2026 = f"rules/base-salary.rules:{line_of(RULES / 'base-salary.rules', 'value 2530000 from 2026-07-01')}"
DAY = datetime.date
HOSTILE = "<script>alert(1)</script> | *bold* [link](javascript:x)"

ACT = """\
instrument "99/2026/TT-BTP" {
  kind circular
  title en "Circular amending Circular 02/2021/TT-BTP (invented, for tests)"
  amends "02/2021/TT-BTP", "144/2017/NĐ-CP"
}
article 1 {
  title en "Amendments"
  clause 1 {
    text en "The cap of Art. 8.1 for proceedings becomes 35 sessions."
    amending "02/2021/TT-BTP"
    change cap 8.1 per_case to 35 sessions in proceedings
  }
  clause 2 {
    text en "Point h of Art. 4.1 is replaced."
    amending "02/2021/TT-BTP"
    replace point 4.1.h {
      text en "POINT_H_TEXT"
      activity in criminal
    }
  }
  clause 3 {
    text en "The lawyer's rate in proceedings becomes 0.40 of the base salary."
    change parameter lawyer_rate_proceedings to 0.40
  }
}
article 2 {
  title en "Entry into force"
  clause 1 { text en "In force from 1 January 2027." in_force 2027-01-01 }
}
"""
NEW_H = "Preparing arguments, as amended."


def write_tree(folder: Path, point_h: str = NEW_H) -> str:
    """A copy of rules/ and the amending act beside it; the tree spec that reads them together."""
    shutil.copytree(RULES, folder / "rules")
    (folder / "amend").mkdir()
    (folder / "amend" / "act.rules").write_text(ACT.replace("POINT_H_TEXT", point_h), encoding="utf-8")
    return f"{folder / 'rules'}+{folder / 'amend'}"


def program_of(spec: str):
    compilation = compile_rules(tuple(Path(p) for p in spec.split("+")), generate=False)
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    return compilation.program


def summary(changes) -> list[tuple]:
    """(date, citation, subject, before, after) of each change: what a reader is told."""
    return [(d.start, d.change.citation, d.change.subject, d.change.before and d.change.before.value,
             d.change.after and d.change.after.value) for d in changes]


@pytest.fixture(scope="module")
def rules_program():
    return program_of(str(RULES))


@pytest.fixture(scope="module")
def amended(tmp_path_factory) -> str:
    return write_tree(tmp_path_factory.mktemp("amended"))


@pytest.fixture(scope="module")
def amended_program(amended):
    return program_of(amended)


# -- snapshots ---------------------------------------------------------------------------------

def test_a_snapshot_gives_the_base_salary_in_force_on_each_date(rules_program):
    key = ("parameter", "base_salary", "", "value")
    june, july = diff.snapshot(rules_program, DAY(2026, 6, 30)), diff.snapshot(rules_program, DAY(2026, 7, 1))
    assert june[key].value == "2,340,000 vnd_per_month (73/2024/NĐ-CP)"
    assert july[key].value == "2,530,000 vnd_per_month (161/2026/NĐ-CP)"
    assert (july[key].citation, july[key].subject, july[key].where) == (
        "parameter base_salary", "Statutory base salary", SALARY_2026)
    assert key not in diff.snapshot(rules_program, None)           # a dated value is in force only on a date


def test_the_2026_amendment_of_the_law_is_listed_with_its_citations(rules_program):
    """`regc diff 2026-12-31 2027-01-01`: who is entitled changes, each at its provision of Art. 7, by the act."""
    changes = diff.compare_dates(rules_program, DAY(2026, 12, 31), DAY(2027, 1, 1))
    listed = {(d.change.citation, d.change.after.value, d.change.after.by) for d in changes}
    act = "Law amending the Law on Legal Aid (2026)"
    assert ("11/2017/QH14 7.7.c", "entitled", act) in listed          # elderly people, directly
    assert ("11/2017/QH14 7.7.d", "entitled", act) in listed          # people with disabilities
    assert ("11/2017/QH14 7", "entitled", act) in listed              # near-poor people, social allowances
    assert all(d.start == DAY(2027, 1, 1) for d in changes) and len(changes) == 8


def test_a_snapshot_says_the_rules_in_words_and_figures(rules_program):
    facts = diff.snapshot(rules_program, DAY(2026, 7, 1))
    cap = facts["law", "02/2021/TT-BTP", "8.1", "cap/per_case/proceedings"]
    assert (cap.citation, cap.subject, cap.value) == ("02/2021/TT-BTP 8.1", "cap for all providers together in proceedings",
                                                      "30 sessions")
    assert cap.where.startswith("rules/circular-02-2021/chapter-2-actual-sessions.rules:")
    certify = facts["law", "02/2021/TT-BTP", "4.3.a", "certify/4.1.a"]
    assert (certify.subject, certify.value) == ("who may certify 4.1.a", "presiding_person, presiding_agency")
    rate = facts["law", "144/2017/NĐ-CP", "13.1", "rate/lawyer/proceedings"]
    assert (rate.subject, rate.value) == ("rate per session of a lawyer in proceedings", "0.38 × base salary")
    text = facts["law", "02/2021/TT-BTP", "4.1.h", "text/en"]
    assert (text.subject, text.value, text.quoted) == ("text (en)", "Preparing arguments for defence and protection;", True)
    assert facts["table", "appendix_01", "", "cell/investigation + prosecution + first_instance, very_serious"].value == "23 sessions"
    assert facts["table", "appendix_01", "", "cell/investigation + prosecution + first_instance, extremely_serious"].value \
        .startswith("pending: ")
    assert facts["vocabulary", "form", "", "member/proceedings"].subject == "id proceedings"
    assert any(k[3].startswith("group/") for k in facts)            # Law 11/2017 Art. 7: who is entitled


def test_a_snapshot_in_vietnamese_formats_figures_the_vietnamese_way(rules_program):
    facts = diff.snapshot(rules_program, DAY(2026, 7, 1), lang="vi")
    assert facts["parameter", "base_salary", "", "value"].value == "2.530.000 vnd_per_month (161/2026/NĐ-CP)"
    assert facts["parameter", "base_salary", "", "value"].cited("vi") == "tham số base_salary"
    assert facts["law", "02/2021/TT-BTP", "8.1", "cap/per_case/proceedings"].value == "30 buổi"


def test_citations_are_ordered_as_the_law_orders_them():
    shuffled = ["4.10", "7a", "4.1.h", "8", "4.1.e", "4.1.dd", "7", "4.1.d", "4.2", "10.1"]
    assert sorted(shuffled, key=diff.citation_order) == ["4.1.d", "4.1.dd", "4.1.e", "4.1.h", "4.2", "4.10", "7", "7a",
                                                         "8", "10.1"]


# -- two dates of one tree ---------------------------------------------------------------------

def test_b_from_30_june_to_1_july_2026_only_the_base_salary_changes(rules_program):
    changes = diff.compare_dates(rules_program, DAY(2026, 6, 30), DAY(2026, 7, 1))
    assert summary(changes) == [(DAY(2026, 7, 1), "parameter base_salary", "Statutory base salary",
                                 "2,340,000 vnd_per_month (73/2024/NĐ-CP)", "2,530,000 vnd_per_month (161/2026/NĐ-CP)")]


def test_b_across_several_changes_each_is_dated_by_its_own_day(rules_program):
    changes = diff.compare_dates(rules_program, DAY(2023, 1, 1), DAY(2026, 7, 1))
    assert summary(changes) == [(DAY(2026, 7, 1), "parameter base_salary", "Statutory base salary",
                                 "1,490,000 vnd_per_month (38/2019/NĐ-CP)", "2,530,000 vnd_per_month (161/2026/NĐ-CP)")]
    assert diff.compare_dates(rules_program, DAY(2026, 7, 1), DAY(2026, 12, 31)) == []


# -- two trees ---------------------------------------------------------------------------------

def test_c_the_amending_act_gives_exactly_its_three_changes_from_its_date(rules_program, amended_program):
    changes = diff.compare(rules_program, amended_program)
    assert summary(changes) == [
        (DAY(2027, 1, 1), "02/2021/TT-BTP 4.1.h", "text (en)", "Preparing arguments for defence and protection;", NEW_H),
        (DAY(2027, 1, 1), "02/2021/TT-BTP 4.1.h", "text (vi)", "Chuẩn bị luận cứ bào chữa, bảo vệ;", None),
        (DAY(2027, 1, 1), "02/2021/TT-BTP 8.1", "cap for all providers together in proceedings", "30 sessions", "35 sessions"),
        (DAY(2027, 1, 1), "144/2017/NĐ-CP 13.1", "rate per session of a lawyer in proceedings",
         "0.38 × base salary", "0.4 × base salary"),
        (DAY(2027, 1, 1), "parameter lawyer_rate_proceedings",
         "Lawyer's remuneration per session, proceedings, as a multiple of the base salary",
         "0.38 × base salary (144/2017/NĐ-CP 13.1)", "0.4 × base salary (99/2026/TT-BTP 1.3)"),
    ]
    text_en, _, cap, _, _ = changes
    assert (cap.change.after.by, cap.change.after.where) == ("99/2026/TT-BTP 1.1", "amend/act.rules:11")
    assert text_en.change.after.by == "99/2026/TT-BTP 1.2"
    assert diff.arrow(cap.change) == "30 -> 35 sessions"


def test_c_the_same_changes_backwards_and_none_between_a_tree_and_itself(rules_program, amended_program):
    backwards = diff.compare(amended_program, rules_program)
    assert [(c.change.citation, c.change.kind) for c in backwards] == [
        ("02/2021/TT-BTP 4.1.h", "changed"), ("02/2021/TT-BTP 4.1.h", "added"), ("02/2021/TT-BTP 8.1", "changed"),
        ("144/2017/NĐ-CP 13.1", "changed"), ("parameter lawyer_rate_proceedings", "changed")]
    assert diff.compare(rules_program, rules_program) == []
    assert diff.compare(amended_program, amended_program) == []


def test_c_a_difference_that_ends_says_until_when(tmp_path, rules_program):
    """B raises the base salary from 1 July 2026; from 2027 both trees have 2,700,000."""
    for name in ("a", "b"):
        shutil.copytree(RULES, tmp_path / name / "rules")
        path = tmp_path / name / "rules" / "base-salary.rules"
        text = path.read_text(encoding="utf-8")
        if name == "b":
            text = text.replace("value 2530000 from 2026-07-01", "value 2600000 from 2026-07-01")
        end = text.rindex("}")
        path.write_text(text[:end] + '  value 2700000 from 2027-01-01 source "999/2026/NĐ-CP (test)"\n' + text[end:],
                        encoding="utf-8")
    changes = diff.compare(program_of(str(tmp_path / "a" / "rules")), program_of(str(tmp_path / "b" / "rules")))
    [only] = changes
    assert (only.start, only.until, only.change.before.value, only.change.after.value) == (
        DAY(2026, 7, 1), DAY(2026, 12, 31), "2,530,000 vnd_per_month (161/2026/NĐ-CP)", "2,600,000 vnd_per_month (161/2026/NĐ-CP)")
    assert "until 2026-12-31" in diff.text(diff.Report("a", "b", tuple(changes)))


def test_c_the_illustrative_draft_raises_the_cap_of_8_1(rules_program):
    draft = ROOT / "examples" / "draft-2026"
    if not draft.is_dir():
        pytest.skip("examples/draft-2026 is not there")
    changes = diff.compare(rules_program, program_of(f"{RULES}+{draft}"))
    cap = [d for d in changes if d.change.key == ("law", "02/2021/TT-BTP", "8.1", "cap/per_case/proceedings")]
    assert [(d.start, diff.arrow(d.change)) for d in cap] == [(DAY(2027, 1, 1), "30 -> 35 sessions")]
    report = diff.text(diff.Report("rules", "rules+examples/draft-2026", tuple(changes)))
    assert "02/2021/TT-BTP 7a.1.a" in report and "activity 7a.1.a chargeable in: (none) -> mediation" in report


# -- the reports --------------------------------------------------------------------------------

def test_d_text_markdown_and_html_say_the_same_and_are_deterministic(rules_program, amended_program, amended):
    changes = tuple(diff.compare(rules_program, amended_program))
    report = diff.Report("rules", amended, changes)
    text = diff.text(report)
    assert text.splitlines()[:2] == [f"The rules of rules and of {amended}", "5 differences."]
    assert "In force from 2027-01-01:" in text
    assert ("    cap for all providers together in proceedings: 30 -> 35 sessions  "
            "[amend/act.rules:11, by 99/2026/TT-BTP 1.1]") in text
    markdown = diff.markdown(report)
    assert "## In force from 2027-01-01" in markdown
    assert ("| 02/2021/TT-BTP 8.1 | cap for all providers together in proceedings | 30 sessions | 35 sessions "
            "| `amend/act.rules:11` (by 99/2026/TT-BTP 1.1) |") in markdown
    page = diff.html_page(report)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<script" not in page and "http" not in page
    assert "<td>cap for all providers together in proceedings</td>" in page
    again = diff.compare(program_of(str(RULES)), program_of(amended))
    for render in diff.RENDERERS.values():
        assert render(diff.Report("rules", amended, tuple(again))) == render(report)


def test_d_a_hostile_rule_text_is_escaped_in_every_format(tmp_path, rules_program):
    changes = tuple(diff.compare(rules_program, program_of(write_tree(tmp_path, point_h=HOSTILE))))
    report = diff.Report("rules", "hostile", changes)
    page = diff.html_page(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = diff.markdown(report)
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "\\| \\*bold\\* \\[link\\]" in markdown
    terminal = diff.text(diff.Report("rules\x1b[2J", "b", changes))
    assert "\x1b" not in terminal and "rules\\x1b[2J" in terminal


# -- the command line ---------------------------------------------------------------------------

def test_e_exit_codes_0_same_1_different_2_usage(capsys, tmp_path, amended):
    code, out, _ = regc(capsys, "--rules", RULES, "diff", RULES, RULES)
    assert (code, out.splitlines()[1]) == (0, "No differences.")
    code, out, _ = regc(capsys, "--rules", RULES, "diff", RULES, amended)
    assert code == 1 and "cap for all providers together in proceedings: 30 -> 35 sessions" in out
    code, out, err = regc(capsys, "--rules", RULES, "diff", "2026-06-30", "2026-07-01")
    assert code == 1 and out.splitlines()[:2] == [f"The rules of {RULES} on 2026-06-30 and on 2026-07-01", "1 difference."]
    assert "2,340,000 vnd_per_month (73/2024/NĐ-CP)" in out and "2,530,000 vnd_per_month (161/2026/NĐ-CP)" in out
    code, _, _ = regc(capsys, "--rules", RULES, "diff", "2026-07-01", "2026-12-31")
    assert code == 0
    code, out, err = regc(capsys, "--rules", RULES, "diff", "2026-06-30", RULES)
    assert (code, out) == (2, "") and "not a date (2026-06-30) and a tree" in err
    code, out, err = regc(capsys, "--rules", RULES, "diff", "2026-02-30", "2026-07-01")
    assert (code, out, err.strip()) == (2, "", "regc: 2026-02-30 is not a date (YYYY-MM-DD)")
    code, out, err = regc(capsys, "--rules", RULES, "diff", RULES, "no-such-thing")
    assert (code, out, err.strip()) == (2, "", "regc: `no-such-thing` is neither a rules folder nor a git revision")
    code, _, err = regc(capsys, "--rules", RULES, "diff", RULES, amended, "--output", tmp_path / "missing" / "x.html")
    assert code == 2 and "cannot write" in err


def test_e_formats_and_output_file(capsys, tmp_path, amended):
    for form, marker in (("md", "## In force from 2027-01-01"), ("html", "<h2>In force from 2027-01-01</h2>")):
        target = tmp_path / f"diff.{form}"
        code, out, err = regc(capsys, "--rules", RULES, "diff", RULES, amended, "--format", form, "--output", target)
        assert (code, out) == (1, "") and f"regc: wrote {target} (5 differences)" in err
        assert marker in target.read_text(encoding="utf-8")


def test_e_a_tree_with_rule_errors_exits_2_and_says_which_tree(capsys, tmp_path):
    broken = tmp_path / "broken" / "rules"
    shutil.copytree(RULES, broken)
    chapter = broken / "circular-02-2021" / "chapter-2-actual-sessions.rules"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("certify 4.1.a by presiding_person",
                                                                   "certify 4.1.a by presiding_persn"), encoding="utf-8")
    code, out, err = regc(capsys, "--rules", RULES, "diff", RULES, broken)
    assert (code, out) == (2, "")
    assert f"regc: the rules of B (`{broken}`) have errors:" in err
    assert "error[E0101]: `presiding_persn` is not a certifier role" in err


# -- git revisions ------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def test_f_two_revisions_of_a_repository(capsys, tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(RULES, repo / "rules")
    git(repo, "init", "-q")
    git(repo, "add", "rules")
    git(repo, "commit", "-q", "-m", "rules as they are")
    salary = repo / "rules" / "base-salary.rules"
    salary.write_text(salary.read_text(encoding="utf-8").replace("value 2530000 from 2026-07-01", "value 2600000 from 2026-07-01"),
                      encoding="utf-8")
    git(repo, "commit", "-q", "-am", "base salary 2,600,000 from 2026-07-01")
    monkeypatch.chdir(repo)
    code, out, _ = regc(capsys, "diff", "HEAD~1", "HEAD")
    assert code == 1
    assert out.splitlines()[:4] == ["The rules of HEAD~1 and of HEAD", "1 difference.", "", "In force from 2026-07-01:"]
    assert f"    Statutory base salary: 2,530,000 -> 2,600,000 vnd_per_month (161/2026/NĐ-CP)  [{SALARY_2026}]" in out
    code, _, _ = regc(capsys, "diff", "HEAD", "rules")      # the working folder is the last commit
    assert code == 0


# -- the docs page ------------------------------------------------------------------------------

def test_g_the_docs_list_the_base_salary_of_1_july_2026_with_its_rule_file_line(capsys):
    outputs = compile_rules(RULES).outputs
    english = outputs["generated/docs/md/en/changes.md"]
    section = english[english.index('<a id="from-2026-07-01"></a>From 2026-07-01'):]
    assert ("| [parameter base_salary](parameters.md#base_salary) | Statutory base salary "
            "| 2,340,000 vnd_per_month (73/2024/NĐ-CP) | 2,530,000 vnd_per_month (161/2026/NĐ-CP) "
            f"| [`{SALARY_2026}`](source/rules/base-salary.rules.md#L{SALARY_2026.rsplit(':', 1)[1]}) |") in section
    vietnamese = outputs["generated/docs/md/vi/changes.md"]
    assert "Từ ngày 01/07/2026" in vietnamese and "2.530.000 vnd_per_month (161/2026/NĐ-CP)" in vietnamese
    html = outputs["generated/docs/html/en/changes.html"]
    assert '<section class="changes" id="from-2026-07-01">' in html and "2,530,000 vnd_per_month (161/2026/NĐ-CP)" in html
    assert 'href="changes.html"' in outputs["generated/docs/html/en/index.html"]     # in the site's navigation
