"""A portfolio's vendors shared between processes: each share loaded and checked where it is."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from vendorctl.compute.as_of import measured_periods
from vendorctl.diagnostics import Diagnostic, Findings
from vendorctl.jobs.portfolio import Part, check_part
from vendorctl.load.portfolio import Entry, Listing, Portfolio, VendorFiles
from vendorctl.parallel import HeldStates

R = TypeVar("R")


@dataclass(frozen=True)
class Share:
    """What a process holds: some of the vendors, loaded and checked, and what the checks found
    in each vendor (by id) as well as in all of them."""

    portfolio: Portfolio
    part: Part
    parts: dict[str, Part]


def load_share(listing: Listing, folders: list[Entry], *, held: bool = True) -> Share:
    """Load and check the vendors of `folders` (the policies wait for the report date), one by
    one: what each vendor's checks find is its own, so it may be kept apart (`jobs.kept`);
    `held`: whether the models outlive the share (see `load_vendors`)."""
    vendors: dict[str, VendorFiles] = {}
    diagnostics: list[Diagnostic] = []
    parts: dict[str, Part] = {}
    for folder in folders:
        portfolio, parts[folder.name] = check_part(listing, [folder], None, held=held)
        vendors.update(portfolio.vendors)
        diagnostics.extend(portfolio.diagnostics)
    whole = Portfolio(
        listing.root,
        listing.settings,
        vendors,
        sum(part.files for part in parts.values()),
        diagnostics,
        listing.shared,
    )
    return Share(whole, merged(parts.values()), parts)


def merged(parts: Iterable[Part]) -> Part:
    """The parts of several vendors as one."""
    diagnostics, policies = Findings(), Findings(per_run=None)
    files, contracts = 0, []
    for part in parts:
        diagnostics.merge(part.diagnostics)
        policies.merge(part.policies)
        files += part.files
        contracts.extend(part.contracts)
    return Part(diagnostics, policies, files, contracts)


def one_vendor(portfolio: Portfolio, vendor_id: str) -> Portfolio:
    """The part of `portfolio` that is one vendor's."""
    vendors = {vendor_id: portfolio.vendors[vendor_id]}
    return replace(portfolio, vendors=vendors, files=0, diagnostics=[])


def checked_share(share: Share, clock: Any) -> tuple[Part, set[str]]:
    """What the checks across vendors need of a share, and the periods it has data for (what
    the report date defaults to, unless the report is `clock`ed: as of today)."""
    return share.part, set() if clock is True else measured_periods(share.portfolio.vendors)


def checked_vendors(share: Share, clock: Any) -> list[tuple[str, Part, set[str]]]:
    """`checked_share` vendor by vendor, to be kept apart."""
    vendors = share.portfolio.vendors
    return [
        (name, part, set() if clock is True else measured_periods({name: vendors[name]}))
        for name, part in share.parts.items()
    ]


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
