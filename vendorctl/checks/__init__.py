"""Cross-file checks: identity, references, contracts, measurements and settings."""

from __future__ import annotations

from vendorctl.checks import contracts, identity, measurements, records, references, settings
from vendorctl.checks.registry import CHECKS, Check, check
from vendorctl.diagnostics import Diagnostic
from vendorctl.portfolio import Portfolio

_MODULES = (contracts, identity, measurements, records, references, settings)


def run_checks(portfolio: Portfolio) -> list[Diagnostic]:
    """Every diagnostic of every registered check, in registration order."""
    found: list[Diagnostic] = []
    for run in CHECKS.values():
        found.extend(run(portfolio))
    return found


__all__ = ["CHECKS", "Check", "check", "run_checks"]
