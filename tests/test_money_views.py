"""Money in every view: annual value per currency (never summed across currencies) and budget
used against the elapsed share of the period, flagged 🔴 over the budget and 🟠 over pro rata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

VENDOR = "vendors/acme/vendor.yaml"
# April has 30 days: on the 15th, 50.0% of the period has elapsed.
AS_OF = "2026-04-15"


def _budget(root: Path, spend: int) -> None:
    path = root / VENDOR
    path.write_text(
        path.read_text() + f"budget:\n  - {{period: '2026-04', budget: 3000, spend: {spend}}}\n"
        "  - {period: '2026', budget: 36000, spend: 1}\n"
    )


def _listed(run: Run, root: Path) -> dict[str, object]:
    result = run("list", "--root", root, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    (vendor,) = json.loads(result.stdout)["vendors"]
    return dict(vendor)


@pytest.mark.parametrize(
    ("spend", "used", "shown"),
    [
        (1500, 50, "50.0% of 2026-04 (pro rata 50.0%)"),  # exactly at pro rata: no flag
        (1530, 51, "51.0% of 2026-04 🟠 (pro rata 50.0%)"),
        (3030, 101, "101.0% of 2026-04 🔴 (pro rata 50.0%)"),
    ],
)
def test_budget_used_against_pro_rata(
    run: Run, portfolio: Path, spend: int, used: int, shown: str
) -> None:
    _budget(portfolio, spend)
    vendor = _listed(run, portfolio)
    # The narrowest period containing the as-of date is the current one (the month, not 2026).
    assert vendor["budget"] == {
        "period": "2026-04",
        "budget": 3000,
        "spend": spend,
        "used_percent": used,
        "pro_rata_percent": 50,
    }
    markdown = run("list", "--root", portfolio, "--as-of", AS_OF, "--format", "md").stdout
    (row,) = [line for line in markdown.splitlines() if line.startswith("| Acme")]
    assert row.endswith(f"| EUR 120,000.00 | {shown} |")
    shown_md = run("show", "acme", "--root", portfolio, "--as-of", AS_OF, "--format", "md").stdout
    assert f"Annual value: EUR 120,000.00. Budget used: {shown}." in shown_md


def test_no_budget_for_the_period(run: Run, portfolio: Path) -> None:
    assert _listed(run, portfolio)["budget"] is None


def test_two_currencies_are_never_summed(run: Run, portfolio: Path) -> None:
    contracts = portfolio / "vendors/acme/contracts"
    text = (contracts / "msa.yaml").read_text()
    (contracts / "usd.yaml").write_text(
        text.replace("id: acme-msa", "id: acme-usd")
        .replace("monthly_charge: 10000", "currency: USD\nannual_value: 5000")
        .replace("title: Hosting agreement", "title: Support in dollars")
    )
    assert _listed(run, portfolio)["annual_value"] == [
        {"currency": "EUR", "amount": 120000},
        {"currency": "USD", "amount": 5000},
    ]
    result = run("renewals", "--root", portfolio, "--as-of", AS_OF, "--format", "json")
    rows = {
        r["contract"]: (r["annual_value"], r["currency"])
        for r in json.loads(result.stdout)["contracts"]
    }
    assert rows == {"acme-msa": (120000, "EUR"), "acme-usd": (5000, "USD")}
    markdown = run("renewals", "--root", portfolio, "--as-of", "2026-09-01", "--format", "md")
    assert (
        "Value up for renewal (annual, notice deadline in the next 180 days): "
        "**EUR 120,000.00** · **USD 5,000.00**." in markdown.stdout
    )
