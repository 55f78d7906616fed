"""Saved KPI import profiles (`kpi_import:` in vendor.yaml): the KPIs they name are the vendor's,
and each measurement field is read from one column. Checked when saved, not only when the next
import trips over them."""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import did_you_mean
from vendorctl.checks.registry import check
from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load.portfolio import Portfolio
from vendorctl.load.yamlio import Document
from vendorctl.model.vendor import KpiImport, KpiProfile


def _profiles(saved: KpiImport) -> Iterator[tuple[str, KpiProfile, Loc]]:
    """Each profile saved, as messages name it, with where it is written: the unnamed mapping
    directly under `kpi_import:`, then each of `profiles:`."""
    yield "the mapping saved under kpi_import", saved, ("kpi_import",)
    for name, profile in saved.profiles.items():
        yield f"profile `{name}`", profile, ("kpi_import", "profiles", name)


@check
def kpi_import_profiles(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A profile's `kpi` and the KPI ids of its `kpis` are the vendor's; its `columns` read each
    field from one column."""
    for files in portfolio.vendors.values():
        if files.vendor is None or files.vendor.model.kpi_import is None:
            continue
        doc = files.vendor.doc
        ids = [kpi.id for kpi in files.vendor.model.kpis]
        for label, profile, loc in _profiles(files.vendor.model.kpi_import):
            if profile.kpi is not None and profile.kpi not in ids:
                what = f"{label} reads every row as KPI `{profile.kpi}`"
                yield _unknown(doc, (*loc, "kpi"), what, profile.kpi, ids)
            for alias, kpi_id in profile.kpis.items():
                if kpi_id not in ids:
                    what = f"{label} maps `{alias}` to KPI `{kpi_id}`"
                    yield _unknown(doc, (*loc, "kpis", alias), what, kpi_id, ids)
            first: dict[str, str] = {}
            for column, field in profile.columns.items():
                if field not in first:
                    first[field] = column
                    continue
                yield doc.diagnostic(
                    (*loc, "columns", column),
                    "invalid-value",
                    f"{label} reads the `{field}` from `{first[field]}` and from `{column}`: "
                    "map one column to each field",
                    key=True,
                )


def _unknown(doc: Document, loc: Loc, what: str, kpi_id: str, ids: list[str]) -> Diagnostic:
    hint = did_you_mean(kpi_id, ids) or f"; its KPIs: {', '.join(ids) or 'none'}"
    return doc.diagnostic(loc, "unknown-kpi", f"{what}, which this vendor does not define{hint}")
