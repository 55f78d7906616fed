"""Schema of `people.yaml`: the shared directory of internal people; and a vendor's people with it.

Any vendor may name a shared person by id wherever it names a person. `people_of` is the one
place a vendor's people are put together: its own, then the shared directory's, each shared
person with the counterpart this vendor gives them. A counterpart is per relationship, so it is
never written in people.yaml: the vendor's `counterparts:` gives it, else the vendor person who
names them with `counterpart:`.
"""

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from vendorctl.model.base import Slug, Strict
from vendorctl.model.vendor import Person, Vendor

PEOPLE_FILE = "people.yaml"


class SharedPerson(Person):
    """Someone on our side whom any vendor may name by id: in its roles, escalation ladder,
    counterparts, owners and attendees."""

    id: Slug = Field(
        description=(
            "Identifier of the person, unique in people.yaml; a vendor's own people may not "
            "reuse it."
        )
    )
    side: Literal["internal"] = Field(
        default="internal",
        description=(
            "Always `internal` (the default): vendor-side people belong to one vendor, in its "
            "vendor.yaml."
        ),
    )
    counterpart: None = Field(
        default=None,
        description=(
            "Not set here: a counterpart is per vendor. The vendor's person names their peer "
            "with `counterpart: <this id>` in that vendor's vendor.yaml."
        ),
    )

    @field_validator("side", mode="before")
    @classmethod
    def _internal_only(cls, value: Any, info: ValidationInfo) -> Any:
        """Refuse a vendor-side person, saying where they belong."""
        if value == "vendor":
            who = info.data.get("id")
            named = f"`{who}` is a vendor-side person: " if isinstance(who, str) else ""
            raise ValueError(
                f"{named}people.yaml holds internal people only; define vendor-side people under "
                "`people:` in their vendor's vendor.yaml"
            )
        if value != "internal":
            shown = f'"{value[:40]}"' if isinstance(value, str) else type(value).__name__
            raise ValueError(
                f"expected `internal` (people.yaml holds internal people only), got {shown}"
            )
        return value

    @field_validator("counterpart", mode="before")
    @classmethod
    def _no_counterpart(cls, value: Any) -> Any:
        """Refuse a counterpart: it would hold for every vendor at once."""
        if value is not None:
            raise ValueError(
                "a counterpart is per vendor, not set in people.yaml: leave it out here and "
                "write `counterpart: <this person's id>` on their peer in the vendor's vendor.yaml"
            )
        return value


class PeopleFile(Strict):
    """The shared directory of internal people, kept in `people.yaml` at the portfolio's root."""

    people: list[SharedPerson] = Field(
        default=[],
        description=(
            "Internal people any vendor may name by id (roles, escalation, counterparts, owners, "
            "attendees), with the same keys as a vendor's `people` but no `counterpart` and "
            "side `internal` only."
        ),
    )

    def repeated(self) -> Iterator[tuple[int, int]]:
        """(index, index of the first) for each person whose id an earlier entry has."""
        first: dict[str, int] = {}
        for index, person in enumerate(self.people):
            if person.id in first:
                yield index, first[person.id]
            else:
                first[person.id] = index


def people_of(vendor: Vendor, shared: Sequence[Person]) -> dict[str, Person]:
    """Everyone the vendor's files may name, by id: the vendor's own people in file order, then
    the shared directory's, each shared person with the counterpart this vendor gives them: the
    one its `counterparts:` names, else the vendor person whose `counterpart:` names them (one
    of their tier first). A vendor's own person hides a shared one of the same id (`validate`
    reports that as an error)."""
    people: dict[str, Person] = {p.id: p for p in vendor.people}
    if not shared:
        return people
    peers: dict[str, list[Person]] = {}
    for person in vendor.people:
        if person.side == "vendor" and person.counterpart:
            peers.setdefault(person.counterpart, []).append(person)
    for person in shared:
        if person.id in people:
            continue
        named = peers.get(person.id, [])
        peer = vendor.counterparts.get(person.id) or next(
            (p.id for p in named if p.tier == person.tier), named[0].id if named else None
        )
        if peer is None:
            people[person.id] = person
            continue
        # Built from validated values: no need to validate them again, per vendor per report.
        fields = {name: getattr(person, name) for name in Person.model_fields}
        people[person.id] = Person.model_construct(**{**fields, "counterpart": peer})
    return people


def names_of(vendor: Vendor, shared: Sequence[Person]) -> dict[str, str]:
    """Each person's name by id, the shared directory's included (see `people_of`)."""
    return {person_id: p.name for person_id, p in people_of(vendor, shared).items()}


def named_in(vendor: Vendor) -> set[str]:
    """The person ids the vendor's vendor.yaml gives a part in the relationship: role holders,
    escalation rungs (internal side), counterparts of its own people, and those `counterparts:`
    gives a peer."""
    roles = {holder for holder in vendor.roles.model_dump().values() if holder}
    ladder = {rung.internal for rung in vendor.escalation}
    peers = {p.counterpart for p in vendor.people if p.counterpart}
    return roles | ladder | peers | set(vendor.counterparts)


def involved(vendor: Vendor, shared: Sequence[Person]) -> list[Person]:
    """The people of the relationship: the vendor's own, then the shared people its vendor.yaml
    gives a part (`named_in`), in the directory's order; never the whole directory."""
    people = people_of(vendor, shared)
    own = {p.id for p in vendor.people}
    part = named_in(vendor)
    return [*vendor.people, *(people[p.id] for p in shared if p.id in part and p.id not in own)]
