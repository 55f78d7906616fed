"""A review's agenda: items time-boxed by what each holds, within the meeting's length."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Minutes a review takes, by segment: the more strategic the vendor, the longer the review.
DURATION = {"strategic": 120, "tactical": 90, "operational": 60, "commodity": 45}
# Every item on the agenda gets at least this long; the rest is shared out by weight.
LEAST_MINUTES = 3
# Beyond this many things (issues, breaches...), an item's weight grows no further.
MOST_COUNTED = 16


@dataclass(frozen=True)
class Item:
    """An agenda item: its key, title, weight per unit of content, and the line that stands
    in for it when it holds nothing (None: it is always held)."""

    key: str
    title: str
    weight: int
    empty: str | None


# In order. The weights were the fixed shares of a 100-minute meeting before time boxes
# followed the content; an item with more to discuss now takes more of the meeting.
ITEMS = (
    Item("previous", "Review of the last meeting", 8, "none is on record"),
    Item("summary", "Summary and goals of the meeting", 5, None),
    Item("scorecard", "Scorecard for the quarter", 15, "no KPI is defined"),
    Item("breaches", "SLA breaches and service credits", 10, "no breach, no credit to settle"),
    Item("commercial", "Commercial position, renewals and notice deadlines", 10, "no contract"),
    Item("issues", "Issues and escalations", 15, "no issue is open"),
    Item("risks", "Top risks", 10, "no open risk"),
    Item("health", "Relationship health", 10, "no health check on record"),
    Item("objectives", "Objectives and roadmap", 10, "no objective recorded"),
    Item("actions", "Actions carried forward", 10, "no action is open"),
    Item("next", "Next meeting and wrap-up", 5, None),
)


def _shares(total: int, weights: list[float]) -> list[int]:
    """`total` minutes shared by weight, at least LEAST_MINUTES each (fewer only when the total
    cannot give that much), in whole minutes by largest remainder so that they add up."""
    floor = min(LEAST_MINUTES, total // max(len(weights), 1))
    spare = total - floor * len(weights)
    exact = [spare * w / sum(weights) for w in weights]
    whole = [int(e) for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - whole[i]), i))
    for i in order[: spare - sum(whole)]:
        whole[i] += 1
    return [floor + extra for extra in whole]


def timeboxes(
    minutes: int, counts: Mapping[str, int], titles: Mapping[str, str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The agenda of a meeting set for `minutes`: `items` (each `key`, `title`, `minutes`,
    `start`, `count`), the items that hold something, and `skipped` (each `key`, `title`,
    `reason`), the empty ones left off; `titles` renames items.

    At one thing each, an item takes its share of the meeting (the weights are percentages);
    it grows with the square root of how much it holds (at most 16 things): ten issues take
    longer than one, though not ten times as long. When the items together need more than the
    meeting, they are scaled down to fit it; when less, the agenda ends early, at the next
    five minutes. Each item held gets at least three minutes.
    """
    titles = titles or {}
    held: list[tuple[Item, int]] = []
    skipped = []
    for item in ITEMS:
        count = counts.get(item.key, 1) if item.empty is not None else 1
        title = titles.get(item.key, item.title)
        if count > 0:
            held.append((item, count))
        else:
            skipped.append({"key": item.key, "title": title, "reason": item.empty})
    weights = [item.weight * math.sqrt(min(count, MOST_COUNTED)) for item, count in held]
    needed = sum(weights) * minutes / 100
    total = min(minutes, max(5 * math.ceil(needed / 5), LEAST_MINUTES * len(held)))
    items, start = [], 0
    for (item, count), length in zip(held, _shares(total, weights), strict=True):
        items.append(
            {
                "key": item.key,
                "title": titles.get(item.key, item.title),
                "minutes": length,
                "start": start,
                "count": count,
            }
        )
        start += length
    return {"items": items, "skipped": skipped}
