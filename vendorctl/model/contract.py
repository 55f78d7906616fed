"""Schema of `vendors/<id>/contracts/*.yaml`: one contract, its term, value and SLAs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from vendorctl.model.base import Date, DurationField, Money, Name, Slug, Strict, Text

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
    def _one_threshold(self) -> CreditTier:
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


class Termination(Strict):
    """How the contract can end."""

    for_convenience: Text | None = Field(
        default=None, description="Termination for convenience: who may, with what notice."
    )
    for_cause: Text | None = Field(default=None, description="Termination for cause.")
    exit_assistance: Text | None = Field(
        default=None, description="Exit and transition assistance the vendor owes."
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
    dispute_resolution: Text | None = Field(
        default=None, description="How disputes are resolved: forum, arbitration, escalation."
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
