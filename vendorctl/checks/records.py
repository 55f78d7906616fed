"""Checks on the vendor's records: issue dates and states agree with each other."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio


@check
def issue_dates(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """An issue closes after it opens, is closed exactly when resolved, escalates while open."""
    for files in portfolio.vendors.values():
        for log in files.issues:
            doc = log.doc
            for index, issue in enumerate(log.model.issues):
                loc = ("issues", index)
                if issue.closed is not None and issue.closed < issue.opened:
                    yield doc.diagnostic(
                        (*loc, "closed"),
                        "issue-dates",
                        f"closed {issue.closed} is before opened {issue.opened}",
                    )
                if issue.status == "resolved" and issue.closed is None:
                    yield doc.diagnostic(
                        (*loc, "status"),
                        "issue-dates",
                        "a resolved issue needs `closed`, the date it was resolved",
                    )
                if issue.status == "open" and issue.closed is not None:
                    yield doc.diagnostic(
                        (*loc, "closed"),
                        "issue-dates",
                        "an open issue has a `closed` date; set `status: resolved` or remove it",
                    )
                for step, escalation in enumerate(issue.escalations):
                    if escalation.date < issue.opened:
                        yield doc.diagnostic(
                            (*loc, "escalations", step, "date"),
                            "issue-dates",
                            f"escalated on {escalation.date}, before the issue opened on "
                            f"{issue.opened}",
                        )
