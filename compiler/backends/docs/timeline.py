"""The law on any date: the periods each thing the docs show is in force, written for the date view.

Every provision version, rule, certifier mark, table cell and parameter value whose period is not
"always" carries it in a `data-in` attribute: space-separated ranges `START..END` of ISO dates, either
end open ('..2026-12-31', '2027-01-01..'). The site's script (static/app.js) shows, for the date in
`?on=`, only what is in force that day; with no date every version is shown with its dates, as the
Markdown pages always do. The periods come from the IR (provision start and end, the validator's
versions, parameter values, table cell changes), computed here once per build.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from ... import ir

_DAY = datetime.timedelta(days=1)
Period = tuple[datetime.date | None, datetime.date | None]


def span(start: datetime.date | None, end: datetime.date | None) -> str:
    return f"{start.isoformat() if start else ''}..{end.isoformat() if end else ''}"


def spans(periods: Iterable[Period]) -> str:
    """The `data-in` value of some periods: "" when one of them is always (no start, no end)."""
    out = []
    for start, end in periods:
        if start is None and end is None:
            return ""
        out.append(span(start, end))
    return " ".join(out)


def runs(versions: Iterable[ir.Version], every: tuple[ir.Version, ...]) -> str:
    """The periods of some versions of a validator, consecutive ones merged ("" when in all of them)."""
    chosen = {id(v) for v in versions}
    if len(chosen) == len(every):
        return ""
    periods: list[list[datetime.date | None]] = []
    previous_in = False
    for v in every:   # versions follow each other in date order
        if id(v) in chosen:
            if previous_in:
                periods[-1][1] = v.end
            else:
                periods.append([v.start, v.end])
        previous_in = id(v) in chosen
    return spans((p[0], p[1]) for p in periods)


def provision_periods(provisions: Iterable[ir.Provision]) -> dict[int, Period]:
    """Each provision version's period, by id(): its own dates, else those of the provision holding it."""
    out: dict[int, Period] = {}

    def visit(p: ir.Provision, inherited: Period) -> None:
        own: Period = (p.start if p.start is not None else inherited[0], p.end if p.end is not None else inherited[1])
        out[id(p)] = own
        for child in p.children:
            visit(child, own)

    for top in provisions:
        visit(top, (None, None))
    return out


def value_periods(parameter: ir.Parameter) -> list[Period]:
    """Each value's period: from its date to its end, or to the day before the next value."""
    out: list[Period] = []
    for i, v in enumerate(parameter.values):
        following = parameter.values[i + 1].start if i + 1 < len(parameter.values) else None
        out.append((v.start, v.end or (following - _DAY if following else None)))
    return out


def cell_history(table: ir.Table) -> dict[tuple, list[tuple[ir.Cell, Period]]]:
    """Each cell's values over time: as the table writes it, then as each amending act sets it."""
    changes: dict[tuple, list[ir.CellChange]] = {}
    for change in table.changes:
        changes.setdefault(change.cell.key, []).append(change)
    out: dict[tuple, list[tuple[ir.Cell, Period]]] = {}
    for cell in table.cells:
        later = sorted(changes.pop(cell.key, []), key=lambda c: c.start)
        steps: list[tuple[ir.Cell, datetime.date | None]] = [(cell, None)] + [(c.cell, c.start) for c in later]
        out[cell.key] = _periods(steps)
    for key, later in changes.items():   # a cell the table does not write, set by an act
        ordered = sorted(later, key=lambda c: c.start)
        out[key] = _periods([(c.cell, c.start) for c in ordered])
    return out


def _periods(steps: list[tuple[ir.Cell, datetime.date | None]]) -> list[tuple[ir.Cell, Period]]:
    out = []
    for i, (cell, start) in enumerate(steps):
        following = steps[i + 1][1] if i + 1 < len(steps) else None
        out.append((cell, (start, following - _DAY if following else None)))
    return out


def dates(program: ir.Program) -> list[datetime.date]:
    """Every date the rules record: entry into force, signing, publication, versions, values, cells."""
    found: set[datetime.date] = set()
    for instrument in program.instruments:
        found.update(d for d in (instrument.signed, instrument.published, instrument.in_force) if d)
    for validator in program.validators:
        found.add(validator.transition.in_force)
        for v in validator.versions:
            found.update(d for d in (v.start, v.end and v.end + _DAY) if d)
    for parameter in program.parameters:
        for value in parameter.values:
            found.update(d for d in (value.start, value.end and value.end + _DAY) if d)
    for table in program.tables:
        found.update(c.start for c in table.changes)
    for vocabulary in program.vocabularies:
        found.update(m.since for m in vocabulary.members if m.since)
    return sorted(found)
