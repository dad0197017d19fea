"""The docs of an amended instrument: each provision version an amending act brought or ended says
so under its heading, keeps a unique anchor, and lists only the rules in force with it."""
from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from compiler.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
DOCS = "generated/docs"
ARTICLE_1 = f"{DOCS}/md/en/02-2021-tt-btp/articles/1.md"


# An act INVENTED for this test (not law): it repeals a point of Law 11/2017/QH14 Art. 7 and inserts a clause.
TEST_ACT = """
instrument "TEST-ACT/2027" {
  kind law
  title en "An act invented for a test (not law)"
  title vi "Văn bản giả định cho kiểm thử (không phải văn bản pháp luật)"
  amends "11/2017/QH14"
}
article 1 {
  clause 1 {
    text en "Point g of clause 7 of Article 7 is repealed and a clause 8 is added."
    text vi "Bãi bỏ điểm g khoản 7 và bổ sung khoản 8 Điều 7."
    repeal point 7.7.g
    insert clause 7.8 {
      text en "Victims of human trafficking."
      text vi "Nạn nhân của hành vi mua bán người."
      eligible trafficking_victim
    }
  }
}
article 2 { clause 1 { text en "In force on 1 January 2027." text vi "Có hiệu lực từ ngày 01/01/2027." in_force 2027-01-01 } }
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> dict[str, str]:
    tree = tmp_path_factory.mktemp("amended")
    shutil.copytree(ROOT / "rules", tree / "rules")
    for draft in sorted((ROOT / "examples" / "draft-2026").glob("*.rules")):
        shutil.copy(draft, tree / "rules" / draft.name)
    (tree / "rules" / "test-act.rules").write_text(TEST_ACT, encoding="utf-8")
    compilation = compile_rules(tree / "rules")
    assert compilation.ok, [d.message for d in compilation.reporter.errors()]
    return compilation.outputs


def line_of(path: str, text: str) -> int:
    """The line of a rule file where `text` is written."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def page(out: dict[str, str], suffix: str) -> str:
    found = [text for path, text in out.items() if path.endswith(suffix)]
    assert len(found) == 1, suffix
    return found[0]


def section(text: str, anchor: str) -> str:
    start = text.index(f'<a id="{anchor}"></a>')
    following = re.search(r'^#+ <a id=', text[start + 1:], re.M)
    return text[start:start + 1 + following.start()] if following else text[start:]


def test_both_versions_of_a_replaced_clause_say_their_dates(out):
    text = page(out, ARTICLE_1)
    old, new = section(text, "1.1-until-2026-12-31"), section(text, "1.1")
    assert "In force until 2026-12-31 — replaced by [DRAFT-2026/TT-BTP 1.1]" in old
    assert "rules/circular-amendment.rules:31" in old
    assert "In force from 2027-01-01 — as replaced by [DRAFT-2026/TT-BTP 1.1]" in new
    # each version lists only its own rules
    scope = f"instrument.rules:{line_of('rules/circular-02-2021/instrument.rules', 'scope proceedings, extrajudicial')}"
    assert scope in old and "circular-amendment.rules:36" not in old
    assert "circular-amendment.rules:36" in new and scope not in new
    assert "mediation and online legal aid" in new and "mediation" not in old.lower()


def test_inserted_and_repealed_provisions(out):
    law = page(out, f"{DOCS}/md/en/11-2017-qh14/articles/7.md")
    assert "In force until 2026-12-31 — repealed by [TEST-ACT/2027 1.1]" in section(law, "7.7.g")
    assert "In force from 2027-01-01 — inserted by [TEST-ACT/2027 1.1]" in section(law, "7.8")
    inserted = page(out, f"{DOCS}/md/en/02-2021-tt-btp/articles/7a.md")
    assert inserted.count("In force from 2027-01-01 — inserted by") == 1   # said at the article, not at each point


def test_a_changed_cap_shows_the_period_of_each_rule(out):
    clause = section(page(out, f"{DOCS}/md/en/02-2021-tt-btp/articles/8.md"), "8.1")
    assert "In force" not in clause   # one version of the clause
    thirty = next(line for line in clause.splitlines() if "At most 30 sessions" in line)
    assert "(until 2026-12-31)" in thirty
    thirty_five = next(line for line in clause.splitlines() if "At most 35 sessions" in line)
    assert "(from 2027-01-01, by [DRAFT-2026/TT-BTP 1.3]" in thirty_five
    twenty = next(line for line in clause.splitlines() if "At most 20 sessions" in line)
    assert "until" not in twenty and "from 2027" not in twenty


def test_no_duplicate_ids_in_html(out):
    for path, text in out.items():
        if path.endswith(".html"):
            ids = Counter(re.findall(r'\bid="([^"]*)"', text))
            assert not [i for i, n in ids.items() if n > 1], path
    html = page(out, f"{DOCS}/html/en/02-2021-tt-btp/articles/1.html")
    assert 'id="1.1-until-2026-12-31"' in html and 'id="1.1"' in html
    assert '<p class="period">In force until 2026-12-31 — replaced by' in html


def test_vietnamese_wording(out):
    for fmt in ("md", "html"):
        text = page(out, f"{DOCS}/{fmt}/vi/02-2021-tt-btp/articles/1.{fmt}")
        assert "Hiệu lực đến 31/12/2026 — thay thế bởi" in text
        assert "Hiệu lực từ 01/01/2027 — nội dung thay thế bởi" in text
    law = page(out, f"{DOCS}/md/vi/11-2017-qh14/articles/7.md")
    assert "bãi bỏ bởi" in law and "bổ sung bởi" in law
