"""Commands that make one report: scorecard, credits, qbr, onboard, list, show."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer

from vendorctl.cli.base import (
    AsOfOption,
    AudienceChoice,
    AudienceOption,
    JobsOption,
    MarkdownFormatOption,
    NoCacheOption,
    OutOption,
    ReportFormat,
    RootOption,
    VendorArgument,
    date_option,
    handled,
    parse_date,
    run_report,
)


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
    no_cache: NoCacheOption = False,
) -> None:
    """How a vendor performed in a period: score, standing, trend, KPIs, SLAs, credits earned.

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
    outstanding: Annotated[
        bool,
        typer.Option(
            "--outstanding",
            help=(
                "Every credit of any period still to claim, or claimed and not yet paid, "
                "oldest claim-by date first: the work list."
            ),
        ),
    ] = False,
    # A work list read on the terminal, as `list`, `show` and `renewals` are: text by default.
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    out: OutOption = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Service credits earned in a period across the portfolio, with claim-by dates and status;
    or, with --outstanding, the work list of credits to claim or awaiting payment.

    \b
    Example: vendorctl credits --outstanding --format md --out credits.md
    """
    run_report("credits", root, output_format, out, as_of, period=period, outstanding=outstanding)


@handled
def qbr(
    vendor: VendorArgument,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            "-q",
            help="Quarter under review, e.g. 2026-Q3. Default: the latest quarter ended before "
            "the meeting.",
        ),
    ] = None,
    meeting_date: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            parser=parse_date,
            metavar="DATE",
            help="Meeting date (YYYY-MM-DD, or today), not before the as-of date. Default: the "
            "next review due by the cadence (the last one held plus its interval), or, when that "
            "has passed, the first working day two weeks after the as-of date.",
        ),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    audience: AudienceOption = AudienceChoice.internal,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The agenda of the next management review (a QBR, or what the cadence calls it).

    Logistics, decisions to take before the meeting, attendees, and a time-boxed agenda that
    opens with the last review's decisions and actions: summary, scorecard, SLA breaches and
    credits, commercial position and notice deadlines, issues and escalations due, risks,
    relationship health, objectives, actions carried forward, next meeting.

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


@handled
def onboard(
    vendor: VendorArgument,
    role: Annotated[
        RoleChoice | None,
        typer.Option("--role", help="The joiner's role; default: the plans for all four roles."),
    ] = None,
    start: Annotated[
        datetime | None,
        typer.Option(
            "--start",
            parser=parse_date,
            metavar="DATE",
            help="The joiner's first day (YYYY-MM-DD, or today): the plan's steps fall due 30, 60 "
            "and 90 days after it. Default: no dates, by day 30, 60 and 90.",
        ),
    ] = None,
    output_format: MarkdownFormatOption = ReportFormat.md,
    out: OutOption = None,
    audience: AudienceOption = AudienceChoice.internal,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """An onboarding pack for someone joining the relationship, with a 30/60/90-day plan.

    The partnership at a glance, objectives, who is who, cadence and the next review, the
    live situation (open issues, open actions, the last decisions), channels, the escalation
    ladder, contracts and SLAs in plain words, exit and termination terms, standing and trend,
    risks, the selection record (internal).

    \b
    Example: vendorctl onboard nimbus-cloud --role commercial --start 2026-11-02
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
        start=date_option(start, "--start"),
    )


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
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """The portfolio at a glance, one line per vendor.

    Segment, status, score, standing, trend, next notice deadline and open issues.

    \b
    Example: vendorctl list --segment strategic --sort score
    """
    run_report(
        "list",
        root,
        output_format,
        None,
        as_of,
        segment=segment,
        status=status,
        sort=sort,
        jobs=jobs,
    )


@handled
def show(
    vendor: VendorArgument,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """One vendor on one screen.

    Roles, contracts and deadlines, score, open actions and issues, top risks.

    \b
    Example: vendorctl show sentinel-soc
    """
    run_report("show", root, output_format, None, as_of, vendor=vendor)
