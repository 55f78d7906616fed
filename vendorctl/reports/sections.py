"""Sections the QBR agenda, the onboarding pack and `show` share: people, contracts in plain
words (their terms in force on a date, and their amendments)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from vendorctl.compute.followups import open_actions
from vendorctl.compute.numbers import grouped, trimmed
from vendorctl.compute.renewals import Renewal, current_term, rolls_by_period
from vendorctl.compute.scoring import dec
from vendorctl.compute.terms import AMENDABLE, in_force, terms_on
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor
from vendorctl.model.base import Duration
from vendorctl.model.contract import Amendment, Contract, Obligation, Sla
from vendorctl.model.people import involved, people_of
from vendorctl.model.records import Meeting
from vendorctl.model.vendor import KpiDefinition, Person

ROLES = {
    "relationship": "Relationship manager",
    "service_delivery": "Service delivery manager",
    "commercial": "Commercial manager",
    "transformation": "Transformation manager",
}
TIERS = ("executive", "management", "operational")


def _person(
    person: Person, by_id: dict[str, Person], roles: dict[str, list[str]]
) -> dict[str, Any]:
    counterpart = by_id.get(person.counterpart) if person.counterpart else None
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "side": person.side,
        "tier": person.tier,
        "email": person.email,
        "phone": person.phone,
        "roles": [ROLES[r] for r in roles.get(person.id, [])],
        "counterpart": counterpart.name if counterpart else None,
    }


def _role_map(vendor: Vendor) -> dict[str, list[str]]:
    held: dict[str, list[str]] = {}
    for role in ROLES:
        person = getattr(vendor.roles, role)
        if person is not None:
            held.setdefault(person, []).append(role)
    return held


def people_by_tier(vendor: Vendor, shared: Sequence[Person]) -> list[dict[str, Any]]:
    """Both sides' people, tier by tier (executive first), each with roles and counterpart: the
    vendor's own and the shared people (people.yaml) it gives a part."""
    by_id = people_of(vendor, shared)
    people = involved(vendor, shared)
    roles = _role_map(vendor)
    return [
        {
            "tier": tier,
            "internal": [
                _person(p, by_id, roles) for p in people if p.tier == tier and p.side == "internal"
            ],
            "vendor": [
                _person(p, by_id, roles) for p in people if p.tier == tier and p.side == "vendor"
            ],
        }
        for tier in TIERS
    ]


def attendees(vendor: Vendor, shared: Sequence[Person]) -> list[dict[str, Any]]:
    """Who attends a QBR: executive sponsors and management tier of both sides, and whoever
    holds one of the four roles; of the shared people (people.yaml), those the vendor gives a
    part, never the whole directory."""
    roles = _role_map(vendor)
    by_id = people_of(vendor, shared)
    people = involved(vendor, shared)
    chosen = [p for p in people if p.tier in ("executive", "management") or p.id in roles]
    order = {tier: i for i, tier in enumerate(TIERS)}
    chosen.sort(key=lambda p: (order[p.tier], p.side != "internal", p.name))
    return [_person(p, by_id, roles) for p in chosen]


def measure(value: object, unit: str = "") -> str:
    """A value with its unit as a sentence writes it (the template escapes the sentence)."""
    text = trimmed(value)
    return f"{text}{unit}" if unit in ("%", "") else f"{text} {unit}"


def sla_in_words(
    sla: Sla, kpi: KpiDefinition | None, contract: Contract, since: Amendment | None = None
) -> str:
    """An SLA as a sentence: what must be met, per which window, and what a miss earns; with
    `since`, the amendment it is in force by, "From <date> (<amendment>): " first."""
    name = kpi.name if kpi else sla.kpi
    unit = kpi.unit if kpi else ""
    higher = kpi is None or kpi.direction == "higher"
    window = {"monthly": "each month", "quarterly": "each quarter", "yearly": "each year"}
    text = (
        f"{name} must be {'at least' if higher else 'at most'} {measure(sla.target, unit)} "
        f"{window[sla.window]}"
    )
    if since is not None:
        text = f"{_from(since)}: {text}"
    tiers = sorted(sla.credits, key=lambda t: t.credit)
    if tiers:
        parts = [
            f"{'below' if t.below is not None else 'above'} {measure(t.threshold, unit)} earns "
            f"{measure(t.credit)}%"
            for t in tiers
        ]
        text += "; a miss earns a service credit: " + ", ".join(parts) + " of that period's charges"
        if contract.credit_cap is not None:
            text += f" (capped at {measure(contract.credit_cap)}%)"
    return text + "."


def _from(amendment: Amendment) -> str:
    return f"From {amendment.effective.isoformat()} ({amendment.id})"


_LABELS = {
    "end": "term ends",
    "renewal_term": "renewal term",
    "notice_period": "notice period",
    "notice_to": "notice to",
    "currency": "currency",
    "annual_value": "annual value",
    "monthly_charge": "monthly charge",
    "credit_cap": "credit cap",
    "claim_period": "claim period",
}


def _term(key: str, value: Any, currency: str) -> dict[str, Any]:
    """One amended term: its key, its value for JSON readers, and in words."""
    if key == "auto_renew":
        text = "renews by itself" if value else "does not renew by itself"
    elif key in ("annual_value", "monthly_charge"):
        text = f"{_LABELS[key]} {currency} {grouped(value, 2)}"
    elif key == "credit_cap":
        text = f"{_LABELS[key]} {trimmed(value)}%"
    else:
        text = f"{_LABELS[key]} {value}"
    shown = str(value) if isinstance(value, Duration) else value
    return {"key": key, "value": shown, "text": text}


def _amended(contract: Contract, day: date, currency: str) -> list[dict[str, Any]]:
    """The terms in force on `day` that amendments set, grouped by the amendment each is in
    force by (the latest effective one that gives it), in the order they took effect."""
    applied = in_force(contract, day)
    source: dict[str, Amendment] = {}
    for amendment in applied:
        source.update({key: amendment for key in AMENDABLE if getattr(amendment, key) is not None})
    groups = []
    for amendment in applied:
        keys = [key for key in AMENDABLE if source.get(key) is amendment]
        if keys:
            groups.append(
                {
                    "amendment": amendment.id,
                    "from": amendment.effective,
                    "text": _from(amendment),
                    "terms": [_term(key, getattr(amendment, key), currency) for key in keys],
                }
            )
    return groups


def _sla_sources(contract: Contract, day: date) -> dict[str, Amendment]:
    """For each SLA an amendment in force on `day` gives, the latest such amendment."""
    return {sla.id: a for a in in_force(contract, day) for sla in a.slas}


def _ended(contract: Contract, day: date) -> list[str]:
    """The SLAs that amendments in force on `day` ended (and none gave again), in words."""
    ended: dict[str, Amendment] = {}
    for amendment in in_force(contract, day):
        ended.update(dict.fromkeys(amendment.removes_slas, amendment))
        for sla in amendment.slas:
            ended.pop(sla.id, None)
    return [f"{_from(a)}: the {sla_id} SLA no longer applies." for sla_id, a in ended.items()]


def amendment_rows(contract: Contract, day: date) -> list[dict[str, Any]]:
    """The contract's amendments in the order they take effect, each in force on `day` or not
    yet."""
    return [
        {
            "id": a.id,
            "effective": a.effective,
            "signed": a.signed,
            "summary": a.summary,
            "in_force": a.effective <= day,
        }
        for a in sorted(contract.amendments, key=lambda a: a.effective)
    ]


def contract_lines(checked: Checked, files: VendorFiles, day: date) -> list[dict[str, Any]]:
    """Each contract with its terms and its SLAs in plain words, as in force on `day` (the
    amendments effective by then applied; those terms and SLAs say from when), and its
    amendments."""
    vendor = files.vendor.model if files.vendor else None
    kpis = {k.id: k for k in vendor.kpis} if vendor else {}
    lines = []
    for record in sorted(files.contracts, key=lambda r: r.model.id):
        c = terms_on(record.model, day)
        currency = c.currency or checked.settings.currency
        sources = _sla_sources(record.model, day)
        lines.append(
            {
                "id": c.id,
                "title": c.title,
                "kind": c.kind,
                "start": c.start,
                "end": c.end,
                # The term running on `day`: an auto-renewed contract is past its initial one.
                "term_start": (term := current_term(record.model, day))[0],
                "term_end": term[1],
                "auto_renew": c.auto_renew,
                "renewal_term": str(c.renewal_term) if c.renewal_term else None,
                "notice_period": str(c.notice_period) if c.notice_period else None,
                "notice_to": c.notice_to,
                "rolling": rolls_by_period(c),
                "annual_value": c.annual_value
                if c.annual_value is not None
                else (dec(c.monthly_charge) * 12 if c.monthly_charge is not None else None),
                "currency": currency,
                "notes": c.notes,
                "slas": [
                    *(sla_in_words(s, kpis.get(s.kpi), c, sources.get(s.id)) for s in c.slas),
                    *_ended(record.model, day),
                ],
                "amended": _amended(record.model, day, currency),
                "amendments": amendment_rows(record.model, day),
            }
        )
    return lines


def renewal_line(item: Renewal, audience: str) -> dict[str, Any]:
    """A renewal as the QBR lists it. The vendor sees the contract's dates, not our status,
    decision date or decision (they follow from internal settings and choices)."""
    internal = audience == "internal"
    # One term per line: past a notice deadline, the next deadline goes with the next term.
    later = item.next_notice_deadline is not None and item.next_term_end is not None
    return {
        "contract": item.contract.id,
        "title": item.contract.title,
        "status": item.status if internal else None,
        "term_end": item.next_term_end if later else item.term_end,
        "notice_deadline": item.next_notice_deadline or item.notice_deadline,
        "decision_date": item.decision_date if internal else None,
        "decision": item.decision if internal else None,
    }


def escalation_rows(vendor: Vendor, names: dict[str, str]) -> list[dict[str, Any]]:
    """The escalation ladder, rung by rung, with the person of each side by name."""
    return [
        {
            "level": e.level,
            "tier": e.tier,
            "internal": names.get(e.internal, e.internal),
            "vendor": names.get(e.vendor, e.vendor),
            "after": str(e.after) if e.after else None,
        }
        for e in sorted(vendor.escalation, key=lambda e: e.level)
    ]


def obligation_fields(
    contract: Contract, duty: Obligation, names: dict[str, str]
) -> dict[str, Any]:
    """What every report says of an obligation: whose, what, under which clause."""
    return {
        "contract": contract.id,
        "id": duty.id,
        "title": duty.title,
        "side": duty.side,
        "owner": names.get(duty.owner, duty.owner) if duty.owner else None,
        "clause": duty.clause,
    }


def action_rows(meetings: list[Meeting], day: date, names: dict[str, str]) -> list[dict[str, Any]]:
    """The actions open on `day` from the meetings held by then, by due date, as the QBR and the
    onboarding pack list them: overdue ones say by how many days."""
    return [
        {
            "id": a.action.id,
            "title": a.action.title,
            "owner": names.get(a.action.owner, a.action.owner),
            "due": a.action.due,
            "days_overdue": a.days_overdue,
            "raised": a.first_raised,
            "meeting": a.meeting.kind,
        }
        for a in open_actions(meetings, day)
    ]
