"""Precision that never flips a verdict: a value that is not its target (or a credit tier's
threshold) never reads as it, in any format; one that is reads as it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl.render.filters import shown_apart

KPIS = "vendors/acme/kpis/2026.yaml"


@pytest.mark.parametrize(
    ("value", "near", "shown"),
    [
        ("99.985", ["99.99"], "99.985"),  # a breach by 0.005: never "99.99"
        ("99.9949", ["99.99"], "99.995"),  # above the target, and reads so
        ("99.99", ["99.99"], "99.99"),  # equal: as it is
        ("99.984", ["99.99"], "99.98"),  # already apart at two decimals
        ("14.9996", ["15", None], "14.9996"),
        ("99.5", [], "99.5"),
        ("89.995", ["95", "90"], "89.995"),  # apart from a tier's threshold too
    ],
)
def test_shown_apart(value: str, near: list[str | None], shown: str) -> None:
    assert shown_apart(value, near) == shown


def _breach_by(portfolio: Path, value: str) -> None:
    kpis = portfolio / KPIS
    kpis.write_text(
        kpis.read_text().replace(
            "period: 2026-09, value: 99.5}", f"period: 2026-09, value: {value}}}"
        )
    )


def test_a_breach_by_a_hair_never_displays_as_the_target(run: Run, portfolio: Path) -> None:
    _breach_by(portfolio, "99.895")
    md = run("scorecard", "acme", "-p", "2026-Q3", "--root", portfolio).stdout
    assert "| acme-msa | availability | 2026-09 | ≥ 99.9% | 99.895% | ❌ breached |" in md
    text = run("scorecard", "acme", "-p", "2026-Q3", "-f", "text", "--root", portfolio).stdout
    # The row shows the target and then the value apart from it, as the Markdown does.
    row = text.split("SLA compliance")[1].split("2026-09")[1].splitlines()[0].split()
    assert row[:4] == ["≥", "99.9%", "99.895%", "❌"]
    qbr = run("qbr", "acme", "-q", "2026-Q3", "--root", portfolio).stdout
    assert "| acme-msa | availability | 2026-09 | ≥ 99.9% | 99.895% |" in qbr


def test_a_value_on_its_target_reads_as_the_target(run: Run, portfolio: Path) -> None:
    _breach_by(portfolio, "99.9")
    md = run("scorecard", "acme", "-p", "2026-Q3", "--root", portfolio).stdout
    assert "| acme-msa | availability | 2026-09 | ≥ 99.9% | 99.9% | ✅ met |" in md
