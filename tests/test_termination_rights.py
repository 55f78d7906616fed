"""Termination rights as code (issue 18, section 3): `termination.triggers` judged on the SLA's
windows, the `termination-right` policy, and `termination_rights` in the reports.

The test portfolio's contract `acme-msa` gets a trigger on its availability SLA (target 99.9,
monthly) and a year of availability data; 99.5 breaches the SLA, 99.95 meets it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint

MSA = "vendors/acme/contracts/msa.yaml"
KPIS = "vendors/acme/kpis/2026.yaml"
FOUR_OF_FOUR = '{sla: availability, breaches: 4, within: 4, clause: "14.2"}'
MET, BREACHED = "99.95", "99.5"


def portfolio_with(
    root: Path, months: dict[str, str | None], *triggers: str, decision: bool = False
) -> Path:
    """The test portfolio with availability data for 2026 (January to May met unless given;
    None: no data that month) and the given triggers on `acme-msa`."""
    values = {f"2026-{m:02d}": MET for m in range(1, 6)} | months
    lines = ["measurements:"]
    for period, value in sorted(values.items()):
        if value is not None:
            lines.append(f"  - {{kpi: availability, period: {period}, value: {value}}}")
    lines += [
        "  - {kpi: response, period: 2026-08, value: 12}",
        "  - {kpi: response, period: 2026-09, value: 20}",
    ]
    (root / KPIS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    contract = root / MSA
    text = contract.read_text(encoding="utf-8")
    assert "decision: renew\n" in text
    if not decision:
        text = text.replace("decision: renew\n", "")
    text += (
        "termination:\n"
        "  for_cause: Either party, on four consecutive months below the availability SLA "
        "(clause 14.2).\n"
        "  triggers:\n" + "".join(f"    - {trigger}\n" for trigger in triggers)
    )
    contract.write_text(text, encoding="utf-8")
    return root


def rights(run: Run, root: Path, as_of: str, *args: str) -> list[dict[str, Any]]:
    """`termination_rights` of the scorecard's JSON as of a date."""
    result = run("scorecard", "acme", "--format", "json", "--as-of", as_of, "--root", root, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["termination_rights"]
    return found


def right(since: str, breaches: int = 4, within: int = 4, clause: str | None = "14.2") -> Any:
    return {
        "contract": "acme-msa",
        "sla": "availability",
        "clause": clause,
        "since": since,
        "breaches": breaches,
        "within": within,
    }


FOUR_BREACHED = {"2026-06": BREACHED, "2026-07": BREACHED, "2026-08": BREACHED}
FOUR_BREACHED |= {"2026-09": BREACHED, "2026-10": MET}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-08-31", []),  # one window short: 2026-05 met, 3 of the latest 4 breached
        ("2026-09-29", []),  # 2026-09 not ended yet
        ("2026-09-30", [right("2026-09-30")]),  # met exactly: 4 of 4
        ("2026-10-30", [right("2026-09-30")]),  # 2026-10 not ended: still open since 2026-09
        ("2026-10-31", []),  # 2026-10 met the SLA: the right closes again
    ],
)
def test_a_trigger_met_exactly_and_closing_again(
    run: Run, portfolio: Path, as_of: str, expected: list[Any]
) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    assert rights(run, root, as_of) == expected


def test_a_gap_without_data_takes_a_place_but_is_no_breach(run: Run, portfolio: Path) -> None:
    months: dict[str, str | None] = {"2026-06": BREACHED, "2026-07": None}
    months |= {"2026-08": BREACHED, "2026-09": BREACHED, "2026-10": BREACHED}
    root = portfolio_with(portfolio, months, FOUR_OF_FOUR)
    # 2026-07 to 2026-10: 3 breaches and a month without data, never 4 of the latest 4.
    assert rights(run, root, "2026-09-30") == []
    assert rights(run, root, "2026-10-31") == []
    # Once a fourth breach follows the gap, the right opens at the end of that window.
    (root / KPIS).write_text(
        (root / KPIS).read_text(encoding="utf-8")
        + f"  - {{kpi: availability, period: 2026-11, value: {BREACHED}}}\n",
        encoding="utf-8",
    )
    assert rights(run, root, "2026-11-30") == [right("2026-11-30")]


def test_a_window_whose_data_is_not_in_yet_does_not_close_the_right(
    run: Run, portfolio: Path
) -> None:
    months: dict[str, str | None] = {**FOUR_BREACHED, "2026-10": BREACHED}
    root = portfolio_with(portfolio, months, FOUR_OF_FOUR)
    # 2026-11 and 2026-12 have ended without data: the right is judged on 2026-07 to 2026-10.
    assert rights(run, root, "2026-12-31") == [right("2026-09-30")]


def test_since_stays_while_the_right_stays_open(run: Run, portfolio: Path) -> None:
    months = {"2026-06": BREACHED, "2026-07": BREACHED, "2026-08": BREACHED, "2026-09": MET}
    months |= {"2026-10": BREACHED}
    root = portfolio_with(portfolio, months, "{sla: availability, breaches: 3, within: 6}")
    # Open at the end of 2026-08 (3 of 6); 2026-09 met left 3, 2026-10 made it 4 of 6.
    assert rights(run, root, "2026-10-31") == [right("2026-08-31", 4, 6, None)]


def test_a_young_contract_counts_the_windows_it_has(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, "{sla: availability, breaches: 3, within: 6}")
    contract = root / MSA
    text = contract.read_text(encoding="utf-8").replace("start: 2025-01-01", "start: 2026-07-01")
    contract.write_text(text, encoding="utf-8")
    # Only 2026-07 to 2026-09 are in the term: 3 breaches of the 3 windows so far.
    assert rights(run, root, "2026-09-30") == [right("2026-09-30", 3, 3, None)]


FINDING = (
    f"{MSA}:28:7: warning: contract `acme-msa`: a right to terminate (clause 14.2) is open since "
    "2026-09-30 (the end of 2026-09): SLA `availability` was breached in 4 of its latest 4 "
    "windows (2026-06, 2026-07, 2026-08, 2026-09; 4 of 4 open the right); decide on purpose "
    "whether to use it before the right lapses (as early as 2026-10-31, if 2026-10 meets the "
    "SLA) or the next notice deadline 2027-10-02 passes, and record the `decision:` taken "
    "[termination-right]"
)


def termination_lines(run: Run, root: Path, as_of: str) -> list[str]:
    result = run("validate", "--root", root, "--as-of", as_of)
    return [line for line in result.lines if line.endswith("[termination-right]")]


def test_the_policy_says_contract_sla_clause_since_and_breaches(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    assert termination_lines(run, root, "2026-10-30") == [FINDING]
    assert termination_lines(run, root, "2026-10-31") == []  # closed again


def test_the_policy_names_the_notice_deadline_ahead(run: Run, portfolio: Path) -> None:
    months: dict[str, str | None] = {"2026-05": BREACHED, **FOUR_BREACHED, "2026-09": None}
    root = portfolio_with(portfolio, months, "{sla: availability, breaches: 4, within: 4}")
    # Open since 2026-08 (2026-05 to 2026-08); as of 2026-09-01 the notice deadline of the term
    # ending 2026-12-31 (90 days before it) is still ahead.
    (line,) = termination_lines(run, root, "2026-09-01")
    assert "contract `acme-msa`: a right to terminate is open since 2026-08-31 " in line
    assert "(as early as 2026-09-30, if 2026-09 meets the SLA) or the notice deadline " in line
    assert "2026-10-02 passes, and record the `decision:` taken [termination-right]" in line


def test_a_decision_for_the_term_is_the_decision_taken(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR, decision=True)
    # A standing `renew` (for every term) may predate the right: it does not answer it.
    assert len(termination_lines(run, root, "2026-10-30")) == 1
    msa = root / MSA
    msa.write_text(
        msa.read_text().replace(
            "decision: renew\n", "decision: terminate\ndecision_for: 2026-12-31\n"
        )
    )
    assert termination_lines(run, root, "2026-10-30") == []
    # The reports still show the right: the decision is recorded, the right is still open.
    assert rights(run, root, "2026-10-30") == [right("2026-09-30")]


def test_the_policy_severity_is_the_setting(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    settings = root / "vendorctl.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "policies:\n  termination-right: error\n  notice-passed: 'off'\n",
        encoding="utf-8",
    )
    result = run("validate", "--root", root, "--as-of", "2026-10-30")
    assert result.exit_code == 1, result.stdout
    assert result.lines[-1] == "Checked 10 files: 1 error, 3 warnings."
    assert FINDING.replace(": warning: ", ": error: ") in result.lines


def test_the_json_key_in_scorecard_and_renewals(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    expected = [right("2026-09-30")]
    assert rights(run, root, "2026-10-30", "--period", "2026-Q2") == expected  # any period
    result = run("renewals", "--format", "json", "--as-of", "2026-10-30", "--root", root)
    assert json.loads(result.stdout)["termination_rights"] == expected
    # Whatever --within leaves out of the contracts, every open right is a decision to take.
    result = run(
        "renewals", "--format", "json", "--as-of", "2026-10-30", "--within", "1", "--root", root
    )
    assert json.loads(result.stdout)["termination_rights"] == expected
    result = run("renewals", "--format", "json", "--as-of", "2026-10-31", "--root", root)
    assert json.loads(result.stdout)["termination_rights"] == []


def test_without_triggers_the_key_is_an_empty_list(run: Run, portfolio: Path) -> None:
    assert rights(run, portfolio, "2026-10-31") == []
    result = run("renewals", "--format", "json", "--root", portfolio)
    assert json.loads(result.stdout)["termination_rights"] == []


def test_the_vendor_audience_does_not_see_the_rights(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    assert rights(run, root, "2026-10-30", "--audience", "vendor") == []
    for command in ("scorecard", "qbr"):
        shared = run(
            command, "acme", "--audience", "vendor", "--as-of", "2026-10-30", "--root", root
        )
        assert shared.exit_code == 0
        assert "terminate" not in shared.stdout.lower()
        assert "termination" not in shared.stdout.lower()


def test_scorecard_qbr_and_terminal_show_the_open_rights(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    at = ("--as-of", "2026-10-30", "--root", root)
    card = tmp_path / "scorecard.md"
    agenda = tmp_path / "qbr.md"
    assert run("scorecard", "acme", "--out", card, *at).exit_code == 0
    assert run("qbr", "acme", "--out", agenda, *at).exit_code == 0
    text = card.read_text(encoding="utf-8")
    assert (
        "## Termination rights\n\n"
        "| Contract | SLA | Clause | Breached windows | Open since |\n"
        "| --- | --- | --- | ---: | --- |\n"
        "| acme-msa | availability | 14\\.2 | 4 of the latest 4 | 2026-09-30 |\n\n"
        "SLA breaches opened a right to terminate as of 2026-10-30: decide on purpose whether to "
        "use it before it lapses (once fewer windows are breached) or the notice deadline "
        "passes, and record the decision. Internal: not in the vendor's copy.\n\n"
        "## KPI history\n"
    ) in text
    assert (
        "- acme-msa, SLA availability, clause 14\\.2: open since 2026-09-30, 4 of the latest 4 "
        "windows breached\n\n## 6. Issues and escalations\n"
    ) in agenda.read_text(encoding="utf-8")
    assert lint([card, agenda]) == ""
    assert_tables_keep_their_shape(text)
    terminal = run("scorecard", "acme", "--format", "text", *at).stdout
    assert "Termination rights open" in terminal
    assert " acme-msa   availability   14.2       4 of 4   2026-09-30" in terminal


def test_no_section_without_an_open_right(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    at = ("--as-of", "2026-10-31", "--root", root)
    assert "Termination rights" not in run("scorecard", "acme", *at).stdout
    assert "Rights to terminate" not in run("qbr", "acme", *at).stdout
    assert "Termination rights" not in run("scorecard", "acme", "--format", "text", *at).stdout


def test_renewals_shows_the_open_rights_in_markdown_and_text(run: Run, portfolio: Path) -> None:
    root = portfolio_with(portfolio, FOUR_BREACHED, FOUR_OF_FOUR)
    md = run("renewals", "--format", "md", "--as-of", "2026-10-30", "--root", root)
    assert "## Termination rights open" in md.stdout
    assert "| acme-msa | availability | 14\\.2 | 4 of the latest 4 | 2026-09-30 |" in md.stdout
    text = run("renewals", "--format", "text", "--as-of", "2026-10-30", "--root", root)
    assert (
        "Termination right open since 2026-09-30: acme-msa, clause 14.2, SLA availability "
        "breached in 4 of the latest 4 windows"
    ) in " ".join(text.stdout.split())  # as wrapped to the terminal's width
    closed = run("renewals", "--format", "md", "--as-of", "2026-10-31", "--root", root)
    assert "Termination rights" not in closed.stdout
