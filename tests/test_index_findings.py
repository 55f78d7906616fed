"""The portfolio index lists the governance policies' findings exactly as `validate` does, as of
the render's date, byte for byte the same for any number of processes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, Run
from tests.test_parallel import LATE, spread
from tests.test_scorecard import assert_tables_keep_their_shape, lint
from vendorctl import parallel
from vendorctl.policies import POLICIES
from vendorctl.render.markdown import inert

SECTION = "## Governance findings\n\n"
SEVERITY = {"error": "🔴 error", "warning": "🟠 warning"}


def render_index(run: Run, root: Path, out: Path, *args: str) -> str:
    """Render into `out` with one process and with three; the index, the same from both."""
    indexes = []
    for jobs in ("1", "3"):
        folder = out / f"jobs-{jobs}"
        result = run("render", "--root", root, "--out", folder, "--jobs", jobs, *args)
        assert result.exit_code == 0, result.stdout + result.stderr
        indexes.append((folder / "README.md").read_bytes())
    assert indexes[0] == indexes[1]
    return indexes[0].decode("utf-8")


def section(index: str) -> str:
    """The index's governance section, to the end of the file (it is the last section)."""
    assert index.count(SECTION) == 1
    return index[index.index(SECTION) + len(SECTION) :]


def validated(run: Run, root: Path, day: str) -> dict[str, Any]:
    """`validate --as-of day` as JSON, the same with one process and with three."""
    outputs = []
    for jobs in ("1", "3"):
        result = run("validate", "--root", root, "--as-of", day, "--format", "json", "-j", jobs)
        assert result.exit_code in (0, 1), result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    return json.loads(outputs[0])


def names(root: Path) -> dict[str, str]:
    return {
        p.name: yaml.safe_load((p / "vendor.yaml").read_text(encoding="utf-8"))["name"]
        for p in (root / "vendors").iterdir()
    }


def expected_section(run: Run, root: Path, day: str) -> str:
    """What the section must say: validate's policy findings, in its order, in its words."""
    report = validated(run, root, day)
    found = [d for d in report["diagnostics"] if d["code"] in POLICIES]
    assert not report.get("omitted")
    if not found:
        return "No governance finding.\n"
    errors = sum(d["severity"] == "error" for d in found)
    warnings = len(found) - errors
    vendor = names(root)
    rows = "".join(
        f"| {vendor[d['file'].split('/')[1]]} | {SEVERITY[d['severity']]} | `{d['code']}` | "
        f"{inert(d['message'])} | `{d['file']}:{d['line']}` |\n"
        for d in found
    )
    return (
        f"What the governance policies find as of {day}, as `vendorctl validate --as-of {day}` "
        f"lists it: {errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}. Fix the data, or set a policy's "
        "severity under `policies:` in `vendorctl.yaml`.\n\n"
        "| Vendor | Severity | Code | Finding | Where |\n"
        "| --- | --- | --- | --- | --- |\n" + rows
    )


def as_of(index: str) -> str:
    found = re.search(r"^As of (\d{4}-\d\d-\d\d)\.", index, re.MULTILINE)
    assert found is not None
    return found.group(1)


def set_settings(root: Path, old: str, new: str) -> None:
    path = root / "vendorctl.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
def test_the_example_index_lists_what_validate_finds(run: Run, tmp_path: Path) -> None:
    index = render_index(run, REPO, tmp_path)
    day = as_of(index)
    assert day == "2026-10-31"
    shown = section(index)
    assert shown == expected_section(run, REPO, day)
    assert shown.count("| Sentinel SOC | 🟠 warning | `key-person-backup` |") == 1
    assert_tables_keep_their_shape(index)
    (tmp_path / "index.md").write_text(index, encoding="utf-8")
    assert lint([tmp_path / "index.md"]) == ""


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
def test_a_small_portfolio_shared_between_processes_lists_every_vendors_findings(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    spread(portfolio)
    index = render_index(run, portfolio, tmp_path / "out", "--as-of", LATE)
    shown = section(index)
    assert shown == expected_section(run, portfolio, LATE)
    for name in ("aardvark", "acme", "beta", "zulu"):
        assert f"| `vendors/{name}/vendor.yaml:22` |" in shown
    (tmp_path / "index.md").write_text(index, encoding="utf-8")
    assert lint([tmp_path / "index.md"]) == ""


def test_without_an_as_of_the_findings_are_judged_on_the_reports_date(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    """No --as-of and none in vendorctl.yaml: reports fall back to the end of the latest period
    with data (never the clock), and the policies judge on that same date."""
    set_settings(portfolio, "as_of: 2026-10-31\n", "")
    index = render_index(run, portfolio, tmp_path)
    day = as_of(index)
    assert day != "2026-10-31"
    assert section(index) == expected_section(run, portfolio, day)


def test_a_policy_set_to_error_is_listed_as_one_and_render_still_runs(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    set_settings(
        portfolio, "currency: EUR\n", "currency: EUR\npolicies:\n  sla-data-stale: error\n"
    )
    index = render_index(run, portfolio, tmp_path, "--as-of", LATE)
    shown = section(index)
    assert shown == expected_section(run, portfolio, LATE)
    assert "| Acme" in shown and "| 🔴 error | `sla-data-stale` |" in shown
    assert ": 2 errors, " in shown


def test_no_finding_says_so(run: Run, portfolio: Path, tmp_path: Path) -> None:
    off = "".join(f"  {code}: off\n" for code in sorted(POLICIES))
    set_settings(portfolio, "currency: EUR\n", f"currency: EUR\npolicies:\n{off}")
    index = render_index(run, portfolio, tmp_path, "--as-of", LATE)
    assert section(index) == "No governance finding.\n"
    assert expected_section(run, portfolio, LATE) == "No governance finding.\n"
