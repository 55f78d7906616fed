"""A vendor folder listed to key its results is loaded from that listing, not listed again:
the next run finds every vendor kept, and a file edited while the run checks it never keys an
old result under its new bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_cache import CACHE_DIR, DAY, example, shelved, three_ways
from vendorctl import parallel
from vendorctl.jobs import validate
from vendorctl.jobs.kept import Kept, open_kept, split_kept
from vendorctl.load import inputs, portfolio
from vendorctl.load.cache import ENV_DIR
from vendorctl.load.portfolio import Listing, list_portfolio

VENDOR = "brightdesk"
OLD = 1_500_000_000_000_000_000  # 2017, in nanoseconds: long before any record was made


@pytest.fixture(autouse=True)
def _cache_in_the_portfolio(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache where it is by default, whatever the environment of the tests says."""
    monkeypatch.delenv(ENV_DIR, raising=False)


def _missed(root: Path) -> list[str]:
    """The vendor folders that a run of validate as of DAY would load and check again."""
    listing = list_portfolio(root)
    kept = open_kept(listing)
    assert kept is not None
    scope = kept.scope("validate", DAY)
    return [folder.rel for folder in split_kept(scope, listing.folders, validate._part)[1]]


def _odd(root: Path) -> None:
    """Entries the loader does not read, in two vendors: a folder (holding YAML), a YAML
    file, and a folder inside a folder of files it reads."""
    folder = root / "vendors" / VENDOR
    (folder / "notes").mkdir()
    (folder / "notes" / "todo.yaml").write_text("a: 1\n")
    (folder / "extra.yml").write_text("b: 2\n")
    (root / "vendors" / "codeharbor" / "kpis" / "old").mkdir()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_first_run_keys_every_vendor_for_the_next(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    root = example(tmp_path)
    _odd(root)
    # The files just made are read again to key their folder (the loader reads none of them):
    # only once they are older than the racy window.
    monkeypatch.setattr(inputs, "_RACY_NS", 0)
    three_ways(run, root, "validate", "--root", root, "--as-of", DAY, "--jobs", jobs)
    vendors = sorted(f"vendors/{path.name}" for path in (root / "vendors").iterdir())
    assert set(vendors) <= set(shelved(root / CACHE_DIR))
    assert _missed(root) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_loader_takes_the_listing_made_to_key_a_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """A folder listed to key it is not listed again to load it: on a first run as on a run
    after a change, in any number of processes."""
    root = example(tmp_path)
    _odd(root)
    monkeypatch.setattr(inputs, "_RACY_NS", 0)
    again: list[str] = []
    listing = portfolio._listing

    def listed_again(loader: object, folder: Path | str, rel: str) -> object:
        if rel.startswith("vendors/"):
            again.append(rel)
        return listing(loader, folder, rel)  # type: ignore[arg-type]

    monkeypatch.setattr(portfolio, "_listing", listed_again)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", jobs)
    first = run(*args)
    kpis = root / "vendors" / VENDOR / "kpis" / "2026.yaml"
    kpis.write_text(kpis.read_text() + "# changed\n")
    second = run(*args)
    monkeypatch.undo()
    assert again == []
    assert first == second == run(*args, "--no-cache")
    assert _missed(root) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_edited_after_it_was_loaded_keys_no_result(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """An edit landing after a vendor's files were loaded, before its result is kept: the next
    run sees it (the result is keyed by the bytes it was made of, never by the new ones)."""
    if jobs != "1" and not parallel.can_fork():
        pytest.skip("processes are forked on Linux")
    root = example(tmp_path)
    for path in (root / "vendors").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    # Files older than the racy window: only a change since the listing may keep them out.
    monkeypatch.setattr(inputs, "_RACY_NS", 0)
    keyed = Kept.digest
    edited: list[str] = []

    def edit_then_key(self: Kept, folder: str) -> str | None:
        if not edited and folder in self.pending:
            edited.append(folder)
            path = root / folder / "vendor.yaml"
            path.write_text(path.read_text() + "name: [broken\n")
        return keyed(self, folder)

    monkeypatch.setattr(Kept, "digest", edit_then_key)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", jobs)
    assert run(*args).exit_code == 0  # checked before the edit
    assert edited
    monkeypatch.setattr(Kept, "digest", keyed)
    again = run(*args)
    assert again.exit_code == 1
    assert f"{edited[0]}/vendor.yaml" in again.stdout
    assert again == run(*args, "--no-cache")


def test_a_file_edited_between_its_listing_and_its_reading_is_keyed_by_what_was_read(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is listed, then its files are read: one edited in between gives the result of
    its new bytes, keyed by them; the next run takes that result, the error still shown."""
    root = example(tmp_path)
    for path in (root / "vendors").rglob("*.yaml"):
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.setattr(inputs, "_RACY_NS", 0)
    target = root / "vendors" / VENDOR / "vendor.yaml"
    opened = validate.open_kept

    def open_then_edit(listing: Listing) -> Kept | None:
        kept = opened(listing)
        target.write_text(target.read_text() + "name: [broken\n")
        return kept

    monkeypatch.setattr(validate, "open_kept", open_then_edit)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", "1")
    first = run(*args)
    monkeypatch.undo()
    assert first.exit_code == 1
    assert f"vendors/{VENDOR}/vendor.yaml" in first.stdout
    again = run(*args)
    assert again == first == run(*args, "--no-cache")
    assert _missed(root) == []
