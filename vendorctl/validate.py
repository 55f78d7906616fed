"""The validate job: load every file, run every cross-file check, return the outcome."""

from __future__ import annotations

from pathlib import Path

from vendorctl.checks import run_checks
from vendorctl.diagnostics import Outcome
from vendorctl.portfolio import Portfolio, load_portfolio


def load_and_check(root: Path) -> tuple[Portfolio, Outcome]:
    """Load the portfolio at `root` and check it: the models and every problem, sorted."""
    portfolio = load_portfolio(root)
    outcome = Outcome.collect([*portfolio.diagnostics, *run_checks(portfolio)], portfolio.files)
    return portfolio, outcome


def validate(root: Path) -> Outcome:
    """Validate the portfolio at `root`: all problems of all files, sorted."""
    return load_and_check(root)[1]
