"""Rolling terms and notice to a period end (issue 18, section 2): `notice_to`, a term kept by a
recorded `renew` giving way to the next, the calendar's decision on its own term only, and the
renewal position read from the terms in force (amendments effective by the as-of date).

Every case is the test portfolio's one contract, rewritten with the terms under test, and judged
through the CLI as of a pinned date. Defaults: a 90-day warning window, a 30-day decision buffer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import Run

MSA = "vendors/acme/contracts/msa.yaml"
HEAD = "id: acme-msa\ntitle: Hosting agreement\nkind: managed-service\n"  # lines 1-3
# From line 5 (start is line 4, the terms under test follow it): end is always line 5.
SLAS = """monthly_charge: 10000
credit_cap: 30
claim_period: 30 days
owner: carl
slas:
  - id: availability
    kpi: availability
    target: 99.9
    credits:
      - {below: 99.9, credit: 10}
      - {below: 99.0, credit: 25}
  - id: response
    kpi: response
    target: 15
    credits:
      - {above: 15, credit: 5}
"""
ROLLING = (
    "end: 2026-12-31\nauto_renew: true\nrenewal_term: 3 months\nnotice_period: 3 months\n"
    "notice_to: quarter-end\n"
)
YEARLY = "end: 2026-12-31\nauto_renew: true\nrenewal_term: 12 months\nnotice_period: 90 days\n"


def write(root: Path, terms: str, tail: str = "", start: str = "2025-01-01") -> str:
    """The contract with these terms (and anything after its SLAs); no claims recorded, so no
    claim depends on the term. Returns the file's text."""
    text = f"{HEAD}start: {start}\n{terms}{SLAS}{tail}"
    (root / MSA).write_text(text, encoding="utf-8")
    (root / "vendors/acme/claims.yaml").write_text("claims: []\n", encoding="utf-8")
    return text


def row(run: Run, root: Path, as_of: str) -> dict[str, Any]:
    """The contract's row in `renewals --format json`."""
    result = run("renewals", "--root", root, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    (found,) = json.loads(result.stdout)["contracts"]
    return dict(found)


def position(found: dict[str, Any]) -> tuple[Any, ...]:
    return (
        found["status"],
        found["term_end"],
        found["notice_deadline"],
        found["decision_date"],
        found["renewals"],
    )


def notices(run: Run, root: Path, as_of: str) -> list[str]:
    """What `validate` says about notice deadlines (other policies move with the date too)."""
    lines = run("validate", "--root", root, "--as-of", as_of).lines
    return [line for line in lines if "[notice-" in line or "[contract-expired]" in line]


def ics_events(run: Run, root: Path, tmp_path: Path, as_of: str) -> dict[str, str]:
    """The calendar's notice and decision events of the contract: uid -> description."""
    target = tmp_path / "feed.ics"
    result = run("calendar", "--ics", target, "--root", root, "--as-of", as_of)
    assert result.exit_code == 0, result.stdout + result.stderr
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    return {
        str(e["uid"]).removesuffix("@vendorctl"): str(e["description"])
        for e in events
        if str(e["uid"]).startswith(("notice-", "decision-"))
    }


# --- notice to a period end ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # The minimum term: no earlier end than `end`, whatever quarter ends come first.
        ("2025-06-01", ("ok", "2026-12-31", "2026-09-30", "2026-08-31", 0)),
        ("2026-09-30", ("decide", "2026-12-31", "2026-09-30", "2026-08-31", 0)),
        # A day after the deadline: the next quarter end, its deadline across the year end; not
        # yet in the warning window (it opens 2026-10-02, 90 days before 2026-12-31).
        ("2026-10-01", ("ok", "2027-03-31", "2026-12-31", "2026-12-01", 1)),
        ("2026-10-02", ("decide", "2027-03-31", "2026-12-31", "2026-12-01", 1)),
        ("2026-12-31", ("decide", "2027-03-31", "2026-12-31", "2026-12-01", 1)),
        ("2027-01-01", ("decide", "2027-06-30", "2027-03-31", "2027-03-01", 2)),
        # A leap year: 30 days before 2028-03-31 is 2028-03-01.
        ("2028-01-01", ("decide", "2028-06-30", "2028-03-31", "2028-03-01", 6)),
    ],
)
def test_a_rolling_term_can_end_at_each_quarter_end_after_its_minimum_term(
    run: Run, portfolio: Path, as_of: str, expected: tuple[Any, ...]
) -> None:
    write(portfolio, ROLLING)
    found = row(run, portfolio, as_of)
    assert position(found) == expected
    assert (found["notice_to"], found["rolling"], found["next_notice_deadline"]) == (
        "quarter-end",
        True,
        None,
    )


@pytest.mark.parametrize(
    ("as_of", "term_end", "deadline", "rolled"),
    [
        # Notice by 2023-11-30 reaches the end of February 2024, a leap day.
        ("2023-11-30", "2024-02-29", "2023-11-30", 2),
        ("2023-12-01", "2024-03-31", "2023-12-31", 3),
        # Notice given on 29 February reaches 31 May (the month-end rule: 3 months back from
        # 31 May is 29 February); a day later, 30 June.
        ("2024-02-29", "2024-05-31", "2024-02-29", 5),
        ("2024-03-01", "2024-06-30", "2024-03-31", 6),
        ("2025-02-28", "2025-05-31", "2025-02-28", 17),
        ("2025-03-01", "2025-06-30", "2025-03-31", 18),
    ],
)
def test_three_months_notice_to_a_month_end_across_leap_years(
    run: Run, portfolio: Path, as_of: str, term_end: str, deadline: str, rolled: int
) -> None:
    write(
        portfolio,
        "end: 2023-12-31\nauto_renew: true\nrenewal_term: 1 month\nnotice_period: 3 months\n"
        "notice_to: month-end\n",
        start="2022-01-01",
    )
    found = row(run, portfolio, as_of)
    assert (found["term_end"], found["notice_deadline"], found["renewals"]) == (
        term_end,
        deadline,
        rolled,
    )
    assert found["status"] == "decide"  # a deadline never more than 3 months away


@pytest.mark.parametrize(
    ("as_of", "term_end", "deadline"),
    [
        ("2025-12-31", "2026-06-30", "2025-12-31"),  # the initial end, not a year end
        ("2026-01-01", "2026-12-31", "2026-06-30"),  # then each year end after it
        ("2026-07-01", "2027-12-31", "2027-06-30"),
    ],
)
def test_notice_to_a_year_end_after_an_initial_term_ending_mid_year(
    run: Run, portfolio: Path, as_of: str, term_end: str, deadline: str
) -> None:
    write(
        portfolio,
        "end: 2026-06-30\nauto_renew: true\nrenewal_term: 12 months\nnotice_period: 6 months\n"
        "notice_to: year-end\n",
    )
    found = row(run, portfolio, as_of)
    assert (found["term_end"], found["notice_deadline"]) == (term_end, deadline)


def test_without_auto_renewal_notice_to_changes_nothing(run: Run, portfolio: Path) -> None:
    write(portfolio, "end: 2026-12-31\nnotice_period: 3 months\nnotice_to: quarter-end\n")
    passed = row(run, portfolio, "2026-10-15")
    assert position(passed) == ("notice-passed", "2026-12-31", "2026-09-30", "2026-08-31", 0)
    assert (passed["rolling"], passed["next_notice_deadline"], passed["next_term_end"]) == (
        False,
        None,
        None,
    )
    assert row(run, portfolio, "2027-01-01")["status"] == "expired"


def test_an_evergreen_contract_shows_its_next_way_out_and_presses_no_one(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    write(portfolio, "notice_period: 3 months\nnotice_to: quarter-end\n")
    found = row(run, portfolio, "2026-10-31")
    assert position(found) == ("evergreen", "2027-03-31", "2026-12-31", "2026-12-01", 0)
    assert found["days_left"] == 61
    assert notices(run, portfolio, "2026-10-31") == []
    assert ics_events(run, portfolio, tmp_path, "2026-10-31") == {}
    due = run(
        "renewals", "--root", portfolio, "--as-of", "2026-10-31", "-f", "json", "--within", "90"
    )
    assert json.loads(due.stdout)["contracts"] == []


def test_the_renewals_table_says_the_contract_rolls(run: Run, portfolio: Path) -> None:
    write(portfolio, ROLLING)
    markdown = run("renewals", "--root", portfolio, "--as-of", "2026-10-31", "--format", "md")
    assert (
        "| 🟠 decide | Acme Hosting | Hosting agreement | 2027-03-31 | yes, rolling to each quarter "
        "end | 3 months to a quarter end | 2026-12-31 | 2026-12-01 | none recorded |"
    ) in markdown.lines


# --- a rolling term never shows notice passed; the next deadline warns ----------------------


def test_a_rolling_term_kept_past_its_minimum_term_warns_for_the_next_exit(
    run: Run, portfolio: Path
) -> None:
    """The issue's telecom contract: `renew` recorded for the end of its minimum term, whose
    deadline has passed; its next exit deadline is 31 days away."""
    write(portfolio, ROLLING + "decision: renew\ndecision_for: 2026-12-31\n")
    found = row(run, portfolio, "2026-11-30")
    assert position(found) == ("decide", "2027-03-31", "2026-12-31", "2026-12-01", 1)
    assert (found["decision"], found["days_left"]) == (None, 31)
    assert notices(run, portfolio, "2026-11-30") == [
        f"{MSA}:5:6: warning: notice deadline 2026-12-31 is 31 days away (can end 2027-03-31, "
        "notice to a quarter end); decide by 2026-12-01 and record it as `decision:` "
        "[notice-approaching]"
    ]


def test_a_rolling_term_with_no_decision_is_never_notice_passed(run: Run, portfolio: Path) -> None:
    write(portfolio, ROLLING)
    assert [row(run, portfolio, day)["status"] for day in ("2026-12-01", "2027-02-15")] == [
        "decide",
        "decide",
    ]
    assert "[notice-passed]" not in "".join(notices(run, portfolio, "2026-12-01"))


def test_renew_recorded_for_every_term_keeps_a_rolling_contract_quiet(
    run: Run, portfolio: Path
) -> None:
    write(portfolio, ROLLING + "decision: renew\n")
    found = row(run, portfolio, "2026-11-30")
    assert (found["status"], found["term_end"], found["decision"]) == (
        "decide",
        "2027-03-31",
        "renew",
    )
    assert notices(run, portfolio, "2026-11-30") == []  # it rolls on by itself, as decided


# --- a term kept by a recorded `renew` gives way to the next ---------------------------------


def test_renew_recorded_for_a_passed_term_moves_the_row_to_the_next_term(
    run: Run, portfolio: Path
) -> None:
    write(portfolio, YEARLY + "decision: renew\ndecision_for: 2026-12-31\n")
    found = row(run, portfolio, "2026-10-31")
    # One term throughout: its end, its deadline, its decision date, and no decision yet.
    assert position(found) == ("ok", "2027-12-31", "2027-10-02", "2027-09-02", 1)
    assert (found["decision"], found["next_notice_deadline"], found["days_left"]) == (
        None,
        None,
        336,
    )
    assert notices(run, portfolio, "2026-10-31") == []  # no red notice-passed: kept on purpose
    assert notices(run, portfolio, "2027-07-03") == []  # a day before the warning window
    assert notices(run, portfolio, "2027-07-04") == [
        f"{MSA}:5:6: warning: notice deadline 2027-10-02 is 90 days away (term ends 2027-12-31); "
        "decide by 2027-09-02 and record it as `decision:` [notice-approaching]"
    ]


def test_renew_without_a_term_counts_for_the_next_term_too(run: Run, portfolio: Path) -> None:
    write(portfolio, YEARLY + "decision: renew\n")
    assert position(row(run, portfolio, "2026-10-31")) == (
        "ok",
        "2027-12-31",
        "2027-10-02",
        "2027-09-02",
        1,
    )
    later = row(run, portfolio, "2027-07-04")
    assert (later["status"], later["decision"]) == ("decide", "renew")
    assert notices(run, portfolio, "2027-07-04") == []  # auto-renewal does what was decided


def test_without_a_decision_a_passed_deadline_is_still_notice_passed(
    run: Run, portfolio: Path
) -> None:
    write(portfolio, YEARLY)
    found = row(run, portfolio, "2026-10-31")
    assert position(found) == ("notice-passed", "2026-12-31", "2026-10-02", "2026-09-02", 0)
    assert (found["next_notice_deadline"], found["next_term_end"]) == ("2027-10-02", "2027-12-31")
    markdown = run("renewals", "--root", portfolio, "--as-of", "2026-10-31", "--format", "md")
    assert (
        "| 🔴 notice passed | Acme Hosting | Hosting agreement | 2026-12-31 | yes, 12 months | "
        "90 days | 2026-10-02 (next: 2027-10-02, for the term ending 2027-12-31) | 2026-09-02 | "
        "none recorded |"
    ) in markdown.lines
    assert notices(run, portfolio, "2026-10-31") == [
        f"{MSA}:5:6: error: the notice deadline 2026-10-02 passed with no decision recorded: the "
        "contract renews on 2026-12-31 whatever is done now; record the `decision:` taken "
        "[notice-passed]"
    ]


def test_renew_for_one_term_does_not_keep_the_next_whose_deadline_passed_too(
    run: Run, portfolio: Path
) -> None:
    """Monthly renewals with three months' notice: `renew` for the term ending 2026-11-30 moves
    on to the term ending 2026-12-31, whose deadline (2026-09-30) has passed with no decision."""
    write(
        portfolio,
        "end: 2026-11-30\nauto_renew: true\nrenewal_term: 1 month\nnotice_period: 3 months\n"
        "decision: renew\ndecision_for: 2026-11-30\n",
    )
    found = row(run, portfolio, "2026-10-15")
    assert position(found) == ("notice-passed", "2026-12-31", "2026-09-30", "2026-08-31", 1)
    assert (found["decision"], found["next_notice_deadline"], found["next_term_end"]) == (
        None,
        "2026-10-31",
        "2027-01-31",
    )
    assert notices(run, portfolio, "2026-10-15") == [
        f"{MSA}:5:6: error: the notice deadline 2026-09-30 passed with no decision recorded: the "
        "contract renews on 2026-12-31 whatever is done now; record the `decision:` taken "
        "[notice-passed]"
    ]


def test_renew_on_a_contract_that_does_not_renew_itself_stays_on_its_term(
    run: Run, portfolio: Path
) -> None:
    write(portfolio, "end: 2026-12-31\nnotice_period: 90 days\ndecision: renew\n")
    found = row(run, portfolio, "2026-10-31")
    assert (found["status"], found["term_end"], found["decision"]) == (
        "notice-passed",
        "2026-12-31",
        "renew",
    )
    assert notices(run, portfolio, "2026-10-31") == []  # decided: a new contract will follow


# --- the calendar shows a decision only on the term it was recorded for ---------------------


def test_the_calendar_shows_no_decision_on_a_later_term(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    """The issue's case: `renew` decided for the term ending 2025-12-31 was printed on the
    2026-12-31 term's events, while `renewals` showed none."""
    write(
        portfolio,
        "end: 2025-12-31\nauto_renew: true\nrenewal_term: 12 months\nnotice_period: 30 days\n"
        "decision: renew\ndecision_for: 2025-12-31\n",
    )
    found = row(run, portfolio, "2026-10-31")
    assert (found["term_end"], found["notice_deadline"], found["decision"]) == (
        "2026-12-31",
        "2026-12-01",
        None,
    )
    text = (
        "Contract acme-msa: term ends 2026-12-31, auto-renews for 12 months, notice period "
        "30 days; decision recorded: none."
    )
    assert ics_events(run, portfolio, tmp_path, "2026-10-31") == {
        "decision-acme-msa-2026-11-01": text,
        "notice-acme-msa-2026-12-01": text,
    }


def test_the_calendar_puts_the_next_deadline_on_its_own_term(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    """Notice passed for the term ending 2026-12-31 (renegotiate recorded for it): the next
    deadline belongs to the term ending 2027-12-31, which has no decision yet."""
    write(portfolio, YEARLY + "decision: renegotiate\ndecision_for: 2026-12-31\n")
    found = row(run, portfolio, "2026-10-31")
    assert (found["status"], found["term_end"], found["decision"]) == (
        "notice-passed",
        "2026-12-31",
        "renegotiate",
    )
    text = (
        "Contract acme-msa: term ends 2027-12-31, auto-renews for 12 months, notice period "
        "90 days; decision recorded: none."
    )
    assert ics_events(run, portfolio, tmp_path, "2026-10-31") == {
        "decision-acme-msa-2027-09-02": text,
        "notice-acme-msa-2027-10-02": text,
    }


def test_the_calendar_describes_a_rolling_term(run: Run, portfolio: Path, tmp_path: Path) -> None:
    write(portfolio, ROLLING + "decision: renew\n")
    assert ics_events(run, portfolio, tmp_path, "2026-10-31")["notice-acme-msa-2026-12-31"] == (
        "Contract acme-msa: term ends 2027-03-31, rolls on to each quarter end, notice period "
        "3 months; decision recorded: renew."
    )


# --- the terms in force: amendments effective by the as-of date ----------------------------


def _amended(effective: str, terms: str) -> str:
    return f"amendments:\n  - id: extension\n    effective: {effective}\n{terms}"


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        # In force on the as-of date: the extended term's deadline.
        ("2026-10-31", ("ok", "2027-12-31", "2027-10-02", "2027-09-02", 0)),
        # Effective a day later: not yet; the original term's deadline has passed.
        ("2026-11-01", ("notice-passed", "2026-12-31", "2026-10-02", "2026-09-02", 0)),
    ],
)
def test_an_amendment_extending_the_end_moves_the_deadline_once_effective(
    run: Run, portfolio: Path, effective: str, expected: tuple[Any, ...]
) -> None:
    write(
        portfolio,
        "end: 2026-12-31\nnotice_period: 90 days\n",
        _amended(effective, "    end: 2027-12-31\n"),
    )
    assert position(row(run, portfolio, "2026-10-31")) == expected
    assert position(row(run, portfolio, "2026-11-01"))[1] == "2027-12-31"


def test_the_warning_points_at_the_amendment_that_set_the_end(run: Run, portfolio: Path) -> None:
    text = write(
        portfolio,
        "end: 2026-12-31\nnotice_period: 90 days\n",
        _amended("2026-06-01", "    end: 2027-03-31\n"),
    )
    line = text.splitlines().index("    end: 2027-03-31") + 1
    assert notices(run, portfolio, "2026-10-31") == [
        f"{MSA}:{line}:10: warning: notice deadline 2026-12-31 is 61 days away (term ends "
        "2027-03-31); decide by 2026-12-01 and record it as `decision:` [notice-approaching]"
    ]


def test_an_amendment_can_turn_a_contract_into_a_rolling_term(run: Run, portfolio: Path) -> None:
    write(
        portfolio,
        YEARLY,
        _amended("2026-09-01", "    notice_to: quarter-end\n    notice_period: 3 months\n"),
    )
    assert position(row(run, portfolio, "2026-08-31")) == (
        "decide",
        "2026-12-31",
        "2026-10-02",
        "2026-09-02",
        0,
    )
    found = row(run, portfolio, "2026-10-31")
    assert position(found) == ("decide", "2027-03-31", "2026-12-31", "2026-12-01", 1)
    assert (found["notice_period"], found["notice_to"]) == ("3 months", "quarter-end")


def _stale(run: Run, root: Path, as_of: str) -> list[str]:
    lines = run("validate", "--root", root, "--as-of", as_of).lines
    return [line for line in lines if line.endswith("[sla-data-stale]")]


@pytest.mark.parametrize(
    ("effective", "stale"),
    [
        # Removed from the first day of 2026-10, the latest window: only availability needs data.
        ("2026-10-01", ["availability"]),
        # Removed a day later: 2026-10 is still judged by the SLAs of its first day.
        ("2026-10-02", ["availability", "response"]),
    ],
)
def test_stale_data_is_asked_only_of_the_slas_in_force(
    run: Run, portfolio: Path, effective: str, stale: list[str]
) -> None:
    write(
        portfolio,
        YEARLY + "decision: renew\n",
        _amended(effective, "    removes_slas: [response]\n"),
    )
    found = _stale(run, portfolio, "2026-11-15")
    assert [line.split("`")[1] for line in found] == stale


def test_stale_data_of_an_amended_sla_points_at_the_amendment(run: Run, portfolio: Path) -> None:
    text = write(
        portfolio,
        YEARLY + "decision: renew\n",
        _amended(
            "2026-10-01",
            "    slas:\n      - {id: availability, kpi: availability, target: 99.5}\n",
        ),
    )
    lines = text.splitlines()
    response = lines.index("  - id: response") + 1
    amended = lines.index("      - {id: availability, kpi: availability, target: 99.5}") + 1
    assert _stale(run, portfolio, "2026-11-15") == [
        f"{MSA}:{response}:5: warning: SLA `response` has no `response` data for its latest window "
        "2026-10 (latest data 2026-09); add the measurements under kpis/ [sla-data-stale]",
        f"{MSA}:{amended}:9: warning: SLA `availability` has no `availability` data for its "
        "latest window 2026-10 (latest data 2026-09); add the measurements under kpis/ "
        "[sla-data-stale]",
    ]


def test_every_view_says_the_rolling_rule(run: Run) -> None:
    """The example's 4G failover contract rolls to each quarter end after its minimum term:
    show, the onboarding pack and the QBR say so, as renewals does."""
    root = Path(__file__).resolve().parents[1]
    words = "then rolling on to each quarter end; notice period 3 months to a quarter end."
    assert words in run("show", "meridian-telecom", "--format", "md", "--root", root).stdout
    assert words in run("onboard", "meridian-telecom", "--root", root).stdout
    qbr = run("qbr", "meridian-telecom", "--root", root).stdout
    assert "| yes, rolling to each quarter end | 3 months to a quarter end |" in qbr
