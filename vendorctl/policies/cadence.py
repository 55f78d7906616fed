"""Policies on the rhythm of the relationship: cadence per tier, meetings held, health checks."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.governance import cadence_status, latest_health
from vendorctl.load.portfolio import VendorFiles
from vendorctl.policies.registry import Context, Finding, policy

_TIERS = ("operational", "management", "executive")


@policy(
    "cadence-missing",
    "Every governance tier (operational, management, executive) has a meeting cadence.",
    segments={"operational": "off", "commodity": "off"},
)
def cadence_missing(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    covered = {entry.tier for entry in files.vendor.model.cadence}
    missing = [tier for tier in _TIERS if tier not in covered]
    if missing:
        yield Finding(
            files.vendor.doc,
            ("cadence",),
            f"no meeting cadence at the {' and '.join(missing)} tier; add a `cadence:` entry "
            "for each governance tier",
        )


@policy("cadence-overdue", "No governance meeting is overdue against its cadence.")
def cadence_overdue(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    meetings = [record.model for record in files.meetings]
    for index, status in enumerate(cadence_status(files.vendor.model, meetings, context.as_of)):
        if not status.overdue:
            continue
        entry = status.cadence
        if status.last is None:
            what = f"no `{entry.kind}` meeting is on record"
        else:
            what = f"the last `{entry.kind}` was held on {status.last}, due again by {status.due}"
        yield Finding(
            files.vendor.doc,
            ("cadence", index),
            f"{what} (every {entry.every}, as of {context.as_of}); hold it and add its minutes "
            "under meetings/",
        )


@policy(
    "health-check-age",
    "A relationship health check no older than the policy allows (3 months for strategic "
    "vendors, 12 for others).",
    statuses=frozenset({"active"}),
)
def health_check_age(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    vendor = files.vendor.model
    limit = getattr(context.settings.governance.health_check_max_age, vendor.segment)
    latest = latest_health((record.model for record in files.health), context.as_of)
    if latest is None:
        yield Finding(
            files.vendor.doc,
            ("id",),
            "no relationship health check is on record; run one with both sides and add it "
            "under health/",
        )
    elif limit.add_to(latest.date) < context.as_of:
        record = next(r for r in files.health if r.model is latest)
        yield Finding(
            record.doc,
            ("date",),
            f"the latest health check ({latest.date}) is older than {limit} as of "
            f"{context.as_of}, the limit for {vendor.segment} vendors; run a new one",
        )
