"""Working out less never changes a result.

The claims check and the credit policies make decimals only of the measurements they can use (the
months claimed; the months from the first window the policies can report on), a contract's
credits are judged over the months from its first measurement to the date rather than over
whole years, and the decimal of a float is kept per value. The same portfolios judged the long
way (every measurement made decimal, whole years judged) give the same output, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BASE, BENCH_GENERATOR, REPO, Run
from vendorctl.checks import claims
from vendorctl.compute import scoring
from vendorctl.compute.scoring import dec
from vendorctl.compute.sla import ContractCredit, ContractSlas, Months, months_of
from vendorctl.model.periods import Period
from vendorctl.model.records import Measurement
from vendorctl.policies import credits

# The settings' own date, one before most data, one after every claim-by date.
DATES = (None, "2025-12-01", "2027-06-30")


def _every_measurement(
    measurements: Iterable[Measurement], fiscal_start: int, **_: object
) -> dict[str, dict[Period, Decimal]]:
    """`series_of` without its choice of KPIs and months: every measurement made decimal."""
    return scoring.series_of(measurements, fiscal_start)


_MONTH_RANGE = ContractSlas.credits_between


def _whole_years(
    slas: ContractSlas,
    series: Any,
    months: Months,
    fiscal_start: int,
    skip: Any = (),
) -> list[ContractCredit]:
    """`ContractSlas.credits_between` the long way: every window of every (fiscal) year the
    months touch is judged, then those that end outside them are dropped."""
    first, last = months
    year = Period(first, "month", fiscal_start).enclosing("year")
    found = []
    while year.first <= last:
        found.extend(_MONTH_RANGE(slas, series, months_of(year), fiscal_start, skip))
        year = year.shift(1)
    return [c for c in found if first <= months_of(c.window)[1] <= last]


def _outputs(run: Run, root: Path) -> list[tuple[int, str]]:
    """What validate (checks and policies) and the credit work list print, on each date."""
    found = []
    for day in DATES:
        dated = ("--as-of", day) if day else ()
        for command in (
            ("validate", "--format", "json", "--jobs", "1", "--no-cache"),
            ("credits", "--outstanding", "--format", "json", "--no-cache"),
        ):
            result = run(*command, "--root", root, *dated)
            found.append((result.exit_code, result.stdout))
    return found


@pytest.fixture(params=["generated", "base", "repository"])
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A portfolio with claims and credits: the benchmark's (many claims, lapses), the test
    portfolio, and the repository's own (amendments, quarterly and yearly SLAs)."""
    if request.param == "generated":
        made = tmp_path / "generated"
        BENCH_GENERATOR.generate(made, 8, seed=5, warning_share=0.5)
        return made
    return BASE if request.param == "base" else REPO


def test_the_long_way_gives_the_same_output(
    run: Run, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = _outputs(run, root)
    monkeypatch.setattr(claims, "series_of", _every_measurement)
    monkeypatch.setattr(credits, "series_of", _every_measurement)
    monkeypatch.setattr(ContractSlas, "credits_between", _whole_years)
    assert _outputs(run, root) == quick
    # Policies and the work list found credits to judge (the test portfolio has only claims).
    assert root == BASE or any('"credit-' in out for _, out in quick)


def test_a_negative_zero_is_never_a_cached_zero() -> None:
    assert str(dec(0.0)) == "0.0"
    assert str(dec(-0.0)) == "-0.0"
    assert str(dec(0.0)) == "0.0"


@given(st.lists(st.floats(allow_nan=False) | st.integers(-(10**20), 10**20), max_size=40))
def test_the_kept_decimal_of_a_number_is_its_decimal(numbers: list[float | int]) -> None:
    for number in [*numbers, *numbers]:  # the second time from what was kept
        expected = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
        made = dec(number)
        assert str(made) == str(expected)  # the sign and the digits as written
