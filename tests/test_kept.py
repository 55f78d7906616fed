"""The cache's second level: what `validate` found in each vendor and each vendor's reports,
kept between runs under a key of its folder's entries and files, the settings, people.yaml,
the templates, the date and the code. A run after a change gives byte for byte what a run
without the cache gives; a kept result is read (a forged one shows) only while everything it
was made from is as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from tests.test_cache import CACHE_DIR, DAY, example, shelved, three_ways
from vendorctl import parallel
from vendorctl.diagnostics import Diagnostic, Findings
from vendorctl.jobs.kept import Kept, open_kept
from vendorctl.jobs.portfolio import Part
from vendorctl.jobs.values import encode_part
from vendorctl.load import inputs
from vendorctl.load.portfolio import list_portfolio

VENDOR = "brightdesk"
KPIS = f"vendors/{VENDOR}/kpis/2026.yaml"
LAST = "{kpi: abandonment-rate, period: 2026-10, value: 9.1, source: genesys}"
OLD = 1_500_000_000_000_000_000  # 2017, in nanoseconds: long before any record was made


def _plant(root: Path, message: str) -> Diagnostic:
    """Keep, as what validate found in the vendor as of DAY, one warning of our own."""
    listing = list_portfolio(root)
    kept = open_kept(listing)
    assert kept is not None
    folder = next(entry for entry in listing.folders if entry.name == VENDOR)
    planted = Diagnostic(f"vendors/{VENDOR}/vendor.yaml", 1, 1, "warning", "planted", message)
    part = Part(Findings().extend([planted]), Findings(per_run=None), 1, [])
    kept.scope("validate", DAY).put(folder, encode_part(part))
    return planted


def _same_as_without(run: Run, *args: str | Path) -> str:
    """Run `args` with the cache and without: alike; the output."""
    cached = run(*args)
    assert cached == run(*args, "--no-cache"), args
    assert "Traceback" not in cached.stderr
    return cached.stdout


def test_a_kept_result_is_read_only_while_all_it_was_made_from_is_unchanged(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    args = ("validate", "--root", root, "--as-of", DAY)
    truth = three_ways(run, root, *args)
    planted = _plant(root, "kept, not found")
    assert planted.as_text() in run(*args).stdout  # the cache is what the run reads...
    (root / "vendors" / "codeharbor" / "issues.yaml").write_text("issues: []\n")
    assert planted.as_text() in run(*args).stdout  # ...whatever other vendors do...
    for change in ("settings", "people", "date", "vendor"):
        _plant(root, "kept, not found")
        if change == "settings":
            (root / "vendorctl.yaml").write_text((root / "vendorctl.yaml").read_text() + "\n")
        elif change == "people":
            (root / "people.yaml").write_text((root / "people.yaml").read_text() + "\n")
        elif change == "date":
            assert planted.as_text() not in _same_as_without(run, *args[:-1], "2026-11-02")
            continue
        else:
            (root / KPIS).write_text((root / KPIS).read_text() + "\n")
        assert "planted" not in _same_as_without(run, *args), change  # ...until one changed
    assert run(*args).stdout.replace("issues.yaml", "") != truth.stdout.replace("issues.yaml", "")


def test_validate_after_a_small_change_is_what_it_is_without_the_cache(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    args = ("validate", "--root", root, "--as-of", DAY, "--format", "json")
    three_ways(run, root, *args)
    original = (root / KPIS).read_text()
    steps = {
        "a value": original.replace(LAST, LAST.replace("9.1", "19.1")),
        "an error": original.replace(LAST, LAST.replace("9.1", '"9.1%"')),
        "as it was": original,
    }
    outputs = {}
    for name, text in steps.items():
        (root / KPIS).write_text(text)
        outputs[name] = _same_as_without(run, *args)
    assert outputs["an error"] != outputs["as it was"]
    # A new file, a removed one, a new folder: each is seen.
    (root / "vendors" / VENDOR / "notes.yaml").write_text("a: 1\n")
    assert "unexpected file `notes.yaml`" in _same_as_without(run, *args)
    (root / "vendors" / VENDOR / "notes.yaml").unlink()
    (root / "vendors" / VENDOR / "kpis" / "old").mkdir()
    assert "folder `old` was not read" in _same_as_without(run, *args)
    (root / "vendors" / "empty").mkdir()  # no file to record: nothing kept of it but its name
    for _ in range(2):
        assert "vendor folder `empty` has no vendor.yaml" in _same_as_without(run, *args)


def test_a_file_rewritten_with_its_old_size_and_times_is_read_again(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    path = root / KPIS
    os.utime(path, ns=(OLD, OLD))  # old enough for its recorded digest to be trusted
    args = ("validate", "--root", root, "--as-of", DAY, "--format", "json")
    before = three_ways(run, root, *args)
    same_size = path.read_text().replace(LAST, LAST.replace("9.1", "9.x"))
    assert len(same_size) == len(path.read_text())
    path.write_text(same_size)
    os.utime(path, ns=(OLD, OLD))  # size and times as recorded: only the change time tells
    assert _same_as_without(run, *args) != before.stdout


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
def test_a_file_edited_after_another_process_loaded_it_keys_no_result(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run with processes keys a vendor loaded by another process once every share is
    checked, reading its files again: a file edited in between must not key the result of its
    old bytes (the next run would take it, the error unseen, until the file changed again)."""
    root = example(tmp_path)
    for path in (root / "vendors").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    # Files older than the racy window: only a change since the listing may keep them out.
    monkeypatch.setattr(inputs, "_RACY_NS", 0)
    keyed = Kept.digest
    edited: list[str] = []

    def edit_then_key(self: Kept, folder: str) -> str | None:
        loaded_here = any(path.startswith(folder + "/") for path in self.loaded)
        if not edited and folder in self.pending and not loaded_here:
            edited.append(folder)
            path = root / folder / "vendor.yaml"
            path.write_text(path.read_text() + "name: [broken\n")
        return keyed(self, folder)

    monkeypatch.setattr(Kept, "digest", edit_then_key)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", "2")
    assert run(*args).exit_code == 0  # checked before the edit
    assert edited, "no vendor was loaded by another process"
    monkeypatch.setattr(Kept, "digest", keyed)
    again = run(*args)
    assert again.exit_code == 1
    assert f"{edited[0]}/vendor.yaml" in again.stdout
    assert again == run(*args, "--no-cache")


def test_a_vendor_folder_with_a_symlink_is_checked_afresh_every_time(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    folder = root / "vendors" / VENDOR
    (folder / "kpis" / "linked.yaml").symlink_to(folder / "kpis" / "2026.yaml")
    args = ("validate", "--root", root, "--as-of", DAY)
    three_ways(run, root, *args)
    kept = shelved(root / CACHE_DIR)
    assert f"vendors/{VENDOR}" not in kept
    assert "vendors/codeharbor" in kept


def test_render_after_a_small_change_is_what_it_is_without_the_cache(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    at = ("--root", root, "--as-of", DAY)
    three_ways(run, root, "render", *at, "--check")
    original = (root / KPIS).read_text()
    (root / KPIS).write_text(original.replace(LAST, LAST.replace("9.1", "29.1")))
    stale = _same_as_without(run, "render", *at, "--check")
    assert f"stale: reports/{VENDOR}/" in stale
    assert "codeharbor/" not in stale
    assert run("render", *at).exit_code == 0
    assert run("render", *at, "--check").exit_code == 0
    written = {p: p.read_bytes() for p in (root / "reports").rglob("*.md")}
    shutil.rmtree(root / "reports")
    assert run("render", *at, "--no-cache").exit_code == 0
    assert {p: p.read_bytes() for p in (root / "reports").rglob("*.md")} == written
    (root / KPIS).write_text(original)
    assert f"stale: reports/{VENDOR}/" in _same_as_without(run, "render", *at, "--check")


@pytest.mark.parametrize("change", ["template", "date"])
def test_reports_are_kept_per_template_and_report_date(
    run: Run, tmp_path: Path, change: str
) -> None:
    root = example(tmp_path)
    at = ["--root", root, "--as-of", DAY]
    three_ways(run, root, "render", *at, "--check")
    if change == "template":
        (root / "templates").mkdir(exist_ok=True)
        ours = root / "templates" / "scorecard.md.j2"
        ours.write_text((REPO / "templates" / "scorecard.md.j2").read_text() + "\nOurs.\n")
    else:
        at[-1] = "2026-11-02"
    assert _same_as_without(run, "render", *at, "--check") != ""
    # Per vendor, what its checks found and its reports (of one date and templates: those of
    # the last run), and one record of every file's digest.
    assert len(shelved(root / CACHE_DIR)) == 2 * len(list((root / "vendors").iterdir())) + 1
