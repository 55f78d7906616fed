"""Escalation timing (issue 20, part 5): the ladder's `after:` against the time at the level.

An open issue at level L (0: not escalated) has been there since its latest escalation to L on or
before the as-of date (since it opened, for 0). The rung L + 1 is due on its `after:` added to
that date, and from that day on (`escalation-due`, a warning). The test portfolio's ladder is
otto/vera (1), ana/victor (2), erin/vince (3); the tests give its rungs an `after:`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint
from vendorctl.compute.escalation import EscalationDue, due_text, escalation_due, escalations_due
from vendorctl.model.records import Issue
from vendorctl.model.vendor import Vendor

VENDOR = "vendors/acme/vendor.yaml"
ISSUES = "vendors/acme/issues.yaml"
RUNGS = (
    "  - {level: 1, tier: operational, internal: otto, vendor: vera",
    "  - {level: 2, tier: management, internal: ana, vendor: victor",
    "  - {level: 3, tier: executive, internal: erin, vendor: vince",
)
CODE = "[escalation-due]"


def ladder(root: Path, *after: str | None) -> Path:
    """The test portfolio's ladder with `after:` on its rungs 1, 2, 3 (None: no `after:`)."""
    path = root / VENDOR
    text = path.read_text(encoding="utf-8")
    for rung, wait in zip(RUNGS, after, strict=True):
        assert rung + "}\n" in text
        if wait is not None:
            text = text.replace(rung + "}\n", f"{rung}, after: {wait}}}\n")
    path.write_text(text, encoding="utf-8")
    return root


def issue(
    root: Path,
    escalations: str = "[]",
    *,
    opened: str = "2026-10-01",
    closed: str | None = None,
) -> Path:
    """The test portfolio's issue log holding one issue, `slow-tickets`, escalated as given."""
    state = f"    closed: {closed}\n    status: resolved\n" if closed else ""
    (root / ISSUES).write_text(
        "issues:\n"
        "  - id: slow-tickets\n"
        "    title: Tickets answered late\n"
        f"    opened: {opened}\n"
        f"{state}"
        "    severity: high\n"
        "    owner: otto\n"
        f"    escalations: {escalations}\n",
        encoding="utf-8",
    )
    return root


def findings(run: Run, root: Path, as_of: str) -> list[str]:
    """validate's `escalation-due` lines as of a date (the other policies' left out)."""
    result = run("validate", "--root", root, "--as-of", as_of)
    assert result.exit_code == 0, result.stdout + result.stderr
    return [line for line in result.lines if line.endswith(CODE)]


def show(run: Run, root: Path, as_of: str) -> dict[str, Any]:
    result = run("show", "acme", "--root", root, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


LEVEL_1 = "[{date: 2026-10-20, level: 1}]"


# --- the edges, through validate --------------------------------------------------------------


def test_due_exactly_at_after_with_the_exact_message(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(portfolio, LEVEL_1)
    assert findings(run, portfolio, "2026-10-23") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has been at level 1 for "
        "3 days; level 2 (Ana Internal and Victor Vendor) was due after 3 days [escalation-due]"
    ]


def test_not_due_one_day_before_after(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(portfolio, LEVEL_1)
    assert findings(run, portfolio, "2026-10-22") == []


def test_days_at_the_level_keep_counting_after_the_due_day(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(portfolio, LEVEL_1)
    assert findings(run, portfolio, "2026-10-29") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has been at level 1 for "
        "9 days; level 2 (Ana Internal and Victor Vendor) was due after 3 days [escalation-due]"
    ]


def test_level_0_counts_from_the_opening_date(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(portfolio)  # opened 2026-10-01, never escalated
    assert findings(run, portfolio, "2026-10-02") == []
    assert findings(run, portfolio, "2026-10-03") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has not been escalated for "
        "2 days; level 1 (Otto Ops and Vera Vendor) was due after 2 days [escalation-due]"
    ]


def test_one_day_is_singular_in_both_places(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "1 day", None, None)
    issue(portfolio)
    assert findings(run, portfolio, "2026-10-02") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has not been escalated for "
        "1 day; level 1 (Otto Ops and Vera Vendor) was due after 1 day [escalation-due]"
    ]


def test_a_rung_in_weeks_or_months_is_said_in_its_own_unit(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "1 month", "2 weeks")
    issue(portfolio, "[{date: 2026-08-31, level: 1}]", opened="2026-08-30")
    # From a month end, one month lands on the next month end: 2026-09-30.
    assert findings(run, portfolio, "2026-09-29") == []
    assert findings(run, portfolio, "2026-09-30") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has been at level 1 for "
        "30 days; level 2 (Ana Internal and Victor Vendor) was due after 1 month [escalation-due]"
    ]


def test_a_rung_without_after_is_never_due(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", None, "1 day")
    issue(portfolio, LEVEL_1)
    assert findings(run, portfolio, "2027-10-20") == []


def test_the_top_of_the_ladder_has_nothing_due(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "1 day", "1 day", "1 day")
    issue(portfolio, "[{date: 2026-10-02, level: 1}, {date: 2026-10-03, level: 3}]")
    assert findings(run, portfolio, "2027-10-20") == []


def test_the_clock_runs_from_the_latest_escalation_to_the_level_by_the_as_of_date(
    run: Run, portfolio: Path
) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(
        portfolio,
        "[{date: 2026-10-02, level: 1}, {date: 2026-10-12, level: 1}, {date: 2026-10-25, level: 2}]",
    )
    # On 2026-10-14 the issue is at level 1 since 2026-10-12 (the escalation to 2 is still ahead):
    # level 2 falls due on 2026-10-15, not 2026-10-05.
    assert findings(run, portfolio, "2026-10-14") == []
    assert findings(run, portfolio, "2026-10-15") == [
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has been at level 1 for "
        "3 days; level 2 (Ana Internal and Victor Vendor) was due after 3 days [escalation-due]"
    ]
    # Escalated to 2 on 2026-10-25: level 3 is due ten days later.
    assert findings(run, portfolio, "2026-11-03") == []
    assert len(findings(run, portfolio, "2026-11-04")) == 1


def test_a_resolved_issue_has_nothing_due(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "1 day", "1 day", "1 day")
    issue(portfolio, LEVEL_1, closed="2026-10-25")
    assert findings(run, portfolio, "2026-10-25") == []
    assert findings(run, portfolio, "2026-12-31") == []
    # Before it opened there is nothing to escalate either.
    assert findings(run, portfolio, "2026-09-30") == []


def test_the_severity_is_configurable(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "1 day", "1 day", "1 day")
    issue(portfolio, LEVEL_1)
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "policies:\n  escalation-due: error\n",
        encoding="utf-8",
    )
    result = run("validate", "--root", portfolio, "--as-of", "2026-10-21")
    assert result.exit_code == 1
    assert [line for line in result.lines if line.endswith(CODE)] == [
        "vendors/acme/issues.yaml:2:5: error: issue `slow-tickets` has been at level 1 for "
        "1 day; level 2 (Ana Internal and Victor Vendor) was due after 1 day [escalation-due]"
    ]


# --- the computation, as the QBR and the onboarding pack use it ---------------------------------


def _issue(**fields: Any) -> Issue:
    base: dict[str, Any] = {"id": "slow-tickets", "title": "Tickets answered late"}
    return Issue.model_validate(base | fields)


def _vendor(portfolio: Path) -> Vendor:
    from vendorctl.load.yamlio import load

    ladder(portfolio, "2 days", "3 days", None)
    return Vendor.model_validate(load(portfolio / VENDOR, "vendor.yaml").data)


def test_escalation_due_gives_the_dates_and_the_rung(portfolio: Path) -> None:
    vendor = _vendor(portfolio)
    late = _issue(opened="2026-10-01", escalations=[{"date": "2026-10-20", "level": 1}])
    due = escalation_due(vendor, late, date(2026, 10, 29))
    assert isinstance(due, EscalationDue)
    assert (due.level, due.since, due.days_at_level, due.due_on, due.days_late) == (
        1,
        date(2026, 10, 20),
        9,
        date(2026, 10, 23),
        6,
    )
    assert (due.rung.level, due.rung.internal, due.rung.vendor) == (2, "ana", "victor")
    # An unknown person shows as the id.
    assert due_text(due, {"ana": "Ana Internal"}) == (
        "issue `slow-tickets` has been at level 1 for 9 days; level 2 (Ana Internal and victor) "
        "was due after 3 days"
    )
    assert escalation_due(vendor, late, date(2026, 10, 23)) is not None
    assert escalation_due(vendor, late, date(2026, 10, 22)) is None


def test_an_escalation_after_the_as_of_date_does_not_restart_the_clock(portfolio: Path) -> None:
    vendor = _vendor(portfolio)
    raised_again = _issue(
        opened="2026-10-01",
        escalations=[{"date": "2026-10-02", "level": 1}, {"date": "2026-10-20", "level": 1}],
    )
    due = escalation_due(vendor, raised_again, date(2026, 10, 5))
    assert due is not None and (due.since, due.days_at_level, due.days_late) == (
        date(2026, 10, 2),
        3,
        0,
    )
    again = escalation_due(vendor, raised_again, date(2026, 10, 22))
    assert again is None  # raised to level 1 again on 2026-10-20: level 2 is due 2026-10-23


def test_escalations_due_lists_open_issues_only_in_open_issues_order(portfolio: Path) -> None:
    vendor = _vendor(portfolio)
    issues = [
        _issue(id="young", opened="2026-10-20", severity="high"),
        _issue(id="old", opened="2026-10-01", severity="high"),
        _issue(id="minor", opened="2026-09-01", severity="low"),
        _issue(id="waiting", opened="2026-10-27"),  # level 1 due 2026-10-29, not yet
        _issue(id="done", opened="2026-09-01", closed="2026-10-02", status="resolved"),
        # At level 2: level 3 has no `after:`.
        _issue(id="top", opened="2026-09-01", escalations=[{"date": "2026-09-02", "level": 2}]),
    ]
    due = escalations_due(vendor, issues, date(2026, 10, 28))
    assert [(d.issue.id, d.days_at_level, d.days_late) for d in due] == [
        ("old", 27, 25),
        ("young", 8, 6),
        ("minor", 57, 55),
    ]


def test_an_issue_resolved_later_was_open_before_its_closed_date(portfolio: Path) -> None:
    # Judged as of the date, as show and the QBR list it: open at level 0 on 2026-10-28.
    vendor = _vendor(portfolio)
    resolved = _issue(opened="2026-09-01", closed="2026-12-01", status="resolved")
    due = escalation_due(vendor, resolved, date(2026, 10, 28))
    assert due is not None and (due.level, due.since) == (0, date(2026, 9, 1))
    assert escalation_due(vendor, resolved, date(2026, 12, 1)) is None  # closed that day
    # Marked resolved with no closed date: no day to judge by, nothing due.
    unknown = _issue(opened="2026-09-01", status="resolved")
    assert escalation_due(vendor, unknown, date(2026, 10, 28)) is None


# --- show ---------------------------------------------------------------------------------------


def test_show_gives_each_issue_row_its_escalation_due(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", None)
    (portfolio / ISSUES).write_text(
        "issues:\n"
        "  - {id: slow-tickets, title: Tickets answered late, opened: 2026-10-01, severity: high,\n"
        "     escalations: [{date: 2026-10-20, level: 1}]}\n"
        "  - {id: top-rung, title: Reports late, opened: 2026-10-01, severity: low,\n"
        "     escalations: [{date: 2026-10-02, level: 2}]}\n",
        encoding="utf-8",
    )
    rows = show(run, portfolio, "2026-10-29")["issues"]
    assert [(r["title"], r["level"], r["escalation_due"]) for r in rows] == [
        (
            "Tickets answered late",
            1,
            "At level 1 for 9 days; level 2 (Ana Internal and Victor Vendor) was due after 3 days",
        ),
        ("Reports late", 2, None),
    ]


def test_show_draws_the_sentence_beside_the_issue(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    ladder(portfolio, "2 days", "3 days", None)
    issue(portfolio, LEVEL_1)
    result = run("show", "acme", "--root", portfolio, "--as-of", "2026-10-29", "--format", "md")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    section = text[text.index("## Open issues") : text.index("## Top risks")]
    assert section.splitlines() == [
        "## Open issues",
        "",
        "| Issue | Severity | Age | Escalation level | Escalation due |",
        "| --- | --- | ---: | ---: | --- |",
        "| Tickets answered late | high | 28 days | 1 | ⚠️ At level 1 for 9 days; level 2 (Ana "
        "Internal and Victor Vendor) was due after 3 days |",
        "",
    ]
    assert_tables_keep_their_shape(text)
    written = tmp_path / "show.md"
    written.write_text(text, encoding="utf-8")
    assert lint([written]) == ""
    on_time = run("show", "acme", "--root", portfolio, "--as-of", "2026-10-22", "--format", "md")
    assert "| Tickets answered late | high | 21 days | 1 | — |" in on_time.stdout


def test_show_in_a_terminal_keeps_the_sentence_in_its_column(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", None)
    issue(portfolio, LEVEL_1)
    result = run("show", "acme", "--root", portfolio, "--as-of", "2026-10-29")
    assert result.exit_code == 0, result.stderr
    lines = result.lines
    header = next(i for i, line in enumerate(lines) if "Escalation due" in line)
    column = lines[header].index("Escalation due")
    end = next(i for i, line in enumerate(lines) if line.startswith("Top risks"))
    cells = " ".join(line[column:].strip() for line in lines[header + 2 : end])
    assert " ".join(cells.split()) == (
        "⚠️ At level 1 for 9 days; level 2 (Ana Internal and Victor Vendor) was due after 3 days"
    )


def test_a_table_cell_beside_the_issue_leaves_out_the_subject(run: Run, portfolio: Path) -> None:
    ladder(portfolio, "2 days", "3 days", "10 days")
    issue(portfolio)  # opened 2026-10-01, never escalated
    rows = show(run, portfolio, "2026-10-03")["issues"]
    assert rows[0]["escalation_due"] == (
        "Not escalated for 2 days; level 1 (Otto Ops and Vera Vendor) was due after 2 days"
    )
