"""Measurement checks: one value per KPI and period, at the KPI's frequency."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.portfolio import Portfolio

_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def period_frequency(period: str) -> str:
    """`monthly`, `quarterly` or `yearly`, from a period's shape (2026-07, 2026-Q3, 2026)."""
    if len(period) == 4:
        return "yearly"
    return "quarterly" if period[5] == "Q" else "monthly"


@check
def one_measurement_per_period(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Each KPI has at most one value per period, across all of the vendor's files."""
    for files in portfolio.vendors.values():
        seen = FirstSeen("measurement of", code="duplicate-measurement")
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                yield from seen.add(
                    (m.kpi, m.period),
                    record.doc,
                    ("measurements", index),
                    f"{m.kpi} for {m.period}",
                )


@check
def measurement_frequency(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A KPI's values are given for periods of its frequency (monthly KPIs by month, ...)."""
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        frequency = {kpi.id: kpi.frequency for kpi in files.vendor.model.kpis}
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                expected = frequency.get(m.kpi)
                if expected is not None and period_frequency(m.period) != expected:
                    yield record.doc.diagnostic(
                        ("measurements", index, "period"),
                        "period-frequency",
                        f"KPI `{m.kpi}` is measured {expected}, but {m.period} is a "
                        f"{_NOUN[period_frequency(m.period)]}; "
                        f"give one value per {_NOUN[expected]}",
                    )
