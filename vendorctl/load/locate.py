"""Find the line and column of a value in a YAML text, from its path of keys and indexes.

Only used once something is wrong, so the fast parser stays on the hot path: this composes the
text again with PyYAML (libyaml's parser and composer when installed), which keeps a mark on
every node. PyYAML is imported by the functions that use it, when first used: importing it took
a twentieth of a run that found nothing wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vendorctl.diagnostics import Loc

if TYPE_CHECKING:
    import yaml

Position = tuple[int, int]
START: Position = (1, 1)

# PyYAML reads YAML 1.1: it refuses some tabs YAML 1.2 allows and takes NEL, LS and PS for line
# breaks. Spaces of the same length keep every line and column where the fast parser saw them.
_AS_SPACE = {0x09: 0x20, 0x85: 0x20, 0x2028: 0x20, 0x2029: 0x20}


def _for_pyyaml(text: str) -> str:
    if text.isascii() and "\t" not in text:
        return text  # nothing to translate, as in almost every file: no copy made
    return text.translate(_AS_SPACE)


def compose(text: str) -> yaml.Node | None:
    """Compose the first document of a text into nodes with marks, or None if PyYAML cannot."""
    import yaml

    # libyaml's composer is ten times faster; nesting is bounded before any text gets here (the
    # loader refuses deep indentation, yaml-rs deep flow collections), so its recursion is safe.
    composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(_for_pyyaml(text), Loader=composer)
    except (yaml.YAMLError, RecursionError, ValueError):
        # The fast parser accepted the text; a YAML 1.2 construct PyYAML rejects is no reason to
        # lose the diagnostic, which then points at the start of the file.
        return None


# The tag of a plain scalar written empty (`key:` with nothing after it), the one tag `tree` gives.
_NULL = "tag:yaml.org,2002:null"


def _unresolved(kind: type, value: str | None, implicit: tuple[bool, bool] | bool) -> str:
    """The tag of a node written without one, as far as locating needs it: null for a plain
    scalar written empty (always null in YAML), else none (""). Resolving every scalar against
    PyYAML's patterns took more than a third of composing a file."""
    return _NULL if value == "" and implicit[0] else ""  # type: ignore[index]


@functools.cache
def _locator() -> type:
    """A PyYAML parser and composer that resolves no tags (see `tree`)."""
    import yaml

    # libyaml's CParser composes in C (ten times faster than PyYAML's composer in Python); it
    # asks the parser object for `resolve`, `descend_resolver` and `ascend_resolver` on every
    # node. Path resolvers are never registered, so the last two do nothing: `"".format`, a
    # builtin that takes any arguments, does nothing without the cost of a call into Python.
    base: type
    try:
        from yaml._yaml import CParser as base
    except ImportError:  # PyYAML built without libyaml
        base = yaml.SafeLoader
    return type(
        "Locator",
        (base,),
        {
            "resolve": staticmethod(_unresolved),
            "descend_resolver": "".format,
            "ascend_resolver": "".format,
        },
    )


def tree(text: str) -> yaml.Node | None:
    """Compose the first document of a text into nodes with marks, to locate things in; None if
    PyYAML cannot.

    The same nodes, values, styles and marks as `compose`, but tags left unresolved: a node
    written without a tag has "" for one, but a plain scalar written empty has null's. Finding
    lines and columns needs no tags, and resolving them took more than a third of the time.
    """
    import yaml

    try:
        parser = _locator()(_for_pyyaml(text))
        try:
            return parser.get_single_node()  # type: ignore[no-any-return]
        finally:
            parser.dispose()
    except (yaml.YAMLError, RecursionError, ValueError):
        return None  # as in `compose`: the diagnostic then points at the start of the file


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) that a path part selects inside a node."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item
    return None


def position(root: yaml.Node | None, loc: Loc, *, key: bool = False) -> Position:
    """Line and column of the node at `loc`, falling back to the deepest enclosing node found.

    With `key`, point at the mapping key that names the last part rather than at its value.
    """
    if root is None:
        return START
    node = root
    parts = [p for p in loc if p != "[key]"]
    want_key = key or (len(loc) > 0 and loc[-1] == "[key]")
    for index, part in enumerate(parts):
        found = _child(node, part)
        if found is None:
            return _mark(node)
        key_node, value_node = found
        if index == len(parts) - 1 and want_key:
            return _mark(key_node)
        node = value_node
    return _mark(node)


def _node_at(root: yaml.Node | None, loc: Loc) -> yaml.Node | None:
    node = root
    for part in loc:
        found = _child(node, part) if node is not None else None
        if found is None:
            return None
        node = found[1]
    return node


def scalar(root: yaml.Node | None, loc: Loc) -> str | None:
    """The text of the scalar node at `loc`, exactly as written, or None."""
    import yaml

    node = _node_at(root, loc)
    return node.value if isinstance(node, yaml.ScalarNode) else None


def duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[str, Position, Position]]:
    """Every key written twice in one mapping: the key, where it first stands, where it repeats."""
    if root is None:
        return
    import yaml

    stack: list[Any] = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in first:
                        yield key.value, _mark(first[key.value]), _mark(key)
                    else:
                        first[key.value] = key
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def document_starts(text: str) -> list[Position]:
    """Where each document of a multi-document stream starts (parsed iteratively, never deep)."""
    import yaml

    starts: list[Position] = []
    try:
        for event in yaml.parse(_for_pyyaml(text), Loader=yaml.SafeLoader):
            if isinstance(event, yaml.DocumentStartEvent):
                starts.append(_mark_of(event))
    except yaml.YAMLError:
        pass
    return starts


def _mark_of(event: yaml.Event | yaml.Token) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else START


# Where a tag can stand: at the start of a node, after indentation, `- `, `? `, `: `, `[`, `{`, `,`.
# Compiled when first needed (it took most of a millisecond at every start): only a text with a
# `!` in it is ever searched.
@functools.cache
def _tag() -> re.Pattern[str]:
    return re.compile(r"(?:^[ \t]*|[-?:][ \t]+|[\[{,][ \t]*)(![^\s,\[\]{}]*)", re.MULTILINE)


def tags(text: str) -> list[tuple[str, Position]]:
    """Every explicit tag in the text with its position.

    PyYAML's scanner (iterative, never deep) finds them exactly; where it cannot read the text,
    a pattern over node starts finds them, erring on the side of reporting.
    """
    import yaml

    found: list[tuple[str, Position]] = []
    try:
        for token in yaml.scan(_for_pyyaml(text), Loader=yaml.SafeLoader):
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                found.append((f"{handle or ''}{suffix}", _mark_of(token)))
    except yaml.YAMLError:
        found = []
        for match in _tag().finditer(text):
            start = match.start(1)
            line = text.count("\n", 0, start) + 1
            found.append((match.group(1), (line, start - text.rfind("\n", 0, start))))
    return found


def might_have_tags(text: str) -> bool:
    """A cheap test: could the text hold a tag at all? (Most files never pay for a scan.)"""
    return "!" in text and _tag().search(text) is not None


def expanded_size(text: str) -> int | None:
    """How many characters the data would hold with every alias written out, or None if the
    text cannot be composed. A node shared by aliases counts once per use, computed once."""
    import yaml

    root = tree(text)  # sizes need no tags
    if root is None:
        return None
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.ScalarNode):
            total = len(node.value) + 1
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = total
        return total

    try:
        return size(root)
    except RecursionError:
        return None
