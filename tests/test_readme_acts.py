"""Every `rules` example of the README's section on amendments compiles with rules/ (issue 11): the
README says exactly what the language says about time."""
from __future__ import annotations

import re
import shutil

import pytest

from compiler.pipeline import compile_rules
from pinned import pinned_dir

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
SECTION = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Amendments and time", 1)[1].split("\n## ", 1)[0]
EXAMPLES = re.findall(r"```rules\n(.*?)```", SECTION, re.DOTALL)


def test_the_section_has_an_example_per_feature():
    written = "\n".join(EXAMPLES)
    for feature in ("signed", "published", "until", "keeps_old_rules", "amending", "in_force"):
        assert feature in written, feature
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("example", EXAMPLES, ids=[re.search(r'instrument "([^"]+)"', e).group(1) for e in EXAMPLES])
def test_each_example_compiles_with_the_rules(tmp_path, example):
    rules = tmp_path / "rules"
    shutil.copytree(pinned_dir(), rules)
    (rules / "act.rules").write_text(example, encoding="utf-8")
    compilation = compile_rules(rules, generate=False)
    assert compilation.ok, [f"{d.primary.span.line}: {d.message}" for d in compilation.reporter.errors()]
    warnings = [d.code.code for d in compilation.reporter.warnings()
                if d.primary.span.file.endswith("act.rules") and d.code.code != "W0302"]   # English only: a short example
    assert warnings == (["W0305"] if "6/2027" in example else [])
