"""The renewals report: every contract's term, notice deadline and decision date, most urgent
first, and the calendar of deadlines (notice, decision, service-credit claims, obligations,
evidence expiry) and governance meetings due."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vendorctl.compute.credits import UNCLAIMED, CreditState, vendor_states
from vendorctl.compute.evidence import vendor_evidence
from vendorctl.compute.governance import cadence_status
from vendorctl.compute.money import annual_value, currency_on, per_currency
from vendorctl.compute.numbers import grouped, trimmed
from vendorctl.compute.obligations import due_between, obligation_state
from vendorctl.compute.renewals import (
    Renewal,
    all_renewals,
    decision_for_term,
    key_date,
    rolls_by_period,
)
from vendorctl.compute.termination import rights
from vendorctl.compute.vendor_slas import vendor_slas
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Settings, periods
from vendorctl.model.contract import Contract
from vendorctl.model.people import names_of
from vendorctl.model.vendor import Vendor
from vendorctl.reports.index import RENEWALS_AHEAD_DAYS, longest_window
from vendorctl.reports.scorecard import termination_rows


def _row(checked: Checked, item: Renewal) -> dict[str, Any]:
    contract = item.contract
    vendor = checked.portfolio.vendors[item.vendor].vendor
    # The value under the terms in force on the as-of date, read from the contract as written
    # (the renewal's copy may carry an extension signed for later).
    written = next(
        (
            c.model
            for c in checked.portfolio.vendors[item.vendor].contracts
            if c.model.id == contract.id
        ),
        contract,
    )
    return {
        "vendor": item.vendor,
        "vendor_name": vendor.model.name if vendor else item.vendor,
        "contract": contract.id,
        "title": contract.title,
        "status": item.status,
        "term_end": item.term_end,
        "renewals": item.rolled,
        "auto_renew": contract.auto_renew,
        "renewal_term": str(contract.renewal_term) if contract.renewal_term else None,
        "notice_period": str(contract.notice_period) if contract.notice_period else None,
        "notice_to": contract.notice_to,
        "rolling": rolls_by_period(contract),
        "notice_deadline": item.notice_deadline,
        "decision_date": item.decision_date,
        "next_notice_deadline": item.next_notice_deadline,
        "next_term_end": item.next_term_end,
        "days_left": item.days_left,
        "decision": item.decision,
        "annual_value": annual_value(written, item.as_of),
        "currency": currency_on(written, item.as_of, checked.settings.currency),
    }


def value_due(
    keyed: Iterable[tuple[date | None, dict[str, Any]]], day: date, days: int
) -> list[dict[str, object]]:
    """The annual value, per currency, of the contracts whose next notice deadline (or the
    date a rolling or evergreen one can next be ended: the key date given with each row) falls
    within `days` of `day`."""
    horizon = day + timedelta(days=days)
    return per_currency(
        (row["currency"], row["annual_value"])
        for key, row in keyed
        if key is not None and day <= key <= horizon
    )


@dataclass(frozen=True)
class RenewalPart:
    """The renewals report's part from some of the vendors (all, or a process's share)."""

    # Each contract's row, with its place in the order (most urgent first) and its key date.
    contracts: list[tuple[tuple[Any, ...], date | None, dict[str, Any]]]
    rights: list[tuple[str, dict[str, Any]]]  # each open termination right's row, by vendor


def renewal_part(checked: Checked, day: date) -> RenewalPart:
    """The rows of the contracts and termination rights of the vendors of `checked`."""
    return RenewalPart(
        [
            ((*item.urgency, item.vendor, item.contract.id), key_date(item), _row(checked, item))
            for item in all_renewals(checked, day)
        ],
        [
            (vendor_id, row)
            for vendor_id, files in sorted(checked.portfolio.vendors.items())
            if files.vendor is not None
            for row in termination_rows(rights(checked, vendor_id, day))
        ],
    )


def renewals(checked: Checked, *, day: date, within: int | None = None) -> dict[str, Any]:
    """The renewals context: contracts by urgency, optionally only those due within N days."""
    return renewals_of(checked.settings, day, [renewal_part(checked, day)], within=within)


def renewals_of(
    settings: Settings, day: date, parts: list[RenewalPart], *, within: int | None = None
) -> dict[str, Any]:
    """The renewals context from the parts of every share of the vendors (`renewal_part`),
    which hold each vendor once: the same for any shares."""
    contracts = sorted((found for part in parts for found in part.contracts), key=lambda c: c[0])
    if within is not None:
        horizon = day + timedelta(days=within)
        contracts = [c for c in contracts if c[1] is not None and day <= c[1] <= horizon]
    window = RENEWALS_AHEAD_DAYS if within is None else within
    return {
        "report": "renewals",
        "organisation": settings.organisation,
        "as_of": day,
        "within": within,
        "contracts": [row for _, _, row in contracts],
        # Without --within, the window is the index's: the same total in both.
        "value_due_days": window,
        "value_due": value_due(((key, row) for _, key, row in contracts), day, window),
        # Every open right to terminate, whatever --within says: each is a decision to take.
        "termination_rights": [
            row for _, row in sorted((r for part in parts for r in part.rights), key=lambda r: r[0])
        ],
    }


def events(checked: Checked, *, day: date, within: int | None = None) -> list[dict[str, Any]]:
    """Calendar events: notice deadlines and decision dates ahead, the claim-by dates of service
    credits not claimed yet, governance meetings due (an overdue one on the as-of date), the due
    dates of contract obligations, and the expiry dates of due-diligence evidence (expired
    evidence on the as-of date)."""
    horizon = day + timedelta(days=within if within is not None else 366)
    found: list[dict[str, Any]] = []
    for item in all_renewals(checked, day):
        deadline = item.next_notice_deadline or (
            item.notice_deadline if item.status in ("ok", "decide") else None
        )
        if deadline is None:
            continue
        name = f"{item.contract.title} ({item.vendor})"
        decision = checked.settings.governance.decision_buffer.subtract_from(deadline)
        # Each event about the term whose deadline it is, with the decision recorded for that
        # term only: a notice-passed row's next deadline belongs to a later term.
        end, decided = item.term_end, item.decision
        if item.next_term_end is not None:
            end = item.next_term_end
            decided = decision_for_term(item.contract, end)
        for kind, when, summary, remind in (
            ("notice", deadline, f"Notice deadline: {name}", 14),
            ("decision", decision, f"Decide on renewal: {name}", 7),
        ):
            if day <= when <= horizon:
                found.append(
                    {
                        "uid": f"{kind}-{item.contract.id}-{when}",
                        "date": when,
                        "summary": summary,
                        "remind_days": remind,
                        "description": _describe(item.contract, end, decided),
                    }
                )
    found.extend(_claims_due(checked, day, horizon))
    found.extend(_meetings_due(checked, day, horizon))
    found.extend(_obligations_due(checked, day, horizon))
    found.extend(_evidence_due(checked, day, horizon))
    return sorted(found, key=_event_order)


def _event_order(event: dict[str, Any]) -> tuple[date, str]:
    return event["date"], event["uid"]


def merged_events(parts: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The events of every share of the vendors (`events`), in the calendar's order: the same
    for any shares, since every UID names its contract (unique in the portfolio) or vendor."""
    return sorted((event for part in parts for event in part), key=_event_order)


_LIVE = ("onboarding", "active", "offboarding")
# Credits earned before an exit are still claimed after it, as the `credit-claim-due` policy says.
_CLAIMING = (*_LIVE, "exited")


def _claims_due(checked: Checked, day: date, horizon: date) -> list[dict[str, Any]]:
    """The claim-by dates of credits still to claim (or due soon) that fall by the horizon,
    reminded when the `credit_claim_warning` window opens, as `validate` starts warning."""
    warning = checked.settings.governance.credit_claim_warning
    fiscal = checked.settings.fiscal_year_start
    found = []
    for vendor_id, files in sorted(checked.portfolio.vendors.items()):
        if files.vendor is None or files.vendor.model.status not in _CLAIMING:
            continue
        since = _claimable_from(files, day, fiscal)
        if since is None:
            continue  # no claim period: no credit of the vendor has a claim-by date
        # Only the windows whose claim-by date can still come are evaluated: their credits
        # come from the measurements inside them, all from `since` on (see `_claimable_from`).
        # Of the KPIs the SLAs name only: the only measurements a credit is made of.
        # The vendor's SLA work as the claims check left it (made now if it did not run).
        book = vendor_slas(files, fiscal, checked.settings.currency)
        series = book.since(since)
        # The work only, as the `credit-claim-due` policy reads it: the windows of claims
        # answered by then are never to claim, so they are not evaluated.
        states = vendor_states(files, checked.settings, day, series, unanswered=True, book=book)
        for state in states:
            when = state.credit.claim_by
            if state.status not in UNCLAIMED or when is None or not day <= when <= horizon:
                continue
            credit = state.credit
            found.append(
                {
                    "uid": f"credit-claim-{vendor_id}-{credit.contract.id}-{credit.window.label}",
                    "date": when,
                    "summary": f"Claim service credit: {files.vendor.model.name}, "
                    f"{credit.contract.id} {credit.window.label} ({_amount(state)})",
                    "remind_days": (when - warning.subtract_from(when)).days,
                    "description": _claim_description(files.vendor.model, state),
                }
            )
    return found


def _claimable_from(files: VendorFiles, day: date, fiscal: int) -> int | None:
    """The first month (by number) of the window, as long as the vendor's longest, in which
    the earliest window still claimable on `day` can start; None if no contract (nor
    amendment) sets a claim period.

    A window's claim-by date is its end plus the claim period of its terms: one ending before
    the longest claim period back from `day` (and a month of margin, as month arithmetic is not
    exactly reversible at month ends) is due before `day`. SLA windows are months, quarters
    and years of the fiscal calendar, so none straddles the start of a window as long as the
    longest: every window ending after that date starts in its longest window or later, and
    a credit is made of the measurements inside its window only (`scoring.value_in`)."""
    claim_periods = [
        length
        for record in files.contracts
        for length in (
            record.model.claim_period,
            *(amendment.claim_period for amendment in record.model.amendments),
        )
        if length is not None
    ]
    if not claim_periods:
        return None
    earliest = min(length.subtract_from(day) for length in claim_periods) - timedelta(days=31)
    return periods.containing(earliest, longest_window(files), fiscal).first


def _amount(state: CreditState) -> str:
    """The credit's amount with its currency, or its percent when the contract has no charge."""
    credit = state.credit
    if credit.amount is None:
        return f"{trimmed(credit.percent)}% of the window's charges"
    return f"{credit.currency} {grouped(credit.amount)}"


def _claim_description(vendor: Vendor, state: CreditState) -> str:
    """What the credit is for and how to claim it; nothing that changes with the as-of date, so
    the event stays the same until the data changes."""
    credit = state.credit
    contract = credit.contract
    capped = ", capped by the contract" if credit.capped else ""
    return (
        f"Contract {contract.id} ({contract.title}) earned a service credit of "
        f"{trimmed(credit.percent)}% for {credit.window.label}{capped}: {_amount(state)}. "
        f"Claim it by {credit.claim_by} ({contract.claim_period} after the window ended). "
        "Draft and record "
        f"the claim: vendorctl claim {vendor.id} --contract {contract.id} --window "
        f"{credit.window.label} --record"
    )


def _meetings_due(checked: Checked, day: date, horizon: date) -> list[dict[str, Any]]:
    """Governance meetings due by the horizon; an overdue one falls on the as-of date."""
    found = []
    for vendor_id, files in sorted(checked.portfolio.vendors.items()):
        if files.vendor is None or files.vendor.model.status not in _LIVE:
            continue
        vendor = files.vendor.model
        meetings = [record.model for record in files.meetings]
        for status in cadence_status(vendor, meetings, day):
            when = max(status.due or day, day)
            if when > horizon:
                continue
            entry = status.cadence
            late = " (overdue)" if status.overdue else ""
            kind = "QBR" if entry.kind == "qbr" else entry.kind.replace("-", " ").capitalize()
            found.append(
                {
                    "uid": f"meeting-{vendor_id}-{entry.kind}-{status.due or 'never-held'}",
                    "date": when,
                    "summary": f"{kind} due: {vendor.name}{late}",
                    "remind_days": 7,
                    "description": f"{entry.tier.capitalize()} tier, every {entry.every}; "
                    f"last held {status.last or 'never'}.",
                }
            )
    return found


def _obligations_due(checked: Checked, day: date, horizon: date) -> list[dict[str, Any]]:
    """The due dates of contract obligations (either side's) from the as-of date to the
    horizon, not met yet, and the one overdue on the as-of date, as overdue meetings are; the
    text says nothing that changes with the as-of date."""
    found = []
    for folder in sorted(checked.portfolio.vendors):
        files = checked.portfolio.vendors[folder]
        if files.vendor is None or files.vendor.model.status not in _LIVE:
            continue
        vendor = files.vendor.model
        names = names_of(vendor, checked.portfolio.shared.people)
        for record in files.contracts:
            contract = record.model
            for index, duty in enumerate(contract.obligations):
                owner = names.get(duty.owner, duty.owner) if duty.owner else "no owner named"
                clause = f", clause {duty.clause}" if duty.clause else ""
                schedule = f"every {duty.every} from {duty.first_due}" if duty.every else "once"
                what = f"{duty.title} ({vendor.name}, {duty.side} side)"
                about = (
                    f"Contract {contract.id} ({contract.title}){clause}: owed by the "
                    f"{duty.side} side ({owner}), {schedule}."
                )
                record_it = (
                    f"Once it is done, add the date to the `done:` list of obligation {duty.id} "
                    f"in {record.doc.path}."
                )
                # Each event keeps the UID of its due date: an overdue one is the event that was
                # scheduled, moved to the as-of date (as an overdue meeting is) until it is done.
                late = obligation_state(contract, index, day).overdue
                dates = [(late.due, True)] if late is not None else []
                dates += [(when, False) for when in due_between(contract, index, day, horizon)]
                for when, overdue in dates:
                    found.append(
                        {
                            "uid": f"obligation-{contract.id}-{duty.id}-{when}",
                            "date": day if overdue else when,
                            "summary": f"Obligation overdue since {when}: {what}"
                            if overdue
                            else f"Obligation due: {what}",
                            "remind_days": 7,
                            "description": f"{about} It was due on {when}. {record_it}"
                            if overdue
                            else f"{about} {record_it}",
                        }
                    )
    return found


# Evidence is gathered before the decision, as the evidence policies say: prospects' too.
_GATHERING = ("prospect", *_LIVE)


def _evidence_due(checked: Checked, day: date, horizon: date) -> list[dict[str, Any]]:
    """The expiry dates of due-diligence evidence from the as-of date to the horizon, reminded
    when `governance.evidence_warning` opens (as `validate` starts warning); evidence already
    expired is placed on the as-of date, as an overdue obligation is, under the UID of its
    expiry date. The text says nothing that changes with the as-of date."""
    warning = checked.settings.governance.evidence_warning
    found = []
    for folder in sorted(checked.portfolio.vendors):
        files = checked.portfolio.vendors[folder]
        if files.vendor is None or files.vendor.model.status not in _GATHERING:
            continue
        vendor = files.vendor.model
        seen: set[str] = set()
        for evidence in vendor_evidence(vendor, day, warning):
            when = evidence.item.expires
            if when is None or when > horizon:
                continue
            uid = _unique(f"evidence-{vendor.id}-{_slug(evidence.item.item)}-{when}", seen)
            expired = evidence.status == "expired"
            where = f" It is kept at {evidence.item.link}." if evidence.item.link else ""
            found.append(
                {
                    "uid": uid,
                    "date": day if expired else when,
                    "summary": f"Evidence expired on {when}: {evidence.item.item} ({vendor.name})"
                    if expired
                    else f"Evidence expires: {evidence.item.item} ({vendor.name})",
                    "remind_days": (when - warning.subtract_from(when)).days,
                    "description": f"Due-diligence evidence of {vendor.name}, valid until "
                    f"{when}: {evidence.item.item}.{where} Ask the vendor for a current one, "
                    f"then update its entry under `selection: due_diligence:` in "
                    f"{files.vendor.doc.path}.",
                }
            )
    return found


def _slug(text: str) -> str:
    """An item's text as a UID part: lowercase letters and digits between single hyphens, at
    most 60 characters; text with none of them is named by a digest of it."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")
    return slug or "item-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _unique(uid: str, seen: set[str]) -> str:
    """The UID, numbered from 2 if the vendor lists the same item with the same date again."""
    number, chosen = 1, uid
    while chosen in seen:
        number += 1
        chosen = f"{uid}-{number}"
    seen.add(chosen)
    return chosen


def _describe(contract: Contract, end: date | None, decided: str | None) -> str:
    """A notice or decision event's text: the term it is about and the decision for that term."""
    if rolls_by_period(contract):
        renew = f"rolls on to each {contract.notice_to.replace('-', ' ')}"
    elif contract.auto_renew:
        renew = f"auto-renews for {contract.renewal_term}"
    else:
        renew = "does not auto-renew"
    return (
        f"Contract {contract.id}: term ends {end}, {renew}, notice period "
        f"{contract.notice_period or 'none'}; decision recorded: {decided or 'none'}."
    )
