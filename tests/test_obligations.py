"""The obligations register and the dispute resolution ladder (issue 18, sections 4 and 5).

A recurring obligation falls due on `first_due`, then every `every` after it, each due date
computed from `first_due` (month ends stay month ends, no drift). Each `done` date meets one due
date: the nearer of the two around it, or the one passed and not met while the next has not come;
after the due date it meets it late. The latest due date passed and not met is overdue
(`obligation-overdue`); earlier ones not met were missed. The test portfolio's contract `acme-msa`
runs on (auto-renewing, decision `renew`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint

MSA = "vendors/acme/contracts/msa.yaml"
MONTHLY = """obligations:
  - id: monthly-report
    title: Monthly service report
    side: vendor
    owner: vera
    every: 1 month
    first_due: {first}
    clause: "Schedule 2, 4.1"
    done: [{done}]
"""
LADDER = """dispute_resolution:
  description: Governance board, then mediation, then the courts of Amsterdam.
  tiers:
    - {level: 1, forum: Governance board, within: 30 days}
    - {level: 2, forum: Mediation, within: 60 days}
    - {level: 3, forum: Courts of Amsterdam}
"""


def add(root: Path, text: str) -> Path:
    """The contract `acme-msa` with `text` (top-level keys) added at its end."""
    path = root / MSA
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root


def monthly(root: Path, done: str, first: str = "2026-07-10") -> Path:
    """A monthly vendor report due from `first`, done on the dates `done` (comma-separated)."""
    return add(root, MONTHLY.format(first=first, done=done))


def validate(run: Run, root: Path, as_of: str) -> list[str]:
    """validate's diagnostic lines (its summary left out)."""
    result = run("validate", "--root", root, "--as-of", as_of)
    assert result.exit_code in (0, 1), result.stderr
    return result.lines[:-1]


def overdue(lines: list[str]) -> list[str]:
    return [line for line in lines if line.endswith("[obligation-overdue]")]


def qbr(run: Run, root: Path, as_of: str, *args: str) -> dict[str, Any]:
    result = run("qbr", "acme", "--root", root, "--as-of", as_of, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def rows(run: Run, root: Path, as_of: str) -> dict[str, tuple[str, str]]:
    """Each obligation's record and where it stands now, as the QBR gives them."""
    return {r["id"]: (r["record"], r["now"]) for r in qbr(run, root, as_of)["obligations"]}


def markdown(run: Run, *args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- due dates, met, late, missed, overdue -----------------------------------------------------


@pytest.mark.parametrize(
    ("done", "as_of", "record", "now"),
    [
        # The due date itself: due today, not late; the done date on it meets it on time.
        ("2026-07-09", "2026-08-10", "on time for 1 month so far", "due 2026-08-10"),
        ("2026-07-09, 2026-08-10", "2026-08-10", "on time for 1 month so far", "due 2026-09-10"),
        ("2026-07-09, 2026-08-10", "2026-08-11", "on time for 2 months so far", "due 2026-09-10"),
        # One day late: late, not overdue.
        (
            "2026-07-09, 2026-08-10, 2026-09-11",
            "2026-09-11",
            "late 1 of 3 months so far",
            "due 2026-10-10",
        ),
        # Not done the day after: overdue.
        (
            "2026-07-09, 2026-08-10",
            "2026-09-11",
            "missed 1 of 3 months so far",
            "overdue 1 day (due 2026-09-10)",
        ),
        # The late report met September's due date, not October's: October is overdue.
        (
            "2026-07-09, 2026-08-10, 2026-09-11",
            "2026-10-11",
            "late 1, missed 1 of 4 months so far",
            "overdue 1 day (due 2026-10-10)",
        ),
        # September missed, October's done early: nothing overdue, one missed on the record.
        (
            "2026-07-09, 2026-08-10, 2026-10-05",
            "2026-10-20",
            "missed 1 of 4 months so far",
            "due 2026-11-10",
        ),
        # While October has not come, a done date late in September makes September good, late.
        (
            "2026-07-09, 2026-08-10, 2026-09-26",
            "2026-09-27",
            "late 1 of 3 months so far",
            "due 2026-10-10",
        ),
        # A done date recorded ahead of the as-of date does not count yet.
        (
            "2026-07-09, 2026-08-20",
            "2026-08-11",
            "missed 1 of 2 months so far",
            "overdue 1 day (due 2026-08-10)",
        ),
        ("", "2026-07-01", "none due yet", "due 2026-07-10"),
    ],
)
def test_a_recurring_obligation_met_late_missed_or_overdue(
    run: Run, portfolio: Path, done: str, as_of: str, record: str, now: str
) -> None:
    monthly(portfolio, done)
    assert rows(run, portfolio, as_of) == {"monthly-report": (record, now)}
    warned = overdue(validate(run, portfolio, as_of))
    assert len(warned) == (1 if now.startswith("overdue") else 0)


def test_the_record_counts_the_last_six_due_dates(run: Run, portfolio: Path) -> None:
    # Due the 10th from January: April 3, June 5 and July 4 days late; February (late) is older.
    done = "2026-01-10, 2026-02-12, 2026-03-10, 2026-04-13, 2026-05-09, 2026-06-15, 2026-07-14"
    monthly(portfolio, f"{done}, 2026-08-10", first="2026-01-10")
    text = markdown(run, "qbr", "acme", "--root", portfolio, "--as-of", "2026-08-20")
    assert (
        "| Monthly service report (clause Schedule 2, 4.1) | vendor: Vera Vendor | acme-msa | "
        "every 1 month from 2026-01-10 | late 3 of the last 6 months | due 2026-09-10 |"
    ) in text.splitlines()
    assert overdue(validate(run, portfolio, "2026-08-20")) == []


def test_the_policy_names_the_obligation_side_owner_due_date_days_and_clause(
    run: Run, portfolio: Path
) -> None:
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-11")
    assert overdue(validate(run, portfolio, "2026-10-31")) == [
        f"{MSA}:27:5: warning: obligation `monthly-report` (Monthly service report), owed by the "
        "vendor side (Vera Vendor), was due on 2026-10-10 and is 21 days overdue (contract "
        "`acme-msa`, clause Schedule 2, 4.1); once it is done, add the date to its `done:` list "
        "[obligation-overdue]"
    ]


@pytest.mark.parametrize(
    ("done", "said"),
    [
        ("", ""),
        (", 2027-10-09", "; a done date after the as-of date does not count yet: 2027-10-09"),
        (
            ", 2027-11-09, 2027-10-09, 2027-11-09",
            "; done dates after the as-of date do not count yet: 2027-10-09, 2027-11-09",
        ),
    ],
)
def test_the_policy_says_when_a_done_date_after_the_as_of_date_does_not_count_yet(
    run: Run, portfolio: Path, done: str, said: str
) -> None:
    # October's report recorded with a mistyped year (2027 for 2026).
    monthly(portfolio, f"2026-07-09, 2026-08-10, 2026-09-11{done}")
    assert overdue(validate(run, portfolio, "2026-10-31")) == [
        f"{MSA}:27:5: warning: obligation `monthly-report` (Monthly service report), owed by the "
        "vendor side (Vera Vendor), was due on 2026-10-10 and is 21 days overdue (contract "
        f"`acme-msa`, clause Schedule 2, 4.1){said}; once it is done, add the date to its "
        "`done:` list [obligation-overdue]"
    ]


def test_a_done_date_ahead_says_nothing_while_nothing_is_overdue(run: Run, portfolio: Path) -> None:
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-11, 2026-10-09, 2027-11-09")
    assert overdue(validate(run, portfolio, "2026-10-31")) == []


ONE_OFF = """obligations:
  - id: exit-plan
    title: Exit plan
    side: internal
    owner: carl
    due: 2026-11-30
    done: [{done}]
"""


@pytest.mark.parametrize(
    ("done", "as_of", "record", "now"),
    [
        ("", "2026-11-30", "not due yet", "due 2026-11-30"),
        ("", "2026-12-01", "not done", "overdue 1 day (due 2026-11-30)"),
        ("2026-11-30", "2026-12-01", "done 2026-11-30", "nothing due"),
        ("2026-11-20", "2026-11-21", "done 2026-11-20", "nothing due"),
        ("2026-12-03", "2026-12-05", "done 2026-12-03, 3 days late", "nothing due"),
    ],
)
def test_a_one_off_obligation(
    run: Run, portfolio: Path, done: str, as_of: str, record: str, now: str
) -> None:
    add(portfolio, ONE_OFF.format(done=done))
    assert rows(run, portfolio, as_of) == {"exit-plan": (record, now)}
    assert len(overdue(validate(run, portfolio, as_of))) == (1 if now.startswith("over") else 0)


# --- the calendar: month ends, leap years, the contract's end ----------------------------------


def feed(
    run: Run, root: Path, tmp_path: Path, as_of: str, within: int = 366, command: str = "calendar"
) -> bytes:
    target = tmp_path / f"{command}.ics"
    result = run(
        command, "--ics", target, "--root", root, "--as-of", as_of, "--within", str(within)
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    return target.read_bytes()


def due_dates(data: bytes) -> list[date]:
    """The due dates ahead on the calendar (an overdue one, moved to the as-of date, left out)."""
    events = Calendar.from_ical(data).walk("VEVENT")
    found = [
        e
        for e in events
        if str(e["uid"]).startswith("obligation-")
        and not str(e["summary"]).startswith("Obligation overdue")
    ]
    for event in found:
        assert (
            str(event["uid"])
            == f"obligation-acme-msa-monthly-report-{event['dtstart'].dt}@vendorctl"
        )
        assert event["dtend"].dt - event["dtstart"].dt == date(2026, 1, 2) - date(2026, 1, 1)
    return sorted(e["dtstart"].dt for e in found)


def test_month_ends_stay_month_ends_into_a_leap_february(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    monthly(portfolio, "", first="2027-01-31")
    assert due_dates(feed(run, portfolio, tmp_path, "2027-01-01", within=425)) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
        date(2027, 7, 31),
        date(2027, 8, 31),
        date(2027, 9, 30),
        date(2027, 10, 31),
        date(2027, 11, 30),
        date(2027, 12, 31),
        date(2028, 1, 31),
        date(2028, 2, 29),
    ]


def test_a_day_clamped_in_february_does_not_drift(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    monthly(portfolio, "", first="2027-01-30")
    assert due_dates(feed(run, portfolio, tmp_path, "2027-01-01", within=90)) == [
        date(2027, 1, 30),
        date(2027, 2, 28),
        date(2027, 3, 30),
    ]


@pytest.mark.parametrize(
    ("every", "first", "as_of", "within", "expected"),
    [
        ("1 year", "2024-02-29", "2026-12-01", 1000, ["2027-02-28", "2028-02-29", "2029-02-28"]),
        ("2 weeks", "2026-12-28", "2026-12-01", 60, ["2026-12-28", "2027-01-11", "2027-01-25"]),
        ("3 months", "2026-11-30", "2026-11-01", 220, ["2026-11-30", "2027-02-28", "2027-05-31"]),
    ],
)
def test_other_schedules_across_year_ends_and_leap_years(
    run: Run,
    portfolio: Path,
    tmp_path: Path,
    every: str,
    first: str,
    as_of: str,
    within: int,
    expected: list[str],
) -> None:
    monthly(portfolio, "", first=first)
    path = portfolio / MSA
    text = path.read_text().replace("every: 1 month", f"every: {every}")
    # From a contract started before the leap day 2024-02-29 (a first due date before the
    # start is an error).
    path.write_text(text.replace("start: 2025-01-01", "start: 2024-01-01"))
    found = due_dates(feed(run, portfolio, tmp_path, as_of, within=within))
    assert found == [date.fromisoformat(d) for d in expected]


def test_due_dates_end_with_the_contract_and_one_done_early_leaves_the_calendar(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    path = portfolio / MSA
    text = path.read_text().replace("auto_renew: true\nrenewal_term: 12 months\n", "")
    path.write_text(text)  # the contract ends on 2026-12-31 now
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-10, 2026-10-10")
    assert due_dates(feed(run, portfolio, tmp_path, "2026-11-01")) == [
        date(2026, 11, 10),
        date(2026, 12, 10),
    ]
    path.write_text(path.read_text().replace("2026-10-10]", "2026-10-10, 2026-11-02]"))
    assert due_dates(feed(run, portfolio, tmp_path, "2026-11-03")) == [date(2026, 12, 10)]


def test_the_event_is_written_exactly_and_the_same_for_the_same_data(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-11, 2026-10-09")
    data = feed(run, portfolio, tmp_path, "2026-10-20", within=30)
    text = data.decode("utf-8")
    start = text.index("BEGIN:VEVENT\r\nSUMMARY:Obligation due")
    assert text[start : text.index("END:VEVENT\r\n", start)].split("\r\n") == [
        "BEGIN:VEVENT",
        "SUMMARY:Obligation due: Monthly service report (Acme Hosting\\, vendor side",
        " )",
        "DTSTART;VALUE=DATE:20261110",
        "DTEND;VALUE=DATE:20261111",
        "DTSTAMP:20261020T000000Z",
        "UID:obligation-acme-msa-monthly-report-2026-11-10@vendorctl",
        "DESCRIPTION:Contract acme-msa (Hosting agreement)\\, clause Schedule 2\\, 4.",
        " 1: owed by the vendor side (Vera Vendor)\\, every 1 month from 2026-07-10. ",
        " Once it is done\\, add the date to the `done:` list of obligation monthly-r",
        " eport in vendors/acme/contracts/msa.yaml.",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Obligation due: Monthly service report (Acme Hosting\\, vendor ",
        " side)",
        "TRIGGER:-P7D",
        "END:VALARM",
        "",
    ]
    assert feed(run, portfolio, tmp_path, "2026-10-20", within=30) == data
    # A week later the event reads the same but for its stamp, the as-of date.
    later = feed(run, portfolio, tmp_path, "2026-10-27", within=30).decode("utf-8")
    event = text[start : text.index("END:VEVENT\r\n", start)]
    assert event.replace("20261020T000000Z", "20261027T000000Z") in later
    # `renewals --ics` carries it too (it leaves out only the meetings).
    assert event in feed(run, portfolio, tmp_path, "2026-10-20", 30, "renewals").decode("utf-8")


def obligation_events(data: bytes) -> list[tuple[str, date, str]]:
    """The obligation events of a feed: UID, date and summary, by date."""
    events = Calendar.from_ical(data).walk("VEVENT")
    found = [
        (str(e["uid"]), e["dtstart"].dt, str(e["summary"]))
        for e in events
        if str(e["uid"]).startswith("obligation-")
    ]
    return sorted(found, key=lambda e: (e[1], e[0]))


REPORT_UID = "obligation-acme-msa-monthly-report-{}@vendorctl"
REPORT_DUE = "Obligation due: Monthly service report (Acme Hosting, vendor side)"


def test_an_overdue_obligation_stays_on_the_calendar_on_the_as_of_date(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    # September's report met late, October's not done.
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-11")
    scheduled = (REPORT_UID.format("2026-10-10"), date(2026, 10, 10), REPORT_DUE)
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-10-01", within=20)) == [scheduled]
    # On its due date it is due today, not overdue: the event stays where it was scheduled.
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-10-10", within=20)) == [scheduled]
    # The day after, the same event (its UID the due date's) moves to the as-of date.
    overdue_since = "Obligation overdue since 2026-10-10: Monthly service report (Acme Hosting, "
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-10-11", within=20)) == [
        (REPORT_UID.format("2026-10-10"), date(2026, 10, 11), f"{overdue_since}vendor side)")
    ]
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-10-31", within=20)) == [
        (REPORT_UID.format("2026-10-10"), date(2026, 10, 31), f"{overdue_since}vendor side)"),
        (REPORT_UID.format("2026-11-10"), date(2026, 11, 10), REPORT_DUE),
    ]
    # Done late: the overdue event leaves the calendar.
    path = portfolio / MSA
    path.write_text(path.read_text().replace("2026-09-11]", "2026-09-11, 2026-11-02]"))
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-11-03", within=20)) == [
        (REPORT_UID.format("2026-11-10"), date(2026, 11, 10), REPORT_DUE)
    ]


def test_only_the_latest_due_date_missed_is_overdue_on_the_calendar(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    # August and September were missed; October's is the one overdue.
    monthly(portfolio, "2026-07-09")
    assert obligation_events(feed(run, portfolio, tmp_path, "2026-10-31", within=5)) == [
        (
            REPORT_UID.format("2026-10-10"),
            date(2026, 10, 31),
            "Obligation overdue since 2026-10-10: Monthly service report (Acme Hosting, "
            "vendor side)",
        )
    ]


def test_the_overdue_event_is_written_exactly_and_the_same_until_it_is_done(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    monthly(portfolio, "2026-07-09, 2026-08-10, 2026-09-11")
    text = feed(run, portfolio, tmp_path, "2026-10-31", within=5).decode("utf-8")
    start = text.index("BEGIN:VEVENT\r\nSUMMARY:Obligation overdue")
    event = text[start : text.index("END:VEVENT\r\n", start)]
    assert event.split("\r\n") == [
        "BEGIN:VEVENT",
        "SUMMARY:Obligation overdue since 2026-10-10: Monthly service report (Acme ",
        " Hosting\\, vendor side)",
        "DTSTART;VALUE=DATE:20261031",
        "DTEND;VALUE=DATE:20261101",
        "DTSTAMP:20261031T000000Z",
        "UID:obligation-acme-msa-monthly-report-2026-10-10@vendorctl",
        "DESCRIPTION:Contract acme-msa (Hosting agreement)\\, clause Schedule 2\\, 4.",
        " 1: owed by the vendor side (Vera Vendor)\\, every 1 month from 2026-07-10. ",
        " It was due on 2026-10-10. Once it is done\\, add the date to the `done:` li",
        " st of obligation monthly-report in vendors/acme/contracts/msa.yaml.",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Obligation overdue since 2026-10-10: Monthly service report (A",
        " cme Hosting\\, vendor side)",
        "TRIGGER:-P7D",
        "END:VALARM",
        "",
    ]
    # A day later only the date and the stamp move; `renewals --ics` carries it too.
    later = feed(run, portfolio, tmp_path, "2026-11-01", within=5).decode("utf-8")
    moved = event.replace("20261031T000000Z", "20261101T000000Z")
    moved = moved.replace("DATE:20261101\r\n", "DATE:20261102\r\n")
    moved = moved.replace("DATE:20261031\r\n", "DATE:20261101\r\n")
    assert moved in later
    assert event in feed(run, portfolio, tmp_path, "2026-10-31", 5, "renewals").decode("utf-8")


# --- show, the QBR, the onboarding pack ---------------------------------------------------------

BOTH_SIDES = """obligations:
  - id: monthly-report
    title: Monthly service report
    side: vendor
    owner: vera
    every: 1 month
    first_due: 2026-07-10
    clause: "Schedule 2, 4.1"
    done: [2026-07-09, 2026-08-10, 2026-09-11]
  - id: forecast
    title: Volume forecast
    side: internal
    owner: otto
    every: 3 months
    first_due: 2026-03-31
    done: [2026-03-31, 2026-06-30, 2026-10-02]
  - id: data-processing
    title: Data processing agreement signed
    side: internal
    due: 2025-02-01
    done: [2025-01-20]
"""


def test_show_lists_what_is_overdue_then_what_is_due(run: Run, portfolio: Path) -> None:
    add(portfolio, BOTH_SIDES)
    text = markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-10-20", "-f", "md")
    section = text[text.index("## Obligations") : text.index("## Open actions")]
    assert section.splitlines() == [
        "## Obligations",
        "",
        "| Obligation | Owed by | Contract | Due | Overdue | Record |",
        "| --- | --- | --- | --- | ---: | --- |",
        "| Monthly service report | vendor: Vera Vendor | acme-msa | 2026-10-10 | 10 days | "
        "late 1, missed 1 of 4 months so far |",
        "| Volume forecast | internal: Otto Ops | acme-msa | 2026-12-31 | — | "
        "late 1 of 3 quarters so far |",
        "",
    ]
    data = json.loads(
        markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-10-20", "-f", "json")
    )
    assert [(o["id"], o["due"], o["days_overdue"]) for o in data["obligations"]] == [
        ("monthly-report", "2026-10-10", 10),
        ("forecast", "2026-12-31", None),
    ]
    terminal = markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-10-20")
    assert [line.split()[:3] for line in terminal.splitlines() if "acme-msa" in line] == [
        ["Monthly", "service", "report"],
        ["Volume", "forecast", "internal:"],
    ]


def test_show_says_so_when_nothing_is_due(run: Run, portfolio: Path) -> None:
    text = markdown(run, "show", "acme", "--root", portfolio, "-f", "md")
    assert "## Obligations\n\nNo obligation is due or overdue.\n" in text


def test_the_qbr_gives_both_sides_their_record_in_the_commercial_item(
    run: Run, portfolio: Path
) -> None:
    add(portfolio, BOTH_SIDES)
    for audience in ("internal", "vendor"):
        text = markdown(
            run, "qbr", "acme", "--root", portfolio, "--as-of", "2026-10-20", "--audience", audience
        )
        section = text[
            text.index(". Commercial position, renewals and notice deadlines\n") : text.rindex(
                "## ", 0, text.index(". Issues and escalations\n")
            )
        ]
        table = section[section.index("Obligations of both sides") :].splitlines()
        assert table == [
            "Obligations of both sides under the contracts, with their record:",
            "",
            "| Obligation | Owed by | Contract | Schedule | Record | Now |",
            "| --- | --- | --- | --- | --- | --- |",
            "| Volume forecast | internal: Otto Ops | acme-msa | every 3 months from 2026-03-31 | "
            "late 1 of 3 quarters so far | due 2026-12-31 |",
            "| Data processing agreement signed | internal | acme-msa | due 2025-02-01 | "
            "done 2025-01-20 | nothing due |",
            "| Monthly service report (clause Schedule 2, 4.1) | vendor: Vera Vendor | acme-msa | "
            "every 1 month from 2026-07-10 | late 1, missed 1 of 4 months so far | "
            "🔴 overdue 10 days (due 2026-10-10) |",
            "",
        ]


def test_the_onboarding_pack_lists_the_obligations_of_the_readers_side(
    run: Run, portfolio: Path
) -> None:
    add(portfolio, BOTH_SIDES)
    ours = markdown(run, "onboard", "acme", "--root", portfolio, "--as-of", "2026-10-20")
    section = ours[ours.index("## Our obligations") : ours.index("## Current standing")]
    assert section.splitlines() == [
        "## Our obligations",
        "",
        "| Obligation | Contract | Schedule | Owner | Now |",
        "| --- | --- | --- | --- | --- |",
        "| Volume forecast | acme-msa | every 3 months from 2026-03-31 | Otto Ops | "
        "due 2026-12-31 |",
        "| Data processing agreement signed | acme-msa | due 2025-02-01 | no owner named | "
        "nothing due |",
        "",
    ]
    theirs = markdown(
        run, "onboard", "acme", "--root", portfolio, "--as-of", "2026-10-20", "--audience", "vendor"
    )
    section = theirs[theirs.index("## The vendor's obligations") : theirs.index("## Current")]
    assert section.splitlines()[4:6] == [
        "| Monthly service report (clause Schedule 2, 4.1) | acme-msa | every 1 month from "
        "2026-07-10 | Vera Vendor | 🔴 overdue 10 days (due 2026-10-10) |",
        "",
    ]
    assert "## Our obligations" not in theirs and "Volume forecast" not in theirs


def test_without_obligations_or_tiers_the_qbr_and_pack_are_as_before(
    run: Run, portfolio: Path
) -> None:
    add(portfolio, "dispute_resolution: Negotiation, then the courts of Amsterdam.\n")
    qbr_text = markdown(run, "qbr", "acme", "--root", portfolio)
    pack = markdown(run, "onboard", "acme", "--root", portfolio)
    for text in (qbr_text, pack):
        assert "obligations" not in text.lower() and "Dispute resolution" not in text


# --- the dispute ladder -------------------------------------------------------------------------


def test_the_qbr_shows_the_dispute_ladder_beside_the_escalation_ladder(
    run: Run, portfolio: Path
) -> None:
    add(portfolio, LADDER)
    text = markdown(run, "qbr", "acme", "--root", portfolio)
    section = text[
        text.index(". Issues and escalations\n") : text.rindex(
            "## ", 0, text.index(". Top risks\n")
        )
    ]
    assert section[section.index("Should an issue") :].splitlines() == [
        "Should an issue turn into a dispute, the escalation ladder comes first, then the "
        "contract's dispute resolution ladder:",
        "",
        "| Level | Tier | Ours | Theirs | After |",
        "| ---: | --- | --- | --- | --- |",
        "| 1 | operational | Otto Ops | Vera Vendor | — |",
        "| 2 | management | Ana Internal | Victor Vendor | — |",
        "| 3 | executive | Erin Exec | Vince Vendor | — |",
        "",
        "Dispute resolution, Hosting agreement: Governance board, then mediation, then the "
        "courts of Amsterdam.",
        "",
        "| Level | Forum | Within |",
        "| ---: | --- | --- |",
        "| 1 | Governance board | 30 days |",
        "| 2 | Mediation | 60 days |",
        "| 3 | Courts of Amsterdam | — |",
        "",
    ]


def test_the_onboarding_pack_shows_the_dispute_ladder_after_the_escalation_ladder(
    run: Run, portfolio: Path
) -> None:
    add(portfolio, LADDER)
    text = markdown(run, "onboard", "acme", "--root", portfolio, "--audience", "vendor")
    section = text[text.index("## Escalation ladder") : text.index("## Contracts and SLAs")]
    assert section[section.index("### Dispute") :].splitlines() == [
        "### Dispute resolution: Hosting agreement",
        "",
        "Governance board, then mediation, then the courts of Amsterdam.",
        "",
        "| Level | Forum | Within |",
        "| ---: | --- | --- |",
        "| 1 | Governance board | 30 days |",
        "| 2 | Mediation | 60 days |",
        "| 3 | Courts of Amsterdam | — |",
        "",
    ]


def test_reports_with_obligations_and_ladders_lint_clean(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add(portfolio, BOTH_SIDES + LADDER)
    written = []
    for args in (
        ["qbr", "acme"],
        ["qbr", "acme", "--audience", "vendor"],
        ["onboard", "acme"],
        ["onboard", "acme", "--audience", "vendor"],
        ["show", "acme", "-f", "md"],
    ):
        text = markdown(run, *args, "--root", portfolio, "--as-of", "2026-10-20")
        assert_tables_keep_their_shape(text)
        path = tmp_path / f"{'-'.join(args)}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    assert lint(written) == ""


# --- the checks ---------------------------------------------------------------------------------

BROKEN = """obligations:
  - id: monthly-report
    title: Monthly service report
    side: vendor
    owner: otto
    every: 1 month
    first_due: 2026-07-10
    done: [2026-05-01, 2026-07-09, 2026-07-09]
  - id: monthly-report
    title: Exit plan
    side: internal
    owner: nobody
    due: 2026-12-31
    done: [2024-12-31]
dispute_resolution:
  tiers:
    - {level: 1, forum: Governance board}
    - {level: 3, forum: Mediation}
    - {level: 2, forum: Arbitration}
    - {level: 2, forum: Courts}
"""


def test_the_checks_of_obligations_and_dispute_tiers(run: Run, portfolio: Path) -> None:
    add(portfolio, BROKEN)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines == [
        f"{MSA}:30:12: error: `otto` is on the internal side; this needs a person on the vendor "
        "side [wrong-side]",
        f"{MSA}:33:12: error: done date 2026-05-01 is more than one period (1 month) before the "
        "first due date 2026-07-10: it cannot count for any due date [obligation-dates]",
        f"{MSA}:33:36: warning: done date 2026-07-09 is listed twice; each fulfilment is one date "
        "[obligation-dates]",
        f"{MSA}:34:9: error: duplicate obligation id `monthly-report` (first defined at line 27) "
        "[duplicate-id]",
        f"{MSA}:37:12: error: no person `nobody` in this vendor; add them under `people:` in "
        "vendor.yaml [unknown-person]",
        f"{MSA}:39:12: error: done date 2024-12-31 is before the contract starts on 2025-01-01 "
        "[obligation-dates]",
        f"{MSA}:44:15: error: level 2 comes after level 3: list the tiers from the first resort "
        "(the lowest level) up [dispute-tiers]",
        f"{MSA}:45:15: error: duplicate dispute tier level `2` (first defined at line 44) "
        "[duplicate-id]",
        "Checked 10 files: 7 errors, 1 warning.",
    ]


def test_a_done_date_one_period_before_the_first_due_date_still_counts(
    run: Run, portfolio: Path
) -> None:
    monthly(portfolio, "2026-06-10")
    assert overdue(validate(run, portfolio, "2026-07-11")) == []
    assert rows(run, portfolio, "2026-07-11") == {
        "monthly-report": ("on time for 1 month so far", "due 2026-08-10")
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            MONTHLY.format(first="2024-12-31", done=""),
            f"{MSA}:32:16: error: obligation `monthly-report` first falls due on 2024-12-31, "
            "before the contract starts on 2025-01-01: set `first_due` to a date on or after the "
            "start [obligation-dates]",
        ),
        (
            ONE_OFF.format(done="").replace("2026-11-30", "2024-12-31"),
            f"{MSA}:31:10: error: obligation `exit-plan` falls due on 2024-12-31, before the "
            "contract starts on 2025-01-01: set `due` to a date on or after the start "
            "[obligation-dates]",
        ),
    ],
)
def test_a_due_date_before_the_contract_starts_is_an_error(
    run: Run, portfolio: Path, text: str, line: str
) -> None:
    add(portfolio, text)
    result = run("validate", "--root", portfolio, "--as-of", "2026-10-31")
    assert result.exit_code == 1
    assert [x for x in result.lines if "[obligation-dates]" in x] == [line]


@pytest.mark.parametrize("text", [MONTHLY.format(first="2025-01-01", done=""), ONE_OFF])
def test_a_due_date_on_the_day_the_contract_starts_is_fine(
    run: Run, portfolio: Path, text: str
) -> None:
    add(portfolio, text.format(done="").replace("2026-11-30", "2025-01-01"))
    assert not [x for x in validate(run, portfolio, "2024-12-01") if ": error: " in x]
