"""Changes to what was measured: new measurements, past ones rewritten or deleted, and the score
of the latest period that follows from them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from vendorctl.changes import Change
from vendorctl.changes.shown import plain
from vendorctl.compute import scoring, standing
from vendorctl.model import Contract, Settings, Vendor
from vendorctl.model.periods import Period

# A measurement is the same one in both versions if it is for the same KPI and months, whatever
# file holds it: files can be renamed, split or merged freely.
Key = tuple[str, int, str]
Values = Mapping[str, Mapping[Period, Decimal]]


def _flat(series: Values) -> dict[Key, tuple[Period, Decimal]]:
    return {
        (kpi, period.first, period.kind): (period, value)
        for kpi, points in series.items()
        for period, value in points.items()
    }


def measurement_changes(
    vendor: str, before: Values, after: Values, units: Mapping[str, str]
) -> Iterator[Change]:
    """New measurements (one change per vendor), and each past one rewritten or removed."""
    old, new = _flat(before), _flat(after)
    added = sorted(new.keys() - old.keys(), key=lambda k: (k[1], k[0]))
    if added:
        span = _periods(sorted({new[k][0] for k in added}))
        kpis = ", ".join(sorted({k[0] for k in added}))
        data: dict[str, Any] = {
            "added": [
                _weighed(
                    {"kpi": k[0], "period": new[k][0].label, "value": float(new[k][1])}, new[k][1]
                )
                for k in added
            ]
        }
        what = f"{len(added)} added"
        yield Change(
            "measurements-added", vendor, "measurements", what, None, f"{span}: {kpis}", data
        )
    for key in sorted(old.keys() & new.keys(), key=lambda k: (k[0], k[1])):
        (period, was), (_, now) = old[key], new[key]
        # The weight counts like the value: it moves a weighted-mean KPI's quarter as much.
        reweighed = scoring.weight_of(was) != scoring.weight_of(now)
        if was != now or reweighed:
            unit = units.get(key[0], "")
            point = {
                "kpi": key[0],
                "period": period.label,
                "before": float(was),
                "after": float(now),
            }
            what = "value rewritten"
            if reweighed:
                point["weight_before"] = _float(scoring.weight_of(was))
                point["weight_after"] = _float(scoring.weight_of(now))
                what = "value and weight rewritten" if was != now else "weight rewritten"
            yield Change(
                "measurement-rewritten",
                vendor,
                f"KPI {key[0]}, {new[key][0].label}",
                what,
                _shown(was, unit, reweighed),
                _shown(now, unit, reweighed),
                point,
            )
    yield from _removed(vendor, [old[k] + (k[0],) for k in old.keys() - new.keys()], units)


def _weighed(point: dict[str, Any], value: Decimal) -> dict[str, Any]:
    """A new measurement's data, with its weight if it has one (without, as before weights)."""
    weight = scoring.weight_of(value)
    return point if weight is None else point | {"weight": float(weight)}


def _float(weight: Decimal | None) -> float | None:
    return None if weight is None else float(weight)


def _shown(value: Decimal, unit: str, weighed: bool) -> str | None:
    """A measured value as written, and its weight where the weight is what changed."""
    shown = plain(value, unit)
    if not weighed:
        return shown
    weight = scoring.weight_of(value)
    return f"{shown} (weight {plain(weight) if weight is not None else 'none'})"


def _removed(
    vendor: str, gone: list[tuple[Period, Decimal, str]], units: Mapping[str, str]
) -> Iterator[Change]:
    """Deleted measurements, one change per KPI: a folder deleted by mistake is a few lines."""
    by_kpi: dict[str, list[tuple[Period, Decimal]]] = {}
    for period, value, kpi in gone:
        by_kpi.setdefault(kpi, []).append((period, value))
    for kpi, points in sorted(by_kpi.items()):
        points.sort()
        data = {
            "kpi": kpi,
            "removed": [{"period": p.label, "value": float(v)} for p, v in points],
        }
        if len(points) == 1:
            (period, value), unit = points[0], units.get(kpi, "")
            subject, shown = f"KPI {kpi}, {period.label}", plain(value, unit)
            yield Change("measurement-removed", vendor, subject, "removed", shown, None, data)
        else:
            span = _periods([period for period, _ in points])
            what = f"{len(points)} removed"
            yield Change("measurement-removed", vendor, f"KPI {kpi}", what, span, None, data)


def _periods(periods: list[Period]) -> str:
    """A few periods listed, many as a count and a span (which need not be contiguous)."""
    if len(periods) <= 3:
        return ", ".join(p.label for p in periods)
    return f"{len(periods)} periods, {periods[0].label} to {periods[-1].label}"


def score_change(
    vendor: str,
    period: Period,
    before: tuple[Vendor, Values, Settings, Sequence[Contract]],
    after: tuple[Vendor, Values, Settings, Sequence[Contract]],
) -> Iterator[Change]:
    """The score and standing of `period` in both versions, if the shown score or the shown
    standing (capped by the period's SLA breaches, as the reports show it) moved."""
    old_vendor, old_series, old_settings, old_contracts = before
    new_vendor, new_series, new_settings, new_contracts = after
    old_period = period._replace(fiscal_start=old_settings.fiscal_year_start)
    was = scoring.score(old_vendor.kpis, old_series, old_period).score
    now = scoring.score(new_vendor.kpis, new_series, period).score
    was_shown, now_shown = standing.shown_score(was), standing.shown_score(now)
    old_breached = standing.sla_summary(
        old_contracts, old_vendor.kpis, old_series, old_period, old_settings.currency
    ).breached
    new_breached = standing.sla_summary(
        new_contracts, new_vendor.kpis, new_series, period, new_settings.currency
    ).breached
    old_band = standing.shown(was, old_settings, old_breached).band
    new_band = standing.shown(now, new_settings, new_breached).band
    moved = (old_band and old_band.label) != (new_band and new_band.label)
    if was_shown == now_shown and not moved:  # new bands, or a breach, can move the same score
        return
    yield Change(
        "standing-changed" if moved else "score-changed",
        vendor,
        "score",
        f"score for {period.label}",
        _score_text(was_shown, old_band.label if old_band else None),
        _score_text(now_shown, new_band.label if new_band else None),
        {
            "period": period.label,
            "before": None if was_shown is None else float(was_shown),
            "after": None if now_shown is None else float(now_shown),
            "standing_before": old_band.id if old_band else None,
            "standing_after": new_band.id if new_band else None,
        },
    )


def _score_text(score: Decimal | None, band: str | None) -> str:
    if score is None:
        return "no data"
    return f"{score:.1f} ({band})" if band else f"{score:.1f}"
