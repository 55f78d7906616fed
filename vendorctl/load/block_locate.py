"""Find the line and column of a value in a YAML text by reading its lines, without composing it:
`locate.position` for the shape nearly every file has (block mappings and sequences, plain
keys), which gives up (None) on anything else, for PyYAML to answer.

Composing a file again with PyYAML to place one diagnostic took two milliseconds: a portfolio
whose governance policies warn a thousand times spent a fifth of `validate` there. The answer is
the same as PyYAML's wherever this gives one (tests compare the two on every path of every file
at hand); where a line could be read two ways, it gives none.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterator

from vendorctl.diagnostics import Loc

Position = tuple[int, int]

# A node found: its kind ("map", "seq", "scalar", "flow"), line and column (0-based).
_Node = tuple[str, int, int]

# Characters a node may start with that this reader leaves to PyYAML: anchors, aliases, tags,
# complex keys, directives and reserved indicators.
_UNSURE = frozenset("&*!?%@`")
# Texts with any of these are left to PyYAML: tabs and line breaks other than `\n`, a byte order
# mark (columns would differ), document markers.
_REFUSED = ("\t", "\r", "\ufeff", "\x85", "\u2028", "\u2029", "\n---", "\n...")


class _Unsure(Exception):
    """A line this reader does not read the way PyYAML surely does."""


def position(text: str, loc: Loc, *, key: bool = False) -> Position | None:
    """`locate.position(locate.tree(text), loc, key=key)` read from the lines, or None where
    this reader is not sure to agree."""
    lines = _readable(text)
    if lines is None:
        return None
    try:
        node = _root(lines)
        if node is None:
            return None
        parts = [p for p in loc if p != "[key]"]
        want_key = key or (len(loc) > 0 and loc[-1] == "[key]")
        for index, part in enumerate(parts):
            found = _child(lines, node, part)
            if found is None:
                return _mark(node)
            key_mark, value = found
            if index == len(parts) - 1 and want_key:
                return key_mark
            node = value
        return _mark(node)
    except _Unsure:
        return None


# Above this many lines, PyYAML's nodes (composed once, kept for the file's next diagnostics)
# cost less than reading the lines again for each.
_MAX_LINES = 2_000
# The lines of the texts asked about last (None: not to be read from them), by the text's
# identity, the text held: a file's diagnostics are mostly placed together.
_RECENT: OrderedDict[int, tuple[str, list[str] | None]] = OrderedDict()
_KEPT = 8
# A flow collection closed on its line, with nothing nested nor quoted in it: most of them.
_SIMPLE_FLOW = re.compile(r"[\[{][^\[\]{}\"']*[\]}]")


def _readable(text: str) -> list[str] | None:
    """The text's lines, if this reader can read them; else None."""
    held = _RECENT.get(id(text))
    if held is not None and held[0] is text:
        return held[1]
    lines: list[str] | None = None
    if not text.startswith(("---", "...", "%")) and not any(mark in text for mark in _REFUSED):
        lines = text.split("\n")
        if len(lines) > _MAX_LINES or not all(map(_closed, filter(_opening, lines))):
            lines = None
    _RECENT[id(text)] = (text, lines)
    if len(_RECENT) > _KEPT:
        _RECENT.popitem(last=False)
    return lines


def _closed(line: str) -> bool:
    """False if a flow collection or a quoted scalar begins on the line and goes on to the
    next: lines inside it could be taken for keys or items, and a line left of it for the end
    of its parent. A bracket or quote inside a plain scalar (`a[1]`, `it's`) is text."""
    at = len(line) - len(line.lstrip(" "))
    while _dash(line, at):
        at += 2
        while at < len(line) and line[at] == " ":
            at += 1
    rest = line[at:]
    if not rest or rest[0] == "#":
        return True
    starts = [rest]
    end = rest.find(": ")  # the value after a key, if the line holds one
    if end > 0 and rest[0] not in "[{\"'":
        starts.append(rest[end + 2 :].lstrip(" "))
    return all(_closes(start) for start in starts)


def _opening(line: str) -> bool:
    """Whether the line could open a flow collection or a quoted scalar (looked at closely)."""
    return "{" in line or "[" in line or '"' in line or "'" in line


def _closes(text: str) -> bool:
    """True unless `text` opens a flow collection or quoted scalar it does not close."""
    if not text:
        return True
    first = text[0]
    if first in "[{":
        if _SIMPLE_FLOW.match(text):
            return True
        depth = 0
        at = 0
        while at < len(text):
            char = text[at]
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return True
            elif char in "\"'":
                at = _quote_end(text, at)
                if at < 0:
                    return False
            at += 1
        return False
    if first in "\"'":
        return _quote_end(text, 0) >= 0
    return True


def _quote_end(text: str, start: int) -> int:
    """Where the quoted scalar opening at `start` closes on this line, or -1."""
    quote = text[start]
    at = start + 1
    while at < len(text):
        char = text[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and text.startswith("''", at):
                at += 2
                continue
            return at
        at += 1
    return -1


def _mark(node: _Node) -> Position:
    return node[1] + 1, node[2] + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    """A line with nothing on it but spaces or a comment."""
    stripped = line.lstrip(" ")
    return not stripped or stripped[0] == "#"


def _root(lines: list[str]) -> _Node | None:
    for row, line in enumerate(lines):
        if not _blank(line):
            return _node(lines, row, _indent(line))
    return None  # an empty document: PyYAML has no node either, but its answer is left to it


def _node(lines: list[str], row: int, col: int) -> _Node:
    """The kind of the node whose text starts at `row`, `col`."""
    rest = lines[row][col:]
    first = rest[0]
    if _dash(rest, 0):
        return ("seq", row, col)
    if first in "{[":
        return ("flow", row, col)
    if first in _UNSURE:
        raise _Unsure
    if first in "\"'":
        # A quoted key, or a quoted value that goes on to other lines: left to PyYAML.
        end = rest.find(first, 1)
        if end < 0 or ":" in rest[end:]:
            raise _Unsure
        return ("scalar", row, col)
    if first in "|>":
        return ("scalar", row, col)
    return ("map", row, col) if _key_end(rest) is not None else ("scalar", row, col)


def _key_end(rest: str) -> int | None:
    """Where the `:` ending a plain key at the start of `rest` stands, or None if `rest` is a
    plain value (raises _Unsure if it could be read either way)."""
    colon = rest.find(": ")
    if colon < 0:
        stripped = rest.rstrip(" ")
        colon = len(stripped) - 1 if stripped.endswith(":") else -1
    comment = rest.find(" #")
    if colon < 0:
        return None
    if 0 <= comment < colon or colon == 0 or rest[colon - 1] == " " or colon > 1000:
        raise _Unsure  # a comment before it, an empty key, spaces before the colon, too long
    return colon


def _child(lines: list[str], node: _Node, part: str | int) -> tuple[Position, _Node] | None:
    """The key's position and the value node that `part` selects inside `node`, as
    `locate._child` finds them; None if there is none."""
    kind = node[0]
    if kind == "map":
        for row, col, end in _entries(lines, node[1], node[2]):
            if lines[row][col:end] == str(part):
                return (row + 1, col + 1), _value(lines, row, col, end)
        return None
    if kind == "seq":
        if not isinstance(part, int):
            return None
        if part < 0:
            raise _Unsure
        for index, (row, col) in enumerate(_items(lines, node[1], node[2])):
            if index == part:
                item = _item(lines, row, col)
                return _mark(item), item
        return None
    if kind == "flow":
        return _flow_child(lines, node, part)
    return None


# Inside a one-line flow collection, anything but plain words and numbers is left to PyYAML.
_FLOW_UNSURE = frozenset("{}[]'\"#&*!|>?%@`")


def _flow_child(lines: list[str], node: _Node, part: str | int) -> tuple[Position, _Node] | None:
    """`_child` of a flow collection written on one line of plain scalars (`{kpi: a, value:
    99.5}`, `[a, b]`), as a block value or item."""
    row, col = node[1], node[2]
    line = lines[row]
    opener = line[col]
    end = line.find("}" if opener == "{" else "]", col + 1)
    if end < 0 or any(c in _FLOW_UNSURE for c in line[col + 1 : end]):
        raise _Unsure  # on more lines than one, or nested, quoted or tagged
    if not _blank(line[end + 1 :]):
        raise _Unsure
    written = line[col + 1 : end].split(",")
    if any(not piece.strip(" ") for piece in written[:-1]):
        raise _Unsure  # an empty entry (`{a: 1, , b: 2}`); a trailing comma alone is fine
    pieces = []  # each entry's column and text, spaces around it left out
    start = col + 1
    for piece in written:
        text = piece.strip(" ")
        if text:
            pieces.append((start + len(piece) - len(piece.lstrip(" ")), text))
        start += len(piece) + 1
    if opener == "[":
        if not isinstance(part, int):
            return None
        if part < 0 or any(":" in text for _, text in pieces):
            raise _Unsure  # `[a: 1]` is a mapping in a sequence
        if part >= len(pieces):
            return None
        at = pieces[part][0]
        return (row + 1, at + 1), ("scalar", row, at)
    for at, text in pieces:
        key, colon, value = text.partition(": ")
        if not colon or ":" in key or key != key.rstrip(" ") or ": " in value:
            raise _Unsure  # an entry without a value, or read more than one way
        if key == str(part):
            gap = len(value) - len(value.lstrip(" "))
            return (row + 1, at + 1), ("scalar", row, at + len(key) + 2 + gap)
    return None


def _following(lines: list[str], row: int) -> int | None:
    """The next line after `row` with something on it, if any."""
    for after in range(row + 1, len(lines)):
        if not _blank(lines[after]):
            return after
    return None


def _dash(line: str, at: int) -> bool:
    """Whether a sequence item's dash stands at `at`: `- `, or `-` ending the line."""
    return line.startswith("-", at) and (len(line) == at + 1 or line[at + 1] == " ")


def _at_column(lines: list[str], start: int, col: int) -> Iterator[int]:
    """The lines from `start` on whose text begins at `col`, up to the first that begins left
    of it; lines further right, or with nothing on them, passed over."""
    for at in range(start, len(lines)):
        line = lines[at]
        if _blank(line):
            continue
        indent = _indent(line)
        if indent < col:
            return
        if indent == col:
            yield at


def _entries(lines: list[str], row: int, col: int) -> Iterator[tuple[int, int, int]]:
    """The keys of the block mapping whose first key is at `row`, `col`: each one's line,
    column and the end of its text, read as they are asked for (the first match ends it)."""
    for at in itertools.chain((row,), _at_column(lines, row + 1, col)):
        line = lines[at]
        if at != row and _dash(line, col):
            continue  # a sequence written at the key's indentation: the key's value
        rest = line[col:]
        if rest[0] in _UNSURE or rest[0] in "\"'{[|>":
            raise _Unsure
        end = _key_end(rest)
        if end is None:
            raise _Unsure  # not a key where one should be
        yield at, col, col + end


def _value(lines: list[str], row: int, col: int, end: int) -> _Node:
    """The value of the key at `row`, `col` whose text ends at `end`."""
    line = lines[row]
    after = end + 1
    while after < len(line) and line[after] == " ":
        after += 1
    if after < len(line) and line[after] != "#":
        node = _node(lines, row, after)
        if node[0] in ("map", "seq"):
            raise _Unsure  # `a: b: c` or `a: - b`: not YAML, PyYAML gives up its own way
        return node
    below = _following(lines, row)
    if below is not None:
        indent = _indent(lines[below])
        if indent > col or (indent == col and _dash(lines[below], indent)):
            return _node(lines, below, indent)
    raise _Unsure  # an empty value: PyYAML places it its own way


def _items(lines: list[str], row: int, col: int) -> Iterator[tuple[int, int]]:
    """The dashes of the block sequence whose first item's dash is at `row`, `col`, read as
    they are asked for."""
    yield row, col  # the first dash may follow another's, on the same line
    for at in _at_column(lines, row + 1, col):
        if not _dash(lines[at], col):
            return  # the next key of the mapping that holds a sequence at its indentation
        yield at, col


def _item(lines: list[str], row: int, col: int) -> _Node:
    """The node of the sequence item whose dash is at `row`, `col`."""
    line = lines[row]
    after = col + 1
    while after < len(line) and line[after] == " ":
        after += 1
    if after < len(line) and line[after] != "#":
        return _node(lines, row, after)
    below = _following(lines, row)
    if below is not None and _indent(lines[below]) > col:
        return _node(lines, below, _indent(lines[below]))
    raise _Unsure  # an empty item
