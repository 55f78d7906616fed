"""Something made of each vendor alone (its reports, its rows of a list), for the whole
portfolio: the vendors loaded, checked and made where they are held, shared between processes
as `validate` shares them, or taken from the results kept between runs (`jobs.kept`).

A vendor's part depends only on its own files, the settings, people.yaml, the date and what is
made: so a vendor whose folder is as it was at an earlier run with the same date is neither
loaded nor checked nor made again. The checks across vendors run every time, on the kept parts,
and a part is made only once every vendor has been checked without error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Generic, TypeVar

from vendorctl.compute.as_of import as_of
from vendorctl.diagnostics import Outcome
from vendorctl.errors import InvalidPortfolio
from vendorctl.jobs.kept import open_kept, split_kept
from vendorctl.jobs.portfolio import Part, outcome_of, shares
from vendorctl.jobs.shares import Share, checked_vendors, each_share, load_share, one_vendor
from vendorctl.jobs.values import decode_part, encode_part
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import Entry, Listing
from vendorctl.model import Settings
from vendorctl.parallel import HeldStates

T = TypeVar("T")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Making(Generic[T]):
    """What to make of each vendor, and how it is kept: `make` (defined at module level: it
    travels to the other processes) makes one vendor's part from a portfolio of that vendor
    alone; `kind` names what is made (with every option that shapes it), None for parts that
    are never kept."""

    make: Callable[[Checked, date], T]
    kind: tuple[str, ...] | None = None
    encode: Callable[[T], bytes] | None = None
    decode: Callable[[bytes], T] | None = None


@dataclass(frozen=True)
class Made(Generic[T]):
    """The settings, the date the parts were made as of, and every vendor's part by id."""

    settings: Settings
    when: date
    parts: dict[str, T]


def _checked(body: bytes) -> tuple[Part, set[str]]:
    part, periods = decode_part(body)
    if periods is None:
        raise ValueError("no periods")
    return part, periods


def _made_share(
    share: Share, arg: tuple[Settings, date, Making[T], Progress | None, frozenset[str] | None]
) -> list[tuple[str, T]]:
    """The parts of the share's vendors (all, or those named), each made of its vendor alone."""
    settings, day, making, progress, only = arg
    made = []
    for vendor_id in sorted(share.portfolio.vendors):
        if only is not None and vendor_id not in only:
            continue
        if progress is not None:
            progress(vendor_id)
        part = share.parts[vendor_id]
        outcome = Outcome.collect(part.diagnostics, part.files)
        alone = Checked(one_vendor(share.portfolio, vendor_id), settings, outcome)
        made.append((vendor_id, making.make(alone, day)))
    return made


def _made(
    held: HeldStates[list[Entry], Share],
    listing: Listing,
    arg: tuple[Settings, date, Making[T], Progress | None, frozenset[str] | None],
) -> dict[str, T]:
    """The parts of the vendors held (all, or those named), by vendor id; progress is shown for
    those made in this process (a callback cannot travel)."""
    settings, when, making, _, only = arg
    there = (settings, when, making, None, only)
    shared = each_share(held, listing, _made_share, there, arg, last=True)
    return dict(part for done in shared for part in done)


def each_vendor(
    listing: Listing,
    day: date | None,
    making: Making[T],
    *,
    jobs: int | None = None,
    clock: bool = False,
    progress: Progress | None = None,
    extra: tuple[str, ...] = (),
) -> Made[T]:
    """Every vendor's part, as of `day` (else as `as_of` says: the clock's date if `clock`, else
    the latest data's); raise InvalidPortfolio if the data has errors. `extra` is more of what
    the parts depend on (a digest of the templates), for their key."""
    kept = open_kept(listing)
    checks = kept.scope("checked") if kept is not None else None
    found, missed = split_kept(checks, listing.folders, _checked)
    loaded = {folder.name for folder in missed}
    with HeldStates(partial(load_share, listing), shares(listing, jobs, missed)) as held:
        for done in each_share(held, listing, checked_vendors, None):
            found.update((name, (part, periods)) for name, part, periods in done)
        if checks is not None:
            checks.keep(missed, lambda folder: encode_part(*found[folder.name]))
        outcome = outcome_of(listing, [found[folder.name][0] for folder in listing.folders])
        if outcome.errors or listing.settings is None:
            raise InvalidPortfolio(outcome)
        settings = listing.settings.model
        measured = None if clock else set().union(*(periods for _, periods in found.values()))
        when = as_of(day, settings, measured)
        scope = None
        if kept is not None and making.kind is not None and making.decode is not None:
            scope = kept.scope(*making.kind, when.isoformat(), *extra)
        made, todo = split_kept(scope, listing.folders, making.decode or _never)
        here = frozenset(folder.name for folder in todo if folder.name in loaded)
        made.update(_made(held, listing, (settings, when, making, progress, here)))
    # Vendors kept as checked, but not as made (another date, another option, other templates).
    again = [folder for folder in todo if folder.name not in loaded]
    if again:
        with HeldStates(partial(load_share, listing), shares(listing, jobs, again)) as held:
            made.update(_made(held, listing, (settings, when, making, progress, None)))
    if scope is not None and making.encode is not None:
        scope.keep(todo, partial(_encoded, making.encode, made))
    return Made(settings, when, made)


def _encoded(encode: Callable[[T], bytes], made: dict[str, T], folder: Entry) -> bytes | None:
    """A vendor's part as kept; None for one holding a value with no JSON form (not kept)."""
    try:
        return encode(made[folder.name])
    except TypeError:
        return None


def _never(body: bytes) -> Any:
    raise ValueError("not kept")


__all__ = ["Made", "Making", "each_vendor"]
