"""Changes to where a contract stands on the as-of date: notice deadline, status, decision."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.changes import Change
from vendorctl.changes.shown import text
from vendorctl.compute.renewals import Renewal
from vendorctl.model import Contract

_ENDING = ("terminate", "let-lapse")


def renewal_changes(vendor: str, before: Renewal, after: Renewal) -> Iterator[Change]:
    """The notice deadline of the term running on the as-of date, the renewal status and the
    recorded decision, compared between two versions of one contract."""
    subject = f"contract {after.contract.id}"
    was, now = before.notice_deadline, after.notice_deadline
    if was != now:
        what = "notice deadline"
        data: dict[str, object] = {"before": text(was), "after": text(now)}
        if was is not None and now is not None:
            days = (now - was).days
            what = f"notice deadline {abs(days)} days {'later' if days > 0 else 'earlier'}"
            data["days"] = days
        yield Change("notice-deadline-moved", vendor, subject, what, text(was), text(now), data)
    if before.status != after.status:
        shown = _status(before), _status(after)
        yield Change("renewal-status-changed", vendor, subject, "renewal status", *shown)
    old, new = _decision(before.contract), _decision(after.contract)
    if old != new:
        what = "decision recorded" if old is None else "decision changed"
        if new is None:
            what = "decision removed"
        elif after.contract.decision in _ENDING and after.status == "notice-passed":
            # Too late to give notice: the contract may renew whatever was decided.
            what += f" after the notice deadline ({after.notice_deadline})"
        yield Change("decision-changed", vendor, subject, what, old, new)


def _status(item: Renewal) -> str:
    shown = item.status.replace("-", " ")
    return f"{shown} (term ends {item.term_end})" if item.term_end else shown


def _decision(contract: Contract) -> str | None:
    if contract.decision is None:
        return None
    term = f" (for the term ending {contract.decision_for})" if contract.decision_for else ""
    return f"{contract.decision}{term}"
