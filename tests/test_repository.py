"""The repository dogfoods itself: its portfolio validates, its schemas and README are current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.casefiles import FOLDER as CASES
from tests.casefiles import kind_of
from tests.conftest import BASE, REPO, Run
from vendorctl.jobs.schema import file_name, schema_text
from vendorctl.load.yamlio import load
from vendorctl.model import FILE_KINDS

README = (REPO / "README.md").read_text(encoding="utf-8")
# The reference moved from the README into docs/: the documentation is the README and its pages.
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
)
COMMANDS_PAGE = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")


def test_example_portfolio_shows_policies_as_warnings_never_errors(run: Run) -> None:
    result = run("validate", "--root", REPO)
    assert result.exit_code == 0, result.stdout
    assert int(result.lines[-1].split()[1]) >= 60  # files
    assert result.lines[-1].endswith(" 0 errors, 17 warnings.")
    codes = {line.rsplit("[", 1)[1].rstrip("]") for line in result.lines[:-1]}
    # The story of the example: a credit due soon, some lapsed (see reports/README.md), a right
    # to terminate BrightDesk's contract open, its monthly SLA report overdue, Pipeline CRM's
    # SOC 2 report expiring, five open issues left at level 2 past the ladder's `after:` for level 3.
    assert codes == {
        "notice-approaching",
        "key-person-backup",
        "credit-claim-due",
        "credit-lapsed",
        "termination-right",
        "obligation-overdue",
        "evidence-expiring",
        "escalation-due",
    }


def test_example_portfolio_is_realistic() -> None:
    vendors = sorted(p for p in (REPO / "vendors").iterdir() if p.is_dir())
    assert len(vendors) >= 6
    statuses = set()
    segments = set()
    for folder in vendors:
        vendor = load(folder / "vendor.yaml", "vendor.yaml").data
        statuses.add(vendor["status"])
        segments.add(vendor["segment"])
    assert {"prospect", "onboarding", "active", "offboarding"} <= statuses
    assert {"strategic", "tactical", "operational", "commodity"} <= segments


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_committed_schemas_are_current(kind: str) -> None:
    committed = REPO / "schemas" / file_name(kind)
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        "schemas/ is stale: run `vendorctl schema --out schemas`"
    )


@pytest.mark.parametrize("root", [REPO, BASE], ids=["example", "tests-base"])
def test_exported_schemas_accept_every_valid_file(root: Path) -> None:
    """The JSON Schemas agree with the loader: a third-party validator accepts the valid files."""
    files = [root / "vendorctl.yaml", *sorted((root / "vendors").rglob("*.yaml"))]
    for path in files:
        schema = json.loads(schema_text(kind_of(path.relative_to(root))))
        data = load(path, path.name).data
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


def test_readme_documents_every_diagnostic_code() -> None:
    codes = set()
    for case in CASES.rglob("*.yaml"):
        text = case.read_text("utf-8", "replace")
        codes |= set(re.findall(r"^# expect: .*\[([a-z-]+)\]$", text, re.M))
    undocumented = sorted(code for code in codes if f"`{code}`" not in DOCS)
    assert undocumented == []


def test_every_code_the_readme_documents_exists_in_the_code() -> None:
    table = COMMANDS_PAGE.split("**Diagnostic codes**", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", table))
    source = "\n".join(p.read_text("utf-8") for p in (REPO / "vendorctl").rglob("*.py"))
    assert len(documented) > 30
    assert sorted(code for code in documented if f'"{code}"' not in source) == []


def test_readme_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.strip().splitlines() if line.strip()]
    assert commands == [
        "python -m pip install . && python -m vendorctl render",
        "python -m pip install '.[test]' && python -m pytest",
    ]
    assert (
        "python -m pip install --quiet '.[test]' && python -m pytest"
        in (REPO / ".ci" / "run").read_text()
    )
