"""Policies on contracts: notice deadlines, expiry, and fresh data behind every SLA."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date

from vendorctl.compute.renewals import Renewal, renewal, rolls_by_period
from vendorctl.compute.terms import in_force, terms_on
from vendorctl.diagnostics import Loc
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model import periods
from vendorctl.model.contract import Contract, Sla
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


def _where(contract: Contract, key: str, day: date) -> Loc:
    """Where the term `key` in force on `day` is written: in the latest amendment effective by
    then that gives it, else in the contract's own keys."""
    for amendment in reversed(in_force(contract, day)):
        if getattr(amendment, key) is not None:
            return ("amendments", contract.amendments.index(amendment), key)
    return (key,)


def _term(found: Renewal) -> str:
    """The term a position is about, in words: a rolling term can end at the next period end."""
    if rolls_by_period(found.contract):
        reach = found.contract.notice_to.replace("-", " ")
        return f"can end {found.term_end}, notice to a {reach}"
    return f"term ends {found.term_end}"


@policy(
    "notice-approaching",
    "A notice deadline within the warning window: decide to renew, renegotiate or exit.",
)
def notice_approaching(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for record, found in _renewals(context, files):
        if found.status != "decide":
            continue
        when = f"notice deadline {found.notice_deadline} is {found.days_left} days away"
        decided = found.decision
        if decided is None:
            by = found.decision_date
            when_to = (
                f"decide by {by}" if by and by >= context.as_of else f"decide now ({by} has passed)"
            )
            todo = f"{when_to} and record it as `decision:`"
        elif (decided == "renew") == found.contract.auto_renew and decided in (
            "renew",
            "let-lapse",
        ):
            continue  # the contract does by itself what was decided: nothing to send
        else:
            todo = f"the recorded decision is `{decided}`: act on it before the deadline"
        where = _where(record.model, "end", context.as_of)
        yield Finding(record.doc, where, f"{when} ({_term(found)}); {todo}")


@policy(
    "notice-passed",
    "A notice deadline passed without a recorded decision.",
    "error",
)
def notice_passed(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for record, found in _renewals(context, files):
        if found.status == "notice-passed" and found.decision is None:
            outcome = "renews" if found.contract.auto_renew else "ends"
            yield Finding(
                record.doc,
                _where(record.model, "end", context.as_of),
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
                _where(record.model, "end", context.as_of),
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
        for loc, sla, window in _latest_windows(record.model, context.as_of, fiscal):
            kpi = kpis.get(sla.kpi)
            if kpi is None:
                continue
            # Only which periods have data matters, not the values. scoring.value_in finds a
            # value exactly when a measured period lies in the window: the first found will do,
            # looked for from the last written (data is mostly added oldest first, and the
            # window is the latest).
            texts = files.measured.get(kpi.id, ())
            if not _has_data(window, texts, fiscal):
                latest = max((periods.parse(text, fiscal).label for text in texts), default=None)
                since = f"latest data {latest}" if latest else "no data at all"
                yield Finding(
                    record.doc,
                    loc,
                    f"SLA `{sla.id}` has no `{kpi.id}` data for its latest window {window.label} "
                    f"({since}); add the measurements under kpis/",
                )


def _has_data(window: periods.Period, texts: tuple[str, ...], fiscal: int) -> bool:
    """Whether one of the periods written lies within `window` (`Period.contains`, spelled out:
    asked for every SLA of every vendor)."""
    first, stop = window.first, window.first + window.length
    for text in reversed(texts):
        found = periods.parse(text, fiscal)
        if first <= found.first and found.first + found.length <= stop:
            return True
    return False


def _latest_windows(
    contract: Contract, day: date, fiscal: int
) -> list[tuple[Loc, Sla, periods.Period]]:
    """Each SLA's latest complete window before `day`, with the SLA in force on that window's
    first day (a window is judged by the terms in force then), and where that SLA is written;
    in the order of the file."""
    found = []
    # Ended before the start: its last month is before the start's (by month number).
    start = contract.start.year * 12 + contract.start.month - 1
    for window_name, window, first_day, last_month in _windows(day, fiscal):
        if last_month < start:
            continue
        for sla in terms_on(contract, first_day).slas:
            if sla.window == window_name:
                found.append((_sla_loc(contract, sla), sla, window))
    # The contract's own SLAs first, then the amendments', each in the order written.
    return sorted(found, key=lambda item: (item[0][0] != "slas", item[0]))


@functools.lru_cache(maxsize=64)
def _windows(day: date, fiscal: int) -> tuple[tuple[str, periods.Period, date, int], ...]:
    """The latest complete month, quarter and year before `day`: the same for every contract of
    a run, so worked out once. Each with its SLA window name, first day and last month."""
    found = []
    for window_name, kind in _WINDOW.items():
        window = periods.containing(day, kind, fiscal).shift(-1)
        found.append((window_name, window, window.start, window.first + window.length - 1))
    return tuple(found)


def _sla_loc(contract: Contract, sla: Sla) -> Loc:
    """Where an SLA is written: in the contract's `slas` or in an amendment's."""
    for index, own in enumerate(contract.slas):
        if own is sla:
            return ("slas", index)
    for index, amendment in enumerate(contract.amendments):
        for position, given in enumerate(amendment.slas):
            if given is sla:
                return ("amendments", index, "slas", position)
    return ("slas",)
