"""Every file in tests/cases/policies breaches a governance policy: dropped into the test
portfolio at its `# target:` and judged as of its `# as-of:` (if any), validate must print exactly
its `# expect:` lines, policy warnings and errors included, and exit 1 only if one is an error.

To add a case, drop a file there and run `python tests/tools/update_cases.py policies NAME.yaml`
(it writes the `# expect:` lines); then read them: they are the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefiles import Case, cases, codes
from tests.conftest import Run
from vendorctl.policies import POLICIES

POLICY_CASES = cases("policies")


@pytest.mark.parametrize("case", POLICY_CASES, ids=[case.name for case in POLICY_CASES])
def test_policy_case(run: Run, tmp_path: Path, case: Case) -> None:
    expected = case.header.expect
    assert codes(expected) & set(POLICIES), "a policy case expects at least one policy's finding"
    root = case.place(tmp_path / "portfolio")
    result = run(*case.validate_args(root))
    assert result.lines[:-1] == expected
    assert result.lines[-1].startswith("Checked ")
    assert result.exit_code == (1 if any(": error: " in line for line in expected) else 0)


def test_there_are_cases() -> None:
    assert len(POLICY_CASES) >= 5
