"""Issue 21, parts 1 to 3: `--as-of today` (the one clock), the weekly governance run of the
workflow `init` writes, the install source in the CI files, `init --empty`, `git init` and the
.gitignore."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.conftest import Run
from vendorctl.cli import app
from vendorctl.load.yamlio import parse
from vendorctl.model import FILE_KINDS

# The day the clock is pinned to: after the example's `as_of` (2026-10-31), when its service
# review and executive review are overdue and its SOW's notice deadline is 36 days off. A day
# already past when this was written, so the real clock can never agree with it by chance.
TODAY = date(2026, 11, 25)
SPEC = "git+https://<host>/<owner>/vendorctl@v0.1.0"
WORKFLOW = Path(".github/workflows/vendorctl.yml")
SUMMARY_REDIRECT = ' >> "$GITHUB_STEP_SUMMARY"'


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The one clock function, pinned: nothing in vendorctl reads the clock any other way."""
    monkeypatch.setattr("vendorctl.compute.as_of.today", lambda: TODAY)
    return TODAY


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=_git_env()
    )


def _git_env() -> dict[str, str]:
    # No GIT_DIR or the like from the environment the tests run in: each repository is its own.
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _workflow(root: Path) -> dict[str, Any]:
    # vendorctl's own loader: YAML 1.2, as GitHub reads it (`on` stays a key, never `true`).
    return parse((root / WORKFLOW).read_text(encoding="utf-8"), str(WORKFLOW))


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


# --- --as-of today: the one place the clock enters --------------------------------------------


def test_as_of_today_judges_the_pinned_clock_date(run: Run, tmp_path: Path, today: date) -> None:
    root = tmp_path / "p"
    assert run("init", root).exit_code == 0
    by_today = run("validate", "--root", root, "--as-of", "today")
    by_date = run("validate", "--root", root, "--as-of", today.isoformat())
    pinned = run("validate", "--root", root)  # as_of in vendorctl.yaml: 2026-10-31
    assert by_today.stdout == by_date.stdout
    assert by_today.lines[-1].endswith(" files: 0 errors, 3 warnings.")
    assert "as of 2026-11-25" in by_today.stdout  # the overdue reviews say the date judged
    assert pinned.lines[-1].endswith(" files: 0 errors, 1 warning.")


def test_as_of_today_in_the_reports(run: Run, tmp_path: Path, today: date) -> None:
    root = tmp_path / "p"
    assert run("init", root).exit_code == 0
    renewals = run("renewals", "--root", root, "--within", "90", "--as-of", "today", "-f", "md")
    assert renewals.exit_code == 0, renewals.stderr
    assert "Example Organisation · as of 2026-11-25 · due within 90 days" in renewals.stdout
    scorecard = ("scorecard", "nimbus-cloud", "--root", root, "-f", "json", "--as-of")
    by_today = run(*scorecard, "today")
    assert by_today.exit_code == 0 and by_today.stdout == run(*scorecard, "2026-11-25").stdout


def _date_options() -> list[tuple[str, Any]]:
    """Every date option of every command: (command and option, its parameter)."""
    found = []
    groups: list[tuple[str, Any]] = [("vendorctl", typer.main.get_command(app))]
    while groups:
        name, group = groups.pop()
        for sub_name, command in sorted(group.commands.items()):
            if hasattr(command, "commands"):
                groups.append((f"{name} {sub_name}", command))
                continue
            for param in command.params:
                if param.metavar == "DATE" or "--as-of" in param.opts:
                    found.append((f"{name} {sub_name} {param.opts[0]}", param))
    return found


DATE_OPTIONS = _date_options()


def test_every_as_of_and_date_option_is_found() -> None:
    names = {name for name, _ in DATE_OPTIONS}
    as_of = {name for name in names if name.endswith(" --as-of")}
    assert {
        f"vendorctl {command} --as-of"
        for command in ("validate", "renewals", "calendar", "render", "scorecard", "qbr")
    } <= as_of
    assert len(as_of) >= 11, as_of
    assert {"vendorctl qbr --date", "vendorctl claim --date", "vendorctl onboard --start"} <= names


@pytest.mark.parametrize(("name", "param"), DATE_OPTIONS, ids=[n for n, _ in DATE_OPTIONS])
def test_every_date_option_takes_today_from_the_one_clock(
    name: str, param: Any, today: date
) -> None:
    ctx = typer.main.get_command(app).make_context("vendorctl", [], resilient_parsing=True)
    assert param.process_value(ctx, "today") == datetime(2026, 11, 25)
    assert param.process_value(ctx, "2027-02-28") == datetime(2027, 2, 28)
    with pytest.raises(typer.BadParameter, match="'now' is not a date: give YYYY-MM-DD or today"):
        param.process_value(ctx, "now")


def test_a_date_that_is_neither_a_date_nor_today_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--empty").exit_code == 0
    result = run("validate", "--root", root, "--as-of", "tomorrow")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': 'tomorrow' is not a date: give YYYY-MM-DD or today" in (
        result.stderr
    )


def test_new_files_default_to_the_one_clock(run: Run, tmp_path: Path, today: date) -> None:
    root = tmp_path / "p"
    assert run("init", root).exit_code == 0
    made = run("new", "meeting", "nimbus-cloud", "--kind", "service-review", "--root", root)
    assert made.exit_code == 0, made.stderr
    assert (root / "vendors/nimbus-cloud/meetings/2026-11-25-service-review.yaml").is_file()


# --- the workflow: deterministic on a change, judged as of today once a week ------------------


def test_the_workflow_runs_weekly_and_on_demand_besides_on_changes(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--empty", "--install", SPEC).exit_code == 0
    workflow = _workflow(root)
    triggers = workflow["on"]
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["push"]["paths"] == triggers["pull_request"]["paths"]
    assert "reports/**" in triggers["push"]["paths"]
    ((cron,),) = [list(entry.values()) for entry in triggers["schedule"]]
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert minute.isdigit() and hour.isdigit()  # at a fixed time...
    assert (day_of_month, month) == ("*", "*") and day_of_week.isdigit()  # ...once a week
    text = (root / WORKFLOW).read_text(encoding="utf-8")
    assert "To run it at another\n  # time, edit the cron line" in text
    assert workflow["env"]["VENDORCTL"] == SPEC


def test_on_a_change_the_checks_are_deterministic(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--install", SPEC).exit_code == 0
    job = _workflow(root)["jobs"]["vendorctl"]
    assert job["if"] == "github.event_name == 'push' || github.event_name == 'pull_request'"
    runs = _runs(job)
    assert "vendorctl validate --format github" in runs
    assert "vendorctl render --check" in runs
    assert not any("today" in line for line in runs)
    hooks = parse((root / ".pre-commit-config.yaml").read_text(), ".pre-commit-config.yaml")
    entries = [hook["entry"] for repo in hooks["repos"] for hook in repo["hooks"]]
    assert entries == ["vendorctl validate", "vendorctl render"]


def test_the_weekly_run_validates_and_lists_renewals_as_of_today(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--install", SPEC).exit_code == 0
    job = _workflow(root)["jobs"]["governance"]
    assert job["if"] == (
        "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    )
    assert "fetch-depth" not in str(job["steps"][0])
    runs = _runs(job)
    assert runs[-2:] == [
        "vendorctl validate --as-of today --format github",
        "vendorctl renewals --within 90 --as-of today --format md" + SUMMARY_REDIRECT,
    ]
    # The renewals reach the summary even when validate failed, unless vendorctl is missing.
    assert job["steps"][-1]["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}"
    (install,) = [step for step in job["steps"] if step.get("id") == "install"]
    assert install["run"] == _workflow(root)["jobs"]["vendorctl"]["steps"][2]["run"]


def _weekly_run(run: Run, root: Path, summary: Path) -> list[int]:
    """The weekly job's vendorctl steps, run in the portfolio as the workflow words them: the exit
    status of each, the step summary appended to `summary`."""
    statuses = []
    for line in _runs(_workflow(root)["jobs"]["governance"]):
        if not line.startswith("vendorctl "):
            continue
        command, redirected = line.removesuffix(SUMMARY_REDIRECT), line.endswith(SUMMARY_REDIRECT)
        result = run(*shlex.split(command)[1:], "--root", root)
        if redirected:
            with summary.open("a", encoding="utf-8") as handle:
                handle.write(result.stdout)
        statuses.append(result.exit_code)
    return statuses


def test_the_weekly_run_reports_to_the_step_summary_and_fails_on_errors(
    run: Run, tmp_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    assert run("init", root).exit_code == 0
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert _weekly_run(run, root, summary) == [0, 0]
    text = summary.read_text(encoding="utf-8")
    assert "### ⚠️ vendorctl validate\n\nChecked " in text
    assert " files: 0 errors, 3 warnings.\n" in text
    assert text.count("| vendors/nimbus-cloud/vendor.yaml | ") == 2  # the two overdue reviews
    assert "Example Organisation · as of 2026-11-25 · due within 90 days" in text
    assert "| 🟠 decide | Nimbus Cloud | Statement of work" in text

    # A review overdue made an error: the weekly run fails on it; a push (as_of pinned) does not.
    settings = root / "vendorctl.yaml"
    settings.write_text(settings.read_text() + "policies:\n  cadence-overdue: error\n")
    summary.unlink()
    assert _weekly_run(run, root, summary) == [1, 0]
    text = summary.read_text(encoding="utf-8")
    assert "### ❌ vendorctl validate\n\nChecked " in text
    assert " files: 2 errors, 1 warning.\n" in text
    assert run("validate", "--root", root, "--format", "github").exit_code == 0


# --- the install source: the same in the workflow and the pre-commit configuration -----------


def test_init_install_writes_one_source_into_the_workflow_and_the_hooks(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--empty", "--install", SPEC).exit_code == 0
    workflow = _workflow(root)
    assert workflow["env"]["VENDORCTL"] == SPEC
    for job in workflow["jobs"].values():
        assert 'python -m pip install "$VENDORCTL"' in "\n".join(_runs(job))
    hooks = parse((root / ".pre-commit-config.yaml").read_text(), ".pre-commit-config.yaml")
    for hook in hooks["repos"][0]["hooks"]:
        assert (hook["language"], hook["additional_dependencies"]) == ("python", [SPEC])


# --- init --empty, git init, .gitignore -------------------------------------------------------


@needs_git
def test_init_empty_makes_a_portfolio_without_vendors_that_validates_and_renders(
    run: Run, tmp_path: Path, today: date
) -> None:
    root = tmp_path / "mine"
    result = run("init", root, "--empty")
    assert result.exit_code == 0, result.stderr
    assert result.lines == [
        f"Created a portfolio in {root} (15 files).",
        f"Ran `git init` in {root}: it was not inside a git repository.",
        f'Next: cd {root} && vendorctl new vendor ID --name "NAME"',
        "Before you push: set VENDORCTL in .github/workflows/vendorctl.yml to where CI installs "
        "vendorctl from (or run init with --install SPEC).",
    ]
    files = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    )
    assert files == sorted(
        [
            ".github/workflows/vendorctl.yml",
            ".gitignore",
            ".pre-commit-config.yaml",
            "reports/README.md",
            "templates/README.md",
            "vendorctl.yaml",
            *(kind.schema_path for kind in FILE_KINDS.values()),
        ]
    )
    assert "as_of: 2026-11-25\n" in (root / "vendorctl.yaml").read_text()
    assert "- `scorecard.md.j2`" in (root / "templates/README.md").read_text()
    check = run("validate", "--root", root)
    assert (check.exit_code, check.stdout) == (0, "Checked 1 file: no problems found.\n")
    assert run("render", "--root", root, "--check").exit_code == 0
    assert run("validate", "--root", root, "--as-of", "today").exit_code == 0


def test_init_says_the_example_vendor_is_there_to_be_deleted_and_how(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    result = run("init", root)
    assert (
        "vendors/nimbus-cloud is an example to learn from; delete it when you add your own "
        "vendors: rm -r vendors/nimbus-cloud && vendorctl render"
    ) in result.lines
    # Doing as it says leaves a portfolio that validates and whose reports are current.
    shutil.rmtree(root / "vendors" / "nimbus-cloud")
    assert run("render", "--root", root).exit_code == 0
    assert not (root / "reports" / "nimbus-cloud").exists()
    assert run("validate", "--root", root).exit_code == 0
    assert run("render", "--root", root, "--check").exit_code == 0
    full = run("init", tmp_path / "full", "--full")
    assert (
        "The 7 vendors in vendors/ are the example portfolio's; delete them when you add your "
        "own: rm -r vendors/* && vendorctl render"
    ) in full.lines


def test_full_and_empty_exclude_each_other(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "p", "--full", "--empty")
    assert result.exit_code == 2
    assert "--full and --empty exclude each other" in result.stderr
    assert not (tmp_path / "p").exists()


@needs_git
def test_git_init_runs_only_outside_a_repository(run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "alone"
    first = run("init", outside, "--empty")
    assert f"Ran `git init` in {outside}: it was not inside a git repository." in first.lines
    top = _git(outside, "rev-parse", "--show-toplevel")
    assert Path(top.stdout.strip()).resolve() == outside.resolve()

    repo = tmp_path / "repo"
    repo.mkdir()
    assert _git(repo, "init", "--quiet").returncode == 0
    inside = repo / "ops" / "vendors"
    second = run("init", inside, "--empty")
    assert second.exit_code == 0
    assert not any(line.startswith(("Ran `git init`", "No git")) for line in second.lines)
    assert not (inside / ".git").exists()
    assert _git(inside, "rev-parse", "--show-toplevel").stdout.strip() == str(repo.resolve())


def test_without_git_init_says_to_run_git_init(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nowhere = tmp_path / "no-bin"
    nowhere.mkdir()
    monkeypatch.setenv("PATH", str(nowhere))
    root = tmp_path / "p"
    result = run("init", root, "--empty")
    assert result.exit_code == 0
    assert result.lines[1] == (
        f"No git repository: git is not installed or not on PATH. Run `git init` in {root}: "
        "diff, CI and pre-commit need one."
    )
    assert (root / "vendorctl.yaml").is_file() and not (root / ".git").exists()


@needs_git
def test_the_gitignore_ignores_only_what_vendorctl_leaves_behind(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert run("init", root).exit_code == 0
    assert (root / ".gitignore").read_text().splitlines()[-2:] == [".vendorctl-cache/", ".*.tmp"]
    # What an interrupted write leaves (write_atomic's `.<name>.<random>.tmp`) is ignored...
    (root / "reports" / ".README.md.k2j4h1.tmp").write_text("half")
    (root / "vendors" / "nimbus-cloud" / ".vendor.yaml.x8a7.tmp").write_text("half")
    ignored = _git(root, "ls-files", "--others", "--ignored", "--exclude-standard")
    # (the cache of loaded files, which init's first render wrote, is ignored as a whole)
    assert [f for f in ignored.stdout.splitlines() if not f.startswith(".vendorctl-cache/")] == [
        "reports/.README.md.k2j4h1.tmp",
        "vendors/nimbus-cloud/.vendor.yaml.x8a7.tmp",
    ]
    # ...and everything init wrote is to be committed: reports/ included.
    untracked = _git(root, "ls-files", "--others", "--exclude-standard").stdout.splitlines()
    assert "reports/README.md" in untracked and "reports/nimbus-cloud/scorecard.md" in untracked
    assert {".gitignore", ".pre-commit-config.yaml", str(WORKFLOW), "vendorctl.yaml"} <= set(
        untracked
    )
    written = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != ".git"
    }
    assert set(untracked) == written - set(ignored.stdout.splitlines())


def test_a_gitignore_already_there_is_kept(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / ".gitignore").write_text("node_modules/\n")
    result = run("init", root, "--empty")
    assert result.exit_code == 0, result.stderr
    assert "Kept the .gitignore already there: add `.*.tmp` to it (see the README)." in (
        result.lines
    )
    assert (root / ".gitignore").read_text() == "node_modules/\n"


# --- actionlint on the workflow written -------------------------------------------------------


def _actionlint() -> str | None:
    """An actionlint binary: $ACTIONLINT, else `actionlint` on PATH (see the README, Tests)."""
    return os.environ.get("ACTIONLINT") or shutil.which("actionlint")


@pytest.mark.skipif(_actionlint() is None, reason="no actionlint binary ($ACTIONLINT or PATH)")
@pytest.mark.parametrize("install", [None, SPEC])
def test_the_workflow_written_passes_actionlint(
    run: Run, tmp_path: Path, install: str | None
) -> None:
    binary = _actionlint()
    assert binary is not None
    root = tmp_path / "p"
    assert run("init", root, "--empty", *(["--install", install] if install else [])).exit_code == 0
    lint = subprocess.run(
        [binary, "-no-color", "-oneline", str(WORKFLOW)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (lint.returncode, lint.stdout, lint.stderr) == (0, "", "")
    # The same binary finds a mistake in a copy, so the pass above means something.
    broken = root / ".github" / "workflows" / "broken.yml"
    broken.write_text((root / WORKFLOW).read_text().replace('"0 6 * * 1"', '"61 6 * * 1"'))
    lint = subprocess.run(
        [binary, "-no-color", "-oneline", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 1 and 'invalid CRON format "61 6 * * 1"' in lint.stdout
