"""`vendorctl validate`: every file, every reference and every governance policy, checked; the
vendors may be shared between processes, with the same outcome byte for byte."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from vendorctl.compute.as_of import as_of
from vendorctl.diagnostics import Outcome
from vendorctl.jobs.portfolio import check_share, outcome_of, shares
from vendorctl.load.portfolio import list_portfolio
from vendorctl.parallel import map_in_processes


def validate(root: Path, day: date | None = None, *, jobs: int | None = None) -> Outcome:
    """Validate the portfolio at `root`: all problems of all files, sorted.

    The vendors are shared between `jobs` processes (default: one per CPU on a large portfolio,
    where processes can be forked); each sends back only its diagnostics and contract ids.
    """
    listing = list_portfolio(root)
    when = as_of(day, listing.settings.model if listing.settings else None)
    groups = shares(listing, jobs)
    try:
        parts = map_in_processes(partial(check_share, listing, when), groups)
    except Exception:
        if len(groups) == 1:
            raise
        # One process meets the errors in vendor order: do it again that way, so that the error
        # reported never depends on how the vendors were shared.
        parts = [check_share(listing, when, listing.folders)]
    return outcome_of(listing, parts)
