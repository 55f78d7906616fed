"""Output formats for diagnostics: plain text, JSON and GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Callable

from vendorctl.diagnostics import Outcome

Formatter = Callable[[Outcome, str], str]
JSON_VERSION = 1


def as_text(outcome: Outcome, prefix: str = "") -> str:
    """One `path:line:col: severity: message [code]` line per problem listed, and one per file
    and code of those left out (`Omitted`), then the summary."""
    lines = [d.as_text() for d in outcome.listed]
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"


def as_json(outcome: Outcome, prefix: str = "") -> str:
    """The documented JSON object: counts (of every problem found) and the list of diagnostics;
    `omitted` only when some were left out: how many of each file and code."""
    document: dict[str, object] = {
        "version": JSON_VERSION,
        "files": outcome.files,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
        "diagnostics": [d.as_dict() for d in outcome.diagnostics],
    }
    if outcome.omitted:
        document["omitted"] = [o.as_dict() for o in outcome.omitted]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(outcome: Outcome, prefix: str = "") -> str:
    """GitHub Actions annotations (paths from the workspace root), then the full text list."""
    lines = []
    for d in outcome.listed:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", prefix + d.path),
                ("line", d.line),
                ("col", d.col),
                ("title", f"vendorctl [{d.code}]"),
            )
        )
        lines.append(f"::{d.severity} {properties}::{_escape_data(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "") + as_text(outcome)


def step_summary(outcome: Outcome) -> str:
    """A Markdown summary for the GitHub Actions run page ($GITHUB_STEP_SUMMARY)."""
    from vendorctl.render.markdown import inert

    icon = "❌" if outcome.errors else ("⚠️" if outcome.warnings else "✅")
    lines = [f"### {icon} vendorctl validate", "", outcome.summary(), ""]
    if outcome.diagnostics or outcome.omitted:
        lines += ["| File | Line | Severity | Problem | Code |", "| --- | ---: | --- | --- | --- |"]
        lines += [
            f"| {inert(d.path)} | {d.line} | {d.severity} | {inert(d.message)} | {inert(d.code)} |"
            for d in outcome.listed
        ]
        lines.append("")
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Formatter] = {"text": as_text, "json": as_json, "github": as_github}
