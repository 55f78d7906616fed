"""Hostile data, templates and history never make vendorctl write, read or delete outside the
portfolio and its output folder (issue: hostile input never escapes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BASE, Run
from tests.test_diff import Repo
from tests.test_parallel import spread


def _git(repo: Repo, *args: str, input_text: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo.root, input=input_text, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _crafted_tree(repo: Repo, outside: Path, entries: str) -> str:
    """A commit whose vendors/ tree holds `entries` (mktree lines with {blob}, {link},
    {inner} placeholders), as a crafted push or fetch brings it: git itself never makes one."""
    blob = _git(repo, "hash-object", "-w", "--stdin", input_text="owned\n")
    link = _git(repo, "hash-object", "-w", "--stdin", input_text=str(outside))
    inner = _git(repo, "mktree", input_text=f"100644 blob {blob}\tx.txt\n")
    vendors = _git(
        repo,
        "mktree",
        input_text=entries.format(blob=blob, link=link, inner=inner).replace("|", "\t"),
    )
    head = repo.git("rev-parse", "HEAD^{tree}")
    listing = repo.git("ls-tree", head)
    top = [line for line in listing.splitlines() if not line.endswith("\tvendors")]
    tree = _git(
        repo, "mktree", input_text="\n".join([*top, f"040000 tree {vendors}\tvendors"]) + "\n"
    )
    return repo.git("commit-tree", tree, "-p", "HEAD", "-m", "crafted")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    "entries",
    [
        # A symlink and a folder of one name: git sorts the link first, the file goes through it.
        "120000 blob {link}|evil\n040000 tree {inner}|evil\n",
        # One path twice.
        "100644 blob {blob}|twice.yaml\n100644 blob {blob}|twice.yaml\n",
    ],
    ids=["symlink-and-folder", "path-twice"],
)
def test_diff_never_writes_through_a_crafted_tree(run: Run, tmp_path: Path, entries: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    repo = Repo(root)
    repo.git("init", "-q")
    repo.commit("base")
    outside = tmp_path / "outside"
    outside.mkdir()
    crafted = _crafted_tree(repo, outside, entries)
    result = run("diff", crafted, "HEAD", "--root", root)
    assert result.exit_code == 2
    assert "not read" in result.stderr
    assert list(outside.iterdir()) == []


SECRET = "TOP-SECRET-TOKEN"


@pytest.mark.parametrize("how", ["file", "folder", "include"])
def test_a_template_leading_outside_the_portfolio_is_refused(
    run: Run, portfolio: Path, tmp_path: Path, how: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "scorecard.md.j2").write_text(SECRET, encoding="utf-8")
    templates = portfolio / "templates"
    if how == "folder":
        templates.symlink_to(outside, target_is_directory=True)
    else:
        templates.mkdir()
        if how == "file":
            (templates / "scorecard.md.j2").symlink_to(outside / "scorecard.md.j2")
        else:
            (templates / "secret.j2").symlink_to(outside / "scorecard.md.j2")
            (templates / "scorecard.md.j2").write_text('{% include "secret.j2" %}\n')
    for args in (["render", "--check", "--diff"], ["render"], ["scorecard", "acme"]):
        result = run(*args, "--root", portfolio)
        assert result.exit_code == 1, args
        assert SECRET not in result.stdout + result.stderr
        assert "leads outside the portfolio (a symlink); it was not read" in result.stderr
    assert not (portfolio / "reports").exists()


def test_terminal_views_show_control_characters_instead_of_obeying_them(
    run: Run, portfolio: Path
) -> None:
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    text = vendor.read_text(encoding="utf-8")
    hostile = '"Acme\\e]0;owned\\a\\e[2J"'
    vendor.write_text(text.replace("name: Acme Hosting", f"name: {hostile}", 1), encoding="utf-8")
    for args in (
        ["list"],
        ["show", "acme"],
        ["renewals", "--as-of", "2026-10-31"],
        ["scorecard", "acme", "--format", "text"],
        ["qbr", "acme", "--format", "text"],
    ):
        result = run(*args, "--root", portfolio)
        assert result.exit_code == 0, (args, result.stderr)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
        assert "\\x1b" in result.stdout and "\\x07" in result.stdout, args


def test_a_reader_that_leaves_early_ends_the_output_quietly(portfolio: Path) -> None:
    # Far more diff than a pipe holds, so vendorctl is still writing when the reader leaves.
    spread(portfolio, tuple(f"vendor-{n}" for n in range(30)))
    (portfolio / "reports").mkdir()
    script = Path(sys.executable).with_name("vendorctl")
    with subprocess.Popen(
        [str(script), "render", "--diff", "--root", str(portfolio)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        errors = process.stderr.read()
        code = process.wait()
    assert code == 141
    assert errors == b""


GENERATED = "<!-- generated by vendorctl; do not edit -->\n"


def test_render_never_writes_or_deletes_through_a_symlink_in_the_reports_folder(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    assert run("render", "--root", portfolio).exit_code == 0
    reports = portfolio / "reports"
    outside = tmp_path / "outside"
    outside.mkdir()
    # A vendor's folder swapped for a link: render must not write the vendor's reports there.
    shutil.rmtree(reports / "acme")
    (reports / "acme").symlink_to(outside, target_is_directory=True)
    # A link to files that look generated, for a vendor that no longer exists: not orphans.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "qbr.md").write_text(GENERATED + "kept\n", encoding="utf-8")
    (reports / "gone").symlink_to(elsewhere, target_is_directory=True)
    for args in (["render"], ["render", "--check"]):
        result = run(*args, "--root", portfolio)
        assert result.exit_code == 1, args
        assert "reports/acme/scorecard.md would be written through a symlink" in result.stderr
    assert list(outside.iterdir()) == []
    assert (elsewhere / "qbr.md").read_text(encoding="utf-8") == GENERATED + "kept\n"


def test_temporary_files_of_an_interrupted_render_are_reported_and_removed(
    run: Run, portfolio: Path
) -> None:
    assert run("render", "--root", portfolio).exit_code == 0
    leftover = portfolio / "reports" / "acme" / ".qbr.md.k3j9x_a1.tmp"
    leftover.write_text("half a report", encoding="utf-8")
    check = run("render", "--check", "--root", portfolio)
    assert check.exit_code == 1
    assert "leftover: reports/acme/.qbr.md.k3j9x_a1.tmp" in check.lines
    assert check.lines[-1] == (
        "1 temporary file left by an interrupted render; run "
        f"`vendorctl render --root {portfolio}` to remove them."
    )
    assert run("render", "--root", portfolio).exit_code == 0
    assert not leftover.exists()
    assert run("render", "--check", "--root", portfolio).exit_code == 0


def test_addresses_and_urls_in_the_data_never_become_links_on_github(
    run: Run, portfolio: Path
) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    text = vendor.read_text(encoding="utf-8")
    name = '"Acme sales@acme.example, https://acme.example, www.acme.example"'
    vendor.write_text(text.replace("name: Acme Hosting", f"name: {name}", 1), encoding="utf-8")
    result = run("scorecard", "acme", "--root", portfolio)
    assert result.exit_code == 0
    html = cmarkgfm.github_flavored_markdown_to_html(result.stdout)
    assert "sales@\u2060acme.example" in html
    assert "<a " not in html and "mailto:" not in html
