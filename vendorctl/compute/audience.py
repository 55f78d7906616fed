"""Who a report is for: the vendor-shareable variant leaves out everything marked internal.

What is internal is declared in the schema (`json_schema_extra={"internal": True}` on a field,
`internal: true` on a list item such as a risk), never in templates, so no template can leak it
by mistake; and which of a vendor's files to redact follows from the file kinds, so no new kind
of file can reach the vendor unredacted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.model import FILE_KINDS, FileKind

Audience = Literal["internal", "vendor"]
M = TypeVar("M", bound=BaseModel)


def is_internal_field(model: type[BaseModel], name: str) -> bool:
    """True if the schema marks the field as internal."""
    return _marked(model.model_fields[name])


def _marked(field: FieldInfo) -> bool:
    """True if the field carries `json_schema_extra={"internal": True}`."""
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("internal") is True


def _fields(kind: Any) -> dict[str, FieldInfo]:
    """The fields of a schema model or pydantic dataclass; none for any other type."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return kind.model_fields
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return getattr(kind, "__pydantic_fields__", {})
    return {}


def _types(annotation: Any) -> Iterator[Any]:
    """The annotation and every type nested in it (list items, union members, ...)."""
    yield annotation
    for arg in get_args(annotation):
        yield from _types(arg)


def has_internal(model: type[BaseModel]) -> bool:
    """True if the schema marks anything internal at any depth: a field, or `internal` items."""
    seen: set[int] = set()
    todo: list[Any] = [model]
    while todo:
        kind = todo.pop()
        if id(kind) in seen:
            continue
        seen.add(id(kind))
        for name, field in _fields(kind).items():
            types = list(_types(field.annotation))
            if _marked(field) or (name == "internal" and bool in types):
                return True
            todo.extend(types)
    return False


def redacted_attributes(kinds: Iterable[FileKind[Any]]) -> tuple[str, ...]:
    """The VendorFiles attributes the vendor sees redacted: those of kinds with internal marks."""
    return tuple(
        kind.fills for kind in kinds if kind.fills is not None and has_internal(kind.model)
    )


REDACTED = redacted_attributes(FILE_KINDS.values())


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


def _redacted(loaded: Any) -> Any:
    """A VendorFiles attribute's record, or list of records, redacted."""
    if isinstance(loaded, Record):
        return Record(loaded.doc, redact(loaded.model))
    if isinstance(loaded, list):
        # A whole file marked internal (a meeting held among ourselves) is left out.
        return [
            Record(r.doc, redact(r.model))
            for r in loaded
            if getattr(r.model, "internal", False) is not True
        ]
    return loaded  # None: no such file


def for_audience(files: VendorFiles, audience: Audience) -> VendorFiles:
    """The vendor's files as the audience may see them."""
    if audience == "internal":
        return files
    return replace(files, **{name: _redacted(getattr(files, name)) for name in REDACTED})
