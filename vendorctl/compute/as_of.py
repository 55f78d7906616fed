"""The one as-of rule: the date a command judges the portfolio on, and `today`, the one place
the clock enters vendorctl (`--as-of today`, and the fallback when nothing pins a date)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from vendorctl.errors import ReportError
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Settings
from vendorctl.model.periods import parse


def today() -> date:
    """The local date: the only reading of the clock in vendorctl. `--as-of today` (and any date
    option given `today`) and the commands that default to today all come here, so a test pins
    the clock by replacing this one function."""
    return date.today()


def as_of(
    given: date | None, settings: Settings | None, measured: Iterable[str] | None = None
) -> date:
    """`--as-of`, else `as_of` in vendorctl.yaml, else a fallback that the command chose: the end
    of the latest period with data when `measured` is given (reports: never the clock, so they
    stay the same until the data changes), else today (deadlines and policies are about today).
    """
    if given is not None:
        return given
    if settings is not None and settings.as_of is not None:
        return settings.as_of
    if measured is None:
        return today()
    fiscal = settings.fiscal_year_start if settings is not None else 1
    ends = [parse(text, fiscal).end for text in measured]
    if not ends:
        raise ReportError("no date to report for: pass --as-of or set as_of in vendorctl.yaml")
    return max(ends)


def measured_periods(vendors: Mapping[str, VendorFiles]) -> set[str]:
    """Every period with data, as written, from the periods each vendor's KPIs have data for
    (made once by the checks), not from every measurement again."""
    return {
        text for files in vendors.values() for texts in files.measured.values() for text in texts
    }
