"""A digest of the rule files, written into each generated module (`RULES_DIGEST`).

`regc validate` compares it with the rules on disk to know, without loading the compiler,
whether the committed validator in generated/ was built from exactly these rules.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def rule_files(rules_dir: Path) -> list[Path]:
    return sorted(p for p in Path(rules_dir).rglob("*.rules") if p.is_file())


def rules_digest(rules_dir: Path) -> str:
    rules_dir = Path(rules_dir)
    sha = hashlib.sha256()
    for path in rule_files(rules_dir):
        sha.update(path.relative_to(rules_dir).as_posix().encode("utf-8") + b"\0")
        sha.update(path.read_bytes() + b"\0")
    return sha.hexdigest()[:32]
