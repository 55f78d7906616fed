"""Governance policies: the practices of vendor management checked in `validate`."""

from __future__ import annotations

from vendorctl.policies import (
    cadence,
    contracts,
    credits,
    escalation,
    evidence,
    obligations,
    people,
    risks,
    settings,
    termination,
)
from vendorctl.policies.registry import POLICIES, Policy, run_policies, severity

# Imported to register them.
_MODULES = (
    cadence,
    contracts,
    credits,
    escalation,
    evidence,
    obligations,
    people,
    risks,
    settings,
    termination,
)

__all__ = ["POLICIES", "Policy", "run_policies", "severity"]
