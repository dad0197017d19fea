"""Pass 1 (parse.py) and the token-level checks of pass 2: text -> tree, syntax errors as E0001.

Contract §1: a syntax error is reported as `FILE:LINE:COL: error[E0001]: message` with a hint
saying what was expected; E0002 (unknown escape) and E0003 (impossible date) are reported while
the tokens become values, so they are tested here with the parser that produces those tokens.
"""
from __future__ import annotations

from lark import Tree

from compiler import ast, codes, from_tree, parse
from compiler.diagnostics import Reporter, render
from compiler.source import SourceFile


def parse_text(text: str, name: str = "rules/snippet.rules"):
    """(tree or None, AST or None, reporter) for one snippet."""
    reporter = Reporter()
    source = SourceFile.from_text(name, text)
    tree = parse.run(source, reporter)
    rule_file = from_tree.run(tree, source, reporter) if tree is not None else None
    return tree, rule_file, reporter


def only_diagnostic(reporter: Reporter):
    diagnostics = reporter.sorted()
    assert len(diagnostics) == 1, [f"{d.primary.span} {d.code.code} {d.message}" for d in diagnostics]
    return diagnostics[0]


VALID = '''\
# A comment line.
instrument "01/2021/TT-TEST" {
  kind circular
  title en "An invented instrument" (INF: "made up for a test")
  signed 2021-05-25 by "Someone"
}

chapter I {
  title en "General"
  article 3 {
    clause 2 {
      text en "An actual working session is 04 hours."
      session_hours 4
      point a {
        remainder under 3 counts 0.5
      }
      point b {
        remainder from 3 counts 1
      }
    }
  }
}

parameter base_salary {
  unit vnd_per_month
  value 1490000 from 2019-07-01 source "38/2019/ND-CP" (C2)
  value 40% from 2020-01-01 until 2020-12-31
}

table appendix_01 {
  axis stage: investigation, prosecution
  axis offense_class: serious
  cell [investigation + prosecution, serious] = 23 (1S: "one source")
  cell [investigation, serious] = pending "not known"
  otherwise pending "not found"
}
'''


def test_a_valid_snippet_parses_without_diagnostics():
    tree, rule_file, reporter = parse_text(VALID)
    assert isinstance(tree, Tree)
    assert reporter.diagnostics == []
    kinds = [type(item).__name__ for item in rule_file.items]
    assert kinds == ["Instrument", "Provision", "Parameter", "Table"]


def test_a_misplaced_word_is_E0001_at_its_line_and_column_with_what_was_expected():
    text = "article 4 {\n  clause 1 {\n    point a {\n      activity criminal\n    }\n  }\n}\n"
    tree, _, reporter = parse_text(text)
    assert tree is None
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.SYNTAX
    span = diagnostic.primary.span
    assert (span.file, span.line, span.col) == ("rules/snippet.rules", 4, 16)   # the word `criminal`
    assert (span.end_line, span.end_col) == (4, 24)
    assert "`criminal`" in diagnostic.message
    assert diagnostic.hint == "expected `in`"


def test_an_unknown_character_is_E0001_naming_the_character():
    _, _, reporter = parse_text("article 4 {\n  clause 1 $\n}\n")
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.SYNTAX
    assert diagnostic.message == "unexpected character '$'"
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (2, 12)
    assert diagnostic.hint == "expected `{`"


def test_a_missing_string_names_the_expected_quoted_text():
    _, _, reporter = parse_text('vocabulary form {\n  - proceedings en "Proceedings" vi\n}\n')
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.message == "unexpected `}`"
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (3, 1)
    assert diagnostic.hint == 'expected a "quoted text"'


def test_what_is_expected_is_the_few_things_that_fit_grouped_in_words():
    """Not "one of 33 things": what fits after a complete statement in a clause, grouped by what it starts."""
    _, _, reporter = parse_text("article 4 { clause 1 { session_hours 4 4 } }\n")
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.primary.span.col == 40
    assert diagnostic.message == "unexpected number `4`"
    assert diagnostic.hint == ("expected `}` (to close `clause 1`), a statement (`certify`, `activity`, `cap`, ...) "
                               "or a provision's text or part (`text`, `title`, `clause`, ...)")


def test_what_is_expected_at_the_top_level_names_the_items_there():
    _, _, reporter = parse_text('instrument "X" { kind circular }\n4\n')
    assert only_diagnostic(reporter).hint == (
        "expected the end of the file, a statement (`certify`, `activity`, `cap`, ...) "
        "or a top-level item (`article`, `chapter`, `instrument`, ...)")


def test_a_block_left_open_at_the_end_of_the_file_is_reported_at_its_brace():
    tree, _, reporter = parse_text("article 4 {\n  clause 1 {\n")
    assert tree is None
    diagnostics = reporter.sorted()
    assert [(d.code, d.primary.span.line, d.primary.span.col, d.message) for d in diagnostics] == [
        (codes.SYNTAX, 1, 1, "`article 4` is not closed: its `{` on line 1 has no `}`"),
        (codes.SYNTAX, 2, 3, "`clause 1` is not closed: its `{` on line 2 has no `}`")]
    assert diagnostics[0].hint == "add its `}`: the file ends while it is open"
    span = diagnostics[1].primary.span
    assert (span.end_line, span.end_col) == (2, 13)      # `clause 1 {`: the words that open it and its brace


BLOCK_LEFT_OPEN = """\
article 4 {
  clause 1 {
    point a {
      activity in criminal
    point b {
      activity in criminal
    }
  }
  clause 3 {
    certify 4.1.a by judge
  }
}
""" + "\n".join(f'article {n} {{\n  clause 1 {{\n    text en "Filler."\n  }}\n}}' for n in range(5, 15)) + "\n"


def test_a_block_left_open_in_the_middle_is_reported_where_it_opens_not_where_the_file_ends():
    """The parser alone would see the file end inside article 4, 50 lines below; the indentation says
    which block lacks its `}` and where it should have ended."""
    _, _, reporter = parse_text(BLOCK_LEFT_OPEN)
    diagnostic = only_diagnostic(reporter)
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (3, 5)
    assert diagnostic.message == "`point a` is not closed: its `{` on line 3 has no `}`"
    assert diagnostic.hint == "add its `}` before line 5, where its indentation shows the block ends"


def test_a_brace_of_a_real_file_left_out_is_reported_at_its_own_block(root):
    """`}` of a rule file of the law removed one at a time (a sample of those alone on their line): one
    error each, at the line of its `{`."""
    text = (root / "rules/circular-02-2021/chapter-3-fixed-time.rules").read_text(encoding="utf-8")
    lexical = parse._Lexical(text)
    pairs, stack = [], []
    for offset, brace in lexical.braces:
        if brace == "{":
            stack.append(offset)
        elif lexical.first_on_line(offset):
            pairs.append((stack.pop(), offset))
        else:
            stack.pop()
    sample = pairs[::3]
    assert len(sample) >= 8
    for opening, closing in sample:
        _, _, reporter = parse_text(text[:closing] + text[closing + 1:])
        assert [d.primary.span.line for d in reporter.sorted()] == [text.count("\n", 0, opening) + 1], closing


def test_an_empty_file_is_valid_and_has_no_items():
    tree, rule_file, reporter = parse_text("")
    assert reporter.diagnostics == []
    assert rule_file.items == ()


def test_an_impossible_date_is_E0003():
    text = "article 12 {\n  clause 1 {\n    in_force 2021-02-30\n  }\n}\n"
    _, _, reporter = parse_text(text)
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.BAD_DATE
    assert diagnostic.message == "`2021-02-30` is not a real calendar date"
    span = diagnostic.primary.span
    assert (span.line, span.col, span.end_col) == (3, 14, 24)


def test_an_impossible_date_in_a_parameter_value_is_E0003_too():
    _, _, reporter = parse_text("parameter p {\n  value 1 from 2020-01-01 until 2023-02-29\n}\n")
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.BAD_DATE
    assert diagnostic.message == "`2023-02-29` is not a real calendar date"


def test_a_leap_day_is_a_real_date():
    _, rule_file, reporter = parse_text("article 12 {\n  clause 1 {\n    in_force 2024-02-29\n  }\n}\n")
    assert reporter.diagnostics == []


def test_an_unknown_escape_in_a_string_is_E0002():
    _, _, reporter = parse_text('article 4 {\n  text en "a \\q b"\n}\n')
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.BAD_STRING
    assert diagnostic.message == "unknown escape `\\q` in a string"
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (2, 11)


def test_known_escapes_are_read():
    _, rule_file, reporter = parse_text('article 4 {\n  text en "say \\"hi\\", C:\\\\dir, tab\\there\\nnext"\n}\n')
    assert reporter.diagnostics == []
    text = rule_file.items[0].items[0]
    assert text.text == 'say "hi", C:\\dir, tab\there\nnext'


def test_dd_written_as_the_vietnamese_letter_reads_as_dd_in_citations_and_point_numbers():
    text = ("article 4 {\n  clause 1 {\n    point đ {\n      activity in criminal\n    }\n  }\n"
            "  clause 3 {\n    certify 4.1.đ by accused\n  }\n}\n")
    _, rule_file, reporter = parse_text(text)
    assert reporter.diagnostics == []
    article = rule_file.items[0]
    clause_1, clause_3 = article.items
    point = clause_1.items[0]
    assert (point.level, point.number) == ("point", "dd")
    certify = clause_3.items[0]
    assert isinstance(certify, ast.Certify)
    citation = certify.activities[0]
    assert (citation.article, citation.clause, citation.point) == ("4", 1, "dd")
    assert str(citation) == "4.1.dd"


def test_dd_and_the_vietnamese_letter_give_the_same_ast():
    _, with_d, _ = parse_text("article 4 { clause 1 { point đ { certify 4.1.đ by accused } } }\n")
    _, with_dd, _ = parse_text("article 4 { clause 1 { point dd { certify 4.1.dd by accused } } }\n")
    assert with_d.items == with_dd.items   # spans are ignored by equality


def test_point_letters_f_and_j_do_not_exist_in_vietnamese_law():
    """Contract §2: point letters are a b c d dd(đ) e g h i k l m n; `f` and `j` are not points."""
    for letter in ("f", "j"):
        tree, _, reporter = parse_text(f"article 4 {{\n  clause 1 {{\n    point {letter} {{\n    }}\n  }}\n}}\n")
        assert tree is None, f"`point {letter}` was accepted"
        assert only_diagnostic(reporter).code is codes.SYNTAX


def test_a_citation_of_point_f_is_rejected():
    tree, _, reporter = parse_text("article 4 {\n  clause 3 {\n    certify 4.1.f by judge\n  }\n}\n")
    assert tree is None, "`4.1.f` was accepted as a citation"
    assert only_diagnostic(reporter).code is codes.SYNTAX


def test_the_parser_is_built_once():
    assert parse.parser() is parse.parser()


# -- errors where they begin, several per file --------------------------------------------------

def test_a_text_never_closed_is_reported_at_its_opening_quote():
    text = 'article 4 {\n  clause 1 {\n    text en "Working time.\n    text vi "Thời gian."\n    activity in criminal\n  }\n}\n'
    tree, _, reporter = parse_text(text)
    assert tree is None
    diagnostic = only_diagnostic(reporter)
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (3, 13)     # its `"`
    assert (diagnostic.primary.span.end_line, diagnostic.primary.span.end_col) == (3, 14)
    assert diagnostic.message == "this text is never closed: its closing quote is missing"
    assert diagnostic.hint == 'end the text with `"` (it seems to end on line 3); a `"` inside a text is written `\\"`'


def test_a_text_over_several_lines_left_open_says_on_which_line_it_seems_to_end():
    text = ('article 4 {\n  clause 1 {\n'
            '    text en "Working time based on actual working sessions applies to legal aid\n'
            '      cases in the form of participation in proceedings, when the legal\n'
            '      aid-providing person chooses it.\n'
            '      (INF: "the translation corrected")\n'
            '    activity in criminal\n  }\n}\n')
    diagnostic = only_diagnostic(parse_text(text)[2])
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (3, 13)
    assert "(it seems to end on line 5)" in diagnostic.hint


def test_the_last_text_of_a_file_never_closed_is_reported_at_its_quote():
    diagnostic = only_diagnostic(parse_text('article 4 {\n  clause 1 {\n    text en "abc\n  }\n}\n')[2])
    assert diagnostic.message == "this text is never closed: its closing quote is missing"
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (3, 13)


def test_a_text_without_its_opening_quote_is_reported_where_it_starts():
    diagnostic = only_diagnostic(parse_text('vocabulary form {\n  - proceedings en Participation" vi "Tham gia"\n}\n')[2])
    assert diagnostic.message == "a text is expected here, and its opening quote is missing"
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col) == (2, 20)
    assert diagnostic.hint == 'start the text with `"`'


def test_a_quote_inside_a_text_is_reported_with_a_hint_to_escape_it():
    diagnostics = parse_text('article 4 {\n  text en "He said "hi" to me"\n}\n')[2].sorted()
    assert [(d.primary.span.line, d.primary.span.col, d.message, d.hint) for d in diagnostics] == [
        (2, 20, "this quote ends the text too early", 'a `"` inside a text is written `\\"`'),
        (2, 23, "this quote ends the text too early", 'a `"` inside a text is written `\\"`')]


def test_a_misspelt_keyword_gets_did_you_mean_and_the_file_is_read_on():
    text = "artcle 4 {\n  clause 1 {\n    certfy 4.1.a by judge\n    day_limit 24 hour counting accepted_entries\n  }\n}\n"
    tree, _, reporter = parse_text(text)
    assert tree is None
    got = [(d.primary.span.line, d.primary.span.col, d.message, d.hint) for d in reporter.sorted()]
    assert got == [(1, 1, "unexpected name `artcle`", "did you mean `article`?"),
                   (3, 5, "unexpected name `certfy`", "did you mean `certify`?"),
                   (4, 18, "unexpected name `hour`", "did you mean `hours`?")]


def test_a_keyword_written_with_a_capital_gets_did_you_mean():
    diagnostic = only_diagnostic(parse_text("Article 4 {\n  clause 1 { activity in criminal }\n}\n")[2])
    assert (diagnostic.message, diagnostic.hint) == ("unexpected name `Article`", "did you mean `article`?")


def test_several_errors_of_a_file_are_all_reported_each_once():
    text = ("article 4 {\n"
            "  clause 1 {\n"
            "    session_hours 4 4\n"           # 3: a number too many
            "    certify 4.1.a judge\n"         # 4: `by` missing
            "    activity criminal\n"           # 5: `in` missing
            "  }\n"
            "  clause 2 $\n"                    # 7: a sign the language does not have
            "}\n"
            "parameter rate {\n"
            "  value 1 from 2020-01-01 until\n"  # 10: the date missing (seen at the next word)
            "  unit vnd\n"
            "}\n")
    tree, _, reporter = parse_text(text)
    assert tree is None
    assert [(d.primary.span.line, d.message) for d in reporter.sorted()] == [
        (3, "unexpected number `4`"), (4, "unexpected name `judge`"), (5, "unexpected name `criminal`"),
        (7, "unexpected character '$'"), (11, "unexpected `unit`")]


def test_a_block_that_cannot_be_read_is_skipped_whole_without_errors_in_it():
    """`foo 4 {` opens a block the parser cannot place: its statements are not read at the top level,
    where they would each be an error, nor is its `}`."""
    text = "foo 4 {\n  clause 1 {\n    activity in criminal\n  }\n}\narticle 5 {\n  clause 1 { activity in criminal }\n}\n"
    diagnostic = only_diagnostic(parse_text(text)[2])
    assert (diagnostic.primary.span.line, diagnostic.message) == (1, "unexpected name `foo`")


def test_a_brace_that_opens_nothing_is_one_error():
    diagnostic = only_diagnostic(parse_text('article 4 {\n  clause 1 {\n    { text en "x"\n  }\n}\n')[2])
    assert (diagnostic.primary.span.line, diagnostic.primary.span.col, diagnostic.message) == (3, 5, "unexpected `{`")


def test_errors_of_every_kind_in_one_file_are_each_where_they_begin():
    text = ("artcle 3 {\n"
            "  clause 1 {\n"
            '    text en "An actual working session is 04 hours.\n'
            "    session_hours 4\n"
            "  }\n"
            "}\n"
            "article 4 {\n"
            "  clause 1 {\n"
            "    point a {\n"
            "      activity in criminal\n"
            "    point b {\n"
            "      activity in criminal\n"
            "    }\n"
            "  }\n"
            "  clause 3 {\n"
            "    certfy 4.1.a by judge\n"
            "  }\n"
            "}\n")
    assert [(d.primary.span.line, d.message) for d in parse_text(text)[2].sorted()] == [
        (1, "unexpected name `artcle`"),
        (3, "this text is never closed: its closing quote is missing"),
        (9, "`point a` is not closed: its `{` on line 9 has no `}`"),
        (16, "unexpected name `certfy`")]


def test_a_file_with_errors_gives_no_tree_and_a_good_file_its_tree():
    reporter = Reporter()
    assert parse.run(SourceFile.from_text("a.rules", "article 4 {\n  certfy 4.1.a by judge\n}\n"), reporter) is None
    assert reporter.has_errors
    reporter = Reporter()
    assert isinstance(parse.run(SourceFile.from_text("a.rules", "article 4 {\n  certify 4.1.a by judge\n}\n"), reporter), Tree)
    assert reporter.diagnostics == []


def test_syntax_errors_are_worded_in_vietnamese_too():
    source = SourceFile.from_text("a.rules", "article 4 {\n  clause 1 {\n    certfy 4.1.a by judge\n")
    reporter = Reporter()
    parse.run(source, reporter)
    first, _, misspelt = (render(d, {"a.rules": source}, "vi").splitlines() for d in reporter.sorted())
    assert first[0] == "a.rules:1:1: error[E0001]: `article 4` chưa được đóng: dấu `{` ở dòng 1 không có dấu `}` tương ứng"
    assert first[-1] == "gợi ý: thêm dấu `}`: tệp đã hết mà khối vẫn mở"
    assert misspelt[-1] == "gợi ý: có phải ý bạn là `certify`?"
