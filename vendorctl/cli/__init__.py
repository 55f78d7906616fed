"""The command line: one Typer app; each command only translates between the command line and
one job (vendorctl.jobs)."""

from vendorctl.cli import (
    checking,
    claiming,
    deadlines,
    drafting,
    importing,
    render,
    reports,
    reviewing,
)
from vendorctl.cli.base import app, declare, main

# Every command, in the order `vendorctl --help` lists them (`new` and `kpi` are groups of
# commands). Each becomes a Click command only when it runs (see cli.base).
COMMANDS = (
    ("validate", checking.validate),
    ("init", checking.init),
    ("schema", checking.schema),
    ("scorecard", reports.scorecard),
    ("credits", reports.credits),
    ("claim", claiming.claim),
    ("renewals", deadlines.renewals),
    ("calendar", deadlines.calendar),
    ("qbr", reports.qbr),
    ("onboard", reports.onboard),
    ("render", render.render),
    ("list", reports.list_vendors),
    ("show", reports.show),
    ("diff", reviewing.diff),
    ("new", drafting.new_app),
    ("kpi", importing.kpi_app),
)
for name, command in COMMANDS:
    declare(name, command)

__all__ = ["COMMANDS", "app", "drafting", "importing", "main"]
