"""validate keeps only so many diagnostics: the first 100 of each file and code, 1,000 in all;
the others are counted (summary, JSON) and named in one line per file and code, so a file of a
hundred thousand duplicate measurements costs the memory of its data, not of its problems."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl import diagnostics, parallel
from vendorctl.diagnostics import LISTED_PER_FILE_AND_CODE, LISTED_PER_RUN, Findings

KPIS = Path("vendors") / "acme" / "kpis"
# 2026.yaml of the test portfolio holds this measurement on its line 3.
DUPLICATE = "  - {kpi: availability, period: 2026-09, value: 99.9}\n"
FIRST = "(first defined at vendors/acme/kpis/2026.yaml:3)"
LINE = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
NOTE = "(at most 100 per file and code are listed, 1,000 in all)"


def duplicates(folder: Path, name: str, count: int) -> None:
    """A KPI file of `count` measurements that 2026.yaml already has."""
    (folder / name).write_text("measurements:\n" + DUPLICATE * count, encoding="utf-8")


def problems(out: str) -> list[str]:
    """The diagnostic lines of a text output (all but the summary), each checked for form."""
    lines = out.splitlines()[:-1]
    assert [line for line in lines if not LINE.match(line)] == []
    return lines


def test_the_caps_are_the_documented_ones() -> None:
    assert (LISTED_PER_FILE_AND_CODE, LISTED_PER_RUN) == (100, 1_000)


def test_the_first_100_of_a_file_and_code_are_listed_the_rest_in_one_line(
    run: Run, portfolio: Path
) -> None:
    duplicates(portfolio / KPIS, "dup.yaml", 150)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    lines = problems(result.stdout)
    assert lines[0] == (
        "vendors/acme/kpis/dup.yaml:1:1: error: 50 of 150 duplicate-measurement errors in this "
        f"file are not listed {NOTE} [duplicate-measurement]"
    )
    assert lines[1:] == [
        f"vendors/acme/kpis/dup.yaml:{line}:5: error: duplicate measurement of "
        f"`availability for 2026-09` {FIRST} [duplicate-measurement]"
        for line in range(2, 102)  # the first 100 found: the file's first 100 measurements
    ]
    assert result.lines[-1] == "Checked 11 files: 150 errors, 0 warnings."


def test_json_counts_every_problem_and_says_what_was_left_out(run: Run, portfolio: Path) -> None:
    duplicates(portfolio / KPIS, "dup.yaml", 150)
    result = run("validate", "--root", portfolio, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["files"], document["errors"], document["warnings"]) == (11, 150, 0)
    assert len(document["diagnostics"]) == 100
    assert {d["code"] for d in document["diagnostics"]} == {"duplicate-measurement"}
    assert document["omitted"] == [
        {
            "file": "vendors/acme/kpis/dup.yaml",
            "severity": "error",
            "code": "duplicate-measurement",
            "count": 50,
        }
    ]


def test_nothing_is_omitted_up_to_the_cap(run: Run, portfolio: Path) -> None:
    duplicates(portfolio / KPIS, "dup.yaml", 100)
    text = run("validate", "--root", portfolio)
    assert len(problems(text.stdout)) == 100
    assert "not listed" not in text.stdout
    assert text.lines[-1] == "Checked 11 files: 100 errors, 0 warnings."
    document = json.loads(run("validate", "--root", portfolio, "--format", "json").stdout)
    assert "omitted" not in document
    assert document["errors"] == 100


def test_github_annotates_the_omitted_line_too(run: Run, portfolio: Path) -> None:
    duplicates(portfolio / KPIS, "dup.yaml", 101)
    result = run("validate", "--root", portfolio, "--format", "github")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "::error file=vendors/acme/kpis/dup.yaml,line=1,col=1,"
        "title=vendorctl [duplicate-measurement]::1 of 101 duplicate-measurement errors in this "
        f"file is not listed {NOTE}"
    )
    assert result.lines[-1] == "Checked 11 files: 101 errors, 0 warnings."


def test_each_code_of_a_file_is_capped_apart(run: Run, portfolio: Path) -> None:
    """Measurements of an unknown KPI, all for one period: an unknown-kpi and (from the second
    on) a duplicate-measurement error each, in bulk."""
    measurement = "  - {kpi: availabilty, period: 2026-10, value: 99.9}\n"
    (portfolio / KPIS / "typo.yaml").write_text("measurements:\n" + measurement * 300)
    result = run("validate", "--root", portfolio)
    lines = problems(result.stdout)
    assert lines[:2] == [
        "vendors/acme/kpis/typo.yaml:1:1: error: 199 of 299 duplicate-measurement errors in "
        f"this file are not listed {NOTE} [duplicate-measurement]",
        "vendors/acme/kpis/typo.yaml:1:1: error: 200 of 300 unknown-kpi errors in this file "
        f"are not listed {NOTE} [unknown-kpi]",
    ]
    assert len(lines) == 2 + 2 * 100
    assert result.lines[-1] == "Checked 11 files: 599 errors, 0 warnings."


def test_at_most_1000_are_listed_in_all_first_in_output_order(run: Run, portfolio: Path) -> None:
    for index in range(13):  # 13 files of 90 duplicates: 1,170, none over the cap per file
        duplicates(portfolio / KPIS, f"d{index:02}.yaml", 90)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    lines = problems(result.stdout)
    omitted = [line for line in lines if "not listed" in line]
    assert omitted == [  # 11 files listed whole (990), the first 10 of d11.yaml
        "vendors/acme/kpis/d11.yaml:1:1: error: 80 of 90 duplicate-measurement errors in this "
        f"file are not listed {NOTE} [duplicate-measurement]",
        "vendors/acme/kpis/d12.yaml:1:1: error: 90 duplicate-measurement errors in this file "
        f"are not listed {NOTE} [duplicate-measurement]",
    ]
    assert len(lines) == 1_000 + 2
    assert lines[-2].startswith("vendors/acme/kpis/d11.yaml:11:5: error: duplicate measurement")
    assert lines[-1] == omitted[-1]
    assert result.lines[-1] == "Checked 23 files: 1170 errors, 0 warnings."
    document = json.loads(run("validate", "--root", portfolio, "--format", "json").stdout)
    assert (document["errors"], len(document["diagnostics"])) == (1170, 1000)
    assert [(o["file"], o["count"]) for o in document["omitted"]] == [
        ("vendors/acme/kpis/d11.yaml", 80),
        ("vendors/acme/kpis/d12.yaml", 90),
    ]


def test_the_cap_holds_as_problems_are_found(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No collection ever holds more than twice the cap per run, however many are found: they
    are counted as they come, never gathered whole first."""
    most = 0
    add = Findings.add

    def watched(self: Findings, diagnostic: diagnostics.Diagnostic) -> None:
        nonlocal most
        add(self, diagnostic)
        most = max(most, self.held)

    monkeypatch.setattr(Findings, "add", watched)
    duplicates(portfolio / KPIS, "dup.yaml", 5_000)
    for index in range(30):
        duplicates(portfolio / KPIS, f"d{index:02}.yaml", 99)
    result = run("validate", "--root", portfolio, "--jobs", "1")
    assert result.lines[-1] == "Checked 41 files: 7970 errors, 0 warnings."
    assert 0 < most <= 2 * LISTED_PER_RUN
    # d00.yaml to d09.yaml listed whole, 10 of d10.yaml; one line for each of the 21 files on
    assert len(problems(result.stdout)) == 1_000 + 21


def _copy_vendor(root: Path, name: str) -> None:
    """acme copied to another vendor, with ids of its own."""
    folder = root / "vendors" / name
    shutil.copytree(root / "vendors" / "acme", folder)
    for path, old in (
        ("vendor.yaml", "id: acme\n"),
        ("contracts/msa.yaml", "id: acme-msa\n"),
        ("claims.yaml", "contract: acme-msa\n"),
    ):
        text = (folder / path).read_text(encoding="utf-8")
        (folder / path).write_text(text.replace(old, old.replace("acme", name), 1))


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_what_is_listed_is_the_same_for_any_number_of_processes(
    run: Run, portfolio: Path, fmt: str
) -> None:
    """Each process caps what it finds before sending it back (zulu's process holds more than
    twice the cap per run, and trims it); the outcome is the same as in one process, even for a
    file whose problems are found both in a process and across vendors: beta's contract, with
    150 duplicate SLA ids, has acme's contract id."""
    for name in ("aardvark", "beta", "zulu"):
        _copy_vendor(portfolio, name)
    for index in range(25):
        duplicates(portfolio / "vendors" / "zulu" / "kpis", f"d{index:02}.yaml", 95)
    msa = portfolio / "vendors" / "beta" / "contracts" / "msa.yaml"
    sla = "  - {id: response, kpi: response, target: 15}\n"
    text = msa.read_text().replace("id: beta-msa", "id: acme-msa").replace("decision: renew\n", "")
    msa.write_text(text + sla * 150 + "decision: renew\n")
    claims = portfolio / "vendors" / "beta" / "claims.yaml"
    claims.write_text(claims.read_text().replace("beta-msa", "acme-msa"))
    one = run("validate", "--root", portfolio, "--jobs", "1", "--format", fmt)
    for jobs in ("2", "3", "4"):
        other = run("validate", "--root", portfolio, "--jobs", jobs, "--format", fmt)
        assert (other.exit_code, other.stdout, other.stderr) == (1, one.stdout, one.stderr)
    if fmt == "text":
        # zulu: 25 files of 95 duplicates; beta: 150 SLA ids and the contract id
        assert one.lines[-1] == "Checked 62 files: 2526 errors, 0 warnings."
        lines = problems(one.stdout)
        assert len(lines) == 1_000 + 1 + 16  # beta's contract; zulu's files from d09.yaml on
        # The first 100 found of the contract's duplicate ids are listed: the SLAs'.
        assert lines[0] == (
            "vendors/beta/contracts/msa.yaml:1:1: error: 51 of 151 duplicate-id errors in this "
            f"file are not listed {NOTE} [duplicate-id]"
        )
        assert lines[1].startswith(
            "vendors/beta/contracts/msa.yaml:25:10: error: duplicate SLA id `response`"
        )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_counts_the_errors_of_a_revision_that_are_not_listed(
    run: Run, portfolio: Path
) -> None:
    from tests.test_diff import Repo

    repo = Repo(portfolio)
    repo.git("init", "-q")
    repo.commit("base")
    duplicates(portfolio / KPIS, "dup.yaml", 150)
    broken = repo.commit("duplicates")
    result = run("diff", "HEAD~1", broken, "--root", portfolio)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{broken}:vendors/acme/kpis/dup.yaml:1:1: error: 50 of 150 ")
    assert sum(1 for line in errors if "[duplicate-measurement]" in line) == 101
    assert errors[-2] == "Checked 21 files: 150 errors, 0 warnings."
