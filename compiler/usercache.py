"""The user's private cache: what is slow to rebuild and safe to throw away.

What is kept: the grammar's parse tables (Lark, about 0.4 s to rebuild), the compiled templates
(Jinja2, about 0.4 s for all of them), the compiled code of generated modules, the surface AST of
each rule file and the validators of the worked examples' other readings (pipeline.py), and the
docs' history of changes and their whole output (backends/docs). They are loaded as pickles
or code objects, so a folder another user can write to would let them run code as whoever runs
regc: the cache is used
only when its folder is the user's own and no one else can write to it (mode 0700), and never
otherwise. Nothing is cached in the shared temporary folder.

The folder is `$REGC_CACHE_DIR`, else `$XDG_CACHE_HOME/regc`, else `~/.cache/regc`; set
`REGC_CACHE_DIR` to an empty string to use no cache at all. Each entry's name carries the hash of
what it was built from, so a new grammar, template or library version never meets an old entry.
"""
from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from . import __version__

if TYPE_CHECKING:
    import jinja2


@functools.cache
def folder() -> Path | None:
    """The private cache folder of this version of regc, created if need be; None when there is no
    safe one (another owner, a mode that lets others write, a platform without user ids)."""
    configured = os.environ.get("REGC_CACHE_DIR")
    if configured == "" or not hasattr(os, "getuid"):
        return None
    if configured:
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "regc" if xdg else Path.home() / ".cache" / "regc"
    path = base / __version__
    try:
        for part in (base, path):
            part.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(part):
                return None
    except OSError:
        return None
    return path


def _private(path: Path) -> bool:
    """A folder (not a link) the user owns and that only the user can write to."""
    info = path.lstat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(name: str, read: Callable[[BinaryIO], object]) -> object | None:
    """The entry `name` read with `read`, or None when there is no cache, no entry, or it cannot be read."""
    base = folder()
    if base is None:
        return None
    try:
        with open(base / name, "rb") as file:
            value = read(file)
    except Exception:   # a missing, truncated or foreign entry is rebuilt, never trusted
        return None
    try:
        os.utime(base / name)   # used now: the last to be pruned (store's `keep`)
    except OSError:
        pass   # a read-only cache is still read
    return value


def store(name: str, write: Callable[[BinaryIO], None], keep: int | None = None) -> None:
    """Write the entry `name` with `write`, atomically: a reader sees the old entry or the whole new one.
    With `keep`, only that many entries of its kind (the names that share its prefix up to the last
    `-`) are kept, those used last: a drafter's every edit makes new entries, and the folder would
    otherwise only grow."""
    base = folder()
    if base is None:
        return
    import tempfile  # only here: a validation that finds its entries never writes one

    try:
        handle, temporary = tempfile.mkstemp(dir=base, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                write(file)
            os.replace(temporary, base / name)
        except BaseException:
            os.unlink(temporary)
            raise
        if keep is not None:
            _prune(base, name.rsplit("-", 1)[0] + "-", keep)
    except OSError:
        pass   # a full disk or a read-only home: regc works, only slower


def _prune(base: Path, prefix: str, keep: int) -> None:
    """Remove the entries named `prefix...` but the `keep` used last (loaded or written)."""
    entries = []
    for path in base.iterdir():
        if path.name.startswith(prefix) and "-" not in path.name[len(prefix):]:
            try:
                entries.append((path.stat().st_mtime_ns, path.name, path))
            except OSError:
                continue   # removed meanwhile by another regc
    entries.sort(reverse=True)
    for _, _, path in entries[keep:]:
        path.unlink(missing_ok=True)


def template_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Where a Jinja2 environment keeps its compiled templates; `kind` names the environment, whose
    settings (escaping, finalize) are compiled into the code and so must not share entries."""
    import jinja2  # only the backends render templates: validating a case never imports Jinja2

    base = folder()
    return jinja2.FileSystemBytecodeCache(str(base), f"templates-{kind}-%s.cache") if base else None
