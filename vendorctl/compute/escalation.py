"""Escalation timing: whether an open issue waited at its level past the next rung's `after:`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from vendorctl.compute.followups import open_issues
from vendorctl.model.records import Issue
from vendorctl.model.vendor import EscalationLevel, Vendor


@dataclass(frozen=True)
class EscalationDue:
    """An open issue due to go up the ladder: where it is, since when, and what is due."""

    issue: Issue
    level: int  # the level it is at (0: not escalated yet)
    since: date  # when it reached that level (its opening date for level 0)
    days_at_level: int
    rung: EscalationLevel  # the next rung, the one that is due
    due_on: date
    days_late: int  # 0 on the day it falls due


def escalation_due(vendor: Vendor, issue: Issue, as_of: date) -> EscalationDue | None:
    """The next escalation of an issue, if it is due as of a date; None when nothing is due.

    An open issue at level L (0 = not escalated) has been there since its latest escalation to L
    on or before `as_of` (since it opened, for L = 0). The rung numbered L + 1 is due on its
    `after:` added to that date, and is due from that day on. No next rung, a rung without
    `after:`, an issue not open on `as_of` (closed by then), or one marked resolved with no
    `closed` date: nothing is due.
    """
    if issue.opened > as_of or (issue.closed is not None and issue.closed <= as_of):
        return None  # not open then (as `open_issues` judges): most issues, soon answered
    found = open_issues([issue], as_of)
    # Judged as of the date, as every view is: an issue closed later was open then. One marked
    # resolved without a `closed` date gives no day to judge by, and needs no escalation.
    if not found or (issue.status == "resolved" and issue.closed is None):
        return None
    level = found[0].level
    rung = next((r for r in vendor.escalation if r.level == level + 1), None)
    if rung is None or rung.after is None:
        return None
    since = max(
        (e.date for e in issue.escalations if e.level == level and e.date <= as_of),
        default=issue.opened,
    )
    due_on = rung.after.add_to(since)
    if as_of < due_on:
        return None
    return EscalationDue(
        issue, level, since, (as_of - since).days, rung, due_on, (as_of - due_on).days
    )


def escalations_due(vendor: Vendor, issues: Iterable[Issue], as_of: date) -> list[EscalationDue]:
    """The escalations due as of a date, for the issues open then, in `open_issues` order."""
    found = (escalation_due(vendor, o.issue, as_of) for o in open_issues(issues, as_of))
    return [due for due in found if due is not None]


def due_text(due: EscalationDue, names: Mapping[str, str], subject: str | None = None) -> str:
    """The sentence that says so, naming the next rung's people (`names`: person id to name);
    `subject` names the issue (by default "issue `id`", as `validate` does; "" for a table cell
    beside the issue: "At level 2 for 9 days; ...")."""
    days = f"{due.days_at_level} day{'' if due.days_at_level == 1 else 's'}"
    if due.level == 0:
        where = f"not been escalated for {days}"
    else:
        where = f"been at level {due.level} for {days}"
    rung = due.rung
    who = f"{names.get(rung.internal, rung.internal)} and {names.get(rung.vendor, rung.vendor)}"
    rest = f"level {rung.level} ({who}) was due after {rung.after}"
    if subject == "":
        cell = where.removeprefix("been ").replace("not been escalated", "not escalated")
        return f"{cell[0].upper()}{cell[1:]}; {rest}"
    subject = f"issue `{due.issue.id}`" if subject is None else subject
    return f"{subject} has {where}; {rest}"
