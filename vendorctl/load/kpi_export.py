"""A KPI export's columns: which one holds which measurement field, which KPI a name in it
means, how its rows roll up (for an export of one row per record), and the measurement a valid
row or a group of rows becomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from vendorctl.model.periods import Period
from vendorctl.model.vendor import KpiDefinition, KpiProfile

FIELDS = ("kpi", "period", "value", "weight", "source", "note")
REQUIRED = ("kpi", "period", "value")
_GUESSES = {
    "kpi": ("kpi", "kpi id", "metric", "indicator", "measure", "name", "sla definition"),
    "period": (
        "period",
        "month",
        "date",
        "quarter",
        "year",
        "start time",
        "timestamp",
        "time",
        "datetime",
    ),
    "value": ("value", "actual", "result", "score", "measurement"),
    "weight": ("weight", "volume"),
    "source": ("source", "tool", "system"),
    "note": ("note", "notes", "comment", "comments"),
}

Key = tuple[str, Period]
"""What a measurement is for: a KPI id and a period (a file holds one value for each)."""

Method = Literal["count", "share", "mean", "sum"]


@dataclass
class Row:
    """One valid CSV row, or the rows of one KPI and period rolled up, as a measurement."""

    line: int  # of the row, or of the first row rolled up
    kpi: str
    period: Period
    value: Decimal
    source: str | None
    note: str | None
    weight: Decimal | None = None
    rolled: int | None = None  # how many rows were rolled up into it


@dataclass(frozen=True)
class Equals:
    """A condition on a row: its cell in `column` equals `value` (case and spaces aside)."""

    column: str
    value: str

    @property
    def text(self) -> str:
        """As written on the command line and in vendor.yaml: COLUMN=VALUE."""
        return f"{self.column}={self.value}"

    def holds(self, cell: str) -> bool:
        """True when `cell` is the value, ignoring case and the spaces around it."""
        return cell.strip().casefold() == self.value.strip().casefold()


def equals(text: str) -> Equals | None:
    """`COLUMN=VALUE` read (the value may be empty); None when there is no column before `=`."""
    column, sign, value = text.partition("=")
    if not sign or not column.strip():
        return None
    return Equals(column.strip(), value.strip())


@dataclass(frozen=True)
class Rollup:
    """How the rows of one KPI and period become its value: their number (count), the percent
    of them whose cell equals a value (share), or the mean or sum of a column."""

    method: Method
    column: str | None = None  # of share, mean and sum
    value: str | None = None  # of share

    @property
    def option(self) -> str:
        """As given on the command line, for messages."""
        if self.method == "count":
            return "--count"
        if self.method == "share":
            return f"--share '{self.column}={self.value}'"
        return f"--{self.method} '{self.column}'"


@dataclass(frozen=True)
class Asked:
    """What the command line asks of an import; each option over the profile's setting."""

    columns: dict[str, str] = field(default_factory=dict)  # --map: column to field
    kpis: dict[str, str] = field(default_factory=dict)  # --kpi-map: tool's name to KPI id
    period_format: str | None = None
    source: str | None = None  # --source: on every measurement, over a column and the profile
    kpi: str | None = None  # --kpi: every row's KPI
    rollup: Rollup | None = None  # replaces the profile's
    where: tuple[Equals, ...] = ()  # added to the profile's
    profile: str | None = None
    save_as: str | None = None  # --save-profile


def rollup_of(profile: KpiProfile | None) -> Rollup | None:
    """The rollup a profile saves, if any."""
    if profile is None:
        return None
    if profile.count:
        return Rollup("count")
    if profile.share:
        share = equals(profile.share)
        return Rollup("share", share.column, share.value) if share else None
    if profile.mean:
        return Rollup("mean", profile.mean)
    if profile.sum:
        return Rollup("sum", profile.sum)
    return None


@dataclass(frozen=True)
class Reading:
    """How one export is read: the profile used (if any), with the command line over it."""

    profile: KpiProfile | None
    label: str | None  # the profile as messages name it: "profile `servicenow`"
    asked: Asked

    @property
    def saved_columns(self) -> dict[str, str]:
        """The profile's column mapping."""
        return dict(self.profile.columns) if self.profile else {}

    @property
    def kpis(self) -> dict[str, str]:
        """The tool's KPI names: the profile's, then --kpi-map."""
        return {**(self.profile.kpis if self.profile else {}), **self.asked.kpis}

    @property
    def period_format(self) -> str | None:
        """--period-format, else the profile's."""
        return self.asked.period_format or (self.profile.period_format if self.profile else None)

    @property
    def default_source(self) -> str | None:
        """The profile's source: for a row that names none, unless --source."""
        return self.profile.source if self.profile else None

    @property
    def kpi(self) -> str | None:
        """Every row's KPI: --kpi, else the profile's."""
        return self.asked.kpi or (self.profile.kpi if self.profile else None)

    @property
    def rollup(self) -> Rollup | None:
        """The rollup asked for on the command line, else the profile's."""
        return self.asked.rollup or rollup_of(self.profile)

    @property
    def where(self) -> tuple[Equals, ...]:
        """The profile's filters and those of the command line: all must hold."""
        saved = [equals(w) for w in (self.profile.where if self.profile else [])]
        return (*(w for w in saved if w is not None), *self.asked.where)

    def required(self) -> tuple[str, ...]:
        """The fields a column must hold: no value column for a rollup, no KPI with --kpi."""
        return tuple(
            name
            for name in REQUIRED
            if not (name == "kpi" and self.kpi) and not (name == "value" and self.rollup)
        )


def named_columns(profile: KpiProfile) -> list[str]:
    """Every column a profile names: mapped, rolled up, filtered on."""
    rollup = rollup_of(profile)
    wheres = [w.column for w in map(equals, profile.where) if w is not None]
    return [*profile.columns, *([rollup.column] if rollup and rollup.column else []), *wheres]


def missing_columns(columns: Iterable[str], header: list[str]) -> list[str]:
    """The columns not in the header (names compared ignoring case)."""
    lowered = {h.lower() for h in header}
    return [c for c in columns if c.lower() not in lowered]


def column_index(header: list[str], column: str) -> int | None:
    """Where a column is in the header: by its exact name, else ignoring case."""
    if column in header:
        return header.index(column)
    lowered = [h.lower() for h in header]
    return lowered.index(column.lower()) if column.lower() in lowered else None


def column_mapping(
    header: list[str], saved: KpiProfile | None, given: Mapping[str, str]
) -> dict[str, int]:
    """Field name to column index: --map, else the vendor's saved mapping, else header names."""
    chosen: dict[str, int] = {}
    lowered = [h.lower() for h in header]
    for source in (saved.columns if saved else {}, given):
        for column, name in source.items():
            index = column_index(header, column)
            if index is not None:
                chosen[name] = index
    for name, guesses in _GUESSES.items():
        if name not in chosen:
            found = next((lowered.index(g) for g in guesses if g in lowered), None)
            if found is not None and found not in chosen.values():
                chosen[name] = found
    return chosen


def kpi_names(
    kpis: Iterable[KpiDefinition],
    saved: KpiProfile | None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """KPI id by lower-cased name: each KPI's id and name, the aliases saved for the tool, and
    those given on the command line (`extra`)."""
    names: dict[str, str] = {}
    for kpi in kpis:
        names[kpi.id.lower()] = kpi.id
        names[kpi.name.lower()] = kpi.id
    for alias, kpi_id in {**(saved.kpis if saved else {}), **(extra or {})}.items():
        names[alias.lower()] = kpi_id
    return names


def cell(cells: list[str], index: int | None) -> str:
    """The text of column `index` of a row; empty when there is no such column or cell."""
    return cells[index] if index is not None and index < len(cells) else ""
