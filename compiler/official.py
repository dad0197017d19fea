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
from .diagnostics import Reporter, define, text
from .source import SourceFile, Span

# The point letters of Vietnamese law, in order (đ is written dd in citations).
POINT_LETTERS = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n")

_M = define
_UNREADABLE = _M("official.unreadable", "the official text of {instrument} cannot be read: {path} ({error})",
                 "không đọc được văn bản chính thức của {instrument}: {path} ({error})")
_H_UNREADABLE = _M("official.hint.unreadable", "the path is read from the folder of this rule file; the file must be UTF-8 text",
                   "đường dẫn được tính từ thư mục của tệp quy tắc này; tệp phải là văn bản UTF-8")
_LEVEL = {"article": _M("official.level.article", "article", "Điều"),
          "clause": _M("official.level.clause", "clause", "khoản"),
          "point": _M("official.level.point", "point", "điểm")}
_TWICE = _M("official.twice", "the official text of {instrument} has {level} {citation} twice",
            "văn bản chính thức của {instrument} có {level} {citation} hai lần")
_H_TWICE = _M("official.hint.twice", "each article, clause and point is written once", "mỗi điều, khoản, điểm chỉ được viết một lần")
_CLAUSE_ORDER = _M("official.clause-order", "clause {number} of article {article} comes where clause {expected} was expected",
                   "khoản {number} của Điều {article} đứng ở chỗ lẽ ra là khoản {expected}")
_H_CLAUSE_ORDER = _M("official.hint.clause-order",
                     "clauses are numbered 1, 2, 3, ... within an article; a paragraph that only begins with a number "
                     "must not be followed by `. `",
                     "các khoản trong một điều được đánh số 1, 2, 3, ...; một đoạn chỉ tình cờ bắt đầu bằng một số thì "
                     "sau số đó không được có `. `")
_POINT_ORDER = _M("official.point-order", "point {letter} of clause {clause} comes where point {expected} was expected",
                  "điểm {letter} của khoản {clause} đứng ở chỗ lẽ ra là điểm {expected}")
_H_POINT_ORDER = _M("official.hint.point-order", "points follow the Vietnamese letters a, b, c, d, đ, e, g, h, i, k, l, m, n",
                    "các điểm theo thứ tự chữ cái tiếng Việt a, b, c, d, đ, e, g, h, i, k, l, m, n")
_BEFORE_ARTICLE = _M("official.before-article", "a paragraph before the first article", "một đoạn văn nằm trước điều đầu tiên")
_H_BEFORE_ARTICLE = _M("official.hint.before-article", "start the text with `Điều N. TITLE`; comment lines begin with #",
                       "mở đầu văn bản bằng `Điều N. TITLE`; dòng chú thích bắt đầu bằng #")

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
        reporter.error(codes.OFFICIAL_UNREADABLE, text(_UNREADABLE, instrument=instrument, path=shown,
                                                        error=err.__class__.__name__), anchor, hint=text(_H_UNREADABLE))
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
                reporter.error(codes.OFFICIAL_SHAPE, text(_TWICE, instrument=instrument, level=text(_LEVEL[level]),
                                                      citation=citation), span, hint=text(_H_TWICE))
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
                reporter.error(codes.OFFICIAL_SHAPE, text(_CLAUSE_ORDER, number=match.group(1), article=article,
                                                      expected=str(expected)), span, hint=text(_H_CLAUSE_ORDER))
            clause, point = f"{article}.{match.group(1)}", None
            if add(clause, "clause"):
                paragraphs.append(Paragraph(clause, words(match.group(2)), True, span))
            continue
        if (match := _POINT.match(line)) and clause is not None:
            letter = "dd" if match.group(1) == "đ" else match.group(1)
            expected_letter = POINT_LETTERS[POINT_LETTERS.index(point.rsplit(".", 1)[1]) + 1] if point else "a"
            if letter != expected_letter:
                reporter.error(codes.OFFICIAL_SHAPE, text(_POINT_ORDER, letter=match.group(1), clause=clause,
                                                      expected="đ" if expected_letter == "dd" else expected_letter),
                               span, hint=text(_H_POINT_ORDER))
            point = f"{clause}.{letter}"
            if add(point, "point"):
                paragraphs.append(Paragraph(point, words(match.group(2)), True, span))
            continue
        if article is None:
            reporter.error(codes.OFFICIAL_SHAPE, text(_BEFORE_ARTICLE), span, hint=text(_H_BEFORE_ARTICLE))
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
