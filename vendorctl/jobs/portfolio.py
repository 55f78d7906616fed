"""Load and check a portfolio, whole or shared between processes: what every job starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vendorctl.checks import CHECKS, OVERALL_CHECKS, RESULT_CHECKS, Overview
from vendorctl.compute.as_of import as_of
from vendorctl.diagnostics import Findings, Outcome
from vendorctl.errors import InvalidPortfolio
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import (
    ContractRef,
    Entry,
    Listing,
    Portfolio,
    list_portfolio,
    load_vendors,
)
from vendorctl.parallel import process_count, split
from vendorctl.policies import run_policies

# Below this many vendors a process of its own does not pay for itself.
VENDORS_PER_JOB = 25


@dataclass(frozen=True)
class Part:
    """What checking some of the vendors found, and what the checks across vendors need."""

    diagnostics: Findings  # of loading and of the checks of the vendors' files, capped
    policies: Findings  # policy findings, for vendors without errors so far (capped per file)
    files: int
    contracts: list[ContractRef]


def _broken(found: Findings) -> set[str]:
    """Vendor folders with an error (listed or not): policies judge a vendor whose files are
    all valid; on broken ones they would only add noise."""
    return {path.split("/")[1] for path in found.paths("error") if path.startswith("vendors/")}


def check_part(
    listing: Listing, folders: Sequence[Entry], day: date | None, *, held: bool = True
) -> tuple[Portfolio, Part]:
    """Load and check the vendors of `folders`; policies too, for `day`, unless it is None;
    `held`: whether the models outlive the check (see `load_vendors`).

    What the checks find is capped as it comes, never gathered whole: a file may hold a hundred
    thousand duplicate measurements. The policy findings are capped per file only, as those of
    vendors found broken across processes are left out later.
    """
    portfolio = load_vendors(listing, folders, held=held)
    found = Findings().extend(portfolio.diagnostics)
    add = found.add  # not `extend` for each check: it runs for every vendor apart (`check_each`)
    for run in CHECKS.values():
        for diagnostic in run(portfolio):
            add(diagnostic)
    broken = _broken(found)
    for late in RESULT_CHECKS.values():
        for diagnostic in late(portfolio, broken):
            add(diagnostic)
    findings = Findings(per_run=None)
    if day is not None:
        findings.extend(run_policies(portfolio, day, skip=_broken(found)))
    return portfolio, Part(found, findings, portfolio.files, portfolio.contract_refs())


def _policy_date(listing: Listing, given: date | None) -> date:
    """The date the governance policies judge on (deadlines are about today)."""
    return as_of(given, listing.settings.model if listing.settings else None)


def check_each(
    listing: Listing, day: date | None, folders: Sequence[Entry]
) -> list[tuple[str, Part]]:
    """What checking each vendor of `folders` found, vendor by vendor (to be kept apart); each
    vendor's models go as soon as it is checked, so they are not made compact."""
    return [(folder.name, check_part(listing, [folder], day, held=False)[1]) for folder in folders]


def shares(
    listing: Listing, jobs: int | None, folders: Sequence[Entry] | None = None
) -> list[list[Entry]]:
    """The vendor folders (default: all) dealt out to `jobs` processes (default: as many as
    pay, see `process_count`): every n-th to each, as neighbours in name order are often alike
    in size."""
    chosen = list(listing.folders if folders is None else folders)
    return split(chosen, process_count(jobs, len(chosen), VENDORS_PER_JOB))


def outcome_of(listing: Listing, parts: Sequence[Part]) -> Outcome:
    """The parts' findings with those of the checks across vendors; policy findings only for
    vendors that none of the checks found an error in."""
    # Contracts in the order one process would meet them: by vendor folder, file by file.
    contracts = sorted((ref for part in parts for ref in part.contracts), key=lambda r: r.folder)
    # Each part's files are its own (no other part, nor the listing, finds anything in them),
    # and the checks across vendors come last: so the findings kept are the same however the
    # vendors were shared.
    found = Findings().extend(listing.diagnostics)
    for part in parts:
        found.merge(part.diagnostics)
    overview = Overview(listing.settings, contracts)
    for run in OVERALL_CHECKS.values():
        found.extend(run(overview))
    broken = _broken(found)
    for part in parts:
        found.merge(part.policies.only(lambda path: path.split("/")[1] not in broken))
    return found.outcome(listing.files + sum(part.files for part in parts))


def load_and_check(
    root: Path, as_of: date | None = None, *, policies: bool = True
) -> tuple[Portfolio, Outcome]:
    """Load the portfolio at `root` and check it, in this process: the models and every
    problem, sorted.

    Without `policies`, only the data's own consistency is checked: reports use that, so they
    never depend on the clock or refuse to show a finding the governance policies raise.
    """
    listing = list_portfolio(root)
    day = _policy_date(listing, as_of) if policies else None
    loaded, part = check_part(listing, listing.folders, day)
    portfolio = Portfolio(
        root,
        listing.settings,
        loaded.vendors,
        listing.files + loaded.files,
        [*listing.diagnostics, *loaded.diagnostics],
        listing.shared,
    )
    return portfolio, outcome_of(listing, [part])


def load_valid(root: Path) -> Checked:
    """Load and check the portfolio (its data, not the governance policies); raise
    InvalidPortfolio if it has errors."""
    portfolio, outcome = load_and_check(root, policies=False)
    if outcome.errors or portfolio.settings is None:
        raise InvalidPortfolio(outcome)
    return Checked(portfolio, portfolio.settings.model, outcome)
