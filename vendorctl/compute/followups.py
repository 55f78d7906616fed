"""What needs following up: actions carried forward from meetings, and open issues."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vendorctl.model.records import Action, Issue, Meeting


@dataclass(frozen=True)
class OpenAction:
    """An action still open: its latest version, the meeting that set it, how late it is."""

    action: Action
    meeting: Meeting
    first_raised: date
    days_overdue: int | None


def action_key(action: Action) -> object:
    """What follows an action from meeting to meeting: its id, or without one its title."""
    return action.id or " ".join(action.title.lower().split())


def latest_actions(
    meetings: Iterable[Meeting], as_of: date
) -> tuple[dict[object, tuple[Action, Meeting]], dict[object, date]]:
    """Each action's latest version (with the meeting that recorded it) from the meetings held
    on or before `as_of`, and the date it was first raised, both by `action_key`."""
    latest: dict[object, tuple[Action, Meeting]] = {}
    first: dict[object, date] = {}
    for meeting in sorted((m for m in meetings if m.date <= as_of), key=lambda m: m.date):
        for action in meeting.actions:
            key = action_key(action)
            latest[key] = (action, meeting)
            first.setdefault(key, meeting.date)
    return latest, first


def days_late(action: Action, as_of: date) -> int | None:
    """Days past the action's due date on `as_of`, or None when it is not late."""
    return (as_of - action.due).days if action.due is not None and action.due < as_of else None


def open_actions(meetings: Iterable[Meeting], as_of: date) -> list[OpenAction]:
    """Actions open as of a date, from meetings held on or before it.

    An action may be carried into later meetings, known by its id (or, without one, by its
    title): its latest meeting's version (status, owner, due date) wins, and it keeps the date
    it was first raised. Sorted by due date (none last), then id.
    """
    latest, first = latest_actions(meetings, as_of)
    found = [
        OpenAction(action, meeting, first[key], days_late(action, as_of))
        for key, (action, meeting) in latest.items()
        if action.status == "open"
    ]
    return sorted(
        found, key=lambda a: (a.action.due or date.max, a.action.id or "", a.action.title)
    )


@dataclass(frozen=True)
class OpenIssue:
    """An issue open on a date: how old it is and how far up the ladder it went."""

    issue: Issue
    age_days: int
    level: int


_SEVERITY = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def open_issues(issues: Iterable[Issue], as_of: date) -> list[OpenIssue]:
    """Issues opened by `as_of` and not resolved by then, most severe and oldest first."""
    found = []
    for issue in issues:
        if issue.opened > as_of or (issue.closed is not None and issue.closed <= as_of):
            continue
        level = max((e.level for e in issue.escalations if e.date <= as_of), default=0)
        found.append(OpenIssue(issue, (as_of - issue.opened).days, level))
    return sorted(found, key=lambda i: (_SEVERITY[i.issue.severity], -i.age_days, i.issue.id))
