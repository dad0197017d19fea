"""The one Diagnostic type, the Reporter that collects them, and their rendering.

Passes never raise on a user's mistake: they report to a `Reporter` and go on, and the
pipeline stops between stages once an error exists, so one run shows every problem.
Rendering follows the contract (§1):

    rules/FILE.rules:LINE:COL: error[CODE]: message
       LINE | the source line
            |      ^^^^^
    help: what to do
"""
from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from .codes import Code
from .source import SourceFile, Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Label:
    span: Span
    message: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    severity: Severity
    message: str
    primary: Label
    secondary: tuple[Label, ...] = ()
    hint: str | None = None

    @property
    def sort_key(self) -> tuple:
        span = self.primary.span
        return (span.file, span.line, span.col, self.code.code, self.message)


class InternalError(Exception):
    """A bug in the compiler itself, never a user's mistake."""


@dataclass
class Reporter:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: Code, message: str, span: Span, *, hint: str | None = None,
              secondary: Iterable[Label] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, Label(span), tuple(secondary), hint))

    def warning(self, code: Code, message: str, span: Span, *, hint: str | None = None,
                secondary: Iterable[Label] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.WARNING, message, Label(span), tuple(secondary), hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Sorted by place, duplicates (same place, code and message) dropped."""
        seen: set[tuple] = set()
        out = []
        for d in sorted(self.diagnostics, key=lambda d: d.sort_key):
            if d.sort_key not in seen:
                seen.add(d.sort_key)
                out.append(d)
        return out


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint from the names in scope, or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=3, cutoff=0.6)
    if not matches:
        return None
    return "did you mean " + " or ".join(f"`{m}`" for m in matches) + "?"


def render(diagnostic: Diagnostic, sources: dict[str, SourceFile]) -> str:
    """One diagnostic as text: the contract's first line, the source line with carets, help."""
    span = diagnostic.primary.span
    lines = [f"{span}: {diagnostic.severity.value}[{diagnostic.code.code}]: {diagnostic.message}"]
    source = sources.get(span.file)
    if source is not None:
        lines.extend(_snippet(source, span, "^", diagnostic.primary.message))
    for label in diagnostic.secondary:
        other = sources.get(label.span.file)
        lines.append(f"  note: {label.span}: {label.message}")
        if other is not None:
            lines.extend(_snippet(other, label.span, "-", ""))
    if diagnostic.hint:
        lines.append(f"help: {diagnostic.hint}")
    return "\n".join(lines)


_SHOWN = 110   # at most this many characters of a source line are shown (official texts have long lines)


def _snippet(source: SourceFile, span: Span, mark: str, label: str) -> list[str]:
    raw = source.line_text(span.line).expandtabs(4)
    # Columns are counted on the line as the user sees it, with tabs expanded.
    col = len(source.line_text(span.line)[: span.col - 1].expandtabs(4))
    width = (span.end_col - span.col) if span.end_line == span.line else len(raw) - col
    start = max(0, col - 20) if len(raw) > _SHOWN else 0
    text = raw[start:start + _SHOWN]
    text = ("…" if start else "") + text + ("…" if start + _SHOWN < len(raw) else "")
    col = col - start + (1 if start else 0)
    width = min(max(1, width), len(text) - col)
    gutter = " " * len(str(span.line))
    tail = f" {label}" if label else ""
    return [f" {span.line} | {text}", f" {gutter} | {' ' * col}{mark * max(1, width)}{tail}"]


def summary(reporter: Reporter) -> str:
    errors, warnings = len(reporter.errors()), len(reporter.warnings())
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
