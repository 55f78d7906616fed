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
    the renames leaves every file as it was. A link is written through, and a device or pipe
    written into (see `_target`).
    """
    staged: list[tuple[Path, Path]] = []
    streams: list[tuple[Path, bytes]] = []
    try:
        for given in sorted(files):
            data = files[given]
            path, in_place = _target(given)
            if in_place:
                streams.append((path, data.encode("utf-8") if isinstance(data, str) else data))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temp = Path(name)
            staged.append((temp, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
                stream.flush()
                os.fsync(stream.fileno())
            temp.chmod(file_mode(path))
        for path, raw in streams:
            with path.open("wb") as sink:
                sink.write(raw)
        for temp, path in staged:
            temp.replace(path)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise


def _target(path: Path) -> tuple[Path, bool]:
    """Where the data for `path` goes, and whether it is a stream written into in place.

    A rename over `path` replaces whatever the name stands for. So a link to a file is followed
    and the file it names is replaced, the link kept. A device, pipe or socket (`--ics
    /dev/stdout`, `/dev/null`, a FIFO) is written into as it is: a stream holds no earlier
    content that a half-finished write could spoil, and replacing it would swap a system file
    for a plain one.
    """
    try:
        info = path.stat()  # through links
    except OSError:
        info = None  # not there yet, or a link to nothing: written as a new file
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return path, True
    if path.is_symlink():
        return Path(os.path.realpath(path)), False
    return path, False
