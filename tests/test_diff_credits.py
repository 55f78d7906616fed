"""`vendorctl diff`: the money in a change. Credits already earned that a change alters
(`credits-changed`), and service-credit claims recorded, changed or removed, said in words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_diff import Repo
from tests.test_scorecard import lint

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SETTINGS = "organisation: Northwind Health\ncurrency: EUR\nas_of: 2026-10-31\n"
VENDOR = "vendors/brightdesk/vendor.yaml"
CONTRACT = "vendors/brightdesk/contracts/service-desk.yaml"
KPIS = "vendors/brightdesk/kpis/2026.yaml"
CLAIMS = "vendors/brightdesk/claims.yaml"
# A 25,000 a month service desk: 15% of the month's charge below 99.5%, 30% below 98%.
# July (97.5%) earns EUR 7,500.00, August (99.0%) EUR 3,750.00, September (99.8%) nothing.
FILES = {
    "vendorctl.yaml": SETTINGS,
    VENDOR: (
        "id: brightdesk\nname: BrightDesk\nsegment: strategic\nstatus: active\nkpis:\n"
        '  - {id: availability, name: Availability, unit: "%", target: 99.5, floor: 98.0, '
        "weight: 1}\n"
    ),
    CONTRACT: (
        "id: brightdesk-service-desk\ntitle: Service desk\nkind: managed-service\n"
        "start: 2026-01-01\nend: 2027-12-31\nmonthly_charge: 25000\nclaim_period: 90 days\n"
        "slas:\n  - id: availability\n    kpi: availability\n    target: 99.5\n    credits:\n"
        "      - {below: 99.5, credit: 15}\n      - {below: 98.0, credit: 30}\n"
    ),
    KPIS: (
        "measurements:\n"
        "  - {kpi: availability, period: 2026-07, value: 97.5}\n"
        "  - {kpi: availability, period: 2026-08, value: 99.0}\n"
        "  - {kpi: availability, period: 2026-09, value: 99.8}\n"
    ),
}
CLAIMED_JULY = (
    "claims:\n"
    "  - contract: brightdesk-service-desk\n"
    "    window: 2026-07\n"
    "    claimed_on: 2026-10-22\n"
    "    reference: NWH-CLAIM-2026-014\n"
)
ABOUT = "contract brightdesk-service-desk"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """BrightDesk's portfolio committed on `main`; the working tree is the change under review."""
    repo = Repo(tmp_path / "repo")
    for path, text in FILES.items():
        repo.write(path, text)
    repo.git("init", "-q", "-b", "main")
    repo.commit("base")
    return repo


def diff(run: Run, repo: Repo, base: str = "main") -> list[str]:
    """The change lines of `diff` from `base` to the working tree as text, without the header."""
    result = run("diff", base, "--root", repo.root, "--as-of", "2026-10-31")
    assert result.exit_code == 0, result.stdout + result.stderr
    return [line for line in result.lines if line.startswith("  ")]


def kinds(lines: list[str], *wanted: str) -> list[str]:
    """The lines of these kinds."""
    return [line for line in lines if line.split()[0] in wanted]


def changes(run: Run, repo: Repo) -> list[dict[str, Any]]:
    """The changes `diff --format json` reports, flattened across vendors."""
    result = run("diff", "main", "--root", repo.root, "--as-of", "2026-10-31", "-f", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    return [change for vendor in data["vendors"] for change in vendor["changes"]]


def test_a_rewritten_measurement_that_erases_a_credit(run: Run, repo: Repo) -> None:
    repo.edit(KPIS, "period: 2026-08, value: 99.0}", "period: 2026-08, value: 99.6}")
    assert kinds(diff(run, repo), "measurement-rewritten", "credits-changed") == [
        "  measurement-rewritten  KPI availability, 2026-08, value rewritten: 99% -> 99.6%",
        f"  credits-changed  {ABOUT}, erases the EUR 3,750.00 credit for 2026-08",
    ]


def test_a_rewritten_measurement_that_adds_a_credit(run: Run, repo: Repo) -> None:
    repo.edit(KPIS, "period: 2026-09, value: 99.8}", "period: 2026-09, value: 98.2}")
    assert kinds(diff(run, repo), "credits-changed") == [
        f"  credits-changed  {ABOUT}, adds a EUR 3,750.00 credit for 2026-09"
    ]


def test_a_rewritten_measurement_that_keeps_the_credit_is_not_a_credit_change(
    run: Run, repo: Repo
) -> None:
    repo.edit(KPIS, "period: 2026-07, value: 97.5}", "period: 2026-07, value: 97.0}")
    lines = diff(run, repo)
    assert kinds(lines, "measurement-rewritten") == [
        "  measurement-rewritten  KPI availability, 2026-07, value rewritten: 97.5% -> 97%"
    ]
    assert kinds(lines, "credits-changed") == []


def test_an_sla_tier_edited_changes_the_amount(run: Run, repo: Repo) -> None:
    repo.edit(CONTRACT, "{below: 99.5, credit: 15}", "{below: 99.5, credit: 20}")
    assert kinds(diff(run, repo), "sla-strengthened", "credits-changed") == [
        f"  sla-strengthened  {ABOUT}, SLA availability, credits increased: "
        "below 99.5%: 15%; below 98%: 30% -> below 99.5%: 20%; below 98%: 30% "
        "(in place: applies to past windows too)",
        # July earned 30% on the lower tier: only August's credit moves.
        f"  credits-changed  {ABOUT}, changes the credit for 2026-08 from EUR 3,750.00 to "
        "EUR 5,000.00",
    ]


def test_a_lower_cap_changes_what_was_earned(run: Run, repo: Repo) -> None:
    repo.edit(CONTRACT, "claim_period: 90 days\n", "claim_period: 90 days\ncredit_cap: 20\n")
    assert kinds(diff(run, repo), "credits-changed") == [
        f"  credits-changed  {ABOUT}, changes the credit for 2026-07 from EUR 7,500.00 to "
        "EUR 5,000.00"
    ]


def test_a_monthly_charge_edited_changes_every_credit(run: Run, repo: Repo) -> None:
    repo.edit(CONTRACT, "monthly_charge: 25000", "monthly_charge: 20000")
    assert diff(run, repo) == [
        f"  value-changed  {ABOUT}, monthly charge down 20.0%: EUR 25,000.00 -> EUR 20,000.00 "
        "(in place: applies to past windows too)",
        f"  credits-changed  {ABOUT}, changes the credit for 2026-07 from EUR 7,500.00 to "
        "EUR 6,000.00",
        f"  credits-changed  {ABOUT}, changes the credit for 2026-08 from EUR 3,750.00 to "
        "EUR 3,000.00",
    ]


def test_a_new_month_with_a_breach_is_new_data_not_a_credit_change(run: Run, repo: Repo) -> None:
    repo.edit(
        KPIS,
        "value: 99.8}\n",
        "value: 99.8}\n  - {kpi: availability, period: 2026-10, value: 97.0}\n",
    )
    assert diff(run, repo) == [
        "  measurements-added  measurements, 1 added: none -> 2026-10: availability"
    ]
    # The new month did earn a credit: the head's ledger has it, the diff does not call it altered.
    result = run("credits", "--root", repo.root, "--period", "2026-10", "-f", "json")
    assert [row["amount"] for row in json.loads(result.stdout)["credits"]] == [7500.0]


def test_terms_edited_with_a_new_month_report_only_the_months_earned_before(
    run: Run, repo: Repo
) -> None:
    repo.edit(
        KPIS,
        "value: 99.8}\n",
        "value: 99.8}\n  - {kpi: availability, period: 2026-10, value: 99.0}\n",
    )
    repo.edit(CONTRACT, "monthly_charge: 25000", "monthly_charge: 30000")
    assert kinds(diff(run, repo), "credits-changed") == [
        f"  credits-changed  {ABOUT}, changes the credit for 2026-07 from EUR 7,500.00 to "
        "EUR 9,000.00",
        f"  credits-changed  {ABOUT}, changes the credit for 2026-08 from EUR 3,750.00 to "
        "EUR 4,500.00",
    ]


def test_a_quarter_completed_by_new_months_is_new_data(run: Run, repo: Repo) -> None:
    # A quarterly SLA judged on July and August alone (mean 98.25%: 15% of 75,000).
    repo.edit(CONTRACT, "    kpi: availability\n", "    kpi: availability\n    window: quarterly\n")
    repo.edit(KPIS, "  - {kpi: availability, period: 2026-09, value: 99.8}\n", "")
    repo.commit("quarterly SLA, two months measured")
    # September's measurement completes the quarter (mean 97.5%: 30%): new data, not an edit.
    september = "  - {kpi: availability, period: 2026-09, value: 96.0}\n"
    repo.edit(KPIS, "value: 99.0}\n", "value: 99.0}\n" + september)
    assert kinds(diff(run, repo, "HEAD"), "credits-changed") == []
    result = run("credits", "--root", repo.root, "--period", "2026-Q3", "-f", "json")
    assert [row["amount"] for row in json.loads(result.stdout)["credits"]] == [22500.0]
    # A month of the quarter rewritten alters the credit the quarter had earned.
    repo.edit(KPIS, "period: 2026-09, value: 96.0}", "period: 2026-09, value: 99.9}")
    repo.edit(KPIS, "period: 2026-07, value: 97.5}", "period: 2026-07, value: 99.9}")
    assert kinds(diff(run, repo, "HEAD"), "credits-changed") == [
        f"  credits-changed  {ABOUT}, erases the EUR 11,250.00 credit for 2026-Q3"
    ]


def test_fail_on_credits_changed(run: Run, repo: Repo) -> None:
    args = ("diff", "main", "--root", repo.root, "--as-of", "2026-10-31")
    repo.edit(
        KPIS,
        "value: 99.8}\n",
        "value: 99.8}\n  - {kpi: availability, period: 2026-10, value: 97.0}\n",
    )
    absent = run(*args, "--fail-on", "credits-changed")
    assert absent.exit_code == 0, absent.stderr
    assert absent.stderr == ""
    repo.edit(KPIS, "period: 2026-08, value: 99.0}", "period: 2026-08, value: 99.6}")
    present = run(*args, "--fail-on", "credits-changed")
    assert present.exit_code == 1
    assert present.lines[1:] == [
        "",
        "BrightDesk (brightdesk)",
        "  measurements-added  measurements, 1 added: none -> 2026-10: availability",
        "  measurement-rewritten  KPI availability, 2026-08, value rewritten: 99% -> 99.6%",
        f"  credits-changed  {ABOUT}, erases the EUR 3,750.00 credit for 2026-08  [review]",
        "  score-changed  score, score for 2026-Q3: 51.1 (Needs attention) -> 64.4 (Needs attention)",
        "",
        "4 changes in 1 vendor; 1 needs review: credits-changed.",
    ]
    assert present.stderr == "vendorctl: 4 changes in 1 vendor; 1 needs review: credits-changed.\n"


def test_fail_on_takes_the_claim_kinds(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    args = ("diff", "main", "--root", repo.root, "--as-of", "2026-10-31", "--fail-on")
    assert run(*args, "claim-changed,claim-removed").exit_code == 0
    assert run(*args, "claim-added").exit_code == 1


def test_a_new_claim_in_words(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    assert diff(run, repo) == [
        f"  claim-added  {ABOUT}, claimed the EUR 7,500.00 credit for 2026-07 on 2026-10-22 "
        "(ref NWH-CLAIM-2026-014)"
    ]


def test_a_status_change_and_a_second_claim_in_words(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    repo.commit("claim July")
    repo.write(
        CLAIMS,
        CLAIMED_JULY
        + "    status: received\n    received_on: 2026-11-20\n    received_amount: 7500\n"
        "  - {contract: brightdesk-service-desk, window: 2026-08, claimed_on: 2026-11-02,"
        " amount: 3500, status: disputed, note: they count the outage as planned}\n",
    )
    assert diff(run, repo, "HEAD") == [
        f"  claim-added  {ABOUT}, claimed the EUR 3,500.00 credit for 2026-08 on 2026-11-02; "
        "disputed",
        f"  claim-changed  {ABOUT}, claim for 2026-07: claimed -> "
        "received, EUR 7,500.00 on 2026-11-20",
    ]


def test_figures_of_a_claim_and_a_removed_claim_in_words(run: Run, repo: Repo) -> None:
    repo.write(
        CLAIMS,
        CLAIMED_JULY + "    status: received\n    received_on: 2026-11-20\n"
        "  - {contract: brightdesk-service-desk, window: 2026-08, status: waived}\n",
    )
    repo.commit("claims")
    repo.write(
        CLAIMS,
        CLAIMED_JULY.replace("NWH-CLAIM-2026-014", "NWH-CLAIM-2026-014A")
        + "    amount: 7000\n    status: received\n    received_on: 2026-11-20\n"
        "    received_amount: 5000\n",
    )
    assert diff(run, repo, "HEAD") == [
        f"  claim-changed  {ABOUT}, claim for 2026-07, amount: EUR 7,500.00 -> EUR 7,000.00",
        f"  claim-changed  {ABOUT}, claim for 2026-07, received: "
        "EUR 7,500.00 on 2026-11-20 -> EUR 5,000.00 of EUR 7,000.00 on 2026-11-20",
        f"  claim-changed  {ABOUT}, claim for 2026-07, reference: "
        "NWH-CLAIM-2026-014 -> NWH-CLAIM-2026-014A",
        f"  claim-removed  {ABOUT}, removed the claim for the EUR 3,750.00 credit for 2026-08 "
        "(status waived)",
    ]


def test_a_credit_change_does_not_count_as_a_claim_edit(run: Run, repo: Repo) -> None:
    # The claim asks for the computed credit: when that moves, the claim itself did not change.
    repo.write(CLAIMS, CLAIMED_JULY)
    repo.commit("claim July")
    repo.edit(KPIS, "period: 2026-07, value: 97.5}", "period: 2026-07, value: 99.0}")
    lines = diff(run, repo, "HEAD")
    assert kinds(lines, "credits-changed") == [
        f"  credits-changed  {ABOUT}, changes the credit for 2026-07 from EUR 7,500.00 to "
        "EUR 3,750.00"
    ]
    assert kinds(lines, "claim-added", "claim-changed", "claim-removed") == []


def test_the_json_has_the_amounts_and_the_claims_in_numbers(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    repo.commit("claim July")
    repo.edit(CONTRACT, "{below: 99.5, credit: 15}", "{below: 99.5, credit: 20}")
    repo.edit(KPIS, "period: 2026-07, value: 97.5}", "period: 2026-07, value: 99.7}")
    repo.edit(CLAIMS, "    window: 2026-07\n", "    window: 2026-08\n")
    found = changes(run, repo)
    money = [c for c in found if c["kind"] in ("credits-changed", "claim-added", "claim-removed")]
    assert money == [
        {
            "kind": "credits-changed",
            "label": "Credits changed",
            "subject": ABOUT,
            "what": "changes the credit for 2026-08 from EUR 3,750.00 to EUR 5,000.00",
            "before": "EUR 3,750.00",
            "after": "EUR 5,000.00",
            "review": False,
            "data": {
                "vendor": "brightdesk",
                "contract": "brightdesk-service-desk",
                "window": "2026-08",
                "currency": "EUR",
                "before": 3750.0,
                "after": 5000.0,
                "change": 1250.0,
                "percent_before": 15.0,
                "percent_after": 20.0,
            },
        },
        {
            "kind": "credits-changed",
            "label": "Credits changed",
            "subject": ABOUT,
            "what": "erases the EUR 7,500.00 credit for 2026-07",
            "before": "EUR 7,500.00",
            "after": None,
            "review": False,
            "data": {
                "vendor": "brightdesk",
                "contract": "brightdesk-service-desk",
                "window": "2026-07",
                "currency": "EUR",
                "before": 7500.0,
                "after": 0.0,
                "change": -7500.0,
                "percent_before": 30.0,
                "percent_after": 0.0,
            },
        },
        {
            "kind": "claim-added",
            "label": "Claim added",
            "subject": ABOUT,
            "what": "claimed the EUR 5,000.00 credit for 2026-08 on 2026-10-22 "
            "(ref NWH-CLAIM-2026-014)",
            "before": None,
            "after": None,
            "review": False,
            "data": {
                "vendor": "brightdesk",
                "contract": "brightdesk-service-desk",
                "window": "2026-08",
                "currency": "EUR",
                "before": None,
                "after": {
                    "status": "claimed",
                    "claimed_on": "2026-10-22",
                    "reference": "NWH-CLAIM-2026-014",
                    "amount": 5000.0,
                    "received_on": None,
                    "received_amount": None,
                },
            },
        },
        {
            "kind": "claim-removed",
            "label": "Claim removed",
            "subject": ABOUT,
            "what": "removed the claim for the EUR 7,500.00 credit for 2026-07 "
            "(claimed on 2026-10-22, ref NWH-CLAIM-2026-014; status claimed)",
            "before": None,
            "after": None,
            "review": False,
            "data": {
                "vendor": "brightdesk",
                "contract": "brightdesk-service-desk",
                "window": "2026-07",
                "currency": "EUR",
                "before": {
                    "status": "claimed",
                    "claimed_on": "2026-10-22",
                    "reference": "NWH-CLAIM-2026-014",
                    "amount": 7500.0,
                    "received_on": None,
                    "received_amount": None,
                },
                "after": None,
            },
        },
    ]


def test_a_status_change_in_the_json(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    repo.commit("claim July")
    repo.write(CLAIMS, CLAIMED_JULY + "    status: received\n    received_on: 2026-11-20\n")
    (change,) = changes(run, repo)
    assert change["kind"] == "claim-changed"
    assert (change["what"], change["before"], change["after"]) == (
        "claim for 2026-07",
        "claimed",
        "received, EUR 7,500.00 on 2026-11-20",
    )
    assert change["data"] == {
        "vendor": "brightdesk",
        "contract": "brightdesk-service-desk",
        "window": "2026-07",
        "currency": "EUR",
        "aspect": "status",
        "before": "claimed",
        "after": "received",
    }


def test_markdown_says_the_money_in_words(run: Run, repo: Repo) -> None:
    repo.edit(KPIS, "period: 2026-08, value: 99.0}", "period: 2026-08, value: 99.6}")
    repo.write(CLAIMS, CLAIMED_JULY)
    out = repo.root.parent / "comment.md"
    args = ("--as-of", "2026-10-31", "-f", "md", "--fail-on", "credits-changed", "-o", out)
    assert run("diff", "main", "--root", repo.root, *args).exit_code == 1
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if "credit for" in line]
    assert rows == [
        f"| ⚠️ **Credits changed** | {ABOUT} | erases the EUR 3,750.00 credit for 2026-08 "
        "| EUR 3,750.00 | — |",
        f"| Claim added | {ABOUT} | claimed the EUR 7,500.00 credit for 2026-07 on 2026-10-22 "
        "(ref NWH-CLAIM-2026-014) | — | — |",
    ]
    assert lint([out]) == ""


def test_claims_follow_their_contract_not_their_folder(run: Run, repo: Repo) -> None:
    repo.write(CLAIMS, CLAIMED_JULY)
    repo.commit("claim July")
    (repo.root / "vendors/brightdesk").rename(repo.root / "vendors/brightdesk-ltd")
    repo.edit("vendors/brightdesk-ltd/vendor.yaml", "id: brightdesk\n", "id: brightdesk-ltd\n")
    assert diff(run, repo, "HEAD") == [
        "  vendor-renamed  vendor, id changed: brightdesk -> brightdesk-ltd"
    ]
