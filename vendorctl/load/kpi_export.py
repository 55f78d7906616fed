"""A KPI export's columns: which one holds which measurement field, which KPI a name in it
means, and the measurement a valid row becomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from vendorctl.model.periods import Period
from vendorctl.model.vendor import KpiDefinition, KpiImport

FIELDS = ("kpi", "period", "value", "source", "note")
REQUIRED = ("kpi", "period", "value")
_GUESSES = {
    "kpi": ("kpi", "kpi id", "metric", "indicator", "measure", "name"),
    "period": ("period", "month", "date", "quarter", "year"),
    "value": ("value", "actual", "result", "score", "measurement"),
    "source": ("source", "tool", "system"),
    "note": ("note", "notes", "comment", "comments"),
}

Key = tuple[str, Period]
"""What a measurement is for: a KPI id and a period (a file holds one value for each)."""


@dataclass
class Row:
    """One valid CSV row, as a measurement."""

    line: int
    kpi: str
    period: Period
    value: Decimal
    source: str | None
    note: str | None


def column_mapping(
    header: list[str], saved: KpiImport | None, given: Mapping[str, str]
) -> dict[str, int]:
    """Field name to column index: --map, else the vendor's saved mapping, else header names."""
    chosen: dict[str, int] = {}
    lowered = [h.lower() for h in header]
    for source in (saved.columns if saved else {}, given):
        for column, name in source.items():
            if column in header:
                chosen[name] = header.index(column)
            elif column.lower() in lowered:
                chosen[name] = lowered.index(column.lower())
    for name, guesses in _GUESSES.items():
        if name not in chosen:
            found = next((lowered.index(g) for g in guesses if g in lowered), None)
            if found is not None and found not in chosen.values():
                chosen[name] = found
    return chosen


def kpi_names(kpis: Iterable[KpiDefinition], saved: KpiImport | None) -> dict[str, str]:
    """KPI id by lower-cased name: each KPI's id and name, and the aliases saved for the tool."""
    names: dict[str, str] = {}
    for kpi in kpis:
        names[kpi.id.lower()] = kpi.id
        names[kpi.name.lower()] = kpi.id
    for alias, kpi_id in (saved.kpis if saved else {}).items():
        names[alias.lower()] = kpi_id
    return names


def cell(cells: list[str], index: int | None) -> str:
    """The text of column `index` of a row; empty when there is no such column or cell."""
    return cells[index] if index is not None and index < len(cells) else ""
