"""The cache of per-file results (.vendorctl-cache/): every command's output is byte for byte the
one it gives without the cache, cold or warm, whatever happened to the cache or to the files;
the cache is read (a forged entry shows), but only under its own key: the file's bytes and place,
the code's version; a damaged, foreign or hostile entry is a miss, rewritten; a cache that
cannot be written is no cache; concurrent runs and forked workers share it."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

import vendorctl
from tests.conftest import BENCH_GENERATOR, PINNED_ENV, REPO, Result, Run
from tests.fuzzing import Generated, broken_portfolios, portfolios, write
from tests.test_fuzz import examples, fresh
from vendorctl import parallel
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.cache import (
    CACHE_DIR,
    ENV_DIR,
    Shelf,
    fingerprint,
    open_cache,
    results_cache,
)
from vendorctl.load.portfolio import load_portfolio
from vendorctl.model import Measurements, Vendor

DAY = "2026-10-31"
LATE = "2027-03-31"  # meetings overdue, a risk review missed: warnings to judge
KPIS = "vendors/acme/kpis/2026.yaml"
VENDOR = "vendors/acme/vendor.yaml"
VALUE = "{kpi: availability, period: 2026-09, value: 99.5}"


@pytest.fixture(autouse=True)
def _cache_in_the_portfolio(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache where it is by default, whatever the environment of the tests says."""
    monkeypatch.delenv(ENV_DIR, raising=False)


def packs(folder: Path, level: str = "files") -> dict[str, bytes]:
    """The packs below a cache folder, by path: those of loaded files (one per vendor folder,
    under the loading code's folder), or those of `results` (per vendor folder, its files'
    digests and what each job found, under the whole code's folder)."""
    ours = fingerprint()[:20] + "/"
    return {
        rel: p.read_bytes()
        for p in sorted(folder.glob("*/*/*"))
        if p.is_file()
        and (rel := p.relative_to(folder).as_posix()).startswith(ours) == (level == "files")
    }


def shelved(folder: Path) -> list[str]:
    """The vendor folders with a result kept below a cache folder, one for each result (of
    each kind: "" for the record of the files' digests), in order. Results are kept in packs of
    many folders (by a digest of the folder's name): the packs' indexes name them."""
    found = []
    for data in packs(folder, "results").values():
        _, _, rest = data.split(b"\n", 2)
        index = rest.split(b"\n", 1)[0]  # a shelf's packs are not compressed
        found.extend(folder for folder, _, _ in json.loads(index))
    return sorted(found)


def drop_results(cache: Path) -> None:
    """Forget the per-vendor results in the cache folder, so that the next run loads every file
    (through the cache of loaded files)."""
    for folder in cache.iterdir():
        if folder.is_dir() and folder.name != fingerprint()[:20]:
            shutil.rmtree(folder)


def three_ways(run: Run, root: Path, *args: str | Path) -> Result:
    """`args` run without the cache, then with it cold (it is written), then warm (it is read):
    alike, byte for byte. Returns the result."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    without = run(*args, "--no-cache")
    assert not (root / CACHE_DIR).exists(), "--no-cache wrote a cache"
    cold = run(*args)
    warm = run(*args)
    assert cold == without, args
    assert warm == without, args
    assert "Traceback" not in without.stderr and "internal error" not in without.stderr
    return without


def example(tmp_path: Path) -> Path:
    """A copy of the repository's example portfolio (with its reports)."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("vendorctl.yaml", "people.yaml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, root / name)
    for name in ("vendors", "templates", "reports"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


def forge(root: Path, rel: str, result: Vendor | Measurements | list[Diagnostic]) -> None:
    """Keep `result` in the cache as what loading the file `rel` gives, as it is now."""
    cache = open_cache(root)
    assert cache is not None
    folder = "/".join(rel.split("/")[:2])
    kind = Vendor if rel.endswith("vendor.yaml") else Measurements
    group = cache.group(folder)
    group.put(cache.key(kind, rel, (root / rel).read_bytes()), result)
    group.close()


def renamed(root: Path, name: str) -> Vendor:
    """Vendor acme as loaded, with another name."""
    files = load_portfolio(root).vendors["acme"]
    assert files.vendor is not None
    return files.vendor.model.model_copy(update={"name": name})


# --------------------------------------------------------------------------- the same output


def test_validate_gives_the_same_output_with_and_without_the_cache(
    run: Run, tmp_path: Path
) -> None:
    root = example(tmp_path)
    for fmt in ("text", "json", "github"):
        for day in (DAY, LATE):
            three_ways(run, root, "validate", "--root", root, "--format", fmt, "--as-of", day)
    # What validate found in each vendor folder, and one record of every file's digest, beside
    # the cache's own .gitignore and tag; the files' own entries are written by the commands
    # that load the whole portfolio every time (one pack per vendor folder).
    vendors = [p for p in (root / "vendors").iterdir() if p.is_dir()]
    assert shelved(root / CACHE_DIR) == sorted(["", *(f"vendors/{p.name}" for p in vendors)])
    assert len(packs(root / CACHE_DIR, "results")) < len(vendors) + 1  # a pack holds several
    assert not packs(root / CACHE_DIR)
    assert run("scorecard", vendors[0].name, "--root", root, "--as-of", DAY).exit_code == 0
    assert len(packs(root / CACHE_DIR)) == len(vendors)
    assert (root / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (root / CACHE_DIR / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_every_report_is_the_same_with_and_without_the_cache(run: Run, tmp_path: Path) -> None:
    root = example(tmp_path)
    vendor = sorted(p.name for p in (root / "vendors").iterdir() if p.is_dir())[0]
    at = ("--root", root, "--as-of", DAY)
    for args in (
        ("list", *at),
        ("list", *at, "--format", "json"),
        ("show", vendor, *at),
        ("scorecard", vendor, *at),
        ("scorecard", vendor, *at, "--format", "json"),
        ("qbr", vendor, *at),
        ("onboard", vendor, *at),
        ("credits", *at),
        ("renewals", *at, "--format", "md"),
        ("render", *at, "--check"),
    ):
        three_ways(run, root, *args)
    shutil.rmtree(root / CACHE_DIR)
    written: list[tuple[dict[str, bytes], bytes]] = []
    for how in (["--no-cache"], [], []):  # without, cold, warm
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        result = run("render", *at, "--out", out, *how)
        calendar = run("calendar", *at, "--ics", tmp_path / "c.ics", *how)
        assert (result.exit_code, calendar.exit_code) == (0, 0), result.stderr + calendar.stderr
        files = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
        written.append((files, (tmp_path / "c.ics").read_bytes()))
    assert written[1] == written[0] and written[2] == written[0]


def test_diagnostics_from_the_cache_read_as_the_ones_found_afresh(
    run: Run, portfolio: Path
) -> None:
    """Every kind of problem a file's loading finds, with its file, line and column."""
    acme = portfolio / "vendors" / "acme"
    kpis = (portfolio / KPIS).read_text(encoding="utf-8")
    (portfolio / KPIS).write_text(kpis.replace("value: 99.95", 'value: "n/a"'), encoding="utf-8")
    meeting = acme / "meetings" / "2026-09-15-qbr.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "date: [unclosed\n")
    health = acme / "health" / "2026-09-30.yaml"
    health.write_text(health.read_text(encoding="utf-8") + "date: 2026-09-30\n")
    (acme / "issues.yaml").write_bytes(b"issues:\n  - title: caf\xe9\n")
    (acme / "contracts" / "extra.yaml").write_text("id: Not A Slug\nnotice_period: 0 days\n")
    for fmt in ("text", "json", "github"):
        result = three_ways(run, portfolio, "validate", "--root", portfolio, "--format", fmt)
        assert result.exit_code == 1
    text = three_ways(run, portfolio, "validate", "--root", portfolio)
    assert "vendors/acme/kpis/2026.yaml:2:" in text.stdout
    for code in ("[yaml-syntax]", "[duplicate-key]", "[encoding]", "[missing-key]"):
        assert code in text.stdout, code


@examples(0.1)
@given(generated=portfolios())
def test_generated_portfolios_give_the_same_output_with_and_without_the_cache(
    run: Run, tmp_path: Path, generated: Generated
) -> None:
    root = fresh(tmp_path)
    write(root, generated.texts())
    three_ways(run, root, "validate", "--root", root, "--format", "json")


@examples(0.1)
@given(case=broken_portfolios())
def test_broken_portfolios_give_the_same_output_with_and_without_the_cache(
    run: Run, tmp_path: Path, case: tuple[Generated, dict[str, bytes], str]
) -> None:
    _, files, _ = case
    root = fresh(tmp_path)
    write(root, files)
    three_ways(run, root, "validate", "--root", root, "--format", "json")
    three_ways(run, root, "list", "--root", root, "--format", "json")


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
def test_forked_workers_share_the_cache(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "generated"
    BENCH_GENERATOR.generate(root, vendors=4, seed=3)
    one = three_ways(run, root, "validate", "--root", root, "--jobs", "1")
    assert three_ways(run, root, "validate", "--root", root, "--jobs", "2") == one
    assert run("validate", "--root", root, "--jobs", "1") == one  # read what two processes wrote
    assert len(shelved(root / CACHE_DIR)) == 5
    assert not list((root / CACHE_DIR).rglob("*.tmp"))
    (root / "reports").mkdir()
    assert run("render", "--root", root, "--no-cache").exit_code == 0
    three_ways(run, root, "render", "--root", root, "--check", "--jobs", "2")


# --------------------------------------------------------------------------- what the key is


def test_a_file_changed_back_and_forth_gives_each_time_what_it_says(
    run: Run, portfolio: Path
) -> None:
    at = ("--root", portfolio, "--as-of", DAY)
    original = (portfolio / KPIS).read_text(encoding="utf-8")
    first = three_ways(run, portfolio, "scorecard", "acme", *at)
    kept = packs(portfolio / CACHE_DIR)
    lower = original.replace(VALUE, VALUE.replace("99.5", "97.25"))
    invalid = original.replace(VALUE, VALUE.replace("99.5", '"99.5%"'))
    for text in (lower, original, invalid, original, lower, original):
        (portfolio / KPIS).write_text(text, encoding="utf-8")
        cached = run("scorecard", "acme", *at)
        assert cached == run("scorecard", "acme", *at, "--no-cache")
        checked = run("validate", *at)
        assert checked == run("validate", *at, "--no-cache")
        if text == original:
            assert cached == first
        else:
            assert cached != first
        assert (checked.exit_code == 1) == (text == invalid)
    assert "97.25" not in first.stdout
    # The pack holds the files as they are now, never the versions met before.
    assert packs(portfolio / CACHE_DIR) == kept


def test_a_settings_change_that_alters_the_diagnostics_is_seen_through_the_cache(
    run: Run, portfolio: Path
) -> None:
    args = ("validate", "--root", portfolio, "--as-of", LATE)
    before = three_ways(run, portfolio, *args)
    assert before.exit_code == 0 and "warning: the last `qbr`" in before.stdout
    run(*args)  # the cache is warm
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(settings.read_text() + "policies: {cadence-overdue: error}\n")
    after = run(*args)
    assert after == run(*args, "--no-cache")
    assert after.exit_code == 1 and "error: the last `qbr`" in after.stdout
    fiscal = run("scorecard", "acme", "--root", portfolio, "--period", "2026-Q3")
    settings.write_text(settings.read_text() + "fiscal_year_start: 4\n")
    changed = run("scorecard", "acme", "--root", portfolio, "--period", "FY2027-Q2")
    assert changed == run(
        "scorecard", "acme", "--root", portfolio, "--period", "FY2027-Q2", "--no-cache"
    )
    assert changed != fiscal


def test_the_cache_is_read_and_a_new_version_never_reads_an_older_ones(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("scorecard", "acme", "--root", portfolio, "--as-of", DAY, "--format", "json")
    truth = three_ways(run, portfolio, *args)
    forge(portfolio, VENDOR, renamed(portfolio, "Forged Hosting"))
    forged = run(*args)
    assert "Forged Hosting" in forged.stdout  # what the cache holds is what the run uses...
    assert run(*args, "--no-cache") == truth  # ...unless it is told not to read it
    version = vendorctl.__version__
    monkeypatch.setattr(vendorctl, "__version__", "999.0")
    assert run(*args) == truth  # ...and never what another version wrote
    assert len([p for p in (portfolio / CACHE_DIR).iterdir() if p.is_dir()]) == 2
    monkeypatch.setattr(vendorctl, "__version__", version)
    assert "Forged Hosting" in run(*args).stdout  # the older version's entries are still there


def test_a_cached_diagnostic_is_the_file_s_only_while_the_file_is_unchanged(
    run: Run, portfolio: Path
) -> None:
    args = ("validate", "--root", portfolio, "--as-of", DAY)
    truth = three_ways(run, portfolio, *args)
    planted = Diagnostic(KPIS, 3, 5, "error", "planted", "kept in the cache")
    forge(portfolio, KPIS, [planted])
    drop_results(portfolio / CACHE_DIR)
    assert f"{planted.as_text()}\n" in run(*args).stdout
    (portfolio / KPIS).write_text((portfolio / KPIS).read_text() + "\n")  # same data, new bytes
    assert run(*args) == truth


# --------------------------------------------------------------------------- a damaged cache


@pytest.mark.parametrize("level", ["files", "results"])
@pytest.mark.parametrize(
    "damage",
    ["truncated", "a byte flipped", "garbage", "empty", "another vendor's", "a pickle", "a folder"],
)
def test_a_damaged_pack_is_a_miss_and_is_written_again(
    run: Run, tmp_path: Path, damage: str, level: str
) -> None:
    root = tmp_path / "generated"
    BENCH_GENERATOR.generate(root, vendors=2, seed=5)
    # The files' entries are kept by a command that loads the whole portfolio every time.
    command = "credits" if level == "files" else "validate"
    args = (command, "--root", root, "--format", "json")
    truth = three_ways(run, root, *args)
    kept = packs(root / CACHE_DIR, level)
    if level == "files":
        first, second = (root / CACHE_DIR / rel for rel in kept)
    else:  # what validate found in each vendor (the two lie in packs of their own)
        cache = open_cache(root)
        assert cache is not None
        shelf = Shelf(results_cache(cache), "validate")
        first, second = (
            shelf.path(f"vendors/{p.name}") for p in sorted((root / "vendors").iterdir())
        )
        kept = {rel: kept[rel] for rel in kept if (root / CACHE_DIR / rel) in (first, second)}
        assert len(kept) == 2
    data = first.read_bytes()
    marker = tmp_path / "unpickled"
    if damage == "truncated":
        first.write_bytes(data[: len(data) // 2])
    elif damage == "a byte flipped":
        first.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "garbage":
        first.write_bytes(b"\x00\xffnot a pack\n" * 50)
    elif damage == "empty":
        first.write_bytes(b"")
    elif damage == "another vendor's":
        shutil.copy2(second, first)
    elif damage == "a pickle":
        first.write_bytes(pickle.dumps(_Touch(str(marker))))
    else:
        first.unlink()
        first.mkdir()
    assert run(*args) == truth
    assert not marker.exists()
    if damage == "a folder":
        assert first.is_dir() and run(*args) == truth  # not written: no caching, no error
    else:  # written again, as it was
        assert {
            rel: data for rel, data in packs(root / CACHE_DIR, level).items() if rel in kept
        } == kept


class _Touch:
    """Unpickled, it makes a file: what a pickle in the cache could do if it were unpickled."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def test_an_entry_the_schema_refuses_is_a_miss(run: Run, portfolio: Path) -> None:
    args = ("show", "acme", "--root", portfolio, "--as-of", DAY)
    truth = three_ways(run, portfolio, *args)
    good = renamed(portfolio, "Acme Hosting")
    refused = Vendor.model_construct(**{**dict(good), "id": "Not A Slug", "name": "Refused"})
    forge(portfolio, VENDOR, refused)
    assert run(*args) == truth


def test_a_cache_that_cannot_be_written_is_no_cache(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("validate", "--root", portfolio, "--as-of", LATE)
    truth = run(*args, "--no-cache")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv(ENV_DIR, str(blocker))
    assert run(*args) == truth
    assert run(*args) == truth
    assert blocker.read_text() == "not a folder\n"
    assert not (portfolio / CACHE_DIR).exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_is_read_but_never_written(run: Run, portfolio: Path) -> None:
    args = ("validate", "--root", portfolio, "--as-of", LATE)
    truth = three_ways(run, portfolio, *args)
    cache = portfolio / CACHE_DIR
    kept = packs(cache)
    (portfolio / KPIS).write_text((portfolio / KPIS).read_text() + "\n")
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        assert run(*args) == truth
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert packs(cache) == kept


def test_the_cache_folder_can_be_elsewhere(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "shared-cache"
    monkeypatch.setenv(ENV_DIR, str(elsewhere))
    args = ("list", "--root", portfolio, "--as-of", DAY, "--format", "json")
    truth = three_ways(run, portfolio, *args)
    assert not (portfolio / CACHE_DIR).exists()
    # Its one vendor's checks and list row, and the record of its files' digests.
    assert shelved(elsewhere) == ["", "vendors/acme", "vendors/acme"]
    forge(portfolio, VENDOR, renamed(portfolio, "Forged Hosting"))
    drop_results(elsewhere)
    assert "Forged Hosting" in run(*args).stdout  # forged where the cache now is
    monkeypatch.delenv(ENV_DIR)
    assert run(*args) == truth


# --------------------------------------------------------------------------- concurrent runs


def test_concurrent_runs_writing_the_same_packs_agree(tmp_path: Path) -> None:
    root = tmp_path / "generated"
    BENCH_GENERATOR.generate(root, vendors=6, seed=7)
    env = {**os.environ, **PINNED_ENV}
    env.pop(ENV_DIR, None)
    command = [sys.executable, "-m", "vendorctl", "validate", "--root", str(root), "-f", "json"]
    truth = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, env=env)
    assert not (root / CACHE_DIR).exists()
    for _ in range(2):  # cold: all write every pack at once; then again, warm
        running = [
            subprocess.Popen([*command, "-j", jobs], stdout=subprocess.PIPE, text=True, env=env)
            for jobs in ("1", "2", "1", "2")
        ]
        for process in running:
            out, _ = process.communicate(timeout=300)
            assert (process.returncode, out) == (truth.returncode, truth.stdout)
    assert len(shelved(root / CACHE_DIR)) == 7
    assert not list((root / CACHE_DIR).rglob("*.tmp"))


# --------------------------------------------------------------------------- git


def test_init_s_gitignore_leaves_the_cache_out(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert run("init", root, "--empty").exit_code == 0
    assert ".vendorctl-cache/" in (root / ".gitignore").read_text().splitlines()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_cache_keeps_itself_out_of_git_wherever_it_is(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "init", "-q", str(portfolio)], check=True)
    elsewhere = portfolio / "vendors-cache"  # a place no .gitignore names
    monkeypatch.setenv(ENV_DIR, str(elsewhere))
    assert run("validate", "--root", portfolio).exit_code == 0
    assert packs(elsewhere, "results")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=portfolio,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout and "vendors-cache" not in status.stdout
