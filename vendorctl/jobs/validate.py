"""`vendorctl validate`: every file, every reference and every governance policy, checked; the
vendors may be shared between processes, with the same outcome byte for byte."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from vendorctl.compute.as_of import as_of
from vendorctl.diagnostics import Outcome
from vendorctl.jobs.kept import open_kept, split_kept
from vendorctl.jobs.portfolio import Part, check_each, outcome_of, shares
from vendorctl.jobs.values import decode_part, encode_part
from vendorctl.load.portfolio import list_portfolio
from vendorctl.parallel import map_in_processes


def _part(body: bytes) -> Part:
    return decode_part(body)[0]


def validate(root: Path, day: date | None = None, *, jobs: int | None = None) -> Outcome:
    """Validate the portfolio at `root`: all problems of all files, sorted.

    The results of vendors whose folders are as they were at an earlier run (with the same
    settings, people.yaml, date and code) are taken from the cache (`jobs.kept`); the others
    are shared between `jobs` processes (default: one per CPU on a large portfolio, where
    processes can be forked), each sending back only its vendors' diagnostics and contract ids.
    """
    listing = list_portfolio(root)
    when = as_of(day, listing.settings.model if listing.settings else None)
    kept = open_kept(listing)
    scope = kept.scope("validate", when.isoformat()) if kept is not None else None
    found, missed = split_kept(scope, listing.folders, _part)
    groups = shares(listing, jobs, missed)
    try:
        done = map_in_processes(partial(check_each, listing, when), groups)
    except Exception:
        if len(groups) == 1:
            raise
        # One process meets the errors in vendor order: do it again that way, so that the error
        # reported never depends on how the vendors were shared.
        done = [check_each(listing, when, missed)]
    fresh = dict(part for parts in done for part in parts)
    if scope is not None:
        for folder in missed:
            scope.put(folder, encode_part(fresh[folder.name]))
    parts = [found.get(f.name) or fresh[f.name] for f in listing.folders]
    return outcome_of(listing, parts)
