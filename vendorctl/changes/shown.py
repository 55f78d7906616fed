"""How changed values are written: numbers as in the files, amounts with their currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from vendorctl.compute.numbers import grouped, rounded
from vendorctl.compute.scoring import dec


def plain(value: float | int | Decimal | None, unit: str = "") -> str | None:
    """A number as written, without float artefacts or trailing zeros: 99.9, 100, 0.5; with unit."""
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else dec(value)
    text = format(number.normalize(), "f")
    return f"{text}{unit}" if unit in ("%", "") else f"{text} {unit}"


def amount(value: float | None, currency: str) -> str | None:
    """An amount with thousands separators and two decimals: EUR 1,200.00."""
    return None if value is None else f"{currency} {grouped(value)}"


def change_of(before: float, after: float) -> dict[str, Any]:
    """An amount's change in numbers, and in percent of the old amount (unless that was 0)."""
    delta = dec(after) - dec(before)
    percent = None if before == 0 else float(rounded(delta / dec(before) * 100, 1))
    return {"before": before, "after": after, "change": float(delta), "percent": percent}


def yes_no(flag: bool) -> str:
    """A boolean as a word."""
    return "yes" if flag else "no"


def text(value: object) -> str | None:
    """Any other value as text; None stays None (shown as `none`)."""
    return None if value is None else str(value)
