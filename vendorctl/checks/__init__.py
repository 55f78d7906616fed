"""Cross-file checks: identity, references, contracts, measurements and settings."""

from __future__ import annotations

from vendorctl.checks import (
    claims,
    contracts,
    identity,
    measurements,
    records,
    references,
    settings,
)
from vendorctl.checks.registry import (
    CHECKS,
    OVERALL_CHECKS,
    Check,
    OverallCheck,
    Overview,
    check,
    overall_check,
)
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio

_MODULES = (claims, contracts, identity, measurements, records, references, settings)


def run_checks(portfolio: Portfolio) -> list[Diagnostic]:
    """Every diagnostic of every registered check of the vendors' files, in registration order."""
    found: list[Diagnostic] = []
    for run in CHECKS.values():
        found.extend(run(portfolio))
    return found


def run_overall_checks(overview: Overview) -> list[Diagnostic]:
    """Every diagnostic of every registered check of the settings and across vendors."""
    found: list[Diagnostic] = []
    for run in OVERALL_CHECKS.values():
        found.extend(run(overview))
    return found


__all__ = [
    "CHECKS",
    "OVERALL_CHECKS",
    "Check",
    "OverallCheck",
    "Overview",
    "check",
    "overall_check",
    "run_checks",
    "run_overall_checks",
]
