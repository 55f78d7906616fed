"""The policies named in vendorctl.yaml exist: a check of the settings that policies/ registers
with the checks, since only it knows the policies."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import did_you_mean
from vendorctl.checks.registry import Overview, overall_check
from vendorctl.diagnostics import Diagnostic
from vendorctl.policies.registry import POLICIES


@overall_check
def known_policies(overview: Overview) -> Iterator[Diagnostic]:
    """Every policy named under `policies:` exists."""
    if overview.settings is None:
        return
    for code in overview.settings.model.policies:
        if code not in POLICIES:
            hint = did_you_mean(code, POLICIES) or f"; policies: {', '.join(sorted(POLICIES))}"
            yield overview.settings.doc.diagnostic(
                ("policies", code), "unknown-policy", f"no policy `{code}`{hint}", key=True
            )
