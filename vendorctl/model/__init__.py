"""The portfolio's schema: one Pydantic model per kind of file, and the registry of file kinds.

The modules of the schema's models do without `from __future__ import annotations`: Pydantic
would compile and evaluate every annotation string again when it builds the models, a
fiftieth of every run's start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from vendorctl.model.claims import ClaimLog
from vendorctl.model.contract import Contract
from vendorctl.model.people import PEOPLE_FILE, PeopleFile
from vendorctl.model.records import HealthCheck, IssueLog, Measurements, Meeting
from vendorctl.model.settings import Settings
from vendorctl.model.vendor import Vendor

VENDORS_DIR = "vendors"  # the folder at the root holding one folder per vendor
SCHEMAS_DIR = "schemas"  # the folder at the root holding the exported JSON Schemas
_VENDOR_FOLDER = f"{VENDORS_DIR}/<id>"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FileKind(Generic[M]):
    """A kind of portfolio file: its schema, where such files live, what they fill when loaded."""

    name: str
    model: type[M]
    # The VendorFiles attribute loading fills; None for the one file at the portfolio root.
    fills: str | None
    # The file's name: at the root where `fills` is None, else in each vendor folder.
    file: str | None = None
    # A sub-folder of each vendor folder holding files of this kind (any *.yaml or *.yml).
    folder: str | None = None

    def __post_init__(self) -> None:
        """Refuse a kind that lives nowhere, or a folder of files at the root."""
        if self.file is None and self.folder is None:
            raise ValueError(f"file kind {self.name} needs a file or a folder")
        if self.fills is None and self.folder is not None:
            raise ValueError(f"file kind {self.name}: only vendor folders hold sub-folders")

    @property
    def places(self) -> tuple[str, ...]:
        """Where such files live, relative to the root: the file, then the folder's files."""
        if self.fills is None and self.file is not None:
            return (self.file,)
        return (
            *([f"{_VENDOR_FOLDER}/{self.file}"] if self.file else []),
            *([f"{_VENDOR_FOLDER}/{self.folder}/*.yaml"] if self.folder else []),
        )

    @property
    def where(self) -> str:
        """The places as one line, as the exported schema's description gives them."""
        return ", ".join(self.places)

    @property
    def schema_file(self) -> str:
        """The exported schema's file name, e.g. `vendor.schema.json`."""
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        """The exported schema's path relative to the portfolio root."""
        return f"{SCHEMAS_DIR}/{self.schema_file}"

    def modeline(self, in_folder: bool | None = None) -> str:
        """The editor modeline for a file in the kind's folder (the default, if any) or own file."""
        if in_folder is None:
            in_folder = self.folder is not None
        if (self.folder if in_folder else self.file) is None:
            raise ValueError(f"no {'folder' if in_folder else 'file'} holds {self.name} files")
        place = self.places[-1] if in_folder else self.places[0]
        up = "../" * place.count("/")
        return f"# yaml-language-server: $schema={up}{self.schema_path}"


FILE_KINDS: dict[str, FileKind[Any]] = {
    kind.name: kind
    for kind in (
        FileKind("settings", Settings, None, file="vendorctl.yaml"),
        FileKind("people", PeopleFile, None, file=PEOPLE_FILE),
        FileKind("vendor", Vendor, "vendor", file="vendor.yaml"),
        FileKind("contract", Contract, "contracts", folder="contracts"),
        FileKind("measurements", Measurements, "measurements", folder="kpis"),
        FileKind("health", HealthCheck, "health", folder="health"),
        FileKind("meeting", Meeting, "meetings", folder="meetings"),
        FileKind("issues", IssueLog, "issues", file="issues.yaml", folder="issues"),
        FileKind("claims", ClaimLog, "claims", file="claims.yaml"),
    )
}

# Built now, not when they first validate: a command that shares the vendors between processes
# would otherwise build them again in each process. Their parts are built into them, and not
# on their own (Strict defers that): 2 ms less of every start.
for _kind in FILE_KINDS.values():
    _kind.model.model_rebuild()

__all__ = [
    "FILE_KINDS",
    "SCHEMAS_DIR",
    "VENDORS_DIR",
    "ClaimLog",
    "Contract",
    "FileKind",
    "HealthCheck",
    "IssueLog",
    "Measurements",
    "Meeting",
    "PeopleFile",
    "Settings",
    "Vendor",
]
