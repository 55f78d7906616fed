"""Locating with the tag-free node tree, and from the lines where they are plainly written
(`block_locate`), gives exactly what PyYAML's full compose gave: the same line and column for
every path (values, keys, `[key]`, paths that stop short), the same scalar text and the same
comma-cut reading, on hand-written edge cases and on fuzzed files."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings

from tests.conftest import BASE
from tests.fuzzing import Generated, broken_portfolios, hand_written
from vendorctl.diagnostics import Loc
from vendorctl.load import locate
from vendorctl.load.yamlio import Document

CASES = Path(__file__).parent / "cases"
# Paths are followed this deep at most: nesting thousands deep would take each path's length
# times their number to check, and every level below is located alike.
_DEPTH = 30
_PATHS = 20_000


class Composed(Document):
    """A document located as before: through PyYAML's compose, every tag resolved."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text, None)
        self.tree = locate.compose(text)

    @property
    def nodes(self) -> Any:
        """The fully composed tree."""
        return self.tree

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Read from the composed tree alone, never from the lines (`block_locate`)."""
        return locate.position(self.tree, loc, key=key)


def _paths(node: Any, prefix: Loc = ()) -> Iterator[Loc]:
    """Every path into a tree, and for each a few that lead nowhere (fallbacks)."""
    yield prefix
    yield (*prefix, "no-such-key")
    yield (*prefix, 10**6)
    yield (*prefix, "[key]")
    kind = type(node).__name__
    if len(prefix) >= _DEPTH:
        return
    if kind == "MappingNode":
        for key, value in node.value:
            if type(key).__name__ == "ScalarNode":
                yield from _paths(value, (*prefix, key.value))
                yield (*prefix, key.value, "[key]")
    elif kind == "SequenceNode":
        for index, item in enumerate(node.value):
            yield from _paths(item, (*prefix, index))


def _shape(node: Any, seen: set[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """A tree as the facts locating reads: classes, values, styles, marks; nullness where a
    scalar takes no room (what a flow mapping's lone key holds)."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:  # an alias repeats a node: once is enough
        return
    seen.add(id(node))
    start, end = node.start_mark, node.end_mark
    marks = (start.line, start.column, start.index, end.line, end.column, end.index)
    kind = type(node).__name__
    if kind == "ScalarNode":
        empty = start.index == end.index
        yield kind, node.value, node.style, marks, empty and node.tag.endswith(":null")
        return
    yield kind, node.flow_style, len(node.value), marks
    for item in node.value:
        for part in item if kind == "MappingNode" else (item,):
            yield from _shape(part, seen)


def assert_located_alike(text: str) -> None:
    """Every question locating answers gets the same answer from both trees."""
    new, old = Document("f.yaml", text, None), Composed("f.yaml", text)
    old_tree = old.nodes
    assert list(_shape(new.nodes)) == list(_shape(old_tree))
    lines = text.count("\n") + 1
    for loc in itertools.islice(_paths(old_tree), _PATHS):  # aliases can multiply paths
        for key in (False, True):
            if old_tree is not None:
                assert new.position(loc, key=key) == old.position(loc, key=key), (loc, key)
            else:
                # PyYAML cannot compose it (all its answers are 1:1): the lines may still be
                # read (block_locate), and any answer lies in the text.
                assert 1 <= new.position(loc, key=key)[0] <= lines, (loc, key)
        assert new.scalar(loc) == old.scalar(loc), loc
        if loc and isinstance(loc[-1], str):
            assert new.comma_cut(loc) == old.comma_cut(loc), loc


EDGE_CASES = [
    "",
    "a: 1\n",
    "a:\n  b:\n    - x\n    - {c: d, e: [1, 2, {f: g}]}\n",
    "people:\n  - {id: ann, title: Category Manager IT, Procurement, tier: management}\n",
    "x: {title: Ops, a, b, side: internal}\n",
    "x: {title: 'Quoted, x', Ops}\n",
    "x: {a: , b, c: ~}\n",
    "x: {? a, b: }\n",
    "key:\nother: ~\nempty: ''\nnull: null\n",
    "a:\tb\nc: [1,\t2]\n",  # tabs PyYAML refuses, read as spaces
    "a: x\u0085b: y\n",  # NEL, LS and PS, which PyYAML takes for line breaks
    "a: x\u2028y\nb: \u2029z\n",
    "a: 'x\u0085y'\nb: \"\u2028\"\n",
    "é: ü\n😀: [ß, {ñ: 1}]\n",
    "anchors: &a {x: 1}\nagain: *a\nlist: &l [1, *a]\nmore: *l\n",
    "tagged: !!str 5\nempty: !!null\nodd: !custom x\nplain: !!str\n",
    "? [complex, key]\n: value\n? {a: b}\n: v2\nk: v\n",
    "a: |\n  block\n  text\nb: >-\n  folded\n\nc: 1\n",
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "--- \na: 1\n...\n---\nb: 2\n",  # two documents: neither can locate beyond 1:1
    "a: [1, 2\nb: c\n",  # broken: points at the start of the file
    "a: b: c\n",
    "- 1\n- [2, 3]\n- {a: 1}\n",
    "plain scalar\n",
    "a: \ud800\n",  # a lone surrogate neither parser can read
    "x: 1\r\ny:\r\n  - 2\r\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: *undefined\n",
]


@pytest.mark.parametrize("text", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_edge_cases_are_located_alike(text: str) -> None:
    assert_located_alike(text)


def test_the_invalid_cases_and_the_example_are_located_alike() -> None:
    files = sorted((CASES / "invalid").glob("*.yaml")) + sorted(BASE.rglob("*.yaml"))
    assert len(files) > 20
    for file in files:
        assert_located_alike(file.read_bytes().decode("utf-8", "replace"))


@settings(
    max_examples=max(1, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=broken_portfolios(hand_written(BASE)))
def test_fuzzed_files_are_located_alike(case: tuple[Generated, dict[str, bytes], str]) -> None:
    _, files, what = case
    note(what)
    for raw in files.values():
        text = raw.decode("utf-8", "replace")
        assert_located_alike(text)
        assert_located_alike(text.replace("  ", "\t", 3))
