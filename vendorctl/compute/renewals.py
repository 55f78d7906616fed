"""The notice-deadline engine: where each contract's term ends and when notice must be given."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from vendorctl.compute.terms import agreed_by, latest
from vendorctl.load.checked import Checked
from vendorctl.model import periods
from vendorctl.model.base import Duration
from vendorctl.model.contract import Contract, NoticeTo

Status = Literal["decide", "notice-passed", "ok", "evergreen", "expired"]
# Most urgent first: a decision due now, then notice already passed, then the rest.
URGENCY: dict[Status, int] = {
    "decide": 0,
    "notice-passed": 1,
    "ok": 2,
    "evergreen": 3,
    "expired": 4,
}
# The periods whose ends notice can reach. Calendar periods always: a contract's "end of a
# quarter" is the calendar's, shared by both parties, never our own fiscal year.
PERIOD: dict[NoticeTo, periods.Kind] = {
    "month-end": "month",
    "quarter-end": "quarter",
    "year-end": "year",
}


@dataclass(frozen=True)
class Renewal:
    """A contract's renewal position as of a date, all about one term: its end, its notice
    deadline, its decision date and the decision recorded for it."""

    vendor: str
    contract: Contract  # the terms in force on `as_of` (amendments effective by then applied)
    as_of: date
    term_end: date | None
    rolled: int
    notice_deadline: date | None
    decision_date: date | None
    status: Status
    next_notice_deadline: date | None = None
    decision: str | None = None  # the recorded decision, if it counts for this term
    next_term_end: date | None = None  # the term whose deadline is next_notice_deadline

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


def rolls_by_period(terms: Contract) -> bool:
    """True for a rolling term: auto-renewing, and ended by notice to any month, quarter or
    year end once its initial term is over."""
    return terms.auto_renew and terms.notice_to in PERIOD


def possible_ends(terms: Contract) -> Iterator[date]:
    """The days the contract can end on, in order: the end of its initial term (`end`); then,
    if it auto-renews, the end of each renewal term (`notice_to: term-end`), or every calendar
    month, quarter or year end after `end` (a rolling term). A `terminate` or `let-lapse`
    recorded for a term stops them at that term. None for an evergreen contract."""
    if terms.end is None:
        return
    yield terms.end
    kind = PERIOD.get(terms.notice_to)
    if not terms.auto_renew or (kind is None and terms.renewal_term is None):
        return
    stop = terms.decision_for if _ends_by_decision(terms) else None
    end, count = terms.end, 0
    while stop is None or end < stop:
        count += 1
        end = _nth_end(terms, count, kind)
        yield end


def _nth_end(terms: Contract, count: int, kind: periods.Kind | None) -> date:
    """The `count`th end after the initial one, always from the original end, so month-end
    clamping never drifts."""
    assert terms.end is not None
    if kind is not None:
        first = periods.containing(terms.end, kind)
        if first.end == terms.end:
            first = first.shift(1)
        return first.shift(count - 1).end
    term = terms.renewal_term
    assert term is not None
    return Duration(term.amount * count, term.unit).add_to(terms.end)


def _running(terms: Contract, day: date) -> tuple[date | None, int]:
    """The first possible end on or after `day` (else the last one) and its index."""
    end, rolled = None, 0
    for index, found in enumerate(possible_ends(terms)):
        end, rolled = found, index
        if found >= day:
            break
    return end, rolled


def term_end(contract: Contract, as_of: date) -> tuple[date | None, int]:
    """The end of the term running on `as_of` (with the terms in force then) and how many
    renewals it took to reach it.

    Auto-renewing contracts roll forward term by term (or period by period, for a rolling
    term); a decision to terminate or let lapse, recorded for a term, stops the rolling at that
    term's end.
    """
    return _running(agreed_by(contract, as_of), as_of)


def current_term(contract: Contract, as_of: date) -> tuple[date, date | None]:
    """The first and last day of the term running on `as_of` (with the terms in force then):
    the initial term, else the renewal term that `term_end` reaches, which starts the day after
    the one before it ends. The last day is None for an evergreen contract."""
    terms = agreed_by(contract, as_of)
    start, end = terms.start, None
    for found in possible_ends(terms):
        if end is not None:
            start = end + timedelta(days=1)
        end = found
        if found >= as_of:
            break
    return start, end


def last_day_in_force(contract: Contract) -> date | None:
    """The last day the contract is in force, or None while nothing recorded ends it.

    Read from its latest terms (every amendment applied). A contract that does not renew ends on
    its end date; an auto-renewing one only by a recorded `terminate` or `let-lapse` decision for
    a term (`decision_for`), at that term's end.
    """
    terms = latest(contract)
    if terms.end is None or not terms.auto_renew:
        return terms.end
    if not _ends_by_decision(terms):
        return None
    assert terms.decision_for is not None  # _ends_by_decision holds it
    # Rolled up to the term the decision is for: the first possible end on or after decision_for.
    return _running(terms, terms.decision_for)[0]


def decision_for_term(contract: Contract, end: date | None) -> str | None:
    """The recorded decision if it counts for the term ending on `end`."""
    if contract.decision is None or end is None:
        return contract.decision
    return contract.decision if contract.decision_for in (None, end) else None


def notice_deadline(terms: Contract, end: date) -> date:
    """The last day to give notice that ends the contract on `end`."""
    return terms.notice_period.subtract_from(end) if terms.notice_period else end


def _kept(terms: Contract, end: date) -> bool:
    """Whether a term whose notice deadline has passed gives way to the next one: a rolling
    term always does (the next period end is the next way out), another only when `renew` is
    recorded for it (kept on purpose: no longer a deadline missed)."""
    return rolls_by_period(terms) or decision_for_term(terms, end) == "renew"


def renewal(
    vendor: str, contract: Contract, as_of: date, warning: Duration, buffer: Duration
) -> Renewal:
    """Where a contract stands on `as_of`, with the terms in force then: ok, decide (within the
    warning window before the notice deadline), notice-passed (it renews or lapses whatever is
    done now), expired, or evergreen."""
    terms = agreed_by(contract, as_of)
    ends = possible_ends(terms)
    end = next(ends, None)
    if end is None:
        return _evergreen(vendor, terms, as_of, buffer)
    rolled, upcoming = 0, next(ends, None)
    # The term running on as_of ...
    while end < as_of and upcoming is not None:
        end, rolled, upcoming = upcoming, rolled + 1, next(ends, None)
    # ... or, past its deadline, the next one if the contract is kept beyond it.
    while upcoming is not None and as_of > notice_deadline(terms, end) and _kept(terms, end):
        end, rolled, upcoming = upcoming, rolled + 1, next(ends, None)
    deadline = notice_deadline(terms, end)
    # The status and the next term worked out first, the position made once (a `replace` of a
    # frozen dataclass made it twice for each contract not `ok`).
    status: Status = "ok"
    next_deadline: date | None = None
    next_end: date | None = None
    if as_of > end:
        status = "expired"
    elif as_of > deadline:
        # The first later term whose notice deadline is still ahead (a notice period as long as
        # the renewal term can put several terms' deadlines behind us already).
        while upcoming is not None and notice_deadline(terms, upcoming) < as_of:
            upcoming = next(ends, None)
        status = "notice-passed"
        next_deadline = None if upcoming is None else notice_deadline(terms, upcoming)
        next_end = upcoming
    elif as_of >= warning.subtract_from(deadline):
        status = "decide"
    return Renewal(
        vendor,
        terms,
        as_of,
        end,
        rolled,
        deadline,
        buffer.subtract_from(deadline),
        status,
        next_notice_deadline=next_deadline,
        decision=decision_for_term(terms, end),
        next_term_end=next_end,
    )


def _evergreen(vendor: str, terms: Contract, as_of: date, buffer: Duration) -> Renewal:
    """An evergreen contract: nothing ends it unless notice is given, so no deadline presses.
    With notice to a period end, the next possible end and its deadline, for the record."""
    kind = PERIOD.get(terms.notice_to)
    if kind is None:
        return Renewal(
            vendor, terms, as_of, None, 0, None, None, "evergreen", decision=terms.decision
        )
    period = periods.containing(max(as_of, terms.start), kind)
    while notice_deadline(terms, period.end) < as_of:
        period = period.shift(1)
    deadline = notice_deadline(terms, period.end)
    return Renewal(
        vendor,
        terms,
        as_of,
        period.end,
        0,
        deadline,
        buffer.subtract_from(deadline),
        "evergreen",
        decision=decision_for_term(terms, period.end),
    )


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
