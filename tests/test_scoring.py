"""Scoring: attainment, aggregation, weighted score with renormalisation, standings."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorctl.compute.scoring import aggregate, attainment, score, standing, value_in
from vendorctl.model.periods import parse
from vendorctl.model.settings import DEFAULT_STANDINGS
from vendorctl.model.vendor import KpiDefinition


@pytest.mark.parametrize(
    ("value", "target", "floor", "direction", "expected"),
    [
        ("99.9", "99.9", "99.0", "higher", "100"),  # meeting the target exactly is full marks
        ("100", "99.9", "99.0", "higher", "100"),
        ("99.0", "99.9", "99.0", "higher", "0"),  # at the floor
        ("98", "99.9", "99.0", "higher", "0"),
        ("99.45", "99.9", "99.0", "higher", "50"),  # half way
        ("99.72", "99.9", "99.0", "higher", "80"),
        ("15", "15", "60", "lower", "100"),
        ("60", "15", "60", "lower", "0"),
        ("37.5", "15", "60", "lower", "50"),
        ("24", "15", "60", "lower", "80"),
        ("99.89", "99.9", None, "higher", "0"),  # no floor: binary
        ("99.9", "99.9", None, "higher", "100"),
        ("16", "15", None, "lower", "0"),
        ("15", "15", None, "lower", "100"),
    ],
)
def test_attainment(
    value: str, target: str, floor: str | None, direction: str, expected: str
) -> None:
    got = attainment(D(value), D(target), D(floor) if floor else None, direction)  # type: ignore[arg-type]
    assert got == D(expected)


def test_aggregation_rules() -> None:
    values = [D("99.95"), D("99.97"), D("99.99")]
    assert aggregate(values, "mean") == D("99.97")  # exact in decimal, unlike binary floats
    assert aggregate(values, "sum") == D("299.91")
    assert aggregate(values, "min") == D("99.95")
    assert aggregate(values, "max") == D("99.99")
    assert aggregate([D(3), D(1), D(2)], "last") == D(2)


def kpi(
    id: str, target: float, floor: float | None = None, weight: float = 1, **extra: object
) -> KpiDefinition:
    return KpiDefinition(id=id, name=id, target=target, floor=floor, weight=weight, **extra)  # type: ignore[arg-type]


def months(**values: str) -> dict:
    return {parse(k.replace("_", "-")): D(v) for k, v in values.items()}


def test_value_in_uses_an_exact_period_measurement_before_aggregating() -> None:
    quarterly = kpi("q", 95, frequency="quarterly")
    series = {parse("2026-Q3"): D("97")}
    found = value_in(quarterly, series, parse("2026-Q3"))
    assert found is not None and (found.value, found.points) == (D(97), 1)
    monthly = kpi("m", 95, aggregation="min")
    series = months(**{"2026_07": "99", "2026_08": "96", "2026_10": "90"})
    found = value_in(monthly, series, parse("2026-Q3"))
    assert found is not None and (found.value, found.points, found.expected) == (D(96), 2, 3)
    assert value_in(monthly, series, parse("2026-Q2")) is None


def test_score_renormalises_over_kpis_with_data_and_reports_coverage() -> None:
    kpis = [kpi("a", 100, 0, weight=3), kpi("b", 100, 0, weight=1), kpi("c", 100, 0, weight=4)]
    series = {"a": months(**{"2026_07": "50"}), "b": months(**{"2026_07": "100"})}
    result = score(kpis, series, parse("2026-07"))
    # (3 * 50 + 1 * 100) / 4 = 62.5, over half of the weight (4 of 8)
    assert result.score == D("62.5")
    assert result.coverage == D(50)
    assert [p.attainment for p in result.kpis] == [D(50), D(100), None]


def test_no_data_gives_no_score_never_100() -> None:
    result = score([kpi("a", 99.9, 99)], {}, parse("2026-Q3"))
    assert result.score is None and result.coverage == 0
    assert score([], {}, parse("2026-Q3")).score is None


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("0", "at-risk"),
        ("49.99", "at-risk"),
        ("50", "needs-attention"),
        ("70", "good"),
        ("84.999", "good"),
        ("85", "excellent"),
        ("100", "excellent"),
    ],
)
def test_standing_bands(value: str, band: str) -> None:
    found = standing(D(value), DEFAULT_STANDINGS)
    assert found is not None and found.id == band
    assert standing(None, DEFAULT_STANDINGS) is None


values = st.decimals(
    min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=3
)


@given(values, values, values, values, st.sampled_from(["higher", "lower"]), st.booleans())
def test_a_better_value_never_lowers_attainment(
    a: D, b: D, target: D, spread: D, direction: str, with_floor: bool
) -> None:
    spread = abs(spread) + D("0.001")
    floor = (target - spread if direction == "higher" else target + spread) if with_floor else None
    worse, better = sorted([a, b]) if direction == "higher" else sorted([a, b], reverse=True)
    low = attainment(worse, target, floor, direction)  # type: ignore[arg-type]
    high = attainment(better, target, floor, direction)  # type: ignore[arg-type]
    assert D(0) <= low <= high <= D(100)


@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(1, 10)), min_size=1, max_size=6),
    st.integers(1, 10),
)
def test_a_kpi_without_data_does_not_change_the_score(
    parts: list[tuple[int, int]], extra: int
) -> None:
    kpis = [kpi(f"k{i}", 100, 0, weight=w) for i, (_, w) in enumerate(parts)]
    series = {f"k{i}": months(**{"2026_07": str(v)}) for i, (v, _) in enumerate(parts)}
    base = score(kpis, series, parse("2026-07"))
    more = score([*kpis, kpi("silent", 100, 0, weight=extra)], series, parse("2026-07"))
    assert more.score == base.score
    total = sum(w for _, w in parts)
    assert more.coverage == D(total) / D(total + extra) * 100


def test_summed_kpis_are_held_to_a_target_per_measurement_period() -> None:
    kpi = KpiDefinition(
        id="p1", name="P1 incidents", direction="lower", target=2, floor=6, aggregation="sum"
    )
    series = {"p1": {parse(m): D(2) for m in ("2026-07", "2026-08", "2026-09")}}
    assert score([kpi], series, parse("2026-07")).score == 100
    assert score([kpi], series, parse("2026-Q3")).score == 100  # 6 against 3 x 2
