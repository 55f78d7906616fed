"""Write a synthetic vendorctl portfolio of N realistic vendors, deterministic for a seed.

Usage: python bench/generate.py OUT --vendors N [--seed S] [--shape full|small|bare]

The full shape (the default): each vendor has 3 contracts with SLAs and credit tiers, 8 KPIs with
36 months of monthly measurements, the claims for the service credits those earn, health checks,
governance meetings, an issue log and a risk register (19 files). The small shape: a vendor of a
year's standing with five files, its vendor.yaml, one contract, a year of monthly KPIs in one
file, one health check and one meeting, and no credits earned. The bare shape: the full shape's
vendor.yaml alone (the same bytes), as a portfolio of thousands of vendors newly listed might be.

Every shape is valid by construction (`vendorctl validate` exits 0). In the full and small
shapes a realistic handful of vendors (about 2%) raise a policy warning, and in the full shape
about 0.5% let one credit lapse unclaimed, as real portfolios do; in the bare shape every vendor
warns that no meeting or health check is on record yet. The YAML is written as text, not through
a YAML dumper, so that generating thousands of vendors takes seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

AS_OF = date(2026, 10, 31)
# 36 months of measurements, ending with the as-of month.
MONTHS = [(2023 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(36)]
# Share of vendors that get one realistic policy warning each (overdue meeting, notice ahead...).
WARNING_SHARE = 0.02
# A quarter as many vendors (0.5%) forgot one claim: one credit lapsed unclaimed in the last year.
LAPSE_SHARE = 0.25
# The small shape: a relationship, its one contract and its measurements of a year's standing.
SMALL_SINCE = date(2025, 11, 1)
SMALL_MONTHS = MONTHS[-12:]
SHAPES = ("full", "small", "bare")
# Every contract's credit cap and claim period (percent, days).
CREDIT_CAP = 15
CLAIM_DAYS = 90
# The policies' windows (vendorctl's defaults): no credit awaits payment this long, and a lapse
# older than this is history, not a warning.
PAYMENT_DAYS = 60
LAPSED_DAYS = 365

_PREFIXES = (
    "Nimbus", "Vault", "Bright", "Code", "Meridian", "Sentinel", "Pipeline", "Harbor", "Atlas",
    "Quantum", "Summit", "Cobalt", "Northstar", "Lumen", "Granite", "Vertex", "Orbit", "Beacon",
)  # fmt: skip
_SUFFIXES = (
    "Cloud", "Systems", "Desk", "Networks", "Telecom", "Security", "Data", "Labs", "Logic",
    "Works", "Digital", "Solutions", "Analytics", "Hosting", "Software", "Services",
)  # fmt: skip
_FIRST = (
    "Anna", "Bram", "Claire", "Daan", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katja",
    "Lars", "Mila", "Noah", "Olga", "Pieter", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wim",
)  # fmt: skip
_LAST = (
    "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "Dekker", "Brouwer", "Kok", "Jacobs", "Vermeulen", "Willems", "Schouten",
)  # fmt: skip


@dataclass(frozen=True)
class Kpi:
    """A KPI template: how it is measured and what good looks like."""

    id: str
    name: str
    unit: str
    direction: str
    target: float
    floor: float
    decimals: int
    source: str


_KPIS = (
    Kpi("availability", "Service availability", "%", "higher", 99.9, 99.0, 2, "monitoring"),
    Kpi("incident-response", "P1 incident response", "min", "lower", 15, 60, 0, "servicenow"),
    Kpi("resolution-time", "P3 resolution time", "h", "lower", 8, 24, 1, "servicenow"),
    Kpi("first-contact-resolution", "First-contact resolution", "%", "higher", 75, 55, 1, "itsm"),
    Kpi("csat", "User satisfaction", "/5", "higher", 4.5, 3.5, 2, "survey"),
    Kpi("change-success", "Successful changes", "%", "higher", 98, 90, 1, "cab"),
    Kpi("backup-success", "Backup success rate", "%", "higher", 99.5, 97, 2, "backup-console"),
    Kpi("patch-latency", "Critical patch latency", "days", "lower", 7, 30, 0, "vuln-scanner"),
    Kpi("speed-to-answer", "Average speed to answer", "s", "lower", 20, 120, 0, "telephony"),
    Kpi("abandonment-rate", "Call abandonment rate", "%", "lower", 3, 15, 1, "telephony"),
    Kpi("api-latency", "API p95 latency", "ms", "lower", 300, 1200, 0, "apm"),
    Kpi("delivery-on-time", "Deliveries on time", "%", "higher", 95, 80, 1, "jira"),
)
_SEGMENTS = ("strategic", "tactical", "tactical", "operational", "operational", "commodity")
_CONTRACT_KINDS = ("managed-service", "subscription", "support", "sow", "licence")
# A meeting at each governance tier; the small shape's reviews are yearly, so that a vendor of a
# year's standing with only its last monthly service review on record has none overdue.
_CADENCE = (
    "  - {kind: service-review, tier: operational, every: 1 month, channel: Teams}",
    "  - {kind: qbr, tier: management, every: 3 months, channel: On site}",
    "  - {kind: executive-review, tier: executive, every: 6 months, channel: HQ}",
)
_SMALL_CADENCE = (
    "  - {kind: service-review, tier: operational, every: 1 month, channel: Teams}",
    "  - {kind: annual-review, tier: management, every: 12 months, channel: On site}",
    "  - {kind: executive-review, tier: executive, every: 12 months, channel: HQ}",
)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML 1.2 flow scalars)."""
    return json.dumps(text, ensure_ascii=False)


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


@dataclass(frozen=True)
class SlaTerms:
    """An SLA as written: its KPI and its credit tiers (threshold as written, percent)."""

    kpi: Kpi
    tiers: tuple[tuple[float, int], ...]

    def credit(self, value: float) -> int:
        """The largest tier credit whose condition holds: strictly beyond its threshold."""
        higher = self.kpi.direction == "higher"
        return max(
            (c for t, c in self.tiers if (value < t if higher else value > t)),
            default=0,
        )


@dataclass(frozen=True)
class ContractTerms:
    """What decides a contract's service credits: its id, start, monthly charge and SLAs."""

    id: str
    start: date
    monthly_charge: int
    slas: tuple[SlaTerms, ...]


@dataclass(frozen=True)
class Credit:
    """A credit a contract earned for a month (its SLA window): percent and amount."""

    contract: ContractTerms
    year: int
    month: int
    percent: int

    @property
    def window_end(self) -> date:
        """The last day of the window."""
        return _month_end(self.year, self.month)

    @property
    def amount(self) -> Decimal:
        """The credit in euros: percent of the monthly charge, exact to the cent."""
        return Decimal(self.contract.monthly_charge * self.percent) / 100


class VendorWriter:
    """Builds the files of one vendor from a random generator seeded for that vendor."""

    def __init__(self, index: int, seed: int, warning_share: float = WARNING_SHARE) -> None:
        self.rng = random.Random(f"{seed}:{index}")
        # The claims draw from their own generator, so that the other files stay as they were
        # before claims were written (and the benchmark's earlier figures comparable).
        self.claims_rng = random.Random(f"{seed}:{index}:claims")
        # Filled in as the contracts and measurements are written, read by the claims.
        self.terms: list[ContractTerms] = []
        self.values: dict[str, dict[tuple[int, int], float]] = {}
        rng = self.rng
        self.index = index
        prefix, suffix = rng.choice(_PREFIXES), rng.choice(_SUFFIXES)
        self.name = f"{prefix} {suffix} {index:04d}"
        self.id = f"{prefix.lower()}-{suffix.lower()}-{index:04d}"
        self.segment = rng.choice(_SEGMENTS)
        self.kpis = rng.sample(_KPIS, 8)
        # One kind of realistic policy warning for a few vendors, none for the rest.
        self.warning = (
            rng.choice(("meeting-overdue", "notice-ahead", "no-backup"))
            if rng.random() < warning_share
            else None
        )
        self.people = self._people()
        self.lapse = self.claims_rng.random() < warning_share * LAPSE_SHARE

    def _people(self) -> list[tuple[str, str, str, str, str, str]]:
        """(id, name, side, tier, title, counterpart id) of both sides, paired as peers."""
        used: set[str] = set()
        names: list[str] = []
        while len(names) < 12:
            name = f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"
            if name not in used:
                used.add(name)
                names.append(name)
        slugs = [n.lower().replace(" ", "-") for n in names]
        internal = [
            ("executive", "Chief Information Officer"),
            ("management", "Vendor Relationship Manager"),
            ("management", "Service Delivery Manager"),
            ("management", "IT Procurement Manager"),
            ("management", "Head of Digital Transformation"),
            ("operational", "Service Owner"),
        ]
        vendor = [
            ("executive", "Chief Operating Officer"),
            ("management", "Account Director"),
            ("management", "Service Delivery Lead"),
            ("management", "Commercial Manager"),
            ("management", "Innovation Lead"),
            ("operational", "Operations Team Lead"),
        ]
        people = []
        for i, (tier, title) in enumerate(internal):
            people.append((slugs[i], names[i], "internal", tier, title, slugs[i + 6]))
        for i, (tier, title) in enumerate(vendor):
            people.append((slugs[i + 6], names[i + 6], "vendor", tier, title, slugs[i]))
        return people

    def person(self, side: str, index: int) -> str:
        """Id of the index-th person of a side (0 executive, 1-4 management, 5 operational)."""
        return self.people[index + (0 if side == "internal" else 6)][0]

    def files(self, shape: str = "full") -> dict[str, str]:
        """Every file of the vendor in a shape (full, small or bare): relative path to text."""
        if shape == "small":
            return self.small_files()
        if shape == "bare":
            return {"vendor.yaml": self.vendor_yaml()}
        out = {"vendor.yaml": self.vendor_yaml()}
        for number in range(3):
            out[f"contracts/contract-{number + 1}.yaml"] = self.contract(number)
        out.update(self.measurements())
        out.update(self.health())
        out.update(self.meetings())
        out["issues.yaml"] = self.issues()
        out["claims.yaml"] = self.claims()  # after the contracts and measurements it reads
        return out

    def small_files(self) -> dict[str, str]:
        """The small shape: vendor.yaml, one contract, a year of KPIs in one file, the latest
        health check and the latest service review, drawn as the full shape draws them."""
        out = {"vendor.yaml": self.vendor_yaml(since=SMALL_SINCE, cadence=_SMALL_CADENCE)}
        out["contracts/contract-1.yaml"] = self.contract(0, term=self._small_term())
        out["kpis/measurements.yaml"] = self.small_measurements()
        out.update([max(self.health().items())])
        reviews = [item for item in self.meetings().items() if "service-review" in item[0]]
        out.update([max(reviews)])
        return out

    def vendor_yaml(self, since: date | None = None, cadence: tuple[str, ...] = _CADENCE) -> str:
        """vendor.yaml: identity, people, roles, governance, KPIs, risks, selection, budget."""
        rng = self.rng
        drawn = date(rng.randint(2016, 2022), rng.randint(1, 12), 1)
        since = since or drawn
        lines = [
            "# yaml-language-server: $schema=../../schemas/vendor.schema.json",
            f"id: {self.id}",
            f"name: {self.name}",
            f"legal_name: {self.name} B.V.",
            f"category: {rng.choice(('Cloud hosting', 'Managed service desk', 'Security operations', 'Network services', 'SaaS platform', 'Software development'))}",
            "description: >-",
            f"  {self.name} supports our operations under {self.segment} governance. The",
            "  relationship is reviewed monthly at service level and quarterly with management.",
            f"segment: {self.segment}",
            "status: active",
            f"since: {since}",
            f"website: https://www.{self.id}.example",
            "objectives:",
        ]
        for n, (title, status) in enumerate(
            (
                ("Keep the service within its SLAs every month", "on-track"),
                ("Automate routine requests end to end", rng.choice(("on-track", "at-risk"))),
                ("Cut the cost per transaction by a tenth", rng.choice(("planned", "on-track"))),
            )
        ):
            lines += [
                f"  - id: objective-{n + 1}",
                f"    title: {title}",
                "    measure: Reported monthly in the service review.",
                f"    due: {2026 + n}-12-31",
                f"    status: {status}",
            ]
        lines.append("people:")
        for pid, name, side, tier, title, counterpart in self.people:
            domain = "example.org" if side == "internal" else f"{self.id}.example"
            lines += [
                f"  - id: {pid}",
                f"    name: {name}",
                f"    side: {side}",
                f"    title: {title}",
                f"    tier: {tier}",
                f"    counterpart: {counterpart}",
                f"    email: {pid}@{domain}",
            ]
        backup = "" if self.warning == "no-backup" else f", backup: {self.person('vendor', 1)}"
        lines += [
            "roles:",
            f"  relationship: {self.person('internal', 1)}",
            f"  service_delivery: {self.person('internal', 2)}",
            f"  commercial: {self.person('internal', 3)}",
            f"  transformation: {self.person('internal', 4)}",
            "key_personnel:",
            f"  - {{person: {self.person('vendor', 2)}, responsibility: SLA reporting and the "
            f"monthly service review{backup}}}",
            f"  - {{person: {self.person('vendor', 5)}, responsibility: Day-to-day operations and "
            f"shift planning, backup: {self.person('vendor', 2)}}}",
            "cadence:",
            *cadence,
            "channels:",
            f"  - {{kind: ticketing, purpose: Incidents and requests, address: {q(f'https://{self.id}.itsm.example')}}}",
            f"  - {{kind: email, purpose: Contract and invoices, address: accounts@{self.id}.example}}",
            "escalation:",
            f"  - {{level: 1, tier: operational, internal: {self.person('internal', 5)}, vendor: {self.person('vendor', 5)}}}",
            f"  - {{level: 2, tier: management, internal: {self.person('internal', 2)}, vendor: {self.person('vendor', 2)}, after: 3 days}}",
            f"  - {{level: 3, tier: executive, internal: {self.person('internal', 0)}, vendor: {self.person('vendor', 0)}, after: 10 days}}",
            "kpis:",
        ]
        for kpi in self.kpis:
            lines += [
                f"  - id: {kpi.id}",
                f"    name: {kpi.name}",
                f"    description: {q(kpi.name + ', as reported by ' + kpi.source + '.')}",
                f"    unit: {q(kpi.unit)}",
                f"    direction: {kpi.direction}",
                f"    target: {kpi.target:g}",
                f"    floor: {kpi.floor:g}",
                f"    weight: {rng.choice((1, 1, 2, 3))}",
            ]
        lines.append("risks:")
        for n in range(rng.randint(2, 4)):
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            review = AS_OF + timedelta(days=rng.randint(15, 150))
            lines += [
                f"  - id: risk-{n + 1}",
                f"    title: {rng.choice(('Key staff attrition erodes service knowledge', 'Single data centre for the primary service', 'Price rise at renewal above indexation', 'Security incident at a subcontractor', 'Dependence on one proprietary platform'))}",
                f"    category: {rng.choice(('operational', 'financial', 'security', 'continuity', 'concentration'))}",
                f"    likelihood: {likelihood}",
                f"    impact: {impact}",
                f"    owner: {self.person('internal', rng.randint(1, 4))}",
                "    mitigation: Quarterly review with the vendor; named backups; exit plan kept current.",
                "    contingency: Move the service to the second-source supplier under the framework.",
                f"    review_by: {review}",
            ]
        lines += [
            "selection:",
            f"  decided: {since - timedelta(days=60)}",
            "  summary: Chosen in a competitive tender on capability, references and price.",
            "  criteria:",
        ]
        for criterion, weight in (
            ("capability", 30),
            ("reputation", 15),
            ("financial-stability", 15),
            ("cultural-fit", 20),
            ("references", 20),
        ):
            lines.append(
                f"    - {{criterion: {criterion}, weight: {weight}, score: {rng.randint(2, 5)}}}"
            )
        lines += [
            "  references:",
            "    - A regional hospital group",
            "    - A municipality",
            "onboarding:",
            f"  - {{task: Sign the contract and the data processing agreement, role: commercial, done: true, due: {since}}}",
            f"  - {{task: Agree KPI definitions and the monthly report, role: service_delivery, done: true, due: {since}}}",
            f"  - {{task: Exchange escalation contacts, role: relationship, done: true, due: {since}}}",
            "budget:",
        ]
        for year in (2025, 2026):
            budget = rng.randint(20, 400) * 5000
            spend = int(budget * rng.uniform(0.7 if year == 2026 else 0.9, 1.1))
            lines.append(f"  - {{period: '{year}', budget: {budget}, spend: {spend}}}")
        return "\n".join(lines) + "\n"

    def _term(self, number: int) -> list[str]:
        """Term lines of a contract: valid, and clear of notice deadlines unless warned."""
        rng = self.rng
        if number == 0 and self.warning == "notice-ahead":
            # Initial term ends on 31 March: the rolled term's notice deadline (90 days before
            # 2027-03-31) falls within the 90-day warning window of the as-of date.
            start = date(rng.randint(2022, 2023), 4, 1)
            end = date(start.year + 3, 3, 31)
            return [
                f"start: {start}",
                f"end: {end}",
                "auto_renew: true",
                "renewal_term: 12 months",
                "notice_period: 90 days",
            ]
        if rng.random() < 0.5:
            # Auto-renewing, initial term starting June to October: each rolled term ends between
            # May and September of 2027, so the notice deadline is beyond the warning window.
            month = rng.randint(6, 10)
            start = date(rng.randint(2021, 2024), month, 1)
            end = _month_end(start.year + 3, month - 1)
            return [
                f"signed: {start - timedelta(days=rng.randint(10, 60))}",
                f"start: {start}",
                f"end: {end}",
                "auto_renew: true",
                f"renewal_term: {rng.choice((12, 24))} months",
                "notice_period: 90 days",
            ]
        # Fixed term ending in 2028 or later, notice far off.
        start = date(rng.randint(2022, 2025), rng.randint(1, 12), 1)
        end = _month_end(rng.randint(2028, 2030), rng.randint(1, 12))
        return [
            f"signed: {start - timedelta(days=rng.randint(10, 60))}",
            f"start: {start}",
            f"end: {end}",
            "notice_period: 6 months",
        ]

    def _small_term(self) -> list[str]:
        """The small shape's one contract: three years from the relationship's start, or, for a
        vendor warned of a notice deadline, a first term ending in March whose 90 days' notice
        falls within the warning window."""
        if self.warning == "notice-ahead":
            return [
                f"start: {SMALL_SINCE}",
                "end: 2027-03-31",
                "auto_renew: true",
                "renewal_term: 12 months",
                "notice_period: 90 days",
            ]
        return [
            f"signed: {SMALL_SINCE - timedelta(days=self.rng.randint(10, 60))}",
            f"start: {SMALL_SINCE}",
            f"end: {_month_end(SMALL_SINCE.year + 3, SMALL_SINCE.month - 1)}",
            "notice_period: 6 months",
        ]

    def contract(self, number: int, term: list[str] | None = None) -> str:
        """A contract with its term (drawn unless given), value and 2-3 SLAs with credit tiers."""
        rng = self.rng
        annual = rng.randint(4, 240) * 5000
        kind = "msa" if number == 0 else rng.choice(_CONTRACT_KINDS)
        lines = [
            "# yaml-language-server: $schema=../../../schemas/contract.schema.json",
            f"id: {self.id}-c{number + 1}",
            f"title: {q(f'{self.name} {kind} agreement {number + 1}')}",
            f"kind: {kind}",
            f"reference: {q(f'CTR-{self.index:05d}-{number + 1}')}",
        ]
        if number > 0:
            lines.append(f"parent: {self.id}-c1")
        term = self._term(number) if term is None else term
        lines += term
        lines += [
            "currency: EUR",
            f"annual_value: {annual}",
            f"monthly_charge: {annual // 12}",
            f"credit_cap: {CREDIT_CAP}",
            f"claim_period: {CLAIM_DAYS} days",
            f"owner: {self.person('internal', 3)}",
            "slas:",
        ]
        slas = []
        for kpi in rng.sample(self.kpis, rng.randint(2, 3)):
            span = abs(kpi.target - kpi.floor)
            sign = -1 if kpi.direction == "higher" else 1
            side = "below" if kpi.direction == "higher" else "above"
            level = kpi.target + sign * span * 0.25
            sla_target = _fmt(level, kpi.decimals + 1)
            worse = _fmt(level + sign * span * 0.35, kpi.decimals + 1)
            lines += [
                f"  - id: {kpi.id}",
                f"    kpi: {kpi.id}",
                f"    target: {sla_target}",
                "    window: monthly",
                f"    description: {q(f'Schedule B: {kpi.name.lower()} within the target every month.')}",
                "    credits:",
                f"      - {{{side}: {sla_target}, credit: 5}}",
                f"      - {{{side}: {worse}, credit: 10}}",
            ]
            slas.append(SlaTerms(kpi, ((float(sla_target), 5), (float(worse), 10))))
        start = next(date.fromisoformat(x[7:]) for x in term if x.startswith("start: "))
        self.terms.append(
            ContractTerms(f"{self.id}-c{number + 1}", start, annual // 12, tuple(slas))
        )
        lines += [
            "termination:",
            "  for_convenience: Customer, on 6 months' notice.",
            "  for_cause: Either party on material breach not remedied within 30 days.",
            "governing_law: Netherlands",
        ]
        return "\n".join(lines) + "\n"

    def measurements(self) -> dict[str, str]:
        """kpis/<year>.yaml: one value per KPI and month, a random walk around the target."""
        rng = self.rng
        by_year: dict[int, list[str]] = {}
        for kpi in self.kpis:
            span = abs(kpi.target - kpi.floor)
            sign = 1 if kpi.direction == "higher" else -1
            # Mostly on target, sometimes drifting below the SLA: a realistic mix of credits.
            level = kpi.target - sign * span * rng.uniform(-0.1, 0.4)
            for year, month in MONTHS:
                level += sign * span * rng.uniform(-0.08, 0.08)
                level = min(max(level, kpi.floor - sign * span * 0.3), kpi.target + span * 0.1)
                level = max(level, 0.0)
                value = _fmt(level, kpi.decimals)
                self.values.setdefault(kpi.id, {})[year, month] = float(value)
                by_year.setdefault(year, []).append(
                    f"  - {{kpi: {kpi.id}, period: {year}-{month:02d}, "
                    f"value: {value}, source: {kpi.source}}}"
                )
        return {
            f"kpis/{year}.yaml": "\n".join(
                [
                    "# yaml-language-server: $schema=../../../schemas/measurements.schema.json",
                    "measurements:",
                    *lines,
                ]
            )
            + "\n"
            for year, lines in by_year.items()
        }

    def small_measurements(self) -> str:
        """kpis/measurements.yaml: a year of monthly values, a random walk between a little
        better than the target and a little worse, never beyond an SLA's first credit tier (a
        quarter of the way from the target to the floor), so that no credit is earned."""
        rng = self.rng
        lines = [
            "# yaml-language-server: $schema=../../../schemas/measurements.schema.json",
            "measurements:",
        ]
        for kpi in self.kpis:
            span = abs(kpi.target - kpi.floor)
            sign = 1 if kpi.direction == "higher" else -1
            best, worst = kpi.target + sign * span * 0.1, kpi.target - sign * span * 0.15
            low, high = min(best, worst), max(best, worst)
            level = rng.uniform(low, high)
            for year, month in SMALL_MONTHS:
                level = min(max(level + span * rng.uniform(-0.05, 0.05), low), high)
                lines.append(
                    f"  - {{kpi: {kpi.id}, period: {year}-{month:02d}, "
                    f"value: {_fmt(level, kpi.decimals)}, source: {kpi.source}}}"
                )
        return "\n".join(lines) + "\n"

    def health(self) -> dict[str, str]:
        """Three health checks, the latest within the last two months."""
        rng = self.rng
        out = {}
        for day in (
            date(2025, rng.randint(3, 10), rng.randint(1, 28)),
            date(2026, rng.randint(3, 6), rng.randint(1, 28)),
            date(2026, rng.randint(9, 10), rng.randint(1, 28)),
        ):
            sides = []
            for side in ("ours", "theirs"):
                scores = ", ".join(
                    f"{dim}: {rng.randint(2, 5)}"
                    for dim in ("trust", "communication", "commitment", "collaboration")
                )
                sides.append(
                    f"{side}: {{{scores}, satisfaction: {rng.randint(2, 5)}, "
                    f"respondents: {rng.randint(3, 12)}}}"
                )
            out[f"health/{day}.yaml"] = (
                "\n".join(
                    [
                        "# yaml-language-server: $schema=../../../schemas/health.schema.json",
                        f"date: {day}",
                        *sides,
                        f"facilitator: {self.person('internal', 1)}",
                        "summary: Both sides see steady delivery; communication on changes can improve.",
                    ]
                )
                + "\n"
            )
        return out

    def meetings(self) -> dict[str, str]:
        """The recent governance meetings: three service reviews, two QBRs, an executive review."""
        rng = self.rng
        last_review = 8 if self.warning == "meeting-overdue" else 10
        held = [
            *(
                ("service-review", "operational", date(2026, m, rng.randint(2, 28)))
                for m in (last_review - 2, last_review - 1, last_review)
            ),
            ("qbr", "management", date(2026, 4, rng.randint(10, 28))),
            ("qbr", "management", date(2026, rng.choice((8, 9, 10)), rng.randint(10, 28))),
            ("executive-review", "executive", date(2026, rng.randint(6, 9), rng.randint(1, 28))),
        ]
        out = {}
        for kind, tier, day in held:
            tiers = {"operational": (5,), "management": (1, 2, 3), "executive": (0, 1)}[tier]
            attendees = [self.person(side, i) for side in ("internal", "vendor") for i in tiers]
            owner = self.person("vendor", tiers[0])
            lines = [
                "# yaml-language-server: $schema=../../../schemas/meeting.schema.json",
                f"id: {kind}-{day}",
                f"date: {day}",
                f"kind: {kind}",
                f"tier: {tier}",
                f"title: {q(kind.replace('-', ' ').capitalize() + f' {day:%B %Y}')}",
                "attendees:",
                *(f"  - {a}" for a in attendees),
                "decisions:",
                "  - Service improvement plan accepted; progress reviewed at the next meeting.",
                "actions:",
                f"  - {{id: improvement-plan, title: Deliver the service improvement plan, owner: {owner}, due: {day + timedelta(days=30)}, status: open}}",
                f"  - {{id: report-{day:%m}, title: Send the monthly report, owner: {self.person('internal', tiers[0])}, due: {day + timedelta(days=7)}, status: done}}",
            ]
            out[f"meetings/{day}-{kind}.yaml"] = "\n".join(lines) + "\n"
        return out

    def issues(self) -> str:
        """The issue log: a few resolved issues and one or two open ones, with escalations."""
        rng = self.rng
        lines = ["# yaml-language-server: $schema=../../schemas/issues.schema.json", "issues:"]
        for n in range(rng.randint(3, 5)):
            opened = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
            resolved = n < 2 or rng.random() < 0.5
            lines += [
                f"  - id: issue-{n + 1}",
                f"    title: {rng.choice(('Backlog of P3 tickets above the agreed level', 'Monthly report delivered late', 'Change caused an unplanned outage', 'Invoice does not match the contract rates'))}",
                f"    opened: {opened}",
            ]
            if resolved:
                lines.append(f"    closed: {opened + timedelta(days=rng.randint(5, 60))}")
            lines += [
                f"    status: {'resolved' if resolved else 'open'}",
                f"    severity: {rng.choice(('low', 'medium', 'medium', 'high'))}",
                f"    owner: {self.person('internal', 2)}",
                "    escalations:",
                f"      - {{date: {opened + timedelta(days=2)}, level: 1, note: Raised at the service review}}",
                f"      - {{date: {opened + timedelta(days=4)}, level: 2, note: Asked for a recovery plan}}",
            ]
            if resolved:
                lines.append("    resolution: Root cause fixed and the backlog cleared.")
            else:
                # Taken to the top of the ladder before its `after:` ran out: no escalation-due.
                lines.append(
                    f"      - {{date: {opened + timedelta(days=12)}, level: 3, note: Executive sponsors involved}}"
                )
        return "\n".join(lines) + "\n"

    def credits(self) -> list[Credit]:
        """Every service credit the contracts earned, oldest window first, worked out from the
        values written as vendorctl does: in each month in force, each SLA earns its largest tier
        whose threshold the month's value is strictly beyond; the contract's credit is their sum,
        capped. Every window ends by the as-of date, and every contract starts on a first of the
        month and ends after the last one (no partial windows)."""
        found = []
        for year, month in MONTHS:
            for terms in self.terms:
                if date(year, month, 1) < terms.start:
                    continue
                percent = sum(
                    sla.credit(self.values[sla.kpi.id][year, month]) for sla in terms.slas
                )
                if percent:
                    found.append(Credit(terms, year, month, min(percent, CREDIT_CAP)))
        return found

    def claims(self) -> str:
        """claims.yaml: one letter a month claims the month's credits a few weeks after it ends;
        most are paid within the payment days, a few disputed, paid in part, rejected or waived;
        the last weeks' credits are still to claim. A planted few vendors forgot one claim, whose
        credit lapsed in the last year."""
        rng = self.claims_rng
        earned = self.credits()
        forgotten = None
        if self.lapse:
            late = [
                c for c in earned if 0 < (AS_OF - c.window_end).days - CLAIM_DAYS <= LAPSED_DAYS
            ]
            forgotten = rng.choice(late) if late else None
        lines = [
            "# yaml-language-server: $schema=../../schemas/claims.schema.json",
            f"# Service credits claimed from {self.name}: one letter a month, one line per credit.",
            "claims:",
        ]
        letters: dict[int, int] = {}  # letters sent per year, numbering the references
        window: tuple[int, int] | None = None
        sent = AS_OF
        reference = ""
        for credit in earned:
            if (credit.year, credit.month) != window:
                window = credit.year, credit.month
                sent = credit.window_end + timedelta(days=rng.randint(5, 40))
                letters[sent.year] = letters.get(sent.year, 0) + 1
                reference = f"CLM-{self.index:04d}-{sent.year}-{letters[sent.year]:03d}"
            if sent > AS_OF or credit is forgotten:
                continue  # not claimed yet (its claim-by date is weeks ahead), or forgotten
            lines.append(self._claim(credit, sent, reference))
        if len(lines) == 3:
            lines[-1] = "claims: []"
        return "\n".join(lines) + "\n"

    def _claim(self, credit: Credit, sent: date, reference: str) -> str:
        """One claim, as one flow mapping: received in most cases (paid within the payment days,
        so never chased), else disputed, partly paid, rejected or waived."""
        rng = self.claims_rng
        draw = rng.random()
        paid = sent + timedelta(days=rng.randint(14, PAYMENT_DAYS - 5))
        head = f"  - {{contract: {credit.contract.id}, window: {credit.year}-{credit.month:02d}"
        if draw < 0.01:
            note = "Waived at the QBR in return for the vendor's free migration support."
            return f"{head}, status: waived, note: {q(note)}}}"
        claim = f"{head}, claimed_on: {sent}, reference: {reference}"
        if draw < 0.04:
            note = (
                "The vendor disputes the measurement; the evidence goes to the next service review."
            )
            return f"{claim}, status: disputed, note: {q(note)}}}"
        if draw < 0.05:
            note = "Rejected: the vendor counts the outage as announced maintenance."
            return f"{claim}, status: rejected, note: {q(note)}}}"
        if paid > AS_OF:
            return f"{claim}, status: claimed}}"  # the credit note is not due yet
        if draw < 0.07:
            half = (credit.amount / 2).quantize(Decimal("0.01"))
            note = "Half credited: the vendor excludes the first day of the incident."
            return (
                f"{claim}, status: received, received_on: {paid}, received_amount: {half}, "
                f"note: {q(note)}}}"
            )
        # Received in full: no `received_amount`, which defaults to the amount claimed.
        return f"{claim}, status: received, received_on: {paid}}}"


SETTINGS = """\
# yaml-language-server: $schema=schemas/settings.schema.json
organisation: Benchmark Health
currency: EUR
as_of: {as_of}
fiscal_year_start: 1
standings:
  - {{id: at-risk, label: At risk, min: 0, max: 50, emoji: "🔴"}}
  - {{id: needs-attention, label: Needs attention, min: 50, max: 70, emoji: "🟠"}}
  - {{id: good, label: Good, min: 70, max: 85, emoji: "🟡"}}
  - {{id: excellent, label: Excellent, min: 85, max: 100, emoji: "🟢"}}
"""


def vendor_ids(vendors: int, seed: int) -> list[str]:
    """The ids the generator gives the vendors, in order (to pick one for a benchmark)."""
    return [VendorWriter(i, seed).id for i in range(1, vendors + 1)]


def generate(
    out: Path,
    vendors: int,
    seed: int = 1,
    warning_share: float = WARNING_SHARE,
    shape: str = "full",
) -> None:
    """Write a portfolio of `vendors` vendors of a shape (full, small or bare) into `out` (which
    must not exist or be empty)."""
    if shape not in SHAPES:
        raise SystemExit(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; give a new folder")
    out.mkdir(parents=True, exist_ok=True)
    (out / "vendorctl.yaml").write_text(SETTINGS.format(as_of=AS_OF), encoding="utf-8")
    for index in range(1, vendors + 1):
        writer = VendorWriter(index, seed, warning_share)
        folder = out / "vendors" / writer.id
        for rel, text in writer.files(shape).items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line: python bench/generate.py OUT --vendors N --seed S [--shape S] [--force]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create the portfolio in")
    parser.add_argument("--vendors", type=int, default=100, help="number of vendors")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="full",
        help="full: 19 files per vendor (default); small: 5; bare: vendor.yaml only",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    generate(args.out, args.vendors, args.seed, shape=args.shape)


if __name__ == "__main__":
    main()
