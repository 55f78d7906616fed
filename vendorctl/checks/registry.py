"""The registries of cross-file checks: those of each vendor's files, and those across vendors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass

from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import ContractRef, Portfolio, Record
from vendorctl.model import Settings


@dataclass(frozen=True)
class Overview:
    """What checks across vendors see: the settings and every contract's id, not the vendors'
    models (which `validate` may have spread over several processes)."""

    settings: Record[Settings] | None
    contracts: Sequence[ContractRef]  # vendor by vendor in folder order, file by file


# A check of the vendors' own files: what it finds in a portfolio is what it finds in each of
# its vendors taken apart, so the vendors may be checked in separate processes.
Check = Callable[[Portfolio], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}
# A check of what is computed from a vendor's files (the credits its contracts earned): run
# after the others, and only on the vendors they found no error in (the folders in the set
# given are skipped), whose computed results would only echo those errors.
ResultCheck = Callable[[Portfolio, Set[str]], Iterable[Diagnostic]]
RESULT_CHECKS: dict[str, ResultCheck] = {}
# A check of the settings, or of something that spans vendors.
OverallCheck = Callable[[Overview], Iterable[Diagnostic]]
OVERALL_CHECKS: dict[str, OverallCheck] = {}


def check(func: Check) -> Check:
    """Register a check of each vendor's files under its function name."""
    CHECKS[func.__name__] = func
    return func


def result_check(func: ResultCheck) -> ResultCheck:
    """Register a check of computed results under its function name."""
    RESULT_CHECKS[func.__name__] = func
    return func


def overall_check(func: OverallCheck) -> OverallCheck:
    """Register a check of the settings or across vendors under its function name."""
    OVERALL_CHECKS[func.__name__] = func
    return func
