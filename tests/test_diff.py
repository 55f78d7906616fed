"""`vendorctl diff`: changes between git revisions, in business terms, each reported once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BASE, PINNED_ENV, Run
from tests.test_scorecard import lint

ACME = "vendors/acme"
VENDOR = f"{ACME}/vendor.yaml"
MSA = f"{ACME}/contracts/msa.yaml"
KPIS = f"{ACME}/kpis/2026.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


class Repo:
    """A git repository holding a portfolio, with helpers to edit and commit it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {path}"
        file.write_text(text.replace(old, new), encoding="utf-8")

    def write(self, path: str, text: str) -> None:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The small test portfolio committed on `main`."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    # Standings as scored: the cap for SLA breaches would hold acme at one band whatever its
    # score does (test_a_capped_standing_is_the_standing_compared covers the cap).
    with (root / "vendorctl.yaml").open("a", encoding="utf-8") as settings:
        settings.write("sla_breach_standing: none\n")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit("base")
    return repo


def changes(run: Run, repo: Repo, *args: str) -> list[dict[str, Any]]:
    """The changes `diff --format json` reports, flattened across vendors."""
    result = run("diff", *args, "--root", repo.root, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    return [dict(c, vendor=v["id"]) for v in data["vendors"] for c in v["changes"]]


def _add_vendor(repo: Repo) -> None:
    repo.write(
        "vendors/beta/vendor.yaml",
        "id: beta\nname: Beta Telecom\nsegment: commodity\nstatus: prospect\n",
    )


def _add_contract(repo: Repo) -> None:
    repo.write(
        f"{ACME}/contracts/support.yaml",
        "id: acme-support\ntitle: Support plan\nkind: managed-service\nstart: 2026-01-01\n",
    )


def _drop_response_sla(repo: Repo) -> None:
    repo.edit(
        MSA,
        "  - id: response\n    kpi: response\n    target: 15\n    credits:\n"
        "      - {above: 15, credit: 5}\n",
        "",
    )


Edit = Callable[[Repo], object]
BETA_KPIS = """kpis:
  - {id: availability, name: Availability, unit: "%", target: 99.9, floor: 99.0, weight: 3}
  - {id: response, name: Incident response, unit: min, direction: lower, target: 15, floor: 60}
people:
  - {id: carl, name: Carl Commercial, side: internal, tier: management}
"""
E = Repo.edit

# kind expected exactly once -> (edit, what, before, after, other kinds the same edit causes)
CASES: dict[str, tuple[Edit, str, str | None, str | None, set[str]]] = {
    "vendor-added": (
        _add_vendor,
        "added",
        None,
        "Beta Telecom, commodity, prospect: 0 contracts, 0 KPIs, 0 measurements",
        set(),
    ),
    "vendor-removed": (
        lambda r: shutil.rmtree(r.root / ACME),
        "removed",
        "Acme Hosting, strategic, active: 1 contract, 2 KPIs, 4 measurements",
        None,
        set(),
    ),
    "segment-changed": (
        lambda r: E(r, VENDOR, "segment: strategic", "segment: tactical"),
        "segment",
        "strategic",
        "tactical",
        set(),
    ),
    "status-changed": (
        lambda r: E(r, VENDOR, "status: active", "status: offboarding"),
        "status",
        "active",
        "offboarding",
        set(),
    ),
    "contract-added": (_add_contract, "added", None, "Support plan", set()),
    "value-changed": (
        lambda r: E(r, MSA, "monthly_charge: 10000", "monthly_charge: 9000"),
        "monthly charge down 10.0%",
        "EUR 10,000.00",
        "EUR 9,000.00",
        {"credits-changed"},  # September's credit: 15% of the lower charge
    ),
    "term-changed": (
        lambda r: E(r, MSA, "end: 2026-12-31", "end: 2027-06-30"),
        "end",
        "2026-12-31",
        "2027-06-30",
        # Kept by `renew` past its 2026-10-02 deadline, the term ending 2027-12-31 was `ok`;
        # the term now ending 2027-06-30 is `ok` too, its deadline 2027-04-01.
        {"notice-deadline-moved"},
    ),
    "auto-renew-changed": (
        # Kept by `renew`, the auto-renewing contract had moved on to the term ending 2027-12-31;
        # without auto-renewal it ends 2026-12-31, its notice deadline passed.
        lambda r: E(r, MSA, "auto_renew: true", "auto_renew: false"),
        "auto-renewal",
        "yes",
        "no",
        {"notice-deadline-moved", "renewal-status-changed"},
    ),
    "notice-period-changed": (
        lambda r: E(r, MSA, "notice_period: 90 days", "notice_period: 60 days"),
        "notice period",
        "90 days",
        "60 days",
        {"notice-deadline-moved", "renewal-status-changed"},
    ),
    "notice-deadline-moved": (
        # 90 days' notice for 2026-12-31 was due 2026-10-02: kept by `renew`, the row is the
        # term ending 2027-12-31 (deadline 2027-10-02); 60 days' notice is due 2026-11-01.
        lambda r: E(r, MSA, "notice_period: 90 days", "notice_period: 60 days"),
        "notice deadline 335 days earlier",
        "2027-10-02",
        "2026-11-01",
        {"notice-period-changed", "renewal-status-changed"},
    ),
    "renewal-status-changed": (
        # On 2026-10-31 the deadline of 2026-11-01 is a day away: time to decide.
        lambda r: E(r, MSA, "notice_period: 90 days", "notice_period: 60 days"),
        "renewal status",
        "ok (term ends 2027-12-31)",
        "decide (term ends 2026-12-31)",
        {"notice-period-changed", "notice-deadline-moved"},
    ),
    "decision-changed": (
        lambda r: E(r, MSA, "decision: renew", "decision: terminate\ndecision_for: 2026-12-31"),
        "decision changed after the notice deadline (2026-10-02)",
        "renew",
        "terminate (for the term ending 2026-12-31)",
        # No longer kept by `renew`: back on the term ending 2026-12-31, its deadline passed.
        {"notice-deadline-moved", "renewal-status-changed"},
    ),
    "contract-moved": (
        lambda r: (
            _add_vendor(r),
            (r.root / "vendors/beta/contracts").mkdir(),
            (r.root / MSA).rename(r.root / "vendors/beta/contracts/msa.yaml"),
            (r.root / ACME / "claims.yaml").unlink(),  # beta has no data to earn it again
            E(
                r,
                "vendors/beta/vendor.yaml",
                "status: prospect\n",
                "status: prospect\n" + BETA_KPIS,
            ),
        ),
        "moved",
        "acme",
        "beta",
        {"vendor-added", "credits-changed", "claim-removed"},  # beta has no data: no credit
    ),
    "settings-changed": (
        lambda r: E(
            r, "vendorctl.yaml", "as_of: 2026-10-31", "as_of: 2026-10-31\nfiscal_year_start: 4"
        ),
        "fiscal year start month",
        "1",
        "4",
        set(),
    ),
    "vendor-renamed": (
        lambda r: E(r, VENDOR, "name: Acme Hosting", "name: Acme Cloud"),
        "name",
        "Acme Hosting",
        "Acme Cloud",
        set(),
    ),
    "sla-weakened": (
        lambda r: E(r, MSA, "    target: 99.9\n", "    target: 99.5\n"),
        "target lowered",
        "99.9%",
        "99.5%",
        set(),
    ),
    "sla-strengthened": (
        # Incident response is lower-is-better: a lower target is a stronger SLA.
        lambda r: E(r, MSA, "    target: 15\n", "    target: 10\n"),
        "target lowered",
        "15 min",
        "10 min",
        set(),
    ),
    "sla-changed": (
        lambda r: E(
            r, MSA, "    kpi: availability\n", "    kpi: availability\n    window: quarterly\n"
        ),
        "window",
        "monthly",
        "quarterly",
        {"credits-changed"},  # September's credit moves and 2026-Q3 earns one
    ),
    "kpi-added": (
        lambda r: E(
            r,
            VENDOR,
            "kpis:\n",
            "kpis:\n  - {id: tickets, name: Tickets, unit: tickets, target: 5}\n",
        ),
        "added",
        None,
        "Tickets, target 5 tickets",
        set(),
    ),
    "kpi-changed": (
        lambda r: E(r, VENDOR, "target: 99.9, floor: 99.0", "target: 99.5, floor: 99.0"),
        "target lowered (easier)",
        "99.9%",
        "99.5%",
        {"standing-changed"},
    ),
    "measurements-added": (
        lambda r: E(
            r,
            KPIS,
            "measurements:\n",
            "measurements:\n  - {kpi: availability, period: 2026-10, value: 99.9}\n",
        ),
        "1 added",
        None,
        "2026-10: availability",
        set(),
    ),
    "measurement-rewritten": (
        lambda r: E(r, KPIS, "value: 99.5}", "value: 99.4}"),
        "value rewritten",
        "99.5%",
        "99.4%",
        {"score-changed"},
    ),
    "measurement-removed": (
        lambda r: E(r, KPIS, "  - {kpi: response, period: 2026-09, value: 20}\n", ""),
        "removed",
        "20 min",
        None,
        {"standing-changed", "credits-changed"},  # September's 5% for response is gone
    ),
    "person-added": (
        lambda r: E(
            r,
            VENDOR,
            "people:\n",
            "people:\n  - {id: pat, name: Pat New, side: vendor, tier: operational}\n",
        ),
        "added",
        None,
        "Pat New (vendor)",
        set(),
    ),
    "role-changed": (
        lambda r: E(r, VENDOR, "commercial: carl", "commercial: ana"),
        "handed over",
        "Carl Commercial (carl)",
        "Ana Internal (ana)",
        set(),
    ),
    "role-vacated": (
        lambda r: E(r, VENDOR, "  transformation: erin\n", ""),
        "left empty",
        "Erin Exec (erin)",
        None,
        set(),
    ),
    "key-person-added": (
        lambda r: E(
            r,
            VENDOR,
            "key_personnel:\n",
            "key_personnel:\n  - {person: vince, responsibility: Signs off changes}\n",
        ),
        "added",
        None,
        "Vince Vendor (vince): Signs off changes",
        set(),
    ),
    "kpi-removed": (
        lambda r: (
            _drop_response_sla(r),
            E(r, KPIS, "  - {kpi: response, period: 2026-08, value: 12}\n", ""),
            E(r, KPIS, "  - {kpi: response, period: 2026-09, value: 20}\n", ""),
            E(
                r,
                VENDOR,
                "  - {id: response, name: Incident response, unit: min, direction: lower, target: 15, floor: 60}\n",
                "",
            ),
        ),
        "removed",
        "Incident response, target 15 min",
        None,
        {"sla-weakened", "measurement-removed", "score-changed", "credits-changed"},
    ),
    "key-person-removed": (
        lambda r: E(
            r,
            VENDOR,
            "key_personnel:\n  - {person: vera, responsibility: Runs the platform, backup: victor}\n",
            "",
        ),
        "removed",
        "Vera Vendor (vera): Runs the platform",
        None,
        set(),
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_of_change_is_reported_once(run: Run, repo: Repo, kind: str) -> None:
    edit, what, before, after, also = CASES[kind]
    edit(repo)
    found = changes(run, repo)
    assert sorted({c["kind"] for c in found}) == sorted({kind} | also)
    (change,) = [c for c in found if c["kind"] == kind]
    assert (change["what"], change["before"], change["after"]) == (what, before, after)
    owner = {"vendor-added": "beta", "contract-moved": "beta", "settings-changed": None}
    assert change["vendor"] == owner.get(kind, "acme")


def test_amounts_and_percent_are_in_the_json(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "monthly_charge: 10000", "monthly_charge: 12500")
    (change,) = [c for c in changes(run, repo) if c["kind"] == "value-changed"]
    assert change["data"] == {
        "aspect": "monthly_charge",
        "before": 10000.0,
        "after": 12500.0,
        "change": 2500.0,
        "percent": 25.0,
        "in_place": True,
        "note": "in place: applies to past windows too",
    }
    assert change["what"] == "monthly charge up 25.0%"


def test_credits_and_cap_are_judged_by_what_they_pay(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "{below: 99.0, credit: 25}", "{below: 99.0, credit: 20}")
    repo.edit(MSA, "credit_cap: 30", "credit_cap: 40")
    found = changes(run, repo)
    assert [(c["kind"], c["subject"], c["what"]) for c in found] == [
        ("sla-weakened", "contract acme-msa, SLA availability", "credits reduced"),
        ("sla-strengthened", "contract acme-msa", "credit cap increased"),
    ]
    assert found[0]["before"] == "below 99.9%: 10%; below 99%: 25%"
    assert found[0]["after"] == "below 99.9%: 10%; below 99%: 20%"


def test_a_removed_sla_is_a_weakening(run: Run, repo: Repo) -> None:
    _drop_response_sla(repo)
    (change,) = [c for c in changes(run, repo) if c["kind"] != "credits-changed"]
    assert (change["kind"], change["what"], change["before"]) == (
        "sla-weakened",
        "SLA removed",
        "response 15 min, monthly",
    )


def test_a_removed_contract_is_one_change(run: Run, repo: Repo) -> None:
    _add_contract(repo)
    repo.commit("second contract")
    (repo.root / f"{ACME}/contracts/support.yaml").unlink()
    found = changes(run, repo, "HEAD")
    assert [(c["kind"], c["subject"], c["before"]) for c in found] == [
        ("contract-removed", "contract acme-support", "Support plan")
    ]


def test_renamed_and_split_files_are_matched_by_id(run: Run, repo: Repo) -> None:
    (repo.root / MSA).rename(repo.root / f"{ACME}/contracts/hosting-agreement.yaml")
    lines = (repo.root / KPIS).read_text().splitlines(keepends=True)
    (repo.root / KPIS).unlink()
    repo.write(f"{ACME}/kpis/availability.yaml", "measurements:\n" + "".join(lines[1:3]))
    repo.write(f"{ACME}/kpis/response.yaml", "measurements:\n" + "".join(lines[3:]))
    assert changes(run, repo) == []
    repo.commit("reorganised files")
    assert changes(run, repo, "main~1", "main") == []


def test_three_commits_compared_pairwise_and_by_default_base(run: Run, repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.edit(MSA, "credit_cap: 30", "credit_cap: 20")
    second = repo.commit("lower the cap")
    repo.git("checkout", "-q", "-b", "feature")
    repo.edit(KPIS, "value: 12}", "value: 11}")
    third = repo.commit("fix a measurement")
    kinds = {
        (first, second): ["sla-weakened"],
        (second, third): ["measurement-rewritten", "standing-changed"],
        (first, third): ["sla-weakened", "measurement-rewritten", "standing-changed"],
    }
    for (base, head), expected in kinds.items():
        assert [c["kind"] for c in changes(run, repo, base, head)] == expected
    # On the feature branch, the default base is where it left main: the working tree is clean.
    result = run("diff", "--root", repo.root)
    assert result.exit_code == 0
    assert (
        result.lines[0]
        == f"Changes from merge base with main ({second[:12]}) to working tree, as of 2026-10-31"
    )
    assert changes(run, repo) == changes(run, repo, second) == changes(run, repo, "main")


def test_fail_on_exits_1_and_marks_the_changes(run: Run, repo: Repo) -> None:
    repo.edit(KPIS, "value: 99.5}", "value: 99.6}")
    repo.edit(VENDOR, "segment: strategic", "segment: tactical")
    result = run("diff", "--root", repo.root, "--fail-on", "sla-weakened,measurement-rewritten")
    assert result.exit_code == 1
    assert (
        "  measurement-rewritten  KPI availability, 2026-09, value rewritten: 99.5% -> 99.6%  [review]"
        in result.lines
    )
    assert "  segment-changed  vendor, segment: strategic -> tactical" in result.lines
    assert result.stderr == (
        "vendorctl: 3 changes in 1 vendor; 1 needs review: measurement-rewritten.\n"
    )
    # Not named: exit 0.
    assert run("diff", "--root", repo.root, "--fail-on", "sla-weakened").exit_code == 0
    assert run("diff", "--root", repo.root, "--fail-on", "all").exit_code == 1


def test_unknown_fail_on_kind_is_a_usage_error(run: Run, repo: Repo) -> None:
    result = run("diff", "--root", repo.root, "--fail-on", "sla-weaker")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "vendorctl: error: --fail-on: unknown change kind sla-weaker; kinds: settings-changed, "
    )


def test_unknown_revision_is_a_usage_error(run: Run, repo: Repo) -> None:
    result = run("diff", "no-such-branch", "--root", repo.root)
    assert result.exit_code == 2
    assert result.stderr == (
        "vendorctl: error: unknown revision 'no-such-branch': no such branch, tag or commit "
        "in this repository\n"
    )
    assert run("diff", "--", "--output=x", "--root", repo.root).exit_code == 2


def test_outside_git_is_a_usage_error(run: Run, portfolio: Path) -> None:
    result = run("diff", "--root", portfolio)
    assert result.exit_code == 2
    assert "is not in a git work tree" in result.stderr


def test_no_default_branch_asks_for_a_base(run: Run, repo: Repo) -> None:
    repo.git("branch", "-m", "main", "trunk")
    result = run("diff", "--root", repo.root)
    assert result.exit_code == 2
    assert result.stderr == (
        "vendorctl: error: no default branch found (tried origin/HEAD, main and master); "
        "name the base revision, e.g. `vendorctl diff main` (a shallow CI checkout needs the "
        "base branch fetched too)\n"
    )
    assert run("diff", "trunk", "--root", repo.root).exit_code == 0


def test_invalid_data_at_a_revision_is_reported_as_diagnostics(run: Run, repo: Repo) -> None:
    repo.edit(VENDOR, "segment: strategic", "segment: strategik")
    broken = repo.commit("typo")
    repo.edit(VENDOR, "segment: strategik", "segment: strategic")
    result = run("diff", broken[:7], "--root", repo.root)
    assert result.exit_code == 1
    assert result.stdout == ""
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"{broken[:7]}:vendors/acme/vendor.yaml:3:10: error: ")
    assert rest[-1] == "vendorctl: error: fix the errors above to compare the revisions"


def test_a_portfolio_new_at_head_is_all_added(run: Run, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.write("README.md", "vendors to come\n")
    empty = repo.commit("empty")
    shutil.copytree(BASE, repo.root, dirs_exist_ok=True)
    found = changes(run, repo, empty)
    assert [(c["kind"], c["vendor"]) for c in found] == [("vendor-added", "acme")]


def test_portfolio_in_a_subfolder_of_the_repository(run: Run, tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    shutil.copytree(BASE, repo.root / "it" / "vendors-data")
    repo.git("init", "-q", "-b", "main")
    repo.commit("base")
    folder = repo.root / "it" / "vendors-data"
    Repo(folder).edit(VENDOR, "status: active", "status: offboarding")
    result = run("diff", "main", "--root", folder, "--format", "json")
    assert [c["kind"] for v in json.loads(result.stdout)["vendors"] for c in v["changes"]] == [
        "status-changed"
    ]


MARKDOWN = """\
<!-- vendorctl diff -->

# Vendor portfolio changes

Test Org · main ({sha}) → working tree · as of 2026-10-31

2 changes in 1 vendor. **1 needs review** (`sla-weakened`), marked ⚠️ below.

## Acme Hosting (`acme`)

| Change | About | What | Before | After |
| --- | --- | --- | --- | --- |
| ⚠️ **SLA weakened** | contract acme-msa, SLA availability | target lowered (in place: applies to past windows too) | 99.9% | 99.5% |
| Role changed | role commercial | handed over | Carl Commercial (carl) | Ana Internal (ana) |
"""


def test_markdown_is_a_pull_request_comment(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "    target: 99.9\n", "    target: 99.5\n")
    repo.edit(VENDOR, "commercial: carl", "commercial: ana")
    out = repo.root.parent / "comment.md"
    result = run(
        "diff", "main", "--root", repo.root, "-f", "md", "--fail-on", "sla-weakened", "-o", out
    )
    assert result.exit_code == 1
    sha = repo.git("rev-parse", "--short=12", "HEAD")
    assert out.read_text(encoding="utf-8") == MARKDOWN.format(sha=sha)
    assert lint([out]) == ""


def test_markdown_without_changes(run: Run, repo: Repo) -> None:
    result = run("diff", "main", "--root", repo.root, "-f", "md")
    assert result.exit_code == 0
    assert result.lines[-1] == (
        "No changes that matter: vendors, contracts, SLAs, KPIs, measurements, scores and people "
        "are as they were."
    )


def test_installed_command_in_a_real_process(repo: Repo) -> None:
    repo.edit(KPIS, "value: 20}", "value: 14}")
    env = {**os.environ, **PINNED_ENV}
    done = subprocess.run(
        ["vendorctl", "diff", "--fail-on", "measurement-rewritten", "-f", "json"],
        cwd=repo.root / ACME,  # the portfolio is found by looking upward
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["flagged_kinds"] == ["measurement-rewritten"]
    assert data["base"]["name"] == "merge base with main"


def test_the_readme_documents_every_change_kind_as_the_code_has_it() -> None:
    from tests.conftest import REPO
    from vendorctl.changes import KINDS

    readme = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    table = readme.split("| kind | what it means |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ") for line in table.strip().splitlines()[1:]]
    assert [(kind.strip("| `"), meaning.rstrip(" |")) for kind, meaning in rows] == list(
        KINDS.items()
    )


def test_many_measurements_removed_are_one_change_per_kpi(run: Run, repo: Repo) -> None:
    (repo.root / KPIS).unlink()
    (repo.root / ACME / "claims.yaml").unlink()  # the credit claimed goes with its data
    found = [c for c in changes(run, repo) if c["kind"] != "claim-removed"]
    assert [(c["kind"], c["subject"], c["what"], c["before"]) for c in found] == [
        ("measurement-removed", "KPI availability", "2 removed", "2026-08, 2026-09"),
        ("measurement-removed", "KPI response", "2 removed", "2026-08, 2026-09"),
        (
            "credits-changed",
            "contract acme-msa",
            "erases the EUR 1,500.00 credit for 2026-09",
            "EUR 1,500.00",
        ),
        ("standing-changed", "score", "score for 2026-Q3", found[3]["before"]),
    ]
    assert found[0]["data"]["removed"] == [
        {"period": "2026-08", "value": 99.95},
        {"period": "2026-09", "value": 99.5},
    ]
    assert found[3]["after"] == "no data"


def test_a_contract_whose_id_changes_cannot_hide_weaker_terms(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "id: acme-msa", "id: acme-msa-2027")
    repo.edit(MSA, "{below: 99.0, credit: 25}", "{below: 99.0, credit: 15}")
    repo.edit(f"{ACME}/claims.yaml", "contract: acme-msa\n", "contract: acme-msa-2027\n")
    result = run("diff", "--root", repo.root, "--fail-on", "sla-weakened")
    assert result.exit_code == 1
    found = changes(run, repo)
    assert sorted(c["kind"] for c in found if c["kind"].startswith("claim-")) == [
        "claim-added",
        "claim-removed",
    ]
    found = [c for c in found if not c["kind"].startswith("claim-")]
    assert [(c["kind"], c["subject"], c["what"]) for c in found] == [
        ("contract-added", "contract acme-msa-2027", "added"),
        ("contract-removed", "contract acme-msa", "removed"),
        ("sla-weakened", "contract acme-msa, SLA availability", "SLA removed with the contract"),
        ("sla-weakened", "contract acme-msa, SLA response", "SLA removed with the contract"),
    ]


def test_a_renamed_vendor_is_compared_with_what_it_was(run: Run, repo: Repo) -> None:
    (repo.root / ACME).rename(repo.root / "vendors/acme-cloud")
    repo.edit("vendors/acme-cloud/vendor.yaml", "id: acme\n", "id: acme-cloud\n")
    repo.edit("vendors/acme-cloud/kpis/2026.yaml", "value: 99.5}", "value: 99.6}")
    found = changes(run, repo)
    assert [(c["kind"], c["vendor"], c["before"], c["after"]) for c in found] == [
        ("vendor-renamed", "acme-cloud", "acme", "acme-cloud"),
        ("measurement-rewritten", "acme-cloud", "99.5%", "99.6%"),
        ("standing-changed", "acme-cloud", "84.9 (Good)", "89.0 (Excellent)"),
    ]


def test_amount_changes_round_half_up_and_never_say_down_for_up(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "monthly_charge: 10000", "monthly_charge: 10025")
    assert changes(run, repo)[0]["what"] == "monthly charge up 0.3%"
    repo.edit(MSA, "monthly_charge: 10025", "monthly_charge: 10001")
    assert changes(run, repo)[0]["what"] == "monthly charge up less than 0.1%"


def test_a_currency_change_is_reported_and_amounts_keep_their_own(run: Run, repo: Repo) -> None:
    repo.edit("vendorctl.yaml", "currency: EUR", "currency: USD")
    repo.edit(MSA, "monthly_charge: 10000", "monthly_charge: 11000")
    found = changes(run, repo)
    assert [(c["kind"], c["what"], c["before"], c["after"]) for c in found] == [
        ("settings-changed", "currency", "EUR", "USD"),
        ("value-changed", "currency", "EUR", "USD"),
        ("value-changed", "monthly charge", "EUR 10,000.00", "USD 11,000.00"),
        (
            "credits-changed",
            "changes the credit for 2026-09 from EUR 1,500.00 to USD 1,650.00",
            "EUR 1,500.00",
            "USD 1,650.00",
        ),
    ]


def test_new_standings_bands_are_a_standing_change(run: Run, repo: Repo) -> None:
    repo.edit(
        "vendorctl.yaml",
        "as_of: 2026-10-31",
        "as_of: 2026-10-31\nstandings:\n"
        "  - {id: poor, label: Poor, min: 0, max: 70}\n"
        "  - {id: good, label: Good, min: 70, max: 80}\n"
        "  - {id: excellent, label: Excellent, min: 80, max: 100}\n",
    )
    found = changes(run, repo)
    assert [(c["kind"], c["what"], c["before"], c["after"]) for c in found] == [
        (
            "settings-changed",
            "standings",
            "At risk 0-50, Needs attention 50-70, Good 70-85, Excellent 85-100",
            "Poor 0-70, Good 70-80, Excellent 80-100",
        ),
        ("standing-changed", "score for 2026-Q3", "84.9 (Good)", "84.9 (Excellent)"),
    ]


def test_a_shorter_claim_period_weakens_the_slas(run: Run, repo: Repo) -> None:
    repo.edit(MSA, "claim_period: 30 days", "claim_period: 1 week")
    (change,) = changes(run, repo)
    assert (change["kind"], change["what"], change["before"], change["after"]) == (
        "sla-weakened",
        "claim period shortened",
        "30 days",
        "1 week",
    )


def test_the_review_text_comes_from_vendorctl_not_from_the_change(run: Run, repo: Repo) -> None:
    repo.write("templates/diff.md.j2", "All good, nothing to review.\n")
    repo.edit(VENDOR, "name: Acme Hosting", "name: Acme $\\Huge X$ <b>Hosting</b>")
    result = run("diff", "--root", repo.root, "-f", "md")
    assert "All good" not in result.stdout
    assert (
        "| Vendor renamed | vendor | name | Acme Hosting | Acme \\$\\\\Huge X\\$ &lt;b&gt;Hosting&lt;/b&gt; |"
        in result.lines
    )


def test_a_head_without_the_portfolio_has_everything_removed(run: Run, repo: Repo) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.git("rm", "-q", "-r", "vendorctl.yaml", "vendors")
    gone = repo.commit("moved elsewhere")
    repo.git("checkout", base, "--", "vendorctl.yaml", "vendors")  # a working tree to run in
    assert [c["kind"] for c in changes(run, repo, base, gone)] == ["vendor-removed"]
    result = run("diff", gone, gone, "--root", repo.root)
    assert result.exit_code == 2
    assert "there is no portfolio (no vendorctl.yaml) at" in result.stderr


def test_without_git_on_the_path_the_error_says_so(
    run: Run, repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-folder"))
    result = run("diff", "main", "--root", repo.root)
    assert result.exit_code == 2
    assert result.stderr == (
        "vendorctl: error: git is not installed or not on PATH; diff reads revisions with git\n"
    )


def test_diagnostics_of_a_subfolder_portfolio_name_the_path_git_knows(
    run: Run, tmp_path: Path
) -> None:
    repo = Repo(tmp_path / "repo")
    shutil.copytree(BASE, repo.root / "it")
    repo.git("init", "-q", "-b", "main")
    Repo(repo.root / "it").edit(VENDOR, "segment: strategic", "segment: strategik")
    repo.commit("typo")
    result = run("diff", "main", "--root", repo.root / "it")
    assert result.exit_code == 1
    assert result.stderr.startswith("main:it/vendors/acme/vendor.yaml:3:10: error: ")


def test_a_capped_standing_is_the_standing_compared(run: Run, repo: Repo) -> None:
    """With the cap on, fixing September's breach lifts acme from the capped band to its own."""
    repo.edit("vendorctl.yaml", "sla_breach_standing: none\n", "")
    repo.commit("cap on")
    repo.edit(KPIS, "value: 99.5}", "value: 99.95}")
    repo.edit(KPIS, "period: 2026-09, value: 20}", "period: 2026-09, value: 12}")
    (repo.root / ACME / "claims.yaml").unlink()  # no credit any more: nothing to have claimed
    found = [c for c in changes(run, repo) if c["kind"] == "standing-changed"]
    assert [(c["before"], c["after"]) for c in found] == [
        ("84.9 (Needs attention)", "100.0 (Excellent)")
    ]
