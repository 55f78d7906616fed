"""QBR agendas and onboarding packs: lint and table shapes, sparse vendors, the vendor audience."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tests.conftest import REPO, Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint
from vendorctl.compute.audience import is_internal_field
from vendorctl.load.portfolio import load_portfolio

VENDORS = sorted(p.name for p in (REPO / "vendors").iterdir() if p.is_dir())


def test_every_example_vendor_gets_a_clean_qbr_and_onboarding_pack(
    run: Run, tmp_path: Path
) -> None:
    written = []
    for vendor in VENDORS:
        for args in (["qbr", vendor], ["onboard", vendor], ["qbr", vendor, "--audience", "vendor"]):
            result = run(*args, "--root", REPO)
            assert result.exit_code == 0, (args, result.stderr)
            assert_tables_keep_their_shape(result.stdout)
            path = tmp_path / f"{'-'.join(args)}.md"
            path.write_text(result.stdout, encoding="utf-8")
            written.append(path)
    assert lint(written) == ""


def _sparse(portfolio: Path) -> None:
    """A vendor with one contact and nothing else on record."""
    acme = portfolio / "vendors" / "acme"
    for folder in ("meetings", "health", "kpis", "contracts"):
        for path in (acme / folder).iterdir():
            path.unlink()
    (acme / "issues.yaml").unlink()
    (acme / "claims.yaml").unlink()
    (acme / "vendor.yaml").write_text(
        "id: acme\nname: Acme Hosting\nsegment: tactical\nstatus: onboarding\n"
        "people:\n  - {id: ana, name: Ana Internal, side: internal, tier: operational}\n"
    )


def test_a_sparse_vendor_gets_a_complete_qbr_with_none_recorded_lines(
    run: Run, portfolio: Path
) -> None:
    _sparse(portfolio)
    result = run("qbr", "acme", "--root", portfolio, "--as-of", "2026-10-31")
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.lines if line.startswith("## ")]
    # An empty item is left off the agenda with a line that says why.
    assert headings == [
        "## Logistics",
        "## Attendees",
        "## Agenda",
        "## 1. Summary and goals of the meeting",
        "## 2. Next meeting and wrap-up",
    ]
    for line in (
        "- No KPI has data for 2026-Q3: there is no score to discuss.",
        "The QBR is overdue: none is on record (every 3 months). Hold it as soon as you can; "
        "this agenda is for 2026-11-16.",
        "The agenda takes 10 of the 90 minutes set aside for a tactical vendor: there is less to "
        "review.",
        "- Review of the last QBR: none is on record",
        "- Scorecard for 2026-Q3: no KPI is defined",
        "- SLA breaches and service credits: no breach, no credit to settle",
        "- Commercial position, renewals and notice deadlines: no contract",
        "- Issues and escalations: no issue is open",
        "- Top risks: no open risk",
        "- Relationship health: no health check on record",
        "- Objectives and roadmap: no objective recorded",
        "- Actions carried forward: no action is open",
    ):
        assert line in result.lines, line
    assert "| 2026-11-16 | 2026-11-12 | 90 minutes | 2027-02-16 |" in result.lines


def test_a_sparse_vendor_gets_a_complete_onboarding_pack(run: Run, portfolio: Path) -> None:
    _sparse(portfolio)
    result = run("onboard", "acme", "--root", portfolio, "--role", "relationship")
    assert result.exit_code == 0, result.stderr
    for line in (
        "No objectives are recorded yet.",
        "No key personnel are recorded.",
        "No meeting cadence is recorded.",
        "No escalation ladder is recorded.",
        "No contract is on record.",
        "No open risk is recorded.",
        "- [ ] Find and meet your vendor counterpart",
    ):
        assert line in result.lines, line
    assert "| Relationship manager | vacant | — |" in result.lines


def _internal_values(model: Any) -> list[str]:
    """Every text or number in fields the schema marks internal, and in internal risks."""
    found: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if is_internal_field(type(model), name):
            found.extend(_texts(value))
        elif isinstance(value, BaseModel):
            found.extend(_internal_values(value))
        elif isinstance(value, list):
            for item in value:
                if getattr(item, "internal", False) is True:
                    found.extend(_texts(item))
                elif isinstance(item, BaseModel):
                    found.extend(_internal_values(item))
    return found


def _texts(value: Any) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if hasattr(value, "model_dump"):
        return [t for v in value.model_dump().values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    text = str(value)
    # Prose only: ids, amounts and words like "renew" legitimately occur elsewhere too.
    return [text] if isinstance(value, str) and " " in text and len(text) >= 12 else []


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_vendor_audience_sees_nothing_marked_internal(run: Run, vendor: str) -> None:
    files = load_portfolio(REPO).vendors[vendor]
    secrets = [
        t
        for r in [files.vendor, *files.contracts, *files.health]
        if r
        for t in _internal_values(r.model)
    ]
    outputs = [
        run(command, vendor, "--audience", "vendor", "--format", fmt, "--root", REPO).stdout
        for command in ("qbr", "onboard")
        for fmt in ("json", "md")
    ]
    leaked = [s for s in secrets for out in outputs if s in out or json.dumps(s)[1:-1] in out]
    assert leaked == []
    assert json.loads(outputs[0])["spend"] == [] and "Budget period" not in outputs[1]
    internal = [
        run(command, vendor, "--format", "json", "--root", REPO).stdout
        for command in ("qbr", "onboard")
    ]
    if secrets:  # the internal audience does see them: the test would notice a leak
        assert any(s in out or json.dumps(s)[1:-1] in out for s in secrets for out in internal)


def test_unknown_role_and_non_quarter_are_usage_errors(run: Run) -> None:
    assert run("onboard", "nimbus-cloud", "--role", "boss", "--root", REPO).exit_code == 2
    bad = run("qbr", "nimbus-cloud", "--quarter", "2026-07", "--root", REPO)
    assert bad.exit_code == 2 and "'2026-07' is not a quarter" in bad.stderr


def test_no_internal_decision_shows_through_the_vendor_audience_dates(
    run: Run, portfolio: Path
) -> None:
    msa = portfolio / "vendors/acme/contracts/msa.yaml"
    outputs = {}
    for decision in ("renew", "terminate\ndecision_for: 2026-12-31"):
        text = msa.read_text().split("decision:")[0] + f"decision: {decision}\n"
        msa.write_text(text)
        outputs[decision] = [
            run(
                command, "acme", "--audience", "vendor", "--format", fmt, "--root", portfolio
            ).stdout
            for command in ("qbr", "onboard")
            for fmt in ("md", "json")
        ]
    assert outputs["renew"] == outputs["terminate\ndecision_for: 2026-12-31"]
    assert "terminate" not in "".join(outputs["renew"])


def test_qbr_ages_are_as_of_the_report_date_and_the_next_qbr_follows_the_meeting(
    run: Run, portfolio: Path
) -> None:
    data = json.loads(
        run("qbr", "acme", "--date", "2027-03-01", "-f", "json", "--root", portfolio).stdout
    )
    assert data["meeting"] == {
        "date": "2027-03-01",
        "kind": "qbr",
        "name": "QBR",
        "called": "QBR",
        "every": "3 months",
        "tier": "management",
        "pre_read_due": "2027-02-25",
        "minutes": 120,
        "overdue": False,
        "due": "2026-12-15",
        "last": "2026-09-15",
        "next": "2027-06-01",
    }
    assert data["quarter"] == "2026-Q4"  # the latest quarter ended before the meeting
    assert data["issues"][0]["age_days"] == 90  # opened 2026-08-02, as of 2026-10-31
    assert data["actions"][0]["days_overdue"] is None  # due 2026-11-30, not yet late on 10-31
    # acme-msa renews on 2026-12-31 as decided: its row has moved on to the term ending
    # 2027-12-31, whose notice deadline (2027-10-02) is beyond the next two quarters.
    assert data["renewals"] == []
    bad = run("qbr", "acme", "--date", "9999-12-31", "--root", portfolio)
    assert bad.exit_code == 2 and "--date 9999-12-31 is outside the years" in bad.stderr
