"""`regc table export` and `regc table import` (compiler/tables.py): the appendix tables as spreadsheets.

Every test works on a copy in tmp_path (of rules/, of the fixtures, of tests/golden/rules with the
invented tables of tests/fixtures/tables/layouts.rules), never on the project's own rules/. Round trips
(export, then import) must leave every rule file as it was, byte for byte; an import that changes cells
must edit exactly those cell lines; a sheet with mistakes must name each one by its cell (`FILE:C4`)
and write nothing.
"""
from __future__ import annotations

import csv
import difflib
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from programs import regc

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
APPENDICES = "circular-02-2021/appendices.rules"
RULE_TABLES = ("appendix_01", "appendix_01_task_caps", "appendix_02", "appendix_02_task_caps", "appendix_03", "appendix_03_task_caps")
LAYOUT_TABLES = ("three_axes", "one_line", "odd_layout", "empty_table", "study_caps", "golden_levels")

openpyxl = pytest.importorskip("openpyxl")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines an edit removed (-) and added (+), in order."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def rules(tmp_path, monkeypatch) -> Path:
    """A copy of rules/ in tmp_path, which is also the working folder (sheets are named as in messages)."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "rules"


@pytest.fixture
def layouts(tmp_path, monkeypatch) -> Path:
    """tests/golden/rules (a one-axis table, a table with a combined cell) and the invented layouts."""
    target = tmp_path / "layouts"
    shutil.copytree(ROOT / "tests" / "golden" / "rules", target)
    shutil.copyfile(FIXTURES / "tables" / "layouts.rules", target / "layouts.rules")
    monkeypatch.chdir(tmp_path)
    return target


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def row_of(rows: list[list[str]], first: str, after: str | None = None) -> list[str]:
    """The first row whose first cell is `first` (after the row whose first cell is `after`)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == after) + 1 if after else 0
    return next(r for r in rows[start:] if r and r[0] == first)


def set_cell(row: list[str], column: int, value: str) -> None:
    row.extend([""] * (column + 1 - len(row)))
    row[column] = value


# -- round trips: export, then import, changes nothing -----------------------------------------

@pytest.mark.parametrize("table", RULE_TABLES)
def test_csv_round_trip_of_the_rules_changes_no_byte(capsys, rules, table):
    before = snapshot(rules)
    code, _, err = regc(capsys, "table", "export", table, "--format", "csv", "-o", f"{table}.csv")
    assert code == 0, err
    code, _, err = regc(capsys, "table", "import", f"{table}.csv")
    assert code == 0, err
    assert "no change" in err
    assert snapshot(rules) == before


def test_xlsx_round_trip_of_the_rules_changes_no_byte_and_export_is_deterministic(capsys, rules, tmp_path):
    before = snapshot(rules)
    code, _, err = regc(capsys, "table", "export", *RULE_TABLES, "-o", "appendices.xlsx")
    assert code == 0, err
    first = (tmp_path / "appendices.xlsx").read_bytes()
    assert regc(capsys, "table", "export", *RULE_TABLES, "-o", "again.xlsx")[0] == 0
    assert (tmp_path / "again.xlsx").read_bytes() == first   # no date or time changes it from run to run
    book = openpyxl.load_workbook(tmp_path / "appendices.xlsx")
    assert book.sheetnames == list(RULE_TABLES)
    code, _, err = regc(capsys, "table", "import", "appendices.xlsx")
    assert code == 0, err
    assert snapshot(rules) == before


@pytest.mark.parametrize("fixture", ["pinned", "full-tables"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_the_appendix_fixtures(capsys, rules, fixture, fmt):
    shutil.copyfile(FIXTURES / fixture / "appendices.rules", rules / APPENDICES)
    before = snapshot(rules)
    for table in RULE_TABLES:
        assert regc(capsys, "table", "export", table, "-o", f"{table}.{fmt}")[0] == 0
    code, _, err = regc(capsys, "table", "import", *(f"{t}.{fmt}" for t in RULE_TABLES))
    assert code == 0, err
    assert snapshot(rules) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_every_layout(capsys, layouts, fmt):
    """Three axes, one axis, a table on one line, comments inside a cell, a mark on two lines, 1.50."""
    before = snapshot(layouts)
    for table in LAYOUT_TABLES:
        assert regc(capsys, "--rules", layouts, "table", "export", table, "-o", f"{table}.{fmt}")[0] == 0
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", *(f"{t}.{fmt}" for t in LAYOUT_TABLES))
    assert code == 0, err
    assert snapshot(layouts) == before


def test_round_trip_keeps_crlf_line_endings(capsys, layouts):
    path = layouts / "layouts.rules"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = snapshot(layouts)
    assert regc(capsys, "--rules", layouts, "table", "export", "odd_layout", "-o", "odd.csv")[0] == 0
    rows = read_csv(Path("odd.csv"))
    set_cell(row_of(rows, "trial", after="cells"), 1, "3")
    write_csv(Path("odd.csv"), rows)
    assert regc(capsys, "--rules", layouts, "table", "import", "odd.csv")[0] == 0
    after = path.read_bytes()
    assert b"cell [trial, less_serious] = 3\r\n" in after
    assert after.replace(b"  cell [trial, less_serious] = 3\r\n", b"") == before["layouts.rules"]
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_the_docs_hostile_table_round_trips(capsys, tmp_path, monkeypatch):
    target = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "docs-hostile" / "rules", target)
    monkeypatch.chdir(tmp_path)
    before = snapshot(target)
    for fmt in ("csv", "xlsx"):
        assert regc(capsys, "--rules", target, "table", "export", "hostile_table", "-o", f"h.{fmt}")[0] == 0
        code, _, err = regc(capsys, "--rules", target, "table", "import", f"h.{fmt}")
        assert code == 0, err
    assert snapshot(target) == before


# -- what a sheet looks like ---------------------------------------------------------------------

def test_export_csv_shows_the_header_block_the_grid_pending_cells_and_combined_cells(capsys, rules):
    assert regc(capsys, "table", "export", "appendix_01", "-o", "a1.csv")[0] == 0
    raw = Path("a1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")   # Excel reads Vietnamese as UTF-8
    rows = read_csv(Path("a1.csv"))
    assert rows[0] == ["table", "appendix_01"]
    assert row_of(rows, "title en")[1].startswith("Appendix 01: fixed working time")
    assert row_of(rows, "title vi")[1] == "Phụ lục số 01"
    assert row_of(rows, "unit")[1] == "sessions"
    assert row_of(rows, "source")[1].startswith("https://thuvienphapluat.vn/")
    assert row_of(rows, "otherwise pending")[1].startswith("Appendix 01's cells were not found")
    assert row_of(rows, "defined in")[1] == "rules/circular-02-2021/appendices.rules:19"
    assert row_of(rows, "stage \\ offense_class") == ["stage \\ offense_class", "less_serious", "serious", "very_serious", "extremely_serious"]
    assert row_of(rows, "investigation") == ["investigation", "pending", "pending", "pending", "pending"]
    combined = rows[rows.index(row_of(rows, "combined cells")) + 1:]
    assert combined[0] == ["stage", "offense_class", "value", "mark"]
    assert combined[1][:3] == ["investigation + prosecution + first_instance", "very_serious", "23"]
    assert combined[1][3].startswith("C2: Art. 10.1 Example 01")
    assert combined[2][:2] == ["investigation + prosecution + first_instance", "extremely_serious"]
    assert combined[2][2].startswith("pending: Not known: the English translation")
    assert row_of(rows, "marks")   # a section for the grid's marks, empty here


def test_export_xlsx_writes_numbers_as_numbers_and_each_table_on_its_sheet(capsys, layouts):
    assert regc(capsys, "--rules", layouts, "table", "export", "golden_levels", "study_caps", "-o", "g.xlsx")[0] == 0
    book = openpyxl.load_workbook("g.xlsx")
    ws = book["golden_levels"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    grid = next(i for i, r in enumerate(rows) if r[0] == "stage \\ offense_class")
    assert rows[grid][:3] == ["stage \\ offense_class", "less_serious", "serious"]
    assert rows[grid + 1][:3] == ["investigation", 3, 4]
    assert rows[grid + 2][:3] == ["trial", 5, "pending"]
    marks = next(i for i, r in enumerate(rows) if r[0] == "marks")
    assert rows[marks + 2][:3] == ["investigation", "serious", "1S: invented"]
    assert book.properties.creator == "regc"


def test_export_of_a_table_that_does_not_exist(capsys, rules):
    code, _, err = regc(capsys, "table", "export", "appendix_1", "-o", "x.csv")
    assert code == 1
    assert "the rules have no table `appendix_1`" in err and "appendix_01" in err
    assert not Path("x.csv").exists()


def test_csv_holds_one_table(capsys, rules):
    code, _, err = regc(capsys, "table", "export", "appendix_01", "appendix_02", "-o", "x.csv")
    assert code == 2 and "one table" in err


def test_list_names_every_table_and_where_it_is(capsys, rules):
    code, out, _ = regc(capsys, "table", "list")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == sorted(RULE_TABLES)
    assert "rules/circular-02-2021/appendices.rules:19" in out


# -- filling a table ------------------------------------------------------------------------------

def test_filling_pending_cells_from_csv_writes_exactly_those_lines_and_check_passes(capsys, rules):
    before = (rules / APPENDICES).read_bytes()
    assert regc(capsys, "table", "export", "appendix_01", "-o", "appendix_01.csv")[0] == 0
    rows = read_csv(Path("appendix_01.csv"))
    set_cell(row_of(rows, "investigation"), 1, "2")
    set_cell(row_of(rows, "investigation"), 2, "4.5")
    set_cell(row_of(rows, "appeal"), 4, "pending: the Word file's cell cannot be read")
    rows.append(["investigation", "serious", "1S: the Word file of Appendix 01"])   # under `marks`, the last section
    write_csv(Path("appendix_01.csv"), rows)

    code, _, err = regc(capsys, "table", "import", "appendix_01.csv")
    assert code == 0, err
    assert changed_lines(before, (rules / APPENDICES).read_bytes()) == [
        "+  cell [investigation, less_serious] = 2",
        '+  cell [investigation, serious] = 4.5 (1S: "the Word file of Appendix 01")',
        "+  cell [appeal, extremely_serious] = pending \"the Word file's cell cannot be read\"",
    ]
    # the new cells stand with the others, before the combined cell the file writes first
    text = (rules / APPENDICES).read_text(encoding="utf-8")
    assert text.index("cell [appeal, extremely_serious]") < text.index("cell [investigation + prosecution + first_instance, very_serious]")
    code, _, err = regc(capsys, "check")
    assert code == 0, err
    # and a second import of the same sheet changes nothing
    after = snapshot(rules)
    assert regc(capsys, "table", "import", "appendix_01.csv")[0] == 0
    assert snapshot(rules) == after


def test_filling_a_whole_table_from_xlsx_then_check_passes(capsys, rules):
    """What the drafters will do: type the Word table's figures into the exported workbook."""
    before = (rules / APPENDICES).read_bytes()
    assert regc(capsys, "table", "export", "appendix_02", "-o", "appendix_02.xlsx")[0] == 0
    book = openpyxl.load_workbook("appendix_02.xlsx")
    ws = book["appendix_02"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "stage \\ complexity")
    figures = {"first_instance": (6, 12), "appeal": (4, 8.5), "cassation_reopening": (3, 6)}
    for r in range(header + 1, header + 4):
        simple, complex_ = figures[ws.cell(r, 1).value]
        ws.cell(r, 2).value, ws.cell(r, 3).value = simple, complex_
    book.save("appendix_02.xlsx")

    code, _, err = regc(capsys, "table", "import", "appendix_02.xlsx")
    assert code == 0, err
    assert changed_lines(before, (rules / APPENDICES).read_bytes()) == [
        "+  cell [first_instance, simple] = 6",
        "+  cell [first_instance, complex] = 12",
        "+  cell [appeal, simple] = 4",
        "+  cell [appeal, complex] = 8.5",
        "+  cell [cassation_reopening, simple] = 3",
        "+  cell [cassation_reopening, complex] = 6",
    ]
    text = (rules / APPENDICES).read_text(encoding="utf-8")
    block = text[text.index("table appendix_02 {"):text.index("table appendix_02_task_caps")]
    assert block.index("axis complexity") < block.index("cell [first_instance, simple]") < block.index("otherwise pending")
    code, _, err = regc(capsys, "check")
    assert code == 0, err


def test_changing_written_cells_edits_only_what_changes(capsys, layouts):
    """A value, a mark added, a mark removed, a value made pending, a pending cell given a value."""
    path = layouts / "layouts.rules"
    before = path.read_bytes()
    assert regc(capsys, "--rules", layouts, "table", "export", "three_axes", "-o", "t.csv")[0] == 0
    rows = read_csv(Path("t.csv"))
    cells = rows.index(row_of(rows, "cells"))
    listed = {tuple(r[:3]): r for r in rows[cells + 2:] if len(r) >= 4 and r[0] in ("criminal", "civil")}
    set_cell(listed["criminal", "investigation", "simple"], 3, "1.5")     # the same number: nothing to write
    set_cell(listed["criminal", "trial", "complex"], 3, "8")              # a new value, its mark kept
    set_cell(listed["criminal", "trial", "complex"], 4, "")               # ... and removed
    set_cell(listed["civil", "trial", "simple"], 3, "5")                  # a new cell
    set_cell(listed["civil", "trial", "simple"], 4, 'INF: "from the 2029 draft"')
    set_cell(listed["civil", "investigation + trial", "complex"], 3, "pending: the source was withdrawn")
    set_cell(listed["civil", "investigation + trial", "complex"], 4, "")   # a pending cell has no mark
    write_csv(Path("t.csv"), rows)

    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "t.csv")
    assert code == 0, err
    assert path.read_bytes() == before.replace(
        b'  cell [criminal, trial, complex] = 7 (C2)\n'
        b'  cell [civil, investigation + trial, complex] = 12\n'
        b'    (1S: "an invented \\"source\\", on\n'
        b'    two lines")\n',
        b'  cell [criminal, trial, complex] = 8\n'
        b'  cell [civil, trial, simple] = 5 (INF: "from the 2029 draft")\n'
        b'  cell [civil, investigation + trial, complex] = pending "the source was withdrawn"\n')
    assert path.read_bytes() != before
    assert "three_axes [criminal, trial, complex]: 7 -> 8 (mark removed)" in err


def test_a_pending_cell_given_a_value_keeps_its_comments(capsys, layouts):
    path = layouts / "layouts.rules"
    before = path.read_bytes()
    assert regc(capsys, "--rules", layouts, "table", "export", "odd_layout", "-o", "odd.xlsx")[0] == 0
    book = openpyxl.load_workbook("odd.xlsx")
    ws = book.active
    trial = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "trial")
    assert ws.cell(trial, 3).value == "pending: Invented: a reason with a \\ backslash."
    ws.cell(trial, 3).value = 9
    investigation = trial - 1
    ws.cell(investigation, 2).value = 2.0   # Excel's float for the 2 written: the same number
    marks = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "marks")
    ws.cell(marks + 2, 1).value, ws.cell(marks + 2, 2).value, ws.cell(marks + 2, 3).value = "trial", "serious", "(C2)"
    book.save("odd.xlsx")
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "odd.xlsx")
    assert code == 0, err
    assert changed_lines(before, path.read_bytes()) == [
        '-    = pending "Invented: a reason with a \\\\ backslash."',
        "+    = 9 (C2)",
    ]


def test_one_axis_table(capsys, layouts):
    path = layouts / "decree.rules"
    before = path.read_bytes()
    assert regc(capsys, "--rules", layouts, "table", "export", "study_caps", "-o", "study_caps.csv")[0] == 0
    rows = read_csv(Path("study_caps.csv"))
    assert row_of(rows, "offense_class") == ["offense_class", "value", "mark"]
    assert row_of(rows, "less_serious") == ["less_serious", "2"]
    assert row_of(rows, "serious") == ["serious", "pending: Not invented yet."]
    set_cell(row_of(rows, "serious"), 1, "3")
    set_cell(row_of(rows, "serious"), 2, "1S: invented as well")
    write_csv(Path("study_caps.csv"), rows)
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "study_caps.csv")
    assert code == 0, err
    assert changed_lines(before, path.read_bytes()) == [
        '-  cell [serious] = pending "Not invented yet."',
        '+  cell [serious] = 3 (1S: "invented as well")',
    ]
    assert regc(capsys, "--rules", layouts, "check")[0] == 0


def test_combined_cells(capsys, layouts):
    """A combined cell changed where it is written, and a new one added after the table's last cell."""
    path = layouts / "decree.rules"
    before = path.read_bytes()
    assert regc(capsys, "--rules", layouts, "table", "export", "golden_levels", "-o", "levels.csv")[0] == 0
    rows = read_csv(Path("levels.csv"))
    combined = row_of(rows, "investigation + trial", after="combined cells")
    assert combined == ["investigation + trial", "serious", "9"]
    combined[2] = "10"
    marks = rows.index(row_of(rows, "marks"))
    rows.insert(marks - 1, ["trial + investigation", "less_serious", "7", "INF: the two stages added up"])
    write_csv(Path("levels.csv"), rows)
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "levels.csv")
    assert code == 0, err
    assert changed_lines(before, path.read_bytes()) == [
        "-  cell [investigation + trial, serious] = 9",
        "+  cell [investigation + trial, serious] = 10",
        '+  cell [trial + investigation, less_serious] = 7 (INF: "the two stages added up")',
    ]
    assert regc(capsys, "--rules", layouts, "check")[0] == 0


def test_new_cells_in_a_table_on_one_line_and_in_a_table_with_none(capsys, layouts):
    path = layouts / "layouts.rules"
    before = path.read_bytes()
    for table in ("one_line", "empty_table"):
        assert regc(capsys, "--rules", layouts, "table", "export", table, "-o", f"{table}.csv")[0] == 0
    rows = read_csv(Path("one_line.csv"))
    set_cell(row_of(rows, "complex", after="cells"), 1, "2")
    write_csv(Path("one_line.csv"), rows)
    rows = read_csv(Path("empty_table.csv"))
    set_cell(row_of(rows, "less_serious", after="cells"), 1, "0.5")
    set_cell(row_of(rows, "serious", after="cells"), 1, "pending: not yet")
    write_csv(Path("empty_table.csv"), rows)
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "one_line.csv", "empty_table.csv")
    assert code == 0, err
    assert changed_lines(before, path.read_bytes()) == [
        '-table one_line { title en "Invented: on one line"  unit sessions  axis complexity: simple, complex  cell [simple] = 1 }',
        '+table one_line { title en "Invented: on one line"  unit sessions  axis complexity: simple, complex  cell [simple] = 1'
        ' cell [complex] = 2 }',
        "+  cell [less_serious] = 0.5",
        '+  cell [serious] = pending "not yet"',
    ]
    assert regc(capsys, "--rules", layouts, "check")[0] == 0


def test_dry_run_writes_nothing(capsys, rules):
    before = snapshot(rules)
    assert regc(capsys, "table", "export", "appendix_03", "-o", "a3.csv")[0] == 0
    rows = read_csv(Path("a3.csv"))
    set_cell(row_of(rows, "appeal", after="cells"), 1, "5")
    write_csv(Path("a3.csv"), rows)
    code, _, err = regc(capsys, "table", "import", "--dry-run", "a3.csv")
    assert code == 0
    assert "appendix_03 [appeal, simple]: 5 (new cell)" in err and "would write rules/circular-02-2021/appendices.rules" in err
    assert snapshot(rules) == before


# -- mistakes in a sheet: each named by its cell, nothing written ---------------------------------

def exported(capsys, table: str, name: str) -> list[list[str]]:
    assert regc(capsys, "table", "export", table, "-o", name)[0] == 0
    return read_csv(Path(name))


def import_fails(capsys, rules: Path, *files: str) -> str:
    before = snapshot(rules)
    code, _, err = regc(capsys, "table", "import", *files)
    assert code == 1, err
    assert "nothing was written" in err
    assert snapshot(rules) == before
    return err


def test_an_unknown_column_header(capsys, rules):
    rows = exported(capsys, "appendix_01", "appendix_01.csv")
    row_of(rows, "stage \\ offense_class")[2] = "seriuos"   # C, the row after `cells`
    write_csv(Path("appendix_01.csv"), rows)
    line = rows.index(row_of(rows, "stage \\ offense_class")) + 1
    err = import_fails(capsys, rules, "appendix_01.csv")
    assert f"appendix_01.csv:C{line}: error: `seriuos` is not on the `offense_class` axis of `appendix_01` (did you mean `serious`" in err


def test_an_unknown_row_header(capsys, rules):
    rows = exported(capsys, "appendix_01", "appendix_01.csv")
    row_of(rows, "appeal")[0] = "appeals_court"
    write_csv(Path("appendix_01.csv"), rows)
    line = rows.index(row_of(rows, "appeals_court")) + 1
    err = import_fails(capsys, rules, "appendix_01.csv")
    assert f"appendix_01.csv:A{line}: error: `appeals_court` is not on the `stage` axis of `appendix_01`" in err


def test_a_value_that_is_not_a_number(capsys, rules):
    rows = exported(capsys, "appendix_01", "appendix_01.csv")
    set_cell(row_of(rows, "prosecution"), 3, "ten")
    write_csv(Path("appendix_01.csv"), rows)
    line = rows.index(row_of(rows, "prosecution")) + 1
    err = import_fails(capsys, rules, "appendix_01.csv")
    assert f"appendix_01.csv:D{line}: error: `ten` is not a number" in err


def test_a_negative_number_and_a_date_in_xlsx(capsys, rules):
    import datetime

    assert regc(capsys, "table", "export", "appendix_02", "-o", "appendix_02.xlsx")[0] == 0
    book = openpyxl.load_workbook("appendix_02.xlsx")
    ws = book.active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "appeal")
    ws.cell(row, 2).value = -3
    ws.cell(row, 3).value = datetime.datetime(2026, 5, 1)   # what Excel makes of 1.5 in some locales
    book.save("appendix_02.xlsx")
    err = import_fails(capsys, rules, "appendix_02.xlsx")
    assert f"appendix_02.xlsx:B{row}: error: `-3` is not a number a table can hold" in err
    assert f"appendix_02.xlsx:C{row}: error:" in err and "is not a number" in err


def test_duplicates(capsys, rules):
    rows = exported(capsys, "appendix_01", "appendix_01.csv")
    header = rows.index(row_of(rows, "stage \\ offense_class"))
    rows[header].append("serious")                                   # a column twice: F
    rows.insert(header + 3, list(row_of(rows, "investigation")))     # a row twice
    combined = rows.index(row_of(rows, "combined cells"))
    rows.insert(combined + 3, ["first_instance + investigation + prosecution", "very_serious", "24"])   # the 23 again
    write_csv(Path("appendix_01.csv"), rows)
    err = import_fails(capsys, rules, "appendix_01.csv")
    assert f"appendix_01.csv:F{header + 1}: error: column `serious` is given twice (first at appendix_01.csv:C{header + 1})" in err
    assert f"appendix_01.csv:A{header + 4}: error: row `investigation` is given twice (first at appendix_01.csv:A{header + 2})" in err
    assert (f"appendix_01.csv:C{combined + 4}: error: cell [first_instance + investigation + prosecution, very_serious] is given twice "
            f"(first at appendix_01.csv:C{combined + 3})") in err


def test_a_table_that_does_not_exist(capsys, rules):
    rows = exported(capsys, "appendix_01", "appendix_01.csv")
    rows[0][1] = "appendix_04"
    write_csv(Path("appendix_01.csv"), rows)
    err = import_fails(capsys, rules, "appendix_01.csv")
    assert "appendix_01.csv:B1: error: the rules have no table `appendix_04` (did you mean" in err


def test_every_error_is_listed_with_its_sheet_in_a_workbook(capsys, rules):
    assert regc(capsys, "table", "export", "appendix_02", "appendix_03", "-o", "book.xlsx")[0] == 0
    book = openpyxl.load_workbook("book.xlsx")
    ws2, ws3 = book["appendix_02"], book["appendix_03"]
    header = next(r for r in range(1, ws2.max_row + 1) if ws2.cell(r, 1).value == "stage \\ complexity")
    ws2.cell(header + 1, 2).value = "many"
    ws3.cell(header, 3).value = "complicated"
    ws3.cell(1, 2).value = "appendix_02"   # the same table twice
    book.save("book.xlsx")
    err = import_fails(capsys, rules, "book.xlsx")
    assert f"book.xlsx:appendix_02!B{header + 1}: error: `many` is not a number" in err
    assert f"book.xlsx:appendix_03!C{header}: error: `complicated` is not on the `complexity` axis" in err
    assert "book.xlsx:appendix_03!B1: error: table `appendix_02` is given twice (first at book.xlsx:appendix_02!B1)" in err
    assert "3 errors; nothing was written" in err


def test_a_blank_over_a_written_cell_and_a_mark_on_a_pending_cell(capsys, layouts):
    before = snapshot(layouts)
    assert regc(capsys, "--rules", layouts, "table", "export", "golden_levels", "-o", "levels.csv")[0] == 0
    rows = read_csv(Path("levels.csv"))
    investigation = rows.index(row_of(rows, "investigation", after="cells"))
    rows[investigation][1] = ""                                     # the 3 the rules write, cleared
    rows.append(["trial", "serious", "C2: two sources"])            # a mark for a pending cell
    write_csv(Path("levels.csv"), rows)
    code, _, err = regc(capsys, "--rules", layouts, "table", "import", "levels.csv")
    assert code == 1
    assert (f"levels.csv:B{investigation + 1}: error: cell [investigation, less_serious] is blank (or `pending` alone), but the rules write it "
            "(layouts/decree.rules:53: 3)") in err
    assert f"levels.csv:C{len(rows)}: error: only a value carries a mark" in err
    assert snapshot(layouts) == before


def test_a_file_that_cannot_be_read_is_a_usage_error(capsys, rules):
    Path("notes.txt").write_text("not a sheet", encoding="utf-8")
    assert regc(capsys, "table", "import", "notes.txt")[0] == 2
    assert regc(capsys, "table", "import", "missing.csv")[0] == 2
    Path("broken.xlsx").write_bytes(b"not a zip")
    code, _, err = regc(capsys, "table", "import", "broken.xlsx")
    assert code == 2 and "cannot read broken.xlsx" in err


def test_a_csv_with_semicolons_and_decimal_commas(capsys, rules):
    """Excel where the decimal separator is a comma (Vietnamese) saves CSV with `;`."""
    before = (rules / APPENDICES).read_bytes()
    rows = exported(capsys, "appendix_03", "appendix_03.csv")
    set_cell(row_of(rows, "appeal", after="cells"), 2, "7,5")
    with Path("appendix_03.csv").open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    code, _, err = regc(capsys, "table", "import", "appendix_03.csv")
    assert code == 0, err
    assert changed_lines(before, (rules / APPENDICES).read_bytes()) == ["+  cell [appeal, complex] = 7.5"]
    assert Decimal("7.5") == Decimal(changed_lines(before, (rules / APPENDICES).read_bytes())[0].rsplit("= ", 1)[1])


def test_a_sheet_of_the_drafters_own_is_left_out(capsys, rules):
    assert regc(capsys, "table", "export", "appendix_02", "-o", "book.xlsx")[0] == 0
    book = openpyxl.load_workbook("book.xlsx")
    book.create_sheet("Ghi chú")["A1"] = "checked against the Word file on 2026-05-01"
    book.save("book.xlsx")
    before = snapshot(rules)
    code, _, err = regc(capsys, "table", "import", "book.xlsx")
    assert code == 0, err
    assert "sheet 'Ghi chú' is not a table" in err
    assert snapshot(rules) == before


def test_the_header_says_when_amending_acts_change_cells(capsys, layouts):
    (layouts / "act.rules").write_text(
        'instrument "1/2030/TT-GOLD" { kind circular  amends "77/2029/ND-GOLD" }\n'
        "article 1 { clause 1 { text en \"Invented.\"  change cell golden_levels [trial, serious] to 6 } }\n"
        'article 2 { clause 1 { text en "Invented."  in_force 2030-01-01 } }\n', encoding="utf-8")
    before = snapshot(layouts)
    assert regc(capsys, "--rules", layouts, "table", "export", "golden_levels", "-o", "levels.csv")[0] == 0
    amended = row_of(read_csv(Path("levels.csv")), "amended")[1]
    assert "layouts/act.rules:2" in amended and "as its own file writes it" in amended
    assert row_of(read_csv(Path("levels.csv")), "trial", after="cells") == ["trial", "5", "pending"]
    assert regc(capsys, "--rules", layouts, "table", "import", "levels.csv")[0] == 0
    assert snapshot(layouts) == before


def test_a_grid_turned_round_is_read_by_its_corner(capsys, rules):
    """Rows of offense classes, columns of stages, as a Word table may have them: the corner says so."""
    before = (rules / APPENDICES).read_bytes()
    rows = exported(capsys, "appendix_01_task_caps", "caps.csv")
    header = rows.index(row_of(rows, "stage \\ offense_class"))
    grid = [r[:6] for r in rows[header:header + 6]]
    turned = [[grid[r][c] for r in range(6)] for c in range(5)]
    turned[0][0] = "offense_class \\ stage"
    turned[1][1] = "1.5"   # less_serious, investigation
    rows[header:header + 6] = turned + [[]]
    write_csv(Path("caps.csv"), rows)
    code, _, err = regc(capsys, "table", "import", "caps.csv")
    assert code == 0, err
    assert changed_lines(before, (rules / APPENDICES).read_bytes()) == ["+  cell [investigation, less_serious] = 1.5"]


def test_a_sheet_without_its_table_row_is_named_by_its_file(capsys, rules):
    rows = exported(capsys, "appendix_02", "appendix_02.csv")
    rows[0] = ["tabel", "appendix_02"]
    write_csv(Path("appendix_02.csv"), rows)
    before = snapshot(rules)
    assert regc(capsys, "table", "import", "appendix_02.csv")[0] == 0   # the file's name is the table's
    assert snapshot(rules) == before
    Path("appendix_02.csv").rename("copy.csv")
    err = import_fails(capsys, rules, "copy.csv")
    assert "copy.csv:A1: error: the rules have no table `copy` (named by the sheet, which has no `table` row)" in err
