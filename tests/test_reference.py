"""The rule language's reference (compiler/reference.py): an entry for every statement of the grammar,
each complete in both languages, and every example compiles without errors in a rule tree like rules/.

An example is written as it stands in a rule file (a statement, a field, a whole block); `wrapped()`
places it where it may stand: in a test instrument, an article and clause of it, an amending act, a
vocabulary, parameter or table. The tree it is compiled in is the pinned copy of rules/ (the ids,
parameters and tables the examples name) read together with a folder holding the wrapped example.
"""
from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from pinned import pinned_dir

from compiler import parse, reference
from compiler.diagnostics import Reporter
from compiler.pipeline import compile_rules
from compiler.source import SourceFile

# The rules whose alternatives are what a drafter writes as a line or a block, and the one piece of a
# statement documented on its own (the legal ground, `under "NUMBER" CITATION`).
ITEM_RULES = ("_item", "_statement", "instrument_field", "_chapter_item", "_provision_item", "interpretation_field",
              "_choice_field", "_option_item", "_vocabulary_field", "parameter_field", "table_field")
PIECES = ("ground",)


def grammar_statements() -> set[str]:
    """Every statement rule of the grammar: the alternatives of ITEM_RULES, each by its alias when it has one."""
    by_origin: dict[str, list] = collections.defaultdict(list)
    for rule in parse.parser().rules:
        by_origin[rule.origin.name].append(rule)

    def alternatives(name: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for rule in by_origin[name]:
            if rule.alias:
                found.add(str(rule.alias))
                continue
            [symbol] = rule.expansion   # an item rule's alternative without an alias is one rule
            child = symbol.name
            aliased = {str(r.alias) for r in by_origin[child] if r.alias}
            if child.startswith("_") or child in ITEM_RULES:
                found |= alternatives(child, seen | {name}) if child not in seen else set()
            elif aliased:
                found |= aliased
            else:
                found.add(child)
        return found

    return set().union(*(alternatives(name, frozenset()) for name in ITEM_RULES)) | set(PIECES)


def test_every_statement_of_the_grammar_has_an_entry():
    statements = grammar_statements()
    assert len(statements) > 80   # the walk above found the grammar's statements, not nothing
    missing = sorted(statements - set(reference.ENTRIES))
    assert not missing, f"compiler/reference.py has no entry for: {', '.join(missing)}"
    stale = sorted(set(reference.ENTRIES) - statements)
    assert not stale, f"compiler/reference.py documents what the grammar does not have: {', '.join(stale)}"


def test_entries_are_complete_in_both_languages():
    keys = [e.key for s in reference.SECTIONS for e in s.entries]
    assert len(keys) == len(set(keys)), "an entry is written twice"
    vietnamese = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)
    for section in reference.SECTIONS:
        assert section.en and vietnamese.search(section.vi), section.key
        for entry in section.entries:
            assert entry.syntax and "\n" not in entry.syntax, entry.key
            assert entry.en.strip() and entry.vi.strip() and entry.en != entry.vi, entry.key
            assert vietnamese.search(entry.vi), f"{entry.key}: the Vietnamese meaning has no Vietnamese letter"
            assert entry.where and set(entry.where) <= set(reference.PLACES), entry.key
            assert entry.example.strip(), entry.key


# -- every example compiles ------------------------------------------------------------------

TEST_INSTRUMENT = 'instrument "99/2026/TT-REF" { kind circular }\n'
ACT = 'instrument "98/2026/TT-REF" {{ kind circular  amends "{amends}" }}\n'
ACT_BODY = 'article 1 {{\n  clause 1 {{\n{example}\n  }}\n}}\narticle 2 {{ clause 1 {{ in_force {date} }} }}\n'
# Points 4.1.a and 4.1.b, activities in criminal proceedings (certified, unless the example certifies them).
ACTIVITIES = "  clause 1 {\n    point a { activity in criminal }\n    point b { activity in criminal }\n  }\n"
CERTIFIED = "  clause 3 { certify 4.1.a, 4.1.b by presiding_person }\n"
# What an instrument with validators (a `module`) must say.
VALIDATOR_NEEDS = ("article 1 { clause 1 { scope proceedings  method actual_sessions for proceedings  in_force 2026-01-01 } }\n"
                   "article 3 { clause 2 { session_hours 4  point a { remainder under 3 counts 0.5 }"
                   "  point b { remainder from 3 counts 1 } } }\n")

# The entries whose example needs a setting of its own; the others are placed by where they usually stand.
SETTINGS = {
    "inst_module": "module", "inst_official": "official", "inst_amends": "act_instrument", "example": "example",
    "activity": "activity", "certify": "certify", "activities_also": "activities", "cap_table": "activities",
    "ground": "activities", "remainder": "remainder", "hours_added": "option",
    "op_eligible_unconditional": "act_law", "op_add_eligible": "act_law", "op_change_parameter": "act_decree",
}


def indent(text: str, by: int) -> str:
    return "\n".join(" " * by + line for line in text.splitlines())


def wrapped(entry: reference.Entry) -> dict[str, str]:
    """The files of a folder in which the example stands where it may: name -> text."""
    example = entry.example
    setting = SETTINGS.get(entry.key, entry.where[0])
    body = {
        # At the top level, the example belongs to the test instrument unless it declares its own.
        "file": lambda: ("" if example.startswith(("instrument", "part of")) else TEST_INSTRUMENT) + example + "\n",
        "instrument": lambda: 'instrument "99/2026/TT-REF" {\n' + indent(example, 2) + "\n}\n",
        "module": lambda: 'instrument "99/2026/TT-REF" {\n  kind circular\n' + indent(example, 2) + "\n}\n" + VALIDATOR_NEEDS,
        "official": lambda: ('instrument "99/2026/TT-REF" {\n  kind circular\n' + indent(example, 2) + "\n}\n"
                             'article 1 {\n  title vi "Phạm vi điều chỉnh"\n}\n'),
        "act_instrument": lambda: ('instrument "98/2026/TT-REF" {\n  kind circular\n' + indent(example, 2) + "\n}\n"
                                   "article 1 { clause 1 { in_force 2027-07-01  change cap 8.1 per_case to 35 sessions in proceedings } }\n"),
        "chapter": lambda: TEST_INSTRUMENT + "chapter IX {\n" + indent(example, 2) + "\n}\n",
        "article": lambda: TEST_INSTRUMENT + "article 1 {\n" + indent(example, 2) + "\n}\n",
        "provision": lambda: TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n" + indent(example, 4) + "\n  }\n}\n",
        "clause": lambda: TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n" + indent(example, 4) + "\n  }\n}\n",
        "example": lambda: TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n" + indent(example, 4) + "\n  }\n}\n",
        "statement": lambda: TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n" + indent(example, 4) + "\n  }\n}\n",
        "point": lambda: TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n    point a {\n" + indent(example, 6) + "\n    }\n  }\n}\n",
        "activity": lambda: (TEST_INSTRUMENT + "article 4 {\n  clause 1 {\n    point a {\n" + indent(example, 6)
                             + "\n    }\n  }\n  clause 3 { certify 4.1.a by presiding_person }\n}\n"),
        "activities": lambda: TEST_INSTRUMENT + "article 4 {\n" + ACTIVITIES + "  clause 2 {\n" + indent(example, 4) + "\n  }\n" + CERTIFIED + "}\n",
        "certify": lambda: TEST_INSTRUMENT + "article 4 {\n" + ACTIVITIES + "  clause 3 {\n" + indent(example, 4) + "\n  }\n}\n",
        "remainder": lambda: (TEST_INSTRUMENT + "article 3 {\n  clause 2 {\n    session_hours 4\n    point a {\n" + indent(example, 6)
                              + "\n    }\n    point b { remainder from 3 counts 1 }\n  }\n}\n"),
        "interpretation": lambda: (TEST_INSTRUMENT + "article 1 {\n  clause 1 {\n    interpretation reference {\n"
                                   + indent(example, 6) + "\n    }\n  }\n}\n"),
        "choice": lambda: TEST_INSTRUMENT + "article 3 {\n  clause 2 {\n    choice reference {\n" + indent(example, 6) + "\n    }\n  }\n}\n",
        "option": lambda: (TEST_INSTRUMENT + "article 3 {\n  clause 2 {\n    choice reference {\n      option chosen default {\n"
                           + indent(example, 8) + "\n      }\n    }\n  }\n}\n"),
        "act": lambda: ACT.format(amends="02/2021/TT-BTP") + ACT_BODY.format(example=indent(example, 4), date="2027-07-01"),
        "act_law": lambda: ACT.format(amends="11/2017/QH14") + ACT_BODY.format(example=indent(example, 4), date="2028-01-01"),
        "act_decree": lambda: ACT.format(amends="144/2017/NĐ-CP") + ACT_BODY.format(example=indent(example, 4), date="2027-07-01"),
        "vocabulary": lambda: TEST_INSTRUMENT + "vocabulary reference {\n" + indent(example, 2) + "\n}\n",
        "parameter": lambda: TEST_INSTRUMENT + "parameter reference {\n  unit percent\n" + indent(example, 2) + "\n}\n",
        "table": lambda: (TEST_INSTRUMENT + "table reference {\n  axis stage: investigation, prosecution, first_instance\n"
                          "  axis offense_class: less_serious, serious, very_serious\n" + indent(example, 2) + "\n}\n"),
    }[setting]()
    files = {"reference.rules": body}
    if setting == "official":
        files["official-text.vi.txt"] = "Điều 1. Phạm vi điều chỉnh\n"
    if setting == "example":
        path = re.search(r'"([^"]+)"', example)
        assert path, entry.key
        files[path.group(1)] = "case: {}\nexpect: {}\n"
    return files


@pytest.mark.parametrize("entry", list(reference.ENTRIES.values()), ids=list(reference.ENTRIES))
def test_every_example_compiles_where_it_stands(tmp_path, entry):
    folder = tmp_path / "reference"
    for name, text in wrapped(entry).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    text = (folder / "reference.rules").read_text(encoding="utf-8")
    tree = parse.run(SourceFile.from_text("reference.rules", text), Reporter())
    assert tree is not None, f"{entry.key}: the example does not parse where it stands:\n{text}"
    shown = {node.data for node in tree.iter_subtrees()}
    assert entry.key in shown, f"{entry.key}: the example does not show it ({sorted(shown)})"
    compilation = compile_rules((pinned_dir(), folder), generate=False)
    errors = [f"{Path(d.primary.span.file).name}:{d.primary.span.line}: {d.code.code} {d.message}" for d in compilation.reporter.errors()]
    assert not errors, f"{entry.key}:\n{text}\n" + "\n".join(errors)


def test_the_places_are_written_in_both_languages():
    for key, (en, vi) in reference.PLACES.items():
        assert en and vi and en != vi, key
