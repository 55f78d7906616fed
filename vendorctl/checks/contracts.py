"""Contract checks: consistent dates and renewal terms, sane SLA credit tiers, amendments that
take effect within the term and in order and hold the terms they amend to the same rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from vendorctl.checks.common import FirstSeen
from vendorctl.checks.registry import check
from vendorctl.compute.renewals import last_day_in_force
from vendorctl.compute.terms import terms_on
from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load.portfolio import Portfolio
from vendorctl.load.yamlio import Document
from vendorctl.model.contract import Amendment, Contract, Sla
from vendorctl.model.vendor import KpiDefinition

_WINDOW_RANK = {"monthly": 1, "quarterly": 3, "yearly": 12}
DATES = "contract-dates"  # also an amendment's effective date out of the term or out of order
RENEWAL = "contract-renewal"


@check
def contract_dates(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Term dates in order; auto-renewal has an initial end and a renewal term."""
    for files in portfolio.vendors.values():
        for record in files.contracts:
            doc, contract = record.doc, record.model
            if contract.end is not None and contract.end < contract.start:
                yield doc.diagnostic(
                    ("end",),
                    "contract-dates",
                    f"end {contract.end} is before start {contract.start}",
                )
            if (
                contract.signed is not None
                and contract.end is not None
                and contract.signed > contract.end
            ):
                yield doc.diagnostic(
                    ("signed",),
                    "contract-dates",
                    f"signed {contract.signed} is after the term ends on {contract.end}",
                )
            if contract.auto_renew and contract.end is None:
                yield doc.diagnostic(
                    ("auto_renew",),
                    "contract-renewal",
                    "an auto-renewing contract needs `end`, the last day of its initial term",
                )
            if contract.auto_renew and contract.renewal_term is None:
                yield doc.diagnostic(
                    ("auto_renew",),
                    "contract-renewal",
                    'an auto-renewing contract needs `renewal_term`, e.g. "12 months"',
                )
            if contract.renewal_term is not None and not contract.auto_renew:
                yield doc.diagnostic(
                    ("renewal_term",),
                    "contract-renewal",
                    "`renewal_term` has no effect without `auto_renew: true`",
                    severity="warning",
                )
            if contract.end is not None and contract.notice_period is not None:
                deadline = contract.notice_period.subtract_from(contract.end)
                if deadline < contract.start:
                    yield doc.diagnostic(
                        ("notice_period",),
                        "contract-dates",
                        f"notice period {contract.notice_period} is longer than the term: the "
                        f"notice deadline {deadline} falls before the start {contract.start}",
                        severity="warning",
                    )


@check
def sla_credits(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """SLA credit tiers point the KPI's way, get larger as service gets worse, and have charges."""
    for files in portfolio.vendors.values():
        kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis} if files.vendor else {}
        for record in files.contracts:
            for index, sla in enumerate(record.model.slas):
                kpi = kpis.get(sla.kpi)
                if kpi is not None:
                    yield from _sla(record.doc, record.model, ("slas", index), sla, kpi)
            yield from _claim_period(record.doc, record.model)


def _claim_period(doc: Document, contract: Contract) -> Iterator[Diagnostic]:
    """Credits without a claim period have no claim-by date: they would never lapse, and
    nothing would remind anyone to claim them."""
    credited = [i for i, sla in enumerate(contract.slas) if sla.credits]
    amended = any(sla.credits for item in contract.amendments for sla in item.slas)
    period = contract.claim_period is not None or any(
        item.claim_period is not None for item in contract.amendments
    )
    if (credited or amended) and not period:
        yield doc.diagnostic(
            ("slas", credited[0]) if credited else ("amendments",),
            "claim-period",
            "credit tiers without a `claim_period`: no claim-by date can be given, so the "
            "credits never lapse and nothing says when to claim them; add the contract's, "
            'e.g. `claim_period: "60 days"`',
            severity="warning",
        )


def _sla(
    doc: Document, contract: Contract, loc: Loc, sla: Sla, kpi: KpiDefinition
) -> Iterator[Diagnostic]:
    """The checks of one SLA at `loc`, against the contract terms it runs under (its cap and
    charges)."""
    if _WINDOW_RANK[sla.window] < _WINDOW_RANK[kpi.frequency]:
        yield doc.diagnostic(
            (*loc, "window"),
            "sla-window",
            f"a {sla.window} SLA cannot be evaluated on KPI `{kpi.id}`, measured {kpi.frequency}",
        )
    if not sla.credits:
        return
    side = "below" if kpi.direction == "higher" else "above"
    for tier_index, tier in enumerate(sla.credits):
        if (tier.below is not None) != (side == "below"):
            yield doc.diagnostic(
                (*loc, "credits", tier_index),
                "credit-tiers",
                f"KPI `{kpi.id}` is {kpi.direction}-is-better, so its credit tiers use `{side}:`",
            )
            return
    worse_first = sorted(
        enumerate(sla.credits), key=lambda item: item[1].threshold, reverse=side == "above"
    )
    for (i, milder), (j, harsher) in zip(worse_first[1:], worse_first, strict=False):
        # worse_first runs from the worst threshold to the mildest: credits must fall along it.
        if milder.threshold == harsher.threshold:
            yield doc.diagnostic(
                (*loc, "credits", max(i, j)),
                "credit-tiers",
                f"two credit tiers share the threshold {milder.threshold:g}",
            )
        elif milder.credit >= harsher.credit:
            yield doc.diagnostic(
                (*loc, "credits", i),
                "credit-tiers",
                f"credit tiers out of step: {side} {milder.threshold:g} earns {milder.credit:g}% "
                f"but the worse {side} {harsher.threshold:g} earns only {harsher.credit:g}%; "
                "a worse value must earn a larger credit",
            )
    if contract.credit_cap is not None:
        for tier_index, tier in enumerate(sla.credits):
            if tier.credit > contract.credit_cap:
                yield doc.diagnostic(
                    (*loc, "credits", tier_index, "credit"),
                    "credit-tiers",
                    f"credit {tier.credit:g}% is above the contract's credit_cap of "
                    f"{contract.credit_cap:g}%: it can never be paid in full",
                    severity="warning",
                )
    mildest_index, mildest = worse_first[-1]
    beyond = mildest.threshold > sla.target if side == "below" else mildest.threshold < sla.target
    if beyond:
        yield doc.diagnostic(
            (*loc, "credits", mildest_index),
            "credit-tiers",
            f"tier `{side}: {mildest.threshold:g}` lies beyond the SLA target {sla.target:g}: "
            "credits would be owed while the SLA is met",
            severity="warning",
        )
    if contract.monthly_charge is None and contract.annual_value is None:
        yield doc.diagnostic(
            (*loc, "credits"),
            "credit-charges",
            "credit tiers need the contract's charges to compute amounts: add `monthly_charge` "
            "or `annual_value`",
            severity="warning",
        )


@check
def contract_amendments(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """Amendments: ids unique, each taking effect within the term and not before the one listed
    above it, and the terms as amended (`terms_on` its effective date) held to the contract's own
    rules: dates, renewal, SLA windows, credit tiers, caps and charges."""
    for files in portfolio.vendors.values():
        if not any(record.model.amendments for record in files.contracts):
            continue  # most vendors: nothing amended, nothing to check
        kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis} if files.vendor else {}
        for record in files.contracts:
            doc, contract = record.doc, record.model
            ids = FirstSeen("amendment id")
            previous: Amendment | None = None
            for index, amendment in enumerate(contract.amendments):
                loc = ("amendments", index)
                yield from ids.add(amendment.id, doc, (*loc, "id"))
                yield from _effective(doc, contract, loc, amendment, previous)
                previous = amendment
                terms = terms_on(contract, amendment.effective)
                yield from _amended_dates(doc, terms, loc, amendment)
                yield from _amended_renewal(doc, terms, loc, amendment)
                yield from _amended_slas(doc, terms, loc, amendment, kpis)


def _last_day(terms: Contract) -> date | None:
    """The last day in force of these terms alone (their own amendments not applied again)."""
    return last_day_in_force(terms.model_copy(update={"amendments": []}))


def _effective(
    doc: Document, contract: Contract, loc: Loc, amendment: Amendment, previous: Amendment | None
) -> Iterator[Diagnostic]:
    """The effective date within the term and not before the amendment listed above it.

    Within the term: not before the start, and not after the last day in force of the terms as
    they stood the day before; an amendment that itself carries the contract on (a new `end`,
    auto-renewal) may take effect on the day after that last day, continuing it without a gap.
    """
    day, where = amendment.effective, (*loc, "effective")
    said = f"amendment `{amendment.id}` takes effect on {day}"
    if day < contract.start:
        yield doc.diagnostic(
            where, DATES, f"{said}, before the contract starts on {contract.start}"
        )
    else:
        last = _last_day(terms_on(contract, day - timedelta(days=1)))
        # A term that ends before it starts is the contract's own error, said there.
        if last is not None and contract.start <= last < day:
            after = _last_day(terms_on(contract, day))
            extends = after is None or after >= day
            if not extends:
                yield doc.diagnostic(
                    where, DATES, f"{said}, after the contract's last day in force {last}"
                )
            elif day > last + timedelta(days=1):
                yield doc.diagnostic(
                    where,
                    DATES,
                    f"{said}, after the contract's last day in force {last}: an amendment that "
                    f"extends the term takes effect by the day after, {last + timedelta(days=1)}",
                )
    if previous is not None and day < previous.effective:
        yield doc.diagnostic(
            where,
            DATES,
            f"{said}, before `{previous.id}` listed above it ({previous.effective}): list the "
            "amendments in the order they take effect",
        )


def _amended_dates(
    doc: Document, terms: Contract, loc: Loc, amendment: Amendment
) -> Iterator[Diagnostic]:
    """A new `end` after the start and not before the amendment takes effect; a notice
    deadline, as amended, not before the start."""
    if amendment.end is not None:
        if amendment.end < terms.start:
            yield doc.diagnostic(
                (*loc, "end"), DATES, f"end {amendment.end} is before start {terms.start}"
            )
            return  # the notice deadline of a term that ends before it starts says no more
        if amendment.end < amendment.effective:
            yield doc.diagnostic(
                (*loc, "end"),
                DATES,
                f"end {amendment.end} is before the amendment takes effect on "
                f"{amendment.effective}: the term would be over before it applies",
            )
    given = "notice_period" if amendment.notice_period is not None else "end"
    if getattr(amendment, given) is None or terms.end is None or terms.notice_period is None:
        return
    deadline = terms.notice_period.subtract_from(terms.end)
    if deadline < terms.start:
        yield doc.diagnostic(
            (*loc, given),
            DATES,
            f"notice period {terms.notice_period} is longer than the term: the notice deadline "
            f"{deadline} falls before the start {terms.start}",
            severity="warning",
        )


def _amended_renewal(
    doc: Document, terms: Contract, loc: Loc, amendment: Amendment
) -> Iterator[Diagnostic]:
    """Auto-renewal, as amended, with an `end` and a `renewal_term`; a new `renewal_term` only
    where the terms as amended renew by themselves."""
    if amendment.auto_renew is not None and terms.auto_renew:
        if terms.end is None:
            yield doc.diagnostic(
                (*loc, "auto_renew"),
                RENEWAL,
                "an auto-renewing contract needs `end`, the last day of its initial term",
            )
        if terms.renewal_term is None:
            yield doc.diagnostic(
                (*loc, "auto_renew"),
                RENEWAL,
                'an auto-renewing contract needs `renewal_term`, e.g. "12 months"',
            )
    if amendment.renewal_term is not None and not terms.auto_renew:
        yield doc.diagnostic(
            (*loc, "renewal_term"),
            RENEWAL,
            "`renewal_term` has no effect without `auto_renew: true` (in the contract or an "
            "amendment in force)",
            severity="warning",
        )


def _amended_slas(
    doc: Document,
    terms: Contract,
    loc: Loc,
    amendment: Amendment,
    kpis: dict[str, KpiDefinition],
) -> Iterator[Diagnostic]:
    """The amendment's SLAs checked as the contract's are, under the terms as amended; a new
    credit cap below a credit of an SLA it leaves in force."""
    ids = FirstSeen("SLA id")
    for index, sla in enumerate(amendment.slas):
        yield from ids.add(sla.id, doc, (*loc, "slas", index, "id"))
        kpi = kpis.get(sla.kpi)
        if kpi is not None:
            yield from _sla(doc, terms, (*loc, "slas", index), sla, kpi)
    cap = amendment.credit_cap
    if cap is None:
        return
    given = {sla.id for sla in amendment.slas}
    for sla in terms.slas:
        highest = max((tier.credit for tier in sla.credits), default=0.0)
        if sla.id not in given and highest > cap:
            yield doc.diagnostic(
                (*loc, "credit_cap"),
                "credit-tiers",
                f"credit_cap {cap:g}% is below the {highest:g}% credit of SLA `{sla.id}`, still "
                "in force: that tier can never be paid in full",
                severity="warning",
            )
