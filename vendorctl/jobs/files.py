"""File writing that never leaves a half-written file: write a sibling, then rename over."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


def file_mode(path: Path) -> int:
    """The mode the file should have: its current one, else what the umask allows."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` atomically (LF line endings for text); create parent folders.

    The file keeps its mode (a new one gets the umask's), not mkstemp's private 0600.
    """
    write_all_atomic({path: data})


def write_all_atomic(files: Mapping[Path, str | bytes]) -> None:
    """Write several files together, in path order: each to a temporary file beside it first
    (parent folders created), and only when all are written are they all renamed into place.

    Text is written as UTF-8. Each file keeps its mode (a new one gets the umask's), not
    mkstemp's private 0600. On any failure the temporary files are removed: a failure before
    the renames leaves every file as it was.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path in sorted(files):
            data = files[path]
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temp = Path(name)
            staged.append((temp, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
                stream.flush()
                os.fsync(stream.fileno())
            temp.chmod(file_mode(path))
        for temp, path in staged:
            temp.replace(path)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise


def write_named(path: Path, data: str | bytes) -> None:
    """Write a file the user named (`--out`, `--ics`) where `named_target` says: atomically, or
    into a pipe or device as it is."""
    where, in_place = named_target(path)
    if not in_place:
        write_atomic(where, data)
        return
    # A stream holds no earlier content that a half-finished write could spoil.
    with where.open("wb") as sink:
        sink.write(data.encode("utf-8") if isinstance(data, str) else data)


def named_target(path: Path) -> tuple[Path, bool]:
    """Where a file the user named goes, and whether it is written into in place: through a
    link to a file (the link kept, as a shell's `>` keeps it), and into a pipe or device
    (`/dev/stdout`, a named pipe) as it is, as a rename would replace either with a plain file.

    Only for paths the user gave: a file of the portfolio is never written through a link, so a
    link planted in a repository cannot lead a write outside it.
    """
    try:
        info = path.stat()  # through links
    except OSError:
        info = None  # not there yet, or a link to nothing: written as a new file
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return path, True
    return (Path(os.path.realpath(path)) if path.is_symlink() else path), False
