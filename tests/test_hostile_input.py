"""Hostile and huge input costs the case it is in, never its neighbours, and never reaches the user as
a traceback or a crash (issue 10): deep nesting in JSON, JSON Lines, YAML and through the Python API,
bytes that are not UTF-8, and batch files that must be streamed whatever they are called."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import cases, cli
from compiler.api import load_validator

GOOD = {"case_id": "G", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
        "assigned_on": "2024-03-01", "providers": [{"id": "P1", "kind": "lawyer"}],
        "entries": [{"date": "2024-03-02", "provider": "P1", "activity": "4.1.a", "hours": 4, "certified_by": "presiding_agency"}]}


def good(n: int) -> bytes:
    return json.dumps(dict(GOOD, case_id=f"G-{n}")).encode("utf-8")


def validate(capsys, rules_dir, path: Path) -> tuple[int, list[dict], str]:
    code = cli.main(["--rules", str(rules_dir), "validate", "--format", "json", str(path)])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def invalid(result: dict) -> str:
    [finding] = result["findings"]
    assert finding["code"] == "INVALID_CASE" and result["status"] == "rejected"
    return finding["message"]


def test_a_line_nested_100000_deep_costs_one_result_of_a_thousand(capsys, rules_dir, tmp_path):
    lines = [good(n) for n in range(1000)]
    lines.insert(500, b"[" * 100_000 + b"]" * 100_000)
    lines.insert(200, json.dumps({"case_id": "deep-but-parsable", "entries": json.loads("[" * 150 + "]" * 150)}).encode())
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, results, err = validate(capsys, rules_dir, path)
    assert code == 1 and "Traceback" not in err
    assert len(results) == 1002
    assert invalid(results[200]) == f"{path}:201: nested more than {cases.MAX_DEPTH} levels deep: not a case"
    assert invalid(results[501]) == f"{path}:502: nested more than {cases.MAX_DEPTH} levels deep: not a case"
    assert [r["case_id"] for r in results if r["case_id"]] == [f"G-{n}" for n in range(1000)]


@pytest.mark.parametrize("depth", [1_000, 20_000, 100_000])
def test_yaml_nested_deep_is_a_clear_error_in_a_process_that_survives(rules_dir, tmp_path, depth):
    """YAML's C composer would crash the process at 100,000 levels: the depth is measured before it
    parses. Run in a child process, so that a crash would be seen as one."""
    flow = tmp_path / "flow.yaml"
    flow.write_text("case_id: deep\nentries: " + "[" * depth + "]" * depth + "\n---\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    block = tmp_path / "block.yaml"
    block.write_text("".join(" " * i + "- x:\n" for i in range(0, 2 * min(depth, 5_000), 2)), encoding="utf-8")
    for path, count in ((flow, 2), (block, 1)):
        run = subprocess.run([sys.executable, "-m", "compiler", "--rules", str(rules_dir), "validate", "--format", "json", str(path)],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 1, run.stderr[-2000:]
        results = [json.loads(line) for line in run.stdout.splitlines()]
        assert len(results) == count and "nested more than" in invalid(results[0])
    assert results[0]["findings"][0]["message"].startswith(f"{block}:1:")


def test_a_json_document_nested_deep_is_invalid_case(capsys, rules_dir, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"case_id": "x", "entries": ' + "[" * 2000 + "]" * 2000 + "}", encoding="utf-8")
    code, [result], err = validate(capsys, rules_dir, path)
    assert code == 1 and "nested more than" in invalid(result) and "Traceback" not in err


def test_the_python_api_reports_a_deep_value_in_any_field(rules_dir):
    validator = load_validator(rules_dir)
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    results = [validator.validate(deep), validator.validate(dict(GOOD, case_id=deep)),
               validator.validate(dict(GOOD, entries=[dict(GOOD["entries"][0], hours=deep, provider=deep)])),
               validator.validate(dict(GOOD, providers=[{"id": deep, "kind": deep}]))]
    assert all(r["status"] == "rejected" for r in results)
    assert results[1]["findings"][0]["message"] == "case_id: expected text, found a list [[[[...]]]]"


def test_a_line_that_is_not_utf8_costs_that_line_only(capsys, rules_dir, tmp_path):
    lines = [good(n) for n in range(1000)]
    lines[3] = lines[3].replace(b"G-3", b"G-\xff3")    # a bad byte early: the cases before it are kept too
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, results, _ = validate(capsys, rules_dir, path)
    assert code == 1 and len(results) == 1000
    assert invalid(results[3]).startswith(f"{path}:4: not UTF-8 text (invalid start byte at byte ")
    assert sum(r["status"] == "ok" for r in results) == 999


class Watched(io.BytesIO):
    """A file that remembers how far it has been read."""
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def _note(self) -> None:
        self.furthest = max(self.furthest, self.tell())

    def read(self, *args):
        data = super().read(*args)
        self._note()
        return data

    def read1(self, *args):
        data = super().read1(*args)
        self._note()
        return data

    def readline(self, *args):
        data = super().readline(*args)
        self._note()
        return data

    def __next__(self):
        data = super().__next__()
        self._note()
        return data


@pytest.mark.parametrize("layout", ["one case a line", "an array on one line", "a pretty array"])
def test_a_json_batch_is_streamed_whatever_its_layout(layout):
    """The first case comes out before the file is read to its end: memory holds a case, not the file."""
    batch = [dict(GOOD, case_id=f"S-{n}") for n in range(20_000)]
    data = {"one case a line": "\n".join(json.dumps(c) for c in batch),
            "an array on one line": json.dumps(batch),
            "a pretty array": json.dumps(batch, indent=2)}[layout].encode("utf-8")
    stream = Watched(data)
    items = cases.each_case(cases._by_kind(stream, "batch.json", "json"))
    first = next(items)
    assert first.case["case_id"] == "S-0"
    assert stream.furthest < len(data) / 10
    rest = list(items)
    assert len(rest) == 19_999 and rest[-1].case["case_id"] == "S-19999"
    if layout == "a pretty array":
        assert rest[0].where == "batch.json:24"    # each case is named by the line it starts on


def test_a_broken_array_says_where_and_keeps_what_came_before():
    data = b'[{"case_id": "A"},\n {"case_id": "B"},\n {"case_id": "\xffC"}, {"case_id": "D"} ,\n {"case_id" "E"}]'
    items = list(cases._by_kind(io.BytesIO(data), "a.json", "json"))
    assert [type(i).__name__ for i in items] == ["Loaded", "Loaded", "Broken", "Loaded", "Broken"]
    assert (items[2].where, items[4].where) == ("a.json:3", "a.json:4")
    assert items[4].message == "not valid JSON: Expecting ':' delimiter"


def test_unclosed_and_empty_inputs():
    cut = list(cases._by_kind(io.BytesIO(b'[{"case_id": "A"}'), "a.json", "json"))
    assert cut[0].case == {"case_id": "A"} and cut[1].message == "not valid JSON: the array of cases is not closed"
    assert list(cases._by_kind(io.BytesIO(b"[]"), "a.json", "json")) == []
    assert [i.message for i in cases._by_kind(io.BytesIO(b"  "), "a.json", "json")] == ["no case in the file"]
    with_bom = list(cases.each_case(cases._by_kind(io.BytesIO(b"\xef\xbb\xbf" + good(1)), "bom.jsonl", "jsonl")))
    assert with_bom[0].case["case_id"] == "G-1"
