"""`vendorctl claim`: draft the letter claiming a vendor's service credits, and record it."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    NoCacheOption,
    RootOption,
    VendorArgument,
    date_or_today,
    find_portfolio,
    handled,
    known_vendor,
    parse_date,
    report_errors,
)


@handled
def claim(
    vendor: VendorArgument,
    contract: Annotated[
        str | None,
        typer.Option(
            "--contract",
            metavar="ID",
            help="Only this contract. Default: every contract with credits.",
        ),
    ] = None,
    window: Annotated[
        list[str] | None,
        typer.Option(
            "--window",
            metavar="P",
            help="An SLA window to claim, as reports label it (2026-07, 2026-Q3); repeatable. "
            "Default: every credit still to claim.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the letter to this file instead of printing it."),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Append a `claimed` entry per window to the vendor's claims.yaml (its "
            "comments and layout kept); refused for a window already claimed.",
        ),
    ] = False,
    claim_date: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            parser=parse_date,
            metavar="DATE",
            help="Date of the claim (YYYY-MM-DD, or today): the letter's date, `claimed_on` of "
            "what --record writes, and the day credits are judged on. Default: today.",
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft the letter claiming a vendor's service credits, with the evidence.

    For each window: the SLAs missed in the contract's words, their credit tiers and the cap,
    the measurements with their source and, in git, the commit that last changed each; the
    credit, the total and the claim-by date. Markdown, from templates/claim.md.j2 (a file of
    that name in the portfolio's templates/ replaces it).

    \b
    Example: vendorctl claim brightdesk --window 2026-09 --out claim.md --record
    """
    from vendorctl.compute.numbers import counted
    from vendorctl.jobs.claim import claim as draft

    folder = find_portfolio(root)
    known_vendor(folder, vendor)
    day = date_or_today(claim_date, "--date")
    with report_errors("draft a claim letter"):
        done = draft(
            folder,
            vendor,
            contract=contract,
            windows=window or [],
            day=day,
            out=out,
            record=record,
        )
    if done.nothing is not None:
        typer.echo(done.nothing)
        return
    for warning in done.warnings:
        typer.echo(f"vendorctl: warning: {warning}", err=True)
    if done.letter is not None:
        typer.echo(done.letter, nl=False)
    if done.out is not None:
        typer.echo(f"wrote {done.out}", err=True)
    if done.recorded:
        typer.echo(
            f"recorded {counted(len(done.recorded), 'claim')} in {done.claims_file}: "
            + ", ".join(done.recorded),
            err=True,
        )
