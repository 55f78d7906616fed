"""`Checked`: a portfolio that loaded without data errors, the value every report starts from."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from vendorctl.diagnostics import Outcome
from vendorctl.errors import ReportError
from vendorctl.load.portfolio import Portfolio, VendorFiles
from vendorctl.model import Settings, Vendor

T = TypeVar("T")


@dataclass(frozen=True)
class Checked:
    """A portfolio that loaded without errors, with its settings."""

    portfolio: Portfolio
    settings: Settings
    outcome: Outcome
    # What several reports of one run compute alike (a vendor's series, its scorecard), made
    # once; read-only once made (templates are sandboxed immutable, JSON output copies).
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember(
        self, kind: str, key: Hashable, make: Callable[[], T], keep: int, owner: object = None
    ) -> T:
        """The value made for `key`, made on first use; of each kind only the `keep` most
        recently used are kept, as reports are made vendor after vendor. With an `owner` (the
        object `key` is the id of), a value is reused only for that very object, so a reused
        id can never match."""
        kept: OrderedDict[Hashable, tuple[object, Any]] = self.memo.setdefault(kind, OrderedDict())
        held = kept.get(key)
        if held is not None and held[0] is owner:
            kept.move_to_end(key)
            return cast(T, held[1])
        value = make()
        kept[key] = (owner, value)
        if len(kept) > keep:
            kept.popitem(last=False)
        return value

    def vendor(self, vendor_id: str) -> tuple[Vendor, VendorFiles]:
        """A vendor by id, or a ReportError that names the known ids."""
        files = self.portfolio.vendors.get(vendor_id)
        if files is None or files.vendor is None:
            known = ", ".join(sorted(self.portfolio.vendors)) or "none"
            raise ReportError(f"no vendor {vendor_id!r} in this portfolio; vendors: {known}")
        return files.vendor.model, files
