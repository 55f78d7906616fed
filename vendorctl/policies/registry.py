"""The registry of governance policies and the runner that applies their configured severity."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model.settings import Level, Settings
from vendorctl.model.vendor import Person, Segment, Status

LIVE: frozenset[Status] = frozenset({"onboarding", "active", "offboarding"})


@dataclass(frozen=True)
class Finding:
    """A policy breach at a place in a file, before a severity is given to it."""

    doc: Document
    loc: Loc
    message: str


@dataclass(frozen=True)
class Context:
    """What policies look at: the settings, the date the portfolio is checked for, and the
    shared directory of people (people.yaml; see `model.people.people_of`)."""

    settings: Settings
    as_of: date
    shared: tuple[Person, ...] = ()
    # What several policies compute alike for a vendor (its contracts' renewal positions).
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


PolicyCheck = Callable[[Context, VendorFiles], Iterable[Finding]]


@dataclass(frozen=True)
class Policy:
    """A governance practice turned into a check, with a default severity per segment."""

    code: str
    summary: str
    defaults: dict[Segment, Level]
    statuses: frozenset[Status]
    check: PolicyCheck


POLICIES: dict[str, Policy] = {}
_EVERY_SEGMENT: tuple[Segment, ...] = ("strategic", "tactical", "operational", "commodity")


def policy(
    code: str,
    summary: str,
    default: Level = "warning",
    *,
    segments: dict[Segment, Level] | None = None,
    statuses: frozenset[Status] = LIVE,
) -> Callable[[PolicyCheck], PolicyCheck]:
    """Register a policy check under its stable code."""

    def register(check: PolicyCheck) -> PolicyCheck:
        defaults = dict.fromkeys(_EVERY_SEGMENT, default) | (segments or {})
        POLICIES[code] = Policy(code, summary, defaults, statuses, check)
        return check

    return register


def severity(settings: Settings, code: str, segment: Segment) -> Level:
    """The configured severity of a policy for a segment, else the policy's default."""
    chosen = settings.policies.get(code)
    if chosen is not None:
        level = getattr(chosen, segment) or chosen.severity
        if level is not None:
            return level
    return POLICIES[code].defaults[segment]


# The rules that apply to each segment, with their severity, for the settings last used: found
# once per run, not for every rule of every vendor (`validate` checks one vendor at a time). The
# settings are held, so the identity compared cannot be that of another object.
_LEVELS: list[tuple[Settings, dict[Segment, list[tuple[Policy, Level]]]]] = []


def _rules(settings: Settings, segment: Segment) -> list[tuple[Policy, Level]]:
    """The policies not turned off for `segment`, in registry order, with their severity."""
    if not _LEVELS or _LEVELS[0][0] is not settings:
        _LEVELS[:] = [(settings, {})]
    table = _LEVELS[0][1]
    rules = table.get(segment)
    if rules is None:
        rules = table[segment] = [
            (rule, level)
            for rule in POLICIES.values()
            if (level := severity(settings, rule.code, segment)) != "off"
        ]
    return rules


def run_policies(
    portfolio: Portfolio, as_of: date, skip: Iterable[str] = ()
) -> Iterator[Diagnostic]:
    """Every policy breach of every vendor (but those in `skip`), at the configured severity."""
    if portfolio.settings is None:
        return
    context = Context(portfolio.settings.model, as_of, portfolio.shared.people)
    skipped = set(skip)
    for folder, files in portfolio.vendors.items():
        if files.vendor is None or folder in skipped:
            continue
        vendor = files.vendor.model
        status = vendor.status
        for rule, level in _rules(context.settings, vendor.segment):
            if status not in rule.statuses:
                continue
            for found in rule.check(context, files):
                yield found.doc.diagnostic(found.loc, rule.code, found.message, severity=level)
