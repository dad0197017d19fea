"""A copy of rules/ with the values of the law pinned to those the tests' figures are computed from.

Drafters change values of the law: a new base salary, a cap, a rate, a table cell. Tests of the
compiler must not break when they do, except the worked examples whose figures change (and `regc
test --update` refreshes those). So the tests that compute figures by hand run on a copy of rules/
in which these values are written over with the ones below: the rules of December 2026, not law in
themselves, only what the hand-computed figures assume. The rest of the copy (activities,
certifiers, texts, amending acts) is rules/ as it is.

Each pinned statement is found with the compiler's own parser and rewritten in place, so the copy
stays a valid rule tree whatever the drafters' layout; when a statement a pin expects is missing,
building the copy fails with a message naming it.
"""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from compiler import ast, from_tree, parse
from compiler.diagnostics import Reporter
from compiler.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pinned"

# The statutory base salary by date, and the rates of Decree 144/2017 Art. 13 (December 2026).
PARAMETERS = {
    "base_salary": ('value 1300000 from 2017-07-01 source "47/2017/NĐ-CP"\n'
                    '  value 1390000 from 2018-07-01 source "72/2018/NĐ-CP"\n'
                    '  value 1490000 from 2019-07-01 source "38/2019/NĐ-CP"\n'
                    '  value 1800000 from 2023-07-01 source "24/2023/NĐ-CP"\n'
                    '  value 2340000 from 2024-07-01 source "73/2024/NĐ-CP"\n'
                    '  value 2530000 from 2026-07-01 source "161/2026/NĐ-CP"'),
    "lawyer_rate_proceedings": 'value 0.38 from 2018-01-01 source "144/2017/NĐ-CP 13.1"',
    "lawyer_rate_extrajudicial": 'value 0.31 from 2018-01-01 source "144/2017/NĐ-CP 13.2"',
    "officer_share_proceedings": 'value 40% from 2018-01-01 source "144/2017/NĐ-CP 13.3"',
    "officer_share_extrajudicial": 'value 20% from 2018-01-01 source "144/2017/NĐ-CP 13.3"',
}
# Session caps by (scope, areas); the session rule; the bounds and multipliers of fixed working time.
CAPS = {("per_provider", "proceedings"): 30, ("per_provider", "extrajudicial"): 20,
        ("per_case", "proceedings"): 30, ("per_case", "extrajudicial"): 20}
SESSION_HOURS = 4
REMAINDERS = {"under": ("3", "0.5"), "from": ("3", "1")}
FLOOR, CEILING, MULTIPLIER = 3, 10, "130%"


def pinned_rules(target: Path) -> Path:
    """A copy of rules/ at target/rules with the values above; returns its path."""
    rules = target / "rules"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copyfile(FIXTURES / "appendices.rules", rules / "circular-02-2021" / "appendices.rules")
    seen: set[str] = set()
    for path in sorted(rules.rglob("*.rules")):
        text = path.read_text(encoding="utf-8")
        edits = sorted(_edits(text, path.name, seen), reverse=True)
        for start, end, new in edits:
            text = text[:start] + new + text[end:]
        path.write_text(text, encoding="utf-8")
    missing = ({f"parameter {p}" for p in PARAMETERS} | {f"cap {s} in {a}" for s, a in CAPS}) - seen
    assert not missing, f"tests/pinned.py: rules/ no longer has {', '.join(sorted(missing))}: update the pins"
    return rules


def _edits(text: str, name: str, seen: set[str]):
    reporter = Reporter()
    source = SourceFile.from_text(name, text)
    tree = parse.run(source, reporter)
    assert tree is not None, f"rules/{name} does not parse"
    for node in _walk(from_tree.run(tree, source, reporter)):
        span = node.span
        if isinstance(node, ast.Parameter) and node.id.value in PARAMETERS:
            seen.add(f"parameter {node.id.value}")
            values = [v for v in node.values]
            if values:
                yield values[0].span.start, values[-1].span.end, PARAMETERS[node.id.value]
        elif isinstance(node, ast.CapSessions):
            key = (node.scope.value, ", ".join(a.value for a in node.areas))
            if key in CAPS:
                seen.add(f"cap {key[0]} in {key[1]}")
                yield span.start, span.end, f"cap {key[0]} {CAPS[key]} sessions in {key[1]}"
        elif isinstance(node, ast.SessionHours):
            yield span.start, span.end, f"session_hours {SESSION_HOURS}"
        elif isinstance(node, ast.Remainder):
            hours, counts = REMAINDERS[node.op]
            yield span.start, span.end, f"remainder {node.op} {hours} counts {counts}"
        elif isinstance(node, ast.FixedTimeFloor):
            yield span.start, span.end, (f"fixed_time floor {FLOOR} {node.parameter.value} in "
                                         f"{', '.join(a.value for a in node.areas)}")
        elif isinstance(node, ast.FixedTimeCeiling):
            yield span.start, span.end, f"fixed_time ceiling {CEILING} {node.parameter.value}"
        elif isinstance(node, ast.FixedTimeMultiplier):
            yield span.start, span.end, f"fixed_time multiplier {MULTIPLIER} when {node.when.value} >= {node.at_least}"


def _walk(node):
    """Every AST node of a rule file, the statements inside provisions and options included."""
    yield node
    for value in (getattr(node, f) for f in getattr(node, "__dataclass_fields__", ()) if f != "span"):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, ast.Node):
                yield from _walk(item)


@functools.cache
def pinned_dir() -> Path:
    """The pinned copy of rules/, built once per test run in a folder of its own."""
    folder = Path(tempfile.mkdtemp(prefix="regc-pinned-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return pinned_rules(folder)
