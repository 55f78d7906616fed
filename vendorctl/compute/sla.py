"""SLA compliance and service credits: each SLA evaluated per window against its contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vendorctl.compute.scoring import HUNDRED, ZERO, KpiValue, Series, dec, value_in
from vendorctl.model.contract import Contract, Sla
from vendorctl.model.periods import Kind, Period, containing
from vendorctl.model.vendor import KpiDefinition

_WINDOW_KIND: dict[str, Kind] = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class SlaWindow:
    """One SLA over one window: the value, whether it met the target, the credit earned."""

    contract: Contract
    sla: Sla
    kpi: KpiDefinition
    window: Period
    value: KpiValue | None
    met: bool | None
    credit_percent: Decimal
    credit_amount: Decimal | None
    currency: str
    claim_by: date | None
    capped: bool = False


@dataclass(frozen=True)
class ContractCredit:
    """What one contract owes for one window: the SLAs' credits summed, capped by the contract."""

    contract: Contract
    window: Period
    percent: Decimal
    amount: Decimal | None
    currency: str
    claim_by: date | None
    capped: bool


def windows(kind: Kind, period: Period) -> list[Period]:
    """The SLA windows of `kind` that end within `period` (a yearly SLA ends in one quarter)."""
    found = []
    window = containing(period.start, kind, period.fiscal_start)
    while window.start <= period.end:
        if period.start <= window.end <= period.end:
            found.append(window)
        window = window.shift(1)
    return found


def in_force(contract: Contract, window: Period) -> bool:
    """True if the window overlaps the contract's term (auto-renewing terms never end here)."""
    if window.end < contract.start:
        return False
    return contract.end is None or contract.auto_renew or window.start <= contract.end


def met(value: Decimal, target: Decimal, kpi: KpiDefinition) -> bool:
    """Meeting the target exactly is compliant."""
    return value >= target if kpi.direction == "higher" else value <= target


def tier_credit(sla: Sla, value: Decimal) -> Decimal:
    """The largest credit whose condition holds: value strictly below (or above) its threshold."""
    earned = [
        dec(tier.credit)
        for tier in sla.credits
        if (tier.below is not None and value < dec(tier.below))
        or (tier.above is not None and value > dec(tier.above))
    ]
    return max(earned, default=ZERO)


def window_charges(contract: Contract, window: Period) -> Decimal | None:
    """The contract's charges for a window: its monthly charge, or annual value / 12, per month."""
    if contract.monthly_charge is not None:
        monthly = dec(contract.monthly_charge)
    elif contract.annual_value is not None:
        monthly = dec(contract.annual_value) / 12
    else:
        return None
    return monthly * window.length


def evaluate(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    period: Period,
    currency: str,
) -> list[SlaWindow]:
    """Every SLA of a contract over each of its windows that ends within `period`."""
    results = []
    cap = dec(contract.credit_cap) if contract.credit_cap is not None else None
    for sla in contract.slas:
        kpi = kpis.get(sla.kpi)
        if kpi is None:
            continue
        for window in windows(_WINDOW_KIND[sla.window], period):
            if not in_force(contract, window):
                continue
            found = value_in(kpi, series.get(kpi.id, {}), window)
            percent = ZERO
            compliant = None
            capped = False
            if found is not None:
                compliant = met(found.value, dec(sla.target), kpi)
                percent = tier_credit(sla, found.value)
                if cap is not None and percent > cap:
                    percent, capped = cap, True
            charges = window_charges(contract, window)
            amount = charges * percent / HUNDRED if charges is not None else None
            claim_by = contract.claim_period.add_to(window.end) if contract.claim_period else None
            results.append(
                SlaWindow(
                    contract,
                    sla,
                    kpi,
                    window,
                    found,
                    compliant,
                    percent,
                    amount,
                    contract.currency or currency,
                    claim_by,
                    capped,
                )
            )
    return results


def contract_credits(results: list[SlaWindow]) -> list[ContractCredit]:
    """Credits per contract and window: the sum over SLAs, never above the contract's cap."""
    grouped: dict[tuple[str, Period], list[SlaWindow]] = {}
    for item in results:
        if item.credit_percent > 0:
            grouped.setdefault((item.contract.id, item.window), []).append(item)
    owed = []
    for (_, window), items in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        contract = items[0].contract
        total = sum((i.credit_percent for i in items), ZERO)
        cap = dec(contract.credit_cap) if contract.credit_cap is not None else None
        over = cap is not None and total > cap
        percent = cap if over and cap is not None else total
        capped = over or any(i.capped for i in items)
        charges = window_charges(contract, window)
        amount = charges * percent / HUNDRED if charges is not None else None
        owed.append(
            ContractCredit(
                contract, window, percent, amount, items[0].currency, items[0].claim_by, capped
            )
        )
    return owed
