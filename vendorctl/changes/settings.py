"""Changes to the portfolio's own settings (vendorctl.yaml), which change how everything is read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from vendorctl.changes import PORTFOLIO, Change
from vendorctl.changes.shown import plain, text
from vendorctl.model import Settings
from vendorctl.model.settings import Standing

_PLAIN = (
    ("organisation", "organisation"),
    ("currency", "currency"),
    ("as_of", "as-of date"),
    ("fiscal_year_start", "fiscal year start month"),
)


def settings_changes(before: Settings, after: Settings) -> Iterator[Change]:
    """Each setting that differs, the standings bands as a whole, each policy on its own."""
    for aspect, label in _PLAIN:
        old, new = getattr(before, aspect), getattr(after, aspect)
        if old != new:
            yield Change("settings-changed", PORTFOLIO, "settings", label, text(old), text(new))
    if _bands(before.standings) != _bands(after.standings):
        shown = _bands(before.standings), _bands(after.standings)
        yield Change("settings-changed", PORTFOLIO, "settings", "standings", *shown)
    if before.sla_breach_standing != after.sla_breach_standing:
        shown = _cap(before.sla_breach_standing), _cap(after.sla_breach_standing)
        yield Change("settings-changed", PORTFOLIO, "settings", "SLA breach standing", *shown)
    for name in type(before.governance).model_fields:
        old, new = getattr(before.governance, name), getattr(after.governance, name)
        if old != new:
            what = f"governance {name.replace('_', ' ')}"
            yield Change("settings-changed", PORTFOLIO, "settings", what, text(old), text(new))
    for code in sorted(before.policies.keys() | after.policies.keys()):
        old, new = before.policies.get(code), after.policies.get(code)
        if old != new:
            shown = _policy(old), _policy(new)
            yield Change("settings-changed", PORTFOLIO, "settings", f"policy {code}", *shown)


def _bands(bands: list[Standing]) -> str:
    ordered = sorted(bands, key=lambda band: band.min)
    return ", ".join(f"{band.label} {plain(band.min)}-{plain(band.max)}" for band in ordered)


def _cap(value: str | None) -> str:
    return "default (the second-lowest band)" if value is None else value


def _policy(value: Any) -> str:
    if value is None:
        return "default"
    if hasattr(value, "model_dump"):
        value = value.model_dump(exclude_defaults=True)
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
