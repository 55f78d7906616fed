"""Issue 19's smaller defects: proper plurals, credit rows in period order, the text view's SLA
targets, the current term in the QBR, captions between tables, names in the index chart, no
windows or quarters outside the relationship, and the default format of `credits`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

CONTRACT = "vendors/acme/contracts/msa.yaml"
CLAIMS = "vendors/acme/claims.yaml"


@pytest.fixture
def quarterly(portfolio: Path) -> Path:
    """The base portfolio with the response SLA judged by quarter and no claims: acme-msa earns
    10% for 2026-09 (availability) and 5% for 2026-Q3 (response), both to claim by 2026-10-30."""
    contract = portfolio / CONTRACT
    text = contract.read_text()
    old = "  - id: response\n    kpi: response\n"
    assert old in text
    contract.write_text(text.replace(old, old + "    window: quarterly\n"))
    (portfolio / CLAIMS).unlink()
    return portfolio


def _json(run: Run, *args: str | Path) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# 1. Plurals


def test_the_qbr_counts_in_proper_plurals(run: Run, quarterly: Path) -> None:
    result = run(
        "qbr", "acme", "--quarter", "2026-Q3", "--as-of", "2026-10-15", "--root", quarterly
    )
    assert result.exit_code == 0, result.stderr
    assert "- 2 SLA windows were breached, which caps the standing.\n" in result.stdout
    assert "- 2 service credits are still to claim, worth EUR 2,500.00.\n" in result.stdout
    assert "(s)" not in result.stdout and "(es)" not in result.stdout


def test_one_breach_reads_singular(run: Run, quarterly: Path) -> None:
    contract = quarterly / CONTRACT
    # The availability SLA met at 99.5 leaves the quarter's response breach alone.
    contract.write_text(contract.read_text().replace("target: 99.9\n", "target: 99.5\n", 1))
    result = run(
        "qbr", "acme", "--quarter", "2026-Q3", "--as-of", "2026-10-15", "--root", quarterly
    )
    assert result.exit_code == 0, result.stderr
    assert "- 1 SLA window was breached, which caps the standing.\n" in result.stdout
    assert "- 1 open issue is escalated, to level 2.\n" in result.stdout


def test_the_onboarding_plan_counts_in_proper_plurals(run: Run, portfolio: Path) -> None:
    result = run("onboard", "acme", "--as-of", "2026-10-15", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert "- [ ] Learn the 2 SLAs and where their KPI data comes from\n" in result.stdout
    assert "- [ ] Review the 1 open issue and its escalations\n" in result.stdout
    assert "- [ ] Read the 1 contract: term, renewal, notice period" in result.stdout


# 2. Credit rows in period order


def test_outstanding_credits_sort_a_quarter_before_its_last_month(
    run: Run, quarterly: Path
) -> None:
    data = _json(run, "credits", "--outstanding", "--as-of", "2026-10-15", "--root", quarterly)
    # Same claim-by date and contract: the window that starts first comes first (by label,
    # 2026-09 would sort before 2026-Q3).
    assert [(r["window"], r["window_start"], r["window_end"]) for r in data["credits"]] == [
        ("2026-Q3", "2026-07-01", "2026-09-30"),
        ("2026-09", "2026-09-01", "2026-09-30"),
    ]


def test_the_period_credits_and_the_index_sort_by_period(run: Run, quarterly: Path) -> None:
    data = _json(
        run, "credits", "--period", "2026-Q3", "--as-of", "2026-10-15", "--root", quarterly
    )
    assert [r["window"] for r in data["credits"]] == ["2026-Q3", "2026-09"]
    result = run("render", "--as-of", "2026-10-15", "--root", quarterly)
    assert result.exit_code == 0, result.stderr
    index = (quarterly / "reports" / "README.md").read_text()
    assert index.index("| Acme Hosting | acme-msa | 2026-Q3 |") < index.index(
        "| Acme Hosting | acme-msa | 2026-09 |"
    )


# 3. The text scorecard's SLA targets


def test_the_text_scorecard_shows_each_sla_target(run: Run, quarterly: Path) -> None:
    result = run(
        "scorecard", "acme", "--period", "2026-Q3", "--as-of", "2026-10-15", "--format", "text",
        "--root", quarterly,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.lines]
    assert "Contract SLA Window Target Actual Status Credit" in lines
    assert "acme-msa availability 2026-09 ≥ 99.9% 99.5% ❌ breached 10.0%" in lines
    assert "acme-msa response 2026-Q3 ≤ 15 min 16 min ❌ breached 5.0%" in lines


# 4. The QBR's current term


@pytest.mark.parametrize(
    ("as_of", "term"),
    [
        ("2026-10-15", "2025-01-01 to 2026-12-31"),  # the initial term
        ("2026-12-31", "2025-01-01 to 2026-12-31"),  # its last day
        ("2027-01-01", "2027-01-01 to 2027-12-31"),  # renewed by itself for 12 months
        ("2028-03-01", "2028-01-01 to 2028-12-31"),  # and again
    ],
)
def test_the_qbr_shows_the_term_running_on_the_as_of_date(
    run: Run, portfolio: Path, as_of: str, term: str
) -> None:
    result = run("qbr", "acme", "--quarter", "2026-Q3", "--as-of", as_of, "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert (
        "| Contract | Kind | Current term | Auto-renew | Notice | Annual value |" in result.stdout
    )
    assert f"| Hosting agreement | managed-service | {term} | yes, 12 months |" in result.stdout


# 5. Captions between tables


def _with_budget_and_channels(root: Path) -> Path:
    vendor = root / "vendors/acme/vendor.yaml"
    vendor.write_text(
        vendor.read_text()
        + "budget:\n  - {period: '2026', budget: 120000, spend: 90000}\n"
        + "channels:\n  - {kind: email, purpose: Contract notices, address: ops@acme.example}\n"
    )
    return root


def test_the_qbr_captions_the_contracts_and_the_budget(run: Run, portfolio: Path) -> None:
    root = _with_budget_and_channels(portfolio)
    args = ("qbr", "acme", "--quarter", "2026-Q3", "--as-of", "2026-10-15", "--root", root)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "\nContracts and the term each is in:\n\n| Contract | Kind |" in result.stdout
    assert "\nBudget and spend by period:\n\n| Budget period | Budget |" in result.stdout


def test_the_onboarding_pack_captions_the_cadence_and_the_channels(
    run: Run, portfolio: Path
) -> None:
    root = _with_budget_and_channels(portfolio)
    result = run("onboard", "acme", "--as-of", "2026-10-15", "--root", root)
    assert result.exit_code == 0, result.stderr
    assert "\nMeeting cadence:\n\n| Meeting | Tier |" in result.stdout
    assert "\nCommunication channels:\n\n| Channel | For | Where |" in result.stdout


# 6. Names in the index chart


def test_the_index_chart_labels_vendors_by_name(run: Run, portfolio: Path) -> None:
    vendor = portfolio / "vendors/acme/vendor.yaml"
    vendor.write_text(
        vendor.read_text().replace("name: Acme Hosting\n", "name: 'Acme \"Cloud\" & Co_'\n")
    )
    result = run("render", "--as-of", "2026-10-15", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    index = (portfolio / "reports" / "README.md").read_text()
    # Literal in the chart's code fence: no Markdown escape, and no quote to end the label.
    assert "    x-axis [\"Acme 'Cloud' & Co_\"]\n" in index
    assert '| Acme "Cloud" &amp; Co\\_ |' in index  # the table escapes as before


# 7. No windows that have not ended, no quarters before the relationship began


def test_a_yearly_scorecard_leaves_out_the_windows_still_to_come(run: Run, portfolio: Path) -> None:
    data = _json(
        run, "scorecard", "acme", "--period", "2026", "--as-of", "2026-10-31", "--root", portfolio
    )
    months = [f"2026-{m:02d}" for m in range(1, 11)]  # 2026-10 ended on the as-of date
    assert [(r["sla"], r["window"]) for r in data["slas"]] == [
        *(("availability", m) for m in months),
        *(("response", m) for m in months),
    ]


def _started(root: Path, start: str) -> Path:
    contract = root / CONTRACT
    contract.write_text(contract.read_text().replace("start: 2025-01-01\n", f"start: {start}\n"))
    return root


def _trend(run: Run, root: Path) -> list[str]:
    args = ("scorecard", "acme", "--period", "2026-Q3", "--as-of", "2026-10-15", "--root", root)
    return [row["period"] for row in _json(run, *args)["trend"]]


def test_a_trend_starts_with_the_quarter_the_contract_began(run: Run, portfolio: Path) -> None:
    assert _trend(run, portfolio) == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert _trend(run, _started(portfolio, "2026-02-15")) == ["2026-Q1", "2026-Q2", "2026-Q3"]
    result = run(
        "scorecard", "acme", "--period", "2026-Q3", "--as-of", "2026-10-15", "--root", portfolio
    )
    assert "| 2025-Q4 |" not in result.stdout
    assert "| 2026-Q1 | n/a | n/a | no SLA data |" in result.stdout


def test_a_measurement_before_the_contract_starts_the_trend(run: Run, portfolio: Path) -> None:
    _started(portfolio, "2026-07-01")
    kpis = portfolio / "vendors/acme/kpis/2026.yaml"
    kpis.write_text(
        kpis.read_text().replace(
            "measurements:\n",
            "measurements:\n  - {kpi: availability, period: 2025-12, value: 99.95}\n",
        )
    )
    assert _trend(run, portfolio) == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]


# 8. `credits` prints a terminal view by default, as `list` and `renewals` do


def test_credits_default_to_the_terminal_view(run: Run, quarterly: Path) -> None:
    args = ("credits", "--outstanding", "--as-of", "2026-10-15", "--root", quarterly)
    default, text, markdown = run(*args), run(*args, "-f", "text"), run(*args, "-f", "md")
    assert default.exit_code == text.exit_code == markdown.exit_code == 0
    assert default.stdout == text.stdout
    assert not default.stdout.startswith("<!--") and "| --- |" not in default.stdout
    assert markdown.stdout.startswith("<!-- generated by vendorctl; do not edit -->\n")
    assert "| Acme Hosting | acme-msa | 2026-Q3 | 5.0% | EUR 1,500.00 |" in markdown.stdout


def test_the_help_says_which_format_each_command_defaults_to(run: Run) -> None:
    for command in ("credits", "renewals", "list"):
        result = run(command, "--help")
        assert "text (default), md or json." in " ".join(result.stdout.split()), command
