"""Per-period commentary: shown in its period's scorecard and QBR, shared only when marked so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Run

VENDOR = Path("vendors") / "acme" / "vendor.yaml"

COMMENTARY = """
commentary:
  - period: 2026-08
    explanation: A storage upgrade failed twice.
    action: Upgrades move to the Sunday window.
    owner: vera
    shared: true
  - period: 2026-Q3
    explanation: Staff turnover slowed incident response.
    action: Two engineers join the on-call rota.
"""


def with_commentary(root: Path, text: str = COMMENTARY) -> Path:
    path = root / VENDOR
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root


def card(run: Run, root: Path, period: str, *more: str) -> dict[str, Any]:
    result = run(
        "scorecard", "acme", "-p", period, "-f", "json", "--as-of", "2026-10-20",
        "--root", root, *more,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_commentary_shows_in_its_period_only(run: Run, portfolio: Path) -> None:
    with_commentary(portfolio)
    assert [c["period"] for c in card(run, portfolio, "2026-08")["commentary"]] == ["2026-08"]
    assert card(run, portfolio, "2026-09")["commentary"] == []
    assert card(run, portfolio, "2026-Q2")["commentary"] == []
    august = card(run, portfolio, "2026-08")["commentary"][0]
    assert august == {
        "period": "2026-08",
        "explanation": "A storage upgrade failed twice.",
        "action": "Upgrades move to the Sunday window.",
        "owner": "vera",
        "owner_name": "Vera Vendor",
        "shared": True,
    }
    md = run("scorecard", "acme", "-p", "2026-08", "--as-of", "2026-10-20", "--root", portfolio)
    assert (
        "## Commentary\n\n- **2026-08**: A storage upgrade failed twice. "
        "Action: Upgrades move to the Sunday window. (owner: Vera Vendor)\n" in md.stdout
    )
    assert md.stdout.index("## SLA compliance") < md.stdout.index("## Commentary")


def test_no_commentary_no_section(run: Run, portfolio: Path) -> None:
    assert card(run, portfolio, "2026-08")["commentary"] == []
    md = run("scorecard", "acme", "-p", "2026-08", "--as-of", "2026-10-20", "--root", portfolio)
    assert "Commentary" not in md.stdout


def test_terminal_view_shows_the_commentary(run: Run, portfolio: Path) -> None:
    with_commentary(portfolio)
    text = run(
        "scorecard", "acme", "-p", "2026-Q3", "-f", "text", "--as-of", "2026-10-20",
        "--root", portfolio,
    ).stdout  # fmt: skip
    assert "Commentary" in text
    assert "2026-Q3 (internal)" in text
    assert "Vera Vendor" in text


def test_a_quarterly_commentary_in_the_qbr(run: Run, portfolio: Path) -> None:
    with_commentary(portfolio)
    result = run("qbr", "acme", "-q", "2026-Q3", "--as-of", "2026-10-20", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert (
        "Commentary:\n\n"
        "- **2026-Q3** (internal): Staff turnover slowed incident response. "
        "Action: Two engineers join the on-call rota.\n"
        "- **2026-08**: A storage upgrade failed twice. Action: Upgrades move to the Sunday "
        "window. (owner: Vera Vendor)\n\n## 4. SLA breaches" in result.stdout
    )
    data = json.loads(
        run(
            "qbr", "acme", "-q", "2026-Q3", "-f", "json", "--as-of", "2026-10-20",
            "--root", portfolio,
        ).stdout
    )  # fmt: skip
    assert [c["period"] for c in data["scorecard"]["commentary"]] == ["2026-Q3", "2026-08"]


def test_the_vendor_sees_only_shared_commentary(run: Run, portfolio: Path) -> None:
    with_commentary(portfolio)
    shared = card(run, portfolio, "2026-Q3", "--audience", "vendor")["commentary"]
    assert [c["period"] for c in shared] == ["2026-08"]
    result = run(
        "qbr", "acme", "-q", "2026-Q3", "--audience", "vendor", "--as-of", "2026-10-20",
        "--root", portfolio,
    )  # fmt: skip
    assert "A storage upgrade failed twice." in result.stdout
    assert "Staff turnover" not in result.stdout
    assert "(internal)" not in result.stdout


def validate(run: Run, root: Path) -> list[str]:
    result = run("validate", "--root", root, "--as-of", "2026-10-20")
    return result.lines


def test_one_commentary_per_period(run: Run, portfolio: Path) -> None:
    base = (portfolio / VENDOR).read_text(encoding="utf-8").count("\n")
    with_commentary(
        portfolio,
        COMMENTARY + "  - {period: 2026-08, explanation: Again., action: None.}\n",
    )
    lines = validate(run, portfolio)
    assert (
        f"{VENDOR}:{base + 11}:14: error: duplicate commentary for period `2026-08` "
        f"(first defined at line {base + 3}) [duplicate-id]"
    ) in lines


def test_commentary_owner_must_be_a_known_person(run: Run, portfolio: Path) -> None:
    base = (portfolio / VENDOR).read_text(encoding="utf-8").count("\n")
    with_commentary(portfolio, COMMENTARY.replace("owner: vera", "owner: nobody"))
    lines = validate(run, portfolio)
    assert (
        f"{VENDOR}:{base + 6}:12: error: no person `nobody` in this vendor; add them under "
        "`people:` in vendor.yaml [unknown-person]"
    ) in lines


def test_the_same_period_spelled_two_ways_is_a_duplicate(run: Run, portfolio: Path) -> None:
    """Periods compare as periods in the fiscal calendar: FY2026-Q3 is 2026-Q3 here."""
    base = (portfolio / VENDOR).read_text(encoding="utf-8").count("\n")
    with_commentary(
        portfolio,
        COMMENTARY + "  - {period: FY2026-Q3, explanation: Again., action: None.}\n",
    )
    assert validate(run, portfolio) == [
        f"{VENDOR}:{base + 11}:14: error: duplicate commentary for period `2026-Q3` "
        f"(first defined at line {base + 8}) [duplicate-id]",
        "Checked 10 files: 1 error, 0 warnings.",
    ]
