"""How reports on disk differ from the planned ones, as a unified diff."""

from __future__ import annotations

import difflib


def unified_diff(old: dict[str, str | None], new: dict[str, str], shown: str) -> str:
    """A unified diff of each report (by path in the reports folder `shown`) from its text on
    disk (None: missing) to its planned text (absent: to be removed), in path order."""
    chunks: list[str] = []
    for rel in sorted(old):
        before = old[rel]
        chunks.extend(
            difflib.unified_diff(
                (before or "").splitlines(keepends=True),
                new.get(rel, "").splitlines(keepends=True),
                fromfile=f"a/{shown}/{rel}" if before is not None else "/dev/null",
                tofile=f"b/{shown}/{rel}" if rel in new else "/dev/null",
            )
        )
    return "".join(chunks)
