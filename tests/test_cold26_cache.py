"""A first run with the cache does no work a later run cannot use: it opens no pack it knows is
missing, keeps every shelf's packs in one folder, writes the record of the files' digests as
compact text (read back exactly, a damaged one being no record), and fingerprints the code from
one reading of its sources; the output stays the same byte for byte."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_cache import DAY, example, packs, three_ways
from vendorctl.load import cache, inputs
from vendorctl.load.cache import CACHE_DIR, ENV_DIR
from vendorctl.load.inputs import Known, decode_index, encode_index


@pytest.fixture(autouse=True)
def _cache_in_the_portfolio(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache where it is by default, whatever the environment of the tests says."""
    monkeypatch.delenv(ENV_DIR, raising=False)


def test_a_first_run_opens_no_pack_and_keeps_the_shelves_together(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example(tmp_path)
    monkeypatch.setattr(inputs, "_RACY_NS", 0)  # the files just copied are trusted next time
    opened: list[Path] = []
    read = cache._read

    def reading(path: Path, name: str) -> dict[str, cache.Entry]:
        opened.append(path)
        return read(path, name)

    monkeypatch.setattr(cache, "_read", reading)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", "1")
    without = run(*args, "--no-cache")
    cold = run(*args)
    assert opened == []  # nothing was there to read
    warm = run(*args)
    assert without == cold == warm
    results = packs(root / CACHE_DIR, "results")
    assert results and {rel.split("/")[1] for rel in results} == {"shelves"}
    assert {path.parent.name for path in opened} == {"shelves"}  # read once written


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_commands_give_the_same_output_cold_and_warm(run: Run, tmp_path: Path, jobs: str) -> None:
    root = example(tmp_path)
    for command in ("validate", "list", "renewals"):
        three_ways(run, root, command, "--root", root, "--as-of", DAY, "--jobs", jobs)


def test_the_record_of_the_files_digests_reads_back_exactly() -> None:
    odd = "tab\there, new\nline, \udcff not UTF-8, ünïcödé.yaml"
    records = {
        "vendors/b": Known(7, {}),
        "vendors/a": Known(
            1_700_000_000_000_000_000,
            {
                "vendor.yaml": ((120, -5, 0, 2**64 - 1), "a" * 40),
                f"kpis/{odd}": ((0, 1, 2, 3), "0" * 40),
            },
        ),
        odd: Known(0, {"x.yml": ((1, 2, 3, 4), "f" * 40)}),
    }
    again = decode_index(encode_index(records))
    assert {k: (v.made_ns, v.files) for k, v in again.items()} == {
        k: (v.made_ns, v.files) for k, v in records.items()
    }
    assert decode_index(encode_index({})) == {}


@pytest.mark.parametrize(
    "body", [None, b"", b"not a record", b"a\x001\x002\x00f", b"a\x00x\x000", b"a\x001\x00-1"]
)
def test_a_damaged_record_is_no_record(body: bytes | None) -> None:
    assert decode_index(body) == {}


def test_the_code_fingerprints_read_every_source_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = dict(cache._sources())
    assert {"diagnostics.py", "load/cache.py", "model/__init__.py", "cli/base.py"} <= set(sources)
    assert not any("__pycache__" in name for name in sources)
    package = Path(cache.__file__).resolve().parent.parent
    assert sources["load/inputs.py"] == (package / "load" / "inputs.py").read_bytes()
    assert any(b"__version__" in part for part in cache._parser_versions())  # PyYAML's source

    def fingerprints(changed: str) -> tuple[bytes, bytes]:
        """The two fingerprints of the code with the source `changed` edited."""
        edited = tuple(
            (name, body + b"#" if name == changed else body) for name, body in cache._sources()
        )
        with monkeypatch.context() as patch:
            patch.setattr(cache, "_sources", lambda: edited)
            code = cache._code.__wrapped__()
            patch.setattr(cache, "_code", lambda: code)
            return code, cache._whole_code.__wrapped__()

    code, whole = fingerprints("")
    assert (code, whole) == (cache._code(), cache._whole_code())
    loading = fingerprints("load/inputs.py")
    assert loading[0] != code and loading[1] != whole  # the loading code: every key changes
    checking = fingerprints("checks/__init__.py")
    assert checking[0] == code and checking[1] != whole  # only the per-vendor results' keys


def test_a_first_run_reads_the_files_it_listed_without_a_stat_of_their_path(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example(tmp_path)
    args = ("validate", "--root", root, "--as-of", DAY, "--jobs", "1")
    without = run(*args, "--no-cache")
    stated: list[str] = []
    path_stat = os.stat

    def stat_of(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        stated.append(str(path))
        return path_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_of)
    assert run(*args) == without
    # The listing that keyed each vendor folder took their stats, and each is checked as it is
    # opened (load.yamlio): none is asked for by its path again.
    vendors = str(root / "vendors")
    assert not [path for path in stated if path.startswith(vendors) and path.endswith(".yaml")]
