"""The registry of cross-file checks: each takes the loaded portfolio and yields diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vendorctl.diagnostics import Diagnostic
from vendorctl.portfolio import Portfolio

Check = Callable[[Portfolio], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}


def check(func: Check) -> Check:
    """Register a check under its function name."""
    CHECKS[func.__name__] = func
    return func
