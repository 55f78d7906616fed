"""iCalendar (RFC 5545) output: all-day events with reminders, stable UIDs, no clock."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from icalendar.prop import vText

PRODID = "-//vendorctl//vendorctl//EN"
# RFC 5545 TEXT holds no control characters but tab and line breaks (which are escaped as \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(value: str) -> vText:
    """A TEXT value from the data: backslash, `;`, `,` and line breaks escaped (by vText, also
    for X- properties, which icalendar would otherwise write raw), other control characters
    shown as `\\x1b`-style escapes, so no data can break or add a content line."""
    from icalendar.prop import vText

    return vText(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value))


def to_ics(events: list[dict[str, Any]], as_of: date, name: str) -> bytes:
    """The events as an iCalendar file. DTSTAMP is the as-of date at midnight UTC, so the same
    data always gives the same bytes."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(name))
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for item in events:
        event = Event()
        event.add("uid", f"{item['uid']}@vendorctl")
        event.add("dtstamp", stamp)
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + timedelta(days=1))
        event.add("summary", _text(item["summary"]))
        event.add("description", _text(item["description"]))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _text(item["summary"]))
        alarm.add("trigger", timedelta(days=-item["remind_days"]))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
