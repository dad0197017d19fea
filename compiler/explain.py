"""`regc explain CODE`: what a diagnostic code means, a rule file that gets it, and how to fix it.

The explanations are data (EXPLANATIONS), in English and Vietnamese, beside the codes of codes.py:
tests/test_explain.py checks that every code has one in both languages, and compiles every example
to see that it gets exactly its code. Like every module command (cli.MODULE_COMMANDS), the top level
imports only the standard library.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Example:
    """Rule files that get the code when `regc check` reads them: (path in the rules folder, text),
    the one to show first. `base` says what they are read with: "vocabulary" a copy of the project's
    rules/vocabulary.rules, "none" nothing else (they bring their own vocabularies)."""
    files: tuple[tuple[str, str], ...]
    base: str = "vocabulary"
    encoding: str = "utf-8"    # the first file's (a file that is not UTF-8 is an example too)


@dataclass(frozen=True)
class Explanation:
    meaning: dict[str, str]          # language -> text
    fix: dict[str, str]
    example: Example | None          # None only for a code no pass reports (then `meaning` says so)


def _x(meaning_en: str, meaning_vi: str, fix_en: str, fix_vi: str, *files: tuple[str, str],
       base: str = "vocabulary", encoding: str = "utf-8") -> Explanation:
    return Explanation({"en": meaning_en, "vi": meaning_vi}, {"en": fix_en, "vi": fix_vi},
                       Example(tuple(files), base, encoding) if files else None)


def _rules(*parts: str, name: str = "example.rules") -> tuple[str, str]:
    """A rule file of an example: its parts as they are, the last one dedented (a triple-quoted block)."""
    return name, "".join(parts[:-1]) + textwrap.dedent(parts[-1]).lstrip("\n")


_HEAD = 'instrument "99/2021/TT-TEST" { kind circular }\n'
# An instrument in force from 15 July 2021, with an activity and who certifies it, for the acts below to amend.
_BASE = _rules(_HEAD, """
    article 4 {
      clause 1 {
        point a { activity in criminal }
      }
      clause 3 { certify 4.1.a by judge }
    }
    article 12 { clause 1 { in_force 2021-07-15 } }
    parameter rate {
      belongs_to "99/2021/TT-TEST"
      value 100 from 2021-07-15
    }
""", name="circular.rules")
_OFFICIAL = ("official.vi.txt", "Điều 4. Thời gian tham gia tố tụng\n1. Khoản một.\na) Điểm a.\n")
_OFFICIAL_HEAD = 'instrument "99/2021/TT-TEST" {\n  kind circular\n  official_text vi "official.vi.txt"\n}\n'
# The vocabularies the validators need, one id each: for an example that needs a vocabulary of its own.
_SMALL_VOCABULARY = _rules("""
    vocabulary form { - extrajudicial en "Extrajudicial representation" }
    vocabulary proceeding { - criminal en "Criminal proceedings" }
    vocabulary method {
      - actual_sessions en "Actual working sessions"
      - lump_sum en "A lump sum (a method the validators have no computation for)"
    }
    vocabulary provider_kind { - lawyer en "Lawyer" }
    vocabulary certifier_role { - judge en "Judge" }
    vocabulary offense_class { - serious en "Serious" }
    vocabulary complexity { - simple en "Simple" }
    vocabulary stage { - investigation en "Investigation" }
""", name="vocabulary.rules")


def _act(body: str, head: str = 'instrument "1/2027/TT-TEST" { kind circular  amends "99/2021/TT-TEST" }\n') -> tuple[str, str]:
    return _rules(head, body, name="act.rules")


EXPLANATIONS: dict[str, Explanation] = {
    # -- syntax ----------------------------------------------------------------------------------------
    "E0001": _x(
        "The text does not follow the grammar of the rule language: a word where another is expected, a "
        "sign the language does not have, a text without its closing quote, a block without its `}`. Each "
        "error is reported where it begins, with what may stand there; a word close to a keyword gets "
        "\"did you mean\". A file with a syntax error is not read further: fix it, and `regc check` goes on "
        "to the other checks.",
        "Văn bản không theo ngữ pháp của ngôn ngữ quy tắc: một từ ở chỗ cần từ khác, một ký hiệu mà ngôn ngữ "
        "không có, một đoạn văn bản thiếu dấu ngoặc kép đóng, một khối thiếu dấu `}`. Mỗi lỗi được báo ở nơi nó "
        "bắt đầu, kèm những gì có thể đứng ở đó; một từ gần giống từ khóa được gợi ý \"có phải ý bạn là\". Tệp "
        "có lỗi cú pháp không được đọc tiếp: sửa lỗi thì `regc check` mới chạy các bước kiểm tra khác.",
        "Write what the help line says is expected there (here `activity in criminal`), close the text or "
        "the block that is left open, or correct the misspelt keyword.",
        "Viết điều mà dòng gợi ý nói là cần ở đó (ở đây `activity in criminal`), đóng đoạn văn bản hay khối "
        "còn mở, hoặc sửa từ khóa viết sai.",
        _rules(_HEAD, """
            article 4 {
              clause 1 {
                point a { activity criminal }
              }
            }
        """)),
    "E0002": _x(
        "A text has a backslash escape the language does not know. A text may write `\\\"` (a quote), "
        "`\\\\` (a backslash), `\\n` (a new line) and `\\t` (a tab), and nothing else after a backslash.",
        "Một đoạn văn bản có ký tự thoát bằng dấu gạch chéo ngược mà ngôn ngữ không biết. Trong văn bản chỉ "
        "được viết `\\\"` (dấu ngoặc kép), `\\\\` (dấu gạch chéo ngược), `\\n` (xuống dòng) và `\\t` (tab).",
        "Write the backslash twice (`\\\\`) if it is meant, or remove it.",
        "Viết dấu gạch chéo ngược hai lần (`\\\\`) nếu đó là ý muốn, hoặc xóa nó đi.",
        _rules(_HEAD, """
            article 4 {
              text en "Form TP\\TGPL-01"
            }
        """)),
    "E0003": _x(
        "A date that is not on the calendar, such as 30 February or 29 February of a year that is not a "
        "leap year. Dates are written YYYY-MM-DD.",
        "Một ngày không có trên lịch, như ngày 30 tháng 2 hoặc ngày 29 tháng 2 của năm không nhuận. Ngày được "
        "viết theo dạng YYYY-MM-DD.",
        "Write the date the instrument gives; check the day and the month.",
        "Viết ngày mà văn bản quy định; kiểm tra lại ngày và tháng.",
        _rules(_HEAD, """
            article 12 {
              clause 1 { in_force 2021-02-30 }
            }
        """)),
    "E0004": _x(
        "A rule file that cannot be read as UTF-8 text, for example one saved as UTF-16 or in a legacy "
        "Vietnamese encoding (TCVN3, VNI). Rule files are UTF-8, so that Vietnamese is read the same "
        "everywhere.",
        "Một tệp quy tắc không đọc được dưới dạng văn bản UTF-8, ví dụ tệp được lưu theo UTF-16 hoặc theo một "
        "bảng mã tiếng Việt cũ (TCVN3, VNI). Tệp quy tắc phải là UTF-8 để tiếng Việt được đọc như nhau ở mọi nơi.",
        "Save the file as UTF-8 (in most editors: Save with encoding, UTF-8).",
        "Lưu lại tệp theo UTF-8 (trong phần lớn trình soạn thảo: Lưu với bảng mã UTF-8).",
        _rules(_HEAD, ""), encoding="utf-16"),
    # -- names and citations ---------------------------------------------------------------------------
    "E0101": _x(
        "A name that no vocabulary, table or parameter defines, or that is not one of the words allowed "
        "at that place. Names are the ids of rules/vocabulary.rules (a form, a proceeding, a certifier "
        "role, ...), of tables and of parameters; the help line names the closest ones.",
        "Một tên mà không bộ từ vựng, bảng hay tham số nào định nghĩa, hoặc không phải một trong các từ được "
        "phép ở vị trí đó. Tên là các mã trong rules/vocabulary.rules (hình thức, loại tố tụng, người xác "
        "nhận, ...), tên bảng và tên tham số; dòng gợi ý nêu những tên gần nhất.",
        "Correct the spelling, or add the id to its vocabulary if it is new.",
        "Sửa lại chính tả, hoặc thêm mã vào bộ từ vựng nếu đó là mã mới.",
        _rules(_HEAD, """
            article 4 {
              clause 1 {
                point a { activity in criminal }
              }
              clause 3 { certify 4.1.a by presiding_persn }
            }
        """)),
    "E0102": _x(
        "A citation of a point or clause that the instrument does not have: `certify`, `activities ... "
        "also_in` and `cap ... on` cite points by article.clause.point, and `under` cites the provision of "
        "another instrument.",
        "Trích dẫn một điểm hoặc khoản mà văn bản không có: `certify`, `activities ... also_in` và `cap ... on` "
        "trích dẫn điểm theo điều.khoản.điểm, còn `under` trích dẫn quy định của văn bản khác.",
        "Correct the citation, or write the provision it cites.",
        "Sửa lại trích dẫn, hoặc viết quy định được trích dẫn.",
        _rules(_HEAD, """
            article 4 {
              clause 1 {
                point a { activity in criminal }
              }
              clause 3 {
                certify 4.1.a by judge
                certify 4.1.b by judge
              }
            }
        """)),
    "E0103": _x(
        "The same article, clause or point of an instrument written twice, in one file or in two files of "
        "the instrument. Each provision stands once, with everything that encodes it.",
        "Cùng một điều, khoản hoặc điểm của một văn bản được viết hai lần, trong một tệp hoặc trong hai tệp của "
        "văn bản. Mỗi quy định chỉ có một lần, cùng với mọi thứ mã hóa nó.",
        "Merge the two into one, or correct the number of one of them.",
        "Gộp hai phần thành một, hoặc sửa lại số của một trong hai.",
        _rules(_HEAD, """
            article 4 {
              clause 1 { text en "The first clause 1." }
              clause 1 { text en "The second clause 1." }
            }
        """)),
    "E0104": _x(
        "The same vocabulary, vocabulary member, table or parameter defined twice. A name means one thing "
        "in the whole rule tree.",
        "Cùng một bộ từ vựng, mục từ vựng, bảng hoặc tham số được định nghĩa hai lần. Một tên chỉ có một nghĩa "
        "trong toàn bộ cây quy tắc.",
        "Remove one of the two, or give one another name.",
        "Xóa một trong hai, hoặc đặt cho một cái tên khác.",
        _rules("""
            parameter rate { value 1 from 2020-01-01 }
            parameter rate { value 2 from 2021-01-01 }
        """)),
    "E0105": _x(
        "`part of \"NUMBER\"` names an instrument that no rule file declares with an `instrument` block. "
        "The provisions of such a file belong to no known instrument, so they are not checked further.",
        "`part of \"SỐ\"` nêu một văn bản mà không tệp quy tắc nào khai báo bằng khối `instrument`. Các quy định "
        "của tệp đó không thuộc văn bản nào đã biết nên không được kiểm tra tiếp.",
        "Write the number exactly as the `instrument` block declares it.",
        "Viết số văn bản đúng như khối `instrument` khai báo.",
        _rules('part of "99/2021/TT-TES"\narticle 5 { clause 1 { text en "A provision." } }\n'),
        _rules(_HEAD, "", name="instrument.rules")),
    "E0106": _x(
        "Provisions or rule statements in a file that names no instrument: a rule file starts with an "
        "`instrument` block, or with `part of \"NUMBER\"` when the instrument is declared in another file.",
        "Quy định hoặc câu lệnh quy tắc nằm trong một tệp không nêu văn bản nào: tệp quy tắc bắt đầu bằng khối "
        "`instrument`, hoặc bằng `part of \"SỐ\"` khi văn bản được khai báo ở tệp khác.",
        "Start the file with `part of \"NUMBER\"` or an `instrument` block.",
        "Mở đầu tệp bằng `part of \"SỐ\"` hoặc một khối `instrument`.",
        _rules('article 5 {\n  clause 1 { text en "A provision of no instrument." }\n}\n')),
    "E0107": _x(
        "A statement or name of the wrong kind for its place, e.g. `activity` outside a point: the point "
        "is the activity that is charged, so `activity` stands in it.",
        "Một câu lệnh hoặc tên sai loại ở vị trí của nó, ví dụ `activity` nằm ngoài một điểm: điểm chính là hoạt "
        "động được tính, nên `activity` phải đứng trong điểm đó.",
        "Move the statement where it belongs (here into the `point` it describes).",
        "Chuyển câu lệnh về đúng chỗ (ở đây là vào `point` mà nó mô tả).",
        _rules(_HEAD, """
            article 4 {
              clause 1 { activity in criminal }
            }
        """)),
    "E0108": _x(
        "A vocabulary the validators need is defined by no rule file: form, proceeding, method, "
        "provider_kind, certifier_role, offense_class, complexity and stage (contract §2 gives their ids).",
        "Không tệp quy tắc nào định nghĩa một bộ từ vựng mà các trình kiểm tra cần: form, proceeding, method, "
        "provider_kind, certifier_role, offense_class, complexity và stage (mục 2 của hợp đồng nêu các mã).",
        "Keep rules/vocabulary.rules in the rule tree, or define the vocabulary it names.",
        "Giữ rules/vocabulary.rules trong cây quy tắc, hoặc định nghĩa bộ từ vựng được nêu.",
        _rules(_HEAD, ""), base="none"),
    # -- amending acts ---------------------------------------------------------------------------------
    "E0150": _x(
        "An amending act `amends` an instrument that no rule file declares, or a provision of the act says "
        "`amending` an instrument the act does not amend.",
        "Văn bản sửa đổi `amends` một văn bản mà không tệp quy tắc nào khai báo, hoặc một quy định của văn bản "
        "sửa đổi ghi `amending` một văn bản mà nó không sửa đổi.",
        "Write the number of the amended instrument exactly as its `instrument` block declares it.",
        "Viết số của văn bản bị sửa đổi đúng như khối `instrument` của nó khai báo.",
        _BASE, _act("""
            article 1 { clause 1 { change parameter rate to 120 } }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """, 'instrument "1/2027/TT-TEST" { kind circular  amends "99/2021/TT-TES" }\n')),
    "E0151": _x(
        "An amending act that does not say when it comes into force, or a change of it that no `in_force` "
        "dates: without a date the change cannot be applied.",
        "Văn bản sửa đổi không nói khi nào có hiệu lực, hoặc một thay đổi không có `in_force` nào xác định ngày: "
        "không có ngày thì không thể áp dụng thay đổi.",
        "Add `in_force DATE` in the act's article on its entry into force (or in the provision that makes "
        "the change).",
        "Thêm `in_force NGÀY` vào điều về hiệu lực thi hành của văn bản sửa đổi (hoặc vào quy định chứa thay đổi).",
        _BASE, _act("""
            article 1 { clause 1 { change parameter rate to 120 } }
        """)),
    "E0152": _x(
        "An operation of an amending act on a provision, cap, value or cell that is not in force on the "
        "act's date: it was never written, or an earlier act repealed it (the message says which, and from "
        "when).",
        "Một thao tác của văn bản sửa đổi trên quy định, mức trần, giá trị hoặc ô không có hiệu lực vào ngày của "
        "văn bản: nó chưa từng được viết, hoặc một văn bản trước đã bãi bỏ nó (thông báo nêu văn bản nào, từ ngày nào).",
        "Cite what is in force on that date, or use `insert` to bring a provision (back) in.",
        "Trích dẫn đúng điều đang có hiệu lực vào ngày đó, hoặc dùng `insert` để đưa (lại) một quy định vào.",
        _BASE, _act("""
            article 1 { clause 1 { repeal point 4.1.b } }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """)),
    "E0153": _x(
        "`insert` of a provision that is already in force on the act's date.",
        "`insert` một quy định đã có hiệu lực vào ngày của văn bản sửa đổi.",
        "Use `replace` to give it new words, or insert it under another number (7a, 4.1.dd, ...).",
        "Dùng `replace` để thay nội dung, hoặc chèn dưới một số khác (7a, 4.1.dd, ...).",
        _BASE, _act("""
            article 1 {
              clause 1 { insert point 4.1.a { activity in criminal } }
            }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """)),
    "E0154": _x(
        "Two operations that change the same thing (a provision, a cap, a value, a cell, the old rules kept "
        "for a day) on the same date: which one holds cannot be told.",
        "Hai thao tác thay đổi cùng một thứ (một quy định, mức trần, giá trị, ô, hay quy tắc cũ được giữ cho một "
        "ngày) vào cùng một ngày: không thể biết thao tác nào được áp dụng.",
        "Keep one of the two, or give one of them its own date.",
        "Giữ lại một trong hai, hoặc cho một thao tác ngày hiệu lực riêng.",
        _BASE, _act("""
            article 1 {
              clause 1 { change parameter rate to 120 }
              clause 2 { change parameter rate to 130 }
            }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """)),
    "E0155": _x(
        "An amending operation (`replace`, `insert`, `repeal`, `change`, `add`) or a transitional provision "
        "in an instrument that amends nothing: only an act with `amends \"NUMBER\"` changes another instrument.",
        "Một thao tác sửa đổi (`replace`, `insert`, `repeal`, `change`, `add`) hoặc quy định chuyển tiếp trong một "
        "văn bản không sửa đổi văn bản nào: chỉ văn bản có `amends \"SỐ\"` mới thay đổi văn bản khác.",
        "Add `amends \"NUMBER\"` to the act's `instrument` block.",
        "Thêm `amends \"SỐ\"` vào khối `instrument` của văn bản sửa đổi.",
        _BASE, _act("""
            article 1 { clause 1 { change parameter rate to 120 } }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """, 'instrument "1/2027/TT-TEST" { kind circular }\n')),
    "E0156": _x(
        "An amending act in force before the instrument it amends: it would change rules that are not yet "
        "in force.",
        "Văn bản sửa đổi có hiệu lực trước văn bản mà nó sửa đổi: nó sẽ thay đổi những quy tắc chưa có hiệu lực.",
        "Check the act's `in_force` date against the amended instrument's.",
        "Kiểm tra lại ngày `in_force` của văn bản sửa đổi so với ngày của văn bản bị sửa đổi.",
        _BASE, _act("""
            article 1 { clause 1 { change parameter rate to 120 } }
            article 2 { clause 1 { in_force 2020-01-01 } }
        """)),
    "E0157": _x(
        "An act changes a vocabulary, parameter or table that belongs to an instrument it does not amend. "
        "What a vocabulary, parameter or table belongs to is the instrument of its file, or the one its "
        "`belongs_to` names.",
        "Văn bản sửa đổi thay đổi một bộ từ vựng, tham số hoặc bảng thuộc về văn bản mà nó không sửa đổi. Bộ từ "
        "vựng, tham số hay bảng thuộc về văn bản của tệp chứa nó, hoặc văn bản mà `belongs_to` của nó nêu.",
        "Amend the instrument it belongs to (add it to `amends`), or correct its `belongs_to`.",
        "Sửa đổi văn bản mà nó thuộc về (thêm vào `amends`), hoặc sửa lại `belongs_to` của nó.",
        _BASE, _act("""
            article 1 { clause 1 { change parameter other_rate to 120 } }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """), _rules('parameter other_rate {\n  belongs_to none "set by another decree"\n  value 1 from 2021-07-15\n}\n',
                     name="other.rules")),
    "E0158": _x(
        "An operation of an act that amends several instruments does not say which one it changes.",
        "Một thao tác của văn bản sửa đổi nhiều văn bản mà không nói rõ nó thay đổi văn bản nào.",
        "Write `amending \"NUMBER\"` in the provision of the act that holds the operation.",
        "Viết `amending \"SỐ\"` trong quy định của văn bản sửa đổi chứa thao tác đó.",
        _BASE, _rules('instrument "98/2021/TT-TEST" { kind circular }\narticle 9 { clause 1 { in_force 2021-07-15 } }\n',
                      name="other.rules"),
        _act("""
            article 1 { clause 1 { repeal point 4.1.a } }
            article 2 { clause 1 { in_force 2027-01-01 } }
        """, 'instrument "1/2027/TT-TEST" { kind circular  amends "99/2021/TT-TEST", "98/2021/TT-TEST" }\n')),
    "E0159": _x(
        "A temporary change that ends before it begins (`until` before `in_force`), or a change that cannot "
        "be temporary (an id added to a vocabulary stays).",
        "Một thay đổi tạm thời kết thúc trước khi bắt đầu (`until` trước `in_force`), hoặc một thay đổi không "
        "thể là tạm thời (mã đã thêm vào bộ từ vựng thì được giữ lại).",
        "`until` is the last day the change is in force: check both dates.",
        "`until` là ngày cuối cùng thay đổi có hiệu lực: kiểm tra lại cả hai ngày.",
        _BASE, _act("""
            article 1 {
              clause 1 {
                in_force 2027-07-01 until 2027-06-30
                change parameter rate to 120
              }
            }
        """)),
    # -- semantic checks -------------------------------------------------------------------------------
    "E0201": _x(
        "An activity (a point with `activity in ...`) that no `certify` statement names: nobody may certify "
        "the time spent on it, so no entry for it can be accepted.",
        "Một hoạt động (điểm có `activity in ...`) mà không câu lệnh `certify` nào nêu: không ai được xác nhận "
        "thời gian làm hoạt động đó, nên không mục kê khai nào cho nó được chấp nhận.",
        "Add `certify POINT by ROLE` where the instrument says who certifies it.",
        "Thêm `certify ĐIỂM by VAI_TRÒ` ở nơi văn bản quy định ai xác nhận.",
        _rules(_HEAD, """
            article 4 {
              clause 1 {
                point a { activity in criminal }
              }
            }
        """)),
    "E0202": _x(
        "`certify` names a point that is not an activity (it has no `activity in ...`), so there is nothing "
        "to certify there.",
        "`certify` nêu một điểm không phải là hoạt động (không có `activity in ...`), nên không có gì để xác nhận.",
        "Add `activity in ...` to the point, or cite another point.",
        "Thêm `activity in ...` vào điểm đó, hoặc trích dẫn điểm khác.",
        _rules(_HEAD, """
            article 4 {
              clause 1 {
                point a { activity in criminal }
                point b { informative "Not an activity." }
              }
              clause 3 { certify 4.1.a, 4.1.b by judge }
            }
        """)),
    "E0203": _x(
        "A table cell whose key names a value that is not on the table's axis at that place.",
        "Một ô của bảng có khóa nêu một giá trị không nằm trên trục tương ứng của bảng.",
        "Add the value to the axis, or correct the key.",
        "Thêm giá trị vào trục, hoặc sửa lại khóa.",
        _rules("""
            table levels {
              axis offense_class: less_serious, serious
              cell [less_serious] = 1
              cell [serious] = 2
              cell [very_serious] = 3
            }
        """)),
    "E0204": _x(
        "Two values of a parameter in force on the same day: on that day the rules would say two things.",
        "Hai giá trị của một tham số cùng có hiệu lực trong một ngày: vào ngày đó quy tắc nói hai điều khác nhau.",
        "End the first value (`until DATE`) the day before the second one starts.",
        "Cho giá trị thứ nhất kết thúc (`until NGÀY`) vào ngày trước khi giá trị thứ hai bắt đầu.",
        _rules("""
            parameter rate {
              value 1 from 2020-01-01 until 2020-12-31
              value 2 from 2020-06-01
            }
        """)),
    "E0205": _x(
        "Days between two values of a parameter on which no value is in force: a case on those days "
        "could not be computed.",
        "Có những ngày giữa hai giá trị của một tham số mà không giá trị nào có hiệu lực: vụ việc vào những ngày "
        "đó không thể tính được.",
        "Start the second value the day after the first ends, or end the first later.",
        "Cho giá trị thứ hai bắt đầu vào ngày sau khi giá trị thứ nhất kết thúc, hoặc kéo dài giá trị thứ nhất.",
        _rules("""
            parameter rate {
              value 1 from 2020-01-01 until 2020-06-30
              value 2 from 2020-08-01
            }
        """)),
    "E0206": _x(
        "The `remainder` rules of a session rule leave some remainder of hours counted by no rule (a gap) or "
        "by two rules (an overlap). Together they must cover every remainder from 0 to `session_hours` once.",
        "Các quy tắc `remainder` của quy tắc buổi làm việc để một phần giờ dư không được quy tắc nào tính (bị hở) "
        "hoặc được hai quy tắc tính (chồng lên nhau). Gộp lại chúng phải phủ mọi phần dư từ 0 đến `session_hours` "
        "đúng một lần.",
        "Make each band start where the one before it ends (`under 2` then `from 2`).",
        "Cho mỗi khoảng bắt đầu đúng nơi khoảng trước kết thúc (`under 2` rồi `from 2`).",
        _rules(_HEAD, """
            article 3 {
              clause 2 {
                session_hours 4
                point a { remainder under 2 counts 0.5 }
                point b { remainder from 3 counts 1 }
              }
            }
        """)),
    "E0207": _x(
        "Two statements that set the same thing (the hours of a session, a cap, who certifies an activity, "
        "an act's date): only one can hold.",
        "Hai câu lệnh cùng quy định một thứ (số giờ của một buổi, mức trần, người xác nhận một hoạt động, ngày "
        "hiệu lực của văn bản): chỉ một câu có thể được áp dụng.",
        "Keep one of the two; to list several certifiers, name them all in one `certify`.",
        "Giữ lại một câu; để nêu nhiều người xác nhận, hãy liệt kê tất cả trong một câu `certify`.",
        _rules(_HEAD, """
            article 3 {
              clause 1 {
                session_hours 4
                remainder under 4 counts 1
              }
              clause 2 { session_hours 4 }
            }
        """)),
    "E0208": _x(
        "A rule the others need is missing: `remainder` rules without `session_hours`, a choice without "
        "exactly one default option, or an instrument with validators (`module`) without its `in_force`, "
        "`method`, `scope` or `session_hours`.",
        "Thiếu một quy tắc mà các quy tắc khác cần: có `remainder` mà không có `session_hours`, một lựa chọn "
        "không có đúng một phương án mặc định, hoặc văn bản có trình kiểm tra (`module`) mà thiếu `in_force`, "
        "`method`, `scope` hay `session_hours`.",
        "Add the rule the message names, in the provision that says it.",
        "Thêm quy tắc mà thông báo nêu, vào quy định tương ứng.",
        _rules(_HEAD, """
            article 3 {
              clause 2 { remainder under 4 counts 1 }
            }
        """)),
    "E0209": _x(
        "A worked example (`example \"FILE\"`) whose file does not exist or cannot be read. The path is "
        "read from the folder of the rule file.",
        "Một ví dụ minh họa (`example \"TỆP\"`) mà tệp không tồn tại hoặc không đọc được. Đường dẫn tính từ thư "
        "mục của tệp quy tắc.",
        "Correct the path, or add the example file.",
        "Sửa lại đường dẫn, hoặc thêm tệp ví dụ.",
        _rules(_HEAD, """
            article 3 {
              clause 2 { example "examples/nowhere.yaml" }
            }
        """)),
    "E0210": _x(
        "A number out of its possible range: a session of 0 hours, a day limit shorter than a session, a "
        "share above 100 %, a value that ends before it starts.",
        "Một số nằm ngoài khoảng có thể: buổi làm việc 0 giờ, giới hạn ngày ngắn hơn một buổi, tỷ lệ trên 100 %, "
        "một giá trị kết thúc trước khi bắt đầu.",
        "Write the figure the instrument gives.",
        "Viết con số mà văn bản quy định.",
        _rules(_HEAD, """
            article 3 {
              clause 1 {
                session_hours 4
                remainder under 4 counts 1
                day_limit 3 hours counting accepted_entries
              }
            }
        """)),
    "E0211": _x(
        "A table cell whose key has more or fewer coordinates than the table has axes.",
        "Một ô của bảng có khóa với số tọa độ khác với số trục của bảng.",
        "Give one coordinate per axis, in the order of the axes.",
        "Ghi một tọa độ cho mỗi trục, theo thứ tự các trục.",
        _rules("""
            table levels {
              axis offense_class: less_serious, serious
              axis complexity: simple
              cell [less_serious, simple] = 1
              cell [serious, simple] = 2
              cell [serious] = 5
            }
        """)),
    "E0212": _x(
        "The same table cell written twice (stages added up are the same cell in any order).",
        "Cùng một ô của bảng được viết hai lần (các giai đoạn cộng lại là cùng một ô, theo thứ tự nào cũng vậy).",
        "Keep one of the two cells.",
        "Giữ lại một trong hai ô.",
        _rules("""
            table levels {
              axis offense_class: less_serious, serious
              cell [less_serious] = 1
              cell [serious] = 2
              cell [serious] = 3
            }
        """)),
    "E0213": _x(
        "A rule that a backend cannot compute, e.g. a method of the `method` vocabulary that the validators "
        "have no computation for. It is reported by `regc check`, before anything is built.",
        "Một quy tắc mà bộ sinh mã không tính được, ví dụ một phương thức trong bộ từ vựng `method` mà các trình "
        "kiểm tra không có cách tính. Lỗi được báo khi `regc check`, trước khi sinh bất cứ thứ gì.",
        "Use a method the validators compute (actual_sessions, fixed_time), or add its computation to "
        "compiler/backends/python/runtime.py.",
        "Dùng một phương thức mà trình kiểm tra tính được (actual_sessions, fixed_time), hoặc thêm cách tính vào "
        "compiler/backends/python/runtime.py.",
        _rules(_HEAD, """
            article 1 {
              clause 1 { method lump_sum for extrajudicial }
            }
        """), _SMALL_VOCABULARY, base="none"),
    # -- the official text -----------------------------------------------------------------------------
    "E0220": _x(
        "The official text file that an instrument names with `official_text` is missing or is not UTF-8 "
        "text. The path is read from the folder of the rule file.",
        "Tệp văn bản chính thức mà văn bản nêu bằng `official_text` bị thiếu hoặc không phải văn bản UTF-8. "
        "Đường dẫn tính từ thư mục của tệp quy tắc.",
        "Correct the path, or add the file, saved as UTF-8.",
        "Sửa lại đường dẫn, hoặc thêm tệp, lưu theo UTF-8.",
        _rules('instrument "99/2021/TT-TEST" {\n  kind circular\n  official_text vi "nowhere.vi.txt"\n}\n')),
    "E0221": _x(
        "The official text file is out of order: a clause or point where another was expected (clauses "
        "count 1, 2, 3 and points a, b, c, d, đ, ... in each article).",
        "Tệp văn bản chính thức sai thứ tự: một khoản hoặc điểm ở chỗ cần khoản hoặc điểm khác (trong mỗi điều, "
        "khoản đánh số 1, 2, 3 và điểm a, b, c, d, đ, ...).",
        "Check the file against the published text: a line may be missing, or split in two.",
        "Đối chiếu tệp với văn bản đã công bố: có thể thiếu một dòng, hoặc một dòng bị tách làm hai.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 2 {
                text vi "Khoản hai."
                informative "Not encoded here."
              }
            }
        """), ("official.vi.txt", "Điều 4. Thời gian tham gia tố tụng\n2. Khoản hai.\n")),
    "E0222": _x(
        "A `text` or `title` in the law's language that differs from the official text: the rules quote "
        "the law word for word. The help line shows where the two differ.",
        "Một `text` hoặc `title` bằng ngôn ngữ của luật khác với văn bản chính thức: quy tắc phải trích dẫn luật "
        "nguyên văn. Dòng gợi ý chỉ ra chỗ khác nhau.",
        "Copy the words of the official text.",
        "Chép lại đúng lời của văn bản chính thức.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                text vi "Khoản 1."
                point a {
                  text vi "Điểm a."
                  informative "Not encoded here."
                }
              }
            }
        """), _OFFICIAL),
    "E0223": _x(
        "A provision of the official text that the rule files do not have: every article, clause and point "
        "of the law stands in the rules, encoded, or marked `pending` or `informative`.",
        "Một quy định của văn bản chính thức mà các tệp quy tắc không có: mọi điều, khoản, điểm của luật phải có "
        "trong quy tắc, được mã hóa hoặc ghi là `pending` hay `informative`.",
        "Write the provision, with its text.",
        "Viết quy định đó, cùng với văn bản của nó.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                text vi "Khoản một."
                informative "Not encoded here."
              }
            }
        """), _OFFICIAL),
    "E0224": _x(
        "A provision in the rule files that the official text does not have: a wrong number, or a "
        "provision of another instrument.",
        "Một quy định trong các tệp quy tắc mà văn bản chính thức không có: sai số, hoặc quy định của văn bản khác.",
        "Correct its number, or move it to its instrument.",
        "Sửa lại số, hoặc chuyển nó về đúng văn bản.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                text vi "Khoản một."
                point a {
                  text vi "Điểm a."
                  informative "Not encoded here."
                }
              }
              clause 2 { informative "Not in the law." }
            }
        """), _OFFICIAL),
    "E0225": _x(
        "A paragraph of the official text (a title, a clause's or point's words, a further paragraph) that "
        "the rule files do not quote.",
        "Một đoạn của văn bản chính thức (tiêu đề, lời của khoản hay điểm, một đoạn tiếp theo) mà các tệp quy "
        "tắc không trích dẫn.",
        "Quote it with `text vi \"...\"` (or `title vi`) in its provision.",
        "Trích dẫn nó bằng `text vi \"...\"` (hoặc `title vi`) trong quy định tương ứng.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                point a {
                  text vi "Điểm a."
                  informative "Not encoded here."
                }
              }
            }
        """), _OFFICIAL),
    "E0226": _x(
        "A paragraph of the official text quoted under another provision than the one it belongs to.",
        "Một đoạn của văn bản chính thức được trích dẫn dưới một quy định khác với quy định chứa nó.",
        "Move the `text vi` into the provision the message names.",
        "Chuyển `text vi` vào quy định mà thông báo nêu.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                text vi "Khoản một."
                text vi "Điểm a."
                point a { informative "Not encoded here." }
              }
            }
        """), _OFFICIAL),
    # -- warnings --------------------------------------------------------------------------------------
    "W0301": _x(
        "Values and provisions written as `pending`: no source gives them. The validators report a case "
        "that needs one as pending, with the reason, rather than guess. One warning per provision, and one "
        "per table with its count of pending cells.",
        "Giá trị và quy định được ghi là `pending`: chưa nguồn nào cho biết. Trình kiểm tra báo vụ việc cần đến "
        "chúng là còn chờ, kèm lý do, chứ không đoán. Mỗi quy định một cảnh báo, và mỗi bảng một cảnh báo kèm số "
        "ô còn chờ.",
        "Nothing to fix while no source gives the value; when one does, write the value with its source.",
        "Không cần sửa khi chưa có nguồn; khi có nguồn, hãy viết giá trị kèm nguồn của nó.",
        _rules(_HEAD, """
            article 2 {
              clause 2 { pending "Not recovered from any source." }
            }
        """)),
    "W0302": _x(
        "Texts of an instrument (titles and texts of its provisions) given in English only: the Vietnamese "
        "is the law, so every text has a `vi` version. One warning per instrument, with the count.",
        "Văn bản của một văn bản quy phạm (tiêu đề và lời của các quy định) chỉ có bằng tiếng Anh: tiếng Việt là "
        "luật, nên mọi đoạn đều phải có bản `vi`. Mỗi văn bản một cảnh báo, kèm số lượng.",
        "Add `text vi \"...\"` (or `title vi`) beside the English text.",
        "Thêm `text vi \"...\"` (hoặc `title vi`) bên cạnh đoạn tiếng Anh.",
        _rules(_HEAD, """
            article 2 {
              clause 2 {
                text en "Ensuring the lawfulness of the declared time."
                informative "A principle."
              }
            }
        """)),
    "W0303": Explanation(
        {"en": "An activity of an area (a proceeding or form) with no certifier rule for that area. No pass "
               "reports it today: an activity no one may certify is the error E0201.",
         "vi": "Một hoạt động thuộc lĩnh vực (loại tố tụng hay hình thức) không có quy tắc xác nhận cho lĩnh vực đó. "
               "Hiện không bước nào báo cảnh báo này: hoạt động không ai được xác nhận là lỗi E0201."},
        {"en": "Nothing to fix; see E0201.", "vi": "Không cần sửa; xem E0201."}, None),
    "W0304": _x(
        "A provision of the official text that the rules neither encode (no rule stands in it or under it) "
        "nor mark `pending` or `informative`: what it says is not accounted for.",
        "Một quy định của văn bản chính thức mà quy tắc không mã hóa (không có quy tắc nào trong hay dưới nó), "
        "cũng không ghi `pending` hay `informative`: nội dung của nó chưa được tính đến.",
        "Encode it with a rule, or write `pending \"why\"` or `informative \"why\"` in it.",
        "Mã hóa nó bằng một quy tắc, hoặc viết `pending \"lý do\"` hay `informative \"lý do\"` trong đó.",
        _rules(_OFFICIAL_HEAD, """
            article 4 {
              title vi "Thời gian tham gia tố tụng"
              clause 1 {
                text vi "Khoản một."
                point a { text vi "Điểm a." }
              }
            }
        """), _OFFICIAL),
    "W0305": _x(
        "An amending act in force before it was signed: it applies retroactively. The message names the "
        "period; it is a warning, as an act may say so, but the date is worth checking.",
        "Văn bản sửa đổi có hiệu lực trước ngày ký: nó được áp dụng hồi tố. Thông báo nêu khoảng thời gian đó; "
        "đây là cảnh báo vì văn bản có thể quy định như vậy, nhưng nên kiểm tra lại ngày.",
        "Check the `in_force` and `signed` dates; a retroactive act says so in its own text.",
        "Kiểm tra ngày `in_force` và `signed`; văn bản hồi tố phải tự nói rõ điều đó.",
        _BASE, _act("""
            article 1 { clause 1 { change parameter rate to 120 } }
            article 2 { clause 1 { in_force 2027-03-01 } }
        """, 'instrument "1/2027/TT-TEST" { kind circular  amends "99/2021/TT-TEST"  signed 2027-03-15 }\n')),
}

_HEADINGS = {
    "en": {"meaning": "What it means", "example": "Example", "fix": "How to fix it", "error": "error",
           "warning": "warning", "none": "(no example: no pass reports it)", "with_vocabulary":
           "read with rules/vocabulary.rules", "alone": "read alone"},
    "vi": {"meaning": "Ý nghĩa", "example": "Ví dụ", "fix": "Cách sửa", "error": "lỗi", "warning": "cảnh báo",
           "none": "(không có ví dụ: không bước nào báo mã này)", "with_vocabulary": "đọc cùng rules/vocabulary.rules",
           "alone": "đọc riêng"},
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    explain = subparsers.add_parser(
        "explain", help="what a diagnostic code means, an example that gets it, and how to fix it",
        description="Explain a diagnostic code of `regc check` (E0101, or its name: unknown-name); "
                    "without a code, list them all.")
    explain.add_argument("code", nargs="?", metavar="CODE", help="a code such as E0101, or its name such as unknown-name")
    explain.add_argument("--lang", choices=("en", "vi"), default=None,
                         help="the language of the explanation (default: the locale's, English unless it is Vietnamese)")
    explain.set_defaults(run=run)   # it reads no rules (cli.main does not ask for a rules folder)


def run(args: argparse.Namespace, rules: Path) -> int:
    from .codes import CODES
    from .diagnostics import language

    lang = language(args.lang)
    if not args.code:
        for code in CODES.values():
            print(f"{code.code}  {code.slug:<26} {code.summary(lang)}")
        return 0
    wanted = args.code.strip()
    found = CODES.get(wanted.upper()) or next((c for c in CODES.values() if c.slug == wanted.lower()), None)
    if found is None:
        from . import messages as m

        names = [*CODES, *(c.slug for c in CODES.values())]
        close = difflib.get_close_matches(wanted.upper() if wanted[:1].isalpha() and wanted[1:].isdigit() else wanted,
                                          names, n=3, cutoff=0.5)
        codes = ", ".join(c if c in CODES else f"{c} ({next(k for k, v in CODES.items() if v.slug == c)})" for c in close)
        print(m.say(m.EXPLAIN_UNKNOWN, lang, code=wanted) + (m.say(m.EXPLAIN_CLOSEST, lang, codes=codes) if close else "")
              + m.say(m.EXPLAIN_HINT, lang), file=sys.stderr)
        return 2
    print(explanation_text(found.code, lang))
    return 0


def explanation_text(code: str, lang: str = "en") -> str:
    """The explanation of a code as `regc explain` prints it."""
    from .codes import CODES

    entry, explanation = CODES[code], EXPLANATIONS[code]
    words = _HEADINGS[lang]
    severity = words["error"] if code.startswith("E") else words["warning"]
    lines = [f"{code} {entry.slug} ({severity}, {entry.stage}): {entry.summary(lang)}", "",
             f"{words['meaning']}:", *_wrap(explanation.meaning[lang]), ""]
    example = explanation.example
    if example is None:
        lines += [f"{words['example']}: {words['none']}", ""]
    else:
        read = words["with_vocabulary"] if example.base == "vocabulary" else words["alone"]
        for i, (name, text) in enumerate(example.files):
            encoding = f", {example.encoding}" if i == 0 and example.encoding != "utf-8" else ""
            lines += [f"{words['example']} (rules/{name}{encoding}; {read}):" if i == 0 else f"  rules/{name}:"]
            lines += ["    " + line if line else "" for line in text.rstrip("\n").split("\n")]
        lines.append("")
    lines += [f"{words['fix']}:", *_wrap(explanation.fix[lang])]
    return "\n".join(lines)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
