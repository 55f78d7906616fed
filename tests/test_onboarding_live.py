"""The onboarding pack's live situation: the next review (as the QBR has it), open issues and
actions, the last decisions, exit terms and open rights, the selection record, dated plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint

ACME = Path("vendors/acme")
VENDOR = ACME / "vendor.yaml"
MSA = ACME / "contracts/msa.yaml"


def append(root: Path, path: Path, text: str) -> None:
    """`text` added at the end of one of the portfolio's files."""
    target = root / path
    target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(root: Path, path: Path, old: str, new: str) -> None:
    """One piece of one of the portfolio's files changed (it must be there)."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new), encoding="utf-8")


def pack(run: Run, root: Path, *args: str) -> str:
    result = run("onboard", "acme", "--root", root, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def data(run: Run, root: Path, *args: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(pack(run, root, "--format", "json", *args))
    return found


def section(text: str, start: str, end: str) -> list[str]:
    """The lines of `text` from the line `start` up to (not including) the line `end`."""
    lines = text.splitlines()
    first = lines.index(start)
    return lines[first : lines.index(end, first + 1)]


# --- the next review ----------------------------------------------------------------------------


def test_the_next_review_is_the_last_qbr_plus_the_interval_as_in_the_qbr(
    run: Run, portfolio: Path
) -> None:
    # acme held its QBR on 2026-09-15; its cadence holds one every 3 months.
    found = data(run, portfolio, "--as-of", "2026-10-31")
    assert found["next_review"] == {
        "date": "2026-12-15",
        "name": "QBR",
        "called": "QBR",
        "kind": "qbr",
        "due": "2026-12-15",
        "overdue": False,
        "last": "2026-09-15",
        "text": "due 2026-12-15",
    }
    qbr = json.loads(run("qbr", "acme", "--root", portfolio, "-f", "json").stdout)
    assert qbr["meeting"]["date"] == found["next_review"]["date"]
    text = pack(run, portfolio, "--as-of", "2026-10-31", "--role", "relationship")
    assert "The next QBR is due on 2026-12-15 (the last was held on 2026-09-15)." in text
    assert "- [ ] Chair or attend the next QBR (due 2026-12-15)" in text


def test_a_review_due_on_the_as_of_date_is_not_overdue_and_a_day_later_it_is(
    run: Run, portfolio: Path
) -> None:
    on_time = data(run, portfolio, "--as-of", "2026-12-15")["next_review"]
    assert (on_time["date"], on_time["overdue"]) == ("2026-12-15", False)
    late = pack(run, portfolio, "--as-of", "2026-12-16", "--role", "relationship")
    # Overdue: prepared for the first working day two weeks on (2026-12-30, a Wednesday).
    assert (
        "The next QBR is overdue (due 2026-12-15; the last was held on 2026-09-15): "
        "plan it for 2026-12-30."
    ) in late
    assert (
        "- [ ] Chair or attend the next QBR (overdue since 2026-12-15: plan it for 2026-12-30)"
    ) in late


def test_a_vendor_with_no_review_held_yet(run: Run, portfolio: Path) -> None:
    (portfolio / ACME / "meetings/2026-09-15-qbr.yaml").unlink()
    # No QBR held and no `since`: nothing gives a due date, so it is overdue from the start.
    found = data(run, portfolio, "--as-of", "2026-10-31")["next_review"]
    assert (found["date"], found["due"], found["overdue"], found["last"]) == (
        "2026-11-16",
        None,
        True,
        None,
    )
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert "The next QBR is overdue (none held yet): plan it for 2026-11-16." in text
    assert "- [ ] Chair or attend the next QBR (never held: plan it for 2026-11-16)" in text
    # With `since`, the first one is due an interval after the relationship began.
    replace(portfolio, VENDOR, "status: active\n", "status: active\nsince: 2026-09-01\n")
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert "The next QBR is due on 2026-12-01 (none held yet)." in text


def test_a_yearly_account_review_is_named_after_its_cadence(run: Run, portfolio: Path) -> None:
    replace(
        portfolio,
        VENDOR,
        "{kind: qbr, tier: management, every: 3 months}",
        "{kind: account-review, tier: management, every: 12 months}",
    )
    (portfolio / ACME / "meetings/2026-03-02-account-review.yaml").write_text(
        "date: 2026-03-02\nkind: account-review\ntier: management\n", encoding="utf-8"
    )
    found = data(run, portfolio, "--as-of", "2026-10-31", "--role", "transformation")
    assert (found["next_review"]["name"], found["next_review"]["date"]) == (
        "Account review",
        "2027-03-02",
    )
    text = pack(run, portfolio, "--as-of", "2026-10-31", "--role", "transformation")
    assert "The next account review is due on 2027-03-02 (the last was held on 2026-03-02)." in text
    assert "- [ ] Present roadmap proposals at the next account review" in text


# --- the live situation -------------------------------------------------------------------------

LATER_MEETINGS = {
    # An earlier QBR, whose decisions the later one supersedes.
    "2026-06-15-qbr.yaml": (
        "date: 2026-06-15\nkind: qbr\ntier: management\ndecisions: [Old decision]\n"
        "actions:\n  - {id: runbook, title: Update the runbook, owner: vera, due: 2026-07-31}\n"
    ),
    # After the as-of date: not held yet, so none of it shows.
    "2026-11-20-service-review.yaml": (
        "date: 2026-11-20\nkind: service-review\ntier: operational\ndecisions: [Not yet taken]\n"
    ),
}


def test_the_live_situation_issues_actions_and_last_decisions(run: Run, portfolio: Path) -> None:
    for name, text in LATER_MEETINGS.items():
        (portfolio / ACME / "meetings" / name).write_text(text, encoding="utf-8")
    replace(
        portfolio,
        VENDOR,
        "{level: 3, tier: executive, internal: erin, vendor: vince}",
        "{level: 3, tier: executive, internal: erin, vendor: vince, after: 3 days}",
    )
    found = data(run, portfolio, "--as-of", "2026-10-31")
    assert found["issues"] == [
        {
            "id": "slow-tickets",
            "title": "Tickets answered late",
            "severity": "high",
            "opened": "2026-08-02",
            "age_days": 90,
            "level": 2,
            "level_tier": "management",
            "level_people": "Ana Internal and Victor Vendor",
            "owner": "Otto Ops",
            "escalation_due": "At level 2 for 82 days; level 3 (Erin Exec and Vince Vendor) was "
            "due after 3 days",
        }
    ]
    assert [(a["id"], a["due"], a["days_overdue"]) for a in found["actions"]] == [
        ("runbook", "2026-07-31", 92),
        ("dr-test", "2026-11-30", None),
    ]
    assert found["last_decisions"] == [
        {"date": "2026-10-15", "kind": "service-review", "title": None, "decisions": []},
        {
            "date": "2026-09-15",
            "kind": "qbr",
            "title": None,
            "decisions": ["Move backups to the second region"],
        },
        {"date": "2026-06-01", "kind": "executive-review", "title": None, "decisions": []},
    ]
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert section(text, "## The situation now", "## Who is who") == [
        "## The situation now",
        "",
        "### Open issues",
        "",
        "| Issue | Severity | Opened | Age | Escalation level | Owner | Escalation due |",
        "| --- | --- | --- | ---: | --- | --- | --- |",
        "| Tickets answered late | high | 2026-08-02 | 90 days | 2 (management: Ana Internal and "
        "Victor Vendor) | Otto Ops | At level 2 for 82 days; level 3 (Erin Exec and Vince Vendor) "
        "was due after 3 days |",
        "",
        "### Open actions",
        "",
        "| Action | Owner | Due | Overdue | Raised |",
        "| --- | --- | --- | ---: | --- |",
        "| Update the runbook | Vera Vendor | 2026-07-31 | 🔴 92 days | 2026-06-15 |",
        "| Run a DR test | Victor Vendor | 2026-11-30 | — | 2026-09-15 |",
        "",
        "### Last decisions",
        "",
        "- 2026-10-15, service-review: no decision recorded.",
        "- 2026-09-15, qbr:",
        "  - Move backups to the second region",
        "- 2026-06-01, executive-review: no decision recorded.",
        "",
    ]


def test_a_quiet_vendor_says_so_and_shows_no_escalation_column(run: Run, portfolio: Path) -> None:
    (portfolio / ACME / "issues.yaml").write_text("issues: []\n", encoding="utf-8")
    for meeting in (portfolio / ACME / "meetings").iterdir():
        meeting.unlink()
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert section(text, "## The situation now", "## Who is who") == [
        "## The situation now",
        "",
        "### Open issues",
        "",
        "No issue is open.",
        "",
        "### Open actions",
        "",
        "No action is open from earlier meetings.",
        "",
        "### Last decisions",
        "",
        "No meeting is on record yet.",
        "",
    ]


# --- exit terms, termination rights and what the vendor's copy leaves out -----------------------

TERMINATION = """termination:
  for_convenience: Customer, on 3 months' notice.
  exit_assistance: Six months of transition support.
  triggers:
    - {sla: availability, breaches: 1, within: 3, clause: "9.1"}
"""
SELECTION = """  due_diligence:
    - Annual accounts reviewed
    - {item: ISO 27001 certificate, expires: 2026-10-31}
    - {item: Pen test report, expires: 2026-10-01}
"""


def test_exit_terms_rights_and_selection_and_the_vendors_copy_leaves_out_the_internal(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    append(portfolio, MSA, TERMINATION)
    replace(portfolio, VENDOR, "onboarding:\n", SELECTION + "onboarding:\n")
    internal = pack(run, portfolio, "--as-of", "2026-10-31")
    assert section(internal, "## Exit and termination", "## Selection record") == [
        "## Exit and termination",
        "",
        "### Exit and termination: Hosting agreement",
        "",
        "- Notice: 90 days before the term ends (2026-12-31); without notice it renews by itself.",
        "- For convenience: Customer, on 3 months' notice.",
        "- For cause: not set out.",
        "- Exit and transition assistance: Six months of transition support.",
        "- Right to terminate (clause 9.1): opens if the availability SLA is breached in 1 of its latest 3 "
        "windows.",
        "- Service credits: claim within 30 days of the end of the window that earned them.",
        "",
        "### Open rights to terminate",
        "",
        "- acme-msa, SLA availability, clause 9.1: open since 2026-09-30, 1 of the latest 3 "
        "windows breached",
        "",
    ]
    assert section(internal, "### Due diligence", "## Your first 90 days") == [
        "### Due diligence",
        "",
        "| Check | Expires | Status |",
        "| --- | --- | --- |",
        "| Annual accounts reviewed | — | no expiry |",
        "| ISO 27001 certificate | 2026-10-31 | 🟠 expiring, last day today |",
        "| Pen test report | 2026-10-01 | 🔴 expired 30 days ago |",
        "",
    ]
    found = data(run, portfolio, "--as-of", "2026-10-31")
    assert found["exit_terms"][0]["claim_period"] == "30 days"
    assert found["termination_rights"] == [
        {
            "contract": "acme-msa",
            "sla": "availability",
            "clause": "9.1",
            "since": "2026-09-30",
            "breaches": 1,
            "within": 3,
        }
    ]
    vendor_md = pack(run, portfolio, "--as-of", "2026-10-31", "--audience", "vendor")
    vendor_json = data(run, portfolio, "--as-of", "2026-10-31", "--audience", "vendor")
    # The terms are the contract's, known to both sides; the open rights and the selection
    # record are ours.
    assert "### Exit and termination: Hosting agreement" in vendor_md
    for internal_only in ("Open rights to terminate", "Selection record", "Due diligence"):
        assert internal_only in internal and internal_only not in vendor_md
    assert (vendor_json["termination_rights"], vendor_json["selection"]) == ([], None)
    assert vendor_json["exit_terms"] == found["exit_terms"]
    for name, text in (("internal.md", internal), ("vendor.md", vendor_md)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert_tables_keep_their_shape(text)
    assert lint([tmp_path / "internal.md", tmp_path / "vendor.md"]) == ""


def test_the_weighted_selection_result_leaves_out_an_unscored_criterion(
    run: Run, portfolio: Path
) -> None:
    replace(
        portfolio,
        VENDOR,
        "    - {criterion: financial-stability, weight: 1, score: 4}\n",
        "    - {criterion: financial-stability, weight: 1, score: 4}\n"
        "    - {criterion: references, weight: 2}\n"
        "    - {criterion: cost, weight: 2, score: 2, notes: Dearest of three}\n",
    )
    found = data(run, portfolio, "--as-of", "2026-10-31")["selection"]
    # (3 x 4 + 1 x 4 + 2 x 2) / (3 + 1 + 2) = 20 / 6, the unscored weight left out.
    assert (found["result"], found["unscored"], found["decided"]) == (
        3.33,
        ["references"],
        "2024-10-01",
    )
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert section(text, "## Selection record", "### Due diligence") == [
        "## Selection record",
        "",
        "Decided on 2024-10-01.",
        "",
        "| Criterion | Weight | Score | Notes |",
        "| --- | ---: | ---: | --- |",
        "| capability | 3 | 4 | — |",
        "| financial-stability | 1 | 4 | — |",
        "| references | 2 | not scored | — |",
        "| cost | 2 | 2 | Dearest of three |",
        "",
        "Weighted result: 3.33 of 5 (the sum of weight \N{MULTIPLICATION SIGN} score over the sum of the weights, of "
        "the scored criteria only: references not scored).",
        "",
    ]


def test_no_criterion_scored_gives_no_result(run: Run, portfolio: Path) -> None:
    replace(portfolio, VENDOR, "weight: 3, score: 4}", "weight: 3}")
    replace(portfolio, VENDOR, "weight: 1, score: 4}", "weight: 1}")
    assert data(run, portfolio, "--as-of", "2026-10-31")["selection"]["result"] is None
    text = pack(run, portfolio, "--as-of", "2026-10-31")
    assert "Weighted result: none, no criterion is scored yet." in text


# --- --start ------------------------------------------------------------------------------------


def test_start_dates_the_plan_and_without_it_the_plan_reads_as_before(
    run: Run, portfolio: Path
) -> None:
    args = ("--as-of", "2026-10-31", "--role", "commercial")
    dated = data(run, portfolio, *args, "--start", "2026-11-02")
    steps = dated["checklists"][0]["steps"]
    assert [(s["days"], s["due"]) for s in steps] == [
        (30, "2026-12-02"),
        (60, "2027-01-01"),
        (90, "2027-01-31"),
    ]
    assert steps[0]["tasks"] == dated["checklists"][0]["plan"]["30"]
    text = pack(run, portfolio, *args, "--start", "2026-11-02")
    assert "By day 30 (2026-12-02):" in text and "By day 90 (2027-01-31):" in text
    undated = data(run, portfolio, *args)
    assert [s["due"] for s in undated["checklists"][0]["steps"]] == [None, None, None]
    assert undated["start"] is None
    text = pack(run, portfolio, *args)
    assert [line for line in text.splitlines() if line.startswith("By day")] == [
        "By day 30:",
        "By day 60:",
        "By day 90:",
    ]


def test_a_malformed_start_is_a_usage_error(run: Run, portfolio: Path) -> None:
    bad = run("onboard", "acme", "--root", portfolio, "--start", "2026-13-01")
    assert bad.exit_code == 2 and "--start" in bad.stderr
    far = run("onboard", "acme", "--root", portfolio, "--start", "9999-01-01")
    assert far.exit_code == 2
    assert "--start 9999-01-01 is outside the years 1900 to 2999" in far.stderr
