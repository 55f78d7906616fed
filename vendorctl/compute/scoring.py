"""Scoring: KPI attainment, aggregation over periods, the weighted vendor score and standings.

All arithmetic is decimal, on the numbers as written in the files, so 99.9 is 99.9 and a mean
of three values never drifts by a binary-float artefact across a target.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurement
from vendorctl.model.settings import Standing
from vendorctl.model.vendor import Aggregation, Direction, KpiDefinition

HUNDRED = Decimal(100)
ZERO = Decimal(0)

Series = Mapping[Period, Decimal]
# The series of a KPI without measurements (never changed).
_NO_POINTS: Series = MappingProxyType({})
# A period text not met yet in `series_of` (None there means: met, and not wanted).
_UNSEEN = Period(0, "month")
# The months between two measurements of a KPI, by its frequency.
_MONTHS_PER = {"monthly": 1, "quarterly": 3, "yearly": 12}


def dec(value: float | int) -> Decimal:
    """The exact decimal of a number as written (repr gives the shortest round-tripping text)."""
    if not isinstance(value, float):
        return Decimal(value)
    # 0.0 and -0.0 are equal keys to a cache, but not the same decimal.
    return _float_dec(value) if value else Decimal(repr(value))


@lru_cache(maxsize=4096)  # a portfolio's measurements repeat a few hundred values over and over
def _float_dec(value: float) -> Decimal:
    return Decimal(repr(value))


class Weighed(Decimal):
    """A measured value that carries its measurement's weight (e.g. ticket volume).

    The weight rides on the value, not beside it, so that every series a caller filters or
    copies (an SLA window's months in force, a redacted vendor) keeps the weights without
    knowing of them; arithmetic on it gives plain decimals."""

    __slots__ = ("weight",)
    weight: Decimal

    def __new__(cls, value: Decimal, weight: Decimal) -> Weighed:
        """`value` weighted by `weight`."""
        made = super().__new__(cls, value)
        made.weight = weight
        return made

    # Decimal's own pickles the number alone, which would not even unpickle here (no weight):
    # typeshed types it as exactly that, hence the ignore.
    def __reduce__(self) -> tuple[type[Weighed], tuple[str, Decimal]]:  # type: ignore[override]
        return (Weighed, (str(self), self.weight))


def weight_of(value: Decimal) -> Decimal | None:
    """The weight a series value carries, or None for a measurement without one."""
    return value.weight if isinstance(value, Weighed) else None


def series_of(
    measurements: Iterable[Measurement],
    fiscal_start: int,
    *,
    kpis: Container[str] | None = None,
    months: Container[int] | None = None,
) -> dict[str, dict[Period, Decimal]]:
    """Measurements as decimal values by KPI id and period (with their weights, if given):
    only those of the KPIs in `kpis` and of periods that begin in one of `months` (by number,
    year * 12 + month - 1), if given; the others are never made decimals."""
    found: dict[str, dict[Period, Decimal]] = {}
    # Each period written, parsed and judged once per call (None: not of `months`): a vendor
    # writes each some ten times, once per KPI.
    wanted: dict[str, Period | None] = {}
    # It runs once per measurement of every vendor: a file lists a KPI's measurements one after
    # the other, so the KPI is judged and its series found when it changes, not per
    # measurement; `dec` is inlined for the common float.
    current: str | None = None
    keep = False
    points: dict[Period, Decimal] | None = None
    for m in measurements:
        kpi = m.kpi
        if kpi != current:
            current = kpi
            keep = kpis is None or kpi in kpis
            points = found.get(kpi)
        if not keep:
            continue
        text = m.period
        period = wanted.get(text, _UNSEEN)
        if period is _UNSEEN:
            period = parse(text, fiscal_start)
            if months is not None and period.first not in months:
                period = None
            wanted[text] = period
        if period is None:
            continue
        number = m.value
        value = _float_dec(number) if number and type(number) is float else dec(number)
        if m.weight is not None:
            value = Weighed(value, dec(m.weight))
        if points is None:  # the KPI's first measurement kept
            points = found[kpi] = {}
        points[period] = value
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


def total_weight(values: Iterable[Decimal]) -> Decimal | None:
    """The sum of the values' weights, or None if any has no weight."""
    weights = [weight_of(v) for v in values]
    if any(w is None for w in weights):
        return None
    return sum((w for w in weights if w is not None), ZERO)


def weighted_mean(values: Sequence[Decimal]) -> Decimal | None:
    """sum(value x weight) / sum(weight), exact: a quarter's share of tickets met is met over
    total, not a mean of the months' shares. None without a value to give: a value without a
    weight (`validate` reports it), or a total weight of 0 (nothing was counted)."""
    total = total_weight(values)
    if not total:
        return None
    return sum((v * (weight_of(v) or ZERO) for v in values), ZERO) / total


def aggregate(values: Sequence[Decimal], rule: Aggregation) -> Decimal | None:
    """Combine values (in period order) by the KPI's rule: mean, weighted-mean (None without a
    weighted value to give: see `weighted_mean`), sum, min, max or last."""
    if not values:
        raise ValueError("nothing to aggregate")
    if rule == "weighted-mean":
        return weighted_mean(values)
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
    weight: Decimal | None = None  # the total weight, for a weighted-mean KPI


def _behind(series: Series, period: Period) -> list[Decimal]:
    """The values a KPI's value over `period` is made of: its measurement for exactly that
    period if there is one, else its measurements of periods inside it, in period order."""
    exact = series.get(period)
    if exact is not None:
        return [exact]
    return _inside(series, period)


# The months of a period, by its kind (`Period.length`).
_LENGTH = {"month": 1, "quarter": 3, "year": 12}


def _inside(series: Series, period: Period) -> list[Decimal]:
    """The values of the periods inside `period`, in period order."""
    # `period.contains(p)`, with the period's bounds taken once for the whole series (and the
    # length of each period by its kind: `Period.length` is a Python-level property).
    first = period.first
    end = first + _LENGTH[period.kind]
    inside = [p for p in series if first <= p[0] and p[0] + _LENGTH[p[1]] <= end]
    if len(inside) > 1:
        inside.sort()  # the periods alone, compared as tuples in C: never their values
    return [series[p] for p in inside]


def weight_in(kpi: KpiDefinition, series: Series, period: Period) -> Decimal | None:
    """The total weight behind a weighted-mean KPI's value over `period` (0: measured, but no
    value to give); None for other KPIs, without measurements, or with one lacking a weight."""
    if kpi.aggregation != "weighted-mean":
        return None
    values = _behind(series, period)
    return total_weight(values) if values else None


def value_in(kpi: KpiDefinition, series: Series, period: Period) -> KpiValue | None:
    """The KPI's value over `period`: its own measurement for exactly that period if there is one,
    else its measurements inside the period combined by the KPI's aggregation rule.

    A weighted-mean KPI has no value where its total weight is 0, even from one measurement: a
    share of nothing counted is no value to score or to hold to an SLA."""
    weighted = kpi.aggregation == "weighted-mean"
    exact = series.get(period)
    if exact is not None and not weighted:
        return KpiValue(exact, 1, 1)
    # `_behind`, without looking the period up again.
    values = [exact] if exact is not None else _inside(series, period)
    if not values:
        return None
    value = aggregate(values, kpi.aggregation)
    if value is None:
        return None
    step = _MONTHS_PER[kpi.frequency]
    expected = 1 if exact is not None else max(1, period.length // step)
    return KpiValue(value, len(values), expected, total_weight(values) if weighted else None)


def value_of(kpi: KpiDefinition, series: Series, period: Period) -> Decimal | None:
    """The KPI's value over `period`, as `value_in` gives it, without the measurements behind
    it: what judging an SLA window needs."""
    if kpi.aggregation != "weighted-mean":
        exact = series.get(period)
        if exact is not None:
            return exact
    found = value_in(kpi, series, period)
    return None if found is None else found.value


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
        found = value_in(kpi, series.get(kpi.id, _NO_POINTS), period)
        reached = None
        if found is not None:
            target = dec(kpi.target)
            floor = dec(kpi.floor) if kpi.floor is not None else None
            if kpi.aggregation == "sum":
                # A summed KPI's target and floor are per measurement period: a quarter of
                # monthly values is held to three months' worth. (Any other is scaled by 1,
                # which changes neither digits nor exponent: not done.)
                scale = Decimal(found.expected)
                target = target * scale
                floor = floor * scale if floor is not None else None
            reached = attainment(found.value, target, floor, kpi.direction)
        parts.append(KpiScore(kpi, found, reached, dec(kpi.weight)))
    total = sum((p.weight for p in parts), ZERO)
    covered = [p for p in parts if p.attainment is not None]
    weight = sum((p.weight for p in covered), ZERO)
    if not covered or weight == 0:
        return Score(period, None, ZERO, tuple(parts))
    value = sum((p.weight * p.attainment for p in covered if p.attainment is not None), ZERO)
    return Score(period, value / weight, weight / total * HUNDRED, tuple(parts))


def score_values(
    kpis: Iterable[KpiDefinition], series: Mapping[str, Series], spans: Sequence[Period]
) -> list[Decimal | None]:
    """`score(kpis, series, span).score` for each of `spans`, in order: the scores alone,
    without the per-KPI parts a scorecard shows, each KPI's target, floor and weight made
    decimals once for every span and a KPI without measurements passed over (what `list` and
    the index show of two periods)."""
    # The sums `score` makes, span by span in the order of the KPIs, so the digits are the same.
    sums = [ZERO] * len(spans)
    weights = [ZERO] * len(spans)
    covered = [False] * len(spans)
    for kpi in kpis:
        points = series.get(kpi.id)
        if not points:
            continue  # no value in any span: its weight only counts in the coverage
        rule = kpi.aggregation
        target = dec(kpi.target)
        floor = dec(kpi.floor) if kpi.floor is not None else None
        share = dec(kpi.weight)
        for index, span in enumerate(spans):
            # `value_in`, without a `KpiValue` made.
            exact = points.get(span)
            if exact is not None and rule != "weighted-mean":
                value = exact
            else:
                inside = [exact] if exact is not None else _inside(points, span)
                found = aggregate(inside, rule) if inside else None
                if found is None:
                    continue
                value = found
            if rule == "sum":
                # As `score`: a summed KPI's target and floor are per measurement period, as
                # many as `value_in` expects in the span.
                step = _MONTHS_PER[kpi.frequency]
                scale = Decimal(1 if exact is not None else max(1, span.length // step))
                reached = attainment(
                    value,
                    target * scale,
                    floor * scale if floor is not None else None,
                    kpi.direction,
                )
            else:
                reached = attainment(value, target, floor, kpi.direction)
            covered[index] = True
            weights[index] = weights[index] + share
            sums[index] = sums[index] + share * reached
    return [
        total / weight if is_covered and weight != 0 else None
        for total, weight, is_covered in zip(sums, weights, covered, strict=True)
    ]


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
