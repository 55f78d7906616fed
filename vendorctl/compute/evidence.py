"""Due-diligence evidence that expires: each item's status and days left, as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from vendorctl.model.base import Duration
from vendorctl.model.vendor import DueDiligence, Vendor

EvidenceStatus = Literal["expired", "expiring", "valid", "no-expiry"]


@dataclass(frozen=True)
class Evidence:
    """One due-diligence item of a vendor, judged as of a date."""

    index: int  # its place in `selection.due_diligence`, where findings point
    item: DueDiligence
    status: EvidenceStatus
    days_left: int | None  # expires - as-of (negative once expired); None without expiry


def evidence_status(item: DueDiligence, as_of: date, warning: Duration) -> EvidenceStatus:
    """`expired` before the as-of date; `expiring` from the as-of date (its last valid day
    included) to the as-of date plus the warning; `valid` later; `no-expiry` without a date."""
    if item.expires is None:
        return "no-expiry"
    if item.expires < as_of:
        return "expired"
    if item.expires <= warning.add_to(as_of):
        return "expiring"
    return "valid"


def vendor_evidence(vendor: Vendor, as_of: date, warning: Duration) -> list[Evidence]:
    """The vendor's due-diligence items in file order, each with its status; none without a
    selection record."""
    items = vendor.selection.due_diligence if vendor.selection is not None else []
    return [
        Evidence(
            index,
            item,
            evidence_status(item, as_of, warning),
            None if item.expires is None else (item.expires - as_of).days,
        )
        for index, item in enumerate(items)
    ]


def evidence_rows(vendor: Vendor, as_of: date, warning: Duration) -> list[dict[str, Any]]:
    """The report rows of the vendor's due-diligence items, in file order:
    `{item, expires, link, status, days_left}` (`expires` a date, written as text in JSON)."""
    return [
        {
            "item": found.item.item,
            "expires": found.item.expires,
            "link": found.item.link,
            "status": found.status,
            "days_left": found.days_left,
        }
        for found in vendor_evidence(vendor, as_of, warning)
    ]
