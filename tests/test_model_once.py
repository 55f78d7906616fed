"""The value types whose core schema is made once (vendorctl.model.base): each field using one
is validated, serialised and described exactly as with the Annotated type it stands for, and
what Pydantic adds for one field never reaches another."""

from __future__ import annotations

import datetime as dt
import pprint
import re
from typing import Any

import pytest
from pydantic import Field, ValidationError
from pydantic.dataclasses import dataclass

from vendorctl.model import base
from vendorctl.model.base import Strict

ONCE = ("Date", "Slug", "Text", "Name", "Score5", "Percent", "Money", "Weight", "DurationField")


def _bare(schema: Any) -> Any:
    """A core schema without the empty metadata a nested Annotated type leaves (never read)."""
    if isinstance(schema, dict):
        return {k: _bare(v) for k, v in schema.items() if not (k == "metadata" and v == {})}
    if isinstance(schema, list):
        return [_bare(v) for v in schema]
    return schema


def _plain(schema: Any) -> str:
    """A core schema as text, its empty metadata left out and the ids in it (of functions, of
    the model class in its reference) too, as they differ between two classes alike."""
    text = pprint.pformat(_bare(schema), width=200)
    return re.sub(r":[0-9]+'", ":ID'", re.sub(r" at 0x[0-9a-f]+", "", text))


def _models(kind: Any) -> tuple[type[Strict], ...]:
    """Models using `kind` in every way the schema does: alone with a description, optional,
    in a list, as a dict's values; twice, so a second use meets the kept schema."""
    made = []
    for _ in range(2):
        made.append(
            type(
                "M",
                (Strict,),
                {
                    "__annotations__": {
                        "a": kind,
                        "b": kind | None,
                        "c": list[kind],
                        "d": dict[str, kind],
                    },
                    "a": Field(description="The first."),
                    "b": Field(default=None, description="The second."),
                    "c": [],
                    "d": {},
                },
            )
        )
    return tuple(made)


@pytest.mark.parametrize("name", ONCE)
def test_a_type_made_once_builds_as_its_annotated_type(name: str) -> None:
    once = getattr(base, name)
    for made, plain in zip(_models(once), _models(once.made_from), strict=True):
        assert _plain(made.__pydantic_core_schema__) == _plain(plain.__pydantic_core_schema__)
        assert made.model_json_schema() == plain.model_json_schema()
        assert made.model_json_schema(mode="serialization") == plain.model_json_schema(
            mode="serialization"
        )


def test_a_fields_own_constraints_still_apply() -> None:
    @dataclass(frozen=True)
    class Loose:
        kpi: base.Slug = Field(strict=True)
        note: base.Text = Field(default="", max_length=5)
        when: base.Date | None = Field(default=None)

    assert Loose(kpi="uptime", when="2026-07-31").when == dt.date(2026, 7, 31)  # type: ignore[arg-type]
    for bad, kind in (
        ({"kpi": b"uptime"}, "string_type"),  # lax mode would take bytes; strict=True does not
        ({"kpi": "Not A Slug"}, "string_pattern_mismatch"),
        ({"kpi": "uptime", "note": "too long"}, "string_too_long"),
    ):
        with pytest.raises(ValidationError) as caught:
            Loose(**bad)
        assert caught.value.errors()[0]["type"] == kind
