"""Policies on the obligations register: what either side owes under a contract is done in time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from vendorctl.compute.obligations import contract_obligations
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.people import names_of
from vendorctl.policies.registry import Context, Finding, policy


@policy(
    "obligation-overdue",
    "No contract obligation (of either side) is overdue: its latest due date passed without a "
    "`done` date on or after the due date before it.",
)
def obligation_overdue(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    names: dict[str, str] | None = None  # put together for a finding only: most vendors have none
    for record in files.contracts:
        for state in contract_obligations(record.model, context.as_of):
            late = state.overdue
            if late is None:
                continue
            duty = state.obligation
            if names is None:
                names = names_of(files.vendor.model, context.shared)
            owner = names.get(duty.owner, duty.owner) if duty.owner else "no owner named"
            clause = f", clause {duty.clause}" if duty.clause else ""
            days = f"{late.days} day{'' if late.days == 1 else 's'}"
            yield Finding(
                record.doc,
                ("obligations", state.index),
                f"obligation `{duty.id}` ({duty.title}), owed by the {duty.side} side "
                f"({owner}), was due on {late.due} and is {days} overdue (contract "
                f"`{record.model.id}`{clause}){_ahead(duty.done, context.as_of)}; once it is "
                "done, add the date to its `done:` list",
            )


def _ahead(done: list[date], as_of: date) -> str:
    """The done dates after the as-of date, which do not count yet: said, since a mistyped year
    would otherwise show only as an obligation overdue."""
    ahead = sorted({day for day in done if day > as_of})
    if not ahead:
        return ""
    listed = ", ".join(str(day) for day in ahead)
    if len(ahead) == 1:
        return f"; a done date after the as-of date does not count yet: {listed}"
    return f"; done dates after the as-of date do not count yet: {listed}"
