"""Schema of `vendors/<id>/claims.yaml`: the service-credit claims made to the vendor."""

from typing import Literal

from pydantic import Field

from vendorctl.model.base import Date, Money, Period, Slug, Strict, Text

# No credit runs to a trillion: a larger figure is a typo (or an exponent), not a claim.
_MOST = 1_000_000_000_000

ClaimStatus = Literal["claimed", "received", "disputed", "waived", "rejected"]


class Claim(Strict):
    """A claim for the service credit one contract earned in one SLA window."""

    contract: Slug = Field(
        examples=["brightdesk-service-desk"],
        description="Id of the contract that earned the credit.",
    )
    window: Period = Field(
        examples=["2026-07"],
        description="The SLA window the credit is for, as reports label it: 2026-07, 2026-Q3.",
    )
    claimed_on: Date | None = Field(
        examples=["2026-10-22"],
        default=None,
        description="Date the claim was sent; needed unless the credit is `waived`.",
    )
    reference: str | None = Field(
        examples=["NWH-CLAIM-2026-014"],
        default=None,
        max_length=200,
        description="The claim letter's or ticket's reference.",
    )
    amount: Money | None = Field(
        le=_MOST,
        examples=[7500],
        default=None,
        description=(
            "Amount claimed; defaults to the computed credit (a different figure is shown "
            "beside it)."
        ),
    )
    status: ClaimStatus = Field(
        examples=["received"],
        default="claimed",
        description="claimed (awaiting the credit note), received, disputed, waived or rejected.",
    )
    received_on: Date | None = Field(
        examples=["2026-11-20"],
        default=None,
        description="Date of the credit note; only with `status: received`.",
    )
    received_amount: Money | None = Field(
        le=_MOST,
        examples=[7500],
        default=None,
        description=(
            "Amount credited; only with `status: received`; defaults to the amount claimed. "
            "Less than claimed reads as `partial`."
        ),
    )
    note: Text | None = Field(
        examples=["Credit note CN-88213"],
        default=None,
        description="Context: credit note, dispute, reason.",
    )


class ClaimLog(Strict):
    """The vendor's service-credit claims (`claims.yaml`)."""

    claims: list[Claim] = Field(description="The claims, one per contract and window.")
