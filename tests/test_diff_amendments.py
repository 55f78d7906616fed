"""`vendorctl diff` and contracts over time: an amendment added, changed or removed is said as
such, with what it weakens or strengthens from its effective date; the original terms edited in
place are said to reach the past, with the money."""

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

CONTRACT = "vendors/helix/contracts/support.yaml"
KPIS = "vendors/helix/kpis/2026.yaml"
ABOUT = "contract helix-support"
# A 20,000 a month support contract: 5% of the month's charge below 95% of incidents resolved in
# time, 10% below 90%, 15% below 85%, capped at 12%. June (93%) earns EUR 1,000.00, July (88%)
# EUR 2,000.00, August (96%) nothing, September (91%) and October (93%) EUR 1,000.00 each.
FILES = {
    "vendorctl.yaml": "organisation: Northwind Health\ncurrency: EUR\nas_of: 2026-10-31\n",
    "vendors/helix/vendor.yaml": (
        "id: helix\nname: Helix IT\nsegment: strategic\nstatus: active\nkpis:\n"
        '  - {id: incidents, name: Incidents resolved in time, unit: "%", target: 95, '
        "floor: 80, weight: 2}\n"
        '  - {id: fcr, name: First-contact resolution, unit: "%", target: 70, floor: 50, '
        "weight: 1}\n"
    ),
    CONTRACT: (
        "id: helix-support\ntitle: Service desk and support\nkind: managed-service\n"
        "start: 2026-01-01\nend: 2027-12-31\nmonthly_charge: 20000\ncredit_cap: 12\n"
        "claim_period: 60 days\n"
        "slas:\n  - id: incident-sla\n    kpi: incidents\n    target: 95\n    credits:\n"
        "      - {below: 95, credit: 5}\n      - {below: 90, credit: 10}\n"
        "      - {below: 85, credit: 15}\n"
    ),
    KPIS: (
        "measurements:\n"
        "  - {kpi: incidents, period: 2026-06, value: 93}\n"
        "  - {kpi: incidents, period: 2026-07, value: 88}\n"
        "  - {kpi: incidents, period: 2026-08, value: 96}\n"
        "  - {kpi: incidents, period: 2026-09, value: 91}\n"
        "  - {kpi: incidents, period: 2026-10, value: 93}\n"
        "  - {kpi: fcr, period: 2026-09, value: 60}\n"
        "  - {kpi: fcr, period: 2026-10, value: 72}\n"
    ),
}
# The amendment of the issue: target 95 -> 92, a 4% credit below 92, cap 12% -> 8%, claims
# within 30 days instead of 60, from 2026-09-01.
LOWERED = """\
amendments:
  - id: amendment-1
    effective: {effective}
    signed: 2026-08-20
    summary: Incident SLA lowered to 92%, cap 8%, claims within 30 days
    slas:
      - {{id: incident-sla, kpi: incidents, target: 92, credits: [{{below: 92, credit: 4}}]}}
    credit_cap: 8
    claim_period: 30 days
"""
WEAKENED = (
    "weakens the SLA terms from that date: credit cap reduced (12% -> 8%); claim period "
    "shortened (60 days -> 30 days); SLA incident-sla target lowered (95% -> 92%); SLA "
    "incident-sla credits reduced (below 95%: 5%; below 90%: 10%; below 85%: 15% -> below 92%: 4%)"
)
SUMMARY = "Incident SLA lowered to 92%, cap 8%, claims within 30 days"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Helix's portfolio committed on `main`; the working tree is the change under review."""
    repo = Repo(tmp_path / "repo")
    for path, text in FILES.items():
        repo.write(path, text)
    repo.git("init", "-q", "-b", "main")
    repo.commit("base")
    return repo


def amend(repo: Repo, text: str) -> None:
    """Append amendments to the contract."""
    file = repo.root / CONTRACT
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


def diff(run: Run, repo: Repo, *args: str, base: str = "main") -> list[str]:
    """The change lines of `diff` from `base` to the working tree as text, without the header."""
    result = run("diff", base, "--root", repo.root, "--as-of", "2026-10-31", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return [line for line in result.lines if line.startswith("  ")]


def kinds(lines: list[str], *wanted: str) -> list[str]:
    """The lines of these kinds."""
    return [line for line in lines if line.split()[0] in wanted]


def changes(run: Run, repo: Repo, base: str = "main") -> list[dict[str, Any]]:
    """The changes `diff --format json` reports, flattened across vendors."""
    result = run("diff", base, "--root", repo.root, "--as-of", "2026-10-31", "-f", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    return [change for vendor in data["vendors"] for change in vendor["changes"]]


def test_an_added_amendment_is_said_as_such_not_as_weaker_original_terms(
    run: Run, repo: Repo
) -> None:
    amend(repo, LOWERED.format(effective="2026-09-01"))
    lines = diff(run, repo)
    assert kinds(lines, "amendment-added", "sla-weakened", "sla-strengthened", "sla-changed") == [
        f"  amendment-added  {ABOUT}, amendment amendment-1, effective 2026-09-01, {WEAKENED}: "
        f"none -> {SUMMARY}"
    ]


def test_the_credits_of_windows_before_an_amendment_do_not_change(run: Run, repo: Repo) -> None:
    def earned() -> dict[str, tuple[float, str]]:
        result = run("credits", "--root", repo.root, "--period", "2026", "-f", "json")
        rows = json.loads(result.stdout)["credits"]
        return {row["window"]: (row["amount"], row["claim_by"]) for row in rows}

    was = earned()
    amend(repo, LOWERED.format(effective="2026-09-01"))
    now = earned()
    # June and July keep what they earned, and their 60 days to claim it.
    expected = {"2026-06": (1000, "2026-08-29"), "2026-07": (2000, "2026-09-29")}
    assert {w: was[w] for w in expected} == {w: now[w] for w in expected} == expected
    lines = kinds(diff(run, repo), "credits-changed")
    assert not [line for line in lines if "2026-06" in line or "2026-07" in line]


def test_credits_from_the_effective_date_follow_the_amendment(run: Run, repo: Repo) -> None:
    # Needs compute/sla.py to judge each window by the terms on its first day (issue 18).
    amend(repo, LOWERED.format(effective="2026-09-01"))
    assert kinds(diff(run, repo), "credits-changed") == [
        f"  credits-changed  {ABOUT}, changes the credit for 2026-09 from EUR 1,000.00 to "
        "EUR 800.00 (amendment amendment-1, effective 2026-09-01)",
        f"  credits-changed  {ABOUT}, erases the EUR 1,000.00 credit for 2026-10 "
        "(amendment amendment-1, effective 2026-09-01)",
    ]


def test_an_amendment_a_day_after_a_window_starts_leaves_that_window_alone(
    run: Run, repo: Repo
) -> None:
    # Needs compute/sla.py to judge each window by the terms on its first day (issue 18).
    amend(repo, LOWERED.format(effective="2026-09-02"))
    lines = diff(run, repo)
    assert kinds(lines, "credits-changed") == [
        f"  credits-changed  {ABOUT}, erases the EUR 1,000.00 credit for 2026-10 "
        "(amendment amendment-1, effective 2026-09-02)",
    ]
    (added,) = kinds(lines, "amendment-added")
    assert f"amendment amendment-1, effective 2026-09-02, {WEAKENED}: " in added


def test_the_json_carries_the_verdict_and_each_effect(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-09-01"))
    (change,) = [c for c in changes(run, repo) if c["kind"] == "amendment-added"]
    assert (change["subject"], change["before"], change["after"], change["review"]) == (
        f"{ABOUT}, amendment amendment-1",
        None,
        SUMMARY,
        False,
    )
    data = change["data"]
    effects = data.pop("effects")
    assert data == {
        "contract": "helix-support",
        "amendment": "amendment-1",
        "effective": "2026-09-01",
        "signed": "2026-08-20",
        "summary": SUMMARY,
        "weakens": True,
        "strengthens": False,
        "in_place": False,
    }
    assert [(e["from"], e["kind"], e["subject"], e["what"]) for e in effects] == [
        ("2026-09-01", "sla-weakened", ABOUT, "credit cap reduced"),
        ("2026-09-01", "sla-weakened", ABOUT, "claim period shortened"),
        ("2026-09-01", "sla-weakened", f"{ABOUT}, SLA incident-sla", "target lowered"),
        ("2026-09-01", "sla-weakened", f"{ABOUT}, SLA incident-sla", "credits reduced"),
    ]
    assert effects[0]["data"] == {"before": 12.0, "after": 8.0}
    assert (effects[2]["before"], effects[2]["after"]) == ("95%", "92%")


def test_fail_on_sla_weakened_catches_a_weakening_amendment(run: Run, repo: Repo) -> None:
    # Effective after the as-of date: no window judged yet, nothing else in the diff.
    amend(repo, LOWERED.format(effective="2026-11-01"))
    args = ("diff", "main", "--root", repo.root, "--as-of", "2026-10-31", "--fail-on")
    weakened = run(*args, "sla-weakened")
    assert weakened.exit_code == 1
    assert weakened.stderr == "vendorctl: 1 change in 1 vendor; 1 needs review: amendment-added.\n"
    assert run(*args, "amendment-added").exit_code == 1
    assert run(*args, "sla-strengthened,amendment-removed,amendment-changed").exit_code == 0


def test_a_weakening_amendment_is_marked_for_review(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-11-01"))
    result = run("diff", "main", "--root", repo.root, "--fail-on", "sla-weakened", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [c["review"] for v in data["vendors"] for c in v["changes"]] == [True]
    assert data["flagged"] == 1


def test_a_strengthening_amendment_and_a_new_sla(run: Run, repo: Repo) -> None:
    amend(
        repo,
        "amendments:\n  - id: fcr-added\n    effective: 2026-11-01\n"
        "    slas:\n      - {id: fcr, kpi: fcr, target: 70, credits: [{below: 70, credit: 3}]}\n"
        "    claim_period: 90 days\n",
    )
    (change,) = changes(run, repo)
    assert change["kind"] == "amendment-added"
    assert change["what"] == (
        "effective 2026-11-01, strengthens the SLA terms from that date: claim period lengthened "
        "(60 days -> 90 days); SLA fcr added (fcr 70%, monthly)"
    )
    assert (change["after"], change["data"]["weakens"], change["data"]["strengthens"]) == (
        None,
        False,
        True,
    )
    args = ("diff", "main", "--root", repo.root, "--as-of", "2026-10-31", "--fail-on")
    assert run(*args, "sla-weakened").exit_code == 0
    assert run(*args, "sla-strengthened").exit_code == 1


def test_an_amendment_of_charges_and_term_only(run: Run, repo: Repo) -> None:
    amend(
        repo,
        "amendments:\n  - id: price-2027\n    effective: 2027-01-01\n"
        "    monthly_charge: 18000\n    end: 2028-06-30\n",
    )
    lines = kinds(diff(run, repo), "amendment-added")
    assert lines == [
        f"  amendment-added  {ABOUT}, amendment price-2027, effective 2027-01-01, changes the "
        "terms from that date: monthly charge down 10.0% (EUR 20,000.00 -> EUR 18,000.00); "
        "end (2027-12-31 -> 2028-06-30)"
    ]
    args = ("diff", "main", "--root", repo.root, "--as-of", "2026-10-31", "--fail-on")
    assert run(*args, "sla-weakened,sla-strengthened").exit_code == 0
    assert run(*args, "value-changed").exit_code == 1


def test_an_amendment_edited_after_its_date_rewrites_the_windows_since(
    run: Run, repo: Repo
) -> None:
    amend(repo, LOWERED.format(effective="2026-09-01"))
    repo.commit("amendment-1")
    repo.edit(
        CONTRACT,
        "target: 92, credits: [{below: 92, credit: 4}]",
        "target: 90, credits: [{below: 92, credit: 4}]",
    )
    lines = diff(run, repo, base="HEAD")
    assert lines == [
        f"  amendment-changed  {ABOUT}, amendment amendment-1, effective 2026-09-01, weakens the "
        "SLA terms from that date: SLA incident-sla target lowered (92% -> 90%) "
        "(in place: applies to past windows since 2026-09-01 too)"
    ]
    (change,) = changes(run, repo, base="HEAD")
    assert (change["data"]["in_place"], change["data"]["effective_before"]) == (
        True,
        "2026-09-01",
    )


def test_an_amendment_moved_later_strengthens_the_month_between(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-11-01"))
    repo.commit("amendment-1")
    repo.edit(CONTRACT, "effective: 2026-11-01", "effective: 2026-12-01")
    (line,) = kinds(diff(run, repo, base="HEAD"), "amendment-changed")
    assert line.startswith(
        f"  amendment-changed  {ABOUT}, amendment amendment-1, effective 2026-11-01 -> "
        "2026-12-01, strengthens the SLA terms from 2026-11-01 to 2026-11-30: credit cap "
        "increased (8% -> 12%); claim period lengthened (30 days -> 60 days); SLA incident-sla "
        "target raised (92% -> 95%); SLA incident-sla credits increased"
    )
    assert "in place" not in line  # both dates after the as-of date: nothing judged yet


def test_an_amendment_removed_after_its_date(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-09-01"))
    repo.commit("amendment-1")
    repo.write(CONTRACT, FILES[CONTRACT])
    lines = diff(run, repo, base="HEAD")
    (line,) = kinds(lines, "amendment-removed")
    assert line == (
        f"  amendment-removed  {ABOUT}, amendment amendment-1, effective 2026-09-01, strengthens "
        "the SLA terms from that date: credit cap increased (8% -> 12%); claim period "
        "lengthened (30 days -> 60 days); SLA incident-sla target raised (92% -> 95%); SLA "
        "incident-sla credits increased (below 92%: 4% -> below 95%: 5%; below 90%: 10%; "
        f"below 85%: 15%): {SUMMARY} -> none (in place: applies to past windows since "
        "2026-09-01 too)"
    )
    assert kinds(lines, "sla-weakened", "sla-strengthened") == []


def test_an_amendment_ending_an_sla_weakens_it(run: Run, repo: Repo) -> None:
    amend(
        repo, "amendments:\n  - {id: no-sla, effective: 2026-11-01, removes_slas: [incident-sla]}\n"
    )
    (change,) = changes(run, repo)
    assert (change["kind"], change["what"], change["data"]["weakens"]) == (
        "amendment-added",
        "effective 2026-11-01, weakens the SLA terms from that date: SLA incident-sla removed "
        "(was incidents 95%, monthly)",
        True,
    )


def test_an_amendment_reworded_changes_no_terms(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-09-01"))
    repo.commit("amendment-1")
    repo.edit(CONTRACT, "claims within 30 days", "claims in 30 days")
    repo.edit(CONTRACT, "signed: 2026-08-20", "signed: 2026-08-21")
    (change,) = changes(run, repo, base="HEAD")
    assert (change["kind"], change["what"], change["before"], change["after"]) == (
        "amendment-changed",
        "effective 2026-09-01, signed 2026-08-20 -> 2026-08-21, changes no terms",
        SUMMARY,
        "Incident SLA lowered to 92%, cap 8%, claims in 30 days",
    )
    assert "note" not in change["data"]  # no window is judged otherwise
    assert (change["data"]["in_place"], change["data"]["effects"]) == (True, [])


def test_original_terms_edited_in_place_change_the_past_with_the_money(
    run: Run, repo: Repo
) -> None:
    repo.edit(CONTRACT, "    target: 95\n", "    target: 92\n")
    repo.edit(
        CONTRACT,
        "      - {below: 95, credit: 5}\n      - {below: 90, credit: 10}\n"
        "      - {below: 85, credit: 15}\n",
        "      - {below: 92, credit: 4}\n",
    )
    past = "(in place: applies to past windows too)"
    assert diff(run, repo) == [
        f"  sla-weakened  {ABOUT}, SLA incident-sla, credits reduced: below 95%: 5%; below 90%: "
        f"10%; below 85%: 15% -> below 92%: 4% {past}",
        f"  sla-weakened  {ABOUT}, SLA incident-sla, target lowered: 95% -> 92% {past}",
        f"  credits-changed  {ABOUT}, changes the credit for 2026-07 from EUR 2,000.00 to "
        "EUR 800.00",
        f"  credits-changed  {ABOUT}, changes the credit for 2026-09 from EUR 1,000.00 to "
        "EUR 800.00",
        f"  credits-changed  {ABOUT}, erases the EUR 1,000.00 credit for 2026-06",
        f"  credits-changed  {ABOUT}, erases the EUR 1,000.00 credit for 2026-10",
    ]
    weakened = changes(run, repo)[1]
    assert weakened["data"] == {
        "before": 95.0,
        "after": 92.0,
        "in_place": True,
        "note": "in place: applies to past windows too",
    }


def test_renewal_terms_edited_in_place_apply_from_the_start(run: Run, repo: Repo) -> None:
    repo.edit(
        CONTRACT, "claim_period: 60 days\n", "claim_period: 60 days\nnotice_to: quarter-end\n"
    )
    (change,) = [c for c in changes(run, repo) if c["kind"] == "notice-period-changed"]
    assert (change["what"], change["before"], change["after"], change["data"]) == (
        "notice to",
        "term-end",
        "quarter-end",
        {"in_place": True, "note": "in place: applies from the start of the contract"},
    )


def test_a_contract_not_yet_started_has_no_past_to_change(run: Run, repo: Repo) -> None:
    repo.edit(CONTRACT, "start: 2026-01-01", "start: 2027-01-01")
    repo.commit("starts next year")
    repo.edit(CONTRACT, "credit_cap: 12", "credit_cap: 10")
    (change,) = changes(run, repo, base="HEAD")
    assert (change["kind"], change["what"], change["data"]) == (
        "sla-weakened",
        "credit cap reduced",
        {"before": 12.0, "after": 10.0, "in_place": True},
    )


def test_a_new_contract_brings_its_amendments_with_it(run: Run, repo: Repo) -> None:
    repo.write(
        "vendors/helix/contracts/project.yaml",
        "id: helix-project\ntitle: Migration project\nkind: sow\nstart: 2026-01-01\n"
        "end: 2026-12-31\n"
        + LOWERED.format(effective="2026-09-01").replace(
            "    slas:\n      - {id: incident-sla, kpi: incidents, target: 92, credits: "
            "[{below: 92, credit: 4}]}\n",
            "",
        ),
    )
    assert [c["kind"] for c in changes(run, repo)] == ["contract-added"]


def test_markdown_says_the_amendment_and_the_past(run: Run, repo: Repo) -> None:
    amend(repo, LOWERED.format(effective="2026-11-01"))
    repo.edit(CONTRACT, "monthly_charge: 20000", "monthly_charge: 21000")
    out = repo.root.parent / "comment.md"
    args = ("--as-of", "2026-10-31", "-f", "md", "-o", out)
    assert run("diff", "main", "--root", repo.root, *args).exit_code == 0
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if ABOUT in line]
    assert rows[:2] == [
        f"| Amendment added | {ABOUT}, amendment amendment-1 | effective 2026-11-01, "
        f"{WEAKENED.replace('->', '-&gt;')} | — | {SUMMARY} |",
        f"| Value changed | {ABOUT} | monthly charge up 5.0% (in place: applies to past windows "
        "too) | EUR 20,000.00 | EUR 21,000.00 |",
    ]
    assert lint([out]) == ""
