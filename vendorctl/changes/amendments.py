"""Changes to a contract's amendments: each one added, changed or removed, said with what it
does to the terms from its effective date. An amendment added leaves the original terms and
every window before its date as they were; one edited or removed after its date is an edit in
place of the windows since."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from vendorctl.changes import Change
from vendorctl.changes.contracts import Kpis, contract_changes
from vendorctl.changes.shown import text
from vendorctl.compute.terms import terms_on
from vendorctl.model import Contract
from vendorctl.model.contract import Amendment

# What an amendment does on a date: the changes `diff` would report had the terms in force that
# day been edited, from the terms without it to the terms with it.
Effects = list[tuple[date, Change]]


def amendment_changes(
    vendor: str, before: Contract, after: Contract, currency: str, kpis: Kpis, day: date
) -> Iterator[Change]:
    """`amendment-added`, `-changed` and `-removed` for one contract in both versions, matched
    by id. Each is judged against the head's contract with and without it (or with the old
    version of it), so other edits in the same change are not counted twice; `currency` is the
    head's portfolio currency."""
    old = {amendment.id: amendment for amendment in before.amendments}
    new = {amendment.id: amendment for amendment in after.amendments}
    for key in sorted(new.keys() - old.keys()):
        added = new[key]
        without = _amended(after, [a for a in after.amendments if a.id != key])
        effects = _effects(vendor, (without, after), [added.effective], currency, kpis)
        yield _change("amendment-added", vendor, after.id, (None, added), effects, day)
    for key in sorted(old.keys() & new.keys()):
        was, now = old[key], new[key]
        if was == now:
            continue
        earlier = _amended(after, [was if a.id == key else a for a in after.amendments])
        dates = sorted({was.effective, now.effective})
        effects = _effects(vendor, (earlier, after), dates, currency, kpis)
        yield _change("amendment-changed", vendor, after.id, (was, now), effects, day)
    for key in sorted(old.keys() - new.keys()):
        gone = old[key]
        kept = _amended(after, [*after.amendments, gone])
        effects = _effects(vendor, (kept, after), [gone.effective], currency, kpis)
        yield _change("amendment-removed", vendor, after.id, (gone, None), effects, day)


def _amended(contract: Contract, amendments: list[Amendment]) -> Contract:
    return contract.model_copy(update={"amendments": amendments})


def _effects(
    vendor: str,
    versions: tuple[Contract, Contract],
    dates: Sequence[date],
    currency: str,
    kpis: Kpis,
) -> Effects:
    """The changes from the terms in force under the first version to those under the second,
    on each date: the same comparison, and words, as the original terms edited in place."""
    found: Effects = []
    for day in dates:
        was, now = (terms_on(version, day) for version in versions)
        currencies = was.currency or currency, now.currency or currency
        found.extend(
            (day, change) for change in contract_changes(vendor, was, now, currencies, kpis)
        )
    return found


def _change(
    kind: str,
    vendor: str,
    contract: str,
    pair: tuple[Amendment | None, Amendment | None],
    effects: Effects,
    day: date,
) -> Change:
    """One amendment's change in words and numbers, counting as each kind of change it makes
    (so `--fail-on sla-weakened` catches an amendment that weakens an SLA)."""
    was, now = pair
    amendment = now or was
    assert amendment is not None
    data: dict[str, Any] = {
        "contract": contract,
        "amendment": amendment.id,
        "effective": text(amendment.effective),
        "signed": text(amendment.signed),
        "summary": amendment.summary,
        "weakens": any(change.kind == "sla-weakened" for _, change in effects),
        "strengthens": any(change.kind == "sla-strengthened" for _, change in effects),
        "in_place": kind != "amendment-added",
        "effects": [_effect(on, change) for on, change in effects],
    }
    if was is not None and now is not None:
        data["effective_before"] = text(was.effective)
    first = min(a.effective for a in pair if a is not None)
    if data["in_place"] and effects and first <= day:
        # An amendment edited or deleted after its date rewrites the windows judged by it.
        data["note"] = f"in place: applies to past windows since {first} too"
    shown = _summaries(was, now)
    what = _words(pair, effects)
    counts_as = frozenset(change.kind for _, change in effects)
    subject = f"contract {contract}, amendment {amendment.id}"
    return Change(kind, vendor, subject, what, *shown, data, counts_as)


def _summaries(was: Amendment | None, now: Amendment | None) -> tuple[str | None, str | None]:
    """The amendment's summary before and after; an unchanged one is not repeated."""
    old, new = (a.summary if a else None for a in (was, now))
    return (None, None) if old == new else (old, new)


def _words(pair: tuple[Amendment | None, Amendment | None], effects: Effects) -> str:
    """`effective 2026-09-01, weakens the SLA terms from that date: SLA availability target
    lowered (99.9% -> 99.5%); credit cap reduced (30% -> 8%)`."""
    was, now = pair
    amendment = now or was
    assert amendment is not None
    parts = [f"effective {amendment.effective}"]
    if was is not None and now is not None and was.effective != now.effective:
        parts = [f"effective {was.effective} -> {now.effective}"]
    if was is not None and now is not None and was.signed != now.signed:
        parts.append(f"signed {text(was.signed) or 'none'} -> {text(now.signed) or 'none'}")
    if not effects:
        parts.append("changes no terms")
    elif was is None or now is None or was.effective == now.effective:
        changes = [change for _, change in effects]
        parts.append(_said(f"{_verdict(changes)} from that date", changes))
    else:  # a date moved: the terms differ from the earlier date on, or only up to the later
        earlier, later = sorted((was.effective, now.effective))
        first = [change for when, change in effects if when == earlier]
        then = [change for when, change in effects if when == later]
        span = f"from {earlier}" if then else f"from {earlier} to {later - timedelta(days=1)}"
        if first:
            parts.append(_said(f"{_verdict(first)} {span}", first))
        if then:
            parts.append(_said(f"{_verdict(then)} from {later}", then))
    return ", ".join(parts)


def _verdict(changes: list[Change]) -> str:
    weaker = any(change.kind == "sla-weakened" for change in changes)
    stronger = any(change.kind == "sla-strengthened" for change in changes)
    if weaker and stronger:
        return "weakens and strengthens the SLA terms"
    if weaker or stronger:
        return f"{'weakens' if weaker else 'strengthens'} the SLA terms"
    return "changes the terms"


def _said(verdict: str, changes: list[Change]) -> str:
    return f"{verdict}: {'; '.join(_aspect(change) for change in changes)}"


def _aspect(change: Change) -> str:
    """One change an amendment makes, as `SLA availability target lowered (99.9% -> 99.5%)`."""
    about = change.subject.partition(", ")[2]  # `contract x, SLA y` is about SLA y
    what = change.what.removeprefix("SLA ") if about else change.what  # not `SLA y SLA added`
    label = f"{about} {what}" if about else what
    if change.before is not None and change.after is not None:
        return f"{label} ({change.before} -> {change.after})"
    if change.after is not None:
        return f"{label} ({change.after})"
    if change.before is not None:
        return f"{label} (was {change.before})"
    return label


def _effect(on: date, change: Change) -> dict[str, Any]:
    """One change an amendment makes, for JSON readers: from when, of what kind, as words and
    numbers."""
    return {
        "from": text(on),
        "kind": change.kind,
        "subject": change.subject,
        "what": change.what,
        "before": change.before,
        "after": change.after,
        "data": change.data,
    }
