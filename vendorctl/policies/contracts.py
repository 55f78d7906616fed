"""Policies on contracts: notice deadlines, expiry, and fresh data behind every SLA."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.renewals import Renewal, renewal
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model import periods
from vendorctl.model.contract import Contract
from vendorctl.policies.registry import Context, Finding, policy

_WINDOW: dict[str, periods.Kind] = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def _renewals(context: Context, files: VendorFiles) -> list[tuple[Record[Contract], Renewal]]:
    """Each contract's renewal position, computed once for the four policies that need it."""
    key = ("renewals", files.folder)
    if key not in context.memo:
        governance = context.settings.governance
        assert files.vendor is not None
        context.memo[key] = [
            (
                record,
                renewal(
                    files.vendor.model.id,
                    record.model,
                    context.as_of,
                    governance.notice_warning,
                    governance.decision_buffer,
                ),
            )
            for record in files.contracts
        ]
    found: list[tuple[Record[Contract], Renewal]] = context.memo[key]
    return found


@policy(
    "notice-approaching",
    "A notice deadline within the warning window: decide to renew, renegotiate or exit.",
)
def notice_approaching(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for record, found in _renewals(context, files):
        if found.status != "decide":
            continue
        when = f"notice deadline {found.notice_deadline} is {found.days_left} days away (term "
        decided = found.decision
        if decided is None:
            by = found.decision_date
            when_to = (
                f"decide by {by}" if by and by >= context.as_of else f"decide now ({by} has passed)"
            )
            todo = f"{when_to} and record it as `decision:`"
        elif (decided == "renew") == record.model.auto_renew and decided in ("renew", "let-lapse"):
            continue  # the contract does by itself what was decided: nothing to send
        else:
            todo = f"the recorded decision is `{decided}`: act on it before the deadline"
        yield Finding(record.doc, ("end",), f"{when}ends {found.term_end}); {todo}")


@policy(
    "notice-passed",
    "A notice deadline passed without a recorded decision.",
    "error",
)
def notice_passed(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for record, found in _renewals(context, files):
        if found.status == "notice-passed" and found.decision is None:
            outcome = "renews" if record.model.auto_renew else "ends"
            yield Finding(
                record.doc,
                ("end",),
                f"the notice deadline {found.notice_deadline} passed with no decision recorded: "
                f"the contract {outcome} on {found.term_end} whatever is done now; record the "
                "`decision:` taken",
            )


@policy(
    "contract-expired",
    "A contract has expired while the vendor is still active.",
    "error",
    statuses=frozenset({"active"}),
)
def contract_expired(context: Context, files: VendorFiles) -> Iterator[Finding]:
    positions = list(_renewals(context, files))
    if any(found.status != "expired" for _, found in positions):
        return  # a contract still in force: the expired ones are history
    for record, found in positions:
        if found.status == "expired":
            yield Finding(
                record.doc,
                ("end",),
                f"the contract ended on {found.term_end} but the vendor is still active; renew "
                "it, add the new contract, or set the vendor's status to offboarding or exited",
            )


@policy(
    "sla-data-stale",
    "Every SLA's KPI has data for its latest complete window.",
    statuses=frozenset({"active"}),
)
def sla_data_stale(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    fiscal = context.settings.fiscal_year_start
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    ended = {
        record.model.id for record, found in _renewals(context, files) if found.status == "expired"
    }
    for record in files.contracts:
        if record.model.start > context.as_of or record.model.id in ended:
            continue
        for index, sla in enumerate(record.model.slas):
            kpi = kpis.get(sla.kpi)
            if kpi is None:
                continue
            window = periods.containing(context.as_of, _WINDOW[sla.window], fiscal).shift(-1)
            if window.end < record.model.start:
                continue
            # Only which periods have data matters, not the values.
            points = {periods.parse(text, fiscal) for text in files.measured.get(kpi.id, ())}
            # scoring.value_in finds a value exactly when a measured period lies in the window.
            if not any(window.contains(p) for p in points):
                latest = max((p.label for p in points), default=None)
                since = f"latest data {latest}" if latest else "no data at all"
                yield Finding(
                    record.doc,
                    ("slas", index),
                    f"SLA `{sla.id}` has no `{kpi.id}` data for its latest window {window.label} "
                    f"({since}); add the measurements under kpis/",
                )
