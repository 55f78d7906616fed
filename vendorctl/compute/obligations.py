"""The obligations register: each obligation's due dates, which were met (on time or late), which
were missed, the one overdue and the next one ahead, as of a date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from vendorctl.compute.renewals import last_day_in_force
from vendorctl.compute.terms import latest
from vendorctl.model.base import Duration
from vendorctl.model.contract import Contract, Obligation

DueStatus = Literal["on-time", "late", "missed", "overdue", "due"]
# How many of the latest due dates an obligation's record covers: "late 3 of the last 6 months".
RECORD = 6


@dataclass(frozen=True)
class Schedule:
    """An obligation's due dates: `first` then, if recurring, `first + k * every` (each computed
    from `first`, so month-end clamping never drifts), none after `last`."""

    first: date
    every: Duration | None = None  # None: a one-off obligation
    last: date | None = None  # a recurring obligation's due dates end with the contract

    def due(self, index: int) -> date:
        """The due date number `index` (0 is the first)."""
        if self.every is None or index == 0:
            return self.first
        return Duration(self.every.amount * index, self.every.unit).add_to(self.first)

    def count_until(self, day: date) -> int:
        """How many due dates fall on or before `day`."""
        if self.every is None:
            return 1 if self.first <= day else 0
        if self.last is not None and self.last < day:
            day = self.last
        if day < self.first:
            return 0
        step = self.every.days()
        if step:
            return (day - self.first).days // step + 1
        # Calendar months: guess from the months between, then settle the month-end cases.
        months = (day.year - self.first.year) * 12 + day.month - self.first.month
        index = months // self.every.months()
        while index > 0 and self.due(index) > day:
            index -= 1
        while self.due(index + 1) <= day:
            index += 1
        return index + 1

    def total(self) -> int | None:
        """How many due dates there are in all; None while the contract runs on."""
        if self.every is None:
            return 1
        return None if self.last is None else self.count_until(self.last)


@dataclass(frozen=True)
class DueDate:
    """One due date and how it stands: met by `done` (on time or late), missed, overdue (the
    latest due date passed and not met), or still to come (`due`)."""

    due: date
    status: DueStatus
    done: date | None = None
    days: int = 0  # days late (`late`) or overdue (`overdue`)


@dataclass(frozen=True)
class ObligationState:
    """An obligation of a contract as of a date: its latest due dates and the next one ahead."""

    contract: Contract
    obligation: Obligation
    index: int  # its place in the contract's `obligations`
    as_of: date
    recent: tuple[DueDate, ...]  # the last RECORD due dates passed (before the as-of date)
    overdue: DueDate | None  # the latest due date passed, if it is not met
    upcoming: DueDate | None  # the next due date on or after the as-of date not met yet
    met_early: DueDate | None  # the next due date, if already met before it came

    @property
    def recurring(self) -> bool:
        """True for an obligation that falls due again and again."""
        return self.obligation.every is not None

    def schedule_text(self) -> str:
        """`every 1 month from 2025-07-10`, or `due 2027-01-31` for a one-off."""
        duty = self.obligation
        if duty.every is None:
            return f"due {duty.due}"
        return f"every {duty.every} from {duty.first_due}"

    def due_text(self) -> str:
        """Where the obligation stands next: `overdue 10 days (due 2026-10-10)`, `due
        2026-11-10`, or `nothing due` (a one-off done, a contract ended)."""
        if self.overdue is not None:
            return f"overdue {_days(self.overdue.days)} (due {self.overdue.due})"
        if self.upcoming is not None:
            return f"due {self.upcoming.due}"
        return "nothing due"

    def record_text(self) -> str:
        """The record of the last due dates in words: `late 3 of the last 6 months`, `on time
        for 2 months so far`; for a one-off, `done 2026-05-04, 3 days late`."""
        if not self.recurring:
            return _one_off_text(self.recent[-1] if self.recent else self.met_early)
        count = len(self.recent)
        if not count:
            return "none due yet"
        late = sum(1 for d in self.recent if d.status == "late")
        missed = sum(1 for d in self.recent if d.status in ("missed", "overdue"))
        assert self.obligation.every is not None
        span = _span(count, self.obligation.every)
        full = count == RECORD
        if not late and not missed:
            return f"on time for the last {span}" if full else f"on time for {span} so far"
        parts = [f"{word} {n}" for word, n in (("late", late), ("missed", missed)) if n]
        counted = ", ".join(parts)
        return f"{counted} of the last {span}" if full else f"{counted} of {span} so far"


def _one_off_text(due: DueDate | None) -> str:
    if due is None:
        return "not due yet"
    if due.status == "on-time":
        return f"done {due.done}"
    if due.status == "late":
        return f"done {due.done}, {_days(due.days)} late"
    return "not done"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


# What the due dates of an obligation recurring every 1 (or 3) of a unit are called.
_UNITS = {
    ("day", 1): ("day", "days"),
    ("week", 1): ("week", "weeks"),
    ("month", 1): ("month", "months"),
    ("month", 3): ("quarter", "quarters"),
    ("month", 12): ("year", "years"),
    ("year", 1): ("year", "years"),
}


def _span(count: int, every: Duration) -> str:
    """`6 months`, `1 quarter`, `4 due dates`: the due dates counted, named by the schedule."""
    one, many = _UNITS.get((every.unit, every.amount), ("due date", "due dates"))
    return f"{count} {one if count == 1 else many}"


def schedule(contract: Contract, obligation: Obligation) -> Schedule:
    """The due dates of an obligation; a recurring one's stop on the contract's last day in force
    (its end, or the end of the term a recorded terminate or let-lapse decision ends), while
    a one-off may fall due after it (returning data at the exit, a final report)."""
    if obligation.every is None or obligation.first_due is None:
        assert obligation.due is not None  # the schema holds one schedule or the other
        return Schedule(obligation.due)
    return Schedule(obligation.first_due, obligation.every, last_day_in_force(latest(contract)))


def _choices(plan: Schedule, done: date, as_of: date) -> list[int]:
    """The due dates a done date may meet, by preference: the nearest of the two due dates
    around it (the earlier on a tie), then the other. While the later one has not passed, the
    earlier comes first: a due date passed and not met is made good, late, by what is done
    before the next one falls due."""
    before = plan.count_until(done) - 1  # the latest due date on or before it, -1 if none
    total = plan.total()
    after = before + 1 if total is None or before + 1 < total else None
    if before < 0:
        return [] if after is None else [after]
    if after is None:
        return [before]
    later = plan.due(after)
    if later >= as_of or (done - plan.due(before)).days <= (later - done).days:
        return [before, after]
    return [after, before]


def _matched(plan: Schedule, done: Iterable[date], as_of: date) -> dict[int, date]:
    """Which due date each done date meets, each met once: done dates (up to the as-of date)
    in order, each taking its first choice not met yet; one with no choice left meets none."""
    met: dict[int, date] = {}
    for day in sorted(set(done)):
        if day > as_of:
            break  # recorded ahead of the as-of date: it does not count yet
        for index in _choices(plan, day, as_of):
            if index not in met:
                met[index] = day
                break
    return met


def _state(plan: Schedule, index: int, met: dict[int, date], passed: int, as_of: date) -> DueDate:
    """Due date number `index` as of the date; `passed` due dates fall before it."""
    due = plan.due(index)
    done = met.get(index)
    if done is not None:
        late = (done - due).days
        return DueDate(due, "late" if late > 0 else "on-time", done, max(late, 0))
    if due >= as_of:
        return DueDate(due, "due")
    if index == passed - 1:
        return DueDate(due, "overdue", days=(as_of - due).days)
    return DueDate(due, "missed")


def obligation_state(
    contract: Contract, index: int, as_of: date, recent: int = RECORD
) -> ObligationState:
    """Obligation number `index` of the contract as of a date: its last `recent` due dates
    passed, the one overdue if the latest is not met, and the next one ahead."""
    obligation = contract.obligations[index]
    plan = schedule(contract, obligation)
    met = _matched(plan, obligation.done, as_of)
    # Due dates before the as-of date have passed; one falling on it is due today, not late.
    passed = plan.count_until(as_of - timedelta(days=1))
    shown = range(max(0, passed - recent), passed)
    states = tuple(_state(plan, i, met, passed, as_of) for i in shown)
    overdue = states[-1] if states and states[-1].status == "overdue" else None
    total = plan.total()
    # A done date meets at most the due date after it: of those ahead, only the first two or
    # three can be met yet (the one due today, then the next).
    ahead = [i for i in range(passed, passed + 3) if total is None or i < total]
    early = next((i for i in ahead if i in met), None)
    upcoming = next((i for i in ahead if i not in met), None)
    return ObligationState(
        contract,
        obligation,
        index,
        as_of,
        states,
        overdue,
        None if upcoming is None else _state(plan, upcoming, met, passed, as_of),
        None if early is None else _state(plan, early, met, passed, as_of),
    )


def contract_obligations(contract: Contract, as_of: date) -> list[ObligationState]:
    """Every obligation of a contract as of a date, in the contract's order."""
    return [obligation_state(contract, i, as_of) for i in range(len(contract.obligations))]


def due_between(contract: Contract, index: int, first: date, last: date) -> list[date]:
    """The due dates of obligation number `index` from `first` to `last` (both included) that
    are not met yet as of `first` (one done early is left out)."""
    obligation = contract.obligations[index]
    plan = schedule(contract, obligation)
    met = _matched(plan, obligation.done, first)
    start = plan.count_until(first - timedelta(days=1))
    return [plan.due(i) for i in range(start, plan.count_until(last)) if i not in met]
