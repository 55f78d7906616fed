"""Checks on vendorctl.yaml: the standing bands must tile 0 to 100, and the SLA breach cap
must name one of them. (The policy names are checked by policies/, which knows them.)"""

from __future__ import annotations

from collections.abc import Iterator

from vendorctl.checks.common import FirstSeen, did_you_mean
from vendorctl.checks.registry import Overview, overall_check
from vendorctl.compute.standing import OFF
from vendorctl.diagnostics import Diagnostic


@overall_check
def standings_tile(overview: Overview) -> Iterator[Diagnostic]:
    """Standing bands cover 0 to 100 exactly once: no gap, no overlap, no empty band."""
    if overview.settings is None:
        return
    doc, bands = overview.settings.doc, overview.settings.model.standings
    if "standings" not in doc.data:
        return
    ids = FirstSeen("standing")
    for index, band in enumerate(bands):
        yield from ids.add(band.id, doc, ("standings", index, "id"))
        if band.min >= band.max:
            yield doc.diagnostic(
                ("standings", index),
                "standings",
                f"standing `{band.id}`: min {band.min:g} must be below max {band.max:g}",
            )
    ordered = sorted(range(len(bands)), key=lambda i: (bands[i].min, bands[i].max))
    expected = 0.0
    for index in ordered:
        band = bands[index]
        if band.min > expected:
            yield doc.diagnostic(
                ("standings", index, "min"),
                "standings",
                f"standings leave a gap from {expected:g} to {band.min:g}; "
                "bands must tile 0 to 100",
            )
        elif band.min < expected:
            yield doc.diagnostic(
                ("standings", index, "min"),
                "standings",
                f"standing `{band.id}` overlaps the band below it ({band.min:g} < {expected:g}); "
                "bands must tile 0 to 100",
            )
        expected = max(expected, band.max)
    if expected < 100:
        yield doc.diagnostic(
            ("standings",),
            "standings",
            f"standings stop at {expected:g}; the top band must reach 100",
        )


@overall_check
def sla_breach_standing_known(overview: Overview) -> Iterator[Diagnostic]:
    """`sla_breach_standing` names a band of `standings`, or is `none`."""
    if overview.settings is None:
        return
    doc, settings = overview.settings.doc, overview.settings.model
    chosen = settings.sla_breach_standing
    ids = [band.id for band in settings.standings]
    if chosen is None or chosen == OFF or chosen in ids:
        return
    yield doc.diagnostic(
        ("sla_breach_standing",),
        "standings",
        f"sla_breach_standing `{chosen}` is not a standing of `standings`"
        f"{did_you_mean(chosen, [*ids, OFF])}; name one of {', '.join(ids)}, or `none`",
    )
