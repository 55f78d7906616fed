"""Commands that check and set up a portfolio: validate, init, schema."""

import os
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    JobsOption,
    RootOption,
    date_option,
    find_portfolio,
    handled,
    usage_error,
)
from vendorctl.errors import EXIT_INVALID, EXIT_OK


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


@handled
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
    jobs: JobsOption = None,
) -> None:
    """Check every file of the portfolio and every reference between files.

    Prints one line per problem, `path:line:col: severity: message \\[code]`, then a summary.
    Exit status: 0 valid, 1 errors (or warnings with --strict), 2 usage error.

    \b
    Example: vendorctl validate --root . --format json
    """
    from vendorctl.jobs.validate import validate as run
    from vendorctl.render.diagnostics import FORMATTERS

    folder = find_portfolio(root)
    chosen = output_format.value
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    outcome = run(folder, date_option(as_of), jobs=jobs)
    text = FORMATTERS[chosen](outcome, _workspace_prefix(folder) if chosen == "github" else "")
    _emit(text, colour=chosen == "text")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        from vendorctl.render.diagnostics import step_summary

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


@handled
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new portfolio.")],
    full: Annotated[
        bool,
        typer.Option("--full", help="Copy the whole example portfolio, not just one vendor."),
    ] = False,
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SPEC",
            help="Where CI and pre-commit install vendorctl from: a pinned pip requirement only "
            "you control, e.g. git+https://HOST/ORG/vendorctl@v0.1.0. Without it the workflow "
            "fails until you set VENDORCTL in it.",
        ),
    ] = None,
) -> None:
    """Create a new portfolio: vendorctl.yaml and a complete example vendor.

    Refuses to overwrite existing files. The result validates as created.

    \b
    Example: vendorctl init my-vendors --install git+https://HOST/ORG/vendorctl@v0.1.0
    """
    from vendorctl.jobs.init import ScaffoldError, scaffold

    try:
        written = scaffold(directory, full=full, install=install)
    except ScaffoldError as exc:
        usage_error(str(exc))
    typer.echo(f"Created a portfolio in {directory} ({len(written)} files).")
    typer.echo(f"Next: cd {directory} && vendorctl validate")
    if install is None:
        typer.echo(
            "Before you push: set VENDORCTL in .github/workflows/vendorctl.yml to where CI "
            "installs vendorctl from (or run init with --install SPEC)."
        )


@handled
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

    \b
    Example: vendorctl schema --out schemas
    """
    import json

    from vendorctl.jobs.schema import json_schema, schema_text, write_schemas
    from vendorctl.model import FILE_KINDS

    if kind is not None and kind not in FILE_KINDS:
        usage_error(f"unknown file kind {kind!r}; choose from {', '.join(FILE_KINDS)}")
    if out is not None:
        for path in write_schemas(out, [kind] if kind else None):
            typer.echo(f"wrote {path}")
        return
    if kind is not None:
        sys.stdout.write(schema_text(kind))
    else:
        everything = {name: json_schema(name) for name in FILE_KINDS}
        sys.stdout.write(json.dumps(everything, indent=2, ensure_ascii=False) + "\n")
