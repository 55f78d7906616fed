"""The executive summary: a few plain sentences on top of the index, a scorecard and a QBR,
computed from the report's finished context (what changed, what needs a decision, what money
is at stake). A sentence with nothing to say is left out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vendorctl.compute.credits import UNCLAIMED
from vendorctl.compute.numbers import counted, grouped, rounded

MAX_SENTENCES = 6


def _amounts(totals: Iterable[tuple[str, Any]]) -> str:
    """Sums per currency, in currency order: `EUR 1,200.00 and USD 300.00`."""
    sums: dict[str, Any] = {}
    for currency, amount in totals:
        if amount is not None:
            sums[currency] = sums.get(currency, 0) + amount
    return " and ".join(f"{c} {grouped(sums[c])}" for c in sorted(sums) if sums[c])


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _first(count: int, one: str, many: str) -> str:
    """`1 is`, `2 are`: a count of the things just named, with its verb."""
    return f"{count} {_verb(count, one, many)}"


def _by(count: int, day: Any) -> str:
    """`by 2026-12-01` for one thing, `the first by 2026-12-01` for several."""
    return f"by {day}" if count == 1 else f"the first by {day}"


def _score_sentences(card: dict[str, Any]) -> list[str]:
    """The score and its change on the period before, and a standing that moved."""
    score = card["score"]
    if score is None:
        return [f"No KPI has data for {card['period']}: there is no score to discuss."]
    standing = card["standing"]
    label = f" ({standing['label']})" if standing else ""
    trend = card.get("trend") or []
    previous = trend[-2] if len(trend) >= 2 else None
    change = card["change"]
    text = f"The score for {card['period']} is {rounded(score, 1)}{label}"
    if change is not None and previous is not None:
        step = rounded(abs(change), 1)
        if card["direction"] == "flat":
            text += f", unchanged on {previous['period']}"
        else:
            text += f", {card['direction']} {step} on {previous['period']}"
    sentences = [text + "."]
    # At most one more sentence: the standing that moved, and the breaches that capped it.
    was = previous["standing"] if previous else None
    moved = bool(was and standing and was["id"] != standing["id"])
    breached = card["sla_summary"]["breached"]
    windows = f"{counted(breached, 'SLA window')} {_verb(breached, 'was', 'were')} breached"
    capped = bool(standing and standing["capped"])
    if moved and was and standing:
        text = f"The standing moved from {was['label']} to {standing['label']}"
        if breached:
            text += f", capped as {windows}" if capped else f"; {windows}"
        sentences.append(text + ".")
    elif breached:
        sentences.append(f"{windows}{', which caps the standing' if capped else ''}.")
    return sentences


def _decisions(decide: list[Any], first: str, rights: list[dict[str, Any]]) -> list[str]:
    """Notice deadlines in the decision window (`first`: when the first one falls, and
    where) and open rights to terminate, in one sentence."""
    parts = []
    if decide:
        deadline = counted(len(decide), "notice deadline")
        parts.append(
            f"{deadline} {_verb(len(decide), 'needs', 'need')} a renewal decision,"
            f" {_by(len(decide), first)}"
        )
    if rights:
        contracts = ", ".join(sorted({r["contract"] for r in rights}))
        right = counted(len(rights), "right to terminate", "rights to terminate")
        parts.append(f"{right} {_verb(len(rights), 'is', 'are')} open ({contracts})")
    if not parts:
        return []
    text = " and ".join(parts)
    return [text[0].upper() + text[1:] + "."]


def _credit_sentences(to_claim: list[dict[str, Any]], what: str) -> list[str]:
    """Credits still to claim, and those of them due soon."""
    if not to_claim:
        return []
    total = _amounts((r["currency"], r["amount"]) for r in to_claim)
    count = len(to_claim)
    text = f"{counted(count, 'service credit')} {_verb(count, 'is', 'are')} {what}"
    if total:
        text += f", worth {total}"
    soon = [r for r in to_claim if r["status"] == "due-soon"]
    if soon:
        first = min(r["claim_by"] for r in soon)
        if len(soon) == count:
            text += f"; {_verb(count, 'it is', 'all are')} due soon, {_by(count, first)}"
        else:
            text += f"; {_first(len(soon), 'is', 'are')} due soon, {_by(len(soon), first)}"
    return [text + "."]


def _over_budget(budget: dict[str, Any] | None) -> list[str]:
    if not budget or budget.get("used_percent") is None or budget["used_percent"] <= 100:
        return []
    used = rounded(budget["used_percent"], 1)
    return [f"Spend is over budget: {used}% of the {budget['period']} budget is used."]


def scorecard_summary(context: dict[str, Any]) -> list[str]:
    """A scorecard's summary: score and standing change, breaches, open rights to terminate
    (internal only: the vendor's context has none), the period's credits to claim."""
    sentences = _score_sentences(context)
    sentences += _decisions([], "", context["termination_rights"])
    sentences += _credit_sentences(
        [r for r in context["credits"] if r["status"] in UNCLAIMED],
        "still to claim from the period",
    )
    lapsed = [r for r in context["credits"] if r["status"] == "lapsed"]
    if lapsed:
        total = _amounts((r["currency"], r["amount"]) for r in lapsed)
        worth = f", worth {total}," if total else ""
        sentences.append(f"{counted(len(lapsed), 'service credit')}{worth} lapsed unclaimed.")
    return sentences[:MAX_SENTENCES]


def qbr_summary(context: dict[str, Any]) -> list[str]:
    """A QBR's summary: the quarter's score, renewals to decide, rights to terminate and
    escalated issues, credits to claim and budget over-runs; the vendor's copy is built from
    its redacted context (no decision status, rights or budget)."""
    internal = context["audience"] != "vendor"
    sentences = _score_sentences(context["scorecard"])
    if internal:
        decide = [r for r in context["renewals"] if r["status"] == "decide"]
        first = str(min((r["notice_deadline"] for r in decide), default=""))
        sentences += _decisions(decide, first, context["termination_rights"])
    escalated = [i for i in context["issues"] if i["level"]]
    if escalated:
        top = max(i["level"] for i in escalated)
        sentences.append(
            f"{counted(len(escalated), 'open issue')} {_verb(len(escalated), 'is', 'are')}"
            f" escalated, {'the highest ' if len(escalated) > 1 else ''}to level {top}."
        )
    sentences += _credit_sentences(context["credits_to_claim"], "still to claim")
    if internal:
        sentences += _over_budget(context.get("budget"))
    return sentences[:MAX_SENTENCES]


def index_summary(context: dict[str, Any]) -> list[str]:
    """The index's summary: vendors whose score rose or fell, notice deadlines to decide,
    credits to claim and lapsed this year, vendors over budget."""
    sentences = []
    vendors = context["vendors"]
    up = sum(1 for v in vendors if v["direction"] == "up")
    down = sum(1 for v in vendors if v["direction"] == "down")
    moves = [
        f"rose for {counted(up, 'vendor')}" if up else "",
        f"fell for {counted(down, 'vendor')}" if down else "",
    ]
    if up or down:
        sentences.append(f"Scores {' and '.join(m for m in moves if m)} on the period before.")
    decide = [r for r in context["renewals"] if r["status"] == "decide"]
    first = ""
    if decide:
        row = min(decide, key=lambda r: (r["deadline"], r["vendor"], r["contract"]))
        first = f"{row['deadline']} ({row['vendor_name']}, {row['contract']})"
    sentences += _decisions(decide, first, [])
    sentences += _credit_sentences(context["credits_to_claim"], "still to claim")
    lapsed = context["credits_lapsed"]
    if lapsed:
        total = _amounts((r["currency"], r["amount"]) for r in lapsed)
        worth = f", worth {total}," if total else ""
        sentences.append(
            f"{counted(len(lapsed), 'service credit')}{worth} lapsed unclaimed in"
            f" {context['credits_year']}."
        )
    over = [
        v
        for v in vendors
        if v["budget"]
        and v["budget"]["used_percent"] is not None
        and v["budget"]["used_percent"] > 100
    ]
    if over:
        names = ", ".join(v["name"] for v in over)
        sentences.append(
            f"{counted(len(over), 'vendor')} {_verb(len(over), 'is', 'are')} over budget: {names}."
        )
    return sentences[:MAX_SENTENCES]
