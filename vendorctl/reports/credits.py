"""Service credits owed across the portfolio for a period, per vendor and contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendorctl import periods
from vendorctl.periods import Period
from vendorctl.reports.common import Checked, ReportError
from vendorctl.reports.scorecard import (
    credit_totals,
    default_period,
    slas_and_credits,
    vendor_series,
    vendor_summary,
)


def _period(checked: Checked, text: str | None, day: date) -> Period:
    fiscal = checked.settings.fiscal_year_start
    if text is not None:
        try:
            return periods.parse(text, fiscal)
        except periods.PeriodError as exc:
            raise ReportError(str(exc)) from None
    every_series = {
        f"{vendor_id}/{kpi}": points
        for vendor_id, files in checked.portfolio.vendors.items()
        for kpi, points in vendor_series(checked, files).items()
    }
    return default_period(every_series, day, fiscal)


def credits(checked: Checked, *, period: str | None, day: date) -> dict[str, Any]:
    """Credits owed in a period: one row per contract and SLA window with a credit, and totals."""
    span = _period(checked, period, day)
    rows: list[dict[str, Any]] = []
    vendors = []
    for vendor_id in sorted(checked.portfolio.vendors):
        model, files = checked.vendor(vendor_id)
        series = vendor_series(checked, files)
        _, owed = slas_and_credits(checked, model, files, series, span)
        if owed:
            vendors.append({**vendor_summary(model), "totals": credit_totals(owed)})
            rows.extend({"vendor": model.id, "vendor_name": model.name, **row} for row in owed)
    return {
        "report": "credits",
        "organisation": checked.settings.organisation,
        "period": span.label,
        "period_start": span.start,
        "period_end": span.end,
        "as_of": day,
        "credits": rows,
        "vendors": vendors,
        "totals": credit_totals(rows),
    }
