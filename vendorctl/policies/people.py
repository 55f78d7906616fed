"""Policies on people: the four roles, peer-to-peer counterparts, the ladder, key personnel."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.numbers import counted
from vendorctl.diagnostics import Loc
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.people import PEOPLE_FILE, people_of
from vendorctl.model.vendor import Vendor
from vendorctl.policies.registry import Context, Finding, policy

_ROLES = ("relationship", "service_delivery", "commercial", "transformation")


@policy(
    "roles-complete",
    "Strategic vendors have the four management roles, held by four different people.",
    "off",
    segments={"strategic": "warning"},
)
def roles_complete(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    doc, roles = files.vendor.doc, files.vendor.model.roles
    missing = [role for role in _ROLES if getattr(roles, role) is None]
    if missing:
        yield Finding(
            doc,
            ("roles",),
            f"no one holds the {', '.join(r.replace('_', ' ') for r in missing)} role; name an "
            "internal person for each of relationship, service_delivery, commercial and "
            "transformation",
        )
    holders: dict[str, list[str]] = {}
    for role in _ROLES:
        person = getattr(roles, role)
        if person is not None:
            holders.setdefault(person, []).append(role)
    for person, held in holders.items():
        if len(held) > 1:
            yield Finding(
                doc,
                ("roles", held[1]),
                f"`{person}` holds {len(held)} roles ({', '.join(held)}); the four roles should "
                "be held by four different people",
            )


@policy(
    "counterparts",
    "Internal contacts at the management and executive tiers have a vendor counterpart.",
)
def counterparts(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    doc, vendor = files.vendor.doc, files.vendor.model
    for index, person in enumerate(vendor.people):
        if person.side == "internal" and person.tier != "operational" and not person.counterpart:
            yield Finding(
                doc,
                ("people", index),
                f"`{person.id}` ({person.tier} tier) has no vendor counterpart; add "
                "`counterpart:` naming their peer on the vendor side",
            )
    if not context.shared:
        return  # every person named is the vendor's own, judged above
    # A shared person's counterpart is per vendor: the vendor's person who names them.
    people = people_of(vendor, context.shared)
    own = {p.id for p in vendor.people}
    for person_id, loc in _parts(vendor).items():
        shared = people.get(person_id)
        if person_id in own or shared is None:
            continue
        if shared.tier != "operational" and not shared.counterpart:
            yield Finding(
                doc,
                loc,
                f"`{person_id}` ({shared.tier} tier, from {PEOPLE_FILE}) has no vendor "
                f"counterpart in this relationship; add `counterpart: {person_id}` to their "
                f"peer among the vendor's people, or `{person_id}: <peer id>` under "
                "`counterparts:`",
            )


def _parts(vendor: Vendor) -> dict[str, Loc]:
    """Where vendor.yaml first gives each internal person a part: a role, then a ladder rung."""
    found: dict[str, Loc] = {}
    for role in _ROLES:
        holder = getattr(vendor.roles, role)
        if holder is not None:
            found.setdefault(holder, ("roles", role))
    for index, rung in enumerate(vendor.escalation):
        found.setdefault(rung.internal, ("escalation", index, "internal"))
    return found


@policy(
    "escalation-ladder",
    "The escalation ladder has two levels or more and reaches the executive tier.",
)
def escalation_ladder(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    doc, ladder = files.vendor.doc, files.vendor.model.escalation
    if len(ladder) < 2:
        yield Finding(
            doc,
            ("escalation",) if ladder else (),
            f"the escalation ladder has {counted(len(ladder), 'level')}; give it at least two, "
            "from the operational tier up to the executive tier",
        )
    elif not any(rung.tier == "executive" for rung in ladder):
        yield Finding(
            doc,
            ("escalation",),
            "the escalation ladder never reaches the executive tier; add a top level with "
            "executives on both sides",
        )


@policy("key-person-backup", "Every key person of the vendor has a named backup.")
def key_person_backup(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    for index, key in enumerate(files.vendor.model.key_personnel):
        if key.backup is None:
            yield Finding(
                files.vendor.doc,
                ("key_personnel", index),
                f"key person `{key.person}` ({key.responsibility}) has no backup; agree one "
                "with the vendor and add `backup:`",
            )
