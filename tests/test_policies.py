"""Governance policies: each fires on a breach, stays quiet otherwise, and takes its severity
from vendorctl.yaml (per policy and per segment).

A breach that is a whole file is a case file in tests/cases/policies/ (tests/test_policy_cases.py);
the breaches below are one-line edits of the test portfolio, which other tests here build on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.casefiles import cases, codes
from tests.conftest import Run
from vendorctl.policies import POLICIES

Edit = Callable[[Path], None]


def replace(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text()
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new))

    return edit


def delete(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


VENDOR = "vendors/acme/vendor.yaml"
MSA = "vendors/acme/contracts/msa.yaml"

# policy code -> (edit that breaks it, the exact diagnostic line it must produce)
BREACHES: dict[str, tuple[Edit, str]] = {
    "roles-complete": (
        replace(VENDOR, "  transformation: erin\n", "  transformation: ana\n"),
        f"{VENDOR}:18:19: warning: `ana` holds 2 roles (relationship, transformation); the four "
        "roles should be held by four different people [roles-complete]",
    ),
    "counterparts": (
        replace(VENDOR, "tier: management, counterpart: vicky}", "tier: management}"),
        f"{VENDOR}:9:5: warning: `carl` (management tier) has no vendor counterpart; add "
        "`counterpart:` naming their peer on the vendor side [counterparts]",
    ),
    "cadence-missing": (
        replace(VENDOR, "  - {kind: executive-review, tier: executive, every: 6 months}\n", ""),
        f"{VENDOR}:22:3: warning: no meeting cadence at the executive tier; add a `cadence:` entry "
        "for each governance tier [cadence-missing]",
    ),
    "cadence-overdue": (
        delete("vendors/acme/meetings/2026-10-15-service-review.yaml"),
        f"{VENDOR}:22:5: warning: no `service-review` meeting is on record (every 1 month, as of "
        "2026-10-31); hold it and add its minutes under meetings/ [cadence-overdue]",
    ),
    "escalation-ladder": (
        replace(VENDOR, "  - {level: 3, tier: executive, internal: erin, vendor: vince}\n", ""),
        f"{VENDOR}:26:3: warning: the escalation ladder never reaches the executive tier; add a "
        "top level with executives on both sides [escalation-ladder]",
    ),
    "key-person-backup": (
        replace(VENDOR, ", backup: victor}", "}"),
        f"{VENDOR}:20:5: warning: key person `vera` (Runs the platform) has no backup; agree one "
        "with the vendor and add `backup:` [key-person-backup]",
    ),
    "notice-passed": (
        replace(MSA, "decision: renew\n", ""),
        f"{MSA}:5:6: error: the notice deadline 2026-10-02 passed with no decision recorded: the "
        "contract renews on 2026-12-31 whatever is done now; record the `decision:` taken "
        "[notice-passed]",
    ),
    "risk-unmanaged": (
        replace(VENDOR, "owner: ana, mitigation: Containers,", "mitigation: Containers,"),
        f"{VENDOR}:33:5: warning: high risk `lock-in` (score 12) has no `owner`; add it "
        "[risk-unmanaged]",
    ),
    "risk-review-overdue": (
        replace(VENDOR, "review_by: 2027-01-31", "review_by: 2026-10-30"),
        f"{VENDOR}:34:17: warning: high risk `lock-in` was due for review on 2026-10-30; review "
        "it and set the next `review_by` [risk-review-overdue]",
    ),
    "active-incomplete": (
        replace(VENDOR, "weight: 3, score: 4}", "weight: 3}"),
        f"{VENDOR}:38:7: error: the vendor is active but selection criterion `capability` has no "
        "score; score it from 1 to 5 [active-incomplete]",
    ),
}


def test_every_policy_has_a_breach_case() -> None:
    in_files = set().union(*(codes(case.header.expect) for case in cases("policies")))
    assert sorted(set(BREACHES) | (in_files & set(POLICIES))) == sorted(POLICIES)


def test_the_clean_portfolio_breaches_no_policy(run: Run, portfolio: Path) -> None:
    result = run("validate", "--root", portfolio)
    assert result.lines == ["Checked 10 files: no problems found."]


@pytest.mark.parametrize("code", sorted(BREACHES))
def test_each_policy_fires_on_its_breach(run: Run, portfolio: Path, code: str) -> None:
    edit, expected = BREACHES[code]
    edit(portfolio)
    result = run("validate", "--root", portfolio)
    assert result.lines[:-1] == [expected]
    assert result.exit_code == (1 if ": error: " in expected else 0)


def _settings(root: Path, extra: str) -> None:
    path = root / "vendorctl.yaml"
    path.write_text(path.read_text() + extra)


def test_severity_can_be_raised_lowered_or_turned_off(run: Run, portfolio: Path) -> None:
    BREACHES["counterparts"][0](portfolio)
    BREACHES["notice-passed"][0](portfolio)
    _settings(portfolio, "policies:\n  counterparts: error\n  notice-passed: 'off'\n")
    result = run("validate", "--root", portfolio)
    assert [line.rsplit(" ", 1)[1] for line in result.lines[:-1]] == ["[counterparts]"]
    assert ": error: `carl`" in result.lines[0] and result.exit_code == 1


def test_severity_per_segment(run: Run, portfolio: Path) -> None:
    BREACHES["key-person-backup"][0](portfolio)
    _settings(portfolio, "policies:\n  key-person-backup: {severity: 'off', strategic: error}\n")
    assert ": error: key person `vera`" in run("validate", "--root", portfolio).stdout
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text().replace("segment: strategic", "segment: tactical"))
    assert "key-person-backup" not in run("validate", "--root", portfolio).stdout


def test_policies_skip_vendors_in_statuses_they_do_not_govern(run: Run, portfolio: Path) -> None:
    BREACHES["active-incomplete"][0](portfolio)
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text().replace("status: active", "status: onboarding"))
    assert run("validate", "--root", portfolio).lines == ["Checked 10 files: no problems found."]


def test_as_of_moves_the_time_based_policies(run: Run, portfolio: Path) -> None:
    result = run("validate", "--root", portfolio, "--as-of", "2026-10-15")
    assert result.lines == ["Checked 10 files: no problems found."]
    later = run("validate", "--root", portfolio, "--as-of", "2027-03-31")
    assert sorted(codes(later.lines[:-1])) == [
        "cadence-overdue",
        "health-check-age",
        "risk-review-overdue",
        "sla-data-stale",
    ]


def test_unknown_policy_names_are_errors(run: Run, portfolio: Path) -> None:
    _settings(portfolio, "policies:\n  counterpart: warning\n")
    result = run("validate", "--root", portfolio)
    assert result.lines[0] == (
        "vendorctl.yaml:5:3: error: no policy `counterpart`; did you mean `counterparts`? "
        "[unknown-policy]"
    )


def test_policies_do_not_judge_a_vendor_whose_files_are_broken(run: Run, portfolio: Path) -> None:
    BREACHES["counterparts"][0](portfolio)
    (portfolio / "vendors/acme/issues.yaml").write_text("issues: [\n")
    result = run("validate", "--root", portfolio)
    assert "[counterparts]" not in result.stdout and "[yaml-syntax]" in result.stdout


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("auto_renew: true\nrenewal_term: 12 months\ndecision: renew\n", None),
        ("decision: let-lapse\n", None),
        ("decision: renew\n", "the recorded decision is `renew`: act on it before the deadline"),
        (
            "auto_renew: true\nrenewal_term: 12 months\ndecision: renegotiate\n",
            "the recorded decision is `renegotiate`: act on it before the deadline",
        ),
        (
            "auto_renew: true\nrenewal_term: 12 months\n"
            "decision: renew\ndecision_for: 2026-02-28\n",
            "decide by 2026-10-31 and record it as `decision:`",
        ),  # a decision for an earlier term
    ],
)
def test_notice_approaching_follows_the_recorded_decision(
    run: Run, portfolio: Path, terms: str, expected: str | None
) -> None:
    msa = portfolio / MSA
    head = msa.read_text().split("auto_renew:")[0].replace("end: 2026-12-31", "end: 2027-02-28")
    tail = "notice_period: 90 days\nmonthly_charge: 10000\nowner: carl\n"
    msa.write_text(head + tail + terms)
    (portfolio / "vendors/acme/claims.yaml").unlink()  # the SLAs are gone, and the credit claimed
    found = [line for line in run("validate", "--root", portfolio).lines if "[notice-" in line]
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found


def test_a_termination_recorded_for_a_term_ends_the_contract(run: Run, portfolio: Path) -> None:
    msa = portfolio / MSA
    msa.write_text(
        msa.read_text().replace(
            "decision: renew\n", "decision: terminate\ndecision_for: 2026-12-31\n"
        )
    )
    result = run("renewals", "--root", portfolio, "--as-of", "2027-03-01", "--format", "json")
    assert '"status": "expired"' in result.stdout and '"term_end": "2026-12-31"' in result.stdout


def test_reports_are_not_blocked_by_policy_findings(run: Run, portfolio: Path) -> None:
    BREACHES["notice-passed"][0](portfolio)
    assert run("validate", "--root", portfolio).exit_code == 1  # notice-passed is an error
    result = run("renewals", "--root", portfolio, "--as-of", "2026-06-01", "-f", "json")
    assert result.exit_code == 0 and '"contract": "acme-msa"' in result.stdout
    assert run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio).exit_code == 0
