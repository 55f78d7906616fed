"""States made of items and held each by a process of its own, answering calls on them all."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from vendorctl.parallel.child import Child, Lost
from vendorctl.parallel.count import can_fork

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")
_SAME: Any = object()


class HeldStates(Generic[T, S]):
    """The state `setup` makes of each item, held by its own process: the first item's here,
    each other's in a forked child (where forking is safe). Calls run on every state at once.

    A child that fails is replaced here (its state made again in this process), so a result
    never depends on how the work was shared, and a real error surfaces in this process.
    Functions called must be picklable (defined at module level); `setup` need not be.
    """

    def __init__(self, setup: Callable[[T], S], items: Sequence[T]) -> None:
        self.setup = setup
        self.items = list(items)
        self.children: dict[int, Child] = {}
        self.states: dict[int, S] = {}
        if len(self.items) > 1 and can_fork():
            # Nothing buffered is written twice: children never flush what they inherit.
            sys.stdout.flush()
            sys.stderr.flush()
            try:
                for index in range(1, len(self.items)):
                    siblings = list(self.children.values())
                    self.children[index] = Child(setup, self.items[index], siblings)
            except OSError:
                pass  # no more processes (or open files) to be had: the items left are done here
            except BaseException:
                self.close()
                raise

    def __enter__(self) -> HeldStates[T, S]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _state(self, index: int) -> S:
        if index not in self.states:
            self.states[index] = self.setup(self.items[index])
        return self.states[index]

    def map(
        self, func: Callable[[S, Any], R], arg: Any = None, here: Any = _SAME, *, last: bool = False
    ) -> list[R]:
        """`func(state, arg)` for every item's state, in the order of the items; `here`, if
        given, is the argument for the states held in this process (it need not pickle: a
        progress callback, say). A `last` call lets go of the states held here before the
        other processes' answers come in, so that both are never held at once; the children
        let go of theirs and leave (a later call makes the states again, here)."""
        mine = arg if here is _SAME else here
        results: dict[int, R] = {}
        asked: list[int] = []
        unread: set[int] = set()  # sent a call (or some of one) whose answer was not read
        try:
            for index, child in list(self.children.items()):
                unread.add(index)
                try:
                    child.call(func, arg, last)
                except Lost:
                    self._lose(index)  # its state is made here, below
                    unread.discard(index)
                else:
                    asked.append(index)
            for index in range(len(self.items)):
                if index not in self.children:
                    results[index] = func(self._state(index), mine)
            if last:
                self.states.clear()
            for index in asked:
                try:
                    results[index] = self.children[index].answer()
                except Exception:  # lost, or an answer that does not unpickle: done again here
                    self._lose(index)
                    state = self.setup(self.items[index]) if last else self._state(index)
                    results[index] = func(state, mine)
                    del state
                else:
                    if last:
                        self._lose(index)  # its state let go, it leaves
                unread.discard(index)
        finally:
            # A child whose answer was never read (an error came first) would give it as the
            # answer to the next call: it is ended.
            for index in unread:
                self._lose(index)
        return [results[index] for index in range(len(self.items))]

    def _lose(self, index: int) -> None:
        child = self.children.pop(index, None)
        if child is not None:
            child.stop()

    def close(self) -> None:
        """End every child, and let go of the states held here."""
        for index in list(self.children):
            self._lose(index)
        self.states.clear()


def _the_state(state: R, _: object) -> R:
    return state


def map_in_processes(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`func` of every item, in order, each item in a process of its own (see `HeldStates`)."""
    with HeldStates(func, items) as held:
        return held.map(_the_state)
