"""iCalendar (RFC 5545) output: all-day events with reminders, stable UIDs, no clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

PRODID = "-//vendorctl//vendorctl//EN"


def to_ics(events: list[dict[str, Any]], as_of: date, name: str) -> bytes:
    """The events as an iCalendar file. DTSTAMP is the as-of date at midnight UTC, so the same
    data always gives the same bytes."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for item in events:
        event = Event()
        event.add("uid", f"{item['uid']}@vendorctl")
        event.add("dtstamp", stamp)
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + timedelta(days=1))
        event.add("summary", item["summary"])
        event.add("description", item["description"])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item["summary"])
        alarm.add("trigger", timedelta(days=-item["remind_days"]))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
