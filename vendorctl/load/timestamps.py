"""Days and moments as exports write them: ISO 8601 date-times (with `Z` or an offset), the usual
day layouts, a time of day after them; a moment with an offset counts on its day in the
portfolio's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

# Day layouts read without --period-format: year, month and day groups. Day/month order is never
# guessed: dotted dates are day-first (01.06.2025, as German, Swiss and Scandinavian tools write
# them); slashed ones (06/01/2025) are read in the order the whole column shows (see
# `slash_order`). Regular expressions (read as %Y-%m-%d, %Y/%m/%d and %d.%m.%Y would), not
# strptime: a per-record export has a day on every row, and strptime takes 4-5 times as long.
_DAY_LAYOUTS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), (3, 2, 1)),
)
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A day, then optionally a time of day (T or spaces between), AM/PM and a zone: Z, UTC, GMT or
# an offset (+02:00, +0200, +02, -05:00).
_MOMENT = re.compile(
    r"^(?P<day>[0-9./-]+)"
    r"(?:(?:T|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d{1,9})?)?"
    r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def slash_order(values: list[str]) -> str | None:
    """`%d/%m/%Y` or `%m/%d/%Y` for days like 07/08/2026 (a time after them allowed), judged
    over the whole column: a first number over 12 makes it day-first, a second one month-first;
    "ambiguous" when no value tells; None when the column has no such day."""
    pairs = []
    for value in values:
        found = _MOMENT.match(value)
        slashed = _SLASHED.match(found.group("day")) if found else None
        if slashed:
            pairs.append((int(slashed.group(1)), int(slashed.group(2))))
    if not pairs:
        return None
    if any(first > 12 for first, _ in pairs):
        return "%d/%m/%Y"
    if any(second > 12 for _, second in pairs):
        return "%m/%d/%Y"
    return "ambiguous"


def day_of(text: str, zone: tzinfo, slash: str | None = None) -> date | None:
    """The day `text` names in `zone`: a day as written, or a moment with a time of day. A
    moment with an offset or Z is moved into `zone` first (2025-06-30T23:30:00-02:00 is
    1 July in UTC); one without counts as written. None when `text` is not a day in any layout
    read here; ValueError for a time of day or offset that cannot be (25:00, +31:00), or a
    slashed day that is none in the column's order."""
    found = _MOMENT.match(text.strip())
    if found is None:
        return None
    day = _day(found.group("day"), slash)
    if day is None:
        return None
    if found.group("zone") is None:
        if found.group("hour") is not None:
            _time(found)  # a time of day that cannot be is refused, even when it does not count
        return day
    moment = datetime.combine(day, _time(found), _offset(found.group("zone")))
    return _in_zone(moment, zone, text)


def day_in_format(text: str, layout: str, zone: tzinfo) -> date:
    """The day `text` names, read with the strptime `layout` (--period-format); a moment with an
    offset (%z) is moved into `zone`. ValueError when it does not match; OutOfRange when it
    does, but its day in `zone` is before year 1 or after 9999."""
    moment = datetime.strptime(text.strip(), layout)
    if moment.tzinfo is not None:
        return _in_zone(moment, zone, text)
    return moment.date()


class OutOfRange(ValueError):
    """A moment whose day in the portfolio's time zone is outside the calendar Python knows
    (before year 1, after 9999): 9999-12-31T23:30:00-02:00 is in the year 10000 in UTC."""


def _in_zone(moment: datetime, zone: tzinfo, text: str) -> date:
    """The day of `moment` (which has an offset) in `zone`."""
    try:
        return moment.astimezone(zone).date()
    except OverflowError:
        raise OutOfRange(
            f"{text.strip()!r} falls outside the years 1 to 9999 in the portfolio's time zone"
        ) from None


def _day(text: str, slash: str | None) -> date | None:
    slashed = _SLASHED.match(text)
    if slashed:
        if slash not in ("%d/%m/%Y", "%m/%d/%Y"):
            return None  # the caller judges the column's order first
        first, second, year = (int(g) for g in slashed.groups())
        day, month = (first, second) if slash == "%d/%m/%Y" else (second, first)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a day in the layout {slash}") from None
    for layout, order in _DAY_LAYOUTS:
        found = layout.match(text)
        if found is not None:
            year, month, day = (int(found.group(i)) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                return None  # 2026-02-30 is no day, as strptime would have it
    return None


def _time(found: re.Match[str]) -> time:
    hour, minute = int(found.group("hour")), int(found.group("minute"))
    second = int(found.group("second") or 0)
    half = (found.group("half") or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{found.string!r}: {hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{found.string!r} is not a time of day")
    return time(hour, minute, second)


def _offset(text: str) -> timezone:
    if text in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is not an offset from UTC")
    sign = -1 if text.startswith("-") else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
