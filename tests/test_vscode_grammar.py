"""The VS Code extension (editors/vscode/) stays in step with the rule language.

(a) every keyword of compiler/grammar/rules.lark (a quoted word such as "instrument") is one of the
    TextMate grammar's keywords, and the grammar lists no word the language does not have;
(b) the grammar's tests (editors/vscode/tests/*.test.rules) pass under vscode-tmgrammar-test, and each
    keyword alone on a line is scoped as one by the engine VS Code uses. They need the extension's npm
    packages (`npm ci --prefix editors/vscode`); without them they skip and say so;
(c) package.json, package-lock.json and language-configuration.json are valid JSON and declare the language.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LARK = ROOT / "compiler" / "grammar" / "rules.lark"
EDITOR = ROOT / "editors" / "vscode"
TM_GRAMMAR = EDITOR / "syntaxes" / "regc.tmLanguage.json"
TESTS = sorted((EDITOR / "tests").glob("*.test.rules"))
TMGRAMMAR_TEST = EDITOR / "node_modules" / ".bin" / "vscode-tmgrammar-test"

# The scopes a keyword may have: keyword.* for words that say what a statement is or does,
# constant.language.* for the three that stand for a value (none, unconditional, fixed_time_level).
KEYWORD_SCOPES = ("keyword.", "constant.language.")
# How the grammar's repository.keywords writes each list of keywords: \b(?:word|word|...)\b
KEYWORD_LIST = re.compile(r"\\b\(\?:([a-z_]+(?:\|[a-z_]+)*)\)\\b")


def lark_keywords() -> set[str]:
    """The quoted word literals of the Lark grammar ("instrument", "keeps_old_rules"); not "{" or ">="."""
    text = re.sub(r"//[^\n]*", "", LARK.read_text(encoding="utf-8"))   # comments quote words too
    return set(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', text))


def tm_keywords() -> dict[str, str]:
    """Each word of the TextMate grammar's repository.keywords, with its scope."""
    grammar = json.loads(TM_GRAMMAR.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for rule in grammar["repository"]["keywords"]["patterns"]:
        match = KEYWORD_LIST.fullmatch(rule["match"])
        assert match, f"repository.keywords: write {rule['match']!r} as \\b(?:word|word)\\b (this test reads the words)"
        for word in match.group(1).split("|"):
            assert word not in found, f"repository.keywords: {word!r} is listed twice ({found[word]}, {rule['name']})"
            found[word] = rule["name"]
    return found


# -- (a) the keywords --------------------------------------------------------------------------

def test_the_lark_grammar_has_its_keywords_found():
    keywords = lark_keywords()
    assert len(keywords) > 80, f"only {len(keywords)} keywords read from {LARK}: has the way literals are written changed?"
    assert {"instrument", "article", "certify", "keeps_old_rules", "belongs_to"} <= keywords


def test_every_keyword_of_the_language_is_a_keyword_of_the_textmate_grammar():
    grammar = json.loads(TM_GRAMMAR.read_text(encoding="utf-8"))
    rules = [(re.compile(rule["match"]), rule["name"]) for rule in grammar["repository"]["keywords"]["patterns"]]
    missing = sorted(word for word in lark_keywords()
                     if not any(regex.fullmatch(word) and name.startswith(KEYWORD_SCOPES) for regex, name in rules))
    assert not missing, (f"keywords of {LARK.relative_to(ROOT)} the TextMate grammar does not match as a keyword: "
                         f"{', '.join(missing)} (add them to repository.keywords in {TM_GRAMMAR.relative_to(ROOT)})")


def test_the_textmate_grammar_has_no_keyword_the_language_does_not():
    stale = sorted(set(tm_keywords()) - lark_keywords())
    assert not stale, f"repository.keywords lists words that are not keywords of rules.lark: {', '.join(stale)}"
    wrong = {word: scope for word, scope in tm_keywords().items() if not scope.startswith(KEYWORD_SCOPES)}
    assert not wrong, f"keywords scoped as something else than {KEYWORD_SCOPES}: {wrong}"


# -- (b) the grammar's tests, with the engine VS Code uses ----------------------------------------

def run_tmgrammar_test(*test_files: str) -> subprocess.CompletedProcess[str]:
    if not TMGRAMMAR_TEST.exists():
        pytest.skip(f"the VS Code extension's npm packages are not installed ({TMGRAMMAR_TEST.relative_to(ROOT)} is "
                    "missing): run `npm ci --prefix editors/vscode` to run the grammar tests")
    if shutil.which("node") is None:
        pytest.skip("node is not installed: vscode-tmgrammar-test runs on Node.js")
    # Run in editors/vscode: the tool reads the grammar's path and scope from its package.json.
    return subprocess.run([str(TMGRAMMAR_TEST), "--compact", *test_files], cwd=EDITOR,
                          capture_output=True, text=True, timeout=120)


def test_the_grammar_tests_pass():
    assert len(TESTS) >= 4, f"the grammar tests are missing from {EDITOR / 'tests'}"
    done = run_tmgrammar_test(*(str(path.relative_to(EDITOR)) for path in TESTS))
    assert done.returncode == 0, f"vscode-tmgrammar-test failed:\n{done.stdout}\n{done.stderr}"
    for path in TESTS:   # each file ran (a glob or a header gone wrong would run nothing)
        assert path.name in done.stdout, f"{path.name} was not run:\n{done.stdout}\n{done.stderr}"


def test_each_keyword_alone_on_a_line_is_scoped_as_a_keyword(tmp_path):
    """Tokenized by vscode-textmate, as in VS Code: no other rule of the grammar takes the keyword first."""
    scopes = tm_keywords()
    lines = ['# SYNTAX TEST "source.regc" "each keyword of rules.lark alone on a line"']
    for word in sorted(lark_keywords()):
        lines += [word, f"# <{'-' * len(word)} {scopes.get(word, 'keyword.MISSING')}"]
    test_file = tmp_path / "keywords.test.rules"
    test_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_tmgrammar_test(str(test_file))
    assert done.returncode == 0, f"keywords not scoped as keywords by the TextMate grammar:\n{done.stdout}\n{done.stderr}"


# -- (c) the manifest and the language configuration ----------------------------------------------

def read_json(name: str):
    path = EDITOR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        pytest.fail(f"{path.relative_to(ROOT)} is not valid JSON: {err}")


def test_package_json_declares_the_language_grammar_and_settings():
    package = read_json("package.json")
    contributes = package["contributes"]
    [language] = [lang for lang in contributes["languages"] if lang["id"] == "regc"]
    assert ".rules" in language["extensions"]
    assert (EDITOR / language["configuration"]).is_file()
    [grammar] = [g for g in contributes["grammars"] if g["language"] == "regc"]
    assert grammar["scopeName"] == "source.regc"
    assert json.loads((EDITOR / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == "source.regc"
    settings = contributes["configuration"]["properties"]
    assert settings["regc.command"]["default"] == "regc"
    assert set(settings["regc.command"]["type"]) == {"array", "string"}
    assert settings["regc.rulesFolder"]["type"] == "string"
    assert (EDITOR / package["main"]).is_file()
    assert "vscode-languageclient" in package["dependencies"]
    assert {"vscode-tmgrammar-test", "@vscode/vsce"} <= set(package["devDependencies"])


def test_package_lock_is_in_step_with_package_json():
    """`npm ci` refuses a lock file whose dependencies differ from package.json's."""
    package, lock = read_json("package.json"), read_json("package-lock.json")
    root = lock["packages"][""]
    assert root.get("dependencies") == package["dependencies"]
    assert root.get("devDependencies") == package["devDependencies"]
    ignored = [line.strip().strip("/") for line in (EDITOR / ".gitignore").read_text(encoding="utf-8").splitlines()]
    assert "node_modules" in ignored, "editors/vscode/.gitignore must keep node_modules/ out of git"


def test_language_configuration():
    config = read_json("language-configuration.json")
    assert config["comments"]["lineComment"] == "#"
    assert config["brackets"] == [["{", "}"], ["[", "]"], ["(", ")"]]
    closing = {pair["open"]: pair["close"] for pair in config["autoClosingPairs"]}
    assert closing == {"{": "}", "[": "]", "(": ")", '"': '"'}
    for pattern in (config["indentationRules"]["increaseIndentPattern"], config["indentationRules"]["decreaseIndentPattern"],
                    config["folding"]["markers"]["start"], config["folding"]["markers"]["end"]):
        re.compile(pattern)   # JavaScript regular expressions, written in the subset Python reads alike
    assert re.search(config["indentationRules"]["increaseIndentPattern"], 'instrument "02/2021/TT-BTP" {')
    assert not re.search(config["indentationRules"]["increaseIndentPattern"], "point a { certify 4.1.a by judge }")
