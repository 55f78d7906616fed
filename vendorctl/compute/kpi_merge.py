"""Imported measurements merged into a vendor's KPI files: what is added, replaced or already
there, and the new text of each file changed. Pure: the files come in as loaded, nothing is read
or written here."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as with_changes
from decimal import Decimal
from pathlib import Path

from vendorctl.compute.kpi_read import Problems
from vendorctl.compute.scoring import dec
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.kpi_export import Key, Row
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurements
from vendorctl.model.vendor import KpiDefinition

_PLAIN_PERIOD = re.compile(r"^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")
# The note a rollup writes on its own: replaced by the next rollup's, where a person's is kept.
_ROLLED_NOTE = re.compile(r"rolled up from [0-9]+ rows?")
_KEYWORD = re.compile(r"(?i:true|false|null|~|yes|no|on|off)|[-+]?[\d.]+(?:e[-+]?\d+)?")

Held = tuple[Record[Measurements], int]
"""Where a measurement is written: its file and its index in the file's `measurements`."""


@dataclass
class Merge:
    """What merging rows into a vendor's KPI files does, or the conflicts that stop it."""

    added: list[Row] = field(default_factory=list)
    replaced: list[tuple[Row, Decimal]] = field(default_factory=list)  # with the old value
    unchanged: int = 0
    conflicts: list[Diagnostic] = field(default_factory=list)
    updates: dict[Path, dict[Key, Row]] = field(default_factory=dict)  # the rows of each file
    existing: dict[Key, Held] = field(default_factory=dict)


def _existing(files: VendorFiles, fiscal: int) -> dict[Key, Held]:
    """Every measurement the vendor has, by KPI and period."""
    found: dict[Key, Held] = {}
    for record in files.measurements:
        for index, m in enumerate(record.model.measurements):
            found[(m.kpi, parse(m.period, fiscal))] = (record, index)
    return found


def _target(root: Path, folder: Path, files: VendorFiles, period: Period) -> Path:
    """Where a new measurement goes: one file per year, unless the vendor keeps another layout."""
    names = sorted(record.doc.path for record in files.measurements)
    by_year = not names or any(re.fullmatch(r"[0-9]{4}\.ya?ml", Path(n).name) for n in names)
    return folder / f"{period.start.year}.yaml" if by_year else root / names[-1]


def plan_merge(
    rows: Mapping[Key, Row],
    files: VendorFiles,
    root: Path,
    vendor_id: str,
    fiscal: int,
    *,
    replace: bool,
    shown: str,
) -> Merge:
    """Compare each row with the vendor's measurements: a new one is added, an equal one left
    alone, a different one replaced (keeping the old source, note and weight when the row has
    none, and a note a person wrote over a rolled-up row's "rolled up from 40 rows") with
    `replace`, else a `csv-conflict` diagnostic at the row's line in `shown` (the CSV file)."""
    merge = Merge(existing=_existing(files, fiscal))
    folder = root / "vendors" / vendor_id / "kpis"
    for key, row in rows.items():
        if key in merge.existing:
            record, index = merge.existing[key]
            written = record.doc.data["measurements"][index]
            old = dec(written["value"])  # as written: 20, not 20.0
            kept = record.model.measurements[index]  # a new value keeps the old source and note
            # A row without a weight keeps the one written; a row with one must agree with it.
            old_weight = None if kept.weight is None else dec(written["weight"])
            if old == row.value and row.weight in (None, old_weight):
                merge.unchanged += 1
                continue
            if not replace:
                differs = (
                    f"is already {old} in {record.doc.path}, not {row.value}"
                    if old != row.value
                    else f"has weight {old_weight} in {record.doc.path}, not {row.weight}"
                )
                merge.conflicts.append(
                    Diagnostic(
                        shown,
                        row.line,
                        1,
                        "error",
                        "csv-conflict",
                        f"{row.kpi} for {row.period.label} {differs}; pass --replace to "
                        "overwrite it",
                    )
                )
                continue
            row = with_changes(
                row,
                source=row.source or kept.source,
                note=_note(row, kept.note),
                weight=old_weight if row.weight is None else row.weight,
            )
            merge.replaced.append((row, old))
            merge.updates.setdefault(root / record.doc.path, {})[key] = row
        else:
            merge.added.append(row)
            merge.updates.setdefault(_target(root, folder, files, row.period), {})[key] = row
    return merge


def _note(row: Row, old: str | None) -> str | None:
    """The note of a measurement `row` replaces: the row's own (a CSV's note column), else the
    old one; a rolled-up row's note only counts its rows (its weight says as much), so it
    replaces no note but an earlier rollup's ("Outage on 12 Aug excluded by agreement" stays)."""
    if row.rolled is not None and old and not _ROLLED_NOTE.fullmatch(old):
        return old
    return row.note or old


def unweighted(
    merge: Merge, kpis: Sequence[KpiDefinition], weight: tuple[int, str] | None, shown: str
) -> list[Diagnostic]:
    """A `missing-weight` diagnostic at the line in `shown` (the CSV file) of each row that would
    leave a measurement of a weighted-mean KPI without a weight: validate's weight rule, judged
    on the merged result before anything is written. `weight` is the CSV's weight column read
    (0-based index and name), if any."""
    weighted = {kpi.id for kpi in kpis if kpi.aggregation == "weighted-mean"}
    problems = Problems(shown)
    column = 1 if weight is None else weight[0] + 1
    hint = (
        f"; fill in its `{weight[1]}` cell"
        if weight is not None
        else "; map the column of each value's weight (e.g. its ticket volume) with "
        "--map COLUMN=weight"
    )
    merged = [*merge.added, *(row for row, _ in merge.replaced)]
    for row in sorted(merged, key=lambda r: r.line):
        if row.kpi in weighted and row.weight is None:
            problems.add(
                row.line,
                column,
                "missing-weight",
                f"KPI `{row.kpi}` is combined by weighted-mean, but no weight is given",
                hint,
            )
    return problems.diagnostics()


def _scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back as the same text, else quoted."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._/()-]*[A-Za-z0-9)]|[A-Za-z]", text)
    safe = plain and ": " not in text and " #" not in text and not _KEYWORD.fullmatch(text)
    return text if safe else json.dumps(text, ensure_ascii=False)


def _entry(
    kpi: str, period: str, value: str, source: str | None, note: str | None, weight: str | None
) -> str:
    shown_period = period if _PLAIN_PERIOD.match(period) else json.dumps(period)
    parts = [f"kpi: {kpi}", f"period: {shown_period}", f"value: {value}"]
    if weight is not None:
        parts.append(f"weight: {weight}")
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


def _header(text: str | None, vendor: str, path: Path, modeline: str) -> list[str]:
    """The comments a file starts with; for a new file, the modeline and a title."""
    if text is None:
        return [modeline, f"# {vendor}: KPI measurements ({path.stem})."]
    header = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            header.append(line)
        else:
            break
    while header and not header[-1].strip():
        header.pop()
    return header


def merged_files(
    merge: Merge,
    kpis: Sequence[KpiDefinition],
    files: VendorFiles,
    root: Path,
    vendor_id: str,
    modeline: str,
) -> dict[Path, str]:
    """The new text of each file the merge changes, by path: its header comments, then every
    measurement in it, one block per KPI in the vendor's order; untouched values as written. A
    new file starts with `modeline`."""
    order = {kpi.id: i for i, kpi in enumerate(kpis)}
    texts = {root / r.doc.path: r.doc.text for r in files.measurements}
    written: dict[Path, str] = {}
    for path, changes in sorted(merge.updates.items()):
        entries = {
            # the value as written (12, 3.0, 99.950, 1e3 stay so): untouched entries keep it
            key: _entry(
                m.kpi,
                m.period,
                held.doc.scalar(("measurements", index, "value"))
                or repr(held.doc.data["measurements"][index]["value"]),
                m.source,
                m.note,
                None
                if m.weight is None
                else held.doc.scalar(("measurements", index, "weight")) or repr(m.weight),
            )
            for key, (held, index) in merge.existing.items()
            if root / held.doc.path == path
            for m in (held.model.measurements[index],)
        }
        for key, row in changes.items():
            weight = None if row.weight is None else format(row.weight, "f")
            entries[key] = _entry(
                row.kpi, row.period.label, format(row.value, "f"), row.source, row.note, weight
            )
        ordered = sorted(entries.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0]))
        header = _header(texts.get(path), vendor_id, path, modeline)
        written[path] = _file_text(header, [(k[0], k[1], line) for k, line in ordered])
    return written
