"""iCalendar (RFC 5545) output: all-day events with reminders, stable UIDs, no clock.

Written as text, byte for byte as the icalendar library writes the same calendar
(`tests/test_plain_ics.py` holds it to that) in a fraction of the time: properties in its
canonical order, TEXT values escaped, lines folded before 75 octets, CRLF line ends.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

PRODID = "-//vendorctl//vendorctl//EN"
# RFC 5545 TEXT holds no control characters but tab and line breaks (which are escaped as \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FOLD_AT = 75  # octets: a line is cut before it would reach this many


def _text(value: str) -> str:
    """A TEXT value from the data: backslash, `;`, `,` and line breaks escaped (also for X-
    properties), other control characters shown as `\\x1b`-style escapes, so no data can
    break or add a content line."""
    return _escaped(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value))


def _escaped(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it, in its order of steps (a `\\N` in the
    data is read as a line break, as that library reads it)."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _folded(line: str) -> str:
    """A content line folded as icalendar folds it: cut before a part would reach 75 octets
    (UTF-8), each continuation led by a space, never right after a backslash or caret (an
    escape stays whole)."""
    if line.isascii():  # known of every str without reading it
        if len(line) < _FOLD_AT:
            return line  # most lines of a calendar

        # One octet a character: cut every 74 characters, or 73 to keep an escape whole.
        parts = []
        start = 0
        while len(line) - start >= _FOLD_AT:
            end = start + _FOLD_AT - 1
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    parts = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if current and size + octets >= _FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += octets
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


def _day(value: date) -> str:
    return value.isoformat().replace("-", "")  # YYYYMMDD


def _duration(days: int) -> str:
    """A whole number of days as an iCalendar DURATION: -P14D, P0D."""
    return f"{'-' if days < 0 else ''}P{abs(days)}D"


def to_ics(events: list[dict[str, Any]], as_of: date, name: str) -> bytes:
    """The events as an iCalendar file. DTSTAMP is the as-of date at midnight UTC, so the same
    data always gives the same bytes."""
    stamp = f"{_day(as_of)}T000000Z"
    # Only the lines that carry data can reach 75 octets and are folded; the others are short
    # by their making (dates, durations, names of properties).
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _folded(f"PRODID:{_escaped(PRODID)}"),
        "CALSCALE:GREGORIAN",
        _folded(f"X-WR-CALNAME:{_text(name)}"),
    ]
    for item in events:
        when: date = item["date"]
        summary = _text(item["summary"])
        lines += [
            "BEGIN:VEVENT",
            _folded(f"SUMMARY:{summary}"),
            f"DTSTART;VALUE=DATE:{_day(when)}",
            f"DTEND;VALUE=DATE:{_day(when + timedelta(days=1))}",
            f"DTSTAMP:{stamp}",
            _folded(f"UID:{_escaped(item['uid'] + '@vendorctl')}"),
            _folded(f"DESCRIPTION:{_text(item['description'])}"),
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            _folded(f"DESCRIPTION:{summary}"),
            f"TRIGGER:{_duration(-item['remind_days'])}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR\r\n")
    return "\r\n".join(lines).encode("utf-8")
