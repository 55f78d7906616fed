"""The command line: one Typer app; each command only translates between the command line and
one job (vendorctl.jobs)."""

from typing import Any

from vendorctl.cli.base import app, declare, declared, main

# Every command, in the order `vendorctl --help` lists them (`new` and `kpi` are groups of
# commands), and where it is: its module is imported only when the command runs or is listed,
# so that a command imports no other command's module (a tenth of a validate of one vendor's
# start). Each becomes a Click command only when it runs (see cli.base).
PLACES = (
    ("validate", "checking:validate"),
    ("init", "checking:init"),
    ("schema", "checking:schema"),
    ("scorecard", "reports:scorecard"),
    ("credits", "reports:credits"),
    ("claim", "claiming:claim"),
    ("renewals", "deadlines:renewals"),
    ("calendar", "deadlines:calendar"),
    ("qbr", "reports:qbr"),
    ("onboard", "reports:onboard"),
    ("render", "render:render"),
    ("list", "reports:list_vendors"),
    ("show", "reports:show"),
    ("diff", "reviewing:diff"),
    ("new", "drafting:new_app"),
    ("kpi", "importing:kpi_app"),
)
for _name, _place in PLACES:
    declare(_name, f"vendorctl.cli.{_place}")


def __getattr__(name: str) -> Any:
    """COMMANDS: every command by name, as PLACES lists them (their modules imported now)."""
    if name == "COMMANDS":
        return tuple((command, declared(command)) for command, _ in PLACES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "PLACES", "app", "main"]
