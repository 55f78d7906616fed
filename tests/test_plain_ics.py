"""The calendar written as text is the icalendar library's bytes for the same events: escaping,
folding at 75 octets (multi-byte characters, escapes at the fold), CRLF, property order."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorctl.render.ics import PRODID, to_ics

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _reference(events: list[dict[str, Any]], as_of: date, name: str) -> bytes:
    """The calendar as the icalendar library writes it (how vendorctl wrote it before)."""
    from icalendar import Alarm, Calendar, Event
    from icalendar.prop import vText

    def text(value: str) -> vText:
        return vText(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value))

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", text(name))
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for item in events:
        event = Event()
        event.add("uid", f"{item['uid']}@vendorctl")
        event.add("dtstamp", stamp)
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + timedelta(days=1))
        event.add("summary", text(item["summary"]))
        event.add("description", text(item["description"]))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text(item["summary"]))
        alarm.add("trigger", timedelta(days=-item["remind_days"]))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


# Pieces of text that exercise escaping and folding: TEXT specials, escapes, line breaks,
# control characters, and characters of two, three and four octets.
PIECES = [
    "Notice deadline", "Decide on renewal", "Claim service credit:", "a", " ", "  ", ",", ";",
    "\\", "\\N", "\\n", "\\,", "^", "\n", "\r\n", "\r", "\t", "\x1b[1m", "\x00", "\x7f", "\x85",
    ":", '"', "é", "ß", "€", "日本語", "株式会社", "🚀", "👍🏽", "\u200d", "\ufe0f", "—", "≥",
    "x" * 70, "EUR 1,234.50", "2026-Q3", "(nimbus-cloud)", "vendors/a/contracts/b.yaml",
]  # fmt: skip


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))


def _events(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "uid": rng.choice(
                ["notice-acme-msa-2026-12-31", "credit-claim-a-b-2026-Q3", _text(rng)]
            ),
            "date": date(rng.randint(1900, 2998), rng.randint(1, 12), rng.randint(1, 28)),
            "summary": _text(rng),
            "description": _text(rng),
            "remind_days": rng.choice([0, 1, 7, 14, 30, 45, 365, -3]),
        }
        for _ in range(rng.randint(0, 6))
    ]


@pytest.mark.parametrize("seed", range(60))
def test_plain_calendar_is_icalendars_bytes(seed: int) -> None:
    rng = random.Random(seed)
    events = _events(rng)
    as_of = date(rng.randint(1900, 2999), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(["Northwind Health: vendor deadlines", _text(rng)])
    assert to_ics(events, as_of, name) == _reference(events, as_of, name)


def test_no_events_and_folds_at_every_offset() -> None:
    as_of = date(2026, 10, 31)
    assert to_ics([], as_of, "x") == _reference([], as_of, "x")
    # A two-, three- or four-octet character, or an escape, at every place around the fold.
    for pad in range(60, 80):
        for tail in ("é", "€", "🚀", ",", "\\", "^", "\\N", "ab"):
            events = [
                {
                    "uid": "u" * pad,
                    "date": as_of,
                    "summary": "s" * pad + tail * 5,
                    "description": ("d" * pad + tail) * 3,
                    "remind_days": 7,
                }
            ]
            name = "n" * pad + tail
            assert to_ics(events, as_of, name) == _reference(events, as_of, name)


@given(
    st.text(max_size=200),
    st.text(max_size=200),
    st.integers(min_value=-400, max_value=400),
)
def test_any_text_is_written_as_icalendar_writes_it(
    summary: str, description: str, remind: int
) -> None:
    events = [
        {
            "uid": "notice-x-2026-12-31",
            "date": date(2026, 12, 31),
            "summary": summary,
            "description": description,
            "remind_days": remind,
        }
    ]
    as_of = date(2026, 10, 31)
    assert to_ics(events, as_of, summary) == _reference(events, as_of, summary)
