"""Reading case files (contract §2) for `regc validate`: YAML or JSON, one case or many.

Cases are streamed, one at a time, in input order, so memory does not grow with a batch:
- JSON Lines (`.jsonl`, `.ndjson`, or a `.json` / standard input holding one object per line);
- one JSON document;
- YAML, one document or a stream of documents separated by `---`.

Numbers with a fraction are read as exact Decimals (`2.5` hours is Decimal('2.5'), never a
binary float) and dates are kept as the text written, for the validator to check and report.
YAML is read with the safe loader (the C parser where installed): a tag such as
`!!python/object` is refused, never run. A document that cannot be read yields a `Broken`
item saying where and why; the documents around it are still read.

`read(name, lines=True)` leaves JSON Lines unparsed (`Line` items, each read by `parse_line`), so
that `regc validate --jobs N` parses them in its workers, not in the process that reads the file.
ruamel.yaml is imported only when a YAML document is read.
"""
from __future__ import annotations

import functools
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from ruamel.yaml import YAML

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
YAML_SUFFIXES = {".yaml", ".yml"}


@dataclass(frozen=True, slots=True)
class Loaded:
    case: object
    where: str          # "file:line" of the document, for messages


@dataclass(frozen=True, slots=True)
class Broken:
    message: str
    where: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line of JSON Lines, not parsed yet (see parse_line)."""
    text: str
    where: str


Item = Loaded | Broken


class FileUnreadable(Exception):
    """The file itself cannot be read (missing, a folder, not UTF-8): exit status 2."""


class RefusedTag:
    """What a YAML tag the safe loader does not know (`!!python/object/apply:...`) becomes: a plain
    marker, never constructed, so the validator reports the field that holds it."""

    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"<YAML tag {self.tag} refused>"


def yaml_loader() -> YAML:
    """The safe YAML loader (the C parser when ruamel.yaml.clib is installed), with exact numbers,
    dates left as text, and unknown tags refused."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _case_constructor()
    return yaml


@functools.cache
def _case_constructor() -> type:
    from ruamel.yaml.constructor import SafeConstructor

    class CaseConstructor(SafeConstructor):
        def construct_yaml_float(self, node: Any) -> Any:
            text = self.construct_scalar(node).replace("_", "")
            try:
                return Decimal(text)
            except InvalidOperation:   # .inf, .nan: the validator reports them as impossible hours
                return super().construct_yaml_float(node)

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            return self.construct_scalar(node)

        def construct_refused(self, node: Any) -> RefusedTag:
            return RefusedTag(node.tag if isinstance(node.tag, str) else str(getattr(node.tag, "value", node.tag)))

    CaseConstructor.add_constructor("tag:yaml.org,2002:float", CaseConstructor.construct_yaml_float)
    CaseConstructor.add_constructor("tag:yaml.org,2002:timestamp", CaseConstructor.construct_yaml_timestamp)
    CaseConstructor.add_constructor(None, CaseConstructor.construct_refused)
    return CaseConstructor


@overload
def read(name: str, lines: Literal[False] = False) -> Iterator[Item]: ...
@overload
def read(name: str, lines: Literal[True]) -> Iterator[Item | Line]: ...


def read(name: str, lines: bool = False) -> Iterator[Item] | Iterator[Item | Line]:
    """The cases of one file (`-` is standard input), in order; with `lines`, JSON Lines unparsed."""
    items = _read(name)
    return items if lines else (parse_line(i) if isinstance(i, Line) else i for i in items)


def parse_line(line: Line) -> Item:
    """One line of JSON Lines as a case, numbers with a fraction as Decimals."""
    try:
        return Loaded(json.loads(line.text, parse_float=Decimal), line.where)
    except ValueError as err:
        return Broken(f"not valid JSON: {_json_reason(err)}", line.where)


def _read(name: str) -> Iterator[Item | Line]:
    if name == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict")
        yield from _sniffed(stream, "<stdin>")
        return
    path = Path(name)
    try:
        handle = path.open(encoding="utf-8", errors="strict")
    except OSError as err:
        raise FileUnreadable(f"{name}: {err.strerror or err}") from None
    with handle:
        suffix = path.suffix.lower()
        try:
            if suffix in JSON_LINES_SUFFIXES:
                yield from _json_lines(handle, name)
            elif suffix == ".json":
                yield from _json(handle, name)
            elif suffix in YAML_SUFFIXES:
                yield from _yaml(handle, name)
            else:
                yield from _sniffed(handle, name)
        except UnicodeDecodeError as err:
            raise FileUnreadable(f"{name}: not UTF-8 text ({err.reason} at byte {err.start})") from None


def _sniffed(stream: IO[str], name: str) -> Iterator[Item | Line]:
    """Standard input or a file without a known suffix: JSON Lines, one JSON document, or YAML."""
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = head[-1].strip() if head else ""
    if first.startswith("{") and _is_json(first):
        yield from _json_lines(_chain(head, stream), name)   # one object per line: streamed
    elif first.startswith(("{", "[")):
        yield from _json(io.StringIO("".join(_chain(head, stream))), name)   # one (pretty-printed) document
    else:
        yield from _yaml(io.StringIO("".join(_chain(head, stream))), name)


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def _chain(head: list[str], tail: IO[str]) -> Iterator[str]:
    yield from head
    yield from tail


def _json_lines(lines: Iterable[str], name: str) -> Iterator[Line]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield Line(line, f"{name}:{number}")


def _json(handle: IO[str], name: str) -> Iterator[Item | Line]:
    text = handle.read()
    try:
        yield Loaded(json.loads(text, parse_float=Decimal), f"{name}:1")
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":   # several objects: JSON Lines in a .json file
            yield from _json_lines(io.StringIO(text), name)
        else:
            yield Broken(f"not valid JSON: {_json_reason(err)}", f"{name}:{err.lineno}:{err.colno}")


def _json_reason(err: ValueError) -> str:
    return err.msg if isinstance(err, json.JSONDecodeError) else str(err)


_DOCUMENT_START = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)


def _yaml(handle: IO[str], name: str) -> Iterator[Item]:
    """Each document of a YAML stream is loaded on its own, so a broken one is reported where it
    is and the documents after it are still read."""
    text = handle.read()
    starts = [m.start() for m in _DOCUMENT_START.finditer(text)]
    if not starts or text[: starts[0]].strip("\n\t ") and not _only_comments(text[: starts[0]]):
        starts.insert(0, 0)
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = yaml_loader()
    count = 0
    for begin, end in zip(starts, starts[1:] + [len(text)], strict=True):
        chunk = text[begin:end]
        if _only_comments(chunk.lstrip("-")) and count:
            continue
        line = text.count("\n", 0, begin)   # lines before this document
        count += 1
        try:
            case = yaml.load(chunk)
        except MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = f"{name}:{line + mark.line + 1}:{mark.column + 1}" if mark else f"{name}:{line + 1}"
            yield Broken(f"not valid YAML: {err.problem or err.context or 'cannot be read'}", where)
            continue
        except UnicodeDecodeError:
            raise
        except (YAMLError, ValueError, RecursionError) as err:
            yield Broken(f"not valid YAML: {err}", f"{name}:{line + 1}")
            continue
        if case is None and count > 1:
            continue   # an empty document, e.g. after a trailing `---`
        yield Loaded(case, f"{name}:{line + 1}")


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def broken_result(item: Broken) -> dict:
    """The result of a document that could not be read at all (contract §3: INVALID_CASE)."""
    return {
        "case_id": None, "instrument": None, "method": None, "status": "rejected",
        "sessions_declared": None, "sessions_payable": None, "base_salary_vnd": None, "amount_vnd": None,
        "providers": [],
        "findings": [{"code": "INVALID_CASE", "severity": "error", "citation": None, "entry": None,
                      "field": None, "message": f"{item.where}: {item.message}"}],
        "trace": [],
    }
