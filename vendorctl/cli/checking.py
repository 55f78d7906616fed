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
    NoCacheOption,
    RootOption,
    date_option,
    find_portfolio,
    handled,
    parse_date,
    usage_error,
)


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
    no_cache: NoCacheOption = False,
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
            parser=parse_date,
            metavar="DATE",
            help="Date for time-based policies (YYYY-MM-DD, or today: the real date, as a "
            "scheduled CI run wants). Default: as_of in vendorctl.yaml, else today.",
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
    from vendorctl.errors import EXIT_INVALID, EXIT_OK
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
    empty: Annotated[
        bool,
        typer.Option(
            "--empty",
            help="No example vendor: settings, schemas, a templates note and the CI files only.",
        ),
    ] = False,
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SPEC",
            help="Where CI and pre-commit install vendorctl from, pinned and only you control: "
            "a git URL at a tag or commit (git+https://HOST/ORG/vendorctl@v0.1.0), a local path "
            "(./wheels/...) or NAME==VERSION from your own package index; never a bare name. "
            "Without it the workflow fails until you set VENDORCTL in it.",
        ),
    ] = None,
) -> None:
    """Create a new portfolio: vendorctl.yaml, a complete example vendor (none with --empty),
    JSON Schemas, a templates note, a GitHub workflow, a pre-commit configuration, a .gitignore.

    Refuses to overwrite existing files. Runs `git init` when the folder is not inside a git
    repository. The result validates as created.

    \b
    Example: vendorctl init my-vendors --empty --install git+https://HOST/ORG/vendorctl@v0.1.0
    """
    from vendorctl.jobs.init import Mode, ScaffoldError, scaffold

    if full and empty:
        usage_error("--full and --empty exclude each other; choose one")
    mode = Mode.full if full else Mode.empty if empty else Mode.example
    try:
        made = scaffold(directory, mode=mode, install=install)
    except ScaffoldError as exc:
        usage_error(str(exc))
    typer.echo(f"Created a portfolio in {directory} ({len(made.files)} files).")
    if made.git_initialised:
        typer.echo(f"Ran `git init` in {directory}: it was not inside a git repository.")
    elif made.git_problem is not None:
        typer.echo(
            f"No git repository: {made.git_problem}. Run `git init` in {directory}: "
            "diff, CI and pre-commit need one."
        )
    if made.ci_root is not None:
        typer.echo(
            f"Wrote .github/workflows/vendorctl.yml and .pre-commit-config.yaml at the root of "
            f"the repository, {made.ci_root}, where GitHub and pre-commit read them; they check "
            f"the portfolio in {directory}."
        )
    if made.gitignore_kept:
        typer.echo("Kept the .gitignore already there: add `.*.tmp` to it (see the README).")
    if len(made.examples) == 1:
        (example,) = made.examples
        typer.echo(
            f"vendors/{example} is an example to learn from; delete it when you add your own "
            f"vendors: rm -r vendors/{example} && vendorctl render"
        )
    elif made.examples:
        typer.echo(
            f"The {len(made.examples)} vendors in vendors/ are the example portfolio's; delete "
            "them when you add your own: rm -r vendors/* && vendorctl render"
        )
    if mode is Mode.empty:
        typer.echo(f'Next: cd {directory} && vendorctl new vendor ID --name "NAME"')
    else:
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
            help="File kind: settings, people, vendor, contract, measurements, health, meeting, "
            "issues, claims. Default: all."
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
