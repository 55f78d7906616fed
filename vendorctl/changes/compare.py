"""Compare two checked portfolios vendor by vendor, matching everything by id, never by path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from vendorctl.changes import Change, Comparison
from vendorctl.changes.contracts import contract_changes, deadline_moved
from vendorctl.changes.data import measurement_changes, score_change
from vendorctl.changes.vendors import vendor_changes
from vendorctl.model import Vendor
from vendorctl.portfolio import VendorFiles
from vendorctl.renewals import Renewal
from vendorctl.reports.common import Checked
from vendorctl.reports.renewals import all_renewals
from vendorctl.reports.scorecard import default_period, vendor_series


def compare(base: Checked, head: Checked, day: date) -> Comparison:
    """Every change from `base` to `head` that matters, judged as of `day`, in report order."""
    found: list[Change] = []
    names: dict[str, str] = {}
    old_vendors, new_vendors = _vendors(base), _vendors(head)
    for vendor_id in sorted(old_vendors.keys() | new_vendors.keys()):
        old, new = old_vendors.get(vendor_id), new_vendors.get(vendor_id)
        names[vendor_id] = (new or old)[0].name  # type: ignore[index]
        if old is None:
            found.append(_whole("vendor-added", vendor_id, new, head))  # type: ignore[arg-type]
        elif new is None:
            found.append(_whole("vendor-removed", vendor_id, old, base))
        else:
            found.extend(_one_vendor(vendor_id, (base, *old), (head, *new), day))
    found.extend(_deadlines(base, head, day))
    return Comparison(day, sorted(found, key=lambda c: c.order), names)


def _vendors(checked: Checked) -> dict[str, tuple[Vendor, VendorFiles]]:
    return {
        vendor_id: (files.vendor.model, files)
        for vendor_id, files in checked.portfolio.vendors.items()
        if files.vendor is not None
    }


def _whole(kind: str, vendor_id: str, side: tuple[Vendor, VendorFiles], checked: Checked) -> Change:
    """A vendor added or removed as one change: what comes or goes with it is counted."""
    model, files = side
    counts = {
        "contracts": len(files.contracts),
        "kpis": len(model.kpis),
        "measurements": sum(len(r.model.measurements) for r in files.measurements),
    }
    shown = (
        f"{model.name}, {model.segment}, {model.status}: {counts['contracts']} contracts, "
        f"{counts['kpis']} KPIs, {counts['measurements']} measurements"
    )
    before, after = (None, shown) if kind == "vendor-added" else (shown, None)
    what = "added" if kind == "vendor-added" else "removed"
    return Change(kind, vendor_id, "vendor", what, before, after, counts)


Side = tuple[Checked, Vendor, VendorFiles]


def _one_vendor(vendor_id: str, before: Side, after: Side, day: date) -> Iterator[Change]:
    (base, old_model, old_files), (head, new_model, new_files) = before, after
    yield from vendor_changes(vendor_id, old_model, new_model)
    kpis = {k.id: k for k in (*old_model.kpis, *new_model.kpis)}  # the head's win
    old_contracts = {r.model.id: r.model for r in old_files.contracts}
    new_contracts = {r.model.id: r.model for r in new_files.contracts}
    for contract_id in sorted(old_contracts.keys() - new_contracts.keys()):
        title = old_contracts[contract_id].title
        yield Change("contract-removed", vendor_id, f"contract {contract_id}", "removed", title)
    for contract_id in sorted(new_contracts.keys() - old_contracts.keys()):
        title = new_contracts[contract_id].title
        yield Change("contract-added", vendor_id, f"contract {contract_id}", "added", None, title)
    currency = head.settings.currency
    for contract_id in sorted(old_contracts.keys() & new_contracts.keys()):
        pair = old_contracts[contract_id], new_contracts[contract_id]
        yield from contract_changes(vendor_id, *pair, currency, kpis)
    old_series, new_series = vendor_series(base, old_files), vendor_series(head, new_files)
    units = {k.id: k.unit for k in kpis.values()}
    yield from measurement_changes(vendor_id, old_series, new_series, units)
    period = default_period(new_series, day, head.settings.fiscal_year_start)
    yield from score_change(
        vendor_id,
        period,
        (old_model, old_series, base.settings),
        (new_model, new_series, head.settings),
    )


def _deadlines(base: Checked, head: Checked, day: date) -> Iterator[Change]:
    """Notice deadlines that moved, for every contract kept under the same vendor and id."""
    old = {(r.vendor, r.contract.id): r for r in all_renewals(base, day)}
    for new in all_renewals(head, day):
        was = old.get((new.vendor, new.contract.id))
        if was is not None:
            yield from deadline_moved(new.vendor, new.contract.id, _next(was), _next(new))


def _next(item: Renewal) -> date | None:
    """The notice deadline that counts next: a passed one gives way to the next term's."""
    return item.next_notice_deadline or item.notice_deadline
