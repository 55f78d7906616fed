"""Governance computations behind the QBR and onboarding: actions, issues, health, timeboxes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

from vendorctl.compute.followups import open_actions, open_issues
from vendorctl.compute.governance import health_index, ranked_risks, risk_band, spend_lines
from vendorctl.compute.meetings import working_days_before
from vendorctl.model.records import HealthSide, Issue, Meeting
from vendorctl.model.vendor import Risk, Vendor
from vendorctl.reports.agenda import DURATION, ITEMS, timeboxes


def meeting(day: str, *actions: dict[str, Any]) -> Meeting:
    return Meeting.model_validate(
        {"date": day, "kind": "qbr", "tier": "management", "actions": list(actions)}
    )


def test_actions_are_carried_forward_by_id_with_their_latest_state() -> None:
    meetings = [
        meeting(
            "2026-04-10",
            {"id": "dr", "title": "DR test", "owner": "a", "due": "2026-06-30"},
            {"title": "Share roadmap", "owner": "b", "due": "2026-05-01"},
            {"id": "done", "title": "Done later", "owner": "a"},
        ),
        meeting(
            "2026-07-10",
            {"id": "dr", "title": "DR test", "owner": "c", "due": "2026-09-30"},
            {"id": "done", "title": "Done later", "owner": "a", "status": "done"},
        ),
        meeting("2026-12-01", {"id": "dr", "title": "DR test", "owner": "c", "status": "done"}),
    ]
    found = open_actions(meetings, date(2026, 10, 31))
    assert [(a.action.title, a.action.owner, a.days_overdue, a.first_raised) for a in found] == [
        ("Share roadmap", "b", 183, date(2026, 4, 10)),
        ("DR test", "c", 31, date(2026, 4, 10)),  # the later meeting's owner and due date win
    ]
    later = open_actions(meetings, date(2026, 12, 31))
    assert [a.action.title for a in later] == ["Share roadmap"]  # DR test done in December


def test_open_issues_with_age_and_escalation_level() -> None:
    issues = [
        Issue.model_validate({"id": "a", "title": "A", "opened": "2026-09-01", "severity": "low"}),
        Issue.model_validate(
            {
                "id": "b",
                "title": "B",
                "opened": "2026-08-01",
                "severity": "high",
                "escalations": [
                    {"date": "2026-08-10", "level": 2},
                    {"date": "2026-11-10", "level": 3},
                ],
            }
        ),
        Issue.model_validate(
            {
                "id": "c",
                "title": "C",
                "opened": "2026-01-01",
                "status": "resolved",
                "closed": "2026-02-01",
            }
        ),
        Issue.model_validate({"id": "d", "title": "D", "opened": "2026-11-01"}),
    ]
    found = open_issues(issues, date(2026, 10, 31))
    assert [(i.issue.id, i.age_days, i.level) for i in found] == [("b", 91, 2), ("a", 60, 0)]


def test_health_index_and_risk_ranking() -> None:
    side = HealthSide(trust=5, communication=4, commitment=3, collaboration=2, satisfaction=1)
    assert health_index(side) == D(50)
    assert health_index(
        side.model_copy(
            update={"trust": 1, "communication": 1, "commitment": 1, "collaboration": 1}
        )
    ) == D(0)
    risks = [
        Risk(id=i, title=i, likelihood=chance, impact=m)
        for i, chance, m in (("b", 2, 2), ("a", 4, 4), ("c", 5, 2), ("d", 1, 1))
    ]
    assert [r.id for r in ranked_risks(risks)] == ["a", "c", "b", "d"]
    assert [risk_band(s) for s in (4, 5, 9, 10, 15, 16, 25)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]


def test_spend_against_budget() -> None:
    vendor = Vendor.model_validate(
        {
            "id": "v",
            "name": "V",
            "segment": "tactical",
            "status": "active",
            "budget": [
                {"period": "2026", "budget": 800, "spend": 200},
                {"period": "2025", "budget": 100},
            ],
        }
    )
    lines = spend_lines(vendor)
    assert [(s.period, s.used) for s in lines] == [("2025", None), ("2026", D(25))]


def test_pre_read_is_two_working_days_before() -> None:
    assert working_days_before(date(2026, 11, 16), 2) == date(2026, 11, 12)  # Monday -> Thursday
    assert working_days_before(date(2026, 11, 18), 2) == date(2026, 11, 16)


def test_timeboxes_follow_the_segment_and_add_up() -> None:
    for minutes in DURATION.values():
        boxes = timeboxes(minutes, {})["items"]
        assert sum(b["minutes"] for b in boxes) == minutes
        assert [b["key"] for b in boxes] == [item.key for item in ITEMS]
        assert boxes[-1]["start"] + boxes[-1]["minutes"] == minutes
    assert [b["minutes"] for b in timeboxes(120, {})["items"]][:3] == [10, 7, 15]


def _minutes(minutes: int, **counts: int) -> dict[str, int]:
    return {b["key"]: b["minutes"] for b in timeboxes(minutes, counts)["items"]}


def test_time_boxes_follow_the_content() -> None:
    one, ten = _minutes(90, issues=1), _minutes(90, issues=10)
    assert ten["issues"] > one["issues"] * 2  # ten issues take longer, not ten times as long
    assert ten["issues"] < one["issues"] * 4
    assert sum(one.values()) == sum(ten.values()) == 90
    # Beyond sixteen things an item grows no further.
    assert _minutes(90, issues=16) == _minutes(90, issues=40)


def test_an_empty_item_is_left_off_with_a_line_and_the_agenda_may_end_early() -> None:
    agenda = timeboxes(45, {"risks": 0, "health": 0, "previous": 0})
    keys = [b["key"] for b in agenda["items"]]
    assert "risks" not in keys and "health" not in keys and "previous" not in keys
    assert agenda["skipped"] == [
        {"key": "previous", "title": ITEMS[0].title, "reason": "none is on record"},
        {"key": "risks", "title": "Top risks", "reason": "no open risk"},
        {"key": "health", "title": "Relationship health", "reason": "no health check on record"},
    ]
    # The items left need 80% of the 45 minutes, 36: the agenda ends at 40.
    assert sum(b["minutes"] for b in agenda["items"]) == 40
    assert min(b["minutes"] for b in agenda["items"]) >= 3
    # The summary and the wrap-up are always held, three minutes each at least.
    assert _minutes(45, **{i.key: 0 for i in ITEMS}) == {"summary": 3, "next": 3}


def test_an_action_is_followed_by_id_or_by_title_where_a_version_has_no_id() -> None:
    meetings = [
        meeting("2026-06-10", {"id": "team", "title": "Restore the team", "owner": "x"}),
        # Minutes that drop the id, then a later one that closes it by title.
        meeting("2026-07-15", {"title": "Restore  the TEAM", "owner": "x", "due": "2026-08-31"}),
        meeting("2026-09-16", {"title": "Restore the team", "owner": "x", "status": "done"}),
        # Another action with its own id and the same title stays apart.
        meeting("2026-09-17", {"id": "team-2", "title": "Restore the team", "owner": "y"}),
    ]
    found = open_actions(meetings, date(2026, 10, 31))
    assert [(a.action.id, a.action.owner, a.first_raised) for a in found] == [
        ("team-2", "y", date(2026, 9, 17))
    ]
