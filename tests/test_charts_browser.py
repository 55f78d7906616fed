"""The reports' Mermaid charts as a real browser draws them: headless Chromium with Mermaid 11.

Skipped unless both are here (README, "Checking the charts in a browser"): Debian's `chromium`
and `npm ci --prefix tests/browser`. The same check runs as a script on any folder of reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import check_charts
from tests.conftest import REPO, Run
from vendorctl.render.mermaid import label, theme

pytestmark = pytest.mark.skipif(
    check_charts.chromium() is None or not check_charts.MERMAID.is_file(),
    reason="needs Chromium and `npm ci --prefix tests/browser` (Mermaid 11)",
)


def test_every_chart_of_the_committed_reports_renders_and_shows(run: Run) -> None:
    charts = check_charts.charts_in([REPO / "reports"])
    assert len(charts) > 20  # the index, and each scorecard's trend and KPI histories
    assert check_charts.problems(charts) == []


def test_a_fresh_portfolio_s_charts_render_and_show(run: Run, portfolio: Path) -> None:
    out = portfolio / "reports"
    assert run("render", "--root", portfolio, "--as-of", "2026-11-30", "--out", out).exit_code == 0
    charts = check_charts.charts_in([out])
    assert charts
    assert check_charts.problems(charts) == []


def test_the_check_finds_mermaid_s_pale_default_palette_and_a_syntax_error(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.md"
    report.write_text(
        '# Untheméd\n\n```mermaid\nxychart-beta\n    x-axis ["a", "b"]\n'
        "    y-axis 0 --> 10\n    line [1, 2]\n    line [3, 3]\n```\n\n"
        "```mermaid\nxychart-beta\n    line [1, 2\n```\n",
        encoding="utf-8",
    )
    found = check_charts.problems(check_charts.charts_in([report]))
    assert any("chart 1:" in line and "on light #ffffff: contrast 1.1" in line for line in found)
    assert any("chart 2: Mermaid did not render it: Syntax error" in line for line in found)


def test_labels_show_as_written_or_as_the_nearest_harmless_character(tmp_path: Path) -> None:
    # Each chart on a page of its own, as GitHub draws them.
    names = {
        "Ünïcødé & co: 99.9% <= 5": "Ünïcødé & co: 99.9% \u2039= 5",
        'Uptime "core"': "Uptime 'core'",
        "a %%{init: {}}%% b": "a %{init: {}}% b",
        "P1 #quot; #35; done": "P1 \uff03quot; \uff0335; done",
    }
    for name, shown in names.items():
        report = tmp_path / "label.md"
        report.write_text(
            f'```mermaid\n{theme()}\nxychart-beta\n    title "{label(name)}"\n'
            f'    x-axis ["{label(name)}", "b"]\n    y-axis 0 --> 10\n    line [1, 2]\n```\n',
            encoding="utf-8",
        )
        (chart,) = check_charts.drawn(check_charts.charts_in([report]))
        assert chart["rendered"] is True
        words = str(chart["words"])
        assert words.startswith(f"{shown} {shown} b "), words  # the title, then the labels
