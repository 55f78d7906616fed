"""The diff report: a comparison as a pull-request comment (Markdown), JSON or terminal text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vendorctl.changes import KINDS
from vendorctl.jobs.diff import Review

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
                "review": change.kind in review.fail_on,
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


def _markdown(data: dict[str, Any], root: Path) -> str:
    from vendorctl.render.engine import render

    # Always the built-in template: a portfolio's own templates/ are part of the change under
    # review, and a pull request must not write the summary its reviewers read.
    return render("diff.md.j2", data)


def _json(data: dict[str, Any], root: Path) -> str:
    from vendorctl.reports.common import to_json

    return to_json(data)


def _text(data: dict[str, Any], root: Path) -> str:
    lines = [
        f"Changes from {data['base']['title']} to {data['head']['title']}, as of {data['as_of']}"
    ]
    for vendor in data["vendors"]:
        lines.append("")
        lines.append(f"{vendor['name']} ({vendor['id']})" if vendor["id"] else vendor["name"])
        for change in vendor["changes"]:
            values = ""
            if change["before"] is not None or change["after"] is not None:
                values = f": {change['before'] or 'none'} -> {change['after'] or 'none'}"
            mark = "  [review]" if change["review"] else ""
            lines.append(f"  {change['kind']}  {change['subject']}, {change['what']}{values}{mark}")
    lines.append("")
    lines.append(summary(data))
    return "\n".join(lines) + "\n"


def summary(data: dict[str, Any]) -> str:
    """The closing line: how many changes, in how many vendors, and how many need review."""
    if not data["total"]:
        return "No changes that matter."
    found = f"{_plural(data['total'], 'change')} in {_plural(len(data['vendors']), 'vendor')}"
    if not data["flagged"]:
        return f"{found}."
    verb = "needs" if data["flagged"] == 1 else "need"
    return f"{found}; {data['flagged']} {verb} review: {', '.join(data['flagged_kinds'])}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


FORMATS: dict[str, Callable[[dict[str, Any], Path], str]] = {
    "md": _markdown,
    "json": _json,
    "text": _text,
}
