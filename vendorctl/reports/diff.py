"""The diff report: a comparison as a pull-request comment (Markdown), JSON or terminal text."""

from __future__ import annotations

from typing import Any

from vendorctl.changes import KINDS
from vendorctl.changes.review import Review

_WORDS = {"sla": "SLA", "kpi": "KPI"}


def label(kind: str) -> str:
    """A kind of change as words: `sla-weakened` reads `SLA weakened`."""
    words = [_WORDS.get(word, word) for word in kind.split("-")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def context(review: Review) -> dict[str, Any]:
    """The report's context: plain data that the Markdown, JSON and text views share."""
    comparison = review.comparison
    vendors: dict[str, list[dict[str, Any]]] = {}
    for change in comparison.changes:
        vendors.setdefault(change.vendor, []).append(
            {
                "kind": change.kind,
                "label": label(change.kind),
                "subject": change.subject,
                "what": change.what,
                "before": change.before,
                "after": change.after,
                "review": review.needs_review(change),
                "data": change.data,
            }
        )
    flagged = review.flagged
    return {
        "report": "diff",
        "organisation": review.organisation,
        "base": _side(review.base),
        "head": _side(review.head),
        "as_of": comparison.as_of,
        "total": len(comparison.changes),
        "vendors": [
            {"id": vendor_id or None, "name": comparison.names[vendor_id], "changes": changes}
            for vendor_id, changes in vendors.items()
        ],
        "fail_on": sorted(review.fail_on, key=list(KINDS).index),
        "flagged": len(flagged),
        "flagged_kinds": [kind for kind in KINDS if any(c.kind == kind for c in flagged)],
    }


def _side(revision: Any) -> dict[str, Any]:
    return {"name": revision.label, "commit": revision.sha, "title": revision.title}
