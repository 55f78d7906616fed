"""Standing: the band of a score as shown, capped when the period breached a contractual SLA.

The rule, stated once: a score is banded as reports show it, rounded half-up to one decimal,
so a reader can check the band from the number they see (69.95 reads 70.0 and is Good with
the default bands; 69.94 reads 69.9 and needs attention). A band holds the shown scores from
its `min` (inclusive) up to its `max` (exclusive), except 100 in the top band.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from vendorctl.compute import scoring, sla
from vendorctl.compute.numbers import rounded
from vendorctl.model.contract import Contract
from vendorctl.model.periods import Period
from vendorctl.model.settings import Settings, Standing
from vendorctl.model.vendor import KpiDefinition

OFF = "none"  # the value of `sla_breach_standing` that turns the cap off


@dataclass(frozen=True)
class SlaSummary:
    """The SLA windows of a period whose SLA had data, and how many met or breached it."""

    windows: int
    met: int
    breached: int


@dataclass(frozen=True)
class Shown:
    """The standing a report shows: the score's band, or the cap if a breach lowered it."""

    band: Standing | None
    capped: bool
    reason: str | None


def shown_score(value: Decimal | None) -> Decimal | None:
    """The score as reports show it: rounded half-up to one decimal."""
    return None if value is None else rounded(value, 1)


def band_of(value: Decimal | None, bands: Sequence[Standing]) -> Standing | None:
    """The band of a score as shown (one decimal, half-up)."""
    return scoring.standing(shown_score(value), bands)


def summarise(windows: Iterable[sla.SlaWindow]) -> SlaSummary:
    """Count the windows with data, met and breached; a window without data counts in none."""
    judged = [w.met for w in windows if w.met is not None]
    met = sum(1 for m in judged if m)
    return SlaSummary(len(judged), met, len(judged) - met)


def sla_summary(
    contracts: Iterable[Contract],
    kpis: Sequence[KpiDefinition],
    series: Mapping[str, scoring.Series],
    period: Period,
    currency: str,
) -> SlaSummary:
    """The SLA windows of every contract that end within `period`, counted."""
    by_id = {kpi.id: kpi for kpi in kpis}
    slas = (sla.ContractSlas(contract, by_id, currency) for contract in contracts)
    return counted(slas, series, period)


def counted(
    slas: Iterable[sla.ContractSlas], series: Mapping[str, scoring.Series], period: Period
) -> SlaSummary:
    """`sla_summary` of contracts whose SLAs are made ready already (`VendorSlas.slas`, for
    the vendor's KPIs and the settings' currency)."""
    # Only whether each window met its SLA is counted: its credit, amount and claim-by date
    # (what `sla.evaluate` also works out) are not.
    judged = [ok for contract in slas for ok in contract.verdicts(series, period)]
    met = sum(judged)
    return SlaSummary(len(judged), met, len(judged) - met)


def cap_band(settings: Settings) -> Standing | None:
    """The band a breach caps the standing at: `sla_breach_standing`, by default the
    second-lowest band (the only one if there is one), None when set to `none`."""
    chosen = settings.sla_breach_standing
    if chosen == OFF:
        return None
    ordered = sorted(settings.standings, key=lambda b: b.min)
    if chosen is None:
        return ordered[min(1, len(ordered) - 1)] if ordered else None
    # An unknown id is a settings error (checks/settings.py); until fixed, no cap.
    return next((b for b in ordered if b.id == chosen), None)


def windows_text(count: int) -> str:
    """`1 SLA window` or `2 SLA windows`."""
    return f"{count} SLA window{'' if count == 1 else 's'}"


def shown(value: Decimal | None, settings: Settings, breached: int) -> Shown:
    """The standing to show for a score, capped at `cap_band` when a window was breached.

    No score gives no standing, breached or not: the SLA summary beside it tells the breach.
    """
    band = band_of(value, settings.standings)
    cap = cap_band(settings) if breached else None
    if band is None or cap is None or band.min <= cap.min:
        return Shown(band, False, None)
    return Shown(cap, True, f"{windows_text(breached)} breached")
