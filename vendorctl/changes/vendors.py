"""Changes to a vendor's own file: segment and status, KPI definitions, people and roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vendorctl.changes import Change, comings_and_goings
from vendorctl.changes.shown import plain, text
from vendorctl.model import Vendor
from vendorctl.model.vendor import KeyPerson, KpiDefinition, Person

ROLES = ("relationship", "service_delivery", "commercial", "transformation")


def vendor_changes(vendor: str, before: Vendor, after: Vendor) -> Iterator[Change]:
    """Every change between two versions of one vendor's vendor.yaml that matters."""
    if before.name != after.name:
        yield Change("vendor-renamed", vendor, "vendor", "name", before.name, after.name)
    if before.segment != after.segment:
        yield Change("segment-changed", vendor, "vendor", "segment", before.segment, after.segment)
    if before.status != after.status:
        yield Change("status-changed", vendor, "vendor", "status", before.status, after.status)
    yield from _kpis(vendor, before, after)
    yield from _people(vendor, before, after)


def _kpis(vendor: str, before: Vendor, after: Vendor) -> Iterator[Change]:
    old = {k.id: k for k in before.kpis}
    new = {k.id: k for k in after.kpis}

    def shown(kpi: KpiDefinition) -> str:
        return f"{kpi.name}, target {plain(kpi.target, kpi.unit)}"

    yield from comings_and_goings("kpi", vendor, "KPI", (old, new), (shown, shown))
    for kpi_id in sorted(old.keys() & new.keys()):
        yield from _kpi(vendor, old[kpi_id], new[kpi_id])


def _kpi(vendor: str, before: KpiDefinition, after: KpiDefinition) -> Iterator[Change]:
    subject = f"KPI {after.id}"
    for aspect in ("target", "floor"):
        old, new = getattr(before, aspect), getattr(after, aspect)
        if old == new:
            continue
        what = aspect
        if old is not None and new is not None and before.direction == after.direction:
            harder = (new > old) == (after.direction == "higher")
            moved = "raised" if new > old else "lowered"
            what = f"{aspect} {moved} ({'harder' if harder else 'easier'})"
        yield Change(
            "kpi-changed",
            vendor,
            subject,
            what,
            plain(old, before.unit),
            plain(new, after.unit),
            {"aspect": aspect, "before": old, "after": new},
        )
    for aspect in ("weight", "direction", "unit", "aggregation", "frequency"):
        old, new = getattr(before, aspect), getattr(after, aspect)
        if old != new:
            was, now = (plain(old), plain(new)) if aspect == "weight" else (old, new)
            data = {"aspect": aspect, "before": old, "after": new}
            yield Change("kpi-changed", vendor, subject, aspect, was, now, data)


def _people(vendor: str, before: Vendor, after: Vendor) -> Iterator[Change]:
    people = {p.id: p for p in before.people}, {p.id: p for p in after.people}

    def person(who: Person) -> str:
        return f"{who.name} ({who.side})"

    yield from comings_and_goings("person", vendor, "person", people, (person, person))
    for role in ROLES:
        was, now = getattr(before.roles, role), getattr(after.roles, role)
        if was == now:
            continue
        subject = f"role {role.replace('_', ' ')}"
        if now is None:
            yield Change("role-vacated", vendor, subject, "left empty", _who(before, was), None)
        else:
            what = "assigned" if was is None else "handed over"
            yield Change("role-changed", vendor, subject, what, _who(before, was), _who(after, now))
    keys = {k.person: k for k in before.key_personnel}, {k.person: k for k in after.key_personnel}

    def keyed(side: Vendor) -> Callable[[KeyPerson], str]:
        return lambda key: f"{_who(side, key.person)}: {key.responsibility}"

    shows = keyed(before), keyed(after)
    yield from comings_and_goings("key-person", vendor, "key person", keys, shows)


def _who(vendor: Vendor, person: str | None) -> str | None:
    """A person id with their name, as the vendor file of that version has it."""
    if person is None:
        return None
    names = {p.id: p.name for p in vendor.people}
    return f"{names[person]} ({person})" if person in names else text(person)
