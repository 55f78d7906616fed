"""Credits exactly right: only the part of a window in force is charged, only its measurements
count, and a contract ended by a recorded decision earns nothing after its end."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

AS_OF = "2026-12-31"
# The base portfolio's acme-msa, replaced by the contract each test needs (same id, so that the
# rest of the portfolio still refers to it).
CONTRACT = """\
id: {id}
title: Hosting agreement
kind: managed-service
start: {start}
{term}monthly_charge: {charge}
claim_period: 30 days
owner: carl
slas:
  - id: availability
    kpi: availability
    target: 99.9
    window: {window}
    credits:
      - {{below: 99.9, credit: 10}}
      - {{below: 99.0, credit: 25}}
"""


@pytest.fixture
def root(portfolio: Path) -> Path:
    """The base portfolio without acme's claims: they name windows of the contract replaced here."""
    (portfolio / "vendors/acme/claims.yaml").unlink(missing_ok=True)
    return portfolio


def write_contract(
    root: Path,
    start: str,
    *,
    term: str = "",
    charge: str = "1000",
    window: str = "monthly",
    name: str = "msa",
    id: str = "acme-msa",
) -> None:
    """One contract of acme's, with an availability SLA: below 99.9 earns 10%, below 99.0 25%."""
    path = root / "vendors/acme/contracts" / f"{name}.yaml"
    path.write_text(
        CONTRACT.format(id=id, start=start, term=term, charge=charge, window=window),
        encoding="utf-8",
    )


def write_availability(root: Path, values: dict[str, str]) -> None:
    """acme's measurements: availability by month, nothing else."""
    lines = [f"  - {{kpi: availability, period: {p}, value: {v}}}" for p, v in values.items()]
    (root / "vendors/acme/kpis/2026.yaml").write_text(
        "measurements:\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )


def credits(run: Run, root: Path, period: str) -> list[tuple[str, str, D, D]]:
    """(contract, window, percent, amount) of each row of `credits --format json`."""
    data = credits_json(run, root, period)
    return [(r["contract"], r["window"], r["percent"], r["amount"]) for r in data["credits"]]


def credits_json(run: Run, root: Path, period: str) -> dict[str, Any]:
    result = run(
        "credits", "--period", period, "--format", "json", "--as-of", AS_OF, "--root", root
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    # Parsed as Decimal: amounts are compared to the cent, not as binary floats.
    return json.loads(result.stdout, parse_float=D)  # type: ignore[no-any-return]


def scorecard(run: Run, root: Path, period: str) -> dict[str, Any]:
    result = run("scorecard", "acme", "--period", period, "--format", "json", "--root", root)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout, parse_float=D)  # type: ignore[no-any-return]


def sla_rows(card: dict[str, Any]) -> list[tuple[str, Any, Any, D]]:
    """(window, value, met, credit amount) of each SLA row of a scorecard."""
    return [(r["window"], r["value"], r["met"], r["credit_amount"]) for r in card["slas"]]


def cents(value: D) -> D:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_a_start_mid_february_earns_on_the_share_of_february_in_force(run: Run, root: Path) -> None:
    write_contract(root, "2026-02-15", charge="1234.50")
    write_availability(root, {"2026-02": "99.5", "2026-03": "99.5"})
    # 14 of February's 28 days in force: 1234.50 x 14/28 x 10% = 61.725, half-up to 61.73.
    february = cents(D("1234.50") * 14 / 28 * 10 / 100)
    assert february == D("61.73")
    assert credits(run, root, "2026-Q1") == [
        ("acme-msa", "2026-02", 10, february),
        ("acme-msa", "2026-03", 10, D("123.45")),  # wholly in force: the full monthly charge
    ]
    card = scorecard(run, root, "2026-Q1")
    # January is before the start: not evaluated at all.
    assert sla_rows(card) == [
        ("2026-02", D("99.5"), False, february),
        ("2026-03", D("99.5"), False, D("123.45")),
    ]
    assert [(r["window"], r["amount"]) for r in card["credits"]] == [
        ("2026-02", february),
        ("2026-03", D("123.45")),
    ]


def test_totals_are_the_sum_of_the_rounded_rows(run: Run, root: Path) -> None:
    # Two contracts each earning 61.725 for February: 61.73 each on the invoice, 123.46 in
    # all (not 123.45, the rounded sum of the unrounded amounts).
    write_contract(root, "2026-02-15", charge="1234.50")
    write_contract(root, "2026-02-15", charge="1234.50", name="second", id="acme-second")
    write_availability(root, {"2026-02": "99.5"})
    data = credits_json(run, root, "2026-02")
    assert [(r["contract"], r["amount"]) for r in data["credits"]] == [
        ("acme-msa", D("61.73")),
        ("acme-second", D("61.73")),
    ]
    assert [(t["currency"], t["amount"]) for t in data["totals"]] == [("EUR", D("123.46"))]


def test_a_quarter_of_a_contract_starting_in_its_second_month_earns_on_two_months(
    run: Run, root: Path
) -> None:
    write_contract(root, "2026-02-01", window="quarterly")
    write_availability(root, {"2026-02": "99.5", "2026-03": "99.5"})
    assert credits(run, root, "2026-Q1") == [("acme-msa", "2026-Q1", 10, 200)]
    card = scorecard(run, root, "2026-Q1")
    assert sla_rows(card) == [("2026-Q1", D("99.5"), False, 200)]


@pytest.mark.parametrize(
    ("february_march", "expected_rows", "expected_value"),
    [
        # With January's 90 the mean would be 96.33: the 25% tier, not 10%.
        ("99.5", [("acme-msa", "2026-Q1", 10, 200)], D("99.5")),
        # With January's 90 the mean would be 96.63: a credit where none is earned.
        ("99.95", [], D("99.95")),
    ],
)
def test_measurements_before_the_start_do_not_count_toward_the_window(
    run: Run,
    root: Path,
    february_march: str,
    expected_rows: list[tuple[str, str, int, int]],
    expected_value: D,
) -> None:
    write_contract(root, "2026-02-01", window="quarterly")
    write_availability(
        root, {"2026-01": "90", "2026-02": february_march, "2026-03": february_march}
    )
    assert credits(run, root, "2026-Q1") == expected_rows
    (row,) = scorecard(run, root, "2026-Q1")["slas"]
    assert (row["window"], row["value"]) == ("2026-Q1", expected_value)


def test_a_month_partly_in_force_counts_toward_the_window(run: Run, root: Path) -> None:
    # Started 15 February: February's measurement is the contract's, and counts.
    write_contract(root, "2026-02-15", window="quarterly")
    write_availability(root, {"2026-01": "99.95", "2026-02": "90", "2026-03": "99.95"})
    (row,) = scorecard(run, root, "2026-Q1")["slas"]
    assert (row["value"], row["met"]) == (D("94.975"), False)
    # 25% of half of February's charge and all of March's: 1000 x 1.5 x 25%.
    assert credits(run, root, "2026-Q1") == [("acme-msa", "2026-Q1", 25, 375)]


AUTO_RENEWING = "end: 2026-06-30\nauto_renew: true\nrenewal_term: 12 months\n"
BAD_MONTHS = {f"2026-{m:02d}": "99.5" for m in range(5, 10)}


@pytest.mark.parametrize(
    ("decision", "windows"),
    [
        # Ended on 30 June 2026 by the decision for that term: nothing after it.
        (
            "decision: terminate\ndecision_for: 2026-06-30\n",
            ["2026-05", "2026-06"],
        ),
        ("decision: let-lapse\ndecision_for: 2026-06-30\n", ["2026-05", "2026-06"]),
        # A decision_for between term ends is for the term it falls in, ending 30 June 2026.
        ("decision: terminate\ndecision_for: 2026-03-31\n", ["2026-05", "2026-06"]),
        # No decision, a decision to renew, or one for a later term: it rolls on and earns.
        ("", ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]),
        (
            "decision: renew\ndecision_for: 2026-06-30\n",
            ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"],
        ),
        (
            "decision: terminate\ndecision_for: 2027-06-30\n",
            ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"],
        ),
        # Without decision_for the decision ends no term.
        ("decision: terminate\n", ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]),
    ],
)
def test_a_recorded_decision_to_end_stops_the_credits_at_that_term_end(
    run: Run, root: Path, decision: str, windows: list[str]
) -> None:
    write_contract(root, "2025-07-01", term=AUTO_RENEWING + decision)
    write_availability(root, BAD_MONTHS)
    assert credits(run, root, "2026") == [("acme-msa", w, 10, 100) for w in windows]
    card = scorecard(run, root, "2026-Q3")
    q3 = [w for w in windows if w >= "2026-07"]
    # Windows wholly after the end are not evaluated: no SLA row, no credit.
    assert [r["window"] for r in card["slas"]] == q3
    assert [r["window"] for r in card["credits"]] == q3


def test_a_contract_ending_mid_month_earns_on_the_share_of_days_in_force(
    run: Run, root: Path
) -> None:
    write_contract(root, "2025-01-01", term="end: 2026-09-10\n")
    write_availability(root, {"2026-08": "99.5", "2026-09": "99.5", "2026-10": "99.5"})
    # September: 10 of 30 days, 1000 x 10/30 x 10% = 33.33; October is after the end.
    assert credits(run, root, "2026") == [
        ("acme-msa", "2026-08", 10, 100),
        ("acme-msa", "2026-09", 10, D("33.33")),
    ]
    assert sla_rows(scorecard(run, root, "2026-Q3")) == [
        ("2026-07", None, None, 0),
        ("2026-08", D("99.5"), False, 100),
        ("2026-09", D("99.5"), False, D("33.33")),
    ]
    assert scorecard(run, root, "2026-Q4")["slas"] == []


def test_a_measurement_after_the_end_does_not_count(run: Run, root: Path) -> None:
    # Ended 14 February: March's bad month is not the contract's; February's counts.
    write_contract(root, "2025-01-01", term="end: 2026-02-14\n", window="quarterly")
    write_availability(root, {"2026-01": "99.95", "2026-02": "99.95", "2026-03": "90"})
    (row,) = scorecard(run, root, "2026-Q1")["slas"]
    assert (row["value"], row["met"], row["credit_amount"]) == (D("99.95"), True, 0)
    assert credits(run, root, "2026-Q1") == []


def test_a_contract_in_force_all_the_window_is_charged_in_full(run: Run, root: Path) -> None:
    write_contract(root, "2025-01-01", term="end: 2027-12-31\n", window="quarterly")
    write_availability(root, {"2026-07": "99.95", "2026-08": "99.5", "2026-09": "98.5"})
    # The mean of all three months, 99.3167, on the whole quarter's charges: 3000 x 10%.
    assert credits(run, root, "2026-Q3") == [("acme-msa", "2026-Q3", 10, 300)]
    monthly = root / "vendors/acme/contracts/msa.yaml"
    monthly.write_text(monthly.read_text().replace("window: quarterly", "window: monthly"))
    assert credits(run, root, "2026-Q3") == [
        ("acme-msa", "2026-08", 10, 100),
        ("acme-msa", "2026-09", 25, 250),
    ]
