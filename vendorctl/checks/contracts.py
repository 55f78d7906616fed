"""Contract checks: consistent dates and renewal terms, sane SLA credit tiers."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio
from vendorctl.load.yamlio import Document
from vendorctl.model.contract import Contract, Sla
from vendorctl.model.vendor import KpiDefinition

_WINDOW_RANK = {"monthly": 1, "quarterly": 3, "yearly": 12}


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
                    yield from _sla(record.doc, record.model, index, sla, kpi)


def _sla(
    doc: Document, contract: Contract, index: int, sla: Sla, kpi: KpiDefinition
) -> Iterator[Diagnostic]:
    loc = ("slas", index)
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
