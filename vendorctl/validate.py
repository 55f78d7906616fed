"""The validate job: load every file, run every cross-file check, return the outcome."""

from __future__ import annotations

from pathlib import Path

from vendorctl.checks import run_checks
from vendorctl.diagnostics import Outcome
from vendorctl.portfolio import load_portfolio


def validate(root: Path) -> Outcome:
    """Validate the portfolio at `root`: all problems of all files, sorted."""
    portfolio = load_portfolio(root)
    return Outcome.collect([*portfolio.diagnostics, *run_checks(portfolio)], portfolio.files)
