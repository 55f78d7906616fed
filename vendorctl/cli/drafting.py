"""`vendorctl new ...`: commands that write first drafts of vendor files."""

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from vendorctl.cli.base import (
    NoCacheOption,
    RootOption,
    VendorArgument,
    date_option,
    date_or_today,
    find_portfolio,
    handled,
    parse_date,
    usage_error,
)

new_app = typer.Typer(
    help="Write first drafts of vendor files: commented, in the right place, never overwriting.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app (see cli.base)
)

InputOption = Annotated[
    bool | None,
    typer.Option("--input/--no-input", help="Ask for missing essentials (default: on a terminal)."),
]
DateOption = Annotated[
    datetime | None,
    typer.Option("--date", parser=parse_date, metavar="DATE", help="Date (YYYY-MM-DD, or today)."),
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
    """Write a draft into the portfolio and say what placeholders remain to be filled."""
    from vendorctl.jobs.new import new

    drafted = new(find_portfolio(root), make)
    if not drafted.left and not drafted.optional:
        typer.echo(f"wrote {drafted.shown}; it validates.")
        return
    # The errors as validate words them and the placeholders the file validates with, in the
    # order of the file.
    lines = [(d.line, d.col, d.as_text()) for d in drafted.left] + [
        (
            p.line,
            p.col,
            f"{drafted.shown}:{p.line}:{p.col}: optional: `{p.key}` is still ~"
            + (f": {p.hint}" if p.hint else "")
            + "; fill it in or remove the line",
        )
        for p in drafted.optional
    ]
    typer.echo(f"wrote {drafted.shown}; fill in the placeholders ({len(lines)}):")
    for _, _, text in sorted(lines):
        typer.echo(f"  {text}")


def _slug(value: str, what: str) -> str:
    import re

    from vendorctl.model.base import SLUG_PATTERN

    if not re.match(SLUG_PATTERN, value):
        usage_error(
            f"{what} {value!r} is not an id: use lowercase letters, digits and single hyphens"
        )
    return value


@new_app.command("vendor")
@handled
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
    relationship: Annotated[
        str | None,
        typer.Option(
            "--relationship",
            metavar="ID",
            help="Relationship manager: an internal person's id, e.g. one from people.yaml.",
        ),
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft vendors/<id>/vendor.yaml; the shared people of people.yaml are listed in it, to
    name by id (asked for the relationship manager among them on a terminal).

    \b
    Example: vendorctl new vendor acme-cloud --name "Acme Cloud" --segment tactical
    """
    from vendorctl.compute import drafts

    ask = _asker(interactive)
    _slug(vendor_id, "vendor id")
    if relationship is not None:
        _slug(relationship, "person id")
    name, segment, status = ask(name, "Name"), ask(segment, "Segment"), ask(status, "Status")

    def make(portfolio: Any) -> Any:
        shared = portfolio.shared.people
        manager = relationship
        if manager is None and shared:
            ids = ", ".join(p.id for p in shared[:12]) + (", ..." if len(shared) > 12 else "")
            manager = ask(None, f"Relationship manager (people.yaml: {ids})")
            if manager is not None:
                _slug(manager, "person id")
        return drafts.vendor(portfolio.root, vendor_id, name, segment, status, shared, manager)

    _draft(root, make)


@new_app.command("contract")
@handled
def new_contract(
    vendor: VendorArgument,
    contract_id: Annotated[str, typer.Argument(help="The new contract's id.")],
    title: Annotated[str | None, typer.Option("--title", help="Contract name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="msa, sow, subscription, ...")] = None,
    start: Annotated[
        datetime | None,
        typer.Option("--start", parser=parse_date, metavar="DATE", help="First day."),
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft vendors/<vendor>/contracts/<id>.yaml.

    \b
    Example: vendorctl new contract acme-cloud acme-msa --title "Master agreement" --kind msa
    """
    from vendorctl.compute import drafts

    ask = _asker(interactive)
    _slug(contract_id, "contract id")
    title, kind = ask(title, "Title"), ask(kind, "Kind")
    day = date_option(start, "--start")
    _draft(root, lambda p: drafts.contract(p, vendor, contract_id, title, kind, day))


@new_app.command("meeting")
@handled
def new_meeting(
    vendor: VendorArgument,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Meeting kind from the cadence, e.g. qbr.")
    ] = None,
    when: DateOption = None,
    interactive: InputOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft the minutes of a meeting: attendees of its tier and open actions carried forward.

    \b
    Example: vendorctl new meeting acme-cloud --kind qbr --date 2026-11-16
    """
    from vendorctl.compute import drafts

    kind = _asker(interactive)(kind, "Kind")
    if kind is not None:
        _slug(kind, "meeting kind")
    day = date_or_today(when, "--date")
    _draft(root, lambda p: drafts.meeting(p, vendor, kind, day))


@new_app.command("health")
@handled
def new_health(
    vendor: VendorArgument,
    when: DateOption = None,
    # Accepted as by every `new`, so scripts can pass it to all: the survey's scores are for
    # the respondents to fill in, so there is nothing to ask.
    interactive: InputOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft a relationship health check: the survey for both sides (nothing to ask).

    \b
    Example: vendorctl new health acme-cloud --date 2026-11-30
    """
    from vendorctl.compute import drafts

    day = date_or_today(when, "--date")
    _draft(root, lambda p: drafts.health(p, vendor, day))


@new_app.command("issue")
@handled
def new_issue(
    vendor: VendorArgument,
    issue_id: Annotated[str, typer.Argument(help="The new issue's id.")],
    title: Annotated[str | None, typer.Option("--title", help="The issue, in one line.")] = None,
    opened: Annotated[
        datetime | None,
        typer.Option("--opened", parser=parse_date, metavar="DATE", help="Date raised."),
    ] = None,
    interactive: InputOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Draft an issue in vendors/<vendor>/issues/<id>.yaml.

    \b
    Example: vendorctl new issue acme-cloud slow-tickets --title "Tickets answered late"
    """
    from vendorctl.compute import drafts

    _slug(issue_id, "issue id")
    title = _asker(interactive)(title, "Title")
    day = date_or_today(opened, "--opened")
    _draft(root, lambda p: drafts.issue(p, vendor, issue_id, title, day))


@new_app.command("risk")
@handled
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
    no_cache: NoCacheOption = False,
) -> None:
    """Append a risk to the vendor's risk register in vendor.yaml.

    \b
    Example: vendorctl new risk acme-cloud lock-in --title "Lock-in" --likelihood 3 --impact 4
    """
    from vendorctl.compute import drafts

    ask = _asker(interactive)
    _slug(risk_id, "risk id")
    title = ask(title, "Title")
    likelihood = _score(ask(likelihood, "Likelihood (1-5)"))
    impact = _score(ask(impact, "Impact (1-5)"))
    if title is None or likelihood is None or impact is None:
        # A placeholder would make vendor.yaml invalid, and with it the whole vendor.
        usage_error("a risk needs --title, --likelihood and --impact")
    _draft(root, lambda p: drafts.risk(p, vendor, risk_id, title, likelihood, impact))


def _score(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    if str(value).isdigit() and 1 <= int(value) <= 5:
        return int(value)
    usage_error(f"{value!r} is not a score from 1 to 5")
