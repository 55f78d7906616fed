"""Obligation and dispute-ladder checks: ids unique, owners on the owing side, due dates from the
contract's start, `done` dates that can count, dispute tiers climbing one way."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.references import People
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio
from vendorctl.load.yamlio import Document
from vendorctl.model.contract import Contract, Obligation

DATES = "obligation-dates"
TIERS = "dispute-tiers"


@check
def obligation_entries(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A contract's obligations have unique ids, owners of the side that owes them, a first due
    date and `done` dates from the contract's start (for a recurring one, not before its first
    due date's turn)."""
    for files in portfolio.vendors.values():
        if not any(record.model.obligations for record in files.contracts):
            continue
        vendor = files.vendor.model if files.vendor else None
        people = People.of(portfolio, vendor)
        for record in files.contracts:
            doc, contract = record.doc, record.model
            ids = FirstSeen("obligation id")
            for index, duty in enumerate(contract.obligations):
                loc = ("obligations", index)
                yield from ids.add(duty.id, doc, (*loc, "id"))
                if vendor is not None:
                    yield from people.check(doc, (*loc, "owner"), duty.owner, duty.side)
                yield from _first_due_date(doc, contract, index, duty)
                yield from _done_dates(doc, contract, index, duty)


def _first_due_date(
    doc: Document, contract: Contract, index: int, duty: Obligation
) -> Iterator[Diagnostic]:
    """A first due date (`first_due`, or a one-off's `due`) before the contract starts: the
    contract binds no one to anything before it."""
    key, day = ("first_due", duty.first_due) if duty.every is not None else ("due", duty.due)
    if day is None or day >= contract.start:
        return
    first = "first " if key == "first_due" else ""
    yield doc.diagnostic(
        ("obligations", index, key),
        DATES,
        f"obligation `{duty.id}` {first}falls due on {day}, before the contract starts on "
        f"{contract.start}: set `{key}` to a date on or after the start",
    )


def _done_dates(
    doc: Document, contract: Contract, index: int, duty: Obligation
) -> Iterator[Diagnostic]:
    """`done` dates that cannot count: before the contract starts, before the turn of a recurring
    obligation's first due date (which opens at `first_due - every`), or listed twice."""
    opens = None
    if duty.every is not None and duty.first_due is not None:
        opens = duty.every.subtract_from(duty.first_due)
    seen: set[object] = set()
    for position, day in enumerate(duty.done):
        loc = ("obligations", index, "done", position)
        if day in seen:
            yield doc.diagnostic(
                loc,
                DATES,
                f"done date {day} is listed twice; each fulfilment is one date",
                severity="warning",
            )
        seen.add(day)
        if day < contract.start:
            yield doc.diagnostic(
                loc,
                DATES,
                f"done date {day} is before the contract starts on {contract.start}",
            )
        elif opens is not None and day < opens:
            yield doc.diagnostic(
                loc,
                DATES,
                f"done date {day} is more than one period ({duty.every}) before the first due "
                f"date {duty.first_due}: it cannot count for any due date",
            )


@check
def dispute_ladder(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """The tiers of a contract's dispute resolution climb: levels increasing, none repeated."""
    for files in portfolio.vendors.values():
        for record in files.contracts:
            ladder = record.model.dispute_resolution
            if ladder is None:
                continue
            levels = FirstSeen("dispute tier level")
            highest: int | None = None
            for index, tier in enumerate(ladder.tiers):
                loc = ("dispute_resolution", "tiers", index, "level")
                repeated = levels.add(tier.level, record.doc, loc)
                yield from repeated
                if not repeated and highest is not None and tier.level < highest:
                    yield record.doc.diagnostic(
                        loc,
                        TIERS,
                        f"level {tier.level} comes after level {highest}: list the tiers from "
                        "the first resort (the lowest level) up",
                    )
                highest = tier.level if highest is None else max(highest, tier.level)
