"""`regc test --update` changes only the figures it must (issue 10): every other byte of a worked
example stays as the drafter wrote it, whatever the style (flow or block lists, quotes, comment
columns, indentation)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler import examples

RESULT = {"status": "rejected", "sessions_declared": 12.5, "sessions_payable": 10, "base_salary_vnd": 2340000,
          "amount_vnd": 8892000, "findings": [{"code": "CAP_APPLIED"}, {"code": "CERTIFIER_NOT_ALLOWED"}]}

STYLES = {
    "flow, double quotes": ('''name: "flow"
case: {case_id: "X"}     # a comment at column 26
expect:
  status: "ok"             # was ok
  sessions_payable: 9      # hand-computed: 36 h
  amount_vnd: 8002800
  base_salary_vnd: 2340000 # unchanged
  codes: ["CAP_APPLIED"]   # the cap
''', '''name: "flow"
case: {case_id: "X"}     # a comment at column 26
expect:
  status: "rejected"             # was ok
  sessions_payable: 10      # hand-computed: 36 h
  amount_vnd: 8892000
  base_salary_vnd: 2340000 # unchanged
  codes: ["CAP_APPLIED", "CERTIFIER_NOT_ALLOWED"]   # the cap
'''),
    "block list, plain, four spaces": ('''name: block
case:
    case_id: X
    providers:
        - {id: P1, kind: lawyer}
expect:
    status: ok
    sessions_declared: 12.50
    sessions_payable: 9.0
    codes:
        - CAP_APPLIED    # why
# the end
''', '''name: block
case:
    case_id: X
    providers:
        - {id: P1, kind: lawyer}
expect:
    status: rejected
    sessions_declared: 12.50
    sessions_payable: 10
    codes:
        - CAP_APPLIED    # why
        - CERTIFIER_NOT_ALLOWED
# the end
'''),
    "single quotes, empty codes": ('''expect:
  status: 'ok'
  amount_vnd: 1
  codes:
case: {}
''', '''expect:
  status: 'rejected'
  amount_vnd: 8892000
  codes: [CAP_APPLIED, CERTIFIER_NOT_ALLOWED]
case: {}
'''),
}


@pytest.mark.parametrize("style", list(STYLES))
def test_only_the_figures_that_change_are_rewritten(tmp_path: Path, style: str):
    before, after = STYLES[style]
    path = tmp_path / "example.yaml"
    path.write_text(before, encoding="utf-8")
    assert examples.update(path, RESULT)
    assert path.read_text(encoding="utf-8") == after
    assert not examples.update(path, RESULT)   # a second run changes nothing


def test_figures_that_agree_are_left_as_written(tmp_path: Path):
    text = 'expect:\n  sessions_payable: 10.0   # as written\n  codes: ["CERTIFIER_NOT_ALLOWED", "CAP_APPLIED"]\ncase: {}\n'
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    assert examples.update(path, RESULT)                   # the codes are written sorted, the figure is not touched
    assert path.read_text(encoding="utf-8") == text.replace('"CERTIFIER_NOT_ALLOWED", "CAP_APPLIED"', '"CAP_APPLIED", "CERTIFIER_NOT_ALLOWED"')
