"""`vendorctl new`: first drafts of vendor files, commented, in the right place, never overwriting.

A value not given is written as `~` (null) with a comment saying what it takes: the draft then
fails validation at the placeholders a file cannot do without, and `new` lists every one left,
those too that it validates with.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vendorctl.compute.followups import open_actions
from vendorctl.diagnostics import Loc, format_loc
from vendorctl.errors import UsageError
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.load.yamlio import Document, LoadError, node_at, parse
from vendorctl.model import FILE_KINDS
from vendorctl.model.people import PEOPLE_FILE, involved
from vendorctl.model.vendor import Person


class DraftError(UsageError):
    """The draft cannot be written as asked (exists already, unknown vendor, ...)."""


@dataclass(frozen=True)
class Draft:
    """A file to create, text to append to one, or the new text of one (an entry inserted)."""

    path: Path
    text: str
    mode: str = "create"  # create, append or update
    under: Loc = ()  # where in the file the draft's own entries are (its placeholders)


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
        others = sorted(set(portfolio.vendors) - {vendor_id})
        close = difflib.get_close_matches(vendor_id, others, n=1, cutoff=0.6)
        if close and files is None:
            raise DraftError(f"no vendor {vendor_id!r} in this portfolio; did you mean {close[0]}?")
        known = ", ".join(sorted(portfolio.vendors)) or "none"
        raise DraftError(f"no vendor {vendor_id!r} with a valid vendor.yaml; vendors: {known}")
    return files


# How many people of the shared directory a new vendor's draft lists, in comments.
_SHARED_LISTED = 12


def _comment(value: object, limit: int = 60) -> str:
    """Text for a YAML comment: one line whatever the data holds, clipped."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shared_lines(shared: Sequence[Person]) -> list[str]:
    """Comments listing the shared directory's people, whom the vendor names by id."""
    if not shared:
        return []
    lines = [f"# Shared internal people ({PEOPLE_FILE}): name them by id here, never copy them:"]
    for person in shared[:_SHARED_LISTED]:
        title = f", {person.title}" if person.title else ""
        lines.append(f"#   {person.id}: {_comment(person.name + title)} ({person.tier})")
    if len(shared) > _SHARED_LISTED:
        lines.append(f"#   ... and {len(shared) - _SHARED_LISTED} more in {PEOPLE_FILE}")
    lines.append(
        "# Their peer here: `counterpart: <their id>` on a vendor person, or "
        "`counterparts: {<their id>: <peer id>}`."
    )
    return lines


def vendor(
    root: Path,
    vendor_id: str,
    name: str | None,
    segment: str | None,
    status: str | None,
    shared: Sequence[Person] = (),
    relationship: str | None = None,
) -> Draft:
    """vendors/<id>/vendor.yaml; the people of the shared directory (`shared`, people.yaml)
    are listed in comments, and `relationship`, the relationship manager, is named by id."""
    roles = "roles: {}  # relationship, service_delivery, commercial, transformation: internal person ids"
    if relationship is not None:
        roles = (
            "roles:  # relationship, service_delivery, commercial, transformation: internal person "
            f"ids\n  relationship: {_value(relationship)}"
        )
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
                *_shared_lines(shared),
                roles,
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
    people = involved(model, portfolio.shared.people)
    attendees = [p.id for p in people if tier is not None and p.tier == tier]
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
                "    status: open  # open or resolved (then add `closed:`)",
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
        return Draft(
            portfolio.root / doc.path,
            "risks:\n" + "\n".join(entry) + "\n",
            "append",
            ("risks", 0),
        )
    top = doc.nodes.value if doc.nodes is not None else []
    node = next((v for k, v in top if getattr(k, "value", None) == "risks"), None)
    if node is not None and node.flow_style and not node.value:
        # `risks: []`, as `new vendor` writes it: the empty list becomes a block list. What
        # follows `[]` on its line (the comment naming a risk's keys) stays on the `risks:` line.
        start, end = node.start_mark.index, node.end_mark.index
        rest, newline, after = text[end:].partition("\n")
        return Draft(
            portfolio.root / doc.path,
            text[:start].rstrip() + rest.rstrip() + "\n" + "\n".join(entry) + newline + after,
            "update",
            ("risks", 0),
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
    return Draft(
        portfolio.root / doc.path,
        head + "\n".join(lines) + "\n" + tail,
        "update",
        ("risks", len(node.value)),
    )


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


@dataclass(frozen=True)
class Placeholder:
    """A `~` a draft left: where it stands, its key, and what it takes (the comment beside it)."""

    line: int
    col: int
    key: str
    hint: str


def placeholders(text: str, under: Loc = ()) -> list[Placeholder]:
    """Every `~` written in the file at or below `under` (the draft's own entries), in order."""
    doc = Document("", text, None)
    lines = text.splitlines()
    found: list[Placeholder] = []
    stack: list[tuple[Loc, Any]] = [(under, node_at(doc.nodes, under))]
    while stack:
        loc, node = stack.pop()
        kind = type(node).__name__
        if kind == "MappingNode":
            stack.extend(((*loc, str(k.value)), v) for k, v in reversed(node.value))
        elif kind == "SequenceNode":
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(node.value))))
        elif kind == "ScalarNode" and node.value == "~" and node.style in (None, ""):
            line, col = node.start_mark.line, node.start_mark.column
            _, _, comment = lines[line][col + 1 :].partition("#")
            found.append(Placeholder(line + 1, col + 1, format_loc(loc), comment.strip()))
    return found
