"""Measurement checks: one value per KPI and period, at the KPI's frequency."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl import periods
from vendorctl.checks.common import FirstSeen
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.portfolio import Portfolio

_FREQUENCY = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@check
def one_measurement_per_period(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Each KPI has at most one value per period (however it is spelled), across all files."""
    fiscal_start = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    for files in portfolio.vendors.values():
        seen = FirstSeen("measurement of", code="duplicate-measurement")
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                try:
                    period = periods.parse(m.period, fiscal_start)
                except periods.PeriodError:
                    continue  # reported by measurement_periods
                # The period's fields, not the Period: a tuple of str and ints hashes in C,
                # which counts over hundreds of thousands of measurements (one fiscal calendar).
                yield from seen.add(
                    (m.kpi, period.first, period.kind),
                    record.doc,
                    ("measurements", index),
                    f"{m.kpi} for {m.period}",
                )


@check
def measurement_periods(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A KPI's values are given for periods of its frequency, in the portfolio's fiscal calendar."""
    fiscal_start = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        frequency = {kpi.id: kpi.frequency for kpi in files.vendor.model.kpis}
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                loc = ("measurements", index, "period")
                try:
                    period = periods.parse(m.period, fiscal_start)
                except periods.PeriodError as exc:
                    yield record.doc.diagnostic(loc, "period-frequency", str(exc))
                    continue
                expected = frequency.get(m.kpi)
                found = _FREQUENCY[period.kind]
                if expected is not None and found != expected:
                    yield record.doc.diagnostic(
                        loc,
                        "period-frequency",
                        f"KPI `{m.kpi}` is measured {expected}, but {m.period} is a "
                        f"{period.kind}; give one value per {_NOUN[expected]}",
                    )
