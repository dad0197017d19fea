"""The `regc` command line, contract §1: check, build, build --check, validate, test.

Commands run in-process through `compiler.cli.main([...])` (output captured with capsys), except
one run of the installed console script `.venv/bin/regc`. Commands that write run on a copy of the
project in tmp_path (its rules/ and generated/), never on the project itself.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from programs import regc

import compiler
from compiler import cli, output
from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parent.parent

MODULE = "generated/python/circular_02_2021.py"
# One good case, as a JSON line.
SHARED_LIKE_CASE = json.dumps({
    "case_id": "G", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions", "assigned_on": "2024-03-01",
    "providers": [{"id": "P1", "kind": "lawyer"}],
    "entries": [{"date": "2024-03-02", "provider": "P1", "activity": "4.1.a", "hours": 4, "certified_by": "presiding_agency"}]})
CHAPTER_2 = "rules/circular-02-2021/chapter-2-actual-sessions.rules"


@pytest.fixture
def project(tmp_path, root) -> Path:
    """A copy of the project's rules/ and generated/ in tmp_path."""
    shutil.copytree(root / "rules", tmp_path / "rules")
    shutil.copytree(root / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def results(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# -- check --------------------------------------------------------------------------------------

def test_check_passes_on_the_rules_and_prints_the_pending_warnings(capsys, root, monkeypatch):
    monkeypatch.chdir(root)                 # the default --rules is ./rules
    code, out, err = regc(capsys, "check", "--verbose")   # warnings are listed in full with --verbose only
    assert code == 0
    assert out == ""
    warnings = re.findall(r"^rules/\S+:\d+:\d+: warning\[W0301\]: .+$", err, re.MULTILINE)
    assert len(warnings) >= 1
    assert any(re.fullmatch(r"rules/circular-02-2021/appendices\.rules:\d+:7: warning\[W0301\]: table `appendix_01`: "
                            r"20 of 20 cells are pending \(1 combined value known\)", line) for line in warnings)
    assert re.search(r"^regc: \d+ rule files, 0 errors, \d+ warnings$", err, re.MULTILINE)


def test_check_fails_on_a_broken_copy_with_one_located_line_per_error(capsys, project):
    chapter = project / CHAPTER_2
    replace_in(chapter, "certify 4.1.a by presiding_person, presiding_agency", "certify 4.1.a by presiding_persn, presiding_agency")
    replace_in(chapter, "certify 4.1.i by judge, court_clerk", "certify 4.1.i by judge, court_clerck")
    lines = chapter.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, start=1) if "presiding_persn" in line)
    col = lines[first - 1].index("presiding_persn") + 1
    code, _, err = regc(capsys, "--rules", project / "rules", "check")
    assert code == 1
    errors = re.findall(r"^(rules/\S+):(\d+):(\d+): error\[(E\d{4})\]: (.+)$", err, re.MULTILINE)
    assert len(errors) == 2
    assert errors[0] == (CHAPTER_2, str(first), str(col), "E0101", "`presiding_persn` is not a certifier role")
    assert errors[1][3:] == ("E0101", "`court_clerck` is not a certifier role")
    block = err[err.index(f"{CHAPTER_2}:{first}:{col}"):].splitlines()
    assert block[1] == f" {first} | {lines[first - 1]}"
    assert block[2] == " " * (len(str(first)) + 2) + "| " + " " * (col - 1) + "^" * len("presiding_persn")
    assert block[3] == "help: did you mean `presiding_person` or `presiding_agency`?"
    assert re.search(r"^regc: \d+ rule files, 2 errors, \d+ warnings$", err, re.MULTILINE)


def test_check_with_a_missing_rules_folder_is_a_usage_error(capsys, tmp_path):
    code, _, err = regc(capsys, "--rules", tmp_path / "nowhere", "check")
    assert code == 2
    assert "no rules folder" in err


def test_no_command_is_a_usage_error(capsys):
    code, _, err = regc(capsys)
    assert code == 2
    assert "usage: regc" in err


# -- build and build --check ----------------------------------------------------------------------

def test_build_on_broken_rules_writes_nothing(capsys, project):
    replace_in(project / CHAPTER_2, "session_hours 4", "session_hours 4 4")
    before = snapshot(project / "generated")
    code, _, err = regc(capsys, "--rules", project / "rules", "build")
    assert code == 1
    assert "error[E0001]" in err and "regc: nothing was written" in err
    assert snapshot(project / "generated") == before


def test_build_on_broken_rules_does_not_create_generated(capsys, project):
    shutil.rmtree(project / "generated")
    replace_in(project / CHAPTER_2, "certify 4.1.a by presiding_person", "certify 4.1.a by nobody")
    code, _, _ = regc(capsys, "--rules", project / "rules", "build")
    assert code == 1
    assert not (project / "generated").exists()


def test_build_writes_generated_and_build_check_then_agrees(capsys, project):
    shutil.rmtree(project / "generated")
    code, _, err = regc(capsys, "--rules", project / "rules", "build")
    assert code == 0, err
    assert (project / MODULE).is_file()
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check")
    assert code == 0, err
    assert "up to date" in err


def test_build_counts_the_warnings_by_kind_and_lists_them_with_verbose(capsys, project):
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check")
    assert code == 0, err
    assert "warning[" not in err
    assert re.search(r"^regc: \d+ warnings?: W0301 pending ×\d+ \(run with --verbose to list them\)$", err, re.MULTILINE), err
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check", "--verbose")
    assert code == 0, err
    assert re.search(r"^rules/\S+:\d+:\d+: warning\[W0301\]: ", err, re.MULTILINE), err


def test_build_check_lists_an_edited_generated_file(capsys, project):
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    with (project / MODULE).open("a", encoding="utf-8") as handle:
        handle.write("# a hand edit\n")
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check")
    assert code == 1
    assert f"stale: {MODULE}" in err.splitlines()


def test_build_check_lists_the_module_after_a_rule_value_changes(capsys, project):
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    before = snapshot(project / "generated")
    replace_in(project / "rules/decree-144-2017/decree.rules", "value 0.38 from 2018-01-01", "value 0.39 from 2018-01-01")
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check")
    assert code == 1
    assert f"stale: {MODULE}" in err.splitlines()
    assert "worked example(s) differ" in err               # the rate is in figures the examples state
    assert snapshot(project / "generated") == before      # --check writes nothing


def test_build_refuses_to_publish_figures_a_worked_example_no_longer_gives(capsys, project):
    """The docs show each worked example's figures: a build that would contradict them writes nothing
    and says which examples to look at; `regc test --update` takes the new figures, then build writes."""
    replace_in(project / "rules/decree-144-2017/decree.rules", "value 0.38 from 2018-01-01", "value 0.39 from 2018-01-01")
    before = snapshot(project / "generated")
    code, _, err = regc(capsys, "--rules", project / "rules", "build")
    assert code == 1
    assert re.search(r"^regc: worked example \S+\.yaml \(.+\) no longer agrees with the rules:$", err, re.MULTILINE)
    assert "nothing was written" in err
    assert snapshot(project / "generated") == before
    assert regc(capsys, "--rules", project / "rules", "test", "--update")[0] == 0
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    assert snapshot(project / "generated") != before


def test_build_check_lists_a_left_over_file(capsys, project):
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    (project / "generated/python/old_circular.py").write_text("# from an instrument since removed\n", encoding="utf-8")
    code, _, err = regc(capsys, "--rules", project / "rules", "build", "--check")
    assert code == 1
    assert "stale: generated/python/old_circular.py" in err.splitlines()
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    assert not (project / "generated/python/old_circular.py").exists()


def test_building_twice_gives_the_same_bytes(capsys, project):
    assert regc(capsys, "--rules", project / "rules", "build")[0] == 0
    first = snapshot(project / "generated")
    code, _, err = regc(capsys, "--rules", project / "rules", "build")
    assert code == 0
    assert snapshot(project / "generated") == first
    assert "0 changed" in err


def test_the_committed_generated_folder_is_what_the_rules_build(root):
    """The CI staleness check: a clean build of rules/ equals generated/ byte for byte."""
    compilation = compile_rules(root / "rules")
    assert compilation.ok
    stale = output.stale_files(root, compilation.outputs)
    assert stale == [], f"generated/ is stale ({', '.join(stale)}): run `regc build` and commit"
    for name, text in compilation.outputs.items():
        assert (root / name).read_bytes() == text.encode("utf-8"), name


# -- validate: the shared example cases -------------------------------------------------------------

def _expected_examples() -> list[str]:
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "examples" / "expected.json"
    return sorted(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else ["(shared examples missing)"]


@pytest.mark.parametrize("name", _expected_examples())
def test_validate_gives_the_hand_computed_results_of_the_shared_examples(capsys, rules_dir, shared_dir, name):
    """/work/shared/examples: status, sessions_payable, amount_vnd, base_salary_vnd and codes, and the
    exit status the examples' README states (1 when a case is rejected, else 0)."""
    expected = json.loads((shared_dir / "examples" / "expected.json").read_text(encoding="utf-8"))[name]
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", shared_dir / "examples" / name)
    got = results(out)
    assert len(got) == len(expected)
    for result, want in zip(got, expected):
        for key in ("status", "sessions_payable", "amount_vnd", "base_salary_vnd"):
            if key in want:
                assert result[key] == want[key], key
        assert set(want.get("codes", [])) <= {f["code"] for f in result["findings"]}
    assert code == (1 if any(w["status"] == "rejected" for w in expected) else 0)
    assert "Traceback" not in err


# -- validate: streams, formats, standard input -----------------------------------------------------

BASIC = """\
case_id: "{id}"
form: "proceedings"
proceeding: "criminal"
method: "actual_sessions"
assigned_on: 2024-03-04
payment_date: 2024-09-10
providers:
  - id: "P1"
    kind: "lawyer"
entries:
  - date: 2024-03-05
    provider: "P1"
    activity: "4.1.a"
    certified_by: "{certifier}"
    hours: 2
  - date: 2024-05-20
    provider: "P1"
    activity: "4.1.i"
    certified_by: "judge"
    hours: 5
"""


def basic(case_id: str, certifier: str = "presiding_agency") -> str:
    return BASIC.format(id=case_id, certifier=certifier)


def basic_dict(case_id: str, certifier: str = "presiding_agency") -> dict:
    return {"case_id": case_id, "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
            "assigned_on": "2024-03-04", "payment_date": "2024-09-10", "providers": [{"id": "P1", "kind": "lawyer"}],
            "entries": [{"date": "2024-03-05", "provider": "P1", "activity": "4.1.a", "certified_by": certifier, "hours": 2},
                        {"date": "2024-05-20", "provider": "P1", "activity": "4.1.i", "certified_by": "judge", "hours": 5}]}


def test_a_yaml_stream_gives_json_lines_in_input_order(capsys, rules_dir, tmp_path):
    stream = tmp_path / "batch.yaml"
    stream.write_text(basic("C") + "---\n" + basic("A", certifier="legal_aid_center") + "---\n" + basic("B") + "---\n",
                      encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", stream)
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("{") for line in lines)
    got = [json.loads(line) for line in lines]
    assert [(r["case_id"], r["status"]) for r in got] == [("C", "ok"), ("A", "rejected"), ("B", "ok")]
    assert got[0]["sessions_payable"] == 2   # 2 + 5 = 7 h: one session and 3 h left over, one more
    assert code == 1


def test_a_jsonl_file_gives_json_lines_in_input_order(capsys, rules_dir, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(basic_dict(i)) + "\n" for i in ("3", "1", "2")), encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", path)
    assert [r["case_id"] for r in results(out)] == ["3", "1", "2"]
    assert code == 0


def test_several_files_are_validated_in_the_order_given(capsys, rules_dir, tmp_path):
    (tmp_path / "b.yaml").write_text(basic("B"), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(basic_dict("A")), encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", tmp_path / "b.yaml", tmp_path / "a.json")
    assert [r["case_id"] for r in results(out)] == ["B", "A"]
    assert code == 0


def test_a_dash_reads_the_cases_from_standard_input(capsys, rules_dir, monkeypatch):
    data = (basic("IN-1") + "---\n" + basic("IN-2", certifier="court_clerk")).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", "-")
    assert [(r["case_id"], r["status"]) for r in results(out)] == [("IN-1", "ok"), ("IN-2", "rejected")]
    assert code == 1


def test_a_dash_reads_json_lines_from_standard_input(capsys, rules_dir, monkeypatch):
    data = "".join(json.dumps(basic_dict(i)) + "\n" for i in ("J1", "J2")).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", "-")
    assert [r["case_id"] for r in results(out)] == ["J1", "J2"]
    assert code == 0


def test_a_dash_reads_one_pretty_printed_json_case_from_standard_input(capsys, rules_dir, monkeypatch):
    """`regc validate - < case.json`: one JSON document over several lines is one case, not one per line."""
    data = json.dumps(basic_dict("PRETTY"), indent=2).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", "-")
    assert [(r["case_id"], r["status"]) for r in results(out)] == [("PRETTY", "ok")]
    assert code == 0


@pytest.mark.parametrize("suffix", [".yaml", ".jsonl", ".json"])
def test_a_case_that_is_not_utf8_costs_that_case_only(capsys, rules_dir, tmp_path, suffix):
    """Issue 10: bytes are decoded a line (a document, an array element) at a time; a case that is not
    UTF-8 is one INVALID_CASE result naming its line, and the cases around it are all read."""
    good = json.loads(SHARED_LIKE_CASE)
    cases = [dict(good, case_id=f"G-{n}") for n in range(3)]
    texts = [json.dumps(c, ensure_ascii=False).encode("utf-8") for c in cases]
    texts[1] = texts[1].replace("G-1".encode(), "café".encode("latin-1"))
    path = tmp_path / f"latin1{suffix}"
    if suffix == ".yaml":
        path.write_bytes(b"\n---\n".join(texts) + b"\n")
    elif suffix == ".jsonl":
        path.write_bytes(b"\n".join(texts) + b"\n")
    else:
        path.write_bytes(b"[\n" + b",\n".join(texts) + b"\n]\n")
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", path)
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and err == ""
    assert [r["case_id"] for r in results] == ["G-0", None, "G-2"]
    [finding] = results[1]["findings"]
    assert finding["code"] == "INVALID_CASE" and finding["message"].startswith(f"{path}:") and "not UTF-8" in finding["message"]


def test_the_text_format_shows_figures_findings_and_a_numbered_trace_with_citations(capsys, rules_dir, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(basic("T-1", certifier="legal_aid_center"), encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "text", path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Case T-1: REJECTED"
    assert "  sessions: 1.5 declared, 1.5 payable" in lines      # 5 h: one session and 1 h (half a session)
    assert "  base salary: 2,340,000 đồng" in lines
    assert "  amount: 1,333,800 đồng" in lines                   # 1.5 x 0.38 x 2,340,000
    assert any(re.fullmatch(r"    error CERTIFIER_NOT_ALLOWED \[02/2021/TT-BTP 4\.3\.a\] entry 0: .+", line) for line in lines)
    trace = [line for line in lines[lines.index("  how the figures were reached:") + 1:] if line.strip()]
    numbers = [int(re.match(r"    (\d+)\. \[[^\]]+\] \S", line).group(1)) for line in trace]
    assert numbers == list(range(1, len(trace) + 1)) and len(trace) >= 3
    assert any("[02/2021/TT-BTP 3.2]" in line for line in trace)
    assert any("[144/2017/NĐ-CP 13.1]" in line for line in trace)


# -- validate: broken cases, missing files ----------------------------------------------------------

BROKEN = {
    "missing-case-id": (basic("X").replace('case_id: "X"\n', ""), "case_id"),
    "wrong-type": (basic("X").replace("    hours: 5\n", '    hours: "five"\n'), "entries[1].hours"),
    "impossible-date": (basic("X").replace("assigned_on: 2024-03-04", "assigned_on: 2024-02-30"), "assigned_on"),
    "impossible-entry-date": (basic("X").replace("date: 2024-05-20", "date: 2024-02-30"), "entries[1].date"),
    "unknown-key": (basic("X") + "colour: red\n", "colour"),
    "python-tag": (basic("X").replace('form: "proceedings"', 'form: !!python/object/apply:os.system ["touch PWNED"]'), "form"),
}


@pytest.mark.parametrize("text, field", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_case_gives_one_invalid_case_result_naming_the_field(capsys, rules_dir, tmp_path, monkeypatch, text, field):
    """Contract §3: never a traceback; one rejected result whose INVALID_CASE finding names the field."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", path)
    assert not (tmp_path / "PWNED").exists()
    assert "Traceback" not in err
    [result] = results(out)
    assert result["status"] == "rejected"
    assert [f["code"] for f in result["findings"]] == ["INVALID_CASE"]
    finding = result["findings"][0]
    assert finding["field"] == field or re.search(rf"\b{re.escape(field)}\b", finding["message"]), finding
    assert code == 1


BROKEN_IN_A_STREAM = {
    "refused-tag": 'form: !!python/object/apply:os.system ["touch PWNED"]',
    "yaml-syntax": "form: [unclosed",
}


@pytest.mark.parametrize("broken_form", BROKEN_IN_A_STREAM.values(), ids=BROKEN_IN_A_STREAM.keys())
def test_a_broken_document_in_a_yaml_stream_does_not_stop_the_documents_after_it(
        capsys, rules_dir, tmp_path, monkeypatch, broken_form):
    """cases.py: "A document that cannot be read yields a Broken item ...; the documents around it are
    still read." A batch must not lose its later cases silently."""
    monkeypatch.chdir(tmp_path)
    middle = basic("MIDDLE").replace('form: "proceedings"', broken_form)
    path = tmp_path / "batch.yaml"
    path.write_text(basic("FIRST") + "---\n" + middle + "---\n" + basic("LAST"), encoding="utf-8")
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", path)
    assert not (tmp_path / "PWNED").exists()
    got = results(out)
    assert [r["status"] for r in got] == ["ok", "rejected", "ok"]
    assert [got[0]["case_id"], got[2]["case_id"]] == ["FIRST", "LAST"]
    assert code == 1


def test_a_missing_file_exits_2_with_a_message(capsys, rules_dir, tmp_path):
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", tmp_path / "nowhere.yaml")
    assert code == 2
    assert out == ""
    assert "regc: cannot read" in err and "nowhere.yaml" in err


def test_a_missing_file_among_good_ones_still_validates_the_others(capsys, rules_dir, tmp_path):
    (tmp_path / "good.yaml").write_text(basic("G"), encoding="utf-8")
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--format", "json",
                          tmp_path / "nowhere.yaml", tmp_path / "good.yaml")
    assert code == 2
    assert [r["case_id"] for r in results(out)] == ["G"]


def test_a_broken_line_in_a_jsonl_file_does_not_stop_the_lines_around_it(capsys, rules_dir, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(basic_dict("before")) + "\n{\"case_id\": \"half\n" + json.dumps(basic_dict("after")) + "\n",
                    encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", path)
    got = results(out)
    assert [(r["case_id"], r["status"]) for r in got] == [("before", "ok"), (None, "rejected"), ("after", "ok")]
    [finding] = got[1]["findings"]
    assert finding["code"] == "INVALID_CASE" and "batch.jsonl:2" in finding["message"]
    assert code == 1


# -- test (worked examples) -------------------------------------------------------------------------

def test_regc_test_passes_on_the_rules(capsys, rules_dir):
    code, out, _ = regc(capsys, "--rules", rules_dir, "test")
    assert code == 0
    assert re.search(r"^\d+ passed, 0 failed$", out, re.MULTILINE)
    assert "ok   " in out and "FAIL" not in out


EXAMPLE = "rules/circular-02-2021/examples/art03-sessions.yaml"


def test_regc_test_fails_when_an_expectation_is_wrong(capsys, project):
    replace_in(project / EXAMPLE, "amount_vnd: 2223000", "amount_vnd: 1")
    code, out, _ = regc(capsys, "--rules", project / "rules", "test")
    assert code == 1
    assert "    amount_vnd: expected 1, got 2223000" in out.splitlines()


def test_regc_test_update_rewrites_the_expectation_keeping_comments_and_key_order(capsys, project):
    path = project / EXAMPLE
    original = path.read_text(encoding="utf-8")
    replace_in(path, "amount_vnd: 2223000", "amount_vnd: 1")
    code, out, _ = regc(capsys, "--rules", project / "rules", "test", "--update")
    assert code == 0
    assert "UPDATED" in out
    updated = path.read_text(encoding="utf-8")
    assert "amount_vnd: 2223000" in updated
    comments = [line for line in original.splitlines() if line.startswith("#")]
    assert [line for line in updated.splitlines() if line.startswith("#")] == comments
    top_keys = [line.split(":")[0] for line in updated.splitlines() if re.match(r"^\w+:", line)]
    assert top_keys == ["name", "exercises", "case", "expect"]
    expect_keys = [line.split(":")[0].strip() for line in updated.split("\nexpect:\n")[1].splitlines()]
    assert expect_keys == ["status", "sessions_payable", "amount_vnd", "base_salary_vnd", "codes"]
    assert regc(capsys, "--rules", project / "rules", "test")[0] == 0


def test_regc_test_update_changes_only_the_expectation(capsys, project):
    """An update is reviewed in a diff: lines outside `expect` (the case) must stay as the drafter wrote them."""
    path = project / EXAMPLE
    original = path.read_text(encoding="utf-8")
    replace_in(path, "amount_vnd: 2223000", "amount_vnd: 1")
    assert regc(capsys, "--rules", project / "rules", "test", "--update")[0] == 0
    assert path.read_text(encoding="utf-8") == original


# -- the console script -----------------------------------------------------------------------------

def test_the_installed_console_script_runs(root):
    script = root / ".venv" / "bin" / "regc"
    if not script.exists():
        pytest.skip("the console script is installed by `python3 dev.py test` into .venv/bin/regc")
    run = subprocess.run([str(script), "check"], cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^regc: \d+ rule files, 0 errors, \d+ warnings$", run.stderr, re.MULTILINE)
    version = subprocess.run([str(script), "--version"], cwd=root, capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"regc {compiler.__version__}"


# -- readings of the law (the choices the rules offer) -------------------------------------------

def test_validate_reads_the_law_another_way_when_asked(capsys, rules_dir, root):
    """Art. 3.2: 2 + 5 + 3 hours are 2.5 sessions added up (the default), 3 rounded occasion by occasion."""
    case = root / "examples" / "cases" / "criminal-lawyer.yaml"
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", case)
    assert code == 0 and results(out)[0]["sessions_payable"] == 2.5
    code, out, _ = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", "--reading",
                        "odd_hours=per_occasion", case)
    assert code == 0 and results(out)[0]["sessions_payable"] == 3


@pytest.mark.parametrize("reading, message", [
    ("odd_hours=hourly", "regc: choice `odd_hours` has no option `hourly` (options: cumulative, per_occasion)"),
    ("odd_hour=per_occasion", "regc: the rules have no choice `odd_hour` (choices: odd_hours)")])
def test_a_reading_the_rules_do_not_offer_is_a_usage_error(capsys, rules_dir, root, reading, message):
    case = root / "examples" / "cases" / "criminal-lawyer.yaml"
    code, out, err = regc(capsys, "--rules", rules_dir, "validate", "--reading", reading, case)
    assert (code, out, err.strip()) == (2, "", message)


def test_impact_compares_two_readings_of_the_same_rules(capsys, rules_dir, root):
    code, out, err = regc(capsys, "impact", rules_dir, rules_dir, root / "examples" / "cases",
                          "--reading-b", "odd_hours=per_occasion", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["b"].endswith("read with odd_hours=per_occasion")
    assert report["changed"] == 1 and report["total_delta_vnd"] == 2_667_600 - 2_223_000


def test_a_worked_example_may_ask_for_a_reading(capsys, rules_dir):
    code, out, _ = regc(capsys, "--rules", rules_dir, "test")
    assert code == 0
    assert re.search(r"^ok   .*art03-sessions-per-occasion\.yaml", out, re.M)


# -- the product stands on its own ---------------------------------------------------------------

def test_no_file_of_the_product_names_a_machine_path_or_the_workbench(root):
    """rules/, compiler/, generated/, examples/ and the README cite public sources, never a folder of the
    machine they were written on or the team's workbench beside the project."""
    forbidden = re.compile(r"/work/|\.\./shared|shared/(spec|examples|seeds|law)|regulation-facts|/home/|/tmp/")
    found = []
    for folder in ("rules", "compiler", "generated", "examples", "benchmarks"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".png",):
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{path.relative_to(root)}: {m.group(0)}" for m in forbidden.finditer(text)]
    text = (root / "README.md").read_text(encoding="utf-8")
    found += [f"README.md: {m.group(0)}" for m in forbidden.finditer(text)]
    assert found == []


# -- what the backends cannot compute, and regc's own bugs (issue 9) ------------------------------

def test_a_method_the_validators_cannot_compute_is_a_located_error_at_check_time(capsys, project):
    replace_in(project / "rules/vocabulary.rules", '  - fixed_time en "Fixed working time for the case (Art. 9)" vi "Khoán chi vụ việc"',
               '  - fixed_time en "Fixed working time for the case (Art. 9)" vi "Khoán chi vụ việc"\n'
               '  - lump_sum en "A lump sum (invented)" vi "Trọn gói"')
    replace_in(project / "rules/circular-02-2021/chapter-3-fixed-time.rules", "      method fixed_time for proceedings",
               "      method fixed_time for proceedings\n      method lump_sum for extrajudicial")
    for command in ("check", "build"):
        code, _, err = regc(capsys, "--rules", project / "rules", command)
        assert code == 1 and "Traceback" not in err
        assert re.search(r"^rules/circular-02-2021/chapter-3-fixed-time\.rules:\d+:\d+: error\[E0213\]: .*lump_sum", err, re.MULTILINE), err


def test_an_internal_error_is_one_line_with_exit_3_and_the_traceback_on_request(capsys, monkeypatch):
    def broken(args, rules):
        raise RuntimeError("something regc did not expect")

    monkeypatch.setattr(cli, "cmd_check", broken)
    code, out, err = regc(capsys, "check")
    assert code == cli.EXIT_INTERNAL == 3
    assert err.splitlines()[0] == "regc: internal error: RuntimeError: something regc did not expect"
    assert "--traceback" in err and "Traceback" not in err and out == ""
    with pytest.raises(RuntimeError):
        cli.main(["--traceback", "check"])


# -- regc validate --jobs ------------------------------------------------------------------------

def test_validate_with_workers_gives_the_same_bytes_in_the_same_order(capsys, root):
    corpus = sorted(str(p) for p in (root / "examples" / "corpus").glob("*.jsonl"))
    one = regc(capsys, "--rules", root / "rules", "validate", "--format", "json", *corpus)
    two = regc(capsys, "--rules", root / "rules", "validate", "--format", "json", "--jobs", "2", *corpus)
    assert one[0] == two[0] and one[1] == two[1]
    ids = [json.loads(line)["case_id"] for line in two[1].splitlines()]
    assert len(ids) > 400 and ids[:2] == [json.loads(line)["case_id"] for line in
                                          (root / "examples" / "corpus" / Path(corpus[0]).name).read_text(encoding="utf-8").splitlines()[:2]]


def test_a_batch_in_text_ends_with_its_counts(capsys, root, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = (root / "examples" / "corpus" / "synthetic.jsonl").read_text(encoding="utf-8").splitlines()[:30]
    batch.write_text("\n".join(lines + ['{"case_id": "broken"']) + "\n", encoding="utf-8")
    code, out, _ = regc(capsys, "--rules", root / "rules", "validate", "--format", "text", batch)
    assert code == 1
    last = out.rstrip().splitlines()[-1]
    assert re.fullmatch(r"31 cases: \d+ ok, \d+ rejected", last), last
    assert f"{batch}:31" in out   # the broken line is named by file and line


def test_a_command_in_a_module_of_its_own_is_listed_with_its_own_words_and_loaded_only_to_run():
    """`regc --help` lists table, fmt, lsp and explain without importing them; each one's line there is
    the help its module gives, and `regc validate` of good cases with a fresh module imports none of them,
    nor the message catalog (it says nothing) nor the compiler, nor what only slows it down: dataclasses
    (and with them inspect), shutil (argparse's way to the terminal's width), tokenize (linecache's)."""
    import argparse
    import importlib

    for name, module_name in cli.MODULE_COMMANDS.items():
        summary = cli.COMMANDS[name][0]
        parsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"compiler.{module_name}").add_parser(parsers)
        [action] = [a for a in parsers._choices_actions if a.dest == name]
        assert action.help == summary, name
    code = (f"import sys; from compiler import cli; cli.main(['--rules', {str(ROOT / 'rules')!r}, 'validate', "
            f"'--format', 'json', {str(ROOT / 'examples' / 'cases' / 'criminal-lawyer.yaml')!r}]); "
            "loaded = [m for m in ('compiler.tables', 'compiler.fmt', 'compiler.lsp', 'compiler.explain', 'tqdm', "
            "'openpyxl', 'pygls', 'compiler.messages', 'compiler.pipeline', 'dataclasses', 'shutil', 'tokenize') "
            "if m in sys.modules]; "
            "print(loaded, file=sys.stderr)")
    for _ in range(2):   # the second run finds the module's compiled code in the user's cache (writing it imports tempfile)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert run.returncode == 0, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "[]"
