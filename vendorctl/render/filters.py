"""Template filters: numbers (decimal, half-up), percentages, money, dates and status words."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendorctl.compute.numbers import grouped, rounded, trimmed
from vendorctl.render.markdown import Md, inert

NA = "n/a"

# Status words with the emoji shown beside them; the words alone carry the meaning.
STATUS: dict[str, str] = {
    "met": "✅ met",
    "breached": "❌ breached",
    "no-data": "⚪ no data",
    "up": "⬆️ up",
    "down": "⬇️ down",
    "flat": "➡️ flat",
    "yes": "✅ yes",
    "decide": "🟠 decide",
    "notice-passed": "🔴 notice passed",
    "ok": "🟢 ok",
    "evergreen": "♾️ evergreen",
    "expired": "⚫ expired",
    "no": "❌ no",
}


def number(value: Any, places: int = 1, grouping: bool = False) -> Md:
    """A number rounded half-up to `places` decimals; `n/a` for None."""
    if value is None:
        return Md(NA)
    return Md(grouped(value, places) if grouping else f"{rounded(value, places)}")


def measure(value: Any, unit: str = "", places: int = 2) -> Md:
    """A measured value, rounded half-up to at most `places` decimals, with its unit: 99.95%."""
    if value is None:
        return Md(NA)
    text = trimmed(value, places)
    if not unit:
        return Md(text)
    return Md(f"{text}{unit}" if unit == "%" else f"{text} {inert(unit)}")


def signed(value: Any, places: int = 1) -> Md:
    """A change with its sign: +3.2, -1.0, 0.0."""
    if value is None:
        return Md(NA)
    result = rounded(value, places)
    return Md(f"+{result}" if result > 0 else f"{result}")


def percent(value: Any, places: int = 1) -> Md:
    """A percentage: 99.9%."""
    return Md(NA) if value is None else Md(f"{number(value, places)}%")


def money(value: Any, currency: str = "") -> Md:
    """An amount with thousands separators and two decimals: EUR 12,345.60."""
    if value is None:
        return Md(NA)
    amount = number(value, 2, grouping=True)
    return Md(f"{inert(currency)} {amount}" if currency else amount)


def iso_date(value: date | None) -> Md:
    """A date as YYYY-MM-DD; an em dash for none."""
    return Md("—") if value is None else Md(value.isoformat())


def status(word: str | None) -> Md:
    """A status word with its emoji, e.g. `✅ met`."""
    key = word or "no-data"
    return Md(STATUS[key]) if key in STATUS else inert(key)


FILTERS = {
    "number": number,
    "signed": signed,
    "percent": percent,
    "measure": measure,
    "money": money,
    "date": iso_date,
    "status": status,
}
