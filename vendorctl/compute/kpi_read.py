"""The rows of a KPI export read into measurements, checked against the vendor's KPIs: one
measurement per row, or the rows of each KPI and period rolled up into one. Every bad row is a
diagnostic; the same problem on many rows is one diagnostic that lists them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import Decimal

from vendorctl.compute.kpi_rollup import Group, rolled_up
from vendorctl.diagnostics import Diagnostic
from vendorctl.load import csvio, timestamps
from vendorctl.load.kpi_export import (
    Equals,
    Key,
    Reading,
    Rollup,
    Row,
    cell,
    column_index,
    column_mapping,
    kpi_names,
)
from vendorctl.model.periods import Kind, Period, containing
from vendorctl.model.records import MAX_WEIGHT
from vendorctl.model.vendor import KpiDefinition

_FREQUENCY = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
_KIND: dict[str, Kind] = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
LINES_LISTED = 8  # of a problem found on many rows, the first lines named
VALUES_LISTED = 10  # of a column whose cells never hold a filter's value, the values named
# Values that say yes or no: a column holding only one of a pair (every SLA met: only `false` in
# `Has breached`) makes the other a value no row holds that is still no typo (0 percent).
_OPPOSITES = {
    a: b
    for pair in (
        ("true", "false"),
        ("yes", "no"),
        ("y", "n"),
        ("1", "0"),
        ("up", "down"),
        ("on", "off"),
        ("pass", "fail"),
        ("passed", "failed"),
        ("met", "breached"),
    )
    for a, b in (pair, pair[::-1])
}


@dataclass
class RowsRead:
    """The measurements an export gives, a diagnostic for each problem, and the columns read."""

    rows: list[Row] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # column name to field, in file order
    fields: dict[str, int] = field(default_factory=dict)  # field to its column (0-based)

    @property
    def ok(self) -> bool:
        """True when no row (and no column) has an error."""
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class Problems:
    """Row problems as they are found, the same problem on several rows kept together."""

    shown: str
    found: dict[tuple[str, int, str, str], list[int]] = field(default_factory=dict)

    def add(self, line: int, column: int, code: str, what: str, hint: str = "") -> None:
        """A problem: `what` is wrong on `line`; `hint` says how to fix it."""
        self.found.setdefault((code, column, what, hint), []).append(line)

    def diagnostics(self) -> list[Diagnostic]:
        """One diagnostic per problem, at the first row it was found on, in line order: a
        problem on several rows names how many and the first of them."""
        made = []
        for (code, column, what, hint), lines in self.found.items():
            if len(lines) == 1:
                message = f"{what}{hint}"
            else:
                listed = ", ".join(str(n) for n in lines[:LINES_LISTED])
                more = ", ..." if len(lines) > LINES_LISTED else ""
                message = f"{what} on {len(lines)} rows: {listed}{more}{hint}"
            made.append(Diagnostic(self.shown, lines[0], column, "error", code, message))
        return sorted(made, key=lambda d: (d.line, d.col))


def _closest(name: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return close[0] if close else None


def _closest_column(name: str, header: Sequence[str]) -> str | None:
    """The header's column closest to `name`, compared ignoring case."""
    lowered = {h.lower(): h for h in header}
    close = _closest(name.lower(), lowered)
    return lowered[close] if close else None


def read_export(
    table: csvio.Table,
    shown: str,
    kpis: Sequence[KpiDefinition],
    reading: Reading,
    fiscal: int,
    zone: tzinfo,
) -> RowsRead:
    """Check every row of `table` (the export `shown`) as `reading` says and make its
    measurements; nothing is made when a column is missing. A row's own source is its
    --source or source cell; the profile's source is left for the caller to apply."""
    found = RowsRead()
    header = table.header

    def header_error(column: int, message: str, code: str = "csv-column") -> None:
        found.diagnostics.append(
            Diagnostic(shown, table.header_line, column, "error", code, message)
        )

    for column in reading.asked.columns:
        if column_index(header, column) is None:
            close = _closest_column(column, header)
            hint = f"; did you mean `{close}`?" if close else f"; columns: {', '.join(header)}"
            header_error(1, f"no column `{column}` in the file{hint}")
    for column, what in _named_columns(reading):
        if column_index(header, column) is None:
            close = _closest_column(column, header)
            hint = f"; did you mean `{close}`?" if close else ""
            header_error(
                1,
                f"no column `{column}` in the file for {what}{hint}; columns found: "
                + ", ".join(header),
            )
    lost = _lost(reading, header)
    for column, name in lost:
        close = _closest_column(column, header)
        hint = f": did you mean `{close}`?" if close else ""
        header_error(
            1,
            f"{reading.label} reads the `{name}` from `{column}`, not in the file{hint}; "
            f"columns found: {', '.join(header)}; name it with --map COLUMN={name}",
        )
    columns = column_mapping(header, reading.profile, reading.asked.columns)
    found.mapping = {header[i]: name for name, i in sorted(columns.items(), key=lambda kv: kv[1])}
    found.fields = dict(columns)
    for name in reading.required():
        if name not in columns and name not in {field for _, field in lost}:  # said above
            header_error(1, _unmapped(name, header, reading))
    ids = [kpi.id for kpi in kpis]
    if reading.kpi is not None and reading.kpi not in ids:  # --kpi is checked before this
        close = _closest(reading.kpi, ids)
        hint = f"; did you mean `{close}`?" if close else f"; its KPIs: {', '.join(ids)}"
        header_error(
            1,
            f"{reading.label} reads every row as KPI `{reading.kpi}`, which this vendor does "
            f"not define{hint}",
            "unknown-kpi",
        )
    if not found.ok:
        return found
    found.diagnostics.extend(_values_never_held(table, shown, reading))
    if not found.ok:
        return found
    rows = _Rows(table, shown, kpis, reading, columns, fiscal, zone)
    rows.read()
    found.rows = rows.made()
    found.diagnostics.extend(rows.problems.diagnostics())
    return found


def _named_columns(reading: Reading) -> list[tuple[str, str]]:
    """The columns a rollup and its filters read, with what reads them (for messages)."""
    return [(column, what) for column, what, _ in _read_columns(reading)]


def _read_columns(reading: Reading) -> list[tuple[str, str, Equals | None]]:
    """The columns a rollup and its filters read, what reads them (for messages), and the value
    a row's cell is compared with (of --share and --where)."""
    saved = f" (saved in {reading.label})"
    named: list[tuple[str, str, Equals | None]] = []
    rollup = reading.rollup
    if rollup is not None and rollup.column is not None:
        share = Equals(rollup.column, rollup.value or "") if rollup.method == "share" else None
        what = rollup.option + ("" if reading.asked.rollup else saved)
        named.append((rollup.column, what, share))
    for condition in reading.where:
        option = f"--where '{condition.text}'"
        asked = condition in reading.asked.where
        named.append((condition.column, option + ("" if asked else saved), condition))
    return named


def _values_never_held(table: csvio.Table, shown: str, reading: Reading) -> list[Diagnostic]:
    """A diagnostic for each --share or --where value that no row of the file holds in its
    column (a typo, or a tool that writes `no` where `false` was expected: a share of 0 percent
    or an import of nothing, silently), listing the values the column does hold. A value whose
    opposite is all the column holds (`true` where every row says `false`) is no typo."""
    found: list[Diagnostic] = []
    if not table.rows:
        return found
    for column, what, condition in _read_columns(reading):
        index = column_index(table.header, column)
        if condition is None or index is None:
            continue
        held: dict[str, str] = {}  # value as compared to the first spelling of it
        for _, cells in table.rows:
            text = cell(cells, index)
            held.setdefault(text.strip().casefold(), text.strip())
        wanted = condition.value.strip().casefold()
        if wanted in held:
            continue
        others = [value for value in held if value]
        if others and all(_OPPOSITES.get(wanted) == value for value in others):
            continue
        spelled = [f"`{value}`" if value else "empty cells" for value in held.values()]
        listed = ", ".join(spelled[:VALUES_LISTED])
        if len(spelled) > VALUES_LISTED:
            listed += f" and {len(spelled) - VALUES_LISTED} more"
        found.append(
            Diagnostic(
                shown,
                table.header_line,
                index + 1,
                "error",
                "csv-value",
                f"no row has `{condition.value}` in `{table.header[index]}` ({what}); the "
                f"column holds {listed}",
            )
        )
    return found


def _lost(reading: Reading, header: list[str]) -> list[tuple[str, str]]:
    """The columns the profile reads a needed field from that the file lacks (and --map does
    not replace): the export has changed, and another column guessed might be the wrong one."""
    if reading.profile is None:
        return []
    given = set(reading.asked.columns.values())
    return [
        (column, name)
        for column, name in reading.profile.columns.items()
        if name in reading.required() and name not in given and column_index(header, column) is None
    ]


def _unmapped(name: str, header: list[str], reading: Reading) -> str:
    """Why no column holds a field, what the file has, and how to name one."""
    why = f" (read with {reading.label})" if reading.label is not None else ""
    close = _closest_column(name, header)
    fix = f"--map '{close}={name}'" if close else f"--map COLUMN={name}"
    return (
        f"no column holds the `{name}`{why}; columns found: {', '.join(header)}; name it with {fix}"
    )


class _Rows:
    """Reading an export's rows, once its columns are known."""

    def __init__(
        self,
        table: csvio.Table,
        shown: str,
        kpis: Sequence[KpiDefinition],
        reading: Reading,
        columns: dict[str, int],
        fiscal: int,
        zone: tzinfo,
    ) -> None:
        self.table = table
        self.kpis = kpis
        self.reading = reading
        self.columns = columns
        self.fiscal = fiscal
        self.zone = zone
        self.problems = Problems(shown)
        self.rollup: Rollup | None = reading.rollup
        self.by_name = kpi_names(kpis, reading.profile, reading.asked.kpis)
        self.defined = {k.id: k for k in kpis}
        self.asked_names = {alias.lower() for alias in reading.asked.kpis}
        header = table.header
        self.filters = [(column_index(header, w.column), w) for w in reading.where]
        self.rolled_column = (
            column_index(header, self.rollup.column)
            if self.rollup is not None and self.rollup.column is not None
            else None
        )
        number_column = self.rolled_column if self.rollup else columns.get("value")
        self.comma = (
            csvio.decimal_comma(table, number_column) if number_column is not None else False
        )
        weight = columns.get("weight") if self.rollup is None else None
        self.weight_comma = (
            csvio.decimal_comma(table, weight, *([] if number_column is None else [number_column]))
            if weight is not None
            else False
        )
        self.slash: str | None = None
        self.rows: list[Row] = []
        self.groups: dict[Key, Group] = {}

    def read(self) -> None:
        """Read every row the filters keep, into rows or groups; a problem for each bad one."""
        period_column = self.columns["period"]
        if self.reading.period_format is None:
            order = csvio.slash_order(
                [cell(c, period_column) for _, c in self.table.rows if self._kept(c)]
            )
            if order == "ambiguous":
                self.problems.add(
                    self.table.header_line,
                    period_column + 1,
                    "csv-period",
                    "dates like 07/08/2026 could be day/month or month/day; give "
                    "--period-format %d/%m/%Y or %m/%d/%Y",
                )
                return
            self.slash = order
        width = len(self.table.header)
        for line, cells in self.table.rows:
            stray = csvio.stray_field(cells, width)
            if stray is not None:
                self.problems.add(
                    line, stray + 1, "csv-column", csvio.stray_message(cells, stray, self.table)
                )
                continue
            if not self._kept(cells):
                continue
            kpi_id = self._kpi(line, cells)
            if kpi_id is None:
                continue
            span = self._period(line, cells, self.defined[kpi_id])
            if span is None:
                continue
            if self.rollup is not None:
                self._roll(line, cells, kpi_id, span)
            else:
                self._row(line, cells, kpi_id, span)

    def made(self) -> list[Row]:
        """The measurements read: the rows, or one per group of rows, by KPI and period."""
        if self.rollup is None:
            return self.rows
        order = {kpi.id: i for i, kpi in enumerate(self.kpis)}
        made = []
        for (kpi_id, span), group in sorted(
            self.groups.items(), key=lambda kv: (order[kv[0][0]], kv[0][1].first)
        ):
            made.append(
                Row(
                    group.line,
                    kpi_id,
                    span,
                    rolled_up(self.rollup.method, group),
                    self.reading.asked.source,
                    f"rolled up from {group.rows} row{'' if group.rows == 1 else 's'}",
                    Decimal(group.rows),
                    group.rows,
                )
            )
        return made

    def _kept(self, cells: list[str]) -> bool:
        return all(w.holds(cell(cells, i)) for i, w in self.filters)

    def _kpi(self, line: int, cells: list[str]) -> str | None:
        """The row's KPI id (--kpi, or its KPI cell by id, name or alias), or None and a
        problem."""
        if self.reading.kpi is not None:
            return self.reading.kpi
        column = self.columns["kpi"] + 1
        name = cell(cells, self.columns["kpi"])
        kpi_id = self.by_name.get(name.lower())
        if kpi_id is not None and kpi_id in self.defined:
            return kpi_id
        ids = list(self.defined)
        if not name:
            self.problems.add(line, column, "unknown-kpi", "no KPI named in this row")
        elif kpi_id is not None:  # an alias for a KPI the vendor does not define
            origin = "--kpi-map" if name.lower() in self.asked_names else self.reading.label
            close = _closest(kpi_id, ids)
            hint = f"; did you mean `{close}`?" if close else f"; its KPIs: {', '.join(ids)}"
            self.problems.add(
                line,
                column,
                "unknown-kpi",
                f"`{name}` is mapped to KPI `{kpi_id}` by {origin}, which this vendor does "
                "not define",
                hint,
            )
        else:
            names = {k.name: k.id for k in self.kpis}
            close = _closest(name, [*ids, *names])
            if close is not None:
                target = names.get(close, close)
                hint = f"; did you mean `{close}`? (--kpi-map '{name}={target}' maps it)"
            else:
                hint = f"; map it with --kpi-map '{name}=KPI-ID' (its KPIs: {', '.join(ids)})"
            self.problems.add(line, column, "unknown-kpi", f"no KPI `{name}` for this vendor", hint)
        return None

    def _period(self, line: int, cells: list[str], kpi: KpiDefinition) -> Period | None:
        """The row's period: as written, or the period of the KPI's frequency its day falls in
        (a month, for a row that is a measurement of its own); None and a problem if none."""
        column = self.columns["period"]
        kind = _KIND[kpi.frequency]
        try:
            found = csvio.when(
                cell(cells, column),
                self.fiscal,
                self.reading.period_format,
                self.zone,
                self.slash,
            )
            if isinstance(found, date):
                span = containing(found, kind if self.rollup else "month", self.fiscal)
            elif self.rollup is not None and _MONTHS[found.kind] < _MONTHS[kind]:
                span = found.enclosing(kind)  # a month rolls up into its quarter
            else:
                span = found
            if not 1900 <= span.start.year <= 2999:
                raise ValueError(f"{span.label} is outside the years 1900 to 2999")
        except timestamps.OutOfRange:
            text = cell(cells, column).strip()
            self.problems.add(
                line, column + 1, "csv-period", f"{text!r} is outside the years 1900 to 2999"
            )
            return None
        except ValueError as exc:
            self.problems.add(line, column + 1, "csv-period", str(exc))
            return None
        if _FREQUENCY[span.kind] != kpi.frequency:
            self.problems.add(
                line,
                column + 1,
                "period-frequency",
                f"KPI `{kpi.id}` is measured {kpi.frequency}, but {span.label} is a {span.kind}",
            )
            return None
        return span

    def _number(
        self, line: int, cells: list[str], index: int, comma: bool, what: str
    ) -> Decimal | None:
        """The number in a row's cell, or None and a problem."""
        try:
            return csvio.number(cell(cells, index), comma)
        except ValueError as exc:
            text = cell(cells, index)
            if not text:
                self.problems.add(line, index + 1, "csv-value", f"no {what} in this row")
            else:
                self.problems.add(line, index + 1, "csv-value", str(exc))
            return None

    def _roll(self, line: int, cells: list[str], kpi_id: str, span: Period) -> None:
        assert self.rollup is not None
        value = None
        if self.rollup.method in ("mean", "sum"):
            assert self.rolled_column is not None
            what = f"`{self.table.header[self.rolled_column]}`"
            value = self._number(line, cells, self.rolled_column, self.comma, what)
            if value is None:
                return
        matched = False
        if self.rollup.method == "share" and self.rollup.column is not None:
            share = Equals(self.rollup.column, self.rollup.value or "")
            matched = share.holds(cell(cells, self.rolled_column))
        group = self.groups.setdefault((kpi_id, span), Group(line))
        group.add(matched, value)

    def _row(self, line: int, cells: list[str], kpi_id: str, span: Period) -> None:
        value = self._number(line, cells, self.columns["value"], self.comma, "value")
        if value is None:
            return
        weight = None  # an empty weight cell: the value counts as any other
        if cell(cells, self.columns.get("weight")):
            weight = self._number(line, cells, self.columns["weight"], self.weight_comma, "weight")
            if weight is None:
                return
            if not 0 <= weight <= MAX_WEIGHT:
                self.problems.add(
                    line,
                    self.columns["weight"] + 1,
                    "csv-value",
                    f"a weight is 0 to {MAX_WEIGHT:,}, not {cell(cells, self.columns['weight'])}",
                )
                return
        source = self.reading.asked.source or cell(cells, self.columns.get("source"))
        note = cell(cells, self.columns.get("note"))
        for name, text, limit in (("source", source, 200), ("note", note, 2000)):
            if text and len(text) > limit:
                place = self.columns[name] + 1 if name in self.columns else 1
                self.problems.add(
                    line, place, "csv-value", f"the {name} is longer than {limit} characters"
                )
                return
        self.rows.append(Row(line, kpi_id, span, value, source or None, note or None, weight))


def distinct(rows: Iterable[Row], shown: str) -> tuple[dict[Key, Row], list[Diagnostic]]:
    """Each KPI and period once, from its first row; a `csv-duplicate` diagnostic for each
    later row that gives it another value."""
    seen: dict[Key, Row] = {}
    diagnostics: list[Diagnostic] = []
    for row in rows:
        key = (row.kpi, row.period)
        first = seen.setdefault(key, row)
        if first is row or (first.value, first.weight) == (row.value, row.weight):
            continue
        what, one, other = (
            ("is", first.value, row.value)
            if first.value != row.value
            else ("has weight", first.weight, row.weight)
        )
        diagnostics.append(
            Diagnostic(
                shown,
                row.line,
                1,
                "error",
                "csv-duplicate",
                f"{row.kpi} for {row.period.label} {what} {one} on line {first.line} and "
                f"{other} here; keep one",
            )
        )
    return seen, diagnostics
