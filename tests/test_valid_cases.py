"""Every case in tests/cases/valid is a valid portfolio: a file dropped into the test portfolio at
its `# target:`, or a folder that is a whole portfolio (its header at the top of its
vendorctl.yaml). Validate (as of its `# as-of:`, if any) must find no error and print exactly its
`# expect:` lines, warnings if any; the JSON Schemas must accept its files; render must write the
reports, and then find them current.

To add a case, drop a file or a folder there and run
`python tests/tools/update_cases.py valid NAME` (it writes the `# expect:` lines, if any).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.casefiles import Case, cases, kind_of
from tests.conftest import Run
from vendorctl.jobs.schema import schema_text
from vendorctl.load.yamlio import load

VALID = cases("valid")
IDS = [case.name for case in VALID]
# Cases the exported JSON Schemas wrongly refuse, until vendorctl's schema export is fixed.
SCHEMA_GAPS = {
    "fiscal-year-and-own-standings": "the settings schema refuses `policies: {code: error}`, the "
    "shorthand the loader and the README accept (a BeforeValidator the schema does not show)",
}


@pytest.mark.parametrize("case", VALID, ids=IDS)
def test_valid_case_validates(run: Run, tmp_path: Path, case: Case) -> None:
    expected = case.header.expect
    assert not [line for line in expected if ": error: " in line], "a valid case has no errors"
    root = case.place(tmp_path / "portfolio")
    result = run(*case.validate_args(root))
    assert result.lines[:-1] == expected
    assert result.lines[-1].startswith("Checked ")
    assert result.exit_code == 0


@pytest.mark.parametrize("case", VALID, ids=IDS)
def test_valid_case_renders(run: Run, tmp_path: Path, case: Case) -> None:
    root = case.place(tmp_path / "portfolio")
    out = tmp_path / "reports"
    rendered = run("render", "--root", root, "--out", out, *case.as_of_args())
    assert rendered.exit_code == 0, rendered.stderr
    assert (out / "README.md").is_file()
    checked = run("render", "--root", root, "--out", out, "--check", *case.as_of_args())
    assert checked.exit_code == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=SCHEMA_GAPS[case.name]))
        if case.name in SCHEMA_GAPS
        else case
        for case in VALID
    ],
    ids=IDS,
)
def test_valid_case_files_satisfy_the_json_schemas(case: Case) -> None:
    """A third-party validator accepts every file the case brings, as the loader does."""
    if case.path.is_dir():
        files = {path.relative_to(case.path): path for path in sorted(case.path.rglob("*.yaml"))}
    else:
        files = {Path(case.target): case.path}
    for relative, path in files.items():
        schema = json.loads(schema_text(kind_of(relative)))
        jsonschema.validate(
            load(path, path.name).data, schema, format_checker=jsonschema.FormatChecker()
        )


def test_there_are_cases() -> None:
    assert len(VALID) >= 3
    assert any(case.path.is_dir() for case in VALID) and any(case.path.is_file() for case in VALID)
