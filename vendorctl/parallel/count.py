"""How many processes to share work between, and each one's share of the items."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# What each child costs this process in open files, for as long as it lives: its end of the
# two-way pipe to the child (a socket pair), and the two pipes multiprocessing keeps to tell
# when the child has ended (`Process.sentinel`) and the child when this process has.
FILES_PER_CHILD = 3


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


def process_count(requested: int | None, units: int, per_job: int) -> int:
    """How many processes to share `units` of work between: `requested`, else one per CPU where
    forking is safe and each would get at least `per_job` units; never more than one per unit, or
    than open files allow."""
    if requested is None:
        if not can_fork():
            return 1
        requested = min(cpus(), units // per_job)
    return max(1, min(requested, units, most_processes()))


def most_processes() -> int:
    """The processes whose open files (`FILES_PER_CHILD` each, held by the first) take at most
    an eighth of the open files a process may have: the rest stay for reading the portfolio."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 64
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(1, soft // (8 * FILES_PER_CHILD))


def split(items: Sequence[T], count: int) -> list[list[T]]:
    """`items` dealt out into `count` shares, like cards: every count-th to each (neighbours
    are often alike in size, so the shares come out even)."""
    return [list(items[k::count]) for k in range(count)]
