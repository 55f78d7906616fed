"""Claim deadlines in the calendar feeds (issue 17, section 3): `calendar --ics` and
`renewals --ics` carry the claim-by date of every service credit not claimed yet, as an all-day
event with a reminder when the claim falls due soon, the same bytes for the same data.

The test portfolio's contract `acme-msa` earns EUR 1,500.00 for 2026-09, to claim by 2026-10-30.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import Run

CLAIMS = "vendors/acme/claims.yaml"
MSA = "vendors/acme/contracts/msa.yaml"
VENDOR = "vendors/acme/vendor.yaml"
UID = "credit-claim-acme-acme-msa-2026-09@vendorctl"
SUMMARY = "Claim service credit: Acme Hosting, acme-msa 2026-09 (EUR 1,500.00)"
DESCRIPTION = (
    "Contract acme-msa (Hosting agreement) earned a service credit of 15% for 2026-09: EUR 1,500.00. "
    "Claim it by 2026-10-30 (30 days after the window ended). Draft and record the claim: "
    "vendorctl claim acme --contract acme-msa --window 2026-09 --record"
)


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def unclaimed(portfolio: Path) -> Path:
    """The test portfolio with no claim recorded: the 2026-09 credit is still to claim."""
    (portfolio / CLAIMS).write_text("claims: []\n", encoding="utf-8")
    return portfolio


def feed(run: Run, root: Path, tmp_path: Path, *args: str, command: str = "calendar") -> bytes:
    target = tmp_path / f"{command}.ics"
    result = run(command, "--ics", target, "--root", root, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return target.read_bytes()


def claim_events(data: bytes) -> dict[str, Any]:
    events = Calendar.from_ical(data).walk("VEVENT")
    return {str(e["uid"]): e for e in events if str(e["uid"]).startswith("credit-claim-")}


@pytest.mark.parametrize("command", ["calendar", "renewals"])
def test_an_unclaimed_credit_is_an_all_day_event_with_a_reminder(
    run: Run, unclaimed: Path, tmp_path: Path, command: str
) -> None:
    data = feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01", command=command)
    (event,) = claim_events(data).values()
    assert str(event["uid"]) == UID
    assert event["dtstart"].dt == date(2026, 10, 30)  # a date, not a time: all day
    assert event["dtend"].dt == date(2026, 10, 31)
    assert str(event["summary"]) == SUMMARY
    assert str(event["description"]) == DESCRIPTION
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt.days == -14  # when `credit_claim_warning` opens
    assert str(alarm["action"]) == "DISPLAY" and str(alarm["description"]) == SUMMARY


def test_the_event_is_written_exactly(run: Run, unclaimed: Path, tmp_path: Path) -> None:
    data = feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01").decode("utf-8")
    start = data.index("BEGIN:VEVENT\r\nSUMMARY:Claim service credit")
    assert data[start : data.index("END:VEVENT\r\n", start)].split("\r\n") == [
        "BEGIN:VEVENT",
        "SUMMARY:Claim service credit: Acme Hosting\\, acme-msa 2026-09 (EUR 1\\,500.",
        " 00)",
        "DTSTART;VALUE=DATE:20261030",
        "DTEND;VALUE=DATE:20261031",
        "DTSTAMP:20261001T000000Z",
        "UID:credit-claim-acme-acme-msa-2026-09@vendorctl",
        "DESCRIPTION:Contract acme-msa (Hosting agreement) earned a service credit ",
        " of 15% for 2026-09: EUR 1\\,500.00. Claim it by 2026-10-30 (30 days after t",
        " he window ended). Draft and record the claim: vendorctl claim acme --contr",
        " act acme-msa --window 2026-09 --record",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Claim service credit: Acme Hosting\\, acme-msa 2026-09 (EUR 1\\,",
        " 500.00)",
        "TRIGGER:-P14D",
        "END:VALARM",
        "",
    ]


def test_the_same_data_gives_the_same_bytes(run: Run, unclaimed: Path, tmp_path: Path) -> None:
    first = feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01")
    assert feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01") == first
    # Later, due soon now: the event is the same but for the stamp, which is the as-of date.
    later = claim_events(feed(run, unclaimed, tmp_path, "--as-of", "2026-10-20"))[UID]
    earlier = claim_events(first)[UID]
    assert earlier.to_ical().replace(b"20261001T000000Z", b"20261020T000000Z") == later.to_ical()


@pytest.mark.parametrize(
    ("as_of", "listed"),
    [
        ("2026-09-29", False),  # the window has not ended: nothing earned yet
        ("2026-09-30", True),  # to claim
        ("2026-10-16", True),  # due soon, 14 days left
        ("2026-10-30", True),  # the claim-by date itself: still claimable that day
        ("2026-10-31", False),  # lapsed: no deadline left to remind of
    ],
)
def test_the_event_lasts_while_the_credit_can_be_claimed(
    run: Run, unclaimed: Path, tmp_path: Path, as_of: str, listed: bool
) -> None:
    found = claim_events(feed(run, unclaimed, tmp_path, "--as-of", as_of))
    assert list(found) == ([UID] if listed else [])


@pytest.mark.parametrize(
    "entry",
    [
        "    claimed_on: 2026-10-05\n",
        "    claimed_on: 2026-10-05\n    status: disputed\n",
        "    claimed_on: 2026-10-05\n    status: received\n    received_on: 2026-10-20\n",
        "    status: waived\n",
    ],
)
def test_a_recorded_claim_takes_the_deadline_off_the_calendar(
    run: Run, portfolio: Path, tmp_path: Path, entry: str
) -> None:
    claims = "claims:\n  - contract: acme-msa\n    window: 2026-09\n" + entry
    (portfolio / CLAIMS).write_text(claims, encoding="utf-8")
    assert claim_events(feed(run, portfolio, tmp_path, "--as-of", "2026-10-10")) == {}


def test_within_keeps_the_deadlines_that_fall_due_in_time(
    run: Run, unclaimed: Path, tmp_path: Path
) -> None:
    args = ("--as-of", "2026-10-01", "--within")
    assert claim_events(feed(run, unclaimed, tmp_path, *args, "28")) == {}
    assert list(claim_events(feed(run, unclaimed, tmp_path, *args, "29"))) == [UID]


def test_the_reminder_follows_the_warning_window(run: Run, unclaimed: Path, tmp_path: Path) -> None:
    settings = unclaimed / "vendorctl.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "governance:\n  credit_claim_warning: 1 month\n",
        encoding="utf-8",
    )
    event = claim_events(feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01"))[UID]
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt.days == -30  # 2026-09-30 to 2026-10-30


@pytest.mark.parametrize(("status", "listed"), [("exited", True), ("prospect", False)])
def test_an_exited_vendor_still_owes_what_it_earned(
    run: Run, unclaimed: Path, tmp_path: Path, status: str, listed: bool
) -> None:
    edit(unclaimed, VENDOR, "status: active", f"status: {status}")
    found = claim_events(feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01"))
    assert list(found) == ([UID] if listed else [])


def test_without_charges_the_event_names_the_percent(
    run: Run, unclaimed: Path, tmp_path: Path
) -> None:
    edit(unclaimed, MSA, "monthly_charge: 10000\n", "")
    event = claim_events(feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01"))[UID]
    assert str(event["summary"]) == (
        "Claim service credit: Acme Hosting, acme-msa 2026-09 (15% of the window's charges)"
    )


def test_a_credit_without_a_claim_period_has_no_deadline_to_show(
    run: Run, unclaimed: Path, tmp_path: Path
) -> None:
    edit(unclaimed, MSA, "claim_period: 30 days\n", "")
    assert claim_events(feed(run, unclaimed, tmp_path, "--as-of", "2026-10-01")) == {}
