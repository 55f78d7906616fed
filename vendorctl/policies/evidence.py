"""Policies on due-diligence evidence that expires: renew it before it does, replace what has."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.evidence import Evidence, EvidenceStatus, vendor_evidence
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.vendor import Status
from vendorctl.policies.registry import Context, Finding, policy

# Evidence is gathered before the decision, so a prospect's counts too; an exited vendor's is
# history.
_NOT_EXITED: frozenset[Status] = frozenset({"prospect", "onboarding", "active", "offboarding"})


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _judged(context: Context, files: VendorFiles, status: EvidenceStatus) -> Iterator[Evidence]:
    """The vendor's due-diligence items in the given status, in file order."""
    assert files.vendor is not None
    warning = context.settings.governance.evidence_warning
    for found in vendor_evidence(files.vendor.model, context.as_of, warning):
        if found.status == status:
            yield found


@policy(
    "evidence-expiring",
    "Due-diligence evidence whose `expires` date is within `governance.evidence_warning`: "
    "renew it before it expires.",
    statuses=_NOT_EXITED,
)
def evidence_expiring(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    for found in _judged(context, files, "expiring"):
        assert found.days_left is not None
        # Its last valid day is today: not expired yet, but there is no "before then" left.
        when, act = (
            ("today, its last valid day", "renew it now")
            if found.days_left == 0
            else (f"in {_days(found.days_left)}", "renew it before then")
        )
        yield Finding(
            files.vendor.doc,
            ("selection", "due_diligence", found.index),
            f'due-diligence evidence "{found.item.item}" expires on {found.item.expires} '
            f"({when}); {act}",
        )


# A warning, not an error, by default: a document's date passing must not turn a pushed commit's
# CI red; `policies:` in vendorctl.yaml can raise it.
@policy(
    "evidence-expired",
    "Due-diligence evidence whose `expires` date has passed: ask the vendor for a current one.",
    statuses=_NOT_EXITED,
)
def evidence_expired(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    for found in _judged(context, files, "expired"):
        assert found.days_left is not None
        yield Finding(
            files.vendor.doc,
            ("selection", "due_diligence", found.index),
            f'due-diligence evidence "{found.item.item}" expired on {found.item.expires} '
            f"({_days(-found.days_left)} ago); ask the vendor for a current one",
        )
