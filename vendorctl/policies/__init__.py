"""Governance policies: the practices of vendor management checked in `validate`."""

from __future__ import annotations

from vendorctl.policies import cadence, contracts, credits, people, risks, settings
from vendorctl.policies.registry import POLICIES, Policy, run_policies, severity

_MODULES = (cadence, contracts, credits, people, risks, settings)  # imported to register them

__all__ = ["POLICIES", "Policy", "run_policies", "severity"]
