"""Less friction (issue 21, parts 5 to 8): a legacy selection record for a vendor older than the
selection process; error hints that name the cause and the fix; `new` that takes --no-input
everywhere and lists every placeholder it leaves; terminal tables that never cut an id or a
date inside a word.

The error hints of the data files are case files (tests/cases/invalid/): a comma inside an
unquoted flow-mapping value (flow-mapping-comma-in-value), a % in a number (percent-in-a-number,
percent-in-a-contract), a month without its leading zero (period-without-leading-zero,
date-without-leading-zeros), quarters for a monthly KPI (quarter-for-a-monthly-kpi) and a zero
notice period (zero-notice-period). Here: the command line's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import REPO, Run
from tests.test_scorecard import lint

VENDOR = Path("vendors/acme/vendor.yaml")
SELECTION = """selection:
  decided: 2024-10-01
  criteria:
    - {criterion: capability, weight: 3, score: 4}
    - {criterion: financial-stability, weight: 1, score: 4}
"""
LEGACY = """selection:
  legacy: true
  summary: Hosting supplier since 2014, chosen before vendor selection was a process.
"""


def replace(root: Path, path: Path, old: str, new: str) -> None:
    """One piece of one of the portfolio's files changed (it must be there)."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new), encoding="utf-8")


def findings(run: Run, root: Path) -> list[str]:
    """validate's diagnostic lines (the summary line left out)."""
    return run("validate", "--root", root).lines[:-1]


def selection_section(run: Run, root: Path) -> list[str]:
    text = run("onboard", "acme", "--root", root).stdout
    lines = text.splitlines()
    first = lines.index("## Selection record")
    return lines[first : lines.index("## Your first 90 days")]


# --- part 5: a vendor that predates the selection process ---------------------------------------


def test_a_legacy_record_satisfies_active_incomplete_and_the_pack_says_so(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    replace(portfolio, VENDOR, SELECTION, LEGACY)
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 0
    assert result.lines == ["Checked 10 files: no problems found."]
    assert selection_section(run, portfolio) == [
        "## Selection record",
        "",
        "Selection record: this vendor predates the selection process (legacy): Hosting supplier "
        "since 2014, chosen before vendor selection was a process.",
        "",
        "### Due diligence",
        "",
        "No due-diligence check is recorded.",
        "",
    ]
    shown = json.loads(run("onboard", "acme", "--root", portfolio, "--format", "json").stdout)
    assert shown["selection"]["legacy"] is True
    assert shown["selection"]["criteria"] == []
    vendor_copy = run("onboard", "acme", "--root", portfolio, "--audience", "vendor").stdout
    assert "predates" not in vendor_copy and "## Selection record" not in vendor_copy
    out = tmp_path / "onboarding.md"
    out.write_text(run("onboard", "acme", "--root", portfolio).stdout, encoding="utf-8")
    assert lint([out]) == ""


def test_a_legacy_record_with_a_later_evaluation_shows_both_and_scores_it(
    run: Run, portfolio: Path
) -> None:
    replace(
        portfolio,
        VENDOR,
        SELECTION,
        """selection:
  legacy: true
  decided: 2014-03-01
  summary: Inherited with the Westbrook merger.
  references: [Westbrook IT]
  criteria:
    - {criterion: capability, weight: 3, score: 4}
    - {criterion: cost, weight: 1}
""",
    )
    assert findings(run, portfolio) == [
        "vendors/acme/vendor.yaml:42:7: error: the vendor is active but selection criterion "
        "`cost` has no score; score it from 1 to 5 [active-incomplete]"
    ]
    assert selection_section(run, portfolio)[:11] == [
        "## Selection record",
        "",
        "Selection record: this vendor predates the selection process (legacy, decided on "
        "2014-03-01): Inherited with the Westbrook merger.",
        "",
        "| Criterion | Weight | Score | Notes |",
        "| --- | ---: | ---: | --- |",
        "| capability | 3 | 4 | — |",
        "| cost | 1 | not scored | — |",
        "",
        "Weighted result: 4.00 of 5 (the sum of weight \N{MULTIPLICATION SIGN} score over the sum "
        "of the weights, of the scored criteria only: cost not scored).",
        "",
    ]


def test_a_legacy_record_must_say_how_the_relationship_began(run: Run, portfolio: Path) -> None:
    replace(portfolio, VENDOR, SELECTION, "selection: {legacy: true}\n")
    assert findings(run, portfolio) == [
        "vendors/acme/vendor.yaml:35:21: error: the vendor is active with a legacy selection "
        "record that does not say how the relationship began; add `summary:` (e.g. supplier "
        "since 2014, contract inherited from the merger) [active-incomplete]"
    ]
    # The pack says what it can, without a dangling colon.
    assert selection_section(run, portfolio)[2] == (
        "Selection record: this vendor predates the selection process (legacy)."
    )


def test_an_empty_record_or_none_points_to_the_legacy_record(run: Run, portfolio: Path) -> None:
    replace(portfolio, VENDOR, SELECTION, "selection: {criteria: []}\n")
    assert findings(run, portfolio) == [
        "vendors/acme/vendor.yaml:35:12: error: the vendor is active but its selection record is "
        "empty; add the weighted evaluation (`criteria:`) that chose it, or, for a vendor that "
        "predates the selection process, `legacy: true` and a `summary:` of how the "
        "relationship began [active-incomplete]"
    ]
    replace(portfolio, VENDOR, "selection: {criteria: []}\n", "")
    assert findings(run, portfolio) == [
        "vendors/acme/vendor.yaml:4:9: error: the vendor is active without a selection record; "
        "add `selection:` with the weighted evaluation that chose it, or, for a vendor that "
        "predates the selection process, `selection: {legacy: true, summary: ...}` saying how "
        "the relationship began [active-incomplete]"
    ]


def test_a_summary_alone_is_still_a_selection_record(run: Run, portfolio: Path) -> None:
    replace(
        portfolio, VENDOR, SELECTION, "selection: {summary: Direct award under framework F-12}\n"
    )
    assert run("validate", "--root", portfolio).exit_code == 0


# --- part 6: an unknown vendor on the command line ----------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["show", "acmee"],
        ["scorecard", "acmee"],
        ["qbr", "acmee"],
        ["onboard", "acmee"],
        ["claim", "acmee", "--date", "2026-10-31"],
        ["new", "contract", "acmee", "c1", "--no-input"],
        ["new", "health", "acmee", "--no-input", "--date", "2026-11-01"],
    ],
)
def test_an_unknown_vendor_suggests_the_closest(
    run: Run, portfolio: Path, command: list[str]
) -> None:
    result = run(*command, "--root", portfolio)
    assert result.exit_code == 2
    assert result.stderr == (
        "vendorctl: error: no vendor 'acmee' in this portfolio; did you mean acme?\n"
    )
    assert not (portfolio / "vendors" / "acmee").exists()


def test_an_unknown_vendor_far_from_all_lists_them(run: Run, portfolio: Path) -> None:
    result = run("show", "zebra", "--root", portfolio)
    assert result.exit_code == 2
    assert result.stderr == "vendorctl: error: no vendor 'zebra' in this portfolio; vendors: acme\n"


def test_the_real_typo_of_the_issue(run: Run) -> None:
    result = run("show", "brightdessk", "--root", REPO)
    assert result.stderr == (
        "vendorctl: error: no vendor 'brightdessk' in this portfolio; did you mean brightdesk?\n"
    )


# --- part 7: new ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["vendor", "beta"],
        ["contract", "acme", "acme-sow"],
        ["meeting", "acme", "--kind", "qbr", "--date", "2026-12-15"],
        ["health", "acme", "--date", "2026-11-20"],
        ["issue", "acme", "slow", "--opened", "2026-11-02"],
        ["risk", "acme", "r1", "--title", "T", "--likelihood", "2", "--impact", "3"],
    ],
)
def test_every_kind_of_new_takes_no_input(run: Run, portfolio: Path, command: list[str]) -> None:
    result = run("new", *command, "--no-input", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert result.lines[0].startswith("wrote vendors/")


def test_new_health_help_names_the_option(run: Run) -> None:
    assert "--no-input" in run("new", "health", "--help").stdout


def test_a_draft_that_validates_with_placeholders_lists_them(run: Run, portfolio: Path) -> None:
    result = run(
        "new", "risk", "acme", "exit-plan", "--title", "No exit plan", "--likelihood", "4",
        "--impact", "4", "--no-input", "--root", portfolio,
    )  # fmt: skip
    assert result.exit_code == 0
    assert "it validates" not in result.stdout
    assert result.lines == [
        "wrote vendors/acme/vendor.yaml; fill in the placeholders (3):",
        "  vendors/acme/vendor.yaml:39:12: optional: `risks[1].owner` is still ~: internal person "
        "id; fill it in or remove the line",
        "  vendors/acme/vendor.yaml:40:17: optional: `risks[1].mitigation` is still ~: what "
        "reduces the risk now; fill it in or remove the line",
        "  vendors/acme/vendor.yaml:41:16: optional: `risks[1].review_by` is still ~: next review, "
        "YYYY-MM-DD; fill it in or remove the line",
    ]
    text = (portfolio / VENDOR).read_text(encoding="utf-8")
    # Only the new entry's placeholders count: one the file had already is not this draft's.
    (portfolio / VENDOR).write_text(text.replace("category: ", "category: ~  # ", 1))
    again = run(
        "new", "risk", "acme", "second", "--title", "Second", "--likelihood", "1",
        "--impact", "1", "--no-input", "--root", portfolio,
    )  # fmt: skip
    assert again.lines[0] == "wrote vendors/acme/vendor.yaml; fill in the placeholders (3):"
    assert all("risks[2]" in line for line in again.lines[1:])


def test_errors_and_optional_placeholders_are_listed_in_file_order(
    run: Run, portfolio: Path
) -> None:
    result = run("new", "issue", "acme", "slow", "--opened", "2026-11-02", "--no-input",
                 "--root", portfolio)  # fmt: skip
    assert result.lines == [
        "wrote vendors/acme/issues/slow.yaml; fill in the placeholders (2):",
        "  vendors/acme/issues/slow.yaml:4:12: error: `issues[0].title`: input should be a valid "
        "string, got nothing (null) [wrong-type]",
        "  vendors/acme/issues/slow.yaml:8:12: optional: `issues[0].owner` is still ~: internal "
        "person id (optional); fill it in or remove the line",
    ]


def test_a_draft_without_placeholders_validates(run: Run, portfolio: Path) -> None:
    result = run("new", "meeting", "acme", "--kind", "qbr", "--date", "2026-12-15",
                 "--no-input", "--root", portfolio)  # fmt: skip
    assert result.lines == ["wrote vendors/acme/meetings/2026-12-15-qbr.yaml; it validates."]


def test_new_issue_writes_its_status(run: Run, portfolio: Path) -> None:
    run("new", "issue", "acme", "slow", "--title", "Slow", "--opened", "2026-11-02",
        "--no-input", "--root", portfolio)  # fmt: skip
    text = (portfolio / "vendors/acme/issues/slow.yaml").read_text(encoding="utf-8")
    assert "    opened: 2026-11-02\n    status: open  # open or resolved" in text
    shown = json.loads(
        run("show", "acme", "--as-of", "2026-11-03", "--format", "json", "--root", portfolio).stdout
    )
    # Open, so `show` lists it beside the issue the portfolio had open already.
    assert [issue["title"] for issue in shown["issues"]] == ["Tickets answered late", "Slow"]


# --- part 8: terminal tables ----------------------------------------------------------------------

# Dates and periods as they should stand, whole: a token that starts like one is one of these.
_DATELIKE = re.compile(r"\d{4}-")
_WHOLE = re.compile(r"\d{4}-(?:\d{2}-\d{2}|\d{2}|Q[1-4]|\d{4})")
_ID_CHARS = re.compile(r"[a-z0-9-]+")


def _ids() -> set[str]:
    """The example portfolio's contract and SLA ids of more than one part (contracts/*.yaml,
    `id:` lines): an id of one word reads like any word of prose, so a test over all the text
    cannot tell it apart (test_an_id_of_one_word_is_never_folded holds those)."""
    found: set[str] = set()
    for path in (REPO / "vendors").glob("*/contracts/*.yaml"):
        found.update(re.findall(r"\bid: ([a-z0-9]+(?:-[a-z0-9]+)+)", path.read_text("utf-8")))
    return found


def _bounds(identifier: str) -> set[int]:
    """Where an id may break: its start, after each hyphen, its end."""
    return {0, len(identifier), *(i + 1 for i, ch in enumerate(identifier) if ch == "-")}


def _cut_inside(text: str, ids: set[str]) -> list[str]:
    """What `text` cuts inside a word: a date or a period not whole, or an id cut inside one of
    its parts (`snow-subscr` with `iption` below it, in the same column)."""
    bad = []
    lines = text.splitlines()
    for row, line in enumerate(lines):
        for found in re.finditer(r"\S+", line):
            token = found.group().strip("()[],.;:")
            if _DATELIKE.match(token) and not _WHOLE.fullmatch(token):
                bad.append(token)
                continue
            if not _ID_CHARS.fullmatch(token):
                continue
            below = _below(lines, row, found.start())
            if below and any(
                i.startswith(token + below) and len(token) not in _bounds(i) for i in ids
            ):
                bad.append(token)
    return bad


def _below(lines: list[str], row: int, start: int) -> str:
    """The word on the next line that starts in the same terminal column as `start` on `row`."""
    if row + 1 >= len(lines):
        return ""
    column = cell_len(lines[row][:start])
    line = lines[row + 1]
    index = next((i for i in range(len(line) + 1) if cell_len(line[:i]) >= column), len(line))
    if cell_len(line[:index]) != column or not line[index : index + 1].strip():
        return ""
    if index > 0 and line[index - 1].strip():
        return ""  # the middle of a word, not one starting in that column
    return line[index:].split()[0]


VIEWS = [
    ["list"],
    ["renewals"],
    ["credits", "--period", "2026-Q3"],
    ["credits", "--outstanding"],
    ["show", "brightdesk"],
    ["show", "pipeline-crm"],
    ["scorecard", "brightdesk", "--format", "text"],
    ["scorecard", "meridian-telecom", "--format", "text"],
]


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v))
def test_terminal_tables_never_cut_an_id_or_a_date_inside_a_word(
    run: Run, monkeypatch: pytest.MonkeyPatch, view: list[str], columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run(*view, "--as-of", "2026-10-31", "--root", REPO)
    assert result.exit_code == 0, result.stderr
    assert _cut_inside(result.stdout, _ids()) == []
    if columns == "80":  # wide enough for every table once plain words may wrap
        assert max(cell_len(line) for line in result.lines) <= 80


def test_the_check_finds_what_was_cut_before() -> None:
    """The checker itself: the cuts the issue reported (`snow-subscr` / `iption`) and others."""
    ids = {"snow-subscription", "brightdesk-service-desk"}
    assert _cut_inside("🟠 snow-subscr 2026-12-\nok iption      31 2026-1", ids) == [
        "snow-subscr",
        "2026-12-",
        "2026-1",
    ]
    # Folded after a hyphen: fine; an id's first part in prose: not a cut.
    assert _cut_inside("snow-        brightdesk-service-\nsubscription desk 2026-Q3", ids) == []
    assert _cut_inside("the snow subscription is due", ids) == []


@pytest.mark.parametrize("columns", ["60", "45"])
def test_an_id_stands_whole_while_tighter_spacing_or_a_wider_table_can_keep_it(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    # Ids break after their hyphens only when that makes the table fit; at 60 columns tighter
    # spacing suffices, at 45 not even broken ids fit, so the table grows with every word whole.
    monkeypatch.setenv("COLUMNS", columns)
    lines = run("credits", "--period", "2026-Q3", "--as-of", "2026-10-31", "--root", REPO).lines
    assert any("brightdesk-service-desk" in line for line in lines)
    assert not any(line.rstrip().endswith("brightdesk-") for line in lines)


def test_an_id_of_one_word_is_never_folded(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    # At 40 columns the SLA table's plain words would fold; the SLA id `availability` does not.
    monkeypatch.setenv("COLUMNS", "40")
    lines = run(
        "scorecard", "nimbus-cloud", "--format", "text", "--as-of", "2026-10-31", "--root", REPO
    ).lines
    rows = [line.split() for line in lines if line.lstrip().startswith("nimbus-")]
    assert [row[1] for row in rows][:3] == ["availability"] * 3
    assert "availabilit" not in " ".join(lines).replace("availability", "")


def test_a_table_too_narrow_for_its_dates_grows_instead(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # renewals has three date columns: at 60 columns they cannot all stand whole.
    monkeypatch.setenv("COLUMNS", "60")
    result = run("renewals", "--as-of", "2026-10-31", "--root", REPO)
    widest = max(cell_len(line) for line in result.lines)
    assert widest > 60
    row = next(line for line in result.lines if "sentinel-ir-" in line).split()
    assert row[-5:] == ["2026-12-31", "2026-12-01", "2026-11-01", "31", "renew"]
