"""render, render --check and --diff; the committed reports; the CI files init writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PINNED_ENV, REPO, Run
from tests.test_scorecard import lint
from vendorctl.jobs import render as publish

KPIS = "vendors/acme/kpis/2026.yaml"


def test_render_then_check_passes_and_a_second_render_writes_nothing(
    run: Run, portfolio: Path
) -> None:
    first = run("render", "--root", portfolio)
    assert first.exit_code == 0
    assert first.stdout == (
        "Rendered 4 reports into reports/ as of 2026-10-31: 4 written, 0 removed, 0 unchanged.\n"
    )
    assert sorted(
        p.relative_to(portfolio / "reports").as_posix()
        for p in (portfolio / "reports").rglob("*.md")
    ) == [
        "README.md",
        "acme/onboarding.md",
        "acme/qbr.md",
        "acme/scorecard.md",
    ]
    stamps = {p: p.stat().st_mtime_ns for p in (portfolio / "reports").rglob("*.md")}
    check = run("render", "--root", portfolio, "--check")
    assert (check.exit_code, check.stdout) == (
        0,
        "All 4 reports in reports/ are up to date (as of 2026-10-31).\n",
    )
    again = run("render", "--root", portfolio)
    assert "0 written, 0 removed, 4 unchanged" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # unchanged files untouched


def test_editing_one_measurement_names_exactly_the_affected_reports(
    run: Run, portfolio: Path
) -> None:
    run("render", "--root", portfolio)
    kpis = portfolio / KPIS
    kpis.write_text(
        kpis.read_text().replace("period: 2026-09, value: 99.5}", "period: 2026-09, value: 99.4}")
    )
    check = run("render", "--root", portfolio, "--check")
    assert check.exit_code == 1
    assert check.lines == [
        "stale: reports/README.md",
        "stale: reports/acme/onboarding.md",
        "stale: reports/acme/qbr.md",
        "stale: reports/acme/scorecard.md",
        f"4 reports out of date; run `vendorctl render --root {portfolio}` and commit the result.",
    ]
    diff = run("render", "--root", portfolio, "--diff")
    assert diff.exit_code == 1
    assert "--- a/reports/acme/scorecard.md\n+++ b/reports/acme/scorecard.md\n" in diff.stdout
    assert "-| Availability | ≥ 99.9% | 99.73% | 80.6 | 3 | ❌ breached |\n" in diff.stdout
    assert "+| Availability | ≥ 99.9% | 99.68% | 75.0 | 3 | ❌ breached |\n" in diff.stdout


def test_a_removed_vendor_leaves_orphans_that_render_removes(run: Run, portfolio: Path) -> None:
    beta = portfolio / "vendors" / "beta"
    beta.mkdir()
    (beta / "vendor.yaml").write_text(
        "id: beta\nname: Beta\nsegment: commodity\nstatus: active\nselection: {criteria: []}\n"
    )
    run("render", "--root", portfolio)
    assert (portfolio / "reports" / "beta" / "scorecard.md").is_file()
    (portfolio / "reports" / "beta" / "notes.md").write_text("my own notes\n")
    for path in beta.iterdir():
        path.unlink()
    beta.rmdir()
    check = run("render", "--root", portfolio, "--check")
    assert [line for line in check.lines if line.startswith("orphaned")] == [
        "orphaned: reports/beta/onboarding.md",
        "orphaned: reports/beta/qbr.md",
        "orphaned: reports/beta/scorecard.md",
    ]
    assert "3 removed" in run("render", "--root", portfolio).stdout
    assert sorted(p.name for p in (portfolio / "reports" / "beta").iterdir()) == ["notes.md"]


def test_an_interrupted_render_leaves_every_file_old_or_new(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("render", "--root", portfolio)
    before = {p: p.read_bytes() for p in (portfolio / "reports").rglob("*.md")}
    kpis = portfolio / KPIS
    kpis.write_text(kpis.read_text().replace("value: 99.5}", "value: 99.4}"))
    calls = []
    real = publish.write_atomic

    def failing(path: Path, data: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the second write
        real(path, data)

    monkeypatch.setattr(publish, "write_atomic", failing)
    interrupted = run("render", "--root", portfolio)
    assert interrupted.exit_code == 130  # as the shell reports Ctrl-C
    after = {p: p.read_bytes() for p in (portfolio / "reports").rglob("*.md")}
    assert set(after) == set(before)
    changed = [p for p in before if after[p] != before[p]]
    assert changed == [calls[0]]  # the first file is new, every other one is old
    assert not list((portfolio / "reports").rglob(".*.tmp"))
    monkeypatch.undo()
    assert run("render", "--root", portfolio, "--check").exit_code == 1
    assert run("render", "--root", portfolio).exit_code == 0
    assert run("render", "--root", portfolio, "--check").exit_code == 0


def test_render_is_byte_identical_whatever_the_environment(tmp_path: Path) -> None:
    outputs = []
    for index, (seed, tz, lang) in enumerate(
        (
            ("0", "UTC", "C"),
            ("4242", "Asia/Kolkata", "C.UTF-8"),
            ("random", "America/Denver", "POSIX"),
        )
    ):
        out = tmp_path / f"r{index}"
        env = {**os.environ, **PINNED_ENV, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": lang}
        subprocess.run(
            [sys.executable, "-m", "vendorctl", "render", "--root", str(REPO), "--out", str(out)],
            check=True,
            capture_output=True,
            env=env,
        )
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_repository_reports_are_current_and_lint_clean(run: Run) -> None:
    result = run("render", "--root", REPO, "--check")
    assert result.exit_code == 0, result.stdout + "\nrun `vendorctl render` and commit reports/"
    assert lint(sorted((REPO / "reports").rglob("*.md"))) == ""


def test_init_writes_ci_files_whose_commands_exist(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert run("init", target).exit_code == 0
    workflow = yaml.safe_load((target / ".github" / "workflows" / "vendorctl.yml").read_text())
    steps = workflow["jobs"]["vendorctl"]["steps"]
    commands = [s["run"] for s in steps if "run" in s]
    review = 'vendorctl diff --format md --fail-on sla-weakened,measurement-rewritten,measurement-removed >> "$GITHUB_STEP_SUMMARY"'
    assert commands[1:] == [
        "vendorctl validate --format github",
        "vendorctl render --check",
        review,
    ]
    assert steps[0]["with"] == {"fetch-depth": 0}  # diff needs the base branch's history
    git = [
        "git",
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.org",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], cwd=target, check=True)
    commands[-1] = commands[-1].split(" >> ")[0]  # the shell's redirection, not an argument
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    declared = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    same = ("id", "entry", "pass_filenames", "files")
    assert [{k: h[k] for k in same} for h in hooks] == [{k: h[k] for k in same} for h in declared]
    action = yaml.safe_load((REPO / "action.yml").read_text())
    action_runs = [s["run"] for s in action["runs"]["steps"] if "run" in s]
    for command in [*commands[1:], *(h["entry"] for h in hooks), *action_runs[1:]]:
        words = command.replace('"${{ inputs.root }}"', str(target)).split()
        assert words[0] == "vendorctl"
        result = run(*words[1:], *([] if "--root" in words else ["--root", target]))
        assert result.exit_code == 0, (command, result.stdout, result.stderr)
    assert (target / "reports" / "README.md").is_file()  # rendered, so the check passes at once


def test_github_format_writes_a_step_summary(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (portfolio / KPIS).write_text("measurements:\n  - {kpi: nope|x, period: 2026-01, value: 1}\n")
    run("validate", "--root", portfolio, "--format", "github")
    text = summary.read_text()
    assert text.startswith("earlier step\n### ❌ vendorctl validate\n\nChecked 10 files: 1 error")
    assert "| vendors/acme/kpis/2026.yaml | 2 | error |" in text
    assert "nope\\|x" in text


def test_render_never_overwrites_or_deletes_what_it_did_not_write(
    run: Run, portfolio: Path
) -> None:
    docs = portfolio / "docs"
    docs.mkdir()
    (docs / "README.md").write_text("# Our handbook\n")
    result = run("render", "--root", portfolio, "--out", docs)
    assert result.exit_code == 1
    assert "docs/README.md was not written by vendorctl; refusing to overwrite it" in result.stderr
    assert (docs / "README.md").read_text() == "# Our handbook\n"
    assert not (docs / "acme").exists()  # nothing written at all
    run("render", "--root", portfolio)
    kept = portfolio / "reports" / "acme" / "scorecard-2026-Q2.md"
    run("scorecard", "acme", "--period", "2026-Q2", "--out", kept, "--root", portfolio)
    (portfolio / "README.md").write_text("# Portfolio\n")
    assert (
        run("render", "--root", portfolio, "--out", portfolio).exit_code == 1
    )  # README.md is ours
    assert (
        run("render", "--root", portfolio, "--check").exit_code == 0
    )  # a saved report is no orphan
    assert kept.is_file()


def test_an_override_without_the_header_still_produces_owned_reports(
    run: Run, portfolio: Path
) -> None:
    (portfolio / "templates").mkdir()
    (portfolio / "templates" / "qbr.md.j2").write_text("# QBR {{ vendor.name }}\n")
    assert run("render", "--root", portfolio).exit_code == 0
    qbr = (portfolio / "reports" / "acme" / "qbr.md").read_text()
    assert qbr == "<!-- generated by vendorctl; do not edit -->\n\n# QBR Acme Hosting\n"
    assert run("render", "--root", portfolio, "--check").exit_code == 0


def test_diff_shows_new_files_from_dev_null(run: Run, portfolio: Path) -> None:
    result = run("render", "--root", portfolio, "--diff")
    assert "--- /dev/null\n+++ b/reports/acme/qbr.md\n" in result.stdout
