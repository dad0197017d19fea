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

`read(name, lines=True)` leaves JSON Lines unparsed, in blocks of whole lines as read (`Block` items,
each read by `block_items`), so that `regc validate --jobs N` splits, decodes and parses them in its
workers: the process that reads the file does not touch its lines one by one.
ruamel.yaml is imported only when a YAML document is read.
"""
from __future__ import annotations

import codecs
import functools
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, NamedTuple, overload

if TYPE_CHECKING:
    from ruamel.yaml import YAML

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
YAML_SUFFIXES = {".yaml", ".yml"}


class Loaded(NamedTuple):
    case: object
    where: str          # "file:line" of the document, for messages


class Broken(NamedTuple):
    message: str
    where: str


class Block(NamedTuple):
    """Whole lines of JSON Lines as read, not split or parsed yet (see block_items)."""
    data: bytes
    name: str
    first: int          # the number of its first line in the file


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
def read(name: str, lines: Literal[True]) -> Iterator[Item | Block]: ...


def read(name: str, lines: bool = False) -> Iterator[Item] | Iterator[Item | Block]:
    """The cases of one file (`-` is standard input), in order; with `lines`, JSON Lines unparsed."""
    items = _read(name)
    return items if lines else each_case(items)


def each_case(items: Iterable[Item | Block]) -> Iterator[Item]:
    """The cases of items read with `lines`: each block of JSON Lines read into its cases (block_items)."""
    for item in items:
        if isinstance(item, Block):
            yield from block_items(item)
        else:
            yield item


def block_items(block: Block) -> Iterator[Item]:
    """The cases of a block of JSON Lines, in order: each line parsed (parse_line), a blank one skipped."""
    lines = block.data.split(b"\n")
    last = lines.pop()   # after the last line end: empty, or a last line without one
    name = block.name
    for number, raw in enumerate(lines, start=block.first):
        if not raw.isspace() and raw:
            yield _json_line(raw + b"\n", f"{name}:{number}")
    if last.strip():
        yield _json_line(last, f"{name}:{block.first + len(lines)}")


def _json_line(raw: bytes, where: str) -> Item:
    text = _decoded(raw, where)
    return text if isinstance(text, Broken) else parse_line(text, where)


# One decoder for every case, numbers with a fraction as Decimals (json.loads with an argument builds
# a new one, and its scanner, per call).
_CASE_DECODER = json.JSONDecoder(parse_float=Decimal)


def parse_line(text: str, where: str) -> Item:
    """One line of JSON Lines as a case, numbers with a fraction as Decimals."""
    if _too_deep(text):
        return Broken(TOO_DEEP, where)
    try:
        return Loaded(_CASE_DECODER.decode(text), where)
    except ValueError as err:
        return Broken(f"not valid JSON: {_json_reason(err)}", where)
    except RecursionError:
        return Broken(TOO_DEEP, where)


# A case is four levels deep (case > entries > entry > field). Input nested far deeper is refused with
# this message, before the parsers would exhaust Python's stack (YAML's C composer would crash).
MAX_DEPTH = 100
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep: not a case"
_CHUNK = 1 << 16   # bytes read at a time from a JSON array
BLOCK = 1 << 19    # bytes of JSON Lines read, and sent to a worker, at a time (about 200 cases of 20 entries)


def _read(name: str) -> Iterator[Item | Block]:
    if name == "-":
        yield from _by_kind(sys.stdin.buffer, "<stdin>", None)
        return
    path = Path(name)
    try:
        handle = path.open("rb")
    except OSError as err:
        raise FileUnreadable(f"{name}: {err.strerror or err}") from None
    suffix = path.suffix.lower()
    kind = "jsonl" if suffix in JSON_LINES_SUFFIXES else "json" if suffix == ".json" else "yaml" if suffix in YAML_SUFFIXES else None
    with handle:
        try:
            yield from _by_kind(handle, name, kind)
        except OSError as err:   # a folder, a device that fails half way
            raise FileUnreadable(f"{name}: {err.strerror or err}") from None


def _by_kind(stream: BinaryIO, name: str, kind: str | None) -> Iterator[Item | Block]:
    """Bytes are decoded a line, a document or an array element at a time: a byte that is not UTF-8
    costs the case it is in, never its neighbours."""
    if kind == "yaml":
        yield from _yaml(_without_bom(stream.read()), name)
        return
    if kind == "jsonl":
        yield from _blocks(_without_bom(stream.read(BLOCK)), stream, name)
        return
    # What the input is, from its first bytes, without reading a line of any length: an array may be
    # one line of the whole file.
    block = stream.read(_CHUNK)
    while block.isspace() and (more := stream.read(_CHUNK)):
        block += more
    block = _without_bom(block)
    body = block.lstrip()
    if body.startswith(b"["):
        yield from _json_array(itertools.chain((block,), iter(lambda: stream.read(_CHUNK), b"")), name)
        return
    while body.startswith(b"{") and b"\n" not in body and (more := stream.read(_CHUNK)):
        block += more   # the first line, to see whether it is a whole case
        body = block.lstrip()
    if body.startswith(b"{") and _is_json(body.split(b"\n", 1)[0]):
        yield from _blocks(block, stream, name)   # one case a line, whatever the file is called
    elif body.startswith(b"{") or kind == "json":
        yield from _json_document(block + stream.read(), name)       # one pretty-printed case, or several
    else:
        yield from _yaml(block + stream.read(), name)


def _blocks(head: bytes, stream: BinaryIO, name: str) -> Iterator[Block]:
    """The lines of `head` and then of the rest of `stream`, in blocks of whole lines of about BLOCK
    bytes (a line longer than that is one block). A pipe's lines go out as they come (read1)."""
    read = getattr(stream, "read1", stream.read)
    number, parts = 1, [head]
    while data := read(BLOCK):
        cut = data.rfind(b"\n") + 1
        if not cut:   # a line goes on
            parts.append(data)
            continue
        parts.append(data[:cut])
        block = b"".join(parts)
        yield Block(block, name, number)
        number += block.count(b"\n")
        parts = [data[cut:]]
    block = b"".join(parts)
    if block:
        yield Block(block, name, number)


def _without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except (ValueError, RecursionError):
        return False


def _decoded(data: bytes, where: str) -> str | Broken:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return Broken(f"not UTF-8 text ({err.reason} at byte {err.start + 1}): save it as UTF-8", where)


def _json_document(data: bytes, name: str) -> Iterator[Item]:
    """A file or stream of JSON documents not one a line: each read in turn (pretty-printed cases)."""
    text = _decoded(data, f"{name}:1")
    if isinstance(text, Broken):
        yield text
        return
    at, count = 0, 0
    while True:
        at = _skip_space(text, at)
        if at == len(text):
            if not count:
                yield Broken("no case in the file", f"{name}:1")
            return
        where = f"{name}:{text.count(chr(10), 0, at) + 1}"
        try:
            case, end = _CASE_DECODER.raw_decode(text, at)
        except json.JSONDecodeError as err:
            yield Broken(f"not valid JSON: {err.msg}", f"{name}:{err.lineno}:{err.colno}")
            return   # where the next document starts cannot be known
        except RecursionError:
            yield Broken(TOO_DEEP, where)
            return
        count += 1
        yield Broken(TOO_DEEP, where) if _too_deep(text, at, end) else Loaded(case, where)
        at = end


def _json_array(blocks: Iterable[bytes], name: str) -> Iterator[Item]:
    """A JSON array of cases, read one element at a time: memory holds one element, not the file.
    Bytes are decoded with surrogate escapes, so that a bad byte is found in the element it is in."""
    text_of = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    source = iter(blocks)
    buffer, at, line, done = "", 0, 1, False   # line: the line number at buffer[0]

    def more() -> bool:
        nonlocal buffer, at, line, done
        line += buffer.count("\n", 0, at)
        buffer, at = buffer[at:], 0
        size = len(buffer)
        for raw in source:   # at least double what is held, so a large element is not re-read over and over
            buffer += text_of.decode(raw)
            if len(buffer) >= max(2 * size, _CHUNK):
                return True
        buffer += text_of.decode(b"", final=True)
        done = True
        return len(buffer) > size

    more()
    at = _skip_space(buffer, 0)
    if buffer[at:at + 1] != "[":
        yield Broken("not valid JSON: expected an array of cases", f"{name}:1")
        return
    at += 1
    first = True
    while True:
        at = _skip_space(buffer, at)
        while at == len(buffer) and not done:
            more()
            at = _skip_space(buffer, at)
        where = f"{name}:{line + buffer.count(chr(10), 0, at)}"
        if at == len(buffer):
            yield Broken("not valid JSON: the array of cases is not closed", where)
            return
        if buffer[at] == "]":
            return
        if not first:
            if buffer[at] != ",":
                yield Broken("not valid JSON: expected ',' between cases", where)
                return
            at = _skip_space(buffer, at + 1)
            while at == len(buffer) and not done:
                more()
                at = _skip_space(buffer, at)
            where = f"{name}:{line + buffer.count(chr(10), 0, at)}"
        first = False
        while True:
            try:
                case, end = _CASE_DECODER.raw_decode(buffer, at)
                break
            except json.JSONDecodeError as err:
                if done or not more():   # the element is cut off, or wrong: nothing after it can be trusted
                    yield Broken(f"not valid JSON: {err.msg}", where)
                    return
                at = 0
            except RecursionError:
                yield Broken(TOO_DEEP, where)
                return
        if _SURROGATE.search(buffer, at, end):
            yield Broken("not UTF-8 text (a byte that is not UTF-8 in this case)", where)
        elif _too_deep(buffer, at, end):
            yield Broken(TOO_DEEP, where)
        else:
            yield Loaded(case, where)
        at = end


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether JSON text nests more than MAX_DEPTH deep. Text with fewer brackets than that cannot:
    the usual case is settled by two counts, and only text with many brackets is scanned."""
    part = text[start:end] if start or end is not None else text
    if part.count("[") + part.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", part)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


_SPACE = re.compile(r"[ \t\r\n]*")
_SURROGATE = re.compile("[\udc80-\udcff]")


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _json_reason(err: ValueError) -> str:
    return err.msg if isinstance(err, json.JSONDecodeError) else str(err)


_DOCUMENT_START = re.compile(rb"^---(?:[ \t]|$)", re.MULTILINE)


def _yaml(data: bytes, name: str) -> Iterator[Item]:
    """Each document of a YAML stream is decoded and loaded on its own, so a broken one is reported
    where it is and the documents after it are still read."""
    starts = [m.start() for m in _DOCUMENT_START.finditer(data)]
    if not starts or data[: starts[0]].strip(b"\n\t\r ") and not _only_comments(data[: starts[0]]):
        starts.insert(0, 0)
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = yaml_loader()
    count = 0
    for begin, end in zip(starts, starts[1:] + [len(data)], strict=True):
        chunk = data[begin:end]
        if _only_comments(chunk.lstrip(b"-")) and count:
            continue
        line = data.count(b"\n", 0, begin)   # lines before this document
        where = f"{name}:{line + 1}"
        count += 1
        text = _decoded(chunk, where)
        if isinstance(text, Broken):
            yield text
            continue
        if _yaml_depth(text) > MAX_DEPTH:
            yield Broken(TOO_DEEP, where)
            continue
        try:
            case = yaml.load(text)
        except MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            at = f"{name}:{line + mark.line + 1}:{mark.column + 1}" if mark else where
            yield Broken(f"not valid YAML: {err.problem or err.context or 'cannot be read'}", at)
            continue
        except RecursionError:
            yield Broken(TOO_DEEP, where)
            continue
        except (YAMLError, ValueError) as err:
            yield Broken(f"not valid YAML: {str(err)[:200]}", where)
            continue
        if case is None and count > 1:
            continue   # an empty document, e.g. after a trailing `---`
        yield Loaded(case, where)


_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")
_FLOW = re.compile(r"[\[\]{}]")
_BLOCK = re.compile(r"^( *)((?:- +)*)")


def _yaml_depth(text: str) -> int:
    """How deep a YAML document nests, counted from its indentation, `- ` items and brackets (quoted
    text left out): an estimate on the high side, made before the parser sees the document."""
    deepest = flow = 0
    indents: list[int] = []
    for raw in text.splitlines():
        body = _QUOTED.sub("", raw.split(" #", 1)[0])
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        if not flow:
            spaces, dashes = _BLOCK.match(body).groups()   # type: ignore[union-attr]   # the pattern always matches
            while indents and indents[-1] >= len(spaces):
                indents.pop()
            indents.append(len(spaces))
            deepest = max(deepest, len(indents) + dashes.count("-"))
        for bracket in _FLOW.findall(body):
            flow += 1 if bracket in "[{" else -1
            deepest = max(deepest, len(indents) + flow)
    return deepest


def _only_comments(text: bytes) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith(b"#") for ln in text.splitlines())


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
