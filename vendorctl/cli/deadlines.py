"""Commands about dates ahead: renewals (and its calendar file), calendar."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    JobsOption,
    NoCacheOption,
    OutOption,
    ReportFormat,
    RootOption,
    date_option,
    display_for,
    find_portfolio,
    handled,
    parse_date,
    print_or_write,
    report_errors,
    run_report,
    write_output,
)

WithinOption = Annotated[
    int | None,
    typer.Option("--within", min=0, help="Only what falls due within this many days."),
]
ClockAsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="DATE",
        help="Date to compute deadlines from (YYYY-MM-DD, or today). Default: as_of in "
        "vendorctl.yaml, else today.",
    ),
]


@handled
def renewals(
    within: WithinOption = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            help="Also write the deadlines (notice, decision, service-credit claims) as an "
            "iCalendar file.",
        ),
    ] = None,
    out: OutOption = None,
    as_of: ClockAsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """Every contract's term end, notice deadline, decision date and status, most urgent first.

    Statuses: decide (notice deadline within the warning window), notice-passed, ok, evergreen,
    expired. Auto-renewing contracts roll forward term by term; with `notice_to: month-end`,
    `quarter-end` or `year-end` they roll period by period after `end` and the row shows the next
    possible end whose notice deadline is still ahead. A term kept by a recorded `renew` gives
    way to the next one once its deadline passes. Each row is about one term, read with the
    amendments agreed by the --as-of date (in force, or signed for later).

    \b
    Example: vendorctl renewals --within 120 --ics renewals.ics
    """
    if ics is None:
        run_report("renewals", root, output_format, out, as_of, within=within, jobs=jobs)
        return
    from vendorctl.jobs.calendar import renewals_with_calendar

    # The report and its calendar file from one reading of the portfolio.
    folder = find_portfolio(root)
    display = display_for(output_format, out)
    with report_errors("write the calendar"):
        text, data = renewals_with_calendar(
            folder, output_format.value, date_option(as_of), display, within, jobs=jobs
        )
    write_output(ics, data)
    typer.echo(f"wrote {ics}", err=True)
    print_or_write(text, out)


@handled
def calendar(
    ics: Annotated[Path, typer.Option("--ics", help="The iCalendar file to write.")],
    within: WithinOption = None,
    as_of: ClockAsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
) -> None:
    """Write notice deadlines, decision dates, service-credit claim deadlines, contract
    obligations due (an overdue one on the as-of date) and the governance meetings due as
    iCalendar.

    All-day events with reminders, stable UIDs and no timestamps from the clock, so the file can
    be committed and subscribed to. Default horizon: a year. A notice or decision event names the
    term its deadline is for, and a recorded decision only if it was recorded for that term.

    \b
    Example: vendorctl calendar --ics reports/vendor-deadlines.ics
    """
    from vendorctl.jobs.calendar import calendar as make_calendar

    folder = find_portfolio(root)
    with report_errors("write the calendar"):
        data = make_calendar(folder, date_option(as_of), within, meetings=True, jobs=jobs)
    write_output(ics, data)
    typer.echo(f"wrote {ics}", err=True)
