"""The policy on termination rights: a right that SLA breaches opened is decided on purpose."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.renewals import Renewal, renewal
from vendorctl.compute.termination import TerminationRight, vendor_rights
from vendorctl.load.portfolio import VendorFiles
from vendorctl.policies.registry import Context, Finding, policy


def _deadline(found: Renewal) -> str:
    """The notice deadline that still counts, as the message names it; empty if none does."""
    if found.status in ("ok", "decide") and found.notice_deadline is not None:
        return f" or the notice deadline {found.notice_deadline} passes"
    if found.status == "notice-passed" and found.next_notice_deadline is not None:
        return f" or the next notice deadline {found.next_notice_deadline} passes"
    return ""


def _windows(count: int) -> str:
    return f"{count} window{'' if count == 1 else 's'}"


def _meeting(right: TerminationRight) -> str:
    """The windows that must meet the SLA for the right to lapse at the earliest."""
    following = right.latest.shift(1)
    if following == right.closes:
        return f"{following.label} meets"
    return f"{following.label} to {right.closes.label} meet"


def message(right: TerminationRight, found: Renewal) -> str:
    """What the finding says: contract, SLA, clause, since when, the breaches, and what to do."""
    trigger = right.trigger
    clause = f" (clause {trigger.clause})" if trigger.clause else ""
    breached = ", ".join(window.label for window in right.breached)
    return (
        f"contract `{right.contract.id}`: a right to terminate{clause} is open since "
        f"{right.since} (the end of {right.opened.label}): SLA `{trigger.sla}` was breached in "
        f"{len(right.breached)} of its latest {_windows(right.within)} ({breached}; "
        f"{trigger.breaches} of {trigger.within} open the right); decide on purpose whether to "
        f"use it before the right lapses (as early as {right.closes.end}, if {_meeting(right)} the "
        f"SLA){_deadline(found)}, and record the `decision:` taken"
    )


@policy(
    "termination-right",
    "A right to terminate that SLA breaches opened (`termination.triggers`), with no decision "
    "recorded for the running term: decide on purpose before it lapses or notice passes.",
)
def termination_right(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    governance = context.settings.governance
    records = {record.model.id: record for record in files.contracts}
    for right in vendor_rights(files, context.settings, context.as_of):
        record = records[right.contract.id]
        found = renewal(
            files.vendor.model.id,
            record.model,
            context.as_of,
            governance.notice_warning,
            governance.decision_buffer,
        )
        if found.decision is not None and found.contract.decision_for is not None:
            # Recorded for this very term (`decision_for`): taken with the right in view. A
            # standing decision without a term may predate the right and does not answer it.
            continue
        yield Finding(record.doc, ("termination", "triggers", right.index), message(right, found))
