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
from typing import Union

from .codes import Code
from .lang import language as language  # re-exported: where passes and tests have found it
from .source import SourceFile, Span

# -- messages by id, in the reader's language ---------------------------------------------------
# A pass words a problem through the catalog below: a `Text` is an id of the catalog and the
# arguments, rendered when shown, so the same diagnostic prints in either language (`regc check
# --lang vi`). Every pass of compiler/ does so (tests/test_messages_vi.py); a message given as plain
# English text is shown in Vietnamese as its kind, then the English words. The command line's own
# messages are in the catalog too (compiler/messages.py).

_CATALOG: dict[str, dict[str, str]] = {}

# An argument: verbatim text (a name, a number), another Text, or a list of them ("a, b or c").
Arg = Union[str, "Text", tuple["Arg", ...]]


@dataclass(frozen=True, slots=True)
class Text:
    """A message of the catalog and its arguments (str.format fields of its templates)."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()

    def render(self, lang: str = "en") -> str:
        templates = _CATALOG[self.id]
        template = templates.get(lang) or templates["en"]
        return template.format(**{name: _render_arg(value, lang) for name, value in self.args})


def define(message_id: str, en: str, vi: str) -> str:
    """Put a message in the catalog, in both languages; returns its id."""
    assert message_id not in _CATALOG or _CATALOG[message_id] == {"en": en, "vi": vi}, message_id
    _CATALOG[message_id] = {"en": en, "vi": vi}
    return message_id


def text(message_id: str, **args: Arg) -> Text:
    assert message_id in _CATALOG, message_id
    return Text(message_id, tuple(args.items()))


def catalog() -> dict[str, dict[str, str]]:
    """Every message id with its templates (for the test that each has every language)."""
    return {k: dict(v) for k, v in _CATALOG.items()}


_OR = define("list.or", "{first} or {last}", "{first} hoặc {last}")


def _render_arg(value: Arg, lang: str) -> str:
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, tuple):
        items = [_render_arg(v, lang) for v in value]
        if len(items) < 2:
            return "".join(items)
        return Text(_OR, (("first", ", ".join(items[:-1])), ("last", items[-1]))).render(lang)
    return value


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Label:
    span: Span
    message: str = ""
    text: Text | None = None   # the message by id, when the pass words it in every language

    def message_in(self, lang: str) -> str:
        return self.text.render(lang) if self.text is not None else self.message


def note(span: Span, message: Text) -> Label:
    """A secondary label worded through the catalog (its English words as `message`)."""
    return Label(span, message.render(), message)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    severity: Severity
    message: str
    primary: Label
    secondary: tuple[Label, ...] = ()
    hint: str | None = None
    # The message and hint by id, when the pass that reports it can word it in every language.
    text: Text | None = None
    hint_text: Text | None = None

    def message_in(self, lang: str) -> str:
        """The message in `lang`: its own words when it has them; else, in another language than
        English, what kind of problem it is in that language, then the English message."""
        if self.text is not None:
            return self.text.render(lang)
        if lang == "en":
            return self.message
        return f"{self.code.summary(lang)}: {self.message}"

    def hint_in(self, lang: str) -> str | None:
        if self.hint_text is not None:
            return self.hint_text.render(lang)
        return self.hint

    @property
    def sort_key(self) -> tuple:
        span = self.primary.span
        return (span.file, span.line, span.col, self.code.code, self.message)


class InternalError(Exception):
    """A bug in the compiler itself, never a user's mistake."""


@dataclass
class Reporter:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: Code, message: str | Text, span: Span, *, hint: str | Text | None = None,
              secondary: Iterable[Label] = ()) -> None:
        self.diagnostics.append(_diagnostic(code, Severity.ERROR, message, span, hint, secondary))

    def warning(self, code: Code, message: str | Text, span: Span, *, hint: str | Text | None = None,
                secondary: Iterable[Label] = ()) -> None:
        self.diagnostics.append(_diagnostic(code, Severity.WARNING, message, span, hint, secondary))

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


def _diagnostic(code: Code, severity: Severity, message: str | Text, span: Span, hint: str | Text | None,
                secondary: Iterable[Label]) -> Diagnostic:
    """A message or hint given as a Text keeps its id, and its English words as `message`/`hint`."""
    message_text = message if isinstance(message, Text) else None
    hint_text = hint if isinstance(hint, Text) else None
    return Diagnostic(code, severity, message_text.render() if message_text else str(message), Label(span),
                      tuple(secondary), hint_text.render() if hint_text else hint if isinstance(hint, str) else None,
                      message_text, hint_text)


_DID_YOU_MEAN = define("hint.did-you-mean", "did you mean {names}?", "có phải ý bạn là {names}?")
_EITHER = define("list.either", "{first} or {rest}", "{first} hoặc {rest}")
_ONE_OF = define("hint.one-of", "one of: {names}", "một trong các giá trị: {names}")


def did_you_mean(name: str, candidates: Iterable[str]) -> Text | None:
    """A 'did you mean' hint from the names in scope, or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=3, cutoff=0.6)
    if not matches:
        return None
    names: Arg = f"`{matches[-1]}`"
    for match in reversed(matches[:-1]):   # `a` or `b` or `c`
        names = text(_EITHER, first=f"`{match}`", rest=names)
    return text(_DID_YOU_MEAN, names=names)


def one_of(names: Iterable[str]) -> Text:
    """The hint `one of: a, b, c` (the names as written, comma separated)."""
    return text(_ONE_OF, names=", ".join(names))


_HELP = define("render.help", "help", "gợi ý")
_NOTE = define("render.note", "note", "xem")


def render(diagnostic: Diagnostic, sources: dict[str, SourceFile], lang: str = "en") -> str:
    """One diagnostic as text: the contract's first line, the source line with carets, help.
    `error`/`warning` and the code stay as they are in every language: tools read them."""
    span = diagnostic.primary.span
    lines = [f"{span}: {diagnostic.severity.value}[{diagnostic.code.code}]: {diagnostic.message_in(lang)}"]
    source = sources.get(span.file)
    if source is not None:
        lines.extend(_snippet(source, span, "^", diagnostic.primary.message))
    for label in diagnostic.secondary:
        other = sources.get(label.span.file)
        lines.append(f"  {Text(_NOTE).render(lang)}: {label.span}: {label.message_in(lang)}")
        if other is not None:
            lines.extend(_snippet(other, label.span, "-", ""))
    hint = diagnostic.hint_in(lang)
    if hint:
        lines.append(f"{Text(_HELP).render(lang)}: {hint}")
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


def as_json(diagnostic: Diagnostic, lang: str = "en") -> dict:
    """One diagnostic as a JSON object (`regc check --format json`): where, what, and the places it
    points back to. Lines and columns are 1-based; `end` is the position just after what is marked."""
    def place(span: Span) -> dict:
        return {"file": span.file, "line": span.line, "column": span.col,
                "end": {"line": span.end_line, "column": span.end_col}}

    return {"code": diagnostic.code.code, "severity": diagnostic.severity.value, "message": diagnostic.message_in(lang),
            **place(diagnostic.primary.span), "hint": diagnostic.hint_in(lang),
            "related": [{**place(label.span), "message": label.message_in(lang)}
                        for label in diagnostic.secondary]}


_WARNINGS = define("summary.warnings", "{count} warning{s}: {kinds} (run with --verbose to list them)",
                   "{count} cảnh báo: {kinds} (chạy với --verbose để xem từng cảnh báo)")


def warnings_summary(warnings: list[Diagnostic], lang: str = "en") -> str:
    """The warnings in one line, by kind: `9 warnings: W0301 pending ×9 (run with --verbose to list them)`."""
    counts: dict[Code, int] = {}
    for warning in warnings:
        counts[warning.code] = counts.get(warning.code, 0) + 1
    kinds = ", ".join(f"{code.code} {code.slug} ×{n}" for code, n in sorted(counts.items(), key=lambda c: c[0].code))
    return Text(_WARNINGS, (("count", str(len(warnings))), ("s", "s" * (len(warnings) != 1)), ("kinds", kinds))).render(lang)


_COUNTS = define("summary.counts", "{errors} error{es}, {warnings} warning{ws}", "{errors} lỗi, {warnings} cảnh báo")
_FILES = define("summary.files", "regc: {files} rule files, {counts}", "regc: {files} tệp quy tắc, {counts}")


def files_summary(files: int, reporter: Reporter, lang: str = "en") -> str:
    """The last line of `regc check`: `regc: 12 rule files, 0 errors, 9 warnings`."""
    return Text(_FILES, (("files", str(files)), ("counts", summary(reporter, lang)))).render(lang)


def summary(reporter: Reporter, lang: str = "en") -> str:
    errors, warnings = len(reporter.errors()), len(reporter.warnings())
    return Text(_COUNTS, (("errors", str(errors)), ("es", "s" * (errors != 1)),
                          ("warnings", str(warnings)), ("ws", "s" * (warnings != 1)))).render(lang)
