"""Each KPI's values over the twelve months to the end of a report's period, against its target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.compute import scoring
from vendorctl.model import periods
from vendorctl.model.periods import Kind, Period
from vendorctl.model.vendor import KpiDefinition

HISTORY_MONTHS = 12

_KIND: dict[str, Kind] = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def _periods(kpi: KpiDefinition, span: Period) -> list[Period]:
    """The KPI's own periods (months, quarters or years) that end within the twelve months
    ending with `span`, earliest first."""
    kind = _KIND[kpi.frequency]
    last = periods.containing(span.end, kind, span.fiscal_start)
    if last.end > span.end:  # a quarterly KPI on a monthly scorecard: the quarter before
        last = last.shift(-1)
    count = max(1, HISTORY_MONTHS // last.length)
    return [last.shift(-back) for back in range(count - 1, -1, -1)]


def _point(kpi: KpiDefinition, series: scoring.Series, period: Period) -> dict[str, Any]:
    found = scoring.value_in(kpi, series, period)
    if found is None:
        return {"period": period.label, "value": None, "status": "no-data"}
    # At the KPI's own frequency a summed KPI's target applies as written.
    reached = (
        scoring.attainment(found.value, scoring.dec(kpi.target), None, kpi.direction)
        == scoring.HUNDRED
    )
    return {
        "period": period.label,
        "value": found.value,
        "status": "met" if reached else "breached",
    }


def kpi_history(
    kpis: Iterable[KpiDefinition],
    series: Mapping[str, scoring.Series],
    span: Period,
    day: date,
    began: date | None,
) -> list[dict[str, Any]]:
    """Per KPI, its values in its own periods over the twelve months to the end of `span`
    (`kpi_history` in the scorecard's JSON): a period not ended by `day` and without data, or
    ended before the relationship began, is left out; `charted` counts the periods with data."""
    history = []
    for kpi in kpis:
        measured = series.get(kpi.id, {})
        points = [
            _point(kpi, measured, p)
            for p in _periods(kpi, span)
            if (began is None or p.end >= began)
            and (p.end <= day or scoring.value_in(kpi, measured, p) is not None)
        ]
        values: list[Decimal] = [pt["value"] for pt in points if pt["value"] is not None]
        history.append(
            {
                "id": kpi.id,
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "frequency": kpi.frequency,
                "target": scoring.dec(kpi.target),
                "points": points,
                "charted": len(values),
                "met": sum(1 for pt in points if pt["status"] == "met"),
                "breached": sum(1 for pt in points if pt["status"] == "breached"),
            }
        )
    return history
