"""The command line's own messages (cli.py and the commands in modules of their own: fmt, table,
explain), in English and Vietnamese, in diagnostics.py's catalog.

What a command prints for a person on standard error is worded here, once per language, and
shown in the language `regc --lang` or the locale chooses (`say`). Machine output is not: JSON,
the validation results, statuses such as OK or INVALID_CASE, file paths, and the `error:` of a
located message, which tools read.
"""
from __future__ import annotations

from .diagnostics import Arg, define, text

__all__ = ["Arg", "say", "text"]   # and the message ids below; `text` makes a message to put in another


def say(message_id: str, lang: str, **args: Arg) -> str:
    """A message of the catalog in `lang`."""
    return text(message_id, **args).render(lang)


_M = define

# -- regc (cli.py) ---------------------------------------------------------------------------------
NO_RULES_FOLDER = _M("cli.no-rules-folder", "regc: no rules folder at {folder} (use --rules DIR, or DIR+DIR for a tree of several)",
                     "regc: không có thư mục quy tắc tại {folder} (dùng --rules DIR, hoặc DIR+DIR cho một cây gồm nhiều thư mục)")
INTERNAL_ERROR = _M("cli.internal-error", "regc: internal error: {error}", "regc: lỗi nội bộ: {error}")
REPORT_BUG = _M("cli.report-bug",
                "regc: this is a bug in regc, not in your files; please report it to {to} with the command you ran, "
                "and run it again with --traceback to see where it happened",
                "regc: đây là lỗi của regc, không phải của các tệp của bạn; vui lòng báo cho {to} kèm theo lệnh bạn đã "
                "chạy, và chạy lại lệnh với --traceback để xem lỗi xảy ra ở đâu")
REPORT_TO = _M("cli.report-to", "the regc maintainers (the project's issue tracker)",
               "những người duy trì regc (trang theo dõi vấn đề của dự án)")
BUILD_ONE_FOLDER = _M("cli.build-one-folder",
                      "regc: build writes generated/ from one rules folder; a tree of several folders (a draft read with "
                      "the law) can be checked, diffed and run with `regc impact`, not built",
                      "regc: build ghi generated/ từ một thư mục quy tắc; một cây gồm nhiều thư mục (một dự thảo đọc cùng "
                      "văn bản pháp luật) có thể được kiểm tra, so sánh và chạy bằng `regc impact`, nhưng không build được")
NOTHING_WRITTEN = _M("cli.nothing-written", "regc: nothing was written", "regc: không ghi gì cả")
STALE = _M("cli.stale", "stale: {name}", "lỗi thời: {name}")
EXAMPLE_DISAGREES = _M("cli.example-disagrees", "regc: worked example {file} ({name}) no longer agrees with the rules:",
                       "regc: ví dụ minh họa {file} ({name}) không còn khớp với các quy tắc:")
EXAMPLES_DIFFER = _M("cli.examples-differ",
                     "regc: {count} worked example(s) differ: check the new figures, then run `regc test --update`",
                     "regc: {count} ví dụ minh họa có kết quả khác: kiểm tra các số liệu mới, rồi chạy `regc test --update`")
EXAMPLES_DIFFER_UNWRITTEN = _M("cli.examples-differ-unwritten",
                               "regc: {count} worked example(s) differ: check the new figures, then run "
                               "`regc test --update`; nothing was written",
                               "regc: {count} ví dụ minh họa có kết quả khác: kiểm tra các số liệu mới, rồi chạy "
                               "`regc test --update`; không ghi gì cả")
GENERATED_STALE = _M("cli.generated-stale", "regc: {count} generated file(s) differ from the rules: run `regc build`",
                     "regc: {count} tệp được sinh ra khác với các quy tắc: chạy `regc build`")
GENERATED_UP_TO_DATE = _M("cli.generated-up-to-date", "regc: generated/ is up to date ({count} files)",
                          "regc: generated/ đã cập nhật ({count} tệp)")
WROTE_GENERATED = _M("cli.wrote-generated", "regc: wrote generated/ ({count} files, {changed} changed)",
                     "regc: đã ghi generated/ ({count} tệp, {changed} tệp thay đổi)")
RULES_HAVE_ERRORS = _M("cli.rules-have-errors", "regc: the rule files have errors; run `regc check`",
                       "regc: các tệp quy tắc có lỗi; chạy `regc check`")
VALIDATING_NOW = _M("cli.validating-now", "regc: {note}; validating with the rules as they are now",
                    "regc: {note}; kiểm tra theo các quy tắc như hiện tại")
VALIDATING_NOW_BUILD = _M("cli.validating-now-build",
                          "regc: {note}; validating with the rules as they are now (run `regc build` to update generated/)",
                          "regc: {note}; kiểm tra theo các quy tắc như hiện tại (chạy `regc build` để cập nhật generated/)")
NOTE_NOT_BUILT = _M("cli.note.not-built", "generated/ was not built from these rules",
                    "generated/ không được build từ các quy tắc này")
NOTE_DAMAGED = _M("cli.note.damaged", "{module} cannot be loaded ({error}); run `regc build`",
                  "không nạp được {module} ({error}); hãy chạy `regc build`")
NOTE_READINGS = _M("cli.note.readings", "the committed module applies the default readings",
                   "mô-đun đã commit áp dụng các cách hiểu mặc định")
CANNOT_READ = _M("cli.cannot-read", "regc: cannot read {what}", "regc: không đọc được {what}")
TEST_WAS = _M("cli.test.was", "    was {problem}", "    trước đây {problem}")
TEST_SUMMARY = _M("cli.test.summary", "{passed} passed, {failed} failed", "{passed} đạt, {failed} sai")
TEST_SUMMARY_UPDATED = _M("cli.test.summary-updated", "{passed} passed, {failed} failed, {updated} updated",
                          "{passed} đạt, {failed} sai, {updated} đã cập nhật")
TOP_NEGATIVE = _M("cli.top-negative", "regc: --top must be 0 or more", "regc: --top phải từ 0 trở lên")
NO_SUCH_FILE = _M("cli.no-such-file", "regc: cannot read {name}: no such file or folder",
                  "regc: không đọc được {name}: không có tệp hoặc thư mục này")
SKIPPED = _M("cli.skipped", "regc: skipped {name}: not a case file (its first document has none of a case's fields)",
             "regc: bỏ qua {name}: không phải tệp vụ việc (tài liệu đầu tiên của nó không có trường nào của một vụ việc)")
NO_CASE_FILES = _M("cli.no-case-files", "regc: no case files (.yaml, .yml, .json, .jsonl) in {where}",
                   "regc: không có tệp vụ việc nào (.yaml, .yml, .json, .jsonl) trong {where}")
CANNOT_WRITE = _M("cli.cannot-write", "regc: cannot write {name}: {error}", "regc: không ghi được {name}: {error}")
WROTE = _M("cli.wrote", "regc: wrote {name}", "regc: đã ghi {name}")
WROTE_DIFF = _M("cli.wrote-diff", "regc: wrote {name} ({summary})", "regc: đã ghi {name} ({summary})")
TREE_HAS_ERRORS = _M("cli.tree-has-errors", "regc: the rules of {which} have errors:", "regc: các quy tắc của {which} có lỗi:")
TREE_SUMMARY = _M("cli.tree-summary", "regc: {which}: {files} rule files, {counts}", "regc: {which}: {files} tệp quy tắc, {counts}")
DATE_AND_TREE = _M("cli.date-and-tree",
                   "regc: diff compares two rule trees or two dates, not a date ({given}) and a tree; for the --rules "
                   "tree on two dates write `regc diff {given} YYYY-MM-DD`",
                   "regc: diff so sánh hai cây quy tắc hoặc hai ngày, không so sánh một ngày ({given}) với một cây; để so "
                   "sánh cây --rules vào hai ngày, viết `regc diff {given} YYYY-MM-DD`")
NOT_A_DATE = _M("cli.not-a-date", "regc: {spec} is not a date (YYYY-MM-DD)", "regc: {spec} không phải là một ngày (YYYY-MM-DD)")

# -- regc fmt (fmt.py) -----------------------------------------------------------------------------
FMT_NO_SUCH = _M("fmt.no-such", "regc: no such file or folder: {name}", "regc: không có tệp hoặc thư mục: {name}")
FMT_CANNOT_READ = _M("fmt.cannot-read", "regc: cannot read {name}: {error}", "regc: không đọc được {name}: {error}")
FMT_SYNTAX_ERRORS = _M("fmt.syntax-errors", "regc: {name} has syntax errors: left as it is",
                       "regc: {name} có lỗi cú pháp: giữ nguyên")
FMT_FORMATTED = _M("fmt.formatted", "formatted {name}", "đã định dạng {name}")
FMT_COUNT = _M("fmt.count", "{changed} of {files} rule file{s}", "{changed} trên {files} tệp quy tắc")
FMT_WOULD_CHANGE = _M("fmt.would-change", "regc: {count} would change", "regc: {count} sẽ thay đổi")
FMT_REFORMATTED = _M("fmt.reformatted", "regc: {count} reformatted", "regc: {count} đã được định dạng lại")
FMT_LEFT = _M("fmt.left", "; {count} with syntax errors left as they are", "; {count} tệp có lỗi cú pháp được giữ nguyên")
FMT_LEFT_1 = _M("fmt.left-1", "; {count} with syntax errors left as it is", "; {count} tệp có lỗi cú pháp được giữ nguyên")
FMT_RUN = _M("fmt.run", "; run `regc fmt`", "; chạy `regc fmt`")

# -- regc table (tables.py) ------------------------------------------------------------------------
TABLE_CANNOT_READ_UTF8 = _M("table.cannot-read-utf8", "regc: cannot read {name} as UTF-8 text ({error})",
                            "regc: không đọc được {name} dưới dạng văn bản UTF-8 ({error})")
TABLE_SYNTAX_ERRORS = _M("table.syntax-errors", "regc: the rules have syntax errors: fix them first (`regc check`)",
                         "regc: các quy tắc có lỗi cú pháp: hãy sửa trước (`regc check`)")
TABLE_SAY_FORMAT = _M("table.say-format", "regc: say --format csv or --format xlsx (the output {output} does not say by its suffix)",
                      "regc: hãy nêu --format csv hoặc --format xlsx (phần mở rộng của tệp {output} không cho biết định dạng)")
TABLE_ONE_CSV = _M("table.one-csv",
                   "regc: a CSV file holds one table: export each to its own file, or all of them with --format xlsx",
                   "regc: một tệp CSV chỉ chứa một bảng: xuất mỗi bảng ra một tệp riêng, hoặc xuất tất cả bằng --format xlsx")
TABLE_NO_TABLE = _M("table.no-table", "regc: the rules have no table `{name}`{hint}", "regc: các quy tắc không có bảng `{name}`{hint}")
TABLE_NEEDS_PACKAGE = _M("table.needs-package", "regc: XLSX needs the package {package} (pip install openpyxl); CSV does not",
                         "regc: XLSX cần gói {package} (pip install openpyxl); CSV thì không cần")
TABLE_WROTE = _M("table.wrote", "regc: wrote {output} ({tables})", "regc: đã ghi {output} ({tables})")
TABLE_HINT = _M("table.hint", " ({hint})", " ({hint})")
TABLE_ITS_VALUES = _M("table.its-values", " (its values: {values})", " (các giá trị của trục: {values})")
TABLE_CANNOT_READ = _M("table.cannot-read", "regc: cannot read {name}: {error}", "regc: không đọc được {name}: {error}")
TABLE_READS = _M("table.reads", "regc: {name}: import reads .csv and .xlsx files",
                 "regc: {name}: import chỉ đọc các tệp .csv và .xlsx")
TABLE_NOT_XLSX = _M("table.not-xlsx", "regc: cannot read {name} as an XLSX workbook: {error}",
                    "regc: không đọc được {name} dưới dạng sổ tính XLSX: {error}")
TABLE_SHEET_LEFT_OUT = _M("table.sheet-left-out",
                          "regc: {name}: sheet {sheet} is not a table (no `{table}` row, no `{cells}` section): left out",
                          "regc: {name}: trang tính {sheet} không phải là bảng (không có dòng `{table}`, không có phần "
                          "`{cells}`): bỏ qua")
TABLE_ERRORS = _M("table.errors", "regc: {count} error{s}; nothing was written", "regc: {count} lỗi; không ghi gì cả")
TABLE_NO_CHANGE = _M("table.no-change", "regc: no change: the rules already say what the sheet says",
                     "regc: không có thay đổi: các quy tắc đã ghi đúng như trang tính")
TABLE_WOULD_WRITE = _M("table.would-write", "regc: would write {name}", "regc: sẽ ghi {name}")
TABLE_WROTE_FILE = _M("table.wrote-file", "regc: wrote {name}", "regc: đã ghi {name}")
TABLE_NEW_CELL = _M("table.new-cell", "{table} {key}: {value}{mark} (new cell)", "{table} {key}: {value}{mark} (ô mới)")
TABLE_MARK_REMOVED = _M("table.mark-removed", " (mark removed)", " (đã bỏ mức tin cậy)")
TABLE_CHANGED_CELL = _M("table.changed-cell", "{table} {key}: {old} -> {new}{mark} ({where})",
                        "{table} {key}: {old} -> {new}{mark} ({where})")
TABLE_LIST = _M("table.list", "{name}\t{where}\t{axes}\t{known} value{s}, {pending} pending written",
                "{name}\t{where}\t{axes}\t{known} giá trị, {pending} ô ghi còn chờ")
# Errors of an imported sheet, each after `FILE[:SHEET]:CELL: error: `.
SHEET_NAMED_BY_SHEET = _M("table.sheet.named-by-sheet", " (named by the sheet, which has no `table` row)",
                          " (tên lấy theo trang tính, vì trang tính không có dòng `table`)")
SHEET_NO_TABLE = _M("table.sheet.no-table", "the rules have no table `{name}`{named_by}{hint}",
                    "các quy tắc không có bảng `{name}`{named_by}{hint}")
SHEET_NO_CELLS = _M("table.sheet.no-cells",
                    "no `{cells}` section: a row whose first cell is `{cells}` starts the cells (as export writes them)",
                    "không có phần `{cells}`: các ô bắt đầu sau một dòng có ô đầu tiên là `{cells}` (như lệnh export ghi)")
SHEET_CELL_TWICE = _M("table.sheet.cell-twice", "cell {key} is given twice (first at {first})",
                      "ô {key} được ghi hai lần (lần đầu tại {first})")
SHEET_CORNER = _M("table.sheet.corner", "`{corner}`: the grid's rows and columns are `{rows} \\ {columns}` (or `{columns} \\ {rows}`)",
                  "`{corner}`: hàng và cột của lưới là `{rows} \\ {columns}` (hoặc `{columns} \\ {rows}`)")
SHEET_COLUMN_TWICE = _M("table.sheet.column-twice", "column `{name}` is given twice (first at {first})",
                        "cột `{name}` được ghi hai lần (lần đầu tại {first})")
SHEET_ROW_NO_VALUE = _M("table.sheet.row-no-value", "a row of the grid with no `{axis}` value",
                        "một hàng của lưới không có giá trị `{axis}`")
SHEET_ROW_TWICE = _M("table.sheet.row-twice", "row `{name}` is given twice (first at {first})",
                     "hàng `{name}` được ghi hai lần (lần đầu tại {first})")
SHEET_NO_COLUMN = _M("table.sheet.no-column", "a value under no `{axis}` column", "một giá trị không nằm dưới cột `{axis}` nào")
SHEET_NOT_COLUMN = _M("table.sheet.not-column", "column `{name}` is not one of this section's: {wanted}",
                      "cột `{name}` không thuộc các cột của phần này: {wanted}")
SHEET_NEEDS_COLUMNS = _M("table.sheet.needs-columns", "the `{section}` section needs the column{s} {columns}",
                         "phần `{section}` cần các cột {columns}")
SHEET_MARK_TWICE = _M("table.sheet.mark-twice", "the mark of cell {key} is given twice (first at {first})",
                      "mức tin cậy của ô {key} được ghi hai lần (lần đầu tại {first})")
SHEET_ONLY_VALUES = _M("table.sheet.only-values",
                       "only a value carries a mark: clear it, and say in the pending cell's reason what is known",
                       "chỉ một giá trị mới có mức tin cậy: hãy xóa nó, và ghi điều đã biết vào lý do của ô còn chờ")
SHEET_MARK_NO_VALUE = _M("table.sheet.mark-no-value", "a mark for a cell this sheet gives no value for",
                         "mức tin cậy cho một ô mà trang tính này không ghi giá trị")
SHEET_CELL_MARK_TWICE = _M("table.sheet.cell-mark-twice", "this cell's mark is given twice (first at {first})",
                           "mức tin cậy của ô này được ghi hai lần (lần đầu tại {first})")
SHEET_OFF_AXIS = _M("table.sheet.off-axis", "`{value}` is not on the `{axis}` axis of `{table}`{hint}",
                    "`{value}` không nằm trên trục `{axis}` của `{table}`{hint}")
SHEET_NO_AXIS_VALUE = _M("table.sheet.no-axis-value", "no `{axis}` value", "không có giá trị `{axis}`")
SHEET_ADDED_UP = _M("table.sheet.added-up", "`{text}`: write values added up as `a + b`",
                    "`{text}`: các giá trị cộng gộp được viết `a + b`")
SHEET_VALUE_TWICE = _M("table.sheet.value-twice", "`{text}` names a value twice", "`{text}` nêu một giá trị hai lần")
SHEET_NOT_NUMBER_KIND = _M("table.sheet.not-number-kind",
                           "`{value}` is not a number (a date or another kind of value: write the number as digits)",
                           "`{value}` không phải là số (một ngày hoặc loại giá trị khác: hãy viết số bằng chữ số)")
SHEET_NOT_HELD = _M("table.sheet.not-held", "`{value}` is not a number a table can hold (0 or more)",
                    "`{value}` không phải là số mà bảng có thể chứa (từ 0 trở lên)")
SHEET_PENDING_FORM = _M("table.sheet.pending-form", "`{text}`: write a pending cell as `pending: WHY`",
                        "`{text}`: ô còn chờ được viết `pending: WHY`")
SHEET_PENDING_REASON = _M("table.sheet.pending-reason", "`pending:` needs its reason: `pending: WHY`",
                          "`pending:` cần có lý do: `pending: WHY`")
SHEET_NOT_NUMBER = _M("table.sheet.not-number", "`{text}` is not a number (write digits such as 4 or 2.5, or `pending: WHY`)",
                      "`{text}` không phải là số (viết chữ số như 4 hoặc 2.5, hoặc `pending: WHY`)")
SHEET_NOT_A_NUMBER = _M("table.sheet.not-a-number", "`{text}` is not a number", "`{text}` không phải là số")
SHEET_NOT_MARK = _M("table.sheet.not-mark", "`{text}` is not a mark: write C2, 1S, INF or NF, then `: ` and what it rests on",
                    "`{text}` không phải là mức tin cậy: viết C2, 1S, INF hoặc NF, rồi `: ` và căn cứ của nó")
SHEET_TABLE_TWICE = _M("table.sheet.table-twice", "table `{name}` is given twice (first at {first})",
                       "bảng `{name}` được ghi hai lần (lần đầu tại {first})")
SHEET_BLANK_CELL = _M("table.sheet.blank-cell",
                      "cell {key} is blank (or `pending` alone), but the rules write it ({where}: {old}): give its value, "
                      "or `pending: WHY`",
                      "ô {key} để trống (hoặc chỉ ghi `pending`), nhưng các quy tắc có ghi ô này ({where}: {old}): hãy ghi "
                      "giá trị của nó, hoặc `pending: WHY`")

# -- regc explain (explain.py) ---------------------------------------------------------------------
EXPLAIN_UNKNOWN = _M("explain.unknown", "regc: there is no code `{code}`", "regc: không có mã `{code}`")
EXPLAIN_CLOSEST = _M("explain.closest", "; the closest: {codes}", "; gần nhất: {codes}")
EXPLAIN_HINT = _M("explain.hint", " (`regc explain` lists them all)", " (`regc explain` liệt kê tất cả)")
