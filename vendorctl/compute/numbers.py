"""Decimal numbers: exact conversion and half-up rounding, never a float artefact or -0.0."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from typing import Any


def to_decimal(value: Any) -> Decimal:
    """A number as a Decimal, a float by its shortest repr (0.1 stays 0.1)."""
    return (
        value
        if isinstance(value, Decimal)
        else Decimal(repr(value) if isinstance(value, float) else str(value))
    )


_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def rounded(value: Any, places: int = 1) -> Decimal:
    """Decimal rounding half-up to `places`, never a negative zero; exact at any magnitude."""
    number = to_decimal(value)
    step = _STEPS.get(places) or Decimal(1).scaleb(-places)
    digits = number.adjusted() + places + 2
    if digits <= getcontext().prec:  # the common case: a context of its own changes nothing
        result = number.quantize(step, rounding=ROUND_HALF_UP)
    else:
        with localcontext() as context:
            # quantize fails on results longer than the precision (28 digits): allow every digit.
            context.prec = digits
            result = number.quantize(step, rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def trimmed(value: Any, places: int = 2) -> str:
    """A measured value rounded half-up to at most `places` decimals, trailing zeros dropped."""
    text = f"{rounded(value, places)}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def grouped(value: Any, places: int = 2) -> str:
    """A number rounded half-up with thousands separators: 12,345.60."""
    return f"{rounded(value, places):,}"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: `1 file`, `3 files`, `2 breaches`."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
