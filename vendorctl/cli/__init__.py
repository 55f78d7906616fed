"""The command line: one Typer app whose commands live in modules by what they do."""

from vendorctl.cli import checking, drafting, importing, reporting, reviewing
from vendorctl.cli.base import app, main

_COMMANDS = (
    checking,
    reporting,
    reviewing,
    drafting,
    importing,
)  # imported to register their commands

__all__ = ["app", "main"]
