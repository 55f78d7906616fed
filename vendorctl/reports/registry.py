"""Make a report in a format: the registry of report kinds and of their output formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vendorctl.jobs.validate import check_date
from vendorctl.render import terminal
from vendorctl.render.engine import render
from vendorctl.reports import (
    credits,
    index,
    listing,
    onboarding,
    qbr,
    renewals,
    scorecard,
)
from vendorctl.reports.common import Checked, as_of, load_valid, to_json

FORMATS = ("md", "json", "text")


@dataclass(frozen=True)
class ReportKind:
    """A kind of report: how to build its context, its template, its terminal view."""

    build: Callable[..., dict[str, Any]]
    template: str
    view: Callable[..., str] | None = None  # None: the Markdown, drawn for the terminal
    today_by_default: bool = False  # deadlines are about today; scorecards about the data


KINDS: dict[str, ReportKind] = {
    "scorecard": ReportKind(scorecard.scorecard, "scorecard.md.j2", terminal.scorecard),
    "credits": ReportKind(credits.credits, "credits.md.j2", terminal.credits),
    "renewals": ReportKind(renewals.renewals, "renewals.md.j2", terminal.renewals, True),
    "qbr": ReportKind(qbr.qbr, "qbr.md.j2"),
    "onboarding": ReportKind(onboarding.onboarding, "onboarding.md.j2"),
    "index": ReportKind(index.index, "index.md.j2"),
    "list": ReportKind(listing.listing, "list.md.j2", terminal.vendor_list),
    "show": ReportKind(listing.show, "show.md.j2"),
}


@dataclass(frozen=True)
class Display:
    """How terminal output should look."""

    width: int | None = None
    colour: bool = False


def format_report(
    kind: str, context: dict[str, Any], fmt: str, root: Path, display: Display = Display()
) -> str:
    """A report context as Markdown (through its template), JSON or terminal text."""
    spec = KINDS[kind]
    if fmt == "json":
        return to_json(context)
    markdown = render(spec.template, context, override=root / "templates")
    if fmt == "text":
        if spec.view is not None:
            return spec.view(context, width=display.width, colour=display.colour)
        return terminal.markdown(markdown, width=display.width, colour=display.colour)
    return markdown


def make_calendar(root: Path, day: date | None, within: int | None, meetings: bool) -> bytes:
    """An iCalendar file of notice deadlines and decision dates (and meetings due)."""
    from vendorctl.render.ics import to_ics

    checked = load_valid(root)
    when = check_date(checked.portfolio, day)
    found = renewals.events(checked, day=when, within=within)
    if not meetings:
        found = [e for e in found if not e["uid"].startswith("meeting-")]
    return to_ics(found, when, f"{checked.settings.organisation}: vendor deadlines")


def make_report(
    kind: str,
    root: Path,
    fmt: str,
    day: date | None,
    display: Display = Display(),
    **options: Any,
) -> str:
    """Load and check the portfolio, build one report and format it."""
    checked: Checked = load_valid(root)
    spec = KINDS[kind]
    when = check_date(checked.portfolio, day) if spec.today_by_default else as_of(checked, day)
    context = spec.build(checked, day=when, **options)
    return format_report(kind, context, fmt, root, display)
