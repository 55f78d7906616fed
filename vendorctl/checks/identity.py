"""Identity checks: a vendor's id matches its folder, and ids are unique where they must be."""

from __future__ import annotations

from collections.abc import Iterator, Sized

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.registry import Overview, check, overall_check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.model.people import PEOPLE_FILE

# Lists in vendor.yaml whose entries carry an id unique within the vendor.
_VENDOR_LISTS = {
    "objectives": "objective",
    "people": "person",
    "kpis": "KPI",
    "risks": "risk",
}


@check
def folder_matches_id(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A vendor's `id` equals the name of its folder."""
    for files in portfolio.vendors.values():
        if files.vendor and files.vendor.model.id != files.folder:
            yield files.vendor.doc.diagnostic(
                ("id",),
                "id-mismatch",
                f"id `{files.vendor.model.id}` differs from its folder `vendors/{files.folder}/`; "
                "rename the folder or change the id so they match",
            )


def _unique(keys: set[object], items: Sized) -> bool:
    """Whether no key repeats (as many keys as items): nearly always, so the entries are gone
    through only otherwise."""
    return len(keys) == len(items)


@check
def unique_ids(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Ids are unique within their vendor (contract ids: see `unique_contract_ids`)."""
    for files in portfolio.vendors.values():
        if files.vendor:
            doc, vendor = files.vendor.doc, files.vendor.model
            for field_name, what in _VENDOR_LISTS.items():
                items = getattr(vendor, field_name)
                if _unique({item.id for item in items}, items):
                    continue
                seen = FirstSeen(f"{what} id")
                for index, item in enumerate(items):
                    yield from seen.add(item.id, doc, (field_name, index, "id"))
            if not _unique({rung.level for rung in vendor.escalation}, vendor.escalation):
                levels = FirstSeen("escalation level")
                for index, rung in enumerate(vendor.escalation):
                    yield from levels.add(rung.level, doc, ("escalation", index, "level"))
            if not _unique({entry.kind for entry in vendor.cadence}, vendor.cadence):
                cadences = FirstSeen("cadence for meeting kind")
                for index, entry in enumerate(vendor.cadence):
                    yield from cadences.add(entry.kind, doc, ("cadence", index, "kind"))
            if not _unique({line.period for line in vendor.budget}, vendor.budget):
                budgets = FirstSeen("budget period")
                for index, line in enumerate(vendor.budget):
                    yield from budgets.add(line.period, doc, ("budget", index, "period"))
        for record in files.contracts:
            if _unique({sla.id for sla in record.model.slas}, record.model.slas):
                continue
            slas = FirstSeen("SLA id")
            for index, sla in enumerate(record.model.slas):
                yield from slas.add(sla.id, record.doc, ("slas", index, "id"))
        issue_ids = [issue.id for log in files.issues for issue in log.model.issues]
        if not _unique(set(issue_ids), issue_ids):
            issues = FirstSeen("issue id")
            for log in files.issues:
                for index, issue in enumerate(log.model.issues):
                    yield from issues.add(issue.id, log.doc, ("issues", index, "id"))
        yield from _meeting_ids(files)
        if not _unique({survey.model.date for survey in files.health}, files.health):
            health = FirstSeen("health check on")
            for survey in files.health:
                yield from health.add(
                    survey.model.date, survey.doc, ("date",), str(survey.model.date)
                )


def _meeting_ids(files: VendorFiles) -> Iterator[Diagnostic]:
    """Meeting ids are unique within the vendor, action ids within their meeting."""
    meetings = FirstSeen("meeting id")
    for meeting in files.meetings:
        if meeting.model.id:
            yield from meetings.add(meeting.model.id, meeting.doc, ("id",))
        # The same action may be carried forward into later meetings: unique per meeting.
        actions = meeting.model.actions
        action_ids = [action.id for action in actions if action.id]
        if _unique(set(action_ids), action_ids):
            continue
        seen = FirstSeen("action id")
        for index, action in enumerate(actions):
            if action.id:
                yield from seen.add(action.id, meeting.doc, ("actions", index, "id"))


@check
def shared_people_not_redefined(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A vendor's own person does not reuse the id of a person in people.yaml: one id, one
    person, or a reference would mean one person in one vendor and another elsewhere."""
    record = portfolio.shared.record
    if record is None:
        return
    shared = {person.id: index for index, person in enumerate(record.model.people)}
    lines: dict[str, int] = {}
    for files in portfolio.vendors.values():
        if files.vendor is None:
            continue
        doc = files.vendor.doc
        for index, person in enumerate(files.vendor.model.people):
            if person.id not in shared:
                continue
            if person.id not in lines:
                lines[person.id] = record.doc.position(("people", shared[person.id], "id"))[0]
            yield doc.diagnostic(
                ("people", index, "id"),
                "duplicate-id",
                f"person `{person.id}` is already in the shared directory ({PEOPLE_FILE}:"
                f"{lines[person.id]}); remove them here to use that entry, or give them "
                "another id",
            )


@overall_check
def unique_contract_ids(overview: Overview) -> Iterator[Diagnostic]:
    """Contract ids are unique across the portfolio: renewals and reports name contracts by id."""
    contracts = FirstSeen("contract id")
    for ref in overview.contracts:
        yield from contracts.add(ref.id, ref.doc, ("id",))
