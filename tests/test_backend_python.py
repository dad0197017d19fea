"""The Python backend (backends/python): golden output, determinism, safety of the generated code.

- Golden file (house style rule 13): tests/golden/rules/ is a compact invented instrument; the module
  generated from it must equal tests/golden/expected/golden_circular.py byte for byte.
  `pytest --update-goldens` rewrites the expected file; review the change in the diff.
- Determinism (contract §6): compiling the same rules twice, in processes with different hash
  seeds, gives the same bytes.
- Injection: no text of a rule file (titles, texts, notes, table titles, pending reasons, sources,
  file names) can add a statement to the generated module, whatever quotes, backslashes, line
  breaks or comment signs it holds.
- The generated module imports only the standard library (contract §6).
"""
from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.backends.python.emit import runtime_source
from compiler.digest import rules_digest
from compiler.pipeline import compile_rules

TESTS = Path(__file__).resolve().parent
GOLDEN_RULES = TESTS / "golden" / "rules"
GOLDEN_EXPECTED = TESTS / "golden" / "expected"
MODULE = "golden_circular"
OUTPUT = f"generated/python/{MODULE}.py"
ROOT = TESTS.parent


def generate(rules: Path) -> dict[str, str]:
    compilation = compile_rules(rules)
    assert compilation.ok, [f"{d.primary.span}: {d.message}" for d in compilation.reporter.errors()]
    return compilation.outputs


def import_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module   # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def statements(source: str) -> list[tuple[str, tuple[str, ...]]]:
    """The module's top-level statements as (kind, names bound): its shape, whatever the literals."""
    shape = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names = (node.name,)
        elif isinstance(node, ast.Assign):
            names = tuple(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = tuple(a.asname or a.name for a in node.names)
        else:
            names = ()
        shape.append((type(node).__name__, names))
    return shape


# -- golden file -------------------------------------------------------------------------------

def without_digest(text: str) -> str:
    """The module as the golden file holds it: the digest written as <digest> (it covers the compiler's
    own source, so the golden file would change with every edit of the compiler; the next test checks
    it instead), and the runtime, inlined verbatim, as one line (tests/test_runtime.py tests it, and a
    test below checks that it is inlined as it is)."""
    assert runtime_source() in text
    text = text.replace(runtime_source(), "# <compiler/backends/python/runtime.py, inlined verbatim>")
    return re.sub(r"\b[0-9a-f]{32}\b", "<digest>", text)


def test_the_runtime_is_inlined_verbatim_and_the_module_is_standalone():
    text = generate(GOLDEN_RULES)[OUTPUT]
    assert text.count(runtime_source()) == 1
    assert "from compiler" not in text and "import compiler" not in text


def test_the_golden_module_carries_the_digest_of_its_rules_and_compiler():
    text = generate(GOLDEN_RULES)[OUTPUT]
    digest = rules_digest(GOLDEN_RULES)
    assert text.splitlines()[1] == f"# regc: rules and compiler digest {digest}"
    assert f"RULES_DIGEST = '{digest}'" in text


def test_the_golden_rule_set_generates_the_expected_module(update_goldens):
    text = without_digest(generate(GOLDEN_RULES)[OUTPUT])
    expected = GOLDEN_EXPECTED / f"{MODULE}.py"
    if update_goldens:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(text.encode("utf-8"))
    assert expected.is_file(), f"{expected} is missing: run `pytest --update-goldens` and review it"
    assert text == expected.read_text(encoding="utf-8"), (
        f"the generated module differs from {expected.relative_to(ROOT)}; if the change is intended, "
        "run `pytest --update-goldens` and review the diff")


def test_the_golden_module_validates_a_case(tmp_path):
    """The invented rules at work: 5 certified hours are 1 session + 1 hour left (half a session),
    1.5 sessions x 0.5 x 1,200,000 (the base pay from 2030-07-01) = 900,000."""
    path = tmp_path / f"{MODULE}.py"
    path.write_text(generate(GOLDEN_RULES)[OUTPUT], encoding="utf-8")
    module = import_module(path, "golden_circular_under_test")
    result = module.validate({
        "case_id": "G-1", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
        "assigned_on": "2030-03-01", "payment_date": "2030-08-01",
        "providers": [{"id": "P1", "kind": "lawyer"}],
        "entries": [{"date": "2030-03-02", "provider": "P1", "activity": "3.1.a", "hours": 5, "certified_by": "judge"}],
    })
    assert (result["status"], result["sessions_payable"], result["base_salary_vnd"], result["amount_vnd"]) == (
        "ok", 1.5, 1200000, 900000)
    assert result["instrument"] == "99/2030/TT-GOLD"
    assert result["findings"] == []


def test_every_generated_statement_is_traced_to_its_rule_file():
    text = generate(GOLDEN_RULES)[OUTPUT]
    assert text.startswith("# Generated by regc from rules/decree.rules, rules/instrument.rules. Do not edit")
    assert "# rules/instrument.rules:60  99/2030/TT-GOLD 3.1.a; certified under 3.3.a (rules/instrument.rules:78)\n" in text
    assert "# rules/decree.rules:10  77/2029/ND-GOLD 5.1\n" in text


# -- determinism -------------------------------------------------------------------------------

def test_compiling_the_real_rules_twice_gives_identical_bytes(rules_dir):
    first = generate(rules_dir)
    second = generate(rules_dir)
    assert list(first) == list(second)
    assert all(first[name].encode("utf-8") == second[name].encode("utf-8") for name in first)


_DIGEST_SCRIPT = """
import hashlib, sys
from compiler.pipeline import compile_rules
outputs = compile_rules(sys.argv[1]).outputs
print(hashlib.sha256(repr(sorted(outputs.items())).encode("utf-8")).hexdigest())
"""


def test_the_output_does_not_depend_on_the_hash_seed(rules_dir, tmp_path):
    """Sets of strings iterate in a different order under another PYTHONHASHSEED (another run or machine)."""
    digests = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-c", _DIGEST_SCRIPT, str(rules_dir)], capture_output=True, text=True,
                             env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, cwd=tmp_path, check=True)
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_the_output_does_not_depend_on_where_the_project_is(tmp_path, rules_dir):
    shutil.copytree(rules_dir, tmp_path / "elsewhere" / "rules")
    assert generate(tmp_path / "elsewhere" / "rules") == generate(rules_dir)


# -- the standard library only -----------------------------------------------------------------

@pytest.mark.parametrize("which", ["golden", "real"])
def test_the_generated_module_imports_only_the_standard_library(which, rules_dir):
    outputs = generate(GOLDEN_RULES if which == "golden" else rules_dir)
    modules = {name: text for name, text in outputs.items() if name.startswith("generated/python/") and name.endswith(".py")}
    assert len(modules) == 2   # the validator module and the package __init__
    for name, text in modules.items():
        tree = ast.parse(text)
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{name}: a relative import"
                imported.add(node.module.split(".")[0])
        assert imported - sys.stdlib_module_names == set(), name
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"__import__", "eval", "exec", "compile", "open"}, name


# -- injection ---------------------------------------------------------------------------------

HOSTILE = ('Thông tư """ trick \' quote \\ backslash \\n not a newline\nreal line two # not a comment'
           '\u2028after a line separator ""')


def rule_string(text: str) -> str:
    """`text` as a rule-language string literal (the escapes of from_tree.py: \\" \\\\ \\n)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_rules(tmp_path: Path, *, file_name: str) -> Path:
    """The golden rule set with every free text replaced by HOSTILE (+ a tag), and a hostile file name."""
    rules = tmp_path / "rules"
    shutil.copytree(GOLDEN_RULES, rules)
    edits = {
        "instrument.rules": [
            ('title en "Invented circular on counting test sessions"', f"title en {rule_string(HOSTILE)}"),
            ('text en "Attending an invented hearing."', f"text en {rule_string(HOSTILE + ' (label)')}"),
            ('note en "An invented note."', f"note en {rule_string(HOSTILE + ' (note)')}"),
            ('pending "An invented clause whose text is not known."', f"pending {rule_string(HOSTILE + ' (pending)')}"),
        ],
        "decree.rules": [
            ('title en "Invented fixed levels"', f"title en {rule_string(HOSTILE + ' (table)')}"),
            ('pending "Not invented yet."', f"pending {rule_string(HOSTILE + ' (cell)')}"),
            ('(1S: "invented")', f"(1S: {rule_string(HOSTILE + ' (detail)')})"),
            ('source "Invented 1"', f"source {rule_string(HOSTILE + ' (source)')}"),
            ('title en "Invented base pay"', f"title en {rule_string(HOSTILE + ' (parameter)')}"),
        ],
        "vocabulary.rules": [
            ('title en "Invented stage"', f"title en {rule_string(HOSTILE + ' (vocabulary)')}"),
            ('- trial en "Trial"', f"- trial en {rule_string(HOSTILE + ' (member)')}"),
        ],
    }
    for name, pairs in edits.items():
        text = (rules / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        (rules / name).write_text(text, encoding="utf-8")
    (rules / "instrument.rules").rename(rules / file_name)
    return rules


HOSTILE_FILE_NAMES = {
    "quotes-and-comment": 'in """ str \' # x \\ y đ.rules',
    "escaped-newline": "in\\nstrument.rules",
    "newline-and-separators": "in\nstru\u2028ment\r.rules",
}


@pytest.mark.parametrize("file_name", HOSTILE_FILE_NAMES.values(), ids=HOSTILE_FILE_NAMES.keys())
def test_hostile_texts_cannot_inject_code_into_the_generated_module(tmp_path, file_name):
    normal = generate(GOLDEN_RULES)[OUTPUT]
    outputs = generate(hostile_rules(tmp_path, file_name=file_name))
    text = outputs[OUTPUT]
    code = compile(text, "hostile.py", "exec")    # a SyntaxError here is an injection
    assert code is not None
    assert statements(text) == statements(normal)
    module_path = tmp_path / "out" / f"{MODULE}.py"
    module_path.parent.mkdir()
    module_path.write_text(text, encoding="utf-8")
    module = import_module(module_path, "golden_circular_hostile")
    assert module.TITLE == HOSTILE
    assert module.INSTRUMENT == "99/2030/TT-GOLD"
    assert module.ACTIVITIES["3.1.a"].label == HOSTILE + " (label)"
    assert module.TABLES["golden_levels"].title == HOSTILE + " (table)"
    assert HOSTILE + " (cell)" in {reason for _, reason in module.TABLES["golden_levels"].cells.values()}
    assert module.RULES.parameters["base_pay"].values[0].source == HOSTILE + " (source)"
    package = outputs["generated/python/__init__.py"]
    compile(package, "__init__.py", "exec")


def test_a_nul_character_in_a_text_cannot_break_the_generated_module(tmp_path):
    """A NUL pasted into a title ends up in a `#` comment line; Python refuses source with NUL bytes."""
    rules = tmp_path / "rules"
    shutil.copytree(GOLDEN_RULES, rules)
    decree = (rules / "decree.rules").read_text(encoding="utf-8")
    (rules / "decree.rules").write_text(decree.replace("Invented fixed levels", "Invented\x00fixed levels"),
                                        encoding="utf-8")
    text = generate(rules)[OUTPUT]
    compile(text, "nul.py", "exec")


def test_a_vocabulary_named_like_a_module_constant_does_not_overwrite_it(tmp_path):
    """Vocabulary ids become module constants (`stage` -> STAGE); `vocabulary instrument` or
    `vocabulary title` must not replace INSTRUMENT or TITLE, which every result relies on."""
    rules = tmp_path / "rules"
    shutil.copytree(GOLDEN_RULES, rules)
    with (rules / "vocabulary.rules").open("a", encoding="utf-8") as handle:
        handle.write('\nvocabulary instrument {\n  - a en "A"\n}\n\nvocabulary title {\n  - b en "B"\n}\n')
    path = tmp_path / f"{MODULE}.py"
    path.write_text(generate(rules)[OUTPUT], encoding="utf-8")
    module = import_module(path, "golden_circular_vocabularies")
    assert (module.INSTRUMENT, module.TITLE) == ("99/2030/TT-GOLD", "Invented circular on counting test sessions")
