"""Hostile and odd input built on the fly: bombs, depth, size, encodings, symlinks, layout."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl.load import yamlio

ISSUES = "vendors/acme/issues.yaml"


def _only(result_lines: list[str]) -> str:
    assert len(result_lines) == 2, result_lines
    return result_lines[0]


def test_alias_bomb_is_refused(run: Run, portfolio: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (portfolio / ISSUES).write_text("\n".join(lines) + "\n")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert _only(result.lines).startswith(f"{ISSUES}:")
    assert "aliases expand this file to " in result.stdout and "[alias-limit]" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "".join(" " * i + "a:\n" for i in range(3_000)) + " " * 3_000 + "1\n",
        "- " * 50_000 + "1\n",
        "issues: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "issues: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    ],
    ids=["block-mappings", "block-sequences", "flow-sequences", "flow-mappings"],
)
def test_deep_nesting_is_refused_without_crashing(run: Run, portfolio: Path, text: str) -> None:
    (portfolio / ISSUES).write_text(text)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    line = _only(result.lines)
    assert line.startswith(f"{ISSUES}:") and "nesting too deep" in line and "[too-deep]" in line


def test_huge_file_is_refused_before_reading(run: Run, portfolio: Path) -> None:
    with (portfolio / ISSUES).open("wb") as handle:
        handle.truncate(yamlio.MAX_FILE_BYTES + 1)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert _only(result.lines).startswith(f"{ISSUES}:1:1: error: file is ")
    assert "[file-too-large]" in result.stdout


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_marks_are_accepted(
    run: Run, portfolio: Path, bom: bytes, encoding: str
) -> None:
    path = portfolio / ISSUES
    path.write_bytes(bom + path.read_text().encode(encoding))
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 0, result.stdout


def test_random_bytes_end_in_a_diagnostic(run: Run, portfolio: Path) -> None:
    (portfolio / ISSUES).write_bytes(bytes(range(256)) * 4)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert _only(result.lines) == (
        f"{ISSUES}:2:118: error: invalid UTF-8 byte 0x80: save the file as UTF-8 [encoding]"
    )


def test_nul_bytes_in_valid_utf8_end_in_a_diagnostic(run: Run, portfolio: Path) -> None:
    (portfolio / ISSUES).write_bytes(b"issues: []\n" + bytes(range(128)))
    result = run("validate", "--root", portfolio)
    assert _only(result.lines) == (
        f"{ISSUES}:2:1: error: a NUL byte: this looks like a binary file, which YAML does not "
        "allow [yaml-syntax]"
    )


def test_symlink_leading_outside_is_not_read(run: Run, portfolio: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("issues: []\n")
    (portfolio / ISSUES).unlink()
    (portfolio / ISSUES).symlink_to(secret)
    (portfolio / "vendors" / "acme" / "meetings" / "escape").symlink_to(tmp_path)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        f"{ISSUES}:1:1: error: symlink leads outside the portfolio; it was not read [outside-root]",
        "vendors/acme/meetings/escape:1:1: error: symlink leads outside the portfolio; "
        "it was not read [outside-root]",
    ]


def test_symlink_inside_the_portfolio_is_followed(run: Run, portfolio: Path) -> None:
    shared = portfolio / "shared-issues.yaml"
    (portfolio / ISSUES).rename(shared)
    (portfolio / ISSUES).symlink_to(shared)
    assert run("validate", "--root", portfolio).exit_code == 0


def test_symlink_loop_is_reported(run: Run, portfolio: Path) -> None:
    loop = portfolio / "vendors" / "acme" / "kpis" / "loop.yaml"
    loop.symlink_to(loop)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert "vendors/acme/kpis/loop.yaml:1:1: error:" in result.stdout


def test_unreadable_file_is_reported(run: Run, portfolio: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    (portfolio / ISSUES).chmod(0)
    result = run("validate", "--root", portfolio)
    assert "cannot read file" in result.stdout


def test_vendor_folder_without_vendor_yaml(run: Run, portfolio: Path) -> None:
    (portfolio / "vendors" / "empty-vendor").mkdir()
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert _only(result.lines) == (
        "vendors/empty-vendor/vendor.yaml:1:1: error: vendor folder `empty-vendor` has no "
        "vendor.yaml; add one or remove the folder [missing-file]"
    )


def test_unexpected_files_and_folders_are_warnings(run: Run, portfolio: Path) -> None:
    acme = portfolio / "vendors" / "acme"
    (acme / "contract").mkdir()
    (acme / "contract" / "x.yaml").write_text("id: x\n")
    (acme / "README.md").write_text("notes\n")
    (portfolio / "vendors" / "stray.yaml").write_text("id: stray\n")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 0
    assert result.lines == [
        "vendors/acme/contract:1:1: warning: unexpected folder `contract` was not read; a vendor "
        "folder holds vendor.yaml, issues.yaml, claims.yaml, contracts/, kpis/, health/, "
        "meetings/, issues/ [unexpected-file]",
        "vendors/stray.yaml:1:1: warning: YAML file directly under vendors/ was not read; each "
        "vendor has a folder vendors/<id>/ with a vendor.yaml [unexpected-file]",
        "Checked 10 files: 0 errors, 1 warning.".replace("1 warning", "2 warnings"),
    ]


def test_issues_folder_is_read_like_issues_yaml(run: Run, portfolio: Path) -> None:
    acme = portfolio / "vendors" / "acme"
    (acme / "issues").mkdir()
    (acme / ISSUES.split("/")[-1]).rename(acme / "issues" / "2026.yaml")
    (acme / "issues" / "2025.yaml").write_text(
        "issues:\n  - {id: slow-tickets, title: Again, opened: 2025-01-01}\n"
    )
    result = run("validate", "--root", portfolio)
    assert result.lines[:-1] == [
        "vendors/acme/issues/2026.yaml:2:9: error: duplicate issue id `slow-tickets` "
        "(first defined at vendors/acme/issues/2025.yaml:2) [duplicate-id]"
    ]


def test_all_problems_of_all_files_in_one_run(run: Run, portfolio: Path) -> None:
    acme = portfolio / "vendors" / "acme"
    (acme / "issues.yaml").write_text("issues: [\n")
    (acme / "health" / "2026-09-30.yaml").write_text("date: 2026-02-30\n")
    (acme / "kpis" / "2026.yaml").write_text(
        "measurements:\n  - {kpi: nope, period: 2026-01, value: 1}\n"
    )
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    files = sorted({line.split(":")[0] for line in result.lines[:-1]})
    assert files == [
        "vendors/acme/health/2026-09-30.yaml",
        "vendors/acme/issues.yaml",
        "vendors/acme/kpis/2026.yaml",
    ]
    assert result.lines[-1] == "Checked 10 files: 4 errors, 0 warnings."


def test_aliases_of_large_values_are_bounded_by_size(run: Run, portfolio: Path) -> None:
    big = "x" * 100_000
    aliases = ", ".join(["*a"] * 1_000)
    (portfolio / ISSUES).write_text(f'a: &a "{big}"\nb: [{aliases}]\n')
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert _only(result.lines).startswith(f"{ISSUES}:2:5: error: aliases expand this file to ")


def test_a_few_small_aliases_are_fine(run: Run, portfolio: Path) -> None:
    (portfolio / ISSUES).write_text(
        "issues:\n  - &i {id: a, title: T, opened: 2026-01-01}\n"
        "  - {id: b, title: T, opened: 2026-01-01}\n"
    )
    assert run("validate", "--root", portfolio).exit_code == 0


def test_fifos_are_not_read(run: Run, portfolio: Path) -> None:
    (portfolio / ISSUES).unlink()
    os.mkfifo(portfolio / ISSUES)
    os.mkfifo(portfolio / "pipe")
    (portfolio / "vendors" / "acme" / "kpis" / "x.yaml").symlink_to(portfolio / "pipe")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        f"{ISSUES}:1:1: error: not a regular file; it was not read [unreadable]",
        "vendors/acme/kpis/x.yaml:1:1: error: not a regular file; it was not read [unreadable]",
    ]


def test_file_names_cannot_forge_diagnostic_lines(run: Run, portfolio: Path) -> None:
    name = "evil.yaml\nvendors:1:1: error: forged [x]\nX.yaml"
    (portfolio / "vendors" / "acme" / "contracts" / name).write_text("id: [\n")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert len(result.lines) == 2
    assert result.lines[0].startswith(
        "vendors/acme/contracts/evil.yaml\\nvendors:1:1: error: forged [x]\\nX.yaml:1:5: error:"
    )


def test_file_names_that_are_not_utf8_are_shown_escaped(run: Run, portfolio: Path) -> None:
    raw = os.fsencode(portfolio / "vendors" / "acme" / "contracts") + b"/caf\xe9.yaml"
    Path(os.fsdecode(raw)).write_bytes(b"id: [\n")
    result = run("validate", "--root", portfolio, "--format", "json")
    assert result.exit_code == 1
    assert '"file": "vendors/acme/contracts/caf\\\\xe9.yaml"' in result.stdout


def test_layout_mistakes_are_reported(run: Run, portfolio: Path) -> None:
    acme = portfolio / "vendors" / "acme"
    (acme / "health" / "2026-09-30.yaml").rename(acme / "health" / "2026-09-30.YAML")
    shutil.rmtree(acme / "meetings")
    (acme / "meetings").write_text("not a folder\n")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 0
    assert result.lines[-1] == "Checked 7 files: 0 errors, 4 warnings."  # the .YAML file is read
    assert (
        "vendors/acme/meetings:1:1: warning: `meetings` should be a folder of YAML files "
        "[unexpected-file]"
    ) in result.lines
    assert sum("[cadence-overdue]" in line for line in result.lines) == 3  # no meetings read


def test_vendors_must_be_a_folder(run: Run, tmp_path: Path) -> None:
    (tmp_path / "vendorctl.yaml").write_text("organisation: X\ncurrency: EUR\n")
    (tmp_path / "vendors").write_text("oops\n")
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.lines[0] == "vendors:1:1: error: `vendors` should be a folder [unexpected-file]"


def test_a_deleted_working_folder_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run("validate")
    assert result.exit_code == 2
    assert "the current folder no longer exists" in result.stderr


def test_sla_window_shorter_than_the_kpi_frequency(run: Run, portfolio: Path) -> None:
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    vendor.write_text(
        vendor.read_text().replace(
            "name: Incident response,", "name: Incident response, frequency: quarterly,"
        )
    )
    (portfolio / "vendors" / "acme" / "kpis" / "2026.yaml").write_text(
        "measurements:\n  - {kpi: response, period: 2026-Q3, value: 12}\n"
    )
    result = run("validate", "--root", portfolio)
    assert result.lines[:-1] == [
        "vendors/acme/contracts/msa.yaml:20:5: error: a monthly SLA cannot be evaluated on KPI "
        "`response`, measured quarterly [sla-window]"
    ]
