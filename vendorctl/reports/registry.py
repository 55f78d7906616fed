"""The registry of report kinds: how each builds its context, its template, and where `render`
puts it. A new report kind is one entry here, its context builder and its template."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# Vendor statuses whose relationship is under way: they get every per-vendor report.
_LIVE = ("onboarding", "active", "offboarding")


@dataclass(frozen=True)
class ReportKind:
    """A kind of report: its context builder, its Markdown template, its as-of default, and for
    `render`, the vendors whose reports/<vendor-id>/ folder holds it and the options it takes.

    The builder is named (`place`: "module:function" in vendorctl.reports), not imported: a
    command that makes one kind, or only reads the registry, imports the builders it uses."""

    place: str
    template: str
    clock: bool = False  # as of today by default: deadlines are about today, scores about data
    rendered_for: tuple[str, ...] = ()  # vendor statuses; none: not a per-vendor report file
    defaults: Mapping[str, Any] = field(default_factory=dict)  # `render`'s options

    @property
    def file_name(self) -> str:
        """The report's file name in reports/<vendor-id>/: its template's, less `.j2`."""
        return self.template.removesuffix(".j2")

    @cached_property
    def build(self) -> Callable[..., dict[str, Any]]:
        """The context builder, imported on first use."""
        module, function = self.place.split(":")
        built: Callable[..., dict[str, Any]] = getattr(
            importlib.import_module(f"vendorctl.reports.{module}"), function
        )
        return built


KINDS: dict[str, ReportKind] = {
    "scorecard": ReportKind(
        "scorecard:scorecard", "scorecard.md.j2", False, _LIVE, {"period": None}
    ),
    "credits": ReportKind("credits:credits", "credits.md.j2"),
    "renewals": ReportKind("renewals:renewals", "renewals.md.j2", clock=True),
    "qbr": ReportKind("qbr:qbr", "qbr.md.j2", False, _LIVE, {"quarter": None, "meeting": None}),
    "onboarding": ReportKind(
        "onboarding:onboarding", "onboarding.md.j2", False, ("prospect", *_LIVE), {"role": None}
    ),
    "index": ReportKind("index:index", "index.md.j2"),
    "list": ReportKind("listing:listing", "list.md.j2"),
    "show": ReportKind("listing:show", "show.md.j2"),
}


def vendor_reports(status: str) -> list[str]:
    """The kinds of report `render` writes into reports/<vendor-id>/ for a vendor's status."""
    return [name for name, kind in KINDS.items() if status in kind.rendered_for]
