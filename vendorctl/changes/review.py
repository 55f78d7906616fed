"""A comparison between two revisions, and the changes that need an explicit review."""

from __future__ import annotations

from dataclasses import dataclass

from vendorctl.changes import Change, Comparison
from vendorctl.load.git import Revision


@dataclass(frozen=True)
class Review:
    """A comparison between two revisions, and the changes that need an explicit review."""

    base: Revision
    head: Revision
    organisation: str
    comparison: Comparison
    fail_on: frozenset[str]

    def needs_review(self, change: Change) -> bool:
        """Whether --fail-on names the change's kind, or a kind it counts as (an amendment that
        weakens an SLA from its date counts as `sla-weakened`)."""
        return change.kind in self.fail_on or not self.fail_on.isdisjoint(change.counts_as)

    @property
    def flagged(self) -> list[Change]:
        """The changes that --fail-on asks to review."""
        return [c for c in self.comparison.changes if self.needs_review(c)]
