"""Money at a glance: a contract's annual value on a day, totals per currency (never converted),
and the budget of the period under way against its pro rata share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vendorctl.compute.numbers import rounded, to_decimal
from vendorctl.compute.terms import terms_on
from vendorctl.model import periods
from vendorctl.model.contract import Contract
from vendorctl.model.vendor import Budget, Vendor

ZERO = Decimal(0)


def annual_value(contract: Contract, day: date) -> Decimal | None:
    """The contract's value per year under the terms in force on `day`: its annual value, else
    twelve monthly charges; None when it records neither."""
    terms = terms_on(contract, day)
    if terms.annual_value is not None:
        return to_decimal(terms.annual_value)
    if terms.monthly_charge is not None:
        return to_decimal(terms.monthly_charge) * 12
    return None


def currency_on(contract: Contract, day: date, default: str) -> str:
    """The currency of the contract's amounts on `day` (an amendment may change it)."""
    return terms_on(contract, day).currency or default


def per_currency(amounts: Iterable[tuple[str, Decimal | None]]) -> list[dict[str, object]]:
    """Amounts summed per currency, in currency order; unknown amounts are left out and no
    currency is ever converted into another."""
    totals: dict[str, Decimal] = {}
    for currency, amount in amounts:
        if amount is not None:
            totals[currency] = totals.get(currency, ZERO) + amount
    return [{"currency": c, "amount": totals[c]} for c in sorted(totals)]


@dataclass(frozen=True)
class BudgetUse:
    """The budget of the period under way: spend against it and the share of the period gone."""

    period: str
    budget: Decimal
    spend: Decimal | None
    used_percent: Decimal | None  # rounded to one decimal, as shown: the flags compare these
    pro_rata_percent: Decimal

    @property
    def over_budget(self) -> bool:
        """More than the whole budget spent (🔴)."""
        return self.used_percent is not None and self.used_percent > 100

    @property
    def over_pro_rata(self) -> bool:
        """More spent than the elapsed share of the period (🟠); exactly at it is not."""
        return self.used_percent is not None and self.used_percent > self.pro_rata_percent

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: period, budget, spend, used_percent, pro_rata_percent."""
        return {
            "period": self.period,
            "budget": self.budget,
            "spend": self.spend,
            "used_percent": self.used_percent,
            "pro_rata_percent": self.pro_rata_percent,
        }


def _period(text: str, fiscal_start: int) -> periods.Period:
    """A budget line's period: fiscal when the portfolio's year is, else (a calendar quarter or
    year written in a fiscal portfolio) the calendar period it names, which covers known days."""
    try:
        return periods.parse(text, fiscal_start)
    except periods.PeriodError:
        return periods.parse(text)


def budget_use(line: Budget, day: date, fiscal_start: int = 1) -> BudgetUse:
    """One budget line on `day`: pro rata is the days of its period elapsed, `day` included,
    over the period's days (0 before it starts, 100 once it has ended)."""
    period = _period(line.period, fiscal_start)
    budget = to_decimal(line.budget)
    spend = to_decimal(line.spend) if line.spend is not None else None
    days = (period.end - period.start).days + 1
    elapsed = min(max((day - period.start).days + 1, 0), days)
    used = None if spend is None or budget == 0 else rounded(spend / budget * 100, 1)
    return BudgetUse(period.label, budget, spend, used, rounded(Decimal(elapsed) / days * 100, 1))


def current_budget(vendor: Vendor, day: date, fiscal_start: int = 1) -> BudgetUse | None:
    """The budget line whose period contains `day` (the narrowest one when a year and a quarter
    both do), or None when no line covers it."""
    # Periods are whole months: one holds `day` if it holds its month, found by number without
    # making the period's first and last days (and a later start is a later first month).
    month = day.year * 12 + day.month - 1
    found = []
    for line in vendor.budget:
        period = _period(line.period, fiscal_start)
        if period.first <= month < period.first + period.length:
            found.append((period.length, period.first, line))
    if not found:
        return None
    return budget_use(min(found, key=lambda f: (f[0], f[1]))[2], day, fiscal_start)
