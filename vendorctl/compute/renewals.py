"""The notice-deadline engine: where each contract's term ends and when notice must be given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from vendorctl.load.checked import Checked
from vendorctl.model.base import Duration
from vendorctl.model.contract import Contract

Status = Literal["decide", "notice-passed", "ok", "evergreen", "expired"]
# Most urgent first: a decision due now, then notice already passed, then the rest.
URGENCY: dict[Status, int] = {
    "decide": 0,
    "notice-passed": 1,
    "ok": 2,
    "evergreen": 3,
    "expired": 4,
}


@dataclass(frozen=True)
class Renewal:
    """A contract's renewal position as of a date."""

    vendor: str
    contract: Contract
    as_of: date
    term_end: date | None
    rolled: int
    notice_deadline: date | None
    decision_date: date | None
    status: Status
    next_notice_deadline: date | None = None
    decision: str | None = None  # the recorded decision, if it counts for this term

    @property
    def days_left(self) -> int | None:
        """Days from the as-of date to the notice deadline that still counts (negative: passed)."""
        deadline = self.next_notice_deadline or self.notice_deadline
        return None if deadline is None else (deadline - self.as_of).days

    @property
    def urgency(self) -> tuple[int, date]:
        """Sort key: status urgency, then the deadline that still counts."""
        deadline = self.next_notice_deadline or self.notice_deadline or date.max
        return URGENCY[self.status], deadline


def _ends_by_decision(contract: Contract) -> bool:
    return contract.decision in ("terminate", "let-lapse") and contract.decision_for is not None


def term_end(contract: Contract, as_of: date) -> tuple[date | None, int]:
    """The end of the term running on `as_of` and how many renewals it took to reach it.

    Auto-renewing contracts roll forward term by term; each end is computed from the original end
    (end + k terms), so month-end clamping never drifts. A decision to terminate or let lapse,
    recorded for a term, stops the rolling at that term's end.
    """
    if contract.end is None:
        return None, 0
    end, rolled = contract.end, 0
    term = contract.renewal_term
    if contract.auto_renew and term is not None:
        stop = contract.decision_for if _ends_by_decision(contract) else None
        while end < as_of and (stop is None or end < stop):
            rolled += 1
            end = _nth_end(contract, rolled)
    return end, rolled


def last_day_in_force(contract: Contract) -> date | None:
    """The last day the contract is in force, or None while nothing recorded ends it.

    A contract that does not renew ends on its end date; an auto-renewing one only by a recorded
    `terminate` or `let-lapse` decision for a term (`decision_for`), at that term's end.
    """
    if contract.end is None or not contract.auto_renew:
        return contract.end
    if not _ends_by_decision(contract):
        return None
    assert contract.decision_for is not None  # _ends_by_decision holds it
    # Rolled up to the term the decision is for: the first term end on or after decision_for.
    return term_end(contract, contract.decision_for)[0]


def _nth_end(contract: Contract, count: int) -> date:
    term = contract.renewal_term
    assert contract.end is not None and term is not None
    return Duration(term.amount * count, term.unit).add_to(contract.end)


def decision_for_term(contract: Contract, end: date | None) -> str | None:
    """The recorded decision if it counts for the term ending on `end`."""
    if contract.decision is None or end is None:
        return contract.decision
    return contract.decision if contract.decision_for in (None, end) else None


def _deadline(contract: Contract, end: date) -> date:
    return contract.notice_period.subtract_from(end) if contract.notice_period else end


def renewal(
    vendor: str, contract: Contract, as_of: date, warning: Duration, buffer: Duration
) -> Renewal:
    """Where a contract stands on `as_of`: ok, decide (within the warning window before the
    notice deadline), notice-passed (it renews or lapses whatever is done now), or expired."""
    end, rolled = term_end(contract, as_of)
    if end is None:
        return Renewal(
            vendor, contract, as_of, None, 0, None, None, "evergreen", decision=contract.decision
        )
    deadline = _deadline(contract, end)
    decision = buffer.subtract_from(deadline)
    base = Renewal(
        vendor,
        contract,
        as_of,
        end,
        rolled,
        deadline,
        decision,
        "ok",
        decision=decision_for_term(contract, end),
    )
    if as_of > end:
        return replace(base, status="expired")
    if as_of > deadline:
        following = None
        rolls = contract.auto_renew and contract.renewal_term is not None
        if rolls and not (_ends_by_decision(contract) and contract.decision_for == end):
            # The first later term whose notice deadline is still ahead (a notice period as
            # long as the renewal term can put several terms' deadlines behind us already).
            count = rolled
            while following is None or following < as_of:
                count += 1
                following = _deadline(contract, _nth_end(contract, count))
        return replace(base, status="notice-passed", next_notice_deadline=following)
    if as_of >= warning.subtract_from(deadline):
        return replace(base, status="decide")
    return base


def by_urgency(renewals: Iterable[Renewal]) -> list[Renewal]:
    """Most urgent first; ties broken by vendor and contract id for a stable order."""
    return sorted(renewals, key=lambda r: (*r.urgency, r.vendor, r.contract.id))


def vendor_renewals(checked: Checked, vendor_id: str, day: date) -> list[Renewal]:
    """The renewal position of each of one vendor's contracts on `day`, in file order."""
    governance = checked.settings.governance
    return [
        renewal(vendor_id, record.model, day, governance.notice_warning, governance.decision_buffer)
        for record in checked.portfolio.vendors[vendor_id].contracts
    ]


def all_renewals(checked: Checked, day: date) -> list[Renewal]:
    """The renewal position of every contract in the portfolio on `day`, most urgent first."""
    return by_urgency(
        found
        for vendor_id in checked.portfolio.vendors
        for found in vendor_renewals(checked, vendor_id, day)
    )


def key_date(item: Renewal) -> date | None:
    """The date that matters next: the notice deadline still open, else the term's end."""
    if item.status in ("ok", "decide"):
        return item.notice_deadline
    if item.status == "notice-passed":
        return item.next_notice_deadline or item.term_end
    return None
