"""Service credits as reports show them: one row per credit with its status, and the sums."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.compute import credits
from vendorctl.compute.credits import CreditState
from vendorctl.compute.scoring import ZERO

# The sums of `credit_totals` by status: each names the statuses it adds up.
_SUMS: dict[str, frozenset[str]] = {
    "to_claim": frozenset({"to-claim", "due-soon"}),
    "due_soon": frozenset({"due-soon"}),
    "claimed": frozenset({"claimed"}),
    "disputed": frozenset({"disputed"}),
    "received": frozenset({"received", "partial"}),
    "rejected": frozenset({"rejected"}),
    "waived": frozenset({"waived"}),
    "lapsed": frozenset({"lapsed"}),
    "owed": credits.RECOVERABLE,
}


_PAID = frozenset({"received", "partial"})


def money(value: Decimal | float | None) -> Decimal | None:
    """An amount rounded to cents, half-up, as on invoices."""
    return credits.cents(value)


def credit_row(state: CreditState) -> dict[str, Any]:
    """One credit: the contract and window, the amount earned, and where it stands."""
    credit, claim = state.credit, state.claim
    return {
        "contract": credit.contract.id,
        "window": credit.window.label,
        # The window's dates sort rows by period: the labels do not (2026-Q3 before 2026-08).
        "window_start": credit.window.start,
        "window_end": credit.window.end,
        "percent": credit.percent,
        "amount": money(credit.amount),
        "currency": credit.currency,
        "claim_by": credit.claim_by,
        "capped": credit.capped,
        "status": state.status,
        "days_left": state.days_left,
        "claimed_on": claim.claimed_on if claim else None,
        "reference": claim.reference if claim else None,
        "claimed_amount": money(claim.amount) if claim and claim.amount is not None else None,
        "received_on": claim.received_on if claim and state.status in _PAID else None,
        "received_amount": _received(state),
        "note": claim.note if claim else None,
    }


def _received(state: CreditState) -> Decimal | None:
    claim = state.claim
    if claim is None or state.status not in _PAID:
        return None
    if claim.received_amount is not None:
        return money(claim.received_amount)
    return _claimed(state)


def _claimed(state: CreditState) -> Decimal | None:
    """What was (or is to be) asked for: the claim's amount if recorded, else the credit."""
    if state.claim is not None:
        return credits.claimed_figure(state.credit, state.claim)
    return money(state.credit.amount)


def _counted(row: dict[str, Any], key: str) -> Decimal | None:
    """The figure a row adds to a sum: received money, else the amount claimed, else earned."""
    found: Decimal | None
    if key == "received":
        found = row["received_amount"]
    elif row["claimed_amount"] is not None:
        found = row["claimed_amount"]
    else:
        found = row["amount"]
    return found


def credit_totals(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The credits summed per currency (in a stable order): `earned` (also `amount`), `owed`
    (the money still recoverable: to claim, claimed or disputed) and one sum per status;
    `unknown` counts the credits whose amount cannot be computed (no charges recorded).
    Each row is rounded to cents first, so totals are the sums of the rows shown."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        total = totals.setdefault(row["currency"], _empty(row["currency"]))
        if row["amount"] is None:
            total["unknown"] += 1
        total["earned"] += row["amount"] or ZERO
        for key, statuses in _SUMS.items():
            if row["status"] in statuses:
                total[key] += _counted(row, key) or ZERO
    for total in totals.values():
        total["amount"] = total["earned"]
    return [totals[currency] for currency in sorted(totals)]


def _empty(currency: str) -> dict[str, Any]:
    return (
        {"currency": currency, "amount": ZERO, "earned": ZERO}
        | dict.fromkeys(_SUMS, ZERO)
        | {"unknown": 0}
    )


def received_in(rows: Iterable[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    """The rows whose credit note came between `start` and `end`, inclusive."""
    return [r for r in rows if r["received_on"] is not None and start <= r["received_on"] <= end]


def lapsed_in(rows: Iterable[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    """The lapsed rows whose claim-by date fell between `start` and `end`, inclusive."""
    return [
        r
        for r in rows
        if r["status"] == "lapsed" and r["claim_by"] is not None and start <= r["claim_by"] <= end
    ]


def by_window(row: dict[str, Any]) -> tuple[date, date]:
    """Sort key of a credit row's window: by its start, then the shorter first (2026-08 before
    2026-Q4, 2026-Q3 before 2026-08), never by its label."""
    return (row["window_start"], row["window_end"])


def by_deadline(row: dict[str, Any]) -> tuple[date, str, str, date, date]:
    """Sort key of credit rows across vendors: the oldest claim-by date first (none last),
    then vendor, contract and window (by period)."""
    return (row["claim_by"] or date.max, row["vendor"], row["contract"], *by_window(row))
