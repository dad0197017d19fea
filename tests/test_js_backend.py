"""The JavaScript backend (backends/js): golden output, standalone scripts, safety, and the same results as
the Python validators, JSON for JSON.

- Golden file: the script generated from tests/golden/rules/ must equal tests/golden/expected/golden_circular.js
  byte for byte (digest and inlined runtime written as placeholders); `pytest --update-goldens` rewrites it.
- The scripts parse (`node --check`) and use nothing outside themselves.
- Injection: the hostile texts of test_backend_python cannot add code to a script or end a <script> element.
- Differential, in node: every worked example (with its readings' script), every case of examples/corpus/
  (under rules/ and under rules/ with the draft of examples/draft-2026), the contract's example cases, and
  seeded messy cases made from them and from the golden rules, through the Python module and the script.
- Differential, in headless Chromium (Playwright, offline): the worked examples and the corpus, the script
  loaded by a page from a file as the docs site will load it.
- The runtime's Python semantics (repr and reprlib, difflib, 28-digit decimals) on tricky values.

Known differences, left out of the messy cases: JavaScript numbers keep no difference between 3 and 3.0
(a whole number reads as Python's int), nor integers beyond 2^53; JSON.parse puts keys like "2" first, so
unknown fields named with digits are reported in another order.
"""
from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from test_backend_python import HOSTILE, HOSTILE_FILE_NAMES, hostile_rules

from compiler import cases, examples
from compiler.api import module_from_source
from compiler.backends import js as js_backend
from compiler.backends import python as python_backend
from compiler.backends.js.emit import runtime_source
from compiler.backends.python import runtime as python_runtime
from compiler.digest import rules_digest
from compiler.pipeline import compile_rules

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
RULES = ROOT / "rules"
DRAFT = ROOT / "examples" / "draft-2026"
CORPUS = sorted((ROOT / "examples" / "corpus").glob("*.jsonl"))
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
GOLDEN_RULES = TESTS / "golden" / "rules"
GOLDEN_EXPECTED = TESTS / "golden" / "expected" / "golden_circular.js"
MODULE = "golden_circular"
OUTPUT = f"generated/js/{MODULE}.js"
NODE = shutil.which("node")
CHROMIUM = Path("/usr/bin/chromium")

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def compiled(rules, readings: dict[str, str] | None = None) -> dict[str, str]:
    compilation = compile_rules(rules, backends=(python_backend, js_backend), readings=readings)
    assert compilation.ok, [f"{d.primary.span}: {d.message}" for d in compilation.reporter.errors()]
    return compilation.outputs


def module_pair(outputs: dict[str, str]) -> tuple[str, str, object]:
    """(module name, its script, its Python module) of the one validator of a compilation."""
    [name] = [Path(k).stem for k in outputs if k.startswith("generated/js/")]
    return name, outputs[f"generated/js/{name}.js"], module_from_source(outputs[f"generated/python/{name}.py"], name)


# Runs cases through a script in node: SCRIPT MODULE CASES (JSON Lines) -> one result per line.
NODE_RUNNER = r"""
const fs = require("fs"), vm = require("vm");
const [script, name, file] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(script, "utf8"), { filename: script });
const validator = globalThis.RegcValidators[name];
const out = fs.readFileSync(file, "utf8").split("\n").filter((line) => line.length)
  .map((line) => JSON.stringify(validator.validate(JSON.parse(line))));
process.stdout.write(out.join("\n"));
"""


def run_node(tmp: Path, script: str, name: str, texts: list[str]) -> list[object]:
    (tmp / "runner.js").write_text(NODE_RUNNER, encoding="utf-8")
    (tmp / f"{name}.js").write_text(script, encoding="utf-8")
    (tmp / "cases.jsonl").write_text("\n".join(texts) + "\n", encoding="utf-8")
    run = subprocess.run([NODE, str(tmp / "runner.js"), str(tmp / f"{name}.js"), name, str(tmp / "cases.jsonl")],
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in run.stdout.split("\n")]   # not splitlines(): U+2028 is not a line end


# -- the cases ---------------------------------------------------------------------------------

def as_json(case: object) -> str:
    """A case as JSON text: what both validators read (exact numbers of YAML as the floats JSON has)."""
    return json.dumps(case, ensure_ascii=False, default=lambda o: float(o) if isinstance(o, Decimal) else str(o))


def worked_examples() -> list[tuple[dict[str, str], str, str]]:
    """(readings, name, case as JSON) of every worked example under rules/."""
    found = []
    for path in examples.discover(RULES):
        example = examples.load(path)
        found.append((example.readings, path.stem, as_json(example.case)))
    return found


def corpus_cases() -> list[str]:
    return [line for path in CORPUS for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def shared_cases() -> list[str]:
    found = []
    for path in sorted(SHARED_EXAMPLES.glob("*.yaml")):
        found += [as_json(item.case) for item in cases.read(str(path)) if isinstance(item, cases.Loaded)]
    return found


ODD = [None, True, False, 0, -0.0, 7, 2.5, 0.1, 1e-7, 1e16, 1.5e300, "", "x", "2024-02-30", "2024-2-3", "20240101",
       "0000-01-01", "P1", "lawyer", "4.1.a", "ĐĐ đồng ‘q’", "it's", 'say "hi"', "both ' and \"", "back\\slash",
       "tab\there\nnew\rline", "\x00\x07\x7f\x85", "\u00a0\u2028\u2029\u200b", "😀 𝔘", "a" * 60, "é" * 45, [], [1, 2],
       [[[[[1]]]]], {}, {"a": 1}, {"b": [1, {"c": {"d": {"e": 1}}}], "a": "x" * 50, "é": None, "Z": 2, "y": 3},
       list(range(9)), ["investigation", "zzz"], ["very_serious", "serious"]]
HOURS = [0.5, 1, 2.5, 3, 3.75, 4, 8, 11.5, 0, -1, 24, 25, 0.1, 0.3333333333333333, 2.675, 23.999999999999996, 1e-7,
         19.9, 20, 20.5, "3", None, True, [], float("inf"), float("-inf")]
TYPOS = {"case_id": "caseid", "assigned_on": "asigned_on", "payment_date": "payment_dte", "entries": "entrys",
         "providers": "provider", "hours": "hour", "certified_by": "certifed_by", "kind": "knd", "method": "methd"}
IDS = ["P1", "P2", "A-7", "b", "Zz", "é", "z", "😀", "\uffff", "P10", "P9", "10", "9"]
DATES = ["2017-08-01", "2021-07-14", "2021-07-15", "2023-07-01", "2024-03-05", "2024-07-01", "2026-07-01",
         "2026-12-31", "2027-01-01", "2027-03-01", "2028-02-29", "2029-12-01", "2030-01-16", "2030-05-02", "2030-07-01"]


def mutated(rng: random.Random, case: dict) -> object:
    """A case with one to three faults or unusual turns: odd values and types, typos, long days, ties,
    replacements, suspension, fixed time, groups of the aided person."""
    case = copy.deepcopy(case)
    for _ in range(rng.choice((1, 1, 2, 3))):
        entries = [e for e in case.get("entries") or () if isinstance(e, dict)] if isinstance(case.get("entries"), list) else []
        providers = [p for p in case.get("providers") or () if isinstance(p, dict)] if isinstance(case.get("providers"), list) else []
        turn = rng.randrange(14)
        if turn == 0:
            case[rng.choice(list(case))] = rng.choice(ODD)
        elif turn == 1 and entries:
            entry = rng.choice(entries)
            entry[rng.choice(list(entry))] = rng.choice(ODD)
        elif turn == 2 and entries:
            rng.choice(entries)["hours"] = rng.choice(HOURS)
        elif turn == 3:
            target = rng.choice([case, *entries, *providers])
            for key in [k for k in target if k in TYPOS and rng.random() < 0.5]:
                target[TYPOS[key]] = target.pop(key)
        elif turn == 4 and entries:
            entry, key = rng.choice(entries), rng.choice(("activity", "certified_by", "provider"))
            if isinstance(entry.get(key), str) and entry[key]:
                i = rng.randrange(len(entry[key]))
                entry[key] = entry[key][:i] + rng.choice(("", "x")) + entry[key][i + 1:]
        elif turn == 5 and providers:
            for p in providers:
                old, p["id"] = p.get("id"), rng.choice(IDS)
                for entry in entries:
                    entry["provider"] = p["id"] if entry.get("provider") == old else entry.get("provider")
        elif turn == 6 and len(providers) > 1:
            first, second = providers[0], providers[1]
            first["until"], second["from"] = rng.choice(DATES), rng.choice(DATES)
            if rng.random() < 0.7:
                second["method"] = rng.choice(("fixed_time", "actual_sessions"))
                second["method_chosen_on"] = rng.choice((second["from"], rng.choice(DATES)))
            if rng.random() < 0.3:
                second["stages"] = rng.choice((None, ["appeal"], ["investigation", "prosecution", "first_instance"], []))
        elif turn == 7:
            case["suspended_on"] = rng.choice(DATES)
            if rng.random() < 0.6:
                case["resumed_on"] = rng.choice(DATES)
        elif turn == 8:
            case["method"] = "fixed_time"
            case["method_chosen_on"] = case.get("assigned_on") if rng.random() < 0.7 else rng.choice(DATES)
            case["offense_classes"] = rng.choice((["very_serious"], ["serious", "very_serious"], ["less_serious"], []))
            case["stages"] = rng.choice((["investigation", "prosecution", "first_instance"], ["appeal"], ["trial"], []))
            if rng.random() < 0.3:
                case["complexity"] = rng.choice(("simple", "complex", "hard"))
        elif turn == 9:
            case[rng.choice(("assigned_on", "payment_date"))] = rng.choice([*DATES, None])
            for entry in entries:
                if rng.random() < 0.3:
                    entry["date"] = rng.choice(DATES)
        elif turn == 10 and entries:
            entry = rng.choice(entries)
            entries_list = case["entries"]
            entries_list += [dict(entry, hours=rng.choice((6, 8, 9.5, 12))) for _ in range(rng.randrange(1, 5))]
        elif turn == 11:
            case["aided_person"] = rng.choice((
                {"groups": [{"group": "elderly", "evidence": "born 1950"}]},
                {"groups": [{"group": "elderly", "evidence": "born 1950"}, {"group": "near_poor_household", "evidence": "c"}]},
                {"groups": [{"group": "financial_difficulty", "evidence": "x"}, {"group": "disabled", "evidence": "y"}]},
                {"groups": [{"group": "elderl", "evidence": 3}]}, {"groups": []}, {"groups": "elderly"}, {"groups": [7]},
                {"groups": [{"group": "trafficking_victim", "evidence": "e"}, {"group": "social_allowance_recipient", "evidence": "f"}]}))
        elif turn == 12:
            case["form"] = rng.choice(("proceedings", "extrajudicial", "mediation", "online", "proceeding"))
            case["proceeding"] = rng.choice(("criminal", "civil", "administrative", None, "crimnal"))
        elif turn == 13 and len(providers) > 1 and entries:   # the same work by each: ties
            case["entries"] = [dict(e, provider=p.get("id")) for e in entries[:6] for p in providers]
    return case


def messy_cases(seed: int, count: int, bases: list[str]) -> list[str]:
    rng = random.Random(seed)
    parsed = [json.loads(text) for text in bases]
    made = [mutated(rng, rng.choice(parsed)) for _ in range(count)]
    made += [None, [], "case", 3, {}, {"case_id": 5}, {"case_id": 5.5, "providers": {}}]
    # JSON has no infinity: 1e400 is read as one by both (json.loads and JSON.parse)
    return [as_json(case).replace("-Infinity", "-1e400").replace("Infinity", "1e400") for case in made]


def golden_cases(seed: int, count: int) -> list[str]:
    """Cases for the golden rules, whose tables are known: caps from tables, fixed levels, multipliers,
    a day of 20 hours that counts refused entries, ties in the order listed."""
    rng = random.Random(seed)
    pools = {"criminal": [("3.1.a", "judge"), ("3.1.b", "legal_aid_center")], "civil": [("3.1.b", "legal_aid_center")],
             "extrajudicial": [("3.1.dd", "legal_aid_center")]}
    out = []
    for n in range(count):
        form = rng.choice(("proceedings", "proceedings", "extrajudicial"))
        proceeding = rng.choice(("criminal", "civil")) if form == "proceedings" else None
        ids = rng.sample(["P1", "P2", "b", "A", "10", "9"], rng.randint(1, 3))
        method = rng.choice(("actual_sessions", "actual_sessions", "fixed_time"))
        case: dict = {"case_id": f"G-{n}", "form": form, "method": method, "assigned_on": "2030-01-15",
                      "providers": [{"id": i, "kind": rng.choice(("lawyer", "lawyer", "legal_aid_officer"))} for i in ids]}
        if proceeding:
            case["proceeding"] = proceeding
        if rng.random() < 0.7:
            case["payment_date"] = rng.choice(("2030-06-30", "2030-07-01", "2031-01-01", "2028-01-01"))
        long_day, entries = f"2030-03-{rng.randint(1, 28):02d}", []
        for _ in range(rng.randint(0, 14)):
            activity, certifier = rng.choice(pools[proceeding or form])
            entry = {"date": long_day if rng.random() < 0.3 else f"2030-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "provider": rng.choice(ids), "activity": activity,
                     "hours": rng.choice((1, 2, 2.5, 3, 4, 5, 7.5, 8, 9, 12, 0.5)),
                     "certified_by": certifier if rng.random() < 0.9 else "judge"}
            if method == "fixed_time" and rng.random() < 0.7:
                del entry["hours"]
            entries.append(entry)
        if len(ids) > 1 and rng.random() < 0.3:
            entries = [dict(e, provider=i) for e in entries[:4] for i in ids]
        case["entries"] = entries
        if method == "fixed_time" or rng.random() < 0.3:
            case["method_chosen_on"] = rng.choice(("2030-01-15", "2030-01-16", "2029-12-01"))
            case["stages"] = rng.choice((["investigation"], ["trial"], ["investigation", "trial"], []))
            case["offense_classes"] = rng.choice((["less_serious"], ["serious"], ["less_serious", "serious"], []))
        if rng.random() < 0.15:
            case["suspended_on"], case["resumed_on"] = "2030-04-01", rng.choice(("2030-06-01", None))
        if len(ids) > 1 and rng.random() < 0.15:
            case["providers"][0]["until"], case["providers"][1]["from"] = "2030-05-01", "2030-05-02"
            if rng.random() < 0.5:
                case["providers"][1].update(method=rng.choice(("fixed_time", "actual_sessions")), method_chosen_on="2030-05-02")
        out.append(json.dumps(case))
    return out


# -- comparing ---------------------------------------------------------------------------------

def first_difference(a: object, b: object, path: str = "$") -> str | None:
    """Where two JSON values first differ, or None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        return next((d for k in a if (d := first_difference(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list) and isinstance(b, list):
        found = next((d for i, (x, y) in enumerate(zip(a, b, strict=False)) if (d := first_difference(x, y, f"{path}[{i}]"))), None)
        return found or (f"{path}: {len(a)} items != {len(b)}" if len(a) != len(b) else None)
    same = a == b and type(a) is type(b) or (type(a) in (int, float) and type(b) in (int, float) and a == b)
    return None if same else f"{path}: Python {a!r} != JavaScript {b!r}"


def assert_same(texts: list[str], python_module, javascript: list[object], label: str) -> int:
    assert len(javascript) == len(texts)
    differences = []
    for text, js_result in zip(texts, javascript, strict=True):
        py_result = json.loads(json.dumps(python_module.validate(json.loads(text))))
        found = first_difference(py_result, js_result)
        if found:
            differences.append(f"case {text[:160]}\n    {found}")
    assert not differences, f"{label}: {len(differences)} of {len(texts)} cases differ; the first:\n" + "\n".join(differences[:3])
    return len(texts)


# -- golden file -------------------------------------------------------------------------------

def without_digest(text: str) -> str:
    """The script as the golden file holds it: the digest as <digest>, the runtime (tested by the
    differential tests below) as one line."""
    assert text.count(runtime_source()) == 1
    text = text.replace(runtime_source(), "// <compiler/backends/js/runtime.js, inlined verbatim>")
    return re.sub(r"\b[0-9a-f]{32}\b", "<digest>", text)


def test_the_golden_rule_set_generates_the_expected_script(update_goldens):
    text = without_digest(compiled(GOLDEN_RULES)[OUTPUT])
    if update_goldens:
        GOLDEN_EXPECTED.write_bytes(text.encode("utf-8"))
    assert GOLDEN_EXPECTED.is_file(), f"{GOLDEN_EXPECTED} is missing: run `pytest --update-goldens` and review it"
    assert text == GOLDEN_EXPECTED.read_text(encoding="utf-8"), (
        f"the generated script differs from {GOLDEN_EXPECTED.relative_to(ROOT)}; if the change is intended, "
        "run `pytest --update-goldens` and review the diff")


def test_the_script_carries_the_digest_is_traced_and_stands_alone():
    text = compiled(GOLDEN_RULES)[OUTPUT]
    digest = rules_digest(GOLDEN_RULES)
    assert text.startswith("// Generated by regc from rules/decree.rules, rules/instrument.rules. Do not edit")
    assert text.splitlines()[1] == f"// regc: rules and compiler digest {digest}"
    assert f'RULES_DIGEST: "{digest}"' in text
    assert "      // rules/instrument.rules:60  99/2030/TT-GOLD 3.1.a; certified under 3.3.a (rules/instrument.rules:78)\n" in text
    assert "          // rules/decree.rules:10  77/2029/ND-GOLD 5.1\n" in text
    assert 'globalThis.RegcValidators["golden_circular"] = Object.freeze({' in text
    assert not re.search(r"\brequire\(|\bimport\b|\bfetch\(|XMLHttpRequest|\beval\(|new Function|document\.|window\.", text)


@needs_node
@pytest.mark.parametrize("rules", [GOLDEN_RULES, RULES], ids=["golden", "real"])
def test_the_script_parses(rules, tmp_path):
    (tmp_path / "v.js").write_text(next(t for k, t in compiled(rules).items() if k.startswith("generated/js/")), encoding="utf-8")
    subprocess.run([NODE, "--check", str(tmp_path / "v.js")], check=True, capture_output=True)


# -- injection ---------------------------------------------------------------------------------

def skeleton(text: str) -> str:
    """The rules' part of a script without its string literals and comments: its shape."""
    data = text.replace(runtime_source(), "")
    data = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', data)
    return re.sub(r"//[^\n]*", "//", data)


FIXED_CASE = {"case_id": "H", "form": "proceedings", "proceeding": "criminal", "method": "fixed_time",
              "assigned_on": "2030-03-01", "method_chosen_on": "2030-03-01", "payment_date": "2030-03-20",
              "stages": ["trial"], "offense_classes": ["serious"], "providers": [{"id": "P1", "kind": "lawyer"}],
              "entries": [{"date": "2030-03-02", "provider": "P1", "activity": "3.1.a", "certified_by": "judge"}]}
PAID_CASE = dict(FIXED_CASE, method="actual_sessions", entries=[dict(FIXED_CASE["entries"][0], hours=5)])


@needs_node
@pytest.mark.parametrize("file_name", HOSTILE_FILE_NAMES.values(), ids=HOSTILE_FILE_NAMES.keys())
def test_hostile_texts_cannot_inject_code_into_the_script(tmp_path, file_name):
    normal = compiled(GOLDEN_RULES)[OUTPUT]
    text = compiled(hostile_rules(tmp_path, file_name=file_name))[OUTPUT]
    assert skeleton(text) == skeleton(normal)
    script = tmp_path / "hostile.js"
    script.write_text(text + "\nconst v = globalThis.RegcValidators.golden_circular;\nprocess.stdout.write(JSON.stringify("
                      f"[v.TITLE, v.INSTRUMENT, v.validate({json.dumps(FIXED_CASE)}), v.validate({json.dumps(PAID_CASE)})]));\n",
                      encoding="utf-8")
    title, instrument, fixed, paid = json.loads(subprocess.run([NODE, str(script)], capture_output=True, text=True,
                                                               check=True).stdout)
    assert (title, instrument) == (HOSTILE, "99/2030/TT-GOLD")
    [pending] = [f["message"] for f in fixed["findings"] if f["code"] == "VALUE_PENDING"]
    assert pending == f"the fixed working time comes from {HOSTILE} (table), whose value is pending ({HOSTILE} (cell))"
    [salary] = [step for step in paid["trace"] if step["step"].startswith("base salary on")]
    assert (salary["citation"], paid["amount_vnd"]) == (HOSTILE + " (source)", 750000)


def test_a_text_cannot_end_the_script_element_it_is_pasted_into(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(GOLDEN_RULES, rules)
    hostile = "</script><script>alert(1)</script><!-- <SCRIPT"
    for name, old in (("instrument.rules", "Invented circular on counting test sessions"), ("decree.rules", "Invented fixed levels")):
        path = rules / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, hostile), encoding="utf-8")
    text = compiled(rules)[OUTPUT]
    assert "<" not in text.replace(runtime_source(), "")   # in literals and comments alike
    assert "\\u003c/script>" in text


# -- the same results as the Python validators ---------------------------------------------------

@pytest.fixture(scope="module")
def real_rules():
    """(name, script, Python module) for rules/ as read by default and for each readings a worked example asks for."""
    modules = {(): module_pair(compiled(RULES))}
    for readings, _, _ in worked_examples():
        key = tuple(sorted(readings.items()))
        if key not in modules:
            modules[key] = module_pair(compiled(RULES, readings=dict(readings)))
    return modules


def case_groups(modules) -> list[tuple[str, tuple, list[str]]]:
    """The worked examples, by the readings they ask for, and the corpus: (label, readings, cases)."""
    groups: dict[tuple, list[str]] = {}
    for readings, _, text in worked_examples():
        groups.setdefault(tuple(sorted(readings.items())), []).append(text)
    found = [(f"worked examples {dict(key) or ''}".strip(), key, texts) for key, texts in groups.items()]
    return found + [("corpus", (), corpus_cases())]


@needs_node
def test_the_script_gives_the_python_results_in_node(real_rules, tmp_path):
    started, compared = time.perf_counter(), 0
    for label, key, texts in case_groups(real_rules):
        name, script, module = real_rules[key]
        compared += assert_same(texts, module, run_node(tmp_path, script, name, texts), label)
    bases = corpus_cases() + [text for _, _, text in worked_examples()] + (shared_cases() if SHARED_EXAMPLES.is_dir() else [])
    messy = messy_cases(2026, 1500, bases)
    name, script, module = real_rules[()]
    compared += assert_same(shared_cases() + messy, module, run_node(tmp_path, script, name, shared_cases() + messy), "messy cases")
    name, script, module = module_pair(compiled(f"{RULES}+{DRAFT}"))
    texts = corpus_cases() + messy_cases(2027, 500, bases)
    compared += assert_same(texts, module, run_node(tmp_path, script, name, texts), "rules with the draft of 2026")
    name, script, module = module_pair(compiled(GOLDEN_RULES))
    golden = golden_cases(2030, 600)
    texts = golden + messy_cases(2031, 400, golden)
    compared += assert_same(texts, module, run_node(tmp_path, script, name, texts), "golden rules")
    print(f"{compared} cases compared in node in {time.perf_counter() - started:.1f} s")


README_ACTS = re.findall(r"```rules\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8")
                         .split("## Amendments and time", 1)[1].split("\n## ", 1)[0], re.DOTALL)


@needs_node
def test_the_script_follows_amending_acts_as_python_does(tmp_path):
    """The README's acts with a transitional provision and with a temporary change, and the first again
    under `amendments_apply entries_by assigned_on case_by payment_date` (no rule file says it today)."""
    acts = [act for act in README_ACTS if "keeps_old_rules" in act or " until " in act]
    assert len(acts) == 2
    bases = corpus_cases()
    texts = bases + messy_cases(2028, 300, bases)
    for n, (act, apply) in enumerate([(acts[0], False), (acts[1], False), (acts[0], True)]):
        rules = tmp_path / f"rules-{n}"
        shutil.copytree(RULES, rules)
        (rules / "act.rules").write_text(act, encoding="utf-8")
        if apply:
            path = rules / "circular-02-2021" / "chapter-4-implementation.rules"
            text = path.read_text(encoding="utf-8")
            assert "    before_in_force governed_by" in text
            path.write_text(text.replace("    before_in_force governed_by", "    amendments_apply entries_by assigned_on "
                                         "case_by payment_date\n    before_in_force governed_by", 1), encoding="utf-8")
        name, script, module = module_pair(compiled(rules))
        assert_same(texts, module, run_node(tmp_path, script, name, texts), f"rules with the act {act.splitlines()[0]}"
                    + (" and amendments_apply" if apply else ""))


@needs_node
def test_the_runtime_keeps_pythons_semantics(tmp_path):
    """repr() and reprlib in messages, difflib's suggestions, 28-digit decimal division, figures and money."""
    rng = random.Random(7)
    letters = list("abcdeéđĐ'\"\\ \t\n\x00\x7f\x85\xa0\u2028\u200b😀𝔘zZ_-.0123456789") + ["lawyer", "4.1.", "proceedings"]
    words = ["".join(rng.choice(letters) for _ in range(rng.choice((3, 12, 50)))) for _ in range(200)]
    values = [*words, *ODD, 12345678901234, -9007199254740991, 1e-5, 1e-4, 1e15 + 0.5, -2.5e-10]
    choices = [["lawyer", "legal_aid_officer"], ["4.1.a", "4.1.b", "4.1.dd", "5.1.a"], ["abc", "abd", "bcd", "xbc"],
               ["case_id", "form", "proceeding", "method", "assigned_on", "payment_date", "providers", "entries"]]
    typed = [*words[:100], "lawyr", "procedings", "4.1.d", "caseid", "entrys", "abx", "x" * 250, "ab" * 120]
    pairs = [(Decimal(rng.randint(1, 10 ** rng.randint(1, 12))) / 10 ** rng.randint(0, 6),
              Decimal(rng.randint(1, 10 ** rng.randint(1, 6))) / 10 ** rng.randint(0, 3)) for _ in range(300)]
    pairs += [(Decimal(1), Decimal(3)), (Decimal(2), Decimal(3)), (Decimal("123456789.987654321"), Decimal("0.000003"))]
    expected = {"show": [python_runtime.show(v) for v in values],
                "suggest": [[python_runtime.suggest(w, c) for c in choices] for w in typed],
                "quotient": [python_runtime.fmt(a / b) for a, b in pairs],
                "money": [python_runtime.vnd(a * 1000 / b) for a, b in pairs],
                "figure": [python_runtime.num(a / b) for a, b in pairs]}
    script = tmp_path / "helpers.js"
    script.write_text(runtime_source() + """
const [values, choices, typed, pairs] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const P = pairs.map(([a, b]) => [dec(a), dec(b)]);
process.stdout.write(JSON.stringify({
  show: values.map(show), suggest: typed.map((w) => choices.map((c) => suggest(w, c))),
  quotient: P.map(([a, b]) => fmt(div(a, b))), money: P.map(([a, b]) => vnd(div(mul(a, 1000), b))),
  figure: P.map(([a, b]) => num(div(a, b))),
}));
""", encoding="utf-8")
    given = json.dumps([values, choices, typed, [[str(a), str(b)] for a, b in pairs]]).replace("-Infinity", "-1e400")
    got = json.loads(subprocess.run([NODE, str(script)], input=given, capture_output=True, text=True, check=True).stdout)
    for key, want in expected.items():
        wrong = [(w, g) for w, g in zip(want, got[key], strict=True) if w != g]
        assert not wrong, f"{key}: {len(wrong)} differ, e.g. Python {wrong[0][0]!r}, JavaScript {wrong[0][1]!r}"


# -- in a browser --------------------------------------------------------------------------------

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_script_gives_the_python_results_in_chromium(real_rules, tmp_path):
    """The worked examples and the corpus in a page that loads the script from a file, as the docs site does."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package `playwright` is not installed")
    started, compared = time.perf_counter(), 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS, offline=True)
        try:
            for n, (label, key, texts) in enumerate(case_groups(real_rules)):
                name, script, module = real_rules[key]
                folder = tmp_path / f"site-{n}"
                folder.mkdir()
                (folder / f"{name}.js").write_text(script, encoding="utf-8")
                (folder / "index.html").write_text(f'<!doctype html><meta charset="utf-8"><script src="{name}.js"></script>',
                                                   encoding="utf-8")
                page = browser.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.goto((folder / "index.html").as_uri())
                results = page.evaluate("([name, texts]) => texts.map((t) => JSON.stringify("
                                        "globalThis.RegcValidators[name].validate(JSON.parse(t))))", [name, texts])
                page.close()
                assert not errors
                compared += assert_same(texts, module, [json.loads(r) for r in results], f"{label} in Chromium")
        finally:
            browser.close()
    print(f"{compared} cases compared in Chromium in {time.perf_counter() - started:.1f} s")
