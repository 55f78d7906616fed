"""The other commands and entry points: --version, --help, init, schema, python -m, a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PINNED_ENV, REPO, Run
from vendorctl import __version__
from vendorctl.model import FILE_KINDS


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"vendorctl {__version__}\n"


COMMANDS = [
    "validate",
    "init",
    "schema",
    "scorecard",
    "credits",
    "renewals",
    "calendar",
    "qbr",
    "onboard",
    "render",
    "list",
    "show",
    "diff",
    "new vendor",
    "new contract",
    "new meeting",
    "new health",
    "new issue",
    "new risk",
    "kpi import",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    # A real process in a narrow terminal (the test runner fixes the help width at 80): an
    # example must stay on one line, since one split across lines pastes as a wrong command.
    env = {**os.environ, **PINNED_ENV, "COLUMNS": "40"}
    done = subprocess.run(
        [_installed_vendorctl(), *command.split(), "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    (at,) = [n for n, line in enumerate(lines) if line.strip().startswith("Example: ")]
    assert lines[at].strip().startswith(f"Example: vendorctl {command} ")
    assert lines[at + 1] == ""


def test_the_command_list_is_complete(run: Run) -> None:
    listed = run("--help").stdout
    for command in COMMANDS:
        assert f" {command.split()[0]} " in listed


def _installed_vendorctl() -> str:
    script = Path(sys.executable).parent / "vendorctl"
    if not script.exists():
        pytest.skip("the vendorctl console script is not installed next to this Python")
    return str(script)


def test_installed_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, **PINNED_ENV}
    result = subprocess.run(
        [_installed_vendorctl(), "init", str(tmp_path / "new")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [_installed_vendorctl(), "validate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path / "new" / "vendors",
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith(": 0 errors, 1 warning.\n")
    assert result.stderr == ""


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    (tmp_path / "vendorctl.yaml").write_text("organisation: X\ncurrency: EURO\n")
    result = subprocess.run(
        [sys.executable, "-m", "vendorctl", "validate", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, **PINNED_ENV},
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith('vendorctl.yaml:2:11: error: `currency`: "EURO"')


def test_init_creates_a_portfolio_that_validates(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    result = run("init", target)
    assert result.exit_code == 0, result.stderr
    assert (target / "vendorctl.yaml").is_file()
    vendors = sorted(p.name for p in (target / "vendors").iterdir())
    assert vendors == ["nimbus-cloud"]
    nimbus = target / "vendors" / "nimbus-cloud"
    for folder in ("contracts", "kpis", "health", "meetings"):
        assert any((nimbus / folder).glob("*.yaml")), folder
    assert sorted(p.name for p in (target / "schemas").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in FILE_KINDS
    )
    check = run("validate", "--root", target)
    assert check.exit_code == 0, check.stdout
    assert check.lines[-1].endswith(": 0 errors, 1 warning.")  # the SOW's notice deadline nears


def test_init_full_copies_the_whole_example(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "full"
    assert run("init", target, "--full").exit_code == 0
    assert sorted(p.name for p in (target / "vendors").iterdir()) == sorted(
        p.name for p in (REPO / "vendors").iterdir() if p.is_dir()
    )
    check = run("validate", "--root", target)
    assert check.exit_code == 0 and " 0 errors, " in check.lines[-1], check.stdout


def test_init_refuses_to_overwrite_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "vendorctl.yaml").write_text("mine\n")
    result = run("init", target)
    assert result.exit_code == 2
    assert "refusing to overwrite 1 existing file" in result.stderr
    assert "vendorctl.yaml" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["vendorctl.yaml"]
    assert (target / "vendorctl.yaml").read_text() == "mine\n"


def test_init_into_a_file_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run("init", tmp_path / "file")
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.stderr


def test_schema_prints_one_kind(run: Run) -> None:
    result = run("schema", "contract")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Contract"
    assert schema["additionalProperties"] is False
    assert "notice_period" in schema["properties"]


def test_schema_prints_all_kinds(run: Run) -> None:
    result = run("schema")
    assert sorted(json.loads(result.stdout)) == sorted(FILE_KINDS)


def test_schema_unknown_kind_is_a_usage_error(run: Run) -> None:
    result = run("schema", "vendorz")
    assert result.exit_code == 2
    assert "unknown file kind 'vendorz'" in result.stderr


def test_schema_out_writes_files(run: Run, tmp_path: Path) -> None:
    result = run("schema", "--out", tmp_path / "s")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in FILE_KINDS
    )


def test_every_schema_field_is_described() -> None:
    missing = []
    for kind in FILE_KINDS.values():
        schema = kind.model.model_json_schema()
        for name, definition in [("", schema), *schema.get("$defs", {}).items()]:
            for field, spec in definition.get("properties", {}).items():
                if not spec.get("description"):
                    missing.append(f"{kind.name}:{name}.{field}")
    assert missing == []


def test_internal_errors_exit_3_without_a_traceback(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **options: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("vendorctl.jobs.validate.validate", explode)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 3
    assert result.stderr.startswith("vendorctl: internal error: RuntimeError: boom\n")
    assert "Traceback" not in result.stderr + result.stdout


def test_init_refuses_a_folder_that_holds_portfolio_data(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "legacy"
    (target / "vendors" / "old").mkdir(parents=True)
    (target / "vendors" / "old" / "vendor.yaml").write_text("name: Legacy\n")
    result = run("init", target)
    assert result.exit_code == 2 and "vendors" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["vendors"]


def test_init_installs_vendorctl_in_ci_only_from_the_source_given(run: Run, tmp_path: Path) -> None:
    spec = f"git+https://example.org/it/vendorctl@v{__version__}"
    assert run("init", tmp_path / "p", "--install", spec).exit_code == 0
    workflow = (tmp_path / "p" / ".github" / "workflows" / "vendorctl.yml").read_text()
    assert f'VENDORCTL: "{spec}"' in workflow
    assert 'python -m pip install "$VENDORCTL"' in workflow
    hooks = (tmp_path / "p" / ".pre-commit-config.yaml").read_text()
    assert hooks.count(f'additional_dependencies: ["{spec}"]') == 2
    assert "vendorctl==" not in workflow + hooks


def test_init_without_a_source_writes_a_placeholder_that_fails_saying_what_to_set(
    run: Run, tmp_path: Path
) -> None:
    result = run("init", tmp_path / "p")
    assert result.exit_code == 0
    assert "set VENDORCTL in .github/workflows/vendorctl.yml" in result.stdout
    workflow = (tmp_path / "p" / ".github" / "workflows" / "vendorctl.yml").read_text()
    assert 'VENDORCTL: ""' in workflow
    assert 'if [ -z "$VENDORCTL" ]; then' in workflow
    assert "::error file=.github/workflows/vendorctl.yml::set VENDORCTL" in workflow
    assert "vendorctl==" not in workflow
    assert "language: system" in (tmp_path / "p" / ".pre-commit-config.yaml").read_text()


@pytest.mark.parametrize("spec", ['x"; rm -rf ~', "a b", "$(id)", "", "x\nrun: evil"])
def test_init_refuses_an_install_source_a_shell_or_yaml_would_read(
    run: Run, tmp_path: Path, spec: str
) -> None:
    result = run("init", tmp_path / "p", "--install", spec)
    assert result.exit_code == 2
    assert "--install" in result.stderr
    assert not (tmp_path / "p").exists()
