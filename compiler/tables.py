"""`regc table`: a table of the rules as a spreadsheet (CSV or XLSX), and a spreadsheet back into the rules.

The appendix tables of the law arrive as Word or Excel tables: drafters fill them in a spreadsheet, not
cell by cell in rule syntax. `export` writes a table as a sheet a person reads (a header block with the
title, unit and sources; the cells as a grid; the combined cells, stages added up, in their own section;
the provenance marks beside them). `import` writes what a sheet says back into the rule file that defines
the table, in place: only the cells that change are edited, a new cell is written beside the others, and
every other byte of the file stays as it was, so exporting and importing again changes nothing.

A sheet, as `export` writes it and `import` reads it (rows whose first cell is a section's name start it):

    table            | appendix_01                      <- the header block: only `table` is read back
    title en         | Appendix 01: ...
    ...
    cells            | rows: stage, columns: offense_class
    stage \\ offense_class | less_serious | serious | ...   <- two axes: a grid; one or three and more: a list
    investigation    | 4                | pending: why | pending
    combined cells   | stages added up: write a + b
    stage            | offense_class    | value | mark
    marks            | how sure each value of the grid is
    stage            | offense_class    | mark

A cell holds a number, `pending: WHY`, or `pending` alone (or nothing): the table's `otherwise pending`,
a cell the rule file does not write. A mark is written `C2: what it rests on` (C2, 1S, INF or NF).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import itertools
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import ast

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

TABLE, CELLS, COMBINED, MARKS, VALUE, MARK = "table", "cells", "combined cells", "marks", "value", "mark"
SECTIONS = (CELLS, COMBINED, MARKS)
FORMATS = ("csv", "xlsx")
CONFIDENCES = ("C2", "1S", "INF", "NF")
# The XLSX's own dates: fixed, so that the same table exports to the same bytes (1980 is ZIP's first date).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

Key = tuple[frozenset[str], ...]      # a cell's coordinates in axis order; a combined one has several values
Coords = tuple[tuple[str, ...], ...]  # the same, as written (the order of `a + b`)


def add_parser(subparsers) -> None:
    table = subparsers.add_parser(
        "table", help="export a table of the rules to a spreadsheet (CSV, XLSX), or import one back into its rule file",
        description="Drafters fill the appendix tables in a spreadsheet: export writes a table as a sheet, import "
                    "writes the sheet's cells back into the rule file that defines the table, editing only the "
                    "cells that change.")
    table.set_defaults(run=run)
    commands = table.add_subparsers(dest="table_command", metavar="{export,import,list}", required=True)

    export = commands.add_parser("export", help="write tables as a spreadsheet: CSV (one table) or XLSX (a sheet per table)")
    export.add_argument("tables", nargs="+", metavar="TABLE", help="the table's name, e.g. appendix_01")
    export.add_argument("--format", choices=FORMATS, default=None, help="csv or xlsx (default: from the output's suffix)")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")

    read = commands.add_parser("import", help="write the cells of spreadsheets (CSV or XLSX) into the rule files, in place")
    read.add_argument("files", nargs="+", metavar="FILE", help="a .csv or .xlsx file, as export writes it")
    read.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")

    listing = commands.add_parser("list", help="the tables of the rules, where each is defined, and its cells")
    for command in (export, read, listing):
        command.add_argument("--rules", default=argparse.SUPPRESS, metavar="DIR", help="the folder of rule files")


def run(args: argparse.Namespace, rules: Path) -> int:
    from . import messages as m
    from .diagnostics import language

    lang = language(getattr(args, "lang", None))
    loaded = _load_rules(rules, lang)
    if loaded is None:
        return EXIT_FAILED
    if args.table_command == "export":
        return _export(args, loaded)
    if args.table_command == "import":
        return _import(args, loaded)
    for name, table in sorted(loaded.tables.items()):
        known = sum(1 for c in table.cells.values() if c.value is not None)
        axes = " x ".join(f"{axis} ({len(values)})" for axis, values in table.axes)
        print(m.say(m.TABLE_LIST, lang, name=name, where=f"{table.file.shown}:{table.node.span.line}", axes=axes,
                    known=str(known), s="s" * (known != 1), pending=str(len(table.cells) - known)))
    return EXIT_OK


# -- the rules' tables -------------------------------------------------------------------------

@dataclass
class _RuleFile:
    path: Path
    shown: str
    text: str   # exactly as on disk (line endings too): edits are made to it and nothing else


@dataclass
class _RuleTable:
    node: ast.Table
    file: _RuleFile
    axes: tuple[tuple[str, tuple[str, ...]], ...]
    cells: dict[Key, ast.Cell]   # the cells on the axes, the first of a key written twice (`regc check` says so)
    changed_by_acts: list[str] = field(default_factory=list)   # where amending acts change a cell (file:line)


@dataclass
class _Rules:
    tables: dict[str, _RuleTable]
    files: dict[str, _RuleFile]
    lang: str = "en"   # the language of the messages about them


def _load_rules(rules: Path, lang: str = "en") -> _Rules | None:
    """Every table of the rule tree, from each file's own text; None after printing syntax errors."""
    from . import ast, from_tree, parse
    from . import messages as m
    from .diagnostics import Reporter, render
    from .digest import rule_dirs, rule_files
    from .source import SourceFile

    base = rule_dirs(rules)[0].resolve().parent
    reporter = Reporter()
    sources: dict[str, SourceFile] = {}
    result = _Rules({}, {}, lang)
    acts: list[ast.ChangeCell] = []
    for path in rule_files(rules):
        shown = _shown(path, base)
        try:
            text = path.read_bytes().decode("utf-8")   # not read_text: a CRLF file must stay CRLF
        except (OSError, UnicodeDecodeError) as err:
            print(m.say(m.TABLE_CANNOT_READ_UTF8, lang, name=shown, error=err.__class__.__name__), file=sys.stderr)
            return None
        source = sources[shown] = SourceFile.from_text(shown, text)
        tree = parse.run(source, reporter)
        if tree is None:
            continue
        rule_file = _RuleFile(path, shown, text)
        result.files[shown] = rule_file
        for item in from_tree.run(tree, source, reporter).items:
            if isinstance(item, ast.Table) and item.id.value not in result.tables:
                result.tables[item.id.value] = _rule_table(item, rule_file)
            acts.extend(_changed_cells(item))
    if reporter.has_errors:
        for diagnostic in reporter.sorted():
            print(render(diagnostic, sources, lang), file=sys.stderr)
        print(m.say(m.TABLE_SYNTAX_ERRORS, lang), file=sys.stderr)
        return None
    for change in acts:
        if change.table.value in result.tables:
            result.tables[change.table.value].changed_by_acts.append(f"{change.span.file}:{change.span.line}")
    return result


def _shown(path: Path, base: Path) -> str:
    """A rule file's name as diagnostics give it (pipeline._shown): from the project folder when inside it."""
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _rule_table(node: ast.Table, file: _RuleFile) -> _RuleTable:
    axes = tuple((axis.vocabulary.value, tuple(v.value for v in axis.values)) for axis in node.axes)
    cells: dict[Key, ast.Cell] = {}
    for cell in node.cells:
        key = tuple(frozenset(v.value for v in coord.values) for coord in cell.key)
        on_axes = len(key) == len(axes) and all(coord <= set(values) for coord, (_, values) in zip(key, axes, strict=False))
        if on_axes:
            cells.setdefault(key, cell)
    return _RuleTable(node, file, axes, cells)


def _changed_cells(node: object) -> Iterable[ast.ChangeCell]:
    """The `change cell` operations anywhere inside a node (an act's provisions nest them)."""
    from . import ast

    if isinstance(node, ast.ChangeCell):
        yield node
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if dataclasses.is_dataclass(child):
                    yield from _changed_cells(child)


# -- what a cell says --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Mark:
    confidence: str
    detail: str | None

    def __str__(self) -> str:
        return self.confidence + (f": {self.detail}" if self.detail is not None else "")

    def rule_text(self) -> str:
        return f"({self.confidence}" + (f": {_quote(_flat(self.detail))}" if self.detail is not None else "") + ")"

    def same(self, other: _Mark | None) -> bool:
        """The same mark, whatever the blanks around its lines (a string of the rules may wrap)."""
        return other is not None and self.confidence == other.confidence and (self.detail is None) == (other.detail is None) \
            and _flat(self.detail or "") == _flat(other.detail or "")


@dataclass(frozen=True)
class _Content:
    """A number (as it is to be written, with its mark), a pending reason, or neither: not written."""
    number: Decimal | None = None
    written: str | None = None
    reason: str | None = None
    mark: _Mark | None = None

    @property
    def unwritten(self) -> bool:
        return self.number is None and self.reason is None

    def same(self, other: _Content) -> bool:
        """Says the same: the same number (2.5 is 2.50), reason and mark, whatever the blanks around lines."""
        marks = other.mark is None if self.mark is None else self.mark.same(other.mark)
        reasons = (self.reason is None) == (other.reason is None) and _flat(self.reason or "") == _flat(other.reason or "")
        return self.number == other.number and reasons and marks

    def describe(self) -> str:
        if self.number is not None:
            return self.written or _plain(self.number)
        return f"pending: {self.reason}" if self.reason is not None else "not written"


def _content(cell: ast.Cell | None) -> _Content:
    if cell is None:
        return _Content()
    if cell.value is None:
        return _Content(reason=cell.pending)
    mark = _Mark(cell.provenance.confidence, cell.provenance.detail) if cell.provenance else None
    return _Content(number=cell.value, written=_plain(cell.value), mark=mark)


def _plain(number: Decimal) -> str:
    return format(number, "f")   # never 1E-7: the rules write digits


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flat(text: str) -> str:
    """A text from a sheet as the rules keep a string: lines joined by one space (from_tree._string)."""
    return re.sub(r"[ \t]*\r?\n[ \t]*", " ", text.strip())


# -- export ------------------------------------------------------------------------------------

@dataclass
class _Sheet:
    """Rows of a sheet, and how a person should see some of their cells (XLSX only)."""
    name: str
    rows: list[list[str | Decimal]] = field(default_factory=list)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)   # (row, column), from 1 -> style
    body: int = 1   # the first row after the header block

    def add(self, *cells: str | Decimal, styles: dict[int, str] | None = None) -> None:
        self.rows.append(list(cells))
        for column, style in (styles or {}).items():
            self.styles[len(self.rows), column] = style


def _export(args: argparse.Namespace, rules: _Rules) -> int:
    from . import messages as m

    lang = rules.lang
    output = Path(args.output)
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(m.say(m.TABLE_SAY_FORMAT, lang, output=str(output)), file=sys.stderr)
        return EXIT_USAGE
    if fmt == "csv" and len(args.tables) > 1:
        print(m.say(m.TABLE_ONE_CSV, lang), file=sys.stderr)
        return EXIT_USAGE
    missing = [name for name in args.tables if name not in rules.tables]
    for name in missing:
        print(m.say(m.TABLE_NO_TABLE, lang, name=name, hint=_did_you_mean(name, rules.tables)), file=sys.stderr)
    if missing:
        return EXIT_FAILED
    sheets = [_sheet(rules.tables[name]) for name in dict.fromkeys(args.tables)]
    try:
        if fmt == "csv":
            _write_atomically(output, _csv_bytes(sheets[0]))
        else:
            _write_atomically(output, _xlsx_bytes(sheets))
    except OSError as err:
        print(m.say(m.CANNOT_WRITE, lang, name=str(output), error=str(err.strerror or err)), file=sys.stderr)
        return EXIT_USAGE
    except ModuleNotFoundError as err:
        print(m.say(m.TABLE_NEEDS_PACKAGE, lang, package=str(err.name)), file=sys.stderr)
        return EXIT_USAGE
    print(m.say(m.TABLE_WROTE, lang, output=str(output), tables=", ".join(s.name for s in sheets)), file=sys.stderr)
    return EXIT_OK


def _sheet(table: _RuleTable) -> _Sheet:
    node = table.node
    sheet = _Sheet(node.id.value)
    sheet.add(TABLE, node.id.value, styles={1: "label", 2: "title"})
    for text in node.texts:
        if text.kind == "title":
            sheet.add(f"title {text.lang}", f"pending: {text.pending}" if text.pending is not None else text.text, styles={1: "label"})
    if node.unit is not None:
        sheet.add("unit", node.unit.value, styles={1: "label"})
    for source in node.sources:
        sheet.add("source", source, styles={1: "label"})
    for axis in node.axes:
        sure = [str(_Mark(axis.provenance.confidence, axis.provenance.detail))] if axis.provenance else []
        sheet.add(f"axis {axis.vocabulary.value}", ", ".join(v.value for v in axis.values), *sure, styles={1: "label"})
    if node.otherwise_pending is not None:
        sheet.add("otherwise pending", node.otherwise_pending, styles={1: "label"})
    sheet.add("defined in", f"{table.file.shown}:{node.span.line}", styles={1: "label"})
    blank = "a cell showing `pending` alone is the table's `otherwise pending`" if node.otherwise_pending is not None else \
        "a blank cell is one the rules do not write"
    sheet.add("how to fill", f"a number ({node.unit.value if node.unit else 'the unit above'}) or `pending: WHY`; {blank}; "
              "a mark says how sure a value is: `C2: ...` two sources, `1S: ...` one, `INF: ...` inferred, `NF` not found",
              styles={1: "label"})
    if table.changed_by_acts:
        sheet.add("amended", f"amending acts change cells of this table ({', '.join(table.changed_by_acts)}): this sheet shows "
                  "the table as its own file writes it", styles={1: "label"})
    axes = [name for name, _ in table.axes]
    single = [k for k in table.cells if all(len(c) == 1 for c in k)]
    combined = [k for k in table.cells if k not in single]

    sheet.add()
    sheet.body = len(sheet.rows) + 1
    if len(axes) == 2:
        (rows_axis, row_values), (columns_axis, column_values) = table.axes
        sheet.add(CELLS, f"rows: {rows_axis}, columns: {columns_axis}", styles={1: "section"})
        sheet.add(f"{rows_axis} \\ {columns_axis}", *column_values, styles=dict.fromkeys(range(1, len(column_values) + 2), "header"))
        for row in row_values:
            cells = [_shown_cell(table, (frozenset([row]), frozenset([column]))) for column in column_values]
            sheet.add(row, *(value for value, _ in cells),
                      styles={1: "header", **{i: style for i, (_, style) in enumerate(cells, 2) if style}})
    else:
        sheet.add(CELLS, "one row per cell" if len(axes) != 1 else f"one row per {axes[0]}", styles={1: "section"})
        sheet.add(*axes, VALUE, MARK, styles=dict.fromkeys(range(1, len(axes) + 3), "header"))
        for values in itertools.product(*(values for _, values in table.axes)):
            key = tuple(frozenset([v]) for v in values)
            value, style = _shown_cell(table, key)
            sheet.add(*values, value, *_mark_of(table.cells.get(key)), styles={len(axes) + 1: style} if style else None)

    sheet.add()
    sheet.add(COMBINED, "stages added up: write a + b + c in one coordinate", styles={1: "section"})
    sheet.add(*axes, VALUE, MARK, styles=dict.fromkeys(range(1, len(axes) + 3), "header"))
    for key in combined:
        cell = table.cells[key]
        value, style = _shown_cell(table, key)
        sheet.add(*(" + ".join(v.value for v in coord.values) for coord in cell.key), value, *_mark_of(cell),
                  styles={len(axes) + 1: style} if style else None)

    if len(axes) == 2:   # the grid has no room for marks: they are listed under it
        sheet.add()
        sheet.add(MARKS, "how sure each value of the grid is (C2, 1S, INF, NF, then what it rests on)", styles={1: "section"})
        sheet.add(*axes, MARK, styles={1: "header", 2: "header", 3: "header"})
        for values in itertools.product(*(values for _, values in table.axes)):
            mark = _mark_of(table.cells.get(tuple(frozenset([v]) for v in values)))
            if mark:
                sheet.add(*values, *mark)
    return sheet


def _mark_of(cell: ast.Cell | None) -> list[str]:
    """A cell's mark as the sheet writes it, in a list of one; an empty list when it has none."""
    if cell is None or cell.provenance is None:
        return []
    return [str(_Mark(cell.provenance.confidence, cell.provenance.detail))]


def _shown_cell(table: _RuleTable, key: Key) -> tuple[str | Decimal, str | None]:
    """A cell's value as the sheet shows it, and its style."""
    cell = table.cells.get(key)
    if cell is None:
        return ("pending", "pending") if table.node.otherwise_pending is not None else ("", None)
    if cell.value is None:
        return f"pending: {cell.pending}", "pending"
    return cell.value, "marked" if cell.provenance is not None else None


def _csv_bytes(sheet: _Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in sheet.rows:
        writer.writerow([_plain(v) if isinstance(v, Decimal) else v for v in row])
    # With a byte order mark, Excel reads the file as UTF-8 (Vietnamese text stays readable).
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(sheets: Sequence[_Sheet]) -> bytes:
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    looks = {
        "label": (Font(bold=True), None),
        "title": (Font(bold=True, size=13), None),
        "section": (Font(bold=True, size=12), None),
        "header": (Font(bold=True), PatternFill("solid", fgColor="DDE4EE")),
        "pending": (Font(italic=True, color="7F7F7F"), None),
        "marked": (None, PatternFill("solid", fgColor="FFF4CC")),
    }
    book = Workbook()
    book.remove(book.worksheets[0])
    names: set[str] = set()
    for sheet in sheets:
        title = _sheet_title(sheet.name, names)
        ws = book.create_sheet(title)
        widths: dict[int, int] = {}
        for r, row in enumerate(sheet.rows, 1):
            for c, value in enumerate(row, 1):
                if value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=_xlsx_value(value))
                font, fill = looks.get(sheet.styles.get((r, c), ""), (None, None))
                if font is not None:
                    cell.font = font
                if fill is not None:
                    cell.fill = fill
                # The header block's long texts run on over the empty cells beside them; the sections'
                # columns stay narrow enough to read a grid, their long texts wrapped.
                length = len(str(value))
                if c == 1 or (r >= sheet.body and sheet.styles.get((r, 1)) != "section"):
                    widths[c] = max(widths.get(c, 0), min(length, 40))
                    if length > 40:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for c, width in sorted(widths.items()):
            ws.column_dimensions[get_column_letter(c)].width = max(10, width + 2)
    fixed = datetime.datetime(*FIXED_TIME)
    book.properties.creator = "regc"
    book.properties.created = book.properties.modified = fixed
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()   # not book.save(): it stamps the time
    # The ZIP entries carry the time they were written: the same table must give the same bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's sheet names have at most 31 characters and are unique (the `table` row names the table)."""
    title, n = name[:31], 1
    while title in taken:
        n += 1
        title = f"{name[:31 - len(str(n)) - 1]}~{n}"
    taken.add(title)
    return title


def _xlsx_value(value: str | Decimal) -> str | int | float:
    if isinstance(value, str):
        return value
    text = _plain(value)
    if "." not in text:
        return int(text)
    # A number a float cannot hold exactly stays text, so that importing it back changes nothing.
    return float(text) if Decimal(repr(float(text))) == value else text


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- reading a sheet ---------------------------------------------------------------------------

@dataclass
class _Given:
    """A cell as a sheet gives it."""
    key: Key
    coords: Coords
    content: _Content
    where: str
    mark_known: bool            # False: the sheet has no place for this cell's mark, which stays as it is
    mark_where: str | None = None


@dataclass
class _SheetTable:
    table: _RuleTable
    givens: list[_Given]
    where: str   # where the sheet names the table


class _Located:
    """Names the cells of one sheet for messages: `book.xlsx:C4`, or `book.xlsx:appendix_01!C4`."""

    def __init__(self, file: str, sheet: str | None) -> None:
        self.prefix = f"{file}:" + (f"{sheet}!" if sheet is not None else "")

    def __call__(self, row: int, column: int) -> str:
        return f"{self.prefix}{_column_letter(column)}{row}"


def _column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


Row = Sequence[object]


def _at(row: Row, column: int) -> object:
    """The value in a row's column (from 1); None past its end."""
    return row[column - 1] if column - 1 < len(row) else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(row: Row) -> bool:
    return all(_text(v) == "" for v in row)


class _SheetReader:
    def __init__(self, rows: list[Row], where: _Located, fallback: str, rules: _Rules, errors: list[str],
                 decimal_comma: bool = False) -> None:
        self.rows, self.where, self.fallback, self.rules, self.errors = rows, where, fallback, rules, errors
        self.decimal_comma = decimal_comma

    def error(self, row: int, column: int, message_id: str, **args) -> None:
        """An error of the sheet at a cell, in the language of the messages (messages.py's `table.sheet.*`)."""
        from . import messages as m

        self.errors.append(f"{self.where(row, column)}: error: {m.say(message_id, self.rules.lang, **args)}")

    def read(self) -> _SheetTable | None:
        starts = [(r, _text(_at(row, 1)).lower()) for r, row in enumerate(self.rows, 1)
                  if _text(_at(row, 1)).lower() in SECTIONS]
        from . import messages as m

        named_by: m.Arg = m.text(m.SHEET_NAMED_BY_SHEET)
        name, name_at = self.fallback, (1, 1)
        for r, row in enumerate(self.rows[:starts[0][0] - 1] if starts else self.rows, 1):
            if _text(_at(row, 1)).lower() == TABLE:
                name, name_at, named_by = _text(_at(row, 2)), (r, 2), ""
                break
        table = self.rules.tables.get(name)
        if table is None:
            self.error(*name_at, m.SHEET_NO_TABLE, name=name, named_by=named_by, hint=_did_you_mean(name, self.rules.tables))
            return None
        if not starts:
            self.error(1, 1, m.SHEET_NO_CELLS, cells=CELLS)
            return None
        self.table = table
        self.values = {axis: set(values) for axis, values in table.axes}
        givens: list[_Given] = []
        marks: dict[Key, tuple[_Mark, str, int, int]] = {}
        first: dict[Key, str] = {}
        ends = [r for r, _ in starts[1:]] + [len(self.rows) + 1]
        for (start, section), end in zip(starts, ends, strict=True):
            body = [(r, self.rows[r - 1]) for r in range(start + 1, end) if not _blank(self.rows[r - 1])]
            if not body:
                continue
            if section == CELLS and len(table.axes) == 2:
                found = self._grid(body, bool([s for _, s in starts if s == MARKS]))
            else:
                found = self._list(body, section, marks)
            for given in found:
                if given.key in first:
                    self.errors.append(f"{given.where}: error: "
                                       + m.say(m.SHEET_CELL_TWICE, self.rules.lang, key=_key_text(given.coords),
                                               first=first[given.key]))
                    continue
                first[given.key] = given.where
                givens.append(given)
        self._marks(givens, marks)
        return _SheetTable(table, givens, self.where(*name_at))

    # -- the grid of a two-axis table
    def _grid(self, body: list[tuple[int, Row]], marks_section: bool) -> list[_Given]:
        from . import messages as m

        (axis0, _), (axis1, _) = self.table.axes
        (header_at, header), rows = body[0], body[1:]
        rows_axis, columns_axis, transposed = axis0, axis1, False
        corner = _text(_at(header, 1))
        if "\\" in corner:
            named = [part.strip() for part in corner.split("\\")]
            if named == [axis1, axis0]:   # the sheet puts the first axis across: read it so
                rows_axis, columns_axis, transposed = axis1, axis0, True
            elif named != [axis0, axis1]:
                self.error(header_at, 1, m.SHEET_CORNER, corner=corner, rows=axis0, columns=axis1)
                return []
        columns: dict[int, str] = {}
        seen: dict[str, str] = {}
        for column in range(2, len(header) + 1):
            value = _text(_at(header, column))
            if value and self._on_axis(value, columns_axis, header_at, column):
                if value in seen:
                    self.error(header_at, column, m.SHEET_COLUMN_TWICE, name=value, first=seen[value])
                else:
                    seen[value] = self.where(header_at, column)
                    columns[column] = value
        givens: list[_Given] = []
        seen_rows: dict[str, str] = {}
        for r, row in rows:
            head = _text(_at(row, 1))
            if not head:
                self.error(r, 1, m.SHEET_ROW_NO_VALUE, axis=rows_axis)
                continue
            if not self._on_axis(head, rows_axis, r, 1):
                continue
            if head in seen_rows:
                self.error(r, 1, m.SHEET_ROW_TWICE, name=head, first=seen_rows[head])
                continue
            seen_rows[head] = self.where(r, 1)
            for column in range(2, len(row) + 1):
                if column not in columns:
                    if _text(_at(row, column)) and not _text(_at(header, column)):
                        self.error(r, column, m.SHEET_NO_COLUMN, axis=columns_axis)
                    continue
                content = self._content(_at(row, column), r, column)
                if content is None:
                    continue
                coords = ((head,), (columns[column],)) if not transposed else ((columns[column],), (head,))
                givens.append(_Given(_key(coords), coords, content, self.where(r, column), marks_section))
        return givens

    # -- a list: one row per cell (one axis, three or more, combined cells) or per mark
    def _list(self, body: list[tuple[int, Row]], section: str, marks: dict[Key, tuple[_Mark, str, int, int]]) -> list[_Given]:
        from . import messages as m

        axes = [axis for axis, _ in self.table.axes]
        wanted = axes + ([MARK] if section == MARKS else [VALUE, MARK])
        (header_at, header), rows = body[0], body[1:]
        columns: dict[str, int] = {}
        bad = False
        for column in range(1, len(header) + 1):
            name = _text(_at(header, column))
            if not name:
                continue
            if name.lower() in (VALUE, MARK):
                name = name.lower()
            if name not in wanted:
                self.error(header_at, column, m.SHEET_NOT_COLUMN, name=name, wanted=", ".join(wanted))
                bad = True
            elif name in columns:
                self.error(header_at, column, m.SHEET_COLUMN_TWICE, name=name, first=self.where(header_at, columns[name]))
                bad = True
            else:
                columns[name] = column
        needed = [name for name in wanted if name != MARK and name not in columns]
        if needed:
            self.error(header_at, 1, m.SHEET_NEEDS_COLUMNS, section=section, s="s" * (len(needed) > 1), columns=", ".join(needed))
            bad = True
        if bad:
            return []
        givens: list[_Given] = []
        for r, row in rows:
            coords: list[tuple[str, ...]] = []
            for axis in axes:
                coord = self._coord(_at(row, columns[axis]), axis, r, columns[axis])
                if coord is None:
                    break
                coords.append(coord)
            if len(coords) != len(axes):
                continue
            key = _key(tuple(coords))
            mark = None
            if MARK in columns:
                mark = self._mark(_at(row, columns[MARK]), r, columns[MARK])
                if mark is False:
                    continue
            if section == MARKS:
                if mark is None:
                    continue
                if key in marks:
                    self.error(r, columns[MARK], m.SHEET_MARK_TWICE, key=_key_text(tuple(coords)), first=marks[key][1])
                elif isinstance(mark, _Mark):
                    marks[key] = (mark, self.where(r, columns[MARK]), r, columns[MARK])
                continue
            content = self._content(_at(row, columns[VALUE]), r, columns[VALUE])
            if content is None:
                continue
            given = _Given(key, tuple(coords), content, self.where(r, columns[VALUE]), MARK in columns)
            if isinstance(mark, _Mark):
                if content.number is None:
                    self.error(r, columns[MARK], m.SHEET_ONLY_VALUES)
                    continue
                given.content = dataclasses.replace(content, mark=mark)
                given.mark_where = self.where(r, columns[MARK])
            givens.append(given)
        return givens

    def _marks(self, givens: list[_Given], marks: dict[Key, tuple[_Mark, str, int, int]]) -> None:
        """The marks section's marks, onto the grid's cells."""
        from . import messages as m

        by_key = {g.key: g for g in givens}
        for key, (mark, where, r, column) in marks.items():
            given = by_key.get(key)
            if given is None:
                self.error(r, column, m.SHEET_MARK_NO_VALUE)
            elif given.mark_where is not None:
                self.error(r, column, m.SHEET_CELL_MARK_TWICE, first=str(given.mark_where))
            elif given.content.number is None:
                self.error(r, column, m.SHEET_ONLY_VALUES)
            else:
                given.content = dataclasses.replace(given.content, mark=mark)
                given.mark_where = where

    # -- pieces
    def _on_axis(self, value: str, axis: str, row: int, column: int) -> bool:
        if value in self.values[axis]:
            return True
        from . import messages as m

        values = [v for a, vs in self.table.axes if a == axis for v in vs]
        hint = _did_you_mean(value, values) or m.text(m.TABLE_ITS_VALUES, values=", ".join(values))
        self.error(row, column, m.SHEET_OFF_AXIS, value=value, axis=axis, table=self.table.node.id.value, hint=hint)
        return False

    def _coord(self, value: object, axis: str, row: int, column: int) -> tuple[str, ...] | None:
        from . import messages as m

        text = _text(value)
        if not text:
            self.error(row, column, m.SHEET_NO_AXIS_VALUE, axis=axis)
            return None
        parts = [part.strip() for part in text.split("+")]
        if not all(parts):
            self.error(row, column, m.SHEET_ADDED_UP, text=text)
            return None
        if len(set(parts)) != len(parts):
            self.error(row, column, m.SHEET_VALUE_TWICE, text=text)
            return None
        known = [self._on_axis(part, axis, row, column) for part in parts]   # every wrong value is reported
        if not all(known):
            return None
        return tuple(parts)

    def _content(self, value: object, row: int, column: int) -> _Content | None:
        """What a sheet's cell says; None (after an error) when it is neither a number nor pending."""
        from . import messages as m

        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str, type(None))):
            self.error(row, column, m.SHEET_NOT_NUMBER_KIND, value=str(value))
            return None
        if isinstance(value, (int, float, Decimal)):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite() or number < 0:
                self.error(row, column, m.SHEET_NOT_HELD, value=str(value))
                return None
            return _Content(number=number, written=_plain(number.normalize() if isinstance(value, float) else number))
        text = (value or "").strip()
        if not text or text.lower() == "pending":
            return _Content()
        if text.lower().startswith("pending"):
            rest = text[len("pending"):].lstrip()
            if not rest.startswith(":"):
                self.error(row, column, m.SHEET_PENDING_FORM, text=_short(text))
                return None
            reason = rest[1:].strip()
            if not reason:
                self.error(row, column, m.SHEET_PENDING_REASON)
                return None
            return _Content(reason=reason)
        digits = text.replace(",", ".") if self.decimal_comma else text
        if not re.fullmatch(r"\d+(\.\d+)?", digits):
            self.error(row, column, m.SHEET_NOT_NUMBER, text=_short(text))
            return None
        try:
            return _Content(number=Decimal(digits), written=digits)
        except InvalidOperation:   # the pattern above lets none through; kept for safety
            self.error(row, column, m.SHEET_NOT_A_NUMBER, text=_short(text))
            return None

    def _mark(self, value: object, row: int, column: int) -> _Mark | None | bool:
        """A mark, None when the cell is blank, False (after an error) when it is not a mark."""
        from . import messages as m

        text = _text(value)
        if not text:
            return None
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        match = re.fullmatch(rf"({'|'.join(CONFIDENCES)})\s*(?::\s*(.*))?", text, re.DOTALL)
        if match is None:
            self.error(row, column, m.SHEET_NOT_MARK, text=_short(text))
            return False
        detail = match.group(2)
        if detail is not None and len(detail) >= 2 and detail[0] == detail[-1] == '"' and '"' not in detail[1:-1]:
            detail = detail[1:-1]   # written as the rules write it: `C2: "..."`
        return _Mark(match.group(1), detail.strip() if detail is not None else None)


def _key(coords: Coords) -> Key:
    return tuple(frozenset(coord) for coord in coords)


def _key_text(coords: Coords) -> str:
    return "[" + ", ".join(" + ".join(coord) for coord in coords) + "]"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _did_you_mean(name: str, names: Iterable[str]):
    """` (did you mean `x`?)`, or "" when no name is close (a Text of the catalog, or "")."""
    from . import messages as m
    from .diagnostics import did_you_mean

    hint = did_you_mean(name, names)
    return m.text(m.TABLE_HINT, hint=hint) if hint else ""


def _read_file(path: Path, rules: _Rules, errors: list[str]) -> list[_SheetTable] | None:
    """The tables a file gives; None when it cannot be read at all (a usage error, already printed)."""
    from . import messages as m

    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            # Excel writes `;` where the decimal separator is a comma (as in Vietnamese): read either.
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            rows: list[Row] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            reader = _SheetReader(rows, _Located(str(path), None), path.stem, rules, errors, decimal_comma=delimiter == ";")
            found = reader.read()
            return [found] if found is not None else []
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, rules, errors)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        print(m.say(m.TABLE_CANNOT_READ, rules.lang, name=str(path), error=str(getattr(err, "strerror", None) or err)),
              file=sys.stderr)
        return None
    print(m.say(m.TABLE_READS, rules.lang, name=str(path)), file=sys.stderr)
    return None


def _read_xlsx(path: Path, rules: _Rules, errors: list[str]) -> list[_SheetTable] | None:
    from . import messages as m

    try:
        from openpyxl import load_workbook
    except ModuleNotFoundError:
        print(m.say(m.TABLE_NEEDS_PACKAGE, rules.lang, package="openpyxl"), file=sys.stderr)
        return None
    try:
        book = load_workbook(path, data_only=True)   # a formula counts as the value Excel computed
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as err:
        print(m.say(m.TABLE_NOT_XLSX, rules.lang, name=str(path), error=str(err)), file=sys.stderr)
        return None
    found = []
    many = len(book.worksheets) > 1
    for ws in book.worksheets:
        rows: list[Row] = [list(row) for row in ws.iter_rows(values_only=True)]
        if not any(_text(_at(row, 1)).lower() in (TABLE, *SECTIONS) for row in rows):   # notes of the drafters' own
            print(m.say(m.TABLE_SHEET_LEFT_OUT, rules.lang, name=str(path), sheet=repr(ws.title), table=TABLE, cells=CELLS),
                  file=sys.stderr)
            continue
        table = _SheetReader(rows, _Located(str(path), ws.title if many else None), ws.title, rules, errors).read()
        if table is not None:
            found.append(table)
    return found


# -- import ------------------------------------------------------------------------------------

@dataclass(order=True)
class _Edit:
    start: int
    seq: int
    end: int = field(compare=False)
    text: str = field(compare=False)


def _import(args: argparse.Namespace, rules: _Rules) -> int:
    from . import messages as m

    lang = rules.lang
    errors: list[str] = []
    sheets: list[_SheetTable] = []
    for name in args.files:
        found = _read_file(Path(name), rules, errors)
        if found is None:
            return EXIT_USAGE
        sheets.extend(found)
    first: dict[str, str] = {}
    edits: dict[str, list[_Edit]] = {}
    changes: list[str] = []
    plans: list[tuple[_SheetTable, dict[Key, _Given]]] = []
    for sheet in sheets:
        name = sheet.table.node.id.value
        if name in first:
            errors.append(f"{sheet.where}: error: " + m.say(m.SHEET_TABLE_TWICE, lang, name=name, first=first[name]))
            continue
        first[name] = sheet.where
        wanted = _plan(sheet, edits.setdefault(sheet.table.file.shown, []), changes, errors, lang)
        plans.append((sheet, wanted))
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        print(m.say(m.TABLE_ERRORS, lang, count=str(len(errors)), s="s" * (len(errors) != 1)), file=sys.stderr)
        return EXIT_FAILED
    new_texts = {shown: _apply(rules.files[shown].text, file_edits) for shown, file_edits in edits.items() if file_edits}
    for sheet, wanted in plans:   # what was written must read back as the sheet says: else it is regc's bug
        _verify(sheet.table, new_texts.get(sheet.table.file.shown, sheet.table.file.text), wanted)
    for line in changes:
        print(line, file=sys.stderr)
    if not new_texts:
        print(m.say(m.TABLE_NO_CHANGE, lang), file=sys.stderr)
        return EXIT_OK
    for shown, text in new_texts.items():
        if not args.dry_run:
            try:
                _write_atomically(rules.files[shown].path, text.encode("utf-8"))
            except OSError as err:
                print(m.say(m.CANNOT_WRITE, lang, name=shown, error=str(err.strerror or err)), file=sys.stderr)
                return EXIT_USAGE
        print(m.say(m.TABLE_WOULD_WRITE if args.dry_run else m.TABLE_WROTE_FILE, lang, name=shown), file=sys.stderr)
    return EXIT_OK


def _plan(sheet: _SheetTable, edits: list[_Edit], changes: list[str], errors: list[str], lang: str = "en") -> dict[Key, _Given]:
    """The edits that make the rule file say what the sheet says; what each cell must then read."""
    from . import messages as m

    table = sheet.table
    text = table.file.text
    name = table.node.id.value
    wanted: dict[Key, _Given] = {}
    new: list[_Given] = []
    for given in sheet.givens:
        cell = table.cells.get(given.key)
        old = _content(cell)
        want = given.content if given.mark_known or given.content.number is None else dataclasses.replace(given.content, mark=old.mark)
        if want.unwritten:
            if cell is not None:
                errors.append(f"{given.where}: error: " + m.say(m.SHEET_BLANK_CELL, lang, key=_key_text(given.coords),
                                                                  where=f"{cell.span.file}:{cell.span.line}", old=old.describe()))
            continue
        wanted[given.key] = dataclasses.replace(given, content=want)
        if cell is None:
            new.append(dataclasses.replace(given, content=want))
            mark = f" ({want.mark})" if want.mark is not None else ""
            changes.append(m.say(m.TABLE_NEW_CELL, lang, table=name, key=_key_text(given.coords), value=want.describe(), mark=mark))
            continue
        cell_edits = _cell_edits(text, cell, old, want)
        if cell_edits:
            edits.extend(cell_edits)
            kept = want.mark.same(old.mark) if want.mark is not None else old.mark is None
            mark = "" if kept else f" ({want.mark})" if want.mark is not None else m.say(m.TABLE_MARK_REMOVED, lang)
            changes.append(m.say(m.TABLE_CHANGED_CELL, lang, table=name, key=_key_text(given.coords), old=old.describe(),
                                 new=want.describe(), mark=mark, where=f"{cell.span.file}:{cell.span.line}"))
    edits.extend(_insertions(table, new, len(edits)))
    return wanted


def _cell_edits(text: str, cell: ast.Cell, old: _Content, want: _Content) -> list[_Edit]:
    """The smallest edits of one written cell: its number, its mark, or all after its `=`."""
    value_at = _after_equals(text, cell)
    if old.number is not None and want.number is not None:
        edits = []
        if old.number != want.number:
            match = re.compile(r"\d+(\.\d+)?").match(text, value_at)
            if match is None:
                raise RuntimeError(f"no number after `=` in the cell at {cell.span}")
            edits.append(_Edit(value_at, 0, match.end(), want.written or _plain(want.number)))
            value_end = match.end()
        else:
            value_end = _number_end(text, value_at)
        if not (want.mark.same(old.mark) if want.mark is not None else old.mark is None):
            provenance = cell.provenance
            if provenance is None:
                edits.append(_Edit(value_end, 1, value_end, " " + want.mark.rule_text() if want.mark else ""))
            elif want.mark is None:
                edits.append(_Edit(value_end, 1, provenance.span.end, ""))
            else:
                edits.append(_Edit(provenance.span.start, 1, provenance.span.end, want.mark.rule_text()))
        return edits
    if old.same(want):
        return []
    return [_Edit(value_at, 0, cell.span.end, _tail(want))]


def _tail(content: _Content) -> str:
    """What follows a cell's `=`."""
    if content.number is not None:
        return (content.written or _plain(content.number)) + (" " + content.mark.rule_text() if content.mark else "")
    return f"pending {_quote(_flat(content.reason or ''))}"


def _after_equals(text: str, cell: ast.Cell) -> int:
    """Where a cell's value starts: after the `]` of its key and the `=`, past blanks and comments."""
    at = _skip(text, cell.key[-1].span.end)
    for expected in "]=":
        if text[at:at + 1] != expected:
            raise RuntimeError(f"expected `{expected}` at {cell.span.file} offset {at}")
        at = _skip(text, at + 1)
    return at


def _skip(text: str, at: int) -> int:
    while at < len(text):
        if text[at].isspace():
            at += 1
        elif text[at] == "#":
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
        else:
            break
    return at


def _number_end(text: str, at: int) -> int:
    match = re.compile(r"\d+(\.\d+)?").match(text, at)
    return match.end() if match else at


def _insertions(table: _RuleTable, new: list[_Given], seq: int) -> list[_Edit]:
    """New cells, each a line of its own where the table writes cells: a single cell after the written
    one before it in the grid's order (else before the first cell), a combined one after the last cell;
    a table with no cells gets them after its last axis."""
    text = table.file.text
    newline = "\r\n" if "\r\n" in text else "\n"
    order = {key: i for i, key in enumerate(_grid_order(table))}
    written = sorted(table.node.cells, key=lambda c: c.span.start)
    singles = [(order[k], c) for k, c in table.cells.items() if k in order]
    close = table.node.span.end - 1   # the table's `}`
    edits: list[_Edit] = []
    for n, given in enumerate(sorted(new, key=lambda g: (g.key not in order, order.get(g.key, 0))), seq):
        line = f"cell {_key_text(given.coords)} = {_tail(given.content)}"
        before = [c for i, c in singles if i < order[given.key]] if given.key in order else []
        anchor: ast.Cell | ast.Axis
        if before:
            anchor, after = max(before, key=lambda c: c.span.start), True
        elif given.key in order and written:
            anchor, after = written[0], False
        elif written:
            anchor, after = written[-1], True
        else:
            anchor, after = table.node.axes[-1], True
        start = text.rfind("\n", 0, anchor.span.start) + 1
        before_anchor = text[start:anchor.span.start]
        indent = before_anchor[:len(before_anchor) - len(before_anchor.lstrip(" \t"))]
        if after:
            end = text.find("\n", anchor.span.end)
            if end < 0 or end > close:   # the `}` closes the table on this line: the cell goes beside
                edits.append(_Edit(anchor.span.end, n, anchor.span.end, " " + line))
            else:
                edits.append(_Edit(end + 1, n, end + 1, indent + line + newline))
        elif before_anchor.strip():   # the first cell does not start its line
            edits.append(_Edit(anchor.span.start, n, anchor.span.start, line + " "))
        else:
            edits.append(_Edit(start, n, start, indent + line + newline))
    return edits


def _grid_order(table: _RuleTable) -> list[Key]:
    return [tuple(frozenset([v]) for v in values) for values in itertools.product(*(values for _, values in table.axes))]


def _apply(text: str, edits: list[_Edit]) -> str:
    """Edits from the end, so that each one's offsets still hold; insertions at one place keep their order."""
    for edit in sorted(edits, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def _verify(table: _RuleTable, text: str, wanted: dict[Key, _Given]) -> None:
    """The file as edited, read again: the sheet's cells say what it says, every other cell is untouched."""
    from . import ast, from_tree, parse
    from .diagnostics import InternalError, Reporter
    from .source import SourceFile

    source = SourceFile.from_text(table.file.shown, text)
    reporter = Reporter()
    tree = parse.run(source, reporter)
    node = None
    if tree is not None:
        node = next((i for i in from_tree.run(tree, source, reporter).items
                     if isinstance(i, ast.Table) and i.id.value == table.node.id.value), None)
    if node is None or reporter.has_errors:
        raise InternalError(f"the edited {table.file.shown} no longer reads as rules")
    after = _rule_table(node, table.file)
    for key in set(after.cells) | set(table.cells):
        got = _content(after.cells.get(key))
        expected = wanted[key].content if key in wanted else _content(table.cells.get(key))
        if not got.same(expected):
            raise InternalError(f"{table.file.shown}: a cell of `{table.node.id.value}` reads {got.describe()} after "
                                f"the edit, not {expected.describe()}")
