"""`vendorctl new`: first drafts of vendor files, commented, in the right place, never overwriting.

A value not given is written as `~` (null) with a comment saying what it takes: the draft then
fails validation exactly at the placeholders still to fill, and `new` lists them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vendorctl.compute.followups import open_actions
from vendorctl.errors import UsageError
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.load.yamlio import LoadError, parse
from vendorctl.model import FILE_KINDS


class DraftError(UsageError):
    """The draft cannot be written as asked (exists already, unknown vendor, ...)."""


@dataclass(frozen=True)
class Draft:
    """A file to create, text to append to one, or the new text of one (an entry inserted)."""

    path: Path
    text: str
    mode: str = "create"  # create, append or update


def _value(value: object) -> str:
    """A YAML scalar for a value, or the null placeholder."""
    if value is None:
        return "~"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[a-z][a-z0-9-]*", text):  # ids and enum words need no quotes
        return text
    return json.dumps(text, ensure_ascii=False)


def _vendor(portfolio: Portfolio, vendor_id: str) -> VendorFiles:
    files = portfolio.vendors.get(vendor_id)
    if files is None or files.vendor is None:
        known = ", ".join(sorted(portfolio.vendors)) or "none"
        raise DraftError(f"no vendor {vendor_id!r} with a valid vendor.yaml; vendors: {known}")
    return files


def vendor(
    root: Path, vendor_id: str, name: str | None, segment: str | None, status: str | None
) -> Draft:
    """vendors/<id>/vendor.yaml."""
    return Draft(
        root / "vendors" / vendor_id / "vendor.yaml",
        "\n".join(
            [
                FILE_KINDS["vendor"].modeline(),
                f"id: {vendor_id}",
                f"name: {_value(name)}  # display name",
                f"segment: {_value(segment)}  # strategic, tactical, operational or commodity",
                f"status: {_value(status)}  # prospect, onboarding, active, offboarding or exited",
                "category: ~  # what the vendor provides, e.g. cloud hosting (optional)",
                "objectives: []  # {id, title, measure, due, status}",
                "people: []  # {id, name, side: internal|vendor, title, tier: operational|management|executive, counterpart}",
                "roles: {}  # relationship, service_delivery, commercial, transformation: internal person ids",
                'cadence: []  # {kind, tier, every: "1 month"}',
                "escalation: []  # {level, tier, internal, vendor}",
                "kpis: []  # {id, name, unit, direction: higher|lower, target, floor, weight}",
                "risks: []  # {id, title, likelihood: 1-5, impact: 1-5, owner, mitigation, review_by}",
                "",
            ]
        ),
    )


def contract(
    portfolio: Portfolio,
    vendor_id: str,
    contract_id: str,
    title: str | None,
    kind: str | None,
    start: date | None,
) -> Draft:
    """vendors/<vendor>/contracts/<id>.yaml."""
    _vendor(portfolio, vendor_id)
    return Draft(
        portfolio.root / "vendors" / vendor_id / "contracts" / f"{contract_id}.yaml",
        "\n".join(
            [
                FILE_KINDS["contract"].modeline(),
                f"id: {contract_id}",
                f"title: {_value(title)}  # the contract's name",
                f"kind: {_value(kind)}  # msa, sow, subscription, licence, support, managed-service, framework, outsourcing, connectivity, other",
                f"start: {_value(start)}  # first day of the term, YYYY-MM-DD",
                "end: ~  # last day of the initial term; remove for an evergreen contract",
                "auto_renew: false  # true if it renews itself unless notice is given",
                "# renewal_term: 12 months  # with auto_renew",
                "notice_period: 90 days  # notice needed to end or not renew",
                "# monthly_charge: 10000  # or annual_value: 120000, for service credits",
                "# credit_cap: 20  # percent of a window's charges",
                "# claim_period: 30 days",
                "slas: []  # {id, kpi, target, window: monthly, credits: [{below|above: X, credit: Y}]}",
                "",
            ]
        ),
    )


def meeting(portfolio: Portfolio, vendor_id: str, kind: str | None, day: date) -> Draft:
    """vendors/<vendor>/meetings/<date>-<kind>.yaml, attendees and open actions pre-filled."""
    files = _vendor(portfolio, vendor_id)
    model = files.vendor.model  # type: ignore[union-attr]
    cadence = next((c for c in model.cadence if c.kind == kind), None)
    tier = cadence.tier if cadence else None
    attendees = [p.id for p in model.people if tier is not None and p.tier == tier]
    earlier = [r.model for r in files.meetings if r.model.kind == kind and r.model.date < day]
    carried = open_actions(earlier, day)
    lines = [
        FILE_KINDS["meeting"].modeline(),
        f"date: {day.isoformat()}",
        f"kind: {_value(kind)}  # a cadence kind: {', '.join(c.kind for c in model.cadence) or 'none yet'}",
        f"tier: {_value(tier)}  # operational, management or executive",
        f"attendees: [{', '.join(attendees)}]  # person ids of both sides",
        "decisions: []  # what was decided, one line each",
    ]
    if carried:
        lines.append("actions:  # carried forward from earlier meetings; update their status")
        for item in carried:
            action = item.action
            due = f", due: {action.due.isoformat()}" if action.due else ""
            ident = f"id: {action.id}, " if action.id else ""
            lines.append(
                f"  - {{{ident}title: {_value(action.title)}, owner: {action.owner}{due}, status: open}}"
            )
    else:
        lines.append("actions: []  # {id, title, owner, due, status: open|done|dropped}")
    name = f"{day.isoformat()}-{kind or 'meeting'}.yaml"
    return Draft(
        portfolio.root / "vendors" / vendor_id / "meetings" / name, "\n".join([*lines, ""])
    )


def health(portfolio: Portfolio, vendor_id: str, day: date) -> Draft:
    """vendors/<vendor>/health/<date>.yaml: the survey for both sides."""
    _vendor(portfolio, vendor_id)
    side = [
        "  trust: ~  # 1 (low) to 5 (high)",
        "  communication: ~  # 1 to 5",
        "  commitment: ~  # 1 to 5",
        "  collaboration: ~  # 1 to 5",
        "  satisfaction: ~  # 1 to 5",
        "  comments: ~  # what respondents said (internal)",
    ]
    return Draft(
        portfolio.root / "vendors" / vendor_id / "health" / f"{day.isoformat()}.yaml",
        "\n".join(
            [
                FILE_KINDS["health"].modeline(),
                f"date: {day.isoformat()}",
                "ours:  # our organisation's view",
                *side,
                "theirs:  # the vendor's view",
                *side,
                "",
            ]
        ),
    )


def issue(
    portfolio: Portfolio, vendor_id: str, issue_id: str, title: str | None, opened: date
) -> Draft:
    """vendors/<vendor>/issues/<id>.yaml."""
    _vendor(portfolio, vendor_id)
    return Draft(
        portfolio.root / "vendors" / vendor_id / "issues" / f"{issue_id}.yaml",
        "\n".join(
            [
                FILE_KINDS["issues"].modeline(in_folder=True),
                "issues:",
                f"  - id: {issue_id}",
                f"    title: {_value(title)}  # the issue, in one line",
                f"    opened: {opened.isoformat()}",
                "    severity: medium  # low, medium, high or critical",
                "    owner: ~  # internal person id (optional)",
                "    escalations: []  # {date, level, note}",
                "",
            ]
        ),
    )


def risk(
    portfolio: Portfolio,
    vendor_id: str,
    risk_id: str,
    title: str | None,
    likelihood: int | None,
    impact: int | None,
) -> Draft:
    """An entry appended to the `risks:` list of vendors/<vendor>/vendor.yaml."""
    files = _vendor(portfolio, vendor_id)
    doc = files.vendor.doc  # type: ignore[union-attr]
    if any(r.id == risk_id for r in files.vendor.model.risks):  # type: ignore[union-attr]
        raise DraftError(f"vendor {vendor_id!r} already has a risk {risk_id!r}")
    entry = [
        f"  - id: {risk_id}",
        f"    title: {_value(title)}",
        f"    likelihood: {_value(likelihood)}  # 1 (rare) to 5 (almost certain)",
        f"    impact: {_value(impact)}  # 1 (minor) to 5 (severe)",
        "    owner: ~  # internal person id",
        "    mitigation: ~  # what reduces the risk now",
        "    review_by: ~  # next review, YYYY-MM-DD",
    ]
    text = doc.text if doc.text.endswith("\n") else doc.text + "\n"
    if "risks" not in doc.data:
        return Draft(portfolio.root / doc.path, "risks:\n" + "\n".join(entry) + "\n", "append")
    top = doc.nodes.value if doc.nodes is not None else []
    node = next((v for k, v in top if getattr(k, "value", None) == "risks"), None)
    if node is not None and node.flow_style and not node.value:
        # `risks: []`, as `new vendor` writes it: the empty list becomes a block list.
        start, end = node.start_mark.index, node.end_mark.index
        return Draft(
            portfolio.root / doc.path,
            text[:start].rstrip() + "\n" + "\n".join(entry) + text[end:],
            "update",
        )
    if node is None or node.flow_style or not node.value:
        raise DraftError(
            f"{doc.path}: `risks:` is not a block list vendorctl can append to; add this entry "
            "by hand:\n" + "\n".join(entry)
        )
    # After the list's last item, with its dash at the column the list's dashes use.
    dash = " " * max(node.value[0].start_mark.column - 2, 0)
    lines = [dash + line[2:] for line in entry]
    head, tail = text[: node.end_mark.index], text[node.end_mark.index :]
    head = head if head.endswith("\n") else head + "\n"
    return Draft(portfolio.root / doc.path, head + "\n".join(lines) + "\n" + tail, "update")


def full_text(draft: Draft) -> str:
    """The file's text once the draft is written."""
    if draft.mode == "append" and draft.path.is_file():
        current = draft.path.read_text(encoding="utf-8")
        return current + ("" if current.endswith("\n") else "\n") + draft.text
    return draft.text


def check(draft: Draft) -> str:
    """The file's new text, refused if it would not even parse (a bug in the drafts above)."""
    text = full_text(draft)
    try:
        parse(text, str(draft.path))
    except LoadError as exc:
        raise DraftError(f"the draft does not parse: {exc}") from None
    return text
