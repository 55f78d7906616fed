"""The onboarding pack: what someone joining a vendor relationship needs, by role."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendorctl.compute.audience import Audience, for_audience
from vendorctl.compute.governance import (
    cadence_status,
    latest_health,
    ranked_risks,
    risk_band,
    risk_score,
)
from vendorctl.compute.numbers import counted
from vendorctl.compute.obligations import contract_obligations
from vendorctl.compute.renewals import key_date, renewal
from vendorctl.compute.series import default_period, vendor_series
from vendorctl.compute.terms import terms_on
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor
from vendorctl.model.vendor import Role
from vendorctl.reports import sections
from vendorctl.reports.scorecard import scorecard

ROLE_NAMES: tuple[Role, ...] = ("relationship", "service_delivery", "commercial", "transformation")


def _checklist(role: Role, vendor: Vendor, facts: dict[str, Any]) -> dict[str, list[str]]:
    """The 30/60/90-day plan for a role, made specific with the relationship's own facts."""
    named = facts["counterparts"].get(role)
    meet = f"Meet {named}, your counterpart" if named else "Find and meet your vendor counterpart"
    plans: dict[str, dict[str, list[str]]] = {
        "relationship": {
            "30": [
                meet,
                "Read the objectives and the last "
                "health check" + (f" ({facts['health']})" if facts["health"] else ""),
                "Read the minutes of the last QBR and executive review",
            ],
            "60": [
                f"Chair or attend the next QBR (due {facts['qbr_due'] or 'per cadence'})",
                "Review the risk register with the risk owners",
            ],
            "90": [
                "Plan the next relationship health check with both sides",
                "Agree the objectives for the next year with the vendor",
            ],
        },
        "service_delivery": {
            "30": [
                meet,
                f"Learn the {counted(facts['slas'], 'SLA')} and where their KPI data comes from",
                "Walk the escalation ladder with the vendor",
            ],
            "60": [
                f"Review the {counted(facts['issues'], 'open issue')} and "
                f"{'its' if facts['issues'] == 1 else 'their'} escalations",
                "Attend the service reviews and check the KPI data each month",
            ],
            "90": ["Lead a service review", "Check the service credits earned are claimed in time"],
        },
        "commercial": {
            "30": [
                meet,
                f"Read the {counted(facts['contracts'], 'contract')}: "
                "term, renewal, notice period, credits and caps",
            ],
            "60": ["Review spend against budget", "Check service credits were claimed and paid"],
            "90": [
                f"Prepare the decision for the next notice deadline ({facts['deadline']})"
                if facts["deadline"]
                else "Prepare the next renewal decision",
                "Review the exit and termination terms",
            ],
        },
        "transformation": {
            "30": [meet, "Read the objectives and the roadmap"],
            "60": [
                "Agree how innovation ideas reach the QBR agenda",
                "Review the risks that the roadmap changes",
            ],
            "90": ["Present roadmap proposals at the next QBR"],
        },
    }
    plan = plans[role]
    own = [item.task for item in vendor.onboarding if item.role == role and not item.done]
    if own:
        plan = {**plan, "30": [*plan["30"], *own]}
    return plan


def _facts(checked: Checked, vendor: Vendor, files: VendorFiles, day: date) -> dict[str, Any]:
    names = {p.id: p for p in vendor.people}
    counterparts = {}
    for role in ROLE_NAMES:
        holder = names.get(getattr(vendor.roles, role) or "")
        if holder and holder.counterpart in names:
            counterparts[role] = names[holder.counterpart].name
    meetings = [record.model for record in files.meetings]
    qbr = next(
        (s.due for s in cadence_status(vendor, meetings, day) if s.cadence.kind == "qbr"), None
    )
    health = latest_health((record.model for record in files.health), day)
    governance = checked.settings.governance
    # From the contracts as the audience sees them: no internal decision shows through.
    deadlines = [
        key_date(
            renewal(vendor.id, r.model, day, governance.notice_warning, governance.decision_buffer)
        )
        for r in files.contracts
    ]
    return {
        "counterparts": counterparts,
        "qbr_due": qbr,
        "health": health.date if health else None,
        "slas": sum(len(terms_on(r.model, day).slas) for r in files.contracts),
        "issues": sum(1 for log in files.issues for i in log.model.issues if i.status == "open"),
        "contracts": len(files.contracts),
        "deadline": min((d for d in deadlines if d is not None and d >= day), default=None),
    }


def _obligations(
    files: VendorFiles, names: dict[str, str], day: date, side: str
) -> list[dict[str, Any]]:
    """The obligations of the reader's side (ours, or the vendor's in the copy shared with the
    vendor): what is owed, under which clause, how often, by whom, and what is due next."""
    rows = []
    for record in sorted(files.contracts, key=lambda c: c.model.id):
        for state in contract_obligations(record.model, day):
            duty = state.obligation
            if duty.side != side:
                continue
            rows.append(
                {
                    "contract": record.model.id,
                    "title": duty.title,
                    "clause": duty.clause,
                    "schedule": state.schedule_text(),
                    "owner": names.get(duty.owner, duty.owner) if duty.owner else None,
                    "now": state.due_text(),
                    "days_overdue": state.overdue.days if state.overdue else None,
                }
            )
    return rows


def _disputes(files: VendorFiles) -> list[dict[str, Any]]:
    """Each contract's dispute resolution ladder, for the contracts that record its tiers."""
    found = []
    for record in sorted(files.contracts, key=lambda c: c.model.id):
        ladder = record.model.dispute_resolution
        if ladder is None or not ladder.tiers:
            continue
        tiers = [
            {"level": t.level, "forum": t.forum, "within": str(t.within) if t.within else None}
            for t in ladder.tiers
        ]
        found.append(
            {
                "contract": record.model.id,
                "title": record.model.title,
                "description": ladder.description,
                "tiers": tiers,
            }
        )
    return found


def onboarding(
    checked: Checked, *, vendor: str, role: str | None, day: date, audience: Audience = "internal"
) -> dict[str, Any]:
    """The onboarding pack's context."""
    if role is not None and role not in ROLE_NAMES:
        raise ReportError(f"no role {role!r}; roles: {', '.join(ROLE_NAMES)}")
    model, raw = checked.vendor(vendor)
    files = for_audience(raw, audience)
    shown = files.vendor.model if files.vendor else model
    period = default_period(vendor_series(checked, raw), day, checked.settings.fiscal_year_start)
    card = scorecard(checked, vendor=vendor, period=period, day=day, audience=audience)
    names = {p.id: p.name for p in model.people}
    facts = _facts(checked, model, files, day)
    meetings = [record.model for record in files.meetings]
    roles = [role] if role else list(ROLE_NAMES)
    return {
        "report": "onboarding",
        "audience": audience,
        "organisation": checked.settings.organisation,
        "as_of": day,
        "role": role,
        "vendor": {
            **card["vendor"],
            "description": shown.description,
            "since": shown.since,
            "website": shown.website,
            "legal_name": shown.legal_name,
        },
        "standing": {key: card[key] for key in ("period", "score", "standing", "change", "trend")},
        "objectives": [
            {"title": o.title, "status": o.status, "due": o.due, "measure": o.measure}
            for o in shown.objectives
        ],
        "roles": [
            {
                "role": sections.ROLES[r],
                "holder": names.get(getattr(model.roles, r) or ""),
                "counterpart": facts["counterparts"].get(r),
            }
            for r in ROLE_NAMES
        ],
        "people": sections.people_by_tier(shown),
        "key_personnel": [
            {
                "person": names.get(k.person, k.person),
                "responsibility": k.responsibility,
                "backup": names.get(k.backup, k.backup) if k.backup else None,
            }
            for k in shown.key_personnel
        ],
        "cadence": [
            {
                "kind": s.cadence.kind,
                "tier": s.cadence.tier,
                "every": str(s.cadence.every),
                "last": s.last,
                "due": s.due,
                "overdue": s.overdue,
            }
            for s in cadence_status(shown, meetings, day)
        ],
        "channels": [
            {"kind": c.kind, "purpose": c.purpose, "address": c.address} for c in shown.channels
        ],
        "escalation": sections.escalation_rows(shown, names),
        "disputes": _disputes(files),
        "contracts": sections.contract_lines(checked, files, day),
        "obligations": _obligations(files, names, day, audience),
        "risks": [
            {
                "title": r.title,
                "score": risk_score(r),
                "band": risk_band(risk_score(r)),
                "owner": names.get(r.owner or "", r.owner),
                "mitigation": r.mitigation,
            }
            for r in ranked_risks(shown.risks)
        ],
        "checklists": [
            {"role": sections.ROLES[r], "plan": _checklist(r, model, facts)} for r in roles
        ],
    }
