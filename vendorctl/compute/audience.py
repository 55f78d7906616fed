"""Who a report is for: the vendor-shareable variant leaves out everything marked internal.

What is internal is declared in the schema (`json_schema_extra={"internal": True}` on a field,
`internal: true` on a risk), never in templates, so no template can leak it by mistake.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from vendorctl.load.portfolio import Record, VendorFiles

Audience = Literal["internal", "vendor"]
M = TypeVar("M", bound=BaseModel)


def is_internal_field(model: type[BaseModel], name: str) -> bool:
    """True if the schema marks the field as internal."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("internal") is True


def _shareable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return redact(value)
    if isinstance(value, list):
        return [_shareable(v) for v in value if getattr(v, "internal", False) is not True]
    return value


def redact(model: M) -> M:
    """A copy of a model with every internal field emptied and internal list items dropped."""
    update: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        if is_internal_field(type(model), name):
            update[name] = field.get_default(call_default_factory=True)
        else:
            current = getattr(model, name)
            shared = _shareable(current)
            if shared is not current:
                update[name] = shared
    return model.model_copy(update=update) if update else model


def _records(records: list[Record[M]]) -> list[Record[M]]:
    return [Record(r.doc, redact(r.model)) for r in records]


def for_audience(files: VendorFiles, audience: Audience) -> VendorFiles:
    """The vendor's files as the audience may see them."""
    if audience == "internal":
        return files
    return replace(
        files,
        vendor=Record(files.vendor.doc, redact(files.vendor.model)) if files.vendor else None,
        contracts=_records(files.contracts),
        measurements=files.measurements,
        health=_records(files.health),
        meetings=_records(files.meetings),
        issues=_records(files.issues),
    )
