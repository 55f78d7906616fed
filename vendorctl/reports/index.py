"""The portfolio index (`reports/README.md`): every vendor at a glance, renewals, credits and
governance findings."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Container, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vendorctl.compute import credits as ledgers
from vendorctl.compute import scoring, standing
from vendorctl.compute.followups import open_issues
from vendorctl.compute.governance import health_index, latest_health
from vendorctl.compute.money import annual_value, currency_on, current_budget, per_currency
from vendorctl.compute.renewals import Renewal, all_renewals, by_urgency, key_date, vendor_renewals
from vendorctl.compute.vendor_slas import vendor_slas
from vendorctl.diagnostics import Findings, Outcome
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.model import Settings, periods
from vendorctl.model.periods import Kind, Period
from vendorctl.model.records import Measurement
from vendorctl.policies import run_policies
from vendorctl.reports.credit_rows import (
    by_deadline,
    by_window,
    credit_totals,
    lapsed_in,
    received_in,
)
from vendorctl.reports.credits import vendor_ledger
from vendorctl.reports.scorecard import _direction as card_direction
from vendorctl.reports.scorecard import _sla_summary as card_sla_summary
from vendorctl.reports.scorecard import _standing as card_standing
from vendorctl.reports.summary import index_summary

RENEWALS_AHEAD_DAYS = 180
# What the index and `list` show of a vendor's scorecard (`headline`).
HEADLINE = ("period", "score", "standing", "sla_summary", "change", "direction")


def vendor_row(
    checked: Checked, vendor_id: str, day: date, links: dict[str, str]
) -> dict[str, Any]:
    """One vendor's headline numbers, as the index and `list` show them."""
    model, files = checked.vendor(vendor_id)
    fiscal = checked.settings.fiscal_year_start
    period = _latest_quarter(files, day, fiscal)
    card = headline(checked, vendor_id, period, day)
    # This vendor's contracts only: the whole portfolio's, once per vendor, made the index
    # quadratic in the number of vendors.
    positions = vendor_renewals(checked, vendor_id, day)
    deadlines = [
        key for r in positions if r.status != "expired" and (key := key_date(r)) is not None
    ]
    issues = [i for log in files.issues for i in log.model.issues]
    health = latest_health((record.model for record in files.health), day)
    ours = health_index(health.ours) if health else None
    theirs = health_index(health.theirs) if health and health.theirs else None
    budget = current_budget(model, day, checked.settings.fiscal_year_start)
    return {
        "id": vendor_id,
        "name": model.name,
        "segment": model.segment,
        "status": model.status,
        "period": card["period"],
        "score": card["score"],
        "standing": card["standing"],
        "sla_summary": card["sla_summary"],
        "change": card["change"],
        "direction": card["direction"],
        "next_deadline": min(deadlines, default=None),
        "open_issues": len(open_issues(issues, day)),
        "health": ours,
        "health_gap": None if ours is None or theirs is None else theirs - ours,
        "annual_value": vendor_value(checked, vendor_id, day, positions),
        "budget": budget.as_dict() if budget else None,
        "links": links,
    }


def headline(checked: Checked, vendor_id: str, span: Period, day: date) -> dict[str, Any]:
    """What the index and `list` show of the vendor's scorecard for `span`: the same values,
    for a fraction of its work (two scores and one period's SLAs; no trend, KPI history, SLA
    windows or credits, which made `list` slower than `validate`)."""
    # `render` makes a live vendor's scorecard for its report just before the vendor's index
    # row: the values are read from it then (the key is the one reports/scorecard.py gives
    # it; should that change, they are only computed again).
    made = checked.memo.get("scorecard", {}).get((vendor_id, span, day, False, "internal"))
    if made is not None:
        return {key: made[1][key] for key in HEADLINE}
    model, files = checked.vendor(vendor_id)
    # Both scores are of measurements inside `span` and the period before it, and the SLA
    # windows that end within `span` begin no earlier than that, but for a year ending in it
    # (fiscal windows nest): the measurements from the earliest of those starts to the end of
    # `span` are all they read, and the rest need not be made decimals.
    fiscal = checked.settings.fiscal_year_start
    before = span.shift(-1)
    end = span.first + span.length
    since = before.first
    longest = periods.containing(span.start, longest_window(files), fiscal)
    if longest.first + longest.length <= end:
        since = min(since, longest.first)
    series = series_since(files, since, fiscal, until=end)
    current, previous = scoring.score_values(model.kpis, series, (span, before))
    # Each contract's SLAs as the claims check made them ready for these files (made now if it
    # did not run): `standing.sla_summary` of the vendor's KPIs and the settings' currency.
    book = vendor_slas(files, fiscal, checked.settings.currency)
    contracts = sorted(files.contracts, key=lambda r: r.model.id)
    summary = standing.counted([book.slas(record.model) for record in contracts], series, span)
    change = current - previous if current is not None and previous is not None else None
    # The scorecard's own ways of showing them (reports/scorecard.py), so both always agree.
    return {
        "period": span.label,
        "score": current,
        "standing": card_standing(current, checked, summary),
        "sla_summary": card_sla_summary(summary),
        "change": change,
        "direction": card_direction(change),
    }


def longest_window(files: VendorFiles) -> Kind:
    """The kind of the longest SLA window of the vendor's contracts and their amendments."""
    kinds = {
        sla.window
        for record in files.contracts
        for slas in (record.model.slas, *(a.slas for a in record.model.amendments))
        for sla in slas
    }
    return "year" if "yearly" in kinds else "quarter" if "quarterly" in kinds else "month"


def _latest_quarter(files: VendorFiles, day: date, fiscal: int) -> Period:
    """The vendor's `default_period`: the latest quarter ended by `day` that holds the start of
    a period it has a measurement of, else the last quarter ended by then. Read from the
    distinct texts naming those periods (`files.measured`, made once by the checks), far fewer
    than the measurements, each placed in its quarter once per process (`_QUARTERS`)."""
    last = periods.containing(day, "quarter", fiscal)
    if last.end > day:
        last = last.shift(-1)
    texts = set().union(*files.measured.values())
    known = _QUARTERS.setdefault(fiscal, {})
    try:
        quarters = set(map(known.__getitem__, texts))  # looked up in C, all known but the first
    except KeyError:
        for text in texts.difference(known):
            known[text] = periods.parse(text, fiscal).enclosing("quarter")
        quarters = set(map(known.__getitem__, texts))
    return max((q for q in quarters if q <= last), default=last)


# The quarter holding the start of each period named, by the text naming it, per fiscal start:
# a portfolio names the same few hundred periods.
_QUARTERS: dict[int, dict[str, Period]] = {}


def series_since(
    files: VendorFiles,
    month: int,
    fiscal: int,
    kpis: Container[str] | None = None,
    *,
    until: int = periods.END_MONTH,
) -> dict[str, dict[Period, Decimal]]:
    """The vendor's series (`vendor_series`) of the measurements of periods that start in
    `month` (by number) or later, before `until` if given, of the KPIs in `kpis` only if
    given: what a report reads of recent periods only, without making the other measurements
    decimals."""
    months = range(month, until)
    return scoring.series_of(
        itertools.chain.from_iterable(
            _naming(record.model.measurements, months, fiscal) for record in files.measurements
        ),
        fiscal,
        kpis=kpis,
        months=months,
    )


_PERIOD_OF = operator.attrgetter("period")


def _naming(measurements: list[Measurement], months: range, fiscal: int) -> Sequence[Measurement]:
    """The measurements of a file, or none if no period it names begins in one of `months`: a
    file of earlier years is passed over once its few distinct periods are read (in C), not
    measurement by measurement."""
    texts = set(map(_PERIOD_OF, measurements))
    if any(periods.parse(text, fiscal).first in months for text in texts):
        return measurements
    return ()


def vendor_value(
    checked: Checked, vendor_id: str, day: date, positions: list[Renewal] | None = None
) -> list[dict[str, Any]]:
    """The annual value of the vendor's contracts in force on `day`, per currency
    (`positions`: the contracts' `vendor_renewals` on `day`, if made already)."""
    currency = checked.settings.currency
    if positions is None:
        positions = vendor_renewals(checked, vendor_id, day)
    return per_currency(
        (currency_on(record.model, day, currency), annual_value(record.model, day))
        for record, position in zip(
            checked.portfolio.vendors[vendor_id].contracts, positions, strict=True
        )
        # Not yet started or ended: no value this year.
        if record.model.start <= day and position.status != "expired"
    )


def index(
    checked: Checked,
    *,
    day: date,
    links: dict[str, dict[str, str]],
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The index's context: `links` maps each vendor id to its reports, by kind; `rows` are the
    vendors' rows (`vendor_row`, in id order) if they were made already."""
    if rows is None:
        rows = [
            vendor_row(checked, v, day, links.get(v, {})) for v in sorted(checked.portfolio.vendors)
        ]
    return index_context(
        checked.settings,
        day,
        rows,
        renewals_ahead(all_renewals(checked, day), day),
        [row for v in sorted(checked.portfolio.vendors) for row in vendor_ledger(checked, v, day)],
        findings=governance_findings([policy_findings(checked.portfolio, day)]),
    )


def policy_findings(portfolio: Portfolio, day: date) -> Findings:
    """What the governance policies find in the vendors of `portfolio` (all or a share of
    them, checked without data errors) as of `day`: capped per file and code as `validate`
    caps them, not yet per run (see `governance_findings`)."""
    return Findings(per_run=None).extend(run_policies(portfolio, day))


def governance_findings(parts: Iterable[Findings]) -> Outcome:
    """The policy findings of every share of the vendors, kept and counted as `validate` keeps
    and counts them: the same whatever the shares, as each file is judged in one of them."""
    found = Findings()
    for part in parts:
        found.merge(part)
    return found.outcome(0)


def _finding_rows(findings: Outcome, names: dict[str, str]) -> list[dict[str, Any]]:
    """The lines `validate` prints for the findings (one per file and code for those not
    listed), in its order, which is by vendor folder as every path starts with it."""
    rows = []
    for d in findings.listed:
        vendor = d.path.split("/")[1] if d.path.startswith("vendors/") else ""
        rows.append(
            {
                "vendor": vendor,
                "vendor_name": names.get(vendor, vendor),
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
                "file": d.path,
                "line": d.line,
                "col": d.col,
            }
        )
    return rows


def renewals_ahead(renewals: Iterable[Renewal], day: date) -> list[Renewal]:
    """The renewals whose next key date falls within the index's horizon."""
    horizon = day + timedelta(days=RENEWALS_AHEAD_DAYS)
    return [r for r in renewals if (key := key_date(r)) is not None and day <= key <= horizon]


def index_context(
    settings: Settings,
    day: date,
    rows: list[dict[str, Any]],
    ahead: Iterable[Renewal],
    ledger: Iterable[dict[str, Any]],
    *,
    findings: Outcome,
) -> dict[str, Any]:
    """The index's context from the vendors' rows (in id order), the renewals ahead (from every
    vendor, in any order), every vendor's credit ledger rows (`vendor_ledger`) and the
    governance policies' findings (`governance_findings`)."""
    names = {row["id"]: row["name"] for row in rows}
    renewals = [
        {
            "vendor": r.vendor,
            "vendor_name": names.get(r.vendor, r.vendor),
            "contract": r.contract.id,
            "title": r.contract.title,
            "status": r.status,
            "deadline": key_date(r),
            "term_end": r.term_end,
            "annual_value": annual_value(r.contract, day),
            "currency": currency_on(r.contract, day, settings.currency),
        }
        for r in by_urgency(ahead)
    ]
    context = {
        "report": "index",
        "organisation": settings.organisation,
        "as_of": day,
        "vendors": rows,
        "renewals": renewals,
        "renewals_days": RENEWALS_AHEAD_DAYS,
        # Every row's deadline falls in the horizon: the value up for renewal in it.
        "renewals_value": per_currency((r["currency"], r["annual_value"]) for r in renewals),
        "findings": _finding_rows(findings, names),
        "findings_errors": findings.errors,
        "findings_warnings": findings.warnings,
        **credits_by_status(settings, day, ledger),
    }
    return {**context, "summary": index_summary(context)}


def credits_by_status(
    settings: Settings, day: date, ledger: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The index's view of the credits: what to claim (nearest deadline first), what was
    claimed and awaits its credit note, what was received and what lapsed this year."""
    rows = sorted(ledger, key=by_deadline)
    year = periods.containing(day, "year", settings.fiscal_year_start)
    received = sorted(
        received_in(rows, year.start, day),
        key=lambda r: (r["received_on"], r["vendor"], r["contract"], *by_window(r)),
    )
    lapsed = lapsed_in(rows, year.start, day)
    return {
        "credits_year": year.label,
        "credits_to_claim": [r for r in rows if r["status"] in ledgers.UNCLAIMED],
        "credits_awaiting": [r for r in rows if r["status"] in ("claimed", "disputed")],
        "credits_received": received,
        "credits_lapsed": lapsed,
        "credits_dropped": [
            r
            for r in rows
            if r["status"] in ("waived", "rejected")
            and r["claim_by"] is not None
            and year.start <= r["claim_by"] <= day
        ],
        "credit_totals": credit_totals(rows),
        "credits_received_totals": credit_totals(received),
        "credits_lapsed_totals": credit_totals(lapsed),
        "credit_claim_warning": str(settings.governance.credit_claim_warning),
    }
