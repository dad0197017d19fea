"""`regc lsp`: a language server for the rule files, over standard input and output.

Diagnostics as `regc check` gives them, as the files are edited; hover with the law's texts and the
values in force by date; definition and references of ids, tables, parameters and provisions;
completion; the outline of a file; rename of an id across files. The server is in server.py (pygls);
this module registers the command and imports only the standard library, so `regc` starts fast.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "lsp", help="run the language server for editors (LSP over standard input and output)",
        description="A language server for the rule files: diagnostics as `regc check` gives them, hover, "
                    "definition, references, completion, outline and rename. The rules folder (--rules, given "
                    "before `lsp`) is read from the workspace root the editor gives.")
    command.set_defaults(run=run)


def run(args: argparse.Namespace, rules: Path) -> int:
    # pygls and the compiler are imported only when the server starts.
    from .server import serve

    return serve(str(args.rules))
