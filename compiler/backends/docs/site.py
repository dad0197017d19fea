"""Where everything lives in the documentation, and how one page links to another.

`Site` indexes the IR once: instruments and their provisions by citation, vocabulary labels, tables,
parameters and the decrees their values come from. `PageCtx` is one page being built (language,
format, path): it turns a citation, a rule's origin or a page name into a relative href from that
page, picks the page's language of a text (or the other one, marked), and collects the page's
footnotes in the order they are first used, so numbering is stable.

Page paths are relative to the language folder and have no extension:
    index                          instruments and shared pages
    SLUG/index                     one instrument: identity and contents
    SLUG/articles/N                one article
    SLUG/certifiers, SLUG/rates, SLUG/coverage, SLUG/examples/STEM
    tables/index, tables/TABLE, parameters, changes (changes.py), sources, calculator
    reference                      the rule language: every statement (rule_language.py)
    source/FILE                    a rule file, worked example or official text, line by line (code.py)

Every link stays inside the site, except to official sources: a rule file and line is a link to the
file's page here (`source/rules/x.rules#L141`), never to the file in the project.
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ... import ir
from . import code, labels, text, timeline
from .labels import OTHER, ui
from .view import Badge, Para, Seg, Snippet

DOCS = "generated/docs"
EXT = {"md": "md", "html": "html"}


@dataclass(frozen=True)
class Article:
    instrument: ir.Instrument
    provision: ir.Provision
    chapter: ir.Provision | None


class Site:
    def __init__(self, program: ir.Program, worked: dict | None = None, base: Path | None = None) -> None:
        self.program = program
        self.worked = worked or {}   # example file -> worked.Worked
        self.base = base
        self._listings: dict[str, code.Listing | None] = {}
        self.snippets: dict[tuple, Snippet] = {}
        self.links: dict[tuple[str, str, str], str] = {}   # (from folder, to language, target) -> href
        self.memo: dict[tuple, Any] = {}          # what every page of a folder shares (the navigation)
        self._targets: dict[tuple[str, str], str | None] = {}   # (instrument, citation) -> cite_target
        self._full_targets: dict[str, str | None] = {}          # cite -> full_cite_target
        self.calculator_modules: dict[str, str] = {}   # validator module -> its JavaScript (calculator.py)
        self.provision_periods = timeline.provision_periods(p for i in program.instruments for p in i.provisions)
        recorded = timeline.dates(program)
        self.known = recorded[-1] if recorded else None       # changes known up to this date
        self.earliest = recorded[0] if recorded else None
        self.instruments = {i.id: i for i in program.instruments}
        self.slugs = {i.id: text.slug(i.id) for i in program.instruments}
        self.provisions: dict[tuple[str, str], ir.Provision] = {}
        self.articles: dict[str, list[Article]] = {}
        for instrument in program.instruments:
            found: list[Article] = []
            for top in instrument.provisions:
                self._index(instrument, top)
                if top.level == "chapter":
                    found.extend(Article(instrument, a, top) for a in top.children if a.level == "article")
                elif top.level == "article":
                    found.append(Article(instrument, top, None))
            self.articles[instrument.id] = found
        self.vocabularies = {v.id: v for v in program.vocabularies}
        self.members: dict[str, ir.Member] = {}
        for vocabulary in program.vocabularies:
            for member in vocabulary.members:
                self.members.setdefault(member.id, member)
        self.tables = {t.id: t for t in program.tables}
        self.parameters = {p.id: p for p in program.parameters}
        self.validators = {v.instrument: v for v in program.validators}
        # A parameter value's source ("73/2024/NĐ-CP", "144/2017/NĐ-CP 13.1") -> where it is shown.
        self.sources: dict[str, str] = {}
        for parameter in program.parameters:
            for value in parameter.values:
                if value.source:
                    self.sources.setdefault(value.source, f"parameters#{value_anchor(parameter, value)}")

    def listing(self, file: str) -> code.Listing | None:
        """A file of the rules, read and highlighted once per build (None: it cannot be read)."""
        if file not in self._listings:
            self._listings[file] = code.read(self.base, file) if self.base is not None else None
        return self._listings[file]

    def files(self) -> list[str]:
        """Every file the docs link to, in a fixed order: each instrument's rule files and official
        texts, the files of vocabularies, parameters and tables, and the worked examples."""
        found: dict[str, None] = {}
        for instrument in self.program.instruments:
            found.update(dict.fromkeys(instrument.files))
            found.update(dict.fromkeys(f for _, f in instrument.official))
        origins = [t.origin for t in self.program.vocabularies] + [t.origin for t in self.program.parameters] \
            + [t.origin for t in self.program.tables]
        found.update(dict.fromkeys(o.file for o in origins))
        found.update(dict.fromkeys(self.worked))
        return [f for f in found if self.listing(f) is not None]

    def _index(self, instrument: ir.Instrument, provision: ir.Provision) -> None:
        self.provisions[instrument.id, provision.citation] = provision
        for child in provision.children:
            self._index(instrument, child)

    def cite_target(self, instrument: str, citation: str) -> str | None:
        """The page (and anchor) of a citation inside an instrument, or None if it has no page."""
        key = (instrument, citation)
        if key not in self._targets:   # every page of both formats and languages asks again
            self._targets[key] = self._cite_target(instrument, citation)
        return self._targets[key]

    def _cite_target(self, instrument: str, citation: str) -> str | None:
        if instrument not in self.instruments:
            return None
        slug = self.slugs[instrument]
        if not citation:
            return f"{slug}/index"
        if citation.startswith("chapter "):
            return f"{slug}/index#{text.anchor(citation)}"
        parts = citation.split(".")
        article = parts[0]
        if (instrument, article) not in self.provisions:
            return None
        while parts and (instrument, ".".join(parts)) not in self.provisions:
            parts.pop()
        return f"{slug}/articles/{article}#{text.anchor('.'.join(parts))}"

    def full_cite_target(self, cite: str) -> str | None:
        """The page of a citation as results write it: '02/2021/TT-BTP 4.3.a', '73/2024/NĐ-CP'."""
        if cite not in self._full_targets:
            self._full_targets[cite] = self._full_cite_target(cite)
        return self._full_targets[cite]

    def _full_cite_target(self, cite: str) -> str | None:
        for instrument in sorted(self.instruments, key=len, reverse=True):
            if cite == instrument or cite.startswith(instrument + " "):
                return self.cite_target(instrument, cite[len(instrument):].strip())
        return self.sources.get(cite)


def value_anchor(parameter: ir.Parameter, value: ir.ParamValue) -> str:
    return text.anchor(f"{parameter.id}-{value.start.isoformat()}")


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: a build asks for the same few thousand links again and again.
    Both are paths inside the site, relative to the project: compared part by part, without the
    current folder posixpath.relpath asks the system for on every call."""
    to, at = target.split("/"), start.split("/")
    if _ODD_PARTS.intersection(to) or _ODD_PARTS.intersection(at):   # not plain: let posixpath normalize it
        return posixpath.relpath(target, start)
    common = 0
    for a, b in zip(to, at, strict=False):   # the shorter path ends the comparison
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


_ODD_PARTS = frozenset(("", ".", ".."))


class PageCtx:
    """One page being built: its language, format and place in the site."""

    def __init__(self, site: Site, lang: str, fmt: str, path: str) -> None:
        self.site = site
        self.lang = lang
        self.fmt = fmt
        self.path = path
        self.file = f"{DOCS}/{fmt}/{lang}/{path}.{EXT[fmt]}"
        self.folder = posixpath.dirname(self.file)
        self._notes: dict[str, str] = {}

    # -- links ---------------------------------------------------------------------------

    def rel(self, target_file: str) -> str:
        return _relpath(target_file, self.folder)

    def link(self, target: str, lang: str | None = None) -> str:
        """The href of another page ('SLUG/articles/4#4.3.a') from this one (each asked for again and again)."""
        key = (self.folder, lang or self.lang, target)
        found = self.site.links.get(key)
        if found is None:
            page, _, fragment = target.partition("#")
            path = self.rel(f"{DOCS}/{self.fmt}/{lang or self.lang}/{page}.{EXT[self.fmt]}")
            found = self.site.links[key] = text.href(path + (f"#{fragment}" if fragment else ""))
        return found

    def svg_link(self, page: str) -> str:
        return text.href(self.rel(f"{DOCS}/{self.fmt}/{self.lang}/{page}.svg"))

    def asset(self, name: str) -> str:
        return text.href(self.rel(f"{DOCS}/html/assets/{name}"))

    def where(self, origin: ir.Origin) -> Seg:
        """`rules/FILE:LINE`, linked to that line on the file's page in the site."""
        return Seg(origin.where, self.file_href(origin.file, origin.line), code=True)

    def file_href(self, file: str, line: int | None = None) -> str:
        """The file's page in the site (at a line); "" when the file is not one the site shows."""
        if self.site.listing(file) is None:
            return ""
        return self.link(code.page_of(file) + (f"#L{line}" if line else ""))

    def file_seg(self, file: str) -> Seg:
        return Seg(file, self.file_href(file), code=True)

    def snippet(self, origin: ir.Origin, when: str = "") -> Snippet | None:
        """The rule statement written at `origin`, highlighted, each line's number linked to the file's page."""
        key = (self.fmt, posixpath.dirname(self.path), origin.file, origin.line, when)
        cached = self.site.snippets.get(key)
        if cached is not None:
            return cached
        listing = self.site.listing(origin.file)
        if listing is None:
            return None
        first, last, cut = code.statement(listing, origin.line)
        if last < first:
            return None
        width, lines = code.dedent(listing.lines[first - 1:last])
        page = self.link(code.page_of(origin.file))
        html = []
        for number in range(first, last + 1):
            shown = code.cut_html(listing.html[number - 1], width)
            html.append(f'<a class="ln" href="{escape(page)}#L{number}">{number}</a>{shown}')
        if cut:
            html.append('<span class="ln"></span><span class="c">…</span>')
        body = "\n".join(lines) + ("\n…" if cut else "")
        indented = "\n".join("  " + line if line else "" for line in body.split("\n"))
        snippet = Snippet(self.where(origin), Markup("\n".join(html)), text.Raw(body), text.Raw(code.fence(body)), when,
                          text.Raw(indented))
        self.site.snippets[key] = snippet
        return snippet

    def cite(self, instrument: str, citation: str, shown: str | None = None) -> Seg:
        target = self.site.cite_target(instrument, citation)
        label = shown if shown is not None else f"{instrument} {citation}".strip()
        return Seg(label, self.link(target) if target else "")

    def cite_full(self, cite: str | None) -> Seg:
        if not cite:
            return Seg("")
        target = self.site.full_cite_target(cite)
        return Seg(cite, self.link(target) if target else "")

    # -- texts -----------------------------------------------------------------------------

    def ui(self, key: str) -> str:
        return ui(key, self.lang)

    def badges(self, confidence: str | None, detail: str | None) -> tuple[Badge, ...]:
        if not confidence:
            return ()
        meaning = labels.MARKS.get(confidence, {}).get(self.lang, "")
        title = f"{confidence}: {meaning}" + (f" — {text.one_line(detail)}" if detail else "")
        note = self.note(f"{confidence} — {text.one_line(detail)}") if detail else ""
        return (Badge(confidence, title, note, "b-" + text.slug(confidence)),)

    def note(self, body: str) -> str:
        """A footnote label for `body` (the same body gets the same label on a page)."""
        if body not in self._notes:
            self._notes[body] = str(len(self._notes) + 1)
        return self._notes[body]

    def notes(self) -> tuple[tuple[str, str], ...]:
        return tuple((label, body) for body, label in self._notes.items())

    def paras(self, texts: tuple[ir.Text, ...]) -> tuple[Para, ...]:
        """The page's language of each paragraph, or the other language marked as a fallback; a text
        written pending in the page's language says why it is not known."""
        own = [t for t in texts if t.lang == self.lang and t.pending is None]
        other = [t for t in texts if t.lang == OTHER[self.lang] and t.pending is None]
        pending = next((t.pending for t in texts if t.lang == self.lang and t.pending is not None), None)
        if pending is not None:
            marker = self.ui("pending_text").format(reason=pending)
            return tuple(Para(t.text, self.badges(t.confidence, t.detail), marker, t.lang) for t in other)
        marker = self.ui("missing_vi" if self.lang == "vi" else "missing_en")
        out = []
        for i in range(max(len(own), len(other))):
            if i < len(own):
                out.append(Para(own[i].text, self.badges(own[i].confidence, own[i].detail), "", self.lang))
            else:
                out.append(Para(other[i].text, self.badges(other[i].confidence, other[i].detail), marker, other[i].lang))
        return tuple(out)

    def originals(self, texts: tuple[ir.Text, ...]) -> tuple[Para, ...]:
        """On English pages, the Vietnamese texts (the law's own language) shown under the English."""
        if self.lang != "en":
            return ()
        return tuple(Para(t.text, self.badges(t.confidence, t.detail), "", t.lang) for t in texts
                     if t.lang == "vi" and t.pending is None)

    def untranslated(self, body: str) -> Para:
        """A text the rule files give in English only (a reason, a finding): marked on vi pages."""
        return Para(body, (), self.ui("missing_vi") if self.lang == "vi" else "", "en")

    def title(self, texts: tuple[ir.Text, ...]) -> str:
        """One short title in the page's language, else the other one with a short mark."""
        own = [t.text for t in texts if t.lang == self.lang and t.pending is None]
        if own:
            return own[0]
        other = [t.text for t in texts if t.lang == OTHER[self.lang] and t.pending is None]
        if other:
            return other[0] + (" (EN)" if self.lang == "vi" else " (VI)")
        return ""

    def label(self, member_id: str) -> str:
        member = self.site.members.get(member_id)
        return self.title(member.labels) if member and member.labels else member_id

    def example_name(self, worked) -> str:
        """A worked example's name (written in English: marked on Vietnamese pages)."""
        return worked.name + labels.UI["en_only_mark"][self.lang]

    def vocabulary_title(self, vocabulary: str) -> str:
        v = self.site.vocabularies.get(vocabulary)
        return self.title(v.titles) if v and v.titles else vocabulary

    def parameter_title(self, parameter: str) -> str:
        p = self.site.parameters.get(parameter)
        return self.title(p.titles) if p and p.titles else parameter

    def number(self, value) -> str:
        return text.number(value, self.lang)

    def date(self, value) -> str:
        return text.date(value, self.lang)

    def mechanism(self, word: str) -> str:
        return labels.MECHANISMS.get(word, {}).get(self.lang, word)

    def heading(self, provision: ir.Provision) -> str:
        if provision.level == "chapter":
            return f"{self.ui('chapter')} {provision.number}"
        number = "đ" if provision.number == "dd" and self.lang == "vi" else provision.number
        return f"{self.ui(provision.level)} {number}"
