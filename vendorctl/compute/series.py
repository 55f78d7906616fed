"""A vendor's measurements as series by KPI and period, and the period a report is for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from vendorctl.compute import scoring
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Settings, periods
from vendorctl.model.periods import Period

# How many vendors' series are kept: a vendor's reports are made one after the other, so a few
# suffice, where keeping every vendor's (as decimals) took 40 MB per 1,000 vendors.
SERIES_KEPT = 4


def vendor_series(checked: Checked, files: VendorFiles) -> dict[str, dict[Period, Decimal]]:
    """The vendor's measurements by KPI and period (kept for the vendor's next reports)."""

    def make() -> dict[str, dict[Period, Decimal]]:
        measurements = (m for record in files.measurements for m in record.model.measurements)
        return scoring.series_of(measurements, checked.settings.fiscal_year_start)

    # Keyed by the list of measurement files, which a redacted copy of the vendor shares.
    key = id(files.measurements)
    return checked.remember("series", key, make, keep=SERIES_KEPT, owner=files.measurements)


def default_period(series: Mapping[str, Iterable[Period]], day: date, fiscal: int) -> Period:
    """The latest quarter that ended by `day` and has data; else the last quarter ended by then."""
    last_complete = periods.containing(day, "quarter", fiscal)
    if last_complete.end > day:
        last_complete = last_complete.shift(-1)
    # The KPIs of a vendor share their periods: each distinct one is placed in its quarter once.
    measured = {p for points in series.values() for p in points}
    with_data = [q for q in {p.enclosing("quarter") for p in measured} if q <= last_complete]
    return max(with_data, default=last_complete)


def credits_period(settings: Settings, day: date, measured: Iterable[str]) -> Period:
    """The period credits are shown for by default: the latest quarter ended by `day` with
    data, from the periods with data (`measured_periods`)."""
    fiscal = settings.fiscal_year_start
    return default_period({"": {periods.parse(text, fiscal) for text in measured}}, day, fiscal)
