"""The rows of a per-record export rolled up into one value per KPI and period: how many there
are, the percent of them matching a value, a column's mean or sum. Exact in Decimal; a quotient
that does not end (1 of 3) is rounded half-up to PLACES decimals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from vendorctl.load.kpi_export import Method

# Six decimals of a percent: a quarter weighted by row counts then comes within 0.000001 of
# met/total, far inside the cent of a percent reports show.
PLACES = 6


@dataclass
class Group:
    """The rows of one KPI and period, as they are read."""

    line: int  # of the first row
    rows: int = 0
    matched: int = 0  # rows whose cell equals the share's value
    total: Decimal = Decimal(0)  # of the mean's or sum's column
    places: int = 0  # the most decimals a value of that column has

    def add(self, matched: bool = False, value: Decimal | None = None) -> None:
        """Count one more row: whether it matches, and its value."""
        self.rows += 1
        self.matched += matched
        if value is not None:
            with localcontext() as exact:
                exact.prec = 200  # sums of values with many digits stay exact
                self.total += value
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                self.places = max(self.places, -exponent)


def quotient(numerator: Decimal, denominator: int, places: int = PLACES) -> Decimal:
    """numerator / denominator: exact when it ends within `places` decimals, else rounded
    half-up to them; written without trailing zeros (92.5, not 92.500000)."""
    with localcontext() as exact:
        exact.prec = 200
        value = (numerator / Decimal(denominator)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        )
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def rolled_up(method: Method, group: Group) -> Decimal:
    """The value of a group of rows by `method`."""
    if method == "count":
        return Decimal(group.rows)
    if method == "share":
        return quotient(Decimal(100 * group.matched), group.rows)
    if method == "sum":
        return group.total
    return quotient(group.total, group.rows, max(PLACES, group.places))
