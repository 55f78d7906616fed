"""Credits already earned that a change alters: a measurement rewritten or deleted, an SLA's
target, tiers or window, the cap or a charge edited in place, an amendment from its effective
date, stated per contract and window."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.changes import Change
from vendorctl.changes.shown import plain
from vendorctl.compute.credits import credit_for, earned
from vendorctl.compute.numbers import grouped, rounded
from vendorctl.compute.series import vendor_series
from vendorctl.compute.sla import ContractCredit
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Contract, Settings, periods
from vendorctl.model.contract import Amendment
from vendorctl.model.periods import Kind, Period
from vendorctl.model.vendor import KpiDefinition

Values = Mapping[str, Mapping[Period, Decimal]]
# A window by its first month and kind: the same window whatever the fiscal calendar labels it.
Key = tuple[int, Kind]
_KINDS: tuple[Kind, ...] = ("month", "quarter", "year")


@dataclass(frozen=True)
class _Terms:
    """What one contract's credits follow from in one version: the contract, its vendor's KPIs
    and measurements, and the portfolio's currency and fiscal year."""

    contract: Contract
    kpis: Mapping[str, KpiDefinition]
    series: Values
    currency: str
    fiscal_start: int


@dataclass(frozen=True)
class _Credit:
    """A credit as reports show it: the amount rounded to cents (None without charges to value
    it, then the percent tells credits apart), in its currency."""

    amount: Decimal | None
    percent: Decimal
    currency: str
    label: str = field(compare=False)

    @property
    def worth(self) -> tuple[str, Decimal | None, Decimal | None]:
        """What makes two credits the same: the money, or the percent when there is no money."""
        return (self.currency, self.amount, self.percent if self.amount is None else None)

    @property
    def shown(self) -> str:
        """EUR 1,500.00, or 15% for a contract without charges."""
        if self.amount is None:
            return plain(self.percent, "%") or ""
        return f"{self.currency} {grouped(self.amount)}"


def credit_changes(base: Checked, head: Checked, day: date) -> Iterator[Change]:
    """`credits-changed` for each contract in both versions and each window ended by `day` whose
    credit the change alters. A window the old version had no measurements for is new data, not
    an altered credit; neither is a credit that measurements only added would give."""
    old = _contracts(base)
    for vendor_id, files in sorted(head.portfolio.vendors.items()):
        if files.vendor is None:
            continue
        for record in sorted(files.contracts, key=lambda r: r.model.id):
            found = old.get(record.model.id)
            if found is None:
                continue  # an added contract: its credits are new, not altered
            was_files, was = found
            assert was_files.vendor is not None
            before = _terms(base, was_files, was)
            after = _terms(head, files, record.model)
            yield from _altered(vendor_id, before, after, day)


def _contracts(checked: Checked) -> dict[str, tuple[VendorFiles, Contract]]:
    """Every contract by id (ids are unique across the portfolio), with its vendor's files."""
    return {
        record.model.id: (files, record.model)
        for files in checked.portfolio.vendors.values()
        if files.vendor is not None
        for record in files.contracts
    }


def _terms(checked: Checked, files: VendorFiles, contract: Contract) -> _Terms:
    assert files.vendor is not None
    settings: Settings = checked.settings
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    series = vendor_series(checked, files)
    return _Terms(contract, kpis, series, settings.currency, settings.fiscal_year_start)


def _altered(vendor: str, before: _Terms, after: _Terms, day: date) -> Iterator[Change]:
    """The windows of one contract whose credit differs for a reason other than new data."""
    if before == after:
        return
    windows = None if _terms_edited(before, after) else _touched(before, after, day)
    if windows == set():
        return  # measurements only added: every credit they move is new data
    was = _credits(before, before.series, day, windows)
    now = _credits(after, after.series, day, windows)
    if _worths(was) == _worths(now):
        return
    # The old terms and values with the new measurements added: what new data alone gives.
    grown = _credits(before, _with_added(before, after.series), day, windows)
    for key in sorted(was.keys() | now.keys()):
        old, new = was.get(key), now.get(key)
        if _worth(old) == _worth(new) or _worth(grown.get(key)) == _worth(new):
            continue
        if not _measured(before, after, key):
            continue  # a window the old version had no data for: normal monthly business
        yield _change(vendor, after.contract.id, old, new, _amendments(before, after, key, old))


def _terms_edited(before: _Terms, after: _Terms) -> bool:
    """Whether anything but the measurements differs: then every window is judged again."""
    old = (before.contract, before.kpis, before.currency, before.fiscal_start)
    return old != (after.contract, after.kpis, after.currency, after.fiscal_start)


def _touched(before: _Terms, after: _Terms, day: date) -> set[Period]:
    """The windows ended by `day` around each measurement rewritten or removed, of a KPI the
    contract's SLAs are about: under the same terms no other window's credit can be altered, so
    a month of new data costs nothing to compare."""
    found: set[Period] = set()
    for kpi in sorted(_sla_kpis(before.contract)):
        now = {(p.first, p.kind): value for p, value in after.series.get(kpi, {}).items()}
        for period, value in before.series.get(kpi, {}).items():
            if now.get((period.first, period.kind)) == value:
                continue
            # Every kind of window that holds it (the SLAs' own kinds among them).
            for kind in _KINDS:
                window = periods.containing(period.start, kind, before.fiscal_start)
                if window.contains(period) and window.end <= day:
                    found.add(window)
    return found


def _sla_kpis(contract: Contract) -> set[str]:
    """The KPIs of the contract's SLAs, its amendments' SLAs among them."""
    slas = [*contract.slas, *(sla for a in contract.amendments for sla in a.slas)]
    return {sla.kpi for sla in slas}


def _credits(
    terms: _Terms, series: Values, day: date, windows: set[Period] | None
) -> dict[Key, _Credit]:
    """The contract's credits in windows ended by `day` (only those of `windows` if given),
    rounded to cents as reports show them."""
    if windows is None:
        found = earned(terms.contract, terms.kpis, series, day, terms.currency, terms.fiscal_start)
    else:
        each = (
            credit_for(terms.contract, terms.kpis, series, window, terms.currency)
            for window in sorted(windows)
        )
        found = [credit for credit in each if credit is not None]
    return {(credit.window.first, credit.window.kind): _shown(credit) for credit in found}


def _shown(credit: ContractCredit) -> _Credit:
    """A credit rounded to cents, as reports show it."""
    amount = None if credit.amount is None else rounded(credit.amount, 2)
    return _Credit(amount, credit.percent, credit.currency, credit.window.label)


def _worth(credit: _Credit | None) -> tuple[str, Decimal | None, Decimal | None] | None:
    return None if credit is None else credit.worth


def _worths(credits: Mapping[Key, _Credit]) -> dict[Key, Any]:
    return {key: credit.worth for key, credit in credits.items()}


def _amendments(before: _Terms, after: _Terms, key: Key, old: _Credit | None) -> list[Amendment]:
    """The amendments added, changed or removed that alter this window's credit: those in force
    on its first day (in either version), if the old terms with the new amendments alone would
    give another credit. An amendment never alters a window before its effective date."""
    was = {a.id: a for a in before.contract.amendments}
    now = {a.id: a for a in after.contract.amendments}
    window = Period(key[0], key[1], before.fiscal_start)
    moved: list[Amendment] = []
    for amendment_id in sorted(was.keys() | now.keys()):
        pair = was.get(amendment_id), now.get(amendment_id)
        if pair[0] == pair[1]:
            continue
        either = [a for a in pair if a is not None]
        if min(a.effective for a in either) <= window.start:
            moved.append(either[-1])  # the new version if there is one
    if not moved:
        return []
    amended = before.contract.model_copy(update={"amendments": after.contract.amendments})
    credit = credit_for(amended, before.kpis, before.series, window, before.currency)
    return moved if _worth(None if credit is None else _shown(credit)) != _worth(old) else []


def _with_added(before: _Terms, after: Values) -> dict[str, dict[Period, Decimal]]:
    """The old measurements, plus the new version's for KPIs and periods the old had none for
    (matched as `measurements-added` matches them: by KPI and months, whatever the file)."""
    grown = {kpi: dict(points) for kpi, points in before.series.items()}
    for kpi, points in after.items():
        have = {(p.first, p.kind) for p in before.series.get(kpi, {})}
        for period, value in points.items():
            if (period.first, period.kind) not in have:
                moved = Period(period.first, period.kind, before.fiscal_start)
                grown.setdefault(kpi, {})[moved] = value
    return grown


def _measured(before: _Terms, after: _Terms, key: Key) -> bool:
    """Whether the old version had a measurement within the window of a KPI the contract's SLAs
    (either version's) are about."""
    first, kind = key
    window = Period(first, kind, before.fiscal_start)
    kpis = _sla_kpis(before.contract) | _sla_kpis(after.contract)
    return any(window.contains(p) for kpi in kpis for p in before.series.get(kpi, {}))


def _change(
    vendor: str,
    contract: str,
    old: _Credit | None,
    new: _Credit | None,
    amendments: list[Amendment],
) -> Change:
    """One window's credit before and after, in words and in numbers; with the amendments
    that moved it, if any (the credit follows the terms from their date, not a rewritten past)."""
    either = new or old
    assert either is not None
    if old is None:
        what = f"adds a {either.shown} credit for {either.label}"
    elif new is None:
        what = f"erases the {old.shown} credit for {old.label}"
    else:
        what = f"changes the credit for {new.label} from {old.shown} to {new.shown}"
    if amendments:
        named = "; ".join(f"{a.id}, effective {a.effective}" for a in amendments)
        what += f" (amendment {named})"
    data: dict[str, Any] = {
        "vendor": vendor,
        "contract": contract,
        "window": either.label,
        "currency": either.currency,
        "before": _number(old),
        "after": _number(new),
    }
    if old is not None and new is not None and old.currency != new.currency:
        data["currency_before"] = old.currency  # amounts in two currencies: no difference
    else:
        was, now = _money(old), _money(new)
        data["change"] = None if was is None or now is None else float(now - was)
    data["percent_before"] = float(old.percent) if old else 0.0
    data["percent_after"] = float(new.percent) if new else 0.0
    if amendments:
        data["amendments"] = [
            {"id": a.id, "effective": a.effective.isoformat()} for a in amendments
        ]
    shown = (old.shown if old else None), (new.shown if new else None)
    return Change("credits-changed", vendor, f"contract {contract}", what, *shown, data)


def _money(credit: _Credit | None) -> Decimal | None:
    """The amount: no credit is 0; a credit without charges to value it has none."""
    return Decimal(0) if credit is None else credit.amount


def _number(credit: _Credit | None) -> float | None:
    """The amount in numbers for JSON readers."""
    money = _money(credit)
    return None if money is None else float(money)
