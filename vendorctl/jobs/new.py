"""`vendorctl new ...`: a first draft written into the portfolio, and the placeholders left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vendorctl.compute import drafts
from vendorctl.diagnostics import Diagnostic
from vendorctl.errors import UsageError
from vendorctl.jobs.files import write_atomic
from vendorctl.jobs.portfolio import load_and_check
from vendorctl.load.portfolio import Portfolio, load_portfolio
from vendorctl.load.root import shown_path


@dataclass(frozen=True)
class Drafted:
    """A draft written: where (relative to the root), the errors in that file (at the
    placeholders it cannot do without) and the other placeholders (`~`) still in it."""

    shown: str
    left: list[Diagnostic]
    optional: list[drafts.Placeholder] = field(default_factory=list)


def new(root: Path, make: Callable[[Portfolio], drafts.Draft]) -> Drafted:
    """Make a draft for the portfolio at `root` and write it, never over an existing file;
    then check the portfolio's data to find the placeholders still to fill in that file."""
    draft = make(load_portfolio(root))
    shown = shown_path(draft.path, root)
    if draft.mode == "create" and (draft.path.exists() or draft.path.is_symlink()):
        raise drafts.DraftError(f"{shown} exists; it is never overwritten")
    text = drafts.check(draft)
    try:
        write_atomic(draft.path, text)
    except OSError as exc:
        raise UsageError(f"cannot write {draft.path}: {exc.strerror or exc}") from None
    _, outcome = load_and_check(root, policies=False)
    left = [d for d in outcome.diagnostics if d.path == shown and d.severity == "error"]
    # A file may validate with `~` left in it (an optional key): those are listed too, so a
    # draft is never called done while a placeholder remains.
    reported = {(d.line, d.col) for d in left}
    optional = [
        p for p in drafts.placeholders(text, draft.under) if (p.line, p.col) not in reported
    ]
    return Drafted(shown, left, optional)
