"""Shared fixtures, the `--update-goldens` switch, and the worked examples as pytest items.

Worked examples (contract §5) are YAML files under `rules/**/examples/`. Each becomes one test
item named after its file stem: the case is validated with the validator that
`compiler.api.load_validator(rules_dir)` gives, and the item fails when
`compiler.examples.differences()` finds anything. They live outside `testpaths`, so when the
whole suite is run (`python -m pytest` from the project root, or `pytest tests`) `rules/` is
added to the collected paths in `pytest_configure`, and the collector is registered as a plugin
(a hook in tests/conftest.py alone would only see files under tests/).
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
SHARED_DIR = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/golden/expected/ from what the compiler now generates")


def pytest_configure(config):
    config.pluginmanager.register(WorkedExamples(RULES_DIR), "regc-worked-examples")
    if _whole_suite(config) and str(RULES_DIR) not in config.args:
        config.args.append(str(RULES_DIR))


def _whole_suite(config) -> bool:
    """True when pytest was asked for the whole suite: no paths (testpaths) or the tests/ folder."""
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        return True
    tests_dir = Path(__file__).resolve().parent
    for arg in config.args:
        path = Path(arg.split("::")[0])
        path = path if path.is_absolute() else Path(config.invocation_params.dir) / path
        if path.resolve() == tests_dir:
            return True
    return False


# -- fixtures -----------------------------------------------------------------------------

@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def rules_dir(root) -> Path:
    return root / "rules"


@pytest.fixture
def shared_dir(root) -> Path:
    shared = root.parent / "shared"
    if not shared.is_dir():
        pytest.skip(f"the shared folder {shared} (spec and example cases) is not beside the project")
    return shared


# -- worked examples as test items --------------------------------------------------------

class WorkedExamples:
    """The plugin that turns rules/**/examples/*.yaml into test items."""

    def __init__(self, rules_dir: Path) -> None:
        self.rules_dir = rules_dir.resolve()

    def pytest_collect_file(self, parent, file_path: Path):
        if (file_path.suffix == ".yaml" and file_path.parent.name == "examples"
                and self.rules_dir in file_path.resolve().parents):
            return WorkedExampleFile.from_parent(parent, path=file_path)
        return None


class WorkedExampleFile(pytest.File):
    def collect(self):
        yield WorkedExampleItem.from_parent(self, name=self.path.stem)


class WorkedExampleMismatch(Exception):
    """The validator's result differs from what a worked example expects."""

    def __init__(self, name: str, differences: list[str]) -> None:
        super().__init__(name, differences)
        self.name = name
        self.differences = differences


class WorkedExampleItem(pytest.Item):
    # pytest-lsp's runtest hook expects every item to have fixtures (`funcargs`) and fails without.
    funcargs: dict = {}

    def runtest(self) -> None:
        from compiler import examples
        from compiler.api import load_validator

        example = examples.load(self.path)
        validator = load_validator(RULES_DIR, readings=example.readings or None)
        result = validator.validate(example.case)
        differences = examples.differences(example.expect, result)
        if differences:
            raise WorkedExampleMismatch(self.name, differences)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, WorkedExampleMismatch):
            lines = [f"worked example {excinfo.value.name} ({self.path.relative_to(ROOT)}) differs from the rules:"]
            lines += [f"    {difference}" for difference in excinfo.value.differences]
            return "\n".join(lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, _case_line(self.path) - 1, f"worked example: {self.name}"


def _case_line(path: Path) -> int:
    """The 1-based line of the example's top-level `case:` key (1 when there is none)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith("case:"):
            return number
    return 1
