"""Messages in Vietnamese: every diagnostic of the passes, and the command line's own messages, in the
language `regc --lang`, a command's `--lang` or the locale chooses (English unless it is Vietnamese).

- every diagnostic the passes report on the broken rule sets of tests/diagnostics/ and on the example
  of each code (compiler/explain.py) has its message, hint and notes in the catalog, so
  `regc check --lang vi` never falls back to "its kind in Vietnamese, then the English words";
- the commands' own lines (build, validate, test, fmt, table, explain, diff) follow the language;
- what machines read does not change: validation results, statuses, `error[CODE]`, file paths.
"""
from __future__ import annotations

import json
import re
import shutil
import string

import pytest
from programs import regc
from test_diagnostics import CASES, make_rules

from compiler import diagnostics
from compiler.explain import EXPLANATIONS
from compiler.pipeline import compile_rules

# Codes no pass of compiler/ reports: W0303 is reported by none, E0213 by a backend (compiler/backends/),
# whose messages are worded there.
NOT_BY_THE_PASSES = {"W0303", "E0213"}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The tests read English unless they ask for Vietnamese, whatever the machine's locale."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def untranslated(compilation, err: str) -> list[str]:
    """What of the diagnostics is not worded through the catalog, or shows in English in `err`
    (`regc check --lang vi` of the same rules; the source lines it quotes are left out)."""
    err = "\n".join(line for line in err.splitlines() if not re.match(r" +\d* \| ", line))
    problems = []
    for d in compilation.reporter.diagnostics:
        where = f"{d.primary.span} {d.code.code} {d.message!r}"
        if d.text is None:
            problems.append(f"{where}: message not in the catalog")
        elif d.message_in("vi") != d.message and d.message in err:
            problems.append(f"{where}: shown in English")
        if f"{d.code.summary('vi')}: {d.message}" in err:
            problems.append(f"{where}: falls back to English")
        if d.hint is not None and d.hint_text is None:
            problems.append(f"{where}: hint not in the catalog: {d.hint!r}")
        problems += [f"{where}: note not in the catalog: {label.message!r}"
                     for label in d.secondary if label.message and label.text is None]
    return problems


@pytest.mark.parametrize("case", CASES)
def test_check_lang_vi_words_every_diagnostic_of_the_broken_rule_sets_in_vietnamese(case, tmp_path, capsys):
    rules = make_rules(case, tmp_path)
    compilation = compile_rules(rules, generate=False)
    assert compilation.reporter.diagnostics
    _, _, err = regc(capsys, "--rules", rules, "check", "--lang", "vi", "--verbose")
    assert err.splitlines()[-1].startswith("regc: ") and "tệp quy tắc" in err.splitlines()[-1]
    assert untranslated(compilation, err) == []


@pytest.mark.parametrize("code", sorted(set(EXPLANATIONS) - NOT_BY_THE_PASSES))
def test_the_example_of_each_code_is_reported_in_vietnamese(code, tmp_path, root, capsys):
    example = EXPLANATIONS[code].example
    assert example is not None
    rules = tmp_path / "rules"
    rules.mkdir()
    if example.base == "vocabulary":
        shutil.copy(root / "rules" / "vocabulary.rules", rules / "vocabulary.rules")
    for i, (name, text) in enumerate(example.files):
        path = rules / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(example.encoding if i == 0 else "utf-8"))
    compilation = compile_rules(rules, generate=False)
    _, _, err = regc(capsys, "--rules", rules, "check", "--lang", "vi", "--verbose")
    assert untranslated(compilation, err) == []


def test_every_message_has_the_same_fields_in_both_languages():
    from compiler import messages  # noqa: F401  (the command line's messages are in the catalog too)

    plural = {"s", "es", "ws"}   # English plural endings: Vietnamese has none
    catalog = diagnostics.catalog()
    assert len(catalog) > 300
    for message_id, templates in catalog.items():
        assert set(templates) == {"en", "vi"} and all(t.strip() for t in templates.values()), message_id
        en, vi = ({f for _, f, _, _ in string.Formatter().parse(templates[lang]) if f} for lang in ("en", "vi"))
        assert vi == en - plural, message_id


def test_did_you_mean_in_both_languages():
    hint = diagnostics.did_you_mean("presiding_persn", ["presiding_person", "presiding_agency", "judge"])
    assert hint is not None
    assert hint.render() == "did you mean `presiding_person` or `presiding_agency`?"
    assert hint.render("vi") == "có phải ý bạn là `presiding_person` hoặc `presiding_agency`?"


# -- the command line's own messages ---------------------------------------------------------------

BROKEN = 'instrument "99/2021/TT-TEST" { kind circular }\narticle 4 { clause 1 { certify 4.1.a by judge } }\n'


@pytest.fixture
def broken(tmp_path, root):
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(root / "rules" / "vocabulary.rules", rules / "vocabulary.rules")
    (rules / "circular.rules").write_text(BROKEN, encoding="utf-8")
    return rules


def test_the_global_lang_words_build_in_vietnamese(capsys, broken):
    code, _, err = regc(capsys, "--lang", "vi", "--rules", broken, "build")
    assert code == 1
    assert "rules/circular.rules:2:32: error[E0102]: 99/2021/TT-TEST không có điểm 4.1.a" in err
    assert err.splitlines()[-2:] == ["regc: 2 tệp quy tắc, 1 lỗi, 0 cảnh báo", "regc: không ghi gì cả"]
    code, _, err = regc(capsys, "--rules", broken, "build")
    assert err.splitlines()[-2:] == ["regc: 2 rule files, 1 error, 0 warnings", "regc: nothing was written"]


def test_a_vietnamese_locale_words_build_validate_and_test(capsys, broken, monkeypatch, tmp_path):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert regc(capsys, "--rules", broken, "build")[2].splitlines()[-1] == "regc: không ghi gì cả"
    case = tmp_path / "case.yaml"
    case.write_text("case_id: X\n", encoding="utf-8")
    assert regc(capsys, "--rules", broken, "validate", case)[1:] == ("", "regc: các tệp quy tắc có lỗi; chạy `regc check`\n")
    assert regc(capsys, "--rules", broken, "test")[1:] == ("", "regc: các tệp quy tắc có lỗi; chạy `regc check`\n")
    # --lang en, before the command or after it, overrides the locale
    assert regc(capsys, "--lang", "en", "--rules", broken, "test")[2] == "regc: the rule files have errors; run `regc check`\n"
    assert regc(capsys, "--rules", broken, "test", "--lang", "en")[2] == "regc: the rule files have errors; run `regc check`\n"


def test_a_command_lang_overrides_the_global_one(capsys, broken):
    err = regc(capsys, "--lang", "vi", "--rules", broken, "check", "--lang", "en")[2]
    assert err.splitlines()[-1] == "regc: 2 rule files, 1 error, 0 warnings"
    assert regc(capsys, "--lang", "vi", "explain", "E0101")[1].splitlines()[2] == "Ý nghĩa:"


def test_validate_in_vietnamese_gives_the_same_results(capsys, rules_dir, root, monkeypatch):
    case = root / "examples" / "cases" / "criminal-lawyer.yaml"
    english = regc(capsys, "--rules", rules_dir, "validate", "--format", "json", case)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert regc(capsys, "--rules", rules_dir, "validate", "--format", "json", case)[:2] == english[:2]
    assert regc(capsys, "--lang", "vi", "--rules", rules_dir, "validate", "--format", "text", case)[1] == \
        regc(capsys, "--lang", "en", "--rules", rules_dir, "validate", "--format", "text", case)[1]
    code, out, err = regc(capsys, "--lang", "vi", "--rules", rules_dir, "validate", "--format", "json", case.with_name("nowhere.yaml"))
    assert code == 2 and "regc: không đọc được" in err and "nowhere.yaml" in err


def test_regc_test_counts_in_vietnamese(capsys, rules_dir):
    code, out, _ = regc(capsys, "--lang", "vi", "--rules", rules_dir, "test")
    assert code == 0
    assert re.search(r"^\d+ đạt, 0 sai$", out, re.MULTILINE)
    assert re.search(r"^ok   ", out, re.MULTILINE)   # the status of each example stays as tools read it


def test_a_reading_the_rules_do_not_offer_in_vietnamese(capsys, rules_dir, root):
    case = root / "examples" / "cases" / "criminal-lawyer.yaml"
    code, out, err = regc(capsys, "--lang", "vi", "--rules", rules_dir, "validate", "--reading", "odd_hour=per_occasion", case)
    assert (code, out, err.strip()) == (2, "", "regc: các quy tắc không có lựa chọn `odd_hour` (các lựa chọn: odd_hours)")


def test_fmt_in_vietnamese(capsys, tmp_path, monkeypatch, root):
    good = tmp_path / "a.rules"
    shutil.copy(root / "rules" / "vocabulary.rules", good)   # formatted as `regc fmt` writes it
    bad = tmp_path / "b.rules"
    bad.write_text("article 4 {\n", encoding="utf-8")
    code, _, err = regc(capsys, "--lang", "vi", "fmt", "--check", good, bad)
    assert code == 1
    assert "gợi ý: " in err and "error[E0001]" in err
    assert "có lỗi cú pháp: giữ nguyên" in err
    assert err.splitlines()[-1] == "regc: 0 trên 2 tệp quy tắc sẽ thay đổi; 1 tệp có lỗi cú pháp được giữ nguyên"
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert regc(capsys, "fmt", "--check", tmp_path / "none.rules")[2] == f"regc: không có tệp hoặc thư mục: {tmp_path / 'none.rules'}\n"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert regc(capsys, "fmt", "--check", good)[2] == "regc: 0 of 1 rule file would change\n"


def test_table_export_and_import_in_vietnamese(capsys, rules_dir, tmp_path, monkeypatch):
    code, _, err = regc(capsys, "--lang", "vi", "--rules", rules_dir, "table", "export", "appendix_1", "-o", tmp_path / "a.csv")
    assert (code, err) == (1, "regc: các quy tắc không có bảng `appendix_1` (có phải ý bạn là `appendix_01` hoặc `appendix_03` "
                              "hoặc `appendix_02`?)\n")
    sheet = tmp_path / "appendix_01.csv"
    assert regc(capsys, "--lang", "vi", "--rules", rules_dir, "table", "export", "appendix_01", "-o", sheet)[2] == \
        f"regc: đã ghi {sheet} (appendix_01)\n"
    text = sheet.read_text(encoding="utf-8-sig")
    sheet.write_text(text.replace("\ninvestigation,", "\ninvestigaton,", 1), encoding="utf-8")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    code, _, err = regc(capsys, "--rules", rules_dir, "table", "import", "--dry-run", sheet)
    assert code == 1
    assert re.search(r": error: `investigaton` không nằm trên trục `stage` của `appendix_01` \(có phải ý bạn là `investigation`\?\)$",
                     err, re.MULTILINE), err
    assert err.splitlines()[-1] == "regc: 1 lỗi; không ghi gì cả"
    monkeypatch.delenv("LANG")
    assert regc(capsys, "--rules", rules_dir, "table", "import", "--dry-run", sheet)[2].splitlines()[-1] == \
        "regc: 1 error; nothing was written"


def test_diff_says_what_is_wrong_in_vietnamese(capsys, broken, rules_dir):
    code, _, err = regc(capsys, "--lang", "vi", "diff", "2024-01-01", rules_dir)
    assert code == 2 and err.startswith("regc: diff so sánh hai cây quy tắc hoặc hai ngày")
    code, _, err = regc(capsys, "--lang", "vi", "diff", broken, rules_dir)
    assert code == 2
    assert f"regc: các quy tắc của A (`{broken}`) có lỗi:" in err
    assert "error[E0102]: 99/2021/TT-TEST không có điểm 4.1.a" in err


def test_the_json_of_check_keeps_its_fields_and_words_only_the_messages(capsys, broken):
    english = json.loads(regc(capsys, "--rules", broken, "check", "--format", "json")[1])
    vietnamese = json.loads(regc(capsys, "--lang", "vi", "--rules", broken, "check", "--format", "json")[1])
    assert [{k: v for k, v in d.items() if k not in ("message", "hint", "related")} for d in english] == \
        [{k: v for k, v in d.items() if k not in ("message", "hint", "related")} for d in vietnamese]
    assert english[0]["message"] != vietnamese[0]["message"]


def test_a_tree_that_is_neither_a_folder_nor_a_revision_in_vietnamese(capsys, rules_dir, tmp_path):
    code, _, err = regc(capsys, "--lang", "vi", "diff", tmp_path / "nowhere", rules_dir)
    assert code == 2
    assert err == f"regc: `{tmp_path / 'nowhere'}` không phải là thư mục quy tắc, cũng không phải phiên bản git\n"
    code, _, err = regc(capsys, "--lang", "en", "diff", tmp_path / "nowhere", rules_dir)
    assert err == f"regc: `{tmp_path / 'nowhere'}` is neither a rules folder nor a git revision\n"


def test_a_worked_example_that_differs_and_a_stale_generated_folder_in_vietnamese(capsys, root, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)        # no generated/ beside it: the rules are compiled in memory
    example = rules / "circular-02-2021" / "examples" / "art07-officer-extrajudicial.yaml"
    text = example.read_text(encoding="utf-8")
    amount = int(re.search(r"^  amount_vnd: (\d+)$", text, re.MULTILINE).group(1))
    example.write_text(text.replace(f"amount_vnd: {amount}", f"amount_vnd: {amount + 1}", 1), encoding="utf-8")
    code, out, _ = regc(capsys, "--lang", "vi", "--rules", rules, "test")
    assert code == 1
    assert f"    amount_vnd: cần {amount + 1}, nhận được {amount}" in out.splitlines()
    code, out, _ = regc(capsys, "--lang", "en", "--rules", rules, "test")
    assert f"    amount_vnd: expected {amount + 1}, got {amount}" in out.splitlines()
    code, _, err = regc(capsys, "--lang", "vi", "--rules", rules, "validate", "--format", "json",
                        root / "examples" / "cases" / "criminal-lawyer.yaml")
    assert code == 0
    assert err == ("regc: generated/ không được build từ các quy tắc này; kiểm tra theo các quy tắc như hiện tại "
                   "(chạy `regc build` để cập nhật generated/)\n")
