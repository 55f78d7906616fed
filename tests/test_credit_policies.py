"""The service-credit policies (issue 17, section 4) where a case file cannot say it: the days on
which nothing is reported, settings and severities in a second file, vendor statuses.

The findings themselves, word for word, are case files: tests/cases/policies/credit-*.yaml.
The test portfolio's contract `acme-msa` earns EUR 1,500.00 for 2026-09, to claim by 2026-10-30.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefiles import codes
from tests.conftest import Result, Run

MSA = "vendors/acme/contracts/msa.yaml"
VENDOR = "vendors/acme/vendor.yaml"
CLAIMS = "vendors/acme/claims.yaml"
CLAIMED = (
    "claims:\n  - contract: acme-msa\n    window: 2026-09\n    claimed_on: 2026-10-01\n"
    "    reference: TO-ACME-2026-03\n"
)
LAPSED = (
    f"{MSA}:11:15: warning: the 2026-09 service credit of EUR 1,500.00 (contract `acme-msa`) was "
    "not claimed by 2026-10-30: the money is lost; if a claim was sent, record it in "
    f"{CLAIMS} [credit-lapsed]"
)


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def settings(root: Path, extra: str) -> None:
    path = root / "vendorctl.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


POLICIES = {"credit-claim-due", "credit-lapsed", "credit-unpaid"}


def credit_lines(result: Result) -> list[str]:
    """The findings of the three credit policies (not the data check `credit-charges`)."""
    return [line for line in result.lines[:-1] if codes([line]) & POLICIES]


@pytest.fixture
def unclaimed(portfolio: Path) -> Path:
    """The test portfolio with no claim recorded: the 2026-09 credit is still to claim."""
    write(portfolio, CLAIMS, "claims: []\n")
    return portfolio


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-09-30", []),  # the window has just ended: 30 days to claim, not due soon yet
        ("2026-10-15", []),  # 15 days left: one day before the 14-day warning window
        ("2027-10-30", [LAPSED]),  # lapsed 365 days ago: still reported
        ("2027-10-31", []),  # 366 days ago: history, left to the reports
    ],
)
def test_the_days_an_unclaimed_credit_is_not_reported(
    run: Run, unclaimed: Path, as_of: str, expected: list[str]
) -> None:
    result = run("validate", "--root", unclaimed, "--as-of", as_of)
    assert credit_lines(result) == expected
    if as_of == "2026-10-15":
        assert result.lines == ["Checked 10 files: no problems found."]


def test_the_warning_window_is_the_setting(run: Run, unclaimed: Path) -> None:
    settings(unclaimed, "governance:\n  credit_claim_warning: 10 days\n")
    assert credit_lines(run("validate", "--root", unclaimed, "--as-of", "2026-10-19")) == []
    (line,) = credit_lines(run("validate", "--root", unclaimed, "--as-of", "2026-10-20"))
    assert "must be claimed by 2026-10-30 (10 days left);" in line


@pytest.mark.parametrize(
    ("as_of", "found"),
    [("2026-11-30", False), ("2026-12-01", True)],  # claimed 60 days before, then 61
)
def test_a_claim_is_unpaid_after_the_payment_days(
    run: Run, portfolio: Path, as_of: str, found: bool
) -> None:
    write(portfolio, CLAIMS, CLAIMED)
    result = run("validate", "--root", portfolio, "--as-of", as_of)
    assert codes(credit_lines(result)) == ({"credit-unpaid"} if found else set())


def test_the_payment_days_are_the_setting(run: Run, portfolio: Path) -> None:
    write(portfolio, CLAIMS, CLAIMED)
    settings(portfolio, "governance:\n  credit_payment_days: 30\n")
    assert credit_lines(run("validate", "--root", portfolio, "--as-of", "2026-10-31")) == []
    result = run("validate", "--root", portfolio, "--as-of", "2026-11-01")
    assert credit_lines(result) == [
        f"{CLAIMS}:4:17: warning: the 2026-09 service credit of EUR 1,500.00 (contract "
        "`acme-msa`, reference TO-ACME-2026-03) was claimed on 2026-10-01, 31 days ago, and no "
        "credit note is recorded (expected within 30 days); chase the vendor, then record "
        "`status: received` with `received_on` (or `disputed`, `rejected`) [credit-unpaid]"
    ]


def test_the_claimed_amount_is_the_one_chased(run: Run, portfolio: Path) -> None:
    write(portfolio, CLAIMS, CLAIMED + "    amount: 1200\n")
    (line,) = credit_lines(run("validate", "--root", portfolio, "--as-of", "2026-12-01"))
    assert "the 2026-09 service credit of EUR 1,200.00 (contract `acme-msa`," in line


@pytest.mark.parametrize(
    "entry",
    [
        "    claimed_on: 2026-10-01\n    status: received\n    received_on: 2026-10-20\n",
        "    claimed_on: 2026-10-01\n    status: received\n    received_on: 2026-10-20\n"
        "    received_amount: 500\n",  # partial: settled as far as chasing goes
        "    claimed_on: 2026-10-01\n    status: disputed\n",
        "    claimed_on: 2026-10-01\n    status: rejected\n",
        "    status: waived\n    note: Goodwill after the outage review\n",
    ],
)
def test_a_settled_or_contested_claim_is_neither_lapsed_nor_unpaid(
    run: Run, portfolio: Path, entry: str
) -> None:
    write(portfolio, CLAIMS, "claims:\n  - contract: acme-msa\n    window: 2026-09\n" + entry)
    for as_of in ("2026-10-31", "2027-03-31"):
        result = run("validate", "--root", portfolio, "--as-of", as_of)
        assert result.exit_code == 0 and credit_lines(result) == [], result.stdout


@pytest.mark.parametrize(
    ("severity", "expected", "exit_code"),
    [
        ("error", LAPSED.replace(": warning: ", ": error: "), 1),
        ("'off'", None, 0),
        ("{severity: 'off', strategic: warning}", LAPSED, 0),
        ("{severity: error, strategic: 'off'}", None, 0),
    ],
)
def test_the_severity_is_configured(
    run: Run, unclaimed: Path, severity: str, expected: str | None, exit_code: int
) -> None:
    settings(unclaimed, f"policies:\n  credit-lapsed: {severity}\n")
    result = run("validate", "--root", unclaimed)
    assert result.lines[:-1] == ([expected] if expected else [])
    assert result.exit_code == exit_code


def test_claim_due_and_unpaid_can_be_raised_to_errors(run: Run, unclaimed: Path) -> None:
    settings(unclaimed, "policies:\n  credit-claim-due: error\n  credit-unpaid: error\n")
    due = run("validate", "--root", unclaimed, "--as-of", "2026-10-30")
    assert (
        due.exit_code == 1 and ": error: " in due.lines[0] and "[credit-claim-due]" in due.lines[0]
    )
    write(unclaimed, CLAIMS, CLAIMED)
    unpaid = run("validate", "--root", unclaimed, "--as-of", "2026-12-01")
    assert unpaid.exit_code == 1
    assert [line for line in unpaid.lines if ": error: " in line] == credit_lines(unpaid)
    assert codes(credit_lines(unpaid)) == {"credit-unpaid"}


def test_an_exited_vendor_is_reminded_of_money_due_not_of_money_lost(
    run: Run, unclaimed: Path
) -> None:
    edit(unclaimed, VENDOR, "status: active", "status: exited")
    due = run("validate", "--root", unclaimed, "--as-of", "2026-10-30")
    assert codes(credit_lines(due)) == {"credit-claim-due"}
    assert credit_lines(run("validate", "--root", unclaimed, "--as-of", "2026-10-31")) == []
    write(unclaimed, CLAIMS, CLAIMED)
    unpaid = run("validate", "--root", unclaimed, "--as-of", "2026-12-01")
    assert codes(credit_lines(unpaid)) == {"credit-unpaid"}


def test_a_prospect_is_not_judged_on_credits(run: Run, unclaimed: Path) -> None:
    edit(unclaimed, VENDOR, "status: active", "status: prospect")
    for as_of in ("2026-10-30", "2026-10-31"):
        assert credit_lines(run("validate", "--root", unclaimed, "--as-of", as_of)) == []


def test_a_credit_without_a_claim_period_is_never_due_nor_lapsed(run: Run, unclaimed: Path) -> None:
    edit(unclaimed, MSA, "claim_period: 30 days\n", "")
    for as_of in ("2026-10-30", "2026-10-31", "2027-03-31"):
        assert credit_lines(run("validate", "--root", unclaimed, "--as-of", as_of)) == []


def test_without_charges_the_percent_is_named(run: Run, unclaimed: Path) -> None:
    edit(unclaimed, MSA, "monthly_charge: 10000\n", "")
    (line,) = credit_lines(run("validate", "--root", unclaimed, "--as-of", "2026-10-30"))
    assert line.startswith(
        f"{MSA}:10:15: warning: the 2026-09 service credit of 15% of the window's charges "
        "(contract `acme-msa`) must be claimed by 2026-10-30 (0 days left);"
    )


def test_the_policies_are_listed_with_the_others(run: Run, portfolio: Path) -> None:
    settings(portfolio, "policies:\n  credit-lapse: warning\n  no-such-policy: warning\n")
    result = run("validate", "--root", portfolio)
    assert result.lines[0].endswith(
        "error: no policy `credit-lapse`; did you mean `credit-lapsed`? [unknown-policy]"
    )
    listed = result.lines[1].split("; policies: ", 1)[1].removesuffix(" [unknown-policy]")
    assert set(listed.split(", ")) >= POLICIES


def _history(root: Path, month: str) -> None:
    """The contract started in 2024, and missed its availability target in `month` of 2024."""
    edit(root, MSA, "start: 2025-01-01", "start: 2024-01-01")
    write(
        root,
        "vendors/acme/kpis/2024.yaml",
        f"measurements:\n  - {{kpi: availability, period: {month}, value: 99.5}}\n",
    )


def test_a_claim_unpaid_for_years_is_still_chased(run: Run, portfolio: Path) -> None:
    _history(portfolio, "2024-09")
    write(
        portfolio,
        CLAIMS,
        "claims:\n  - {contract: acme-msa, window: 2024-09, claimed_on: 2024-10-05}\n"
        "  - {contract: acme-msa, window: 2026-09, claimed_on: 2026-10-05, status: received,\n"
        "     received_on: 2026-10-20}\n",
    )
    assert credit_lines(run("validate", "--root", portfolio)) == [
        f"{CLAIMS}:2:55: warning: the 2024-09 service credit of EUR 1,000.00 (contract "
        "`acme-msa`) was claimed on 2024-10-05, 756 days ago, and no credit note is recorded "
        "(expected within 60 days); chase the vendor, then record `status: received` with "
        "`received_on` (or `disputed`, `rejected`) [credit-unpaid]"
    ]


def test_a_long_claim_period_reaches_back_a_year(run: Run, unclaimed: Path) -> None:
    _history(unclaimed, "2024-12")
    edit(unclaimed, MSA, "claim_period: 30 days", "claim_period: 12 months")
    assert credit_lines(run("validate", "--root", unclaimed)) == [
        f"{MSA}:11:15: warning: the 2024-12 service credit of EUR 1,000.00 (contract `acme-msa`) "
        f"was not claimed by 2025-12-31: the money is lost; if a claim was sent, record it in "
        f"{CLAIMS} [credit-lapsed]"
    ]
