"""Small text helpers of the docs backend: Markdown escaping, slugs, numbers and dates per language.

`md_escape` is to the Markdown templates what autoescape is to the HTML ones: the Markdown
environment applies it to every `{{ }}` value (Jinja's `finalize`), so a text from a rule file can
never open a link, an emphasis, a table cell or an HTML tag. Values the backend builds as Markdown
on purpose (hrefs, which are percent-quoted) go through `Raw`, which it leaves alone.
"""
from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from decimal import Decimal
from urllib.parse import quote

_SPACES = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"[\\`*\[\]|~<>&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MD_LINE_START = re.compile(r"^(#|-|\+|=)")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ANCHOR = re.compile(r"[^A-Za-z0-9._-]+")
_PLAIN_HREF = re.compile(r"[A-Za-z0-9/._~-]*(?:#[A-Za-z0-9._~-]+)?")   # what href() leaves as it is


class Raw(str):
    """A string that is already Markdown (a percent-quoted href): md_escape leaves it as it is."""


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def md_escape(value, line_start: bool = True) -> str:
    """Any value as Markdown text that shows exactly that text, on one line.

    With `line_start`, a text that could open a heading, a list or a quote there is escaped too."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    return _md_escaped(str(value), line_start)


@functools.lru_cache(maxsize=65536)
def _md_escaped(text: str, line_start: bool) -> str:
    """md_escape of a plain str, remembered: a build escapes the same few thousand texts (labels,
    names, citations) some twenty thousand times, four regex passes each."""
    text = _SPACES.sub(" ", text)
    text = _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m.group(0), "\\" + m.group(0)), text)
    if not line_start:
        return text
    text = _MD_LIST_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(0), text)


def href(path: str) -> Raw:
    """A relative path (with an optional #fragment) quoted for use as a link target in both formats."""
    if _PLAIN_HREF.fullmatch(path):   # nothing to quote, as in most links: quote() is the slow part
        return Raw(path)
    target, _, fragment = path.partition("#")
    quoted = quote(target, safe="/.-_~")
    return Raw(quoted + ("#" + quote(fragment, safe=".-_~") if fragment else ""))


def slug(text: str) -> str:
    """ASCII file-name slug: '144/2017/NĐ-CP' -> '144-2017-nd-cp'."""
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-") or "x"


def anchor(text: str) -> str:
    """An HTML id from a citation or a name: kept readable ('4.3.a', 'chapter-II')."""
    return _NOT_ANCHOR.sub("-", text).strip("-") or "x"


# -- numbers and dates --------------------------------------------------------------------

def decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def number(value, lang: str) -> str:
    """A number as written in the language: 2,340,000.5 (en), 2.340.000,5 (vi); exact, no float."""
    text = format(decimal(value).normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = (",", ".") if lang == "en" else (".", ",")
    return sign + thousands.join(groups) + (point + frac if frac else "")


def percent(fraction, lang: str) -> str:
    return number(decimal(fraction) * 100, lang) + "%"


def date(value: datetime.date | None, lang: str) -> str:
    if value is None:
        return ""
    return value.isoformat() if lang == "en" else value.strftime("%d/%m/%Y")


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, with an ellipsis when cut."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
