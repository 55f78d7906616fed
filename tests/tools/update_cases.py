"""Regenerate the `# expect:` lines of the case files under tests/cases/ from what validate
prints now: invalid/*.yaml, policies/*.yaml, valid/*.yaml and valid/*/vendorctl.yaml.

Run on purpose only, after a deliberate change of messages or of a case, and review the diff:

    python tests/tools/update_cases.py [invalid|policies|valid|all] [GLOB]

e.g. `python tests/tools/update_cases.py policies 'notice-*'`; with no arguments, every case.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.casefiles import EXPECT, KINDS, Case, cases  # noqa: E402

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "GITHUB_ACTIONS": ""}
ENV.pop("GITHUB_WORKSPACE", None)


def validate(case: Case, raw: bytes) -> tuple[int, list[str]]:
    """validate's exit status and diagnostic lines with `raw` as the case's file."""
    with tempfile.TemporaryDirectory() as temp:
        root = case.place(Path(temp) / "portfolio", raw)
        command = [sys.executable, "-m", "vendorctl", *case.validate_args(root)]
        out = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
        if out.returncode not in (0, 1):
            sys.exit(f"{case.path}: validate exited {out.returncode}\n{out.stderr}")
        return out.returncode, out.stdout.splitlines()[:-1]


def with_expectations(raw: bytes, expected: list[str]) -> bytes:
    """The file with its `# expect:` lines replaced; other header lines stay first, in order."""
    lines = raw.split(b"\n")
    size = next((i for i, line in enumerate(lines) if not line.startswith(b"# ")), len(lines))
    kept = [line for line in lines[:size] if not line.startswith(EXPECT)]
    return b"\n".join([*kept, *(EXPECT + e.encode() for e in expected), *lines[size:]])


def update(kind: str, case: Case) -> None:
    """Rewrite one case's expectations; the header shifts lines, so iterate to a fixpoint."""
    raw = case.raw
    expected = case.header.expect
    for _ in range(5):
        status, found = validate(case, with_expectations(raw, expected))
        if found == expected:
            break
        expected = found
    else:
        sys.exit(f"{case.path}: the diagnostics do not settle; check the case by hand")
    case.file.write_bytes(with_expectations(raw, expected))
    wrong = {
        "invalid": status != 1,
        "policies": not expected,
        "valid": status != 0 or any(": error: " in line for line in expected),
    }[kind]
    print(f"updated {kind}/{case.path.name}" + (f" (no longer a {kind} case!)" if wrong else ""))


def main(args: list[str]) -> None:
    kinds = KINDS if not args or args[0] == "all" else (args[0],)
    if not set(kinds) <= set(KINDS):
        sys.exit(__doc__)
    for kind in kinds:
        for case in cases(kind, args[1] if len(args) > 1 else "*"):
            update(kind, case)


if __name__ == "__main__":
    main(sys.argv[1:])
