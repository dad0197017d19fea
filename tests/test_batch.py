"""compiler/batch.py and compiler/progress.py: batches in order, in chunks, with workers or not."""
from __future__ import annotations

import io
import json

from compiler import batch
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


def test_chunks_keep_the_input_order_across_files_and_workers(tmp_path, root):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_batch(first, batch.CHUNK + 10, broken_at=3)
    write_batch(second, 5)
    alone, totals, ticks = run([first, tmp_path / "missing.jsonl", second], 1, root)
    with_workers, totals_2, _ = run([first, tmp_path / "missing.jsonl", second], 2, root)
    assert alone == with_workers
    ids = [json.loads(line)["case_id"] for line in alone.splitlines()]
    assert ids == [f"B-{n}" if n != 3 else None for n in range(batch.CHUNK + 10)] + [f"B-{n}" for n in range(5)]
    assert totals.cases == totals_2.cases == batch.CHUNK + 15
    assert totals.counts["rejected"] == 1 and totals.unreadable == [f"{tmp_path / 'missing.jsonl'}: No such file or directory"]
    assert [cases for cases, _ in ticks] == [batch.CHUNK, 15]
    assert sum(chars for _, chars in ticks) == len(first.read_text(encoding="utf-8")) + len(second.read_text(encoding="utf-8"))


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
