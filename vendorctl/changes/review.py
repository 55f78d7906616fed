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

    @property
    def flagged(self) -> list[Change]:
        """The changes of a kind named by --fail-on."""
        return [c for c in self.comparison.changes if c.kind in self.fail_on]
