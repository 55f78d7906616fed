"""SLA compliance and service credits: each SLA evaluated per window against its contract."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache

from vendorctl.compute.renewals import last_day_in_force
from vendorctl.compute.scoring import ZERO, KpiValue, Series, dec, value_in, value_of
from vendorctl.compute.terms import terms_on
from vendorctl.model.contract import Contract, Sla
from vendorctl.model.periods import Kind, Period
from vendorctl.model.vendor import KpiDefinition

_WINDOW_KIND: dict[str, Kind] = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}
_MONTHS: dict[Kind, int] = {"month": 1, "quarter": 3, "year": 12}
# A run of months by number (year * 12 + month - 1): its first and its last.
Months = tuple[int, int]


@dataclass(frozen=True)
class SlaWindow:
    """One SLA over one window: the value, whether it met the target, the credit earned."""

    contract: Contract
    sla: Sla
    kpi: KpiDefinition
    window: Period
    value: KpiValue | None
    met: bool | None
    credit_percent: Decimal
    credit_amount: Decimal | None
    currency: str
    claim_by: date | None
    capped: bool = False


@dataclass(frozen=True)
class ContractCredit:
    """What one contract owes for one window: the SLAs' credits summed, capped by the contract."""

    contract: Contract
    window: Period
    percent: Decimal
    amount: Decimal | None
    currency: str
    claim_by: date | None
    capped: bool


def sla_kpis(contracts: Iterable[Contract]) -> set[str]:
    """The KPIs the contracts' SLAs are measured by, those of the SLAs amendments add included:
    the only measurements a credit is made of."""
    return {
        sla.kpi
        for contract in contracts
        for slas in (contract.slas, *(amendment.slas for amendment in contract.amendments))
        for sla in slas
    }


def months_of(period: Period) -> Months:
    """The first and last month of a period, by number."""
    return period.first, period.first + period.length - 1


@lru_cache(maxsize=1024)  # every contract's SLAs over the same months ask for the same windows
def _ending(kind: Kind, months: Months, fiscal_start: int) -> tuple[Period, ...]:
    """The SLA windows of `kind` whose last month lies within `months`, oldest first."""
    first, last = months
    step = _MONTHS[kind]
    # The window of `kind` that holds the first month (as `containing` finds it).
    month = first - (first - (fiscal_start - 1)) % step
    found = []
    while month <= last:
        if first <= month + step - 1 <= last:
            found.append(Period(month, kind, fiscal_start))
        month += step
    return tuple(found)


def windows(kind: Kind, period: Period) -> list[Period]:
    """The SLA windows of `kind` that end within `period` (a yearly SLA ends in one quarter)."""
    # Periods are whole months: compared by month number, not by their first and last days.
    return list(_ending(kind, months_of(period), period.fiscal_start))


def in_force(contract: Contract, window: Period) -> bool:
    """True if the window overlaps the contract's term, from its start to its last day in force
    (a contract ended by a recorded `terminate` or `let-lapse` decision earns nothing after)."""
    return _overlaps(window, contract.start, last_day_in_force(contract))


def _overlaps(period: Period, first: date, last: date | None) -> bool:
    return period.end >= first and (last is None or period.start <= last)


def _within(period: Period, first: date, last: date | None) -> bool:
    """True if the period lies wholly within the term."""
    return period.start >= first and (last is None or period.end <= last)


def _months_in_force(window: Period, first: date, last: date | None) -> Fraction:
    """The window's months in force: a whole month counts 1, a month partly in force the share
    of its days in force (as an exact fraction: 14/28 of February, never a rounded share)."""
    if _within(window, first, last):
        return Fraction(window.length)
    total = Fraction(0)
    for month in window.months():
        begin = max(month.start, first)
        finish = month.end if last is None else min(month.end, last)
        if begin <= finish:
            total += Fraction((finish - begin).days + 1, month.end.day)
    return total


def met(value: Decimal, target: Decimal, kpi: KpiDefinition) -> bool:
    """Meeting the target exactly is compliant."""
    return value >= target if kpi.direction == "higher" else value <= target


# The credit tiers of an SLA as decimals: (below, above, credit) each, in the contract's order.
_Tiers = tuple[tuple[Decimal | None, Decimal | None, Decimal], ...]


def _tiers(sla: Sla) -> _Tiers:
    return tuple(
        (
            None if tier.below is None else dec(tier.below),
            None if tier.above is None else dec(tier.above),
            dec(tier.credit),
        )
        for tier in sla.credits
    )


def _largest(tiers: _Tiers, value: Decimal) -> Decimal:
    # Credits are above 0: the first of the largest that hold, as max() would pick, else 0.
    found = ZERO
    for below, above, credit in tiers:
        if credit > found and (
            (below is not None and value < below) or (above is not None and value > above)
        ):
            found = credit
    return found


def tier_credit(sla: Sla, value: Decimal) -> Decimal:
    """The largest credit whose condition holds: value strictly below (or above) its threshold."""
    return _largest(_tiers(sla), value)


def _monthly(contract: Contract) -> Fraction | None:
    """The contract's monthly charge, or annual value / 12, exactly; None if it states neither."""
    if contract.monthly_charge is not None:
        return Fraction(dec(contract.monthly_charge))
    if contract.annual_value is not None:
        return Fraction(dec(contract.annual_value)) / 12
    return None


def _charges(contract: Contract, window: Period) -> Fraction | None:
    monthly = _monthly(contract)
    if monthly is None:
        return None
    return monthly * _months_in_force(window, contract.start, last_day_in_force(contract))


def _exact(value: Fraction) -> Decimal:
    # One division, last: exact whenever the amount ends in whole cents or half-cents, so that
    # reports round 61.725 up to 61.73 rather than a 61.72499... left by earlier divisions.
    return Decimal(value.numerator) / Decimal(value.denominator)


def credit_amount(contract: Contract, window: Period, percent: Decimal) -> Decimal | None:
    """`percent` of the window's charges, unrounded (reports round each credit to cents)."""
    if not percent:  # most windows earn nothing: no need to work out their charges
        no_charges = contract.monthly_charge is None and contract.annual_value is None
        return None if no_charges else ZERO
    charges = _charges(contract, window)
    return None if charges is None else _exact(charges * Fraction(percent) / 100)


@dataclass(frozen=True)
class _Terms:
    """An SLA with its KPI, its window kind, its target and tiers as decimals: converted once
    for all its windows."""

    sla: Sla
    kpi: KpiDefinition
    kind: Kind
    target: Decimal
    weighted: bool  # a weighted-mean KPI: a window's value is never one measurement alone

    @classmethod
    def of(cls, sla: Sla, kpi: KpiDefinition) -> _Terms:
        """The SLA's terms, with the KPI that measures it."""
        weighted = kpi.aggregation == "weighted-mean"
        made = cls(sla, kpi, _WINDOW_KIND[sla.window], dec(sla.target), weighted)
        # Kept as the cached properties keep them, made now: nearly every SLA made ready has a
        # window judged, and Python 3.11's cached_property takes a lock on each first read.
        held = vars(made)
        tiers = held["tiers"] = _tiers(sla)
        held["quiet"] = _band(tiers)
        return made

    @cached_property
    def tiers(self) -> _Tiers:
        """The credit tiers as decimals (made with the terms by `of`)."""
        return _tiers(self.sla)

    @cached_property
    def quiet(self) -> tuple[Decimal | None, Decimal | None]:
        """The values no tier holds for, from the first to the last (None: no bound): at or
        above every tier's `below`, at or below every tier's `above`. Most windows' values lie
        there and earn nothing, found with two comparisons rather than a look at each tier."""
        return _band(self.tiers)


def _band(tiers: _Tiers) -> tuple[Decimal | None, Decimal | None]:
    """The values no tier holds for (`_Terms.quiet`)."""
    belows = [below for below, _, _ in tiers if below is not None]
    aboves = [above for _, above, _ in tiers if above is not None]
    return (max(belows) if belows else None, min(aboves) if aboves else None)


def _quiet(band: tuple[Decimal | None, Decimal | None], value: Decimal) -> bool:
    """True if the value lies in the band where no tier holds (`_Terms.quiet`)."""
    low, high = band
    return (low is None or value >= low) and (high is None or value <= high)


def _covered(points: Series) -> Months:
    """The first and last month of a KPI's measurements."""
    return min(points).first, max(p.first + p.length for p in points) - 1


# A window in force: the window, whether it lies wholly within the term, its months.
_InForce = tuple[Period, bool, Months]


class _Measured:
    """A KPI's measurements by period, and the months they cover: worked out for the first
    window of a computation that needs them, and for that computation only (a caller may add
    measurements to a series between two)."""

    __slots__ = ("_covered", "points")

    def __init__(self, points: Series) -> None:
        self.points = points
        self._covered: Months | None = None

    @property
    def covered(self) -> Months:
        """The first and last month of the measurements (`_covered`)."""
        if self._covered is None:
            self._covered = _covered(self.points)
        return self._covered


class _TermSlas:
    """One set of a contract's terms made ready to judge windows: the targets and tiers as
    decimals, the term by month number and the monthly charge worked out once, not per SLA and
    window."""

    def __init__(
        self, contract: Contract, kpis: Mapping[str, KpiDefinition], currency: str
    ) -> None:
        self.contract = contract
        self.currency = contract.currency or currency
        self.cap = dec(contract.credit_cap) if contract.credit_cap is not None else None
        self.last = last_day_in_force(contract)
        # SLAs whose KPI the vendor does not define are left out (a check reports them).
        self.terms = [_Terms.of(sla, kpis[sla.kpi]) for sla in contract.slas if sla.kpi in kpis]
        # The term by month number: the months it touches, and those it covers whole.
        start, last = contract.start, self.last
        self._from = start.year * 12 + start.month - 1
        self._whole_from = self._from + (start.day > 1)
        self._to: int | None = None
        self._whole_to: int | None = None
        if last is not None:
            self._to = last.year * 12 + last.month - 1
            self._whole_to = self._to - (last.day < monthrange(last.year, last.month)[1])

    def _in_force(
        self, kind: Kind, months: Months, fiscal_start: int, skip: Collection[Period]
    ) -> list[_InForce]:
        """The windows of `kind` that end within `months` and are in force (`in_force`), but
        those in `skip`, each with whether wholly (`_within`) and its first and last month by
        number: worked out by month number, as windows are whole months."""
        found = []
        for window in _ending(kind, months, fiscal_start):
            if skip and window in skip:
                continue
            begin, end = window.first, window.first + window.length - 1
            if end >= self._from and (self._to is None or begin <= self._to):
                whole = begin >= self._whole_from and (
                    self._whole_to is None or end <= self._whole_to
                )
                found.append((window, whole, (begin, end)))
        return found

    def _measured(self, series: Mapping[str, Series], terms: _Terms) -> _Measured | None:
        """The measurements of the SLA's KPI and the months they cover; None without any."""
        points = series.get(terms.kpi.id)
        return _Measured(points) if points else None

    def _counted(self, measured: _Measured, window: _InForce) -> Series | None:
        """The measurements that count for a window in force; None if none lies in it nor is
        of it (then it has no value, found without a search)."""
        points = measured.points
        begin, end = measured.covered
        _, within, (month, final) = window
        if month > end or final < begin:
            return None
        if within:
            return points
        # Measurements of periods outside the term do not count for a window partly in it.
        return {p: v for p, v in points.items() if _overlaps(p, self.contract.start, self.last)}

    def _percent(self, terms: _Terms, value: Decimal) -> tuple[Decimal, bool]:
        """The credit percent a value earns by the SLA's tiers, the contract's cap at most, and
        whether the cap cut it."""
        if _quiet(terms.quiet, value):
            return ZERO, False
        percent = _largest(terms.tiers, value)
        if self.cap is not None and percent > self.cap:
            return self.cap, True
        return percent, False

    def _value(self, terms: _Terms, measured: _Measured, window: _InForce) -> Decimal | None:
        """The SLA's KPI value over a window in force (`value_of` of the measurements that
        count for it), None without one."""
        period, within, _ = window
        if within and not terms.weighted:
            # A window wholly in force, measured as a whole: its value is that measurement.
            exact = measured.points.get(period)
            if exact is not None:
                return exact
        counted = self._counted(measured, window)
        return None if counted is None else value_of(terms.kpi, counted, period)

    def _credit(self, terms: _Terms, measured: _Measured, window: _InForce) -> tuple[Decimal, bool]:
        """The credit percent the SLA earned over a window in force (0 without a value), and
        whether the cap cut it: the value alone is worked out, not the measurements behind it."""
        value = self._value(terms, measured, window)
        return (ZERO, False) if value is None else self._percent(terms, value)

    def claim_by(self, window: Period) -> date | None:
        """The last day to claim the window's credit: its end plus the claim period."""
        claim = self.contract.claim_period
        return claim.add_to(window.end) if claim else None

    @cached_property
    def monthly(self) -> Fraction | None:
        """The monthly charge (`_monthly`): worked out for the first credit, if any."""
        return _monthly(self.contract)

    def amount(self, window: Period, percent: Decimal, whole: bool = False) -> Decimal | None:
        """`percent` of the window's charges, as `credit_amount`; `whole`: the window is known
        to lie wholly in force (`_within`), so its charges are its months' worth."""
        if self.contract.monthly_charge is None and self.contract.annual_value is None:
            return None  # no charges stated (as `_monthly` finds)
        if not percent:  # most windows earn nothing: no need to work out their charges
            return ZERO
        monthly = self.monthly
        assert monthly is not None
        if whole:
            months, months_denominator = window.length, 1
        else:
            in_force = _months_in_force(window, self.contract.start, self.last)
            months, months_denominator = in_force.numerator, in_force.denominator
        # One exact fraction, made once: the same value, so the same digits, as multiplying
        # the monthly charge by the months in force and by Fraction(percent), and dividing by
        # 100, step by step.
        numerator, denominator = percent.as_integer_ratio()
        share = Fraction(
            monthly.numerator * months * numerator,
            monthly.denominator * months_denominator * denominator * 100,
        )
        return _exact(share)

    def evaluate(self, series: Mapping[str, Series], period: Period) -> list[SlaWindow]:
        """Every SLA over each of its windows that ends within `period` (`evaluate`), SLA by
        SLA, oldest window first."""
        results = []
        kinds: dict[Kind, list[_InForce]] = {}
        for terms in self.terms:
            if terms.kind not in kinds:
                kinds[terms.kind] = self._in_force(
                    terms.kind, months_of(period), period.fiscal_start, ()
                )
            measured = self._measured(series, terms)
            for item in kinds[terms.kind]:
                window = item[0]
                counted = None if measured is None else self._counted(measured, item)
                found = None if counted is None else value_in(terms.kpi, counted, window)
                compliant, percent, capped = None, ZERO, False
                if found is not None:
                    compliant = met(found.value, terms.target, terms.kpi)
                    percent, capped = self._percent(terms, found.value)
                results.append(
                    SlaWindow(
                        self.contract,
                        terms.sla,
                        terms.kpi,
                        window,
                        found,
                        compliant,
                        percent,
                        self.amount(window, percent),
                        self.currency,
                        self.claim_by(window),
                        capped,
                    )
                )
        return results

    def verdicts(self, series: Mapping[str, Series], period: Period) -> list[tuple[Period, bool]]:
        """Each window of `evaluate` that has a value, with whether it met its SLA: what
        counting them needs, without the windows' credits, amounts and claim-by dates."""
        found = []
        kinds: dict[Kind, list[_InForce]] = {}
        for terms in self.terms:
            measured = self._measured(series, terms)
            if measured is None:
                continue  # no measurement, no value in any window
            if terms.kind not in kinds:
                kinds[terms.kind] = self._in_force(
                    terms.kind, months_of(period), period.fiscal_start, ()
                )
            for item in kinds[terms.kind]:
                value = self._value(terms, measured, item)
                if value is not None:
                    found.append((item[0], met(value, terms.target, terms.kpi)))
        return found

    def credits(
        self,
        series: Mapping[str, Series],
        months: Months,
        fiscal_start: int,
        skip: Collection[Period],
    ) -> list[ContractCredit]:
        """The contract's credits for its windows that end within `months` (but those in
        `skip`, not evaluated), oldest first: as `contract_credits(self.evaluate(...))`, without
        making the windows that earn nothing."""
        grouped: dict[Period, list[tuple[Decimal, bool]]] = {}
        wholes: dict[Period, bool] = {}  # whether each window earning lies wholly in force
        kinds: dict[Kind, list[_InForce]] = {}
        for terms in self.terms:
            measured = self._measured(series, terms)
            if measured is None:
                continue  # no measurement, no credit
            if terms.kind not in kinds:
                kinds[terms.kind] = self._in_force(terms.kind, months, fiscal_start, skip)
            cap, tiers, exact = self.cap, terms.tiers, not terms.weighted
            low, high = terms.quiet
            points = measured.points
            for item in kinds[terms.kind]:
                # `_credit`, inlined: this runs for every window of every SLA of the ledger. A
                # window wholly in force and measured as a whole has that value (`_value`).
                value = points.get(item[0]) if exact and item[1] else None
                if value is None:
                    value = self._value(terms, measured, item)
                    if value is None:
                        continue
                if (low is None or value >= low) and (high is None or value <= high):
                    continue  # no tier holds (`_Terms.quiet`): nothing earned
                percent = _largest(tiers, value)
                capped = cap is not None and percent > cap
                if capped and cap is not None:
                    percent = cap
                if percent > 0:
                    grouped.setdefault(item[0], []).append((percent, capped))
                    wholes[item[0]] = item[1]
        owed = []
        for window in sorted(grouped):
            items = grouped[window]
            total = sum((item[0] for item in items), ZERO)
            over = self.cap is not None and total > self.cap
            owed_percent = self.cap if over and self.cap is not None else total
            owed.append(
                ContractCredit(
                    self.contract,
                    window,
                    owed_percent,
                    self.amount(window, owed_percent, wholes[window]),
                    self.currency,
                    self.claim_by(window),
                    over or any(item[1] for item in items),
                )
            )
        return owed

    def earned(self, series: Mapping[str, Series], windows: Iterable[Period]) -> set[Period]:
        """Those of `windows` the contract earned a credit for, each exactly that window (its
        amount is not worked out): what judging a vendor's claims needs, all at once."""
        # Only the SLAs of a window's kind can have exactly that window: the others are not
        # judged at all (a monthly SLA's three months of a claimed quarter earn it nothing).
        # A window is one of those `_in_force` finds ending within its own months if it is in
        # force: judged so directly, without listing them.
        by_kind: dict[Kind, list[_InForce]] = {}
        for window in windows:
            begin, end = window.first, window.first + _MONTHS[window.kind] - 1
            if end < self._from or (self._to is not None and begin > self._to):
                continue
            whole = begin >= self._whole_from and (self._whole_to is None or end <= self._whole_to)
            by_kind.setdefault(window.kind, []).append((window, whole, (begin, end)))
        found: set[Period] = set()
        if self.cap is not None and self.cap <= 0:
            return found  # every credit capped to nothing
        for terms in self.terms:
            items = by_kind.get(terms.kind)
            measured = None if items is None else self._measured(series, terms)
            if items is None or measured is None:
                continue
            points, exact = measured.points, not terms.weighted
            low, high = terms.quiet
            for item in items:
                window = item[0]
                if window in found:
                    continue  # earned by an SLA judged before
                # `_credit`, inlined as in `credits`.
                value = points.get(window) if exact and item[1] else None
                if value is None:
                    value = self._value(terms, measured, item)
                    if value is None:
                        continue
                if (low is None or value >= low) and (high is None or value <= high):
                    continue  # no tier holds (`_Terms.quiet`): nothing earned
                if _largest(terms.tiers, value) > 0:
                    found.add(window)
        return found


class ContractSlas:
    """A contract's SLAs over time: each window judged by the terms in force on its first day
    (`compute/terms.terms_on`), the original terms before the first amendment. Without
    amendments, one set of terms judges every window."""

    def __init__(
        self, contract: Contract, kpis: Mapping[str, KpiDefinition], currency: str
    ) -> None:
        self.contract = contract
        dates = sorted({a.effective for a in contract.amendments})
        # Each era of terms: the first day it judges (None: from the start) and its SLAs.
        self._eras: list[tuple[date | None, _TermSlas]] = [
            (None, _TermSlas(contract, kpis, currency)),
            *((day, _TermSlas(terms_on(contract, day), kpis, currency)) for day in dates),
        ]

    def _era(self, window: Period) -> int:
        """The index of the era whose terms judge `window`: those in force on its first day."""
        found = 0
        for index, (day, _) in enumerate(self._eras):
            if day is not None and day <= window.start:
                found = index
        return found

    def _mine(self, index: int, window: Period) -> bool:
        return self._era(window) == index

    def evaluate(self, series: Mapping[str, Series], period: Period) -> list[SlaWindow]:
        """Every SLA over each of its windows that ends within `period` (`evaluate`), SLA by
        SLA in the order the terms name them, oldest window first."""
        if len(self._eras) == 1:
            return self._eras[0][1].evaluate(series, period)
        found = [
            result
            for index, (_, slas) in enumerate(self._eras)
            for result in slas.evaluate(series, period)
            if self._mine(index, result.window)
        ]
        order: dict[str, int] = {}
        for _, slas in self._eras:
            for terms in slas.terms:
                order.setdefault(terms.sla.id, len(order))
        return sorted(found, key=lambda r: (order[r.sla.id], r.window))

    def verdicts(self, series: Mapping[str, Series], period: Period) -> list[bool]:
        """Whether each window of `evaluate` that has a value met its SLA, each window by its
        own terms (in no meaningful order: what counting them needs)."""
        if len(self._eras) == 1:
            return [ok for _, ok in self._eras[0][1].verdicts(series, period)]
        return [
            ok
            for index, (_, slas) in enumerate(self._eras)
            for window, ok in slas.verdicts(series, period)
            if self._mine(index, window)
        ]

    def credits(
        self, series: Mapping[str, Series], period: Period, skip: Collection[Period] = ()
    ) -> list[ContractCredit]:
        """The contract's credits for its windows that end within `period` (but those in
        `skip`), oldest first, each window by its own terms."""
        return self.credits_between(series, months_of(period), period.fiscal_start, skip)

    def credits_between(
        self,
        series: Mapping[str, Series],
        months: Months,
        fiscal_start: int,
        skip: Collection[Period] = (),
    ) -> list[ContractCredit]:
        """The contract's credits for its windows that end within `months` (but those in
        `skip`), oldest first, each window by its own terms: `credits` over any run of months,
        as over a year and a half, without judging the windows of whole years around it."""
        if len(self._eras) == 1:
            return self._eras[0][1].credits(series, months, fiscal_start, skip)
        found = [
            credit
            for index, (_, slas) in enumerate(self._eras)
            for credit in slas.credits(series, months, fiscal_start, skip)
            if self._mine(index, credit.window)
        ]
        return sorted(found, key=lambda c: c.window)

    def earned(self, series: Mapping[str, Series], windows: Iterable[Period]) -> set[Period]:
        """Those of `windows` the contract earned a credit for, exactly, each by its own terms
        (its amount is not worked out)."""
        if len(self._eras) == 1:
            return self._eras[0][1].earned(series, windows)
        by_era: dict[int, list[Period]] = {}
        for window in windows:
            by_era.setdefault(self._era(window), []).append(window)
        found: set[Period] = set()
        for index, chosen in by_era.items():
            found |= self._eras[index][1].earned(series, chosen)
        return found

    def earns(self, series: Mapping[str, Series], window: Period) -> bool:
        """True if the contract earned a credit for exactly this window, by its terms."""
        return window in self.earned(series, (window,))


def evaluate(
    contract: Contract,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    period: Period,
    currency: str,
) -> list[SlaWindow]:
    """Every SLA of a contract over each of its windows that ends within `period`."""
    return ContractSlas(contract, kpis, currency).evaluate(series, period)


def contract_credits(results: list[SlaWindow]) -> list[ContractCredit]:
    """Credits per contract and window: the sum over SLAs, never above the contract's cap."""
    grouped: dict[tuple[str, Period], list[SlaWindow]] = {}
    for item in results:
        if item.credit_percent > 0:
            grouped.setdefault((item.contract.id, item.window), []).append(item)
    owed = []
    for (_, window), items in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        contract = items[0].contract
        total = sum((i.credit_percent for i in items), ZERO)
        cap = dec(contract.credit_cap) if contract.credit_cap is not None else None
        over = cap is not None and total > cap
        percent = cap if over and cap is not None else total
        capped = over or any(i.capped for i in items)
        amount = credit_amount(contract, window, percent)
        owed.append(
            ContractCredit(
                contract, window, percent, amount, items[0].currency, items[0].claim_by, capped
            )
        )
    return owed
