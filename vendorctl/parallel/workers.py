"""Work shared between forked processes: each holds its share of the data, answers calls on it,
and sends back only the (pickled) answers."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")
_SIZE = struct.Struct("<Q")
_SAME = object()


def can_fork() -> bool:
    """True where a process can be forked safely to share work: Linux. (macOS forks, but its
    system libraries are not fork-safe; Windows cannot fork.)"""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_for(requested: int | None, units: int, per_job: int) -> int:
    """How many processes to share `units` of work between: `requested`, else one per CPU where
    forking is safe and each would get at least `per_job` units; never more than one per unit, or
    than open files allow."""
    if requested is None:
        if not can_fork():
            return 1
        requested = min(cpus(), units // per_job)
    return max(1, min(requested, units, _most_processes()))


def _most_processes() -> int:
    """The processes whose pipes (two open files each, held by the first) take at most an
    eighth of the open files a process may have: the rest stay for reading the portfolio."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 64
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(1, soft // 16)


def deal(items: Sequence[T], count: int) -> list[list[T]]:
    """`items` dealt out into `count` shares, like cards: every count-th to each."""
    return [list(items[k::count]) for k in range(count)]


class _Lost(Exception):
    """A child that died or sent something unreadable."""


def _send(fd: int, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    for part in (_SIZE.pack(len(payload)), payload):  # apart: a large answer is not copied
        data = memoryview(part)
        while data:
            data = data[os.write(fd, data) :]


def _receive(fd: int) -> Any:
    def exactly(count: int) -> bytearray:
        # Read into one buffer: a large answer is never held twice, as chunks and joined.
        buffer = bytearray(count)
        view, done = memoryview(buffer), 0
        while done < count:
            got = os.readv(fd, [view[done:]])
            if not got:
                raise _Lost
            done += got
        return buffer

    (size,) = _SIZE.unpack(exactly(_SIZE.size))
    return pickle.loads(exactly(size))


def _serve(setup: Callable[[T], S], item: T, requests: int, answers: int) -> None:
    """A child's life: make its state, then answer each call until the parent hangs up."""
    state: S | None = setup(item)
    while True:
        try:
            func, arg, last = _receive(requests)
        except _Lost:
            return
        answer = func(state, arg)
        if last:
            state = None  # let the data go before the answer is pickled: never both at once
        _send(answers, answer)


def _detach(fds: list[int]) -> None:
    """Cut a new child loose from what it inherited but must not hold: the pipes of the parent's
    other children (each would keep the others alive, and use up open files), and the parent's
    terminal or pipes (it never prints; a caller reading the parent's output sees it end when
    the parent does). Ctrl-C ends it at once, without running any of the parent's code."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    # New streams: a lock the parent's streams held at the fork (another thread writing) would
    # never be released in the child.
    sys.stdin = sys.stdout = sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


class _Child:
    """A forked child holding the state of one item, and the pipes to call it through."""

    def __init__(self, setup: Callable[[T], object], item: T, siblings: list[int]) -> None:
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            raise
        if pid == 0:  # the child: serve, then leave without running any of the parent's cleanup
            status = 1
            try:
                _detach([down_write, up_read, *siblings])
                _serve(setup, item, down_read, up_write)
                status = 0
            except BaseException:  # the parent does the item again, and reports any error
                pass
            finally:
                os._exit(status)
        os.close(down_read)
        os.close(up_write)
        self.pid, self.requests, self.answers = pid, down_write, up_read

    @property
    def fds(self) -> tuple[int, int]:
        """The parent's ends of the pipes to this child."""
        return self.requests, self.answers

    def call(self, func: Callable[[Any, Any], object], arg: object, last: bool) -> None:
        """Send a call (the last: the child may let go of its state); its answer comes with
        `answer`."""
        try:
            _send(self.requests, (func, arg, last))
        except OSError as exc:  # the child is gone (a broken pipe)
            raise _Lost from exc

    def answer(self) -> Any:
        """The answer to the last call, or _Lost."""
        return _receive(self.answers)

    def stop(self) -> None:
        """Hang up and wait for the child; end it if it does not leave at once."""
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0


class Crew(Generic[T, S]):
    """The state `setup` makes of each item, held by its own process: the first item's here,
    each other's in a forked child (where forking is safe). Calls run on every state at once.

    A child that fails is replaced here (its state made again in this process), so a result
    never depends on how the work was shared, and a real error surfaces in this process.
    Functions called must be picklable (defined at module level); `setup` need not be.
    """

    def __init__(self, setup: Callable[[T], S], items: Sequence[T]) -> None:
        self.setup = setup
        self.items = list(items)
        self.children: dict[int, _Child] = {}
        self.states: dict[int, S] = {}
        if len(self.items) > 1 and can_fork():
            sys.stdout.flush()
            sys.stderr.flush()
            try:
                for index in range(1, len(self.items)):
                    siblings = [fd for c in self.children.values() for fd in c.fds]
                    self.children[index] = _Child(setup, self.items[index], siblings)
            except OSError:
                pass  # no more processes to be had: the items left are done here
            except BaseException:
                self.close()
                raise

    def __enter__(self) -> Crew[T, S]:
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
        other processes' answers come in, so that both are never held at once."""
        mine = arg if here is _SAME else here
        asked: set[int] = set()
        for index, child in list(self.children.items()):
            try:
                child.call(func, arg, last)
                asked.add(index)
            except _Lost:
                self._lose(index)
        results: dict[int, R] = {}
        for index in range(len(self.items)):
            if index not in self.children:
                results[index] = func(self._state(index), mine)
        if last:
            self.states.clear()
        for index in sorted(asked):
            try:
                results[index] = self.children[index].answer()
            except Exception:  # lost, or an answer that does not unpickle: done again here
                self._lose(index)
                results[index] = func(self._state(index), mine)
        return [results[index] for index in range(len(self.items))]

    def _lose(self, index: int) -> None:
        self.children.pop(index).stop()

    def close(self) -> None:
        """End every child, and let go of the states held here."""
        for index in list(self.children):
            self._lose(index)
        self.states.clear()


def _held(state: R, _: object) -> R:
    return state


def fork_map(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`func` of every item, in order, each item in a process of its own (see `Crew`)."""
    with Crew(func, items) as crew:
        return crew.map(_held)
