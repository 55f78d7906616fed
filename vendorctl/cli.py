"""The command line: parse options, call one core function, print, map to an exit code."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from vendorctl import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="vendorctl",
    help="IT vendor relationship management as code: validate the portfolio, render reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def guarded(func: F) -> F:
    """Turn an unexpected exception into a one-line internal error and exit status 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            typer.echo(
                f"vendorctl: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in vendorctl; please report it with the command you ran.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vendorctl {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """IT vendor relationship management as code.

    Vendors, contracts, SLAs, KPI data, health checks, meetings, issues and risks live as YAML
    in git; vendorctl validates them and renders reports.
    """


RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Portfolio root (the folder with vendorctl.yaml). Default: found by looking upward.",
        file_okay=False,
    ),
]


def complete_vendor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Vendor ids for shell completion: the folders under vendors/ (nothing is parsed)."""
    from vendorctl.root import find_root

    given = ctx.params.get("root")
    try:
        root = Path(given) if given else find_root(Path.cwd())
        folders = sorted(p.name for p in (root / "vendors").iterdir() if p.is_dir()) if root else []
    except OSError:
        return []
    return [name for name in folders if name.startswith(incomplete)]


VendorArgument = Annotated[
    str, typer.Argument(help="Vendor id, e.g. nimbus-cloud.", autocompletion=complete_vendor)
]


def _find_root(root: Path | None) -> Path:
    from vendorctl.root import SETTINGS_FILE, find_root

    if root is not None:
        if not (root / SETTINGS_FILE).is_file():
            _usage(f"no {SETTINGS_FILE} in {root}; pass the folder that holds it")
        return root.absolute()
    try:
        here = Path.cwd()
    except OSError:
        _usage("the current folder no longer exists; pass --root DIR")
    found = find_root(here)
    if found is None:
        _usage(
            f"no {SETTINGS_FILE} here or in any parent folder; run inside a portfolio, "
            "pass --root DIR, or create one with `vendorctl init DIR`"
        )
    return found


def _day(value: datetime | None, option: str = "--as-of") -> date | None:
    """A date option as a date, within the years the data may use."""
    if value is None:
        return None
    if not 1900 <= value.year <= 2999:
        _usage(f"{option} {value.date()} is outside the years 1900 to 2999")
    return value.date()


def _write(path: Path, data: str | bytes) -> None:
    """Write an output file atomically, or fail as a usage error naming the file."""
    from vendorctl.fsutil import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        _usage(f"cannot write {path}: {exc.strerror or exc}")


def _usage(message: str) -> NoReturn:
    typer.echo(f"vendorctl: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


class DiagnosticFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"
    github = "github"
    auto = "auto"


def _workspace_prefix(root: Path) -> str:
    """The portfolio root's path inside the GitHub workspace, so annotations land on files."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        relative = root.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


@app.command()
@guarded
def validate(
    root: RootOption = None,
    output_format: Annotated[
        DiagnosticFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (workflow annotations), or auto: github inside GitHub "
            "Actions, else text.",
        ),
    ] = DiagnosticFormat.auto,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")
    ] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Date for time-based policies (YYYY-MM-DD). Default: as_of in vendorctl.yaml, "
            "else today.",
        ),
    ] = None,
) -> None:
    """Check every file of the portfolio and every reference between files.

    Prints one line per problem, `path:line:col: severity: message \\[code]`, then a summary.
    Exit status: 0 valid, 1 errors (or warnings with --strict), 2 usage error.

    Example: vendorctl validate --root . --format json
    """
    from vendorctl.formats import FORMATTERS
    from vendorctl.validate import validate as run

    folder = _find_root(root)
    chosen = output_format.value
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    outcome = run(folder, _day(as_of))
    text = FORMATTERS[chosen](outcome, _workspace_prefix(folder) if chosen == "github" else "")
    _emit(text, colour=chosen == "text")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        from vendorctl.formats import step_summary

        try:
            with Path(summary_file).open("a", encoding="utf-8") as handle:
                handle.write(step_summary(outcome))
        except OSError as exc:
            typer.echo(f"vendorctl: warning: cannot write the step summary: {exc}", err=True)
    raise typer.Exit(EXIT_INVALID if outcome.failed(strict) else EXIT_OK)


def _emit(text: str, *, colour: bool) -> None:
    """Print text; on a colour terminal, highlight the severity of diagnostic lines."""
    if colour and sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        for severity, fg in (("error", "red"), ("warning", "yellow")):
            text = text.replace(f": {severity}: ", f": {typer.style(severity, fg=fg, bold=True)}: ")
    sys.stdout.write(text)
    sys.stdout.flush()


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new portfolio.")],
    full: Annotated[
        bool,
        typer.Option("--full", help="Copy the whole example portfolio, not just one vendor."),
    ] = False,
) -> None:
    """Create a new portfolio: vendorctl.yaml and a complete example vendor.

    Refuses to overwrite existing files. The result validates as created.

    Example: vendorctl init my-vendors && cd my-vendors && vendorctl validate
    """
    from vendorctl.scaffold import ScaffoldError, scaffold

    try:
        written = scaffold(directory, full=full)
    except ScaffoldError as exc:
        _usage(str(exc))
    typer.echo(f"Created a portfolio in {directory} ({len(written)} files).")
    typer.echo(f"Next: cd {directory} && vendorctl validate")


@app.command()
@guarded
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="File kind: settings, vendor, contract, measurements, health, meeting, issues. "
            "Default: all."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write <kind>.schema.json files into this folder."),
    ] = None,
) -> None:
    """Export JSON Schemas of the portfolio's file kinds, for editors and other tools.

    Without --out, prints the schema of KIND (or a JSON object of all kinds).

    Example: vendorctl schema --out schemas
    """
    import json

    from vendorctl.model import FILE_KINDS
    from vendorctl.schemas import json_schema, schema_text, write_schemas

    if kind is not None and kind not in FILE_KINDS:
        _usage(f"unknown file kind {kind!r}; choose from {', '.join(FILE_KINDS)}")
    if out is not None:
        for path in write_schemas(out, [kind] if kind else None):
            typer.echo(f"wrote {path}")
        return
    if kind is not None:
        sys.stdout.write(schema_text(kind))
    else:
        everything = {name: json_schema(name) for name in FILE_KINDS}
        sys.stdout.write(json.dumps(everything, indent=2, ensure_ascii=False) + "\n")


class ReportFormat(StrEnum):
    """Output formats of reports."""

    md = "md"
    json = "json"
    text = "text"


class AudienceChoice(StrEnum):
    """Who a report is for."""

    internal = "internal"
    vendor = "vendor"


AudienceOption = Annotated[
    AudienceChoice,
    typer.Option(
        "--audience",
        help="internal (default), or vendor: leaves out everything the schema marks internal "
        "(commercial notes, decisions, budget, internal risks, health comments).",
    ),
]


MarkdownFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="md, json or text (a terminal view).")
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Date to report for (YYYY-MM-DD). Default: as_of in vendorctl.yaml, else the end "
        "of the latest period with data.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the report to this file instead of printing it."),
]


def _report(
    kind: str,
    root: Path | None,
    fmt: ReportFormat,
    out: Path | None,
    as_of: datetime | None,
    **options: Any,
) -> None:
    """Make one report and print or write it; map each failure to its exit status."""
    from vendorctl.formats import as_text
    from vendorctl.render.engine import RenderError
    from vendorctl.reports.common import InvalidPortfolio, ReportError
    from vendorctl.reports.output import Display, make_report

    folder = _find_root(root)
    colour = (
        fmt == "text" and out is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    display = Display(width=_width(), colour=colour)
    try:
        text = make_report(kind, folder, fmt.value, _day(as_of), display, **options)
    except InvalidPortfolio as exc:
        sys.stderr.write(as_text(exc.outcome))
        typer.echo(f"vendorctl: error: fix the errors above to make a {kind}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except ReportError as exc:
        _usage(str(exc))
    except RenderError as exc:
        typer.echo(f"vendorctl: error: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    if out is None:
        sys.stdout.write(text)
        return
    _write(out, text)
    typer.echo(f"wrote {out}", err=True)


def _width() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() else None


@app.command()
@guarded
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

    Example: vendorctl scorecard nimbus-cloud --period 2026-Q3 --format text
    """
    _report(
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
@guarded
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

    Example: vendorctl credits --period 2026-Q3 --format text
    """
    _report("credits", root, output_format, out, as_of, period=period)


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
@guarded
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

    Example: vendorctl renewals --within 120 --ics renewals.ics
    """
    if ics is not None:
        _calendar(root, ics, as_of, within, meetings=False)
    _report("renewals", root, output_format, out, as_of, within=within)


@app.command()
@guarded
def calendar(
    ics: Annotated[Path, typer.Option("--ics", help="The iCalendar file to write.")],
    within: WithinOption = None,
    as_of: ClockAsOfOption = None,
    root: RootOption = None,
) -> None:
    """Write notice deadlines, decision dates and the governance meetings due as iCalendar.

    All-day events with reminders, stable UIDs and no timestamps from the clock, so the file can
    be committed and subscribed to. Default horizon: a year.

    Example: vendorctl calendar --ics reports/vendor-deadlines.ics
    """
    _calendar(root, ics, as_of, within, meetings=True)


def _calendar(
    root: Path | None, ics: Path, as_of: datetime | None, within: int | None, *, meetings: bool
) -> None:
    from vendorctl.formats import as_text
    from vendorctl.reports.common import InvalidPortfolio
    from vendorctl.reports.output import make_calendar

    folder = _find_root(root)
    try:
        data = make_calendar(folder, _day(as_of), within, meetings)
    except InvalidPortfolio as exc:
        sys.stderr.write(as_text(exc.outcome))
        typer.echo("vendorctl: error: fix the errors above to write the calendar", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    _write(ics, data)
    typer.echo(f"wrote {ics}", err=True)


@app.command()
@guarded
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

    Example: vendorctl qbr sentinel-soc --quarter 2026-Q3 --audience vendor
    """
    _report(
        "qbr",
        root,
        output_format,
        out,
        as_of,
        vendor=vendor,
        quarter=quarter,
        meeting=_day(meeting_date, "--date"),
        audience=audience.value,
    )


class RoleChoice(StrEnum):
    """The four management roles."""

    relationship = "relationship"
    service_delivery = "service_delivery"
    commercial = "commercial"
    transformation = "transformation"


@app.command()
@guarded
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

    Example: vendorctl onboard nimbus-cloud --role commercial
    """
    _report(
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
@guarded
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
) -> None:
    """Render every report into reports/: scorecard, QBR agenda and onboarding pack per vendor,
    and the portfolio index reports/README.md.

    Unchanged files are not rewritten; reports of vendors that no longer exist are removed.
    Commit reports/ and run `vendorctl render --check` in CI.

    Example: vendorctl render --check
    """
    from vendorctl.formats import as_text
    from vendorctl.publish import render_portfolio
    from vendorctl.render.engine import RenderError
    from vendorctl.reports.common import InvalidPortfolio, ReportError

    folder = _find_root(root)
    target = (out if out is not None else folder / "reports").absolute()
    shown = _shown(target, folder)
    checking = check or diff
    try:
        with _progress(enabled=not checking) as step:
            result = render_portfolio(folder, target, _day(as_of), check=checking, progress=step)
    except InvalidPortfolio as exc:
        sys.stderr.write(as_text(exc.outcome))
        typer.echo("vendorctl: error: fix the errors above to render the reports", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except ReportError as exc:
        _usage(str(exc))
    except RenderError as exc:
        typer.echo(f"vendorctl: error: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except OSError as exc:
        _usage(f"cannot write the reports to {shown}: {exc.strerror or exc}")
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
        from vendorctl.publish import unified_diff

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
        + ([f"--as-of {_day(as_of)}"] if as_of is not None else [])
    )
    typer.echo(f"{count} report(s) out of date; run `{fix}` and commit the result.")
    raise typer.Exit(EXIT_INVALID)


def _shown(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the portfolio root when inside it."""
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


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
@guarded
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
    """The portfolio at a glance: segment, status, score, standing, trend, next notice deadline
    and open issues of every vendor.

    Example: vendorctl list --segment strategic --sort score
    """
    _report("list", root, output_format, None, as_of, segment=segment, status=status, sort=sort)


@app.command()
@guarded
def show(
    vendor: VendorArgument,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), md or json.")
    ] = ReportFormat.text,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """One vendor on one screen: roles, contracts and deadlines, score, open actions and issues,
    top risks.

    Example: vendorctl show sentinel-soc
    """
    _report("show", root, output_format, None, as_of, vendor=vendor)


new_app = typer.Typer(
    help="Write first drafts of vendor files: commented, in the right place, never overwriting.",
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")

InputOption = Annotated[
    bool | None,
    typer.Option("--input/--no-input", help="Ask for missing essentials (default: on a terminal)."),
]
DateOption = Annotated[
    datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help="Date (YYYY-MM-DD).")
]


def _asker(interactive: bool | None) -> Callable[[Any, str], Any]:
    """Ask for a missing value on a terminal (or with --input); leave it a placeholder else."""
    ask = sys.stdin.isatty() if interactive is None else interactive

    def value(given: Any, question: str) -> Any:
        if given is not None or not ask:
            return given
        answer = typer.prompt(question, default="", show_default=False).strip()
        return answer or None

    return value


def _draft(root: Path | None, make: Callable[[Any], Any]) -> None:
    """Make a draft for the portfolio, write it (never over an existing file) and say what
    placeholders remain to be filled."""
    from vendorctl import drafts
    from vendorctl.portfolio import load_portfolio
    from vendorctl.validate import load_and_check

    folder = _find_root(root)
    try:
        draft = make(load_portfolio(folder))
        if draft.mode == "create" and (draft.path.exists() or draft.path.is_symlink()):
            raise drafts.DraftError(f"{_shown(draft.path, folder)} exists; it is never overwritten")
        text = drafts.check(draft)
    except drafts.DraftError as exc:
        _usage(str(exc))
    _write(draft.path, text)
    shown = _shown(draft.path, folder)
    _, outcome = load_and_check(folder, policies=False)
    left = [d for d in outcome.diagnostics if d.path == shown and d.severity == "error"]
    if not left:
        typer.echo(f"wrote {shown}; it validates.")
        return
    typer.echo(f"wrote {shown}; fill in the placeholders ({len(left)}):")
    for d in left:
        typer.echo(f"  {d.as_text()}")


def _slug(value: str, what: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        _usage(f"{what} {value!r} is not an id: use lowercase letters, digits and single hyphens")
    return value


@new_app.command("vendor")
@guarded
def new_vendor(
    vendor_id: Annotated[str, typer.Argument(help="The new vendor's id, e.g. acme-cloud.")],
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    segment: Annotated[
        str | None, typer.Option("--segment", help="strategic, tactical, operational or commodity.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="prospect, onboarding, active, offboarding or exited."),
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Draft vendors/<id>/vendor.yaml.

    Example: vendorctl new vendor acme-cloud --name "Acme Cloud" --segment tactical
    """
    from vendorctl import drafts

    ask = _asker(interactive)
    _slug(vendor_id, "vendor id")
    name, segment, status = ask(name, "Name"), ask(segment, "Segment"), ask(status, "Status")
    _draft(root, lambda portfolio: drafts.vendor(portfolio.root, vendor_id, name, segment, status))


@new_app.command("contract")
@guarded
def new_contract(
    vendor: VendorArgument,
    contract_id: Annotated[str, typer.Argument(help="The new contract's id.")],
    title: Annotated[str | None, typer.Option("--title", help="Contract name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="msa, sow, subscription, ...")] = None,
    start: Annotated[
        datetime | None, typer.Option("--start", formats=["%Y-%m-%d"], help="First day.")
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Draft vendors/<vendor>/contracts/<id>.yaml.

    Example: vendorctl new contract acme-cloud acme-msa --title "Master agreement" --kind msa
    """
    from vendorctl import drafts

    ask = _asker(interactive)
    _slug(contract_id, "contract id")
    title, kind = ask(title, "Title"), ask(kind, "Kind")
    day = _day(start, "--start")
    _draft(root, lambda p: drafts.contract(p, vendor, contract_id, title, kind, day))


@new_app.command("meeting")
@guarded
def new_meeting(
    vendor: VendorArgument,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Meeting kind from the cadence, e.g. qbr.")
    ] = None,
    when: DateOption = None,
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Draft the minutes of a meeting: attendees of its tier and open actions carried forward.

    Example: vendorctl new meeting acme-cloud --kind qbr --date 2026-11-16
    """
    from vendorctl import drafts

    kind = _asker(interactive)(kind, "Kind")
    if kind is not None:
        _slug(kind, "meeting kind")
    day = _day(when, "--date") or date.today()
    _draft(root, lambda p: drafts.meeting(p, vendor, kind, day))


@new_app.command("health")
@guarded
def new_health(
    vendor: VendorArgument,
    when: DateOption = None,
    root: RootOption = None,
) -> None:
    """Draft a relationship health check: the survey for both sides.

    Example: vendorctl new health acme-cloud --date 2026-11-30
    """
    from vendorctl import drafts

    day = _day(when, "--date") or date.today()
    _draft(root, lambda p: drafts.health(p, vendor, day))


@new_app.command("issue")
@guarded
def new_issue(
    vendor: VendorArgument,
    issue_id: Annotated[str, typer.Argument(help="The new issue's id.")],
    title: Annotated[str | None, typer.Option("--title", help="The issue, in one line.")] = None,
    opened: Annotated[
        datetime | None, typer.Option("--opened", formats=["%Y-%m-%d"], help="Date raised.")
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Draft an issue in vendors/<vendor>/issues/<id>.yaml.

    Example: vendorctl new issue acme-cloud slow-tickets --title "Tickets answered late"
    """
    from vendorctl import drafts

    _slug(issue_id, "issue id")
    title = _asker(interactive)(title, "Title")
    day = _day(opened, "--opened") or date.today()
    _draft(root, lambda p: drafts.issue(p, vendor, issue_id, title, day))


@new_app.command("risk")
@guarded
def new_risk(
    vendor: VendorArgument,
    risk_id: Annotated[str, typer.Argument(help="The new risk's id.")],
    title: Annotated[str | None, typer.Option("--title", help="The risk, in one line.")] = None,
    likelihood: Annotated[
        int | None, typer.Option("--likelihood", min=1, max=5, help="1 to 5.")
    ] = None,
    impact: Annotated[int | None, typer.Option("--impact", min=1, max=5, help="1 to 5.")] = None,
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Append a risk to the vendor's risk register in vendor.yaml.

    Example: vendorctl new risk acme-cloud lock-in --title "Lock-in" --likelihood 3 --impact 4
    """
    from vendorctl import drafts

    ask = _asker(interactive)
    _slug(risk_id, "risk id")
    title = ask(title, "Title")
    likelihood = _score(ask(likelihood, "Likelihood (1-5)"))
    impact = _score(ask(impact, "Impact (1-5)"))
    if title is None or likelihood is None or impact is None:
        # A placeholder would make vendor.yaml invalid, and with it the whole vendor.
        _usage("a risk needs --title, --likelihood and --impact")
    _draft(root, lambda p: drafts.risk(p, vendor, risk_id, title, likelihood, impact))


def _score(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    if str(value).isdigit() and 1 <= int(value) <= 5:
        return int(value)
    _usage(f"{value!r} is not a score from 1 to 5")


kpi_app = typer.Typer(help="KPI data: import measurements from CSV exports.", no_args_is_help=True)
app.add_typer(kpi_app, name="kpi")


@kpi_app.command("import")
@guarded
def kpi_import(
    csv_file: Annotated[
        Path, typer.Argument(help="CSV export with KPI, period and value columns.")
    ],
    vendor: Annotated[
        str,
        typer.Option(
            "--vendor", help="Vendor id the measurements are for.", autocompletion=complete_vendor
        ),
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="COLUMN=FIELD, FIELD one of kpi, period, value, source, note. Repeatable."
        ),
    ] = None,
    period_format: Annotated[
        str | None,
        typer.Option(
            "--period-format", help="strptime layout of the period column, e.g. %d/%m/%Y."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite measurements whose value differs.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Merge KPI measurements from a CSV export into the vendor's KPI files.

    Encoding, delimiter and decimal commas are detected. New measurements are added, identical
    ones left alone, a different value for an existing KPI and period refused unless --replace.
    Nothing is written unless every row is valid.

    Example: vendorctl kpi import export.csv --vendor nimbus-cloud --map Metric=kpi --dry-run
    """
    from vendorctl.formats import as_text
    from vendorctl.kpimport import FIELDS, apply, plan_import
    from vendorctl.reports.common import InvalidPortfolio, ReportError, load_valid

    given: dict[str, str] = {}
    for item in mapping or []:
        column, _, name = item.partition("=")
        if not column or name not in FIELDS:
            _usage(f"--map {item!r}: write COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}")
        given[column] = name
    folder = _find_root(root)
    try:
        checked = load_valid(folder)
        plan = plan_import(checked, vendor, csv_file, str(csv_file), given, period_format, replace)
    except InvalidPortfolio as exc:
        sys.stderr.write(as_text(exc.outcome))
        typer.echo("vendorctl: error: fix the errors above before importing", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except ReportError as exc:
        _usage(str(exc))
    for d in plan.diagnostics:
        typer.echo(d.as_text())
    if not plan.ok:
        errors = sum(1 for d in plan.diagnostics if d.severity == "error")
        typer.echo(f"{errors} problem(s) in {csv_file}; nothing was imported.")
        raise typer.Exit(EXIT_INVALID)
    for row in plan.added:
        typer.echo(f"add: {row.kpi} {row.period.label} = {row.value}")
    for row, old in plan.replaced:
        typer.echo(f"replace: {row.kpi} {row.period.label} = {row.value} (was {old})")
    summary = (
        f"{len(plan.added)} added, {len(plan.replaced)} replaced, {plan.unchanged} already there"
    )
    if dry_run:
        typer.echo(f"Dry run: {summary}; would write {len(plan.files)} file(s).")
        return
    try:
        apply(plan)
    except OSError as exc:
        _usage(f"cannot write the KPI files: {exc.strerror or exc}")
    files = ", ".join(_shown(p, folder) for p in sorted(plan.files)) or "no file"
    typer.echo(f"Imported: {summary}; wrote {files}.")


def main() -> None:
    """Console-script entry point."""
    app()
