"""Python backend: standalone validator modules (generated/python/)."""
from __future__ import annotations

from ... import ast, codes
from ...diagnostics import Reporter
from ...resolve import Program
from .emit import COMPUTATIONS, emit

__all__ = ["check", "emit"]


def check(program: Program, reporter: Reporter) -> None:
    """What the rules ask for that the runtime cannot compute: a located error at check time, never a
    failure while building. A method is computable when runtime.py has its computation."""
    for placed in program.placed:
        node = placed.node
        if isinstance(node, ast.Method) and node.method.value not in COMPUTATIONS:
            reporter.error(codes.NOT_COMPUTABLE, f"the validators cannot compute the method `{node.method.value}`",
                           node.method.span, hint=f"the methods they compute are {', '.join(COMPUTATIONS)}; a new method "
                                                  "needs its computation in compiler/backends/python/runtime.py")
