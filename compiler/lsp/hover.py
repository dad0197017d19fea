"""What `regc lsp` shows on hover, as Markdown: the law's texts (Vietnamese first: it is the law), the
values in force by date, the provenance marks (C2, 1S, INF, NF) and where a thing is used.

Each function takes the symbol, the index and the resolved program; `where` renders a span as a link to
its file and line (the server knows the URIs). No LSP type here.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from .. import ast
from ..resolve import InForce, Placed, Program, placed_as
from ..source import SourceFile, Span
from .index import Index, Occurrence, Symbol, cell_key

Where = Callable[[Span], str]
_USES_SHOWN = 12   # uses listed in a hover; the rest are counted (find references lists them all)


def hover(symbol: Symbol, index: Index, program: Program, sources: dict[str, SourceFile], where: Where,
          today: datetime.date) -> str | None:
    render = {"provision": _provision, "member": _member, "vocabulary": _vocabulary, "parameter": _parameter,
              "table": _table, "cell": _cell}[symbol.kind]
    text = render(symbol, program, where, today)
    if text is None:
        return None
    uses = index.references(symbol, declaration=False)
    if not uses and symbol.kind == "vocabulary":   # its ids are what rules use, not its name
        return text
    return text + _uses(uses, sources, where)


# -- pieces --------------------------------------------------------------------------------------

def _mark(provenance: ast.Provenance | None) -> str:
    if provenance is None:
        return ""
    return f" *({provenance.confidence}{': ' + provenance.detail if provenance.detail else ''})*"


def _texts(items: Iterable[ast.Node], kinds: tuple[str, ...] = ("title", "text")) -> list[str]:
    """The law's texts among items, Vietnamese before English, each with its provenance mark."""
    texts = [t for t in items if isinstance(t, ast.LangText) and t.kind in kinds]
    lines = []
    for lang in ("vi", "en"):
        for text in (t for t in texts if t.lang == lang):
            body = f"*pending:* {text.pending}" if text.pending is not None else _escape(text.text)
            lines.append(f"**{lang}** {body}{_mark(text.provenance)}")
    return lines


def _escape(text: str) -> str:
    """Rule texts are prose, not Markdown: keep `*`, `_` and friends as written."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def _number(value: Decimal, percent: bool = False) -> str:
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    shown = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return shown + ("%" if percent else "")


def _period(period: InForce) -> str:
    if period.start is None and period.end is None:
        return "as first written"
    start = f"from {period.start}" if period.start else "as first written"
    end = f" to {period.end}" if period.end else ""
    by = f" ({period.by.instrument} {period.by.citation})".replace(" )", ")") if period.by is not None else ""
    ended = (f", ended by {period.ended_by.instrument} {period.ended_by.citation}".rstrip()
             if period.ended_by is not None and period.ended_by is not period.by else "")
    return start + end + by + ended


def _uses(uses: list[Occurrence], sources: dict[str, SourceFile], where: Where) -> str:
    if not uses:
        return "\n\n*Not used by any rule.*"
    lines = [f"\n\n**Used at** ({len(uses)})"]
    for use in sorted(uses, key=lambda o: (o.span.file, o.span.start))[:_USES_SHOWN]:
        source = sources.get(use.span.file)
        line = " ".join(source.line_text(use.span.line).split()) if source else ""
        line = line if len(line) <= 90 else line[:89] + "…"
        lines.append(f"- {where(use.span)} `{line.replace('`', '')}`")
    if len(uses) > _USES_SHOWN:
        lines.append(f"- … and {len(uses) - _USES_SHOWN} more (find all references)")
    return "\n".join(lines)


# -- provisions ----------------------------------------------------------------------------------

def _provision(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    instrument, citation = symbol.key
    info = program.instruments.get(instrument)
    if info is None:
        return None
    versions = [p for p in info.history if p.citation == citation]
    if not versions:
        return None
    current = next((p for p in reversed(versions) if p.period.on(today)), versions[-1])
    node = current.node
    out = [f"**{instrument} {citation}** · {node.level}"]
    article = info.provisions.get(citation.split(".")[0]) if node.level in ("clause", "point") else None
    if article is not None:
        title = next((t for t in article.node.items if isinstance(t, ast.LangText) and t.kind == "title" and t.lang == "en"
                      and t.text), None)
        out[0] += f" of Article {article.citation}" + (f": {_escape(title.text)}" if title else "")
    out.append("")
    out.extend(line + "  " for line in _texts(node.items))
    for item in node.items:
        if isinstance(item, ast.Pending):
            out.append(f"*Pending:* {_escape(item.reason)}  ")
        elif isinstance(item, ast.Informative):
            out.append(f"*Informative (left out of the validators):* {_escape(item.reason)}  ")
    facts = _provision_rules(program, instrument, citation, today)
    if facts:
        out += [""] + facts
    if len(versions) > 1 or current.period.by is not None:
        out += ["", "**Versions**"]
        for version in versions:
            shown = " ← in force today" if version.period.on(today) else ""
            out.append(f"- {_period(version.period)}: {where(version.node.span)}{shown}")
    return "\n".join(out)


def _provision_rules(program: Program, instrument: str, citation: str, today: datetime.date) -> list[str]:
    """What the rules say of a point: an activity, in what, who certifies it (in force today)."""
    out = []
    for placed in program.statements(instrument, ast.Activity, on=today):
        if placed.citation == citation:
            areas = ", ".join(a.value for a in placed.node.areas)
            out.append(f"- **Activity** in {areas}{_mark(placed.node.provenance)}")
    for also in program.statements(instrument, ast.ActivitiesAlso, on=today):
        if any(str(c) == citation for c in also.node.activities):
            out.append(f"- also an activity in {', '.join(a.value for a in also.node.areas)} ({also.citation})"
                       f"{_mark(also.node.provenance)}")
    for certify in program.statements(instrument, ast.Certify, on=today):
        if any(str(c) == citation for c in certify.node.activities):
            roles = ", ".join(f"`{r.value}`" for r in certify.node.roles)
            out.append(f"- **Certified by** {roles} ({instrument} {certify.citation}){_mark(certify.node.provenance)}")
    for limit in program.statements(instrument, ast.CapSessions, on=today):
        if limit.citation == citation:
            areas = ", ".join(a.value for a in limit.node.areas)
            out.append(f"- **Cap** {limit.node.scope.value} {_number(limit.node.limit)} sessions in {areas}")
    for cap in program.statements(instrument, ast.CapTable, on=today):
        if any(str(c) == citation for c in cap.node.activities):
            out.append(f"- **Capped** {cap.node.scope.value} by table `{cap.node.table.value}` ({cap.citation})")
    return out


# -- vocabularies and their ids ------------------------------------------------------------------

def _member(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    vocabulary, ident = symbol.key
    vocab = program.vocabularies.get(vocabulary)
    member = next((m for m in vocab.members if m.id.value == ident), None) if vocab is not None else None
    if vocab is None or member is None:
        return None
    title = next((t.text for t in vocab.texts if t.kind == "title" and t.lang == "en"), "")
    out = [f"**{ident}** · an id of vocabulary `{vocabulary}`" + (f" ({_escape(title)})" if title else ""), ""]
    out.extend(line + "  " for line in _texts(member.texts, ("label",)))
    if member.provenance is not None:
        out.append(f"{_mark(member.provenance).strip()}  ")
    since = program.member_since.get((vocabulary, ident))
    if since is not None:
        start = program.acts.get(since.instrument)
        out.append(f"Added by {since.instrument} {since.citation}".rstrip() + (f", in force from {start}" if start else "")
                   + f": {where(since.node.span)}")
    if vocabulary == "certifier_role":
        certifies = [p for p in program.placed if placed_as(p, ast.Certify) and p.period.on(today)
                     and any(r.value == ident for r in p.node.roles)]
        if certifies:
            out += ["", "**Certifies**"]
            out += [f"- {', '.join(str(c) for c in p.node.activities)} ({p.instrument} {p.citation}): {where(p.node.span)}"
                    for p in certifies]
    return "\n".join(out)


def _vocabulary(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    name = symbol.key[0]
    vocab = program.vocabularies.get(name)
    if vocab is None:
        return None
    out = [f"**vocabulary {name}** · {len(vocab.members)} ids", ""]
    out.extend(line + "  " for line in _texts(vocab.texts, ("title",)))
    out.append(_owner(program, "vocabulary", name))
    out += ["", ", ".join(f"`{m.id.value}`" for m in vocab.members)]
    return "\n".join(out)


def _owner(program: Program, kind: str, name: str) -> str:
    if (kind, name) not in program.owners:
        return ""
    owner = program.owners[kind, name]
    return f"Belongs to {owner}: only an act amending it may change it.  " if owner else "Belongs to no instrument of these rules.  "


# -- parameters: dated values --------------------------------------------------------------------

def _parameter(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    name = symbol.key[0]
    parameter = program.parameters.get(name)   # as amended: the values acts set are among them
    if parameter is None:
        return None
    head = f"**parameter {name}**" + (f" · {parameter.unit.value}" if parameter.unit else "")
    if parameter.applies_on:
        head += f" · the value on the {' or '.join(a.value for a in parameter.applies_on)}"
    out = [head, ""]
    out.extend(line + "  " for line in _texts(parameter.texts, ("title",)))
    owner = _owner(program, "parameter", name)
    if owner:
        out.append(owner)
    values = sorted(parameter.values, key=lambda v: v.start)
    out += ["", "**Values by date**"]
    for value, after in zip(values, values[1:] + [None], strict=True):
        end = value.until or (after.start - datetime.timedelta(days=1) if after is not None else None)
        period = f"from {value.start}" + (f" to {end}" if end else "")
        source = f" · {_escape(value.source)}" if value.source else ""
        act = program.value_changes.get((name, value.start))
        by = f" · set by {act.instrument} {act.citation}".rstrip() if act is not None else ""
        now = " ← **in force today**" if value.start <= today and (end is None or today <= end) else ""
        out.append(f"- {period}: **{_number(value.value, value.percent)}**{source}{by}{_mark(value.provenance)}{now}")
    return "\n".join(out)


# -- tables and cells ----------------------------------------------------------------------------

def _table(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    name = symbol.key[0]
    table = program.tables.get(name)
    if table is None:
        return None
    total = 1
    for axis in table.axes:
        total *= len(axis.values)
    known = sum(1 for c in table.cells if c.value is not None)
    changed = len(program.cell_changes.get(name, ()))
    head = f"**table {name}**" + (f" · {table.unit.value}" if table.unit else "")
    out = [head, ""]
    out.extend(line + "  " for line in _texts(table.texts, ("title",)))
    out.append(f"Axes: {' × '.join(f'{a.vocabulary.value} ({len(a.values)})' for a in table.axes)}; "
               f"{known} of {total} cells written with a value" + (f", {changed} changes by acts" if changed else "") + "  ")
    if table.otherwise_pending:
        out.append(f"*Otherwise pending:* {_escape(table.otherwise_pending)}  ")
    owner = _owner(program, "table", name)
    if owner:
        out.append(owner)
    return "\n".join(out)


def _cell(symbol: Symbol, program: Program, where: Where, today: datetime.date) -> str | None:
    name, *key = symbol.key
    table = program.tables.get(name)
    if table is None:
        return None
    shown = "[" + ", ".join(key) + "]"
    out = [f"**table {name} {shown}**" + (f" · {table.unit.value}" if table.unit else ""), ""]
    for coord, axis in zip(key, table.axes, strict=False):
        labels = []
        for ident in coord.split("+"):
            member = next((m for m in program.vocabularies[axis.vocabulary.value].members if m.id.value == ident), None) \
                if axis.vocabulary.value in program.vocabularies else None
            label = next((t.text for t in member.texts if t.lang == "en"), ident) if member else ident
            labels.append(label)
        out.append(f"- {axis.vocabulary.value}: {' + '.join(labels)}")
    written = next((c for c in table.cells if cell_key(c.key, table) == tuple(key)), None)
    history: list[tuple[datetime.date | None, ast.Cell, Placed[ast.Node] | None]] = [(None, written, None)] if written else []
    wanted = tuple(tuple(coord.split("+")) for coord in key)
    for change in sorted(program.cell_changes.get(name, ()), key=lambda c: c.period.start or datetime.date.min):
        if change.key == wanted:
            history.append((change.period.start, change.cell, change.period.by))
    out += ["", "**Value by date**"]
    if not history:
        reason = table.otherwise_pending or "not written in the table"
        out.append(f"- *pending:* {_escape(reason)}")
    starts = [start for start, _, _ in history]
    for n, (start, cell, by) in enumerate(history):
        after = starts[n + 1] if n + 1 < len(starts) else None
        in_force = (start is None or start <= today) and (after is None or today < after)
        value = f"**{_number(cell.value)}**" if cell.value is not None else f"*pending:* {_escape(cell.pending or '')}"
        act = f" · set by {by.instrument} {by.citation}".rstrip() if by is not None else ""
        now = " ← **in force today**" if in_force else ""
        out.append(f"- {('from ' + str(start)) if start else 'as written'}: {value}{act}{_mark(cell.provenance)}{now}")
    return "\n".join(out)
