"""`vendorctl list` and `vendorctl show`: the portfolio at a glance, one vendor on one screen."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendorctl.compute.escalation import due_text, escalation_due
from vendorctl.compute.followups import open_actions, open_issues
from vendorctl.compute.governance import ranked_risks, risk_band, risk_score
from vendorctl.compute.meetings import next_review
from vendorctl.compute.obligations import contract_obligations
from vendorctl.compute.renewals import key_date, vendor_renewals
from vendorctl.errors import ReportError
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.model.people import names_of
from vendorctl.model.records import Issue
from vendorctl.model.vendor import Vendor
from vendorctl.reports import sections
from vendorctl.reports.index import vendor_row

SORT_KEYS = ("name", "segment", "status", "score", "deadline", "issues")
TOP = 5


def _sort_key(field: str) -> Any:
    def key(row: dict[str, Any]) -> Any:
        if field == "score":  # best first, no score last
            return (row["score"] is None, -(row["score"] or 0), row["name"])
        if field == "deadline":
            return (row["next_deadline"] is None, row["next_deadline"] or date.max, row["name"])
        if field == "issues":
            return (-row["open_issues"], row["name"])
        return (row[field], row["name"])

    return key


def listing(
    checked: Checked, *, day: date, segment: str | None, status: str | None, sort: str
) -> dict[str, Any]:
    """Every vendor (optionally of one segment or status) with its headline numbers."""
    return listed(day, [vendor_rows(checked, day)], segment=segment, status=status, sort=sort)


def vendor_rows(checked: Checked, day: date) -> list[dict[str, Any]]:
    """The rows of the vendors of `checked` (all or a share of them), in id order."""
    return [
        vendor_row(checked, vendor_id, day, {}) for vendor_id in sorted(checked.portfolio.vendors)
    ]


def listed(
    day: date,
    parts: list[list[dict[str, Any]]],
    *,
    segment: str | None,
    status: str | None,
    sort: str,
) -> dict[str, Any]:
    """The list's context from the rows of every share of the vendors (`vendor_rows`), which
    hold each vendor once: the same for any shares."""
    if sort not in SORT_KEYS:
        raise ReportError(f"cannot sort by {sort!r}; choose from {', '.join(SORT_KEYS)}")
    rows = sorted((row for part in parts for row in part), key=lambda row: str(row["id"]))
    rows = [
        r
        for r in rows
        if (segment is None or r["segment"] == segment)
        and (status is None or r["status"] == status)
    ]
    return {"report": "list", "as_of": day, "vendors": sorted(rows, key=_sort_key(sort))}


def _obligations(files: VendorFiles, names: dict[str, str], day: date) -> list[dict[str, Any]]:
    """The obligations of both sides still to do: those overdue (longest first), then the next
    due dates ahead (soonest first); a one-off already done is not listed."""
    rows = []
    for record in sorted(files.contracts, key=lambda c: c.model.id):
        for state in contract_obligations(record.model, day):
            due = state.overdue or state.upcoming
            if due is None:
                continue
            duty = state.obligation
            rows.append(
                {
                    **sections.obligation_fields(record.model, duty, names),
                    "due": due.due,
                    "days_overdue": due.days if due.status == "overdue" else None,
                    "record": state.record_text() if state.recurring else None,
                }
            )
    return sorted(rows, key=lambda r: (r["days_overdue"] is None, r["due"], r["contract"], r["id"]))


def _escalation_due(model: Vendor, issue: Issue, names: dict[str, str], day: date) -> str | None:
    """The sentence saying the issue's next escalation is due, or None if none is."""
    due = escalation_due(model, issue, day)
    return None if due is None else due_text(due, names, "")


def _next_review(model: Vendor, meetings: list[Any], day: date) -> dict[str, Any]:
    review = next_review(model, meetings, day)
    return {
        "date": review.date,
        "name": review.name,
        "kind": review.cadence.kind,
        "overdue": review.overdue,
        "last": review.last.date if review.last is not None else None,
    }


def show(checked: Checked, *, vendor: str, day: date) -> dict[str, Any]:
    """One vendor on one screen: people and roles, contracts and deadlines, the terms in force
    and the amendments, latest score, open actions and issues, top risks."""
    model, files = checked.vendor(vendor)
    shared = checked.portfolio.shared.people
    names = names_of(model, shared)
    row = vendor_row(checked, vendor, day, {})
    meetings = [record.model for record in files.meetings]
    issues = [i for log in files.issues for i in log.model.issues]
    deadlines = {r.contract.id: r for r in vendor_renewals(checked, vendor, day)}
    terms = {line["id"]: line for line in sections.contract_lines(checked, files, day)}
    return {
        "report": "show",
        "as_of": day,
        "vendor": {
            "id": model.id,
            "name": model.name,
            "category": model.category,
            "segment": model.segment,
            "status": model.status,
        },
        "headline": row,
        "roles": [
            {"role": sections.ROLES[r], "holder": names.get(getattr(model.roles, r) or "")}
            for r in sections.ROLES
        ],
        "people": sections.attendees(model, shared),
        "contracts": [
            {
                "id": c.model.id,
                "title": c.model.title,
                "status": deadlines[c.model.id].status,
                "term_end": deadlines[c.model.id].term_end,
                "deadline": key_date(deadlines[c.model.id]),
                # The terms and SLAs in force on the as-of date, and the amendments.
                "terms": terms[c.model.id],
            }
            for c in sorted(files.contracts, key=lambda c: c.model.id)
        ],
        # The same date as the QBR's and the onboarding pack's (compute/meetings.py).
        "next_review": _next_review(model, meetings, day),
        "obligations": _obligations(files, names, day),
        "actions": [
            {
                "title": a.action.title,
                "owner": names.get(a.action.owner, a.action.owner),
                "due": a.action.due,
                "days_overdue": a.days_overdue,
            }
            for a in open_actions(meetings, day)
        ],
        "issues": [
            {
                "title": i.issue.title,
                "severity": i.issue.severity,
                "age_days": i.age_days,
                "level": i.level,
                "escalation_due": _escalation_due(model, i.issue, names, day),
            }
            for i in open_issues(issues, day)
        ],
        "risks": [
            {"title": r.title, "score": risk_score(r), "band": risk_band(risk_score(r))}
            for r in ranked_risks(model.risks)[:TOP]
        ],
    }
