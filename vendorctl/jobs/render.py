"""`vendorctl render`: every report of the portfolio into reports/, written or checked.

Rendering is a pure function of the data and the as-of date (from vendorctl.yaml or the latest
data, never the clock), so `render` followed by `render --check` always passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from vendorctl.diagnostics import Findings, Outcome
from vendorctl.jobs.each_vendor import Making, each_vendor
from vendorctl.jobs.files import write_atomic
from vendorctl.jobs.kept import templates_digest
from vendorctl.jobs.report_values import decode_reports, encode_reports
from vendorctl.jobs.vendor_reports import GENERATED, VendorReports, markdown, marked, vendor_reports
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import list_portfolio
from vendorctl.model import Settings
from vendorctl.model.base import SLUG_PATTERN
from vendorctl.render.drift import unified_diff as drift_diff
from vendorctl.render.engine import builtin_templates
from vendorctl.reports.index import (
    governance_findings,
    index_context,
    policy_findings,
)
from vendorctl.reports.registry import KINDS

INDEX = "README.md"

Progress = Callable[[str], None]
R = TypeVar("R")
# The only paths render ever writes: the index and <vendor-id>/<file> of a per-vendor report.
_FILES = "|".join(re.escape(k.file_name) for k in KINDS.values() if k.rendered_for)
_OURS = re.compile(rf"^(?:README\.md|{SLUG_PATTERN.strip('^$')}/(?:{_FILES}))$")


def assemble(
    root: Path, settings: Settings, day: date, made: list[VendorReports], findings: Outcome
) -> dict[str, bytes]:
    """Every report file by path relative to the reports folder: the vendors' (in id order)
    and the index made from their shares and the governance policies' `findings`."""
    files: dict[str, bytes] = {}
    for vendor in made:
        files.update(vendor.files)
    context = index_context(
        settings,
        day,
        [vendor.row for vendor in made],
        [renewal for vendor in made for renewal in vendor.ahead],
        [row for vendor in made for row in vendor.ledger],
        findings=findings,
    )
    files[INDEX] = marked(markdown("index", context, root))
    return files


@dataclass
class Drift:
    """How the reports on disk differ from what the data gives."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # in the way, but not written by vendorctl
    linked: list[str] = field(default_factory=list)  # would be written through a symlink
    leftovers: list[str] = field(default_factory=list)  # temporary files of an interrupted run

    @property
    def clean(self) -> bool:
        """True when the reports on disk are exactly what the data gives."""
        return (
            not (self.stale or self.missing or self.orphaned or self.foreign or self.leftovers)
            and not self.linked
        )

    @property
    def refused(self) -> list[str]:
        """Paths render will not write: not its own, or reached through a symlink."""
        return [*self.foreign, *self.linked]


def _generated(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.readline().rstrip(b"\r\n") == GENERATED.encode()
    except OSError:
        return False


def _linked(out: Path, rel: str) -> bool:
    """True if the path `rel` inside `out`, or a folder on the way to it, is a symlink: render
    never writes, reads or deletes anything outside its reports folder through one."""
    path = out
    for part in rel.split("/"):
        path = path / part
        if path.is_symlink():
            return True
    return False


def managed(out: Path) -> list[str]:
    """Reports render wrote earlier: at the paths it writes, and carrying its header line."""
    if not out.is_dir():
        return []
    found = [out / INDEX, *out.glob("*/*.md")]
    return sorted(
        rel
        for p in found
        if _OURS.match(rel := p.relative_to(out).as_posix())
        and not _linked(out, rel)
        and p.is_file()
        and _generated(p)
    )


# The temporary files write_atomic makes beside a report: `.<name>.<random>.tmp`.
_LEFTOVER = re.compile(rf"^\.(?:README\.md|{_FILES})\..+\.tmp$")


def leftovers(out: Path) -> list[str]:
    """Temporary files that a render killed half-way left in the reports folder."""
    if not out.is_dir() or out.is_symlink():
        return []
    folders = [out, *(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())]
    return sorted(
        p.relative_to(out).as_posix()
        for folder in folders
        for p in folder.iterdir()
        if _LEFTOVER.match(p.name) and p.is_file() and not p.is_symlink()
    )


def drift(out: Path, planned: dict[str, bytes]) -> Drift:
    """Compare the planned reports with `out`, byte for byte."""
    found = Drift()
    for rel, content in sorted(planned.items()):
        path = out / rel
        if _linked(out, rel):
            found.linked.append(rel)
        elif not path.is_file():
            found.missing.append(rel)
        elif not _generated(path):
            found.foreign.append(rel)
        elif path.read_bytes() != content:
            found.stale.append(rel)
    found.orphaned = [rel for rel in managed(out) if rel not in planned]
    found.leftovers = leftovers(out)
    return found


def apply(out: Path, planned: dict[str, bytes], changes: Drift) -> None:
    """Write what is stale or missing (atomically, file by file) and remove orphaned reports;
    files already up to date are not touched."""
    for rel in changes.leftovers:
        (out / rel).unlink(missing_ok=True)
    for rel in [*changes.missing, *changes.stale]:
        write_atomic(out / rel, planned[rel])
    for rel in changes.orphaned:
        path = out / rel
        path.unlink(missing_ok=True)
        folder = path.parent
        if folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def unified_diff(out: Path, planned: dict[str, bytes], changes: Drift, shown: str) -> str:
    """A unified diff from the reports on disk to the planned ones (`shown` names the folder)."""
    paths = sorted([*changes.stale, *changes.missing, *changes.orphaned])
    old = {rel: _read(out / rel) for rel in paths}
    new = {rel: planned[rel].decode("utf-8") for rel in paths if rel in planned}
    return drift_diff(old, new, shown)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


@dataclass(frozen=True)
class RenderResult:
    """What a render found (and, unless checking, did)."""

    planned: dict[str, bytes]
    drift: Drift
    as_of: date


def _vendor_made(checked: Checked, day: date) -> tuple[VendorReports, Findings]:
    """The reports of the one vendor of `checked`, with what the governance policies find in it
    as of the report date (known only once every vendor's periods are in, so not found when it
    was checked)."""
    (vendor_id,) = checked.portfolio.vendors
    return vendor_reports(checked, vendor_id, day), policy_findings(checked.portfolio, day)


def _encode(made: tuple[VendorReports, Findings]) -> bytes:
    return encode_reports(*made)


def render_portfolio(
    root: Path,
    out: Path,
    day: date | None,
    *,
    check: bool,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> RenderResult:
    """Render every report; write the changes unless `check`.

    The vendors are shared between `jobs` processes as `validate` shares them; each loads,
    checks and renders its own and sends back the reports and the governance policies'
    findings (as of the report date), so the result is the same for any number of them.
    Reports are made only once every vendor has been checked without error. What a vendor's
    checks found and its reports are kept between runs (`jobs.kept`): a vendor whose folder,
    settings, templates and report date are as they were is neither loaded nor rendered.
    """
    listing = list_portfolio(root)
    templates = templates_digest(builtin_templates(), root / "templates")
    # Never kept where the templates hold a symlink: a template from elsewhere could change.
    kind = ("reports",) if templates is not None else None
    making = Making(_vendor_made, kind, _encode, decode_reports, early=True)
    made = each_vendor(listing, day, making, jobs=jobs, progress=progress, extra=(templates or "",))
    settings, when = made.settings, made.when
    ordered = [made.parts[name] for name in sorted(made.parts)]
    findings = governance_findings(policies for _, policies in ordered)
    planned = assemble(root, settings, when, [reports for reports, _ in ordered], findings)
    changes = drift(out, planned)
    if not check and not changes.refused:
        apply(out, planned, changes)
    return RenderResult(planned, changes, when)
