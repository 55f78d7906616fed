"""Cross-file checks, registered by their modules: jobs/portfolio runs the registries."""

from __future__ import annotations

from vendorctl.checks import (
    claims,
    commentary,
    contracts,
    identity,
    kpi_profiles,
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

_MODULES = (
    claims,
    commentary,
    contracts,
    identity,
    kpi_profiles,
    measurements,
    obligations,
    records,
    references,
    settings,
)


__all__ = [
    "CHECKS",
    "OVERALL_CHECKS",
    "RESULT_CHECKS",
    "Check",
    "OverallCheck",
    "Overview",
    "ResultCheck",
    "check",
    "overall_check",
    "result_check",
]
