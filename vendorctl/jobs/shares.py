"""A portfolio's vendors shared between processes: each share loaded and checked where it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from vendorctl.compute.as_of import measured_periods
from vendorctl.jobs.portfolio import Part, check_part
from vendorctl.load.portfolio import Entry, Listing, Portfolio
from vendorctl.parallel import HeldStates

R = TypeVar("R")


@dataclass(frozen=True)
class Share:
    """What a process holds: some of the vendors, loaded and checked."""

    portfolio: Portfolio
    part: Part


def load_share(listing: Listing, folders: list[Entry]) -> Share:
    """Load and check the vendors of `folders` (the policies wait for the report date)."""
    portfolio, part = check_part(listing, folders, None)
    return Share(portfolio, part)


def checked_share(share: Share, clock: Any) -> tuple[Part, set[str]]:
    """What the checks across vendors need of a share, and the periods it has data for (what
    the report date defaults to, unless the report is `clock`ed: as of today)."""
    return share.part, set() if clock is True else measured_periods(share.portfolio.vendors)


def each_share(
    held: HeldStates[list[Entry], Share],
    listing: Listing,
    func: Callable[[Share, Any], R],
    arg: Any,
    here: Any = None,
    *,
    last: bool = False,
) -> list[R]:
    """`func` on every process's share (`here`: the argument in this process, which may hold a
    progress callback; `last`: see `HeldStates.map`). Should it fail, it is done again on all
    vendors in this process: one process meets the errors in vendor order, so the error
    reported never depends on how the vendors were shared."""
    mine = arg if here is None else here
    try:
        return held.map(func, arg, here=mine, last=last)
    except Exception:
        if len(held.items) == 1:
            raise
        held.close()  # the other processes' data is not needed again
        return [func(load_share(listing, listing.folders), mine)]
