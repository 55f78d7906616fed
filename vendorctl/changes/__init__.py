"""What changed between two versions of a portfolio, in business terms: the kinds of change and
the comparison that finds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")

# Every kind of change, in the order reports list them, with what it means. The codes are stable:
# `vendorctl diff --fail-on` takes them.
KINDS: dict[str, str] = {
    "settings-changed": "a portfolio setting changed: currency, fiscal year, standings, governance",
    "vendor-added": "a vendor was added",
    "vendor-removed": "a vendor was removed",
    "vendor-renamed": "a vendor's id or display name changed",
    "segment-changed": "a vendor's segment changed",
    "status-changed": "a vendor's status changed",
    "contract-added": "a contract was added",
    "contract-removed": "a contract was removed (its SLAs count as weakened too)",
    "contract-moved": "a contract moved to another vendor",
    "amendment-added": "an amendment was added: its date, what it weakens or strengthens from then",
    "amendment-changed": "an amendment's date or terms changed: what that weakens or strengthens",
    "amendment-removed": "an amendment was removed: what that weakens or strengthens",
    "value-changed": "a contract's annual value or monthly charge changed",
    "term-changed": "a contract's start, end or renewal term changed",
    "auto-renew-changed": "a contract's auto-renewal was switched on or off",
    "notice-period-changed": "a contract's notice period or notice-to rule changed",
    "notice-deadline-moved": "the notice deadline of the term running on the as-of date moved",
    "renewal-status-changed": "a contract's renewal status on the as-of date changed",
    "decision-changed": "a contract's recorded renewal decision changed",
    "sla-weakened": "an SLA target lowered, credits, cap or claim period reduced, SLA removed",
    "sla-strengthened": "an SLA target raised, credits, cap or claim period increased, SLA added",
    "sla-changed": "an SLA's window or KPI changed",
    "kpi-added": "a KPI was added",
    "kpi-removed": "a KPI was removed",
    "kpi-changed": "a KPI's target, floor, weight, direction, unit, aggregation or frequency",
    "measurements-added": "new measurements",
    "measurement-rewritten": "a measurement already recorded got a different value or weight",
    "measurement-removed": "a measurement already recorded was deleted",
    "credits-changed": "a credit already earned changed: a measurement rewritten, terms edited",
    "claim-added": "a service-credit claim was recorded",
    "claim-changed": "a claim's status, amount claimed or received, date or reference changed",
    "claim-removed": "a service-credit claim was removed",
    "score-changed": "the score of the latest period changed, within its standing",
    "standing-changed": "the score of the latest period moved to another standing",
    "person-added": "a person was added",
    "person-removed": "a person was removed",
    "role-changed": "one of the four roles, or a contract's owner, was assigned or handed over",
    "role-vacated": "one of the four roles, or a contract's owner, was left empty",
    "key-person-added": "someone became key personnel",
    "key-person-removed": "someone is no longer key personnel",
}

_ORDER = {kind: number for number, kind in enumerate(KINDS)}

PORTFOLIO = ""  # the "vendor" of changes to the portfolio's settings: listed before every vendor


@dataclass(frozen=True)
class Change:
    """One change that matters: its kind, the vendor and thing it is about, before and after.

    `before` and `after` are shown as written (amounts with their currency, values with their
    unit); `data` holds the same in numbers for JSON readers.
    """

    kind: str
    vendor: str
    subject: str
    what: str
    before: str | None = None
    after: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Other kinds this change answers `--fail-on` for: an amendment that lowers a target from its
    # date is reviewed as `sla-weakened` is, so writing it as an amendment cannot bypass CI.
    counts_as: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.counts_as <= KINDS.keys(), self.counts_as

    @property
    def order(self) -> tuple[str, int, str, str]:
        """Sort key: vendor, then kind in report order, then subject."""
        return (self.vendor, _ORDER[self.kind], self.subject, self.what)


@dataclass(frozen=True)
class Comparison:
    """The changes between two portfolios, the vendors' names, and the date they were judged on."""

    as_of: date
    changes: list[Change]
    names: dict[str, str]

    def kinds(self) -> list[str]:
        """The kinds present, in report order."""
        return [kind for kind in KINDS if any(c.kind == kind for c in self.changes)]


def comings_and_goings(
    kind: str,
    vendor: str,
    noun: str,
    items: tuple[Mapping[str, T], Mapping[str, T]],
    shown: tuple[Callable[[T], str], Callable[[T], str]],
) -> Iterator[Change]:
    """`<kind>-removed` for each id only before, then `<kind>-added` for each only after."""
    old, new = items
    for key in sorted(old.keys() - new.keys()):
        yield Change(f"{kind}-removed", vendor, f"{noun} {key}", "removed", shown[0](old[key]))
    for key in sorted(new.keys() - old.keys()):
        yield Change(f"{kind}-added", vendor, f"{noun} {key}", "added", None, shown[1](new[key]))
