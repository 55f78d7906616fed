"""Loaded models made compact: one copy of each set of field names the models were given.

Pydantic gives every model instance a set of the fields its data set (`model_fields_set`, read
by `exclude_unset` dumps such as the cache's). A small set takes 216 bytes, more than the
model's own values; yet a portfolio's hundreds of thousands of models have a few dozen distinct
sets between them. Models are frozen, so nothing ever adds to a set: one copy of each can be
shared by every model with the same fields set (a model copy gets a set of its own).

The copies are kept for the whole process, not per loader: jobs load the vendors one by one,
each with a loader of its own, and a copy per vendor of each set took some 9 KB a vendor.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

_FIELDS_SET = "__pydantic_fields_set__"
_set_slot = object.__setattr__

# The one copy of each fields set met so far. Data with ever new combinations of keys leaves
# the later ones unshared rather than this growing without end.
_KNOWN: dict[frozenset[str], set[str]] = {}
_MOST_KNOWN = 10_000

# Of each model class, the fields whose values may hold models (directly, in a list, or as a
# dict's values): only these are walked.
_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _holds_models(annotation: Any) -> bool:
    """Whether a field's type may hold a model anywhere inside it."""
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return issubclass(annotation, BaseModel)
    return any(_holds_models(arg) for arg in typing.get_args(annotation))


def _nested(cls: type[BaseModel]) -> tuple[str, ...]:
    names = tuple(name for name, info in cls.model_fields.items() if _holds_models(info.annotation))
    _NESTED[cls] = names
    return names


def share_fields_sets(model: BaseModel) -> None:
    """Give `model` and every model inside it the one copy of its fields set (the first met
    becomes that copy)."""
    fields = model.__pydantic_fields_set__
    key = frozenset(fields)
    shared = _KNOWN.get(key)
    if shared is None:
        if len(_KNOWN) < _MOST_KNOWN:
            _KNOWN[key] = fields
    elif shared is not fields:
        _set_slot(model, _FIELDS_SET, shared)
    cls = type(model)
    names = _NESTED.get(cls)
    if names is None:
        names = _nested(cls)
    if not names:
        return
    values = model.__dict__
    for name in names:
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, BaseModel):
            share_fields_sets(value)
        elif isinstance(value, (list, tuple, dict)):
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, BaseModel):
                    share_fields_sets(item)
