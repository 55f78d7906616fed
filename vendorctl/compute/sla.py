"""SLA compliance and service credits: each SLA evaluated per window against its contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from vendorctl.compute.renewals import last_day_in_force
from vendorctl.compute.scoring import ZERO, KpiValue, Series, dec, value_in
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
    """True if the window overlaps the contract's term, from its start to its last day in force
    (a contract ended by a recorded `terminate` or `let-lapse` decision earns nothing after)."""
    return _overlaps(window, contract.start, last_day_in_force(contract))


def _overlaps(period: Period, first: date, last: date | None) -> bool:
    return period.end >= first and (last is None or period.start <= last)


def _months_in_force(window: Period, first: date, last: date | None) -> Fraction:
    """The window's months in force: a whole month counts 1, a month partly in force the share
    of its days in force (as an exact fraction: 14/28 of February, never a rounded share)."""
    total = Fraction(0)
    for month in window.months():
        begin = max(month.start, first)
        finish = month.end if last is None else min(month.end, last)
        if begin <= finish:
            total += Fraction((finish - begin).days + 1, month.end.day)
    return total


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


def _charges(contract: Contract, window: Period) -> Fraction | None:
    if contract.monthly_charge is not None:
        monthly = Fraction(dec(contract.monthly_charge))
    elif contract.annual_value is not None:
        monthly = Fraction(dec(contract.annual_value)) / 12
    else:
        return None
    return monthly * _months_in_force(window, contract.start, last_day_in_force(contract))


def _exact(value: Fraction) -> Decimal:
    # One division, last: exact whenever the amount ends in whole cents or half-cents, so that
    # reports round 61.725 up to 61.73 rather than a 61.72499... left by earlier divisions.
    return Decimal(value.numerator) / Decimal(value.denominator)


def window_charges(contract: Contract, window: Period) -> Decimal | None:
    """The contract's charges for the part of a window in force: its monthly charge, or annual
    value / 12, for each month wholly in force, and the share of days in force of the others."""
    charges = _charges(contract, window)
    return None if charges is None else _exact(charges)


def credit_amount(contract: Contract, window: Period, percent: Decimal) -> Decimal | None:
    """`percent` of the window's charges, unrounded (reports round each credit to cents)."""
    if not percent:  # most windows earn nothing: no need to work out their charges
        no_charges = contract.monthly_charge is None and contract.annual_value is None
        return None if no_charges else ZERO
    charges = _charges(contract, window)
    return None if charges is None else _exact(charges * Fraction(percent) / 100)


def _in_term(series: Series, window: Period, first: date, last: date | None) -> Series:
    """The measurements that count for a window: all of them when the window is wholly in
    force, else only those of periods that overlap the term."""
    if window.start >= first and (last is None or window.end <= last):
        return series
    return {period: value for period, value in series.items() if _overlaps(period, first, last)}


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
    last = last_day_in_force(contract)
    for sla in contract.slas:
        kpi = kpis.get(sla.kpi)
        if kpi is None:
            continue
        for window in windows(_WINDOW_KIND[sla.window], period):
            if not _overlaps(window, contract.start, last):
                continue
            measured = _in_term(series.get(kpi.id, {}), window, contract.start, last)
            found = value_in(kpi, measured, window)
            percent = ZERO
            compliant = None
            capped = False
            if found is not None:
                compliant = met(found.value, dec(sla.target), kpi)
                percent = tier_credit(sla, found.value)
                if cap is not None and percent > cap:
                    percent, capped = cap, True
            amount = credit_amount(contract, window, percent)
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
        amount = credit_amount(contract, window, percent)
        owed.append(
            ContractCredit(
                contract, window, percent, amount, items[0].currency, items[0].claim_by, capped
            )
        )
    return owed
