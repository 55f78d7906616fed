"""The portfolio's schema: one Pydantic model per kind of file, and the registry of file kinds."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from vendorctl.model.contract import Contract
from vendorctl.model.records import HealthCheck, IssueLog, Measurements, Meeting
from vendorctl.model.settings import Settings
from vendorctl.model.vendor import Vendor


@dataclass(frozen=True)
class FileKind:
    """A kind of portfolio file: its schema model and where such files live."""

    name: str
    model: type[BaseModel]
    where: str


FILE_KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("settings", Settings, "vendorctl.yaml"),
        FileKind("vendor", Vendor, "vendors/<id>/vendor.yaml"),
        FileKind("contract", Contract, "vendors/<id>/contracts/*.yaml"),
        FileKind("measurements", Measurements, "vendors/<id>/kpis/*.yaml"),
        FileKind("health", HealthCheck, "vendors/<id>/health/*.yaml"),
        FileKind("meeting", Meeting, "vendors/<id>/meetings/*.yaml"),
        FileKind("issues", IssueLog, "vendors/<id>/issues.yaml, vendors/<id>/issues/*.yaml"),
    )
}

__all__ = [
    "FILE_KINDS",
    "Contract",
    "FileKind",
    "HealthCheck",
    "IssueLog",
    "Measurements",
    "Meeting",
    "Settings",
    "Vendor",
]
