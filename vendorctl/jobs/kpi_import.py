"""`vendorctl kpi import`: CSV exports merged into a vendor's KPI files, all rows valid or none."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from dataclasses import replace as with_changes
from decimal import Decimal
from pathlib import Path

from vendorctl.checks.common import did_you_mean
from vendorctl.compute.scoring import dec
from vendorctl.diagnostics import Diagnostic
from vendorctl.jobs.files import file_mode
from vendorctl.load import csvio
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model.periods import Period
from vendorctl.model.records import Measurements
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
_FREQUENCY = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
_PLAIN_PERIOD = re.compile(r"^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")
MODELINE = "# yaml-language-server: $schema=../../../schemas/measurements.schema.json"


@dataclass
class Row:
    """One valid CSV row, as a measurement."""

    line: int
    kpi: str
    period: Period
    value: Decimal
    source: str | None
    note: str | None


@dataclass
class ImportPlan:
    """What an import would do, or why it cannot."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    replaced: list[tuple[Row, Decimal]] = field(default_factory=list)
    unchanged: int = 0
    files: dict[Path, str] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every row is valid and nothing conflicts."""
        return not any(d.severity == "error" for d in self.diagnostics)


class _Rows:
    """Turns the table's rows into measurements, collecting diagnostics for bad cells."""

    def __init__(self, plan: ImportPlan, shown: str) -> None:
        self.plan, self.shown = plan, shown

    def error(self, line: int, col: int, code: str, message: str) -> None:
        self.plan.diagnostics.append(Diagnostic(self.shown, line, col, "error", code, message))


def _mapping(header: list[str], saved: KpiImport | None, given: dict[str, str]) -> dict[str, int]:
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


def _kpi_lookup(kpis: list[KpiDefinition], saved: KpiImport | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for kpi in kpis:
        names[kpi.id.lower()] = kpi.id
        names[kpi.name.lower()] = kpi.id
    for alias, kpi_id in (saved.kpis if saved else {}).items():
        names[alias.lower()] = kpi_id
    return names


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def read_rows(
    table: csvio.Table,
    plan: ImportPlan,
    shown: str,
    kpis: list[KpiDefinition],
    saved: KpiImport | None,
    given: dict[str, str],
    period_format: str | None,
    fiscal: int,
) -> list[Row]:
    """Validate every row; keep the valid ones and a diagnostic for each bad cell."""
    report = _Rows(plan, shown)
    header_line = table.rows[0][0] - 1 if table.rows else 1
    for column in given:
        if column not in table.header and column.lower() not in [h.lower() for h in table.header]:
            hint = did_you_mean(column, table.header) or f"; columns: {', '.join(table.header)}"
            report.error(header_line, 1, "csv-column", f"no column `{column}` in the file{hint}")
    columns = _mapping(table.header, saved, given)
    plan.mapping = {
        table.header[i]: name for name, i in sorted(columns.items(), key=lambda kv: kv[1])
    }
    for name in REQUIRED:
        if name not in columns:
            report.error(
                header_line,
                1,
                "csv-column",
                f"no column holds the `{name}`; name it with --map COLUMN={name}",
            )
    if not plan.ok:
        return []
    by_name = _kpi_lookup(kpis, saved)
    defined = {k.id: k for k in kpis}
    comma = csvio.decimal_comma(table, columns["value"])
    layout = period_format or (saved.period_format if saved else None)
    if layout is None:
        order = csvio.slash_order([_cell(c, columns["period"]) for _, c in table.rows])
        if order == "ambiguous":
            report.error(
                header_line,
                columns["period"] + 1,
                "csv-period",
                "dates like 07/08/2026 could be day/month or month/day; give "
                "--period-format %d/%m/%Y or %m/%d/%Y",
            )
            return []
        layout = order
    rows = []
    for line, cells in table.rows:
        name = _cell(cells, columns["kpi"])
        kpi_id = by_name.get(name.lower())
        if kpi_id is None or kpi_id not in defined:
            hint = did_you_mean(name, [*defined, *(k.name for k in kpis)]) or (
                "; map it to a KPI id under kpi_import.kpis in vendor.yaml"
            )
            report.error(
                line, columns["kpi"] + 1, "unknown-kpi", f"no KPI `{name}` for this vendor{hint}"
            )
            continue
        try:
            span = csvio.period(_cell(cells, columns["period"]), fiscal, layout)
            if not 1900 <= span.start.year <= 2999:
                raise ValueError(f"{span.label} is outside the years 1900 to 2999")
        except ValueError as exc:
            report.error(line, columns["period"] + 1, "csv-period", str(exc))
            continue
        if _FREQUENCY[span.kind] != defined[kpi_id].frequency:
            report.error(
                line,
                columns["period"] + 1,
                "period-frequency",
                f"KPI `{kpi_id}` is measured {defined[kpi_id].frequency}, but "
                f"{span.label} is a {span.kind}",
            )
            continue
        try:
            value = csvio.number(_cell(cells, columns["value"]), comma)
        except ValueError as exc:
            report.error(line, columns["value"] + 1, "csv-value", str(exc))
            continue
        source = _cell(cells, columns.get("source")) or (saved.source if saved else None)
        note = _cell(cells, columns.get("note"))
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
            report.error(
                line,
                columns[name] + 1 if name in columns else 1,
                "csv-value",
                f"the {name} is longer than {limit} characters",
            )
            continue
        rows.append(Row(line, kpi_id, span, value, source or None, note or None))
    return rows


def _existing(
    files: VendorFiles, fiscal: int
) -> dict[tuple[str, Period], tuple[Record[Measurements], int]]:
    from vendorctl.model.periods import parse

    found = {}
    for record in files.measurements:
        for index, m in enumerate(record.model.measurements):
            found[(m.kpi, parse(m.period, fiscal))] = (record, index)
    return found


_KEYWORD = re.compile(r"(?i:true|false|null|~|yes|no|on|off)|[-+]?[\d.]+(?:e[-+]?\d+)?")


def _scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back as the same text, else quoted."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._/()-]*[A-Za-z0-9)]|[A-Za-z]", text)
    safe = plain and ": " not in text and " #" not in text and not _KEYWORD.fullmatch(text)
    return text if safe else json.dumps(text, ensure_ascii=False)


def _entry(kpi: str, period: str, value: str, source: str | None, note: str | None) -> str:
    shown_period = period if _PLAIN_PERIOD.match(period) else json.dumps(period)
    parts = [f"kpi: {kpi}", f"period: {shown_period}", f"value: {value}"]
    if source:
        parts.append(f"source: {_scalar(source)}")
    if note:
        parts.append(f"note: {_scalar(note)}")
    return "  - {" + ", ".join(parts) + "}"


def _file_text(header: list[str], entries: list[tuple[str, Period, str]]) -> str:
    """A tidy measurements file: header comments kept, entries sorted, a blank line per KPI."""
    lines = [*header, "measurements:"]
    previous = None
    for kpi, _, line in entries:
        if previous is not None and kpi != previous:
            lines.append("")
        lines.append(line)
        previous = kpi
    return "\n".join(lines) + "\n"


def _target(root: Path, folder: Path, files: VendorFiles, period: Period) -> Path:
    """Where a new measurement goes: one file per year, unless the vendor keeps another layout."""
    names = sorted(record.doc.path for record in files.measurements)
    by_year = not names or any(re.fullmatch(r"[0-9]{4}\.ya?ml", Path(n).name) for n in names)
    return folder / f"{period.start.year}.yaml" if by_year else root / names[-1]


def _header(text: str | None, vendor: str, path: Path) -> list[str]:
    if text is None:
        return [MODELINE, f"# {vendor}: KPI measurements ({path.stem})."]
    header = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            header.append(line)
        else:
            break
    while header and not header[-1].strip():
        header.pop()
    return header


def plan_import(
    checked: Checked,
    vendor_id: str,
    csv_path: Path,
    shown: str,
    given: dict[str, str],
    period_format: str | None,
    replace: bool,
) -> ImportPlan:
    """Read and check every row, then work out the merge; no file is touched here."""
    plan = ImportPlan()
    vendor, files = checked.vendor(vendor_id)
    fiscal = checked.settings.fiscal_year_start
    try:
        table = csvio.read_table(csv_path.read_bytes())
    except (OSError, csvio.CsvError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        plan.diagnostics.append(
            Diagnostic(shown, 1, 1, "error", "csv-file", f"cannot read: {message}")
        )
        return plan
    rows = read_rows(
        table, plan, shown, vendor.kpis, vendor.kpi_import, given, period_format, fiscal
    )
    seen: dict[tuple[str, Period], Row] = {}
    for row in rows:
        key = (row.kpi, row.period)
        first = seen.setdefault(key, row)
        if first is not row and first.value != row.value:
            plan.diagnostics.append(
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
    existing = _existing(files, fiscal)
    root = checked.portfolio.root
    folder = root / "vendors" / vendor_id / "kpis"
    updates: dict[Path, dict[tuple[str, Period], Row]] = {}
    for key, row in seen.items():
        if key in existing:
            record, index = existing[key]
            old = dec(record.doc.data["measurements"][index]["value"])  # as written: 20, not 20.0
            if old == row.value:
                plan.unchanged += 1
                continue
            if not replace:
                plan.diagnostics.append(
                    Diagnostic(
                        shown,
                        row.line,
                        1,
                        "error",
                        "csv-conflict",
                        f"{row.kpi} for {row.period.label} is already {old} in {record.doc.path}, "
                        f"not {row.value}; pass --replace to overwrite it",
                    )
                )
                continue
            kept = record.model.measurements[index]  # a new value keeps the old source and note
            row = with_changes(row, source=row.source or kept.source, note=row.note or kept.note)
            plan.replaced.append((row, old))
            updates.setdefault(root / record.doc.path, {})[key] = row
        else:
            plan.added.append(row)
            updates.setdefault(_target(root, folder, files, row.period), {})[key] = row
    if not plan.ok:
        return plan
    order = {kpi.id: i for i, kpi in enumerate(vendor.kpis)}
    texts = {root / r.doc.path: r.doc.text for r in files.measurements}
    for path, changes in sorted(updates.items()):
        entries = {
            # the value as written (12, 3.0, 99.950, 1e3 stay so): untouched entries keep it
            key: _entry(
                m.kpi,
                m.period,
                held.doc.scalar(("measurements", index, "value"))
                or repr(held.doc.data["measurements"][index]["value"]),
                m.source,
                m.note,
            )
            for key, (held, index) in existing.items()
            if root / held.doc.path == path
            for m in (held.model.measurements[index],)
        }
        for key, row in changes.items():
            entries[key] = _entry(
                row.kpi, row.period.label, format(row.value, "f"), row.source, row.note
            )
        ordered = sorted(entries.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0]))
        header = _header(texts.get(path), vendor_id, path)
        plan.files[path] = _file_text(header, [(k[0], k[1], line) for k, line in ordered])
    return plan


def apply(plan: ImportPlan) -> None:
    """Write the changed KPI files together: every new text goes to a temporary file beside its
    target first, and only when all are written are they renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(plan.files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(name), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            Path(name).chmod(file_mode(path))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:
        temp.replace(path)
