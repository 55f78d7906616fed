"""The rows of a KPI export checked against the vendor's KPIs: a known KPI, a period of its
frequency, a number; and one value for each KPI and period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vendorctl.checks.common import did_you_mean
from vendorctl.diagnostics import Diagnostic
from vendorctl.load import csvio
from vendorctl.load.kpi_export import REQUIRED, Key, Row, cell, column_mapping, kpi_names
from vendorctl.model.vendor import KpiDefinition, KpiImport

_FREQUENCY = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}


@dataclass
class RowsRead:
    """The valid rows of a KPI export, a diagnostic for each bad one, and the columns read."""

    rows: list[Row] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # column name to field, in file order

    @property
    def ok(self) -> bool:
        """True when no row (and no column) has an error."""
        return not any(d.severity == "error" for d in self.diagnostics)


def read_rows(
    table: csvio.Table,
    shown: str,
    kpis: Sequence[KpiDefinition],
    saved: KpiImport | None,
    given: Mapping[str, str],
    period_format: str | None,
    fiscal: int,
) -> RowsRead:
    """Validate every row; keep the valid ones and a diagnostic for each bad cell."""
    found = RowsRead()

    def error(line: int, col: int, code: str, message: str) -> None:
        found.diagnostics.append(Diagnostic(shown, line, col, "error", code, message))

    header_line = table.rows[0][0] - 1 if table.rows else 1
    for column in given:
        if column not in table.header and column.lower() not in [h.lower() for h in table.header]:
            hint = did_you_mean(column, table.header) or f"; columns: {', '.join(table.header)}"
            error(header_line, 1, "csv-column", f"no column `{column}` in the file{hint}")
    columns = column_mapping(table.header, saved, given)
    found.mapping = {
        table.header[i]: name for name, i in sorted(columns.items(), key=lambda kv: kv[1])
    }
    for name in REQUIRED:
        if name not in columns:
            error(
                header_line,
                1,
                "csv-column",
                f"no column holds the `{name}`; name it with --map COLUMN={name}",
            )
    if not found.ok:
        return found
    by_name = kpi_names(kpis, saved)
    defined = {k.id: k for k in kpis}
    comma = csvio.decimal_comma(table, columns["value"])
    layout = period_format or (saved.period_format if saved else None)
    if layout is None:
        order = csvio.slash_order([cell(c, columns["period"]) for _, c in table.rows])
        if order == "ambiguous":
            error(
                header_line,
                columns["period"] + 1,
                "csv-period",
                "dates like 07/08/2026 could be day/month or month/day; give "
                "--period-format %d/%m/%Y or %m/%d/%Y",
            )
            return found
        layout = order
    for line, cells in table.rows:
        stray = _stray_field(cells, len(table.header))
        if stray is not None:
            error(line, stray + 1, "csv-column", _stray_message(cells, stray, table))
            continue
        name = cell(cells, columns["kpi"])
        kpi_id = by_name.get(name.lower())
        if kpi_id is None or kpi_id not in defined:
            hint = did_you_mean(name, [*defined, *(k.name for k in kpis)]) or (
                "; map it to a KPI id under kpi_import.kpis in vendor.yaml"
            )
            error(line, columns["kpi"] + 1, "unknown-kpi", f"no KPI `{name}` for this vendor{hint}")
            continue
        try:
            span = csvio.period(cell(cells, columns["period"]), fiscal, layout)
            if not 1900 <= span.start.year <= 2999:
                raise ValueError(f"{span.label} is outside the years 1900 to 2999")
        except ValueError as exc:
            error(line, columns["period"] + 1, "csv-period", str(exc))
            continue
        if _FREQUENCY[span.kind] != defined[kpi_id].frequency:
            error(
                line,
                columns["period"] + 1,
                "period-frequency",
                f"KPI `{kpi_id}` is measured {defined[kpi_id].frequency}, but "
                f"{span.label} is a {span.kind}",
            )
            continue
        try:
            value = csvio.number(cell(cells, columns["value"]), comma)
        except ValueError as exc:
            error(line, columns["value"] + 1, "csv-value", str(exc))
            continue
        source = cell(cells, columns.get("source")) or (saved.source if saved else None)
        note = cell(cells, columns.get("note"))
        too_long = next(
            (
                (name, limit)
                for name, text, limit in (("source", source, 200), ("note", note, 2000))
                if text and len(text) > limit
            ),
            None,
        )
        if too_long is not None:
            name, limit = too_long
            error(
                line,
                columns[name] + 1 if name in columns else 1,
                "csv-value",
                f"the {name} is longer than {limit} characters",
            )
            continue
        found.rows.append(Row(line, kpi_id, span, value, source or None, note or None))
    return found


def _stray_field(cells: list[str], width: int) -> int | None:
    """The index of the first non-empty field past the header's `width` columns, if any: such a
    field belongs to no column, and reading the row without it would drop data. (Empty fields
    there, as trailing delimiters leave, drop nothing.)"""
    return next((i for i in range(width, len(cells)) if cells[i]), None)


def _stray_message(cells: list[str], stray: int, table: csvio.Table) -> str:
    """Why a row with a field past the header's columns is refused, and how to fix the file."""
    delimiter = "tab" if table.delimiter == "\t" else f"`{table.delimiter}`"
    others = ", ".join(
        "tab" if d == "\t" else f"`{d}`" for d in csvio.DELIMITERS if d != table.delimiter
    )
    text = cells[stray] if len(cells[stray]) <= 40 else cells[stray][:40] + "..."
    return (
        f"this row has {len(cells)} fields but the header names {len(table.header)} columns: "
        f"`{text}` belongs to no column; a value holding the delimiter {delimiter} (such as "
        f'99{table.delimiter}97) must be quoted ("99{table.delimiter}97"), or the file '
        f"exported with another delimiter ({others})"
    )


def distinct(rows: Iterable[Row], shown: str) -> tuple[dict[Key, Row], list[Diagnostic]]:
    """Each KPI and period once, from its first row; a `csv-duplicate` diagnostic for each
    later row that gives it another value."""
    seen: dict[Key, Row] = {}
    diagnostics: list[Diagnostic] = []
    for row in rows:
        key = (row.kpi, row.period)
        first = seen.setdefault(key, row)
        if first is not row and first.value != row.value:
            diagnostics.append(
                Diagnostic(
                    shown,
                    row.line,
                    1,
                    "error",
                    "csv-duplicate",
                    f"{row.kpi} for {row.period.label} is {first.value} on line {first.line} and "
                    f"{row.value} here; keep one",
                )
            )
    return seen, diagnostics
