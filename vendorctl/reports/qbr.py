"""The QBR agenda: a quarterly business review, pre-filled and time-boxed from the data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vendorctl.compute.audience import Audience, for_audience
from vendorctl.compute.credits import UNCLAIMED
from vendorctl.compute.followups import open_actions, open_issues
from vendorctl.compute.governance import (
    Spend,
    health_index,
    latest_health,
    ranked_risks,
    risk_band,
    risk_score,
    spend_lines,
)
from vendorctl.compute.money import budget_use, current_budget
from vendorctl.compute.obligations import contract_obligations
from vendorctl.compute.renewals import Renewal, by_urgency, key_date, renewal
from vendorctl.compute.series import default_period, vendor_series
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model import Vendor, periods
from vendorctl.model.base import Duration
from vendorctl.model.periods import containing
from vendorctl.reports import sections
from vendorctl.reports.credits import vendor_ledger
from vendorctl.reports.index import vendor_value
from vendorctl.reports.scorecard import scorecard
from vendorctl.reports.summary import qbr_summary

# Minutes a QBR takes, by segment: the more strategic the vendor, the longer the review.
DURATION = {"strategic": 120, "tactical": 90, "operational": 60, "commodity": 45}
# The agenda's items and their share of the meeting, in order.
AGENDA = (
    ("summary", "Summary and goals of the meeting", 5),
    ("scorecard", "Scorecard for the quarter", 15),
    ("breaches", "SLA breaches and service credits", 10),
    ("commercial", "Commercial position, renewals and notice deadlines", 10),
    ("issues", "Issues and escalations", 15),
    ("risks", "Top risks", 10),
    ("health", "Relationship health", 10),
    ("objectives", "Objectives and roadmap", 10),
    ("actions", "Actions carried forward", 10),
    ("next", "Next meeting and wrap-up", 5),
)
TOP_RISKS = 5


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days (Monday to Friday) before `day`."""
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _next_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def timeboxes(minutes: int) -> list[dict[str, Any]]:
    """The agenda with each item's minutes (largest-remainder rounding, so they add up)."""
    exact = [(key, title, minutes * share / 100) for key, title, share in AGENDA]
    whole = [int(e) for _, _, e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][2] - whole[i]), i))
    for i in order[: minutes - sum(whole)]:
        whole[i] += 1
    items, start = [], 0
    for (key, title, _), length in zip(exact, whole, strict=True):
        items.append({"key": key, "title": title, "minutes": length, "start": start})
        start += length
    return items


def meeting_date(day: date, given: date | None) -> date:
    """--date, else the first working day two weeks after the as-of date: the QBR prepared now."""
    return given if given is not None else _next_working_day(day + timedelta(days=14))


def next_qbr(vendor: Vendor, when: date) -> date:
    """The QBR after this one: its date plus the QBR cadence's interval (a quarter by default)."""
    every = next((c.every for c in vendor.cadence if c.kind == "qbr"), Duration(3, "month"))
    return every.add_to(when)


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


def qbr(
    checked: Checked,
    *,
    vendor: str,
    quarter: str | None,
    meeting: date | None,
    day: date,
    audience: Audience = "internal",
) -> dict[str, Any]:
    """The QBR agenda's context: logistics, attendees, time-boxed agenda and each item's data."""
    model, raw_files = checked.vendor(vendor)
    files = for_audience(raw_files, audience)
    shown = files.vendor.model if files.vendor else model
    fiscal = checked.settings.fiscal_year_start
    if quarter is None:
        span = default_period(vendor_series(checked, raw_files), day, fiscal)
    else:
        try:
            span = periods.parse(quarter, fiscal)
        except periods.PeriodError as exc:
            raise ReportError(str(exc)) from None
        if span.kind != "quarter":
            raise ReportError(f"{quarter!r} is not a quarter: write 2026-Q3 (or FY2027-Q1)")
    when = meeting_date(day, meeting)
    minutes = DURATION[model.segment]
    card = scorecard(checked, vendor=vendor, period=span, day=day, audience=audience)
    renewals = renewals_ahead(checked, vendor, files, day)
    meetings = [record.model for record in files.meetings]
    issues = [i for log in files.issues for i in log.model.issues]
    names = {p.id: p.name for p in model.people}
    ledger = vendor_ledger(checked, vendor, day)
    context = {
        "report": "qbr",
        "audience": audience,
        "organisation": checked.settings.organisation,
        "vendor": {**card["vendor"], "description": shown.description},
        "quarter": span.label,
        "as_of": day,
        "meeting": {
            "date": when,
            "pre_read_due": working_days_before(when, 2),
            "minutes": minutes,
            "next": next_qbr(model, when),
        },
        "attendees": sections.attendees(shown),
        "agenda": timeboxes(minutes),
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
            }
            for i in open_issues(issues, day)
        ],
        "obligations": _obligations(files, names, day),
        "ladders": _ladders(shown, files, names),
        "risks": [_risk(r, names) for r in ranked_risks(shown.risks)[:TOP_RISKS]],
        "health": _health(files, day),
        "objectives": [
            {"id": o.id, "title": o.title, "status": o.status, "due": o.due, "measure": o.measure}
            for o in shown.objectives
        ],
        "actions": [
            {
                "id": a.action.id,
                "title": a.action.title,
                "owner": names.get(a.action.owner, a.action.owner),
                "due": a.action.due,
                "days_overdue": a.days_overdue,
                "raised": a.first_raised,
            }
            for a in open_actions(meetings, day)
        ],
    }
    # Computed from the finished (for the vendor: redacted) context.
    return {**context, "summary": qbr_summary(context)}


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
