"""list and show on the example portfolio, with a fixed terminal width and no colour."""

from __future__ import annotations

import json

from tests.conftest import REPO, Run


def test_list_as_a_terminal_table(run: Run) -> None:
    result = run("list", "--root", REPO, "--segment", "strategic", "--sort", "score")
    assert result.exit_code == 0
    rows = [line.split() for line in result.lines if line.strip()]
    assert rows[0] == ["Vendors", "as", "of", "2026-10-31"]
    assert [r[0] for r in rows[3:]] == ["Nimbus", "Sentinel", "CodeHarbor"]
    assert rows[3][1:] == [
        "Cloud",
        "strategic",
        "active",
        "98.5",
        "Excellent",
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
