#!/usr/bin/env python3
"""regc lsp benchmark: how soon the diagnostics of an edit reach the editor. Prints figures, never asserts.

    .venv/bin/python benchmarks/lsp_bench.py              # 21 edits of the largest rule file
    .venv/bin/python benchmarks/lsp_bench.py --edits 51

The language server (`python -m compiler --rules COPY/rules lsp`, on a copy of rules/ in a temporary
folder) is driven over standard input and output by pygls' client, as an editor drives it. The largest
rule file (chapter-2-actual-sessions.rules) is opened, then edited again and again, each edit alternately
making an error (a certifier role misspelt) and mending it; the figure is the time from sending an edit
(textDocument/didChange) to receiving the diagnostics of that version of the file
(textDocument/publishDiagnostics), median of the edits (target: 300 ms). It includes the server's wait
for more edits of a burst (server.DEBOUNCE) and the round trip through the pipes.

In-process figures besides: workspace.compile_texts() after the same edit with the parse cache (only the
edited file parsed again), and without it (every file parsed), medians.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent
LARGEST = "rules/circular-02-2021/chapter-2-actual-sessions.rules"
RIGHT, WRONG = "by presiding_person", "by presiding_persn"
TARGET_MS = 300


async def edits_to_diagnostics(project: Path, edits: int) -> tuple[list[float], float]:
    """Milliseconds from each edit to its diagnostics; and from `initialized` to the first diagnostics."""
    client = LanguageClient("regc-lsp-bench", "1")
    arrived: dict[tuple[str, int | None], float] = {}
    event = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        arrived.setdefault((params.uri, params.version), time.perf_counter())
        event.set()

    async def until(key: tuple[str, int | None]) -> float:
        while key not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 60)
        return arrived[key]

    await client.start_io(sys.executable, "-m", "compiler", "--rules", str(project / "rules"), "lsp",
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    path = project / LARGEST
    uri = from_fs_path(str(path)) or ""
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                       root_uri=from_fs_path(str(project))))
    started = time.perf_counter()
    client.initialized(lsp.InitializedParams())
    first = (await until((uri, None)) - started) * 1000
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "regc-rules", 1, text)))
    await until((uri, 1))
    offset = text.index(RIGHT) + len("by ")
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    times = []
    for version in range(2, edits + 2):
        old, new = (RIGHT, WRONG) if version % 2 == 0 else (WRONG, RIGHT)
        span = lsp.Range(lsp.Position(line, col), lsp.Position(line, col + len(old) - len("by ")))
        sent = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version, uri),
            [lsp.TextDocumentContentChangePartial(span, new[len("by "):])]))
        times.append((await until((uri, version)) - sent) * 1000)
        await asyncio.sleep(0.05)   # an editor's edits come apart; each is measured on its own
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, first


def in_process(project: Path, edits: int) -> tuple[list[float], list[float]]:
    """Milliseconds of workspace.compile_texts() after an edit: with the parse cache, and without."""
    sys.path.insert(0, str(ROOT))
    from compiler.workspace import ParseCache, compile_texts

    path = (project / LARGEST).resolve()
    text = path.read_text(encoding="utf-8")
    cache = ParseCache()
    compile_texts(project / "rules", {}, cache)
    cached, cold = [], []
    for n in range(edits):
        edited = text.replace(RIGHT, WRONG, 1) if n % 2 == 0 else text
        start = time.perf_counter()
        compile_texts(project / "rules", {path: edited}, cache)
        cached.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        compile_texts(project / "rules", {path: edited})
        cold.append((time.perf_counter() - start) * 1000)
    return cached, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=21, help="how many edits to time (default 21)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regc-lsp-bench-") as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "rules", project / "rules")
        size = (project / LARGEST).stat().st_size
        times, first = asyncio.run(edits_to_diagnostics(project, args.edits))
        cached, cold = in_process(project, args.edits)
    median = statistics.median(times)
    verdict = "met" if median <= TARGET_MS else "NOT met"
    print(f"regc lsp: an edit of {LARGEST} ({size:,} bytes), {len(times)} edits")
    print(f"  edit -> its diagnostics on the client, median  {median:7.1f} ms   (target <= {TARGET_MS} ms: {verdict}, "
          f"{median / TARGET_MS:.2f}x)")
    print(f"                                    min / max    {min(times):7.1f} / {max(times):.1f} ms")
    print(f"  first diagnostics of the tree after start     {first:7.1f} ms")
    print(f"  compile_texts() after the edit, parse cache   {statistics.median(cached):7.1f} ms   (only the edited file parsed)")
    print(f"  compile_texts() after the edit, no cache      {statistics.median(cold):7.1f} ms   (every file parsed)")


if __name__ == "__main__":
    main()
