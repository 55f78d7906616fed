"""Where each earned service credit stands: to claim, due soon, lapsed, or its recorded claim."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from vendorctl.compute import sla
from vendorctl.compute.numbers import rounded
from vendorctl.compute.scoring import Series, dec, series_of
from vendorctl.compute.series import SERIES_KEPT, vendor_series
from vendorctl.compute.vendor_slas import VendorSlas, vendor_slas
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model import Settings, periods
from vendorctl.model.base import Duration
from vendorctl.model.claims import Claim, ClaimLog
from vendorctl.model.contract import Contract
from vendorctl.model.periods import Period
from vendorctl.model.vendor import KpiDefinition

CreditStatus = Literal[
    "to-claim",
    "due-soon",
    "lapsed",
    "claimed",
    "received",
    "partial",
    "disputed",
    "waived",
    "rejected",
]
# The statuses whose money can still be recovered: the only money reports call "owed".
RECOVERABLE: frozenset[CreditStatus] = frozenset({"to-claim", "due-soon", "claimed", "disputed"})
# Unclaimed: what `claim` drafts a letter for and calendars remind of.
UNCLAIMED: frozenset[CreditStatus] = frozenset({"to-claim", "due-soon"})
# The work list of `credits --outstanding`: to claim, or claimed and not yet paid.
OUTSTANDING: frozenset[CreditStatus] = RECOVERABLE


@dataclass(frozen=True)
class ClaimRef:
    """A recorded claim and where it stands: its file and its index in `claims`."""

    record: Record[ClaimLog]
    index: int

    @property
    def claim(self) -> Claim:
        """The claim itself."""
        return self.record.model.claims[self.index]


@dataclass(frozen=True)
class CreditState:
    """An earned credit as of a date: its status, the days left to claim it, its claim if any."""

    credit: sla.ContractCredit
    status: CreditStatus
    days_left: int | None
    claim: Claim | None = None


def claims_of(files: VendorFiles) -> dict[tuple[str, str], ClaimRef]:
    """The vendor's claims by contract and window label; the first of duplicates wins (the
    duplicates are a validation error)."""
    found: dict[tuple[str, str], ClaimRef] = {}
    for record in files.claims:
        for index, claim in enumerate(record.model.claims):
            key = (claim.contract, claim.window)
            if key not in found:  # not setdefault: it would make a ClaimRef for every claim
                found[key] = ClaimRef(record, index)
    return found


def status_of(
    credit: sla.ContractCredit, claim: Claim | None, as_of: date, warning: Duration
) -> CreditState:
    """Where a credit stands on `as_of`. Unclaimed, it is to claim until the warning window
    before its claim-by date, due soon within it (the claim-by day itself included), lapsed
    from the day after; claimed, it has the claim's status (`partial` when less was received).
    A claim sent, or a credit note received, after `as_of` does not count yet."""
    days_left = None if credit.claim_by is None else (credit.claim_by - as_of).days
    if claim is not None and claim.claimed_on is not None and claim.claimed_on > as_of:
        claim = None  # claimed later than the day judged: not claimed yet then
    if claim is None:
        if credit.claim_by is None:
            return CreditState(credit, "to-claim", days_left)
        if as_of > credit.claim_by:
            return CreditState(credit, "lapsed", days_left)
        soon = as_of >= warning.subtract_from(credit.claim_by)
        return CreditState(credit, "due-soon" if soon else "to-claim", days_left)
    status: CreditStatus = claim.status
    if status == "received" and claim.received_on is not None and claim.received_on > as_of:
        status = "claimed"  # the credit note came later than the day judged
    if status == "received" and claim.received_amount is not None:
        figure = claimed_figure(credit, claim)
        received = cents(claim.received_amount)
        if figure is not None and received is not None and received < figure:
            status = "partial"
    return CreditState(credit, status, days_left, claim)


def answered(claim: Claim, as_of: date) -> bool:
    """True if on `as_of` the claim has had its answer, whatever the credit: sent by then and
    received (its credit note in by then), disputed or rejected; or waived. Its credit's status
    is then the claim's (`status_of`): never to claim, due, lapsed nor awaiting payment."""
    if claim.claimed_on is not None and claim.claimed_on > as_of:
        return False  # not sent yet that day: unclaimed
    if claim.status == "received":
        return claim.received_on is None or claim.received_on <= as_of
    return claim.status != "claimed"


def cents(value: Decimal | float | None) -> Decimal | None:
    """An amount rounded to cents, half-up, as on invoices (and as reports show it)."""
    if value is None:
        return None
    return rounded(value if isinstance(value, Decimal) else dec(value), 2)


def claimed_figure(credit: sla.ContractCredit, claim: Claim) -> Decimal | None:
    """The amount a claim asks for, in cents: as recorded, else the computed credit."""
    return cents(claim.amount if claim.amount is not None else credit.amount)


def states(
    credits: Iterable[sla.ContractCredit],
    claims: Mapping[tuple[str, str], ClaimRef],
    as_of: date,
    warning: Duration,
) -> list[CreditState]:
    """Each credit's state on `as_of`, given the vendor's claims (`claims_of`)."""
    found = []
    for credit in credits:
        ref = claims.get((credit.contract.id, credit.window.label))
        found.append(status_of(credit, ref.claim if ref else None, as_of, warning))
    return found


def earned(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    until: date,
    currency: str,
    fiscal_start: int,
    skip: Collection[Period] = frozenset(),
) -> list[sla.ContractCredit]:
    """Every credit the contract earned in a window ended by `until`, oldest window first; the
    windows in `skip` are left out, not evaluated.

    Only windows from the first measured period on can earn anything, so the years before it
    are not evaluated (a contract signed decades ago costs no more than a new one).
    """
    return _earned(contract, kpis, series, until, currency, fiscal_start, skip, first_month(series))


def first_month(series: Mapping[str, Series]) -> int | None:
    """The first measured month, by number (cheaper than the first day of every period
    measured); None without measurements."""
    months = [min(p.first for p in points) for points in series.values() if points]
    return min(months) if months else None


def _earned(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    until: date,
    currency: str,
    fiscal_start: int,
    skip: Collection[Period],
    measured: int | None,
    slas: sla.ContractSlas | None = None,
) -> list[sla.ContractCredit]:
    """`earned`, given the series' first measured month (`first_month`), worked out once for
    all the vendor's contracts, and the contract's SLAs if made already (`VendorSlas.slas`)."""
    if measured is None:
        return []
    first = max(contract.start.year * 12 + contract.start.month - 1, measured)
    last = until.year * 12 + until.month - 1
    if first > last:
        return []
    # A window that ends before the first measured month has no value: only those that end
    # from then on are judged.
    if slas is None:
        slas = sla.ContractSlas(contract, kpis, currency)
    found = slas.credits_between(series, (first, last), fiscal_start, skip)
    return [c for c in found if c.window.end <= until]


def credit_for(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    window: Period,
    currency: str,
) -> sla.ContractCredit | None:
    """The credit the contract earned for exactly this window, if any."""
    found = sla.ContractSlas(contract, kpis, currency).credits(series, window)
    return next((c for c in found if c.window == window), None)


def vendor_states(
    files: VendorFiles,
    settings: Settings,
    as_of: date,
    series: Mapping[str, Series] | None = None,
    *,
    unanswered: bool = False,
    claims: Mapping[tuple[str, str], ClaimRef] | None = None,
    book: VendorSlas | None = None,
) -> list[CreditState]:
    """Every credit the vendor's contracts earned in windows ended by `as_of`, each with its
    state on that day: the vendor's credit ledger, ordered by claim-by date (none last), then
    contract and window. With `unanswered`, the windows of claims `answered` by then are left
    out without being evaluated: the ledger of the work (to claim, due, lapsed, unpaid).
    `claims` are the vendor's (`claims_of`), and `book` its SLAs made ready (`vendor_slas`,
    for the same settings), if the caller has them already."""
    if files.vendor is None:
        return []
    fiscal = settings.fiscal_year_start
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    if series is None:
        measurements = (m for record in files.measurements for m in record.model.measurements)
        series = series_of(measurements, fiscal)
    if claims is None:
        claims = claims_of(files)
    skip: dict[str, set[Period]] = {}
    if unanswered:
        for (contract, label), ref in claims.items():
            # The claim itself, not through `ClaimRef.claim`: this runs for every claim.
            if answered(ref.record.model.claims[ref.index], as_of):
                try:
                    skip.setdefault(contract, set()).add(periods.parse(label, fiscal))
                except periods.PeriodError:  # a check reports it; nothing to leave out
                    continue
    measured = first_month(series)
    found = [
        credit
        for record in sorted(files.contracts, key=lambda r: r.model.id)
        for credit in _earned(
            record.model,
            kpis,
            series,
            as_of,
            settings.currency,
            fiscal,
            skip.get(record.model.id, frozenset()),
            measured,
            None if book is None else book.slas(record.model),
        )
    ]
    warning = settings.governance.credit_claim_warning
    return sorted(states(found, claims, as_of, warning), key=ledger_order)


def ledger_order(state: CreditState) -> tuple[date, str, date, int]:
    """Oldest claim-by date first (credits without one last), then contract, then window by
    its start and then its length (never its label: 2026-Q3 sorts before 2026-08)."""
    credit = state.credit
    window = credit.window
    return (credit.claim_by or date.max, credit.contract.id, window.start, window.length)


def ledger(checked: Checked, vendor_id: str, day: date) -> list[CreditState]:
    """The vendor's credit ledger on `day` (`vendor_states`), made once for its reports."""
    _, files = checked.vendor(vendor_id)
    settings = checked.settings
    return checked.remember(
        "credit-ledger",
        (vendor_id, day),
        lambda: vendor_states(
            files,
            settings,
            day,
            vendor_series(checked, files),
            # The contracts' SLAs as the checks made them ready for these files, if they did.
            book=vendor_slas(files, settings.fiscal_year_start, settings.currency),
        ),
        keep=SERIES_KEPT,
        owner=files,
    )
