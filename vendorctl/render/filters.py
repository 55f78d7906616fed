"""Template filters: numbers (decimal, half-up), percentages, money, dates and status words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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
    # Service credits: the work, then what is settled.
    "to-claim": "🟡 to claim",
    "due-soon": "🟠 due soon",
    "claimed": "📨 claimed",
    "disputed": "🔴 disputed",
    "received": "✅ received",
    "partial": "🟡 partly received",
    "rejected": "❌ rejected",
    "waived": "⚪ waived",
    "lapsed": "⚫ lapsed",
}


def number(value: Any, places: int = 1, grouping: bool = False) -> Md:
    """A number rounded half-up to `places` decimals; `n/a` for None."""
    if value is None:
        return Md(NA)
    return Md(grouped(value, places) if grouping else f"{rounded(value, places)}")


# Enough decimals for any value a YAML float holds, so that the search below ends.
_MOST_PLACES = 12


def shown_apart(value: Any, near: Any, places: int = 2) -> str:
    """`value` rounded half-up to `places` decimals, or to as many more as it takes to read
    differently from each of `near` (a target, tier thresholds) that it does not equal: 99.985
    beside a target of 99.99 never reads 99.99, so a breach never displays as compliance."""
    others = [n for n in (near if isinstance(near, list | tuple) else [near]) if n is not None]
    exact = Decimal(str(value))
    apart = [Decimal(str(n)) for n in others if Decimal(str(n)) != exact]
    shown = places
    while shown < _MOST_PLACES and any(trimmed(exact, shown) == trimmed(n, shown) for n in apart):
        shown += 1
    return trimmed(exact, shown)


def measure(value: Any, unit: str = "", places: int = 2, near: Any = None) -> Md:
    """A measured value, rounded half-up to at most `places` decimals (more if it would read as
    one of `near` that it is not: see `shown_apart`), with its unit: 99.95%."""
    if value is None:
        return Md(NA)
    text = trimmed(value, places) if near is None else shown_apart(value, near, places)
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


def days_left(value: int | None) -> Md:
    """Days to a deadline in words: `29 days left`, `today`, `3 days ago`; an em dash for none."""
    if value is None:
        return Md("—")
    if value == 0:
        return Md("today")
    count = abs(value)
    unit = "day" if count == 1 else "days"
    return Md(f"{count} {unit} left" if value > 0 else f"{count} {unit} ago")


def credit_status(row: dict[str, Any]) -> Md:
    """Where a credit stands, in words: `🟠 due soon, 3 days left`, `📨 claimed 2026-10-22`,
    `🟡 partly received 2026-11-20: EUR 5,000.00`, `⚫ lapsed 12 days ago`."""
    word = row.get("status")
    shown = status(word)
    days = row.get("days_left")
    claimed = row.get("claimed_on")
    if word in ("to-claim", "due-soon") and days is not None:
        return Md(f"{shown}, {'last day today' if days == 0 else days_left(days)}")
    if word == "lapsed" and days is not None:
        return Md(f"{shown} {days_left(days)}")
    if word in ("received", "partial") and row.get("received_on") is not None:
        paid = f"{shown} {iso_date(row['received_on'])}"
        if word == "partial":
            paid += f": {money(row.get('received_amount'), row.get('currency') or '')}"
        return Md(paid)
    if word == "claimed" and claimed is not None:
        return Md(f"{shown} {iso_date(claimed)}")
    if word in ("disputed", "rejected") and claimed is not None:
        return Md(f"{shown} (claimed {iso_date(claimed)})")
    return shown


FILTERS = {
    "number": number,
    "signed": signed,
    "percent": percent,
    "measure": measure,
    "money": money,
    "date": iso_date,
    "status": status,
    "days_left": days_left,
    "credit_status": credit_status,
}
