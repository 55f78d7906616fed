"""Compare two checked portfolios, matching everything by id, never by path: files can be renamed,
split or merged, contracts moved between vendors and vendors renamed without hiding a change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from vendorctl.changes import PORTFOLIO, Change, Comparison
from vendorctl.changes.amendments import amendment_changes
from vendorctl.changes.claims import claim_changes
from vendorctl.changes.contracts import original_terms_changes
from vendorctl.changes.credits import credit_changes
from vendorctl.changes.data import measurement_changes, score_change
from vendorctl.changes.renewal import renewal_changes
from vendorctl.changes.settings import settings_changes
from vendorctl.changes.vendors import shared_people_changes, vendor_changes
from vendorctl.compute.renewals import all_renewals
from vendorctl.compute.series import default_period, vendor_series
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Contract, Vendor
from vendorctl.model.vendor import KpiDefinition

Side = tuple[Vendor, VendorFiles]


def compare(base: Checked, head: Checked, day: date) -> Comparison:
    """Every change from `base` to `head` that matters, judged as of `day`, in report order."""
    old_vendors, new_vendors = _vendors(base), _vendors(head)
    renamed = _renamed(old_vendors, new_vendors)  # new id -> old id
    found: list[Change] = list(settings_changes(base.settings, head.settings))
    shared = base.portfolio.shared.people, head.portfolio.shared.people
    found.extend(shared_people_changes(shared))
    names = {PORTFOLIO: "Portfolio settings"}
    names |= {vendor_id: side[0].name for vendor_id, side in (old_vendors | new_vendors).items()}
    gone = old_vendors.keys() - new_vendors.keys() - set(renamed.values())
    came = new_vendors.keys() - old_vendors.keys() - renamed.keys()
    for vendor_id in sorted(gone):
        found.append(_whole("vendor-removed", vendor_id, old_vendors[vendor_id]))
    for vendor_id in sorted(came):
        found.append(_whole("vendor-added", vendor_id, new_vendors[vendor_id]))
    for vendor_id in sorted(new_vendors.keys() - came):
        was = renamed.get(vendor_id, vendor_id)
        if was != vendor_id:
            found.append(
                Change("vendor-renamed", vendor_id, "vendor", "id changed", was, vendor_id)
            )
        pair = old_vendors[was], new_vendors[vendor_id]
        found.extend(_one_vendor(vendor_id, pair, (base, head), day))
    found.extend(_contracts(base, head, renamed, gone | came, day))
    found.extend(credit_changes(base, head, day))
    found.extend(claim_changes(base, head, gone | came))
    return Comparison(day, sorted(found, key=lambda c: c.order), names)


def _vendors(checked: Checked) -> dict[str, Side]:
    return {
        vendor_id: (files.vendor.model, files)
        for vendor_id, files in checked.portfolio.vendors.items()
        if files.vendor is not None
    }


def _contract_ids(side: Side) -> set[str]:
    return {record.model.id for record in side[1].contracts}


def _renamed(old: dict[str, Side], new: dict[str, Side]) -> dict[str, str]:
    """Vendors whose id changed: a vendor gone and one come that share a contract id (ids are
    unique across the portfolio) or, failing that, the name; only one-to-one matches count."""
    gone = sorted(old.keys() - new.keys())
    came = sorted(new.keys() - old.keys())
    pairs: dict[str, str] = {}
    for key in (_contract_ids, lambda side: {side[0].name}):
        for new_id in came:
            matches = [old_id for old_id in gone if key(old[old_id]) & key(new[new_id])]
            if new_id not in pairs and len(matches) == 1 and matches[0] not in pairs.values():
                pairs[new_id] = matches[0]
    return pairs


def _whole(kind: str, vendor_id: str, side: Side) -> Change:
    """A vendor added or removed as one change: what comes or goes with it is counted."""
    model, files = side
    counts = {
        "contracts": len(files.contracts),
        "kpis": len(model.kpis),
        "measurements": sum(len(r.model.measurements) for r in files.measurements),
    }
    contents = [
        _count(counts["contracts"], "contract"),
        _count(counts["kpis"], "KPI"),
        _count(counts["measurements"], "measurement"),
    ]
    shown = f"{model.name}, {model.segment}, {model.status}: {', '.join(contents)}"
    before, after = (None, shown) if kind == "vendor-added" else (shown, None)
    what = "added" if kind == "vendor-added" else "removed"
    return Change(kind, vendor_id, "vendor", what, before, after, counts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _one_vendor(
    vendor_id: str, pair: tuple[Side, Side], sides: tuple[Checked, Checked], day: date
) -> Iterator[Change]:
    """Changes of a vendor present in both versions: its file, its data, its score."""
    ((old_model, old_files), (new_model, new_files)), (base, head) = pair, sides
    shared = base.portfolio.shared.people, head.portfolio.shared.people
    yield from vendor_changes(vendor_id, old_model, new_model, shared)
    old_series, new_series = vendor_series(base, old_files), vendor_series(head, new_files)
    units = {k.id: k.unit for k in (*old_model.kpis, *new_model.kpis)}
    yield from measurement_changes(vendor_id, old_series, new_series, units)
    period = default_period(new_series, day, head.settings.fiscal_year_start)
    yield from score_change(
        vendor_id,
        period,
        (old_model, old_series, base.settings, [r.model for r in old_files.contracts]),
        (new_model, new_series, head.settings, [r.model for r in new_files.contracts]),
    )


def _contracts(
    base: Checked, head: Checked, renamed: dict[str, str], whole: set[str], day: date
) -> Iterator[Change]:
    """Contracts matched by id across the portfolio: added, removed, moved and changed."""
    old = _all_contracts(base)
    new = _all_contracts(head)
    for contract_id in sorted(old.keys() - new.keys()):
        vendor_id, contract, _ = old[contract_id]
        if vendor_id in whole:
            continue  # counted with its vendor
        subject = f"contract {contract_id}"
        yield Change("contract-removed", vendor_id, subject, "removed", contract.title)
        for sla in contract.slas:  # an id changed in the same edit must not hide weaker terms
            sla_subject = f"{subject}, SLA {sla.id}"
            yield Change("sla-weakened", vendor_id, sla_subject, "SLA removed with the contract")
    for contract_id in sorted(new.keys() - old.keys()):
        vendor_id, contract, _ = new[contract_id]
        if vendor_id not in whole:
            subject = f"contract {contract_id}"
            yield Change("contract-added", vendor_id, subject, "added", None, contract.title)
    old_renewals = {r.contract.id: r for r in all_renewals(base, day)}
    new_renewals = {r.contract.id: r for r in all_renewals(head, day)}
    for contract_id in sorted(old.keys() & new.keys()):
        (old_vendor, before, old_kpis), (vendor_id, after, new_kpis) = (
            old[contract_id],
            new[contract_id],
        )
        if renamed.get(vendor_id, vendor_id) != old_vendor:
            subject = f"contract {contract_id}"
            yield Change("contract-moved", vendor_id, subject, "moved", old_vendor, vendor_id)
        currencies = (
            before.currency or base.settings.currency,
            after.currency or head.settings.currency,
        )
        kpis = old_kpis | new_kpis
        yield from original_terms_changes(vendor_id, before, after, currencies, kpis, day)
        yield from amendment_changes(vendor_id, before, after, head.settings.currency, kpis, day)
        pair = old_renewals[contract_id], new_renewals[contract_id]
        yield from renewal_changes(vendor_id, *pair)


def _all_contracts(checked: Checked) -> dict[str, tuple[str, Contract, dict[str, KpiDefinition]]]:
    """Every contract by id, with its vendor's id and KPIs (for the direction of its SLAs)."""
    found: dict[str, tuple[str, Contract, dict[str, KpiDefinition]]] = {}
    for vendor_id, (model, files) in _vendors(checked).items():
        kpis = {k.id: k for k in model.kpis}
        for record in files.contracts:
            found[record.model.id] = (vendor_id, record.model, kpis)
    return found
