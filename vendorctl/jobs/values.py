"""What checking a vendor found (`Part`) as plain JSON and back, for the cache of per-vendor
results, each field read back as the type it must have."""

from __future__ import annotations

import json
from typing import Any

from vendorctl.diagnostics import LISTED_PER_RUN, Findings
from vendorctl.jobs.portfolio import Part
from vendorctl.load.portfolio import ContractRef
from vendorctl.load.yamlio import Document


def _json(value: object) -> bytes:
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


__all__ = ["decode_part", "encode_part"]
