"""The claim letter's context: each credit to claim, with the SLAs behind it in the contract's
words, their tiers and the cap, and the measurements (with the commit that last changed each)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.compute import sla
from vendorctl.compute.credits import CreditState
from vendorctl.compute.numbers import rounded
from vendorctl.compute.scoring import ZERO, Series
from vendorctl.compute.series import vendor_series
from vendorctl.load.checked import Checked
from vendorctl.load.git import UNCOMMITTED, LineCommit
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model.contract import Contract
from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurement, Measurements
from vendorctl.model.vendor import KpiDefinition

# The commit of each line (from 1) of a file, by the file's path relative to the root.
History = Callable[[str], Mapping[int, LineCommit]]

_EACH = {"monthly": "each month", "quarterly": "each quarter", "yearly": "each year"}


@dataclass(frozen=True)
class _Held:
    """A measurement and where it is written: its file and its index in `measurements`."""

    period: Period
    measurement: Measurement
    record: Record[Measurements]
    index: int


def _held(files: VendorFiles, fiscal: int) -> dict[str, list[_Held]]:
    """Every measurement of the vendor by KPI, in period order."""
    found: dict[str, list[_Held]] = {}
    for record in files.measurements:
        for index, m in enumerate(record.model.measurements):
            found.setdefault(m.kpi, []).append(_Held(parse(m.period, fiscal), m, record, index))
    for items in found.values():
        items.sort(key=lambda h: h.period)
    return found


def _behind(contract: Contract, window: Period, held: Sequence[_Held]) -> list[_Held]:
    """The measurements a window's value is made of, by the rule of `scoring.value_in`: the
    measurement of exactly the window if there is one, else those within it (only of periods
    in force: the others do not count toward a window that overlaps the term in part)."""
    exact = [h for h in held if h.period == window]
    if exact:
        return exact
    return [h for h in held if window.contains(h.period) and sla.in_force(contract, h.period)]


def _evidence(
    found: sla.SlaWindow, held: Sequence[_Held], history: History | None
) -> list[dict[str, Any]]:
    """The measurements behind an SLA's value in its window, each with the commit that last
    changed the line of its value (with `history`)."""
    rows = []
    for h in _behind(found.contract, found.window, held):
        line = h.record.doc.position(("measurements", h.index, "value"))[0]
        commit = history(h.record.doc.path).get(line, UNCOMMITTED) if history else None
        rows.append(
            {
                "sla": found.sla.id,
                "kpi": found.kpi.id,
                "period": h.period.label,
                "value": h.measurement.value,
                "unit": found.kpi.unit,
                "source": h.measurement.source,
                "file": h.record.doc.path,
                "line": line,
                "commit": commit.short if commit else None,
                "committed_on": commit.day if commit else None,
            }
        )
    return rows


def _tiers(found: sla.SlaWindow) -> list[dict[str, Any]]:
    """The SLA's credit tiers, smallest credit first, as the contract states them."""
    return [
        {
            "side": "below" if tier.below is not None else "above",
            "threshold": tier.threshold,
            "credit": tier.credit,
        }
        for tier in sorted(found.sla.credits, key=lambda t: (t.credit, t.threshold))
    ]


def _sla_row(found: sla.SlaWindow) -> dict[str, Any]:
    """An SLA that earned a credit in the window: its terms, its value and its credit."""
    kpi, value = found.kpi, found.value
    combined = value is not None and value.points > 1
    return {
        "id": found.sla.id,
        "kpi": kpi.id,
        "kpi_name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "description": found.sla.description,
        "target": found.sla.target,
        "each": _EACH[found.sla.window],
        "value": value.value if value else None,
        "points": value.points if value else 0,
        "aggregation": kpi.aggregation if combined else None,
        "percent": found.credit_percent,
        "capped": found.capped,
        "tiers": _tiers(found),
    }


def _window(
    state: CreditState,
    kpis: Mapping[str, KpiDefinition],
    series: Mapping[str, Series],
    held: Mapping[str, Sequence[_Held]],
    currency: str,
    history: History | None,
) -> dict[str, Any]:
    """One credit to claim: its window, the SLAs that earned it and their measurements."""
    credit = state.credit
    breached = [
        found
        for found in sla.evaluate(credit.contract, kpis, series, credit.window, currency)
        if found.window == credit.window and found.credit_percent > 0
    ]
    return {
        "window": credit.window.label,
        "start": credit.window.start,
        "end": credit.window.end,
        "percent": credit.percent,
        "capped": credit.capped,
        # Each credit to cents, half-up, as on invoices: totals add the rounded amounts.
        "amount": None if credit.amount is None else rounded(credit.amount, 2),
        "currency": credit.currency,
        "claim_by": credit.claim_by,
        "status": state.status,
        "days_left": state.days_left,
        "slas": [_sla_row(found) for found in breached],
        "measurements": [
            row
            for found in breached
            for row in _evidence(found, held.get(found.kpi.id, ()), history)
        ],
    }


def _totals(windows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The amounts claimed per currency (the sum of the rounded credits); `unknown` counts the
    credits whose contract records no charges."""
    totals: dict[str, Decimal] = {}
    unknown: dict[str, int] = {}
    for window in windows:
        currency = window["currency"]
        totals[currency] = totals.get(currency, ZERO) + (window["amount"] or ZERO)
        if window["amount"] is None:
            unknown[currency] = unknown.get(currency, 0) + 1
    return [
        {"currency": c, "amount": a, "unknown": unknown.get(c, 0)}
        for c, a in sorted(totals.items())
    ]


def claim_letter(
    checked: Checked,
    *,
    vendor: str,
    states: Sequence[CreditState],
    day: date,
    history: History | None,
    without_history: str | None = None,
) -> dict[str, Any]:
    """The letter claiming the credits of `states` from `vendor`, dated `day`: per contract
    (by id), each window (oldest first) with its evidence. `history` gives the commits of a
    file's lines (None outside git, `without_history` saying why)."""
    model, files = checked.vendor(vendor)
    settings = checked.settings
    kpis = {kpi.id: kpi for kpi in model.kpis}
    series = vendor_series(checked, files)
    held = _held(files, settings.fiscal_year_start)
    grouped: dict[str, list[CreditState]] = {}
    for state in states:
        grouped.setdefault(state.credit.contract.id, []).append(state)
    contracts: list[dict[str, Any]] = []
    every: list[dict[str, Any]] = []
    for contract_id in sorted(grouped):
        chosen = sorted(grouped[contract_id], key=lambda s: s.credit.window)
        contract = chosen[0].credit.contract
        windows = [_window(s, kpis, series, held, settings.currency, history) for s in chosen]
        every.extend(windows)
        contracts.append(
            {
                "id": contract.id,
                "title": contract.title,
                "reference": contract.reference,
                "cap": contract.credit_cap,
                "claim_period": str(contract.claim_period) if contract.claim_period else None,
                "windows": windows,
                "totals": _totals(windows),
            }
        )
    deadlines = [w["claim_by"] for w in every if w["claim_by"] is not None]
    return {
        "report": "claim",
        "organisation": settings.organisation,
        "vendor": {"id": model.id, "name": model.name, "legal_name": model.legal_name},
        "date": day,
        "history": history is not None,
        "without_history": None if history is not None else without_history,
        "contracts": contracts,
        "totals": _totals(every),
        "claim_by": min(deadlines, default=None),
    }
