"""Something made of each vendor alone (its reports, its rows of a list), for the whole
portfolio: the vendors loaded, checked and made where they are held, shared between processes
as `validate` shares them, or taken from the results kept between runs (`jobs.kept`).

A vendor's part depends only on its own files, the settings, people.yaml, the date and what is
made: so a vendor whose folder is as it was at an earlier run with the same date is neither
loaded nor checked nor made again. The checks across vendors run every time, on the kept parts,
and a part is used only once every vendor has been checked without error (made before that only
for a Making marked `early`, to let each vendor's models go at once).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from vendorctl.compute.as_of import as_of
from vendorctl.diagnostics import Outcome
from vendorctl.errors import InvalidPortfolio
from vendorctl.jobs.kept import open_kept, split_kept
from vendorctl.jobs.portfolio import Part, outcome_of, shares
from vendorctl.jobs.report_values import dumps, loads
from vendorctl.jobs.shares import Share, checked_vendors, each_share, load_share, one_vendor
from vendorctl.jobs.values import decode_part, encode_part
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import Entry, Listing, list_portfolio
from vendorctl.model import Settings
from vendorctl.parallel import HeldStates

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Making(Generic[T]):
    """What to make of each vendor, and how it is kept: `make` (defined at module level: it
    travels to the other processes) makes one vendor's part from a portfolio of that vendor
    alone; `kind` names what is made (with every option that shapes it), None for parts that
    are never kept; `early`: made as soon as the vendor is checked, so that each vendor's models
    go at once (see `_Early`)."""

    make: Callable[[Checked, date], T]
    kind: tuple[str, ...] | None = None
    encode: Callable[[T], bytes] | None = None
    decode: Callable[[bytes], T] | None = None
    early: bool = False


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


@dataclass(frozen=True)
class _Early(Generic[T]):
    """A process's share with each vendor's part made as soon as the vendor was checked, and its
    models let go: a vendor's models take more memory than what is made of it, and holding every
    vendor's until the last was checked made render grow 100 kB a vendor. Parts are used only
    once every vendor is checked without error, and only if made as of the date then found; a
    vendor with errors, whose making failed or made as of another date is made again from its
    files if needed (an error then raised where it would have been)."""

    listing: Listing
    checked: list[tuple[str, Part, set[str]]]
    made: dict[str, tuple[date, T]]  # each part, and the date it was made as of
    rest: list[Entry]


def _early_share(
    listing: Listing,
    arg: tuple[Settings, date | None, Making[T], Progress | None, int],
    folders: list[Entry],
) -> _Early[T]:
    """Load, check and make each vendor of `folders` in turn: as of the date given, else as of
    the latest data met so far (most vendors' data ends in the same month, so the date is
    rarely found to be later). Progress is shown in the process that asked, `pid`, alone."""
    settings, day, making, progress, pid = arg
    shown = progress if os.getpid() == pid else None
    checked: list[tuple[str, Part, set[str]]] = []
    made: dict[str, tuple[date, T]] = {}
    rest: list[Entry] = []
    latest = day
    for folder in folders:
        # Its models go once its part is made: not worth making compact (load_vendors).
        share = load_share(listing, [folder], held=False)
        found = checked_vendors(share, None)
        checked.extend(found)
        if share.part.diagnostics.paths("error"):
            rest.append(folder)  # the portfolio is invalid: nothing will be made
            continue
        if day is None and found[0][2]:
            ends = as_of(None, settings, found[0][2])
            latest = ends if latest is None else max(latest, ends)
        if latest is None:
            rest.append(folder)  # no data met yet to date it
            continue
        try:
            ((name, part),) = _made_share(share, (settings, latest, making, shown, None))
        except Exception:  # made again, in vendor order, once every vendor is checked
            rest.append(folder)
        else:
            made[name] = (latest, part)
        del share  # its models go now, not once the next vendor is loaded
    return _Early(listing, checked, made, rest)


def _checked_parts(state: Share | _Early[Any], clock: Any) -> list[tuple[str, Part, set[str]]]:
    """`checked_vendors` of a share, early made or not."""
    if isinstance(state, _Early):
        return state.checked
    return checked_vendors(state, clock)


def _made_parts(
    state: Share | _Early[T],
    arg: tuple[Settings, date, Making[T], Progress | None, frozenset[str] | None],
) -> list[tuple[str, T]]:
    """`_made_share` of a share, early made or not (those made as of another date, again one
    vendor at a time)."""
    if not isinstance(state, _Early):
        return _made_share(state, arg)
    when, only = arg[1], arg[-1]
    made, again = [], []
    for name, (day, part) in state.made.items():
        if only is not None and name not in only:
            continue
        if day == when:
            made.append((name, part))
        else:
            again.append(name)
    again.extend(folder.name for folder in state.rest if only is None or folder.name in only)
    entries = {folder.name: folder for folder in state.listing.folders if folder.name in again}
    for name in sorted(again):
        made.extend(_made_share(load_share(state.listing, [entries[name]]), arg))
    return made


def _made(
    held: HeldStates[list[Entry], Any],
    listing: Listing,
    arg: tuple[Settings, date, Making[T], Progress | None, frozenset[str] | None],
) -> dict[str, T]:
    """The parts of the vendors held (all, or those named), by vendor id; progress is shown for
    those made in this process (a callback cannot travel)."""
    settings, when, making, _, only = arg
    there = (settings, when, making, None, only)
    shared = each_share(held, listing, _made_parts, there, arg, last=True)
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
    # Either makes a Share, or an _Early one: the calls below take both.
    setup: Callable[[list[Entry]], Any] = partial(load_share, listing)
    settings = listing.settings.model if listing.settings is not None else None
    if making.early and settings is not None:
        fixed = clock or day is not None or settings.as_of is not None
        early = (settings, as_of(day, settings) if fixed else None, making, progress, os.getpid())
        setup = partial(_early_share, listing, early)
    with HeldStates(setup, shares(listing, jobs, missed)) as held:
        for done in each_share(held, listing, _checked_parts, None):
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


def in_shares(
    root: Path,
    day: date | None,
    jobs: int | None,
    make: Callable[[Checked, date], R],
    *,
    clock: bool,
    kind: tuple[str, ...] | None = None,
) -> tuple[Settings, date, Sequence[R]]:
    """Load and check the portfolio with its vendors shared between `jobs` processes (as
    `validate` shares them), then `make` each vendor's part of a report as of the report date
    (`day`, else as `as_of` says: the clock's if `clock`, else the latest data's); raise
    InvalidPortfolio if the data has errors. `make` must be defined at module level; `kind`
    names what it makes, with every option that shapes it, for the parts to be kept between
    runs (`jobs.each_vendor`).

    The settings, the report date and the parts in vendor order: a report is made of them
    alike for any number of processes.
    """
    # Each vendor's part made as soon as it is checked, and its models let go (as render does).
    making = Making(make, kind, dumps, loads, early=True)
    made = each_vendor(list_portfolio(root), day, making, jobs=jobs, clock=clock)
    return made.settings, made.when, [made.parts[name] for name in sorted(made.parts)]


__all__ = ["Made", "Making", "each_vendor", "in_shares"]
