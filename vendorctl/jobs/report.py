"""`vendorctl scorecard|qbr|onboard|credits|renewals|list|show`: one report, in one format."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from vendorctl.compute.as_of import as_of, measured_periods
from vendorctl.jobs.portfolio import load_valid
from vendorctl.render.formats import Display, Drawing, draw
from vendorctl.reports.registry import KINDS


def report(
    kind: str, root: Path, fmt: str, day: date | None, display: Display = Display(), **options: Any
) -> str:
    """Load and check the portfolio, build one report of `kind` and draw it in `fmt`."""
    checked = load_valid(root)
    spec = KINDS[kind]
    measured = None if spec.clock else measured_periods(checked.portfolio.vendors)
    context = spec.build(checked, day=as_of(day, checked.settings, measured), **options)
    return draw(context, fmt, Drawing(kind, spec.template, root / "templates", display))
