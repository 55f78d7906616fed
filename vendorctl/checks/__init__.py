"""Cross-file checks: identity, references, contracts, measurements and settings."""

from __future__ import annotations

from collections.abc import Iterable

from vendorctl.checks import (
    claims,
    commentary,
    contracts,
    identity,
    measurements,
    obligations,
    records,
    references,
    settings,
)
from vendorctl.checks.registry import (
    CHECKS,
    OVERALL_CHECKS,
    RESULT_CHECKS,
    Check,
    OverallCheck,
    Overview,
    ResultCheck,
    check,
    overall_check,
    result_check,
)
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio
from vendorctl.model import VENDORS_DIR

_MODULES = (
    claims,
    commentary,
    contracts,
    identity,
    measurements,
    obligations,
    records,
    references,
    settings,
)


def run_checks(portfolio: Portfolio) -> list[Diagnostic]:
    """Every diagnostic of every registered check of the vendors' files, in registration order,
    then of the checks of computed results on the vendors found without error."""
    found: list[Diagnostic] = []
    for run in CHECKS.values():
        found.extend(run(portfolio))
    broken = broken_vendors([*portfolio.diagnostics, *found])
    for late in RESULT_CHECKS.values():
        found.extend(late(portfolio, broken))
    return found


def broken_vendors(diagnostics: Iterable[Diagnostic]) -> set[str]:
    """The vendor folders (by name) with an error among `diagnostics`."""
    return {
        d.path.split("/")[1]
        for d in diagnostics
        if d.severity == "error" and d.path.startswith(f"{VENDORS_DIR}/")
    }


def run_overall_checks(overview: Overview) -> list[Diagnostic]:
    """Every diagnostic of every registered check of the settings and across vendors."""
    found: list[Diagnostic] = []
    for run in OVERALL_CHECKS.values():
        found.extend(run(overview))
    return found


__all__ = [
    "CHECKS",
    "OVERALL_CHECKS",
    "RESULT_CHECKS",
    "Check",
    "OverallCheck",
    "Overview",
    "ResultCheck",
    "broken_vendors",
    "check",
    "overall_check",
    "result_check",
    "run_checks",
    "run_overall_checks",
]
