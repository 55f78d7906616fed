"""What every report needs: a checked portfolio, the as-of date, vendor lookup, JSON output."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from vendorctl.diagnostics import Outcome
from vendorctl.jobs.validate import load_and_check
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.model import Settings, Vendor
from vendorctl.model.periods import parse
from vendorctl.render.filters import rounded

T = TypeVar("T")


class ReportError(Exception):
    """A report that cannot be made as asked (unknown vendor, bad period, no date)."""


class InvalidPortfolio(Exception):
    """The portfolio has errors: reports are made from valid data only."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.summary())
        self.outcome = outcome


@dataclass(frozen=True)
class Checked:
    """A portfolio that loaded without errors, with its settings."""

    portfolio: Portfolio
    settings: Settings
    outcome: Outcome
    # What several reports of one run compute alike (a vendor's series, its scorecard), made
    # once; read-only once made (templates are sandboxed immutable, JSON output copies).
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember(self, kind: str, key: Hashable, make: Callable[[], T], keep: int) -> T:
        """The value made for `key`, made on first use; of each kind only the `keep` most
        recently used are kept, as reports are made vendor after vendor."""
        kept: OrderedDict[Hashable, Any] = self.memo.setdefault(kind, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return cast(T, kept[key])
        value = kept[key] = make()
        if len(kept) > keep:
            kept.popitem(last=False)
        return value

    def vendor(self, vendor_id: str) -> tuple[Vendor, VendorFiles]:
        """A vendor by id, or a ReportError that names the known ids."""
        files = self.portfolio.vendors.get(vendor_id)
        if files is None or files.vendor is None:
            known = ", ".join(sorted(self.portfolio.vendors)) or "none"
            raise ReportError(f"no vendor {vendor_id!r} in this portfolio; vendors: {known}")
        return files.vendor.model, files


def load_valid(root: Path) -> Checked:
    """Load and check the portfolio; raise InvalidPortfolio if it has errors."""
    portfolio, outcome = load_and_check(root, policies=False)
    if outcome.errors or portfolio.settings is None:
        raise InvalidPortfolio(outcome)
    return Checked(portfolio, portfolio.settings.model, outcome)


def as_of(checked: Checked, given: date | None) -> date:
    """The date a report is computed for: --as-of, else vendorctl.yaml's as_of, else the end of
    the latest period with data; never the clock, so reports stay the same until data changes."""
    return report_date(checked.settings, given, measured_periods(checked.portfolio.vendors))


def measured_periods(vendors: Mapping[str, VendorFiles]) -> set[str]:
    """Every period with data, as written, from the periods each vendor's KPIs have data for
    (made once by the checks), not from every measurement again."""
    return {
        text for files in vendors.values() for texts in files.measured.values() for text in texts
    }


def report_date(settings: Settings, given: date | None, measured: Iterable[str]) -> date:
    """`as_of` from the settings and the periods with data (`measured_periods`)."""
    if given is not None:
        return given
    if settings.as_of is not None:
        return settings.as_of
    ends = [parse(text, settings.fiscal_year_start).end for text in measured]
    if not ends:
        raise ReportError("no date to report for: pass --as-of or set as_of in vendorctl.yaml")
    return max(ends)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        number = rounded(value, 4)
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(context: dict[str, Any]) -> str:
    """A report context as stable JSON: decimals as numbers (4 places at most), dates as text."""
    return json.dumps(_plain(context), indent=2, ensure_ascii=False) + "\n"
