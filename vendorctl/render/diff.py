"""The diff report as plain text for the terminal, and its closing summary line."""

from __future__ import annotations

from typing import Any


def diff(data: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """The changes as plain text, vendor by vendor, with the closing summary."""
    lines = [
        f"Changes from {data['base']['title']} to {data['head']['title']}, as of {data['as_of']}"
    ]
    for vendor in data["vendors"]:
        lines.append("")
        lines.append(f"{vendor['name']} ({vendor['id']})" if vendor["id"] else vendor["name"])
        for change in vendor["changes"]:
            values = ""
            if not _said(change):
                values = f": {change['before'] or 'none'} -> {change['after'] or 'none'}"
            note = f" ({change['data']['note']})" if "note" in change["data"] else ""
            mark = "  [review]" if change["review"] else ""
            lines.append(
                f"  {change['kind']}  {change['subject']}, {change['what']}{values}{note}{mark}"
            )
    lines.append("")
    lines.append(summary(data))
    return "\n".join(lines) + "\n"


def _said(change: dict[str, Any]) -> bool:
    """Whether the change's words already state each of its values, as whole words (`erases the
    EUR 1,500.00 credit`): then `before -> after` would only repeat them."""
    words = f" {change['what']} "
    values = [v for v in (change["before"], change["after"]) if v is not None]
    return all(value and f" {value} " in words for value in values)


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
