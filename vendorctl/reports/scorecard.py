"""The scorecard: how a vendor performed in a period, against its KPIs and contractual SLAs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.compute import credits, scoring, sla, standing, termination
from vendorctl.compute.audience import redact
from vendorctl.compute.numbers import rounded
from vendorctl.compute.scoring import ZERO
from vendorctl.compute.series import SERIES_KEPT, default_period, vendor_series
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor, periods
from vendorctl.model.contract import Contract
from vendorctl.model.people import names_of
from vendorctl.model.periods import Period
from vendorctl.model.vendor import Person
from vendorctl.reports.credit_rows import credit_row, credit_totals, money
from vendorctl.reports.kpi_history import kpi_history
from vendorctl.reports.summary import scorecard_summary

TREND_PERIODS = 4


def _period(checked: Checked, text: str | Period | None, series: Any, day: date) -> Period:
    fiscal = checked.settings.fiscal_year_start
    if text is None:
        return default_period(series, day, fiscal)
    if isinstance(text, Period):  # computed, maybe beyond the years a user may write
        return text
    try:
        return periods.parse(text, fiscal)
    except periods.PeriodError as exc:
        raise ReportError(str(exc)) from None


def _direction(change: Decimal | None) -> str | None:
    if change is None:
        return None
    shown = rounded(change, 1)
    return "up" if shown > 0 else "down" if shown < 0 else "flat"


def _standing(
    value: Decimal | None, checked: Checked, summary: standing.SlaSummary
) -> dict[str, Any] | None:
    # Banded on the score as reports show it (one decimal, half-up): 69.96 reads 70.0, Good;
    # lowered to the cap if the period breached a contractual SLA.
    found = standing.shown(value, checked.settings, summary.breached)
    band = found.band
    if band is None:
        return None
    return {
        "id": band.id,
        "label": band.label,
        "emoji": band.emoji,
        "capped": found.capped,
        "reason": found.reason,
    }


def _sla_summary(summary: standing.SlaSummary) -> dict[str, int]:
    return {"windows": summary.windows, "met": summary.met, "breached": summary.breached}


def _cap(checked: Checked) -> dict[str, Any] | None:
    band = standing.cap_band(checked.settings)
    return None if band is None else {"id": band.id, "label": band.label, "emoji": band.emoji}


def _kpi_row(
    part: scoring.KpiScore,
    total_weight: Decimal,
    series: Mapping[str, scoring.Series],
    span: Period,
) -> dict[str, Any]:
    kpi = part.kpi
    # A weighted-mean KPI's total weight, also where it is 0 and so gives no value.
    if part.value is not None:
        total = part.value.weight
    else:
        total = scoring.weight_in(kpi, series.get(kpi.id, {}), span)
    # A whole total is an int, so the template tells it from a fractional one by its type
    # (`is integer`): `weight_total % 1` is a decimal division, which fails on large totals.
    weight_total: Decimal | int | None = total
    if total is not None and total == total.to_integral_value():
        weight_total = int(total)
    contribution = None
    if part.attainment is not None and total_weight:
        contribution = part.attainment * part.weight / total_weight
    status = "no-data" if part.met is None else ("met" if part.met else "breached")
    return {
        "id": kpi.id,
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "aggregation": kpi.aggregation,
        "target": scoring.dec(kpi.target),
        "floor": scoring.dec(kpi.floor) if kpi.floor is not None else None,
        "value": part.value.value if part.value else None,
        "points": part.value.points if part.value else 0,
        "expected_points": part.value.expected if part.value else None,
        "weight_total": weight_total,
        "attainment": part.attainment,
        "weight": part.weight,
        "contribution": contribution,
        "status": status,
    }


def _sla_row(item: sla.SlaWindow) -> dict[str, Any]:
    status = "no-data" if item.met is None else ("met" if item.met else "breached")
    return {
        "contract": item.contract.id,
        "sla": item.sla.id,
        "kpi": item.kpi.id,
        "unit": item.kpi.unit,
        "direction": item.kpi.direction,
        "window": item.window.label,
        "value": item.value.value if item.value else None,
        "target": scoring.dec(item.sla.target),
        "thresholds": [scoring.dec(tier.threshold) for tier in item.sla.credits],
        "met": item.met,
        "status": status,
        "credit_percent": item.credit_percent,
        "credit_amount": money(item.credit_amount),
        "currency": item.currency,
        "claim_by": item.claim_by,
    }


def termination_rows(rights: list[termination.TerminationRight]) -> list[dict[str, Any]]:
    """Open rights to terminate as reports show them (`termination_rights` in their JSON):
    `since` is the last day of the window at whose end the right opened; `breaches` of the
    latest `within` windows of the SLA were breached."""
    return [
        {
            "contract": right.contract.id,
            "sla": right.trigger.sla,
            "clause": right.trigger.clause,
            "since": right.since,
            "breaches": len(right.breached),
            "within": right.within,
        }
        for right in rights
    ]


def commentary_rows(
    vendor: Vendor, span: Period, fiscal: int, audience: str, shared: Sequence[Person]
) -> list[dict[str, Any]]:
    """The commentary on periods within `span` (the period itself, or its months in a quarter),
    earliest first; the vendor's copy keeps only the entries marked `shared: true`. Owners are
    named from the vendor's people and the shared directory (`shared`, people.yaml)."""
    shown = redact(vendor) if audience == "vendor" else vendor
    names = names_of(vendor, shared)
    rows: list[tuple[Period, dict[str, Any]]] = []
    for entry in shown.commentary:
        try:
            period = periods.parse(entry.period, fiscal)
        except periods.PeriodError:
            continue  # `vendorctl validate` reports it
        if period.start >= span.start and period.end <= span.end:
            row = {
                "period": period.label,
                "explanation": entry.explanation,
                "action": entry.action,
                "owner": entry.owner,
                "owner_name": names.get(entry.owner) if entry.owner else None,
                "shared": entry.shared,
            }
            rows.append((period, row))
    rows.sort(key=lambda item: (item[0].start, -item[0].length))
    return [row for _, row in rows]


def vendor_summary(vendor: Vendor) -> dict[str, Any]:
    """The vendor's identity as every report shows it."""
    return {
        "id": vendor.id,
        "name": vendor.name,
        "category": vendor.category,
        "segment": vendor.segment,
        "status": vendor.status,
    }


def slas_and_credits(
    checked: Checked, vendor: Vendor, files: VendorFiles, series: Any, period: Period, day: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """SLA rows per window, and the credits earned per contract and window in a period (in
    the windows ended by `day`), each with where it stands then (to claim, claimed, ...)."""
    kpis = {kpi.id: kpi for kpi in vendor.kpis}
    windows: list[sla.SlaWindow] = []
    for record in sorted(files.contracts, key=lambda r: r.model.id):
        windows.extend(sla.evaluate(record.model, kpis, series, period, checked.settings.currency))
    warning = checked.settings.governance.credit_claim_warning
    # A window still running has earned nothing yet: its credit is known, and owed, once it ends.
    ended = [c for c in sla.contract_credits(windows) if c.window.end <= day]
    found = credits.states(ended, credits.claims_of(files), day, warning)
    # A window still running (a yearly scorecard's later months) is not yet met or breached.
    shown = [w for w in windows if w.window.end <= day]
    return [_sla_row(w) for w in shown], [credit_row(state) for state in found]


def relationship_start(
    contracts: Iterable[Contract], series: Mapping[str, Mapping[Period, Any]]
) -> date | None:
    """The day the relationship began: the earlier of the first contract's start and the first
    measured period's start (a pilot may be measured before a contract, a contract signed
    before anything is measured); None with neither."""
    starts = [c.start for c in contracts]
    starts += [p.start for measured in series.values() for p in measured]
    return min(starts, default=None)


def scorecard(
    checked: Checked,
    *,
    vendor: str,
    period: str | Period | None,
    day: date,
    explain: bool = False,
    audience: str = "internal",
) -> dict[str, Any]:
    """The scorecard's context: plain data that the Markdown, JSON and terminal views share.

    Made once for the same arguments while the vendor's reports are made: the scorecard, QBR,
    onboarding pack and index row of a vendor all show it.
    """
    _, files = checked.vendor(vendor)
    # Keyed by the period it comes to, however it was asked for (by default, by name or as
    # computed), so that each vendor's scorecard is held once.
    span = _period(checked, period, vendor_series(checked, files), day)
    return checked.remember(
        "scorecard",
        (vendor, span, day, explain, audience),
        lambda: _scorecard(checked, vendor, span, day, explain, audience),
        keep=SERIES_KEPT,
    )


def _scorecard(
    checked: Checked, vendor: str, span: Period, day: date, explain: bool, audience: str
) -> dict[str, Any]:
    model, files = checked.vendor(vendor)
    series = vendor_series(checked, files)
    current = scoring.score(model.kpis, series, span)
    scores = [
        (earlier, scoring.score(model.kpis, series, earlier).score)
        for earlier in (span.shift(-back) for back in range(TREND_PERIODS, 0, -1))
    ]
    scores.append((span, current.score))
    contracts = [record.model for record in sorted(files.contracts, key=lambda r: r.model.id)]
    currency = checked.settings.currency
    # Each period's standing is capped by that period's own breaches.
    summaries = [
        standing.sla_summary(contracts, model.kpis, series, p, currency) for p, _ in scores
    ]
    began = relationship_start(contracts, series)
    trend = [
        {
            "period": p.label,
            "score": value,
            "standing": _standing(value, checked, summary),
            "sla_summary": _sla_summary(summary),
        }
        for (p, value), summary in zip(scores, summaries, strict=True)
        # A period that ended before the relationship began has nothing to show.
        if p == span or began is None or p.end >= began
    ]
    previous = scores[-2][1]
    change = (
        current.score - previous if current.score is not None and previous is not None else None
    )
    total_weight = sum((p.weight for p in current.kpis if p.attainment is not None), ZERO)
    sla_rows, credit_rows = slas_and_credits(checked, model, files, series, span, day)
    # The rights are contractual facts the vendor knows too, but whether to raise them is ours
    # to decide: a scorecard shared with the vendor leaves them out.
    rights = [] if audience == "vendor" else termination.rights(checked, vendor, day)
    context = {
        "report": "scorecard",
        "audience": audience,  # all but the termination rights is shared with the vendor
        "organisation": checked.settings.organisation,
        "vendor": vendor_summary(model),
        "period": span.label,
        "period_start": span.start,
        "period_end": span.end,
        "as_of": day,
        "score": current.score,
        "standing": _standing(current.score, checked, summaries[-1]),
        # The windows of the period whose SLA had data; a window without data counts in none.
        "sla_summary": _sla_summary(summaries[-1]),
        "coverage": current.coverage,
        "change": change,
        "direction": _direction(change),
        "trend": trend,
        "kpis": [_kpi_row(part, total_weight, series, span) for part in current.kpis],
        "kpi_history": kpi_history(model.kpis, series, span, day, began),
        "slas": sla_rows,
        "credits": credit_rows,
        "credit_totals": credit_totals(credit_rows),
        "termination_rights": termination_rows(rights),
        "commentary": commentary_rows(
            model,
            span,
            checked.settings.fiscal_year_start,
            audience,
            checked.portfolio.shared.people,
        ),
        "explain": explain,
        "standings": [
            {"id": b.id, "label": b.label, "emoji": b.emoji, "min": b.min, "max": b.max}
            for b in sorted(checked.settings.standings, key=lambda b: b.min)
        ],
        "sla_breach_standing": _cap(checked),
    }
    # Computed from the finished context: the vendor's copy has nothing internal to tell.
    return {**context, "summary": scorecard_summary(context)}
