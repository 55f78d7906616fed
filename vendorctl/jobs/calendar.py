"""`vendorctl calendar` (and `renewals --ics`): deadlines, credit claims and meetings due, as
iCalendar; the vendors may be shared between processes, with the same file byte for byte."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorctl.jobs.each_vendor import in_shares
from vendorctl.load.checked import Checked
from vendorctl.model import Settings
from vendorctl.render.ics import to_ics
from vendorctl.reports.renewals import RenewalPart, events, merged_events, renewal_part, renewals_of

if TYPE_CHECKING:
    from vendorctl.render.formats import Display

Events = list[dict[str, Any]]


def calendar(
    root: Path, day: date | None, within: int | None, *, meetings: bool, jobs: int | None = None
) -> bytes:
    """An iCalendar file of notice deadlines, decision dates and the claim-by dates of service
    credits not claimed yet (and the meetings due); the vendors are shared between `jobs`
    processes as `validate` shares them."""
    settings, when, parts = in_shares(
        root, day, jobs, partial(_events, within=within), clock=True, kind=("events", str(within))
    )
    return _ics(settings, when, merged_events(parts), meetings=meetings)


def renewals_with_calendar(
    root: Path,
    fmt: str,
    day: date | None,
    display: Display,
    within: int | None,
    *,
    jobs: int | None = None,
) -> tuple[str, bytes]:
    """`vendorctl renewals --ics`: the renewals report drawn in `fmt`, and the iCalendar file of
    its deadlines (no meetings), from one reading of the portfolio."""
    # Imported here: `calendar` alone draws no report.
    from vendorctl.render.formats import Drawing, draw
    from vendorctl.reports.registry import KINDS

    settings, when, parts = in_shares(
        root, day, jobs, partial(_both, within=within), clock=True, kind=("both", str(within))
    )
    context = renewals_of(settings, when, [report for report, _ in parts], within=within)
    kind = KINDS["renewals"]
    text = draw(context, fmt, Drawing("renewals", kind.template, root / "templates", display))
    found = merged_events([found for _, found in parts])
    return text, _ics(settings, when, found, meetings=False)


def _events(checked: Checked, day: date, within: int | None) -> Events:
    return events(checked, day=day, within=within)


def _both(checked: Checked, day: date, within: int | None) -> tuple[RenewalPart, Events]:
    return renewal_part(checked, day), events(checked, day=day, within=within)


def _ics(settings: Settings, day: date, found: Events, *, meetings: bool) -> bytes:
    if not meetings:
        found = [e for e in found if not e["uid"].startswith("meeting-")]
    return to_ics(found, day, f"{settings.organisation}: vendor deadlines")
