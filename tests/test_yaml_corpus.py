"""Every document of the public YAML test suite, as a vendor file, ends in clean diagnostics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CORPORA, Run

SUITE = CORPORA / "yaml-test-suite"
CASES = sorted(SUITE.rglob("in.yaml")) if SUITE.is_dir() else []
LINE = re.compile(r"^vendors/acme/vendor\.yaml:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")


@pytest.mark.skipif(not CASES, reason="the shared YAML test suite corpus is not present")
def test_every_yaml_test_suite_document_ends_cleanly(run: Run, portfolio: Path) -> None:
    target = portfolio / "vendors" / "acme" / "vendor.yaml"
    failures = []
    for case in CASES:
        target.write_bytes(case.read_bytes())
        result = run("validate", "--root", portfolio)
        name = case.parent.relative_to(SUITE).as_posix()
        body, summary = result.lines[:-1], result.lines[-1] if result.lines else ""
        if result.exit_code != 1 or not summary.startswith("Checked 10 files: "):
            failures.append(f"{name}: exit {result.exit_code}: {result.stdout[-300:]!r}")
        elif not body or not all(LINE.match(line) for line in body):
            failures.append(f"{name}: unexpected output {body[:3]!r}")
    assert not failures, "\n".join(failures)
    assert len(CASES) > 300
