"""What a change of the rules does to a corpus of cases (`regc impact A B CASES...`).

Each case is validated under rule tree A and under rule tree B (contract §3 results); `Impact`
compares the two results and keeps only what the report needs, so a corpus of any size is
streamed: counters, the largest changes (a bounded heap) and the Δ amount of each case whose
amount changed (one int per changed case, for the histogram).

A figure that is null under one tree and not the other (a case that becomes `not_governed`, a
pending appendix cell) counts as a change of that figure, but adds nothing to the total in đồng:
only cases with an amount under both trees are summed.

The report renders as text (for a person), JSON (one object) or a standalone HTML page with the
histogram as inline SVG. Case ids and file names come from the corpus and are escaped in HTML.
"""
from __future__ import annotations

import heapq
import html
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
BROKEN_KEPT = 20   # broken documents listed by name in the report; the rest are only counted


def case_files(names: Iterable[str], skipped: list[str] | None = None) -> Iterator[str]:
    """The case files named on the command line: a file as given, a folder as every case file
    under it (YAML, JSON, JSON Lines), sorted; a file in a folder whose first document is not a
    case (a mapping with none of a case's fields, like a list of expected results) is left out, and
    named in `skipped`. Raises FileNotFoundError for a name that is neither a file nor a folder."""
    for name in names:
        path = Path(name)
        if name == "-" or path.is_file():
            yield name
        elif path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES and p.is_file()):
                if _holds_cases(found):
                    yield str(found)
                elif skipped is not None:
                    skipped.append(str(found))
        else:
            raise FileNotFoundError(name)


CASE_FIELDS = frozenset(("case_id", "form", "method", "assigned_on", "providers", "entries"))


def _holds_cases(path: Path) -> bool:
    """Whether a file found in a folder holds cases: its first document does not rule it out."""
    from . import cases

    try:
        first = next(cases.read(str(path)), None)
    except cases.FileUnreadable:
        return True   # reported when it is read
    return not (isinstance(first, cases.Loaded) and isinstance(first.case, dict) and not CASE_FIELDS & first.case.keys())


# -- one case ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Change:
    """How one case's result differs between tree A and tree B."""
    case_id: object
    where: str
    status_a: str
    status_b: str
    sessions_a: object
    sessions_b: object
    amount_a: int | None
    amount_b: int | None
    finding: tuple[str, str] | None   # the first finding that differs: (code, "A" or "B", the tree that has it)

    @property
    def status_changed(self) -> bool:
        return self.status_a != self.status_b

    @property
    def sessions_changed(self) -> bool:
        return self.sessions_a != self.sessions_b

    @property
    def amount_changed(self) -> bool:
        return self.amount_a != self.amount_b

    @property
    def delta(self) -> int | None:
        """B - A in đồng, or None when either amount is null."""
        if self.amount_a is None or self.amount_b is None:
            return None
        return self.amount_b - self.amount_a

    @property
    def size(self) -> int:
        """How large the change is, for ranking: |Δ|, or the amount that appears or vanishes."""
        if self.delta is not None:
            return abs(self.delta)
        return self.amount_a if self.amount_a is not None else self.amount_b if self.amount_b is not None else 0

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "where": self.where,
                "status_a": self.status_a, "status_b": self.status_b,
                "sessions_a": self.sessions_a, "sessions_b": self.sessions_b,
                "amount_a": self.amount_a, "amount_b": self.amount_b, "delta_vnd": self.delta,
                "finding": None if self.finding is None else {"code": self.finding[0], "only_in": self.finding[1]}}


def compare(result_a: dict, result_b: dict, where: str) -> Change | None:
    """The change between two results of the same case, or None when status, sessions, amount
    and findings are all the same."""
    change = Change(
        case_id=result_b.get("case_id", result_a.get("case_id")), where=where,
        status_a=result_a["status"], status_b=result_b["status"],
        sessions_a=result_a.get("sessions_payable"), sessions_b=result_b.get("sessions_payable"),
        amount_a=result_a.get("amount_vnd"), amount_b=result_b.get("amount_vnd"),
        finding=first_different_finding(result_a["findings"], result_b["findings"]))
    if change.status_changed or change.sessions_changed or change.amount_changed or change.finding:
        return change
    return None


def first_different_finding(findings_a: list[dict], findings_b: list[dict]) -> tuple[str, str] | None:
    """The first finding (by code and entry; messages may differ in their figures) that only one
    tree gives: B's new findings first, in B's order, then those only A gave."""
    keys_a = Counter((f["code"], f.get("entry")) for f in findings_a)
    keys_b = Counter((f["code"], f.get("entry")) for f in findings_b)
    for side, findings, extra in (("B", findings_b, keys_b - keys_a), ("A", findings_a, keys_a - keys_b)):
        for f in findings:
            if extra[(f["code"], f.get("entry"))]:
                return f["code"], side
    return None


# -- the corpus -------------------------------------------------------------------------------

@dataclass
class _Ranked:
    """A change in the top-k heap; the heap's root is the change that would be dropped first."""
    key: tuple
    change: Change

    def __lt__(self, other: _Ranked) -> bool:
        return self.key > other.key


@dataclass
class Impact:
    """The running summary of a corpus validated under trees A and B."""
    label_a: str
    label_b: str
    top_n: int = 10
    cases: int = 0
    broken: int = 0
    broken_documents: list[tuple[str, str]] = field(default_factory=list)   # (where, why), the first BROKEN_KEPT
    unreadable_files: list[str] = field(default_factory=list)
    changed: int = 0                                                  # any of the below, or findings
    figures_changed: int = 0                                          # status, sessions or amount
    status_changed: int = 0
    transitions: Counter = field(default_factory=Counter)          # ("ok", "rejected") -> cases
    statuses_a: Counter = field(default_factory=Counter)
    statuses_b: Counter = field(default_factory=Counter)
    sessions_changed: int = 0
    amount_changed: int = 0
    amount_appeared_or_vanished: int = 0
    findings_changed: int = 0
    total_delta: int = 0
    deltas: list[int] = field(default_factory=list)                  # Δ of each case whose amount changed, both known
    _top: list[_Ranked] = field(default_factory=list)
    _seen: int = 0

    def add(self, where: str, result_a: dict, result_b: dict) -> Change | None:
        """Count one case validated under both trees."""
        self.cases += 1
        self.statuses_a[result_a["status"]] += 1
        self.statuses_b[result_b["status"]] += 1
        change = compare(result_a, result_b, where)
        if change is None:
            return None
        self.changed += 1
        self.figures_changed += change.status_changed or change.sessions_changed or change.amount_changed
        if change.status_changed:
            self.status_changed += 1
            self.transitions[(change.status_a, change.status_b)] += 1
        self.sessions_changed += change.sessions_changed
        if change.amount_changed:
            self.amount_changed += 1
            if change.delta is None:
                self.amount_appeared_or_vanished += 1
            else:
                self.total_delta += change.delta
                self.deltas.append(change.delta)
        self.findings_changed += change.finding is not None
        self._rank(change)
        return change

    def add_broken(self, where: str, message: str) -> None:
        """A document that could not be read as a case: reported, not validated."""
        self.broken += 1
        if len(self.broken_documents) < BROKEN_KEPT:
            self.broken_documents.append((where, message))

    def _rank(self, change: Change) -> None:
        self._seen += 1
        key = (-change.size, str(change.case_id if change.case_id is not None else ""), self._seen)
        ranked = _Ranked(key, change)
        if len(self._top) < self.top_n:
            heapq.heappush(self._top, ranked)
        elif self.top_n and ranked.key < self._top[0].key:
            heapq.heapreplace(self._top, ranked)

    @property
    def top(self) -> list[Change]:
        """The largest changes, largest first; equal sizes in case id order."""
        return [r.change for r in sorted(self._top, key=lambda r: r.key)]

    @property
    def mean_delta(self) -> int | None:
        """The mean Δ over cases whose amount changed (both known), rounded half up to the đồng."""
        if not self.deltas:
            return None
        mean = Decimal(self.total_delta) / Decimal(len(self.deltas))
        return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def as_dict(self) -> dict:
        return {
            "a": self.label_a, "b": self.label_b,
            "cases": self.cases, "broken": self.broken,
            "broken_documents": [{"where": w, "message": m} for w, m in self.broken_documents],
            "unreadable_files": list(self.unreadable_files),
            "statuses_a": dict(sorted(self.statuses_a.items())), "statuses_b": dict(sorted(self.statuses_b.items())),
            "changed": self.changed,
            "figures_changed": self.figures_changed,
            "status_changed": self.status_changed,
            "status_transitions": {f"{a} -> {b}": n for (a, b), n in sorted(self.transitions.items())},
            "sessions_changed": self.sessions_changed,
            "amount_changed": self.amount_changed,
            "amount_appeared_or_vanished": self.amount_appeared_or_vanished,
            "findings_changed": self.findings_changed,
            "total_delta_vnd": self.total_delta,
            "mean_delta_vnd": self.mean_delta,
            "top": [c.as_dict() for c in self.top],
            "histogram": [{"from_vnd": b.low, "to_vnd": b.high, "cases": b.count} for b in histogram(self.deltas)],
        }


# -- histogram --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Bin:
    """Cases whose Δ amount is in [low, high) đồng."""
    low: int
    high: int
    count: int


def histogram(values: list[int], bins: int = 20) -> list[Bin]:
    """About `bins` ranges (14 to 21 for 20) of one round width covering the values, for axis labels a
    person can read: the width is 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 × a power of ten đồng."""
    if not values:
        return []
    low, high = min(values), max(values)
    width = _round_width(max(1, math.ceil((high - low + 1) / bins)))
    start = (low // width) * width
    counts = [0] * ((high - start) // width + 1)
    for value in values:
        counts[(value - start) // width] += 1
    return [Bin(start + i * width, start + (i + 1) * width, n) for i, n in enumerate(counts)]


def _round_width(width: int) -> int:
    """The smallest round width at least `width` (widths up to 10 đồng are kept as they are)."""
    if width <= 10:
        return width
    step = 1
    while True:
        for factor in (10, 15, 20, 25, 30, 40, 50, 60, 80):
            if step * factor >= width:
                return step * factor
        step *= 10


# -- figures as text --------------------------------------------------------------------------

def money(value: int | None) -> str:
    return "none" if value is None else f"{value:,} đồng"


def signed_money(value: int | None) -> str:
    return "none" if value is None else f"{value:+,} đồng"


def sessions(value) -> str:
    return "none" if value is None else f"{value:g}"


def finding_text(finding: tuple[str, str] | None) -> str:
    if finding is None:
        return ""
    code, side = finding
    return f"{code} (only under {side})"


def shown(value: object) -> str:
    """Text from the corpus (case ids, file names) made safe for a terminal: control characters
    are written as escapes, so a hostile case id cannot move the cursor or clear the screen."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(value))


def _transitions(impact: Impact) -> str:
    return ", ".join(f"{a} -> {b}: {n}" for (a, b), n in sorted(impact.transitions.items()))


# -- text -------------------------------------------------------------------------------------

def text(impact: Impact) -> str:
    """The report for a person."""
    lines = [f"Impact of the rules: A = {shown(impact.label_a)}, B = {shown(impact.label_b)}",
             f"  cases read:          {impact.cases:,}"]
    if impact.broken:
        lines.append(f"  not readable:        {impact.broken:,} document(s), not counted as cases")
    for where, why in impact.broken_documents:
        lines.append(f"    {shown(where)}: {shown(why)}")
    if impact.broken > len(impact.broken_documents):
        lines.append(f"    ... and {impact.broken - len(impact.broken_documents):,} more")
    for name in impact.unreadable_files:
        lines.append(f"  file not read:       {shown(name)}")
    lines.append(f"  cases changed:       {impact.changed:,}")
    lines.append(f"    status:            {impact.status_changed:,}"
                 + (f"   ({_transitions(impact)})" if impact.transitions else ""))
    lines.append(f"    sessions payable:  {impact.sessions_changed:,}")
    lines.append(f"    amount:            {impact.amount_changed:,}"
                 + (f"   ({impact.amount_appeared_or_vanished:,} gain or lose their amount entirely)"
                    if impact.amount_appeared_or_vanished else ""))
    lines.append(f"    findings only:     {impact.changed - impact.figures_changed:,}")
    lines.append(f"  total change:        {signed_money(impact.total_delta)} (B - A, cases with an amount under both)")
    if impact.mean_delta is not None:
        lines.append(f"  mean change:         {signed_money(impact.mean_delta)} per case whose amount changed")
    top = impact.top
    if top:
        lines.append("")
        lines.append(f"The {len(top)} largest changes (by the change in amount):")
        for n, c in enumerate(top, start=1):
            lines.append(f"  {n:>2}. {shown(c.case_id)}   {shown(c.where)}")
            lines.append(f"      amount {money(c.amount_a)} -> {money(c.amount_b)}   change {signed_money(c.delta)}")
            lines.append(f"      sessions {sessions(c.sessions_a)} -> {sessions(c.sessions_b)}   status {c.status_a} -> {c.status_b}"
                         + (f"   finding {finding_text(c.finding)}" if c.finding else ""))
    return "\n".join(lines) + "\n"


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1d2430; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
code { background: #f1f3f6; padding: 0 .25em; border-radius: 3px; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .7rem; border-bottom: 1px solid #dde2ea; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.up { color: #1c6b33; } .down { color: #a0262a; }
svg { max-width: 100%; height: auto; }
svg .bar { fill: #3d6fb6; } svg .bar.down { fill: #c0504d; }
svg text { font: 11px system-ui, sans-serif; fill: #1d2430; }
svg .axis { stroke: #1d2430; stroke-width: 1; }
.note { color: #5b6472; font-size: .9rem; }
.scroll { overflow-x: auto; }
table.top { font-size: .9rem; } table.top td { white-space: nowrap; } table.top td.finding { white-space: normal; }
""".strip()


def html_page(impact: Impact) -> str:
    """The report as one standalone HTML file: inline CSS, an inline SVG histogram, no scripts,
    nothing fetched. Every text from the rules or the corpus is escaped."""
    e = html.escape
    title = f"Impact of the rules: {impact.label_a} \u2192 {impact.label_b}"
    rows = [("Cases read", f"{impact.cases:,}"),
            ("Documents not readable as cases", f"{impact.broken:,}"),
            ("Cases changed (status, sessions, amount or findings)", f"{impact.changed:,}"),
            ("… status changed", f"{impact.status_changed:,}"
             + (f" ({_transitions(impact)})" if impact.transitions else "")),
            ("… sessions payable changed", f"{impact.sessions_changed:,}"),
            ("… amount changed", f"{impact.amount_changed:,}"
             + (f" ({impact.amount_appeared_or_vanished:,} gain or lose their amount entirely)"
                if impact.amount_appeared_or_vanished else "")),
            ("… findings only", f"{impact.changed - impact.figures_changed:,}"),
            ("Total change (B − A, cases with an amount under both)", signed_money(impact.total_delta)),
            ("Mean change per case whose amount changed", signed_money(impact.mean_delta))]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>\n{_CSS}\n</style></head>",
        "<body>",
        "<h1>Impact of the rules</h1>",
        f"<p>A = <code>{e(impact.label_a)}</code>, B = <code>{e(impact.label_b)}</code>: every case validated "
        "under both, and the results compared.</p>",
        '<table class="summary">',
        *(f'<tr><th>{e(label)}</th><td class="num">{e(value)}</td></tr>' for label, value in rows),
        "</table>",
        "<h2>Change in amount, case by case</h2>",
    ]
    bins = histogram(impact.deltas)
    if bins:
        parts.append(histogram_svg(bins))
        parts.append(f'<p class="note">{len(impact.deltas):,} cases whose amount changed and is known under both '
                     "trees, by their change B − A in đồng; each bar is one range, its figure the number of cases.</p>")
    else:
        parts.append("<p>No case's amount changed.</p>")
    top = impact.top
    parts.append(f"<h2>The {len(top)} largest changes</h2>")
    if top:
        parts.append('<div class="scroll"><table class="top"><tr><th>#</th><th>Case</th><th>Where</th>'
                     '<th class="num">Amount A</th><th class="num">Amount B</th><th class="num">Change</th>'
                     '<th>Sessions</th><th>Status</th><th>First finding that differs</th></tr>')
        for n, c in enumerate(top, start=1):
            direction = "" if not c.delta else ' up' if c.delta > 0 else ' down'
            parts.append(
                f"<tr><td>{n}</td><td>{e(str(c.case_id))}</td><td>{e(c.where)}</td>"
                f'<td class="num">{e(money(c.amount_a))}</td><td class="num">{e(money(c.amount_b))}</td>'
                f'<td class="num{direction}">{e(signed_money(c.delta))}</td>'
                f"<td>{e(sessions(c.sessions_a))} \u2192 {e(sessions(c.sessions_b))}</td>"
                f"<td>{e(c.status_a)} \u2192 {e(c.status_b)}</td>"
                f'<td class="finding">{e(finding_text(c.finding))}</td></tr>')
        parts.append("</table></div>")
    else:
        parts.append("<p>No case changed.</p>")
    if impact.broken or impact.unreadable_files:
        parts.append("<h2>Not read</h2><ul>")
        parts.extend(f"<li>{e(where)}: {e(why)}</li>" for where, why in impact.broken_documents)
        if impact.broken > len(impact.broken_documents):
            parts.append(f"<li>… and {impact.broken - len(impact.broken_documents):,} more documents</li>")
        parts.extend(f"<li>{e(name)}: the file could not be read</li>" for name in impact.unreadable_files)
        parts.append("</ul>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def histogram_svg(bins: list[Bin], width: int = 760, height: int = 330) -> str:
    """The histogram as inline SVG: one bar per non-empty range with its count above it, the
    ranges' bounds in đồng along the x axis."""
    e = html.escape
    left, right, top, bottom = 50, 20, 24, 96
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(bins)
    tallest = max(b.count for b in bins)
    base_y = top + plot_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'role="img" aria-label="Histogram of the change in amount per case, in đồng">',
           f'<line class="axis" x1="{left}" y1="{base_y}" x2="{left + plot_w}" y2="{base_y}"/>',
           f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base_y}"/>',
           f'<text x="{left - 6}" y="{base_y + 4}" text-anchor="end">0</text>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{tallest:,}</text>',
           f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
           f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">cases</text>']
    for i, b in enumerate(bins):
        if not b.count:
            continue
        h = plot_h * b.count / tallest
        x, y = left + i * step + 1, base_y - h
        sign = " down" if b.high <= 0 else ""
        out.append(f'<rect class="bar{sign}" x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}">'
                   f"<title>{e(f'from {b.low:+,} to under {b.high:+,} đồng: {b.count:,} case(s)')}</title></rect>")
        out.append(f'<text x="{x + (step - 2) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{b.count:,}</text>')
    every = max(1, math.ceil((len(bins) + 1) / 7))
    for i in range(0, len(bins) + 1, every):
        x = left + i * step
        edge = bins[0].low + i * (bins[0].high - bins[0].low)
        out.append(f'<line class="axis" x1="{x:.1f}" y1="{base_y}" x2="{x:.1f}" y2="{base_y + 5}"/>')
        out.append(f'<text x="{x:.1f}" y="{base_y + 16}" text-anchor="end" '
                   f'transform="rotate(-35 {x:.1f} {base_y + 16})">{edge:+,}</text>'.replace(">+0<", ">0<"))
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
               "change in amount, B \u2212 A (đồng)</text>")
    out.append("</svg>")
    return "\n".join(out)


# -- JSON -------------------------------------------------------------------------------------

def json_text(impact: Impact) -> str:
    """The report as one JSON object (numbers as validators give them)."""
    return json.dumps(impact.as_dict(), ensure_ascii=False, indent=1, default=_plain) + "\n"


def _plain(value):
    """Numbers a case may carry into a result (exact Decimals) as JSON numbers; anything else as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)
