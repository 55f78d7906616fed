"""Regenerate the `# expect:` lines of tests/cases/invalid/*.yaml from what validate prints now.

Run on purpose only, after a deliberate change of messages, and review the diff:

    python tests/tools/update_invalid_cases.py [GLOB]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
EXPECT = b"# expect: "


def diagnostics(raw: bytes, target: str) -> list[str]:
    """The diagnostic lines validate prints with the case file dropped into the test portfolio."""
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "portfolio"
        shutil.copytree(TESTS / "cases" / "base", root)
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_bytes(raw)
        env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
        command = [sys.executable, "-m", "vendorctl", "validate", "--root", str(root)]
        out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        return out.stdout.splitlines()[:-1]


def update(case: Path) -> None:
    """Rewrite one case's expectations; the header shifts lines, so iterate to a fixpoint."""
    lines = case.read_bytes().split(b"\n")
    target = lines[0].removeprefix(b"# target: ").decode()
    body = [line for line in lines[1:] if not line.startswith(EXPECT)]
    expected: list[str] = []
    for _ in range(5):
        candidate = b"\n".join([lines[0], *(EXPECT + e.encode() for e in expected), *body])
        found = diagnostics(candidate, target)
        if found == expected:
            break
        expected = found
    case.write_bytes(b"\n".join([lines[0], *(EXPECT + e.encode() for e in expected), *body]))


if __name__ == "__main__":
    pattern = sys.argv[1] if len(sys.argv) > 1 else "*.yaml"
    for path in sorted((TESTS / "cases" / "invalid").glob(pattern)):
        update(path)
        print(f"updated {path.name}")
