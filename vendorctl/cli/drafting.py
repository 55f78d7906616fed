"""`vendorctl new ...`: commands that write first drafts of vendor files."""

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from vendorctl.cli.base import (
    RootOption,
    VendorArgument,
    app,
    date_option,
    find_portfolio,
    handled,
    usage_error,
)

new_app = typer.Typer(
    help="Write first drafts of vendor files: commented, in the right place, never overwriting.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app (see cli.base)
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
    """Write a draft into the portfolio and say what placeholders remain to be filled."""
    from vendorctl.jobs.new import new

    drafted = new(find_portfolio(root), make)
    if not drafted.left:
        typer.echo(f"wrote {drafted.shown}; it validates.")
        return
    typer.echo(f"wrote {drafted.shown}; fill in the placeholders ({len(drafted.left)}):")
    for d in drafted.left:
        typer.echo(f"  {d.as_text()}")


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
    interactive: InputOption = None,
    root: RootOption = None,
) -> None:
    """Draft vendors/<id>/vendor.yaml.

    \b
    Example: vendorctl new vendor acme-cloud --name "Acme Cloud" --segment tactical
    """
    from vendorctl.compute import drafts

    ask = _asker(interactive)
    _slug(vendor_id, "vendor id")
    name, segment, status = ask(name, "Name"), ask(segment, "Segment"), ask(status, "Status")
    _draft(root, lambda portfolio: drafts.vendor(portfolio.root, vendor_id, name, segment, status))


@new_app.command("contract")
@handled
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
) -> None:
    """Draft the minutes of a meeting: attendees of its tier and open actions carried forward.

    \b
    Example: vendorctl new meeting acme-cloud --kind qbr --date 2026-11-16
    """
    from vendorctl.compute import drafts

    kind = _asker(interactive)(kind, "Kind")
    if kind is not None:
        _slug(kind, "meeting kind")
    day = date_option(when, "--date") or date.today()
    _draft(root, lambda p: drafts.meeting(p, vendor, kind, day))


@new_app.command("health")
@handled
def new_health(
    vendor: VendorArgument,
    when: DateOption = None,
    root: RootOption = None,
) -> None:
    """Draft a relationship health check: the survey for both sides.

    \b
    Example: vendorctl new health acme-cloud --date 2026-11-30
    """
    from vendorctl.compute import drafts

    day = date_option(when, "--date") or date.today()
    _draft(root, lambda p: drafts.health(p, vendor, day))


@new_app.command("issue")
@handled
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

    \b
    Example: vendorctl new issue acme-cloud slow-tickets --title "Tickets answered late"
    """
    from vendorctl.compute import drafts

    _slug(issue_id, "issue id")
    title = _asker(interactive)(title, "Title")
    day = date_option(opened, "--opened") or date.today()
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
