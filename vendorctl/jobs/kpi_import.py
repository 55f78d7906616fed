"""`vendorctl kpi import`: CSV exports merged into a vendor's KPI files, all rows valid or none."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from dataclasses import replace as with_changes
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from vendorctl.compute.kpi_merge import merged_files, plan_merge, unweighted
from vendorctl.compute.kpi_read import RowsRead, distinct, read_export
from vendorctl.compute.numbers import counted
from vendorctl.diagnostics import Diagnostic, Outcome
from vendorctl.errors import InvalidPortfolio, UsageError
from vendorctl.jobs.files import write_all_atomic
from vendorctl.jobs.kpi_merged import check_merged
from vendorctl.jobs.portfolio import load_and_check
from vendorctl.load import csvio, kpi_profile_file, kpi_profiles
from vendorctl.load.checked import Checked
from vendorctl.load.kpi_export import FIELDS, Asked, Key, Reading, Row
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import FILE_KINDS, Vendor
from vendorctl.model.base import SLUG_PATTERN
from vendorctl.model.periods import PeriodError, parse
from vendorctl.model.vendor import KpiProfile

MODELINE = FILE_KINDS["measurements"].modeline()
LISTED = 20  # problems listed before the rest are only counted
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ImportResult:
    """What an import did (with `dry_run`, would do), or the diagnostics that stopped it."""

    shown: str  # the CSV file, as messages name it
    dry_run: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    replaced: list[tuple[Row, Decimal]] = field(default_factory=list)  # with the old value
    unchanged: int = 0
    files: list[str] = field(default_factory=list)  # changed files, relative to the root
    mapping: dict[str, str] = field(default_factory=dict)  # CSV column to field
    write_error: str | None = None  # why the changed files could not be written
    notes: list[str] = field(default_factory=list)  # said first: other vendors' errors, profile
    same: list[Row] = field(default_factory=list)  # rows equal to what is there (dry runs list)
    saved: str | None = None  # "profile `x` in vendors/v/vendor.yaml", when --save-profile

    @property
    def ok(self) -> bool:
        """True when every row is valid and nothing conflicts."""
        return not any(d.severity == "error" for d in self.diagnostics)

    def lines(self) -> list[str]:
        """What the command prints: notes, then the diagnostics (the first LISTED) and a count of
        them, or each measurement added or replaced (in a dry run also each one already there)
        and a summary (none when the files could not be written)."""
        lines = list(self.notes)
        if not self.ok:
            errors = sum(1 for d in self.diagnostics if d.severity == "error")
            lines.extend(d.as_text() for d in self.diagnostics[:LISTED])
            if len(self.diagnostics) > LISTED:
                lines.append(f"... and {counted(len(self.diagnostics) - LISTED, 'more problem')}")
            return [*lines, f"{counted(errors, 'problem')} in {self.shown}; nothing was imported."]
        lines.extend(d.as_text() for d in self.diagnostics)
        lines.extend(f"add: {_shown(row)}" for row in self.added)
        lines.extend(f"replace: {_shown(row, old)}" for row, old in self.replaced)
        if self.dry_run:
            lines.extend(f"same: {_shown(row)}" for row in self.same)
        if self.write_error is not None:
            return lines
        summary = (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{self.unchanged} already there"
        )
        if self.dry_run:
            if self.saved:
                lines.append(f"Would save {self.saved}.")
            return [*lines, f"Dry run: {summary}; would write {counted(len(self.files), 'file')}."]
        if self.saved:
            lines.append(f"Saved {self.saved}.")
        return [*lines, f"Imported: {summary}; wrote {', '.join(self.files) or 'no file'}."]


def _shown(row: Row, old: Decimal | None = None) -> str:
    """A measurement as the output names it, with what it was and what it came from."""
    said = [] if old is None else [f"was {old}"]
    if row.rolled is not None:
        said.append(counted(row.rolled, "row"))
    elif row.weight is not None:
        said.append(f"weight {row.weight}")
    return f"{row.kpi} {row.period.label} = {row.value}" + (f" ({'; '.join(said)})" if said else "")


def import_kpis(
    root: Path,
    vendor_id: str,
    csv_file: Path,
    asked: Asked,
    *,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Merge the measurements of `csv_file` into the vendor's KPI files in the portfolio at
    `root`, read as `asked` over the vendor's saved profile: check every row, plan the merge,
    and write the changed files together (with the profile, if one is to be saved) unless
    `dry_run` or anything is wrong."""
    checked, others = _load_for(root, vendor_id)
    vendor, files = checked.vendor(vendor_id)
    _check_asked(asked, vendor)
    fiscal = checked.settings.fiscal_year_start
    zone = zoneinfo.ZoneInfo(checked.settings.timezone)
    shown = str(csv_file)
    notes = [others] if others else []
    try:
        table = csvio.read_table(csvio.read_export(csv_file))
    except OSError as exc:
        problem = Diagnostic(
            shown, 1, 1, "error", "csv-file", f"cannot read: {exc.strerror or exc}"
        )
        return ImportResult(shown, dry_run, [problem], notes=notes)
    except csvio.CsvError as exc:
        problem = Diagnostic(
            shown, exc.line, exc.column, "error", "csv-file", f"cannot read: {exc}"
        )
        return ImportResult(shown, dry_run, [problem], notes=notes)
    choice = kpi_profiles.choose(vendor.kpi_import, table.header, asked.profile, shown)
    if choice.why:
        notes.append(f"Using {choice.label} ({choice.why}).")
    if choice.note:
        notes.append(choice.note)
    reading = Reading(choice.profile, choice.label, asked)
    read = read_export(table, shown, vendor.kpis, reading, fiscal, zone)
    rows, duplicates = distinct(read.rows, shown)
    rows = _default_source(rows, files, fiscal, reading.default_source)
    base = checked.portfolio.root
    merge = plan_merge(rows, files, base, vendor_id, fiscal, replace=replace, shown=shown)
    changed = {(row.kpi, row.period) for row in merge.added} | {
        (row.kpi, row.period) for row, _ in merge.replaced
    }
    result = ImportResult(
        shown,
        dry_run,
        [*read.diagnostics, *duplicates, *merge.conflicts],
        merge.added,
        merge.replaced,
        merge.unchanged,
        mapping=read.mapping,
        notes=notes,
        same=[row for key, row in rows.items() if key not in changed],
    )
    if not result.ok:
        return result
    merged = merged_files(merge, vendor.kpis, files, base, vendor_id, MODELINE)
    weight = read.fields.get("weight") if reading.rollup is None else None
    broken = unweighted(
        merge, vendor.kpis, None if weight is None else (weight, table.header[weight]), shown
    ) or check_merged(
        checked,
        files,
        merged,
        {(row.kpi, row.period): row for row in [*merge.added, *(r for r, _ in merge.replaced)]},
        merge.existing,
        shown,
        read.fields,
    )
    if broken:
        return with_changes(result, diagnostics=[*result.diagnostics, *broken])
    texts: dict[Path, str | bytes] = dict(merged)
    if asked.save_as is not None:
        path, before, data = _saved_profile(
            base, files, asked.save_as, _profile_used(reading, read)
        )
        if data != before:
            texts[path] = data
        same = "" if data != before else " (as it was)"
        where = path.relative_to(base).as_posix()
        result = with_changes(result, saved=f"profile `{asked.save_as}` in {where}{same}")
    written = [path.relative_to(base).as_posix() for path in sorted(texts)]
    if dry_run:
        return with_changes(result, files=written)
    try:
        write_all_atomic(texts)
    except OSError as exc:
        failure = f"cannot write the KPI files: {exc.strerror or exc}"
        return with_changes(result, files=written, write_error=failure)
    return with_changes(result, files=written)


def _load_for(root: Path, vendor_id: str) -> tuple[Checked, str]:
    """The portfolio, checked as an import into one vendor needs: errors in the portfolio's own
    files (vendorctl.yaml), in the vendor's folder, or elsewhere naming the vendor's files (a
    contract id it shares) stop it (InvalidPortfolio, listing them); those in other vendors'
    folders do not, and are summed up in one warning line (empty when there are none)."""
    portfolio, outcome = load_and_check(root, policies=False)
    folder = f"vendors/{vendor_id}/"

    def blocks(path: str, message: str = "") -> bool:
        return not path.startswith("vendors/") or path.startswith(folder) or folder in message

    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    stopping = [d for d in errors if blocks(d.path, d.message)]
    stopping_omitted = [o for o in outcome.omitted if o.severity == "error" and blocks(o.path)]
    if stopping or stopping_omitted or portfolio.settings is None:
        raise InvalidPortfolio(Outcome(tuple(stopping), outcome.files, tuple(stopping_omitted)))
    elsewhere = [d.path for d in errors if not blocks(d.path, d.message)] + [
        o.path for o in outcome.omitted if o.severity == "error" and not blocks(o.path)
    ]
    count = outcome.errors
    note = ""
    if count:
        vendors = sorted({path.split("/")[1] for path in elsewhere})
        note = (
            f"warning: {counted(count, 'error')} in other vendors' files ({', '.join(vendors)}) "
            "do not stop this import; `vendorctl validate` lists them"
        )
    return Checked(portfolio, portfolio.settings.model, outcome), note


def _check_asked(asked: Asked, vendor: Vendor) -> None:
    """Options naming KPIs name the vendor's (UsageError otherwise); a profile name is a slug."""
    ids = [kpi.id for kpi in vendor.kpis]
    named = [("--kpi", asked.kpi)] if asked.kpi else []
    named += [(f"--kpi-map '{alias}={kpi}'", kpi) for alias, kpi in asked.kpis.items()]
    for option, kpi_id in named:
        if kpi_id not in ids:
            close = difflib.get_close_matches(kpi_id, ids, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise UsageError(
                f"{option}: no KPI `{kpi_id}` for vendor {vendor.id}{hint}; its KPIs: "
                + (", ".join(ids) or "none")
            )
    if asked.save_as is not None and not re.match(SLUG_PATTERN, asked.save_as):
        raise UsageError(
            f"--save-profile {asked.save_as!r}: a profile name is lowercase letters, digits and "
            "hyphens, e.g. servicenow or msp-monthly"
        )


def _default_source(
    rows: dict[Key, Row], files: VendorFiles, fiscal: int, source: str | None
) -> dict[Key, Row]:
    """Rows with the profile's `source` where they name none: a new measurement gets it, one
    replacing a measurement keeps the old one's source (the merge keeps it), unless it had none."""
    if source is None:
        return rows
    sourced: set[Key] = set()
    for record in files.measurements:
        for m in record.model.measurements:
            if m.source:
                try:
                    sourced.add((m.kpi, parse(m.period, fiscal)))
                except PeriodError:
                    continue
    return {
        key: row if row.source or key in sourced else with_changes(row, source=source)
        for key, row in rows.items()
    }


def _profile_used(reading: Reading, read: RowsRead) -> KpiProfile:
    """The profile that reads the export as it was read: its columns, KPI names, layout, source,
    KPI, rollup and filters (--save-profile)."""
    rollup = reading.rollup
    used = {"kpi", "period"} if rollup else set(FIELDS)
    if reading.kpi:
        used.discard("kpi")
    data: dict[str, object] = {
        "columns": {c: f for c, f in read.mapping.items() if f in used},
        "kpis": reading.kpis,
        "period_format": reading.period_format,
        "source": reading.asked.source or reading.default_source,
        "kpi": reading.kpi,
        "where": [w.text for w in reading.where],
    }
    if rollup is not None:
        data[rollup.method] = (
            True
            if rollup.method == "count"
            else f"{rollup.column}={rollup.value}"
            if rollup.method == "share"
            else rollup.column
        )
    try:
        return KpiProfile.model_validate({k: v for k, v in data.items() if v})
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise UsageError(f"the profile cannot be saved: {where}: {problem['msg']}") from None


def _saved_profile(
    root: Path, files: VendorFiles, name: str, profile: KpiProfile
) -> tuple[Path, bytes, bytes]:
    """vendor.yaml's path, its bytes, and its bytes with `profile` saved as `name` (every other
    byte kept)."""
    assert files.vendor is not None
    record = files.vendor
    path = root / record.doc.path
    shown = record.doc.path
    try:
        before = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {shown}: {exc.strerror or exc}") from None
    bom = _UTF8_BOM if before.startswith(_UTF8_BOM) else b""
    try:
        current = before[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"{shown} is not UTF-8; save it as UTF-8 to save a profile in it"
        ) from None
    if current != record.doc.text:
        raise UsageError(f"{shown} changed while the export was read; run the import again")
    text = kpi_profile_file.saved(current, name, profile, shown)
    return path, before, bom + text.encode("utf-8")
