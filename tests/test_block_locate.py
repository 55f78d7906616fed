"""Locating from the lines (`block_locate`): the positions PyYAML's nodes give, without
composing the text, wherever the lines are plainly written; no answer (None) anywhere else.
test_locate25_equivalence.py holds `Document.position` to PyYAML's on edge cases and fuzzed
files; here, that the lines answer at all, and alike on every file at hand."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPORA, REPO
from vendorctl.diagnostics import Loc
from vendorctl.load import block_locate, locate

TEXT = """\
# yaml-language-server: $schema=x
id: acme   # a comment
name: Acme Ltd
kpis:
  - id: uptime
    target: 99.5

  - {id: tickets, target: 4, weight: 2}
people:
- id: ann
  roles: [owner, escalation,]
notes: |
  key: not a key
  - nor an item
url: http://example.com/a:b
empty_flow: {}
nested:
  - - a
    - b
"""


@pytest.mark.parametrize(
    ("loc", "key", "expected"),
    [
        ((), False, (2, 1)),  # the root mapping: its first key
        (("id",), False, (2, 5)),
        (("id",), True, (2, 1)),
        (("kpis",), False, (5, 3)),  # a block sequence: its first dash
        (("kpis", 0), False, (5, 5)),  # an item that is a mapping: its first key
        (("kpis", 0, "target"), False, (6, 13)),
        (("kpis", 0, "target", "[key]"), False, (6, 5)),
        (("kpis", 1), False, (8, 5)),  # a flow mapping: its brace
        (("kpis", 1, "weight"), False, (8, 38)),
        (("kpis", 1, "weight"), True, (8, 30)),
        (("kpis", 1, "nothing"), False, (8, 5)),  # not there: the deepest node found
        (("kpis", 2), False, (5, 3)),
        (("people", 0, "roles", 1), False, (11, 18)),
        (("people", 0, "roles", 2), False, (11, 10)),  # the trailing comma adds no item
        (("notes",), False, (12, 8)),
        (("notes", "key"), False, (12, 8)),  # a block scalar holds no keys
        (("url",), False, (15, 6)),
        (("empty_flow", "a"), False, (16, 13)),
        (("nested", 0, 1), False, (19, 7)),
        (("nested", 0, 0), False, (18, 7)),
        (("nowhere", "deeper"), False, (2, 1)),
    ],
)
def test_the_lines_give_the_position(loc: Loc, key: bool, expected: tuple[int, int]) -> None:
    assert block_locate.position(TEXT, loc, key=key) == expected
    assert locate.position(locate.tree(TEXT), loc, key=key) == expected


@pytest.mark.parametrize(
    ("text", "loc"),
    [
        ("a: &x 1\nb: *x\n", ("a",)),  # anchors and aliases
        ("a: !!str 1\n", ("a",)),  # tags
        ("'a': 1\n", ("a",)),  # a quoted key
        ('a: "one\n  two"\n', ("a",)),  # a quoted value on more lines than one
        ("a:\n  b: 1\n---\nc: 2\n", ("c",)),  # more documents than one
        ("a:\tb\n", ("a",)),  # a tab
        ("a: 1\r\nb: 2\r\n", ("b",)),  # CRLF line ends
        ("a:\nb: 1\n", ("a",)),  # an empty value
        ("a: {b: [1, 2]}\n", ("a", "b")),  # nested flow collections
        ("a: {b: 'x, y'}\n", ("a", "b")),  # quotes in a flow collection
        ("a: {b: 1,\n  c: 2}\n", ("a", "c")),  # a flow collection on more lines than one
        ("a: [b: 1]\n", ("a", 0)),  # a pair in a flow sequence
        ("a b : 1\n", ("a b",)),  # spaces before the colon
        ("a: b: c\n", ("a",)),  # not YAML
        # A flow collection or quoted scalar going on to lines at any indentation (the fast
        # parser accepts them): their lines are neither keys, nor items, nor ends of a block.
        ('a: ["x\nb: 1"]\nc: 2\n', ("b",)),
        ('a: {k: "x\nb: 1"}\nc: 2\n', ("b",)),
        ("a: {b: x\n, c: y}\nd: 1\n", (", c",)),
        ('- ["a\n- b"]\n- c\n', (1,)),
        ("a:\n  - [x,\n  ]\n  - c\n", ("a", 1)),
        ("- a: [x,\n]\n  c: 1\n", (0, "c")),
        ("- [x\n, y]\n- c\n", (1,)),
        ('- "x\n"\n- c\n', (1,)),
        ('- - "x\n  "\n  - c\n', (0, 1)),
    ],
)
def test_the_lines_give_no_answer_where_unsure(text: str, loc: Loc) -> None:
    assert block_locate.position(text, loc) is None
    assert block_locate.position(text, loc, key=True) is None


def _paths(node: Any, prefix: Loc = ()) -> Iterator[Loc]:
    """Every path into a composed tree, and one that leads nowhere below each node."""
    yield prefix
    yield (*prefix, "no-such-key")
    kind = type(node).__name__
    if kind == "MappingNode":
        for key, value in node.value:
            if type(key).__name__ == "ScalarNode":
                yield from _paths(value, (*prefix, key.value))
    elif kind == "SequenceNode":
        for index, item in enumerate(node.value):
            yield from _paths(item, (*prefix, index))
        yield (*prefix, len(node.value))


def _compared(files: list[Path]) -> tuple[int, int]:
    """Every path of every file that PyYAML composes, located both ways: (answered by the
    lines, asked); an answer that differs from PyYAML's fails."""
    answered = asked = 0
    for file in files:
        text = file.read_bytes().decode("utf-8", "replace")
        if len(text) > 50_000:
            continue  # the hostile cases' largest files: paths by the hundred thousand
        tree = locate.tree(text)
        if tree is None:
            continue
        for loc in itertools.islice(_paths(tree), 5_000):  # aliases can multiply paths
            for key in (False, True):
                asked += 1
                found = block_locate.position(text, loc, key=key)
                if found is not None:
                    answered += 1
                    assert found == locate.position(tree, loc, key=key), (file, loc, key)
    return answered, asked


def test_the_example_portfolio_is_located_alike_and_almost_wholly_from_its_lines() -> None:
    files = sorted((REPO / "vendors").rglob("*.yaml"))
    answered, asked = _compared(files)
    # Block mappings and sequences, one-line flow mappings of plain scalars: all but the
    # empty values and the like are answered from the lines.
    assert answered > 0.9 * asked


def test_the_test_cases_are_located_alike() -> None:
    files = sorted((REPO / "tests" / "cases").rglob("*.yaml"))
    assert len(files) > 50
    answered, _ = _compared(files)
    assert answered > 0


def test_the_yaml_test_suite_is_located_alike() -> None:
    suite = CORPORA / "yaml-test-suite"
    if not suite.is_dir():
        pytest.skip("no shared corpora beside the repository")
    files = sorted(suite.rglob("*.yaml"))
    answered, _ = _compared(files)
    assert answered > 0
