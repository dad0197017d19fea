"""Validating a batch of cases, in input order, in this process or in N worker processes.

`regc validate` reads its files here. Cases go out in chunks and their results come back as text
ready to write, chunk by chunk in the order read; at most two chunks per worker are in flight, so
memory stays flat whatever the size of the batch. JSON Lines go out as blocks of whole lines, as
read: the workers split, decode and parse them, and the reading process never touches a line. With
one job nothing is forked and the same functions run here.

A worker loads the validator the way the parent did: the committed module by its path, or the
source the parent compiled in memory (never from a file others could write).
"""
from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from . import cases

# One encoder for every result: json.dumps with an argument builds a new one per call.
_encode_result = json.JSONEncoder(ensure_ascii=False).encode

CHUNK = 256   # cases per chunk: large enough to pay for the trip to a worker, small enough to stream

# What a worker is told to load: ("file", path) or ("source", text, module name).
ValidatorSpec = tuple[str, ...]
Done = tuple[str, dict[str, int], int]   # a chunk's results: (text, count by status, cases)
Tick = Callable[[int, int], None]        # (cases done, characters of input they took)


class Totals:
    """What a batch gave: results by status, and whether a file could not be read."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.unreadable: list[str] = []

    def add(self, counts: dict[str, int]) -> None:
        for status, n in counts.items():
            self.counts[status] = self.counts.get(status, 0) + n

    @property
    def cases(self) -> int:
        return sum(self.counts.values())


def load(spec: ValidatorSpec) -> ModuleType:
    from .api import import_module, module_from_source

    if spec[0] == "file":
        from pathlib import Path
        return import_module(Path(spec[1]))
    return module_from_source(spec[1], spec[2])


def run(files: Iterable[str], spec: ValidatorSpec, validator: ModuleType, form: str, write: Callable[[str], Any],
        jobs: int = 1, tick: Tick | None = None) -> Totals:
    """Validate every case of `files` and write each result (`form` is "json" or "text") in order."""
    totals = Totals()
    chunks = _chunks(_items(files, totals))
    if jobs <= 1:
        done = ((_validate(validator, chunk, form), chars) for chunk, chars in chunks)
        return _drain(done, totals, write, tick)
    import multiprocessing  # only for workers

    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(spec,)) as pool:
        return _drain(_in_order(pool, chunks, form, jobs * 2), totals, write, tick)


def _drain(done: Iterator[tuple[Done, int]], totals: Totals, write: Callable[[str], Any], tick: Tick | None) -> Totals:
    for (text, counts, n), chars in done:
        write(text)
        totals.add(counts)
        if tick:
            tick(n, chars)
    return totals


def _in_order(pool: Any, chunks: Iterator[tuple[list[Any], int]], form: str, window: int) -> Iterator[tuple[Done, int]]:
    """The chunks' results in the order sent, with at most `window` chunks in flight."""
    pending: deque[tuple[Any, int]] = deque()
    for chunk, chars in chunks:
        pending.append((pool.apply_async(_validate_in_worker, (chunk, form)), chars))
        if len(pending) >= window:
            result, size = pending.popleft()
            yield result.get(), size
    while pending:
        result, size = pending.popleft()
        yield result.get(), size


def _items(files: Iterable[str], totals: Totals) -> Iterator[cases.Item | cases.Block]:
    """Every case of every file, JSON Lines left unparsed; a file that cannot be read is noted."""
    for name in files:
        try:
            yield from cases.read(name, lines=True)
        except cases.FileUnreadable as err:
            totals.unreadable.append(str(err))


def _chunks(items: Iterator[Any]) -> Iterator[tuple[list[Any], int]]:
    """The items in chunks: a block of JSON Lines is one, other cases go CHUNK at a time; each with the
    bytes of JSON Lines it took (for progress)."""
    chunk: list[Any] = []
    for item in items:
        if type(item) is cases.Block:
            if chunk:
                yield chunk, 0
                chunk = []
            yield [item], len(item.data)
            continue
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk, 0
            chunk = []
    if chunk:
        yield chunk, 0


def _validate(validator: ModuleType, chunk: list[cases.Item | cases.Block], form: str) -> Done:
    """One chunk's results as the text to write, with the count of each status."""
    from .report import text as report_text

    out: list[str] = []
    counts: dict[str, int] = {}
    for item in cases.each_case(chunk):
        if isinstance(item, cases.Broken):
            result = cases.broken_result(item)
        else:
            result = validator.validate(item.case)
            locate_invalid(result, item.where)
        status = result["status"]
        counts[status] = counts.get(status, 0) + 1
        out.append(_encode_result(result) + "\n" if form == "json" else report_text(result) + "\n\n")
    return "".join(out), counts, len(out)


def locate_invalid(result: dict[str, Any], where: str) -> None:
    """An INVALID_CASE finding says which file and line the case is at (a batch has many)."""
    findings = result.get("findings")
    for finding in findings if isinstance(findings, list) else ():
        if finding.get("code") == "INVALID_CASE" and "where" not in finding:
            finding["where"] = where


# -- in a worker process -------------------------------------------------------------------

_WORKER: ModuleType | None = None


def _start_worker(spec: ValidatorSpec) -> None:
    global _WORKER
    _WORKER = load(spec)


def _validate_in_worker(chunk: list[cases.Item | cases.Block], form: str) -> Done:
    assert _WORKER is not None, "the worker was started without its validator"
    return _validate(_WORKER, chunk, form)


def summary(counts: dict[str, int]) -> str:
    """`1,000 cases: 990 ok, 10 rejected`: the last line of a batch's text output."""
    total = sum(counts.values())
    parts = [f"{counts[status]:,} {status.replace('_', ' ')}" for status in ("ok", "rejected", "not_governed") if counts.get(status)]
    return f"{total:,} cases: " + ", ".join(parts)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
