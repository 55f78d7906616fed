"""The executive summary on top of the index, the scorecard and the QBR: exact sentences from
small portfolios, nothing said when there is nothing to say, nothing internal for the vendor."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run

# Two good months in 2026-Q2: the score falls in 2026-Q3 and the standing with it.
Q2 = """\
  - {kpi: availability, period: 2026-05, value: 99.99}
  - {kpi: availability, period: 2026-06, value: 99.99}
  - {kpi: response, period: 2026-05, value: 10}
  - {kpi: response, period: 2026-06, value: 10}
"""
TRIGGER = """\
termination:
  triggers:
    - {sla: availability, breaches: 1, within: 3}
"""
BUDGET = 'budget:\n  - {period: "2026", budget: 100000, spend: 120000}\n'


def busy(portfolio: Path) -> Path:
    """The base portfolio with something in every sentence: a score that fell, no renewal
    decision yet, a right to terminate, credits unclaimed, spend over budget."""
    acme = portfolio / "vendors" / "acme"
    with (acme / "kpis" / "2026.yaml").open("a", encoding="utf-8") as kpis:
        kpis.write(Q2)
    contract = acme / "contracts" / "msa.yaml"
    text = contract.read_text(encoding="utf-8").replace("decision: renew\n", "")
    contract.write_text(text + TRIGGER, encoding="utf-8")
    (acme / "claims.yaml").unlink()
    with (acme / "vendor.yaml").open("a", encoding="utf-8") as vendor:
        vendor.write(BUDGET)
    return portfolio


def summary(run: Run, root: Path, *args: str) -> list[str]:
    """The `summary` of a report's JSON."""
    result = run(*args, "--root", root, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found: list[str] = json.loads(result.stdout)["summary"]
    return found


def bullets(run: Run, root: Path, day: str) -> list[str]:
    """The bullets under the index's title after `render`."""
    result = run("render", "--root", root, "--as-of", day)
    assert result.exit_code == 0, result.stderr
    text = (root / "reports" / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return [line for line in head.splitlines() if line.startswith("- ")]


SCORE = "The score for 2026-Q3 is 84.9 (Needs attention), down 15.1 on 2026-Q2."
MOVED = (
    "The standing moved from Excellent to Needs attention, capped as 2 SLA windows were breached."
)
DUE = "1 service credit is still to claim, worth EUR 1,500.00; it is due soon, by 2026-10-30."


def test_the_scorecard_says_what_changed_what_to_decide_and_the_money(
    run: Run, portfolio: Path
) -> None:
    root = busy(portfolio)
    card = ("scorecard", "acme", "--period", "2026-Q3")
    assert summary(run, root, *card, "--as-of", "2026-10-25") == [
        SCORE,
        MOVED,
        "1 right to terminate is open (acme-msa).",
        "1 service credit is still to claim from the period, worth EUR 1,500.00; it is due soon,"
        " by 2026-10-30.",
    ]
    assert summary(run, root, *card, "--as-of", "2026-11-15")[3:] == [
        "1 service credit, worth EUR 1,500.00, lapsed unclaimed.",
    ]
    markdown = run(*card, "--root", root, "--as-of", "2026-10-25").stdout
    assert f"to 2026-09-30\n\n- {SCORE}\n- {MOVED}\n" in markdown


def test_nothing_to_say_is_left_out(run: Run, portfolio: Path) -> None:
    """No earlier quarter, no decision due, every credit claimed: no sentence says `0`."""
    card = ("scorecard", "acme", "--period", "2026-Q3", "--as-of", "2026-10-15")
    assert summary(run, portfolio, *card) == [
        "The score for 2026-Q3 is 84.9 (Needs attention).",
        "2 SLA windows were breached, which caps the standing.",
    ]
    assert bullets(run, portfolio, "2026-10-15") == []


def test_the_qbr_summary_item_holds_the_sentences(run: Run, portfolio: Path) -> None:
    root = busy(portfolio)
    qbr = ("qbr", "acme", "--quarter", "2026-Q3")
    sentences = [
        SCORE,
        MOVED,
        "1 notice deadline needs a renewal decision, by 2026-10-02.",
        "1 open issue is escalated, to level 2.",
        "Spend is over budget: 120.0% of the 2026 budget is used.",
    ]
    assert summary(run, root, *qbr, "--as-of", "2026-09-25") == sentences
    markdown = run(*qbr, "--root", root, "--as-of", "2026-09-25").stdout
    item = markdown.split(". Summary and goals of the meeting\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert item.splitlines() == [f"- {s}" for s in sentences]
    assert summary(run, root, *qbr, "--as-of", "2026-10-25") == [
        SCORE,
        MOVED,
        "1 right to terminate is open (acme-msa).",
        "1 open issue is escalated, to level 2.",
        DUE,
        "Spend is over budget: 120.0% of the 2026 budget is used.",
    ]


def test_the_vendor_audience_gets_no_internal_sentence(run: Run, portfolio: Path) -> None:
    """No renewal decision, right to terminate or budget: only what the vendor may see."""
    root = busy(portfolio)
    shared = [SCORE, MOVED, "1 open issue is escalated, to level 2.", DUE]
    for day in ("2026-09-25", "2026-10-25"):
        qbr = ("qbr", "acme", "--quarter", "2026-Q3", "--as-of", day, "--audience", "vendor")
        found = summary(run, root, *qbr)
        assert found == (shared[:3] if day == "2026-09-25" else shared)
        card = ("scorecard", "acme", "--period", "2026-Q3", "--as-of", day)
        assert summary(run, root, *card, "--audience", "vendor") == [
            s for s in summary(run, root, *card) if "terminate" not in s
        ]
        markdown = run(*qbr, "--root", root).stdout
        for internal in ("renewal decision", "terminate", "budget"):
            assert internal not in markdown.split("## 2.")[0]


def test_the_index_summary(run: Run, portfolio: Path) -> None:
    root = busy(portfolio)
    assert bullets(run, root, "2026-09-25") == [
        "- 1 notice deadline needs a renewal decision, by 2026-10-02 (Acme Hosting, acme-msa).",
        "- 1 vendor is over budget: Acme Hosting.",
    ]
    assert bullets(run, root, "2026-10-25") == [
        "- Scores fell for 1 vendor on the period before.",
        f"- {DUE}",
        "- 1 vendor is over budget: Acme Hosting.",
    ]
    assert bullets(run, root, "2026-11-15")[1] == (
        "- 1 service credit, worth EUR 1,500.00, lapsed unclaimed in 2026."
    )
