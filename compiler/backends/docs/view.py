"""The view model of the documentation: frozen dataclasses in which everything is already decided.

The templates (Markdown and HTML alike) only loop over these and interpolate their fields: every
link is a finished relative href, every number is formatted for the page's language, every
missing translation already carries its marker. Text fields hold plain text; the HTML templates
escape it (autoescape), the Markdown ones through `text.md_escape`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Seg:
    """A run of inline text: plain, a link (`href`), or code."""
    text: str
    href: str = ""
    title: str = ""
    code: bool = False


Inline = tuple[Seg, ...]


@dataclass(frozen=True)
class Badge:
    """A provenance mark (C2, 1S, INF, NF): tooltip in HTML, footnote in Markdown."""
    mark: str
    title: str
    note: str          # Markdown footnote label, "" when the mark has no detail
    css: str


@dataclass(frozen=True)
class Para:
    """A paragraph of the law or of the rules, in the page's language or marked as a fallback."""
    text: str
    badges: tuple[Badge, ...]
    fallback: str      # "" or the marker saying which language is missing
    lang: str


@dataclass(frozen=True)
class Snippet:
    """Rule statements quoted from a rule file, highlighted, with their file and line."""
    where: Seg         # 'rules/x.rules:141', linked to the line on the file's page
    html: str          # HTML (markupsafe.Markup): the lines, highlighted, each with its number linked
    text: str          # the same lines as plain text, for a Markdown fence
    fence: str         # a fence longer than any run of backticks in `text`
    when: str = ""
    indented: str = "" # `text` indented for a fence inside a Markdown list item


@dataclass(frozen=True)
class RuleItem:
    """One thing the rules do, in plain words, with the rule file and line it comes from."""
    parts: Inline
    where: Seg
    rows: tuple[Inline, ...] = ()
    when: str = ""     # the dates it is in force ('..2026-12-31 2028-01-01..'), "" when always (timeline.py)
    code: Snippet | None = None   # the statement it is written in, quoted (Markdown shows it under the item)


@dataclass(frozen=True)
class Column:
    """The law's text in one language: the official text (the law) or a translation beside it."""
    lang: str
    label: str
    paras: tuple[Para, ...]
    official: bool     # this language's text is the law


@dataclass(frozen=True)
class Interp:
    """A reading the rules choose (an interpretation), or one option of a choice between readings."""
    id: str
    readings: tuple[Para, ...]
    reasons: tuple[Para, ...]
    badges: tuple[Badge, ...]
    where: Seg
    choice: str = ""     # an option of a choice: the choice's title ...
    applies: str = ""    # ... and whether it is the default or how to choose it


@dataclass(frozen=True)
class Block:
    """One provision (article, clause or point) on an article page."""
    anchor: str
    heading: str
    md_heading: str    # the Markdown heading marks, e.g. "###"
    tag: str           # the HTML heading element, e.g. "h3"
    cite: str
    level: str
    titles: tuple[Para, ...]
    columns: tuple[Column, ...]    # the law side by side: the page's language first, each marked
    code: tuple[Snippet, ...]      # the rule statements that encode it, as written
    notes: tuple[Para, ...]
    pending: tuple[Para, ...]
    informative: tuple[Para, ...]
    interpretations: tuple[Interp, ...]
    rules: tuple[RuleItem, ...]
    examples: Inline
    status: str
    status_key: str
    period: Inline = ()    # when an amending act brought or ended this version: its dates and the act
    when: str = ""         # the dates this version is in force, for the date view


@dataclass(frozen=True)
class Note:
    label: str
    text: str


@dataclass(frozen=True)
class Frame:
    """What every page has around its content: language, links, navigation, footnotes."""
    lang: str
    title: str
    header: str
    L: dict
    home: str
    other_href: str
    other_label: str
    other_lang: str
    css: str
    scripts: tuple[str, ...]
    root: str
    nav: str                 # the navigation, as HTML (markupsafe.Markup), the page's own link marked; "" in Markdown
    notes: tuple[Note, ...] = field(default=())
    known: str = ""          # the last date the rules record a change for (ISO)
    asof: str = ""           # the line said with no date chosen: all versions, changes known up to ...
    earliest: str = ""       # the first date the date picker offers
    key: tuple[tuple[str, str, str, str], ...] = ()   # the legend of pills and marks: (mark, css, name, meaning)


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""
    title: str = ""
    badges: tuple[Badge, ...] = ()
    css: str = ""
    note: str = ""          # Markdown footnote label (a pending cell's reason)
    code: bool = False
    id: str = ""            # an anchor on the cell (a parameter value's row)
    when: str = ""          # the dates the value is in force, for the date view
    alts: tuple[Cell, ...] = ()   # values over time, each with its `when`, shown in one cell


@dataclass(frozen=True)
class Grid:
    """A table: a header row and rows of cells; `caption` says what it is."""
    caption: str
    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    anchor: str = ""
    css: str = ""
    when: tuple[str, ...] = ()     # per row: the dates it is in force ("" always)


@dataclass(frozen=True)
class Svg:
    """A drawing, every coordinate already a string with fixed decimals."""
    width: str
    height: str
    title: str
    rects: tuple[tuple[str, str, str, str, str], ...] = ()        # x, y, w, h, css class
    lines: tuple[tuple[str, str, str, str, str], ...] = ()        # x1, y1, x2, y2, css class
    paths: tuple[tuple[str, str], ...] = ()                       # d, css class
    texts: tuple[tuple[str, str, str, str, str], ...] = ()        # x, y, anchor, css class, text
    tips: tuple[tuple[str, str, str, str, str], ...] = ()         # x, y, w, h, tooltip text
