"""The language of regc's messages, chosen without importing the message catalog (a fresh `regc
validate` prints none, and should not pay for them)."""
from __future__ import annotations

import os

LANGUAGES = ("en", "vi")


def language(requested: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language of messages: the one asked for, else the locale's (LC_ALL, LC_MESSAGES, LANG,
    the first one set, as POSIX reads them) when it is Vietnamese, else English."""
    if requested:
        return requested
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"
