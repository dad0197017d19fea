"""Worked examples, run at build time by the validator the Python backend has just generated.

Each example named by a provision (`example "examples/x.yaml"`) is read as `regc test` reads it
(exact numbers, dates as text) and validated by the generated module, imported from the source in
`earlier` with `api.module_from_source`: the figures in the docs are the figures the shipped
validator computes, not a second implementation of the rules.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ... import examples, ir
from ...api import module_from_source

PYTHON_DIR = "generated/python"


@dataclass(frozen=True)
class Worked:
    example: ir.Example
    stem: str
    name: str
    exercises: tuple[str, ...]
    case_yaml: str          # the `case:` block as the example file writes it, comments included
    case: object
    expect: dict
    result: dict | None     # None: no generated validator to run it with
    readings: dict[str, str]   # the readings of the rules' choices it asks for (none: the defaults)


def run(program: ir.Program, base: Path, earlier: dict[str, str]) -> dict[str, Worked]:
    """Every example attached to a provision, by its file (rules/.../examples/x.yaml)."""
    modules: dict[str, ModuleType] = {}
    out: dict[str, Worked] = {}
    for instrument in program.instruments:
        for example in provision_examples(instrument.provisions):
            if example.file in out:
                continue
            loaded = examples.load(base / example.file)   # read once for the whole build (examples.load)
            validator = _validator_for(program, example)
            result = None
            if validator is not None:   # the example's own readings of the rules' choices, if it asks for any
                key = examples.module_key(f"{PYTHON_DIR}/{validator.module}.py", loaded.readings)
                if key in earlier:
                    if key not in modules:
                        modules[key] = module_from_source(earlier[key], validator.module)
                    result = modules[key].validate(copy.deepcopy(loaded.case))
            out[example.file] = Worked(example, Path(example.file).stem, loaded.name, loaded.exercises,
                                       case_block(loaded.text), loaded.case, loaded.expect, result, loaded.readings)
    return out


def provision_examples(provisions):
    """The worked examples attached to these provisions and to those under them."""
    for p in provisions:
        yield from p.examples
        yield from provision_examples(p.children)


def _validator_for(program: ir.Program, example: ir.Example) -> ir.Validator | None:
    for validator in program.validators:
        if example.origin.file in validator.files:
            return validator
    return next((v for v in program.validators if v.instrument == example.origin.instrument), None)


_TOP_KEY = re.compile(r"^[^\s#]")


def case_block(source: str) -> str:
    """The lines of the top-level `case:` mapping, dedented, as written."""
    lines = source.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("case:"))
    except StopIteration:
        return ""
    inline = lines[start][len("case:"):].strip()
    if inline:
        return inline + "\n"
    body = []
    for line in lines[start + 1:]:
        if _TOP_KEY.match(line):
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    indent = min((len(line) - len(line.lstrip(" ")) for line in body if line.strip()), default=0)
    return "\n".join(line[indent:] for line in body) + "\n"
