"""A vendor's SLA work done once for all that judge its credits: the claims check, the credit
ledger, the reports of the same loaded files."""

from __future__ import annotations

from decimal import Decimal
from itertools import chain

from vendorctl.compute.scoring import series_of
from vendorctl.compute.sla import ContractSlas, sla_kpis
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.contract import Contract
from vendorctl.model.periods import END_MONTH, Period
from vendorctl.model.records import Measurement

# The attribute of a VendorFiles that holds its VendorSlas (see `vendor_slas`).
_HELD = "_vendor_slas"


class VendorSlas:
    """What judging a vendor's SLA windows takes, made from its loaded files once: the series of
    the KPIs its SLAs name (the only measurements a credit is made of), each contract's SLAs
    made ready (`ContractSlas`)."""

    def __init__(self, files: VendorFiles, fiscal: int, currency: str) -> None:
        assert files.vendor is not None
        self.fiscal = fiscal
        self.currency = currency
        self.kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
        self._made_of = _made_of(files)
        self._named = sla_kpis(record.model for record in files.contracts)
        self._measurements = files.measurements
        self._series: dict[str, dict[Period, Decimal]] | None = None
        self._slas: dict[str, ContractSlas] = {}

    def fits(self, files: VendorFiles, fiscal: int, currency: str) -> bool:
        """True if this was made of these very files, as they are now, for these settings."""
        return (fiscal, currency) == (self.fiscal, self.currency) and _same(
            self._made_of, _made_of(files)
        )

    @property
    def series(self) -> dict[str, dict[Period, Decimal]]:
        """The measurements of the KPIs the SLAs name (those of amendments included) by KPI
        and period, as `series_of` makes them: made for the first reader."""
        if self._series is None:
            self._series = series_of(self._measured(), self.fiscal, kpis=self._named)
        return self._series

    def since(self, month: int) -> dict[str, dict[Period, Decimal]]:
        """`series` of the periods that begin in `month` (by number) or later only: equal to
        `series_of` of those. Picked from `series` if a reader made it; else only those
        measurements are made decimals (and `series` is left to be made if asked for)."""
        if self._series is None:
            months = range(month, END_MONTH)
            return series_of(self._measured(), self.fiscal, kpis=self._named, months=months)
        found = {}
        for kpi, points in self._series.items():
            kept = {period: value for period, value in points.items() if period.first >= month}
            if kept:
                found[kpi] = kept
        return found

    def _measured(self) -> chain[Measurement]:
        return chain.from_iterable(record.model.measurements for record in self._measurements)

    def slas(self, contract: Contract) -> ContractSlas:
        """The contract's SLAs made ready (with the settings' currency, which the contract's
        own overrides): made once for every window judged by every reader."""
        held = self._slas.get(contract.id)
        if held is None or held.contract is not contract:
            held = self._slas[contract.id] = ContractSlas(contract, self.kpis, self.currency)
        return held


def vendor_slas(files: VendorFiles, fiscal: int, currency: str) -> VendorSlas:
    """The vendor's `VendorSlas`, made on first use and kept in the files' own attributes: it
    goes when they go, never outlives them nor serves another vendor, and is made afresh when
    they were changed (a file, or a file's measurements, replaced or added) since. `fiscal` and
    `currency`: the settings' first month of the fiscal year and currency."""
    # Kept as `VendorFiles.measured` is (a cached property): in the instance's own dictionary,
    # which neither equality, `repr` nor `dataclasses.replace` (a redacted copy) read.
    held = vars(files).get(_HELD)
    if isinstance(held, VendorSlas) and held.fits(files, fiscal, currency):
        return held
    made = VendorSlas(files, fiscal, currency)
    vars(files)[_HELD] = made
    return made


# What a VendorSlas was made of: the vendor's record, its contracts, its measurement files and
# the lists of measurements in them, compared by identity; and the lengths of those lists.
_MadeOf = tuple[tuple[object, ...], tuple[int, ...]]


def _made_of(files: VendorFiles) -> _MadeOf:
    lists: list[list[Measurement]] = [record.model.measurements for record in files.measurements]
    held = (
        files.vendor,
        files.contracts,
        *files.contracts,
        files.measurements,
        *files.measurements,
    )
    return (*held, *lists), tuple(len(found) for found in lists)


def _same(kept: _MadeOf, now: _MadeOf) -> bool:
    (objects, lengths), (current, counts) = kept, now
    return (
        lengths == counts
        and len(objects) == len(current)
        and all(a is b for a, b in zip(objects, current, strict=True))
    )
