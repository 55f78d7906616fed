"""Reference checks: every id a file names (people, KPIs, contracts, SLAs, ladder rungs)
exists."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from vendorctl.checks.common import did_you_mean
from vendorctl.checks.registry import check
from vendorctl.compute.terms import terms_on
from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load.portfolio import Portfolio, Record, SharedPeople, VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model.base import Side
from vendorctl.model.contract import Contract
from vendorctl.model.people import PEOPLE_FILE, people_of
from vendorctl.model.vendor import Person, Roles, Vendor

# The vendor and shared directory `People.of` last put together, and their people.
_LAST_PEOPLE: list[tuple[Vendor | None, SharedPeople, People]] = []


@dataclass(frozen=True)
class People:
    """The people of one vendor, to resolve person references against: its own and, when the
    portfolio has a people.yaml, the shared directory's."""

    by_id: dict[str, Person]
    shared: bool = False  # the portfolio has a people.yaml
    unread: bool = False  # ... that could not be read: an unknown id may be one of its

    @classmethod
    def of(cls, portfolio: Portfolio, vendor: Vendor | None) -> People:
        """The people a vendor's files may name (none without a vendor.yaml)."""
        shared = portfolio.shared
        if _LAST_PEOPLE and _LAST_PEOPLE[0][0] is vendor and _LAST_PEOPLE[0][1] is shared:
            return _LAST_PEOPLE[0][2]
        by_id = people_of(vendor, shared.people) if vendor is not None else {}
        people = cls(by_id, shared.record is not None or shared.unread, shared.unread)
        # Three checks resolve the same vendor's people in turn: put together once. The models
        # are held, so the identities compared cannot be those of other objects.
        _LAST_PEOPLE[:] = [(vendor, shared, people)]
        return people

    def check(
        self,
        doc: Document,
        loc: Loc,
        person_id: str | None,
        side: Side | None = None,
        *,
        key: bool = False,
    ) -> Sequence[Diagnostic]:
        """Diagnose a reference to a person who does not exist or sits on the wrong side (`key`:
        the reference is the mapping key at `loc`, not its value).

        A plain function, not a generator: a vendor names a few dozen people, nearly all rightly.
        """
        if person_id is None:
            return ()
        person = self.by_id.get(person_id)
        if person is None:
            if self.unread:
                return ()  # people.yaml has errors of its own: it may well define them
            message = self._unknown(person_id, side)
            return [doc.diagnostic(loc, "unknown-person", message, key=key)]
        if side is not None and person.side != side:
            return [
                doc.diagnostic(
                    loc,
                    "wrong-side",
                    f"`{person_id}` is on the {person.side} side; "
                    f"this needs a person on the {side} side",
                    key=key,
                )
            ]
        return ()

    def _unknown(self, person_id: str, side: Side | None) -> str:
        """Why an id names no one, and the closest id (the shared directory's included)."""
        close = did_you_mean(person_id, self.by_id)
        if not self.shared:
            hint = close or "; add them under `people:` in vendor.yaml"
            return f"no person `{person_id}` in this vendor{hint}"
        where = "in vendor.yaml" if side == "vendor" else f"in vendor.yaml, or in {PEOPLE_FILE}"
        hint = close or f"; add them under `people:` {where}"
        return f"no person `{person_id}` in this vendor or in {PEOPLE_FILE}{hint}"


# The fields of `roles:`, in order (what `model_dump` would give, without making a dict), and
# who holds each.
_ROLES = tuple(Roles.model_fields)
_holders = operator.attrgetter(*_ROLES)


@check
def person_references(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Roles, counterparts, key personnel, ladder, owners and attendees name existing people."""
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        people = People.of(portfolio, files.vendor.model)
        if not _all_fine(files, files.vendor.model, people.by_id):
            yield from _vendor_references(files, files.vendor.doc, files.vendor.model, people)


def _all_fine(files: VendorFiles, vendor: Vendor, by_id: Mapping[str, Person]) -> bool:
    """Whether every person the vendor's files name exists, on the side needed, and every
    issue escalates to a level of the ladder: then `_vendor_references` would find nothing.
    Nearly always so: judged in one pass of plain loops, where going through a vendor's few
    dozen references one `People.check` at a time took as long as the rest of the checks of
    people together. (A doubt, as an unknown id while people.yaml is unread, is left to it.)"""
    get = by_id.get
    for person in vendor.people:
        peer = person.counterpart
        # The counterpart is of the other side: there are two.
        if peer is not None and (
            (found := get(peer)) is None or found.side == person.side or peer == person.id
        ):
            return False
    if vendor.counterparts:
        return False  # rare: gone through one by one
    for holder in _holders(vendor.roles):
        if holder is not None and ((found := get(holder)) is None or found.side != "internal"):
            return False
    for key in vendor.key_personnel:
        if (found := get(key.person)) is None or found.side != "vendor":
            return False
        if key.backup is not None and (key.backup == key.person or key.backup not in by_id):
            return False
    for rung in vendor.escalation:
        if (found := get(rung.internal)) is None or found.side != "internal":
            return False
        if (found := get(rung.vendor)) is None or found.side != "vendor":
            return False
    for risk in vendor.risks:
        if risk.owner is not None and (
            (found := get(risk.owner)) is None or found.side != "internal"
        ):
            return False
    for contract in files.contracts:
        owner = contract.model.owner
        if owner is not None and ((found := get(owner)) is None or found.side != "internal"):
            return False
    for meeting in files.meetings:
        for attendee in meeting.model.attendees:
            if attendee not in by_id:
                return False
        for action in meeting.model.actions:
            if action.owner is not None and action.owner not in by_id:
                return False
    for health in files.health:
        if health.model.facilitator is not None and health.model.facilitator not in by_id:
            return False
    if files.issues:
        levels = {rung.level for rung in vendor.escalation}
        for log in files.issues:
            for issue in log.model.issues:
                owner = issue.owner
                if owner is not None and (
                    (found := get(owner)) is None or found.side != "internal"
                ):
                    return False
                for escalation in issue.escalations:
                    if escalation.level not in levels:
                        return False
    return True


def _vendor_references(
    files: VendorFiles, doc: Document, vendor: Vendor, people: People
) -> Iterator[Diagnostic]:
    """What is wrong with each person reference of one vendor's files, in file order."""
    for index, person in enumerate(vendor.people):
        loc = ("people", index, "counterpart")
        other: Side = "vendor" if person.side == "internal" else "internal"
        if person.counterpart == person.id:
            yield doc.diagnostic(loc, "wrong-side", "a person cannot be their own counterpart")
        else:
            yield from people.check(doc, loc, person.counterpart, other)
    yield from _shared_counterparts(doc, vendor, people)
    roles = vendor.roles
    for role in _ROLES:
        yield from people.check(doc, ("roles", role), getattr(roles, role), "internal")
    for index, key in enumerate(vendor.key_personnel):
        yield from people.check(doc, ("key_personnel", index, "person"), key.person, "vendor")
        if key.backup == key.person:
            yield doc.diagnostic(
                ("key_personnel", index, "backup"),
                "invalid-value",
                "a key person cannot be their own backup",
            )
        else:
            yield from people.check(doc, ("key_personnel", index, "backup"), key.backup)
    for index, rung in enumerate(vendor.escalation):
        yield from people.check(doc, ("escalation", index, "internal"), rung.internal, "internal")
        yield from people.check(doc, ("escalation", index, "vendor"), rung.vendor, "vendor")
    for index, risk in enumerate(vendor.risks):
        yield from people.check(doc, ("risks", index, "owner"), risk.owner, "internal")
    for contract in files.contracts:
        yield from people.check(contract.doc, ("owner",), contract.model.owner, "internal")
    for meeting in files.meetings:
        for index, attendee in enumerate(meeting.model.attendees):
            yield from people.check(meeting.doc, ("attendees", index), attendee)
        for index, action in enumerate(meeting.model.actions):
            yield from people.check(meeting.doc, ("actions", index, "owner"), action.owner)
    for health in files.health:
        yield from people.check(health.doc, ("facilitator",), health.model.facilitator)
    levels = {rung.level for rung in vendor.escalation}
    for log in files.issues:
        for index, issue in enumerate(log.model.issues):
            yield from people.check(log.doc, ("issues", index, "owner"), issue.owner, "internal")
            for step, escalation in enumerate(issue.escalations):
                if escalation.level not in levels:
                    yield log.doc.diagnostic(
                        ("issues", index, "escalations", step, "level"),
                        "unknown-level",
                        f"escalation level {escalation.level} is not on the vendor's "
                        "escalation ladder",
                    )


def _shared_counterparts(doc: Document, vendor: Vendor, people: People) -> Iterator[Diagnostic]:
    """`counterparts:` maps people of the shared directory to vendor-side people."""
    if not vendor.counterparts:
        return
    own = {p.id for p in vendor.people}
    for person_id, peer in vendor.counterparts.items():
        loc = ("counterparts", person_id)
        if person_id in own:
            yield doc.diagnostic(
                loc,
                "invalid-value",
                f"`{person_id}` is one of this vendor's own people: write `counterpart: {peer}` "
                f"on their entry under `people:` instead; `counterparts:` is for people of "
                f"{PEOPLE_FILE}",
                key=True,
            )
            continue
        yield from people.check(doc, loc, person_id, "internal", key=True)
        yield from people.check(doc, loc, peer, "vendor")


@check
def kpi_references(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """SLAs and measurements name KPIs defined in the vendor's vendor.yaml."""
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        kpis = {kpi.id for kpi in files.vendor.model.kpis}
        for contract in files.contracts:
            for index, sla in enumerate(contract.model.slas):
                if sla.kpi not in kpis:
                    yield _unknown_kpi(contract.doc, ("slas", index, "kpi"), sla.kpi, kpis)
            for index, amendment in enumerate(contract.model.amendments):
                for position, sla in enumerate(amendment.slas):
                    if sla.kpi not in kpis:
                        loc = ("amendments", index, "slas", position, "kpi")
                        yield _unknown_kpi(contract.doc, loc, sla.kpi, kpis)
        if files.measured.keys() <= kpis:
            continue  # every measured KPI is defined: no need to go through the measurements
        for record in files.measurements:
            for index, measurement in enumerate(record.model.measurements):
                if measurement.kpi not in kpis:
                    yield _unknown_kpi(
                        record.doc, ("measurements", index, "kpi"), measurement.kpi, kpis
                    )


def _unknown_kpi(doc: Document, loc: Loc, kpi: str, kpis: set[str]) -> Diagnostic:
    hint = did_you_mean(kpi, kpis) or "; define it under `kpis:` in vendor.yaml"
    return doc.diagnostic(loc, "unknown-kpi", f"no KPI `{kpi}` in this vendor{hint}")


@check
def contract_references(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A contract's `parent` names a contract of the same vendor."""
    for files in portfolio.vendors.values():
        ids = {record.model.id for record in files.contracts}
        for record in files.contracts:
            parent = record.model.parent
            if parent is not None and (parent not in ids or parent == record.model.id):
                yield record.doc.diagnostic(
                    ("parent",),
                    "unknown-contract",
                    f"no other contract `{parent}` for this vendor{did_you_mean(parent, ids)}",
                )


UNKNOWN_SLA = "unknown-sla"


@check
def sla_references(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A termination trigger names an SLA of its contract (in its original terms or an
    amendment); an amendment's `removes_slas` names an SLA in force the day before it."""
    for files in portfolio.vendors.values():
        for record in files.contracts:
            yield from _trigger_slas(record)
            yield from _removed_slas(record)


def _trigger_slas(record: Record[Contract]) -> Iterator[Diagnostic]:
    contract = record.model
    if contract.termination is None or not contract.termination.triggers:
        return
    known = {sla.id for sla in contract.slas}
    known |= {sla.id for amendment in contract.amendments for sla in amendment.slas}
    for index, trigger in enumerate(contract.termination.triggers):
        if trigger.sla not in known:
            hint = did_you_mean(trigger.sla, known) or (
                "; a trigger counts the breached windows of one of the contract's SLAs"
            )
            yield record.doc.diagnostic(
                ("termination", "triggers", index, "sla"),
                UNKNOWN_SLA,
                f"no SLA `{trigger.sla}` in this contract or its amendments{hint}",
            )


def _removed_slas(record: Record[Contract]) -> Iterator[Diagnostic]:
    contract = record.model
    for index, amendment in enumerate(contract.amendments):
        if not amendment.removes_slas:
            continue
        day = amendment.effective - timedelta(days=1)
        in_force = {sla.id for sla in terms_on(contract, day).slas}
        for position, sla_id in enumerate(amendment.removes_slas):
            if sla_id not in in_force:
                yield record.doc.diagnostic(
                    ("amendments", index, "removes_slas", position),
                    UNKNOWN_SLA,
                    f"no SLA `{sla_id}` in force on {day}, the day before this amendment takes "
                    f"effect, to remove{did_you_mean(sla_id, in_force)}",
                )
