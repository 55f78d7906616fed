"""Regression tests for behaviour a review found wrong: terms, dates, bounds, escaping, modes."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from vendorctl.compute.renewals import renewal
from vendorctl.compute.scoring import score
from vendorctl.model.base import Duration
from vendorctl.model.contract import Contract
from vendorctl.model.periods import parse
from vendorctl.model.vendor import KpiDefinition
from vendorctl.render.filters import money, status
from vendorctl.render.markdown import inert

MSA = "vendors/acme/contracts/msa.yaml"


def _old_contract(portfolio: Path) -> None:
    """A superseded contract with the same SLAs, ended long ago."""
    text = (portfolio / MSA).read_text()
    text = text.replace("id: acme-msa", "id: acme-old").replace(
        "start: 2025-01-01", "start: 2020-01-01"
    )
    text = text.replace(
        "end: 2026-12-31\nauto_renew: true\nrenewal_term: 12 months\n", "end: 2022-12-31\n"
    )
    (portfolio / "vendors/acme/contracts/old.yaml").write_text(
        text.replace("decision: renew", "decision: let-lapse")
    )


def test_no_credits_outside_the_contract_term(run: Run, portfolio: Path) -> None:
    _old_contract(portfolio)
    data = json.loads(
        run("credits", "--period", "2026-Q3", "-f", "json", "--root", portfolio).stdout
    )
    assert [row["contract"] for row in data["credits"]] == ["acme-msa"]
    card = json.loads(
        run("scorecard", "acme", "--period", "2026-Q3", "-f", "json", "--root", portfolio).stdout
    )
    assert {row["contract"] for row in card["slas"]} == {"acme-msa"}


def test_stale_sla_data_is_not_asked_of_an_ended_contract(run: Run, portfolio: Path) -> None:
    _old_contract(portfolio)
    result = run("validate", "--root", portfolio, "--as-of", "2026-11-15")
    assert [line for line in result.lines if "old.yaml" in line] == []


def test_reports_are_not_blocked_by_policy_findings(run: Run, portfolio: Path) -> None:
    (portfolio / MSA).write_text((portfolio / MSA).read_text().replace("decision: renew\n", ""))
    assert run("validate", "--root", portfolio).exit_code == 1  # notice-passed is an error
    result = run("renewals", "--root", portfolio, "--as-of", "2026-06-01", "-f", "json")
    assert result.exit_code == 0 and '"contract": "acme-msa"' in result.stdout
    assert run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio).exit_code == 0


def test_next_notice_deadline_when_notice_outlasts_the_renewal_term() -> None:
    contract = Contract.model_validate(
        {
            "id": "c",
            "title": "C",
            "kind": "msa",
            "start": "2026-01-01",
            "end": "2026-11-30",
            "auto_renew": True,
            "renewal_term": "1 month",
            "notice_period": "3 months",
        }
    )
    found = renewal("v", contract, date(2027, 2, 10), Duration(90, "day"), Duration(30, "day"))
    assert (found.status, found.term_end, found.next_notice_deadline) == (
        "notice-passed",
        date(2027, 2, 28),
        date(2027, 2, 28),  # for the term ending 2027-05-31
    )


def test_within_keeps_only_what_falls_due_in_the_window(run: Run) -> None:
    data = json.loads(run("renewals", "--within", "0", "-f", "json", "--root", REPO).stdout)
    assert data["contracts"] == []
    data = json.loads(run("renewals", "--within", "31", "-f", "json", "--root", REPO).stdout)
    assert [r["contract"] for r in data["contracts"]] == ["sentinel-ir-retainer"]


def test_summed_kpis_are_held_to_a_target_per_measurement_period() -> None:
    kpi = KpiDefinition(
        id="p1", name="P1 incidents", direction="lower", target=2, floor=6, aggregation="sum"
    )
    series = {"p1": {parse(m): D(2) for m in ("2026-07", "2026-08", "2026-09")}}
    assert score([kpi], series, parse("2026-07")).score == 100
    assert score([kpi], series, parse("2026-Q3")).score == 100  # 6 against 3 x 2


@pytest.mark.parametrize("period", ["9999-Q4", "9999", "0000-01", "1899-12"])
def test_out_of_range_periods_are_usage_errors(run: Run, portfolio: Path, period: str) -> None:
    result = run("scorecard", "acme", "--period", period, "--root", portfolio)
    assert result.exit_code == 2 and "outside the years 1900 to 2999" in result.stderr


@pytest.mark.parametrize("command", [["validate"], ["renewals"], ["scorecard", "acme"]])
def test_out_of_range_as_of_is_a_usage_error(run: Run, portfolio: Path, command: list[str]) -> None:
    result = run(*command, "--as-of", "9999-12-31", "--root", portfolio)
    assert result.exit_code == 2 and "outside the years 1900 to 2999" in result.stderr


def test_unwritable_outputs_are_usage_errors(run: Run, portfolio: Path, tmp_path: Path) -> None:
    result = run("scorecard", "acme", "--out", tmp_path, "--root", portfolio)
    assert result.exit_code == 2 and f"cannot write {tmp_path}" in result.stderr
    result = run("calendar", "--ics", tmp_path, "--root", portfolio)
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "template",
    [
        "{{ 1/0 }}",
        "{{ vendor.name|number }}",
        '{{ "x"|measure("u", "a") }}',
        '{% extends "scorecard.md.j2" %}',
    ],
)
def test_template_runtime_errors_are_errors_not_tracebacks(
    run: Run, portfolio: Path, template: str
) -> None:
    (portfolio / "templates").mkdir()
    (portfolio / "templates" / "scorecard.md.j2").write_text(template)
    result = run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio)
    assert result.exit_code == 1 and result.stderr.startswith("vendorctl: error: template ")


def test_an_override_can_extend_the_builtin_template(run: Run, portfolio: Path) -> None:
    (portfolio / "templates").mkdir()
    (portfolio / "templates" / "scorecard.md.j2").write_text(
        '{% extends "builtin/scorecard.md.j2" %}'
    )
    result = run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio)
    assert result.exit_code == 0 and "# Scorecard: Acme Hosting, 2026-Q3" in result.stdout


def test_filters_never_print_data_raw() -> None:
    assert status("<script>x</script> | y") == "&lt;script&gt;x&lt;/script&gt; \\| y"
    assert money(1, "<b>") == "&lt;b&gt; 1.00"
    assert inert("https://evil.example/x www.evil.com a@b.co") == (
        "https:\\/\\/evil.example/x www\\.evil.com a\\@b.co"
    )


def test_written_files_follow_the_umask_and_keep_their_mode(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    target = tmp_path / "card.md"
    assert run("scorecard", "acme", "--out", target, "--root", portfolio).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # not mkstemp's private 0600
    target.chmod(0o640)
    assert run("scorecard", "acme", "--out", target, "--root", portfolio).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_unknown_credit_amounts_are_said_so(run: Run, portfolio: Path) -> None:
    (portfolio / MSA).write_text(
        (portfolio / MSA).read_text().replace("monthly_charge: 10000\n", "")
    )
    result = run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio)
    assert "plus 1 credit(s) of unknown amount: the contract records no charges" in result.stdout
