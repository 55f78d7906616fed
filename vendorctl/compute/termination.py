"""Termination rights that SLA breaches open: each trigger judged on its SLA's latest windows.

A trigger `{sla, breaches, within}` is met as of a date when at least `breaches` of the SLA's
latest `within` windows were breached. The windows counted are those ended by that date, up to
the latest one with data: a window ended after it has no data yet (its data may still come), so
it does not count until it has. A window without data before that one (a gap) takes its place
among the `within` but is never a breach: a right is opened by breaches shown by the data only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from vendorctl.compute import sla
from vendorctl.compute.renewals import last_day_in_force
from vendorctl.compute.scoring import Series, series_of
from vendorctl.compute.series import SERIES_KEPT, vendor_series
from vendorctl.compute.terms import terms_on
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Settings, periods
from vendorctl.model.contract import Contract, TerminationTrigger
from vendorctl.model.periods import Period
from vendorctl.model.vendor import KpiDefinition

# Windows of each SLA window kind in a year: how far back `within` windows can reach.
_PER_YEAR = {"monthly": 12, "quarterly": 4, "yearly": 1}


@dataclass(frozen=True)
class TerminationRight:
    """An open right to terminate: the trigger met, the window at whose end it opened (and has
    stayed open since), and the windows it was counted on."""

    contract: Contract
    index: int  # the trigger's place in `termination.triggers`
    trigger: TerminationTrigger
    opened: Period
    breached: tuple[Period, ...]  # the breached windows among those counted, oldest first
    within: int  # the windows counted: the trigger's `within`, fewer while the SLA has fewer
    latest: Period  # the latest window counted: the latest with data
    closes: Period  # the earliest window at whose end it closes, if the SLA is met from now on

    @property
    def since(self) -> date:
        """The day the right opened: the last day of the window that opened it."""
        return self.opened.end


@dataclass(frozen=True)
class _Opening:
    opened: Period
    breached: tuple[Period, ...]
    within: int
    latest: Period
    closes: Period


def _counted(windows: Sequence[sla.SlaWindow], last: int, within: int) -> Sequence[sla.SlaWindow]:
    """The `within` windows that end with the one at `last` (fewer at the start)."""
    return windows[max(0, last - within + 1) : last + 1]


def _met(trigger: TerminationTrigger, windows: Sequence[sla.SlaWindow], last: int) -> bool:
    counted = _counted(windows, last, trigger.within)
    return sum(item.met is False for item in counted) >= trigger.breaches


def _judge(trigger: TerminationTrigger, windows: Sequence[sla.SlaWindow]) -> _Opening | None:
    """Whether the trigger is met on the SLA's windows (ended by the as-of date, oldest first),
    and since which window; None if it is not."""
    with_data = [i for i, item in enumerate(windows) if item.met is not None]
    if not with_data or not _met(trigger, windows, with_data[-1]):
        return None
    last = with_data[-1]
    first = last
    # The state changes only when a window with data ends: walk back over those while it held.
    for i in reversed(with_data[:-1]):
        if not _met(trigger, windows, i):
            break
        first = i
    counted = _counted(windows, last, trigger.within)
    flags = [item.met is False for item in counted]
    ahead = 1
    while sum((flags + [False] * ahead)[-trigger.within :]) >= trigger.breaches:
        ahead += 1  # ends: after `within` windows met nothing is left to count
    return _Opening(
        opened=windows[first].window,
        breached=tuple(item.window for item in counted if item.met is False),
        within=len(counted),
        latest=windows[last].window,
        closes=windows[last].window.shift(ahead),
    )


def _in_force(contract: Contract, day: date) -> bool:
    """True if the contract is in force on `day`: a right to end an ended contract is moot."""
    last = last_day_in_force(terms_on(contract, day))
    return contract.start <= day and (last is None or day <= last)


def _years_back(contract: Contract, trigger: TerminationTrigger) -> int:
    """Years before the first data that can hold windows counted with it (as gaps)."""
    kinds = {s.window for s in contract.slas if s.id == trigger.sla}
    kinds |= {s.window for a in contract.amendments for s in a.slas if s.id == trigger.sla}
    per_year = min((_PER_YEAR[kind] for kind in kinds), default=1)
    return -(-trigger.within // per_year)


def contract_rights(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    day: date,
    currency: str,
    fiscal_start: int,
) -> list[TerminationRight]:
    """The rights to terminate the contract that are open on `day`, in the triggers' order.

    The windows are evaluated from the (fiscal) year of the first data on, and as many years
    before as `within` windows can reach, so that gaps before the first data take their places
    without evaluating a contract's whole history.
    """
    triggers = contract.termination.triggers if contract.termination else []
    if not triggers or not _in_force(contract, day):
        return []
    measured = [p.start for points in series.values() for p in points]
    if not measured or min(measured) > day:
        return []
    first = periods.containing(contract.start, "year", fiscal_start)
    year = periods.containing(min(measured), "year", fiscal_start)
    for _ in range(max(_years_back(contract, t) for t in triggers)):
        if year <= first:
            break
        year = year.shift(-1)
    year = max(year, first)
    last = periods.containing(day, "year", fiscal_start)
    evaluated: list[sla.SlaWindow] = []
    while year <= last:
        evaluated.extend(sla.evaluate(contract, kpis, series, year, currency))
        year = year.shift(1)
    in_force_slas = {s.id for s in terms_on(contract, day).slas}
    found = []
    for index, trigger in enumerate(triggers):
        if trigger.sla not in in_force_slas:
            continue  # an SLA an amendment removed opens no right any more
        windows = sorted(
            (w for w in evaluated if w.sla.id == trigger.sla and w.window.end <= day),
            key=lambda w: (w.window.end, w.window.start),
        )
        opening = _judge(trigger, windows)
        if opening is not None:
            found.append(
                TerminationRight(
                    contract,
                    index,
                    trigger,
                    opening.opened,
                    opening.breached,
                    opening.within,
                    opening.latest,
                    opening.closes,
                )
            )
    return found


def has_triggers(files: VendorFiles) -> bool:
    """True if any of the vendor's contracts has a termination trigger."""
    return any(
        record.model.termination is not None and record.model.termination.triggers
        for record in files.contracts
    )


def vendor_rights(
    files: VendorFiles, settings: Settings, day: date, series: Mapping[str, Series] | None = None
) -> list[TerminationRight]:
    """Every right to terminate one of the vendor's contracts open on `day`, by contract id."""
    if files.vendor is None or not has_triggers(files):
        return []
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    if series is None:
        measurements = (m for record in files.measurements for m in record.model.measurements)
        series = series_of(measurements, settings.fiscal_year_start)
    return [
        right
        for record in sorted(files.contracts, key=lambda r: r.model.id)
        for right in contract_rights(
            record.model, kpis, series, day, settings.currency, settings.fiscal_year_start
        )
    ]


def rights(checked: Checked, vendor_id: str, day: date) -> list[TerminationRight]:
    """The vendor's open rights on `day` (`vendor_rights`), made once for its reports."""
    _, files = checked.vendor(vendor_id)
    if not has_triggers(files):
        return []
    return checked.remember(
        "termination-rights",
        (vendor_id, day),
        lambda: vendor_rights(files, checked.settings, day, vendor_series(checked, files)),
        keep=SERIES_KEPT,
        owner=files,
    )


def portfolio_rights(checked: Checked, day: date) -> list[TerminationRight]:
    """Every open right of every vendor on `day`, by vendor id, then contract id."""
    return [
        right
        for vendor_id, files in sorted(checked.portfolio.vendors.items())
        if files.vendor is not None
        for right in rights(checked, vendor_id, day)
    ]
