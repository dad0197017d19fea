"""A progress bar on standard error for long batches (tqdm), drawn only when it is a terminal.

     52%|██████████          | 261M/502M [00:38<00:35] 521,344 cases, 13,912 cases/s

The share done is the input read, in bytes against the files' sizes; on standard input, whose size
is not known, the line shows the count of cases alone.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable
from typing import TextIO

from tqdm import tqdm


class Progress:
    def __init__(self, files: Iterable[str], stream: TextIO = sys.stderr) -> None:
        sizes = [os.path.getsize(f) if f != "-" and os.path.isfile(f) else None for f in files]
        total = sum(s for s in sizes if s is not None) if sizes and None not in sizes else None
        layout = "{percentage:3.0f}%|{bar:20}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}] {desc}" if total else "{desc}"
        self.bar = tqdm(total=total, unit="B", unit_scale=True, file=stream, mininterval=0.25, leave=False,
                        bar_format=layout, ncols=shutil.get_terminal_size((100, 24)).columns or 100)
        self.cases = 0
        self.start = time.monotonic()

    def tick(self, cases: int = 1, chars: int = 0) -> None:
        """`cases` more done, which took `chars` characters of input (about as many bytes)."""
        self.cases += cases
        rate = self.cases / max(time.monotonic() - self.start, 1e-9)
        self.bar.set_description_str(f"{self.cases:,} cases, {rate:,.0f} cases/s", refresh=False)
        self.bar.update(chars)

    def close(self) -> None:
        self.bar.close()
