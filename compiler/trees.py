"""Rule trees named on the command line, for commands that compare two of them (`regc impact`, `regc diff`).

A tree spec is what a person types to name a set of rules:

- a folder: `rules`, `../drafts/2027/rules`;
- several folders read together: `rules+examples/draft-2026` (as `--rules`, see digest.rule_dirs);
- a git revision of the project: `HEAD~1`, a tag, a commit; its rules are the `--rules` folder as it
  was at that revision;
- a revision and a folder: `REV:path/to/rules` (the path as seen from the current folder, as git
  reads `REV:./path`);
- parts joined with `+` may mix the two: `v1.0+examples/draft-2026`.

    with materialise("HEAD~1", Path("rules")) as tree:
        validator = compile_validator(tree.dirs)
        print(tree.label)                      # "HEAD~1", for reports

A revision is written out with `git archive REV -- PATH` into a temporary folder, kept with the
same relative path (`<tmp>/rules/...`, so diagnostics name `rules/base-salary.rules` as usual),
and removed when the `with` block ends. A spec that is neither an existing folder nor a git
revision raises `TreeSpecError`, whose message is ready to print.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Text, define, text
from .digest import RulesArg, rule_dirs

_EMPTY = define("tree.empty", "regc: an empty rule tree was given (a rules folder or a git revision is needed)",
                "regc: cây quy tắc được cho là rỗng (cần một thư mục quy tắc hoặc một phiên bản git)")
_NEITHER = define("tree.neither", "regc: `{spec}` is neither a rules folder nor a git revision",
                  "regc: `{spec}` không phải là thư mục quy tắc, cũng không phải phiên bản git")
_NO_FOLDER = define("tree.no-folder", "regc: `{spec}`: revision {revision} has no folder `{folder}`",
                    "regc: `{spec}`: phiên bản {revision} không có thư mục `{folder}`")
_ARCHIVE = define("tree.archive", "regc: `{spec}`: git archive failed: {reason}",
                  "regc: `{spec}`: git archive không thành công: {reason}")
_OUTSIDE = define("tree.outside", "regc: `{spec}`: the folder {folder} is outside the git repository at {top}",
                  "regc: `{spec}`: thư mục {folder} nằm ngoài kho git tại {top}")


@dataclass(frozen=True, slots=True)
class Tree:
    """A rule tree ready to compile: its folders on disk, and the spec as written, for reports."""
    label: str
    dirs: tuple[Path, ...]


class TreeSpecError(Exception):
    """A spec names no rules: not a folder, not a revision, or a revision without that folder.
    Its message is in English; `text` renders it in the reader's language."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.render())
        self.text = message


@contextmanager
def materialise(spec: str, default_rules: RulesArg = "rules") -> Iterator[Tree]:
    """The rule tree `spec` names, on disk for the duration of the `with` block.

    `default_rules` is the rules folder (or folders) a bare revision stands for: the `--rules`
    option, read relative to the current folder.
    """
    with ExitStack() as cleanup:
        dirs: list[Path] = []
        for part in _parts(spec):
            if Path(part).is_dir():
                dirs.append(Path(part))
            else:
                dirs.extend(_revision(part, spec, default_rules, cleanup))
        yield Tree(label=spec, dirs=tuple(dirs))


def _parts(spec: str) -> list[str]:
    """`A+B` is two parts, unless a folder is really called `A+B`."""
    if not spec.strip():
        raise TreeSpecError(text(_EMPTY))
    if "+" in spec and not Path(spec).exists():
        return [part for part in spec.split("+") if part]
    return [spec]


def _revision(part: str, spec: str, default_rules: RulesArg, cleanup: ExitStack) -> list[Path]:
    """Write the rules of `REV` or `REV:path` to a temporary folder; its rules folders."""
    neither = TreeSpecError(text(_NEITHER, spec=spec))
    revision, _, path = part.partition(":")
    if not revision or revision.startswith("-"):   # never let a spec become a git option
        raise neither
    top = _git_top()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top) if top else None
    if top is None or not commit:
        raise neither
    wanted = [path] if path else [str(d) for d in rule_dirs(default_rules)]
    inside = [_inside(top, folder, spec) for folder in wanted]
    for folder, relative in zip(wanted, inside, strict=True):
        if _git(["cat-file", "-t", f"{commit}:{relative}"], top) != "tree":
            raise TreeSpecError(text(_NO_FOLDER, spec=spec, revision=revision, folder=folder))
    target = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="regc-tree-")))
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "--", *inside],
                             cwd=top, capture_output=True, check=False)
    if archive.returncode != 0:
        reason = archive.stderr.decode("utf-8", "replace").strip()
        raise TreeSpecError(text(_ARCHIVE, spec=spec, reason=reason))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")   # "data": no absolute paths, links out or devices
    return [target / relative for relative in inside]


def _inside(top: Path, folder: str, spec: str) -> str:
    """A folder as a path from the git top level (what `git archive` takes)."""
    absolute = Path(folder).resolve()
    try:
        relative = absolute.relative_to(top)
    except ValueError:
        raise TreeSpecError(text(_OUTSIDE, spec=spec, folder=folder, top=str(top))) from None
    return relative.as_posix() if relative.parts else "."


def _git_top() -> Path | None:
    """The top folder of the git repository holding the current folder, or None."""
    top = _git(["rev-parse", "--show-toplevel"], Path.cwd())
    return Path(top).resolve() if top else None


def _git(args: list[str], cwd: Path) -> str | None:
    """A git command's output, or None when it fails (or git is not installed)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None
