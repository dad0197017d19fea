"""`regc check` output: text with the warnings counted by kind (--verbose lists them, -q shows errors
only), JSON, SARIF 2.1.0 validated against the OASIS schema, and messages in Vietnamese (--lang vi or
a Vietnamese locale).

Commands run in-process through `compiler.cli.main([...])`; broken rules are copies in tmp_path.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from programs import regc

from compiler.codes import CODES
from compiler.diagnostics import Diagnostic, Label, Severity, render
from compiler.source import SourceFile

SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"

# Errors of the checks (a point certified that is no activity, with a hint; the hours of a session said
# twice, pointing back at the first) and two pending provisions (warnings): the checks report both.
BROKEN = '''\
instrument "99/2021/TT-TEST" { kind circular }
article 2 {
  clause 1 { pending "Not recovered." }
  clause 2 { pending "Nor this one." }
}
article 3 {
  clause 1 {
    session_hours 4
    remainder under 4 counts 1
  }
  clause 2 { session_hours 4 }
}
article 4 {
  clause 1 {
    point a { activity in criminal }
    point b { informative "Not an activity." }
  }
  clause 3 { certify 4.1.a, 4.1.b by judge }
}
'''
NOT_ACTIVITY = "99/2021/TT-TEST 4.1.b is not an activity, so it has no certifier"
NOT_ACTIVITY_VI = "99/2021/TT-TEST 4.1.b không phải là hoạt động, nên không có người xác nhận"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The tests read English unless they ask for Vietnamese, whatever the machine's locale."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def broken(tmp_path, root) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(root / "rules" / "vocabulary.rules", rules / "vocabulary.rules")
    (rules / "circular.rules").write_text(BROKEN, encoding="utf-8")
    return rules


def with_pending_only(broken: Path) -> Path:
    """The broken rules with their errors mended: only the two pending warnings are left."""
    text = BROKEN.replace("  clause 2 { session_hours 4 }\n", "").replace("4.1.a, 4.1.b", "4.1.a")
    (broken / "circular.rules").write_text(text, encoding="utf-8")
    return broken


# -- text ------------------------------------------------------------------------------------------

def test_warnings_are_counted_by_kind_in_one_line_by_default(capsys, root, monkeypatch):
    monkeypatch.chdir(root)
    code, out, err = regc(capsys, "check")
    assert code == 0 and out == ""
    assert "warning[" not in err
    count = int(re.search(r"^regc: \d+ rule files, 0 errors, (\d+) warnings$", err, re.MULTILINE).group(1))
    assert err.splitlines()[0] == f"regc: {count} warnings: W0301 pending ×{count} (run with --verbose to list them)"


def test_verbose_lists_every_warning_in_full(capsys, root, monkeypatch):
    monkeypatch.chdir(root)
    code, _, err = regc(capsys, "check", "--verbose")
    assert code == 0
    listed = re.findall(r"^rules/\S+:\d+:\d+: warning\[W0301\]: .+$", err, re.MULTILINE)
    count = int(re.search(r"^regc: \d+ rule files, 0 errors, (\d+) warnings$", err, re.MULTILINE).group(1))
    assert len(listed) == count >= 1
    assert "run with --verbose" not in err


def test_errors_are_always_in_full_and_the_warnings_counted(capsys, broken):
    code, out, err = regc(capsys, "--rules", broken, "check")
    assert code == 1 and out == ""
    assert re.findall(r"^rules/circular\.rules:(\d+):\d+: (error|warning)\[(\w+)\]", err, re.MULTILINE) == [
        ("11", "error", "E0207"), ("18", "error", "E0202")]
    assert "  note: rules/circular.rules:8:5: first said here" in err
    assert "help: add `activity in ...` to point 4.1.b, or cite another point" in err
    assert err.splitlines()[-2:] == ["regc: 2 warnings: W0301 pending ×2 (run with --verbose to list them)",
                                     "regc: 2 rule files, 2 errors, 2 warnings"]


def test_kinds_of_warnings_are_counted_each(capsys, broken):
    with_pending_only(broken)
    text = (broken / "circular.rules").read_text(encoding="utf-8")
    (broken / "circular.rules").write_text(text.replace("{ activity in criminal }",
                                                        '{ text en "Interrogation." activity in criminal }'), encoding="utf-8")
    code, _, err = regc(capsys, "--rules", broken, "check")
    assert code == 0
    assert err.splitlines() == [
        "regc: 3 warnings: W0301 pending ×2, W0302 missing-translation ×1 (run with --verbose to list them)",
        "regc: 2 rule files, 0 errors, 3 warnings"]


def test_quiet_prints_the_errors_only(capsys, broken, root, monkeypatch):
    code, _, err = regc(capsys, "--rules", broken, "check", "-q")
    assert code == 1
    assert [line for line in err.splitlines() if re.match(r"^rules/.*: (error|warning)\[", line)] == [
        "rules/circular.rules:11:14: error[E0207]: this is already said at 99/2021/TT-TEST 3.1",
        f"rules/circular.rules:18:29: error[E0202]: {NOT_ACTIVITY}"]
    assert "warning" not in err and not err.startswith("regc:") and "rule files" not in err
    monkeypatch.chdir(root)
    assert regc(capsys, "check", "-q") == (0, "", "")     # nothing to say when there is no error


# -- json ------------------------------------------------------------------------------------------

def test_json_is_a_list_of_diagnostics_on_standard_output(capsys, broken):
    code, out, err = regc(capsys, "--rules", broken, "check", "--format", "json")
    assert code == 1
    diagnostics = json.loads(out)
    assert [(d["code"], d["severity"], d["line"]) for d in diagnostics] == [
        ("W0301", "warning", 3), ("W0301", "warning", 4), ("E0207", "error", 11), ("E0202", "error", 18)]
    assert diagnostics[3] == {
        "code": "E0202", "severity": "error", "message": NOT_ACTIVITY,
        "file": "rules/circular.rules", "line": 18, "column": 29, "end": {"line": 18, "column": 34},
        "hint": "add `activity in ...` to point 4.1.b, or cite another point", "related": []}
    assert diagnostics[2]["related"] == [{"file": "rules/circular.rules", "line": 8, "column": 5,
                                          "end": {"line": 8, "column": 20}, "message": "first said here"}]
    assert diagnostics[0]["hint"] is None
    assert "error[" not in err and re.search(r"^regc: 2 rule files, 2 errors, 2 warnings$", err, re.MULTILINE)


def test_json_with_quiet_holds_the_errors_only(capsys, broken):
    _, out, _ = regc(capsys, "--rules", broken, "check", "--format", "json", "-q")
    assert [d["code"] for d in json.loads(out)] == ["E0207", "E0202"]


def test_json_of_good_rules_is_an_empty_list_with_quiet(capsys, broken):
    with_pending_only(broken)
    code, out, _ = regc(capsys, "--rules", broken, "check", "--format", "json", "-q")
    assert (code, json.loads(out)) == (0, [])


# -- sarif -----------------------------------------------------------------------------------------

def sarif_of(capsys, *argv) -> tuple[int, dict]:
    code, out, _ = regc(capsys, *argv)
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    return code, log


def test_sarif_is_valid_sarif_2_1_0_with_every_code_as_a_rule(capsys, broken):
    code, log = sarif_of(capsys, "--rules", broken, "check", "--format", "sarif")
    assert code == 1
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "regc"
    assert [rule["id"] for rule in driver["rules"]] == list(CODES)
    unknown = next(rule for rule in driver["rules"] if rule["id"] == "E0101")
    assert unknown["name"] == "unknown-name"
    assert unknown["shortDescription"]["text"] == CODES["E0101"].description
    assert unknown["fullDescription"]["text"].startswith("A name that no vocabulary")
    assert unknown["help"]["text"].startswith("Correct the spelling")
    assert unknown["defaultConfiguration"] == {"level": "error"}
    assert next(r for r in driver["rules"] if r["id"] == "W0301")["defaultConfiguration"] == {"level": "warning"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == broken.parent.resolve().as_uri() + "/"


def test_sarif_results_are_located_with_their_level_and_hint(capsys, broken):
    _, log = sarif_of(capsys, "--rules", broken, "check", "--format", "sarif")
    [run] = log["runs"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("W0301", "warning"), ("W0301", "warning"), ("E0207", "error"), ("E0202", "error")]
    not_activity = results[3]
    assert run["tool"]["driver"]["rules"][not_activity["ruleIndex"]]["id"] == "E0202"
    assert not_activity["message"]["text"] == f"{NOT_ACTIVITY}\nadd `activity in ...` to point 4.1.b, or cite another point"
    assert not_activity["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "rules/circular.rules", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 18, "startColumn": 29, "endLine": 18, "endColumn": 34}}}]
    twice = results[2]
    assert [(r["physicalLocation"]["region"]["startLine"], r["message"]["text"]) for r in twice["relatedLocations"]] == [
        (8, "first said here")]
    assert results[0]["message"]["text"] == "99/2021/TT-TEST 2.1 is pending: Not recovered."


def test_sarif_of_the_project_rules_is_valid_too(capsys, root, monkeypatch):
    monkeypatch.chdir(root)
    code, log = sarif_of(capsys, "check", "--format", "sarif")
    assert code == 0 and {r["ruleId"] for r in log["runs"][0]["results"]} == {"W0301"}


def test_sarif_columns_count_characters_in_vietnamese_lines(capsys, broken):
    """A name after Vietnamese words: its column counts characters, as columnKind says."""
    with_pending_only(broken)
    (broken / "more.rules").write_text('part of "99/2021/TT-TEST"\narticle 5 {\n  clause 1 {\n'
                                       '    point a { text vi "Tham gia hỏi cung bị can" activity in crimnal }\n  }\n}\n',
                                       encoding="utf-8")
    _, log = sarif_of(capsys, "--rules", broken, "check", "--format", "sarif", "-q")
    [result] = log["runs"][0]["results"]
    line = (broken / "more.rules").read_text(encoding="utf-8").splitlines()[3]
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == line.index("crimnal") + 1


# -- Vietnamese ----------------------------------------------------------------------------------

def test_lang_vi_words_the_messages_hints_and_counts_in_vietnamese(capsys, broken):
    (broken / "syntax.rules").write_text('part of "99/2021/TT-TEST"\narticle 6 {\n  clause 1 {\n    certfy 4.1.a by judge\n',
                                         encoding="utf-8")
    code, _, err = regc(capsys, "--rules", broken, "check", "--lang", "vi")
    assert code == 1
    assert "rules/syntax.rules:2:1: error[E0001]: `article 6` chưa được đóng: dấu `{` ở dòng 2 không có dấu `}` tương ứng" in err
    assert "gợi ý: có phải ý bạn là `certify`?" in err
    assert err.splitlines()[-1] == "regc: 3 tệp quy tắc, 3 lỗi, 0 cảnh báo"


def test_the_checks_word_their_messages_hints_and_notes_in_vietnamese(capsys, broken):
    code, _, err = regc(capsys, "--rules", broken, "check", "--lang", "vi")
    assert code == 1
    assert f"rules/circular.rules:18:29: error[E0202]: {NOT_ACTIVITY_VI}" in err
    assert "gợi ý: thêm `activity in ...` vào điểm 4.1.b, hoặc trích dẫn một điểm khác" in err
    assert "rules/circular.rules:11:14: error[E0207]: điều này đã được quy định tại 99/2021/TT-TEST 3.1" in err
    assert "  xem: rules/circular.rules:8:5: quy định lần đầu ở đây" in err
    assert "regc: 2 cảnh báo: W0301 pending ×2 (chạy với --verbose để xem từng cảnh báo)" in err
    assert err.splitlines()[-1] == "regc: 2 tệp quy tắc, 2 lỗi, 2 cảnh báo"
    assert "certifier" not in err and "first said here" not in err


def test_a_message_not_yet_in_vietnamese_says_its_kind_in_vietnamese_then_the_english(tmp_path):
    # Every pass words its messages in both languages; a message given as plain English text (as a
    # backend may still do) is shown in Vietnamese as its kind, then the English words.
    source = SourceFile.from_text("rules/a.rules", "certify 4.1.b by judge\n")
    diagnostic = Diagnostic(CODES["E0202"], Severity.ERROR, NOT_ACTIVITY, Label(source.span(8, 13)),
                            hint="add `activity in ...` to point 4.1.b")
    shown = render(diagnostic, {"rules/a.rules": source}, "vi")
    assert shown.splitlines()[0] == f"rules/a.rules:1:9: error[E0202]: `certify` nêu một điểm không phải là hoạt động: {NOT_ACTIVITY}"
    assert shown.splitlines()[-1] == "gợi ý: add `activity in ...` to point 4.1.b"
    assert render(diagnostic, {"rules/a.rules": source}).splitlines()[0] == f"rules/a.rules:1:9: error[E0202]: {NOT_ACTIVITY}"


def test_a_vietnamese_locale_chooses_vietnamese_and_lang_en_overrides_it(capsys, broken, monkeypatch):
    with_pending_only(broken)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert regc(capsys, "--rules", broken, "check")[2].splitlines()[-1] == "regc: 2 tệp quy tắc, 0 lỗi, 2 cảnh báo"
    assert regc(capsys, "--rules", broken, "check", "--lang", "en")[2].splitlines()[-1] == "regc: 2 rule files, 0 errors, 2 warnings"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")    # LC_ALL comes first
    assert regc(capsys, "--rules", broken, "check")[2].splitlines()[-1] == "regc: 2 rule files, 0 errors, 2 warnings"


def test_sarif_and_json_in_vietnamese(capsys, broken):
    _, log = sarif_of(capsys, "--rules", broken, "check", "--format", "sarif", "--lang", "vi")
    [run] = log["runs"]
    assert run["language"] == "vi"
    assert next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "E0101")["shortDescription"]["text"] == \
        CODES["E0101"].description_vi
    assert run["results"][2]["message"]["text"] == ("điều này đã được quy định tại 99/2021/TT-TEST 3.1\n"
                                                    "giữ lại một trong hai câu lệnh")
    assert run["results"][2]["relatedLocations"][0]["message"]["text"] == "quy định lần đầu ở đây"
    _, out, _ = regc(capsys, "--rules", broken, "check", "--format", "json", "--lang", "vi")
    assert json.loads(out)[3]["message"] == NOT_ACTIVITY_VI
    assert json.loads(out)[2]["related"][0]["message"] == "quy định lần đầu ở đây"
