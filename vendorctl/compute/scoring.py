"""Scoring: KPI attainment, aggregation over periods, the weighted vendor score and standings.

All arithmetic is decimal, on the numbers as written in the files, so 99.9 is 99.9 and a mean
of three values never drifts by a binary-float artefact across a target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurement
from vendorctl.model.settings import Standing
from vendorctl.model.vendor import Aggregation, Direction, KpiDefinition

HUNDRED = Decimal(100)
ZERO = Decimal(0)

Series = Mapping[Period, Decimal]


def dec(value: float | int) -> Decimal:
    """The exact decimal of a number as written (repr gives the shortest round-tripping text)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def series_of(
    measurements: Iterable[Measurement], fiscal_start: int
) -> dict[str, dict[Period, Decimal]]:
    """Measurements as decimal values by KPI id and period."""
    found: dict[str, dict[Period, Decimal]] = {}
    for m in measurements:
        found.setdefault(m.kpi, {})[parse(m.period, fiscal_start)] = dec(m.value)
    return found


def attainment(
    value: Decimal, target: Decimal, floor: Decimal | None, direction: Direction
) -> Decimal:
    """0 to 100: 100 at or beyond the target, 0 at or beyond the floor, linear between.

    Without a floor the KPI is binary: 100 if the target is met, else 0.
    """
    if direction == "lower":
        value, target = -value, -target
        floor = -floor if floor is not None else None
    if value >= target:
        return HUNDRED
    if floor is None or value <= floor:
        return ZERO
    return (value - floor) / (target - floor) * HUNDRED


def aggregate(values: Sequence[Decimal], rule: Aggregation) -> Decimal:
    """Combine values (in period order) by the KPI's rule: mean, sum, min, max or last."""
    if not values:
        raise ValueError("nothing to aggregate")
    if rule == "mean":
        return sum(values, ZERO) / len(values)
    if rule == "sum":
        return sum(values, ZERO)
    if rule == "min":
        return min(values)
    if rule == "max":
        return max(values)
    return values[-1]


@dataclass(frozen=True)
class KpiValue:
    """A KPI's value in a period, and the measurements it came from."""

    value: Decimal
    points: int
    expected: int


def value_in(kpi: KpiDefinition, series: Series, period: Period) -> KpiValue | None:
    """The KPI's value over `period`: its own measurement for exactly that period if there is one,
    else its measurements inside the period combined by the KPI's aggregation rule."""
    exact = series.get(period)
    if exact is not None:
        return KpiValue(exact, 1, 1)
    inside = sorted((p, v) for p, v in series.items() if period.contains(p))
    if not inside:
        return None
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[kpi.frequency]
    expected = max(1, period.length // step)
    return KpiValue(aggregate([v for _, v in inside], kpi.aggregation), len(inside), expected)


@dataclass(frozen=True)
class KpiScore:
    """One KPI's part in a vendor's score for a period."""

    kpi: KpiDefinition
    value: KpiValue | None
    attainment: Decimal | None
    weight: Decimal

    @property
    def met(self) -> bool | None:
        """Whether the KPI's target was met, or None without data."""
        return None if self.attainment is None else self.attainment == HUNDRED


@dataclass(frozen=True)
class Score:
    """A vendor's score for a period: None when no KPI has data, never a made-up 100."""

    period: Period
    score: Decimal | None
    coverage: Decimal
    kpis: tuple[KpiScore, ...]


def score(kpis: Iterable[KpiDefinition], series: Mapping[str, Series], period: Period) -> Score:
    """The weighted mean of attainments over the KPIs with data in `period`.

    The weights of KPIs without data are left out and the rest renormalised; coverage is the
    share of the total weight that has data.
    """
    parts = []
    for kpi in kpis:
        found = value_in(kpi, series.get(kpi.id, {}), period)
        reached = None
        if found is not None:
            # A summed KPI's target and floor are per measurement period: a quarter of monthly
            # values is held to three months' worth.
            scale = Decimal(found.expected) if kpi.aggregation == "sum" else Decimal(1)
            floor = dec(kpi.floor) * scale if kpi.floor is not None else None
            reached = attainment(found.value, dec(kpi.target) * scale, floor, kpi.direction)
        parts.append(KpiScore(kpi, found, reached, dec(kpi.weight)))
    total = sum((p.weight for p in parts), ZERO)
    covered = [p for p in parts if p.attainment is not None]
    weight = sum((p.weight for p in covered), ZERO)
    if not covered or weight == 0:
        return Score(period, None, ZERO, tuple(parts))
    value = sum((p.weight * p.attainment for p in covered if p.attainment is not None), ZERO)
    return Score(period, value / weight, weight / total * HUNDRED, tuple(parts))


def standing(value: Decimal | None, bands: Sequence[Standing]) -> Standing | None:
    """The band a score falls in: min inclusive, max exclusive, except 100 in the top band."""
    if value is None:
        return None
    top = max(bands, key=lambda b: b.max, default=None)
    for band in bands:
        low, high = dec(band.min), dec(band.max)
        if low <= value < high or (band is top and value == high):
            return band
    return None
