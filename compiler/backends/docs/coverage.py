"""Coverage: for each article, clause and point, whether the rules encode it, and why not.

A provision is
- `encoded` when IR pieces have its citation (rules are stated there);
- `pending` when the rule files say its text or rule is not known (or its parent's is);
- `informative` when it is left out of the validators on purpose (or its parent is);
- `covered` when it has no rule of its own but stands under a provision that has (8.2.a under
  8.2's `not_paid`), or holds parts that have (an article whose clauses are encoded);
- `not_encoded` when nothing of the above is said: a gap the reviewer should see.
"""
from __future__ import annotations

from dataclasses import dataclass

from ... import ir

LEVELS = ("article", "clause", "point")
ORDER = ("encoded", "covered", "pending", "informative", "not_encoded")


@dataclass(frozen=True)
class Status:
    key: str
    why: str             # own | reason | ancestor | inherits | parts | nothing
    ref: str = ""        # the citation it is covered by or inherits from
    reasons: tuple[str, ...] = ()


def statuses(instrument: ir.Instrument, encoded: set[str]) -> dict[str, Status]:
    """The status of every provision of the instrument, by citation (chapters included)."""
    out: dict[str, Status] = {}

    def has_own_below(p: ir.Provision) -> bool:
        return any(c.citation in encoded or has_own_below(c) for c in p.children)

    def visit(p: ir.Provision, ancestors: tuple[ir.Provision, ...]) -> Status:
        for child in p.children:
            visit(child, ancestors + (p,))
        nearest = tuple(reversed(ancestors))
        if p.citation in encoded:
            status = Status("encoded", "own")
        elif p.pending:
            status = Status("pending", "reason", reasons=p.pending)
        elif p.informative:
            status = Status("informative", "reason", reasons=p.informative)
        elif (a := next((a for a in nearest if a.citation in encoded), None)) is not None:
            status = Status("covered", "ancestor", a.citation)
        elif (a := next((a for a in nearest if a.informative or a.pending), None)) is not None:
            status = Status("informative" if a.informative else "pending", "inherits", a.citation,
                            a.informative or a.pending)
        elif has_own_below(p):
            status = Status("covered", "parts")
        elif p.children and all(out[c.citation].key in ("pending", "informative") for c in p.children):
            kinds = {out[c.citation].key for c in p.children}
            status = Status("pending" if "pending" in kinds else "informative", "parts")
        else:
            status = Status("not_encoded", "nothing")
        out[p.citation] = status
        return status

    for top in instrument.provisions:
        visit(top, ())
    return out


def walk(provisions: tuple[ir.Provision, ...]):
    """Every provision below these, depth first, in the law's order."""
    for p in provisions:
        yield p
        yield from walk(p.children)


def counts(instrument: ir.Instrument, found: dict[str, Status]) -> dict[str, dict[str, int]]:
    """level -> status -> count, for articles, clauses and points."""
    table = {level: dict.fromkeys(ORDER, 0) for level in LEVELS}
    for p in walk(instrument.provisions):
        if p.level in table:
            table[p.level][found[p.citation].key] += 1
    return table


def cell_counts(table: ir.Table) -> tuple[int, int, int, int]:
    """(grid cells, known grid cells, pending grid cells, known combined cells)."""
    grid = [c for c in table.cells if all(len(coord) == 1 for coord in c.key)]
    combined = [c for c in table.cells if any(len(coord) > 1 for coord in c.key)]
    known = sum(1 for c in grid if c.value is not None)
    return len(grid), known, len(grid) - known, sum(1 for c in combined if c.value is not None)
