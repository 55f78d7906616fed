"""Changes to service-credit claims (`claims.yaml`), in plain words: a claim made, a claim's
status or figures changed, a claim removed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from vendorctl.changes import Change
from vendorctl.compute.credits import credit_for
from vendorctl.compute.numbers import grouped, rounded
from vendorctl.compute.series import vendor_series
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import periods
from vendorctl.model.claims import Claim

# A claim is the same one in both versions if it is for the same contract and window, whatever
# vendor folder holds it (contract ids are unique across the portfolio; vendors can be renamed).
Key = tuple[str, str]


@dataclass(frozen=True)
class _Found:
    """A claim with its vendor, the figure it asks for and that figure's currency."""

    vendor: str
    claim: Claim
    figure: Decimal | None
    currency: str

    @property
    def amount(self) -> str | None:
        """The figure claimed with its currency, or None if there is none to show."""
        return None if self.figure is None else f"{self.currency} {grouped(self.figure)}"

    @property
    def received(self) -> Decimal | None:
        """The amount credited: as recorded, else (once received) the figure claimed."""
        if self.claim.received_amount is not None:
            return rounded(self.claim.received_amount, 2)
        return self.figure if self.claim.status == "received" else None


def claim_changes(base: Checked, head: Checked, whole: set[str]) -> Iterator[Change]:
    """Each claim added, changed or removed; claims of a vendor added or removed as a whole
    (`whole`) come and go with it."""
    old, new = _claims(base, whole), _claims(head, whole)
    for key in sorted(new.keys() - old.keys()):
        yield _added(new[key])
    for key in sorted(old.keys() & new.keys()):
        yield from _changed(old[key], new[key])
    for key in sorted(old.keys() - new.keys()):
        yield _removed(old[key])


def _claims(checked: Checked, whole: set[str]) -> dict[Key, _Found]:
    """Every claim of the portfolio by contract and window; the first of duplicates wins (the
    duplicates are a validation error)."""
    found: dict[Key, _Found] = {}
    for vendor_id, files in sorted(checked.portfolio.vendors.items()):
        if vendor_id in whole or files.vendor is None:
            continue
        for record in files.claims:
            for claim in record.model.claims:
                key = (claim.contract, claim.window)
                if key not in found:
                    found[key] = _found(checked, vendor_id, files, claim)
    return found


def _found(checked: Checked, vendor: str, files: VendorFiles, claim: Claim) -> _Found:
    """The claim with the figure it asks for: as recorded, else the credit computed for it."""
    currency = checked.settings.currency
    contract = next((r.model for r in files.contracts if r.model.id == claim.contract), None)
    if contract is not None:
        currency = contract.currency or currency
    if claim.amount is not None:
        return _Found(vendor, claim, rounded(claim.amount, 2), currency)
    if contract is None or files.vendor is None:
        return _Found(vendor, claim, None, currency)
    try:
        window = periods.parse(claim.window, checked.settings.fiscal_year_start)
    except periods.PeriodError:
        return _Found(vendor, claim, None, currency)
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    series = vendor_series(checked, files)
    credit = credit_for(contract, kpis, series, window, checked.settings.currency)
    figure = None if credit is None or credit.amount is None else rounded(credit.amount, 2)
    return _Found(vendor, claim, figure, currency)


def _credit(found: _Found) -> str:
    """`the EUR 1,500.00 credit for 2026-09`, or `the credit for 2026-09` without a figure."""
    amount = f"{found.amount} " if found.amount else ""
    return f"the {amount}credit for {found.claim.window}"


def _added(found: _Found) -> Change:
    """A new claim, as a sentence: who claimed what when, and how it stands already."""
    claim = found.claim
    if claim.claimed_on is not None:
        what = f"claimed {_credit(found)} on {claim.claimed_on}"
    elif claim.status == "waived":
        what = f"waived {_credit(found)}"
    else:
        what = f"recorded a claim for {_credit(found)}"
    if claim.reference:
        what += f" (ref {claim.reference})"
    if claim.status != "claimed" and (claim.status != "waived" or claim.claimed_on is not None):
        what += f"; {_status(found)}"
    return _change(
        "claim-added", found, what, None, None, {"before": None, "after": _fields(found)}
    )


def _removed(found: _Found) -> Change:
    """A claim deleted, as a sentence: which one, and how it stood."""
    claim = found.claim
    about = [f"claimed on {claim.claimed_on}"] if claim.claimed_on else []
    about += [f"ref {claim.reference}"] if claim.reference else []
    what = f"removed the claim for {_credit(found)}"
    notes = ", ".join(about) + ("; " if about else "")
    what += f" ({notes}status {claim.status})"
    return _change(
        "claim-removed", found, what, None, None, {"before": _fields(found), "after": None}
    )


def _changed(old: _Found, new: _Found) -> Iterator[Change]:
    """The status of a claim (with what was received), then each other figure that changed."""
    was, now = old.claim, new.claim
    what = f"claim for {now.window}"
    if was.status != now.status:
        data: dict[str, Any] = {"aspect": "status", "before": was.status, "after": now.status}
        yield _change("claim-changed", new, what, _status(old), _status(new), data)
    elif now.status == "received" and (
        (was.received_on, was.received_amount) != (now.received_on, now.received_amount)
    ):
        data = {"aspect": "received", "before": _number(old.received)}
        data["after"] = _number(new.received)
        shown = _received(old), _received(new)
        yield _change("claim-changed", new, f"{what}, received", *shown, data)
    # A computed figure that moved with the credit is `credits-changed`, not an edit of the claim.
    if was.amount != now.amount and old.figure != new.figure:
        data = {"aspect": "amount", "before": _number(old.figure), "after": _number(new.figure)}
        yield _change("claim-changed", new, f"{what}, amount", old.amount, new.amount, data)
    for aspect, label in (("claimed_on", "claimed on"), ("reference", "reference")):
        before, after = _text(getattr(was, aspect)), _text(getattr(now, aspect))
        if before != after:
            data = {"aspect": aspect, "before": before, "after": after}
            yield _change("claim-changed", new, f"{what}, {label}", before, after, data)


def _status(found: _Found) -> str:
    """A claim's status in words: `received, EUR 7,500.00 on 2026-11-20`, `disputed`."""
    claim = found.claim
    if claim.status != "received":
        return claim.status
    return f"received, {_received(found)}"


def _received(found: _Found) -> str:
    """What was credited and when: `EUR 5,000.00 of EUR 7,500.00 on 2026-11-20` if less."""
    received, claim = found.received, found.claim
    text = "the amount claimed" if received is None else f"{found.currency} {grouped(received)}"
    if received is not None and found.figure is not None and received < found.figure:
        text += f" of {found.amount}"
    return text + (f" on {claim.received_on}" if claim.received_on else "")


def _change(
    kind: str,
    found: _Found,
    what: str,
    before: str | None,
    after: str | None,
    data: dict[str, Any],
) -> Change:
    claim = found.claim
    about = {
        "vendor": found.vendor,
        "contract": claim.contract,
        "window": claim.window,
        "currency": found.currency,
    }
    return Change(
        kind, found.vendor, f"contract {claim.contract}", what, before, after, about | data
    )


def _fields(found: _Found) -> dict[str, Any]:
    """A claim in numbers for JSON readers: the figure claimed, recorded or computed."""
    claim = found.claim
    return {
        "status": claim.status,
        "claimed_on": _text(claim.claimed_on),
        "reference": claim.reference,
        "amount": _number(found.figure),
        "received_on": _text(claim.received_on),
        "received_amount": _number(found.received),
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
