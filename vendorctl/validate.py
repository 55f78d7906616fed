"""The validate job: load every file, run every cross-file check, return the outcome."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vendorctl.checks import run_checks
from vendorctl.diagnostics import Outcome
from vendorctl.policies import run_policies
from vendorctl.portfolio import Portfolio, load_portfolio


def check_date(portfolio: Portfolio, given: date | None) -> date:
    """The date time-based policies are checked for: --as-of, else vendorctl.yaml's as_of, else
    today (a portfolio that pins as_of is checked the same way on any day)."""
    if given is not None:
        return given
    if portfolio.settings is not None and portfolio.settings.model.as_of is not None:
        return portfolio.settings.model.as_of
    return date.today()


def load_and_check(
    root: Path, as_of: date | None = None, *, policies: bool = True
) -> tuple[Portfolio, Outcome]:
    """Load the portfolio at `root` and check it: the models and every problem, sorted.

    Without `policies`, only the data's own consistency is checked: reports use that, so they
    never depend on the clock or refuse to show a finding the governance policies raise.
    """
    portfolio = load_portfolio(root)
    found = [*portfolio.diagnostics, *run_checks(portfolio)]
    if not policies:
        return portfolio, Outcome.collect(found, portfolio.files)
    # Policies judge a vendor whose files are all valid; on broken ones they would only add noise.
    broken = {
        d.path.split("/")[1]
        for d in found
        if d.severity == "error" and d.path.startswith("vendors/")
    }
    found.extend(run_policies(portfolio, check_date(portfolio, as_of), skip=broken))
    return portfolio, Outcome.collect(found, portfolio.files)


def validate(root: Path, as_of: date | None = None) -> Outcome:
    """Validate the portfolio at `root`: all problems of all files, sorted."""
    return load_and_check(root, as_of)[1]
