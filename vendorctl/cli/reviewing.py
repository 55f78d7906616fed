"""The command that reviews a change in business terms: diff between two git revisions."""

from typing import Annotated

import typer

from vendorctl.cli.base import (
    AsOfOption,
    MarkdownFormatOption,
    NoCacheOption,
    OutOption,
    ReportFormat,
    RootOption,
    date_option,
    find_portfolio,
    handled,
    print_or_write,
    report_errors,
    usage_error,
)


def _kinds(values: list[str]) -> frozenset[str]:
    """--fail-on values (comma-separated, repeatable) as known change kinds, `all` for every one."""
    from vendorctl.changes import KINDS

    named = {part.strip() for value in values for part in value.split(",") if part.strip()}
    if "all" in named:
        return frozenset(KINDS)
    unknown = sorted(named - KINDS.keys())
    if unknown:
        usage_error(
            f"--fail-on: unknown change kind {', '.join(unknown)}; kinds: {', '.join(KINDS)}, all"
        )
    return frozenset(named)


@handled
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare from. Default: the merge base of HEAD with the default "
            "branch (the pull request's base on CI).",
            metavar="BASE",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare to. Default: the working tree.",
            metavar="HEAD",
            show_default=False,
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    output_format: MarkdownFormatOption = ReportFormat.text,
    fail_on: Annotated[
        list[str],
        typer.Option(
            "--fail-on",
            metavar="KINDS",
            help="Exit 1 if a change of these kinds is found (comma-separated, or `all`), e.g. "
            "sla-weakened,measurement-rewritten. See the README for every kind.",
        ),
    ] = [],  # noqa: B006 (Typer reads the default; it is never mutated)
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """Show what changed between two revisions in business terms: vendors, contracts, SLAs,
    KPIs, measurements, scores, people. Read straight from git; nothing is checked out.

    \b
    Example: vendorctl diff main --format md --fail-on sla-weakened,measurement-rewritten
    """
    from vendorctl.errors import EXIT_INVALID
    from vendorctl.jobs.diff import diff as compare

    folder = find_portfolio(root)
    kinds = _kinds(fail_on)
    with report_errors("compare the revisions"):
        found = compare(folder, base, head, date_option(as_of), kinds, output_format.value)
    print_or_write(found.text, out)
    if found.flagged:
        typer.echo(f"vendorctl: {found.summary}", err=True)
        raise typer.Exit(EXIT_INVALID)
