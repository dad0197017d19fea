"""Pass 1 (parse.py) and the token-level checks of pass 2: text -> tree, syntax errors as E0001.

Contract §1: a syntax error is reported as `FILE:LINE:COL: error[E0001]: message` with a hint
saying what was expected; E0002 (unknown escape) and E0003 (impossible date) are reported while
the tokens become values, so they are tested here with the parser that produces those tokens.
"""
from __future__ import annotations

from lark import Tree

from compiler import ast, codes, from_tree, parse
from compiler.diagnostics import Reporter
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


def test_a_long_list_of_expected_things_is_shortened_in_the_hint():
    _, _, reporter = parse_text("article 4 { clause 1 { session_hours 4 4 } }\n")
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.primary.span.col == 40
    assert diagnostic.hint.startswith("expected one of ")
    assert "such as" in diagnostic.hint and "`activity`" in diagnostic.hint


def test_an_unterminated_block_says_the_file_ended_unexpectedly():
    tree, _, reporter = parse_text("article 4 {\n  clause 1 {\n")
    assert tree is None
    diagnostic = only_diagnostic(reporter)
    assert diagnostic.code is codes.SYNTAX
    assert diagnostic.message == "the file ended unexpectedly (is a `}` missing?)"
    assert diagnostic.primary.span.line == 2      # the last line with text, where the `{` is left open


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
