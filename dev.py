#!/usr/bin/env python3
"""Set up and run regc with nothing but python3.

    python3 dev.py demo    compile rules/, validate an example case, show the result
    python3 dev.py test    run all tests
    python3 dev.py bench   print the benchmark figures

Each creates .venv/ on first use and installs the project into it (again only when
pyproject.toml changes); nothing else on the machine is touched.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".regc-installed"


def setup() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing regc and its dependencies into .venv", file=sys.stderr)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def run(command, check=True) -> int:
    code = subprocess.call([str(c) for c in command], cwd=ROOT)
    if check and code != 0:
        sys.exit(code)
    return code


def demo() -> int:
    regc = BIN / "regc"
    run([regc, "check"])
    run([regc, "build"])
    print("\n$ regc validate examples/cases/criminal-lawyer.yaml --format text", file=sys.stderr)
    code = run([regc, "validate", "examples/cases/criminal-lawyer.yaml", "--format", "text"], check=False)
    print("$ regc test", file=sys.stderr)
    return run([regc, "test"], check=False) or code


def test() -> int:
    return run([PYTHON, "-m", "pytest", *sys.argv[2:]], check=False)


def bench() -> int:
    return run([PYTHON, "benchmarks/bench.py", *sys.argv[2:]], check=False)


if __name__ == "__main__":
    commands = {"demo": demo, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    setup()
    sys.exit(commands[sys.argv[1]]())
