"""A digest of the rule files, written into each generated module (`RULES_DIGEST`).

`regc validate` compares it with the rules on disk to know, without loading the compiler,
whether the committed validator in generated/ was built from exactly these rules.

A rule tree is one folder (`rules/`) or several read together (`rules+examples/draft-2026`):
an amending act under review is compiled onto the law without being copied into rules/.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

RulesArg = "str | Path | Iterable[str | Path]"


def rule_dirs(rules: RulesArg) -> tuple[Path, ...]:
    """The folders of a rule tree: a path, a list of paths, or paths joined with `+`."""
    if isinstance(rules, (str, Path)):
        parts = str(rules).split("+") if "+" in str(rules) and not Path(rules).exists() else [rules]
    else:
        parts = list(rules)
    return tuple(Path(p) for p in parts if str(p))


def rule_files(rules: RulesArg) -> list[Path]:
    return [p for d in rule_dirs(rules) for p in sorted(p for p in Path(d).rglob("*.rules") if p.is_file())]


def rules_digest(rules: RulesArg) -> str:
    dirs = rule_dirs(rules)
    sha = hashlib.sha256()
    for n, rules_dir in enumerate(dirs):
        for path in sorted(p for p in rules_dir.rglob("*.rules") if p.is_file()):
            name = path.relative_to(rules_dir).as_posix()
            if n:   # a folder added to the first one: its name is part of what was read
                name = f"{rules_dir.as_posix()}/{name}"
            sha.update(name.encode("utf-8") + b"\0")
            sha.update(path.read_bytes() + b"\0")
    return sha.hexdigest()[:32]
