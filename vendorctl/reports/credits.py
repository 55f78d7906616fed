"""Service credits across the portfolio: a period's, or the work list of those outstanding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from vendorctl.compute import credits as ledgers
from vendorctl.compute.as_of import measured_periods
from vendorctl.compute.series import credits_period, vendor_series
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.model import Settings, periods
from vendorctl.model.periods import Period
from vendorctl.reports.credit_rows import by_deadline, credit_row, credit_totals
from vendorctl.reports.scorecard import slas_and_credits, vendor_summary


def _period(checked: Checked, text: str | None, day: date) -> Period:
    fiscal = checked.settings.fiscal_year_start
    if text is not None:
        try:
            return periods.parse(text, fiscal)
        except periods.PeriodError as exc:
            raise ReportError(str(exc)) from None
    return credits_period(checked.settings, day, measured_periods(checked.portfolio.vendors))


# A vendor's identity (vendor_summary) and its credit rows.
VendorCredits = tuple[dict[str, Any], list[dict[str, Any]]]


def vendor_credits(checked: Checked, vendor_id: str, span: Period, day: date) -> VendorCredits:
    """A vendor's identity and the credits it earned in a period, as they stand on `day`."""
    model, files = checked.vendor(vendor_id)
    series = vendor_series(checked, files)
    return vendor_summary(model), slas_and_credits(checked, model, files, series, span, day)[1]


def vendor_ledger(checked: Checked, vendor_id: str, day: date) -> list[dict[str, Any]]:
    """Every credit the vendor earned in a window ended by `day`, as it stands then, with the
    vendor's id and name on each row; oldest claim-by date first."""
    model, _ = checked.vendor(vendor_id)
    return [
        {"vendor": model.id, "vendor_name": model.name, **credit_row(state)}
        for state in ledgers.ledger(checked, vendor_id, day)
    ]


def credits(
    checked: Checked, *, period: str | None, day: date, outstanding: bool = False
) -> dict[str, Any]:
    """Credits earned in a period, one row per contract and SLA window, with their status and
    totals; or, `outstanding`, every credit of any period still to claim or claimed and unpaid,
    oldest claim-by date first: the work list."""
    if outstanding:
        if period is not None:
            raise ReportError(
                "--outstanding lists credits of every period; leave out --period, or leave out "
                "--outstanding for one period's credits"
            )
        rows = [
            row
            for vendor_id in sorted(checked.portfolio.vendors)
            for row in vendor_ledger(checked, vendor_id, day)
        ]
        return outstanding_context(checked.settings, day, rows)
    span = _period(checked, period, day)
    earned = [
        vendor_credits(checked, vendor_id, span, day)
        for vendor_id in sorted(checked.portfolio.vendors)
    ]
    return credits_context(checked.settings, span, day, earned)


def credits_context(
    settings: Settings, span: Period, day: date, earned: Iterable[VendorCredits]
) -> dict[str, Any]:
    """The credits report's context from every vendor's share, in vendor id order."""
    rows: list[dict[str, Any]] = []
    vendors = []
    for summary, credit_rows in earned:
        if credit_rows:
            vendors.append({**summary, "totals": credit_totals(credit_rows)})
            rows.extend(
                {"vendor": summary["id"], "vendor_name": summary["name"], **row}
                for row in credit_rows
            )
    return {
        "report": "credits",
        "organisation": settings.organisation,
        "outstanding": False,
        "period": span.label,
        "period_start": span.start,
        "period_end": span.end,
        "as_of": day,
        "credits": rows,
        "vendors": vendors,
        "totals": (totals := credit_totals(rows)),
        "credit_totals": totals,  # the name the scorecard and the QBR give the same sums
    }


def outstanding_context(
    settings: Settings, day: date, ledger: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The work list from every vendor's ledger rows: the credits still to claim, or claimed
    and not yet paid, oldest claim-by date first (none last), then vendor, contract, window."""
    rows = sorted(
        (row for row in ledger if row["status"] in ledgers.OUTSTANDING),
        key=by_deadline,
    )
    by_vendor: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_vendor.setdefault(row["vendor"], []).append(row)
    return {
        "report": "credits",
        "organisation": settings.organisation,
        "outstanding": True,
        "period": None,
        "period_start": None,
        "period_end": None,
        "as_of": day,
        "credits": rows,
        "vendors": [
            {"id": v, "name": found[0]["vendor_name"], "totals": credit_totals(found)}
            for v, found in sorted(by_vendor.items())
        ],
        "totals": (totals := credit_totals(rows)),
        "credit_totals": totals,  # the name the scorecard and the QBR give the same sums
    }
