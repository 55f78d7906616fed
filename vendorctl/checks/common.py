"""Helpers the checks share: duplicate tracking and close-match suggestions."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence

from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load.yamlio import Document


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean `x`?` for the closest known name, or an empty string."""
    return _closest(name, tuple(sorted(known)))


@functools.lru_cache(maxsize=1024)
def _closest(name: str, known: tuple[str, ...]) -> str:
    # Remembered: a file may name one unknown KPI in each of a hundred thousand measurements.
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


class FirstSeen:
    """Remembers where each key was first defined, to report later definitions as duplicates."""

    # Not a dataclass: one is made per list checked, for each vendor, and that showed.
    __slots__ = ("code", "lines", "seen", "what")

    def __init__(self, what: str, code: str = "duplicate-id") -> None:
        self.what = what
        self.code = code
        self.seen: dict[object, tuple[Document, Loc]] = {}
        self.lines: dict[object, int] = {}  # of keys seen twice: where first

    def add(
        self, key: object, doc: Document, loc: Loc, shown: str | None = None
    ) -> Sequence[Diagnostic]:
        """A diagnostic if `key` was seen before, else none (and remember where it stands).

        A plain function, not a generator: it runs once per measurement, and most keys are new.
        """
        if key not in self.seen:
            self.seen[key] = (doc, loc)
            return ()
        first_doc, first_loc = self.seen[key]
        line = self.lines.get(key)
        if line is None:  # located once, however many times the key comes again
            line = self.lines[key] = first_doc.position(first_loc)[0]
        place = f"line {line}" if first_doc is doc else f"{first_doc.path}:{line}"
        message = f"duplicate {self.what} `{shown or key}` (first defined at {place})"
        return [doc.diagnostic(loc, self.code, message)]
