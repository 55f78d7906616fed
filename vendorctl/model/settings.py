"""Schema of `vendorctl.yaml`: the portfolio's settings."""

import difflib
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from vendorctl.model.base import Date, Duration, DurationField, Name, Slug, Strict

Level = Literal["error", "warning", "off"]


class Standing(Strict):
    """One band of scores and the standing it gives a vendor."""

    id: Slug = Field(description="Identifier of the standing, for example `good`.")
    label: Name = Field(description="Display name of the standing, for example `Good`.")
    min: float = Field(
        ge=0,
        le=100,
        description="Lowest score in the band (inclusive), compared with the score as shown.",
    )
    max: float = Field(
        ge=0,
        le=100,
        description=(
            "Where the band ends (exclusive, except 100 in the top band), compared with the "
            "score as shown: rounded half-up to one decimal, so 69.95 reads 70.0 and falls in "
            "a band from 70."
        ),
    )
    emoji: str = Field(
        default="",
        max_length=8,
        description="Emoji shown beside the label in reports, for example 🟢.",
    )


DEFAULT_STANDINGS: tuple[Standing, ...] = (
    Standing(id="at-risk", label="At risk", min=0, max=50, emoji="🔴"),
    Standing(id="needs-attention", label="Needs attention", min=50, max=70, emoji="🟠"),
    Standing(id="good", label="Good", min=70, max=85, emoji="🟡"),
    Standing(id="excellent", label="Excellent", min=85, max=100, emoji="🟢"),
)


def _severity_alone(value: Any) -> Any:
    return {"severity": value} if isinstance(value, str) else value


class PolicySetting(Strict):
    """The severity of one policy: for every segment, or per segment."""

    severity: Level | None = Field(
        default=None, description="error, warning or off, for every segment not named below."
    )
    strategic: Level | None = Field(default=None, description="Severity for strategic vendors.")
    tactical: Level | None = Field(default=None, description="Severity for tactical vendors.")
    operational: Level | None = Field(default=None, description="Severity for operational vendors.")
    commodity: Level | None = Field(default=None, description="Severity for commodity vendors.")


PolicyValue = Annotated[PolicySetting, BeforeValidator(_severity_alone)]


class HealthCheckAge(Strict):
    """How old the latest relationship health check may be, by segment."""

    strategic: DurationField = Field(
        default=Duration(3, "month"), description="For strategic vendors (default 3 months)."
    )
    tactical: DurationField = Field(
        default=Duration(12, "month"), description="For tactical vendors (default 12 months)."
    )
    operational: DurationField = Field(
        default=Duration(12, "month"), description="For operational vendors (default 12 months)."
    )
    commodity: DurationField = Field(
        default=Duration(12, "month"), description="For commodity vendors (default 12 months)."
    )


class Governance(Strict):
    """Parameters of the governance policies and of the renewals engine."""

    notice_warning: DurationField = Field(
        default=Duration(90, "day"),
        description="How long before a notice deadline a contract needs a decision (`decide`).",
    )
    decision_buffer: DurationField = Field(
        default=Duration(30, "day"),
        description="Decision date = notice deadline minus this buffer, to allow for approvals.",
    )
    health_check_max_age: HealthCheckAge = Field(
        default=HealthCheckAge(), description="Maximum age of the latest health check."
    )
    credit_claim_warning: DurationField = Field(
        default=Duration(14, "day"),
        description="How long before its claim-by date an unclaimed service credit is due soon.",
    )
    credit_payment_days: int = Field(
        default=60,
        ge=1,
        le=3650,
        description="Days after a claim is sent within which the vendor should credit it.",
    )
    evidence_warning: DurationField = Field(
        default=Duration(60, "day"),
        description=(
            "How long before its `expires` date due-diligence evidence (a certificate, an audit "
            "report) is expiring and should be renewed."
        ),
    )


# Names a machine's zone database answers to that are no IANA time zone: the machine's own zone
# (`localtime`, `posixrules`: whatever its administrator set) and the `posix/` and `right/`
# copies of the database (`right/` counts leap seconds). A portfolio naming one would compute
# different months on different machines.
_MACHINE_NAMES = frozenset({"localtime", "posixrules"})
_MACHINE_FOLDERS = frozenset({"posix", "right"})


def _machine_name(name: str) -> str | None:
    """Why `name` is a machine's alias rather than an IANA time zone name; None if it is not."""
    folder, _, rest = name.partition("/")
    if name.casefold() in _MACHINE_NAMES:
        return (
            f"{name!r} is this machine's own time zone, not an IANA name: results would "
            "depend on the machine they are computed on; give an IANA name such as "
            "Europe/Berlin or UTC"
        )
    if folder.casefold() in _MACHINE_FOLDERS and rest:
        return (
            f"{name!r} names a copy of the time zone database some machines have, not an IANA "
            f"name: give {rest!r} itself"
        )
    return None


def _known_zone(name: str) -> str:
    """An IANA time zone name the zone database knows (Europe/Berlin, UTC); not a name only a
    machine's zone database gives (localtime)."""
    machine = _machine_name(name)
    if machine is not None:
        raise ValueError(machine)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        known = sorted(z for z in zoneinfo.available_timezones() if _machine_name(z) is None)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name such as Europe/Berlin or UTC{hint}"
        ) from None
    return name


TimeZoneName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_known_zone)]


class Settings(Strict):
    """Portfolio settings, kept in `vendorctl.yaml` at the portfolio's root."""

    organisation: Name = Field(description="Name of the organisation that owns the portfolio.")
    currency: str = Field(
        pattern=r"^[A-Z]{3}$",
        description="Default ISO 4217 currency of contract values, for example EUR.",
    )
    as_of: Date | None = Field(
        default=None,
        description=(
            "Date the committed reports are computed for (YYYY-MM-DD). Pinning it keeps reports "
            "identical until the data changes; commands take --as-of to override it."
        ),
    )
    fiscal_year_start: int = Field(
        default=1,
        ge=1,
        le=12,
        description="Month in which the fiscal year starts (1 = calendar year).",
    )
    timezone: TimeZoneName = Field(
        default="UTC",
        description=(
            "IANA time zone of the portfolio, e.g. Europe/Berlin: a date-time with an offset in "
            "an imported KPI export (2026-06-30T23:30:00-02:00) counts in the month it is in "
            "here. Default UTC."
        ),
        examples=["Europe/Berlin", "UTC"],
    )
    standings: list[Standing] = Field(
        default=list(DEFAULT_STANDINGS),
        min_length=1,
        description=(
            "Score bands, which must tile 0 to 100 without gaps or overlaps. A score falls in "
            "a band as reports show it, rounded half-up to one decimal (69.95 reads 70.0: good; "
            "69.94 reads 69.9: needs-attention). Defaults: at-risk below 50, needs-attention "
            "50-70, good 70-85, excellent 85 and above."
        ),
    )
    sla_breach_standing: Slug | None = Field(
        default=None,
        description=(
            "The highest standing (a band id of `standings`) a vendor can have in a period in "
            "which a contractual SLA was breached in at least one window; a lower band stays "
            "as it is. Default: the second-lowest band (needs-attention with the default "
            "bands); `none` turns the cap off."
        ),
        examples=["needs-attention", "none"],
    )
    governance: Governance = Field(
        default=Governance(),
        description=(
            "Notice warning window, decision buffer, health-check age, credit claim warning "
            "and payment days."
        ),
    )
    policies: dict[str, PolicyValue] = Field(
        default={},
        description=(
            "Severity of each governance policy by its code: `error`, `warning` or `off`, or a "
            "mapping with `severity` and per-segment overrides (strategic, tactical, ...)."
        ),
    )
