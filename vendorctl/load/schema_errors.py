"""Turn Pydantic validation errors into located diagnostics that say how to fix the data."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from vendorctl.diagnostics import Diagnostic, Loc, format_loc
from vendorctl.load.yamlio import Document
from vendorctl.model.base import PERIOD_PATTERN

_CODES = {
    "extra_forbidden": "unknown-key",
    "unexpected_keyword_argument": "unknown-key",
    "missing": "missing-key",
    "literal_error": "invalid-value",
    "enum": "invalid-value",
    "string_pattern_mismatch": "invalid-format",
    "finite_number": "not-finite",
    "invalid_key": "invalid-key",
}
_RANGE = ("greater_than", "less_than", "too_short", "too_long")


def _is_range(kind: str) -> bool:
    return any(word in kind for word in _RANGE)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return f'"{_clip(value, 40)}"'
    if isinstance(value, int) and abs(value) > 10**30:
        return "a number too large to use"
    if isinstance(value, int | float):
        return _clip(repr(value), 40)
    return f"a {type(value).__name__}"


def _unwrap(annotation: Any) -> Any:
    """The model class inside list[...], tuple[..., ...], X | None and Annotated[...]."""
    while True:
        # A common value type made once (model.base._made_once) stands for its Annotated type.
        annotation = getattr(annotation, "made_from", annotation)
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, tuple, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a not in (type(None), Ellipsis)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _fields(schema: Any) -> dict[str, Any] | None:
    """The fields of a schema class: a model's, or a Pydantic dataclass's (measurements)."""
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return dict(schema.model_fields)
    fields = getattr(schema, "__pydantic_fields__", None) if isinstance(schema, type) else None
    return dict(fields) if fields is not None else None


def model_at(model: type[BaseModel], loc: Loc) -> type | None:
    """The schema class that holds the mapping at `loc`, following fields and list indexes."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = _fields(current)
        if fields is None or fields.get(part) is None:
            return None
        current = _unwrap(fields[part].annotation)
    return current if _fields(current) is not None else None


def _suggest(model: type[BaseModel], loc: Loc) -> str:
    known = list(_fields(model_at(model, loc[:-1])) or ())
    if not known:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean `{close[0]}`?"
    return f"; known keys: {', '.join(known)}"


def _message(model: type[BaseModel], doc: Document, error: Any) -> tuple[str, str]:
    kind: str = error["type"]
    loc: Loc = tuple(error["loc"])
    where = format_loc(loc)
    value = error.get("input")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        cut = doc.comma_cut(loc)
        if cut is not None:
            return "unknown-key", _comma_message(str(loc[-1]), *cut)
        return "unknown-key", f"unknown key `{_clip(str(loc[-1]))}`{_suggest(model, loc)}"
    if kind == "missing":
        return "missing-key", f"`{where}` is required"
    if kind == "invalid_key":
        cut = doc.comma_cut(loc)
        if cut is not None:  # {value: 99,95}: the comma made `95` a key of its own
            return "invalid-key", _number_comma(model, loc, *cut) or _comma_message(
                str(loc[-1]), *cut
            )
        shown = _describe(value) if isinstance(value, int | float | bool) else "a complex key"
        return "invalid-key", f"key {shown} must be text: quote it"
    if kind in ("model_type", "model_attributes_type", "dict_type", "dataclass_type"):
        return "wrong-type", f"`{where}`: expected a mapping of keys, got {_describe(value)}"
    code = _CODES.get(kind) or ("out-of-range" if _is_range(kind) else "wrong-type")
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        # YAML reads 3.10 as the number 3.1 and 2026 as a number: only quotes keep the text.
        written = doc.scalar(loc) or str(value)
        return code, f'`{where}`: expected text, got the number {written}; quote it: "{written}"'
    if kind == "literal_error" and isinstance(value, str):
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        hint = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
        choices = ", ".join(options)
        more = f"; did you mean `{hint[0]}`?" if hint else ""
        return code, f"`{where}`: {_describe(value)} is not one of {choices}{more}"
    if kind == "bool_type" and isinstance(value, str):
        return code, (
            f"`{where}`: expected true or false, got {_describe(value)} "
            "(in YAML 1.2, yes/no/on/off are text)"
        )
    if kind == "string_pattern_mismatch":
        return code, f"`{where}`: {_describe(value)} {_pattern_hint(loc, error, value)}"
    if isinstance(value, str) and re.fullmatch(_PERCENT, value) and kind in _NUMBER_KINDS:
        return code, f"`{where}`: {_describe(value)} is not a number: {_percent_hint(loc)}"
    if kind == "value_error" and isinstance(value, str) and _zero().fullmatch(value):
        return "invalid-value", f"`{where}`: {_zero_hint(loc, value.strip())}"
    if kind == "value_error" and isinstance(value, str) and _meant_date(value):
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        return "invalid-value", f"`{where}`: {text}; did you mean {_meant_date(value)}?"
    if kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        return "invalid-value", f"`{where}`: {text}" if where else text
    msg = str(error["msg"])
    msg = msg[0].lower() + msg[1:] if msg else msg
    return code, f"`{where}`: {msg}, got {_describe(value)}"


def _comma_message(stray: str, key: str, cut: str, whole: str) -> str:
    """Why a word after a comma in `{key: a, b}` became a key, and the quotes that fix it."""
    quoted = whole.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"unknown key `{_clip(stray)}`: inside {{...}} a comma ends a value, so `{key}` is only "
        f'{_describe(cut)}; quote the whole value: {key}: "{_clip(quoted)}"'
    )


# The patterns of hints, for files with errors only: left to re's own cache, compiled when first
# needed (compiling them took every start a fifth of a millisecond).
_COMMA_NUMBER = r"(-?\d+),(\d+)"


def _number_comma(model: type[BaseModel], loc: Loc, key: str, cut: str, whole: str) -> str | None:
    """For a number written with a comma in a flow mapping (`{value: 99,95}`, which YAML reads
    as `value: 99` and a key 95): how to write it; None for a key that is not a number."""
    fields = _fields(model_at(model, loc[:-1])) or {}
    if key not in fields or _unwrap(fields[key].annotation) not in (int, float, Decimal):
        return None
    found = re.fullmatch(_COMMA_NUMBER, whole.strip())
    if found is None:
        fix = "write the number with a decimal point and without thousands separators"
    else:
        whole_part, decimals = found.groups()
        fix = f"write the decimal with a point: {key}: {whole_part}.{decimals}"
        if len(decimals) == 3:  # 1,234 may be a thousand and more
            fix += f" (or {key}: {whole_part}{decimals}, if the comma separates thousands)"
    stray = _clip(str(loc[-1]))
    return (
        f"key {stray}: inside {{...}} a comma ends a value, so `{key}` is only {_clip(cut)} "
        f"and {stray} became a key; {fix}"
    )


# What Pydantic calls a value that should have been a number.
_NUMBER_KINDS = frozenset(
    {"float_type", "float_parsing", "int_type", "int_parsing", "decimal_type", "decimal_parsing"}
)
_PERCENT = r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*%\s*"
# Keys whose values are in the unit of a KPI (`unit: "%"` says so once, in the KPI), and keys
# that are percentages by definition.
_KPI_UNIT_KEYS = frozenset({"target", "floor", "value", "below", "above"})
_PERCENT_KEYS = frozenset({"credit", "credit_cap"})


def _percent_hint(loc: Loc) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if last in _KPI_UNIT_KEYS:
        return "drop the %; the unit is the KPI's (its `unit:`)"
    if last in _PERCENT_KEYS:
        return f"drop the %; `{last}` is a percentage already"
    return "drop the %; write the number alone"


@functools.cache
def _zero() -> re.Pattern[str]:
    """A duration of nought: compiled when first needed (it took most of a millisecond at every
    start, and is only needed for a file with an error)."""
    return re.compile(r"\s*0+\s+(?:day|week|month|year)s?\s*")


def _zero_hint(loc: Loc, written: str) -> str:
    """A zero duration: for a contract's notice period, say that no notice is no key."""
    if loc == ("notice_period",):
        return (
            f'"{written}" is no notice period: leave `notice_period` out (without one, the '
            "notice deadline is the end of the term itself)"
        )
    return f'"{written}" is not a duration: a duration is at least 1 ("1 day", "1 month")'


_PATTERN_HINTS = {
    "period": "is not a period: write a month 2026-07, a quarter 2026-Q3 or a quoted year '2026'",
    "currency": "is not a currency code: use three capital letters, e.g. EUR",
}


_SHORT_MONTH = r"([0-9]{4})-([1-9])"
_LOWER_QUARTER = r"([0-9]{4})-q([1-4])"


def _meant_period(value: str) -> str | None:
    """The period a near miss most likely means: 2026-9 is 2026-09, 2026-q3 is 2026-Q3."""
    month = re.fullmatch(_SHORT_MONTH, value.strip())
    if month:
        return f"{month.group(1)}-0{month.group(2)}"
    quarter = re.fullmatch(_LOWER_QUARTER, value.strip())
    if quarter:
        return f"{quarter.group(1)}-Q{quarter.group(2)}"
    return None


_SHORT_DATE = r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"


def _meant_date(value: str) -> str | None:
    """2026-9-1 written for 2026-09-01: the date with its month and day in two digits."""
    found = re.fullmatch(_SHORT_DATE, value.strip())
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    meant = f"{year:04d}-{month:02d}-{day:02d}"
    if meant == value.strip() or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return meant


def _pattern_hint(loc: Loc, error: Any, value: Any = None) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    if pattern == PERIOD_PATTERN:  # a claim's `window` is a period by another name
        last = "period"
    if last == "period" and isinstance(value, str):
        meant = _meant_period(value)
        if meant is not None:
            return f"{_PATTERN_HINTS[last]}; did you mean {meant}?"
    if last in _PATTERN_HINTS:
        return _PATTERN_HINTS[last]
    if "a-z0-9" in pattern:
        return "is not an id: use lowercase letters, digits and single hyphens, e.g. nimbus-cloud"
    return f"does not match the expected format {pattern}"


def diagnostics(
    model: type[BaseModel], doc: Document, exc: ValidationError
) -> Iterator[Diagnostic]:
    """One located diagnostic per validation error of a document."""
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        code, message = _message(model, doc, error)
        yield doc.diagnostic(loc, code, message, key=code in ("unknown-key", "invalid-key"))
