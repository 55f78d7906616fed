"""Regenerate the golden reports under tests/golden/ from the example portfolio.

Run on purpose only, after a deliberate change of a report, and review the diff:

    python tests/tools/update_golden.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
# (golden file, command arguments): the same pairs tests/test_scorecard.py checks.
GOLDEN = {
    "scorecard-nimbus-cloud-2026-Q3.md": ["scorecard", "nimbus-cloud", "--period", "2026-Q3"],
    "scorecard-sentinel-soc-2026-Q3.md": [
        "scorecard",
        "sentinel-soc",
        "--period",
        "2026-Q3",
        "--explain",
    ],
    "scorecard-sentinel-soc-2026-Q3.json": [
        "scorecard",
        "sentinel-soc",
        "--period",
        "2026-Q3",
        "--format",
        "json",
    ],
    "credits-2026.md": ["credits", "--period", "2026", "--format", "md"],
    "validate-example.txt": ["validate"],
    "qbr-brightdesk-2026-Q3.md": ["qbr", "brightdesk", "--quarter", "2026-Q3"],
    "qbr-sentinel-soc-vendor.md": ["qbr", "sentinel-soc", "--audience", "vendor"],
    "onboarding-nimbus-cloud.md": ["onboard", "nimbus-cloud"],
    "onboarding-codeharbor-commercial.md": ["onboard", "codeharbor", "--role", "commercial"],
}


def main() -> None:
    """Write every golden file."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    for name, args in GOLDEN.items():
        command = [sys.executable, "-m", "vendorctl", *args, "--root", str(REPO)]
        result = subprocess.run(command, capture_output=True, env=env, check=True)
        (TESTS / "golden" / name).write_bytes(result.stdout)
        print(f"updated {name}")


if __name__ == "__main__":
    main()
