"""A vendor's reports and its share of the index as plain JSON and back, for the cache of
per-vendor results: each value read back as the type it must have (dates, exact decimals,
Markdown, contracts, renewals), or not at all."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from vendorctl.compute.renewals import Renewal
from vendorctl.diagnostics import Findings
from vendorctl.model import Contract
from vendorctl.render.markdown import Md
from vendorctl.reports.renewals import RenewalPart

if TYPE_CHECKING:
    from vendorctl.jobs.vendor_reports import VendorReports


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


def _loads(body: bytes) -> Any:
    return json.loads(body.decode("utf-8", "surrogatepass"))


def encode_reports(reports: VendorReports, policies: Findings) -> bytes:
    """A vendor's reports and its governance findings as JSON."""
    files = {path: text.decode("utf-8", "surrogateescape") for path, text in reports.files.items()}
    share = [reports.row, reports.ledger, reports.ahead]
    return b"\n".join((_json(files), _json(policies.state()), dumps(share)))


def decode_reports(body: bytes) -> tuple[VendorReports, Findings]:
    """What `encode_reports` gave; ValueError (or another error) for anything else."""
    # Imported here: `list` and `calendar` keep their parts with this module's encoding, and
    # need none of what makes a vendor's reports.
    from vendorctl.jobs.vendor_reports import VendorReports

    # Three lines: the reports and the findings are plain JSON, tagged values only in the third.
    first, second, third = body.split(b"\n")
    files = _loads(first)
    if not (isinstance(files, dict) and all(isinstance(t, str) for t in files.values())):
        raise ValueError("not reports")
    row, ledger, ahead = loads(third)
    if not (isinstance(row, dict) and isinstance(ledger, list) and isinstance(ahead, list)):
        raise ValueError("not an index share")
    reports = VendorReports(
        {path: text.encode("utf-8", "surrogateescape") for path, text in files.items()},
        row,
        ledger,
        ahead,
    )
    return reports, Findings.restored(_loads(second), per_run=None)


# The types a report's index share may hold beyond JSON's own: each written as an object with
# one key, its tag (a key of plain data never starts with `$`: one that does is escaped).
_MODELS: dict[str, type[BaseModel]] = {"Contract": Contract}
_RECORDS: dict[str, type[Any]] = {"Renewal": Renewal, "RenewalPart": RenewalPart}
_TEXT: dict[str, Callable[[str], Any]] = {
    "$f": float,
    "$D": Decimal,
    "$d": date.fromisoformat,
    "$md": Md,
}


# The values JSON holds as they are: most of a part's, taken without a call to `encode_value`.
_PLAIN = frozenset((type(None), bool, int, str))


def encode_value(value: Any) -> Any:
    """`value` as JSON data, every type beyond JSON's own tagged; TypeError for one unknown."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else encode_value(v) for v in value]
    if kind is dict:
        return _mapping(value)
    if kind is float:
        return {"$f": repr(value)}
    if kind is Decimal:
        return {"$D": str(value)}
    if kind is date:
        return {"$d": value.isoformat()}
    if kind is Md:
        return {"$md": str(value)}
    if kind is tuple:
        return {"$t": [encode_value(v) for v in value]}
    name = kind.__name__
    if _MODELS.get(name) is kind:
        return {"$m": [name, value.model_dump_json(exclude_unset=True, warnings=False)]}
    if _RECORDS.get(name) is kind:
        return {"$r": [name, {f.name: encode_value(getattr(value, f.name)) for f in fields(value)}]}
    raise TypeError(f"no JSON form for {name}")


def _mapping(value: dict[Any, Any]) -> dict[str, Any]:
    """A mapping as a JSON object: its keys text (a key starting with `$` escaped as `$$...`),
    its values encoded; TypeError for a key that is not text."""
    found = {}
    for key, item in value.items():
        if type(key) is not str:
            raise TypeError("a mapping with keys other than text")
        found["$" + key if key[:1] == "$" else key] = (
            item if type(item) in _PLAIN else encode_value(item)
        )
    return found


def _object(data: dict[str, Any]) -> Any:
    """A JSON object read back: a tagged value, or a mapping (its escaped keys restored)."""
    if len(data) == 1:
        ((key, inner),) = data.items()
        if key[:1] == "$" and key[:2] != "$$":
            return _tagged(key, inner)
    return {(k[1:] if k[:2] == "$$" else k): v for k, v in data.items()}


def _tagged(tag: str, inner: Any) -> Any:
    if tag in _TEXT:
        if type(inner) is not str:
            raise ValueError("not text")
        return _TEXT[tag](inner)
    if tag == "$t" and type(inner) is list:
        return tuple(inner)
    if tag == "$m":
        name, text = inner
        return _MODELS[name].model_validate_json(text)
    if tag == "$r":
        name, items = inner
        record = _RECORDS[name]
        if type(items) is not dict or set(items) != {f.name for f in fields(record)}:
            raise ValueError("not the record's fields")
        return record(**items)
    raise ValueError(f"unknown tag {tag!r}")


def dumps(value: Any) -> bytes:
    """`value` as JSON bytes (see `encode_value`)."""
    return _json(encode_value(value))


def loads(body: bytes) -> Any:
    """A value from `dumps`' bytes; ValueError (or another error) for anything else."""
    return json.loads(body.decode("utf-8", "surrogatepass"), object_hook=_object)


__all__ = ["decode_reports", "dumps", "encode_reports", "encode_value", "loads"]
