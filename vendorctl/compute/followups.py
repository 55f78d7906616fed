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


@dataclass
class ActionLog:
    """Every action of the meetings held by a date: its latest version with the meeting that
    recorded it, and the date it was first raised, by a key shared by all its versions."""

    latest: dict[object, tuple[Action, Meeting]]
    first: dict[object, date]
    keys: dict[int, object]  # id() of each version read -> its action's key

    def current(self, action: Action) -> Action:
        """The latest version of the action that `action` (a version read) is."""
        key = self.keys.get(id(action))
        return action if key is None else self.latest[key][0]


def _title(action: Action) -> str:
    return " ".join(action.title.lower().split())


def latest_actions(meetings: Iterable[Meeting], as_of: date) -> ActionLog:
    """The actions of the meetings held on or before `as_of`, each version matched to the
    action it continues: by id when both versions have one, else by title (case and spacing
    aside), so that minutes that give an id only sometimes still follow one action."""
    log = ActionLog({}, {}, {})
    by_id: dict[str, object] = {}
    by_title: dict[str, object] = {}
    for meeting in sorted((m for m in meetings if m.date <= as_of), key=lambda m: m.date):
        for action in meeting.actions:
            title = _title(action)
            if action.id is not None:
                key = by_id.get(action.id)
                if key is None:
                    # An earlier version without an id, of the same title, is this action.
                    earlier = by_title.get(title)
                    key = earlier if isinstance(earlier, tuple) and earlier[0] == "title" else None
                key = key if key is not None else ("id", action.id)
                by_id[action.id] = key
            else:
                key = by_title.get(title) or ("title", title)
            by_title[title] = key
            log.latest[key] = (action, meeting)
            log.first.setdefault(key, meeting.date)
            log.keys[id(action)] = key
    return log


def days_late(action: Action, as_of: date) -> int | None:
    """Days past the action's due date on `as_of`, or None when it is not late."""
    return (as_of - action.due).days if action.due is not None and action.due < as_of else None


def open_actions(meetings: Iterable[Meeting], as_of: date) -> list[OpenAction]:
    """Actions open as of a date, from meetings held on or before it.

    An action may be carried into later meetings, known by its id (or, where a version has
    none, by its title): its latest meeting's version (status, owner, due date) wins, and it
    keeps the date it was first raised. Sorted by due date (none last), then id.
    """
    log = latest_actions(meetings, as_of)
    found = [
        OpenAction(action, meeting, log.first[key], days_late(action, as_of))
        for key, (action, meeting) in log.latest.items()
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
