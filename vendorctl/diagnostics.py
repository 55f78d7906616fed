"""Diagnostics as data: one problem found in one file, and the sorted collection of a run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _visible(text: str) -> str:
    """Undecodable bytes (kept as lone surrogates) shown as \\xNN escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Escape control characters so text from the data can never break a one-line diagnostic."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


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
            if _CONTROL.search(text) or _SURROGATE.search(text):
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


@dataclass(frozen=True)
class Outcome:
    """What a validation run found: every diagnostic, sorted, and how many files were read."""

    diagnostics: Sequence[Diagnostic]
    files: int

    @classmethod
    def collect(cls, diagnostics: Iterable[Diagnostic], files: int) -> Outcome:
        """Sort and de-duplicate diagnostics so every run reports them in the same order."""
        return cls(tuple(sorted(set(diagnostics))), files)

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    def failed(self, strict: bool = False) -> bool:
        """True when the run should exit 1: errors, or warnings under --strict."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        """The closing line of a run, e.g. `Checked 42 files: 2 errors, 1 warning.`."""
        files = _plural(self.files, "file")
        if not self.diagnostics:
            return f"Checked {files}: no problems found."
        return (
            f"Checked {files}: {_plural(self.errors, 'error')}, "
            f"{_plural(self.warnings, 'warning')}."
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
