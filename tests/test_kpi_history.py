"""Trends worth looking at: each KPI's values over the twelve months to the scorecard's end,
charted against its target with an explicit theme, and tabled for readers without Mermaid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl.render.mermaid import TARGET_COLOUR, VALUE_COLOUR, label, y_range

KPIS = "vendors/acme/kpis/2026.yaml"
AS_OF = "2026-11-30"


def _measure(portfolio: Path, lines: str) -> None:
    (portfolio / KPIS).write_text("measurements:\n" + lines, encoding="utf-8")


def _history(run: Run, portfolio: Path, *args: str) -> dict[str, dict[str, object]]:
    out = run("scorecard", "acme", "--as-of", AS_OF, "-f", "json", "--root", portfolio, *args)
    assert out.exit_code == 0, out.stderr
    return {h["id"]: h for h in json.loads(out.stdout)["kpi_history"]}


def _section(markdown: str, kpi: str) -> str:
    return markdown.split(f"### {kpi}")[1].split("\n### ")[0].split("\n## ")[0]


def test_twelve_months_to_the_period_end_with_gaps_and_verdicts(run: Run, portfolio: Path) -> None:
    _measure(
        portfolio,
        "  - {kpi: availability, period: 2025-12, value: 99.95}\n"
        "  - {kpi: availability, period: 2026-01, value: 99.985}\n"
        "  - {kpi: availability, period: 2026-03, value: 99.9}\n"
        "  - {kpi: availability, period: 2026-09, value: 99.895}\n",
    )
    found = _history(run, portfolio, "-p", "2026-Q3")["availability"]
    points = found["points"]
    assert isinstance(points, list)
    assert [p["period"] for p in points] == [f"2025-{m}" for m in ("10", "11", "12")] + [
        f"2026-{m:02d}" for m in range(1, 10)
    ]
    by_period = {p["period"]: (p["value"], p["status"]) for p in points}
    assert by_period["2026-01"] == (99.985, "met")
    assert by_period["2026-03"] == (99.9, "met")  # on the target is met
    assert by_period["2026-09"] == (99.895, "breached")
    assert by_period["2026-02"] == (None, "no-data")
    assert (found["charted"], found["met"], found["breached"]) == (4, 3, 1)

    md = run("scorecard", "acme", "-p", "2026-Q3", "--as-of", AS_OF, "--root", portfolio).stdout
    section = _section(md, "Availability")
    assert section.startswith(" (≥ 99.9%)\n")
    # The chart plots the periods with data, exact, against a target line as long.
    assert '    x-axis ["2025-12", "2026-01", "2026-03", "2026-09"]\n' in section
    assert "    line [99.95, 99.985, 99.9, 99.895]\n    line [99.9, 99.9, 99.9, 99.9]\n" in section
    # The table has every period; a breach by a hair never reads as the target.
    # (99.985 is met, and reads 99.99% beside a target of 99.9%: apart from it at two places.)
    assert "| ⚪ | ⚪ | 99.95% | 99.99% | ⚪ | 99.9% | ⚪ |" in section
    assert "| 99.895% ❌ |" in section
    assert "Met in 3 of 12 months, breached (❌) in 1, no data (⚪) in 8." in section


def test_a_lower_is_better_kpi_and_one_value_only(run: Run, portfolio: Path) -> None:
    _measure(portfolio, "  - {kpi: response, period: 2026-09, value: 20}\n")
    md = run("scorecard", "acme", "-p", "2026-Q3", "--as-of", AS_OF, "--root", portfolio).stdout
    section = _section(md, "Incident response")
    assert section.startswith(" (≤ 15 min)\n")
    assert "```mermaid" not in section  # one value is no line
    assert "| 20 min ❌ |" in section


def test_periods_before_the_relationship_and_not_yet_ended_are_left_out(
    run: Run, portfolio: Path
) -> None:
    contract = portfolio / "vendors/acme/contracts/msa.yaml"
    contract.write_text(contract.read_text().replace("start: 2025-01-01", "start: 2026-03-01"))
    _measure(
        portfolio,
        "  - {kpi: availability, period: 2026-04, value: 99.95}\n"
        "  - {kpi: availability, period: 2026-09, value: 99.5}\n",
    )
    # A yearly scorecard for 2026 as of 2026-11-30: March to November; December has not ended.
    found = _history(run, portfolio, "-p", "2026")["availability"]
    points = found["points"]
    assert isinstance(points, list)
    assert [p["period"] for p in points] == [f"2026-{m:02d}" for m in range(3, 12)]


def test_a_quarterly_kpi_shows_its_quarters(run: Run, portfolio: Path) -> None:
    vendor = portfolio / "vendors/acme/vendor.yaml"
    vendor.write_text(
        vendor.read_text().replace(
            "target: 15, floor: 60}\n",
            "target: 15, floor: 60}\n"
            "  - {id: review, name: Review lag, unit: d, direction: lower, target: 15,"
            " frequency: quarterly}\n",
        )
    )
    kpis = portfolio / KPIS
    kpis.write_text(
        kpis.read_text()
        + "  - {kpi: review, period: 2026-Q1, value: 12}\n"
        + "  - {kpi: review, period: 2026-Q2, value: 16}\n"
    )
    # A monthly scorecard for 2026-08: the four quarters ended by its end.
    found = _history(run, portfolio, "-p", "2026-08")["review"]
    points = found["points"]
    assert isinstance(points, list)
    assert [(p["period"], p["status"]) for p in points] == [
        ("2025-Q3", "no-data"),
        ("2025-Q4", "no-data"),
        ("2026-Q1", "met"),
        ("2026-Q2", "breached"),
    ]
    md = run("scorecard", "acme", "-p", "2026-08", "--as-of", AS_OF, "--root", portfolio).stdout
    assert "Met in 1 of 4 quarters, breached (❌) in 1, no data (⚪) in 2." in md


def test_every_chart_of_every_report_carries_the_theme(run: Run, portfolio: Path) -> None:
    out = portfolio / "reports"
    assert run("render", "--root", portfolio, "--as-of", AS_OF, "--out", out).exit_code == 0
    blocks = [
        block
        for path in sorted(out.rglob("*.md"))
        for block in re.findall(r"```mermaid\n(.*?)```", path.read_text(), re.DOTALL)
    ]
    assert len(blocks) >= 3  # the index's bars, the score trend, a KPI's history
    for block in blocks:
        first = block.splitlines()[0]
        assert first.startswith('%%{init: {"theme": "base"'), first
        init = json.loads(first.removeprefix("%%{init: ").removesuffix("}%%"))
        palette = init["themeVariables"]["xyChart"]["plotColorPalette"]
        assert palette == f"{VALUE_COLOUR}, {TARGET_COLOUR}"


@pytest.mark.parametrize(
    ("values", "percent", "axis"),
    [
        ([99.895, 99.985, 99.9], True, ("99.88", "100")),  # a hair apart stays apart
        ([75, 75, 75], True, ("71.2", "78.8")),  # all on the target: still a range
        ([0, 0], False, ("0", "1")),
        ([3.87, 4.55, 4.5], False, ("3.8", "4.62")),
        ([-5, 5], False, ("-6", "6")),
    ],
)
def test_y_range(values: list[float], percent: bool, axis: tuple[str, str]) -> None:
    assert y_range(values, percent) == axis


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ('Uptime "core" 99%', "Uptime 'core' 99%"),
        ("<script>x</script>", "\u2039script\u203ax\u2039/script\u203a"),
        ("a %%{init: {}}%% b", "a %{init: {}}% b"),
        ("P1 #quot; #35; done #5", "P1 \uff03quot; \uff0335; done #5"),
        ("two\nlines\x07", "two lines"),
    ],
)
def test_chart_labels_carry_no_mermaid_syntax_or_markup(name: str, shown: str) -> None:
    assert label(name) == shown
