"""Service credits owed across the portfolio for a period, per vendor and contract."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from vendorctl.compute.as_of import measured_periods
from vendorctl.compute.series import credits_period, vendor_series
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.model import Settings, periods
from vendorctl.model.periods import Period
from vendorctl.reports.scorecard import credit_totals, slas_and_credits, vendor_summary


def _period(checked: Checked, text: str | None, day: date) -> Period:
    fiscal = checked.settings.fiscal_year_start
    if text is not None:
        try:
            return periods.parse(text, fiscal)
        except periods.PeriodError as exc:
            raise ReportError(str(exc)) from None
    return credits_period(checked.settings, day, measured_periods(checked.portfolio.vendors))


# A vendor's identity (vendor_summary) and its credit rows.
VendorOwed = tuple[dict[str, Any], list[dict[str, Any]]]


def vendor_owed(checked: Checked, vendor_id: str, span: Period) -> VendorOwed:
    """A vendor's identity and the credits it owes for a period: its share of `credits`."""
    model, files = checked.vendor(vendor_id)
    series = vendor_series(checked, files)
    return vendor_summary(model), slas_and_credits(checked, model, files, series, span)[1]


def credits(checked: Checked, *, period: str | None, day: date) -> dict[str, Any]:
    """Credits owed in a period: one row per contract and SLA window with a credit, and totals."""
    span = _period(checked, period, day)
    owed = [
        vendor_owed(checked, vendor_id, span) for vendor_id in sorted(checked.portfolio.vendors)
    ]
    return credits_context(checked.settings, span, day, owed)


def credits_context(
    settings: Settings, span: Period, day: date, owed: Iterable[VendorOwed]
) -> dict[str, Any]:
    """The credits report's context from every vendor's share, in vendor id order."""
    rows: list[dict[str, Any]] = []
    vendors = []
    for summary, credit_rows in owed:
        if credit_rows:
            vendors.append({**summary, "totals": credit_totals(credit_rows)})
            rows.extend(
                {"vendor": summary["id"], "vendor_name": summary["name"], **row}
                for row in credit_rows
            )
    return {
        "report": "credits",
        "organisation": settings.organisation,
        "period": span.label,
        "period_start": span.start,
        "period_end": span.end,
        "as_of": day,
        "credits": rows,
        "vendors": vendors,
        "totals": credit_totals(rows),
    }
