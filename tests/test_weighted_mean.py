"""Weighted periods: a measurement's `weight` and `aggregation: weighted-mean`, so a quarter's
share is met over total, not a mean of the months' shares; through validate, the scorecard, an
SLA's quarterly window and diff."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_diff import Repo
from tests.test_scorecard import lint
from vendorctl.compute import scoring
from vendorctl.compute.series import vendor_series
from vendorctl.jobs.portfolio import load_valid
from vendorctl.model.periods import parse

AS_OF = "2026-10-31"
VENDOR = "vendors/deskco/vendor.yaml"
KPIS = "vendors/deskco/kpis/2026.yaml"

SETTINGS = "organisation: Test Org\ncurrency: EUR\n"
# The vendor as a real service desk is measured: the share of incidents resolved in time,
# combined by ticket volume, and an availability combined by the plain mean.
VENDOR_YAML = """\
id: deskco
name: DeskCo Service Desk
segment: tactical
status: active
selection:
  decided: 2025-10-01
  criteria:
    - {criterion: capability, weight: 1, score: 4}
kpis:
  - id: incident-sla
    name: Incidents resolved in time
    unit: "%"
    target: 95
    floor: 80
    aggregation: weighted-mean
  - {id: availability, name: Availability, unit: "%", target: 99.9, floor: 99.0}
"""
# A quarterly SLA at 92%: the weighted quarter (92.56%) meets it, the mean of the months'
# shares (91.5%) would not.
CONTRACT_YAML = """\
id: desk-msa
title: Service desk agreement
kind: managed-service
start: 2026-01-01
end: 2027-12-31
monthly_charge: 10000
claim_period: 30 days
slas:
  - id: incidents
    kpi: incident-sla
    target: 92
    window: quarterly
    credits:
      - {below: 92, credit: 10}
"""
MONTHS = """\
measurements:
  - {kpi: incident-sla, period: 2026-07, value: 95.0, weight: 1000}
  - {kpi: incident-sla, period: 2026-08, value: 80.0, weight: 200}
  - {kpi: incident-sla, period: 2026-09, value: 99.5, weight: 10}
  - {kpi: availability, period: 2026-07, value: 99.95, weight: 5}
  - {kpi: availability, period: 2026-08, value: 99.5}
  - {kpi: availability, period: 2026-09, value: 99.9}
"""
# By hand: tickets resolved in time over tickets, (950 + 160 + 9.95) / 1210.
QUARTER = (D("95.0") * 1000 + D("80.0") * 200 + D("99.5") * 10) / D(1210)


def write(root: Path, path: str, text: str) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A one-vendor portfolio whose incident KPI is combined by weight."""
    root = tmp_path / "desk"
    write(root, "vendorctl.yaml", SETTINGS)
    write(root, VENDOR, VENDOR_YAML)
    write(root, "vendors/deskco/contracts/msa.yaml", CONTRACT_YAML)
    write(root, KPIS, MONTHS)
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def scorecard_json(run: Run, root: Path, period: str = "2026-Q3") -> dict[str, Any]:
    result = run(
        "scorecard", "deskco", "--root", root, "--period", period, "--as-of", AS_OF,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def scorecard_md(run: Run, root: Path, period: str = "2026-Q3") -> str:
    result = run(
        "scorecard", "deskco", "--root", root, "--period", period, "--as-of", AS_OF, "--explain"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def kpi_row(card: dict[str, Any], kpi: str) -> dict[str, Any]:
    (row,) = [k for k in card["kpis"] if k["id"] == kpi]
    return row


def weight_errors(run: Run, root: Path) -> tuple[int, list[str]]:
    result = run("validate", "--root", root, "--as-of", AS_OF)
    return result.exit_code, [line for line in result.lines if "[missing-weight]" in line]


def test_a_weighted_quarter_is_the_hand_computed_ratio_exactly(desk: Path) -> None:
    checked = load_valid(desk)
    model, files = checked.vendor("deskco")
    series = vendor_series(checked, files)
    (kpi,) = [k for k in model.kpis if k.id == "incident-sla"]
    found = scoring.value_in(kpi, series["incident-sla"], parse("2026-Q3"))
    assert found is not None
    assert (found.value, found.points, found.expected, found.weight) == (QUARTER, 3, 3, D(1210))
    assert f"{QUARTER:.4f}" == "92.5579"  # not the mean of means, 91.5
    # One month alone is its own value, weighed by its own weight.
    month = scoring.value_in(kpi, series["incident-sla"], parse("2026-08"))
    assert month is not None and (month.value, month.weight) == (D(80), D(200))


def test_the_scorecard_shows_the_weighted_quarter_and_says_how(run: Run, desk: Path) -> None:
    card = scorecard_json(run, desk)
    row = kpi_row(card, "incident-sla")
    assert (row["aggregation"], row["value"], row["weight_total"], row["points"]) == (
        "weighted-mean",
        float(round(QUARTER, 4)),
        1210,
        3,
    )
    assert row["attainment"] == float(round((QUARTER - 80) / 15 * 100, 4))
    assert kpi_row(card, "availability")["weight_total"] is None

    markdown = scorecard_md(run, desk)
    assert (
        "| Incidents resolved in time | ≥ 95% | 92.56% | 83.7 | 1 | ❌ breached |"
    ) in markdown.splitlines()
    assert (
        "A weighted-mean KPI weighs each measurement by its weight (e.g. ticket volume), so its "
        "value for 2026-Q3 is met over total, not a mean of means: Incidents resolved in time, "
        "weighted mean of 3 measurements (total weight 1,210)."
    ) in markdown.splitlines()
    assert (
        "| Incidents resolved in time | weighted-mean (total weight 1,210) | 3 of 3 | 92.56% "
        "| 80% | 95% | 83.72 | 1 | 41.86 |"
    ) in markdown.splitlines()
    assert "| Availability | mean | 3 of 3 |" in markdown


def test_the_markdown_with_weights_passes_the_linter(run: Run, desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.md"
    out.write_text(scorecard_md(run, desk), encoding="utf-8")
    assert lint([out]) == ""


def test_an_sla_quarter_window_holds_the_weighted_value(run: Run, desk: Path) -> None:
    (window,) = scorecard_json(run, desk)["slas"]
    # 92.56% meets the 92% target; the mean of the months' shares, 91.5%, would have earned 10%.
    assert (window["window"], window["value"], window["status"], window["credit_percent"]) == (
        "2026-Q3",
        float(round(QUARTER, 4)),
        "met",
        0,
    )


def test_a_weight_on_a_mean_kpi_is_allowed_and_ignored(run: Run, desk: Path) -> None:
    code, errors = weight_errors(run, desk)
    assert (code, errors) == (0, [])
    # (99.95 + 99.5 + 99.9) / 3, the weight of 5 on July changes nothing.
    row = kpi_row(scorecard_json(run, desk), "availability")
    assert (row["value"], row["weight_total"]) == (float(round(D("299.35") / 3, 4)), None)


def test_zero_total_weight_gives_no_value_and_says_so(run: Run, desk: Path) -> None:
    for weight in ("1000", "200", "10"):
        edit(desk, KPIS, f"weight: {weight}}}", "weight: 0}")
    assert weight_errors(run, desk) == (0, [])
    card = scorecard_json(run, desk)
    row = kpi_row(card, "incident-sla")
    assert (row["value"], row["weight_total"], row["status"], row["attainment"]) == (
        None,
        0,
        "no-data",
        None,
    )
    # The KPI without a value is left out of the score, not scored 0 or 100.
    assert card["coverage"] == 50
    (window,) = card["slas"]
    assert (window["value"], window["status"], window["credit_percent"]) == (None, "no-data", 0)
    markdown = scorecard_md(run, desk)
    assert "Incidents resolved in time, total weight 0, so no value." in markdown
    assert "| Incidents resolved in time | weighted-mean (total weight 0) | 0 |" in markdown


def test_a_month_of_weight_zero_counts_for_nothing(run: Run, desk: Path) -> None:
    edit(desk, KPIS, "value: 80.0, weight: 200}", "value: 0, weight: 0}")
    row = kpi_row(scorecard_json(run, desk), "incident-sla")
    expected = (D("95.0") * 1000 + D("99.5") * 10) / 1010
    assert (row["value"], row["weight_total"], row["points"]) == (
        float(round(expected, 4)),
        1010,
        3,
    )
    # Alone, that month has no value.
    alone = kpi_row(scorecard_json(run, desk, "2026-08"), "incident-sla")
    assert (alone["value"], alone["weight_total"], alone["status"]) == (None, 0, "no-data")


def test_a_fractional_weight_shows_as_written(run: Run, desk: Path) -> None:
    edit(desk, KPIS, "weight: 10}", "weight: 10.25}")
    assert kpi_row(scorecard_json(run, desk), "incident-sla")["weight_total"] == 1210.25
    assert "(total weight 1210.25)" in scorecard_md(run, desk)


def test_some_measurements_without_a_weight_are_each_an_error(run: Run, desk: Path) -> None:
    edit(desk, KPIS, "value: 80.0, weight: 200}", "value: 80.0}")
    edit(desk, KPIS, "value: 99.5, weight: 10}", "value: 99.5}")
    assert weight_errors(run, desk) == (
        1,
        [
            f"{KPIS}:3:5: error: measurement of `incident-sla` for 2026-08 has no weight, but the "
            "KPI is combined by weighted-mean and 1 of its 3 measurements have one; give it a "
            "weight [missing-weight]",
            f"{KPIS}:4:5: error: measurement of `incident-sla` for 2026-09 has no weight, but the "
            "KPI is combined by weighted-mean and 1 of its 3 measurements have one; give it a "
            "weight [missing-weight]",
        ],
    )
    result = run("scorecard", "deskco", "--root", desk, "--as-of", AS_OF)
    assert result.exit_code == 1  # no report from data with errors, never a mean in disguise


def test_no_measurement_with_a_weight_is_one_error_at_the_rule(run: Run, desk: Path) -> None:
    for weight in ("1000", "200", "10"):
        edit(desk, KPIS, f", weight: {weight}}}", "}")
    write(
        desk,
        "vendors/deskco/kpis/2025.yaml",
        "measurements:\n"
        + "".join(
            f"  - {{kpi: incident-sla, period: 2025-{month:02}, value: 90}}\n"
            for month in (10, 11, 12)
        ),
    )
    assert weight_errors(run, desk) == (
        1,
        [
            f"{VENDOR}:15:18: error: KPI `incident-sla` is combined by weighted-mean, but none of "
            "its 6 measurements (vendors/deskco/kpis/2025.yaml and 1 more) has a weight; give "
            "each measurement a weight or use aggregation: mean [missing-weight]",
        ],
    )


def test_a_single_measurement_without_a_weight(run: Run, desk: Path) -> None:
    write(
        desk,
        KPIS,
        "measurements:\n  - {kpi: incident-sla, period: 2026-07, value: 95.0}\n",
    )
    assert weight_errors(run, desk) == (
        1,
        [
            f"{VENDOR}:15:18: error: KPI `incident-sla` is combined by weighted-mean, but its "
            f"measurement ({KPIS}) has no weight; give each measurement a weight or use "
            "aggregation: mean [missing-weight]",
        ],
    )


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("-1", "input should be greater than or equal to 0, got -1 [out-of-range]"),
        ('"many"', 'input should be a valid number, got "many" [wrong-type]'),
        ("true", "input should be a valid number, got true [wrong-type]"),
        (".inf", "input should be a finite number, got inf [not-finite]"),
    ],
)
def test_a_weight_is_a_finite_number_at_least_zero(
    run: Run, desk: Path, weight: str, message: str
) -> None:
    edit(desk, KPIS, "weight: 1000}", f"weight: {weight}}}")
    result = run("validate", "--root", desk, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert f"{KPIS}:2:63: error: `measurements[0].weight`: {message}" in result.lines


@pytest.fixture
def repo(desk: Path) -> Repo:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    # Standings as scored, so that the score change shows without the cap for breaches.
    with (desk / "vendorctl.yaml").open("a", encoding="utf-8") as settings:
        settings.write("sla_breach_standing: none\n")
    repo = Repo(desk)
    repo.git("init", "-q", "-b", "main")
    repo.commit("base")
    return repo


def diff(run: Run, repo: Repo, fmt: str = "json") -> Any:
    result = run("diff", "main", "--root", repo.root, "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def measurement_changes(data: Any) -> list[dict[str, Any]]:
    return [c for v in data["vendors"] for c in v["changes"] if c["kind"].startswith("measurement")]


def test_a_changed_weight_is_a_rewritten_measurement(run: Run, repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "recount")
    edit(repo.root, KPIS, "value: 80.0, weight: 200}", "value: 80.0, weight: 2000}")
    repo.commit("August recounted")
    data = diff(run, repo)
    (change,) = measurement_changes(data)
    assert (change["kind"], change["subject"], change["what"]) == (
        "measurement-rewritten",
        "KPI incident-sla, 2026-08",
        "weight rewritten",
    )
    assert (change["before"], change["after"]) == ("80% (weight 200)", "80% (weight 2000)")
    assert change["data"] == {
        "kpi": "incident-sla",
        "period": "2026-08",
        "before": 80.0,
        "after": 80.0,
        "weight_before": 200.0,
        "weight_after": 2000.0,
    }
    # The quarter moves with the weight: (95000 + 160000 + 995) / 3010 = 85.05%, not 92.56%.
    (score,) = [c for v in data["vendors"] for c in v["changes"] if c["subject"] == "score"]
    assert (score["kind"], score["before"], score["after"]) == (
        "standing-changed",
        "85.4 (Excellent)",
        "60.3 (Needs attention)",
    )


def test_a_weight_added_and_a_value_changed_together(run: Run, repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "fix")
    edit(repo.root, KPIS, "value: 99.5}", "value: 99.6, weight: 7}")
    edit(repo.root, KPIS, "value: 95.0, weight: 1000}", "value: 94.0, weight: 1000}")
    repo.commit("fixes")
    changes = {c["subject"]: c for c in measurement_changes(diff(run, repo))}
    weighted = changes["KPI availability, 2026-08"]
    assert (weighted["what"], weighted["before"], weighted["after"]) == (
        "value and weight rewritten",
        "99.5% (weight none)",
        "99.6% (weight 7)",
    )
    assert (weighted["data"]["weight_before"], weighted["data"]["weight_after"]) == (None, 7.0)
    value_only = changes["KPI incident-sla, 2026-07"]
    assert (value_only["what"], value_only["before"], value_only["after"]) == (
        "value rewritten",
        "95%",
        "94%",
    )
    assert "weight_before" not in value_only["data"]


def test_new_measurements_carry_their_weight_in_the_json(run: Run, repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "october")
    with (repo.root / KPIS).open("a", encoding="utf-8") as kpis:
        kpis.write(
            "  - {kpi: incident-sla, period: 2026-10, value: 96.0, weight: 900}\n"
            "  - {kpi: availability, period: 2026-10, value: 99.99}\n"
        )
    repo.commit("October")
    (added,) = measurement_changes(diff(run, repo))
    assert added["data"]["added"] == [
        {"kpi": "availability", "period": "2026-10", "value": 99.99},
        {"kpi": "incident-sla", "period": "2026-10", "value": 96.0, "weight": 900.0},
    ]
