"""The official text beside the rules (official.py) and the fidelity check (fidelity.py): the rule
files quote the law word for word, and a drift is a located diagnostic."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler import official
from compiler.diagnostics import Reporter
from compiler.pipeline import compile_rules
from compiler.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
CIRCULAR = ROOT / "rules" / "circular-02-2021"


def parsed(text: str, reporter: Reporter | None = None) -> official.OfficialText:
    return official.parse(SourceFile.from_text("rules/law.vi.txt", text), "TEST", "vi", reporter or Reporter())


def test_the_official_text_of_the_circular_has_its_twelve_articles_and_their_parts():
    reporter = Reporter()
    text = official.read(CIRCULAR / "official-text.vi.txt", "official-text.vi.txt", "02/2021/TT-BTP", "vi", reporter,
                         SourceFile.from_text("x", "").span(0, 0))
    assert not reporter.diagnostics
    assert text.articles() == [str(n) for n in range(1, 13)]
    assert [c for c in text.provisions if c.startswith("4.1.")] == [
        f"4.1.{p}" for p in ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l")]
    assert "10.5" not in text.provisions and "12.3" not in text.provisions and "8.4.dd" not in text.provisions
    assert text.provisions["6"].title == "Thời gian tham gia tố tụng hành chính"
    # the paragraph after the points of 8.3 follows 8.3.b; a paragraph of an article without clauses is the article's
    closing = next(p for p in text.paragraphs if p.text.startswith("Nếu người được cử thay thế lựa chọn hình thức khoán chi"))
    assert (closing.home, closing.opens) == ("8.3.b", False)
    assert next(p for p in text.paragraphs if p.text.startswith("Đối với các hoạt động phát sinh")).home == "11"


def test_paragraphs_are_compared_as_words_nfc_and_single_spaces():
    decomposed = "Tie\u0302\u0301ng  Vie\u0323\u0302t\u00a0x"   # ế, ệ written as base letters and combining marks
    assert official.words(decomposed) == "Tiếng Việt x"


def test_clauses_and_points_out_of_order_are_located():
    reporter = Reporter()
    parsed("# comment\nĐiều 1. A\n1. one\n3. three\na) x\nc) y\n", reporter)
    assert [(d.code.code, d.primary.span.line, d.message) for d in reporter.sorted()] == [
        ("E0221", 4, "clause 3 of article 1 comes where clause 2 was expected"),
        ("E0221", 6, "point c of clause 1.3 comes where point b was expected")]


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def test_the_rules_quote_the_official_texts_without_a_drift():
    compilation = compile_rules(ROOT / "rules", generate=False)
    fidelity = [d for d in compilation.reporter.diagnostics if d.code.code.startswith(("E022", "W0304"))]
    assert compilation.ok and fidelity == []


def test_one_changed_word_in_a_rule_file_is_a_located_drift(rules_copy):
    chapter = rules_copy / "circular-02-2021" / "chapter-2-actual-sessions.rules"
    text = chapter.read_text(encoding="utf-8")
    assert text.count("Tham gia hỏi cung bị can hoặc lấy lời khai") == 1
    chapter.write_text(text.replace("Tham gia hỏi cung bị can hoặc lấy lời khai", "Tham gia hỏi cung bị can và lấy lời khai"),
                       encoding="utf-8")
    line = next(n for n, l in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1) if "hỏi cung bị can và" in l)
    compilation = compile_rules(rules_copy, generate=False)
    [drift] = [d for d in compilation.reporter.errors()]
    assert (drift.code.code, drift.primary.span.file, drift.primary.span.line) == (
        "E0222", "rules/circular-02-2021/chapter-2-actual-sessions.rules", line)
    assert drift.message == "`text vi` of 02/2021/TT-BTP 4.1.a differs from the official text"
    assert drift.hint == "the official text has «…cung bị can hoặc lấy lời khai…», this text has «…cung bị can và lấy lời khai…»"
    assert drift.secondary[0].span.file == "rules/circular-02-2021/official-text.vi.txt"


def test_a_provision_the_law_does_not_have_is_an_error(rules_copy):
    """Art. 10 has no clause 5 in the official text: writing one back is a located error."""
    chapter = rules_copy / "circular-02-2021" / "chapter-3-fixed-time.rules"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.rstrip()[:-1].rstrip()[:-1] + '  clause 5 {\n      pending "Not known."\n    }\n  }\n}\n',
                       encoding="utf-8")
    compilation = compile_rules(rules_copy, generate=False)
    assert [(d.code.code, d.message) for d in compilation.reporter.errors()] == [
        ("E0224", "02/2021/TT-BTP clause 10.5 is not in the official text (rules/circular-02-2021/official-text.vi.txt)")]


def test_a_missing_official_text_file_is_a_located_error(rules_copy):
    (rules_copy / "law-11-2017" / "official-text.vi.txt").unlink()
    compilation = compile_rules(rules_copy, generate=False)
    [error] = compilation.reporter.errors()
    assert error.code.code == "E0220" and error.primary.span.file == "rules/law-11-2017/law.rules"
    assert error.message == ("the official text of 11/2017/QH14 cannot be read: "
                             "rules/law-11-2017/official-text.vi.txt (FileNotFoundError)")


def test_a_provision_that_says_nothing_of_how_it_is_encoded_is_a_warning(rules_copy):
    """Decree 144/2017 Art. 13.6 is left out on purpose (`informative`); without that, it is unaccounted."""
    decree = rules_copy / "decree-144-2017" / "decree.rules"
    text = decree.read_text(encoding="utf-8")
    start = text.index('    informative "The Ministry of Justice\'s guidance')
    end = text.index('decree."', start) + len('decree."\n')
    decree.write_text(text[:start] + text[end:], encoding="utf-8")
    compilation = compile_rules(rules_copy, generate=False)
    assert compilation.ok
    assert [d.message for d in compilation.reporter.warnings() if d.code.code == "W0304"] == [
        "144/2017/NĐ-CP clause 13.6 is neither encoded nor marked pending or left out"]
