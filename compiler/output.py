"""Writing generated/ so that a build leaves the old tree or the new one, never a mix or a torn file.

A build writes every changed file to a temporary file in its own folder first (`.NAME.regc-new`),
flushed to disk. Then it writes a journal (`generated/.regc-build.json`, itself written to a
temporary file and renamed) listing the renames and deletions still to do, and only then renames each
file into place and deletes what is left over; the journal goes last. A build killed before the
journal exists leaves the old tree (its temporary files are swept by the next build); one killed after
leaves a journal, and the next build, or `build --check`, finishes it first (`recover`). A rename
within a folder is atomic, so no file is ever seen half written under its final name.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

JOURNAL = ".regc-build.json"
SUFFIX = ".regc-new"


def stale_files(base: Path, outputs: dict[str, str]) -> list[str]:
    """Generated files that differ from `outputs`, are missing, or are left over."""
    stale = [name for name, text in outputs.items()
             if not (base / name).is_file() or (base / name).read_bytes() != text.encode("utf-8")]
    # The folders a backend owns (generated/python, generated/docs): anything else in them is left over.
    owned = {"/".join(Path(name).parts[:2]) for name in outputs}
    for folder in sorted(owned):
        for path in sorted((base / folder).rglob("*")):
            name = path.relative_to(base).as_posix()
            if path.is_file() and name not in outputs and "__pycache__" not in path.parts and not _temporary(path):
                stale.append(name)
    return sorted(stale)


def write(base: Path, outputs: dict[str, str], stale: list[str]) -> None:
    """Bring generated/ (under `base`) to `outputs`: the stale files written, the left-over ones deleted."""
    recover(base)
    generated = base / "generated"
    generated.mkdir(parents=True, exist_ok=True)
    renames: list[tuple[str, str]] = []
    try:
        for name in stale:
            if name in outputs:
                target = base / name
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = _temporary_copy(target, outputs[name].encode("utf-8"))
                renames.append((temporary.relative_to(base).as_posix(), name))
    except BaseException:
        for written, _ in renames:   # nothing has been renamed yet: the old tree stands
            (base / written).unlink(missing_ok=True)
        raise
    deletions = [name for name in stale if name not in outputs]   # paths relative to base: the project may move
    journal = json.dumps({"rename": renames, "delete": deletions}, ensure_ascii=False).encode("utf-8")
    os.replace(_temporary_copy(generated / JOURNAL, journal), generated / JOURNAL)
    _sync_folder(generated)
    _finish(base)


def recover(base: Path) -> None:
    """Finish a build that was stopped after its journal was written; sweep the temporary files of one
    stopped before. A no-op after a build that ran to its end."""
    generated = base / "generated"
    if (generated / JOURNAL).is_file():
        _finish(base)
    if generated.is_dir():
        for path in generated.rglob(f"*{SUFFIX}*"):
            if _temporary(path):
                path.unlink(missing_ok=True)


def _finish(base: Path) -> None:
    generated = base / "generated"
    try:
        plan = json.loads((generated / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):   # a journal cut off while written was never renamed into place
        plan = {"rename": [], "delete": []}
    for temporary, target in plan["rename"]:
        if (base / temporary).exists():   # else renamed already, before the stop
            os.replace(base / temporary, base / target)
    for name in plan["delete"]:
        (base / name).unlink(missing_ok=True)
    (generated / JOURNAL).unlink(missing_ok=True)


def _temporary_copy(target: Path, data: bytes) -> Path:
    """`data` in a new file beside `target`, flushed to disk."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=SUFFIX)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(name, 0o666 & ~_umask())   # as a file written in place would be (mkstemp makes it private)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(SUFFIX)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):   # not every platform can open a folder to flush it
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
