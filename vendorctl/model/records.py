"""Schemas of the vendor's records: KPI measurements, health checks, meetings and the issue log."""

from typing import Literal

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

from vendorctl.model.base import Date, Name, Period, Score5, Slug, Strict, Text, Tier

# The most a measurement's weight may be (a ticket volume, a row count): as claims' amounts are
# capped, so that sums of weights stay exact in decimal arithmetic and reports never meet a
# number too large to divide (1e28 broke the scorecard).
MAX_WEIGHT = 1_000_000_000_000


# A dataclass with slots, not a model: a large portfolio holds hundreds of thousands of these,
# and as a model each took six times the memory and three times the time to validate. Strict
# field by field, as the models are by their base.
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid", allow_inf_nan=False))
class Measurement:
    """One measured value of a KPI in a period."""

    kpi: Slug = Field(description="Id of the KPI, as defined in vendor.yaml.", strict=True)
    period: Period = Field(description="Period measured: 2026-07, 2026-Q3 or '2026'.", strict=True)
    value: float = Field(description="Measured value, in the KPI's unit.", strict=True)
    weight: float | None = Field(
        default=None,
        ge=0,
        le=MAX_WEIGHT,
        description=(
            "How much this value counts when periods are combined (e.g. ticket volume), 0 to"
            " 10^12; required by a KPI with aggregation: weighted-mean, ignored otherwise."
        ),
        strict=True,
    )
    source: str | None = Field(
        default=None, max_length=200, description="Where the value comes from.", strict=True
    )
    note: str | None = Field(
        default=None, max_length=2000, description="Context for the value.", strict=True
    )


class Measurements(Strict):
    """A file of KPI measurements (`kpis/*.yaml`)."""

    measurements: list[Measurement] = Field(description="The measurements.")


class HealthSide(Strict):
    """One side's view of the relationship: five dimensions scored 1 to 5."""

    trust: Score5 = Field(description="Trust, 1 (low) to 5 (high).")
    communication: Score5 = Field(description="Communication, 1 to 5.")
    commitment: Score5 = Field(description="Commitment, 1 to 5.")
    collaboration: Score5 = Field(description="Collaboration, 1 to 5.")
    satisfaction: Score5 = Field(description="Satisfaction, 1 to 5.")
    respondents: int | None = Field(default=None, ge=1, description="How many people answered.")
    comments: Text | None = Field(
        default=None,
        description="What respondents said (internal).",
        json_schema_extra={"internal": True},
    )


class HealthCheck(Strict):
    """A relationship health check, answered by both sides (`health/*.yaml`)."""

    date: Date = Field(description="Date of the health check.")
    ours: HealthSide = Field(description="Our organisation's view.")
    theirs: HealthSide | None = Field(default=None, description="The vendor's view.")
    facilitator: Slug | None = Field(default=None, description="Id of who ran the check.")
    summary: Text | None = Field(
        default=None,
        description="Conclusions and follow-ups (internal).",
        json_schema_extra={"internal": True},
    )


class Action(Strict):
    """An action agreed in a meeting."""

    id: Slug | None = Field(
        default=None, description="Identifier, to follow the action across meetings."
    )
    title: Name = Field(description="What is to be done.")
    owner: Slug = Field(description="Id of the person who owns it (either side).")
    due: Date | None = Field(default=None, description="Due date.")
    status: Literal["open", "done", "dropped"] = Field(default="open", description="State.")


class Meeting(Strict):
    """A governance meeting held (`meetings/*.yaml`)."""

    id: Slug | None = Field(default=None, description="Identifier, unique within the vendor.")
    date: Date = Field(description="Date held.")
    kind: Slug = Field(description="Meeting kind, as named by the vendor's cadence.")
    tier: Tier = Field(description="Governance tier.")
    title: Name | None = Field(default=None, description="Title.")
    attendees: list[Slug] = Field(default=[], description="Ids of people who attended.")
    decisions: list[Text] = Field(default=[], description="Decisions taken.")
    actions: list[Action] = Field(default=[], description="Actions agreed.")
    notes: Text | None = Field(default=None, description="Minutes.")
    internal: bool = Field(
        default=False,
        description=(
            "True for a meeting held among our own people (a sourcing board, say): its "
            "decisions and actions stay out of vendor-shared reports."
        ),
    )


Severity = Literal["low", "medium", "high", "critical"]


class Escalation(Strict):
    """A step up the escalation ladder taken for an issue."""

    date: Date = Field(description="When the issue was escalated.")
    level: int = Field(ge=1, le=9, description="Rung of the escalation ladder reached.")
    note: Text | None = Field(default=None, description="Why, and what was asked.")


class Issue(Strict):
    """An issue raised with the vendor, and how it was escalated."""

    id: Slug = Field(description="Identifier, unique within the vendor.")
    title: Name = Field(description="The issue, in one line.")
    opened: Date = Field(description="Date raised.")
    closed: Date | None = Field(default=None, description="Date resolved, if resolved.")
    status: Literal["open", "resolved"] = Field(default="open", description="State.")
    severity: Severity = Field(default="medium", description="low, medium, high or critical.")
    owner: Slug | None = Field(default=None, description="Id of the internal owner.")
    description: Text | None = Field(default=None, description="Details.")
    escalations: list[Escalation] = Field(default=[], description="Escalation history.")
    resolution: Text | None = Field(default=None, description="How it was resolved.")


class IssueLog(Strict):
    """The issue and escalation log (`issues.yaml` or `issues/*.yaml`)."""

    issues: list[Issue] = Field(description="The issues.")
