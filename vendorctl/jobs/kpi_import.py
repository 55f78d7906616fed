"""`vendorctl kpi import`: CSV exports merged into a vendor's KPI files, all rows valid or none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as with_changes
from decimal import Decimal
from pathlib import Path

from vendorctl.checks.kpi_rows import distinct, read_rows
from vendorctl.compute.kpi_merge import merged_files, plan_merge
from vendorctl.compute.numbers import counted
from vendorctl.diagnostics import Diagnostic
from vendorctl.jobs.files import write_all_atomic
from vendorctl.jobs.portfolio import load_valid
from vendorctl.load import csvio
from vendorctl.load.kpi_export import Row
from vendorctl.model import FILE_KINDS

MODELINE = FILE_KINDS["measurements"].modeline()


@dataclass(frozen=True)
class ImportResult:
    """What an import did (with `dry_run`, would do), or the diagnostics that stopped it."""

    shown: str  # the CSV file, as messages name it
    dry_run: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    replaced: list[tuple[Row, Decimal]] = field(default_factory=list)  # with the old value
    unchanged: int = 0
    files: list[str] = field(default_factory=list)  # changed KPI files, relative to the root
    mapping: dict[str, str] = field(default_factory=dict)  # CSV column to field
    write_error: str | None = None  # why the changed files could not be written

    @property
    def ok(self) -> bool:
        """True when every row is valid and nothing conflicts."""
        return not any(d.severity == "error" for d in self.diagnostics)

    def lines(self) -> list[str]:
        """What the command prints: the diagnostics and a count of them, or each measurement
        added or replaced and a summary (none when the files could not be written)."""
        lines = [d.as_text() for d in self.diagnostics]
        if not self.ok:
            errors = sum(1 for d in self.diagnostics if d.severity == "error")
            return [*lines, f"{counted(errors, 'problem')} in {self.shown}; nothing was imported."]
        lines.extend(f"add: {row.kpi} {row.period.label} = {row.value}" for row in self.added)
        lines.extend(
            f"replace: {row.kpi} {row.period.label} = {row.value} (was {old})"
            for row, old in self.replaced
        )
        if self.write_error is not None:
            return lines
        summary = (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{self.unchanged} already there"
        )
        if self.dry_run:
            return [*lines, f"Dry run: {summary}; would write {counted(len(self.files), 'file')}."]
        return [*lines, f"Imported: {summary}; wrote {', '.join(self.files) or 'no file'}."]


def import_kpis(
    root: Path,
    vendor_id: str,
    csv_file: Path,
    given: Mapping[str, str],
    period_format: str | None = None,
    *,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Merge the measurements of `csv_file` into the vendor's KPI files in the portfolio at
    `root`, mapping columns by `given` (column to field) first: check every row, plan the
    merge, and write the changed files together unless `dry_run` or anything is wrong."""
    checked = load_valid(root)
    vendor, files = checked.vendor(vendor_id)
    fiscal = checked.settings.fiscal_year_start
    shown = str(csv_file)
    try:
        table = csvio.read_table(csv_file.read_bytes())
    except OSError as exc:
        problem = Diagnostic(
            shown, 1, 1, "error", "csv-file", f"cannot read: {exc.strerror or exc}"
        )
        return ImportResult(shown, dry_run, [problem])
    except csvio.CsvError as exc:
        problem = Diagnostic(
            shown, exc.line, exc.column, "error", "csv-file", f"cannot read: {exc}"
        )
        return ImportResult(shown, dry_run, [problem])
    read = read_rows(table, shown, vendor.kpis, vendor.kpi_import, given, period_format, fiscal)
    rows, duplicates = distinct(read.rows, shown)
    base = checked.portfolio.root
    merge = plan_merge(rows, files, base, vendor_id, fiscal, replace=replace, shown=shown)
    result = ImportResult(
        shown,
        dry_run,
        [*read.diagnostics, *duplicates, *merge.conflicts],
        merge.added,
        merge.replaced,
        merge.unchanged,
        mapping=read.mapping,
    )
    if not result.ok:
        return result
    texts = merged_files(merge, vendor.kpis, files, base, vendor_id, MODELINE)
    written = [path.relative_to(base).as_posix() for path in sorted(texts)]
    if dry_run:
        return with_changes(result, files=written)
    try:
        write_all_atomic(texts)
    except OSError as exc:
        failure = f"cannot write the KPI files: {exc.strerror or exc}"
        return with_changes(result, files=written, write_error=failure)
    return with_changes(result, files=written)
