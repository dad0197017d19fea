"""The stable Python API for developers.

    from compiler.api import load_validator
    validator = load_validator("rules")          # the generated module for these rules
    result = validator.validate(case_dict)        # contract §3
    other = load_validator("rules", readings={"odd_hours": "per_occasion"})   # another reading of the law

`load_validator` imports the committed module from generated/python/ when it was built from
exactly the rule files on disk (its RULES_DIGEST matches), without loading the compiler. When
the rules have changed since the last `regc build`, it compiles them in memory, writes the
module to a cache folder and imports it from there, so results always follow the rules. The
committed module applies the default option of each choice the rules offer (`choice ID { option
... default }`); `readings={ID: OPTION}` asks for others, and the rules are then compiled with them
(resolve.ReadingError, a ValueError, when the rules offer no such choice or option).
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from .digest import rule_dirs, rules_digest

_DIGEST_LINE = re.compile(r"^RULES_DIGEST = '([0-9a-f]+)'", re.MULTILINE)


class RulesError(Exception):
    """The rule files have errors, so no validator can be built from them."""

    def __init__(self, compilation) -> None:
        super().__init__("the rule files have errors: run `regc check`")
        self.compilation = compilation


def generated_dir(rules_dir) -> Path:
    return rule_dirs(rules_dir)[0].resolve().parent / "generated"


def load_validator(rules_dir: str | Path = "rules", module: str | None = None,
                   readings: dict[str, str] | None = None) -> ModuleType:
    """The validator module for the rules in `rules_dir`, read with these readings (see the module
    docstring)."""
    fresh = fresh_module(rules_dir, module)
    if fresh is not None:
        validator = import_module(fresh)
        if all(getattr(validator, "READINGS", {}).get(choice) == option for choice, option in (readings or {}).items()):
            return validator
    return compile_validator(rules_dir, module, readings)


def fresh_module(rules_dir: str | Path, module: str | None = None) -> Path | None:
    """The module in generated/python built from exactly these rules (its RULES_DIGEST matches), or None."""
    digest = rules_digest(rules_dir)
    for path in sorted((generated_dir(rules_dir) / "python").glob("*.py")):
        if path.name == "__init__.py" or (module and path.stem != module):
            continue
        found = _DIGEST_LINE.search(path.read_text(encoding="utf-8")[:4000])
        if found and found.group(1) == digest:
            return path
    return None


def compile_validator(rules_dir: str | Path, module: str | None = None,
                      readings: dict[str, str] | None = None) -> ModuleType:
    """Compile the rules in memory and import the validator module from the cache folder."""
    from .backends import python   # only here: the compiler is not needed when generated/ is fresh
    from .pipeline import compile_rules

    compilation = compile_rules(rules_dir, backends=(python,), readings=readings)
    if not compilation.ok:
        raise RulesError(compilation)
    wanted = [k for k in sorted(compilation.outputs) if k.startswith("generated/python/") and not k.endswith("__init__.py")
              and (module is None or k.endswith(f"/{module}.py"))]
    if not wanted:
        raise LookupError(f"the rules define no validator module {module or ''}".strip())
    return module_from_source(compilation.outputs[wanted[0]], Path(wanted[0]).stem)


def module_from_source(source: str, name: str) -> ModuleType:
    """Import generated source (not yet written to generated/) from the cache folder, as a real file."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    cache = Path(tempfile.gettempdir()) / "regc-cache" / digest
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{name}.py"
    if not target.exists():
        partial = target.with_suffix(".tmp")
        partial.write_text(source, encoding="utf-8")
        partial.replace(target)
    return import_module(target)


def import_module(path: Path) -> ModuleType:
    """Import a generated module from its file, once per process."""
    name = f"regc_generated_{path.stem}_{abs(hash(str(path.resolve()))):x}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
