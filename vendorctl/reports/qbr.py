"""The QBR agenda: the next management review, pre-filled and time-boxed from the record."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendorctl.compute.audience import Audience, for_audience
from vendorctl.compute.credits import UNCLAIMED
from vendorctl.compute.escalation import due_text, escalation_due
from vendorctl.compute.evidence import evidence_rows
from vendorctl.compute.followups import (
    days_late,
    latest_actions,
    open_actions,
    open_issues,
)
from vendorctl.compute.governance import (
    Spend,
    health_index,
    latest_health,
    ranked_risks,
    risk_band,
    risk_score,
    spend_lines,
)
from vendorctl.compute.meetings import (
    NextReview,
    last_held,
    next_review,
    review_quarter,
    working_days_before,
)
from vendorctl.compute.money import budget_use, current_budget
from vendorctl.compute.obligations import contract_obligations
from vendorctl.compute.renewals import Renewal, by_urgency, key_date, renewal
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor, periods
from vendorctl.model.people import names_of
from vendorctl.model.periods import containing
from vendorctl.reports import sections
from vendorctl.reports.agenda import DURATION, timeboxes
from vendorctl.reports.before_meeting import before_meeting
from vendorctl.reports.credits import vendor_ledger
from vendorctl.reports.index import vendor_value
from vendorctl.reports.scorecard import scorecard
from vendorctl.reports.summary import qbr_summary

TOP_RISKS = 5


def renewals_ahead(checked: Checked, vendor: str, files: VendorFiles, day: date) -> list[Renewal]:
    """This vendor's contracts with a notice deadline or a term end in the next two quarters,
    computed from the contracts as this audience may see them (no internal decision)."""
    governance = checked.settings.governance
    horizon = containing(day, "quarter", checked.settings.fiscal_year_start).shift(2).end
    found = []
    for record in files.contracts:
        item = renewal(
            vendor, record.model, day, governance.notice_warning, governance.decision_buffer
        )
        dates = [d for d in (key_date(item), item.term_end) if d is not None]
        if item.status != "expired" and any(day <= d <= horizon for d in dates):
            found.append(item)
    return by_urgency(found)


def _health(files: VendorFiles, day: date) -> dict[str, Any] | None:
    check = latest_health((record.model for record in files.health), day)
    if check is None:
        return None
    ours = health_index(check.ours)
    theirs = health_index(check.theirs) if check.theirs else None
    return {
        "date": check.date,
        "ours": ours,
        "theirs": theirs,
        "gap": None if theirs is None else theirs - ours,
        "our_comments": check.ours.comments,
        "their_comments": check.theirs.comments if check.theirs else None,
        "summary": check.summary,
    }


def _risk(risk: Any, names: dict[str, str]) -> dict[str, Any]:
    score = risk_score(risk)
    return {
        "id": risk.id,
        "title": risk.title,
        "score": score,
        "band": risk_band(score),
        "owner": names.get(risk.owner or "", risk.owner),
        "mitigation": risk.mitigation,
        "review_by": risk.review_by,
    }


def _obligations(files: VendorFiles, names: dict[str, str], day: date) -> list[dict[str, Any]]:
    """The obligations of both sides (ours first), each with its record over the last due
    dates and where it stands now."""
    rows = []
    for record in sorted(files.contracts, key=lambda c: c.model.id):
        for state in contract_obligations(record.model, day):
            duty = state.obligation
            rows.append(
                {
                    **sections.obligation_fields(record.model, duty, names),
                    "schedule": state.schedule_text(),
                    "record": state.record_text(),
                    "now": state.due_text(),
                    "days_overdue": state.overdue.days if state.overdue else None,
                }
            )
    return sorted(rows, key=lambda r: r["side"] != "internal")


def _ladders(vendor: Vendor, files: VendorFiles, names: dict[str, str]) -> dict[str, Any]:
    """The escalation ladder, and beside it each contract's dispute resolution ladder (none:
    no contract records its tiers, and the agenda shows neither)."""
    disputes = [
        {
            "contract": r.model.id,
            "title": r.model.title,
            "description": r.model.dispute_resolution.description,
            "tiers": [
                {"level": t.level, "forum": t.forum, "within": str(t.within) if t.within else None}
                for t in r.model.dispute_resolution.tiers
            ],
        }
        for r in sorted(files.contracts, key=lambda c: c.model.id)
        if r.model.dispute_resolution is not None and r.model.dispute_resolution.tiers
    ]
    escalation = sections.escalation_rows(vendor, names)
    return {"escalation": escalation if disputes else [], "disputes": disputes}


def _quarter(quarter: str | None, when: date, fiscal: int) -> periods.Period:
    """--quarter, else the latest quarter ended before the meeting."""
    if quarter is None:
        return review_quarter(when, fiscal)
    try:
        span = periods.parse(quarter, fiscal)
    except periods.PeriodError as exc:
        raise ReportError(str(exc)) from None
    if span.kind != "quarter":
        raise ReportError(f"{quarter!r} is not a quarter: write 2026-Q3 (or FY2027-Q1)")
    return span


def _meeting(review: NextReview, minutes: int) -> dict[str, Any]:
    last = review.last
    return {
        "date": review.date,
        "kind": review.cadence.kind,
        "name": review.name,
        "called": review.called,
        "every": str(review.cadence.every),
        "tier": review.cadence.tier,
        "pre_read_due": working_days_before(review.date, 2),
        "minutes": minutes,  # set aside; the agenda may take less (`agenda`)
        "overdue": review.overdue,
        "due": review.due,
        "last": last.date if last is not None else None,
        "next": review.following,
    }


def _previous(review: NextReview, meetings: list[Any], names: dict[str, str], day: date) -> Any:
    """The last review held, of the meetings this audience may see: its decisions, and each of
    its actions as it stands on `day` (a later meeting may have closed or moved it)."""
    last = last_held(meetings, review.cadence.kind, day)
    if last is None:
        return None
    log = latest_actions(meetings, day)
    actions = []
    for written in last.actions:
        action = log.current(written)
        actions.append(
            {
                "title": action.title,
                "owner": names.get(action.owner, action.owner),
                "due": action.due,
                "status": action.status,
                "days_overdue": days_late(action, day) if action.status == "open" else None,
            }
        )
    return {
        "date": last.date,
        "title": last.title,
        "decisions": list(last.decisions),
        "actions": actions,
    }


def _complete(card: dict[str, Any], span: periods.Period, day: date) -> bool:
    """Whether the quarter's data is all in as of `day`: it has ended, and every KPI has as
    many measurements in it as its frequency asks for."""
    if span.end > day:
        return False
    return all(
        k["value"] is not None and (k["expected_points"] or 0) <= k["points"] for k in card["kpis"]
    )


def qbr(
    checked: Checked,
    *,
    vendor: str,
    quarter: str | None,
    meeting: date | None,
    day: date,
    audience: Audience = "internal",
) -> dict[str, Any]:
    """The agenda of the vendor's next management review: logistics, attendees, the last
    review's decisions, the deadlines before the meeting, a time-boxed agenda and each item's
    data."""
    model, raw_files = checked.vendor(vendor)
    files = for_audience(raw_files, audience)
    shown = files.vendor.model if files.vendor else model
    fiscal = checked.settings.fiscal_year_start
    shared = checked.portfolio.shared.people
    names = names_of(model, shared)
    meetings = [record.model for record in files.meetings]
    if meeting is not None and meeting < day:
        raise ReportError(
            f"--date {meeting} is before the as-of date {day}: an agenda is prepared ahead of "
            "its meeting; to prepare one as things stood then, give --as-of that day or earlier"
        )
    review = next_review(model, [r.model for r in raw_files.meetings], day, meeting)
    span = _quarter(quarter, review.date, fiscal)
    minutes = DURATION[model.segment]
    card = scorecard(checked, vendor=vendor, period=span, day=day, audience=audience)
    renewals = renewals_ahead(checked, vendor, files, day)
    issues = [i for log in files.issues for i in log.model.issues]
    ledger = vendor_ledger(checked, vendor, day)
    previous = _previous(review, meetings, names, day)
    context: dict[str, Any] = {
        "report": "qbr",
        "audience": audience,
        "organisation": checked.settings.organisation,
        "vendor": {**card["vendor"], "description": shown.description},
        "quarter": span.label,
        "quarter_complete": _complete(card, span, day),
        "as_of": day,
        "meeting": _meeting(review, minutes),
        "previous": previous,
        # Our decisions and deadlines: not in the vendor's copy.
        "before_meeting": (
            before_meeting(
                checked,
                vendor,
                files,
                day,
                review.date,
                ledger,
                card["termination_rights"],
                evidence_rows(model, day, checked.settings.governance.evidence_warning),
            )
            if audience == "internal"
            else []
        ),
        "attendees": sections.attendees(shown, shared),
        "scorecard": card,
        "breaches": [row for row in card["slas"] if row["met"] is False],
        "credits": card["credits"],
        "credit_totals": card["credit_totals"],
        # Beyond the quarter: every credit still to claim, and those in dispute, to settle here.
        "credits_to_claim": [r for r in ledger if r["status"] in UNCLAIMED],
        "credits_awaiting": [r for r in ledger if r["status"] == "claimed"],
        "credits_disputed": [r for r in ledger if r["status"] == "disputed"],
        "contracts": sections.contract_lines(checked, files, day),
        "renewals": [sections.renewal_line(r, audience) for r in renewals],
        # Open rights to terminate (none in the vendor's copy: see the scorecard).
        "termination_rights": card["termination_rights"],
        "currency": checked.settings.currency,
        "spend": [_spend_line(s, shown, day, fiscal) for s in spend_lines(shown)],
        "annual_value": vendor_value(checked, vendor, day),
        "budget": budget.as_dict() if (budget := current_budget(shown, day, fiscal)) else None,
        "issues": [
            {
                "id": i.issue.id,
                "title": i.issue.title,
                "severity": i.issue.severity,
                "opened": i.issue.opened,
                "age_days": i.age_days,
                "level": i.level,
                "owner": names.get(i.issue.owner or "", i.issue.owner),
                "escalation_due": (
                    due_text(due, names, i.issue.title)
                    if (due := escalation_due(model, i.issue, day)) is not None
                    else None
                ),
            }
            for i in open_issues(issues, day)
        ],
        "obligations": _obligations(files, names, day),
        "ladders": _ladders(shown, files, names),
        "risks": [_risk(r, names) for r in ranked_risks(shown.risks)[:TOP_RISKS]],
        # Due-diligence evidence to renew: the selection record is internal (`shown` has none
        # in the vendor's copy).
        "evidence": [
            row
            for row in evidence_rows(shown, day, checked.settings.governance.evidence_warning)
            if row["status"] in ("expiring", "expired")
        ],
        "health": _health(files, day),
        "objectives": [
            {"id": o.id, "title": o.title, "status": o.status, "due": o.due, "measure": o.measure}
            for o in shown.objectives
        ],
        "actions": sections.action_rows(meetings, day, names),
    }
    titles = {"scorecard": f"Scorecard for {span.label}"}
    titles["previous"] = f"Review of the last {review.called}" + (
        f" ({previous['date']})" if previous is not None else ""
    )
    visible = files if audience == "vendor" else for_audience(raw_files, "vendor")
    agenda = timeboxes(
        minutes,
        _counts(
            context,
            visible,
            len(renewals_ahead(checked, vendor, visible, day)),
            review.cadence.kind,
            day,
        ),
        titles,
    )
    context["agenda"] = agenda["items"]
    context["not_on_agenda"] = agenda["skipped"]
    # Computed from the finished (for the vendor: redacted) context.
    return {**context, "summary": qbr_summary(context)}


def _counts(
    context: dict[str, Any], shared: VendorFiles, renewals: int, kind: str, day: date
) -> dict[str, int]:
    """How much each agenda item holds: what its time box grows with. Counted on what both
    sides see (`shared`: the vendor's copy), so that both copies of an agenda keep one timetable;
    our own talking points (termination rights, evidence, internal risks and meetings) take no
    time of their own."""
    card = context["scorecard"]
    meetings = [record.model for record in shared.meetings]
    previous = last_held(meetings, kind, day)
    risks = ranked_risks(shared.vendor.model.risks) if shared.vendor else []
    return {
        "previous": 0 if previous is None else len(previous.decisions) + len(previous.actions) or 1,
        "scorecard": len(card["kpis"]),
        "breaches": len(context["breaches"])
        + len(context["credits_to_claim"])
        + len(context["credits_awaiting"])
        + len(context["credits_disputed"]),
        "commercial": len(context["contracts"])
        + renewals
        + sum(1 for o in context["obligations"] if o["days_overdue"] is not None),
        "issues": len(context["issues"]),
        "risks": len(risks[:TOP_RISKS]),
        "health": 0 if context["health"] is None else 1,
        "objectives": len(context["objectives"]),
        "actions": len(open_actions(meetings, day)),
    }


def _spend_line(line: Spend, vendor: Vendor, day: date, fiscal: int) -> dict[str, Any]:
    """A budget line of the QBR: used and pro rata as shown (one decimal), and its flags: over
    the whole budget, or spent ahead of the elapsed share of its period."""
    written = next(b for b in vendor.budget if b.period == line.period)
    use = budget_use(written, day, fiscal)
    return {
        "period": line.period,
        "budget": line.budget,
        "spend": line.spend,
        "used": use.used_percent,
        "pro_rata": use.pro_rata_percent,
        "over_budget": use.over_budget,
        "over_pro_rata": use.over_pro_rata,
    }
