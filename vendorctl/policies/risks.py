"""Policies on risks and the vendor lifecycle."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.compute.governance import risk_band, risk_score
from vendorctl.load.portfolio import VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model.vendor import Risk, Status
from vendorctl.policies.registry import Context, Finding, policy

_NOT_EXITED: frozenset[Status] = frozenset({"prospect", "onboarding", "active", "offboarding"})


def _them(items: list[str]) -> str:
    return "it" if len(items) == 1 else "them"


def _serious(files: VendorFiles) -> Iterator[tuple[Document, int, Risk, str]]:
    """The vendor's open high and critical risks: their file, index, risk and band."""
    assert files.vendor is not None
    for index, risk in enumerate(files.vendor.model.risks):
        band = risk_band(risk_score(risk))
        if risk.status != "closed" and band in ("high", "critical"):
            yield files.vendor.doc, index, risk, band


@policy(
    "risk-unmanaged",
    "High and critical risks have a mitigation, an owner and a review date.",
    statuses=_NOT_EXITED,
)
def risk_unmanaged(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for doc, index, risk, band in _serious(files):
        missing = [
            name
            for name, value in (
                ("mitigation", risk.mitigation),
                ("owner", risk.owner),
                ("review_by", risk.review_by),
            )
            if not value
        ]
        if missing:
            yield Finding(
                doc,
                ("risks", index),
                f"{band} risk `{risk.id}` (score {risk_score(risk)}) has no "
                f"{', '.join(f'`{m}`' for m in missing)}; add {_them(missing)}",
            )


@policy(
    "risk-review-overdue",
    "No high or critical risk is past its review date.",
    statuses=_NOT_EXITED,
)
def risk_review_overdue(context: Context, files: VendorFiles) -> Iterator[Finding]:
    for doc, index, risk, band in _serious(files):
        if risk.review_by is not None and risk.review_by < context.as_of:
            yield Finding(
                doc,
                ("risks", index, "review_by"),
                f"{band} risk `{risk.id}` was due for review on {risk.review_by}; review it and "
                "set the next `review_by`",
            )


@policy(
    "active-incomplete",
    "An active vendor has completed its onboarding checklist and its selection record (scored, "
    "or legacy and saying how the relationship began).",
    "error",
    statuses=frozenset({"active"}),
)
def active_incomplete(context: Context, files: VendorFiles) -> Iterator[Finding]:
    assert files.vendor is not None
    vendor, doc = files.vendor.model, files.vendor.doc
    for index, item in enumerate(vendor.onboarding):
        if not item.done:
            yield Finding(
                doc,
                ("onboarding", index),
                f"the vendor is active but onboarding task '{item.task}' is not done; finish it "
                "(`done: true`) or set the status back to onboarding",
            )
    record = vendor.selection
    if record is None:
        yield Finding(
            doc,
            ("status",),
            "the vendor is active without a selection record; add `selection:` with the "
            "weighted evaluation that chose it, or, for a vendor that predates the selection "
            "process, `selection: {legacy: true, summary: ...}` saying how the relationship began",
        )
        return
    # A legacy record stands in for the evaluation only by saying why there is none; an empty
    # record that does not claim to be legacy stands in for nothing.
    if record.legacy and not (record.summary or "").strip():
        yield Finding(
            doc,
            ("selection", "legacy"),
            "the vendor is active with a legacy selection record that does not say how the "
            "relationship began; add `summary:` (e.g. supplier since 2014, contract inherited "
            "from the merger)",
        )
    elif not record.legacy and not record.criteria and not (record.summary or "").strip():
        yield Finding(
            doc,
            ("selection",),
            "the vendor is active but its selection record is empty; add the weighted "
            "evaluation (`criteria:`) that chose it, or, for a vendor that predates the "
            "selection process, `legacy: true` and a `summary:` of how the relationship began",
        )
    for index, criterion in enumerate(record.criteria):
        if criterion.score is None:
            yield Finding(
                doc,
                ("selection", "criteria", index),
                f"the vendor is active but selection criterion `{criterion.criterion}` has no "
                "score; score it from 1 to 5",
            )
