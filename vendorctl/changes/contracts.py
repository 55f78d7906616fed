"""Changes to contracts: added or removed, value, term, renewal and notice, and their SLAs."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping
from datetime import date

from vendorctl.changes import Change
from vendorctl.changes.shown import amount, change_of, plain, text, yes_no
from vendorctl.compute.scoring import dec
from vendorctl.compute.sla import tier_credit
from vendorctl.model import Contract
from vendorctl.model.base import Duration
from vendorctl.model.contract import Sla
from vendorctl.model.vendor import KpiDefinition

Kpis = Mapping[str, KpiDefinition]

# Kinds that change what past SLA windows earn when the original terms are edited in place.
_WINDOWS = frozenset({"sla-weakened", "sla-strengthened", "sla-changed", "value-changed"})
_RENEWAL = frozenset({"term-changed", "auto-renew-changed", "notice-period-changed"})
PAST_WINDOWS = "in place: applies to past windows too"
FROM_START = "in place: applies from the start of the contract"


def original_terms_changes(
    vendor: str,
    before: Contract,
    after: Contract,
    currencies: tuple[str, str],
    kpis: Kpis,
    day: date,
) -> Iterator[Change]:
    """`contract_changes` of the contract's own keys (its original terms), each term edited in
    place said to be so: unlike an amendment, it rewrites the terms from the contract's start,
    so windows already judged are judged again (`credits-changed` gives the money)."""
    started = min(before.start, after.start) <= day
    for change in contract_changes(vendor, before, after, currencies, kpis):
        if change.kind in _WINDOWS or change.kind in _RENEWAL:
            yield in_place(change, started)
        else:
            yield change  # an owner handed over is not a term of the contract


def in_place(change: Change, started: bool) -> Change:
    """The change marked as made in place; said to reach the past once the contract started."""
    fields: dict[str, object] = {"in_place": True}
    if started:
        windows = change.kind in _WINDOWS or change.what in ("start", "end")
        fields["note"] = PAST_WINDOWS if windows else FROM_START
    return dataclasses.replace(change, data=change.data | fields)


def contract_changes(
    vendor: str, before: Contract, after: Contract, currencies: tuple[str, str], kpis: Kpis
) -> Iterator[Change]:
    """Every change between two versions of one contract that matters (renewal aside).

    `currencies` are the contract's currency in each version (its own, else the portfolio's).
    """
    subject = f"contract {after.id}"
    old_money, new_money = currencies
    if old_money != new_money:
        yield Change("value-changed", vendor, subject, "currency", old_money, new_money)
    for aspect, label in (("annual_value", "annual value"), ("monthly_charge", "monthly charge")):
        old, new = getattr(before, aspect), getattr(after, aspect)
        if old != new:
            data = {"aspect": aspect, "before": old, "after": new}
            what = label
            if old is not None and new is not None and old_money == new_money:
                data |= change_of(old, new)
                what = _moved(label, new - old, data["percent"])
            shown = amount(old, old_money), amount(new, new_money)
            yield Change("value-changed", vendor, subject, what, *shown, data)
    for aspect, label in (("start", "start"), ("end", "end"), ("renewal_term", "renewal term")):
        old, new = getattr(before, aspect), getattr(after, aspect)
        if old != new:
            yield Change("term-changed", vendor, subject, label, text(old), text(new))
    if before.auto_renew != after.auto_renew:
        shown = yes_no(before.auto_renew), yes_no(after.auto_renew)
        yield Change("auto-renew-changed", vendor, subject, "auto-renewal", *shown)
    if before.notice_period != after.notice_period:
        periods = text(before.notice_period), text(after.notice_period)
        yield Change("notice-period-changed", vendor, subject, "notice period", *periods)
    if before.notice_to != after.notice_to:
        ends = before.notice_to, after.notice_to
        yield Change("notice-period-changed", vendor, subject, "notice to", *ends)
    if before.owner != after.owner and after.owner is None:
        yield Change("role-vacated", vendor, subject, "owner left empty", before.owner, None)
    elif before.owner != after.owner:
        what = "owner assigned" if before.owner is None else "owner handed over"
        yield Change("role-changed", vendor, subject, what, before.owner, after.owner)
    yield from _cap(vendor, subject, before.credit_cap, after.credit_cap)
    yield from _claim_period(vendor, subject, before.claim_period, after.claim_period)
    yield from _slas(vendor, before, after, kpis)


def _moved(label: str, delta: float, percent: float | None) -> str:
    if percent is None:
        return label
    size = "less than 0.1" if abs(percent) < 0.1 else f"{abs(percent):.1f}"
    return f"{label} {'up' if delta > 0 else 'down'} {size}%"


def _claim_period(
    vendor: str, subject: str, before: Duration | None, after: Duration | None
) -> Iterator[Change]:
    # Less time to claim is fewer credits claimed; no claim period means no deadline to claim.
    if before == after:
        return
    weaker = after is not None and (before is None or _days(after) < _days(before))
    what = f"claim period {'shortened' if weaker else 'lengthened'}"
    shown = text(before) or "none", text(after) or "none"
    yield Change("sla-weakened" if weaker else "sla-strengthened", vendor, subject, what, *shown)


def _days(duration: Duration) -> float:
    """A duration's rough length in days, to tell which of two is longer."""
    return duration.days() or duration.months() * 30.4375


def _cap(vendor: str, subject: str, before: float | None, after: float | None) -> Iterator[Change]:
    # No cap means credits are paid in full: adding a cap reduces them, removing one increases them.
    if before == after:
        return
    weaker = after is not None and (before is None or after < before)
    kind = "sla-weakened" if weaker else "sla-strengthened"
    shown = plain(before, "%") or "no cap", plain(after, "%") or "no cap"
    what = f"credit cap {'reduced' if weaker else 'increased'}"
    yield Change(kind, vendor, subject, what, *shown, {"before": before, "after": after})


def _slas(vendor: str, before: Contract, after: Contract, kpis: Kpis) -> Iterator[Change]:
    old = {s.id: s for s in before.slas}
    new = {s.id: s for s in after.slas}
    for sla_id in sorted(old.keys() - new.keys()):
        subject = f"contract {after.id}, SLA {sla_id}"
        shown = _sla_text(old[sla_id], kpis)
        yield Change("sla-weakened", vendor, subject, "SLA removed", shown, None)
    for sla_id in sorted(new.keys() - old.keys()):
        subject = f"contract {after.id}, SLA {sla_id}"
        shown = _sla_text(new[sla_id], kpis)
        yield Change("sla-strengthened", vendor, subject, "SLA added", None, shown)
    for sla_id in sorted(old.keys() & new.keys()):
        yield from _sla(
            vendor, f"contract {after.id}, SLA {sla_id}", old[sla_id], new[sla_id], kpis
        )


def _sla_text(sla: Sla, kpis: Kpis) -> str:
    unit = kpis[sla.kpi].unit if sla.kpi in kpis else ""
    return f"{sla.kpi} {plain(sla.target, unit)}, {sla.window}"


def _sla(vendor: str, subject: str, before: Sla, after: Sla, kpis: Kpis) -> Iterator[Change]:
    kpi = kpis.get(after.kpi)
    unit = kpi.unit if kpi else ""
    for aspect in ("kpi", "window"):
        if getattr(before, aspect) != getattr(after, aspect):
            shown = getattr(before, aspect), getattr(after, aspect)
            yield Change("sla-changed", vendor, subject, aspect, *shown)
    if before.target != after.target and before.kpi == after.kpi and kpi is not None:
        raised = after.target > before.target
        stronger = raised == (kpi.direction == "higher")
        yield Change(
            "sla-strengthened" if stronger else "sla-weakened",
            vendor,
            subject,
            f"target {'raised' if raised else 'lowered'}",
            plain(before.target, unit),
            plain(after.target, unit),
            {"before": before.target, "after": after.target},
        )
    less, more = _credit_shift(before, after)
    shown = _tiers(before, unit), _tiers(after, unit)
    if less:
        what = "credits reduced" + (" for some values, increased for others" if more else "")
        yield Change("sla-weakened", vendor, subject, what, *shown)
    elif more:
        yield Change("sla-strengthened", vendor, subject, "credits increased", *shown)


def _credit_shift(before: Sla, after: Sla) -> tuple[bool, bool]:
    """Whether some measured value would earn less credit after the change, and whether more.

    Credits are steps that change only at tier thresholds, so the thresholds themselves, a point
    between each two and one beyond each end cover every value.
    """
    edges = sorted({dec(t.threshold) for t in (*before.credits, *after.credits)})
    if not edges:
        return False, False
    points = [edges[0] - 1, *edges, edges[-1] + 1]
    points += [(a + b) / 2 for a, b in itertools.pairwise(edges)]
    earned = [(tier_credit(before, v), tier_credit(after, v)) for v in points]
    return any(new < old for old, new in earned), any(new > old for old, new in earned)


def _tiers(sla: Sla, unit: str) -> str:
    if not sla.credits:
        return "no credits"
    parts = [
        f"{'below' if t.below is not None else 'above'} {plain(t.threshold, unit)}: "
        f"{plain(t.credit, '%')}"
        for t in sla.credits
    ]
    return "; ".join(parts)
