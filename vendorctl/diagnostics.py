"""Diagnostics as data: one problem found in one file, and the sorted collection of a run.

However many problems the data has, only so many are kept (`Findings`): the first
`LISTED_PER_FILE_AND_CODE` found of each file, severity and code, and of those the first
`LISTED_PER_RUN` in output order. The others are only counted, and listed as one line per file
and code (`Omitted`), so memory follows the size of the data, not the number of problems.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]

# At most this many problems of one code are listed per file (and severity), and this many in
# all; the others are counted in the summary and the JSON counts, and named in one line each.
LISTED_PER_FILE_AND_CODE = 100
LISTED_PER_RUN = 1_000


# The patterns below are compiled when first needed: each took most of a millisecond, at every
# start, and text that is all ASCII never needs them.
@functools.cache
def _control() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@functools.cache
def _surrogate() -> re.Pattern[str]:
    return re.compile(r"[\ud800-\udfff]")


def _unsafe(text: str) -> bool:
    """Whether the text holds a control character (C0, DEL, C1, or a line or paragraph
    separator) or a lone surrogate."""
    if text.isascii():
        return not text.isprintable()  # in ASCII, exactly C0 and DEL are not printable
    return _control().search(text) is not None or _surrogate().search(text) is not None


def _visible(text: str) -> str:
    """Undecodable bytes (kept as lone surrogates) shown as \\xNN escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Escape control characters so text from the data can never break a one-line diagnostic."""
    return _control().sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem at a place in a file; the path is relative to the portfolio root, POSIX style."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    loc: Loc = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # File names and messages carry text from disk: neither may break the one-line format
        # or the output encoding (a name that is not UTF-8 arrives with lone surrogates).
        for name in ("path", "message"):
            text = getattr(self, name)
            if _unsafe(text):
                object.__setattr__(self, name, one_line(_visible(text)))

    def as_text(self) -> str:
        """The one-line form `path:line:col: severity: message [code]`."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """The documented JSON form of a diagnostic."""
        return {
            "file": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "loc": list(self.loc),
        }


def format_loc(loc: Loc) -> str:
    """Render a location path the way a reader writes it: `people[2].tier`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True, slots=True, order=True)
class Omitted:
    """The problems of one file, severity and code found but not listed: `count` of `total`."""

    path: str
    severity: Severity
    code: str
    count: int
    total: int

    def as_diagnostic(self) -> Diagnostic:
        """The line that stands for them, at the top of the file, in the one-line format."""
        found = f"{self.count:,}" + (f" of {self.total:,}" if self.count < self.total else "")
        noun = self.severity if self.total == 1 else f"{self.severity}s"
        verb = "is" if self.count == 1 else "are"
        message = (
            f"{found} {self.code} {noun} in this file {verb} not listed "
            f"(at most {LISTED_PER_FILE_AND_CODE:,} per file and code are listed, "
            f"{LISTED_PER_RUN:,} in all)"
        )
        return Diagnostic(self.path, 1, 1, self.severity, self.code, message)

    def as_dict(self) -> dict[str, object]:
        """The JSON form: which file, severity and code, and how many were left out."""
        return {
            "file": self.path,
            "severity": self.severity,
            "code": self.code,
            "count": self.count,
        }


_Key = tuple[str, Severity, str]  # path, severity, code


class Findings:
    """Diagnostics as they are found, of which only so many are kept.

    Of each file, severity and code the first `per_key` found are kept (found again, an equal
    diagnostic is left out, as in a set); of those, the first `per_run` in output order, once
    twice as many are held and when the outcome is made. The others are only counted. What is
    kept does not depend on how the vendors were shared between processes: a file's problems
    are found in one process, in one order (those of the checks across vendors after them), and
    the choice across files is by output order.
    """

    __slots__ = ("_found", "_held", "_kept", "per_key", "per_run")

    def __init__(
        self, per_key: int = LISTED_PER_FILE_AND_CODE, per_run: int | None = LISTED_PER_RUN
    ) -> None:
        self.per_key = per_key
        self.per_run = per_run  # None: no cap per run (for findings still to be filtered)
        self._found: dict[_Key, int] = {}  # every problem found, kept or not
        self._kept: dict[_Key, dict[Diagnostic, None]] = {}  # in the order found
        self._held = 0

    @property
    def held(self) -> int:
        """How many diagnostics are kept now: never more than twice `per_run`, if set."""
        return self._held

    def __iter__(self) -> Iterator[Diagnostic]:
        """The diagnostics kept, by file and code (not sorted)."""
        for kept in self._kept.values():
            yield from kept

    def add(self, diagnostic: Diagnostic) -> None:
        """Count one problem; keep it while its file and code have fewer than `per_key`."""
        key = (diagnostic.path, diagnostic.severity, diagnostic.code)
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = {}
        elif diagnostic in kept:
            return
        found = self._found.get(key, 0)
        self._found[key] = found + 1
        if found < self.per_key:
            kept[diagnostic] = None
            self._held += 1
            if self.per_run is not None and self._held > 2 * self.per_run:
                self._trim(self.per_run)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> Findings:
        """Add each of `diagnostics` as it comes (never all at once); return self."""
        add = self.add
        for diagnostic in diagnostics:
            add(diagnostic)
        return self

    def merge(self, other: Findings) -> None:
        """Add what `other` found, as if found after what this holds."""
        for key, found in other._found.items():
            kept = other._kept.get(key, {})
            if key not in self._found:
                self._found[key] = found
                self._kept[key] = dict(kept)
                self._held += len(kept)
            else:  # a file checked in two steps: its problems found later come after
                for diagnostic in kept:
                    self.add(diagnostic)
                self._found[key] += found - len(kept)
        if self.per_run is not None and self._held > 2 * self.per_run:
            self._trim(self.per_run)

    def only(self, keep: Callable[[str], bool]) -> Findings:
        """The findings of the files whose path `keep` accepts."""
        chosen = Findings(self.per_key, self.per_run)
        for key, found in self._found.items():
            if keep(key[0]):
                kept = self._kept.get(key, {})
                chosen._found[key] = found
                chosen._kept[key] = dict(kept)
                chosen._held += len(kept)
        return chosen

    def state(self) -> list[list[object]]:
        """What this holds as plain data (kept between runs by the cache of results): for each
        file, severity and code, how many were found and the line, column, message and place
        of each kept."""
        return [
            [
                *key,
                found,
                [[d.line, d.col, d.message, list(d.loc)] for d in self._kept.get(key, {})],
            ]
            for key, found in self._found.items()
        ]

    @classmethod
    def restored(
        cls, state: object, per_key: int = LISTED_PER_FILE_AND_CODE, per_run: int | None = None
    ) -> Findings:
        """Findings holding what `state()` gave; ValueError for anything else."""
        found = cls(per_key, per_run)
        if not isinstance(state, list):
            raise ValueError("not a list of findings")
        for row in state:
            path, severity, code, count, kept = row
            if not (
                isinstance(path, str)
                and severity in ("error", "warning")
                and isinstance(code, str)
                and type(count) is int
                and isinstance(kept, list)
                and len(kept) <= min(count, per_key)
            ):
                raise ValueError("not a finding")
            key = (path, severity, code)
            diagnostics: dict[Diagnostic, None] = {}
            for line, col, message, loc in kept:
                if not (
                    type(line) is int
                    and type(col) is int
                    and isinstance(message, str)
                    and isinstance(loc, list)
                    and all(type(part) in (str, int) for part in loc)
                ):
                    raise ValueError("not a diagnostic")
                diagnostics[Diagnostic(path, line, col, severity, code, message, tuple(loc))] = None
            found._found[key] = count
            found._kept[key] = diagnostics
            found._held += len(diagnostics)
        return found

    def paths(self, severity: Severity) -> set[str]:
        """The files with a problem of `severity`, kept or not."""
        return {path for path, level, _ in self._found if level == severity}

    def _trim(self, limit: int) -> None:
        """Keep the first `limit` diagnostics in output order; count the others only."""
        if self._held <= limit:
            return
        chosen = set(heapq.nsmallest(limit, self))
        for key, kept in self._kept.items():
            self._kept[key] = {d: None for d in kept if d in chosen}
        self._held = len(chosen)

    def outcome(self, files: int) -> Outcome:
        """What was found, as a run reports it: what is kept, sorted, and what is not."""
        if self.per_run is not None:
            self._trim(self.per_run)
        omitted = [
            Omitted(*key, found - len(self._kept[key]), found)
            for key, found in self._found.items()
            if found > len(self._kept[key])
        ]
        return Outcome(tuple(sorted(self)), files, tuple(sorted(omitted)))


@dataclass(frozen=True)
class Outcome:
    """What a validation run found: the diagnostics kept, sorted, those left out (counted by
    file and code), and how many files were read."""

    diagnostics: Sequence[Diagnostic]
    files: int
    omitted: Sequence[Omitted] = ()

    @classmethod
    def collect(cls, diagnostics: Iterable[Diagnostic], files: int) -> Outcome:
        """Sort and de-duplicate diagnostics so every run reports them in the same order; keep
        only so many (see `Findings`)."""
        if not isinstance(diagnostics, Findings):
            diagnostics = Findings().extend(diagnostics)
        return diagnostics.outcome(files)

    @property
    def listed(self) -> Iterator[Diagnostic]:
        """Every line to print: the diagnostics kept, and one for each file and code of those
        left out, in order."""
        return heapq.merge(self.diagnostics, (o.as_diagnostic() for o in self.omitted))

    def _count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity) + sum(
            o.count for o in self.omitted if o.severity == severity
        )

    @property
    def errors(self) -> int:
        """Number of errors found, listed or not."""
        return self._count("error")

    @property
    def warnings(self) -> int:
        """Number of warnings found, listed or not."""
        return self._count("warning")

    def failed(self, strict: bool = False) -> bool:
        """True when the run should exit 1: errors, or warnings under --strict."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        """The closing line of a run, e.g. `Checked 42 files: 2 errors, 1 warning.`."""
        files = _plural(self.files, "file")
        if not self.diagnostics and not self.omitted:
            return f"Checked {files}: no problems found."
        return (
            f"Checked {files}: {_plural(self.errors, 'error')}, "
            f"{_plural(self.warnings, 'warning')}."
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
