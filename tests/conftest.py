"""Shared fixtures: a CLI runner with pinned terminal settings, and small portfolios on disk."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from vendorctl.cli import app

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE = TESTS / "cases" / "base"
CORPORA = REPO.parent / "shared" / "corpora"
PINNED_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "GITHUB_ACTIONS": ""}

# Hypothesis budgets: `ci` (the default) is repeatable and writes no example database; `long`
# explores new examples on every run: HYPOTHESIS_PROFILE=long or --hypothesis-profile=long.
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None)
settings.register_profile("long", max_examples=1000, deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
