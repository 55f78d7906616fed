"""Every file in tests/cases/invalid is dropped into the test portfolio; validate must report
exactly the diagnostics its header promises, exit 1, and never crash.

A case file starts with comment lines (see tests/casefiles.py):
    # target: vendors/acme/contracts/msa.yaml      (where the file goes; replaces what is there)
    # expect: <one exact diagnostic line>           (one per expected diagnostic, in order)
The rest of the file (possibly invalid bytes) is the case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefiles import Case, cases, header
from tests.conftest import Run

INVALID = cases("invalid")
CASES = [case.path for case in INVALID]  # tests/test_parallel.py runs them too


def _header(raw: bytes) -> tuple[str, list[str]]:
    found = header(raw)
    assert found.target and found.expect, (
        "a case needs a `# target:` and at least one `# expect:` line"
    )
    return found.target, found.expect


@pytest.mark.parametrize("case", INVALID, ids=[case.name for case in INVALID])
def test_invalid_case(run: Run, tmp_path: Path, case: Case) -> None:
    _, expected = _header(case.raw)
    root = case.place(tmp_path / "portfolio")
    result = run(*case.validate_args(root))
    assert result.exit_code == 1
    assert result.lines[:-1] == expected
    assert result.lines[-1].startswith("Checked ")


def test_there_are_cases() -> None:
    assert len(CASES) >= 20
