"""What stops a command, by kind: each kind has its exit status, mapped in one place (cli)."""

from __future__ import annotations

from vendorctl.diagnostics import Outcome

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class VendorctlError(Exception):
    """A command that cannot go on; `exit_code` says how it ends."""

    exit_code = EXIT_INTERNAL


class UsageError(VendorctlError):
    """Asked for something that cannot be done as asked: an unknown vendor, a bad period, a
    revision that does not exist, a file that would be overwritten (exit 2)."""

    exit_code = EXIT_USAGE


class DataError(VendorctlError):
    """The data (or a template) is wrong: fix it and run again (exit 1)."""

    exit_code = EXIT_INVALID


class InvalidPortfolio(DataError):
    """The portfolio has errors: reports are made from valid data only."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.summary())
        self.outcome = outcome


# The names the domain uses for its usage errors.
ReportError = UsageError
