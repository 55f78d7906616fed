"""`vendorctl scorecard|qbr|onboard|credits|renewals|list|show`: one report, in one format.

`list` and `renewals` are made of every vendor's part alone: their vendors may be shared between
processes as `validate` shares them, each process loading, checking and making its own, with the
same report for any number of processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vendorctl.compute.as_of import as_of, measured_periods
from vendorctl.jobs.each_vendor import in_shares
from vendorctl.jobs.portfolio import load_valid
from vendorctl.load.checked import Checked
from vendorctl.model import Settings
from vendorctl.render.formats import Display, Drawing, draw
from vendorctl.reports import listing, renewals
from vendorctl.reports.registry import KINDS


@dataclass(frozen=True)
class _Parts:
    """How a report is made of the vendors' parts: `part` makes the part of some vendors
    (defined at module level: it travels to the other processes), `whole` the report's context
    from every share's part, in the parent."""

    part: Callable[[Checked, date], Any]
    whole: Callable[..., dict[str, Any]]  # (settings, day, parts, **options)


def _listing(settings: Settings, day: date, parts: list[Any], **options: Any) -> dict[str, Any]:
    return listing.listed(day, parts, **options)


_SHARED: dict[str, _Parts] = {
    "list": _Parts(listing.vendor_rows, _listing),
    "renewals": _Parts(renewals.renewal_part, renewals.renewals_of),
}


def report(
    kind: str,
    root: Path,
    fmt: str,
    day: date | None,
    display: Display = Display(),
    *,
    jobs: int | None = None,
    **options: Any,
) -> str:
    """Load and check the portfolio, build one report of `kind` and draw it in `fmt`; the
    vendors of `list` and `renewals` are shared between `jobs` processes (see `in_shares`)."""
    spec = KINDS[kind]
    shared = _SHARED.get(kind)
    if shared is not None:
        settings, when, parts = in_shares(
            root, day, jobs, shared.part, clock=spec.clock, kind=("part", kind)
        )
        context = shared.whole(settings, when, parts, **options)
    else:
        checked = load_valid(root)
        measured = None if spec.clock else measured_periods(checked.portfolio.vendors)
        context = spec.build(checked, day=as_of(day, checked.settings, measured), **options)
    return draw(context, fmt, Drawing(kind, spec.template, root / "templates", display))
