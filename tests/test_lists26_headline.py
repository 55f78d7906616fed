"""`list` shows of each vendor what its scorecard shows (score, standing, SLA summary, change),
though it works them out by a shorter path: checked against the scorecard on KPIs of every
aggregation and frequency, with monthly, quarterly and yearly SLA windows, in calendar and
fiscal years, as of dates on both sides of a year's end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

VENDOR = "vendors/acme/vendor.yaml"
CONTRACT = "vendors/acme/contracts/msa.yaml"
KPIS = "vendors/acme/kpis/2026.yaml"
HEADLINE = ("period", "score", "standing", "sla_summary", "change", "direction")
DAYS = (
    "2025-02-10",
    "2025-04-15",
    "2025-07-01",
    "2025-12-31",
    "2026-01-15",
    "2026-03-31",
    "2026-04-01",
    "2026-06-30",
    "2026-09-30",
    "2026-10-31",
    "2026-12-31",
)


def _quarter(year: int, quarter: int, fiscal: int) -> str:
    """A quarter as the portfolio must write it: calendar, or fiscal (named by the year it
    ends in) when the fiscal year starts in April."""
    if fiscal == 1:
        return f"{year}-Q{quarter}"
    return f"FY{year + 1}-Q{quarter}"


def _rich(root: Path, fiscal: int) -> None:
    """acme with KPIs of every aggregation and a quarterly one, SLAs over monthly, quarterly
    and yearly windows, and almost two years of measurements (a few missing)."""
    if fiscal != 1:
        settings = root / "vendorctl.yaml"
        settings.write_text(settings.read_text() + f"fiscal_year_start: {fiscal}\n")
    vendor = root / VENDOR
    last = "target: 15, floor: 60}\n"
    vendor.write_text(
        vendor.read_text().replace(
            last,
            last + '  - {id: tickets, name: Tickets in time, unit: "%", target: 90, floor: 70,'
            " weight: 2, aggregation: weighted-mean}\n"
            "  - {id: changes, name: Failed changes, unit: count, direction: lower, target: 2,"
            " floor: 6, aggregation: sum}\n"
            '  - {id: survey, name: Survey, unit: "/5", target: 4.5, floor: 3,'
            " frequency: quarterly}\n"
            '  - {id: peak, name: Peak load, unit: "%", target: 80, weight: 0.5,'
            " aggregation: max}\n",
        )
    )
    contract = root / CONTRACT
    contract.write_text(
        contract.read_text().replace(
            "slas:\n",
            "slas:\n"
            "  - id: tickets-year\n    kpi: tickets\n    target: 85\n    window: yearly\n"
            "    credits:\n      - {below: 85, credit: 5}\n"
            "  - id: survey-quarter\n    kpi: survey\n    target: 4\n    window: quarterly\n"
            "    credits:\n      - {below: 4, credit: 2}\n",
        )
    )
    lines = ["measurements:"]
    for year in (2025, 2026):
        for month in range(1, 13 if year == 2025 else 11):
            i = (year - 2025) * 12 + month
            period = f"{year}-{month:02d}"
            lines += [
                f"  - {{kpi: availability, period: {period}, value: {99 + i * 7 % 11 / 10}}}",
                f"  - {{kpi: response, period: {period}, value: {10 + i * 3 % 13}}}",
                # Met over the second half of a year, not over the whole year.
                f"  - {{kpi: tickets, period: {period}, value: {70 + i % 3 + 25 * (month > 6)},"
                f" weight: {100 + i * 37 % 90}}}",
                f"  - {{kpi: changes, period: {period}, value: {i % 4}}}",
            ]
            if i % 5:
                lines.append(f"  - {{kpi: peak, period: {period}, value: {70 + i * 3 % 20}}}")
        for quarter in range(1, 5 if year == 2025 else 4):
            value = 3.5 + (quarter * 3 + year) % 7 / 5
            lines.append(
                f"  - {{kpi: survey, period: {_quarter(year, quarter, fiscal)}, value: {value}}}"
            )
    (root / KPIS).write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("fiscal", [1, 4])
def test_the_list_shows_the_scorecards_headline(run: Run, portfolio: Path, fiscal: int) -> None:
    _rich(portfolio, fiscal)
    assert run("validate", "--root", portfolio).exit_code == 0
    seen = set()
    for day in DAYS:
        listed = run("list", "--root", portfolio, "-f", "json", "--as-of", day)
        assert listed.exit_code == 0, listed.stderr
        (row,) = json.loads(listed.stdout)["vendors"]
        card = json.loads(
            run("scorecard", "acme", "--root", portfolio, "-f", "json", "--as-of", day).stdout
        )
        assert {key: row[key] for key in HEADLINE} == {key: card[key] for key in HEADLINE}, day
        shown = json.loads(
            run("show", "acme", "--root", portfolio, "-f", "json", "--as-of", day).stdout
        )
        assert shown["headline"] == row
        seen.add((row["score"] is None, row["sla_summary"]["windows"]))
    # Periods with and without a score, with and without a yearly window among their SLAs'.
    assert len(seen) >= 3
