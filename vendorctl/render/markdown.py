"""Markdown safety: text from the data is escaped so it renders as inert, literal text.

Every value a template prints passes through `inert` unless a filter marked it as `Md`
(already-safe Markdown that vendorctl itself produced), so a template cannot forget to escape.
"""

from __future__ import annotations

import re
from typing import Any

# ASCII punctuation that can start or end Markdown inline syntax (emphasis, code, links, images,
# autolinks, HTML, strikethrough, tables, entities, GitHub's $math$); a backslash makes each one
# literal.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!#&{}$])")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


class Md(str):
    """Markdown that vendorctl produced and that must be printed as is."""

    __slots__ = ()


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(1)
    return _ENTITIES.get(char, "\\" + char)


def code(value: Any) -> Md:
    """Text as an inline code span (addresses, URLs): shown literally and never linked."""
    if value is None:
        return Md("—")
    text = _CONTROL.sub("", " ".join(str(value).split())).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}") if text else Md("—")


_AUTOLINK = re.compile(r"://|(?i:www)\.|@")


# After an `@`, an invisible word joiner: GitHub links `user@example.org` (and `user\\@...`,
# whose escape its autolinker never sees) as an e-mail address, but not once it is there.
_NO_MAIL = "@\u2060"


def _unlink(text: str) -> str:
    """Escape what GitHub would turn into a link by itself (URLs, www., e-mail addresses)."""
    return _AUTOLINK.sub(
        lambda m: {"://": ":\\/\\/", "@": _NO_MAIL}.get(m.group(), m.group()[:-1] + "\\."), text
    )


# Text that escaping leaves as it is (most names, ids, words and numbers in a report): nothing
# to remove, strip, split or escape. Telling that is a tenth of the cost of escaping.
_UNCHANGED = re.compile(r"(?!\s)[^\\`*_\[\]<>|~!#&{}$\x00-\x1f\x7f\u2028\u2029]*(?<!\s)\Z")
_BLOCK_START = re.compile(r"[-+=]|\d+[.)]")


def _unchanged(text: str) -> bool:
    return _UNCHANGED.match(text) is not None and _AUTOLINK.search(text) is None


def cell(value: Any) -> Md:
    """Any value as inline Markdown for a table cell: literal text, on one line."""
    if isinstance(value, Md):
        return value
    text = str(value)
    return Md(text if _unchanged(text) else _escaped(text))


def inert(value: Any) -> Md:
    """Any value as Markdown that shows its text literally, on one line (breaks become <br>)."""
    if isinstance(value, Md):
        return value
    text = str(value)
    if _unchanged(text) and _BLOCK_START.match(text) is None:
        return Md(text)
    return Md(_unblocked(_escaped(text)))


def _escaped(text: str) -> str:
    """Text escaped for a table cell: control characters dropped, Markdown made literal, line
    breaks as <br>."""
    lines = [
        _unlink(_SPECIAL.sub(_escape_char, line).strip())
        for line in _LINE_BREAKS.split(_CONTROL.sub("", text).strip())
    ]
    return "<br>".join(lines)


def _unblocked(escaped: str) -> str:
    """A leading marker could still make a block (list item, heading, quote) outside a table;
    inside a cell it cannot, so `cell` leaves 99.9% alone."""
    escaped = re.sub(r"^([-+=])", r"\\\1", escaped)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)
