"""`vendorctl render`: every report into reports/, written or checked."""

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    AsOfOption,
    JobsOption,
    NoCacheOption,
    RootOption,
    date_option,
    find_portfolio,
    handled,
    report_errors,
    usage_error,
)


@handled
def render(
    root: RootOption = None,
    no_cache: NoCacheOption = False,
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
    from vendorctl.compute.numbers import counted
    from vendorctl.errors import EXIT_INVALID
    from vendorctl.jobs.render import render_portfolio
    from vendorctl.load.root import shown_path

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
    if changes.refused:
        for rel in changes.foreign:
            typer.echo(
                f"vendorctl: error: {shown}/{rel} was not written by vendorctl; refusing "
                "to overwrite it (move it away or choose another --out)",
                err=True,
            )
        for rel in changes.linked:
            typer.echo(
                f"vendorctl: error: {shown}/{rel} would be written through a symlink; refusing "
                "to follow it (remove the symlink or choose another --out)",
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
        ("leftover", changes.leftovers),
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
    if count:
        typer.echo(f"{counted(count, 'report')} out of date; run `{fix}` and commit the result.")
    if changes.leftovers:
        typer.echo(
            f"{counted(len(changes.leftovers), 'temporary file')} left by an interrupted render; "
            f"run `{fix}` to remove them."
        )
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

        seen: set[str] = set()

        def step(vendor: str) -> None:
            # A vendor made as of an earlier date than the last data found is made again: once.
            bar.update(task, advance=0 if vendor in seen else 1, description=f"Rendering {vendor}")
            seen.add(vendor)

        yield step
