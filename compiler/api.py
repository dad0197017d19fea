"""The stable Python API for developers.

    from compiler.api import load_validator
    validator = load_validator("rules")          # the generated module for these rules
    result = validator.validate(case_dict)        # contract §3
    other = load_validator("rules", readings={"odd_hours": "per_occasion"})   # another reading of the law

`load_validator` imports the committed module from generated/python/ when it was built from
exactly the rule files on disk by exactly this compiler (the digest on its second line matches),
without loading the compiler. Otherwise it compiles the rules in memory and runs the module from
there: nothing is written to disk and nothing is imported from a place others can write. The
committed module applies the default option of each choice the rules offer (`choice ID { option
... default }`); `readings={ID: OPTION}` asks for others, and the rules are then compiled with them
(resolve.ReadingError, a ValueError, when the rules offer no such choice or option).
"""
from __future__ import annotations

import importlib.util
import marshal
import re
import sys
import warnings
from pathlib import Path
from types import CodeType, ModuleType
from typing import TYPE_CHECKING, NamedTuple

from . import usercache
from .digest import RulesArg, rule_dirs, rules_digest, sha256

if TYPE_CHECKING:   # the compiler is imported only when generated/ is stale
    from .diagnostics import Text
    from .pipeline import Compilation

# The second line of every generated module: `# regc: rules and compiler digest <hex>` (compiler/digest.py).
_DIGEST_LINE = re.compile(r"^# regc: rules and compiler digest ([0-9a-f]+)$", re.MULTILINE)


class RulesError(Exception):
    """The rule files have errors, so no validator can be built from them."""

    def __init__(self, compilation: Compilation) -> None:
        super().__init__("the rule files have errors: run `regc check`")
        self.compilation = compilation


def generated_dir(rules_dir: RulesArg) -> Path:
    return rule_dirs(rules_dir)[0].resolve().parent / "generated"


def load_validator(rules_dir: RulesArg = "rules", module: str | None = None,
                   readings: dict[str, str] | None = None) -> ModuleType:
    """The validator module for the rules in `rules_dir`, read with these readings (see the module
    docstring). FileNotFoundError when a rules folder does not exist; a RuntimeWarning when the
    committed module is up to date but cannot be loaded (a torn file), and the rules are compiled."""
    found = find_validator(rules_dir, module, readings)
    if found.damaged and found.note:
        warnings.warn(found.note, RuntimeWarning, stacklevel=2)
    return found.module


class Found(NamedTuple):
    """A validator module and how it was found."""
    module: ModuleType
    spec: tuple[str, ...]   # how another process loads the same: ("file", path) or ("source", text, name)
    why: Text | None        # why the rules were compiled in memory, in any language (None: the committed module)
    damaged: bool = False   # the committed module was up to date but could not be loaded

    @property
    def note(self) -> str | None:
        """`why` in English."""
        return self.why.render() if self.why is not None else None


def find_validator(rules_dir: RulesArg = "rules", module: str | None = None,
                   readings: dict[str, str] | None = None) -> Found:
    """load_validator, saying how: the committed module when it is fresh and applies these readings,
    else the rules compiled in memory (RulesError when they have errors)."""
    missing = [d for d in rule_dirs(rules_dir) if not d.is_dir()]
    if missing:
        raise FileNotFoundError(f"no rules folder at {missing[0]}")
    digest = rules_digest(rules_dir)
    fresh = fresh_module(rules_dir, module, digest)
    damage: str | None = None   # why the committed module, up to date, could not be loaded
    if fresh is not None:
        try:
            validator = import_module(fresh)
            # A file cut short may still be valid Python: the digest is written near its end, after the rules.
            if not callable(getattr(validator, "validate", None)) or getattr(validator, "RULES_DIGEST", None) != digest:
                raise ImportError("the file ends before the module does")
        except Exception as err:   # a torn or edited file: never a traceback, the rules are compiled instead
            damage = f"{err.__class__.__name__}: {err}"
        else:
            if all(getattr(validator, "READINGS", {}).get(choice) == option for choice, option in (readings or {}).items()):
                return Found(validator, ("file", str(fresh)), None)
    source, name = compile_source(rules_dir, module, readings)
    from . import messages as m  # the rules are compiled: the compiler and its messages are loaded anyway

    why = (m.text(m.NOTE_DAMAGED, module=str(fresh), error=damage) if damage is not None
           else m.text(m.NOTE_NOT_BUILT) if fresh is None else m.text(m.NOTE_READINGS))
    return Found(module_from_source(source, name), ("source", source, name), why, damaged=damage is not None)


def fresh_module(rules_dir: RulesArg, module: str | None = None, digest: str | None = None) -> Path | None:
    """The module in generated/python built from exactly these rules by this compiler (its digest
    matches), or None. Only the first lines of each module are read. `digest`: the rules' digest, when
    already worked out."""
    digest = digest or rules_digest(rules_dir)
    for path in sorted((generated_dir(rules_dir) / "python").glob("*.py")):
        if path.name == "__init__.py" or (module and path.stem != module):
            continue
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(1000)
        found = _DIGEST_LINE.search(head)
        if found and found.group(1) == digest:
            return path
    return None


def compile_validator(rules_dir: RulesArg, module: str | None = None,
                      readings: dict[str, str] | None = None) -> ModuleType:
    """Compile the rules and run the validator module in memory (RulesError when they have errors)."""
    return module_from_source(*compile_source(rules_dir, module, readings))


def compile_source(rules_dir: RulesArg, module: str | None = None,
                   readings: dict[str, str] | None = None) -> tuple[str, str]:
    """The source of the validator module the rules compile to, and its name (RulesError when they
    have errors). Nothing is written: see module_from_source to run it."""
    from .backends import python  # only here: the compiler is not needed when generated/ is fresh
    from .pipeline import compile_rules

    compilation = compile_rules(rules_dir, backends=(python,), readings=readings)
    if not compilation.ok:
        raise RulesError(compilation)
    wanted = [k for k in sorted(compilation.outputs) if k.startswith("generated/python/") and not k.endswith("__init__.py")
              and (module is None or k.endswith(f"/{module}.py"))]
    if not wanted:
        raise LookupError(f"the rules define no validator module {module or ''}".strip())
    return compilation.outputs[wanted[0]], Path(wanted[0]).stem


def module_from_source(source: str, name: str) -> ModuleType:
    """Run generated source (not written to generated/) as a module in memory, once per process per
    source. Its lines are registered with linecache, so a traceback still shows them."""
    digest = sha256(source.encode("utf-8")).hexdigest()[:16]
    qualified = f"regc_generated_{name}_{digest}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    filename = f"<regc: {name}.py compiled in memory, {digest}>"
    import linecache  # only here: it imports tokenize, which a committed module never needs

    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    return _run_module(qualified, filename, source)


def import_module(path: Path) -> ModuleType:
    """Import a generated module from its file, once per process."""
    resolved = path.resolve()
    name = f"regc_generated_{path.stem}_{sha256(str(resolved).encode()).hexdigest()[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    return _run_module(name, str(resolved), resolved.read_text(encoding="utf-8"))


def _run_module(name: str, filename: str, source: str) -> ModuleType:
    module = ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module   # dataclasses look their module up while the module runs
    try:
        exec(_code(source, filename), module.__dict__)   # noqa: S102 - our own generated code
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _code(source: str, filename: str) -> CodeType:
    """The module's code, compiled once and kept in the user's private cache (compiler/usercache.py):
    a generated module is a few thousand lines, and compiling it is most of the time one case takes
    on the command line. Kept by the hash of its source, its file name and the Python version."""
    key = sha256(f"{filename}\0{source}".encode() + importlib.util.MAGIC_NUMBER).hexdigest()[:32]
    entry = f"module-{key}.code"
    cached = usercache.load(entry, marshal.load)
    if isinstance(cached, CodeType):
        return cached
    code = compile(source, filename, "exec")
    usercache.store(entry, lambda file: marshal.dump(code, file), keep=16)
    return code
