"""How a command runs as a batch job: Python's cyclic garbage collector paused while it works."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one command, and resume it afterwards.

    A command loads the portfolio into millions of small, long-lived objects without cycles
    (parsed YAML, models, report contexts) and then only reads them. Each collection would walk
    all of them and free nothing: on 1,000 vendors that cost seconds. Reference counting still
    frees everything that is not in a cycle while the collector rests.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
