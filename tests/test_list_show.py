"""list and show on the example portfolio, with a fixed terminal width and no colour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Run


def test_list_as_a_terminal_table(run: Run) -> None:
    result = run("list", "--root", REPO, "--segment", "strategic", "--sort", "score")
    assert result.exit_code == 0
    rows = [line.split() for line in result.lines if line.strip()]
    assert rows[0] == ["Vendors", "as", "of", "2026-10-31"]
    # The SLAs met column leaves two names wrapped at 100 columns.
    assert [r[0] for r in rows[3:]] == ["Nimbus", "Cloud", "Sentinel", "SOC", "CodeHarbor"]
    assert rows[3][1:] == [
        "strategic",
        "active",
        "98.5",
        "Excellent",
        "9/9",
        "+1.5",
        "2026-12-31",
        "1",
    ]


def test_list_filters_sorts_and_formats(run: Run) -> None:
    data = json.loads(run("list", "--root", REPO, "--format", "json", "--sort", "deadline").stdout)
    assert [v["id"] for v in data["vendors"]] == [
        "sentinel-soc",
        "meridian-telecom",
        "nimbus-cloud",
        "pipeline-crm",
        "brightdesk",
        "codeharbor",
        "vaultline-backup",
    ]
    active = json.loads(run("list", "--root", REPO, "-f", "json", "--status", "prospect").stdout)
    assert [v["id"] for v in active["vendors"]] == ["vaultline-backup"]
    markdown = run("list", "--root", REPO, "--format", "md", "--status", "exited")
    assert "No vendor matches." in markdown.stdout
    bad = run("list", "--root", REPO, "--sort", "price")
    assert bad.exit_code == 2 and "cannot sort by 'price'" in bad.stderr


def test_show_one_vendor_on_one_screen(run: Run) -> None:
    data = json.loads(run("show", "sentinel-soc", "--root", REPO, "--format", "json").stdout)
    assert data["headline"]["score"] == 67.5741
    assert [c["id"] for c in data["contracts"]] == ["sentinel-ir-retainer", "sentinel-mdr"]
    assert data["actions"][0] == {
        "title": "Add three analysts to the night shift",
        "owner": "Katrin Vogel",
        "due": "2026-09-01",
        "days_overdue": 60,
    }
    assert len(data["risks"]) <= 5 and data["risks"][0]["band"] == "critical"
    text = run("show", "sentinel-soc", "--root", REPO)
    assert text.exit_code == 0
    assert any("Relationship manager" in line and "Sofia Marchetti" in line for line in text.lines)
    assert run("show", "nobody", "--root", REPO).exit_code == 2


def test_shell_completion_offers_vendor_ids() -> None:
    env = {**os.environ, "_VENDORCTL_COMPLETE": "complete_bash", "COMP_CWORD": "2"}
    for words, expected in (
        ("vendorctl scorecard s", ["sentinel-soc"]),
        (
            "vendorctl new health ",
            [
                "brightdesk",
                "codeharbor",
                "meridian-telecom",
                "nimbus-cloud",
                "pipeline-crm",
                "sentinel-soc",
                "vaultline-backup",
            ],
        ),
    ):
        cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        script = Path(sys.executable).parent / "vendorctl"  # completion keys on the program name
        if not script.exists():
            pytest.skip("the vendorctl console script is not installed next to this Python")
        result = subprocess.run(
            [str(script)],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**env, "COMP_WORDS": words, "COMP_CWORD": cword},
            check=False,
        )
        assert result.stdout.split() == expected, result.stdout + result.stderr
