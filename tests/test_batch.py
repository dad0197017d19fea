"""compiler/batch.py and compiler/progress.py: batches in order, in chunks, with workers or not."""
from __future__ import annotations

import io
import json
from decimal import Decimal

from compiler import batch, cases
from compiler.api import fresh_module, import_module
from compiler.progress import Progress


def write_batch(path, count: int, broken_at: int | None = None) -> None:
    lines = []
    for n in range(count):
        lines.append('{"case_id": "broken"' if n == broken_at else json.dumps(
            {"case_id": f"B-{n}", "form": "proceedings", "proceeding": "criminal", "method": "actual_sessions",
             "assigned_on": "2025-01-01", "providers": [{"id": "P1", "kind": "lawyer"}],
             "entries": [{"date": "2025-01-02", "provider": "P1", "activity": "4.1.a", "hours": 1 + n % 7,
                          "certified_by": "presiding_agency"}]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(files, jobs: int, root):
    module = fresh_module(root / "rules")
    assert module is not None, "generated/ is stale: run `regc build`"
    out = io.StringIO()
    ticks = []
    totals = batch.run([str(f) for f in files], ("file", str(module)), import_module(module), "json", out.write, jobs,
                       lambda cases, chars: ticks.append((cases, chars)))
    return out.getvalue(), totals, ticks


def test_blocks_keep_the_input_order_across_files_and_workers(tmp_path, root, monkeypatch):
    monkeypatch.setattr(cases, "BLOCK", 4096)   # many blocks, nearly every read ending inside a line
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_batch(first, batch.CHUNK + 10, broken_at=3)
    write_batch(second, 5)
    alone, totals, ticks = run([first, tmp_path / "missing.jsonl", second], 1, root)
    with_workers, totals_2, _ = run([first, tmp_path / "missing.jsonl", second], 2, root)
    assert alone == with_workers
    ids = [json.loads(line)["case_id"] for line in alone.splitlines()]
    assert ids == [f"B-{n}" if n != 3 else None for n in range(batch.CHUNK + 10)] + [f"B-{n}" for n in range(5)]
    broken = json.loads(alone.splitlines()[3])["findings"][0]
    assert broken["message"].startswith(f"{first}:4: ")   # the line of the file, whichever block it was in
    assert totals.cases == totals_2.cases == batch.CHUNK + 15
    assert totals.counts["rejected"] == 1 and totals.unreadable == [f"{tmp_path / 'missing.jsonl'}: No such file or directory"]
    assert len(ticks) > 10 and sum(cases for cases, _ in ticks) == batch.CHUNK + 15
    assert sum(size for _, size in ticks) == len(first.read_bytes()) + len(second.read_bytes())


def test_json_lines_read_in_blocks_are_read_as_line_by_line(tmp_path, monkeypatch):
    """Whatever the blocks, each line is one case, named by its line: a byte order mark, blank lines,
    a line longer than a block, a line that is not UTF-8 and a last line without its line end."""
    monkeypatch.setattr(cases, "BLOCK", 16)
    path = tmp_path / "x.jsonl"
    long_line = b'{"b": [' + b"2, " * 50 + b"2]}"
    path.write_bytes(b"\n".join([b'\xef\xbb\xbf{"a": 1}', b"", b"   ", long_line, b"\xff{}", b'{"c": 3.5}']))
    items = list(cases.read(str(path)))
    assert [(type(item).__name__, item.where) for item in items] == [
        ("Loaded", f"{path}:1"), ("Loaded", f"{path}:4"), ("Broken", f"{path}:5"), ("Loaded", f"{path}:6")]
    assert items[0].case == {"a": 1} and len(items[1].case["b"]) == 51 and items[3].case == {"c": Decimal("3.5")}
    assert "not UTF-8" in items[2].message


def test_the_summary_line():
    assert batch.summary({"ok": 1200, "rejected": 3, "not_governed": 1}) == "1,204 cases: 1,200 ok, 3 rejected, 1 not governed"


def test_the_progress_bar_shows_the_share_of_the_input_read_and_the_cases(tmp_path):
    batch_file = tmp_path / "b.jsonl"
    batch_file.write_text("x" * 1000, encoding="utf-8")
    stream = io.StringIO()
    progress = Progress([str(batch_file)], stream)
    progress.tick(300, 250)
    progress.bar.refresh()
    drawn = stream.getvalue().split("\r")[-1]
    assert drawn.lstrip().startswith("25%|") and "250/1.00k" in drawn and "300 cases, " in drawn
    progress.close()
    unknown = io.StringIO()
    progress = Progress(["-"], unknown)   # standard input: no size, no bar
    progress.tick(7, 100)
    progress.bar.refresh()
    assert unknown.getvalue().split("\r")[-1].startswith("7 cases, ")
    progress.close()
