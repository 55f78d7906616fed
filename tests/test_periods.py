"""Periods: parsing, labels, fiscal years, arithmetic, and the years periods and dates may name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl.model.periods import Period, PeriodError, containing, parse


@pytest.mark.parametrize(
    ("text", "fiscal", "label", "start", "end"),
    [
        ("2026-07", 1, "2026-07", date(2026, 7, 1), date(2026, 7, 31)),
        ("2024-02", 1, "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q3", 1, "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q1", 1, "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026", 1, "2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("FY2026", 1, "2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("FY2027-Q1", 4, "FY2027-Q1", date(2026, 4, 1), date(2026, 6, 30)),
        ("FY2027-Q4", 4, "FY2027-Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("FY2027", 4, "FY2027", date(2026, 4, 1), date(2027, 3, 31)),
        ("FY2027", 10, "FY2027", date(2026, 10, 1), date(2027, 9, 30)),
        ("2026-11", 4, "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ],
)
def test_parse_and_label(text: str, fiscal: int, label: str, start: date, end: date) -> None:
    period = parse(text, fiscal)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse(period.label, fiscal) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26-07", "2026-7", "FY26", ""])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError, match="is not a period"):
        parse(text)


def test_calendar_quarters_are_refused_in_a_fiscal_portfolio() -> None:
    with pytest.raises(PeriodError, match="fiscal year starts in April: write fiscal quarters"):
        parse("2026-Q3", 4)


def test_shift_months_split_contains() -> None:
    q3 = parse("2026-Q3")
    assert q3.shift(-1).label == "2026-Q2"
    assert q3.shift(2).label == "2027-Q1"
    assert [m.label for m in q3.months()] == ["2026-07", "2026-08", "2026-09"]
    assert [q.label for q in parse("2026").split("quarter")] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert q3.contains(parse("2026-09")) and not q3.contains(parse("2026-10"))
    assert parse("2026").contains(q3) and not q3.contains(parse("2026"))


def test_containing_and_enclosing() -> None:
    assert containing(date(2026, 10, 31), "quarter").label == "2026-Q4"
    assert containing(date(2026, 10, 31), "quarter", 4).label == "FY2027-Q3"
    assert containing(date(2027, 3, 31), "year", 4).label == "FY2027"
    assert parse("2026-08").enclosing("quarter") == parse("2026-Q3")
    assert Period(2026 * 12, "month").label == "2026-01"


@pytest.mark.parametrize("period", ["9999-Q4", "9999", "0000-01", "1899-12"])
def test_out_of_range_periods_are_usage_errors(run: Run, portfolio: Path, period: str) -> None:
    result = run("scorecard", "acme", "--period", period, "--root", portfolio)
    assert result.exit_code == 2 and "outside the years 1900 to 2999" in result.stderr


@pytest.mark.parametrize("command", [["validate"], ["renewals"], ["scorecard", "acme"]])
def test_out_of_range_as_of_is_a_usage_error(run: Run, portfolio: Path, command: list[str]) -> None:
    result = run(*command, "--as-of", "9999-12-31", "--root", portfolio)
    assert result.exit_code == 2 and "outside the years 1900 to 2999" in result.stderr
