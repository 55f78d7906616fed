"""Commentary checks: each entry's period parses, one entry per period, its owner exists."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.references import People
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio
from vendorctl.model import periods


@check
def commentary_entries(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A commentary's period parses in the fiscal calendar, is commented on once, and its
    owner is a person of the vendor."""
    fiscal = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    for files in portfolio.vendors.values():
        if files.vendor is None or not files.vendor.model.commentary:
            continue
        doc, vendor = files.vendor.doc, files.vendor.model
        people = People.of(portfolio, vendor)
        seen = FirstSeen("commentary for period")
        for index, entry in enumerate(vendor.commentary):
            loc = ("commentary", index, "period")
            try:
                period = periods.parse(entry.period, fiscal)
            except periods.PeriodError as exc:
                yield doc.diagnostic(loc, "invalid-value", str(exc))
            else:
                # Keyed by the period itself: 2026-Q2 and FY2027-Q1 may name the same quarter.
                yield from seen.add((period.start, period.kind), doc, loc, period.label)
            yield from people.check(doc, ("commentary", index, "owner"), entry.owner)
