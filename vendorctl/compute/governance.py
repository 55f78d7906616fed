"""Governance computations: meeting cadence, risk scores and health indices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from vendorctl.model.records import HealthCheck, HealthSide, Meeting
from vendorctl.model.vendor import Cadence, Risk, Vendor

RiskBand = Literal["low", "medium", "high", "critical"]
DIMENSIONS = ("trust", "communication", "commitment", "collaboration", "satisfaction")


@dataclass(frozen=True)
class CadenceStatus:
    """One cadence entry: when its meeting was last held and when the next one is due."""

    cadence: Cadence
    last: date | None
    due: date | None
    overdue: bool


def cadence_status(vendor: Vendor, meetings: Iterable[Meeting], as_of: date) -> list[CadenceStatus]:
    """For each cadence entry, the last meeting of its kind on or before `as_of` and the next due
    date (last + interval). Never held: due one interval after the relationship began, or now."""
    held: dict[str, date] = {}
    for meeting in meetings:
        if meeting.date <= as_of and meeting.date > held.get(meeting.kind, date.min):
            held[meeting.kind] = meeting.date
    statuses = []
    for entry in vendor.cadence:
        last = held.get(entry.kind)
        start = last or vendor.since
        due = entry.every.add_to(start) if start is not None else None
        statuses.append(CadenceStatus(entry, last, due, due is None or due < as_of))
    return statuses


def risk_score(risk: Risk) -> int:
    """Likelihood (1-5) times impact (1-5)."""
    return risk.likelihood * risk.impact


def risk_band(score: int) -> RiskBand:
    """low 1-4, medium 5-9, high 10-15, critical 16-25."""
    if score >= 16:
        return "critical"
    if score >= 10:
        return "high"
    return "medium" if score >= 5 else "low"


def health_index(side: HealthSide) -> Decimal:
    """The mean of the five dimension scores (1-5) scaled to 0-100: 1 gives 0, 5 gives 100."""
    total = sum(getattr(side, name) for name in DIMENSIONS)
    return (Decimal(total) / len(DIMENSIONS) - 1) / 4 * 100


def latest_health(checks: Iterable[HealthCheck], as_of: date) -> HealthCheck | None:
    """The most recent health check on or before `as_of`."""
    return max((c for c in checks if c.date <= as_of), key=lambda c: c.date, default=None)


def ranked_risks(risks: Iterable[Risk]) -> list[Risk]:
    """Risks not closed, highest score first (then by id for a stable order)."""
    return sorted((r for r in risks if r.status != "closed"), key=lambda r: (-risk_score(r), r.id))


@dataclass(frozen=True)
class Spend:
    """Budget against spend for one period."""

    period: str
    budget: Decimal
    spend: Decimal | None

    @property
    def used(self) -> Decimal | None:
        """Spend as a percentage of the budget."""
        if self.spend is None or self.budget == 0:
            return None
        return self.spend / self.budget * 100


def spend_lines(vendor: Vendor) -> list[Spend]:
    """The vendor's budget lines, in period order."""
    from vendorctl.compute.scoring import dec

    lines = [
        Spend(b.period, dec(b.budget), dec(b.spend) if b.spend is not None else None)
        for b in vendor.budget
    ]
    return sorted(lines, key=lambda s: s.period)
