"""Shared fixtures: a CLI runner with pinned terminal settings, and small portfolios on disk."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import pkgutil
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings
from typer.testing import CliRunner

import vendorctl
from vendorctl.cli import app

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE = TESTS / "cases" / "base"
CORPORA = REPO.parent / "shared" / "corpora"
PINNED_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "GITHUB_ACTIONS": ""}

# Hypothesis budgets: `ci` (the default) is repeatable and writes no example database; `long`
# explores new examples on every run: HYPOTHESIS_PROFILE=long or --hypothesis-profile=long.
# At 100 examples (test_fuzz.py shares them out: 40, 150, 50 and 2) the four Hypothesis fuzz tests
# take 4 to 5 s each, about a fifth of the suite's CPU time, spread over the workers.
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None)
settings.register_profile("long", max_examples=1000, deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _load_bench_generator() -> ModuleType:
    """bench/generate.py, the benchmark's portfolio generator (bench/ is a folder of scripts, not
    a package: loaded from its file, registered in sys.modules first, as its dataclasses need)."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def bench_modules(*names: str) -> tuple[ModuleType, ...]:
    """Modules of bench/ by name, imported as its scripts import each other (from their folder,
    which is on the path only while they are imported)."""
    folder = str(REPO / "bench")
    sys.path.insert(0, folder)
    try:
        return tuple(importlib.import_module(name) for name in names)
    finally:
        sys.path.remove(folder)


def _import_every_vendorctl_module() -> None:
    """Hypothesis also draws the literals of the local modules loaded so far (vendorctl's, bench/'s),
    so what a derandomized test generates would depend on which modules the tests before it
    happened to import, in this process: on the order and the worker it runs in. Loaded all up
    front, every run sees the same constants, so the `ci` profile's examples are the same whether
    the suite runs whole, in parallel, or one file at a time."""
    for module in pkgutil.walk_packages(vendorctl.__path__, "vendorctl.", onerror=lambda _: None):
        if module.name != "vendorctl.__main__":
            with contextlib.suppress(Exception):  # a broken module fails its own tests
                importlib.import_module(module.name)


BENCH_GENERATOR = _load_bench_generator()
_import_every_vendorctl_module()


@dataclass
class Result:
    """What a CLI run printed and returned."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke the CLI in-process with colour off and a fixed width."""
    for key, value in PINNED_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)

    def invoke(*args: str | Path) -> Result:
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A copy of the small valid test portfolio, free to change."""
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    return root
