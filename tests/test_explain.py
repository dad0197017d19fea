"""`regc explain CODE`, and the texts of every code in English and Vietnamese.

Every code of compiler/codes.py has an explanation (what it means, an example, how to fix it) in both
languages, and every example, compiled on top of a copy of rules/vocabulary.rules (or alone, when it
brings its own vocabularies), gets exactly its code: an explanation cannot drift from the compiler.
"""
from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from programs import regc

from compiler import cli, diagnostics, messages, parse, pipeline  # noqa: F401  (their messages are in the catalog)
from compiler.codes import CODES
from compiler.explain import EXPLANATIONS, explanation_text
from compiler.pipeline import compile_rules

LANGUAGES = ("en", "vi")
# Codes that no pass reports: their explanation says so and has no example.
NOT_REPORTED = {"W0303"}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


# -- every code, both languages --------------------------------------------------------------------

def test_every_code_has_an_explanation_and_nothing_else_has():
    assert set(EXPLANATIONS) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_its_texts_in_both_languages(code):
    assert CODES[code].description and CODES[code].description_vi, f"{code} has no Vietnamese description"
    explanation = EXPLANATIONS[code]
    for lang in LANGUAGES:
        assert explanation.meaning.get(lang, "").strip(), f"{code}: no meaning in {lang}"
        assert explanation.fix.get(lang, "").strip(), f"{code}: no fix in {lang}"
    assert (explanation.example is None) == (code in NOT_REPORTED)


PLURAL_ENDINGS = {"s", "es", "ws"}   # English plural endings: Vietnamese has none


def test_every_message_of_the_catalog_is_in_both_languages_with_the_same_fields():
    catalog = diagnostics.catalog()
    assert len(catalog) > 30
    for message_id, templates in catalog.items():
        assert set(templates) == set(LANGUAGES) and all(t.strip() for t in templates.values()), message_id
        en, vi = ({f for _, f, _, _ in string.Formatter().parse(templates[lang]) if f} for lang in LANGUAGES)
        assert vi <= en and en - vi <= PLURAL_ENDINGS, message_id


# -- the examples get their code -------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(set(CODES) - NOT_REPORTED))
def test_the_example_of_each_code_gets_exactly_that_code(code, tmp_path, root):
    example = EXPLANATIONS[code].example
    assert example is not None
    rules = tmp_path / "rules"
    rules.mkdir()
    if example.base == "vocabulary":
        shutil.copy(root / "rules" / "vocabulary.rules", rules / "vocabulary.rules")
    else:
        assert example.base == "none"
    for i, (name, text) in enumerate(example.files):
        path = rules / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(example.encoding if i == 0 else "utf-8"))
    compilation = compile_rules(rules, generate=False)
    got = {d.code.code for d in compilation.reporter.diagnostics}
    assert got == {code}, [f"{d.primary.span} {d.code.code} {d.message}" for d in compilation.reporter.sorted()]


# -- the command -----------------------------------------------------------------------------------

def test_explain_prints_what_a_code_means_its_example_and_its_fix(capsys):
    code, out, err = regc(capsys, "explain", "E0101")
    assert (code, err) == (0, "")
    assert out == explanation_text("E0101") + "\n"
    lines = out.splitlines()
    assert lines[0] == f"E0101 unknown-name (error, resolve): {CODES['E0101'].description}"
    assert "What it means:" in lines and "How to fix it:" in lines
    assert "Example (rules/example.rules; read with rules/vocabulary.rules):" in lines
    assert "      clause 3 { certify 4.1.a by presiding_persn }" in lines


def test_explain_takes_a_code_in_any_case_or_its_name(capsys):
    assert regc(capsys, "explain", "e0101")[1] == regc(capsys, "explain", "unknown-name")[1] == explanation_text("E0101") + "\n"


def test_explain_in_vietnamese(capsys, monkeypatch):
    code, out, _ = regc(capsys, "explain", "W0301", "--lang", "vi")
    assert code == 0
    assert out.splitlines()[0] == f"W0301 pending (cảnh báo, check): {CODES['W0301'].description_vi}"
    assert "Ý nghĩa:" in out and "Cách sửa:" in out
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert regc(capsys, "explain", "W0301")[1] == out


def test_an_unknown_code_names_the_closest_and_is_a_usage_error(capsys):
    code, out, err = regc(capsys, "explain", "E0199")
    assert (code, out) == (2, "")
    assert err.startswith("regc: there is no code `E0199`; the closest: E0159")
    code, _, err = regc(capsys, "explain", "unknown-nam")
    assert code == 2 and "unknown-name (E0101)" in err


def test_explain_alone_lists_every_code(capsys):
    code, out, _ = regc(capsys, "explain")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(CODES)


def test_explain_needs_no_rules_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert regc(capsys, "explain", "E0001")[0] == 0
    assert Path.cwd() == tmp_path
