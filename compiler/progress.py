"""A progress bar on standard error for long batches, drawn only when it is a terminal.

    [##########··········]  52%  521,344 cases  13,912 cases/s

The share done is measured in characters of the input read, against the files' sizes (when the
input is standard input the size is not known, and the line shows the count alone). It is redrawn
at most four times a second, so a batch of a million cases pays for a few hundred redraws.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from typing import TextIO

WIDTH = 20
EVERY = 0.25   # seconds between redraws


class Progress:
    def __init__(self, files: Iterable[str], stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        sizes = [os.path.getsize(f) if f != "-" and os.path.isfile(f) else None for f in files]
        self.total = sum(s for s in sizes if s is not None) if sizes and None not in sizes else None
        self.cases = 0
        self.read = 0
        self.start = self.last = time.monotonic()
        self.drawn = False

    def tick(self, cases: int = 1, chars: int = 0) -> None:
        self.cases += cases
        self.read += chars
        now = time.monotonic()
        if now - self.last >= EVERY:
            self.last = now
            self.draw(now)

    def line(self, now: float) -> str:
        rate = self.cases / max(now - self.start, 1e-9)
        counts = f"{self.cases:,} cases  {rate:,.0f} cases/s"
        if not self.total:
            return counts
        share = min(self.read / self.total, 1.0)
        done = round(share * WIDTH)
        return f"[{'#' * done}{'·' * (WIDTH - done)}] {share:4.0%}  {counts}"

    def draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:   # the bar gives way to what comes next
            self.stream.write("\r\x1b[K")
            self.stream.flush()
