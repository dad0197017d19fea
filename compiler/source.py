"""Source files and spans.

A `Span` is the one position type of the compiler: file, 0-based character offsets, and
1-based line/column (Lark's convention). Every AST node and every IR item carries one, so a
diagnostic, a generated comment or a docs anchor can always say `rules/FILE:LINE:COL`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int

    def join(self, other: Span) -> Span:
        """The smallest span covering both (same file)."""
        first = self if self.start <= other.start else other
        last = other if other.end >= self.end else self
        return Span(self.file, first.start, last.end, first.line, first.col, last.end_line, last.end_col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NO_SPAN = Span("<builtin>", 0, 0, 1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A rule file's text with a line index; `name` is the path shown to users."""

    name: str
    text: str
    _line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def read(cls, path: Path, shown_as: str) -> SourceFile:
        return cls.from_text(shown_as, path.read_text(encoding="utf-8"))

    @classmethod
    def from_text(cls, name: str, text: str) -> SourceFile:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
        return cls(name, text, tuple(starts))

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(max(start, end))
        return Span(self.name, start, end, line, col, end_line, end_col)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end]
