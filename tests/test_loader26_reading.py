"""Files the folder listing found regular are opened before they are checked (no stat of their
path), and the fast reader of measurement files reads each number once: the same bytes, data
and diagnostics as before."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from vendorctl.load import flow_lines, yamlio
from vendorctl.load.yamlio import LoadError

KPIS = "vendors/acme/kpis"


def _diagnostics(file: Path, *, regular: bool) -> list[tuple[str, str]]:
    try:
        yamlio.read_bytes(file, "f.yaml", regular=regular)
    except LoadError as exc:
        return [(d.code, d.message) for d in exc.diagnostics]
    return []


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 200_000])
def test_a_file_listed_as_regular_is_read_whole(tmp_path: Path, size: int) -> None:
    data = bytes((i * 7 + 3) % 251 for i in range(size))
    (tmp_path / "f.yaml").write_bytes(data)
    assert yamlio.read_bytes(tmp_path / "f.yaml", "f.yaml", regular=True) == data
    assert yamlio.read_bytes(str(tmp_path / "f.yaml"), "f.yaml", regular=True) == data


@pytest.mark.parametrize("extra", [1, 4096])
def test_a_file_listed_as_regular_over_the_limit_is_refused_alike(
    tmp_path: Path, extra: int
) -> None:
    with (tmp_path / "f.yaml").open("wb") as handle:
        handle.truncate(yamlio.MAX_FILE_BYTES + extra)
    found = _diagnostics(tmp_path / "f.yaml", regular=True)
    assert found == _diagnostics(tmp_path / "f.yaml", regular=False)
    assert found[0][0] == "file-too-large"
    assert found[0][1].startswith(f"file is {yamlio.MAX_FILE_BYTES + extra:,} bytes")


def test_a_missing_file_listed_as_regular_is_reported_alike(tmp_path: Path) -> None:
    found = _diagnostics(tmp_path / "gone.yaml", regular=True)
    assert found == _diagnostics(tmp_path / "gone.yaml", regular=False)
    assert found == [("unreadable", "cannot read file: No such file or directory")]


def test_a_pipe_or_folder_swapped_in_after_the_listing_is_refused_alike(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    refused = [("unreadable", "not a regular file; it was not read")]
    assert _diagnostics(tmp_path / "folder.yaml", regular=True) == refused
    assert _diagnostics(tmp_path / "pipe.yaml", regular=True) == refused
    # A pipe someone writes to is refused too, not read as if it were the file.
    writer = os.open(tmp_path / "pipe.yaml", os.O_RDWR)
    try:
        os.write(writer, b"id: from-a-pipe\n")
        assert _diagnostics(tmp_path / "pipe.yaml", regular=True) == refused
    finally:
        os.close(writer)


def test_a_fifo_in_a_vendor_folder_is_still_refused_without_waiting(
    run: Run, portfolio: Path
) -> None:
    os.mkfifo(portfolio / KPIS / "pipe.yaml")
    result = run("validate", "--root", portfolio, "--no-cache")
    assert result.exit_code == 1
    assert f"{KPIS}/pipe.yaml:1:1: error: not a regular file; it was not read [unreadable]" in (
        result.lines
    )


def test_a_measurement_file_larger_than_the_first_read_is_read_to_its_end(
    run: Run, portfolio: Path
) -> None:
    lines = [f"  - {{kpi: availability, period: 2026-08, value: 99.{i:04d}}}" for i in range(2000)]
    lines[-1] = "  - {kpi: availability, period: 2026-13, value: 99.5}"
    text = "measurements:\n" + "\n".join(lines) + "\n"
    assert len(text) > 64 * 1024
    (portfolio / KPIS / "2025.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "--root", portfolio, "--no-cache")
    assert result.exit_code == 1
    assert any(line.startswith(f"{KPIS}/2025.yaml:2001:") for line in result.lines), result.stdout


def test_numbers_read_again_are_the_same_numbers_of_the_same_type() -> None:
    text = (
        "measurements:\n"
        "  - {kpi: a, period: 2026-01, value: 30}\n"
        "  - {kpi: a, period: 2026-02, value: 30.0}\n"
        "  - {kpi: a, period: 2026-03, value: -0}\n"
        "  - {kpi: a, period: 2026-04, value: -0.0}\n"
        "  - {kpi: a, period: 2026-05, value: 007}\n"
    )
    values = [30, 30.0, 0, -0.0, 7]
    for _ in range(2):  # the second time from what the first one kept
        read = flow_lines.read(text)
        assert read is not None
        got = [item["value"] for item in read["measurements"]]
        assert [(repr(v), type(v)) for v in got] == [(repr(v), type(v)) for v in values]


def test_a_kpi_or_source_named_like_a_yaml_word_is_left_to_the_parser() -> None:
    for word in ("true", "false", "null"):
        assert (
            flow_lines.read(f"measurements:\n  - {{kpi: {word}, period: 2026-01, value: 1}}\n")
            is None
        )
        assert (
            flow_lines.read(
                f"measurements:\n  - {{kpi: a, period: 2026-01, value: 1, source: {word}}}\n"
            )
            is None
        )
    assert flow_lines.read("measurements:\n  - {kpi: nullable, period: 2026-01, value: 1}\n")


def test_no_text_the_fast_reader_accepts_is_nested_deep() -> None:
    # parse() skips the depth check for these texts: it could never find anything in them.
    from tests.test_flow_lines import _cases

    accepted = 0
    for text, _ in _cases(4000, 26):
        if flow_lines.read(text) is not None:
            accepted += 1
            assert yamlio._DEEP_START.match(text) is None and yamlio._DEEP.search(text) is None
    assert accepted > 1000


def test_a_measurement_file_nested_deep_is_still_refused(run: Run, portfolio: Path) -> None:
    deep = "measurements:\n" + " " * 1001 + "- {kpi: availability, period: 2026-08, value: 1}\n"
    (portfolio / KPIS / "2025.yaml").write_text(deep, encoding="utf-8")
    result = run("validate", "--root", portfolio, "--no-cache")
    assert result.exit_code == 1
    assert f"{KPIS}/2025.yaml:2:1000: error: nesting too deep" in result.stdout


def test_an_alias_like_word_in_a_measurement_file_read_fast_is_measured_as_before(
    run: Run, portfolio: Path
) -> None:
    text = (
        "# see *notes\n"
        "measurements:\n"
        '  - {kpi: availability, period: 2026-10, value: 99.9, note: "after *the* fix"}\n'
    )
    assert flow_lines.read(text) is not None
    (portfolio / KPIS / "2025.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "--root", portfolio, "--no-cache")
    assert "2025.yaml" not in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "measurements:\n  - {kpi: availability, period: 2026-10, value: 99.9, source: itsm}\n",
        "measurements:\n  - {kpi: availability, period: 2026-10, value: 99.9, weight: 2}\n",
        "measurements:\n- kpi: availability\n  period: 2026-10\n  value: 99.9\n  source: itsm\n",
    ],
    ids=["read-fast", "read-fast-weighted", "parsed"],
)
def test_measurement_strings_are_shared_when_held_and_the_models_equal(
    portfolio: Path, text: str
) -> None:
    from vendorctl.load.portfolio import list_portfolio, load_vendors

    (portfolio / KPIS / "2025.yaml").write_text(text, encoding="utf-8")
    listing = list_portfolio(portfolio)
    held, unheld = (load_vendors(listing, listing.folders, held=h) for h in (True, False))
    assert not held.diagnostics and not unheld.diagnostics
    models = [r.model for r in held.vendors["acme"].measurements]
    assert models == [r.model for r in unheld.vendors["acme"].measurements]
    for model in models:
        for m in model.measurements:
            for value in (m.kpi, m.period, m.source):
                assert value is None or sys.intern(value) is value
