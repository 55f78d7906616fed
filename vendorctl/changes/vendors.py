"""Changes to a vendor's own file: segment and status, KPI definitions, people and roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from vendorctl.changes import PORTFOLIO, Change, comings_and_goings
from vendorctl.changes.shown import plain, text
from vendorctl.model import Vendor
from vendorctl.model.people import PEOPLE_FILE, involved, names_of
from vendorctl.model.vendor import KeyPerson, KpiDefinition, Person

ROLES = ("relationship", "service_delivery", "commercial", "transformation")

# The shared directory (people.yaml) at each side: before and after.
Shared = tuple[Sequence[Person], Sequence[Person]]


def shared_people_changes(shared: Shared) -> Iterator[Change]:
    """People added to or removed from the shared directory (people.yaml)."""
    people = {p.id: p for p in shared[0]}, {p.id: p for p in shared[1]}

    def person(who: Person) -> str:
        return f"{who.name} ({PEOPLE_FILE})"

    yield from comings_and_goings("person", PORTFOLIO, "person", people, (person, person))


def vendor_changes(vendor: str, before: Vendor, after: Vendor, shared: Shared) -> Iterator[Change]:
    """Every change between two versions of one vendor's vendor.yaml that matters; its people
    are those of the relationship, shared ones included (`shared`: people.yaml at each side),
    so moving a person into people.yaml is no change."""
    if before.name != after.name:
        yield Change("vendor-renamed", vendor, "vendor", "name", before.name, after.name)
    if before.segment != after.segment:
        yield Change("segment-changed", vendor, "vendor", "segment", before.segment, after.segment)
    if before.status != after.status:
        yield Change("status-changed", vendor, "vendor", "status", before.status, after.status)
    yield from _kpis(vendor, before, after)
    yield from _people(vendor, before, after, shared)


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


def _people(vendor: str, before: Vendor, after: Vendor, shared: Shared) -> Iterator[Change]:
    people = (
        {p.id: p for p in involved(before, shared[0])},
        {p.id: p for p in involved(after, shared[1])},
    )
    old, new = (before, shared[0]), (after, shared[1])

    def person(who: Person) -> str:
        return f"{who.name} ({who.side})"

    yield from comings_and_goings("person", vendor, "person", people, (person, person))
    for role in ROLES:
        was, now = getattr(before.roles, role), getattr(after.roles, role)
        if was == now:
            continue
        subject = f"role {role.replace('_', ' ')}"
        if now is None:
            yield Change("role-vacated", vendor, subject, "left empty", _who(old, was), None)
        else:
            what = "assigned" if was is None else "handed over"
            yield Change("role-changed", vendor, subject, what, _who(old, was), _who(new, now))
    keys = {k.person: k for k in before.key_personnel}, {k.person: k for k in after.key_personnel}

    def keyed(side: tuple[Vendor, Sequence[Person]]) -> Callable[[KeyPerson], str]:
        return lambda key: f"{_who(side, key.person)}: {key.responsibility}"

    shows = keyed(old), keyed(new)
    yield from comings_and_goings("key-person", vendor, "key person", keys, shows)


def _who(side: tuple[Vendor, Sequence[Person]], person: str | None) -> str | None:
    """A person id with their name, as the vendor file and people.yaml of that version have
    it."""
    if person is None:
        return None
    names = names_of(*side)
    return f"{names[person]} ({person})" if person in names else text(person)
