"""Shared building blocks of the schema: the strict base model and the common value types."""

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import CoreSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PERIOD_PATTERN = r"^(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?|FY[0-9]{4}(?:-Q[1-4])?)$"
DURATION_PATTERN = r"^[1-9][0-9]{0,4} (?:day|week|month|year)s?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE_RE = re.compile(DATE_PATTERN)
MIN_YEAR, MAX_YEAR = 1900, 2999


class Strict(BaseModel):
    """Base of every schema model: unknown keys rejected, no silent type coercion, no NaN or inf."""

    # strict: YAML 1.2 already typed the values; coercing "yes" to True or 20260101 to a date
    # would hide mistakes instead of reporting them. defer_build: a model's validator is made
    # when it first validates, not when its class is made; a file kind's model builds its
    # parts into its own validator, so a part never validated alone never needs its own (see
    # vendorctl.model, where the file kinds' models are built at import).
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        frozen=True,
        defer_build=True,
    )


def _copied(schema: Any) -> Any:
    """A core schema with its dictionaries and lists copied (what they hold shared): Pydantic
    adds to the schema it is given for a field, which must not reach the one kept."""
    if isinstance(schema, dict):
        return {key: _copied(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_copied(value) for value in schema]
    return schema


def _made_once(annotated: Any) -> Any:
    """A type that validates, serialises and describes itself as `annotated` does (an Annotated
    type), whose core schema Pydantic makes once: it makes an Annotated type's anew for every
    field that uses it (its validators, constraints and JSON Schema applied again), which was
    a third of building the models at every start (a hundred fields use these types)."""
    made: list[CoreSchema] = []

    class Once:
        made_from = annotated

        @classmethod
        def __get_pydantic_core_schema__(
            cls, source: Any, handler: GetCoreSchemaHandler
        ) -> CoreSchema:
            if not made:
                made.append(handler.generate_schema(annotated))
            return _copied(made[0])  # type: ignore[no-any-return]

    return Once


# A portfolio writes the same few thousand dates again and again (a hundred per vendor): each
# text is parsed once, and one date object stands for all its occurrences (dates are immutable).
# A text met before costs one dictionary lookup, a third of the checks below (120,000 dates are
# validated loading 1,000 vendors, 2,100 distinct). Bounded, so that ever new dates cannot grow
# it without end (a megabyte at most); past the bound, dates are still parsed once each, in the
# cache of the most recent ones below.
_DATES: dict[str, date] = {}
_MOST_DATES = 10_000


def _to_date(value: Any) -> Any:
    """Accept only ISO calendar dates written as YYYY-MM-DD (never timestamps or numbers)."""
    try:
        return _DATES[value]
    except (KeyError, TypeError):  # a text not met yet, or not a text (a list: unhashable)
        pass
    if isinstance(value, date):
        return value
    day = _date_of(value) if isinstance(value, str) else None
    if day is None:
        raise ValueError(f"expected a date written as YYYY-MM-DD (e.g. 2026-07-31), got {value!r}")
    if type(value) is str and len(_DATES) < _MOST_DATES:
        _DATES[value] = day
    return day


@functools.lru_cache(maxsize=4096)
def _date_of(text: str) -> date | None:
    """The date a text writes as YYYY-MM-DD; None if it is not written so."""
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real calendar date ({exc})") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{text!r} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    return day


Date = Annotated[
    date,
    PlainValidator(_to_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=64,
    ),
]

Text = Annotated[str, Field(max_length=10_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]

Period = Annotated[
    str,
    Field(
        pattern=PERIOD_PATTERN,
        description=(
            "A month (2026-07), a quarter (2026-Q3) or a year ('2026', quoted); with a fiscal "
            "year not starting in January, fiscal quarters and years: FY2027-Q1, FY2027."
        ),
    ),
]

Score5 = Annotated[int, Field(ge=1, le=5)]
Percent = Annotated[float, Field(ge=0, le=100)]
Money = Annotated[float, Field(ge=0)]
Weight = Annotated[float, Field(gt=0, le=1000)]

Tier = Literal["operational", "management", "executive"]
Side = Literal["internal", "vendor"]


@dataclass(frozen=True, slots=True)
class Duration:
    """A calendar duration such as "90 days", "3 months" or "1 year"."""

    amount: int
    unit: Literal["day", "week", "month", "year"]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    # No dict of units made on every call: SLA windows and deadlines ask these thousands of
    # times a run.
    def months(self) -> int:
        """Length in whole months (0 for day and week units)."""
        unit = self.unit
        return self.amount if unit == "month" else 12 * self.amount if unit == "year" else 0

    def days(self) -> int:
        """Length in days for day and week units (0 for month and year units)."""
        unit = self.unit
        return self.amount if unit == "day" else 7 * self.amount if unit == "week" else 0

    def add_to(self, start: date, sign: int = 1) -> date:
        """Shift a date by this duration, by calendar months for month and year units.

        Month-end rule: from the last day of a month, months land on the last day of the target
        month (2026-02-28 + 12 months = 2027-02-28, 2027-02-28 + 12 months = 2028-02-29); from
        another day, on the same day, or the month's last day if that month is shorter.
        """
        if self.unit in ("day", "week"):
            return start + timedelta(days=sign * self.days())
        total = start.year * 12 + (start.month - 1) + sign * self.months()
        year, month = divmod(total, 12)
        last = _month_days(year, month + 1)
        month_end = start.day == _month_days(start.year, start.month)
        return date(year, month + 1, last if month_end else min(start.day, last))

    def subtract_from(self, end: date) -> date:
        """Shift a date back by this duration."""
        return self.add_to(end, sign=-1)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    """The number of days in a month: calendar.monthrange's second half, without the weekday
    it works out first."""
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


_DURATION_RE = re.compile(r"^\s*([1-9][0-9]{0,4})\s+(day|week|month|year)s?\s*$")
# Bounds that keep date arithmetic inside the calendar: at most about a century.
_DURATION_MAX = {"day": 36_600, "week": 5_220, "month": 1_200, "year": 100}


def _to_duration(value: Any) -> Any:
    if isinstance(value, Duration):
        return value
    duration = _duration_of(value) if isinstance(value, str) else None
    if duration is None:
        raise ValueError(
            f'expected a duration such as "30 days", "2 weeks", "3 months" or "1 year", '
            f"got {value!r}"
        )
    return duration


# As dates: a few distinct durations ("1 month", "90 days") written thousands of times.
@functools.lru_cache(maxsize=1024)
def _duration_of(text: str) -> Duration | None:
    """The duration a text writes; None if it writes none."""
    match = _DURATION_RE.fullmatch(text)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if amount > _DURATION_MAX[unit]:
        raise ValueError(f"{text!r} is too long: at most {_DURATION_MAX[unit]} {unit}s")
    return Duration(amount, unit)  # type: ignore[arg-type]


DurationField = Annotated[
    Duration,
    PlainValidator(_to_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "examples": ["90 days"]}),
]


# The value types most fields use, each made once (`_made_once`). A field's own Field() still
# adds to its type (strict=True in Measurement, a description): Pydantic applies it on top of
# the type's schema. Only types whose Field() holds constraints alone are here: a description
# in an Annotated type becomes the description of each field using it, and this would lose it
# (Period). Type checkers see the Annotated types above, as they are.
if not TYPE_CHECKING:
    Date = _made_once(Date)
    Slug = _made_once(Slug)
    Text = _made_once(Text)
    Name = _made_once(Name)
    Score5 = _made_once(Score5)
    Percent = _made_once(Percent)
    Money = _made_once(Money)
    Weight = _made_once(Weight)
    DurationField = _made_once(DurationField)
