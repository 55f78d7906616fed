"""Review fixes to issue 21: terminal tables that never break a word (a column grows or the
table gets wider instead), the CI files of a portfolio below its repository's root written at
that root, `init --install` only from a pinned source, and `new risk` leaving the comment of
`risks: []` where it was."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import REPO, Run
from tests.test_init_schedule import (
    SPEC,
    SUMMARY_REDIRECT,
    WORKFLOW,
    _actionlint,
    _git,
    _runs,
    _workflow,
    needs_git,
)
from vendorctl.load.yamlio import parse

HOOKS = Path(".pre-commit-config.yaml")


# --- 1. terminal tables: no word of the data split across lines ---------------------------------

VIEWS = [
    ["list"],
    ["renewals"],
    ["credits", "--period", "2026-Q3"],
    ["credits", "--outstanding"],
    ["show", "brightdesk"],
    ["show", "meridian-telecom"],
    ["show", "pipeline-crm"],
    ["scorecard", "brightdesk", "--format", "text"],
    ["scorecard", "meridian-telecom", "--format", "text"],
    ["scorecard", "nimbus-cloud", "--format", "text", "--explain"],
]
# Wide enough that no cell of any view wraps: its words are the data's words as shown.
UNWRAPPED = 1000
_DATED = re.compile(r"\d{4}-")
# Values from a fixed set that hold a hyphen: a cell of them never breaks, not even there.
_ENUMS = {"let-lapse"}


def _shown(run: Run, monkeypatch: pytest.MonkeyPatch, view: list[str], columns: int) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*view, "--as-of", "2026-10-31", "--root", REPO)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _ruled(token: str) -> bool:
    """A table's rule, not a word."""
    return not set(token) - set("─━")


def _words(text: str) -> Counter[str]:
    """The words of a view, each split at its hyphens (an id may break after one), rules left
    out: a word folded across lines shows as two words that the data does not have."""
    return Counter(w for w in re.findall(r"[^\s-]+", text) if not _ruled(w))


def _hyphen_runs(word: str) -> set[str]:
    """The parts of a hyphenated word that a line may end or start with when it breaks after
    its hyphens: `brightdesk-`, `service-`, `service-desk`, `desk` of brightdesk-service-desk."""
    parts = re.split(r"(?<=-)(?=[A-Za-z0-9])", word)
    return {
        "".join(parts[a:b])
        for a in range(len(parts))
        for b in range(a + 1, len(parts) + 1)
        if (a, b) != (0, len(parts))
    }


def _split_words(text: str, unwrapped: str) -> list[str]:
    """The whitespace-separated tokens of `text` that are not the data's as shown `unwrapped`,
    other than an id's parts broken after its hyphens (never a date's, never a fixed value's)."""
    whole = set(unwrapped.split())
    breakable = [w for w in whole if "-" in w and not _DATED.search(w) and w not in _ENUMS]
    return sorted(
        token
        for token in set(text.split()) - whole
        if not _ruled(token) and not any(token in _hyphen_runs(w) for w in breakable)
    )


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v))
def test_no_word_of_the_data_is_split_across_lines(
    run: Run, monkeypatch: pytest.MonkeyPatch, view: list[str], columns: int
) -> None:
    unwrapped = _shown(run, monkeypatch, view, UNWRAPPED)
    text = _shown(run, monkeypatch, view, columns)
    if columns < 100:  # every view wraps (at 100 all but the last): the checks check something
        assert text != unwrapped
    assert _words(text) == _words(unwrapped)
    assert _split_words(text, unwrapped) == []


def test_the_check_finds_a_word_folded_or_broken_where_it_may_not_be() -> None:
    """The checks themselves, on the cuts the review reported (`strategi` / `c`, `Decisi` /
    `on`) and on a date and a fixed value broken after a hyphen."""
    unwrapped = "strategic Decision 2026-12-31 let-lapse brightdesk-service-desk"
    folded = "strategi Decisi 2026-12-31 let-lapse brightdesk-service-desk\nc        on"
    assert _words(folded) != _words(unwrapped)
    assert _split_words(folded, unwrapped) == ["Decisi", "c", "on", "strategi"]
    broken = "strategic Decision 2026- let- brightdesk-service-\n          12-31 lapse desk"
    assert _words(broken) == _words(unwrapped)  # the hyphen hides it from the word count...
    assert _split_words(broken, unwrapped) == ["12-31", "2026-", "lapse", "let-"]  # ...not here
    # An id broken after its hyphens is as it should be.
    assert _split_words("brightdesk-\nservice-desk", unwrapped) == []


def test_the_words_the_review_found_folded_stand_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = _shown(run, monkeypatch, ["list"], 80).split()
    assert {"strategic", "onboarding", "BrightDesk", "Excellent"} <= set(listing)
    renewals = _shown(run, monkeypatch, ["renewals"], 80).split()
    assert {"renegotiate", "Decision"} <= set(renewals)
    show = _shown(run, monkeypatch, ["show", "brightdesk"], 60).split()
    assert {"internal:", "Obligation", "quarters"} <= set(show)


def test_at_80_columns_the_list_fits_with_one_space_between_columns(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every word whole takes 71 cells of text; nine columns with one space between them fit 80.
    lines = _shown(run, monkeypatch, ["list"], 80).splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[2].split() == ["Vendor", "Segment", "Status", "Score", "Standing", "met",
                                "Trend", "Notice", "by", "Issues"]  # fmt: skip
    assert lines[4].startswith("BrightDesk tactical    active       51.8 Needs")


def test_a_decision_never_breaks_after_its_hyphen(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = portfolio / "vendors/acme/contracts/msa.yaml"
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace("decision: renew", "decision: let-lapse"), encoding="utf-8")
    # Too narrow for the table: its columns stand at their narrowest, the header `Decision`
    # one cell narrower than `let-lapse`, which would break as `let-` / `lapse` were it prose.
    monkeypatch.setenv("COLUMNS", "40")
    result = run("renewals", "--as-of", "2026-10-31", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.lines if "acme-" in line)
    assert row.split()[-1] == "let-lapse"
    assert "let-" not in result.stdout.replace("let-lapse", "")


# --- 2. init below the repository's root: the CI files at the root ---------------------------


def _hooks(root: Path) -> list[dict[str, object]]:
    config = parse((root / HOOKS).read_text(encoding="utf-8"), str(HOOKS))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "g1"
    repo.mkdir()
    assert _git(repo, "init", "--quiet").returncode == 0
    return repo


def _commit(repo: Path) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    assert _git(repo, "add", "-A").returncode == 0
    assert _git(repo, *identity, "commit", "--quiet", "-m", "init").returncode == 0


def _workflow_commands(root: Path) -> list[str]:
    """Every vendorctl command of both jobs, as the workflow words them (no redirection)."""
    return [
        line.removesuffix(SUMMARY_REDIRECT)
        for job in _workflow(root)["jobs"].values()
        for line in _runs(job)
        if line.startswith("vendorctl ")
    ]


@needs_git
def test_init_in_a_sub_folder_writes_the_ci_files_at_the_repository_root(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    result = run("init", repo / "sub", "--empty", "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    assert result.lines[:2] == [
        f"Created a portfolio in {repo / 'sub'} (15 files).",
        "Wrote .github/workflows/vendorctl.yml and .pre-commit-config.yaml at the root of the "
        f"repository, {repo.resolve()}, where GitHub and pre-commit read them; they check the "
        f"portfolio in {repo / 'sub'}.",
    ]
    assert not (repo / "sub" / ".github").exists() and not (repo / "sub" / HOOKS).exists()
    workflow = _workflow(repo)
    for event in ("push", "pull_request"):
        assert workflow["on"][event]["paths"] == [
            "sub/vendorctl.yaml", "sub/people.yaml", "sub/vendors/**", "sub/templates/**",
            "sub/reports/**",
        ]  # fmt: skip
    assert workflow["env"]["VENDORCTL"] == SPEC
    commands = _workflow_commands(repo)
    assert len(commands) == 5 and all(c.split()[2:4] == ["--root", "sub"] for c in commands)
    hooks = _hooks(repo)
    assert [hook["entry"] for hook in hooks] == [
        "vendorctl validate --root sub",
        "vendorctl render --root sub",
    ]
    for hook in hooks:
        files = re.compile(str(hook["files"]))
        assert files.search("sub/vendorctl.yaml") and files.search("sub/vendors/a/vendor.yaml")
        assert not files.search("vendors/a/vendor.yaml") and not files.search("x/sub/people.yaml")
        assert hook["additional_dependencies"] == [SPEC]

    # Run from the repository's root, as GitHub runs them, the workflow's commands pass.
    _commit(repo)
    monkeypatch.chdir(repo)
    for command in commands:
        done = run(*shlex.split(command)[1:])
        assert done.exit_code == 0, (command, done.stdout, done.stderr)


@needs_git
def test_a_sub_folder_with_a_space_is_quoted_in_the_commands_and_escaped_in_the_hooks(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    assert run("init", repo / "ops" / "my vendors", "--empty").exit_code == 0
    assert _workflow(repo)["on"]["push"]["paths"][0] == "ops/my vendors/vendorctl.yaml"
    commands = _workflow_commands(repo)
    assert commands[0] == "vendorctl validate --root 'ops/my vendors' --format github"
    (validate, render) = _hooks(repo)
    assert validate["entry"] == "vendorctl validate --root 'ops/my vendors'"
    assert re.search(str(render["files"]), "ops/my vendors/templates/x.md.j2")
    assert not re.search(str(render["files"]), "ops/myXvendors/templates/x.md.j2")
    monkeypatch.chdir(repo)
    assert run(*shlex.split(commands[0])[1:]).exit_code == 0


@needs_git
def test_init_at_the_root_of_an_existing_repository_writes_the_ci_files_there(
    run: Run, tmp_path: Path
) -> None:
    repo = _repository(tmp_path)
    result = run("init", repo, "--empty", "--install", SPEC)
    assert result.exit_code == 0, result.stderr
    assert not any(line.startswith("Wrote ") for line in result.lines)
    assert _workflow(repo)["on"]["push"]["paths"][0] == "vendorctl.yaml"
    assert "--root" not in (repo / WORKFLOW).read_text() + (repo / HOOKS).read_text()
    assert "The portfolio is in" not in (repo / WORKFLOW).read_text()
    assert [hook["files"] for hook in _hooks(repo)] == [
        r"^(vendorctl\.yaml|people\.yaml|vendors/.*\.ya?ml)$",
        r"^(vendorctl\.yaml|people\.yaml|vendors/.*\.ya?ml|templates/.*|reports/.*)$",
    ]


@needs_git
def test_ci_files_already_at_the_root_make_init_refuse_and_say_how(
    run: Run, tmp_path: Path
) -> None:
    repo = _repository(tmp_path)
    (repo / HOOKS).write_text("repos: []\n")
    result = run("init", repo / "sub", "--empty")
    assert result.exit_code == 2
    assert (
        f"refusing to overwrite 1 existing file in {repo / 'sub'}: ../.pre-commit-config.yaml; "
        f"the CI files go at the root of the repository, {repo.resolve()}, where GitHub and "
        "pre-commit read them: move those aside, run init, then merge them back"
    ) in " ".join(result.stderr.split())
    assert not (repo / "sub").exists() and not (repo / ".github").exists()


@needs_git
def test_a_sub_folder_name_the_ci_files_cannot_carry_is_refused(run: Run, tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    result = run("init", repo / "a$b", "--empty")
    assert result.exit_code == 2
    assert "rename the folder, or run init at the repository's root" in " ".join(
        result.stderr.split()
    )
    assert not (repo / "a$b").exists()


@needs_git
@pytest.mark.skipif(_actionlint() is None, reason="no actionlint binary ($ACTIONLINT or PATH)")
def test_the_sub_folder_workflow_passes_actionlint(run: Run, tmp_path: Path) -> None:
    binary = _actionlint()
    assert binary is not None
    repo = _repository(tmp_path)
    assert run("init", repo / "ops" / "vendors", "--empty", "--install", SPEC).exit_code == 0
    lint = subprocess.run(
        [binary, "-no-color", "-oneline", str(WORKFLOW)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (lint.returncode, lint.stdout, lint.stderr) == (0, "", "")


# --- 3. --install: a pinned source only you control --------------------------------------------

FORMS = (
    "give a git URL at a tag or commit (git+https://<host>/<owner>/vendorctl@v0.1.0), a local "
    "path (./wheels/vendorctl-0.1.0-py3-none-any.whl) or an exact version on a package index "
    "you control (vendorctl==0.1.0)"
)


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        (
            "vendorctl",
            "is a bare package name: CI would install whatever is newest under that name on a "
            "package index, and anyone could publish that name there",
        ),
        ("my-vendorctl", "is a bare package name"),
        (
            "git+https://h/o/vendorctl",
            "is not pinned: without @TAG or @COMMIT, CI installs whatever that repository's "
            "default branch holds on the day it runs",
        ),
        ("git+https://h/o/vendorctl@", "is not pinned"),
        ("git+ssh://git@h/o/vendorctl", "is not pinned"),  # `git@` names the user, not a ref
        ("vendorctl>=0.1", "is not a pinned source"),
        ("vendorctl==0.1.*", "is not a pinned source"),
        ("https://h/vendorctl-0.1.0.tar.gz", "is not a pinned source"),
    ],
)
def test_init_refuses_a_source_that_is_not_pinned(
    run: Run, tmp_path: Path, spec: str, why: str
) -> None:
    result = run("init", tmp_path / "p", "--install", spec)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"--install {spec!r} {why}" in message
    assert message.endswith(FORMS)
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    ("spec", "by_pre_commit"),
    [
        ("git+https://h/o/vendorctl@v0.1.0", True),
        ("git+ssh://git@h/o/vendorctl@0123abc", True),
        ("git+https://h/o/vendorctl@v0.1.0#egg=vendorctl", True),
        ("vendorctl==0.1.0", True),
        ("./wheels/vendorctl-0.1.0-py3-none-any.whl", False),
        ("/opt/wheels/vendorctl-0.1.0-py3-none-any.whl", False),
    ],
)
def test_init_takes_a_pinned_source_into_the_workflow_and_the_hooks(
    run: Run, tmp_path: Path, spec: str, by_pre_commit: bool
) -> None:
    root = tmp_path / "p"
    result = run("init", root, "--empty", "--install", spec)
    assert result.exit_code == 0, result.stderr
    assert _workflow(root)["env"]["VENDORCTL"] == spec
    hooks = _hooks(root)
    header = (root / HOOKS).read_text(encoding="utf-8").split("repos:")[0]
    if by_pre_commit:
        assert all(h["additional_dependencies"] == [spec] for h in hooks)
        assert f"installed by pre-commit from {spec}" in " ".join(header.split())
    else:
        # pre-commit installs dependencies in its own cache, where a relative path names
        # nothing: the hooks run the vendorctl installed from that path where you commit.
        assert all(h["language"] == "system" and "additional_dependencies" not in h for h in hooks)
        assert f"from the vendorctl installed here (from {spec})" in " ".join(header.split())


# --- 4. new risk: the comment of `risks: []` stays on its line --------------------------------


def test_new_risk_keeps_the_comment_of_an_empty_register_on_its_line(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--empty").exit_code == 0
    made = run("new", "vendor", "acme", "--name", "Acme", "--segment", "tactical", "--status",
               "active", "--no-input", "--root", root)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    vendor = root / "vendors/acme/vendor.yaml"
    comment = "  # {id, title, likelihood: 1-5, impact: 1-5, owner, mitigation, review_by}"
    assert f"risks: []{comment}\n" in vendor.read_text(encoding="utf-8")
    result = run("new", "risk", "acme", "r1", "--title", "T", "--likelihood", "2", "--impact",
                 "3", "--no-input", "--root", root)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = vendor.read_text(encoding="utf-8")
    assert f"risks:{comment}\n  - id: r1\n" in text
    assert text.endswith("    review_by: ~  # next review, YYYY-MM-DD\n")
    assert result.lines[-1].endswith(
        "optional: `risks[0].review_by` is still ~: next review, YYYY-MM-DD; fill it in or "
        "remove the line"
    )
    assert not any("{id, title" in line for line in result.lines)
