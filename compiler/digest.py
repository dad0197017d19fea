"""The digest written on the second line of each generated module: of the rule files it was built
from and of the compiler that built it.

`regc validate` and `compiler.api.load_validator` compare it with the rules on disk and the
compiler installed, without loading the compiler, to know whether the committed validator in
generated/ is still the one these rules and this compiler would build: after an edit of a rule file,
or an upgrade of the compiler, it is stale and the rules are compiled afresh.

A rule tree is one folder (`rules/`) or several read together (`rules+examples/draft-2026`): an
amending act under review is compiled onto the law without being copied into rules/.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

# CPython's own SHA-256, not hashlib's: importing hashlib loads OpenSSL, about 3 ms of every command's
# start-up (one case on the command line is about 50 ms in all). The digests are the same.
if TYPE_CHECKING:
    from hashlib import sha256 as sha256
else:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # pragma: no cover - its name in Python 3.12+; hashlib in a Python without either
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

RulesArg = str | Path | Iterable[str | Path]

COMPILER = Path(__file__).resolve().parent
# What a rule tree is read from: the rule files and the official texts beside them.
RULE_SUFFIXES = (".rules", ".txt")


def rule_dirs(rules: RulesArg) -> tuple[Path, ...]:
    """The folders of a rule tree: a path, a list of paths, or paths joined with `+`."""
    if isinstance(rules, (str, Path)):
        parts: list[str | Path] = list(str(rules).split("+")) if "+" in str(rules) and not Path(rules).exists() else [rules]
    else:
        parts = list(rules)
    return tuple(Path(p) for p in parts if str(p))


def rule_files(rules: RulesArg) -> list[Path]:
    return [p for d in rule_dirs(rules) for p in sorted(p for p in Path(d).rglob("*.rules") if p.is_file())]


def rules_digest(rules: RulesArg) -> str:
    """Of the rule tree's files (names and bytes) and of the compiler: see the module docstring."""
    dirs = rule_dirs(rules)
    sha = sha256(compiler_digest().encode("ascii"))
    for n, rules_dir in enumerate(dirs):
        for path in sorted(p for p in rules_dir.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()):
            name = path.relative_to(rules_dir).as_posix()
            if n:   # a folder added to the first one: its name is part of what was read
                name = f"{rules_dir.as_posix()}/{name}"
            sha.update(name.encode("utf-8") + b"\0")
            sha.update(path.read_bytes() + b"\0")
    return sha.hexdigest()[:32]


# The compiler's own files that shape what a validator computes: the grammar, the passes from the text
# to the IR, and the Python backend (not the command line, the docs or the tools around them).
SHAPING = ("grammar", "ast.py", "from_tree.py", "parse.py", "resolve.py", "consolidate.py", "checks.py", "from_ast.py",
           "ir.py", "backends/python", "backends/js")


@functools.cache
def compiler_digest() -> str:
    """Of the compiler's version and of the files in SHAPING."""
    sha = sha256(__version__.encode("ascii") + b"\0")
    shaping = [COMPILER / entry for entry in SHAPING]   # only these are walked: the docs' files are many
    for path in sorted(p for entry in shaping for p in (entry.rglob("*") if entry.is_dir() else (entry,))):
        if path.suffix in (".py", ".lark", ".j2") and "__pycache__" not in path.parts and path.is_file():
            sha.update(path.relative_to(COMPILER).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()
