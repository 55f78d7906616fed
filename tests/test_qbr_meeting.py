"""The QBR follows the record: the next due review from the cadence and the minutes, the last
review's decisions first, the deadlines before the meeting, and time boxes that follow the
content (issue 20, parts 1 to 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

MEETINGS = "vendors/acme/meetings"


def _qbr(run: Run, portfolio: Path, *args: str) -> dict[str, Any]:
    result = run("qbr", "acme", "-f", "json", "--root", portfolio, *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _vendor(portfolio: Path, old: str, new: str) -> None:
    path = portfolio / "vendors/acme/vendor.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _without_qbrs(portfolio: Path) -> None:
    (portfolio / MEETINGS / "2026-09-15-qbr.yaml").unlink()


def test_the_next_qbr_is_the_last_one_plus_the_cadence(run: Run, portfolio: Path) -> None:
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")
    meeting = data["meeting"]
    # Held on 2026-09-15, every 3 months: the next is due on 2026-12-15, reviewing 2026-Q3,
    # the latest quarter ended before it.
    assert (meeting["date"], meeting["due"], meeting["last"]) == (
        "2026-12-15",
        "2026-12-15",
        "2026-09-15",
    )
    assert meeting["overdue"] is False
    assert data["quarter"] == "2026-Q3"
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert "The last QBR was held on 2026-09-15; this one is due 2026-12-15 (every 3 months)." in md


def test_a_review_due_on_the_as_of_date_is_not_overdue(run: Run, portfolio: Path) -> None:
    meeting = _qbr(run, portfolio, "--as-of", "2026-12-15")["meeting"]
    assert (meeting["date"], meeting["overdue"]) == ("2026-12-15", False)


def test_an_overdue_review_is_prepared_two_weeks_on_and_says_so(run: Run, portfolio: Path) -> None:
    data = _qbr(run, portfolio, "--as-of", "2026-12-16")
    meeting = data["meeting"]
    # 2026-12-30, a Wednesday, two weeks after the as-of date.
    assert (meeting["date"], meeting["due"], meeting["overdue"]) == (
        "2026-12-30",
        "2026-12-15",
        True,
    )
    assert data["quarter"] == "2026-Q3"  # Q4 ends on the 31st: not yet ended on the 30th
    md = run("qbr", "acme", "--as-of", "2026-12-16", "--root", portfolio).stdout
    assert (
        "The QBR is overdue: the last was held on 2026-09-15 and the next was due by 2026-12-15 "
        "(every 3 months). Hold it as soon as you can; this agenda is for 2026-12-30."
    ) in md


def test_a_cadence_with_no_meeting_held_yet(run: Run, portfolio: Path) -> None:
    _without_qbrs(portfolio)
    # Without a start of the relationship nothing gives a due date: overdue, two weeks on.
    meeting = _qbr(run, portfolio, "--as-of", "2026-10-31")["meeting"]
    assert (meeting["date"], meeting["due"], meeting["last"], meeting["overdue"]) == (
        "2026-11-16",
        None,
        None,
        True,
    )
    # With one, the first is due one interval after it.
    _vendor(portfolio, "segment: strategic", "segment: strategic\nsince: 2026-09-01")
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")
    assert (data["meeting"]["date"], data["meeting"]["overdue"]) == ("2026-12-01", False)
    assert data["previous"] is None
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert "No QBR is on record yet; the first is due 2026-12-01 (every 3 months)." in md
    assert "- Review of the last QBR: none is on record" in md


def test_the_agenda_is_named_after_the_management_review_of_the_cadence(
    run: Run, portfolio: Path
) -> None:
    _vendor(
        portfolio,
        "  - {kind: qbr, tier: management, every: 3 months}",
        "  - {kind: account-review, tier: management, every: 12 months}",
    )
    meeting = portfolio / MEETINGS / "2026-09-15-qbr.yaml"
    meeting.write_text(meeting.read_text().replace("kind: qbr", "kind: account-review"))
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")
    assert (data["meeting"]["name"], data["meeting"]["date"]) == ("Account review", "2027-09-15")
    assert data["quarter"] == "2027-Q2"
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert md.splitlines()[2] == "# Account review: Acme Hosting, 2027-Q2"
    assert "| Meeting | Pre-read due | Duration | Next account review |" in md
    assert "The last account review was held on 2026-09-15;" in md


def test_date_and_quarter_still_override(run: Run, portfolio: Path) -> None:
    data = _qbr(run, portfolio, "--as-of", "2026-10-31", "--date", "2027-02-03")
    assert (data["meeting"]["date"], data["quarter"]) == ("2027-02-03", "2026-Q4")
    data = _qbr(run, portfolio, "--as-of", "2026-10-31", "--quarter", "2026-Q2")
    assert (data["meeting"]["date"], data["quarter"]) == ("2026-12-15", "2026-Q2")


def test_incomplete_data_for_the_quarter_is_said(run: Run, portfolio: Path) -> None:
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--date", "2027-02-03", "--root", portfolio)
    assert (
        "As of 2026-10-31 the data for 2026-Q4 is not all in (the quarter ends on 2026-12-31): "
        "refresh this agenda once it is, before the pre-read goes out."
    ) in md.stdout
    assert (
        _qbr(run, portfolio, "--as-of", "2026-10-31", "--date", "2027-02-03")["quarter_complete"]
        is False
    )


def test_the_agenda_opens_with_the_last_review_and_its_actions_as_they_stand(
    run: Run, portfolio: Path
) -> None:
    # The DR test agreed at the QBR is done by the service review after it.
    review = portfolio / MEETINGS / "2026-10-15-service-review.yaml"
    review.write_text(
        review.read_text()
        + "actions:\n  - {id: dr-test, title: Run a DR test, owner: victor, due: 2026-11-30,"
        " status: done}\n"
    )
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")
    assert data["previous"] == {
        "date": "2026-09-15",
        "title": None,
        "decisions": ["Move backups to the second region"],
        "actions": [
            {
                "title": "Run a DR test",
                "owner": "Victor Vendor",
                "due": "2026-11-30",
                "status": "done",
                "days_overdue": None,
            }
        ],
    }
    assert data["agenda"][0]["title"] == "Review of the last QBR (2026-09-15)"
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    item = md.split("## 1. Review of the last QBR (2026-09-15)\n\n", 1)[1].split("\n## ", 1)[0]
    assert item.splitlines() == [
        "QBR, 2026-09-15.",
        "",
        "Decisions taken:",
        "",
        "- Move backups to the second region",
        "",
        "Its actions, as they stand on 2026-10-31:",
        "",
        "| Action | Owner | Due | Status |",
        "| --- | --- | --- | --- |",
        "| Run a DR test | Victor Vendor | 2026-11-30 | ✅ done |",
    ]


def test_deadlines_before_the_meeting_come_first(run: Run, portfolio: Path) -> None:
    # As of 2026-10-01, for a meeting on 2026-10-30: the notice deadline of 2026-10-02 (no
    # decision recorded) and the claim deadline of the September credit (the claim is dated
    # after the as-of date).
    contract = portfolio / "vendors/acme/contracts/msa.yaml"
    contract.write_text(contract.read_text().replace("decision: renew\n", ""))
    data = _qbr(run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-30")
    assert data["before_meeting"] == [
        {
            "date": "2026-10-02",
            "kind": "notice-deadline",
            "contract": "acme-msa",
            "text": "last day to give notice on Hosting agreement, or it runs on",
        },
        {
            "date": "2026-10-30",
            "kind": "claim-by",
            "contract": "acme-msa",
            "text": "claim the 2026-09 service credit (EUR 1,500.00) by this day, or it lapses",
        },
    ]
    md = run(
        "qbr", "acme", "--as-of", "2026-10-01", "--date", "2026-10-30", "--root", portfolio
    ).stdout
    assert md.index("## Before the meeting") < md.index("## Agenda")
    assert "| 2026-10-30 | acme-msa | claim the 2026-09 service credit (EUR 1,500.00) by this" in md
    # A day earlier, the claim deadline falls after the meeting.
    earlier = _qbr(run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-29")
    assert [d["kind"] for d in earlier["before_meeting"]] == ["notice-deadline"]
    # Our decisions stay out of the vendor's copy.
    vendor = _qbr(
        run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-30", "--audience", "vendor"
    )
    assert vendor["before_meeting"] == []


@pytest.mark.parametrize("issues", [1, 10])
def test_the_issues_item_grows_with_the_issues(run: Run, portfolio: Path, issues: int) -> None:
    log = "issues:\n" + "".join(
        f"  - {{id: i{n}, title: Issue {n}, opened: 2026-10-01, severity: low}}\n"
        for n in range(issues)
    )
    (portfolio / "vendors/acme/issues.yaml").write_text(log, encoding="utf-8")
    agenda = _qbr(run, portfolio, "--as-of", "2026-10-31")["agenda"]
    boxes = {item["key"]: item["minutes"] for item in agenda}
    assert sum(boxes.values()) == 120
    assert boxes["issues"] == {1: 14, 10: 32}[issues]


def test_evidence_to_renew_is_a_row_of_the_risks_item(run: Run, portfolio: Path) -> None:
    _vendor(
        portfolio,
        "selection:\n",
        "selection:\n  due_diligence:\n"
        "    - {item: SOC 2 Type II report, expires: 2026-10-31}\n"
        "    - {item: Cyber insurance certificate, expires: 2026-10-30}\n"
        "    - {item: ISO 27001 certificate, expires: 2027-06-30}\n"
        "    - Financial statements 2025\n",
    )
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")
    assert [(e["item"], e["status"]) for e in data["evidence"]] == [
        ("SOC 2 Type II report", "expiring"),
        ("Cyber insurance certificate", "expired"),
    ]
    md = run("qbr", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert "| SOC 2 Type II report | 2026-10-31 | 🟠 expires today |" in md
    assert "| Cyber insurance certificate | 2026-10-30 | 🔴 expired 1 day ago |" in md
    vendor = _qbr(run, portfolio, "--as-of", "2026-10-31", "--audience", "vendor")
    assert vendor["evidence"] == []


def test_a_date_before_the_as_of_date_is_refused(run: Run, portfolio: Path) -> None:
    result = run(
        "qbr", "acme", "--as-of", "2026-10-31", "--date", "2026-10-01", "--root", portfolio
    )
    assert result.exit_code == 2
    assert "--date 2026-10-01 is before the as-of date 2026-10-31" in result.stderr


def test_a_review_due_on_a_weekend_is_held_on_the_monday(run: Run, portfolio: Path) -> None:
    meeting = portfolio / MEETINGS / "2026-09-15-qbr.yaml"
    meeting.write_text(meeting.read_text().replace("date: 2026-09-15", "date: 2026-09-19"))
    data = _qbr(run, portfolio, "--as-of", "2026-10-31")["meeting"]
    # 2026-12-19 is a Saturday.
    assert (data["due"], data["date"], data["overdue"]) == ("2026-12-19", "2026-12-21", False)


def test_an_internal_meeting_stays_out_of_the_vendor_s_copies(run: Run, portfolio: Path) -> None:
    (portfolio / MEETINGS / "2026-10-20-sourcing-board.yaml").write_text(
        "date: 2026-10-20\nkind: sourcing-board\ntier: management\ninternal: true\n"
        "attendees: [ana]\ndecisions: [Start a tender to replace Acme]\n"
        "actions:\n  - {id: tender, title: Draft the tender, owner: ana, due: 2026-12-01}\n",
        encoding="utf-8",
    )
    ours = run("onboard", "acme", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert "Start a tender to replace Acme" in ours and "Draft the tender" in ours
    for command in ("onboard", "qbr"):
        theirs = run(
            command, "acme", "--as-of", "2026-10-31", "--audience", "vendor", "--root", portfolio
        )
        assert theirs.exit_code == 0, theirs.stderr
        assert "tender" not in theirs.stdout


def test_both_copies_of_an_agenda_keep_one_timetable(run: Run, portfolio: Path) -> None:
    _vendor(
        portfolio,
        "risks:\n",
        "risks:\n  - {id: exit-plan, title: We may leave, likelihood: 4, impact: 4, owner: ana,"
        " mitigation: Tender, review_by: 2027-01-31, internal: true}\n",
    )
    ours = _qbr(run, portfolio, "--as-of", "2026-10-31")
    theirs = _qbr(run, portfolio, "--as-of", "2026-10-31", "--audience", "vendor")
    assert len(ours["risks"]) == len(theirs["risks"]) + 1
    assert [(i["key"], i["minutes"]) for i in ours["agenda"]] == [
        (i["key"], i["minutes"]) for i in theirs["agenda"]
    ]


def test_a_renewal_decided_needs_no_decision_before_the_meeting(run: Run, portfolio: Path) -> None:
    # acme-msa's decision is `renew`: its notice deadline is nothing to act on.
    contract = portfolio / "vendors/acme/contracts/msa.yaml"
    decided = _qbr(run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-30")
    assert [d["kind"] for d in decided["before_meeting"]] == ["claim-by"]
    contract.write_text(contract.read_text().replace("decision: renew", "decision: terminate"))
    ending = _qbr(run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-30")
    assert ending["before_meeting"][0]["text"] == (
        "last day to give notice on Hosting agreement (decision recorded: terminate); send it by "
        "then"
    )
    contract.write_text(contract.read_text().replace("decision: terminate\n", ""))
    open_ = _qbr(run, portfolio, "--as-of", "2026-10-01", "--date", "2026-10-30")
    assert open_["before_meeting"][0]["text"] == (
        "last day to give notice on Hosting agreement, or it runs on"
    )


def test_evidence_expiring_before_the_meeting_is_listed_first(run: Run, portfolio: Path) -> None:
    _vendor(
        portfolio,
        "selection:\n",
        "selection:\n  due_diligence:\n    - {item: SOC 2 Type II report, expires: 2026-12-01}\n",
    )
    data = _qbr(run, portfolio, "--as-of", "2026-09-01", "--date", "2026-12-15")
    assert {
        "date": "2026-12-01",
        "kind": "evidence-expires",
        "contract": "",
        "text": 'due-diligence evidence "SOC 2 Type II report" expires; ask the vendor for a '
        "current one",
    } in data["before_meeting"]
