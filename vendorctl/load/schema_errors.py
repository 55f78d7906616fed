"""Turn Pydantic validation errors into located diagnostics that say how to fix the data."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
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
        return "unknown-key", f"unknown key `{_clip(str(loc[-1]))}`{_suggest(model, loc)}"
    if kind == "missing":
        return "missing-key", f"`{where}` is required"
    if kind == "invalid_key":
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
        return code, f"`{where}`: {_describe(value)} {_pattern_hint(loc, error)}"
    if kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        return "invalid-value", f"`{where}`: {text}" if where else text
    msg = str(error["msg"])
    msg = msg[0].lower() + msg[1:] if msg else msg
    return code, f"`{where}`: {msg}, got {_describe(value)}"


_PATTERN_HINTS = {
    "period": "is not a period: write a month 2026-07, a quarter 2026-Q3 or a quoted year '2026'",
    "currency": "is not a currency code: use three capital letters, e.g. EUR",
}


def _pattern_hint(loc: Loc, error: Any) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    if pattern == PERIOD_PATTERN:  # a claim's `window` is a period by another name
        last = "period"
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
