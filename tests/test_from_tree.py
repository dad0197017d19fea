"""Pass 2 (from_tree.py): the Lark tree becomes the surface AST, on every real rule file.

What the pass guarantees (house style rules 3-4): no Lark `Tree` or `Token` survives into the AST,
every node carries a span into its own file, strings are unescaped and their line wrapping is
folded to single spaces, and a grammar rule without a builder is a compiler bug (InternalError),
never a stray Tree.
"""
from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lark import Token, Tree

from compiler import ast, from_tree, parse
from compiler.diagnostics import InternalError, Reporter
from compiler.digest import rule_files
from compiler.source import SourceFile, Span


def load_all(rules_dir: Path) -> list[tuple[SourceFile, ast.RuleFile]]:
    reporter = Reporter()
    out = []
    for path in rule_files(rules_dir):
        shown = path.relative_to(rules_dir.parent).as_posix()
        source = SourceFile.read(path, shown)
        tree = parse.run(source, reporter)
        assert tree is not None, [str(d.primary.span) + " " + d.message for d in reporter.diagnostics]
        out.append((source, from_tree.run(tree, source, reporter)))
    assert reporter.diagnostics == []
    return out


def walk(value, path="file"):
    """Yield (path, value) for the value and everything inside it (dataclass fields, tuples)."""
    yield path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if not f.name.endswith("span"):   # spans (span, target_span, ...) are checked on their own
                yield from walk(getattr(value, f.name), f"{path}.{type(value).__name__}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]")


@pytest.fixture(scope="module")
def real_files():
    rules_dir = Path(__file__).resolve().parent.parent / "rules"
    files = load_all(rules_dir)
    assert len(files) >= 8
    return files


def test_no_lark_tree_or_token_survives_in_the_ast(real_files):
    leaks = [(source.name, path, repr(value)[:60]) for source, rule_file in real_files
             for path, value in walk(rule_file) if isinstance(value, (Tree, Token))]
    assert leaks == []


def test_every_value_in_the_ast_is_a_node_or_a_plain_python_value(real_files):
    allowed = (ast.Node, str, int, Decimal, datetime.date, tuple, type(None))
    odd = [(source.name, path, type(value).__name__) for source, rule_file in real_files
           for path, value in walk(rule_file)
           if not isinstance(value, allowed) or (isinstance(value, str) and type(value) is not str)]
    assert odd == []


def test_every_node_has_a_span_in_its_own_file_with_consistent_positions(real_files):
    problems = []
    for source, rule_file in real_files:
        lines = source.text.count("\n") + 1
        for path, node in walk(rule_file):
            if not isinstance(node, ast.Node):
                continue
            span = node.span
            if not isinstance(span, Span) or span.file != source.name:
                problems.append((source.name, path, "span file", getattr(span, "file", None)))
                continue
            if not (1 <= span.line <= span.end_line <= lines and 0 <= span.start <= span.end <= len(source.text)):
                problems.append((source.name, path, "span out of the file", span))
            elif source.position(span.start) != (span.line, span.col):
                problems.append((source.name, path, "line/col do not match the offset", span))
    assert problems == []


def test_name_and_citation_spans_cover_exactly_what_is_written(real_files):
    problems = []
    for source, rule_file in real_files:
        for path, node in walk(rule_file):
            written = source.text[node.span.start:node.span.end] if isinstance(node, ast.Node) else None
            if isinstance(node, ast.Name) and written != node.value:
                problems.append((source.name, path, written, node.value))
            if isinstance(node, ast.Citation) and written.replace("đ", "dd") != str(node):
                problems.append((source.name, path, written, str(node)))
            if isinstance(node, ast.Provision) and not written.startswith(f"{node.level} "):
                problems.append((source.name, path, written[:20], node.level))
    assert problems == []


def test_statements_start_on_the_line_where_they_are_written(real_files):
    """A diagnostic about a statement points at its first line (e.g. `certify 4.1.a by ...`)."""
    source, rule_file = next((s, f) for s, f in real_files if s.name.endswith("chapter-2-actual-sessions.rules"))
    certifies = [node for _, node in walk(rule_file) if isinstance(node, ast.Certify)]
    first = certifies[0]
    assert source.line_text(first.span.line).strip() == "certify 4.1.a by presiding_person, presiding_agency"


def test_strings_are_unescaped():
    """A quote and a backslash are written escaped (`\\"`, `\\\\`) and read as themselves."""
    text = 'vocabulary v {\n  note en "Decree 144/2017 says \\"from 01/01/2018\\" (a \\\\ b)"\n}\n'
    source = SourceFile.from_text("rules/v.rules", text)
    reporter = Reporter()
    rule_file = from_tree.run(parse.run(source, reporter), source, reporter)
    [note] = [node for _, node in walk(rule_file) if isinstance(node, ast.LangText)]
    assert note.text == 'Decree 144/2017 says "from 01/01/2018" (a \\ b)'
    assert not reporter.diagnostics


def test_strings_are_whitespace_folded(real_files):
    """A string written over several lines reads as one line with single spaces."""
    problems = []
    for source, rule_file in real_files:
        for path, value in walk(rule_file):
            if isinstance(value, str) and ("\n" in value or "\t" in value or "  " in value
                                           or value != value.strip()):
                problems.append((source.name, path, value[:70]))
    assert problems == []


def test_a_wrapped_text_is_joined_with_one_space(real_files):
    source, rule_file = next((s, f) for s, f in real_files if s.name.endswith("instrument.rules"))
    instrument = rule_file.items[0]
    english = next(t.text for t in instrument.texts if t.kind == "title" and t.lang == "en")
    assert english == ("Circular on guidelines for calculating working time based on actual working sessions "
                       "and fixed working time for legal aid case")


def test_a_member_keeps_both_labels_and_its_provenance(real_files):
    _, vocabulary_file = next((s, f) for s, f in real_files if s.name.endswith("vocabulary.rules"))
    vocabularies = {v.id.value: v for v in vocabulary_file.items}
    serious = next(m for m in vocabularies["offense_class"].members if m.id.value == "serious")
    assert [(t.lang, t.text) for t in serious.texts] == [("en", "Serious offense"), ("vi", "Tội phạm nghiêm trọng")]
    assert serious.provenance.confidence == "C2" and serious.provenance.detail is None


def test_every_grammar_rule_has_a_builder():
    """A rule or alias that reaches the Transformer must have a method (else __default__ raises)."""
    missing = set()
    for rule in parse.parser().rules:
        name = str(rule.alias or rule.origin.name)
        inlined = name.startswith("_") or (rule.alias is None and rule.options.expand1)
        if not inlined and not hasattr(from_tree._ToAst, name):
            missing.add(name)
    assert missing == set()


def test_an_unknown_rule_raises_internal_error_not_a_stray_tree():
    source = SourceFile.from_text("rules/x.rules", "")
    tree = Tree("start", [Tree("no_such_rule", [])])
    with pytest.raises(InternalError, match="no_such_rule"):
        from_tree.run(tree, source, Reporter())
