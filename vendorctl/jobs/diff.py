"""The diff job: load the portfolio at two git revisions, check both, compare them."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from vendorctl.changes.compare import compare
from vendorctl.changes.review import Review
from vendorctl.compute.as_of import as_of, measured_periods
from vendorctl.diagnostics import Diagnostic, Omitted, Outcome
from vendorctl.errors import InvalidPortfolio, UsageError
from vendorctl.jobs.portfolio import load_and_check
from vendorctl.load import cache
from vendorctl.load.checked import Checked
from vendorctl.load.git import (
    WORKING_TREE,
    GitError,
    Revision,
    default_base,
    export,
    prefix,
    resolve,
)
from vendorctl.load.portfolio import SETTINGS_FILE, Portfolio
from vendorctl.render.diff import summary
from vendorctl.render.formats import Drawing, draw
from vendorctl.reports.diff import context


class RevisionError(UsageError):
    """A revision that cannot be read: a usage error, like an unknown vendor."""


D = TypeVar("D", Diagnostic, Omitted)


def review(
    root: Path,
    base: str | None,
    head: str | None,
    day: date | None = None,
    fail_on: frozenset[str] = frozenset(),
) -> Review:
    """Compare the portfolio at `base` (default: the merge base with the default branch) with
    `head` (default: the working tree). Invalid data at either side raises InvalidPortfolio."""
    try:
        where = prefix(root)  # not in a git work tree: say so before looking for branches
        old = resolve(root, base) if base is not None else default_base(root)
        new = resolve(root, head) if head is not None else WORKING_TREE
    except GitError as exc:
        raise RevisionError(str(exc)) from None
    with contextlib.ExitStack() as stack:
        loaded = [_load(root, side, where, stack) for side in (old, new)]
    outcomes = [outcome for _, outcome in loaded]
    problems = [d for outcome in outcomes for d in outcome.diagnostics if d.severity == "error"]
    # Errors found but not listed (over the cap) still count, and are still said.
    left_out = [o for outcome in outcomes for o in outcome.omitted if o.severity == "error"]
    if problems or left_out:
        files = sum(o.files for o in outcomes)
        raise InvalidPortfolio(Outcome(tuple(sorted(problems)), files, tuple(sorted(left_out))))
    portfolios = [portfolio for portfolio, _ in loaded]
    settings = [p.settings.model for p in portfolios if p is not None and p.settings is not None]
    if not settings:
        raise RevisionError(
            f"there is no portfolio (no vendorctl.yaml) at {old.title} or {new.title}"
        )
    # A side from before the portfolio existed (or after it was deleted) is an empty portfolio
    # with the other side's settings: everything in the other side was added (or removed).
    old_side, new_side = (
        Checked(
            portfolio or Portfolio(root, None, {}, 0, []),
            portfolio.settings.model if portfolio and portfolio.settings else settings[0],
            outcome,
        )
        for portfolio, outcome in loaded
    )
    side = new_side if portfolios[1] is not None else old_side
    day = as_of(day, side.settings, measured_periods(side.portfolio.vendors))
    organisation = settings[-1].organisation
    return Review(old, new, organisation, compare(old_side, new_side, day), fail_on)


def _load(
    root: Path, revision: Revision, where: str, stack: contextlib.ExitStack[bool | None]
) -> tuple[Portfolio | None, Outcome]:
    """One side loaded and checked; None if the revision has no portfolio."""
    folder = root
    if revision.sha is not None:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vendorctl-diff-")))
        try:
            export(root, revision, folder)
        except GitError as exc:
            raise RevisionError(f"cannot read {revision.title}: {exc}") from None
        if not (folder / SETTINGS_FILE).exists() and not (folder / SETTINGS_FILE).is_symlink():
            return None, Outcome((), 0)
    # A revision is read from a throwaway folder: a cache written there would only cost time.
    with cache.turned(on=False):
        portfolio, outcome = load_and_check(folder, policies=False)
    if revision.sha is not None:
        named = tuple(_at(revision, where, d) for d in outcome.diagnostics)
        left_out = tuple(_at(revision, where, o) for o in outcome.omitted)
        outcome = Outcome(named, outcome.files, left_out)
    return portfolio, outcome


def _at(revision: Revision, where: str, diagnostic: D) -> D:
    """A diagnostic named the way git names a file at a revision: `main:vendors/x/vendor.yaml`
    (from the repository's top, so `git show` finds it from anywhere)."""
    return replace(diagnostic, path=f"{revision.ref}:{where}{diagnostic.path}")


@dataclass(frozen=True)
class DiffOutput:
    """The comparison drawn in a format, and whether a change of a --fail-on kind was found."""

    text: str
    flagged: bool
    summary: str


def diff(
    root: Path,
    base: str | None,
    head: str | None,
    day: date | None,
    fail_on: frozenset[str],
    fmt: str,
) -> DiffOutput:
    """Compare two revisions and draw the comparison: Markdown always from the built-in
    template, since a portfolio's templates/ are part of the change under review."""
    found = review(root, base, head, day, fail_on)
    data = context(found)
    text = draw(data, fmt, Drawing("diff", "diff.md.j2", None))
    return DiffOutput(text, bool(found.flagged), summary(data))
