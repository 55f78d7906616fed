"""Commands that make reports: scorecard, credits, renewals, calendar, qbr, onboard, render, list,
show."""

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    AsOfOption,
    AudienceChoice,
    AudienceOption,
    JobsOption,
    MarkdownFormatOption,
    OutOption,
    ReportFormat,
    RootOption,
    VendorArgument,
    app,
    date_option,
    find_portfolio,
    handled,
    report_errors,
    run_report,
    shown_path,
    usage_error,
    write_output,
)
from vendorctl.errors import EXIT_INVALID


@app.command()
@handled
def scorecard(
    vendor: VendorArgument,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="Month 2026-07, quarter 2026-Q3 or year 2026 (FY2027-Q1 with fiscal years). "
            "Default: the latest complete quarter with data.",
        ),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the computation KPI by KPI.")
    ] = False,
    audience: AudienceOption = AudienceChoice.internal,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """How a vendor performed in a period: score, standing, trend, KPIs, SLAs, credits owed.

    \b
    Example: vendorctl scorecard nimbus-cloud --period 2026-Q3 --format text
    """
    run_report(
        "scorecard",
        root,
        output_format,
        out,
        as_of,
        vendor=vendor,
        period=period,
        explain=explain,
        audience=audience.value,
    )


@app.command()
@handled
def credits(
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="Month, quarter or year. Default: the latest complete quarter with data.",
        ),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Service credits owed across the portfolio, per vendor and contract, with claim dates.

    \b
    Example: vendorctl credits --period 2026-Q3 --format text
    """
    run_report("credits", root, output_format, out, as_of, period=period)


WithinOption = Annotated[
    int | None,
    typer.Option("--within", min=0, help="Only what falls due within this many days."),
]
ClockAsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Date to compute deadlines from (YYYY-MM-DD). Default: as_of in vendorctl.yaml, "
        "else today.",
    ),
]


@app.command()
@handled
def renewals(
    within: WithinOption = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the deadlines as an iCalendar file."),
    ] = None,
    out: OutOption = None,
    as_of: ClockAsOfOption = None,
    root: RootOption = None,
) -> None:
    """Every contract's term end, notice deadline, decision date and status, most urgent first.

    Statuses: decide (notice deadline within the warning window), notice-passed, ok, evergreen,
    expired. Auto-renewing contracts roll forward term by term.

    \b
    Example: vendorctl renewals --within 120 --ics renewals.ics
    """
    if ics is not None:
        _calendar(root, ics, as_of, within, meetings=False)
    run_report("renewals", root, output_format, out, as_of, within=within)


@app.command()
@handled
def calendar(
    ics: Annotated[Path, typer.Option("--ics", help="The iCalendar file to write.")],
    within: WithinOption = None,
    as_of: ClockAsOfOption = None,
    root: RootOption = None,
) -> None:
    """Write notice deadlines, decision dates and the governance meetings due as iCalendar.

    All-day events with reminders, stable UIDs and no timestamps from the clock, so the file can
    be committed and subscribed to. Default horizon: a year.

    \b
    Example: vendorctl calendar --ics reports/vendor-deadlines.ics
    """
    _calendar(root, ics, as_of, within, meetings=True)


def _calendar(
    root: Path | None, ics: Path, as_of: datetime | None, within: int | None, *, meetings: bool
) -> None:
    from vendorctl.jobs.calendar import calendar

    folder = find_portfolio(root)
    with report_errors("write the calendar"):
        data = calendar(folder, date_option(as_of), within, meetings=meetings)
    write_output(ics, data)
    typer.echo(f"wrote {ics}", err=True)


@app.command()
@handled
def qbr(
    vendor: VendorArgument,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            "-q",
            help="Quarter under review, e.g. 2026-Q3. Default: the latest complete quarter "
            "with data.",
        ),
    ] = None,
    meeting_date: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="Meeting date (YYYY-MM-DD). Default: the first working day two weeks after "
            "the as-of date.",
        ),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    audience: AudienceOption = AudienceChoice.internal,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """A QBR agenda, pre-filled from the data: logistics, attendees and a time-boxed agenda.

    Summary, scorecard, SLA breaches and credits, commercial position and notice deadlines,
    issues, risks, relationship health, objectives, actions carried forward, next meeting.

    \b
    Example: vendorctl qbr sentinel-soc --quarter 2026-Q3 --audience vendor
    """
    run_report(
        "qbr",
        root,
        output_format,
        out,
        as_of,
        vendor=vendor,
        quarter=quarter,
        meeting=date_option(meeting_date, "--date"),
        audience=audience.value,
    )


class RoleChoice(StrEnum):
    """The four management roles."""

    relationship = "relationship"
    service_delivery = "service_delivery"
    commercial = "commercial"
    transformation = "transformation"


@app.command()
@handled
def onboard(
    vendor: VendorArgument,
    role: Annotated[
        RoleChoice | None,
        typer.Option("--role", help="The joiner's role; default: the plans for all four roles."),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    audience: AudienceOption = AudienceChoice.internal,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """An onboarding pack for someone joining the relationship, with a 30/60/90-day plan.

    The partnership at a glance, objectives, who is who, cadence and channels, the escalation
    ladder, contracts and SLAs in plain words, standing and trend, risks.

    \b
    Example: vendorctl onboard nimbus-cloud --role commercial
    """
    run_report(
        "onboarding",
        root,
        output_format,
        out,
        as_of,
        vendor=vendor,
        role=role.value if role else None,
        audience=audience.value,
    )


@app.command()
@handled
def render(
    root: RootOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Reports folder. Default: reports/ in the portfolio."),
    ] = None,
    as_of: AsOfOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list stale, missing and orphaned reports and exit 1 if any.",
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Like --check, and print a unified diff.")
    ] = False,
    jobs: JobsOption = None,
) -> None:
    """Render every report into reports/, and the portfolio index reports/README.md.

    Per vendor: its scorecard, QBR agenda and onboarding pack.

    Unchanged files are not rewritten; reports of vendors that no longer exist are removed.
    Commit reports/ and run `vendorctl render --check` in CI.

    \b
    Example: vendorctl render --check
    """
    from vendorctl.jobs.render import render_portfolio

    folder = find_portfolio(root)
    target = (out if out is not None else folder / "reports").absolute()
    shown = shown_path(target, folder)
    checking = check or diff
    try:
        with report_errors("render the reports"), _progress(enabled=not checking) as step:
            result = render_portfolio(
                folder, target, date_option(as_of), check=checking, progress=step, jobs=jobs
            )
    except OSError as exc:
        usage_error(f"cannot write the reports to {shown}: {exc.strerror or exc}")
    changes = result.drift
    total = len(result.planned)
    if changes.foreign:
        for rel in changes.foreign:
            typer.echo(
                f"vendorctl: error: {shown}/{rel} was not written by vendorctl; refusing "
                "to overwrite it (move it away or choose another --out)",
                err=True,
            )
        raise typer.Exit(EXIT_INVALID)
    if not checking:
        written = len(changes.stale) + len(changes.missing)
        typer.echo(
            f"Rendered {total} reports into {shown}/ as of {result.as_of}: {written} written, "
            f"{len(changes.orphaned)} removed, {total - written} unchanged."
        )
        return
    if diff:
        from vendorctl.jobs.render import unified_diff

        sys.stdout.write(unified_diff(target, result.planned, changes, shown))
    if changes.clean:
        typer.echo(f"All {total} reports in {shown}/ are up to date (as of {result.as_of}).")
        return
    for label, items in (
        ("stale", changes.stale),
        ("missing", changes.missing),
        ("orphaned", changes.orphaned),
    ):
        for rel in items:
            typer.echo(f"{label}: {shown}/{rel}")
    count = len(changes.stale) + len(changes.missing) + len(changes.orphaned)
    fix = " ".join(
        ["vendorctl render"]
        + ([f"--root {root}"] if root is not None else [])
        + ([f"--out {out}"] if out is not None else [])
        + ([f"--as-of {date_option(as_of)}"] if as_of is not None else [])
    )
    typer.echo(f"{count} report(s) out of date; run `{fix}` and commit the result.")
    raise typer.Exit(EXIT_INVALID)


@contextlib.contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over vendors on a terminal; nothing when piped or checking."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Rendering", total=None)

        def step(vendor: str) -> None:
            bar.update(task, advance=1, description=f"Rendering {vendor}")

        yield step


@app.command("list")
@handled
def list_vendors(
    segment: Annotated[
        str | None,
        typer.Option("--segment", help="Only strategic, tactical, operational or commodity."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Only prospect, onboarding, active, offboarding or exited."),
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="name, segment, status, score, deadline or issues.")
    ] = "name",
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """The portfolio at a glance, one line per vendor.

    Segment, status, score, standing, trend, next notice deadline and open issues.

    \b
    Example: vendorctl list --segment strategic --sort score
    """
    run_report("list", root, output_format, None, as_of, segment=segment, status=status, sort=sort)


@app.command()
@handled
def show(
    vendor: VendorArgument,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """One vendor on one screen.

    Roles, contracts and deadlines, score, open actions and issues, top risks.

    \b
    Example: vendorctl show sentinel-soc
    """
    run_report("show", root, output_format, None, as_of, vendor=vendor)
