"""The notice-deadline engine (hand-computed cases), the renewals and calendar commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import REPO, Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint
from vendorctl.compute.renewals import by_urgency, renewal, term_end
from vendorctl.model.base import Duration
from vendorctl.model.contract import Contract

WARNING, BUFFER = Duration(90, "day"), Duration(30, "day")


def contract(**fields: Any) -> Contract:
    return Contract.model_validate(
        {"id": "c", "title": "C", "kind": "msa", "start": "2024-01-01", **fields}
    )


def at(day: str, **fields: Any) -> Any:
    return renewal("v", contract(**fields), date.fromisoformat(day), WARNING, BUFFER)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2026-06-01", "ok"),
        ("2026-07-03", "ok"),
        ("2026-07-04", "decide"),
        ("2026-10-02", "decide"),
        ("2026-10-03", "notice-passed"),
        ("2026-12-31", "notice-passed"),
        ("2027-01-01", "expired"),
    ],
)
def test_fixed_term_through_its_life(day: str, status: str) -> None:
    found = at(day, end="2026-12-31", notice_period="90 days")
    assert (found.notice_deadline, found.decision_date, found.status) == (
        date(2026, 10, 2),
        date(2026, 9, 2),
        status,
    )


def test_auto_renewal_rolled_twice_with_month_end_notice() -> None:
    terms = {
        "end": "2024-12-31",
        "auto_renew": True,
        "renewal_term": "12 months",
        "notice_period": "3 months",
    }
    found = at("2026-05-01", **terms)
    assert (found.term_end, found.rolled, found.notice_deadline, found.status) == (
        date(2026, 12, 31),
        2,
        date(2026, 9, 30),
        "ok",
    )
    passed = at("2026-10-15", **terms)
    assert (passed.status, passed.term_end, passed.next_notice_deadline) == (
        "notice-passed",
        date(2026, 12, 31),
        date(2027, 9, 30),
    )
    assert passed.days_left == (date(2027, 9, 30) - date(2026, 10, 15)).days
    assert at("2027-01-01", **terms).term_end == date(2027, 12, 31)  # never expires


def test_notice_period_longer_than_the_remaining_term() -> None:
    found = at("2026-10-01", end="2026-11-30", notice_period="6 months")
    assert (found.notice_deadline, found.status) == (date(2026, 5, 31), "notice-passed")


def test_end_of_february_and_leap_years() -> None:
    terms = {
        "end": "2027-02-28",
        "auto_renew": True,
        "renewal_term": "12 months",
        "notice_period": "1 month",
    }
    assert term_end(contract(**terms), date(2027, 3, 1)) == (date(2028, 2, 29), 1)
    assert term_end(contract(**terms), date(2028, 3, 1)) == (date(2029, 2, 28), 2)
    assert at("2027-03-01", **terms).notice_deadline == date(2028, 1, 31)
    assert at("2027-01-01", end="2028-02-29", notice_period="9 months").notice_deadline == date(
        2027, 5, 31
    )


def test_roll_over_never_drifts_from_the_original_day() -> None:
    terms = {"end": "2024-01-30", "auto_renew": True, "renewal_term": "1 month"}
    assert term_end(contract(**terms), date(2024, 2, 15))[0] == date(2024, 2, 29)  # clamped
    assert term_end(contract(**terms), date(2024, 3, 15))[0] == date(2024, 3, 30)  # not 31


@pytest.mark.parametrize(
    ("start", "duration", "sign", "expected"),
    [
        ("2026-01-31", Duration(1, "month"), 1, "2026-02-28"),
        ("2026-02-28", Duration(1, "month"), 1, "2026-03-31"),  # month end to month end
        ("2024-02-29", Duration(1, "year"), 1, "2025-02-28"),
        ("2026-03-15", Duration(1, "month"), -1, "2026-02-15"),
        ("2026-03-31", Duration(1, "month"), -1, "2026-02-28"),
        ("2026-03-01", Duration(1, "day"), -1, "2026-02-28"),
        ("2024-03-01", Duration(2, "week"), -1, "2024-02-16"),
    ],
)
def test_calendar_arithmetic(start: str, duration: Duration, sign: int, expected: str) -> None:
    assert duration.add_to(date.fromisoformat(start), sign) == date.fromisoformat(expected)


def test_evergreen_contracts_have_no_deadline() -> None:
    found = at("2026-10-01", notice_period="90 days")
    assert (found.status, found.term_end, found.notice_deadline, found.days_left) == (
        "evergreen",
        None,
        None,
        None,
    )


def test_urgency_order() -> None:
    items = [
        at("2026-10-01", id="ok", end="2027-12-31", notice_period="30 days"),
        at("2026-10-01", id="gone", end="2026-01-31"),
        at("2026-10-01", id="soon", end="2026-12-31", notice_period="30 days"),
        at("2026-10-01", id="passed", end="2026-12-31", notice_period="6 months"),
        at("2026-10-01", id="forever"),
    ]
    assert [r.contract.id for r in by_urgency(items)] == ["soon", "passed", "ok", "forever", "gone"]


def test_renewals_command_formats(run: Run, tmp_path: Path) -> None:
    text = run("renewals", "--root", REPO)
    assert text.exit_code == 0
    assert text.lines[0] == "Renewals as of 2026-10-31"
    data = json.loads(run("renewals", "--root", REPO, "--format", "json").stdout)
    rows = {row["contract"]: row for row in data["contracts"]}
    expected = {
        "status": "ok",
        "term_end": "2027-04-30",
        "notice_deadline": "2027-01-30",
        "decision_date": "2026-12-31",
        "auto_renew": True,
        "days_left": 91,
    }
    crm = rows["pipeline-crm-subscription"]
    assert {key: crm[key] for key in expected} == expected
    assert [row["status"] for row in data["contracts"]][:5] == ["decide"] * 5
    within = json.loads(run("renewals", "--root", REPO, "-f", "json", "--within", "100").stdout)
    assert [r["contract"] for r in within["contracts"]] == [
        "sentinel-ir-retainer",
        "meridian-mobile-failover",  # rolling: can end 2027-03-31, notice to a quarter end
        "meridian-sip",
        "meridian-wan",
        "nimbus-dr-sow",
        "sentinel-mdr",
        "pipeline-crm-subscription",
    ]
    markdown = run("renewals", "--root", REPO, "--format", "md")
    assert_tables_keep_their_shape(markdown.stdout)
    (tmp_path / "renewals.md").write_text(markdown.stdout, encoding="utf-8")
    assert lint([tmp_path / "renewals.md"]) == ""


def test_ics_feeds_are_valid_deterministic_and_stable(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("calendar", "--ics", first, "--root", REPO).exit_code == 0
    assert run("calendar", "--ics", second, "--root", REPO).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    calendar = Calendar.from_ical(first.read_bytes())
    events = calendar.walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids)) > 10
    assert "notice-sentinel-ir-retainer-2026-12-01@vendorctl" in uids
    assert "meeting-nimbus-cloud-service-review-2026-11-21@vendorctl" in uids
    assert {e["dtstamp"].dt.isoformat() for e in events} == {"2026-10-31T00:00:00+00:00"}
    notice = next(e for e in events if str(e["uid"]).startswith("notice-sentinel-ir"))
    assert notice["dtstart"].dt == date(2026, 12, 1)  # an all-day event
    assert str(notice["summary"]).startswith("Notice deadline: Incident response retainer")
    (alarm,) = notice.walk("VALARM")
    assert alarm["trigger"].dt.days == -14
    only_deadlines = tmp_path / "r.ics"
    assert run("renewals", "--ics", only_deadlines, "--root", REPO).exit_code == 0
    assert b"meeting-" not in only_deadlines.read_bytes()
    assert b"notice-sentinel-ir-retainer" in only_deadlines.read_bytes()


def test_overdue_meetings_fall_on_the_as_of_date(run: Run, portfolio: Path, tmp_path: Path) -> None:
    (portfolio / "vendors/acme/meetings/2026-10-15-service-review.yaml").unlink()
    target = tmp_path / "c.ics"
    assert run("calendar", "--ics", target, "--root", portfolio, "--within", "30").exit_code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    summaries = {str(e["summary"]): e["dtstart"].dt for e in events}
    assert summaries == {"Service review due: Acme Hosting (overdue)": date(2026, 10, 31)}


def test_next_notice_deadline_when_notice_outlasts_the_renewal_term() -> None:
    found = at(
        "2027-02-10",
        start="2026-01-01",
        end="2026-11-30",
        auto_renew=True,
        renewal_term="1 month",
        notice_period="3 months",
    )
    assert (found.status, found.term_end, found.next_notice_deadline) == (
        "notice-passed",
        date(2027, 2, 28),
        date(2027, 2, 28),  # for the term ending 2027-05-31
    )


def test_within_keeps_only_what_falls_due_in_the_window(run: Run) -> None:
    data = json.loads(run("renewals", "--within", "0", "-f", "json", "--root", REPO).stdout)
    assert data["contracts"] == []
    data = json.loads(run("renewals", "--within", "31", "-f", "json", "--root", REPO).stdout)
    assert [r["contract"] for r in data["contracts"]] == ["sentinel-ir-retainer"]
