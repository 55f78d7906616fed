"""The next management review: which cadence entry it is, when it is due, what it reviews."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from vendorctl.compute.governance import cadence_status
from vendorctl.model import periods
from vendorctl.model.base import Duration
from vendorctl.model.periods import Period
from vendorctl.model.records import Meeting
from vendorctl.model.vendor import Cadence, Vendor

# The class below has a field named `date`, which hides the type inside its body.
Day = date

# Without a management-tier entry in the cadence, the review is a quarterly business review.
DEFAULT_REVIEW = Cadence(kind="qbr", tier="management", every=Duration(3, "month"))
# An overdue review is prepared for the first working day this many days after the as-of date.
LEAD_DAYS = 14


def review_cadence(vendor: Vendor) -> Cadence:
    """The vendor's management-tier review: its first management-tier cadence entry, else an
    entry of kind `qbr` at any tier, else a quarterly `qbr`."""
    return next(
        (c for c in vendor.cadence if c.tier == "management"),
        next((c for c in vendor.cadence if c.kind == "qbr"), DEFAULT_REVIEW),
    )


def next_working_day(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days (Monday to Friday) before `day`."""
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def last_held(meetings: Iterable[Meeting], kind: str, as_of: date) -> Meeting | None:
    """The latest meeting of `kind` held on or before `as_of` (the later id on the same day)."""
    held = [m for m in meetings if m.kind == kind and m.date <= as_of]
    return max(held, key=lambda m: (m.date, m.id or ""), default=None)


@dataclass(frozen=True)
class NextReview:
    """The next management review: the cadence entry, the last one held, when the next is due
    by the cadence, the date it is prepared for, and whether it is overdue."""

    cadence: Cadence
    last: Meeting | None
    due: date | None
    date: date
    overdue: bool

    @property
    def name(self) -> str:
        """The review as the agenda names it: "QBR", "Account review"."""
        kind = self.cadence.kind
        return "QBR" if kind == "qbr" else kind.replace("-", " ").capitalize()

    @property
    def called(self) -> str:
        """The review as a sentence names it: "QBR", "account review"."""
        return "QBR" if self.cadence.kind == "qbr" else self.name.lower()

    @property
    def following(self) -> Day:
        """The review after this one, one interval on."""
        return self.cadence.every.add_to(self.date)


def next_review(
    vendor: Vendor, meetings: Iterable[Meeting], as_of: date, given: date | None = None
) -> NextReview:
    """The next review, by the same rule as the `cadence-overdue` policy: the last one held plus
    the interval (never held: the relationship's start plus the interval). When that date has
    passed (or nothing gives one), the review is overdue and prepared for the first working day
    two weeks after `as_of`; one due on a weekend is held on the Monday after. `given`
    (`--date`) overrides the date, never the overdue flag."""
    entry = review_cadence(vendor)
    meetings = list(meetings)
    status = next((s for s in cadence_status(vendor, meetings, as_of) if s.cadence is entry), None)
    if status is None:  # the default review: computed as a cadence entry would be
        probe = vendor.model_copy(update={"cadence": [entry]})
        status = cadence_status(probe, meetings, as_of)[0]
    fallback = next_working_day(as_of + timedelta(days=LEAD_DAYS))
    # A review due on a weekend is held on the Monday after it.
    planned = (
        next_working_day(status.due) if status.due is not None and not status.overdue else fallback
    )
    return NextReview(
        cadence=entry,
        last=last_held(meetings, entry.kind, as_of),
        due=status.due,
        date=given if given is not None else planned,
        overdue=status.overdue,
    )


def review_quarter(meeting: date, fiscal_start: int) -> Period:
    """The quarter a review on `meeting` looks back on: the latest one ended before that day."""
    quarter = periods.containing(meeting, "quarter", fiscal_start)
    return quarter.shift(-1)
