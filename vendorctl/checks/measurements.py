"""Measurement checks: one value per KPI and period, at the KPI's frequency, weighted where the
KPI is combined by weight."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio, Record, VendorFiles
from vendorctl.model import periods
from vendorctl.model.records import Measurements

_FREQUENCY = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class _Spelled:
    """What both measurement checks first judge a vendor by: its periods as written (each
    once, whatever the KPI), and, if all parse, how many distinct periods they name and of
    which kinds."""

    count: int  # periods as written, each once
    named: int | None  # distinct periods they name; None if one does not parse
    kinds: frozenset[str]  # the kinds of those periods (empty if one does not parse)


# The measured periods `_spelled` last judged, and what it found: both checks of a vendor ask
# in turn. The dict is held, so the identity compared cannot be that of another object.
_LAST_SPELLED: list[tuple[Mapping[str, tuple[str, ...]], int, _Spelled]] = []


def _spelled(files: VendorFiles, fiscal_start: int) -> _Spelled:
    """The vendor's periods as written, judged once for both measurement checks."""
    measured = files.measured
    if _LAST_SPELLED:
        last, fiscal, found = _LAST_SPELLED[0]
        if last is measured and fiscal == fiscal_start:
            return found
    spelled = set().union(*measured.values())
    try:
        parsed = [periods.parse(text, fiscal_start) for text in spelled]
    except periods.PeriodError:
        found = _Spelled(len(spelled), None, frozenset())
    else:
        named = len({(p.first, p.kind) for p in parsed})
        found = _Spelled(len(spelled), named, frozenset(p.kind for p in parsed))
    _LAST_SPELLED[:] = [(measured, fiscal_start, found)]
    return found


def _no_duplicates(files: VendorFiles, fiscal_start: int) -> bool:
    """True when no KPI can have two values for one period: no (KPI, period as written) pair
    repeats and no two spellings name the same period. Both measurement checks first judge a
    vendor whole like this, from the periods each KPI has data for; only a vendor with a
    problem is gone through measurement by measurement."""
    count = sum(len(record.model.measurements) for record in files.measurements)
    if sum(len(written) for written in files.measured.values()) != count:
        return False
    spelled = _spelled(files, fiscal_start)
    return spelled.named == spelled.count


@check
def one_measurement_per_period(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Each KPI has at most one value per period (however it is spelled), across all files."""
    fiscal_start = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    for files in portfolio.vendors.values():
        if _no_duplicates(files, fiscal_start):
            continue
        seen = FirstSeen("measurement of", code="duplicate-measurement")
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                try:
                    period = periods.parse(m.period, fiscal_start)
                except periods.PeriodError:
                    continue  # reported by measurement_periods
                # The period's fields, not the Period: a tuple of str and ints hashes in C,
                # which counts over hundreds of thousands of measurements (one fiscal calendar).
                yield from seen.add(
                    (m.kpi, period.first, period.kind),
                    record.doc,
                    ("measurements", index),
                    f"{m.kpi} for {m.period}",
                )


@check
def measurement_periods(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A KPI's values are given for periods of its frequency, in the portfolio's fiscal calendar."""
    fiscal_start = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        frequency = {kpi.id: kpi.frequency for kpi in files.vendor.model.kpis}
        if _all_fit(files, frequency, fiscal_start):
            continue
        kinds: dict[str, set[str]] = {}
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                loc = ("measurements", index, "period")
                try:
                    period = periods.parse(m.period, fiscal_start)
                except periods.PeriodError as exc:
                    yield record.doc.diagnostic(loc, "period-frequency", str(exc))
                    continue
                expected = frequency.get(m.kpi)
                found = _FREQUENCY[period.kind]
                if expected is not None and found != expected:
                    # Setting the KPI's frequency fixes it only when all its values agree.
                    alike = kinds.setdefault(m.kpi, _kinds(files, m.kpi, fiscal_start)) == {found}
                    instead = f", or set `frequency: {found}` on the KPI in vendor.yaml"
                    instead = instead if alike else ""
                    yield record.doc.diagnostic(
                        loc,
                        "period-frequency",
                        f"KPI `{m.kpi}` is measured {expected}, but {m.period} is a "
                        f"{period.kind}; give one value per {_NOUN[expected]}{instead}",
                    )


def _kinds(files: VendorFiles, kpi: str, fiscal_start: int) -> set[str]:
    """The frequencies (monthly, quarterly, yearly) of the periods a KPI has values for."""
    found: set[str] = set()
    for text in files.measured.get(kpi, ()):
        try:
            found.add(_FREQUENCY[periods.parse(text, fiscal_start).kind])
        except periods.PeriodError:
            continue
    return found


def _all_fit(files: VendorFiles, frequency: Mapping[str, str], fiscal_start: int) -> bool:
    """True when every period as written parses and all are of the one frequency that every
    measured KPI has (the usual case: monthly values of monthly KPIs)."""
    spelled = _spelled(files, fiscal_start)
    if spelled.named is None or len(spelled.kinds) > 1:
        return False
    expected = {frequency.get(kpi) for kpi in files.measured} - {None}
    return not spelled.kinds or expected <= {_FREQUENCY[kind] for kind in spelled.kinds}


@check
def measurement_weights(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A weighted-mean KPI's measurements each carry a weight: without one a period's value
    could only be a mean of means, which is what the KPI's owner chose against."""
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        weighted = {
            kpi.id: index
            for index, kpi in enumerate(files.vendor.model.kpis)
            if kpi.aggregation == "weighted-mean"
        }
        if not weighted.keys() & files.measured.keys():
            continue
        counts = dict.fromkeys(weighted, 0)
        lacking: dict[str, list[tuple[Record[Measurements], int, str]]] = {}
        for record in files.measurements:
            for index, m in enumerate(record.model.measurements):
                if m.kpi in counts:
                    counts[m.kpi] += 1
                    if m.weight is None:
                        lacking.setdefault(m.kpi, []).append((record, index, m.period))
        for kpi, missing in lacking.items():
            if len(missing) == counts[kpi]:
                # None has one: the KPI was switched to weighted-mean, or its data never had
                # weights. One error at the rule, not one per month.
                where = sorted({record.doc.path for record, _, _ in missing})
                files_named = where[0] + (f" and {len(where) - 1} more" if len(where) > 1 else "")
                which = (
                    f"none of its {len(missing)} measurements ({files_named}) has a weight"
                    if len(missing) > 1
                    else f"its measurement ({files_named}) has no weight"
                )
                yield files.vendor.doc.diagnostic(
                    ("kpis", weighted[kpi], "aggregation"),
                    "missing-weight",
                    f"KPI `{kpi}` is combined by weighted-mean, but {which}; "
                    "give each measurement a weight or use aggregation: mean",
                )
                continue
            for record, index, period in missing:
                yield record.doc.diagnostic(
                    ("measurements", index),
                    "missing-weight",
                    f"measurement of `{kpi}` for {period} has no weight, but the KPI is combined "
                    f"by weighted-mean and {counts[kpi] - len(missing)} of its "
                    f"{counts[kpi]} measurements have one; give it a weight",
                )
