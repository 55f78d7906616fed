"""Results as plain JSON and back, for the cache of per-vendor results: what checking a vendor
found (`Part`) and a vendor's reports, each field read back as the type it must have."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from vendorctl.compute.renewals import Renewal
from vendorctl.diagnostics import LISTED_PER_RUN, Findings
from vendorctl.jobs.portfolio import Part
from vendorctl.load.portfolio import ContractRef
from vendorctl.load.yamlio import Document
from vendorctl.model import Contract
from vendorctl.render.markdown import Md


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


def _loads(body: bytes) -> Any:
    return json.loads(body.decode("utf-8", "surrogatepass"))


def encode_part(part: Part, periods: set[str] | None = None) -> bytes:
    """A vendor's part as JSON, with the periods it has data for (if `periods`)."""
    contracts = [[ref.folder, ref.id, ref.doc.path, ref.doc.text] for ref in part.contracts]
    return _json(
        {
            "d": part.diagnostics.state(),
            "p": part.policies.state(),
            "f": part.files,
            "c": contracts,
            "m": None if periods is None else sorted(periods),
        }
    )


def decode_part(body: bytes) -> tuple[Part, set[str] | None]:
    """A part from `encode_part`'s JSON; ValueError (or another error) for anything else."""
    data = _loads(body)
    refs = []
    for folder, id_, path, text in data["c"]:
        if not all(isinstance(x, str) for x in (folder, id_, path, text)):
            raise ValueError("not a contract")
        refs.append(ContractRef(folder, id_, Document(path, text, None)))
    files, periods = data["f"], data["m"]
    if type(files) is not int:
        raise ValueError("not a count")
    if periods is not None and not all(isinstance(p, str) for p in periods):
        raise ValueError("not periods")
    part = Part(
        Findings.restored(data["d"], per_run=LISTED_PER_RUN),
        Findings.restored(data["p"], per_run=None),
        files,
        refs,
    )
    return part, None if periods is None else set(periods)


# The types a report's index share may hold beyond JSON's own, each with a tag.
_MODELS: dict[str, type[BaseModel]] = {"Contract": Contract}
_RECORDS: dict[str, type[Any]] = {"Renewal": Renewal}


def encode_value(value: Any) -> Any:
    """`value` as JSON data, every type beyond JSON's own tagged; TypeError for one unknown."""
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return {"$": "f", "v": repr(value)}
    if type(value) is Decimal:
        return {"$": "D", "v": str(value)}
    if type(value) is date:
        return {"$": "d", "v": value.isoformat()}
    if type(value) is Md:
        return {"$": "md", "v": str(value)}
    if type(value) in (list, tuple):
        return {"$": "l" if type(value) is list else "t", "v": [encode_value(v) for v in value]}
    if type(value) is dict:
        return {"$": "o", "v": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    name = type(value).__name__
    if _MODELS.get(name) is type(value):
        return {"$": "m", "n": name, "v": value.model_dump_json(exclude_unset=True, warnings=False)}
    if _RECORDS.get(name) is type(value):
        items = {f.name: encode_value(getattr(value, f.name)) for f in fields(value)}
        return {"$": "r", "n": name, "v": items}
    raise TypeError(f"no JSON form for {name}")


def _tagged(tag: str, data: dict[str, Any]) -> Any:
    inner = data["v"]
    simple: dict[str, Callable[[Any], Any]] = {
        "f": float,
        "D": Decimal,
        "d": date.fromisoformat,
        "md": Md,
    }
    if tag in simple:
        if not isinstance(inner, str):
            raise ValueError("not text")
        return simple[tag](inner)
    if tag in ("l", "t"):
        items = [decode_value(v) for v in inner]
        return items if tag == "l" else tuple(items)
    if tag == "o":
        return {decode_value(k): decode_value(v) for k, v in inner}
    if tag == "m":
        return _MODELS[data["n"]].model_validate_json(inner)
    if tag == "r":
        record = _RECORDS[data["n"]]
        names = {f.name for f in fields(record)}
        if set(inner) != names:
            raise ValueError("not the record's fields")
        return record(**{k: decode_value(v) for k, v in inner.items()})
    raise ValueError(f"unknown tag {tag!r}")


def decode_value(data: Any) -> Any:
    """A value from `encode_value`'s JSON; ValueError (or another error) for anything else."""
    if data is None or type(data) in (bool, int, str):
        return data
    if type(data) is dict and type(data.get("$")) is str:
        return _tagged(data["$"], data)
    raise ValueError("not a value")


def dumps(value: Any) -> bytes:
    """`encode_value` as bytes."""
    return _json(encode_value(value))


def loads(body: bytes) -> Any:
    """`decode_value` of bytes."""
    return decode_value(_loads(body))


__all__ = ["decode_part", "decode_value", "dumps", "encode_part", "encode_value", "loads"]
