"""`regc fmt`: one canonical layout, idempotent, the AST and every comment kept, texts wrapped only
where the compiler reads the same text.

Every rule file of rules/, tests/golden/rules/, examples/draft-2026/ and the diagnostics fixtures that
parse is formatted from a copy in tmp_path (the project's files are never written). The comments are
found here with Lark's own way of keeping them (a lexer callback), not with the formatter's.
"""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from lark import Lark, Tree
from programs import regc

from compiler import fmt, from_tree, parse
from compiler.diagnostics import Reporter
from compiler.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"


def _parses(path: Path) -> bool:
    return parse.run(SourceFile.from_text(path.name, path.read_text(encoding="utf-8")), Reporter()) is not None


RULE_FILES = sorted(
    [*(ROOT / "rules").rglob("*.rules"), *(ROOT / "tests" / "golden" / "rules").rglob("*.rules"),
     *(ROOT / "examples" / "draft-2026").rglob("*.rules"),
     *(p for p in (ROOT / "tests" / "diagnostics").rglob("*.rules") if _parses(p))])
IDS = [p.relative_to(ROOT).as_posix() for p in RULE_FILES]


# -- what is compared: the AST and the comments ---------------------------------------------

def ast_of(text: str):
    source = SourceFile.from_text("file.rules", text)
    tree = parse.run(source, Reporter())
    assert tree is not None
    return from_tree.run(tree, source, Reporter())


_COMMENTS: list = []


@functools.cache
def _commenting_parser() -> Lark:
    """The grammar with a callback that keeps every comment Lark's lexer drops (Lark's documented way)."""
    return Lark(parse.GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer_callbacks={"COMMENT": _COMMENTS.append})


def comments_in_place(text: str) -> list[tuple[str, str, str]]:
    """Each comment with where it stands: ("after", the token it follows on its line) or ("before", the
    token it precedes, on a line of its own); tokens compared as the compiler reads them."""
    _COMMENTS.clear()
    _commenting_parser().parse(text)
    comments = list(_COMMENTS)
    tokens = list(parse.parser().parse_interactive(text).iter_parse())
    placed = []
    for comment in comments:
        before = [t for t in tokens if t.end_pos <= comment.start_pos]
        after = [t for t in tokens if t.start_pos >= comment.end_pos]
        trailing = bool(before) and "\n" not in text[before[-1].end_pos:comment.start_pos]
        anchor = before[-1] if trailing else (after[0] if after else None)
        seen = re.sub(r"\s+", " ", str(anchor)) if anchor is not None else "(end of file)"
        placed.append((str(comment).rstrip(), "after" if trailing else "before", seen))
    return placed


# -- every rule file of the project ------------------------------------------------------------

@pytest.mark.parametrize("path", RULE_FILES, ids=IDS)
def test_formatting_keeps_the_ast_and_the_comments_and_is_idempotent(tmp_path, path):
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before = copy.read_text(encoding="utf-8")
    formatted = fmt.format_text(before, str(copy))
    assert ast_of(formatted) == ast_of(before)
    assert comments_in_place(formatted) == comments_in_place(before)
    assert fmt.format_text(formatted, str(copy)) == formatted


def test_the_formatted_project_files_respect_the_width():
    """A line of the result is longer than 110 columns only where nothing can be wrapped (an address);
    a comment after a statement is not counted (it is never moved, so never wrapped)."""
    for path in RULE_FILES:
        formatted = fmt.format_text(path.read_text(encoding="utf-8"), path.name)
        _COMMENTS.clear()
        _commenting_parser().parse(formatted)
        for comment in reversed(_COMMENTS):
            formatted = formatted[:comment.start_pos].rstrip(" ") + formatted[comment.end_pos:]
        for line in formatted.splitlines():
            if len(line) > fmt.WIDTH:
                assert max(len(word) for word in line.split()) >= 60, (path, line)


def test_regc_fmt_on_a_copy_of_rules_writes_one_statement_a_line(capsys, tmp_path):
    """rules/ has no one-line blocks: once formatted, every statement and block starts a line of its own,
    and every file says what it said."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    assert regc(capsys, "--rules", rules, "fmt")[0] == 0
    for path in sorted(rules.rglob("*.rules")):
        text = path.read_text(encoding="utf-8")
        assert ast_of(text) == ast_of((ROOT / "rules" / path.relative_to(rules)).read_text(encoding="utf-8"))
        tree = parse.run(SourceFile.from_text(path.name, text), Reporter())
        assert tree is not None
        for node in tree.iter_subtrees():
            if node.data != "start" and node.data not in fmt._BLOCKS:
                continue
            brace = text.find("{", node.meta.start_pos) if node.data != "start" else -1
            for child in node.children:
                if isinstance(child, Tree) and child.meta.start_pos > brace:
                    line_start = text.rfind("\n", 0, child.meta.start_pos) + 1
                    assert not text[line_start:child.meta.start_pos].strip(), (path.name, child.meta.line)


def test_the_formatted_text_is_checked_before_it_is_written(monkeypatch):
    """A wrap where the compiler would read something else is caught, whatever the bug that made it."""
    text = 'article 1 {\n  text en "' + "word " * 30 + 'the legal aid-providing person"\n}\n'
    monkeypatch.setattr(fmt, "_words", lambda text: re.split(r"[ -]", text))   # a bug: it drops the hyphen
    with pytest.raises(AssertionError, match="would change what"):
        fmt.format_text(text, "file.rules")


# -- the canonical layout ----------------------------------------------------------------------

def test_a_messy_file_gets_the_canonical_layout():
    messy = (FIXTURES / "messy.rules").read_text(encoding="utf-8")
    expected = (FIXTURES / "messy.expected.rules").read_text(encoding="utf-8")
    assert fmt.format_text(messy) == expected
    assert fmt.format_text(expected) == expected
    assert comments_in_place(expected) == comments_in_place(messy)
    assert len(comments_in_place(messy)) == 8


def test_one_line_forms_stay_while_they_fit():
    text = ('article 4 {\n'
            '  clause 3 {\n'
            '    point a { certify 4.1.a by judge }  # E: a trailing comment stays after the block\n'
            '    point b {   activity in criminal   certify 4.1.b by judge }\n'
            '  }\n'
            '}\n')
    assert fmt.format_text(text) == text.replace("{   activity in criminal   certify", "{ activity in criminal  certify")
    member = 'vocabulary v {\n  - a en "A" vi "Một"\n}\n'
    assert fmt.format_text(member) == member
    long_one = 'article 1 { clause 1 { text en "' + "word " * 25 + 'end."  in_force 2027-03-01 } }\n'
    formatted = fmt.format_text(long_one)
    assert formatted.splitlines()[:2] == ["article 1 {", "  clause 1 {"]
    assert "    in_force 2027-03-01" in formatted.splitlines()


def test_texts_are_wrapped_at_single_spaces_only():
    words = " ".join(["word"] * 40)
    text = f'article 1 {{\n  text en "{words}  two spaces {words}"\n  text en "{words} 20 % sign"\n}}\n'
    formatted = fmt.format_text(text)
    assert all(len(line) <= fmt.WIDTH for line in formatted.splitlines())
    assert "word  two" in formatted             # never wrapped where the compiler would read one space
    assert "20 %" in formatted                  # nor before a sign
    assert ast_of(formatted) == ast_of(text)


def test_a_wrapped_text_is_re_filled_whatever_its_line_breaks():
    one = 'article 1 {\n  text en "' + " ".join(f"w{i}" for i in range(60)) + '"\n}\n'
    other = one.replace(" w20 ", "\n     w20\n        ").replace(" w40 ", "\n  w40 ")
    assert fmt.format_text(other) == fmt.format_text(one)


def test_comment_only_empty_and_crlf_files():
    assert fmt.format_text("") == ""
    assert fmt.format_text("# only\n\n\n# comments") == "# only\n\n# comments\n"
    assert fmt.format_text('article 1 {\r\n  text en "a\r\n   b"  # c\r\n}\r\n') == 'article 1 {\n  text en "a b"  # c\n}\n'


# -- the command ---------------------------------------------------------------------------------

@pytest.fixture
def rules(tmp_path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    return copy


def test_check_lists_what_would_change_and_writes_nothing(capsys, rules):
    assert regc(capsys, "--rules", rules, "fmt")[0] == 0   # whether or not rules/ is formatted yet
    messy = rules / "messy.rules"
    shutil.copyfile(FIXTURES / "messy.rules", messy)
    before = {p: p.read_bytes() for p in rules.rglob("*.rules")}
    code, _, err = regc(capsys, "--rules", rules, "fmt", "--check")
    assert code == 1
    listed = [line for line in err.splitlines() if not line.startswith("regc:")]
    assert [Path(line).resolve() for line in listed] == [messy.resolve()]
    assert "regc: 1 of 11 rule files would change; run `regc fmt`" in err
    assert {p: p.read_bytes() for p in rules.rglob("*.rules")} == before


def test_fmt_then_check_is_clean(capsys, rules):
    code, _, err = regc(capsys, "--rules", rules, "fmt")
    assert code == 0, err
    code, _, err = regc(capsys, "--rules", rules, "fmt", "--check")
    assert code == 0, err
    assert "regc: 0 of 10 rule files would change" in err


def test_paths_files_and_folders(capsys, tmp_path, rules):
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "messy.rules", folder / "a.rules")
    shutil.copyfile(FIXTURES / "messy.expected.rules", folder / "b.rules")
    code, _, err = regc(capsys, "--rules", rules, "fmt", "--check", folder)
    assert code == 1
    assert [Path(line).resolve() for line in err.splitlines() if not line.startswith("regc:")] == [(folder / "a.rules").resolve()]
    assert regc(capsys, "--rules", rules, "fmt", folder / "a.rules")[0] == 0
    assert (folder / "a.rules").read_text(encoding="utf-8") == (FIXTURES / "messy.expected.rules").read_text(encoding="utf-8")


def test_a_path_that_does_not_exist_is_a_usage_error(capsys, rules, tmp_path):
    code, _, err = regc(capsys, "--rules", rules, "fmt", tmp_path / "nowhere.rules")
    assert code == 2
    assert "nowhere.rules" in err


def test_a_file_with_a_syntax_error_is_reported_and_left_untouched(capsys, rules, tmp_path):
    broken = tmp_path / "broken.rules"
    shutil.copyfile(ROOT / "tests" / "diagnostics" / "syntax_in_several_files" / "a.rules", broken)
    good = tmp_path / "good.rules"
    shutil.copyfile(FIXTURES / "messy.rules", good)
    before = broken.read_bytes()
    code, _, err = regc(capsys, "--rules", rules, "fmt", broken, good)
    assert code == 1
    assert re.search(r"broken\.rules:3:12: error\[E0001\]: unexpected character '\$'", err), err
    assert "help: expected `{`" in err
    assert broken.read_bytes() == before
    assert good.read_text(encoding="utf-8") == (FIXTURES / "messy.expected.rules").read_text(encoding="utf-8")
    code, _, _ = regc(capsys, "--rules", rules, "fmt", "--check", broken)
    assert code == 1
