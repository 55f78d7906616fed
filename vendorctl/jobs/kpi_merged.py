"""A vendor's files as a KPI import would leave them, checked as `validate` checks them before
anything is written: what the import would break is reported at the CSV rows that break it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from vendorctl.checks import CHECKS, RESULT_CHECKS
from vendorctl.compute.kpi_merge import Held
from vendorctl.diagnostics import Diagnostic
from vendorctl.load import schema_errors
from vendorctl.load.checked import Checked
from vendorctl.load.kpi_export import Key, Row
from vendorctl.load.portfolio import Portfolio, Record, VendorFiles
from vendorctl.load.yamlio import Document, LoadError, parse
from vendorctl.model.periods import PeriodError
from vendorctl.model.periods import parse as parse_period
from vendorctl.model.records import Measurements

AFTER = " (once the import is written)"  # said of a problem found elsewhere than in the CSV


def check_merged(
    checked: Checked,
    files: VendorFiles,
    texts: Mapping[Path, str],
    imported: Mapping[Key, Row],
    existing: Mapping[Key, Held],
    shown: str,
    columns: Mapping[str, int],
) -> list[Diagnostic]:
    """The errors `validate` would find in the vendor of `files` with its KPI files changed to
    `texts` (by absolute path; the merge's), each placed where it can be fixed: at the line in
    `shown` (the CSV) of the row that made the measurement (`imported`; `columns` gives the
    CSV column of each field, 0-based), at an untouched measurement where it is now (`existing`),
    else where it was found. The vendor had no error before, so each is the import's doing."""
    if not texts:
        return []  # nothing changes
    root = checked.portfolio.root
    fiscal = checked.settings.fiscal_year_start
    made: dict[str, Document] = {}
    found: list[Diagnostic] = []
    records = [r for r in files.measurements if root / r.doc.path not in texts]
    for path, text in sorted(texts.items()):
        rel = path.relative_to(root).as_posix()
        try:
            doc = made[rel] = Document(rel, text, parse(text, rel))
            records.append(Record(doc, Measurements.model_validate(doc.data)))
        except LoadError as exc:
            found.extend(exc.diagnostics)
        except ValidationError as exc:
            found.extend(schema_errors.diagnostics(Measurements, made[rel], exc))
    if not found:
        after = replace(files, measurements=records)
        portfolio = Portfolio(
            root,
            checked.portfolio.settings,
            {files.folder: after},
            0,
            [],
            checked.portfolio.shared,
        )
        for run in CHECKS.values():
            found.extend(run(portfolio))
        broken = {files.folder} if any(d.severity == "error" for d in found) else set()
        for late in RESULT_CHECKS.values():
            found.extend(late(portfolio, broken))
    placed = (
        _placed(d, made, imported, existing, shown, columns, fiscal)
        for d in found
        if d.severity == "error"
    )
    return sorted(set(placed))


def _placed(
    found: Diagnostic,
    made: Mapping[str, Document],
    imported: Mapping[Key, Row],
    existing: Mapping[Key, Held],
    shown: str,
    columns: Mapping[str, int],
    fiscal: int,
) -> Diagnostic:
    """Where a problem found in the merged files can be fixed."""
    doc = made.get(found.path)
    loc = found.loc
    if doc is None or len(loc) < 2 or loc[0] != "measurements" or not isinstance(loc[1], int):
        return replace(found, message=found.message + AFTER)
    key = _key(doc, loc[1], fiscal)
    row = imported.get(key) if key is not None else None
    if row is not None:
        field = loc[2] if len(loc) > 2 else None
        column = columns[field] + 1 if isinstance(field, str) and field in columns else 1
        return Diagnostic(shown, row.line, column, "error", found.code, found.message)
    if key is not None and key in existing:
        record, index = existing[key]
        return record.doc.diagnostic(
            ("measurements", index, *loc[2:]), found.code, found.message + AFTER
        )
    return replace(found, message=found.message + AFTER)


def _key(doc: Document, index: int, fiscal: int) -> Key | None:
    """The KPI and period of the `index`-th measurement of a merged file, if it has them."""
    items = doc.data.get("measurements")
    entry = items[index] if isinstance(items, list) and index < len(items) else None
    if not isinstance(entry, dict):
        return None
    kpi, period = entry.get("kpi"), entry.get("period")
    if not isinstance(kpi, str) or not isinstance(period, str):
        return None
    try:
        return (kpi, parse_period(period, fiscal))
    except PeriodError:
        return None
