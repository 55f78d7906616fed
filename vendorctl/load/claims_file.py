"""Claims appended to a vendor's `claims.yaml` as text: every byte already there is kept.

The file is never dumped again from its data (that would lose its comments, blank lines, quoting
and key order): the new entries are written after the list's last item, in its indentation and
style, and nothing else changes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import yaml

from vendorctl.errors import UsageError
from vendorctl.load import locate

# Windows YAML reads back as text when written plain: months and quarters (a year such as 2026
# would be read as a number, so anything else is quoted).
_PLAIN_WINDOW = re.compile(r"^(?:FY)?[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")
_BREAK = re.compile(r"\r\n|\r|\n")
_NULLS = ("", "~", "null", "Null", "NULL")


class AppendError(UsageError):
    """The file's `claims:` is not a list the entries can be appended to as text."""


@dataclass(frozen=True)
class NewClaim:
    """A claim to record: sent on `claimed_on` for the credit of one contract and window."""

    contract: str
    window: str
    claimed_on: date


def _fields(claim: NewClaim) -> list[tuple[str, str]]:
    window = claim.window if _PLAIN_WINDOW.match(claim.window) else f'"{claim.window}"'
    return [
        ("contract", claim.contract),
        ("window", window),
        ("claimed_on", claim.claimed_on.isoformat()),
        ("status", "claimed"),
    ]


def _block(claim: NewClaim, dash: int, key: int) -> list[str]:
    """One entry as a block mapping: the dash at column `dash`, the keys at column `key`."""
    pairs = [f"{name}: {value}" for name, value in _fields(claim)]
    first = " " * dash + "-" + " " * max(key - dash - 1, 1) + pairs[0]
    return [first, *(" " * key + pair for pair in pairs[1:])]


def _flow(claim: NewClaim, dash: int) -> list[str]:
    """One entry as a flow mapping on one line, as `- {contract: ..., window: ...}`."""
    pairs = ", ".join(f"{name}: {value}" for name, value in _fields(claim))
    return [" " * dash + "- {" + pairs + "}"]


def new_file(claims: Sequence[NewClaim], modeline: str) -> str:
    """The text of a new claims file: the modeline, then the claims as a block list."""
    lines = [modeline, "claims:"]
    for claim in claims:
        lines.extend(_block(claim, 2, 4))
    return "\n".join(lines) + "\n"


def appended(text: str, claims: Sequence[NewClaim], shown: str) -> str:
    """`text` (a valid claims file, `shown` in messages) with `claims` appended to its list.

    A block list gets the entries after its last item (and the comments indented under it),
    dashes at the list's column, in the style of its last item (block or one-line flow);
    `claims: []` or an empty `claims:` becomes a block list, a comment on that line kept. A
    non-empty flow list is refused (AppendError), with the entries to add by hand.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    if starts[-1] != len(text):
        starts.append(len(text))  # the last line, without a line break
    lines = [text[a:b] for a, b in itertools.pairwise(starts)]
    root = locate.compose(text)
    value = key = None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "claims":
                key, value = k, v
    if key is None or value is None:
        raise AppendError(f"{shown} has no `claims:` list to append to")
    if _empty(value) and value.start_mark.line == value.end_mark.line:
        row = value.start_mark.line
        lines[row] = _emptied(lines[row], value, newline)
        entries = [line for claim in claims for line in _block(claim, 2, 4)]
        return _insert(lines, row, entries, newline)
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        dash = value.start_mark.column
        last = value.value[-1]
        row = _owned_comments(lines, _last_line(last, lines), dash)
        if isinstance(last, yaml.MappingNode) and last.flow_style:
            entries = [line for claim in claims for line in _flow(claim, dash)]
        else:
            column = last.start_mark.column if isinstance(last, yaml.MappingNode) else dash + 2
            entries = [line for claim in claims for line in _block(claim, dash, column)]
        return _insert(lines, row, entries, newline)
    by_hand = "\n".join(line for claim in claims for line in _block(claim, 2, 4))
    raise AppendError(
        f"{shown}: `claims:` is not a block list vendorctl can append to; add these entries "
        f"to it by hand:\n{by_hand}"
    )


def _empty(node: yaml.Node) -> bool:
    """An empty list: `claims: []`, or `claims:` with nothing (or `~`, `null`) after it."""
    if isinstance(node, yaml.SequenceNode):
        return node.flow_style and not node.value
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in _NULLS
    )


def _emptied(line: str, value: yaml.Node, newline: str) -> str:
    """The line of `claims: []` (or `~`) without the value; a comment after it stays."""
    start, end = value.start_mark.column, value.end_mark.column
    head, rest = line[:start].rstrip(" \t"), line[end:].rstrip("\r\n").strip(" \t")
    return head + (f"  {rest}" if rest else "") + newline


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """The last line (from 0) holding any of a node's text: block collections end where the
    next token starts, so their last scalar says where they really end."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        if node.style in ("|", ">"):  # a block scalar ends on the line after its text
            row = int(end.line - 1 if end.column == 0 else end.line)
            while row > node.start_mark.line and not lines[row].strip():
                row -= 1
            return row
        return int(end.line)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.flow_style:
        return int(node.end_mark.line)
    if isinstance(node, yaml.MappingNode) and node.value:
        name, value = node.value[-1]
        if isinstance(value, yaml.ScalarNode) and value.value == "" and value.style is None:
            return int(name.end_mark.line)  # `note:` with nothing after it
        return max(_last_line(name, lines), _last_line(value, lines))
    if isinstance(node, yaml.SequenceNode) and node.value:
        return _last_line(node.value[-1], lines)
    return int(node.start_mark.line)


def _owned_comments(lines: list[str], row: int, dash: int) -> int:
    """The last line of an item: its own last line, then the comment lines right below it that
    are indented deeper than the list's dashes (they belong to the item, not to what follows)."""
    while row + 1 < len(lines):
        following = lines[row + 1]
        stripped = following.lstrip(" ")
        if not stripped.startswith("#") or len(following) - len(stripped) <= dash:
            break
        row += 1
    return row


def _insert(lines: list[str], row: int, entries: list[str], newline: str) -> str:
    """The lines with `entries` after line `row` (given a line break if it was the last)."""
    head, tail = lines[: row + 1], lines[row + 1 :]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    return "".join([*head, *(entry + newline for entry in entries), *tail])
