"""The registry of diagnostic codes: each code once, with its slug, the pass it belongs to and
what it means, in English and Vietnamese. Message texts live here too, so passes never word the same
problem twice; what each code means at length, an example and its fix are in compiler/explain.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    slug: str
    stage: str
    description: str
    description_vi: str = ""

    def summary(self, lang: str = "en") -> str:
        """What the code means, in a few words, in `lang` (English when it has no such words)."""
        return self.description_vi if lang == "vi" and self.description_vi else self.description


CODES: dict[str, Code] = {}


def _code(code: str, slug: str, stage: str, description: str, vi: str = "") -> Code:
    """`vi` is the description in Vietnamese (tests/test_explain.py fails when a code has none)."""
    assert code not in CODES, code
    CODES[code] = entry = Code(code, slug, stage, description, vi)
    return entry


# -- syntax (parse.py)
SYNTAX = _code("E0001", "syntax", "parse", "the text does not follow the rule language's grammar",
               vi="văn bản không theo đúng ngữ pháp của ngôn ngữ quy tắc")
BAD_STRING = _code("E0002", "bad-string", "parse", "a string has an escape the language does not know",
                   vi="một chuỗi có ký tự thoát (escape) mà ngôn ngữ không biết")
BAD_DATE = _code("E0003", "bad-date", "parse", "a date that is not a real calendar date",
                 vi="một ngày không có thật trên lịch")
UNREADABLE = _code("E0004", "unreadable-file", "parse", "a rule file that cannot be read as UTF-8 text",
                   vi="một tệp quy tắc không đọc được dưới dạng văn bản UTF-8")

# -- names and citations (resolve.py)
UNKNOWN_NAME = _code("E0101", "unknown-name", "resolve", "a name that no vocabulary, table or parameter defines",
                     vi="một tên mà không bộ từ vựng, bảng hay tham số nào định nghĩa")
UNKNOWN_CITATION = _code("E0102", "unknown-citation", "resolve", "a citation of a point or clause the instrument does not have",
                         vi="trích dẫn một điểm hoặc khoản mà văn bản không có")
DUPLICATE_CITATION = _code("E0103", "duplicate-citation", "resolve", "the same article, clause or point written twice",
                           vi="cùng một điều, khoản hoặc điểm được viết hai lần")
DUPLICATE_NAME = _code("E0104", "duplicate-name", "resolve", "the same vocabulary, member, table or parameter defined twice",
                       vi="cùng một bộ từ vựng, mục, bảng hoặc tham số được định nghĩa hai lần")
UNKNOWN_INSTRUMENT = _code("E0105", "unknown-instrument", "resolve", "`part of` names an instrument no file declares",
                           vi="`part of` nêu một văn bản mà không tệp nào khai báo")
NOT_IN_INSTRUMENT = _code("E0106", "no-instrument", "resolve", "provisions in a file that names no instrument",
                          vi="các quy định nằm trong một tệp không nêu văn bản nào")
WRONG_KIND = _code("E0107", "wrong-kind", "resolve", "a name of the wrong kind for its place (a form where a proceeding is needed, ...)",
                   vi="một tên sai loại ở vị trí của nó (một hình thức ở chỗ cần một loại thủ tục tố tụng, ...)")
MISSING_VOCABULARY = _code("E0108", "missing-vocabulary", "resolve", "a vocabulary the validators need is not defined",
                           vi="thiếu một bộ từ vựng mà các trình kiểm tra cần")

# -- amending acts (consolidate.py)
NO_AMENDED = _code("E0150", "amends-unknown", "consolidate", "an amending act `amends` an instrument no file declares",
                   vi="văn bản sửa đổi `amends` một văn bản mà không tệp nào khai báo")
NO_DATE = _code("E0151", "amendment-undated", "consolidate", "an amending act without its `in_force` date",
                vi="văn bản sửa đổi thiếu ngày có hiệu lực `in_force`")
NOT_IN_FORCE = _code("E0152", "target-not-in-force", "consolidate", "an operation on a provision, cap, value or cell not in force on its date",
                     vi="một thao tác trên quy định, mức trần, giá trị hoặc ô không có hiệu lực vào ngày của thao tác")
ALREADY_IN_FORCE = _code("E0153", "target-exists", "consolidate", "`insert` of a provision that is already in force on that date",
                         vi="`insert` một quy định đã có hiệu lực vào ngày đó")
CONFLICT = _code("E0154", "conflicting-amendments", "consolidate", "two operations changing the same thing on the same date",
                 vi="hai thao tác thay đổi cùng một thứ vào cùng một ngày")
OP_OUTSIDE_ACT = _code("E0155", "operation-outside-act", "consolidate", "an amending operation in an instrument that `amends` nothing",
                       vi="một thao tác sửa đổi trong văn bản không `amends` văn bản nào")
BEFORE_BASE = _code("E0156", "act-before-base", "consolidate", "an amending act in force before the instrument it amends",
                    vi="văn bản sửa đổi có hiệu lực trước văn bản mà nó sửa đổi")
NOT_OWNER = _code("E0157", "not-owner", "consolidate",
                  "an act changing a vocabulary, parameter or table that belongs to an instrument it does not amend",
                  vi="văn bản thay đổi một bộ từ vựng, tham số hoặc bảng thuộc về văn bản mà nó không sửa đổi")
WHICH_INSTRUMENT = _code("E0158", "which-instrument", "consolidate",
                         "an operation of an act amending several instruments that does not say which it changes",
                         vi="thao tác của văn bản sửa đổi nhiều văn bản mà không nói rõ sửa văn bản nào")
BAD_PERIOD = _code("E0159", "bad-period", "consolidate", "a temporary change that ends before it begins, or that cannot be temporary",
                   vi="một thay đổi tạm thời kết thúc trước khi bắt đầu, hoặc không thể là tạm thời")

# -- semantic checks (checks.py)
UNCERTIFIED_ACTIVITY = _code("E0201", "uncertified-activity", "check", "an activity that no certifier may certify",
                             vi="một hoạt động mà không người xác nhận nào được phép xác nhận")
CERTIFY_NOT_ACTIVITY = _code("E0202", "certify-not-activity", "check", "`certify` names a point that is not an activity",
                             vi="`certify` nêu một điểm không phải là hoạt động")
CELL_OUTSIDE_AXES = _code("E0203", "cell-outside-axes", "check", "a table cell whose key is not on the table's axes",
                          vi="một ô của bảng có khóa không nằm trên các trục của bảng")
DATE_OVERLAP = _code("E0204", "date-overlap", "check", "two values of a parameter in force on the same day",
                     vi="hai giá trị của một tham số cùng có hiệu lực trong một ngày")
DATE_GAP = _code("E0205", "date-gap", "check", "days between two values of a parameter when none is in force",
                 vi="có những ngày giữa hai giá trị của một tham số mà không giá trị nào có hiệu lực")
SESSION_BANDS = _code("E0206", "session-bands", "check", "the remainder bands of the session rule leave a gap or overlap",
                      vi="các khoảng phần dư của quy tắc buổi làm việc bị hở hoặc chồng lên nhau")
DUPLICATE_RULE = _code("E0207", "duplicate-rule", "check", "two statements that set the same thing",
                       vi="hai câu lệnh cùng quy định một thứ")
MISSING_RULE = _code("E0208", "missing-rule", "check", "an instrument with validators lacks a rule they need",
                     vi="văn bản có trình kiểm tra nhưng thiếu một quy tắc mà chúng cần")
EXAMPLE_MISSING = _code("E0209", "example-missing", "check", "a worked example file that does not exist or cannot be read",
                        vi="tệp ví dụ minh họa không tồn tại hoặc không đọc được")
BAD_VALUE = _code("E0210", "bad-value", "check", "a number out of its possible range (a share above 100 %, a zero session length, ...)",
                  vi="một số nằm ngoài khoảng có thể (tỷ lệ trên 100 %, buổi làm việc dài 0 giờ, ...)")
CELL_KEY_SHAPE = _code("E0211", "cell-key-shape", "check", "a cell key with the wrong number of coordinates",
                       vi="một khóa ô có số tọa độ sai")
DUPLICATE_CELL = _code("E0212", "duplicate-cell", "check", "the same table cell written twice",
                       vi="cùng một ô của bảng được viết hai lần")

NOT_COMPUTABLE = _code("E0213", "not-computable", "check", "a rule a backend cannot compute (a method it has no computation for)",
                       vi="một quy tắc mà bộ sinh mã không tính được (một phương thức không có cách tính)")

# -- the official text beside the rules (official.py, fidelity.py)
OFFICIAL_UNREADABLE = _code("E0220", "official-text-unreadable", "check", "an instrument's official text file is missing or not UTF-8 text",
                            vi="tệp văn bản chính thức của một văn bản bị thiếu hoặc không phải văn bản UTF-8")
OFFICIAL_SHAPE = _code("E0221", "official-text-shape", "check",
                       "the official text file is out of order (a clause or point where another was expected)",
                       vi="tệp văn bản chính thức sai thứ tự (một khoản hoặc điểm ở chỗ cần một khoản hoặc điểm khác)")
TEXT_DRIFT = _code("E0222", "text-drift", "check", "a `text` or `title` in the law's language that differs from the official text",
                   vi="một `text` hoặc `title` bằng ngôn ngữ của luật khác với văn bản chính thức")
PROVISION_MISSING = _code("E0223", "provision-missing", "check", "a provision of the official text that the rule files do not have",
                          vi="một quy định của văn bản chính thức mà các tệp quy tắc không có")
PROVISION_EXTRA = _code("E0224", "provision-not-in-law", "check", "a provision in the rule files that the official text does not have",
                        vi="một quy định trong các tệp quy tắc mà văn bản chính thức không có")
TEXT_MISSING = _code("E0225", "paragraph-missing", "check", "a paragraph of the official text that the rule files do not quote",
                     vi="một đoạn của văn bản chính thức mà các tệp quy tắc không trích dẫn")
TEXT_MISPLACED = _code("E0226", "paragraph-misplaced", "check", "a paragraph of the official text quoted under another provision",
                       vi="một đoạn của văn bản chính thức được trích dẫn dưới một quy định khác")

# -- warnings
PENDING = _code("W0301", "pending", "check", "values and provisions written as pending: not known from any source",
                vi="giá trị và quy định được ghi là còn chờ (pending): chưa biết từ nguồn nào")
MISSING_TRANSLATION = _code("W0302", "missing-translation", "check", "a text given in one language only",
                            vi="một đoạn văn chỉ có bằng một ngôn ngữ")
UNCOVERED_ACTIVITY = _code("W0303", "uncertified-in-area", "check", "an activity of an area with no certifier rule",
                           vi="một hoạt động thuộc lĩnh vực không có quy tắc xác nhận")
RETROACTIVE = _code("W0305", "retroactive", "consolidate", "an amending act in force before it was signed",
                    vi="văn bản sửa đổi có hiệu lực trước khi được ký")
UNACCOUNTED = _code("W0304", "provision-unaccounted", "check",
                    "a provision of the official text that the rules neither encode nor mark pending or left out",
                    vi="một quy định của văn bản chính thức mà các quy tắc không mã hóa, cũng không ghi là còn chờ hay bỏ qua")
