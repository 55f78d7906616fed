"""Policy on escalation timing: an open issue goes up the ladder once the next `after:` is up."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.escalation import due_text, escalation_due
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.people import names_of
from vendorctl.policies.registry import Context, Finding, policy


@policy(
    "escalation-due",
    "No open issue has stayed at its escalation level (since it opened, if never escalated) "
    "for the next rung's `after:` or longer without being escalated to it.",
)
def escalation_due_policy(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    vendor = files.vendor.model
    names: dict[str, str] | None = None  # put together for a finding only: most vendors have none
    for log in files.issues:
        for index, issue in enumerate(log.model.issues):
            due = escalation_due(vendor, issue, context.as_of)
            if due is not None:
                if names is None:
                    names = names_of(vendor, context.shared)
                yield Finding(log.doc, ("issues", index), due_text(due, names))
