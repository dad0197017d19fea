"""Pass 3 (resolve.py): symbol tables, citations and the placing of every rule statement.

Every statement is `Placed` under the instrument and the article.clause.point it is written in,
so later passes and the generated code cite the law (e.g. Art. 4.3.a of Circular 02/2021 for who
certifies point 4.1.a). Chapters group articles but are not part of a citation.
"""
from __future__ import annotations

from compiler import ast, codes
from programs import messages, real_program, resolved

INSTRUMENT = '''\
instrument "99/2021/TT-TEST" {
  kind circular
}
'''

CHAPTER = '''\
part of "99/2021/TT-TEST"

chapter II {
  title en "Actual sessions"
  pending "A chapter-level note."
  article 4 {
    clause 1 {
      point a {
        text en "Interrogation."
        activity in criminal
      }
      point dd {
        activity in criminal
      }
    }
    clause 3 {
      point a {
        certify 4.1.a by presiding_person, presiding_agency
      }
      point d {
        certify 4.1.dd by accused
      }
    }
  }
}
'''


def test_a_statement_carries_the_citation_of_the_point_it_stands_in():
    program, reporter = resolved({"rules/t/instrument.rules": INSTRUMENT, "rules/t/chapter.rules": CHAPTER})
    assert messages(reporter) == []
    certifies = program.statements("99/2021/TT-TEST", ast.Certify)
    assert [(p.citation, [str(c) for c in p.node.activities]) for p in certifies] == [
        ("4.3.a", ["4.1.a"]), ("4.3.d", ["4.1.dd"])]
    activities = program.statements("99/2021/TT-TEST", ast.Activity)
    assert [p.citation for p in activities] == ["4.1.a", "4.1.dd"]
    assert {p.file for p in certifies} == {"rules/t/chapter.rules"}


def test_chapters_do_not_enter_citations():
    program, _ = resolved({"rules/t/instrument.rules": INSTRUMENT, "rules/t/chapter.rules": CHAPTER})
    provisions = program.instruments["99/2021/TT-TEST"].provisions
    assert sorted(provisions) == ["4", "4.1", "4.1.a", "4.1.dd", "4.3", "4.3.a", "4.3.d", "chapter II"]
    assert provisions["4.3.a"].chapter == "II"
    assert not any(c.startswith("II") for c in provisions)


def test_a_chapter_level_item_is_cited_by_its_chapter():
    program, _ = resolved({"rules/t/instrument.rules": INSTRUMENT, "rules/t/chapter.rules": CHAPTER})
    pending = [p for p in program.provision_items if isinstance(p.node, ast.Pending)]
    assert [(p.instrument, p.citation) for p in pending] == [("99/2021/TT-TEST", "chapter II")]


def test_texts_and_statements_are_kept_apart():
    program, _ = resolved({"rules/t/instrument.rules": INSTRUMENT, "rules/t/chapter.rules": CHAPTER})
    assert all(not isinstance(p.node, (ast.LangText, ast.Pending)) for p in program.placed)
    texts = [(p.citation, p.node.text) for p in program.provision_items if isinstance(p.node, ast.LangText)]
    assert texts == [("chapter II", "Actual sessions"), ("4.1.a", "Interrogation.")]


def test_provisions_of_a_part_of_file_join_their_instrument_whatever_the_file_order():
    """`chapter.rules` sorts before `instrument.rules`: the instrument is still known to it."""
    program, reporter = resolved({"rules/t/chapter.rules": CHAPTER, "rules/t/instrument.rules": INSTRUMENT})
    assert messages(reporter) == []
    info = program.instruments["99/2021/TT-TEST"]
    assert "4.1.a" in info.provisions
    assert info.provisions["4.1.a"].file == "rules/t/chapter.rules"
    assert sorted(info.files) == ["rules/t/chapter.rules", "rules/t/instrument.rules"]


def test_two_instruments_keep_their_own_citations():
    decree = 'instrument "144/2017/NĐ-CP" {\n  kind decree\n}\narticle 4 {\n  clause 1 {\n    text en "x"\n  }\n}\n'
    program, reporter = resolved({"rules/t/instrument.rules": INSTRUMENT, "rules/t/chapter.rules": CHAPTER,
                                  "rules/decree.rules": decree})
    assert messages(reporter) == []   # article 4 in both: not a duplicate
    assert "4.1" in program.instruments["144/2017/NĐ-CP"].provisions
    assert "4.1" in program.instruments["99/2021/TT-TEST"].provisions


def test_provisions_in_a_file_without_an_instrument_are_E0106():
    program, reporter = resolved({"rules/loose.rules": "article 4 {\n  clause 1 {\n  }\n}\n"})
    assert messages(reporter) == [("E0106", 1, "article 4 is in a file that names no instrument")]


def test_a_point_directly_in_an_article_cannot_stand_there():
    program, reporter = resolved({"rules/t/instrument.rules": INSTRUMENT + "article 4 {\n  point a {\n  }\n}\n"})
    assert messages(reporter) == [("E0001", 5, "a point cannot stand here (inside 4)")]


def test_a_clause_inside_a_point_cannot_stand_there():
    text = INSTRUMENT + "article 4 {\n  clause 1 {\n    point a {\n      clause 2 {\n      }\n    }\n  }\n}\n"
    _, reporter = resolved({"rules/t/instrument.rules": text})
    assert messages(reporter) == [("E0001", 7, "a clause cannot stand here (inside 4.1.a)")]


def test_an_activity_must_be_written_in_a_point():
    text = INSTRUMENT + "article 4 {\n  clause 1 {\n    activity in criminal\n  }\n}\n"
    _, reporter = resolved({"rules/t/instrument.rules": text})
    assert messages(reporter) == [("E0107", 6, "`activity` belongs in a point: the point is the activity")]


def test_a_mechanism_word_is_checked_like_a_name():
    text = INSTRUMENT + "article 3 {\n  clause 2 {\n    hours_added per_provder\n  }\n}\n"
    _, reporter = resolved({"rules/t/instrument.rules": text})
    [diagnostic] = reporter.sorted()
    assert (diagnostic.code, diagnostic.message) == (codes.UNKNOWN_NAME, "`per_provder` is not one of the words allowed here")
    assert diagnostic.hint.startswith("did you mean `per_provider`")


def test_an_unknown_table_axis_vocabulary_is_E0101():
    text = "table t {\n  axis stages: investigation\n}\n"
    _, reporter = resolved({"rules/t.rules": text})
    [diagnostic] = reporter.sorted()
    assert (diagnostic.code.code, diagnostic.message, diagnostic.hint) == (
        "E0101", "no vocabulary is named `stages`", "did you mean `stage`?")


def test_a_required_vocabulary_missing_is_E0108():
    _, reporter = resolved({"rules/t/instrument.rules": INSTRUMENT}, vocabulary=False)
    missing = [d.message for d in reporter.sorted() if d.code is codes.MISSING_VOCABULARY]
    assert len(missing) == 8
    assert "no file defines `vocabulary certifier_role`" in missing


# -- the real rules ---------------------------------------------------------------------------

def test_the_real_rules_resolve_without_diagnostics():
    program, reporter = real_program()
    assert messages(reporter) == []
    assert set(program.instruments) == {"02/2021/TT-BTP", "144/2017/NĐ-CP", "11/2017/QH14",
                                        "Law amending the Law on Legal Aid (2026)"}


def test_the_real_certify_statements_are_placed_under_art_4_3():
    """Art. 4.3.a of Circular 02/2021: point 4.1.a is certified by the presiding person or agency."""
    program, _ = real_program()
    placed = next(p for p in program.statements("02/2021/TT-BTP", ast.Certify)
                  if [str(c) for c in p.node.activities] == ["4.1.a"])
    assert placed.citation == "4.3.a"
    assert placed.file == "rules/circular-02-2021/chapter-2-actual-sessions.rules"
    assert [r.value for r in placed.node.roles] == ["presiding_person", "presiding_agency"]


def test_the_real_decree_rates_are_placed_under_the_decree():
    """Decree 144/2017 Art. 13.1 sets the lawyer's rate in proceedings."""
    program, _ = real_program()
    rates = program.statements("144/2017/NĐ-CP", ast.SessionRate)
    assert [(p.citation, p.node.parameter.value) for p in rates] == [
        ("13.1", "lawyer_rate_proceedings"), ("13.2", "lawyer_rate_extrajudicial"),
        ("13.3", "officer_share_proceedings"), ("13.3", "officer_share_extrajudicial")]


def test_the_real_circular_gathers_its_files():
    program, _ = real_program()
    assert sorted(program.instruments["02/2021/TT-BTP"].files) == [
        "rules/circular-02-2021/appendices.rules",   # `part of` the circular: its tables are the circular's
        "rules/circular-02-2021/chapter-2-actual-sessions.rules",
        "rules/circular-02-2021/chapter-3-fixed-time.rules",
        "rules/circular-02-2021/chapter-4-implementation.rules",
        "rules/circular-02-2021/instrument.rules",
    ]
    provisions = program.instruments["02/2021/TT-BTP"].provisions
    assert {"chapter I", "chapter II", "chapter III", "chapter IV", "4.1.dd", "12.1", "10.2.b"} <= set(provisions)


# -- choices between readings ------------------------------------------------------------------

CHOICE = '''\
part of "99/2021/TT-TEST"

article 3 {
  clause 2 {
    session_hours 4
    choice odd_hours {
      title en "What is rounded"
      option cumulative default {
        reading en "Added up."
        hours_added per_provider
      }
      option per_occasion {
        reading en "Each occasion."
        hours_added per_entry
      }
    }
  }
}
'''


def test_the_default_option_of_a_choice_is_placed_unless_another_is_asked_for():
    program, reporter = resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": CHOICE})
    assert messages(reporter) == []
    [placed] = program.statements("99/2021/TT-TEST", ast.HoursAdded)
    assert (placed.node.how.value, placed.citation) == ("per_provider", "3.2")
    assert (program.choices["odd_hours"].selected, program.choices["odd_hours"].default) == ("cumulative", "cumulative")
    program, _ = resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": CHOICE}, readings={"odd_hours": "per_occasion"})
    [placed] = program.statements("99/2021/TT-TEST", ast.HoursAdded)
    assert placed.node.how.value == "per_entry"


def test_asking_for_a_reading_the_rules_do_not_offer_is_a_usage_error():
    import pytest
    from compiler.resolve import ReadingError
    with pytest.raises(ReadingError, match="choice `odd_hours` has no option `hourly` \\(options: cumulative, per_occasion\\)"):
        resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": CHOICE}, readings={"odd_hours": "hourly"})
    with pytest.raises(ReadingError, match="the rules have no choice `odd_hour` \\(choices: odd_hours\\)"):
        resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": CHOICE}, readings={"odd_hour": "per_occasion"})


def test_a_choice_needs_exactly_one_default_and_distinct_options():
    text = CHOICE.replace("option cumulative default", "option cumulative").replace("option per_occasion", "option cumulative")
    _, reporter = resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": text})
    assert [(code, line) for code, line, _ in messages(reporter)] == [("E0208", 6)]
    text = CHOICE.replace("option per_occasion", "option cumulative")
    _, reporter = resolved({"rules/a.rules": INSTRUMENT, "rules/b.rules": text})
    assert messages(reporter) == [("E0104", 12, "option `cumulative` of choice `odd_hours` is written twice")]
