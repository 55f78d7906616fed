"""Policies on service credits: claim them before the deadline, see what lapsed, chase payment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from vendorctl.compute.credits import (
    ClaimRef,
    CreditState,
    claimed_figure,
    claims_of,
    vendor_states,
)
from vendorctl.compute.numbers import grouped, trimmed
from vendorctl.compute.sla import ContractCredit
from vendorctl.compute.vendor_slas import vendor_slas
from vendorctl.diagnostics import Loc
from vendorctl.load.portfolio import VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model import periods
from vendorctl.model.periods import Kind, Period
from vendorctl.model.vendor import Status
from vendorctl.policies.registry import LIVE, Context, Finding, policy

# Lapses older than this are history: the reports still show them, `validate` no longer does.
LAPSED_DAYS = 365
# Money still to claim or to collect is work even after the exit (the last quarter's credits fall
# due after it); a lapse at an exited vendor is not: nothing can be done about it any more.
_ALSO_EXITED: frozenset[Status] = LIVE | {"exited"}


def _states(context: Context, files: VendorFiles) -> list[CreditState]:
    """The vendor's credit ledger on the policy date, computed once for the three policies, over
    the windows they can still report on (`_since`)."""
    return _ledger(context, files)[0]


def _claims(context: Context, files: VendorFiles) -> dict[tuple[str, str], ClaimRef]:
    """The vendor's claims (`claims_of`), found once with its ledger."""
    return _ledger(context, files)[1]


def _ledger(
    context: Context, files: VendorFiles
) -> tuple[list[CreditState], dict[tuple[str, str], ClaimRef]]:
    """The vendor's credit ledger (`_states`) and its claims, worked out together."""
    # Only the vendor being judged is kept: the policies run vendor after vendor.
    held = context.memo.get("credits")
    if held is not None and held[0] is files:
        kept: tuple[list[CreditState], dict[tuple[str, str], ClaimRef]] = held[1]
        return kept
    first = _since(context, files)
    # The vendor's SLAs made ready and its series, made once with the claims check (`vendor_slas`).
    settings = context.settings
    book = vendor_slas(files, settings.fiscal_year_start, settings.currency)
    series: dict[str, dict[Period, Decimal]] = {}
    if first is not None:
        # Only the measurements from then on count (`first` is a first of the month).
        series = book.since(first.year * 12 + first.month - 1)
    # Credits whose claim was answered are none of the policies' business: not worked out.
    claims = claims_of(files)
    found = vendor_states(
        files, context.settings, context.as_of, series, unanswered=True, claims=claims, book=book
    )
    context.memo["credits"] = (files, (found, claims))
    return found, claims


def _since(context: Context, files: VendorFiles) -> date | None:
    """The first day of the first month, (fiscal) quarter or year, as long as the vendor's
    longest SLA window, with a window the policies can report on: one whose claim-by date falls
    in the last LAPSED_DAYS or later, or one claimed and not paid; None if there is none (no
    contract sets a claim period and nothing is awaiting payment).

    Evaluating every SLA window of a long history costs more than all other checks together;
    a window never straddles a period as long as the longest (monthly windows a month, monthly
    and quarterly ones a quarter, any a year), so the credits from this one on are the same.
    """
    fiscal = context.settings.fiscal_year_start
    # Dates are years 1900 to 2999 and durations at most a century: no arithmetic leaves the
    # calendar. A month of margin, as month arithmetic is not exactly reversible at month ends.
    since = context.as_of - timedelta(days=LAPSED_DAYS)
    starts = [
        record.model.claim_period.subtract_from(since) - timedelta(days=31)
        for record in files.contracts
        if record.model.claim_period is not None
    ]
    for log in files.claims:
        for claim in log.model.claims:
            if claim.status == "claimed":
                try:
                    starts.append(periods.parse(claim.window, fiscal).start)
                except periods.PeriodError:  # a check reports it; the vendor is not judged then
                    continue
    if not starts:
        return None
    return periods.containing(min(starts), _longest_window(files), fiscal).start


def _longest_window(files: VendorFiles) -> Kind:
    """The kind of the longest SLA window of the vendor's contracts."""
    kinds = {sla.window for record in files.contracts for sla in record.model.slas}
    return "year" if "yearly" in kinds else "quarter" if "quarterly" in kinds else "month"


def _money(amount: object, credit: ContractCredit) -> str:
    """An amount with its currency; the credit's percent when the contract states no charge."""
    if amount is None:
        return f"{trimmed(credit.percent)}% of the window's charges"
    return f"{credit.currency} {grouped(amount)}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _credit(credit: ContractCredit, amount: object, extra: str = "") -> str:
    """A credit named by its window first (so a contract's findings sort oldest first), its
    amount and its contract."""
    return (
        f"the {credit.window.label} service credit of {_money(amount, credit)} (contract "
        f"`{credit.contract.id}`{extra})"
    )


def _at_contract(files: VendorFiles, credit: ContractCredit) -> tuple[Document, Loc] | None:
    """Where an unclaimed credit is reported: its contract's `claim_period`, which sets the
    claim-by date (a credit without one is never due nor lapsed)."""
    record = next((r for r in files.contracts if r.model.id == credit.contract.id), None)
    return None if record is None else (record.doc, ("claim_period",))


@policy(
    "credit-claim-due",
    "An unclaimed service credit whose claim-by date is within "
    "`governance.credit_claim_warning`: claim it before the money lapses.",
    statuses=_ALSO_EXITED,
)
def credit_claim_due(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    for state in _states(context, files):
        credit = state.credit
        place = _at_contract(files, credit)
        if state.status != "due-soon" or credit.claim_by is None or place is None:
            continue
        left = (credit.claim_by - context.as_of).days
        command = (
            f"vendorctl claim {files.vendor.model.id} --contract {credit.contract.id} "
            f"--window {credit.window.label} --record"
        )
        yield Finding(
            *place,
            f"{_credit(credit, credit.amount)} must be claimed by {credit.claim_by} "
            f"({_days(left)} left); draft and record the claim with `{command}`, then send it",
        )


@policy(
    "credit-lapsed",
    f"A service credit whose claim-by date passed unclaimed in the {LAPSED_DAYS} days before "
    "the as-of date: money lost (older lapses are left to the reports).",
)
def credit_lapsed(context: Context, files: VendorFiles) -> Iterator[Finding]:
    log = files.claims[0].doc.path if files.claims else f"vendors/{files.folder}/claims.yaml"
    for state in _states(context, files):
        credit = state.credit
        place = _at_contract(files, credit)
        if state.status != "lapsed" or credit.claim_by is None or place is None:
            continue
        if (context.as_of - credit.claim_by).days > LAPSED_DAYS:
            continue
        # No hint to record `status: waived`: waiving is a decision taken in time, and writing
        # it afterwards would hide money lost by oversight from the reports' lapsed totals.
        yield Finding(
            *place,
            f"{_credit(credit, credit.amount)} was not claimed by {credit.claim_by}: the money "
            f"is lost; if a claim was sent, record it in {log}",
        )


@policy(
    "credit-unpaid",
    "A service credit claimed more than `governance.credit_payment_days` ago with no credit "
    "note recorded: chase the vendor.",
    statuses=_ALSO_EXITED,
)
def credit_unpaid(context: Context, files: VendorFiles) -> Iterator[Finding]:
    limit = context.settings.governance.credit_payment_days
    refs = _claims(context, files)
    for state in _states(context, files):
        claim, credit = state.claim, state.credit
        if state.status != "claimed" or claim is None or claim.claimed_on is None:
            continue
        waited = (context.as_of - claim.claimed_on).days
        ref = refs.get((credit.contract.id, credit.window.label))
        if waited <= limit or ref is None:
            continue
        reference = f", reference {claim.reference}" if claim.reference else ""
        yield Finding(
            ref.record.doc,
            ("claims", ref.index, "claimed_on"),
            f"{_credit(credit, claimed_figure(credit, claim), reference)} was claimed on "
            f"{claim.claimed_on}, {_days(waited)} ago, and no credit note is recorded (expected "
            f"within {_days(limit)}); chase the vendor, then record `status: received` with "
            "`received_on` (or `disputed`, `rejected`)",
        )
