"""Work shared between forked processes: each part done in a child, its result pickled back."""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
    """How many processes to share `units` of work between: `requested` (at most one per unit),
    else one per CPU where forking is safe and each would get at least `per_job` units."""
    if requested is not None:
        return max(1, min(requested, units))
    if not can_fork():
        return 1
    return max(1, min(cpus(), units // per_job))


class _Child:
    """A forked child working on one item, and the pipe its pickled result comes back on."""

    def __init__(self, func: Callable[[T], object], item: T) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it, and leave without running any cleanup
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(func(item), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            except BaseException:  # the parent does the item again, and reports any error
                pass
            finally:
                os._exit(status)
        os.close(write)
        self.pid = pid
        self.pipe = os.fdopen(read, "rb")

    def result(self) -> tuple[bool, object]:
        """Whether the child succeeded, and what it sent."""
        with self.pipe:
            payload = self.pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0:
            return False, None
        try:
            return True, pickle.loads(payload)
        except Exception:  # a truncated result: the parent does the item again
            return False, None

    def stop(self) -> None:
        """End the child if it still runs (the parent failed or was interrupted)."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        self.pipe.close()


def fork_map(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`func` of every item, in order: the first here, each other in a forked child (where
    forking is safe). A child that fails has its item done again here, so a result never
    depends on how the work was shared, and a real error surfaces in this process."""
    if len(items) < 2 or not can_fork():
        return [func(item) for item in items]
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[_Child] = []
    try:
        for item in items[1:]:
            children.append(_Child(func, item))
        results = [func(items[0])]
        for child, item in zip(children, items[1:], strict=True):
            done, value = child.result()
            results.append(value if done else func(item))  # type: ignore[arg-type]
        return results
    finally:
        for child in children:
            child.stop()
