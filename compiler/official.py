"""Official texts: the law's own words, kept beside the rules, read into provisions and paragraphs.

An instrument names the file that holds its official text (`official_text vi "FILE"`, the path
read from the folder of the rule file that declares the instrument). The file is the law as its
publisher prints it, one paragraph a line:

    # a comment line (where the text comes from, what was left out)
    Điều 4. Thời gian tham gia tố tụng hình sự        <- an article and its title
    1. Căn cứ để tính thời gian ... gồm:               <- clause 1 and its first paragraph
    a) Tham gia hỏi cung bị can ...;                   <- point a of clause 1
    Nếu người được cử thay thế ...                     <- one more paragraph (of the provision above)

`read()` turns it into an `OfficialText`: every article, clause and point with its title and the
line it starts on, and every paragraph with the provision it follows (its `home`), so the fidelity
check (fidelity.py) can compare the rule files' `title vi` and `text vi` with it word for word and
point at the line that differs. Texts are compared as `words()` gives them: Unicode NFC, runs of
white space as one space.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import codes
from .diagnostics import Reporter
from .source import SourceFile, Span

# The point letters of Vietnamese law, in order (đ is written dd in citations).
POINT_LETTERS = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n")

_ARTICLE = re.compile(r"^(?:Điều|Article) (\d+[a-z]?)\.\s*(.*)$")
_CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$")
_POINT = re.compile(r"^(đ|[a-eg-ik-n])\)\s+(.*)$")


def words(text: str) -> str:
    """A text as it is compared: Unicode NFC, white space folded to single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the official text: its words, the provision it follows, whether it opens
    that provision (the text after `1. ` or `a) `), and the line it stands on."""
    home: str          # "4", "4.1" or "4.1.a"
    text: str
    opens: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Provision:
    citation: str      # "4", "4.1", "4.1.a"
    level: str         # article | clause | point
    title: str | None  # an article's title
    span: Span         # its first line


@dataclass(frozen=True, slots=True)
class OfficialText:
    instrument: str
    lang: str
    source: SourceFile
    provisions: dict[str, Provision]    # in the text's order
    paragraphs: tuple[Paragraph, ...]   # in the text's order

    def articles(self) -> list[str]:
        return [c for c, p in self.provisions.items() if p.level == "article"]


def read(path: Path, shown: str, instrument: str, lang: str, reporter: Reporter, anchor: Span) -> OfficialText | None:
    """Read one official text file; located errors for a file that is missing or out of order."""
    try:
        source = SourceFile.read(path, shown)
    except (OSError, UnicodeDecodeError) as err:
        reporter.error(codes.OFFICIAL_UNREADABLE, f"the official text of {instrument} cannot be read: {shown} "
                       f"({err.__class__.__name__})", anchor,
                       hint="the path is read from the folder of this rule file; the file must be UTF-8 text")
        return None
    return parse(source, instrument, lang, reporter)


def parse(source: SourceFile, instrument: str, lang: str, reporter: Reporter) -> OfficialText:
    provisions: dict[str, Provision] = {}
    paragraphs: list[Paragraph] = []
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    offset = 0
    for raw in source.text.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        line = raw.rstrip("\r").strip()
        if not line or line.startswith("#"):
            continue
        span = source.span(start + raw.index(line[0]), start + len(raw.rstrip("\r")))

        def add(citation: str, level: str, title: str | None = None, span: Span = span) -> bool:   # the span of the line being read
            if citation in provisions:
                reporter.error(codes.OFFICIAL_SHAPE, f"the official text of {instrument} has {level} {citation} twice",
                               span, hint="each article, clause and point is written once")
                return False
            provisions[citation] = Provision(citation, level, title, span)
            return True

        if match := _ARTICLE.match(line):
            article, clause, point = match.group(1), None, None
            add(article, "article", words(match.group(2)) or None)
            continue
        if (match := _CLAUSE.match(line)) and article is not None:
            expected = int(clause.rsplit(".", 1)[1]) + 1 if clause else 1
            if int(match.group(1)) != expected:
                reporter.error(codes.OFFICIAL_SHAPE, f"clause {match.group(1)} of article {article} comes where clause "
                               f"{expected} was expected", span,
                               hint="clauses are numbered 1, 2, 3, ... within an article; a paragraph that only "
                                    "begins with a number must not be followed by `. `")
            clause, point = f"{article}.{match.group(1)}", None
            if add(clause, "clause"):
                paragraphs.append(Paragraph(clause, words(match.group(2)), True, span))
            continue
        if (match := _POINT.match(line)) and clause is not None:
            letter = "dd" if match.group(1) == "đ" else match.group(1)
            expected_letter = POINT_LETTERS[POINT_LETTERS.index(point.rsplit(".", 1)[1]) + 1] if point else "a"
            if letter != expected_letter:
                reporter.error(codes.OFFICIAL_SHAPE, f"point {match.group(1)} of clause {clause} comes where point "
                               f"{'đ' if expected_letter == 'dd' else expected_letter} was expected", span,
                               hint="points follow the Vietnamese letters a, b, c, d, đ, e, g, h, i, k, l, m, n")
            point = f"{clause}.{letter}"
            if add(point, "point"):
                paragraphs.append(Paragraph(point, words(match.group(2)), True, span))
            continue
        if article is None:
            reporter.error(codes.OFFICIAL_SHAPE, "a paragraph before the first article", span,
                           hint="start the text with `Điều N. TITLE`; comment lines begin with #")
            continue
        paragraphs.append(Paragraph(point or clause or article, words(line), False, span))
    return OfficialText(instrument, lang, source, provisions, tuple(paragraphs))


def parent(citation: str) -> str | None:
    return citation.rsplit(".", 1)[0] if "." in citation else None


def ancestors(citation: str) -> list[str]:
    """4.1.a -> [4.1, 4]."""
    out = []
    above = parent(citation)
    while above is not None:
        out.append(above)
        above = parent(above)
    return out


def load(program, base: Path, reporter: Reporter, sources: dict[str, SourceFile]) -> dict[str, tuple[OfficialText, ...]]:
    """Read the official text of every instrument that names one (`official_text LANG "FILE"`); each
    file read is added to `sources`, so diagnostics in it show its lines."""
    out: dict[str, tuple[OfficialText, ...]] = {}
    for instrument, info in program.instruments.items():
        found = []
        for ref in info.decl.official:
            path = base / Path(info.file).parent / ref.path
            shown = (Path(info.file).parent / ref.path).as_posix()
            text = read(path, shown, instrument, ref.lang, reporter, ref.span)
            if text is not None:
                sources[shown] = text.source
                found.append(text)
        if found:
            out[instrument] = tuple(found)
    return out
