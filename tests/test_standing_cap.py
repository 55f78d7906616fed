"""Standing that cannot hide a breach: the SLA cap, its setting, and the banding rule's edge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

AS_OF = "2026-10-31"


def build(tmp_path: Path, values: tuple[float, ...], settings: str = "", sla: bool = True) -> Path:
    """A one-vendor portfolio: one KPI scored 0 to 100 (so the score is the value), measured in
    July to September 2026, and a contract whose SLA on it (target 90) is judged monthly."""
    root = tmp_path / "portfolio"
    vendor = root / "vendors" / "solo"
    (vendor / "contracts").mkdir(parents=True)
    (vendor / "kpis").mkdir()
    (root / "vendorctl.yaml").write_text(
        f"organisation: Test Org\ncurrency: EUR\nas_of: {AS_OF}\n{settings}"
    )
    (vendor / "vendor.yaml").write_text(
        "id: solo\nname: Solo Services\nsegment: tactical\nstatus: active\n"
        "kpis:\n"
        "  - {id: quality, name: Quality, unit: '%', target: 100, floor: 0}\n"
    )
    slas = "slas:\n  - {id: quality, kpi: quality, target: 90}\n" if sla else ""
    (vendor / "contracts" / "main.yaml").write_text(
        "id: solo-main\ntitle: Main agreement\nkind: managed-service\nstart: 2026-01-01\n"
        "end: 2027-12-31\nmonthly_charge: 1000\n" + slas
    )
    months = ("2026-07", "2026-08", "2026-09")
    lines = [
        f"  - {{kpi: quality, period: {m}, value: {v}}}"
        for m, v in zip(months, values, strict=True)
    ]
    (vendor / "kpis" / "2026.yaml").write_text("measurements:\n" + "\n".join(lines) + "\n")
    return root


def card(run: Run, root: Path) -> dict[str, Any]:
    result = run(
        "scorecard", "solo", "--period", "2026-Q3", "--as-of", AS_OF, "--format", "json",
        "--root", root,
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def markdown(run: Run, root: Path, *args: str) -> str:
    result = run(*args, "--as-of", AS_OF, "--root", root)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_one_breached_window_caps_the_standing_at_the_second_lowest_band(
    run: Run, tmp_path: Path
) -> None:
    root = build(tmp_path, (99, 99, 87))  # scores 95, Excellent; September breaches 90
    found = card(run, root)
    assert found["score"] == 95
    assert found["sla_summary"] == {"windows": 3, "met": 2, "breached": 1}
    assert found["standing"] == {
        "id": "needs-attention",
        "label": "Needs attention",
        "emoji": "🟠",
        "capped": True,
        "reason": "1 SLA window breached",
    }
    text = markdown(run, root, "scorecard", "solo", "--period", "2026-Q3")
    assert "| 95.0 | 🟠 Needs attention (capped: 1 SLA window breached) | met 2/3 windows |" in text
    assert "The standing is capped at 🟠 Needs attention because 1 SLA window breached" in text
    listing = markdown(run, root, "list", "--format", "md")
    assert "| Solo Services | tactical | active | 95.0 | 🟠 Needs attention (capped: 1 SLA " in (
        listing
    )
    assert "met 2/3 windows" in listing
    show = markdown(run, root, "show", "solo", "--format", "md")
    assert "score 95.0 (🟠 Needs attention, capped: 1 SLA window breached, 2026-Q3)" in show
    assert "SLAs met 2/3 windows" in show


def test_the_terminal_views_say_the_cap_and_the_windows(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # one table row on one line
    root = build(tmp_path, (99, 99, 87))
    text = markdown(run, root, "scorecard", "solo", "--period", "2026-Q3", "--format", "text")
    assert (
        "Score 95.0 · Needs attention (capped: 1 SLA window breached) · SLAs met 2/3 windows"
        in " ".join(text.split())
    )
    listing = " ".join(markdown(run, root, "list").split())
    assert "Standing SLAs met Trend" in listing
    assert "95.0 Needs attention (capped: 1 SLA window breached) 2/3 n/a" in listing


def test_the_trend_caps_each_period_by_its_own_breaches(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (99, 99, 87))
    found = card(run, root)
    # Q2 has no data; Q3 is capped by its September breach.
    last = found["trend"][-1]
    assert last["period"] == "2026-Q3"
    assert last["standing"]["capped"] is True
    assert last["sla_summary"] == {"windows": 3, "met": 2, "breached": 1}
    assert found["trend"][-2]["standing"] is None


def test_none_turns_the_cap_off(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (99, 99, 87), "sla_breach_standing: none\n")
    found = card(run, root)
    assert found["standing"]["id"] == "excellent"
    assert (found["standing"]["capped"], found["standing"]["reason"]) == (False, None)
    assert found["sla_summary"]["breached"] == 1
    assert found["sla_breach_standing"] is None


def test_a_named_band_is_the_cap(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (99, 99, 87), "sla_breach_standing: good\n")
    assert card(run, root)["standing"]["id"] == "good"


def test_a_band_already_below_the_cap_stays_and_is_not_capped(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (40, 40, 40))  # every window breached, score 40: at risk anyway
    found = card(run, root)
    assert found["sla_summary"] == {"windows": 3, "met": 0, "breached": 3}
    assert found["standing"]["id"] == "at-risk"
    assert (found["standing"]["capped"], found["standing"]["reason"]) == (False, None)


def test_a_band_at_the_cap_is_not_called_capped(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (60, 60, 60))  # needs attention, breached: the same band
    found = card(run, root)
    assert found["standing"]["id"] == "needs-attention"
    assert found["standing"]["capped"] is False


def test_windows_without_data_count_in_none(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (99, 99, 87))
    kpis = root / "vendors" / "solo" / "kpis" / "2026.yaml"
    kpis.write_text(
        kpis.read_text().replace("  - {kpi: quality, period: 2026-08, value: 99}\n", "")
    )
    assert card(run, root)["sla_summary"] == {"windows": 2, "met": 1, "breached": 1}


def test_an_unknown_band_id_is_refused_with_a_suggestion(run: Run, tmp_path: Path) -> None:
    root = build(tmp_path, (99, 99, 87), "sla_breach_standing: neds-attention\n")
    result = run("validate", "--root", root)
    assert result.exit_code == 1
    assert (
        "vendorctl.yaml:4:22: error: sla_breach_standing `neds-attention` is not a standing of "
        "`standings`; did you mean `needs-attention`?; name one of at-risk, needs-attention, "
        "good, excellent, or `none` [standings]"
    ) in result.stdout


@pytest.mark.parametrize(
    ("value", "shown", "band"),
    [
        ("69.95", "70.0", "🟡 Good"),  # rounds up to 70.0: banded as shown
        ("69.94", "69.9", "🟠 Needs attention"),
    ],
)
def test_a_score_is_banded_as_shown(
    run: Run, tmp_path: Path, value: str, shown: str, band: str
) -> None:
    root = build(tmp_path, (float(value),) * 3, sla=False)
    text = markdown(run, root, "scorecard", "solo", "--period", "2026-Q3")
    assert f"| {shown} | {band} | no SLA data |" in text
    assert f"| {shown} | {band} | no SLA data |" in markdown(run, root, "list", "--format", "md")
    assert f"score {shown} ({band}, 2026-Q3)" in markdown(
        run, root, "show", "solo", "--format", "md"
    )
