"""Hypothesis strategies for the fuzz tests: portfolios valid by construction, written as YAML in
several styles, and the mutations that break them (values, keys, bytes, encodings, nesting)."""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from vendorctl.policies import POLICIES

# ------------------------------------------------------------------------------- YAML writer


@dataclass(frozen=True)
class Pairs:
    """A mapping written as its pairs: keys may repeat or be other scalars than strings."""

    items: tuple[tuple[Any, Any], ...]


@dataclass(frozen=True)
class Raw:
    """YAML source written as it is (deep flow nesting, aliases, tags)."""

    text: str


STYLES = ("block", "block-flow", "flow")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*")
_KEYWORDS = frozenset(
    {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "n"}
)
_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def quoted(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text`."""
    replace = {'"': '\\"', "\\": "\\\\"}
    return '"' + _ESCAPE.sub(lambda m: replace.get(m[0], f"\\u{ord(m[0]):04x}"), text) + '"'


def scalar(value: Any) -> str:
    """One scalar as YAML 1.2 core reads it back: plain where that is unambiguous, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Raw):
        return value.text
    text = str(value)
    return text if _PLAIN.fullmatch(text) and text not in _KEYWORDS else quoted(text)


def _items(value: Any) -> tuple[tuple[Any, Any], ...] | None:
    if isinstance(value, dict):
        return tuple(value.items())
    if isinstance(value, Pairs):
        return value.items
    return None


def flow(value: Any) -> str:
    """A value in flow style, on one line: `{a: 1, b: [x, y]}`."""
    items = _items(value)
    if items is not None:
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def _nested(value: Any) -> bool:
    return bool(_items(value) or (isinstance(value, list) and value))


def block(value: Any, indent: int = 0, *, flow_items: bool = False) -> list[str]:
    """A value in block style, one line per scalar; `flow_items` writes list entries that hold
    only scalars in flow style, the way the example portfolio does."""
    pad = " " * indent
    items = _items(value)
    lines: list[str] = []
    if items:
        for key, item in items:
            if _nested(item):
                lines.append(f"{pad}{scalar(key)}:")
                lines += block(item, indent + 2, flow_items=flow_items)
            else:
                lines.append(f"{pad}{scalar(key)}: {flow(item)}")
        return lines
    if isinstance(value, list) and value:
        for item in value:
            entries = _items(item)
            simple = entries is not None and not any(_nested(v) for _, v in entries)
            if _nested(item) and not (flow_items and simple):
                sub = block(item, indent + 2, flow_items=flow_items)
                lines += [f"{pad}- {sub[0][indent + 2 :]}", *sub[1:]]
            else:
                lines.append(f"{pad}- {flow(item)}")
        return lines
    return [pad + flow(value)]


def dump(data: Any, style: str) -> bytes:
    """A file's data as UTF-8 YAML text in one of STYLES."""
    if style == "flow":
        return (flow(data) + "\n").encode()
    return ("\n".join(block(data, flow_items=style == "block-flow")) + "\n").encode()


# ------------------------------------------------------------------------------- values

# Fixed pools keep generation cheap (regex strategies cost most of the time); free text still
# comes from st.text, with any character YAML can carry.
_WORDS = ("api", "ops", "cloud", "db", "net", "sec", "hr", "x", "q3", "a1", "desk", "soc")
SLUG = st.sampled_from(sorted(set(_WORDS) | {f"{a}-{b}" for a in _WORDS[:6] for b in _WORDS[6:]}))
_LETTERS = st.characters(codec="utf-8", exclude_categories=("Cs",))
NAME = st.one_of(
    st.sampled_from(["Ana", "Acme Hosting", "Run a DR test", "Platform lock-in", "NO", "3.10"]),
    st.text(_LETTERS, min_size=1, max_size=30),
)
TEXT = st.one_of(
    st.sampled_from(["Move backups to the second region", "yes", "a: b", "# not a comment"]),
    st.text(_LETTERS, max_size=60),
)
EDGE_DATES = [date(1900, 1, 1), date(1900, 3, 31), date(2999, 12, 31), date(2024, 2, 29)]
DATES = st.one_of(
    st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    st.sampled_from(EDGE_DATES),
    st.dates(date(1900, 1, 1), date(2999, 12, 31)),
)
TIERS = st.sampled_from(["operational", "management", "executive"])
FLOATS = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1000, 1000, allow_nan=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
MONEY = st.one_of(
    st.integers(0, 10**9),
    st.floats(0, 1e9),
    st.floats(0, allow_infinity=False),
)
PERCENT = st.floats(0, 100, exclude_min=True)
_DURATION_MAX = {"day": 36_600, "week": 5_220, "month": 1_200, "year": 100}


@st.composite
def durations(draw: st.DrawFn) -> str:
    """A duration the schema accepts: "90 days", "1 year", up to its bounds."""
    unit = draw(st.sampled_from(sorted(_DURATION_MAX)))
    amount = draw(st.one_of(st.integers(1, 24), st.integers(1, _DURATION_MAX[unit])))
    plural = "s" if amount != 1 or draw(st.booleans()) else ""
    return f"{amount} {unit}{plural}"


def _years() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(2020, 2027), st.integers(1900, 2999))


@st.composite
def periods(draw: st.DrawFn, frequency: str, fiscal_start: int) -> str:
    """A period of a KPI's frequency in the portfolio's (fiscal) calendar."""
    year = draw(_years())
    if frequency == "monthly":
        return f"{year:04d}-{draw(st.integers(1, 12)):02d}"
    prefix = "FY" if fiscal_start != 1 else ""
    if frequency == "quarterly":
        return f"{prefix}{year:04d}-Q{draw(st.integers(1, 4))}"
    return f"{prefix}{year:04d}"


def _optional(draw: st.DrawFn, target: dict[str, Any], key: str, strategy: Any) -> None:
    """Set an optional key about half of the time."""
    if draw(st.booleans()):
        target[key] = draw(strategy)


# ------------------------------------------------------------------------------- portfolios


@dataclass
class Generated:
    """A portfolio on paper: each file's data and the YAML style it is written in."""

    files: dict[str, Any]
    styles: dict[str, str]
    vendors: list[str]
    as_of: date | None
    measured: bool
    raw: dict[str, bytes] | None = None  # the files as written by hand, if they were

    def texts(self) -> dict[str, bytes]:
        """Every file as YAML bytes."""
        if self.raw is not None:
            return dict(self.raw)
        return {path: dump(data, self.styles[path]) for path, data in self.files.items()}


def hand_written(folder: Path) -> Generated:
    """A valid portfolio written by hand (comments, flow mappings, quoting as people write)."""
    import yaml_rs

    raw = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}
    files = {rel: yaml_rs.loads(text.decode()) for rel, text in raw.items()}
    vendors = sorted({rel.split("/")[1] for rel in raw if rel.startswith("vendors/")})
    as_of = files["vendorctl.yaml"].get("as_of")
    return Generated(files, dict.fromkeys(raw, "block-flow"), vendors, as_of, True, raw)


def write(root: Path, files: dict[str, bytes]) -> None:
    """Write a portfolio's files below `root`."""
    for rel, raw in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)


@st.composite
def settings_files(draw: st.DrawFn) -> dict[str, Any]:
    """vendorctl.yaml: organisation, currency, as_of, fiscal year, standings, policies."""
    data: dict[str, Any] = {
        "organisation": draw(NAME),
        "currency": draw(st.sampled_from(["EUR", "USD", "GBP", "JPY", "XXX"])),
    }
    if draw(st.integers(0, 4)):
        data["as_of"] = draw(DATES)
    if draw(st.integers(0, 3)) == 0:
        data["fiscal_year_start"] = draw(st.integers(1, 12))
    if draw(st.booleans()):
        cuts = draw(st.lists(st.floats(0, 100, exclude_min=True, exclude_max=True), max_size=4))
        bounds = [0.0, *sorted(set(cuts)), 100.0]
        ids = draw(st.lists(SLUG, min_size=len(bounds) - 1, max_size=len(bounds) - 1, unique=True))
        data["standings"] = [
            {
                "id": i,
                "label": draw(NAME),
                "min": low,
                "max": high,
                "emoji": draw(st.text(max_size=2)),
            }
            for i, low, high in zip(ids, bounds[:-1], bounds[1:], strict=True)
        ]
    if draw(st.booleans()):
        governance: dict[str, Any] = {}
        _optional(draw, governance, "notice_warning", durations())
        _optional(draw, governance, "decision_buffer", durations())
        segments = ["strategic", "tactical", "operational", "commodity"]
        _optional(
            draw,
            governance,
            "health_check_max_age",
            st.fixed_dictionaries({}, optional=dict.fromkeys(segments, durations())),
        )
        data["governance"] = governance
    levels = st.sampled_from(["error", "warning", "off"])
    per_segment = st.fixed_dictionaries(
        {},
        optional={
            "severity": levels,
            "strategic": levels,
            "tactical": levels,
            "operational": levels,
            "commodity": levels,
        },
    )
    data["policies"] = draw(
        st.dictionaries(st.sampled_from(sorted(POLICIES)), st.one_of(levels, per_segment))
    )
    return data


@dataclass
class People:
    """The people of a generated vendor, by side."""

    internal: list[str]
    vendor: list[str]
    everyone: list[str] = field(default_factory=list)


def _person(draw: st.DrawFn, pid: str, side: str, others: list[str]) -> dict[str, Any]:
    person: dict[str, Any] = {"id": pid, "name": draw(NAME), "side": side, "tier": draw(TIERS)}
    _optional(draw, person, "counterpart", st.sampled_from(others))
    _optional(draw, person, "title", NAME)
    _optional(draw, person, "email", st.text(_LETTERS, max_size=40))
    _optional(draw, person, "phone", st.text(_LETTERS, max_size=40))
    return person


@st.composite
def kpi_definitions(draw: st.DrawFn) -> list[dict[str, Any]]:
    """The vendor's KPIs, floors on the worse side of their targets."""
    kpis = []
    for kid in draw(st.lists(SLUG, max_size=4, unique=True)):
        kpi: dict[str, Any] = {"id": kid, "name": draw(NAME)}
        direction = draw(st.sampled_from(["higher", "lower"]))
        if direction == "lower" or draw(st.booleans()):
            kpi["direction"] = direction
        low, high = sorted(draw(st.lists(FLOATS, min_size=2, max_size=2, unique=True)))
        if direction == "higher":
            kpi["target"] = high
            _optional(draw, kpi, "floor", st.just(low))
        else:
            kpi["target"] = low
            _optional(draw, kpi, "floor", st.just(high))
        _optional(draw, kpi, "unit", st.text(_LETTERS, max_size=5))
        _optional(draw, kpi, "weight", st.floats(0, 1000, exclude_min=True))
        _optional(draw, kpi, "aggregation", st.sampled_from(["mean", "sum", "min", "max", "last"]))
        _optional(draw, kpi, "frequency", st.sampled_from(["monthly", "quarterly", "yearly"]))
        kpis.append(kpi)
    return kpis


@st.composite
def vendors(draw: st.DrawFn, vid: str) -> tuple[dict[str, Any], People]:
    """vendor.yaml with people, roles, governance, KPIs, risks, all references resolved."""
    ids = draw(st.lists(SLUG, min_size=2, max_size=8, unique=True))
    cut = draw(st.integers(1, len(ids) - 1))
    people = People(ids[:cut], ids[cut:], ids)
    data: dict[str, Any] = {
        "id": vid,
        "name": draw(NAME),
        "segment": draw(st.sampled_from(["strategic", "tactical", "operational", "commodity"])),
        "status": draw(
            st.sampled_from(["prospect", "onboarding", "active", "offboarding", "exited"])
        ),
    }
    _optional(draw, data, "since", DATES)
    _optional(draw, data, "description", TEXT)
    data["people"] = [_person(draw, p, "internal", people.vendor) for p in people.internal] + [
        _person(draw, p, "vendor", people.internal) for p in people.vendor
    ]
    inside = st.sampled_from(people.internal)
    roles = ["relationship", "service_delivery", "commercial", "transformation"]
    data["roles"] = draw(st.fixed_dictionaries({}, optional=dict.fromkeys(roles, inside)))
    keys = draw(st.lists(st.sampled_from(people.vendor), max_size=2, unique=True))
    data["key_personnel"] = []
    for key in keys:
        entry = {"person": key, "responsibility": draw(NAME)}
        _optional(draw, entry, "backup", st.sampled_from([p for p in ids if p != key]))
        data["key_personnel"].append(entry)
    data["cadence"] = [
        {"kind": kind, "tier": draw(TIERS), "every": draw(durations())}
        for kind in draw(st.lists(SLUG, max_size=3, unique=True))
    ]
    data["escalation"] = []
    for level in sorted(draw(st.lists(st.integers(1, 9), max_size=3, unique=True))):
        rung = {
            "level": level,
            "tier": draw(TIERS),
            "internal": draw(inside),
            "vendor": draw(st.sampled_from(people.vendor)),
        }
        _optional(draw, rung, "after", durations())
        data["escalation"].append(rung)
    data["kpis"] = draw(kpi_definitions())
    data["risks"] = []
    for rid in draw(st.lists(SLUG, max_size=3, unique=True)):
        risk: dict[str, Any] = {
            "id": rid,
            "title": draw(NAME),
            "likelihood": draw(st.integers(1, 5)),
            "impact": draw(st.integers(1, 5)),
        }
        _optional(draw, risk, "owner", inside)
        _optional(draw, risk, "mitigation", TEXT)
        _optional(draw, risk, "contingency", TEXT)
        _optional(draw, risk, "review_by", DATES)
        _optional(draw, risk, "status", st.sampled_from(["open", "accepted", "closed"]))
        _optional(draw, risk, "internal", st.booleans())
        data["risks"].append(risk)
    data["objectives"] = [
        {"id": oid, "title": draw(NAME), "due": draw(DATES)}
        for oid in draw(st.lists(SLUG, max_size=2, unique=True))
    ]
    data["onboarding"] = [
        {"task": draw(NAME), "role": draw(st.sampled_from(roles)), "done": draw(st.booleans())}
        for _ in range(draw(st.integers(0, 2)))
    ]
    budget_periods = st.one_of(periods("monthly", 1), periods("quarterly", 1), periods("yearly", 1))
    data["budget"] = [
        {"period": period, "budget": draw(MONEY), "spend": draw(MONEY)}
        for period in draw(st.lists(budget_periods, max_size=2, unique=True))
    ]
    if draw(st.booleans()):
        data["selection"] = {
            "decided": draw(DATES),
            "criteria": [
                {
                    "criterion": c,
                    "weight": draw(st.integers(1, 5)),
                    "score": draw(st.integers(1, 5)),
                }
                for c in draw(st.lists(SLUG, max_size=2, unique=True))
            ],
        }
    if draw(st.booleans()):
        data["channels"] = [{"kind": "email", "purpose": draw(NAME), "address": "a@b.example"}]
    return data, people


_WINDOW_RANK = {"monthly": 1, "quarterly": 3, "yearly": 12}


@st.composite
def credit_tiers(draw: st.DrawFn, direction: str) -> list[dict[str, Any]]:
    """Credit tiers on the KPI's side, a worse value always earning a larger credit."""
    thresholds = sorted(draw(st.lists(FLOATS, max_size=3, unique=True)))
    credits = sorted(
        draw(st.lists(PERCENT, min_size=len(thresholds), max_size=len(thresholds), unique=True))
    )
    if direction == "higher":  # below a lower threshold is worse: larger credits first
        credits.reverse()
    side = "below" if direction == "higher" else "above"
    tiers = [{side: t, "credit": c} for t, c in zip(thresholds, credits, strict=True)]
    return draw(st.permutations(tiers))


@st.composite
def contracts(
    draw: st.DrawFn, cid: str, siblings: list[str], people: People, kpis: list[dict[str, Any]]
) -> dict[str, Any]:
    """A contract: consistent term and renewal, SLAs on the vendor's KPIs."""
    start = draw(DATES)
    data: dict[str, Any] = {
        "id": cid,
        "title": draw(NAME),
        "kind": draw(st.sampled_from(["msa", "sow", "subscription", "managed-service", "other"])),
        "start": start,
    }
    auto_renew = draw(st.booleans())
    if auto_renew or draw(st.booleans()):
        data["end"] = draw(st.dates(start, date(2999, 12, 31)))
    if auto_renew:
        data["auto_renew"] = True
        data["renewal_term"] = draw(durations())
    if "end" in data and draw(st.booleans()):
        data["signed"] = draw(st.dates(date(1900, 1, 1), data["end"]))
    _optional(draw, data, "notice_period", durations())
    _optional(draw, data, "annual_value", MONEY)
    _optional(draw, data, "monthly_charge", MONEY)
    _optional(draw, data, "credit_cap", PERCENT)
    _optional(draw, data, "claim_period", durations())
    _optional(draw, data, "owner", st.sampled_from(people.internal))
    if siblings:
        _optional(draw, data, "parent", st.sampled_from(siblings))
    _optional(
        draw, data, "decision", st.sampled_from(["renew", "renegotiate", "terminate", "let-lapse"])
    )
    _optional(draw, data, "decision_for", DATES)
    slas = []
    if kpis:
        for sid in draw(st.lists(SLUG, max_size=3, unique=True)):
            kpi = draw(st.sampled_from(kpis))
            frequency = kpi.get("frequency", "monthly")
            windows = [w for w, rank in _WINDOW_RANK.items() if rank >= _WINDOW_RANK[frequency]]
            sla: dict[str, Any] = {"id": sid, "kpi": kpi["id"], "target": draw(FLOATS)}
            window = draw(st.sampled_from(windows))
            if window != "monthly" or draw(st.booleans()):
                sla["window"] = window
            sla["credits"] = draw(credit_tiers(kpi.get("direction", "higher")))
            slas.append(sla)
    data["slas"] = slas
    return data


@st.composite
def measurement_files(
    draw: st.DrawFn, kpis: list[dict[str, Any]], fiscal_start: int
) -> list[dict[str, Any]]:
    """KPI measurement files: one value per KPI and period across files, periods of the KPI's
    frequency."""
    seen: set[tuple[str, str]] = set()
    files = []
    for _ in range(draw(st.integers(0, 2 if kpis else 0))):
        entries = []
        for _ in range(draw(st.integers(0, 8))):
            kpi = draw(st.sampled_from(kpis))
            period = draw(periods(kpi.get("frequency", "monthly"), fiscal_start))
            if (kpi["id"], period) in seen:
                continue
            seen.add((kpi["id"], period))
            entry: dict[str, Any] = {"kpi": kpi["id"], "period": period, "value": draw(FLOATS)}
            _optional(draw, entry, "source", st.text(_LETTERS, max_size=20))
            entries.append(entry)
        files.append({"measurements": entries})
    return files


def _side(draw: st.DrawFn) -> dict[str, Any]:
    score = st.integers(1, 5)
    names = ("trust", "communication", "commitment", "collaboration", "satisfaction")
    side = {name: draw(score) for name in names}
    _optional(draw, side, "comments", TEXT)
    return side


@st.composite
def records(draw: st.DrawFn, vendor: dict[str, Any], people: People) -> dict[str, Any]:
    """Health checks, meetings and the issue log of a vendor, keyed by path inside its folder."""
    files: dict[str, Any] = {}
    for day in draw(st.lists(DATES, max_size=2, unique=True)):
        check: dict[str, Any] = {"date": day, "ours": _side(draw)}
        if draw(st.booleans()):
            check["theirs"] = _side(draw)
        _optional(draw, check, "facilitator", st.sampled_from(people.everyone))
        files[f"health/{day}.yaml"] = check
    kinds = [c["kind"] for c in vendor["cadence"]] or ["qbr"]
    meeting_ids = draw(st.lists(SLUG, max_size=3, unique=True))
    for index, mid in enumerate(meeting_ids):
        meeting: dict[str, Any] = {
            "date": draw(DATES),
            "kind": draw(st.sampled_from(kinds)),
            "tier": draw(TIERS),
        }
        if draw(st.booleans()):
            meeting["id"] = mid
        meeting["attendees"] = draw(st.lists(st.sampled_from(people.everyone), unique=True))
        meeting["decisions"] = draw(st.lists(TEXT, max_size=2))
        meeting["actions"] = []
        for aid in draw(st.lists(SLUG, max_size=2, unique=True)):
            action: dict[str, Any] = {
                "id": aid,
                "title": draw(NAME),
                "owner": draw(st.sampled_from(people.everyone)),
            }
            _optional(draw, action, "due", DATES)
            _optional(draw, action, "status", st.sampled_from(["open", "done", "dropped"]))
            meeting["actions"].append(action)
        files[f"meetings/m{index}-{mid}.yaml"] = meeting
    levels = [rung["level"] for rung in vendor["escalation"]]
    issues = []
    for iid in draw(st.lists(SLUG, max_size=3, unique=True)):
        opened = draw(DATES)
        issue: dict[str, Any] = {"id": iid, "title": draw(NAME), "opened": opened}
        if draw(st.booleans()):
            issue["status"] = "resolved"
            issue["closed"] = draw(st.dates(opened, date(2999, 12, 31)))
        _optional(draw, issue, "severity", st.sampled_from(["low", "medium", "high", "critical"]))
        _optional(draw, issue, "owner", st.sampled_from(people.internal))
        if levels:
            issue["escalations"] = [
                {
                    "date": draw(st.dates(opened, date(2999, 12, 31))),
                    "level": draw(st.sampled_from(levels)),
                }
                for _ in range(draw(st.integers(0, 2)))
            ]
        issues.append(issue)
    if issues or draw(st.booleans()):
        if len(issues) > 1 and draw(st.booleans()):
            files["issues/a.yaml"] = {"issues": issues[:1]}
            files["issues/b.yaml"] = {"issues": issues[1:]}
        else:
            files["issues.yaml"] = {"issues": issues}
    return files


@st.composite
def portfolios(draw: st.DrawFn, max_vendors: int = 2) -> Generated:
    """A small portfolio, valid by construction, each file in a drawn YAML style."""
    config = draw(settings_files())
    fiscal = config.get("fiscal_year_start", 1)
    files: dict[str, Any] = {"vendorctl.yaml": config}
    ids = draw(st.lists(SLUG, min_size=1, max_size=max_vendors, unique=True))
    contract_ids = draw(st.lists(SLUG, max_size=3 * len(ids), unique=True))
    measured = False
    for index, vid in enumerate(ids):
        vendor, people = draw(vendors(vid))
        folder = f"vendors/{vid}"
        files[f"{folder}/vendor.yaml"] = vendor
        mine = contract_ids[index :: len(ids)]
        for cid in mine:
            siblings = [c for c in mine if c != cid]
            files[f"{folder}/contracts/{cid}.yaml"] = draw(
                contracts(cid, siblings, people, vendor["kpis"])
            )
        for number, data in enumerate(draw(measurement_files(vendor["kpis"], fiscal))):
            files[f"{folder}/kpis/k{number}.yaml"] = data
            measured = measured or bool(data["measurements"])
        for rel, data in draw(records(vendor, people)).items():
            files[f"{folder}/{rel}"] = data
    styles = {path: draw(st.sampled_from(STYLES)) for path in files}
    return Generated(files, styles, ids, config.get("as_of"), measured)


# ------------------------------------------------------------------------------- mutations

Path_ = tuple[str | int, ...]

WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -1, 101, 10**20, -(10**20), 2**63, 2**64, 10**400, -(10**400)]),
    st.integers(),
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, -1e308, 5e-324, 100.000001]),
    st.text(_LETTERS, max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "0001-01-01",
            "9999-12-31",
            "2026-02-30",
            "2026-13-01",
            "20261031",
            "2026-10-31T12:00:00Z",
            "1899-12-31",
            "3000-01-01",
            "0 days",
            "-1 months",
            "100000 years",
            "36601 days",
            "1 fortnight",
            "2026-00",
            "2026-Q5",
            "FY0000",
            "0000-01",
            "9999-12",
            "A",
            "-a",
            "a--b",
            "x" * 65,
            "x" * 10_001,
            "NO",
            "yes",
            "~",
            "1e400",
            "0x1F",
            "0o17",
            ".NaN",
            "99.9%",
            "€1,000",
            "Ünïcödé",
            "\u202e",
            "\u2028",
            "\x00",
            "\U0001f600",
        ]
    ),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.builds(
        Raw,
        st.sampled_from(
            [
                "*undefined",
                "!!python/object:os.system x",
                "!custom 1",
                "&a [*a]",
                "!!binary aGk=",
                "!!set {a}",
                "!!omap [a: 1]",
                "!!timestamp 2026-01-01",
                "!!float 1",
                "!!int x",
            ]
        ),
    ),
)


def node_paths(data: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """The path of every node of a file's data, the root first."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from node_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from node_paths(value, (*prefix, index))


def get(data: Any, path: Path_) -> Any:
    """The node at `path`."""
    for part in path:
        data = data[part]
    return data


def replaced(data: Any, path: Path_, change: Callable[[Any], Any]) -> Any:
    """A copy of `data` with the node at `path` replaced by `change(node)`."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, change) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, change) if i == head else v for i, v in enumerate(data)]


def _swap_type(value: Any) -> Any:
    """The same content in another type: 3 -> "3", "a" -> ["a"], {a: 1} -> [1], [x] -> {0: x}."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return int(value.strftime("%Y%m%d"))
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return [value]
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return dict(enumerate(value))
    return {"value": value}


def _nest(value: Any, depth: int, as_map: bool) -> Any:
    if depth > 60:  # deeper than the writer recurses: write the nesting as text
        inner = scalar(value) if not _nested(value) else flow(value)
        if as_map:
            return Raw("{a: " * depth + inner + "}" * depth)
        return Raw("[" * depth + inner + "]" * depth)
    for _ in range(depth):
        value = {"a": value} if as_map else [value]
    return value


@st.composite
def data_mutations(draw: st.DrawFn, data: Any) -> tuple[str, Any]:
    """One structural change to a file's data: a value replaced or retyped, a key dropped,
    doubled, misspelt or made a non-string, a value nested deeply."""
    paths = list(node_paths(data))
    path = draw(st.sampled_from(paths))
    target = get(data, path)
    parent = get(data, path[:-1]) if path else None
    kind = draw(
        st.sampled_from(["value", "swap", "drop", "duplicate", "unknown-key", "nest", "key-type"])
    )
    if kind == "drop" and path:
        key = path[-1]

        def drop(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: v for k, v in node.items() if k != key}
            return [v for i, v in enumerate(node) if i != key]

        return f"drop {path}", replaced(data, path[:-1], drop)
    if kind in ("duplicate", "key-type") and isinstance(parent, dict):
        key = path[-1]
        other = draw(st.one_of(st.just(target), WEIRD))
        if kind == "key-type":
            odd = draw(st.sampled_from([1, None, True, 1.5, "", Raw("[a, b]"), Raw("{a: b}")]))
            items = tuple((odd if k == key else k, v) for k, v in parent.items())
        else:
            items = (*parent.items(), (key, other))
        return f"{kind} {path}", replaced(data, path[:-1], lambda _: Pairs(items))
    if kind == "unknown-key" and isinstance(target, dict):
        known = sorted(str(k) for k in target)
        typo = draw(st.sampled_from(known)) if known else "x"
        key = draw(
            st.one_of(
                st.just(typo[:-1] or "x"),
                st.just(typo.upper()),
                st.just(typo + "s"),
                st.text(_LETTERS, min_size=1, max_size=8),
            )
        )
        if key in target:
            key += "_"
        extra = draw(WEIRD)
        return f"unknown key {key!r} at {path}", replaced(
            data, path, lambda node: {**node, key: extra}
        )
    if kind == "swap":
        return f"swap type at {path}", replaced(data, path, _swap_type)
    if kind == "nest":
        depth = draw(st.one_of(st.integers(1, 8), st.integers(9, 3000)))
        as_map = draw(st.booleans())
        return f"nest {depth} at {path}", replaced(data, path, lambda v: _nest(v, depth, as_map))
    value = draw(WEIRD)
    return f"value {value!r} at {path}", replaced(data, path, lambda _: value)


SYNTAX = [
    "---\n",
    "...\n",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!custom ",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "? ",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    "|",
    ">",
    "'",
    '"',
    "\t",
    "\x00",
    "\u2028",
    "\ufeff",
    "<<: *a\n",
    "@",
    "`",
    "\r",
    "\n  ",
    "&a [*a, *a]\n",
    "x: &b !!str\n",
    "\\",
    "\x1b[31m",
    "\ud800",
]


def _encode(text: str, codec: str) -> bytes:
    return text.encode(codec, "surrogateescape" if codec == "utf-8" else "replace")


@st.composite
def byte_mutations(draw: st.DrawFn, raw: bytes) -> tuple[str, bytes]:
    """One change to a file's bytes: truncated, random bytes, another encoding, YAML syntax
    characters, tabs, line endings, lines repeated or indented deeply."""
    kind = draw(
        st.sampled_from(
            ["truncate", "insert", "overwrite", "random", "encoding", "syntax", "lines", "indent"]
        )
    )
    at = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return f"truncate at {at}", raw[:at]
    if kind == "insert":
        return f"insert bytes at {at}", raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[
            at:
        ]
    if kind == "overwrite":
        junk = draw(st.binary(min_size=1, max_size=16))
        return f"overwrite at {at}", raw[:at] + junk + raw[at + len(junk) :]
    if kind == "random":
        return "random bytes", draw(st.binary(max_size=200))
    if kind == "encoding":
        text = raw.decode("utf-8", "surrogateescape")
        codec = draw(
            st.sampled_from(
                [
                    "utf-16-le",
                    "utf-16-be",
                    "utf-16",
                    "utf-32",
                    "utf-32-le",
                    "latin-1",
                    "cp1252",
                    "utf-8-sig",
                    "shift_jis",
                    "utf-7",
                ]
            )
        )
        extra = draw(st.sampled_from(["", "é", "€ü", "😀"]))
        data = _encode(text.replace("name: ", f"name: {extra}", 1), codec)
        if draw(st.booleans()) and codec in ("utf-8-sig",):
            data = codecs.BOM_UTF8 + data
        return f"encoded as {codec}", data
    if kind == "syntax":
        token = draw(st.sampled_from(SYNTAX)).encode("utf-8", "surrogatepass")
        return f"insert {token!r} at {at}", raw[:at] + token + raw[at:]
    lines = raw.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "lines":
        how = draw(st.sampled_from(["repeat", "drop", "crlf", "cr", "tab"]))
        if how == "repeat":
            lines.insert(index, lines[index])
        elif how == "drop":
            del lines[index]
        elif how == "tab":
            lines[index] = lines[index].replace(b"  ", b"\t", 1)
        else:
            return f"line endings {how}", (b"\r\n" if how == "crlf" else b"\r").join(lines)
        return f"{how} line {index}", b"\n".join(lines)
    depth = draw(st.one_of(st.integers(1, 40), st.integers(990, 1100)))
    lines[index] = b" " * depth + lines[index]
    return f"indent line {index} by {depth}", b"\n".join(lines)


@st.composite
def broken_portfolios(
    draw: st.DrawFn, hand: Generated | None = None, max_vendors: int = 2
) -> tuple[Generated, dict[str, bytes], str]:
    """A generated portfolio (or, at times, `hand`) with one file broken: in its data, or in
    its bytes."""
    use_hand = hand is not None and draw(st.integers(0, 2)) == 0
    generated = hand if hand is not None and use_hand else draw(portfolios(max_vendors))
    path = draw(st.sampled_from(sorted(generated.files)))
    files = generated.texts()
    if draw(st.booleans()):
        what, data = draw(data_mutations(generated.files[path]))
        files[path] = dump(data, generated.styles[path])
    else:
        what, files[path] = draw(byte_mutations(files[path]))
    return generated, files, f"{path}: {what}"
