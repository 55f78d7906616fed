"""`vendorctl calendar` (and `renewals --ics`): deadlines, credit claims and meetings due, as
iCalendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vendorctl.compute.as_of import as_of
from vendorctl.jobs.portfolio import load_valid
from vendorctl.render.ics import to_ics
from vendorctl.reports.renewals import events


def calendar(root: Path, day: date | None, within: int | None, *, meetings: bool) -> bytes:
    """An iCalendar file of notice deadlines, decision dates and the claim-by dates of service
    credits not claimed yet (and the meetings due)."""
    checked = load_valid(root)
    when = as_of(day, checked.settings)
    found = events(checked, day=when, within=within)
    if not meetings:
        found = [e for e in found if not e["uid"].startswith("meeting-")]
    return to_ics(found, when, f"{checked.settings.organisation}: vendor deadlines")
