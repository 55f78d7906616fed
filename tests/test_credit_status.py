"""Where each earned credit stands on the as-of date, as `credits` shows it: statuses and their
boundaries, claims recorded later than the day judged, the sums by status, the work list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

CLAIMS = "vendors/acme/claims.yaml"
# The base portfolio: acme-msa earns 15% of EUR 10,000 for 2026-09, claim by 2026-10-30 (30 days).


def _credits(run: Run, root: Path, *args: str) -> dict[str, Any]:
    result = run("credits", "--format", "json", "--root", root, *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _row(run: Run, root: Path, as_of: str) -> dict[str, Any]:
    (row,) = _credits(run, root, "--period", "2026-Q3", "--as-of", as_of)["credits"]
    return row


@pytest.mark.parametrize(
    ("as_of", "status", "days_left"),
    [
        ("2026-10-15", "to-claim", 15),  # a day before the warning window opens
        ("2026-10-16", "due-soon", 14),  # the window opens: 14 days before the claim-by date
        ("2026-10-29", "due-soon", 1),  # a day before
        ("2026-10-30", "due-soon", 0),  # the claim-by day itself: still claimable
        ("2026-10-31", "lapsed", -1),  # the day after: the money is lost
    ],
)
def test_an_unclaimed_credit_by_the_claim_by_date(
    run: Run, portfolio: Path, as_of: str, status: str, days_left: int
) -> None:
    (portfolio / CLAIMS).unlink()
    row = _row(run, portfolio, as_of)
    assert (row["claim_by"], row["status"], row["days_left"]) == ("2026-10-30", status, days_left)
    assert (row["claimed_on"], row["reference"], row["received_amount"]) == (None, None, None)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2026-10-04", "to-claim"),  # the claim was sent on 2026-10-05: not yet
        ("2026-10-05", "claimed"),
        ("2026-10-19", "claimed"),  # the credit note came on 2026-10-20: not yet
        ("2026-10-20", "received"),
        ("2026-12-31", "received"),  # received in time: never lapses
    ],
)
def test_a_claim_counts_from_its_dates(run: Run, portfolio: Path, as_of: str, status: str) -> None:
    row = _row(run, portfolio, as_of)
    assert row["status"] == status
    received = status == "received"
    assert row["received_on"] == ("2026-10-20" if received else None)
    assert row["received_amount"] == (1500 if received else None)


def test_less_received_than_claimed_is_partial_and_sums_what_came(
    run: Run, portfolio: Path
) -> None:
    claims = portfolio / CLAIMS
    claims.write_text(claims.read_text() + "    received_amount: 1000\n")
    data = _credits(run, portfolio, "--period", "2026-Q3", "--as-of", "2026-10-31")
    (row,) = data["credits"]
    assert (row["status"], row["received_amount"]) == ("partial", 1000)
    (total,) = data["totals"]
    assert (total["earned"], total["received"], total["owed"], total["lapsed"]) == (
        1500,
        1000,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("status", "owed", "sums"),
    [
        ("claimed", 1200, {"claimed": 1200}),  # the amount claimed, not the computed one
        ("disputed", 1200, {"disputed": 1200}),
        ("rejected", 0, {"rejected": 1200}),
        ("waived", 0, {"waived": 1200}),
    ],
)
def test_the_sums_by_status_use_the_amount_claimed(
    run: Run, portfolio: Path, status: str, owed: int, sums: dict[str, int]
) -> None:
    (portfolio / CLAIMS).write_text(
        "claims:\n"
        f"  - {{contract: acme-msa, window: 2026-09, claimed_on: 2026-10-05, amount: 1200,"
        f" status: {status}}}\n"
    )
    data = _credits(run, portfolio, "--period", "2026-Q3", "--as-of", "2026-10-31")
    (row,) = data["credits"]
    assert (row["status"], row["amount"], row["claimed_amount"]) == (status, 1500, 1200)
    (total,) = data["totals"]
    keys = ("claimed", "disputed", "rejected", "waived", "to_claim", "lapsed")
    assert {k: total[k] for k in keys} == dict.fromkeys(keys, 0) | sums
    assert (total["earned"], total["amount"], total["owed"]) == (1500, 1500, owed)


def test_the_markdown_says_the_status_and_the_money_still_owed(run: Run, portfolio: Path) -> None:
    (portfolio / CLAIMS).unlink()
    result = run(
        "credits", "--period", "2026-Q3", "--as-of", "2026-10-20", "-f", "md", "--root", portfolio
    )
    assert (
        "| Acme Hosting | acme-msa | 2026-09 | 15.0% | EUR 1,500.00 | 2026-10-30 | "
        "🟠 due soon, 10 days left |" in result.stdout
    )
    assert (
        "| **All vendors** | **EUR 1,500.00** | **EUR 1,500.00** | **EUR 0.00** | **EUR 0.00** |"
        in result.stdout
    )
    later = run(
        "credits", "--period", "2026-Q3", "--as-of", "2026-11-02", "-f", "md", "--root", portfolio
    )
    assert "| 2026-10-30 | ⚫ lapsed 3 days ago |" in later.stdout
    assert (
        "| **All vendors** | **EUR 1,500.00** | **EUR 0.00** | **EUR 0.00** | **EUR 1,500.00** |"
        in later.stdout
    )


def test_outstanding_is_the_work_list_of_every_period(run: Run, portfolio: Path) -> None:
    """To claim, due soon, claimed or disputed, of any period, oldest claim-by date first;
    received and lapsed credits are not work any more."""
    kpis = portfolio / "vendors/acme/kpis/2026.yaml"
    kpis.write_text(
        kpis.read_text()
        + "  - {kpi: availability, period: 2026-07, value: 98.0}\n"
        + "  - {kpi: availability, period: 2026-10, value: 99.5}\n"
        + "  - {kpi: availability, period: 2026-11, value: 98.5}\n"
        + "  - {kpi: response, period: 2026-11, value: 12}\n"
    )
    (portfolio / CLAIMS).write_text(
        "claims:\n"
        "  - {contract: acme-msa, window: 2026-09, claimed_on: 2026-10-05, status: disputed}\n"
    )
    data = _credits(run, portfolio, "--outstanding", "--as-of", "2026-11-30")
    assert data["outstanding"] is True and data["period"] is None
    assert [(r["window"], r["status"], r["claim_by"], r["amount"]) for r in data["credits"]] == [
        ("2026-09", "disputed", "2026-10-30", 1500),
        ("2026-10", "due-soon", "2026-11-30", 1000),  # 2026-07 lapsed on 2026-08-30: not listed
        ("2026-11", "to-claim", "2026-12-30", 2500),
    ]
    (total,) = data["totals"]
    assert (total["owed"], total["disputed"], total["to_claim"], total["due_soon"]) == (
        5000,
        1500,
        3500,
        1000,
    )


def test_outstanding_takes_no_period(run: Run, portfolio: Path) -> None:
    result = run("credits", "--outstanding", "--period", "2026-Q3", "--root", portfolio)
    assert result.exit_code == 2
    assert "--outstanding lists credits of every period" in result.stderr


def test_nothing_outstanding_says_so(run: Run, portfolio: Path) -> None:
    result = run(
        "credits", "--outstanding", "--as-of", "2026-10-31", "-f", "md", "--root", portfolio
    )
    assert result.exit_code == 0
    assert "No service credit is waiting to be claimed or paid." in result.stdout
    text = run(
        "credits", "--outstanding", "--as-of", "2026-10-31", "-f", "text", "--root", portfolio
    )
    assert text.stdout.splitlines() == [
        "Service credits outstanding as of 2026-10-31",
        "Total: none",
    ]


def test_a_window_still_running_has_earned_nothing_yet(run: Run, portfolio: Path) -> None:
    kpis = portfolio / "vendors/acme/kpis/2026.yaml"
    kpis.write_text(kpis.read_text() + "  - {kpi: availability, period: 2026-10, value: 98.0}\n")
    running = _credits(run, portfolio, "--period", "2026-Q4", "--as-of", "2026-10-15")
    assert running["credits"] == [] and running["credit_totals"] == []
    card = run("scorecard", "acme", "-p", "2026-Q4", "--as-of", "2026-10-15", "--root", portfolio)
    assert "No service credits were earned in 2026-Q4." in card.stdout
    ended = _credits(run, portfolio, "--period", "2026-Q4", "--as-of", "2026-10-31")
    assert [(r["window"], r["status"], r["amount"]) for r in ended["credits"]] == [
        ("2026-10", "to-claim", 2500)
    ]
    assert ended["credit_totals"] == ended["totals"]


@pytest.mark.parametrize(
    ("effective", "september"),
    [
        ("2026-09-01", 800),  # on the window's first day: September by the new terms (8% cap)
        ("2026-09-02", 1500),  # a day later: September keeps the terms of its first day
    ],
)
def test_a_window_is_judged_by_the_terms_of_its_first_day(
    run: Run, portfolio: Path, effective: str, september: int
) -> None:
    before = _credits(run, portfolio, "--period", "2026", "--as-of", "2026-12-31")["credits"]
    msa = portfolio / "vendors/acme/contracts/msa.yaml"
    msa.write_text(
        msa.read_text()
        + "amendments:\n"
        + f"  - {{id: amendment-1, effective: {effective}, credit_cap: 8, claim_period: 60 days}}\n"
    )
    after = _credits(run, portfolio, "--period", "2026", "--as-of", "2026-12-31")["credits"]
    assert [(r["window"], r["amount"]) for r in before] == [("2026-09", 1500)]
    assert [(r["window"], r["amount"], r["capped"]) for r in after] == [
        ("2026-09", september, september != 1500)
    ]
    claim_by = "2026-11-29" if september != 1500 else "2026-10-30"
    assert after[0]["claim_by"] == claim_by


def test_partial_compares_cents_as_the_reports_round_them(run: Run, portfolio: Path) -> None:
    """A credit of EUR 1,500.025 reads 1,500.03 (half-up): 1,500.02 received is partial."""
    msa = portfolio / "vendors/acme/contracts/msa.yaml"
    msa.write_text(msa.read_text().replace("monthly_charge: 10000\n", "annual_value: 120002\n"))
    claims = portfolio / CLAIMS
    claims.write_text(claims.read_text() + "    received_amount: 1500.02\n")
    (row,) = _credits(run, portfolio, "--period", "2026-Q3", "--as-of", "2026-10-31")["credits"]
    assert (row["amount"], row["received_amount"], row["status"]) == (
        1500.03,
        1500.02,
        "partial",
    )
    claims.write_text(claims.read_text().replace("1500.02", "1500.03"))
    (row,) = _credits(run, portfolio, "--period", "2026-Q3", "--as-of", "2026-10-31")["credits"]
    assert row["status"] == "received"
