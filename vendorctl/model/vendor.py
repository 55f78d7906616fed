"""Schema of `vendors/<id>/vendor.yaml`: the vendor, its people, governance, KPIs and risks."""

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, model_validator

from vendorctl.model.base import (
    Date,
    DurationField,
    Money,
    Name,
    Period,
    Score5,
    Side,
    Slug,
    Strict,
    Text,
    Tier,
    Weight,
)

Segment = Literal["strategic", "tactical", "operational", "commodity"]
Status = Literal["prospect", "onboarding", "active", "offboarding", "exited"]
Role = Literal["relationship", "service_delivery", "commercial", "transformation"]
Direction = Literal["higher", "lower"]
Aggregation = Literal["mean", "weighted-mean", "sum", "min", "max", "last"]
Frequency = Literal["monthly", "quarterly", "yearly"]


class Objective(Strict):
    """A business objective the relationship serves."""

    id: Slug = Field(description="Identifier of the objective, unique within the vendor.")
    title: Name = Field(description="What the objective is, in one line.")
    measure: Text | None = Field(default=None, description="How success is measured.")
    due: Date | None = Field(default=None, description="Target date (YYYY-MM-DD).")
    status: Literal["planned", "on-track", "at-risk", "off-track", "achieved", "dropped"] = Field(
        default="on-track", description="Where the objective stands."
    )


class Person(Strict):
    """Someone in the relationship, on our side (internal) or the vendor's."""

    id: Slug = Field(description="Identifier of the person, unique within the vendor.")
    name: Name = Field(description="Full name.")
    side: Side = Field(description="`internal` for our organisation, `vendor` for theirs.")
    title: Name | None = Field(default=None, description="Job title.")
    tier: Tier = Field(
        description="Governance tier the person acts at: operational, management or executive."
    )
    counterpart: Slug | None = Field(
        default=None,
        description="Id of this person's peer on the other side (peer-to-peer communication).",
    )
    email: str | None = Field(default=None, max_length=254, description="E-mail address.")
    phone: str | None = Field(default=None, max_length=40, description="Phone number, as text.")
    location: str | None = Field(default=None, max_length=100, description="Site or time zone.")


class Roles(Strict):
    """The four separate management roles of a relationship, each naming an internal person."""

    relationship: Slug | None = Field(
        default=None, description="Relationship manager: owns the partnership and its health."
    )
    service_delivery: Slug | None = Field(
        default=None, description="Service delivery manager: owns SLAs, KPIs and operations."
    )
    commercial: Slug | None = Field(
        default=None, description="Commercial manager: owns contracts, spend and renewals."
    )
    transformation: Slug | None = Field(
        default=None, description="Transformation manager: owns innovation and the roadmap."
    )


class KeyPerson(Strict):
    """A vendor person the service depends on, and who stands in for them."""

    person: Slug = Field(description="Id of the vendor person.")
    responsibility: Name = Field(description="What depends on this person.")
    backup: Slug | None = Field(default=None, description="Id of the person who stands in.")


class Cadence(Strict):
    """A recurring governance meeting: which kind, at which tier, how often."""

    kind: Slug = Field(description="Meeting kind, matched by the `kind` of meeting records.")
    tier: Tier = Field(description="Governance tier of the meeting.")
    every: DurationField = Field(description='Interval between meetings, for example "1 month".')
    channel: str | None = Field(default=None, max_length=100, description="Where it is held.")


class Channel(Strict):
    """A communication channel of the relationship."""

    kind: Literal["email", "chat", "phone", "portal", "meeting", "ticketing", "other"] = Field(
        description="Kind of channel."
    )
    purpose: Name = Field(description="What the channel is for.")
    address: str | None = Field(
        default=None, max_length=500, description="Address, URL, or channel name."
    )


class EscalationLevel(Strict):
    """One rung of the escalation ladder: who talks to whom, and how fast."""

    level: int = Field(ge=1, le=9, description="Rung number, 1 for the first escalation.")
    tier: Tier = Field(description="Governance tier of this rung.")
    internal: Slug = Field(description="Id of the internal person at this rung.")
    vendor: Slug = Field(description="Id of the vendor person at this rung.")
    after: DurationField | None = Field(
        default=None,
        description='How long an issue waits before reaching this rung, e.g. "2 days".',
    )


class KpiDefinition(Strict):
    """A KPI the vendor is measured on."""

    id: Slug = Field(description="Identifier of the KPI, unique within the vendor.")
    name: Name = Field(description="Display name.")
    description: Text | None = Field(default=None, description="What is measured, and how.")
    unit: str = Field(default="", max_length=20, description='Unit shown after values, e.g. "%".')
    direction: Direction = Field(
        default="higher", description="`higher` if higher values are better, else `lower`."
    )
    target: float = Field(description="Value that earns full attainment (100).")
    floor: float | None = Field(
        default=None,
        description=(
            "Minimum acceptable value, earning 0; attainment is linear between floor and target. "
            "Without a floor the KPI is binary: 100 if the target is met, else 0."
        ),
    )
    weight: Weight = Field(default=1, description="Relative weight in the vendor's score.")
    aggregation: Aggregation = Field(
        default="mean",
        description=(
            "How monthly values combine into quarters and years; `weighted-mean` weighs each"
            " value by its measurement's `weight` (e.g. ticket volume)."
        ),
    )
    frequency: Frequency = Field(default="monthly", description="How often it is measured.")

    @model_validator(mode="after")
    def _floor_on_the_right_side(self) -> Self:
        if self.floor is not None:
            worse = (
                self.floor < self.target if self.direction == "higher" else self.floor > self.target
            )
            if not worse:
                side = "below" if self.direction == "higher" else "above"
                raise ValueError(
                    f"floor {self.floor:g} must lie {side} target {self.target:g} "
                    f"for a {self.direction}-is-better KPI"
                )
        return self


class Risk(Strict):
    """An entry of the vendor's risk register."""

    id: Slug = Field(description="Identifier of the risk, unique within the vendor.")
    title: Name = Field(description="The risk, in one line.")
    description: Text | None = Field(default=None, description="Cause and consequence.")
    category: Literal[
        "operational",
        "financial",
        "security",
        "compliance",
        "strategic",
        "concentration",
        "continuity",
        "reputational",
        "other",
    ] = Field(default="operational", description="Kind of risk.")
    likelihood: Score5 = Field(description="Likelihood from 1 (rare) to 5 (almost certain).")
    impact: Score5 = Field(description="Impact from 1 (minor) to 5 (severe).")
    owner: Slug | None = Field(default=None, description="Id of the internal person who owns it.")
    mitigation: Text | None = Field(default=None, description="What reduces the risk now.")
    contingency: Text | None = Field(
        default=None,
        description="What we do if it happens (internal: it may include exit plans).",
        json_schema_extra={"internal": True},
    )
    review_by: Date | None = Field(default=None, description="Next review date (YYYY-MM-DD).")
    status: Literal["open", "accepted", "closed"] = Field(
        default="open", description="Whether the risk is still managed."
    )
    internal: bool = Field(
        default=False, description="True to keep the risk out of vendor-shared reports."
    )


class Criterion(Strict):
    """One weighted criterion of a vendor selection."""

    criterion: Slug = Field(
        description="What is assessed, e.g. capability, reputation, financial-stability."
    )
    weight: Weight = Field(description="Relative weight of the criterion.")
    score: Score5 | None = Field(default=None, description="Score from 1 to 5, once assessed.")
    notes: Text | None = Field(default=None, description="Evidence behind the score.")


class DueDiligence(Strict):
    """A due-diligence check and its evidence, which may expire (a certificate, a report)."""

    item: Name = Field(
        description="The check or piece of evidence.",
        examples=["SOC 2 Type II report"],
    )
    expires: Date | None = Field(
        default=None,
        description=(
            "Last day the evidence is valid (YYYY-MM-DD); `validate` warns within "
            "`governance.evidence_warning` of it and once it has passed."
        ),
        examples=["2027-06-30"],
    )
    link: str | None = Field(
        default=None,
        max_length=500,
        description="Where the evidence is kept: a URL or a path.",
        examples=["https://dms.example.org/vendors/pipeline-crm/soc2-type2-2026.pdf"],
    )


def _item_alone(value: Any) -> Any:
    """A check written as text alone is an item without expiry."""
    if isinstance(value, str):
        return {"item": value}
    if not isinstance(value, dict):
        raise ValueError(
            "expected the check as text, or a mapping with `item` and optional `expires` and "
            f"`link`, got {'a list' if isinstance(value, list) else repr(value)[:40]}"
        )
    return value


def _text_too(schema: dict[str, Any]) -> None:
    """Editors must accept a check written as text alone, as the loader does."""
    schema["items"] = {
        "anyOf": [{"type": "string", "minLength": 1, "maxLength": 200}, schema["items"]]
    }


DueDiligenceValue = Annotated[DueDiligence, BeforeValidator(_item_alone)]


class Selection(Strict):
    """Selection and due-diligence record, kept from the prospect stage."""

    decided: Date | None = Field(default=None, description="Date of the selection decision.")
    summary: Text | None = Field(
        default=None,
        description=(
            "Why this vendor was chosen; for a `legacy` vendor, how the relationship began "
            "(required then, for an active vendor)."
        ),
    )
    # A vendor chosen before the selection process existed has no evaluation to record; the
    # flag says so openly instead of inviting invented scores.
    legacy: bool = Field(
        default=False,
        description=(
            "True for a vendor that predates the selection process: no evaluation was made; "
            "`summary` says how the relationship began. Criteria, if any, are a later "
            "evaluation and are held to the same rules."
        ),
        examples=[True],
    )
    criteria: list[Criterion] = Field(
        default=[], description="The weighted evaluation: each criterion, weight and score."
    )
    references: list[Name] = Field(default=[], description="Customer references taken up.")
    due_diligence: list[DueDiligenceValue] = Field(
        default=[],
        description=(
            "Checks completed: financials, security questionnaire, and so on; each as text, or "
            "{item, expires, link} for evidence that expires (a certificate, an audit report)."
        ),
        examples=[
            [
                "Annual accounts 2023-2025",
                {
                    "item": "SOC 2 Type II report",
                    "expires": "2027-06-30",
                    "link": "https://dms.example.org/vendors/pipeline-crm/soc2-type2-2026.pdf",
                },
            ]
        ],
        json_schema_extra=_text_too,
    )


class ChecklistItem(Strict):
    """A task of the vendor's onboarding checklist."""

    task: Name = Field(description="What has to be done.")
    role: Role | None = Field(default=None, description="Role that owns the task.")
    done: bool = Field(default=False, description="True once completed.")
    due: Date | None = Field(default=None, description="Due date (YYYY-MM-DD).")


class Budget(Strict):
    """Budget and actual spend for a period."""

    period: Period = Field(description="The period the figures cover: a year, quarter or month.")
    budget: Money = Field(description="Budgeted spend in the portfolio's currency.")
    spend: Money | None = Field(default=None, description="Actual spend so far.")


class Commentary(Strict):
    """The vendor's explanation of a period's results and the corrective action agreed.

    Internal unless `shared: true`: the vendor's copy of a report drops an entry whose
    `internal` (derived from `shared`) is true, as it drops internal risks.
    """

    period: Period = Field(
        description="The period it explains: a month, quarter or year (fiscal-aware).",
        examples=["2026-03", "2026-Q1", "FY2027-Q1"],
    )
    explanation: Text = Field(
        description="The vendor's explanation of the period's results.",
        examples=["A failed storage upgrade caused two outages in March."],
    )
    action: Text = Field(
        description="The corrective action agreed with the vendor.",
        examples=["Upgrades move to the Sunday window, with a tested rollback."],
    )
    owner: Slug | None = Field(
        default=None,
        description="Id of the person who owns the action (optional).",
        examples=["jane-doe"],
    )
    shared: bool = Field(
        default=False,
        description="True to show the entry in vendor-shared reports; internal otherwise.",
    )

    @property
    def internal(self) -> bool:
        """True unless shared: vendor-shared reports leave the entry out."""
        return not self.shared


ImportField = Literal["kpi", "period", "value", "weight", "source", "note"]
# A rollup's `share` and `where`: the column, `=`, and the value the column's cell must equal.
_COLUMN_EQUALS = r"^[^=]+=.*$"
ColumnEquals = Annotated[str, Field(pattern=_COLUMN_EQUALS, max_length=400)]


class KpiProfile(Strict):
    """One way of reading a vendor's CSV exports with `vendorctl kpi import`: which column holds
    what, the tool's KPI names, and for an export of one row per record (a ticket, an SLA task)
    how its rows roll up into one value per KPI and period."""

    columns: dict[str, ImportField] = Field(
        default={},
        description=(
            "CSV column name to measurement field (kpi, period, value, weight, source, note), "
            "e.g. {Metric: kpi, Month: period}."
        ),
    )
    kpis: dict[str, Slug] = Field(
        default={},
        description="KPI names the exporting tool uses, mapped to KPI ids: {Uptime: availability}.",
    )
    period_format: str | None = Field(
        default=None,
        max_length=40,
        description="strptime format of the period column, e.g. %d.%m.%Y; detected when left out.",
    )
    source: str | None = Field(
        default=None, max_length=200, description="Source recorded on imported measurements."
    )
    kpi: Slug | None = Field(
        default=None,
        description="The KPI every row is for, when the export has no KPI column (as --kpi).",
    )
    count: bool = Field(
        default=False,
        description="Roll the rows up into their number per KPI and period (as --count).",
    )
    share: ColumnEquals | None = Field(
        default=None,
        description=(
            "Roll the rows up into the percent of them whose COLUMN equals VALUE, written "
            "`COLUMN=VALUE` (as --share), e.g. `Has breached=false`."
        ),
    )
    mean: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Roll the rows up into the mean of this column (as --mean).",
    )
    sum: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Roll the rows up into the sum of this column (as --sum).",
    )
    where: list[ColumnEquals] = Field(
        default=[],
        description=(
            "Read only the rows whose COLUMN equals VALUE, each written `COLUMN=VALUE`; all must "
            "hold (as --where)."
        ),
    )

    @model_validator(mode="after")
    def _one_rollup(self) -> Self:
        chosen = [
            name
            for name, value in (
                ("count", self.count),
                ("share", self.share),
                ("mean", self.mean),
                ("sum", self.sum),
            )
            if value
        ]
        if len(chosen) > 1:
            raise ValueError(f"a profile rolls rows up one way: give one of {' and '.join(chosen)}")
        return self


class KpiImport(KpiProfile):
    """How `vendorctl kpi import` reads this vendor's CSV exports, so no flags are needed: the
    keys of one profile written directly (the vendor's one mapping), and named `profiles`, one
    per exporting tool."""

    profiles: dict[Slug, KpiProfile] = Field(
        default={},
        description=(
            "Named profiles, one per export source (e.g. servicenow, msp-monthly), each with its "
            "own columns, KPI names, source and rollup: chosen with --profile NAME, or "
            "automatically when exactly one fits the file's header."
        ),
    )


class Vendor(Strict):
    """A vendor relationship: identity, segment, people, governance, KPIs and risks."""

    id: Slug = Field(description="Vendor id: a lowercase slug, equal to the vendor's folder name.")
    name: Name = Field(description="Display name.")
    legal_name: Name | None = Field(default=None, description="Registered legal name.")
    category: Name | None = Field(
        default=None, description="What the vendor provides, e.g. cloud hosting."
    )
    description: Text | None = Field(default=None, description="The partnership at a glance.")
    segment: Segment = Field(description="strategic, tactical, operational or commodity.")
    status: Status = Field(
        description="Lifecycle stage: prospect, onboarding, active, offboarding or exited."
    )
    since: Date | None = Field(default=None, description="Start of the relationship.")
    website: str | None = Field(default=None, max_length=500, description="Vendor's web site.")
    objectives: list[Objective] = Field(default=[], description="Shared business objectives.")
    people: list[Person] = Field(default=[], description="People on both sides.")
    counterparts: dict[Slug, Slug] = Field(
        default={},
        description=(
            "Counterparts in this relationship of people from the shared directory "
            "(people.yaml): their id to the id of their peer among this vendor's people. Without "
            "an entry, a shared person's counterpart is the vendor person whose `counterpart:` "
            "names them."
        ),
        examples=[{"ingrid-halvorsen": "conor-walsh"}],
    )
    roles: Roles = Field(default=Roles(), description="The four management roles.")
    key_personnel: list[KeyPerson] = Field(
        default=[], description="Vendor people the service depends on, with their backups."
    )
    cadence: list[Cadence] = Field(default=[], description="Recurring governance meetings.")
    channels: list[Channel] = Field(default=[], description="Communication channels.")
    escalation: list[EscalationLevel] = Field(
        default=[], description="Escalation ladder, from the first rung to the executive tier."
    )
    kpis: list[KpiDefinition] = Field(default=[], description="KPIs the vendor is scored on.")
    risks: list[Risk] = Field(default=[], description="Risk register.")
    selection: Selection | None = Field(
        default=None,
        description="Selection and due-diligence record (internal).",
        json_schema_extra={"internal": True},
    )
    onboarding: list[ChecklistItem] = Field(
        default=[], description="Onboarding checklist, to complete before the vendor is active."
    )
    kpi_import: KpiImport | None = Field(
        default=None, description="How CSV exports of KPI data are read (`vendorctl kpi import`)."
    )
    budget: list[Budget] = Field(
        default=[],
        description="Budget and spend by period (internal).",
        json_schema_extra={"internal": True},
    )
    commentary: list[Commentary] = Field(
        default=[],
        description=(
            "Per-period commentary: the vendor's explanation and the agreed corrective action, "
            "shown in that period's scorecard and QBR (internal unless `shared: true`)."
        ),
    )
