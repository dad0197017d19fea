#!/usr/bin/env python3
"""Set up and run regc with nothing but python3.

    python3 dev.py demo    compile rules/, validate an example case, show the result
    python3 dev.py test    lint (ruff), type-check (mypy), check the rules' layout (regc fmt --check)
                           and run all tests (installs Debian's chromium for the browser tests and
                           the VS Code extension's npm packages for its grammar tests if missing)
    python3 dev.py bench   print the benchmark figures

Each creates .venv/ on first use and installs the project into it (again only when
pyproject.toml changes): the demo only what regc needs, the tests and benchmarks the test
tools too; nothing else on the machine is touched. Afterwards `regc` is .venv/bin/regc (or
`regc` after `source .venv/bin/activate`).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".regc-installed"


def setup(extras: str = "") -> None:
    """Install regc into .venv (with `extras`, e.g. "test"), unless it is installed for this pyproject.toml."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    done = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in done and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    what = f"regc and its {extras} tools" if extras else "regc and what it needs"
    print(f"dev.py: installing {what} into .venv", file=sys.stderr)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]" if extras else str(ROOT)])
    STAMP.write_text(" ".join(done + [wanted]))


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
    code = run([regc, "test"], check=False) or code
    print("\nNext: open generated/docs/html/en/index.html in a browser (the rules for reviewers, offline);\n"
          "validate your own cases with `.venv/bin/regc validate FILE.yaml` (see examples/cases/);\n"
          "see what a change of the rules does with `.venv/bin/regc diff 2026-12-31 2027-01-01`.", file=sys.stderr)
    return code


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> None:
    """The docs' browser tests drive Debian's chromium: install it on a fresh machine (as root, with apt).

    When it cannot be installed, say why and go on: those tests then skip with the same reason."""
    if CHROMIUM.exists():
        return
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"dev.py: {CHROMIUM} is missing and cannot be installed here (needs root and apt-get); "
              "the browser tests will skip", file=sys.stderr)
        return
    for command in (["apt-get", "update"],
                    ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]):
        print(f"dev.py: installing Debian's chromium for the browser tests: {' '.join(command)}", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.call(command, env=env, stdin=subprocess.DEVNULL) != 0:
            print(f"dev.py: `{' '.join(command)}` failed; the browser tests will skip", file=sys.stderr)
            return


NPM_STAMP = ROOT / "editors" / "vscode" / "node_modules" / ".regc-installed"


def ensure_editor_packages() -> None:
    """The VS Code extension's grammar tests need its npm packages (editors/vscode/package-lock.json):
    installed with npm when it is on the machine, again only when the lock file changes."""
    lock = ROOT / "editors" / "vscode" / "package-lock.json"
    npm = shutil.which("npm")
    if npm is None or not lock.exists():
        print("dev.py: npm is not on this machine; the editor grammar tests will skip", file=sys.stderr)
        return
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    if NPM_STAMP.exists() and NPM_STAMP.read_text() == wanted:
        return
    print("dev.py: installing the VS Code extension's packages (npm ci)", file=sys.stderr)
    if run([npm, "ci", "--prefix", "editors/vscode", "--no-audit", "--no-fund"], check=False) == 0:
        NPM_STAMP.write_text(wanted)


def test() -> int:
    """Lint and types first (quick, and what CI would reject anyway), then every test."""
    ensure_chromium()
    ensure_editor_packages()
    lint = run([BIN / "ruff", "check", "compiler", "generated/python"], check=False)
    types = run([BIN / "mypy"], check=False)
    layout = run([BIN / "regc", "fmt", "--check"], check=False)     # rules/ in the one canonical layout
    tests = run([PYTHON, "-m", "pytest", *sys.argv[2:]], check=False)
    return tests or lint or types or layout


def bench() -> int:
    return run([PYTHON, "benchmarks/bench.py", *sys.argv[2:]], check=False)


if __name__ == "__main__":
    commands = {"demo": demo, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    setup("" if sys.argv[1] == "demo" else "test")
    sys.exit(commands[sys.argv[1]]())
