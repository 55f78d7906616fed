"""Where an output file goes when its path is a link or a stream: `calendar --ics` (and every
other written file, through one writer) replaces the file a link names and keeps the link, and
writes into a pipe or device (`--ics /dev/stdout`) instead of renaming a plain file over it."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import Run

AS_OF = "2026-10-31"


def calendar(run: Run, portfolio: Path, target: Path) -> None:
    """Run `calendar --ics target`; its exit must be 0."""
    result = run("calendar", "--ics", target, "--as-of", AS_OF, "--root", portfolio)
    assert result.exit_code == 0, result.stdout


def plain_ics(run: Run, portfolio: Path, tmp_path: Path) -> bytes:
    """The calendar as written to an ordinary new file."""
    path = tmp_path / "plain.ics"
    calendar(run, portfolio, path)
    return path.read_bytes()


def test_a_link_to_a_file_is_kept_and_the_file_it_names_replaced(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    expected = plain_ics(run, portfolio, tmp_path)
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "deadlines.ics"
    real.write_text("old\n")
    link = tmp_path / "deadlines.ics"
    link.symlink_to(real)
    calendar(run, portfolio, link)
    assert link.is_symlink()
    assert link.readlink() == real
    assert real.read_bytes() == expected
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["deadlines.ics"]


def test_a_link_to_nothing_yet_creates_the_file_it_names(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    expected = plain_ics(run, portfolio, tmp_path)
    real = tmp_path / "later" / "deadlines.ics"
    link = tmp_path / "deadlines.ics"
    link.symlink_to(real)
    calendar(run, portfolio, link)
    assert link.is_symlink()
    assert real.read_bytes() == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_written_into_not_replaced(run: Run, portfolio: Path, tmp_path: Path) -> None:
    expected = plain_ics(run, portfolio, tmp_path)
    (tmp_path / "out").mkdir()
    pipe = tmp_path / "out" / "deadlines.ics"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with pipe.open("rb") as source:
            received.append(source.read())

    reader = threading.Thread(target=read)
    reader.start()
    calendar(run, portfolio, pipe)
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received == [expected]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["deadlines.ics"]


def test_a_report_out_through_a_link_keeps_the_link(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    args = ("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio)
    expected = run(*args).stdout
    real = tmp_path / "scorecard-real.md"
    real.write_text("old\n")
    link = tmp_path / "scorecard.md"
    link.symlink_to(real)
    result = run(*args, "--out", link)
    assert result.exit_code == 0, result.stdout
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == expected
