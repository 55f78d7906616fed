"""Schema of `vendors/<id>/contracts/*.yaml`: one contract, its term, value and SLAs."""

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, model_validator

from vendorctl.model.base import Date, DurationField, Money, Name, Side, Slug, Strict, Text

ContractKind = Literal[
    "msa",
    "sow",
    "subscription",
    "licence",
    "support",
    "managed-service",
    "framework",
    "outsourcing",
    "connectivity",
    "other",
]
Window = Literal["monthly", "quarterly", "yearly"]
NoticeTo = Literal["term-end", "month-end", "quarter-end", "year-end"]


class CreditTier(Strict):
    """A service-credit tier: a value strictly below (or above) the threshold earns the credit."""

    below: float | None = Field(
        default=None,
        description="For higher-is-better KPIs: a value strictly below this earns the credit.",
    )
    above: float | None = Field(
        default=None,
        description="For lower-is-better KPIs: a value strictly above this earns the credit.",
    )
    credit: float = Field(gt=0, le=100, description="Credit, in percent of the window's charges.")

    @model_validator(mode="after")
    def _one_threshold(self) -> Self:
        if (self.below is None) == (self.above is None):
            raise ValueError("a credit tier needs exactly one of `below` or `above`")
        return self

    @property
    def threshold(self) -> float:
        """The tier's threshold, whichever side it is on."""
        return self.below if self.below is not None else self.above  # type: ignore[return-value]


class Sla(Strict):
    """A contractual service level: a KPI, its target per window, and credits when missed."""

    id: Slug = Field(description="Identifier of the SLA, unique within the contract.")
    kpi: Slug = Field(description="Id of the vendor KPI that measures this SLA.")
    target: float = Field(description="Contractual target; meeting it exactly is compliant.")
    window: Window = Field(default="monthly", description="Period the SLA is evaluated over.")
    description: Text | None = Field(default=None, description="The SLA in the contract's words.")
    credits: list[CreditTier] = Field(
        default=[], description="Service-credit tiers; the largest matching credit applies."
    )


class TerminationTrigger(Strict):
    """A right to terminate that SLA breaches open: `breaches` breached windows among the
    last `within` windows of an SLA."""

    sla: Slug = Field(
        examples=["first-contact-resolution"],
        description="Id of the contract's SLA whose breaches count.",
    )
    breaches: int = Field(
        examples=[4], ge=1, le=120, description="Breached windows that open the right."
    )
    within: int = Field(
        examples=[4],
        ge=1,
        le=120,
        description="Among how many of the SLA's latest windows (4 of the last 4).",
    )
    clause: str | None = Field(
        examples=["14.2"],
        default=None,
        max_length=100,
        description='The contract clause that gives the right, "14.2".',
    )

    @model_validator(mode="after")
    def _breaches_fit(self) -> Self:
        if self.breaches > self.within:
            raise ValueError(
                f"`breaches` ({self.breaches}) cannot exceed `within` ({self.within}): "
                "it counts breached windows among the last `within`"
            )
        return self


class Termination(Strict):
    """How the contract can end."""

    for_convenience: Text | None = Field(
        default=None, description="Termination for convenience: who may, with what notice."
    )
    for_cause: Text | None = Field(default=None, description="Termination for cause.")
    exit_assistance: Text | None = Field(
        default=None, description="Exit and transition assistance the vendor owes."
    )
    triggers: list[TerminationTrigger] = Field(
        examples=[
            [{"sla": "first-contact-resolution", "breaches": 4, "within": 4, "clause": "14.2"}]
        ],
        default=[],
        description=(
            "Rights to terminate that SLA breaches open, as code beside the prose: "
            '{sla, breaches, within, clause}, e.g. 4 breaches within 4 windows, clause "14.2".'
        ),
    )


class DisputeTier(Strict):
    """One rung of a tiered dispute resolution clause."""

    level: int = Field(examples=[1], ge=1, le=9, description="Rung of the ladder, 1 first.")
    forum: Name = Field(
        examples=["Executive review (COO and CIO)"],
        description="Who resolves it there: governance board, executives, mediation, court.",
    )
    within: DurationField | None = Field(
        examples=["30 days"],
        default=None,
        description='How long this rung has before the next, e.g. "30 days".',
    )


class DisputeResolution(Strict):
    """Tiered dispute resolution: the ladder, beside the clause in words."""

    description: Text | None = Field(
        examples=["Executive review, then mediation, then arbitration in Utrecht."],
        default=None,
        description="The clause in words.",
    )
    tiers: list[DisputeTier] = Field(
        default=[], description="The rungs, from the first to the last resort."
    )


def _prose_alone(value: Any) -> Any:
    """The clause in words alone stands for a ladder without rungs."""
    if isinstance(value, str):
        return {"description": value}
    if not isinstance(value, dict):
        raise ValueError(
            "expected the clause as text, or a ladder: a mapping with `description` and "
            f"`tiers`, got {'a list' if isinstance(value, list) else repr(value)[:40]}"
        )
    return value


def _prose_too(schema: dict[str, Any]) -> None:
    """Editors must accept the clause in words alone, as the loader does."""
    schema["anyOf"].insert(0, {"type": "string", "maxLength": 10_000})


DisputeValue = Annotated[DisputeResolution, BeforeValidator(_prose_alone)]


class Obligation(Strict):
    """A duty the contract puts on one side: one-off (`due`) or recurring (`every`)."""

    id: Slug = Field(
        examples=["monthly-sla-report"], description="Identifier, unique within the contract."
    )
    title: Name = Field(examples=["Monthly SLA report with raw data"], description="What is owed.")
    side: Side = Field(examples=["vendor"], description="Who owes it: vendor or internal.")
    owner: Slug | None = Field(
        examples=["agnieszka-nowak"],
        default=None,
        description="Id of the person of that side who owns it.",
    )
    every: DurationField | None = Field(
        examples=["1 month"],
        default=None,
        description='How often a recurring obligation falls due, e.g. "1 month".',
    )
    first_due: Date | None = Field(
        examples=["2025-07-10"],
        default=None,
        description="First due date of a recurring obligation (with `every`).",
    )
    due: Date | None = Field(
        examples=["2027-01-31"], default=None, description="Due date of a one-off obligation."
    )
    clause: str | None = Field(
        examples=["Schedule 2, 4.1"],
        default=None,
        max_length=100,
        description='The clause that sets it, "Schedule 2, 4.1".',
    )
    done: list[Date] = Field(
        examples=[["2026-08-09", "2026-09-11"]], default=[], description="Dates it was fulfilled."
    )

    @model_validator(mode="after")
    def _one_schedule(self) -> Self:
        recurring = self.every is not None or self.first_due is not None
        if recurring and self.due is not None:
            raise ValueError("an obligation is one-off (`due`) or recurring (`every`), not both")
        if recurring and (self.every is None or self.first_due is None):
            raise ValueError("a recurring obligation needs both `every` and `first_due`")
        if not recurring and self.due is None:
            raise ValueError(
                "an obligation needs `due` (one-off) or `every` and `first_due` (recurring)"
            )
        return self


class Amendment(Strict):
    """A change of terms from a date on: the keys it gives replace the contract's."""

    id: Slug = Field(
        examples=["amendment-1"], description="Identifier, unique within the contract."
    )
    effective: Date = Field(
        examples=["2026-09-01"],
        description="First day the terms apply: windows starting on or after it use them.",
    )
    signed: Date | None = Field(
        examples=["2026-08-20"], default=None, description="Date of signature."
    )
    summary: Text | None = Field(
        examples=["Incident SLA lowered to 92%, cap 8%, claims within 30 days"],
        default=None,
        description="What changed, in one line.",
    )
    slas: list[Sla] = Field(
        examples=[
            [
                {
                    "id": "incident-sla",
                    "kpi": "incident-sla",
                    "target": 92,
                    "window": "monthly",
                    "credits": [{"below": 92, "credit": 4}],
                }
            ]
        ],
        default=[],
        description="SLAs that replace the SLA of the same id (or are added) from `effective`.",
    )
    removes_slas: list[Slug] = Field(
        examples=[["incident-sla"]], default=[], description="Ids of SLAs that end at `effective`."
    )
    end: Date | None = Field(
        examples=["2028-06-30"], default=None, description="New last day of the term."
    )
    auto_renew: bool | None = Field(examples=[True], default=None, description="New auto-renewal.")
    renewal_term: DurationField | None = Field(
        examples=["12 months"], default=None, description="New renewal term."
    )
    notice_period: DurationField | None = Field(
        examples=["90 days"], default=None, description="New notice period."
    )
    notice_to: NoticeTo | None = Field(
        examples=["quarter-end"], default=None, description="New notice-to rule."
    )
    currency: str | None = Field(
        examples=["EUR"],
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="New currency of the amounts.",
    )
    annual_value: Money | None = Field(
        examples=[900000], default=None, description="New value per year."
    )
    monthly_charge: Money | None = Field(
        examples=[75000], default=None, description="New monthly charge."
    )
    credit_cap: float | None = Field(
        examples=[8],
        default=None,
        gt=0,
        le=100,
        description="New cap on service credits, in percent.",
    )
    claim_period: DurationField | None = Field(
        examples=["30 days"], default=None, description="New claim period."
    )


class Contract(Strict):
    """A contract with the vendor: term, renewal, notice, value, SLAs and credits."""

    id: Slug = Field(description="Contract id, unique across the portfolio.")
    title: Name = Field(description="Display name.")
    kind: ContractKind = Field(description="Kind of contract.")
    reference: str | None = Field(
        default=None, max_length=100, description="The contract's reference in other systems."
    )
    parent: Slug | None = Field(
        default=None, description="Id of the framework or master agreement this one falls under."
    )
    signed: Date | None = Field(default=None, description="Date of signature.")
    start: Date = Field(description="First day of the term.")
    end: Date | None = Field(
        default=None,
        description="Last day of the initial term; leave out for an evergreen contract.",
    )
    auto_renew: bool = Field(
        default=False, description="True if the contract renews itself unless notice is given."
    )
    renewal_term: DurationField | None = Field(
        default=None, description='Length of each renewal, e.g. "12 months" (with auto_renew).'
    )
    notice_period: DurationField | None = Field(
        default=None, description='Notice needed to end or not renew, e.g. "90 days".'
    )
    notice_to: NoticeTo = Field(
        examples=["quarter-end"],
        default="term-end",
        description=(
            "What notice ends the contract at: the end of its term (default), or any month, "
            "quarter or year end at least `notice_period` after notice is given."
        ),
    )
    currency: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 currency of the amounts; defaults to the portfolio's currency.",
    )
    annual_value: Money | None = Field(default=None, description="Contract value per year.")
    monthly_charge: Money | None = Field(
        default=None, description="Monthly charge; defaults to annual_value / 12 for credits."
    )
    credit_cap: float | None = Field(
        default=None,
        gt=0,
        le=100,
        description="Cap on service credits, in percent of a window's charges.",
    )
    claim_period: DurationField | None = Field(
        default=None, description='Time after a window ends to claim credits, e.g. "30 days".'
    )
    owner: Slug | None = Field(
        default=None, description="Id of the internal person who owns the contract."
    )
    slas: list[Sla] = Field(default=[], description="Service levels.")
    termination: Termination | None = Field(default=None, description="Termination terms.")
    obligations: list[Obligation] = Field(
        default=[], description="Who owes what, by when, on both sides."
    )
    amendments: list[Amendment] = Field(
        default=[],
        description=(
            "Changes of terms, each from its `effective` date; the keys above are the original "
            "terms."
        ),
    )
    dispute_resolution: DisputeValue | None = Field(
        default=None,
        description=(
            "How disputes are resolved: the clause in words, or a ladder "
            "{description, tiers: [{level, forum, within}]}."
        ),
        json_schema_extra=_prose_too,
    )
    governing_law: str | None = Field(default=None, max_length=100, description="Governing law.")
    notes: Text | None = Field(
        default=None,
        description="Internal commercial notes (never shared with the vendor).",
        json_schema_extra={"internal": True},
    )
    decision: Literal["renew", "renegotiate", "terminate", "let-lapse"] | None = Field(
        default=None,
        description="Decision recorded for the coming renewal (internal).",
        json_schema_extra={"internal": True},
    )
    decision_for: Date | None = Field(
        default=None,
        description=(
            "End of the term the decision is for. Without it the decision counts for every "
            "term; with it, it stops counting once that term is over, and `terminate` or "
            "`let-lapse` end an auto-renewing contract on that date (internal)."
        ),
        json_schema_extra={"internal": True},
    )
