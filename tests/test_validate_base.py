"""validate on valid portfolios: the test portfolio, exit codes, formats, root discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run


def test_valid_portfolio_passes(run: Run, portfolio: Path) -> None:
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 0
    assert result.stdout == "Checked 10 files: no problems found.\n"


def test_root_is_found_by_walking_up(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(portfolio / "vendors" / "acme" / "contracts")
    result = run("validate")
    assert result.exit_code == 0, result.stdout


def test_no_root_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert "no vendorctl.yaml here or in any parent folder" in result.stderr


def test_root_without_settings_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 2
    assert "no vendorctl.yaml in" in result.stderr


def test_unknown_option_is_a_usage_error(run: Run, portfolio: Path) -> None:
    assert run("validate", "--root", portfolio, "--format", "xml").exit_code == 2
    assert run("validate", "--frobnicate").exit_code == 2


def test_warnings_fail_only_under_strict(run: Run, portfolio: Path) -> None:
    (portfolio / "vendors" / "acme" / "notes.yaml").write_text("a: 1\n")
    loose = run("validate", "--root", portfolio)
    assert loose.exit_code == 0
    assert loose.lines[-1] == "Checked 10 files: 0 errors, 1 warning."
    assert run("validate", "--root", portfolio, "--strict").exit_code == 1


def _break(portfolio: Path) -> None:
    contract = portfolio / "vendors" / "acme" / "contracts" / "msa.yaml"
    contract.write_text(contract.read_text().replace("kpi: response", "kpi: respnse"))


def test_json_format_is_the_documented_object(run: Run, portfolio: Path) -> None:
    _break(portfolio)
    result = run("validate", "--root", portfolio, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == {
        "version": 1,
        "files": 10,
        "errors": 1,
        "warnings": 0,
        "diagnostics": [
            {
                "file": "vendors/acme/contracts/msa.yaml",
                "line": 21,
                "col": 10,
                "severity": "error",
                "code": "unknown-kpi",
                "message": "no KPI `respnse` in this vendor; did you mean `response`?",
                "loc": ["slas", 1, "kpi"],
            }
        ],
    }


def test_github_format_annotates_and_lists(run: Run, portfolio: Path) -> None:
    _break(portfolio)
    result = run("validate", "--root", portfolio, "--format", "github")
    assert result.exit_code == 1
    assert result.lines == [
        "::error file=vendors/acme/contracts/msa.yaml,line=21,col=10,title=vendorctl [unknown-kpi]"
        "::no KPI `respnse` in this vendor; did you mean `response`?",
        "vendors/acme/contracts/msa.yaml:21:10: error: no KPI `respnse` in this vendor; "
        "did you mean `response`? [unknown-kpi]",
        "Checked 10 files: 1 error, 0 warnings.",
    ]


def test_auto_format_picks_github_in_actions_with_workspace_paths(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(portfolio)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(portfolio.parent))
    result = run("validate", "--root", portfolio)
    assert result.lines[0].startswith(
        "::error file=portfolio/vendors/acme/contracts/msa.yaml,line=21,col=10,"
    )


def test_github_escapes_properties_and_data(run: Run, portfolio: Path) -> None:
    bad = portfolio / "vendors" / "acme" / "kpis" / "odd%,name:x.yaml"
    bad.write_text("measurements: [\n")
    result = run("validate", "--root", portfolio, "--format", "github")
    annotation = next(line for line in result.lines if line.startswith("::error"))
    assert "file=vendors/acme/kpis/odd%25%2Cname%3Ax.yaml," in annotation
