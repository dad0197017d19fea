"""The rule language's reference, as data for the docs: every statement and block a drafter writes.

Each entry documents one rule of the grammar (compiler/grammar/rules.lark), or one of its `-> alias`
alternatives (`cap_table`, `inst_signed`): its syntax on one line, as a drafter writes it; what it
means, in English and in Vietnamese; an example as written in a rule file; and where it may stand.
In the syntax, UPPER CASE is what the drafter fills in, `[...]` what may be left out, `a|b` a choice
of words, `...` more of the same. tests/test_reference.py checks that every statement of the grammar
has an entry and that every example compiles in a rule tree like rules/.
"""
from __future__ import annotations

from dataclasses import dataclass

# Where an entry may stand, in words (English, Vietnamese).
PLACES: dict[str, tuple[str, str]] = {
    "file": ("at the top level of a rule file", "ở cấp cao nhất của tệp quy tắc"),
    "instrument": ("in an instrument's braces", "trong khối `instrument`"),
    "chapter": ("in a chapter", "trong chương"),
    "article": ("in an article", "trong điều"),
    "provision": ("in an article, clause or point", "trong điều, khoản hoặc điểm"),
    "clause": ("in a clause", "trong khoản"),
    "point": ("in a point", "trong điểm"),
    "interpretation": ("in an interpretation", "trong khối `interpretation`"),
    "choice": ("in a choice", "trong khối `choice`"),
    "option": ("in an option of a choice", "trong một phương án của khối `choice`"),
    "act": ("in a provision of an amending act, or at its top level",
            "trong điều khoản của văn bản sửa đổi, bổ sung, hoặc ở cấp cao nhất của văn bản đó"),
    "vocabulary": ("in a vocabulary", "trong danh mục"),
    "parameter": ("in a parameter", "trong tham số"),
    "table": ("in a table", "trong bảng"),
    "statement": ("at the end of a statement", "ở cuối một câu lệnh"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    key: str                  # the grammar rule or alias it documents
    syntax: str               # one line, as a drafter writes it
    en: str                   # what it means
    vi: str
    example: str              # as written in a rule file
    where: tuple[str, ...]    # keys of PLACES, the usual place first


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    en: str
    vi: str
    entries: tuple[Entry, ...]


def _e(key: str, syntax: str, en: str, vi: str, example: str, *where: str) -> Entry:
    return Entry(key, syntax, en, vi, example, where)


SECTIONS: tuple[Section, ...] = (
    Section("instruments", "Instruments", "Văn bản", (
        _e("instrument", 'instrument "NUMBER" { FIELD ... }',
           "Declares a legal instrument (a law, a decree, a circular, an amending act) by its official number. "
           "Its fields say what it is; the provisions written in the same file, and in the files that are `part of` "
           "it, are its provisions.",
           "Khai báo một văn bản quy phạm pháp luật (luật, nghị định, thông tư, văn bản sửa đổi, bổ sung) theo số, ký "
           "hiệu chính thức. Các trường bên trong cho biết văn bản đó là gì; các điều khoản viết trong cùng tệp, và trong "
           "các tệp khai báo `part of` văn bản đó, là điều khoản của văn bản.",
           'instrument "09/2018/TT-BTP" {\n  kind circular\n  title vi "Thông tư quy định tiêu chí xác định vụ việc trợ giúp '
           'pháp lý phức tạp, điển hình"\n  issued_by vi "Bộ Tư pháp"\n  signed 2018-06-21\n}',
           "file"),
        _e("inst_kind", "kind law|decree|circular|resolution|decision",
           "What kind of instrument it is.",
           "Loại văn bản: luật, nghị định, thông tư, nghị quyết hoặc quyết định.",
           "kind circular", "instrument"),
        _e("inst_module", "module NAME",
           "The name of the validator generated for the instrument. An instrument with a module must say its scope, "
           "its method, its date in force and the hours of a working session.",
           "Tên của bộ kiểm tra được sinh ra cho văn bản. Văn bản có `module` phải quy định phạm vi áp dụng, cách tính "
           "thời gian, ngày có hiệu lực và số giờ của một buổi làm việc.",
           "module circular_02_2021", "instrument"),
        _e("title", 'title en|vi "TEXT" [(MARK)]',
           "The title of an instrument, chapter, article, vocabulary, parameter, table or choice, in one language. "
           "A `title vi` of a provision quotes the official text word for word; `regc check` compares them.",
           "Tên của văn bản, chương, điều, danh mục, tham số, bảng hoặc khối lựa chọn, bằng một ngôn ngữ. `title vi` "
           "của một điều khoản phải trích nguyên văn văn bản chính thức; lệnh `regc check` đối chiếu hai văn bản này.",
           'title vi "Thời gian tham gia tố tụng hình sự"',
           "article", "instrument", "chapter", "vocabulary", "parameter", "table", "choice"),
        _e("title_pending", 'title en|vi pending "WHY"',
           "The title is not known in that language: why, and what would settle it. It is not guessed.",
           "Chưa biết tên bằng ngôn ngữ đó: nêu lý do và điều gì sẽ làm rõ. Không được phỏng đoán.",
           'title vi pending "the codification, the only official text at hand, leaves out chapter headings"',
           "chapter", "instrument", "article"),
        _e("inst_issued_by", 'issued_by en|vi "AUTHORITY"',
           "The authority that issued the instrument, in one language.",
           "Cơ quan ban hành văn bản, bằng một ngôn ngữ.",
           'issued_by vi "Bộ Tư pháp"', "instrument"),
        _e("inst_signed", 'signed DATE [by "SIGNER"]',
           "The date the instrument was signed, and who signed it. An act in force before it was signed is retroactive "
           "(warning W0305).",
           "Ngày ký văn bản và người ký. Văn bản có hiệu lực trước ngày ký là văn bản có hiệu lực hồi tố (cảnh báo W0305).",
           'signed 2021-05-25 by "Lê Thành Long"', "instrument"),
        _e("inst_pursuant_to", 'pursuant_to "NUMBER", ...',
           "The instruments it is made pursuant to (its legal bases).",
           "Các văn bản làm căn cứ ban hành văn bản này.",
           'pursuant_to "11/2017/QH14", "144/2017/NĐ-CP"', "instrument"),
        _e("inst_amends", 'amends "NUMBER", ...',
           "Makes the instrument an amending act of those instruments: its provisions carry operations (`replace`, "
           "`change cap`, `add member` ...) that change them from the act's date in force.",
           "Xác định văn bản là văn bản sửa đổi, bổ sung các văn bản được nêu: các điều khoản của nó chứa các thao tác "
           "(`replace`, `change cap`, `add member`...) làm thay đổi các văn bản đó kể từ ngày văn bản sửa đổi có hiệu lực.",
           'amends "02/2021/TT-BTP"', "instrument"),
        _e("inst_published", "published DATE",
           "The date the instrument was published (in the Official Gazette, or online).",
           "Ngày văn bản được đăng công báo hoặc công bố.",
           "published 2026-12-01", "instrument"),
        _e("inst_official", 'official_text en|vi "FILE"',
           "The file beside the rule file that holds the law's official text, one paragraph a line (`Điều N. TITLE`, "
           "`1. ...` for a clause, `a) ...` for a point). Every `text vi` and `title vi` of the instrument is compared "
           "with it word for word, and a provision of the law missing from the rules is reported.",
           "Tệp đặt cạnh tệp quy tắc chứa văn bản chính thức của văn bản pháp luật, mỗi đoạn một dòng (`Điều N. TÊN`, "
           "`1. ...` cho khoản, `a) ...` cho điểm). Mọi `text vi` và `title vi` của văn bản được đối chiếu nguyên văn "
           "với tệp này; điều khoản có trong văn bản pháp luật mà thiếu trong quy tắc sẽ được báo.",
           'official_text vi "official-text.vi.txt"', "instrument"),
        _e("inst_number_pending", 'number pending "WHY"',
           "The instrument's official number is not known (it is named by its title meanwhile): why.",
           "Chưa biết số, ký hiệu chính thức của văn bản (tạm gọi theo tên): nêu lý do.",
           'number pending "the law\'s number was not found; the only source names it by its title"', "instrument"),
        _e("source", 'source "ADDRESS" [en|vi "WHAT IT SETTLES"]',
           "A source that was read, and what it settles, in one language (a source is usually written twice, once "
           "per language).",
           "Một nguồn đã được tham khảo và nội dung mà nguồn đó làm rõ, bằng một ngôn ngữ (thường viết hai lần, mỗi "
           "ngôn ngữ một lần).",
           'source "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=147951"\n'
           '  vi "Toàn văn chính thức của Thông tư trên Cơ sở dữ liệu quốc gia về văn bản quy phạm pháp luật"',
           "instrument", "table"),
        _e("note", 'note en|vi "TEXT"',
           "A note for readers (shown in the docs); it changes no rule.",
           "Ghi chú cho người đọc (hiển thị trong tài liệu); không làm thay đổi quy tắc nào.",
           'note en "The Vietnamese text is the law; the English texts are a translation beside it."',
           "provision", "instrument", "chapter", "choice", "vocabulary", "parameter", "table"),
        _e("part_of", 'part of "NUMBER"',
           "The file continues an instrument declared in another file (a chapter or the appendices in a file of "
           "their own).",
           "Tệp này là phần tiếp theo của một văn bản đã được khai báo ở tệp khác (ví dụ một chương hoặc các phụ lục "
           "được viết thành tệp riêng).",
           'part of "02/2021/TT-BTP"', "file"),
    )),
    Section("provisions", "Provisions and their texts", "Điều khoản và nội dung", (
        _e("chapter", "chapter ROMAN { ... }",
           "A chapter of the instrument: its title and its articles.",
           "Một chương của văn bản: tên chương và các điều thuộc chương.",
           'chapter IV {\n  title en "Implementation"\n  article 12 {\n    title vi "Hiệu lực thi hành"\n  }\n}', "file"),
        _e("article", "article NUMBER { ... }",
           "An article: its title, texts, clauses and the rule statements that encode it. An article an amending act "
           "inserts is numbered after the one it follows (`7a`).",
           "Một điều: tên điều, nội dung, các khoản và các câu lệnh quy tắc thể hiện điều đó. Điều do văn bản sửa đổi, "
           "bổ sung thêm vào được đánh số theo điều đứng liền trước nó (`7a`).",
           'article 12 {\n  title vi "Hiệu lực thi hành"\n  clause 1 {\n    text vi "Thông tư này có hiệu lực kể từ ngày '
           '15 tháng 7 năm 2021."\n    in_force 2021-07-15\n  }\n}',
           "file", "chapter"),
        _e("clause", "clause NUMBER { ... }",
           "A clause of an article (khoản): its texts, points and rule statements.",
           "Một khoản của điều: nội dung, các điểm và các câu lệnh quy tắc.",
           'clause 2 {\n  text vi "Thông tư này áp dụng đối với các đối tượng sau:"\n  informative "Names who the circular '
           'applies to; no case field depends on it."\n}',
           "article"),
        _e("point", "point LETTER { ... }",
           "A point of a clause (điểm a, b, c, d, đ, e, g ...; `đ` is written `dd` or `đ`): its texts and rule statements.",
           "Một điểm của khoản (điểm a, b, c, d, đ, e, g...; điểm `đ` viết là `dd` hoặc `đ`): nội dung và các câu lệnh quy tắc.",
           'point dd {\n  text vi "Tham gia hòa giải theo quy định của pháp luật;"\n}', "clause"),
        _e("text", 'text en|vi "TEXT" [(MARK)]',
           "The text of the provision in one language. `text vi` quotes the official text word for word; `text en` is a "
           "translation beside it. A text may run over several lines: each line break is read as one space.",
           "Nội dung của điều khoản bằng một ngôn ngữ. `text vi` trích nguyên văn văn bản chính thức; `text en` là bản "
           "dịch đặt bên cạnh. Nội dung có thể viết trên nhiều dòng: mỗi lần xuống dòng được đọc là một dấu cách.",
           'text vi "Thông tư này có hiệu lực kể từ ngày 15 tháng 7 năm 2021."', "provision"),
        _e("text_pending", 'text en|vi pending "WHY"',
           "The text is not known in that language: why. It is not guessed.",
           "Chưa biết nội dung bằng ngôn ngữ đó: nêu lý do. Không được phỏng đoán.",
           'text vi pending "the official text of this clause was not found"', "provision"),
        _e("pending", 'pending "WHY"',
           "What the provision says (a rule, a figure) is not known from any source that could be read: why, and what "
           "would settle it. `regc check` warns of it (W0301).",
           "Nội dung của điều khoản (quy tắc, số liệu) chưa biết được từ nguồn nào đọc được: nêu lý do và điều gì sẽ "
           "làm rõ. Lệnh `regc check` cảnh báo về điều này (W0301).",
           'pending "Form TP-TGPL-01 was not found in any source that could be read (NF)"',
           "provision", "chapter"),
        _e("informative", 'informative "WHY"',
           "The provision is left out of the validators on purpose, and why (a principle, a duty no case file can show).",
           "Điều khoản được cố ý không đưa vào bộ kiểm tra, kèm lý do (ví dụ một nguyên tắc, hoặc một nghĩa vụ mà hồ sơ "
           "vụ việc không thể thể hiện).",
           'informative "Places responsibility on the declarant; the truth of a declaration cannot be checked from the '
           'case file."',
           "provision"),
        _e("example", 'example "FILE"',
           "A worked example of the provision: a case file with the figures it must give, beside the rule file. "
           "`regc test` and `regc build` run it; the docs show it.",
           "Một ví dụ tính toán cho điều khoản: hồ sơ vụ việc kèm các số liệu phải ra, đặt cạnh tệp quy tắc. Lệnh "
           "`regc test` và `regc build` chạy ví dụ này; tài liệu hiển thị ví dụ.",
           'example "examples/art03-sessions.yaml"', "provision"),
        _e("interpretation", "interpretation NAME { reading ...  because ...  (MARK) }",
           "A reading of the text the rules choose where the text leaves room, with the reasons for it; shown in the docs.",
           "Một cách hiểu nội dung văn bản mà quy tắc lựa chọn khi văn bản chưa rõ, kèm lý do; được hiển thị trong tài liệu.",
           'interpretation cap_shared_pro_rata {\n  reading en "When the sessions of several providers exceed the case cap, '
           'the cut is shared in proportion to each provider\'s sessions."\n  because en "Art. 8.1 caps the total but does '
           'not say how it is shared."\n  (INF)\n}',
           "provision"),
        _e("reading", 'reading en|vi "TEXT"',
           "How the text is read, in one language.",
           "Cách hiểu nội dung văn bản, bằng một ngôn ngữ.",
           'reading en "Each entry is judged by the rules in force on its own date."', "interpretation", "option"),
        _e("because", 'because en|vi "TEXT"',
           "Why the text is read so, in one language.",
           "Lý do của cách hiểu đó, bằng một ngôn ngữ.",
           'because en "The law says nothing of ties; the order of a case file must not change what is paid."',
           "interpretation", "option"),
        _e("provenance", '(C2|1S|INF|NF[: "WHICH SOURCE, OR WHY"])',
           "How sure a text, value or reading is: C2 confirmed by two or more independent sources, 1S found in one "
           "source only, INF inferred (not seen as text), NF not found in any source.",
           "Mức độ xác thực của một nội dung, giá trị hoặc cách hiểu: C2 được hai nguồn độc lập trở lên xác nhận, 1S chỉ "
           "thấy trong một nguồn, INF suy luận (không thấy nguyên văn), NF không tìm thấy trong nguồn nào.",
           'text en "Preparing arguments for defence and protection;" (1S: "lawnet.vn")',
           "statement", "interpretation"),
        _e("choice", "choice NAME { title ...  option ...  option ... }",
           "A provision that can be read two ways, where the choice changes figures: every reading is written as an "
           "option with the rules it implies, one is the default, another is chosen with `--reading NAME=OPTION`.",
           "Điều khoản có thể hiểu theo hai cách và cách hiểu làm thay đổi kết quả tính: mỗi cách hiểu được viết thành "
           "một phương án kèm các quy tắc tương ứng; một phương án là mặc định, phương án khác được chọn bằng "
           "`--reading TÊN=PHƯƠNG_ÁN`.",
           'choice hours_rounding {\n  title en "What points a and b round"\n  option cumulative default (INF) {\n    '
           'reading en "A provider\'s hours are added up first."\n    hours_added per_provider\n  }\n  option per_occasion '
           '(INF) {\n    reading en "Each working occasion is counted on its own."\n    hours_added per_entry\n  }\n}',
           "provision"),
        _e("option", "option NAME [default] [(MARK)] { reading ...  because ...  STATEMENT ... }",
           "One reading of a choice, with the rule statements that apply when it is chosen; `default` marks the one "
           "that applies unless another is chosen.",
           "Một phương án của khối lựa chọn, kèm các câu lệnh quy tắc áp dụng khi phương án đó được chọn; `default` đánh "
           "dấu phương án áp dụng khi không chọn phương án khác.",
           'option cumulative default (INF: "Circular 05/2017/TT-BTP added hours up") {\n  reading en "A provider\'s '
           'certified hours in a case are added up."\n  hours_added per_provider\n}',
           "choice"),
    )),
    Section("sessions", "Working time by actual sessions", "Thời gian theo buổi làm việc thực tế", (
        _e("scope", "scope FORM, ...",
           "The forms of legal aid the instrument covers (ids of vocabulary `form`); a case of another form is not governed by it.",
           "Các hình thức trợ giúp pháp lý thuộc phạm vi điều chỉnh của văn bản (mã trong danh mục `form`); vụ việc theo "
           "hình thức khác không thuộc phạm vi điều chỉnh.",
           "scope proceedings, extrajudicial", "provision"),
        _e("method", "method METHOD for FORM, ...",
           "A method of calculating working time (vocabulary `method`) may be used for these forms.",
           "Cách tính thời gian (danh mục `method`) được áp dụng cho các hình thức này.",
           "method actual_sessions for proceedings, extrajudicial", "provision"),
        _e("in_force", "in_force DATE [until DATE]",
           "The date the instrument comes into force. In an amending act it dates the changes of the provision it "
           "stands in (or of the whole act), and `until` ends a temporary change: the day after, what it replaced is in "
           "force again.",
           "Ngày văn bản có hiệu lực. Trong văn bản sửa đổi, bổ sung, câu lệnh này xác định ngày có hiệu lực của các thay "
           "đổi thuộc điều khoản chứa nó (hoặc của cả văn bản); `until` xác định ngày kết thúc của thay đổi tạm thời: từ "
           "ngày hôm sau, quy định bị thay thế có hiệu lực trở lại.",
           "in_force 2021-07-15", "provision", "act"),
        _e("supersedes", 'supersedes "NUMBER", ...',
           "The instruments this one replaces.",
           "Các văn bản bị văn bản này thay thế.",
           'supersedes "18/2013/TT-BTP", "05/2017/TT-BTP"', "provision"),
        _e("before_in_force", 'before_in_force governed_by "NUMBER", ... judged_by work_date',
           "Work done before the instrument came into force stays under the instruments named; each entry is judged "
           "by its own date (a transitional provision).",
           "Công việc thực hiện trước ngày văn bản có hiệu lực tiếp tục do các văn bản được nêu điều chỉnh; mỗi mục công "
           "việc được xét theo ngày thực hiện của mục đó (quy định chuyển tiếp).",
           'before_in_force governed_by "18/2013/TT-BTP", "05/2017/TT-BTP" judged_by work_date', "provision"),
        _e("activity", "activity in AREA, ... [(MARK)]",
           "The point it stands in is a chargeable activity in these proceedings or forms: a case entry may cite it.",
           "Điểm chứa câu lệnh này là một hoạt động được tính thời gian trong các loại tố tụng hoặc hình thức đó: mục "
           "công việc trong hồ sơ vụ việc có thể dẫn chiếu đến điểm này.",
           "activity in criminal", "point"),
        _e("activities_also", "activities CITATION, ... also_in AREA, ... [(MARK)]",
           "The activities of other points are chargeable in further proceedings too (Art. 6.1.a applies Art. 5.1 to "
           "administrative proceedings).",
           "Các hoạt động của các điểm khác cũng được tính thời gian trong các loại tố tụng khác (ví dụ điểm a khoản 1 "
           "Điều 6 áp dụng khoản 1 Điều 5 cho tố tụng hành chính).",
           "activities 4.1.a, 4.1.b also_in civil", "provision"),
        _e("certify", "certify CITATION, ... by ROLE, ... [(MARK)]",
           "Who may certify the time of these activities (ids of vocabulary `certifier_role`); an entry certified by "
           "anyone else is refused.",
           "Người có thẩm quyền xác nhận thời gian thực hiện các hoạt động này (mã trong danh mục `certifier_role`); mục "
           "công việc do người khác xác nhận bị từ chối.",
           "certify 4.1.a, 4.1.b by presiding_person, presiding_agency", "provision"),
        _e("session_hours", "session_hours HOURS",
           "The hours of one actual working session.",
           "Số giờ của một buổi làm việc thực tế.",
           "session_hours 4\npoint a { remainder under 3 counts 0.5 }\npoint b { remainder from 3 counts 1 }", "provision"),
        _e("remainder", "remainder under|from HOURS counts SESSIONS",
           "How the hours left over after full sessions count (Art. 3.2: under 3 hours as half a session, from 3 hours "
           "as one).",
           "Cách tính số giờ lẻ còn lại sau các buổi đủ giờ (khoản 2 Điều 3: dưới 03 giờ tính là 1/2 buổi, từ đủ 03 giờ "
           "trở lên tính là 01 buổi).",
           "remainder under 3 counts 0.5", "point"),
        _e("hours_added", "hours_added per_provider|per_entry [(MARK)]",
           "Whether a provider's certified hours are added up before they are turned into sessions (per_provider), or "
           "each entry is turned into sessions on its own (per_entry).",
           "Xác định số giờ đã được xác nhận của mỗi người thực hiện được cộng dồn rồi mới quy đổi thành buổi "
           "(per_provider), hay số giờ của từng mục công việc được quy đổi riêng (per_entry).",
           "hours_added per_provider", "option", "provision"),
        _e("day_limit", "day_limit HOURS hours counting accepted_entries|all_entries [(MARK)]",
           "The most hours one provider's day may hold, and which entries count toward them; when a day holds more, "
           "every entry of that day is left out.",
           "Số giờ tối đa trong một ngày của một người thực hiện, và những mục công việc được tính vào số giờ đó; khi một "
           "ngày vượt quá số giờ này, mọi mục công việc của ngày đó bị loại.",
           "day_limit 24 hours counting accepted_entries", "provision"),
        _e("ties", "ties by provider_id|listed_order [(MARK)]",
           "Who gets a half session of a shared cap, or a đồng left over by rounding, when providers tie.",
           "Người được nhận nửa buổi của mức giới hạn chung, hoặc một đồng lẻ do làm tròn, khi những người thực hiện bằng nhau.",
           "ties by provider_id", "provision"),
        _e("cap_sessions", "cap per_provider|per_case N sessions in AREA, ...",
           "At most N sessions are paid in these proceedings or forms: to each provider, or to all providers of the case together.",
           "Số buổi được thanh toán tối đa là N buổi trong các loại tố tụng hoặc hình thức đó: cho mỗi người thực hiện, "
           "hoặc cho tất cả người thực hiện của vụ việc.",
           "cap per_case 30 sessions in proceedings", "provision"),
        _e("cap_table", "cap per_provider|per_case table TABLE [with AXIS = VALUE] on CITATION, ... in AREA, ... "
                        "[under \"NUMBER\" CITATION] [(MARK)]",
           "The sessions paid for these activities are capped at the table's cell for the case (an appendix's level of "
           "fixed working time); `with` fixes one axis of the table to a value.",
           "Số buổi được thanh toán cho các hoạt động này không vượt quá ô tương ứng của bảng đối với vụ việc (mức khoán "
           "chi tại phụ lục); `with` cố định một trục của bảng ở một giá trị.",
           'cap per_provider table appendix_01_task_caps on 4.1.a, 4.1.b in criminal under "144/2017/NĐ-CP" 13.1',
           "provision"),
        _e("ground", 'under "NUMBER" ARTICLE.CLAUSE[.POINT]',
           "The provision of another instrument a rule carries out: its legal ground, cited in the docs and the trace.",
           "Điều khoản của văn bản khác mà quy tắc này thực hiện, tức căn cứ pháp lý của quy tắc; được dẫn chiếu trong "
           "tài liệu và trong phần diễn giải kết quả.",
           'cap per_provider table appendix_01_task_caps on 4.1.a in criminal under "144/2017/NĐ-CP" 13.1',
           "statement"),
        _e("cap_replacement", "cap replacement N sessions|fixed_time_level when successor chooses METHOD [under ...] [(MARK)]",
           "When a provider is replaced and the successor chooses the other method, the pay of both together is at "
           "most N sessions, or the case's level of fixed working time.",
           "Khi người thực hiện bị thay thế và người được cử thay thế lựa chọn cách tính khác, thù lao của cả hai người "
           "không vượt quá N buổi, hoặc không vượt quá mức khoán chi của vụ việc.",
           "cap replacement fixed_time_level when successor chooses fixed_time", "provision"),
        _e("session_rate", "session_rate PROVIDER_KIND in AREA, ... = PARAMETER [of PROVIDER_KIND]",
           "What a provider of that kind is paid per session in these proceedings or forms: the parameter's value (a "
           "multiple of the base salary), or a share of another kind's rate (`of lawyer`).",
           "Mức chi cho mỗi buổi làm việc của người thực hiện thuộc loại đó trong các loại tố tụng hoặc hình thức này: "
           "giá trị của tham số (bội số của mức lương cơ sở), hoặc một tỷ lệ của mức chi cho loại người thực hiện khác "
           "(`of lawyer`).",
           "session_rate legal_aid_officer in proceedings = officer_share_proceedings of lawyer", "provision"),
        _e("not_paid", "not_paid work_during_suspension|work_outside_provider_period",
           "Work of that kind is not paid: work dated while the case is suspended, or outside the provider's own period on the case.",
           "Công việc thuộc loại đó không được thanh toán: công việc thực hiện trong thời gian vụ việc bị tạm đình chỉ, hoặc "
           "ngoài thời gian người thực hiện được phân công.",
           "not_paid work_during_suspension", "provision"),
    )),
    Section("fixed_time", "Fixed working time", "Khoán chi vụ việc", (
        _e("ft_table", "fixed_time table TABLE in AREA, ... by AXIS, ...",
           "The level of fixed working time of a case in these proceedings is read from the table, by these axes.",
           "Mức khoán chi của vụ việc trong các loại tố tụng này được xác định theo bảng, căn cứ vào các trục đó.",
           "fixed_time table appendix_01 in criminal by stage, offense_class", "provision"),
        _e("ft_chosen", "fixed_time chosen between CASE_DATE and CASE_DATE",
           "When the provider must choose fixed working time: between these two dates of the case.",
           "Thời điểm người thực hiện phải lựa chọn hình thức khoán chi: trong khoảng giữa hai ngày đó của vụ việc.",
           "fixed_time chosen between assigned_on and first_task", "provision"),
        _e("ft_level", "fixed_time level AXIS most_serious",
           "When a case has several values on that axis (several offenses), the most serious decides the level.",
           "Khi vụ việc có nhiều giá trị trên trục đó (nhiều tội danh), mức khoán chi được xác định theo giá trị nghiêm "
           "trọng nhất.",
           "fixed_time level offense_class most_serious", "provision"),
        _e("ft_stages", "fixed_time stages added_up",
           "The levels of the stages of proceedings performed are added up.",
           "Mức khoán chi của các giai đoạn tố tụng đã thực hiện được cộng lại.",
           "fixed_time stages added_up", "provision"),
        _e("ft_floor", "fixed_time floor N PARAMETER in AREA, ...",
           "A fixed amount lower than N times the parameter (the base salary) is raised to it.",
           "Mức khoán chi thấp hơn N lần tham số (mức lương cơ sở) thì được nâng lên bằng mức đó.",
           "fixed_time floor 3 base_salary in criminal", "provision"),
        _e("ft_ceiling", "fixed_time ceiling N PARAMETER",
           "The fixed amount of a case is at most N times the parameter (the base salary).",
           "Mức khoán chi của một vụ việc tối đa không quá N lần tham số (mức lương cơ sở).",
           "fixed_time ceiling 10 base_salary", "provision"),
        _e("ft_multiplier", "fixed_time multiplier P% when providers|offenses >= N [(MARK)]",
           "The fixed amount is multiplied by P % when the case has at least N providers, or N offenses.",
           "Mức khoán chi được nhân với P % khi vụ việc có từ N người thực hiện, hoặc N tội danh, trở lên.",
           "fixed_time multiplier 130% when offenses >= 2", "provision"),
        _e("ft_shared", "fixed_time shared by_tasks [(MARK)]",
           "How the fixed amount is shared between providers: in proportion to the tasks each performed.",
           "Cách chia mức khoán chi giữa những người thực hiện: theo tỷ lệ công việc mỗi người đã thực hiện.",
           "fixed_time shared by_tasks", "provision"),
    )),
    Section("eligibility", "Who is entitled to legal aid", "Người được trợ giúp pháp lý", (
        _e("eligible", "eligible GROUP [if GROUP] [(MARK)]",
           "The provision it stands in entitles the members of the group (vocabulary `aided_group`) to legal aid; with "
           "`if`, only when they also belong to the second group (financial difficulty).",
           "Điều khoản chứa câu lệnh này xác định thành viên của nhóm (danh mục `aided_group`) là người được trợ giúp pháp "
           "lý; nếu có `if`, chỉ khi người đó đồng thời thuộc nhóm thứ hai (có khó khăn về tài chính).",
           "eligible elderly if financial_difficulty", "provision"),
        _e("eligibility_on", "eligibility judged_on CASE_DATE",
           "The date of a case on which the groups in force decide whether the person is entitled (usually the day of "
           "assignment).",
           "Ngày của vụ việc được dùng để xét người đó có thuộc diện được trợ giúp pháp lý hay không, theo các nhóm có "
           "hiệu lực vào ngày đó (thường là ngày được phân công).",
           "eligibility judged_on assigned_on", "provision"),
        _e("group_includes", "group GROUP includes GROUP, ... [(MARK)]",
           "A person of any of the groups after `includes` belongs to the first group too (financial difficulty is "
           "being of a near-poor household or receiving a monthly social allowance).",
           "Người thuộc bất kỳ nhóm nào sau `includes` cũng thuộc nhóm thứ nhất (ví dụ có khó khăn về tài chính là người "
           "thuộc hộ cận nghèo hoặc người đang hưởng trợ cấp xã hội hàng tháng).",
           "group financial_difficulty includes near_poor_household, social_allowance_recipient", "provision"),
    )),
    Section("amendments", "Amending acts", "Văn bản sửa đổi, bổ sung", (
        _e("amendments_apply", "amendments_apply entries_by CASE_DATE case_by CASE_DATE",
           "Which version of the rules judges each entry (by its date) and the whole case (caps, rates, tables), "
           "when an act changes them; by default the entry's date and the case's last day of work.",
           "Xác định phiên bản quy tắc được dùng để xét từng mục công việc (theo ngày của mục đó) và cả vụ việc (mức giới "
           "hạn, mức chi, bảng) khi có văn bản sửa đổi, bổ sung; mặc định là ngày thực hiện của mục công việc và ngày làm "
           "việc cuối cùng của vụ việc.",
           "amendments_apply entries_by work_date case_by last_entry_date", "provision"),
        _e("keeps_old_rules", "keeps_old_rules cases_assigned_before|cases_paid_before|work_done_before [(MARK)]",
           "A transitional provision of an act: which cases keep the rules in force before its changes (those assigned, "
           "paid, or whose work was done before they take effect).",
           "Quy định chuyển tiếp của văn bản sửa đổi: những vụ việc tiếp tục áp dụng quy định trước khi có sự thay đổi "
           "(vụ việc được phân công, được thanh toán, hoặc có công việc đã thực hiện xong trước ngày thay đổi có hiệu lực).",
           "keeps_old_rules cases_assigned_before", "act"),
        _e("amending", 'amending "NUMBER"',
           "In an act that amends several instruments: the one whose provisions the operations of this provision change.",
           "Trong văn bản sửa đổi, bổ sung nhiều văn bản: xác định văn bản mà các thao tác trong điều khoản này sửa đổi.",
           'amending "02/2021/TT-BTP"', "act"),
        _e("op_replace", "replace article|clause|point CITATION { ... }",
           "The provision of the amended instrument is replaced by the one written in the braces, from the act's date.",
           "Điều khoản của văn bản được sửa đổi được thay thế bằng điều khoản viết trong cặp dấu ngoặc nhọn, kể từ ngày văn bản "
           "sửa đổi có hiệu lực.",
           'replace point 4.1.h {\n  text en "Preparing arguments, in writing or online."\n  activity in criminal\n}', "act"),
        _e("op_insert", "insert article|clause|point CITATION { ... }",
           "A new provision is added to the amended instrument (an article after 7 is numbered `7a`).",
           "Bổ sung một điều khoản mới vào văn bản được sửa đổi (điều bổ sung sau Điều 7 được đánh số `7a`).",
           'insert clause 8.5 {\n  text en "A provider is paid at most 15 working sessions for a case of extrajudicial '
           'representation."\n  cap per_provider 15 sessions in extrajudicial\n}',
           "act"),
        _e("op_repeal", "repeal article|clause|point CITATION",
           "The provision of the amended instrument is repealed from the act's date.",
           "Bãi bỏ điều khoản của văn bản được sửa đổi kể từ ngày văn bản sửa đổi có hiệu lực.",
           "repeal point 8.2.b", "act"),
        _e("op_change_cap", "change cap CITATION per_provider|per_case to N sessions in AREA, ...",
           "A session cap written at that provision of the amended instrument gets a new limit.",
           "Mức giới hạn số buổi quy định tại điều khoản đó của văn bản được sửa đổi được thay bằng mức mới.",
           "change cap 8.1 per_case to 35 sessions in proceedings", "act"),
        _e("op_change_parameter", 'change parameter NAME to VALUE [source "..."] [(MARK)]',
           "A parameter (a rate, a share) takes a new value from the act's date.",
           "Tham số (mức chi, tỷ lệ) nhận giá trị mới kể từ ngày văn bản sửa đổi có hiệu lực.",
           'change parameter lawyer_rate_proceedings to 0.40 source "the act, Art. 1.2"', "act"),
        _e("op_change_cell", "change cell TABLE [KEY] to N [(MARK)]",
           "A cell of a table takes a new value from the act's date.",
           "Một ô của bảng nhận giá trị mới kể từ ngày văn bản sửa đổi có hiệu lực.",
           "change cell appendix_01 [investigation + prosecution + first_instance, very_serious] to 25", "act"),
        _e("op_change_cell_pending", 'change cell TABLE [KEY] to pending "WHY"',
           "A cell of a table becomes unknown from the act's date (the act changes it, but its new value was not found).",
           "Một ô của bảng trở thành chưa xác định kể từ ngày văn bản sửa đổi có hiệu lực (văn bản có thay đổi ô này "
           "nhưng chưa tìm thấy giá trị mới).",
           'change cell appendix_01 [investigation + prosecution + first_instance, very_serious] to pending "the new '
           'appendix was not found"',
           "act"),
        _e("op_add_member", 'add member VOCABULARY ID en|vi "LABEL" [en|vi "LABEL"] [(MARK)]',
           "A vocabulary gains an id (a form, a certifier role, a group) from the act's date. It cannot be temporary.",
           "Bổ sung một mã vào danh mục (hình thức, người xác nhận, nhóm) kể từ ngày văn bản sửa đổi có hiệu lực. Việc "
           "bổ sung này không thể là tạm thời.",
           'add member certifier_role digital_platform en "The record of the national Digital Legal Aid platform"\n'
           '  vi "Bản ghi của Nền tảng trợ giúp pháp lý số"',
           "act"),
        _e("op_eligible_unconditional", "change eligible GROUP to unconditional [(MARK)]",
           "The group's entitlement no longer depends on another group (the condition of financial difficulty is removed).",
           "Quyền được trợ giúp pháp lý của nhóm không còn phụ thuộc vào nhóm khác (bỏ điều kiện có khó khăn về tài chính).",
           "change eligible trafficking_victim to unconditional", "act"),
        _e("op_add_eligible", "add eligible GROUP [if GROUP] to article N [(MARK)]",
           "A group becomes entitled to legal aid under an article of the amended instrument whose new wording is not known.",
           "Bổ sung một nhóm vào diện người được trợ giúp pháp lý theo một điều của văn bản được sửa đổi mà nội dung mới "
           "của điều đó chưa được biết.",
           "add eligible financial_difficulty to article 7", "act"),
    )),
    Section("vocabularies", "Vocabularies", "Danh mục", (
        _e("vocabulary", "vocabulary NAME { title ...  - ID en \"LABEL\" vi \"LABEL\" ... }",
           "The ids a case file and the rule statements may use for one kind of thing (forms, certifier roles, groups), "
           "each with its labels.",
           "Các mã được dùng trong hồ sơ vụ việc và trong câu lệnh quy tắc để chỉ một loại đối tượng (hình thức, người "
           "xác nhận, nhóm), mỗi mã kèm tên gọi.",
           'vocabulary document_kind {\n  title en "Procedural document the offense class is read from"\n  - indictment '
           'en "Indictment" vi "Cáo trạng"\n  - judgment en "Judgment" vi "Bản án"\n}',
           "file"),
        _e("member", '- ID en|vi "LABEL" [en|vi "LABEL"] [(MARK)]',
           "One id of the vocabulary, with its label in one or two languages.",
           "Một mã của danh mục, kèm tên gọi bằng một hoặc hai ngôn ngữ.",
           '- judge en "The judge" vi "Thẩm phán"', "vocabulary"),
        _e("belongs_to", 'belongs_to "NUMBER"',
           "The instrument the vocabulary, parameter or table belongs to: only an act amending it may change it. By "
           "default, the one its file declares or is `part of`.",
           "Văn bản mà danh mục, tham số hoặc bảng thuộc về: chỉ văn bản sửa đổi, bổ sung văn bản đó mới được thay đổi "
           "danh mục, tham số hoặc bảng này. Mặc định là văn bản được khai báo trong tệp, hoặc văn bản mà tệp là `part of`.",
           'belongs_to "02/2021/TT-BTP"', "vocabulary", "parameter", "table"),
        _e("belongs_to_none", 'belongs_to none "WHY"',
           "The vocabulary, parameter or table belongs to no instrument of these rules (its values are set elsewhere, "
           "e.g. by decrees on the base salary): why.",
           "Danh mục, tham số hoặc bảng không thuộc văn bản nào trong các quy tắc này (giá trị do văn bản khác quy định, "
           "ví dụ các nghị định về mức lương cơ sở): nêu lý do.",
           'belongs_to none "set by the Government\'s decrees on the statutory base salary"', "parameter", "vocabulary", "table"),
    )),
    Section("parameters", "Parameters", "Tham số", (
        _e("parameter", "parameter NAME { unit ...  applies_on ...  value ... }",
           "A value of the law that changes over time (the base salary, a rate), with the date each value took effect.",
           "Một giá trị do pháp luật quy định và thay đổi theo thời gian (mức lương cơ sở, mức chi), kèm ngày bắt đầu "
           "áp dụng của từng giá trị.",
           'parameter lawyer_rate_mediation {\n  title en "Lawyer\'s remuneration per session, mediation"\n  unit '
           'base_salary_multiple\n  applies_on payment_date, last_entry_date\n  value 0.31 from 2027-01-01\n}',
           "file"),
        _e("param_unit", "unit UNIT",
           "The parameter's unit: vnd_per_month, percent, or NAME_multiple (a multiple of parameter NAME).",
           "Đơn vị của tham số: vnd_per_month (đồng/tháng), percent (phần trăm) hoặc TÊN_multiple (bội số của tham số TÊN).",
           "unit base_salary_multiple", "parameter"),
        _e("param_applies_on", "applies_on CASE_DATE, ...",
           "Which date of a case picks the value in force: the first of these dates the case gives.",
           "Ngày nào của vụ việc được dùng để chọn giá trị đang có hiệu lực: ngày đầu tiên trong các ngày này mà hồ sơ vụ "
           "việc có.",
           "applies_on payment_date, last_entry_date", "parameter"),
        _e("param_value", 'value N[%] from DATE [until DATE] [source "..."] [(MARK)]',
           "A value and the date it takes effect; it runs until the day before the next value (or until `until`).",
           "Một giá trị và ngày bắt đầu áp dụng; giá trị được áp dụng đến ngày liền trước ngày áp dụng giá trị tiếp theo "
           "(hoặc đến ngày `until`).",
           'value 2340000 from 2024-07-01 source "73/2024/NĐ-CP" (C2: "mondaq.com; news.laodong.vn")', "parameter"),
    )),
    Section("tables", "Tables", "Bảng", (
        _e("table", "table NAME { unit ...  axis ...  cell ... }",
           "A table of the law (an appendix's levels of fixed working time): its axes and its cells.",
           "Một bảng của văn bản pháp luật (ví dụ mức khoán chi tại phụ lục): các trục và các ô của bảng.",
           'table appendix_04 {\n  title en "Appendix 04 (invented)"\n  unit sessions\n  axis offense_class: '
           'less_serious, serious\n  cell [less_serious] = 8\n  cell [serious] = pending "not known"\n}',
           "file"),
        _e("table_unit", "unit sessions",
           "What the table's cells count.",
           "Đơn vị của các ô trong bảng.",
           "unit sessions", "table"),
        _e("axis", "axis VOCABULARY: VALUE, ... [(MARK)]",
           "One dimension of the table: a vocabulary and the values of it the table has.",
           "Một chiều của bảng: một danh mục và các giá trị của danh mục đó có trong bảng.",
           "axis complexity: simple, complex", "table"),
        _e("cell", "cell [VALUE, ...] = N [(MARK)]",
           "The value of one cell, one coordinate per axis; values joined by `+` are stages added up.",
           "Giá trị của một ô, mỗi trục một tọa độ; các giá trị nối bằng `+` là các giai đoạn được cộng lại.",
           "cell [investigation + prosecution + first_instance, serious] = 23", "table"),
        _e("cell_pending", 'cell [VALUE, ...] = pending "WHY"',
           "A cell whose value is not known from any source: why.",
           "Một ô có giá trị chưa biết được từ nguồn nào: nêu lý do.",
           'cell [investigation, very_serious] = pending "no source gives this level (NF)"', "table"),
        _e("otherwise_pending", 'otherwise pending "WHY"',
           "Every cell not written is pending, for this reason.",
           "Mọi ô không được ghi giá trị đều chưa xác định, với lý do này.",
           'otherwise pending "the appendix\'s cells were not found in any source that could be read (NF)"', "table"),
    )),
)

ENTRIES: dict[str, Entry] = {entry.key: entry for section in SECTIONS for entry in section.entries}
