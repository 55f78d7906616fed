"""A report context as stable JSON: decimals as numbers (4 places at most), dates as text."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from vendorctl.compute.numbers import rounded


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        number = rounded(value, 4)
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(context: dict[str, Any]) -> str:
    """A report context as stable JSON: decimals as numbers (4 places at most), dates as text."""
    return json.dumps(_plain(context), indent=2, ensure_ascii=False) + "\n"
