"""Shared fixtures: a CLI runner with pinned terminal settings, and small portfolios on disk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorctl.cli import app

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE = TESTS / "cases" / "base"
CORPORA = REPO.parent / "shared" / "corpora"
PINNED_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "GITHUB_ACTIONS": ""}


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
