"""Every file in tests/cases/invalid is dropped into the test portfolio; validate must report
exactly the diagnostics its header promises, exit 1, and never crash.

A case file starts with comment lines:
    # target: vendors/acme/contracts/msa.yaml      (where the file goes; replaces what is there)
    # expect: <one exact diagnostic line>           (one per expected diagnostic, in order)
The rest of the file (possibly invalid bytes) is the case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TESTS, Run

CASES = sorted((TESTS / "cases" / "invalid").glob("*.yaml"))


def _header(raw: bytes) -> tuple[str, list[str]]:
    target, expect = "", []
    for line in raw.split(b"\n"):
        if not line.startswith(b"# "):
            break
        key, _, value = line[2:].decode("utf-8").partition(": ")
        if key == "target":
            target = value
        elif key == "expect":
            expect.append(value)
    assert target and expect, "a case needs a `# target:` and at least one `# expect:` line"
    return target, expect


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case(run: Run, portfolio: Path, case: Path) -> None:
    raw = case.read_bytes()
    target, expected = _header(raw)
    (portfolio / target).parent.mkdir(parents=True, exist_ok=True)
    (portfolio / target).write_bytes(raw)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines[:-1] == expected
    assert result.lines[-1].startswith("Checked ")


def test_there_are_cases() -> None:
    assert len(CASES) >= 20
