"""`vendorctl claim`: the claim letter with its evidence (in git and outside it), and the claims
it records in claims.yaml, the file's comments and layout kept.

The golden letter is made from the portfolio built here, committed to git with pinned dates so
its commit ids never change; regenerate it on purpose, and review the diff, with

    python -m tests.test_claim
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PINNED_ENV, TESTS, Run
from tests.test_scorecard import lint, table_shapes
from vendorctl.load.claims_file import AppendError, NewClaim, appended

GOLDEN = TESTS / "golden" / "claim-acme-2026-10-20.md"
CLAIMS = "vendors/acme/claims.yaml"
KPIS = "vendors/acme/kpis/2026.yaml"
MODELINE = "# yaml-language-server: $schema=../../schemas/claims.schema.json"
# The credits of the portfolio below, as of 2026-10-20 (each hand-computed):
# - acme-msa 2026-08: availability 99.5 < 99.9 earns 10% of EUR 10,000 = EUR 1,000.00; claim by
#   2026-09-30 (30 days after the window): lapsed.
# - acme-msa 2026-09: availability 98.7 < 99.0 earns 25%, capped at 20%; response 20 > 15 earns
#   5%; 30% capped at 20% = EUR 2,000.00; claim by 2026-10-30: due soon (14 days' warning).
# - acme-support 2026-Q3: the mean response (12 + 14 + 20) / 3 = 15.33 > 15 earns 5% of the
#   quarter's charges (EUR 24,000 / 12 x 3 = 6,000) = EUR 300.00; claim by 2026-11-29: to claim.
DAY = "2026-10-20"

FILES = {
    "vendorctl.yaml": "organisation: Northwind Health\ncurrency: EUR\n",
    "vendors/acme/vendor.yaml": """\
id: acme
name: Acme Hosting
legal_name: Acme Hosting B.V.
segment: strategic
status: active
kpis:
  - {id: availability, name: Availability, unit: "%", target: 99.9, floor: 99.0, weight: 3}
  - {id: response, name: Incident response, unit: min, direction: lower, target: 15, floor: 60}
""",
    "vendors/acme/contracts/msa.yaml": """\
id: acme-msa
title: Hosting agreement
kind: managed-service
reference: ACME-2025-001
start: 2025-01-01
monthly_charge: 10000
credit_cap: 20
claim_period: 30 days
slas:
  - id: availability
    kpi: availability
    target: 99.9
    description: Schedule 2, 1.1 - the platform is available at least 99.9% of each month.
    credits:
      - {below: 99.9, credit: 10}
      - {below: 99.0, credit: 25}
  - id: response
    kpi: response
    target: 15
    credits:
      - {above: 15, credit: 5}
""",
    "vendors/acme/contracts/support.yaml": """\
id: acme-support
title: Support plan
kind: support
start: 2026-01-01
annual_value: 24000
claim_period: 60 days
slas:
  - id: response-quarterly
    kpi: response
    target: 15
    window: quarterly
    description: Incidents answered within 15 minutes on average over each quarter.
    credits:
      - {above: 15, credit: 5}
""",
    KPIS: """\
# acme: monthly KPI measurements for 2026.
measurements:
  - {kpi: availability, period: 2026-07, value: 99.95, source: monitoring}
  - {kpi: availability, period: 2026-08, value: 99.5, source: monitoring}
  - {kpi: response, period: 2026-07, value: 12, source: itsm}
  - {kpi: response, period: 2026-08, value: 14, source: itsm}
""",
}
# Added in a later commit: September's measurements.
SEPTEMBER = """\
  - {kpi: availability, period: 2026-09, value: 98.7, source: monitoring}
  - {kpi: response, period: 2026-09, value: 20, source: itsm}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
HAS_GIT = shutil.which("git") is not None
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")


def build(root: Path) -> Path:
    """The portfolio, September's measurements included, not in git."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with (root / KPIS).open("a", encoding="utf-8") as stream:
        stream.write(SEPTEMBER)
    return root


def git(root: Path, *args: str, when: str | None = None) -> str:
    dated = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV, **dated},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def build_in_git(root: Path) -> tuple[str, str]:
    """The portfolio in git: everything but September committed on 2026-09-02, September's
    measurements on 2026-10-02 (Amsterdam time). The two commit ids."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "acme", when="2026-09-02T09:00:00+02:00")
    first = git(root, "rev-parse", "HEAD")
    with (root / KPIS).open("a", encoding="utf-8") as stream:
        stream.write(SEPTEMBER)
    git(root, "add", "-A")
    # Late in the evening in Amsterdam: already the next day in UTC, so the date shown must be
    # the author's own.
    git(root, "commit", "-q", "-m", "acme: September", when="2026-10-01T23:30:00-02:00")
    return first, git(root, "rev-parse", "HEAD")


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The portfolio, outside any git repository (git stops looking above the temporary folder)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return build(tmp_path / "portfolio")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """The portfolio in git, and its two commit ids."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    first, second = build_in_git(root)
    return root, first, second


def claims_problems(run: Run, root: Path) -> list[str]:
    """What `validate` finds in the claims file (the governance policies judge the rest)."""
    result = run("validate", "--root", root, "--as-of", DAY)
    return [line for line in result.stdout.splitlines() if line.startswith(CLAIMS)]


def claim(run: Run, root: Path, *args: str) -> tuple[int, str, str]:
    result = run("claim", "acme", "--root", root, *args)
    return result.exit_code, result.stdout, result.stderr


# The letter -----------------------------------------------------------------------------------


@needs_git
def test_letter_in_git_names_the_commit_that_last_changed_each_measurement(
    run: Run, repo: tuple[Path, str, str]
) -> None:
    root, first, second = repo
    code, out, err = claim(run, root, "--date", DAY, "--window", "2026-08", "--window", "2026-09")
    assert code == 0, err
    assert "| Service level | Period | Value | Source | Commit |" in out
    # August's line came with the first commit, September's with the second, dated as the
    # author wrote it (2026-10-01 at 23:30 in UTC-2, though 2026-10-02 in UTC).
    assert f"| availability | 2026-08 | 99.5% | monitoring | `{first[:12]}` (2026-09-02) |" in out
    assert f"| availability | 2026-09 | 98.7% | monitoring | `{second[:12]}` (2026-10-01) |" in out
    assert f"| response | 2026-09 | 20 min | itsm | `{second[:12]}` (2026-10-01) |" in out
    assert "Commits are not shown" not in out


@needs_git
def test_a_line_changed_since_the_last_commit_reads_not_committed(
    run: Run, repo: tuple[Path, str, str]
) -> None:
    root, _, second = repo
    path = root / KPIS
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "value: 20, source: itsm", "value: 21, source: itsm"
        )
    )
    code, out, err = claim(run, root, "--date", DAY, "--window", "2026-09")
    assert code == 0, err
    assert "| response | 2026-09 | 21 min | itsm | not committed |" in out
    assert f"| availability | 2026-09 | 98.7% | monitoring | `{second[:12]}` (2026-10-01) |" in out


def test_letter_outside_git_has_no_commit_column_and_says_so(run: Run, outside: Path) -> None:
    code, out, err = claim(run, outside, "--date", DAY)
    assert code == 0, err
    assert "| Service level | Period | Value | Source |\n" in out
    assert "| Commit |" not in out
    assert out.count("Commits are not shown") == 1
    assert out.endswith("\nCommits are not shown: the portfolio is not in a git repository.\n")


def test_letter_without_git_installed_never_fails(
    run: Run, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = claim(run, outside, "--date", DAY)
    assert code == 0, err
    assert "| Commit |" not in out
    assert out.endswith("\nCommits are not shown: git is not installed or cannot be run.\n")


def portfolio_for_golden(folder: Path) -> Path:
    """The golden letter's portfolio: built in git under `folder`."""
    root = folder / "repo"
    root.mkdir()
    build_in_git(root)
    return root


GOLDEN_ARGS = ("claim", "acme", "--date", DAY)


@needs_git
def test_golden_letter(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = portfolio_for_golden(tmp_path)
    result = run(*GOLDEN_ARGS, "--root", root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == GOLDEN.read_text(encoding="utf-8"), (
        "run `python -m tests.test_claim` if intended"
    )
    assert lint([GOLDEN]) == ""
    for header, rows in table_shapes(result.stdout):
        assert all(cells == header for cells in rows)


def test_every_credit_still_to_claim_of_every_contract_by_default(run: Run, outside: Path) -> None:
    code, out, err = claim(run, outside, "--date", DAY)
    assert code == 0, err
    # 2026-08 lapsed on 2026-09-30: not in the letter.
    assert "| Hosting agreement | 2026-09 | 20% | EUR 2,000.00 | 2026-10-30 |" in out
    assert "| Support plan | 2026-Q3 | 5% | EUR 300.00 | 2026-11-29 |" in out
    assert "Hosting agreement: 2026-08" not in out
    assert "Total claimed: **EUR 2,300.00**." in out
    assert err == ""


def test_contract_option_keeps_to_that_contract(run: Run, outside: Path) -> None:
    code, out, err = claim(run, outside, "--date", DAY, "--contract", "acme-support")
    assert code == 0, err
    assert "## Support plan" in out
    assert "Hosting agreement" not in out
    assert "Total claimed: **EUR 300.00**." in out
    code, _, err = claim(run, outside, "--date", DAY, "--contract", "acme-hosting")
    assert code == 2
    assert err == (
        "vendorctl: error: vendor `acme` has no contract `acme-hosting` "
        "(its contracts: acme-msa, acme-support)\n"
    )


def test_a_lapsed_window_is_drafted_with_a_warning(run: Run, outside: Path) -> None:
    code, out, err = claim(run, outside, "--date", DAY, "--window", "2026-08")
    assert code == 0, err
    assert "**Credit for 2026-08:** 10% of the window's charges, EUR 1,000.00" in out
    assert err == (
        "vendorctl: warning: acme-msa 2026-08: the claim-by date 2026-09-30 passed 20 days "
        "ago; the vendor may refuse a late claim\n"
    )


def test_a_window_without_credit_names_the_contract_and_the_windows_that_earned_one(
    run: Run, outside: Path
) -> None:
    code, out, err = claim(
        run, outside, "--date", DAY, "--contract", "acme-msa", "--window", "2026-07"
    )
    assert (code, out) == (2, "")
    assert err == (
        "vendorctl: error: contract `acme-msa` earned no service credit for 2026-07; "
        "windows that earned one: 2026-08, 2026-09\n"
    )
    code, out, err = claim(run, outside, "--date", DAY, "--window", "2026-07")
    assert (code, out) == (2, "")
    assert err == (
        "vendorctl: error: no contract of vendor `acme` earned a service credit for 2026-07; "
        "windows that earned one: acme-msa 2026-08, acme-msa 2026-09, acme-support 2026-Q3\n"
    )


def test_a_window_not_over_yet_is_refused(run: Run, outside: Path) -> None:
    code, _, err = claim(run, outside, "--date", DAY, "--window", "2026-10")
    assert code == 2
    assert err == (
        "vendorctl: error: window 2026-10 (ends 2026-10-31) has not ended on 2026-10-20: "
        "a credit is claimed once its window is over\n"
    )


def test_nothing_to_claim_says_so_and_writes_nothing(
    run: Run, outside: Path, tmp_path: Path
) -> None:
    letter = tmp_path / "letter.md"
    # By 2026-12-31 every credit's claim-by date has passed.
    code, out, err = claim(run, outside, "--date", "2026-12-31", "--out", letter, "--record")
    assert code == 0, err
    assert out == (
        "Nothing to claim from Acme Hosting on 2026-12-31: no service credit is to claim or due "
        "soon. Lapsed (claim-by date passed, never claimed): acme-msa 2026-08, acme-msa 2026-09, "
        "acme-support 2026-Q3.\n"
    )
    assert err == ""
    assert not letter.exists()
    assert not (outside / CLAIMS).exists()


def test_out_writes_the_letter_instead_of_printing_it(
    run: Run, outside: Path, tmp_path: Path
) -> None:
    _, printed, _ = claim(run, outside, "--date", DAY)
    letter = tmp_path / "letters" / "acme.md"
    code, out, err = claim(run, outside, "--date", DAY, "--out", letter)
    assert (code, out, err) == (0, "", f"wrote {letter}\n")
    assert letter.read_text(encoding="utf-8") == printed


def test_out_through_a_link_keeps_the_link(run: Run, outside: Path, tmp_path: Path) -> None:
    _, printed, _ = claim(run, outside, "--date", DAY)
    (tmp_path / "letters").mkdir()
    real = tmp_path / "letters" / "acme.md"
    real.write_text("an older letter\n")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    code, out, err = claim(run, outside, "--date", DAY, "--out", link, "--record")
    assert (code, out) == (0, "")
    assert err.startswith(f"wrote {link}\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == printed
    assert [p.name for p in (tmp_path / "letters").iterdir()] == ["acme.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_out_into_a_pipe_streams_the_letter_once_the_claim_is_recorded(
    run: Run, outside: Path, tmp_path: Path
) -> None:
    import threading

    _, printed, _ = claim(run, outside, "--date", DAY)
    pipe = tmp_path / "letter.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, _, _ = claim(run, outside, "--date", DAY, "--out", pipe, "--record")
    reader.join(timeout=30)
    assert code == 0
    assert received == [printed.encode("utf-8")]
    assert (outside / CLAIMS).exists()
    assert pipe.is_fifo()


def _data(root: Path) -> list[Path]:
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and ".vendorctl-cache" not in p.relative_to(root).parts
    ]


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("vendors/acme/claims.yaml", "is inside the portfolio's data"),
        ("vendors/acme/kpis/2026.yaml", "is inside the portfolio's data"),
        ("vendorctl.yaml", "is inside the portfolio's data"),
        ("vendors", "is inside the portfolio's data"),
        ("templates", "is a folder; give a file name"),
    ],
)
def test_out_never_goes_over_the_data_or_a_folder(
    run: Run, outside: Path, monkeypatch: pytest.MonkeyPatch, out: str, why: str
) -> None:
    (outside / "templates").mkdir()
    monkeypatch.chdir(outside)
    # The cache of loaded files (.vendorctl-cache/, git-ignored) is vendorctl's own, not data.
    before = {p: p.read_bytes() for p in _data(outside)}
    code, printed, err = claim(run, outside, "--date", DAY, "--record", "--out", out)
    assert (code, printed) == (2, "")
    assert f"--out {out} {why}" in err
    assert {p: p.read_bytes() for p in _data(outside)} == before


def test_a_template_in_the_portfolio_replaces_the_built_in_one(run: Run, outside: Path) -> None:
    (outside / "templates").mkdir()
    (outside / "templates" / "claim.md.j2").write_text(
        "Dear {{ vendor.legal_name }},\n\n"
        "{% for c in contracts %}{% for w in c.windows %}"
        "- {{ c.reference or c.id }} {{ w.window }}: {{ w.amount|money(w.currency) }}\n"
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    code, out, err = claim(run, outside, "--date", DAY)
    assert code == 0, err
    assert out == (
        "Dear Acme Hosting B.V.,\n\n"
        "- ACME-2025-001 2026-09: EUR 2,000.00\n"
        "- acme-support 2026-Q3: EUR 300.00\n"
    )


def test_invalid_portfolio_gives_the_diagnostics_and_exit_1(run: Run, outside: Path) -> None:
    path = outside / "vendors/acme/contracts/msa.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("credit_cap: 20", "credit_cap: 200"))
    code, out, err = claim(run, outside, "--date", DAY)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("vendors/acme/contracts/msa.yaml:7:13: error: ")
    assert lines[-1] == "vendorctl: error: fix the errors above to draft a claim letter"


# Recording the claims -------------------------------------------------------------------------

COMMENTED = """\
# yaml-language-server: $schema=../../schemas/claims.schema.json
# Claims sent to Acme; the credit notes come by post.

claims:
  # Sent late, by e-mail to the account manager.
  - contract: acme-msa
    window: 2026-08
    claimed_on: 2026-10-01     # a day after the deadline
    reference: "NWH-CLAIM-2026-014"
    status: disputed
    note: >-
      Acme says the claim came too late.
    # Next step: raise it in the QBR.

# Keep one entry per contract and window.
"""
ENTRY_09 = """\
  - contract: acme-msa
    window: 2026-09
    claimed_on: 2026-10-20
    status: claimed
"""
ENTRY_Q3 = """\
  - contract: acme-support
    window: 2026-Q3
    claimed_on: 2026-10-20
    status: claimed
"""


def test_record_appends_and_keeps_comments_and_layout_byte_for_byte(
    run: Run, outside: Path
) -> None:
    path = outside / CLAIMS
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = claim(run, outside, "--date", DAY, "--record")
    assert code == 0, err
    assert out.startswith("<!-- drafted by vendorctl claim")
    assert err == (
        "recorded 2 claims in vendors/acme/claims.yaml: acme-msa 2026-09, acme-support 2026-Q3\n"
    )
    head, tail = COMMENTED.split("\n# Keep one entry")
    assert path.read_text(encoding="utf-8") == (
        head.removesuffix("\n") + "\n" + ENTRY_09 + ENTRY_Q3 + "\n# Keep one entry" + tail
    )
    # As recorded, the credits are claimed: nothing is left to claim, and the data is valid.
    assert claims_problems(run, outside) == []
    code, out, _ = claim(run, outside, "--date", DAY)
    assert (code, out.split(":")[0]) == (0, "Nothing to claim from Acme Hosting on 2026-10-20")


def test_record_creates_the_claims_file_with_its_modeline(run: Run, outside: Path) -> None:
    code, _, err = claim(run, outside, "--date", DAY, "--window", "2026-09", "--record")
    assert code == 0, err
    assert (outside / CLAIMS).read_text(encoding="utf-8") == (f"{MODELINE}\nclaims:\n{ENTRY_09}")
    assert claims_problems(run, outside) == []


def test_record_fills_an_empty_flow_list(run: Run, outside: Path) -> None:
    path = outside / CLAIMS
    path.write_text("# Claims to Acme.\nclaims: []  # none yet\n", encoding="utf-8")
    code, _, err = claim(run, outside, "--date", DAY, "--window", "2026-09", "--record")
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == (
        f"# Claims to Acme.\nclaims:  # none yet\n{ENTRY_09}"
    )
    assert claims_problems(run, outside) == []


def test_an_empty_claims_key_is_invalid_data_and_is_left_alone(run: Run, outside: Path) -> None:
    # The schema reads `claims:` with nothing after it as null, not as an empty list.
    path = outside / CLAIMS
    path.write_text("claims:\n", encoding="utf-8")
    code, out, err = claim(run, outside, "--date", DAY, "--record")
    assert (code, out) == (1, "")
    assert err.startswith("vendors/acme/claims.yaml:1:8: error: `claims`: input should be a valid")
    assert path.read_text(encoding="utf-8") == "claims:\n"


def test_record_refuses_a_window_already_claimed_and_writes_nothing(
    run: Run, outside: Path, tmp_path: Path
) -> None:
    path = outside / CLAIMS
    path.write_text(COMMENTED, encoding="utf-8")
    letter = tmp_path / "letter.md"
    code, out, err = claim(
        run, outside, "--date", DAY, "--window", "2026-08", "--window", "2026-09",
        "--record", "--out", letter,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        "vendorctl: error: vendors/acme/claims.yaml:6: a claim for acme-msa 2026-08 is already "
        "recorded (disputed, claimed on 2026-10-01); nothing was recorded\n"
    )
    assert path.read_text(encoding="utf-8") == COMMENTED
    assert not letter.exists()


def test_a_claimed_window_can_be_drafted_again_with_a_warning(run: Run, outside: Path) -> None:
    (outside / CLAIMS).write_text(COMMENTED, encoding="utf-8")
    code, out, err = claim(run, outside, "--date", DAY, "--window", "2026-08")
    assert code == 0, err
    assert "**Credit for 2026-08:**" in out
    assert err == (
        "vendorctl: warning: acme-msa 2026-08 is already recorded as disputed at "
        "vendors/acme/claims.yaml:6\n"
    )


NEW = [
    NewClaim("acme-msa", "2026-09", date(2026, 10, 20)),
    NewClaim("acme-msa", "2026", date(2026, 10, 20)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "claims:\n- {contract: a, window: 2026-07}  # july\n\n# end\n",
            "claims:\n- {contract: a, window: 2026-07}  # july\n"
            "- {contract: acme-msa, window: 2026-09, claimed_on: 2026-10-20, status: claimed}\n"
            '- {contract: acme-msa, window: "2026", claimed_on: 2026-10-20, status: claimed}\n'
            "\n# end\n",
            id="one-line items stay one-line, at the dashes' column",
        ),
        pytest.param(
            "claims:\n    -   contract: a\n        window: 2026-07",
            "claims:\n    -   contract: a\n        window: 2026-07\n"
            "    -   contract: acme-msa\n        window: 2026-09\n"
            "        claimed_on: 2026-10-20\n        status: claimed\n"
            '    -   contract: acme-msa\n        window: "2026"\n'
            "        claimed_on: 2026-10-20\n        status: claimed\n",
            id="deeper indentation kept; a last line without a line break",
        ),
        pytest.param(
            "claims:\r\n  - {contract: a, window: 2026-07}\r\n",
            "claims:\r\n  - {contract: a, window: 2026-07}\r\n"
            "  - {contract: acme-msa, window: 2026-09, claimed_on: 2026-10-20, status: claimed}\r\n"
            '  - {contract: acme-msa, window: "2026", claimed_on: 2026-10-20, status: claimed}\r\n',
            id="CRLF line breaks kept",
        ),
        pytest.param(
            "claims:  # none yet\n# end\n",
            "claims:  # none yet\n"
            "  - contract: acme-msa\n    window: 2026-09\n"
            "    claimed_on: 2026-10-20\n    status: claimed\n"
            '  - contract: acme-msa\n    window: "2026"\n'
            "    claimed_on: 2026-10-20\n    status: claimed\n"
            "# end\n",
            id="an empty claims: key",
        ),
        pytest.param(
            "claims:\n  - contract: a\n    note: |\n      one\n      two\n\n    # its own\n# end\n",
            "claims:\n  - contract: a\n    note: |\n      one\n      two\n"
            "  - contract: acme-msa\n    window: 2026-09\n"
            "    claimed_on: 2026-10-20\n    status: claimed\n"
            '  - contract: acme-msa\n    window: "2026"\n'
            "    claimed_on: 2026-10-20\n    status: claimed\n"
            "\n    # its own\n# end\n",
            id="after a block scalar, before the blank line that follows it",
        ),
    ],
)
def test_appending_keeps_every_byte_already_there(text: str, expected: str) -> None:
    assert appended(text, NEW, "claims.yaml") == expected


def test_appending_to_a_one_line_list_of_claims_is_refused_with_the_entries_to_add() -> None:
    with pytest.raises(AppendError) as caught:
        appended("claims: [{contract: a, window: 2026-07}]\n", NEW[:1], "x/claims.yaml")
    assert str(caught.value) == (
        "x/claims.yaml: `claims:` is not a block list vendorctl can append to; add these "
        "entries to it by hand:\n  - contract: acme-msa\n    window: 2026-09\n"
        "    claimed_on: 2026-10-20\n    status: claimed"
    )


def main() -> None:
    """Write the golden letter (on purpose only; review the diff)."""
    env = {**os.environ, **PINNED_ENV, **GIT_ENV}
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(GIT_ENV)
        root = portfolio_for_golden(Path(folder))
        command = [sys.executable, "-m", "vendorctl", *GOLDEN_ARGS, "--root", str(root)]
        result = subprocess.run(command, capture_output=True, env=env, check=True)
    GOLDEN.write_bytes(result.stdout)
    print(f"updated {GOLDEN.name}")


if __name__ == "__main__":
    main()
