"""The onboarding pack: what someone joining a vendor relationship needs, by role."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vendorctl.compute.audience import Audience, for_audience
from vendorctl.compute.escalation import due_text, escalation_due
from vendorctl.compute.evidence import evidence_rows
from vendorctl.compute.followups import open_issues
from vendorctl.compute.governance import (
    cadence_status,
    latest_health,
    ranked_risks,
    risk_band,
    risk_score,
)
from vendorctl.compute.meetings import NextReview, last_held, next_review
from vendorctl.compute.numbers import counted, rounded, to_decimal
from vendorctl.compute.obligations import contract_obligations
from vendorctl.compute.renewals import key_date, renewal
from vendorctl.compute.series import default_period, vendor_series
from vendorctl.compute.terms import terms_on
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor
from vendorctl.model.base import Duration
from vendorctl.model.people import names_of, people_of
from vendorctl.model.records import Meeting
from vendorctl.model.vendor import Role, Selection
from vendorctl.reports import sections
from vendorctl.reports.scorecard import scorecard

ROLE_NAMES: tuple[Role, ...] = ("relationship", "service_delivery", "commercial", "transformation")
# The steps of the plan: "by day 30", "by day 60", "by day 90" of the joiner's start.
PLAN_DAYS = ("30", "60", "90")


def review_when(review: NextReview) -> str:
    """When the next review is, in words: "due 2027-01-20", or overdue and when it is planned."""
    planned = review.date.isoformat()
    if not review.overdue:
        return f"due {planned}"
    if review.due is None:
        return f"never held: plan it for {planned}"
    return f"overdue since {review.due.isoformat()}: plan it for {planned}"


def review_called(review: NextReview) -> str:
    """The review's name inside a sentence: "QBR", or "account review" for "Account review"."""
    return review.name if review.cadence.kind == "qbr" else review.name.lower()


def _checklist(role: Role, vendor: Vendor, facts: dict[str, Any]) -> dict[str, list[str]]:
    """The 30/60/90-day plan for a role, made specific with the relationship's own facts."""
    named = facts["counterparts"].get(role)
    meet = f"Meet {named}, your counterpart" if named else "Find and meet your vendor counterpart"
    review: NextReview = facts["review"]
    called = review_called(review)
    plans: dict[str, dict[str, list[str]]] = {
        "relationship": {
            "30": [
                meet,
                "Read the objectives and the last "
                "health check" + (f" ({facts['health']})" if facts["health"] else ""),
                f"Read the minutes of the last {called} and executive review",
            ],
            "60": [
                f"Chair or attend the next {called} ({review_when(review)})",
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
                f"Agree how innovation ideas reach the {called} agenda",
                "Review the risks that the roadmap changes",
            ],
            "90": [f"Present roadmap proposals at the next {called}"],
        },
    }
    plan = plans[role]
    own = [item.task for item in vendor.onboarding if item.role == role and not item.done]
    if own:
        plan = {**plan, "30": [*plan["30"], *own]}
    return plan


def _steps(plan: dict[str, list[str]], start: date | None) -> list[dict[str, Any]]:
    """The plan step by step, each due `days` after the joiner's start (no date without one)."""
    return [
        {
            "days": int(days),
            "due": start + timedelta(days=int(days)) if start is not None else None,
            "tasks": plan[days],
        }
        for days in PLAN_DAYS
    ]


def _facts(
    checked: Checked, vendor: Vendor, files: VendorFiles, day: date, review: NextReview
) -> dict[str, Any]:
    names = people_of(vendor, checked.portfolio.shared.people)
    counterparts = {}
    for role in ROLE_NAMES:
        holder = names.get(getattr(vendor.roles, role) or "")
        if holder and holder.counterpart in names:
            counterparts[role] = names[holder.counterpart].name
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
        "review": review,
        "health": health.date if health else None,
        "slas": sum(len(terms_on(r.model, day).slas) for r in files.contracts),
        "issues": len(open_issues((i for log in files.issues for i in log.model.issues), day)),
        "contracts": len(files.contracts),
        "deadline": min((d for d in deadlines if d is not None and d >= day), default=None),
    }


def _next_review(review: NextReview) -> dict[str, Any]:
    """The next management review as the QBR prepares it (one computation for both)."""
    return {
        "date": review.date,
        "name": review.name,
        "called": review_called(review),
        "kind": review.cadence.kind,
        "due": review.due,
        "overdue": review.overdue,
        "last": review.last.date if review.last else None,
        "text": review_when(review),
    }


def _issues(vendor: Vendor, files: VendorFiles, day: date, names: dict[str, str]) -> list[Any]:
    """The issues open on `day`, most severe and oldest first, each with the rung it reached."""
    rungs = {e.level: e for e in vendor.escalation}
    rows = []
    for item in open_issues((i for log in files.issues for i in log.model.issues), day):
        rung = rungs.get(item.level)
        # The next rung, when the issue has waited at its level past that rung's `after:`.
        due = escalation_due(vendor, item.issue, day)
        rows.append(
            {
                "id": item.issue.id,
                "title": item.issue.title,
                "severity": item.issue.severity,
                "opened": item.issue.opened,
                "age_days": item.age_days,
                "level": item.level,
                # Who holds the rung it is at, on both sides: whom the joiner talks to.
                "level_tier": rung.tier if rung else None,
                "level_people": (
                    f"{names.get(rung.internal, rung.internal)} and "
                    f"{names.get(rung.vendor, rung.vendor)}"
                    if rung
                    else None
                ),
                "owner": names.get(item.issue.owner or "", item.issue.owner),
                "escalation_due": due_text(due, names, "") if due else None,
            }
        )
    return rows


def _last_decisions(meetings: list[Meeting], day: date) -> list[dict[str, Any]]:
    """The latest meeting of each kind held by `day`, newest first, with its decisions."""
    latest = [
        held
        for kind in sorted({m.kind for m in meetings})
        if (held := last_held(meetings, kind, day))
    ]
    latest.sort(key=lambda m: (m.date, m.id or "", m.kind), reverse=True)
    return [
        {"date": m.date, "kind": m.kind, "title": m.title, "decisions": list(m.decisions)}
        for m in latest
    ]


def _exit_terms(files: VendorFiles, lines: list[dict[str, Any]], day: date) -> list[Any]:
    """How each contract can end, as in force on `day`: notice (from the contract lines), the
    termination terms and triggers, exit assistance, and the period to claim credits in."""
    by_id = {line["id"]: line for line in lines}
    rows = []
    for record in sorted(files.contracts, key=lambda r: r.model.id):
        terms = terms_on(record.model, day)
        line = by_id[terms.id]
        ending = terms.termination
        rows.append(
            {
                "contract": terms.id,
                "title": terms.title,
                "term_end": line["term_end"],
                "auto_renew": line["auto_renew"],
                "rolling": line["rolling"],
                "notice_period": line["notice_period"],
                "notice_to": line["notice_to"],
                "for_convenience": ending.for_convenience if ending else None,
                "for_cause": ending.for_cause if ending else None,
                "exit_assistance": ending.exit_assistance if ending else None,
                "triggers": [
                    {"sla": t.sla, "breaches": t.breaches, "within": t.within, "clause": t.clause}
                    for t in (ending.triggers if ending else [])
                ],
                "claim_period": str(terms.claim_period) if terms.claim_period else None,
            }
        )
    return rows


def weighted_result(selection: Selection) -> Decimal | None:
    """The selection's weighted score, 1 to 5, to two decimals: sum of weight x score over the
    sum of the weights, of the scored criteria only (none scored: no result)."""
    scored = [c for c in selection.criteria if c.score is not None]
    weights = sum((to_decimal(c.weight) for c in scored), Decimal(0))
    if not scored or not weights:
        return None
    total = sum((to_decimal(c.weight) * (c.score or 0) for c in scored), Decimal(0))
    return rounded(total / weights, 2)


def _selection(vendor: Vendor, day: date, warning: Duration) -> dict[str, Any] | None:
    """The selection record (internal: the vendor's copy has none), with its weighted result."""
    record = vendor.selection
    if record is None:
        return None
    return {
        "decided": record.decided,
        "summary": record.summary,
        # Predates the selection process: the summary says how the relationship began.
        "legacy": record.legacy,
        "criteria": [
            {
                "criterion": c.criterion,
                "weight": to_decimal(c.weight),
                "score": c.score,
                "notes": c.notes,
            }
            for c in record.criteria
        ],
        "result": weighted_result(record),
        "unscored": [c.criterion for c in record.criteria if c.score is None],
        "references": list(record.references),
        # Each check with its evidence's expiry and status as of `day`.
        "due_diligence": evidence_rows(vendor, day, warning),
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
    checked: Checked,
    *,
    vendor: str,
    role: str | None,
    day: date,
    audience: Audience = "internal",
    start: date | None = None,
) -> dict[str, Any]:
    """The onboarding pack's context; with `start`, the joiner's first day, the plan's steps
    have dates."""
    if role is not None and role not in ROLE_NAMES:
        raise ReportError(f"no role {role!r}; roles: {', '.join(ROLE_NAMES)}")
    model, raw = checked.vendor(vendor)
    files = for_audience(raw, audience)
    shown = files.vendor.model if files.vendor else model
    period = default_period(vendor_series(checked, raw), day, checked.settings.fiscal_year_start)
    card = scorecard(checked, vendor=vendor, period=period, day=day, audience=audience)
    shared = checked.portfolio.shared.people
    names = names_of(model, shared)
    meetings = [record.model for record in files.meetings]
    review = next_review(shown, meetings, day)
    facts = _facts(checked, model, files, day, review)
    contracts = sections.contract_lines(checked, files, day)
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
        "people": sections.people_by_tier(shown, shared),
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
        "next_review": _next_review(review),
        # The live situation: what a joiner walks into.
        "issues": _issues(shown, files, day, names),
        "actions": sections.action_rows(meetings, day, names),
        "last_decisions": _last_decisions(meetings, day),
        "contracts": contracts,
        "exit_terms": _exit_terms(files, contracts, day),
        # Open rights to terminate: none in the vendor's copy (see the scorecard).
        "termination_rights": card["termination_rights"],
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
        # Internal: the vendor's copy has no selection record (the schema marks it so).
        "selection": _selection(shown, day, checked.settings.governance.evidence_warning),
        "start": start,
        "checklists": [
            {"role": sections.ROLES[r], "plan": plan, "steps": _steps(plan, start)}
            for r in roles
            for plan in [_checklist(r, model, facts)]
        ],
    }
