"""Export the schema of every file kind as JSON Schema, for editors and other validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vendorctl.jobs.files import write_atomic
from vendorctl.model import FILE_KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def file_name(kind: str) -> str:
    """The schema's file name, e.g. `vendor.schema.json`."""
    return FILE_KINDS[kind].schema_file


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind."""
    spec = FILE_KINDS[kind]
    schema = spec.model.model_json_schema(mode="validation")
    schema["description"] = f"{schema.get('description', '')} Files: {spec.where}".strip()
    return {"$schema": DIALECT, **schema}


def schema_text(kind: str) -> str:
    """The JSON Schema of one file kind as stable, indented text with a final newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path, kinds: list[str] | None = None) -> list[Path]:
    """Write `<kind>.schema.json` files into `out`; return the paths written."""
    written = []
    for kind in kinds or list(FILE_KINDS):
        path = out / file_name(kind)
        text = schema_text(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
        written.append(path)
    return written
